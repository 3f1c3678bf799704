"""Completion by hand (spec sections 3 and 4), then properties with hypothesis.

Everything here calls the pure core: progress.replay (and its Replayer), entries and group.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jap_tracker.model import STATUSES, Indicator, Item, Update
from jap_tracker.progress import Replayer, entries, group, is_overdue, replay

T0 = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
utc_now = itertools.count()


def item(
    ident: str,
    weight: float = 1.0,
    pillar: str = "I",
    due: dt.date | None = None,
    indicators: tuple[Indicator, ...] = (),
    plan: str = "P",
) -> Item:
    return Item(
        ident, plan, {"en": ident}, pillar, due, (), (), weight, (), None, indicators, (), {}, "en"
    )


def ind(ident: str, target: float, baseline: float = 0.0) -> Indicator:
    return Indicator(ident, {"en": ident}, None, baseline, target, None)


def upd(
    target: str,
    date: str,
    *,
    status: str | None = None,
    progress: float | None = None,
    indicators: dict[str, float] | None = None,
    note: str | None = None,
    recorded: dt.datetime | None = None,
) -> Update:
    """An update; by default recorded one second after the previous one made here."""
    stamp = recorded or T0 + dt.timedelta(seconds=next(utc_now))
    return Update(
        f"u{stamp.isoformat()}-{next(utc_now)}",
        target,
        dt.date.fromisoformat(date),
        stamp,
        "tester",
        status,
        progress,
        tuple((indicators or {}).items()),
        None,
        note,
    )


AS_OF = dt.date(2024, 12, 31)


def figures(items, updates, as_of=AS_OF):
    return replay(items, updates, as_of)


def overall(items, updates, as_of=AS_OF):
    return group(entries(items, figures(items, updates, as_of), as_of))


def one(it, *updates, as_of=AS_OF):
    """(status, completion) of a single item."""
    result = figures([it], updates, as_of)[it.id]
    return result.status, result.completion


# ---- section 4: one item --------------------------------------------------------------------


def test_no_update_is_not_started_and_zero():
    assert one(item("A")) == ("not_started", 0.0)


def test_progress_is_divided_by_100():
    assert one(item("A"), upd("A", "2024-01-01", progress=37.5)) == ("in_progress", 0.375)


def test_done_is_one_even_with_progress_recorded():
    a = item("A")
    assert one(a, upd("A", "2024-01-01", progress=30), upd("A", "2024-02-01", status="done")) == (
        "done",
        1.0,
    )
    assert one(a, upd("A", "2024-01-01", status="done", progress=10)) == ("done", 1.0)


def test_cancelled_item_has_no_completion():
    assert one(item("A"), upd("A", "2024-01-01", progress=80, status="cancelled")) == (
        "cancelled",
        None,
    )


def test_progress_wins_over_indicators():
    a = item("A", indicators=(ind("n", 10),))
    # progress 20 -> 0.2, although indicator n is at its target
    assert one(a, upd("A", "2024-01-01", indicators={"n": 10}, progress=20)) == ("in_progress", 0.2)


def test_indicators_mean_with_missing_counting_zero():
    a = item("A", indicators=(ind("trained", 200), ind("laws", 20, baseline=10)))
    # trained: (50 - 0) / (200 - 0) = 0.25; laws: none recorded -> 0; mean 0.125
    assert one(a, upd("A", "2024-01-01", indicators={"trained": 50})) == ("in_progress", 0.125)
    # laws: (15 - 10) / (20 - 10) = 0.5; mean (0.25 + 0.5) / 2 = 0.375
    assert one(
        a,
        upd("A", "2024-01-01", indicators={"trained": 50}),
        upd("A", "2024-02-01", indicators={"laws": 15}),
    ) == ("in_progress", 0.375)


@pytest.mark.parametrize(
    ("actual", "expected"),
    [
        (60, 0.5),  # (60 - 100) / (20 - 100) = 0.5
        (100, 0.0),  # at baseline
        (120, 0.0),  # worse than baseline: clamp to 0
        (20, 1.0),  # at target
        (5, 1.0),  # beyond target: clamp to 1
        (80, 0.25),  # (80 - 100) / -80 = 0.25
    ],
)
def test_decreasing_indicator(actual, expected):
    a = item("A", indicators=(ind("incidents", 20, baseline=100),))
    assert one(a, upd("A", "2024-01-01", indicators={"incidents": actual})) == (
        "in_progress",
        expected,
    )


@pytest.mark.parametrize(
    ("actual", "expected"),
    [(-5, 0.0), (0, 0.0), (50, 0.25), (200, 1.0), (1000, 1.0)],
)
def test_increasing_indicator_clamped(actual, expected):
    a = item("A", indicators=(ind("n", 200),))
    assert one(a, upd("A", "2024-01-01", indicators={"n": actual}))[1] == expected


def test_latest_indicator_value_counts():
    a = item("A", indicators=(ind("n", 200),))
    # 150 / 200 = 0.75
    assert one(
        a,
        upd("A", "2024-01-01", indicators={"n": 50}),
        upd("A", "2024-02-01", indicators={"n": 150}),
    ) == ("in_progress", 0.75)


def test_item_with_indicators_but_no_value_is_zero():
    a = item("A", indicators=(ind("n", 200),))
    assert one(a, upd("A", "2024-01-01", status="in_progress")) == ("in_progress", 0.0)


def test_unknown_indicator_in_a_record_is_ignored():
    a = item("A", indicators=(ind("n", 200),))
    assert one(a, upd("A", "2024-01-01", indicators={"gone": 5})) == ("not_started", 0.0)


# ---- section 3: what an update sets ----------------------------------------------------------


def test_progress_without_status_starts_a_not_started_item():
    assert one(item("A"), upd("A", "2024-01-01", progress=10))[0] == "in_progress"


def test_indicator_without_status_starts_a_not_started_item():
    a = item("A", indicators=(ind("n", 4),))
    assert one(a, upd("A", "2024-01-01", indicators={"n": 1})) == ("in_progress", 0.25)


@pytest.mark.parametrize("status", ["blocked", "done", "cancelled", "in_progress"])
def test_progress_without_status_keeps_other_statuses(status):
    a = item("A", indicators=(ind("n", 4),))
    first = upd("A", "2024-01-01", status=status)
    assert one(a, first, upd("A", "2024-02-01", progress=40))[0] == status
    assert one(a, first, upd("A", "2024-02-01", indicators={"n": 2}))[0] == status


def test_note_only_leaves_not_started():
    result = figures([item("A")], [upd("A", "2024-01-01", note="met")])["A"]
    assert (result.status, result.completion) == ("not_started", 0.0)
    assert result.last is not None and result.last.note == "met"


def test_only_status_done_makes_done():
    a = item("A", due=dt.date(2024, 6, 30), indicators=(ind("n", 10),))
    result = figures([a], [upd("A", "2024-01-01", progress=100, indicators={"n": 10})])["A"]
    assert (result.status, result.completion) == ("in_progress", 1.0)
    assert is_overdue(a, result.status, AS_OF)  # not done: still overdue


def test_an_update_sets_only_what_it_names():
    updates = [
        upd("A", "2024-01-01", status="blocked"),
        upd("A", "2024-02-01", progress=50),
        upd("A", "2024-03-01", note="unblocked soon"),
    ]
    result = figures([item("A")], updates)["A"]
    assert (result.status, result.own.progress, result.completion) == ("blocked", 50.0, 0.5)
    updates.append(upd("A", "2024-04-01", status="in_progress"))
    result = figures([item("A")], updates)["A"]
    assert (result.status, result.own.progress) == ("in_progress", 50.0)


def test_status_can_go_back_from_done():
    updates = [
        upd("A", "2024-01-01", status="done"),
        upd("A", "2024-02-01", status="in_progress", progress=60),
    ]
    assert one(item("A"), *updates) == ("in_progress", 0.6)


# ---- as-of and ordering ----------------------------------------------------------------------


def test_update_dated_on_the_as_of_date_counts_and_the_day_after_does_not():
    updates = [upd("A", "2024-03-01", progress=40), upd("A", "2024-03-02", status="done")]
    assert one(item("A"), *updates, as_of=dt.date(2024, 2, 29)) == ("not_started", 0.0)
    assert one(item("A"), *updates, as_of=dt.date(2024, 3, 1)) == ("in_progress", 0.4)
    assert one(item("A"), *updates, as_of=dt.date(2024, 3, 2)) == ("done", 1.0)


def test_replayed_in_date_order_not_recording_order():
    # The later-dated update was recorded first: the date decides.
    late = upd("A", "2024-05-01", progress=70, recorded=T0)
    early = upd("A", "2024-04-01", progress=30, recorded=T0 + dt.timedelta(days=1))
    assert one(item("A"), late, early) == ("in_progress", 0.7)
    assert one(item("A"), early, late) == ("in_progress", 0.7)


def test_same_date_in_recorded_order():
    first = upd("A", "2024-04-01", progress=60, recorded=T0)
    second = upd("A", "2024-04-01", progress=30, recorded=T0 + dt.timedelta(seconds=1))
    # Given in either order, the one recorded last (30) wins.
    assert one(item("A"), second, first) == ("in_progress", 0.3)
    assert one(item("A"), first, second) == ("in_progress", 0.3)


def test_updates_of_unknown_items_are_skipped():
    assert one(item("A"), upd("GONE", "2024-01-01", status="done")) == ("not_started", 0.0)


# ---- groups ----------------------------------------------------------------------------------


def test_weighted_mean():
    items = [item("A", weight=3), item("B"), item("C", weight=0.5)]
    updates = [upd("A", "2024-01-01", progress=50), upd("C", "2024-01-01", status="done")]
    # (3 × 0.5 + 1 × 0 + 0.5 × 1) / (3 + 1 + 0.5) = 2 / 4.5
    assert overall(items, updates).completion == pytest.approx(2 / 4.5)


def test_cancelled_is_left_out_of_completion_but_counted():
    items = [item("A"), item("B", weight=5), item("C")]
    updates = [
        upd("A", "2024-01-01", status="done"),
        upd("B", "2024-01-01", status="cancelled"),
    ]
    figures_ = overall(items, updates)
    # (1 × 1 + 1 × 0) / (1 + 1) = 0.5: B's weight 5 is left out
    assert figures_.completion == 0.5
    assert figures_.items == 3
    assert figures_.by_status == {
        "not_started": 1,
        "in_progress": 0,
        "done": 1,
        "blocked": 0,
        "cancelled": 1,
    }


def test_group_of_only_cancelled_items_has_no_completion():
    figures_ = overall([item("A")], [upd("A", "2024-01-01", status="cancelled")])
    assert figures_.completion is None
    assert figures_.items == 1


def test_empty_group_has_no_completion():
    empty = group([])
    assert empty.completion is None
    assert empty.items == 0 and empty.overdue == 0
    assert empty.by_status == dict.fromkeys(STATUSES, 0)


def test_by_status_has_all_five_statuses():
    assert list(overall([item("A")], []).by_status) == list(STATUSES)
    assert len(STATUSES) == 5


# ---- overdue ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due", "status", "expected"),
    [
        ("2024-12-30", None, True),  # due before as-of, not started
        ("2024-12-30", "in_progress", True),
        ("2024-12-30", "blocked", True),
        ("2024-12-30", "done", False),
        ("2024-12-30", "cancelled", False),
        ("2024-12-31", None, False),  # due on the as-of date: not yet overdue
        ("2025-01-01", None, False),
        (None, None, False),  # no due date
    ],
)
def test_overdue(due, status, expected):
    a = item("A", due=dt.date.fromisoformat(due) if due else None)
    updates = [upd("A", "2024-01-01", status=status)] if status else []
    result = figures([a], updates)["A"]
    assert is_overdue(a, result.status, AS_OF) is expected
    assert overall([a], updates).overdue == int(expected)


def test_overdue_follows_the_as_of_date():
    a = item("A", due=dt.date(2024, 6, 30))
    updates = [upd("A", "2024-07-15", status="done")]
    # as of 2024-07-01 it is late and not yet done; as of 2024-07-15 it is done
    assert overall([a], updates, dt.date(2024, 7, 1)).overdue == 1
    assert overall([a], updates, dt.date(2024, 7, 15)).overdue == 0


# ---- properties ------------------------------------------------------------------------------

DAY0 = dt.date(2024, 1, 1)
PROPERTY = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)


@st.composite
def workspaces(draw):
    """Items (some with indicators, some decreasing) and updates dated over 60 days."""
    n_items = draw(st.integers(1, 4))
    items = []
    for i in range(n_items):
        inds = []
        for k in range(draw(st.integers(0, 2))):
            baseline = draw(st.integers(-50, 50))
            target = draw(st.integers(-50, 50).filter(lambda t, b=baseline: t != b))
            inds.append(ind(f"i{k}", float(target), float(baseline)))
        items.append(
            item(
                f"X-{i}",
                weight=draw(st.sampled_from([0.5, 1.0, 2.0, 3.0])),
                pillar=draw(st.sampled_from(["I", "II", "III", "IV"])),
                due=DAY0 + dt.timedelta(days=draw(st.integers(0, 60))),
                indicators=tuple(inds),
            )
        )
    updates = []
    for n in range(draw(st.integers(0, 12))):
        target = draw(st.sampled_from(items))
        fields = {}
        if draw(st.booleans()):
            fields["status"] = draw(st.sampled_from(STATUSES))
        if draw(st.booleans()):
            fields["progress"] = float(draw(st.integers(0, 100)))
        if target.indicators and draw(st.booleans()):
            fields["indicators"] = {
                draw(st.sampled_from(target.indicators)).id: float(draw(st.integers(-100, 100)))
            }
        if not fields:
            fields["note"] = "note"
        date = DAY0 + dt.timedelta(days=draw(st.integers(0, 60)))
        recorded = T0 + dt.timedelta(seconds=draw(st.integers(0, 10_000)), microseconds=n)
        updates.append(upd(target.id, date.isoformat(), recorded=recorded, **fields))
    as_of = DAY0 + dt.timedelta(days=draw(st.integers(0, 70)))
    return items, updates, as_of


def all_figures(items, updates, as_of):
    """Every figure the reports show: items, overall, each pillar."""
    figs = replay(items, updates, as_of)
    everything = entries(items, figs, as_of)
    pillars = {p: group(e for e in everything if e.item.pillar == p) for p in ("I", "II", "III")}
    return figs, group(everything), pillars


def shown(items, updates, as_of):
    """What a report shows of those figures: per item its status, completion, progress,
    indicator values and the id of its last update; the groups as they are."""
    figs, total, pillars = all_figures(items, updates, as_of)
    per_item = {
        key: (f.status, f.completion, f.own.progress, f.own.actuals, f.last and f.last.id)
        for key, f in figs.items()
    }
    return per_item, total, pillars


@PROPERTY
@given(workspaces())
def test_every_completion_is_a_fraction_or_none(case):
    items, updates, as_of = case
    figs, total, pillars = all_figures(items, updates, as_of)
    values = [f.completion for f in figs.values()] + [total.completion]
    values += [g.completion for g in pillars.values()]
    for value in values:
        assert value is None or (0.0 <= value <= 1.0 and math.isfinite(value))
    for it in items:
        assert (figs[it.id].completion is None) == (figs[it.id].status == "cancelled")


@PROPERTY
@given(workspaces(), st.sampled_from(["I", "II", "III", "IV"]), st.floats(0.1, 100))
def test_adding_a_cancelled_item_changes_no_figure(case, pillar, weight):
    items, updates, as_of = case
    before = all_figures(items, updates, as_of)
    extra = item("CANCELLED", weight=weight, pillar=pillar, due=DAY0)
    more = [
        upd("CANCELLED", DAY0.isoformat(), status="cancelled"),
        upd("CANCELLED", DAY0.isoformat(), progress=90.0),  # progress keeps it cancelled
    ]
    after = all_figures([*items, extra], updates + more, as_of)
    assert after[0]["CANCELLED"].status == "cancelled"
    assert {k: v for k, v in after[0].items() if k != "CANCELLED"} == before[0]
    assert after[1].completion == before[1].completion
    assert after[1].items == before[1].items + 1
    assert after[1].by_status["cancelled"] == before[1].by_status["cancelled"] + 1
    assert after[1].overdue == before[1].overdue
    for p in ("I", "II", "III"):
        assert after[2][p].completion == before[2][p].completion


@PROPERTY
@given(workspaces(), st.randoms(use_true_random=False))
def test_order_of_updates_given_does_not_matter(case, rnd):
    items, updates, as_of = case
    shuffled = list(updates)
    rnd.shuffle(shuffled)
    assert all_figures(items, shuffled, as_of) == all_figures(items, updates, as_of)


@PROPERTY
@given(workspaces(), st.randoms(use_true_random=False))
def test_recording_order_across_dates_does_not_matter(case, rnd):
    """Re-stamp the updates so that the recording order across dates is scrambled, keeping
    the order within each date: the figures are the same."""
    items, updates, as_of = case
    ordered = sorted(updates, key=lambda u: (u.date, u.recorded))
    dates = sorted({u.date for u in ordered})
    slot = {d: i for i, d in enumerate(dates)}
    shuffled_slots = list(range(len(dates)))
    rnd.shuffle(shuffled_slots)
    restamped = []
    for within, u in enumerate(ordered):
        base = T0 + dt.timedelta(days=shuffled_slots[slot[u.date]])
        restamped.append(u._replace(recorded=base + dt.timedelta(microseconds=within)))
    restamped.reverse()
    assert shown(items, restamped, as_of) == shown(items, updates, as_of)


def reference(items, updates):
    """Spec sections 3 and 4 written out plainly, applying updates one at a time."""
    state = {it.id: {"status": "not_started", "progress": None, "actuals": {}} for it in items}
    known = {it.id: {i.id for i in it.indicators} for it in items}
    for u in updates:
        s = state[u.item]
        touched = False
        if u.progress is not None:
            s["progress"], touched = u.progress, True
        for k, v in u.indicators:
            if k in known[u.item]:
                s["actuals"][k], touched = v, True
        if u.status is not None:
            s["status"] = u.status
        elif touched and s["status"] == "not_started":
            s["status"] = "in_progress"
    out = {}
    for it in items:
        s = state[it.id]
        if s["status"] == "cancelled":
            completion = None
        elif s["status"] == "done":
            completion = 1.0
        elif s["progress"] is not None:
            completion = s["progress"] / 100
        elif s["actuals"]:
            completion = sum(
                min(
                    1.0,
                    max(
                        0.0,
                        (s["actuals"].get(i.id, i.baseline) - i.baseline) / (i.target - i.baseline),
                    ),
                )
                for i in it.indicators
            ) / len(it.indicators)
        else:
            completion = 0.0
        out[it.id] = (s["status"], completion)
    return out


@PROPERTY
@given(workspaces())
def test_replay_equals_building_up_one_update_at_a_time(case):
    items, updates, _as_of = case
    ordered = sorted(updates, key=lambda u: (u.date, u.recorded))
    far = DAY0 + dt.timedelta(days=365)
    for k in range(len(ordered) + 1):
        figs = replay(items, ordered[:k], far)
        got = {i: (f.status, f.completion) for i, f in figs.items()}
        want = reference(items, ordered[:k])
        assert got.keys() == want.keys()
        for key, (status, completion) in want.items():
            assert got[key][0] == status
            if completion is None:
                assert got[key][1] is None
            else:
                assert got[key][1] == pytest.approx(completion)
    assert replay(items, updates, far) == replay(items, ordered, far)


@PROPERTY
@given(workspaces())
def test_as_of_equals_leaving_out_later_updates(case):
    items, updates, as_of = case
    earlier = [u for u in updates if u.date <= as_of]
    far = DAY0 + dt.timedelta(days=365)
    assert {k: (v.status, v.completion) for k, v in replay(items, updates, as_of).items()} == {
        k: (v.status, v.completion) for k, v in replay(items, earlier, far).items()
    }


# ---- the Replayer: forward only, steps in the item's order, kept figures -----------------------


def test_the_replayer_goes_forward_only():
    replayer = Replayer([item("A")], [upd("A", "2024-03-01", progress=10)])
    assert replayer.figures_at(dt.date(2024, 2, 1))["A"].completion == 0.0
    assert replayer.figures_at(dt.date(2024, 3, 1))["A"].completion == 0.1
    with pytest.raises(ValueError, match="must not decrease"):
        replayer.play(dt.date(2024, 2, 29))


def test_steps_follow_the_items_countries_and_skip_what_applies_nowhere():
    split = item("C")._replace(countries=("KZ", "KG"))
    updates = [
        # named in another order, and with a country that C does not concern
        Update(
            "u1", "C", dt.date(2024, 1, 1), T0, "t", progress=10.0, countries=("KG", "KZ", "UZ")
        ),
        upd("A", "2024-01-02", progress=5)._replace(countries=("KZ",)),  # A is regional
    ]
    steps = Replayer([split, item("A")], updates).steps(dt.date(2024, 12, 31))
    assert [(s.update.id, s.country, s.before.progress, s.after.progress) for s in steps] == [
        ("u1", "KZ", None, 10.0),
        ("u1", "KG", None, 10.0),
    ]


def test_on_top_recomputes_only_the_items_touched():
    items = [item("A"), item("B")]
    kept = replay(items, [upd("A", "2024-01-01", progress=20)], dt.date.max)
    later = upd("B", "2024-02-01", status="done")
    after = Replayer(items, [later]).on_top(kept)
    assert after["A"] is kept["A"]
    assert (after["B"].status, after["B"].completion, after["B"].last) == ("done", 1.0, later)
