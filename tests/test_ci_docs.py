"""docs/ci.md tried for real: its workflow parses, and every `jap ...` line it shows runs (in
bash, as a CI runner would) against a small workspace; the pre-commit hook names a real command."""

from __future__ import annotations

import datetime as dt
import os
import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from conftest import run_in_process

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "ci.md"
HOOKS = ROOT / ".pre-commit-hooks.yaml"
BIN_DIR = Path(sys.executable).parent

PLAN = """
[plan]
id = "CI"
title = "A plan checked in CI"

[[item]]
id = "CI-1"
title = "Done on time"
pillar = "I"

[[item]]
id = "CI-2"
title = "Under way"
pillar = "III"
due = 2999-12-31
"""


def blocks(kind: str) -> list[str]:
    """The fenced code blocks of docs/ci.md in one language."""
    return re.findall(rf"^```{kind}\n(.*?)^```", DOC.read_text(encoding="utf-8"), re.M | re.S)


def workflow() -> dict:
    found = [yaml.safe_load(b) for b in blocks("yaml")]
    flows = [f for f in found if isinstance(f, dict) and "jobs" in f]
    assert len(flows) == 1
    return flows[0]


def jap_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip().startswith("jap ")]


def documented_commands() -> list[str]:
    """Every `jap` line of the workflow's `run` steps, then of the shell examples."""
    lines: list[str] = []
    for job in workflow()["jobs"].values():
        for step in job["steps"]:
            lines += jap_lines(step.get("run", ""))
    for block in blocks("sh"):
        lines += jap_lines(block)
    return lines


@pytest.fixture
def ci_workspace(tmp_path):
    """A repository checkout as a runner sees it: plans/ with recent updates, nothing overdue."""
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "ci.toml").write_text(PLAN, encoding="utf-8")
    today = dt.datetime.now(dt.UTC).date()  # `date -u` in the workflow is the real clock too
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("JAP_")},
        "PATH": f"{BIN_DIR}{os.pathsep}{os.environ.get('PATH', '')}",
        "JAP_USER": "ci",
        "JAP_TODAY": today.isoformat(),
        "NO_COLOR": "1",
        "GITHUB_STEP_SUMMARY": str(tmp_path / "step-summary.md"),
    }
    for args in (
        ["CI-1", "--status", "done", "--date", (today - dt.timedelta(days=20)).isoformat()],
        ["CI-2", "--progress", "40", "--date", (today - dt.timedelta(days=3)).isoformat()],
    ):
        # the updates in this process; the documented lines below run in bash, as CI runs them
        setup = {k: env[k] for k in ("JAP_USER", "JAP_TODAY")}
        done = run_in_process(("update", *args, "--plans", "plans"), setup, tmp_path)
        assert done.returncode == 0, done.stderr
    return tmp_path, env


def bash(line: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-eo", "pipefail", "-c", line],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_workflow_checks_on_push_summarises_and_publishes_the_report():
    flow = workflow()
    triggers = flow.get("on", flow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert "push" in triggers
    steps = [s for job in flow["jobs"].values() for s in job["steps"]]
    runs = [line for s in steps for line in jap_lines(s.get("run", ""))]
    assert "jap check --plans plans --format github" in runs  # annotations on the lines
    assert any(
        "jap status" in r and "--format markdown" in r and r.endswith('>> "$GITHUB_STEP_SUMMARY"')
        for r in runs
    )
    report = next(r for r in runs if r.startswith("jap report"))
    assert "--format html" in report and "--output report.html" in report
    uploads = [s for s in steps if s.get("uses", "").startswith("actions/upload-artifact")]
    assert [u["with"]["path"] for u in uploads] == ["report.html"]


def test_every_documented_command_runs(ci_workspace):
    folder, env = ci_workspace
    commands = documented_commands()
    assert len(commands) >= 7
    for line in commands:
        result = bash(line, folder, env)
        assert result.returncode == 0, f"{line}\n{result.stderr}"
        assert "Traceback" not in result.stderr
    summary = (folder / "step-summary.md").read_text(encoding="utf-8")
    assert "| Pillar |" in summary and "Overall" in summary
    assert "CI-2" in summary  # the week's changes
    page = (folder / "report.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page
    assert "| Pillar |" in (folder / "summary.md").read_text(encoding="utf-8")


def test_the_check_step_fails_the_job_on_a_broken_plan(ci_workspace):
    folder, env = ci_workspace
    (folder / "plans" / "broken.toml").write_text('[plan]\nid = "X"\ntitel = "typo"\n')
    result = bash("jap check --plans plans", folder, env)
    assert result.returncode == 1
    assert re.search(r"broken\.toml:3(:\d+)?: .*titel.*title", result.stderr), result.stderr


def test_the_pre_commit_hook_names_a_real_command(ci_workspace):
    hooks = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    assert [h["id"] for h in hooks] == ["jap-check"]
    hook = hooks[0]
    assert hook["language"] == "python" and hook["pass_filenames"] is False
    assert re.search(hook["files"], "plans/rm-2024.toml")
    assert not re.search(hook["files"], "README.md")
    entry = shlex.split(hook["entry"])
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "scripts"
    ]
    assert entry == ["jap", "check"] and entry[0] in scripts
    # run as pre-commit would with the args that docs/ci.md gives it
    config = yaml.safe_load(blocks("yaml")[-1])
    args = config["repos"][0]["hooks"][0]["args"]
    folder, env = ci_workspace
    result = subprocess.run(
        [*entry, *args],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok:")
