"""``jap report``: the items behind the figures, filtered."""

from __future__ import annotations

from typing import Annotated

from jap_tracker.cli.app import (
    AsOfOpt,
    CountryOpt,
    LangOpt,
    OutputOpt,
    PillarOpt,
    PlanOpt,
    PlansOpt,
    ReportFormat,
    ReportFormatOpt,
    StaleOpt,
    _country_option,
    _pillars,
    _statuses,
    app,
    as_of_date,
    check_plans,
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
def report(
    pillar: PillarOpt = None,
    plan: PlanOpt = None,
    status: Annotated[
        list[str] | None,
        Option(
            "--status",
            metavar="STATUS",
            help="Only items with this status (repeatable).",
            show_default=False,
        ),
    ] = None,
    overdue: Annotated[bool, Option("--overdue", help="Only overdue items.")] = False,
    country: CountryOpt = None,
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
    check_plans(loaded, filters.plans)
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
        from jap_tracker.render import html
        from jap_tracker.timeline import Scope, report_trend

        scope = Scope(filters.pillars, filters.plans, filters.country)
        trend = report_trend(loaded.workspace, loaded.live_updates(), day, scope)
        write_output(html.render_items(result, trend), output)
    else:
        from jap_tracker.render import table

        render_table(lambda console: table.render_items(result, console), output)
