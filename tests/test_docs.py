"""Every command has help and is documented in the README; every option in the README's table
or in docs/ exists (what users read is what the program does)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jap_tracker.cli.app import (
    app,
)

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
DOCS = README + "".join(p.read_text(encoding="utf-8") for p in (ROOT / "docs").glob("*.md"))
COMMANDS = {(c.name or c.callback.__name__): c for c in app.registered_commands}


def test_the_commands_are_the_expected_ones():
    assert set(COMMANDS) == {
        "status", "update", "report", "check", "trend", "changes", "history", "retract", "import",
        "init", "schema", "brief",
    }  # fmt: skip


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_help_and_is_in_the_readme(name):
    assert (COMMANDS[name].callback.__doc__ or "").strip(), name
    assert f"jap {name}" in README, name


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_option_is_documented(name, jap):
    result = jap(name, "--help")
    assert result.returncode == 0, result.stderr
    options = set(re.findall(r"(--[a-z][a-z-]+)", result.stdout)) - {"--help"}
    missing = sorted(o for o in options if o not in DOCS)
    assert not missing, (name, missing)
