"""The command line's plumbing: the app, options declared once, the mapping of outcomes to exit
codes, the clock, the workspace lookup and atomic output. Each command lives in a
``cli_<command>`` module that registers itself on ``app`` when imported, which happens when the
command is run (or all of them, for Typer: help and anything that is not a plain command line;
see cli/decl.py).

Exit codes (spec section 7): 0 success; 1 invalid files or a threshold not met; 2 the command
line itself is wrong. Only the cli modules read the clock, the environment and standard streams.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import functools
import os
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

from jap_tracker.cli.decl import App, Exit, Option
from jap_tracker.diagnostics import (
    CheckFailed,
    Diagnostic,
    UsageError,
    closest,
    sort_diagnostics,
    summary_line,
)

if TYPE_CHECKING:
    from jap_tracker.workspace import Workspace

app = App(
    # each command, and the module that declares it (imported when the command is run)
    {
        "status": "jap_tracker.cli.status",
        "update": "jap_tracker.cli.update",
        "report": "jap_tracker.cli.report",
        "check": "jap_tracker.cli.check",
        "trend": "jap_tracker.cli.time",
        "changes": "jap_tracker.cli.time",
        "history": "jap_tracker.cli.time",
        "retract": "jap_tracker.cli.retract",
        "import": "jap_tracker.cli.import_",
    },
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


class StatusFormat(enum.StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"
    csv = "csv"
    xlsx = "xlsx"


class ReportFormat(enum.StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"
    csv = "csv"
    html = "html"
    xlsx = "xlsx"


E = TypeVar("E", bound=enum.StrEnum)
# --output FILE without --format: the format of the file's extension (spec section 5)
EXTENSIONS = {".json": "json", ".md": "markdown", ".csv": "csv", ".html": "html", ".xlsx": "xlsx"}


def output_format(given: E | None, output: Path | None, formats: type[E]) -> E:
    """``--format``, else the one of ``--output``'s extension, else table. A workbook is
    written to a file only (exit 2 without ``--output``)."""
    chosen = given
    if chosen is None:
        name = EXTENSIONS.get(output.suffix.lower(), "table") if output is not None else "table"
        chosen = formats(name if name in formats.__members__ else "table")
    if chosen == "xlsx" and output is None:
        raise UsageError(
            "an Excel workbook is written to a file: add --output FILE.xlsx", "--output"
        )
    return chosen


class By(enum.StrEnum):
    pillar = "pillar"
    country = "country"


PlansOpt = Annotated[
    Path | None,
    Option(
        "--plans",
        metavar="DIR",
        help="The workspace folder [default: $JAP_PLANS, else ./plans].",
        show_default=False,
    ),
]
AsOfOpt = Annotated[
    str | None,
    Option(
        "--as-of",
        metavar="YYYY-MM-DD",
        help="Compute the figures as of this date [default: today].",
        show_default=False,
    ),
]
FormatOpt = Annotated[Format, Option("--format", "-f", help="Output format.")]
_FROM_EXTENSION = "Output format [default: from --output's extension, else table]."
StatusFormatOpt = Annotated[
    StatusFormat | None, Option("--format", "-f", help=_FROM_EXTENSION, show_default=False)
]
ReportFormatOpt = Annotated[
    ReportFormat | None, Option("--format", "-f", help=_FROM_EXTENSION, show_default=False)
]
OutputOpt = Annotated[
    Path | None,
    Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write to FILE (atomically) instead of stdout.",
        show_default=False,
    ),
]
LangOpt = Annotated[
    str | None,
    Option(
        "--lang",
        metavar="LANG",
        help="Language of labels and names: en, fr, ru [default: $JAP_LANG, else en].",
        show_default=False,
    ),
]
PillarOpt = Annotated[
    list[str] | None,
    Option(
        "--pillar",
        metavar="PILLAR",
        help="Only this pillar: I-IV or 1-4 (repeatable).",
        show_default=False,
    ),
]
PlanOpt = Annotated[
    list[str] | None,
    Option("--plan", metavar="PLAN", help="Only this plan (repeatable).", show_default=False),
]
CountryOpt = Annotated[
    list[str] | None,
    Option("--country", metavar="CC", help="One country's view.", show_default=False),
]
StaleOpt = Annotated[
    int | None,
    Option(
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
    try:
        sys.stderr.write(safe.encode("utf-8", "backslashreplace").decode("utf-8") + "\n")
        sys.stderr.flush()
    except (AttributeError, OSError, ValueError):  # standard error closed: nobody to tell
        pass


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
            raise Exit(2) from None
        except CheckFailed as exc:
            if exc.diagnostics:
                _print_diagnostics(exc.diagnostics)
                _err(summary_line(sort_diagnostics(exc.diagnostics)))
            if exc.message:
                _err(exc.message)
            raise Exit(1) from None
        except KeyboardInterrupt:
            _err("jap: interrupted; nothing was written")
            raise Exit(130) from None
        except Exit:
            raise
        except RecursionError:
            _err("jap: error: input nested too deep to process")
            raise Exit(1) from None
        except BrokenPipeError:
            _err("jap: error: standard output was closed before everything was written")
            raise Exit(1) from None
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename else ""
            _err(f"jap: error: {where}{exc.strerror or exc}")
            raise Exit(1) from None

    return wrapper  # type: ignore[return-value]


def today() -> dt.date:
    """The clock, read here only. ``JAP_TODAY`` pins it (for tests and reproducible docs)."""
    pinned = os.environ.get("JAP_TODAY")
    if pinned:
        return parse_date(pinned, "JAP_TODAY")
    return dt.date.today()


_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # ASCII digits only


FIRST_DAY, LAST_DAY = dt.date(1000, 1, 1), dt.date(9998, 12, 31)


def parse_date(text: str, option: str) -> dt.date:
    """A YYYY-MM-DD date, from 1000-01-01 to 9998-12-31 (room for periods and trends)."""
    if not _DATE.fullmatch(text.strip()):
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
    from jap_tracker.layout import resolve_folder

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


def _guard_output(target: Path, new: bool = False) -> None:
    """Refuse an --output that would replace a plan file or anything in the journal (``new``:
    a file that does not exist yet, so never a plan file that is there)."""
    from jap_tracker.layout import journal_folder

    for workspace in _workspaces:
        inside_journal = journal_folder(workspace) in target.parents
        plan_file = target.parent == workspace and target.suffix == ".toml" and not new
        if inside_journal or plan_file or target == journal_folder(workspace):
            raise UsageError(
                f"{target} is part of the workspace {workspace} (a plan or journal file): "
                "write the output elsewhere",
                "--output",
            )


def check_plans(workspace: Workspace, wanted: tuple[str, ...]) -> None:
    """Every ``--plan`` names a plan of the workspace (else exit 2, with the closest ids)."""
    known = [p.id for p in workspace.plans]
    for plan_id in wanted:
        if plan_id not in known:
            near = closest(plan_id, known)
            hint = (
                f"; did you mean {', '.join(near)}?"
                if near
                else (f"; plans: {', '.join(known)}" if known else "")
            )
            raise UsageError(f"no plan {plan_id!r}{hint}", "--plan")


def load_valid(folder: Path, strict: bool = False) -> Workspace:
    """Load the workspace; invalid files end the command (exit 1) before it shows anything."""
    from jap_tracker.cache.store import open_store
    from jap_tracker.workspace import load_workspace, split_problems

    workspace = load_workspace(folder, open_store(folder))  # JAP_NO_CACHE=1: a store of nothing
    if strict:
        if any(d.severity == "error" for d in workspace.diagnostics):
            raise CheckFailed(workspace.diagnostics)
        return workspace
    fatal, warnings = split_problems(workspace.diagnostics)
    if fatal:
        raise CheckFailed(fatal + warnings)
    _print_diagnostics(warnings)
    return workspace


def check_output(output: Path, new: bool = False) -> Path:
    """The file that ``--output`` names (through a symbolic link), if it may be written; else a
    usage error. ``new``: it must not exist yet."""
    target = Path(os.path.realpath(output))  # write through a symbolic link, not over it
    folder = target.parent
    if not folder.is_dir():
        raise UsageError(f"cannot write {output}: folder {folder} does not exist", "--output")
    if target.is_dir():
        raise UsageError(f"cannot write {output}: it is a folder", "--output")
    if new and (os.path.lexists(output) or target.exists()):
        raise UsageError(f"{output} already exists: give the name of a new file", "--output")
    _guard_output(target, new)
    return target


def write_output(data: str | bytes, output: Path | None, new: bool = False) -> None:
    """Standard output, or FILE replaced atomically (never half-written): text in UTF-8, bytes
    as they are. ``new``: FILE must not exist yet (exit 2), and is never replaced."""
    if output is None:
        if isinstance(data, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            sys.stdout.write(data)
            sys.stdout.flush()
        return
    target = check_output(output, new)
    folder = target.parent
    import stat
    import tempfile

    try:
        found = target.stat()
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    else:
        if not stat.S_ISREG(found.st_mode):  # a device, a FIFO, a socket: never replaced
            raise UsageError(
                f"cannot write {output}: it is not a regular file; give the path of a file",
                "--output",
            )
        mode = stat.S_IMODE(found.st_mode)
    tmp: Path | None = None
    try:
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        tmp = Path(name)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data.encode("utf-8") if isinstance(data, str) else data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(tmp, mode)
        if new:  # a hard link fails where a file has appeared meanwhile: never replaced
            try:
                os.link(tmp, target)
            except FileExistsError:
                raise UsageError(
                    f"{output} already exists: give the name of a new file", "--output"
                ) from None
        else:
            os.replace(tmp, target)
            tmp = None
    except OSError as exc:  # the command ran and could not finish: exit 1, as the journal's
        raise CheckFailed([], f"jap: error: cannot write {output}: {exc.strerror}") from None
    finally:  # on every way out, an interrupt included, no temporary file is left behind
        if tmp is not None:
            tmp.unlink(missing_ok=True)


def make_console() -> Any:
    """A Rich console for this terminal, for file text: no markup, no emoji codes; 120 columns
    when standard output is not a terminal (and COLUMNS is not set)."""
    from rich.console import Console

    width = None if os.environ.get("COLUMNS") or sys.stdout.isatty() else 120
    return Console(width=width, highlight=False, emoji=False, markup=False, soft_wrap=False)


def emit(kind: str, value: Any, format: str, lang: str, output: Path | None) -> None:
    """Write ``value`` in ``format`` (``render.render``): to standard output, a table drawn
    for this terminal; or to FILE, atomically (a table 120 columns wide, without colour)."""
    from jap_tracker.render import render

    console = make_console() if format == "table" and output is None else None
    write_output(render(kind, value, format, lang, console), output)


# ---- update --------------------------------------------------------------------------------


def default_author() -> str:
    """Who records when ``--by`` is not given: ``JAP_USER``, else git's user.name, else the
    login name (``records`` refuses an empty name)."""
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


def _unknown_item(item_id: str, known: Iterable[str]) -> UsageError:
    from jap_tracker.records import unknown_item

    return UsageError(unknown_item(item_id, known), "ITEM")


def _clock() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


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

    code = normalize_country(value.strip())  # on the command line, spaces around are no matter
    if code is None:
        raise UsageError(country_problem(value), "--country")
    return code


def _tolerant_streams() -> None:
    """Text that a stream's encoding cannot hold is written as escapes, never an error."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(OSError, ValueError):
                reconfigure(errors="backslashreplace")


def _on_terminate(signum: int, frame: object) -> None:
    """SIGTERM ends a command the way Ctrl-C does: through its clean-up and its message."""
    raise KeyboardInterrupt


def main() -> None:
    """Run one command line (the ``jap`` script's body, called by ``jap_tracker.cli.main``)."""
    import signal

    # not in the main thread (a program that embeds jap): leave the signal alone
    with contextlib.suppress(ValueError, OSError):
        signal.signal(signal.SIGTERM, _on_terminate)
    _tolerant_streams()
    for number, arg in enumerate(sys.argv[1:], 1):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            _err(f"jap: error: argument {number} is not valid UTF-8 text; write it in UTF-8")
            sys.exit(2)
    try:
        from jap_tracker.cli.quickargs import run_plain

        code = run_plain(app, sys.argv[1:])  # a plain line needs no Typer (cli/decl.py)
        if code is not None:
            sys.exit(code)
        app.typer()()
    except KeyboardInterrupt:  # before a command began, or after it ended: nothing written
        _err("jap: interrupted; nothing was written")
        sys.exit(130)
    except Exception as exc:  # a bug of ours: say so plainly, without a traceback
        if os.environ.get("JAP_DEBUG"):
            raise
        _err(f"jap: internal error: {type(exc).__name__}: {exc} (set JAP_DEBUG=1 for details)")
        sys.exit(1)
