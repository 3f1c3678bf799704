"""The command line's plumbing: the app and the module of each command, the mapping of outcomes
to messages and exit codes (spec section 7: 0 success; 1 invalid files or a threshold not met;
2 the command line itself is wrong), the workspace lookup and ``main``. Options and their parsers
are in ``options``, where results go in ``output``; each command lives in a module of its own
that registers itself on ``app`` when imported, which happens when the command is run (or all
of them, for Typer: help and anything that is not a plain command line; see cli/decl.py).
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from collections.abc import Callable, Iterable, Iterator
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
    from jap_tracker.timeline import Scope
    from jap_tracker.workspace import Workspace


def version_text() -> str:
    from jap_tracker import __version__

    return f"jap {__version__}\n"


def _show_version(value: bool) -> None:
    """``jap --version`` (an eager option of Typer's: it answers before any command)."""
    if value:
        import typer

        sys.stdout.write(version_text())
        raise typer.Exit()


def _main(
    version: Annotated[
        bool,
        Option(
            "--version",
            help="Show the version and exit.",
            callback=_show_version,
            is_eager=True,
        ),
    ] = False,
) -> None:
    """Track the implementation of the Central Asia Joint Plan of Action (UN Global
    Counter-Terrorism Strategy) and the roadmaps that carry it out."""


app = App(
    # each command, and the module that declares it (imported when the command is run)
    {
        "status": "jap_tracker.cli.status",
        "update": "jap_tracker.cli.update",
        "report": "jap_tracker.cli.report",
        "check": "jap_tracker.cli.check",
        "trend": "jap_tracker.cli.trend",
        "changes": "jap_tracker.cli.changes",
        "history": "jap_tracker.cli.history",
        "brief": "jap_tracker.cli.brief",
        "retract": "jap_tracker.cli.retract",
        "import": "jap_tracker.cli.import_",
        "init": "jap_tracker.cli.init",
        "schema": "jap_tracker.cli.schema_cmd",
    },
    main=_main,
    name="jap",
    help="Track the implementation of the Central Asia Joint Plan of Action (UN Global "
    "Counter-Terrorism Strategy) and the roadmaps that carry it out.",
    no_args_is_help=True,
    add_completion=True,  # --install-completion, --show-completion (cli/complete.py)
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


F = TypeVar("F", bound=Callable[..., Any])


# ---- plumbing ------------------------------------------------------------------------------


def err(text: str) -> None:
    """One message on stderr, terminal-safe: control characters shown as ``\\xNN``."""
    from jap_tracker.render.common import plain

    safe = "\n".join(plain(line) for line in text.split("\n"))
    try:
        sys.stderr.write(safe.encode("utf-8", "backslashreplace").decode("utf-8") + "\n")
        sys.stderr.flush()
    except (AttributeError, OSError, ValueError):  # standard error closed: nobody to tell
        pass


def usage_error(message: str, hint: str | None = None, command: str | None = None) -> None:
    """A usage error (exit 2), as jap writes every one, its own and Typer's: ``jap: error: ...``
    and a hint line; without a hint of its own, the hint is the command's help."""
    err(f"jap: error: {message}")
    err(f"hint: {hint or help_hint(command)}")


def help_hint(command: str | None) -> str:
    return f"see 'jap {command} --help'" if command else "see 'jap --help'"


def _print_diagnostics(diagnostics: list[Diagnostic]) -> None:
    for d in sort_diagnostics(diagnostics):
        err(d.format())


def handled(func: F) -> F:
    """Map the domain's exceptions to messages and exit codes; never a traceback."""

    command = func.__name__.rstrip("_").replace("_", "-")  # import_ is ``jap import``

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except UsageError as exc:
            where = f"{exc.option}: " if exc.option else ""
            usage_error(f"{where}{exc.message}", exc.hint, command)
            raise Exit(2) from None
        except CheckFailed as exc:
            if exc.diagnostics:
                _print_diagnostics(exc.diagnostics)
                err(summary_line(sort_diagnostics(exc.diagnostics)))
            if exc.message:
                err(exc.message)
            raise Exit(1) from None
        except KeyboardInterrupt:
            err("jap: interrupted; nothing was written")
            raise Exit(130) from None
        except Exit:
            raise
        except RecursionError:
            err("jap: error: input nested too deep to process")
            raise Exit(1) from None
        except BrokenPipeError:
            err("jap: error: standard output was closed before everything was written")
            raise Exit(1) from None
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename else ""
            err(f"jap: error: {where}{exc.strerror or exc}")
            raise Exit(1) from None

    return wrapper  # type: ignore[return-value]


def confirm(text: str) -> None:
    """Print the confirmation of a write that is done: whatever happens to standard output now
    (closed, a broken pipe, an encoding that cannot hold the text) is not a failure of the
    command, which exits 0. Output that cannot be delivered is dropped, flush at exit included."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except (AttributeError, OSError, ValueError):  # no stdout, a closed pipe, unencodable text
        _drop_stdout()


def _drop_stdout() -> None:
    """Standard output goes nowhere from now on (so the interpreter's flush at exit cannot
    fail either)."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        with contextlib.suppress(OSError):
            os.dup2(devnull, 1)
        os.close(devnull)
    with contextlib.suppress(Exception):
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (kept to exit)


@contextlib.contextmanager
def written_once(written: Callable[[], str | None]) -> Iterator[None]:
    """Around a command's write and its confirmation: an interrupt (Ctrl-C, SIGTERM) or an
    error says what is true. ``written()`` gives the id of the record once the journal holds
    it (None before): after that, an interrupt says the record was written (exit 130), and an
    error after the write is a warning (the command did what it was asked: exit 0)."""
    try:
        yield
    except KeyboardInterrupt:
        done = _safely(written)
        if done is None:
            raise
        err(f"jap: interrupted; {done} was written (the confirmation may be missing)")
        raise Exit(130) from None
    except (UsageError, CheckFailed, Exit):  # the checks, all made before the write
        raise
    except Exception as exc:
        done = _safely(written)
        if done is None:
            raise
        err(f"jap: warning: {done} was written, then: {type(exc).__name__}: {exc}")


def _safely(written: Callable[[], str | None]) -> str | None:
    try:
        return written()
    except Exception:
        return None


def folder_of(option: str | Path | None) -> Path:
    """The workspace folder: ``--plans``, else ``JAP_PLANS``, else ``./plans``; it must be a
    folder (an empty ``--plans ""`` is not the current one: a usage error)."""
    from jap_tracker.layout import resolve_folder

    if option is not None and not str(option).strip():
        raise UsageError("an empty folder name", "--plans", "give the workspace with --plans DIR")
    folder = resolve_folder(str(option) if option else None)
    if not folder.is_dir():
        origin = (
            "--plans"
            if option
            else ("JAP_PLANS" if os.environ.get("JAP_PLANS") else "the default ./plans")
        )
        raise UsageError(f"{folder} is not a folder", origin, "give the workspace with --plans DIR")
    return folder


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


def load_valid(folder: Path, strict: bool = False, warn: bool = True) -> Workspace:
    """Load the workspace; invalid files end the command (exit 1) before it shows anything.
    ``warn=False``: its warnings are not printed (a command that loads it a second time has
    printed them already)."""
    from jap_tracker.cache.store import open_store
    from jap_tracker.diagnostics import split_problems
    from jap_tracker.workspace import load_workspace

    workspace = load_workspace(folder, open_store(folder))  # JAP_NO_CACHE=1: a store of nothing
    if strict:
        if any(d.severity == "error" for d in workspace.diagnostics):
            raise CheckFailed(workspace.diagnostics)
        return workspace
    fatal, warnings = split_problems(workspace.diagnostics)
    if fatal:
        raise CheckFailed(fatal + warnings)
    if warn:
        _print_diagnostics(warnings)
    return workspace


# ---- update --------------------------------------------------------------------------------


def unknown_item_error(item_id: str, known: Iterable[str]) -> UsageError:
    from jap_tracker.records import unknown_item

    return UsageError(unknown_item(item_id, known), "ITEM")


# ---- report --------------------------------------------------------------------------------


def scoped(
    lang: str | None,
    country: list[str] | None,
    plans: str | None,
    pillar: list[str] | None,
    plan: list[str] | None,
) -> tuple[str, Workspace, Scope]:
    """The reader's language, the workspace loaded, and the view that --pillar, --plan and
    --country ask for (``timeline.Scope``), each option checked before anything is read."""
    from jap_tracker.cli.options import language, parse_country, parse_pillars
    from jap_tracker.timeline import Scope

    reader_lang, code, folder = language(lang), parse_country(country), folder_of(plans)
    pillars = parse_pillars(pillar)
    workspace = load_valid(folder)
    chosen = tuple(dict.fromkeys(plan or []))
    check_plans(workspace, chosen)
    return reader_lang, workspace, Scope(pillars, chosen, code)


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
            usage_error(f"argument {number} is not valid UTF-8 text", "write it in UTF-8")
            sys.exit(2)
    if sys.argv[1:] == ["--version"]:  # without Typer
        sys.stdout.write(version_text())
        sys.exit(0)
    if os.environ.get("_JAP_COMPLETE"):  # a shell asks what to complete (cli/complete.py)
        from jap_tracker.cli.complete import quick_bash

        answer = quick_bash(app, os.environ)
        if answer is not None:
            sys.stdout.write(answer)
            sys.exit(0)
    try:
        from jap_tracker.cli.quickargs import run_plain

        code = run_plain(app, sys.argv[1:])  # a plain line needs no Typer (cli/decl.py)
        if code is not None:
            sys.exit(code)
        from jap_tracker.cli.usage import run_typer

        sys.exit(run_typer(app, sys.argv[1:]))
    except KeyboardInterrupt:  # before a command began, or after it ended: nothing written
        err("jap: interrupted; nothing was written")
        sys.exit(130)
    except Exception as exc:  # a bug of ours: say so plainly, without a traceback
        if os.environ.get("JAP_DEBUG"):
            raise
        err(f"jap: internal error: {type(exc).__name__}: {exc} (set JAP_DEBUG=1 for details)")
        sys.exit(1)
