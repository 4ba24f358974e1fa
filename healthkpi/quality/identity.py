"""Identity: one unit written several ways, and look-alike names that may be one unit.

Names that differ only by case, spacing, Unicode form or tone-mark placement
("Hoằng Hóa" / "HOẰNG HOÁ") are already one unit; that they were written two
ways is a note. Names that differ only by accents ("Tân Hòa" / "Tân Hóa") are
kept apart — real communes can differ by a tone — and flagged as a possible
misspelling, with the plan's or template's spelling when it has one.
"""

from __future__ import annotations

from healthkpi.base.issues import Code, Issue, Level
from healthkpi.base.text import loose_key, unit_key
from healthkpi.plan.schema import Plan
from healthkpi.quality.completeness import expected_units
from healthkpi.quality.listed import plan_spellings, split_prefix
from healthkpi.read.columns import KEY, UNIT
from healthkpi.read.dataset import DataSet


def spelling_variants(plan: Plan, data: DataSet) -> list[Issue]:
    frame = data.frame
    spellings: dict[str, dict[str, int]] = {}  # key → spelling → the first row written so
    for row, (key, label) in enumerate(zip(frame[KEY].tolist(), frame[UNIT].tolist(), strict=True)):
        spellings.setdefault(key, {}).setdefault(label, row)
    official = {unit_key(name): name for name in expected_units(plan, data)}
    issues = []
    for key, labels in spellings.items():
        if len(labels) > 1:
            names = list(labels)
            issues.append(
                Issue(
                    Level.INFO,
                    Code.SPELLING_VARIANT,
                    data.unit_cell(int(frame.index[labels[names[1]]])),
                    unit=names[0],
                    template="spelling_same_unit",
                    facts={"names": " / ".join(names), "official": official.get(key, "")},
                )
            )
    by_loose: dict[str, list[str]] = {}
    for key in spellings:
        by_loose.setdefault(loose_key(key), []).append(key)
    for keys in by_loose.values():
        if len(keys) > 1:
            known = next((official[k] for k in keys if k in official), "")
            template = "spelling_maybe_same" if not known else "spelling_maybe_same_official"
            issues.append(_maybe_one_unit(data, spellings, keys, template, official=known))
    issues += _listed_otherwise(spellings, official, by_loose, data) + _with_and_without_prefix(spellings, data)
    return issues + _listed_with_another_word(plan, data, spellings)


def _listed_with_another_word(plan: Plan, data: DataSet, spellings: dict[str, dict[str, int]]) -> list[Issue]:
    """A note for each name the plan lists that the data writes with or without its administrative
    word, taken as that unit (quality/listed.py): its own target applies, and it is not missing."""
    issues = []
    for listed, label in plan_spellings(plan, data).items():
        row = spellings[unit_key(label)][label]
        issues.append(
            Issue(
                Level.INFO,
                Code.SPELLING_VARIANT,
                data.unit_cell(int(data.frame.index[row])),
                unit=label,
                template="spelling_listed_prefix",
                facts={"listed": listed},
            )
        )
    return issues


def _listed_otherwise(
    spellings: dict[str, dict[str, int]], official: dict[str, str], by_loose: dict[str, list[str]], data: DataSet
) -> list[Issue]:
    """A unit of the data that the plan's (or template's) list spells with other accents, the listed
    spelling being nowhere in the data ("Xã Binh Minh" for the listed "Xã Bình Minh"): kept apart, as
    real communes can differ by a tone — the listed one is then a missing unit — and said with the
    listed spelling, so that a slip is seen beside its missing_unit."""
    listed: dict[str, list[str]] = {}
    for key in official:
        listed.setdefault(loose_key(key), []).append(key)
    issues = []
    for loose, keys in by_loose.items():
        if len(keys) > 1 or keys[0] in official:
            continue  # two spellings in the data are said above; a listed spelling is no slip
        elsewhere = [k for k in listed.get(loose, []) if k not in spellings]
        if not elsewhere:
            continue
        name = next(iter(spellings[keys[0]]))
        spelled = official[elsewhere[0]]
        issues.append(
            Issue(
                Level.WARNING,
                Code.SPELLING_VARIANT,
                data.unit_cell(int(data.frame.index[spellings[keys[0]][name]])),
                unit=name,
                template="spelling_maybe_same_official",
                facts={"names": f"{name} / {spelled}", "official": spelled},
            )
        )
    return issues


def _maybe_one_unit(
    data: DataSet, spellings: dict[str, dict[str, int]], keys: list[str], template: str, **facts: str
) -> Issue:
    """A warning that the units of `keys` (their first spellings) may be one, at the second one's cell."""
    names = [next(iter(spellings[k])) for k in keys]
    return Issue(
        Level.WARNING,
        Code.SPELLING_VARIANT,
        data.unit_cell(int(data.frame.index[spellings[keys[1]][names[1]]])),
        unit=names[0],
        template=template,
        facts={"names": " / ".join(names), **facts},
    )


def _with_and_without_prefix(spellings: dict[str, dict[str, int]], data: DataSet) -> list[Issue]:
    """Names that are one name with and without its administrative word ("Quan Sơn" / "Huyện Quan
    Sơn"), or with it written out and short ("TP. Thanh Hóa" / "Thành phố Thanh Hóa"): counted as two
    units, one place would be in the total twice. Two different words ("Xã Tân Phú" / "Thị trấn
    Tân Phú") are two places, and say nothing."""
    by_name: dict[str, list[tuple[str, str | None, str]]] = {}  # the name → (word as written, its meaning, key)
    for key, labels in spellings.items():
        written, meant, bare = split_prefix(next(iter(labels)))
        by_name.setdefault(loose_key(bare), []).append((written, meant, key))
    issues = []
    for named in by_name.values():
        if len({written for written, _m, _k in named}) < 2:
            continue  # the same word each time (or none): names that differ by accents, said above
        if len({meant for _w, meant, _k in named if meant is not None}) > 1:
            continue  # "Xã Tân Phú" and "Thị trấn Tân Phú": two places
        issues.append(_maybe_one_unit(data, spellings, [k for _w, _m, k in named], "spelling_prefix"))
    return issues
