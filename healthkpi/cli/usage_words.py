"""Click's own messages (an unknown option, a missing argument, a bad choice) in Vietnamese.

Click (as Typer vendors it) words them in English before any option of ours is read, so the
language is taken from the command line itself (`--lang en` keeps English) and each sentence
below is said in Vietnamese when the error is shown. A sentence Click adds later and this list
lacks stays in English.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

_KINDS = {
    "argument": "đối số",
    "option": "tùy chọn",
    "parameter": "tham số",
    "File": "tệp",
    "Directory": "thư mục",
    "Path": "đường dẫn",
    "integer": "số nguyên",
    "float": "số thực",
}
# (pattern, replacement) tried in turn on Click's message; each keeps what was given.
_SENTENCES: list[tuple[str, str | Callable[[re.Match[str]], str]]] = [
    (r"Value error, ", ""),
    (r"No such option: (\S+)", r"Không có tùy chọn \1"),
    (r"\(Possible options: (.+)\)", r"(các tùy chọn gần giống: \1)"),
    (r"No such command '([^']*)'\.", r"Không có lệnh '\1'."),
    (r"Missing (argument|option|parameter)", lambda m: "Thiếu " + _KINDS[m[1]]),
    (r"Invalid value for (.+?): ", r"Giá trị không hợp lệ cho \1: "),
    (r"Invalid value: ", "Giá trị không hợp lệ: "),
    (r"'([^']*)' is not one of (.+)\.", r"'\1' không phải là một trong \2."),
    (r"'([^']*)' is not a valid (integer|float)\.", lambda m: f"'{m[1]}' không phải là {_KINDS[m[2]]} hợp lệ."),
    (
        r"Input should be a valid (integer|number)[^\n]*",
        lambda m: "cần một số nguyên" if m[1] == "integer" else "cần một số",
    ),
    (r"(.+) is not in the range (.+)\.", r"\1 không nằm trong khoảng \2."),
    (r"(File|Directory|Path) '([^']*)' does not exist\.", lambda m: f"Không có {_KINDS[m[1]]} '{m[2]}'."),
    (r"Got unexpected extra arguments? \((.*)\)", r"Thừa đối số (\1)"),
    (r"Option '([^']*)' requires an argument\.", r"Tùy chọn '\1' cần một giá trị."),
    (r"Option '([^']*)' requires (\d+) arguments\.", r"Tùy chọn '\1' cần \2 giá trị."),
    (r"Option '([^']*)' does not take a value\.", r"Tùy chọn '\1' không nhận giá trị."),
]


def speaks_english(argv: Sequence[str]) -> bool:
    """`--lang en` (or `--lang=en`) on the command line."""
    return any(a == "--lang=en" or (a == "--lang" and b == "en") for a, b in zip(argv, [*argv[1:], ""], strict=True))


def in_vietnamese(message: str) -> str:
    """Click's message with each sentence this module knows said in Vietnamese."""
    for pattern, replacement in _SENTENCES:
        message = re.sub(pattern, replacement, message)
    return message


def use_vietnamese() -> None:
    """Word Click's errors (and Typer's panel around them) in Vietnamese."""
    from typer import rich_utils  # typer.core calls rich_format_error through this module

    original = rich_utils.rich_format_error

    def rich_format_error(error: Any) -> None:
        said = in_vietnamese(error.format_message())
        error.format_message = lambda: said
        original(error)

    rich_utils.rich_format_error = rich_format_error  # type: ignore[assignment]
    rich_utils.ERRORS_PANEL_TITLE = "Lỗi"
    rich_utils.RICH_HELP = "Xem [blue]'{command_path} {help_option}'[/] để được hướng dẫn."
