"""``jap brief``: the document for a review meeting, what the record learnt between two dates
and what comes next (spec section 15)."""

from __future__ import annotations

from typing import Annotated

from jap_tracker.cli.app import app, handled, scoped
from jap_tracker.cli.decl import Option
from jap_tracker.cli.options import (
    BriefFormat,
    BriefFormatOpt,
    CountryOpt,
    KnownAtOpt,
    LangOpt,
    OutputOpt,
    PillarOpt,
    PlanOpt,
    PlansOpt,
    SinceHelp,
    output_format,
    since_date,
    today,
    until_date,
)
from jap_tracker.cli.output import emit
from jap_tracker.diagnostics import UsageError

AHEAD = 90  # days: --ahead's default, a quarter (spec section 15)


@app.command()
@handled
def brief(
    since: Annotated[
        str,
        Option(
            "--since",
            metavar=SinceHelp,
            help="The last meeting: compare with what was known then (required).",
            show_default=False,
        ),
    ],
    until: Annotated[
        str | None,
        Option(
            "--until",
            metavar=SinceHelp,
            help="This meeting: what is known now [default: today].",
            show_default=False,
        ),
    ] = None,
    ahead: Annotated[
        int,
        Option(
            "--ahead",
            metavar="DAYS",
            min=0,
            help="List the items due in the DAYS days after --until.",
        ),
    ] = AHEAD,
    pillar: PillarOpt = None,
    plan: PlanOpt = None,
    country: CountryOpt = None,
    plans: PlansOpt = None,
    known_at: KnownAtOpt = None,
    format: BriefFormatOpt = None,
    output: OutputOpt = None,
    lang: LangOpt = None,
) -> None:
    """What the record learnt since the last meeting, and what comes next."""
    chosen = output_format(format, output, BriefFormat)
    last = until_date(until, None)
    first = since_date(since, last) or last
    if known_at is not None:
        raise UsageError(
            "the brief compares what was known on --since with what was known on --until: "
            "drop --known-at",
            "--known-at",
        )
    if last > today():
        raise UsageError(
            f"--until {last} is after today ({today()}): nothing is known yet", "--until"
        )
    reader_lang, workspace, scope = scoped(lang, country, plans, pillar, plan)
    from jap_tracker.brief import build_brief
    from jap_tracker.cache.entries import without_gc
    from jap_tracker.report import Filters

    view = Filters(scope.pillars, scope.plans, country=scope.country)
    with without_gc():  # two replays' worth of lasting objects (see without_gc)
        result = build_brief(
            workspace.parsed,
            workspace.live_updates(first),
            workspace.live_updates(last),
            first,
            last,
            ahead,
            view,
            reader_lang,
            workspace.figures(last, last),
            workspace.items_report(last, view, reader_lang, known_at=last),
            at_since=workspace.figures(first, first),
        )
    emit("brief", result, chosen, reader_lang, output, workspace.folder)
