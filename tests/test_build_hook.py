"""hatch_build.py: what pip install runs before jap can start (catalogues and bytecode)."""

from __future__ import annotations

import gettext
import importlib.util
from pathlib import Path
from types import ModuleType

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def hook() -> ModuleType:
    pytest.importorskip("hatchling")
    spec = importlib.util.spec_from_file_location("hatch_build", ROOT / "hatch_build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_catalogue_compiles_without_fuzzy_entries(hook: ModuleType, tmp_path: Path) -> None:
    po = Catalog(locale="fr")
    po.add("Done", "Achevé")
    po.add("Blocked", "Bloqué", flags=["fuzzy"])
    with (tmp_path / "jap.po").open("wb") as target:
        write_po(target, po)
    hook.compile_catalogue(tmp_path / "jap.po", tmp_path / "out" / "jap.mo")
    with (tmp_path / "out" / "jap.mo").open("rb") as compiled:
        translations = gettext.GNUTranslations(compiled)
    assert translations.gettext("Done") == "Achevé"
    assert translations.gettext("Blocked") == "Blocked"


def test_modules_compile_to_bytecode_that_python_uses(hook: ModuleType, tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "a.py").write_text("VALUE = 41 + 1\n")
    (package / "sub" / "b.py").write_text("NAME = 'b'\n")
    hook.compile_modules(package)
    for source in (package / "a.py", package / "sub" / "b.py"):
        compiled = Path(importlib.util.cache_from_source(str(source)))
        assert compiled.is_file(), compiled
        # timestamp-checked bytecode: flags 0 (not hash-based), so an edited module recompiles
        assert int.from_bytes(compiled.read_bytes()[4:8], "little") == 0
    spec = importlib.util.spec_from_file_location("a", package / "a.py")
    assert spec is not None and spec.loader is not None
    assert spec.loader.get_code("a") is not None  # type: ignore[attr-defined]


def test_a_module_that_does_not_compile_stops_the_build(hook: ModuleType, tmp_path: Path) -> None:
    (tmp_path / "bad.py").write_text("def broken(:\n")
    with pytest.raises(RuntimeError, match="does not compile"):
        hook.compile_modules(tmp_path)


def test_the_installed_package_has_its_bytecode() -> None:
    """pip install (wheel or editable) leaves every module compiled: no command compiles them."""
    import jap_tracker

    package = Path(jap_tracker.__file__).parent
    missing: list[Path] = []
    newest = 0.0  # the last bytecode the install wrote
    for source in sorted(package.rglob("*.py")):
        compiled = Path(importlib.util.cache_from_source(str(source)))
        try:
            data = compiled.read_bytes()
        except FileNotFoundError:
            missing.append(source)
            continue
        newest = max(newest, compiled.stat().st_mtime)
        if int.from_bytes(data[8:12], "little") != int(source.stat().st_mtime) & 0xFFFFFFFF:
            missing.append(source)  # out of date
    assert newest, f"no module of {package} has bytecode: reinstall (pip install -e .)"
    if missing and all(s.stat().st_mtime > newest for s in missing):
        pytest.skip(f"{len(missing)} modules changed since the install; reinstall to compile")
    assert not missing, f"{[s.name for s in missing]} have no bytecode: reinstall"
