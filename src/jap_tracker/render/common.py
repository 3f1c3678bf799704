"""What every renderer shares: making file text safe to show, numbers and dates in the reader's
language, and ``Once`` (what a long listing makes once per distinct key)."""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from jap_tracker.diagnostics import plain as plain  # the renderers use it from here
from jap_tracker.i18n import english_months

if TYPE_CHECKING:
    from jap_tracker.matrix import Cell, Total

K = TypeVar("K")
V = TypeVar("V")


class Once(dict[K, V]):
    """``make(key)`` for each distinct key, made once (a miss makes it, a hit is a lookup):
    the rows of a long listing share their cells, and the drawers measure each distinct text
    once."""

    def __init__(self, make: Callable[[K], V]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, key: K) -> V:
        value = self[key] = self.make(key)
        return value


def html_text(text: str) -> str:
    """Text (from a file, or any) made safe for HTML: control characters shown, then escaped."""
    from html import escape  # here: the terminal and Markdown do without it (~2 ms)

    return escape(plain(text))


class Numbers:
    """Percentages and dates as a reader of ``lang`` expects them (through Babel; in English,
    whose patterns are plain, by ``_english`` without loading Babel's locale data)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def percent(self, value: float | None, empty: str = "—") -> str:
        if value is None:
            return empty
        # the sign is part of the key: -0.0 == 0.0, and the cache would answer one for the other
        return _format_percent(value, self.lang, math.copysign(1.0, value) < 0)

    def number(self, value: float | None, empty: str = "—") -> str:
        """A value in the reader's locale, to two decimals; from 10^15 on (and below -10^15),
        in scientific notation, which also keeps any finite value formattable."""
        if value is None:
            return empty
        if abs(value) >= BIG:
            from babel.numbers import format_scientific

            return format_scientific(value, format="0.###E0", locale=self.lang)
        if self.lang == "en" and math.isfinite(value):
            return _english(value, 0, 2, 0)
        from babel.numbers import format_decimal

        return format_decimal(value, format="#,##0.##", locale=self.lang)

    def date(self, value: dt.date | None, empty: str = "—") -> str:
        if value is None:
            return empty
        return _format_date(value, self.lang)

    def months(self, first: dt.date, last: dt.date) -> str:
        """The months from ``first``'s to ``last``'s, abbreviated: "Jun – Nov", "juin–nov."."""
        if self.lang == "en":  # Babel's text, without its locale data
            return english_months(first, last)
        from babel.dates import format_interval

        return format_interval(first, last, "MMM", locale=self.lang)

    def points(self, before: float | None, after: float | None) -> str:
        """The move between two completions in percentage points, signed, to one decimal
        ("+12.5", "−0.3"; "0.0" when it rounds to nothing); "" without both figures."""
        if before is None or after is None:
            return ""
        delta = round((after - before) * 100, 1)
        if self.lang == "en" and math.isfinite(delta) and abs(delta) < BIG:
            return "0.0" if not delta else ("+" if delta > 0 else "") + _english(delta, 0, 1, 1)
        from babel.numbers import format_decimal

        pattern = "+#,##0.0;-#,##0.0" if delta else "0.0"
        return format_decimal(delta if delta else 0, format=pattern, locale=self.lang)


BIG = 1e15  # from here on, a number is shown in scientific notation


@functools.cache
def _percent_pattern(lang: str) -> str:
    """The locale's own percent pattern (``#,##0 %`` in French) with one decimal."""
    from babel import Locale

    pattern = Locale.parse(lang).percent_formats[None].pattern.split(";")[0]
    return re.sub(r"0(?![^0]*0)", "0.0", pattern, count=1)


@functools.lru_cache(maxsize=4096)
def _format_percent(value: float, lang: str, _negative: bool = False) -> str:
    if lang == "en" and math.isfinite(value) and abs(value) < BIG:
        return _english(value, 2, 1, 1) + "%"  # #,##0.0%
    from babel.numbers import format_percent

    return format_percent(value, format=_percent_pattern(lang), locale=lang)


def _english(value: float, scale: int, most: int, least: int) -> str:
    """``value`` × 10^``scale`` in English (``-1,234.5``): what Babel's ``NumberPattern.apply``
    does for a pattern ``#,##0.`` with ``least`` to ``most`` decimals, step by step (the
    decimal of the value's shortest repr, rounded half to even, grouped by three; "-" for a
    value that is signed, -0.0 too). tests/test_i18n_numbers.py holds it to Babel's text."""
    from decimal import Decimal  # a C module: ~1 ms, against Babel's data ~35 ms

    number = Decimal(repr(value)).scaleb(scale)
    rounded = abs(number).normalize().quantize(Decimal(10) ** -most)
    whole, _, decimals = f"{rounded:f}".partition(".")
    decimals = decimals.ljust(least, "0")
    while len(decimals) > least and decimals.endswith("0"):
        decimals = decimals[:-1]
    return (
        ("-" if number.is_signed() else "")
        + f"{int(whole):,}"
        + (f".{decimals}" if decimals else "")
    )


@functools.lru_cache(maxsize=4096)
def _format_date(value: dt.date, lang: str) -> str:
    """A date as every renderer shows it: ISO in English, else the locale's medium format, with
    French's ordinal first day of the month ("1er juin 2026")."""
    if lang == "en":
        return value.isoformat()
    from babel.dates import format_date

    pattern = _date_pattern(lang)
    if lang == "fr" and value.day == 1:
        pattern = re.sub(r"(?<![d'])d(?!d)", "d'er'", pattern, count=1)
    return format_date(value, format=pattern, locale=lang)


@functools.cache
def _date_pattern(lang: str) -> str:
    """The locale's medium date pattern (``d MMM y`` in French)."""
    from babel import Locale

    return str(Locale.parse(lang).date_formats["medium"].pattern)


def humanized(key: str) -> str:
    """A key of a plan file as people read it: ``participants_total`` -> ``Participants total``
    (underscores and hyphens as spaces, the first letter a capital)."""
    text = " ".join(key.replace("_", " ").replace("-", " ").split())
    return text[:1].upper() + text[1:] if text else key


def extra_text(extra: dict[str, object], readable: bool = False) -> str:
    """An item's free-form ``[item.extra]`` as one line, ``key: value; key: value``; its keys
    ``humanized`` where people read them (``readable``), as written for programs (CSV)."""
    name = humanized if readable else str

    def show(value: object) -> str:
        if isinstance(value, dt.date | dt.time):
            return value.isoformat()
        if isinstance(value, list):
            return ", ".join(show(v) for v in value)
        if isinstance(value, dict):
            return "{" + "; ".join(f"{name(k)}: {show(v)}" for k, v in value.items()) + "}"
        if isinstance(value, bool):
            return "true" if value else "false"
        return str(value)

    return "; ".join(f"{name(key)}: {show(value)}" for key, value in extra.items())


def bar(value: float | None, width: int = 10) -> str:
    """A bar of block characters for a completion from 0 to 1."""
    if value is None:
        return " " * width
    eighths = round(max(0.0, min(1.0, value)) * width * 8)
    full, rest = divmod(eighths, 8)
    partial = " ▏▎▍▌▋▊▉"[rest] if rest else ""
    return ("█" * full + partial).ljust(width)


def matrix_cell(numbers: Numbers, cell: Cell | Total) -> str:
    """A pillar × country cell or total: completion · coverage (done/of); "—" with no item."""
    if not cell.figures.items:
        return "—"
    done, of = cell.coverage
    return f"{numbers.percent(cell.figures.completion)} · {done}/{of}"


SPARKS = "▁▂▃▄▅▆▇█"
MIN_SPAN = 0.05  # a course's scale spans at least 5 percentage points


def sparkline(values: list[float | None]) -> str:
    """One block character per value, scaled to the values' own range, so that a move shows:
    the lowest is ▁, the highest █ (a line that moves by less than ``MIN_SPAN`` rises in
    proportion to it; a flat one stays at ▁); a space where there is no figure."""
    known = [v for v in values if v is not None]
    low = min(known, default=0.0)
    span = max(max(known, default=0.0) - low, MIN_SPAN)
    top = len(SPARKS) - 1
    return "".join(" " if v is None else SPARKS[round((v - low) / span * top)] for v in values)
