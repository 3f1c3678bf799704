"""``--format xlsx`` (spec section 17): workbooks opened with openpyxl and checked cell by cell
against the CSV of the same report; ``--output`` choosing the format by its extension (spec
section 5); and the bytes path of the atomic writer."""

from __future__ import annotations

import csv
import datetime as dt
import io
import signal
import sys
import textwrap
import zipfile
from pathlib import Path

import openpyxl
import pytest

from jap_tracker.cli import app as cli_app
from jap_tracker.cli import output as cli_output

PLAN = """
[plan]
id = "P"
title = "Plan P"
countries = ["KZ", "UZ"]

[[item]]
id = "P-1"
title = "=1+1"
pillar = "I"
due = 2024-06-30
weight = 3
lead = ["UNOCT", "UNRCCA"]

[[item]]
id = "P-2"
title = '=HYPERLINK("http://example.org","click")'
pillar = "II"
countries = []

[[item]]
id = "P-3"
title = "#N/A and a \\u001b[31m red escape"
pillar = "II"
due = 2026-01-15
"""
OTHER = """
[plan]
id = "Q"
title = "@SUM(A1:A9)"

[[item]]
id = "Q-1"
title = "Одна задача с длинным названием, которое шире любой колонки из цифр"
pillar = "IV"
"""
ENV = {"JAP_TODAY": "2024-12-31", "JAP_USER": "tester", "NO_COLOR": "1", "COLUMNS": "120"}


def run(monkeypatch, capsys, *args: object) -> tuple[int, str, str]:
    """``jap ARGS`` in this process: exit code, stdout, stderr."""
    for key, value in ENV.items():
        monkeypatch.setenv(key, value)
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


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch, capsys) -> Path:
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "p.toml").write_text(textwrap.dedent(PLAN), encoding="utf-8")
    (folder / "q.toml").write_text(textwrap.dedent(OTHER), encoding="utf-8")
    for args in [
        ("P-1", "--progress", "50", "--date", "2024-03-01", "--note", "=cmd|' /C calc'!A0"),
        ("P-2", "--progress", "80", "--date", "2024-04-01"),
        ("P-3", "--country", "KZ", "--status", "blocked", "--date", "2024-05-02"),
    ]:
        code, _out, err = run(monkeypatch, capsys, "update", *args, "--plans", folder)
        assert code == 0, err
    return folder


def workbook(path: Path) -> openpyxl.Workbook:
    assert path.read_bytes()[:2] == b"PK"  # a zip: an Office Open XML file
    return openpyxl.load_workbook(path)


def csv_rows(monkeypatch, capsys, *args: object) -> list[list[str]]:
    code, out, err = run(monkeypatch, capsys, *args, "--format", "csv")
    assert code == 0, err
    return list(csv.reader(io.StringIO(out)))


def values(sheet) -> list[list[object]]:
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def same_as_csv(sheet, rows: list[list[str]]) -> None:
    """Every cell holds what the CSV says, typed: numbers as numbers, empty as empty, booleans
    as booleans, dates as dates, text as the same text (without the CSV's formula guard)."""
    got = values(sheet)
    assert got[0] == rows[0]
    assert len(got) == len(rows)
    for row_cells, row_text in zip(got[1:], rows[1:], strict=True):
        for cell, text in zip(row_cells, row_text, strict=True):
            if text == "":
                assert cell is None
            elif text in ("true", "false"):
                assert cell is (text == "true")
            elif isinstance(cell, dt.datetime):
                assert cell.date().isoformat() == text
            elif isinstance(cell, int | float):
                assert cell == pytest.approx(float(text))
            else:
                assert isinstance(cell, str)
                assert text in (cell, "'" + cell)


def no_formula_anywhere(path: Path) -> None:
    book = openpyxl.load_workbook(path)
    for sheet in book:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)


def test_status_workbook_holds_the_csv_tables_typed(workspace, tmp_path, monkeypatch, capsys):
    target = tmp_path / "status.xlsx"
    code, out, err = run(
        monkeypatch, capsys, "status", "--plans", workspace, "--as-of", "2025-01-01", "-o", target
    )
    assert (code, out, err) == (0, "", "")
    book = workbook(target)
    assert book.sheetnames == ["status", "by_country"]
    common = ("status", "--plans", workspace, "--as-of", "2025-01-01")
    same_as_csv(book["status"], csv_rows(monkeypatch, capsys, *common))
    same_as_csv(book["by_country"], csv_rows(monkeypatch, capsys, *common, "--by", "country"))
    status = book["status"]
    overall = [c for c in status[2]]
    # P-1 0.5 (weight 3), P-2 0.8, P-3: KZ blocked 0, UZ 0 -> 0, Q-1 0: (1.5 + 0.8) / 6
    assert overall[0].value == "overall"
    assert overall[5].value == pytest.approx(2.3 / 6)
    assert overall[5].number_format == "0.0%"
    assert overall[6].value == 4 and overall[6].data_type == "n"
    plan_q = next(row for row in status.iter_rows() if row[1].value == "Q")
    assert plan_q[4].value == "@SUM(A1:A9)" and plan_q[4].data_type == "s"
    for sheet in book:
        assert sheet.freeze_panes == "A2"
        last = openpyxl.utils.get_column_letter(sheet.max_column)
        assert sheet.auto_filter.ref == f"A1:{last}{sheet.max_row}"
        for cell in sheet[1]:
            assert cell.font.bold and cell.data_type == "s"
    no_formula_anywhere(target)


def test_by_country_comes_first_with_by_country(workspace, tmp_path, monkeypatch, capsys):
    target = tmp_path / "c.xlsx"
    code, _out, err = run(
        monkeypatch, capsys, "status", "--plans", workspace, "--by", "country", "-o", target
    )
    assert code == 0, err
    assert workbook(target).sheetnames == ["by_country", "status"]


def test_no_country_sheet_without_countries(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "q.toml").write_text(textwrap.dedent(OTHER), encoding="utf-8")
    target = tmp_path / "s.xlsx"
    code, _out, err = run(monkeypatch, capsys, "status", "--plans", folder, "-o", target)
    assert code == 0, err
    assert workbook(target).sheetnames == ["status"]
    # asked for, the table is there as in CSV: the pillar totals and overall, with no item
    by = ("status", "--plans", folder, "--by", "country")
    code, _out, err = run(monkeypatch, capsys, *by, "-o", target)
    assert code == 0, err
    book = workbook(target)
    assert book.sheetnames == ["by_country", "status"]
    same_as_csv(book["by_country"], csv_rows(monkeypatch, capsys, *by))
    assert [c.value for c in book["by_country"]["A"]] == ["scope", *["pillar"] * 4, "overall"]


def test_stale_after_adds_the_csv_column(workspace, tmp_path, monkeypatch, capsys):
    target = tmp_path / "s.xlsx"
    args = ("status", "--plans", workspace, "--stale-after", "30")
    code, _out, err = run(monkeypatch, capsys, *args, "-o", target)
    assert code == 0, "stale" in err
    sheet = workbook(target)["status"]
    assert sheet.cell(1, sheet.max_column).value == "stale"
    same_as_csv(sheet, csv_rows(monkeypatch, capsys, *args))


def test_report_workbook_items_then_summary(workspace, tmp_path, monkeypatch, capsys):
    target = tmp_path / "report.xlsx"
    args = ("report", "--plans", workspace, "--as-of", "2025-01-01")
    code, out, err = run(monkeypatch, capsys, *args, "--format", "xlsx", "--output", target)
    assert (code, out, err) == (0, "", "")
    book = workbook(target)
    assert book.sheetnames == ["items", "summary"]
    items = book["items"]
    same_as_csv(items, csv_rows(monkeypatch, capsys, *args))
    header = [c.value for c in items[1]]
    row = {name: cell for name, cell in zip(header, items[2], strict=True)}  # P-1
    assert row["id"].value == "P-1"
    assert row["title"].value == "=1+1" and row["title"].data_type == "s"
    assert row["completion"].value == 0.5 and row["completion"].number_format == "0.0%"
    assert row["progress"].value is None  # an item with countries: per country (spec §9)
    assert row["weight"].value == 3
    assert row["due"].value == dt.datetime(2024, 6, 30)
    assert row["due"].number_format == "yyyy-mm-dd" and row["due"].is_date
    assert row["last_update_date"].value == dt.datetime(2024, 3, 1)
    assert row["overdue"].value is True and row["overdue"].data_type == "b"
    assert row["lead"].value == "UNOCT; UNRCCA"
    assert row["countries"].value == "KZ UZ"
    assert row["last_update_note"].value == "=cmd|' /C calc'!A0"
    p2 = {name: cell for name, cell in zip(header, items[3], strict=True)}
    assert p2["title"].value == '=HYPERLINK("http://example.org","click")'
    assert p2["title"].data_type == "s"
    assert p2["progress"].value == 80 and p2["progress"].data_type == "n"
    assert p2["completion"].value == 0.8 and p2["due"].value is None
    p3 = {name: cell for name, cell in zip(header, items[4], strict=True)}
    assert p3["title"].value == "#N/A and a \\x1b[31m red escape"  # as in CSV: shown, not sent
    assert p3["title"].data_type == "s"
    summary = book["summary"]
    assert summary["A2"].value == "overall" and summary["G2"].value == 4
    no_formula_anywhere(target)


def test_columns_fit_their_content(workspace, tmp_path, monkeypatch, capsys):
    target = tmp_path / "report.xlsx"
    code, _out, err = run(monkeypatch, capsys, "report", "--plans", workspace, "-o", target)
    assert code == 0, err
    items = workbook(target)["items"]
    header = [c.value for c in items[1]]
    letters = [openpyxl.utils.get_column_letter(k) for k in range(1, len(header) + 1)]
    width = {
        name: items.column_dimensions[c].width for name, c in zip(header, letters, strict=True)
    }
    # each column: its longest text (header included) + 2, at most 60 + 2
    assert width["id"] == 3 + 2  # "P-1"
    assert width["due"] == 10 + 2  # "2024-06-30", wider than "due"
    assert width["last_update_date"] == 16 + 2  # the header is the widest
    assert width["completion"] == 10 + 2  # the header; "50.0%" is narrower
    assert width["title"] == 60 + 2  # Q-1's Russian title has 68 characters: it wraps
    assert items["D5"].value.startswith("Одна") and items["D5"].alignment.wrap_text
    assert not items["D2"].alignment.wrap_text


def test_text_longer_than_a_cell_holds_is_cut_and_says_so(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "plans"
    folder.mkdir()
    long_title = "x" * 40_000
    (folder / "q.toml").write_text(
        f'[plan]\nid = "Q"\ntitle = "Q"\n\n[[item]]\nid = "Q-1"\ntitle = "{long_title}"\n'
        'pillar = "I"\n',
        encoding="utf-8",
    )
    target = tmp_path / "r.xlsx"
    code, _out, err = run(monkeypatch, capsys, "report", "--plans", folder, "-o", target)
    assert code == 0, err
    title = workbook(target)["items"]["D2"].value
    assert len(title) == 32767  # Excel's most
    assert title.endswith("x … [cut: 40000 characters in all]")


def test_the_same_report_gives_the_same_bytes(workspace, tmp_path, monkeypatch, capsys):
    first, second = tmp_path / "1.xlsx", tmp_path / "2.xlsx"
    for target in (first, second):
        code, _out, err = run(
            monkeypatch,
            capsys,
            "report",
            "--plans",
            workspace,
            "--as-of",
            "2025-01-01",
            "-o",
            target,
        )
        assert code == 0, err
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    props = openpyxl.load_workbook(first).properties
    assert props.created == props.modified == dt.datetime(2025, 1, 1)
    assert props.creator == "jap"


@pytest.mark.parametrize("command", ["status", "report"])
def test_xlsx_without_output_is_a_usage_error(workspace, monkeypatch, capsys, command):
    code, out, err = run(monkeypatch, capsys, command, "--plans", workspace, "--format", "xlsx")
    assert code == 2
    assert out == ""
    assert err == (
        "jap: error: --output: an Excel workbook is written to a file: add --output FILE.xlsx\n"
        f"hint: see 'jap {command} --help'\n"
    )


@pytest.mark.parametrize(
    ("name", "given", "starts"),
    [
        ("out.json", None, b'{\n  "schema_version": 1'),
        ("out.md", None, b"# "),
        ("out.csv", None, b"scope,plan,pillar"),
        ("OUT.XLSX", None, b"PK"),
        ("out.txt", None, b"Completion"),
        ("out.xlsx", "csv", b"scope,plan,pillar"),  # --format wins
        ("out.json", "table", b"Completion"),
    ],
)
def test_output_takes_the_format_from_its_extension(
    workspace, tmp_path, monkeypatch, capsys, name, given, starts
):
    target = tmp_path / name
    chosen = ["--format", given] if given else []
    code, out, err = run(monkeypatch, capsys, "status", "--plans", workspace, *chosen, "-o", target)
    assert (code, out, err) == (0, "", "")
    assert target.read_bytes().lstrip().startswith(starts), target.read_bytes()[:80]


@pytest.mark.parametrize("command", [("status",), ("trend",), ("history", "P-1")])
def test_an_extension_of_a_format_the_command_lacks_is_refused(
    workspace, tmp_path, monkeypatch, capsys, command
):
    """status, trend and history have no HTML page: writing their text table into r.html
    (what issue 12 saw the report do) would mislead, so it is a usage error and no file."""
    target = tmp_path / "r.html"
    code, out, err = run(monkeypatch, capsys, *command, "--plans", workspace, "-o", target)
    assert (code, out) == (2, "")
    assert err.startswith("jap: error: --output: this command cannot write a .html file (its ")
    assert "give --format, or another extension" in err and not target.exists()


def test_report_html_from_the_extension(workspace, tmp_path, monkeypatch, capsys):
    target = tmp_path / "r.html"
    code, _out, err = run(monkeypatch, capsys, "report", "--plans", workspace, "-o", target)
    assert code == 0, err
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_bytes_replace_a_file_atomically_and_keep_its_mode(tmp_path):
    target = tmp_path / "r.xlsx"
    target.write_bytes(b"old")
    target.chmod(0o640)
    cli_output.write_output(b"PK\x03\x04new", target)
    assert target.read_bytes() == b"PK\x03\x04new"
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["r.xlsx"]


def test_bytes_to_standard_output_are_written_as_they_are(capfdbinary):
    cli_output.write_output(b"\x00\xffbytes", None)
    assert capfdbinary.readouterr().out == b"\x00\xffbytes"


def test_text_is_still_written_in_utf8_as_before(tmp_path):
    target = tmp_path / "r.md"
    cli_output.write_output("Плана\r\n", target)
    assert target.read_bytes() == "Плана\r\n".encode()


def test_a_new_file_is_never_replaced(tmp_path):
    from jap_tracker.diagnostics import UsageError

    target = tmp_path / "plan.toml"
    target.write_text("mine\n", encoding="utf-8")
    with pytest.raises(UsageError) as caught:
        cli_output.write_output("theirs\n", target, new=True)
    assert caught.value.option == "--output"
    assert "already exists" in caught.value.message
    assert target.read_text(encoding="utf-8") == "mine\n"
    dangling = tmp_path / "link.toml"
    dangling.symlink_to(tmp_path / "nowhere.toml")
    with pytest.raises(UsageError):
        cli_output.write_output("theirs\n", dangling, new=True)
    assert not (tmp_path / "nowhere.toml").exists()
    cli_output.write_output("new\n", tmp_path / "fresh.toml", new=True)
    assert (tmp_path / "fresh.toml").read_text(encoding="utf-8") == "new\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fresh.toml", "link.toml", "plan.toml"]


def test_a_file_that_appears_meanwhile_is_not_replaced(tmp_path, monkeypatch):
    """Between the check and the write, another program creates the file: the link fails, the
    file is kept, no temporary file is left."""
    from jap_tracker.diagnostics import UsageError

    target = tmp_path / "plan.toml"
    real_link = cli_output.os.link

    def racing(source, destination):
        Path(destination).write_text("theirs\n", encoding="utf-8")
        real_link(source, destination)

    monkeypatch.setattr(cli_output.os, "link", racing)
    with pytest.raises(UsageError):
        cli_output.write_output("mine\n", target, new=True)
    assert target.read_text(encoding="utf-8") == "theirs\n"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.toml"]


def test_openpyxl_is_imported_only_for_a_workbook(workspace, tmp_path, monkeypatch, capsys):
    import subprocess

    from conftest import jap_env

    probe = (
        "import sys; from jap_tracker.cli import main; sys.argv = ['jap', 'report', '--plans', "
        f"{str(workspace)!r}, '--format', 'csv']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "assert 'openpyxl' not in sys.modules, 'openpyxl imported'\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=jap_env(), check=False
    )
    assert done.returncode == 0, done.stderr
