"""``jap init [DIR]`` (spec section 16): a new workspace that ``jap check`` passes, with the
journal's git attributes and editor set-up; a folder that holds plans is never touched."""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path

import pytest

from jap_tracker.cli import init as init_module
from jap_tracker.journal.write import GITATTRIBUTES, GITIGNORE
from jap_tracker.plan_schema import schema_text


def tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_init_makes_a_workspace_that_passes_check(tmp_path, jap):
    result = jap("init", "new")
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "new"
    assert sorted(tree(folder)) == [
        ".taplo.toml",
        "example.toml",
        "journal/.gitattributes",
        "journal/.gitignore",
        "plan.schema.json",
    ]
    assert "Next steps" in result.stdout and "jap check --plans new" in result.stdout
    check = jap("check", "--plans", "new")
    assert check.returncode == 0, check.stderr
    assert check.stdout == "ok: 1 plan, 1 item, 0 journal records, no problems\n"
    # the journal's attributes are the journal's own (journal.write.ensure_journal)
    assert (folder / "journal" / ".gitattributes").read_text() == GITATTRIBUTES
    assert (folder / "journal" / ".gitignore").read_text() == GITIGNORE
    # the next steps work as written
    assert jap("update", "EXAMPLE-01", "--progress", "10", "--plans", "new").returncode == 0
    assert jap("status", "--plans", "new").returncode == 0


def test_the_example_is_multilingual_with_an_indicator_and_countries(tmp_path, jap):
    assert jap("init", "ws").returncode == 0
    text = (tmp_path / "ws" / "example.toml").read_text(encoding="utf-8")
    plan = tomllib.loads(text)
    assert set(plan["plan"]["title"]) == {"en", "fr", "ru"}
    (item,) = plan["item"]
    assert set(item["title"]) == {"en", "fr", "ru"}
    assert len(item["indicator"]) == 1 and "target" in item["indicator"][0]
    assert plan["plan"]["countries"] and item["countries"]
    report = json.loads(jap("report", "--plans", "ws", "-f", "json", "--lang", "ru").stdout)
    assert report["items"][0]["id"] == "EXAMPLE-01"


def test_the_editor_set_up_points_at_the_schema(tmp_path, jap):
    assert jap("init", "ws").returncode == 0
    folder = tmp_path / "ws"
    assert (folder / "plan.schema.json").read_text(encoding="utf-8") == schema_text()
    taplo = tomllib.loads((folder / ".taplo.toml").read_text(encoding="utf-8"))
    (rule,) = taplo["rule"]
    assert rule["schema"]["path"] == "./plan.schema.json"
    assert "*.toml" in rule["include"] and "journal/**" in rule["exclude"]
    first = (folder / "example.toml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "#:schema ./plan.schema.json"
    # and the example is valid against that schema, for a real validator
    import jsonschema

    from test_schema import as_json

    schema = json.loads((folder / "plan.schema.json").read_text(encoding="utf-8"))
    plan = tomllib.loads((folder / "example.toml").read_text(encoding="utf-8"))
    jsonschema.validate(as_json(plan), schema, cls=jsonschema.Draft202012Validator)


def test_the_default_folder_is_the_workspace_of_section_1(tmp_path, jap):
    assert jap("init").returncode == 0
    assert (tmp_path / "plans" / "example.toml").exists()
    assert jap("init", env={"JAP_PLANS": "elsewhere"}).returncode == 0
    assert (tmp_path / "elsewhere" / "example.toml").exists()
    assert jap("init", "--plans", "third").returncode == 0
    assert (tmp_path / "third" / "example.toml").exists()


def test_an_existing_folder_without_plans_is_completed(tmp_path, jap):
    folder = tmp_path / "repo"
    folder.mkdir()
    (folder / "README.md").write_text("mine\n")
    assert jap("init", "repo").returncode == 0
    assert (folder / "README.md").read_text() == "mine\n"
    assert (folder / "example.toml").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no staging left


@pytest.mark.parametrize("existing", ["plan.toml", ".hidden.toml", "UPPER.TOML"])
def test_a_folder_that_holds_a_toml_file_is_left_untouched(tmp_path, jap, existing):
    folder = tmp_path / "ws"
    folder.mkdir()
    (folder / existing).write_text("# mine\n")
    before = tree(folder)
    result = jap("init", "ws")
    assert result.returncode == 2
    assert existing in result.stderr and "nothing was written" in result.stderr
    assert result.stdout == ""
    assert tree(folder) == before
    assert sorted(os.listdir(tmp_path)) == ["ws"]


def test_a_folder_whose_parent_is_missing_is_a_usage_error(tmp_path, jap):
    result = jap("init", "no/such/place")
    assert result.returncode == 2
    assert not (tmp_path / "no").exists()


def test_a_failure_leaves_nothing_behind(tmp_path, jap, monkeypatch):
    real = init_module.ensure_journal if hasattr(init_module, "ensure_journal") else None
    assert real is None  # it is imported where it is used: patch it at its home

    import jap_tracker.journal.write as write

    def broken(workspace: Path) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(write, "ensure_journal", broken)
    result = jap("init", "ws")
    assert result.returncode == 1
    assert "No space left on device" in result.stderr
    assert os.listdir(tmp_path) == []
    # in a folder that exists: what was moved in is moved out again
    monkeypatch.undo()
    (tmp_path / "ws").mkdir()
    real_rename = os.rename
    calls = []

    def rename(source, target):  # the third entry fails to move in
        calls.append(target)
        if len(calls) == 3:
            raise OSError(5, "Input/output error")
        return real_rename(source, target)

    monkeypatch.setattr(os, "rename", rename)
    result = jap("init", "ws")
    assert result.returncode == 1
    assert os.listdir(tmp_path / "ws") == []
    assert os.listdir(tmp_path) == ["ws"]
