"""Many writers at once, and writers killed (SIGKILL) at random instants: no record is lost,
none is half-written, and the journal stays valid. The writers are processes of their own (the
lock is the operating system's, and a kill is a process's); the checks after them are not."""

from __future__ import annotations

import datetime as dt
import os
import random
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from conftest import BIN, jap_env
from jap_tracker import journal

ITEMS = 16
PLAN = '[plan]\nid = "P"\ntitle = "Plan P"\n' + "".join(
    f'\n[[item]]\nid = "P-{k}"\ntitle = "Item {k}"\npillar = "I"\n' for k in range(ITEMS)
)


def jap_command() -> list[str]:
    return [str(BIN)] if BIN.exists() else [sys.executable, "-m", "jap_tracker"]


def workspace(tmp_path: Path) -> Path:
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "p.toml").write_text(PLAN)
    return folder


def all_records(folder: Path) -> tuple[list[str], list]:
    updates, retractions, problems = journal.read_journal(folder)
    return [r.id for r in [*updates, *retractions]], problems


def test_thirty_writers_at_once_lose_nothing(tmp_path: Path, jap):
    folder = workspace(tmp_path)
    # half of them on the same item, the others on items of their own
    items = ["P-0" if k % 2 else f"P-{1 + k // 2}" for k in range(30)]
    procs = [
        subprocess.Popen(
            [
                *jap_command(),
                "update",
                item,
                "--progress",
                str(k),
                "--note",
                f"writer {k}",
                "--plans",
                str(folder),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=jap_env(),
        )  # fmt: skip
        for k, item in enumerate(items)
    ]
    outputs = [proc.communicate(timeout=120) for proc in procs]
    assert [p.returncode for p in procs] == [0] * 30, [err for _, err in outputs if err]
    printed = sorted(out.split()[1].rstrip(":") for out, _ in outputs)
    ids, problems = all_records(folder)
    assert problems == []
    assert sorted(ids) == printed and len(set(ids)) == 30
    notes = {u.note for u in journal.read_journal(folder)[0]}
    assert notes == {f"writer {k}" for k in range(30)}
    check = jap("check", "--plans", folder)  # after the writers: no process needed
    assert check.returncode == 0 and "30 journal records" in check.stdout, check.stderr


WRITER = textwrap.dedent(
    """
    import datetime as dt, sys
    from pathlib import Path
    from jap_tracker import journal

    folder = Path(sys.argv[1])
    print("ready", flush=True)
    n = 0
    while True:
        now = dt.datetime.now(dt.UTC)
        rid = journal.new_record_id(now)
        line = journal.format_record(rid, {"item": "P-0", "date": now.date(), "progress": n % 101,
                                           "note": "x" * (n % 300), "by": "w", "recorded": now})
        print("try", rid, flush=True)
        journal.append_records(folder, [(now, line)])
        print("ok", rid, flush=True)
        n += 1
    """
)


def test_writers_killed_at_random_instants_leave_every_record_whole(tmp_path: Path, jap):
    folder = workspace(tmp_path)
    # a month file large enough that a kill often lands while a copy is being written
    now = dt.datetime.now(dt.UTC)
    filler = [
        (now, journal.format_record(f"u-fill-{k}", {"item": "P-1", "date": now.date(),
                                                    "note": "y" * 100, "by": "f",
                                                    "recorded": now}))
        for k in range(2000)
    ]  # fmt: skip
    journal.append_records(folder, filler)
    seed = int.from_bytes(os.urandom(4), "big")
    rng = random.Random(seed)
    tried: set[str] = set()
    acknowledged: set[str] = set()
    for _ in range(40):
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(folder)],
            stdout=subprocess.PIPE, text=True, env=jap_env(),
        )  # fmt: skip
        assert proc.stdout is not None
        assert proc.stdout.readline() == "ready\n"
        time.sleep(rng.uniform(0, 0.12))
        proc.kill()  # SIGKILL on POSIX
        rest = proc.stdout.read()  # not communicate(): it would skip what readline buffered
        proc.wait(timeout=60)
        for line in rest.splitlines(keepends=True):
            if line.endswith("\n") and line.count(" ") == 1:
                kind, rid = line.split()
                (tried if kind == "try" else acknowledged).add(rid)
        ids, problems = all_records(folder)
        assert problems == [], f"seed {seed}: {problems}"
        written = set(ids) - {f"u-fill-{k}" for k in range(2000)}
        assert acknowledged <= written, f"seed {seed}: acknowledged records lost"
        assert written <= tried, f"seed {seed}: records nobody wrote"
        assert len(ids) == len(set(ids))
    assert acknowledged, f"seed {seed}: no writer got as far as one record"
    check = jap("check", "--plans", folder)
    assert check.returncode == 0, check.stderr
    # leftovers of killed writers are never read, and the next write removes them
    done = jap("update", "P-2", "--note", "after", "--plans", folder)
    assert done.returncode == 0, done.stderr
    assert list((folder / "journal").glob("*.tmp")) == []


def test_jap_update_killed_at_random_instants_keeps_the_journal_valid(tmp_path: Path, jap):
    folder = workspace(tmp_path)
    seed = int.from_bytes(os.urandom(4), "big")
    rng = random.Random(seed)
    acknowledged = 0
    for k in range(12):
        proc = subprocess.Popen(
            [*jap_command(), "update", f"P-{k % ITEMS}", "--progress", "10", "--plans",
             str(folder)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=jap_env(),
        )  # fmt: skip
        time.sleep(rng.uniform(0, 0.4))
        proc.kill()
        out, _ = proc.communicate(timeout=60)
        acknowledged += out.startswith("recorded ")
        ids, problems = all_records(folder)
        assert problems == [], f"seed {seed}: {problems}"
        assert len(ids) >= acknowledged
    check = jap("check", "--plans", folder)
    assert check.returncode == 0, f"seed {seed}: {check.stderr}"
