"""Numbers and dates in the reader's language (render/common.py Numbers, through Babel)."""

from __future__ import annotations

import datetime as dt

import pytest
from babel.numbers import get_group_symbol

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
