"""Spec section 9, pure: per-country replay, derived status, completion, coverage, views.

Every expected figure is computed by hand in the comment beside it.
"""

from __future__ import annotations

import datetime as dt
import itertools
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jap_tracker.loader import load_plan_files
from jap_tracker.matrix import by_country
from jap_tracker.model import Indicator, Item, Plan, Update, Workspace
from jap_tracker.progress import Replayer, derive_status, entries, group, replay
from jap_tracker.report import Filters, build_items, build_status, item_row

FIVE = ("KZ", "KG", "TJ", "TM", "UZ")
AS_OF = dt.date(2024, 12, 31)
_serial = itertools.count()


def make_item(
    ident: str = "A",
    countries: tuple[str, ...] = FIVE,
    *,
    weight: float = 1.0,
    pillar: str = "I",
    due: dt.date | None = None,
    indicators: tuple[Indicator, ...] = (),
) -> Item:
    return Item(
        ident, "P", {"en": ident}, pillar, due, (), (), weight, (), None, indicators,
        countries, {}, "en",
    )  # fmt: skip


def upd(
    item: str,
    day: int,
    *,
    status: str | None = None,
    progress: float | None = None,
    countries: tuple[str, ...] | None = None,
    indicators: tuple[tuple[str, float], ...] = (),
    note: str | None = None,
) -> Update:
    """An update dated 2024-01-DAY; later calls are recorded later (the same-day order)."""
    n = next(_serial)
    recorded = dt.datetime(2024, 1, 1, tzinfo=dt.UTC) + dt.timedelta(seconds=n)
    return Update(
        f"u{n:06d}", item, dt.date(2024, 1, day), recorded, "tester", status, progress,
        indicators, countries, note,
    )  # fmt: skip


def workspace(*items: Item) -> Workspace:
    plan = Plan("P", {"en": "Plan"}, "p.toml", None, None, (), None, None, FIVE, "en",
                tuple(i.id for i in items))  # fmt: skip
    return Workspace((plan,), items)


def country_completions(item: Item, updates: list[Update]) -> dict[str, float | None]:
    from jap_tracker.progress import state_completion

    figures = replay([item], updates, AS_OF)[item.id]
    return {code: state_completion(item, view) for code, view in figures.countries.items()}


# ---- one item: the mean over countries that are not cancelled ---------------------------------


def test_completion_is_the_mean_over_countries_not_cancelled() -> None:
    item = make_item()
    updates = [
        upd("A", 1, progress=40),  # every country: 40 %
        upd("A", 2, status="done", countries=("KZ",)),
        upd("A", 2, status="cancelled", countries=("TM",)),
        upd("A", 3, progress=10, countries=("UZ",)),
    ]
    result = replay([item], updates, AS_OF)["A"]
    # KZ 1, KG 0.4, TJ 0.4, TM left out, UZ 0.1: (1 + 0.4 + 0.4 + 0.1) / 4 = 0.475
    assert result.completion == pytest.approx(0.475)
    assert result.status == "in_progress"
    assert country_completions(item, updates) == pytest.approx(
        {"KZ": 1.0, "KG": 0.4, "TJ": 0.4, "TM": None, "UZ": 0.1}
    )


def test_indicators_per_country() -> None:
    ind = Indicator("trained", {"en": "Trained"}, None, 0.0, 200.0, None)
    item = make_item(countries=("KZ", "KG"), indicators=(ind,))
    updates = [
        upd("A", 1, indicators=(("trained", 50.0),), countries=("KZ",)),
        upd("A", 2, indicators=(("trained", 300.0),), countries=("KG",)),
    ]
    result = replay([item], updates, AS_OF)["A"]
    # KZ 50/200 = 0.25; KG 300/200 clamped to 1: (0.25 + 1) / 2 = 0.625
    assert result.completion == pytest.approx(0.625)
    assert result.countries["KZ"].actuals == {"trained": 50.0}
    # a value starts a not-started country, and only that one: both are in progress
    assert [v.status for v in result.countries.values()] == ["in_progress", "in_progress"]


# ---- the derived status -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        (["cancelled", "cancelled"], "cancelled"),  # all cancelled
        (["done", "done", "cancelled"], "done"),  # all the others done
        (["done", "blocked", "in_progress"], "blocked"),  # any blocked
        (["blocked", "cancelled", "done"], "blocked"),
        (["not_started", "not_started", "cancelled"], "not_started"),  # all not started
        (["not_started", "done"], "in_progress"),  # otherwise
        (["done", "in_progress"], "in_progress"),
        (["not_started", "in_progress"], "in_progress"),
    ],
)
def test_derive_status(statuses: list[str], expected: str) -> None:
    assert derive_status(statuses) == expected


@pytest.mark.parametrize(
    ("per_country", "status", "completion", "overdue"),
    [
        # every country cancelled: cancelled, no completion, never overdue
        ({"KZ": "cancelled", "KG": "cancelled"}, "cancelled", None, False),
        # KZ done, KG cancelled: done over the others; (1) / 1 = 1; done is not overdue
        ({"KZ": "done", "KG": "cancelled"}, "done", 1.0, False),
        # KZ blocked, KG done: blocked; (0 + 1) / 2 = 0.5; overdue
        ({"KZ": "blocked", "KG": "done"}, "blocked", 0.5, True),
        # nothing recorded for KZ (not started), KG cancelled: not started; 0 / 1 = 0; overdue
        ({"KG": "cancelled"}, "not_started", 0.0, True),
        # KZ done, KG not started: in progress; (1 + 0) / 2 = 0.5; overdue
        ({"KZ": "done"}, "in_progress", 0.5, True),
    ],
)
def test_derived_status_and_overdue_through_replay(
    per_country: dict[str, str], status: str, completion: float | None, overdue: bool
) -> None:
    item = make_item(countries=("KZ", "KG"), due=dt.date(2024, 6, 30))
    updates = [upd("A", 1, status=s, countries=(c,)) for c, s in per_country.items()]
    figures = replay([item], updates, AS_OF)
    assert figures["A"].status == status
    assert figures["A"].completion == completion
    (entry,) = entries([item], figures, AS_OF)
    assert entry.overdue is overdue


# ---- which countries an update reaches --------------------------------------------------------


def test_update_without_country_reaches_countries_added_later() -> None:
    joint = upd("A", 1, progress=30)
    kz_only = upd("A", 2, progress=80, countries=("KZ",))
    before = replay([make_item(countries=("KZ", "KG"))], [joint, kz_only], AS_OF)["A"]
    assert {c: v.progress for c, v in before.countries.items()} == {"KZ": 80, "KG": 30}
    # the plan now also lists UZ: the joint update reaches it at replay time, KZ's does not
    after = replay([make_item(countries=("KZ", "KG", "UZ"))], [joint, kz_only], AS_OF)["A"]
    assert {c: v.progress for c, v in after.countries.items()} == {"KZ": 80, "KG": 30, "UZ": 30}
    # (0.8 + 0.3 + 0.3) / 3
    assert after.completion == pytest.approx(1.4 / 3)


def test_update_with_country_reaches_only_that_country() -> None:
    item = make_item(countries=("KZ", "KG", "TJ"))
    figures = replay([item], [upd("A", 1, status="done", countries=("KG", "TJ"))], AS_OF)["A"]
    assert {c: v.status for c, v in figures.countries.items()} == {
        "KZ": "not_started", "KG": "done", "TJ": "done"}  # fmt: skip
    # (0 + 1 + 1) / 3; KZ not started, the others done: in progress
    assert figures.completion == pytest.approx(2 / 3)
    assert figures.status == "in_progress"


def test_country_the_item_no_longer_concerns_is_ignored() -> None:
    # recorded for KZ and TM; the item now concerns KZ and KG only (TM dropped)
    item = make_item(countries=("KZ", "KG"))
    figures = replay([item], [upd("A", 1, status="done", countries=("KZ", "TM"))], AS_OF)["A"]
    assert set(figures.countries) == {"KZ", "KG"}
    assert figures.countries["KZ"].status == "done"
    # an item made regional since: a record for particular countries is not its own state
    regional = make_item(countries=())
    whole = replay([regional], [upd("A", 1, status="done", countries=("KZ",))], AS_OF)["A"]
    assert (whole.status, whole.completion, whole.last) == ("not_started", 0.0, None)


def test_regional_item_is_tracked_as_a_whole() -> None:
    item = make_item(countries=())
    figures = replay([item], [upd("A", 1, progress=25)], AS_OF)
    assert figures["A"].countries == {}
    assert (figures["A"].status, figures["A"].completion) == ("in_progress", 0.25)
    row = item_row(item, workspace(item).plans[0], figures["A"], AS_OF, "en")
    assert (row.progress, row.countries, row.coverage) == (25, [], None)
    # a regional item concerns no country: it is in no country's view
    assert entries([item], figures, AS_OF, "KZ") == []


# ---- coverage and report rows ----------------------------------------------------------------


def test_coverage_counts_done_out_of_not_cancelled() -> None:
    item = make_item()
    updates = [
        upd("A", 1, status="done", countries=("KZ", "KG")),
        upd("A", 1, status="in_progress", countries=("TJ",)),
        upd("A", 1, status="cancelled", countries=("TM",)),
    ]  # UZ: nothing recorded
    figures = replay([item], updates, AS_OF)
    row = item_row(item, workspace(item).plans[0], figures["A"], AS_OF, "en")
    # done: KZ, KG; not cancelled: KZ, KG, TJ, UZ
    assert row.coverage == (2, 4)
    assert row.progress is None and row.actuals == {}
    assert [(c.id, c.status) for c in row.countries] == [
        ("KZ", "done"), ("KG", "done"), ("TJ", "in_progress"), ("TM", "cancelled"),
        ("UZ", "not_started")]  # fmt: skip
    # (1 + 1 + 0 + 0) / 4 = 0.5
    assert row.completion == 0.5


def test_one_countrys_row() -> None:
    item = make_item(countries=("KZ", "KG"), due=dt.date(2024, 6, 30))
    updates = [
        upd("A", 1, progress=40, note="joint"),
        upd("A", 5, status="done", countries=("KG",)),
    ]
    figures = replay([item], updates, AS_OF)
    plan = workspace(item).plans[0]
    kz = item_row(item, plan, figures["A"], AS_OF, "en", country="KZ")
    assert (kz.status, kz.completion, kz.overdue, kz.last.note) == (
        "in_progress",
        0.4,
        True,
        "joint",
    )
    assert [c.id for c in kz.countries] == ["KZ"] and kz.coverage == (0, 1)
    kg = item_row(item, plan, figures["A"], AS_OF, "en", country="KG")
    assert (kg.status, kg.completion, kg.overdue, kg.coverage) == ("done", 1.0, False, (1, 1))


# ---- groups: each item with the country's own figures and its weight --------------------------


def test_country_groups_use_the_countrys_figures_and_the_weights() -> None:
    a = make_item("A", ("KZ", "KG"), weight=3, due=dt.date(2024, 6, 30))
    b = make_item("B", ("KZ",), weight=1, pillar="II")
    c = make_item("C", (), weight=5)  # regional: in no country's figures
    d = make_item("D", ("KG",), weight=2)
    updates = [
        upd("A", 1, progress=50, countries=("KZ",)),
        upd("A", 1, status="done", countries=("KG",)),
        upd("B", 1, status="done"),
        upd("C", 1, progress=100),
        upd("D", 1, status="cancelled"),
    ]
    report = build_status(workspace(a, b, c, d), replay([a, b, c, d], updates, AS_OF), AS_OF)
    kg, kz = report.countries  # code order
    # KZ: A (w3, 0.5), B (w1, done 1): (3 × 0.5 + 1 × 1) / 4 = 0.625; A is overdue in KZ
    assert (kz.id, kz.figures.completion, kz.figures.items, kz.figures.overdue) == (
        "KZ", 0.625, 2, 1)  # fmt: skip
    assert kz.figures.by_status == {
        "not_started": 0, "in_progress": 1, "done": 1, "blocked": 0, "cancelled": 0}  # fmt: skip
    # KG: A (w3, done), D cancelled (left out, still counted): 3 × 1 / 3 = 1
    assert (kg.id, kg.name, kg.figures.completion, kg.figures.items, kg.figures.overdue) == (
        "KG", "Kyrgyzstan", 1.0, 2, 0)  # fmt: skip
    # overall, item-level: A (0.5 + 1) / 2 = 0.75 (w3), B 1 (w1), C 1 (w5), D cancelled:
    # (3 × 0.75 + 1 + 5) / 9 = 8.25 / 9
    assert report.overall.completion == pytest.approx(8.25 / 9)


def test_no_item_with_countries_gives_no_country_groups() -> None:
    item = make_item(countries=())
    report = build_status(workspace(item), replay([item], [], AS_OF), AS_OF)
    assert report.countries == []
    assert report.by_country is not None and report.by_country.cells == []


def test_country_view_of_the_summary() -> None:
    a = make_item("A", ("KZ", "KG"), weight=2)
    b = make_item("B", ("KG",))
    c = make_item("C", ())
    ws = workspace(a, b, c)
    figures = replay(ws.items, [upd("A", 1, progress=20), upd("B", 1, status="done")], AS_OF)
    kg = build_items(ws, figures, AS_OF, Filters(country="KG"))
    assert [r.item.id for r in kg.rows] == ["A", "B"]
    # KG: (2 × 0.2 + 1 × 1) / 3 = 1.4 / 3
    assert kg.summary.overall.completion == pytest.approx(1.4 / 3)
    assert [c.id for c in kg.summary.countries] == ["KG"]
    fr = build_items(ws, figures, AS_OF, Filters(country="FR"))  # valid, concerned by nothing
    assert fr.rows == [] and fr.summary.countries == [] and fr.summary.overall.items == 0
    assert fr.summary.overall.completion is None


# ---- pillars × countries ---------------------------------------------------------------------


def test_by_country_matrix() -> None:
    a = make_item("A", ("KZ", "KG"), weight=2)  # pillar I
    b = make_item("B", ("KZ",), pillar="I")
    c = make_item("C", ("KZ", "KG", "UZ"), pillar="III")
    r = make_item("R", (), pillar="III")  # regional: not in the matrix
    updates = [
        upd("A", 1, status="done", countries=("KZ",)),
        upd("A", 1, progress=50, countries=("KG",)),
        upd("B", 1, progress=10),
        upd("C", 1, status="done", countries=("KZ", "KG")),
        upd("C", 1, status="cancelled", countries=("UZ",)),
        upd("R", 1, status="done"),
    ]
    items = [a, b, c, r]
    m = by_country(items, replay(items, updates, AS_OF), AS_OF)
    assert [c.id for c in m.countries] == ["KG", "KZ", "UZ"]
    assert len(m.cells) == 4 * 3
    kz1 = m.cell("I", "KZ")
    # KZ, pillar I: A done (w2), B 0.1 (w1): (2 + 0.1) / 3 = 0.7; done 1 of 2
    assert (kz1.figures.completion, kz1.figures.items, kz1.coverage) == (
        pytest.approx(0.7), 2, (1, 2))  # fmt: skip
    kg1 = m.cell("I", "KG")
    # KG, pillar I: A 0.5: 0.5; done 0 of 1
    assert (kg1.figures.completion, kg1.figures.items, kg1.coverage) == (0.5, 1, (0, 1))
    uz3 = m.cell("III", "UZ")
    # UZ, pillar III: C cancelled: no completion; 1 item; done 0 of 0
    assert (uz3.figures.completion, uz3.figures.items, uz3.coverage) == (None, 1, (0, 0))
    assert m.cell("II", "KZ").figures.items == 0 and m.cell("II", "KZ").coverage == (0, 0)
    # country totals are the status report's country figures: KZ: A 1 (w2), B 0.1, C 1:
    # (2 + 0.1 + 1) / 4 = 0.775; done A, C of A, B, C
    kz = m.countries[1]
    assert (kz.figures.completion, kz.coverage) == (pytest.approx(0.775), (2, 3))
    # pillar I total, item level: A (1 + 0.5) / 2 = 0.75 (w2), B 0.1 (w1): 1.6 / 3;
    # coverage: A 1 of 2 + B 0 of 1 = 1 of 3
    one = m.pillars[0]
    assert (one.figures.completion, one.figures.items, one.coverage) == (
        pytest.approx(1.6 / 3), 2, (1, 3))  # fmt: skip
    # pillar III: C done in KZ and KG, UZ cancelled: done, 1; coverage 2 of 2; R left out
    three = m.pillars[2]
    assert (three.figures.completion, three.figures.items, three.coverage) == (1.0, 1, (2, 2))
    # everything with countries: (2 × 0.75 + 0.1 + 1) / 4 = 0.65; 1 + 0 + 2 of 2 + 1 + 2
    assert (m.overall.figures.completion, m.overall.coverage) == (pytest.approx(0.65), (3, 5))


def test_by_country_in_one_countrys_view() -> None:
    a = make_item("A", ("KZ", "KG"))
    figures = replay([a], [upd("A", 1, status="done", countries=("KG",))], AS_OF)
    m = by_country([a], figures, AS_OF, country="KZ")
    assert [c.id for c in m.countries] == ["KZ"]
    # every total is KZ's own: not started, 0, done 0 of 1
    assert (m.pillars[0].figures.completion, m.pillars[0].coverage) == (0.0, (0, 1))
    assert (m.overall.figures.completion, m.overall.coverage) == (0.0, (0, 1))
    assert by_country([a], figures, AS_OF, country="FR").cells == []


# ---- steps, for changes and history ------------------------------------------------------------


def test_steps_once_per_country_with_that_countrys_from_and_to() -> None:
    item = make_item(countries=("KZ", "KG"))
    whole = make_item("W", countries=())
    updates = [
        upd("A", 2, status="done", countries=("KG",)),
        upd("A", 1, progress=40),
        upd("W", 1, progress=10),
    ]
    steps = Replayer([item, whole], updates).steps(dt.date.max)
    assert [(s.update.item, s.country) for s in steps] == [
        ("A", "KZ"), ("A", "KG"), ("W", None), ("A", "KG")]  # fmt: skip
    last = steps[-1]
    assert (last.before.status, last.after.status) == ("in_progress", "done")
    assert (last.before.progress, last.after.progress) == (40, 40)
    assert steps[0].before.progress is None and steps[0].after.progress == 40
    assert len(Replayer([item, whole], updates).steps(dt.date(2024, 1, 1))) == 3


# ---- the file format ---------------------------------------------------------------------------


def test_countries_in_files(tmp_path: Path) -> None:
    (tmp_path / "p.toml").write_text(
        textwrap.dedent("""
        [plan]
        id = "P"
        title = "P"
        countries = ["kz", "Kg", "TJ", "TM", "uz"]

        [[item]]
        id = "P-1"
        title = "the plan's countries"
        pillar = "I"

        [[item]]
        id = "P-2"
        title = "its own"
        pillar = "I"
        countries = ["tj", "KG", "af"]

        [[item]]
        id = "P-3"
        title = "regional"
        pillar = "I"
        countries = []
        """),
        encoding="utf-8",
    )
    ws, diagnostics, _declared = load_plan_files(tmp_path)
    assert diagnostics == []
    assert ws.plans[0].countries == FIVE
    assert [i.countries for i in ws.items] == [FIVE, ("TJ", "KG", "AF"), ()]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('countries = ["KZ", "XX"]', "'XX' is not an ISO 3166-1 alpha-2 country code"),
        ('countries = ["usa"]', "(did you mean US?)"),
        # any case, but the code entire: no spaces or line breaks around it
        ('countries = ["KZ", " uz"]', "' uz' is not an ISO 3166-1 alpha-2 country code"),
        ('countries = ["KZ\\n"]', "'KZ\\n' is not an ISO 3166-1 alpha-2 country code"),
        ('countries = ["KZ", "kz"]', "KZ is listed twice"),
        ('countries = "KZ"', "must be a list"),
    ],
)
def test_bad_countries_in_files_are_located_errors(tmp_path: Path, line: str, message: str) -> None:
    (tmp_path / "p.toml").write_text(
        '[plan]\nid = "P"\ntitle = "P"\n\n[[item]]\nid = "P-1"\ntitle = "t"\npillar = "I"\n'
        + line
        + "\n",
        encoding="utf-8",
    )
    _ws, diagnostics, _declared = load_plan_files(tmp_path)
    (d,) = diagnostics
    assert d.line == 9 and message in d.message and d.path.endswith("p.toml")


# ---- properties --------------------------------------------------------------------------------

STATUS = st.sampled_from(["not_started", "in_progress", "done", "blocked", "cancelled"])
FIELDS = st.tuples(
    st.integers(1, 28),
    st.none() | STATUS,
    st.none() | st.floats(0, 100),
    st.none() | st.floats(-50, 250),
).filter(lambda f: f[1:] != (None, None, None))
IND = Indicator("n", {"en": "n"}, None, 0.0, 200.0, None)


def _updates(item: str, fields: list[tuple], countries: tuple[str, ...] | None) -> list[Update]:
    return [
        upd(item, day, status=s, progress=p, countries=countries,
            indicators=(("n", v),) if v is not None else ())
        for day, s, p, v in fields
    ]  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(FIELDS, max_size=8), st.integers(1, 5), st.booleans())
def test_countries_receiving_the_same_updates_equal_the_item_as_a_whole(
    fields: list[tuple], n: int, explicit: bool
) -> None:
    codes = FIVE[:n]
    regional = make_item("R", (), indicators=(IND,))
    per_country = make_item("C", codes, indicators=(IND,))
    whole = replay([regional], _updates("R", fields, None), AS_OF)["R"]
    # joint updates, or the same updates recorded once for every country explicitly
    shared = _updates("C", fields, codes) if explicit else _updates("C", fields, None)
    split = replay([per_country], shared, AS_OF)["C"]
    assert split.status == whole.status
    if whole.completion is None:
        assert split.completion is None
    else:
        assert split.completion == pytest.approx(whole.completion)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(FIELDS, st.none() | st.sampled_from(FIVE)), max_size=10),
    st.sampled_from(FIVE),
    st.integers(1, 28),
)
def test_cancelling_one_country_never_changes_another(
    recorded: list[tuple], cancelled: str, day: int
) -> None:
    item = make_item("A", FIVE, weight=2.5, indicators=(IND,), due=dt.date(2024, 1, 15))
    other = make_item("B", ("KZ", "UZ"))
    updates = [
        u
        for fields, code in recorded
        for u in _updates("A", [fields], None if code is None else (code,))
    ]
    cancel = upd("A", day, status="cancelled", countries=(cancelled,))
    ws = workspace(item, other)
    before = build_status(ws, replay(ws.items, updates, AS_OF), AS_OF)
    figures = replay(ws.items, [*updates, cancel], AS_OF)
    after = build_status(ws, figures, AS_OF)
    old = {c.id: c.figures for c in before.countries}
    for country in after.countries:
        if country.id != cancelled:
            assert country.figures == old[country.id]
    before_views = replay(ws.items, updates, AS_OF)["A"].countries
    for code, view in figures["A"].countries.items():
        if code != cancelled:
            assert view == before_views[code]


def test_group_of_no_entries_has_no_completion() -> None:
    assert group([]).completion is None


def test_heat_map_cells_and_totals() -> None:
    from jap_tracker.render.html import country_heatmap
    from jap_tracker.render.labels import Labels

    a = make_item("A", ("KZ", "KG"))
    figures = replay([a], [upd("A", 1, status="done", countries=("KG",))], AS_OF)
    labels = Labels("en")
    svg = country_heatmap(by_country([a], figures, AS_OF), labels)
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    # 4 pillars + the totals row, × 2 countries + the totals column: 15 cells
    assert svg.count("<rect") == 15 + 11  # and 11 legend swatches
    # KG, pillar I: done 1 of 1; KZ: 0 %, 0 of 1; the item overall: (1 + 0) / 2 = 50 %
    assert "I · Kyrgyzstan: 100.0% · 1 of 1 done" in svg
    assert "I · Kazakhstan: 0.0% · 0 of 1 done" in svg
    assert "I · All: 50.0% · 1 of 2 done" in svg
    assert country_heatmap(by_country([make_item("R", ())], figures, AS_OF), labels) == ""
    assert country_heatmap(None, labels) == ""


def test_the_language_codes_are_pycountrys_iso_639_1_codes() -> None:
    """codes.py lists ISO 639-1 itself (loading pycountry's languages is slow): the same set."""
    import pycountry

    from jap_tracker import codes

    listed = {lang.alpha_2 for lang in pycountry.languages if hasattr(lang, "alpha_2")}
    assert codes._languages() == listed
    assert codes.is_language("kk") and codes.is_language("ru") and not codes.is_language("xx")


def test_the_country_data_is_pycountrys() -> None:
    """codes.py reads pycountry's files without importing it: the same codes, names, alpha-3
    codes and translations as pycountry's own objects."""
    import gettext

    import pycountry

    from jap_tracker import codes

    assert codes._countries() == {c.alpha_2: c.name for c in pycountry.countries}
    assert len(codes._countries()) > 240
    assert codes._alpha3() == {c.alpha_3: c.alpha_2 for c in pycountry.countries}
    for lang in ("fr", "ru"):
        theirs = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
        for code, name in codes._countries().items():
            assert codes.country_name(code, lang) == theirs.gettext(name)
    assert codes.country_name("KZ", "ru") == "Казахстан"
