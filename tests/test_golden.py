"""Golden files: every renderer's output, byte for byte, on one fixed workspace (written below).

A refactor of the loader, the replay or the renderers must leave these bytes as they are. When
an output changes on purpose, rewrite the files with ``pytest tests/test_golden.py
--update-golden`` and review the diff (tests/golden/README.md).
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden"

# Two plans: a regional one tracked per country (KZ, UZ; one item regional, one for KG only),
# and one without countries whose plain strings are French. Titles in en/fr/ru, indicators with
# baselines and units, weights, due dates (some passed by the as-of date), leads, extra data.
PLAN_REGION = """
[plan]
id = "RG"
title = { en = "Regional roadmap", fr = "Feuille de route régionale", ru = "Региональная дорожная карта" }
start = 2025-01-01
end = 2027-12-31
countries = ["KZ", "uz"]
parties = ["UNOCT", "Kazakhstan", "Uzbekistan"]

[[item]]
id = "RG-1"
title = { en = "Train border officers", fr = "Former les agents des frontières", ru = "Обучить пограничников" }
pillar = "I"
due = 2025-12-31
weight = 2
lead = ["UNOCT"]
partners = ["OSCE"]
tags = ["borders"]

[[item.indicator]]
id = "officers"
title = { en = "Officers trained", fr = "Agents formés", ru = "Обученные сотрудники" }
unit = "people"
target = 200

[[item.indicator]]
id = "posts"
title = { en = "Border posts equipped", fr = "Postes équipés", ru = "Оснащённые посты" }
baseline = 2
target = 10

[[item]]
id = "RG-2"
title = { en = "Regional expert council", fr = "Conseil régional d'experts", ru = "Региональный совет экспертов" }
pillar = "II"
due = 2026-03-31
lead = ["UNRCCA", "UNOCT"]
countries = []

[[item]]
id = "RG-3"
title = { en = "Kyrgyz helpline", fr = "Ligne d'écoute kirghize", ru = "Киргизская линия помощи" }
pillar = "III"
weight = 0.5
countries = ["kg"]
lead = ["UNODC"]

[item.extra]
budget = "USD 40,000"

[[item]]
id = "RG-4"
title = { en = "Legal review", fr = "Examen juridique", ru = "Правовая экспертиза" }
pillar = "IV"
countries = []
"""  # noqa: E501 (TOML inline tables and journal records are one line each)

PLAN_JOINT = """
[plan]
id = "JP"
lang = "fr"
title = { fr = "Plan d'action conjoint", en = "Joint Plan of Action", ru = "Совместный план действий" }
start = 2025-03-01

[[item]]
id = "JP-1"
title = "Conférence annuelle"
pillar = 1
due = 2026-01-15
lead = ["UNRCCA"]

[[item]]
id = "JP-2"
title = { fr = "Réseau d'alerte précoce", en = "Early warning network", ru = "Сеть раннего предупреждения" }
pillar = "II"
weight = 3
due = 2026-09-30

[[item.indicator]]
id = "nodes"
title = { fr = "Nœuds actifs", en = "Active nodes", ru = "Активные узлы" }
target = 5

[[item]]
id = "JP-3"
title = { fr = "Étude sur les droits", en = "Rights study", ru = "Исследование прав" }
pillar = "IV"
"""  # noqa: E501 (TOML inline tables and journal records are one line each)

# The journal, written as jap writes it (docs/journal.md): fixed ids and moments, so the bytes
# of every output are fixed. One update of RG-1 is retracted.
JOURNAL = """
# jap journal, format 1: one record a line (see docs/journal.md)
u20250401T090000000000-00000001 = { item = "RG-1", date = 2025-03-28, progress = 20.0, note = "First course", by = "Aida", recorded = 2025-04-01 09:00:00+00:00 }
u20250402T090000000000-00000002 = { item = "JP-1", date = 2025-04-02, status = "in_progress", note = "Venue chosen", by = "Jean", recorded = 2025-04-02 09:00:00+00:00 }
u20250615T090000000000-00000003 = { item = "RG-1", date = 2025-06-15, indicators = { officers = 80.0, posts = 6.0 }, countries = ["KZ"], by = "Aida", evidence = "https://example.org/kz.pdf", recorded = 2025-06-15 09:00:00+00:00 }
u20250701T090000000000-00000004 = { item = "RG-2", date = 2025-07-01, progress = 50.0, note = "Terms of reference agreed", by = "Bakhyt", recorded = 2025-07-01 09:00:00+00:00 }
u20250801T090000000000-00000005 = { item = "RG-1", date = 2025-08-01, status = "done", countries = ["UZ"], note = "All courses given", by = "Dilnoza", recorded = 2025-08-01 09:00:00+00:00 }
u20250802T090000000000-00000006 = { item = "RG-1", date = 2025-08-01, progress = 90.0, countries = ["KZ"], note = "typo: meant UZ", by = "Aida", recorded = 2025-08-02 09:00:00+00:00 }
x20250803T090000000000-00000007 = { retracts = "u20250802T090000000000-00000006", note = "wrong country", by = "Aida", recorded = 2025-08-03 09:00:00+00:00 }
u20251010T090000000000-00000008 = { item = "RG-3", date = 2025-10-10, status = "blocked", note = "No funding yet", by = "Bakhyt", recorded = 2025-10-10 09:00:00+00:00 }
u20251120T090000000000-00000009 = { item = "JP-2", date = 2025-11-20, indicators = { nodes = 2.0 }, by = "Jean", recorded = 2025-11-20 09:00:00+00:00 }
u20260105T090000000000-00000010 = { item = "JP-3", date = 2026-01-05, status = "done", note = "Published", by = "Jean", recorded = 2026-01-05 09:00:00+00:00 }
u20260210T090000000000-00000011 = { item = "RG-4", date = 2026-02-10, status = "cancelled", note = "Merged into JP-3", by = "Aida", recorded = 2026-02-10 09:00:00+00:00 }
u20260301T090000000000-00000012 = { item = "RG-1", date = 2026-03-01, progress = 60.0, countries = ["KZ"], note = "Second course", by = "Aida", recorded = 2026-03-01 09:00:00+00:00 }
u20260415T090000000000-00000013 = { item = "RG-2", date = 2026-04-15, status = "done", by = "Bakhyt", recorded = 2026-04-15 09:00:00+00:00 }
u20260520T090000000000-00000014 = { item = "JP-2", date = 2026-05-20, progress = 70.0, note = "Five nodes \\"live\\"", by = "Jean", recorded = 2026-05-20 09:00:00+00:00 }
u20260801T090000000000-00000015 = { item = "JP-1", date = 2026-08-01, status = "done", note = "After the as-of date", by = "Jean", recorded = 2026-08-01 09:00:00+00:00 }
"""  # noqa: E501 (TOML inline tables and journal records are one line each)

ENV = {"JAP_TODAY": "2026-11-30", "JAP_USER": "golden"}
AS_OF = ("--as-of", "2026-06-30")

TABULAR = ("table", "json", "markdown", "csv")
EXTENSION = {"table": "txt", "json": "json", "markdown": "md", "csv": "csv", "html": "html"}


def case(base: str, fmt: str, *args: str, env: dict[str, str] | None = None) -> None:
    """The golden file ``BASE.EXT`` holds ``jap ARGS --format FMT``'s standard output (with
    ``env`` added to the environment)."""
    CASES[f"{base}.{EXTENSION[fmt]}"] = (fmt, args)
    if env:
        CASE_ENV[f"{base}.{EXTENSION[fmt]}"] = env


# golden file name -> (format, arguments of jap before --format), and its own environment
CASES: dict[str, tuple[str, tuple[str, ...]]] = {}
CASE_ENV: dict[str, dict[str, str]] = {}
for fmt in TABULAR:
    case("status", fmt, "status", *AS_OF, "--stale-after", "120")
    case("status-by-country", fmt, "status", "--by", "country", *AS_OF)
    case("status-by-lead", fmt, "status", "--by", "lead", *AS_OF)
    case("trend", fmt, "trend", "--every", "quarter", "--since", "2025-01-01", *AS_OF)
    case("changes", fmt, "changes", "--since", "2025-12-31", *AS_OF)
    case("history", fmt, "history", "RG-1", *AS_OF)
for fmt in (*TABULAR, "html"):
    case("report", fmt, "report", *AS_OF, "--stale-after", "120")
for fmt in ("table", "json"):
    case("report-kz", fmt, "report", "--country", "kz", *AS_OF)
# the languages: labels, names, numbers and dates of the human formats
for lang in ("fr", "ru"):
    for fmt in ("table", "markdown"):
        case(f"status-{lang}", fmt, "status", *AS_OF, "--lang", lang)
        case(f"trend-{lang}", fmt, "trend", "--every", "year", *AS_OF, "--lang", lang)
        case(f"changes-{lang}", fmt, "changes", "--since", "2025-12-31", *AS_OF, "--lang", lang)
        case(f"history-{lang}", fmt, "history", "RG-1", *AS_OF, "--lang", lang)
    for fmt in ("table", "markdown", "html"):
        case(f"report-{lang}", fmt, "report", *AS_OF, "--lang", lang)
# the brief (spec section 15), its table at 80 columns
BRIEF = ("brief", "--since", "2025-12-31", "--until", "2026-06-30")
for lang in ("en", "fr", "ru"):
    suffix = "" if lang == "en" else f"-{lang}"
    case(f"brief{suffix}", "table", *BRIEF, "--lang", lang, env={"COLUMNS": "80"})
    case(f"brief{suffix}", "markdown", *BRIEF, "--lang", lang)
case("brief", "json", *BRIEF)
case("brief", "html", *BRIEF)


def golden_path(name: str) -> Path:
    return GOLDEN / name


def stderr_path(name: str) -> Path:
    """What the command wrote on standard error (warnings); absent when it wrote nothing."""
    return GOLDEN / f"{name}.stderr"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    folder = tmp_path / "plans"
    (folder / "journal").mkdir(parents=True)
    (folder / "region.toml").write_text(textwrap.dedent(PLAN_REGION), encoding="utf-8")
    (folder / "joint.toml").write_text(textwrap.dedent(PLAN_JOINT), encoding="utf-8")
    (folder / "journal" / "2025-04.toml").write_text(JOURNAL.lstrip(), encoding="utf-8")
    return folder


@pytest.mark.parametrize("name", sorted(CASES))
def test_output_is_golden(name, workspace, jap, tmp_path, request):
    fmt, args = CASES[name]
    env = ENV | CASE_ENV.get(name, {})
    # run in the folder above the workspace, with a relative --plans: no tmp path in any output
    result = jap(*args, "--format", fmt, "--plans", "plans", env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out, err = golden_path(name), stderr_path(name)
    if request.config.getoption("--update-golden"):
        GOLDEN.mkdir(exist_ok=True)
        out.write_bytes(result.stdout_bytes)
        err.unlink(missing_ok=True)
        if result.stderr_bytes:
            err.write_bytes(result.stderr_bytes)
    assert out.exists(), f"no golden file {out.name}: run pytest with --update-golden"
    assert result.stdout_bytes == out.read_bytes()
    assert result.stderr_bytes == (err.read_bytes() if err.exists() else b"")
    # the same again, answered from the cache that the first run left, and without the cache
    for extra in ({}, {"JAP_NO_CACHE": "1"}):
        again = jap(*args, "--format", fmt, "--plans", "plans", env=env | extra, cwd=tmp_path)
        assert (again.returncode, again.stdout_bytes, again.stderr_bytes) == (
            0,
            result.stdout_bytes,
            result.stderr_bytes,
        ), extra


def test_every_golden_file_has_its_case():
    """A golden file whose case was removed is left behind: remove it too."""
    expected = {golden_path(name).name for name in CASES} | {"README.md"}
    stderr = {p.name for p in GOLDEN.glob("*.stderr")}
    assert stderr <= {stderr_path(name).name for name in CASES}
    assert {p.name for p in GOLDEN.iterdir()} - stderr == expected


def test_the_workspace_is_valid_and_covers_what_it_should(workspace, jap, tmp_path):
    """The fixed workspace is free of problems and exercises each feature named above."""
    import json

    check = jap("check", "--plans", "plans", env=ENV, cwd=tmp_path)
    assert (check.returncode, check.stderr) == (0, ""), check.stderr
    status = json.loads(jap("status", "-f", "json", *AS_OF, "--plans", "plans", env=ENV).stdout)
    assert [c["id"] for c in status["countries"]] == ["KG", "KZ", "UZ"]
    assert status["overall"]["by_status"] == {
        "not_started": 0,
        "in_progress": 3,  # RG-1 (KZ in progress, UZ done), JP-1, JP-2
        "done": 2,  # RG-2, JP-3
        "blocked": 1,  # RG-3
        "cancelled": 1,  # RG-4
    }
    assert status["overall"]["overdue"] == 2  # RG-1 (due 2025-12-31), JP-1 (due 2026-01-15)
    history = json.loads(jap("history", "RG-1", "-f", "json", "--plans", "plans", env=ENV).stdout)
    assert any(u.get("retracted") for u in history["updates"]), history
