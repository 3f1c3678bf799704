"""Shared fixtures: inline workspaces written to tmp_path; ``jap`` run in this process, and
``jap_process``, the real ``jap`` in a process of its own."""

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


def jap_env(**extra: str | None) -> dict[str, str]:
    """The environment of a test's jap: this one without JAP_*, then the tests' defaults, then
    ``extra`` (a value of None removes the variable)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("JAP_")}
    env.update(
        {"JAP_USER": "tester", "NO_COLOR": "1", "COLUMNS": "120", "JAP_CACHE_DIR": CACHE_ROOT}
    )
    for name, value in extra.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


# Read by the interpreter when it starts (encoding, locale, time zone, flags): only a process
# of its own honours them, so jap() refuses them; use jap_process.
PROCESS_ONLY_ENV = ("PYTHON", "LANG", "LC_", "TZ")


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


def run_process(args: tuple[object, ...], env: dict[str, str | None] | None, cwd: Path) -> Ran:
    """The installed ``jap`` script (else ``python -m jap_tracker``) in a process of its own."""
    command = [str(BIN)] if BIN.exists() else [sys.executable, "-m", "jap_tracker"]
    done = subprocess.run(
        [*command, *map(str, args)],
        capture_output=True,
        env=jap_env(**(env or {})),
        cwd=cwd,
        timeout=120,
        check=False,
    )
    return Ran(done.returncode, done.stdout, done.stderr)


def run_in_process(args: tuple[object, ...], env: dict[str, str | None] | None, cwd: Path) -> Ran:
    """``jap_tracker.cli.main`` called here, as the script calls it, with what a process would
    have: ``sys.argv``, the environment of :func:`jap_env` (os.environ itself, changed in place
    and put back), the working folder, standard streams that are UTF-8 pipes (not terminals),
    and ``SystemExit`` turned into the exit code. What a process starts without and a run leaves
    behind is reset before each run: the workspaces of ``--output``'s guard, the cached message
    catalogues (they depend on files) and the temporary folder (``TMPDIR``); gc.freeze() (the
    cache's) is undone after it."""
    import gc
    import io
    import tempfile
    import traceback
    import types

    from jap_tracker.cli import app as cli_app  # the same module the script runs

    for name in env or {}:
        if name.startswith(PROCESS_ONLY_ENV):
            pytest.fail(f"{name} is read when Python starts: run this test with jap_process")
    environ = jap_env(**(env or {}))
    saved = (sys.argv, sys.stdout, sys.stderr, sys.modules["__main__"], dict(os.environ))
    saved_tempdir = tempfile.tempdir
    saved_cwd = os.getcwd()
    out, err = io.BytesIO(), io.BytesIO()
    # the errors handlers of this interpreter's own standard streams: a child would get the same
    stdout = io.TextIOWrapper(out, "utf-8", getattr(sys.__stdout__, "errors", None) or "strict")
    stderr = io.TextIOWrapper(err, "utf-8", "backslashreplace")
    if "jap_tracker.i18n" in sys.modules:
        sys.modules["jap_tracker.i18n"].catalogue.cache_clear()
    code = 0
    try:
        os.environ.clear()
        os.environ.update(environ)
        os.chdir(cwd)
        tempfile.tempdir = None  # read again from TMPDIR, as a new process would
        sys.argv = [str(BIN), *map(str, args)]
        sys.stdout, sys.stderr = stdout, stderr
        # as for an installed script: Click names the program after argv[0], not "python -m"
        sys.modules["__main__"] = types.ModuleType("__main__")
        try:
            cli_app.main()
        except SystemExit as exc:
            if exc.code is None or isinstance(exc.code, int):
                code = (exc.code or 0) % 256
            else:
                stderr.write(f"{exc.code}\n")
                code = 1
        except Exception:  # what the interpreter does with an error that escapes
            stderr.write(traceback.format_exc())
            code = 1
        stdout.flush()
        stderr.flush()
    finally:
        sys.argv, sys.stdout, sys.stderr, sys.modules["__main__"], before = saved
        os.environ.clear()
        os.environ.update(before)
        os.chdir(saved_cwd)
        tempfile.tempdir = saved_tempdir
        gc.unfreeze()
    return Ran(code, out.getvalue(), err.getvalue())


@pytest.fixture
def jap(tmp_path: Path) -> Callable[..., Ran]:
    """Run jap in this process: jap("status", "--plans", folder, env={...}, cwd=...)."""

    def run(
        *args: object, env: dict[str, str | None] | None = None, cwd: Path | None = None
    ) -> Ran:
        return run_in_process(args, env, cwd or tmp_path)

    return run


@pytest.fixture
def jap_process(tmp_path: Path) -> Callable[..., Ran]:
    """Run the installed ``jap`` in a process, for what only a process shows (concurrency,
    signals, the script and its start-up, closed streams): same arguments as ``jap``."""

    def run(
        *args: object, env: dict[str, str | None] | None = None, cwd: Path | None = None
    ) -> Ran:
        return run_process(args, env, cwd or tmp_path)

    return run


ONE_ITEM_PLAN = """[plan]
id = "P"
title = "Plan"

[[item]]
id = "P-1"
title = "First"
pillar = "I"
"""


@pytest.fixture
def one_item_plans(tmp_path: Path) -> Path:
    """A workspace of one plan with one item (P-1, pillar I) and no journal yet."""
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "p.toml").write_text(ONE_ITEM_PLAN, encoding="utf-8")
    return folder
