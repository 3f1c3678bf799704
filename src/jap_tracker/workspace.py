"""A workspace as the commands see it: plans and journal loaded, checked against each other.

This module reads files only through ``loader`` and ``journal``; the cross-checks are pure.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from jap_tracker.diagnostics import ERROR, Diagnostic, closest
from jap_tracker.model import Retraction, Update, Workspace

# loader (pydantic) and journal are imported where used: a status read from the cache
# (jap_tracker.cache) needs neither.

JOURNAL_PROBLEMS = frozenset({"unknown-item", "unknown-indicator", "unknown-country"})


class Loaded(NamedTuple):
    workspace: Workspace
    updates: list[Update]  # every update, retracted ones included
    retractions: list[Retraction]
    diagnostics: list[Diagnostic]

    def retracted(self) -> dict[str, Retraction]:
        return {r.retracts: r for r in self.retractions}

    def live_updates(self) -> list[Update]:
        """The updates that count: those no retraction withdrew."""
        gone = self.retracted()
        return [u for u in self.updates if u.id not in gone] if gone else self.updates


def load(folder: Path) -> Loaded:
    """Every plan and journal file read and checked, without the cache."""
    from jap_tracker.journal import read_journal
    from jap_tracker.layout import display_path
    from jap_tracker.loader import load_plan_files

    workspace, diagnostics, declared = load_plan_files(folder)
    updates, retractions, found = read_journal(folder, display_path)
    diagnostics = diagnostics + found + cross_check(workspace, updates, retractions, declared)
    return Loaded(workspace, updates, retractions, diagnostics)


def cross_check(
    workspace: Workspace,
    updates: list[Update],
    retractions: list[Retraction],
    declared: frozenset[str] | None = frozenset(),
) -> list[Diagnostic]:
    """Journal records measured against the plans: unknown items, indicators, countries.

    ``declared``: item ids written in plan files that have errors (None: not all are known);
    a record naming one of them is not reported as naming a removed item.
    """
    index = workspace.item_index()
    out: list[Diagnostic] = []
    seen: dict[str, Update | Retraction] = {}
    records: list[Update | Retraction] = [*updates, *retractions]
    for record in records:
        if record.id in seen:
            first = seen[record.id]
            out.append(
                Diagnostic(
                    record.path,
                    record.line,
                    0,
                    "duplicate-record",
                    f"record id '{record.id}' is also used at {first.path}:{first.line}",
                )
            )
        seen.setdefault(record.id, record)
    withdrawn = {r.retracts for r in retractions}
    for update in updates:
        if update.id in withdrawn:  # retracted: it no longer counts, so nothing to match
            continue
        item = index.get(update.item)
        where = (update.path, update.line, 0)
        if item is None:
            if declared is None or update.item in declared:
                continue  # its plan file has errors, reported on their own
            near = closest(update.item, index)
            hint = f" (did you mean {', '.join(near)}?)" if near else ""
            out.append(
                Diagnostic(
                    *where,
                    "unknown-item",
                    f"record '{update.id}' names item '{update.item}', which no "
                    f"plan has{hint}: restore the item or retract the record",
                )
            )
            continue
        for ind, _ in update.indicators:
            if not any(ind == known.id for known in item.indicators):
                out.append(
                    Diagnostic(
                        *where,
                        "unknown-indicator",
                        f"record '{update.id}' sets indicator '{ind}', which item "
                        f"'{item.id}' does not have",
                    )
                )
        if update.countries:
            extra = [c for c in update.countries if c not in item.countries]
            if extra:
                out.append(
                    Diagnostic(
                        *where,
                        "unknown-country",
                        f"record '{update.id}' is for {', '.join(extra)}, which "
                        f"item '{item.id}' does not concern",
                    )
                )
    for retraction in retractions:
        target = seen.get(retraction.retracts)
        if not isinstance(target, Update):
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


def split_problems(diagnostics: list[Diagnostic]) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """(fatal, warnings) for commands other than ``check``: journal records that no longer
    match the plans only warn there."""
    fatal: list[Diagnostic] = []
    warnings: list[Diagnostic] = []
    for d in diagnostics:
        if d.severity != ERROR:
            warnings.append(d)
        elif d.code in JOURNAL_PROBLEMS:
            warnings.append(d._replace(severity="warning"))
        else:
            fatal.append(d)
    return fatal, warnings
