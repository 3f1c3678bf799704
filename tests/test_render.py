"""The renderer table (render/__init__.py) and the views (render/view.py): every kind and format
the command line offers is in the table and renders; a table is decided once, so what its view
holds is what the terminal, Markdown and HTML show."""

from __future__ import annotations

import ast
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import jap_tracker
from jap_tracker.brief import build_brief
from jap_tracker.cli.check import CheckFormat
from jap_tracker.cli.options import (
    BriefFormat,
    Format,
    ReportFormat,
    StatusFormat,
)
from jap_tracker.diagnostics import Diagnostic
from jap_tracker.model import Item, Plan, Retraction, Update, Workspace
from jap_tracker.progress import replay
from jap_tracker.render import RENDERERS, render, renderer, view_time
from jap_tracker.render import view as views
from jap_tracker.render.checkfmt import CheckResult
from jap_tracker.render.labels import Labels
from jap_tracker.report import Filters, build_items, build_status
from jap_tracker.timeline import build_changes, build_history, build_trend

AS_OF = dt.date(2024, 3, 31)

# What each command shows, and the formats its --format offers.
OFFERED = {
    "status": StatusFormat,
    "status-by-country": StatusFormat,  # jap status --by country
    "status-by-lead": StatusFormat,  # jap status --by lead
    "report": ReportFormat,
    "trend": Format,
    "changes": Format,
    "history": Format,
    "brief": BriefFormat,
    "check": CheckFormat,
}


def item(ident: str, pillar: str, countries: tuple[str, ...] = (), **fields: Any) -> Item:
    base = dict(
        id=ident, plan="P", title={"en": f"{ident} <b>*x*</b>"}, pillar=pillar, due=None,
        lead=("UNOCT",), partners=(), weight=1.0, tags=(), description=None, indicators=(),
        countries=countries, extra={}, lang="en",
    )  # fmt: skip
    return Item(**{**base, **fields})


def update(n: int, ident: str, day: dt.date, **fields: Any) -> Update:
    recorded = dt.datetime(2024, 1, 1, tzinfo=dt.UTC) + dt.timedelta(seconds=n)
    return Update(f"u{n}", ident, day, recorded, "Ana | *B*", **fields)


ITEMS = (
    item("A", "I", due=dt.date(2024, 2, 1)),  # overdue: in progress after its due date
    item("B", "II", ("KZ", "KG")),
    item("C", "III", extra={"cost": 5}),
)
PLAN = Plan("P", {"en": "Plan [one]"}, "p.toml", None, None, (), None, None, (), "en", ("A",))
WORKSPACE = Workspace((PLAN._replace(items=("A", "B", "C")),), ITEMS)
UPDATES = [
    update(1, "A", dt.date(2024, 1, 10), progress=40.0, note="first"),
    update(2, "B", dt.date(2024, 2, 5), status="done", countries=("KZ",)),
    update(3, "C", dt.date(2024, 3, 1), status="done", note="wrong"),
]
GONE = {"u3": Retraction("x1", "u3", dt.datetime(2024, 3, 2, tzinfo=dt.UTC), "Bo", "typo")}


def values() -> dict[str, Any]:
    """One report value of each kind, from the workspace above as of AS_OF."""
    live = UPDATES[:2]  # u3 is retracted
    figures = replay(ITEMS, live, AS_OF)
    status = build_status(WORKSPACE, figures, AS_OF, "en")
    return {
        "status": status,
        "status-by-country": status,
        "status-by-lead": status,
        "report": build_items(WORKSPACE, figures, AS_OF, Filters(), "en", stale_after=30),
        "trend": build_trend(WORKSPACE, live, "month", AS_OF),
        "changes": build_changes(WORKSPACE, live, dt.date(2024, 1, 31), AS_OF),
        "history": build_history(ITEMS[2], UPDATES, GONE),
        "brief": build_brief(
            WORKSPACE, live[:1], live, dt.date(2024, 1, 31), AS_OF, 90, Filters(), "en"
        ),
        "check": CheckResult((Diagnostic("p.toml", 3, 1, "unknown-key", "unknown key"),), ()),
    }


def test_the_table_holds_exactly_what_the_command_line_offers():
    offered = {(kind, str(f)) for kind, formats in OFFERED.items() for f in formats}
    assert set(RENDERERS) == offered
    for kind, format in offered:
        assert callable(renderer(kind, format)), (kind, format)


@pytest.mark.parametrize("lang", ["en", "fr", "ru"])
@pytest.mark.parametrize(("kind", "format"), sorted(RENDERERS))
def test_every_kind_renders_in_every_format(kind: str, format: str, lang: str):
    text = render(kind, values()[kind], format, lang)
    if format == "xlsx":  # a workbook: a zip archive (its cells: tests/test_xlsx.py)
        assert isinstance(text, bytes) and text.startswith(b"PK")
        return
    assert isinstance(text, str) and text.endswith("\n") and text.strip()
    if format == "json":
        assert json.loads(text)["schema_version"] == 1
    if format == "html":
        assert text.startswith("<!DOCTYPE html>") and f'<html lang="{lang}">' in text


def test_nothing_is_imported_before_a_renderer_is_used():
    """jap status --format json must not load Rich nor the human renderers: the table names
    its functions and render/__init__.py imports none of the package at the top."""
    path = Path(jap_tracker.__file__).parent / "render" / "__init__.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            assert not (node.module or "").startswith("jap_tracker"), node.module
        if isinstance(node, ast.Import):
            assert not any(a.name.startswith(("jap_tracker", "rich")) for a in node.names)
    for (kind, format), target in RENDERERS.items():
        module = target.split(".")[0]
        if kind == "check":  # plain text in every format, no Rich: one small module
            assert module == "checkfmt", target
            continue
        assert (module in {"jsonfmt", "csvfmt"}) == (format in {"json", "csv"}), target


def test_a_terminal_table_without_console_is_120_columns_and_plain():
    text = render("status", values()["status"], "table", "en")
    assert "\x1b" not in text
    assert {len(line) for line in text.splitlines() if line.strip()} <= set(range(121))


def test_the_plan_table_is_one_decision_drawn_three_ways():
    plans = views.plans(values()["status"], Labels("en"))
    headings = [c.heading for c in plans.columns]
    assert headings == [
        "Plan", "I", "II", "III", "IV", "Completion", "Rating", "Items", "Done", "Overdue",
    ]  # fmt: skip
    # A: 40 % of 1; B: KZ done, KG not started: 0.5; C: not started (its update is retracted)
    # P: (0.4 + 0.5 + 0) / 3 = 30 %, 3 items, 0 done, A overdue
    (row,) = plans.rows
    assert [s.text for s in row.cells[0]] == ["P", "Plan [one]"]
    assert [c[0].text for c in row.cells[1:]] == [
        "40.0%", "50.0%", "0.0%", "—", "30.0%", "—", "3", "0", "1"]  # fmt: skip
    # no item has a start (nor its plan): nothing is rated, the Rating says "—"
    assert row.cells[5][0].mark == "strong" and row.cells[9][0].mark == "overdue-count"
    status = values()["status"]
    terminal = render("status", status, "table", "en")
    assert "Done" in terminal and "P Plan [one]" in terminal
    markdown = render("status", status, "markdown", "en")
    assert "| Plan | I | II | III | IV | Completion | Rating | Items | Done | Overdue |" in markdown
    assert "| P Plan \\[one\\] | 40.0% | 50.0% | 0.0% | — | **30.0%** | — | 3 | 0 | 1 |" in markdown
    page = render("report", values()["report"], "html", "en")
    assert (
        '<tr><td class="id" data-label="Plan">P</td><td data-label="Title">Plan [one]</td>'
        '<td class="num" data-label="I">40.0%</td><td class="num" data-label="II">50.0%</td>'
        '<td class="num" data-label="III">0.0%</td><td class="num" data-label="IV">—</td>'
        '<td class="num" data-label="Completion"><b>30.0%</b></td><td data-label="Rating">—</td>'
        '<td class="num" data-label="Items">3</td><td class="num" data-label="Done">0</td>'
        '<td class="num" data-label="Overdue">1</td></tr>'
    ) in page


def test_markdown_escapes_file_text_and_not_its_own_figures():
    markdown = render("changes", values()["changes"], "markdown", "en")
    # the note and the name come from files; "+50.0 pts" and the labels are jap's own
    assert "| Ana \\| \\*B\\* |" in markdown
    assert "| II | 0.0% | 50.0% | +50.0 pts |" in markdown  # B: 0 on 31 Jan, 0.5 after 5 Feb


def test_item_flags_have_one_place_in_every_format():
    report = values()["report"]
    a = views.items(report, Labels("en")).rows[0]
    # A: due 1 Feb, in progress on 31 Mar: overdue; last update 10 Jan, 81 days > 30: stale
    assert a.flags == ("overdue", "stale")
    assert [(s.text, s.mark) for s in a.cells[7]] == [("2024-02-01", ""), ("overdue", "overdue")]
    assert [s.mark for s in a.cells[10]] == ["", "stale"]  # after Lead and Indicators
    markdown = render("report", report, "markdown", "en")
    assert (
        "| 2024-02-01 **overdue** | UNOCT |  | 2024-01-10 Ana \\| \\*B\\*: first **stale** |"
        in (markdown)
    )
    page = render("report", report, "html", "en")
    assert (
        '<td data-label="Due">2024-02-01<span class="flag">overdue</span></td>'
        '<td class="wide" data-label="Lead">UNOCT</td>'
        '<td class="wide" data-label="Indicators"></td>'
        '<td class="wide" data-label="Last update">2024-01-10 Ana | *B*: first'
        '<span class="flag stale">stale</span></td>'
    ) in page
    terminal = render("report", report, "table", "en")
    assert "overdue" in terminal and "stale" in terminal


def test_a_retracted_update_is_struck_with_who_withdrew_it():
    history = view_time.history(values()["history"], Labels("en"))
    (row,) = history.rows
    assert {s.mark for cell in row.cells[:-1] for s in cell} == {"struck"}
    assert [(s.text, s.mark) for s in row.cells[-1]] == [
        ("wrong", "struck"),
        ("retracted by ", "retraction"),
        ("Bo", "retraction"),
        ("", "retraction"),
        (": typo", "retraction-note"),
    ]
    markdown = render("history", values()["history"], "markdown", "en")
    assert "| ~~wrong~~ **retracted by Bo**: typo |" in markdown
    assert "wrong [retracted by Bo: typo]" in render("history", values()["history"], "table", "en")


def test_an_empty_table_says_so():
    report = build_items(
        WORKSPACE, replay(ITEMS, [], AS_OF), AS_OF, Filters(statuses=("blocked",)), "en"
    )
    for format in ("table", "markdown", "html"):
        assert "No item matches these filters." in render("report", report, format, "en")


cells = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),  # nan, inf and -0.0 included
    st.sampled_from(["", "=1+1", "-3", "KZ", "a\x1bb", "note, with\nbreak", "\u202eX"]),
    st.text(max_size=8),
    st.dates(),
)


@given(st.lists(st.lists(cells, min_size=3, max_size=3), max_size=12))
def test_csv_rows_each_cell_safe(rows: list[list[object]]) -> None:
    """write_rows (each text made safe once, floats by repr) writes what safe() says, cell by
    cell, whatever repeats."""
    import csv
    import io

    from jap_tracker.render.csvfmt import safe, write_rows

    expected = io.StringIO()
    writer = csv.writer(expected, lineterminator="\n")
    writer.writerows([["a", "b", "c"], *[[safe(cell) for cell in row] for row in rows + rows]])
    assert write_rows(["a", "b", "c"], rows + rows) == expected.getvalue()
