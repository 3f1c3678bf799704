"""Excel workbooks (``--format xlsx``): the CSV's tables, one sheet each, with typed cells.

The rows and columns are the CSV renderer's own (render/csvfmt.py), so the two hold the same
figures. Here they become cells: numbers stay numbers, completions are fractions shown as
percentages, dates are dates, the header row is frozen and filterable, and column widths fit
the content. Text from plan files is always a text cell, never a formula, whatever it begins
with. The workbook is returned as bytes, the same bytes for the same report: its parts carry
the report's as-of date, never the clock. openpyxl is imported only here, when a workbook is
asked for.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections.abc import Sequence
from typing import Any

from jap_tracker.render.csvfmt import (
    BY_COUNTRY_COLUMNS,
    BY_LEAD_COLUMNS,
    ITEM_COLUMNS,
    by_country_rows,
    by_lead_rows,
    clean,
    item_rows,
    status_table,
)
from jap_tracker.report import ItemsReport, StatusReport

PERCENT_COLUMNS = frozenset({"completion", "expected"})  # fractions from 0 to 1
PERCENT_FORMAT = "0.0%"
DATE_FORMAT = "yyyy-mm-dd"
WIDEST = 60  # characters: longer text wraps within its column
LONGEST = 32767  # characters in one cell, at most (Excel's limit)
# Characters that XML 1.0 cannot hold at all (the C0 controls are escaped by ``clean``).
_NOT_XML = re.compile("[\ufffe\uffff\ud800-\udfff]")
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest a zip entry can carry

Table = tuple[str, Sequence[str], Sequence[Sequence[Any]]]  # sheet name, columns, rows


def render_status(report: StatusReport, lang: str = "en") -> bytes:
    """The status table, then pillars × countries when any item has countries."""
    return _workbook([_status(report), *_by_country(report)], report.as_of, "jap status")


def render_by_country(report: StatusReport, lang: str = "en") -> bytes:
    """``jap status --by country``: pillars × countries (as its CSV, even with no country),
    then the status table."""
    return _workbook([*_by_country(report, True), _status(report)], report.as_of, "jap status")


def render_by_lead(report: StatusReport, lang: str = "en") -> bytes:
    """``jap status --by lead``: pillars × organisations (as its CSV), then the status table."""
    by_lead: Table = ("by_lead", BY_LEAD_COLUMNS, by_lead_rows(report))
    return _workbook([by_lead, _status(report)], report.as_of, "jap status")


def render_items(report: ItemsReport, lang: str = "en") -> bytes:
    """The items (first, so that ``jap import`` reads them back), then the summary's figures."""
    items: Table = ("items", ITEM_COLUMNS, item_rows(report))
    columns, rows = status_table(report.summary)
    return _workbook([items, ("summary", columns, rows)], report.as_of, "jap report")


def _status(report: StatusReport) -> Table:
    columns, rows = status_table(report)
    return "status", columns, rows


def _by_country(report: StatusReport, always: bool = False) -> list[Table]:
    if not always and (report.by_country is None or not report.by_country.countries):
        return []
    return [("by_country", BY_COUNTRY_COLUMNS, by_country_rows(report))]


def _workbook(tables: list[Table], as_of: dt.date, title: str) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, columns, rows in tables:
        _sheet(book.create_sheet(name), columns, rows)
    moment = dt.datetime.combine(as_of, dt.time())
    book.properties.creator = "jap"
    book.properties.title = f"{title} as of {as_of.isoformat()}"
    book.properties.created = book.properties.modified = moment
    return _save(book)


def _sheet(sheet: Any, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    widths = [_width(name) for name in columns]
    for column, name in enumerate(columns, 1):
        _text_cell(sheet.cell(1, column), name).font = bold
    for number, row in enumerate(rows, 2):
        for column, (name, value) in enumerate(zip(columns, row, strict=True), 1):
            cell = sheet.cell(number, column)
            shown = _put(cell, name, value)
            if isinstance(value, str) and ("\n" in shown or len(shown) > WIDEST):
                cell.alignment = wrap
            widths[column - 1] = max(widths[column - 1], _width(shown))
    for column, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(column)].width = min(width, WIDEST) + 2
    last = get_column_letter(len(columns))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{last}{len(rows) + 1}"


def _put(cell: Any, column: str, value: Any) -> str:
    """Give ``cell`` its typed value and number format; return the text it shows (for widths)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        cell.value = value
        return "FALSE" if not value else "TRUE"
    if isinstance(value, int | float):
        cell.value = value
        if column in PERCENT_COLUMNS:
            cell.number_format = PERCENT_FORMAT
            return f"{value:.1%}"
        return f"{value:g}" if isinstance(value, float) else str(value)
    if isinstance(value, dt.date):
        cell.value = value
        cell.number_format = DATE_FORMAT
        return value.isoformat()
    return str(_text_cell(cell, str(value)).value)


def _text_cell(cell: Any, text: str) -> Any:
    """A text cell, whatever the text: openpyxl reads a str that begins with "=" as a formula
    and "#N/A" as an error, so the type is set after the value. Excel holds at most
    ``LONGEST`` characters in a cell (and repairs a workbook that has more): longer text is
    cut there, and says so."""
    shown = _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", clean(text))
    if len(shown) > LONGEST:
        mark = f" … [cut: {len(shown)} characters in all]"
        shown = shown[: LONGEST - len(mark)] + mark
    cell.value = shown
    cell.data_type = "s"
    return cell


def _width(text: str) -> int:
    """Columns the longest line of ``text`` takes (wide East Asian characters count two)."""
    return max(
        (sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line))
        for line in text.split("\n")
    )


def _save(book: Any) -> bytes:
    """The workbook's bytes, each part dated ``_ZIP_DATE`` (openpyxl dates them with the clock)."""
    from openpyxl.writer.excel import ExcelWriter

    written = io.BytesIO()
    with zipfile.ZipFile(written, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()  # as openpyxl's save_workbook, without its clock
    fixed = io.BytesIO()
    with (
        zipfile.ZipFile(written) as source,
        zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            part = zipfile.ZipInfo(entry.filename, date_time=_ZIP_DATE)
            part.compress_type = zipfile.ZIP_DEFLATED
            part.external_attr = 0o644 << 16
            target.writestr(part, source.read(entry))
    return fixed.getvalue()
