"""Evaluation by hand (spec sections 12-14), then properties with hypothesis.

Everything here calls the pure core in jap_tracker.evaluation; day counts are written out.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jap_tracker.evaluation import (
    ACHIEVED,
    ACTIVE,
    AT_RISK,
    CLOSED,
    OFF_TRACK,
    ON_TRACK,
    UPCOMING,
    by_lead,
    can_be_late,
    counted_items,
    counts,
    expectations,
    expected,
    forecast_item,
    forecast_plan,
    is_due_within,
    item_start,
    plan_state,
    rate_group,
    rate_item,
)
from jap_tracker.model import STATUSES, Item, Plan
from jap_tracker.progress import Entry

NOT_STARTED, IN_PROGRESS, DONE, BLOCKED, CANCELLED = STATUSES
DOC = Path(__file__).resolve().parent.parent / "docs" / "evaluation.md"


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def plan(ident: str = "P", start: str | None = None, end: str | None = None) -> Plan:
    return Plan(
        ident,
        {"en": ident},
        f"{ident}.toml",
        d(start) if start else None,
        d(end) if end else None,
        (),
        None,
        None,
        (),
        "en",
        (),
    )


def item(
    ident: str,
    due: str | None = None,
    weight: float = 1.0,
    lead: tuple[str, ...] = (),
    plan_id: str = "P",
    start: str | None = None,
) -> Item:
    return Item(
        ident,
        plan_id,
        {"en": ident},
        "I",
        d(due) if due else None,
        lead,
        (),
        weight,
        (),
        None,
        (),
        (),
        {},
        "en",
        d(start) if start else None,
    )


def entry(it: Item, status: str, completion: float | None) -> Entry:
    return Entry(it, status, completion, False)


# --- Plans over time --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "state"),
    [
        ("2024-04-30", UPCOMING),  # the day before start
        ("2024-05-01", ACTIVE),  # start == as-of: begun
        ("2025-12-31", ACTIVE),  # end == as-of: not yet over
        ("2026-01-01", CLOSED),  # end < as-of
    ],
)
def test_plan_state_at_its_boundaries(as_of, state):
    rm = plan(start="2024-05-01", end="2025-12-31")
    assert plan_state(rm, d(as_of)) == state
    assert counts(rm, d(as_of)) == (state != UPCOMING)
    assert can_be_late(rm, d(as_of)) == (state != CLOSED)


def test_a_plan_without_dates_is_always_active_and_one_end_is_enough():
    assert plan_state(plan(), dt.date.min) == plan_state(plan(), dt.date.max) == ACTIVE
    assert plan_state(plan(end="2021-12-31"), d("2022-01-01")) == CLOSED
    assert plan_state(plan(end="2021-12-31"), d("1990-01-01")) == ACTIVE
    assert plan_state(plan(start="2024-01-01"), d("2023-12-31")) == UPCOMING
    assert plan_state(plan(start="2024-01-01"), d("2099-01-01")) == ACTIVE


def test_counted_items_leave_out_upcoming_plans_and_keep_the_order():
    plans = {"OLD": plan("OLD", end="2021-12-31"), "NEW": plan("NEW", start="2024-05-01")}
    chosen = [item("n1", plan_id="NEW"), item("o1", plan_id="OLD"), item("o2", plan_id="OLD")]
    assert [i.id for i in counted_items(chosen, plans, d("2023-01-01"))] == ["o1", "o2"]
    assert [i.id for i in counted_items(chosen, plans, d("2024-05-01"))] == ["n1", "o1", "o2"]


def test_item_start_is_its_own_else_its_plans():
    own = item("a", start="2024-04-01")
    assert item_start(own, plan(start="2024-01-01")) == d("2024-04-01")
    assert item_start(item("a"), plan(start="2024-01-01")) == d("2024-01-01")
    assert item_start(item("a"), plan()) is None


# --- Expected completion ------------------------------------------------------------------------


def test_expected_is_the_share_of_days_passed():
    # s=2024-01-01, due=2024-12-31: 365 days; t=2024-07-01: 182 days (leap year) -> 182/365
    # = 0.49863...
    assert expected(d("2024-01-01"), d("2024-12-31"), d("2024-07-01")) == 182 / 365


@pytest.mark.parametrize(
    ("as_of", "e"),
    [
        ("2023-06-01", 0.0),  # t before s: clamped to 0
        ("2024-01-01", 0.0),  # t == s
        ("2024-01-02", 1 / 10),  # s=Jan 1, due=Jan 11: 10 days, 1 passed
        ("2024-01-11", 1.0),  # t == due
        ("2030-01-01", 1.0),  # t after due: clamped to 1
    ],
)
def test_expected_is_clamped(as_of, e):
    assert expected(d("2024-01-01"), d("2024-01-11"), d(as_of)) == e


@pytest.mark.parametrize(
    ("start", "due"),
    [("2024-01-01", "2024-01-01"), ("2024-02-01", "2024-01-01"), (None, "2024-01-01"),
     ("2024-01-01", None), (None, None)],
)  # fmt: skip
def test_unrated_without_a_start_before_the_due_date(start, due):
    assert expected(d(start) if start else None, d(due) if due else None, d("2024-06-01")) is None


def test_expectations_by_item_with_the_items_own_start():
    plans = {"P": plan(start="2024-01-01"), "Q": plan("Q")}
    items = [
        item("a", "2024-12-31"),
        item("b", "2024-09-30", start="2024-04-01"),
        item("c", "2024-12-31", plan_id="Q"),
    ]
    got = expectations(items, plans, d("2024-07-01"))
    # a: 182/365; b: Apr 1 -> Jul 1 is 91 days of Apr 1 -> Sep 30, 182 days; c: no start
    assert got == {"a": 182 / 365, "b": 0.5, "c": None}


# --- Ratings ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "completion", "e", "rating"),
    [
        (DONE, 1.0, 0.9, ACHIEVED),
        (DONE, 1.0, 0.0, ACHIEVED),
        (IN_PROGRESS, 0.0, 0.0, ON_TRACK),  # e = 0: always on track
        (NOT_STARTED, 0.0, 0.0, ON_TRACK),
        (IN_PROGRESS, 0.95, 1.0, ON_TRACK),  # c exactly 0.95 × e
        (IN_PROGRESS, 0.9499, 1.0, AT_RISK),
        (IN_PROGRESS, 0.25, 0.5, AT_RISK),  # c exactly 0.5 × e
        (IN_PROGRESS, 0.2499, 0.5, OFF_TRACK),
        (BLOCKED, 0.0, 0.01, OFF_TRACK),
        (IN_PROGRESS, 1.0, 0.3, ON_TRACK),  # ahead of schedule
        (CANCELLED, None, 0.5, None),
        (DONE, 1.0, None, None),  # unrated, even when done
        (IN_PROGRESS, 0.5, None, None),
    ],
)
def test_rate_item(status, completion, e, rating):
    assert rate_item(status, completion, e) == rating


def test_a_boundary_that_floats_alone_would_miss():
    # s=2024-01-01, due 95 days later, t 49 days in: e = 49/95; 0.95 × 49/95 = 0.49 exactly
    e = expected(d("2024-01-01"), d("2024-04-05"), d("2024-02-19"))
    assert e == 49 / 95
    assert 0.95 * e > 0.49  # in floats 0.95 × 49/95 is 0.49000000000000005
    assert rate_item(IN_PROGRESS, 0.49, e) == ON_TRACK
    assert rate_item(IN_PROGRESS, 0.4899, e) == AT_RISK


def test_group_weights_and_leaves_out_cancelled_and_unrated():
    a, b, c = item("a", weight=3), item("b"), item("x")
    # a: e=1, c=1 (not done), w=3; b: e=1, c=0, w=1 -> A = 3/4, E = 1: 0.75 < 0.95, at risk
    exp = {"a": 1.0, "b": 1.0, "x": 0.5}
    group = [entry(a, IN_PROGRESS, 1.0), entry(b, IN_PROGRESS, 0.0), entry(c, CANCELLED, None)]
    assert rate_group(group, exp) == (1.0, AT_RISK)
    # weights swapped: A = 1/4 < 0.5 -> off track
    a1, b1 = item("a", weight=1), item("b", weight=3)
    assert rate_group([entry(a1, IN_PROGRESS, 1.0), entry(b1, IN_PROGRESS, 0.0)], exp) == (
        1.0,
        OFF_TRACK,
    )


def test_group_is_achieved_when_all_its_rated_items_are_done():
    exp = {"a": 1.0, "b": 0.5, "u": None, "x": 1.0}
    done = [entry(item("a"), DONE, 1.0), entry(item("b"), DONE, 1.0)]
    noise = [entry(item("u"), NOT_STARTED, 0.0), entry(item("x"), CANCELLED, None)]
    assert rate_group(done + noise, exp) == (0.75, ACHIEVED)  # E = (1 + 0.5) / 2
    # one done (e=1), one not started (e=1): A = 1/2 = 0.5 × E -> at risk, not achieved
    exp2 = {"a": 1.0, "b": 1.0}
    pair = [entry(item("a"), DONE, 1.0), entry(item("b"), NOT_STARTED, 0.0)]
    assert rate_group(pair, exp2) == (1.0, AT_RISK)


def test_group_without_rated_items_has_no_rating():
    exp = {"u": None, "x": 0.5}
    assert rate_group([], exp) == (None, None)
    assert rate_group([entry(item("u"), DONE, 1.0)], exp) == (None, None)
    assert rate_group([entry(item("x"), CANCELLED, None)], exp) == (None, None)


# --- Forecasts ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "as_of", "completion", "finish"),
    [
        # 182 days at 0.4: 182 / 0.4 = 455 days after 2024-01-01 (366 to 2025-01-01, +89)
        ("2024-01-01", "2024-07-01", 0.4, "2025-03-31"),
        # 91 days at 0.6: 151.67, rounded up to 152 days after 2024-04-01
        ("2024-04-01", "2024-07-01", 0.6, "2024-08-31"),
        # 21 days at 0.7: 30 days exactly (floats say 30.000000000000004), not 31
        ("2024-01-01", "2024-01-22", 0.7, "2024-01-31"),
        # started today: 0 days / c = 0
        ("2024-07-01", "2024-07-01", 0.3, "2024-07-01"),
        # complete but not marked done: finishes today
        ("2024-01-01", "2024-07-01", 1.0, "2024-07-01"),
        # 9999-01-01 + 182 days = 9999-07-02; 182 / 0.5 = 364 days: the last day there is
        ("9999-01-01", "9999-07-02", 0.5, "9999-12-31"),
    ],
)
def test_forecast_item(start, as_of, completion, finish):
    assert forecast_item(IN_PROGRESS, d(start), d(as_of), completion) == d(finish)


def test_the_rounding_that_the_forecast_does_not_make():
    assert math.ceil(21 / 0.7) == 31  # what a plain ceil would give


@pytest.mark.parametrize(
    ("status", "start", "completion"),
    [
        (DONE, "2024-01-01", 1.0),
        (CANCELLED, "2024-01-01", None),
        (IN_PROGRESS, None, 0.5),
        (IN_PROGRESS, "2024-07-02", 0.5),  # starts after as-of
        (IN_PROGRESS, "2024-01-01", 0.0),
        (NOT_STARTED, "2024-01-01", 0.0),
        (IN_PROGRESS, "2024-01-01", None),
    ],
)
def test_no_forecast(status, start, completion):
    assert forecast_item(status, d(start) if start else None, d("2024-07-01"), completion) is None


@pytest.mark.parametrize("completion", [0.49, 1e-9, 5e-324])
def test_no_forecast_past_the_last_day_of_the_calendar(completion):
    # 182 / 0.49 = 371.4 -> 372 days after 9999-01-01: past 9999-12-31 (364 days after);
    # 1e-9 gives 1.82e11 days; 5e-324 gives an infinite number
    assert forecast_item(BLOCKED, d("9999-01-01"), d("9999-07-02"), completion) is None
    assert forecast_plan(d("9999-01-01"), d("9999-07-02"), completion) is None


def test_forecast_plan():
    # 182 days at 0.48: 379.17 -> 380 days after 2024-01-01 = 2025-01-15 (366 + 14)
    assert forecast_plan(d("2024-01-01"), d("2024-07-01"), 0.48) == d("2025-01-15")
    for completion in (None, 0.0, 1.0):
        assert forecast_plan(d("2024-01-01"), d("2024-07-01"), completion) is None
    assert forecast_plan(None, d("2024-07-01"), 0.5) is None
    assert forecast_plan(d("2024-07-02"), d("2024-07-01"), 0.5) is None


# --- Due soon -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due", "status", "days", "within"),
    [
        ("2024-07-01", IN_PROGRESS, 30, True),  # due on the as-of date
        ("2024-07-31", NOT_STARTED, 30, True),  # 30 days after
        ("2024-08-01", BLOCKED, 30, False),  # 31 days after
        ("2024-06-30", IN_PROGRESS, 30, False),  # before: overdue, not due
        ("2024-07-01", IN_PROGRESS, 0, True),
        ("2024-07-02", IN_PROGRESS, 0, False),
        ("2024-07-15", DONE, 30, False),
        ("2024-07-15", CANCELLED, 30, False),
        (None, IN_PROGRESS, 30, False),
        ("9999-12-31", IN_PROGRESS, 10**9, True),  # no date arithmetic to overflow
    ],
)
def test_is_due_within(due, status, days, within):
    assert is_due_within(d(due) if due else None, status, d("2024-07-01"), days) is within


# --- Leads --------------------------------------------------------------------------------------


def test_by_lead_groups_by_exact_text_sorted_and_counts_each_lead():
    a = entry(item("a", lead=("UNRCCA", "UNOCT")), IN_PROGRESS, 0.5)
    b = entry(item("b", lead=("UNOCT", "UNOCT")), DONE, 1.0)  # listed twice: counted once
    c = entry(item("c"), DONE, 1.0)  # no lead: in no group
    e = entry(item("e", lead=("unoct",)), NOT_STARTED, 0.0)  # another text
    got = by_lead([a, b, c, e])
    assert [(name, [x.item.id for x in group]) for name, group in got] == [
        ("UNOCT", ["a", "b"]),
        ("UNRCCA", ["a"]),
        ("unoct", ["e"]),
    ]


# --- The worked example of docs/evaluation.md -------------------------------------------------


def test_the_worked_example_of_the_docs():
    rm = plan(start="2024-01-01", end="2025-12-31")
    t = d("2024-07-01")
    a = item("A", "2024-12-31", weight=2)
    b = item("B", "2024-09-30", start="2024-04-01")
    c = item("C", "2024-03-31")
    dd = item("D")
    x = item("X", "2024-12-31")
    exp = expectations([a, b, c, dd, x], {"P": rm}, t)
    # A: 182/365; B: 91/182; C: past its due date; D: no due date; X: 182/365 (but cancelled)
    assert exp == {"A": 182 / 365, "B": 0.5, "C": 1.0, "D": None, "X": 182 / 365}
    group = [
        entry(a, IN_PROGRESS, 0.4),
        entry(b, IN_PROGRESS, 0.6),
        entry(c, DONE, 1.0),
        entry(dd, IN_PROGRESS, 0.0),
        entry(x, CANCELLED, None),
    ]
    # A: 0.2493 <= 0.40 < 0.4737; B: 0.60 >= 0.475
    assert [rate_item(g.status, g.completion, exp[g.item.id]) for g in group] == [
        AT_RISK, ON_TRACK, ACHIEVED, None, None
    ]  # fmt: skip
    assert forecast_item(IN_PROGRESS, d("2024-01-01"), t, 0.4) == d("2025-03-31")
    assert forecast_item(IN_PROGRESS, d("2024-04-01"), t, 0.6) == d("2024-08-31")
    # E = (2 × 182/365 + 0.5 + 1) / 4 = 0.6243; A = (0.8 + 0.6 + 1) / 4 = 0.6 >= 0.5931
    e_group, rating = rate_group(group, exp)
    assert e_group == pytest.approx((2 * 182 / 365 + 1.5) / 4)
    assert round(e_group, 4) == 0.6243
    assert rating == ON_TRACK
    # the plan's completion counts D: 2.4 / 5 = 0.48
    assert forecast_plan(rm.start, t, 0.48) == d("2025-01-15")
    assert plan_state(rm, t) == ACTIVE
    text = DOC.read_text(encoding="utf-8")
    shown = ["182/365 = 0.4986", "0.95 × 0.4986 = 0.4737", "**at_risk**", "**2025-03-31**",
             "**2024-08-31**", "= 0.6243", "**on_track**", "**2025-01-15**"]  # fmt: skip
    assert [s for s in shown if s not in text] == []


# --- Properties ---------------------------------------------------------------------------------

DATES = st.dates(dt.date(1900, 1, 1), dt.date(2200, 12, 31))
SPANS = st.integers(1, 20_000)
FRACTIONS = st.floats(0, 1)
# what expected() gives: days passed over days of the span, a span of up to ~100 years
SHARES = st.builds(lambda k, n: min(k, n) / n, st.integers(0, 40_000), st.integers(1, 40_000))


@given(DATES, SPANS, st.integers(-1000, 30_000), FRACTIONS)
def test_a_done_item_is_always_achieved_when_rated(start, span, elapsed, completion):
    e = expected(start, start + dt.timedelta(span), start + dt.timedelta(elapsed))
    assert e is not None and 0 <= e <= 1
    assert rate_item(DONE, completion, e) == ACHIEVED
    assert rate_item(DONE, completion, None) is None


@given(DATES, SPANS, st.integers(-1000, 30_000), st.integers(0, 30_000))
def test_expected_never_falls_as_time_passes(start, span, t1, step):
    due = start + dt.timedelta(span)
    before = expected(start, due, start + dt.timedelta(t1))
    after = expected(start, due, start + dt.timedelta(t1 + step))
    assert before is not None and after is not None and before <= after


RATED = st.tuples(
    st.floats(0.01, 100),  # weight
    st.sampled_from([NOT_STARTED, IN_PROGRESS, DONE, BLOCKED]),
    FRACTIONS,  # completion
    SHARES,  # expected
)
NOISE = st.one_of(
    st.tuples(st.floats(0.01, 100), st.just(CANCELLED), st.none(), st.none() | SHARES),
    st.tuples(st.floats(0.01, 100), st.sampled_from(STATUSES), FRACTIONS, st.none()),
)


def _entries(rows, prefix):
    out, exp = [], {}
    for n, (weight, status, completion, e) in enumerate(rows):
        it = item(f"{prefix}{n}", weight=weight)
        out.append(entry(it, status, 1.0 if status == DONE else completion))
        exp[it.id] = e
    return out, exp


@given(st.lists(RATED, max_size=8), st.lists(NOISE, max_size=8), st.randoms())
def test_a_groups_rating_depends_only_on_its_rated_items(rated, noise, rnd):
    kept, exp = _entries(rated, "r")
    extra, exp_noise = _entries(noise, "n")
    mixed = kept + extra
    rnd.shuffle(mixed)
    assert rate_group(mixed, exp | exp_noise) == rate_group(kept, exp)


@given(RATED)
def test_a_group_of_one_is_rated_as_its_item(row):
    (one,), exp = _entries([row], "r")
    e = exp[one.item.id]
    e_group, rating = rate_group([one], exp)
    assert e_group == pytest.approx(e, rel=1e-15)  # w × e / w: one rounding each way
    assert rating == rate_item(one.status, one.completion, e)


@given(DATES, SPANS, st.data())
def test_an_item_on_schedule_is_forecast_on_its_due_date_within_a_day(start, span, data):
    due = start + dt.timedelta(span)
    as_of = start + dt.timedelta(data.draw(st.integers(1, span)))
    e = expected(start, due, as_of)
    assert e is not None
    finish = forecast_item(IN_PROGRESS, start, as_of, e)  # c = e
    assert finish is not None and abs((finish - due).days) <= 1


@given(DATES, st.integers(0, 20_000), st.floats(0.05, 1))
def test_a_forecast_is_never_before_the_as_of_date(start, elapsed, completion):
    as_of = start + dt.timedelta(elapsed)
    finish = forecast_item(IN_PROGRESS, start, as_of, completion)
    assert finish is not None and finish >= as_of
