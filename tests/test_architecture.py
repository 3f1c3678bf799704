"""The direction of imports, read from the source with ``ast`` (house style, issue 2):
only cli/ imports typer; only cli/ and the terminal drawers (render/table.py, render/styled.py,
render/plain.py: Rich's cell widths and word division) import rich; the pure modules (the
computations, the record rules and every renderer) touch no files, clock or terminal; only
layout, journal/, cache/ and cli/ reach the file system's own calls; nothing imports cli."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import jap_tracker

PACKAGE = Path(jap_tracker.__file__).parent
MODULES = sorted(PACKAGE.rglob("*.py"))
PURE = [
    "progress.py",
    "report.py",
    "model.py",
    "evaluation.py",
    "timeline.py",
    "periods.py",
    "matrix.py",
    "running.py",
    *sorted(p.relative_to(PACKAGE).as_posix() for p in (PACKAGE / "records").glob("*.py")),
]
# What touches files, the clock, the terminal, the environment or processes.
IMPURE_MODULES = {
    "os",
    "pathlib",
    "sys",
    "io",
    "shutil",
    "subprocess",
    "tempfile",
    "glob",
    "time",
    "fcntl",
    "msvcrt",
    "typer",
    "rich",
    "click",
    "tomllib",
    "tomli_w",
    "getpass",
    "socket",
}
CLOCK_CALLS = {"now", "today", "utcnow", "time", "monotonic", "perf_counter"}


def relative(path: Path) -> str:
    return path.relative_to(PACKAGE).as_posix()


def imported(path: Path) -> set[str]:
    """Every module that ``path`` imports, anywhere in the file (lazy imports included)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    package = ["jap_tracker", *Path(relative(path)).parent.parts]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the module's package
                base = package[: len(package) - node.level + 1]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            found.add(name)
            found.update(f"{name}.{alias.name}" for alias in node.names)
    return found


def top_levels(names: set[str]) -> set[str]:
    return {name.split(".")[0] for name in names}


def is_cli(path: Path) -> bool:
    return path.parent == PACKAGE / "cli"


def test_there_are_modules_to_check():
    names = {relative(p) for p in MODULES}
    assert {"cli/app.py", "progress.py", "report.py", "model.py", "render/table.py"} <= names


@pytest.mark.parametrize("path", MODULES, ids=relative)
def test_only_cli_imports_typer(path):
    if not is_cli(path):
        assert "typer" not in top_levels(imported(path)), relative(path)
        assert "click" not in top_levels(imported(path)), relative(path)


TERMINAL_DRAWERS = ("render/table.py", "render/styled.py", "render/plain.py")


@pytest.mark.parametrize("path", MODULES, ids=relative)
def test_only_cli_and_table_import_rich(path):
    if not (is_cli(path) or relative(path) in TERMINAL_DRAWERS):
        assert "rich" not in top_levels(imported(path)), relative(path)


@pytest.mark.parametrize("path", MODULES, ids=relative)
def test_nothing_imports_cli(path):
    if is_cli(path) or path.name == "__main__.py":
        return  # cli's own topic modules register on its app; __main__ runs it
    for name in imported(path):
        assert not (name == "jap_tracker.cli" or name.startswith("jap_tracker.cli")), (
            relative(path),
            name,
        )


@pytest.mark.parametrize("name", PURE)
def test_pure_modules_import_nothing_impure(name):
    path = PACKAGE / name
    bad = top_levels(imported(path)) & IMPURE_MODULES
    assert not bad, (name, bad)
    # Nor anything of the package that is impure.
    for module in imported(path):
        assert not module.startswith(
            (
                "jap_tracker.cli",
                "jap_tracker.loader",
                "jap_tracker.journal",
                "jap_tracker.workspace",
                "jap_tracker.render",
            )
        ), (name, module)


@pytest.mark.parametrize("name", PURE)
def test_pure_modules_read_no_clock_and_open_nothing(name):
    tree = ast.parse((PACKAGE / name).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute):
                assert func.attr not in CLOCK_CALLS, (name, ast.unparse(node))
            if isinstance(func, ast.Name):
                assert func.id not in {"open", "print", "input"}, (name, ast.unparse(node))


def test_the_checker_sees_a_lazy_import():
    """The walk finds imports inside function bodies too (cli imports lazily on purpose)."""
    assert "jap_tracker.render.render" in imported(PACKAGE / "cli" / "output.py")  # inside emit
    assert "typer" in imported(PACKAGE / "cli/decl.py")  # inside App.typer and to_typer


def module_path(name: str) -> Path | None:
    parts = name.split(".")[1:]
    for candidate in (
        PACKAGE.joinpath(*parts).with_suffix(".py"),
        PACKAGE.joinpath(*parts, "__init__.py"),
    ):
        if parts and candidate.is_file():
            return candidate
    return None


@pytest.mark.parametrize("name", PURE)
def test_pure_modules_reach_no_terminal_process_or_workspace_io(name):
    """Followed through the package's own modules (report uses i18n and codes, which read
    bundled reference data lazily): nothing reachable imports typer, rich, os, sys or the
    modules that read and write the workspace."""
    seen: set[Path] = set()
    todo = [PACKAGE / name]
    forbidden = {"typer", "rich", "click", "os", "sys", "subprocess", "fcntl", "tomli_w"}
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        names = imported(path)
        assert not top_levels(names) & forbidden, (relative(path), top_levels(names) & forbidden)
        for module in names:
            if module.startswith("jap_tracker."):
                assert not module.startswith(
                    (
                        "jap_tracker.cli",
                        "jap_tracker.loader",
                        "jap_tracker.journal",
                        "jap_tracker.workspace",
                        "jap_tracker.render",
                    )
                ), (relative(path), module)
                found = module_path(module)
                if found is not None:
                    todo.append(found)


RENDERERS = sorted(p for p in (PACKAGE / "render").glob("*.py"))


@pytest.mark.parametrize("path", RENDERERS, ids=relative)
def test_renderers_are_pure(path):
    """A renderer turns a report value into text: no files, processes, clock or workspace;
    Rich only in the terminal renderer (in-memory buffers, ``io``, are allowed)."""
    names = imported(path)
    allowed = {"rich"} if relative(path) in TERMINAL_DRAWERS else set()
    bad = top_levels(names) & (IMPURE_MODULES - {"io"} - allowed)
    assert not bad, (relative(path), bad)
    for module in names:
        assert not module.startswith(
            (
                "jap_tracker.cli",
                "jap_tracker.loader",
                "jap_tracker.journal",
                "jap_tracker.workspace",
                "jap_tracker.cache",
                "jap_tracker.layout",
            )
        ), (relative(path), module)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr == "time" and ast.unparse(node.func.value) in ("dt", "datetime"):
                continue  # datetime.time(), a time of day: no clock
            assert node.func.attr not in CLOCK_CALLS, (relative(path), ast.unparse(node))


# The modules that may call the operating system on files, locks and processes directly.
FILE_SYSTEM = {"os", "tempfile", "fcntl", "msvcrt", "shutil", "glob", "subprocess", "mmap"}
TOUCH_FILES = ("layout.py", "journal/", "cache/", "cli/")


@pytest.mark.parametrize("path", MODULES, ids=relative)
def test_only_layout_journal_cache_and_cli_reach_the_file_system(path):
    if relative(path).startswith(TOUCH_FILES):
        return
    bad = top_levels(imported(path)) & FILE_SYSTEM
    assert not bad, (relative(path), bad)
