"""Numbers bounded where they enter (issue "Hostile surroundings", points 6 and 7): an integer of
more digits than Python converts, an infinity, or a number beyond ±10^15, in a plan file, a
journal line or on the command line, is a located error; every renderer formats every number
that is accepted.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from jap_tracker.journal import parse_journal_file

TODAY = {"JAP_TODAY": "2026-11-30"}
PLAN = """[plan]
id = "P"
title = "Plan"

[[item]]
id = "P-1"
title = "First"
pillar = "I"
weight = {weight}

[[item.indicator]]
id = "k"
title = "k"
baseline = {baseline}
target = {target}
"""
HUGE_INT = "1" * 5000  # beyond Python's 4,300 digits for int(str)


def workspace(tmp_path: Path, weight="1", baseline="0", target="10") -> Path:
    folder = tmp_path / "plans"
    folder.mkdir(exist_ok=True)
    text = PLAN.format(weight=weight, baseline=baseline, target=target)
    (folder / "p.toml").write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("field", "value", "line", "message"),
    [
        ("weight", HUGE_INT, 9, "a number with more than 4,300 digits"),
        ("target", HUGE_INT, 15, "a number with more than 4,300 digits"),
        ("weight", "1e400", 9, "'weight': must be a finite number"),
        ("baseline", "-1e400", 14, "'baseline': must be a finite number"),
        ("weight", "1e16", 9, "'weight': is too large: numbers must be between -10^15 and 10^15"),
        ("target", "2e15", 15, "'target': is too large"),
        ("baseline", "-1_000_000_000_000_001", 14, "'baseline': is too large"),
    ],
)
def test_a_huge_number_in_a_plan_is_a_located_error(tmp_path, jap, field, value, line, message):
    folder = workspace(tmp_path, **{field: value})
    ran = jap("check", "--plans", folder, env=TODAY)
    assert ran.returncode == 1
    assert ran.stderr.startswith(f"plans/p.toml:{line}:")
    assert message in ran.stderr
    assert "internal error" not in ran.stderr


def test_the_bound_itself_is_accepted(tmp_path, jap):
    folder = workspace(tmp_path, weight="1e15", baseline="-1e15", target="1e15")
    assert jap("check", "--plans", folder, env=TODAY).returncode == 0


RECORD = (
    'u20261130T000000000000-0000000{n} = {{ item = "P-1", date = 2026-11-01, '
    'indicators = {{ k = {value} }}, by = "t", recorded = 2026-11-30T00:00:00Z }}'
)


@pytest.mark.parametrize("value", [HUGE_INT, "1e26", "-1e400"])
def test_a_huge_number_in_a_journal_line_is_a_located_problem(value):
    good = RECORD.format(n=1, value="5")
    data = f"{good}\n{RECORD.format(n=2, value=value)}\n".encode()
    updates, _, diagnostics = parse_journal_file(data, "journal/2026-11.toml")
    assert len(updates) == 1  # the good record is kept
    assert [(d.path, d.line) for d in diagnostics] == [("journal/2026-11.toml", 2)]


def test_an_indicator_value_beyond_the_bound_is_refused(tmp_path, jap):
    folder = workspace(tmp_path)
    ran = jap("update", "P-1", "--indicator", "k=1e26", "--plans", folder, env=TODAY)
    assert ran.returncode == 2
    assert ran.stderr == (
        "jap: error: --indicator: '1e26' is too large: numbers must be between -10^15 and 10^15\n"
        "hint: see 'jap update --help'\n"
    )
    assert not (folder / "journal").exists() or not any((folder / "journal").glob("*.toml"))


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv", "json"])
@pytest.mark.parametrize("lang", ["en", "fr", "ru"])
def test_every_renderer_formats_a_value_at_the_bound(tmp_path, jap, fmt, lang):
    folder = workspace(tmp_path, baseline="-1e15", target="1e15")
    for value in ("1e15", "-1e15", "0.000001"):
        done = jap("update", "P-1", "--indicator", f"k={value}", "--plans", folder, env=TODAY)
        assert done.returncode == 0, done.stderr
    for command in (("history", "P-1"), ("status",), ("report",)):
        if command[0] == "report" and fmt == "csv":
            continue
        ran = jap(*command, "--format", fmt, "--lang", lang, "--plans", folder, env=TODAY)
        assert ran.returncode == 0, (command, ran.stderr)
        assert "internal error" not in ran.stderr
