"""Click's own words (an unknown option, a missing argument, a bad choice; the usage line; the
help's panels and boilerplate) in Vietnamese.

Click (as Typer vendors it) words them in English before any option of ours is read, so the
language is taken from the command line itself (`--lang en` keeps English) by the app's own
`main` (`cli.app.HealthkpiGroup`), which every way in goes through: the console script, `python
-m healthkpi` and Typer's test runner alike. Typer's rendering is wrapped once (`install`); each
wrapper speaks Vietnamese only while a command of ours runs in Vietnamese (`speaking`). A
sentence Click adds later and this list lacks stays in English.
"""

from __future__ import annotations

import contextlib
import difflib
import importlib.abc
import importlib.util
import inspect
import itertools
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextvars import ContextVar
from importlib.machinery import ModuleSpec
from types import ModuleType
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
# An argument by the name the usage line gives it (Click names a list argument by its Python name).
_ARGUMENTS_VI = {"data": "SỐ_LIỆU", "PLAN...": "KẾ_HOẠCH", "PLAN": "KẾ_HOẠCH", "FILE": "TỆP"}
_ARGUMENTS_EN = {"data": "DATA", "PLAN...": "PLAN"}
# (pattern, replacement) tried in turn on Click's message; each keeps what was given.
_SENTENCES: list[tuple[str, str | Callable[[re.Match[str]], str]]] = [
    (r"Value error, ", ""),
    (r"Missing command\.", "Thiếu lệnh."),
    (r"Value ('[^']*' is not a valid)", r"\1"),
    (r"No such option: (\S+)", r"Không có tùy chọn \1"),
    (r"\(Possible options: (.+)\)", r"(các tùy chọn gần giống: \1)"),
    (r"No such command '([^']*)'\.", r"Không có lệnh '\1'."),
    (r"Missing argument '([^']*)'", lambda m: f"Thiếu đối số {_ARGUMENTS_VI.get(m[1], m[1])}"),
    (r"Missing (argument|option|parameter)", lambda m: "Thiếu " + _KINDS[m[1]]),
    (r"Invalid value for (.+?): ", r"Giá trị không hợp lệ cho \1: "),
    (r"Invalid value: ", "Giá trị không hợp lệ: "),
    (r"'([^']*)' is not one of (.+)\.", r"'\1' không phải là một trong \2."),
    (r"'([^']*)' is not a valid (integer|float)\.", lambda m: f"'{m[1]}' không phải là {_KINDS[m[2]]} hợp lệ."),
    (
        r"Input should be a valid (integer|number)[^\n]*",
        lambda m: "cần một số nguyên" if m[1] == "integer" else "cần một số",
    ),
    (r"Input should be greater than or equal to ([^\s,]+)", r"cần lớn hơn hoặc bằng \1"),
    (r"Input should be greater than ([^\s,]+)", r"cần lớn hơn \1"),
    (r"Input should be less than or equal to ([^\s,]+)", r"cần nhỏ hơn hoặc bằng \1"),
    (r"Input should be less than ([^\s,]+)", r"cần nhỏ hơn \1"),
    (r"Input should be a valid boolean[^\n]*", "cần true hoặc false"),
    (r"Input should be a valid string[^\n]*", "cần một đoạn chữ"),
    (r"Input should be [^\n]*", "giá trị không đúng kiểu"),
    (r"'([^']*)' is not a valid (\w+)\.", r"'\1' không phải là một giá trị \2 hợp lệ."),
    (r"(.+) is not in the range (.+)\.", r"\1 không nằm trong khoảng \2."),
    (r"(File|Directory|Path) '([^']*)' does not exist\.", lambda m: f"Không có {_KINDS[m[1]]} '{m[2]}'."),
    (r"(File|Directory|Path) '([^']*)' is a file\.", lambda m: f"{_KINDS[m[1]].capitalize()} '{m[2]}' là một tệp."),
    (
        r"(File|Directory|Path) '([^']*)' is a directory\.",
        lambda m: f"{_KINDS[m[1]].capitalize()} '{m[2]}' là một thư mục.",
    ),
    (
        r"(File|Directory|Path) '([^']*)' is not (readable|writable)\.",
        lambda m: f"{_KINDS[m[1]].capitalize()} '{m[2]}' không {'đọc' if m[3] == 'readable' else 'ghi'} được.",
    ),
    (r"Got unexpected extra arguments? \((.*)\)", r"Thừa đối số (\1)"),
    (r"Option '([^']*)' requires an argument\.", r"Tùy chọn '\1' cần một giá trị."),
    (r"Option '([^']*)' requires (\d+) arguments\.", r"Tùy chọn '\1' cần \2 giá trị."),
    (r"Option '([^']*)' does not take a value\.", r"Tùy chọn '\1' không nhận giá trị."),
    (r"\.? Did you mean (.+)\?", r". Có phải ý bạn là \1?"),
]
# The usage line ("Usage: healthkpi score [OPTIONS] {data}...") and the help's fixed words.
_USAGE = [
    (r"^Usage: ", "Cách dùng: "),
    (r"\[OPTIONS\]", "[TÙY_CHỌN]"),
    (r"COMMAND \[ARGS\]\.\.\.", "LỆNH [ĐỐI_SỐ]..."),
    (r"\{data\}", "SỐ_LIỆU"),
    (r"\{PLAN\.\.\.\}", "KẾ_HOẠCH"),
    (r"\{PLAN\}", "KẾ_HOẠCH"),
    (r"\{FILE\}", "TỆP"),
]
# The same in English: Typer writes a list argument's name as `{data}` and its type as `<list[str]>`.
_USAGE_EN = [(r"\{data\}", "DATA"), (r"\{PLAN\.\.\.\}", "PLAN"), (r"\{(PLAN|FILE)\}", r"\1")]
_TYPES_EN = [(r"list\[(\w+)\]>", r"\1>...")]
_HELP_WORDS = {
    "ARGUMENTS_PANEL_TITLE": "Đối số",
    "OPTIONS_PANEL_TITLE": "Tùy chọn",
    "COMMANDS_PANEL_TITLE": "Lệnh",
    "ERRORS_PANEL_TITLE": "Lỗi",
    "DEFAULT_STRING": "[mặc định: {}]",
    "ENVVAR_STRING": "[biến môi trường: {}]",
    "REQUIRED_LONG_STRING": "[bắt buộc]",
    "DEPRECATED_STRING": "(không còn dùng) ",
    "ABORTED_TEXT": "Đã dừng.",
    "RICH_HELP": "Xem [blue]'{command_path} {help_option}'[/] để được hướng dẫn.",
}
_HELP_OPTION = {"Show this message and exit.": "Hiện hướng dẫn này rồi thoát."}
# The type shown beside an option (`<str>`, `<list[str]>`, `<int range>`), in words.
_TYPES = [
    (r"list\[(\w+)\]>", r"\1>..."),
    (r"\bint range\b|\bint\b", "số nguyên"),
    (r"\bfloat range\b|\bfloat\b", "số"),
    (r"\bstr\b", "chữ"),
    (r"\bpath\b|\bfile\b|\bdirectory\b", "đường dẫn"),
    (r"\bchoice\b", "lựa chọn"),
    # the metavars of cli/app.py and cli/options.py
    (r"^PLAN", "KẾ_HOẠCH"),
    (r"^FILE$", "TỆP"),
    (r"^GROUP$", "NHÓM"),
    (r"^ID$", "MÃ"),
    (r"^STATUS$", "KẾT_QUẢ"),
    (r"^UNIT$", "ĐƠN_VỊ"),
]

_VIETNAMESE: ContextVar[bool] = ContextVar("healthkpi_click_in_vietnamese", default=False)


@contextlib.contextmanager
def speaking(vietnamese: bool) -> Iterator[None]:
    """Click's words in Vietnamese (or not) while the block runs."""
    install()
    token = _VIETNAMESE.set(vietnamese)
    try:
        yield
    finally:
        _VIETNAMESE.reset(token)


def speaks_english(argv: Sequence[str]) -> bool:
    """Whether the command line's last `--lang` (or `--lang=…`) says `en`: a command's own, written
    after it, is said after the group's (`healthkpi --lang en score --lang vi` speaks Vietnamese)."""
    said = "vi"
    for a, b in itertools.pairwise([*argv, ""]):
        if a == "--":  # what follows is data: a file may be named anything
            break
        if a == "--lang" or a.startswith("--lang="):
            said = b if a == "--lang" else a.removeprefix("--lang=")
    return said == "en"


# What Click and pydantic say in English that is theirs, not the user's: said plainly.
_ENGLISH: list[tuple[str, str | Callable[[re.Match[str]], str]]] = [
    (r"Value error, ", ""),
    (r"Missing argument '([^']*)'", lambda m: f"Missing argument {_ARGUMENTS_EN.get(m[1], m[1])}"),
    (r"Input should be a valid integer[^\n]*", "a whole number is needed"),
    (r"Input should be a valid number[^\n]*", "a number is needed"),
]


_NO_SUCH_OPTION = re.compile(r"No such option: (\S+) \(Possible options: ([^)]*)\)")


def _close_options_only(message: str) -> str:
    """Click's "possible options" without those alike only in their dashes: it compares `--nope`
    with `--group` dashes and all, and offers it; the names alone are compared here."""
    found = _NO_SUCH_OPTION.search(message)
    if found is None:
        return message
    given = found[1].lstrip("-")
    close = [o for o in found[2].split(", ") if difflib.SequenceMatcher(None, given, o.lstrip("-")).ratio() >= 0.6]
    said = f"No such option: {found[1]}" + (f" (Possible options: {', '.join(close)})" if close else "")
    return message[: found.start()] + said + message[found.end() :]


def in_plain_english(message: str) -> str:
    """Click's message without pydantic's own words ("Value error, ", "unable to parse string as…")."""
    message = _close_options_only(message)
    for pattern, replacement in _ENGLISH:
        message = re.sub(pattern, replacement, message)
    return message


def in_vietnamese(message: str) -> str:
    """Click's message with each sentence this module knows said in Vietnamese."""
    message = _close_options_only(message)
    for pattern, replacement in _SENTENCES:
        message = re.sub(pattern, replacement, message)
    return message


def help_in_vietnamese(text: str) -> str:
    """An option's or a command's help in Vietnamese (base.messages_cli.CLI_HELP); as it is without one."""
    from healthkpi.base.messages_cli import CLI_HELP

    if not _HELP_VI:
        _HELP_VI.update({" ".join(english.split()): vietnamese for english, vietnamese in CLI_HELP.items()})
    return _HELP_VI.get(" ".join(text.split()), text)


_HELP_VI: dict[str, str] = {}


def reflowed(text: str) -> str:
    """A docstring's paragraphs each on one line, for the terminal to wrap: its own line breaks, made
    for the source's width, would cut the help's lines short ("a wider⏎ one as an overview"). A
    paragraph marked for Click as kept as it is (\\b) is."""
    paragraphs = re.split(r"\n\s*\n", inspect.cleandoc(text))
    return "\n\n".join(p if p.startswith("\b") else " ".join(p.split()) for p in paragraphs)


def rewritten(text: str, patterns: list[tuple[str, str]]) -> str:
    """`text` with each pattern replaced in turn (a usage line or a type, in either language)."""
    for pattern, replacement in patterns:
        text = re.sub(pattern, replacement, text)
    return text


_installed = False


def install() -> None:
    """Wrap Typer's rendering of errors and help, once; each wrapper speaks as `speaking` says.

    Typer imports its rendering (typer.rich_utils, with Rich's Markdown: 35 ms) only when it has help
    or an error to show, so its wrappers are put in then (`_when_imported`); a run that shows
    neither never imports it."""
    global _installed
    if _installed:
        return
    _installed = True
    from typer import core
    from typer._click import core as click_core

    def vietnamese() -> bool:
        return _VIETNAMESE.get()

    get_usage = click_core.Command.get_usage

    def usage(self: Any, ctx: Any) -> str:
        text = get_usage(self, ctx)
        return rewritten(text, _USAGE if vietnamese() else _USAGE_EN)

    def typed(display: Callable[[Any, Any], str | None]) -> Callable[[Any, Any], str | None]:
        def display_type_rich(self: Any, ctx: Any) -> str | None:
            shown = display(self, ctx)
            if shown == "<bool>" and getattr(self, "is_flag", False):
                return None  # a flag takes no value (-h, --help): "<bool>" would read as one
            if not shown:
                return shown
            return rewritten(shown, _TYPES if vietnamese() else _TYPES_EN)

        return display_type_rich

    click_core.Command.get_usage = usage  # type: ignore[method-assign]
    core.TyperOption.display_type_rich = typed(core.TyperOption.display_type_rich)  # type: ignore[method-assign,assignment]
    core.TyperArgument.display_type_rich = typed(core.TyperArgument.display_type_rich)  # type: ignore[method-assign,assignment]
    _when_imported("typer.rich_utils", _wrap_rendering)


def _wrap_rendering(rich_utils: Any) -> None:
    """Typer's rendering of errors and help (typer.rich_utils), each function wrapped to speak as
    `speaking` says."""

    def vietnamese() -> bool:
        return _VIETNAMESE.get()

    format_error = rich_utils.rich_format_error

    def rich_format_error(error: Any) -> None:
        said = (in_vietnamese if vietnamese() else in_plain_english)(error.format_message())
        error.format_message = lambda: said
        with _help_words(rich_utils) if vietnamese() else contextlib.nullcontext():
            return format_error(error)

    format_help = rich_utils.rich_format_help

    def rich_format_help(*args: Any, **kwargs: Any) -> None:
        if not vietnamese():
            return format_help(*args, **kwargs)
        with _help_words(rich_utils):
            return format_help(*args, **kwargs)

    abort_error = rich_utils.rich_abort_error

    def rich_abort_error() -> None:
        with _help_words(rich_utils) if vietnamese() else contextlib.nullcontext():
            return abort_error()

    parameter_help = rich_utils._get_parameter_help

    def get_parameter_help(*, param: Any, **kwargs: Any) -> Any:
        if not vietnamese() or not param.help:
            return parameter_help(param=param, **kwargs)
        english = param.help
        param.help = _HELP_OPTION.get(english) or help_in_vietnamese(english)
        try:
            return parameter_help(param=param, **kwargs)
        finally:
            param.help = english

    help_text = rich_utils._get_help_text

    def get_help_text(*, obj: Any, **kwargs: Any) -> Any:
        if not obj.help:
            return help_text(obj=obj, **kwargs)
        english = obj.help
        obj.help = help_in_vietnamese(english) if vietnamese() else reflowed(english)
        try:
            return help_text(obj=obj, **kwargs)  # a Group, its lines made while the words are swapped
        finally:
            obj.help = english

    command_help = rich_utils._make_command_help

    def make_command_help(*, help_text: str, **kwargs: Any) -> Any:
        return command_help(help_text=help_in_vietnamese(help_text) if vietnamese() else reflowed(help_text), **kwargs)

    rich_utils.rich_format_error = rich_format_error
    rich_utils.rich_format_help = rich_format_help
    rich_utils.rich_abort_error = rich_abort_error
    rich_utils._get_parameter_help = get_parameter_help
    rich_utils._get_help_text = get_help_text
    rich_utils._make_command_help = make_command_help


def _when_imported(name: str, then: Callable[[ModuleType], None]) -> None:
    """`then(module)` as soon as the module `name` is imported: at once if it is already."""
    if name in sys.modules:
        then(sys.modules[name])
        return
    sys.meta_path.insert(0, _WhenImported(name, then))


class _WhenImported(importlib.abc.MetaPathFinder):
    """Finds nothing itself: asks the other finders for its one module, and has the module's loader
    call `then` once the module has run. It takes itself out on the first ask."""

    def __init__(self, name: str, then: Callable[[ModuleType], None]) -> None:
        self._name, self._then = name, then

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> ModuleSpec | None:
        if fullname != self._name:
            return None
        with contextlib.suppress(ValueError):
            sys.meta_path.remove(self)
        spec = importlib.util.find_spec(fullname)
        if spec is None or spec.loader is None:
            return spec
        loader, then = spec.loader, self._then
        execute = loader.exec_module

        def exec_module(module: ModuleType) -> None:
            execute(module)
            then(module)

        loader.exec_module = exec_module  # type: ignore[method-assign]  # this module's loader alone
        return spec


@contextlib.contextmanager
def _help_words(rich_utils: Any) -> Iterator[None]:
    """Typer's fixed words (panel titles, "[default: …]") in Vietnamese while the block runs."""
    english = {name: getattr(rich_utils, name) for name in _HELP_WORDS}
    for name, words in _HELP_WORDS.items():
        setattr(rich_utils, name, words)
    try:
        yield
    finally:
        for name, words in english.items():
            setattr(rich_utils, name, words)
