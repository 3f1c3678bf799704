"""Languages: which ones jap speaks, the pillars' official names, and the message catalogues.

Labels printed by the table, Markdown and HTML renderers go through ``translator(lang)``, which
reads the gettext catalogue ``locale/<lang>/LC_MESSAGES/jap.mo`` shipped in the package. JSON
and CSV never pass through here, except for pillar and country names.
"""

from __future__ import annotations

import functools
import gettext
from collections.abc import Callable
from pathlib import Path

LANGUAGES: tuple[str, ...] = ("en", "fr", "ru")
DEFAULT_LANG = "en"
LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "jap"

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
    return PILLAR_NAMES.get(lang, PILLAR_NAMES["en"])[pillar]


@functools.cache
def translator(lang: str) -> Callable[[str], str]:
    """gettext for ``lang``: English message ids in, the catalogue's text out."""
    if lang == "en":
        return lambda message: message
    catalogue = gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)
    return catalogue.gettext
