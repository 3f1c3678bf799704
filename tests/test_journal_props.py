"""Properties (hypothesis): any text survives the journal's write and read; replaying updates in
any order equals building the figures one update at a time; the readers never raise."""

from __future__ import annotations

import datetime as dt
import math
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jap_tracker import journal, loader
from jap_tracker.model import STATUSES, Indicator, Item, Update
from jap_tracker.progress import replay

# Modest by default to keep the suite fast; JAP_FUZZ_EXAMPLES=5000 fuzzes harder.
EXAMPLES = int(os.environ.get("JAP_FUZZ_EXAMPLES", "150"))
FAST = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text that is hard on a one-line TOML writer: TOML syntax, quotes, escapes, line breaks
# (including those that only Unicode calls line breaks), control and astral characters.
TRICKY = st.sampled_from(
    ['" = {', "'''", '"""', "\\", "\\n", "\n", "\r\n", "\r", "# x", "[x]", "}", "{", "\x00",
     "\x1b[31m", "\x7f", "\u2028", "\u0085", "\ufeff", "\U0001f600", "\U00010348", "é", "=", ","]
)  # fmt: skip
TEXT = st.lists(st.one_of(st.text(max_size=20), TRICKY), max_size=8).map("".join)
NAME = TEXT.filter(lambda s: s.strip() != "")
MOMENT = st.datetimes(
    min_value=dt.datetime(2000, 1, 1),
    max_value=dt.datetime(2099, 12, 31),
    timezones=st.just(dt.UTC),
)
FINITE = st.floats(-1e15, 1e15)  # the bound of records (records.MAX_MAGNITUDE)


@st.composite
def records(draw) -> tuple[str, dict]:
    recorded = draw(MOMENT)
    fields = {
        "item": draw(NAME),
        "date": draw(st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31))),
        "status": draw(st.none() | st.sampled_from(STATUSES)),
        "progress": draw(st.none() | st.floats(0, 100)),
        "indicators": draw(st.none() | st.dictionaries(TEXT, FINITE, min_size=1, max_size=3)),
        "countries": draw(st.none() | st.lists(st.sampled_from(["KZ", "KG", "TJ", "TM", "UZ"]),
                                               min_size=1, max_size=3, unique=True)),
        "note": draw(TEXT),
        "by": draw(NAME),
        "evidence": draw(st.none() | TEXT),
        "recorded": recorded,
    }  # fmt: skip
    return journal.new_record_id(recorded), fields


def same_record(update: Update, record_id: str, fields: dict) -> None:
    assert update.id == record_id
    assert update.item == fields["item"] and update.by == fields["by"]
    assert update.note == fields["note"] and update.evidence == fields["evidence"]
    assert update.date == fields["date"] and update.recorded == fields["recorded"]
    assert update.status == fields["status"] and update.progress == fields["progress"]
    assert dict(update.indicators) == (fields["indicators"] or {})
    assert update.countries == (tuple(fields["countries"]) if fields["countries"] else None)


@FAST
@given(records())
def test_any_record_is_one_line_and_reads_back_exactly(record):
    record_id, fields = record
    line = journal.format_record(record_id, fields)
    assert line.endswith("\n") and "\n" not in line[:-1] and "\r" not in line
    updates, _, problems = journal.parse_journal_file(line.encode("utf-8"), "j.toml")
    assert problems == []
    same_record(updates[0], record_id, fields)
    # what jap update tells the cache it wrote is what any reader reads
    assert journal.record_of(record_id, fields, "j.toml", 1) == updates[0]


@settings(max_examples=max(25, EXAMPLES // 6), deadline=None)
@given(st.lists(records(), min_size=1, max_size=6))
def test_appended_records_read_back_in_order(batch):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for record_id, fields in batch:
            line = journal.format_record(record_id, fields)
            journal.append_records(folder, [(fields["recorded"], line)], timeout=5)
        updates, _, problems = journal.read_journal(folder)
    assert problems == []
    by_id = {u.id: u for u in updates}
    assert len(by_id) == len(batch)
    for record_id, fields in batch:
        same_record(by_id[record_id], record_id, fields)


@FAST
@given(st.binary(max_size=400))
def test_journal_reader_never_raises_on_bytes(data):
    updates, retractions, problems = journal.parse_journal_file(data, "j.toml")
    lines = data.count(b"\n") + 1
    assert all(0 <= d.line <= lines for d in problems)
    assert all(1 <= r.line <= lines for r in [*updates, *retractions])


GOOD_LINE = journal.format_record(
    "u20260105T100000123456-aaaaaaaa",
    {"item": "P-1", "date": dt.date(2026, 1, 4), "progress": 40.0, "note": "n", "by": "A",
     "recorded": dt.datetime(2026, 1, 5, tzinfo=dt.UTC)},
).encode()  # fmt: skip


@FAST
@given(st.lists(st.tuples(st.integers(0, 3 * len(GOOD_LINE)), st.binary(max_size=4)), max_size=4))
def test_journal_reader_never_raises_on_damaged_records(edits):
    data = GOOD_LINE * 3
    for where, junk in edits:
        data = data[:where] + junk + data[where + len(junk) :]
    journal.parse_journal_file(data, "j.toml")


PLAN_TEXT = b"""[plan]
id = "P"
title = { en = "Plan", fr = "Plan" }
countries = ["KZ"]

[[item]]
id = "P-1"
title = "One"
pillar = 1
due = 2024-01-31

[[item.indicator]]
id = "a"
title = "A"
target = 10
"""


@FAST
@given(
    st.binary(max_size=300)
    | st.lists(st.tuples(st.integers(0, len(PLAN_TEXT)), st.binary(max_size=4)), max_size=4).map(
        lambda edits: _splice(PLAN_TEXT, edits)
    )
)
def test_plan_reader_never_raises_on_bytes(data):
    parsed = loader.read_plan_file(data, "p.toml")
    assert parsed.plan is not None or parsed.diagnostics


def _splice(data: bytes, edits: list[tuple[int, bytes]]) -> bytes:
    for where, junk in edits:
        data = data[:where] + junk + data[where + len(junk) :]
    return data


# ---- replay equals the figures built one update at a time ------------------------------------


def _item(ident: str, indicators=(), countries=()) -> Item:
    return Item(ident, "P", {"en": ident}, "I", None, (), (), 1.0, (), None, tuple(indicators),
                tuple(countries), {}, "en")  # fmt: skip


ITEMS = (
    _item("R1"),
    _item(
        "R2", [Indicator("a", {}, None, 0.0, 10.0, None), Indicator("b", {}, None, 5.0, 1.0, None)]
    ),
    _item("C1", [Indicator("a", {}, None, 0.0, 4.0, None)], ["KZ", "UZ"]),
)
START = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


@st.composite
def update_lists(draw) -> list[Update]:
    out = []
    for k in range(draw(st.integers(0, 12))):
        item = draw(st.sampled_from(ITEMS))
        known = [ind.id for ind in item.indicators]
        values = (
            draw(st.dictionaries(st.sampled_from(known), st.floats(-5, 15), max_size=2))
            if known
            else {}
        )
        status = draw(st.none() | st.sampled_from(STATUSES))
        progress = draw(st.none() | st.sampled_from([0.0, 25.0, 50.0, 100.0]))
        if status is None and progress is None and not values:
            status = "blocked"
        countries = (
            draw(st.none() | st.sampled_from([("KZ",), ("UZ",), ("KZ", "UZ")]))
            if item.countries
            else None
        )
        out.append(Update(f"u{k:03d}", item.id, dt.date(2026, 1, draw(st.integers(1, 5))),
                          START + dt.timedelta(seconds=k), "t", status, progress,
                          tuple(values.items()), countries))  # fmt: skip
    return out


def one_at_a_time(updates: list[Update], as_of: dt.date) -> dict[str, tuple[str, float | None]]:
    """Spec sections 3, 4 and 9 written out plainly: apply each update in turn."""
    states: dict[tuple[str, str], dict] = {}
    index = {i.id: i for i in ITEMS}
    for u in sorted(updates, key=lambda u: (u.date, u.recorded)):
        if u.date > as_of:
            continue
        item = index[u.item]
        for share in (u.countries or item.countries) if item.countries else ("",):
            state = states.setdefault((u.item, share), {"status": "not_started", "progress": None,
                                                        "actual": {}})  # fmt: skip
            if u.progress is not None:
                state["progress"] = u.progress
            state["actual"].update(u.indicators)
            if u.status is not None:
                state["status"] = u.status
            elif (u.progress is not None or u.indicators) and state["status"] == "not_started":
                state["status"] = "in_progress"

    def completion(item: Item, state: dict) -> float | None:
        if state["status"] == "cancelled":
            return None
        if state["status"] == "done":
            return 1.0
        if state["progress"] is not None:
            return state["progress"] / 100
        if not state["actual"]:
            return 0.0
        ratios = [
            min(1.0, max(0.0, (state["actual"][i.id] - i.baseline) / (i.target - i.baseline)))
            if i.id in state["actual"] else 0.0
            for i in item.indicators
        ]  # fmt: skip
        return sum(ratios) / len(ratios)

    out = {}
    blank = {"status": "not_started", "progress": None, "actual": {}}
    for item in ITEMS:
        if not item.countries:
            state = states.get((item.id, ""), blank)
            out[item.id] = (state["status"], completion(item, state))
            continue
        shares = [states.get((item.id, c), blank) for c in item.countries]
        live = [s for s in shares if s["status"] != "cancelled"]
        if not live:
            status = "cancelled"
        elif all(s["status"] == "done" for s in live):
            status = "done"
        elif any(s["status"] == "blocked" for s in live):
            status = "blocked"
        elif all(s["status"] == "not_started" for s in live):
            status = "not_started"
        else:
            status = "in_progress"
        parts = [completion(item, s) for s in live]
        out[item.id] = (status, sum(parts) / len(parts) if parts else None)
    return out


def figures(updates: list[Update], as_of: dt.date) -> dict[str, tuple[str, float | None]]:
    return {k: (v.status, v.completion) for k, v in replay(ITEMS, updates, as_of).items()}


def close(a: dict, b: dict) -> bool:
    return all(
        a[k][0] == b[k][0]
        and (a[k][1] is None) == (b[k][1] is None)
        and (a[k][1] is None or math.isclose(a[k][1], b[k][1], abs_tol=1e-12))
        for k in a
    )


@FAST
@given(update_lists(), st.randoms(use_true_random=False), st.integers(1, 6))
def test_replay_in_any_order_equals_one_update_at_a_time(updates, rnd, day):
    as_of = dt.date(2026, 1, day)
    shuffled = list(updates)
    rnd.shuffle(shuffled)
    expected = one_at_a_time(updates, as_of)
    assert close(figures(shuffled, as_of), expected)
    # and after a trip through the journal's format, in the order a merge may leave the lines
    text = "".join(
        journal.format_record(u.id, {"item": u.item, "date": u.date, "status": u.status,
                                     "progress": u.progress, "indicators": dict(u.indicators),
                                     "countries": list(u.countries) if u.countries else None,
                                     "by": u.by, "recorded": u.recorded})
        for u in shuffled
    )  # fmt: skip
    read, _, problems = journal.parse_journal_file(text.encode(), "j.toml")
    assert problems == []
    assert close(figures(read, as_of), expected)
