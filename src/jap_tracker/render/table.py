"""Terminal tables (Rich). Text from files goes in as ``rich.text.Text``: never markup."""

from __future__ import annotations

import os
import sys
from typing import IO

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from jap_tracker.model import PILLARS, choose_text
from jap_tracker.progress import Group
from jap_tracker.render.common import bar, extra_text, matrix_cell, plain, points_moved, sparkline
from jap_tracker.render.labels import PERIOD_TITLES, Labels, last_update_text, progress_text
from jap_tracker.report import ItemRow, ItemsReport, StatusReport
from jap_tracker.timeline import Changes, History, Pair, Trend

STATUS_STYLES = {
    "not_started": "dim",
    "in_progress": "yellow",
    "done": "green",
    "blocked": "red",
    "cancelled": "dim strike",
}


def make_console(
    file: IO[str] | None = None, terminal: bool | None = None, width: int | None = None
) -> Console:
    """A console for file text: no markup, no emoji codes; 120 columns when not a terminal."""
    if width is None and not os.environ.get("COLUMNS"):
        stream = file if file is not None else sys.stdout
        if not (terminal or (terminal is None and stream.isatty())):
            width = 120
    return Console(
        file=file,
        force_terminal=terminal,
        width=width,
        highlight=False,
        emoji=False,
        markup=False,
        soft_wrap=False,
    )


def _text(value: str, style: str = "") -> Text:
    return Text(plain(value), style=style)


def _completion(labels: Labels, value: float | None) -> Text:
    out = Text(bar(value), style="green")
    out.append(" " + labels.numbers.percent(value).rjust(6))
    return out


def status_tables(
    report: StatusReport, labels: Labels, courses: dict[str, list[float | None]] | None = None
) -> list[Table]:
    """The status tables; ``courses`` (pillar -> recent monthly completions) adds a sparkline."""
    _ = labels
    statuses = labels.statuses()
    pillars = Table(
        title=_("Completion by pillar, as of {date}").format(
            date=labels.numbers.date(report.as_of)
        ),
        box=box.SIMPLE_HEAD,
        title_justify="left",
    )
    pillars.add_column(_("Pillar"), no_wrap=True)
    pillars.add_column(_("Name"), ratio=1, min_width=20)
    pillars.add_column(_("Completion"), no_wrap=True)
    if courses is not None:
        pillars.add_column(_("Trend"), no_wrap=True)

    def course(key: str) -> list[Text]:
        return [] if courses is None else [Text(sparkline(courses[key]), style="cyan")]

    for pillar in report.pillars:
        pillars.add_row(
            Text(pillar.id),
            _text(pillar.name),
            _completion(labels, pillar.figures.completion),
            *course(pillar.id),
        )
    pillars.add_section()
    pillars.add_row(
        Text(_("Overall"), style="bold"),
        Text(""),
        _completion(labels, report.overall.completion),
        *course("overall"),
        style="bold",
    )

    counts = Table(title=_("Items by status"), box=box.SIMPLE_HEAD, title_justify="left")
    counts.add_column(_("Pillar"), no_wrap=True)
    counts.add_column(_("Items"), justify="right")
    for _key, label in statuses:
        counts.add_column(label, justify="right")
    counts.add_column(_("Overdue"), justify="right")
    with_stale = report.overall.stale is not None
    if with_stale:
        counts.add_column(_("Stale"), justify="right")

    def count_cells(figures: Group) -> list[Text]:
        cells = [Text(str(figures.items))]
        cells += [Text(str(figures.by_status[key])) for key, _label in statuses]
        cells.append(Text(str(figures.overdue), style="bold red" if figures.overdue else ""))
        if with_stale:
            cells.append(Text(str(figures.stale), style="bold magenta" if figures.stale else ""))
        return cells

    for pillar in report.pillars:
        counts.add_row(Text(pillar.id), *count_cells(pillar.figures))
    counts.add_section()
    counts.add_row(Text(_("Overall"), style="bold"), *count_cells(report.overall))

    plans = Table(
        title=_("Completion by plan and pillar"), box=box.SIMPLE_HEAD, title_justify="left"
    )
    plans.add_column(_("Plan"), ratio=1, min_width=16)
    for pillar in report.pillars:
        plans.add_column(pillar.id, justify="right", no_wrap=True)
    plans.add_column(_("Completion"), justify="right", no_wrap=True)
    plans.add_column(_("Items"), justify="right")
    plans.add_column(_("Overdue"), justify="right")
    for plan in report.plans:
        name = Text(plain(plan.id), style="bold")
        name.append(" " + plain(plan.title), style="")
        plans.add_row(
            name,
            *[Text(labels.numbers.percent(p.figures.completion)) for p in plan.pillars],
            Text(labels.numbers.percent(plan.figures.completion), style="bold"),
            Text(str(plan.figures.items)),
            Text(str(plan.figures.overdue), style="bold red" if plan.figures.overdue else ""),
        )
    tables = [pillars, counts, plans]
    if report.countries:
        countries = Table(
            title=_("Completion by country"), box=box.SIMPLE_HEAD, title_justify="left"
        )
        countries.add_column(_("Country"))
        countries.add_column(_("Completion"), no_wrap=True)
        countries.add_column(_("Items"), justify="right")
        countries.add_column(labels.status("done"), justify="right")
        countries.add_column(_("Overdue"), justify="right")
        for country in report.countries:
            countries.add_row(
                _text(f"{country.id} {country.name}"),
                _completion(labels, country.figures.completion),
                Text(str(country.figures.items)),
                Text(str(country.figures.by_status["done"])),
                Text(str(country.figures.overdue)),
            )
        tables.append(countries)
    return tables


def by_country_table(report: StatusReport, labels: Labels) -> Table | Text:
    """Pillars × countries: completion and coverage (done/of) in each cell."""
    _ = labels
    matrix = report.by_country
    if matrix is None or not matrix.countries:
        return Text(_("No item is tracked per country."))
    num = labels.numbers
    table = Table(
        title=_("Completion by pillar and country, as of {date}").format(
            date=num.date(report.as_of)
        ),
        caption=_(
            "Each cell: completion · items done/items not cancelled, in that country's figures."
        ),
        caption_justify="left",
        box=box.SIMPLE_HEAD,
        title_justify="left",
    )
    table.add_column(_("Pillar"), no_wrap=True)
    for country in matrix.countries:
        table.add_column(_text(f"{country.id} {country.name}"), justify="right", no_wrap=True)
    table.add_column(_("All"), justify="right", no_wrap=True)
    for total in matrix.pillars:
        cells = [matrix.cell(total.id, c.id) for c in matrix.countries]
        table.add_row(
            Text(total.id),
            *[Text(matrix_cell(num, c)) for c in cells],
            Text(matrix_cell(num, total)),
        )
    table.add_section()
    overall = matrix.overall
    table.add_row(
        Text(_("All")),
        *[Text(matrix_cell(num, t)) for t in matrix.countries],
        Text(matrix_cell(num, overall)),
        style="bold",
    )
    return table


def render_by_country(report: StatusReport, console: Console) -> None:
    console.print(by_country_table(report, Labels(report.lang)))


def _item_cells(row: ItemRow, labels: Labels) -> list[Text]:
    item = row.item
    due = Text(labels.numbers.date(item.due, ""))
    if row.overdue:
        due.append(" " + labels("overdue"), style="bold red")
    progress = progress_text(row, labels)
    last = _text(last_update_text(row, labels))
    if row.stale:
        last.append(" " + labels("stale"), style="bold magenta")
    title = _text(row.title)
    if item.extra:
        title.append("\n" + plain(extra_text(item.extra)), style="dim")
    return [
        _text(item.id),
        title,
        Text(item.pillar),
        Text(labels.status(row.status), style=STATUS_STYLES[row.status]),
        Text(progress),
        Text(labels.numbers.percent(row.completion)),
        due,
        _text(", ".join(item.lead)),
        last,
    ]


def items_table(report: ItemsReport, labels: Labels) -> Table:
    _ = labels
    table = Table(
        title=_("Items, as of {date}").format(date=labels.numbers.date(report.as_of)),
        box=box.SIMPLE_HEAD,
        title_justify="left",
        show_lines=False,
    )
    for name, options in (
        (_("ID"), {"no_wrap": True}),
        (_("Title"), {"ratio": 4}),
        (_("Pillar"), {}),
        (_("Status"), {}),
        (_("Progress"), {"justify": "right"}),
        (_("Completion"), {"justify": "right"}),
        (_("Due"), {}),
        (_("Lead"), {"ratio": 1}),
        (_("Last update"), {"ratio": 3}),
    ):
        table.add_column(name, **options)
    for row in report.rows:
        table.add_row(*_item_cells(row, labels))
    return table


def render_status(
    report: StatusReport,
    console: Console,
    courses: dict[str, list[float | None]] | None = None,
) -> None:
    labels = Labels(report.lang)
    for table in status_tables(report, labels, courses):
        console.print(table)


def render_items(report: ItemsReport, console: Console) -> None:
    labels = Labels(report.lang)
    console.print(items_table(report, labels))
    for table in status_tables(report.summary, labels)[:2]:
        console.print(table)


# ---- progress over time --------------------------------------------------------------------

SPARK_WIDTH = 60  # at most this many periods in a sparkline (the latest ones)


def render_trend(trend: Trend, console: Console, lang: str) -> None:
    labels = Labels(lang)
    _ = labels
    values = Table(title=_(PERIOD_TITLES[trend.every]), box=box.SIMPLE_HEAD, title_justify="left")
    values.add_column(_("Period"), no_wrap=True)
    values.add_column(_("End"), no_wrap=True)
    values.add_column(_("Overall"), justify="right", no_wrap=True)
    for pillar in PILLARS:
        values.add_column(pillar, justify="right", no_wrap=True)
    for tp in trend.periods:
        values.add_row(
            Text(tp.period.label),
            Text(labels.numbers.date(tp.period.end)),
            Text(labels.numbers.percent(tp.point.overall), style="bold"),
            *[Text(labels.numbers.percent(tp.point.pillars[p])) for p in PILLARS],
        )
    console.print(values)
    course = Table(title=_("Course by pillar"), box=box.SIMPLE_HEAD, title_justify="left")
    course.add_column(_("Pillar"), no_wrap=True)
    course.add_column(_("Course"), no_wrap=True)
    course.add_column(_("From"), justify="right", no_wrap=True)
    course.add_column(_("To"), justify="right", no_wrap=True)
    series = {p: [tp.point.pillars[p] for tp in trend.periods] for p in PILLARS}
    series[_("Overall")] = [tp.point.overall for tp in trend.periods]
    for key, points in series.items():
        shown = points[-SPARK_WIDTH:]
        line = ("…" if len(points) > SPARK_WIDTH else "") + sparkline(shown)
        course.add_row(
            Text(key, style="bold" if key not in PILLARS else ""),
            Text(line, style="cyan"),
            Text(labels.numbers.percent(points[0] if points else None)),
            Text(labels.numbers.percent(points[-1] if points else None)),
        )
    console.print(course)


def _move(labels: Labels, pair: Pair | None, status: bool) -> Text:
    if pair is None:
        return Text("")
    if status:
        before, after = labels.status(str(pair.before)), labels.status(str(pair.after))
    else:
        before, after = _pct_of(labels, pair.before), _pct_of(labels, pair.after)
    return Text(f"{before} → {after}")


def _pct_of(labels: Labels, progress: object) -> str:
    return labels.numbers.percent(progress / 100 if isinstance(progress, float | int) else None)


def render_changes(changes: Changes, console: Console, lang: str) -> None:
    labels = Labels(lang)
    _ = labels
    dates = _("Recorded after {since}, up to {until}").format(
        since=labels.numbers.date(changes.since), until=labels.numbers.date(changes.until)
    )
    updates = Table(title=dates, box=box.SIMPLE_HEAD, title_justify="left")
    for name, options in (
        (_("Date"), {"no_wrap": True}),
        (_("Item"), {"no_wrap": True}),
        (_("Country"), {}),
        (_("By"), {"ratio": 1}),
        (_("Status"), {}),
        (_("Progress"), {"no_wrap": True}),
        (_("Note"), {"ratio": 3}),
    ):
        updates.add_column(name, **options)
    for change in changes.changes:
        u = change.update
        updates.add_row(
            Text(labels.numbers.date(u.date)),
            _text(u.item),
            Text(change.country or ""),
            _text(u.by),
            _move(labels, change.status, True),
            _move(labels, change.progress, False),
            _text(u.note or ""),
        )
    if not changes.changes:
        updates.add_row(Text(_("No update recorded in these dates."), style="dim"))
    console.print(updates)
    moved = Table(title=_("How the figures moved"), box=box.SIMPLE_HEAD, title_justify="left")
    moved.add_column(_("Pillar"), no_wrap=True)
    moved.add_column(labels.numbers.date(changes.since), justify="right", no_wrap=True)
    moved.add_column(labels.numbers.date(changes.until), justify="right", no_wrap=True)
    moved.add_column(_("Change"), justify="right", no_wrap=True)
    rows = [(p, changes.before.pillars[p], changes.after.pillars[p]) for p in PILLARS]
    rows.append((_("Overall"), changes.before.overall, changes.after.overall))
    for name, before, after in rows:
        moved.add_row(
            Text(name, style="" if name in PILLARS else "bold"),
            Text(labels.numbers.percent(before)),
            Text(labels.numbers.percent(after)),
            Text(points_moved(before, after)),
        )
    console.print(moved)


def render_history(history: History, console: Console, lang: str) -> None:
    labels = Labels(lang)
    _ = labels
    item = history.item
    title = Text(_("History of {item}").format(item=plain(item.id)) + ": ")
    title.append(plain(choose_text(item.title, lang, item.lang)))
    table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left")
    for name, options in (
        (_("Date"), {"no_wrap": True}),
        (_("Country"), {}),
        (_("By"), {"ratio": 1}),
        (_("Status"), {}),
        (_("Progress"), {"justify": "right"}),
        (_("Indicators"), {"ratio": 1}),
        (_("Note"), {"ratio": 3}),
    ):
        table.add_column(name, **options)
    for entry in history.entries:
        u = entry.update
        note = _text(u.note or "")
        style = ""
        if entry.retraction is not None:
            style = "dim strike"
            gone = entry.retraction
            note.append(
                " ["
                + _("retracted by {by}").format(by=plain(gone.by))
                + (": " + plain(gone.note) if gone.note else "")
                + "]",
                style="bold",
            )
        table.add_row(
            Text(labels.numbers.date(u.date), style=style),
            Text(entry.country or " ".join(u.countries or ()), style=style),
            _text(u.by, style),
            Text(labels.status(u.status) if u.status else "", style=style),
            Text(_pct_of(labels, u.progress) if u.progress is not None else "", style=style),
            _text("; ".join(f"{k}={labels.numbers.number(v)}" for k, v in u.indicators), style),
            note,
        )
    if not history.entries:
        table.add_row(Text(_("No update recorded."), style="dim"))
    console.print(table)
