"""The error catalogue: one case per kind of broken plan file (spec sections 2 and 7).

Each case is checked twice: through ``jap check`` (exit 1, ``FILE:LINE[:COL]: message`` lines on
stderr, sorted, a final count line, nothing on stdout) and through ``loader.load_plan_files``.
"""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path
from typing import NamedTuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jap_tracker.loader import load_plan_files, read_plan_file


def toml(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


class Want(NamedTuple):
    file: str  # the plan file's name, without ".toml"
    line: int
    column: int | None  # None: not asserted
    essence: tuple[str, ...]  # substrings the message must hold


class Case(NamedTuple):
    files: dict[str, str | bytes]
    wants: list[Want]


HEAD = '[plan]\nid = "{plan}"\ntitle = "Plan {plan}"\n\n'  # 4 lines: [[item]] starts on line 5

CASES: dict[str, Case] = {
    "toml-syntax": Case(
        {"syntax": toml('[plan]\nid = "SYN"\ntitle = "x"\npillar = = 3\n')},
        [Want("syntax", 4, 10, ("invalid TOML", "Invalid value"))],
    ),
    "toml-unclosed-string": Case(
        {"syntax": toml('[plan]\nid = "SYN"\ntitle = "unclosed\n')},
        [Want("syntax", 3, None, ("invalid TOML",))],
    ),
    "toml-key-twice": Case(
        {"syntax": HEAD.format(plan="SY") + '[[item]]\nid = "S-1"\nid = "S-2"\n'},
        [Want("syntax", 7, None, ("invalid TOML",))],
    ),
    "not-utf8": Case(
        # "title = \"caf" is 12 characters: the byte 0xE9 is in column 13 of line 3.
        {"latin1": b'[plan]\nid = "ENC"\ntitle = "caf\xe9"\n'},
        [Want("latin1", 3, 13, ("UTF-8",))],
    ),
    "empty": Case({"empty": b""}, [Want("empty", 1, None, ("empty", "[plan]"))]),
    "blank": Case({"blank": b"\n  \n\t\n"}, [Want("blank", 1, None, ("empty",))]),
    "deep-arrays": Case(
        {"deep": "x = " + "[" * 10_000 + "]" * 10_000 + "\n"},
        [Want("deep", 1, None, ("nested",))],
    ),
    "deep-inline-tables": Case(
        {"deep": HEAD.format(plan="D") + "x = " + "{a = " * 10_000 + "1" + " }" * 10_000 + "\n"},
        [Want("deep", 5, None, ("nested",))],
    ),
    "deep-dotted-key": Case(
        {"deep": HEAD.format(plan="D") + ".".join(["a"] * 2_000) + " = 1\n"},
        [Want("deep", 5, None, ("nested",))],
    ),
    "deep-table-header": Case(
        {"deep": "[" + ".".join(["a"] * 2_000) + "]\n"},
        [Want("deep", 1, None, ("nested",))],
    ),
    "missing-plan": Case(
        {"noplan": toml('[[item]]\nid = "NP-1"\ntitle = "t"\npillar = "I"\n')},
        [Want("noplan", 1, None, ("missing", "[plan]"))],
    ),
    "missing-plan-id": Case(
        {"planid": toml('[plan]\ntitle = "x"\n')},
        [Want("planid", 1, None, ("missing", "'id'", "[plan]"))],
    ),
    "missing-item-id-and-title": Case(
        {
            "missing": HEAD.format(plan="MI")
            + toml(
                """
                [[item]]
                title = "no id"
                pillar = "I"

                [[item]]
                id = "MI-2"
                pillar = "II"
                """
            )
        },
        # Each at the line of its [[item]] header: lines 5 and 9.
        [
            Want("missing", 5, None, ("missing", "'id'", "[[item]]")),
            Want("missing", 9, None, ("missing", "'title'", "[[item]]", "MI-2")),
        ],
    ),
    "missing-indicator-target": Case(
        {
            "missing": HEAD.format(plan="MT")
            + '[[item]]\nid = "MT-1"\ntitle = "t"\npillar = 1\n\n'
            + '[[item.indicator]]\nid = "n"\ntitle = "N"\n'
        },
        [Want("missing", 10, None, ("missing", "'target'", "[[item.indicator]]"))],
    ),
    "unknown-key-item": Case(
        {"unknown": HEAD.format(plan="UK") + '[[item]]\nid = "UK-1"\ntitel = "t"\npillar = "I"\n'},
        [
            Want("unknown", 5, None, ("missing", "'title'")),
            Want("unknown", 7, 1, ("unknown key 'titel'", "did you mean 'title'", "[item.extra]")),
        ],
    ),
    "unknown-key-plan": Case(
        {"unknown": toml('[plan]\nid = "UP"\ntitle = "x"\nsorce = "a report"\n')},
        [Want("unknown", 4, 1, ("unknown key 'sorce'", "did you mean 'source'"))],
    ),
    "unknown-key-indicator": Case(
        {
            "unknown": HEAD.format(plan="UI")
            + '[[item]]\nid = "UI-1"\ntitle = "t"\npillar = 1\n\n'
            + '[[item.indicator]]\nid = "n"\ntitle = "N"\ntarget = 5\nuint = "people"\n'
        },
        [Want("unknown", 14, 1, ("unknown key 'uint'", "did you mean 'unit'"))],
    ),
    "unknown-key-top-level": Case(
        {"unknown": toml('[plna]\nid = "X"\n')},
        [
            Want("unknown", 1, None, ("missing", "[plan]")),
            Want("unknown", 1, 1, ("unknown key 'plna'", "did you mean 'plan'")),
        ],
    ),
    "invalid-date": Case(
        {
            "date": HEAD.format(plan="DT")
            + '[[item]]\nid = "DT-1"\ntitle = "t"\npillar = 1\n'
            + "due = 2025-13-01\n"
        },
        [Want("date", 9, 7, ("2025-13-01 is not a valid date", "month 13", "YYYY-MM-DD"))],
    ),
    "items-misspelt": Case(
        {"items": HEAD.format(plan="IM") + '[[items]]\nid = "IM-1"\ntitle = "t"\npillar = 1\n'},
        [Want("items", 5, 1, ("unknown table [[items]]", "did you mean [[item]]"))],
    ),
    "status-in-plan": Case(
        {
            "status": HEAD.format(plan="SP")
            + '[[item]]\nid = "SP-1"\ntitle = "t"\npillar = 1\n'
            + 'status = "done"\n'
        },
        [Want("status", 9, 1, ("unknown key 'status'", "jap update SP-1 --status done"))],
    ),
    "unknown-key-with-escapes": Case(
        # A quoted key with escapes is located at its own line, and its ESC is not sent raw.
        {"unknown": toml('[plan]\nid = "UE"\ntitle = "x"\n"\\u001b[31mkey" = 1\n')},
        [Want("unknown", 4, 1, ("unknown key", "\\x1b[31mkey"))],
    ),
    "pillar-V": Case(
        {"pillar": HEAD.format(plan="PV") + '[[item]]\nid = "PV-1"\ntitle = "t"\npillar = "V"\n'},
        [Want("pillar", 8, 1, ("'pillar'", "'V'", '"I", "II", "III" or "IV"'))],
    ),
    "pillar-5": Case(
        {"pillar": HEAD.format(plan="P5") + '[[item]]\nid = "P5-1"\ntitle = "t"\npillar = 5\n'},
        [Want("pillar", 8, 1, ("'pillar'", "5"))],
    ),
    "weights": Case(
        {
            "weights": HEAD.format(plan="W")
            + "".join(
                f'[[item]]\nid = "W-{n}"\ntitle = "t"\npillar = 1\nweight = {w}\n\n'
                for n, w in enumerate(["-1", "0", "nan", "inf", "-inf", '"2"', "true"], 1)
            )
        },
        # Item n's weight is on line 5 + 6 * (n - 1) + 4.
        [
            Want("weights", 9, 1, ("'weight'", "greater than 0", "W-1")),
            Want("weights", 15, 1, ("'weight'", "greater than 0", "W-2")),
            Want("weights", 21, 1, ("'weight'", "finite", "W-3")),
            Want("weights", 27, 1, ("'weight'", "finite", "W-4")),
            Want("weights", 33, 1, ("'weight'", "finite", "W-5")),
            Want("weights", 39, 1, ("'weight'", "number", "W-6")),
            Want("weights", 45, 1, ("'weight'", "number", "W-7")),
        ],
    ),
    "due-not-a-date": Case(
        {
            "due": HEAD.format(plan="DU")
            + "".join(
                f'[[item]]\nid = "DU-{n}"\ntitle = "t"\npillar = 1\ndue = {d}\n\n'
                for n, d in enumerate(
                    [
                        '"2024-06-30"',
                        "2024-06-30T10:00:00",
                        "2024-06-30T10:00:00Z",
                        "10:00:00",
                        "3",
                    ],
                    1,
                )
            )
        },
        [
            Want("due", 9, 1, ("'due'", "date", "string", "DU-1")),
            Want("due", 15, 1, ("'due'", "date-time", "DU-2")),
            Want("due", 21, 1, ("'due'", "date-time", "DU-3")),
            Want("due", 27, 1, ("'due'", "a time", "DU-4")),
            Want("due", 33, 1, ("'due'", "date", "DU-5")),
        ],
    ),
    "plan-dates": Case(
        {"dates": toml('[plan]\nid = "PD"\ntitle = "x"\nstart = 2025-01-01\nend = 2024-01-01\n')},
        [Want("dates", 5, 1, ("'end'", "before start"))],
    ),
    "target-equals-baseline": Case(
        {
            "target": HEAD.format(plan="TB")
            + '[[item]]\nid = "TB-1"\ntitle = "t"\npillar = 1\n\n'
            + '[[item.indicator]]\nid = "a"\ntitle = "A"\nbaseline = 5\ntarget = 5\n\n'
            + '[[item.indicator]]\nid = "b"\ntitle = "B"\ntarget = 0\n'
        },
        # The second indicator's baseline defaults to 0, so target 0 equals it too.
        [
            Want("target", 14, 1, ("'target'", "differ from baseline", "TB-1", "'a'")),
            Want("target", 19, 1, ("'target'", "differ from baseline", "'b'")),
        ],
    ),
    "baseline-target-not-numbers": Case(
        {
            "numbers": HEAD.format(plan="BN")
            + '[[item]]\nid = "BN-1"\ntitle = "t"\npillar = 1\n\n'
            + '[[item.indicator]]\nid = "a"\ntitle = "A"\nbaseline = "zero"\ntarget = true\n\n'
            + '[[item.indicator]]\nid = "b"\ntitle = "B"\ntarget = nan\n'
        },
        [
            Want("numbers", 13, 1, ("'baseline'", "number", "'zero'")),
            Want("numbers", 14, 1, ("'target'", "number", "boolean")),
            Want("numbers", 19, 1, ("'target'", "finite")),
        ],
    ),
    "duplicate-item-one-file": Case(
        {
            "dup": HEAD.format(plan="DI")
            + '[[item]]\nid = "DI-1"\ntitle = "t"\npillar = 1\n\n'
            + '[[item]]\nid = "DI-1"\ntitle = "u"\npillar = 2\n'
        },
        # The second id (line 11) names the first (line 6).
        [Want("dup", 11, None, ("'DI-1'", "plans/dup.toml:6"))],
    ),
    "duplicate-item-across-files": Case(
        {
            "a": HEAD.format(plan="A") + '[[item]]\nid = "X-1"\ntitle = "t"\npillar = 1\n',
            "b": HEAD.format(plan="B")
            + '[[item]]\nid = "B-1"\ntitle = "t"\npillar = 1\n\n'
            + '[[item]]\nid = "X-1"\ntitle = "t"\npillar = 1\n',
        },
        [Want("b", 11, None, ("'X-1'", "plans/a.toml:6", "unique"))],
    ),
    "duplicate-item-in-broken-file": Case(
        # The duplicate is found although the second file has another error.
        {
            "a": HEAD.format(plan="A") + '[[item]]\nid = "X-1"\ntitle = "t"\npillar = 1\n',
            "b": HEAD.format(plan="B") + '[[item]]\nid = "X-1"\ntitle = "t"\npillar = "V"\n',
        },
        [
            Want("b", 6, None, ("'X-1'", "plans/a.toml:6")),
            Want("b", 8, 1, ("'pillar'",)),
        ],
    ),
    "duplicate-plan": Case(
        {
            "a": toml('[plan]\nid = "SAME"\ntitle = "one"\n'),
            "b": toml('# the same id\n[plan]\nid = "SAME"\ntitle = "two"\n'),
        },
        [Want("b", 3, None, ("plan id 'SAME'", "plans/a.toml:2"))],
    ),
    "duplicate-indicator": Case(
        {
            "ind": HEAD.format(plan="DN")
            + '[[item]]\nid = "DN-1"\ntitle = "t"\npillar = 1\n\n'
            + '[[item.indicator]]\nid = "n"\ntitle = "A"\ntarget = 1\n\n'
            + '[[item.indicator]]\nid = "n"\ntitle = "B"\ntarget = 2\n'
        },
        [Want("ind", 16, None, ("indicator id 'n'", "twice", "DN-1"))],
    ),
    "unknown-country": Case(
        {
            "country": toml('[plan]\nid = "UC"\ntitle = "x"\ncountries = ["KZ", "QQ"]\n\n')
            + '[[item]]\nid = "UC-1"\ntitle = "t"\npillar = 1\ncountries = ["uz", "ZZ"]\n'
        },
        [
            Want("country", 4, 1, ("'countries'", "'QQ'", "ISO 3166-1")),
            Want("country", 10, 1, ("'countries'", "'ZZ'", "ISO 3166-1")),
        ],
    ),
    "unknown-language": Case(
        {
            "lang": toml('[plan]\nid = "UL"\ntitle = { en = "x", zz = "y" }\n\n')
            + '[[item]]\nid = "UL-1"\ntitle = { en = "t", qq = "u" }\npillar = 1\n'
        },
        [
            Want("lang", 3, 1, ("'title'", "'zz'", "ISO 639-1")),
            Want("lang", 7, 1, ("'title'", "'qq'", "ISO 639-1")),
        ],
    ),
    "wrong-types": Case(
        {
            "types": HEAD.format(plan="WT")
            + '[[item]]\nid = "WT-1"\ntitle = "t"\npillar = 1\nlead = ["a", 3]\ntags = "x"\n'
        },
        [
            Want("types", 9, 1, ("'lead'", "list of strings")),
            Want("types", 10, 1, ("'tags'", "list of strings")),
        ],
    ),
    "bad-id": Case(
        {"ids": HEAD.format(plan="BI") + '[[item]]\nid = "has space"\ntitle = "t"\npillar = 1\n'},
        [Want("ids", 6, 1, ("'id'", "not a valid id"))],
    ),
    # "$" in a pattern also matches before a final newline: the whole id must be checked
    "id-ending-in-newline": Case(
        {"ids": HEAD.format(plan="BN") + '[[item]]\nid = "BN-1\\n"\ntitle = "t"\npillar = 1\n'},
        [Want("ids", 6, 1, ("'id'", "not a valid id"))],
    ),
}


def write(folder: Path, files: dict[str, str | bytes]) -> Path:
    folder.mkdir(exist_ok=True)
    for name, content in files.items():
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        (folder / f"{name}.toml").write_bytes(data)
    return folder


def where(want: Want) -> str:
    column = f":{want.column}" if want.column else ""
    return f"plans/{want.file}.toml:{want.line}{column}: "


@pytest.mark.parametrize("name", list(CASES))
def test_check_reports_each_error_located(name, tmp_path, jap):
    case = CASES[name]
    folder = write(tmp_path / "plans", case.files)
    result = jap("check", "--plans", "plans")
    assert result.returncode == 1, result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", result.stderr)  # never raw controls
    lines = result.stderr.splitlines()
    *found, count = lines
    assert len(found) == len(case.wants), result.stderr
    for line, want in zip(found, sorted(case.wants, key=lambda w: (w.file, w.line)), strict=True):
        if want.column is None:
            assert re.match(rf"plans/{want.file}\.toml:{want.line}(:\d+)?: ", line), line
        else:
            assert line.startswith(where(want)), line
        for part in want.essence:
            assert part in line, (part, line)
    files = len({w.file for w in case.wants})
    errors = len(case.wants)
    assert count == (
        f"{errors} error{'s' if errors != 1 else ''} in {files} file{'s' if files != 1 else ''}"
    )
    assert not (folder / "journal").exists()


@pytest.mark.parametrize("name", list(CASES))
def test_loader_reports_each_error_located(name, tmp_path, monkeypatch):
    case = CASES[name]
    write(tmp_path / "plans", case.files)
    monkeypatch.chdir(tmp_path)  # diagnostics name files relative to the working folder
    _workspace, diagnostics, _declared = load_plan_files(Path("plans"))
    got = sorted(diagnostics, key=lambda d: d.sort_key())
    assert len(got) == len(case.wants), [d.format() for d in got]
    for diagnostic, want in zip(
        got, sorted(case.wants, key=lambda w: (w.file, w.line)), strict=True
    ):
        assert diagnostic.path == f"plans/{want.file}.toml"
        assert diagnostic.line == want.line, diagnostic.format()
        if want.column is not None:
            assert diagnostic.column == want.column, diagnostic.format()
        text = diagnostic.format()
        for part in want.essence:
            assert part in text, (part, text)


def test_read_plan_file_survives_deep_nesting_without_recursion_error():
    data = ("x = " + "[" * 10_000 + "]" * 10_000).encode()
    parsed = read_plan_file(data, "deep.toml")
    assert parsed.plan is None and parsed.items == ()
    assert [(d.line, d.code) for d in parsed.diagnostics] == [(1, "too-deep")]


def test_every_problem_of_several_broken_files_in_one_run(tmp_path, jap):
    files: dict[str, str | bytes] = {}
    wants: list[Want] = []
    for name in ("pillar-V", "weights", "unknown-key-item", "not-utf8", "toml-syntax", "empty"):
        files.update(CASES[name].files)
        wants += CASES[name].wants
    write(tmp_path / "plans", files)
    result = jap("check", "--plans", "plans")
    assert result.returncode == 1
    *found, count = result.stderr.splitlines()
    assert len(found) == len(wants) == 13
    # Sorted by file, then line.
    keys = []
    for line in found:
        path, number = re.match(r"(.*?\.toml):(\d+)", line).groups()
        keys.append((path, int(number)))
    assert keys == sorted(keys)
    assert count == "13 errors in 6 files"


def test_status_and_report_refuse_broken_files_with_the_same_diagnostics(tmp_path, jap):
    write(tmp_path / "plans", CASES["pillar-V"].files)
    for command in (("status",), ("report", "--format", "json")):
        result = jap(*command, "--plans", "plans")
        assert result.returncode == 1
        assert result.stdout == ""
        assert result.stderr.splitlines()[0].startswith("plans/pillar.toml:8:1: 'pillar'")


VALID = toml(
    """
    # comments and layout stay as written
    [plan]
    id = "OK-2024"
    title = { en = "Roadmap", fr = "Feuille de route", ru = "Дорожная карта" }
    start = 2024-05-01
    end = 2025-12-31
    parties = ["Uzbekistan", "UNOCT"]
    source = "https://example.org/roadmap"
    description = "A test plan."
    countries = ["kz", "UZ"]
    lang = "en"

    [[item]]
    id = "OK-1"
    title = "Launch the council"
    pillar = "iv"
    due = 2024-06-30
    lead = ["UNOCT"]
    partners = ["UNRCCA"]
    weight = 2.5
    tags = ["rehabilitation"]
    description = { fr = "Décrit en français" }
    countries = []

    [item.extra]
    budget = { amount = 1200, currency = "USD" }
    notes = ["free", "form"]
    signed = 2024-01-02
    ratio = nan

    [[item.indicator]]
    id = "experts"
    title = "Experts trained"
    unit = "people"
    baseline = 10
    target = 200.5
    description = "People who completed the course"

    [[item]]
    id = "OK-2"
    title = "Second"
    pillar = 3
    """
)


def test_a_valid_workspace_checks_clean_and_extra_is_shown(tmp_path, jap):
    folder = write(tmp_path / "plans", {"ok": VALID})
    before = (folder / "ok.toml").read_bytes()
    result = jap("check", "--plans", "plans")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "1 plan, 2 items" in result.stdout
    report = jap(
        "report", "--plans", "plans", "--format", "json", "--as-of", "2024-06-01"
    )  # after its start
    assert report.returncode == 0, report.stderr
    items = {item["id"]: item for item in json.loads(report.stdout)["items"]}
    assert items["OK-1"]["extra"] == {
        "budget": {"amount": 1200, "currency": "USD"},
        "notes": ["free", "form"],
        "signed": "2024-01-02",
        "ratio": None,  # nan is TOML, not JSON
    }
    assert items["OK-2"]["extra"] == {}
    assert items["OK-1"]["pillar"] == "IV" and items["OK-2"]["pillar"] == "III"
    assert items["OK-1"]["weight"] == 2.5
    assert (folder / "ok.toml").read_bytes() == before  # never rewritten


def test_loader_builds_the_model_from_a_valid_file(tmp_path):
    write(tmp_path / "plans", {"ok": VALID})
    workspace, diagnostics, declared = load_plan_files(tmp_path / "plans")
    assert diagnostics == []
    assert declared == {"OK-1", "OK-2"}
    (plan,) = workspace.plans
    assert plan.id == "OK-2024" and plan.countries == ("KZ", "UZ")
    first, second = workspace.items
    assert first.countries == ()  # its own empty list: tracked as a whole
    assert second.countries == ("KZ", "UZ")  # the plan's
    assert first.indicators[0].baseline == 10.0 and first.indicators[0].target == 200.5
    assert first.extra["budget"] == {"amount": 1200, "currency": "USD"}
    assert first.description == {"fr": "Décrit en français"}
    assert second.weight == 1.0 and second.due is None


def test_hidden_toml_files_are_not_plans(write_plans, jap):
    # an editor's lock or backup file beside the plans must not be read as a plan
    folder = write_plans(
        p='[plan]\nid = "P"\ntitle = "Plan"\n[[item]]\nid = "P-1"\ntitle = "x"\npillar = 1\n'
    )
    (folder / ".#p.toml").write_text("not toml at all [", encoding="utf-8")
    result = jap("check", "--plans", folder)
    assert result.returncode == 0, result.stderr
    assert "1 plan, 1 item," in result.stdout


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "due = 2025-13-01",
            "plans/p.toml:9:7: 2025-13-01 is not a valid date (there is no month 13): write dates"
            " as YYYY-MM-DD, without quotes (for example 2025-06-30)",
        ),
        (
            "due = 2025-02-29",
            "plans/p.toml:9:7: 2025-02-29 is not a valid date (2025-02 has 28 days): write dates"
            " as YYYY-MM-DD, without quotes (for example 2025-06-30)",
        ),
        (
            "start = 2024-04-31",
            "plans/p.toml:9:9: 2024-04-31 is not a valid date (2024-04 has 30 days): write dates"
            " as YYYY-MM-DD, without quotes (for example 2025-06-30)",
        ),
        (
            "due = [2025-6-30]",
            "plans/p.toml:9:8: 2025-6-30 is not a valid date (the month and the day take two"
            " digits each): write dates as YYYY-MM-DD, without quotes (for example 2025-06-30)",
        ),
        (
            "due = 2025-06-30T24:00:00",
            "plans/p.toml:9:7: 2025-06-30T24:00 is not a valid date (24:00 is not a time of day):"
            " write dates as YYYY-MM-DD, without quotes (for example 2025-06-30)",
        ),
        (  # a valid date with something after it: TOML's own message
            "due = 2025-06-30x",
            "plans/p.toml:9:17: invalid TOML: Expected newline or end of document after a"
            " statement",
        ),
        (  # a date in a string is no date value
            'title = "2025-13-01',
            "plans/p.toml:9:20: invalid TOML: Illegal character '\\n'",
        ),
        (
            'status = "In progress"',
            "plans/p.toml:9:1: unknown key 'status' in [[item]] (item 'P-1'): an item's status is"
            " not written in its plan file but recorded in the journal, with"
            " `jap update P-1 --status in_progress`",
        ),
        (
            'status = "finished"',
            "plans/p.toml:9:1: unknown key 'status' in [[item]] (item 'P-1'): an item's status is"
            " not written in its plan file but recorded in the journal, with"
            " `jap update P-1 --status STATUS`",
        ),
        (
            "progress = 42.5",
            "plans/p.toml:9:1: unknown key 'progress' in [[item]] (item 'P-1'): an item's progress"
            " is not written in its plan file but recorded in the journal, with"
            " `jap update P-1 --progress 42.5`",
        ),
    ],
)
def test_plan_file_messages_say_what_to_write(line, message, tmp_path, jap):
    text = HEAD.format(plan="P") + '[[item]]\nid = "P-1"\ntitle = "t"\npillar = 1\n' + line + "\n"
    write(tmp_path / "plans", {"p": text})
    result = jap("check", "--plans", "plans")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == f"{message}\n1 error in 1 file\n"
    status = jap("status", "--plans", "plans")
    assert status.returncode == 1 and message in status.stderr


def test_an_array_of_tables_under_an_unknown_name_is_located_at_its_first_table(tmp_path, jap):
    text = HEAD.format(plan="P") + '[[item]]\nid = "P-1"\ntitle = "t"\npillar = 1\n\n'
    text += '[[items]]\nid = "P-2"\n\n[[items]]\nid = "P-3"\n'
    write(tmp_path / "plans", {"p": text})
    result = jap("check", "--plans", "plans")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        "plans/p.toml:10:1: unknown table [[items]] (did you mean [[item]]?)\n1 error in 1 file\n"
    )


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789-:T []{},=\"'x\n", max_size=30))
def test_a_date_message_only_for_what_toml_refused(value):
    from jap_tracker.tomlfile import decode_toml

    text = HEAD.format(plan="P") + f"due = {value}\n"
    doc, _text, found = decode_toml(text.encode(), "p.toml")
    assert (doc is None) == bool(found)
    for diagnostic in found:
        if diagnostic.code == "invalid-date":
            assert diagnostic.line >= 5 and diagnostic.column >= 1
            assert "YYYY-MM-DD" in diagnostic.message
