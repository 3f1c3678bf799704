"""Shared fixtures: inline workspaces written to tmp_path, and the real ``jap`` in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent / "jap"

# The cache of every jap the tests run, in one folder of this session (not the user's).
CACHE_ROOT = tempfile.mkdtemp(prefix="jap-test-cache-")


@pytest.fixture(autouse=True)
def _cache_of_this_session(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JAP_CACHE_DIR", CACHE_ROOT)


@pytest.fixture
def write_plans(tmp_path: Path) -> Callable[..., Path]:
    """write_plans(name=toml_text, ...) -> the workspace folder holding those plan files."""

    def write(**files: str) -> Path:
        folder = tmp_path / "plans"
        folder.mkdir(exist_ok=True)
        for name, text in files.items():
            (folder / f"{name}.toml").write_text(textwrap.dedent(text), encoding="utf-8")
        return folder

    return write


def jap_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JAP_")}
    env.update(
        {"JAP_USER": "tester", "NO_COLOR": "1", "COLUMNS": "120", "JAP_CACHE_DIR": CACHE_ROOT}
    )
    env.update(extra)
    return env


@pytest.fixture
def jap(tmp_path: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run the installed ``jap`` script: jap("status", "--plans", folder, env={...})."""

    def run(
        *args: object, env: dict[str, str] | None = None, cwd: Path | None = None
    ) -> subprocess.CompletedProcess[str]:
        command = [str(BIN)] if BIN.exists() else [sys.executable, "-m", "jap_tracker"]
        return subprocess.run(
            [*command, *map(str, args)],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=jap_env(**(env or {})),
            cwd=cwd or tmp_path,
            timeout=120,
            check=False,
        )

    return run
