"""The pure timeline: calendar periods, forward replay, changes with before/after, history."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from jap_tracker.model import Indicator, Item, Retraction, Update, Workspace
from jap_tracker.periods import periods, recent_months
from jap_tracker.progress import Replayer, replay
from jap_tracker.render.common import sparkline
from jap_tracker.timeline import (
    Scope,
    build_changes,
    build_history,
    build_trend,
)

D = dt.date
T0 = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


def item(
    ident: str,
    pillar: str = "I",
    weight: float = 1.0,
    countries: tuple[str, ...] = (),
    indicators: tuple[Indicator, ...] = (),
    plan: str = "P",
) -> Item:
    return Item(
        ident,
        plan,
        {"en": ident},
        pillar,
        None,
        (),
        (),
        weight,
        (),
        None,
        indicators,
        countries,
        {},
        "en",
    )


def upd(n: int, ident: str, day: dt.date, **fields: object) -> Update:
    """Update number n (recorded in the order of n)."""
    return Update(f"u{n:03d}", ident, day, T0 + dt.timedelta(seconds=n), "ann", **fields)


# ---- periods -------------------------------------------------------------------------------


def test_months_begin_with_the_month_holding_since_and_end_at_until():
    got = periods("month", D(2024, 1, 15), D(2024, 3, 10))
    assert [(p.start, p.end, p.label) for p in got] == [
        (D(2024, 1, 1), D(2024, 1, 31), "2024-01"),
        (D(2024, 2, 1), D(2024, 2, 29), "2024-02"),  # a leap year
        (D(2024, 3, 1), D(2024, 3, 10), "2024-03"),  # cut at --until
    ]


def test_quarters_and_years_follow_the_calendar():
    got = periods("quarter", D(2023, 11, 30), D(2024, 4, 1))
    assert [(p.start, p.end, p.label) for p in got] == [
        (D(2023, 10, 1), D(2023, 12, 31), "2023-Q4"),
        (D(2024, 1, 1), D(2024, 3, 31), "2024-Q1"),
        (D(2024, 4, 1), D(2024, 4, 1), "2024-Q2"),
    ]
    years = periods("year", D(2022, 12, 31), D(2024, 12, 31))
    assert [(p.start, p.end) for p in years] == [
        (D(2022, 1, 1), D(2022, 12, 31)),
        (D(2023, 1, 1), D(2023, 12, 31)),
        (D(2024, 1, 1), D(2024, 12, 31)),
    ]


def test_one_day_gives_one_period():
    assert [(p.start, p.end) for p in periods("month", D(2024, 5, 1), D(2024, 5, 1))] == [
        (D(2024, 5, 1), D(2024, 5, 1))
    ]


def test_recent_months_are_six_month_ends_up_to_the_day():
    assert recent_months(D(2024, 3, 15)) == [
        D(2023, 10, 31),
        D(2023, 11, 30),
        D(2023, 12, 31),
        D(2024, 1, 31),
        D(2024, 2, 29),
        D(2024, 3, 15),
    ]


@given(
    st.dates(D(1990, 1, 1), D(2090, 1, 1)),
    st.integers(0, 2000),
    st.sampled_from(["month", "quarter", "year"]),
)
def test_periods_tile_the_days_without_gap_or_overlap(first, span, every):
    until = first + dt.timedelta(days=span)
    got = periods(every, first, until)
    assert got[0].start <= first <= got[0].end
    assert got[-1].end == until
    for a, b in zip(got, got[1:], strict=False):
        assert b.start == a.end + dt.timedelta(days=1)


# ---- trend ---------------------------------------------------------------------------------

ITEMS = (
    item("A", "I", 2.0),
    item("B", "II", countries=("KZ", "UZ")),
    item("C", "III", indicators=(Indicator("n", {"en": "n"}, None, 0.0, 100.0, None),)),
    item("D", "I"),
)
WS = Workspace((), ITEMS)


def test_trend_values_by_hand():
    updates = [
        upd(1, "A", D(2024, 1, 15), progress=20.0),
        upd(2, "B", D(2024, 2, 3), status="done", countries=("KZ",)),
        upd(3, "C", D(2024, 2, 29), indicators=(("n", 25.0),)),
        upd(4, "D", D(2024, 3, 1), status="cancelled"),
    ]
    trend = build_trend(WS, updates, "month", D(2024, 3, 10))
    got = [(tp.period.end, tp.point.overall, tp.point.pillars) for tp in trend.periods]
    # Jan: A 0.2 × 2 / (2 + 1 + 1 + 1) = 0.08
    assert got[0] == (D(2024, 1, 31), 0.4 / 5, {"I": 0.4 / 3, "II": 0.0, "III": 0.0, "IV": None})
    # Feb: A 0.4; B = mean(KZ 1, UZ 0) = 0.5; C 25/100; D 0 -> (0.4 + 0.5 + 0.25) / 5 = 0.23
    assert got[1][0] == D(2024, 2, 29)
    assert got[1][1] == (0.4 + 0.5 + 0.25) / 5
    # Mar (to the 10th): D cancelled leaves every figure -> (0.4 + 0.5 + 0.25) / 4; I: 0.4 / 2
    assert got[2] == (D(2024, 3, 10), 1.15 / 4, {"I": 0.2, "II": 0.5, "III": 0.25, "IV": None})


def test_trend_scope_is_that_of_the_report_filters():
    updates = [upd(1, "B", D(2024, 2, 3), status="done", countries=("KZ",))]
    kz = build_trend(WS, updates, "year", D(2024, 3, 1), scope=Scope(country="KZ"))
    # only B concerns KZ, and KZ's share of it is done
    assert kz.periods[0].point == (1.0, {"I": None, "II": 1.0, "III": None, "IV": None})
    first = build_trend(WS, updates, "year", D(2024, 3, 1), scope=Scope(pillars=("I",)))
    assert first.periods[0].point.overall == 0.0
    assert first.periods[0].point.pillars["II"] is None


def test_without_since_or_updates_the_trend_is_the_last_period_only():
    trend = build_trend(WS, [], "quarter", D(2024, 5, 20))
    assert [(tp.period.start, tp.period.end) for tp in trend.periods] == [
        (D(2024, 4, 1), D(2024, 5, 20))
    ]


updates_strategy = st.lists(
    st.builds(
        lambda n, ident, day, status, progress, value, countries: upd(
            n,
            ident,
            day,
            status=status,
            progress=progress,
            indicators=(("n", value),) if value is not None and ident == "C" else (),
            countries=countries if ident == "B" else None,
        ),
        st.integers(0, 10_000),
        st.sampled_from(["A", "B", "C", "D", "gone"]),
        st.dates(D(2024, 1, 1), D(2024, 12, 31)),
        st.none() | st.sampled_from(["not_started", "in_progress", "done", "blocked", "cancelled"]),
        st.none() | st.floats(0, 100),
        st.none() | st.floats(-50, 150),
        st.none() | st.sampled_from([("KZ",), ("UZ",), ("KZ", "UZ")]),
    ),
    max_size=25,
)


@settings(max_examples=150, deadline=None)
@given(updates_strategy, st.lists(st.dates(D(2023, 12, 1), D(2025, 1, 31)), max_size=6))
def test_forward_replay_equals_replay_from_scratch(updates, days):
    replayer = Replayer(ITEMS, updates)
    for day in sorted(days):
        assert replayer.figures_at(day) == replay(ITEMS, updates, day)


@settings(max_examples=100, deadline=None)
@given(updates_strategy)
def test_changes_chain_before_and_after(updates):
    """Each change's `from` is the previous change's `to` for the same item (and country)."""
    result = build_changes(WS, updates, D(2023, 12, 31), D(2024, 12, 31))
    last: dict[tuple[str, str | None], object] = {}
    for change in result.changes:
        key = (change.update.item, change.country)
        if change.progress is not None:
            if ("p", key) in last:
                assert change.progress.before == last["p", key]
            last["p", key] = change.progress.after
    final = replay(ITEMS, updates, D(2024, 12, 31))
    for (_kind, (ident, code)), value in last.items():
        view = final[ident].countries[code] if code else final[ident].own
        assert view.progress == value


# ---- changes -------------------------------------------------------------------------------


def test_changes_pairs_by_hand():
    updates = [
        upd(1, "A", D(2024, 1, 15), progress=20.0, note="kick-off"),
        upd(2, "A", D(2024, 2, 1), progress=40.0),  # on --since: not a change, but counted
        upd(4, "A", D(2024, 2, 5), progress=10.0),  # same date, recorded later: applies last
        upd(3, "A", D(2024, 2, 5), progress=30.0),
        upd(5, "B", D(2024, 2, 6), progress=50.0),  # both countries
        upd(6, "B", D(2024, 2, 7), status="done", countries=("UZ",)),
        upd(7, "A", D(2024, 2, 29), status="blocked"),  # on --until: a change
        upd(8, "A", D(2024, 3, 1), status="done"),  # after --until
    ]
    result = build_changes(WS, updates, D(2024, 2, 1), D(2024, 2, 29))
    got = [
        (c.update.id, c.country, c.status and tuple(c.status), c.progress and tuple(c.progress))
        for c in result.changes
    ]
    assert got == [
        ("u003", None, None, (40.0, 30.0)),
        ("u004", None, None, (30.0, 10.0)),
        ("u005", "KZ", None, (None, 50.0)),
        ("u005", "UZ", None, (None, 50.0)),
        ("u006", "UZ", ("in_progress", "done"), None),
        ("u007", None, ("in_progress", "blocked"), None),
    ]
    # since: A 0.4 × 2; B, C, D 0 -> 0.8 / 5.  until: A 0.1 × 2, B (0.5 + 1) / 2 -> 0.95 / 5
    assert result.before.overall == 0.8 / 5
    assert result.after.overall == (0.2 + 0.75) / 5
    assert result.after.pillars == {"I": 0.2 / 3, "II": 0.75, "III": 0.0, "IV": None}


def test_changes_for_one_country_show_only_its_share():
    updates = [upd(1, "B", D(2024, 2, 6), progress=50.0)]
    result = build_changes(WS, updates, D(2024, 1, 1), D(2024, 3, 1), Scope(country="UZ"))
    assert [(c.country, tuple(c.progress or ())) for c in result.changes] == [("UZ", (None, 50.0))]
    assert result.after.overall == 0.5


# ---- history -------------------------------------------------------------------------------


def test_history_in_replay_order_per_country_with_retractions():
    updates = [
        upd(3, "B", D(2024, 3, 1), status="done", countries=("UZ",)),
        upd(1, "B", D(2024, 2, 6), progress=50.0, note="both"),
        upd(2, "A", D(2024, 2, 6), progress=5.0),
    ]
    gone = Retraction("x1", "u003", T0, "bob", "wrong country")
    history = build_history(ITEMS[1], updates, {"u003": gone})
    assert [(e.update.id, e.country, e.retraction) for e in history.entries] == [
        ("u001", "KZ", None),
        ("u001", "UZ", None),
        ("u003", "UZ", gone),
    ]


def test_sparkline_is_scaled_to_its_own_range():
    # 0.5..1.0: (v - .5) / .5 * 7 = 0, 3.5 -> 4, 7
    assert sparkline([0.5, 0.75, 1.0, None]) == "▁▅█ "
