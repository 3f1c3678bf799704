"""The matrix views of ``jap status``, each decided once: pillars × countries (``--by
country``, spec section 9) and pillars × organisations (``--by lead``, spec section 14), drawn
from ``matrix.Matrix`` by the terminal, Markdown and HTML renderers. Pure, as view.py.
"""

from __future__ import annotations

from jap_tracker.matrix import Cell as MatrixCell
from jap_tracker.matrix import Total
from jap_tracker.model import PILLARS
from jap_tracker.render.common import matrix_cell
from jap_tracker.render.labels import Labels
from jap_tracker.render.view import (
    Cell,
    Column,
    Row,
    Span,
    View,
    own,
    rating_cell,
    rating_column,
    title_of,
)
from jap_tracker.report import StatusReport


def country_matrix(report: StatusReport, labels: Labels) -> View:
    """Pillars × countries: completion and coverage (done/of) in each cell."""
    _ = labels
    num = labels.numbers
    title = title_of(
        _("Completion by pillar and country, as of {date}").format(date=num.date(report.as_of))
    )
    matrix = report.by_country
    if matrix is None or not matrix.countries:
        return View(title, (), (), empty=_("No item is tracked per country."))
    columns = (
        Column(_("Pillar"), wrap=False),
        *[Column(f"{c.id} {c.name}", numeric=True, wrap=False) for c in matrix.countries],
        Column(_("All"), numeric=True, wrap=False),
    )
    rows = [
        Row(
            (
                (own(total.id),),
                *[(own(matrix_cell(num, matrix.cell(total.id, c.id))),) for c in matrix.countries],
                (own(matrix_cell(num, total)),),
            )
        )
        for total in matrix.pillars
    ]
    totals = [(own(matrix_cell(num, t)),) for t in (*matrix.countries, matrix.overall)]
    rows.append(Row(((own(_("All"), "total"),), *totals), total=True, strong=True))
    caption = _(
        "Each cell: completion · items done/items not cancelled, in that country's figures."
    )
    return View(title, columns, tuple(rows), caption=caption)


def lead_matrix(report: StatusReport, labels: Labels) -> View:
    """Pillars × organisations (``jap status --by lead``, spec section 14): one row per
    organisation, as named in the items' ``lead`` (rows, because organisations are many and
    their names long), its completion in each pillar and over all it leads, and its rating."""
    _ = labels
    num = labels.numbers
    title = title_of(
        _("Completion by organisation and pillar, as of {date}").format(date=num.date(report.as_of))
    )
    matrix = report.by_lead
    if matrix is None or not matrix.columns:
        return View(title, (), (), empty=_("No item names a lead."))

    def completion(part: MatrixCell | Total) -> Cell:
        figures = part.figures
        return (own(num.percent(figures.completion) if figures.items else "—"),)

    columns = (
        Column(_("Organisation"), share=1),
        *[Column(pillar, numeric=True, wrap=False) for pillar in PILLARS],
        Column(_("All"), numeric=True, wrap=False),
        rating_column(labels),
    )
    rows = [
        Row(
            (
                (Span(lead.name),),
                *[completion(matrix.cell(pillar, lead.id)) for pillar in PILLARS],
                completion(lead),
                rating_cell(labels, lead.figures.rating),
            )
        )
        for lead in matrix.columns
    ]
    whole = matrix.overall
    totals = [completion(total) for total in (*matrix.pillars, whole)]
    rating = rating_cell(labels, whole.figures.rating)
    rows.append(Row(((own(_("All"), "total"),), *totals, rating), total=True, strong=True))
    caption = _(
        "Each cell: completion of the items that the organisation leads in that pillar (an item"
        " with several leads counts for each); the rating is over all that it leads."
    )
    return View(title, columns, tuple(rows), caption=caption)
