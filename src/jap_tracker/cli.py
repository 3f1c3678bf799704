"""The command line: options declared once, commands thin, diagnostics to stderr, exit codes.

Exit codes (spec section 7): 0 success; 1 invalid files or a threshold not met; 2 the command
line itself is wrong. Only this module reads the clock, the environment and standard streams.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from jap_tracker.diagnostics import (
    CheckFailed,
    Diagnostic,
    UsageError,
    closest,
    sort_diagnostics,
    summary_line,
)

app = typer.Typer(
    name="jap",
    help="Track the implementation of the Central Asia Joint Plan of Action (UN Global "
    "Counter-Terrorism Strategy) and the roadmaps that carry it out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Format(enum.StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"
    csv = "csv"


class ReportFormat(enum.StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"
    csv = "csv"
    html = "html"


class By(enum.StrEnum):
    pillar = "pillar"
    country = "country"


PlansOpt = Annotated[
    Path | None,
    typer.Option(
        "--plans",
        metavar="DIR",
        help="The workspace folder [default: $JAP_PLANS, else ./plans].",
        show_default=False,
    ),
]
AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="YYYY-MM-DD",
        help="Compute the figures as of this date [default: today].",
        show_default=False,
    ),
]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
ReportFormatOpt = Annotated[ReportFormat, typer.Option("--format", "-f", help="Output format.")]
OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write to FILE (atomically) instead of stdout.",
        show_default=False,
    ),
]
LangOpt = Annotated[
    str | None,
    typer.Option(
        "--lang",
        metavar="LANG",
        help="Language of labels and names: en, fr, ru [default: $JAP_LANG, else en].",
        show_default=False,
    ),
]
StaleOpt = Annotated[
    int | None,
    typer.Option(
        "--stale-after",
        metavar="DAYS",
        min=0,
        help="Flag items whose last update is older than DAYS (or that never had one).",
        show_default=False,
    ),
]

F = TypeVar("F", bound=Callable[..., Any])


# ---- plumbing ------------------------------------------------------------------------------


def _err(text: str) -> None:
    """One message on stderr, terminal-safe: control characters shown as ``\\xNN``."""
    from jap_tracker.render.common import plain

    safe = "\n".join(plain(line) for line in text.split("\n"))
    sys.stderr.write(safe.encode("utf-8", "backslashreplace").decode("utf-8") + "\n")


def _print_diagnostics(diagnostics: list[Diagnostic]) -> None:
    for d in sort_diagnostics(diagnostics):
        _err(d.format())


def handled(func: F) -> F:
    """Map the domain's exceptions to messages and exit codes; never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except UsageError as exc:
            where = f"{exc.option}: " if exc.option else ""
            _err(f"jap: error: {where}{exc.message}")
            raise typer.Exit(2) from None
        except CheckFailed as exc:
            if exc.diagnostics:
                _print_diagnostics(exc.diagnostics)
                _err(summary_line(sort_diagnostics(exc.diagnostics)))
            if exc.message:
                _err(exc.message)
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            _err("jap: interrupted; nothing was written")
            raise typer.Exit(130) from None
        except typer.Exit:
            raise
        except RecursionError:
            _err("jap: error: input nested too deep to process")
            raise typer.Exit(1) from None
        except OSError as exc:
            _err(f"jap: error: {exc.filename or ''}: {exc.strerror or exc}")
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


def today() -> dt.date:
    """The clock, read here only. ``JAP_TODAY`` pins it (for tests and reproducible docs)."""
    pinned = os.environ.get("JAP_TODAY")
    if pinned:
        return parse_date(pinned, "JAP_TODAY")
    return dt.date.today()


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


FIRST_DAY, LAST_DAY = dt.date(1000, 1, 1), dt.date(9998, 12, 31)


def parse_date(text: str, option: str) -> dt.date:
    """A YYYY-MM-DD date, from 1000-01-01 to 9998-12-31 (room for periods and trends)."""
    if not _DATE.match(text.strip()):
        raise UsageError(f"{text!r} is not a date: write it as YYYY-MM-DD", option)
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"{text!r} is not a real date", option) from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise UsageError(
            f"{day} is out of range: give a date from {FIRST_DAY} to {LAST_DAY}", option
        )
    return day


def as_of_date(text: str | None) -> dt.date:
    return parse_date(text, "--as-of") if text is not None else today()


def language(option: str | None) -> str:
    from jap_tracker.i18n import LANGUAGES

    if option is not None:
        lang, where = option.strip().lower(), "--lang"
    elif os.environ.get("JAP_LANG"):
        lang, where = os.environ["JAP_LANG"].strip().lower(), "JAP_LANG"
    else:
        return "en"
    if lang not in LANGUAGES:
        raise UsageError(
            f"no catalogue for language {lang!r}; choose one of {', '.join(LANGUAGES)}", where
        )
    return lang


def folder_of(option: Path | None) -> Path:
    from jap_tracker.workspace import resolve_folder

    folder = resolve_folder(str(option) if option else None)
    if not folder.is_dir():
        origin = (
            "--plans"
            if option
            else ("JAP_PLANS" if os.environ.get("JAP_PLANS") else "the default ./plans")
        )
        raise UsageError(f"{folder} is not a folder; give the workspace with --plans DIR", origin)
    _workspaces.append(folder.resolve())
    return folder


_workspaces: list[Path] = []  # the workspace of this run, so --output never overwrites it


def _guard_output(target: Path) -> None:
    """Refuse an --output that would replace a plan file or anything in the journal."""
    for workspace in _workspaces:
        inside_journal = workspace / "journal" in target.parents
        plan_file = target.parent == workspace and target.suffix == ".toml"
        if inside_journal or plan_file or target == workspace / "journal":
            raise UsageError(
                f"{target} is part of the workspace {workspace} (a plan or journal file): "
                "write the output elsewhere",
                "--output",
            )


def load_valid(folder: Path, strict: bool = False) -> Any:
    """Load the workspace; invalid files end the command (exit 1) before it shows anything."""
    from jap_tracker.cache import load
    from jap_tracker.workspace import split_problems

    loaded = load(folder)  # through the cache (JAP_NO_CACHE=1: without)
    if strict:
        if any(d.severity == "error" for d in loaded.diagnostics):
            raise CheckFailed(loaded.diagnostics)
        return loaded
    fatal, warnings = split_problems(loaded.diagnostics)
    if fatal:
        raise CheckFailed(fatal + warnings)
    _print_diagnostics(warnings)
    return loaded


def write_output(text: str, output: Path | None) -> None:
    """Standard output, or FILE replaced atomically (never half-written)."""
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    target = Path(os.path.realpath(output))  # write through a symbolic link, not over it
    folder = target.parent
    if not folder.is_dir():
        raise UsageError(f"cannot write {output}: folder {folder} does not exist", "--output")
    if target.is_dir():
        raise UsageError(f"cannot write {output}: it is a folder", "--output")
    _guard_output(target)
    import stat
    import tempfile

    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    tmp: Path | None = None
    try:
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        tmp = Path(name)
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except OSError as exc:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        raise UsageError(f"cannot write {output}: {exc.strerror}", "--output") from None


def render_table(draw: Callable[[Any], None], output: Path | None) -> None:
    from jap_tracker.render.table import make_console

    if output is None:
        draw(make_console())
        return
    import io

    buffer = io.StringIO()
    draw(make_console(file=buffer, terminal=False, width=120))
    write_output(buffer.getvalue(), output)


def figures_for(loaded: Any, as_of: dt.date) -> Any:
    if hasattr(loaded, "figures"):  # cache.Cached: final figures kept for later as-of dates
        return loaded.figures(as_of)
    from jap_tracker.progress import replay

    return replay(loaded.workspace.items, loaded.live_updates(), as_of)


# ---- status --------------------------------------------------------------------------------


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
        By, typer.Option("--by", help="Rows: pillars, or pillars × countries (spec §9).")
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
        from jap_tracker.cli_time import status_courses
        from jap_tracker.render import table

        if by is By.country:
            render_table(lambda console: table.render_by_country(report, console), output)
        else:
            courses = status_courses(loaded, day)
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


# ---- update --------------------------------------------------------------------------------


def default_author() -> str:
    """``JAP_USER``, else git's user.name, else the login name."""
    name = os.environ.get("JAP_USER", "").strip()
    if name:
        return name
    import subprocess

    try:
        found = subprocess.run(
            ["git", "config", "user.name"], capture_output=True, text=True, timeout=5, check=False
        )
        if found.returncode == 0 and found.stdout.strip():
            return found.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    import getpass

    try:
        return getpass.getuser()
    except Exception:
        return "unknown"


def _number(text: str, option: str) -> float:
    import math

    try:
        value = float(text)
    except ValueError:
        raise UsageError(f"{text!r} is not a number", option) from None
    if not math.isfinite(value):
        raise UsageError(f"{text!r} is not a finite number", option)
    return value


def _unknown_item(item_id: str, known: Any) -> UsageError:
    near = closest(item_id, known)
    hint = f"; did you mean {', '.join(near)}?" if near else "; `jap report` lists the items"
    return UsageError(f"no item {item_id!r} in any plan{hint}", "ITEM")


def _clock() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@app.command()
@handled
def update(
    item: Annotated[str, typer.Argument(metavar="ITEM", help="The item's id.")],
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            "-s",
            metavar="STATUS",
            help="not_started, in_progress, done, blocked or cancelled.",
            show_default=False,
        ),
    ] = None,
    progress: Annotated[
        str | None,
        typer.Option(
            "--progress",
            "-p",
            metavar="PERCENT",
            help="Progress from 0 to 100.",
            show_default=False,
        ),
    ] = None,
    indicator: Annotated[
        list[str] | None,
        typer.Option(
            "--indicator",
            "-i",
            metavar="ID=VALUE",
            help="An indicator's actual value (repeatable).",
            show_default=False,
        ),
    ] = None,
    note: Annotated[
        str | None,
        typer.Option(
            "--note",
            "-n",
            metavar="TEXT",
            help="What happened, with its source.",
            show_default=False,
        ),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            "-d",
            metavar="YYYY-MM-DD",
            help="The date the progress refers to [default: today].",
            show_default=False,
        ),
    ] = None,
    by: Annotated[
        str | None,
        typer.Option(
            "--by",
            metavar="NAME",
            help="Who records it [default: $JAP_USER, git user.name, login name].",
            show_default=False,
        ),
    ] = None,
    country: Annotated[
        list[str] | None,
        typer.Option(
            "--country",
            "-c",
            metavar="CC",
            help="Record for this country only (repeatable).",
            show_default=False,
        ),
    ] = None,
    evidence: Annotated[
        str | None,
        typer.Option(
            "--evidence", metavar="URL", help="A link to the evidence.", show_default=False
        ),
    ] = None,
    plans: PlansOpt = None,
) -> None:
    """Record one update of an item in the journal (append-only)."""
    from jap_tracker.model import parse_status

    fields: dict[str, Any] = {"item": item}
    if status is not None:
        parsed = parse_status(status)
        if parsed is None:
            from jap_tracker.model import STATUSES

            raise UsageError(
                f"unknown status {status!r}; choose one of {', '.join(STATUSES)}", "--status"
            )
        fields["status"] = parsed
    if progress is not None:
        value = _number(progress, "--progress")
        if not 0 <= value <= 100:
            raise UsageError(f"{progress} is out of range: progress is from 0 to 100", "--progress")
        fields["progress"] = value + 0.0  # -0 is 0
    values: dict[str, float] = {}
    for pair in indicator or []:
        ident, sep, raw = pair.partition("=")
        if not sep or not ident.strip():
            raise UsageError(f"{pair!r} is not ID=VALUE", "--indicator")
        values[ident.strip()] = _number(raw.strip(), "--indicator")
    if values:
        fields["indicators"] = values
    if note is not None:
        if not note.strip():
            raise UsageError("the note is empty", "--note")
        fields["note"] = note
    if not ({"status", "progress", "indicators", "note"} & fields.keys()):
        raise UsageError("nothing to record: give --status, --progress, --indicator or --note")
    now = _clock()
    day = parse_date(date, "--date") if date is not None else today()
    if day > today():
        raise UsageError(f"{day} is in the future: record progress once it has happened", "--date")
    fields["date"] = day
    if country:
        wanted: list[str] = []
        for code in country:
            norm = _country_option(code)
            assert norm is not None
            if norm not in wanted:
                wanted.append(norm)
        fields["countries"] = wanted
    author = (by if by is not None else default_author()).strip()
    if not author:
        raise UsageError("the name is empty", "--by")
    fields["by"] = author
    if evidence is not None:
        if not evidence.strip():
            raise UsageError("the evidence link is empty", "--evidence")
        fields["evidence"] = evidence.strip()
    folder = folder_of(plans)
    loaded = load_valid(folder)
    index = loaded.workspace.item_index()
    target = index.get(item)
    if target is None:
        raise _unknown_item(item, index)
    known = [ind.id for ind in target.indicators]
    for ident in values:
        if ident not in known:
            hint = (
                f"; item {item} has: {', '.join(known)}"
                if known
                else f"; item {item} has no indicators"
            )
            raise UsageError(f"unknown indicator {ident!r}{hint}", "--indicator")
    if country:
        if not target.countries:
            raise UsageError(f"item {item} is tracked as a whole, not per country", "--country")
        for code in fields["countries"]:
            if code not in target.countries:
                raise UsageError(
                    f"item {item} does not concern {code}; it concerns "
                    f"{', '.join(target.countries)}",
                    "--country",
                )
    fields["recorded"] = now
    from jap_tracker.journal import JournalLocked, append_records, format_record, new_record_id

    record_id = new_record_id(now)
    try:
        line = format_record(record_id, fields)
        if hasattr(loaded, "append"):  # cache.Cached: appends, and keeps the cache warm
            loaded.append(now, line)
        else:
            append_records(folder, [(now, line)])
    except JournalLocked as exc:
        raise CheckFailed([], f"jap: error: {exc}") from None
    summary = ", ".join(
        f"{k} {v}"
        for k, v in (
            ("status", fields.get("status")),
            ("progress", f"{fields['progress']:g}%" if "progress" in fields else None),
            ("countries", " ".join(fields.get("countries", [])) or None),
        )
        if v
    )
    from jap_tracker.render.common import plain

    sys.stdout.write(
        f"recorded {record_id}: {item} on {day}"
        + (f" ({summary})" if summary else "")
        + f" by {plain(author)}\n"
    )


# ---- report --------------------------------------------------------------------------------


def _pillars(values: list[str] | None) -> tuple[str, ...]:
    from jap_tracker.model import parse_pillar

    out = []
    for value in values or []:
        for part in value.split(","):
            pillar = parse_pillar(part)
            if pillar is None:
                raise UsageError(
                    f"{part!r} is not a pillar: use I, II, III, IV or 1 to 4", "--pillar"
                )
            out.append(pillar)
    return tuple(dict.fromkeys(out))


def _statuses(values: list[str] | None) -> tuple[str, ...]:
    from jap_tracker.model import STATUSES, parse_status

    out = []
    for value in values or []:
        for part in value.split(","):
            parsed = parse_status(part)
            if parsed is None:
                raise UsageError(
                    f"unknown status {part!r}; choose one of {', '.join(STATUSES)}", "--status"
                )
            out.append(parsed)
    return tuple(dict.fromkeys(out))


def _country_option(value: str | list[str] | None) -> str | None:
    """One ISO 3166-1 code (any case) -> capitals; a view is one country's, so one only."""
    if isinstance(value, list):
        if len(value) > 1:
            raise UsageError("a view is one country's: give --country once", "--country")
        value = value[0] if value else None
    if value is None:
        return None
    from jap_tracker.codes import country_problem, normalize_country

    code = normalize_country(value)
    if code is None:
        raise UsageError(country_problem(value), "--country")
    return code


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


# ---- check ---------------------------------------------------------------------------------


@app.command()
@handled
def check(
    plans: PlansOpt = None,
    as_of: AsOfOpt = None,
    fail_under: Annotated[
        float | None,
        typer.Option(
            "--fail-under",
            metavar="PERCENT",
            min=0,
            max=100,
            help="Fail (exit 1) when overall completion is below PERCENT.",
            show_default=False,
        ),
    ] = None,
    fail_on_overdue: Annotated[
        bool, typer.Option("--fail-on-overdue", help="Fail (exit 1) when any item is overdue.")
    ] = False,
    fail_on_stale: Annotated[
        int | None,
        typer.Option(
            "--fail-on-stale",
            metavar="DAYS",
            min=0,
            help="Fail (exit 1) when an item has had no update for DAYS days.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Validate every plan and journal file; report every problem found."""
    day, folder = as_of_date(as_of), folder_of(plans)
    loaded = load_valid(folder, strict=True)
    warnings = [d for d in loaded.diagnostics if d.severity != "error"]
    _print_diagnostics(warnings)
    from jap_tracker.progress import entries, group
    from jap_tracker.report import is_stale

    figures = figures_for(loaded, day)
    problems: list[str] = []
    items = loaded.workspace.items
    if fail_on_overdue:
        from jap_tracker.progress import is_overdue

        late = [i for i in items if is_overdue(i, figures[i.id].status, day)]
        if late:
            problems.append(f"{len(late)} overdue item(s) as of {day}:")
            problems += [f"  {i.id} (due {i.due}, {figures[i.id].status})" for i in late]
    if fail_on_stale is not None:
        stale = [
            i
            for i in items
            if figures[i.id].status not in ("done", "cancelled")
            and is_stale(figures[i.id].last, day, fail_on_stale)
        ]
        if stale:
            problems.append(
                f"{len(stale)} item(s) with no update in the last {fail_on_stale} days as of {day}:"
            )
            for i in stale:
                last = figures[i.id].last
                problems.append(f"  {i.id} (last update {last.date if last else 'never'})")
    overall = group(entries(items, figures, day)).completion
    # Rounded so that float noise never fails a figure shown as equal (0.29 * 100 < 29).
    if fail_under is not None and round((overall or 0.0) * 100, 9) < fail_under:
        shown = "none" if overall is None else f"{overall * 100:.1f}%"
        problems.append(f"overall completion {shown} is below --fail-under {fail_under:g}%")
    records = len(loaded.updates) + len(loaded.retractions)
    if problems:
        raise CheckFailed([], "\n".join(problems))
    sys.stdout.write(
        f"ok: {len(loaded.workspace.plans)} plans, {len(items)} items, "
        f"{records} journal records, no problems\n"
    )


def main() -> None:
    """Entry point of the ``jap`` script."""
    for number, arg in enumerate(sys.argv[1:], 1):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            _err(f"jap: error: argument {number} is not valid UTF-8 text; write it in UTF-8")
            sys.exit(2)
    try:
        from jap_tracker.cli_quickargs import run_plain

        code = run_plain(app, sys.argv[1:])  # a plain line skips Typer's costly parser
        if code is not None:
            sys.exit(code)
        app()
    except Exception as exc:  # a bug of ours: say so plainly, without a traceback
        if os.environ.get("JAP_DEBUG"):
            raise
        _err(f"jap: internal error: {type(exc).__name__}: {exc} (set JAP_DEBUG=1 for details)")
        sys.exit(1)


# The commands defined in other modules register themselves on ``app`` when imported.
from jap_tracker import cli_journal, cli_time  # noqa: E402,F401
