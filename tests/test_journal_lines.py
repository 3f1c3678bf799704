"""The journal's fast line reader must read every line it accepts exactly as tomllib does."""

from __future__ import annotations

import datetime as dt
import re
import tomllib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jap_tracker.journal import format_record, parse_journal_file
from jap_tracker.journal.lines import _patterns, forbidden, parse_line, parse_lines, plain_update
from jap_tracker.model import STATUSES
from jap_tracker.records import read_record

RECORDED = dt.datetime(2026, 11, 23, 4, 5, 12, 123456, tzinfo=dt.UTC)


def as_tomllib(line: str) -> tuple[str, dict]:
    ((key, value),) = tomllib.loads(line).items()
    return key, value


@pytest.mark.parametrize(
    "line",
    [
        'u1 = { item = "A-1", date = 2024-05-14, progress = 50.0, by = "x", '
        "recorded = 2026-11-23 04:05:12.123456+00:00 }",
        'u1 = { item = "A-1", date = 2024-05-14, status = "done", by = "x", '
        "recorded = 2026-11-23T04:05:12Z }",
        'u1 = { item = "A-1", progress = 7, recorded = 2026-11-23 04:05:12.5-05:30 }',
        'u1 = { item = "A-1", progress = 7, recorded = 2026-11-23 04:05:12.12345Z }',
        'u1 = { item = "A-1", progress = 7, recorded = 2026-11-23 04:05:12.1234-00:00 }',
        'u1 = { item = "A-1", progress = -0, recorded = 2026-11-23 04:05:12.123456789+01:00 }',
        'u1 = { item = "A-1", progress = 1e2, recorded = 2026-11-23 04:05:12.1234567 }',
        'u1 = { item = "A-1", progress = 2.5E-1, recorded = 2026-11-23t04:05:12z }',
        'u1 = { item = "A-1", indicators = { a = 1, b-2 = 2.0 }, countries = ["KZ", "kg"] }',
        'u1 = { item = "A-1", indicators = {}, countries = [] }',
        'u1 = { item = "Ünïcode\ttab", note = "«quoted» — 中文" }',
        'x1 = { retracts = "u1", note = "wrong", by = "x", recorded = 2026-11-23 04:05:12Z }',
    ],
)
def test_plain_lines_read_as_tomllib_reads_them(line):
    assert parse_line(line) == as_tomllib(line)


@pytest.mark.parametrize(
    "line",
    [
        'u1 = { item = "A", date = 2024-02-30 }',  # no such day: tomllib's error, not ours
        'u1 = { item = "A", recorded = 2026-11-23 24:00:00Z }',
        'u1 = { item = "A\\"B" }',  # an escape
        'u1 = { item = "A", indicators = { a = 1, a = 2 } }',  # a key twice
        'u1 = { date = 2024-01-01, item = "A" }',  # another order
        'u1 = { item = "A", progress = 01 }',  # not TOML
        'u1 = { item = "A", progress = +1 }',  # TOML, but not as jap writes it
        'u1 = { item = "A", progress = inf }',
        'u1 = { item = "A" } # a comment',
        '"quoted key" = { item = "A" }',
        'u1 = { item = "A", unknown = 1 }',
        "[table]",
    ],
)
def test_other_lines_are_left_to_tomllib(line):
    assert parse_line(line) is None


text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
number = st.one_of(st.integers(-(10**6), 10**6), st.floats(allow_nan=False, allow_infinity=False))
record = st.fixed_dictionaries(
    {"item": text},
    optional={
        "date": st.dates(),
        "status": text,
        "progress": number,
        "indicators": st.dictionaries(st.from_regex(r"[a-z0-9_-]{1,6}", fullmatch=True), number),
        "countries": st.lists(text, max_size=3),
        "note": text,
        "by": text,
        "evidence": text,
        "recorded": st.datetimes(timezones=st.sampled_from([dt.UTC, None])),
    },
)


@settings(max_examples=300)
@given(record)
def test_whatever_jap_writes_reads_the_same_both_ways(fields):
    line = format_record("u20261123T040512123456-3f9a2c1b", fields).rstrip("\n")
    fast = parse_line(line)
    if fast is not None:  # escapes and the like are left to tomllib
        assert fast == as_tomllib(line)


def test_a_file_of_plain_lines_gives_the_same_records_as_tomllib():
    lines = [
        format_record(
            f"u{n}",
            {
                "item": "A",
                "date": dt.date(2024, 1, n),
                "progress": n,
                "by": "x",
                "recorded": RECORDED,
            },
        )
        for n in range(1, 6)
    ]
    data = ("# header\n\n" + "".join(lines)).encode()
    text = data.decode()
    numbers = [3, 4, 5, 6, 7]
    assert [(n, k, v) for n, k, v in parse_lines(text, numbers)] == [
        (n, k, v) for n, (k, v) in zip(numbers, tomllib.loads(text).items(), strict=True)
    ]
    updates, _, problems = parse_journal_file(data, "j.toml")
    assert problems == [] and [u.line for u in updates] == numbers


TAIL = 'by = "x", recorded = 2026-11-23 04:05:12Z }\n'


def test_one_odd_line_sends_the_whole_file_to_tomllib():
    data = (
        'u1 = { item = "A", date = 2024-01-01, progress = 5, '
        + TAIL
        # progress after by: valid TOML, not jap's order
        + 'u2 = { item = "B", date = 2024-01-01, by = "x", progress = 6, recorded = 2026-11-23Z }\n'
    ).replace("2026-11-23Z", "2026-11-23 04:05:12Z")
    assert parse_lines(data, [1, 2]) is None
    updates, _, problems = parse_journal_file(data.encode(), "j.toml")
    assert problems == [] and [u.progress for u in updates] == [5.0, 6.0]


def test_a_record_id_used_twice_is_still_reported():
    line = 'u1 = { item = "A", date = 2024-01-01, progress = 5, ' + TAIL
    other = 'u1 = { item = "A", date = 2024-01-01, progress = 6, ' + TAIL
    updates, _, problems = parse_journal_file((line + other).encode(), "j.toml")
    assert len(updates) == 1
    assert [(p.line, p.code) for p in problems] == [(2, "duplicate-record")]
    # the same line twice (a cherry-pick, then a merge) is one record, and no problem
    updates, _, problems = parse_journal_file((line + line).encode(), "j.toml")
    assert len(updates) == 1 and problems == []


@given(
    st.text(alphabet=st.sampled_from(list('\r\n\t\x00\x01\x0b\x0c\x1f\x7f\x80 a#"é')), max_size=12)
)
def test_forbidden_is_what_toml_allows_nowhere_outside_strings(text):
    # control characters but tab, LF and CR; and a CR that does not begin a CRLF
    expected = re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\r(?!\n)", text) is not None
    assert forbidden(text) == expected


# Records near the common valid shape, and some just beside it.
ZONES = [dt.UTC, dt.timezone(dt.timedelta(hours=-5, minutes=-30)), None]
near_valid = st.fixed_dictionaries(
    {
        "item": st.one_of(st.just("A-1"), text),
        "date": st.dates(),
        "recorded": st.datetimes(timezones=st.sampled_from(ZONES)),
    },
    optional={
        "status": st.one_of(st.sampled_from(STATUSES), text),
        "progress": st.one_of(st.integers(-2, 102), st.floats(-1, 101), number),
        "indicators": st.dictionaries(st.sampled_from(["a", "b-2"]), number, max_size=2),
        "countries": st.lists(st.sampled_from(["KZ", "kg", "XX", "", "kz "]), max_size=3),
        "note": text,
        "by": st.one_of(st.sampled_from(["Gulnara", " ", ""]), text),
        "evidence": text,
    },
)


@settings(max_examples=500)
@given(near_valid, st.integers(1, 10**6))
def test_a_plain_update_is_what_read_record_makes_of_its_line(fields, number):
    line = format_record("u20261123T040512123456-3f9a2c1b", fields).rstrip("\n")
    match = _patterns()[0].fullmatch(line)
    fast = plain_update(match.groups(), "j.toml", number) if match else None
    if fast is not None:
        parsed = parse_line(line)
        assert parsed is not None
        record, problems = read_record(*parsed, "j.toml", number)
        assert problems == [] and repr(fast) == repr(record)  # repr: 5 vs 5.0, time zones


def test_the_common_update_is_made_at_once_and_a_doubtful_one_is_not():
    line = format_record(
        "u1",
        {
            "item": "A-1",
            "date": dt.date(2024, 5, 14),
            "progress": 50.0,
            "by": "x",
            "recorded": RECORDED,
        },
    ).rstrip("\n")
    groups = _patterns()[0].fullmatch(line).groups()
    made = plain_update(groups, "j.toml", 7)
    assert made is not None and (made.progress, made.path, made.line) == (50.0, "j.toml", 7)
    assert plain_update(groups[:4] + ("101.0",) + groups[5:], "j.toml", 7) is None
    assert plain_update(groups[:8] + (" ",) + groups[9:], "j.toml", 7) is None
