"""``jap report``: the items behind the figures, filtered."""

from __future__ import annotations

from typing import Annotated

from jap_tracker.cli.app import (
    app,
    check_plans,
    folder_of,
    handled,
    load_valid,
)
from jap_tracker.cli.decl import Option
from jap_tracker.cli.options import (
    AsOfOpt,
    CountryOpt,
    KnownAtOpt,
    LangOpt,
    OutputOpt,
    PillarOpt,
    PlanOpt,
    PlansOpt,
    ReportFormat,
    ReportFormatOpt,
    StaleOpt,
    as_of_date,
    known_at_date,
    language,
    output_format,
    parse_country,
    parse_pillars,
    parse_ratings,
    parse_statuses,
)
from jap_tracker.cli.output import (
    emit,
)


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
    due_within: Annotated[
        int | None,
        Option(
            "--due-within",
            metavar="DAYS",
            min=0,
            help="Only items due from the as-of date to DAYS days after it, not finished.",
            show_default=False,
        ),
    ] = None,
    rating: Annotated[
        list[str] | None,
        Option(
            "--rating",
            metavar="RATING",
            help="Only items with this rating: achieved, on_track, at_risk, off_track "
            "(repeatable).",
            show_default=False,
        ),
    ] = None,
    lead: Annotated[
        str | None,
        Option(
            "--lead",
            metavar="NAME",
            help="Only items that NAME leads (its exact text).",
            show_default=False,
        ),
    ] = None,
    plans: PlansOpt = None,
    as_of: AsOfOpt = None,
    known_at: KnownAtOpt = None,
    format: ReportFormatOpt = None,
    output: OutputOpt = None,
    lang: LangOpt = None,
    stale_after: StaleOpt = None,
) -> None:
    """The items behind the figures, filtered by pillar, plan, status, overdue or country."""
    from jap_tracker.report import Filters

    day, reader_lang, folder = as_of_date(as_of), language(lang), folder_of(plans)
    known = known_at_date(known_at)
    format = output_format(format, output, ReportFormat)
    filters = Filters(
        parse_pillars(pillar),
        tuple(dict.fromkeys(plan or [])),
        parse_statuses(status),
        overdue,
        parse_country(country),
        due_within,
        parse_ratings(rating),
        lead,
    )
    workspace = load_valid(folder)
    check_plans(workspace, filters.plans)
    result = workspace.items_report(day, filters, reader_lang, known, stale_after)
    if format is ReportFormat.html:  # the page's chart over time
        from jap_tracker.timeline import Scope

        scope = Scope(filters.pillars, filters.plans, filters.country)
        trend = workspace.report_trend(day, scope, known)
        result = result._replace(trend=trend)
    emit("report", result, format, reader_lang, output, folder)
