r"""The cache: what was loaded, validated and computed, so that a repeated command reads no TOML.

Where: ``$JAP_CACHE_DIR/<workspace name>-<hash of its real path>/``; without that variable, in
the user's cache folder (``$XDG_CACHE_HOME/jap-tracker/``, else ``~/.cache/jap-tracker/``, or
``%LOCALAPPDATA%/jap-tracker/`` on Windows). Never inside the workspace: jap writes nothing
there but its journal.
``JAP_NO_CACHE=1`` turns the cache off. A cache that cannot be written (a read-only workspace)
is simply not written: the command runs uncached and says nothing.

What, one file each, each with its own key:

- ``plans.pickle``: the plans (``Workspace``) and their diagnostics, keyed by every plan file;
- ``journal-<name>.marshal``: one journal file's records and diagnostics, keyed by that file,
  so that after a change of one month file only that file is read again;
- ``index.marshal``, keyed by every file: every diagnostic of the workspace, the date of the
  last update, the updates ``jap update`` noted since the figures were kept, and the status
  reports already computed, by as-of date and language (the output of
  ``report.build_status``, a pure function of the files, the date and the language; a pickle
  of their own, inside, unpickled only by a command that prints one);
- ``items.marshal``: each item's id, indicators and countries, all that ``jap update`` checks;
- ``figures.pickle``: every item's replayed state as of any date on or after the last update
  (the index names the one that belongs to it).

Keys. A file's key is (name, size, mtime_ns, ctime_ns, inode, device, target when a symbolic
link). A key also holds the format of the cache, jap's version, the stat of each of jap's own
modules, the versions of the libraries whose behaviour shapes cached values (pydantic,
pycountry), the Python version, and what names files in messages (the working folder and the
workspace's path). Any difference: the entry is not used. A file changed within the
timestamps' granularity after it was read could keep its key (the "racy" case): a file whose
mtime or ctime is less than 2 s older than the start of the build that read it gets a content
hash, checked on every use of the entry (until it is older than that).

``jap update`` keeps the cache warm: it checks, around its append, that the month file it
wrote held exactly what the index knew plus the new line, and then records the new update in
the index (``delta``) instead of dropping everything; the next status applies it to the
cached final figures when it comes after all of them in replay order.

Damaged files (truncated, garbage) give one warning on standard error and are rebuilt.
Pickles are read by an unpickler that accepts only jap's own named tuples and datetime
values: a planted cache file cannot run code. What ``jap update`` reads (the index, the items,
journal entries) is marshalled plain values: it imports no pickle at all.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import io
import marshal
import os
import sys
import time
import zlib
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, NamedTuple

import jap_tracker
from jap_tracker.diagnostics import Diagnostic

ENV_DIR = "JAP_CACHE_DIR"
ENV_OFF = "JAP_NO_CACHE"
FORMAT = 3
MAGIC = b"JAPCACHE"
RACY_NS = 2_000_000_000
DEPENDENCIES = ("pydantic", "pydantic_core", "pycountry")
JOURNAL_DIR = "journal"  # journal.JOURNAL_DIR, without importing the journal's writer
REPORTS_KEPT = 8
DELTA_KEPT = 1000  # updates noted by jap update (each rewrites them all) before a status
ENTRIES = frozenset({"plans.pickle", "items.marshal", "index.marshal", "figures.pickle"})

# ---- keys -----------------------------------------------------------------------------------

# (name, size, mtime_ns, ctime_ns, inode, device, symlink target or "")
FileKey = tuple[str, int, int, int, int, int, str]


def _file_key(path: str, name: str) -> FileKey | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    link = os.path.realpath(path) if os.path.islink(path) else ""
    return (name, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev, link)


def _toml_files(folder: str) -> list[FileKey]:
    """Keys of the ``*.toml`` files directly in ``folder`` (a superset of what is read:
    any case of the suffix, hidden files included)."""
    out: list[FileKey] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return out
    for entry in entries:
        if not entry.name.lower().endswith(".toml"):
            continue
        try:
            st = entry.stat()
            if not entry.is_file():
                continue
            link = os.path.realpath(entry.path) if entry.is_symlink() else ""
        except OSError:
            continue
        out.append(
            (entry.name, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev, link)
        )
    out.sort()
    return out


def _own_modules() -> list[tuple[str, int, int]]:
    root = os.path.dirname(jap_tracker.__file__)
    out = []
    for folder in (root, os.path.join(root, "render")):
        try:
            for entry in os.scandir(folder):
                if entry.name.endswith(".py"):
                    st = entry.stat()
                    out.append((entry.path, st.st_size, st.st_mtime_ns))
        except OSError:
            pass
    return sorted(out)


def _dependency_versions() -> list[str]:
    """The dist-info folders of the libraries that shape cached values (versions in names)."""
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


def environment(folder: Path, links: bool = False) -> tuple[Any, ...]:
    """Everything besides the files that a cached value depends on. Files are named in
    messages relative to the working folder when they lie in it, else as ``--plans`` spells
    them (``loader.display_path``): so one of the two is part of the key."""
    cwd, real = os.path.realpath(os.getcwd()), os.path.realpath(folder)
    inside = real == cwd or real.startswith(cwd.rstrip(os.sep) + os.sep)
    return (
        FORMAT,
        jap_tracker.__version__,
        sys.version,
        _own_modules(),
        _dependency_versions(),
        real,
        cwd if inside else None,
        str(folder) if links or not inside else None,
    )


class Keys(NamedTuple):
    env: tuple[Any, ...]
    plans: list[FileKey]
    journal: list[FileKey]

    def all(self) -> tuple[Any, ...]:
        return (self.env, self.plans, self.journal)


def current_keys(folder: Path) -> Keys:
    plans = _toml_files(str(folder))
    journal = _toml_files(os.path.join(folder, JOURNAL_DIR))
    # "no journal" and "a file where the journal folder belongs" list the same (no) files:
    # the kind of that path is part of the key too.
    where = os.path.join(folder, JOURNAL_DIR)
    kind = 1 if os.path.isdir(where) else (2 if os.path.lexists(where) else 0)  # folder, other
    journal = [("", kind, 0, 0, 0, 0, ""), *journal]
    # A linked file (or journal folder) may lie outside the working folder.
    links = os.path.islink(os.path.join(folder, JOURNAL_DIR)) or any(k[-1] for k in plans + journal)
    return Keys(environment(folder, links), plans, journal)


def display_path(path: Path) -> str:
    """``loader.display_path`` (how files are named in messages), without importing pydantic."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _digest(data: bytes) -> str:
    try:  # hashlib.blake2b itself, without hashlib's OpenSSL (4 ms to load)
        from _blake2 import blake2b
    except ImportError:  # an interpreter without the module
        from hashlib import blake2b
    return blake2b(data, digest_size=20).hexdigest()


def _young(mtime_ns: int, ctime_ns: int, since_ns: int) -> bool:
    return max(mtime_ns, ctime_ns) >= since_ns - RACY_NS


def _racy_hashes_hold(racy: dict[str, str]) -> bool:
    """Files that were young when cached must still have the content then read."""
    for path, digest in racy.items():
        try:
            with open(path, "rb") as handle:
                if _digest(handle.read()) != digest:
                    return False
        except OSError:
            return False
    return True


@contextlib.contextmanager
def _without_gc() -> Iterator[None]:
    """No cyclic garbage collection while many lasting objects are made: the collector
    would walk them again and again (a third of the time of a replay) and find nothing."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()  # what was made lives to the end of the command: never walk it again
        if enabled:
            gc.enable()


# ---- storage --------------------------------------------------------------------------------

_DATETIME = {"date", "datetime", "time", "timedelta", "timezone"}


def _find_class(module: str, name: str) -> Any:
    """What a cached pickle may name: jap's own named tuples and datetime values, nothing else,
    so a planted file cannot run code."""
    import importlib

    if module == "datetime" and name in _DATETIME:
        return getattr(dt, name)
    if module.startswith("jap_tracker."):
        try:
            found = getattr(importlib.import_module(module), name, None)
        except ImportError:
            found = None
        if isinstance(found, type) and issubclass(found, tuple) and hasattr(found, "_fields"):
            return found
    raise ValueError(f"{module}.{name} is not a cached value type")


def _unpickle(data: bytes) -> Any:
    import pickle  # here: what jap update reads is marshalled, and it never needs pickle

    class Unpickler(pickle.Unpickler):
        def find_class(self, module: str, name: str) -> Any:
            return _find_class(module, name)

    return Unpickler(io.BytesIO(data)).load()


def _pickle(value: Any) -> bytes:
    import pickle

    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


class Damaged(Exception):
    pass


class Store:
    """The cache folder of one workspace: entries read and written whole, never half."""

    def __init__(self, folder: Path | None, env: Any = None) -> None:
        self.folder = folder
        self.warned = False
        self.writable = folder is not None
        # An entry written by another jap (version, modules, libraries) is stale, not damaged:
        # it says so before its payload, which that other jap may have shaped differently.
        self._header = MAGIC + b"%d %08x\n" % (FORMAT, zlib.crc32(repr(env).encode()))

    def path(self, name: str) -> Path:
        assert self.folder is not None
        return self.folder / name

    def read(
        self, name: str, key: Any, plain: bool = False, racy: bool = True
    ) -> dict[str, Any] | None:
        """The entry's payload when its key matches; None when missing or stale.

        A damaged entry is reported once and treated as missing. ``plain``: a marshal of
        plain values (faster for many small records) instead of a pickle. ``racy``: check the
        content hashes of the files that were young when the entry was written."""
        if self.folder is None:
            return None
        try:
            with open(self.path(name), "rb") as handle:
                data = handle.read()
        except OSError:
            return None
        try:
            if not data.startswith(MAGIC):
                raise Damaged
            if not data.startswith(self._header):
                return None  # another format: rebuild silently
            body = data[len(self._header) :]
            with _without_gc():
                payload = marshal.loads(body) if plain else _unpickle(body)
            if not isinstance(payload, dict) or "key" not in payload:
                raise Damaged
            hashes = payload.get("racy", {})
            if not isinstance(hashes, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in hashes.items()
            ):
                raise Damaged
        except Exception:
            self.warn_damaged(name)
            return None
        if payload["key"] != key:
            return None
        if racy and not _racy_hashes_hold(hashes):
            return None
        return payload

    def warn_damaged(self, name: str) -> None:
        if not self.warned:
            self.warned = True
            sys.stderr.write(
                f"jap: warning: the cache file {self.path(name)} was damaged; rebuilding it\n"
            )

    def write(self, name: str, payload: dict[str, Any], plain: bool = False) -> None:
        """Write atomically; any failure leaves the command uncached, silently."""
        if not self.writable or self.folder is None:
            return
        try:
            body = marshal.dumps(payload) if plain else _pickle(payload)
        except Exception:  # (pickle.PicklingError among them)
            return  # a value this format cannot hold: that entry is not cached
        target = self.path(name)
        tmp = target.with_name(f".{name}.{os.getpid()}.tmp")
        try:
            self._ensure()
            with open(tmp, "wb") as handle:
                handle.write(self._header)
                handle.write(body)
            os.replace(tmp, target)
        except OSError:
            self.writable = False  # a read-only workspace: run uncached
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)

    def _ensure(self) -> None:
        assert self.folder is not None
        if not self.folder.is_dir():
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        ignore = self.folder / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# written by jap: its cache, never to be committed\n*\n")

    def prune(self, keep: set[str]) -> None:
        """Remove the entries of journal files that are gone (all but ``keep``), and what an
        older jap left that this one never reads (``index.pickle``, say)."""
        if not self.writable or self.folder is None:
            return
        try:
            for entry in os.scandir(self.folder):
                name = entry.name
                if name.startswith("journal-"):
                    stale = name not in keep
                else:  # hidden files are another jap's writes in progress, or .gitignore
                    stale = not name.startswith(".") and name not in ENTRIES
                if stale and entry.is_file(follow_symlinks=False):
                    os.unlink(entry.path)
        except OSError:
            pass


def store_for(folder: Path, env: Any = None) -> Store:
    if os.environ.get(ENV_OFF, "").strip() not in ("", "0"):
        return Store(None)
    base = os.environ.get(ENV_DIR, "").strip() or default_root()
    if not base:
        return Store(None)
    real = os.path.realpath(folder)
    name = f"{os.path.basename(real)}-{zlib.crc32(real.encode()):08x}"  # the key decides
    return Store(Path(base) / name, env)


def default_root() -> str:
    """The user's cache folder for jap; where it cannot be written, one in the temporary
    folder, private to this user."""
    if os.name == "nt" and os.environ.get("LOCALAPPDATA"):
        root = os.path.join(os.environ["LOCALAPPDATA"], "jap-tracker")
    else:
        xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
        home = os.path.expanduser("~")
        if xdg and os.path.isabs(xdg):
            root = os.path.join(xdg, "jap-tracker")
        else:
            root = os.path.join(home, ".cache", "jap-tracker") if home != "~" else ""
    if root and _writable(root):
        return root
    import tempfile

    user = os.getuid() if hasattr(os, "getuid") else os.environ.get("USERNAME", "user")
    return os.path.join(tempfile.gettempdir(), f"jap-tracker-{user}")


def _writable(folder: str) -> bool:
    """Whether ``folder`` exists and can be written, or could be made."""
    probe = folder
    while not os.path.exists(probe):
        parent = os.path.dirname(probe)
        if parent == probe:
            return False
        probe = parent
    return os.path.isdir(probe) and os.access(probe, os.W_OK | os.X_OK)


# ---- journal files as plain values -------------------------------------------------------------


def _journal_entry(name: str) -> str:
    return f"journal-{name}.marshal"


def _encode_records(updates: list[Any], retractions: list[Any], found: list[Any]) -> Any:
    """One journal file's records as plain values (dates as ordinals, times as ISO text)."""
    from jap_tracker.model import Retraction, Update

    if Update._fields[2:4] != ("date", "recorded") or Retraction._fields[2] != "recorded":
        raise ValueError("the record types changed shape: cache them no more")  # not written
    return (
        [(u.id, u.item, u.date.toordinal(), u.recorded.isoformat(), *u[4:]) for u in updates],
        [(r.id, r.retracts, r.recorded.isoformat(), *r[3:]) for r in retractions],
        [tuple(d) for d in found],
    )


def _decode_records(plain: Any) -> tuple[list[Any], list[Any], list[Diagnostic]]:
    from jap_tracker.model import Retraction, Update

    day, moment, new = dt.date.fromordinal, dt.datetime.fromisoformat, tuple.__new__
    updates, retractions, found = plain
    return (
        [new(Update, (a, b, day(c), moment(d), *rest)) for a, b, c, d, *rest in updates],
        [new(Retraction, (a, b, moment(c), *rest)) for a, b, c, *rest in retractions],
        [Diagnostic(*d) for d in found],
    )


class _Reader:
    """Reads files for a build, keeping the content hash of the young ("racy") ones."""

    def __init__(self, hashing: bool = True) -> None:
        self.start_ns = time.time_ns()
        self.hashing = hashing
        self.racy: dict[str, str] = {}

    def __call__(self, path: Path) -> bytes:
        st = os.stat(path)
        data = path.read_bytes()
        if self.hashing and _young(st.st_mtime_ns, st.st_ctime_ns, self.start_ns):
            self.racy[os.path.realpath(path)] = _digest(data)
        return data


# ---- the workspace through the cache -----------------------------------------------------------


class _Ref:
    """An item (or indicator) as ``jap update`` first needs it: ids and countries from the
    small ``items.marshal``; any other attribute comes from the whole workspace, loaded then."""

    __slots__ = ("id", "indicators", "countries", "_full")

    def __init__(self, ident: str, full: Any, indicators: Any = (), countries: Any = ()) -> None:
        self.id = ident
        self.indicators = indicators
        self.countries = countries
        self._full = full  # () -> the real Item or Indicator

    def __getattr__(self, name: str) -> Any:
        return getattr(self._full(), name)


def _item_ref(item_id: str, plain: Any, cached: Cached) -> _Ref:
    def item() -> Any:
        return cached.full_workspace().item_index()[item_id]

    def indicator(k: int) -> Any:
        return lambda: item().indicators[k]

    indicators = tuple(_Ref(ident, indicator(k)) for k, ident in enumerate(plain[0]))
    return _Ref(item_id, item, indicators, plain[1])


class _ItemTable(Mapping[str, Any]):
    """The items as ``jap update`` first needs them, from one text in ``items.marshal``: a row
    ``\nID\tINDICATOR INDICATOR\tCC CC`` per item (ids hold no spaces, tabs or line breaks).
    Loading it is one string, whatever the number of items; a lookup is one ``str.find``."""

    def __init__(self, table: str, cached: Cached) -> None:
        self._table = table
        self._cached = cached

    def _row(self, item_id: str) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
        if not item_id or any(ch in item_id for ch in " \t\n"):
            return None
        at = self._table.find(f"\n{item_id}\t")
        if at < 0:
            return None
        end = self._table.index("\n", at + 1)
        _, indicators, countries = self._table[at + 1 : end].split("\t")
        return tuple(indicators.split()), tuple(countries.split())

    def __getitem__(self, item_id: str) -> Any:
        row = self._row(item_id)
        if row is None:
            raise KeyError(item_id)
        return _item_ref(item_id, row, self._cached)

    def __contains__(self, item_id: object) -> bool:
        return isinstance(item_id, str) and self._row(item_id) is not None

    def __iter__(self) -> Iterator[str]:
        return (row.split("\t", 1)[0] for row in self._table.split("\n") if row)

    def __len__(self) -> int:
        return self._table.count("\n") - 1


def item_table(items: Iterable[Any]) -> str:
    """The text of an :class:`_ItemTable` for ``items`` (ids unique)."""
    rows = (
        f"{i.id}\t{' '.join(d.id for d in i.indicators)}\t{' '.join(i.countries)}\n" for i in items
    )
    return "\n" + "".join(rows)


class _Workspace:
    """``model.Workspace`` of a Cached, loaded on first use of ``plans`` or ``items``;
    ``item_index()`` before that reads only the items' ids, indicators and countries."""

    def __init__(self, cached: Cached) -> None:
        self._cached = cached

    @property
    def plans(self) -> Any:
        return self._cached.full_workspace().plans

    @property
    def items(self) -> Any:
        return self._cached.full_workspace().items

    def __iter__(self) -> Iterator[Any]:
        return iter(self._cached.full_workspace())

    def item_index(self) -> Mapping[str, Any]:
        return self._cached.item_index()


class Cached:
    """A loaded workspace, like ``workspace.Loaded``, whose parts come from the cache on use.

    ``workspace``, ``updates``, ``retractions`` and ``diagnostics`` as in ``Loaded``; plus
    ``figures(as_of)`` and ``status_report(as_of, lang)``, computed once and kept, and
    ``append(recorded, line)`` for ``jap update``.
    """

    def __init__(self, folder: Path, store: Store, keys: Keys | None) -> None:
        self.folder = folder
        self.store = store
        self.keys = keys
        self.diagnostics: list[Diagnostic] = []
        self.last: dt.date | None = None  # the date of the last live update
        self._workspace: Any = None
        self._item_index: Mapping[str, Any] | None = None
        self._updates: Any = None
        self._retractions: Any = None
        self._racy: dict[str, str] = {}
        self._declared: frozenset[str] | None = frozenset()  # item ids of broken plan files
        self._final: Any = None  # figures on and after ``last``
        self._figures_key: Any = None  # the key of figures.pickle that goes with the index
        self._delta: list[Any] = []  # updates appended by jap update since figures.pickle
        self._reports: dict[tuple[str, str], Any] | None = {}  # None: still in _reports_blob
        self._reports_blob = b""  # the reports as the index keeps them: a pickle of their own

    # -- Loaded's interface
    @property
    def workspace(self) -> Any:
        return self._workspace if self._workspace is not None else _Workspace(self)

    def full_workspace(self) -> Any:
        if self._workspace is None:
            self._load_plans()
        return self._workspace

    def item_index(self) -> Mapping[str, Any]:
        if self._item_index is not None:
            return self._item_index
        if self._workspace is None and self.keys is not None:
            key = (self.keys.env, self.keys.plans)
            entry = self.store.read("items.marshal", key, plain=True)
            if entry is not None and isinstance(entry.get("items"), str):
                self._item_index = _ItemTable(entry["items"], self)
                return self._item_index
            self._item_index = self.full_workspace().item_index()
            self._write_items(key, dict(self._racy))  # missing or damaged: written again
            return self._item_index
        self._item_index = self.full_workspace().item_index()
        return self._item_index

    @property
    def updates(self) -> Any:
        if self._updates is None:
            self._load_journal()
        return self._updates

    @property
    def retractions(self) -> Any:
        if self._retractions is None:
            self._load_journal()
        return self._retractions

    def retracted(self) -> dict[str, Any]:
        return {r.retracts: r for r in self.retractions}

    def live_updates(self) -> list[Any]:
        gone = self.retracted()
        return [u for u in self.updates if u.id not in gone] if gone else self.updates

    # -- loading
    def _load_plans(self) -> list[Diagnostic]:
        key = (self.keys.env, self.keys.plans) if self.keys else None
        entry = self.store.read("plans.pickle", key) if key else None
        if entry is not None:
            self._workspace = entry["workspace"]
            self._declared = entry["declared"]
            self._racy.update(entry["racy"])
            return list(entry["diagnostics"])
        from jap_tracker.loader import load_plan_files

        reader = _Reader(hashing=key is not None)
        with _without_gc():
            workspace, diagnostics, declared = load_plan_files(self.folder, read=reader)
        self._workspace = workspace
        self._declared = declared
        self._racy.update(reader.racy)
        if key is not None:
            self.store.write(
                "plans.pickle",
                {
                    "key": key,
                    "racy": reader.racy,
                    "workspace": workspace,
                    "declared": declared,
                    "diagnostics": diagnostics,
                },
            )
            self._write_items(key, reader.racy)
        return diagnostics

    def _write_items(self, key: Any, racy: dict[str, str]) -> None:
        """items.marshal: each item's indicators and countries, all that jap update checks."""
        items = item_table(self._workspace.item_index().values())
        self.store.write("items.marshal", {"key": key, "racy": racy, "items": items}, plain=True)

    def _load_journal(self) -> list[Diagnostic]:
        from jap_tracker.journal import journal_files, journal_folder_problem, parse_journal_file

        updates: list[Any] = []
        retractions: list[Any] = []
        diagnostics: list[Diagnostic] = journal_folder_problem(self.folder, display_path)
        known = {k[0]: k for k in self.keys.journal} if self.keys else {}
        reader = _Reader(hashing=self.keys is not None)
        kept = set()
        with _without_gc():
            for path in journal_files(self.folder):
                file_key = known.get(path.name)
                key = (self.keys.env, file_key) if self.keys and file_key else None
                entry_name = _journal_entry(path.name)
                entry = self.store.read(entry_name, key, plain=True) if key else None
                records = None
                if entry is not None:
                    try:
                        records = _decode_records(entry["records"])
                        self._racy.update(entry["racy"])
                    except Exception:
                        self.store.warn_damaged(entry_name)
                if records is None:
                    shown = display_path(path)
                    try:
                        data = reader(path)
                    except OSError as exc:
                        diagnostics.append(
                            Diagnostic(shown, 1, 0, "unreadable", f"cannot read: {exc.strerror}")
                        )
                        continue
                    records = parse_journal_file(data, shown)
                    if key is not None:
                        real = os.path.realpath(path)
                        racy = {real: reader.racy[real]} if real in reader.racy else {}
                        with contextlib.suppress(ValueError):
                            self.store.write(
                                entry_name,
                                {"key": key, "racy": racy, "records": _encode_records(*records)},
                                plain=True,
                            )
                kept.add(entry_name)
                updates.extend(records[0])
                retractions.extend(records[1])
                diagnostics.extend(records[2])
        self._racy.update(reader.racy)
        self._updates, self._retractions = updates, retractions
        if self.keys is not None:
            self.store.prune(kept)
        return diagnostics

    def build(self) -> None:
        """Load everything (through the per-file entries) and write the index."""
        from jap_tracker.workspace import cross_check

        with _without_gc():
            found = self._load_plans()
            found += self._load_journal()
            found += cross_check(
                self.full_workspace(), self._updates, self._retractions, self._declared
            )
        self.diagnostics = found
        self.last = max((u.date for u in self.live_updates()), default=None)
        self._save_index()

    def _save_index(self) -> None:
        if self.keys is None:
            return
        self.store.write(
            "index.marshal",
            {
                "key": self.keys.all(),
                "racy": self._racy,
                "diagnostics": [tuple(d) for d in self.diagnostics],
                "last": self.last.toordinal() if self.last else None,
                "figures": self._figures_key,
                "delta": _encode_records(self._delta, [], [])[0],
                "reports": self._reports_pickle(),
            },
            plain=True,
        )

    def _reports_pickle(self) -> bytes:
        """The reports, pickled apart, so that a command that does not print one (jap update)
        neither unpickles them nor imports what they are made of."""
        if self._reports is not None:
            self._reports_blob = _pickle(self._reports) if self._reports else b""
        return self._reports_blob

    def _memo(self) -> dict[tuple[str, str], Any]:
        if self._reports is None:
            reports: Any = {}
            if self._reports_blob:  # empty when no report is kept
                try:
                    with _without_gc():
                        reports = _unpickle(self._reports_blob)
                    if not isinstance(reports, dict):
                        raise Damaged
                except Exception:
                    self.store.warn_damaged("index.marshal")
                    reports = {}
            self._reports = reports
        return self._reports

    def _restore(self, entry: dict[str, Any]) -> None:
        self.diagnostics = [Diagnostic(*d) for d in entry["diagnostics"]]
        self.last = dt.date.fromordinal(entry["last"]) if entry["last"] is not None else None
        self._racy = entry["racy"]
        self._figures_key = entry["figures"]
        self._delta = _decode_records((entry["delta"], [], []))[0] if entry["delta"] else []
        self._reports, self._reports_blob = None, entry["reports"]

    def _fatal(self) -> bool:
        from jap_tracker.workspace import split_problems

        return bool(split_problems(self.diagnostics)[0])

    # -- figures and reports
    def figures(self, as_of: dt.date) -> Any:
        """``progress.replay`` of the live updates as of ``as_of``."""
        from jap_tracker.progress import replay

        if self.last is not None and as_of < self.last:
            with _without_gc():
                return replay(self.full_workspace().items, self.live_updates(), as_of)
        if self._final is None:
            self._final = self._cached_final()
        if self._final is None:
            with _without_gc():
                self._final = replay(
                    self.full_workspace().items, self.live_updates(), self.last or dt.date.max
                )
            self._save_final()
        return self._final

    def _cached_final(self) -> Any:
        """The final figures from figures.pickle, with the updates that jap update appended
        since applied on top, when they all come after the others in replay order."""
        if self._figures_key is None:
            return None
        entry = self.store.read("figures.pickle", self._figures_key, racy=False)
        if entry is None:
            return None
        if not self._delta:
            return entry["figures"]
        from jap_tracker.progress import REPLAY_ORDER, Replayer

        delta = sorted(self._delta, key=REPLAY_ORDER)
        if entry["order"] is not None and REPLAY_ORDER(delta[0]) <= entry["order"]:
            return None  # a back-dated update: replay everything
        with _without_gc():
            final = Replayer(self.full_workspace().items, delta).on_top(entry["figures"])
        self._figures_key = None  # figures.pickle is for the index without the delta
        self._save_final(final, max(entry["order"] or (), REPLAY_ORDER(delta[-1])))
        return final

    def _save_final(self, final: Any = None, order: Any = None) -> None:
        if self.keys is None or self._fatal():
            return
        if final is None:
            from jap_tracker.progress import REPLAY_ORDER

            final = self._final
            order = max((REPLAY_ORDER(u) for u in self.live_updates()), default=None)
        self._figures_key = self.keys.all()
        self._delta = []
        self.store.write(
            "figures.pickle", {"key": self._figures_key, "figures": final, "order": order}
        )
        self._save_index()

    def status_report(self, as_of: dt.date, lang: str) -> Any:
        """``report.build_status`` over every item, computed once per date and language."""
        memo = (as_of.isoformat(), lang)
        report = self._memo().get(memo)
        if report is None:
            from jap_tracker.report import build_status

            figures = self.figures(as_of)
            with _without_gc():
                report = build_status(self.full_workspace(), figures, as_of, lang)
            if not self._fatal():
                kept = list(self._memo().items())[-(REPORTS_KEPT - 1) :]
                self._reports = dict(kept)
                self._reports[memo] = report
                self._save_index()
        return report

    # -- jap update
    def append(self, recorded: dt.datetime, record_id: str, fields: Mapping[str, Any]) -> None:
        """Append one update to the journal (``journal.append_records``) and keep the cache
        warm when the month file is seen to have changed by exactly that line."""
        from jap_tracker.journal import append_records, format_record, shard_name

        line = format_record(record_id, fields)
        name = shard_name(recorded)
        path = self.folder / JOURNAL_DIR / name
        before = self._before_append(name, path, record_id)
        append_records(self.folder, [(recorded, line)])
        if before is not None:
            with contextlib.suppress(Exception):  # the cache is only ever an optimisation
                self._after_append(name, path, before, line, record_id, fields)

    def _before_append(self, name: str, path: Path, record_id: str) -> bytes | None:
        """The month file's bytes, if they are what the index knows; else None."""
        if self.keys is None or any(d.code == "bad-retraction" for d in self.diagnostics):
            return None
        known = {k[0]: k for k in self.keys.journal}
        now = _file_key(str(path), name)
        if now != known.get(name):
            return None
        if now is None:
            return b""
        data = path.read_bytes()
        real = os.path.realpath(path)
        if real in self._racy and _digest(data) != self._racy[real]:
            return None
        if record_id.encode() in data:
            return None  # the new id is in the file already: let the reader judge it
        return data if _file_key(str(path), name) == now else None

    def _after_append(
        self,
        name: str,
        path: Path,
        before: bytes,
        line: str,
        record_id: str,
        fields: Mapping[str, Any],
    ) -> None:
        """When the month file is exactly ``before`` and the new line, the journal holds what
        the index knew plus one update: note it (the delta) instead of reading it all again.

        Each record is one line, read on its own: lines added after others never change how
        the others read. So the new file's records are the old ones and the one in ``line``
        (``journal.record_of``), whose id is in no other line (checked before the write)."""
        from jap_tracker.journal import record_of
        from jap_tracker.workspace import cross_check

        assert self.keys is not None
        key = _file_key(str(path), name)
        data = path.read_bytes()
        if key is None or _file_key(str(path), name) != key:
            return
        if before and not before.endswith(b"\n"):
            before += b"\n"  # as journal.write_records completes it
        if data != before + line.encode("utf-8"):
            return  # someone else wrote too: let the next command rebuild
        if len(self._delta) >= DELTA_KEPT:
            return  # so many updates since a status: the next one reads the journal again
        update = record_of(record_id, fields, display_path(path), before.count(b"\n") + 1)
        if cross_check(self.workspace, [update], []):
            return
        self.keys.journal[:] = sorted([k for k in self.keys.journal if k[0] != name] + [key])
        self._racy[os.path.realpath(path)] = _digest(data)
        self._delta.append(update)
        self.last = max(self.last or update.date, update.date)
        self._reports = {}
        self._save_index()  # the month's entry is stale now: the next reader of it reparses


def load(folder: Path) -> Cached:
    """The workspace at ``folder``, from the cache where it holds, else read and cached."""
    keys = None if os.environ.get(ENV_OFF, "").strip() not in ("", "0") else current_keys(folder)
    store = store_for(folder, keys.env if keys else None)
    if store.folder is None:
        keys = None
    cached = Cached(folder, store, keys)
    if keys is not None:
        entry = store.read("index.marshal", keys.all(), plain=True)
        if entry is not None:
            try:
                cached._restore(entry)
            except Exception:  # well-formed marshal, wrong shape: damaged
                store.warn_damaged("index.marshal")
                cached = Cached(folder, store, keys)
                cached.build()
                return cached
            if cached._racy and _all_old(cached._racy):
                cached._racy = {}  # checked above, and now too old to change unseen
                cached._save_index()
            return cached
    cached.build()
    return cached


def _all_old(racy: dict[str, str]) -> bool:
    now = time.time_ns()
    try:
        for path in racy:
            st = os.stat(path)
            if _young(st.st_mtime_ns, st.st_ctime_ns, now):
                return False
    except OSError:
        return False
    return True
