"""Terminal tables (Rich): the views of render/view.py drawn for a console, returned as the text
it would print. Text goes in as ``rich.text.Text``, never as markup. The console (its width and
colours) is the caller's: the command line makes one for its terminal; without one, the text is
120 columns wide and without colour, as for a file."""

from __future__ import annotations

import io

from rich import box
from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text

from jap_tracker.render import view, view_time
from jap_tracker.render.common import bar, plain
from jap_tracker.render.labels import Labels
from jap_tracker.render.view import Cell, Column, Span, View
from jap_tracker.report import ItemsReport, StatusReport
from jap_tracker.timeline import Changes, History, Trend

STATUS_STYLES = {
    "not_started": "dim",
    "in_progress": "yellow",
    "done": "green",
    "blocked": "red",
    "cancelled": "dim strike",
}

# How each mark looks: (style, before, after) of the run of spans that carry it.
LOOKS: dict[str, tuple[str, str, str]] = {
    "total": ("bold", "", ""),
    "strong": ("bold", "", ""),
    "overdue": ("bold red", " ", ""),
    "stale": ("bold magenta", " ", ""),
    "overdue-count": ("bold red", "", ""),
    "stale-count": ("bold magenta", "", ""),
    "course": ("cyan", "", ""),
    "extra": ("dim", "\n", ""),
    "struck": ("dim strike", "", ""),
    "retraction": ("bold", " [", "]"),
    "retraction-note": ("bold", " [", "]"),  # inside the brackets of the retraction
}
HIDDEN = {"detail"}  # the item's countries: no room for them on a terminal
PLAIN = ("", "", "")


def _look(mark: str) -> tuple[str, str, str]:
    if mark.startswith("status:"):
        return STATUS_STYLES[mark.removeprefix("status:")], "", ""
    return LOOKS.get(mark, PLAIN)


def spans(parts: tuple[Span, ...]) -> Text:
    """One Text of runs of spans with the same look: one run is the Text's own style (which
    pads it in a table cell), several are appended each in its style."""
    runs: list[tuple[tuple[str, str, str], str]] = []
    for span in parts:
        if span.mark in HIDDEN:
            continue
        look, text = _look(span.mark), plain(span.text)
        if runs and runs[-1][0] == look:
            runs[-1] = (look, runs[-1][1] + text)
        else:
            runs.append((look, text))
    if len(runs) == 1:
        (style, before, after), text = runs[0]
        return Text(before + text + after, style=style)
    out = Text("")
    for (style, before, after), text in runs:
        out.append(before + text + after, style=style)
    return out


def _cell(cell: Cell, column: Column) -> Text:
    if column.gauge:  # a bar, then the figure
        out = Text(bar(cell[0].value), style="green")
        out.append(" " + cell[0].text.rjust(6))
        return out
    if column.key and len(cell) > 1:  # an id, then its name
        return spans((cell[0], Span(" ", literal=False), *cell[1:]))
    return spans(cell)


def table_of(table_view: View) -> RenderableType:
    """A Rich table of the view (or what is said when it has no columns)."""
    if not table_view.columns:
        return Text(table_view.empty)
    out = Table(
        title="".join(plain(span.text) for span in table_view.title),
        caption=table_view.caption or None,
        caption_justify="left",
        box=box.SIMPLE_HEAD,
        title_justify="left",
    )
    for column in table_view.columns:
        out.add_column(
            plain(column.heading),
            justify="right" if column.numeric and not column.gauge else "left",
            no_wrap=not column.wrap,
            ratio=column.share,
            min_width=column.min_width,
        )
    for row in table_view.rows:
        if row.total:
            out.add_section()
        out.add_row(
            *[_cell(c, col) for c, col in zip(row.cells, table_view.columns, strict=True)],
            style="bold" if row.strong else None,
        )
    if not table_view.rows and table_view.empty:
        out.add_row(Text(table_view.empty, style="dim"))
    return out


def draw(views: list[View | None], console: Console | None) -> str:
    """What ``console`` prints for these views; without one, 120 columns and no colour."""
    if console is None:
        console = Console(
            file=io.StringIO(),
            force_terminal=False,
            width=120,
            highlight=False,
            emoji=False,
            markup=False,
            soft_wrap=False,
        )
    with console.capture() as captured:
        for table_view in views:
            if table_view is not None:
                console.print(table_of(table_view))
    return captured.get()


def render_status(report: StatusReport, lang: str, console: Console | None = None) -> str:
    labels = Labels(lang)
    return draw(
        [
            view.pillar_completion(report, labels),
            view.pillar_counts(report, labels),
            view.plans(report, labels),
            view.countries(report, labels),
        ],
        console,
    )


def render_by_country(report: StatusReport, lang: str, console: Console | None = None) -> str:
    return draw([view.country_matrix(report, Labels(lang))], console)


def render_items(report: ItemsReport, lang: str, console: Console | None = None) -> str:
    labels = Labels(lang)
    summary = report.summary
    return draw(
        [
            view.items(report, labels),
            view.pillar_completion(summary, labels),
            view.pillar_counts(summary, labels),
        ],
        console,
    )


def render_trend(trend: Trend, lang: str, console: Console | None = None) -> str:
    labels = Labels(lang)
    return draw(
        [view_time.trend_values(trend, labels), view_time.trend_course(trend, labels)], console
    )


def render_changes(changes: Changes, lang: str, console: Console | None = None) -> str:
    labels = Labels(lang)
    return draw(
        [view_time.changes_recorded(changes, labels), view_time.changes_moved(changes, labels)],
        console,
    )


def render_history(history: History, lang: str, console: Console | None = None) -> str:
    return draw([view_time.history(history, Labels(lang))], console)
