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
