"""How a table fits a terminal of a given width: the width of each column, decided once from
the text of its cells, so that no figure, id, date or pillar numeral is ever cut. Columns that
do not wrap (figures, ids, dates) get the width of their widest cell; text columns share what is
left and wrap between words (only a word longer than WHOLE folds); headings wrap between words.
When even that does not fit, there is no grid: the caller stacks each row (``None``). Pure:
strings in, widths out.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Sequence, Set

# A text column is as wide as its longest word when that word has at most WHOLE characters (so
# that words are never broken: Russian ones run to 15 and more); a longer one (an address, a
# path) folds, and then the column is never narrower than FOLD.
WHOLE = 20
FOLD = 14


def cell_len(text: str) -> int:
    """Columns that ``text`` (one line) takes on a terminal: wide East Asian characters count
    two, combining marks none."""
    if text.isascii():
        return len(text)
    return sum(map(_char_len, text))


@functools.cache
def _char_len(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def widest_line(text: str) -> int:
    if "\n" not in text:
        return cell_len(text)
    return max(map(cell_len, text.split("\n")))


def longest_word(text: str) -> int:
    return max((cell_len(word) for word in text.split()), default=0)


def overhead(columns: int) -> int:
    """The columns a grid spends outside its cells: a margin and padding around each cell."""
    return 3 * columns + 1


def column_widths(
    headings: Sequence[str],
    cells: Sequence[Sequence[str]],
    wraps: Sequence[bool],
    shares: Sequence[int | None],
    width: int,
) -> list[int] | None:
    """``fit_columns`` of rows of plain cell text (a cell may have several lines)."""
    if not cells:
        return fit_columns(headings, [set()] * len(headings), wraps, shares, width)
    columns = [set(column) for column in zip(*cells, strict=True)]
    return fit_columns(headings, columns, wraps, shares, width)


def fit_columns(
    headings: Sequence[str],
    columns: Sequence[Set[str]],
    wraps: Sequence[bool],
    shares: Sequence[int | None],
    width: int,
) -> list[int] | None:
    """The width of each column of a grid ``width`` columns wide, or None when the columns that
    may not wrap (with their headings' longest words) leave no room for the others.
    ``columns``: the texts of each column's cells, each once."""
    count = len(headings)
    need, least = [], []
    for i in range(count):
        column = columns[i]
        widest = max(map(widest_line, column), default=0)
        head_word = longest_word(headings[i])
        if wraps[i]:
            word = max(map(cell_len, set(" ".join(column).split())), default=0)
            full = max(widest, widest_line(headings[i]))
            need.append(full)
            least.append(min(full, max(head_word, word if word <= WHOLE else FOLD)))
        else:
            need.append(max(widest, head_word))
            least.append(max(widest, head_word))
    room = width - overhead(count) - sum(least)
    if room < 0:
        return None
    widths = list(least)
    growing = [i for i in range(count) if wraps[i] and widths[i] < need[i]]
    while room > 0 and growing:  # the text columns, each in proportion to its share
        i = min(growing, key=lambda k: (widths[k] - least[k]) / (shares[k] or 1))
        widths[i] += 1
        room -= 1
        growing = [k for k in growing if widths[k] < need[k]]
    for i in range(count):  # then headings on one line where there is room
        grow = min(room, max(0, widest_line(headings[i]) - widths[i]))
        widths[i] += grow
        room -= grow
    return widths
