"""`jap check` on a warm cache: the numbers of plans, items and journal records come from the
index (kept by the first command, counted on by `jap update`), not from reading the files."""

from __future__ import annotations

import pytest

from jap_tracker.workspace import Workspace
from test_timeline_cli import TODAY, recorded, workspace  # noqa: F401 (fixtures)

NO_CACHE = {**TODAY, "JAP_NO_CACHE": "1"}


def test_a_warm_check_counts_records_without_reading_the_journal(workspace, jap, monkeypatch):  # noqa: F811
    folder, ids = workspace
    assert jap("status", "--plans", folder, env=TODAY).returncode == 0
    done = jap("update", "A-1", "--progress", "90", "--plans", folder, env=TODAY)
    assert done.returncode == 0, done.stderr
    plain = jap("check", "--plans", folder, env=NO_CACHE)
    assert f"{len(ids) + 1} journal records" in plain.stdout

    def fail(*_: object) -> None:
        raise AssertionError("read the whole journal or the plans")

    monkeypatch.setattr(Workspace, "_load_journal", fail)
    monkeypatch.setattr(Workspace, "_load_plans", fail)
    warm = jap("check", "--plans", folder, env=TODAY)
    assert (warm.returncode, warm.stdout, warm.stderr) == (0, plain.stdout, plain.stderr)


@pytest.mark.parametrize("args", [("--fail-under", "99"), ("--fail-on-overdue",)])
def test_thresholds_still_read_the_figures(args, workspace, jap):  # noqa: F811
    folder, _ = workspace
    warm = jap("check", *args, "--plans", folder, env=TODAY)
    plain = jap("check", *args, "--plans", folder, env=NO_CACHE)
    assert plain.returncode == 1
    assert (warm.returncode, warm.stderr) == (plain.returncode, plain.stderr)
