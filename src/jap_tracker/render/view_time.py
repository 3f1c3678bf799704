"""The human tables of the commands over time (``jap trend``, ``changes``, ``history``), each
decided once as a view (render/view.py says what a view is) for the terminal and Markdown.
Pure: no Rich, no markup, no escaping.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from itertools import groupby
from operator import attrgetter
from typing import TYPE_CHECKING, TypeVar

from jap_tracker.model import PILLARS, choose_text
from jap_tracker.render.common import Once, sparkline
from jap_tracker.render.labels import PERIOD_TITLES, Labels, points_text
from jap_tracker.render.view import (
    Cell,
    Column,
    Row,
    Span,
    View,
    evidence_spans,
    fill,
    own,
    title_of,
)

if TYPE_CHECKING:
    from jap_tracker.timeline import Change, Changes, History, Trend


T = TypeVar("T")
_RECORD = attrgetter("update.id")  # the record of a change or of a history entry
SPARK_WIDTH = 36  # at most this many periods in a course (the latest ones): fits 80 columns


def trend_values(trend: Trend, labels: Labels) -> View:
    """Completion overall and per pillar at the end of each period."""
    _ = labels
    pct = labels.numbers.percent
    columns = (
        Column(_("Period"), wrap=False),
        Column(_("End"), wrap=False),
        Column(_("Overall"), numeric=True, wrap=False),
        *[Column(p, numeric=True, wrap=False) for p in PILLARS],
    )
    rows = tuple(
        Row(
            (
                (own(tp.period.label),),
                (own(labels.numbers.date(tp.period.end)),),
                (own(pct(tp.point.overall), "total"),),
                *[(own(pct(tp.point.pillars[p])),) for p in PILLARS],
            )
        )
        for tp in trend.periods
    )
    return View(title_of(_(PERIOD_TITLES[trend.every])), columns, rows)


def trend_course(trend: Trend, labels: Labels) -> View:
    """Each pillar's course as a sparkline over the latest SPARK_WIDTH periods, with its first
    and last figures."""
    _ = labels
    pct = labels.numbers.percent
    series = [(own(p), [tp.point.pillars[p] for tp in trend.periods]) for p in PILLARS]
    series.append((own(_("Overall"), "total"), [tp.point.overall for tp in trend.periods]))
    rows = []
    for name, points in series:
        points = points[-SPARK_WIDTH:]
        line = sparkline(points)
        first, last = (points[0], points[-1]) if points else (None, None)
        rows.append(Row(((name,), (own(line, "course"),), (own(pct(first)),), (own(pct(last)),))))
    columns = (
        Column(_("Pillar"), wrap=False),
        Column(_("Course"), wrap=False),
        Column(_("From"), numeric=True, wrap=False),
        Column(_("To"), numeric=True, wrap=False),
    )
    return View(title_of(_("Course by pillar")), columns, tuple(rows))


def _by_record(entries: Sequence[T]) -> list[list[T]]:
    """Entries (each with its ``update``) in runs of the same record: a regional record, which
    a replay lists once per country it applied to, is one run, so that people read it once
    (JSON and CSV keep one entry per country, spec section 9)."""
    return [list(run) for _record, run in groupby(entries, _RECORD)]


def _countries(codes: Sequence[str | None]) -> str:
    """The countries a record applied to, in the order replayed: "KZ, KG, UZ"."""
    return ", ".join(filter(None, codes))


_NOTHING: Cell = (own(""),)  # a field that a record did not set


def _move(labels: Labels, before: object, after: object, status: bool) -> str:
    if status:
        return f"{labels.status(str(before))} → {labels.status(str(after))}"
    return f"{_progress(labels, before)} → {_progress(labels, after)}"


def _moves(labels: Labels, run: Sequence[Change], status: bool) -> Cell:
    """What one record moved: one ``before → after`` when it moved every country alike, else
    a line for each move with the countries it moved ("KZ, UZ: Not started → Done"); nothing
    for a field the record did not set (``Change.status``, ``Change.progress``)."""
    update = run[0].update  # one record: it set the same fields for every country
    if (update.status if status else update.progress) is None:
        return _NOTHING
    if len(run) == 1:  # a record of an item without countries, or for one country
        states = run[0].before, run[0].after
        if status:
            return (own(_move(labels, states[0].status, states[1].status, True)),)
        return (own(_move(labels, states[0].progress, states[1].progress, False)),)
    pairs: list[tuple[str | None, tuple[object, object]]]
    if status:
        pairs = [(c.country, (c.before.status, c.after.status)) for c in run]
    else:
        pairs = [(c.country, (c.before.progress, c.after.progress)) for c in run]
    moves = list(dict.fromkeys(pair for _country, pair in pairs))
    if len(moves) == 1:
        return (own(_move(labels, *moves[0], status)),)
    out: list[Span] = []
    for move in moves:
        if out:
            out.append(own("\n", "break"))
        codes = _countries([country for country, pair in pairs if pair == move])
        out.append(own(f"{codes}: {_move(labels, *move, status)}"))
    return tuple(out)


def _key(progress: float | None) -> object:
    """A progress as a key of cells made once: 0.0 and -0.0 are equal but shown apart."""
    return progress if progress else repr(progress)


def _moved(pairs: list[tuple[object, object]], run: Sequence[Change]) -> object:
    """What a record moved, as a key of cells made once: its one move when it moved every
    country alike, else each country's move."""
    if pairs.count(pairs[0]) == len(pairs):
        return pairs[0]
    return tuple(zip([c.country for c in run], pairs, strict=True))


def _progress(labels: Labels, progress: object) -> str:
    """A recorded progress (0–100) as a percentage."""
    return labels.numbers.percent(progress / 100 if isinstance(progress, float | int) else None)


def changes_recorded(changes: Changes, labels: Labels) -> View:
    """The updates recorded between the two dates, once each with the countries it applied to,
    and what it moved."""
    _ = labels
    date = labels.numbers.date
    title = _("Recorded after {since}, up to {until}").format(
        since=date(changes.since), until=date(changes.until)
    )
    columns = (
        Column(_("Date"), wrap=False),
        Column(_("Item"), wrap=False),
        Column(_("Country")),
        Column(_("By"), share=1),
        Column(_("Status")),
        Column(_("Progress"), wrap=False),
        Column(_("Note"), share=3),
    )
    # each distinct cell made once, rows sharing it: a listing of 75,000 rows holds a few
    # thousand distinct dates, ids, names and moves
    days: Once[dt.date, Cell] = Once(lambda day: (own(date(day)),))
    texts: Once[str, Cell] = Once(lambda text: (Span(text),))
    places: Once[str, Cell] = Once(lambda codes: (own(codes),))
    statuses: dict[object, Cell] = {}  # what a record moved, by the states it moved
    progresses: dict[object, Cell] = {}
    rows = []
    for run in _by_record(changes.changes):
        first = run[0]
        update = first.update
        one = len(run) == 1
        countries = first.country or "" if one else _countries([c.country for c in run])
        status = moved = _NOTHING
        key: object
        if update.status is not None:
            if one:  # (a record of one state: its one move is the key)
                key = first.before.status, first.after.status
            else:
                key = _moved([(c.before.status, c.after.status) for c in run], run)
            status = statuses.get(key) or statuses.setdefault(key, _moves(labels, run, True))
        if update.progress is not None:
            if one:
                key = _key(first.before.progress), _key(first.after.progress)
            else:
                key = _moved([(_key(c.before.progress), _key(c.after.progress)) for c in run], run)
            moved = progresses.get(key) or progresses.setdefault(key, _moves(labels, run, False))
        note = update.note or ""
        cells = (
            days[update.date],
            texts[update.item],
            places[countries],
            texts[update.by],
            status,
            moved,
            (Span(note), *evidence_spans(update.evidence, after=note))
            if update.evidence
            else texts[note],
        )
        rows.append(Row(cells))
    return View(
        title_of(title), columns, tuple(rows), empty=_("No update recorded in these dates.")
    )


def changes_moved(changes: Changes, labels: Labels) -> View:
    """Completion per pillar and overall at both dates, and the move in percentage points."""
    _ = labels
    pct, date = labels.numbers.percent, labels.numbers.date
    rows = [(own(p), changes.before.pillars[p], changes.after.pillars[p]) for p in PILLARS]
    rows.append((own(_("Overall"), "total"), changes.before.overall, changes.after.overall))
    columns = (
        Column(_("Pillar"), wrap=False),
        Column(date(changes.since), numeric=True, wrap=False),
        Column(date(changes.until), numeric=True, wrap=False),
        Column(_("Change"), numeric=True, wrap=False),
    )
    return View(
        title_of(_("How the figures moved")),
        columns,
        tuple(
            Row(((name,), (own(pct(a)),), (own(pct(b)),), (own(points_text(labels, a, b)),)))
            for name, a, b in rows
        ),
    )


def history(history: History, labels: Labels) -> View:
    """Every update of one item, oldest first, once each with its record id and the countries
    it applied to; retracted ones struck, with who withdrew them."""
    _ = labels
    item = history.item
    title = fill(
        _("History of {item}"),
        "item",
        f"{item.id}: {choose_text(item.title, labels.lang, item.lang)}",
    )
    rows = []
    for run in _by_record(history.entries):
        u, gone = run[0].update, run[0].retraction
        struck = "" if gone is None else "struck"
        progress = _progress(labels, u.progress) if u.progress is not None else ""
        indicators = "; ".join(f"{k}={labels.numbers.number(v)}" for k, v in u.indicators)
        note: tuple[Span, ...] = (
            Span(u.note or "", struck),
            *evidence_spans(u.evidence, struck, u.note or ""),
        )
        if gone is not None:
            note += fill(_("retracted by {by}"), "by", gone.by, "retraction")
            if gone.note:
                note += (Span(": " + gone.note, "retraction-note"),)
        countries = _countries([e.country for e in run]) or ", ".join(u.countries or ())
        cells: tuple[Cell, ...] = (
            (own(labels.numbers.date(u.date), struck),),
            (Span(u.id, struck),),
            (own(countries, struck),),
            (Span(u.by, struck),),
            (own(labels.status(u.status) if u.status else "", struck),),
            (own(progress, struck),),
            (Span(indicators, struck),),
            note,
        )
        rows.append(Row(cells))
    columns = (
        Column(_("Date"), wrap=False),
        Column(_("Record"), key=True, wrap=False),
        Column(_("Country")),
        Column(_("By"), share=1),
        Column(_("Status")),
        Column(_("Progress"), numeric=True),
        Column(_("Indicators"), share=1),
        Column(_("Note"), share=3),
    )
    return View(title, columns, tuple(rows), empty=_("No update recorded."))
