"""End-to-end: damaged journals, the audit trail, `jap retract` and the lock, through `jap`."""

from __future__ import annotations

import fcntl
import json
import re
import tomllib
from pathlib import Path

import pytest

PLAN = """
[plan]
id = "P"
title = "Plan P"

[[item]]
id = "P-1"
title = "One"
pillar = "I"

[[item]]
id = "P-2"
title = "Two"
pillar = "II"
"""
GOOD = (
    'u20260105T100000123456-aaaaaaaa = { item = "P-1", date = 2026-01-04, progress = 40.0, '
    'by = "Ana", recorded = 2026-01-05T10:00:00.123456Z }\n'
)
DAY = {"JAP_TODAY": "2026-02-01"}


def record_id(stdout: str) -> str:
    found = re.search(r"recorded ([ux][0-9T]+-[0-9a-f]+)", stdout)
    assert found, stdout
    return found.group(1)


def journal_bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((folder / "journal").glob("*.toml"))}


def overall(jap, folder: Path) -> float | None:
    result = jap("status", "-f", "json", "--plans", folder, env=DAY)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["overall"]["completion"]


# ---- damage -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["status"],
        ["report", "-f", "json"],
        ["check"],
        ["update", "P-2", "--status", "done"],
        ["retract", "u20260105T100000123456-aaaaaaaa"],
    ],
)
def test_damage_is_located_and_exit_1_by_every_command(write_plans, jap, command):
    folder = write_plans(p=PLAN)
    (folder / "journal").mkdir()
    (folder / "journal" / "2026-01.toml").write_text(GOOD + "u2 = { item = \n")
    before = journal_bytes(folder)
    result = jap(*command, "--plans", folder, env=DAY)
    assert result.returncode == 1, result.stderr
    assert re.search(r"journal/2026-01\.toml:2: not a valid record", result.stderr), result.stderr
    assert "Traceback" not in result.stderr
    assert journal_bytes(folder) == before  # nothing written


def test_check_lists_every_problem_and_counts_the_good_records(write_plans, jap):
    folder = write_plans(p=PLAN)
    (folder / "journal").mkdir()
    (folder / "journal" / "2026-01.toml").write_text(
        GOOD + 'u3 = { item = "P-2", date = 2026-01-04, progress = 101.0, by = "A", '
        "recorded = 2026-01-05T10:00:00Z }\n" + GOOD.replace("40.0", "45.0")
    )
    (folder / "journal" / "2026-02.toml").write_text(
        "[oops\n" + GOOD.replace("aaaaaaaa", "cccccccc").replace("P-1", "P-9")
    )
    result = jap("check", "--plans", folder, env=DAY)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if ".toml:" in line]
    assert [e.split(": ")[0] for e in errors] == [
        "plans/journal/2026-01.toml:2",  # progress out of range
        "plans/journal/2026-01.toml:3",  # duplicate id with other contents
        "plans/journal/2026-02.toml:1",  # not TOML
        "plans/journal/2026-02.toml:2",  # an item no plan has
    ], result.stderr
    assert "'progress' must be a number from 0 to 100" in errors[0]
    assert "already used on line 1" in errors[1]
    assert "'P-9', which no plan has (did you mean P-2, P-1?)" in errors[3]
    assert "4 errors in 2 files" in result.stderr


def test_unknown_item_fails_check_but_other_commands_warn_and_go_on(write_plans, jap):
    folder = write_plans(p=PLAN)
    (folder / "journal").mkdir()
    (folder / "journal" / "2026-01.toml").write_text(GOOD.replace('"P-1"', '"P-gone"'))
    check = jap("check", "--plans", folder, env=DAY)
    assert check.returncode == 1
    assert (
        "plans/journal/2026-01.toml:1: record 'u20260105T100000123456-aaaaaaaa' names item "
        "'P-gone', which no plan has" in check.stderr
    )
    status = jap("status", "-f", "json", "--plans", folder, env=DAY)
    assert status.returncode == 0
    assert "2026-01.toml:1: warning: record" in status.stderr
    assert json.loads(status.stdout)["overall"]["completion"] == 0.0
    update = jap("update", "P-2", "--progress", "50", "--plans", folder, env=DAY)
    assert update.returncode == 0 and "warning:" in update.stderr
    # retracting the stray record settles it
    retract = jap("retract", "u20260105T100000123456", "--plans", folder, env=DAY)
    assert retract.returncode == 0, retract.stderr
    assert jap("check", "--plans", folder, env=DAY).returncode == 0


# ---- audit trail and retract ---------------------------------------------------------------


def test_update_keeps_who_when_what_and_evidence(write_plans, jap):
    folder = write_plans(p=PLAN)
    result = jap(
        "update", "P-1", "--progress", "30", "--date", "2026-01-20", "--by", "Dana K.",
        "--evidence", "https://example.org/minutes.pdf", "--plans", folder, env=DAY,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    rid = record_id(result.stdout)
    (name, data), = journal_bytes(folder).items()  # fmt: skip
    assert re.fullmatch(r"\d{4}-\d{2}\.toml", name)
    record = tomllib.loads(data.decode())[rid]
    assert record["by"] == "Dana K." and str(record["date"]) == "2026-01-20"
    assert record["evidence"] == "https://example.org/minutes.pdf"
    assert record["recorded"].tzinfo is not None
    assert name == record["recorded"].strftime("%Y-%m.toml")


def test_retract_by_id_and_prefix_and_figures_ignore_it(write_plans, jap):
    folder = write_plans(p=PLAN)
    first = jap("update", "P-1", "--progress", "40", "--date", "2026-01-10", "--plans", folder,
                env=DAY)  # fmt: skip
    second = jap("update", "P-1", "--progress", "80", "--date", "2026-01-20", "--plans", folder,
                 env=DAY)  # fmt: skip
    assert first.returncode == 0 and second.returncode == 0
    # P-1 at 80 %, P-2 at 0: (0.8 + 0) / 2 = 0.4
    assert overall(jap, folder) == 0.4
    rid = record_id(second.stdout)
    result = jap("retract", rid, "--note", "wrong item", "--by", "Lead", "--plans", folder)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"retracted {rid} (P-1 on 2026-01-20 by tester) with x")
    # the 80 no longer counts; the 40 does again: (0.4 + 0) / 2 = 0.2
    assert overall(jap, folder) == 0.2
    report = json.loads(jap("report", "-f", "json", "--plans", folder, env=DAY).stdout)
    p1 = next(i for i in report["items"] if i["id"] == "P-1")
    assert p1["progress"] == 40 and p1["last_update"]["date"] == "2026-01-10"
    # the journal keeps both updates and the retraction, which names what it retracts
    records: dict = {}
    for data in journal_bytes(folder).values():
        records.update(tomllib.loads(data.decode()))
    retraction = next(v for k, v in records.items() if k.startswith("x"))
    assert retraction["retracts"] == rid and retraction["by"] == "Lead"
    assert retraction["note"] == "wrong item" and len(records) == 3
    # by a prefix: the first letter and 8 more characters are enough when unique
    prefix = record_id(first.stdout)[:22]
    assert jap("retract", prefix, "--plans", folder).returncode == 0
    assert overall(jap, folder) == 0.0
    assert jap("check", "--plans", folder, env=DAY).returncode == 0


def test_retract_refuses_what_it_cannot_name_or_must_not_retract(write_plans, jap):
    folder = write_plans(p=PLAN)
    ids = [
        record_id(jap("update", "P-1", "--note", f"n{k}", "--plans", folder, env=DAY).stdout)
        for k in range(2)
    ]
    done = jap("retract", ids[0], "--plans", folder)
    assert done.returncode == 0
    retraction = re.search(r"with (x\S+)", done.stdout).group(1)
    before = journal_bytes(folder)
    cases = {
        "u99999999": "no record 'u99999999'",
        ids[0][:7]: "give at least 8 characters of the id",
        ids[0]: f"{ids[0]} was already retracted by {retraction}",
        retraction: "is a retraction, not an update",
        "": "the record id is empty",
    }
    for ref, message in cases.items():
        result = jap("retract", ref, "--plans", folder)
        assert result.returncode == 2, (ref, result.stderr)
        assert message in result.stderr and "RECORD" in result.stderr
        assert "Traceback" not in result.stderr
    assert journal_bytes(folder) == before


def test_retract_an_ambiguous_prefix(write_plans, jap):
    folder = write_plans(p=PLAN)
    (folder / "journal").mkdir()
    (folder / "journal" / "2026-01.toml").write_text(GOOD + GOOD.replace("aaaaaaaa", "aaaabbbb"))
    result = jap("retract", "u20260105T100000123456-aaaa", "--plans", folder)
    assert result.returncode == 2
    assert "names 2 records" in result.stderr
    ok = jap("retract", "u20260105T100000123456-aaaab", "--plans", folder)
    assert ok.returncode == 0, ok.stderr


def test_retract_without_a_journal_creates_nothing(write_plans, jap):
    folder = write_plans(p=PLAN)
    result = jap("retract", "u20260105T100000123456", "--plans", folder)
    assert result.returncode == 2 and "no record" in result.stderr
    assert not (folder / "journal").exists()


# ---- the lock -------------------------------------------------------------------------------


@pytest.mark.parametrize("command", [["update", "P-1", "--status", "done"], ["retract", "u2026"]])
def test_a_held_lock_fails_after_the_timeout_and_writes_nothing(write_plans, jap, command):
    folder = write_plans(p=PLAN)
    (folder / "journal").mkdir()
    (folder / "journal" / "2026-01.toml").write_text(GOOD)
    if command[0] == "retract":
        command = ["retract", GOOD.split()[0]]
    before = journal_bytes(folder)
    # held as docs/journal.md tells other programs to hold it: flock on journal/.lock
    with open(folder / "journal" / ".lock", "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        result = jap(*command, "--plans", folder, env={**DAY, "JAP_LOCK_TIMEOUT": "0.3"})
    assert result.returncode == 1, result.stderr
    assert "lock for more than 0.3 s, so nothing was written" in result.stderr
    assert "Traceback" not in result.stderr
    assert journal_bytes(folder) == before
    assert list((folder / "journal").glob("*.tmp")) == []


def test_the_documented_recipe_for_other_programs_appends_a_record_jap_reads(write_plans, jap):
    """docs/journal.md, "Appending from another program": its Python example, run as written."""
    import datetime as dt

    doc = (Path(__file__).resolve().parents[1] / "docs" / "journal.md").read_text()
    section = doc.split("## Appending from another program", 1)[1]
    example = section.split("```python\n", 1)[1].split("```", 1)[0]
    namespace: dict[str, object] = {}
    exec(compile(example, "docs/journal.md", "exec"), namespace)  # noqa: S102
    folder = write_plans(p=PLAN)
    recorded = dt.datetime(2026, 1, 31, 9, 30, tzinfo=dt.UTC)
    fields = {"item": "P-1", "date": dt.date(2026, 1, 30), "progress": 40.0, "by": "Other tool",
              "recorded": recorded}  # fmt: skip
    namespace["append"](folder, "u20260131T093000000000-0123abcd", fields)  # type: ignore[operator]
    result = jap("history", "P-1", "--format", "json", "--plans", folder, env=DAY)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["updates"] == [
        {
            "date": "2026-01-30",
            "by": "Other tool",
            "record": "u20260131T093000000000-0123abcd",
            "recorded": "2026-01-31T09:30:00Z",
            "progress": 40.0,
        }
    ]
    assert (folder / "journal" / "2026-01.toml").read_text().count("\n") == 1
    assert jap("check", "--plans", folder, env=DAY).returncode == 0


def test_a_bad_lock_timeout_is_a_usage_error(write_plans, jap):
    folder = write_plans(p=PLAN)
    result = jap("update", "P-1", "--note", "x", "--plans", folder,
                 env={"JAP_LOCK_TIMEOUT": "soon"})  # fmt: skip
    assert result.returncode == 2 and "JAP_LOCK_TIMEOUT" in result.stderr
    assert not (folder / "journal").exists()


# ---- what update and retract print --------------------------------------------------------------


def test_update_and_retract_never_send_control_characters(write_plans, jap):
    folder = write_plans(p=PLAN)
    made = jap("update", "P-1", "--note", "x", "--by", "Ev\x1b[31mil\x9b\tone", "--plans", folder,
               env=DAY)  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert made.stdout.endswith(" by Ev\\x1b[31mil\\x9b one\n"), made.stdout
    gone = jap("retract", record_id(made.stdout), "--by", "Lead\x1b]0;pwned\x07\u202e",
               "--plans", folder, env=DAY)  # fmt: skip
    assert gone.returncode == 0, gone.stderr
    assert "(P-1 on 2026-02-01 by Ev\\x1b[31mil\\x9b one)" in gone.stdout
    assert gone.stdout.endswith(" by Lead\\x1b]0;pwned\\x07\\u202e\n"), gone.stdout
    for text in (made.stdout, gone.stdout):
        assert not any(ch in text for ch in "\x1b\x07\x9b\u202e\t"), text


def test_retract_names_a_bad_record_before_waiting_for_the_lock(write_plans, jap):
    folder = write_plans(p=PLAN)
    (folder / "journal").mkdir()
    (folder / "journal" / "2026-01.toml").write_text(GOOD)
    with open(folder / "journal" / ".lock", "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        result = jap("retract", "u2026", "--plans", folder, env={**DAY, "JAP_LOCK_TIMEOUT": "5"})
    assert result.returncode == 2 and "RECORD" in result.stderr, result.stderr
    assert "lock" not in result.stderr


@pytest.mark.parametrize("value", ["\u0665\u0660", "\uff15\uff10", "1_0", "0x10", "5 0"])
def test_numbers_on_the_command_line_are_ascii_decimals(write_plans, jap, value):
    folder = write_plans(p=PLAN)
    result = jap("update", "P-1", "--progress", value, "--plans", folder, env=DAY)
    assert result.returncode == 2, result.stdout
    assert "--progress" in result.stderr and "digits 0-9" in result.stderr
    timeout = jap("update", "P-1", "--note", "n", "--plans", folder,
                  env={**DAY, "JAP_LOCK_TIMEOUT": value})  # fmt: skip
    assert timeout.returncode == 2 and "JAP_LOCK_TIMEOUT" in timeout.stderr
    assert not (folder / "journal").exists()


def test_retract_by_the_random_part_of_the_id(write_plans, jap):
    folder = write_plans(p=PLAN)
    made = record_id(jap("update", "P-1", "--note", "oops", "--plans", folder, env=DAY).stdout)
    suffix = made.rsplit("-", 1)[1]  # the 8 random characters after the dash
    done = jap("retract", suffix, "--plans", folder)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"retracted {made} ")
