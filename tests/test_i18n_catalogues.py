"""The message catalogues: complete for every language, compiled by the build, read at run time.

The completeness test is generic: it extracts the labels from the current sources with Babel
(the keywords of pyproject.toml, [tool.babel]), so a label added anywhere fails it until
``scripts/update_catalogues.sh`` has run and the new entries are translated.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_keywords
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from jap_tracker import i18n
from jap_tracker.render.labels import STATUS_LABELS, Labels

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "jap_tracker"
SOURCE_LOCALE = PACKAGE / "locale"
TRANSLATED = ("fr", "ru")
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def source_messages() -> dict[str, tuple[str, ...]]:
    """msgid -> every form (singular, plural) of each label in the sources, as Babel sees them."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    found: dict[str, tuple[str, ...]] = {}
    for mapping in config["tool"]["babel"]["mappings"]:
        keywords = {**DEFAULT_KEYWORDS, **parse_keywords(mapping.get("keywords", []))}
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(PACKAGE), [(mapping["pattern"], mapping["method"])], {}, keywords
        ):
            forms = message if isinstance(message, tuple) else (message,)
            found[forms[0]] = forms
    return found


def catalogue(lang: str) -> Catalog:
    with (SOURCE_LOCALE / lang / "LC_MESSAGES" / "jap.po").open("rb") as source:
        return read_po(source, locale=lang)


def test_extraction_finds_every_kind_of_call() -> None:
    messages = source_messages()
    assert "Completion" in messages  # _("...") with _ = labels
    assert "overdue" in messages  # labels("...")
    assert "In progress" in messages  # N_("...")
    assert messages["{n} item"] == ("{n} item", "{n} items")  # labels.plural(...)
    assert set(STATUS_LABELS.values()) <= messages.keys()


def test_no_label_is_asked_for_inside_an_f_string() -> None:
    """Babel's extractor (on Python 3.11) reads an f-string as one token: a label asked for
    inside one, ``f"{labels('expected by now')}"``, is never extracted, so its translation is
    dropped from the catalogues at their next update (it happened)."""
    import ast

    keywords = {"_", "N_", "labels"}
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                found += [
                    f"{path.relative_to(PACKAGE)}:{call.lineno}"
                    for call in ast.walk(node)
                    if isinstance(call, ast.Call)
                    and isinstance(call.func, ast.Name)
                    and call.func.id in keywords
                ]
    assert not found


@pytest.mark.parametrize("lang", TRANSLATED)
def test_catalogue_is_complete(lang: str) -> None:
    po = catalogue(lang)
    assert not po.fuzzy, f"{lang}: the catalogue's header is marked fuzzy"
    problems = []
    for msgid, forms in sorted(source_messages().items()):
        entry = po.get(msgid)
        if entry is None:
            problems.append(f"missing: {msgid!r}")
            continue
        if entry.fuzzy:
            problems.append(f"fuzzy: {msgid!r}")
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        if len(forms) > 1 and len(strings) != po.num_plurals:
            problems.append(f"needs {po.num_plurals} plural forms: {msgid!r}")
        if not all(s.strip() for s in strings):
            problems.append(f"untranslated: {msgid!r}")
        wanted = set(PLACEHOLDER.findall(forms[-1]))
        for text in strings:
            if text and set(PLACEHOLDER.findall(text)) != wanted:
                problems.append(f"placeholders {sorted(wanted)} differ in {text!r}")
    assert not problems, (
        f"{lang} catalogue: run scripts/update_catalogues.sh, then translate in "
        f"src/jap_tracker/locale/{lang}/LC_MESSAGES/jap.po:\n  " + "\n  ".join(problems)
    )


def test_every_language_has_a_catalogue_and_official_pillar_names() -> None:
    assert i18n.LANGUAGES[0] == "en"
    assert set(TRANSLATED) <= set(i18n.LANGUAGES)
    for lang in i18n.LANGUAGES:
        assert set(i18n.PILLAR_NAMES[lang]) == {"I", "II", "III", "IV"}, lang


@pytest.mark.parametrize("lang", TRANSLATED)
def test_the_build_compiled_the_catalogue(lang: str) -> None:
    """pip install (wheel or editable) runs hatch_build.py, which writes the .mo file."""
    compiled = i18n.LOCALE_DIR / lang / "LC_MESSAGES" / "jap.mo"
    assert compiled.is_file(), f"{compiled} is missing: reinstall (pip install -e .)"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_runtime_labels_come_from_the_catalogue(lang: str) -> None:
    po = catalogue(lang)
    labels = Labels(lang)
    for entry in po:
        if entry.id and isinstance(entry.id, str) and entry.string and not entry.fuzzy:
            assert labels(entry.id) == entry.string
    assert labels.status("done") == po.get("Done").string


def test_russian_plural_forms() -> None:
    labels = Labels("ru")
    forms = [labels.plural("{n} item", "{n} items", n).format(n=n) for n in (1, 2, 5, 11, 21, 22)]
    assert forms == [
        "1 мероприятие",
        "2 мероприятия",
        "5 мероприятий",
        "11 мероприятий",
        "21 мероприятие",
        "22 мероприятия",
    ]
    assert Labels("fr").plural("{n} item", "{n} items", 0).format(n=0) == "0 action"
    assert Labels("en").plural("{n} item", "{n} items", 0).format(n=0) == "0 items"


def _write_po(path: Path, translation: str) -> None:
    po = Catalog(locale="fr")
    po.add("Completion", translation)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as target:
        write_po(target, po)


def test_a_newer_po_wins_over_its_stale_mo(tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "fr" / "LC_MESSAGES"
    _write_po(folder / "jap.po", "Ancienne")
    old = Catalog(locale="fr")
    old.add("Completion", "Ancienne")
    with (folder / "jap.mo").open("wb") as target:
        write_mo(target, old)
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n.catalogue.cache_clear()
    try:
        assert i18n.catalogue("fr").gettext("Completion") == "Ancienne"
        _write_po(folder / "jap.po", "Nouvelle")
        os.utime(folder / "jap.mo", (1_000_000, 1_000_000))  # the .mo predates the edit
        i18n.catalogue.cache_clear()
        assert i18n.catalogue("fr").gettext("Completion") == "Nouvelle"
        (folder / "jap.mo").unlink()
        i18n.catalogue.cache_clear()
        assert i18n.catalogue("fr").gettext("Completion") == "Nouvelle"
    finally:
        i18n.catalogue.cache_clear()
