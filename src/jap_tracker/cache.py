"""The cache: what was loaded, validated and computed, so that a repeated command reads no TOML.

Where: ``<workspace>/.jap-cache/`` (it holds a ``.gitignore`` of ``*``, so git never sees it),
or ``$JAP_CACHE_DIR/<hash of the workspace's real path>/`` when that variable is set.
``JAP_NO_CACHE=1`` turns the cache off. A cache that cannot be written (a read-only workspace)
is simply not written: the command runs uncached and says nothing.

What, one file each, each with its own key:

- ``plans.pickle``: the plans (``Workspace``) and their diagnostics, keyed by every plan file;
- ``journal-<name>.pickle``: one journal file's records and diagnostics, keyed by that file;
  after ``jap update`` only the month file it wrote is read again;
- ``index.pickle``: every diagnostic of the workspace, the date of its last update and, once
  computed, the status summary (below), keyed by every file;
- ``figures.pickle``: every item's replayed state as of any date on or after the last update.

Keys. A file's key is (name, size, mtime_ns, ctime_ns, inode, device, target when a symbolic
link); a key also holds the format of the cache, jap's version, the stat of each of jap's own
modules, the versions of the libraries whose behaviour the cached values depend on (pydantic,
pycountry), the Python version, and the paths used to name files in messages (working
folder, workspace). Any difference: the entry is not used. A file changed within the
timestamps' granularity after it was read would keep its key (the "racy" case): a file whose
mtime or ctime is less than 2 s older than the start of the build that read it gets a content
hash, checked on every use of the entry.

Status summary. For an as-of date on or after the last update, every group's completion,
item count and counts by status are fixed; only the overdue counts move with the date. The
summary keeps the ``StatusReport`` (built by ``report.build_status``) and, per group, the due
dates of its items that could be overdue, so that a status is a few binary searches, whatever
the number of items. It checks itself against ``build_status`` when it is made.

Damaged files (truncated, garbage) give one warning on standard error and are rebuilt.
Entries are pickles read by an unpickler that accepts only jap's own value types and
datetime values: a planted cache file cannot run code.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import io
import marshal
import os
import pickle
import sys
import time
from bisect import bisect_left
from pathlib import Path
from typing import Any, NamedTuple

import jap_tracker
from jap_tracker.diagnostics import Diagnostic

CACHE_DIR = ".jap-cache"
ENV_DIR = "JAP_CACHE_DIR"
ENV_OFF = "JAP_NO_CACHE"
FORMAT = 1
MAGIC = b"JAPCACHE"
RACY_NS = 2_000_000_000
DEPENDENCIES = ("pydantic", "pydantic_core", "pycountry")

# ---- keys -----------------------------------------------------------------------------------

# (name, size, mtime_ns, ctime_ns, inode, device, symlink target or "")
FileKey = tuple[str, int, int, int, int, int, str]


def _toml_files(folder: str) -> list[FileKey]:
    """Keys of the ``*.toml`` files directly in ``folder`` (a superset of what is read:
    any case of the suffix, hidden files included)."""
    out: list[FileKey] = []
    try:
        entries = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return out
    for entry in entries:
        if not entry.name.lower().endswith(".toml"):
            continue
        try:
            st = entry.stat()
        except OSError:
            continue
        if not entry.is_file():
            continue
        link = os.path.realpath(entry.path) if entry.is_symlink() else ""
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


def environment(folder: Path) -> tuple[Any, ...]:
    """Everything besides the files that a cached value depends on."""
    return (
        FORMAT,
        jap_tracker.__version__,
        sys.version,
        _own_modules(),
        _dependency_versions(),
        os.path.realpath(os.getcwd()),
        str(folder),
        os.path.realpath(folder),
    )


class Keys(NamedTuple):
    env: tuple[Any, ...]
    plans: list[FileKey]
    journal: list[FileKey]

    def all(self) -> tuple[Any, ...]:
        return (self.env, self.plans, self.journal)


JOURNAL_DIR = "journal"  # journal.JOURNAL_DIR, without importing the journal's writer


def current_keys(folder: Path) -> Keys:
    return Keys(
        environment(folder),
        _toml_files(str(folder)),
        _toml_files(os.path.join(folder, JOURNAL_DIR)),
    )


def _digest(data: bytes) -> str:
    import hashlib

    return hashlib.blake2b(data, digest_size=20).hexdigest()


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


# ---- storage --------------------------------------------------------------------------------

_ALLOWED = {
    "jap_tracker.model": {"Plan", "Item", "Indicator", "Workspace", "Update", "Retraction"},
    "jap_tracker.diagnostics": {"Diagnostic"},
    "jap_tracker.progress": {"ItemProgress", "StateView", "Group"},
    "jap_tracker.report": {"StatusReport", "NamedGroup", "PlanGroup"},
    "jap_tracker.cache": {"Summary"},
    "datetime": {"date", "datetime", "time", "timedelta", "timezone"},
}


class _Unpickler(pickle.Unpickler):
    """Only jap's value types and datetime values: a planted file cannot run code."""

    def find_class(self, module: str, name: str) -> Any:
        if name in _ALLOWED.get(module, ()):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not a cached value type")


class Damaged(Exception):
    pass


class Store:
    """The cache folder of one workspace: entries read and written whole, never half."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.warned = False
        self.writable = folder is not None
        self._header = MAGIC + b"%d\n" % FORMAT

    def path(self, name: str) -> Path:
        assert self.folder is not None
        return self.folder / name

    def read(self, name: str, key: Any, plain: bool = False) -> dict[str, Any] | None:
        """The entry's payload when its key matches; None when missing or stale.
        A damaged entry is reported once and treated as missing. ``plain``: a marshal
        of plain values (faster for many small records) instead of a pickle."""
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
            payload = marshal.loads(body) if plain else _Unpickler(io.BytesIO(body)).load()
            if not isinstance(payload, dict) or "key" not in payload:
                raise Damaged
        except Exception:
            self.warn_damaged(name)
            return None
        if payload["key"] != key or not _racy_hashes_hold(payload.get("racy", {})):
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
        target = self.path(name)
        tmp = target.with_name(f".{name}.{os.getpid()}.tmp")
        try:
            self._ensure()
            with open(tmp, "wb") as handle:
                handle.write(self._header)
                if plain:
                    handle.write(marshal.dumps(payload))
                else:
                    pickle.dump(payload, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, target)
        except (
            OSError,
            ValueError,
            pickle.PicklingError,
            RecursionError,
            TypeError,
            AttributeError,
        ):
            self.writable = False
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)

    def _ensure(self) -> None:
        assert self.folder is not None
        if not self.folder.is_dir():
            self.folder.mkdir(parents=True, exist_ok=True)
        ignore = self.folder / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# written by jap: its cache, never to be committed\n*\n")

    def prune(self, keep: set[str]) -> None:
        if not self.writable or self.folder is None:
            return
        try:
            for entry in os.scandir(self.folder):
                if entry.name.startswith("journal-") and entry.name not in keep:
                    os.unlink(entry.path)
        except OSError:
            pass


def store_for(folder: Path) -> Store:
    if os.environ.get(ENV_OFF, "").strip() not in ("", "0"):
        return Store(None)
    base = os.environ.get(ENV_DIR, "").strip()
    if base:
        import hashlib

        name = hashlib.blake2b(os.path.realpath(folder).encode(), digest_size=8).hexdigest()
        return Store(Path(base) / name)
    return Store(folder / CACHE_DIR)


# ---- reading the workspace through the cache -------------------------------------------------


class _Reader:
    """Reads files for a build, keeping the content hash of the young ("racy") ones."""

    def __init__(self, hashing: bool = True) -> None:
        self.start_ns = time.time_ns()
        self.hashing = hashing
        self.racy: dict[str, str] = {}

    def __call__(self, path: Path) -> bytes:
        st = os.stat(path)
        data = path.read_bytes()
        if self.hashing and max(st.st_mtime_ns, st.st_ctime_ns) >= self.start_ns - RACY_NS:
            self.racy[os.path.realpath(path)] = _digest(data)
        return data


def _journal_entry(name: str) -> str:
    return f"journal-{name}.marshal"


def _encode_records(updates: list[Any], retractions: list[Any], found: list[Any]) -> Any:
    """One journal file's records as plain values (dates as ordinals, times as ISO text)."""
    return (
        [
            (u.id, u.item, u.date.toordinal(), u.recorded.isoformat(), u.by, u.status, u.progress)
            + (u.indicators, u.countries, u.note, u.evidence, u.path, u.line)
            for u in updates
        ],
        [
            (r.id, r.retracts, r.recorded.isoformat(), r.by, r.note, r.path, r.line)
            for r in retractions
        ],
        [tuple(d) for d in found],
    )


def _decode_records(plain: Any) -> tuple[list[Any], list[Any], list[Diagnostic]]:
    from jap_tracker.model import Retraction, Update

    day, moment, new = dt.date.fromordinal, dt.datetime.fromisoformat, tuple.__new__
    updates, retractions, found = plain
    return (
        [new(Update, (a, b, day(c), moment(d), *rest)) for a, b, c, d, *rest in updates],
        [Retraction(a, b, moment(c), *rest) for a, b, c, *rest in retractions],
        [Diagnostic(*d) for d in found],
    )


class Summary(NamedTuple):
    """A status for any as-of date on or after the last update (see the module's doc)."""

    report: Any  # StatusReport built in English
    dues: Any  # per group, (sorted due-date ordinals, counts below each) of possibly overdue items
    plan_titles: list[tuple[dict[str, str], str]]
    country_names: dict[str, dict[str, str]]  # lang -> code -> name

    def status(self, as_of: dt.date, lang: str) -> Any:
        from jap_tracker.i18n import pillar_name
        from jap_tracker.model import choose_text
        from jap_tracker.report import NamedGroup, PlanGroup, StatusReport

        day = as_of.toordinal()
        report = self.report
        overall_dues, pillar_dues, plan_dues, country_dues = self.dues

        def late(dues: tuple[tuple[int, ...], tuple[int, ...]]) -> int:
            dates, below = dues
            return below[bisect_left(dates, day)]

        names = self.country_names.get(lang)
        if names is None:
            from jap_tracker import codes

            names = {c.id: codes.country_name(c.id, lang) for c in report.countries}
        return StatusReport(
            as_of,
            lang,
            report.overall._replace(overdue=late(overall_dues)),
            [
                NamedGroup(g.id, pillar_name(g.id, lang), g.figures._replace(overdue=late(d)))
                for g, d in zip(report.pillars, pillar_dues, strict=True)
            ],
            [
                PlanGroup(
                    plan.id,
                    choose_text(title, lang, plan_lang),
                    plan.figures._replace(overdue=late(d)),
                    [
                        NamedGroup(
                            p.id, pillar_name(p.id, lang), p.figures._replace(overdue=late(pd))
                        )
                        for p, pd in zip(plan.pillars, pdues, strict=True)
                    ],
                )
                for plan, (title, plan_lang), (d, pdues) in zip(
                    report.plans, self.plan_titles, plan_dues, strict=True
                )
            ],
            [
                NamedGroup(c.id, names[c.id], c.figures._replace(overdue=late(d)))
                for c, d in zip(report.countries, country_dues, strict=True)
            ],
        )


def _dues(dates: list[int]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Sorted distinct dates, and how many dates lie below each (one more: all of them)."""
    distinct = sorted(set(dates))
    counts: dict[int, int] = {}
    for d in dates:
        counts[d] = counts.get(d, 0) + 1
    below = [0]
    for d in distinct:
        below.append(below[-1] + counts[d])
    return tuple(distinct), tuple(below)


@contextlib.contextmanager
def _without_gc() -> Any:
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


def make_summary(workspace: Any, figures: Any, last: dt.date | None) -> Summary | None:
    """The summary, or None if it does not reproduce ``build_status`` (then nobody uses it)."""
    from jap_tracker import codes
    from jap_tracker.i18n import LANGUAGES
    from jap_tracker.model import PILLARS
    from jap_tracker.progress import CANCELLED, DONE, entries
    from jap_tracker.report import build_status

    probe = last or dt.date(2000, 1, 1)
    report = build_status(workspace, figures, probe, "en")

    def open_dues(chosen: Any, country: str | None = None) -> list[int]:
        return [
            e.item.due.toordinal()
            for e in chosen
            if e.item.due is not None and e.status not in (DONE, CANCELLED)
        ]

    everything = entries(workspace.items, figures, probe)
    overall = open_dues(everything)
    pillars = [open_dues(e for e in everything if e.item.pillar == p) for p in PILLARS]
    plans = []
    for plan in workspace.plans:
        mine = [e for e in everything if e.item.plan == plan.id]
        plans.append(
            (
                _dues(open_dues(mine)),
                [_dues(open_dues(e for e in mine if e.item.pillar == p)) for p in PILLARS],
            )
        )
    countries = [
        _dues(open_dues(entries(workspace.items, figures, probe, c.id))) for c in report.countries
    ]
    summary = Summary(
        report,
        (_dues(overall), [_dues(p) for p in pillars], plans, countries),
        [(plan.title, plan.lang) for plan in workspace.plans],
        {
            lang: {c.id: codes.country_name(c.id, lang) for c in report.countries}
            for lang in LANGUAGES
        },
    )
    # The summary must say what build_status says: check it on another date and language.
    day, lang = probe + dt.timedelta(days=3650), LANGUAGES[-1]
    if summary.status(day, lang) != build_status(workspace, figures, day, lang):
        return None
    return summary


UNUSABLE = "unusable"  # the summary did not reproduce build_status: do not use one


class Cached:
    """A loaded workspace, like ``workspace.Loaded``, whose parts come from the cache on use.

    ``workspace``, ``updates``, ``retractions`` and ``diagnostics`` as in ``Loaded``; plus
    ``figures(as_of)`` and ``status_report(as_of, lang)``, which use the cached final figures
    and status summary when the as-of date is on or after the last update.
    """

    def __init__(self, folder: Path, store: Store, keys: Keys | None) -> None:
        self.folder = folder
        self.store = store
        self.keys = keys
        self._workspace: Any = None
        self._updates: Any = None
        self._retractions: Any = None
        self.diagnostics: list[Diagnostic] = []
        self.last: dt.date | None = None
        self._summary: Summary | str | None = None  # None: not made yet
        self._final: Any = None
        self._racy: dict[str, str] = {}

    # -- Loaded's interface
    @property
    def workspace(self) -> Any:
        if self._workspace is None:
            self._load_plans()
        return self._workspace

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
            self._racy.update(entry["racy"])
            return list(entry["diagnostics"])
        from jap_tracker.loader import load_plans

        reader = _Reader(hashing=key is not None)
        workspace, diagnostics = load_plans(self.folder, read=reader)
        self._workspace = workspace
        self._racy.update(reader.racy)
        if key is not None:
            self.store.write(
                "plans.pickle",
                {
                    "key": key,
                    "racy": reader.racy,
                    "workspace": workspace,
                    "diagnostics": diagnostics,
                },
            )
        return diagnostics

    def _load_journal(self) -> list[Diagnostic]:
        from jap_tracker.journal import journal_files, parse_journal_file
        from jap_tracker.loader import display_path

        updates: list[Any] = []
        retractions: list[Any] = []
        diagnostics: list[Diagnostic] = []
        known = {k[0]: k for k in self.keys.journal} if self.keys else {}
        reader = _Reader(hashing=self.keys is not None)
        written = set()
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
                        Diagnostic(shown, 0, 0, "unreadable", f"cannot read: {exc.strerror}")
                    )
                    continue
                records = parse_journal_file(data, shown)
                real = os.path.realpath(path)
                if key is not None:
                    racy = {real: reader.racy[real]} if real in reader.racy else {}
                    encoded = _encode_records(*records)
                    self.store.write(
                        entry_name, {"key": key, "racy": racy, "records": encoded}, plain=True
                    )
            u, r, d = records
            written.add(entry_name)
            updates.extend(u)
            retractions.extend(r)
            diagnostics.extend(d)
        self._racy.update(reader.racy)
        self._updates, self._retractions = updates, retractions
        if self.keys is not None:
            self.store.prune(written)
        return diagnostics

    def build(self) -> None:
        """Load everything (through the per-file entries) and write the index."""
        from jap_tracker.workspace import cross_check

        found = self._load_plans()
        found += self._load_journal()
        found += cross_check(self.workspace, self._updates, self._retractions)
        self.diagnostics = found
        self.last = max((u.date for u in self.live_updates()), default=None)
        self._summary = None
        self._save_index()

    def _save_index(self) -> None:
        if self.keys is None:
            return
        self.store.write(
            "index.pickle",
            {
                "key": self.keys.all(),
                "racy": self._racy,
                "diagnostics": self.diagnostics,
                "last": self.last,
                "summary": self._summary,
            },
        )

    # -- figures
    def _fatal(self) -> bool:
        from jap_tracker.workspace import split_problems

        return bool(split_problems(self.diagnostics)[0])

    def figures(self, as_of: dt.date) -> Any:
        from jap_tracker.progress import replay

        if self.last is not None and as_of < self.last:
            return replay(self.workspace.items, self.live_updates(), as_of)
        if self._final is None:
            key = self.keys.all() if self.keys else None
            entry = self.store.read("figures.pickle", key) if key else None
            if entry is not None:
                self._final = entry["figures"]
            else:
                with _without_gc():
                    self._final = replay(
                        self.workspace.items, self.live_updates(), self.last or dt.date.max
                    )
                if key is not None and not self._fatal():
                    self.store.write(
                        "figures.pickle", {"key": key, "racy": self._racy, "figures": self._final}
                    )
        return self._final

    def status_report(self, as_of: dt.date, lang: str) -> Any:
        """``report.build_status`` over every item, from the summary when it applies."""
        if self.last is None or as_of >= self.last:
            if self._summary is None:
                with _without_gc():
                    made = make_summary(self.workspace, self.figures(as_of), self.last)
                self._summary = made if made is not None else UNUSABLE
                self._save_index()
            if isinstance(self._summary, Summary):
                return self._summary.status(as_of, lang)
        from jap_tracker.report import build_status

        return build_status(self.workspace, self.figures(as_of), as_of, lang)


def load(folder: Path) -> Cached:
    """The workspace at ``folder``, from the cache where it holds, else read and cached."""
    store = store_for(folder)
    keys = current_keys(folder) if store.folder is not None else None
    cached = Cached(folder, store, keys)
    if keys is not None:
        entry = store.read("index.pickle", keys.all())
        if entry is not None:
            cached.diagnostics = list(entry["diagnostics"])
            cached.last = entry["last"]
            cached._summary = entry["summary"]
            cached._racy = entry["racy"]
            if cached._racy and _all_old(cached._racy):
                cached._racy = {}  # checked above, and now too old to change unseen
                cached._save_index()
            return cached
    with _without_gc():
        cached.build()
    return cached


def _all_old(racy: dict[str, str]) -> bool:
    limit = time.time_ns() - RACY_NS
    try:
        return all(max(os.stat(p).st_mtime_ns, os.stat(p).st_ctime_ns) < limit for p in racy)
    except OSError:
        return False
