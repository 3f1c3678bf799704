"""The plain writer (render/plain.py: pipes and files) writes the very lines that the Rich drawer
(render/styled.py: terminals) lays out, for any view at any width: wide characters, words longer
than a column, empty cells, cells of several lines, grids and stacked rows."""

from __future__ import annotations

import io
import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text

from jap_tracker.cli.output import make_console
from jap_tracker.render import plain, styled, table
from jap_tracker.render.plain import Page
from jap_tracker.render.view import Column, Row, Span, View, own

MARKS = ["", "total", "strong", "overdue", "stale", "course", "extra", "struck", "retraction"]
MARKS += ["retraction-note", "forecast", "rating:at_risk", "status:done", "detail", "break"]
MARKS += ["link", "indicator"]
# letters, Cyrillic, wide (CJK, fullwidth), a combining accent, punctuation, spaces, a tab;
# an arrow and a middle dot (jap's own); a joiner and an emoji variation selector, which make
# a text's width other than the sum of its pieces' (the stacked layout measures such lines whole)
CHARS = st.sampled_from([*"ab ябв  漢字Ａ-/.,:→·☺", "\u0301", "\t", "\x1b", "\u200d", "\ufe0f"])
WORDS = st.one_of(
    st.text(CHARS, max_size=12),
    st.text(st.sampled_from("xyz漢"), min_size=15, max_size=40),  # longer than a column
)
SPANS = st.builds(Span, st.lists(WORDS, max_size=4).map(" ".join), st.sampled_from(MARKS))
CELLS = st.lists(SPANS, max_size=4).map(tuple)


def rich_text(views: list[View | None], width: int) -> str:
    """What the Rich drawer's lines hold, as text."""
    console = Console(file=io.StringIO(), width=width, force_terminal=False)
    return "".join(
        line.plain + "\n"
        for one in views
        if one is not None
        for line in styled.table_lines(one, console)
    )


@st.composite
def views(draw: st.DrawFn) -> View:
    columns = draw(
        st.lists(
            st.builds(
                Column,
                heading=st.lists(WORDS, max_size=3).map(" ".join),
                numeric=st.booleans(),
                key=st.booleans(),
                wrap=st.booleans(),
                share=st.sampled_from([None, 1, 3]),
                gauge=st.booleans(),
            ),
            max_size=5,
        )
    )

    def cell(column: Column) -> st.SearchStrategy[tuple[Span, ...]]:
        if column.gauge:
            value = st.one_of(st.none(), st.floats(0, 1))
            return st.tuples(st.builds(Span, st.sampled_from(["", "5.0%", "100.0%"]), value=value))
        return CELLS

    rows = draw(
        st.lists(
            st.builds(
                Row,
                st.tuples(*(cell(c) for c in columns)),
                total=st.booleans(),
                strong=st.booleans(),
            ),
            max_size=4,
        )
    )
    return View(
        title=draw(CELLS),
        columns=tuple(columns),
        rows=tuple(rows),
        empty=draw(st.sampled_from(["", "Nothing recorded in this period."])),
        caption=draw(st.sampled_from(["", "A caption long enough to wrap at forty columns."])),
    )


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.one_of(st.none(), views()), max_size=2), st.integers(1, 40) | st.integers(1, 140)
)
def test_plain_writer_writes_the_lines_rich_lays_out(some: list[View | None], width: int) -> None:
    assert plain.draw(some, width) == rich_text(some, width)


@settings(max_examples=300, deadline=None)
@given(st.text(CHARS.filter(str.isprintable) | st.just("\n"), max_size=60), st.integers(1, 30))
def test_wrap_is_richs(text: str, width: int) -> None:
    """On the text that reaches it (common.plain has made tabs spaces and escaped control
    characters; a break is a line of its own), ``wrap`` gives Rich's lines."""
    console = Console(file=io.StringIO(), width=width)
    assert plain.wrap(text, width) == [
        line.plain for line in styled._wrap(Text(text), width, console)
    ]


def test_a_pipe_gets_the_plain_writer_and_a_terminal_the_same_text_in_colour() -> None:
    one = View(
        title=(Span("Changes"),),
        columns=(Column("Item", key=True), Column("Done", numeric=True, wrap=False)),
        rows=(Row(((Span("A-1"), Span("Hold a meeting")), (Span("1", "status:done"),))),),
    )
    pipe = Console(file=io.StringIO(), width=30)
    colour = Console(file=io.StringIO(), width=30, force_terminal=True, color_system="standard")
    expected = (
        "Changes\n"
        "\n"
        "  Item" + " " * 17 + "Done\n"
        " " + "─" * 27 + "\n"
        "  A-1 Hold a meeting" + " " * 6 + "1\n"
        "\n"
    )
    assert table.draw([one], pipe) == expected
    drawn = table.draw([one], colour)
    assert "\x1b[32m1\x1b[0m" in drawn  # the done status in green, as Rich writes it
    assert re.sub(r"\x1b\[[0-9;]*m", "", drawn) == expected


@given(st.text())
def test_plain_keeps_printable_text_as_it_is(text: str) -> None:
    """``common.plain`` returns printable text untouched (its fast path) and changes what the
    full rule changes."""
    from jap_tracker.diagnostics import plain as plain_line
    from jap_tracker.diagnostics import printable

    assert plain_line(text) == printable(text.replace("\n", " ").replace("\t", " "))


@pytest.mark.parametrize("columns", [None, "", "120", "40", "0", "abc"])
@pytest.mark.parametrize(
    "more",
    [{}, {"FORCE_COLOR": "1"}, {"FORCE_COLOR": ""}, {"TTY_COMPATIBLE": "1"}, {"TERM": "dumb"}]
    + [{"LINES": "30", "TERM": "xterm"}, {"TTY_COMPATIBLE": "0", "FORCE_COLOR": "1"}],
)
def test_a_pipe_is_as_wide_and_as_plain_as_rich_says(
    monkeypatch: pytest.MonkeyPatch, columns: str | None, more: dict[str, str]
) -> None:
    """Standard output here is not a terminal: the console that the command line makes for it
    (a plain ``Page`` where nothing makes Rich think otherwise) has Rich's width and verdict."""
    for name in ("COLUMNS", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "LINES", "TERM"):
        monkeypatch.delenv(name, raising=False)
    if columns is not None:
        monkeypatch.setenv("COLUMNS", columns)
    for name, value in more.items():
        monkeypatch.setenv(name, value)
    made = make_console()
    rich = Console(width=None if columns else 80, file=sys.stdout)
    assert (made.width, made.is_terminal) == (rich.width, rich.is_terminal)
    plain_page = (columns is None or columns.isdigit()) and not more.keys() & {
        "FORCE_COLOR",
        "TTY_COMPATIBLE",
    }
    assert isinstance(made, Page) == plain_page


@pytest.mark.parametrize("width", range(14, 26))
def test_stacked_measures_a_line_with_a_joiner_whole(width: int) -> None:
    """The stacked layout adds up its pairs' widths, except on a line with a joiner, whose width
    is not that sum (a zero width joiner at the end of a pair takes the space after it): there
    it measures the line whole, as Rich does, and breaks the line where Rich breaks it."""
    one = View(
        title=(),
        columns=(Column("D"), Column("A"), Column("B"), Column("C")),
        rows=(Row(((Span("d"),), (Span("x\u200d"),), (Span("y"),), (Span("z"),))),),
    )
    cells = [["d", "x\u200d", "y", "z"]]
    console = Console(file=io.StringIO(), width=width)
    expected = [line.plain for line in styled._stacked(one, [[Text(c) for c in cells[0]]], console)]
    assert plain.stacked(one, width) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_width_of_is_richs_cell_length(text):
    """Each distinct character measured once (plain.width_of) adds up to Rich's width of the
    whole text, wide, zero-width and control characters, joiners and selectors included."""
    from rich.cells import cell_len

    assert plain.width_of(text) == cell_len(text)
    assert plain.width_of(text + "→ ▓ 中文") == cell_len(text + "→ ▓ 中文")


def test_printable_ascii_is_one_column_a_character_for_rich():
    from rich.cells import get_character_cell_size

    assert {get_character_cell_size(chr(c)) for c in range(0x20, 0x7F)} == {1}
    assert plain.width_of("Not started → Done") == 18 and plain.width_of("中文 → x") == 8


@pytest.mark.parametrize("width", [30, 40, 80])
def test_a_stacked_cell_of_whole_lines_keeps_them_under_each_other(width: int) -> None:
    """A move for each group of countries is one line each that never wraps: stacked, its
    lines stand one under the other after the heading, not at the left edge; Rich agrees."""
    one = View(
        title=(),
        columns=(Column("Date"), Column("Item"), Column("Progress", wrap=False), Column("By")),
        rows=(
            Row(
                (
                    (Span("2024-01-02"),),
                    (Span("D-124"),),
                    (own("KZ: 65.0% → 20.0%"), own("\n", "break"), own("KG, UZ: 100.0% → 20.0%")),
                    (Span("Timur"),),
                )
            ),
        ),
    )
    lines = plain.stacked(one, width)
    if width >= 40:  # (narrower, a line of them wraps as any does)
        assert "    Progress: KZ: 65.0% → 20.0%" in lines
        assert "              KG, UZ: 100.0% → 20.0%" in lines
    console = Console(file=io.StringIO(), width=width)
    cells = [[styled._cell(c, col) for c, col in zip(one.rows[0].cells, one.columns, strict=True)]]
    assert [line.plain for line in styled._stacked(one, cells, console)] == lines


@settings(max_examples=500, deadline=None)
@given(
    st.text(alphabet=st.sampled_from([" ", "a", "b", "-", ".", "\t", "é", "中", "\u200d"])),
    st.integers(1, 12),
)
def test_breaks_are_richs(line: str, width: int) -> None:
    """plain.breaks (its own steps for printable ASCII: spaces, short and long words, words
    longer than the width folded) gives the offsets of Rich's divide_line, for any line."""
    from rich._wrap import divide_line

    assert plain.breaks(line, width) == divide_line(line, width, fold=True)


def test_breaks_by_hand() -> None:
    # "Strengthen" / "the" / "coordination" / "of focal" / "points"
    assert plain.breaks("Strengthen the coordination of focal points", 12) == [11, 15, 28, 37]
    assert plain.breaks("abcdefghij", 4) == [4, 8]  # a word longer than the line, folded
    assert plain.breaks("ab abcdefghij", 4) == [3, 7, 11]
