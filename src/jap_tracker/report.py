"""Report values: the neutral figures that every renderer formats (and nothing else does).

Pure: built from the workspace, the replayed figures and the as-of date that the caller gives.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from jap_tracker import codes, evaluation
from jap_tracker.i18n import pillar_name
from jap_tracker.matrix import Matrix, by_country, by_lead
from jap_tracker.model import PILLARS, Item, Plan, Update, Workspace, choose_text
from jap_tracker.named import NamedTuple
from jap_tracker.progress import (
    CANCELLED,
    DONE,
    Entry,
    Group,
    ItemProgress,
    StateView,
    entries,
    is_overdue,
    state_completion,
)
from jap_tracker.progress import group as count_group

if TYPE_CHECKING:
    from jap_tracker.timeline import Courses, Trend


class NamedGroup(NamedTuple):
    id: str
    name: str
    figures: Group


class PlanGroup(NamedTuple):
    id: str
    title: str
    figures: Group
    pillars: list[NamedGroup]
    state: str = evaluation.ACTIVE  # spec section 12: upcoming, active or closed
    forecast: dt.date | None = None  # spec section 13


class StatusReport(NamedTuple):
    as_of: dt.date
    lang: str
    overall: Group
    pillars: list[NamedGroup]
    plans: list[PlanGroup]
    countries: list[NamedGroup]
    by_country: Matrix | None = None
    # each pillar's (and "overall"'s) completion over recent months, for a Trend column
    courses: Courses | None = None
    leads: list[NamedGroup] = []  # spec section 14: by organisation, in text order
    by_lead: Matrix | None = None  # pillars × organisations (``jap status --by lead``)


class Filters(NamedTuple):
    pillars: tuple[str, ...] = ()
    plans: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    overdue: bool = False
    country: str | None = None
    due_within: int | None = None  # days (spec section 13)
    ratings: tuple[str, ...] = ()
    lead: str | None = None  # an organisation's exact text (spec section 14)

    def as_json(self) -> dict[str, Any]:
        return {
            "pillar": list(self.pillars) or None,
            "plan": list(self.plans) or None,
            "status": list(self.statuses) or None,
            "overdue": self.overdue,
            "country": self.country,
            "due_within": self.due_within,
            "rating": list(self.ratings) or None,
            "lead": self.lead,
        }


class CountryRow(NamedTuple):
    id: str
    name: str
    status: str
    progress: float | None
    completion: float | None
    actuals: dict[str, float]
    last: Update | None


class ItemRow(NamedTuple):
    item: Item
    title: str
    plan_title: str
    status: str
    progress: float | None  # None for an item with countries
    completion: float | None
    overdue: bool
    stale: bool
    actuals: dict[str, float]  # empty for an item with countries
    last: Update | None
    countries: list[CountryRow]
    coverage: tuple[int, int] | None  # (done, of) for an item with countries
    judged: evaluation.Judgement = evaluation.Judgement(None, None, None)  # spec section 13


class ItemsReport(NamedTuple):
    as_of: dt.date
    lang: str
    filters: Filters
    summary: StatusReport
    rows: list[ItemRow]
    trend: Trend | None = None  # the monthly trend the HTML page draws


def _entries_for(
    items: Sequence[Item],
    figures: Mapping[str, ItemProgress],
    as_of: dt.date,
    country: str | None,
    plans: dict[str, Plan],
) -> list[Entry]:
    """``progress.entries``, with no item of a closed plan overdue (spec section 12)."""
    return evaluation.on_time(entries(items, figures, as_of, country), plans, as_of)


def counted(
    workspace: Workspace, as_of: dt.date, items: Sequence[Item] | None = None
) -> list[Item]:
    """``items`` (default: every item) but those of plans not begun by ``as_of``."""
    plans = {plan.id: plan for plan in workspace.plans}
    return evaluation.counted_items(workspace.items if items is None else items, plans, as_of)


def build_status(
    workspace: Workspace,
    figures: Mapping[str, ItemProgress],
    as_of: dt.date,
    lang: str = "en",
    items: Sequence[Item] | None = None,
    country: str | None = None,
    stale_after: int | None = None,
) -> StatusReport:
    """Completion overall, per pillar, per plan (and pillar within plan), per country and per
    lead, each rated (spec section 13); with ``stale_after``, every group also counts its stale
    items. Items of plans not begun by ``as_of`` count nowhere (spec section 12)."""
    plan_of = {plan.id: plan for plan in workspace.plans}
    chosen = counted(workspace, as_of, items)
    all_entries = _entries_for(chosen, figures, as_of, country, plan_of)
    due_by_now = evaluation.expectations(chosen, plan_of, as_of)

    def group(found: Iterable[Entry], code: str | None = country) -> Group:
        found = list(found)
        figures_of = evaluation.rated(count_group(found), found, due_by_now)
        if stale_after is None:
            return figures_of
        stale = sum(
            1
            for e in found
            if evaluation.can_be_late(plan_of[e.item.plan], as_of)
            and is_stale_status(e.status, _last_of(figures[e.item.id], code), as_of, stale_after)
        )
        return figures_of._replace(stale=stale)

    by_pillar: dict[str, list[Entry]] = {p: [] for p in PILLARS}
    by_plan: dict[str, list[Entry]] = {plan.id: [] for plan in workspace.plans}
    for entry in all_entries:
        by_pillar[entry.item.pillar].append(entry)
        by_plan.setdefault(entry.item.plan, []).append(entry)
    pillars = [NamedGroup(p, pillar_name(p, lang), group(by_pillar[p])) for p in PILLARS]
    plans = []
    for plan in workspace.plans:
        plan_entries = by_plan.get(plan.id, [])
        plan_figures = group(plan_entries)
        plans.append(
            PlanGroup(
                plan.id,
                choose_text(plan.title, lang, plan.lang),
                plan_figures,
                [
                    NamedGroup(
                        p,
                        pillar_name(p, lang),
                        group(e for e in plan_entries if e.item.pillar == p),
                    )
                    for p in PILLARS
                ],
                evaluation.plan_state(plan, as_of),
                evaluation.forecast_plan(plan.start, as_of, plan_figures.completion),
            )
        )
    matrix = by_country(chosen, figures, as_of, lang, country, plan_of)
    countries = [
        NamedGroup(c.id, c.name, group(_entries_for(chosen, figures, as_of, c.id, plan_of), c.id))
        for c in matrix.countries
    ]
    lead_matrix = by_lead(all_entries, group, lang)
    leads = [NamedGroup(t.id, t.name, t.figures) for t in lead_matrix.columns]
    overall = group(all_entries)
    return StatusReport(
        as_of, lang, overall, pillars, plans, countries, matrix, None, leads, lead_matrix
    )


def is_stale(last: Update | None, as_of: dt.date, days: int | None) -> bool:
    """Stale: no update at all, or the last one dated more than ``days`` before as-of."""
    if days is None:
        return False
    return last is None or (as_of - last.date).days > days


def is_stale_status(status: str, last: Update | None, as_of: dt.date, days: int | None) -> bool:
    """Stale, for an item (or a country's share) that is not finished: done and cancelled ones
    need no more updates (as in ``jap check --fail-on-stale``)."""
    return status not in (DONE, CANCELLED) and is_stale(last, as_of, days)


def _last_of(progress: ItemProgress, country: str | None) -> Update | None:
    if country is not None and country in progress.countries:
        return progress.countries[country].last
    return progress.last


def _country_rows(item: Item, views: dict[str, StateView], lang: str) -> list[CountryRow]:
    return [
        CountryRow(
            code,
            codes.country_name(code, lang),
            view.status,
            view.progress,
            state_completion(item, view),
            view.actuals,
            view.last,
        )
        for code, view in views.items()
    ]


def item_state(
    item: Item, progress: ItemProgress, country: str | None = None
) -> tuple[str, float | None, Update | None]:
    """An item's status, completion and last update: with ``country`` (an item with
    countries), that country's own."""
    if not item.countries:
        return progress.status, progress.completion, progress.own.last
    if country is None:
        return progress.status, progress.completion, progress.last
    view = progress.countries[country]
    return view.status, state_completion(item, view), view.last


def item_row(
    item: Item,
    plan: Plan,
    progress: ItemProgress,
    as_of: dt.date,
    lang: str,
    country: str | None = None,
    stale_after: int | None = None,
) -> ItemRow:
    """One item's row; an item of a closed plan is never overdue or stale (spec section 12)."""
    title = choose_text(item.title, lang, item.lang)
    plan_title = choose_text(plan.title, lang, plan.lang)
    rows: list[CountryRow] = []
    done_of = None
    status, completion, last = item_state(item, progress, country)
    if not item.countries:
        share, actuals = progress.own.progress, progress.own.actuals
    else:
        views = progress.countries
        if country is not None:
            views = {country: views[country]}
        rows = _country_rows(item, views, lang)
        share, actuals = None, {}
        active = [r for r in rows if r.status != CANCELLED]
        done_of = (sum(1 for r in active if r.status == DONE), len(active))
    late = evaluation.can_be_late(plan, as_of)
    return ItemRow(
        item,
        title,
        plan_title,
        status,
        share,
        completion,
        late and is_overdue(item, status, as_of),
        late and is_stale_status(status, last, as_of, stale_after),
        actuals,
        last,
        rows,
        done_of,
        evaluation.judge_item(item, plan, status, completion, as_of),
    )


def _passes(row: ItemRow, filters: Filters, as_of: dt.date) -> bool:
    item = row.item
    if filters.statuses and row.status not in filters.statuses:
        return False
    if filters.overdue and not row.overdue:
        return False
    if filters.due_within is not None and not evaluation.is_due_within(
        item.due, row.status, as_of, filters.due_within
    ):
        return False
    if filters.ratings and row.judged.rating not in filters.ratings:
        return False
    return filters.lead is None or filters.lead in item.lead


def build_items(
    workspace: Workspace,
    figures: Mapping[str, ItemProgress],
    as_of: dt.date,
    filters: Filters,
    lang: str = "en",
    stale_after: int | None = None,
    summary: StatusReport | None = None,
) -> ItemsReport:
    """The items of begun plans that pass every filter, in plan-file order, and their figures;
    ``summary``: the caller's ``build_status`` of the same items, when it has one at hand."""
    rows = item_rows(workspace, figures, as_of, filters, lang, stale_after)
    if summary is None:
        chosen = [row.item for row in rows]
        summary = build_status(
            workspace, figures, as_of, lang, chosen, filters.country, stale_after
        )
    return ItemsReport(as_of, lang, filters, summary, rows)


def item_rows(
    workspace: Workspace,
    figures: Mapping[str, ItemProgress],
    as_of: dt.date,
    filters: Filters,
    lang: str = "en",
    stale_after: int | None = None,
) -> list[ItemRow]:
    """The rows of ``build_items``, without the figures of the groups."""
    plans = {plan.id: plan for plan in workspace.plans}
    return [
        row
        for item in _chosen(workspace, as_of, filters)
        for row in (
            item_row(
                item, plans[item.plan], figures[item.id], as_of, lang, filters.country, stale_after
            ),
        )
        if _passes(row, filters, as_of)
    ]


def _chosen(workspace: Workspace, as_of: dt.date, filters: Filters) -> list[Item]:
    """The items of plans begun by ``as_of`` in ``filters``' pillars, plans and country."""
    return [
        item
        for item in counted(workspace, as_of)
        if (not filters.pillars or item.pillar in filters.pillars)
        and (not filters.plans or item.plan in filters.plans)
        and (filters.country is None or filters.country in item.countries)
    ]


def done_and_overdue(
    workspace: Workspace, figures: Mapping[str, ItemProgress], as_of: dt.date, filters: Filters
) -> tuple[set[str], set[str]]:
    """The ids of the items of ``item_rows`` (under ``filters``' pillars, plans and country
    only) that are done, and of those overdue, as their rows say, without making the rows."""
    plans = {plan.id: plan for plan in workspace.plans}
    done: set[str] = set()
    overdue: set[str] = set()
    for item in _chosen(workspace, as_of, filters):
        status = item_state(item, figures[item.id], filters.country)[0]
        if status == DONE:
            done.add(item.id)
        if evaluation.can_be_late(plans[item.plan], as_of) and is_overdue(item, status, as_of):
            overdue.add(item.id)
    return done, overdue
