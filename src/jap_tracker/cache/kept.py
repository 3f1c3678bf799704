"""The values the cache keeps, with their types, and how those kept as marshalled plain values
are written: journal records (field by field; dates as ordinals, times as ISO text), the item
table (one text) and the index. Marshalled values need neither ``pickle`` nor the classes of a
report, so ``jap update``, which reads only these, imports neither.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from functools import partial
from typing import TYPE_CHECKING, Any, cast

from jap_tracker.diagnostics import Diagnostic
from jap_tracker.model import Item, ItemShape, Retraction, Update

if TYPE_CHECKING:
    from jap_tracker.model import Workspace
    from jap_tracker.progress import ItemProgress

# One journal file as read: its updates, its retractions and its problems.
Records = tuple[list[Update], list[Retraction], list[Diagnostic]]
# progress.REPLAY_ORDER of an update: (date, recorded, path, line)
Order = tuple[dt.date, dt.datetime, str, int]


# Plain classes, not named tuples: every command imports this module, and making a named
# tuple class costs about as much as a whole lookup in the item table.


class KeptPlans:
    """The plan files as ``loader.load_plan_files`` read them."""

    __slots__ = ("workspace", "diagnostics", "declared")

    def __init__(
        self, workspace: Workspace, diagnostics: list[Diagnostic], declared: frozenset[str] | None
    ) -> None:
        self.workspace = workspace
        self.diagnostics = diagnostics
        self.declared = declared  # item ids of every plan file; None: some unknown


class KeptFigures:
    """Every item's state after all the updates up to ``order`` (the last in replay order)."""

    __slots__ = ("figures", "order")

    def __init__(self, figures: dict[str, ItemProgress], order: Order | None) -> None:
        self.figures = figures
        self.order = order


class Index:
    """What a command needs first, keyed by every file: every diagnostic, the date of the last
    live update, the key of the kept figures that go with it, the updates ``jap update`` noted
    since those figures (``delta``), the status reports already made (a pickle of their
    own, empty when none: only a command that prints one unpickles them), and how many plans,
    items and journal records (updates and retractions) there are (what ``jap check`` says)."""

    __slots__ = ("diagnostics", "last", "figures", "delta", "reports", "sizes")

    def __init__(
        self,
        diagnostics: list[Diagnostic],
        last: dt.date | None,
        figures: object,  # the key of figures.pickle, or None
        delta: list[Update],
        reports: bytes,
        sizes: tuple[int, int, int],
    ) -> None:
        self.diagnostics = diagnostics
        self.last = last
        self.figures = figures
        self.delta = delta
        self.reports = reports
        self.sizes = sizes


def encode_records(
    updates: list[Update], retractions: list[Retraction], found: list[Diagnostic]
) -> tuple[list[Any], list[Any], list[tuple[object, ...]]]:
    """One journal file's records as plain values: the updates' fields, then the retractions',
    column by column (dates as ordinals, times as ISO text), and the problems."""
    if Update._fields[2:4] != ("date", "recorded") or Retraction._fields[2] != "recorded":
        raise ValueError("the record types changed shape: keep them no more")  # not written
    u: list[Any] = list(zip(*updates, strict=True)) or [()] * len(Update._fields)
    u[2] = list(map(dt.date.toordinal, u[2]))
    u[3] = list(map(dt.datetime.isoformat, u[3]))
    r: list[Any] = list(zip(*retractions, strict=True)) or [()] * len(Retraction._fields)
    r[2] = list(map(dt.datetime.isoformat, r[2]))
    return u, r, [tuple(d) for d in found]


_NO_RETRACTIONS = [()] * len(Retraction._fields)  # their columns, when there are none


def decode_records(plain: object) -> Records:
    """``encode_records`` undone; anything of another shape raises (the entry is damaged)."""
    updates, retractions, found = cast("tuple[Any, Any, Any]", plain)  # raises if not 3
    if len(updates) != len(Update._fields) or len(retractions) != len(Retraction._fields):
        raise ValueError("not the records' columns")
    u, r = list(updates), list(retractions)
    u[2] = map(dt.date.fromordinal, u[2])
    u[3] = map(dt.datetime.fromisoformat, u[3])
    r[2] = map(dt.datetime.fromisoformat, r[2])
    return (
        list(map(partial(tuple.__new__, Update), zip(*u, strict=True))),
        list(map(partial(tuple.__new__, Retraction), zip(*r, strict=True))),
        [Diagnostic(*d) for d in found],
    )


def encode_index(index: Index) -> dict[str, object]:
    return {
        "diagnostics": [tuple(d) for d in index.diagnostics],
        "last": index.last.toordinal() if index.last else None,
        "figures": index.figures,
        "delta": encode_records(index.delta, [], [])[0],
        "reports": index.reports,
        "sizes": index.sizes,
    }


def decode_index(entry: Mapping[str, object]) -> Index:
    """``encode_index`` undone; anything of another shape raises (the entry is damaged)."""
    last, reports, sizes = entry["last"], entry["reports"], entry["sizes"]
    if not (last is None or isinstance(last, int)) or not isinstance(reports, bytes):
        raise ValueError("not an index")
    if not (isinstance(sizes, tuple) and len(sizes) == 3 and all(type(n) is int for n in sizes)):
        raise ValueError("not an index")
    return Index(
        [Diagnostic(*d) for d in entry["diagnostics"]],  # type: ignore[attr-defined]
        dt.date.fromordinal(last) if last is not None else None,
        entry["figures"],
        decode_records((entry["delta"], _NO_RETRACTIONS, []))[0] if entry["delta"] else [],
        reports,
        sizes,
    )


def item_shape(item: Item) -> ItemShape:
    return ItemShape(item.id, tuple(d.id for d in item.indicators), item.countries)


def item_table(items: Iterable[Item]) -> str:
    """The text of an :class:`ItemTable` for ``items`` (ids unique)."""
    rows = (
        f"{i.id}\t{' '.join(d.id for d in i.indicators)}\t{' '.join(i.countries)}\n" for i in items
    )
    return "\n" + "".join(rows)


class ItemTable(Mapping[str, ItemShape]):
    """Every item's shape, from one text: a row ``\\nID\\tINDICATOR INDICATOR\\tCC CC`` per
    item (ids hold no spaces, tabs or line breaks). Loading it is one string, whatever the
    number of items; a lookup is one ``str.find``."""

    def __init__(self, table: str) -> None:
        self._table = table

    def __getitem__(self, item_id: str) -> ItemShape:
        if not item_id or any(ch in item_id for ch in " \t\n"):
            raise KeyError(item_id)
        at = self._table.find(f"\n{item_id}\t")
        if at < 0:
            raise KeyError(item_id)
        end = self._table.index("\n", at + 1)
        _, indicators, countries = self._table[at + 1 : end].split("\t")
        return ItemShape(item_id, tuple(indicators.split()), tuple(countries.split()))

    def __contains__(self, item_id: object) -> bool:
        try:
            return isinstance(item_id, str) and self[item_id] is not None
        except KeyError:
            return False

    def __iter__(self) -> Iterator[str]:
        return (row.split("\t", 1)[0] for row in self._table.split("\n") if row)

    def __len__(self) -> int:
        return self._table.count("\n") - 1
