"""Hostile journal files (issue "Hostile surroundings", point 5): the fast line reader accepts
nothing that tomllib reads otherwise (a bare CR above all), and ``jap check`` names every odd
entry of the journal or the plan folder with its path.
"""

from __future__ import annotations

import tomllib

from hypothesis import given, settings
from hypothesis import strategies as st

from jap_tracker.journal import parse_journal_file
from jap_tracker.journal.lines import parse_line, parse_lines
from jap_tracker.journal.read import record_lines

LINE = (
    'u20261123T040512123456-3f9a2c1b = { item = "P-1", date = 2024-05-14, status = "done", '
    'by = "t", recorded = 2026-11-23 04:05:12.123456+00:00 }'
)


def test_a_bare_cr_in_a_comment_cannot_hide_a_record() -> None:
    # an editor may show the CR as a line break: the record seems to be on a line of its own
    data = f"# checked by Dana\r{LINE}\n".encode()
    updates, _, diagnostics = parse_journal_file(data, "journal/2026-11.toml")
    assert updates == []
    assert [(d.path, d.line, d.code) for d in diagnostics] == [
        ("journal/2026-11.toml", 1, "toml-syntax")
    ]


def test_a_control_character_in_a_comment_is_reported() -> None:
    data = f"# a bell \x07 here\n{LINE}\n".encode()
    updates, _, diagnostics = parse_journal_file(data, "j.toml")
    assert len(updates) == 1  # the good record is kept
    assert [(d.line, d.code) for d in diagnostics] == [(1, "toml-syntax")]


def test_crlf_line_ends_are_still_read() -> None:
    updates, _, diagnostics = parse_journal_file(f"# c\r\n{LINE}\r\n".encode(), "j.toml")
    assert len(updates) == 1 and diagnostics == []


def _tomllib(text: str) -> dict | None:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return None


NOISE = st.text(
    alphabet=st.sampled_from(list('\r\n\t\x00\x07\x0b\x0c\x1f\x7f \u2028"\\#={},=-.:0129aZé')),
    max_size=6,
)


@st.composite
def mutated_line(draw: st.DrawFn) -> str:
    """A plain record line with a few characters inserted or replaced anywhere."""
    line = LINE
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(line)))
        cut = draw(st.integers(0, 2))
        line = line[:at] + draw(NOISE) + line[at + cut :]
    return line


@settings(max_examples=400, deadline=None)
@given(mutated_line())
def test_every_line_the_fast_reader_accepts_tomllib_reads_the_same(line: str) -> None:
    parsed = parse_line(line)
    if parsed is not None:
        assert _tomllib(line) == {parsed[0]: parsed[1]}


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.one_of(
            mutated_line(),
            st.just(LINE.replace("3f9a2c1b", "00000000")),
            st.builds(lambda t: "# " + t, NOISE),
            st.builds(lambda t: t, NOISE),
        ),
        max_size=5,
    ),
    st.sampled_from(["\n", "\r\n"]),
)
def test_every_file_the_fast_reader_accepts_tomllib_reads_the_same(lines, end) -> None:
    text = end.join(lines) + end
    fast = parse_lines(text, record_lines(text))
    if fast is not None:
        assert _tomllib(text) == {key: value for _, key, value in fast}


# ---- jap check names odd entries -------------------------------------------------------------

import os  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402


@pytest.fixture
def workspace(one_item_plans: Path) -> Path:
    return one_item_plans


def check(jap, workspace: Path):
    # twice: the second answer comes from the cache, and must say the same
    first = jap("check", "--plans", workspace)
    assert jap("check", "--plans", workspace).stderr == first.stderr
    return first


def test_check_reports_a_dangling_journal_link(workspace, jap) -> None:
    (workspace / "journal").symlink_to(workspace / "gone")
    ran = check(jap, workspace)
    assert ran.returncode == 1
    assert ran.stderr.startswith("plans/journal:1: is a link to nothing: ")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_check_names_a_fifo_and_a_folder_among_journal_files(workspace, jap) -> None:
    journal = workspace / "journal"
    journal.mkdir()
    os.mkfifo(journal / "2026-11.toml")  # never opened: it would wait for a writer
    (journal / "2026-12.toml").mkdir()
    ran = check(jap, workspace)
    assert ran.returncode == 1
    assert "2026-11.toml:1: is a FIFO, not a file" in ran.stderr
    assert "2026-12.toml:1: is a folder, not a file" in ran.stderr


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero here")
def test_check_names_a_device_link_and_a_dangling_link_among_plans(workspace, jap) -> None:
    (workspace / "zero.toml").symlink_to("/dev/zero")
    (workspace / "gone.toml").symlink_to(workspace / "nothing.toml")
    ran = check(jap, workspace)
    assert ran.returncode == 1
    assert "zero.toml:1: is a device, not a file" in ran.stderr
    assert "gone.toml:1: is a link to nothing, not a file" in ran.stderr


def test_check_reports_a_journal_folder_that_cannot_be_listed(workspace, jap, monkeypatch):
    journal = workspace / "journal"
    journal.mkdir()
    real = os.scandir

    def refuse(path=".", *args):
        if os.fspath(path).rstrip("/").endswith("journal"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path, *args)

    monkeypatch.setattr(os, "scandir", refuse)  # (chmod 000 does not stop root)
    ran = jap("check", "--plans", workspace, env={"JAP_NO_CACHE": "1"})
    assert ran.returncode == 1
    assert "journal:1: cannot be listed (Permission denied)" in ran.stderr
