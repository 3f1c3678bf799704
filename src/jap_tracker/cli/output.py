"""Where a command's result goes: standard output (a table drawn for this terminal) or the file
that ``--output`` names, written atomically, only if it is a regular file (or a new one) outside
the workspace's plan and journal files.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from jap_tracker.diagnostics import CheckFailed, UsageError


def _guard_output(target: Path, workspace: Path | None, new: bool = False) -> None:
    """Refuse an --output that would replace a plan file of ``workspace`` or anything in its
    journal (``new``: a file that does not exist yet, so never a plan file that is there)."""
    from jap_tracker.layout import journal_folder

    if workspace is not None:
        workspace = workspace.resolve()
        inside_journal = journal_folder(workspace) in target.parents
        plan_file = target.parent == workspace and target.suffix == ".toml" and not new
        if inside_journal or plan_file or target == journal_folder(workspace):
            raise UsageError(
                f"{target} is part of the workspace {workspace} (a plan or journal file): "
                "write the output elsewhere",
                "--output",
            )


def check_output(output: Path, workspace: Path | None = None, new: bool = False) -> Path:
    """The file that ``--output`` names (through a symbolic link), if it may be written; else a
    usage error. ``workspace``: the folder whose files it may not replace; ``new``: it must not
    exist yet."""
    target = Path(os.path.realpath(output))  # write through a symbolic link, not over it
    folder = target.parent
    if not folder.is_dir():
        raise UsageError(f"cannot write {output}: folder {folder} does not exist", "--output")
    if target.is_dir():
        raise UsageError(f"cannot write {output}: it is a folder", "--output")
    if new and (os.path.lexists(output) or target.exists()):
        raise UsageError(f"{output} already exists: give the name of a new file", "--output")
    _guard_output(target, workspace, new)
    return target


def write_output(
    data: str | bytes, output: Path | None, workspace: Path | None = None, new: bool = False
) -> None:
    """Standard output, or FILE replaced atomically (never half-written): text in UTF-8, bytes
    as they are. ``workspace``: never a file of it (``check_output``); ``new``: FILE must not
    exist yet (exit 2), and is never replaced."""
    if output is None:
        if isinstance(data, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            sys.stdout.write(data)
            sys.stdout.flush()
        return
    target = check_output(output, workspace, new)
    folder = target.parent
    import stat
    import tempfile

    try:
        found = target.stat()
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    else:
        if not stat.S_ISREG(found.st_mode):  # a device, a FIFO, a socket: never replaced
            raise UsageError(
                f"cannot write {output}: it is not a regular file; give the path of a file",
                "--output",
            )
        mode = stat.S_IMODE(found.st_mode)
    tmp: Path | None = None
    try:
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        tmp = Path(name)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data.encode("utf-8") if isinstance(data, str) else data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(tmp, mode)
        if new:  # a hard link fails where a file has appeared meanwhile: never replaced
            try:
                os.link(tmp, target)
            except FileExistsError:
                raise UsageError(
                    f"{output} already exists: give the name of a new file", "--output"
                ) from None
        else:
            os.replace(tmp, target)
            tmp = None
    except OSError as exc:  # the command ran and could not finish: exit 1, as the journal's
        raise CheckFailed([], f"jap: error: cannot write {output}: {exc.strerror}") from None
    finally:  # on every way out, an interrupt included, no temporary file is left behind
        if tmp is not None:
            tmp.unlink(missing_ok=True)


# What makes Rich take a pipe or a file for a terminal (tests/test_plain.py asks Rich)
RICH_TERMINAL_VARIABLES = ("FORCE_COLOR", "TTY_COMPATIBLE")


def make_console() -> Any:
    """A Rich console for this terminal, for file text: no markup, no emoji codes; as wide as
    ``COLUMNS``, else the terminal, else 80 columns (standard output is a pipe or a file). A
    pipe or a file that nothing in the environment makes Rich take for a terminal gets a plain
    ``Page`` of that width instead: no Rich console is made (nor imported) for plain text."""
    columns = os.environ.get("COLUMNS", "80")
    if not (
        sys.stdout.isatty()
        or sys.platform == "win32"  # Rich's legacy console takes a column off
        or "IPython" in sys.modules  # Rich's own width in a notebook
        or not columns.isdigit()
        or any(name in os.environ for name in RICH_TERMINAL_VARIABLES)
    ):
        from jap_tracker.render.plain import Page

        return Page(int(columns))
    from rich.console import Console

    width = None if os.environ.get("COLUMNS") or sys.stdout.isatty() else 80
    return Console(width=width, highlight=False, emoji=False, markup=False, soft_wrap=False)


def emit(
    kind: str, value: Any, format: str, lang: str, output: Path | None, workspace: Path
) -> None:
    """Write ``value`` in ``format`` (``render.render``): to standard output, a table drawn
    for this terminal; or to FILE, atomically (a table 120 columns wide, without colour),
    never over a file of ``workspace``."""
    from jap_tracker.cache.entries import without_gc
    from jap_tracker.render import render

    console = make_console() if format == "table" and output is None else None
    with without_gc():  # a listing's rows and cells: nothing for the collector to find
        text = render(kind, value, format, lang, console)
    write_output(text, output, workspace)
