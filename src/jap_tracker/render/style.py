"""The HTML page's inline style sheet (screen and A4 print) and the Content Security Policy that
keeps it self-contained: nothing is loaded from the network."""

STYLE = """
:root { --ink:#1b1f24; --muted:#5b6570; --line:#d8dde3; --bar:#2a7ab0; --bg:#f4f6f8;
  --done:#2e7d32; --prog:#b26a00; --block:#c62828; --none:#78828c; --stale:#6a1b9a; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
  color: var(--ink); margin: 2rem auto; max-width: 1240px; padding: 0 1rem; background: #fff; }
h1 { font-size: 1.6rem; margin: 0 0 .2rem; } h2 { font-size: 1.2rem; margin: 1.8rem 0 .6rem; }
.meta { color: var(--muted); margin: 0 0 1rem; }
.meta b { color: var(--ink); font-weight: 600; }
.headline { display: flex; flex-wrap: wrap; gap: .5rem 2rem; align-items: baseline;
  margin: 1rem 0; }
.figure { font-size: 2.2rem; font-weight: 700; }
.kpi { color: var(--muted); } .kpi strong { color: var(--ink); font-size: 1.2rem; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; }
th, td { border-bottom: 1px solid var(--line); padding: .35rem .4rem; text-align: left;
  vertical-align: top; }
th { background: var(--bg); font-weight: 600; }
td.wide { overflow-wrap: anywhere; } td.whole { white-space: nowrap; }
td.num, th.num { text-align: right; } /* figures hold together by their own no-break spaces */
th { font-size: .93em; }
td.id { white-space: nowrap; font-family: ui-monospace, "DejaVu Sans Mono", monospace;
  font-size: .9em; }
.status { font-weight: 600; }
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
.note { color: var(--muted); font-size: .85em; margin: .3rem 0; }
/* bar charts: HTML labels (they wrap, in the page's font) beside SVG bars with a tick at the
   expected value */
.bars { margin: 0; } .bar-rows { list-style: none; margin: 0; padding: 0; }
.bar-rows li { margin: 0 0 .6rem; }
.bar-label { display: block; overflow-wrap: anywhere; }
.bar-line { display: flex; align-items: center; gap: .5rem; }
svg.bar { flex: 1 1 auto; min-width: 0; width: 100%; height: 18px; }
.bar-value { flex: none; min-width: 4.2em; text-align: right; white-space: nowrap; }
.bar-note { display: block; color: var(--muted); font-size: .85em; }
.legend svg.tick { display: inline-block; width: .4em; height: 1.2em; vertical-align: middle;
  margin-right: .4em; }
/* the charts drawn twice (render/html.py, responsive): wide on screens of 900 px or more and on
   paper, narrow on phones; each one's text at least 11 px where it is shown */
.chart-narrow { display: none; }
.chart-wide svg text, .chart-wide svg .axis { font-size: 13px; }
.chart-narrow svg text, .chart-narrow svg .axis { font-size: 12px; }
@media (max-width: 899.98px) { .chart-wide { display: none; } .chart-narrow { display: block; } }
@media (max-width: 600px) { body { margin: 1rem auto; padding: 0 .6rem; } }
/* phones and tablets (and, for the items' many columns, screens narrower than 1280 px): each
   table row a block of "heading  value" lines (BLOCKS, below) */
@media screen and (max-width: 1099.98px) { BLOCKS(table) }
@media screen and (max-width: 1279.98px) { BLOCKS(table.many) }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 9.5pt; }
  h1 { font-size: 16pt; } h2 { font-size: 12pt; margin-top: 1rem; }
  .charts { grid-template-columns: 1fr 1fr; gap: 1rem; }
  h2 { break-after: avoid; } tr, svg, section, .bar-rows li { break-inside: avoid; }
  .chart-wide { display: block; } .chart-narrow { display: none; }
  table { font-size: 7.5pt; } th, td { padding: .2rem .25rem; } td.id { white-space: normal; }
  th { background: none; border-bottom: 1.5px solid var(--ink); }
  tr.overdue td { background: none; } tr.overdue td:first-child { font-weight: 700; }
  .flag { color: var(--ink); background: none; border: 1px solid var(--ink); }
  thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
}
.rating { font-weight: 600; white-space: nowrap; } .forecast { color: var(--muted); }
.rating.r-achieved { color: #1f5fa8; } .rating.r-on_track { color: var(--done); }
.rating.r-at_risk { color: var(--prog); } .rating.r-off_track { color: var(--block); }
"""

# The page enforces its own self-containment: a browser blocks (and logs) any load.
CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)

# Each row of a table (``{t}``: its selector) as a block of "heading  value" lines, written once
# for the two widths above.
BLOCKS = """
  {t}, {t} tbody, {t} tr, {t} td {{ display: block; width: auto; }}
  {t} thead tr {{ position: absolute; width: 1px; height: 1px; overflow: hidden;
    clip: rect(0 0 0 0); }}
  {t} tr {{ border-bottom: 1px solid var(--line); padding: .3rem 0; }}
  {t} td {{ display: flow-root; border: 0; padding: .1rem 0 .1rem 8.5em; text-align: left;
    white-space: normal; overflow-wrap: anywhere; }}
  {t} td::before {{ content: attr(data-label); float: left; width: 8em; margin-left: -8.5em;
    color: var(--muted); font-weight: 600; font-family: system-ui, sans-serif;
    font-size: .85rem; overflow-wrap: anywhere; }}
  {t} td.num, {t} td.id {{ text-align: left; }}
  {t} td:empty {{ display: none; }}
"""
for _selector in ("table", "table.many"):
    STYLE = STYLE.replace(f"BLOCKS({_selector})", BLOCKS.format(t=_selector))
