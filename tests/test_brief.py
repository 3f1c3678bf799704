"""``jap brief`` (spec section 15) on one small workspace whose every list and figure is worked
by hand, then its options, its formats in every language, and properties of the pure core.

The workspace; --since 2024-06-01 (S), --until 2024-09-01 (U), today 2024-10-01; all weights 1.
From 2024-01-01 to U is 244 days.
- A (2024-01-01 to 2025-12-31), no countries:
  A-1 I due 2024-12-31: u1 done, dated 2024-05-10 but recorded 2024-07-15 (back-dated, after S).
  A-2 II due 2024-08-15: u2 30 % dated and recorded 2024-07-01. Overdue at U, not at S.
  A-3 II due 2024-11-30 (U + 90): u3 blocked, dated and recorded 2024-08-01.
  A-4 III due 2024-09-01 (U itself): u4 60 % dated and recorded 2024-08-20.
  A-5 IV due 2024-12-01 (U + 91): u9 done dated 2024-08-25 but recorded 2024-09-15 (after U).
  A-6 I: u5 done, dated and recorded 2024-03-01 (known at S); x1 retracts it on 2024-07-10.
  A-7 IV: u6 50 % recorded 2024-07-05, x2 retracts it on 2024-07-06 (both within the window).
  A-8 II due 2024-10-01: never updated.
- OLD (2023-01-01 to 2024-07-31): closed at U. O-1 III due 2024-07-01, never updated.
- UP (from 2024-12-01): not begun at U. U-1 I due 2024-10-15: u7 10 % recorded 2024-08-01.
- C (from 2024-01-01), countries KZ and UZ: C-1 I due 2025-06-30: u8 done for KZ only,
  dated and recorded 2024-08-10.

As known at S only u5 counts: A-6 done, so overall 1/10 (UP's U-1 counts nowhere), pillar I
1/3, the others 0. As known at U: u1, u2, u3, u4, u8 (x1 and x2 applied, u9 unknown): A-1 1,
A-2 0.3, A-4 0.6, C-1 (1 + 0) / 2 = 0.5, the rest 0: overall 2.4/10, I (1 + 0 + 0.5) / 3,
II 0.3/3, III 0.6/2, IV 0.

Expected completion at U (e = (U − start) / (due − start)) and ratings: A-1 done: achieved.
A-2 e = 1 (past due), c 0.3 < 0.5: off track. A-3 e = 244/334, c 0: off track. A-4 e = 1,
c 0.6 ≥ 0.5: at risk. A-5 e = 244/335, c 0: off track. A-8 e = 244/274, c 0: off track. O-1
e = 1, c 0: off track. C-1 e = 244/546 ≈ 0.447, c 0.5 ≥ 0.95 e: on track. A-6, A-7: unrated.
Groups (A against E over the rated items): overall A = 2.4/8 = 0.3, E ≈ 0.85: off track;
pillar I A-1 (e 0.668, c 1), C-1 (0.447, 0.5): A 0.75 ≥ 0.95 × 0.558: on track; II, III, IV:
off track (A well under half of E).
"""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings

from jap_tracker.brief import build_brief
from jap_tracker.progress import CANCELLED, DONE, replay
from jap_tracker.report import Filters, build_items
from test_replay_props import cases

PLAN_A = """
[plan]
id = "A"
title = "Plan A"
start = 2024-01-01
end = 2025-12-31

[[item]]
id = "A-1"
title = "Sign the roadmap"
pillar = "I"
due = 2024-12-31

[[item]]
id = "A-2"
title = "Train the trainers"
pillar = "II"
due = 2024-08-15

[[item]]
id = "A-3"
title = "Open the helpline"
pillar = "II"
due = 2024-11-30

[[item]]
id = "A-4"
title = "Review the law"
pillar = "III"
due = 2024-09-01

[[item]]
id = "A-5"
title = "Publish the study"
pillar = "IV"
due = 2024-12-01

[[item]]
id = "A-6"
title = "Hold a seminar"
pillar = "I"

[[item]]
id = "A-7"
title = "Translate the guide"
pillar = "IV"

[[item]]
id = "A-8"
title = "Equip the border posts"
pillar = "II"
due = 2024-10-01
"""
PLAN_OLD = """
[plan]
id = "OLD"
title = "Old plan"
start = 2023-01-01
end = 2024-07-31

[[item]]
id = "O-1"
title = "Old task"
pillar = "III"
due = 2024-07-01
"""
PLAN_UP = """
[plan]
id = "UP"
title = "Upcoming plan"
start = 2024-12-01

[[item]]
id = "U-1"
title = "Future task"
pillar = "I"
due = 2024-10-15
"""
PLAN_C = """
[plan]
id = "C"
title = "Regional plan"
start = 2024-01-01
countries = ["KZ", "UZ"]

[[item]]
id = "C-1"
title = "Joint exercise"
pillar = "I"
due = 2025-06-30
"""


def record(rid: str, item: str, date: str, recorded: str, fields: str) -> str:
    return (
        f'{rid} = {{ item = "{item}", date = {date}, {fields}, by = "Ana", '
        f"recorded = {recorded}T10:00:00Z }}\n"
    )


def retraction(rid: str, retracts: str, recorded: str) -> str:
    return (
        f'{rid} = {{ retracts = "{retracts}", by = "Ana", note = "wrong", '
        f"recorded = {recorded}T10:00:00Z }}\n"
    )


U = "u2024{}T100000000000-0000000{}"  # record ids: month and day, then a digit
JOURNAL = "".join(
    [
        record(U.format("0301", 5), "A-6", "2024-03-01", "2024-03-01", 'status = "done"'),
        record(U.format("0701", 2), "A-2", "2024-07-01", "2024-07-01", "progress = 30.0"),
        record(U.format("0705", 6), "A-7", "2024-07-05", "2024-07-05", "progress = 50.0"),
        retraction("x20240706T100000000000-00000002", U.format("0705", 6), "2024-07-06"),
        retraction("x20240710T100000000000-00000001", U.format("0301", 5), "2024-07-10"),
        record(U.format("0715", 1), "A-1", "2024-05-10", "2024-07-15", 'status = "done"'),
        record(U.format("0801", 3), "A-3", "2024-08-01", "2024-08-01", 'status = "blocked"'),
        record(U.format("0801", 7), "U-1", "2024-08-01", "2024-08-01", "progress = 10.0"),
        record(
            U.format("0810", 8),
            "C-1",
            "2024-08-10",
            "2024-08-10",
            'status = "done", countries = ["KZ"]',
        ),
        record(U.format("0820", 4), "A-4", "2024-08-20", "2024-08-20", "progress = 60.0"),
        record(U.format("0915", 9), "A-5", "2024-08-25", "2024-09-15", 'status = "done"'),
    ]
)
TODAY = {"JAP_TODAY": "2024-10-01"}
WINDOW = ("--since", "2024-06-01", "--until", "2024-09-01")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    plans = tmp_path / "plans"
    (plans / "journal").mkdir(parents=True)
    for name, text in (("a", PLAN_A), ("old", PLAN_OLD), ("up", PLAN_UP), ("c", PLAN_C)):
        (plans / f"{name}.toml").write_text(textwrap.dedent(text), encoding="utf-8")
    (plans / "journal" / "2024-07.toml").write_text(JOURNAL, encoding="utf-8")
    return plans


def brief_json(jap, folder: Path, *args: str) -> dict:
    result = jap("brief", *WINDOW, *args, "-f", "json", "--plans", folder, env=TODAY)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_every_figure_and_list_worked_by_hand(jap, folder):
    data = brief_json(jap, folder)
    assert list(data) == [
        "schema_version", "since", "until", "ahead", "overall", "pillars", "updates",
        "completed", "newly_overdue", "blocked", "due_soon", "at_risk",
    ]  # fmt: skip
    assert (data["schema_version"], data["since"], data["until"], data["ahead"]) == (
        1,
        "2024-06-01",
        "2024-09-01",
        90,
    )
    assert data["overall"] == {
        "from": pytest.approx(0.1),
        "to": pytest.approx(0.24),
        "rating": "off_track",
    }
    assert data["pillars"] == [
        {"id": "I", "from": pytest.approx(1 / 3), "to": pytest.approx(0.5), "rating": "on_track"},
        {"id": "II", "from": 0.0, "to": pytest.approx(0.1), "rating": "off_track"},
        {"id": "III", "from": 0.0, "to": pytest.approx(0.3), "rating": "off_track"},
        {"id": "IV", "from": 0.0, "to": 0.0, "rating": "off_track"},
    ]
    # learnt: the back-dated u1 (recorded after S), u2, u3, u8 (for KZ), u4, in replay order;
    # not u5 nor u6 (retracted), u7 (its plan has not begun), u9 (recorded after U)
    assert [(u["item"], u["date"], u.get("country")) for u in data["updates"]] == [
        ("A-1", "2024-05-10", None),
        ("A-2", "2024-07-01", None),
        ("A-3", "2024-08-01", None),
        ("C-1", "2024-08-10", "KZ"),
        ("A-4", "2024-08-20", None),
    ]
    assert data["updates"][0]["status"] == {"from": "not_started", "to": "done"}
    assert data["updates"][0]["recorded"] == "2024-07-15T10:00:00Z"
    assert data["completed"] == ["A-1"]  # not A-6 (done at S only), C-1 (UZ not done), A-5
    assert data["newly_overdue"] == ["A-2"]  # not O-1: its plan closed on 2024-07-31
    assert data["blocked"] == ["A-3"]
    # by due date: A-8 (2024-10-01), A-3 (2024-11-30 = U + 90); not A-4 (due on U), A-5
    # (U + 91), U-1 (plan not begun), A-1 (done)
    assert data["due_soon"] == [
        {"id": "A-8", "due": "2024-10-01"},
        {"id": "A-3", "due": "2024-11-30"},
    ]
    assert data["at_risk"] == [
        {"id": "A-2", "rating": "off_track"},
        {"id": "A-3", "rating": "off_track"},
        {"id": "A-5", "rating": "off_track"},
        {"id": "A-8", "rating": "off_track"},
        {"id": "O-1", "rating": "off_track"},
        {"id": "A-4", "rating": "at_risk"},  # at risk after every off-track item
    ]


def test_updates_and_figures_are_those_of_changes_recorded(jap, folder):
    data = brief_json(jap, folder)
    args = ("changes", *WINDOW, "--recorded", "-f", "json", "--plans", folder)
    changes = json.loads(jap(*args, env=TODAY).stdout)
    assert data["updates"] == changes["updates"]
    assert [(p["from"], p["to"]) for p in data["pillars"]] == [
        (p["from"], p["to"]) for p in changes["pillars"]
    ]
    assert (data["overall"]["from"], data["overall"]["to"]) == (
        changes["overall"]["from"],
        changes["overall"]["to"],
    )


def test_ahead_moves_the_window(jap, folder):
    # A-5, due on U + 91, is not done as known at U (u9 was recorded after it)
    found = brief_json(jap, folder, "--ahead", "91")["due_soon"]
    assert [d["id"] for d in found] == ["A-8", "A-3", "A-5"]
    assert brief_json(jap, folder, "--ahead", "0")["due_soon"] == []
    assert [d["id"] for d in brief_json(jap, folder, "--ahead", "30")["due_soon"]] == ["A-8"]
    assert [d["id"] for d in brief_json(jap, folder, "--ahead", "29")["due_soon"]] == []


def test_a_later_until_learns_the_later_record(jap, folder):
    data = jap(
        "brief", "--since", "2024-06-01", "--until", "2024-09-15", "-f", "json", "--plans",
        folder, env=TODAY,
    )  # fmt: skip
    found = json.loads(data.stdout)
    assert found["completed"] == ["A-1", "A-5"]  # u9, recorded on 2024-09-15, now counts
    assert "A-5" not in [d["id"] for d in found["at_risk"]]


def test_filters_apply_to_every_list_and_figure(jap, folder):
    two = brief_json(jap, folder, "--pillar", "II")
    assert [u["item"] for u in two["updates"]] == ["A-2", "A-3"]
    assert (two["completed"], two["newly_overdue"], two["blocked"]) == ([], ["A-2"], ["A-3"])
    assert [d["id"] for d in two["due_soon"]] == ["A-8", "A-3"]
    assert [d["id"] for d in two["at_risk"]] == ["A-2", "A-3", "A-8"]
    assert two["overall"] == {"from": 0.0, "to": pytest.approx(0.1), "rating": "off_track"}
    assert [p["to"] for p in two["pillars"]] == [None, pytest.approx(0.1), None, None]

    old = brief_json(jap, folder, "--plan", "OLD")
    assert old["updates"] == [] and old["completed"] == [] and old["newly_overdue"] == []
    assert old["at_risk"] == [{"id": "O-1", "rating": "off_track"}]
    assert old["overall"] == {"from": 0.0, "to": 0.0, "rating": "off_track"}

    kz = brief_json(jap, folder, "--country", "kz")
    assert [(u["item"], u["country"]) for u in kz["updates"]] == [("C-1", "KZ")]
    assert kz["completed"] == ["C-1"]  # done in KZ's own figures
    assert kz["overall"] == {"from": 0.0, "to": 1.0, "rating": "achieved"}
    assert kz["at_risk"] == [] and kz["due_soon"] == [] and kz["blocked"] == []


def test_since_equal_to_until_learns_nothing(jap, folder):
    result = jap("brief", "--since", "2024-09-01", "--until", "2024-09-01", "-f", "json",
                 "--plans", folder, env=TODAY)  # fmt: skip
    data = json.loads(result.stdout)
    assert (data["updates"], data["completed"], data["newly_overdue"]) == ([], [], [])
    assert data["overall"]["from"] == data["overall"]["to"]


def test_until_defaults_to_today(jap, folder):
    result = jap("brief", "--since", "2024-06-01", "-f", "json", "--plans", folder, env=TODAY)
    data = json.loads(result.stdout)
    assert data["until"] == "2024-10-01"
    assert "A-5" in data["completed"]  # u9 is known by today


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--since", "2024-06-01", "--until", "2024-10-02"), "after today"),
        (("--since", "2024-09-02", "--until", "2024-09-01"), "after --until"),
        (("--since", "2024-06-01", "--ahead", "-1"), "--ahead"),
        (("--since", "2024-06-01", "--ahead", "soon"), "--ahead"),
        (("--since", "2024-06-01", "--known-at", "2024-06-01"), "drop --known-at"),
        (
            (
                "--until",
                "2024-09-01",
            ),
            "--since",
        ),
        (
            (
                "--since",
                "2024-06-31",
            ),
            "not a real date",
        ),
        (("--since", "2024-06-01", "--format", "csv"), "csv"),
        (("--since", "2024-06-01", "--country", "XX"), "--country"),
        (("--since", "2024-06-01", "--plan", "NOPE"), "no plan"),
        (("--since", "2024-06-01", "--pillar", "V"), "--pillar"),
        (("--since", "2024-06-01", "--lang", "xx"), "--lang"),
    ],
)
def test_bad_options_are_usage_errors(jap, folder, args, message):
    result = jap("brief", *args, "--plans", folder, env=TODAY)
    assert result.returncode == 2, result
    assert message in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


@pytest.mark.parametrize("lang", ["en", "fr", "ru"])
@pytest.mark.parametrize("fmt", ["table", "markdown", "html", "json"])
def test_every_format_in_every_language(jap, folder, fmt, lang):
    result = jap("brief", *WINDOW, "-f", fmt, "--lang", lang, "--plans", folder,
                 env={**TODAY, "COLUMNS": "80"})  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    text = result.stdout
    for item in ("A-1", "A-2", "A-3", "A-8", "O-1"):
        assert item in text
    if fmt == "table":
        assert max(len(line) for line in text.splitlines()) <= 80
    if fmt == "markdown":
        assert "<" not in text.replace("\\<", "")  # plain GitHub Markdown: no HTML
    if fmt == "html":
        assert text.startswith("<!DOCTYPE html>")
        assert '<tr class="r-off_track">' in text
    if fmt != "json":
        assert "U-1" not in text  # its plan has not begun


def test_empty_lists_say_none(jap, folder):
    result = jap("brief", *WINDOW, "--plan", "OLD", "--plans", folder, env=TODAY)
    text = result.stdout
    assert text.count("None.") == 5  # updates, completed, newly overdue, blocked, due soon
    fr = jap("brief", *WINDOW, "--plan", "OLD", "--lang", "fr", "--plans", folder, env=TODAY)
    assert fr.stdout.count("Aucune.") == 5


def test_ratings_in_words_and_colour_in_html(jap, folder):
    page = jap("brief", *WINDOW, "-f", "html", "--plans", folder, env=TODAY).stdout
    assert '<tr class="r-at_risk"><td class="id" data-label="ID">A-4</td>' in page
    # the words, beside the colour
    assert '<span class="rating r-at_risk">at risk</span></td></tr>' in page
    assert '<span class="rating r-off_track">off track</span>' in page
    assert "<script" not in page and "src=" not in page


def test_output_by_extension(jap, folder, tmp_path):
    target = tmp_path / "brief.md"
    result = jap("brief", *WINDOW, "--output", target, "--plans", folder, env=TODAY)
    assert result.returncode == 0, result.stderr
    assert target.read_text(encoding="utf-8").startswith("# Brief, 2024-06-01 to 2024-09-01")


# ---- properties of the pure core -----------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(cases())
def test_lists_are_consistent(case):
    workspace, updates, scope = case
    known = [u for u in updates if u.item != "GONE"]
    since, until, ahead = dt.date(2024, 2, 1), dt.date(2024, 3, 15), 30
    earlier = [u for u in known if u.recorded.date() <= since]
    filters = Filters(scope.pillars, scope.plans, country=scope.country)
    brief = build_brief(workspace, earlier, known, since, until, ahead, filters, "en")
    # the figures a caller hands in (kept by the store) give the very same brief
    at_until, at_since = (
        replay(workspace.items, known, until),
        replay(workspace.items, earlier, since),
    )
    handed = build_brief(
        workspace, earlier, known, since, until, ahead, filters, "en", at_until, at_since=at_since
    )
    assert handed == brief
    # and with the report of the items as of until (the brief then reads its summary's point)
    now = build_items(workspace, at_until, until, filters, "en")
    handed = build_brief(
        workspace,
        earlier,
        known,
        since,
        until,
        ahead,
        filters,
        "en",
        at_until,
        now,
        at_since=at_since,
    )
    assert handed == brief
    completed = {row.item.id for row in brief.completed}
    assert completed.isdisjoint(row.item.id for row in brief.blocked)
    for row in brief.due_soon:
        assert row.item.due is not None and until < row.item.due <= until + dt.timedelta(ahead)
        assert row.status not in (DONE, CANCELLED)
    ids = [row.item.id for row in brief.completed]
    assert ids == sorted(ids)
    ratings = [row.judged.rating for row in brief.at_risk]
    assert ratings == sorted(ratings, key=lambda r: r != "off_track")
    for row in (*brief.completed, *brief.blocked, *brief.at_risk, *brief.due_soon):
        assert not scope.pillars or row.item.pillar in scope.pillars
        assert scope.country is None or scope.country in row.item.countries


# ---- the documentation ---------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[1]


def test_the_readme_example_is_what_jap_prints(jap):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = "$ JAP_TODAY=2026-11-30 COLUMNS=80 jap brief --since 2026-06-01 --plan RM-2024\n"
    shown = readme.split(command, 1)[1].split("```", 1)[0]
    result = jap("brief", "--since", "2026-06-01", "--plan", "RM-2024", "--plans", ROOT / "plans",
                 env={"JAP_TODAY": "2026-11-30", "COLUMNS": "80"})  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.rstrip("\n") == shown.rstrip("\n")  # the last blank line aside


def test_the_scheduled_workflow_of_the_docs(jap, folder, tmp_path):
    import re
    import shlex

    import yaml

    text = (ROOT / "docs" / "brief.md").read_text(encoding="utf-8")
    (flow,) = [yaml.safe_load(b) for b in re.findall(r"^```yaml\n(.*?)^```", text, re.M | re.S)]
    assert flow[True]["schedule"][0]["cron"]  # YAML reads the key `on` as True
    runs = [s["run"] for s in flow["jobs"]["brief"]["steps"] if "jap brief" in s.get("run", "")]
    assert len(runs) == 2
    for run in runs:
        line = run.strip().split(">>")[0]
        args = shlex.split(line.replace("\"$(date -u -d '1 month ago' +%F)\"", "2024-09-01"))
        args = [str(folder) if a == "plans" else a for a in args[1:]]
        result = jap(*args, env=TODAY, cwd=tmp_path)
        assert result.returncode == 0, (line, result.stderr)
    assert (tmp_path / "brief.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
