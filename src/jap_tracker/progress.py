"""Completion, computed: plans + updates + an as-of date in, figures out (spec sections 3, 4, 9).

Pure: no files, no clock, no terminal. Updates are replayed in date order, and on one date in
the order they were recorded; each item (or each of an item's countries) keeps its own state.
"""

from __future__ import annotations

import datetime as dt
import math
import operator
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from jap_tracker.model import STATUSES, Item, Update

NOT_STARTED, IN_PROGRESS, DONE, BLOCKED, CANCELLED = STATUSES


class State:
    """The replayed state of one item, or of one country's share of an item."""

    __slots__ = ("status", "progress", "actuals", "last")

    def __init__(self) -> None:
        self.status: str = NOT_STARTED
        self.progress: float | None = None
        self.actuals: dict[str, float] = {}
        self.last: Update | None = None

    def apply(self, update: Update, known: frozenset[str]) -> None:
        """Set what the update names; progress or a value starts a not-started item."""
        touched = False
        if update.progress is not None:
            self.progress = update.progress
            touched = True
        for ind, value in update.indicators:
            if ind in known:
                self.actuals[ind] = value
                touched = True
        if update.status is not None:
            self.status = update.status
        elif touched and self.status == NOT_STARTED:
            self.status = IN_PROGRESS
        self.last = update

    def snapshot(self) -> StateView:
        return StateView(self.status, self.progress, dict(self.actuals), self.last)


class StateView(NamedTuple):
    status: str
    progress: float | None
    actuals: dict[str, float]
    last: Update | None


EMPTY = StateView(NOT_STARTED, None, {}, None)


class ItemProgress(NamedTuple):
    """An item's figures as of a date. ``countries`` is empty for an item tracked as a whole."""

    status: str
    completion: float | None  # None when cancelled
    own: StateView  # the item's own state (for an item without countries)
    countries: dict[str, StateView]
    last: Update | None  # the latest update applied, to the item or any of its countries


def state_completion(item: Item, state: StateView) -> float | None:
    """Spec section 4 for one item's (or one country's) state."""
    if state.status == CANCELLED:
        return None
    if state.status == DONE:
        return 1.0
    if state.progress is not None:
        return state.progress / 100.0
    if item.indicators and any(ind.id in state.actuals for ind in item.indicators):
        total = 0.0
        for ind in item.indicators:
            actual = state.actuals.get(ind.id)
            if actual is not None:
                total += min(1.0, max(0.0, indicator_ratio(actual, ind.baseline, ind.target)))
        return total / len(item.indicators)
    return 0.0


def indicator_ratio(actual: float, baseline: float, target: float) -> float:
    """(actual − baseline) / (target − baseline), also where a difference would overflow."""
    try:
        ratio = (actual - baseline) / (target - baseline)
    except ZeroDivisionError:  # target == baseline is refused by the loader
        return 0.0
    if math.isfinite(ratio):
        return ratio
    # halving is exact for these magnitudes and keeps both differences finite
    return (actual / 2 - baseline / 2) / (target / 2 - baseline / 2)


def weighted_mean(weighted: list[float], weights: list[float]) -> float:
    """Σ(weighted) / Σ(weights), exactly summed; scaled down where a sum would overflow."""
    try:
        return math.fsum(weighted) / math.fsum(weights)
    except OverflowError:
        scale = max(weights)
        return math.fsum(x / scale for x in weighted) / math.fsum(w / scale for w in weights)


def derive_status(statuses: Sequence[str]) -> str:
    """An item's status from its countries' statuses (spec section 9)."""
    active = [s for s in statuses if s != CANCELLED]
    if not active:
        return CANCELLED
    if all(s == DONE for s in active):
        return DONE
    if BLOCKED in active:
        return BLOCKED
    if all(s == NOT_STARTED for s in active):
        return NOT_STARTED
    return IN_PROGRESS


def replay_order(update: Update) -> tuple[dt.date, dt.datetime, str, int]:
    return (update.date, update.recorded, update.path, update.line)


WHOLE = ""  # the one "country" of an item tracked as a whole, in update_targets()


def update_targets(item: Item, update: Update) -> tuple[str, ...]:
    """The countries an update applies to, at replay time (spec section 9).

    Without countries of its own, an update applies to every country the item concerns now
    (a country added to the plan later included); with them, to those the item still
    concerns. An item tracked as a whole gets ``(WHOLE,)``, or nothing for an update made
    for particular countries (``jap check`` reports such a record).
    """
    if not item.countries:
        return () if update.countries else (WHOLE,)
    if update.countries is None:
        return item.countries
    return tuple(code for code in update.countries if code in item.countries)


# replay_order's key computed in C: sorting a million updates takes a third of the time.
REPLAY_ORDER = operator.attrgetter("date", "recorded", "path", "line")


def replay(
    items: Iterable[Item], updates: Iterable[Update], as_of: dt.date
) -> dict[str, ItemProgress]:
    """Every item's figures as of ``as_of`` from the updates dated on or before it.

    ``updates`` may come in any order; retracted updates must already be left out.
    """
    index = {item.id: item for item in items}
    own: dict[str, State] = {}
    per_country: dict[str, dict[str, State]] = {}
    last: dict[str, Update] = {}
    ind_ids = {item.id: frozenset(ind.id for ind in item.indicators) for item in index.values()}
    for update in sorted((u for u in updates if u.date <= as_of), key=REPLAY_ORDER):
        item = index.get(update.item)
        if item is None:
            continue
        targets = update_targets(item, update)
        if not targets:
            continue
        if item.countries:
            states = per_country.setdefault(item.id, {})
            for code in targets:
                states.setdefault(code, State()).apply(update, ind_ids[item.id])
        else:
            own.setdefault(item.id, State()).apply(update, ind_ids[item.id])
        last[item.id] = update
    return {
        item.id: item_progress(
            item, own.get(item.id), per_country.get(item.id, {}), last.get(item.id)
        )
        for item in index.values()
    }


def item_progress(
    item: Item, own: State | None, countries: dict[str, State], last: Update | None
) -> ItemProgress:
    if not item.countries:
        view = own.snapshot() if own else EMPTY
        return ItemProgress(view.status, state_completion(item, view), view, {}, last)
    views = {
        code: (countries[code].snapshot() if code in countries else EMPTY)
        for code in item.countries
    }
    status = derive_status([v.status for v in views.values()])
    shares = [state_completion(item, v) for v in views.values()]
    active = [c for c in shares if c is not None]
    completion = math.fsum(active) / len(active) if active else None
    return ItemProgress(status, completion, EMPTY, views, last)


def is_overdue(item: Item, status: str, as_of: dt.date) -> bool:
    return item.due is not None and item.due < as_of and status not in (DONE, CANCELLED)


class Entry(NamedTuple):
    """One item as a group sees it: in a country's view, with that country's own figures."""

    item: Item
    status: str
    completion: float | None
    overdue: bool


class Group(NamedTuple):
    completion: float | None
    items: int
    by_status: dict[str, int]
    overdue: int
    stale: int | None = None  # counted only when asked for (--stale-after)
    expected: float | None = None  # spec section 13: set by the report (evaluation.rated)
    rating: str | None = None


def group(entries: Iterable[Entry]) -> Group:
    """Σ(weight × completion) / Σ(weight) over the entries that are not cancelled."""
    by_status = dict.fromkeys(STATUSES, 0)
    weighted: list[float] = []
    weights: list[float] = []
    overdue = count = 0
    for entry in entries:
        count += 1
        by_status[entry.status] += 1
        overdue += entry.overdue
        if entry.completion is not None:
            weighted.append(entry.item.weight * entry.completion)
            weights.append(entry.item.weight)
    completion = weighted_mean(weighted, weights) if weights else None
    return Group(completion, count, by_status, overdue)


def entries(
    items: Iterable[Item],
    figures: dict[str, ItemProgress],
    as_of: dt.date,
    country: str | None = None,
) -> list[Entry]:
    """Items as entries; with ``country``, only the items concerning it, in its own figures."""
    out: list[Entry] = []
    for item in items:
        progress = figures[item.id]
        if country is None:
            status, completion = progress.status, progress.completion
        elif country in item.countries:
            view = progress.countries[country]
            status, completion = view.status, state_completion(item, view)
        else:
            continue
        out.append(Entry(item, status, completion, is_overdue(item, status, as_of)))
    return out


class Step(NamedTuple):
    """One update as applied to one state: the item's own (``country`` None) or a country's."""

    update: Update
    country: str | None
    before: StateView
    after: StateView


def replay_steps(
    items: Iterable[Item], updates: Iterable[Update], as_of: dt.date | None = None
) -> list[Step]:
    """Every update dated on or before ``as_of`` (all, when None), in replay order, once per
    state it applied to, with that state just before and just after it: what ``jap changes``
    and ``jap history`` show (spec section 9: an update of an item with countries appears
    once per country it applied to, its from/to pairs that country's)."""
    index = {item.id: item for item in items}
    states: dict[tuple[str, str], State] = {}
    out: list[Step] = []
    chosen = (u for u in updates if as_of is None or u.date <= as_of)
    for update in sorted(chosen, key=replay_order):
        item = index.get(update.item)
        if item is None:
            continue
        known = frozenset(ind.id for ind in item.indicators)
        for code in update_targets(item, update):
            state = states.setdefault((item.id, code), State())
            before = state.snapshot()
            state.apply(update, known)
            out.append(Step(update, code or None, before, state.snapshot()))
    return out


_ORIGIN = Update(
    id="",
    item="",
    date=dt.date.min,
    recorded=dt.datetime.min.replace(tzinfo=dt.UTC),
    by="",
)


def advance(
    figures: dict[str, ItemProgress], items: Iterable[Item], updates: Sequence[Update]
) -> dict[str, ItemProgress]:
    """Final figures (every earlier update applied) with more updates applied on top: the same
    as ``replay`` of all of them, provided these come after all the others in replay order.

    Each touched item's state is restated as one update per state (the item's own, or each
    country's that has one), placed before everything, and replayed with the new updates;
    the ``last`` updates are then put back.
    """
    index = {item.id: item for item in items}
    touched = {u.item for u in updates if u.item in index}
    restated: list[Update] = []
    for item_id in touched:
        before = figures[item_id]
        views = before.countries.items() if index[item_id].countries else [(None, before.own)]
        for code, view in views:
            if view.last is None:
                continue  # never updated: no state yet
            restated.append(
                _ORIGIN._replace(
                    item=item_id,
                    status=view.status,
                    progress=view.progress,
                    indicators=tuple(view.actuals.items()),
                    countries=None if code is None else (code,),
                )
            )
    chosen = [index[i] for i in touched]
    after = replay(chosen, [*restated, *updates], dt.date.max)
    stand_ins = {id(u) for u in restated}

    def real(view: StateView, original: StateView) -> StateView:
        return view._replace(last=original.last) if id(view.last) in stand_ins else view

    out = dict(figures)
    for item_id, progress in after.items():
        before = figures[item_id]
        out[item_id] = progress._replace(
            own=real(progress.own, before.own),
            countries={c: real(v, before.countries[c]) for c, v in progress.countries.items()},
            last=before.last if id(progress.last) in stand_ins else progress.last,
        )
    return out
