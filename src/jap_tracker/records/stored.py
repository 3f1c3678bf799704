"""Records as stored in the journal: one record's key and TOML value read into an update or a
retraction (``read_record``, for the journal reader), and the stored records measured against
the plans (``cross_check``, for the workspace). Every problem is a located diagnostic, in the
words of ``jap check``.
"""

from __future__ import annotations

import datetime as dt
from operator import itemgetter
from typing import Any, Protocol

from jap_tracker.diagnostics import Diagnostic, closest
from jap_tracker.model import STATUSES, Retraction, Update
from jap_tracker.records.rules import (
    BOUND_TEXT,
    RETRACTION_KEYS,
    Items,
    Mismatch,
    finite,
    is_name,
    is_record_id,
    mismatches,
    progress_value,
    record_keys,
    records_something,
)


def read_record(
    key: str, value: Any, path: str, line: int
) -> tuple[Update | Retraction | None, list[Diagnostic]]:
    """One stored record (its key and TOML value, on ``line`` of ``path``) -> the record, or
    its problems located there."""
    problems: list[str] = []
    if not is_record_id(key):
        problems.append(f"record id {key!r} may hold only letters, digits, '_' and '-'")
    if not isinstance(value, dict):
        return None, [_bad(path, line, f"record '{key}' must be an inline table {{ ... }}")]
    kind_keys = record_keys(value)
    for field in value:
        if field not in kind_keys:
            near = closest(field, kind_keys, n=1)
            hint = f" (did you mean '{near[0]}'?)" if near else ""
            problems.append(f"unknown field '{field}'{hint}")
    by = value.get("by")
    if not is_name(by):
        problems.append("'by' must be a non-empty string")
    recorded = value.get("recorded")
    if isinstance(recorded, dt.datetime):
        if recorded.tzinfo is None:
            recorded = recorded.replace(tzinfo=dt.UTC)
    else:
        problems.append("'recorded' must be a date-time like 2026-11-23T10:00:00Z")
    note = value.get("note")
    if note is not None and not isinstance(note, str):
        problems.append("'note' must be a string")
    if kind_keys is RETRACTION_KEYS:
        target = value.get("retracts")
        if not isinstance(target, str) or not target:
            problems.append("'retracts' must name a record id")
        if problems:
            return None, [_bad(path, line, f"record '{key}': {p}") for p in problems]
        assert isinstance(recorded, dt.datetime)
        return Retraction(key, str(target), recorded, str(by), note, path, line), []
    item = value.get("item")
    if not isinstance(item, str) or not item:
        problems.append("'item' must be a non-empty string")
    date = value.get("date")
    if isinstance(date, dt.datetime) or not isinstance(date, dt.date):
        problems.append("'date' must be a date like 2024-05-14")
    status = value.get("status")
    if status is not None and status not in STATUSES:
        problems.append(f"'status' must be one of {', '.join(STATUSES)}")
    progress = value.get("progress")
    if progress is not None:
        number = finite(progress)
        progress = None if number is None else progress_value(number)
        if progress is None:
            problems.append("'progress' must be a number from 0 to 100")
    indicators: tuple[tuple[str, float], ...] = ()
    raw_ind = value.get("indicators")
    if raw_ind is not None:
        kept = stored_indicators(raw_ind)
        if kept is None:
            problems.append(
                f"'indicators' must be a table of indicator ids to numbers {BOUND_TEXT}"
            )
        else:
            indicators = kept
    countries: tuple[str, ...] | None = None
    raw_c = value.get("countries")
    if raw_c is not None:
        countries = stored_countries(raw_c)
        if countries is None:
            problems.append("'countries' must be a non-empty list of ISO 3166-1 alpha-2 codes")
    evidence = value.get("evidence")
    if evidence is not None and not isinstance(evidence, str):
        problems.append("'evidence' must be a string")
    if not problems and not records_something(status, progress, indicators, note):
        problems.append("records nothing: it needs a status, progress, indicators or a note")
    if problems:
        return None, [_bad(path, line, f"record '{key}': {p}") for p in problems]
    assert isinstance(date, dt.date) and isinstance(recorded, dt.datetime)
    return Update(
        key,
        str(item),
        date,
        recorded,
        str(by),
        status,
        progress,
        indicators,
        countries,
        note,
        evidence,
        path,
        line,
    ), []


def stored_indicators(raw: object) -> tuple[tuple[str, float], ...] | None:
    """A stored ``indicators`` value as an update keeps it; None unless it is a table of
    finite numbers within the bound."""
    if not isinstance(raw, dict):
        return None
    values = {k: finite(v) for k, v in raw.items()}
    if None in values.values():
        return None
    return tuple((k, v) for k, v in values.items() if v is not None)


def stored_countries(raw: object) -> tuple[str, ...] | None:
    """A stored ``countries`` value as an update keeps it (codes in capitals); None unless it
    is a non-empty list of ISO 3166-1 alpha-2 codes."""
    from jap_tracker.codes import normalize_country

    normal = (
        [normalize_country(c) if isinstance(c, str) else None for c in raw]
        if isinstance(raw, list)
        else [None]
    )
    if None in normal or not normal:
        return None
    return tuple(c for c in normal if c)


def _bad(path: str, line: int, message: str) -> Diagnostic:
    return Diagnostic(path, line, 0, "bad-record", message)


# ---- against the plans ----------------------------------------------------------------------


class Indexed(Protocol):
    """A workspace, as the cross-check reads it."""

    def item_index(self) -> Items: ...


# What the cross-check asks of an update, read in C: its id, item, indicators and countries.
_ASKED = itemgetter(*map(Update._fields.index, ("id", "item", "indicators", "countries")))


def cross_check(
    workspace: Indexed,
    updates: list[Update],
    retractions: list[Retraction],
    declared: frozenset[str] | None = frozenset(),
) -> list[Diagnostic]:
    """Stored records measured against the plans (``workspace.item_index()``): ids used twice,
    unknown items, indicators and countries, retractions of what is not an update.

    ``declared``: item ids written in plan files that have errors (None: not all are known);
    a record naming one of them is not reported as naming a removed item.
    """
    index: Items = workspace.item_index()
    out: list[Diagnostic] = []
    records: list[Update | Retraction] = [*updates, *retractions]
    seen: dict[str, Update | Retraction] = {r.id: r for r in reversed(records)}  # the first
    if len(seen) < len(records):  # an id used twice: each later use, in the records' order
        passed: set[str] = set()
        for record in records:
            if record.id in passed:
                first = seen[record.id]
                message = f"record id '{record.id}' is also used at {first.path}:{first.line}"
                out.append(Diagnostic(record.path, record.line, 0, "duplicate-record", message))
            passed.add(record.id)
    withdrawn = {r.retracts for r in retractions}
    verdicts: dict[tuple[str, tuple[str, ...], tuple[str, ...] | None], list[Mismatch]] = {}
    for update, (uid, item_id, values, countries) in zip(
        updates, map(_ASKED, updates), strict=True
    ):
        if uid in withdrawn:  # retracted: it no longer counts, so nothing to match
            continue
        wanted = tuple(ind for ind, _ in values) if values else ()
        asked = (item_id, wanted, countries)
        found = verdicts.get(asked)  # the same item, indicators and countries: the same verdict
        if found is None:
            if item_id not in index and (declared is None or item_id in declared):
                found = verdicts[asked] = []  # its plan file has errors, reported on their own
            else:
                found = verdicts[asked] = mismatches(item_id, wanted, countries, index)
        for code, names in found:
            where = (update.path, update.line, 0, code)
            if code == "unknown-item":
                hint = f" (did you mean {', '.join(names)}?)" if names else ""
                message = (
                    f"record '{update.id}' names item '{update.item}', which no "
                    f"plan has{hint}: restore the item or retract the record"
                )
            elif code == "unknown-indicator":
                message = (
                    f"record '{update.id}' sets indicator '{names[0]}', which item "
                    f"'{update.item}' does not have"
                )
            else:
                message = (
                    f"record '{update.id}' is for {', '.join(names)}, which "
                    f"item '{update.item}' does not concern"
                )
            out.append(Diagnostic(*where, message))
    for retraction in retractions:
        if not isinstance(seen.get(retraction.retracts), Update):
            out.append(
                Diagnostic(
                    retraction.path,
                    retraction.line,
                    0,
                    "bad-retraction",
                    f"record '{retraction.id}' retracts '{retraction.retracts}', "
                    "which is not an update in the journal",
                )
            )
    return out
