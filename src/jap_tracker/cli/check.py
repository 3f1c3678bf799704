"""``jap check``: every problem in every plan and journal file, and CI thresholds, for people
(messages on standard error) or for programs (``--format json``, ``--format github``: the
kind ``check`` of render/, on standard output). Exit codes as every command's (spec section 7).
"""

from __future__ import annotations

import enum
import sys
from typing import TYPE_CHECKING, Annotated

from jap_tracker.cli.app import (
    _print_diagnostics,
    app,
    folder_of,
    handled,
    load_valid,
)
from jap_tracker.cli.decl import Exit, Option
from jap_tracker.cli.options import (
    AsOfOpt,
    PlansOpt,
    as_of_date,
)
from jap_tracker.diagnostics import CheckFailed, counted
from jap_tracker.render.checkfmt import CheckResult

if TYPE_CHECKING:
    import datetime as dt

    from jap_tracker.workspace import Workspace


class CheckFormat(enum.StrEnum):
    table = "table"
    json = "json"
    github = "github"


@app.command()
@handled
def check(
    plans: PlansOpt = None,
    as_of: AsOfOpt = None,
    fail_under: Annotated[
        float | None,
        Option(
            "--fail-under",
            metavar="PERCENT",
            min=0,
            max=100,
            help="Fail (exit 1) when overall completion is below PERCENT.",
            show_default=False,
        ),
    ] = None,
    fail_on_overdue: Annotated[
        bool, Option("--fail-on-overdue", help="Fail (exit 1) when any item is overdue.")
    ] = False,
    fail_on_stale: Annotated[
        int | None,
        Option(
            "--fail-on-stale",
            metavar="DAYS",
            min=0,
            help="Fail (exit 1) when an item has had no update for DAYS days.",
            show_default=False,
        ),
    ] = None,
    format: Annotated[
        CheckFormat,
        Option(
            "--format",
            "-f",
            help="table: messages for people; json: one document for programs (an editor, a "
            "pre-commit hook); github: GitHub Actions annotations.",
        ),
    ] = CheckFormat.table,
) -> None:
    """Validate every plan and journal file; report every problem found."""
    day, folder = as_of_date(as_of), folder_of(plans)
    try:
        workspace = load_valid(folder, strict=True)
    except CheckFailed as failed:
        if format == CheckFormat.table:
            raise
        _finish(CheckResult(tuple(failed.diagnostics), ()), format)
        return
    warnings = [d for d in workspace.diagnostics if d.severity != "error"]
    if format == CheckFormat.table:
        _print_diagnostics(warnings)
    failures = _thresholds(workspace, day, fail_under, fail_on_overdue, fail_on_stale)
    # counted once and kept in the index: neither the plans nor the journal are read again
    result = CheckResult(tuple(warnings), tuple(failures), *workspace.sizes)
    if format == CheckFormat.table and failures:
        raise CheckFailed([], "\n".join(failures))
    _finish(result, format)


def _finish(result: CheckResult, format: CheckFormat) -> None:
    """Write the result in ``format``; exit 1 when the check failed."""
    from jap_tracker.render import render

    text = render("check", result, format.value, "en")
    assert isinstance(text, str)
    sys.stdout.write(text)
    sys.stdout.flush()
    if not result.ok:
        raise Exit(1)


def _thresholds(
    workspace: Workspace,
    day: dt.date,
    fail_under: float | None,
    fail_on_overdue: bool,
    fail_on_stale: int | None,
) -> list[str]:
    """One message (of one or more lines) for each threshold that is not met."""
    if fail_under is None and not fail_on_overdue and fail_on_stale is None:
        return []  # no figures needed
    from jap_tracker.progress import entries, group
    from jap_tracker.report import is_stale

    figures = workspace.figures(day)
    failures: list[str] = []
    items = workspace.items
    if fail_on_overdue:
        from jap_tracker.progress import is_overdue

        late = [i for i in items if is_overdue(i, figures[i.id].status, day)]
        if late:
            lines = [f"{counted(len(late), 'overdue item', 'overdue items')} as of {day}:"]
            lines += [f"  {i.id} (due {i.due}, {figures[i.id].status})" for i in late]
            failures.append("\n".join(lines))
    if fail_on_stale is not None:
        stale = [
            i
            for i in items
            if figures[i.id].status not in ("done", "cancelled")
            and is_stale(figures[i.id].last, day, fail_on_stale)
        ]
        if stale:
            lines = [
                f"{counted(len(stale), 'item', 'items')} with no update in the last "
                f"{counted(fail_on_stale, 'day', 'days')} as of {day}:"
            ]
            for i in stale:
                last = figures[i.id].last
                lines.append(f"  {i.id} (last update {last.date if last else 'never'})")
            failures.append("\n".join(lines))
    overall = group(entries(items, figures, day)).completion
    # Rounded so that float noise never fails a figure shown as equal (0.29 * 100 < 29).
    if fail_under is not None and round((overall or 0.0) * 100, 9) < fail_under:
        shown = "none" if overall is None else f"{overall * 100:.1f}%"
        failures.append(f"overall completion {shown} is below --fail-under {fail_under:g}%")
    return failures
