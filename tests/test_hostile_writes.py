"""Honest writes (issue "Hostile surroundings", point 4): ``jap update`` and ``jap retract``
append only after every check passed; once the record is written the command exits 0 even if
the confirmation cannot be printed, and an interrupt says the record was written, with its id.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import jap_env

BIN = Path(sys.executable).parent / "jap"


@pytest.fixture
def workspace(one_item_plans: Path) -> Path:
    return one_item_plans


def records(folder: Path) -> list[str]:
    journal = folder / "journal"
    if not journal.is_dir():
        return []
    return [
        line
        for path in sorted(journal.glob("*.toml"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]


def run_with_stdout(stdout: int | None, *args: object, **env: str) -> subprocess.CompletedProcess:
    """The installed jap with the given file descriptor as standard output (-1: closed)."""
    command = [str(BIN), *map(str, args)]
    if stdout == -1:  # closed, as the shell's >&- leaves it
        command = ["/bin/sh", "-c", '"$0" "$@" >&-', *command]
        stdout = None
    return subprocess.run(
        command,
        stdout=stdout if stdout is not None else subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=jap_env(**env),
        timeout=60,
        check=False,
    )


@pytest.mark.skipif(not Path("/bin/sh").exists(), reason="needs a POSIX shell")
def test_update_with_stdout_closed_exits_0_and_writes_once(workspace: Path) -> None:
    done = run_with_stdout(-1, "update", "P-1", "-s", "done", "--plans", workspace)
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""
    assert len(records(workspace)) == 1


def test_update_into_a_broken_pipe_exits_0_and_writes_once(workspace: Path) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # nobody reads: the first write gets EPIPE
    try:
        done = run_with_stdout(write_end, "update", "P-1", "-s", "done", "--plans", workspace)
    finally:
        os.close(write_end)
    assert done.returncode == 0, done.stderr
    assert b"Broken pipe" not in done.stderr and b"Exception ignored" not in done.stderr
    assert len(records(workspace)) == 1


def test_retract_into_a_broken_pipe_exits_0(workspace: Path, jap) -> None:
    first = jap("update", "P-1", "-s", "done", "--plans", workspace)
    assert first.returncode == 0
    record_id = first.stdout.split()[1].rstrip(":")
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = run_with_stdout(write_end, "retract", record_id, "--plans", workspace)
    finally:
        os.close(write_end)
    assert done.returncode == 0, done.stderr
    assert len(records(workspace)) == 2
    assert records(workspace)[1].startswith("x")


def test_update_on_an_ascii_terminal_records_a_cyrillic_name(workspace: Path) -> None:
    done = subprocess.run(
        [str(BIN), "update", "P-1", "-s", "done", "--by", "Дана", "--plans", workspace],
        capture_output=True,
        env=jap_env(PYTHONIOENCODING="ascii"),
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.endswith(b"by \\u0414\\u0430\\u043d\\u0430\n")
    assert 'by = "Дана"' in records(workspace)[0]


def test_an_interrupt_after_the_append_says_the_record_was_written(
    workspace: Path, jap, monkeypatch: pytest.MonkeyPatch
) -> None:
    import jap_tracker.journal as journal

    real = journal.append_records

    def append_then_interrupt(*args: object, **kwargs: object) -> None:
        real(*args, **kwargs)  # type: ignore[arg-type]
        raise KeyboardInterrupt  # as Ctrl-C or SIGTERM during the cache's warm-up

    monkeypatch.setattr(journal, "append_records", append_then_interrupt)
    done = jap("update", "P-1", "-s", "done", "--plans", workspace)
    assert done.returncode == 130
    (line,) = records(workspace)
    record_id = line.split(" ")[0]
    assert done.stderr == (
        f"jap: interrupted; {record_id} was written (the confirmation may be missing)\n"
    )
    assert "nothing was written" not in done.stderr


def test_an_interrupt_before_the_append_says_nothing_was_written(
    workspace: Path, jap, monkeypatch: pytest.MonkeyPatch
) -> None:
    import jap_tracker.journal as journal

    def interrupt(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(journal, "append_records", interrupt)
    done = jap("update", "P-1", "-s", "done", "--plans", workspace)
    assert done.returncode == 130
    assert done.stderr == "jap: interrupted; nothing was written\n"
    assert records(workspace) == []


def test_an_interrupt_after_a_retraction_is_written_says_so(
    workspace: Path, jap, monkeypatch: pytest.MonkeyPatch
) -> None:
    import jap_tracker.journal as journal

    first = jap("update", "P-1", "-s", "done", "--plans", workspace)
    record_id = first.stdout.split()[1].rstrip(":")
    real = journal.write_records

    def write_then_interrupt(*args: object, **kwargs: object) -> None:
        real(*args, **kwargs)  # type: ignore[arg-type]
        raise KeyboardInterrupt

    monkeypatch.setattr(journal, "write_records", write_then_interrupt)
    done = jap("retract", record_id, "--plans", workspace)
    assert done.returncode == 130
    retraction = records(workspace)[1].split(" ")[0]
    assert retraction.startswith("x")
    assert done.stderr.startswith(f"jap: interrupted; {retraction} was written")
