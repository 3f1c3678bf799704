"""End-to-end: the real ``jap`` on a small inline workspace, figures computed by hand."""

from __future__ import annotations

import json

PLAN = """
[plan]
id = "P"
title = "Plan P"

[[item]]
id = "P-1"
title = "One"
pillar = "I"
weight = 3

[[item]]
id = "P-2"
title = "Two"
pillar = 2
due = 2024-01-31
"""


def test_update_then_status_json(write_plans, jap):
    folder = write_plans(p=PLAN)
    done = jap("update", "P-1", "--progress", "50", "--date", "2024-01-10", "--plans", folder)
    assert done.returncode == 0, done.stderr
    result = jap("status", "--format", "json", "--as-of", "2024-02-01", "--plans", folder)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    # (3 × 0.5 + 1 × 0) / (3 + 1) = 0.375
    assert data["overall"]["completion"] == 0.375
    assert data["overall"]["overdue"] == 1
    assert data["overall"]["by_status"] == {
        "not_started": 1,
        "in_progress": 1,
        "done": 0,
        "blocked": 0,
        "cancelled": 0,
    }
    assert [p["id"] for p in data["pillars"]] == ["I", "II", "III", "IV"]


def test_unknown_item_is_a_usage_error_and_writes_nothing(write_plans, jap):
    folder = write_plans(p=PLAN)
    result = jap("update", "P-3", "--status", "done", "--plans", folder)
    assert result.returncode == 2
    assert "P-1" in result.stderr and "Traceback" not in result.stderr
    assert not (folder / "journal").exists()
