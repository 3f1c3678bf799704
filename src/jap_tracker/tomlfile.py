"""A plan file's bytes as a TOML document (``decode_toml``): decoded as UTF-8, parsed by
``tomllib``'s parser (as ``tomlparse`` runs it), and every way that can fail told as one
located diagnostic: not UTF-8, a syntax error at tomllib's position (a value that looks like a
date but is none, such as 2025-13-01, named with what to write), a number Python will not
convert, values nested too deep.
"""

from __future__ import annotations

import re
import sys
from typing import Any

from jap_tracker.diagnostics import Diagnostic
from jap_tracker.records.rules import BOUND_TEXT
from jap_tracker.sourcemap import build_source_map, locate_within
from jap_tracker.tomlparse import parser

MAX_DEPTH = 32
_INT_DIGITS = sys.get_int_max_str_digits() or 4300  # Python's limit, 4,300 by default
_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


def decode_toml(data: bytes, path: str) -> tuple[dict[str, Any] | None, str, list[Diagnostic]]:
    """Bytes -> (document, text, diagnostics). The document is None when it did not parse."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return (
            None,
            "",
            [Diagnostic(path, line, col, "encoding", "not valid UTF-8: save the file as UTF-8")],
        )
    toml = parser()
    try:
        doc = toml.loads(text)
    except toml.error as exc:
        message = str(exc)
        line = col = 0
        match = _POSITION.search(message)
        if match:
            line, col = int(match.group(1)), int(match.group(2))
            message = message[: match.start()]
        elif message.endswith("(at end of document)"):
            line = text.count("\n") + 1
            message = message[: -len("(at end of document)")].rstrip()
        bad_date = _date_problem(text, line, col)
        if bad_date is not None:
            col, message = bad_date
            return None, text, [Diagnostic(path, line, col, "invalid-date", message)]
        return None, text, [Diagnostic(path, line, col, "toml-syntax", f"invalid TOML: {message}")]
    except ValueError:  # Python's limit on the digits of an integer (4,300): no TOML error
        line, col = _long_number(text)
        message = f"a number with more than {_INT_DIGITS:,} digits: numbers must be {BOUND_TEXT}"
        return None, text, [Diagnostic(path, line, col, "number-too-large", message)]
    except RecursionError:
        line, col = _deep_position(text)
        return (
            None,
            text,
            [
                Diagnostic(
                    path, line, col, "too-deep", f"values nested more than {MAX_DEPTH} levels deep"
                )
            ],
        )
    deep = _too_deep(doc)
    if deep is not None:
        line, col = locate_within(build_source_map(text), deep)
        line = line or 1
        return (
            None,
            text,
            [
                Diagnostic(
                    path, line, col, "too-deep", f"values nested more than {MAX_DEPTH} levels deep"
                )
            ],
        )
    return doc, text, []


# A date (and time) as people write one, valid or not: what tomllib stopped at, when it did
_DATE_LIKE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[Tt ]([0-9]{2}):([0-9]{2}))?")
_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)  # (February 29 checked on its own)


def _date_problem(text: str, line: int, col: int) -> tuple[int, str] | None:
    """(column, message) when TOML's syntax error at ``line``:``col`` is a value that looks
    like a date but is none (``2025-13-01``, ``2025-02-30``, ``2025-6-30``); else None."""
    if line < 1:
        return None
    start = 0
    for _ in range(line - 1):
        start = text.find("\n", start) + 1
        if start == 0:
            return None
    end = text.find("\n", start)
    row = text[start : len(text) if end < 0 else end]
    for match in _DATE_LIKE.finditer(row):
        before = row[: match.start()].rstrip(" \t")
        if not match.start() <= col - 1 <= match.end() or not before.endswith(("=", "[", ",", "{")):
            continue
        year, month, day = (int(g) for g in match.groups()[:3])
        written, hour, minute = match.group(), match.group(4), match.group(5)
        example = "2025-06-30"
        if not 1 <= month <= 12:
            why = f"there is no month {month}"
        elif not 1 <= day <= _DAYS[month - 1] or (month, day) == (2, 29) and not _leap(year):
            days = 29 if month == 2 and _leap(year) else _DAYS[month - 1] - (month == 2)
            why = f"{year}-{month:02d} has {days} days"
        elif len(match.group(2)) != 2 or len(match.group(3)) != 2:
            why, example = (
                "the month and the day take two digits each",
                f"{year}-{month:02d}-{day:02d}",
            )
        elif hour is not None and (int(hour) > 23 or int(minute) > 59):
            why = f"{hour}:{minute} is not a time of day"
        else:
            return None
        return match.start() + 1, (
            f"{written} is not a valid date ({why}): write dates as YYYY-MM-DD, "
            f"without quotes (for example {example})"
        )
    return None


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _long_number(text: str) -> tuple[int, int]:
    """(line, column) of the first run of more digits than Python turns into an integer."""
    match = re.search(rf"[0-9](?:_?[0-9]){{{_INT_DIGITS},}}", text)
    if match is None:
        return 1, 0
    start = match.start()
    return text.count("\n", 0, start) + 1, start - (text.rfind("\n", 0, start) + 1) + 1


def _deep_position(text: str) -> tuple[int, int]:
    """Where brackets and braces first nest more than MAX_DEPTH deep (strings and comments
    skipped); (1, 0) when that cannot be found. Used when the parser itself gave up."""
    depth, line, line_start, pos, n = 0, 1, 0, 0, len(text)
    while pos < n:
        ch = text[pos]
        if ch == "\n":
            line, line_start = line + 1, pos + 1
        elif ch == "#":
            end = text.find("\n", pos)
            pos = n if end < 0 else end
            continue
        elif ch in "\"'":
            delim = ch * 3 if text.startswith(ch * 3, pos) else ch
            pos += len(delim)
            while pos < n and not text.startswith(delim, pos):
                if text[pos] == "\\" and ch == '"':
                    pos += 1
                elif text[pos] == "\n":
                    if len(delim) == 1:
                        break
                    line, line_start = line + 1, pos + 1
                pos += 1
            pos += len(delim)
            continue
        elif ch in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return line, pos - line_start + 1
        elif ch in "]}":
            depth = max(0, depth - 1)
        pos += 1
    return 1, 0


def _too_deep(doc: Any) -> tuple[str | int, ...] | None:
    """The path of the first value (in ``_deep_path``'s order) nested more than MAX_DEPTH
    deep, or None. Level by level, without a path per value: found only when some value is."""
    level: list[Any] = [doc]
    for _depth in range(MAX_DEPTH + 1):
        deeper: list[Any] = []
        for value in level:
            if isinstance(value, dict):
                deeper.extend(value.values())
            elif isinstance(value, list):
                deeper.extend(value)
        if not deeper:
            return None
        level = deeper
    return _deep_path(doc)  # some value lies MAX_DEPTH + 1 levels deep


def _deep_path(doc: Any) -> tuple[str | int, ...] | None:
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(doc, ())]
    while stack:
        value, path = stack.pop()
        if len(path) > MAX_DEPTH:
            return path
        if isinstance(value, dict):
            stack.extend((v, path + (k,)) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((v, path + (i,)) for i, v in enumerate(value))
    return None
