"""The Trend column of `jap status`: each course scaled to its own range, headed by the months
of its window, with the move over the window in points beside it (issue 12, point 4)."""

from __future__ import annotations

import datetime as dt

import pytest

from jap_tracker.render.common import Numbers, sparkline
from jap_tracker.render.labels import Labels, points_text
from jap_tracker.timeline import status_courses

PLAN = """
[plan]
id = "P"
title = "Plan P"

[[item]]
id = "P-1"
title = "Rises"
pillar = "I"

[[item]]
id = "P-2"
title = "Stays"
pillar = "II"
"""
TODAY = {"JAP_TODAY": "2026-11-30"}


def test_a_rising_course_spans_the_whole_scale():
    # 10% -> 30% by steps of 5: (v - .1) / .2 * 7 = 0, 1.75, 3.5, 5.25, 7 -> ▁ ▃ ▅ ▆ █
    assert sparkline([0.1, 0.15, 0.2, 0.25, 0.3]) == "▁▃▅▆█"
    assert sparkline([0.3, 0.1]) == "█▁"


def test_a_flat_course_stays_low_and_a_small_move_stays_small():
    assert sparkline([0.4, 0.4, 0.4]) == "▁▁▁"
    # a move of 1 point on the least span of 5: 1/5 * 7 = 1.4 -> ▂, not the whole scale
    assert sparkline([0.40, 0.41]) == "▁▂"
    assert sparkline([None, 0.2, None]) == " ▁ "
    assert sparkline([]) == ""


@pytest.mark.parametrize(
    ("lang", "before", "after", "text"),
    [
        ("en", 0.1, 0.3, "+20.0 pts"),
        ("en", 0.3, 0.1, "-20.0 pts"),
        ("en", 0.421, 0.421, "0.0 pts"),
        ("en", 0.5, 0.5004, "0.0 pts"),  # 0.04 points round to nothing: no sign
        ("en", 0.0, 0.116, "+11.6 pts"),
        ("fr", 0.1, 0.3, "+20,0 pts"),
        ("ru", 0.1, 0.3, "+20,0 п. п."),
        ("en", None, 0.3, ""),
    ],
)
def test_the_move_in_points_is_signed_to_one_decimal(lang, before, after, text):
    assert points_text(Labels(lang), before, after) == text


def test_the_window_is_named_by_its_months_in_each_language():
    first, last = dt.date(2026, 6, 1), dt.date(2026, 11, 30)
    assert Numbers("en").months(first, last) == "Jun\u2009–\u2009Nov"
    assert Numbers("fr").months(first, last) == "juin–nov."
    assert Numbers("ru").months(first, last) == "июнь\xa0— нояб."


def test_the_courses_begin_on_the_eve_of_the_window():
    from jap_tracker.model import Workspace

    courses = status_courses(Workspace(plans=[], items=[]), [], dt.date(2026, 11, 15))
    assert courses.days == [
        dt.date(2026, 5, 31),
        dt.date(2026, 6, 30),
        dt.date(2026, 7, 31),
        dt.date(2026, 8, 31),
        dt.date(2026, 9, 30),
        dt.date(2026, 10, 31),
        dt.date(2026, 11, 15),
    ]


@pytest.fixture
def status(jap, write_plans):
    """`jap status` on PLAN with P-1 going 10% -> 30% and P-2 staying at 50% over the window."""
    folder = write_plans(p=PLAN)
    for update in (
        ("P-1", "--progress", "10", "--date", "2026-01-10"),  # before the window
        ("P-1", "--progress", "15", "--date", "2026-07-15"),
        ("P-1", "--progress", "30", "--date", "2026-10-01"),
        ("P-2", "--progress", "50", "--date", "2026-02-01"),
    ):
        assert jap("update", *update, "--plans", folder, env=TODAY).returncode == 0

    def run(*args: str) -> str:
        result = jap("status", "--plans", folder, *args, env={**TODAY, "COLUMNS": "80"})
        assert result.returncode == 0, result.stderr
        assert max(len(line) for line in result.stdout.splitlines()) <= 80
        return result.stdout

    return run


def test_status_shows_the_window_the_course_and_the_move(status):
    lines = status().splitlines()
    header = next(line for line in lines if "Pillar" in line and "Name" in line)
    assert header.rstrip().endswith("Trend Jun\u2009–\u2009Nov")
    row = {line.split()[0]: line for line in lines if line.endswith("pts")}
    # P-1 at the ends of May..Nov: 10 10 15 15 15 30 30 (%) -> (v - 10) / 20 * 7: 0 0 1.75 1.75
    # 1.75 7 7 -> ▁▁▃▃▃██; moved 10% -> 30%: +20.0 points
    assert row["I"].endswith("▁▁▃▃▃██ +20.0 pts")
    assert row["II"].endswith("▁▁▁▁▁▁▁   0.0 pts")  # right-aligned under +20.0
    # overall, (I + II) / 2: 30 30 32.5 32.5 32.5 40 40 -> (v - 30) / 10 * 7: 0 0 1.75 ... 7
    assert row["Overall"].endswith("▁▁▃▃▃██ +10.0 pts")


def test_status_trend_in_french_and_russian(status):
    out = status("--lang", "fr")  # the heading may wrap between its words
    assert "Tendance" in out and "juin–nov." in out and "▁▁▃▃▃██ +20,0 pts" in out
    out = status("--lang", "ru")
    assert "Динамика" in out and "нояб." in out and "▁▁▃▃▃██ +20,0 п. п." in out
