"""JSON text from plain data (``dumps``): two-space indents, UTF-8 as it is, dates in ISO 8601,
and the characters a terminal acts on escaped. The bytes are those of the standard library's
``json.dumps(indent=2, ensure_ascii=False)``; big outputs are encoded by orjson, whose text
is the same (docs/performance.md says where they differ and how ``dumps`` keeps to json's)."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

SCHEMA_VERSION = 1  # of every JSON output (spec section 6)

# From this many values on (estimated by ``_size``), orjson: importing it costs 15-20 ms, what
# json spends on about 10,000 values (1.5-2.7 us each, measured on jap's reports and changes).
# So 1,000 report items (56 values each) go to orjson, 71 (the shipped plans) or 464 changes (11
# values each) stay with json, as do a status, a check and a trend.
FAST_FROM = 10_000


def _default(value: Any) -> Any:
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


# Characters json.dumps leaves as they are but a terminal acts on: DEL, C1 controls, the
# Unicode line and paragraph separators, bidi overrides. They occur only inside strings, where
# \uNNNN means the same character.
_UNSAFE = re.compile(r"[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# The same characters in UTF-8, looked for in orjson's bytes by their first byte, which
# re finds fast (a regular expression with a literal start); ``_UNSAFE`` alone is 4x slower.
_UNSAFE_C1 = re.compile(rb"\xc2[\x80-\x9f]")
_UNSAFE_E2 = re.compile(rb"\xe2(?:\x80[\xa8-\xae]|\x81[\xa6-\xa9])")
# Numbers that orjson writes otherwise than float.__repr__: below 1e-4 it may write 0.00001
# for 1e-05, or 2.5e-7 for 2.5e-07. So where either text stands as a number (a value after a
# space, before a comma or a line's end), json writes the whole text.
_SMALL_FLOAT_MARKS = (b"0.0000", b"e-")
_NUMBER_BYTES = frozenset(b"-+.0123456789eE")


def dumps(data: Any) -> str:
    """``data`` as JSON text, ending with a newline."""
    fast = _fast(data) if _size(data) >= FAST_FROM else None
    if fast is not None:
        text, unsafe = fast
    else:
        text, unsafe = json.dumps(data, ensure_ascii=False, indent=2, default=_default), True
    if unsafe:
        text = _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text + "\n"


def _size(data: Any) -> int:
    """About how many values ``data`` holds: each top-level list's length times the values of
    its first row (the rows of one list have one shape), without walking every row."""
    if isinstance(data, dict):
        lists = [v for v in data.values() if isinstance(v, list)]
    else:
        lists = [data] if isinstance(data, list) else []
    return sum(len(rows) * _values(rows[0]) for rows in lists if rows)


def _values(value: Any) -> int:
    """The values of one row, counting each list and table too."""
    if isinstance(value, dict):
        return 1 + sum(_values(v) for v in value.values())
    if isinstance(value, list | tuple):
        return 1 + sum(_values(v) for v in value)
    return 1


def _fast(data: Any) -> tuple[str, bool] | None:
    """``data`` as json.dumps writes it, by orjson, and whether it holds a character to
    escape; None where orjson's text could differ (an integer beyond 64 bits, a key that is
    not a string, a float below 1e-4, a value that neither knows: json then decides)."""
    import orjson

    options = orjson.OPT_INDENT_2 | orjson.OPT_PASSTHROUGH_DATETIME
    options |= orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_SUBCLASS
    try:
        raw = orjson.dumps(data, default=_default, option=options)
    except TypeError:  # orjson.JSONEncodeError is one
        return None
    if _small_float(raw):
        return None
    unsafe = b"\x7f" in raw or bool(_UNSAFE_C1.search(raw) or _UNSAFE_E2.search(raw))
    return raw.decode("utf-8"), unsafe


def _small_float(raw: bytes) -> bool:
    """Whether orjson's ``raw`` may hold a float below 1e-4 (or a string that looks like one
    as a value: then too)."""
    for mark in _SMALL_FLOAT_MARKS:
        at = raw.find(mark)
        while at != -1:
            start, end = at, at + len(mark)
            while start and raw[start - 1] in _NUMBER_BYTES:
                start -= 1
            while end < len(raw) and raw[end] in _NUMBER_BYTES:
                end += 1
            if raw[start - 1 : start] == b" " and raw[end : end + 1] in (b",", b"\n", b""):
                return True
            at = raw.find(mark, end)
    return False
