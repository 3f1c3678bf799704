"""Writing the journal: records appended under a lock, each month file replaced atomically.

Records are appended under a lock (``journal/.lock``, ``flock``; the first byte on Windows) by
writing a new copy of the month's file and moving it over the old one with ``os.replace``: a
reader, or a writer killed at any instant, sees the file either without or with the whole new
record. The folder gets the ``.gitattributes`` and ``.gitignore`` that let git merge journals.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import math
import os
import sys
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from jap_tracker.diagnostics import UsageError
from jap_tracker.layout import journal_folder
from jap_tracker.records import decimal

LOCK_NAME = ".lock"
GITATTRIBUTES = (
    "# written by jap: each record is one line with its own id, so git may keep the lines of\n"
    "# both sides when merging (merge=union) and must keep line endings as LF (eol=lf)\n"
    "*.toml merge=union eol=lf\n"
)
GITIGNORE = "# written by jap: the lock and unfinished writes\n.lock\n*.tmp\n"
LOCK_TIMEOUT = 10.0
LOCK_TIMEOUT_ENV = "JAP_LOCK_TIMEOUT"


class JournalLocked(Exception):
    """Another writer held the journal's lock for longer than the timeout."""


def _write_atomic(path: Path, data: bytes) -> None:
    """Write a new copy beside ``path`` and move it over ``path`` (never half-written)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        _replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def _replace(source: Path, target: Path) -> None:
    """``os.replace``, retried briefly where Windows refuses while a reader has the file open."""
    if os.name != "nt":
        os.replace(source, target)
        return
    import time

    for attempt in range(50):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if attempt == 49:
                raise
            time.sleep(0.02)


def _fsync_dir(folder: Path) -> None:
    """Make a rename durable: POSIX only (Windows cannot open a folder; NTFS needs no such step)."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def lock_timeout(environ: Mapping[str, str] = os.environ) -> float:
    """Seconds a writer waits for the lock: ``JAP_LOCK_TIMEOUT``, else 10."""
    raw = environ.get(LOCK_TIMEOUT_ENV, "").strip()
    if not raw:
        return LOCK_TIMEOUT
    value = decimal(raw) if raw[0] not in "+-" else None  # unsigned
    if value is None or not (math.isfinite(value) and value >= 0):
        raise UsageError(f"{raw!r} is not a number of seconds (0 or more)", LOCK_TIMEOUT_ENV)
    return value


def ensure_journal(workspace: Path) -> Path:
    """Create the journal folder with its .gitattributes and .gitignore where missing."""
    folder = journal_folder(workspace)
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in ((".gitattributes", GITATTRIBUTES), (".gitignore", GITIGNORE)):
        target = folder / name
        if not target.exists():
            _write_atomic(target, content.encode())
    return folder


@contextmanager
def journal_lock(workspace: Path, timeout: float | None = None) -> Iterator[Path]:
    """Hold the journal's lock (an exclusive lock on ``journal/.lock``); yield the folder.

    The operating system releases the lock of a writer that dies, however it dies. Holding the
    lock, leftovers of writers killed mid-write (``*.tmp``) are removed: no one else can be
    writing them.
    """
    wait = lock_timeout() if timeout is None else timeout
    folder = journal_folder(workspace)
    created = not folder.is_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        try:
            _take_lock(fd, path, wait)
        except OSError:  # no locks on this file system (a wait that ran out is not this)
            if created:  # a command that fails leaves nothing behind: not even the journal
                os.close(fd)
                fd = -1
                path.unlink(missing_ok=True)
                with contextlib.suppress(OSError):
                    folder.rmdir()
            raise
        try:
            ensure_journal(workspace)
            for leftover in os.scandir(folder):
                if leftover.name.endswith(".tmp"):
                    Path(leftover.path).unlink(missing_ok=True)
            yield folder
        finally:
            _release_lock(fd)
    finally:
        if fd >= 0:
            os.close(fd)


def _take_lock(fd: int, path: Path, wait: float) -> None:
    """Lock the open file ``fd``, trying every 50 ms for at most ``wait`` seconds."""
    import time

    deadline = time.monotonic() + wait
    while not _try_lock(fd, path):
        left = deadline - time.monotonic()
        if left <= 0:
            raise JournalLocked(
                f"{path.parent}: another program held the journal's lock for more than "
                f"{wait:g} s, so nothing was written; try again "
                f"(the wait is set by {LOCK_TIMEOUT_ENV})"
            )
        time.sleep(min(0.05, left))


def _try_lock(fd: int, path: Path) -> bool:
    """One attempt at an exclusive lock: ``flock`` on POSIX, the first byte on Windows (as
    docs/journal.md tells other programs to take it). False while another process holds it."""
    try:
        if sys.platform == "win32":
            import msvcrt

            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError as exc:
        if sys.platform == "win32" and exc.errno in (errno.EACCES, errno.EDEADLK):
            return False  # held by another process
        raise OSError(
            exc.errno, f"cannot lock it ({exc.strerror}), so nothing was written", str(path)
        ) from None
    return True


def _release_lock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_UN)


def shard_name(recorded: dt.datetime) -> str:
    return recorded.astimezone(dt.UTC).strftime("%Y-%m") + ".toml"


def write_records(folder: Path, lines: Iterable[tuple[dt.datetime, str]]) -> None:
    """Append record lines to the month files of the moments they were recorded.

    The caller holds :func:`journal_lock`. Each file is replaced atomically, one after another.
    """
    by_shard: dict[str, list[str]] = {}
    for recorded, line in lines:
        if not line.endswith("\n") or "\n" in line[:-1] or "\r" in line:
            raise ValueError("a journal record is exactly one line")
        by_shard.setdefault(shard_name(recorded), []).append(line)
    for name, new_lines in sorted(by_shard.items()):
        shard = folder / name
        try:
            old = shard.read_bytes()
        except FileNotFoundError:
            old = b""
        if old and not old.endswith(b"\n"):
            old += b"\n"
        _write_atomic(shard, old + "".join(new_lines).encode("utf-8"))


def holds_record(workspace: Path, recorded: dt.datetime, record_id: str) -> bool:
    """Whether the journal's month file of ``recorded`` holds the record ``record_id`` (a
    command interrupted around its write says truly whether it was written)."""
    try:
        data = (journal_folder(workspace) / shard_name(recorded)).read_bytes()
    except OSError:
        return False
    return f"\n{record_id} =".encode() in b"\n" + data


def append_records(
    workspace: Path, lines: Iterable[tuple[dt.datetime, str]], timeout: float | None = None
) -> None:
    """Append formatted record lines under the lock (waiting at most ``timeout`` seconds,
    by default :func:`lock_timeout`); each month file is replaced atomically."""
    batch = list(lines)
    with journal_lock(workspace, timeout) as folder:
        write_records(folder, batch)
