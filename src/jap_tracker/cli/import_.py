"""``jap import SHEET``: a spreadsheet of action items becomes a plan file (spec section 17).

Command-line problems first (exit 2, nothing read): ``--plan`` and ``--title`` as a plan file
would have them, the kind of SHEET, an ``--output`` that exists already. Then every problem of
the sheet at once, as ``SHEET:ROW: message`` (exit 1, nothing written); a sheet that cannot be
read as what its extension says is one of them. The plan is printed, or written to a new file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from jap_tracker.cli.app import (
    app,
    err,
    folder_of,
    handled,
)
from jap_tracker.cli.decl import Argument, Option
from jap_tracker.cli.options import (
    PlansOpt,
)
from jap_tracker.cli.output import (
    check_output,
    write_output,
)
from jap_tracker.diagnostics import CheckFailed, UsageError, counted


@app.command("import")
@handled
def import_(
    sheet: Annotated[
        str,
        Argument(
            metavar="SHEET", help="The sheet: .xlsx (its first sheet) or .csv, a row per item."
        ),
    ],
    plan: Annotated[str, Option("--plan", metavar="ID", help="The new plan's id.")],
    title: Annotated[str, Option("--title", metavar="TITLE", help="The new plan's title.")],
    output: Annotated[
        Path | None,
        Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write the plan to FILE, a new file (atomically), instead of stdout.",
            show_default=False,
        ),
    ] = None,
    plans: PlansOpt = None,
) -> None:
    """Turn a spreadsheet of action items (.xlsx or .csv) into a plan file."""
    from jap_tracker.sheetfile import KINDS, read_sheet
    from jap_tracker.sheets import import_sheet, plan_problems

    wrong = plan_problems(plan, title)
    if wrong:
        option, message = wrong[0]
        raise UsageError(message, option)
    if not sheet.lower().endswith(KINDS):
        raise UsageError(
            f"{sheet!r} is neither .xlsx nor .csv: save the sheet in one of these", "SHEET"
        )
    home = _workspace_of(plans)
    if output is not None:
        check_output(output, home, new=True)
    taken = _taken_ids(home, plan)
    try:
        data = Path(sheet).read_bytes()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        raise UsageError(f"{sheet}: no such file", "SHEET") from None
    read, problems = read_sheet(data, sheet)
    if read is None or problems:
        raise CheckFailed(problems)
    imported = import_sheet(read, plan, title, taken)
    if imported.text is None:
        raise CheckFailed(imported.diagnostics)
    write_output(imported.text, output, home, new=True)
    if output is not None:
        items = counted(imported.items, "item", "items")
        err(f"{output}: plan {plan} with {items}; check it with `jap check`")


def _workspace_of(option: str | None) -> Path | None:
    """The workspace (``--plans``, ``JAP_PLANS``, ``./plans``), when there is one."""
    from jap_tracker.layout import resolve_folder

    if option is None and not resolve_folder(None).is_dir():
        return None  # no workspace (yet): nothing to clash with
    return folder_of(option)


def _taken_ids(folder: Path | None, plan_id: str) -> dict[str, str]:
    """The item ids of the workspace (each with its plan), when there is one; a plan id that
    it uses already is a usage error."""
    if folder is None:
        return {}
    from jap_tracker.cache.store import open_store
    from jap_tracker.workspace import load_workspace

    workspace = load_workspace(folder, open_store(folder))  # the files that load count
    for found in workspace.plans:
        if found.id == plan_id:
            message = f"plan id {plan_id!r} is already used by {found.path}: give another"
            raise UsageError(message, "--plan")
    return {item.id: item.plan for item in workspace.items}
