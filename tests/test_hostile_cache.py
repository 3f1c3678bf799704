"""The cache trusts only what is its own (issue "Hostile surroundings", point 1): a folder of
this user's that no one else can write, reached without following links, entries tagged with
the folder's key. Another local user can neither forge a figure nor make jap delete or
overwrite a file of the victim's.
"""

from __future__ import annotations

import json
import marshal
import os
import stat
from pathlib import Path

import pytest

from jap_tracker.cache import entries as cache_entries
from jap_tracker.cache import store

TODAY = {"JAP_TODAY": "2026-11-30"}
PLAN = """[plan]
id = "P"
title = "Plan"

[[item]]
id = "P-1"
title = "First"
pillar = "I"

[[item]]
id = "P-2"
title = "Second"
pillar = "I"
"""
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
OTHER_UID = 54321  # another local user (a test run as root can give files away)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "p.toml").write_text(PLAN, encoding="utf-8")
    return folder


@pytest.fixture
def cache_root(tmp_path: Path) -> Path:
    root = tmp_path / "cache"
    root.mkdir(mode=0o700)
    return root


def status(jap, workspace: Path, cache_root: Path) -> tuple[int, dict, str]:
    ran = jap(
        "status", "--format", "json", "--plans", workspace,
        env={**TODAY, "JAP_CACHE_DIR": str(cache_root)},
    )  # fmt: skip
    return ran.returncode, json.loads(ran.stdout) if ran.stdout else {}, ran.stderr


def the_folder(workspace: Path, cache_root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("JAP_CACHE_DIR", str(cache_root))
    return store.cache_folder(workspace)  # type: ignore[return-value]


def test_the_folder_and_the_key_are_private(workspace, cache_root, jap, monkeypatch) -> None:
    assert status(jap, workspace, cache_root)[0] == 0
    folder = the_folder(workspace, cache_root, monkeypatch)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    key = folder / ".key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600 and key.stat().st_size == 32
    for entry in folder.iterdir():
        assert not stat.S_IMODE(entry.stat().st_mode) & 0o077, entry


def test_an_entry_written_without_the_key_is_never_believed(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    mine = cache_entries.Entries(folder, ("env",))
    mine.write("index.marshal", {"key": "k", "racy": {}, "completion": 0.532}, plain=True)
    assert mine.read("index.marshal", "k", plain=True)["completion"] == 0.532
    # someone else writes a well-formed entry: the right header, a forged payload, no valid tag
    path = folder / "index.marshal"
    header = path.read_bytes().split(b"\n", 1)[0] + b"\n"
    forged = {"key": "k", "racy": {}, "completion": 0.99}
    path.write_bytes(header + marshal.dumps(forged) + os.urandom(32))
    reader = cache_entries.Entries(folder, ("env",))
    assert reader.read("index.marshal", "k", plain=True) is None


def test_a_world_writable_cache_folder_is_not_used(workspace, cache_root, jap, monkeypatch):
    folder = the_folder(workspace, cache_root, monkeypatch)
    folder.mkdir(mode=0o700)
    os.chmod(folder, 0o777)  # anyone may plant files here
    code, _, err = status(jap, workspace, cache_root)
    assert code == 0 and err == ""
    assert list(folder.iterdir()) == []  # nothing kept, nothing read: run uncached


def test_a_shared_cache_root_is_not_used(workspace, cache_root, jap, monkeypatch):
    os.chmod(cache_root, 0o777)  # JAP_CACHE_DIR=/some/shared/folder
    code, _, err = status(jap, workspace, cache_root)
    assert code == 0 and err == ""
    folder = the_folder(workspace, cache_root, monkeypatch)
    assert not folder.exists() or list(folder.iterdir()) == []


@pytest.mark.skipif(not IS_ROOT, reason="giving a folder to another user needs root")
def test_a_folder_of_another_user_is_not_used(workspace, cache_root, jap, monkeypatch) -> None:
    folder = the_folder(workspace, cache_root, monkeypatch)
    folder.mkdir(mode=0o700)
    os.chown(folder, OTHER_UID, OTHER_UID)  # the other user made it first
    code, _, err = status(jap, workspace, cache_root)
    assert code == 0 and err == ""
    assert list(folder.iterdir()) == []


def test_prune_never_follows_a_planted_link(workspace, cache_root, tmp_path, jap, monkeypatch):
    victim = tmp_path / "victim"
    victim.mkdir()
    for name in ("journal-2020-01.toml.marshal", "index.pickle", "notes.txt"):
        (victim / name).write_text("the victim's own file\n")
    folder = the_folder(workspace, cache_root, monkeypatch)
    folder.symlink_to(victim, target_is_directory=True)  # named like the workspace's cache
    (workspace / "journal").mkdir()
    (workspace / "journal" / "2026-11.toml").write_text(
        'u20261130T000000000000-00000001 = { item = "P-1", date = 2026-11-01, '
        'status = "done", by = "t", recorded = 2026-11-30T00:00:00Z }\n',
        encoding="utf-8",
    )
    for _ in range(2):
        assert status(jap, workspace, cache_root)[0] == 0
    assert sorted(p.name for p in victim.iterdir()) == [
        "index.pickle",
        "journal-2020-01.toml.marshal",
        "notes.txt",
    ]
    assert all(p.read_text() == "the victim's own file\n" for p in victim.iterdir())


def test_a_planted_temporary_link_is_not_followed(tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "c"
    folder.mkdir(mode=0o700)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n")
    # the names a writer could use, if guessable: by process id, or by these "random" bytes
    monkeypatch.setattr(os, "urandom", lambda n: b"\x00" * n)
    for name in (f".index.marshal.{os.getpid()}.tmp", f".index.marshal.{'00' * 8}.tmp"):
        (folder / name).symlink_to(victim)
    # a key made beforehand, so that the write itself meets the planted names
    (folder / ".key").write_bytes(b"k" * 32)
    os.chmod(folder / ".key", 0o600)
    cache_entries.Entries(folder, ("env",)).write("index.marshal", {"key": 1}, plain=True)
    assert victim.read_text() == "keep me\n"


def test_a_file_with_whole_second_times_is_hashed_whatever_the_clock(tmp_path, monkeypatch):
    """Issue point 2: on a file system of 1-second times, an edit made after the clock was set
    back can repeat an old key; such a file's content is checked on every use instead."""
    import time

    from jap_tracker.cache import keys

    path = tmp_path / "p.toml"
    path.write_text('[plan]\nid = "P"\n', encoding="utf-8")
    second = 1_700_000_000 * 10**9  # as a 1-second file system records any write
    os.utime(path, ns=(second, second))
    # the clock an hour ahead of every timestamp of the file (it was set back since)
    ahead = time.time_ns() + 3600 * 10**9
    monkeypatch.setattr(keys.time, "time_ns", lambda: ahead)
    reader = keys.Reader()
    reader(path)
    real = os.path.realpath(path)
    assert reader.racy == {real: keys.digest(path.read_bytes())}
    assert not keys.all_old(reader.racy)  # and the hash is kept, never dropped as "old"
    path.write_text('[plan]\nid = "Q"\n', encoding="utf-8")  # same size, same inode
    os.utime(path, ns=(second, second))
    assert not keys.hashes_hold(reader.racy)


def test_a_file_with_fine_times_old_by_the_clock_is_not_hashed(tmp_path, monkeypatch):
    import time

    from jap_tracker.cache import keys

    path = tmp_path / "p.toml"
    path.write_text('[plan]\nid = "P"\n', encoding="utf-8")
    fine = 1_700_000_000 * 10**9 + 123_456_789
    os.utime(path, ns=(fine, fine))
    ahead = time.time_ns() + 3600 * 10**9
    monkeypatch.setattr(keys.time, "time_ns", lambda: ahead)
    reader = keys.Reader()
    reader(path)
    if os.stat(path).st_ctime_ns % 10**9:  # (a ctime of a whole second: one in a billion)
        assert reader.racy == {}
