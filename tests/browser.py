"""Headless Chromium for the HTML report's tests (and scripts/screenshots.py's checks): lay pages
out at given window widths in one browser start and measure them, and print a page to A4.

A harness page holds one iframe per (page, width); once they have loaded, a script measures
each frame's document (page width, every SVG text within its drawing and its size on screen,
every table cell and label holding its text) and writes the findings into the harness's DOM,
which ``--dump-dom`` returns. The pages themselves forbid scripts (their Content Security
Policy); the harness is a separate page allowed to read them (``--allow-file-access-from-files``).
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

CHROMIUM = next(
    (found for name in ("chromium", "chromium-browser") if (found := shutil.which(name))), None
)
PDFTOTEXT = shutil.which("pdftotext")

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
)

# Runs in the harness once every frame has loaded; one finding per frame.
MEASURE = r"""
function measure(frame) {
  const win = frame.contentWindow, doc = win.document, found = [];
  const width = win.innerWidth, page = doc.documentElement.scrollWidth;
  if (page > width) found.push('page ' + page + ' px wide in a ' + width + ' px window');
  for (const svg of doc.querySelectorAll('svg')) {
    const box = svg.getBoundingClientRect();
    const scale = svg.getScreenCTM() ? svg.getScreenCTM().a : 1;
    for (const text of svg.querySelectorAll('text')) {
      const r = text.getBoundingClientRect();
      const what = JSON.stringify(text.lastChild ? text.lastChild.textContent.slice(0, 40) : '');
      if (r.width === 0) continue;
      if (r.left < box.left - 0.5 || r.right > box.right + 0.5 ||
          r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5)
        found.push('SVG text ' + what + ' outside its drawing');
      const size = parseFloat(win.getComputedStyle(text).fontSize) * scale;
      if (size < 10.95) found.push('SVG text ' + what + ' ' + size.toFixed(1) + ' px');
      if (r.right > width + 0.5) found.push('SVG text ' + what + ' beyond the window');
    }
  }
  for (const el of doc.querySelectorAll('td, th, .bar-label, .bar-value, h1, h2, p, li')) {
    if (el.closest('tr') && el.closest('tr').getBoundingClientRect().width <= 1) continue;
    if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0)
      found.push(el.tagName + ' ' + JSON.stringify(el.textContent.slice(0, 40)) +
        ' holds ' + el.scrollWidth + ' px in ' + el.clientWidth);
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > width + 0.5)
      found.push(el.tagName + ' ' + JSON.stringify(el.textContent.slice(0, 40)) +
        ' ends at ' + Math.round(r.right) + ' px');
  }
  return {page: page, width: width, found: found.slice(0, 30), count: found.length};
}
window.addEventListener('load', () => {
  const out = {};
  for (const frame of document.querySelectorAll('iframe')) out[frame.id] = measure(frame);
  document.getElementById('out').textContent = JSON.stringify(out);
});
"""


def chromium(work: Path, target: Path | str, *args: str) -> subprocess.CompletedProcess[str]:
    """Headless Chromium on a local file, offline, with a fresh profile; console to stderr."""
    if CHROMIUM is None:
        raise RuntimeError("chromium is not installed")
    profile = work / f"profile-{len(list(work.glob('profile-*')))}"
    uri = target.resolve().as_uri() if isinstance(target, Path) else target
    return subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0"]
        + [*args, uri],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=180,
        check=False,
    )


def measure(work: Path, frames: dict[str, tuple[Path, int, int]]) -> dict[str, Any]:
    """Each page of ``frames`` (name: (page, width, height)) laid out in a window of that size,
    all in one browser start: name -> {"page", "width", "found": [problems], "count"}."""
    work.mkdir(parents=True, exist_ok=True)
    boxes = "".join(
        f'<iframe id="{html.escape(name)}" src="{html.escape(page.resolve().as_uri())}" '
        f'style="width:{w}px;height:{h}px;border:0;display:block"></iframe>'
        for name, (page, w, h) in frames.items()
    )
    harness = work / "harness.html"
    harness.write_text(
        f'<!DOCTYPE html><html><body style="margin:0"><pre id="out"></pre>{boxes}'
        f"<script>{MEASURE}</script></body></html>",
        encoding="utf-8",
    )
    width = max(w for _p, w, _h in frames.values())
    result = chromium(
        work,
        harness,
        "--allow-file-access-from-files",
        f"--window-size={width + 50},900",
        "--dump-dom",
    )
    found = re.search(r'<pre id="out">(.*?)</pre>', result.stdout, re.S)
    if result.returncode != 0 or found is None or not found.group(1):
        raise RuntimeError(f"no measurement from chromium:\n{result.stderr[-2000:]}")
    value: dict[str, Any] = json.loads(html.unescape(found.group(1)))
    return value


def print_pdf(work: Path, page: Path, pdf: Path) -> subprocess.CompletedProcess[str]:
    """``page`` printed by Chromium as the browser would on A4 (the page's @page rule)."""
    return chromium(work, page, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")


def pdf_text(pdf: Path) -> str:
    """The PDF's text in the order it was drawn (a cell's lines together), from poppler's
    ``pdftotext -raw``."""
    if PDFTOTEXT is None:
        raise RuntimeError("pdftotext is not installed")
    return subprocess.run(
        [PDFTOTEXT, "-raw", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
        timeout=60,
    ).stdout


def pdf_words(pdf: Path) -> list[tuple[str, float]]:
    """Each word of the PDF with where it ends on its page (points from the left edge)."""
    if PDFTOTEXT is None:
        raise RuntimeError("pdftotext is not installed")
    page = subprocess.run(
        [PDFTOTEXT, "-bbox", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
        timeout=60,
    ).stdout
    found = re.findall(
        r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]*)</word>', page
    )
    return [(html.unescape(word), float(right)) for right, word in found]
