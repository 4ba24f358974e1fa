"""The plans that ship with healthkpi, and finding a plan from what the user gave."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from healthkpi.base.errors import UsageError
from healthkpi.base.messages import Phrase, ui
from healthkpi.base.version import __version__
from healthkpi.plan.yamlsource import YamlSourceError, plain_data, read_yaml

_PACKAGE = Path(__file__).resolve().parent.parent  # the healthkpi package


def bundled_dir() -> Path:
    """Where the bundled targets files are.

    An installed wheel carries them inside the package; a source checkout
    (and an editable install) keeps them in targets/ beside the package.
    """
    inside = _PACKAGE / "targets"
    return inside if inside.is_dir() else _PACKAGE.parent / "targets"


def shown_plan_path(path: Path | str | None, lang: str) -> str:
    """A plan's file as people read it: a bundled plan by its name and healthkpi's version (its real
    path lies deep inside an installed package and says nothing); any other plan by its path."""
    if path is None:  # a plan built in code
        return ""
    path = Path(path)
    try:
        bundled = path.resolve().parent == bundled_dir().resolve()
    except OSError:
        bundled = False
    return ui("bundled_plan_path", lang, name=path.name, version=__version__) if bundled else str(path)


@dataclass(frozen=True)
class BundledPlan:
    id: str
    path: Path
    title: str
    title_en: str | None
    issuer: str | None
    level: str | None
    indicators: int


def bundled_plans() -> list[BundledPlan]:
    """A summary of each bundled plan, read without validating (fast, for `plans`)."""
    plans = []
    for path in sorted(bundled_dir().glob("*.yaml")):
        data = plain_data(path.read_text(encoding="utf-8")) or {}
        info = data.get("plan") or {}
        plans.append(
            BundledPlan(
                id=str(info.get("id", path.stem)),
                path=path,
                title=str(info.get("title", "")),
                title_en=info.get("title_en"),
                issuer=info.get("issuer"),
                level=info.get("level"),
                indicators=len(data.get("indicators") or []),
            )
        )
    return plans


_PLAN_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # plan.id's own pattern (schema.KEBAB)


def bundled_path(plan_id: str) -> Path | None:
    """The bundled plan with this id, or None. Only a plan id names one — never a path: an id
    comes from untrusted places too (the hidden sheet of a workbook), and `../../x` must not
    reach a file outside the bundled plans."""
    if not isinstance(plan_id, str) or len(plan_id) > 80 or not _PLAN_ID.fullmatch(plan_id):
        return None
    path = bundled_dir() / f"{plan_id}.yaml"
    return path if path.is_file() else None


def resolve_plan(given: str) -> Path:
    """A plan given as a path to a YAML file or as the id of a bundled plan."""
    path = Path(given)
    if path.is_file():
        return path
    if bundled := bundled_path(given):
        return bundled
    if path.is_dir():
        raise UsageError(key="plan_is_folder", given=given)
    if path.exists():  # a device (/dev/null), a pipe, a socket
        raise UsageError(key="plan_not_regular_file", given=given)
    raise UsageError(key="plan_not_found", given=given, hint=plans_hint())


def plans_hint() -> Phrase:
    return Phrase("bundled_hint", (("bundled", _bundled_ids()),))


def _bundled_ids() -> str:
    return ", ".join(p.id for p in bundled_plans()) or "none"


PLAN_FILE_NAMES = ("healthkpi.yaml", "targets.yaml")


def discover_plan(data_path: Path, recorded_id: str | None) -> Path:
    """The plan for a workbook given without -t (DESIGN §5).

    A workbook made by `healthkpi template` records its plan's id. A plan file
    next to the data (or in the current folder) with that id wins — a
    province's own copy, or one that extends the bundled plan with its annex —
    then the bundled plan; with no recorded id, any plan file found there.
    """
    candidates = [folder / name for folder in (data_path.parent, Path.cwd()) for name in PLAN_FILE_NAMES]
    found = [c for c in candidates if c.is_file()]
    if recorded_id:
        for candidate in found:
            if _plan_id_of(candidate) == recorded_id:
                return candidate
        if bundled := bundled_path(recorded_id):
            return bundled
        if found:
            return found[0]
        raise UsageError(key="recorded_plan_not_found", path=data_path, plan=recorded_id, bundled=_bundled_ids())
    if found:
        return found[0]
    raise UsageError(key="no_plan_found", path=data_path, bundled=_bundled_ids())


def _plan_id_of(path: Path) -> str | None:
    """The id a plan file declares (or the plan it extends), read without validating — but
    through the bounded reader: a file found beside the data is untrusted (an alias bomb)."""
    try:
        data = read_yaml(path).data
    except (OSError, UnicodeDecodeError, YamlSourceError, yaml.YAMLError):
        return None
    if not isinstance(data, dict):
        return None
    if "extends" in data:
        return str(data["extends"])
    plan = data.get("plan")
    return str(plan.get("id")) if isinstance(plan, dict) and plan.get("id") else None
