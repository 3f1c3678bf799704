"""The human tables, each decided once: title, columns, rows of cells and their emphasis, built
from a report value in the reader's language. The terminal (table.py), Markdown and HTML
renderers draw these views and decide nothing about what a table shows; how a mark looks is
each renderer's own (its ``LOOKS``). Pure: no Rich, no markup, no escaping.
"""

from __future__ import annotations

from typing import NamedTuple

from jap_tracker.model import PILLARS, choose_text
from jap_tracker.progress import Group
from jap_tracker.render.common import extra_text, matrix_cell, points_moved, sparkline
from jap_tracker.render.labels import (
    PERIOD_TITLES,
    Labels,
    last_update_text,
    progress_text,
)
from jap_tracker.report import ItemRow, ItemsReport, StatusReport
from jap_tracker.timeline import Changes, History, Pair, Trend


class Span(NamedTuple):
    """A piece of a cell or a title. ``literal``: text as typed in a file or a register (a
    title, a name, a note), which Markdown escapes; jap's own labels and figures are not.
    ``mark`` says what the piece is, for emphasis:

    ``key`` an id; ``total`` a figure or label of a totals row or column; ``strong`` a figure
    that stands out; ``overdue``, ``stale`` the flag words of an item; ``overdue-count``,
    ``stale-count`` a count of such items above zero; ``status:<status>`` a status word;
    ``gauge`` a completion (``value``) a terminal draws as a bar; ``course`` a sparkline;
    ``extra`` an item's free-form fields; ``detail`` the item's countries (only HTML has room
    for them); ``struck`` the text of a retracted update; ``retraction``, ``retraction-note``
    who retracted it and why."""

    text: str
    mark: str = ""
    literal: bool = True
    value: float | None = None


Cell = tuple[Span, ...]


class Column(NamedTuple):
    """``numeric``: figures, right-aligned. ``key``: ids; with ``names`` (its heading), the
    cell's spans after the first are the id's name, which HTML shows in a column of its own
    and the others after the id. ``wrap``, ``share`` and ``min_width`` size a terminal
    column (``share``: its part of the spare width); ``gauge``: a terminal bar column."""

    heading: str
    numeric: bool = False
    key: bool = False
    names: str | None = None
    wrap: bool = True
    share: int | None = None
    min_width: int | None = None
    gauge: bool = False


class Row(NamedTuple):
    """``total``: the totals row, under a rule on a terminal; ``strong``: a terminal draws all
    of it in bold; ``flags`` ("overdue", "stale"): what HTML marks the row with."""

    cells: tuple[Cell, ...]
    total: bool = False
    strong: bool = False
    flags: tuple[str, ...] = ()


class View(NamedTuple):
    """One table. ``empty`` is said instead of rows when there are none (a view without
    columns is only that); ``short_title`` heads it on a page that states the date itself
    (HTML); ``flagged``: its rows carry flags (HTML gives every row a class)."""

    title: tuple[Span, ...]
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    empty: str = ""
    caption: str = ""
    short_title: str = ""
    flagged: bool = False


def own(text: str, mark: str = "", value: float | None = None) -> Span:
    """jap's own text: a label or a figure."""
    return Span(text, mark, False, value)


def fill(template: str, field: str, text: str, mark: str = "") -> tuple[Span, ...]:
    """A translated ``template`` with ``{field}`` filled by literal ``text``."""
    before, _, after = template.partition("{" + field + "}")
    return own(before, mark), Span(text, mark), own(after, mark)


def _title(text: str) -> tuple[Span, ...]:
    return (own(text),)


def _count(n: int | None, mark: str) -> Cell:
    return (own(str(n), mark if n else ""),)


# ---- status --------------------------------------------------------------------------------


def _gauge(labels: Labels, value: float | None, mark: str = "") -> Cell:
    return (own(labels.numbers.percent(value), mark or "gauge", value),)


def pillar_completion(report: StatusReport, labels: Labels) -> View:
    """The terminal's first status table: completion per pillar (and its recent course)."""
    _ = labels
    courses = report.courses
    columns = [
        Column(_("Pillar"), wrap=False),
        Column(_("Name"), share=1, min_width=20),
        Column(_("Completion"), numeric=True, wrap=False, gauge=True),
    ]
    if courses is not None:
        columns.append(Column(_("Trend"), wrap=False))

    def course(key: str) -> tuple[Cell, ...]:
        return () if courses is None else ((own(sparkline(courses[key]), "course"),),)

    rows = [
        Row(((own(p.id),), (Span(p.name),), _gauge(labels, p.figures.completion), *course(p.id)))
        for p in report.pillars
    ]
    overall = (own(_("Overall"), "total"),), (own(""),), _gauge(labels, report.overall.completion)
    rows.append(Row((*overall, *course("overall")), total=True, strong=True))
    title = _("Completion by pillar, as of {date}").format(date=labels.numbers.date(report.as_of))
    return View(_title(title), tuple(columns), tuple(rows))


def _counts(labels: Labels, figures: Group, with_stale: bool) -> list[Cell]:
    cells = [_count(figures.items, "")]
    cells += [_count(figures.by_status[key], "") for key, _label in labels.statuses()]
    cells.append(_count(figures.overdue, "overdue-count"))
    if with_stale:
        cells.append(_count(figures.stale, "stale-count"))
    return cells


def _count_columns(labels: Labels, with_stale: bool) -> list[Column]:
    _ = labels
    columns = [Column(_("Items"), numeric=True)]
    columns += [Column(label, numeric=True) for _key, label in labels.statuses()]
    columns.append(Column(_("Overdue"), numeric=True))
    return columns + ([Column(_("Stale"), numeric=True)] if with_stale else [])


def pillar_counts(report: StatusReport, labels: Labels) -> View:
    """The terminal's second status table: items per pillar by status, overdue (and stale)."""
    _ = labels
    stale = report.overall.stale is not None
    rows = [Row(((own(p.id),), *_counts(labels, p.figures, stale))) for p in report.pillars]
    overall = _counts(labels, report.overall, stale)
    rows.append(Row(((own(_("Overall"), "total"),), *overall), total=True))
    columns = (Column(_("Pillar"), wrap=False), *_count_columns(labels, stale))
    return View(_title(_("Items by status")), columns, tuple(rows))


def pillar_summary(report: StatusReport, labels: Labels) -> View:
    """Completion and counts per pillar in one table (Markdown and HTML)."""
    _ = labels
    stale = report.overall.stale is not None
    rows = [
        Row(
            (
                (Span(f"{p.id}. {p.name}"),),
                (own(labels.numbers.percent(p.figures.completion)),),
                *_counts(labels, p.figures, stale),
            )
        )
        for p in report.pillars
    ]
    total = (
        (own(_("Overall"), "total"),),
        (own(labels.numbers.percent(report.overall.completion), "total"),),
    )
    rows.append(Row((*total, *_counts(labels, report.overall, stale)), total=True))
    columns = (
        Column(_("Pillar")),
        Column(_("Completion"), numeric=True),
        *_count_columns(labels, stale),
    )
    title = _("Completion by pillar, as of {date}").format(date=labels.numbers.date(report.as_of))
    return View(_title(title), columns, tuple(rows), short_title=_("Items by status"))


def plans(report: StatusReport, labels: Labels) -> View:
    """Completion per plan and pillar, with its counts."""
    _ = labels
    pct = labels.numbers.percent
    columns = (
        Column(_("Plan"), key=True, names=_("Title"), share=1, min_width=16),
        *[Column(p.id, numeric=True, wrap=False) for p in report.pillars],
        Column(_("Completion"), numeric=True, wrap=False),
        Column(_("Items"), numeric=True),
        Column(labels.status("done"), numeric=True),
        Column(_("Overdue"), numeric=True),
    )
    rows = tuple(
        Row(
            (
                (Span(plan.id, "key"), Span(plan.title)),
                *[(own(pct(p.figures.completion)),) for p in plan.pillars],
                (own(pct(plan.figures.completion), "strong"),),
                _count(plan.figures.items, ""),
                _count(plan.figures.by_status["done"], ""),
                _count(plan.figures.overdue, "overdue-count"),
            )
        )
        for plan in report.plans
    )
    return View(_title(_("Completion by plan and pillar")), columns, rows)


def countries(report: StatusReport, labels: Labels) -> View | None:
    """Completion per country (None when no item has countries)."""
    if not report.countries:
        return None
    _ = labels
    columns = (
        Column(_("Country"), key=True, names=""),
        Column(_("Completion"), numeric=True, wrap=False, gauge=True),
        Column(_("Items"), numeric=True),
        Column(labels.status("done"), numeric=True),
        Column(_("Overdue"), numeric=True),
    )
    rows = tuple(
        Row(
            (
                (Span(c.id, "key"), Span(c.name)),
                _gauge(labels, c.figures.completion),
                _count(c.figures.items, ""),
                _count(c.figures.by_status["done"], ""),
                _count(c.figures.overdue, "overdue-count"),
            )
        )
        for c in report.countries
    )
    return View(_title(_("Completion by country")), columns, rows)


def country_matrix(report: StatusReport, labels: Labels) -> View:
    """Pillars × countries: completion and coverage (done/of) in each cell."""
    _ = labels
    num = labels.numbers
    title = _title(
        _("Completion by pillar and country, as of {date}").format(date=num.date(report.as_of))
    )
    matrix = report.by_country
    if matrix is None or not matrix.countries:
        return View(title, (), (), empty=_("No item is tracked per country."))
    columns = (
        Column(_("Pillar"), wrap=False),
        *[Column(f"{c.id} {c.name}", numeric=True, wrap=False) for c in matrix.countries],
        Column(_("All"), numeric=True, wrap=False),
    )
    rows = [
        Row(
            (
                (own(total.id),),
                *[(own(matrix_cell(num, matrix.cell(total.id, c.id))),) for c in matrix.countries],
                (own(matrix_cell(num, total)),),
            )
        )
        for total in matrix.pillars
    ]
    totals = [(own(matrix_cell(num, t)),) for t in (*matrix.countries, matrix.overall)]
    rows.append(Row(((own(_("All"), "total"),), *totals), total=True, strong=True))
    caption = _(
        "Each cell: completion · items done/items not cancelled, in that country's figures."
    )
    return View(title, columns, tuple(rows), caption=caption)


# ---- report --------------------------------------------------------------------------------


def _item_row(row: ItemRow, labels: Labels) -> Row:
    item = row.item
    title = [Span(row.title)]
    if row.countries:
        statuses = ", ".join(f"{c.id} {labels.status(c.status)}" for c in row.countries)
        title.append(Span(statuses, "detail"))
    if item.extra:
        title.append(Span(extra_text(item.extra), "extra"))
    due = [own(labels.numbers.date(item.due, ""))]
    if row.overdue:
        due.append(own(labels("overdue"), "overdue"))
    last = [Span(last_update_text(row, labels))]
    if row.stale:
        last.append(own(labels("stale"), "stale"))
    cells: tuple[Cell, ...] = (
        (Span(item.id, "key"),),
        tuple(title),
        (own(item.pillar),),
        (own(labels.status(row.status), f"status:{row.status}"),),
        (own(progress_text(row, labels)),),
        (own(labels.numbers.percent(row.completion)),),
        tuple(due),
        (Span(", ".join(item.lead)),),
        tuple(last),
    )
    flags = tuple(flag for flag, on in (("overdue", row.overdue), ("stale", row.stale)) if on)
    return Row(cells, flags=flags)


def items(report: ItemsReport, labels: Labels) -> View:
    """Every selected item: its status, progress, completion, due date and last update."""
    _ = labels
    columns = (
        Column(_("ID"), key=True, wrap=False),
        Column(_("Title"), share=4),
        Column(_("Pillar")),
        Column(_("Status")),
        Column(_("Progress"), numeric=True),
        Column(_("Completion"), numeric=True),
        Column(_("Due")),
        Column(_("Lead"), share=1),
        Column(_("Last update"), share=3),
    )
    title = _("Items, as of {date}").format(date=labels.numbers.date(report.as_of))
    return View(
        _title(title),
        columns,
        tuple(_item_row(row, labels) for row in report.rows),
        empty=_("No item matches these filters."),
        short_title=_("Items"),
        flagged=True,
    )


# ---- progress over time --------------------------------------------------------------------

SPARK_WIDTH = 60  # at most this many periods in a course (the latest ones)


def trend_values(trend: Trend, labels: Labels) -> View:
    """Completion overall and per pillar at the end of each period."""
    _ = labels
    pct = labels.numbers.percent
    columns = (
        Column(_("Period"), wrap=False),
        Column(_("End"), wrap=False),
        Column(_("Overall"), numeric=True, wrap=False),
        *[Column(p, numeric=True, wrap=False) for p in PILLARS],
    )
    rows = tuple(
        Row(
            (
                (own(tp.period.label),),
                (own(labels.numbers.date(tp.period.end)),),
                (own(pct(tp.point.overall), "total"),),
                *[(own(pct(tp.point.pillars[p])),) for p in PILLARS],
            )
        )
        for tp in trend.periods
    )
    return View(_title(_(PERIOD_TITLES[trend.every])), columns, rows)


def trend_course(trend: Trend, labels: Labels) -> View:
    """Each pillar's course as a sparkline (the latest SPARK_WIDTH periods), first and last."""
    _ = labels
    pct = labels.numbers.percent
    series = [(own(p), [tp.point.pillars[p] for tp in trend.periods]) for p in PILLARS]
    series.append((own(_("Overall"), "total"), [tp.point.overall for tp in trend.periods]))
    rows = []
    for name, points in series:
        line = ("…" if len(points) > SPARK_WIDTH else "") + sparkline(points[-SPARK_WIDTH:])
        first, last = (points[0], points[-1]) if points else (None, None)
        rows.append(Row(((name,), (own(line, "course"),), (own(pct(first)),), (own(pct(last)),))))
    columns = (
        Column(_("Pillar"), wrap=False),
        Column(_("Course"), wrap=False),
        Column(_("From"), numeric=True, wrap=False),
        Column(_("To"), numeric=True, wrap=False),
    )
    return View(_title(_("Course by pillar")), columns, tuple(rows))


def _move(labels: Labels, pair: Pair | None, status: bool) -> Cell:
    if pair is None:
        return (own(""),)
    if status:
        before, after = labels.status(str(pair.before)), labels.status(str(pair.after))
    else:
        before, after = _progress(labels, pair.before), _progress(labels, pair.after)
    return (own(f"{before} → {after}"),)


def _progress(labels: Labels, progress: object) -> str:
    """A recorded progress (0–100) as a percentage."""
    return labels.numbers.percent(progress / 100 if isinstance(progress, float | int) else None)


def changes_recorded(changes: Changes, labels: Labels) -> View:
    """The updates recorded between the two dates, with what each moved."""
    _ = labels
    date = labels.numbers.date
    title = _("Recorded after {since}, up to {until}").format(
        since=date(changes.since), until=date(changes.until)
    )
    columns = (
        Column(_("Date"), wrap=False),
        Column(_("Item"), wrap=False),
        Column(_("Country")),
        Column(_("By"), share=1),
        Column(_("Status")),
        Column(_("Progress"), wrap=False),
        Column(_("Note"), share=3),
    )
    rows = tuple(
        Row(
            (
                (own(date(c.update.date)),),
                (Span(c.update.item),),
                (own(c.country or ""),),
                (Span(c.update.by),),
                _move(labels, c.status, True),
                _move(labels, c.progress, False),
                (Span(c.update.note or ""),),
            )
        )
        for c in changes.changes
    )
    return View(_title(title), columns, rows, empty=_("No update recorded in these dates."))


def changes_moved(changes: Changes, labels: Labels) -> View:
    """Completion per pillar and overall at both dates, and the move in percentage points."""
    _ = labels
    pct, date = labels.numbers.percent, labels.numbers.date
    rows = [(own(p), changes.before.pillars[p], changes.after.pillars[p]) for p in PILLARS]
    rows.append((own(_("Overall"), "total"), changes.before.overall, changes.after.overall))
    columns = (
        Column(_("Pillar"), wrap=False),
        Column(date(changes.since), numeric=True, wrap=False),
        Column(date(changes.until), numeric=True, wrap=False),
        Column(_("Change"), numeric=True, wrap=False),
    )
    return View(
        _title(_("How the figures moved")),
        columns,
        tuple(
            Row(((name,), (own(pct(a)),), (own(pct(b)),), (own(points_moved(a, b)),)))
            for name, a, b in rows
        ),
    )


def history(history: History, labels: Labels) -> View:
    """Every update of one item, oldest first; retracted ones struck, with who withdrew them."""
    _ = labels
    item = history.item
    title = fill(
        _("History of {item}"),
        "item",
        f"{item.id}: {choose_text(item.title, labels.lang, item.lang)}",
    )
    rows = []
    for entry in history.entries:
        u, gone = entry.update, entry.retraction
        struck = "" if gone is None else "struck"
        progress = _progress(labels, u.progress) if u.progress is not None else ""
        indicators = "; ".join(f"{k}={labels.numbers.number(v)}" for k, v in u.indicators)
        note: tuple[Span, ...] = (Span(u.note or "", struck),)
        if gone is not None:
            note += fill(_("retracted by {by}"), "by", gone.by, "retraction")
            if gone.note:
                note += (Span(": " + gone.note, "retraction-note"),)
        cells: tuple[Cell, ...] = (
            (own(labels.numbers.date(u.date), struck),),
            (own(entry.country or " ".join(u.countries or ()), struck),),
            (Span(u.by, struck),),
            (own(labels.status(u.status) if u.status else "", struck),),
            (own(progress, struck),),
            (Span(indicators, struck),),
            note,
        )
        rows.append(Row(cells))
    columns = (
        Column(_("Date"), wrap=False),
        Column(_("Country")),
        Column(_("By"), share=1),
        Column(_("Status")),
        Column(_("Progress"), numeric=True),
        Column(_("Indicators"), share=1),
        Column(_("Note"), share=3),
    )
    return View(title, columns, tuple(rows), empty=_("No update recorded."))
