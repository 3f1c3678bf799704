"""Sections 11-14 wired through jap: knowledge time (--known-at, changes --recorded), plans
over time, ratings, forecasts and leads, on one small workspace whose figures are worked by hand.

The workspace, as of 2024-07-01 (t):
- OLD (2020-01-01 to 2022-12-31): closed. O-1 (lead B) due 2022-06-30, never updated: e = 1,
  c = 0, off track; not overdue (its plan is closed).
- NEW (2024-01-01 to 2025-12-31): active. N-1 (lead A, weight 2) due 2024-12-31: e = 182/365;
  N-2 (leads A and B) has its own start 2024-04-01, due 2024-09-30: e = 91/182 = 0.5.
- LATE (from 2025-01-01): upcoming; L-1 counts nowhere.
The journal: u1 (N-1 at 40 %, recorded 2024-07-01), u2 (N-2 at 60 %, recorded 2024-07-10),
x1 (retracts u2, recorded 2024-07-20).
"""

from __future__ import annotations

import json

import pytest

OLD = """
[plan]
id = "OLD"
title = "Old"
start = 2020-01-01
end = 2022-12-31

[[item]]
id = "O-1"
title = "Old one"
pillar = "I"
due = 2022-06-30
lead = ["B"]
"""
NEW = """
[plan]
id = "NEW"
title = "New"
start = 2024-01-01
end = 2025-12-31

[[item]]
id = "N-1"
title = "New one"
pillar = "II"
due = 2024-12-31
weight = 2
lead = ["A"]

[[item]]
id = "N-2"
title = "New two"
pillar = "II"
start = 2024-04-01
due = 2024-09-30
lead = ["A", "B"]
"""
LATE = """
[plan]
id = "LATE"
title = "Late"
start = 2025-01-01

[[item]]
id = "L-1"
title = "Late one"
pillar = "III"
due = 2025-06-30
lead = ["C"]
"""
JOURNAL = (
    'u20240701T100000000000-aaaaaaaa = { item = "N-1", date = 2024-06-30, progress = 40.0, '
    'by = "Ana", recorded = 2024-07-01T10:00:00Z }\n'
    'u20240710T100000000000-bbbbbbbb = { item = "N-2", date = 2024-06-30, progress = 60.0, '
    'by = "Ana", recorded = 2024-07-10T10:00:00Z }\n'
    'x20240720T100000000000-cccccccc = { retracts = "u20240710T100000000000-bbbbbbbb", '
    'by = "Ana", note = "wrong item", recorded = 2024-07-20T10:00:00Z }\n'
)
TODAY = {"JAP_TODAY": "2024-08-01"}
E1 = 182 / 365  # N-1's expected completion as of 2024-07-01


@pytest.fixture
def folder(write_plans):
    folder = write_plans(old=OLD, new=NEW, late=LATE)
    (folder / "journal").mkdir()
    (folder / "journal" / "2024-07.toml").write_text(JOURNAL, "utf-8")
    return folder


def run_json(jap, folder, *args, env=None):
    ran = jap(*args, "--plans", folder, "--format", "json", env={**TODAY, **(env or {})})
    assert ran.returncode == 0, ran.stderr
    return json.loads(ran.stdout)


def test_status_as_known_at_a_date_with_lifecycle_ratings_and_forecasts(jap, folder):
    got = run_json(jap, folder, "status", "--as-of", "2024-07-01", "--known-at", "2024-07-15")
    overall = got["overall"]
    # O-1 (w 1, c 0), N-1 (w 2, c 0.4), N-2 (w 1, c 0.6): (0 + 0.8 + 0.6) / 4; L-1 left out
    assert overall["items"] == 3 and overall["completion"] == pytest.approx(0.35)
    assert overall["overdue"] == 0  # O-1 is past due, but its plan is closed
    # E = (1 + 2 × 182/365 + 0.5) / 4; A = 0.35 ≥ 0.5 × E = 0.312, < 0.95 × E: at risk
    assert overall["expected"] == pytest.approx((1.5 + 2 * E1) / 4)
    assert overall["rating"] == "at_risk"
    plans = {p["id"]: p for p in got["plans"]}
    assert (plans["OLD"]["state"], plans["OLD"]["items"]) == ("closed", 1)
    assert plans["OLD"]["rating"] == "off_track" and plans["OLD"]["forecast"] is None
    assert (plans["LATE"]["state"], plans["LATE"]["items"]) == ("upcoming", 0)
    assert plans["LATE"]["completion"] is None and plans["LATE"]["rating"] is None
    assert plans["NEW"]["state"] == "active"
    # NEW: c = 1.4 / 3; 182 / c = 390 days after 2024-01-01
    assert plans["NEW"]["forecast"] == "2025-01-25"
    # E = (2 × 182/365 + 0.5) / 3 ≈ 0.4989; A ≈ 0.4667 ≥ 0.95 × E ≈ 0.474? no: at risk
    assert plans["NEW"]["rating"] == "at_risk"
    leads = {lead["id"]: lead for lead in got["leads"]}
    assert list(leads) == ["A", "B"]  # C leads only an upcoming item
    assert leads["A"]["items"] == 2 and leads["A"]["completion"] == pytest.approx(1.4 / 3)
    # B: O-1 (c 0, e 1) and N-2 (c 0.6, e 0.5): A = 0.3, E = 0.75; 0.3 < 0.375: off track
    assert leads["B"]["expected"] == pytest.approx(0.75) and leads["B"]["rating"] == "off_track"


@pytest.mark.parametrize(
    ("known_at", "completion"),
    [
        ("2024-06-30", 0.0),  # nothing recorded yet
        ("2024-07-01", 0.2),  # u1: 0.8 / 4
        ("2024-07-15", 0.35),  # u1 and u2
        ("2024-07-20", 0.2),  # u2 retracted
        (None, 0.2),  # every record
    ],
)
def test_known_at_counts_records_and_retractions_by_when_recorded(
    jap, folder, known_at, completion
):
    extra = ("--known-at", known_at) if known_at else ()
    got = run_json(jap, folder, "status", "--as-of", "2024-07-01", *extra)
    assert got["overall"]["completion"] == pytest.approx(completion)


def test_known_at_after_today_is_a_usage_error(jap, folder):
    for command in ("status", "report", "trend", "history"):
        args = (command, "N-1") if command == "history" else (command,)
        ran = jap(*args, "--plans", folder, "--known-at", "2024-08-02", env=TODAY)
        assert ran.returncode == 2 and "--known-at" in ran.stderr, command


def test_status_agrees_with_and_without_the_cache_for_every_known_at(jap, folder):
    for day in range(25, 32):
        for known in (f"2024-06-{day:02d}" if day < 31 else "2024-07-01", f"2024-07-{day - 9:02d}"):
            args = ("status", "--as-of", "2024-07-31", "--known-at", known)
            cached = run_json(jap, folder, *args)
            fresh = run_json(jap, folder, *args, env={"JAP_NO_CACHE": "1"})
            assert cached == fresh, known
    # and the kept figures of every record are untouched by them
    assert run_json(jap, folder, "status", "--as-of", "2024-07-31") == run_json(
        jap, folder, "status", "--as-of", "2024-07-31", env={"JAP_NO_CACHE": "1"}
    )


def test_changes_recorded_compares_two_states_of_knowledge(jap, folder):
    got = run_json(
        jap, folder, "changes", "--since", "2024-07-05", "--until", "2024-07-15", "--recorded"
    )
    # u2 (dated 2024-06-30, before --since) was recorded after it: it is new knowledge
    assert [(u["item"], u["record"]) for u in got["updates"]] == [
        ("N-2", "u20240710T100000000000-bbbbbbbb")
    ]
    assert got["updates"][0]["recorded"] == "2024-07-10T10:00:00Z"
    assert got["retractions"] == []
    assert got["overall"] == {"from": pytest.approx(0.2), "to": pytest.approx(0.35)}
    later = run_json(
        jap, folder, "changes", "--since", "2024-07-15", "--until", "2024-07-25", "--recorded"
    )
    assert later["updates"] == []
    assert later["retractions"] == [
        {
            "record": "x20240720T100000000000-cccccccc",
            "retracts": "u20240710T100000000000-bbbbbbbb",
            "item": "N-2",
            "by": "Ana",
            "note": "wrong item",
            "recorded": "2024-07-20T10:00:00Z",
        }
    ]
    assert later["overall"] == {"from": pytest.approx(0.35), "to": pytest.approx(0.2)}
    # by the dates of progress alone, nothing happened after 2024-07-05
    plain = run_json(jap, folder, "changes", "--since", "2024-07-05", "--until", "2024-07-15")
    assert plain["updates"] == [] and "retractions" not in plain


def test_history_as_known_at_a_date(jap, folder):
    got = run_json(jap, folder, "history", "N-2", "--known-at", "2024-07-15")
    (entry,) = got["updates"]
    assert entry["record"] == "u20240710T100000000000-bbbbbbbb" and "retracted" not in entry
    assert run_json(jap, folder, "history", "N-2")["updates"][0]["retracted"]["by"] == "Ana"
    assert run_json(jap, folder, "history", "N-2", "--known-at", "2024-07-01")["updates"] == []


def test_report_items_ratings_forecasts_and_filters(jap, folder):
    base = ("report", "--as-of", "2024-07-01", "--known-at", "2024-07-15")
    got = run_json(jap, folder, *base)
    items = {i["id"]: i for i in got["items"]}
    assert list(items) == ["N-1", "N-2", "O-1"]  # L-1's plan has not begun (files by name)
    # N-1: c 0.4 against e 182/365: 0.4 < 0.474, ≥ 0.249: at risk; 182 / 0.4 = 455 days
    assert items["N-1"]["expected"] == pytest.approx(E1)
    assert (items["N-1"]["rating"], items["N-1"]["forecast"]) == ("at_risk", "2025-03-31")
    # N-2 from its own start: 0.6 ≥ 0.95 × 0.5; 91 / 0.6 = 151.67 -> 152 days after 2024-04-01
    assert (items["N-2"]["rating"], items["N-2"]["forecast"]) == ("on_track", "2024-08-31")
    assert items["O-1"]["overdue"] is False and items["O-1"]["forecast"] is None

    def ids(*args):
        return [i["id"] for i in run_json(jap, folder, *base, *args)["items"]]

    assert ids("--rating", "on_track", "--rating", "off_track") == ["N-2", "O-1"]
    assert ids("--lead", "B") == ["N-2", "O-1"]
    assert ids("--lead", "nobody") == []
    # due from 2024-07-01 to 91 days after it, not finished: N-2 (2024-09-30, day 91) only
    assert ids("--due-within", "91") == ["N-2"]
    assert ids("--due-within", "90") == []


# ---- the moment a record becomes known --------------------------------------------------------


def test_a_record_is_known_from_the_end_of_its_utc_day_whatever_its_offset():
    import datetime as dt

    from jap_tracker.model import known

    plus5 = dt.timezone(dt.timedelta(hours=5))  # Tashkent
    # 2024-07-01 02:00 in Tashkent is 2024-06-30 21:00 UTC: known at the end of June 30
    early = dt.datetime(2024, 7, 1, 2, 0, tzinfo=plus5)
    assert known(early, dt.date(2024, 6, 30))
    # 2024-07-01 05:00 in Tashkent is midnight UTC: July 1 already
    midnight = dt.datetime(2024, 7, 1, 5, 0, tzinfo=plus5)
    assert not known(midnight, dt.date(2024, 6, 30))
    assert known(midnight, dt.date(2024, 7, 1))
    assert known(midnight, None)


def test_known_is_the_utc_date_on_or_before_the_day():
    import datetime as dt

    from hypothesis import given
    from hypothesis import strategies as st

    from jap_tracker.model import known

    moments = st.datetimes(
        min_value=dt.datetime(2000, 1, 2), max_value=dt.datetime(9999, 12, 30)
    ).flatmap(
        lambda naive: st.integers(-14 * 60, 14 * 60).map(
            lambda minutes: naive.replace(tzinfo=dt.timezone(dt.timedelta(minutes=minutes)))
        )
    )

    @given(moments, st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date.max))
    def check(recorded: dt.datetime, day: dt.date) -> None:
        assert known(recorded, day) == (recorded.astimezone(dt.UTC).date() <= day)

    check()
