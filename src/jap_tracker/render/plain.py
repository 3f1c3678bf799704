"""Terminal tables as plain text, for a pipe or a file: the views of render/view.py laid out in
fit.py's widths and written line by line as ``str``, without a Rich ``Text`` or ``Console``
(a long listing then costs what its data costs). Also how each mark looks (``LOOKS``), which
the styled drawer (table.py) shares. What a line holds is exactly what table.py's lines hold
(tests/test_plain.py compares the two): words wrap and long ones fold as Rich's ``Text.wrap``
does (its ``divide_line``), widths are Rich's cell widths.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any, TypeVar

from rich._wrap import divide_line
from rich.cells import cell_len, get_character_cell_size, set_cell_size

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
T = TypeVar("T")
HIDDEN = {"detail"}  # the item's countries: no room for them on a terminal
PLAIN = ("", "", "")
Run = tuple[tuple[str, str, str], str, str]  # (look, text, mark)
_TRAILING_SPACE = re.compile(r"\s+$")


# a zero-width joiner and a variation selector: where a text's width is not the sum of its
# pieces' (characters', or a stacked line's pairs') widths
JOINER, SELECTOR = "\u200d", "\ufe0f"
_PRINTABLE_ASCII = frozenset(map(chr, range(0x20, 0x7F)))  # one column each, in Rich's table


def width_of(text: str) -> int:
    """Rich's cell width of ``text``: its characters' widths summed (``cell_len``), each
    distinct one measured once, at once for printable ASCII (one column a character). Next
    to a zero-width joiner or a variation selector, the text is Rich's to measure whole."""
    if text.isascii() and text.isprintable():
        return len(text)
    if JOINER in text or SELECTOR in text:
        return cell_len(text)
    odd = set(text).difference(_PRINTABLE_ASCII)
    return len(text) + sum((get_character_cell_size(ch) - 1) * text.count(ch) for ch in odd)


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


Texts = list[Once[Cell, str]]  # each column's cells' texts (``cell_text``), made once


def texts_of(table_view: View) -> Texts:
    """Each column's ``cell_text``, made once for each distinct cell: the rows of a long
    listing repeat dates, ids, names and moves."""
    return [Once(partial(cell_text, column=column)) for column in table_view.columns]


def _via(texts: Once[Cell, str], make: Callable[[str], T]) -> Once[Cell, T]:
    """``make`` of the text of each distinct cell of a column, made once."""
    return Once(lambda cell: make(texts[cell]))


def heading(column: Column) -> str:
    return plain(column.heading)


_WORD = re.compile(r"\s*\S+\s*")  # a word and the spaces around it: rich._wrap's ``re_word``


def breaks(line: str, width: int) -> list[int]:
    """Where Rich's ``divide_line(line, width, fold=True)`` breaks ``line``: for printable
    ASCII (a column a character), its steps with ``len`` for ``cell_len``, about twice as fast
    (a brief's titles wrapped in narrow columns spent a tenth of its time there); any other
    line is Rich's to divide. tests/test_plain.py holds both to the same offsets."""
    if not (line.isascii() and line.isprintable()):
        return divide_line(line, width, fold=True)
    out: list[int] = []
    offset = 0
    match = _WORD.match(line)
    while match is not None:
        start, end = match.span()
        word = match.group()
        length = len(word.rstrip())
        if width - offset >= length:
            offset += len(word)
        elif length > width:  # a word longer than a line: folded in pieces of the width
            pieces = [word[at : at + width] for at in range(0, len(word), width)]
            for piece in pieces[:-1]:
                if start:
                    out.append(start)
                start += len(piece)
            if start:
                out.append(start)
            offset = len(pieces[-1])
        elif offset and start:
            out.append(start)
            offset = len(word)
        match = _WORD.match(line, end)
    return out


def _fold(line: str, width: int) -> Iterator[str]:
    """One line longer than ``width`` in pieces, as ``Text.wrap(overflow="fold")`` gives it."""
    offsets = breaks(line, width)
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


def grid(table_view: View, texts: Texts, widths: list[int]) -> list[str]:
    """The rows in columns of ``widths``: figures right-aligned, text wrapped in its column."""
    columns = table_view.columns
    blank = [" " * w for w in widths]

    def padded(text: str, i: int) -> list[str]:
        w, right = widths[i], columns[i].numeric and not columns[i].gauge
        return [
            " " * (w - width_of(part)) + part if right else part + " " * (w - width_of(part))
            for part in wrap(text, w)
        ]

    # each distinct cell of a column wrapped and padded once: many repeat (dates, ids)
    made = [_via(seen, partial(padded, i=i)) for i, seen in enumerate(texts)]

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
    for row in table_view.rows:
        if row.total:
            lines.append("")
        lines.extend(line_up([seen[cell] for seen, cell in zip(made, row.cells, strict=True)]))
    return lines


class _Field(NamedTuple):
    """A cell of a stacked row as it is written: ``pair`` (``Heading: value``) and its width
    on a line of short pairs, or the ``block`` of lines of a text of its own; neither for an
    empty cell."""

    pair: str = ""
    size: int = 0
    block: tuple[str, ...] = ()
    joins: bool = False  # a joiner in it: the line's width is measured whole


def stacked(table_view: View, width: int, texts: Texts | None = None) -> list[str]:
    """Each row as a block, for a terminal too narrow for the grid: its first cell (and, after
    an id, the text beside it) on the first line, then ``Heading: value`` pairs, the short
    ones side by side, the text ones each on its own wrapped lines, and a cell of several
    lines that stay whole (a move for each group of countries) with its lines one under the
    other, after its heading."""
    columns = table_view.columns
    texts = texts or texts_of(table_view)
    lines: list[str] = []
    lead = 2 if len(columns) > 1 and columns[0].key and columns[1].share else 1
    labels = [" ".join(heading(column).split()) + ": " for column in columns]
    empty = _Field()

    def field(column: Column, label: str, cell: str) -> _Field:
        if not cell.strip():
            return empty
        pair = label + cell
        if "\n" in cell and not column.wrap:  # lines that stay whole: each under the first
            pair = label + cell.replace("\n", "\n" + " " * width_of(label))
        if "\n" in cell or (column.wrap and column.share):
            return _Field("", 0, tuple(["    " + part for part in wrap(pair, width - 4)]), False)
        return _Field(pair, width_of(pair), (), JOINER in pair or SELECTOR in pair)

    def head_lines(head: str) -> list[str]:
        first, *rest = wrap(head, width)
        if rest:  # the head's wrapped lines, indented (none: no blank indented line)
            return [first, *("    " + part for part in wrap("\n".join(rest), width - 4))]
        return [first]

    def head(first: tuple[Cell, ...]) -> list[str]:
        """The lines of a row's first two cells (an id and the text beside it)."""
        return head_lines("  ".join(t for t in (texts[0][first[0]], texts[1][first[1]]) if t))

    # each distinct head and cell made once: many repeat (dates, ids, names, moves)
    heads: Once[Any, list[str]] = _via(texts[0], head_lines) if lead == 1 else Once(head)
    made = [
        _via(seen, partial(field, column, label))
        for column, label, seen in zip(columns[lead:], labels[lead:], texts[lead:], strict=True)
    ]

    add, add_all = lines.append, lines.extend
    for row in table_view.rows:
        cells = row.cells
        if lines:
            add("")
        add_all(heads[cells[0] if lead == 1 else cells[:2]])
        line: list[str] = []  # the short pairs of the line being made, and its width
        used, exact = 1, False  # (its margin, less the separator that no first pair has)
        blocks: list[str] = []
        for seen, cell in zip(made, cells[lead:], strict=True):
            one = seen[cell]
            if one.block:
                blocks.extend(one.block)
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
        lines.extend(blocks)
    return lines


def table_lines(table_view: View, width: int) -> list[str]:
    """The lines of the view ``width`` columns wide: a grid when its figures fit whole, else
    one block per row (fit.py decides)."""
    title = "".join(plain(span.text) for span in table_view.title)
    lines = wrap(title, width) if title else []
    if not table_view.columns:
        return [*lines, *wrap(table_view.empty, width)]
    columns = table_view.columns
    texts = texts_of(table_view)
    # each column's distinct cells (the rows share many), then their texts
    rows = [row.cells for row in table_view.rows]
    by_column = zip(*rows, strict=True) if rows else [()] * len(columns)
    distinct = [{seen[c] for c in set(cells)} for seen, cells in zip(texts, by_column, strict=True)]
    widths = fit.fit_columns(
        [heading(c) for c in columns], distinct, [c.wrap for c in columns],
        [c.share for c in columns], width,
    )  # fmt: skip
    if lines:
        lines.append("")
    if not table_view.rows and table_view.empty:
        lines.extend("  " + part for part in wrap(table_view.empty, width - 2))
    elif widths is None:
        lines.extend(stacked(table_view, width, texts))
    else:
        lines.extend(grid(table_view, texts, widths))
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
