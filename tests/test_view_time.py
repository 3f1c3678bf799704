"""The listing of ``jap changes`` (render/view_time.changes_recorded) makes each distinct cell
once and lets rows share it; every row still holds what its own record says: the cells made
once equal the cells made for the row alone, for any records, countries and states (0.0 and
-0.0, which are equal but shown apart, included)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from jap_tracker.model import Update
from jap_tracker.progress import StateView
from jap_tracker.render import view_time
from jap_tracker.render.labels import Labels
from jap_tracker.render.view import Span, evidence_spans, own
from jap_tracker.timeline import Change, Changes, Point

STATUSES = ["not_started", "in_progress", "done", "blocked", "cancelled"]
PROGRESS = st.sampled_from([None, 0.0, -0.0, 0, 5.0, 5, 37.5, 100.0])
STATES = st.builds(StateView, st.sampled_from(STATUSES), PROGRESS, st.just({}), st.none())
DAYS = st.dates(dt.date(2024, 1, 1), dt.date(2024, 1, 9))


@st.composite
def runs(draw: st.DrawFn) -> list[Change]:
    """One record's changes: one, or one per country it applied to."""
    update = Update(
        id=draw(st.uuids()).hex,
        item=draw(st.sampled_from(["A-1", "B-2"])),
        date=draw(DAYS),
        recorded=dt.datetime(2024, 1, 10, tzinfo=dt.UTC),
        by=draw(st.sampled_from(["Aigerim", "Timur"])),
        status=draw(st.none() | st.sampled_from(STATUSES)),
        progress=draw(PROGRESS),
        note=draw(st.sampled_from([None, "", "Met (1)", "Met (2)"])),
        evidence=draw(st.sampled_from([None, "https://example.org/1", "minutes"])),
    )
    countries = draw(
        st.just([None]) | st.lists(st.sampled_from(["KZ", "KG", "UZ"]), min_size=1, max_size=3)
    )
    return [Change(update, country, draw(STATES), draw(STATES)) for country in countries]


@settings(max_examples=200, deadline=None)
@given(st.lists(runs(), max_size=8), st.sampled_from(["en", "fr", "ru"]))
def test_cells_made_once_are_the_cells_of_each_row(some: list[list[Change]], lang: str) -> None:
    labels = Labels(lang)
    changes = Changes(
        dt.date(2024, 1, 1),
        dt.date(2024, 1, 9),
        None,  # type: ignore[arg-type]  # the listing does not read the scope
        [change for run in some for change in run],
        Point(None, {}),
        Point(None, {}),
    )
    listed = view_time.changes_recorded(changes, labels)
    records = view_time._by_record(changes.changes)
    assert len(listed.rows) == len(records)
    for row, run in zip(listed.rows, records, strict=True):
        update = run[0].update
        note = update.note or ""
        assert row.cells == (
            (own(labels.numbers.date(update.date)),),
            (Span(update.item),),
            (own(view_time._countries([c.country for c in run])),),
            (Span(update.by),),
            view_time._moves(labels, run, True),
            view_time._moves(labels, run, False),
            (Span(note), *evidence_spans(update.evidence, after=note)),
        )


SPACES = st.sampled_from([" ", "\xa0", "\u1680", "\u2003", "\u2028", "\u3000", "\t", "\x85"])


@given((st.text() | st.text(SPACES | st.sampled_from("a/:"))).map(lambda t: "https://" + t))
def test_linkable_is_printable_without_spaces(url: str) -> None:
    """``view.linkable`` asks the whole text at once what it asks of each character."""
    from jap_tracker.render.view import linkable

    each = all(c.isprintable() and not c.isspace() for c in url)
    assert linkable(url) == (url.lower().startswith(("http://", "https://")) and each)
