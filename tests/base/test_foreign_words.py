"""Other programs' English (the system's, SQLite's, PyYAML's, the spreadsheet readers', pydantic's)
said in the reader's language (issue 19): under Vietnamese none of their words reach the user."""

from __future__ import annotations

import errno
import os
import sqlite3

import pytest

from healthkpi.base.errors import os_reason
from healthkpi.base.messages import error_message
from healthkpi.scoring.history import sqlite_reason

ERRNOS = [
    "ENOENT", "EACCES", "EPERM", "EISDIR", "ENOTDIR", "ENOSPC", "EDQUOT", "EROFS", "ENAMETOOLONG", "ELOOP",
    "EEXIST", "EMFILE", "ENFILE", "EIO", "EBUSY", "EXDEV", "EFBIG", "ENOMEM", "EAGAIN", "ENXIO", "ENODEV",
    "ESTALE", "ETIMEDOUT", "ENOTEMPTY", "ETXTBSY", "EINVAL", "EINTR",
]  # fmt: skip


def said(phrase, lang: str) -> str:
    return error_message(phrase.key, lang, dict(phrase.facts))


@pytest.mark.parametrize("name", [n for n in ERRNOS if hasattr(errno, n)])
def test_each_common_errno_has_its_own_vietnamese_sentence(name: str) -> None:
    number = getattr(errno, name)
    english = os.strerror(number)
    phrase = os_reason(OSError(number, english))
    assert phrase.key != "os_other", name
    assert english not in said(phrase, "vi")
    assert said(phrase, "vi") != said(phrase, "en")


def test_an_errno_without_a_sentence_is_named_by_its_symbol_only() -> None:
    phrase = os_reason(OSError(errno.EPROTO, "Protocol error"))
    assert said(phrase, "vi") == "lỗi hệ thống EPROTO"
    assert said(phrase, "en") == "Protocol error (EPROTO)"
    assert said(os_reason(OSError("no errno at all")), "vi") == "lỗi hệ thống OSError"


@pytest.mark.parametrize(
    "text",
    [
        "database disk image is malformed",
        "file is not a database",
        "unable to open database file",
        "attempt to write a readonly database",
        "disk I/O error",
        "database or disk is full",
        "something SQLite says one day",
    ],
)
def test_sqlite_refusals_in_vietnamese(text: str) -> None:
    vi = said(sqlite_reason(sqlite3.DatabaseError(text)), "vi")
    assert text not in vi
    assert not any(w in vi for w in ("database", "error", "file"))
    assert vi


def test_sizes_take_the_readers_decimal_mark() -> None:
    from healthkpi.base.messages import Size

    assert Size(1.5 * 2**20).say("vi") == "1,5 MB"
    assert Size(1.5 * 2**20).say("en") == "1.5 MB"
    assert Size(1234).say("vi") == "1,2 KB"
    assert Size(900).say("vi") == "900 byte"
    assert Size(900).say("en") == "900 bytes"
    assert Size(3 * 2**40).say("vi") == "3,0 TB"


# --- YAML slips: PyYAML's (and libyaml's) problems in plain words, on their line ---------------------

YAML_SLIPS = [
    ("a:\n\tb: 1\n", "yaml_tab", 2),
    ("plan:\n  id: x\n\ttitle: y\n", "yaml_tab", 3),  # a tab under a key: libyaml words it otherwise
    ("a: 1\nb\nc: 2\n", "yaml_missing_colon", 2),
    ("a: *x\n", "yaml_undefined_alias", 1),
    ('a: "abc\nb: 1\n', "yaml_unclosed_quote", 1),
    ("a: 'abc\nb: 1\n", "yaml_unclosed_quote", 1),
    ("a: {b: 1, c: 2\nd: 3\n", "yaml_unclosed_brace", 1),
    ("a: [1, 2\nd: 3\n", "yaml_unclosed_bracket", 1),
    ("a: b: c\n", "yaml_colon_in_value", 1),
    ("- a\nb: 1\n", "yaml_list_item", 2),
    ('a: "\\q"\n', "yaml_unknown_escape", 1),
    ("a: @x\n", "yaml_bad_start", 1),
    ("a: &x 1\nb: &x 2\nc: *x\n", "yaml_duplicate_anchor", 2),
    ("a: !<tag:x \n", "yaml_tag_syntax", 1),
    ("a: 1\n---\nb: 2\n", "yaml_many_documents", 2),
    ("a: & 1\n", "yaml_anchor_name", 1),
    ("a: \x01\n", "yaml_control_character", 1),
    ("a: [1,, 2]\n", "yaml_empty_in_brackets", 1),
    ('a: "x" y\n', "yaml_line_out_of_place", 1),
    ("a:\n  - 1\n  b: 2\n", "yaml_list_item", 3),
]
PARSER_WORDS = ("found", "expected", "while", "scanning", "parsing", "token", "stream", "block", "mapping", "alias")


@pytest.fixture(params=["libyaml", "python"])
def yaml_loader(request, monkeypatch):
    import yaml

    from healthkpi.plan import yamlsource

    if request.param == "python":
        monkeypatch.setattr(yamlsource, "_COMPOSER", yaml.SafeLoader)
    elif not hasattr(yaml, "CSafeLoader"):  # pragma: no cover
        pytest.skip("PyYAML without libyaml")
    return yamlsource


@pytest.mark.parametrize(("text", "key", "line"), YAML_SLIPS, ids=[k + str(n) for _, k, n in YAML_SLIPS])
def test_each_yaml_slip_is_said_plainly_on_its_line(yaml_loader, text: str, key: str, line: int) -> None:
    with pytest.raises(yaml_loader.YamlSourceError) as caught:
        yaml_loader.parse_yaml(text)
    assert (caught.value.key, caught.value.line) == (key, line)
    vi = error_message(caught.value.key, "vi", caught.value.facts)
    assert not [w for w in PARSER_WORDS if w in vi.lower()], vi


def test_a_problem_the_parser_words_otherwise_gives_its_line_and_column_without_its_english() -> None:
    from healthkpi.plan.yamlslips import plain_problem

    slip = plain_problem("a: 1\nb: 2\n", "while doing something new", "found a novelty", 2, None, 3)
    assert (slip.key, slip.line) == ("yaml_unknown_problem", 2)
    vi = error_message(slip.key, "vi", slip.facts)
    assert "cột 3" in vi
    assert "novelty" not in vi
    assert "while" not in vi
    assert "found a novelty" in error_message(slip.key, "en", slip.facts)


# --- the spreadsheet reader's refusals --------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "key"),
    [
        ("XmlError", "syntax error: tag not closed: `>` not found before end of input", "cause_xml"),
        ("CalamineError", "Cfb error: Invalid sector shift, expecting 0x09 or 0x0C found 0", "cause_container"),
        ("CalamineError", "Xls error: Unexpected end of stream", "cause_cut_short"),
        ("CalamineError", "Invalid OLE (signature invalid, not an office document?)", "cause_not_workbook"),
        ("CalamineError", "Xlsb error: the file has an unrecognized record", "cause_not_workbook"),
        ("CalamineError", "Xls error: Unsupported BIFF version 2", "cause_old_version"),
        ("CalamineError", "Xls error: BIFF version 3", "cause_old_version"),
        ("CalamineError", "Xls error: Invalid codepage 1234", "cause_text_encoding"),
        ("CalamineError", "Xlsx error: Cannot find 'xl/workbook.xml'", "cause_part_missing"),
        ("CalamineError", "Ods error: Cannot find 'content'", "cause_part_missing"),
        ("CalamineError", "Something new the reader says", "cause_other"),
    ],
)
def test_the_readers_words_have_a_vietnamese_cause(name: str, text: str, key: str) -> None:
    from healthkpi.read.grid import reader_cause

    cause = reader_cause(type(name, (Exception,), {})(text))
    assert cause.key == key
    assert text not in said(cause, "vi")


def test_a_damaged_sheet_is_said_without_the_readers_english(tmp_path) -> None:
    import zipfile

    from healthkpi.base.errors import WorkbookError
    from healthkpi.read.formats import sniff
    from healthkpi.read.grid import open_source
    from tests.paths import ROOT

    damaged = tmp_path / "hong.xlsx"
    with zipfile.ZipFile(ROOT / "examples" / "thanh-hoa-2021.xlsx") as old, zipfile.ZipFile(damaged, "w") as new:
        for item in old.infolist():
            data = old.read(item)
            new.writestr(item, data[: len(data) // 2] if item.filename.startswith("xl/worksheets/") else data)
    source = open_source(damaged, sniff(damaged))
    with pytest.raises(WorkbookError) as caught:
        source.sheet(source.sheet_names[0])
    vi = caught.value.render("vi")
    assert "phần XML bên trong tệp bị hỏng" in vi
    assert "not found" not in vi
    assert "reader said: " in caught.value.render("en")


# --- pydantic's findings in a plan --------------------------------------------------------------------


def _pydantic_types() -> list[str]:
    import typing

    from pydantic_core.core_schema import ErrorType

    return list(typing.get_args(ErrorType))


@pytest.mark.parametrize("kind", _pydantic_types())
def test_every_pydantic_error_type_is_said_in_vietnamese_without_its_english(kind: str) -> None:
    from healthkpi.plan.load import _said

    msg = f"Pydantic says {kind.replace('_', ' ')} with the input"
    error = {"type": kind, "loc": ("plan", "title"), "msg": msg, "input": 5, "ctx": {}}
    key, facts = _said(error, ("plan", "title"))
    vi = error_message(key, "vi", facts)
    assert "Pydantic" not in vi
    assert "input" not in vi


@pytest.mark.parametrize(
    ("loc", "wanted"),
    [
        (("plan", "title"), "một đoạn chữ"),
        (("indicators", 0, "decimals"), "một số nguyên"),
        (("indicators", 0, "per"), "một số"),
        (("indicators", 0, "accumulate"), "một trong các giá trị được phép"),
        (("variables", "a", "aliases"), "một danh sách"),
        (("workbook",), "các khóa và giá trị"),
        (("indicators", 0, "target"), "kế hoạch mẫu"),
    ],
)
def test_a_rare_pydantic_refusal_names_what_the_key_takes(loc: tuple, wanted: str) -> None:
    from healthkpi.plan.load import _said

    error = {"type": "assertion_error", "loc": loc, "msg": "Assertion failed, odd", "input": "x", "ctx": {}}
    key, facts = _said(error, loc)
    assert key == "invalid_value"
    vi = error_message(key, "vi", facts)
    assert wanted in vi
    assert "Assertion" not in vi
    assert "Assertion failed, odd" in error_message(key, "en", facts)
