"""Hostile surroundings for output: odd targets, closed or narrow streams, interrupts.

Each test here failed before its fix (issue "Hostile surroundings", points 3, 8, 9, 10).
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from jap_tracker.cli import output as cli_output
from jap_tracker.diagnostics import CheckFailed, UsageError

BIN = Path(sys.executable).parent / "jap"

PLAN = """
[plan]
id = "P"
title = "Плана"

[[item]]
id = "P-1"
title = "Первый"
pillar = "I"
"""


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "p.toml").write_text(PLAN, encoding="utf-8")
    return folder


def run_process(*args: object, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """The installed jap, in a real process: stream encodings are a process's own."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("JAP_", "PYTHONIO"))}
    base.update({"JAP_USER": "tester", "NO_COLOR": "1", "COLUMNS": "120"}, **(env or {}))
    return subprocess.run(
        [str(BIN), *map(str, args)], capture_output=True, env=base, timeout=60, check=False
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_output_never_replaces_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(UsageError) as caught:
        cli_output.write_output("text\n", fifo)
    assert caught.value.option == "--output"
    assert "not a regular file" in caught.value.message
    assert fifo.is_fifo()
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]


def test_a_failed_write_is_exit_1_and_leaves_nothing(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "r.md"
    target.write_text("before\n", encoding="utf-8")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(CheckFailed) as caught:
        cli_output.write_output("after\n", target)
    assert caught.value.message == f"jap: error: cannot write {target}: No space left on device"
    assert target.read_text(encoding="utf-8") == "before\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.md"]


def test_an_interrupted_write_leaves_no_temporary_file(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "r.md"

    def interrupt(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        cli_output.write_output("x" * 100_000, target)
    assert list(tmp_path.iterdir()) == []


def test_an_interrupt_while_modules_load_is_a_message(monkeypatch, capsys) -> None:
    import jap_tracker.cli as cli_package

    class Interrupting:
        def find_spec(self, name, path=None, target=None):
            if name == "jap_tracker.cli.app":
                raise KeyboardInterrupt
            return None

    monkeypatch.delitem(sys.modules, "jap_tracker.cli.app", raising=False)
    monkeypatch.setattr(sys, "meta_path", [Interrupting(), *sys.meta_path])
    with pytest.raises(SystemExit) as caught:
        cli_package.main()
    assert caught.value.code == 130
    assert capsys.readouterr().err == "jap: interrupted; nothing was written\n"


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_a_narrow_terminal_encoding_gets_escapes(workspace: Path, encoding: str) -> None:
    done = run_process(
        "status", "--plans", workspace, "--lang", "ru", env={"PYTHONIOENCODING": encoding}
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout.decode(encoding)
    assert "\\u0421" in out or "\\u041f" in out  # Cyrillic written as escapes
    assert done.stderr == b""


def test_a_usage_error_with_standard_error_closed_is_still_exit_2(workspace: Path) -> None:
    done = subprocess.run(
        ["bash", "-c", f'"{BIN}" status --plans "{workspace}" --bogus 2>&-'],
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2


def test_a_closed_pipe_is_named(workspace: Path) -> None:
    many = "".join(
        f'\n[[item]]\nid = "P-{n}"\ntitle = "{"x" * 60}"\npillar = "II"\n' for n in range(2, 2000)
    )
    (workspace / "p.toml").write_text(PLAN + many, encoding="utf-8")
    done = subprocess.run(
        ["bash", "-c", f'set -o pipefail; "{BIN}" report --plans "{workspace}" -f csv | true'],
        capture_output=True,
        timeout=60,
        check=False,
        env={**os.environ, "JAP_USER": "t"},
    )
    assert b": : " not in done.stderr
    assert done.stderr in (
        b"",
        b"jap: error: standard output was closed before everything was written\n",
    )


@pytest.mark.parametrize("lang", ["en", "fr", "ru"])
def test_every_finite_number_is_formatted(lang: str) -> None:
    """Babel's decimal quantizing fails past 28 digits (1e26 did): large values are written in
    scientific notation instead; the rest as before."""
    from jap_tracker.render.common import Numbers

    numbers = Numbers(lang)
    for value in (1e308, -1e308, 1e26, 1e15, 5e-324, 0.0, 123.456):
        assert numbers.number(value)
    assert numbers.number(1e26).replace(",", ".").startswith("1E26")
    assert numbers.number(999_999_999_999_999.0).replace("\u202f", " ").replace(
        "\xa0", " "
    ).replace(",", " ").split() == ["999", "999", "999", "999", "999"]
