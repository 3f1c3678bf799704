"""Inline SVG charts for the HTML page: bars of completion, lines of a trend, and the pillars ×
countries heat map. Every text passes through ``plain`` and ``html.escape``."""

from __future__ import annotations

from html import escape

from jap_tracker.matrix import CountryMatrix
from jap_tracker.model import PILLARS
from jap_tracker.named import NamedTuple
from jap_tracker.render.common import html_text as _t
from jap_tracker.render.common import plain
from jap_tracker.render.labels import Labels
from jap_tracker.timeline import Trend

# One colour per pillar, and the overall line; distinguishable in grey when printed
# (dash patterns as well as hue).
PILLAR_COLOURS = {"I": "#2a7ab0", "II": "#d9822b", "III": "#3c9d5d", "IV": "#8e5bb5"}
PILLAR_DASHES = {"I": "", "II": "6 3", "III": "2 3", "IV": "8 3 2 3"}
OVERALL_COLOUR = "#1b1f24"
BAR_COLOUR = "#2a7ab0"


class Bar(NamedTuple):
    """One bar: its label (a pillar's or a plan's full name), completion, and what spec section
    13 expects by now with the rating that follows (None: unrated)."""

    label: str
    completion: float | None
    expected: float | None = None
    rating: str | None = None


def _bar_svg(bar: Bar, tip: str) -> str:
    """The bar itself: stretched to its line's width (the label and figures are HTML beside
    it, so that they wrap and keep the page's font size), with a tick at the expected value."""
    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg" class="bar" viewBox="-2 0 104 20" '
        f'preserveAspectRatio="none" aria-hidden="true"><title>{_t(tip)}</title>'
        '<rect x="0" y="4" width="100" height="12" fill="#e8ecf0"/>'
    ]
    if bar.completion is not None:
        done = 100 * max(0.0, min(1.0, bar.completion))
        parts.append(f'<rect x="0" y="4" width="{done:.2f}" height="12" fill="{BAR_COLOUR}"/>')
    if bar.expected is not None:
        at = 100 * max(0.0, min(1.0, bar.expected))
        parts.append(
            f'<line class="expected" x1="{at:.2f}" x2="{at:.2f}" y1="0" y2="20" '
            f'stroke="{OVERALL_COLOUR}" stroke-width="2.5" vector-effect="non-scaling-stroke"/>'
        )
    parts.append("</svg>")
    return "".join(parts)


def expected_legend(labels: Labels) -> str:
    """What a bar's parts mean: the filled part completion, the tick the expected value."""
    tick = (
        '<svg xmlns="http://www.w3.org/2000/svg" class="tick" viewBox="0 0 6 20" '
        'aria-hidden="true">'
        f'<line x1="3" x2="3" y1="0" y2="20" stroke="{OVERALL_COLOUR}" stroke-width="2.5"/></svg>'
    )
    completion, expected = _t(labels("Completion")), _t(labels("expected by now"))
    return (
        '<ul class="legend">'
        f'<li><span style="background:{BAR_COLOUR}"></span>{completion}</li>'
        f"<li>{tick}{expected}</li></ul>"
    )


def bar_chart(title: str, bars: list[Bar], labels: Labels) -> str:
    """Horizontal bars, one per row, for completions from 0 to 1: each with its full label
    above, its figure beside it, and (where rated) its expected value as a tick with the
    rating in words, never by colour alone."""
    pct = labels.numbers.percent
    rows = []
    for bar in bars:
        shown = pct(bar.completion)
        note = ""
        tip = f"{bar.label}: {shown}"
        if bar.expected is not None:
            expected = labels("expected {value}").format(value=pct(bar.expected))
            tip += f" · {expected}"
            note = f'<span class="bar-note">{_t(expected)}'
            if bar.rating is not None:
                word = _t(labels.rating(bar.rating))
                note += f' · <span class="rating r-{escape(bar.rating)}">{word}</span>'
            note += "</span>"
        rows.append(
            f'<li><span class="bar-label">{_t(bar.label)}</span>'
            f'<span class="bar-line">{_bar_svg(bar, tip)}'
            f'<b class="bar-value">{_t(shown)}</b></span>{note}</li>'
        )
    legend = expected_legend(labels) if any(b.expected is not None for b in bars) else ""
    return (
        f'<figure class="bars" role="group" aria-label="{_t(title)}">'
        f'<ul class="bar-rows">{"".join(rows)}</ul>{legend}</figure>'
    )


class Frame(NamedTuple):
    """A drawing's size in its own units and its margins; ``ticks`` the most dates along the
    bottom. The page shows the wide frame on wide screens and paper, the narrow one on phones,
    each at a size where its text is at least the page's small print."""

    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    ticks: int


WIDE = Frame(1000, 300, 60, 40, 14, 36, 12)
NARROW = Frame(360, 260, 56, 30, 12, 34, 4)


def trend_chart(title: str, trend: Trend, labels: Labels, frame: Frame = WIDE) -> str:
    """Lines of completion (0–100%) per pillar and overall, at the end of each period."""
    points = trend.periods
    width, height, left, right, top, bottom, ticks = frame
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
    step = max(1, -(-n // ticks))  # at most about that many labels along the bottom
    for i, tp in enumerate(points):
        if i == n - 1 or (i % step == 0 and n - 1 - i >= step / 2):  # none crowding the last
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


def country_heatmap(matrix: CountryMatrix | None, labels: Labels, narrow: bool = False) -> str:
    """Pillars × countries as an inline SVG heat map: each cell coloured by the completion of
    the pillar's items in that country's figures, with its coverage (done/of); the last row
    and column are the totals ("" when no item is tracked per country). ``narrow``: for a
    phone, the countries by code only (their names are in each cell's tooltip)."""
    if matrix is None or not matrix.countries:
        return ""
    _ = labels
    num = labels.numbers
    title = _("Completion by pillar and country")
    columns = len(matrix.countries) + 1
    if narrow:
        label_w, cell_h, head_h, gap = 64, 44, 26, 6
        cell_w = max(50, (380 - label_w - gap) // columns)
    else:
        label_w, cell_w, cell_h, head_h, gap = 76, 104, 46, 44, 8
    steps = 10  # the legend: 11 shades from 0 to 100%, then "100%" (a few countries are narrower)
    width = max(label_w + columns * cell_w + gap, label_w + (steps + 1) * 18 + 64)
    height = head_h + 5 * cell_h + gap + 30
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="heatmap" '
        f'viewBox="0 0 {width} {height}" width="{width}" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>"
    ]

    def x_of(column: int) -> int:
        return label_w + column * cell_w + (gap if column == columns - 1 else 0)

    def y_of(row: int) -> int:
        return head_h + row * cell_h + (gap if row == 4 else 0)

    heads = [(c.id, c.name) for c in matrix.countries] + [(_("All"), "")]
    for column, (code, name) in enumerate(heads):
        x, anchor = x_of(column) + cell_w / 2, "middle"
        if narrow and column == columns - 1:  # "Ensemble" is wider than a narrow cell
            x, anchor = width - 1, "end"
        short = name if len(name) <= 15 else name[:14] + "…"
        parts.append(
            f'<text x="{x:.0f}" y="18" text-anchor="{anchor}" style="font-weight:700">'
            f"<title>{escape(plain(name or code))}</title>{escape(plain(code))}</text>"
            + (
                ""
                if narrow
                else f'<text x="{x:.0f}" y="34" text-anchor="middle">{escape(plain(short))}</text>'
            )
        )
    rows = [(p.id, p.name, [matrix.cell(p.id, c.id) for c in matrix.countries] + [p])
            for p in matrix.pillars]  # fmt: skip
    rows.append((_("All"), "", [*matrix.countries, matrix.overall]))
    for row, (pillar, pillar_full, cells) in enumerate(rows):
        y = y_of(row)
        parts.append(
            f'<text x="2" y="{y + cell_h / 2 + 4:.0f}" style="font-weight:700">'
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
                f'<text x="{x + cell_w / 2:.0f}" y="{y + (19 if sub else 26)}" '
                f'text-anchor="middle" style="fill:{ink};font-weight:600">{escape(shown)}</text>'
                + (
                    f'<text x="{x + cell_w / 2:.0f}" y="{y + 35}" text-anchor="middle" '
                    f'style="fill:{ink}">{escape(sub)}</text>'
                    if sub
                    else ""
                )
                + "</g>"
            )
    legend_y = y_of(4) + cell_h + 12
    for i in range(steps + 1):
        fill, _ink = _heat(i / steps)
        parts.append(
            f'<rect x="{label_w + i * 18}" y="{legend_y}" width="18" height="10" fill="{fill}"/>'
        )
    parts.append(
        f'<text x="{label_w - 4}" y="{legend_y + 10}" text-anchor="end">'
        f"{escape(num.percent(0.0))}</text>"
        f'<text x="{label_w + (steps + 1) * 18 + 4}" y="{legend_y + 10}">'
        f"{escape(num.percent(1.0))}</text></svg>"
    )
    return "".join(parts)
