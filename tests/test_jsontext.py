"""render/jsontext.py: orjson's text for big outputs is, byte for byte, what the standard
library's ``json.dumps(indent=2, ensure_ascii=False)`` writes (with the terminal's controls
escaped), on hand-picked values, on hypothesis data and on jap's own outputs."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jap_tracker.render import jsontext
from jap_tracker.render.jsontext import dumps

PLANS = Path(__file__).resolve().parent.parent / "plans"


def reference(data: Any) -> str:
    """The standard library's text, as jsonfmt wrote it before orjson."""

    def default(value: Any) -> Any:
        if isinstance(value, dt.date | dt.time):
            return value.isoformat()
        raise TypeError(type(value).__name__)

    text = json.dumps(data, ensure_ascii=False, indent=2, default=default)
    unsafe = r"[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
    return re.sub(unsafe, lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


def both(data: Any, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    """(dumps through orjson, the reference), and that orjson was indeed asked."""
    monkeypatch.setattr(jsontext, "FAST_FROM", 0)
    return dumps(data), reference(data)


HAND_PICKED = [
    0.1 + 0.2,
    1e16,
    1e-5,  # orjson: 0.00001, json: 1e-05 -> json's text
    2.5e-7,  # orjson: 2.5e-7, json: 2.5e-07
    9.99e-5,
    1e-4,
    -0.0,
    5e-324,
    1.7976931348623157e308,
    2**63 - 1,
    2**63,
    2**64,  # beyond orjson: json writes it
    -(2**63) - 1,
    10**40,
    "Ташкент — « plan » 中文 \U0001f600",
    "tab\tnew\nline\x00\x1f\x7f\x80\x9f\u2028\u2029\u202e\u2066\u2069\u2026",
    'quote " back \\ slash /',
    "\ud800",  # a lone surrogate: orjson refuses, json writes it
    {"a": {}, "b": [], "c": [[]], "d": [{}]},
    {1: "int key", "b": None},  # json turns the key into text; orjson refuses
    {"z": 1, "a": 2},  # key order kept
    [True, False, None, 0, -1],
    (1, 2),
    {"date": dt.date(2024, 2, 29), "time": dt.time(9, 5, 1, 7)},
    {"moment": dt.datetime(2024, 1, 2, 3, 4, 5, 6, tzinfo=dt.UTC)},
    "1e-5 in a string",
]


@pytest.mark.parametrize("value", HAND_PICKED, ids=repr)
def test_hand_picked_values_read_as_json_writes_them(
    value: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast, slow = both({"rows": [value, {"v": value}]}, monkeypatch)
    assert fast == slow


def test_a_value_neither_writes_fails_as_json_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jsontext, "FAST_FROM", 0)
    with pytest.raises(TypeError, match="cannot write object as JSON"):
        dumps({"rows": [object()]})


def test_only_big_outputs_import_orjson(monkeypatch: pytest.MonkeyPatch) -> None:
    called: list[Any] = []
    monkeypatch.setattr(jsontext, "_fast", lambda data: called.append(data))
    small = {"rows": [1] * (jsontext.FAST_FROM - 1), "other": {"x": [1, 2]}}
    dumps(small)
    assert called == []
    dumps({"rows": [1] * jsontext.FAST_FROM})
    assert len(called) == 1


texts = st.text(st.characters(codec="utf-8") | st.sampled_from("\x7f\x85\u2028\u202e\u2066"))
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | texts
    | st.dates()
)
data = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(texts, children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=400)
@given(data)
def test_any_data_reads_as_json_writes_it(value: Any) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        fast, slow = both(value, monkeypatch)
    assert fast == slow


@settings(max_examples=2000)
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_every_float_reads_as_repr_writes_it(value: float) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        fast, slow = both([value], monkeypatch)
    assert fast == slow


@pytest.mark.parametrize(
    "command",
    [
        ("report", "--format", "json"),
        ("report", "--format", "json", "--lang", "ru"),
        ("changes", "--since", "2011-01-01", "--format", "json"),
        ("status", "--by", "country", "--format", "json"),
        ("trend", "--every", "quarter", "--format", "json"),
        ("check", "--format", "json"),
    ],
)
def test_jap_outputs_are_the_same_bytes(
    command: tuple[str, ...], jap: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(PLANS, tmp_path / "plans")
    env = {"JAP_TODAY": "2026-11-30", "JAP_NO_CACHE": "1"}
    monkeypatch.setattr(jsontext, "FAST_FROM", 10**9)
    slow = jap(*command, "--plans", "plans", env=env)
    monkeypatch.setattr(jsontext, "FAST_FROM", 0)
    fast = jap(*command, "--plans", "plans", env=env)
    assert slow.returncode == fast.returncode == 0
    assert len(fast.stdout) > 50
    assert fast.stdout == slow.stdout


@pytest.mark.parametrize(
    "text",
    ["2025-03-12T09:05:40.000065Z", "u20240103T193951814689-3e-1b05", "re-examine", "0.00001"],
)
def test_strings_that_hold_small_float_texts_still_go_through_orjson(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    value = {"rows": [text, {"k": text}]}
    expected = reference(value)
    monkeypatch.setattr(jsontext, "FAST_FROM", 0)
    monkeypatch.setattr(jsontext.json, "dumps", None)  # json would fail: orjson wrote it
    assert dumps(value) == expected


def test_the_size_that_picks_orjson_counts_values_not_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    called: list[Any] = []
    monkeypatch.setattr(jsontext, "_fast", lambda data: called.append(data))
    row = {"id": "A-1", "figures": {"completion": 0.5, "by": ["x", "y"]}}  # 7 values
    assert jsontext._size({"items": [row] * 10, "as_of": "2026-11-30"}) == 70
    dumps({"items": [row] * (jsontext.FAST_FROM // 7)})  # one value short
    assert called == []
    dumps({"items": [row] * (jsontext.FAST_FROM // 7 + 1), "changes": []})
    assert len(called) == 1
