"""The brief for a review meeting (spec section 15): what the record learnt between two dates
and what comes next, as one value (``Brief``) that every format draws.

Pure: the plans, the live updates as known on ``since`` and as known on ``until``, the dates
and the filters come in. The figures are compared as ``jap changes --recorded`` compares them
(``timeline.build_changes``, spec section 11); each item's status, overdue flag and rating are
those of ``jap report`` as of each date (``report.build_items``), under the same filters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from jap_tracker.evaluation import AT_RISK, OFF_TRACK, is_due_within
from jap_tracker.model import PILLARS, Update, Workspace
from jap_tracker.named import NamedTuple
from jap_tracker.progress import BLOCKED, DONE, ItemProgress
from jap_tracker.report import Filters, ItemRow, ItemsReport, build_items, done_and_overdue
from jap_tracker.timeline import Changes, Scope, changes_and_figures, status_point

EVERY_ITEM = Filters()


class Move(NamedTuple):
    """A group's completion as known on ``since`` (``before``) and on ``until`` (``after``),
    and its rating as of ``until``. ``id``: a pillar's, or "" for overall."""

    id: str
    before: float | None
    after: float | None
    rating: str | None


class Brief(NamedTuple):
    since: dt.date
    until: dt.date
    ahead: int  # days after ``until`` that ``due_soon`` looks
    lang: str
    filters: Filters  # pillars, plans, country
    overall: Move
    pillars: list[Move]  # always the four, I to IV
    changes: Changes  # ``updates``: every update learnt (jap changes --recorded)
    # the items' rows as of ``until`` (in the reader's language), each list in id order but:
    completed: list[ItemRow]
    newly_overdue: list[ItemRow]
    blocked: list[ItemRow]
    due_soon: list[ItemRow]  # by due date, then id
    at_risk: list[ItemRow]  # off track first, then at risk; then id

    @property
    def horizon(self) -> dt.date:
        """The last day that ``due_soon`` looks at."""
        return self.until + dt.timedelta(days=self.ahead)


def _by_id(rows: Sequence[ItemRow]) -> list[ItemRow]:
    return sorted(rows, key=lambda row: row.item.id)


def is_due_soon(row: ItemRow, until: dt.date, ahead: int) -> bool:
    """Neither done nor cancelled, due after ``until`` and at most ``ahead`` days after it:
    ``jap report --due-within`` from the day after ``until`` (which it includes), one day
    less."""
    return is_due_within(row.item.due, row.status, until + dt.timedelta(days=1), ahead - 1)


def build_brief(
    workspace: Workspace,
    known_since: Sequence[Update],
    known_until: Sequence[Update],
    since: dt.date,
    until: dt.date,
    ahead: int,
    filters: Filters = EVERY_ITEM,
    lang: str = "en",
    at_until: dict[str, ItemProgress] | None = None,
    now: ItemsReport | None = None,
    *,
    at_since: dict[str, ItemProgress] | None = None,
) -> Brief:
    """The brief between ``since`` and ``until`` (``since`` <= ``until``). ``known_since``
    and ``known_until``: the live updates as known at the end of each date (retractions known
    then applied); ``at_until``: every item's figures from ``known_until`` as of ``until``,
    and ``now``: ``report.build_items`` of them under the same filters, and ``at_since``,
    every item's figures from ``known_since`` as of ``since``, when the caller has them (else
    they come from the replay of the changes). Only ``filters``' pillars, plans and country
    are read. Items of plans not begun by a date count nowhere as of that date (spec section
    12)."""
    scope = Scope(filters.pillars, filters.plans, filters.country)
    view = Filters(pillars=scope.pillars, plans=scope.plans, country=scope.country)
    after = status_point(now.summary) if now is not None else None  # (its items: the view's)
    changes, figures_then, figures_now = changes_and_figures(
        workspace, known_until, since, until, scope, known_since, at_since, at_until, after
    )
    if now is None:
        assert figures_now is not None  # (no point as of until was handed in)
        now = build_items(workspace, figures_now, until, view, lang)
    done_then, overdue_then = done_and_overdue(workspace, figures_then, since, view)
    rows = _by_id(now.rows)
    summary = now.summary
    before, after = changes.before, changes.after
    ratings = {p.id: p.figures.rating for p in summary.pillars}
    return Brief(
        since,
        until,
        ahead,
        lang,
        view,
        Move("", before.overall, after.overall, summary.overall.rating),
        [Move(p, before.pillars[p], after.pillars[p], ratings[p]) for p in PILLARS],
        changes,
        completed=[r for r in rows if r.status == DONE and r.item.id not in done_then],
        newly_overdue=[r for r in rows if r.overdue and r.item.id not in overdue_then],
        blocked=[r for r in rows if r.status == BLOCKED],
        due_soon=sorted(
            (r for r in rows if is_due_soon(r, until, ahead)),
            key=lambda r: (r.item.due, r.item.id),
        ),
        at_risk=sorted(
            (r for r in rows if r.judged.rating in (OFF_TRACK, AT_RISK)),
            key=lambda r: (r.judged.rating != OFF_TRACK, r.item.id),
        ),
    )
