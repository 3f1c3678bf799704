"""``jap changes``: what was recorded between two dates and how the figures moved; with
``--recorded``, what the record learnt between two dates (spec sections 8 and 11)."""

from __future__ import annotations

from typing import Annotated

from jap_tracker.cli.app import (
    app,
    handled,
    scoped,
)
from jap_tracker.cli.decl import Option
from jap_tracker.cli.options import (
    AsOfOpt,
    CountryOpt,
    Format,
    FormatOpt,
    KnownAtOpt,
    LangOpt,
    OutputOpt,
    PillarOpt,
    PlanOpt,
    PlansOpt,
    SinceHelp,
    known_at_date,
    output_format,
    since_date,
    today,
    until_date,
)
from jap_tracker.cli.output import emit
from jap_tracker.diagnostics import UsageError


@app.command()
@handled
def changes(
    since: Annotated[
        str,
        Option(
            "--since",
            metavar=SinceHelp,
            help="Updates dated after this date (required).",
            show_default=False,
        ),
    ],
    until: Annotated[
        str | None,
        Option(
            "--until",
            metavar=SinceHelp,
            help="...and on or before this one [default: --as-of, else today].",
            show_default=False,
        ),
    ] = None,
    pillar: PillarOpt = None,
    plan: PlanOpt = None,
    country: CountryOpt = None,
    plans: PlansOpt = None,
    as_of: AsOfOpt = None,
    known_at: KnownAtOpt = None,
    format: FormatOpt = None,
    output: OutputOpt = None,
    lang: LangOpt = None,
    recorded: Annotated[
        bool,
        Option(
            "--recorded",
            help="Compare what was known on --since with what was known on --until "
            "(the records recorded by each date).",
        ),
    ] = False,
) -> None:
    """What was recorded between two dates, and how the figures moved."""
    chosen = output_format(format, output, Format)
    last = until_date(until, as_of)
    first = since_date(since, last) or last
    known = known_at_date(known_at)
    if recorded and known is not None:
        raise UsageError(
            "--recorded compares two states of knowledge: drop --known-at", "--known-at"
        )
    if recorded and last > today():
        raise UsageError(f"--until {last} is after today: nothing is known yet", "--until")
    reader_lang, workspace, scope = scoped(lang, country, plans, pillar, plan)
    from jap_tracker.cache.entries import without_gc
    from jap_tracker.timeline import Scope, build_changes, status_point

    with without_gc():  # a replay's worth of lasting objects (see without_gc)
        # the figures as of since (kept for a past date): the replay goes on from there; as of
        # until, the kept status report's when it counts every item and every record, else
        # the kept final figures when they are those as of until
        if not recorded:
            updates = workspace.live_updates(known)
            then = workspace.figures(first, known)
            final = workspace.is_final(last, known)
            kept = after = None
            if final and scope == Scope():
                after = status_point(workspace.status_report(last, reader_lang))
            elif final:
                kept = workspace.figures(last, known)
            result = build_changes(
                workspace.parsed,
                updates,
                first,
                last,
                scope,
                at_since=then,
                at_until=kept,
                after=after,
            )
        else:
            result = build_changes(
                workspace.parsed,
                workspace.live_updates(last),
                first,
                last,
                scope,
                known_before=workspace.live_updates(first),
                at_since=workspace.figures(first, first),
            )
            from jap_tracker.timeline import recorded_retractions

            gone = recorded_retractions(
                workspace.parsed, workspace.updates, workspace.retractions, first, last, scope
            )
            result = result._replace(retractions=gone)
    emit("changes", result, chosen, reader_lang, output, workspace.folder)
