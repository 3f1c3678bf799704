"""Every command has help and is documented in the README; every option in the README's table
or in docs/ exists (what users read is what the program does)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jap_tracker.cli.app import (
    app,
)

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
DOCS = README + "".join(p.read_text(encoding="utf-8") for p in (ROOT / "docs").glob("*.md"))
COMMANDS = {(c.name or c.callback.__name__): c for c in app.registered_commands}


def test_the_commands_are_the_expected_ones():
    assert set(COMMANDS) == {
        "status", "update", "report", "check", "trend", "changes", "history", "retract", "import",
        "init", "schema", "brief",
    }  # fmt: skip


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_help_and_is_in_the_readme(name):
    assert (COMMANDS[name].callback.__doc__ or "").strip(), name
    assert f"jap {name}" in README, name


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_option_is_documented(name, jap):
    result = jap(name, "--help")
    assert result.returncode == 0, result.stderr
    options = set(re.findall(r"(--[a-z][a-z-]+)", result.stdout)) - {"--help"}
    missing = sorted(o for o in options if o not in DOCS)
    assert not missing, (name, missing)


# ---- what the docs say stands on its own ---------------------------------------------------

# The product's contract and its facts file live outside the repository: the docs say the
# thing itself, or point to docs/ files that exist.
ELSEWHERE = re.compile(r"\bspec\b|\bspecification\b|facts\.md", re.IGNORECASE)


def test_no_doc_refers_to_a_spec_or_a_facts_file():
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        found = [
            f"{path.name}:{n}: {line}"
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if ELSEWHERE.search(line)
        ]
        assert not found, found
    for link in re.findall(r"\(?(docs/[\w.-]+\.md)", DOCS):
        assert (ROOT / link).is_file(), link


@pytest.mark.parametrize("name", ["", *sorted(COMMANDS)])
def test_no_help_refers_to_a_spec_or_a_facts_file(name, jap):
    helped = jap(*([name] if name else []), "--help", env={"COLUMNS": "300"})
    assert helped.returncode == 0
    assert not ELSEWHERE.search(helped.stdout), helped.stdout


FIRST_BLOCKS = """# jap-tracker

```sh
python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/jap status
```

```sh
python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/python -m pytest -q
```
"""


def walk_through() -> list[list[str]]:
    """The README walk-through's command lines, each split as the shell splits it."""
    import shlex

    block = README.split("## A walk-through", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    return [
        words for line in block.replace("\\\n", " ").splitlines()
        if (words := shlex.split(line, comments=True))
    ]  # fmt: skip


def test_the_readme_begins_with_its_two_commands():
    assert README.startswith(FIRST_BLOCKS)


def test_the_walk_through_runs_after_the_first_command(tmp_path, jap):
    """Pasted after the README's first command: the virtual environment activated first, then
    ``jap`` as it is on the PATH (never ``.venv/bin/jap`` in one place and ``jap`` in another),
    each command succeeding on a copy of the shipped plans."""
    import shutil

    lines = walk_through()
    assert lines[0] == ["source", ".venv/bin/activate"]
    copy = ["export", "JAP_PLANS=$(mktemp -d)/plans", "&&", "cp", "-r", "plans", "$JAP_PLANS"]
    assert lines[1] == copy  # done here as copytree does it
    plans = tmp_path / "plans"
    shutil.copytree(ROOT / "plans", plans)
    env = {"JAP_PLANS": str(plans), "JAP_TODAY": "2026-11-30"}
    ran = 0
    for words in lines[2:]:
        words = [w.replace("/tmp/", f"{tmp_path}/") for w in words]
        if words[0] == "printf" and words[-2] == ">":
            text = words[1].encode().decode("unicode_escape")
            (tmp_path / words[-1].rsplit("/", 1)[-1]).write_text(text, encoding="utf-8")
            continue
        assert words[0] == "jap", words  # no other program, no .venv/bin/jap
        result = jap(*words[1:], env=env, cwd=tmp_path)
        assert result.returncode == 0, (words, result.stderr)
        ran += 1
    assert ran >= 10
    assert (tmp_path / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert (tmp_path / "report.xlsx").read_bytes()[:2] == b"PK"
