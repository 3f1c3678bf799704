"""jap report shows each item's indicators (title, actual / target, unit) and its last note's
evidence as a link, in the table, Markdown and HTML (spec section 5)."""

from __future__ import annotations

PLAN = """
[plan]
id = "P"
title = "A plan"

[[item]]
id = "P-01"
title = "Train officers"
pillar = "I"

[[item.indicator]]
id = "trained"
title = "Officers trained"
unit = "people"
target = 200
"""


def _workspace(write_plans, jap):
    folder = write_plans(**{"p.toml": PLAN})
    ran = jap(
        "update",
        "P-01",
        "--plans",
        folder,
        "--date",
        "2026-11-01",
        "--indicator",
        "trained=50",
        "--note",
        "Half done",
        "--evidence",
        "https://example.org/a_(b)|c",
        env={"JAP_TODAY": "2026-11-30"},
    )
    assert ran.returncode == 0, ran.stderr
    return folder


def _report(jap, folder, *args):
    ran = jap("report", "--plans", folder, "--as-of", "2026-11-30", *args, env={"COLUMNS": "80"})
    assert ran.returncode == 0, ran.stderr
    return ran.stdout


def test_the_table_shows_indicator_note_and_evidence(write_plans, jap):
    text = _report(jap, _workspace(write_plans, jap))
    assert "Officers trained: 50 / 200 people" in text  # 50 of 200: a bar a quarter long
    assert "Half done" in text and "https://example.org/a_(b)|c" in text
    assert "\x1b" not in text  # no hyperlink escape where the output is not a terminal


def test_markdown_links_the_evidence_with_its_address_encoded(write_plans, jap):
    text = _report(jap, _workspace(write_plans, jap), "--format", "markdown")
    assert "| Indicators |" in text
    assert "Officers trained: 50 / 200 people" in text
    assert "(https://example.org/a_%28b%29%7Cc)" in text


def test_html_links_only_web_addresses(write_plans, jap):
    text = _report(jap, _workspace(write_plans, jap), "--format", "html")
    assert '<a href="https://example.org/a_(b)|c" rel="noopener noreferrer">' in text
    assert "Officers trained: 50 / 200 people" in text


def test_other_schemes_are_not_links():
    from jap_tracker.render.view import linkable

    assert linkable("https://un.org/x") and linkable("HTTP://un.org")
    assert not linkable("javascript:alert(1)") and not linkable("https://a b")
