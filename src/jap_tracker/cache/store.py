"""The store of one workspace: what ``jap_tracker.workspace`` asks for (the plans, the item table,
each journal file's records, the index, the figures, the reports), as typed values from the
cache folder's entries when their keys match the files now, else loaded by the caller's
function and kept. A store without a folder keeps nothing: every value is then loaded.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, cast

from jap_tracker import model
from jap_tracker.cache.entries import (
    Damaged,
    Entries,
    cache_folder,
    history_bucket,
    past_entry,
    pickled,
    unpickle,
    without_gc,
)
from jap_tracker.cache.kept import (
    Index,
    ItemTable,
    KeptFigures,
    KeptPlans,
    Order,
    Records,
    decode_index,
    decode_records,
    encode_index,
    encode_records,
    item_table,
)
from jap_tracker.cache.keys import Keys, Reader, all_old, current_keys, digest, file_key

if TYPE_CHECKING:
    from jap_tracker.model import Item
    from jap_tracker.progress import ItemProgress
    from jap_tracker.report import StatusReport

    Reports = dict[tuple[str, str], StatusReport]


class Store(Entries):
    """The cache folder of one workspace, under the workspace's current ``keys``; a store
    without a folder keeps nothing and has no keys."""

    def __init__(self, folder: Path | None = None, keys: Keys | None = None) -> None:
        self.keys = keys if folder is not None else None
        super().__init__(folder if keys is not None else None, self.keys.env if self.keys else None)
        self.racy: dict[str, str] = {}  # content hashes of young files, of all that was used
        self._journal_used: set[str] = set()

    @property
    def keyed(self) -> bool:
        return self.keys is not None

    def reader(self) -> Reader:
        """A reader for a value about to be kept: it hashes the young files it reads."""
        return Reader(hashing=self.keyed)

    def plans(self, load: Callable[[Reader], KeptPlans]) -> KeptPlans:
        """The plans as kept (``plans.pickle``, keyed by every plan file), else ``load``ed
        and kept, with their item table (``items.marshal``)."""
        key = (self.keys.env, self.keys.plans) if self.keys else None
        entry = self.read("plans.pickle", key) if key else None
        if entry is not None:
            workspace, found = entry.get("workspace"), entry.get("diagnostics")
            declared = entry.get("declared")
            if (
                isinstance(workspace, model.Workspace)
                and isinstance(found, list)
                and (declared is None or isinstance(declared, frozenset))
            ):
                self.racy.update(_racy(entry))
                return KeptPlans(workspace, found, declared)
            self.warn_damaged("plans.pickle")
        reader = self.reader()
        kept = load(reader)
        self.racy.update(reader.racy)
        if key is not None:
            payload: dict[str, object] = {"key": key, "racy": reader.racy}
            payload.update(
                workspace=kept.workspace, diagnostics=kept.diagnostics, declared=kept.declared
            )
            self.write("plans.pickle", payload)
            self._write_items(key, reader.racy, kept.workspace.items)
        return kept

    def item_table(self) -> ItemTable | None:
        """Every item's shape as kept (``items.marshal``), or None."""
        key = (self.keys.env, self.keys.plans) if self.keys else None
        entry = self.read("items.marshal", key, plain=True) if key else None
        table = entry.get("items") if entry is not None else None
        return ItemTable(table) if isinstance(table, str) else None

    def keep_item_table(self, items: tuple[Item, ...]) -> None:
        if self.keys is not None:
            self._write_items((self.keys.env, self.keys.plans), dict(self.racy), items)

    def _write_items(self, key: object, racy: dict[str, str], items: tuple[Item, ...]) -> None:
        self.write("items.marshal", {"key": key, "racy": racy, "items": item_table(items)}, True)

    def journal_file(self, path: Path, load: Callable[[Reader], Records]) -> Records:
        """One journal file's records as kept (``journal-<name>.marshal``, keyed by that
        file), else ``load``ed and kept. An OSError of ``load`` is the caller's."""
        name = path.name
        entry_name = f"journal-{name}.marshal"
        file = next((k for k in self.keys.journal if k[0] == name), None) if self.keys else None
        key = (self.keys.env, file) if self.keys and file else None
        entry = self.read(entry_name, key, plain=True) if key else None
        if entry is not None:
            try:
                records = decode_records(entry["records"])
            except Exception:
                self.warn_damaged(entry_name)
            else:
                self.racy.update(_racy(entry))
                self._journal_used.add(entry_name)
                return records
        reader = self.reader()
        records = load(reader)
        self.racy.update(reader.racy)
        if key is not None:
            self._journal_used.add(entry_name)
            with contextlib.suppress(ValueError):
                payload: dict[str, object] = {"key": key, "racy": reader.racy}
                payload["records"] = encode_records(*records)
                self.write(entry_name, payload, plain=True)
        return records

    def prune_journal(self) -> None:
        """Remove the entries of journal files that ``journal_file`` was not asked for."""
        if self.keys is not None:
            self.prune(self._journal_used)

    # ---- jap history: the index by item ----------------------------------------------------

    def item_records(self, item_id: str) -> tuple[Item, Records] | None:
        """One item and its records (its updates, the retractions of them) as the index by
        item keeps them (``history-NN.marshal``, keyed by every file), or None: not kept, or
        no such item (every item of the plans is kept, with or without records)."""
        if self.keys is None:
            return None
        name = history_bucket(item_id)
        entry = self.read(name, self.keys.all(), plain=True)
        if entry is None:
            return None
        try:
            kept = cast("dict[str, tuple[bytes, object]]", entry["items"]).get(item_id)
            if kept is None:
                return None
            item = unpickle(kept[0])
            if not isinstance(item, model.Item):
                raise Damaged
            return item, decode_records(kept[1])
        except Exception:
            self.warn_damaged(name)
            return None

    def keep_item_records(self, records: dict[str, tuple[Item, Records]]) -> None:
        """Keep every item's records (``item_records``), under the keys of every file."""
        if self.keys is None:
            return
        buckets: dict[str, dict[str, object]] = {}
        with contextlib.suppress(ValueError):  # records of another shape: not kept
            for item_id, (item, found) in records.items():
                bucket = buckets.setdefault(history_bucket(item_id), {})
                bucket[item_id] = (pickled(item), encode_records(*found))
            racy = dict(self.racy)
            for name, items in buckets.items():
                self.write(name, {"key": self.keys.all(), "racy": racy, "items": items}, True)

    def index(self) -> Index | None:
        """The index (``index.marshal``, keyed by every file), or None."""
        if self.keys is None:
            return None
        entry = self.read("index.marshal", self.keys.all(), plain=True)
        if entry is None:
            return None
        try:
            index = decode_index(entry)
        except Exception:  # well-formed marshal, wrong shape: damaged
            self.warn_damaged("index.marshal")
            return None
        self.racy = dict(_racy(entry))
        if self.racy and all_old(self.racy):
            self.racy = {}  # checked on reading, and now too old to change unseen
            self.write("index.marshal", {**entry, "racy": {}}, plain=True)
        return index

    def keep_index(self, index: Index) -> None:
        if self.keys is not None:
            payload = {"key": self.keys.all(), "racy": self.racy, **encode_index(index)}
            self.write("index.marshal", payload, plain=True)

    def figures(self, key: object) -> KeptFigures | None:
        """The figures kept under ``key`` (the index says which), or None."""
        entry = self.read("figures.pickle", key, racy=False) if key is not None else None
        if entry is None:
            return None
        figures, order = entry.get("figures"), entry.get("order")
        if not isinstance(figures, dict) or not (order is None or isinstance(order, tuple)):
            self.warn_damaged("figures.pickle")
            return None
        return KeptFigures(figures, order)

    def keep_figures(self, figures: dict[str, ItemProgress], order: Order | None) -> object:
        """Keep ``figures`` (after every update up to ``order``): their key, for the index."""
        if self.keys is None:
            return None
        key = self.keys.all()
        self.write("figures.pickle", {"key": key, "figures": figures, "order": order})
        return key

    def past_figures(
        self, as_of: dt.date, knowledge: dt.date | None
    ) -> dict[str, ItemProgress] | None:
        """The figures as of ``as_of`` from the records known at the end of ``knowledge``
        (None: every record) as kept (``past-….pickle``, keyed by every file), or None."""
        if self.keys is None:
            return None
        name = past_entry(as_of, knowledge)
        entry = self.read(name, self.keys.all())
        if entry is None:
            return None
        figures = entry.get("figures")
        if not isinstance(figures, dict):
            self.warn_damaged(name)
            return None
        return figures

    def keep_past_figures(
        self, as_of: dt.date, knowledge: dt.date | None, figures: dict[str, ItemProgress]
    ) -> None:
        """Keep ``past_figures``; only the newest few dates are kept (``trim_past``)."""
        if self.keys is not None:
            payload: dict[str, object] = {
                "key": self.keys.all(),
                "racy": self.racy,
                "figures": figures,
            }
            name = past_entry(as_of, knowledge)
            self.write(name, payload)
            self.trim_past(name)

    def reports(self, kept: bytes) -> Reports:
        """The status reports of an index (``Index.reports``), or none when damaged."""
        if not kept:
            return {}
        try:
            with without_gc():
                reports = unpickle(kept)
            if not isinstance(reports, dict):
                raise Damaged
        except Exception:
            self.warn_damaged("index.marshal")
            return {}
        return reports

    def answers(self) -> list[tuple[object, object]]:
        """The answers over time kept (``timelines.marshal``, keyed by every file), or none."""
        entry = self.read("timelines.marshal", self.keys.all(), plain=True) if self.keys else None
        answers = entry.get("answers") if entry is not None else None
        return answers if isinstance(answers, list) else []

    def keep_answers(self, answers: list[tuple[object, object]]) -> None:
        if self.keys is not None:
            payload: dict[str, object] = {"key": self.keys.all(), "racy": self.racy}
            payload["answers"] = answers
            self.write("timelines.marshal", payload, plain=True)

    # ---- jap update: the journal file it appends to ----------------------------------------

    def known_bytes(self, path: Path) -> bytes | None:
        """The bytes of journal file ``path`` when they are what the keys say it holds (b""
        for a file that neither exists nor is known); else None."""
        if self.keys is None:
            return None
        name = path.name
        now = file_key(str(path), name)
        if now != next((k for k in self.keys.journal if k[0] == name), None):
            return None
        if now is None:
            return b""
        data = path.read_bytes()
        real = os.path.realpath(path)
        if real in self.racy and digest(data) != self.racy[real]:
            return None
        return data if file_key(str(path), name) == now else None

    def note_written(self, path: Path, expected: bytes) -> bool:
        """Whether journal file ``path`` holds exactly ``expected`` now (and kept still while
        read): then its key and content hash are the ones kept from now on."""
        assert self.keys is not None
        name = path.name
        key = file_key(str(path), name)
        data = path.read_bytes()
        if key is None or file_key(str(path), name) != key or data != expected:
            return False
        self.keys.journal[:] = sorted([k for k in self.keys.journal if k[0] != name] + [key])
        self.racy[os.path.realpath(path)] = digest(data)
        return True


def _racy(entry: dict[str, object]) -> dict[str, str]:
    """The content hashes of an entry that ``Store.read`` returned (it checked their types)."""
    return cast(dict[str, str], entry["racy"])


def open_store(folder: Path) -> Store:
    """The store of the workspace at ``folder``, under the keys of its files as they are now."""
    where = cache_folder(folder)
    return Store(where, current_keys(folder)) if where is not None else Store()
