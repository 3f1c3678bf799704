"""Progress over time (spec section 8): periods, trend values, changes and one item's history.

Pure: the workspace, the journal's updates and the dates come in, report values go out. Figures
at a date are, by construction, those of ``progress.replay`` at that date: ``Replayer`` applies
the same ``State.apply`` in the same order, only once for a whole series of increasing dates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from jap_tracker.model import PILLARS, Item, Retraction, Update, Workspace
from jap_tracker.progress import (
    ItemProgress,
    State,
    entries,
    group,
    item_progress,
    replay_order,
)

EVERY: tuple[str, ...] = ("month", "quarter", "year")
_MONTHS = {"month": 1, "quarter": 3, "year": 12}


# ---- periods -------------------------------------------------------------------------------


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


# ---- replaying forward ---------------------------------------------------------------------


def _targets(item: Item, update: Update) -> list[str]:
    """The countries an update applies to when replayed (spec section 9), in the item's order."""
    if not item.countries:
        return []
    named = update.countries or item.countries
    return [code for code in item.countries if code in named]


class Replayer:
    """Replays the updates forward; ``advance(day)`` gives ``progress.replay(..., day)``.

    Dates passed to ``advance`` must not decrease. Retracted updates must already be left out.
    """

    def __init__(self, items: Iterable[Item], updates: Iterable[Update]) -> None:
        self.items = tuple(items)
        self.index = {item.id: item for item in self.items}
        self.pending = sorted((u for u in updates if u.item in self.index), key=replay_order)
        self.position = 0
        self.day: dt.date | None = None
        self.own: dict[str, State] = {}
        self.per_country: dict[str, dict[str, State]] = {}
        self.last: dict[str, Update] = {}
        self.known = {item.id: frozenset(ind.id for ind in item.indicators) for item in self.items}

    def states(self, update: Update) -> list[tuple[str | None, State]]:
        """The states (country code or None, state) that ``update`` changes."""
        item = self.index[update.item]
        if not item.countries:
            return [(None, self.own.setdefault(item.id, State()))]
        states = self.per_country.setdefault(item.id, {})
        return [(code, states.setdefault(code, State())) for code in _targets(item, update)]

    def step(self) -> Update:
        """Apply the next pending update and return it."""
        update = self.pending[self.position]
        self.position += 1
        for _code, state in self.states(update):
            state.apply(update, self.known[update.item])
        self.last[update.item] = update
        return update

    def has_next(self, day: dt.date) -> bool:
        return self.position < len(self.pending) and self.pending[self.position].date <= day

    def advance(self, day: dt.date) -> dict[str, ItemProgress]:
        if self.day is not None and day < self.day:
            raise ValueError("Replayer.advance: dates must not decrease")
        self.day = day
        while self.has_next(day):
            self.step()
        return self.figures()

    def figures(self) -> dict[str, ItemProgress]:
        return {
            item.id: item_progress(
                item,
                self.own.get(item.id),
                self.per_country.get(item.id, {}),
                self.last.get(item.id),
            )
            for item in self.items
        }


# ---- selection -----------------------------------------------------------------------------


class Scope(NamedTuple):
    """The static filters of ``trend`` and ``changes``: the same as ``jap report``'s."""

    pillars: tuple[str, ...] = ()
    plans: tuple[str, ...] = ()
    country: str | None = None

    def select(self, workspace: Workspace) -> list[Item]:
        return [
            item
            for item in workspace.items
            if (not self.pillars or item.pillar in self.pillars)
            and (not self.plans or item.plan in self.plans)
            and (self.country is None or self.country in item.countries)
        ]


EVERYTHING = Scope()


class Point(NamedTuple):
    """Completion overall and per pillar at one date (None: no item counts)."""

    overall: float | None
    pillars: dict[str, float | None]


def point(
    items: Sequence[Item],
    figures: dict[str, ItemProgress],
    day: dt.date,
    country: str | None,
    plans: Workspace,
) -> Point:
    """What ``report.build_status`` computes for overall and pillars, and nothing more: over
    the items of the plans (of ``plans``) begun by ``day`` (spec section 12)."""
    from jap_tracker.evaluation import counted_items

    begun = counted_items(items, {plan.id: plan for plan in plans.plans}, day)
    chosen = entries(begun, figures, day, country)
    pillars = {p: group(e for e in chosen if e.item.pillar == p).completion for p in PILLARS}
    return Point(group(chosen).completion, pillars)


# ---- trend ---------------------------------------------------------------------------------


class TrendPeriod(NamedTuple):
    period: Period
    point: Point


class Trend(NamedTuple):
    every: str
    scope: Scope
    periods: list[TrendPeriod]


def first_update(updates: Iterable[Update], workspace: Workspace) -> dt.date | None:
    known = {item.id for item in workspace.items}
    dates = [u.date for u in updates if u.item in known]
    return min(dates) if dates else None


def build_trend(
    workspace: Workspace,
    updates: Sequence[Update],
    every: str,
    until: dt.date,
    since: dt.date | None = None,
    scope: Scope = EVERYTHING,
) -> Trend:
    """Completion at the end of each period, from the one holding ``since`` (else the first
    recorded update, else ``until``) to the one holding ``until``."""
    first = since or first_update(updates, workspace) or until
    items = scope.select(workspace)
    replayer = Replayer(items, updates)
    out = []
    for period in periods(every, min(first, until), until):
        figures = replayer.advance(period.end)
        out.append(TrendPeriod(period, point(items, figures, period.end, scope.country, workspace)))
    return Trend(every, scope, out)


def recent_months(until: dt.date, count: int = 6) -> list[dt.date]:
    """The ends of the ``count`` calendar months up to ``until`` (the last one ends there)."""
    start = period_start(until, "month")
    for _ in range(count - 1):
        start = period_start(start - dt.timedelta(days=1), "month")
    return [p.end for p in periods("month", start, until)]


def pillar_courses(
    workspace: Workspace, updates: Sequence[Update], days: Sequence[dt.date]
) -> dict[str, list[float | None]]:
    """Each pillar's completion (and "overall"'s) at each of ``days`` (increasing)."""
    items = list(workspace.items)
    replayer = Replayer(items, updates)
    out: dict[str, list[float | None]] = {p: [] for p in (*PILLARS, "overall")}
    for day in days:
        values = point(items, replayer.advance(day), day, None, workspace)
        for p in PILLARS:
            out[p].append(values.pillars[p])
        out["overall"].append(values.overall)
    return out


# ---- changes -------------------------------------------------------------------------------


class Pair(NamedTuple):
    before: object
    after: object


class Change(NamedTuple):
    """One update, for one country where the item has countries, with what it moved."""

    update: Update
    country: str | None
    status: Pair | None  # only for a field the update set explicitly
    progress: Pair | None


class Changes(NamedTuple):
    since: dt.date
    until: dt.date
    scope: Scope
    changes: list[Change]
    before: Point  # as of since
    after: Point  # as of until
    # --recorded only: each retraction recorded in (since, until], with the retracted item
    retractions: list[tuple[Retraction, str]] | None = None


def build_changes(
    workspace: Workspace,
    updates: Sequence[Update],
    since: dt.date,
    until: dt.date,
    scope: Scope = EVERYTHING,
    known_before: Sequence[Update] | None = None,
) -> Changes:
    """The updates dated after ``since`` and on or before ``until``, in replay order, of the
    items whose plans have begun by ``until``. With ``known_before`` (the live updates known
    at ``since``; ``updates`` those known at ``until``), two states of knowledge compared
    (spec section 11): every update that counts as of until and did not as of since."""
    from jap_tracker.evaluation import counted_items

    plans = {plan.id: plan for plan in workspace.plans}
    items = counted_items(scope.select(workspace), plans, until)
    replayer = Replayer(items, updates)
    if known_before is None:
        before = point(items, replayer.advance(since), since, scope.country, workspace)
        listed = None
    else:  # spec section 11: ``updates`` as known at until, ``known_before`` at since
        earlier = Replayer(items, known_before).advance(since)
        before = point(items, earlier, since, scope.country, workspace)
        listed = {u.id for u in known_before if u.date <= since}
    out: list[Change] = []
    while replayer.has_next(until):
        update = replayer.pending[replayer.position]
        states = replayer.states(update)
        old = [(state.status, state.progress) for _code, state in states]
        replayer.step()
        if listed is not None and update.id in listed:
            continue  # it counted in the first state of knowledge too
        for (code, state), (status, progress) in zip(states, old, strict=True):
            if scope.country is not None and code != scope.country:
                continue
            out.append(
                Change(
                    update,
                    code,
                    Pair(status, state.status) if update.status is not None else None,
                    Pair(progress, state.progress) if update.progress is not None else None,
                )
            )
    after = point(items, replayer.advance(until), until, scope.country, workspace)
    return Changes(since, until, scope, out, before, after)


# ---- history -------------------------------------------------------------------------------


class HistoryEntry(NamedTuple):
    update: Update
    country: str | None  # the country it applied to, for an item with countries
    retraction: Retraction | None


class History(NamedTuple):
    item: Item
    entries: list[HistoryEntry]


def build_history(
    item: Item, updates: Iterable[Update], retracted: Mapping[str, Retraction]
) -> History:
    """Every update of ``item``, retracted ones included (and marked), in replay order;
    for an item with countries, once per country it applied to."""
    out: list[HistoryEntry] = []
    for update in sorted((u for u in updates if u.item == item.id), key=replay_order):
        gone = retracted.get(update.id)
        codes = _targets(item, update)
        if item.countries and codes:
            out += [HistoryEntry(update, code, gone) for code in codes]
        else:  # a regional item, or a record naming only countries the item does not concern
            out.append(HistoryEntry(update, None, gone))
    return History(item, out)
