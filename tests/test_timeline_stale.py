"""Stale and overdue items end to end: `--stale-after` on status and report, `jap check
--fail-on-stale / --fail-on-overdue` for CI, and the small trend that `jap status` draws."""

from __future__ import annotations

import csv
import io
import json

import pytest

from conftest import run_in_process

PLAN = """
[plan]
id = "P"
title = "Plan P"
countries = ["KZ", "TJ"]

[[item]]
id = "P-1"
title = "Updated lately"
pillar = "I"
countries = []

[[item]]
id = "P-2"
title = "Updated long ago"
pillar = "I"
due = 2024-03-31
countries = []

[[item]]
id = "P-3"
title = "Never updated"
pillar = "II"
countries = []

[[item]]
id = "P-4"
title = "Done long ago"
pillar = "II"
countries = []

[[item]]
id = "P-5"
title = "Per country"
pillar = "III"
"""
TODAY = {"JAP_TODAY": "2024-06-30"}


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """The plan above with its updates recorded by `jap update`, once for the module."""
    folder = tmp_path_factory.mktemp("stale") / "plans"
    folder.mkdir()
    (folder / "p.toml").write_text(PLAN, encoding="utf-8")
    for args in (
        ("P-1", "--progress", "40", "--date", "2024-06-20"),
        ("P-2", "--progress", "10", "--date", "2024-01-10"),
        ("P-4", "--status", "done", "--date", "2024-01-05"),
        ("P-5", "--progress", "30", "--country", "KZ", "--date", "2024-06-25"),
        ("P-5", "--progress", "30", "--country", "TJ", "--date", "2024-02-01"),
    ):
        done = run_in_process(("update", *args, "--plans", folder), TODAY, folder.parent)
        assert done.returncode == 0, done.stderr
    return folder


def test_status_counts_stale_items_per_group_only_when_asked(folder, jap):
    plain = json.loads(jap("status", "-f", "json", "--plans", folder, env=TODAY).stdout)
    assert "stale" not in plain["overall"] and "stale" not in plain["pillars"][0]
    result = jap("status", "-f", "json", "--stale-after", "30", "--plans", folder, env=TODAY)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    # stale after 30 days on 2024-06-30: P-2 (last 2024-01-10) and P-3 (never); P-4 is done;
    # P-5's last update (KZ, 2024-06-25) is recent, but TJ's share (2024-02-01) is stale
    assert [p["stale"] for p in data["pillars"]] == [1, 1, 0, 0]
    assert data["overall"]["stale"] == 2
    assert data["plans"][0]["stale"] == 2
    assert {c["id"]: c["stale"] for c in data["countries"]} == {"KZ": 0, "TJ": 1}
    assert "P-2" in result.stderr and "P-3" in result.stderr and "P-4" not in result.stderr


def test_status_table_shows_stale_counts_and_a_trend(folder, jap):
    result = jap("status", "--stale-after", "30", "--plans", folder, env=TODAY)
    assert result.returncode == 0, result.stderr
    header = next(line for line in result.stdout.splitlines() if "Overdue" in line)
    assert header.split()[-1] == "Stale"
    assert "Trend" in result.stdout
    overall = [line for line in result.stdout.splitlines() if line.strip().startswith("Overall")]
    # overall, end of Dec 2023 .. Jun 2024: Dec nothing, 0; Jan P-2 .1 + P-4 1 -> 1.1/5 = .22;
    # Feb +TJ .15 -> .25; Mar, Apr, May the same; Jun + P-1 .4, KZ .15 -> 1.8/5 = .36. Scaled
    # to 0...36: (v / .36) * 7 = 0, 4.28, 4.86 (x4), 7 -> ▁▅▆▆▆▆█, and +36.0 points
    assert "▁▅▆▆▆▆█ +36.0 pts" in overall[0]
    counts = next(line for line in overall if "█" not in line)
    assert counts.split()[-1] == "2"


def test_status_markdown_and_csv_carry_the_stale_count(folder, jap):
    md = jap("status", "-f", "markdown", "--stale-after", "30", "--plans", folder, env=TODAY)
    assert "| Stale |" in md.stdout
    out = jap("status", "-f", "csv", "--stale-after", "30", "--plans", folder, env=TODAY)
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert rows[0]["scope"] == "overall" and rows[0]["stale"] == "2"
    out = jap("status", "-f", "csv", "--plans", folder, env=TODAY)
    assert "stale" not in out.stdout.splitlines()[0]


def test_report_rows_carry_stale_and_finished_items_are_never_stale(folder, jap):
    out = jap("report", "-f", "json", "--stale-after", "30", "--plans", folder, env=TODAY)
    data = json.loads(out.stdout)
    assert {i["id"]: i["stale"] for i in data["items"]} == {
        "P-1": False,
        "P-2": True,
        "P-3": True,
        "P-4": False,
        "P-5": False,
    }
    assert data["summary"]["overall"]["stale"] == 2
    tj = json.loads(
        jap(
            "report",
            "-f",
            "json",
            "--stale-after",
            "30",
            "--country",
            "TJ",
            "--plans",
            folder,
            env=TODAY,
        ).stdout
    )
    assert [(i["id"], i["stale"]) for i in tj["items"]] == [("P-5", True)]


def test_check_fails_on_stale_items_and_lists_them(folder, jap):
    result = jap("check", "--fail-on-stale", "30", "--plans", folder, env=TODAY)
    assert result.returncode == 1
    assert "2 items with no update in the last 30 days" in result.stderr
    assert "P-2 (last update 2024-01-10)" in result.stderr
    assert "P-3 (last update never)" in result.stderr
    assert "P-4" not in result.stderr
    longer = jap("check", "--fail-on-stale", "200", "--plans", folder, env=TODAY)
    assert longer.returncode == 1 and "P-3" in longer.stderr and "P-2" not in longer.stderr


def test_check_fails_on_overdue_items_and_lists_them(folder, jap):
    result = jap("check", "--fail-on-overdue", "--plans", folder, env=TODAY)
    assert result.returncode == 1
    assert "1 overdue item as of 2024-06-30" in result.stderr
    assert "P-2 (due 2024-03-31, in_progress)" in result.stderr
    early = jap("check", "--fail-on-overdue", "--as-of", "2024-03-31", "--plans", folder, env=TODAY)
    assert early.returncode == 0, early.stderr
    assert early.stdout.startswith("ok:")
    bad = jap("check", "--fail-on-stale", "-1", "--plans", folder, env=TODAY)
    assert bad.returncode == 2
