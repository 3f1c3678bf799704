"""Text from files is literal in every format (spec section 5): no Rich markup, no control
characters on the terminal, HTML escaped, CSV formulas neutralised, Markdown pipes escaped."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import BIN, jap_env, run_in_process

# TOML escapes: ESC, BEL, NUL and the C1 CSI (U+009B) reach the program as those characters.
HOSTILE = (
    "[bold]x[/bold] [red]r <script>alert(1)</script> a | b "
    "\\u001b[31mRED\\u0007 nul\\u0000 csi\\u009b2J"
)
HOSTILE_TEXT = (
    "[bold]x[/bold] [red]r <script>alert(1)</script> a | b \x1b[31mRED\x07 nul\x00 csi\x9b2J"
)
FORMULAS = ["=1+1", "+SUM(A1:A2)", "-2+3", "@cmd"]

PLAN = f"""\
[plan]
id = "LIT"
title = "=HYPERLINK(\\"http://x\\") [bold]Plan[/bold] | <b>plan</b>"

[[item]]
id = "LIT-1"
title = "{HOSTILE}"
pillar = "I"
lead = ["[green]lead[/green]", "<i>x</i>"]
""" + "".join(
    f'\n[[item]]\nid = "LIT-F{n}"\ntitle = "{text}"\npillar = "II"\nlead = ["{text}"]\n'
    for n, text in enumerate(FORMULAS)
)

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # anything but \t and \n
SGR = re.compile(r"\x1b\[([0-9;]*)m")
BAD_BYTES = ("\x1b", "\x07", "\x00", "\x9b")


def run(folder: Path, *args: object, env: dict[str, str] | None = None, drop=()):
    """jap ARGS --plans FOLDER, in this process; ``drop``: variables to leave out."""
    changes: dict[str, str | None] = {"JAP_TODAY": "2024-06-30", **(env or {})}
    changes |= dict.fromkeys(drop)
    result = run_in_process((*args, "--plans", folder), changes, folder.parent)
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("literal")
    plans = root / "plans"
    plans.mkdir()
    (plans / "lit.toml").write_text(PLAN, encoding="utf-8")
    from jap_tracker.journal import append_records, format_record, new_record_id

    recorded = dt.datetime(2024, 6, 30, 12, tzinfo=dt.UTC)
    fields = {
        "item": "LIT-1",
        "date": dt.date(2024, 6, 1),
        "note": "=cmd|' /C calc'!A0 " + HOSTILE_TEXT,
        "by": "@[bold]me[/bold]\x1b[2J",
        "recorded": recorded,
    }
    append_records(plans, [(recorded, format_record(new_record_id(recorded), fields))])
    return plans


def test_the_workspace_holds_what_it_should(folder):
    data = json.loads(run(folder, "report", "--format", "json").stdout)
    items = {i["id"]: i for i in data["items"]}
    # JSON gives programs the exact text, escapes and all ...
    assert items["LIT-1"]["title"] == HOSTILE_TEXT
    assert items["LIT-1"]["last_update"]["note"].endswith(HOSTILE_TEXT)
    assert [items[f"LIT-F{n}"]["title"] for n in range(4)] == FORMULAS


def test_json_escapes_control_characters(folder):
    text = run(folder, "report", "--format", "json").stdout
    for bad in BAD_BYTES:
        assert bad not in text
    assert "\\u001b[31mRED" in text and "\\u009b" in text


@pytest.mark.parametrize("command", ["status", "report"])
def test_table_shows_markup_literally_and_no_control_characters(folder, command):
    result = run(folder, command, env={"COLUMNS": "400"})  # wide enough not to wrap cells
    out = result.stdout
    if command == "report":
        assert "[bold]x[/bold] [red]r <script>alert(1)</script> a | b" in out
        assert "[green]lead[/green], <i>x</i>" in out
        assert "\\x1b[31mRED\\x07 nul\\x00 csi\\x9b2J" in out  # shown as text
        assert "@[bold]me[/bold]\\x1b[2J" in out
    else:
        assert "[bold]Plan[/bold]" in out
    assert not CONTROL.search(out), repr(CONTROL.search(out))
    assert not CONTROL.search(result.stderr)


def test_pipe_without_no_color_has_no_escapes(folder):
    result = run(folder, "report", drop=("NO_COLOR",))
    assert "\x1b" not in result.stdout
    assert "[bold]x[/bold]" in result.stdout


def _colours(text: str) -> set[int]:
    """The SGR colour parameters used (30-49 and 90-107), ignoring bold, italic and the like."""
    found = set()
    for params in SGR.findall(text):
        for part in params.split(";"):
            if part.isdigit() and (30 <= int(part) <= 49 or 90 <= int(part) <= 107):
                found.add(int(part))
    return found


def test_forced_terminal_keeps_markup_literal(folder):
    result = run(
        folder, "report", env={"FORCE_COLOR": "1", "TERM": "xterm-256color"}, drop=("NO_COLOR",)
    )
    out = result.stdout
    assert SGR.search(out), "FORCE_COLOR should make Rich style the output"
    assert _colours(out)  # and colour it
    plain = SGR.sub("", out)
    assert "[bold]x[/bold]" in plain and "[red]r" in plain
    assert "\\x1b[31mRED\\x07" in plain  # the file's ESC is text, not an escape
    assert not CONTROL.search(plain), repr(CONTROL.search(plain))


def test_no_color_on_a_terminal_has_no_colour(folder):
    result = run(folder, "report", env={"FORCE_COLOR": "1", "TERM": "xterm-256color"})
    assert _colours(result.stdout) == set()  # NO_COLOR=1 is in the fixture's environment
    assert "[bold]x[/bold]" in SGR.sub("", result.stdout)


@pytest.mark.skipif(shutil.which("script") is None, reason="needs util-linux script")
def test_real_terminal_keeps_markup_literal(folder):
    env = jap_env(JAP_TODAY="2024-06-30", TERM="xterm-256color")
    env.pop("NO_COLOR")
    command = [str(BIN), "report", "--plans", str(folder)]
    result = subprocess.run(
        ["script", "-qec", shlex.join(command), "/dev/null"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        env=env,
        cwd=folder.parent,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    plain = SGR.sub("", result.stdout).replace("\r", "")
    assert "[bold]x[/bold]" in plain
    assert "\\x1b[31mRED\\x07" in plain
    assert not CONTROL.search(plain), repr(CONTROL.search(plain))


def test_html_escapes_everything(folder):
    page = run(folder, "report", "--format", "html").stdout
    assert page.startswith("<!DOCTYPE html>")
    assert "<script>" not in page and "<b>plan</b>" not in page and "<i>x</i>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "[bold]x[/bold]" in page
    for bad in BAD_BYTES:
        assert bad not in page


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_neutralises_formulas_and_control_characters(folder):
    report = run(folder, "report", "--format", "csv").stdout
    status = run(folder, "status", "--format", "csv").stdout
    for text in (report, status):
        for bad in BAD_BYTES:
            assert bad not in text
        for row in _rows(text):
            for value in row.values():
                assert not value.startswith(("=", "+", "-", "@")), value
    rows = {row["id"]: row for row in _rows(report)}
    assert [rows[f"LIT-F{n}"]["title"] for n in range(4)] == ["'" + f for f in FORMULAS]
    assert [rows[f"LIT-F{n}"]["lead"] for n in range(4)] == ["'" + f for f in FORMULAS]
    assert rows["LIT-1"]["last_update_note"].startswith("'=cmd")
    assert rows["LIT-1"]["last_update_by"].startswith("'@")
    assert "[bold]x[/bold]" in rows["LIT-1"]["title"]
    plan_rows = [r for r in _rows(status) if r["scope"] == "plan"]
    assert plan_rows[0]["name"].startswith("'=HYPERLINK")


def test_markdown_escapes_pipes_and_controls(folder):
    for command in ("report", "status"):
        text = run(folder, command, "--format", "markdown").stdout
        assert not CONTROL.search(text)
        assert "\\|" in text
        for table in re.split(r"\n\s*\n", text):
            rows = [line for line in table.splitlines() if line.startswith("|")]
            if not rows:
                continue
            widths = {len(re.findall(r"(?<!\\)\|", row)) for row in rows}
            assert len(widths) == 1, table  # an escaped pipe never adds a column
    report = run(folder, "report", "--format", "markdown").stdout
    assert "<script>" not in report
