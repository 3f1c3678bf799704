"""Edge cases found by a black-box review against the spec: extreme numbers and dates, empty
option values, --output that must never touch the workspace, text that must stay literal."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import subprocess

import pytest

from conftest import BIN, jap_env

TODAY = {"JAP_TODAY": "2024-06-30"}

PLAN = """
[plan]
id = "P"
title = "Plan"

[[item]]
id = "P-1"
title = "Heavy & done"
pillar = "I"
weight = 1e15

[[item]]
id = "P-2"
title = "Heavy too"
pillar = "I"
weight = 1e15

[item.extra]
place = "Tashkent"
year = 2024

[[item]]
id = "P-3"
title = "Wide indicator"
pillar = "II"

[[item.indicator]]
id = "k"
title = "k"
baseline = -1e15
target = 1e15
"""


def journal_bytes(folder):
    journal = folder / "journal"
    if not journal.is_dir():
        return {}
    return {p.name: p.read_bytes() for p in journal.iterdir()}


def status_json(jap, folder, *args):
    result = jap("status", "--format", "json", "--plans", folder, *args, env=TODAY)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_huge_weights_and_indicator_ranges_are_computed_not_overflowed(write_plans, jap):
    folder = write_plans(p=PLAN)
    assert jap("update", "P-1", "--status", "done", "--plans", folder, env=TODAY).returncode == 0
    # actual 1e15 on a range from -1e15 to 1e15: (1e15 + 1e15) / (2e15) = 1
    done = jap("update", "P-3", "--indicator", "k=1e15", "--plans", folder, env=TODAY)
    assert done.returncode == 0, done.stderr
    data = status_json(jap, folder)
    # pillar I: (1e15 × 1 + 1e15 × 0) / (2e15) = 0.5; pillar II: 1.0
    assert data["pillars"][0]["completion"] == 0.5
    assert data["pillars"][1]["completion"] == 1.0


def test_empty_or_out_of_range_dates_are_usage_errors_and_write_nothing(write_plans, jap):
    folder = write_plans(p=PLAN)
    for args in (
        ("update", "P-1", "--note", "x", "--date", ""),
        ("update", "P-1", "--note", "x", "--date", "0999-12-31"),
        ("status", "--as-of", ""),
        ("status", "--as-of", "0001-02-01"),
        ("report", "--as-of", "9999-12-31"),
        ("changes", "--since", ""),
        ("trend", "--until", ""),
        ("history", "P-1", "--as-of", ""),
    ):
        result = jap(*args, "--plans", folder, env=TODAY)
        assert result.returncode == 2, (args, result.stderr)
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert journal_bytes(folder) == {}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "\u0662\u0660\u0662\u0664-\u0660\u0661-\u0660\u0661",
            "is not a date: write it as YYYY-MM-DD",
        ),
        ("2024-1-01", "is not a date: write it as YYYY-MM-DD"),
        ("2024-02-30", "is not a real date"),
    ],
)
def test_dates_are_ascii_yyyy_mm_dd(text: str, message: str):
    from jap_tracker.cli.options import (
        parse_date,
    )
    from jap_tracker.diagnostics import UsageError

    with pytest.raises(UsageError) as caught:
        parse_date(text, "--as-of")
    assert message in str(caught.value) and caught.value.option == "--as-of"
    assert parse_date(" 2024-02-29\n", "--as-of").isoformat() == "2024-02-29"


def test_an_argument_that_is_not_utf8_is_a_usage_error(write_plans):
    folder = write_plans(p=PLAN)
    # a process: the bytes reach sys.argv through the operating system (as surrogates)
    result = subprocess.run(
        [str(BIN), "update", "P-1", "--note", b"bad \x9b byte", "--plans", str(folder)],
        capture_output=True,
        env=jap_env(**TODAY),
        check=False,
    )
    assert result.returncode == 2
    assert b"not valid UTF-8" in result.stderr
    assert not (folder / "journal").exists()


def test_negative_zero_progress_is_zero(write_plans, jap):
    folder = write_plans(p=PLAN)
    assert jap("update", "P-2", "--progress", "-0", "--plans", folder, env=TODAY).returncode == 0
    result = jap("report", "--format", "json", "--plans", folder, env=TODAY)
    item = next(i for i in json.loads(result.stdout)["items"] if i["id"] == "P-2")
    assert item["progress"] == 0.0 and str(item["progress"]) == "0.0"
    assert '"progress": -0.0' not in result.stdout


def test_output_never_replaces_a_plan_or_journal_file(write_plans, jap):
    folder = write_plans(p=PLAN)
    assert jap("update", "P-1", "--note", "kept", "--plans", folder, env=TODAY).returncode == 0
    before = journal_bytes(folder)
    plan_before = (folder / "p.toml").read_bytes()
    month = next(name for name in before if name.endswith(".toml"))
    for target in (folder / "journal" / month, folder / "p.toml", folder / "journal" / "new.toml"):
        result = jap("status", "-f", "json", "--output", target, "--plans", folder, env=TODAY)
        assert result.returncode == 2, result.stderr
        assert "--output" in result.stderr
    assert journal_bytes(folder) == before
    assert (folder / "p.toml").read_bytes() == plan_before


def test_output_keeps_the_mode_of_the_file_and_writes_through_a_link(write_plans, jap, tmp_path):
    folder = write_plans(p=PLAN)
    real = tmp_path / "real.json"
    real.write_text("old", encoding="utf-8")
    os.chmod(real, 0o644)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    result = jap("status", "-f", "json", "--output", link, "--plans", folder, env=TODAY)
    assert result.returncode == 0, result.stderr
    assert link.is_symlink()
    assert json.loads(real.read_text(encoding="utf-8"))["schema_version"] == 1
    assert stat.S_IMODE(real.stat().st_mode) == 0o644
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_every_bad_language_code_of_a_title_is_reported(write_plans, jap):
    folder = write_plans(
        p='[plan]\nid = "P"\ntitle = { zz = "x", qq = "y", en = "z" }\n',
    )
    result = jap("check", "--plans", folder)
    assert result.returncode == 1
    assert "'zz'" in result.stderr and "'qq'" in result.stderr
    assert result.stderr.startswith(f"{folder / 'p.toml'}:3:") or ":3:" in result.stderr


def test_extra_is_shown_in_every_report_format(write_plans, jap):
    folder = write_plans(p=PLAN)
    for fmt in ("table", "markdown", "html", "csv"):
        wide = {**TODAY, "COLUMNS": "250"}  # where a table has room not to wrap the cell
        result = jap("report", "--format", fmt, "--plans", folder, env=wide)
        assert result.returncode == 0, result.stderr
        shown = ("place", "year") if fmt == "csv" else ("Place", "Year")  # keys as words for people
        assert f"{shown[0]}: Tashkent" in result.stdout, fmt
        assert f"{shown[1]}: 2024" in result.stdout, fmt
    rows = list(csv.DictReader(io.StringIO(jap("report", "-f", "csv", "--plans", folder).stdout)))
    assert rows[1]["extra"] == "place: Tashkent; year: 2024"
    assert rows[0]["extra"] == ""


def test_markdown_escapes_ampersands(write_plans, jap):
    folder = write_plans(p=PLAN.replace("Heavy & done", "Heavy &amp; done"))
    result = jap("report", "--format", "markdown", "--plans", folder, env=TODAY)
    assert "Heavy \\&amp; done" in result.stdout


def test_one_country_per_view(write_plans, jap):
    folder = write_plans(p=PLAN)
    result = jap("report", "--country", "KZ", "--country", "UZ", "--plans", folder, env=TODAY)
    assert result.returncode == 2 and "--country" in result.stderr


def test_a_file_where_the_journal_folder_should_be_is_located(write_plans, jap):
    folder = write_plans(p=PLAN)
    (folder / "journal").write_text("not a folder", encoding="utf-8")
    for args in (("status",), ("check",), ("update", "P-1", "--note", "x")):
        result = jap(*args, "--plans", folder, env=TODAY)
        assert result.returncode == 1, (args, result.stderr)
        assert "journal:1: is not a folder" in result.stderr
    assert (folder / "journal").read_text(encoding="utf-8") == "not a folder"


def test_control_characters_in_a_path_are_not_echoed(jap, tmp_path):
    result = jap("status", "--plans", tmp_path / "a\x1b[31mb")
    assert result.returncode == 2
    assert "\x1b" not in result.stderr and "\\x1b" in result.stderr


def test_history_as_of_leaves_out_later_updates(write_plans, jap):
    folder = write_plans(p=PLAN)
    for day in ("2024-01-10", "2024-03-10"):
        done = jap("update", "P-1", "--note", day, "--date", day, "--plans", folder, env=TODAY)
        assert done.returncode == 0, done.stderr
    result = jap("history", "P-1", "-f", "json", "--as-of", "2024-02-01", "--plans", folder)
    assert [u["note"] for u in json.loads(result.stdout)["updates"]] == ["2024-01-10"]


def test_a_file_where_the_journal_was_is_seen_through_the_cache(write_plans, jap):
    folder = write_plans(p=PLAN)
    assert jap("status", "--plans", folder, env=TODAY).returncode == 0  # cached, no journal
    (folder / "journal").write_text("junk", encoding="utf-8")
    for args in (("status",), ("check",), ("update", "P-1", "--note", "x")):
        result = jap(*args, "--plans", folder, env=TODAY)
        assert result.returncode == 1, (args, result.stdout)
        assert "journal:1: is not a folder" in result.stderr


def test_journal_lines_from_other_programs_with_short_fractions_are_read(write_plans, jap):
    folder = write_plans(p=PLAN)
    (folder / "journal").mkdir()
    (folder / "journal" / "ext.toml").write_text(
        'k1 = { item = "P-2", date = 2024-03-01, progress = 5, by = "x", '
        "recorded = 2024-03-01T10:00:00.5 }\n",
        encoding="utf-8",
    )
    result = jap("check", "--plans", folder, env=TODAY)
    assert result.returncode == 0, result.stderr
    data = status_json(jap, folder)
    # P-2 at 5 %: pillar I (1e15 × 0 + 1e15 × 0.05) / 2e15 = 0.025
    assert data["pillars"][0]["completion"] == 0.025


def test_a_form_feed_line_in_the_journal_is_a_located_problem(write_plans, jap):
    folder = write_plans(p=PLAN)
    (folder / "journal").mkdir()
    (folder / "journal" / "j.toml").write_text(
        'g1 = { item = "P-2", date = 2024-03-01, progress = 5, by = "x", '
        "recorded = 2024-03-01T10:00:00Z }\n\x0c\n",
        encoding="utf-8",
    )
    result = jap("check", "--plans", folder, env=TODAY)
    assert result.returncode == 1
    assert "j.toml:2:" in result.stderr
