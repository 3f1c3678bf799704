"""Pillars × countries (``jap status --by country``, the HTML heat map): each cell the items of
a pillar that concern a country, with that country's own figures. Pure: built from the items,
the replayed figures and the as-of date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from jap_tracker import codes, evaluation
from jap_tracker.i18n import pillar_name
from jap_tracker.model import PILLARS, Item, Plan
from jap_tracker.progress import CANCELLED, DONE, Entry, Group, ItemProgress, entries
from jap_tracker.progress import group as count_group


class Cell(NamedTuple):
    """One pillar × country cell: the items of the pillar that concern the country, each with
    that country's own figures and weight; ``coverage`` is (done, not cancelled) among them."""

    pillar: str
    country: str
    figures: Group
    coverage: tuple[int, int]


class Total(NamedTuple):
    """A row or column total of a CountryMatrix (``id`` a pillar, a country code, or "")."""

    id: str
    name: str
    figures: Group
    coverage: tuple[int, int]


class CountryMatrix(NamedTuple):
    """Pillars × countries (``jap status --by country``, the HTML heat map).

    ``cells`` run pillar by pillar (I to IV), and within a pillar country by country in the
    order of ``countries`` (code order). A country's total is its figures in
    ``StatusReport.countries``. A pillar's total counts the pillar's items that have countries,
    with their item-level figures (the mean over countries, spec section 9), and sums their
    coverages; ``overall`` does the same over all of them. In one country's view every total
    is that country's.
    """

    countries: list[Total]
    pillars: list[Total]
    cells: list[Cell]
    overall: Total

    def cell(self, pillar: str, country: str) -> Cell:
        column = [c.id for c in self.countries].index(country)
        return self.cells[PILLARS.index(pillar) * len(self.countries) + column]


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
    figures: dict[str, ItemProgress],
    as_of: dt.date,
    lang: str = "en",
    country: str | None = None,
    plans: dict[str, Plan] | None = None,
) -> CountryMatrix:
    """Pillars × the countries that ``items`` concern (only ``country``, in its own view);
    with ``plans`` (by id), no item of a closed plan is overdue."""
    seen = sorted({c for item in items for c in item.countries})
    if country is not None:
        seen = [country] if country in seen else []

    def entries_of(chosen: Iterable[Item], code: str | None = None) -> list[Entry]:
        found = entries(chosen, figures, as_of, code)
        return found if plans is None else evaluation.on_time(found, plans, as_of)

    per_country = {code: entries_of(items, code) for code in seen}
    cells = [
        Cell(pillar, code, count_group(chosen), coverage(chosen))
        for pillar in PILLARS
        for code in seen
        for chosen in ([e for e in per_country[code] if e.item.pillar == pillar],)
    ]
    columns = [
        Total(code, codes.country_name(code, lang), count_group(chosen), coverage(chosen))
        for code, chosen in per_country.items()
    ]
    if country is not None:
        whole = per_country.get(country, [])

        def cover(chosen: list[Entry]) -> tuple[int, int]:
            return coverage(chosen)
    else:
        whole = entries_of([item for item in items if item.countries])

        def cover(chosen: list[Entry]) -> tuple[int, int]:
            pairs = [item_coverage(figures[e.item.id]) for e in chosen]
            return sum(p[0] for p in pairs), sum(p[1] for p in pairs)

    rows = [
        Total(pillar, pillar_name(pillar, lang), count_group(chosen), cover(chosen))
        for pillar in PILLARS
        for chosen in ([e for e in whole if e.item.pillar == pillar],)
    ]
    return CountryMatrix(columns, rows, cells, Total("", "", count_group(whole), cover(whole)))
