"""`jap history ITEM` from the cache's index by item (cache/store.py ``item_records``): once
kept, it reads neither the journal nor the plans, and it answers what a run without a cache
answers, after retractions, updates and damage too."""

from __future__ import annotations

from pathlib import Path

import pytest

from jap_tracker.workspace import Workspace
from test_timeline_cli import TODAY, recorded, retract, workspace  # noqa: F401 (fixtures)

NO_CACHE = {**TODAY, "JAP_NO_CACHE": "1"}


def history(jap, folder: Path, *args: str, env: dict[str, str] = TODAY):
    return jap("history", *args, "--format", "json", "--plans", folder, env=env)


def forbid_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*_: object) -> None:
        raise AssertionError("read the whole journal or the plans")

    monkeypatch.setattr(Workspace, "_load_journal", fail)
    monkeypatch.setattr(Workspace, "_load_plans", fail)


@pytest.mark.parametrize(
    "args",
    [
        ("A-2",),
        ("A-1",),
        ("B-1", "--known-at", "2024-03-01"),
        ("A-2", "--as-of", "2024-03-01"),
        ("A-3", "--format", "csv"),
    ],
)
def test_a_kept_index_answers_without_the_journal(args, workspace, jap, monkeypatch):  # noqa: F811
    folder, _ = workspace
    expected = history(jap, folder, *args, env=NO_CACHE)
    assert expected.returncode == 0 and expected.stdout.count("\n") > 3
    assert history(jap, folder, "A-1").returncode == 0  # keeps the index by item
    forbid_reading(monkeypatch)
    again = history(jap, folder, *args)
    assert (again.returncode, again.stdout, again.stderr) == (0, expected.stdout, "")


def test_a_retraction_written_later_is_seen(workspace, jap):  # noqa: F811
    folder, ids = workspace
    assert '"retracted"' not in history(jap, folder, "A-2").stdout
    retract(folder, ids[8])
    after = history(jap, folder, "A-2")
    assert '"retracted"' in after.stdout
    assert after.stdout == history(jap, folder, "A-2", env=NO_CACHE).stdout


def test_an_update_recorded_later_is_seen(workspace, jap):  # noqa: F811
    folder, _ = workspace
    before = history(jap, folder, "A-3").stdout
    done = jap("update", "A-3", "--progress", "70", "--note", "later", "--plans", folder, env=TODAY)
    assert done.returncode == 0, done.stderr
    after = history(jap, folder, "A-3").stdout
    assert '"later"' in after and '"later"' not in before
    assert after == history(jap, folder, "A-3", env=NO_CACHE).stdout


def test_an_unknown_item_is_reported_as_without_the_index(workspace, jap):  # noqa: F811
    folder, _ = workspace
    assert history(jap, folder, "A-1").returncode == 0
    kept, plain = history(jap, folder, "A-22"), history(jap, folder, "A-22", env=NO_CACHE)
    assert kept.returncode == plain.returncode != 0
    assert kept.stderr == plain.stderr and "A-2" in kept.stderr


def test_a_damaged_bucket_is_rebuilt_with_a_warning(workspace, jap, monkeypatch, tmp_path):  # noqa: F811
    folder, _ = workspace
    cache = tmp_path / "cache"
    env = {**TODAY, "JAP_CACHE_DIR": str(cache)}
    expected = history(jap, folder, "A-2", env=NO_CACHE).stdout
    assert history(jap, folder, "A-2", env=env).stdout == expected
    buckets = sorted(cache.glob("*/history-*.marshal"))
    assert buckets
    for bucket in buckets:
        bucket.write_bytes(b"not an entry")
    damaged = history(jap, folder, "A-2", env=env)
    assert damaged.stdout == expected
    assert "was damaged; rebuilding it" in damaged.stderr
    forbid_reading(monkeypatch)
    assert history(jap, folder, "A-2", env=env).stdout == expected
