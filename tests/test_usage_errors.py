"""Usage errors in one style (``jap: error: ...`` and a hint line, exit 2), jap's own and those
that Typer finds, in the same words whether the fast parser (cli/quickargs.py) or Typer reads
the command line (``JAP_TYPER=1``)."""

from __future__ import annotations

import pytest

PLAN = """[plan]
id = "P"
title = "Plan"

[[item]]
id = "P-1"
title = "First"
pillar = "I"

[[item.indicators]]
id = "x"
title = "Sessions"
target = 10
"""

TODAY = {"JAP_TODAY": "2026-11-30"}

MISTAKES = [
    (
        ("update", "P-1", "--progress", "50%"),
        "jap: error: --progress: '50%' is not a number\n"
        "hint: give a number from 0 to 100, without the % sign: --progress 50\n",
    ),
    (
        ("update", "P-1", "-p", "12,5%"),
        "jap: error: --progress: '12,5%' is not a number\n"
        "hint: give a number from 0 to 100, without the % sign, with a dot as the decimal "
        "separator: --progress 12.5\n",
    ),
    (
        ("update", "P-1", "--indicator", "x=1,5"),
        "jap: error: --indicator: '1,5' is not a number\n"
        "hint: write it with a dot as the decimal separator: --indicator x=1.5\n",
    ),
    (
        ("update", "P-1", "--progress", "abc"),
        "jap: error: --progress: 'abc' is not a number: write it with the digits 0-9\n"
        "hint: see 'jap update --help'\n",
    ),
    (
        ("status", "--plan", "P"),
        "jap: error: jap status has no option --plan; --plan is an option of jap report, "
        "jap trend, jap changes, jap brief and jap import\n"
        "hint: jap status takes --plans DIR (the workspace folder); see 'jap status --help'\n",
    ),
    (
        ("status", "--bogus"),
        "jap: error: jap status has no option --bogus\nhint: see 'jap status --help'\n",
    ),
    (
        ("--lang", "fr", "status"),
        "jap: error: jap has no option --lang; --lang is an option of jap status, jap report, "
        "jap trend, jap changes, jap history and jap brief\n"
        "hint: give it after the command: jap status --lang ...\n",
    ),
    (
        ("status", "--format", "yaml"),
        "jap: error: --format: 'yaml' is not one of 'table', 'json', 'markdown', 'csv', 'xlsx'\n"
        "hint: see 'jap status --help'\n",
    ),
    (
        ("status", "--stale-after", "soon"),
        "jap: error: --stale-after: 'soon' is not a whole number\nhint: see 'jap status --help'\n",
    ),
    (
        ("status", "--stale-after", "-1"),
        "jap: error: --stale-after: -1 is too small: give 0 or more\n"
        "hint: see 'jap status --help'\n",
    ),
    (
        ("update",),
        "jap: error: missing argument ITEM (the item's id)\nhint: see 'jap update --help'\n",
    ),
    (
        ("update", "P-1", "--status"),
        "jap: error: --status needs a value\n"
        "hint: write --status STATUS (not_started, in_progress, done, blocked or cancelled)\n",
    ),
    (
        ("status", "one", "two"),
        "jap: error: unexpected arguments: one two\nhint: see 'jap status --help'\n",
    ),
    (
        ("stauts",),
        "jap: error: no such command 'stauts'\nhint: did you mean 'status'? see 'jap --help'\n",
    ),
    (
        ("status", "--lang", "de"),
        "jap: error: --lang: no catalogue for language 'de'; choose one of en, fr, ru\n"
        "hint: see 'jap status --help'\n",
    ),
]


@pytest.mark.parametrize(("args", "expected"), MISTAKES)
@pytest.mark.parametrize("env", [{}, {"JAP_TYPER": "1"}], ids=["fast", "typer"])
def test_a_usage_error_is_said_one_way(write_plans, jap, args, expected, env) -> None:
    folder = write_plans(p=PLAN)
    ran = jap(*args, env={"JAP_PLANS": str(folder), **TODAY, **env})
    assert (ran.returncode, ran.stdout, ran.stderr) == (2, "", expected)
    assert not (folder / "journal").exists()


def test_help_and_version_are_not_errors(jap) -> None:
    helped = jap("status", "--help")
    assert helped.returncode == 0 and helped.stdout.startswith("Usage: jap status [OPTIONS]")
    assert (jap("--version").returncode, jap("--version", "--help").returncode) == (0, 0)
    alone = jap()  # no command: the help, on standard error, as a usage error
    assert alone.returncode == 2 and "Usage: jap [OPTIONS] COMMAND" in alone.stderr
