#!/usr/bin/env python3
"""Regenerate the README's pictures from the shipped plans: docs/img/status.png (`jap status` in
a terminal) and the HTML report in a browser: docs/img/report.png and report-ru.png (a 1280 px
window), report-phone.png and report-phone-ru.png (a 390 px phone).

    JAP_TODAY=2026-11-30 .venv/bin/python scripts/screenshots.py [--plans plans] [--out docs/img]

The plans are copied to a temporary folder first (nothing is written beside them). The date is
pinned (``JAP_TODAY``, else ``--today``, else the default below) so the pictures only change
when the plans or the journal do. Needs the project installed (``jap`` beside this Python) and
Chromium (Debian package ``chromium``); Rich draws the terminal as SVG, Chromium takes both
screenshots, headless and offline.
"""

from __future__ import annotations

import argparse
import html
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_TODAY = "2026-11-30"
TERMINAL_COLUMNS = 118
# picture: (language, window)
REPORTS = {
    "report.png": ("en", (1280, 1750)),
    "report-ru.png": ("ru", (1280, 1750)),
    "report-phone.png": ("en", (390, 1900)),
    "report-phone-ru.png": ("ru", (390, 1900)),
}


def jap(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).parent / "jap"
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "jap_tracker"]
    result = subprocess.run(
        [*command, *args], capture_output=True, text=True, encoding="utf-8", env=env, check=False
    )
    if result.returncode != 0:
        sys.exit(f"jap {' '.join(args)} failed ({result.returncode}):\n{result.stderr}")
    return result


def chromium_binary() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    sys.exit("Chromium is needed: apt-get install chromium")


def screenshot(page: Path, png: Path, size: tuple[int, int], work: Path) -> None:
    """A PNG of ``page`` at ``size`` pixels, from headless Chromium with a fresh profile."""
    result = subprocess.run(
        [
            chromium_binary(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            f"--user-data-dir={work / ('profile-' + png.stem)}",
            f"--window-size={size[0]},{size[1]}",
            f"--screenshot={png}",
            page.resolve().as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if result.returncode != 0 or not png.exists():
        sys.exit(f"chromium could not take {png.name}:\n{result.stderr[-2000:]}")


def terminal_svg(ansi: str, title: str) -> str:
    """The terminal's text (with its colours) drawn by Rich as an SVG."""
    from rich.console import Console
    from rich.text import Text

    console = Console(
        record=True,
        width=TERMINAL_COLUMNS,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
    )
    console.print(Text.from_ansi(ansi.rstrip("\n")))
    return console.export_svg(title=title)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--plans", type=Path, default=ROOT / "plans")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    parser.add_argument("--today", default=os.environ.get("JAP_TODAY") or DEFAULT_TODAY)
    options = parser.parse_args()
    if not options.plans.is_dir():
        sys.exit(f"{options.plans} is not a folder of plans")
    options.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="jap-shots-") as tmp:
        work = Path(tmp)
        plans = work / "plans"
        shutil.copytree(options.plans, plans, ignore=shutil.ignore_patterns(".lock", "*.tmp"))
        env = {k: v for k, v in os.environ.items() if not k.startswith(("JAP_", "NO_COLOR"))}
        env.update(
            JAP_TODAY=options.today,
            JAP_LANG="en",
            COLUMNS=str(TERMINAL_COLUMNS),
            FORCE_COLOR="1",
            TERM="xterm-256color",
        )
        # jap status, as a terminal shows it
        ansi = jap("status", "--plans", str(plans), env=env).stdout
        svg = terminal_svg(ansi, f"jap status   (as of {options.today})")
        match = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg)
        width, height = (round(float(v)) for v in match.groups()) if match else (1500, 1200)
        page = work / "status.html"
        page.write_text(
            # Rich's SVG names a web font; the policy keeps the browser offline (a local
            # monospace font draws the text), so the picture does not depend on the network
            "<!DOCTYPE html><html><head><meta charset='utf-8'><title>jap status</title>"
            "<meta http-equiv='Content-Security-Policy' "
            "content=\"default-src 'none'; style-src 'unsafe-inline'\">"
            "<style>html,body{margin:0;background:#fff}svg{display:block}</style></head>"
            f"<body>{svg}</body></html>",
            encoding="utf-8",
        )
        screenshot(page, options.out / "status.png", (width, height), work)
        # the HTML report, as a browser shows it, on a screen and on a phone
        for name, (lang, window) in REPORTS.items():
            report = work / f"report-{lang}.html"
            if not report.exists():
                jap(
                    "report",
                    "--plans",
                    str(plans),
                    "--format",
                    "html",
                    "--lang",
                    lang,
                    "--output",
                    str(report),
                    env=env,
                )
            screenshot(report, options.out / name, window, work)
    for name in ("status.png", *REPORTS):
        path = options.out / name
        print(f"wrote {html.escape(str(path))} ({path.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
