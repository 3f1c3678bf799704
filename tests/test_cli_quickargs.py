"""Plain command lines skip Typer's parser (jap_tracker.cli.quickargs): same answers either way."""

from __future__ import annotations

import re

import pytest

from jap_tracker.cli import quickargs
from jap_tracker.cli.app import (
    app,
)
from jap_tracker.cli.check import CheckFormat
from jap_tracker.cli.decl import App
from jap_tracker.cli.options import (
    BriefFormat,
    Every,
    Format,
    ReportFormat,
)

PLAN = """
[plan]
id = "P"
title = "Plan P"
countries = ["KZ", "UZ"]

[[item]]
id = "P-1"
title = "One"
pillar = "I"
due = 2024-01-31

[[item.indicator]]
id = "people"
title = "People"
target = 10

[[item]]
id = "P-2"
title = "Two"
pillar = 2
countries = []
"""
ENV = {"JAP_TODAY": "2026-11-23"}


def command(name: str):
    return next(c.callback for c in app.registered_commands if c.name == name)


# A plain line, and the keyword arguments that the fast parser gives the command for it
PLAIN = {
    ("status", "--format", "json"): {"format": Format.json},
    ("status", "-f", "json", "--as-of", "2024-02-01", "--lang", "fr"): {
        "format": Format.json,
        "as_of": "2024-02-01",
        "lang": "fr",
    },
    ("status", "--format=csv", "--stale-after", "30"): {"format": Format.csv, "stale_after": 30},
    ("status", "-fmarkdown"): {"format": Format.markdown},
    ("status",): {},
    ("report", "--format", "json", "--pillar", "I", "--pillar", "2", "--overdue"): {
        "format": ReportFormat.json,
        "pillar": ["I", "2"],
        "overdue": True,
    },
    ("report", "--status", "not_started", "--country", "kz", "-f", "csv"): {
        "status": ["not_started"],
        "country": ["kz"],
        "format": ReportFormat.csv,
    },
    ("check", "--fail-under", "50"): {"fail_under": 50.0},
    ("check", "--fail-on-overdue", "--as-of", "2024-02-01"): {
        "fail_on_overdue": True,
        "as_of": "2024-02-01",
    },
    ("update", "P-2", "--progress", "50", "--note", "two words"): {
        "item": "P-2",
        "progress": "50",  # a text: the command reads the number (cli.app._number)
        "note": "two words",
    },
    ("update", "P-1", "--indicator", "people=5", "--country", "KZ", "--date", "2024-01-10"): {
        "item": "P-1",
        "indicator": ["people=5"],
        "country": ["KZ"],
        "date": "2024-01-10",
    },
    ("update", "P-9", "--status", "done"): {"item": "P-9", "status": "done"},  # unknown item
    ("update", "P-2", "--status", "finished"): {"item": "P-2", "status": "finished"},
    ("status", "--format", "json", "--as-of", "2024-13-01"): {  # the command checks the date
        "format": Format.json,
        "as_of": "2024-13-01",
    },
    ("changes", "--since", "2024-01-01", "-f", "json"): {
        "since": "2024-01-01",
        "format": Format.json,
    },
    ("history", "P-1", "--format", "csv"): {"item": "P-1", "format": Format.csv},
    ("import", "missing.csv", "--plan", "NEW", "--title", "New"): {  # the command checks it
        "sheet": "missing.csv",
        "plan": "NEW",
        "title": "New",
    },
    ("trend", "--format", "json", "--every", "quarter"): {
        "format": Format.json,
        "every": Every.quarter,
    },
    ("retract", "u20240101T000000000000-00000000"): {  # no such record: the command says so
        "record": "u20240101T000000000000-00000000"
    },
    ("check", "--format", "github"): {"format": CheckFormat.github},
    ("schema",): {},
    ("brief", "--since", "2024-01-01", "--ahead", "30", "-f", "markdown"): {
        "since": "2024-01-01",
        "ahead": 30,
        "format": BriefFormat.markdown,
    },
}
TO_TYPER = [
    ("status", "--help"),
    ("status", "-h"),
    ("status", "--format", "yaml"),  # not a choice: Typer's message
    ("status", "--format"),  # no value
    ("status", "--format", "json", "--format", "csv"),  # twice
    ("status", "-f=json"),
    ("status", "--stale-after", "-1"),
    ("status", "--stale-after", "5x"),
    ("status", "--unknown"),
    ("status", "extra"),
    ("status", "--", "--format"),
    ("report", "--overdue=yes"),
    ("check", "--fail-under", "150"),  # out of range
    ("update", "--progress", "5"),  # no ITEM
    ("update", "P-1", "P-2", "--progress", "5"),  # one ITEM too many
    ("update", "P-1", "--progress", "-5"),  # a value that begins with "-"
    ("update", "P-1", "--note", " padded "),
    ("trend", "--every", "Month"),  # case_sensitive=False: Typer reads it
    ("retract", "u20240101T000000000000-00000000", "extra"),
    ("schema", "extra"),
    ("brief", "--since", "2024-01-01", "--ahead", "-1"),  # below the minimum: Typer's message
    ("init", "somewhere"),
]


@pytest.mark.parametrize("line", PLAIN, ids=" ".join)
def test_plain_lines_are_parsed_here(line, write_plans, jap, monkeypatch):
    assert quickargs.parse(command(line[0]), list(line[1:])) == PLAIN[line]
    # and run without Typer: the fast path returns the exit code itself
    monkeypatch.setattr(App, "typer", lambda self: pytest.fail(f"Typer ran {line}"))
    codes = fast_path_codes(monkeypatch)
    result = jap(*line, "--plans", write_plans(p=PLAN), env=ENV)
    assert codes == [result.returncode]


@pytest.mark.parametrize("line", TO_TYPER, ids=" ".join)
def test_other_lines_go_to_typer(line):
    with pytest.raises(quickargs._NotPlain):
        quickargs.parse(command(line[0]), list(line[1:]))


def fast_path_codes(monkeypatch) -> list[int | None]:
    """What each ``quickargs.run_plain`` of the jap runs to come returned: an exit code when it
    ran the command, None when it left the line to Typer."""
    codes: list[int | None] = []
    real = quickargs.run_plain

    def spy(app, argv):
        codes.append(real(app, argv))
        return codes[-1]

    monkeypatch.setattr(quickargs, "run_plain", spy)  # cli.app.main imports it on each run
    return codes


def without_ids(text: str) -> str:
    return re.sub(r"u\d{8}T\d{12}-[0-9a-f]{8}", "ID", text)


@pytest.mark.parametrize("line", [*PLAIN, *TO_TYPER], ids=" ".join)
def test_same_answer_with_and_without_typer(line, write_plans, jap, tmp_path, monkeypatch):
    codes = fast_path_codes(monkeypatch)
    answers = []
    for typer in ("", "1"):
        folder = write_plans(p=PLAN)
        for leftover in (folder / "journal", folder / ".jap-cache"):
            if leftover.exists():
                import shutil

                shutil.rmtree(leftover)
        result = jap(*line, "--plans", folder, env={**ENV, "JAP_TYPER": typer})
        journal = (
            sorted((folder / "journal").glob("*.toml")) if (folder / "journal").exists() else []
        )
        records = [without_ids(p.read_text()).split("recorded = ")[0] for p in journal]
        answers.append((result.returncode, without_ids(result.stdout), result.stderr, records))
    assert answers[0] == answers[1]
    # the first answer came from the fast path exactly for the plain lines, the second from Typer
    fast = answers[0][0] if line in PLAIN else None
    assert codes == [fast, None]


# The commands whose lines can take the fast path. A declaration that sets anything the fast
# parser does not know (quickargs._OPTION_SETTINGS, _ARGUMENT_SETTINGS) sends every line of
# its command to Typer, and so does an optional positional argument (the fast parser takes
# required ones only). Today that is so of one command:
# - init: its DIR argument is optional (and init is run once: Typer's start-up is no matter).
FAST = {
    "status", "update", "report", "check", "changes", "history", "import", "trend", "retract",
    "schema", "brief",
}  # fmt: skip
NEVER_FAST = {"init"}


def test_which_commands_take_the_fast_path():
    assert set(app.modules) == FAST | NEVER_FAST
    for name in FAST:
        quickargs._declarations(command(name))  # a command line of it can be plain
    for name in NEVER_FAST:
        with pytest.raises(quickargs._NotPlain):
            quickargs._declarations(command(name))
    # every command that can take it has a plain line above, and those that cannot a line to Typer
    assert {line[0] for line in PLAIN} == FAST
    assert {line[0] for line in TO_TYPER} >= NEVER_FAST


def test_a_missing_required_option_goes_to_typer(tmp_path):
    # `jap changes` needs --since: not plain, so Typer reports it (exit 2), no internal error
    with pytest.raises(quickargs._NotPlain):
        quickargs.parse(command("changes"), ["--plans", str(tmp_path)])


LOADED = (
    "import atexit, sys\n"
    "out = sys.argv[1]\n"
    "atexit.register(lambda: open(out, 'w').write(' '.join(sorted(sys.modules))))\n"
    "sys.argv = ['jap', *sys.argv[2:]]\n"
    "from jap_tracker.cli.app import main\n"
    "main()\n"
)


def loaded_modules(tmp_path, *args: object, env: dict[str, str] | None = None) -> set[str]:
    """The modules a run of ``jap ARGS`` imported (the same entry point as the script)."""
    import subprocess
    import sys

    from conftest import jap_env

    out = tmp_path / "modules.txt"
    result = subprocess.run(
        [sys.executable, "-c", LOADED, str(out), *map(str, args)],
        capture_output=True,
        text=True,
        env=jap_env(**ENV, **(env or {})),
        cwd=tmp_path,  # as the jap fixture runs: the same cache key
        check=False,
    )
    assert result.returncode in (0, 2), result.stderr
    return {name.split(".")[0] for name in out.read_text().split()}


HEAVY = {"typer", "click", "rich", "pydantic", "pycountry", "babel"}


def test_a_plain_command_line_imports_no_typer_and_nothing_heavy(
    write_plans, jap_process, tmp_path
):
    folder = write_plans(p=PLAN)
    # the cache is warm, as a process of its own keys it
    assert jap_process("status", "--plans", folder, env=ENV).returncode == 0
    status = loaded_modules(tmp_path, "status", "--format", "json", "--plans", folder)
    assert status & HEAVY == set()
    update = loaded_modules(tmp_path, "update", "P-2", "--progress", "5", "--plans", folder)
    assert update & (HEAVY | {"pickle", "tomllib"}) == set()  # it reads marshalled values only
    # the check can fail: help is Typer's, and so is every line when JAP_TYPER is set
    assert "typer" in loaded_modules(tmp_path, "status", "--help")
    args = ("status", "--format", "json", "--plans", folder)
    assert "typer" in loaded_modules(tmp_path, *args, env={"JAP_TYPER": "1"})
    assert "typer" not in loaded_modules(tmp_path, *args, env={"JAP_TYPER": "0"})


def test_parameters_are_inspects():
    """cli.decl.parameters reads what inspect.signature reads, through functools.wraps."""
    import functools
    import inspect

    from jap_tracker.cli.decl import parameters

    def f(a, b=1, *, c, d=2):  # noqa: ANN001, ANN202
        return a, b, c, d

    @functools.wraps(f)
    def wrapped(**kwargs):  # noqa: ANN003, ANN202
        return f(**kwargs)

    assert parameters(wrapped) == [("a", False), ("b", True), ("c", False), ("d", True)]
    for callback in (c.callback for c in app.registered_commands):
        expected = [
            (name, p.default is not p.empty)
            for name, p in inspect.signature(callback).parameters.items()
        ]
        assert parameters(callback) == expected, callback.__name__
