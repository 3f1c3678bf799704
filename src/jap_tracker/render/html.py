"""One self-contained HTML5 page: inline CSS, inline SVG charts, nothing from the network.

Every text from a file passes through ``html.escape``.
"""

from __future__ import annotations

from html import escape

from jap_tracker.codes import country_name
from jap_tracker.render.common import plain
from jap_tracker.render.labels import Labels
from jap_tracker.report import CountryMatrix, Filters, ItemsReport, StatusReport

STYLE = """
:root { --ink:#1b1f24; --muted:#5b6570; --line:#d8dde3; --bar:#2a7ab0; --bg:#f4f6f8;
  --done:#2e7d32; --prog:#b26a00; --block:#c62828; --none:#78828c; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
  margin: 2rem auto; max-width: 1100px; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin: 0 0 .2rem; } h2 { font-size: 1.2rem; margin: 1.8rem 0 .6rem; }
.meta { color: var(--muted); margin: 0 0 1rem; }
.figure { font-size: 2.2rem; font-weight: 700; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; }
th, td { border-bottom: 1px solid var(--line); padding: .35rem .5rem; text-align: left;
  vertical-align: top; }
th { background: var(--bg); font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; }
.status { font-weight: 600; white-space: nowrap; }
.s-done { color: var(--done); } .s-in_progress { color: var(--prog); }
.s-blocked { color: var(--block); } .s-not_started, .s-cancelled { color: var(--none); }
.s-cancelled { text-decoration: line-through; }
.flag { display: inline-block; border-radius: 3px; padding: 0 .3rem; font-size: .8rem;
  font-weight: 700; color: #fff; background: var(--block); margin-left: .3rem; }
.flag.stale { background: #6a1b9a; }
tr.overdue td { background: #fdecea; }
svg text { font: 12px system-ui, sans-serif; fill: var(--ink); }
.charts { display: grid; grid-template-columns: 1fr 1fr; gap: 1.5rem; }
@media (max-width: 800px) { .charts { grid-template-columns: 1fr; } }
@page { size: A4; margin: 15mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  .charts { grid-template-columns: 1fr 1fr; }
  h2 { break-after: avoid; } tr, svg { break-inside: avoid; }
  tr.overdue td { background: none; } tr.overdue td:first-child { font-weight: 700; }
  thead { display: table-header-group; }
}
"""


def bar_chart(title: str, rows: list[tuple[str, float | None]], labels: Labels) -> str:
    """Horizontal bars, one per row, for completions from 0 to 1."""
    width, label_w, row_h = 520, 190, 26
    height = row_h * len(rows) + 30
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}"'
        f' width="100%" aria-label="{escape(title)}"><title>{escape(title)}</title>'
    ]
    span = width - label_w - 70
    for i, (label, value) in enumerate(rows):
        y = 10 + i * row_h
        short = label if len(label) <= 28 else label[:27] + "…"
        parts.append(f'<text x="0" y="{y + 15}">{escape(plain(short))}</text>')
        parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{span}" height="16" fill="#e8ecf0"/>')
        if value is not None:
            parts.append(
                f'<rect x="{label_w}" y="{y + 3}" width="{span * value:.1f}" '
                'height="16" fill="#2a7ab0"/>'
            )
        parts.append(
            f'<text x="{label_w + span + 6}" y="{y + 15}">'
            f"{escape(labels.numbers.percent(value))}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


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


def _page(title: str, lang: str, body: list[str]) -> str:
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def status_sections(report: StatusReport, labels: Labels) -> list[str]:
    _ = labels
    pct = labels.numbers.percent
    overall = report.overall
    out = [
        f'<p><span class="figure">{escape(pct(report.overall.completion))}</span> '
        + escape(
            " · ".join(
                (
                    _("overall completion"),
                    labels.plural("{n} item", "{n} items", overall.items).format(n=overall.items),
                    labels.plural("{n} overdue", "{n} overdue", overall.overdue).format(
                        n=overall.overdue
                    ),
                )
            )
        )
        + "</p>",
        '<div class="charts"><section>',
        f"<h2>{escape(_('Completion by pillar'))}</h2>",
        bar_chart(
            _("Completion by pillar"),
            [(f"{p.id}. {p.name}", p.figures.completion) for p in report.pillars],
            labels,
        ),
        "</section><section>",
        f"<h2>{escape(_('Completion by plan'))}</h2>",
        bar_chart(
            _("Completion by plan"),
            [(plan.id, plan.figures.completion) for plan in report.plans],
            labels,
        ),
        "</section></div>",
    ]
    head = "".join(f'<th class="num">{escape(s)}</th>' for _k, s in labels.statuses())
    rows = []
    for p in [*report.pillars]:
        f = p.figures
        rows.append(
            f"<tr><td>{escape(p.id)}. {escape(plain(p.name))}</td>"
            f'<td class="num">{escape(pct(f.completion))}</td>'
            f'<td class="num">{f.items}</td>'
            + "".join(f'<td class="num">{f.by_status[k]}</td>' for k, _s in labels.statuses())
            + f'<td class="num">{f.overdue}</td></tr>'
        )
    out.append(
        f"<table><thead><tr><th>{escape(_('Pillar'))}</th>"
        f'<th class="num">{escape(_("Completion"))}</th><th class="num">{escape(_("Items"))}</th>'
        f'{head}<th class="num">{escape(_("Overdue"))}</th></tr></thead><tbody>'
        + "".join(rows)
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


def render_items(report: ItemsReport) -> str:
    labels = Labels(report.lang)
    _ = labels
    pct = labels.numbers.percent
    title = _("Implementation report")
    filters = filter_texts(report.filters, labels)
    body = [
        f"<h1>{escape(title)}</h1>",
        '<p class="meta">'
        + escape(_("As of {date}").format(date=labels.numbers.date(report.as_of)))
        + (
            " · " + escape(plain(_("Filters: {filters}").format(filters="; ".join(filters))))
            if filters
            else ""
        )
        + "</p>",
        *status_sections(report.summary, labels),
        f"<h2>{escape(_('Items'))}</h2>",
    ]
    head = "".join(
        f"<th>{escape(h)}</th>"
        for h in (
            _("ID"),
            _("Title"),
            _("Pillar"),
            _("Status"),
            _("Progress"),
            _("Due"),
            _("Lead"),
            _("Last update"),
        )
    )
    rows = []
    for row in report.rows:
        item = row.item
        flags = ""
        if row.overdue:
            flags += f'<span class="flag">{escape(_("overdue"))}</span>'
        if row.stale:
            flags += f'<span class="flag stale">{escape(_("stale"))}</span>'
        if row.progress is not None:
            progress = pct(row.progress / 100)
        elif row.coverage is not None:
            progress = _("{done}/{of} countries").format(done=row.coverage[0], of=row.coverage[1])
        else:
            progress = pct(row.completion)
        last = ""
        if row.last is not None:
            last = escape(
                plain(
                    f"{labels.numbers.date(row.last.date)} {row.last.by}"
                    + (f": {row.last.note}" if row.last.note else "")
                )
            )
        rows.append(
            f'<tr class="{"overdue" if row.overdue else ""}"><td>{escape(plain(item.id))}</td>'
            f"<td>{escape(plain(row.title))}</td><td>{item.pillar}</td>"
            f'<td class="status s-{row.status}">{escape(labels.status(row.status))}</td>'
            f'<td class="num">{escape(progress)}</td>'
            f"<td>{escape(labels.numbers.date(item.due, ''))}{flags}</td>"
            f"<td>{escape(plain(', '.join(item.lead)))}</td><td>{last}</td></tr>"
        )
    body.append(f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")
    # -- pillars × countries (spec section 9) --
    if report.summary.countries:
        body.append(f"<h2>{escape(_('Completion by pillar and country'))}</h2>")
        body.append(country_heatmap(report.summary.by_country, labels))
    return _page(title, report.lang, body)
