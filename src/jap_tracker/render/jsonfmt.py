"""JSON (schema_version 1, spec section 6): report values as plain data, then text. Each
``render_*`` takes the reader's language like every renderer (render/__init__.py) and leaves it
aside: JSON has ids and values, no words to translate."""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING, Any

from jap_tracker.matrix import Matrix
from jap_tracker.model import Item, Update
from jap_tracker.progress import Group
from jap_tracker.render.jsontext import SCHEMA_VERSION, dumps
from jap_tracker.report import (
    CountryRow,
    ItemRow,
    ItemsReport,
    NamedGroup,
    StatusReport,
)

if TYPE_CHECKING:  # the time views' types; timeline itself is not needed to draw them
    from jap_tracker.brief import Brief, Move
    from jap_tracker.timeline import Change, Changes, History, HistoryEntry, Trend


def _finite(value: Any) -> Any:
    """Free-form data with nan and inf (valid TOML, not JSON) written as null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value


def group_data(figures: Group) -> dict[str, Any]:
    out: dict[str, Any] = {
        "completion": figures.completion,
        "items": figures.items,
        "by_status": dict(figures.by_status),
        "overdue": figures.overdue,
    }
    if figures.stale is not None:  # only when --stale-after was given
        out["stale"] = figures.stale
    out["expected"] = figures.expected
    out["rating"] = figures.rating
    return out


def recorded_text(moment: dt.datetime) -> str:
    """A record's ``recorded`` moment in ISO 8601, UTC (spec section 11)."""
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def _named(group: NamedGroup) -> dict[str, Any]:
    return {"id": group.id, "name": group.name, **group_data(group.figures)}


def status_data(report: StatusReport) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "as_of": report.as_of.isoformat(),
        "overall": group_data(report.overall),
        "pillars": [_named(p) for p in report.pillars],
        "plans": [
            {
                "id": plan.id,
                "title": plan.title,
                "state": plan.state,
                **group_data(plan.figures),
                "forecast": plan.forecast,
                "pillars": [
                    {"id": p.id, "completion": p.figures.completion, "items": p.figures.items}
                    for p in plan.pillars
                ],
            }
            for plan in report.plans
        ],
        "countries": [_named(c) for c in report.countries],
        "leads": [{"id": lead.id, **group_data(lead.figures)} for lead in report.leads],
    }


def matrix_data(matrix: Matrix | None, column: str, rated: bool = False) -> list[dict[str, Any]]:
    """The cells of pillars × ``column`` ("country" or "lead"), pillar by pillar, column by
    column in the matrix's order; ``rated``: with each cell's ``expected`` and ``rating``."""
    if matrix is None:
        return []
    return [
        {
            "pillar": cell.pillar,
            column: cell.column,
            "completion": cell.figures.completion,
            "items": cell.figures.items,
            "coverage": {"done": cell.coverage[0], "of": cell.coverage[1]},
            **({"expected": cell.figures.expected, "rating": cell.figures.rating} if rated else {}),
        }
        for cell in matrix.cells
    ]


def update_data(update: Update | None) -> dict[str, Any] | None:
    if update is None:
        return None
    out: dict[str, Any] = {
        "date": update.date.isoformat(),
        "by": update.by,
        "note": update.note,
        "record": update.id,
    }
    if update.evidence:
        out["evidence"] = update.evidence
    return out


def _indicators(item: Item, actuals: dict[str, float] | None, lang: str) -> list[dict[str, Any]]:
    from jap_tracker.model import choose_text

    return [
        {
            "id": ind.id,
            "title": choose_text(ind.title, lang, item.lang),
            "unit": ind.unit,
            "baseline": ind.baseline,
            "target": ind.target,
            "actual": None if actuals is None else actuals.get(ind.id),
        }
        for ind in item.indicators
    ]


def _country(item: Item, row: CountryRow, lang: str) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.name,
        "status": row.status,
        "progress": row.progress,
        "completion": row.completion,
        "indicators": _indicators(item, row.actuals, lang),
        "last_update": update_data(row.last),
    }


def item_data(row: ItemRow, lang: str) -> dict[str, Any]:
    item = row.item
    has_countries = bool(item.countries)
    out: dict[str, Any] = {
        "id": item.id,
        "plan": item.plan,
        "pillar": item.pillar,
        "title": row.title,
        "status": row.status,
        "progress": row.progress,
        "completion": row.completion,
        "weight": item.weight,
        "due": item.due.isoformat() if item.due else None,
        "overdue": row.overdue,
        "stale": row.stale,
        "lead": list(item.lead),
        "partners": list(item.partners),
        "tags": list(item.tags),
        "indicators": _indicators(item, None if has_countries else row.actuals, lang),
        "last_update": update_data(row.last),
        "countries": [_country(item, c, lang) for c in row.countries],
        "coverage": {"done": row.coverage[0], "of": row.coverage[1]} if row.coverage else None,
        "extra": _finite(item.extra),
        "start": item.start,
        "expected": row.judged.expected,
        "rating": row.judged.rating,
        "forecast": row.judged.forecast,
    }
    return out


def items_data(report: ItemsReport) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "as_of": report.as_of.isoformat(),
        "filters": report.filters.as_json(),
        "summary": status_data(report.summary),
        "items": [item_data(row, report.lang) for row in report.rows],
    }


def render_status(report: StatusReport, lang: str = "en") -> str:
    return dumps(status_data(report))


def render_by_country(report: StatusReport, lang: str = "en") -> str:
    """``jap status --by country``: the status object plus ``by_country``."""
    return dumps({**status_data(report), "by_country": matrix_data(report.by_country, "country")})


def render_by_lead(report: StatusReport, lang: str = "en") -> str:
    """``jap status --by lead``: the status object plus ``by_lead`` (rated cells)."""
    return dumps({**status_data(report), "by_lead": matrix_data(report.by_lead, "lead", True)})


def render_items(report: ItemsReport, lang: str = "en") -> str:
    return dumps(items_data(report))


# ---- progress over time (spec section 8) ---------------------------------------------------


def trend_data(trend: Trend) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "every": trend.every,
        "periods": [
            {
                "start": tp.period.start.isoformat(),
                "end": tp.period.end.isoformat(),
                "overall": tp.point.overall,
                "pillars": dict(tp.point.pillars),
            }
            for tp in trend.periods
        ],
    }


def _record_data(update: Update) -> dict[str, Any]:
    return {
        "item": update.item,
        "date": update.date.isoformat(),
        "by": update.by,
        "note": update.note,
        "record": update.id,
        "recorded": recorded_text(update.recorded),
    }


def change_data(change: Change, records: dict[int, dict[str, Any]] | None = None) -> dict[str, Any]:
    """One change; ``records``: the record fields already written, by the identity of the
    update (which the changes hold while they are drawn), so that a record applied to several
    countries is written once."""
    update = change.update
    if records is None:
        out = _record_data(update)
    else:
        known = records.get(id(update))
        if known is None:
            known = records[id(update)] = _record_data(update)
        out = known.copy()
    if change.country is not None:
        out["country"] = change.country
    if update.status is not None:  # what the update set (Change.status), read as it is
        out["status"] = {"from": change.before.status, "to": change.after.status}
    if update.progress is not None:
        out["progress"] = {"from": change.before.progress, "to": change.after.progress}
    return out


def changes_data(changes: Changes) -> dict[str, Any]:
    before, after = changes.before, changes.after
    records: dict[int, dict[str, Any]] = {}
    out: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "since": changes.since.isoformat(),
        "until": changes.until.isoformat(),
        "updates": [change_data(c, records) for c in changes.changes],
        "pillars": [
            {"id": p, "from": before.pillars[p], "to": after.pillars[p]} for p in before.pillars
        ],
        "overall": {"from": before.overall, "to": after.overall},
    }
    if changes.retractions is not None:  # --recorded (spec section 11)
        out["retractions"] = [
            {
                "record": r.id,
                "retracts": r.retracts,
                "item": item,
                "by": r.by,
                "note": r.note,
                "recorded": recorded_text(r.recorded),
            }
            for r, item in changes.retractions
        ]
    return out


def history_entry_data(entry: HistoryEntry) -> dict[str, Any]:
    """Only what the update recorded; fields it did not record are absent."""
    update = entry.update
    out: dict[str, Any] = {
        "date": update.date.isoformat(),
        "by": update.by,
        "record": update.id,
        "recorded": recorded_text(update.recorded),
    }
    if entry.country is not None:
        out["country"] = entry.country
    elif entry.update.countries:
        out["countries"] = list(entry.update.countries)
    if update.note is not None:
        out["note"] = update.note
    if update.status is not None:
        out["status"] = update.status
    if update.progress is not None:
        out["progress"] = update.progress
    if update.indicators:
        out["indicators"] = dict(update.indicators)
    if update.evidence is not None:
        out["evidence"] = update.evidence
    if entry.retraction is not None:
        gone = entry.retraction
        out["retracted"] = {"record": gone.id, "by": gone.by, "note": gone.note}
    return out


def history_data(history: History) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "item": history.item.id,
        "updates": [history_entry_data(e) for e in history.entries],
    }


def render_trend(trend: Trend, lang: str = "en") -> str:
    return dumps(trend_data(trend))


def render_changes(changes: Changes, lang: str = "en") -> str:
    return dumps(changes_data(changes))


def render_history(history: History, lang: str = "en") -> str:
    return dumps(history_data(history))


# ---- the brief (spec section 15) ----------------------------------------------------------


def _move(move: Move) -> dict[str, Any]:
    return {"from": move.before, "to": move.after, "rating": move.rating}


def brief_data(brief: Brief) -> dict[str, Any]:
    """The brief's figures, its updates as ``jap changes --recorded`` gives them, and its
    lists of item ids."""
    return {
        "schema_version": SCHEMA_VERSION,
        "since": brief.since.isoformat(),
        "until": brief.until.isoformat(),
        "ahead": brief.ahead,
        "overall": _move(brief.overall),
        "pillars": [{"id": p.id, **_move(p)} for p in brief.pillars],
        "updates": [change_data(c) for c in brief.changes.changes],
        "completed": [row.item.id for row in brief.completed],
        "newly_overdue": [row.item.id for row in brief.newly_overdue],
        "blocked": [row.item.id for row in brief.blocked],
        "due_soon": [{"id": row.item.id, "due": row.item.due} for row in brief.due_soon],
        "at_risk": [{"id": row.item.id, "rating": row.judged.rating} for row in brief.at_risk],
    }


def render_brief(brief: Brief, lang: str = "en") -> str:
    return dumps(brief_data(brief))
