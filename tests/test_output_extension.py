"""--output FILE without --format takes the format from the file's extension (spec section 5),
for the commands over time as for status and report."""

from __future__ import annotations

import json

import pytest

PLAN = """
[plan]
id = "P"
title = "Plan"

[[item]]
id = "P-1"
title = "First"
pillar = "I"
"""


@pytest.mark.parametrize(
    "args",
    [
        ("trend", "--every", "year", "--since", "2024-01-01"),
        ("changes", "--since", "2024-01-01"),
        ("history", "P-1"),
    ],
    ids=lambda a: a[0],
)
def test_the_extension_picks_the_format(args, write_plans, jap, tmp_path):
    folder = write_plans(p=PLAN)
    env = {"JAP_TODAY": "2024-06-30"}
    done = jap("update", "P-1", "--progress", "40", "--date", "2024-03-01", "--plans", folder)
    assert done.returncode == 0, done.stderr
    for name, check in (
        ("out.json", lambda text: json.loads(text)["schema_version"] == 1),
        ("out.md", lambda text: text.startswith("#")),
        ("out.csv", lambda text: "," in text.splitlines()[0]),
        ("out.txt", lambda text: not text.startswith(("{", "#"))),
    ):
        target = tmp_path / name
        result = jap(*args, "--plans", folder, "--output", target, env=env)
        assert result.returncode == 0, result.stderr
        assert check(target.read_text(encoding="utf-8")), (args[0], name)
    # an explicit --format wins over the extension
    target = tmp_path / "forced.md"
    jap(*args, "--plans", folder, "--format", "json", "--output", target, env=env)
    assert json.loads(target.read_text(encoding="utf-8"))["schema_version"] == 1
