"""``jap init [DIR]``: a new workspace (spec section 16) — one example plan that passes
``jap check``, the journal's folder with its git attributes (journal.write.ensure_journal), and
the editor set-up: a copy of the plan schema (``plan.schema.json``) that ``.taplo.toml`` and the
plan's ``#:schema`` line point at (docs/editors.md). A copy, not the packaged file's path:
that path is inside one machine's Python installation, while the copy is committed with the
plans and works for everyone who clones them, offline (``jap schema`` refreshes it).

Everything is made in a hidden folder beside its place and then moved in, so a failure leaves
nothing half-made; a folder that already holds a ``*.toml`` file is never touched (exit 2).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Annotated

from jap_tracker.cli.app import app, handled
from jap_tracker.cli.decl import Argument
from jap_tracker.cli.options import PlansOpt
from jap_tracker.diagnostics import CheckFailed, UsageError

PLAN_NAME = "example.toml"
SCHEMA_NAME = "plan.schema.json"

EXAMPLE = """\
#:schema ./plan.schema.json
# An example plan, made by `jap init`. Edit it or replace it: every *.toml file in this folder
# is a plan (the format: docs in the jap-tracker README, "The plan format"; `jap check`
# says what is wrong, with the line). The first line gives editors the plan schema.

[plan]
id = "EXAMPLE"
start = 2026-01-01
end = 2027-12-31
parties = ["UNOCT", "Central Asian states"]
countries = ["KZ", "KG", "TJ", "TM", "UZ"]
lang = "en"                             # the language of texts written without one

[plan.title]                            # a text in several languages (or just one string)
en = "Example plan of action"
fr = "Plan d'action d'exemple"
ru = "Пример плана действий"

[[item]]
id = "EXAMPLE-01"
pillar = "II"                           # I, II, III or IV (or 1 to 4)
due = 2027-06-30
lead = ["UNOCT"]
countries = ["KZ", "UZ"]                # optional: by default, the plan's countries

[item.title]
en = "Train border officers to detect foreign terrorist fighters"
fr = "Former les agents des frontières à détecter les combattants terroristes étrangers"
ru = "Обучить пограничников выявлению иностранных боевиков-террористов"

[[item.indicator]]
id = "officers-trained"
title = { en = "Officers trained", fr = "Agents formés", ru = "Обученные сотрудники" }
unit = "people"
baseline = 0
target = 120
"""

TAPLO = """\
# Editors that run Taplo (VS Code's Even Better TOML, Neovim, Helix) check and complete the
# plan files of this folder against the plan schema (docs/editors.md in jap-tracker).
[[rule]]
include = ["*.toml"]
exclude = ["journal/**", ".taplo.toml"]

[rule.schema]
path = "./plan.schema.json"
"""


def _folder(given: str | None, plans: str | None) -> Path:
    from jap_tracker.layout import resolve_folder

    if plans is not None and not plans.strip():
        raise UsageError("an empty folder name", "--plans", "give the workspace with --plans DIR")
    if given is not None and plans is not None and Path(given) != Path(plans):
        raise UsageError("give the folder once: DIR or --plans, not both", "DIR")
    return resolve_folder(given if given is not None else plans)


def _refuse_a_workspace(folder: Path) -> None:
    from jap_tracker.layout import journal_folder, toml_entries

    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} exists and is not a folder", "DIR")
    if not folder.parent.is_dir():
        raise UsageError(f"folder {folder.parent} does not exist: create it first", "DIR")
    if not folder.exists():
        return
    found = [e.name for e in toml_entries(folder)]
    if found:
        raise UsageError(
            f"{folder} already holds {', '.join(sorted(found))}: nothing was written "
            "(jap init makes a new workspace; jap check reads this one)",
            "DIR",
        )
    for name in (journal_folder(folder).name, SCHEMA_NAME):
        if (folder / name).exists():
            raise UsageError(f"{folder / name} already exists: nothing was written", "DIR")


def _make(inside: Path) -> list[str]:
    """The workspace's files in ``inside`` (a new, empty folder); their names."""
    from jap_tracker.journal.write import ensure_journal
    from jap_tracker.layout import journal_folder
    from jap_tracker.plan_schema import schema_text

    for name, text in ((PLAN_NAME, EXAMPLE), (".taplo.toml", TAPLO), (SCHEMA_NAME, schema_text())):
        with open(inside / name, "x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
    ensure_journal(inside)
    return [PLAN_NAME, ".taplo.toml", SCHEMA_NAME, journal_folder(inside).name]


def _create(folder: Path) -> None:
    """Make the workspace beside ``folder`` and move it in: the whole folder where it is new,
    else each entry (moved back out if one fails)."""
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.init-", dir=folder.parent))
    moved: list[Path] = []
    try:
        names = _make(staging)
        if not folder.exists():
            os.rename(staging, folder)  # an empty folder made meanwhile is replaced: no loss
            return
        for name in names:
            target = folder / name
            if os.path.lexists(target):
                raise UsageError(f"{target} appeared meanwhile: nothing was written", "DIR")
            os.rename(staging / name, target)
            moved.append(target)
    except BaseException:
        for target in reversed(moved):  # put back what was moved, then drop it all
            os.rename(target, staging / target.name)
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


@app.command()
@handled
def init(
    directory: Annotated[
        str | None,
        Argument(
            metavar="DIR",
            help="The new workspace's folder [default: --plans, $JAP_PLANS, else ./plans].",
            show_default=False,
        ),
    ] = None,
    plans: PlansOpt = None,
) -> None:
    """Start a workspace: an example plan, the journal's folder and editor set-up."""
    folder = _folder(directory, plans)
    _refuse_a_workspace(folder)
    try:
        _create(folder)
    except OSError as exc:
        raise CheckFailed([], f"jap: error: cannot create {folder}: {exc.strerror}") from None
    from jap_tracker.layout import resolve_folder

    where = "" if Path(folder) == resolve_folder(None) else f" --plans {folder}"
    sys.stdout.write(
        f"Created the workspace {folder}: an example plan ({PLAN_NAME}), the journal's folder\n"
        f"and the editor set-up (.taplo.toml, {SCHEMA_NAME}; docs/editors.md).\n"
        "\n"
        "Next steps:\n"
        f"  edit {folder / PLAN_NAME}, or add your plans beside it (any *.toml file)\n"
        f"  jap check{where}\n"
        f"  jap update EXAMPLE-01 --progress 10{where}\n"
        f"  jap status{where}\n"
        "  jap --install-completion   (TAB then completes commands and item ids)\n"
        "Keep the folder in git: updates recorded on two branches merge without conflict.\n"
    )
