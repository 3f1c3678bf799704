"""One replay, one answer (spec section 8): a trend's value at a period's end is what status says
as of that end, and ``changes`` moves from the status as of ``since`` to the one as of ``until``.

Properties (hypothesis) over small random workspaces and journals, through the library calls
the commands make: ``timeline.build_trend`` / ``build_changes`` against ``progress.replay`` and
``report.build_status`` (what ``jap status --as-of`` and ``jap report --country`` print).
"""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from jap_tracker.model import PILLARS, STATUSES, Indicator, Item, Plan, Update, Workspace
from jap_tracker.progress import replay, weighted_mean
from jap_tracker.report import Filters, build_status, done_and_overdue, item_rows
from jap_tracker.running import RunningMean, term
from jap_tracker.timeline import (
    EVERYTHING,
    Scope,
    build_changes,
    build_trend,
    changes_and_figures,
    status_point,
)

D = dt.date
T0 = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
START = D(2024, 1, 1)
COUNTRIES = ("KZ", "KG", "TJ")
INDICATORS = (
    Indicator("i0", {"en": "i0"}, None, 0.0, 10.0, None),
    Indicator("i1", {"en": "i1"}, None, 5.0, -5.0, None),  # a falling target
)


def make_item(
    ident: str,
    plan: str = "P",
    pillar: str = "I",
    weight: float = 1.0,
    due: dt.date | None = None,
    indicators: tuple[Indicator, ...] = (),
    countries: tuple[str, ...] = (),
) -> Item:
    return Item(
        ident,
        plan,
        {"en": ident},
        pillar,
        due,
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


def make_workspace(items: list[Item]) -> Workspace:
    plans = tuple(
        Plan(p, {"en": p}, f"{p}.toml", None, None, (), None, None, (), "en",
             tuple(i.id for i in items if i.plan == p))
        for p in ("P", "Q")
    )  # fmt: skip
    return Workspace(plans, tuple(items))


@st.composite
def workspaces(draw: st.DrawFn) -> Workspace:
    count = draw(st.integers(1, 6))
    items = [
        make_item(
            f"I{k}",
            draw(st.sampled_from(["P", "Q"])),
            draw(st.sampled_from(PILLARS)),
            draw(
                st.sampled_from([1.0, 2.0, 0.5, 3.0])
                | st.floats(1e-3, 1e3)
                | st.sampled_from([0.1, 0.7, 1e16])  # where a plain sum would round
                | st.sampled_from([1e308, 1.5e308])  # where a sum overflows
            ),
            draw(st.none() | st.dates(START, START + dt.timedelta(days=120))),
            tuple(draw(st.lists(st.sampled_from(INDICATORS), max_size=2, unique_by=id))),
            draw(st.sampled_from([(), (), ("KZ",), ("KZ", "KG"), ("KG", "TJ", "KZ")])),
        )
        for k in range(count)
    ]
    return make_workspace(items)


def updates_for(workspace: Workspace) -> st.SearchStrategy[list[Update]]:
    ids = [item.id for item in workspace.items] + ["GONE"]
    one = st.builds(
        lambda n, target, day, minute, status, progress, values, countries: Update(
            f"u{n}",
            target,
            START + dt.timedelta(days=day),
            T0 + dt.timedelta(minutes=minute),  # ties: then by path and line
            "t",
            status,
            progress,
            values,
            countries,
            path="j.toml",
            line=n,
        ),
        st.integers(0, 10**6),
        st.sampled_from(ids),
        st.integers(0, 100),  # about three months: several updates on one date
        st.integers(0, 5),
        st.none() | st.sampled_from(STATUSES),
        st.none() | st.floats(0, 100),
        st.lists(
            st.tuples(st.sampled_from(["i0", "i1", "zz"]), st.floats(-20, 20)),
            max_size=2,
            unique_by=lambda pair: pair[0],
        ).map(tuple),
        # country-tagged updates of regional items, and of countries an item does not concern
        st.none()
        | st.lists(st.sampled_from([*COUNTRIES, "UZ"]), min_size=1, max_size=3).map(tuple),
    )
    return st.lists(one, max_size=20, unique_by=lambda u: u.id)


@st.composite
def cases(draw: st.DrawFn) -> tuple[Workspace, list[Update], Scope]:
    workspace = draw(workspaces())
    updates = draw(updates_for(workspace))
    scope = Scope(
        tuple(draw(st.lists(st.sampled_from(PILLARS), max_size=2, unique=True))),
        tuple(draw(st.lists(st.sampled_from(["P", "Q"]), max_size=1))),
        draw(st.none() | st.sampled_from([*COUNTRIES, "UZ"])),
    )
    return workspace, updates, scope


def as_status(workspace: Workspace, updates: list[Update], day: dt.date, scope: Scope):
    """(overall, {pillar: completion}) that status (or report, under the filters) gives."""
    report = build_status(
        workspace,
        replay(workspace.items, updates, day),
        day,
        items=scope.select(workspace),
        country=scope.country,
    )
    return report.overall.completion, {g.id: g.figures.completion for g in report.pillars}


def same(a: float | None, b: float | None) -> bool:
    """Equal to the bit (and None with None)."""
    return a is b is None or (a is not None and b is not None and a.hex() == b.hex())


@settings(max_examples=150, deadline=None)
@given(
    cases(),
    st.sampled_from(["month", "quarter", "year"]),
    st.integers(-10, 130),
    st.none() | st.integers(-40, 130),
)
def test_a_trend_value_is_the_status_as_of_the_period_end(case, every, until, since):
    workspace, updates, scope = case
    last = START + dt.timedelta(days=until)
    first = None if since is None else min(last, START + dt.timedelta(days=since))
    trend = build_trend(workspace, updates, every, last, first, scope)
    assert trend.periods[-1].period.end == last
    for period, point in trend.periods:
        overall, pillars = as_status(workspace, updates, period.end, scope)
        assert same(point.overall, overall), (period, point, overall)
        assert point.pillars.keys() == pillars.keys()
        for p in PILLARS:
            assert same(point.pillars[p], pillars[p]), (period, p)


@settings(max_examples=100, deadline=None)
@given(cases(), st.integers(-10, 130))
def test_each_countrys_trend_is_its_column_of_the_status(case, until):
    """The status JSON's ``countries`` and the pillars × countries cells are the figures of
    ``trend --country`` for each country."""
    workspace, updates, _scope = case
    day = START + dt.timedelta(days=until)
    report = build_status(workspace, replay(workspace.items, updates, day), day)
    assert report.by_country is not None
    for column in report.countries:
        trend = build_trend(workspace, updates, "year", day, scope=Scope(country=column.id))
        point = trend.periods[-1].point
        assert same(point.overall, column.figures.completion)
        for p in PILLARS:
            assert same(point.pillars[p], report.by_country.cell(p, column.id).figures.completion)


@settings(max_examples=100, deadline=None)
@given(cases(), st.integers(-10, 130), st.integers(0, 60))
def test_changes_move_from_one_status_to_the_other(case, since, span):
    workspace, updates, scope = case
    first = START + dt.timedelta(days=since)
    last = first + dt.timedelta(days=span)
    result = build_changes(workspace, updates, first, last, scope)
    for point, day in ((result.before, first), (result.after, last)):
        overall, pillars = as_status(workspace, updates, day, scope)
        assert same(point.overall, overall)
        assert all(same(point.pillars[p], pillars[p]) for p in PILLARS)
    assert all(first < change.update.date <= last for change in result.changes)


@settings(max_examples=150, deadline=None)
@given(cases(), st.integers(-10, 130), st.integers(0, 60), st.integers(0, 100), st.integers(0, 100))
def test_changes_from_figures_at_hand_are_the_changes_replayed(case, since, span, gone, known):
    """The figures that a caller hands in, as of since (kept by the store: the replay then
    goes on from them) and as of until (the kept final ones), give the very changes that
    ``build_changes`` replays when it has none, in both kinds: over one state of knowledge,
    and between two (``known_before``). As in the test below, the later knowledge lacks the
    first ``gone`` percent of the updates (retracted since) and the earlier one the last
    ``100 - known`` percent (recorded since, some of them back-dated)."""
    workspace, updates, scope = case
    first = START + dt.timedelta(days=since)
    last = first + dt.timedelta(days=span)
    later = updates[len(updates) * gone // 100 :]
    earlier = updates[: len(updates) * known // 100]
    for known_before in (None, earlier):
        alone = build_changes(workspace, later, first, last, scope, known_before)
        then = replay(workspace.items, later if known_before is None else known_before, first)
        now = replay(workspace.items, later, last)
        for at_since, at_until in ((then, None), (None, now), (then, now)):
            handed = build_changes(
                workspace,
                later,
                first,
                last,
                scope,
                known_before,
                at_since=at_since,
                at_until=at_until,
            )
            assert handed == alone
        # the point as of until read from the status report of the same items (what jap
        # changes takes from the kept report), with no figures as of until at all
        report = build_status(
            workspace, now, last, items=scope.select(workspace), country=scope.country
        )
        after = status_point(report)
        assert list(after.pillars) == list(PILLARS)
        handed = build_changes(
            workspace, later, first, last, scope, known_before, at_since=then, after=after
        )
        assert handed == alone


@settings(max_examples=150, deadline=None)
@given(cases(), st.integers(-10, 130), st.integers(0, 60), st.integers(0, 100), st.integers(0, 100))
def test_figures_known_before_are_those_of_their_own_replay(case, since, span, gone, known):
    """Between two states of knowledge, the figures as of ``since`` as known then come out of
    the one replay of what is known later, with only the items whose updates up to ``since``
    differ replayed again: exactly what replaying the earlier knowledge alone gives. Here the
    later knowledge lacks the first ``gone`` percent of the updates (retracted since) and the
    earlier one the last ``100 - known`` percent (recorded since, some of them back-dated)."""
    workspace, updates, scope = case
    first = START + dt.timedelta(days=since)
    last = first + dt.timedelta(days=span)
    later = updates[len(updates) * gone // 100 :]
    earlier = updates[: len(updates) * known // 100]
    _changes, then, _now = changes_and_figures(workspace, later, first, last, scope, earlier)
    alone = replay(workspace.items, earlier, first)
    assert then == {item_id: alone[item_id] for item_id in then}
    counted = {i.id for i in scope.select(workspace)}
    assert set(then) <= counted


@settings(max_examples=100, deadline=None)
@given(cases(), st.integers(-10, 130))
def test_done_and_overdue_are_what_the_rows_say(case, day):
    """The brief's sets of items done and overdue as of a date, made without the rows, are
    those of ``item_rows`` under the same pillars, plans and country."""
    workspace, updates, scope = case
    as_of = START + dt.timedelta(days=day)
    figures = replay(workspace.items, updates, as_of)
    view = Filters(pillars=scope.pillars, plans=scope.plans, country=scope.country)
    rows = item_rows(workspace, figures, as_of, view)
    done = {row.item.id for row in rows if row.status == "done"}
    overdue = {row.item.id for row in rows if row.overdue}
    assert done_and_overdue(workspace, figures, as_of, view) == (done, overdue)


def test_done_and_overdue_in_a_countrys_view_by_hand():
    """KZ has done its share of I0 (due in the past), KG has not: in KZ's view I0 is done and
    not overdue; over both it is in progress and overdue; I1, regional, is neither in KZ's
    view (not its country) and overdue over all."""
    i0 = make_item("I0", due=START, countries=("KZ", "KG"))
    i1 = make_item("I1", due=START)
    workspace = make_workspace([i0, i1])
    done = Update("u1", "I0", START, T0, "t", "done", None, (), ("KZ",), path="j.toml", line=1)
    as_of = START + dt.timedelta(days=5)
    figures = replay(workspace.items, [done], as_of)
    assert done_and_overdue(workspace, figures, as_of, Filters(country="KZ")) == ({"I0"}, set())
    assert done_and_overdue(workspace, figures, as_of, Filters()) == (set(), {"I0", "I1"})


# ---- the case of issue 11, by hand -----------------------------------------------------------


def test_an_update_for_a_country_of_a_regional_item_counts_nowhere():
    """Loaded with a warning (``jap check`` reports it); status skips it, and so do trend and
    changes: 0.0 everywhere, and no change to list."""
    workspace = make_workspace([make_item("R")])  # regional: no countries
    tagged = Update("u1", "R", D(2024, 2, 10), T0, "t", progress=50.0, countries=("KZ",))
    day = D(2024, 3, 31)
    assert as_status(workspace, [tagged], day, EVERYTHING)[0] == 0.0
    trend = build_trend(workspace, [tagged], "month", day)
    assert [tp.point.overall for tp in trend.periods] == [0.0, 0.0]
    changes = build_changes(workspace, [tagged], D(2024, 1, 1), day)
    assert (changes.before.overall, changes.after.overall, changes.changes) == (0.0, 0.0, [])


def test_a_trend_counts_again_only_what_moved_but_sees_every_change():
    a, b = make_item("A", weight=2.0), make_item("B", pillar="II", countries=("KZ", "KG"))
    updates = [
        Update("u1", "A", D(2024, 1, 5), T0, "t", progress=25.0),
        Update("u2", "B", D(2024, 2, 5), T0, "t", status="done", countries=("KG",)),
        Update("u3", "A", D(2024, 3, 5), T0, "t", status="cancelled"),
    ]
    trend = build_trend(make_workspace([a, b]), updates, "month", D(2024, 3, 31))
    # Jan: A 0.25 × 2 / 3; Feb: B's mean (0 + 1) / 2 too; Mar: A left out, B alone
    assert [tp.point.overall for tp in trend.periods] == [0.5 / 3, 1 / 3, 0.5]
    assert [tp.point.pillars["I"] for tp in trend.periods] == [0.25, 0.25, None]


# ---- the running mean ------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 5),
            st.floats(5e-324, 1.7e308) | st.sampled_from([1.0, 0.1, 3.0]),
            st.none() | st.floats(0, 1) | st.sampled_from([0.0, 1.0, 1 / 3]),
        ),
        max_size=30,
    )
)
def test_the_running_mean_is_weighted_mean_to_the_bit(changes):
    """After every change, what ``group`` would compute from scratch over the members."""
    running = RunningMean()
    members: dict[str, tuple[float, float]] = {}
    for key, weight, value in changes:
        running.set(str(key), term(weight, value))
        members.pop(str(key), None)
        if value is not None:
            members[str(key)] = (weight * value, weight)
        expected = (
            weighted_mean([m[0] for m in members.values()], [m[1] for m in members.values()])
            if members
            else None
        )
        assert same(running.value(), expected)
