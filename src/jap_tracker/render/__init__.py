"""From report values to text: one table, ``RENDERERS``, names the function that draws each kind
of value in each format, and ``render`` calls it. Every renderer takes the value and the
reader's language and returns the text; the terminal table also takes the console it draws
for. A function is imported only when it is used, so that ``jap status --format json`` loads
neither Rich nor the human renderers.

The kinds: ``status``, ``status-by-country`` and ``status-by-lead`` (a ``report.StatusReport``),
``report`` (a ``report.ItemsReport``), ``trend``, ``changes`` and ``history``
(``timeline.Trend``, ``Changes``, ``History``), ``brief`` (a ``brief.Brief``), ``check`` (a
``render.checkfmt.CheckResult``). The formats: ``table`` (terminal), ``json``, ``markdown``,
``csv``, ``html``, ``github`` (GitHub Actions annotations, for ``check``), and ``xlsx`` (an Excel
workbook: bytes, not text). Human tables are decided once, in render/view.py.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any

# (kind, format) -> "module.function" under jap_tracker.render, imported when used
RENDERERS: dict[tuple[str, str], str] = {
    ("status", "table"): "table.render_status",
    ("status", "json"): "jsonfmt.render_status",
    ("status", "markdown"): "markdown.render_status",
    ("status", "csv"): "csvfmt.render_status",
    ("status-by-country", "table"): "table.render_by_country",
    ("status-by-country", "json"): "jsonfmt.render_by_country",
    ("status-by-country", "markdown"): "markdown.render_by_country",
    ("status-by-country", "csv"): "csvfmt.render_by_country",
    ("status-by-lead", "table"): "table.render_by_lead",
    ("status-by-lead", "json"): "jsonfmt.render_by_lead",
    ("status-by-lead", "markdown"): "markdown.render_by_lead",
    ("status-by-lead", "csv"): "csvfmt.render_by_lead",
    ("report", "table"): "table.render_items",
    ("report", "json"): "jsonfmt.render_items",
    ("report", "markdown"): "markdown.render_items",
    ("report", "csv"): "csvfmt.render_items",
    ("report", "html"): "html.render_items",
    ("status", "xlsx"): "xlsx.render_status",
    ("status-by-country", "xlsx"): "xlsx.render_by_country",
    ("status-by-lead", "xlsx"): "xlsx.render_by_lead",
    ("report", "xlsx"): "xlsx.render_items",
    ("trend", "table"): "table.render_trend",
    ("trend", "json"): "jsonfmt.render_trend",
    ("trend", "markdown"): "markdown.render_trend",
    ("trend", "csv"): "csvfmt.render_trend",
    ("changes", "table"): "table.render_changes",
    ("changes", "json"): "jsonfmt.render_changes",
    ("changes", "markdown"): "markdown.render_changes",
    ("changes", "csv"): "csvfmt.render_changes",
    ("history", "table"): "table.render_history",
    ("history", "json"): "jsonfmt.render_history",
    ("history", "markdown"): "markdown.render_history",
    ("history", "csv"): "csvfmt.render_history",
    ("brief", "table"): "briefdoc.render_table",
    ("brief", "markdown"): "briefdoc.render_markdown",
    ("brief", "html"): "briefdoc.render_html",
    ("brief", "json"): "jsonfmt.render_brief",
    ("check", "table"): "checkfmt.render_table",
    ("check", "json"): "checkfmt.render_json",
    ("check", "github"): "checkfmt.render_github",
}


def renderer(kind: str, format: str) -> Callable[..., str | bytes]:
    """The function that draws ``kind`` in ``format`` (KeyError for a pair not offered)."""
    module, _, name = RENDERERS[(kind, format)].partition(".")
    function: Callable[..., str | bytes] = getattr(
        import_module(f"jap_tracker.render.{module}"), name
    )
    return function


def render(kind: str, value: Any, format: str, lang: str, console: Any = None) -> str | bytes:
    """``value`` (a report value of ``kind``) as text in ``format`` and ``lang``. ``console``
    (a ``rich.console.Console``) sets the width and colours of a terminal table; without
    one, a table is 120 columns wide and without colour, as written to a file."""
    draw = renderer(kind, format)
    if format == "table":
        return draw(value, lang, console)
    return draw(value, lang)
