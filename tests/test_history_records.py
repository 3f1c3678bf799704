"""`jap history` and `jap changes` as people read them (issue 12, points 5 and 6): each record's
id shown in every format, so that `jap retract` can be given it (or its random part, or any
unique part); a regional record listed once, with the countries it applied to, in the table and
Markdown (JSON and CSV keep one entry per country, spec section 9); warnings printed once."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

PLAN = """
[plan]
id = "R"
title = "Regional plan"
countries = ["KZ", "KG", "TJ", "TM", "UZ"]

[[item]]
id = "R-1"
title = "Train border officers"
pillar = "II"
"""
ALL = "KZ, KG, TJ, TM, UZ"
NOTE = "Regional workshop in Almaty, all five states"
DAY = {"JAP_TODAY": "2025-06-30"}


@pytest.fixture
def folder(write_plans, jap):
    """R-1 started in Kazakhstan alone, then done everywhere by one regional record."""
    folder = write_plans(r=PLAN)
    for args in (
        ("--status", "in_progress", "--country", "KZ", "--date", "2025-02-01"),
        ("--status", "done", "--note", NOTE, "--date", "2025-03-01"),
    ):
        done = jap("update", "R-1", *args, "--plans", folder, env=DAY)
        assert done.returncode == 0, done.stderr
    return folder


def ids_of(folder) -> list[str]:
    text = "".join(p.read_text() for p in sorted((folder / "journal").glob("*.toml")))
    return re.findall(r"^(u\S+) =", text, re.M)


def run(jap, folder, *args: str, columns: str = "80") -> str:
    result = jap(*args, "--plans", folder, env={**DAY, "COLUMNS": columns})
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("columns", ["80", "200"])
def test_history_table_lists_a_regional_record_once_with_its_id(jap, folder, columns):
    out = run(jap, folder, "history", "R-1", columns=columns)
    first, regional = ids_of(folder)
    assert first in out and regional in out  # whole, never cut
    assert out.count(NOTE) == 1 and ALL in out
    assert max(len(line) for line in out.splitlines()) <= int(columns)


def test_history_markdown_has_a_record_column_and_one_row_per_record(jap, folder):
    out = run(jap, folder, "history", "R-1", "--format", "markdown")
    first, regional = ids_of(folder)
    assert "| Date | Record | Country |" in out
    rows = [line for line in out.splitlines() if line.startswith("| 2025")]
    assert rows == [
        f"| 2025-02-01 | {first} | KZ | tester | In progress |  |  |  |",
        f"| 2025-03-01 | {regional} | {ALL} | tester | Done |  |  | {NOTE} |",
    ]


def test_history_json_and_csv_keep_one_entry_per_country(jap, folder):
    first, regional = ids_of(folder)
    data = json.loads(run(jap, folder, "history", "R-1", "--format", "json"))
    assert [(u["record"], u["country"]) for u in data["updates"]] == [
        (first, "KZ"),
        *[(regional, code) for code in ALL.split(", ")],
    ]
    rows = list(csv.DictReader(io.StringIO(run(jap, folder, "history", "R-1", "-f", "csv"))))
    assert [r["record"] for r in rows] == [first] + [regional] * 5


def test_changes_list_a_regional_record_once_with_each_countrys_move(jap, folder):
    out = run(jap, folder, "changes", "--since", "2025-01-01", "--format", "markdown")
    rows = [line for line in out.splitlines() if line.startswith("| 2025")]
    # the regional record moved KZ from in progress and the four others from not started
    assert rows == [
        "| 2025-02-01 | R-1 | KZ | tester | Not started → In progress |  |  |",
        f"| 2025-03-01 | R-1 | {ALL} | tester | KZ: In progress → Done<br>KG, TJ, TM, UZ: "
        f"Not started → Done |  | {NOTE} |",
    ]
    table = run(jap, folder, "changes", "--since", "2025-01-01", columns="200")
    assert table.count(NOTE) == 1 and "KG, TJ, TM, UZ: Not started → Done" in table
    data = json.loads(run(jap, folder, "changes", "--since", "2025-01-01", "-f", "json"))
    assert [u["country"] for u in data["updates"]] == ["KZ", *ALL.split(", ")]


def test_a_record_moved_alike_everywhere_shows_one_move(jap, write_plans):
    folder = write_plans(r=PLAN)
    assert jap("update", "R-1", "--progress", "40", "--plans", folder, env=DAY).returncode == 0
    out = run(jap, folder, "changes", "--since", "2025-01-01", "--format", "markdown")
    rows = [line for line in out.splitlines() if line.startswith("| 2025")]
    assert rows == [f"| 2025-06-30 | R-1 | {ALL} | tester |  | — → 40.0% |  |"]


@pytest.mark.parametrize("part", ["whole", "random", "middle"])
def test_retract_takes_the_id_history_shows_or_a_unique_part(jap, folder, part):
    regional = ids_of(folder)[1]
    shown = run(jap, folder, "history", "R-1", "--format", "markdown")
    assert regional in shown
    # the middle part runs across the dash
    ref = {"whole": regional, "random": regional.split("-")[1], "middle": regional[-12:-2]}[part]
    done = jap("retract", ref, "--plans", folder, env=DAY)
    assert done.returncode == 0, done.stderr
    assert f"retracted {regional} (R-1 on 2025-03-01" in done.stdout


def test_retract_lists_the_candidates_when_a_part_names_several(jap, folder):
    first, regional = ids_of(folder)
    common = next(first[:n] for n in range(len(first), 0, -1) if regional.startswith(first[:n]))
    assert len(common) >= 9  # both made on the same day: "u2025MMDD" at least
    result = jap("retract", common, "--plans", folder, env=DAY)
    assert result.returncode == 2
    assert f"names 2 records: {first} (R-1, 2025-02-01); {regional} (R-1, 2025-03-01)" in (
        result.stderr
    )
    nothing = jap("retract", "nosuchpart", "--plans", folder, env=DAY)
    assert nothing.returncode == 2 and "no record 'nosuchpart'" in nothing.stderr


def test_retract_prints_a_journal_warning_once(jap, folder):
    # a record of an item that no plan has any more: other commands warn and go on (spec 7)
    (folder / "r.toml").write_text(PLAN.replace('"R-1"', '"R-2"'), encoding="utf-8")
    first = ids_of(folder)[0]
    result = jap("retract", first, "--plans", folder, env=DAY)
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("names item 'R-1', which no plan has") == 2  # two records
    assert len(result.stderr.splitlines()) == 2


def test_evidence_is_shown_with_the_note_in_every_human_format(jap, folder):
    """Issue 12, point 2: an update's evidence appears beside its note in history and changes
    (a real link in Markdown and HTML), not only in JSON and CSV."""
    url = "https://example.org/almaty-workshop-report"
    done = jap("update", "R-1", "--progress", "80", "--country", "KZ", "--evidence", url,
               "--date", "2025-04-01", "--plans", folder, env=DAY)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert url in run(jap, folder, "history", "R-1", columns="200")
    assert f"[{url}]({url})" in run(jap, folder, "history", "R-1", "--format", "markdown")
    assert url in run(jap, folder, "changes", "--since", "2025-03-15", columns="200")
    changes = run(jap, folder, "changes", "--since", "2025-03-15", "--format", "markdown")
    assert f"[{url}]({url})" in changes
