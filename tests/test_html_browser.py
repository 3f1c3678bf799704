"""The HTML report of the shipped plans, laid out by headless Chromium (tests/browser.py) at a
1280 × 900 window, a 390 × 844 phone and printed on A4, in en, fr and ru and filtered (and the
brief's page at both sizes): no horizontal overflow, no clipped or tiny label, and a PDF whose
text holds every item's note."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

import browser
from conftest import run_in_process

ROOT = Path(__file__).resolve().parents[1]
ENV = {"JAP_TODAY": "2026-11-30", "JAP_USER": "t"}
# name: the report's arguments
PAGES = {
    "en": ("--lang", "en"),
    "fr": ("--lang", "fr"),
    "ru": ("--lang", "ru"),
    "plan-rec-ca": ("--plan", "REC-CA"),
    "pillar-ii-kz-ru": ("--pillar", "2", "--country", "KZ", "--lang", "ru"),
    "in-progress-fr": ("--status", "in_progress", "--lang", "fr"),
}
SIZES = {"1280": (1280, 900), "390": (390, 844)}
# the brief's page (jap brief --format html), laid out by the same checks
BRIEFS = {
    "brief-en": ("--since", "2025-06-01"),
    "brief-ru-kz": ("--since", "2024-01-01", "--country", "KZ", "--lang", "ru"),
}

needs_chromium = pytest.mark.skipif(
    browser.CHROMIUM is None, reason="chromium is not installed (Debian: apt-get install chromium)"
)
needs_pdftotext = pytest.mark.skipif(
    browser.PDFTOTEXT is None,
    reason="pdftotext is not installed (Debian: apt-get install poppler-utils)",
)


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    """Each page of PAGES written by `jap report --format html` from a copy of the shipped
    plans, with the report's items as JSON beside it: name -> (page, items)."""
    root = tmp_path_factory.mktemp("shipped")
    plans = root / "plans"
    shutil.copytree(ROOT / "plans", plans, ignore=shutil.ignore_patterns(".*"))
    out = {}
    for name, args in PAGES.items():
        page = root / f"{name}.html"
        made = run_in_process(
            ("report", "--plans", plans, "--format", "html", "--output", page, *args), ENV, root
        )
        assert made.returncode == 0, made.stderr
        listed = run_in_process(("report", "--plans", plans, "--format", "json", *args), ENV, root)
        assert listed.returncode == 0, listed.stderr
        out[name] = (page, json.loads(listed.stdout)["items"])
    for name, args in BRIEFS.items():
        page = root / f"{name}.html"
        made = run_in_process(("brief", "--plans", plans, "--output", page, *args), ENV, root)
        assert made.returncode == 0, made.stderr
        out[name] = (page, [])
    return out


@needs_chromium
def test_no_overflow_and_no_clipped_label_at_1280_and_390(shipped, tmp_path):
    frames = {
        f"{name}@{size}": (page, *SIZES[size]) for name, (page, _items) in shipped.items()
        for size in SIZES
    }  # fmt: skip
    measured = browser.measure(tmp_path, frames)
    assert set(measured) == set(frames)
    for name, found in measured.items():
        width = SIZES[name.split("@")[1]][0]
        assert found["width"] == width, name  # the frame is the window it stands for
        assert found["page"] <= width, (name, found["found"])
        assert found["found"] == [], (name, found["count"], found["found"])


@needs_chromium
def test_the_checks_catch_overflow_and_small_text(tmp_path):
    """The control: a page wider than the window, a cell that cannot hold its word and a
    chart whose text is scaled to 6 px are each reported."""
    bad = tmp_path / "bad.html"
    bad.write_text(
        "<!DOCTYPE html><html><body style='margin:0'>"
        "<table style='width:100px;table-layout:fixed'><tr><td style='width:50px'>"
        "Unbreakablewordthatdoesnotfit</td></tr></table>"
        "<div style='width:600px'>wide</div>"
        "<svg viewBox='0 0 1000 100' style='width:300px'><text x='10' y='50' "
        "style='font-size:20px'>tiny</text><text x='990' y='50' style='font-size:20px'>"
        "cut off</text></svg></body></html>",
        encoding="utf-8",
    )
    found = browser.measure(tmp_path, {"bad": (bad, 390, 844)})["bad"]
    text = "\n".join(found["found"])
    assert found["page"] > 390
    assert 'TD "Unbreakablewordthatdoesnotfit" holds' in text
    assert 'SVG text "tiny" 6.0 px' in text
    assert 'SVG text "cut off" outside its drawing' in text


def squeezed(text: str) -> str:
    """Text without any white space: lines that wrap inside a word or address still match."""
    return re.sub(r"\s+", "", text)


@needs_chromium
@needs_pdftotext
@pytest.mark.parametrize("name", ["en", "ru", "plan-rec-ca"])
def test_the_a4_print_holds_every_note_within_the_page(shipped, tmp_path, name):
    page, items = shipped[name]
    pdf = tmp_path / f"{name}.pdf"
    result = browser.print_pdf(tmp_path, page, pdf)
    assert result.returncode == 0, result.stderr[-2000:]
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf.read_bytes())
    assert boxes and all(round(float(w)) == 595 and round(float(h)) == 842 for w, h in boxes)
    text = squeezed(browser.pdf_text(pdf))
    notes = [
        i["last_update"]["note"] for i in items if i["last_update"] and i["last_update"]["note"]
    ]
    assert len(notes) >= 5 if name == "plan-rec-ca" else len(notes) >= 40
    missing = [note for note in notes if squeezed(note) not in text]
    assert missing == []
    for item in items:  # every column of every item: its id, and its title
        assert squeezed(item["id"]) in text
    # no word beyond the right margin (12 mm of 210): nothing was cut at the page's edge
    words = browser.pdf_words(pdf)
    assert words and max(right for _word, right in words) <= 595 - 12 / 25.4 * 72 + 1
