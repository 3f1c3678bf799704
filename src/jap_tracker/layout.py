"""Where a workspace's files are: the folder itself, its plan files, its journal folder and the
journal's month files, and how a file is named in messages. Standard library only (``os``,
``pathlib``): every command imports it, ``jap status`` and ``jap update`` from the cache too.
"""

from __future__ import annotations

import os
from collections.abc import Callable
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


def odd_entries(folder: Path) -> list[tuple[Path, str]]:
    """(path, what it is) of each entry named like a file jap reads (``*.toml``, not hidden)
    that is not a regular file, links followed: a folder, a FIFO, a device, a socket, a link
    to nothing. Found with ``stat``, never opened (a FIFO would wait for a writer)."""
    import stat

    out = []
    for entry in toml_entries(folder):
        if entry.name.startswith(".") or not os.path.normcase(entry.name).endswith(".toml"):
            continue
        try:
            mode = os.stat(entry.path).st_mode
        except OSError as exc:
            dangling = entry.is_symlink()
            out.append(
                (folder / entry.name, "a link to nothing" if dangling else str(exc.strerror))
            )
            continue
        if stat.S_ISREG(mode):
            continue
        what = (
            "a folder"
            if stat.S_ISDIR(mode)
            else "a FIFO"
            if stat.S_ISFIFO(mode)
            else "a device"
            if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "not a regular file"
        )
        out.append((folder / entry.name, what))
    return out


def odd_message(what: str) -> str:
    """The message for an entry of ``odd_entries``."""
    return f"is {what}, not a file: jap reads only regular files here; move it or rename it"


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


def display_under(folder: Path) -> Callable[[Path], str]:
    """``display_path`` for the files of ``folder`` (the journal's months), with the folder
    and the working folder resolved once: a file in it that is not a link lies where the
    folder does, so it is named as the folder is, then by its name."""
    base = Path(display_path(folder))

    def display(path: Path) -> str:
        if path.parent != folder or path.is_symlink():
            return display_path(path)
        return str(base / path.name)

    return display
