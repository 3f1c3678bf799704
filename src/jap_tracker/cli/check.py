"""``jap check``: every problem in every plan and journal file, and CI thresholds."""

from __future__ import annotations

import sys
from typing import Annotated

from jap_tracker.cli.app import (
    _print_diagnostics,
    app,
    folder_of,
    handled,
    load_valid,
)
from jap_tracker.cli.decl import Option
from jap_tracker.cli.options import (
    AsOfOpt,
    PlansOpt,
    as_of_date,
)
from jap_tracker.diagnostics import CheckFailed


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
) -> None:
    """Validate every plan and journal file; report every problem found."""
    day, folder = as_of_date(as_of), folder_of(plans)
    workspace = load_valid(folder, strict=True)
    warnings = [d for d in workspace.diagnostics if d.severity != "error"]
    _print_diagnostics(warnings)
    from jap_tracker.progress import entries, group
    from jap_tracker.report import is_stale

    figures = workspace.figures(day)
    problems: list[str] = []
    items = workspace.items
    if fail_on_overdue:
        from jap_tracker.progress import is_overdue

        late = [i for i in items if is_overdue(i, figures[i.id].status, day)]
        if late:
            problems.append(f"{len(late)} overdue item(s) as of {day}:")
            problems += [f"  {i.id} (due {i.due}, {figures[i.id].status})" for i in late]
    if fail_on_stale is not None:
        stale = [
            i
            for i in items
            if figures[i.id].status not in ("done", "cancelled")
            and is_stale(figures[i.id].last, day, fail_on_stale)
        ]
        if stale:
            problems.append(
                f"{len(stale)} item(s) with no update in the last {fail_on_stale} days as of {day}:"
            )
            for i in stale:
                last = figures[i.id].last
                problems.append(f"  {i.id} (last update {last.date if last else 'never'})")
    overall = group(entries(items, figures, day)).completion
    # Rounded so that float noise never fails a figure shown as equal (0.29 * 100 < 29).
    if fail_under is not None and round((overall or 0.0) * 100, 9) < fail_under:
        shown = "none" if overall is None else f"{overall * 100:.1f}%"
        problems.append(f"overall completion {shown} is below --fail-under {fail_under:g}%")
    records = len(workspace.updates) + len(workspace.retractions)
    if problems:
        raise CheckFailed([], "\n".join(problems))
    sys.stdout.write(
        f"ok: {len(workspace.plans)} plans, {len(items)} items, "
        f"{records} journal records, no problems\n"
    )
