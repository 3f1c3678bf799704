"""`jap report --format html`: one self-contained page with inline SVG charts, file text escaped;
opened in a real headless Chromium (rendered text, no console error, a screenshot, A4 print)."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import Ran, run_in_process

PLAN = """
[plan]
id = "P"
title = "Plan <script>alert(1)</script> & co"
countries = ["KZ", "UZ"]

[[item]]
id = "P-1"
title = "Council </title><img src=x onerror=alert(1)>"
pillar = "I"
weight = 2
due = 2024-02-28
countries = []

[[item]]
id = "P-2"
title = "Helplines"
pillar = "II"

[[item]]
id = "P-3"
title = "Training [bold]now[/bold]"
pillar = "III"
countries = []
"""
TODAY = {"JAP_TODAY": "2024-06-30"}
UPDATES = [
    ("P-1", "--progress", "20", "--date", "2024-01-15", "--note", 'started "quickly" & <b>'),
    ("P-2", "--status", "in_progress", "--country", "KZ", "--date", "2024-03-02"),
    ("P-3", "--progress", "80", "--date", "2024-05-20"),
]


@pytest.fixture(scope="module")
def report_file(tmp_path_factory):
    """The report of the plan above after its updates, written by `jap`, once."""
    root = tmp_path_factory.mktemp("html")
    folder = root / "plans"
    folder.mkdir()
    (folder / "p.toml").write_text(PLAN, encoding="utf-8")

    def jap(*args: object) -> Ran:
        return run_in_process((*args, "--plans", folder), TODAY, root)

    for args in UPDATES:
        done = jap("update", *args)
        assert done.returncode == 0, done.stderr
    out = root / "report.html"
    result = jap("report", "--format", "html", "--output", out, "--stale-after", "60")
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    return out


class Text(HTMLParser):
    """The text a reader sees, and the elements the page holds."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += attrs
        self.skip += tag in ("style", "title")

    def handle_endtag(self, tag):
        self.skip -= tag in ("style", "title")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)

    @classmethod
    def of(cls, page: str) -> Text:
        parser = cls()
        parser.feed(page)
        return parser

    def text(self) -> str:
        return re.sub(r"\s+", " ", "".join(self.parts))


def test_the_page_is_self_contained_with_inline_charts(report_file):
    page = report_file.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    parsed = Text.of(page)
    # nothing that could load anything: no script, link, img, iframe, object, font, import
    for tag in ("script", "link", "img", "iframe", "object", "embed", "audio", "video"):
        assert tag not in parsed.tags
    assert not [a for a, v in parsed.attrs if a in ("src", "href", "srcset", "action")]
    assert "@import" not in page and "url(" not in page and "@font-face" not in page
    # the only address is the SVG namespace, which names and loads nothing
    assert set(re.findall(r"https?://[^\s\"'<>]+", page)) == {"http://www.w3.org/2000/svg"}
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    # charts: a bar per pillar (4) and per plan (1); over time (one line per pillar and
    # overall) and the pillars × countries heat map (the plan concerns KZ and UZ), each drawn
    # wide and narrow (the style sheet shows one)
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg" class="bar"') == 5
    assert parsed.tags.count("svg") == 5 + 2 + 2
    assert page.count("<polyline") == 2 * 4  # I, II, III and overall (IV has no item)
    assert page.count('class="heatmap"') == 2
    assert "@page { size: A4" in page and "@media print" in page


def test_file_text_is_escaped_and_figures_are_shown(report_file):
    page = report_file.read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in page
    text = Text.of(page).text()
    assert "Plan <script>alert(1)</script> & co" in text
    assert "Council </title><img src=x onerror=alert(1)>" in text
    assert "Training [bold]now[/bold]" in text
    assert 'started "quickly" & <b>' in text
    assert "As of 2024-06-30" in text and "Filters" not in text
    # overall: P-1 0.2 × 2, P-2 mean(KZ 0, UZ 0) = 0, P-3 0.8 -> 1.2 / 4 = 30.0%
    assert '<span class="figure">30.0%</span>' in page
    row = re.search(r'<tr class="([^"]*)"><td class="id" data-label="ID">P-1<', page)
    assert row and row.group(1) == "overdue stale"  # due 2024-02-28; last update in January
    assert "overdue" in text and "stale" in text


def test_filters_are_shown(write_plans, jap):
    folder = write_plans(p=PLAN)
    result = jap(
        "report", "-f", "html", "--pillar", "1", "--country", "kz", "--plans", folder, env=TODAY
    )
    assert result.returncode == 0, result.stderr
    assert "Filters: Pillar: I; Country: KZ Kazakhstan" in Text.of(result.stdout).text()
    assert "No update recorded yet." in result.stdout  # nothing recorded: no trend to draw


# ---- in a real browser -------------------------------------------------------------------

CHROMIUM = next(
    (found for name in ("chromium", "chromium-browser") if (found := shutil.which(name))), None
)
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (Debian: apt-get install chromium)"
)


def chromium(tmp_path: Path, page: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Headless Chromium on a local file, offline, with a fresh profile; console to stderr."""
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    return subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            f"--user-data-dir={profile}",
            "--enable-logging=stderr",
            "--v=0",
            *args,
            page.resolve().as_uri(),
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=120,
        check=False,
    )


def console_messages(stderr: str) -> list[str]:
    """What the page logged: Chromium writes console messages as `...:CONSOLE...] "text"`."""
    return [line for line in stderr.splitlines() if ":CONSOLE" in line or "Uncaught" in line]


@needs_chromium
def test_console_check_catches_errors(tmp_path):
    """The control: a page that fails and loads from the network is caught by the checks."""
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'\"></head><body><p>x</p>"
        '<img src="http://example.invalid/a.png"></body></html>',
        encoding="utf-8",
    )
    seen = console_messages(chromium(tmp_path, bad, "--dump-dom").stderr)
    assert any("Content Security Policy" in line for line in seen), seen


@needs_chromium
def test_the_report_renders_in_chromium_without_errors(report_file, tmp_path):
    result = chromium(tmp_path, report_file, "--dump-dom")
    assert result.returncode == 0, result.stderr[-2000:]
    assert console_messages(result.stderr) == []
    dom = Text.of(result.stdout)
    assert "script" not in dom.tags and "img" not in dom.tags
    text = dom.text()
    assert "Implementation report" in text
    assert "Plan <script>alert(1)</script> & co" in text
    assert "Council </title><img src=x onerror=alert(1)>" in text
    assert "Completion over time, month by month" in text
    assert dom.tags.count("svg") == 9  # 5 bars; over time and pillars × countries, twice


@needs_chromium
def test_a_screenshot_and_an_a4_print(report_file, tmp_path):
    shot = tmp_path / "report.png"
    result = chromium(tmp_path, report_file, f"--screenshot={shot}", "--window-size=1200,1600")
    assert result.returncode == 0, result.stderr[-2000:]
    assert console_messages(result.stderr) == []
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1200, 1600)
    assert len(data) > 20_000  # a page with charts and tables, not a blank one
    pdf = tmp_path / "report.pdf"
    result = chromium(tmp_path, report_file, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    assert result.returncode == 0, result.stderr[-2000:]
    # A4 is 595 × 842 points
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf.read_bytes())
    assert boxes and all(round(float(w)) == 595 and round(float(h)) == 842 for w, h in boxes)


# ---- charts that follow the filters, the expected mark, the heat map's note -----------------

TWO_PLANS = (
    """
[plan]
id = "A"
title = "Early plan"
start = 2020-01-10

[[item]]
id = "A-1"
title = "Old work"
pillar = "I"
due = 2021-01-10

[[item]]
id = "A-2"
title = "Older work"
pillar = "II"
""",
    """
[plan]
id = "B"
title = "Later plan with a long title that the chart shows whole"
start = 2024-01-01

[[item]]
id = "B-1"
title = "New work"
pillar = "I"
due = 2024-12-31
""",
)


def test_a_filtered_report_charts_its_plans_from_their_first_day(write_plans, jap):
    folder = write_plans(a=TWO_PLANS[0], b=TWO_PLANS[1])
    env = {"JAP_TODAY": "2024-06-30"}
    for args in (("A-1", "--progress", "50", "--date", "2020-03-01"),
                 ("B-1", "--progress", "20", "--date", "2024-03-05")):  # fmt: skip
        assert jap("update", *args, "--plans", folder, env=env).returncode == 0
    page = jap("report", "-f", "html", "--plan", "B", "--plans", folder, env=env).stdout
    # the plan chart and table: B only, by its whole title
    assert "B · Later plan with a long title that the chart shows whole" in page
    assert "A · Early plan" not in page and '<td class="id" data-label="Plan">A<' not in page
    # the trend: from B's start (January 2024), not from A's update of 2020
    labels = re.findall(
        r'<text class="axis" x="[\d.]+" y="\d+" text-anchor="middle">([^<]+)<', page
    )
    assert labels[0] == "2024-01" and "2020-03" not in labels
    # B-1: expected (2024-06-30 − 2024-01-01) / (2024-12-31 − 2024-01-01) = 181 / 365 = 49.6%;
    # 20% < 0.5 × 49.6%: off track. The tick stands at 49.59 of the bar's 100
    assert '<line class="expected" x1="49.59" x2="49.59"' in page
    assert 'expected 49.6% · <span class="rating r-off_track">off track</span>' in page
    assert "expected by now" in page  # the legend of the tick
    whole = jap("report", "-f", "html", "--plans", folder, env=env).stdout
    assert "A · Early plan" in whole and "B · Later plan" in whole
    assert re.findall(r'text-anchor="middle">(\d{4}-\d\d)<', whole)[0] == "2020-01"


def test_the_heat_map_says_why_its_total_differs_from_the_headline(report_file):
    text = Text.of(report_file.read_text(encoding="utf-8")).text()
    # headline: 30.0% over P-1, P-2, P-3; the map: only P-2 (the others have no countries),
    # with KZ and UZ at 0: 0.0%
    assert (
        "The headline figure (30.0%) counts every selected item (3); this map counts only the "
        "items tracked country by country (1), each with its countries' own figures, so its "
        "“All · All” cell (0.0%) can differ."
    ) in text
