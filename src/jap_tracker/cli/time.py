"""Commands over time (spec section 8): ``jap trend``, ``jap changes`` and ``jap history``.

Thin like the rest of the CLI: options are parsed and checked here (usage errors exit 2 before
anything is loaded), the figures come from the pure ``timeline`` module, one renderer per format.
"""

from __future__ import annotations

import datetime as dt
import enum
from pathlib import Path
from typing import Annotated, Any

from jap_tracker.cli.app import (
    AsOfOpt,
    CountryOpt,
    Format,
    FormatOpt,
    LangOpt,
    OutputOpt,
    PillarOpt,
    PlanOpt,
    PlansOpt,
    _country_option,
    _pillars,
    _unknown_item,
    app,
    check_plans,
    folder_of,
    handled,
    language,
    load_valid,
    parse_date,
    render_table,
    today,
    write_output,
)
from jap_tracker.cli.decl import Argument, Option
from jap_tracker.diagnostics import UsageError


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
    plans: Path | None,
    pillar: list[str] | None,
    plan: list[str] | None,
) -> tuple[str, Any, Any]:
    """The reader's language, the workspace loaded, and the view that --pillar, --plan and
    --country ask for (``timeline.Scope``), each option checked before anything is read."""
    from jap_tracker.timeline import Scope

    reader_lang, code, folder = language(lang), _country_option(country), folder_of(plans)
    pillars = _pillars(pillar)
    loaded = load_valid(folder)
    chosen = tuple(dict.fromkeys(plan or []))
    check_plans(loaded, chosen)
    return reader_lang, loaded, Scope(pillars, chosen, code)


def _emit(value: Any, format: Format, output: Path | None, lang: str, kind: str) -> None:
    """One renderer per format: ``render_<kind>`` of the format's module."""
    if format is Format.table:
        from jap_tracker.render import table

        draw = getattr(table, f"render_{kind}")
        render_table(lambda console: draw(value, console, lang), output)
        return
    if format is Format.json:
        from jap_tracker.render import jsonfmt

        write_output(getattr(jsonfmt, f"render_{kind}")(value), output)
    elif format is Format.csv:
        from jap_tracker.render import csvfmt

        write_output(getattr(csvfmt, f"render_{kind}")(value), output)
    else:
        from jap_tracker.render import markdown

        write_output(getattr(markdown, f"render_{kind}")(value, lang), output)


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
    format: FormatOpt = Format.table,
    output: OutputOpt = None,
    lang: LangOpt = None,
) -> None:
    """Completion overall and per pillar at the end of each month, quarter or year."""
    last = _until(until, as_of)
    first = _since(since, last)
    reader_lang, loaded, scope = _scoped(lang, country, plans, pillar, plan)
    from jap_tracker.timeline import build_trend

    result = build_trend(loaded.workspace, loaded.live_updates(), every.value, last, first, scope)
    _emit(result, format, output, reader_lang, "trend")


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
    format: FormatOpt = Format.table,
    output: OutputOpt = None,
    lang: LangOpt = None,
) -> None:
    """What was recorded between two dates, and how the figures moved."""
    last = _until(until, as_of)
    first = _since(since, last) or last
    reader_lang, loaded, scope = _scoped(lang, country, plans, pillar, plan)
    from jap_tracker.timeline import build_changes

    result = build_changes(loaded.workspace, loaded.live_updates(), first, last, scope)
    _emit(result, format, output, reader_lang, "changes")


@app.command()
@handled
def history(
    item: Annotated[str, Argument(metavar="ITEM", help="The item's id.")],
    plans: PlansOpt = None,
    as_of: AsOfOpt = None,
    format: FormatOpt = Format.table,
    output: OutputOpt = None,
    lang: LangOpt = None,
) -> None:
    """Every recorded update of one item, oldest first (retracted ones marked); with --as-of,
    those dated on or before it."""
    reader_lang, folder = language(lang), folder_of(plans)
    last = parse_date(as_of, "--as-of") if as_of is not None else None
    loaded = load_valid(folder)
    index = loaded.workspace.item_index()
    target = index.get(item)
    if target is None:
        raise _unknown_item(item, index)
    from jap_tracker.timeline import build_history

    updates = [u for u in loaded.updates if last is None or u.date <= last]
    result = build_history(target, updates, loaded.retracted())
    _emit(result, format, output, reader_lang, "history")
