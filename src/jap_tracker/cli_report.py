"""``jap report``: the items behind the figures, filtered."""

from __future__ import annotations

from typing import Annotated

import typer

from jap_tracker.cli import (
    AsOfOpt,
    LangOpt,
    OutputOpt,
    PlansOpt,
    ReportFormat,
    ReportFormatOpt,
    StaleOpt,
    _country_option,
    _pillars,
    _statuses,
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
from jap_tracker.diagnostics import UsageError, closest


@app.command()
@handled
def report(
    pillar: Annotated[
        list[str] | None,
        typer.Option(
            "--pillar",
            metavar="PILLAR",
            help="Only this pillar: I-IV or 1-4 (repeatable).",
            show_default=False,
        ),
    ] = None,
    plan: Annotated[
        list[str] | None,
        typer.Option(
            "--plan", metavar="PLAN", help="Only this plan (repeatable).", show_default=False
        ),
    ] = None,
    status: Annotated[
        list[str] | None,
        typer.Option(
            "--status",
            metavar="STATUS",
            help="Only items with this status (repeatable).",
            show_default=False,
        ),
    ] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only overdue items.")] = False,
    country: Annotated[
        list[str] | None,
        typer.Option("--country", metavar="CC", help="One country's view.", show_default=False),
    ] = None,
    plans: PlansOpt = None,
    as_of: AsOfOpt = None,
    format: ReportFormatOpt = ReportFormat.table,
    output: OutputOpt = None,
    lang: LangOpt = None,
    stale_after: StaleOpt = None,
) -> None:
    """The items behind the figures, filtered by pillar, plan, status, overdue or country."""
    from jap_tracker.report import Filters, build_items

    day, reader_lang, folder = as_of_date(as_of), language(lang), folder_of(plans)
    filters = Filters(
        _pillars(pillar),
        tuple(dict.fromkeys(plan or [])),
        _statuses(status),
        overdue,
        _country_option(country),
    )
    loaded = load_valid(folder)
    known_plans = [p.id for p in loaded.workspace.plans]
    for plan_id in filters.plans:
        if plan_id not in known_plans:
            near = closest(plan_id, known_plans)
            hint = (
                f"; did you mean {', '.join(near)}?"
                if near
                else (f"; plans: {', '.join(known_plans)}" if known_plans else "")
            )
            raise UsageError(f"no plan {plan_id!r}{hint}", "--plan")
    figures = figures_for(loaded, day)
    result = build_items(loaded.workspace, figures, day, filters, reader_lang, stale_after)
    if format is ReportFormat.json:
        from jap_tracker.render import jsonfmt

        write_output(jsonfmt.render_items(result), output)
    elif format is ReportFormat.csv:
        from jap_tracker.render import csvfmt

        write_output(csvfmt.render_items(result), output)
    elif format is ReportFormat.markdown:
        from jap_tracker.render import markdown

        write_output(markdown.render_items(result), output)
    elif format is ReportFormat.html:
        from jap_tracker.cli_time import report_trend
        from jap_tracker.render import html

        write_output(html.render_items(result, report_trend(loaded, day, filters)), output)
    else:
        from jap_tracker.render import table

        render_table(lambda console: table.render_items(result, console), output)
