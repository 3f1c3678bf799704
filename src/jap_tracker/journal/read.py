"""Reading the journal: every month file's records, with a located diagnostic for each damaged
line and record. Lines as jap writes them are read by ``lines.parse_lines``; any other file by
``tomllib``, line by line where it is damaged, so that every good record is kept. What a valid
record is, is for ``records`` to say.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeAlias

from jap_tracker.diagnostics import Diagnostic
from jap_tracker.layout import journal_files, journal_folder, odd_entries, odd_message
from jap_tracker.model import Retraction, Update


def _bad(path: str, line: int, message: str, code: str = "bad-record") -> Diagnostic:
    return Diagnostic(path, line, 0, code, message)


def record_lines(text: str) -> list[int]:
    """1-based numbers of the lines that hold a record (not blank, not a comment). Blank is
    TOML's blank: spaces and tabs (and the CR of a CRLF); any other character is content."""
    from jap_tracker.journal.lines import forbidden  # (the parser: not for what the cache has)

    out = []
    for number, line in enumerate(text.split("\n"), 1):
        stripped = line.lstrip(" \t").rstrip("\r")
        if stripped and (stripped[0] != "#" or forbidden(stripped)):
            out.append(number)  # a comment TOML rejects is read too, to be reported
    return out


def parse_journal_file(
    data: bytes, path: str
) -> tuple[list[Update], list[Retraction], list[Diagnostic]]:
    """One journal file's bytes -> its records; damage is reported line by line."""
    from jap_tracker.journal.lines import parse_lines
    from jap_tracker.records import BOUND_TEXT

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
    if text.startswith("\ufeff"):  # a byte-order mark some editors add
        text = text[1:]
    numbers = record_lines(text)
    pairs: list[tuple[int, str, Any]] = []
    plain = None if diagnostics else parse_lines(text, numbers, path)
    if plain is not None:  # every line as jap writes it: read without the TOML parser
        return _records(plain, path, diagnostics)
    import tomllib

    try:
        doc = tomllib.loads(text) if not diagnostics else None
    except (tomllib.TOMLDecodeError, RecursionError, ValueError):  # (ValueError: 4,300 digits)
        doc = None
    if doc is not None and len(doc) == len(numbers):
        pairs = [(n, k, v) for n, (k, v) in zip(numbers, doc.items(), strict=True)]
    else:  # damaged, or not one record a line: read line by line to keep every good record
        lines = text.split("\n")
        copies: dict[str, Any] = {}
        for n in numbers:
            line_text = lines[n - 1].removesuffix("\r")  # CRLF: a lone CR is not TOML
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
            except ValueError:  # an integer of more digits than Python converts
                message = f"not a valid record (a number too large: numbers must be {BOUND_TEXT})"
                diagnostics.append(_bad(path, n, message, "number-too-large"))
                continue
            for key, value in one.items():
                if key in copies and copies[key] == value:
                    # The same record twice, as a git merge leaves it after a cherry-pick
                    # (merge=union keeps both copies): one record, counted once.
                    continue
                copies.setdefault(key, value)
                pairs.append((n, key, value))
    return _records(pairs, path, diagnostics)


def _records(
    pairs: list[tuple[int, str, Any]], path: str, diagnostics: list[Diagnostic]
) -> tuple[list[Update], list[Retraction], list[Diagnostic]]:
    """(line, key, value) of each record -> the records, with their problems located. A value
    is a TOML table, or an update that the line reader already made of its line."""
    from jap_tracker.records import read_record

    updates: list[Update] = []
    retractions: list[Retraction] = []
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
        if isinstance(value, Update):  # made by the line reader: read_record's own
            updates.append(value)
            continue
        record, problems = read_record(key, value, path, number)
        diagnostics.extend(problems)
        if isinstance(record, Update):
            updates.append(record)
        elif isinstance(record, Retraction):
            retractions.append(record)
    return updates, retractions, diagnostics


def journal_folder_problem(
    workspace: Path, display: Callable[[Path], str] = str
) -> list[Diagnostic]:
    """What is wrong with the journal folder itself, or with an entry of it that is named like a
    journal file but is not one (a folder, a FIFO, a device): a located problem for every
    command, never an OS error later (nothing here is opened)."""
    folder = journal_folder(workspace)
    if os.path.islink(folder) and not folder.exists():
        message = "is a link to nothing: jap keeps its journal there; remove the link"
        where = str(Path(display(workspace)) / folder.name)  # the link, not where it points
        return [Diagnostic(where, 1, 0, "journal-not-folder", message)]
    if folder.exists() and not folder.is_dir():
        message = "is not a folder: jap keeps its journal there; move this file elsewhere"
        return [Diagnostic(display(folder), 1, 0, "journal-not-folder", message)]
    if not folder.is_dir():
        return []
    try:
        with os.scandir(folder):
            pass
    except OSError as exc:
        message = f"cannot be listed ({exc.strerror}): its records cannot be read"
        return [Diagnostic(display(folder), 1, 0, "unreadable", message)]
    return [
        Diagnostic(str(Path(display(folder)) / path.name), 1, 0, "unreadable", odd_message(what))
        for path, what in odd_entries(folder)
    ]


Records: TypeAlias = tuple[list[Update], list[Retraction], list[Diagnostic]]
Reader: TypeAlias = Callable[[Path, str], Records]


def read_file(path: Path, name: str) -> Records:
    """One journal file's records, read from the file; ``name`` names it in messages."""
    return parse_journal_file(path.read_bytes(), name)


def read_journal(
    workspace: Path, display: Callable[[Path], str] = str, records_of: Reader = read_file
) -> Records:
    """Every record of the workspace's journal, with diagnostics for damaged ones.

    ``records_of(path, name)`` gives one file's records (the cache passes one that answers
    from what it kept); an ``OSError`` from it is reported as a file that cannot be read."""
    updates: list[Update] = []
    retractions: list[Retraction] = []
    diagnostics: list[Diagnostic] = journal_folder_problem(workspace, display)
    for file in journal_files(workspace):
        name = display(file)
        try:
            u, r, d = records_of(file, name)
        except OSError as exc:
            diagnostics.append(Diagnostic(name, 1, 0, "unreadable", f"cannot read: {exc.strerror}"))
            continue
        updates.extend(u)
        retractions.extend(r)
        diagnostics.extend(d)
    return updates, retractions, diagnostics
