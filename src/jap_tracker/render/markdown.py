"""Markdown (GitHub-flavoured tables), fit for a CI job summary: the views of render/view.py
drawn as pipe tables under headings. Literal text is escaped; jap's own labels and figures are
written as they are."""

from __future__ import annotations

import functools
import re
from functools import partial
from typing import TYPE_CHECKING

from jap_tracker.render import view, view_matrix, view_time
from jap_tracker.render.common import Once, plain
from jap_tracker.render.labels import Labels
from jap_tracker.render.view import Cell, Span, View
from jap_tracker.report import ItemsReport, StatusReport

if TYPE_CHECKING:
    from jap_tracker.timeline import Changes, History, Trend


_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~&])")

# How each mark looks: (before, after) around the run of spans that carry it.
LOOKS: dict[str, tuple[str, str]] = {
    "total": ("**", "**"),
    "strong": ("**", "**"),
    "overdue": (" **", "**"),
    "stale": (" **", "**"),
    "course": ("`", "`"),
    "extra": (" (", ")"),
    "struck": ("~~", "~~"),
    "retraction": (" **", "**"),
}
_URL_SPECIAL = set("()<>[]\\ `|")  # characters percent-encoded in a link's address
HIDDEN = {"detail"}  # the item's countries: no room for them in a Markdown cell
_NO_LOOK = ("", "")
_SPECIAL_MARKS = {*HIDDEN, "break", "link"}  # marks that spans() treats otherwise than a look


@functools.lru_cache(maxsize=4096)
def escape(text: str) -> str:
    """Literal text in a Markdown table cell: punctuation escaped, one line (each text once:
    ids, names and notes come back row after row)."""
    return _SPECIAL.sub(r"\\\1", plain(text))


def spans(parts: tuple[Span, ...]) -> str:
    """A cell or a title: each run of spans with the same look, wrapped in it (unless empty)."""
    if len(parts) == 1 and parts[0].mark not in _SPECIAL_MARKS:  # most cells: one span, one look
        span = parts[0]
        text = escape(span.text) if span.literal else span.text
        before, after = LOOKS.get(span.mark, _NO_LOOK)
        return f"{before}{text}{after}" if text else text
    out: list[str] = []
    look: tuple[str, str] | None = None
    run: list[str] = []

    def close() -> None:
        text = "".join(run)
        out.append(f"{look[0]}{text}{look[1]}" if look and text else text)

    for span in parts:
        if span.mark in HIDDEN:
            continue
        here = LOOKS.get(span.mark, ("", ""))
        if here != look and run:
            close()
            run = []
        look = here
        if span.mark == "break":
            run.append("<br>")
        elif span.mark == "link":  # [address](address), the address percent-encoded
            target = "".join(c if c not in _URL_SPECIAL else f"%{ord(c):02X}" for c in span.text)
            run.append(f"[{escape(span.text)}]({target})")
        else:
            run.append(escape(span.text) if span.literal else span.text)
    if run:
        close()
    return "".join(out)


def table(header: list[str], rows: list[list[str]], align: str = "") -> str:
    marks = [
        ("---:" if a == "r" else "---")
        for a in (align or "l" * len(header)).ljust(len(header), "l")
    ]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(marks) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _cell(cell: Cell, key: bool) -> str:
    if key and len(cell) > 1:  # an id and its name
        return " ".join(spans(part) for part in (cell[:1], cell[1:]))
    return spans(cell)


def body(table_view: View) -> str:
    """The table, or what is said when it has no rows; then its caption."""
    if not table_view.rows:
        return table_view.empty + "\n"
    columns = table_view.columns
    header = [escape(c.heading) for c in columns]
    made = [Once(partial(_cell, key=c.key)) for c in columns]  # each distinct cell once
    rows = [
        [seen[cell] for seen, cell in zip(made, row.cells, strict=True)] for row in table_view.rows
    ]
    out = table(header, rows, "".join("r" if c.numeric else "l" for c in columns))
    return out + (f"\n{table_view.caption}\n" if table_view.caption else "")


def section(table_view: View | None, level: int = 2) -> str:
    """A heading, a blank line and the table ("" for no view)."""
    if table_view is None:
        return ""
    return f"{'#' * level} {spans(table_view.title)}\n\n{body(table_view)}"


def status_sections(report: StatusReport, labels: Labels) -> str:
    parts = [
        view.pillar_summary(report, labels),
        view.plans(report, labels),
        view.countries(report, labels),
    ]
    return "\n\n".join(section(part) for part in parts if part is not None)


def _page(labels: Labels, text: str) -> str:
    return "# " + labels("Implementation status") + "\n\n" + text


def render_status(report: StatusReport, lang: str) -> str:
    labels = Labels(lang)
    return _page(labels, status_sections(report, labels))


def render_by_country(report: StatusReport, lang: str) -> str:
    labels = Labels(lang)
    return _page(labels, section(view_matrix.country_matrix(report, labels)))


def render_by_lead(report: StatusReport, lang: str) -> str:
    labels = Labels(lang)
    return _page(labels, section(view_matrix.lead_matrix(report, labels)))


def render_items(report: ItemsReport, lang: str) -> str:
    labels = Labels(lang)
    items = section(view.items(report, labels), level=1)
    return items + "\n\n" + status_sections(report.summary, labels)


def render_trend(trend: Trend, lang: str) -> str:
    labels = Labels(lang)
    values = section(view_time.trend_values(trend, labels), level=1)
    return values + "\n\n" + section(view_time.trend_course(trend, labels))


def render_changes(changes: Changes, lang: str) -> str:
    labels = Labels(lang)
    recorded = section(view_time.changes_recorded(changes, labels), level=1)
    return recorded + "\n" + section(view_time.changes_moved(changes, labels))


def render_history(history: History, lang: str) -> str:
    labels = Labels(lang)
    return section(view_time.history(history, labels), level=1)
