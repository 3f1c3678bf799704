"""Inline SVG charts for the HTML page: bars of completion, lines of a trend, and the pillars ×
countries heat map. Every text passes through ``plain`` and ``html.escape``."""

from __future__ import annotations

from html import escape

from jap_tracker.matrix import CountryMatrix
from jap_tracker.model import PILLARS
from jap_tracker.render.common import html_text as _t
from jap_tracker.render.common import plain
from jap_tracker.render.labels import Labels
from jap_tracker.timeline import Trend

# One colour per pillar, and the overall line; distinguishable in grey when printed
# (dash patterns as well as hue).
PILLAR_COLOURS = {"I": "#2a7ab0", "II": "#d9822b", "III": "#3c9d5d", "IV": "#8e5bb5"}
PILLAR_DASHES = {"I": "", "II": "6 3", "III": "2 3", "IV": "8 3 2 3"}
OVERALL_COLOUR = "#1b1f24"


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
