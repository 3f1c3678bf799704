"""Commands over time (spec section 8): ``jap trend``, ``jap changes`` and ``jap history``.

Thin like the rest of the CLI: options are parsed and checked here (usage errors exit 2 before
anything is loaded), the figures come from the pure ``timeline`` module, one renderer per format.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING, Annotated

from jap_tracker.cli.app import (
    app,
    check_plans,
    folder_of,
    handled,
    load_valid,
    unknown_item_error,
)
from jap_tracker.cli.decl import Argument, Option
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
    known_at_date,
    language,
    parse_country,
    parse_date,
    parse_pillars,
    today,
)
from jap_tracker.cli.output import (
    emit,
)
from jap_tracker.diagnostics import UsageError

if TYPE_CHECKING:
    from jap_tracker.timeline import Scope
    from jap_tracker.workspace import Workspace


class Every(enum.StrEnum):
    month = "month"
    quarter = "quarter"
    year = "year"


SinceHelp = "YYYY-MM-DD"


def _until(until: str | None, as_of: str | None) -> dt.date:
    """``--until``, else ``--as-of``, else today; both given must agree."""
    if until is not None and as_of is not None:
        a, b = parse_date(until, "--until"), parse_date(as_of, "--as-of")
        if a != b:
            raise UsageError("give --until or --as-of, not two different dates", "--until")
        return a
    if until is not None:
        return parse_date(until, "--until")
    if as_of is not None:
        return parse_date(as_of, "--as-of")
    return today()


def _since(since: str | None, until: dt.date) -> dt.date | None:
    if since is None:
        return None
    day = parse_date(since, "--since")
    if day > until:
        raise UsageError(f"--since {day} is after --until {until}", "--since")
    return day


def _scoped(
    lang: str | None,
    country: list[str] | None,
    plans: str | None,
    pillar: list[str] | None,
    plan: list[str] | None,
) -> tuple[str, Workspace, Scope]:
    """The reader's language, the workspace loaded, and the view that --pillar, --plan and
    --country ask for (``timeline.Scope``), each option checked before anything is read."""
    from jap_tracker.timeline import Scope

    reader_lang, code, folder = language(lang), parse_country(country), folder_of(plans)
    pillars = parse_pillars(pillar)
    workspace = load_valid(folder)
    chosen = tuple(dict.fromkeys(plan or []))
    check_plans(workspace, chosen)
    return reader_lang, workspace, Scope(pillars, chosen, code)


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
    format: FormatOpt = Format.table,
    output: OutputOpt = None,
    lang: LangOpt = None,
) -> None:
    """Completion overall and per pillar at the end of each month, quarter or year."""
    last = _until(until, as_of)
    first = _since(since, last)
    known = known_at_date(known_at)
    reader_lang, workspace, scope = _scoped(lang, country, plans, pillar, plan)
    from jap_tracker.timeline import build_trend

    result = build_trend(
        workspace.parsed, workspace.live_updates(known), every.value, last, first, scope
    )
    emit("trend", result, format, reader_lang, output, workspace.folder)


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
    format: FormatOpt = Format.table,
    output: OutputOpt = None,
    lang: LangOpt = None,
    recorded: Annotated[
        bool,
        Option(
            "--recorded",
            help="Compare what was known on --since with what was known on --until (spec §11).",
        ),
    ] = False,
) -> None:
    """What was recorded between two dates, and how the figures moved."""
    last = _until(until, as_of)
    first = _since(since, last) or last
    known = known_at_date(known_at)
    if recorded and known is not None:
        raise UsageError(
            "--recorded compares two states of knowledge: drop --known-at", "--known-at"
        )
    if recorded and last > today():
        raise UsageError(f"--until {last} is after today: nothing is known yet", "--until")
    reader_lang, workspace, scope = _scoped(lang, country, plans, pillar, plan)
    from jap_tracker.timeline import build_changes

    if not recorded:
        updates = workspace.live_updates(known)
        result = build_changes(workspace.parsed, updates, first, last, scope)
    else:
        result = build_changes(
            workspace.parsed,
            workspace.live_updates(last),
            first,
            last,
            scope,
            known_before=workspace.live_updates(first),
        )
        from jap_tracker.timeline import recorded_retractions

        gone = recorded_retractions(
            workspace.parsed, workspace.updates, workspace.retractions, first, last, scope
        )
        result = result._replace(retractions=gone)
    emit("changes", result, format, reader_lang, output, workspace.folder)


@app.command()
@handled
def history(
    item: Annotated[str, Argument(metavar="ITEM", help="The item's id.")],
    plans: PlansOpt = None,
    as_of: AsOfOpt = None,
    known_at: KnownAtOpt = None,
    format: FormatOpt = Format.table,
    output: OutputOpt = None,
    lang: LangOpt = None,
) -> None:
    """Every recorded update of one item, oldest first (retracted ones marked); with --as-of,
    those dated on or before it."""
    reader_lang, folder = language(lang), folder_of(plans)
    last = parse_date(as_of, "--as-of") if as_of is not None else None
    workspace = load_valid(folder)
    index = workspace.item_index()
    target = index.get(item)
    if target is None:
        raise unknown_item_error(item, index)
    from jap_tracker.timeline import build_history

    known = known_at_date(known_at)
    updates = [u for u in workspace.known_updates(known) if last is None or u.date <= last]
    result = build_history(target, updates, workspace.retracted(known))
    emit("history", result, format, reader_lang, output, workspace.folder)
