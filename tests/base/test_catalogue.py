"""The message catalogue speaks both languages, and every error healthkpi raises comes from it.

Under the default language (Vietnamese) no English may reach the user on an error path
(issue 19): each catalogue entry has a Vietnamese and an English sentence with the same
facts, the Vietnamese ones hold none of the English words a forgotten translation leaves,
and every raise site names its sentence by key instead of writing English in place.
"""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from healthkpi.base import messages
from healthkpi.base.issues import Code

PACKAGE = Path(__file__).resolve().parents[2] / "healthkpi"
CATALOGUES = {
    "ISSUES": messages.ISSUES,
    "NOTES": messages.NOTES,
    "ERRORS": messages.ERRORS,
    "UI": messages.UI,
    "SHEETS": messages.SHEETS,
    "HEADINGS": messages.HEADINGS,
    "ISSUE_NAMES": messages.ISSUE_NAMES,
}
ENTRIES = [(name, key, entry) for name, catalogue in CATALOGUES.items() for key, entry in catalogue.items()]

# Words that give away an English sentence left in a Vietnamese template. What a Vietnamese
# sentence may quote in English is taken out first: facts ({…}), code (`…`), quoted text,
# option names (--sheet) and keys of the plan (change_pct, variables:).
TELLTALE = re.compile(
    r"\b(the|is|are|not|no|file|files|sheet|sheets|row|rows|column|columns|missing|cannot|expected|got|"
    r"mean|must|allowed|unknown|please|error|found|value|values|name|target|targets|indicator|period|"
    r"with|for|of|and|or|use|give|data|folder|read|write|written|should|only|more|than|too)\b",
    re.IGNORECASE,
)
QUOTED_ENGLISH_ALLOWED = {"plan"}  # a key of the targets file, named as it is written
# Facts that hold another program's own English words (the system's, a library's): the English
# sentence may quote them, the Vietnamese one says what they mean instead and leaves them out.
ENGLISH_ONLY_FACTS = {"detail"}


def _fields(template: str) -> set[str]:
    return {field.split(".")[0].split("[")[0] for _, field, _, _ in string.Formatter().parse(template) if field}


def _without_quoted(text: str) -> str:
    text = re.sub(r"\{[^{}]*\}", " ", text)
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r'"[^"]*"', " ", text)
    text = re.sub(r"'[^']*'", " ", text)
    text = re.sub(r"--?[a-z][a-z-]*", " ", text)
    return re.sub(r"\b\w+[_.:/]\w*\b|\b\w+:", " ", text)


@pytest.mark.parametrize(("catalogue", "key", "entry"), ENTRIES, ids=[f"{c}.{k}" for c, k, _ in ENTRIES])
def test_every_entry_speaks_both_languages_with_the_same_facts(catalogue: str, key: str, entry: dict) -> None:
    assert set(entry) == {"vi", "en"}, f"{catalogue}[{key!r}] needs exactly vi and en"
    assert entry["vi"].strip()
    assert entry["en"].strip()
    vi, en = _fields(entry["vi"]), _fields(entry["en"])
    assert vi == en or vi == en - ENGLISH_ONLY_FACTS, f"{catalogue}[{key!r}]: the two languages need the same facts"


@pytest.mark.parametrize(("catalogue", "key", "entry"), ENTRIES, ids=[f"{c}.{k}" for c, k, _ in ENTRIES])
def test_no_english_left_in_a_vietnamese_template(catalogue: str, key: str, entry: dict) -> None:
    left = [w for w in TELLTALE.findall(_without_quoted(entry["vi"])) if w.lower() not in QUOTED_ENGLISH_ALLOWED]
    assert not left, f"{catalogue}[{key!r}] reads as English in Vietnamese: {left} in {entry['vi']!r}"


def test_every_issue_code_has_a_name_in_both_languages() -> None:
    assert set(messages.ISSUE_NAMES) == {str(code) for code in Code}
    for code in Code:
        assert messages.issue_name(code, "vi") != str(code)
        assert messages.issue_name(code, "en") == str(code)  # the English name is the documented code


def test_the_catalogue_parts_add_up_without_one_key_hiding_another() -> None:
    from healthkpi.base.messages_cli import CLI_ERRORS
    from healthkpi.base.messages_plan import PLAN_ERRORS
    from healthkpi.base.messages_read import READ_ERRORS

    parts = [READ_ERRORS, PLAN_ERRORS, CLI_ERRORS]
    assert sum(len(p) for p in parts) == len(set().union(*parts))
    for part in parts:
        assert all(messages.ERRORS[k] is v for k, v in part.items())


# --- every raise site names its sentence ------------------------------------------------------------

ERROR_CLASSES = {"HealthkpiError", "WorkbookError", "UsageError", "PlanError", "Problem"}
KEYED_FIRST = {"Invalid", "ExpressionError", "Sentence", "Phrase"}  # their first argument is the key
# Raise sites that may speak English, each with the reason it never reaches a user as a message.
ALLOWED = {
    ("read/sandbox.py", "RuntimeError"): "a bug in the reading child: shown as a traceback and 'internal error'",
    ("plan/load.py", "Problem"): "the fallback for a YAML error without a key, which the YAML reader never raises",
    ("base/issues.py", "ValueError"): "a bug: a deferred column made for another number of issues ('internal error')",
}


def _raise_sites() -> list[tuple[str, int, str, ast.Call]]:
    sites = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            sites.append((str(path.relative_to(PACKAGE)), node.lineno, name, node))
    return sites


def _speaks_english(name: str, call: ast.Call) -> bool:
    keywords = {k.arg for k in call.keywords}
    if name == "PlanError":
        return False  # it carries Problems, checked on their own
    if name == "Problem":
        return "what" not in keywords
    if name == "YamlSourceError":
        return "key" not in keywords
    if name in ERROR_CLASSES:
        return "key" not in keywords
    return name in ("ValueError", "RuntimeError")


def test_every_error_is_raised_by_key() -> None:
    english = [
        f"{file}:{line}: {name}(…)"
        for file, line, name, call in _raise_sites()
        if _speaks_english(name, call) and (file, name) not in ALLOWED
    ]
    assert not english, "raise these by catalogue key (base/messages_*.py):\n" + "\n".join(english)


def test_keyed_calls_name_sentences_that_exist() -> None:
    missing = []
    for file, line, name, call in _raise_sites():
        keys = [k.value for k in call.keywords if k.arg in ("key", "what") and isinstance(k.value, ast.Constant)]
        if name in KEYED_FIRST and call.args and isinstance(call.args[0], ast.Constant):
            keys.append(call.args[0])
        if name not in ERROR_CLASSES | KEYED_FIRST | {"YamlSourceError"}:
            continue
        for key in keys:
            if key.value not in messages.ERRORS:
                missing.append(f"{file}:{line}: {key.value!r}")
    assert not missing, "no such sentence in base.messages.ERRORS:\n" + "\n".join(missing)
