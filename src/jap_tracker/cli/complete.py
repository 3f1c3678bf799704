"""What the shell offers after ``jap ... <TAB>`` (``jap --install-completion``): the values of
an option or argument, chosen by what it takes — the option's name and metavar, or an
argument's metavar — so that a value completes the same in every command that takes it: item
ids and plan ids read from the workspace (the cache's item table: no plan file parsed when it
is warm), statuses, pillars, languages and country codes. Commands, options and ``--format``
choices are completed by Typer's Click, which asks these functions for the rest.

Typer costs more to start than a whole ``jap status``; so a bash request for a command's name
or for the value of an option or argument on a plain line (``jap update RM<TAB>``) is answered
here, from the same declarations as the fast parser (cli/quickargs.py) and with the same
functions, and anything else goes to Typer. ``JAP_TYPER=1`` sends every request to Typer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jap_tracker.workspace import Workspace

Params = Mapping[str, Any]  # what the command line gave so far, by parameter: "plans"


def _workspace(params: Params) -> Workspace | None:
    from jap_tracker.cache.store import open_store
    from jap_tracker.layout import resolve_folder
    from jap_tracker.workspace import load_workspace

    given = params.get("plans")
    folder = resolve_folder(str(given) if given else None)
    if not Path(folder).is_dir():
        return None
    return load_workspace(folder, open_store(folder))


def _matching(values: Iterable[str], incomplete: str) -> list[str]:
    """Those that begin with ``incomplete``, in its case (as Typer keeps them: ids are)."""
    return [v for v in values if v.startswith(incomplete)]


def items(params: Params, incomplete: str) -> list[str]:
    """The ids of the workspace's items."""
    workspace = _workspace(params)
    return _matching(workspace.item_shapes() if workspace else (), incomplete)


def plans(params: Params, incomplete: str) -> list[str]:
    """The ids of the workspace's plans."""
    workspace = _workspace(params)
    return _matching([p.id for p in workspace.plans] if workspace else (), incomplete)


def countries(params: Params, incomplete: str) -> list[str]:
    """The countries of the workspace's items, else every ISO 3166-1 code."""
    workspace = _workspace(params)
    shapes = workspace.item_shapes().values() if workspace else ()
    found = sorted({c for s in shapes for c in s.countries or ()})
    if not found:
        from jap_tracker.codes import country_codes

        found = country_codes()
    return _matching(found, incomplete)


def statuses(params: Params, incomplete: str) -> list[str]:
    from jap_tracker.model import STATUSES

    return _matching(STATUSES, incomplete)


def pillars(params: Params, incomplete: str) -> list[str]:
    from jap_tracker.model import PILLARS

    return _matching(PILLARS, incomplete)


def languages(params: Params, incomplete: str) -> list[str]:
    from jap_tracker.i18n import LANGUAGES

    return _matching(LANGUAGES, incomplete)


Values = Callable[[Params, str], list[str]]

# by an option's name and metavar (`jap import --plan ID` names a new plan: nothing to offer)
OPTIONS: dict[tuple[str, str | None], Values] = {
    ("--status", "STATUS"): statuses,
    ("--pillar", "PILLAR"): pillars,
    ("--lang", "LANG"): languages,
    ("--country", "CC"): countries,
    ("--plan", "PLAN"): plans,
}
# by an argument's metavar
ARGUMENTS: dict[str, Values] = {"ITEM": items}


def values(values: Values, params: Params, incomplete: str) -> list[str]:
    """What ``values`` offers; nothing, never an error, where it cannot tell."""
    try:
        return values(params, incomplete)
    except Exception:  # a broken workspace, an unreadable cache: the shell shows nothing
        return []


def for_typer(found: Values | None) -> Callable[..., list[str]] | None:
    """``found`` as a Typer ``autocompletion`` function (``ctx`` and ``incomplete``)."""
    if found is None:
        return None

    def complete(ctx: Any, incomplete: str) -> list[str]:
        return values(found, ctx.params, incomplete)

    return complete


def for_option(param_decls: tuple[str, ...], metavar: str | None) -> Values | None:
    return next((OPTIONS[d, metavar] for d in param_decls if (d, metavar) in OPTIONS), None)


def for_argument(metavar: str | None) -> Values | None:
    return ARGUMENTS.get(metavar or "")


def quick_bash(app: Any, environ: Mapping[str, str]) -> str | None:
    """The answer to bash's request (``_JAP_COMPLETE=complete_bash``, ``COMP_WORDS``,
    ``COMP_CWORD``) for the value of an option or argument on a plain line, as Typer would
    print it; None: Typer must answer."""
    from jap_tracker.cli.quickargs import _NotPlain, completion_target

    if environ.get("_JAP_COMPLETE") != "complete_bash":
        return None
    if environ.get("JAP_TYPER", "").strip() not in ("", "0"):
        return None
    try:
        import shlex

        words = shlex.split(environ["COMP_WORDS"])
        cword = int(environ["COMP_CWORD"])
    except (KeyError, ValueError):
        return None
    if not 1 <= cword <= len(words):
        return None
    args, incomplete = words[1:cword], words[cword] if cword < len(words) else ""
    if cword == 1:  # a command's name (an option's: Typer's)
        if incomplete[:1] == "-" or (incomplete and not incomplete[0].isalnum()):
            return None
        return "\n".join(name for name in app.modules if name.startswith(incomplete)) + "\n"
    callback = app.find(args[0])
    if callback is None:
        return None
    try:
        target, params = completion_target(callback, args[1:], incomplete)
    except _NotPlain:
        return None
    found = for_option(*target) if isinstance(target, tuple) else for_argument(target)
    if found is None:
        return None
    return "\n".join(values(found, params, incomplete)) + "\n"
