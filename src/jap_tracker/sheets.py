"""Spreadsheets in (``jap import``, spec section 17): a sheet of action items becomes the text
of a plan file.

The sheet's header row names its columns after the item keys; each row below it is one item.
This module owns what is particular to sheets: the column names, turning cells into values
(list cells split on ``;``, Excel date cells and YYYY-MM-DD text as dates), and writing the
plan file that a person will go on editing. Whether a value is valid is the loader's to say:
the text made here is read back with ``loader.read_plan_file`` before it is given out, and
each problem the loader finds is reported at the sheet row it came from, all at once. Pure:
bytes or rows in, text and located diagnostics out (``jap_tracker.sheetfile`` reads the bytes).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

from jap_tracker import codes
from jap_tracker.diagnostics import Diagnostic, closest, counted, printable
from jap_tracker.model import parse_pillar
from jap_tracker.named import NamedTuple
from jap_tracker.plantext import PlanText, plan_text

# The columns a sheet may have: the item keys of spec section 2, and how a cell becomes a value.
COLUMNS: dict[str, str] = {
    "id": "text",
    "title": "text",
    "pillar": "pillar",
    "start": "date",
    "due": "date",
    "lead": "list",
    "partners": "list",
    "weight": "number",
    "tags": "list",
    "countries": "countries",
    "description": "text",
}
REQUIRED = ("id", "title", "pillar")
LOCALIZED = ("title", "description")  # also one column per language: title_fr, description_ru
EXTRA = "extra."  # extra.NAME: free-form data, written to the item's [item.extra] table
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_NUMBER = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]+)?(?:[eE][+-]?[0-9]+)?")
_COUNTRY_SEPARATORS = re.compile(r"[;,\s]+")  # codes hold no space: "KZ; UZ", "KZ UZ", "KZ,UZ"


class Sheet(NamedTuple):
    path: str  # the file as the user named it: where problems are reported
    name: str | None  # the worksheet's name (a workbook's first sheet), None for CSV
    rows: list[tuple[int, tuple[Any, ...]]]  # (row number from 1, cells): rows with a value


class Formula(NamedTuple):
    """A workbook cell that holds a formula with no computed value (never opened in Excel)."""

    text: str


class Column(NamedTuple):
    position: int  # 0-based
    key: str  # an item key, or EXTRA + a name
    lang: str | None  # for the LOCALIZED keys: the language of the column


class Imported(NamedTuple):
    text: str | None  # the plan file, None when the sheet has problems
    items: int
    diagnostics: list[Diagnostic]


def known_names() -> list[str]:
    """Column names to suggest: the item keys, and the French and Russian title columns."""
    return [*COLUMNS, *(f"{key}_{lang}" for key in LOCALIZED for lang in ("fr", "ru"))]


def is_column(name: str) -> bool:
    """Whether ``name`` (in any case, without surrounding spaces) names a column."""
    return _column(0, name) is not None


def plan_problems(plan_id: str, title: str) -> list[tuple[str, str]]:
    """(option, message) for each problem of ``--plan`` and ``--title``, as the loader sees them
    in a plan file with no item."""
    written = plan_text({"id": plan_id, "title": title}, [])
    option = {"id": "--plan", "title": "--title"}
    return [
        (option.get(written.plan_keys.get(d.line, ""), "--plan"), d.message)
        for d in _loaded_problems(written.text)
    ]


def import_sheet(
    sheet: Sheet, plan_id: str, title: str, taken: Mapping[str, str] | None = None
) -> Imported:
    """The plan file of ``sheet``'s items, in sheet order, or every problem found in it.
    ``taken``: item ids already used in the workspace, and the plan of each."""
    path = sheet.path
    if not sheet.rows:
        message = (
            "the sheet is empty: give it a header row (id, title, pillar, ...) and a row per item"
        )
        return Imported(None, 0, [Diagnostic(path, 1, 0, "empty", message)])
    (header_row, header), *body = sheet.rows
    columns, problems, missing, ignored = _columns(path, header_row, header, body)
    if not body:
        message = "no items: the sheet has a header row but no row below it"
        problems.append(Diagnostic(path, header_row, 0, "empty", message))
        return Imported(None, 0, problems)
    items: list[tuple[int, dict[str, Any]]] = []
    first_row: dict[str, int] = {}
    told = {(0, key) for key in missing}  # (row, key): a key left out, and why, told already
    for number, cells in body:
        item, found = _item(path, number, cells, columns)
        problems += found.values()
        told.update((number, key) for key in found)
        ident = item.get("id")
        if isinstance(ident, str):
            if ident in first_row:
                message = (
                    f"id {ident!r} is already used at row {first_row[ident]}: ids must be unique"
                )
                problems.append(Diagnostic(path, number, 0, "duplicate-item", message))
            elif taken and ident in taken:
                message = f"id {ident!r} is already used by plan {taken[ident]} in the workspace"
                problems.append(Diagnostic(path, number, 0, "duplicate-item", message))
            first_row.setdefault(ident, number)
        items.append((number, item))
    comment = _comment(sheet, len(items), ignored)
    ordered = [{k: item[k] for k in [*COLUMNS, "extra"] if k in item} for _row, item in items]
    written = plan_text({"id": plan_id, "title": title}, ordered, comment)
    problems += _located(path, header_row, written, [row for row, _item in items], told)
    if problems:
        return Imported(None, len(items), sorted(set(problems), key=Diagnostic.sort_key))
    return Imported(written.text, len(items), [])


# ---- the header --------------------------------------------------------------------------


def _columns(
    path: str, header_row: int, header: Sequence[Any], body: list[tuple[int, tuple[Any, ...]]]
) -> tuple[list[Column], list[Diagnostic], list[str], list[str]]:
    """The columns of the header row; its problems; the required keys it lacks; the columns of
    a jap report that it has and that are left out (figures, not plan data)."""
    from jap_tracker.render.csvfmt import ITEM_COLUMNS  # what `jap report` writes

    report_only = [name for name in ITEM_COLUMNS if name not in COLUMNS]
    columns: list[Column] = []
    problems: list[Diagnostic] = []
    ignored: list[str] = []
    seen: dict[tuple[str, str | None], int] = {}
    width = max([len(header), *(len(cells) for _n, cells in body)])
    for index in range(width):
        raw = header[index] if index < len(header) else None
        name = _cell_text(raw)
        if name is None:
            used = next((n for n, cells in body if _value_at(cells, index) is not None), None)
            if used is not None:
                message = (
                    f"column {_letter(index)} has no name in the header row, "
                    f"but row {used} has a value in it"
                )
                problems.append(Diagnostic(path, header_row, 0, "sheet-column", message))
            continue
        column = _column(index, name)
        if column is None:
            if name.lower() in report_only:
                ignored.append(name.lower())
                continue
            near = closest(name.lower(), known_names())
            hint = f"; did you mean {near[0]!r}?" if near else ""
            message = (
                f"unknown column {name!r} in {_letter(index)}{hint} (columns are named after "
                f"the item keys: {', '.join(COLUMNS)}; free-form data: {EXTRA}NAME)"
            )
            problems.append(Diagnostic(path, header_row, 0, "sheet-column", message))
            continue
        slot = (column.key, column.lang)
        if slot in seen:
            other = _letter(seen[slot])
            message = f"column {name!r} in {_letter(index)} says again what column {other} says"
            problems.append(Diagnostic(path, header_row, 0, "sheet-column", message))
            continue
        seen[slot] = index
        columns.append(column)
    keys = {c.key for c in columns}
    missing = [key for key in REQUIRED if key not in keys]
    for key in missing:
        message = f"no {key!r} column: every item needs one"
        problems.append(Diagnostic(path, header_row, 0, "sheet-column", message))
    return columns, problems, missing, ignored


def _column(index: int, written: str) -> Column | None:
    """The column that a header cell names (in any case; a free-form name keeps its own)."""
    name = written.lower()
    if name in COLUMNS:
        return Column(index, name, "en" if name in LOCALIZED else None)
    if name.startswith(EXTRA) and written[len(EXTRA) :].strip():
        return Column(index, EXTRA + written[len(EXTRA) :].strip(), None)
    key, _, lang = name.rpartition("_")
    if key in LOCALIZED and codes.is_language(lang):
        return Column(index, key, lang)
    return None


def _letter(index: int) -> str:
    """A spreadsheet's name of the 0-based column ``index``: A, B, ..., Z, AA, ..."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


# ---- the rows ----------------------------------------------------------------------------


def _value_at(cells: Sequence[Any], index: int) -> Any:
    value = cells[index] if index < len(cells) else None
    return None if isinstance(value, str) and not value.strip() else value


def _item(
    path: str, row: int, cells: Sequence[Any], columns: list[Column]
) -> tuple[dict[str, Any], dict[str, Diagnostic]]:
    """One row as the keys of an [[item]], and the cells that could not become values."""
    item: dict[str, Any] = {}
    texts: dict[str, dict[str, str]] = {}
    problems: dict[str, Diagnostic] = {}
    for column in columns:
        value = _value_at(cells, column.position)
        name = column.key if column.lang in (None, "en") else f"{column.key}_{column.lang}"
        if value is None:
            continue
        if isinstance(value, Formula):
            message = (
                f"{name!r}: the cell holds a formula with no computed value "
                f"({value.text}): open and save the sheet in Excel, or type the value"
            )
            problems[name] = Diagnostic(path, row, 0, "sheet-value", message)
            continue
        if column.key.startswith(EXTRA):
            item.setdefault("extra", {})[column.key[len(EXTRA) :]] = _extra(value)
            continue
        kind = COLUMNS[column.key]
        if column.lang is not None:
            texts.setdefault(column.key, {})[column.lang] = _cell_text(value) or ""
            continue
        converted, problem = _convert(kind, value)
        if problem is not None:
            message = f"{column.key!r}: {problem}"
            problems[column.key] = Diagnostic(path, row, 0, "sheet-value", message)
        elif converted is not None:
            item[column.key] = converted
    for key, by_lang in texts.items():  # the plan's language (en) first
        ordered = dict(sorted(by_lang.items(), key=lambda pair: pair[0] != "en"))
        item[key] = ordered["en"] if list(ordered) == ["en"] else ordered
    return item, problems


def _convert(kind: str, value: Any) -> tuple[Any, str | None]:
    """A cell's value for a column of ``kind``, or why it cannot be one."""
    if kind == "date":
        return _date(value)
    if kind == "number":
        return _number(value)
    text = _cell_text(value)
    if text is None:
        return None, None
    if kind == "pillar":
        return parse_pillar(text) or text, None  # the loader says what a pillar may be
    if kind == "list":
        return [part.strip() for part in text.split(";") if part.strip()] or None, None
    if kind == "countries":
        found = [part for part in _COUNTRY_SEPARATORS.split(text) if part]
        return [codes.normalize_country(code) or code for code in found] or None, None
    return text, None


def _cell_text(value: Any) -> str | None:
    """A cell as text, surrounding spaces removed (None when empty)."""
    if value is None:
        return None
    if isinstance(value, Formula):
        return value.text
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value).strip() or None


def _date(value: Any) -> tuple[dt.date | None, str | None]:
    if isinstance(value, dt.datetime):
        if value.time() != dt.time():
            return None, f"{value.isoformat(' ')} has a time of day: give a date only"
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return None, f"{value!r} is a number: make the cell a date, or write YYYY-MM-DD"
    text = _cell_text(value) or ""
    if not _ISO_DATE.fullmatch(text):
        return None, f"{text!r} is not a date: write it as YYYY-MM-DD (or make it a date cell)"
    try:
        return dt.date.fromisoformat(text), None
    except ValueError:
        return None, f"{text!r} is not a real date"


def _number(value: Any) -> tuple[float | int | None, str | None]:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value, None
    text = _cell_text(value) or ""
    if not _NUMBER.fullmatch(text):
        return None, f"{text!r} is not a number"
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")  # a decimal comma, as French and Russian sheets write it
    number = float(text)
    return (int(number) if re.fullmatch(r"[+-]?[0-9]+", text) else number), None


def _extra(value: Any) -> Any:
    """A free-form cell as TOML can hold it: text, number, boolean or date."""
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date()
    if isinstance(value, bool | int | float | dt.date):
        return value
    return _cell_text(value)


# ---- the plan file -----------------------------------------------------------------------


def _comment(sheet: Sheet, count: int, ignored: list[str]) -> str:
    """Lines that say where the plan came from (the same sheet, the same lines: no date)."""
    import textwrap

    source = re.split(r"[\\/]", sheet.path)[-1]
    where = f'"{printable(source)}"'
    if sheet.name is not None:
        where += f', sheet "{printable(sheet.name)}"'
    first, last = sheet.rows[1][0], sheet.rows[-1][0]
    rows = f"row {first}" if first == last else f"rows {first} to {last}"
    said = [f"Imported with `jap import` from {where}: {counted(count, 'item', 'items')} ({rows})."]
    if ignored:
        said.append(f"Left out: the figures of a jap report ({', '.join(ignored)}).")
    said.append("jap never rewrites this file: edit it as you like, then run `jap check`.")
    return "\n".join(
        line
        for text in said
        for line in textwrap.wrap(text, 98, initial_indent="# ", subsequent_indent="# ")
    )


# ---- judged by the loader ----------------------------------------------------------------


def _loaded_problems(text: str) -> list[Diagnostic]:
    """What the loader finds in ``text``: the one call to it."""
    from jap_tracker.loader import read_plan_file

    return list(read_plan_file(text.encode("utf-8"), "sheet").diagnostics)


def _located(
    path: str, header_row: int, written: PlanText, rows: list[int], told: set[tuple[int, str]]
) -> list[Diagnostic]:
    """The loader's problems with the plan file, each at the row of the item it is in. A key
    that the loader does not know is a problem of its column, told once at the header row; a
    key left out because of its column or its cell (``told``: (row, key), 0 for every row)
    was told already."""
    out: list[Diagnostic] = []
    for found in _loaded_problems(written.text):
        index, key = written.item_keys.get(found.line, (None, ""))
        if index is None:  # the [plan] table: checked before the sheet was read
            out.append(Diagnostic(path, header_row, 0, found.code, found.message))
        elif found.code == "extra-forbidden" and key:
            message = (
                f"column {key!r}: this version of jap has no such item key; remove the column, "
                f"or name it {EXTRA}{key} to keep it as free-form data"
            )
            out.append(Diagnostic(path, header_row, 0, "sheet-column", message))
        elif found.code == "missing" and any(
            f"'{k}'" in found.message for r, k in told if r in (0, rows[index])
        ):
            continue
        else:
            out.append(Diagnostic(path, rows[index], 0, found.code, found.message))
    return out
