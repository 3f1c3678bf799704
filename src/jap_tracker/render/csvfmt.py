"""CSV for spreadsheets and scripts: fixed English column names, ids and enum values.

A cell of file text that a spreadsheet could run as a formula is prefixed with ``'``; control
characters (other than line breaks and tabs) are written as ``\\xNN``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from typing import Any

from jap_tracker.model import STATUSES
from jap_tracker.progress import Group
from jap_tracker.report import ItemsReport, StatusReport

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
]


def safe(value: Any) -> str:
    """A cell: numbers as they are, text with formula triggers neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value) if isinstance(value, float) else str(value)
    text = _CONTROL.sub(_escape_control, str(value))
    if text and text[0] in "=+-@\t\r":
        return "'" + text
    return text


def write_rows(header: list[str], rows: Iterable[list[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe(cell) for cell in row])
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


def render_status(report: StatusReport) -> str:
    return write_rows(STATUS_COLUMNS, status_rows(report))


def render_items(report: ItemsReport) -> str:
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
                item.due.isoformat() if item.due else None,
                row.overdue,
                row.stale,
                "; ".join(item.lead),
                " ".join(item.countries),
                row.coverage[0] if row.coverage else None,
                row.coverage[1] if row.coverage else None,
                last.date.isoformat() if last else None,
                last.by if last else None,
                last.note if last else None,
            ]
        )
    return write_rows(ITEM_COLUMNS, rows)
