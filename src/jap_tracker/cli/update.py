"""``jap update``: validate one update completely, then append it to the journal."""

from __future__ import annotations

import sys
from typing import Annotated, Any

from jap_tracker.cli.app import (
    PlansOpt,
    _clock,
    _country_option,
    _number,
    _unknown_item,
    app,
    author_of,
    folder_of,
    handled,
    load_valid,
    parse_date,
    today,
)
from jap_tracker.cli.decl import Argument, Option
from jap_tracker.diagnostics import CheckFailed, UsageError, plain


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
    from jap_tracker.model import parse_status

    fields: dict[str, Any] = {"item": item}
    if status is not None:
        parsed = parse_status(status)
        if parsed is None:
            from jap_tracker.model import STATUSES

            raise UsageError(
                f"unknown status {status!r}; choose one of {', '.join(STATUSES)}", "--status"
            )
        fields["status"] = parsed
    if progress is not None:
        value = _number(progress, "--progress")
        if not 0 <= value <= 100:
            raise UsageError(f"{progress} is out of range: progress is from 0 to 100", "--progress")
        fields["progress"] = value + 0.0  # -0 is 0
    values: dict[str, float] = {}
    for pair in indicator or []:
        ident, sep, raw = pair.partition("=")
        if not sep or not ident.strip():
            raise UsageError(f"{pair!r} is not ID=VALUE", "--indicator")
        values[ident.strip()] = _number(raw.strip(), "--indicator")
    if values:
        fields["indicators"] = values
    if note is not None:
        if not note.strip():
            raise UsageError("the note is empty", "--note")
        fields["note"] = note
    if not ({"status", "progress", "indicators", "note"} & fields.keys()):
        raise UsageError("nothing to record: give --status, --progress, --indicator or --note")
    now = _clock()
    day = parse_date(date, "--date") if date is not None else today()
    if day > today():
        raise UsageError(f"{day} is in the future: record progress once it has happened", "--date")
    fields["date"] = day
    if country:
        wanted: list[str] = []
        for code in country:
            norm = _country_option(code)
            assert norm is not None
            if norm not in wanted:
                wanted.append(norm)
        fields["countries"] = wanted
    author = author_of(by)
    fields["by"] = author
    if evidence is not None:
        if not evidence.strip():
            raise UsageError("the evidence link is empty", "--evidence")
        fields["evidence"] = evidence.strip()
    folder = folder_of(plans)
    workspace = load_valid(folder)
    shapes = workspace.item_shapes()  # ids, indicators and countries: all that is checked
    target = shapes.get(item)
    if target is None:
        raise _unknown_item(item, shapes)
    known = list(target.indicators)
    for ident in values:
        if ident not in known:
            hint = (
                f"; item {item} has: {', '.join(known)}"
                if known
                else f"; item {item} has no indicators"
            )
            raise UsageError(f"unknown indicator {ident!r}{hint}", "--indicator")
    if country:
        if not target.countries:
            raise UsageError(f"item {item} is tracked as a whole, not per country", "--country")
        for code in fields["countries"]:
            if code not in target.countries:
                raise UsageError(
                    f"item {item} does not concern {code}; it concerns "
                    f"{', '.join(target.countries)}",
                    "--country",
                )
    fields["recorded"] = now
    from jap_tracker.journal import JournalLocked, new_record_id

    record_id = new_record_id(now)
    try:
        workspace.append(now, record_id, fields)  # and the store notes it when it can
    except JournalLocked as exc:
        raise CheckFailed([], f"jap: error: {exc}") from None
    summary = ", ".join(
        f"{k} {v}"
        for k, v in (
            ("status", fields.get("status")),
            ("progress", f"{fields['progress']:g}%" if "progress" in fields else None),
            ("countries", " ".join(fields.get("countries", [])) or None),
        )
        if v
    )
    sys.stdout.write(
        f"recorded {record_id}: {item} on {day}"
        + (f" ({summary})" if summary else "")
        + f" by {plain(author)}\n"
    )
