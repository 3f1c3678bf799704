"""The answers over time that the cache keeps (``Workspace.trend``, ``report_trend`` and
``status_courses``): each ``timeline.Trend``, ``timeline.Courses`` or None as plain marshalled
values (dates as ordinals), under the question that was asked, so that a repeated ``jap trend``,
HTML report or status table reads a few hundred numbers instead of the journal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from jap_tracker.cache.entries import without_gc

if TYPE_CHECKING:
    from jap_tracker.cache.store import Store
    from jap_tracker.timeline import Courses, Point, Trend

A = TypeVar("A", bound="Trend | Courses | None")

# A question: plain values (text, ordinals, tuples, None) naming what was asked, and of what
Question = tuple[object, ...]
KEPT = 16  # answers kept, the latest ones


def day(value: dt.date | None) -> int | None:
    """A date as a question holds it."""
    return None if value is None else value.toordinal()


def _point(point: Point) -> tuple[float | None, dict[str, float | None]]:
    return point.overall, point.pillars


def encode(answer: Trend | Courses | None) -> object:
    """``answer`` as marshal can keep it."""
    from jap_tracker.timeline import Trend

    if answer is None:
        return ("none",)
    if isinstance(answer, Trend):
        periods = [
            (day(tp.period.start), day(tp.period.end), tp.period.label, *_point(tp.point))
            for tp in answer.periods
        ]
        return ("trend", answer.every, tuple(answer.scope), periods)
    return ("courses", [day(d) for d in answer.days], answer.values)


def decode(plain: object) -> Trend | Courses | None:
    """``encode`` undone; anything of another shape raises (the entry is damaged)."""
    from jap_tracker.periods import Period
    from jap_tracker.timeline import Courses, Point, Scope, Trend, TrendPeriod

    kind, *rest = cast("tuple[Any, ...]", plain)
    of = dt.date.fromordinal
    if kind == "none" and not rest:
        return None
    if kind == "trend":
        every, scope, periods = rest
        return Trend(
            every,
            Scope(*scope),
            [TrendPeriod(Period(of(a), of(b), c), Point(d, e)) for a, b, c, d, e in periods],
        )
    if kind == "courses":
        days, values = rest
        if not isinstance(values, dict):
            raise ValueError("not a course")
        return Courses([of(d) for d in days], values)
    raise ValueError(f"not an answer over time: {kind!r}")


class Answers:
    """The answers over time of one store, read on first use (``timelines.marshal``)."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._kept: list[tuple[object, object]] | None = None

    def answer(self, question: Question, compute: Callable[[], A], keep: bool) -> A:
        """The kept answer to ``question``, else ``compute``'s, and kept (with the latest
        others) when ``keep``."""
        if self._kept is None:
            self._kept = self._store.answers()
        kept: list[tuple[object, object]] = self._kept
        for asked, plain in kept:
            if asked == question:
                try:
                    return cast(A, decode(plain))
                except Exception:
                    self._store.warn_damaged("timelines.marshal")
                    break
        with without_gc():
            value = compute()
        if keep:
            others = [pair for pair in kept if pair[0] != question][-(KEPT - 1) :]
            self._kept = [*others, (question, encode(value))]
            self._store.keep_answers(self._kept)
        return value
