"""``jap update``: the options, one call of ``records.record_update`` (which checks the update
completely, the workspace's plans included), the append to the journal and the confirmation."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated

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
    parse_date,
    today,
    utc_now,
)
from jap_tracker.diagnostics import CheckFailed, UsageError, plain

if TYPE_CHECKING:
    from jap_tracker.model import ItemShape
    from jap_tracker.workspace import Workspace


@app.command()
@handled
def update(
    item: Annotated[str, Argument(metavar="ITEM", help="The item's id.")],
    status: Annotated[
        str | None,
        Option(
            "--status",
            "-s",
            metavar="STATUS",
            help="not_started, in_progress, done, blocked or cancelled.",
            show_default=False,
        ),
    ] = None,
    progress: Annotated[
        str | None,
        Option(
            "--progress",
            "-p",
            metavar="PERCENT",
            help="Progress from 0 to 100.",
            show_default=False,
        ),
    ] = None,
    indicator: Annotated[
        list[str] | None,
        Option(
            "--indicator",
            "-i",
            metavar="ID=VALUE",
            help="An indicator's actual value (repeatable).",
            show_default=False,
        ),
    ] = None,
    note: Annotated[
        str | None,
        Option(
            "--note",
            "-n",
            metavar="TEXT",
            help="What happened, with its source.",
            show_default=False,
        ),
    ] = None,
    date: Annotated[
        str | None,
        Option(
            "--date",
            "-d",
            metavar="YYYY-MM-DD",
            help="The date the progress refers to [default: today].",
            show_default=False,
        ),
    ] = None,
    by: Annotated[
        str | None,
        Option(
            "--by",
            metavar="NAME",
            help="Who records it [default: $JAP_USER, git user.name, login name].",
            show_default=False,
        ),
    ] = None,
    country: Annotated[
        list[str] | None,
        Option(
            "--country",
            "-c",
            metavar="CC",
            help="Record for this country only (repeatable).",
            show_default=False,
        ),
    ] = None,
    evidence: Annotated[
        str | None,
        Option("--evidence", metavar="URL", help="A link to the evidence.", show_default=False),
    ] = None,
    plans: PlansOpt = None,
) -> None:
    """Record one update of an item in the journal (append-only)."""
    from jap_tracker.records import RecordError, record_update

    loaded: list[Workspace] = []  # the workspace, once record_update asks for its items

    def items() -> Mapping[str, ItemShape]:
        loaded.append(load_valid(folder_of(plans)))
        return loaded[0].item_shapes()  # ids, indicators and countries: all that is checked

    # Each value that needs work (a date to read, the workspace) is given as a function, which
    # record_update calls in its turn: the problems come in the order of its checks.
    now = utc_now()
    try:
        fields = record_update(
            items,
            item,
            status=status,
            progress=progress,
            indicators=(_pair(text) for text in indicator or []),
            note=note,
            date=(lambda: parse_date(date, "--date")) if date is not None else None,
            countries=country or [],
            by=by if by is not None else default_author,
            evidence=evidence,
            today=today,
            now=now,
        )
    except RecordError as exc:
        raise UsageError(exc.message, OPTIONS[exc.field], exc.hint) from None
    from jap_tracker.journal import JournalLocked, holds_record, new_record_id

    record_id = new_record_id(now)
    folder = loaded[0].folder
    summary = ", ".join(
        f"{k} {v}"
        for k, v in (
            ("status", fields.get("status")),
            ("progress", f"{fields['progress']:g}%" if "progress" in fields else None),
            ("countries", " ".join(fields.get("countries", [])) or None),
        )
        if v
    )
    confirmation = (
        f"recorded {record_id}: {item} on {fields['date']}"
        + (f" ({summary})" if summary else "")
        + f" by {plain(fields['by'])}\n"
    )
    # Everything that can fail is checked above; from the append on, the command is honest:
    # once the record is in the journal, it exits 0 (printing may fail) or, interrupted, says
    # that it was written.
    with written_once(lambda: record_id if holds_record(folder, now, record_id) else None):
        try:
            loaded[0].append(now, record_id, fields)  # and the store notes it when it can
        except JournalLocked as exc:
            raise CheckFailed([], f"jap: error: {exc}") from None
        confirm(confirmation)


# The option that each field of a record comes from (None: the command line as a whole).
OPTIONS: dict[str | None, str | None] = {
    "item": "ITEM",
    "status": "--status",
    "progress": "--progress",
    "indicators": "--indicator",
    "note": "--note",
    "date": "--date",
    "countries": "--country",
    "by": "--by",
    "evidence": "--evidence",
    None: None,
}


def _pair(text: str) -> tuple[str, str]:
    """``--indicator ID=VALUE`` -> (id, value text), spaces around each dropped."""
    ident, sep, raw = text.partition("=")
    if not sep or not ident.strip():
        raise UsageError(f"{text!r} is not ID=VALUE", "--indicator")
    return ident.strip(), raw.strip()
