"""Ratings in words (spec section 13) and pillars × organisations (spec section 14) as the
human formats show them, on one small plan computed by hand, at 80, 100 and 200 columns, in
en, fr and ru.

As of 2024-07-01, plan EV started 2024-01-01 (182 days before; 2024 has 366 days):

- EV-1 (pillar I, weight 2, due 2024-12-31, UNOCT): e = 182/365 = 0.4986, c = 0.40 lies
  between 0.5 e and 0.95 e: at risk; forecast 182 / 0.4 = 455 days: 2025-03-31.
- EV-2 (II, own start 2024-04-01, due 2024-09-30, UNRCCA): e = 91/182 = 0.5, c = 0.6: on track;
  forecast 91 / 0.6 = 151.7, up to 152 days after its start: 2024-08-31.
- EV-3 (III, due 2024-03-31, UNOCT and UNRCCA): done: achieved; no forecast.
- EV-4 (IV, due 2024-06-01, OSCE): e = 1, c = 0.1 < 0.5: off track; forecast 1820 days after
  2024-01-01: 2028-12-25.
- EV-5 (I, no due date): unrated, "—".

Groups: pillar I rates EV-1 only (EV-5 unrated): at risk; II on track; III achieved; IV off
track. Overall and plan: E = (2 × 0.4986 + 0.5 + 1 + 1) / 5 = 0.6995, A = (0.8 + 0.6 + 1 +
0.1) / 5 = 0.5: between 0.3497 and 0.6645: at risk. Leads: OSCE (EV-4) off track; UNOCT
(EV-1, EV-3): E = 1.9973 / 3 = 0.6658, A = 1.8 / 3 = 0.6 < 0.6325: at risk, completion 60.0%;
UNRCCA (EV-2, EV-3): E = 0.75, A = 0.8 ≥ 0.7125: on track, 80.0%.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from jap_tracker.render import fit

PLAN = """[plan]
id = "EV"
title = "Evaluation plan"
start = 2024-01-01

[[item]]
id = "EV-1"
title = "Alpha"
pillar = "I"
due = 2024-12-31
weight = 2
lead = ["UNOCT"]

[[item]]
id = "EV-2"
title = "Bravo"
pillar = "II"
start = 2024-04-01
due = 2024-09-30
lead = ["UNRCCA"]

[[item]]
id = "EV-3"
title = "Charlie"
pillar = "III"
due = 2024-03-31
lead = ["UNOCT", "UNRCCA"]

[[item]]
id = "EV-4"
title = "Delta"
pillar = "IV"
due = 2024-06-01
lead = ["OSCE"]

[[item]]
id = "EV-5"
title = "Echo"
pillar = "I"
"""

JOURNAL = """# jap journal, format 1: one record a line (see docs/journal.md)
u20240601T090000000000-00000001 = { item = "EV-1", date = 2024-06-01, progress = 40.0, by = "Ana", recorded = 2024-06-01 09:00:00+00:00 }
u20240601T090000000000-00000002 = { item = "EV-2", date = 2024-06-01, progress = 60.0, by = "Ana", recorded = 2024-06-01 09:00:01+00:00 }
u20240601T090000000000-00000003 = { item = "EV-3", date = 2024-03-30, status = "done", by = "Ana", recorded = 2024-06-01 09:00:02+00:00 }
u20240601T090000000000-00000004 = { item = "EV-4", date = 2024-06-01, progress = 10.0, by = "Ana", recorded = 2024-06-01 09:00:03+00:00 }
"""  # noqa: E501 (journal records are one line each)

WORDS = {
    "en": {"at_risk": "at risk", "on_track": "on track", "achieved": "achieved",
           "off_track": "off track"},
    "fr": {"at_risk": "à risque", "on_track": "en bonne voie", "achieved": "atteint",
           "off_track": "hors trajectoire"},
    "ru": {"at_risk": "под угрозой", "on_track": "по графику", "achieved": "достигнуто",
           "off_track": "отстаёт"},
}  # fmt: skip
ITEMS = {"EV-1": "at_risk", "EV-2": "on_track", "EV-3": "achieved", "EV-4": "off_track"}
FORECASTS = {
    "en": ["forecast 2025-03-31", "forecast 2024-08-31", "forecast 2028-12-25"],
    "fr": [
        "fin prévue le 31 mars 2025",
        "fin prévue le 31 août 2024",
        "fin prévue le 25 déc. 2028",
    ],
    "ru": ["прогноз: 31 мар. 2025 г.", "прогноз: 31 авг. 2024 г.", "прогноз: 25 дек. 2028 г."],
}
ENV = {"JAP_TODAY": "2024-07-01"}


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    folder = tmp_path / "plans"
    (folder / "journal").mkdir(parents=True)
    (folder / "ev.toml").write_text(PLAN, encoding="utf-8")
    (folder / "journal" / "2024-06.toml").write_text(JOURNAL, encoding="utf-8")
    return folder


def words_of(text: str) -> set[str]:
    return set(text.replace("**", " ").replace("|", " ").split())


def segment(text: str, ident: str, following: str | None) -> str:
    """The text from ``ident``'s first line to the next item's (its block or its grid row)."""
    start = text.index(ident)
    return text[start : text.index(following, start) if following else len(text)]


@pytest.mark.parametrize("lang", ["en", "fr", "ru"])
@pytest.mark.parametrize("width", [80, 100, 200])
def test_each_item_shows_its_rating_in_words_and_its_forecast(jap, plans, lang, width):
    ran = jap("report", "--plans", plans, "--lang", lang, env={**ENV, "COLUMNS": str(width)})
    assert ran.returncode == 0, ran.stderr
    text = ran.stdout
    assert max(fit.cell_len(line) for line in text.splitlines()) <= width
    idents = [*ITEMS, "EV-5"]
    for ident, following in zip(idents, idents[1:], strict=False):
        if ident in ITEMS:  # every word of its rating, and no other rating's word
            part = words_of(segment(text, ident, following))
            own = set(WORDS[lang][ITEMS[ident]].split())
            assert own <= part, (ident, width)
            flat = " ".join(segment(text, ident, following).split())
            others = [t for r, t in WORDS[lang].items() if r != ITEMS[ident]]
            assert not [t for t in others if t in flat], (ident, width)
    flat = " ".join(text.split())  # lines joined, no-break spaces as spaces
    assert [f for f in FORECASTS[lang] if f not in flat] == []


@pytest.mark.parametrize("lang", ["en", "fr", "ru"])
def test_markdown_rates_every_item_and_group_in_words_only(jap, plans, lang):
    ran = jap("report", "--plans", plans, "--lang", lang, "--format", "markdown", env=ENV)
    words = WORDS[lang]
    rows = {line.split(" | ")[0].removeprefix("| "): line for line in ran.stdout.splitlines()}
    for ident, rating in ITEMS.items():
        assert f"| {words[rating]} |" in rows[ident]
    assert "| EV-5 | Echo | I |" in ran.stdout and "| — |" in rows["EV-5"]
    pillars = [line for line in ran.stdout.splitlines() if line.startswith(("| I.", "| II.",
               "| III.", "| IV."))]  # fmt: skip
    expected = ["at_risk", "on_track", "achieved", "off_track"]
    assert [f"| {words[r]} |" in line for line, r in zip(pillars, expected, strict=True)] == [
        True
    ] * 4
    assert "\x1b" not in ran.stdout and "<span" not in ran.stdout  # no colour: words


def test_html_gives_each_rating_its_word_and_its_class(jap, plans):
    ran = jap("report", "--plans", plans, "--format", "html", env=ENV)
    page = ran.stdout
    for rating in ("at_risk", "on_track", "achieved", "off_track"):
        word = WORDS["en"][rating]
        assert f'<span class="rating r-{rating}">{word}</span>' in page
    assert ".r-off_track" in page  # the style sheet colours it
    assert '<span class="forecast">forecast 2025-03-31</span>' in page


@pytest.mark.parametrize("lang", ["en", "fr", "ru"])
@pytest.mark.parametrize("width", [80, 100, 200])
def test_status_rates_pillars_overall_plan_and_organisations(jap, plans, lang, width):
    env = {**ENV, "COLUMNS": str(width)}
    status = jap("status", "--plans", plans, "--lang", lang, env=env)
    by_lead = jap("status", "--plans", plans, "--lang", lang, "--by", "lead", env=env)
    for ran in (status, by_lead):
        assert ran.returncode == 0, ran.stderr
        assert max(fit.cell_len(line) for line in ran.stdout.splitlines()) <= width
    words = WORDS[lang]
    seen = words_of(status.stdout)
    assert all(set(words[r].split()) <= seen for r in ITEMS.values())
    leads = by_lead.stdout
    for name, rating, completion in (("OSCE", "off_track", "10"), ("UNOCT", "at_risk", "60"),
                                     ("UNRCCA", "on_track", "80")):  # fmt: skip
        following = {"OSCE": "UNOCT", "UNOCT": "UNRCCA", "UNRCCA": None}[name]
        part = segment(leads, name, following)
        assert set(words[rating].split()) <= words_of(part), (name, width)
        assert completion in part


def test_by_lead_in_json_csv_and_markdown(jap, plans):
    import json

    data = json.loads(jap("status", "--plans", plans, "--by", "lead", "--format", "json",
                          env=ENV).stdout)  # fmt: skip
    cells = {(c["pillar"], c["lead"]): c for c in data["by_lead"]}
    assert len(cells) == 4 * 3  # pillars × OSCE, UNOCT, UNRCCA
    assert cells[("III", "UNOCT")] == {
        "pillar": "III", "lead": "UNOCT", "completion": 1.0, "items": 1,
        "coverage": {"done": 1, "of": 1}, "expected": 1.0, "rating": "achieved",
    }  # fmt: skip
    assert cells[("II", "OSCE")]["items"] == 0 and cells[("II", "OSCE")]["rating"] is None
    assert [(g["id"], g["rating"]) for g in data["leads"]] == [
        ("OSCE", "off_track"), ("UNOCT", "at_risk"), ("UNRCCA", "on_track")]  # fmt: skip
    csv = jap("status", "--plans", plans, "--by", "lead", "--format", "csv", env=ENV).stdout
    lines = csv.splitlines()
    assert (
        lines[0] == "scope,pillar,lead,completion,items,coverage_done,coverage_of,expected,rating"
    )
    assert "lead,,UNRCCA,0.8,2,1,2,0.75,on_track" in lines
    assert "overall,,,0.5,4,1,4," in csv  # E over EV-1..4 as above, then at_risk
    md = jap("status", "--plans", plans, "--by", "lead", "--format", "markdown", env=ENV).stdout
    assert "| UNOCT | 40.0% | — | 100.0% | — | 60.0% | at risk |" in md
