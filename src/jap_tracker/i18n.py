"""Languages: which ones jap speaks, the pillars' official names, the message catalogues, and
the English month names that spare an English table Babel's locale data (``english_months``).

Labels printed by the table, Markdown and HTML renderers go through ``translator(lang)``, which
reads the gettext catalogue ``locale/<lang>/LC_MESSAGES/jap.mo`` shipped in the package (the
build compiles it from ``jap.po``: hatch_build.py). JSON and CSV never pass through here, except
for pillar and country names. jap speaks English and every language it has a catalogue for:
adding a language is adding a catalogue (docs/languages.md).
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import gettext  # imported where a catalogue is read: English needs none (~1.5 ms)

DEFAULT_LANG = "en"
LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "jap"


def _catalogue_languages() -> tuple[str, ...]:
    try:
        found = {
            entry.name
            for entry in LOCALE_DIR.iterdir()
            if (entry / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file()
            or (entry / "LC_MESSAGES" / f"{DOMAIN}.po").is_file()
        }
    except OSError:
        found = set()
    return (DEFAULT_LANG, *sorted(found - {DEFAULT_LANG}))


# English (the message ids themselves), then every language with a catalogue.
LANGUAGES: tuple[str, ...] = _catalogue_languages()

# Official headings of the Plan of Action annexed to A/RES/60/288, by language.
PILLAR_NAMES: dict[str, dict[str, str]] = {
    "en": {
        "I": "Measures to address the conditions conducive to the spread of terrorism",
        "II": "Measures to prevent and combat terrorism",
        "III": "Measures to build States' capacity to prevent and combat terrorism and to "
        "strengthen the role of the United Nations system in this regard",
        "IV": "Measures to ensure respect for human rights for all and the rule of law as the "
        "fundamental basis of the fight against terrorism",
    },
    # As on the UN General Assembly's French pages on the Strategy.
    "fr": {
        "I": "Mesures visant à éliminer les conditions propices à la propagation du terrorisme",
        "II": "Mesures visant à prévenir et combattre le terrorisme",
        "III": "Mesures destinées à étoffer les moyens dont les États disposent pour prévenir et "
        "combattre le terrorisme et à renforcer le rôle joué en ce sens par l'Organisation des "
        "Nations Unies",
        "IV": "Mesures garantissant le respect des droits de l'homme pour tous et la primauté du "
        "droit en tant que base fondamentale de la lutte antiterroriste",
    },
    "ru": {
        # UNVERIFIED: I, II and IV are the wording in common use, consistent with heading III;
        # they were not seen in a primary source. Replace them once one confirms them.
        "I": "Меры по устранению условий, способствующих распространению терроризма",
        "II": "Меры по предотвращению терроризма и борьбе с ним",
        # Verified: as printed in the Russian text of resolution 60/288.
        "III": "Меры по укреплению потенциала государств по предотвращению терроризма и борьбе "
        "с ним и укреплению роли системы Организации Объединенных Наций в этой области",
        # UNVERIFIED (see above).
        "IV": "Меры по обеспечению всеобщего уважения прав человека и верховенства права в "
        "качестве фундаментальной основы борьбы с терроризмом",
    },
}


def pillar_name(pillar: str, lang: str = DEFAULT_LANG) -> str:
    """The pillar's official heading in ``lang`` (in English for a language not listed)."""
    return PILLAR_NAMES.get(lang, PILLAR_NAMES[DEFAULT_LANG])[pillar]


# CLDR's abbreviated English month names (Babel's "MMM" in locale en)
_ENGLISH_MONTHS = (
    *("Jan", "Feb", "Mar", "Apr", "May", "Jun"),
    *("Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
)


def english_months(first: dt.date, last: dt.date) -> str:
    """Babel's ``format_interval(first, last, "MMM", locale="en")`` without loading Babel's
    locale data (~35 ms): the month's name when both dates fall in the same month of the year
    (Babel compares the month alone), else both names with CLDR's English interval between
    them, an en dash in thin spaces ("Jun\u2009–\u2009Nov"). tests/test_i18n_numbers.py holds
    it to Babel's text."""
    if first.month == last.month:
        return _ENGLISH_MONTHS[first.month - 1]
    return f"{_ENGLISH_MONTHS[first.month - 1]}\u2009–\u2009{_ENGLISH_MONTHS[last.month - 1]}"


def _compiled_from_po(po_path: Path) -> gettext.GNUTranslations:
    """A catalogue straight from its ``.po`` source (a checkout whose ``.mo`` is missing or
    older than the ``.po``), compiled in memory as the build would compile it."""
    import gettext

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po_path.open("rb") as source:
        catalogue = read_po(source)
    buffer = io.BytesIO()
    write_mo(buffer, catalogue)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


@functools.cache
def catalogue(lang: str) -> gettext.NullTranslations:
    """The message catalogue of ``lang``: its ``.mo``, or its ``.po`` when that is newer."""
    import gettext

    folder = LOCALE_DIR / lang / "LC_MESSAGES"
    mo_path, po_path = folder / f"{DOMAIN}.mo", folder / f"{DOMAIN}.po"
    try:
        mo_time: float | None = mo_path.stat().st_mtime
    except OSError:
        mo_time = None
    try:
        po_time: float | None = po_path.stat().st_mtime
    except OSError:
        po_time = None
    if mo_time is not None and (po_time is None or po_time <= mo_time):
        with mo_path.open("rb") as compiled:
            return gettext.GNUTranslations(compiled)
    if po_time is not None:
        return _compiled_from_po(po_path)
    return gettext.NullTranslations()  # English: the message ids are the text


def translator(lang: str) -> Callable[[str], str]:
    """gettext for ``lang``: English message ids in, the catalogue's text out."""
    if lang == DEFAULT_LANG:
        return _identity
    return catalogue(lang).gettext


def plural_translator(lang: str) -> Callable[[str, str, int], str]:
    """ngettext for ``lang``: the form of the message that suits the number ``n``."""
    return catalogue(lang).ngettext


def _identity(message: str) -> str:
    return message
