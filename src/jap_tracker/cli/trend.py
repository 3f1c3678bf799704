"""``jap trend``: completion overall and per pillar at the end of each period (spec section 8)."""

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
    Every,
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
    until_date,
)
from jap_tracker.cli.output import emit


@app.command()
@handled
def trend(
    every: Annotated[
        Every, Option("--every", help="The length of each period.", case_sensitive=False)
    ] = Every.month,
    since: Annotated[
        str | None,
        Option(
            "--since",
            metavar=SinceHelp,
            help="Begin with the period holding this date [default: the first update's].",
            show_default=False,
        ),
    ] = None,
    until: Annotated[
        str | None,
        Option(
            "--until",
            metavar=SinceHelp,
            help="End with the period holding this date [default: --as-of, else today].",
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
) -> None:
    """Completion overall and per pillar at the end of each month, quarter or year."""
    chosen = output_format(format, output, Format)
    last = until_date(until, as_of)
    first = since_date(since, last)
    known = known_at_date(known_at)
    reader_lang, workspace, scope = scoped(lang, country, plans, pillar, plan)
    result = workspace.trend(every.value, last, first, scope, known)
    emit("trend", result, chosen, reader_lang, output, workspace.folder)
