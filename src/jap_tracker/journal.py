"""The only reader and writer of progress records (the journal).

Layout: ``<workspace>/journal/YYYY-MM.toml``, one file per month in which records were made
(UTC), one record per line, each a TOML key holding an inline table::

    u20261123T040512123456-3f9a2c1b = { item = "RM-2024-03", date = 2024-05-14, ... }

Records are appended under a lock by writing a new copy of the month's file and moving it over
the old one with ``os.replace``: a reader, or a writer killed at any instant, sees the file
either without or with the whole new record. Because every record is one line with a unique
key, a ``.gitattributes`` that jap writes on first use (``*.toml merge=union``) lets git merge
two branches that both added records without a conflict. The format is in docs/journal.md.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import secrets
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import tomli_w

from jap_tracker import codes, recordline
from jap_tracker.diagnostics import Diagnostic, closest
from jap_tracker.model import STATUSES, Retraction, Update

JOURNAL_DIR = "journal"
FORMAT_HEADER = "# jap journal, format 1: one record a line (see docs/journal.md)\n"
GITATTRIBUTES = (
    "# written by jap: records are single lines, so merging both sides is safe\n"
    "*.toml merge=union\n"
)
GITIGNORE = "# written by jap: lock and unfinished writes\n.lock\n*.tmp\n"
LOCK_TIMEOUT = 10.0

UPDATE_KEYS = (
    "item",
    "date",
    "status",
    "progress",
    "indicators",
    "countries",
    "note",
    "by",
    "evidence",
    "recorded",
)
RETRACTION_KEYS = ("retracts", "note", "by", "recorded")
_RECORD_ID = re.compile(r"^[A-Za-z0-9_-]+$")


class JournalLocked(Exception):
    """Another writer held the journal's lock for longer than the timeout."""


# ---- writing --------------------------------------------------------------------------------


def new_record_id(recorded: dt.datetime, kind: str = "u") -> str:
    stamp = recorded.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
    return f"{kind}{stamp}-{secrets.token_hex(4)}"


def _value(value: Any) -> str:
    """One TOML value, formatted by tomli-w, on one line."""
    if isinstance(value, Mapping):
        inner = ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items())
        return "{ " + inner + " }" if inner else "{}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    return tomli_w.dumps({"v": value})[4:-1]


def _key(key: str) -> str:
    return tomli_w.dumps({key: 0})[:-5]


def format_record(record_id: str, fields: Mapping[str, Any]) -> str:
    """One journal line: ``key = { ... }`` with the fields that are set, in a fixed order."""
    order = UPDATE_KEYS if "item" in fields else RETRACTION_KEYS
    present = {k: fields[k] for k in order if fields.get(k) is not None}
    line = f"{_key(record_id)} = {_value(present)}\n"
    assert "\n" not in line[:-1]
    return line


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def ensure_journal(workspace: Path) -> Path:
    """Create the journal folder with its .gitattributes and .gitignore where missing."""
    folder = workspace / JOURNAL_DIR
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in ((".gitattributes", GITATTRIBUTES), (".gitignore", GITIGNORE)):
        target = folder / name
        if not target.exists():
            _write_atomic(target, content.encode())
    return folder


def shard_name(recorded: dt.datetime) -> str:
    return recorded.astimezone(dt.UTC).strftime("%Y-%m") + ".toml"


def append_records(
    workspace: Path, lines: Iterable[tuple[dt.datetime, str]], timeout: float = LOCK_TIMEOUT
) -> None:
    """Append formatted record lines, each to the file of the month it was recorded in.

    The whole batch is written under one lock; each file is replaced atomically.
    """
    from filelock import FileLock, Timeout

    folder = ensure_journal(workspace)
    by_shard: dict[str, list[str]] = {}
    for recorded, line in lines:
        by_shard.setdefault(shard_name(recorded), []).append(line)
    lock = FileLock(str(folder / ".lock"), timeout=timeout)
    try:
        lock.acquire()
    except Timeout as exc:
        raise JournalLocked(
            f"{folder}: another jap is writing and held the lock for more than {timeout:g} s; "
            "try again (or remove a stale .lock file left by a crashed program)"
        ) from exc
    try:
        for name, new_lines in sorted(by_shard.items()):
            shard = folder / name
            try:
                old = shard.read_bytes()
            except FileNotFoundError:
                old = FORMAT_HEADER.encode()
            if old and not old.endswith(b"\n"):
                old += b"\n"
            _write_atomic(shard, old + "".join(new_lines).encode("utf-8"))
    finally:
        lock.release()


# ---- reading --------------------------------------------------------------------------------


def journal_files(workspace: Path) -> list[Path]:
    folder = workspace / JOURNAL_DIR
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.toml") if p.is_file())


def _bad(path: str, line: int, message: str, code: str = "bad-record") -> Diagnostic:
    return Diagnostic(path, line, 0, code, message)


def _record_lines(text: str) -> list[int]:
    """1-based numbers of the lines that hold a record (not blank, not a comment)."""
    out = []
    for number, line in enumerate(text.split("\n"), 1):
        stripped = line.lstrip()
        if stripped and stripped[0] != "#":
            out.append(number)
    return out


def parse_journal_file(
    data: bytes, path: str
) -> tuple[list[Update], list[Retraction], list[Diagnostic]]:
    """One journal file's bytes -> its records; damage is reported line by line."""
    updates: list[Update] = []
    retractions: list[Retraction] = []
    diagnostics: list[Diagnostic] = []
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        diagnostics.append(
            _bad(
                path,
                line,
                "not valid UTF-8: this line was not written by jap; "
                "restore it from git or remove it",
                "encoding",
            )
        )
        text = data.decode("utf-8", errors="replace")
    numbers = _record_lines(text)
    pairs: list[tuple[int, str, Any]] = []
    plain = None if diagnostics else recordline.parse_lines(text, numbers)
    try:
        doc = tomllib.loads(text) if not diagnostics and plain is None else None
    except (tomllib.TOMLDecodeError, RecursionError):
        doc = None
    if plain is not None:  # every line as jap writes it: read without the TOML parser
        pairs = plain
    elif doc is not None and len(doc) == len(numbers):
        pairs = [(n, k, v) for n, (k, v) in zip(numbers, doc.items(), strict=True)]
    else:  # damaged, or not one record a line: read line by line to keep every good record
        lines = text.split("\n")
        for n in numbers:
            line_text = lines[n - 1]
            try:
                one = tomllib.loads(line_text)
            except tomllib.TOMLDecodeError as exc:
                reason = re.sub(r"\s*\(at .*\)$", "", str(exc))
                diagnostics.append(
                    _bad(
                        path,
                        n,
                        f"not a valid record ({reason}): a journal "
                        "record is one line `ID = { ... }`; restore the line "
                        "from git or remove it",
                        "toml-syntax",
                    )
                )
                continue
            except RecursionError:
                diagnostics.append(
                    _bad(path, n, "not a valid record (nested too deep)", "too-deep")
                )
                continue
            for key, value in one.items():
                pairs.append((n, key, value))
    seen: dict[str, int] = {}
    for number, key, value in pairs:
        if key in seen:
            diagnostics.append(
                _bad(
                    path,
                    number,
                    f"record id '{key}' already used on line {seen[key]}",
                    "duplicate-record",
                )
            )
            continue
        seen[key] = number
        record, problems = _record(key, value, path, number)
        diagnostics.extend(problems)
        if isinstance(record, Update):
            updates.append(record)
        elif isinstance(record, Retraction):
            retractions.append(record)
    return updates, retractions, diagnostics


def _record(
    key: str, value: Any, path: str, line: int
) -> tuple[Update | Retraction | None, list[Diagnostic]]:
    problems: list[str] = []
    if not _RECORD_ID.match(key):
        problems.append(f"record id {key!r} may hold only letters, digits, '_' and '-'")
    if not isinstance(value, dict):
        return None, [_bad(path, line, f"record '{key}' must be an inline table {{ ... }}")]
    kind_keys = UPDATE_KEYS if "item" in value or "retracts" not in value else RETRACTION_KEYS
    for field in value:
        if field not in kind_keys:
            near = closest(field, kind_keys, n=1)
            hint = f" (did you mean '{near[0]}'?)" if near else ""
            problems.append(f"unknown field '{field}'{hint}")
    by = value.get("by")
    if not isinstance(by, str) or not by.strip():
        problems.append("'by' must be a non-empty string")
    recorded = value.get("recorded")
    if isinstance(recorded, dt.datetime):
        if recorded.tzinfo is None:
            recorded = recorded.replace(tzinfo=dt.UTC)
    else:
        problems.append("'recorded' must be a date-time like 2026-11-23T10:00:00Z")
    note = value.get("note")
    if note is not None and not isinstance(note, str):
        problems.append("'note' must be a string")
    if kind_keys is RETRACTION_KEYS:
        target = value.get("retracts")
        if not isinstance(target, str) or not target:
            problems.append("'retracts' must name a record id")
        if problems:
            return None, [_bad(path, line, f"record '{key}': {p}") for p in problems]
        assert isinstance(recorded, dt.datetime)
        return Retraction(key, str(target), recorded, str(by), note, path, line), []
    item = value.get("item")
    if not isinstance(item, str) or not item:
        problems.append("'item' must be a non-empty string")
    date = value.get("date")
    if isinstance(date, dt.datetime) or not isinstance(date, dt.date):
        problems.append("'date' must be a date like 2024-05-14")
    status = value.get("status")
    if status is not None and status not in STATUSES:
        problems.append(f"'status' must be one of {', '.join(STATUSES)}")
    progress = value.get("progress")
    if progress is not None:
        if (
            isinstance(progress, bool)
            or not isinstance(progress, int | float)
            or not (0 <= progress <= 100)
        ):
            problems.append("'progress' must be a number from 0 to 100")
        else:
            progress = float(progress)
    indicators: tuple[tuple[str, float], ...] = ()
    raw_ind = value.get("indicators")
    if raw_ind is not None:
        if not isinstance(raw_ind, dict) or not all(
            isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)
            for v in raw_ind.values()
        ):
            problems.append("'indicators' must be a table of indicator ids to finite numbers")
        else:
            indicators = tuple((k, float(v)) for k, v in raw_ind.items())
    countries: tuple[str, ...] | None = None
    raw_c = value.get("countries")
    if raw_c is not None:
        normal = (
            [codes.normalize_country(c) if isinstance(c, str) else None for c in raw_c]
            if (isinstance(raw_c, list))
            else [None]
        )
        if None in normal or not normal:
            problems.append("'countries' must be a non-empty list of ISO 3166-1 alpha-2 codes")
        else:
            countries = tuple(c for c in normal if c)
    evidence = value.get("evidence")
    if evidence is not None and not isinstance(evidence, str):
        problems.append("'evidence' must be a string")
    if not problems and status is None and progress is None and not indicators and note is None:
        problems.append("records nothing: it needs a status, progress, indicators or a note")
    if problems:
        return None, [_bad(path, line, f"record '{key}': {p}") for p in problems]
    assert isinstance(date, dt.date) and isinstance(recorded, dt.datetime)
    return Update(
        key,
        str(item),
        date,
        recorded,
        str(by),
        status,
        progress,
        indicators,
        countries,
        note,
        evidence,
        path,
        line,
    ), []


def read_journal(
    workspace: Path, display: Any = str
) -> tuple[list[Update], list[Retraction], list[Diagnostic]]:
    """Every record of the workspace's journal, with diagnostics for damaged ones."""
    updates: list[Update] = []
    retractions: list[Retraction] = []
    diagnostics: list[Diagnostic] = []
    for file in journal_files(workspace):
        name = display(file)
        try:
            data = file.read_bytes()
        except OSError as exc:
            diagnostics.append(Diagnostic(name, 0, 0, "unreadable", f"cannot read: {exc.strerror}"))
            continue
        u, r, d = parse_journal_file(data, name)
        updates.extend(u)
        retractions.extend(r)
        diagnostics.extend(d)
    return updates, retractions, diagnostics
