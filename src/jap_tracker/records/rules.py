"""The rules themselves, shared by every reader and maker of records: the fields and their
order, what a number, a progress figure and a name are, that an update records something, and
how an update must match the plans (its item, that item's indicators and countries).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Protocol, TypeVar

from jap_tracker.diagnostics import closest
from jap_tracker.model import UPDATE_FIELDS

UPDATE_KEYS = UPDATE_FIELDS  # in the order jap writes them
RETRACTION_KEYS: tuple[str, ...] = ("retracts", "note", "by", "recorded")
MIN_PREFIX = 9  # a record named by a prefix: its first letter and at least 8 more characters
MIN_PART = 8  # ... or by any other part of its id this long (its random part, after the dash)
ID_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"
_DECIMAL = r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?"  # compiled on first use


class RecordError(ValueError):
    """A record that cannot be made; ``field`` names what to fix (None: the record as a whole),
    ``hint`` how, where there is more to say than the message."""

    def __init__(self, field: str | None, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
        self.hint = hint


class _Named(Protocol):
    @property
    def id(self) -> str: ...


class ItemLike(Protocol):
    """What the rules read of an item: its id, its indicators' ids and its countries."""

    @property
    def id(self) -> str: ...
    @property
    def indicators(self) -> Sequence[_Named | str]: ...
    @property
    def countries(self) -> Sequence[str]: ...


Items = Mapping[str, ItemLike]


def indicator_ids(item: ItemLike) -> list[str]:
    """The ids of an item's indicators: a plan's ``Indicator`` values, or the ids themselves
    (``model.ItemShape``, all that ``jap update`` loads)."""
    return [i if isinstance(i, str) else i.id for i in item.indicators]


T = TypeVar("T")


def given(value: T | Callable[[], T]) -> T:
    """A value, or the function that gives it: called only when the rules come to it (so that a
    command checks its own options before it loads the workspace)."""
    return value() if callable(value) else value


# ---- shape and ranges -----------------------------------------------------------------------


def decimal(text: str) -> float | None:
    """A number written in ASCII decimal (spaces around allowed), as on a command line or in an
    environment variable; None for anything else (other digits, ``1_0``, ``0x10``, ``nan``)."""
    return float(text) if re.fullmatch(_DECIMAL, text.strip()) else None


# The largest magnitude of a number that jap takes in (plans' weights, targets and baselines,
# records' progress and indicator values): 10^15, a count or amount with room to spare, all of
# whose integers a float holds exactly and which every renderer (Babel's decimals among them)
# formats. One bound where numbers enter; docs/security.md.
MAX_MAGNITUDE = 1e15
BOUND_TEXT = "between -10^15 and 10^15"


def corrected(text: str) -> tuple[str, list[str]] | None:
    """A number written with a % sign or a decimal comma (``50%``, ``1,5``): the number as jap
    reads it (``50``, ``1.5``) and what changed, in words; None for anything else."""
    fixed, changes = text.strip(), []
    if fixed.endswith("%"):
        fixed = fixed[:-1].rstrip()
        changes.append("without the % sign")
    if fixed.count(",") == 1:
        fixed = fixed.replace(",", ".")
        changes.append("with a dot as the decimal separator")
    return (fixed, changes) if changes and decimal(fixed) is not None else None


def bounded(value: float) -> bool:
    """Whether a number is finite and within ``MAX_MAGNITUDE``."""
    return math.isfinite(value) and -MAX_MAGNITUDE <= value <= MAX_MAGNITUDE


def finite(value: object) -> float | None:
    """A stored value as a finite number within the bound (TOML's integers and floats, not
    booleans); else None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        number = float(value)
    except OverflowError:  # an integer beyond any float
        return None
    return number if bounded(number) else None


def progress_value(value: float) -> float | None:
    """Progress is a percentage from 0 to 100 (-0 is 0); None when out of range."""
    return float(value) + 0.0 if 0 <= value <= 100 else None


def records_something(status: object, progress: object, indicators: object, note: object) -> bool:
    """An update must record a status, progress, indicator values or a note."""
    return status is not None or progress is not None or bool(indicators) or note is not None


def is_record_id(key: str) -> bool:
    """A record id is made of ASCII letters, digits, ``_`` and ``-``."""
    return bool(key) and not key.strip(ID_CHARACTERS)


def record_keys(value: Mapping[str, Any]) -> tuple[str, ...]:
    """The fields of the kind of record that a stored table is: an update, or a retraction."""
    return UPDATE_KEYS if "item" in value or "retracts" not in value else RETRACTION_KEYS


def number(
    value: str | float,
    field: str,
    example: Callable[[str], str] = str,  # "--progress ".__add__
    asked: str = "",
) -> float:
    """A finite number within the bound, from a number or from text in ASCII decimal. Text
    written with a % sign or a decimal comma is refused with a hint: what is ``asked`` (``a
    number from 0 to 100``) and the value as it should be written (``example("50")``, such as
    ``--progress 50``)."""
    parsed = decimal(value) if isinstance(value, str) else value
    if parsed is None or isinstance(parsed, bool) or not isinstance(parsed, int | float):
        fixed = corrected(value) if isinstance(value, str) else None
        if fixed is None:
            raise RecordError(field, f"{value!r} is not a number: write it with the digits 0-9")
        text, changes = fixed
        how = ", ".join(changes)
        hint = (
            f"give {asked}, {how}: {example(text)}" if asked else f"write it {how}: {example(text)}"
        )
        raise RecordError(field, f"{value!r} is not a number", hint)
    try:
        as_float = float(parsed)
    except OverflowError:
        as_float = math.inf
    if not math.isfinite(as_float):
        raise RecordError(field, f"{value!r} is not a finite number")
    if not bounded(as_float):
        raise RecordError(field, f"{value!r} is too large: numbers must be {BOUND_TEXT}")
    return as_float


def unknown_item(item_id: str, index: Iterable[str]) -> str:
    """The message for an item id that no plan has, with the closest ids."""
    near = closest(item_id, index)
    hint = f"; did you mean {', '.join(near)}?" if near else "; `jap report` lists the items"
    return f"no item {item_id!r} in any plan{hint}"


def is_name(by: object) -> bool:
    """Who records is named: a text that is not blank."""
    return isinstance(by, str) and bool(by.strip())


def name_of(by: str) -> str:
    """Who records, without spaces around."""
    if not is_name(by):
        raise RecordError("by", "the name is empty")
    return by.strip()


# ---- against the plans ----------------------------------------------------------------------


# How an update fails to match the plans: (code, names). unknown-item: the closest item ids;
# unknown-indicator: the indicator; unknown-country: the countries that the item does not
# concern (all of them for an item tracked as a whole). A plain tuple: a named one costs the
# start of every jap update a quarter of a millisecond.
Mismatch = tuple[str, tuple[str, ...]]


def mismatches(
    item_id: str, indicators: Iterable[str], countries: Iterable[str] | None, index: Items
) -> list[Mismatch]:
    """An update's item, indicators and countries measured against the plans, in that order."""
    item = index.get(item_id)
    if item is None:
        return [("unknown-item", tuple(closest(item_id, index)))]
    wanted = tuple(indicators)
    out: list[Mismatch] = []
    if wanted:
        known = set(indicator_ids(item))
        out = [("unknown-indicator", (i,)) for i in wanted if i not in known]
    extra = tuple(c for c in countries if c not in item.countries) if countries else ()
    if extra:
        out.append(("unknown-country", extra))
    return out
