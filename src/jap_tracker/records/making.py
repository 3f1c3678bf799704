"""Records about to be made: ``record_update`` and ``record_retraction``, the library calls behind
``jap update`` and ``jap retract``. Each checks what it is given in a fixed order and raises a
:class:`RecordError` for the first problem, naming the field to fix, in the words the command
line shows; it returns the record's fields, as ``journal.format_record`` writes them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol

from jap_tracker.model import STATUSES, Retraction, Update, parse_status
from jap_tracker.records.rules import (
    MIN_PART,
    MIN_PREFIX,
    Items,
    RecordError,
    given,
    indicator_ids,
    mismatches,
    name_of,
    number,
    progress_value,
    records_something,
    unknown_item,
)


def record_update(
    items: Items | Callable[[], Items],
    item_id: str,
    *,
    status: str | None = None,
    progress: str | float | None = None,
    indicators: Iterable[tuple[str, str | float]] = (),
    note: str | None = None,
    date: dt.date | Callable[[], dt.date] | None = None,
    countries: Iterable[str] = (),
    by: str | Callable[[], str],
    evidence: str | None = None,
    today: dt.date | Callable[[], dt.date],
    now: dt.datetime,
) -> dict[str, Any]:
    """The fields of a new update of ``item_id`` (as ``journal.format_record`` writes them),
    else a :class:`RecordError` for the first problem, checked in this order: status (any
    case, ``-`` or space for ``_``), progress, indicator values, note, that something is
    recorded, the date (``today`` when None; never after ``today``), countries (ISO codes in
    any case), the name, the evidence link; then, against ``items``, the item, its indicators
    and its countries. Numbers may be given as text in ASCII decimal. ``items``, ``date``,
    ``today`` and ``by`` may each be a function that gives the value, called in its turn (a
    command reads its options, and loads the workspace, only as far as the checks go)."""
    fields: dict[str, Any] = {"item": item_id}
    if status is not None:
        parsed = parse_status(status)
        if parsed is None:
            raise RecordError(
                "status", f"unknown status {status!r}; choose one of {', '.join(STATUSES)}"
            )
        fields["status"] = parsed
    if progress is not None:
        asked = "a number from 0 to 100"
        value = progress_value(number(progress, "progress", "--progress ".__add__, asked))
        if value is None:
            shown = progress if isinstance(progress, str) else f"{progress:g}"
            raise RecordError("progress", f"{shown} is out of range: progress is from 0 to 100")
        fields["progress"] = value
    values = {
        ident: number(raw, "indicators", f"--indicator {ident}=".__add__)  # the hint's example
        for ident, raw in indicators
    }
    if values:
        fields["indicators"] = values
    if note is not None:
        if not note.strip():
            raise RecordError("note", "the note is empty")
        fields["note"] = note
    if not records_something(fields.get("status"), fields.get("progress"), values, note):
        raise RecordError(
            None, "nothing to record: give --status, --progress, --indicator or --note"
        )
    day = None if date is None else given(date)
    last = given(today)
    day = last if day is None else day
    if day > last:
        raise RecordError("date", f"{day} is in the future: record progress once it has happened")
    fields["date"] = day
    wanted: list[str] = []
    for code in countries:
        from jap_tracker.codes import country_problem, normalize_country

        norm = normalize_country(code.strip())  # spaces around are no matter
        if norm is None:
            raise RecordError("countries", country_problem(code))
        if norm not in wanted:
            wanted.append(norm)
    if wanted:
        fields["countries"] = wanted
    fields["by"] = name_of(given(by))
    if evidence is not None:
        if not evidence.strip():
            raise RecordError("evidence", "the evidence link is empty")
        fields["evidence"] = evidence.strip()
    index = given(items)
    for code, names in mismatches(item_id, values, wanted, index):
        if code == "unknown-item":
            raise RecordError("item", unknown_item(item_id, index))
        target = index[item_id]
        if code == "unknown-indicator":
            known = indicator_ids(target)
            hint = f"has: {', '.join(known)}" if known else "has no indicators"
            raise RecordError(
                "indicators", f"unknown indicator {names[0]!r}; item {item_id} {hint}"
            )
        if not target.countries:
            raise RecordError("countries", f"item {item_id} is tracked as a whole, not per country")
        raise RecordError(
            "countries",
            f"item {item_id} does not concern {names[0]}; it concerns "
            f"{', '.join(target.countries)}",
        )
    fields["recorded"] = now
    return fields


# ---- retractions ----------------------------------------------------------------------------


def match_records(ref: str, ids: Iterable[str]) -> list[str]:
    """The record ids that ``ref`` names: itself; else the ids it begins, when it is at least
    ``MIN_PREFIX`` characters long (the first letter and 8 more); else the ids that hold it
    anywhere, when it is at least ``MIN_PART`` long (the random part after the dash is 8)."""
    pool = ids if isinstance(ids, set | frozenset | dict) else set(ids)
    if ref in pool:
        return [ref]
    if len(ref) >= MIN_PREFIX:
        found = sorted(i for i in pool if i.startswith(ref))
        if found:
            return found
    if len(ref) < MIN_PART:
        return []
    return sorted(i for i in pool if ref in i)


class Journal(Protocol):
    """What a retraction is checked against: the journal's records."""

    @property
    def updates(self) -> Sequence[Update]: ...
    @property
    def retractions(self) -> Sequence[Retraction]: ...


def retraction_target(ref: str, journal: Journal) -> Update:
    """The update that ``ref`` (an id, or a prefix of one) names and that may be retracted."""
    records: dict[str, Update | Retraction] = {r.id: r for r in journal.retractions}
    records.update((u.id, u) for u in journal.updates)
    found = match_records(ref, records)
    if not found:
        short = (
            f"; give at least {MIN_PART} characters of the id (its random part after the "
            "dash, or its start)"
            if len(ref) < MIN_PART
            else ""
        )
        raise RecordError(
            "record",
            f"no record {ref!r} in the journal{short}; `jap update` prints the id of each "
            "record it makes, and `jap history ITEM` lists them",
        )
    if len(found) > 1:
        shown = "; ".join(_described(records[i]) for i in found[:5])
        shown += f" and {len(found) - 5} more" if len(found) > 5 else ""
        raise RecordError(
            "record", f"{ref!r} names {len(found)} records: {shown}; give more of the id"
        )
    target = records[found[0]]
    if not isinstance(target, Update):
        raise RecordError(
            "record",
            f"{target.id} is a retraction, not an update; a retraction stays: to make the "
            "update count again, record it again with `jap update`",
        )
    earlier = {r.retracts: r for r in journal.retractions}.get(target.id)
    if earlier is not None:
        raise RecordError(
            "record",
            f"{target.id} was already retracted by {earlier.id} ({earlier.by}, "
            f"{earlier.recorded:%Y-%m-%d %H:%M} UTC)",
        )
    return target


def _described(record: Update | Retraction) -> str:
    """A record named among others: its id, and the item and date of an update (or the record
    that a retraction withdraws), so that the reader sees which one is meant."""
    if isinstance(record, Update):
        return f"{record.id} ({record.item}, {record.date})"
    return f"{record.id} (retracts {record.retracts})"


def record_retraction(
    journal: Journal | Callable[[], Journal],
    ref: str,
    *,
    note: str | None,
    by: str | Callable[[], str],
    now: dt.datetime,
) -> tuple[Update, dict[str, Any]]:
    """The update that ``ref`` names and the fields of a retraction of it, else a
    :class:`RecordError`: the reference, the note and the name first, then the journal."""
    ref = ref.strip()
    if not ref:
        raise RecordError("record", "the record id is empty")
    if note is not None and not note.strip():
        raise RecordError("note", "the note is empty")
    author = name_of(given(by))
    target = retraction_target(ref, given(journal))
    return target, {"retracts": target.id, "note": note, "by": author, "recorded": now}
