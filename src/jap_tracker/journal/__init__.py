"""The only reader and writer of progress records (the journal): ``lines`` (a line, both ways),
``read`` (the files read, damage located) and ``write`` (appends, atomic and locked).

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

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jap_tracker.journal.lines import format_record, new_record_id, record_of
    from jap_tracker.journal.read import (
        Records,
        journal_folder_problem,
        parse_journal_file,
        read_file,
        read_journal,
    )
    from jap_tracker.journal.write import (
        LOCK_TIMEOUT_ENV,
        JournalLocked,
        append_records,
        ensure_journal,
        holds_record,
        journal_lock,
        lock_timeout,
        shard_name,
        write_records,
    )

# Each name from its module, imported on first use: reading the journal from the cache needs
# neither the line parser (and its record rules) nor the writer.
_HOMES = {
    **dict.fromkeys(("format_record", "new_record_id", "record_of"), "lines"),
    **dict.fromkeys(
        ("Records", "journal_folder_problem", "parse_journal_file", "read_file", "read_journal"),
        "read",
    ),
    **dict.fromkeys(
        ("LOCK_TIMEOUT_ENV", "JournalLocked", "append_records", "ensure_journal")
        + ("holds_record", "journal_lock", "lock_timeout", "shard_name", "write_records"),
        "write",
    ),
}


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{home}"), name)


__all__ = [
    "LOCK_TIMEOUT_ENV",
    "JournalLocked",
    "Records",
    "append_records",
    "ensure_journal",
    "format_record",
    "holds_record",
    "journal_folder_problem",
    "journal_lock",
    "lock_timeout",
    "new_record_id",
    "parse_journal_file",
    "read_file",
    "read_journal",
    "record_of",
    "shard_name",
    "write_records",
]
