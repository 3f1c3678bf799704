"""Completion, computed: plans + updates + an as-of date in, figures out (spec sections 3, 4, 9).

Pure: no files, no clock, no terminal. The one replay (``Replayer``) applies updates in date
order, and on one date in the order they were recorded; each item (or each of an item's
countries) keeps its own state. Every figure of status, report, trend, changes and the cache's
kept figures comes out of it; groups (``group``) are weighted means over items.
"""

from __future__ import annotations

import datetime as dt
import math
import operator
from collections.abc import Container, Iterable, Mapping, Sequence

from jap_tracker.model import STATUSES, Item, Update
from jap_tracker.named import NamedTuple

NOT_STARTED, IN_PROGRESS, DONE, BLOCKED, CANCELLED = STATUSES


class StateView(NamedTuple):
    status: str
    progress: float | None
    actuals: dict[str, float]
    last: Update | None


EMPTY = StateView(NOT_STARTED, None, {}, None)
# A named tuple made from a tuple of its fields in C, without the Python-level __new__ of
# NamedTuple: what the replay does once or twice per update.
_new = tuple.__new__


class State:
    """The replayed state of one item, or of one country's share of an item, from ``start``.

    ``actuals`` is never changed in place, only replaced, and the snapshot of a state is kept
    until it changes: snapshots cost nothing more than one tuple per change.
    """

    __slots__ = ("status", "progress", "actuals", "last", "view")

    def __init__(self, start: StateView = EMPTY) -> None:
        self.status, self.progress, self.actuals, self.last = start
        self.view: StateView | None = start

    def apply(self, update: Update, known: frozenset[str]) -> None:
        """Set what the update names; progress or a value starts a not-started item."""
        touched = False
        if update.progress is not None:
            self.progress = update.progress
            touched = True
        if update.indicators:
            actuals = dict(self.actuals)
            for ind, value in update.indicators:
                if ind in known:
                    actuals[ind] = value
                    touched = True
            self.actuals = actuals
        if update.status is not None:
            self.status = update.status
        elif touched and self.status == NOT_STARTED:
            self.status = IN_PROGRESS
        self.last = update
        self.view = None

    def snapshot(self) -> StateView:
        if self.view is None:
            self.view = _new(StateView, (self.status, self.progress, self.actuals, self.last))
        return self.view


class ItemProgress(NamedTuple):
    """An item's figures as of a date. ``countries`` is empty for an item tracked as a whole."""

    status: str
    completion: float | None  # None when cancelled
    own: StateView  # the item's own state (for an item without countries)
    countries: dict[str, StateView]
    last: Update | None  # the latest update applied, to the item or any of its countries


def state_completion(item: Item, state: State | StateView) -> float | None:
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


WHOLE = ""  # the one "country" of an item tracked as a whole, in update_targets()


def update_targets(item: Item, update: Update) -> tuple[str, ...]:
    """The countries an update applies to, at replay time, in the item's order (spec section 9).

    Without countries of its own, an update applies to every country the item concerns now
    (a country added to the plan later included); with them, to those the item still
    concerns. An item tracked as a whole gets ``(WHOLE,)``, or nothing for an update made
    for particular countries (``jap check`` reports such a record).
    """
    if not item.countries:
        return () if update.countries else (WHOLE,)
    if update.countries is None:
        return item.countries
    return tuple(code for code in item.countries if code in update.countries)


# The replay order: by date, then as recorded (then file and line). Computed in C: sorting a
# million updates takes a third of the time it would with a Python function as the key.
REPLAY_ORDER = operator.attrgetter("date", "recorded", "path", "line")


class Step(NamedTuple):
    """One update as applied to one state: the item's own (``country`` None) or a country's."""

    update: Update
    country: str | None
    before: StateView
    after: StateView


_NO_STATES: dict[str, State] = {}


class Replayer:
    """The one replay: updates applied in replay order, each to the states it targets
    (``update_targets``), forward through dates that never decrease.

    ``figures_at(day)`` gives every item's figures as of ``day`` (and a later ``day`` goes on
    from there); ``steps(until)`` the updates up to ``until``, once per state, with that state
    just before and after; ``played(until)`` the updates applied, so that a trend recomputes
    only the ``completion`` of the items they touched; ``on_top(kept)`` the updates applied to
    kept final figures (the cache). Retracted updates must already be left out; updates of
    items not given are ignored.
    """

    def __init__(self, items: Iterable[Item], updates: Iterable[Update]) -> None:
        self.items = tuple(items)
        self.index = {item.id: item for item in self.items}
        self.pending = sorted((u for u in updates if u.item in self.index), key=REPLAY_ORDER)
        self.position = 0  # pending[:position] are applied
        self.day = dt.date.min
        self.states: dict[str, dict[str, State]] = {}  # item id -> code (or WHOLE) -> state
        self.last: dict[str, Update] = {}  # item id -> the latest update applied to it
        self.known: dict[str, frozenset[str]] = {}  # item id -> its indicator ids

    def play(
        self,
        until: dt.date,
        steps: list[Step] | None = None,
        unlisted: Container[str] = (),
        kind: type[Step] = Step,
    ) -> None:
        """Apply the pending updates dated on or before ``until`` (the one replay loop); with
        ``steps``, append one Step there (of ``kind``, a subclass of Step if not Step) for each
        state each update changed, but for the updates whose ids are ``unlisted``."""
        if until < self.day:
            raise ValueError("Replayer: dates must not decrease")
        self.day = until
        pending, index, states, last, known = (
            self.pending,
            self.index,
            self.states,
            self.last,
            self.known,
        )
        position, end = self.position, len(pending)
        while position < end and pending[position].date <= until:
            update = pending[position]
            position += 1
            item = index[update.item]
            targets = update_targets(item, update)
            if not targets:
                continue
            ids = known.get(item.id)
            if ids is None:
                ids = known[item.id] = frozenset(ind.id for ind in item.indicators)
            mine = states.get(item.id)
            if mine is None:
                mine = states[item.id] = {}
            listing = steps if steps is not None and update.id not in unlisted else None
            for code in targets:
                state = mine.get(code)
                if state is None:
                    state = mine[code] = State()
                if listing is None:
                    state.apply(update, ids)
                else:
                    before = state.snapshot()
                    state.apply(update, ids)
                    listing.append(_new(kind, (update, code or None, before, state.snapshot())))
            last[item.id] = update
        self.position = position

    def played(self, until: dt.date) -> list[Update]:
        """``play(until)``, returning the updates it went through (applied or skipped)."""
        start = self.position
        self.play(until)
        return self.pending[start : self.position]

    def steps(self, until: dt.date) -> list[Step]:
        out: list[Step] = []
        self.play(until, out)
        return out

    def progress(self, item: Item) -> ItemProgress:
        return item_progress(item, self.states.get(item.id, _NO_STATES), self.last.get(item.id))

    def figures(self) -> dict[str, ItemProgress]:
        """Every item's figures, as of the last date played."""
        return {item.id: self.progress(item) for item in self.items}

    def figures_at(self, day: dt.date) -> dict[str, ItemProgress]:
        self.play(day)
        return self.figures()

    def completion(self, item: Item, country: str | None = None) -> float | None:
        """``item``'s completion now, as ``entries`` counts it: with ``country``, that
        country's own; else the item's."""
        states = self.states.get(item.id, _NO_STATES)
        if country is not None:
            return state_completion(item, states.get(country, EMPTY))
        if not item.countries:
            return state_completion(item, states.get(WHOLE, EMPTY))
        return countries_completion(item, [states.get(c, EMPTY) for c in item.countries])

    @classmethod
    def resumed(
        cls,
        items: Iterable[Item],
        updates: Iterable[Update],
        kept: Mapping[str, ItemProgress],
        day: dt.date,
        again: Container[str] = (),
    ) -> Replayer:
        """A replayer of ``updates`` that goes on from ``kept``, every item's figures as of
        ``day`` from those same updates, but for the items in ``again``, replayed from the
        start: what ``Replayer(items, updates)`` is once it has played the updates dated up
        to ``day`` of every other item (each item's states depend on its own updates alone).
        Only those of ``again`` and those dated after ``day`` are left to play."""
        items = tuple(items)
        pending = [u for u in updates if u.date > day or u.item in again]
        replayer = cls(items, pending)
        replayer._restate(kept, [i.id for i in items if i.id not in again])
        return replayer

    def _restate(self, kept: Mapping[str, ItemProgress], item_ids: Iterable[str]) -> None:
        """Take the states of the items ``item_ids`` from their figures in ``kept``: the
        states a replay of their updates up to those figures left (a state is its view)."""
        for item_id in item_ids:
            before = kept[item_id]
            views = before.countries if self.index[item_id].countries else {WHOLE: before.own}
            self.states[item_id] = {
                code: State(view) for code, view in views.items() if view.last is not None
            }
            if before.last is not None:
                self.last[item_id] = before.last

    def on_top(self, kept: Mapping[str, ItemProgress]) -> dict[str, ItemProgress]:
        """``kept``, final figures (every earlier update applied), with all the pending updates
        applied on top: what one replay of all of them gives, provided these come after the
        others in replay order. Only the items they touch are restated and recomputed."""
        touched = {u.item for u in self.pending}
        self._restate(kept, touched)
        self.play(dt.date.max)
        out = dict(kept)
        for item_id in touched:
            out[item_id] = self.progress(self.index[item_id])
        return out


def replay(
    items: Iterable[Item], updates: Iterable[Update], as_of: dt.date
) -> dict[str, ItemProgress]:
    """Every item's figures as of ``as_of`` from the updates dated on or before it (a
    ``Replayer`` for one date). ``updates`` may come in any order; retracted updates must
    already be left out."""
    return Replayer(items, (u for u in updates if u.date <= as_of)).figures_at(as_of)


def item_progress(item: Item, states: Mapping[str, State], last: Update | None) -> ItemProgress:
    """An item's figures from its replayed states (``WHOLE``'s, or its countries')."""
    if not item.countries:
        own = states.get(WHOLE)
        view = own.snapshot() if own else EMPTY
        return ItemProgress(view.status, state_completion(item, view), view, {}, last)
    views = {
        code: (states[code].snapshot() if code in states else EMPTY) for code in item.countries
    }
    status = derive_status([v.status for v in views.values()])
    return ItemProgress(status, countries_completion(item, views.values()), EMPTY, views, last)


def countries_completion(item: Item, views: Iterable[State | StateView]) -> float | None:
    """An item with countries: the mean of its countries' completions over those not
    cancelled (spec section 9); None when all are."""
    shares = [state_completion(item, v) for v in views]
    active = [c for c in shares if c is not None]
    return math.fsum(active) / len(active) if active else None


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
    figures: Mapping[str, ItemProgress],
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
