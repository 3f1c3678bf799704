"""The values everything else passes around: plans, items, indicators and journal records.

They are immutable named tuples (cheap to build, to compare and to cache); validation happens
once, in the loader and the journal reader, before any of them is made.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import StrEnum
from typing import Any, TypeVar

from jap_tracker.named import NamedTuple

# A text written in one or several languages: language code -> text, in the order written.
Text = dict[str, str]

PILLARS: tuple[str, ...] = ("I", "II", "III", "IV")


class Status(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    BLOCKED = "blocked"
    CANCELLED = "cancelled"


STATUSES: tuple[str, ...] = tuple(s.value for s in Status)


def parse_status(text: str) -> str | None:
    """The status named by ``text`` (hyphens, spaces and case forgiven), or None."""
    value = text.strip().lower().replace("-", "_").replace(" ", "_")
    return value if value in STATUSES else None


def parse_pillar(value: object) -> str | None:
    """Pillar "I".."IV" from "I".."IV" (any case) or 1..4 (number or digit string)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return PILLARS[value - 1] if 1 <= value <= 4 else None
    if isinstance(value, str):
        text = value.strip().upper()
        if text in PILLARS:
            return text
        if text in ("1", "2", "3", "4"):
            return PILLARS[int(text) - 1]
    return None


class Indicator(NamedTuple):
    id: str
    title: Text
    unit: str | None
    baseline: float
    target: float
    description: Text | None


class Item(NamedTuple):
    id: str
    plan: str
    title: Text
    pillar: str
    due: dt.date | None
    lead: tuple[str, ...]
    partners: tuple[str, ...]
    weight: float
    tags: tuple[str, ...]
    description: Text | None
    indicators: tuple[Indicator, ...]
    countries: tuple[str, ...]  # resolved: the item's own list, else the plan's; () = regional
    extra: dict[str, Any]
    lang: str  # the plan's language, for choosing among titles
    start: dt.date | None = None  # its own start (spec section 12), else its plan's counts


class Plan(NamedTuple):
    id: str
    title: Text
    path: str
    start: dt.date | None
    end: dt.date | None
    parties: tuple[str, ...]
    source: str | None
    description: Text | None
    countries: tuple[str, ...]
    lang: str
    items: tuple[str, ...]  # item ids, in file order


class ItemShape:
    """What an update is checked against before it is written: an item's id, the ids of its
    indicators and its countries (``jap update`` needs no more, and loads no more). A plain
    class: making a named tuple class would cost ``jap update`` as much as its item lookup."""

    __slots__ = ("id", "indicators", "countries")

    def __init__(self, id: str, indicators: tuple[str, ...], countries: tuple[str, ...]) -> None:
        self.id = id
        self.indicators = indicators
        self.countries = countries

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ItemShape) and (
            (self.id, self.indicators, self.countries)
            == (other.id, other.indicators, other.countries)
        )

    def __hash__(self) -> int:
        return hash((self.id, self.indicators, self.countries))

    def __repr__(self) -> str:
        return f"ItemShape({self.id!r}, {self.indicators!r}, {self.countries!r})"


class Workspace(NamedTuple):
    plans: tuple[Plan, ...]
    items: tuple[Item, ...]

    def item_index(self) -> dict[str, Item]:
        return {item.id: item for item in self.items}


# The fields of an update record, in the order jap writes them in the journal.
UPDATE_FIELDS: tuple[str, ...] = (
    "item",
    "date",
    "status",
    "progress",
    "indicators",
    "countries",
    "note",
    "by",
    "evidence",
    "recorded",
)


class Update(NamedTuple):
    """One recorded update of one item (spec section 3)."""

    id: str  # the record's key in its journal file
    item: str
    date: dt.date
    recorded: dt.datetime
    by: str
    status: str | None = None
    progress: float | None = None
    indicators: tuple[tuple[str, float], ...] = ()
    countries: tuple[str, ...] | None = None  # None: every country the item concerns
    note: str | None = None
    evidence: str | None = None
    path: str = ""
    line: int = 0


class Retraction(NamedTuple):
    """A record that withdraws an earlier update; the update stays in the journal."""

    id: str
    retracts: str
    recorded: dt.datetime
    by: str
    note: str | None = None
    path: str = ""
    line: int = 0


def choose_text(text: Text | None, lang: str, plan_lang: str = "en") -> str:
    """Text in ``lang``, else in the plan's language, else in the first language written."""
    if not text:
        return ""
    if lang in text:
        return text[lang]
    if plan_lang in text:
        return text[plan_lang]
    return next(iter(text.values()))


def last_known(known_at: dt.date) -> dt.datetime:
    """The last moment of ``known_at``, UTC: a record counts as known at the end of that date
    when it was recorded at that moment or before."""
    day = known_at
    return dt.datetime(day.year, day.month, day.day, 23, 59, 59, 999999, tzinfo=dt.UTC)


def known(recorded: dt.datetime, known_at: dt.date | None) -> bool:
    """Whether a record ``recorded`` then counts as known at the end of ``known_at`` (UTC)."""
    return known_at is None or recorded <= last_known(known_at)


Record = TypeVar("Record", Update, Retraction)


def known_records(records: Iterable[Record], known_at: dt.date | None) -> list[Record]:
    """The records known at the end of ``known_at`` (all of them without it), in their order:
    ``known`` for each, with the day's last moment made once."""
    if known_at is None:
        return list(records)
    end = last_known(known_at)
    return [r for r in records if r.recorded <= end]


def retracted_by(retractions: list[Retraction], known_at: dt.date | None) -> dict[str, Retraction]:
    """Each withdrawn update's retraction in ``retractions``, by the update's id; with
    ``known_at``, only those recorded on or before that UTC date (what was known, and when)."""
    return {r.retracts: r for r in known_records(retractions, known_at)}
