"""Spec section 9 end to end: a five-state plan, joint and country updates, views, rejections."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from conftest import run_in_process

PLAN = """
[plan]
id = "JPA"
title = "Joint Plan"
countries = ["kz", "KG", "TJ", "TM", "UZ"]

[[item]]
id = "EWN"
title = "Early Warning Network consultations"
pillar = "I"
due = 2024-06-30
weight = 2

[[item]]
id = "VT"
title = "Vulnerable targets plans"
pillar = "II"
countries = ["tj", "KG"]

[[item]]
id = "REG"
title = "Regional conference"
pillar = "III"
countries = []
"""

ENV = {"JAP_TODAY": "2024-12-31"}


@pytest.fixture(scope="module")
def five(tmp_path_factory):
    """The plan, with joint and country-specific updates recorded through the CLI (once for the
    module: the tests only read it, or check that a rejected update leaves it as it was)."""
    folder = tmp_path_factory.mktemp("five") / "plans"
    folder.mkdir()
    (folder / "jpa.toml").write_text(PLAN, encoding="utf-8")
    for args in [
        ("EWN", "--progress", "40", "--date", "2024-01-10", "--note", "all five"),
        ("EWN", "--country", "kz", "-c", "UZ", "--status", "done", "--date", "2024-02-01"),
        ("EWN", "--country", "TM", "--status", "cancelled", "--date", "2024-02-01"),
        ("VT", "--country", "TJ", "--status", "done", "--date", "2024-03-01"),
        ("VT", "--country", "KG", "--status", "blocked", "--date", "2024-03-01"),
        ("REG", "--progress", "50", "--date", "2024-04-01"),
    ]:
        done = run_in_process(("update", *args, "--plans", folder), ENV, folder.parent)
        assert done.returncode == 0, done.stderr
    return folder


def json_of(jap, *args) -> dict:
    result = jap(*args, "--format", "json", env=ENV)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_status_json_countries(five, jap):
    data = json_of(jap, "status", "--plans", five)
    # EWN: KZ 1, KG 0.4, TJ 0.4, UZ 1, TM cancelled: (1 + 0.4 + 0.4 + 1) / 4 = 0.7; in progress
    # VT: TJ done, KG blocked: blocked; (1 + 0) / 2 = 0.5. REG: 0.5.
    # overall (2 × 0.7 + 0.5 + 0.5) / 4 = 0.6
    assert data["overall"]["completion"] == pytest.approx(0.6)
    assert data["overall"]["by_status"]["blocked"] == 1
    assert data["overall"]["overdue"] == 1  # EWN, in progress, due 2024-06-30
    countries = data["countries"]
    assert [c["id"] for c in countries] == ["KG", "KZ", "TJ", "TM", "UZ"]  # code order
    assert all(set(c) == {"id", "name", "completion", "items", "by_status", "overdue",
                               "expected", "rating"}
               for c in countries)  # fmt: skip
    by_id = {c["id"]: c for c in countries}
    # KG: EWN 0.4 (w2), VT blocked 0 (w1): 0.8 / 3; EWN overdue in KG
    assert by_id["KG"]["completion"] == pytest.approx(0.8 / 3)
    assert (by_id["KG"]["items"], by_id["KG"]["overdue"], by_id["KG"]["name"]) == (
        2, 1, "Kyrgyzstan")  # fmt: skip
    # TJ: EWN 0.4 (w2), VT done (w1): (0.8 + 1) / 3 = 0.6
    assert by_id["TJ"]["completion"] == pytest.approx(0.6)
    # KZ: EWN done: 1, not overdue; TM: EWN cancelled: none, counted
    assert (by_id["KZ"]["completion"], by_id["KZ"]["overdue"]) == (1.0, 0)
    assert (by_id["TM"]["completion"], by_id["TM"]["items"]) == (None, 1)
    assert by_id["TM"]["by_status"] == {
        "not_started": 0, "in_progress": 0, "done": 0, "blocked": 0, "cancelled": 1}  # fmt: skip


def test_status_json_without_countries_has_an_empty_list(write_plans, jap):
    folder = write_plans(p='[plan]\nid = "P"\ntitle = "P"\n\n[[item]]\nid = "A"\ntitle = "A"\n'
                         'pillar = "I"\n')  # fmt: skip
    assert json_of(jap, "status", "--plans", folder)["countries"] == []
    by = json_of(jap, "status", "--by", "country", "--plans", folder)
    assert by["countries"] == [] and by["by_country"] == []


def test_report_items_have_countries_and_coverage(five, jap):
    data = json_of(jap, "report", "--plans", five)
    items = {i["id"]: i for i in data["items"]}
    ewn = items["EWN"]
    assert (ewn["status"], ewn["progress"], ewn["completion"]) == ("in_progress", None, 0.7)
    assert ewn["coverage"] == {"done": 2, "of": 4}  # KZ, UZ done; TM cancelled
    assert [c["id"] for c in ewn["countries"]] == ["KZ", "KG", "TJ", "TM", "UZ"]
    kg = next(c for c in ewn["countries"] if c["id"] == "KG")
    assert {"id", "status", "progress", "completion", "indicators", "last_update"} <= set(kg)
    assert (kg["status"], kg["progress"], kg["completion"]) == ("in_progress", 40, 0.4)
    assert kg["last_update"]["note"] == "all five"
    assert items["VT"]["coverage"] == {"done": 1, "of": 2}
    assert items["VT"]["status"] == "blocked"
    reg = items["REG"]
    assert (reg["progress"], reg["countries"], reg["coverage"]) == (50, [], None)


def test_report_for_one_country(five, jap):
    data = json_of(jap, "report", "--country", "tj", "--plans", five)
    assert data["filters"]["country"] == "TJ"
    items = {i["id"]: i for i in data["items"]}
    assert set(items) == {"EWN", "VT"}  # REG is regional: it concerns no one country
    assert (items["EWN"]["status"], items["EWN"]["completion"], items["EWN"]["overdue"]) == (
        "in_progress", 0.4, True)  # fmt: skip
    assert (items["VT"]["status"], items["VT"]["completion"]) == ("done", 1.0)
    assert items["EWN"]["progress"] is None
    assert [c["id"] for c in items["EWN"]["countries"]] == ["TJ"]
    # TJ: (2 × 0.4 + 1) / 3 = 0.6
    summary = data["summary"]
    assert summary["overall"]["completion"] == pytest.approx(0.6)
    assert summary["overall"]["items"] == 2 and summary["overall"]["overdue"] == 1
    assert [c["id"] for c in summary["countries"]] == ["TJ"]
    # KZ: EWN done, not overdue
    kz = json_of(jap, "report", "--country", "KZ", "--overdue", "--plans", five)
    assert kz["items"] == []


def test_report_for_a_country_no_item_concerns_is_empty(five, jap):
    data = json_of(jap, "report", "--country", "fr", "--plans", five)
    assert data["items"] == []
    assert data["summary"]["overall"]["items"] == 0
    assert data["summary"]["overall"]["completion"] is None
    assert data["summary"]["countries"] == []
    table = jap("report", "--country", "FR", "--plans", five, env=ENV)
    assert table.returncode == 0, table.stderr


def _journal(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((folder / "journal").glob("*"))}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("REG", "--country", "KZ"), "tracked as a whole"),
        (("VT", "--country", "KZ"), "does not concern KZ"),
        (("VT", "--country", "TJ", "--country", "UZ"), "does not concern UZ"),
        (("EWN", "--country", "XX"), "'XX' is not an ISO 3166-1 alpha-2 country code"),
        (("EWN", "--country", "usa"), "did you mean US?"),
        (("EWN", "--country", ""), "is not an ISO 3166-1 alpha-2 country code"),
    ],
)
def test_update_rejections_write_nothing(five, jap, args, message):
    before = _journal(five)
    result = jap("update", *args, "--status", "done", "--plans", five, env=ENV)
    assert result.returncode == 2
    assert message in result.stderr and "--country" in result.stderr
    assert "Traceback" not in result.stderr
    assert _journal(five) == before


def test_report_rejects_a_code_that_is_not_iso(five, jap):
    for code in ("XX", "usa"):
        result = jap("report", "--country", code, "--plans", five, env=ENV)
        assert result.returncode == 2 and "--country" in result.stderr


def test_a_code_on_the_command_line_may_have_spaces_around(five, jap):
    result = jap("update", "EWN", "--country", " tj ", "--note", "n", "--plans", five, env=ENV)
    assert result.returncode == 0, result.stderr
    assert "countries TJ" in result.stdout


def test_codes_in_any_case_are_recorded_in_capitals(five, jap):
    text = "".join(p.read_text(encoding="utf-8") for p in (five / "journal").glob("*.toml"))
    assert 'countries = ["KZ", "UZ"]' in text


def test_a_country_added_to_the_plan_later_gets_the_joint_updates(write_plans, jap):
    folder = write_plans(p=PLAN)
    for args in (("EWN", "--progress", "30"), ("EWN", "-c", "KZ", "--progress", "90")):
        assert jap("update", *args, "--plans", folder, env=ENV).returncode == 0
    (folder / "p.toml").write_text(
        PLAN.replace('["kz", "KG", "TJ", "TM", "UZ"]', '["KZ", "KG", "TJ", "TM", "UZ", "AF"]'),
        encoding="utf-8",
    )
    data = json_of(jap, "report", "--country", "AF", "--plans", folder)
    (ewn,) = data["items"]
    assert ewn["countries"][0]["progress"] == 30  # the joint update, not KZ's
    # all: KZ 0.9, five others 0.3: (0.9 + 5 × 0.3) / 6 = 0.4
    whole = json_of(jap, "report", "--plans", folder)
    assert whole["items"][0]["completion"] == pytest.approx(0.4)


def test_status_by_country_json(five, jap):
    data = json_of(jap, "status", "--by", "country", "--plans", five)
    plain = json_of(jap, "status", "--plans", five)
    assert {k: v for k, v in data.items() if k != "by_country"} == plain
    cells = data["by_country"]
    assert len(cells) == 4 * 5
    assert cells[0] == {"pillar": "I", "country": "KG", "completion": 0.4, "items": 1,
                        "coverage": {"done": 0, "of": 1}}  # fmt: skip
    tj2 = next(c for c in cells if (c["pillar"], c["country"]) == ("II", "TJ"))
    assert (tj2["completion"], tj2["coverage"]) == (1.0, {"done": 1, "of": 1})
    tm1 = next(c for c in cells if (c["pillar"], c["country"]) == ("I", "TM"))
    assert (tm1["completion"], tm1["items"], tm1["coverage"]) == (None, 1, {"done": 0, "of": 0})


def test_status_by_country_csv_markdown_table(five, jap):
    result = jap("status", "--by", "country", "--format", "csv", "--plans", five, env=ENV)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len([r for r in rows if r["scope"] == "cell"]) == 20
    kz = next(r for r in rows if r["scope"] == "country" and r["country"] == "KZ")
    assert (kz["completion"], kz["coverage_done"], kz["coverage_of"]) == ("1.0", "1", "1")
    # pillar I, item level: EWN 0.7; coverage 2 of 4
    one = next(r for r in rows if r["scope"] == "pillar" and r["pillar"] == "I")
    assert (one["completion"], one["coverage_done"], one["coverage_of"]) == ("0.7", "2", "4")
    # everything with countries: (2 × 0.7 + 0.5) / 3; coverage (2 + 1) of (4 + 2)
    overall = rows[-1]
    assert overall["scope"] == "overall"
    assert float(overall["completion"]) == pytest.approx(1.9 / 3)
    assert (overall["coverage_done"], overall["coverage_of"]) == ("3", "6")
    md = jap("status", "--by", "country", "--format", "markdown", "--plans", five, env=ENV)
    assert "| I | 40.0% · 0/1 | 100.0% · 1/1 | 40.0% · 0/1 | — · 0/0 | 100.0% · 1/1 |" in md.stdout
    table = jap("status", "--by", "country", "--plans", five, env=ENV)
    assert (
        table.returncode == 0 and "KZ Kazakhstan" in table.stdout and "70.0% · 2/4" in table.stdout
    )


def test_status_by_rejects_an_unknown_value(five, jap):
    result = jap("status", "--by", "plan", "--plans", five, env=ENV)
    assert result.returncode == 2 and "--by" in result.stderr


def test_html_report_has_the_heat_map(five, jap):
    result = jap("report", "--format", "html", "--plans", five, env=ENV)
    assert result.returncode == 0, result.stderr
    page = result.stdout
    assert page.startswith("<!DOCTYPE html>")
    assert 'class="heatmap"' in page and "Kazakhstan" in page
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
