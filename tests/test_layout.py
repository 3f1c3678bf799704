"""layout: which files of a workspace jap reads, and how messages name them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from jap_tracker import layout


def touch(path: Path, text: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_plan_files_are_the_visible_toml_files_directly_in_the_folder_by_name(tmp_path: Path):
    for name in ("b.toml", "a.toml", ".#a.toml", "notes.txt", "c.toml.bak"):
        touch(tmp_path / name)
    (tmp_path / "folder.toml").mkdir()
    touch(tmp_path / "sub" / "d.toml")
    touch(tmp_path / "journal" / "2026-01.toml")
    assert layout.plan_files(tmp_path) == [tmp_path / "a.toml", tmp_path / "b.toml"]


@pytest.mark.skipif(os.name == "nt", reason="symbolic links need privileges on Windows")
def test_a_link_to_a_file_is_a_plan_file_and_a_link_to_nothing_is_not(tmp_path: Path):
    target = touch(tmp_path / "elsewhere" / "real.toml")
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "linked.toml").symlink_to(target)
    (folder / "dangling.toml").symlink_to(tmp_path / "missing.toml")
    assert layout.plan_files(folder) == [folder / "linked.toml"]


@pytest.mark.skipif(os.path.normcase("A") == "a", reason="a file system that ignores case")
def test_the_suffix_is_lower_case_where_names_have_case(tmp_path: Path):
    touch(tmp_path / "LOUD.TOML")
    touch(tmp_path / "quiet.toml")
    assert layout.plan_files(tmp_path) == [tmp_path / "quiet.toml"]
    # ... but a cache must still watch it: renamed, it would become a plan file.
    assert [e.name for e in layout.toml_entries(tmp_path)] == ["LOUD.TOML", "quiet.toml"]


def test_toml_entries_include_hidden_files_and_folders_and_tolerate_a_missing_folder(
    tmp_path: Path,
):
    touch(tmp_path / ".hidden.toml")
    (tmp_path / "dir.toml").mkdir()
    touch(tmp_path / "x.txt")
    assert [e.name for e in layout.toml_entries(tmp_path)] == [".hidden.toml", "dir.toml"]
    assert layout.toml_entries(tmp_path / "missing") == []


def test_journal_files_are_in_the_journal_folder(tmp_path: Path):
    assert layout.journal_files(tmp_path) == []  # no journal yet
    touch(tmp_path / "journal" / "2026-02.toml")
    touch(tmp_path / "journal" / "2026-01.toml")
    touch(tmp_path / "journal" / ".2026-03.toml.123.tmp")
    touch(tmp_path / "journal" / ".gitattributes")
    assert layout.journal_files(tmp_path) == [
        tmp_path / "journal" / "2026-01.toml",
        tmp_path / "journal" / "2026-02.toml",
    ]


def test_a_file_where_the_journal_belongs_holds_no_journal_files(tmp_path: Path):
    touch(tmp_path / "journal", "not a folder")
    assert layout.journal_files(tmp_path) == []


def test_display_path_is_relative_to_the_working_folder_inside_it_else_as_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    inside = tmp_path / "work"
    inside.mkdir()
    monkeypatch.chdir(inside)
    assert layout.display_path(Path("plans/a.toml")) == str(Path("plans/a.toml"))
    assert layout.display_path(inside / "x" / "b.toml") == str(Path("x/b.toml"))
    outside = tmp_path / "elsewhere" / "c.toml"
    assert layout.display_path(outside) == str(outside)
    assert layout.display_path(Path("../elsewhere/c.toml")) == str(Path("../elsewhere/c.toml"))


@pytest.mark.skipif(os.name == "nt", reason="symbolic links need privileges on Windows")
@pytest.mark.parametrize("where", ["work", "work/plans", "elsewhere", "link"])
@pytest.mark.parametrize("spelled", ["absolute", "relative"])
def test_display_under_names_each_file_as_display_path_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str, spelled: str
):
    """The journal's names, made with the folder resolved once, are display_path's: inside
    the working folder or not, the folder spelled either way or reached through a link, and
    a month file that is itself a link to a file elsewhere."""
    work = tmp_path / "work"
    (work / "plans").mkdir(parents=True)
    monkeypatch.chdir(work)
    journal = touch(tmp_path / where / "journal" / "2024-01.toml").parent
    if where == "link":
        journal = tmp_path / "work" / "linked"
        journal.symlink_to(tmp_path / "link" / "journal", target_is_directory=True)
    touch(journal / "2024-02.toml")
    (journal / "2024-03.toml").symlink_to(touch(tmp_path / "other" / "kept.toml"))
    if spelled == "relative":
        journal = Path(os.path.relpath(journal, work))
    display = layout.display_under(journal)
    files = [journal / name for name in ("2024-01.toml", "2024-02.toml", "2024-03.toml")]
    assert [display(f) for f in files] == [layout.display_path(f) for f in files]
    assert display(files[2]) == str(files[2])  # a link out of the working folder: as given


def test_the_folder_is_the_option_else_the_environment_else_plans(
    monkeypatch: pytest.MonkeyPatch,
):
    monkeypatch.delenv("JAP_PLANS", raising=False)
    assert layout.resolve_folder(None) == Path("plans")
    monkeypatch.setenv("JAP_PLANS", "from-env")
    assert layout.resolve_folder(None) == Path("from-env")
    assert layout.resolve_folder("given") == Path("given")
