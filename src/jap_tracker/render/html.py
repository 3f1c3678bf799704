"""One self-contained HTML5 page for a meeting: the headline figures, inline SVG charts
(render/charts.py), the views of render/view.py as tables, and every selected item; inline CSS
with print styles for A4 (render/style.py); nothing loaded from the network (no scripts, no
external styles, fonts or images).

Every text passes through ``plain`` and ``html.escape``.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from html import escape

from jap_tracker.evaluation import RATINGS
from jap_tracker.model import PILLARS
from jap_tracker.render import view
from jap_tracker.render.charts import (
    NARROW,
    OVERALL_COLOUR,
    PILLAR_COLOURS,
    Bar,
    bar_chart,
    country_heatmap,
    trend_chart,
)
from jap_tracker.render.common import html_text
from jap_tracker.render.labels import Labels, filter_texts
from jap_tracker.render.style import CSP, STYLE
from jap_tracker.render.view import Cell, Column, Row, Span, View
from jap_tracker.report import Filters, ItemsReport, PlanGroup, StatusReport
from jap_tracker.timeline import Trend

__all__ = ["country_heatmap", "render_items"]

# A page repeats its texts (statuses, pillars, figures, plans): each is made safe once.
_t = functools.lru_cache(maxsize=16384)(html_text)

# How each mark looks: the markup around a span that carries it.
LOOKS: dict[str, tuple[str, str]] = {
    "strong": ("<b>", "</b>"),
    "overdue": ('<span class="flag">', "</span>"),
    "stale": ('<span class="flag stale">', "</span>"),
    "detail": ('<div class="countries">', "</div>"),
    "extra": ('<div class="extra">', "</div>"),
    "forecast": ('<span class="forecast">', "</span>"),
    **{f"rating:{r}": (f'<span class="rating r-{r}">', "</span>") for r in RATINGS},
}


def spans(parts: tuple[Span, ...]) -> str:
    """A cell's text, each span escaped and in the markup of its mark."""
    if len(parts) == 1 and not parts[0].mark:  # most cells: one plain text
        return _t(parts[0].text)
    out = []
    for span in parts:
        if span.mark == "break":
            out.append("<br>")
            continue
        if span.mark == "link":  # view.linkable: an http(s) address without spaces
            href = escape(span.text, quote=True)
            out.append(f'<a href="{href}" rel="noopener noreferrer">{_t(span.text)}</a>')
            continue
        before, after = LOOKS.get(span.mark, ("", ""))
        out.append(before + _t(span.text) + after)
    return "".join(out)


def _cell_class(column: Column) -> str:
    """A figure's class, an id's, a text column that shares the spare width (notes, titles: long
    words and addresses in it wrap anywhere, so that they never widen the page), a column that
    does not wrap (dates, item ids: its whole text on one line, on paper too), or none (words
    kept whole)."""
    if column.numeric:
        return "num"
    if column.key:
        return "id"
    if column.share:
        return "wide"
    return "" if column.wrap else "whole"


def _cells(column: Column) -> Callable[[Cell], str]:
    """How a cell of ``column`` is written, labelled with its heading for the narrow layout (a
    block per row)."""
    label = f' data-label="{_t(column.heading)}"'
    if column.key and column.names is not None:  # the id, then its name in a column of its own
        named = f' data-label="{_t(column.names)}"'
        before, between = f'<td class="id"{label}>', f"</td><td{named}>"
        return lambda cell: before + spans(cell[:1]) + between + spans(cell[1:]) + "</td>"
    classes = _cell_class(column)
    opening = f'<td class="{classes}"{label}>' if classes else f"<td{label}>"

    def write(cell: Cell) -> str:
        if cell and cell[0].mark.startswith("status:"):
            status = escape(cell[0].mark.removeprefix("status:"))
            return f'<td class="status s-{status}"{label}>' + spans(cell) + "</td>"
        return opening + spans(cell) + "</td>"

    return write


# The part of a table's width that its text columns share, by their shares (the rest goes to
# the figures, at their natural width): without it a browser gives the notes the least room.
TEXT_PART = 75


def _th(column: Column, shares: int) -> str:
    width = f' style="width:{TEXT_PART * column.share / shares:.0f}%"' if column.share else ""
    named = column.key and column.names is not None  # the share is its name's: a key is short
    head = (
        ('<th class="num">' if column.numeric else "<th" + ("" if named else width) + ">")
        + _t(column.heading)
        + "</th>"
    )
    if named:
        head += f"<th{width}>{_t(column.names or '')}</th>"
    return head


def _tr(row: Row, writers: list[Callable[[Cell], str]], flagged: bool) -> str:
    opening = f'<tr class="{" ".join(row.flags)}">' if flagged else "<tr>"
    cells = "".join([write(c) for write, c in zip(writers, row.cells, strict=True)])
    return opening + cells + "</tr>"


MANY_COLUMNS = 10


def table(table_view: View) -> str:
    """The view as a table, or what is said when it has no rows."""
    if not table_view.rows:
        return f'<p class="empty">{_t(table_view.empty)}</p>'
    shares = sum(c.share or 0 for c in table_view.columns) or 1
    head = "".join(_th(c, shares) for c in table_view.columns)
    writers = [_cells(c) for c in table_view.columns]
    rows = "".join([_tr(row, writers, table_view.flagged) for row in table_view.rows])
    # a table of many columns (the items) turns into blocks on screens up to a laptop's width
    many = ' class="many"' if len(table_view.columns) >= MANY_COLUMNS else ""
    return f"<table{many}><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def section(table_view: View | None) -> list[str]:
    """A heading (the short title: the page says the date) and the table."""
    if table_view is None:
        return []
    title = table_view.short_title or "".join(s.text for s in table_view.title)
    return [f"<h2>{_t(title)}</h2>{table(table_view)}"]


def trend_section(trend: Trend | None, labels: Labels) -> list[str]:
    _ = labels
    title = _("Completion over time, month by month")
    out = ['<section class="trend">', f"<h2>{_t(title)}</h2>"]
    if trend is None or not trend.periods:
        empty = _t(_("No update recorded yet."))
        out.append(f'<p class="empty">{empty}</p></section>')
        return out
    out.append(
        responsive(trend_chart(title, trend, labels), trend_chart(title, trend, labels, NARROW))
    )
    pillar, overall = _t(_("Pillar")), _t(_("Overall"))
    legend = [
        f'<li><span style="background:{PILLAR_COLOURS[p]}"></span>{pillar} {p}</li>'
        for p in PILLARS
    ]
    legend.append(f'<li><span style="background:{OVERALL_COLOUR}"></span>{overall}</li>')
    out.append(f'<ul class="legend">{"".join(legend)}</ul></section>')
    return out


def responsive(wide: str, narrow: str) -> str:
    """A chart drawn twice: the page's style shows the wide drawing on screens wide enough for
    its text and on paper, the narrow one on phones."""
    return f'<div class="chart-wide">{wide}</div><div class="chart-narrow">{narrow}</div>'


def _page(title: str, lang: str, body: list[str]) -> str:
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="jap">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        f"<title>{_t(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def status_charts(report: StatusReport, labels: Labels) -> list[str]:
    """The headline figures and the bar charts per pillar and per plan."""
    _ = labels
    pct = labels.numbers.percent
    overall = report.overall
    kpis = [
        labels.plural("{n} item", "{n} items", overall.items),
        labels.plural("{n} done", "{n} done", overall.by_status["done"]),
        labels.plural("{n} overdue", "{n} overdue", overall.overdue),
    ]
    counts = [overall.items, overall.by_status["done"], overall.overdue]
    if overall.stale is not None:
        kpis.append(labels.plural("{n} stale", "{n} stale", overall.stale))
        counts.append(overall.stale)
    overall_word, by_pillar, by_plan = (
        _("Overall"),
        _("Completion by pillar"),
        _("Completion by plan"),
    )
    out = [
        '<div class="headline">'
        f'<div><span class="figure">{_t(pct(overall.completion))}</span> '
        f"{_t(overall_word)}</div>"
        + "".join(
            f'<div class="kpi">{_t(k.format(n=n))}</div>' for k, n in zip(kpis, counts, strict=True)
        )
        + "</div>",
        '<div class="charts"><section>',
        f"<h2>{_t(by_pillar)}</h2>",
        bar_chart(
            by_pillar,
            [
                Bar(f"{p.id}. {p.name}", p.figures.completion, p.figures.expected, p.figures.rating)
                for p in report.pillars
            ],
            labels,
        ),
        "</section><section>",
        f"<h2>{_t(by_plan)}</h2>",
        bar_chart(
            by_plan,
            [
                Bar(
                    f"{plan.id} · {plan.title}",
                    plan.figures.completion,
                    plan.figures.expected,
                    plan.figures.rating,
                )
                for plan in report.plans
            ],
            labels,
        ),
        "</section></div>",
    ]
    return out


def status_tables(report: StatusReport, labels: Labels) -> list[str]:
    """The figures behind the charts: per pillar, per plan and pillar, per country."""
    return [
        *section(view.pillar_summary(report, labels)),
        *section(view.plans(report, labels)),
        *section(view.countries(report, labels)),
    ]


def country_section(report: StatusReport, labels: Labels) -> list[str]:
    """Pillars × countries (spec section 9), when any selected item has countries, with what
    its cells count and why its total differs from the headline figure."""
    matrix = report.by_country
    if not report.countries or matrix is None:
        return []
    _ = labels
    pct = labels.numbers.percent
    note = _(
        "The headline figure ({overall}) counts every selected item ({items}); this map counts "
        "only the items tracked country by country ({tracked}), each with its countries' own "
        "figures, so its “{all} · {all}” cell ({cell}) can differ."
    ).format(
        overall=pct(report.overall.completion),
        items=report.overall.items,
        tracked=matrix.overall.figures.items,
        all=_("All"),
        cell=pct(matrix.overall.figures.completion),
    )
    caption = _(
        "Each cell: completion · items done/items not cancelled, in that country's figures."
    )
    heading = _("Completion by pillar and country")
    return [
        f"<h2>{_t(heading)}</h2>",
        responsive(country_heatmap(matrix, labels), country_heatmap(matrix, labels, narrow=True)),
        f'<p class="note">{_t(caption)}</p><p class="note">{_t(note)}</p>',
    ]


def following(report: ItemsReport) -> StatusReport:
    """The report's figures with only the plans it selected, when it is filtered: the charts
    and tables show the plans of the selected items (an unfiltered report shows every plan)."""
    summary = report.summary
    if report.filters == Filters():
        return summary
    chosen = {row.item.plan for row in report.rows}
    plans: list[PlanGroup] = [plan for plan in summary.plans if plan.id in chosen]
    return summary._replace(plans=plans)


def render_items(report: ItemsReport, lang: str) -> str:
    """The meeting report: headline figures, charts (per pillar, per plan, over time: the
    report's ``trend``), the tables behind them and every selected item."""
    labels = Labels(lang)
    _ = labels
    title = _("Implementation report")
    filters = filter_texts(report.filters, labels)
    shown = _("Filters: {filters}").format(filters="; ".join(filters))
    items = view.items(report, labels)
    summary = following(report)
    body = [
        f"<header><h1>{_t(title)}</h1>",
        '<p class="meta">'
        + _t(_("As of {date}").format(date=labels.numbers.date(report.as_of)))
        + (f" · {_t(shown)}" if filters else "")
        + "</p></header>",
        "<main>",
        *status_charts(summary, labels),
        *trend_section(report.trend, labels),
        *status_tables(summary, labels),
        *country_section(summary, labels),
        f"<h2>{_t(items.short_title)}</h2>",
        table(items),
        "</main>",
        footer(labels, report.as_of),
    ]
    return _page(title, lang, body)


def footer(labels: Labels, day: dt.date) -> str:
    """Where the page's figures come from, and their date in the reader's language."""
    _ = labels
    said = _("Generated by jap from the plan files and the journal, as of {date}.")
    return f"<footer>{_t(said.format(date=labels.numbers.date(day)))}</footer>"
