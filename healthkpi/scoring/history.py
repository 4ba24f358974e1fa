"""The history file: every run recorded in one SQLite database (DESIGN §5 "Run history").

    with open_history(Path("history.sqlite")) as history:
        changes = history.record(card)            # this run, and what changed since the last one
        history.runs()                            # every run recorded, oldest first

A run — its time, plan, inputs with their sha256, every result, figure and data issue — is
written in one transaction, so a run killed while writing (SIGKILL, a power cut) leaves the
database as it was: the run is there whole or not at all. The database is in WAL mode and a
writer waits its turn (`BUSY_TIMEOUT`), so two runs recording at once (a batch's workers, two
scheduled jobs) both succeed. The schema is versioned (`PRAGMA user_version`): an older file is
brought up to date by the migrations below, one step at a time; a file from a newer healthkpi
is refused, never altered.

Python's sqlite3 module is the only dependency; the file opens in any SQLite tool.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import math
import os
import sqlite3
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from time import monotonic, sleep
from typing import Any

import pandas as pd

from healthkpi.base.errors import UsageError, os_reason
from healthkpi.base.inputs import register_input
from healthkpi.base.messages import Phrase, Sentence
from healthkpi.base.periods import period_order
from healthkpi.base.text import unit_key
from healthkpi.base.version import __version__
from healthkpi.read.columns import PERIOD, UNIT
from healthkpi.scoring.followup import Changes, IssueChange, Revision, StatusChange, TrendPoint
from healthkpi.scoring.scorecard import Scorecard

APPLICATION_ID = 0x484B5049  # "HKPI": this SQLite file is a healthkpi history
BUSY_TIMEOUT = 120.0  # seconds a run waits for another one to finish writing
TREND_RUNS = 30  # runs drawn in the report's chart of each indicator's total
_MAGIC = b"SQLite format 3\x00"

# Each step brings the schema from version n to n + 1. A step, once released, never changes:
# files written by that version are migrated by exactly these statements.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (  # 1: runs, their inputs, results and data issues
        f"PRAGMA application_id = {APPLICATION_ID}",
        """CREATE TABLE runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            time TEXT NOT NULL,
            version TEXT NOT NULL,
            plan_id TEXT NOT NULL,
            plan_title TEXT,
            plan_path TEXT,
            plan_sha256 TEXT,
            level TEXT NOT NULL,
            units_key TEXT NOT NULL,
            units INTEGER NOT NULL,
            periods TEXT NOT NULL,
            summary TEXT NOT NULL
        )""",
        "CREATE INDEX runs_by_plan ON runs (plan_id, units_key, id)",
        """CREATE TABLE inputs (
            run_id INTEGER NOT NULL REFERENCES runs (id),
            position INTEGER NOT NULL,
            path TEXT NOT NULL,
            sheet TEXT,
            sha256 TEXT
        )""",
        """CREATE TABLE results (
            run_id INTEGER NOT NULL REFERENCES runs (id),
            kind TEXT NOT NULL,
            unit TEXT NOT NULL,
            unit_key TEXT NOT NULL,
            period TEXT,
            indicator TEXT NOT NULL,
            value REAL,
            numerator REAL,
            denominator REAL,
            target TEXT,
            status TEXT NOT NULL
        )""",
        "CREATE INDEX results_by_run ON results (run_id)",
        "CREATE INDEX results_by_target ON results (unit_key, indicator)",
        """CREATE TABLE issues (
            run_id INTEGER NOT NULL REFERENCES runs (id),
            level TEXT NOT NULL,
            code TEXT NOT NULL,
            location TEXT,
            unit TEXT,
            variable TEXT,
            period TEXT,
            message_vi TEXT,
            message_en TEXT
        )""",
        "CREATE INDEX issues_by_run ON issues (run_id)",
    ),
    (  # 2: the figures read, each with its cell, so that a revised figure can be shown
        """CREATE TABLE figures (
            run_id INTEGER NOT NULL REFERENCES runs (id),
            unit TEXT NOT NULL,
            unit_key TEXT NOT NULL,
            period TEXT,
            variable TEXT NOT NULL,
            value REAL,
            cell TEXT
        )""",
        "CREATE INDEX figures_by_run ON figures (run_id)",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)


@dataclass(frozen=True)
class RunInfo:
    """One recorded run, as `healthkpi history` lists it."""

    id: int
    time: str
    version: str
    plan_id: str
    plan_title: str | None
    plan_path: str | None
    level: str
    units: int
    periods: list[str | None]
    summary: dict[str, int]
    inputs: list[dict[str, str | None]]

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "time": self.time,
            "version": self.version,
            "plan": {"id": self.plan_id, "title": self.plan_title, "path": self.plan_path},
            "level": self.level,
            "units": self.units,
            "periods": self.periods,
            "summary": self.summary,
            "inputs": self.inputs,
        }


@dataclass(frozen=True)
class Trend:
    """One unit's (or the total's) indicator across the runs and periods recorded."""

    unit: str
    indicator: str
    total: bool
    points: list[TrendPoint]


def check_history_path(path: Path) -> None:
    """A usage error, before any work, for a history path that cannot be one: not an ordinary file,
    not a SQLite file, or in a folder that does not exist."""
    if path.exists():
        try:
            mode = path.stat().st_mode
        except OSError as exc:
            raise UsageError(key="history_unreadable", path=str(path), reason=os_reason(exc)) from None
        if not stat.S_ISREG(mode):
            raise UsageError(key="history_not_file", path=str(path))
        try:
            with path.open("rb") as file:
                head = file.read(len(_MAGIC))
        except OSError as exc:
            raise UsageError(key="history_unreadable", path=str(path), reason=os_reason(exc)) from None
        if head and head != _MAGIC:
            raise UsageError(key="history_not_sqlite", path=str(path))
    else:
        folder = path.parent if str(path.parent) else Path(".")
        if not folder.is_dir():
            raise UsageError(key="history_no_folder", path=str(path), folder=str(folder))


def register_history(path: Path) -> None:
    """The history file and SQLite's files beside it are inputs: no output may be written over them."""
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        register_input(name, Sentence("role_history_file"))


@contextlib.contextmanager
def open_history(path: Path) -> Iterator[History]:
    """The history file at `path`, created or brought up to date (a usage error when it cannot be)."""
    register_history(path)
    check_history_path(path)
    history = History(path)
    try:
        with _sqlite_errors(path):
            _migrate_in_turn(history)
        yield history
    finally:
        history.close()


def _migrate_in_turn(history: History) -> None:
    """`migrate`, tried again while another run holds the file: two runs creating one history file at
    once can deadlock on its locks (one switching it to WAL, the other reading it), and SQLite then
    answers "locked" at once, not after its busy timeout; the one told so waits and tries again."""
    deadline = monotonic() + BUSY_TIMEOUT
    while True:
        try:
            history.migrate()
            return
        except sqlite3.OperationalError as exc:
            busy = "locked" in str(exc) or "busy" in str(exc)
            if not busy or monotonic() > deadline:
                raise
            sleep(0.05)


@contextlib.contextmanager
def _sqlite_errors(path: Path) -> Iterator[None]:
    try:
        yield
    except sqlite3.OperationalError as exc:
        text = str(exc)
        if "locked" in text or "busy" in text:
            raise UsageError(key="history_busy", path=str(path), seconds=int(BUSY_TIMEOUT)) from None
        raise UsageError(key="history_unreadable", path=str(path), reason=sqlite_reason(exc)) from None
    except sqlite3.DatabaseError as exc:
        raise UsageError(key="history_unreadable", path=str(path), reason=sqlite_reason(exc)) from None


# SQLite's own (English) words for what went wrong, each with its sentence in the catalogue.
_SQLITE_REASONS = (
    ("malformed", "sqlite_damaged"),
    ("not a database", "sqlite_not_database"),
    ("unable to open", "sqlite_cannot_open"),
    ("readonly", "sqlite_read_only"),
    ("disk i/o", "sqlite_io"),
    ("is full", "sqlite_full"),
)


def sqlite_reason(exc: sqlite3.Error) -> Phrase:
    """SQLite's refusal in the reader's language; one it words otherwise, as a plain sentence."""
    text = str(exc).lower()
    for words, key in _SQLITE_REASONS:
        if words in text:
            return Phrase(key)
    return Phrase("sqlite_other", (("detail", str(exc)),))


class History:
    def __init__(self, path: Path):
        self.path = path
        try:
            self.db = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None)
        except sqlite3.Error as exc:
            raise UsageError(key="history_unreadable", path=str(path), reason=sqlite_reason(exc)) from None

    def close(self) -> None:
        self.db.close()

    # --- schema ---------------------------------------------------------------------------------

    def version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def migrate(self, to: int = SCHEMA_VERSION) -> None:
        """Create the schema or bring it up to `to`, each step in its own transaction; refuse a newer one."""
        found = self.version()
        self._refuse_newer(found)
        self._refuse_foreign(found)
        if self.db.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            self.db.execute("PRAGMA journal_mode = WAL")
        while found < to:
            with self._writing():
                found = self.version()  # another run may have migrated it meanwhile
                if found >= to:
                    break
                for statement in MIGRATIONS[found]:
                    self.db.execute(statement)
                found += 1
                self.db.execute(f"PRAGMA user_version = {found}")
        self.db.execute("PRAGMA foreign_keys = ON")

    def _refuse_newer(self, found: int) -> None:
        if found > SCHEMA_VERSION:
            raise UsageError(
                key="history_newer", path=str(self.path), found=found, supported=SCHEMA_VERSION, version=__version__
            )

    def _refuse_foreign(self, found: int) -> None:
        application = int(self.db.execute("PRAGMA application_id").fetchone()[0])
        tables = self.db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if (found and application != APPLICATION_ID) or (not found and tables):
            raise UsageError(key="history_not_ours", path=str(self.path))

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        """One write transaction, taken at once (BEGIN IMMEDIATE): committed whole or not at all."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # --- recording ------------------------------------------------------------------------------

    def record(self, card: Scorecard, *, lang: str = "vi", now: dt.datetime | None = None) -> Changes:
        """Record the run of `card` and say what changed since the last run of its plan on its units
        (the issues' sentences in `lang`)."""
        with _sqlite_errors(self.path):
            return self._record(card, "en" if lang == "en" else "vi", now or dt.datetime.now().astimezone())

    def _record(self, card: Scorecard, lang: str, now: dt.datetime) -> Changes:
        time = now.isoformat(timespec="seconds")
        results = list(_result_rows(card))
        units = sorted({key for kind, _u, key, *_ in results if kind == "unit"})
        key = _units_key(card.level, units)
        with self._writing():
            previous = self.db.execute(
                "SELECT id, time FROM runs WHERE plan_id = ? AND units_key = ? ORDER BY id DESC LIMIT 1",
                (card.plan.id, key),
            ).fetchone()
            run = self._insert_run(card, time, key, len(units))
            self._insert_rows(run, card, results)
        changes = Changes(run=run, time=time, history=str(self.path))
        if previous is not None:
            changes = self._compare(changes, card, results, previous, lang)
        return Changes(**{**changes.__dict__, "trends": self._trends(card, key)})

    def _insert_run(self, card: Scorecard, time: str, key: str, units: int) -> int:
        plan = card.plan
        cursor = self.db.execute(
            "INSERT INTO runs (time, version, plan_id, plan_title, plan_path, plan_sha256, level, units_key, units,"
            " periods, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                time, __version__, plan.id, plan.title("vi"), plan.path, _sha256(plan.path), card.level, key, units,
                json.dumps(card.periods, ensure_ascii=False), json.dumps(card.summary()),
            ),
        )  # fmt: skip
        run = cursor.lastrowid
        assert run is not None
        self.db.executemany(
            "INSERT INTO inputs (run_id, position, path, sheet, sha256) VALUES (?, ?, ?, ?, ?)",
            [(run, n, info.path, info.sheet, info.sha256) for n, info in enumerate(card.data.inputs)],
        )
        return run

    def _insert_rows(self, run: int, card: Scorecard, results: list[tuple[Any, ...]]) -> None:
        self.db.executemany(
            "INSERT INTO results (run_id, kind, unit, unit_key, period, indicator, value, numerator, denominator,"
            " target, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ((run, *row) for row in results),
        )
        self.db.executemany(
            "INSERT INTO issues (run_id, level, code, location, unit, variable, period, message_vi, message_en)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                (
                    run,
                    str(i.level),
                    str(i.code),
                    i.where,
                    i.unit,
                    i.variable,
                    i.period,
                    i.message("vi"),
                    i.message("en"),
                )
                for i in card.issues
            ),
        )
        self.db.executemany(
            "INSERT INTO figures (run_id, unit, unit_key, period, variable, value, cell) VALUES (?, ?, ?, ?, ?, ?, ?)",
            ((run, *row) for row in _figure_rows(card)),
        )

    # --- what changed ---------------------------------------------------------------------------

    def _compare(
        self, changes: Changes, card: Scorecard, results: list[tuple[Any, ...]], previous: Any, lang: str
    ) -> Changes:
        since, since_time = int(previous[0]), str(previous[1])
        before = {
            (kind, key, period, indicator): (status, value)
            for kind, key, period, indicator, status, value in self.db.execute(
                "SELECT kind, unit_key, period, indicator, status, value FROM results WHERE run_id = ?", (since,)
            )
        }
        statuses = []
        for kind, unit, key, period, indicator, value, _n, _d, _t, status in results:
            old = before.get((kind, key, period, indicator))
            if old is not None and old[0] != status:
                statuses.append(StatusChange(unit, period, indicator, old[0], status, old[1], value, kind != "unit"))
        old_figures = {
            (key, period, variable): (value, cell)
            for key, period, variable, value, cell in self.db.execute(
                "SELECT unit_key, period, variable, value, cell FROM figures WHERE run_id = ?", (since,)
            )
        }
        revised = []
        for unit, key, period, variable, value, cell in _figure_rows(card):
            old = old_figures.get((key, period, variable))
            if old is not None and not _same(old[0], value):
                revised.append(Revision(unit, period, variable, old[0], value, cell, old[1]))
        old_issues = {
            _issue_key(row[1], row[3], row[4], row[5], row[2]): IssueChange(
                row[0], row[1], row[2], row[3], row[4], row[5], row[6] if lang == "vi" else row[7]
            )
            for row in self.db.execute(
                "SELECT level, code, location, unit, variable, period, message_vi, message_en FROM issues"
                " WHERE run_id = ?",
                (since,),
            )
        }
        now_issues = {
            _issue_key(str(i.code), i.unit, i.variable, i.period, i.where): IssueChange(
                str(i.level), str(i.code), i.where, i.unit, i.variable, i.period, i.message(lang)
            )
            for i in card.issues
        }
        new = [issue for key, issue in now_issues.items() if key not in old_issues]
        resolved = [issue for key, issue in old_issues.items() if key not in now_issues]
        return Changes(
            run=changes.run, time=changes.time, history=changes.history, since_run=since, since_time=since_time,
            statuses=statuses, revised=revised, new_issues=new, resolved_issues=resolved,
        )  # fmt: skip

    def _trends(self, card: Scorecard, key: str) -> dict[str, list[TrendPoint]]:
        """Each indicator's total over the last runs of this plan on these units (latest period of each)."""
        runs = self.db.execute(
            "SELECT id, time, periods FROM runs WHERE plan_id = ? AND units_key = ? ORDER BY id DESC LIMIT ?",
            (card.plan.id, key, TREND_RUNS),
        ).fetchall()
        trends: dict[str, list[TrendPoint]] = {}
        for run, time, periods in reversed(runs):
            scored = json.loads(periods)
            latest = scored[-1] if scored else None
            for indicator, value, status in self.db.execute(
                "SELECT indicator, value, status FROM results WHERE run_id = ? AND kind = 'total' AND period IS ?",
                (run, latest),
            ):
                trends.setdefault(indicator, []).append(TrendPoint(run, time, latest, value, status))
        return trends

    # --- reading --------------------------------------------------------------------------------

    def runs(self, plan: str | None = None) -> list[RunInfo]:
        with _sqlite_errors(self.path):
            query = "SELECT id, time, version, plan_id, plan_title, plan_path, level, units, periods, summary FROM runs"
            rows = self.db.execute(
                query + (" WHERE plan_id = ?" if plan else "") + " ORDER BY id", (plan,) if plan else ()
            )
            inputs: dict[int, list[dict[str, str | None]]] = {}
            for run, path, sheet, sha in self.db.execute(
                "SELECT run_id, path, sheet, sha256 FROM inputs ORDER BY run_id, position"
            ):
                inputs.setdefault(run, []).append({"path": path, "sheet": sheet, "sha256": sha})
            return [
                RunInfo(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], json.loads(r[8]), json.loads(r[9]), inputs.get(r[0], []))
                for r in rows.fetchall()
            ]  # fmt: skip

    def trends(self, *, plan: str | None, unit: str | None, indicator: str | None) -> list[Trend]:
        """Each (unit, indicator) asked for across the runs and periods recorded, in run order and
        period order. `unit` may name the total ("total", or its label)."""
        with _sqlite_errors(self.path):
            clauses, facts = [], []
            if plan:
                clauses.append("r.plan_id = ?")
                facts.append(plan)
            if indicator:
                clauses.append("res.indicator = ?")
                facts.append(indicator)
            if unit and unit.casefold() not in ("total", "tổng"):
                clauses.append("(res.unit_key = ?)")
                facts.append(unit_key(unit))
            elif unit:
                clauses.append("res.kind = 'total'")
            where = " AND ".join(["res.kind != 'subtotal'", *clauses])
            query = (
                "SELECT res.unit, res.unit_key, res.kind, res.indicator, r.id, r.time, res.period, res.value,"  # noqa: S608 — the clauses are fixed text; values are bound
                " res.status FROM results res JOIN runs r ON r.id = res.run_id WHERE " + where
            )
            rows = self.db.execute(query, facts).fetchall()
        grouped: dict[tuple[str, str, str], tuple[str, list[TrendPoint]]] = {}
        for name, key, kind, ind, run, time, period, value, status in rows:
            entry = grouped.setdefault((kind, key, ind), (name, []))
            entry[1].append(TrendPoint(run, time, period, value, status))
        trends = []
        for (kind, _key, ind), (name, points) in grouped.items():
            points.sort(key=lambda p: (period_order(p.period) if p.period else (-1, Fraction(0), ""), p.run))
            trends.append(Trend(name, ind, kind == "total", points))
        trends.sort(key=lambda t: (t.indicator, t.total, unit_key(t.unit)))
        return trends


def _result_rows(card: Scorecard) -> Iterator[tuple[Any, ...]]:
    """(kind, unit, unit key, period, indicator, value, numerator, denominator, target, status)."""
    frames = [("unit", card.results_frame), ("total", card.totals_frame)]
    if card.subtotals_frame is not None:
        frames.append(("subtotal", card.subtotals_frame))
    for kind, frame in frames:
        columns = ["unit", "period", "indicator", "value", "numerator", "denominator", "target", "status"]
        for unit, period, indicator, value, numerator, denominator, target, status in frame[columns].itertuples(
            index=False, name=None
        ):
            yield (
                kind, unit, unit_key(unit), _text(period), indicator, _number(value), _number(numerator),
                _number(denominator), _text(target), str(status),
            )  # fmt: skip


def _figure_rows(card: Scorecard) -> Iterator[tuple[Any, ...]]:
    """(unit, unit key, period, variable, value, cell) of every figure read."""
    data = card.data
    frame = data.frame
    variables = [v for v in data.variables if v in frame.columns]
    units = frame[UNIT].tolist()
    periods = frame[PERIOD].tolist()
    for variable in variables:
        values = frame[variable].tolist()
        for index, (unit, period, value) in enumerate(zip(units, periods, values, strict=True)):
            yield unit, unit_key(unit), _text(period), variable, _number(value), data.cell(index, variable)


def _units_key(level: str, units: Iterable[str]) -> str:
    return hashlib.sha256("\n".join([level, *units]).encode("utf-8")).hexdigest()


def _issue_key(
    code: str, unit: str | None, variable: str | None, period: str | None, where: str | None
) -> tuple[str, ...]:
    return (code, unit_key(unit) if unit else "", variable or "", period or "", where or "")


def _number(value: Any) -> float | None:
    if value is None or value is pd.NA:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _text(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return None
    return str(value)


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return a == b or math.isclose(a, b, rel_tol=1e-12, abs_tol=0.0)


def _sha256(path: str | None) -> str | None:
    if not path or not os.path.isfile(path):
        return None
    digest = hashlib.sha256()
    with contextlib.suppress(OSError), open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()
