"""Plan text in several languages: the fallback order of spec section 10, and `jap check` on
language codes, with their locations."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from jap_tracker.model import choose_text

LANGS = st.sampled_from(["en", "fr", "ru", "kk", "uz", "de"])


def test_requested_then_plan_lang_then_first_written() -> None:
    text = {"ru": "по-русски", "fr": "en français", "en": "in English"}
    assert choose_text(text, "fr", "en") == "en français"  # the requested language
    partial = {"ru": "по-русски", "fr": "en français"}
    assert choose_text(partial, "en", "fr") == "en français"  # else the plan's lang
    assert choose_text(partial, "en", "de") == "по-русски"  # else the first written
    assert choose_text(None, "fr") == ""


@given(
    st.dictionaries(LANGS, st.text(min_size=1), min_size=1),
    LANGS,
    LANGS,
)
def test_choice_follows_the_order(text: dict[str, str], lang: str, plan_lang: str) -> None:
    chosen = choose_text(text, lang, plan_lang)
    if lang in text:
        assert chosen == text[lang]
    elif plan_lang in text:
        assert chosen == text[plan_lang]
    else:
        assert chosen == next(iter(text.values()))


BAD_CODES = """
[plan]
id = "A"
title = { en = "Plan A", xx = "B" }
lang = "zz"

[[item]]
id = "A-1"
title = { EN = "x" }
pillar = "I"
description = { fr = "" }

[[item.indicator]]
id = "i"
title = { fr = "t", qq = "u" }
target = 3
"""


def test_check_locates_every_bad_language_code(write_plans, jap) -> None:
    folder = write_plans(a=BAD_CODES)
    done = jap("check", "--plans", folder)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    expected = [
        ("a.toml:4:", "'xx' is not an ISO 639-1 language code"),
        ("a.toml:5:", "'zz' is not an ISO 639-1 language code"),  # [plan] lang
        ("a.toml:9:", "'EN' is not an ISO 639-1 language code"),
        ("a.toml:11:", "the 'fr' text must be a non-empty string"),
        ("a.toml:15:", "'qq' is not an ISO 639-1 language code"),
    ]
    for where, what in expected:
        assert any(where in line and what in line for line in lines), (where, what, lines)
    assert "5 errors in 1 file" in done.stderr


def test_plain_title_is_in_the_plans_language(write_plans, jap) -> None:
    import json

    folder = write_plans(
        a="""
        [plan]
        id = "A"
        title = "Plan en français"
        lang = "fr"

        [[item]]
        id = "A-1"
        title = "Former les juges"
        pillar = "I"
        """
    )
    for lang in ("en", "fr", "ru"):
        done = jap("report", "--format", "json", "--lang", lang, "--plans", folder)
        assert done.returncode == 0, done.stderr
        data = json.loads(done.stdout)
        assert data["items"][0]["title"] == "Former les juges"
        assert data["summary"]["plans"][0]["title"] == "Plan en français"
