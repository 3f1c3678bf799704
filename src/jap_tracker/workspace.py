"""A workspace as the commands see it: plans and journal loaded, checked against each other.

This module reads files only through ``loader`` and ``journal``; the records are measured
against the plans by ``records.cross_check`` (pure).
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from jap_tracker.diagnostics import ERROR, Diagnostic
from jap_tracker.model import Retraction, Update, Workspace

# loader (pydantic), journal and records are imported where used: a status read from the
# cache (jap_tracker.cache) needs none of them.

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
    from jap_tracker.records import cross_check

    workspace, diagnostics, declared = load_plan_files(folder)
    updates, retractions, found = read_journal(folder, display_path)
    diagnostics = diagnostics + found + cross_check(workspace, updates, retractions, declared)
    return Loaded(workspace, updates, retractions, diagnostics)


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
