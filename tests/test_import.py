"""``jap import SHEET`` (spec section 17): good and bad sheets, .xlsx made here with openpyxl and
.csv with ``,`` and ``;``; every problem at its row, nothing written on error, an existing
``--output`` refused; and the round trip report -> workbook -> import -> the same items."""

from __future__ import annotations

import datetime as dt
import signal
import sys
import textwrap
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jap_tracker.cli import app as cli_app
from jap_tracker.loader import read_plan_file
from jap_tracker.sheets import Sheet, import_sheet

ENV = {"JAP_TODAY": "2024-12-31", "JAP_USER": "tester", "NO_COLOR": "1", "COLUMNS": "120"}


def run(monkeypatch, capsys, *args: object) -> tuple[int, str, str]:
    """``jap ARGS`` in this process: exit code, stdout, stderr."""
    for key, value in ENV.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("JAP_PLANS", raising=False)
    monkeypatch.setattr(sys, "argv", ["jap", *map(str, args)])
    handler = signal.getsignal(signal.SIGTERM)
    try:
        cli_app.main()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    finally:
        signal.signal(signal.SIGTERM, handler)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no ./plans here unless a test makes one


def xlsx(path: Path, rows: list[list[object]], title: str = "Actions") -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for cells in sheet.iter_rows():
        for cell in cells:  # text typed as text, as Excel keeps '=1+1 (formulas: see below)
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    book.save(path)
    return path


def items_of(text: str) -> list:
    parsed = read_plan_file(text.encode("utf-8"), "imported.toml")
    assert parsed.diagnostics == []
    return list(parsed.items)


# ---- good sheets ---------------------------------------------------------------------------

GOOD_ROWS: list[list[object]] = [
    [" ID ", "Title", "title_FR", "title_ru", "PILLAR", "due", "Lead", "countries", "weight",
     "tags", "description", "extra.Budget"],
    ["RM-26-01", "Train prison staff", "Former le personnel", "Обучить персонал", 4,
     dt.datetime(2026, 6, 30), "UNOCT; UNODC", "uz", 2, "prisons;  training ;", None, 15000],
    ["RM-26-02", "=1+1 is not a formula", None, None, "ii", "2026-12-31", None, "KZ; kg", 1.5,
     None, "Line one\nline two", None],
]  # fmt: skip

GOOD_TOML = """\
# Imported with `jap import` from "actions.xlsx", sheet "Actions": 2 items (rows 2 to 3).
# jap never rewrites this file: edit it as you like, then run `jap check`.

[plan]
id = "RM-2026"
title = "Roadmap 2026"

[[item]]
id = "RM-26-01"
title = { en = "Train prison staff", fr = "Former le personnel", ru = "Обучить персонал" }
pillar = "IV"
due = 2026-06-30
lead = ["UNOCT", "UNODC"]
weight = 2
tags = ["prisons", "training"]
countries = ["UZ"]
[item.extra]
Budget = 15000

[[item]]
id = "RM-26-02"
title = "=1+1 is not a formula"
pillar = "II"
due = 2026-12-31
weight = 1.5
countries = ["KZ", "KG"]
description = "Line one\\nline two"
"""


def test_a_good_workbook_becomes_a_plan_file(tmp_path, monkeypatch, capsys):
    sheet = xlsx(tmp_path / "actions.xlsx", GOOD_ROWS)
    code, out, err = run(
        monkeypatch, capsys, "import", sheet.name, "--plan", "RM-2026", "--title", "Roadmap 2026"
    )
    assert (code, err) == (0, "")
    assert out == GOOD_TOML
    first, second = items_of(out)
    assert first.title == {"en": "Train prison staff", "fr": "Former le personnel",
                           "ru": "Обучить персонал"}  # fmt: skip
    assert (first.pillar, first.due, first.lead, first.weight) == (
        "IV",
        dt.date(2026, 6, 30),
        ("UNOCT", "UNODC"),
        2.0,
    )
    assert first.countries == ("UZ",) and first.extra == {"Budget": 15000}
    assert (second.title, second.pillar, second.countries) == (
        {"en": "=1+1 is not a formula"},
        "II",
        ("KZ", "KG"),
    )
    assert second.description == {"en": "Line one\nline two"}


@pytest.mark.parametrize(
    ("delimiter", "bom"), [(",", ""), (";", ""), (";", "\ufeff"), ("\t", "\ufeff")]
)
def test_a_csv_with_either_separator_gives_the_same_plan(
    tmp_path, monkeypatch, capsys, delimiter, bom
):
    rows = [
        ["id", "title", "pillar", "due", "lead", "weight"],
        ["A-1", "Réunion, à Tachkent", "I", "2025-03-01", "UNOCT; OSCE", "1,5"],
        ["A-2", 'Say "yes"; then go', "3", "", "", ""],
    ]
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    sheet = tmp_path / "a.csv"
    sheet.write_bytes((bom + buffer.getvalue()).encode("utf-8"))
    code, out, err = run(monkeypatch, capsys, "import", sheet.name, "--plan", "A", "--title", "A")
    assert (code, err) == (0, "")
    assert out.startswith('# Imported with `jap import` from "a.csv": 2 items (rows 2 to 3).\n')
    one, two = items_of(out)
    assert (one.id, one.title, one.pillar, one.due, one.lead, one.weight) == (
        "A-1",
        {"en": "Réunion, à Tachkent"},
        "I",
        dt.date(2025, 3, 1),
        ("UNOCT", "OSCE"),
        1.5,
    )
    assert (two.id, two.title, two.pillar, two.due, two.lead, two.weight) == (
        "A-2",
        {"en": 'Say "yes"; then go'},
        "III",
        None,
        (),
        1.0,
    )


def test_output_writes_a_new_file_that_passes_check(tmp_path, monkeypatch, capsys):
    sheet = xlsx(tmp_path / "actions.xlsx", GOOD_ROWS)
    folder = tmp_path / "plans"
    folder.mkdir()
    target = folder / "rm-2026.toml"
    code, out, err = run(
        monkeypatch, capsys, "import", sheet.name, "--plan", "RM-2026", "--title", "Roadmap 2026",
        "--output", target,
    )  # fmt: skip
    assert (code, out) == (0, "")
    assert err == f"{target}: plan RM-2026 with 2 items; check it with `jap check`\n"
    assert target.read_text(encoding="utf-8") == GOOD_TOML
    code, out, err = run(monkeypatch, capsys, "check", "--plans", folder)
    assert code == 0, err


def test_an_existing_output_is_refused_and_kept(tmp_path, monkeypatch, capsys):
    sheet = xlsx(tmp_path / "actions.xlsx", GOOD_ROWS)
    target = tmp_path / "plan.toml"
    target.write_text("# mine\n", encoding="utf-8")
    code, out, err = run(
        monkeypatch, capsys, "import", sheet.name, "--plan", "P", "--title", "T", "-o", target
    )
    assert (code, out) == (2, "")
    assert err == (
        f"jap: error: --output: {target} already exists: give the name of a new file\n"
        "hint: see 'jap import --help'\n"
    )
    assert target.read_text(encoding="utf-8") == "# mine\n"


def test_the_workspace_ids_are_taken(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "old.toml").write_text(
        '[plan]\nid = "OLD"\ntitle = "Old"\n\n[[item]]\nid = "RM-26-02"\ntitle = "x"\npillar = 1\n',
        encoding="utf-8",
    )
    sheet = xlsx(tmp_path / "actions.xlsx", GOOD_ROWS)
    code, out, err = run(monkeypatch, capsys, "import", sheet.name, "--plan", "NEW", "--title", "T")
    assert (code, out) == (1, "")  # ./plans is found as every command finds it
    assert err == (
        "actions.xlsx:3: id 'RM-26-02' is already used by plan OLD in the workspace\n"
        "1 error in 1 file\n"
    )
    code, out, err = run(monkeypatch, capsys, "import", sheet.name, "--plan", "OLD", "--title", "T")
    assert (code, out) == (2, "")
    assert err.startswith("jap: error: --plan: plan id 'OLD' is already used by ")
    empty = tmp_path / "empty"
    empty.mkdir()
    code, out, err = run(
        monkeypatch, capsys, "import", sheet.name, "--plan", "OLD", "--title", "T", "--plans", empty
    )
    assert (code, err) == (0, "")


# ---- bad sheets ----------------------------------------------------------------------------


def test_every_problem_of_a_workbook_at_its_row(tmp_path, monkeypatch, capsys):
    rows: list[list[object]] = [
        ["id", "titel", "title", "pillar", "due", "weight", "countries", "TITLE", None],
        ["A-1", "x", "First", "V", dt.datetime(2024, 6, 30, 9, 30), "heavy", "XX; kz", None],
        ["A-1", None, "Second", 2, "30/06/2024", -1, None, None, None],
        [None, None, "Third", "I", 45000, None, None, None, "stray"],
        [],
        ["A 4", None, None, "II", "2024-02-30", 0, "KAZ", None, None],
    ]
    sheet = xlsx(tmp_path / "bad.xlsx", rows)
    target = tmp_path / "out.toml"
    code, out, err = run(
        monkeypatch, capsys, "import", sheet.name, "--plan", "P", "--title", "T", "-o", target
    )
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "bad.xlsx:1: column 'TITLE' in H says again what column C says",
        "bad.xlsx:1: column I has no name in the header row, but row 4 has a value in it",
        "bad.xlsx:1: unknown column 'titel' in B; did you mean 'title'? (columns are named after"
        " the item keys: id, title, pillar, start, due, lead, partners, weight, tags, countries,"
        " description; free-form data: extra.NAME)",
        "bad.xlsx:2: 'countries': 'XX' is not an ISO 3166-1 alpha-2 country code (codes look"
        " like KZ, KG, TJ, TM, UZ) (item 'A-1')",
        "bad.xlsx:2: 'due': 2024-06-30 09:30:00 has a time of day: give a date only",
        'bad.xlsx:2: \'pillar\': must be "I", "II", "III" or "IV" (or 1 to 4), not \'V\''
        " (item 'A-1')",
        "bad.xlsx:2: 'weight': 'heavy' is not a number",
        "bad.xlsx:3: 'due': '30/06/2024' is not a date: write it as YYYY-MM-DD (or make it a"
        " date cell)",
        "bad.xlsx:3: 'weight': must be greater than 0, not -1 (item 'A-1')",
        "bad.xlsx:3: id 'A-1' is already used at row 2: ids must be unique",
        "bad.xlsx:4: 'due': 45000 is a number: make the cell a date, or write YYYY-MM-DD",
        "bad.xlsx:4: missing required key 'id' in [[item]]",
        "bad.xlsx:6: 'countries': 'KAZ' is not an ISO 3166-1 alpha-2 country code (did you mean"
        " KZ?) (codes look like KZ, KG, TJ, TM, UZ) (item 'A 4')",
        "bad.xlsx:6: 'due': '2024-02-30' is not a real date",
        "bad.xlsx:6: 'id': 'A 4' is not a valid id: use only letters, digits, '.', '_' and '-'"
        " (item 'A 4')",
        "bad.xlsx:6: 'weight': must be greater than 0, not 0 (item 'A 4')",
        "bad.xlsx:6: missing required key 'title' in [[item]] (item 'A 4')",
        "17 errors in 1 file",
    ]
    assert not target.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.xlsx"]


def test_formulas_give_the_value_excel_computed(tmp_path, monkeypatch, capsys):
    """A formula's last computed value is the cell's value; a formula that no program has
    computed (the workbook was written by a program, never opened in Excel) is a problem."""
    path = xlsx(tmp_path / "f.xlsx", [["id", "title", "pillar", "title_fr"]])
    book = openpyxl.load_workbook(path)
    book.active.append(["A", '=UPPER("computed")', "I", '=LOWER("X")'])
    book.active.append(["B", '=UPPER("never")', "II", None])
    book.save(path)
    import zipfile

    with zipfile.ZipFile(path) as archive:  # as Excel saves it: the value beside the formula
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet_xml = "xl/worksheets/sheet1.xml"
    parts[sheet_xml] = parts[sheet_xml].replace(
        b'<c r="B2"><f>UPPER("computed")</f><v /></c>',
        b'<c r="B2" t="str"><f>UPPER("computed")</f><v>COMPUTED</v></c>',
    )
    assert b"<v>COMPUTED</v>" in parts[sheet_xml]
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    code, out, err = run(monkeypatch, capsys, "import", path.name, "--plan", "P", "--title", "T")
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "f.xlsx:2: 'title_fr': the cell holds a formula with no computed value (=LOWER(\"X\")):"
        " open and save the sheet in Excel, or type the value",
        "f.xlsx:3: 'title': the cell holds a formula with no computed value (=UPPER(\"never\")):"
        " open and save the sheet in Excel, or type the value",
        "2 errors in 1 file",
    ]  # and no "missing title" for row 3: its cell was the problem


def test_a_missing_column_is_told_once(tmp_path, monkeypatch, capsys):
    sheet = tmp_path / "a.csv"
    sheet.write_text("id;title\nA;x\nB;y\n", encoding="utf-8")
    code, out, err = run(monkeypatch, capsys, "import", sheet.name, "--plan", "P", "--title", "T")
    assert (code, out) == (1, "")
    assert err == "a.csv:1: no 'pillar' column: every item needs one\n1 error in 1 file\n"


def test_an_item_start_column_becomes_the_item_start_key(tmp_path, monkeypatch, capsys):
    """``start`` is an item key of spec section 12: a column of that name is imported as it."""
    sheet = tmp_path / "a.csv"
    sheet.write_text("id,title,pillar,start\nA,x,1,2024-01-01\nB,y,2,2024-02-01\n", "utf-8")
    code, out, err = run(monkeypatch, capsys, "import", sheet.name, "--plan", "P", "--title", "T")
    assert code == 0 and "start = 2024-01-01" in out and "start = 2024-02-01" in out


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("e.csv", b"", "e.csv:1: the sheet is empty: give it a header row (id, title, pillar,"
         " ...) and a row per item"),
        ("e.csv", b"\n ,, \n", "e.csv:1: the sheet is empty: give it a header row (id, title,"
         " pillar, ...) and a row per item"),
        ("h.csv", b"\nid,title,pillar\n,,\n", "h.csv:2: no items: the sheet has a header row but"
         " no row below it"),
        ("l.csv", b"id,title,pillar\nA,caf\xe9,I\n", 'l.csv:2: not UTF-8 text (byte 0xE9): save'
         ' the sheet as "CSV UTF-8", or as .xlsx'),
        ("z.xlsx", b"id,title,pillar\n", "z.xlsx:1: cannot be read as an Excel workbook (.xlsx):"
         " File is not a zip file"),
    ],
)  # fmt: skip
def test_empty_or_unreadable_sheets(tmp_path, monkeypatch, capsys, name, data, message):
    sheet = tmp_path / name
    sheet.write_bytes(data)
    code, out, err = run(monkeypatch, capsys, "import", sheet.name, "--plan", "P", "--title", "T")
    assert (code, out) == (1, "")
    assert err == message + "\n1 error in 1 file\n"


def test_an_empty_workbook(tmp_path, monkeypatch, capsys):
    sheet = xlsx(tmp_path / "e.xlsx", [])
    code, out, err = run(monkeypatch, capsys, "import", sheet.name, "--plan", "P", "--title", "T")
    assert (code, out) == (1, "")
    assert err.startswith("e.xlsx:1: the sheet is empty")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nowhere.csv", "--plan", "P", "--title", "T"], "SHEET: nowhere.csv: no such file"),
        (["old.xls", "--plan", "P", "--title", "T"],
         "SHEET: 'old.xls' is neither .xlsx nor .csv: save the sheet in one of these"),
        (["a.csv", "--plan", "P 1", "--title", "T"],
         "--plan: 'id': 'P 1' is not a valid id: use only letters, digits, '.', '_' and '-'"),
        (["a.csv", "--plan", "P", "--title", "  "], "--title: 'title': must not be empty"),
    ],
)  # fmt: skip
def test_command_line_problems_are_exit_2(tmp_path, monkeypatch, capsys, args, message):
    (tmp_path / "a.csv").write_text("id,title,pillar\nA,x,1\n", encoding="utf-8")
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    code, out, err = run(monkeypatch, capsys, "import", *args)
    assert (code, out, err) == (2, "", f"jap: error: {message}\nhint: see 'jap import --help'\n")


def test_the_command_is_named_import():
    callback = cli_app.app.find("import")
    assert callback is not None and callback.__name__ == "import_"
    assert "import" in [c.name for c in cli_app.app.registered_commands]


def test_a_command_may_be_given_its_name():
    from jap_tracker.cli.decl import App

    app = App({"list": "nowhere", "show-all": "nowhere"})

    @app.command("list")
    def list_() -> None:
        """List."""

    @app.command()
    def show_all() -> None:
        """Show."""

    assert app.find("list") is list_ and app.find("show-all") is show_all
    with pytest.raises(LookupError):
        app.command()(list_)  # "list-" is no command of the app


# ---- the round trip --------------------------------------------------------------------------

WORKSPACE = """
[plan]
id = "RT"
title = "Round trip"
countries = ["KZ", "KG", "UZ"]

[[item]]
id = "RT-1"
title = { en = "Hold the conference", fr = "Tenir la conférence" }
pillar = "I"
due = 2025-05-31
lead = ["UNOCT", "UNRCCA"]
weight = 2.5

[[item]]
id = "RT-2"
title = "=SUM(A1:A2) is a title"
pillar = 3
countries = ["uz"]
weight = 0.5

[[item]]
id = "RT-3"
title = "Regional, tracked as a whole"
pillar = "IV"
countries = []
partners = ["OSCE"]
"""


def test_report_to_workbook_to_import_gives_the_same_items(tmp_path, monkeypatch, capsys):
    source = tmp_path / "plans"
    source.mkdir()
    (source / "rt.toml").write_text(textwrap.dedent(WORKSPACE), encoding="utf-8")
    code, out, err = run(
        monkeypatch, capsys, "update", "RT-1", "--progress", "40", "--date", "2024-06-01",
        "--plans", source,
    )  # fmt: skip
    assert code == 0, err
    workbook = tmp_path / "report.xlsx"
    code, out, err = run(monkeypatch, capsys, "report", "--plans", source, "-o", workbook)
    assert code == 0, err
    elsewhere = tmp_path / "new"
    elsewhere.mkdir()
    target = elsewhere / "rt.toml"
    code, out, err = run(
        monkeypatch, capsys, "import", workbook.name, "--plan", "RT", "--title", "Round trip",
        "--plans", elsewhere, "-o", target,
    )  # fmt: skip
    assert code == 0, err
    text = target.read_text(encoding="utf-8")
    assert text.startswith(
        '# Imported with `jap import` from "report.xlsx", sheet "items": 3 items (rows 2 to 4).\n'
        "# Left out: the figures of a jap report (plan, status, progress, completion, overdue, "
        "stale,\n# coverage_done, coverage_of, last_update_date, last_update_by, "
        "last_update_note, extra).\n"
    )
    original = items_of((source / "rt.toml").read_text(encoding="utf-8"))
    imported = items_of(text)

    def essentials(item) -> tuple:
        english = item.title.get("en")
        return (item.id, english, item.pillar, item.due, item.lead, item.weight, item.countries)

    assert [essentials(i) for i in imported] == [essentials(i) for i in original]
    assert [i.countries for i in imported] == [("KZ", "KG", "UZ"), ("UZ",), ()]
    code, out, err = run(monkeypatch, capsys, "check", "--plans", elsewhere)
    assert code == 0, err


# ---- the library, as a property ------------------------------------------------------------

ids = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,11}", fullmatch=True)
texts = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30).filter(
    lambda t: t.strip() == t and t
)
rows = st.lists(
    st.tuples(
        ids,
        texts,
        st.sampled_from(["I", "II", "III", "IV", "1", "2", "3", "4", "iv"]),
        st.none() | st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31)),
        st.lists(texts.filter(lambda t: ";" not in t), max_size=3),
        st.none() | st.floats(0.01, 1000, allow_nan=False, allow_infinity=False),
    ),
    min_size=1,
    max_size=8,
    unique_by=lambda row: row[0],
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows)
def test_any_valid_rows_load_to_the_same_items(generated):
    header = ("id", "title", "pillar", "due", "lead", "weight")
    sheet = Sheet(
        "s.xlsx",
        "Sheet1",
        [(1, header)]
        + [
            (n, (i, t, p, d, "; ".join(lead), w))
            for n, (i, t, p, d, lead, w) in enumerate(generated, 2)
        ],
    )
    imported = import_sheet(sheet, "P", "T")
    assert imported.diagnostics == [] and imported.text is not None
    loaded = items_of(imported.text)
    pillars = {"1": "I", "2": "II", "3": "III", "4": "IV", "iv": "IV"}
    assert [(i.id, i.title, i.pillar, i.due, i.lead, i.weight) for i in loaded] == [
        (i, {"en": t}, pillars.get(p, p), d, tuple(lead), 1.0 if w is None else w)
        for i, t, p, d, lead, w in generated
    ]
