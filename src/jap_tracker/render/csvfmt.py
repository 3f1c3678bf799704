"""CSV for spreadsheets and scripts: fixed English column names, ids and enum values (so each
``render_*`` leaves the reader's language aside).

A cell of file text that a spreadsheet could run as a formula is prefixed with ``'``; control
characters (other than line breaks and tabs) are written as ``\\xNN``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from typing import Any

from jap_tracker.matrix import Matrix
from jap_tracker.model import PILLARS, STATUSES
from jap_tracker.progress import Group
from jap_tracker.render.common import extra_text
from jap_tracker.report import ItemsReport, StatusReport
from jap_tracker.timeline import Changes, History, Trend

# Control characters that a terminal would act on (line breaks and tabs are kept: CSV quotes them).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _escape_control(match: re.Match[str]) -> str:
    ch = match.group()
    return f"\\x{ord(ch):02x}" if ch <= "\xff" else f"\\u{ord(ch):04x}"


STATUS_COLUMNS = [
    "scope",
    "plan",
    "pillar",
    "country",
    "name",
    "completion",
    "items",
    *STATUSES,
    "overdue",
]
BY_COUNTRY_COLUMNS = [
    "scope",
    "pillar",
    "country",
    "name",
    "completion",
    "items",
    "coverage_done",
    "coverage_of",
]
BY_LEAD_COLUMNS = [
    "scope",
    "pillar",
    "lead",
    "completion",
    "items",
    "coverage_done",
    "coverage_of",
    "expected",
    "rating",
]
ITEM_COLUMNS = [
    "id",
    "plan",
    "pillar",
    "title",
    "status",
    "progress",
    "completion",
    "weight",
    "due",
    "overdue",
    "stale",
    "lead",
    "countries",
    "coverage_done",
    "coverage_of",
    "last_update_date",
    "last_update_by",
    "last_update_note",
    "extra",
]


def clean(text: str) -> str:
    """File text with its control characters written as escapes (line breaks and tabs kept)."""
    return _CONTROL.sub(_escape_control, text)


def safe(value: Any) -> str:
    """A cell: numbers as they are, dates in ISO 8601, text with formula triggers neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value) if isinstance(value, float) else str(value)
    text = clean(str(value))
    if text and text[0] in "=+-@\t\r":
        return "'" + text
    return text


def write_rows(header: list[str], rows: Iterable[list[Any]]) -> str:
    """The header and the rows, each cell ``safe``; each text (an id, a name, a status, a
    note repeated over thousands of rows) is made safe once."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    texts: dict[str | None, str] = {None: ""}  # no text equals None: one table for both
    for row in rows:
        out = []
        for cell in row:
            if cell is None or cell.__class__ is str:
                text = texts.get(cell)
                if text is None:
                    text = texts[cell] = safe(cell)
                out.append(text)
            elif cell.__class__ is float:
                out.append(repr(cell))
            else:
                out.append(safe(cell))
        writer.writerow(out)
    return buffer.getvalue()


def _figures(figures: Group) -> list[Any]:
    return [
        figures.completion,
        figures.items,
        *[figures.by_status[s] for s in STATUSES],
        figures.overdue,
    ]


def status_rows(report: StatusReport) -> list[list[Any]]:
    rows: list[list[Any]] = [["overall", None, None, None, None, *_figures(report.overall)]]
    rows += [["pillar", None, p.id, None, p.name, *_figures(p.figures)] for p in report.pillars]
    for plan in report.plans:
        rows.append(["plan", plan.id, None, None, plan.title, *_figures(plan.figures)])
        rows += [
            ["plan_pillar", plan.id, p.id, None, p.name, *_figures(p.figures)] for p in plan.pillars
        ]
    rows += [["country", None, None, c.id, c.name, *_figures(c.figures)] for c in report.countries]
    return rows


def status_table(report: StatusReport) -> tuple[list[str], list[list[Any]]]:
    """The columns and rows of ``jap status`` (the CSV, the workbook's status sheet)."""
    if report.overall.stale is None:
        return STATUS_COLUMNS, status_rows(report)
    # with --stale-after: a last column counts the stale items of each row's group
    stale = [report.overall.stale, *[p.figures.stale for p in report.pillars]]
    for plan in report.plans:
        stale += [plan.figures.stale, *[p.figures.stale for p in plan.pillars]]
    stale += [c.figures.stale for c in report.countries]
    rows = [[*row, count] for row, count in zip(status_rows(report), stale, strict=True)]
    return [*STATUS_COLUMNS, "stale"], rows


def render_status(report: StatusReport, lang: str = "en") -> str:
    return write_rows(*status_table(report))


def _matrix_rows(matrix: Matrix | None, scope: str, named: bool, rated: bool) -> list[list[Any]]:
    """One row per pillar × column cell, then the pillar, column (``scope``) and overall
    totals; ``named``: with a name column; ``rated``: with ``expected`` and ``rating``."""
    if matrix is None:
        return []
    names = {c.id: c.name for c in matrix.columns}

    def row(kind: str, pillar: str | None, column: str | None, name: str, figures: Group,
            cover: tuple[int, int]) -> list[Any]:  # fmt: skip
        out: list[Any] = [kind, pillar, column, *([name or None] if named else [])]
        out += [figures.completion, figures.items, *cover]
        return out + ([figures.expected, figures.rating] if rated else [])

    rows = [row("cell", c.pillar, c.column, names[c.column], c.figures, c.coverage)
            for c in matrix.cells]  # fmt: skip
    rows += [row("pillar", t.id, None, t.name, t.figures, t.coverage) for t in matrix.pillars]
    rows += [row(scope, None, t.id, t.name, t.figures, t.coverage) for t in matrix.columns]
    whole = matrix.overall
    rows.append(row("overall", None, None, "", whole.figures, whole.coverage))
    return rows


def by_country_rows(report: StatusReport) -> list[list[Any]]:
    """One row per pillar × country cell, then the pillar, country and overall totals."""
    return _matrix_rows(report.by_country, "country", named=True, rated=False)


def by_lead_rows(report: StatusReport) -> list[list[Any]]:
    """One row per pillar × organisation cell, then the pillar, organisation and overall
    totals, each with its expected completion and rating."""
    return _matrix_rows(report.by_lead, "lead", named=False, rated=True)


def render_by_country(report: StatusReport, lang: str = "en") -> str:
    return write_rows(BY_COUNTRY_COLUMNS, by_country_rows(report))


def render_by_lead(report: StatusReport, lang: str = "en") -> str:
    return write_rows(BY_LEAD_COLUMNS, by_lead_rows(report))


def item_rows(report: ItemsReport) -> list[list[Any]]:
    """One row per item under ``ITEM_COLUMNS`` (dates as dates: ``safe`` writes them ISO)."""
    rows = []
    for row in report.rows:
        item, last = row.item, row.last
        rows.append(
            [
                item.id,
                item.plan,
                item.pillar,
                row.title,
                row.status,
                row.progress,
                row.completion,
                item.weight,
                item.due,
                row.overdue,
                row.stale,
                "; ".join(item.lead),
                " ".join(c.id for c in row.countries),
                row.coverage[0] if row.coverage else None,
                row.coverage[1] if row.coverage else None,
                last.date if last else None,
                last.by if last else None,
                last.note if last else None,
                extra_text(item.extra) or None,
            ]
        )
    return rows


def render_items(report: ItemsReport, lang: str = "en") -> str:
    return write_rows(ITEM_COLUMNS, item_rows(report))


# ---- progress over time --------------------------------------------------------------------

TREND_COLUMNS = ["period", "start", "end", "overall", *PILLARS]
CHANGE_COLUMNS = [
    "scope",
    "item",
    "country",
    "pillar",
    "date",
    "by",
    "note",
    "status_from",
    "status_to",
    "progress_from",
    "progress_to",
    "completion_from",
    "completion_to",
]
HISTORY_COLUMNS = [
    "item",
    "record",
    "date",
    "country",
    "by",
    "status",
    "progress",
    "indicators",
    "note",
    "evidence",
    "retracted_by_record",
    "retracted_by",
    "retraction_note",
]


def render_trend(trend: Trend, lang: str = "en") -> str:
    rows = [
        [
            tp.period.label,
            tp.period.start.isoformat(),
            tp.period.end.isoformat(),
            tp.point.overall,
            *[tp.point.pillars[p] for p in PILLARS],
        ]
        for tp in trend.periods
    ]
    return write_rows(TREND_COLUMNS, rows)


def render_changes(changes: Changes, lang: str = "en") -> str:
    """One row per update (per country), then one per pillar and one overall (scope column)."""
    rows: list[list[Any]] = []
    for c in changes.changes:
        u, before, after = c.update, c.before, c.after
        status, progress = u.status is not None, u.progress is not None  # what it set
        rows.append(
            [
                "update",
                u.item,
                c.country,
                None,
                u.date.isoformat(),
                u.by,
                u.note,
                before.status if status else None,
                after.status if status else None,
                before.progress if progress else None,
                after.progress if progress else None,
                None,
                None,
            ]
        )
    blank = [None] * 7  # date .. progress_to
    for p in PILLARS:
        rows.append(
            ["pillar", None, None, p, *blank, changes.before.pillars[p], changes.after.pillars[p]]
        )
    rows.append(
        ["overall", None, None, None, *blank, changes.before.overall, changes.after.overall]
    )
    return write_rows(CHANGE_COLUMNS, rows)


def render_history(history: History, lang: str = "en") -> str:
    rows = []
    for entry in history.entries:
        u, gone = entry.update, entry.retraction
        rows.append(
            [
                u.item,
                u.id,
                u.date.isoformat(),
                entry.country or " ".join(u.countries or ()) or None,
                u.by,
                u.status,
                u.progress,
                "; ".join(f"{k}={v!r}" for k, v in u.indicators) or None,
                u.note,
                u.evidence,
                gone.id if gone else None,
                gone.by if gone else None,
                gone.note if gone else None,
            ]
        )
    return write_rows(HISTORY_COLUMNS, rows)
