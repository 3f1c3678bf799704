"""Terminal tables fit the terminal and cut nothing (spec section 5): every command on the
shipped plans at 80, 100 and 200 columns in en, fr and ru has no line wider than the width, no
"…", and every figure, id and date of the widest rendering appears whole at each width."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jap_tracker.i18n import pillar_name
from jap_tracker.render import fit

PLANS = Path(__file__).parent.parent / "plans"
COMMANDS = {
    "status": ("status",),
    "by-country": ("status", "--by", "country"),
    "by-lead": ("status", "--by", "lead"),
    "report": ("report",),
    "trend": ("trend",),
    "changes": ("changes", "--since", "2022-01-01"),
    "history": ("history", "JPOA-2011-01"),
}
# a figure (12.5%, 42,1 %, +11.6 pp), an id (JPOA-2011-01), a date (2026-11-30), a numeral
TOKEN = re.compile(r"\b[A-Z]+(?:-[A-Z0-9]+)+\b|\d{4}-\d{2}-\d{2}|[+-]?\d+[.,]\d\s?(?:%|pp|п\.п\.)")


def tokens(text: str) -> set[str]:
    return {t.strip() for t in TOKEN.findall(text)}


def words(text: str) -> set[str]:
    return {w.strip(":·") for line in text.splitlines() for w in line.split()}


@pytest.mark.parametrize("lang", ["en", "fr", "ru"])
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_table_fits_and_cuts_nothing(jap, command, lang):
    args = (*COMMANDS[command], "--plans", PLANS, "--as-of", "2026-11-30", "--lang", lang)
    wide = jap(*args, env={"COLUMNS": "200", "JAP_TODAY": "2026-11-30"})
    assert wide.returncode == 0, wide.stderr
    for width in (80, 100, 200):
        ran = jap(*args, env={"COLUMNS": str(width), "JAP_TODAY": "2026-11-30"})
        assert ran.returncode == 0, ran.stderr
        lines = ran.stdout.splitlines()
        assert max(fit.cell_len(line) for line in lines) <= width, (command, width)
        assert "…" not in ran.stdout
        for token in tokens(wide.stdout):  # each figure of the widest table, whole
            assert token in ran.stdout, (token, width)


@pytest.mark.parametrize("lang", ["en", "fr", "ru"])
@pytest.mark.parametrize("by", ["pillar", "country", "lead"])
def test_pillar_names_wrap_between_words_at_80_columns(jap, lang, by):
    """A word of at most fit.WHOLE characters wraps whole: the Russian pillar names were
    broken as "распространени / ю" at 80 columns."""
    args = ("status", "--by", by, "--plans", PLANS, "--lang", lang, "--as-of", "2026-11-30")
    ran, wide = jap(*args, env={"COLUMNS": "80"}), jap(*args, env={"COLUMNS": "200"})
    names = " ".join(pillar_name(p, lang) for p in ("I", "II", "III", "IV"))
    if by == "pillar":
        assert set(names.split()) <= words(ran.stdout)
    whole = {w.strip(",.;") for w in names.split()}
    seen = whole | words(wide.stdout)
    pieces = [w for w in words(ran.stdout) if len(w) >= 4 and w.isalpha() and w not in seen]
    assert not [p for p in pieces if any(len(p) < len(w) and p in w for w in whole)]


def test_a_word_folds_only_when_longer_than_whole():
    # a 15-letter word needs its 15 columns (+ 4 of margins), else no grid (the rows stack);
    # a 40-character address folds at FOLD
    assert fit.column_widths(["T"], [["распространению x"]], [True], [1], 19) == [15]
    assert fit.column_widths(["T"], [["распространению x"]], [True], [1], 18) is None
    assert fit.column_widths(["T"], [["a " + "x" * 40]], [True], [1], 22) == [18]


def test_russian_status_words_stay_whole(jap):
    ran = jap(
        "status", "--plans", PLANS, "--lang", "ru", "--as-of", "2026-11-30", env={"COLUMNS": "80"}
    )
    assert {"Выполняется", "Выполнено"} <= words(ran.stdout)


def test_piped_tables_are_80_columns_wide(jap):
    ran = jap("report", "--plans", PLANS, "--as-of", "2026-11-30", env={"COLUMNS": None})
    assert max(fit.cell_len(line) for line in ran.stdout.splitlines()) <= 80


def test_a_column_that_does_not_wrap_keeps_its_widest_cell():
    # 80 - 3*2 - 1 = 73 columns of cells: the id keeps its 12, the text gets the rest it needs
    widths = fit.column_widths(
        ["ID", "Title"], [["JPOA-2011-01", "a b " * 30]], [False, True], [None, 1], 80
    )
    assert widths == [12, 61]


def test_no_grid_when_the_figures_alone_are_too_wide():
    assert (
        fit.column_widths(["A", "B"], [["x" * 40, "y" * 40]], [False, False], [None, None], 80)
        is None
    )


def test_wide_characters_count_twice():
    assert fit.cell_len("日本") == 4
    assert fit.cell_len("Выполнено") == 9
