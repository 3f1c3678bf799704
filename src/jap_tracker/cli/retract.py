"""``jap retract``: withdraw a recorded update by appending a retraction (history is never edited).

A record is named by the id that ``jap update`` printed, or by a unique prefix of it that has at
least 8 characters after its first letter (docs/journal.md).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

from jap_tracker.cli.app import PlansOpt, _clock, app, author_of, folder_of, handled, load_valid
from jap_tracker.cli.decl import Argument, Option
from jap_tracker.diagnostics import CheckFailed, UsageError, plain
from jap_tracker.model import Retraction, Update

if TYPE_CHECKING:
    from jap_tracker.workspace import Workspace


def resolve_record(ref: str, workspace: Workspace) -> Update:
    """The update that ``ref`` names and that may be retracted, else a usage error."""
    from jap_tracker.journal import MIN_PREFIX, match_records

    records: dict[str, Update | Retraction] = {r.id: r for r in workspace.retractions}
    records.update((u.id, u) for u in workspace.updates)
    found = match_records(ref, records)
    if not found:
        short = (
            f"; a prefix needs at least {MIN_PREFIX - 1} characters after the first letter"
            if len(ref) < MIN_PREFIX
            else ""
        )
        raise UsageError(
            f"no record {ref!r} in the journal{short}; `jap update` prints the id of each "
            "record it makes, and `jap history ITEM` lists them",
            "RECORD",
        )
    if len(found) > 1:
        shown = ", ".join(found[:5]) + (f" and {len(found) - 5} more" if len(found) > 5 else "")
        raise UsageError(
            f"{ref!r} names {len(found)} records ({shown}); give more of the id", "RECORD"
        )
    target = records[found[0]]
    if not isinstance(target, Update):
        raise UsageError(
            f"{target.id} is a retraction, not an update; a retraction stays: to make the "
            "update count again, record it again with `jap update`",
            "RECORD",
        )
    earlier = workspace.retracted().get(target.id)
    if earlier is not None:
        raise UsageError(
            f"{target.id} was already retracted by {earlier.id} ({earlier.by}, "
            f"{earlier.recorded:%Y-%m-%d %H:%M} UTC)",
            "RECORD",
        )
    return target


@app.command()
@handled
def retract(
    record: Annotated[
        str,
        Argument(
            metavar="RECORD",
            help="The record's id, as `jap update` printed it, or a unique prefix of it with "
            "at least 8 characters after the first letter.",
            show_default=False,
        ),
    ],
    note: Annotated[
        str | None,
        Option("--note", "-n", metavar="TEXT", help="Why it is withdrawn.", show_default=False),
    ] = None,
    by: Annotated[
        str | None,
        Option(
            "--by",
            metavar="NAME",
            help="Who retracts it [default: $JAP_USER, git user.name, login name].",
            show_default=False,
        ),
    ] = None,
    plans: PlansOpt = None,
) -> None:
    """Withdraw a recorded update: append a retraction; figures then ignore the update."""
    ref = record.strip()
    if not ref:
        raise UsageError("the record id is empty", "RECORD")
    if note is not None and not note.strip():
        raise UsageError("the note is empty", "--note")
    author = author_of(by)
    folder = folder_of(plans)
    from jap_tracker.journal import (
        JournalLocked,
        format_record,
        journal_lock,
        new_record_id,
        write_records,
    )

    # A record that cannot be named is a usage error before any lock is taken (and with no
    # journal, nothing is created).
    resolve_record(ref, load_valid(folder))
    try:
        # Resolved under the lock, so that two people cannot both retract the same update.
        with journal_lock(folder) as journal:
            target = resolve_record(ref, load_valid(folder))
            now = _clock()
            record_id = new_record_id(now, "x")
            fields = {"retracts": target.id, "note": note, "by": author, "recorded": now}
            write_records(journal, [(now, format_record(record_id, fields))])
    except JournalLocked as exc:
        raise CheckFailed([], f"jap: error: {exc}") from None
    sys.stdout.write(
        f"retracted {target.id} ({plain(target.item)} on {target.date} by {plain(target.by)}) "
        f"with {record_id} by {plain(author)}\n"
    )
