"""ISO codes: countries (ISO 3166-1 alpha-2, from pycountry's data) and languages (ISO 639-1).

pycountry's country list and its translations of their names are read from its package folder
on first use, without importing pycountry: its import (importlib.metadata for its version)
cost about 75 ms of every report that names a country, more than the rest of a small report.
"""

from __future__ import annotations

import functools
import gettext
import importlib.util
import json
from importlib.machinery import ModuleSpec


@functools.cache
def _pycountry() -> tuple[ModuleSpec, str]:
    """pycountry's module spec and package folder, found without importing it."""
    spec = importlib.util.find_spec("pycountry")
    assert spec is not None and spec.submodule_search_locations, "pycountry is a dependency"
    return spec, list(spec.submodule_search_locations)[0]


@functools.cache
def _iso3166() -> list[dict[str, str]]:
    """pycountry's ISO 3166-1 entries, from the file ``pycountry.countries`` reads (through
    its package's loader, as a resource of the library)."""
    spec, folder = _pycountry()
    get_data = getattr(spec.loader, "get_data")  # noqa: B009 - every file loader has it
    entries: list[dict[str, str]] = json.loads(get_data(f"{folder}/databases/iso3166-1.json"))[
        "3166-1"
    ]
    return entries


@functools.cache
def _countries() -> dict[str, str]:
    return {c["alpha_2"]: c["name"] for c in _iso3166()}


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
    return {c["alpha_3"]: c["alpha_2"] for c in _iso3166()}


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
    locales = f"{_pycountry()[1]}/locales"  # pycountry.LOCALES_DIR
    return gettext.translation("iso3166-1", locales, languages=[lang], fallback=True)


def country_name(code: str, lang: str = "en") -> str:
    """The country's name in ``lang`` (from the ISO data's own translations)."""
    name = _countries().get(code, code)
    if lang == "en":
        return name
    return _country_translation(lang).gettext(name)
