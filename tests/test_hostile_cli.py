"""Smaller hostile cases (issue "Hostile surroundings", point 10): a usage error with standard
error closed, an empty ``--plans``, invisible characters in terminal output."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import jap_env
from jap_tracker.render.common import plain

BIN = Path(sys.executable).parent / "jap"
PLAN = """[plan]
id = "P"
title = "Plan"

[[item]]
id = "P-1"
title = "F\u200b\ufeffT"
pillar = "I"
"""


@pytest.mark.skipif(not Path("/bin/sh").exists(), reason="needs a POSIX shell")
def test_a_usage_error_with_standard_error_closed_exits_2(tmp_path: Path) -> None:
    done = subprocess.run(
        ["/bin/sh", "-c", '"$0" "$@" 2>&-', str(BIN), "status", "--format", "nope"],
        capture_output=True,
        env=jap_env(),
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2


@pytest.mark.parametrize("command", [("status",), ("update", "P-1", "-s", "done"), ("check",)])
@pytest.mark.parametrize("env", [{}, {"JAP_TYPER": "1"}])
def test_an_empty_plans_option_is_a_usage_error(tmp_path, jap, command, env) -> None:
    (tmp_path / "p.toml").write_text(PLAN, encoding="utf-8")  # the current folder: not meant
    ran = jap(*command, "--plans", "", env=env)
    assert ran.returncode == 2
    assert ran.stderr == (
        "jap: error: --plans: an empty folder name\nhint: give the workspace with --plans DIR\n"
    )
    assert not (tmp_path / "journal").exists()


@pytest.mark.parametrize(
    ("char", "shown"),
    [
        ("\u200b", "\\u200b"),  # zero-width space
        ("\u200e", "\\u200e"),  # left-to-right mark
        ("\u200f", "\\u200f"),  # right-to-left mark
        ("\u061c", "\\u061c"),  # Arabic letter mark
        ("\u2060", "\\u2060"),  # word joiner
        ("\ufeff", "\\ufeff"),  # byte-order mark, zero-width no-break space
        ("\u202e", "\\u202e"),  # right-to-left override (as before)
    ],
)
def test_invisible_characters_are_shown_escaped(char: str, shown: str) -> None:
    assert plain(f"a{char}b") == f"a{shown}b"


def test_words_keep_their_joiners() -> None:
    assert plain("می\u200cخواهم 👩\u200d💻") == "می\u200cخواهم 👩\u200d💻"


def test_an_item_title_with_invisible_characters_is_shown_escaped(tmp_path, jap) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "p.toml").write_text(PLAN, encoding="utf-8")
    ran = jap("report", "--plans", folder, env={"JAP_TODAY": "2026-11-30"})
    assert ran.returncode == 0, ran.stderr
    assert "F\\u200b\\ufeffT" in ran.stdout
    assert not any(c in ran.stdout for c in "\u200b\u200e\u200f\ufeff\u061c\u2060\u202e")
