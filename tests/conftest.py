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


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite the golden files of tests/golden/ from the current output",
    )


class Ran:
    """What a run of jap gave, as ``subprocess.run(..., text=True)`` shows it (``returncode``,
    ``stdout``, ``stderr``: UTF-8, universal newlines), and the bytes as written."""

    def __init__(self, returncode: int, stdout: bytes, stderr: bytes) -> None:
        self.returncode = returncode
        self.stdout_bytes = stdout
        self.stderr_bytes = stderr
        self.stdout = _text(stdout)
        self.stderr = _text(stderr)

    def __repr__(self) -> str:
        return f"Ran(returncode={self.returncode}, stdout={self.stdout!r}, stderr={self.stderr!r})"


def _text(data: bytes) -> str:
    return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


@pytest.fixture
def jap(tmp_path: Path) -> Callable[..., Ran]:
    """Run the installed ``jap`` script: jap("status", "--plans", folder, env={...})."""

    def run(*args: object, env: dict[str, str] | None = None, cwd: Path | None = None) -> Ran:
        command = [str(BIN)] if BIN.exists() else [sys.executable, "-m", "jap_tracker"]
        done = subprocess.run(
            [*command, *map(str, args)],
            capture_output=True,
            env=jap_env(**(env or {})),
            cwd=cwd or tmp_path,
            timeout=120,
            check=False,
        )
        return Ran(done.returncode, done.stdout, done.stderr)

    return run
