"""``jap brief`` in the human formats: the views of render/view_brief.py drawn by the terminal,
Markdown and HTML drawers (table.py, markdown.py, html.py). The Markdown is plain GitHub
Markdown (headings, text and pipe tables, no HTML), to paste into a CI job summary or an
e-mail; the HTML is one self-contained page in ``jap report``'s style sheet (ratings in words and
colour, tables as blocks on narrow screens), and prints on A4.
"""

from __future__ import annotations

from typing import Any

from jap_tracker.brief import Brief
from jap_tracker.render import view_brief
from jap_tracker.render.labels import Labels
from jap_tracker.render.view import View


def render_table(brief: Brief, lang: str, console: Any = None) -> str:
    from jap_tracker.render.table import draw

    labels = Labels(lang)
    top = draw([view_brief.headline(brief, labels)], console)
    views: list[View | None] = [*view_brief.body(brief, labels)]
    return top + "\n" + draw(views, console)


def render_markdown(brief: Brief, lang: str) -> str:
    from jap_tracker.render.markdown import section

    labels = Labels(lang)
    top = section(view_brief.headline(brief, labels), level=1)
    return top + "\n" + "\n".join(section(v) for v in view_brief.body(brief, labels))


def render_html(brief: Brief, lang: str) -> str:
    from html import escape

    from jap_tracker.render import html
    from jap_tracker.render.common import html_text as _t

    labels = Labels(lang)
    _ = labels
    top = view_brief.headline(brief, labels)
    title = "".join(span.text for span in top.title)
    move = brief.overall
    rating = f'<span class="rating r-{escape(move.rating)}">' if move.rating else "<span>"
    scope = view_brief.scope_text(brief, labels)
    overall = _("Overall")
    figures = [
        '<div class="headline">',
        f'<div><span class="figure">{_t(view_brief.overall_text(move, labels))}</span> '
        f"{_t(overall)} · {rating}{_t(labels.rating(move.rating))}</span></div>",
        f'<div class="kpi">{_t(view_brief.counts_text(brief, labels))}</div>',
        "</div>",
    ]
    meta = view_brief.known_text(brief, labels) + (f" · {scope}" if scope else "")
    body = [
        f"<header><h1>{_t(title)}</h1>",
        f'<p class="meta">{_t(meta)}</p></header>',
        "<main>",
        *figures,
        *(part for v in view_brief.body(brief, labels) for part in html.section(v)),
        "</main>",
        html.footer(labels, brief.until),
    ]
    return html._page(title, lang, body)
