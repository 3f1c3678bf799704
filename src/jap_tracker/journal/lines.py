"""A journal line, both ways: the writer's format (``format_record``: one record on one line,
its fields in a fixed order and with fixed spacing; ``new_record_id``) and the fast reader of
exactly such lines (``parse_line``, ``parse_lines``), without the general TOML parser.

The reader recognises a line as ``format_record`` writes it with one regular expression and
turns it into the same ``(key, table)`` pair that ``tomllib`` gives, several times faster. It
accepts only a subset of TOML whose meaning is unambiguous: plain keys, strings without
escapes, decimal numbers, dates and date-times. Any other line makes ``parse_lines`` return
None, and the caller reads the file with ``tomllib`` (tests/test_journal_lines.py checks both
readers against each other). A line that holds a valid update as jap writes it is made into
that update at once (``plain_update``: ``read_record``'s verdict kept per distinct value). The
expressions are compiled on first use: ``jap update`` writes a line and reads none.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Mapping
from typing import Any

from jap_tracker.model import Update
from jap_tracker.records import RETRACTION_KEYS, UPDATE_KEYS, read_record
from jap_tracker.records.stored import stored_countries, stored_indicators
from jap_tracker.tomlline import toml_key, toml_value

# ---- writing --------------------------------------------------------------------------------


def new_record_id(recorded: dt.datetime, kind: str = "u") -> str:
    stamp = recorded.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
    return f"{kind}{stamp}-{os.urandom(4).hex()}"


def format_record(record_id: str, fields: Mapping[str, Any]) -> str:
    """One journal line: ``key = { ... }`` with the fields that are set, in a fixed order."""
    order = UPDATE_KEYS if "item" in fields else RETRACTION_KEYS
    present = {k: fields[k] for k in order if fields.get(k) is not None}
    line = f"{toml_key(record_id)} = {toml_value(present)}\n"
    assert "\n" not in line[:-1]
    return line


def record_of(record_id: str, fields: Mapping[str, Any], path: str, line: int) -> Update:
    """The update that line ``line`` of ``path`` holds when that line is ``format_record(
    record_id, fields)``: what the reader builds from it, without reading it back
    (tests/test_journal_props.py checks that both agree)."""
    present = {
        k: list(v) if isinstance(v, tuple | list) else dict(v) if isinstance(v, Mapping) else v
        for k in UPDATE_KEYS
        if (v := fields.get(k)) is not None
    }
    record, problems = read_record(record_id, present, path, line)
    if not isinstance(record, Update) or problems:
        raise ValueError(f"not an update: {problems}")
    return record


# ---- reading, fast --------------------------------------------------------------------------

_KEY = r"[A-Za-z0-9_-]+"
# A basic string's characters without escapes: no quote, backslash or control character but tab.
_CHARS = r'[^"\\\x00-\x08\x0a-\x1f\x7f]*'
_NUM = r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?"
_DATE = r"[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])"
_TIME = r"(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]+)?"
_OFFSET = r"(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])"
_DATETIME = rf"{_DATE}[Tt ]{_TIME}{_OFFSET}?"
_TABLE = rf"\{{\}}|\{{ {_KEY} = {_NUM}(?:, {_KEY} = {_NUM})* \}}"
_LIST = rf'\[\]|\["{_CHARS}"(?:, "{_CHARS}")*\]'

_UPDATE = (
    rf'(?P<key>{_KEY}) = \{{ item = "(?P<item>{_CHARS})"'
    rf"(?:, date = (?P<date>{_DATE}))?"
    rf'(?:, status = "(?P<status>{_CHARS})")?'
    rf"(?:, progress = (?P<progress>{_NUM}))?"
    rf"(?:, indicators = (?P<indicators>{_TABLE}))?"
    rf"(?:, countries = (?P<countries>{_LIST}))?"
    rf'(?:, note = "(?P<note>{_CHARS})")?'
    rf'(?:, by = "(?P<by>{_CHARS})")?'
    rf'(?:, evidence = "(?P<evidence>{_CHARS})")?'
    rf"(?:, recorded = (?P<recorded>{_DATETIME}))? \}}"
)
_RETRACTION = (
    rf'(?P<key>{_KEY}) = \{{ retracts = "(?P<retracts>{_CHARS})"'
    rf'(?:, note = "(?P<note>{_CHARS})")?'
    rf'(?:, by = "(?P<by>{_CHARS})")?'
    rf"(?:, recorded = (?P<recorded>{_DATETIME}))? \}}"
)
_PAIR = rf"({_KEY}) = ({_NUM})"
_STRING = rf'"({_CHARS})"'
# What TOML allows nowhere outside strings, comments included: control characters but tab, and
# a carriage return that does not end a line (an editor may show it as a line break, and a
# record after it would seem to be there).
# (The characters are looked for one by one: each search is a scan in C, ten times faster in
# all than one character class.)
_CONTROL = "".join(map(chr, [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F]))
_LONE_CR = r"\r(?!\n)"
_PATTERNS: list[re.Pattern[str]] = []  # the five expressions above, compiled on first use


def _patterns() -> list[re.Pattern[str]]:
    if not _PATTERNS:
        _PATTERNS.extend(re.compile(p) for p in (_UPDATE, _RETRACTION, _PAIR, _STRING, _LONE_CR))
    return _PATTERNS


def forbidden(text: str) -> bool:
    """Whether ``text`` holds a character that TOML allows nowhere outside a string."""
    return any(c in text for c in _CONTROL) or (
        "\r" in text and _patterns()[4].search(text) is not None
    )


_TZ: dict[str, dt.tzinfo] = {}


class _NotPlain(Exception):
    """The line is well-formed to the regex but its values are not (an impossible date)."""


def _number(text: str) -> int | float:
    if "." in text or "e" in text or "E" in text:
        return float(text)
    try:
        return int(text)
    except ValueError:  # more digits than Python converts: for tomllib's reading to report
        raise _NotPlain from None


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)  # exactly YYYY-MM-DD here
    except ValueError:
        raise _NotPlain from None


def _offset(text: str) -> dt.tzinfo:
    zone = _TZ.get(text)
    if zone is None:
        sign = 1 if text[0] == "+" else -1
        zone = dt.timezone(dt.timedelta(hours=sign * int(text[1:3]), minutes=sign * int(text[4:6])))
        _TZ[text] = zone
    return zone


def _datetime(text: str) -> dt.datetime:
    """As tomllib reads it: fractions beyond microseconds cut, ``Z`` is UTC, no offset is local."""
    if len(text) < 19:
        raise _NotPlain
    no_fraction = len(text) == 19 or text[19] != "."
    six_digits = (
        len(text) >= 26 and text[20:26].isdigit() and (len(text) == 26 or not text[26].isdigit())
    )
    if (no_fraction or six_digits) and text[10] != "t" and text[-1] != "z":
        # The forms that datetime reads itself, and reads the same way.
        try:
            return dt.datetime.fromisoformat(text)
        except ValueError:
            raise _NotPlain from None
    rest = text[19:]
    micros = 0
    if rest.startswith("."):
        end = 1
        while end < len(rest) and rest[end].isdigit():
            end += 1
        micros = int(rest[1:end][:6].ljust(6, "0"))
        rest = rest[end:]
    zone: dt.tzinfo | None = None
    if rest in ("Z", "z"):
        zone = dt.UTC
    elif rest:
        zone = _offset(rest)
    try:
        return dt.datetime(
            int(text[:4]),
            int(text[5:7]),
            int(text[8:10]),
            int(text[11:13]),
            int(text[14:16]),
            int(text[17:19]),
            micros,
            tzinfo=zone,
        )
    except ValueError:
        raise _NotPlain from None


def _table(text: str) -> dict[str, Any]:
    pairs = _patterns()[2].findall(text)
    table = {key: _number(value) for key, value in pairs}
    if len(table) != len(pairs):  # a key twice: TOML says no, and tomllib will say where
        raise _NotPlain
    return table


def _strings(text: str) -> list[str]:
    return _patterns()[3].findall(text)


_CONVERT: dict[str, Callable[[str], Any]] = {
    "date": _date,
    "recorded": _datetime,
    "progress": _number,
    "indicators": _table,
    "countries": _strings,
}


# Each expression's groups after the key: (group number, field, conversion or None)
_GROUPS = {
    fields: tuple((n, field, _CONVERT.get(field)) for n, field in enumerate(fields, 2))
    for fields in (UPDATE_KEYS, RETRACTION_KEYS)
}


def parse_line(line: str) -> tuple[str, dict[str, Any]] | None:
    """One journal line -> (record key, its table) as tomllib reads it; None when not plain."""
    patterns = _patterns()
    match = patterns[0].fullmatch(line)
    groups = _GROUPS[UPDATE_KEYS]
    if match is None:
        match = patterns[1].fullmatch(line)
        if match is None:
            return None
        groups = _GROUPS[RETRACTION_KEYS]
    found = match.group
    table: dict[str, Any] = {}
    try:
        for number, field, convert in groups:
            text = found(number)
            if text is not None:
                table[field] = text if convert is None else convert(text)
    except _NotPlain:
        return None
    return found(1), table


def parse_lines(
    text: str, numbers: list[int], path: str | None = None
) -> list[tuple[int, str, Any]] | None:
    """(line number, key, table) for the given record lines of ``text``; None unless every one
    of them is a plain jap line, each with its own key (else the caller reads the file as
    before, with tomllib). With ``path``, a line that holds a valid update of the common shape
    gives, in place of its table, the ``Update`` that ``read_record`` makes of that table on
    that line of ``path`` (``plain_update``)."""
    if forbidden(text):  # anywhere, comments included: tomllib will say where
        return None
    lines = text.split("\n")
    out: list[tuple[int, str, Any]] = []
    keys: set[str] = set()
    update_line = _patterns()[0].fullmatch
    for number in numbers:
        line = lines[number - 1]
        if path is not None and (match := update_line(line)) is not None:
            update = plain_update(match.groups(), path, number)
            if update is not None:
                if update.id in keys:
                    return None
                keys.add(update.id)
                out.append((number, update.id, update))
                continue
        parsed = parse_line(line)
        if parsed is None or parsed[0] in keys:
            return None  # a key twice, too, is for the journal's own reading to judge
        keys.add(parsed[0])
        out.append((number, *parsed))
    return out


# ---- the common valid update, made at once --------------------------------------------------

# What the rules make of the fields whose verdict does not depend on the record (status,
# progress, who, whether there is a note and whether indicator values), and of a list of
# countries, by their text: a journal repeats them record after record. None: not valid, for
# read_record to say.
_VERDICTS: dict[tuple[str | bool | None, ...], tuple[Any, ...] | None] = {}
_COUNTRIES: dict[str, tuple[str, ...] | None] = {}
_DAYS: dict[str, dt.date] = {}
_PROBE_DAY = dt.date(2000, 1, 1)
_PROBE_MOMENT = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def _verdict(shape: tuple[str | bool | None, ...]) -> tuple[Any, ...] | None:
    """``read_record``'s own verdict on a record of these fields (an item, a date, a time-zoned
    moment and valid indicator values being valid whatever they are): the values it keeps
    (who, status, progress), or None."""
    table: dict[str, Any] = {"item": "x", "date": _PROBE_DAY}
    status, progress, by, no_note, indicators = shape
    try:
        if status is not None:
            table["status"] = status
        if progress is not None:
            table["progress"] = _number(str(progress))
        if indicators:
            table["indicators"] = {"a": 1}
    except _NotPlain:
        return None
    if not no_note:
        table["note"] = ""
    if by is not None:
        table["by"] = by
    table["recorded"] = _PROBE_MOMENT
    record, problems = read_record("x", table, "", 0)
    if problems or not isinstance(record, Update):
        return None
    return record.by, record.status, record.progress


def plain_update(groups: tuple[str | None, ...], path: str, line: int) -> Update | None:
    """The update that a line matched as a plain update (``groups``: its key, then its fields
    in ``UPDATE_KEYS`` order) holds, on ``line`` of ``path``: exactly what ``read_record`` makes
    of the table that ``parse_line`` reads, when it is a valid update with a date and a
    time-zoned moment with microseconds, as jap writes them; None on any doubt, for the
    general reading (tests/test_journal_lines.py checks that both agree)."""
    key, item, date, status, progress, indicators, countries, note, by, evidence, recorded = groups
    if not item or date is None or recorded is None or len(recorded) != 32:
        return None
    if recorded[26] not in "+-" or recorded[10] == "t":  # else, not six fractional digits
        return None
    values: tuple[tuple[str, float], ...] | None = ()
    day = _DAYS.get(date)
    try:
        if indicators is not None:
            values = stored_indicators(_table(indicators))
            if values is None:
                return None
        codes = None
        if countries is not None:
            codes = _COUNTRIES.get(countries, ())  # (): not seen yet
            if codes == ():
                codes = _COUNTRIES[countries] = stored_countries(_strings(countries))
            if codes is None:
                return None
        shape = (status, progress, by, note is None, bool(values))
        verdict = _VERDICTS.get(shape, ())  # (): not seen yet
        if verdict == ():
            verdict = _VERDICTS[shape] = _verdict(shape)
        if verdict is None:
            return None
        if day is None:
            day = _DAYS[date] = _date(date)
        moment = dt.datetime.fromisoformat(recorded)  # as _datetime reads this form
    except (_NotPlain, ValueError):
        return None
    who, status_, progress_ = verdict
    fields: tuple[Any, ...] = (key, item, day, moment, who, status_, progress_, values)
    return tuple.__new__(Update, (*fields, codes, note, evidence, path, line))
