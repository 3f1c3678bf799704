"""Typer run in full, and its usage errors in jap's words: an unknown option (and the commands
that do have it), a missing argument, a bad choice or number, an unknown command, each said as
jap says its own (``app.usage_error``: ``jap: error: ...`` and a hint line, exit 2), not in
Click's box. Imported only when a command line is not plain (cli/quickargs.py); the options are
read from jap's own declarations (cli/decl.py).
"""

from __future__ import annotations

import importlib
import re
from typing import Any

from jap_tracker.cli.app import err, help_hint, usage_error
from jap_tracker.cli.decl import App, Argument, Option, hints
from jap_tracker.diagnostics import closest

_EXTRA = re.compile(r"got unexpected extra argument(?:s|\(s\))? \((.*)\)")  # Click's words


def run_typer(app: App, argv: list[str]) -> int:
    """Run ``argv`` through the Typer application of ``app``; its exit code."""
    import typer

    # Click's exceptions, wherever this Typer keeps them (its own copy of Click, or Click)
    click = importlib.import_module(typer.BadParameter.__module__)
    try:
        result = app.typer()(args=argv, standalone_mode=False)
    except click.NoArgsIsHelpError as exc:  # ``jap`` alone: the help, as before
        exc.show()
        return 2
    except click.UsageError as exc:
        command = argv[0] if argv and argv[0] in app.modules else None
        message, hint = explain(exc, app, command)
        usage_error(message, hint, command)
        return 2
    except click.ClickException as exc:
        err(f"jap: error: {_sentence(exc.format_message())}")
        return 1
    except typer.Abort:
        err("jap: interrupted; nothing was written")
        return 130
    return result if isinstance(result, int) else 0


def explain(exc: Any, app: App, command: str | None) -> tuple[str, str | None]:
    """The message and the hint (None: the command's help) of a usage error of Click's."""
    kind = type(exc).__name__
    if kind == "NoSuchOption":
        return _no_such_option(exc.option_name, app, command)
    if kind == "BadOptionUsage" and "requires an argument" in exc.message:
        name, decl = exc.option_name, _options(app, command).get(exc.option_name)
        return f"{name} needs a value", f"write {_with_metavar(name, decl)}{_about(decl)}"
    if kind == "MissingParameter" and exc.param is not None:
        name, decl = _parameter(exc.param, app, command)
        what = "option" if name.startswith("-") else "argument"
        return f"missing {what} {_with_metavar(name, decl)}{_about(decl)}", None
    if kind == "BadParameter" and exc.param is not None:
        name, _ = _parameter(exc.param, app, command)
        return f"{name}: {_bad_value(exc)}", None
    text = _sentence(exc.format_message())
    extra = _EXTRA.fullmatch(text)
    if extra:
        words = extra.group(1).split()
        return f"unexpected argument{'s' if len(words) > 1 else ''}: {' '.join(words)}", None
    message, mean, rest = text.partition(". Did you mean ")
    if mean:
        return message, f"did you mean {rest.rstrip('?')}? {help_hint(command)}"
    return text, None


def _no_such_option(name: str, app: App, command: str | None) -> tuple[str, str | None]:
    """``jap status --plan X``: status has no --plan, report (and others) have it; status takes
    --plans DIR, the workspace folder (the nearest of its own options, if one is near)."""
    program = f"jap {command}" if command else "jap"
    message = f"{program} has no option {name}"
    elsewhere = [
        f"jap {other}" for other in app.modules if other != command and name in _options(app, other)
    ]
    if elsewhere:
        message += f"; {name} is an option of {_and(elsewhere)}"
    if elsewhere and command is None:
        return message, f"give it after the command: {elsewhere[0]} {name} ..."
    own = _options(app, command)
    near = closest(name, [n for n in own if n.startswith("-")], n=1)
    if near:
        takes = _with_metavar(near[0], own[near[0]]) + _about(own[near[0]])
        return message, f"{program} takes {takes}; {help_hint(command)}"
    return message, None


def _options(app: App, command: str | None) -> dict[str, Option | Argument]:
    """Every name that a command's options answer to (and its arguments, by metavar); those
    before any command for None."""
    callback = app.find(command) if command else app.main
    out: dict[str, Option | Argument] = {}
    if callback is None:
        return out
    for name, hint in hints(callback).items():
        for extra in getattr(hint, "__metadata__", ()):
            if isinstance(extra, Option):
                for decl in extra.param_decls or ("--" + name.replace("_", "-"),):
                    out[decl] = extra
            elif isinstance(extra, Argument):
                out[extra.settings.get("metavar") or name.upper()] = extra
    return out


def _parameter(param: Any, app: App, command: str | None) -> tuple[str, Option | Argument | None]:
    """How the command line names a parameter of Click's (``--format``, ``ITEM``), and its
    declaration."""
    opts = [o for o in getattr(param, "opts", None) or () if o.startswith("--")]
    if getattr(param, "param_type_name", "") == "argument" or not opts:
        name = getattr(param, "metavar", None) or str(getattr(param, "name", "") or "").upper()
    else:
        name = opts[0]
    return name, (_options(app, command).get(name) if command else None)


def _with_metavar(name: str, decl: Option | Argument | None) -> str:
    metavar = decl.settings.get("metavar") if isinstance(decl, Option) else None
    return f"{name} {metavar}" if metavar else name


def _about(decl: Option | Argument | None) -> str:
    """`` (the workspace folder)``: the first words of a declaration's help, else nothing."""
    text = str(decl.settings.get("help") or "") if decl is not None else ""
    text = text.partition(" [default")[0].strip().rstrip(".")
    if not text:
        return ""
    if not text[1:2].isupper():  # "The workspace folder", not "ISO 3166-1 ..."
        text = text[0].lower() + text[1:]
    return f" ({text})"


def _bad_value(exc: Any) -> str:
    """What is wrong with a value, from the check that refused it (pydantic's, in Typer)."""
    cause = exc.__cause__
    errors = getattr(cause, "errors", None)
    if callable(errors):
        first = errors()[0]
        kind, given, limits = first.get("type"), first.get("input"), first.get("ctx") or {}
        if kind in ("int_parsing", "int_from_float", "int_type"):
            return f"{given!r} is not a whole number"
        if kind in ("float_parsing", "float_type"):
            return f"{given!r} is not a number"
        if kind == "greater_than_equal":
            return f"{given} is too small: give {limits.get('ge')} or more"
        if kind == "less_than_equal":
            return f"{given} is too large: give {limits.get('le')} or less"
        return _sentence(str(first.get("msg", exc.message)).removeprefix("Value error, "))
    return _sentence(str(exc.message))


def _sentence(text: str) -> str:
    """Click's "No such command 'x'." as jap writes a message: no capital, no full stop."""
    text = text.strip().rstrip(".")
    if text[:1].isupper() and not text[1:2].isupper():
        text = text[0].lower() + text[1:]
    return text


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
