"""End to end through ``jap``'s entry point, called in this process (conftest.run_in_process):
exit codes, JSON shapes (spec section 6), every rejection of ``jap update``, workspace lookup,
as-of replay, --output, filters and --format. (The installed script in a process of its own:
test_smoke_cli.py.)

One workspace is built once for the module (two plans, seven updates) and copied by the tests
that change it. Its journal is written with the journal module (the same records `jap update`
writes); the tests of `jap update` below go through the command.
Figures are computed by hand in the comments.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import shutil
import textwrap
from pathlib import Path

import pytest

from conftest import run_in_process

TODAY = "2024-06-30"

RM = """\
[plan]
id = "RM"
title = "Roadmap"

[[item]]
id = "RM-1"
title = "Council"
pillar = "I"
weight = 2
due = 2024-03-31
lead = ["UNOCT", "UNRCCA"]

[[item]]
id = "RM-2"
title = "Training"
pillar = "I"

[[item.indicator]]
id = "trained"
title = "Experts trained"
target = 200

[[item]]
id = "RM-3"
title = "Law review"
pillar = "II"
due = 2024-01-31

[[item]]
id = "RM-4"
title = "Dropped"
pillar = "IV"
weight = 3
"""

EW = """\
[plan]
id = "EW"
title = "Early warning"

[[item]]
id = "EW-1"
title = "Network"
pillar = "III"
due = 2024-12-31

[[item]]
id = "EW-2"
title = "Incidents down"
pillar = 2

[[item.indicator]]
id = "incidents"
title = "Incidents"
baseline = 100
target = 20
"""

UPDATES = [
    {"item": "RM-1", "progress": 50.0, "date": "2024-02-01"},
    {"item": "RM-2", "indicators": {"trained": 50.0}, "date": "2024-03-01"},
    {"item": "RM-3", "status": "blocked", "date": "2024-02-15"},
    {"item": "RM-4", "status": "cancelled", "date": "2024-04-01"},
    {"item": "EW-1", "status": "done", "date": "2024-05-01", "note": "launched (source)"},
    {"item": "EW-2", "indicators": {"incidents": 60.0}, "date": "2024-05-15"},
    {"item": "RM-1", "status": "done", "date": "2024-06-01"},
]

PILLAR_NAMES = {
    "I": "measures to address the conditions conducive to the spread of terrorism",
    "II": "measures to prevent and combat terrorism",
    "III": "measures to build States' capacity to prevent and combat terrorism and to "
    "strengthen the role of the United Nations system in this regard",
    "IV": "measures to ensure respect for human rights for all and the rule of law as the "
    "fundamental basis of the fight against terrorism",
}
STATUS_KEYS = ["not_started", "in_progress", "done", "blocked", "cancelled"]
GROUP_KEYS = {"completion", "items", "by_status", "overdue", "expected", "rating"}


def run(*args: object, cwd: Path, env: dict[str, str] | None = None):
    return run_in_process(args, {"JAP_TODAY": TODAY, **(env or {})}, cwd)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The module's workspace, with its journal: <root>/plans."""
    root = tmp_path_factory.mktemp("e2e")
    folder = root / "plans"
    folder.mkdir()
    (folder / "rm.toml").write_text(RM, encoding="utf-8")
    (folder / "ew.toml").write_text(EW, encoding="utf-8")
    from jap_tracker.journal import append_records, format_record, new_record_id

    lines = []
    for n, fields in enumerate(UPDATES):
        recorded = dt.datetime(2024, 6, 30, 12, 0, n, tzinfo=dt.UTC)
        record = {**fields, "date": dt.date.fromisoformat(fields["date"])}
        record |= {"by": "tester", "recorded": recorded}
        lines.append((recorded, format_record(new_record_id(recorded), record)))
    append_records(folder, lines)
    return folder


@pytest.fixture
def ws(built, tmp_path) -> Path:
    """A private copy of the module's workspace, at <tmp_path>/plans."""
    folder = tmp_path / "plans"
    shutil.copytree(built, folder)
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def as_json(result) -> dict:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


# ---- status ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def status_today(built):
    return as_json(run("status", "--format", "json", "--plans", built, cwd=built.parent))


def test_status_json_shape(status_today):
    data = status_today
    assert set(data) == {
        "schema_version",
        "as_of",
        "overall",
        "pillars",
        "plans",
        "countries",
        "leads",
    }
    assert data["schema_version"] == 1
    assert data["as_of"] == TODAY
    assert set(data["overall"]) == GROUP_KEYS
    assert list(data["overall"]["by_status"]) == STATUS_KEYS
    assert [p["id"] for p in data["pillars"]] == ["I", "II", "III", "IV"]
    for pillar in data["pillars"]:
        assert set(pillar) == {"id", "name"} | GROUP_KEYS
        assert pillar["name"].lower() == PILLAR_NAMES[pillar["id"]].lower()
        assert list(pillar["by_status"]) == STATUS_KEYS
    for plan in data["plans"]:
        assert set(plan) == {"id", "title", "pillars", "state", "forecast"} | GROUP_KEYS
        assert list(plan["by_status"]) == STATUS_KEYS
        assert [p["id"] for p in plan["pillars"]] == ["I", "II", "III", "IV"]
        for pillar in plan["pillars"]:
            assert {"id", "completion", "items"} <= set(pillar)
    assert data["countries"] == []


def test_status_figures_today(status_today):
    data = status_today
    # RM-1 done (w 2) 1; RM-2 50/200 = 0.25; RM-3 blocked 0; RM-4 cancelled (w 3) left out;
    # EW-1 done 1; EW-2 (60 - 100) / (20 - 100) = 0.5.
    # (2 × 1 + 0.25 + 0 + 1 + 0.5) / (2 + 1 + 1 + 1 + 1) = 3.75 / 6 = 0.625
    assert data["overall"] == {
        "completion": 0.625,
        "items": 6,
        "by_status": {"not_started": 0, "in_progress": 2, "done": 2, "blocked": 1, "cancelled": 1},
        "overdue": 1,  # RM-3: due 2024-01-31, blocked
        "expected": None,  # no plan or item has a start: nothing is rated
        "rating": None,
    }
    pillars = {p["id"]: p for p in data["pillars"]}
    assert pillars["I"]["completion"] == 0.75  # (2 × 1 + 0.25) / 3
    assert pillars["II"]["completion"] == 0.25  # (0 + 0.5) / 2
    assert pillars["II"]["overdue"] == 1
    assert pillars["III"]["completion"] == 1.0
    assert pillars["IV"]["completion"] is None  # only a cancelled item
    assert pillars["IV"]["items"] == 1 and pillars["IV"]["by_status"]["cancelled"] == 1
    plans = {p["id"]: p for p in data["plans"]}
    assert [p["id"] for p in data["plans"]] == ["EW", "RM"]  # by file name: ew.toml, rm.toml
    assert plans["RM"]["title"] == "Roadmap"
    assert plans["RM"]["completion"] == 0.5625  # (2 + 0.25 + 0) / 4
    assert plans["RM"]["items"] == 4 and plans["RM"]["overdue"] == 1
    rm_pillars = {p["id"]: p for p in plans["RM"]["pillars"]}
    assert (rm_pillars["I"]["completion"], rm_pillars["I"]["items"]) == (0.75, 2)
    assert rm_pillars["II"]["completion"] == 0.0 and rm_pillars["III"]["completion"] is None
    assert rm_pillars["IV"]["completion"] is None and rm_pillars["IV"]["items"] == 1
    assert plans["EW"]["completion"] == 0.75  # (1 + 0.5) / 2


def test_status_as_of_replays_the_past(built):
    data = as_json(
        run("status", "-f", "json", "--as-of", "2024-03-15", "--plans", built, cwd=built.parent)
    )
    # RM-1 progress 50 -> 0.5 (w 2); RM-2 0.25; RM-3 blocked 0; RM-4 not yet cancelled (w 3) 0;
    # EW-1, EW-2 not started 0. (1 + 0.25) / (2 + 1 + 1 + 3 + 1 + 1) = 1.25 / 9
    assert data["as_of"] == "2024-03-15"
    assert data["overall"]["completion"] == pytest.approx(1.25 / 9)
    assert data["overall"]["by_status"] == {
        "not_started": 3,
        "in_progress": 2,
        "done": 0,
        "blocked": 1,
        "cancelled": 0,
    }
    assert data["overall"]["overdue"] == 1  # RM-3; RM-1 is due only on 2024-03-31
    # On the day of the first update, it counts.
    first = as_json(
        run("status", "-f", "json", "--as-of", "2024-02-01", "--plans", built, cwd=built)
    )
    assert first["overall"]["completion"] == pytest.approx(1.0 / 9)  # 2 × 0.5 / 9
    assert first["overall"]["overdue"] == 1  # RM-3, due 2024-01-31, not started


def test_bad_as_of_is_a_usage_error(built):
    result = run("status", "--as-of", "2024-02-30", "--plans", built, cwd=built)
    assert result.returncode == 2
    assert "--as-of" in result.stderr and result.stdout == ""


def test_unknown_option_is_a_usage_error(built):
    result = run("status", "--colour", "red", "--plans", built, cwd=built)
    assert result.returncode == 2
    assert "--colour" in result.stderr and "Traceback" not in result.stderr


# ---- report ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def report_today(built):
    return as_json(run("report", "--format", "json", "--plans", built, cwd=built.parent))


def test_report_json_shape(report_today, status_today):
    data = report_today
    assert set(data) == {"schema_version", "as_of", "filters", "summary", "items"}
    assert data["schema_version"] == 1 and data["as_of"] == TODAY
    assert data["summary"] == status_today  # no filter: the summary is what status prints
    required = {
        "id",
        "plan",
        "pillar",
        "title",
        "status",
        "progress",
        "completion",
        "weight",
        "due",
        "overdue",
        "lead",
        "indicators",
        "last_update",
    }
    for entry in data["items"]:
        assert required <= set(entry), entry["id"]
    assert [i["id"] for i in data["items"]] == ["EW-1", "EW-2", "RM-1", "RM-2", "RM-3", "RM-4"]


def test_report_json_items(report_today):
    items = {i["id"]: i for i in report_today["items"]}
    rm1 = items["RM-1"]
    assert (rm1["plan"], rm1["pillar"], rm1["title"]) == ("RM", "I", "Council")
    assert (rm1["status"], rm1["progress"], rm1["completion"]) == ("done", 50, 1.0)
    assert (rm1["weight"], rm1["due"], rm1["overdue"]) == (2, "2024-03-31", False)
    assert rm1["lead"] == ["UNOCT", "UNRCCA"]
    assert rm1["indicators"] == []
    assert {k: rm1["last_update"][k] for k in ("date", "by", "note")} == {
        "date": "2024-06-01",
        "by": "tester",
        "note": None,
    }
    rm2 = items["RM-2"]
    assert rm2["progress"] is None and rm2["completion"] == 0.25
    assert [(i["id"], i["actual"]) for i in rm2["indicators"]] == [("trained", 50)]
    assert items["RM-3"]["overdue"] is True and items["RM-3"]["status"] == "blocked"
    assert items["RM-4"]["completion"] is None and items["RM-4"]["status"] == "cancelled"
    assert items["EW-1"]["last_update"]["note"] == "launched (source)"
    assert items["EW-2"]["pillar"] == "II" and items["EW-2"]["completion"] == 0.5
    assert items["EW-2"]["due"] is None


def test_report_item_without_updates(write_plans, jap):
    folder = write_plans(
        p='[plan]\nid = "P"\ntitle = "P"\n[[item]]\nid = "P-1"\ntitle = "t"\n'
        'pillar = 1\n[[item.indicator]]\nid = "n"\ntitle = "n"\ntarget = 3\n'
    )
    (entry,) = as_json(jap("report", "-f", "json", "--plans", folder))["items"]
    assert entry["status"] == "not_started" and entry["last_update"] is None
    assert entry["progress"] is None and entry["completion"] == 0.0
    assert entry["indicators"][0]["id"] == "n" and entry["indicators"][0]["actual"] is None


@pytest.mark.parametrize(
    ("args", "ids"),
    [
        (("--pillar", "I"), ["RM-1", "RM-2"]),
        (("--pillar", "2"), ["EW-2", "RM-3"]),
        (("--pillar", "iv"), ["RM-4"]),
        (("--status", "in-progress"), ["EW-2", "RM-2"]),
        (("--status", "done", "--status", "cancelled"), ["EW-1", "RM-1", "RM-4"]),
        (("--plan", "EW", "--overdue"), []),
        (("--plan", "RM", "--pillar", "I", "--status", "done"), ["RM-1"]),
    ],
)
def test_report_filters(built, args, ids):
    data = as_json(run("report", "-f", "json", *args, "--plans", built, cwd=built))
    assert [i["id"] for i in data["items"]] == ids
    assert data["summary"]["overall"]["items"] == len(ids)


def test_report_filters_and_summary_over_selection(built, status_today):
    data = as_json(run("report", "-f", "json", "--plan", "EW", "--plans", built, cwd=built))
    assert [i["id"] for i in data["items"]] == ["EW-1", "EW-2"]
    assert data["filters"]["plan"] == ["EW"]
    assert data["filters"]["overdue"] is False
    assert set(data["summary"]) == set(status_today)
    ew = {p["id"]: p for p in status_today["plans"]}["EW"]
    assert data["summary"]["overall"] == {k: ew[k] for k in GROUP_KEYS}
    pillars = {p["id"]: p for p in data["summary"]["pillars"]}
    assert pillars["II"]["completion"] == 0.5 and pillars["II"]["items"] == 1  # EW-2 only
    assert pillars["I"]["completion"] is None and pillars["I"]["items"] == 0
    overdue = as_json(run("report", "-f", "json", "--overdue", "--plans", built, cwd=built))
    assert [i["id"] for i in overdue["items"]] == ["RM-3"]
    assert overdue["filters"]["overdue"] is True
    assert overdue["summary"]["overall"]["completion"] == 0.0  # RM-3, blocked
    assert overdue["summary"]["overall"]["overdue"] == 1


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (("--pillar", "V"), "--pillar"),
        (("--status", "finished"), "--status"),
        (("--plan", "RX"), "--plan"),
    ],
)
def test_report_bad_filters_are_usage_errors(built, args, option):
    result = run("report", *args, "--plans", built, cwd=built)
    assert result.returncode == 2
    assert option in result.stderr and result.stdout == ""
    assert "Traceback" not in result.stderr


# ---- formats and --output --------------------------------------------------------------------


FORMATS = [
    ("status", "table"),
    ("status", "json"),
    ("status", "markdown"),
    ("status", "csv"),
    ("report", "table"),
    ("report", "json"),
    ("report", "markdown"),
    ("report", "csv"),
    ("report", "html"),
]


@functools.cache
def shown(folder: Path, command: str, fmt: str) -> str:
    result = run(command, "--format", fmt, "--plans", folder, cwd=folder.parent)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize(("command", "fmt"), FORMATS)
def test_every_format(built, command, fmt):
    text = shown(built, command, fmt)
    assert "\x1b" not in text
    if fmt == "json":
        json.loads(text)
    elif fmt == "csv":
        assert text.splitlines()[0].startswith(("scope,", "id,"))
    elif fmt == "markdown":
        assert text.startswith("# ") and "| --- |" in text.replace("---:", "---")
    elif fmt == "html":
        assert text.startswith("<!DOCTYPE html>")
        assert "<svg" in text
        lowered = text.lower().replace('xmlns="http://www.w3.org/2000/svg"', "")
        for remote in ("http://", "https://", "<script", "<link", "src=", "@import", "url("):
            assert remote not in lowered
    else:
        assert "Overall" in text and "RM" in text


@pytest.mark.parametrize(
    ("command", "fmt"), [("status", "table"), ("report", "html"), ("status", "json")]
)
def test_output_file_holds_what_stdout_shows(built, tmp_path, command, fmt):
    out = tmp_path / "out" / f"result.{fmt}"
    out.parent.mkdir()
    out.write_text("an older, longer file\n" * 500)  # replaced as a whole
    written = run(command, "--format", fmt, "--output", out, "--plans", built, cwd=tmp_path)
    assert written.returncode == 0, written.stderr
    assert written.stdout == ""
    assert out.read_text(encoding="utf-8") == shown(built, command, fmt)
    assert [p.name for p in out.parent.iterdir()] == [out.name]  # no temporary file left


def test_status_has_no_html(built):
    result = run("status", "--format", "html", "--plans", built, cwd=built)
    assert result.returncode == 2 and result.stdout == ""
    assert "--format" in result.stderr


def test_output_to_a_missing_folder_is_refused(built, tmp_path):
    target = tmp_path / "nowhere" / "x.json"
    result = run("status", "--output", target, "--plans", built, cwd=tmp_path)
    assert result.returncode == 2
    assert "--output" in result.stderr
    assert not (tmp_path / "nowhere").exists()


def test_a_failing_command_writes_no_output_file(write_plans, jap, tmp_path):
    folder = write_plans(bad='[plan]\nid = "B"\ntitle = "b"\n[[item]]\nid = "B-1"\n')
    out = tmp_path / "report.html"
    result = jap("report", "-f", "html", "-o", out, "--plans", folder)
    assert result.returncode == 1
    assert not out.exists()
    assert result.stdout == ""


# ---- workspace lookup ------------------------------------------------------------------------


def _plan_only(folder: Path, plan_id: str) -> Path:
    folder.mkdir(parents=True)
    (folder / "p.toml").write_text(f'[plan]\nid = "{plan_id}"\ntitle = "t"\n')
    return folder


def test_plans_option_then_env_then_dot_plans(tmp_path):
    _plan_only(tmp_path / "plans", "DOT")
    env_dir = _plan_only(tmp_path / "from-env", "ENV")
    opt_dir = _plan_only(tmp_path / "from-option", "OPT")

    def plan_of(*args, env=None):
        return as_json(run("status", "-f", "json", *args, cwd=tmp_path, env=env))["plans"][0]["id"]

    assert plan_of() == "DOT"
    assert plan_of(env={"JAP_PLANS": str(env_dir)}) == "ENV"
    assert plan_of("--plans", opt_dir, env={"JAP_PLANS": str(env_dir)}) == "OPT"


def test_update_and_check_follow_jap_plans(tmp_path):
    folder = _plan_only(tmp_path / "ws", "W")
    (folder / "p.toml").write_text(
        '[plan]\nid = "W"\ntitle = "t"\n[[item]]\nid = "W-1"\ntitle = "t"\npillar = 1\n'
    )
    env = {"JAP_PLANS": str(folder)}
    assert run("update", "W-1", "--note", "x", cwd=tmp_path, env=env).returncode == 0
    assert (folder / "journal").is_dir()
    assert not (tmp_path / "plans").exists()
    assert run("check", cwd=tmp_path, env=env).returncode == 0


def test_no_workspace_is_a_usage_error(tmp_path):
    result = run("status", cwd=tmp_path)
    assert result.returncode == 2
    assert "--plans" in result.stderr


# ---- check -----------------------------------------------------------------------------------


def test_check_valid_workspace(built):
    result = run("check", "--plans", built, cwd=built)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "2 plans, 6 items, 7 journal records" in result.stdout


@pytest.mark.parametrize(("threshold", "code"), [("80", 1), ("62.5", 0), ("10", 0)])
def test_check_fail_under(built, threshold, code):
    # overall completion today is 62.5%
    result = run("check", "--fail-under", threshold, "--plans", built, cwd=built)
    assert result.returncode == code, result.stderr
    if code:
        assert "62.5%" in result.stderr and "--fail-under" in result.stderr


def test_check_fail_under_follows_as_of(built):
    # as of 2024-03-15 overall is 1.25 / 9 = 13.9%
    result = run(
        "check", "--fail-under", "20", "--as-of", "2024-03-15", "--plans", built, cwd=built
    )
    assert result.returncode == 1


def test_check_fail_under_out_of_range(built):
    result = run("check", "--fail-under", "101", "--plans", built, cwd=built)
    assert result.returncode == 2


def test_plan_file_error_stops_status(ws):
    (ws / "rm.toml").write_text(RM.replace('pillar = "II"', 'pillar = "V"'))
    result = run("status", "--plans", ws, cwd=ws.parent)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith("plans/rm.toml:26:1: 'pillar'")
    assert result.stderr.splitlines()[-1] == "1 error in 1 file"


def test_journal_record_for_a_removed_item(ws):
    (ws / "rm.toml").write_text(RM.replace('id = "RM-2"', 'id = "RM-22"'))
    checked = run("check", "--plans", ws, cwd=ws.parent)
    assert checked.returncode == 1
    assert checked.stdout == ""
    first = checked.stderr.splitlines()[0]
    assert first.startswith("plans/journal/") and ".toml:" in first
    path, line = first.split(":")[:2]
    assert '"RM-2"' in (ws.parent / path).read_text().splitlines()[int(line) - 1]
    assert "'RM-2'" in first and "RM-22" in first  # names the item and the closest one
    shown = run("status", "-f", "json", "--plans", ws, cwd=ws.parent)
    assert shown.returncode == 0
    assert "warning" in shown.stderr and "'RM-2'" in shown.stderr
    # (2 × 1 + 0 + 0 + 1 + 0.5) / 6: RM-22 has no update now
    assert json.loads(shown.stdout)["overall"]["completion"] == pytest.approx(3.5 / 6)
    reported = run("report", "--plans", ws, cwd=ws.parent)
    assert reported.returncode == 0 and "RM-22" in reported.stdout


# ---- update ----------------------------------------------------------------------------------


def test_update_appends_and_shows(ws):
    before = snapshot(ws)
    result = run(
        "update",
        "RM-3",
        "--status",
        "in-progress",
        "--progress",
        "40",
        "--by",
        "Ann",
        "--note",
        "resumed",
        "--plans",
        ws,
        cwd=ws.parent,
    )
    assert result.returncode == 0, result.stderr
    assert "RM-3" in result.stdout
    after = snapshot(ws)
    for name, data in before.items():  # append-only: every old byte is still there, in place
        assert after[name].startswith(data), name
    plan_files = {k: v for k, v in after.items() if not k.startswith("journal")}
    assert plan_files == {k: v for k, v in before.items() if not k.startswith("journal")}
    items = {
        i["id"]: i for i in as_json(run("report", "-f", "json", "--plans", ws, cwd=ws))["items"]
    }
    rm3 = items["RM-3"]
    assert (rm3["status"], rm3["progress"], rm3["completion"]) == ("in_progress", 40, 0.4)
    assert {k: rm3["last_update"][k] for k in ("date", "by", "note")} == {
        "date": TODAY,
        "by": "Ann",
        "note": "resumed",
    }


def test_update_accepts_every_status_and_hyphens(ws):
    wanted = {
        "EW-1": ("not-started", "not_started"),
        "EW-2": ("in-progress", "in_progress"),
        "RM-1": ("Blocked", "blocked"),
        "RM-3": ("done", "done"),
        "RM-4": ("CANCELLED", "cancelled"),
        "RM-2": ("in_progress", "in_progress"),
    }
    for item, (given, _stored) in wanted.items():
        result = run("update", item, "--status", given, "--plans", ws, cwd=ws)
        assert result.returncode == 0, result.stderr
    items = {
        i["id"]: i for i in as_json(run("report", "-f", "json", "--plans", ws, cwd=ws))["items"]
    }
    assert {k: items[k]["status"] for k in wanted} == {k: v[1] for k, v in wanted.items()}


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("RM-1",), ["--status", "--progress", "--indicator", "--note"]),
        (("RM-9", "--note", "x"), ["RM-9", "did you mean", "RM-2"]),
        (("rm-1", "--note", "x"), ["rm-1", "RM-1"]),
        (("RM-2", "--indicator", "trainees=3"), ["trainees", "trained"]),
        (("RM-2", "--indicator", "trained=lots"), ["--indicator", "lots"]),
        (("RM-1", "--progress", "101"), ["--progress", "101"]),
        (("RM-1", "--progress", "-1"), ["--progress"]),
        (("RM-1", "--progress", "abc"), ["--progress", "abc"]),
        (("RM-1", "--progress", "nan"), ["--progress"]),
        (("RM-1", "--note", "x", "--date", "2024-02-30"), ["--date", "2024-02-30"]),
        (("RM-1", "--note", "x", "--date", "2024-07-01"), ["--date", "future"]),
        (("RM-1", "--status", "finished"), ["--status", "finished", "in_progress"]),
    ],
)
def test_update_rejections_write_nothing(ws, args, words):
    before = snapshot(ws)
    result = run("update", *args, "--plans", ws, cwd=ws.parent)
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in result.stderr, (word, result.stderr)
    assert snapshot(ws) == before


def test_update_rejection_creates_no_journal(write_plans, jap):
    folder = write_plans(
        p='[plan]\nid = "P"\ntitle = "P"\n[[item]]\nid = "P-1"\ntitle = "t"\npillar = 1\n'
    )
    result = jap("update", "P-1", "--progress", "150", "--plans", folder)
    assert result.returncode == 2
    assert sorted(p.name for p in folder.iterdir()) == ["p.toml"]


def test_update_on_broken_plans_writes_nothing(write_plans, jap):
    folder = write_plans(
        p=textwrap.dedent("""\
        [plan]
        id = "P"
        title = "P"
        [[item]]
        id = "P-1"
        title = "t"
        pillar = 1
        weight = -2
        """)
    )
    result = jap("update", "P-1", "--status", "done", "--plans", folder)
    assert result.returncode == 1
    assert "p.toml:8:1" in result.stderr
    assert not (folder / "journal").exists()


def test_update_date_today_is_accepted_and_defaults_to_today(ws):
    assert (
        run("update", "EW-1", "--note", "a", "--date", TODAY, "--plans", ws, cwd=ws).returncode == 0
    )
    assert run("update", "EW-1", "--note", "b", "--plans", ws, cwd=ws).returncode == 0
    items = {
        i["id"]: i for i in as_json(run("report", "-f", "json", "--plans", ws, cwd=ws))["items"]
    }
    assert items["EW-1"]["last_update"]["date"] == TODAY
    assert items["EW-1"]["last_update"]["note"] == "b"  # same date: recorded last wins
    assert items["EW-1"]["status"] == "done"  # a note changes nothing else


def test_check_fail_under_equal_to_a_figure_that_floats_badly(write_plans, jap):
    folder = write_plans(
        p='[plan]\nid = "F"\ntitle = "f"\n[[item]]\nid = "F-1"\ntitle = "t"\npillar = 1\n'
    )
    env = {"JAP_TODAY": TODAY}
    assert jap("update", "F-1", "--progress", "29", "--plans", folder, env=env).returncode == 0
    # 29 / 100 * 100 is 28.999999999999996 in floating point; the figure is 29%.
    result = jap("check", "--fail-under", "29", "--plans", folder, env=env)
    assert result.returncode == 0, result.stderr
