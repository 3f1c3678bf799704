"""Plain command lines, run without Typer's parser: a start-up shortcut.

Typer (0.2x) turns each option's text into a value through a pydantic ``TypeAdapter`` that it
builds on every run; importing pydantic and building those adapters costs more than a status
read from the cache. A command line that is plain — a known command, then only its own
options, each once, as ``--name VALUE``, ``--name=VALUE``, ``-n VALUE`` or a flag, with values
that convert without question, and its positional arguments — is parsed here, from the same
declarations (the ``Annotated`` options of the command's function), and the same function is
called. Anything else (help, an unknown or repeated option, a value that Typer would reject or
might read differently, ``--``) goes to Typer, which parses it and reports errors as always.
``JAP_TYPER=1`` sends every command line to Typer.
"""

from __future__ import annotations

import enum
import inspect
import os
import re
import types
import typing
from pathlib import Path
from typing import Any

_INT = re.compile(r"[0-9]{1,9}")
_FLOAT = re.compile(r"-?[0-9]{1,15}(\.[0-9]{1,15})?")

# OptionInfo/ArgumentInfo attributes that must keep Typer's defaults for a shortcut to be safe.
_PLAIN = {
    "callback": None,
    "envvar": None,
    "is_eager": False,
    "parser": None,
    "click_type": None,
    "prompt": False,
    "count": False,
    "is_flag": None,
    "flag_value": None,
    "default_factory": None,
    "expose_value": True,
    "formats": None,
    "exists": False,
    "resolve_path": False,
    "clamp": False,
    "case_sensitive": True,
    "path_type": None,
    "allow_dash": False,
    "file_okay": True,
    "dir_okay": True,
    "writable": False,
    "readable": True,
}


class _NotPlain(Exception):
    """Let Typer parse this command line."""


class _Param(typing.NamedTuple):
    name: str
    kind: str  # "str", "path", "int", "float", "enum", "flag", "list"
    enum: Any
    low: float | None
    high: float | None


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
    from typer.models import ArgumentInfo, OptionInfo

    hints = typing.get_type_hints(callback, include_extras=True)
    options: dict[str, _Param] = {}
    positional: list[_Param] = []
    for name, parameter in inspect.signature(callback).parameters.items():
        hint = hints.get(name)
        if typing.get_origin(hint) is not typing.Annotated:
            raise _NotPlain
        base, *extras = typing.get_args(hint)
        infos = [e for e in extras if isinstance(e, OptionInfo | ArgumentInfo)]
        if len(infos) != 1:
            raise _NotPlain
        info = infos[0]
        for attribute, plain in _PLAIN.items():
            if getattr(info, attribute, plain) != plain:
                raise _NotPlain
        kind, enum_type = _kind(base)
        param = _Param(name, kind, enum_type, info.min, info.max)
        if isinstance(info, ArgumentInfo):
            if info.default is not ... or kind != "str" or parameter.default is not parameter.empty:
                raise _NotPlain
            positional.append(param)
            continue
        # In Annotated, Option's first positional (its "default") is its first name.
        first: list[Any] = [] if info.default is ... else [info.default]
        decls = first + list(info.param_decls or ()) or ["--" + name.replace("_", "-")]
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
    for name, parameter in inspect.signature(callback).parameters.items():
        if parameter.default is parameter.empty and name not in kwargs:
            raise _NotPlain  # a required option is missing: Typer says so
    return kwargs


def run_plain(app: Any, argv: list[str]) -> int | None:
    """Run a plain command line and return its exit code; None: Typer must parse it."""
    if os.environ.get("JAP_TYPER") or not argv or argv[0].startswith("-"):
        return None
    for command in app.registered_commands:
        callback = command.callback
        name = command.name or callback.__name__.lower().replace("_", "-")
        if name == argv[0]:
            break
    else:
        return None
    try:
        kwargs = parse(callback, argv[1:])
    except _NotPlain:
        return None
    import typer

    try:
        callback(**kwargs)
    except typer.Exit as exc:
        return exc.exit_code
    return 0
