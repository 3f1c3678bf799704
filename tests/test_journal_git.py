"""Real git: two branches record updates, to different items and to the same one, and merge
with plain `git merge`, no conflict, under each conflict style; both records then count."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from jap_tracker import journal

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

PLAN = """
[plan]
id = "P"
title = "Plan P"

[[item]]
id = "P-1"
title = "One"
pillar = "I"

[[item]]
id = "P-2"
title = "Two"
pillar = "I"

[[item]]
id = "P-3"
title = "Three"
pillar = "I"

[[item]]
id = "P-4"
title = "Four"
pillar = "I"
"""
DAY = {"JAP_TODAY": "2026-03-31"}
STYLES = ["merge", "diff3", "zdiff3"]


def git_env(home: Path) -> dict[str, str]:
    # git's default configuration: no user or system config files
    return {"HOME": str(home), "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": str(home / "none")}


@pytest.fixture
def repo(tmp_path: Path, jap):
    root = tmp_path / "repo"
    (root / "plans").mkdir(parents=True)
    (root / "plans" / "p.toml").write_text(PLAN)
    env = git_env(tmp_path)

    def git(*args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            ["git", *args], cwd=root, capture_output=True, text=True, timeout=60,
            env={**os.environ, **env},
        )  # fmt: skip
        if ok:
            assert result.returncode == 0, f"git {' '.join(args)}: {result.stdout}{result.stderr}"
        return result

    def update(*args: str) -> str:
        result = jap("update", *args, "--plans", root / "plans", env=DAY)
        assert result.returncode == 0, result.stderr
        return result.stdout.split()[1].rstrip(":")

    def commit(message: str) -> None:
        git("add", "-A")
        git("commit", "-q", "-m", message)

    git("init", "-q", "-b", "main")
    git("config", "user.name", "Test")
    git("config", "user.email", "test@example.org")
    commit("plans")
    return root, git, update, commit


def merged_figures(root: Path, jap) -> dict:
    report = jap("report", "-f", "json", "--plans", root / "plans", env=DAY)
    assert report.returncode == 0, report.stderr
    return {i["id"]: (i["progress"], i["status"]) for i in json.loads(report.stdout)["items"]}


def branch_pair(repo, base_record: bool) -> tuple[str, set[str]]:
    """Branches `a` and `b` from main; with ``base_record`` main already has a month file."""
    root, git, update, commit = repo
    ids: set[str] = set()
    if base_record:
        ids.add(update("P-4", "--progress", "10", "--date", "2026-03-01"))
        commit("base record")
    git("branch", "a")
    git("branch", "b")
    git("checkout", "-q", "a")
    ids.add(update("P-1", "--progress", "30", "--date", "2026-03-10", "--note", "from a"))
    ids.add(update("P-2", "--status", "done", "--date", "2026-03-02"))
    commit("a")
    git("checkout", "-q", "b")
    # P-1 on b: an earlier date, recorded later -> a's 30 wins (date order first)
    ids.add(update("P-1", "--progress", "70", "--date", "2026-03-05", "--note", "from b"))
    # P-3 on both sides on the same date: b's is recorded later, so it wins
    commit("b")
    git("checkout", "-q", "a")
    ids.add(update("P-3", "--progress", "20", "--date", "2026-03-20"))
    commit("a2")
    git("checkout", "-q", "b")
    ids.add(update("P-3", "--progress", "60", "--date", "2026-03-20"))
    commit("b2")
    return git("rev-parse", "HEAD").stdout.strip(), ids


@pytest.mark.parametrize("base_record", [False, True], ids=["add-add", "existing-file"])
def test_two_branches_merge_without_conflict_under_every_style(repo, jap, base_record):
    root, git, _, _ = repo
    head_b, ids = branch_pair(repo, base_record)
    journal_dir = root / "plans" / "journal"
    shards = sorted(p.name for p in journal_dir.glob("*.toml"))
    assert len(shards) == 1  # both branches wrote the same month file
    assert "merge=union" in (journal_dir / ".gitattributes").read_text()
    for style in STYLES:
        git("reset", "-q", "--hard", head_b)
        result = git("-c", f"merge.conflictstyle={style}", "merge", "--no-edit", "a", ok=False)
        assert result.returncode == 0, f"{style}: {result.stdout}{result.stderr}"
        assert git("status", "--porcelain").stdout == ""
        text = (journal_dir / shards[0]).read_text()
        assert "<<<<<<<" not in text and "|||||||" not in text and ">>>>>>>" not in text
        updates, retractions, problems = journal.read_journal(root / "plans")
        assert problems == [], f"{style}: {problems}"
        assert {u.id for u in updates} == ids, style
    check = jap("check", "--plans", root / "plans", env=DAY)  # after the last (zdiff3) merge
    assert check.returncode == 0 and f"{len(ids)} journal records" in check.stdout, check.stderr
    # replayed by date, then by the order recorded
    figures = merged_figures(root, jap)
    assert figures["P-1"] == (30, "in_progress")  # a's 2026-03-10 comes after b's 2026-03-05
    assert figures["P-2"] == (None, "done")
    assert figures["P-3"] == (60, "in_progress")  # same date: b's was recorded later
    assert figures["P-4"] == ((10, "in_progress") if base_record else (None, "not_started"))


def test_a_retraction_on_one_branch_and_updates_on_the_other_merge(repo, jap):
    root, git, update, commit = repo
    first = update("P-1", "--progress", "50", "--date", "2026-03-01")
    commit("base")
    git("checkout", "-q", "-b", "fix")
    retract = jap("retract", first, "--note", "wrong figure", "--plans", root / "plans")
    assert retract.returncode == 0, retract.stderr
    commit("retract")
    git("checkout", "-q", "main")
    update("P-1", "--progress", "20", "--date", "2026-03-02")
    commit("more")
    result = git("merge", "--no-edit", "fix", ok=False)
    assert result.returncode == 0, result.stdout + result.stderr
    figures = merged_figures(root, jap)
    assert figures["P-1"] == (20, "in_progress")  # the 50 is retracted; the 20 counts
    assert jap("check", "--plans", root / "plans", env=DAY).returncode == 0


def test_a_cherry_picked_record_merged_again_counts_once(repo, jap):
    # union merging keeps both copies of a line that both sides added at different places
    # (git 2.39 does here, under every conflict style): the record must count once
    root, git, update, commit = repo
    git("checkout", "-q", "-b", "a")
    picked = update("P-1", "--progress", "40", "--date", "2026-03-01")
    commit("a")
    git("checkout", "-q", "main")
    first = update("P-4", "--progress", "5", "--date", "2026-03-01")  # the pick lands after it
    commit("main")
    git("cherry-pick", "a")
    mine = update("P-2", "--progress", "10", "--date", "2026-03-02")
    commit("main2")
    git("checkout", "-q", "a")
    theirs = update("P-3", "--progress", "20", "--date", "2026-03-03")
    commit("a2")
    git("checkout", "-q", "main")
    head = git("rev-parse", "HEAD").stdout.strip()
    for style in STYLES:
        git("reset", "-q", "--hard", head)
        result = git("-c", f"merge.conflictstyle={style}", "merge", "--no-edit", "a", ok=False)
        assert result.returncode == 0, f"{style}: {result.stdout}{result.stderr}"
        updates, _, problems = journal.read_journal(root / "plans")
        assert problems == [] and sorted(u.id for u in updates) == sorted(
            [first, picked, mine, theirs]
        )
    check = jap("check", "--plans", root / "plans", env=DAY)
    assert check.returncode == 0 and "4 journal records" in check.stdout, check.stderr
