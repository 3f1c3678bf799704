"""Reports in English, French and Russian, end to end through ``jap``'s entry point
(in this process).

One workspace, updated once, then every human format in every language. Labels come from the
catalogue, pillar and country names from their official sources, numbers and dates from Babel;
JSON and CSV keep their keys, ids and enum values whatever the language.
"""

from __future__ import annotations

import csv
import io
import json
import re
import textwrap
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po

from conftest import Ran, run_in_process
from jap_tracker.i18n import PILLAR_NAMES

TODAY = "2026-11-23"
LOCALE = Path(__file__).resolve().parents[1] / "src" / "jap_tracker" / "locale"

# P1: titles in three languages, two countries. P2 (lang fr): a plain string, and items whose
# titles leave out the requested language, to exercise each fallback of spec section 10.
PLANS = {
    "p1": """
    [plan]
    id = "P1"
    title = { en = "Regional plan", fr = "Plan régional", ru = "Региональный план" }
    countries = ["kz", "KG"]

    [[item]]
    id = "P1-01"
    title = { en = "Train judges", fr = "Former les juges", ru = "Обучить судей" }
    pillar = "IV"
    due = 2026-01-31

    [[item.indicator]]
    id = "judges"
    title = { en = "Judges trained", fr = "Juges formés", ru = "Обученные судьи" }
    target = 50

    [[item]]
    id = "P1-02"
    title = { en = "Hold the workshop", fr = "Tenir l'atelier", ru = "Провести семинар" }
    pillar = "I"
    countries = []
    """,
    "p2": """
    [plan]
    id = "P2"
    title = "Feuille de route"
    lang = "fr"

    [[item]]
    id = "P2-01"
    title = { ru = "Только по-русски", en = "English and Russian" }
    pillar = "III"

    [[item]]
    id = "P2-02"
    title = { ru = "Русский текст", fr = "Texte français" }
    pillar = "II"
    """,
}


def run(folder: Path, *args: str, **env: str) -> Ran:
    # wide: table cells unwrapped
    return run_in_process(
        (*args, "--plans", folder), {"JAP_TODAY": TODAY, "COLUMNS": "400", **env}, Path.cwd()
    )


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("i18n") / "plans"
    folder.mkdir()
    for name, text in PLANS.items():
        (folder / f"{name}.toml").write_text(textwrap.dedent(text), encoding="utf-8")
    for args in (
        ("P1-01", "--country", "KZ", "--status", "done", "--date", "2026-02-01"),
        ("P1-02", "--progress", "44", "--date", "2026-03-01"),
    ):
        done = run(folder, "update", *args)
        assert done.returncode == 0, done.stderr
    return folder


@pytest.fixture(scope="module")
def outputs(workspace: Path) -> dict[tuple[str, str, str], str]:
    """(command, format, lang) -> what jap printed."""
    out = {}
    for lang in ("en", "fr", "ru"):
        for command, fmt in (
            ("status", "table"),
            ("status", "markdown"),
            ("status", "json"),
            ("status", "csv"),
            ("report", "table"),
            ("report", "markdown"),
            ("report", "html"),
            ("report", "json"),
            ("report", "csv"),
        ):
            if lang == "en" and fmt in ("table", "markdown") and command == "status":
                continue  # English is only the reference for JSON, CSV and the check's own test
            done = run(workspace, command, "--format", fmt, "--lang", lang, "--stale-after", "30")
            assert done.returncode == 0, done.stderr
            out[command, fmt, lang] = done.stdout
    return out


class _Text(HTMLParser):
    """The text a reader sees in an HTML page (and its titles), without tags, classes or CSS."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._skip = tag == "style"
        self.parts += [value or "" for key, value in attrs if key in ("aria-label", "title")]

    def handle_endtag(self, tag: str) -> None:
        self._skip = False

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible(text: str, fmt: str) -> str:
    if fmt != "html":
        return text
    parser = _Text()
    parser.feed(text)
    return "\n".join(parser.parts)


# Labels a careless renderer would print in English; checked as whole words.
ENGLISH = [
    "Completion", "Pillar", "Overall", "Items", "Item", "Status", "Overdue", "overdue",
    "Progress", "Due", "Lead", "Last update", "Title", "Country", "countries", "stale",
    "Not started", "In progress", "Done", "Blocked", "Cancelled", "as of", "As of",
    "Implementation", "Filters", "Name", "Measures", "report", "item", "items",
]  # fmt: skip
NOT_ENGLISH_IN = {"fr": {"Plan", "Total"}, "ru": set()}


def english_labels(lang: str) -> set[str]:
    """The hand list, plus every catalogue label whose translation differs from its English."""
    words = set(ENGLISH) | {"Plan"}
    with (LOCALE / lang / "LC_MESSAGES" / "jap.po").open("rb") as source:
        for entry in read_po(source):
            ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
            strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
            for msgid in ids:
                if msgid and msgid not in strings:
                    words |= {part.strip(" ,:/") for part in re.split(r"\{[^}]*\}", msgid)}
    return {w for w in words if len(w) > 1} - NOT_ENGLISH_IN[lang]


@pytest.mark.parametrize("lang", ["fr", "ru"])
@pytest.mark.parametrize(
    "command,fmt",
    [
        ("status", "table"),
        ("status", "markdown"),
        ("report", "table"),
        ("report", "markdown"),
        ("report", "html"),
    ],
)
def test_no_english_label(outputs, command: str, fmt: str, lang: str) -> None:
    text = visible(outputs[command, fmt, lang], fmt)
    found = sorted(
        w for w in english_labels(lang) if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text)
    )
    assert not found, f"English in jap {command} --format {fmt} --lang {lang}: {found}\n{text}"


def test_english_labels_are_found_in_english(outputs) -> None:
    """The check above can see labels: the English report holds them."""
    text = visible(outputs["report", "html", "en"], "html")
    assert {"Completion", "Pillar", "Status", "overdue", "stale"} <= {
        w for w in english_labels("fr") if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text)
    }


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_pillar_names_official_french_and_verified_russian(outputs, fmt: str) -> None:
    fr = " ".join(outputs["status", fmt, "fr"].split())
    for pillar in ("I", "II", "III", "IV"):
        assert PILLAR_NAMES["fr"][pillar] in fr
    assert (
        "Mesures destinées à étoffer les moyens dont les États disposent pour prévenir et "
        "combattre le terrorisme et à renforcer le rôle joué en ce sens par l'Organisation "
        "des Nations Unies"
    ) in fr
    ru = " ".join(outputs["status", fmt, "ru"].split())
    assert (
        "Меры по укреплению потенциала государств по предотвращению терроризма и борьбе с ним "
        "и укреплению роли системы Организации Объединенных Наций в этой области"
    ) in ru


def test_pillar_names_in_json(outputs) -> None:
    for lang in ("en", "fr", "ru"):
        data = json.loads(outputs["status", "json", lang])
        assert [p["name"] for p in data["pillars"]] == [
            PILLAR_NAMES[lang][p] for p in ("I", "II", "III", "IV")
        ]
    en = json.loads(outputs["status", "json", "en"])
    assert en["pillars"][1]["name"] == "Measures to prevent and combat terrorism"


def test_country_names_follow_the_language(outputs) -> None:
    # the UN's names for Central Asia (codes.UN_NAMES): KZ is "Kazakhstan" in French too
    names = {
        lang: {c["id"]: c["name"] for c in json.loads(outputs["status", "json", lang])["countries"]}
        for lang in ("en", "fr", "ru")
    }
    assert names["en"] == {"KG": "Kyrgyzstan", "KZ": "Kazakhstan"}
    assert names["fr"] == {"KG": "Kirghizistan", "KZ": "Kazakhstan"}
    assert names["ru"] == {"KG": "Кыргызстан", "KZ": "Казахстан"}
    assert "KZ Казахстан" in outputs["status", "table", "ru"]
    assert "KG Kirghizistan" in outputs["status", "markdown", "fr"]
    items = json.loads(outputs["report", "json", "ru"])["items"]
    assert [c["name"] for c in items[0]["countries"]] == ["Казахстан", "Кыргызстан"]


def test_numbers_and_dates_as_the_reader_expects(outputs) -> None:
    # P1-02: progress 44 -> 44 %; P1-01: KZ done, KG not started -> (1 + 0) / 2 = 50 %;
    # overall over the four items: (0.5 + 0.44 + 0 + 0) / 4 = 0.235 -> 23.5 %.
    en, fr, ru = (outputs["report", "markdown", lang] for lang in ("en", "fr", "ru"))
    assert "44.0%" in en and "23.5%" in en and "2026-03-01" in en
    assert "44,0\u00a0%" in fr and "23,5\u00a0%" in fr and "1er mars 2026" in fr
    assert "44,0\u00a0%" in ru and "1 мар. 2026\u202fг." in ru
    assert "31 janv. 2026" in fr  # P1-01's due date
    assert "As of 2026-11-23" in visible(outputs["report", "html", "en"], "html")
    assert "Situation au 23 nov. 2026" in visible(outputs["report", "html", "fr"], "html")
    assert "По состоянию на 23 нояб. 2026\u202fг." in visible(
        outputs["report", "html", "ru"], "html"
    )
    # Locale-free: JSON and CSV keep plain numbers and ISO dates.
    assert json.loads(outputs["report", "json", "fr"])["summary"]["overall"]["completion"] == 0.235
    assert "2026-03-01" in outputs["report", "csv", "ru"]


def test_coverage_and_flags_translated(outputs) -> None:
    assert "1/2 pays" in outputs["report", "markdown", "fr"]
    assert "стран: 1 из 2" in outputs["report", "markdown", "ru"]
    assert "**en retard**" in outputs["report", "markdown", "fr"]
    assert "**non actualisé**" in outputs["report", "markdown", "fr"]
    assert "**просрочено**" in outputs["report", "markdown", "ru"]


def _titles(data: Any) -> list[str]:
    return [item["title"] for item in data["items"]] + [
        plan["title"] for plan in data["summary"]["plans"]
    ]


def test_titles_with_every_fallback(outputs) -> None:
    en, fr, ru = (json.loads(outputs["report", "json", lang]) for lang in ("en", "fr", "ru"))
    # items P1-01, P1-02, P2-01, P2-02, then plans P1, P2
    assert _titles(en) == [
        "Train judges",
        "Hold the workshop",
        "English and Russian",  # requested language
        "Texte français",  # no en: the plan's lang (fr), not the first written (ru)
        "Regional plan",
        "Feuille de route",  # a plain string: written in the plan's lang
    ]
    assert _titles(fr) == [
        "Former les juges",
        "Tenir l'atelier",
        "Только по-русски",  # no fr, which is also the plan's lang: the first written (ru)
        "Texte français",
        "Plan régional",
        "Feuille de route",
    ]
    assert _titles(ru)[2:4] == ["Только по-русски", "Русский текст"]
    indicators = {
        lang: json.loads(outputs["report", "json", lang])["items"][0] for lang in ["en", "fr", "ru"]
    }
    assert [
        indicators[lang]["countries"][0]["indicators"][0]["title"] for lang in ("en", "fr", "ru")
    ] == [
        "Judges trained",
        "Juges formés",
        "Обученные судьи",
    ]


@pytest.mark.parametrize("fmt", ["table", "markdown", "html", "csv"])
def test_titles_shown_in_every_format(outputs, fmt: str) -> None:
    text = " ".join(visible(outputs["report", fmt, "fr"], fmt).split())
    for title in ("Former les juges", "Tenir l'atelier", "Только по-русски", "Texte français"):
        assert title in text
    if fmt != "html":  # the HTML page's charts name plans by id
        status = " ".join(outputs["status", fmt if fmt != "html" else "table", "ru"].split())
        assert "Региональный план" in status and "Feuille de route" in status


def _without_names(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: ("…" if k in ("name", "title") else _without_names(v)) for k, v in data.items()}
    if isinstance(data, list):
        return [_without_names(v) for v in data]
    return data


@pytest.mark.parametrize("command", ["status", "report"])
def test_json_identical_across_languages_but_names_and_titles(outputs, command: str) -> None:
    en, fr, ru = (json.loads(outputs[command, "json", lang]) for lang in ("en", "fr", "ru"))
    assert _without_names(fr) == _without_names(en) == _without_names(ru)
    assert fr != en  # the names and titles did change
    if command == "report":
        assert {item["status"] for item in ru["items"]} == {"in_progress", "not_started"}


@pytest.mark.parametrize("command", ["status", "report"])
def test_csv_identical_across_languages_but_names_and_titles(outputs, command: str) -> None:
    tables = {
        lang: list(csv.DictReader(io.StringIO(outputs[command, "csv", lang])))
        for lang in ("en", "fr", "ru")
    }
    header = outputs[command, "csv", "en"].splitlines()[0]
    assert all(outputs[command, "csv", lang].splitlines()[0] == header for lang in ("fr", "ru"))
    for lang in ("fr", "ru"):
        assert [_without_names(row) for row in tables[lang]] == [
            _without_names(row) for row in tables["en"]
        ]


def test_lang_option_overrides_environment(workspace: Path) -> None:
    done = run(workspace, "status", "--format", "markdown", "--lang", "FR", JAP_LANG="ru")
    assert done.returncode == 0, done.stderr
    assert "État de la mise en œuvre" in done.stdout
    done = run(workspace, "status", "--format", "markdown", JAP_LANG="ru")
    assert "Ход осуществления" in done.stdout


@pytest.mark.parametrize(
    "args,env,named",
    [
        (("--lang", "de"), {}, "--lang"),
        (("--lang", "xx"), {"JAP_LANG": "fr"}, "--lang"),
        ((), {"JAP_LANG": "de"}, "JAP_LANG"),
    ],
)
def test_unknown_language_is_a_usage_error(workspace: Path, args, env, named: str) -> None:
    for command in ("status", "report"):
        done = run(workspace, command, *args, **env)
        assert done.returncode == 2
        assert named in done.stderr and "en, fr, ru" in done.stderr
        assert done.stdout == ""
        assert "Traceback" not in done.stderr


def test_diagnostics_stay_english(workspace: Path) -> None:
    done = run(workspace, "report", "--plan", "NOPE", "--lang", "ru")
    assert done.returncode == 2
    assert "no plan 'NOPE'" in done.stderr
