"""``jap status``: completion per pillar, plan, country and overall."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

from jap_tracker.cli.app import (
    app,
    err,
    folder_of,
    handled,
    load_valid,
)
from jap_tracker.cli.decl import Option
from jap_tracker.cli.options import (
    AsOfOpt,
    By,
    KnownAtOpt,
    LangOpt,
    OutputOpt,
    PlansOpt,
    StaleOpt,
    StatusFormat,
    StatusFormatOpt,
    as_of_date,
    known_at_date,
    language,
    output_format,
)
from jap_tracker.cli.output import (
    emit,
)
from jap_tracker.diagnostics import counted

if TYPE_CHECKING:
    from jap_tracker.workspace import Workspace


@app.command()
@handled
def status(
    plans: PlansOpt = None,
    as_of: AsOfOpt = None,
    known_at: KnownAtOpt = None,
    format: StatusFormatOpt = None,
    output: OutputOpt = None,
    lang: LangOpt = None,
    stale_after: StaleOpt = None,
    by: Annotated[
        By,
        Option("--by", help="Rows: pillars, pillars × countries, or pillars × organisations."),
    ] = By.pillar,
) -> None:
    """Completion for each pillar, each plan and overall, with counts by status and overdue."""
    day, reader_lang, folder = as_of_date(as_of), language(lang), folder_of(plans)
    known = known_at_date(known_at)
    format = output_format(format, output, StatusFormat)
    workspace = load_valid(folder)
    if stale_after is None:
        report = workspace.status_report(day, reader_lang, known)  # computed once, and kept
    else:
        from jap_tracker.report import build_status

        figures = workspace.figures(day, known)
        report = build_status(workspace.parsed, figures, day, reader_lang, stale_after=stale_after)
    if format is StatusFormat.table and by is By.pillar:  # the table's Trend column
        report = report._replace(courses=workspace.status_courses(day, known))
    kind = "status" if by is By.pillar else f"status-by-{by}"
    emit(kind, report, format, reader_lang, output, folder)
    if stale_after is not None:
        _warn_stale(workspace, day, stale_after, known)


def _warn_stale(workspace: Workspace, day: dt.date, days: int, known: dt.date | None) -> None:
    from jap_tracker.report import Filters, build_items

    figures = workspace.figures(day, known)
    rows = build_items(workspace.parsed, figures, day, Filters(), "en", days).rows
    stale = [row.item.id for row in rows if row.stale]
    if stale:
        err(
            f"{counted(len(stale), 'item', 'items')} with no update in the last "
            f"{counted(days, 'day', 'days')}: {', '.join(stale)}"
        )
