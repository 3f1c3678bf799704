"""The answers over time that the cache keeps (cache/timelines.py: ``jap trend``, the HTML
report's chart, the status table's Trend column): the same answer as without the cache,
whatever changed, and read without the journal when nothing did."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jap_tracker import workspace as workspace_module
from jap_tracker.cache import store, timelines
from jap_tracker.model import PILLARS
from jap_tracker.periods import Period
from jap_tracker.progress import replay
from jap_tracker.timeline import Courses, Point, Scope, Trend, TrendPeriod
from jap_tracker.workspace import load_workspace

PLAN = """
[plan]
id = "A"
title = "Plan A"
countries = ["KZ", "UZ"]

[[item]]
id = "A-1"
title = "One"
pillar = "I"

[[item]]
id = "A-2"
title = "Two"
pillar = "II"
weight = 3
countries = []
"""
# 2024-01-10: A-2 at 40%; 2024-02-01: A-1 done for KZ only (its completion (1 + 0) / 2)
JOURNAL = (
    'u20240110T100000000000-00000001 = { item = "A-2", date = 2024-01-10, progress = 40.0, '
    'by = "t", recorded = 2024-01-10 10:00:00+00:00 }\n'
    'u20240201T100000000000-00000002 = { item = "A-1", date = 2024-02-01, status = "done", '
    'countries = ["KZ"], by = "t", recorded = 2024-02-01 10:00:00+00:00 }\n'
)
TODAY = {"JAP_TODAY": "2024-03-15"}
COMMANDS = [
    ("trend", "--format", "json"),
    ("trend", "--every", "quarter", "--format", "csv", "--pillar", "II"),
    ("trend", "--format", "json", "--country", "UZ", "--known-at", "2024-01-31"),
    ("status",),
    ("report", "--format", "html"),
]


@pytest.fixture
def folder(write_plans):
    where = write_plans(a=PLAN)
    (where / "journal").mkdir()
    (where / "journal" / "2024-02.toml").write_text(JOURNAL, encoding="utf-8")
    past = dt.datetime.now().timestamp() - 3600  # old files: no content hash kept for them
    for path in where.rglob("*.toml"):
        os.utime(path, (past, past))
    return where


def assert_as_without_cache(jap, folder):
    for command in COMMANDS:
        runs = [jap(*command, "--plans", folder, env=TODAY) for _ in range(2)]
        runs.append(jap(*command, "--plans", folder, env={**TODAY, "JAP_NO_CACHE": "1"}))
        (cached, again, uncached) = [(r.returncode, r.stdout, r.stderr) for r in runs]
        assert cached == uncached and again == uncached, command
        assert uncached[0] == 0, uncached[2]


def test_answers_over_time_are_those_without_the_cache(folder, jap):
    assert_as_without_cache(jap, folder)
    assert (store.cache_folder(folder) / "timelines.marshal").is_file()
    # by hand: on 2024-01-31 A-1 0 (weight 1), A-2 0.4 (weight 3): 1.2 / 4 = 30%;
    # on 2024-02-29 A-1 0.5: (0.5 + 1.2) / 4 = 42.5%
    rows = jap("trend", "--format", "csv", "--plans", folder, env=TODAY).stdout.splitlines()
    overall = [float(row.split(",")[3]) for row in rows[1:4]]
    assert overall == [pytest.approx(0.3), pytest.approx(0.425), pytest.approx(0.425)]


def test_an_update_is_seen_by_the_next_trend(folder, jap):
    assert_as_without_cache(jap, folder)
    result = jap("update", "A-1", "--progress", "80", "--date", "2024-03-01", "--plans", folder)
    assert result.returncode == 0, result.stderr
    assert_as_without_cache(jap, folder)


def test_a_journal_edit_of_the_same_size_and_time_is_seen(folder, jap):
    assert_as_without_cache(jap, folder)
    path = folder / "journal" / "2024-02.toml"
    before = path.stat()
    path.write_bytes(path.read_bytes().replace(b"progress = 40.0", b"progress = 90.0"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert_as_without_cache(jap, folder)


def test_a_kept_answer_is_read_without_the_journal(folder, monkeypatch):
    scope = Scope(("I",), (), None)
    first = load_workspace(folder, store.open_store(folder))
    expected = (
        first.trend("month", dt.date(2024, 3, 15), None, scope, None),
        first.report_trend(dt.date(2024, 3, 15), Scope(), None),
        first.status_courses(dt.date(2024, 3, 15), None),
    )

    def no_journal(self):
        raise AssertionError("the journal was read")

    monkeypatch.setattr(workspace_module.Workspace, "_load_journal", no_journal)
    again = load_workspace(folder, store.open_store(folder))
    assert again.trend("month", dt.date(2024, 3, 15), None, scope, None) == expected[0]
    assert again.report_trend(dt.date(2024, 3, 15), Scope(), None) == expected[1]
    assert again.status_courses(dt.date(2024, 3, 15), None) == expected[2]
    with pytest.raises(AssertionError, match="journal was read"):  # another question
        again.trend("year", dt.date(2024, 3, 15), None, scope, None)


def test_only_the_latest_answers_are_kept(folder):
    ws = load_workspace(folder, store.open_store(folder))
    ends = [dt.date(2024, 3, 1) + dt.timedelta(days=n) for n in range(timelines.KEPT + 3)]
    for end in ends:
        ws.trend("month", end, None, Scope(), None)
    kept = store.open_store(folder).answers()
    assert [question[2] for question, _ in kept] == [d.toordinal() for d in ends[3:]]


completions = st.none() | st.floats(min_value=0.0, max_value=1.0)
days = st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9998, 12, 31))


@given(
    st.lists(
        st.tuples(days, days, st.text(), completions, st.lists(completions, min_size=4, max_size=4))
    ),
    st.sampled_from(["month", "quarter", "year"]),
    st.tuples(
        st.lists(st.sampled_from(PILLARS)).map(tuple),
        st.lists(st.text()).map(tuple),
        st.none() | st.text(),
    ),
)
def test_a_trend_comes_back_as_it_was_kept(rows, every, scope):
    trend = Trend(
        every,
        Scope(*scope),
        [
            TrendPeriod(Period(a, b, c), Point(d, dict(zip(PILLARS, e, strict=True))))
            for a, b, c, d, e in rows
        ],
    )
    assert timelines.decode(timelines.encode(trend)) == trend


@given(
    st.lists(days), st.dictionaries(st.sampled_from([*PILLARS, "overall"]), st.lists(completions))
)
def test_courses_come_back_as_they_were_kept(when, values):
    courses = Courses(when, values)
    assert timelines.decode(timelines.encode(courses)) == courses
    assert timelines.decode(timelines.encode(None)) is None


def test_known_at_a_date_after_every_record_is_what_is_known_now(folder, jap):
    # every record of JOURNAL was recorded by 2024-02-01: known at 2024-02-01 and after, the
    # figures are the kept ones; known at 2024-01-31, the second record is not yet known
    ws = load_workspace(folder, store.open_store(folder))
    day = dt.date(2024, 3, 1)
    assert ws.figures(day, dt.date(2024, 2, 1)) is ws.figures(day)
    earlier = ws.figures(day, dt.date(2024, 1, 31))
    assert earlier["A-1"].status == "not_started" and ws.figures(day)["A-1"].status == "in_progress"
    assert earlier == replay(ws.items, ws.live_updates(dt.date(2024, 1, 31)), day)
    # the brief compares both states of knowledge as before
    result = jap(
        "brief",
        "--since",
        "2024-01-31",
        "--until",
        "2024-03-01",
        "-f",
        "json",
        "--plans",
        folder,
        env=TODAY,
    )
    uncached = jap(
        "brief",
        "--since",
        "2024-01-31",
        "--until",
        "2024-03-01",
        "-f",
        "json",
        "--plans",
        folder,
        env={**TODAY, "JAP_NO_CACHE": "1"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == uncached.stdout
