"""What a valid journal record is: the one rule set for updates and retractions.

Their shape and ranges (a status jap knows, progress from 0 to 100, finite numbers, ISO country
codes, a name, something recorded) and how they must match the plans (a known item, that item's
indicators and countries) are written once, in ``records.rules``. Three callers apply them, each
in its own words: the journal reader (``read_record``: a record as stored, its problems located
in its file), the workspace's ``cross_check`` (stored records against the plans), both in
``records.stored``; and ``record_update`` / ``record_retraction`` in ``records.making``, the
library calls behind ``jap update`` and ``jap retract`` (a record about to be made: the first
problem, naming the field to fix). Pure: the day and the moment are passed in; no files, no
clock.
"""

from jap_tracker.records.making import (
    match_records,
    record_retraction,
    record_update,
    retraction_target,
)
from jap_tracker.records.rules import (
    BOUND_TEXT,
    MAX_MAGNITUDE,
    MIN_PREFIX,
    RETRACTION_KEYS,
    UPDATE_KEYS,
    ItemLike,
    Items,
    Mismatch,
    RecordError,
    bounded,
    decimal,
    mismatches,
    number,
    unknown_item,
)
from jap_tracker.records.stored import cross_check, read_record

__all__ = [
    "BOUND_TEXT",
    "MAX_MAGNITUDE",
    "MIN_PREFIX",
    "RETRACTION_KEYS",
    "UPDATE_KEYS",
    "ItemLike",
    "Items",
    "Mismatch",
    "RecordError",
    "bounded",
    "cross_check",
    "decimal",
    "match_records",
    "mismatches",
    "number",
    "read_record",
    "record_retraction",
    "record_update",
    "retraction_target",
    "unknown_item",
]
