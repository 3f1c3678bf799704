"""Terminal tables: the views of render/view.py as the text a console prints. On a terminal,
in colour, by Rich (styled.py, imported only then); off one (a pipe, a file, no console) Rich
writes no styles, and plain.py writes the same lines as plain ``str``, fast, without importing
Rich's console. The console (its width, whether it is a terminal) is the caller's: the command
line makes one for its terminal; without one, the text is 120 columns wide and without colour,
as for a file."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jap_tracker.render import plain, view, view_time
from jap_tracker.render.labels import Labels
from jap_tracker.render.plain import Page
from jap_tracker.render.view import View

if TYPE_CHECKING:
    from typing import TypeAlias

    from rich.console import Console

    from jap_tracker.report import ItemsReport, StatusReport
    from jap_tracker.timeline import Changes, History, Trend

    Screen: TypeAlias = Console | Page | None  # a terminal's console, a pipe or file, or none


def draw(views: list[View | None], console: Screen) -> str:
    """What ``console`` prints for these views; without one, 120 columns and no colour."""
    if console is None:
        return plain.draw(views, 120)
    if isinstance(console, Page) or not console.is_terminal:  # Rich writes no styles there
        return plain.draw(views, console.width)
    from jap_tracker.render import styled

    return styled.draw(views, console)


def render_status(report: StatusReport, lang: str, console: Screen = None) -> str:
    labels = Labels(lang)
    return draw(
        [
            view.pillar_completion(report, labels),
            view.pillar_counts(report, labels),
            view.plans(report, labels),
            view.countries(report, labels),
        ],
        console,
    )


def render_by_country(report: StatusReport, lang: str, console: Screen = None) -> str:
    from jap_tracker.render import view_matrix  # (and the matrices: only these tables)

    return draw([view_matrix.country_matrix(report, Labels(lang))], console)


def render_by_lead(report: StatusReport, lang: str, console: Screen = None) -> str:
    from jap_tracker.render import view_matrix

    return draw([view_matrix.lead_matrix(report, Labels(lang))], console)


def render_items(report: ItemsReport, lang: str, console: Screen = None) -> str:
    labels = Labels(lang)
    summary = report.summary
    return draw(
        [
            view.items(report, labels),
            view.pillar_completion(summary, labels),
            view.pillar_counts(summary, labels),
        ],
        console,
    )


def render_trend(trend: Trend, lang: str, console: Screen = None) -> str:
    labels = Labels(lang)
    return draw(
        [view_time.trend_values(trend, labels), view_time.trend_course(trend, labels)], console
    )


def render_changes(changes: Changes, lang: str, console: Screen = None) -> str:
    labels = Labels(lang)
    return draw(
        [view_time.changes_recorded(changes, labels), view_time.changes_moved(changes, labels)],
        console,
    )


def render_history(history: History, lang: str, console: Screen = None) -> str:
    return draw([view_time.history(history, Labels(lang))], console)
