"""Where a workspace's files are: the folder itself, its plan files, its journal folder and the
journal's month files, and how a file is named in messages. Standard library only (``os``,
``pathlib``): every command imports it, ``jap status`` and ``jap update`` from the cache too.
"""

from __future__ import annotations

import os
from pathlib import Path

JOURNAL_DIR = "journal"
PLANS_ENV = "JAP_PLANS"
DEFAULT_FOLDER = "plans"


def resolve_folder(option: str | None) -> Path:
    """``--plans DIR``, else ``JAP_PLANS``, else ``./plans``."""
    return Path(option or os.environ.get(PLANS_ENV) or DEFAULT_FOLDER)


def toml_entries(folder: str | os.PathLike[str]) -> list[os.DirEntry[str]]:
    """Every entry directly in ``folder`` whose name ends in ``.toml`` in any case, hidden ones
    and folders included, by name: all that could be or become a file that jap reads (what a
    cache must watch). Empty when the folder cannot be listed."""
    try:
        with os.scandir(folder) as listing:
            found = [e for e in listing if e.name.lower().endswith(".toml")]
    except OSError:
        return []
    found.sort(key=lambda e: os.path.normcase(e.name))
    return found


def _is_read(entry: os.DirEntry[str]) -> bool:
    """A ``*.toml`` file that is not hidden (an editor's ``.#plan.toml`` lock is not a plan);
    the suffix in the case the file system compares names in."""
    if entry.name.startswith(".") or not os.path.normcase(entry.name).endswith(".toml"):
        return False
    try:
        return entry.is_file()  # a link to a file counts; a link to nothing does not
    except OSError:
        return False


def plan_files(folder: Path) -> list[Path]:
    """The plan files of a workspace: the ``*.toml`` files directly in its folder, by name."""
    return [folder / e.name for e in toml_entries(folder) if _is_read(e)]


def journal_folder(workspace: Path) -> Path:
    return workspace / JOURNAL_DIR


def journal_files(workspace: Path) -> list[Path]:
    """The journal's files: the ``*.toml`` files directly in ``journal/``, by name."""
    folder = journal_folder(workspace)
    return [folder / e.name for e in toml_entries(folder) if _is_read(e)]


def display_path(path: Path) -> str:
    """How messages name a file: relative to the working folder when it lies inside it, else
    as given (so as ``--plans`` spells it)."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
