"""ISO codes: countries (ISO 3166-1 alpha-2) and languages (ISO 639-1), from pycountry.

pycountry is imported on first use only: most runs never need it.
"""

from __future__ import annotations

import functools
import gettext


@functools.cache
def _countries() -> dict[str, str]:
    import pycountry

    return {c.alpha_2: c.name for c in pycountry.countries}


@functools.cache
def _languages() -> frozenset[str]:
    import pycountry

    return frozenset(lang.alpha_2 for lang in pycountry.languages if hasattr(lang, "alpha_2"))


def normalize_country(code: str) -> str | None:
    """The code in capitals when it is an ISO 3166-1 alpha-2 code (in any case, and nothing
    else: no spaces), else None."""
    upper = code.upper()
    return upper if upper in _countries() else None


@functools.cache
def _alpha3() -> dict[str, str]:
    import pycountry

    return {c.alpha_3: c.alpha_2 for c in pycountry.countries}


def country_problem(code: object) -> str:
    """Why ``code`` is not a country code, with the alpha-2 code when it is an alpha-3 one."""
    text = f"{code!r} is not an ISO 3166-1 alpha-2 country code"
    if isinstance(code, str):
        alpha2 = _alpha3().get(code.strip().upper())
        if alpha2:
            text += f" (did you mean {alpha2}?)"
    return text


def is_language(code: str) -> bool:
    return code in _languages()


def country_codes() -> list[str]:
    return sorted(_countries())


@functools.cache
def _country_translation(lang: str) -> gettext.NullTranslations:
    import pycountry

    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True)


def country_name(code: str, lang: str = "en") -> str:
    """The country's name in ``lang`` (from the ISO data's own translations)."""
    name = _countries().get(code, code)
    if lang == "en":
        return name
    return _country_translation(lang).gettext(name)
