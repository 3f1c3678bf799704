"""One self-contained HTML5 page for a meeting: inline CSS, inline SVG charts, print styles for
A4, nothing loaded from the network (no scripts, no external styles, fonts or images).

Every text from a file passes through ``plain`` and ``html.escape``.
"""

from __future__ import annotations

from html import escape

from jap_tracker.codes import country_name
from jap_tracker.model import PILLARS
from jap_tracker.render.common import extra_text, plain
from jap_tracker.render.labels import Labels, last_update_text, progress_text
from jap_tracker.report import CountryMatrix, Filters, ItemRow, ItemsReport, StatusReport
from jap_tracker.timeline import Trend

STYLE = """
:root { --ink:#1b1f24; --muted:#5b6570; --line:#d8dde3; --bar:#2a7ab0; --bg:#f4f6f8;
  --done:#2e7d32; --prog:#b26a00; --block:#c62828; --none:#78828c; --stale:#6a1b9a; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
  color: var(--ink); margin: 2rem auto; max-width: 1100px; padding: 0 1rem; background: #fff; }
h1 { font-size: 1.6rem; margin: 0 0 .2rem; } h2 { font-size: 1.2rem; margin: 1.8rem 0 .6rem; }
.meta { color: var(--muted); margin: 0 0 1rem; }
.meta b { color: var(--ink); font-weight: 600; }
.headline { display: flex; flex-wrap: wrap; gap: .5rem 2rem; align-items: baseline;
  margin: 1rem 0; }
.figure { font-size: 2.2rem; font-weight: 700; }
.kpi { color: var(--muted); } .kpi strong { color: var(--ink); font-size: 1.2rem; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; }
th, td { border-bottom: 1px solid var(--line); padding: .35rem .5rem; text-align: left;
  vertical-align: top; }
th { background: var(--bg); font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; }
td.id { white-space: nowrap; font-family: ui-monospace, "DejaVu Sans Mono", monospace;
  font-size: .9em; }
.status { font-weight: 600; white-space: nowrap; }
.s-done { color: var(--done); } .s-in_progress { color: var(--prog); }
.s-blocked { color: var(--block); } .s-not_started, .s-cancelled { color: var(--none); }
.s-cancelled { text-decoration: line-through; }
.flag { display: inline-block; border-radius: 3px; padding: 0 .3rem; font-size: .8rem;
  font-weight: 700; color: #fff; background: var(--block); margin-left: .3rem;
  white-space: nowrap; }
.flag.stale { background: var(--stale); }
tr.overdue td { background: #fdecea; }
tr.stale td:first-child { box-shadow: inset 3px 0 0 var(--stale); }
.countries, .extra { color: var(--muted); font-size: .85em; }
svg { display: block; max-width: 100%; height: auto; }
svg text { font: 12px system-ui, "Noto Sans", sans-serif; fill: var(--ink); }
svg .axis { fill: var(--muted); font-size: 11px; }
.charts { display: grid; grid-template-columns: 1fr 1fr; gap: 1.5rem; }
.legend { display: flex; flex-wrap: wrap; gap: .3rem 1.2rem; margin: .3rem 0 0; padding: 0;
  list-style: none; color: var(--muted); font-size: .9em; }
.legend span { display: inline-block; width: 1.4em; height: .3em; vertical-align: middle;
  margin-right: .3em; border-radius: 2px; }
.empty { color: var(--muted); font-style: italic; }
footer { color: var(--muted); font-size: .85em; margin-top: 2rem; border-top: 1px solid var(--line);
  padding-top: .5rem; }
@media (max-width: 800px) { .charts { grid-template-columns: 1fr; } }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 9.5pt; }
  h1 { font-size: 16pt; } h2 { font-size: 12pt; margin-top: 1rem; }
  .charts { grid-template-columns: 1fr 1fr; gap: 1rem; }
  h2 { break-after: avoid; } tr, svg, section { break-inside: avoid; }
  th { background: none; border-bottom: 1.5px solid var(--ink); }
  tr.overdue td { background: none; } tr.overdue td:first-child { font-weight: 700; }
  .flag { color: var(--ink); background: none; border: 1px solid var(--ink); }
  thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
}
"""

# The page enforces its own self-containment: a browser blocks (and logs) any load.
CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)

# One colour per pillar, and the overall line; distinguishable in grey when printed
# (dash patterns as well as hue).
PILLAR_COLOURS = {"I": "#2a7ab0", "II": "#d9822b", "III": "#3c9d5d", "IV": "#8e5bb5"}
PILLAR_DASHES = {"I": "", "II": "6 3", "III": "2 3", "IV": "8 3 2 3"}
OVERALL_COLOUR = "#1b1f24"


def _t(text: str) -> str:
    """File text (or any text) made safe for HTML: control characters shown, then escaped."""
    return escape(plain(text))


def bar_chart(title: str, rows: list[tuple[str, float | None]], labels: Labels) -> str:
    """Horizontal bars, one per row, for completions from 0 to 1."""
    width, label_w, row_h = 520, 190, 26
    height = row_h * max(1, len(rows)) + 20
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}"'
        f' width="{width}" height="{height}" aria-label="{_t(title)}"><title>{_t(title)}</title>'
    ]
    span = width - label_w - 70
    for i, (label, value) in enumerate(rows):
        y = 10 + i * row_h
        short = label if len(label) <= 28 else label[:27] + "…"
        shown = labels.numbers.percent(value)
        parts.append(f"<g><title>{_t(label)}: {_t(shown)}</title>")
        parts.append(f'<text x="0" y="{y + 15}">{_t(short)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{span}" height="16" fill="#e8ecf0"/>')
        if value is not None:
            parts.append(
                f'<rect x="{label_w}" y="{y + 3}" width="{span * max(0.0, min(1.0, value)):.1f}" '
                'height="16" fill="#2a7ab0"/>'
            )
        parts.append(f'<text x="{label_w + span + 6}" y="{y + 15}">{_t(shown)}</text></g>')
    parts.append("</svg>")
    return "".join(parts)


def trend_chart(title: str, trend: Trend, labels: Labels) -> str:
    """Lines of completion (0–100%) per pillar and overall, at the end of each period."""
    points = trend.periods
    width, height = 1000, 300
    left, right, top, bottom = 52, 36, 12, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    n = len(points)

    def x(i: int) -> float:
        return left + (plot_w * (i / (n - 1)) if n > 1 else plot_w / 2)

    def y(value: float) -> float:
        return top + plot_h * (1 - max(0.0, min(1.0, value)))

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}"'
        f' width="{width}" height="{height}" aria-label="{_t(title)}"><title>{_t(title)}</title>'
    ]
    for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
        ty = y(tick)
        parts.append(
            f'<line x1="{left}" y1="{ty:.1f}" x2="{width - right}" y2="{ty:.1f}" '
            f'stroke="{"#9aa3ad" if tick == 0 else "#e3e7eb"}" stroke-width="1"/>'
            f'<text class="axis" x="{left - 6}" y="{ty + 4:.1f}" text-anchor="end">'
            f"{_t(labels.numbers.percent(tick))}</text>"
        )
    step = max(1, -(-n // 12))  # at most about 12 labels along the bottom
    for i, tp in enumerate(points):
        if i % step == 0 or i == n - 1:
            parts.append(
                f'<text class="axis" x="{x(i):.1f}" y="{height - 12}" text-anchor="middle">'
                f"{_t(tp.period.label)}</text>"
            )
    series: list[tuple[str, str, str, str, list[float | None]]] = [
        (p, f"{p}", PILLAR_COLOURS[p], PILLAR_DASHES[p], [tp.point.pillars[p] for tp in points])
        for p in PILLARS
    ]
    series.append(
        ("overall", labels("Overall"), OVERALL_COLOUR, "", [tp.point.overall for tp in points])
    )
    for key, name, colour, dash, values in series:
        thick = 3 if key == "overall" else 2
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(f'<g class="series s-{key}"><title>{_t(name)}</title>')
        segment: list[str] = []
        for i, value in enumerate([*values, None]):
            if value is not None:
                segment.append(f"{x(i):.1f},{y(value):.1f}")
                continue
            if len(segment) > 1:
                parts.append(
                    f'<polyline fill="none" stroke="{colour}" stroke-width="{thick}"{dashes} '
                    f'stroke-linejoin="round" points="{" ".join(segment)}"/>'
                )
            segment = []
        if n <= 40:  # a dot per figure, with its value on hover
            for i, value in enumerate(values):
                if value is not None:
                    parts.append(
                        f'<circle cx="{x(i):.1f}" cy="{y(value):.1f}" r="{thick + 0.5}" '
                        f'fill="{colour}"><title>{_t(name)} · {_t(points[i].period.label)}: '
                        f"{_t(labels.numbers.percent(value))}</title></circle>"
                    )
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)


def trend_section(trend: Trend | None, labels: Labels) -> list[str]:
    _ = labels
    title = _("Completion over time, month by month")
    out = ['<section class="trend">', f"<h2>{_t(title)}</h2>"]
    if trend is None or not trend.periods:
        empty = _t(_("No update recorded yet."))
        out.append(f'<p class="empty">{empty}</p></section>')
        return out
    out.append(trend_chart(title, trend, labels))
    legend = [
        f'<li><span style="background:{PILLAR_COLOURS[p]}"></span>{_t(_("Pillar"))} {p}</li>'
        for p in PILLARS
    ]
    legend.append(f'<li><span style="background:{OVERALL_COLOUR}"></span>{_t(_("Overall"))}</li>')
    out.append(f'<ul class="legend">{"".join(legend)}</ul></section>')
    return out


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
    out = [
        '<div class="headline">'
        f'<div><span class="figure">{_t(pct(overall.completion))}</span> '
        f"{_t(_('Overall'))}</div>"
        + "".join(
            f'<div class="kpi">{_t(k.format(n=n))}</div>' for k, n in zip(kpis, counts, strict=True)
        )
        + "</div>",
        '<div class="charts"><section>',
        f"<h2>{_t(_('Completion by pillar'))}</h2>",
        bar_chart(
            _("Completion by pillar"),
            [(f"{p.id}. {p.name}", p.figures.completion) for p in report.pillars],
            labels,
        ),
        "</section><section>",
        f"<h2>{_t(_('Completion by plan'))}</h2>",
        bar_chart(
            _("Completion by plan"),
            [(plan.id, plan.figures.completion) for plan in report.plans],
            labels,
        ),
        "</section></div>",
    ]
    return out


def status_tables(report: StatusReport, labels: Labels) -> list[str]:
    """The figures behind the charts: per pillar, per plan and pillar, per country."""
    _ = labels
    pct = labels.numbers.percent
    overall = report.overall
    out: list[str] = []
    head = "".join(f'<th class="num">{_t(s)}</th>' for _k, s in labels.statuses())
    stale_head = f'<th class="num">{_t(_("Stale"))}</th>' if overall.stale is not None else ""
    rows = []
    for name, f in [
        *[(f"{p.id}. {p.name}", p.figures) for p in report.pillars],
        (_("Overall"), overall),
    ]:
        rows.append(
            f"<tr><td>{_t(name)}</td>"
            f'<td class="num">{_t(pct(f.completion))}</td>'
            f'<td class="num">{f.items}</td>'
            + "".join(f'<td class="num">{f.by_status[k]}</td>' for k, _s in labels.statuses())
            + f'<td class="num">{f.overdue}</td>'
            + (f'<td class="num">{f.stale}</td>' if f.stale is not None else "")
            + "</tr>"
        )
    out.append(
        f"<h2>{_t(_('Items by status'))}</h2>"
        f"<table><thead><tr><th>{_t(_('Pillar'))}</th>"
        f'<th class="num">{_t(_("Completion"))}</th><th class="num">{_t(_("Items"))}</th>'
        f'{head}<th class="num">{_t(_("Overdue"))}</th>{stale_head}</tr></thead><tbody>'
        + "".join(rows)
        + "</tbody></table>"
    )
    plan_head = "".join(f'<th class="num">{p}</th>' for p in PILLARS)
    plan_rows = [
        f'<tr><td class="id">{_t(plan.id)}</td><td>{_t(plan.title)}</td>'
        + "".join(f'<td class="num">{_t(pct(p.figures.completion))}</td>' for p in plan.pillars)
        + f'<td class="num"><b>{_t(pct(plan.figures.completion))}</b></td>'
        f'<td class="num">{plan.figures.items}</td><td class="num">{plan.figures.overdue}</td></tr>'
        for plan in report.plans
    ]
    out.append(
        f"<h2>{_t(_('Completion by plan and pillar'))}</h2>"
        f"<table><thead><tr><th>{_t(_('Plan'))}</th><th>{_t(_('Title'))}</th>{plan_head}"
        f'<th class="num">{_t(_("Completion"))}</th><th class="num">{_t(_("Items"))}</th>'
        f'<th class="num">{_t(_("Overdue"))}</th></tr></thead><tbody>'
        + "".join(plan_rows)
        + "</tbody></table>"
    )
    if report.countries:
        country_rows = [
            f'<tr><td class="id">{_t(c.id)}</td><td>{_t(c.name)}</td>'
            f'<td class="num">{_t(pct(c.figures.completion))}</td>'
            f'<td class="num">{c.figures.items}</td>'
            f'<td class="num">{c.figures.by_status["done"]}</td>'
            f'<td class="num">{c.figures.overdue}</td></tr>'
            for c in report.countries
        ]
        out.append(
            f"<h2>{_t(_('Completion by country'))}</h2>"
            f"<table><thead><tr><th>{_t(_('Country'))}</th><th></th>"
            f'<th class="num">{_t(_("Completion"))}</th><th class="num">{_t(_("Items"))}</th>'
            f'<th class="num">{_t(labels.status("done"))}</th>'
            f'<th class="num">{_t(_("Overdue"))}</th></tr></thead><tbody>'
            + "".join(country_rows)
            + "</tbody></table>"
        )
    return out


def filter_texts(filters: Filters, labels: Labels) -> list[str]:
    """The report's filters in the reader's language (``Status: Blocked``), as plain text."""
    _ = labels
    out = []
    if filters.pillars:
        out.append(_("Pillar: {pillars}").format(pillars=", ".join(filters.pillars)))
    if filters.plans:
        out.append(_("Plan: {plans}").format(plans=", ".join(filters.plans)))
    if filters.statuses:
        names = ", ".join(labels.status(s) for s in filters.statuses)
        out.append(_("Status: {statuses}").format(statuses=names))
    if filters.overdue:
        out.append(_("overdue items only"))
    if filters.country is not None:
        name = f"{filters.country} {country_name(filters.country, labels.lang)}"
        out.append(_("Country: {country}").format(country=name))
    return out


def _item_row(row: ItemRow, labels: Labels) -> str:
    _ = labels
    pct = labels.numbers.percent
    item = row.item
    flags = ""
    if row.overdue:
        flags += f'<span class="flag">{_t(_("overdue"))}</span>'
    if row.stale:
        flags += f'<span class="flag stale">{_t(_("stale"))}</span>'
    progress = progress_text(row, labels)
    last = _t(last_update_text(row, labels))
    countries = ""
    if row.countries:
        countries = (
            '<div class="countries">'
            + _t(", ".join(f"{c.id} {labels.status(c.status)}" for c in row.countries))
            + "</div>"
        )
    if item.extra:
        countries += f'<div class="extra">{_t(extra_text(item.extra))}</div>'
    classes = " ".join(k for k, on in (("overdue", row.overdue), ("stale", row.stale)) if on)
    return (
        f'<tr class="{classes}"><td class="id">{_t(item.id)}</td>'
        f"<td>{_t(row.title)}{countries}</td><td>{_t(item.pillar)}</td>"
        f'<td class="status s-{escape(row.status)}">{_t(labels.status(row.status))}</td>'
        f'<td class="num">{_t(progress)}</td><td class="num">{_t(pct(row.completion))}</td>'
        f"<td>{_t(labels.numbers.date(item.due, ''))}{flags}</td>"
        f"<td>{_t(', '.join(item.lead))}</td><td>{last}</td></tr>"
    )


def _heat(value: float | None) -> tuple[str, str]:
    """(fill, text colour) for a completion: pale blue at 0 to deep blue at 1; grey for none."""
    if value is None:
        return "#d8dde3", "#1b1f24"
    low, high = (232, 241, 248), (31, 95, 139)
    t = max(0.0, min(1.0, value))
    r, g, b = (round(lo + (hi - lo) * t) for lo, hi in zip(low, high, strict=True))
    return f"#{r:02x}{g:02x}{b:02x}", ("#ffffff" if t > 0.55 else "#1b1f24")


def country_heatmap(matrix: CountryMatrix | None, labels: Labels) -> str:
    """Pillars × countries as an inline SVG heat map: each cell coloured by the completion of
    the pillar's items in that country's figures, with its coverage (done/of); the last row
    and column are the totals ("" when no item is tracked per country)."""
    if matrix is None or not matrix.countries:
        return ""
    _ = labels
    num = labels.numbers
    title = _("Completion by pillar and country")
    label_w, cell_w, cell_h, head_h, gap = 56, 104, 46, 44, 8
    columns = len(matrix.countries) + 1
    width = max(label_w + columns * cell_w + gap, 540)
    height = head_h + 5 * cell_h + gap + 58
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="heatmap" '
        f'viewBox="0 0 {width} {height}" width="{width}" style="max-width:100%;height:auto" '
        f'aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>"
    ]

    def x_of(column: int) -> int:
        return label_w + column * cell_w + (gap if column == columns - 1 else 0)

    def y_of(row: int) -> int:
        return head_h + row * cell_h + (gap if row == 4 else 0)

    heads = [(c.id, c.name) for c in matrix.countries] + [(_("All"), "")]
    for column, (code, name) in enumerate(heads):
        x = x_of(column) + cell_w / 2
        short = name if len(name) <= 15 else name[:14] + "…"
        parts.append(
            f'<text x="{x:.0f}" y="18" text-anchor="middle" style="font-weight:700">'
            f"{escape(plain(code))}</text>"
            f'<text x="{x:.0f}" y="34" text-anchor="middle">{escape(plain(short))}</text>'
        )
    rows = [(p.id, p.name, [matrix.cell(p.id, c.id) for c in matrix.countries] + [p])
            for p in matrix.pillars]  # fmt: skip
    rows.append((_("All"), "", [*matrix.countries, matrix.overall]))
    for row, (pillar, pillar_full, cells) in enumerate(rows):
        y = y_of(row)
        parts.append(
            f'<text x="4" y="{y + cell_h / 2 + 4:.0f}" style="font-weight:700">'
            f"<title>{escape(plain(pillar_full or pillar))}</title>{escape(plain(pillar))}</text>"
        )
        for column, cell in enumerate(cells):
            x = x_of(column)
            figures = cell.figures
            done, of = cell.coverage
            if not figures.items:
                fill, ink, shown, sub = "#f4f6f8", "#5b6570", "—", ""
            else:
                fill, ink = _heat(figures.completion)
                shown, sub = num.percent(figures.completion), f"{done}/{of}"
            country = heads[column][1] or heads[column][0]
            tip = f"{pillar} · {country}: {shown}" + (
                " · " + _("{done} of {of} done").format(done=done, of=of) if sub else ""
            )
            parts.append(
                f"<g><title>{escape(plain(tip))}</title>"
                f'<rect x="{x + 1}" y="{y + 1}" width="{cell_w - 2}" height="{cell_h - 2}" '
                f'rx="3" fill="{fill}"/>'
                f'<text x="{x + cell_w / 2:.0f}" y="{y + (20 if sub else 27)}" '
                f'text-anchor="middle" style="fill:{ink};font-weight:600">{escape(shown)}</text>'
                + (
                    f'<text x="{x + cell_w / 2:.0f}" y="{y + 36}" text-anchor="middle" '
                    f'style="fill:{ink}">{escape(sub)}</text>'
                    if sub
                    else ""
                )
                + "</g>"
            )
    legend_y = y_of(4) + cell_h + 14
    steps = 10
    for i in range(steps + 1):
        fill, _ink = _heat(i / steps)
        parts.append(
            f'<rect x="{label_w + i * 18}" y="{legend_y}" width="18" height="10" fill="{fill}"/>'
        )
    parts.append(
        f'<text x="{label_w - 4}" y="{legend_y + 9}" text-anchor="end">'
        f"{escape(num.percent(0.0))}</text>"
        f'<text x="{label_w + (steps + 1) * 18 + 4}" y="{legend_y + 9}">'
        f"{escape(num.percent(1.0))}</text>"
        f'<text x="{label_w}" y="{legend_y + 30}">'
        + escape(
            _("Each cell: completion · items done/items not cancelled, in that country's figures.")
        )
        + "</text></svg>"
    )
    return "".join(parts)


def country_section(report: StatusReport, labels: Labels) -> list[str]:
    """Pillars × countries (spec section 9), when any selected item has countries."""
    if not report.countries:
        return []
    return [
        f"<h2>{escape(labels('Completion by pillar and country'))}</h2>",
        country_heatmap(report.by_country, labels),
    ]


def render_items(report: ItemsReport, trend: Trend | None = None) -> str:
    """The meeting report: headline figures, charts (per pillar, per plan, over time), the
    tables behind them and every selected item; ``trend`` is the monthly trend to draw."""
    labels = Labels(report.lang)
    _ = labels
    title = _("Implementation report")
    filters = filter_texts(report.filters, labels)
    shown = _("Filters: {filters}").format(filters="; ".join(filters))
    body = [
        f"<header><h1>{_t(title)}</h1>",
        '<p class="meta">'
        + _t(_("As of {date}").format(date=labels.numbers.date(report.as_of)))
        + (f" · {_t(shown)}" if filters else "")
        + "</p></header>",
        "<main>",
        *status_charts(report.summary, labels),
        *trend_section(trend, labels),
        *status_tables(report.summary, labels),
        *country_section(report.summary, labels),
        f"<h2>{_t(_('Items'))}</h2>",
    ]
    head = "".join(
        f"<th>{_t(h)}</th>"
        for h in (
            _("ID"),
            _("Title"),
            _("Pillar"),
            _("Status"),
            _("Progress"),
            _("Completion"),
            _("Due"),
            _("Lead"),
            _("Last update"),
        )
    )
    rows = [_item_row(row, labels) for row in report.rows]
    if rows:
        body.append(f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")
    else:
        empty = _t(_("No item matches these filters."))
        body.append(f'<p class="empty">{empty}</p>')
    body.append("</main>")
    body.append(
        "<footer>"
        + _t(
            _("Generated by jap from the plan files and the journal, as of {date}.").format(
                date=report.as_of.isoformat()
            )
        )
        + "</footer>"
    )
    return _page(title, report.lang, body)
