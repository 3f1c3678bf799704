"""Plain command lines, run without Typer's parser: a start-up shortcut.

Typer (0.2x) turns each option's text into a value through a pydantic ``TypeAdapter`` that it
builds on every run; importing pydantic and building those adapters costs more than a status
read from the cache. A command line that is plain — a known command, then only its own
options, each once, as ``--name VALUE``, ``--name=VALUE``, ``-n VALUE`` or a flag, with values
that convert without question, and its positional arguments — is parsed here, from the same
declarations (the ``Annotated`` options of the command's function, cli/decl.py), and the same
function is called, without importing Typer at all. Anything else (help, an unknown or
repeated option, a value that Typer would reject or might read differently, ``--``) goes to
Typer, which parses it and reports errors as always.
``JAP_TYPER=1`` sends every command line to Typer.
"""

from __future__ import annotations

import enum
import os
import re
import types
import typing
from pathlib import Path
from typing import Any

from jap_tracker.named import NamedTuple

_INT = re.compile(r"[0-9]{1,9}")
_FLOAT = re.compile(r"-?[0-9]{1,15}(\.[0-9]{1,15})?")

# What a declaration may set for a command line to be parsed here; anything else is Typer's.
# (A setting that only Typer's help, completion or error messages read is harmless: a value
# that case_sensitive=False would let through is not an enum's value here, so Typer reads it.)
_OPTION_SETTINGS = {
    "metavar",
    "help",
    "show_default",
    "min",
    "max",
    "case_sensitive",
    "autocompletion",
    "shell_complete",
}
_ARGUMENT_SETTINGS = {"metavar", "help", "show_default", "autocompletion", "shell_complete"}


class _NotPlain(Exception):
    """Let Typer parse this command line."""


class _Param(NamedTuple):
    name: str
    kind: str  # "str", "path", "int", "float", "enum", "flag", "list"
    enum: Any
    low: float | None
    high: float | None
    decls: tuple[str, ...] = ()
    metavar: str | None = None


def _kind(base: Any) -> tuple[str, Any]:
    """The kind of value of an annotation such as ``Path | None`` or ``list[str] | None``."""
    args = [a for a in typing.get_args(base) if a is not type(None)]
    if isinstance(base, types.UnionType) or typing.get_origin(base) is typing.Union:
        if len(args) != 1:
            raise _NotPlain
        base = args[0]
    if typing.get_origin(base) is list and typing.get_args(base) == (str,):
        return "list", None
    if base is bool:
        return "flag", None
    if base is str:
        return "str", None
    if base is Path:
        return "path", None
    if base is int:
        return "int", None
    if base is float:
        return "float", None
    if isinstance(base, type) and issubclass(base, enum.Enum):
        return "enum", base
    raise _NotPlain


def _declarations(callback: Any) -> tuple[dict[str, _Param], list[_Param]]:
    """Options by every name they answer to, and the positional arguments in order."""
    from jap_tracker.cli.decl import Argument, Option, hints, parameters

    annotations = hints(callback)
    options: dict[str, _Param] = {}
    positional: list[_Param] = []
    for name, has_default in parameters(callback):
        hint = annotations.get(name)
        if typing.get_origin(hint) is not typing.Annotated:
            raise _NotPlain
        base, *extras = typing.get_args(hint)
        infos = [e for e in extras if isinstance(e, Option | Argument)]
        if len(infos) != 1:
            raise _NotPlain
        info = infos[0]
        allowed = _OPTION_SETTINGS if isinstance(info, Option) else _ARGUMENT_SETTINGS
        if not info.settings.keys() <= allowed:
            raise _NotPlain
        kind, enum_type = _kind(base)
        decls = list(info.param_decls) if isinstance(info, Option) else []
        if isinstance(info, Option) and not decls:
            decls = ["--" + name.replace("_", "-")]
        settings = info.settings
        low, high, metavar = settings.get("min"), settings.get("max"), settings.get("metavar")
        param = _Param(name, kind, enum_type, low, high, tuple(decls), metavar)
        if isinstance(info, Argument):
            if kind != "str" or has_default:
                raise _NotPlain
            positional.append(param)
            continue
        for decl in decls:
            if not isinstance(decl, str) or "/" in decl or not decl.startswith("-"):
                raise _NotPlain
            if decl in options:
                raise _NotPlain
            options[decl] = param
    return options, positional


def _value(param: _Param, text: str) -> Any:
    if text == "" or text.startswith("-") or text != text.strip():
        raise _NotPlain  # Typer may read these otherwise (or say why not)
    if param.kind in ("str", "list"):
        return text
    if param.kind == "path":
        if os.path.exists(text) and not os.access(text, os.R_OK):
            raise _NotPlain  # Typer refuses an unreadable path
        return Path(text)
    if param.kind == "enum":
        try:
            return param.enum(text)
        except ValueError:
            raise _NotPlain from None
    if param.kind == "int":
        if not _INT.fullmatch(text):
            raise _NotPlain
        number: float = int(text)
    else:
        if not _FLOAT.fullmatch(text):
            raise _NotPlain
        number = float(text)
    if (param.low is not None and number < param.low) or (
        param.high is not None and number > param.high
    ):
        raise _NotPlain
    return number


def parse(callback: Any, args: list[str]) -> dict[str, Any]:
    """Keyword arguments for ``callback`` from a plain command line; _NotPlain otherwise."""
    options, positional = _declarations(callback)
    kwargs: dict[str, Any] = {}
    given: list[str] = []
    args = list(args)
    while args:
        token = args.pop(0)
        if token in ("-h", "--help", "--", "-"):
            raise _NotPlain
        if not token.startswith("-"):
            if len(given) >= len(positional):
                raise _NotPlain
            param = positional[len(given)]
            kwargs[param.name] = _value(param, token)
            given.append(token)
            continue
        if token.startswith("--"):
            name, equals, attached = token.partition("=")
        elif len(token) > 2:
            name, equals, attached = token[:2], "=", token[2:]  # -fjson (and -f=json: "=json")
        else:
            name, equals, attached = token, "", ""
        param_or_none = options.get(name)
        if param_or_none is None:
            raise _NotPlain
        param = param_or_none
        if param.kind == "flag":
            if equals or param.name in kwargs:
                raise _NotPlain
            kwargs[param.name] = True
            continue
        if equals:
            text = attached
        elif args:
            text = args.pop(0)
        else:
            raise _NotPlain
        value = _value(param, text)
        if param.kind == "list":
            kwargs.setdefault(param.name, []).append(value)
        elif param.name in kwargs:
            raise _NotPlain
        else:
            kwargs[param.name] = value
    if len(given) != len(positional):
        raise _NotPlain
    from jap_tracker.cli.decl import parameters

    for name, has_default in parameters(callback):
        if not has_default and name not in kwargs:
            raise _NotPlain  # a required option is missing: Typer says so
    return kwargs


def completion_target(
    callback: Any, args: list[str], incomplete: str
) -> tuple[tuple[tuple[str, ...], str | None] | str | None, dict[str, Any]]:
    """What a shell completes after a plain start of a command line, ``args``: the value of
    an option (its names and metavar) or of a positional argument (its metavar), and the
    values given so far, by parameter name; _NotPlain for anything else (an option's name,
    an odd line: Typer completes those)."""
    options, positional = _declarations(callback)
    params: dict[str, Any] = {}
    given = 0
    args = list(args)
    while args:
        token = args.pop(0)
        if token in ("-h", "--help", "--", "-") or token == "":
            raise _NotPlain
        if not token.startswith("-"):
            if given >= len(positional):
                raise _NotPlain
            params[positional[given].name] = token
            given += 1
            continue
        name, equals, attached = (
            token.partition("=")
            if token.startswith("--")
            else ((token[:2], "=", token[2:]) if len(token) > 2 else (token, "", ""))
        )
        param = options.get(name)
        if param is None or (equals and param.kind == "flag"):
            raise _NotPlain
        if param.kind == "flag":
            continue
        if not equals:
            if not args:
                return (param.decls, param.metavar), params  # its value is being typed
            attached = args.pop(0)
        params[param.name] = attached
    if incomplete.startswith("-") or given >= len(positional):
        raise _NotPlain
    return positional[given].metavar, params


def run_plain(app: Any, argv: list[str]) -> int | None:
    """Run a plain command line and return its exit code; None: Typer must parse it."""
    if os.environ.get("JAP_TYPER", "").strip() not in ("", "0") or not argv or argv[0][:1] == "-":
        return None
    callback = app.find(argv[0])
    if callback is None:
        return None
    try:
        kwargs = parse(callback, argv[1:])
    except _NotPlain:
        return None
    from jap_tracker.cli.decl import Exit

    try:
        callback(**kwargs)
    except Exit as exc:
        return exc.exit_code
    return 0
