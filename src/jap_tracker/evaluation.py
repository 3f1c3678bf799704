"""Figures held against the calendar (spec sections 12-14): a plan's state as of a date, an
item's expected completion and rating, a group's rating, forecasts, due dates and leads.

Pure: dates, statuses and completions in, words and dates out; the as-of date is always given.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping

from jap_tracker.model import Item, Plan
from jap_tracker.named import NamedTuple
from jap_tracker.progress import CANCELLED, DONE, Entry, Group, weighted_mean

UPCOMING, ACTIVE, CLOSED = "upcoming", "active", "closed"
ACHIEVED, ON_TRACK, AT_RISK, OFF_TRACK = "achieved", "on_track", "at_risk", "off_track"
RATINGS: tuple[str, ...] = (ACHIEVED, ON_TRACK, AT_RISK, OFF_TRACK)

ON_TRACK_SHARE = 0.95  # on track: a completion of at least this share of the expected one
AT_RISK_SHARE = 0.5  # at risk: at least this share; below it, off track

# Two figures this close (relatively) are equal. Floats hold neither 0.7 nor 49/95 exactly:
# 21 / 0.7 gives 30.000000000000004 days, and 0.49 < 0.95 × 49/95 in floats although the
# two are equal. A difference this small is rounding, never a recorded fact.
ROUNDING = 1e-12


# --- Plans over time (section 12) -------------------------------------------------------


def plan_state(plan: Plan, as_of: dt.date) -> str:
    """Upcoming when it starts after ``as_of``, closed when it ended before, else active."""
    if plan.start is not None and plan.start > as_of:
        return UPCOMING
    if plan.end is not None and plan.end < as_of:
        return CLOSED
    return ACTIVE


def counts(plan: Plan, as_of: dt.date) -> bool:
    """Whether the plan's items count as of ``as_of``: in every figure, count and list."""
    return plan_state(plan, as_of) != UPCOMING


def can_be_late(plan: Plan, as_of: dt.date) -> bool:
    """Whether the plan's items may be overdue or stale as of ``as_of`` (not when closed)."""
    return plan_state(plan, as_of) != CLOSED


def counted_items(items: Iterable[Item], plans: Mapping[str, Plan], as_of: dt.date) -> list[Item]:
    """The items whose plan has begun by ``as_of`` (``plans`` by id; an item of a plan not
    among them counts), in the given order."""
    return [item for item in items if item.plan not in plans or counts(plans[item.plan], as_of)]


def item_start(item: Item, plan: Plan) -> dt.date | None:
    """An item's start: its own ``start`` key, else its plan's."""
    return item.start if item.start is not None else plan.start


# --- Expected completion and ratings (section 13) -----------------------------------------


def expected(start: dt.date | None, due: dt.date | None, as_of: dt.date) -> float | None:
    """clamp((as_of − start) / (due − start), 0, 1) in days; None (unrated) without both
    dates or when ``start`` is not before ``due``."""
    if start is None or due is None or start >= due:
        return None
    return min(1.0, max(0.0, (as_of - start).days / (due - start).days))


def expectations(
    items: Iterable[Item],
    plans: Mapping[str, Plan],
    as_of: dt.date,
) -> dict[str, float | None]:
    """Each item's expected completion by item id."""
    return {
        item.id: expected(item_start(item, plans[item.plan]), item.due, as_of) for item in items
    }


def _at_least(value: float, bound: float) -> bool:
    return value >= bound or math.isclose(value, bound, rel_tol=ROUNDING)


def _grade(actual: float, due_by_now: float) -> str:
    if _at_least(actual, ON_TRACK_SHARE * due_by_now):
        return ON_TRACK
    if _at_least(actual, AT_RISK_SHARE * due_by_now):
        return AT_RISK
    return OFF_TRACK


def rate_item(status: str, completion: float | None, expected: float | None) -> str | None:
    """Achieved when done; else completion against the expected one. None when unrated
    (``expected`` None) or cancelled."""
    if expected is None or status == CANCELLED or completion is None:
        return None
    if status == DONE:
        return ACHIEVED
    return _grade(completion, expected)


def rate_group(
    entries: Iterable[Entry], expected_by_item: Mapping[str, float | None]
) -> tuple[float | None, str | None]:
    """(E, rating) over the rated entries that are not cancelled, ``expected_by_item`` as
    ``expectations`` gives it: E = Σ(w × e) / Σw and A = Σ(w × c) / Σw; achieved when all
    of them are done, else A against E. (None, None) when there is no such entry."""
    weights: list[float] = []
    weighted_e: list[float] = []
    weighted_c: list[float] = []
    all_done = True
    for entry in entries:
        e = expected_by_item[entry.item.id]
        if e is None or entry.status == CANCELLED or entry.completion is None:
            continue
        weight = entry.item.weight
        weights.append(weight)
        weighted_e.append(weight * e)
        weighted_c.append(weight * entry.completion)
        all_done = all_done and entry.status == DONE
    if not weights:
        return None, None
    e_group = weighted_mean(weighted_e, weights)
    if all_done:
        return e_group, ACHIEVED
    return e_group, _grade(weighted_mean(weighted_c, weights), e_group)


# --- Forecasts and due dates (section 13) --------------------------------------------------


def _finish(start: dt.date, as_of: dt.date, completion: float) -> dt.date | None:
    """start + ceil((as_of − start) / completion) days; None past the calendar's last day
    (9999-12-31): at such a pace there is no date to give."""
    days = (as_of - start).days / completion
    if not math.isfinite(days):
        return None
    whole = round(days)
    if not math.isclose(days, whole, rel_tol=ROUNDING):
        whole = math.ceil(days)
    if whole > (dt.date.max - start).days:
        return None
    return start + dt.timedelta(days=whole)


def forecast_item(
    status: str, start: dt.date | None, as_of: dt.date, completion: float | None
) -> dt.date | None:
    """When an item neither done nor cancelled, started by ``as_of`` and with some completion,
    finishes at its pace so far; None otherwise."""
    if status in (DONE, CANCELLED) or start is None or start > as_of:
        return None
    if completion is None or completion <= 0:
        return None
    return _finish(start, as_of, completion)


def forecast_plan(
    start: dt.date | None, as_of: dt.date, completion: float | None
) -> dt.date | None:
    """The same for a plan begun by ``as_of`` with a completion strictly between 0 and 1."""
    if start is None or start > as_of or completion is None or not 0 < completion < 1:
        return None
    return _finish(start, as_of, completion)


def is_due_within(due: dt.date | None, status: str, as_of: dt.date, days: int) -> bool:
    """Due from ``as_of`` to ``days`` days after it, both included, and neither done nor
    cancelled (``jap report --due-within``)."""
    if due is None or status in (DONE, CANCELLED):
        return False
    return 0 <= (due - as_of).days <= days


# --- Wiring: what the reports take -----------------------------------------------------------


class Judgement(NamedTuple):
    """One item's expected completion, rating and forecast as of a date."""

    expected: float | None
    rating: str | None
    forecast: dt.date | None


def judge_item(
    item: Item, plan: Plan, status: str, completion: float | None, as_of: dt.date
) -> Judgement:
    """``expected``, ``rate_item`` and ``forecast_item`` for one item (or one country's share)."""
    start = item_start(item, plan)
    e = expected(start, item.due, as_of)
    return Judgement(
        e, rate_item(status, completion, e), forecast_item(status, start, as_of, completion)
    )


def on_time(chosen: Iterable[Entry], plans: Mapping[str, Plan], as_of: dt.date) -> list[Entry]:
    """``chosen`` with no entry of a closed plan overdue (section 12)."""
    return [
        e
        if not e.overdue or e.item.plan not in plans or can_be_late(plans[e.item.plan], as_of)
        else e._replace(overdue=False)
        for e in chosen
    ]


def rated(
    figures: Group, chosen: Iterable[Entry], expected_by_item: Mapping[str, float | None]
) -> Group:
    """``figures`` (the group of ``chosen``) with its ``expected`` and ``rating``."""
    e, rating = rate_group(chosen, expected_by_item)
    return figures._replace(expected=e, rating=rating)


# --- Who leads what (section 14) ------------------------------------------------------------


def by_lead(entries: Iterable[Entry]) -> list[tuple[str, list[Entry]]]:
    """The entries of each organisation named in a ``lead`` (the exact text), sorted by that
    text; an entry with several leads is under each (and once under a name listed twice)."""
    found: dict[str, list[Entry]] = {}
    for entry in entries:
        for name in dict.fromkeys(entry.item.lead):
            found.setdefault(name, []).append(entry)
    return sorted(found.items(), key=lambda pair: pair[0])
