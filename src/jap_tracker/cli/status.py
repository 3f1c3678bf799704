"""``jap status``: completion per pillar, plan, country and overall."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from jap_tracker.cli.app import (
    AsOfOpt,
    By,
    Format,
    FormatOpt,
    LangOpt,
    OutputOpt,
    PlansOpt,
    StaleOpt,
    _err,
    app,
    as_of_date,
    figures_for,
    folder_of,
    handled,
    language,
    load_valid,
    render_table,
    write_output,
)
from jap_tracker.cli.decl import Option


@app.command()
@handled
def status(
    plans: PlansOpt = None,
    as_of: AsOfOpt = None,
    format: FormatOpt = Format.table,
    output: OutputOpt = None,
    lang: LangOpt = None,
    stale_after: StaleOpt = None,
    by: Annotated[
        By, Option("--by", help="Rows: pillars, or pillars × countries (spec §9).")
    ] = By.pillar,
) -> None:
    """Completion for each pillar, each plan and overall, with counts by status and overdue."""
    day, reader_lang, folder = as_of_date(as_of), language(lang), folder_of(plans)
    loaded = load_valid(folder)
    if stale_after is None:
        report = loaded.status_report(day, reader_lang)  # kept in the cache
    else:
        from jap_tracker.report import build_status

        figures = figures_for(loaded, day)
        report = build_status(
            loaded.full_workspace(), figures, day, reader_lang, stale_after=stale_after
        )
    view = "render_by_country" if by is By.country else "render_status"
    if format is Format.json:
        from jap_tracker.render import jsonfmt

        write_output(getattr(jsonfmt, view)(report), output)
    elif format is Format.csv:
        from jap_tracker.render import csvfmt

        write_output(getattr(csvfmt, view)(report), output)
    elif format is Format.markdown:
        from jap_tracker.render import markdown

        write_output(getattr(markdown, view)(report), output)
    else:
        from jap_tracker.render import table
        from jap_tracker.timeline import status_courses

        if by is By.country:
            render_table(lambda console: table.render_by_country(report, console), output)
        else:
            courses = status_courses(loaded.workspace, loaded.live_updates(), day)
            render_table(lambda console: table.render_status(report, console, courses), output)
    if stale_after is not None:
        _warn_stale(loaded, figures_for(loaded, day), day, stale_after)


def _warn_stale(loaded: Any, figures: Any, day: dt.date, days: int) -> None:
    from jap_tracker.report import is_stale_status

    stale = [
        item.id
        for item in loaded.workspace.items
        if is_stale_status(figures[item.id].status, figures[item.id].last, day, days)
    ]
    if stale:
        _err(f"{len(stale)} item(s) with no update in the last {days} days: {', '.join(stale)}")
