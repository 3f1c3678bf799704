"""``jap history ITEM``: every recorded update of one item, oldest first (spec section 8)."""

from __future__ import annotations

from typing import Annotated

from jap_tracker.cli.app import (
    app,
    folder_of,
    handled,
    load_valid,
    unknown_item_error,
)
from jap_tracker.cli.decl import Argument
from jap_tracker.cli.options import (
    AsOfOpt,
    Format,
    FormatOpt,
    KnownAtOpt,
    LangOpt,
    OutputOpt,
    PlansOpt,
    known_at_date,
    language,
    output_format,
    parse_date,
)
from jap_tracker.cli.output import emit


@app.command()
@handled
def history(
    item: Annotated[str, Argument(metavar="ITEM", help="The item's id.")],
    plans: PlansOpt = None,
    as_of: AsOfOpt = None,
    known_at: KnownAtOpt = None,
    format: FormatOpt = None,
    output: OutputOpt = None,
    lang: LangOpt = None,
) -> None:
    """Every recorded update of one item, oldest first (retracted ones marked); with --as-of,
    those dated on or before it."""
    chosen = output_format(format, output, Format)
    reader_lang, folder = language(lang), folder_of(plans)
    last = parse_date(as_of, "--as-of") if as_of is not None else None
    workspace = load_valid(folder)
    found = workspace.item_records(item)  # only that item's records (the store's index by item)
    if found is None:
        raise unknown_item_error(item, workspace.item_index())
    from jap_tracker.model import known_records, retracted_by
    from jap_tracker.timeline import build_history

    target, updates, retractions = found
    known_at_day = known_at_date(known_at)
    updates = [u for u in known_records(updates, known_at_day) if last is None or u.date <= last]
    result = build_history(target, updates, retracted_by(retractions, known_at_day))
    emit("history", result, chosen, reader_lang, output, workspace.folder)
