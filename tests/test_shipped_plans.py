"""The shipped plans (plans/ at the repository's root) and their recorded history.

The two programmes of issue 16 (customs in counter-terrorism, seed 003; the UNCCT South-South
programme, seed 004) are present, valid, sourced and written in English, French and Russian, and
no journal update of their items is dated after the source it names.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import pytest

from jap_tracker.journal import read_journal
from jap_tracker.loader import load_plan_files
from jap_tracker.model import Item, Update, Workspace

ROOT = Path(__file__).resolve().parents[1]
PLANS = ROOT / "plans"
LANGUAGES = ("en", "fr", "ru")

# Each programme's plan: its source document (the seed it was written from), that source's
# own date (the last day it can vouch for), and how the notes spell that date.
PROGRAMMES = {
    # WCO news item on the Tashkent conference of 3-4 Mar 2022, dated 4 March 2022.
    "WCO-CUSTOMS": ("shared/seeds/003", dt.date(2022, 3, 4), "4 Mar 2022"),
    # UNOCT page «Coopération Sud-Sud»: undated; the latest date its text gives is March 2019.
    "UNCCT-SSC": ("shared/seeds/004", dt.date(2019, 3, 31), "March 2019"),
}

# The items that the sources say something dated about; every other item of the two plans
# stays without an update (no progress that the sources do not state).
UPDATED = {"WCO-CUSTOMS-01", "WCO-CUSTOMS-02", "WCO-CUSTOMS-03", "WCO-CUSTOMS-04", "UNCCT-SSC-01"}


@pytest.fixture(scope="module")
def workspace() -> Workspace:
    loaded, diagnostics, _declared = load_plan_files(PLANS)
    assert diagnostics == []
    return loaded


@pytest.fixture(scope="module")
def updates() -> list[Update]:
    records, _retractions, diagnostics = read_journal(PLANS)
    assert diagnostics == []
    return records


def _items(workspace: Workspace, plan_id: str) -> list[Item]:
    return [item for item in workspace.items if item.plan == plan_id]


def test_the_shipped_workspace_passes_check(jap: Callable[..., CompletedProcess[str]]) -> None:
    result = jap("check", "--plans", PLANS)
    assert result.returncode == 0, result.stderr
    assert "no problems" in result.stdout + result.stderr


@pytest.mark.parametrize("plan_id", sorted(PROGRAMMES))
def test_programme_is_shipped_sourced_and_in_three_languages(
    workspace: Workspace, plan_id: str
) -> None:
    seed, _date, _label = PROGRAMMES[plan_id]
    plans = {plan.id: plan for plan in workspace.plans}
    assert plan_id in plans
    plan = plans[plan_id]
    assert plan.source and seed in plan.source
    for text in (plan.title, plan.description):
        assert text is not None
        assert all(text.get(lang, "").strip() for lang in LANGUAGES), text
    items = _items(workspace, plan_id)
    assert items
    for item in items:
        assert all(item.title.get(lang, "").strip() for lang in LANGUAGES), item.id
        assert item.description is not None, item.id
        assert all(item.description.get(lang, "").strip() for lang in LANGUAGES), item.id
        assert seed in item.description["en"], item.id  # each item names its source
        assert "Pillar assignment is ours" in item.description["en"], item.id
        assert item.pillar in {"I", "II", "III", "IV"}
        assert item.lead, item.id


def test_programmes_hold_what_the_sources_describe(workspace: Workspace) -> None:
    customs = " ".join(item.title["en"] for item in _items(workspace, "WCO-CUSTOMS"))
    for subject in ("Tashkent", "Operation Cosmo", "1540", "2370", "national counter-terrorism"):
        assert subject in customs
    south = [item.title["en"] for item in _items(workspace, "UNCCT-SSC")]
    assert len(south) == 5  # the scoping phase and the four outputs of the implementation phase
    for subject in ("Scoping phase", "platform", "forum", "handbook", "Mainstream"):
        assert any(subject in title for title in south), subject


@pytest.mark.parametrize("plan_id", sorted(PROGRAMMES))
def test_plan_has_begun_by_its_source_date(workspace: Workspace, plan_id: str) -> None:
    _seed, date, _label = PROGRAMMES[plan_id]
    plan = {plan.id: plan for plan in workspace.plans}[plan_id]
    assert plan.start is None or plan.start <= date  # else its updates would fall before it


def test_no_update_is_dated_after_its_source(workspace: Workspace, updates: list[Update]) -> None:
    owner = {item.id: item.plan for item in workspace.items}
    seen = set()
    for update in updates:
        plan_id = owner.get(update.item)
        if plan_id not in PROGRAMMES:
            continue
        seed, date, label = PROGRAMMES[plan_id]
        seen.add(update.item)
        note = update.note or ""
        # The note names its source, with that source's date, in its closing parentheses.
        closing = re.search(r"\(([^()]*)\)\s*$", note)
        assert closing and seed in closing.group(1) and label in closing.group(1), note
        assert update.date <= date, (update.item, update.date, date)
        assert update.progress is None and not update.indicators, update.item
    assert seen == UPDATED
