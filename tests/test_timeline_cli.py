"""End to end: `jap trend`, `jap changes`, `jap history` (spec section 8) through `jap` (run in
this process), held against `jap status --as-of` / `jap report --as-of` and figures computed
by hand."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil

import pytest

from conftest import run_in_process

PLAN_A = """
[plan]
id = "A"
title = "Plan A"
countries = ["KZ", "UZ"]

[[item]]
id = "A-1"
title = "Regional council"
pillar = "I"
weight = 2
countries = []

[[item]]
id = "A-2"
title = "National action plans"
pillar = "II"
due = 2024-03-31

[[item]]
id = "A-3"
title = "Training"
pillar = "III"
countries = []

[[item.indicator]]
id = "trained"
title = "People trained"
target = 100
"""

PLAN_B = """
[plan]
id = "B"
title = "Plan B"

[[item]]
id = "B-1"
title = "Helpline [bold]now[/bold]"
pillar = "I"

[[item]]
id = "B-2"
title = "Review"
pillar = "IV"
"""

TODAY = {"JAP_TODAY": "2024-06-10"}

# (args of `jap update`), recorded in this order
UPDATES = [
    ("A-1", "--progress", "20", "--date", "2024-01-15", "--note", "kick-off"),
    ("A-2", "--status", "in_progress", "--country", "KZ", "--date", "2024-02-03"),
    ("A-3", "--indicator", "trained=25", "--date", "2024-02-20"),
    ("B-1", "--progress", "60", "--date", "2024-02-20"),
    ("A-1", "--progress", "50", "--date", "2024-03-31"),
    ("A-2", "--progress", "50", "--date", "2024-04-02"),
    ("B-2", "--status", "cancelled", "--date", "2024-04-10"),
    ("A-1", "--status", "done", "--date", "2024-05-05"),
    ("A-2", "--status", "done", "--country", "UZ", "--date", "2024-05-05", "--by", "Zarina"),
    ("B-1", "--status", "blocked", "--date", "2024-05-31", "--note", '=HYPERLINK("x") <b>'),
]


@pytest.fixture(scope="module")
def recorded(tmp_path_factory):
    """The two plans above with the updates recorded by `jap update`, once for the module."""
    folder = tmp_path_factory.mktemp("timeline") / "plans"
    folder.mkdir()
    (folder / "a.toml").write_text(PLAN_A, encoding="utf-8")
    (folder / "b.toml").write_text(PLAN_B, encoding="utf-8")
    ids = []
    for args in UPDATES:
        done = run_in_process(("update", *args, "--plans", folder), TODAY, folder.parent)
        assert done.returncode == 0, done.stderr
        ids.append(re.search(r"recorded (u\S+):", done.stdout).group(1))
    return folder, ids


@pytest.fixture
def workspace(recorded, tmp_path):
    """A copy of the recorded workspace for one test: (folder, [record ids])."""
    folder, ids = recorded
    copy = tmp_path / "copy"
    shutil.copytree(folder, copy)
    return copy, ids


def run_json(jap, *args):
    result = jap(*args, "--format", "json", env=TODAY)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


# ---- trend ---------------------------------------------------------------------------------


def test_each_trend_value_is_what_status_says_at_the_period_end(workspace, jap):
    folder, _ids = workspace
    trend = run_json(jap, "trend", "--plans", folder)
    assert trend["schema_version"] == 1 and trend["every"] == "month"
    # from the month of the first update (2024-01-15) to the month of today (2024-06-10)
    assert [(p["start"], p["end"]) for p in trend["periods"]] == [
        ("2024-01-01", "2024-01-31"),
        ("2024-02-01", "2024-02-29"),
        ("2024-03-01", "2024-03-31"),
        ("2024-04-01", "2024-04-30"),
        ("2024-05-01", "2024-05-31"),
        ("2024-06-01", "2024-06-10"),
    ]
    for period in trend["periods"]:
        status = run_json(jap, "status", "--as-of", period["end"], "--plans", folder)
        assert period["overall"] == status["overall"]["completion"]
        assert period["pillars"] == {p["id"]: p["completion"] for p in status["pillars"]}
    # by hand, today: A-1 done ×2, A-2 mean(KZ 0.5, UZ 1), A-3 25/100, B-1 0.6, B-2 cancelled
    # -> (2 + 0.75 + 0.25 + 0.6) / 5 = 0.72; pillar I (2 + 0.6) / 3
    last = trend["periods"][-1]
    assert last["overall"] == pytest.approx(0.72)
    assert last["pillars"]["I"] == pytest.approx(2.6 / 3)
    assert last["pillars"]["IV"] is None
    # end of January: only A-1 at 20%, weight 2 of 6 -> 0.4 / 6
    assert trend["periods"][0]["overall"] == pytest.approx(0.4 / 6)


@pytest.mark.parametrize(
    "filters",
    [
        ("--pillar", "I", "--plan", "B"),
        ("--pillar", "2", "--pillar", "III"),
        ("--country", "uz"),
    ],
)
def test_filtered_trend_equals_the_report_summary(workspace, jap, filters):
    folder, _ids = workspace
    trend = run_json(
        jap, "trend", "--every", "quarter", "--since", "2024-01-01", *filters, "--plans", folder
    )
    assert [p["end"] for p in trend["periods"]] == ["2024-03-31", "2024-06-10"]
    for period in trend["periods"]:
        report = run_json(jap, "report", *filters, "--as-of", period["end"], "--plans", folder)
        summary = report["summary"]
        assert period["overall"] == summary["overall"]["completion"]
        assert period["pillars"] == {p["id"]: p["completion"] for p in summary["pillars"]}


def test_trend_since_until_and_every_year(workspace, jap):
    folder, _ids = workspace
    trend = run_json(
        jap,
        "trend",
        "--every",
        "year",
        "--since",
        "2023-07-01",
        "--until",
        "2024-02-10",
        "--plans",
        folder,
    )
    assert [(p["start"], p["end"]) for p in trend["periods"]] == [
        ("2023-01-01", "2023-12-31"),
        ("2024-01-01", "2024-02-10"),
    ]
    # 2023: nothing recorded yet: every item counts 0 (cancelled B-2 was not yet)
    assert trend["periods"][0]["overall"] == 0.0
    # 2024-02-10: A-1 0.2 × 2 / 6
    assert trend["periods"][1]["overall"] == pytest.approx(0.4 / 6)


def test_trend_in_the_terminal_draws_each_pillar(workspace, jap):
    folder, _ids = workspace
    result = jap("trend", "--plans", folder, env=TODAY)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert any(line.strip().startswith("2024-06") and "72.0%" in line for line in lines)
    course = {line.split()[0]: line.split()[1] for line in lines if re.search("[▁-█]{6}", line)}
    # each course scaled to its own range, block = round((v - low) / span × 7) of ▁▂▃▄▅▆▇█;
    # pillar I by month: 0.4/3, 1/3, 1.6/3, =, 2.6/3, =: low 0.4/3, span 2.2/3, so
    # 0 -> ▁, 0.6/2.2 × 7 = 1.91 -> ▃, 1.2/2.2 × 7 = 3.82 -> ▅, ▅, 7 -> █, █
    assert course["I"] == "▁▃▅▅██"
    assert course["II"] == "▁▁▁▆██"  # 0, 0, 0, 0.5/0.75 × 7 = 4.67 -> ▆, 0.75 -> █, =


def test_trend_markdown_and_csv(workspace, jap):
    folder, _ids = workspace
    md = jap("trend", "--format", "markdown", "--lang", "fr", "--plans", folder, env=TODAY)
    assert md.returncode == 0, md.stderr
    assert "| 2024-06 |" in md.stdout and "72,0" in md.stdout
    out = jap("trend", "--format", "csv", "--every", "quarter", "--plans", folder, env=TODAY)
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert [r["period"] for r in rows] == ["2024-Q1", "2024-Q2"]
    assert float(rows[1]["overall"]) == pytest.approx(0.72) and rows[1]["IV"] == ""


# ---- changes -------------------------------------------------------------------------------


def without_ids(entries: list[dict]) -> list[dict]:
    """The entries without ``record`` and ``recorded`` (spec 11), which every entry must have."""
    for entry in entries:
        assert entry["record"][:1] == "u" and entry["recorded"].endswith("Z"), entry
    return [{k: v for k, v in e.items() if k not in ("record", "recorded")} for e in entries]


def test_changes_between_two_dates_with_before_and_after(workspace, jap):
    folder, _ids = workspace
    data = run_json(
        jap, "changes", "--since", "2024-02-20", "--until", "2024-05-05", "--plans", folder
    )
    assert (data["since"], data["until"]) == ("2024-02-20", "2024-05-05")
    # updates dated 2024-02-20 are not after --since; 2024-05-31 is after --until
    assert without_ids(data["updates"]) == [
        {
            "item": "A-1",
            "date": "2024-03-31",
            "by": "tester",
            "note": None,
            "progress": {"from": 20.0, "to": 50.0},
        },
        {
            "item": "A-2",
            "date": "2024-04-02",
            "by": "tester",
            "note": None,
            "country": "KZ",
            "progress": {"from": None, "to": 50.0},
        },
        {
            "item": "A-2",
            "date": "2024-04-02",
            "by": "tester",
            "note": None,
            "country": "UZ",
            "progress": {"from": None, "to": 50.0},
        },
        {
            "item": "B-2",
            "date": "2024-04-10",
            "by": "tester",
            "note": None,
            "status": {"from": "not_started", "to": "cancelled"},
        },
        {
            "item": "A-1",
            "date": "2024-05-05",
            "by": "tester",
            "note": None,
            "status": {"from": "in_progress", "to": "done"},
        },
        {
            "item": "A-2",
            "date": "2024-05-05",
            "by": "Zarina",
            "note": None,
            "country": "UZ",
            "status": {"from": "in_progress", "to": "done"},
        },
    ]
    # from (2024-02-20): A-1 0.2 × 2, A-2 0, A-3 0.25, B-1 0.6, B-2 0 -> 1.25 / 6
    # to (2024-05-05): A-1 1 × 2, A-2 0.75, A-3 0.25, B-1 0.6, B-2 cancelled -> 3.6 / 5
    assert data["overall"]["from"] == pytest.approx(1.25 / 6)
    assert data["overall"]["to"] == pytest.approx(0.72)
    assert [p["id"] for p in data["pillars"]] == ["I", "II", "III", "IV"]
    for edge, key in (("2024-02-20", "from"), ("2024-05-05", "to")):
        status = run_json(jap, "status", "--as-of", edge, "--plans", folder)
        assert data["overall"][key] == status["overall"]["completion"]
        assert [p[key] for p in data["pillars"]] == [p["completion"] for p in status["pillars"]]


def test_changes_until_defaults_to_as_of_and_filters(workspace, jap):
    folder, _ids = workspace
    data = run_json(jap, "changes", "--since", "2024-05-05", "--plan", "B", "--plans", folder)
    assert data["until"] == "2024-06-10"
    assert [(u["item"], u["status"], u["note"]) for u in data["updates"]] == [
        ("B-1", {"from": "in_progress", "to": "blocked"}, '=HYPERLINK("x") <b>')
    ]
    data = run_json(
        jap,
        "changes",
        "--since",
        "2024-01-01",
        "--as-of",
        "2024-03-01",
        "--country",
        "KZ",
        "--plans",
        folder,
    )
    assert data["until"] == "2024-03-01"
    assert [(u["item"], u["country"]) for u in data["updates"]] == [("A-2", "KZ")]


def test_changes_in_other_formats_keep_file_text_literal(workspace, jap):
    folder, _ids = workspace
    out = jap("changes", "--since", "2024-05-01", "--format", "csv", "--plans", folder, env=TODAY)
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    blocked = next(r for r in rows if r["item"] == "B-1")
    assert blocked["note"].startswith("'=")  # a spreadsheet cannot run it
    assert (blocked["status_from"], blocked["status_to"]) == ("in_progress", "blocked")
    overall = next(r for r in rows if r["scope"] == "overall")
    assert float(overall["completion_to"]) == pytest.approx(0.72)
    table = jap("changes", "--since", "2024-05-01", "--plans", folder, env=TODAY)
    assert table.returncode == 0 and "In progress → Blocked" in table.stdout
    assert '=HYPERLINK("x") <b>' in table.stdout
    md = jap("changes", "--since", "2024-05-01", "-f", "markdown", "--plans", folder, env=TODAY)
    assert "\\<b\\>" in md.stdout and "+" in md.stdout


# ---- history -------------------------------------------------------------------------------


def retract(folder, record, note="wrong country"):
    """A retraction written as another program would (jap has no command for it yet)."""
    shard = sorted((folder / "journal").glob("*.toml"))[-1]
    with shard.open("a", encoding="utf-8") as f:
        f.write(
            f'x20240601T000000000000-00000001 = {{ retracts = "{record}", note = "{note}", '
            f'by = "lead", recorded = 2024-06-01T00:00:00Z }}\n'
        )


def test_history_of_an_item_with_countries_and_a_retraction(workspace, jap):
    folder, ids = workspace
    before = run_json(jap, "status", "--plans", folder)
    retract(folder, ids[8])  # A-2 done for UZ
    data = run_json(jap, "history", "A-2", "--plans", folder)
    data["updates"] = without_ids(data["updates"])
    assert data == {
        "schema_version": 1,
        "item": "A-2",
        "updates": [
            {"date": "2024-02-03", "by": "tester", "country": "KZ", "status": "in_progress"},
            {"date": "2024-04-02", "by": "tester", "country": "KZ", "progress": 50.0},
            {"date": "2024-04-02", "by": "tester", "country": "UZ", "progress": 50.0},
            {
                "date": "2024-05-05",
                "by": "Zarina",
                "country": "UZ",
                "status": "done",
                "retracted": {
                    "record": "x20240601T000000000000-00000001",
                    "by": "lead",
                    "note": "wrong country",
                },
            },
        ],
    }
    # the retracted update no longer counts: A-2 = mean(0.5, 0.5); overall 0.72 -> 3.35 / 5
    after = run_json(jap, "status", "--plans", folder)
    assert before["overall"]["completion"] == pytest.approx(0.72)
    assert after["overall"]["completion"] == pytest.approx(3.35 / 5)
    trend = run_json(jap, "trend", "--every", "year", "--plans", folder)
    assert trend["periods"][-1]["overall"] == after["overall"]["completion"]
    changes = run_json(jap, "changes", "--since", "2024-05-01", "--plans", folder)
    assert [u["item"] for u in changes["updates"]] == ["A-1", "B-1"]
    table = jap("history", "A-2", "--plans", folder, env={**TODAY, "COLUMNS": "200"})
    assert "retracted by lead: wrong country" in table.stdout


def test_history_of_a_regional_item_shows_only_what_was_recorded(workspace, jap):
    folder, _ids = workspace
    data = run_json(jap, "history", "A-3", "--plans", folder)
    assert without_ids(data["updates"]) == [
        {"date": "2024-02-20", "by": "tester", "indicators": {"trained": 25.0}}
    ]
    data = run_json(jap, "history", "A-1", "--plans", folder)
    assert [u.get("note") for u in data["updates"]] == ["kick-off", None, None]
    assert "note" not in data["updates"][1]
    out = jap("history", "B-1", "--format", "csv", "--plans", folder, env=TODAY)
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert [(r["status"], r["progress"]) for r in rows] == [("", "60.0"), ("blocked", "")]
    md = jap("history", "B-1", "--format", "markdown", "--plans", folder, env=TODAY)
    assert "Helpline \\[bold\\]now\\[/bold\\]" in md.stdout


# ---- usage errors --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "where"),
    [
        (("trend", "--since", "2024-13-01"), "--since"),
        (("trend", "--until", "yesterday"), "--until"),
        (("trend", "--since", "2024-06-01", "--until", "2024-05-01"), "--since"),
        (("trend", "--every", "week"), "--every"),
        (("trend", "--plan", "C"), "--plan"),
        (("trend", "--pillar", "V"), "--pillar"),
        (("trend", "--country", "XX"), "--country"),
        (("trend", "--lang", "xx"), "--lang"),
        (("changes",), "--since"),
        (("changes", "--since", "2024-06-01", "--until", "2024-01-01"), "--since"),
        (("changes", "--since", "2024-02-30"), "--since"),
        (("history", "A-4"), "A-1"),
        (("history", "A-1", "--format", "html"), "--format"),
    ],
)
def test_usage_errors_exit_2_and_say_where(write_plans, jap, args, where):
    folder = write_plans(a=PLAN_A, b=PLAN_B)
    result = jap(*args, "--plans", folder, env=TODAY)
    assert result.returncode == 2, result.stdout + result.stderr
    assert where in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_history_of_an_item_never_updated_is_empty(write_plans, jap):
    folder = write_plans(b=PLAN_B)
    data = run_json(jap, "history", "B-2", "--plans", folder)
    assert data == {"schema_version": 1, "item": "B-2", "updates": []}
    trend = run_json(jap, "trend", "--plans", folder)
    assert [(p["start"], p["end"], p["overall"]) for p in trend["periods"]] == [
        ("2024-06-01", "2024-06-10", 0.0)
    ]
