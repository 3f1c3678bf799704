"""The human tables of ``jap brief`` (spec section 15), each decided once as a view
(render/view.py says what a view is) for the terminal, Markdown and HTML: the headline, the
figures by pillar, the updates learnt, and the lists of items. Pure: no Rich, no markup, no
escaping.

A rating is in words, in a span marked ``rating:<rating>``; its row carries the flag
``r-<rating>``, with which HTML colours it (the words stay: never colour alone).
"""

from __future__ import annotations

from collections.abc import Callable

from jap_tracker.brief import Brief, Move
from jap_tracker.render.labels import Labels, points_text
from jap_tracker.render.view import (
    Cell,
    Column,
    Row,
    Span,
    View,
    own,
    rating_cell,
    rating_column,
    title_of,
)
from jap_tracker.render.view_time import changes_moved, changes_recorded
from jap_tracker.report import ItemRow


def rating_flags(rating: str | None) -> tuple[str, ...]:
    return (f"r-{rating}",) if rating else ()


def title(brief: Brief, labels: Labels) -> str:
    _ = labels
    date = labels.numbers.date
    return _("Brief, {since} to {until}").format(since=date(brief.since), until=date(brief.until))


def scope_text(brief: Brief, labels: Labels) -> str:
    """The filters in the reader's language, as ``jap report``'s page says them ("" for
    none)."""
    from jap_tracker.render.labels import filter_texts

    return "; ".join(filter_texts(brief.filters, labels))


def known_text(brief: Brief, labels: Labels) -> str:
    """What the brief compares."""
    date = labels.numbers.date
    return labels("As known on {since}, compared with what is known on {until}").format(
        since=date(brief.since), until=date(brief.until)
    )


def overall_text(move: Move, labels: Labels) -> str:
    """``41.0% → 53.0% (+12.0 pts)``: the overall completion as known at both dates."""
    pct = labels.numbers.percent
    moved = points_text(labels, move.before, move.after)
    return f"{pct(move.before)} → {pct(move.after)}" + (f" ({moved})" if moved else "")


def counts_text(brief: Brief, labels: Labels) -> str:
    """How many items each list holds, in one line."""
    plural = labels.plural
    parts = [
        (plural("{n} completed", "{n} completed", len(brief.completed)), brief.completed),
        (
            plural("{n} newly overdue", "{n} newly overdue", len(brief.newly_overdue)),
            brief.newly_overdue,
        ),
        (plural("{n} blocked", "{n} blocked", len(brief.blocked)), brief.blocked),
        (plural("{n} due soon", "{n} due soon", len(brief.due_soon)), brief.due_soon),
        (plural("{n} behind schedule", "{n} behind schedule", len(brief.at_risk)), brief.at_risk),
    ]
    return " · ".join(text.format(n=len(rows)) for text, rows in parts)


def headline(brief: Brief, labels: Labels) -> View:
    """The title, the filters, overall completion then and now with its rating, and the
    number of items in each list: a view without columns (its text is said as ``empty``)."""
    _ = labels
    move = brief.overall
    lines = [
        known_text(brief, labels),
        _("Overall completion: {figures}; rating: {rating}").format(
            figures=overall_text(move, labels), rating=labels.rating(move.rating)
        ),
        counts_text(brief, labels),
    ]
    scope = scope_text(brief, labels)
    if scope:
        lines.insert(1, scope)
    return View(title_of(title(brief, labels)), (), (), empty="\n\n".join(lines))


def pillars(brief: Brief, labels: Labels) -> View:
    """Completion per pillar and overall as known on each date, the move in points (the
    view of ``jap changes``) and the rating as of ``until``."""
    _ = labels
    moved = changes_moved(brief.changes, labels)
    ratings = [*(p.rating for p in brief.pillars), brief.overall.rating]
    rows = tuple(
        row._replace(cells=(*row.cells, rating_cell(labels, rating)), flags=rating_flags(rating))
        for row, rating in zip(moved.rows, ratings, strict=True)
    )
    return moved._replace(
        title=title_of(_("Completion by pillar, as known on each date")),
        columns=(*moved.columns, rating_column(labels)),
        rows=rows,
        flagged=True,
    )


def updates(brief: Brief, labels: Labels) -> View:
    """Every update the record learnt (the view of ``jap changes``)."""
    _ = labels
    since = labels.numbers.date(brief.since)
    return changes_recorded(brief.changes, labels)._replace(
        title=title_of(_("Updates learnt since {date}").format(date=since)), empty=_("None.")
    )


Extra = Callable[[ItemRow], Cell]


def _items(
    heading: str,
    rows: list[ItemRow],
    labels: Labels,
    extra: tuple[Column, Extra] | None = None,
    rated: bool = False,
) -> View:
    """A list of items: id and title, and one more column where ``extra`` says (``rated``:
    each row flagged with its rating)."""
    _ = labels
    columns = [Column(_("ID"), key=True, wrap=False), Column(_("Title"), share=1)]
    if extra is not None:
        columns.append(extra[0])
    out = []
    for row in rows:
        cells: tuple[Cell, ...] = ((Span(row.item.id),), (Span(row.title),))
        flags: tuple[str, ...] = ()
        if extra is not None:
            cells += (extra[1](row),)
        if rated:
            flags = rating_flags(row.judged.rating)
        out.append(Row(cells, flags=flags))
    return View(title_of(heading), tuple(columns), tuple(out), empty=_("None."), flagged=True)


def lists(brief: Brief, labels: Labels) -> list[View]:
    """The five lists of items, in the order a meeting takes them."""
    _ = labels
    date = labels.numbers.date
    since = date(brief.since)
    soon = labels.plural(
        "Due in the {n} day after {until}", "Due in the {n} days after {until}", brief.ahead
    ).format(n=brief.ahead, until=date(brief.until))
    due = Column(_("Due"), wrap=False)
    return [
        _items(_("Completed since {date}").format(date=since), brief.completed, labels),
        _items(_("Newly overdue since {date}").format(date=since), brief.newly_overdue, labels),
        _items(_("Blocked items"), brief.blocked, labels),
        _items(soon, brief.due_soon, labels, (due, lambda r: (own(date(r.item.due)),))),
        _items(
            _("Behind schedule: off track, then at risk"),
            brief.at_risk,
            labels,
            (rating_column(labels), lambda r: rating_cell(labels, r.judged.rating)),
            rated=True,
        ),
    ]


def body(brief: Brief, labels: Labels) -> list[View]:
    """Every view after the headline, in order."""
    return [pillars(brief, labels), updates(brief, labels), *lists(brief, labels)]
