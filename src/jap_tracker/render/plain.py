"""Terminal tables as plain text, for a pipe or a file: the views of render/view.py laid out in
fit.py's widths and written line by line as ``str``, without a Rich ``Text`` or ``Console``
(a long listing then costs what its data costs). Also how each mark looks (``LOOKS``), which
the styled drawer (table.py) shares. What a line holds is exactly what table.py's lines hold
(tests/test_plain.py compares the two): words wrap and long ones fold as Rich's ``Text.wrap``
does (its ``divide_line``), widths are Rich's cell widths.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import partial

from rich._wrap import divide_line
from rich.cells import cell_len, set_cell_size

from jap_tracker.named import NamedTuple
from jap_tracker.render import fit
from jap_tracker.render.common import Once, bar, plain
from jap_tracker.render.view import Cell, Column, Span, View

STATUS_STYLES = {
    "not_started": "dim",
    "in_progress": "yellow",
    "done": "green",
    "blocked": "red",
    "cancelled": "dim strike",
}

# A rating's colour (its word is always there: never colour alone)
RATING_STYLES = {
    "achieved": "blue",
    "on_track": "green",
    "at_risk": "yellow",
    "off_track": "bold red",
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
    "forecast": ("dim", "", ""),
    **{f"rating:{key}": (style, "", "") for key, style in RATING_STYLES.items()},
}
HIDDEN = {"detail"}  # the item's countries: no room for them on a terminal
PLAIN = ("", "", "")
Run = tuple[tuple[str, str, str], str, str]  # (look, text, mark)
_TRAILING_SPACE = re.compile(r"\s+$")


def width_of(text: str) -> int:
    """Rich's cell width of ``text``, at once for printable ASCII (one column a character)."""
    return len(text) if text.isascii() and text.isprintable() else cell_len(text)


def _look(mark: str) -> tuple[str, str, str]:
    if mark.startswith("status:"):
        return STATUS_STYLES[mark.removeprefix("status:")], "", ""
    return LOOKS.get(mark, PLAIN)


def runs(parts: tuple[Span, ...]) -> list[Run]:
    """The spans in runs of the same look (a ``break`` or a ``link`` is a run of its own); a
    hidden span is left out."""
    out: list[Run] = []
    for span in parts:
        if span.mark in HIDDEN:
            continue
        if span.mark in ("break", "link"):
            out.append((PLAIN, "\n" if span.mark == "break" else plain(span.text), span.mark))
            continue
        look, text = _look(span.mark), plain(span.text)
        if out and out[-1][0] == look and not out[-1][2]:
            out[-1] = (look, out[-1][1] + text, "")
        else:
            out.append((look, text, ""))
    return out


def spans_text(parts: tuple[Span, ...]) -> str:
    if all(not span.mark for span in parts):  # one plain run (most cells): no runs to build
        return "".join(plain(span.text) for span in parts)
    return "".join(
        text if mark else before + text + after for (_, before, after), text, mark in runs(parts)
    )


def cell_text(cell: Cell, column: Column) -> str:
    """The text of one cell as the terminal shows it."""
    if column.gauge:  # a bar, then the figure
        return bar(cell[0].value) + " " + cell[0].text.rjust(6)
    if len(cell) == 1 and not cell[0].mark:  # most cells: one plain span
        return plain(cell[0].text)
    if column.key and len(cell) > 1:  # an id, then its name
        return spans_text((cell[0], Span(" ", literal=False), *cell[1:]))
    return spans_text(cell)


def texts(table_view: View) -> list[list[str]]:
    """The text of every cell (``cell_text``), each distinct cell of a column made once: the
    rows of a long listing repeat dates, ids, names and moves."""
    made = [_texts_of(column) for column in table_view.columns]
    return [
        [seen[cell] for seen, cell in zip(made, row.cells, strict=True)] for row in table_view.rows
    ]


def _texts_of(column: Column) -> Once[Cell, str]:
    return Once(partial(cell_text, column=column))


def heading(column: Column) -> str:
    return plain(column.heading)


def _fold(line: str, width: int) -> Iterator[str]:
    """One line longer than ``width`` in pieces, as ``Text.wrap(overflow="fold")`` gives it."""
    offsets = divide_line(line, width, fold=True)
    for start, end in zip([0, *offsets], [*offsets, len(line)], strict=True):
        piece = line[start:end]
        if len(piece) > width:  # Text.rstrip_end
            space = _TRAILING_SPACE.search(piece)
            if space is not None:
                piece = piece[: len(piece) - min(len(space.group(0)), len(piece) - width)]
        if cell_len(piece) > width:  # Text.truncate
            piece = set_cell_size(piece, width)
        yield piece


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` columns: wrapped between words, a longer word
    folded (never cut), each line right-stripped; never narrower than one column."""
    width = max(width, 1)
    if "\n" not in text and width_of(text) <= width:
        return [text.rstrip()]
    lines: list[str] = []
    for line in text.split("\n"):
        if width_of(line) <= width:
            lines.append(line.rstrip())
        else:
            lines.extend(piece.rstrip() for piece in _fold(line, width))
    return lines or [""]


def grid(table_view: View, cells: list[list[str]], widths: list[int]) -> list[str]:
    """The rows in columns of ``widths``: figures right-aligned, text wrapped in its column."""
    columns = table_view.columns
    blank = [" " * w for w in widths]

    def padded(text: str, i: int) -> list[str]:
        w, right = widths[i], columns[i].numeric and not columns[i].gauge
        return [
            " " * (w - width_of(part)) + part if right else part + " " * (w - width_of(part))
            for part in wrap(text, w)
        ]

    # each distinct text of a column wrapped and padded once: many cells repeat (dates, ids)
    made = [Once(partial(padded, i=i)) for i in range(len(columns))]

    def line_up(parts: list[list[str]]) -> list[str]:
        """The lines of one row: a margin, then each cell padded to its column, three spaces
        apart (a space of padding each side and one between), right-stripped."""
        height = max(len(p) for p in parts)
        if height == 1:
            return [("  " + "   ".join([p[0] for p in parts])).rstrip()]
        return [
            ("  " + "   ".join([p[n] if n < len(p) else blank[i] for i, p in enumerate(parts)]))
            .rstrip()
            for n in range(height)
        ]  # fmt: skip

    heads = [padded(heading(c), i) for i, c in enumerate(columns)]
    tallest = max(len(h) for h in heads)
    lines = line_up([[blank[i]] * (tallest - len(h)) + h for i, h in enumerate(heads)])
    lines.append(" " + "─" * (sum(widths) + 3 * len(widths) - 1))
    for row, row_cells in zip(table_view.rows, cells, strict=True):
        if row.total:
            lines.append("")
        lines.extend(line_up([seen[text] for seen, text in zip(made, row_cells, strict=True)]))
    return lines


class _Field(NamedTuple):
    """A cell of a stacked row as it is written: ``pair`` (``Heading: value``) and its width
    on a line of short pairs, or the ``block`` of lines of a text of its own; neither for an
    empty cell."""

    pair: str = ""
    size: int = 0
    block: tuple[str, ...] = ()
    joins: bool = False  # a joiner in it: the line's width is measured whole


_JOINERS = ("\u200d", "\ufe0f")  # where a text's width is not the sum of its pieces' widths


def stacked(table_view: View, cells: list[list[str]], width: int) -> list[str]:
    """Each row as a block, for a terminal too narrow for the grid: its first cell (and, after
    an id, the text beside it) on the first line, then ``Heading: value`` pairs, the short
    ones side by side, the text ones each on its own wrapped lines."""
    columns = table_view.columns
    lines: list[str] = []
    lead = 2 if len(columns) > 1 and columns[0].key and columns[1].share else 1
    labels = [" ".join(heading(column).split()) + ": " for column in columns]
    empty = _Field()

    def field(column: Column, label: str, cell: str) -> _Field:
        if not cell.strip():
            return empty
        pair = label + cell
        if column.wrap and (column.share or "\n" in cell):
            return _Field(block=tuple("    " + part for part in wrap(pair, width - 4)))
        return _Field(pair, width_of(pair), joins=any(j in pair for j in _JOINERS))

    def head_lines(head: str) -> list[str]:
        first, *rest = wrap(head, width)
        if rest:  # the head's wrapped lines, indented (none: no blank indented line)
            return [first, *("    " + part for part in wrap("\n".join(rest), width - 4))]
        return [first]

    # each distinct head and cell made once: many repeat (dates, ids, names, moves)
    heads = Once(head_lines)
    made = [
        Once(partial(field, column, label))
        for column, label in zip(columns[lead:], labels[lead:], strict=True)
    ]

    add, add_all = lines.append, lines.extend
    for row_cells in cells:
        if lines:
            add("")
        add_all(heads[row_cells[0] if lead == 1 else "  ".join(c for c in row_cells[:2] if c)])
        line: list[str] = []  # the short pairs of the line being made, and its width
        used, exact = 1, False  # (its margin, less the separator that no first pair has)
        texts: list[str] = []
        for one in [seen[cell] for seen, cell in zip(made, row_cells[lead:], strict=True)]:
            if one.block:
                texts.extend(one.block)
            elif one.pair:
                if line and used + 3 + one.size > width:
                    add("    " + " · ".join(line))
                    line, used, exact = [], 1, False
                line.append(one.pair)
                used += one.size + 3
                if one.joins or exact:  # a joiner may join across pairs: measure the line whole
                    used, exact = width_of("    " + " · ".join(line)), True
        if line:
            add("    " + " · ".join(line))
        lines.extend(texts)
    return lines


def table_lines(table_view: View, width: int) -> list[str]:
    """The lines of the view ``width`` columns wide: a grid when its figures fit whole, else
    one block per row (fit.py decides)."""
    title = "".join(plain(span.text) for span in table_view.title)
    lines = wrap(title, width) if title else []
    if not table_view.columns:
        return [*lines, *wrap(table_view.empty, width)]
    columns = table_view.columns
    cells = texts(table_view)
    widths = fit.column_widths(
        [heading(c) for c in columns], cells, [c.wrap for c in columns],
        [c.share for c in columns], width,
    )  # fmt: skip
    if lines:
        lines.append("")
    if not table_view.rows and table_view.empty:
        lines.extend("  " + part for part in wrap(table_view.empty, width - 2))
    elif widths is None:
        lines.extend(stacked(table_view, cells, width))
    else:
        lines.extend(grid(table_view, cells, widths))
    lines.append("")
    if table_view.caption:
        lines.extend(wrap(table_view.caption, width))
    return lines


def draw(views: list[View | None], width: int) -> str:
    """The views as plain text ``width`` columns wide, each line ending in a line break."""
    lines = [
        line
        for table_view in views
        if table_view is not None
        for line in table_lines(table_view, width)
    ]
    return "\n".join(lines) + "\n" if lines else ""


class Page(NamedTuple):
    """Where a table goes when it is not a terminal (a pipe, a file): its width; what
    table.draw needs of a console, without making a Rich one."""

    width: int
    is_terminal: bool = False
