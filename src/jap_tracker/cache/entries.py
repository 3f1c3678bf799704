"""The entries of a cache folder as bytes: each written whole (never half) and read back only when
its key matches; pickles read by an unpickler that knows a fixed list of classes.

Where: ``$JAP_CACHE_DIR/<workspace name>-<hash of its real path>/``; without that variable, in
the user's cache folder (``$XDG_CACHE_HOME/jap-tracker/``, else ``~/.cache/jap-tracker/``,
``%LOCALAPPDATA%/jap-tracker/`` on Windows; where none can be written, ``jap-tracker-<uid>`` in
the temporary folder). ``JAP_NO_CACHE=1``, a folder that cannot be written, or one that is not
the user's own (``folder``), means nothing is kept, silently; an entry without the tag of the
folder's key is never believed. A damaged entry gives one warning on standard error and counts
as missing.
The unpickler resolves only the classes ``ACCEPTED`` names, each imported here by name: a
planted file can neither run code nor import a module.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import io
import marshal
import os
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

from jap_tracker.cache.folder import TAG_SIZE, Folder, mac, same
from jap_tracker.cache.keys import FORMAT, Environment, hashes_hold

ENV_DIR = "JAP_CACHE_DIR"
ENV_OFF = "JAP_NO_CACHE"
MAGIC = b"JAPCACHE"
IGNORE = b"# written by jap: its cache, never to be committed\n*\n"
# The index by item (``Store.item_records``): each item's records in one of these buckets.
HISTORY_BUCKETS = 32
_HISTORY = "history-%02d.marshal"
# Figures as of past dates (``Store.past_figures``): one entry a date, the newest few kept.
PAST = "past-"
PAST_KEPT = 4
ENTRIES = frozenset(
    {"plans.pickle", "items.marshal", "index.marshal", "figures.pickle", "timelines.marshal"}
    | {_HISTORY % n for n in range(HISTORY_BUCKETS)}
)


# Every class a kept pickle may name, by module: nothing else is resolved, nothing imported.
ACCEPTED: dict[str, frozenset[str]] = {
    "datetime": frozenset({"date", "datetime", "time", "timedelta", "timezone"}),
    "jap_tracker.diagnostics": frozenset({"Diagnostic"}),
    "jap_tracker.model": frozenset(
        {"Workspace", "Plan", "Item", "Indicator", "Update", "Retraction"}
    ),
    "jap_tracker.progress": frozenset({"ItemProgress", "StateView", "Group"}),
    "jap_tracker.report": frozenset({"StatusReport", "NamedGroup", "PlanGroup"}),
    "jap_tracker.matrix": frozenset({"Matrix", "Cell", "Total"}),
}


def history_bucket(item_id: str) -> str:
    """The entry of the index by item that holds ``item_id``."""
    return _HISTORY % (zlib.crc32(item_id.encode()) % HISTORY_BUCKETS)


class Damaged(Exception):
    pass


@contextlib.contextmanager
def without_gc() -> Iterator[None]:
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


def accepted_class(module: str, name: str) -> type:
    """The class ``module.name`` if ``ACCEPTED`` lists it; else ``Damaged``, before any import."""
    if name not in ACCEPTED.get(module, ()):
        raise Damaged(f"{module}.{name} is not a kept value's type")
    value = getattr(_accepted_module(module), name)
    assert isinstance(value, type)
    return value


def _accepted_module(module: str) -> ModuleType:
    """The modules of ``ACCEPTED``, each imported by name here (never from a pickle's text)."""
    if module == "datetime":
        return dt
    if module == "jap_tracker.diagnostics":
        from jap_tracker import diagnostics

        return diagnostics
    if module == "jap_tracker.model":
        from jap_tracker import model

        return model
    if module == "jap_tracker.progress":
        from jap_tracker import progress

        return progress
    if module == "jap_tracker.matrix":
        from jap_tracker import matrix

        return matrix
    assert module == "jap_tracker.report"
    from jap_tracker import report

    return report


def _pickler() -> ModuleType:
    """The C pickler that ``pickle`` itself uses, imported alone: ``pickle.py`` around it costs
    2-4 ms more to import (what ``jap update`` reads is marshalled: it never needs either)."""
    try:
        import _pickle
    except ImportError:  # a Python without the C accelerator
        import pickle

        return pickle
    return _pickle


PROTOCOL = 5  # pickle.HIGHEST_PROTOCOL (since Python 3.8)


def unpickle(data: bytes | memoryview) -> object:
    class Unpickler(_pickler().Unpickler):  # type: ignore[misc]
        def find_class(self, module: str, name: str) -> type:
            return accepted_class(module, name)

    value: object = Unpickler(io.BytesIO(data)).load()
    return value


def pickled(value: object) -> bytes:
    data: bytes = _pickler().dumps(value, protocol=PROTOCOL)
    return data


class Entries:
    """The entries of one cache folder (none when ``folder`` is None: nothing is kept), read
    and written through ``folder.Folder``: only a folder of the user's own, only entries that
    carry the tag of its key."""

    def __init__(self, folder: Path | None, env: Environment | None = None) -> None:
        self.folder = folder
        self._own = Folder(folder) if folder is not None else None
        self.warned = False
        self.writable = folder is not None
        self._ignored = False  # .gitignore seen or written
        # An entry written by another jap (version, modules, libraries) is stale, not damaged:
        # it says so before its payload, which that other jap may have shaped differently.
        self._header = MAGIC + b"%d %08x\n" % (FORMAT, zlib.crc32(repr(env).encode()))

    def path(self, name: str) -> Path:
        assert self.folder is not None
        return self.folder / name

    def read(
        self, name: str, key: object, plain: bool = False, racy: bool = True
    ) -> dict[str, object] | None:
        """The entry's payload when its key matches; None when missing or stale.

        A damaged entry (its tag not the one of this folder's key among other things) is
        reported once and treated as missing. ``plain``: a marshal of plain values (faster for
        many small records) instead of a pickle. ``racy``: check the content hashes of the
        files that were young when the entry was written."""
        if self._own is None:
            return None
        data = self._own.read(name)
        if data is None:
            return None
        secret = self._own.key(create=False)
        if secret is None:
            return None  # no key: nothing here can be believed
        try:
            if not data.startswith(MAGIC):
                raise Damaged
            if not data.startswith(self._header):
                return None  # another format: rebuild silently
            view = memoryview(data)
            if len(data) < len(self._header) + TAG_SIZE or not same(
                mac(secret, view[:-TAG_SIZE]), data[-TAG_SIZE:]
            ):
                raise Damaged  # not written by this user's jap
            body = view[len(self._header) : -TAG_SIZE]
            with without_gc():
                payload = marshal.loads(body) if plain else unpickle(body)
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
        if racy and not hashes_hold(hashes):
            return None
        return payload

    def warn_damaged(self, name: str) -> None:
        if not self.warned:
            self.warned = True
            sys.stderr.write(
                f"jap: warning: the cache file {self.path(name)} was damaged; rebuilding it\n"
            )

    def write(self, name: str, payload: dict[str, object], plain: bool = False) -> None:
        """Write atomically, tagged with the folder's key; any failure (a folder that is not
        the user's among them) leaves the command uncached, silently."""
        if not self.writable or self._own is None:
            return
        try:
            body = marshal.dumps(payload) if plain else pickled(payload)
        except Exception:  # (pickle.PicklingError among them)
            return  # a value this format cannot hold: that entry is not kept
        try:
            secret = self._own.key(create=True)
            if secret is None:
                raise OSError("no key")
            if not self._ignored:
                self._own.create(".gitignore", IGNORE)
                self._ignored = True
            data = self._header + body
            self._own.write(name, data + mac(secret, data))
        except OSError:
            self.writable = False  # a read-only cache folder, or not ours: run uncached

    def prune(self, keep: set[str]) -> None:
        """Remove the entries of journal files that are gone (all but ``keep``), and what an
        older jap left that this one never reads (``index.pickle``, say): names in the
        user's own folder, opened once; a link is removed itself, never followed."""
        if not self.writable or self._own is None:
            return
        try:
            for name, regular in list(self._own.names()):
                if name.startswith("journal-"):
                    stale = name not in keep
                elif name.startswith(PAST):
                    stale = False  # as many as trim_past leaves
                else:  # hidden files are another jap's writes in progress, the key, .gitignore
                    stale = not name.startswith(".") and name not in ENTRIES
                if stale and regular:
                    self._own.unlink(name)
        except OSError:
            pass

    def trim_past(self, written: str) -> None:
        """Remove the entries of figures as of past dates but ``written`` (the one just
        written) and the newest others, ``PAST_KEPT`` in all."""
        if not self.writable or self._own is None:
            return
        with contextlib.suppress(OSError):
            others = [name for name in self._own.newest(PAST) if name != written]
            for name in others[PAST_KEPT - 1 :]:
                self._own.unlink(name)


def past_entry(as_of: dt.date, knowledge: dt.date | None) -> str:
    """The entry of the figures as of ``as_of``, from what was known at the end of
    ``knowledge`` (None: from every record)."""
    known = knowledge.isoformat() if knowledge is not None else "all"
    return f"{PAST}{as_of.isoformat()}-known-{known}.pickle"


def cache_folder(folder: Path) -> Path | None:
    """Where the cache of the workspace at ``folder`` lives; None when there is none."""
    if os.environ.get(ENV_OFF, "").strip() not in ("", "0"):
        return None
    base = os.environ.get(ENV_DIR, "").strip() or default_root()
    if not base:
        return None
    real = os.path.realpath(folder)
    return Path(base) / f"{os.path.basename(real)}-{zlib.crc32(real.encode()):08x}"


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
