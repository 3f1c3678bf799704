"""The human tables, each decided once: title, columns, rows of cells and their emphasis, built
from a report value in the reader's language; here what a view is, and the tables of
``jap status`` and ``jap report`` (those over time are in view_time.py). The terminal
(table.py), Markdown and HTML renderers draw these views and decide nothing about what a table
shows; how a mark looks is each renderer's own (its ``LOOKS``). Pure: no Rich, no markup, no
escaping.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from jap_tracker.model import choose_text
from jap_tracker.named import NamedTuple
from jap_tracker.progress import Group
from jap_tracker.render.common import bar, extra_text, sparkline
from jap_tracker.render.labels import Labels, last_update_text, points_text, progress_text

if TYPE_CHECKING:
    from jap_tracker.report import ItemRow, ItemsReport, StatusReport
    from jap_tracker.timeline import Courses


class Span(NamedTuple):
    """A piece of a cell or a title. ``literal``: text as typed in a file or a register (a
    title, a name, a note), which Markdown escapes; jap's own labels and figures are not.
    ``mark`` says what the piece is, for emphasis:

    ``total`` a figure or label of a totals row or column; ``strong`` a figure that stands out;
    ``overdue``, ``stale`` the flag words of an item; ``rating:<rating>`` a rating word (spec
    section 13), which each renderer may colour; ``forecast`` an item's forecast date;
    ``overdue-count``, ``stale-count`` a count of such items above zero; ``status:<status>`` a
    status word; ``course`` a sparkline; ``extra`` an item's free-form fields; ``detail`` the
    item's countries (only HTML has room for them); ``struck`` the text of a retracted update;
    ``retraction``, ``retraction-note`` who retracted it and why; ``indicator`` an indicator's
    figures, ``break`` a line break between two of them; ``link`` a web address (``linkable``)
    that each renderer makes a link. ``value``: the completion that a gauge column draws as a
    bar."""

    text: str
    mark: str = ""
    literal: bool = True
    value: float | None = None


Cell = tuple[Span, ...]


class Column(NamedTuple):
    """``numeric``: figures, right-aligned. ``key``: ids; with ``names``, a cell's first span
    is the id and the others its name, which HTML shows in a column of its own headed
    ``names`` and the other formats after the id. ``wrap``, ``share`` (its part of the spare
    width) and ``min_width`` size a terminal column; ``gauge``: a terminal draws a bar of
    each cell's completion before the figure."""

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


def title_of(text: str) -> tuple[Span, ...]:
    """A title of jap's own words (a label, perhaps with a date)."""
    return (own(text),)


def _count(n: int | None, mark: str = "") -> Cell:
    return (own(str(n), mark if n else ""),)


def rating_cell(labels: Labels, rating: str | None) -> Cell:
    """A rating in words (spec section 13), marked for its colour; "—" for none."""
    return (own(labels.rating(rating), "" if rating is None else f"rating:{rating}"),)


def rating_column(labels: Labels) -> Column:
    """The Rating column: after the figures it judges. Its words may fold between them (a
    terminal narrows it to its longest word before it narrows any figure), never its figures."""
    return Column(labels("Rating"))


# ---- status --------------------------------------------------------------------------------


def _gauge(labels: Labels, value: float | None) -> Cell:
    """A completion, with its value for a gauge column's bar."""
    return (own(labels.numbers.percent(value), value=value),)


def pillar_completion(report: StatusReport, labels: Labels) -> View:
    """The terminal's first status table: completion per pillar (and its recent course)."""
    _ = labels
    courses = report.courses  # None: no Trend column
    columns = [
        Column(_("Pillar"), wrap=False),
        Column(_("Name"), share=1, min_width=20),
        Column(_("Completion"), numeric=True, wrap=False, gauge=True),
        rating_column(labels),
    ]
    trend = None if courses is None else _trend(courses, labels)
    if trend is not None:
        columns.append(trend[0])

    def course(key: str) -> tuple[Cell, ...]:
        return () if trend is None else (trend[1][key],)

    rows = [
        Row(
            (
                (own(p.id),),
                (Span(p.name),),
                _gauge(labels, p.figures.completion),
                rating_cell(labels, p.figures.rating),
                *course(p.id),
            )
        )
        for p in report.pillars
    ]
    overall = (
        (own(_("Overall"), "total"),),
        (own(""),),
        _gauge(labels, report.overall.completion),
        rating_cell(labels, report.overall.rating),
    )
    rows.append(Row((*overall, *course("overall")), total=True, strong=True))
    title = _("Completion by pillar, as of {date}").format(date=labels.numbers.date(report.as_of))
    return View(title_of(title), tuple(columns), tuple(rows))


def _trend(courses: Courses, labels: Labels) -> tuple[Column, dict[str, Cell]]:
    """The Trend column, headed by its window's months ("Trend Jun – Nov"; the window begins
    the day after the courses' first day), and each pillar's (and "overall"'s) cell: its
    course scaled to its own range, then its move over the window in points, the moves
    right-aligned on one another."""
    window = labels.numbers.months(courses.days[0] + dt.timedelta(days=1), courses.days[-1])
    moves = {key: points_text(labels, v[0], v[-1]) for key, v in courses.values.items()}
    room = max(map(len, moves.values()), default=0)
    cells: dict[str, Cell] = {
        key: (own(sparkline(values), "course"), own(" " + moves[key].rjust(room)))
        for key, values in courses.values.items()
    }
    return Column(labels("Trend {months}").format(months=window), wrap=False), cells


def _counts(labels: Labels, figures: Group, with_stale: bool) -> list[Cell]:
    cells = [_count(figures.items)]
    cells += [_count(figures.by_status[key]) for key, _label in labels.statuses()]
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
    return View(title_of(_("Items by status")), columns, tuple(rows))


def pillar_summary(report: StatusReport, labels: Labels) -> View:
    """Completion and counts per pillar in one table (Markdown and HTML)."""
    _ = labels
    stale = report.overall.stale is not None
    rows = [
        Row(
            (
                (Span(f"{p.id}. {p.name}"),),
                (own(labels.numbers.percent(p.figures.completion)),),
                rating_cell(labels, p.figures.rating),
                *_counts(labels, p.figures, stale),
            )
        )
        for p in report.pillars
    ]
    total = (
        (own(_("Overall"), "total"),),
        (own(labels.numbers.percent(report.overall.completion), "total"),),
        rating_cell(labels, report.overall.rating),
    )
    rows.append(Row((*total, *_counts(labels, report.overall, stale)), total=True))
    columns = (
        Column(_("Pillar")),
        Column(_("Completion"), numeric=True),
        rating_column(labels),
        *_count_columns(labels, stale),
    )
    title = _("Completion by pillar, as of {date}").format(date=labels.numbers.date(report.as_of))
    return View(title_of(title), columns, tuple(rows), short_title=_("Items by status"))


def plans(report: StatusReport, labels: Labels) -> View:
    """Completion per plan and pillar, with its counts."""
    _ = labels
    pct = labels.numbers.percent
    columns = (
        Column(_("Plan"), key=True, names=_("Title"), share=1, min_width=16),
        *[Column(p.id, numeric=True, wrap=False) for p in report.pillars],
        Column(_("Completion"), numeric=True, wrap=False),
        rating_column(labels),
        Column(_("Items"), numeric=True),
        Column(labels.status("done"), numeric=True),
        Column(_("Overdue"), numeric=True),
    )
    rows = tuple(
        Row(
            (
                (Span(plan.id), Span(plan.title)),
                *[(own(pct(p.figures.completion)),) for p in plan.pillars],
                (own(pct(plan.figures.completion), "strong"),),
                rating_cell(labels, plan.figures.rating),
                _count(plan.figures.items),
                _count(plan.figures.by_status["done"]),
                _count(plan.figures.overdue, "overdue-count"),
            )
        )
        for plan in report.plans
    )
    return View(title_of(_("Completion by plan and pillar")), columns, rows)


def countries(report: StatusReport, labels: Labels) -> View | None:
    """Completion per country (None when no item has countries)."""
    if not report.countries:
        return None
    _ = labels
    columns = (
        Column(_("Country"), key=True, names=""),
        Column(_("Completion"), numeric=True, wrap=False, gauge=True),
        rating_column(labels),
        Column(_("Items"), numeric=True),
        Column(labels.status("done"), numeric=True),
        Column(_("Overdue"), numeric=True),
    )
    rows = tuple(
        Row(
            (
                (Span(c.id), Span(c.name)),
                _gauge(labels, c.figures.completion),
                rating_cell(labels, c.figures.rating),
                _count(c.figures.items),
                _count(c.figures.by_status["done"]),
                _count(c.figures.overdue, "overdue-count"),
            )
        )
        for c in report.countries
    )
    return View(title_of(_("Completion by country")), columns, rows)


# ---- report --------------------------------------------------------------------------------


def linkable(url: str) -> bool:
    """Whether ``url`` may be a link: an http or https address, without spaces or controls."""
    # of the printable characters, only the space is a space (str.isprintable, str.isspace)
    return url.lower().startswith(("http://", "https://")) and url.isprintable() and " " not in url


def evidence_spans(evidence: str | None, style: str = "", after: str = " ") -> tuple[Span, ...]:
    """An update's evidence after its note (``after``: the text before it, if any): a link
    where it is a web address, else its text."""
    if not evidence:
        return ()
    link = Span(evidence, "link" if linkable(evidence) else style)
    return (own(" "), link) if after else (link,)


def _indicators(row: ItemRow, labels: Labels) -> Cell:
    """Each indicator: ``title: actual / target unit`` and a small bar of actual/target."""
    item, num = row.item, labels.numbers
    out: list[Span] = []
    for ind in item.indicators:
        actual = row.actuals.get(ind.id)
        shown = "—" if actual is None else num.number(actual)
        unit = f" {ind.unit}" if ind.unit else ""
        share = None if actual is None or not ind.target else actual / ind.target
        if out:
            out.append(own("\n", "break"))
        out.append(Span(choose_text(ind.title, labels.lang, item.lang) + ": ", "indicator"))
        figures = f"{shown} / {num.number(ind.target)}{unit}"
        out.append(
            own(figures + ("" if share is None else " " + bar(share, 5).rstrip()), "indicator")
        )
    return tuple(out) or (own(""),)


def _item_row(row: ItemRow, labels: Labels) -> Row:
    item = row.item
    title = [Span(row.title)]
    if row.countries:
        statuses = ", ".join(f"{c.id} {labels.status(c.status)}" for c in row.countries)
        title.append(Span(statuses, "detail"))
    if item.extra:
        title.append(Span(extra_text(item.extra, readable=True), "extra"))
    due = [own(labels.numbers.date(item.due, ""))]
    if row.overdue:
        due.append(own(labels("overdue"), "overdue"))
    if row.judged.forecast is not None:
        forecast = labels("forecast {date}").format(date=labels.numbers.date(row.judged.forecast))
        due += [own("\n", "break"), own(forecast, "forecast")]
    last = [Span(last_update_text(row, labels))]
    if row.last is not None:
        last += evidence_spans(row.last.evidence)
    if row.stale:
        last.append(own(labels("stale"), "stale"))
    cells: tuple[Cell, ...] = (
        (Span(item.id),),
        tuple(title),
        (own(item.pillar),),
        (own(labels.status(row.status), f"status:{row.status}"),),
        (own(progress_text(row, labels)),),
        (own(labels.numbers.percent(row.completion)),),
        rating_cell(labels, row.judged.rating),
        tuple(due),
        (Span(", ".join(item.lead)),),
        _indicators(row, labels),
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
        rating_column(labels),
        Column(_("Due")),
        Column(_("Lead"), share=1),
        Column(_("Indicators"), share=2),
        Column(_("Last update"), share=3),
    )
    title = _("Items, as of {date}").format(date=labels.numbers.date(report.as_of))
    return View(
        title_of(title),
        columns,
        tuple(_item_row(row, labels) for row in report.rows),
        empty=_("No item matches these filters."),
        short_title=_("Items"),
        flagged=True,
    )
