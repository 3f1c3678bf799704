"""Reading a spreadsheet's bytes into rows of cells, for ``jap import`` (jap_tracker.sheets).

``.xlsx``: the workbook's first sheet, through openpyxl (imported here only), with the values
Excel shows (a formula's last computed value; date cells as dates). ``.csv``: UTF-8 text, with
or without a byte order mark, its separator (``,``, ``;`` or a tab) the one that splits the
header row into the most known column names. Row numbers are the sheet's own, from 1; rows
with no value are left out. A file that cannot be read as what its extension says is a
located problem, never an exception. Pure: bytes in, rows out; the CLI reads the file.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from jap_tracker.diagnostics import Diagnostic
from jap_tracker.sheets import Formula, Sheet, is_column

KINDS = (".xlsx", ".csv")  # what jap import reads, by the file's extension
_DELIMITERS = (",", ";", "\t")


def read_sheet(data: bytes, path: str) -> tuple[Sheet | None, list[Diagnostic]]:
    """The sheet in ``data`` (``path``'s extension says which kind), or why it cannot be read."""
    if path.lower().endswith(".csv"):
        return _read_csv(data, path)
    return _read_xlsx(data, path)


def _kept(numbered: list[tuple[int, tuple[Any, ...]]]) -> list[tuple[int, tuple[Any, ...]]]:
    return [
        (number, cells)
        for number, cells in numbered
        if any(c is not None and not (isinstance(c, str) and not c.strip()) for c in cells)
    ]


def _read_xlsx(data: bytes, path: str) -> tuple[Sheet | None, list[Diagnostic]]:
    try:
        from openpyxl import load_workbook

        shown = load_workbook(io.BytesIO(data), data_only=True)  # what Excel last computed
        written = load_workbook(io.BytesIO(data))  # to tell a formula never computed
        if not shown.worksheets:
            return Sheet(path, None, []), []
        values, formulas = shown.worksheets[0], written.worksheets[0]
        rows = [
            (number, tuple(_cell(value, cell) for value, cell in zip(row, cells, strict=True)))
            for number, (row, cells) in enumerate(
                zip(values.iter_rows(values_only=True), formulas.iter_rows(), strict=True), 1
            )
        ]
        name = values.title
    except Exception as exc:  # a damaged or foreign file: openpyxl raises many kinds
        reason = str(exc) or type(exc).__name__
        message = f"cannot be read as an Excel workbook (.xlsx): {reason}"
        return None, [Diagnostic(path, 1, 0, "unreadable", message)]
    return Sheet(path, name, _kept(rows)), []


def _cell(value: Any, cell: Any) -> Any:
    """The value Excel shows; a formula that no program has computed yet has none to show."""
    if value is None and cell.data_type == "f":
        return Formula(str(getattr(cell.value, "text", cell.value)))
    return value


def _read_csv(data: bytes, path: str) -> tuple[Sheet | None, list[Diagnostic]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        message = (
            f"not UTF-8 text (byte 0x{data[exc.start]:02X}): save the sheet as "
            '"CSV UTF-8", or as .xlsx'
        )
        return None, [Diagnostic(path, line, 0, "unreadable", message)]
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(_DELIMITERS, key=lambda d: _fit(first, d))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, tuple[Any, ...]]] = []
    try:
        for number, cells in enumerate(reader, 1):
            rows.append((number, tuple(cells)))
    except csv.Error as exc:
        message = f"cannot be read as CSV: {exc}"
        return None, [Diagnostic(path, len(rows) + 1, 0, "unreadable", message)]
    return Sheet(path, None, _kept(rows)), []


def _fit(header: str, delimiter: str) -> tuple[int, int]:
    """How well ``delimiter`` splits the header row: known column names, then fields."""
    try:
        fields = next(csv.reader([header], delimiter=delimiter), [])
    except csv.Error:
        return (0, 0)
    return sum(1 for field in fields if is_column(field.strip())), len(fields)
