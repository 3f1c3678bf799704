"""Terminal tables in colour: the views of render/view.py drawn by Rich for a console that is a
terminal, styles included (text goes in as ``rich.text.Text``, never as markup). The lines
are those that plain.py writes for a pipe (tests/test_plain.py compares them); how each mark
looks is plain.py's ``LOOKS``."""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console
from rich.style import Style
from rich.text import Span as RichSpan
from rich.text import Text

from jap_tracker.render import fit
from jap_tracker.render.common import bar, plain
from jap_tracker.render.plain import heading
from jap_tracker.render.plain import runs as plain_runs
from jap_tracker.render.view import Cell, Column, Span, View

_EMPTY = Text("")


def spans(parts: tuple[Span, ...]) -> Text:
    """One Text of runs of spans with the same look: one run is the Text's own style (which
    pads it in a table cell), several are appended each in its style; a ``break`` is a new
    line, a ``link`` an OSC 8 hyperlink where the console draws styles."""
    runs = plain_runs(parts)
    if len(runs) == 1 and not runs[0][2]:
        (style, before, after), text, _mark = runs[0]
        return Text(before + text + after, style=style)
    out = Text("")
    for (style, before, after), text, mark in runs:
        if mark == "link":
            out.append(text, style=Style(link=text, underline=True))
        else:
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


def _wrap(text: Text, width: int, console: Console) -> list[Text]:
    """``text`` in lines of at most ``width`` columns: wrapped between words, a longer word
    folded (never cut). A text of one line that fits is returned itself (right-stripped).
    Never narrower than one column (a stacked row on a terminal of 4 columns)."""
    width = max(width, 1)
    plain_text = text.plain
    if "\n" not in plain_text and cell_len(plain_text) <= width:
        if plain_text[-1:].isspace():
            text.rstrip()  # what split() and the loop below do, without the copies
        return [text]
    lines: list[Text] = []
    for line in text.split("\n", allow_blank=True):
        if line.cell_len <= width:
            lines.append(line)
        else:
            lines.extend(line.wrap(console, width, overflow="fold", no_wrap=False))
    for line in lines:
        line.rstrip()
    return lines or [Text("")]


def _grid(
    table_view: View, cells: list[list[Text]], widths: list[int], console: Console
) -> list[Text]:
    """The rows in columns of ``widths``: figures right-aligned, text wrapped in its column."""
    columns = table_view.columns

    def line_up(parts: list[list[Text]]) -> list[Text]:
        """Each line of the parts side by side: the text and spans that ``Text.append_text``
        of each padded piece would give, assembled at once (a Text per piece costs 10x)."""
        height = max(len(p) for p in parts)
        out = []
        last = len(parts) - 1
        for n in range(height):
            pieces = [" "]
            marks: list[RichSpan] = []
            at = 1
            for i, part in enumerate(parts):
                piece = part[n] if n < len(part) else _EMPTY
                text = piece.plain
                pad = " " * (widths[i] - cell_len(text))
                right = columns[i].numeric and not columns[i].gauge
                start = at + 1 + (len(pad) if right else 0)
                end = start + len(text)
                if piece.style:
                    marks.append(RichSpan(start, end, piece.style))
                marks.extend(RichSpan(start + a, start + b, style) for a, b, style in piece.spans)
                after = " " if i == last else "  "
                pieces += (" ", pad, text, after) if right else (" ", text, pad, after)
                at = end + len(pad if not right else "") + len(after)
            text = "".join(pieces).rstrip()
            end = len(text)  # and the spans cut there, as Text.rstrip() cuts them
            marks = [m if m.end <= end else m._replace(end=end) for m in marks if m.start < end]
            out.append(Text(text, spans=marks))
        return out

    heads = [_wrap(Text(heading(c)), w, console) for c, w in zip(columns, widths, strict=True)]
    for head in heads:  # headings sit on their last line, as in Rich
        head[:0] = [Text("")] * (max(len(h) for h in heads) - len(head))
    lines = line_up(heads)
    lines.append(Text(" " + "─" * (sum(widths) + 3 * len(widths) - 1)))
    for row, row_cells in zip(table_view.rows, cells, strict=True):
        if row.total:
            lines.append(Text(""))
        parts = [_wrap(c, w, console) for c, w in zip(row_cells, widths, strict=True)]
        row_lines = line_up(parts)
        if row.strong:
            for line in row_lines:
                line.stylize("bold")
        lines.extend(row_lines)
    return lines


def _stacked(table_view: View, cells: list[list[Text]], console: Console) -> list[Text]:
    """Each row as a block, for a terminal too narrow for the grid: its first cell (and, after
    an id, the text beside it) on the first line, then ``Heading: value`` pairs, the short
    ones side by side, the text ones each on its own wrapped lines (as plain.stacked)."""
    width = console.width
    columns = table_view.columns
    lines: list[Text] = []
    lead = 2 if len(columns) > 1 and columns[0].key and columns[1].share else 1
    for row_cells in cells:
        if lines:
            lines.append(Text(""))
        head = Text("  ").join(c for c in row_cells[:lead] if c.plain)
        first, *rest = _wrap(head, width, console)
        lines.append(first)
        if rest:  # the head's wrapped lines, indented (none: no blank indented line)
            lines.extend(
                Text("    ") + part for part in _wrap(Text("\n").join(rest), width - 4, console)
            )
        pairs: list[Text] = []
        texts: list[Text] = []
        for column, cell in zip(columns[lead:], row_cells[lead:], strict=True):
            if not cell.plain.strip():
                continue
            pair = Text(" ".join(heading(column).split()) + ": ", style="dim")
            if "\n" in cell.plain and not column.wrap:  # each line under the first
                cell = Text("\n" + " " * pair.cell_len).join(cell.split("\n", allow_blank=True))
            pair.append_text(cell)
            if "\n" in cell.plain or (column.wrap and column.share):
                texts.extend(Text("    ") + part for part in _wrap(pair, width - 4, console))
                continue
            pairs.append(pair)
        line = Text("    ")
        for pair in pairs:
            if line.plain.strip() and line.cell_len + 3 + pair.cell_len > width:
                lines.append(line)
                line = Text("    ")
            if line.plain.strip():
                line.append(" · ")
            line.append_text(pair)
        if line.plain.strip():
            lines.append(line)
        lines.extend(texts)
    return lines


def table_lines(table_view: View, console: Console) -> list[Text]:
    """The lines of the view at the console's width: a grid when its figures fit whole, else
    one block per row (fit.py decides)."""
    width = console.width
    title = Text("".join(plain(span.text) for span in table_view.title))
    lines = _wrap(title, width, console) if title.plain else []
    if not table_view.columns:
        return [*lines, *_wrap(Text(table_view.empty), width, console)]
    columns = table_view.columns
    cells = [
        [_cell(c, col) for c, col in zip(row.cells, columns, strict=True)]
        for row in table_view.rows
    ]
    widths = fit.column_widths(
        [heading(c) for c in columns],
        [[c.plain for c in row] for row in cells],
        [c.wrap for c in columns],
        [c.share for c in columns],
        width,
    )
    if lines:
        lines.append(Text(""))
    if not table_view.rows and table_view.empty:
        lines.extend(
            Text("  ") + part for part in _wrap(Text(table_view.empty), width - 2, console)
        )
    elif widths is None:
        lines.extend(_stacked(table_view, cells, console))
    else:
        lines.extend(_grid(table_view, cells, widths, console))
    lines.append(Text(""))
    if table_view.caption:
        lines.extend(_wrap(Text(table_view.caption), width, console))
    return lines


def draw(views: list[View | None], console: Console) -> str:
    """What the terminal ``console`` prints for these views, its styles included."""
    lines = [
        line
        for table_view in views
        if table_view is not None
        for line in table_lines(table_view, console)
    ]
    if not lines:
        return ""
    with console.capture() as captured:  # one print: its cost per call is far above per line
        console.print(Text("\n").join(lines), overflow="ignore", crop=False, no_wrap=True)
    return captured.get()
