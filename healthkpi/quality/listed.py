"""Names the plan lists against the names the data writes: with or without the administrative word.

A plan lists "Quan Hóa" and gives it its own target; the district's form writes "Huyện Quan Hóa".
Matched letter for letter, the unit's own target was not applied (it passed the province's lower
one), and the plan's unit was "missing" beside a unit it did not know. A listed name that the data
lacks is taken as the one unit of the data written as the same name with or without its word
("Huyện", "TP." for "Thành phố"), said in a note. Never when two units of the data could be meant:
Hà Tĩnh has a Thị xã Kỳ Anh and a Huyện Kỳ Anh, and "Kỳ Anh" stays a missing unit; nor between two
different words ("Xã Tân Phú" is not "Thị trấn Tân Phú").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from healthkpi.base.text import unit_key
from healthkpi.plan.schema import Plan
from healthkpi.read.columns import KEY, UNIT
from healthkpi.read.dataset import DataSet

# Administrative words before a name, with their accents ("Quận", not the name "Quan"), and short forms.
# One letter and a dot too ("H. Quan Hóa", "X. Tân Phú"): the dot is what makes a letter a word's short form.
_PREFIX = re.compile(
    r"^(?:(huyện|xã|phường|quận|tỉnh|thị trấn|thị xã|thành phố|tp|tx|tt)\.?|([hxpq])\.)\s*(?<=[.\s])(?=\S)"
)
_SHORT = {"tp": "thành phố", "tx": "thị xã", "tt": "thị trấn", "h": "huyện", "x": "xã", "p": "phường", "q": "quận"}


def split_prefix(name: str) -> tuple[str, str | None, str]:
    """(the word as written, what it means, the name after it): ("tp", "thành phố", "thanh hóa");
    ("", None, name) for a name with no administrative word."""
    text = " ".join(unicodedata.normalize("NFC", name).casefold().split())
    found = _PREFIX.match(text)
    if not found:
        return "", None, text
    written = found.group(1) or found.group(2)
    return written, _SHORT.get(written, written), text[found.end() :]


def listed_names(plan: Plan, data: DataSet) -> list[str]:
    """Every unit the plan, its overrides, its annex or the template names, as the unit map renames it."""
    named = [*plan.units, *data.expected_units, *(entry.unit for entry in plan.annex)]
    named += [o.unit for indicator in plan.indicators for o in indicator.overrides if o.unit]
    return list(dict.fromkeys(renamed(named, data)))


def renamed(names: list[str], data: DataSet) -> list[str]:
    """Names as the unit map has them: a plan written before a reorganisation lists old units, and
    the new units that hold them are meant."""
    if data.unit_map is None:
        return names
    by_old = data.unit_map.by_old
    return [new for name in names for new in ([e.new for e in by_old.get(unit_key(name), [])] or [name])]


def spelled_in_data(names: Iterable[str], data: DataSet) -> dict[str, str]:
    """Listed name → the data's spelling of it, for each listed name the data lacks but writes, in
    exactly one unit, with or without its administrative word."""
    names = list(dict.fromkeys(names))
    if not names:
        return {}  # a plan that lists no unit: most national runs
    keys = data.frame[KEY].tolist()
    present = set(keys)
    absent = [name for name in names if unit_key(name) not in present]
    if not absent:
        return {}  # nearly every run: looked no further
    by_name: dict[str, dict[str, tuple[str | None, str]]] = {}  # bare name → unit key → (word meant, label)
    for key, label in zip(keys, data.frame[UNIT].tolist(), strict=True):
        _, meant, bare = split_prefix(label)
        by_name.setdefault(unit_key(bare), {}).setdefault(key, (meant, label))
    found = {}
    for name in absent:
        _, meant, bare = split_prefix(name)
        matches = [
            label
            for other, label in by_name.get(unit_key(bare), {}).values()
            if other is None or meant is None or other == meant
        ]
        if len(matches) == 1:
            found[name] = matches[0]
    return found


def plan_spellings(plan: Plan, data: DataSet) -> dict[str, str]:
    """`spelled_in_data` for every name the plan and the template list."""
    return spelled_in_data(listed_names(plan, data), data)
