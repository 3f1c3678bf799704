"""Progress over time (spec section 8): trend values, changes and one item's history.

Pure: the workspace, the journal's updates and the dates come in, report values go out. Every
figure comes from ``progress.Replayer``, the one replay, so a trend's value at a date is what
``jap status --as-of`` that date says (spec section 8). A trend replays once, forward, and at
each period end recomputes only the items that moved, keeping each group's weighted mean as
exact running sums (``RunningMean``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, cast

from jap_tracker.model import PILLARS, Item, Plan, Retraction, Update, Workspace
from jap_tracker.named import NamedTuple
from jap_tracker.periods import Period, period_start, periods, recent_months
from jap_tracker.progress import (
    REPLAY_ORDER,
    ItemProgress,
    Replayer,
    Step,
    entries,
    group,
    update_targets,
)
from jap_tracker.running import RunningMean, term

if TYPE_CHECKING:
    from jap_tracker.report import StatusReport

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
    figures: Mapping[str, ItemProgress],
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


def status_point(report: StatusReport) -> Point:
    """``point`` of every item, read from the status report of every item as of the same day
    (``report.build_status`` makes the same groups of the same entries)."""
    completion = {named.id: named.figures.completion for named in report.pillars}
    return Point(report.overall.completion, {p: completion[p] for p in PILLARS})


def points(
    items: Sequence[Item],
    updates: Iterable[Update],
    days: Sequence[dt.date],
    country: str | None,
    plans: Sequence[Plan] = (),
) -> list[Point]:
    """``point`` at each of ``days`` (never decreasing), from one forward replay: at each day
    only the items that its updates touched, and those whose plan began (of ``plans``: spec
    section 12), are counted again."""
    from jap_tracker.evaluation import counts

    chosen = {i.id: i for i in items if country is None or country in i.countries}
    replayer = Replayer(chosen.values(), updates)
    overall = RunningMean()
    pillars = {p: RunningMean() for p in PILLARS}
    counted: dict[str, float | None] = {}  # each item's completion as counted
    plan_of = {plan.id: plan for plan in plans}
    # the items of plans with a start, by start: each counts from the first day its plan counts
    waiting = sorted(
        (start, i.id)
        for i in chosen.values()
        if i.plan in plan_of and (start := plan_of[i.plan].start) is not None
    )
    begun = set(chosen).difference(item_id for _start, item_id in waiting)

    def count(ids: Iterable[str]) -> None:
        for item_id in ids:
            if item_id not in begun:
                continue
            item = chosen[item_id]
            completion = replayer.completion(item, country)
            if item_id in counted and counted[item_id] == completion:
                continue  # it moved nothing (a note, a blocked status, a share cancelled)
            counted[item_id] = completion
            new = term(item.weight, completion)
            overall.set(item_id, new)
            pillars[item.pillar].set(item_id, new)

    count(chosen)  # every item counted from the first day, before any update
    out: list[Point] = []
    position = 0
    for day in days:
        touched = {u.item for u in replayer.played(day)}
        while position < len(waiting) and counts(plan_of[chosen[waiting[position][1]].plan], day):
            begun.add(waiting[position][1])
            touched.add(waiting[position][1])
            position += 1
        count(touched)
        out.append(Point(overall.value(), {p: pillars[p].value() for p in PILLARS}))
    return out


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
    chosen = periods(every, min(first, until), until)
    ends = [p.end for p in chosen]
    values = points(scope.select(workspace), updates, ends, scope.country, workspace.plans)
    return Trend(every, scope, [TrendPeriod(*pair) for pair in zip(chosen, values, strict=True)])


def pillar_courses(
    workspace: Workspace, updates: Sequence[Update], days: Sequence[dt.date]
) -> dict[str, list[float | None]]:
    """Each pillar's completion (and "overall"'s) at each of ``days`` (increasing)."""
    values = points(workspace.items, updates, days, None, workspace.plans)
    out: dict[str, list[float | None]] = {p: [v.pillars[p] for v in values] for p in PILLARS}
    out["overall"] = [v.overall for v in values]
    return out


class Courses(NamedTuple):
    """Each pillar's (and "overall"'s) completion at ``days``: the eve of a window of whole
    calendar months (the day before its first), then the end of each of its months, the last
    one ending on the as-of day; so a course's first and last figures give the window's move."""

    days: list[dt.date]
    values: dict[str, list[float | None]]


def status_courses(workspace: Workspace, updates: Sequence[Update], day: dt.date) -> Courses:
    """The courses of ``jap status``'s Trend column: the last six months up to ``day``."""
    ends = recent_months(day)
    days = [period_start(ends[0], "month") - dt.timedelta(days=1), *ends]
    return Courses(days, pillar_courses(workspace, updates, days))


def report_trend(
    workspace: Workspace, updates: Sequence[Update], day: dt.date, scope: Scope
) -> Trend | None:
    """The monthly trend behind ``jap report --format html``, under the report's static
    filters (a status or overdue filter changes over time, so it has no part), from the first
    day its scope has something to draw; None when nothing was recorded."""
    if not updates:
        return None
    first = scope_start(workspace, updates, scope) or day
    return build_trend(workspace, updates, "month", day, first, scope)


def scope_start(workspace: Workspace, updates: Iterable[Update], scope: Scope) -> dt.date | None:
    """The first day with something to draw for ``scope``: the earliest start of its items (or
    of their plans) or of their recorded updates; None when it selects no item."""
    from jap_tracker.evaluation import item_start

    items = scope.select(workspace)
    plan_of = {plan.id: plan for plan in workspace.plans}
    ids = {item.id for item in items}
    days = [u.date for u in updates if u.item in ids]
    days += [day for i in items if i.plan in plan_of and (day := item_start(i, plan_of[i.plan]))]
    return min(days, default=None)


# ---- changes -------------------------------------------------------------------------------


class Pair(NamedTuple):
    before: object
    after: object


class Change(Step):
    """One update, for one country where the item has countries, with the state it moved:
    the replay's ``Step``, made as a Change by the replay itself (a change costs no more than
    the replay made)."""

    __slots__ = ()

    @property
    def status(self) -> Pair | None:
        """The status before and after, only where the update set it explicitly."""
        if self.update.status is None:
            return None
        return Pair(self.before.status, self.after.status)

    @property
    def progress(self) -> Pair | None:
        """The progress before and after, only where the update set it explicitly."""
        if self.update.progress is None:
            return None
        return Pair(self.before.progress, self.after.progress)


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
    *,
    at_since: Mapping[str, ItemProgress] | None = None,
    at_until: Mapping[str, ItemProgress] | None = None,
    after: Point | None = None,
) -> Changes:
    """The updates dated after ``since`` and on or before ``until``, in replay order, once per
    state they changed (an update that applies to nothing is not a change), of the items whose
    plans have begun by ``until``. With ``known_before`` (the live updates known at ``since``;
    ``updates`` those known at ``until``), two states of knowledge compared (spec section 11):
    every update that counts as of until and did not as of since. ``at_since`` and
    ``at_until``: the items' figures as of since (from ``known_before`` when given, else from
    ``updates``) and as of until (from ``updates``), when the caller has them; else replayed
    here (and with those of since, only what comes after is). ``after``: the ``point`` as of
    until, when the caller has it (``status_point``): then no figures as of until are made."""
    return changes_and_figures(
        workspace, updates, since, until, scope, known_before, at_since, at_until, after
    )[0]


def changes_and_figures(
    workspace: Workspace,
    updates: Sequence[Update],
    since: dt.date,
    until: dt.date,
    scope: Scope,
    known_before: Sequence[Update] | None,
    at_since: Mapping[str, ItemProgress] | None = None,
    at_until: Mapping[str, ItemProgress] | None = None,
    after: Point | None = None,
) -> tuple[Changes, Mapping[str, ItemProgress], Mapping[str, ItemProgress] | None]:
    """``build_changes``, and the figures of the items it counts as of ``since`` and as of
    ``until`` (those given, else from its one replay; None as of until when ``after`` is
    given without them)."""
    from jap_tracker.evaluation import counted_items

    plans = {plan.id: plan for plan in workspace.plans}
    items = counted_items(scope.select(workspace), plans, until)
    # spec section 11: ``updates`` as known at until, ``known_before`` at since; an update in
    # ``listed`` counted in the first state of knowledge too: not a change
    listed: set[str] = set()
    again: set[str] = set()  # the items whose updates up to since are not the same in both
    if known_before is not None:
        listed = {u.id for u in known_before if u.date <= since}
        again = _learnt_before(updates, known_before, listed, since)
    if at_since is None:
        replayer = Replayer(items, updates)
    else:  # the others' states at since are those of at_since: go on from there
        replayer = Replayer.resumed(items, updates, at_since, since, again)
    steps: list[Step] = []  # of Changes (``kind``)
    replayer.play(since, steps if known_before is not None else None, listed, Change)
    if at_since is None:
        at_since = replayer.figures()
        if again:
            redo = [replayer.index[i] for i in again if i in replayer.index]
            at_since.update(Replayer(redo, known_before or ()).figures_at(since))
    before = point(items, at_since, since, scope.country, workspace)
    replayer.play(until, steps, listed, Change)
    if scope.country is not None:
        steps = [step for step in steps if step.country == scope.country]
    out = cast("list[Change]", steps)
    if after is None:
        if at_until is None:
            at_until = replayer.figures()
        after = point(items, at_until, until, scope.country, workspace)
    return Changes(since, until, scope, out, before, after), at_since, at_until


def _learnt_before(
    updates: Sequence[Update], known_before: Sequence[Update], listed: set[str], since: dt.date
) -> set[str]:
    """The items whose updates dated up to ``since`` differ between ``known_before`` (those
    are ``listed``) and ``updates``: an update back-dated, or retracted, since. Every other
    item is in the same state as of since in both."""
    later = {u.id for u in updates if u.date <= since}
    differ = {u.item for u in known_before if u.date <= since and u.id not in later}
    differ.update(u.item for u in updates if u.date <= since and u.id not in listed)
    return differ


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
    for an item with countries, once per country it applies to (``update_targets``)."""
    out: list[HistoryEntry] = []
    for update in sorted((u for u in updates if u.item == item.id), key=REPLAY_ORDER):
        gone = retracted.get(update.id)
        codes = update_targets(item, update)
        if item.countries and codes:
            out += [HistoryEntry(update, code, gone) for code in codes]
        else:  # a regional item, or a record naming only countries the item does not concern
            out.append(HistoryEntry(update, None, gone))
    return History(item, out)


def recorded_retractions(
    workspace: Workspace,
    updates: Sequence[Update],
    retractions: Sequence[Retraction],
    since: dt.date,
    until: dt.date,
    scope: Scope = EVERYTHING,
) -> list[tuple[Retraction, str]]:
    """The retractions recorded after ``since`` and on or before ``until`` (UTC dates), of
    updates (``updates``: all, retracted ones included) of the items in ``scope``, in the
    order recorded, each with that item (``jap changes --recorded``, spec section 11)."""
    items = {item.id for item in scope.select(workspace)}
    item_of = {u.id: u.item for u in updates}
    found = [
        (r, item_of[r.retracts])
        for r in retractions
        if since < r.recorded.astimezone(dt.UTC).date() <= until
        and item_of.get(r.retracts) in items
    ]
    return sorted(found, key=lambda pair: (pair[0].recorded, pair[0].id))
