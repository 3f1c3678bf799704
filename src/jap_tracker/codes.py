"""ISO codes: countries (ISO 3166-1 alpha-2, from pycountry) and languages (ISO 639-1), and
the names of countries in each language: the United Nations' own short names for the states of
Central Asia, else the ISO data's translations.

pycountry's data files are read on first use, without importing pycountry (whose import, of
importlib.metadata, cost more than all the rest of a first run on the shipped plans).
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import gettext  # imported where a translation is read (~1.5 ms)


@functools.cache
def _pycountry(name: str) -> str:
    """The path of ``name`` (``/``-separated) in pycountry's package folder: its data, found
    without importing pycountry, as the translations below always were."""
    import importlib.util

    spec = importlib.util.find_spec("pycountry")
    assert spec is not None and spec.submodule_search_locations, "pycountry is a dependency"
    return f"{list(spec.submodule_search_locations)[0]}/{name}"


@functools.cache
def _country_table() -> list[dict[str, str]]:
    """ISO 3166-1 as pycountry ships it: one dict per country (alpha_2, alpha_3, name, ...)."""
    import json

    with open(_pycountry("databases/iso3166-1.json"), "rb") as file:
        table: list[dict[str, str]] = json.load(file)["3166-1"]
    return table


@functools.cache
def _countries() -> dict[str, str]:
    return {c["alpha_2"]: c["name"] for c in _country_table()}


# The 184 ISO 639-1 codes, as pycountry lists them (tests/test_countries.py checks that they
# still agree): loading pycountry's 7,900 languages to check a two-letter code would cost
# about 30 ms of every first run.
_ISO_639_1_TEXT = """
    aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv
    cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho
    hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku
    kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn
    no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg sh si sk sl
    sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve
    vi vo wa wo xh yi yo za zh zu
"""
_ISO_639_1 = frozenset(_ISO_639_1_TEXT.split())


def _languages() -> frozenset[str]:
    return _ISO_639_1


def normalize_country(code: str) -> str | None:
    """The code in capitals when it is an ISO 3166-1 alpha-2 code (in any case, and nothing
    else: no spaces), else None."""
    upper = code.upper()
    return upper if upper in _countries() else None


@functools.cache
def _alpha3() -> dict[str, str]:
    return {c["alpha_3"]: c["alpha_2"] for c in _country_table()}


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
    import gettext

    return gettext.translation("iso3166-1", _pycountry("locales"), languages=[lang], fallback=True)


# The short names of the five states of Central Asia as the United Nations writes them (UNTERM,
# the UN's terminology database, in its official languages). Neither the ISO data (Russian
# "Киргизия") nor Babel's CLDR data (French "Kirghizstan", Russian "Киргизия") has them all.
UN_NAMES: dict[str, dict[str, str]] = {
    "en": {
        "KZ": "Kazakhstan",
        "KG": "Kyrgyzstan",
        "TJ": "Tajikistan",
        "TM": "Turkmenistan",
        "UZ": "Uzbekistan",
    },
    "fr": {
        "KZ": "Kazakhstan",
        "KG": "Kirghizistan",
        "TJ": "Tadjikistan",
        "TM": "Turkménistan",
        "UZ": "Ouzbékistan",
    },
    "ru": {
        "KZ": "Казахстан",
        "KG": "Кыргызстан",
        "TJ": "Таджикистан",
        "TM": "Туркменистан",
        "UZ": "Узбекистан",
    },
}


def country_name(code: str, lang: str = "en") -> str:
    """The country's name in ``lang``: the UN's for the states of Central Asia (``UN_NAMES``),
    else the ISO data's own translation."""
    un_name = UN_NAMES.get(lang, {}).get(code)
    if un_name is not None:
        return un_name
    name = _countries().get(code, code)
    if lang == "en":
        return name
    return _country_translation(lang).gettext(name)
