"""Numbers and dates in the reader's language (render/common.py Numbers, through Babel)."""

from __future__ import annotations

import datetime as dt

import pytest
from babel.numbers import get_group_symbol
from hypothesis import given, settings
from hypothesis import strategies as st

from jap_tracker.render import common
from jap_tracker.render.common import Numbers

DAY = dt.date(2026, 11, 23)


@pytest.mark.parametrize(
    "lang,percent,date",
    [
        ("en", "44.0%", "2026-11-23"),  # English: ISO dates, as the JSON has them
        ("fr", "44,0\u00a0%", "23 nov. 2026"),  # the locale's own non-breaking space
        ("ru", "44,0\u00a0%", "23 нояб. 2026\u202fг."),
    ],
)
def test_percent_and_date(lang: str, percent: str, date: str) -> None:
    numbers = Numbers(lang)
    assert numbers.percent(0.44) == percent
    assert numbers.date(DAY) == date
    assert numbers.percent(None) == "—"
    assert numbers.date(None, "") == ""


def test_one_decimal_and_grouping() -> None:
    assert Numbers("en").percent(0.2345) == "23.4%"  # 23.45 rounds half to even
    assert Numbers("fr").percent(1) == "100,0\u00a0%"
    assert Numbers("fr").number(1234.5) == f"1{get_group_symbol('fr')}234,5"
    assert Numbers("en").number(1234.5) == "1,234.5"


# English is formatted without Babel (render/common.py ``_english``): the same text as Babel's.
finite = st.floats(min_value=-1e14, max_value=1e14, allow_nan=False)


@settings(max_examples=400, deadline=None)
@given(st.one_of(finite, st.integers(-(10**9), 10**9), st.sampled_from([0.00125, 0.00135, -0.0])))
def test_english_numbers_are_babels(value: float) -> None:
    from babel.numbers import format_decimal, format_percent

    numbers = Numbers("en")
    assert numbers.number(value) == format_decimal(value, format="#,##0.##", locale="en")
    assert common._english(value, 2, 1, 1) + "%" == format_percent(
        value, format=common._percent_pattern("en"), locale="en"
    )


@settings(max_examples=400, deadline=None)
@given(st.floats(0, 1), st.floats(-0.01, 0.01))
def test_english_points_are_babels(before: float, move: float) -> None:
    from babel.numbers import format_decimal

    after = before + move
    delta = round((after - before) * 100, 1)
    pattern = "+#,##0.0;-#,##0.0" if delta else "0.0"
    expected = format_decimal(delta if delta else 0, format=pattern, locale="en")
    assert Numbers("en").points(before, after) == expected


def test_english_by_hand() -> None:
    numbers = Numbers("en")
    assert numbers.percent(0.00125) == "0.1%"  # 0.125 (the double's shortest text): to even
    assert numbers.percent(0.00175) == "0.2%"  # 0.175: to even, up
    assert numbers.percent(0.00135) == "0.1%"  # 0.135 rounds down
    assert numbers.number(-1234567.125) == "-1,234,567.12"
    assert numbers.number(2.0) == "2"
    assert numbers.points(0.1, 0.225) == "+12.5"
    assert numbers.points(0.5, 0.4996) == "0.0"  # -0.04 rounds to -0.0: no move
    assert numbers.points(0.5, 0.25) == "-25.0"


@pytest.mark.parametrize("lang", ["en", "fr", "ru"])
def test_a_percent_of_minus_zero_is_not_the_cached_text_of_zero(lang):
    """-0.0 == 0.0 (and hash alike): the percent cache keys on the sign too, so each gets its
    own text whichever is formatted first."""
    from babel.numbers import format_percent

    from jap_tracker.render.common import Numbers, _percent_pattern

    numbers = Numbers(lang)
    for value in (0.0, -0.0):
        expected = format_percent(value, format=_percent_pattern(lang), locale=lang)
        assert numbers.percent(value) == expected, (lang, value)


# The status table's Trend heading: English months without Babel (i18n.english_months).
@settings(max_examples=400, deadline=None)
@given(st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31)), st.integers(0, 800))
def test_english_months_are_babels(first: dt.date, days: int) -> None:
    from babel.dates import format_interval

    last = first + dt.timedelta(days=days)
    expected = format_interval(first, last, "MMM", locale="en")
    assert Numbers("en").months(first, last) == expected


def test_english_months_by_hand() -> None:
    months = Numbers("en").months
    assert months(dt.date(2026, 6, 1), dt.date(2026, 11, 30)) == "Jun\u2009–\u2009Nov"
    assert months(dt.date(2025, 12, 1), dt.date(2026, 5, 31)) == "Dec\u2009–\u2009May"
    assert months(dt.date(2026, 6, 1), dt.date(2026, 6, 30)) == "Jun"
    assert months(dt.date(2024, 6, 1), dt.date(2026, 6, 30)) == "Jun"  # Babel: the month alone
    assert Numbers("fr").months(dt.date(2026, 6, 1), dt.date(2026, 11, 30)) == "juin–nov."
