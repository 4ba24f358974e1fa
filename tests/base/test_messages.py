"""The message catalogue (base/messages.py): every sentence in both languages, with the same facts."""

from __future__ import annotations

import string

import pytest

from healthkpi.base import messages

TABLES = {name: getattr(messages, name) for name in ("ISSUES", "NOTES", "ERRORS", "UI", "SHEETS", "HEADINGS")}
ENTRIES = [(table, key, texts) for table, entries in TABLES.items() for key, texts in entries.items()]


def _placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


@pytest.mark.parametrize(("table", "key", "texts"), ENTRIES, ids=[f"{t}.{k}" for t, k, _ in ENTRIES])
def test_every_message_has_both_languages_and_the_same_placeholders(table: str, key: str, texts: dict) -> None:
    assert set(texts) == {"vi", "en"}, f"{table}[{key!r}]"
    vi, en = _placeholders(texts["vi"]), _placeholders(texts["en"])
    # {detail} holds another program's English: the Vietnamese sentence says it in its own words
    assert vi in (en, en - {"detail"}), f"{table}[{key!r}]"
    assert texts["vi"].strip()
    assert texts["en"].strip()


def test_every_sentence_an_issue_can_ask_for_exists() -> None:
    """Issues say the sentence of their `template`, else of their code."""
    import re
    from pathlib import Path

    from healthkpi.base.issues import Code

    source = "".join(p.read_text(encoding="utf-8") for p in Path(messages.__file__).parents[1].rglob("*.py"))
    templates = set(re.findall(r'template="([a-z_]+)"', source))
    templates |= {f"missing_period_{role}" for role in re.findall(r'missing_period\([^)]*"(\w+)"\)', source)}
    always_with_a_template = {Code.SPELLING_VARIANT, Code.MISSING_PERIOD, Code.OUTLIER_OVER_TIME}
    codes = {str(code) for code in Code if code not in always_with_a_template}
    assert templates
    assert (templates | codes) - set(messages.ISSUES) == set()
