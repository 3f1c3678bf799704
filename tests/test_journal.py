"""The journal module: record format, the reader's damage reports, the lock, naming records."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from jap_tracker import journal
from jap_tracker.diagnostics import UsageError
from jap_tracker.model import Update

T0 = dt.datetime(2026, 1, 5, 10, 0, 0, 123456, tzinfo=dt.UTC)
GOOD = (
    'u20260105T100000123456-aaaaaaaa = { item = "P-1", date = 2026-01-04, progress = 40.0, '
    'by = "Ana", recorded = 2026-01-05T10:00:00.123456Z }'
)
GOOD2 = (
    'u20260105T110000000000-bbbbbbbb = { item = "P-2", date = 2026-01-05, status = "done", '
    'by = "Bo", recorded = 2026-01-05T11:00:00Z }'
)


def parse(text: str, path: str = "journal/2026-01.toml"):
    return journal.parse_journal_file(text.encode("utf-8"), path)


def lines_of(diagnostics) -> list[tuple[int, str]]:
    return sorted((d.line, d.code) for d in diagnostics)


# ---- format ---------------------------------------------------------------------------------


def test_format_record_is_one_line_in_a_fixed_order_and_reads_back():
    fields = {
        "recorded": T0,
        "by": "Ana",
        "note": 'line one\nline "two" \\ three',
        "item": "P-1",
        "date": dt.date(2026, 1, 4),
        "status": "in_progress",
        "progress": 40.0,
        "indicators": {"trained": 12.0, "odd key": 1.5},
        "countries": ["KZ", "UZ"],
        "evidence": "https://example.org/r?id=1",
    }
    line = journal.format_record("u1-x", fields)
    assert line.endswith("\n") and line.count("\n") == 1
    # fixed order: item, date, status, progress, indicators, countries, note, by, evidence, recorded
    assert line.index("item") < line.index("date =") < line.index("status") < line.index("note")
    assert line.index("by =") < line.index("evidence") < line.index("recorded")
    updates, retractions, problems = parse(line)
    assert problems == [] and retractions == []
    assert updates == [
        Update(
            "u1-x",
            "P-1",
            dt.date(2026, 1, 4),
            T0,
            "Ana",
            "in_progress",
            40.0,
            (("trained", 12.0), ("odd key", 1.5)),
            ("KZ", "UZ"),
            'line one\nline "two" \\ three',
            "https://example.org/r?id=1",
            "journal/2026-01.toml",
            1,
        )
    ]


def test_a_retraction_reads_back():
    line = journal.format_record("x1-y", {"retracts": "u1-x", "by": "Ana", "recorded": T0})
    updates, retractions, problems = parse(GOOD + "\n" + line)
    assert problems == [] and len(updates) == 1
    assert retractions[0][:4] == ("x1-y", "u1-x", T0, "Ana") and retractions[0].line == 2


def test_record_ids_sort_by_the_moment_recorded_and_name_their_kind():
    first = journal.new_record_id(T0)
    later = journal.new_record_id(T0 + dt.timedelta(microseconds=1), "x")
    assert first.startswith("u20260105T100000123456-") and later.startswith("x20260105T100000")
    assert first[1:] < later[1:]


def test_write_records_refuses_a_record_that_is_not_one_line(tmp_path: Path):
    folder = tmp_path / "journal"
    folder.mkdir()
    with pytest.raises(ValueError):
        journal.write_records(folder, [(T0, 'a = { note = """x\ny""" }\n')])
    assert list(folder.iterdir()) == []


# ---- reading damage ---------------------------------------------------------------------------


def test_good_file_reads_on_the_fast_path_with_line_numbers():
    updates, _, problems = parse(f"# a comment\n\n{GOOD}\n{GOOD2}\n")
    assert problems == []
    assert [(u.id[:9], u.line) for u in updates] == [("u20260105", 3), ("u20260105", 4)]


def test_invalid_line_is_located_and_the_other_records_still_read():
    text = f'{GOOD}\nu2 = {{ item = "P-1", date = 2026-01-0\n{GOOD2}\nthis is not toml\n'
    updates, _, problems = parse(text)
    assert [u.item for u in updates] == ["P-1", "P-2"]
    assert lines_of(problems) == [(2, "toml-syntax"), (4, "toml-syntax")]
    assert problems[0].format().startswith("journal/2026-01.toml:2: not a valid record")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ('progress = 150, note = "n"', "'progress' must be a number from 0 to 100"),
        ('status = "finished"', "'status' must be one of"),
        ('note = "n", colour = "red"', "unknown field 'colour'"),
        ('notes = "n"', "did you mean 'note'?"),
        ('date = "2026-01-04", note = "n"', "'date' must be a date"),
        ('note = "n", indicators = { a = "x" }', "'indicators' must be a table"),
        ('note = "n", countries = ["XX"]', "'countries' must be a non-empty list"),
        ('note = "n", countries = ["KZ\\n"]', "'countries' must be a non-empty list"),
        ("note = 3", "'note' must be a string"),
        ("", "records nothing"),
    ],
)
def test_bad_field_is_located(fields: str, message: str):
    date = "" if "date =" in fields else "date = 2026-01-04, "
    bad = f'u9 = {{ item = "P-1", {date}{fields}, by = "A", recorded = 2026-01-05T10:00:00Z }}'
    bad = bad.replace(", ,", ",")
    updates, _, problems = parse(f"{GOOD}\n{bad}\n")
    assert [u.line for u in updates] == [1]
    assert [p.line for p in problems] == [2]
    assert message in problems[0].message, problems[0].message


def test_missing_by_or_recorded_is_located():
    text = 'u9 = { item = "P-1", date = 2026-01-04, note = "n" }\n'
    _, _, problems = parse(text)
    messages = " / ".join(p.message for p in problems)
    assert "'by' must be" in messages and "'recorded' must be" in messages
    assert {p.line for p in problems} == {1}


def test_duplicate_record_id_is_located_and_the_first_one_kept():
    again = GOOD.replace("progress = 40.0", "progress = 90.0")
    updates, _, problems = parse(f"{GOOD}\n{GOOD2}\n{again}\n")
    assert [u.progress for u in updates if u.item == "P-1"] == [40.0]
    assert lines_of(problems) == [(3, "duplicate-record")]
    assert "already used on line 1" in problems[0].message


def test_a_record_id_ending_in_a_newline_is_refused():
    bad = '"u9\\n" = { item = "P-1", date = 2026-01-04, note = "n", by = "A", '
    bad += "recorded = 2026-01-05T10:00:00Z }"
    updates, _, problems = parse(f"{GOOD}\n{bad}\n")
    assert [u.line for u in updates] == [1]
    assert lines_of(problems) == [(2, "bad-record")]
    assert "may hold only letters" in problems[0].message


def test_a_record_spanning_lines_is_damage():
    text = f'{GOOD}\nu2 = {{ item = "P-1", note = """a\nb""", date = 2026-01-04 }}\n{GOOD2}\n'
    updates, _, problems = parse(text)
    assert [u.item for u in updates] == ["P-1", "P-2"]
    # valid TOML as a whole, but 4 lines hold 3 keys: each line is read alone, 2 and 3 fail
    assert lines_of(problems) == [(2, "toml-syntax"), (3, "toml-syntax")]


def test_not_utf8_is_located_at_its_line():
    data = (GOOD + "\n").encode() + b'u2 = { note = "\xff" }\n' + (GOOD2 + "\n").encode()
    updates, _, problems = journal.parse_journal_file(data, "j.toml")
    assert ("encoding" in {p.code for p in problems}) and problems[0].line == 2
    assert {u.item for u in updates} >= {"P-1", "P-2"}


def test_byte_order_mark_and_crlf_line_ends_are_read():
    data = ("\ufeff" + GOOD + "\r\n" + GOOD2 + "\r\n").encode()
    updates, _, problems = journal.parse_journal_file(data, "j.toml")
    assert problems == [] and len(updates) == 2
    # the line-by-line path too (forced by one damaged line)
    data = (GOOD + "\r\nnot toml\r\n" + GOOD2 + "\r\n").encode()
    updates, _, problems = journal.parse_journal_file(data, "j.toml")
    assert len(updates) == 2 and lines_of(problems) == [(2, "toml-syntax")]


def test_leftover_tmp_files_are_never_read_and_go_at_the_next_write(tmp_path: Path):
    folder = tmp_path / "journal"
    folder.mkdir()
    (folder / "2026-01.toml").write_text(GOOD + "\n")
    leftover = folder / ".2026-01.toml.4242.deadbeef.tmp"
    leftover.write_text(GOOD + "\n" + GOOD2[:40])  # a copy cut short by a kill
    updates, _, problems = journal.read_journal(tmp_path)
    assert problems == [] and len(updates) == 1
    line = journal.format_record(
        "u3", {"item": "P-3", "date": T0.date(), "note": "n", "by": "A", "recorded": T0}
    )
    journal.append_records(tmp_path, [(T0, line)])
    assert not leftover.exists()
    assert len(journal.read_journal(tmp_path)[0]) == 2


# ---- writing and the lock ------------------------------------------------------------------------


def test_first_write_creates_gitattributes_gitignore_and_the_month_file(tmp_path: Path):
    line = journal.format_record(
        "u3", {"item": "P-3", "date": T0.date(), "note": "n", "by": "A", "recorded": T0}
    )
    journal.append_records(tmp_path, [(T0, line)])
    folder = tmp_path / "journal"
    assert "*.toml merge=union eol=lf" in (folder / ".gitattributes").read_text()
    assert ".lock" in (folder / ".gitignore").read_text()
    assert (folder / "2026-01.toml").read_text() == line  # no header: nothing for git to repeat


def test_held_lock_times_out_and_nothing_is_written(tmp_path: Path):
    (tmp_path / "journal").mkdir()
    line = journal.format_record(
        "u3", {"item": "P-3", "date": T0.date(), "note": "n", "by": "A", "recorded": T0}
    )
    # another holder: flock locks belong to an open file, so even this process is kept out
    with journal.journal_lock(tmp_path, timeout=0), pytest.raises(journal.JournalLocked) as e:
        journal.append_records(tmp_path, [(T0, line)], timeout=0.1)
    assert "lock" in str(e.value) and "nothing was written" in str(e.value)
    assert not (tmp_path / "journal" / "2026-01.toml").exists()
    journal.append_records(tmp_path, [(T0, line)], timeout=0)  # released: taken at once
    assert (tmp_path / "journal" / "2026-01.toml").read_text() == line


def test_the_lock_is_released_when_the_writer_fails(tmp_path: Path):
    with pytest.raises(ZeroDivisionError), journal.journal_lock(tmp_path, timeout=0):
        _ = 1 / 0
    with journal.journal_lock(tmp_path, timeout=0) as folder:
        assert folder == tmp_path / "journal"


@pytest.fixture
def no_locks(monkeypatch):
    """A file system that gives no locks: flock fails with ENOLCK."""
    import errno
    import fcntl

    def refuse(fd: int, operation: int) -> None:
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(fcntl, "flock", refuse)


def test_a_file_system_without_locks_is_an_error_that_names_the_lock(tmp_path: Path, no_locks):
    with pytest.raises(OSError) as e, journal.journal_lock(tmp_path, timeout=1):
        pytest.fail("the lock was not taken: the block must not run")
    assert e.value.filename == str(tmp_path / "journal" / ".lock")
    assert "cannot lock it (No locks available), so nothing was written" in e.value.strerror


def test_a_journal_made_for_a_lock_that_cannot_be_taken_is_removed(tmp_path: Path, no_locks):
    with pytest.raises(OSError), journal.journal_lock(tmp_path, timeout=1):
        pytest.fail("the lock was not taken")
    assert list(tmp_path.iterdir()) == []  # a command that fails writes nothing
    (tmp_path / "journal").mkdir()
    (tmp_path / "journal" / "2026-01.toml").write_text("")
    with pytest.raises(OSError), journal.journal_lock(tmp_path, timeout=1):
        pytest.fail("the lock was not taken")
    assert (tmp_path / "journal" / "2026-01.toml").exists()  # a journal that was there stays


def test_lock_timeout_comes_from_the_environment():
    assert journal.lock_timeout({}) == 10.0
    assert journal.lock_timeout({"JAP_LOCK_TIMEOUT": "0.5"}) == 0.5
    assert journal.lock_timeout({"JAP_LOCK_TIMEOUT": " 2.5 "}) == 2.5
    for bad in ("soon", "-1", "nan", "inf", "1_0", "\u0665", "1e999"):
        with pytest.raises(UsageError) as e:
            journal.lock_timeout({"JAP_LOCK_TIMEOUT": bad})
        assert e.value.option == "JAP_LOCK_TIMEOUT"


def test_an_identical_copy_of_a_record_counts_once_but_a_different_one_is_an_error():
    # after a cherry-pick, a union merge keeps both copies of the same line
    updates, _, problems = parse(f"{GOOD}\n{GOOD2}\n{GOOD}\n")
    assert problems == [] and [u.line for u in updates] == [1, 2]
    updates, _, problems = parse(f"a = []\n{GOOD}\n")
    assert [p.line for p in problems] == [1] and len(updates) == 1
