"""Cache keys: what a kept value depends on, so that it is used only while all of that is unchanged.

A file's key is (name, size, mtime_ns, ctime_ns, inode, device, target when a symbolic link).
The environment's key holds the cache's format, jap's version, the stat of each of jap's own
modules and catalogues, the versions of the libraries whose behaviour shapes kept values
(pydantic, pycountry), the Python version, and what names files in messages (the working
folder and the workspace's path). A file changed within the timestamps' granularity after it
was read could keep its key (the "racy" case): a file whose mtime or ctime is less than
``RACY_NS`` older than the start of its reading, or that has a whole-second timestamp (a file
system of 1-second times, where a clock set back can repeat a key: ``young``), gets a content
hash (``Reader``), checked on every use of what was kept from it (``hashes_hold``) while that
holds.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import jap_tracker
from jap_tracker.layout import JOURNAL_DIR, toml_entries
from jap_tracker.named import NamedTuple

# 5: entries tagged with the folder's key; 6: the country matrix kept from matrix.py;
# 7: status reports keep pillars × organisations too (matrix.Matrix); 8: the index counts
# plans, items and records, and an index by item (history-NN.marshal); 9: journal entries
# column by column, the environment as a digest, figures of past dates (past-*.pickle)
FORMAT = 9
RACY_NS = 2_000_000_000
WHOLE_SECOND = 1_000_000_000
DEPENDENCIES = ("pydantic", "pydantic_core", "pycountry")

# (name, size, mtime_ns, ctime_ns, inode, device, symlink target or "")
FileKey = tuple[str, int, int, int, int, int, str]
Environment = str  # the digest of everything in ``environment``


def file_key(path: str, name: str) -> FileKey | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    link = os.path.realpath(path) if os.path.islink(path) else ""
    return (name, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev, link)


def toml_files(folder: str) -> list[FileKey]:
    """Keys of the ``*.toml`` entries directly in ``folder`` (a superset of what is read:
    any case of the suffix, hidden files included; entries that are not files too, which
    are reported)."""
    out: list[FileKey] = []
    for entry in toml_entries(folder):
        try:
            st = entry.stat()
            link = os.path.realpath(entry.path) if entry.is_symlink() else ""
        except OSError:  # a link to nothing: reported, so part of the key
            out.append((entry.name, -1, 0, 0, 0, 0, os.path.realpath(entry.path)))
            continue
        if not entry.is_file():  # a folder, a FIFO, a device: reported, so part of the key
            out.append((entry.name, -2, st.st_mode, 0, st.st_ino, st.st_dev, link))
            continue
        out.append(
            (entry.name, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev, link)
        )
    out.sort()
    return out


def own_files() -> list[tuple[str, int, int]]:
    """(path, size, mtime_ns) of jap's modules and compiled catalogues, in every sub-folder."""
    out = []
    todo = [os.path.dirname(jap_tracker.__file__)]
    while todo:
        try:
            entries = list(os.scandir(todo.pop()))
        except OSError:
            continue
        for entry in entries:
            if entry.name.endswith((".py", ".mo")):
                st = entry.stat()
                out.append((entry.path, st.st_size, st.st_mtime_ns))
            elif entry.name != "__pycache__" and "." not in entry.name and entry.is_dir():
                todo.append(entry.path)
    return sorted(out)


def dependency_versions() -> list[str]:
    """The dist-info folders of the libraries that shape kept values (versions in names)."""
    found = []
    wanted = tuple(name + "-" for name in DEPENDENCIES)
    for folder in sys.path:
        if not folder.endswith("-packages"):
            continue
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        found += [n for n in names if n.endswith(".dist-info") and n.startswith(wanted)]
    return sorted(found)


def environment(folder: Path, links: bool = False) -> Environment:
    """Everything besides the files that a kept value depends on, as one digest: every entry
    carries it in its key, so it is read and compared once for each entry (the modules'
    stats alone run to a hundred tuples). Files are named in messages relative to the
    working folder when they lie in it, else as ``--plans`` spells them
    (``loader.display_path``): so one of the two is part of the key."""
    cwd, real = os.path.realpath(os.getcwd()), os.path.realpath(folder)
    inside = real == cwd or real.startswith(cwd.rstrip(os.sep) + os.sep)
    everything = (
        FORMAT,
        jap_tracker.__version__,
        sys.version,
        own_files(),
        dependency_versions(),
        real,
        cwd if inside else None,
        str(folder) if links or not inside else None,
    )
    return digest(repr(everything).encode())


class Keys(NamedTuple):
    """The keys of one workspace as it is now: the environment, its plan and journal files."""

    env: Environment
    plans: list[FileKey]
    journal: list[FileKey]

    def all(self) -> tuple[object, ...]:
        return (self.env, self.plans, self.journal)


def current_keys(folder: Path) -> Keys:
    plans = toml_files(str(folder))
    where = os.path.join(folder, JOURNAL_DIR)
    journal = toml_files(where)
    # "no journal" and "a file where the journal folder belongs" list the same (no) files:
    # the kind of that path is part of the key too.
    # folder, other, a link to nothing, a folder that cannot be listed
    kind = 1 if os.path.isdir(where) else (2 if os.path.exists(where) else 0)
    if kind == 0 and os.path.lexists(where):
        kind = 3
    elif kind == 1 and not journal:
        try:
            os.listdir(where)
        except OSError:
            kind = 4
    journal = [("", kind, 0, 0, 0, 0, ""), *journal]
    # A linked file (or journal folder) may lie outside the working folder.
    links = os.path.islink(where) or any(k[-1] for k in plans + journal)
    return Keys(environment(folder, links), plans, journal)


def digest(data: bytes) -> str:
    try:  # hashlib.blake2b itself, without hashlib's OpenSSL (4 ms to load)
        from _blake2 import blake2b
    except ImportError:  # an interpreter without the module
        from hashlib import blake2b
    return blake2b(data, digest_size=20).hexdigest()


def young(mtime_ns: int, ctime_ns: int, since_ns: int) -> bool:
    """Whether a file's key may not tell a later change: it changed less than ``RACY_NS``
    before ``since_ns`` (by the clock), or a timestamp of its is a whole second. The second
    rule needs no clock: on a file system that keeps whole seconds, an edit made after the
    clock was set back can land on the very second an earlier version had (same size, same
    inode: the same key), however long ago that was by the clock. On a file system with finer
    times, a whole-second time is a one-in-a-billion chance, or a tool's (tar, touch -d): the
    cost is only a hash."""
    return (
        max(mtime_ns, ctime_ns) >= since_ns - RACY_NS
        or not mtime_ns % WHOLE_SECOND
        or not ctime_ns % WHOLE_SECOND
    )


def hashes_hold(racy: dict[str, str]) -> bool:
    """Files that were young when kept must still have the content then read."""
    for path, kept in racy.items():
        try:
            with open(path, "rb") as handle:
                if digest(handle.read()) != kept:
                    return False
        except OSError:
            return False
    return True


def all_old(racy: dict[str, str]) -> bool:
    """Whether every file with a content hash is now too old to change unseen by its key."""
    now = time.time_ns()
    try:
        for path in racy:
            st = os.stat(path)
            if young(st.st_mtime_ns, st.st_ctime_ns, now):
                return False
    except OSError:
        return False
    return True


class Reader:
    """Reads files, keeping the content hash of the young ("racy") ones when ``hashing``."""

    def __init__(self, hashing: bool = True) -> None:
        self.start_ns = time.time_ns()
        self.hashing = hashing
        self.racy: dict[str, str] = {}

    def __call__(self, path: Path) -> bytes:
        if not self.hashing:
            return path.read_bytes()
        st = os.stat(path)
        data = path.read_bytes()
        if young(st.st_mtime_ns, st.st_ctime_ns, self.start_ns):
            self.racy[os.path.realpath(path)] = digest(data)
        return data
