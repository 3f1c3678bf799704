"""``jap check --format json|github`` (spec section 16): problems as a program reads them, and
as GitHub Actions turns them into annotations; exit codes as in section 7."""

from __future__ import annotations

import json
import re

import pytest

from jap_tracker.diagnostics import Diagnostic
from jap_tracker.render import render
from jap_tracker.render.checkfmt import CheckResult

GOOD = """
[plan]
id = "G"
title = "Good"

[[item]]
id = "G-1"
title = "One"
pillar = "I"
due = 2024-01-31
"""

# line 4: an unknown key (column 1); line 8: a pillar out of range
BAD = '[plan]\nid = "B"\ntitle = "Bad"\nsorce = "x"\n\n[[item]]\nid = "B-1"\npillar = 7\n'

# GitHub's workflow command, as the runner reads it: ::NAME key=value,key=value::MESSAGE
COMMAND = re.compile(r"::(?P<name>error|warning)(?: (?P<props>[^:]*))?::(?P<message>.*)")


def unescape_data(text: str) -> str:
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def unescape_property(text: str) -> str:
    return unescape_data(text.replace("%3A", ":").replace("%2C", ","))


def annotations(stdout: str) -> list[dict[str, str]]:
    """Each line of ``stdout`` as GitHub reads a workflow command (every line must be one)."""
    found = []
    for line in stdout.splitlines():
        match = COMMAND.fullmatch(line)
        assert match, line
        props = {}
        if match["props"]:
            for pair in match["props"].split(","):
                key, _, value = pair.partition("=")
                props[key] = unescape_property(value)
        found.append({"name": match["name"], **props, "message": unescape_data(match["message"])})
    return found


def test_json_lists_every_problem_located(write_plans, jap):
    folder = write_plans(good=GOOD, bad=BAD)
    result = jap("check", "--plans", folder, "--format", "json")
    assert result.returncode == 1
    assert result.stderr == ""
    data = json.loads(result.stdout)
    assert data["schema_version"] == 1 and data["ok"] is False
    problems = data["problems"]
    assert [set(p) for p in problems] == [{"file", "line", "column", "severity", "message"}] * 3
    assert [(p["file"].endswith("bad.toml"), p["line"], p["severity"]) for p in problems] == [
        (True, 4, "error"),  # sorce
        (True, 6, "error"),  # [[item]] without title
        (True, 8, "error"),  # pillar 7
    ]
    assert problems[0]["column"] == 1
    assert "sorce" in problems[0]["message"] and "source" in problems[0]["message"]
    assert "title" in problems[1]["message"]


def test_json_of_a_valid_workspace_is_ok_and_empty(write_plans, jap):
    result = jap("check", "--plans", write_plans(good=GOOD), "-f", "json")
    assert result.returncode == 0
    assert json.loads(result.stdout) == {"schema_version": 1, "ok": True, "problems": []}


def test_thresholds_not_met_are_problems_without_a_place(write_plans, jap):
    folder = write_plans(good=GOOD)
    args = ("check", "--plans", folder, "--fail-on-overdue", "--fail-under", "50")
    result = jap(*args, "--as-of", "2024-03-01", "--format", "json")
    assert result.returncode == 1
    problems = json.loads(result.stdout)["problems"]
    assert [(p["file"], p["line"], p["column"], p["severity"]) for p in problems] == [
        (None, None, None, "error")
    ] * 2
    assert problems[0]["message"].splitlines() == [
        "1 overdue item as of 2024-03-01:",
        "  G-1 (due 2024-01-31, not_started)",
    ]
    assert problems[1]["message"] == "overall completion 0.0% is below --fail-under 50%"
    github = jap(*args, "--as-of", "2024-03-01", "--format", "github")
    assert github.returncode == 1
    found = annotations(github.stdout)
    assert [a["name"] for a in found] == ["error", "error"]
    assert "file" not in found[0] and found[0]["message"] == problems[0]["message"]
    assert found[1]["message"] == "overall completion 0.0% is below --fail-under 50%"


def test_github_annotations_name_file_line_and_column(write_plans, jap):
    write_plans(good=GOOD, bad=BAD)
    result = jap("check", "--plans", "plans", "--format", "github")
    assert result.returncode == 1
    assert result.stderr == ""
    found = annotations(result.stdout)
    assert [(a["name"], a["file"], a["line"], a.get("col")) for a in found] == [
        ("error", "plans/bad.toml", "4", "1"),  # as given, relative: the repository's path
        ("error", "plans/bad.toml", "6", "1"),
        ("error", "plans/bad.toml", "8", "1"),
    ]
    assert "sorce" in found[0]["message"]
    # the same problems as the JSON and as the lines for people
    data = json.loads(jap("check", "--plans", "plans", "-f", "json").stdout)
    assert [a["message"] for a in found] == [p["message"] for p in data["problems"]]
    plain = jap("check", "--plans", "plans")
    assert plain.returncode == 1 and plain.stdout == ""
    assert plain.stderr.splitlines()[:3] == [
        f"plans/bad.toml:4:1: {found[0]['message']}",
        f"plans/bad.toml:6:1: {found[1]['message']}",
        f"plans/bad.toml:8:1: {found[2]['message']}",
    ]


def test_a_valid_workspace_gives_no_annotation(write_plans, jap):
    result = jap("check", "--plans", write_plans(good=GOOD), "--format", "github")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_github_escapes_what_its_format_reserves(tmp_path, jap):
    folder = tmp_path / "plans"
    folder.mkdir()
    name = "odd,name:1%.toml"
    (folder / name).write_text('[plan]\nid = "O"\ntitle = "x"\n"50%,\\nkey:" = 1\n')
    result = jap("check", "--plans", "plans", "--format", "github")
    assert result.returncode == 1
    (line,) = result.stdout.splitlines()
    assert line.startswith("::error file=plans/odd%2Cname%3A1%25.toml,line=4,col=1::")
    assert "'50%25,%0Akey:'" in line  # a line break in a message is %0A, a percent sign %25
    (found,) = annotations(result.stdout)
    assert found["file"] == f"plans/{name}"
    assert found["line"] == "4"
    assert found["message"].startswith("unknown key '50%,\nkey:' in [plan]")


def test_every_character_survives_the_round_trip():
    message = "a%b\r\nc,d:e %0A"
    problem = Diagnostic("dir/x,y:z%.toml", 3, 0, "code", message)
    text = render("check", CheckResult((problem,), ()), "github", "en")
    assert isinstance(text, str)
    assert text == "::error file=dir/x%2Cy%3Az%25.toml,line=3::a%25b%0D%0Ac,d:e %250A\n"
    (found,) = annotations(text)
    assert found == {"name": "error", "file": "dir/x,y:z%.toml", "line": "3", "message": message}


def test_control_characters_never_reach_the_log():
    problem = Diagnostic("x.toml", 1, 2, "code", "title \x1b[31mred")
    text = render("check", CheckResult((problem,), ()), "github", "en")
    assert text == "::error file=x.toml,line=1,col=2::title \\x1b[31mred\n"


@pytest.mark.parametrize("severity", ["warning", "error"])
def test_warnings_are_annotations_of_their_own_kind(severity):
    problem = Diagnostic("j.toml", 7, 0, "code", "stale record", severity)
    result = CheckResult((problem,), ())
    assert result.ok is (severity == "warning")
    github = render("check", result, "github", "en")
    assert github == f"::{severity} file=j.toml,line=7::stale record\n"
    data = json.loads(render("check", result, "json", "en"))
    assert data == {
        "schema_version": 1,
        "ok": severity == "warning",
        "problems": [
            {
                "file": "j.toml",
                "line": 7,
                "column": None,
                "severity": severity,
                "message": "stale record",
            }
        ],
    }


def test_a_usage_error_stays_a_usage_error(tmp_path, jap):
    result = jap("check", "--plans", tmp_path / "missing", "--format", "json")
    assert result.returncode == 2
    assert result.stdout == ""
    assert "not a folder" in result.stderr
