"""Calendar periods (spec section 8): the months, quarters and years that a trend is
counted in, their first days and their labels, and the month ends that a report's chart
draws. Pure: dates in, dates out."""

from __future__ import annotations

import datetime as dt

from jap_tracker.named import NamedTuple

_MONTHS = {"month": 1, "quarter": 3, "year": 12}


class Period(NamedTuple):
    start: dt.date
    end: dt.date  # the calendar end, or the last day asked for when that is earlier
    label: str  # "2024-05", "2024-Q2", "2024"


def period_start(day: dt.date, every: str) -> dt.date:
    """The first day of the calendar month, quarter or year holding ``day``."""
    step = _MONTHS[every]
    month = (day.month - 1) // step * step + 1
    return dt.date(day.year, month, 1)


def _next_start(start: dt.date, every: str) -> dt.date:
    months = start.year * 12 + start.month - 1 + _MONTHS[every]
    return dt.date(months // 12, months % 12 + 1, 1)


def period_label(start: dt.date, every: str) -> str:
    if every == "year":
        return f"{start.year}"
    if every == "quarter":
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    return f"{start.year}-{start.month:02d}"


def periods(every: str, first: dt.date, until: dt.date) -> list[Period]:
    """The calendar periods from the one holding ``first`` to the one holding ``until``."""
    if every not in _MONTHS:
        raise ValueError(f"unknown period {every!r}")
    out: list[Period] = []
    start = period_start(first, every)
    while start <= until:
        following = _next_start(start, every)
        end = min(following - dt.timedelta(days=1), until)
        out.append(Period(start, end, period_label(start, every)))
        start = following
    return out


def recent_months(until: dt.date, count: int = 6) -> list[dt.date]:
    """The ends of the ``count`` calendar months up to ``until`` (the last one ends there)."""
    start = period_start(until, "month")
    for _ in range(count - 1):
        start = period_start(start - dt.timedelta(days=1), "month")
    return [p.end for p in periods("month", start, until)]
