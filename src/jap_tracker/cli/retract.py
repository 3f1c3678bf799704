"""``jap retract``: withdraw a recorded update by appending a retraction (history is never edited).

A record is named by the id that ``jap update`` printed, by a unique prefix of it that has at
least 8 characters after its first letter, or by any unique part of it of 8 characters or more,
such as its random part after the dash (docs/journal.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

from jap_tracker.cli.app import (
    app,
    confirm,
    folder_of,
    handled,
    load_valid,
    written_once,
)
from jap_tracker.cli.decl import Argument, Option
from jap_tracker.cli.options import (
    PlansOpt,
    default_author,
    utc_now,
)
from jap_tracker.diagnostics import CheckFailed, UsageError, plain

if TYPE_CHECKING:
    from jap_tracker.model import Update
    from jap_tracker.workspace import Workspace


@app.command()
@handled
def retract(
    record: Annotated[
        str,
        Argument(
            metavar="RECORD",
            help="The record's id, as `jap update` printed it, or any unique part of it of at "
            "least 8 characters (its random part after the dash, or its start).",
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
    from jap_tracker.journal import (
        JournalLocked,
        format_record,
        holds_record,
        journal_lock,
        new_record_id,
        write_records,
    )
    from jap_tracker.records import RecordError, record_retraction

    author = by if by is not None else default_author()

    def check(journal: Workspace | Callable[[], Workspace]) -> tuple[Update, dict[str, Any]]:
        return record_retraction(journal, record, note=note, by=author, now=utc_now())

    written: list[tuple[dt.datetime, str]] = []  # (recorded, id) of the retraction, once made

    def done() -> str | None:
        if written and holds_record(folder_of(plans), *written[0]):
            return written[0][1]
        return None

    with written_once(done):
        try:
            # A record that cannot be named is a usage error before any lock is taken (and
            # with no journal, nothing is created); then it is named again under the lock, so
            # that two people cannot both retract the same update (the warnings, printed by
            # the first load, are not printed twice).
            check(lambda: load_valid(folder_of(plans)))
            folder = folder_of(plans)
            with journal_lock(folder) as journal:
                target, fields = check(load_valid(folder, warn=False))
                record_id = new_record_id(fields["recorded"], "x")
                written.append((fields["recorded"], record_id))
                write_records(journal, [(fields["recorded"], format_record(record_id, fields))])
        except RecordError as exc:
            raise UsageError(exc.message, OPTIONS[exc.field], exc.hint) from None
        except JournalLocked as exc:
            raise CheckFailed([], f"jap: error: {exc}") from None
        confirm(
            f"retracted {target.id} ({plain(target.item)} on {target.date} by "
            f"{plain(target.by)}) with {record_id} by {plain(fields['by'])}\n"
        )


# The option that each field of a retraction comes from.
OPTIONS: dict[str | None, str | None] = {"record": "RECORD", "note": "--note", "by": "--by"}
