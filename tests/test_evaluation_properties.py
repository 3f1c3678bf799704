"""Properties of ratings and forecasts as the reports carry them (spec section 13), drawn with
hypothesis over whole workspaces: items built from the model, replayed, then judged by
``report.build_status`` and ``report.build_items``. tests/test_evaluation.py holds the same
rules for the pure functions alone; here they must survive the wiring (groups per pillar,
plan, lead and the lead matrix; items of the report).
"""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from jap_tracker.evaluation import ACHIEVED
from jap_tracker.model import Item, Plan, Update, Workspace
from jap_tracker.progress import replay
from jap_tracker.report import Filters, StatusReport, build_items, build_status

START = dt.date(2024, 1, 1)
RECORDED = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
LEADS = ("OSCE", "UNOCT", "UNRCCA")


def make_item(
    n: int, pillar: str, due: dt.date | None, weight: float, lead: tuple[str, ...]
) -> Item:
    return Item(
        f"X-{n}", "P", {"en": f"item {n}"}, pillar, due, lead, (), weight, (), None, (), (), {},
        "en", None,
    )  # fmt: skip


# One item: pillar, due (days after the plan's start, or none), weight, leads, and its last
# update: (status, progress %) or none.
ITEM = st.tuples(
    st.sampled_from(["I", "II", "III", "IV"]),
    st.none() | st.integers(1, 1500),
    st.floats(0.1, 10),
    st.lists(st.sampled_from(LEADS), max_size=2).map(tuple),
    st.none()
    | st.tuples(
        st.sampled_from(["in_progress", "done", "blocked", "cancelled"]), st.integers(0, 100)
    ),
)


def workspace(rows: list[tuple]) -> tuple[Workspace, list[Update]]:
    items, updates = [], []
    for n, (pillar, due, weight, lead, last) in enumerate(rows):
        day = None if due is None else START + dt.timedelta(due)
        items.append(make_item(n, pillar, day, weight, lead))
        if last is not None:
            status, progress = last
            updates.append(
                Update(f"u{n}", f"X-{n}", START, RECORDED + dt.timedelta(seconds=n), "t",
                       status=status, progress=None if status == "done" else float(progress))
            )  # fmt: skip
    ids = tuple(i.id for i in items)
    plan = Plan("P", {"en": "P"}, "p.toml", START, None, (), None, None, (), "en", ids)
    return Workspace((plan,), tuple(items)), updates


def status(rows: list[tuple], as_of: dt.date) -> StatusReport:
    ws, updates = workspace(rows)
    return build_status(ws, replay(ws.items, updates, as_of), as_of)


def ratings(report: StatusReport) -> dict[str, str | None]:
    """Every group's rating: overall, pillars, the plan, organisations, lead matrix cells."""
    out = {"overall": report.overall.rating}
    out |= {f"pillar {p.id}": p.figures.rating for p in report.pillars}
    out |= {f"plan {p.id}": p.figures.rating for p in report.plans}
    out |= {f"lead {g.id}": g.figures.rating for g in report.leads}
    assert report.by_lead is not None
    out |= {f"cell {c.pillar} {c.column}": c.figures.rating for c in report.by_lead.cells}
    return out


AS_OF = st.integers(0, 2000).map(lambda k: START + dt.timedelta(k))


@settings(max_examples=60, deadline=None)
@given(st.lists(ITEM, min_size=1, max_size=8), AS_OF)
def test_a_done_item_is_achieved_and_so_is_a_group_of_done_items(rows, as_of):
    ws, updates = workspace(rows)
    report = build_items(ws, replay(ws.items, updates, as_of), as_of, Filters())
    for row in report.rows:
        if row.status == "done" and row.item.due is not None:
            assert row.judged.rating == ACHIEVED
        if row.item.due is None or row.status == "cancelled":
            assert row.judged.rating is None
    rated = [r for r in report.rows if r.judged.rating is not None]
    if rated and all(r.status == "done" for r in rated):
        assert report.summary.overall.rating == ACHIEVED


@settings(max_examples=60, deadline=None)
@given(st.lists(ITEM, min_size=1, max_size=6), st.lists(ITEM, max_size=6), AS_OF)
def test_unrated_and_cancelled_items_never_change_a_groups_rating(rows, noise, as_of):
    # the noise: the same draws made unrated (no due date) or cancelled
    unrated = [(p, None, w, lead, last) for p, _due, w, lead, last in noise[::2]]
    cancelled = [(p, due, w, lead, ("cancelled", 0)) for p, due, w, lead, _ in noise[1::2]]
    before = ratings(status(rows, as_of))
    after = ratings(status(rows + unrated + cancelled, as_of))
    # groups the noise creates (a new organisation, new cells) have no rating of their own
    assert {k: after[k] for k in before} == before
    assert all(after[k] is None for k in after.keys() - before.keys())


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 1500), st.data())
def test_an_item_exactly_on_schedule_is_forecast_on_its_due_date_within_a_day(span, data):
    elapsed = data.draw(st.integers(1, span - 1)) if span > 1 else 1
    as_of = START + dt.timedelta(elapsed)
    due = START + dt.timedelta(span)
    progress = 100 * elapsed / span  # c == e, as a recorded percentage
    it = make_item(0, "I", due, 1.0, ())
    plan = Plan("P", {"en": "P"}, "p.toml", START, None, (), None, None, (), "en", (it.id,))
    ws = Workspace((plan,), (it,))
    update = Update("u0", it.id, START, RECORDED, "t", status="in_progress", progress=progress)
    (row,) = build_items(ws, replay(ws.items, [update], as_of), as_of, Filters()).rows
    if row.completion == 1:  # on its due date a full share is done, not forecast
        return
    assert row.judged.forecast is not None
    assert abs((row.judged.forecast - due).days) <= 1


@settings(max_examples=60, deadline=None)
@given(st.lists(ITEM, min_size=1, max_size=8), AS_OF, st.integers(0, 800))
def test_expected_is_a_share_that_never_falls_as_time_passes(rows, as_of, step):
    later = as_of + dt.timedelta(step)
    ws, updates = workspace(rows)
    figures = replay(ws.items, updates, as_of)  # the same record: only the clock moves
    first = build_items(ws, figures, as_of, Filters())
    second = build_items(ws, figures, later, Filters())
    for a, b in zip(first.rows, second.rows, strict=True):
        if a.judged.expected is None:
            assert b.judged.expected is None
            continue
        assert b.judged.expected is not None
        assert 0 <= a.judged.expected <= b.judged.expected <= 1
    e1, e2 = first.summary.overall.expected, second.summary.overall.expected
    if e1 is not None and e2 is not None:
        assert 0 <= e1 <= e2 + 1e-12 and e2 <= 1 + 1e-12
