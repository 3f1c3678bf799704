"""Pillars × countries (``jap status --by country``, the HTML heat map) and pillars ×
organisations (``jap status --by lead``): each cell the items of a pillar that concern a country
(with that country's own figures) or that an organisation leads. One shape for both, ``Matrix``,
and one way to assemble it. Pure: built from the items, the replayed figures and the as-of date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence

from jap_tracker import codes, evaluation
from jap_tracker.i18n import pillar_name
from jap_tracker.model import PILLARS, Item, Plan
from jap_tracker.named import NamedTuple
from jap_tracker.progress import CANCELLED, DONE, Entry, Group, ItemProgress, entries
from jap_tracker.progress import group as count_group


class Cell(NamedTuple):
    """One pillar × column cell (a country, or an organisation): the items of the pillar that
    concern the country, each with that country's own figures and weight, or that the
    organisation leads; ``coverage`` is (done, not cancelled) among them."""

    pillar: str
    column: str
    figures: Group
    coverage: tuple[int, int]

    @property
    def country(self) -> str:
        """The column of a country matrix: a country code."""
        return self.column


class Total(NamedTuple):
    """A row or column total of a Matrix (``id`` a pillar, a country code or an organisation,
    or "" for the whole)."""

    id: str
    name: str
    figures: Group
    coverage: tuple[int, int]


class Matrix(NamedTuple):
    """Pillars × countries (``jap status --by country``, the HTML heat map) or pillars ×
    organisations (``jap status --by lead``).

    ``cells`` run pillar by pillar (I to IV), and within a pillar column by column in the
    order of ``columns``: countries in code order, organisations in text order.

    By country: a country's total is its figures in ``StatusReport.countries``. A pillar's
    total counts the pillar's items that have countries, with their item-level figures (the
    mean over countries, spec section 9), and sums their coverages; ``overall`` does the same
    over all of them. In one country's view every total is that country's.

    By lead: an organisation's total is its figures in ``StatusReport.leads`` (spec section
    14); a pillar's total counts the pillar's items that have a lead, each once; every group
    is rated (spec section 13).
    """

    columns: list[Total]
    pillars: list[Total]
    cells: list[Cell]
    overall: Total

    @property
    def countries(self) -> list[Total]:
        """The columns of a country matrix: its countries."""
        return self.columns

    def cell(self, pillar: str, column: str) -> Cell:
        index = [c.id for c in self.columns].index(column)
        return self.cells[PILLARS.index(pillar) * len(self.columns) + index]


CountryMatrix = Matrix  # the name the country views (and the HTML heat map) know it by


def assemble(
    per_column: Mapping[str, list[Entry]],
    names: Mapping[str, str],
    whole: list[Entry],
    figures_of: Callable[[list[Entry]], Group],
    pillar_cover: Callable[[list[Entry]], tuple[int, int]],
    lang: str,
) -> Matrix:
    """Pillars × the columns of ``per_column`` (the entries of each, in their order), named by
    ``names``; the pillar totals and ``overall`` over ``whole``, covered by ``pillar_cover``.
    ``figures_of`` makes each group's figures."""
    cells = [
        Cell(pillar, key, figures_of(chosen), coverage(chosen))
        for pillar in PILLARS
        for key in per_column
        for chosen in ([e for e in per_column[key] if e.item.pillar == pillar],)
    ]
    columns = [
        Total(key, names[key], figures_of(chosen), coverage(chosen))
        for key, chosen in per_column.items()
    ]
    rows = [
        Total(pillar, pillar_name(pillar, lang), figures_of(chosen), pillar_cover(chosen))
        for pillar in PILLARS
        for chosen in ([e for e in whole if e.item.pillar == pillar],)
    ]
    overall = Total("", "", figures_of(whole), pillar_cover(whole))
    return Matrix(columns, rows, cells, overall)


def coverage(chosen: Iterable[Entry]) -> tuple[int, int]:
    """(done, of): entries done, out of those not cancelled."""
    done = of = 0
    for entry in chosen:
        if entry.status != CANCELLED:
            of += 1
            done += entry.status == DONE
    return done, of


def item_coverage(progress: ItemProgress) -> tuple[int, int]:
    """An item's (countries done, countries not cancelled)."""
    active = [v.status for v in progress.countries.values() if v.status != CANCELLED]
    return sum(1 for s in active if s == DONE), len(active)


def by_country(
    items: Sequence[Item],
    figures: Mapping[str, ItemProgress],
    as_of: dt.date,
    lang: str = "en",
    country: str | None = None,
    plans: dict[str, Plan] | None = None,
) -> Matrix:
    """Pillars × the countries that ``items`` concern (only ``country``, in its own view);
    with ``plans`` (by id), no item of a closed plan is overdue."""
    seen = sorted({c for item in items for c in item.countries})
    if country is not None:
        seen = [country] if country in seen else []

    def entries_of(chosen: Iterable[Item], code: str | None = None) -> list[Entry]:
        found = entries(chosen, figures, as_of, code)
        return found if plans is None else evaluation.on_time(found, plans, as_of)

    per_country = {code: entries_of(items, code) for code in seen}
    names = {code: codes.country_name(code, lang) for code in seen}
    if country is not None:
        return assemble(
            per_country, names, per_country.get(country, []), count_group, coverage, lang
        )

    def cover(chosen: list[Entry]) -> tuple[int, int]:
        pairs = [item_coverage(figures[e.item.id]) for e in chosen]
        return sum(p[0] for p in pairs), sum(p[1] for p in pairs)

    whole = entries_of([item for item in items if item.countries])
    return assemble(per_country, names, whole, count_group, cover, lang)


def by_lead(
    chosen: Iterable[Entry], figures_of: Callable[[list[Entry]], Group], lang: str = "en"
) -> Matrix:
    """Pillars × the organisations that lead any of ``chosen`` (``evaluation.by_lead``: the
    exact texts, sorted); ``figures_of`` makes each group's figures (rated, spec section 13)."""
    chosen = list(chosen)
    per_lead = dict(evaluation.by_lead(chosen))
    whole = [e for e in chosen if e.item.lead]
    return assemble(per_lead, {name: name for name in per_lead}, whole, figures_of, coverage, lang)
