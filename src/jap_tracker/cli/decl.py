"""The commands, declared without importing Typer; Typer is built from them when it is needed.

Importing Typer costs about 30 ms, more than a whole ``jap status`` answered from the cache.
So the command modules declare their commands on an :class:`App` with :class:`Option` and
:class:`Argument` (the same arguments as ``typer.Option`` and ``typer.Argument``, in
``Annotated``), and raise :class:`Exit`. A plain command line is parsed from these declarations
by ``cli.quickargs`` and the function is called directly; anything else (help, errors, odd
spellings) goes to the real Typer application, which :meth:`App.typer` makes from the same
declarations on first use: Typer parses, checks and documents every command line as before.
What an option or argument completes in a shell is chosen by cli/complete.py, from its name
or metavar, when Typer is built.
"""

from __future__ import annotations

import functools
import typing
from collections.abc import Callable
from typing import Any, TypeVar

from jap_tracker.named import NamedTuple

F = TypeVar("F", bound=Callable[..., Any])


class Option:
    """``typer.Option(*param_decls, **settings)``, kept as written."""

    def __init__(self, *param_decls: str, **settings: Any) -> None:
        self.param_decls = param_decls
        self.settings = settings

    def to_typer(self) -> Any:
        import typer

        from jap_tracker.cli.complete import for_option, for_typer

        settings = dict(self.settings)
        completer = for_typer(for_option(self.param_decls, settings.get("metavar")))
        if completer is not None and not settings.keys() & {"autocompletion", "shell_complete"}:
            settings["autocompletion"] = completer
        return typer.Option(*self.param_decls, **settings)


class Argument:
    """``typer.Argument(**settings)``, kept as written."""

    def __init__(self, **settings: Any) -> None:
        self.settings = settings

    def to_typer(self) -> Any:
        import typer

        from jap_tracker.cli.complete import for_argument, for_typer

        settings = dict(self.settings)
        completer = for_typer(for_argument(settings.get("metavar")))
        if completer is not None and not settings.keys() & {"autocompletion", "shell_complete"}:
            settings["autocompletion"] = completer
        return typer.Argument(**settings)


class Exit(Exception):
    """End the command with this exit code (``typer.Exit`` once Typer runs the command)."""

    def __init__(self, code: int = 0) -> None:
        super().__init__(code)
        self.exit_code = code


class Command(NamedTuple):
    name: str
    callback: Callable[..., Any]


class App:
    """The commands, each declared in the module that ``modules`` names for it (imported when
        the command is first asked for), and the settings of the Typer app. ``modules`` also gives
        the order of the commands in ``jap --help``. ``main`` declares the options that come before
    any command (``jap --version``), as a command does."""

    def __init__(
        self,
        modules: dict[str, str],
        main: Callable[..., Any] | None = None,
        **settings: Any,
    ) -> None:
        self.modules = modules
        self.main = main  # the options before any command (``jap --version``), if any
        self.settings = settings
        self._commands: dict[str, Command] = {}
        self._typer: Any = None

    def command(self, given: str | None = None) -> Callable[[F], F]:
        """Register a command, named ``given`` or after the function (``_`` as ``-``)."""

        def register(func: F) -> F:
            name = given or func.__name__.replace("_", "-")
            if name not in self.modules:
                raise LookupError(f"command {name!r} is not in the App's modules")
            self._commands[name] = Command(name, func)
            return func

        return register

    def find(self, name: str) -> Callable[..., Any] | None:
        """The function of command ``name`` (importing only its module), or None."""
        module = self.modules.get(name)
        if module is None:
            return None
        if name not in self._commands:
            import importlib

            importlib.import_module(module)
        return self._commands[name].callback

    @property
    def registered_commands(self) -> list[Command]:
        """Every command, in the order of ``modules`` (all their modules imported)."""
        return [Command(name, found) for name in self.modules if (found := self.find(name))]

    def typer(self) -> Any:
        """The Typer application of these commands (made once)."""
        if self._typer is None:
            import typer

            app = typer.Typer(**self.settings)
            if self.main is not None:
                app.callback()(_for_typer(self.main))
            for command in self.registered_commands:
                app.command(command.name)(_for_typer(command.callback))
            self._typer = app
        return self._typer


def hints(func: Callable[..., Any]) -> dict[str, Any]:
    """The parameters' annotations of ``func``, evaluated, with their ``Annotated`` extras."""
    return typing.get_type_hints(func, include_extras=True)


def parameters(func: Callable[..., Any]) -> list[tuple[str, bool]]:
    """(name, whether it has a default) of each parameter of the function that ``func`` wraps
    (``functools.wraps``), in order: ``inspect.signature`` without importing ``inspect``."""
    while hasattr(func, "__wrapped__"):
        func = func.__wrapped__
    code = func.__code__  # a command takes no *args or **kwargs
    count = code.co_argcount + code.co_kwonlyargcount
    defaults = len(func.__defaults__ or ())
    keyword_defaults = func.__kwdefaults__ or {}
    first_default = code.co_argcount - defaults
    return [
        (name, k >= first_default if k < code.co_argcount else name in keyword_defaults)
        for k, name in enumerate(code.co_varnames[:count])
    ]


def _for_typer(func: Callable[..., Any]) -> Callable[..., Any]:
    """``func`` as Typer reads a command: typer.Option/Argument in its annotations, and
    typer.Exit for :class:`Exit`."""
    import inspect

    import typer

    annotations = {}
    for name, hint in hints(func).items():
        if typing.get_origin(hint) is typing.Annotated:
            base, *extras = typing.get_args(hint)
            made = [e.to_typer() if isinstance(e, Option | Argument) else e for e in extras]
            hint = typing.Annotated[(base, *made)]
        annotations[name] = hint
    signature = inspect.signature(func)
    parameters = [p.replace(annotation=annotations[p.name]) for p in signature.parameters.values()]

    @functools.wraps(func)
    def command(**kwargs: Any) -> Any:
        try:
            return func(**kwargs)
        except Exit as exc:
            raise typer.Exit(exc.exit_code) from None

    command.__annotations__ = annotations
    command.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=parameters, return_annotation=annotations.get("return")
    )
    return command
