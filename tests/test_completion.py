"""Shell completion (spec section 16) as a shell runs it: the script that ``jap`` prints is
sourced in a real bash, and its function is called with COMP_WORDS and COMP_CWORD set, as bash
does on TAB; ``jap --version``."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import BIN, jap_env
from test_cli_quickargs import HEAVY, loaded_modules

pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")

PLAN = """
[plan]
id = "RM-2024"
title = "Roadmap"
countries = ["KZ", "UZ"]

[[item]]
id = "RM-2024-01"
title = "One"
pillar = "I"

[[item]]
id = "RM-2024-02"
title = "Two"
pillar = "II"
"""
OTHER = """
[plan]
id = "WCO"
title = "Customs"

[[item]]
id = "WCO-1"
title = "Three"
pillar = 3
countries = ["TJ"]
"""

BASH = """
source <(_JAP_COMPLETE=source_bash jap)
COMP_WORDS=({words})
COMP_CWORD={cword}
_jap_completion jap
printf '%s\\n' "${{COMPREPLY[@]}}"
"""


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "rm.toml").write_text(PLAN, encoding="utf-8")
    (folder / "wco.toml").write_text(OTHER, encoding="utf-8")
    return folder


def tab(line: str, folder: Path, **env: str) -> list[str]:
    """What bash offers for ``line`` (TAB at its end), in the folder that holds ``plans``."""
    words = line.split()
    cword = len(words) if line.endswith(" ") else len(words) - 1
    script = BASH.format(words=" ".join(f"'{w}'" for w in words), cword=cword)
    result = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", script],
        capture_output=True,
        text=True,
        cwd=folder.parent,
        env=jap_env(PATH=f"{BIN.parent}{os.pathsep}{os.environ['PATH']}", **env),
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return [line for line in result.stdout.splitlines() if line]


COMMANDS = [
    "status", "update", "report", "check", "trend", "changes", "history", "brief", "retract"
]  # fmt: skip

CASES = {
    "jap ": [*COMMANDS, "import", "init", "schema"],
    "jap re": ["report", "retract"],
    "jap update RM": ["RM-2024-01", "RM-2024-02"],
    "jap update ": ["RM-2024-01", "RM-2024-02", "WCO-1"],
    "jap update W": ["WCO-1"],
    "jap update w": [],  # ids are in their case
    "jap history --format json RM-2024-0": ["RM-2024-01", "RM-2024-02"],
    "jap update RM-2024-01 --status ": [
        "not_started",
        "in_progress",
        "done",
        "blocked",
        "cancelled",
    ],
    "jap report --status d": ["done"],
    "jap report --pillar ": ["I", "II", "III", "IV"],
    "jap status --format ": ["table", "json", "markdown", "csv", "xlsx"],
    "jap report -f ": ["table", "json", "markdown", "csv", "html", "xlsx"],
    "jap check --format ": ["table", "json", "github"],
    "jap status --lang ": ["en", "fr", "ru"],
    "jap report --country ": ["KZ", "TJ", "UZ"],  # the workspace's countries
    "jap report --plan ": ["RM-2024", "WCO"],
    "jap trend --every q": ["quarter"],
}


@pytest.mark.parametrize("line", CASES)
@pytest.mark.parametrize("typer", ["", "1"], ids=["quick", "typer"])
def test_bash_completes_commands_values_and_item_ids(line, typer, workspace):
    assert tab(line, workspace, JAP_PLANS="plans", JAP_TYPER=typer) == CASES[line]


@pytest.mark.parametrize("typer", ["", "1"], ids=["quick", "typer"])
def test_item_ids_come_from_the_workspace_given_with_plans(typer, workspace, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "x.toml").write_text(OTHER.replace("WCO", "ZZ"), encoding="utf-8")
    line = f"jap update --plans {elsewhere} "
    assert tab(line, workspace, JAP_TYPER=typer) == ["ZZ-1"]
    # no workspace: nothing offered, no error; a broken plan file: no error either
    assert tab("jap update ", elsewhere / "plans", JAP_TYPER=typer) == []
    (workspace / "rm.toml").write_text("[plan\n", encoding="utf-8")
    offered = tab("jap history ", workspace, JAP_PLANS="plans", JAP_TYPER=typer)
    assert set(offered) <= {"RM-2024-01", "RM-2024-02", "WCO-1"}


def test_options_are_completed(workspace):
    offered = tab("jap update RM-2024-01 --", workspace, JAP_PLANS="plans")
    assert {"--status", "--progress", "--indicator", "--note", "--date", "--plans"} <= set(offered)
    assert {"--version", "--install-completion", "--show-completion"} <= set(
        tab("jap --", workspace)
    )


def test_an_item_completion_does_not_start_typer_nor_anything_heavy(workspace, tmp_path):
    env = {"JAP_PLANS": str(workspace), "_JAP_COMPLETE": "complete_bash"}
    asked = {**env, "COMP_WORDS": "jap update RM", "COMP_CWORD": "2"}
    loaded_modules(tmp_path, env=asked)  # the cache warm, as a process of its own keys it
    assert loaded_modules(tmp_path, env=asked) & (HEAVY | {"pickle", "tomllib"}) == set()
    names = {**env, "COMP_WORDS": "jap st", "COMP_CWORD": "1"}
    assert loaded_modules(tmp_path, env=names) & HEAVY == set()


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_a_script_for_each_shell(shell):
    result = subprocess.run(
        [BIN], env=jap_env(_JAP_COMPLETE=f"source_{shell}"), capture_output=True, text=True
    )
    assert result.returncode == 0
    assert "_JAP_COMPLETE=complete_" + shell in result.stdout
    # --show-completion shows the script of the shell it runs in (shellingham finds it); Typer's
    # switch for tests turns that off, and the option then takes the shell's name
    shown = subprocess.run(
        [BIN, "--show-completion", shell],
        env=jap_env(_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION="1"),
        capture_output=True,
        text=True,
    )
    assert shown.returncode == 0 and shown.stdout.strip() == result.stdout.strip()


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_zsh_and_fish_complete_item_ids(shell, workspace):
    env = jap_env(
        JAP_PLANS=str(workspace),
        _JAP_COMPLETE=f"complete_{shell}",
        _TYPER_COMPLETE_ARGS="jap update RM",
        _TYPER_COMPLETE_FISH_ACTION="get-args",
    )
    result = subprocess.run([BIN], env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "RM-2024-01" in result.stdout and "RM-2024-02" in result.stdout
    assert "WCO-1" not in result.stdout


def test_version(jap):
    assert BIN.exists() and sys.executable
    for args in (("--version",), ("--version", "--help")):
        result = jap(*args)
        assert (result.returncode, result.stdout, result.stderr) == (0, "jap 0.1.0\n", "")


def test_countries_complete_without_a_workspace(tmp_path):
    """No workspace (yet): every ISO 3166-1 code is offered, never an error."""
    from jap_tracker.cli import complete

    found = complete.countries({"plans": str(tmp_path / "none")}, "K")
    assert {"KZ", "KG"} <= set(found) and all(code.startswith("K") for code in found)
