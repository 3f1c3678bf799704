"""The only reader and writer of progress records (the journal).

Layout: ``<workspace>/journal/YYYY-MM.toml``, one file per month in which records were made
(UTC), one record per line, each a TOML key holding an inline table::

    u20261123T040512123456-3f9a2c1b = { item = "RM-2024-03", date = 2024-05-14, ... }
    x20261124T090000000000-0c1d2e3f = { retracts = "u20261123T040512123456-3f9a2c1b", ... }

Records are appended under a lock (``journal/.lock``, ``flock``) by writing a new copy of the
month's file and moving it over the old one with ``os.replace``: a reader, or a writer killed at
any instant, sees the file either without or with the whole new record. Because every record is
one line with a unique key, the ``.gitattributes`` that jap writes on first use
(``*.toml merge=union eol=lf``) lets git merge two branches that both added records without a
conflict; an identical line kept twice by such a merge counts once. The format, and how other
programs may append safely, are in docs/journal.md.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import math
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeAlias

import tomli_w

from jap_tracker.diagnostics import Diagnostic, UsageError
from jap_tracker.layout import JOURNAL_DIR, journal_files
from jap_tracker.model import Retraction, Update
from jap_tracker.records import RETRACTION_KEYS, UPDATE_KEYS, decimal, read_record

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


# ---- writing --------------------------------------------------------------------------------


def new_record_id(recorded: dt.datetime, kind: str = "u") -> str:
    stamp = recorded.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
    return f"{kind}{stamp}-{os.urandom(4).hex()}"


def _value(value: Any) -> str:
    """One TOML value, formatted by tomli-w, on one line."""
    if isinstance(value, Mapping):
        inner = ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items())
        return "{ " + inner + " }" if inner else "{}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    return tomli_w.dumps({"v": value})[4:-1]


def _key(key: str) -> str:
    return tomli_w.dumps({key: 0})[:-5]


def format_record(record_id: str, fields: Mapping[str, Any]) -> str:
    """One journal line: ``key = { ... }`` with the fields that are set, in a fixed order."""
    order = UPDATE_KEYS if "item" in fields else RETRACTION_KEYS
    present = {k: fields[k] for k in order if fields.get(k) is not None}
    line = f"{_key(record_id)} = {_value(present)}\n"
    assert "\n" not in line[:-1]
    return line


def record_of(record_id: str, fields: Mapping[str, Any], path: str, line: int) -> Update:
    """The update that line ``line`` of ``path`` holds when that line is ``format_record(
    record_id, fields)``: what the reader builds from it, without reading it back
    (tests/test_journal_props.py checks that both agree)."""
    present = {
        k: list(v) if isinstance(v, tuple | list) else dict(v) if isinstance(v, Mapping) else v
        for k in UPDATE_KEYS
        if (v := fields.get(k)) is not None
    }
    record, problems = read_record(record_id, present, path, line)
    if not isinstance(record, Update) or problems:
        raise ValueError(f"not an update: {problems}")
    return record


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
    folder = workspace / JOURNAL_DIR
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
    folder = workspace / JOURNAL_DIR
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


def append_records(
    workspace: Path, lines: Iterable[tuple[dt.datetime, str]], timeout: float | None = None
) -> None:
    """Append formatted record lines under the lock (waiting at most ``timeout`` seconds,
    by default :func:`lock_timeout`); each month file is replaced atomically."""
    batch = list(lines)
    with journal_lock(workspace, timeout) as folder:
        write_records(folder, batch)


# ---- reading --------------------------------------------------------------------------------


def _bad(path: str, line: int, message: str, code: str = "bad-record") -> Diagnostic:
    return Diagnostic(path, line, 0, code, message)


def _record_lines(text: str) -> list[int]:
    """1-based numbers of the lines that hold a record (not blank, not a comment). Blank is
    TOML's blank: spaces and tabs (and the CR of a CRLF); any other character is content."""
    out = []
    for number, line in enumerate(text.split("\n"), 1):
        stripped = line.lstrip(" \t").rstrip("\r")
        if stripped and stripped[0] != "#":
            out.append(number)
    return out


def parse_journal_file(
    data: bytes, path: str
) -> tuple[list[Update], list[Retraction], list[Diagnostic]]:
    """One journal file's bytes -> its records; damage is reported line by line."""
    diagnostics: list[Diagnostic] = []
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        diagnostics.append(
            _bad(
                path,
                line,
                "not valid UTF-8: this line was not written by jap; "
                "restore it from git or remove it",
                "encoding",
            )
        )
        text = data.decode("utf-8", errors="replace")
    if text.startswith("\ufeff"):  # a byte-order mark some editors add
        text = text[1:]
    numbers = _record_lines(text)
    pairs: list[tuple[int, str, Any]] = []
    from jap_tracker import recordline

    plain = None if diagnostics else recordline.parse_lines(text, numbers)
    if plain is not None:  # every line as jap writes it: read without the TOML parser
        return _records(plain, path, diagnostics)
    import tomllib

    try:
        doc = tomllib.loads(text) if not diagnostics else None
    except (tomllib.TOMLDecodeError, RecursionError):
        doc = None
    if doc is not None and len(doc) == len(numbers):
        pairs = [(n, k, v) for n, (k, v) in zip(numbers, doc.items(), strict=True)]
    else:  # damaged, or not one record a line: read line by line to keep every good record
        lines = text.split("\n")
        copies: dict[str, Any] = {}
        for n in numbers:
            line_text = lines[n - 1].removesuffix("\r")  # CRLF: a lone CR is not TOML
            try:
                one = tomllib.loads(line_text)
            except tomllib.TOMLDecodeError as exc:
                reason = re.sub(r"\s*\(at .*\)$", "", str(exc))
                diagnostics.append(
                    _bad(
                        path,
                        n,
                        f"not a valid record ({reason}): a journal "
                        "record is one line `ID = { ... }`; restore the line "
                        "from git or remove it",
                        "toml-syntax",
                    )
                )
                continue
            except RecursionError:
                diagnostics.append(
                    _bad(path, n, "not a valid record (nested too deep)", "too-deep")
                )
                continue
            for key, value in one.items():
                if key in copies and copies[key] == value:
                    # The same record twice, as a git merge leaves it after a cherry-pick
                    # (merge=union keeps both copies): one record, counted once.
                    continue
                copies.setdefault(key, value)
                pairs.append((n, key, value))
    return _records(pairs, path, diagnostics)


def _records(
    pairs: list[tuple[int, str, Any]], path: str, diagnostics: list[Diagnostic]
) -> tuple[list[Update], list[Retraction], list[Diagnostic]]:
    """(line, key, value) of each record -> the records, with their problems located."""
    updates: list[Update] = []
    retractions: list[Retraction] = []
    seen: dict[str, int] = {}
    for number, key, value in pairs:
        if key in seen:
            diagnostics.append(
                _bad(
                    path,
                    number,
                    f"record id '{key}' already used on line {seen[key]}",
                    "duplicate-record",
                )
            )
            continue
        seen[key] = number
        record, problems = read_record(key, value, path, number)
        diagnostics.extend(problems)
        if isinstance(record, Update):
            updates.append(record)
        elif isinstance(record, Retraction):
            retractions.append(record)
    return updates, retractions, diagnostics


def journal_folder_problem(
    workspace: Path, display: Callable[[Path], str] = str
) -> list[Diagnostic]:
    """A file (not a folder) where the journal belongs: a located problem for every command."""
    folder = workspace / JOURNAL_DIR
    if folder.exists() and not folder.is_dir():
        message = "is not a folder: jap keeps its journal there; move this file elsewhere"
        return [Diagnostic(display(folder), 1, 0, "journal-not-folder", message)]
    return []


Records: TypeAlias = tuple[list[Update], list[Retraction], list[Diagnostic]]
Reader: TypeAlias = Callable[[Path, str], Records]


def read_file(path: Path, name: str) -> Records:
    """One journal file's records, read from the file; ``name`` names it in messages."""
    return parse_journal_file(path.read_bytes(), name)


def read_journal(
    workspace: Path, display: Callable[[Path], str] = str, records_of: Reader = read_file
) -> Records:
    """Every record of the workspace's journal, with diagnostics for damaged ones.

    ``records_of(path, name)`` gives one file's records (the cache passes one that answers
    from what it kept); an ``OSError`` from it is reported as a file that cannot be read."""
    updates: list[Update] = []
    retractions: list[Retraction] = []
    diagnostics: list[Diagnostic] = journal_folder_problem(workspace, display)
    for file in journal_files(workspace):
        name = display(file)
        try:
            u, r, d = records_of(file, name)
        except OSError as exc:
            diagnostics.append(Diagnostic(name, 1, 0, "unreadable", f"cannot read: {exc.strerror}"))
            continue
        updates.extend(u)
        retractions.extend(r)
        diagnostics.extend(d)
    return updates, retractions, diagnostics
