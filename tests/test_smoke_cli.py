"""End-to-end smoke tests of the installed ``jap`` script and of ``python -m jap_tracker``, each
in a process of its own (the other CLI tests call the same entry point in the test's process),
on a small inline workspace, figures computed by hand."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import jap_env

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


def test_update_then_status_json(write_plans, jap_process):
    folder = write_plans(p=PLAN)
    done = jap_process(
        "update", "P-1", "--progress", "50", "--date", "2024-01-10", "--plans", folder
    )
    assert done.returncode == 0, done.stderr
    result = jap_process("status", "--format", "json", "--as-of", "2024-02-01", "--plans", folder)
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


def test_unknown_item_is_a_usage_error_and_writes_nothing(write_plans, jap_process):
    folder = write_plans(p=PLAN)
    result = jap_process("update", "P-3", "--status", "done", "--plans", folder)
    assert result.returncode == 2
    assert "P-1" in result.stderr and "Traceback" not in result.stderr
    assert not (folder / "journal").exists()


def test_python_m_jap_tracker_runs_the_same_command_line(write_plans, jap_process, tmp_path):
    folder = write_plans(p=PLAN)
    args = ["status", "--format", "json", "--as-of", "2024-02-01", "--plans", str(folder)]
    module = subprocess.run(
        [sys.executable, "-m", "jap_tracker", *args],
        capture_output=True,
        env=jap_env(),
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    script = jap_process(*args)
    assert module.returncode == script.returncode == 0
    assert module.stdout == script.stdout_bytes
    assert json.loads(module.stdout)["overall"]["items"] == 2
    # Typer's help names the program as it was started; a usage error is jap's, either way
    wrong = subprocess.run(
        [sys.executable, "-m", "jap_tracker", "status", "--bogus"],
        capture_output=True,
        text=True,
        env=jap_env(),
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert wrong.returncode == 2
    assert (
        wrong.stderr
        == jap_process("status", "--bogus").stderr
        == ("jap: error: jap status has no option --bogus\nhint: see 'jap status --help'\n")
    )
    helped = subprocess.run(
        [sys.executable, "-m", "jap_tracker", "status", "--help"],
        capture_output=True,
        text=True,
        env=jap_env(),
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert "Usage: python -m jap_tracker status [OPTIONS]" in helped.stdout
    assert "Usage: jap status [OPTIONS]" in jap_process("status", "--help").stdout


LINES = [
    ("status", "--as-of", "2024-02-01"),
    ("report", "--format", "markdown", "--lang", "fr"),
    ("report", "--format", "yaml"),  # Typer's usage error
    ("status", "--help"),  # Typer's help, COLUMNS wide
    ("update", "P-3", "--status", "done"),  # the command's usage error
    ("check", "--fail-under", "90"),  # a threshold not met
]


@pytest.mark.parametrize("line", LINES, ids=" ".join)
def test_in_this_process_jap_answers_as_the_installed_script(line, write_plans, jap, jap_process):
    """The ``jap`` fixture (conftest.run_in_process) is faithful to a process: same exit code,
    same bytes on both streams."""
    folder = write_plans(p=PLAN)
    here = jap(*line, "--plans", folder, env={"JAP_TODAY": "2024-06-30"})
    there = jap_process(*line, "--plans", folder, env={"JAP_TODAY": "2024-06-30"})
    assert (here.returncode, here.stdout_bytes, here.stderr_bytes) == (
        there.returncode,
        there.stdout_bytes,
        there.stderr_bytes,
    )
    assert here.stdout_bytes or here.stderr_bytes
