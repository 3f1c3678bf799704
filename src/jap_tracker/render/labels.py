"""The labels renderers print, as gettext message ids, translated for one language.

Every label the table, Markdown and HTML renderers show goes through a call that Babel's
extractor finds (the keywords are set in pyproject.toml, ``[tool.babel]``):
``labels("Completion")`` or ``_("Completion")`` with ``_ = labels``, ``N_("Done")`` to mark a
message that is translated later, and ``labels.plural("{n} item", "{n} items", n)``.
``scripts/update_catalogues.sh`` collects them into ``locale/jap.pot`` and the ``.po`` files.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from jap_tracker.diagnostics import english_plural
from jap_tracker.i18n import plural_translator, translator
from jap_tracker.model import STATUSES
from jap_tracker.render.common import Numbers

if TYPE_CHECKING:
    from jap_tracker.report import Filters, ItemRow


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark, translate later"
    return message


STATUS_LABELS: dict[str, str] = {
    "not_started": N_("Not started"),
    "in_progress": N_("In progress"),
    "done": N_("Done"),
    "blocked": N_("Blocked"),
    "cancelled": N_("Cancelled"),
}


# Ratings (spec section 13): words, so that a rating never rests on colour alone.
RATING_LABELS: dict[str, str] = {
    "achieved": N_("achieved"),
    "on_track": N_("on track"),
    "at_risk": N_("at risk"),
    "off_track": N_("off track"),
}


# The title of `jap trend`'s values table, by the length of its periods.
PERIOD_TITLES: dict[str, str] = {
    "month": N_("Completion at the end of each month"),
    "quarter": N_("Completion at the end of each quarter"),
    "year": N_("Completion at the end of each year"),
}


def progress_text(row: ItemRow, labels: Labels) -> str:
    """An item row's progress: its percentage, or for an item with countries its coverage."""
    if row.progress is not None:
        return labels.numbers.percent(row.progress / 100)
    if row.coverage is not None:
        done, of = row.coverage
        return labels.plural("{done}/{of} country", "{done}/{of} countries", of).format(
            done=done, of=of
        )
    return ""


def last_update_text(row: ItemRow, labels: Labels) -> str:
    """An item row's last update: ``date by: note`` (file text, to be made safe by the caller)."""
    last = row.last
    if last is None:
        return ""
    return f"{labels.numbers.date(last.date)} {last.by}" + (f": {last.note}" if last.note else "")


def points_text(labels: Labels, before: float | None, after: float | None) -> str:
    """A move between two completions with its unit: "+12.5 pts", "0.0 pts" ("" without both)."""
    points = labels.numbers.points(before, after)
    return labels("{points} pts").format(points=points) if points else ""


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
        from jap_tracker.codes import country_name

        name = f"{filters.country} {country_name(filters.country, labels.lang)}"
        out.append(_("Country: {country}").format(country=name))
    return out


class Labels:
    """``labels("Completion")`` in the reader's language, plus its numbers and dates."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._: Callable[[str], str] = translator(lang)
        self.numbers = Numbers(lang)

    def __call__(self, message: str) -> str:
        return self._(message)

    def plural(self, singular: str, plural: str, n: int) -> str:
        """The form that suits ``n`` (Russian has three); format ``{n}`` in it yourself."""
        if self.lang == "en":
            return english_plural(singular, plural, n)
        return plural_translator(self.lang)(singular, plural, n)

    def status(self, status: str) -> str:
        return self._(STATUS_LABELS[status])

    def rating(self, rating: str | None, empty: str = "—") -> str:
        """A rating in words, so that a rating never rests on colour alone; ``empty`` for none
        (an unrated or cancelled item, a group without any rated item)."""
        return self._(RATING_LABELS[rating]) if rating is not None else empty

    def statuses(self) -> list[tuple[str, str]]:
        return [(s, self.status(s)) for s in STATUSES]
