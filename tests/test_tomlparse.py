"""tomlparse: the copy of tomllib's parser that plan files go through gives what tomllib gives,
values and errors alike, and leaves tomllib itself as it is."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jap_tracker import tomlparse
from jap_tracker.tomlparse import parser
from test_loader import CASES

SHIPPED = Path(__file__).parent.parent / "plans"


def outcome(loads, error, text: str) -> tuple[str, str]:
    """A document's reading as text: its repr (types told apart: 1 and 1.0, dates and
    date-times), or its error's message (with tomllib's position)."""
    try:
        return "doc", repr(loads(text))
    except error as exc:
        return "error", str(exc)
    except (RecursionError, ValueError) as exc:  # (ValueError: Python's 4,300 digits)
        return type(exc).__name__, ""


def both(text: str) -> tuple[tuple[str, str], tuple[str, str]]:
    fast = parser()
    return outcome(fast.loads, fast.error, text), outcome(
        tomllib.loads, tomllib.TOMLDecodeError, text
    )


def test_the_copy_is_used_and_tomllib_is_left_as_it_is():
    assert sys.version_info[:2] in tomlparse.CHECKED  # (CI's Python: else this file tests less)
    assert parser().loads is not tomllib.loads
    assert parser().error is not tomllib.TOMLDecodeError
    assert tomllib._parser.parse_basic_str.__module__ == "tomllib._parser"  # type: ignore[attr-defined]


def test_a_parser_other_than_the_one_checked_gets_tomllib_itself(monkeypatch):
    """A Python release whose tomllib parser differs by a byte from the one checked (a patch
    release, say) reads plans with tomllib as it is."""
    monkeypatch.setattr(tomlparse, "CHECKED_SOURCE", (tomlparse.CHECKED_SOURCE[0], 0))
    monkeypatch.setattr(tomlparse, "_PARSER", [])
    assert parser().loads is tomllib.loads
    assert parser().error is tomllib.TOMLDecodeError


@pytest.mark.parametrize("path", sorted(SHIPPED.glob("*.toml")), ids=lambda p: p.name)
def test_every_shipped_plan_reads_as_with_tomllib(path):
    fast, slow = both(path.read_text(encoding="utf-8"))
    assert fast[0] == "doc"
    assert fast == slow


def test_every_case_of_the_error_catalogue_reads_as_with_tomllib():
    for case in CASES.values():
        for content in case.files.values():
            if isinstance(content, bytes):
                try:
                    content = content.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
                except UnicodeDecodeError:
                    continue
            fast, slow = both(content)
            assert fast == slow


@pytest.mark.parametrize(
    "text",
    [
        'k = "plain"',
        'k = ""',
        'k = "tab\tand é and 😀"',
        'k = "esc \\" \\\\ \\n \\t \\u00e9 \\U0001F600 end"',
        'k = "bad \\q escape"',
        'k = "ctl \x01 char"',
        'k = "del \x7f char"',
        'k = "unterminated',
        'k = "line\nbreak"',
        'k = """\nmulti\nline"""',
        'k = """quotes "" inside and """',
        'k = """four""""',
        'k = """five"""""',
        'k = """six""""""',
        'k = """line \\\n    continued \\\n\n  again"""',
        'k = """ctl \x00 inside"""',
        'k = """\r\nwindows\r\n"""',
        'k = """lone \r return"""',
        'k = """unterminated\n',
        'k = "a"\nj = "b" # comment "\n[t]\nx = ["1", "2"]\ny = { a = "1", b = """2""" }',
        "k = 'literal \"' ",
    ],
)
def test_hand_picked_strings_read_as_with_tomllib(text):
    fast, slow = both(text)
    assert fast == slow


pieces = st.sampled_from(
    ["a", " ", "é", "😀", '"', '""', '"""', "\\", "\\n", '\\"', "\\u00e9", "\\\n", "\t", "\n", "\r"]
    + ["\r\n", "\x00", "\x1f", "\x7f", "\x85", "#", "=", "[", "]", "{", "}", ",", "'", "x = 1"]
)
body = st.lists(pieces, max_size=30).map("".join)


@settings(max_examples=600, deadline=None)
@given(body, st.sampled_from(['"', '"""', "'", "'''"]), body)
def test_random_strings_read_as_with_tomllib(inside: str, quote: str, after: str):
    text = f"k = {quote}{inside}{quote}\n{after}"
    fast, slow = both(text)
    assert fast == slow


# tomlfile._too_deep: level by level, the same answer as the walk with paths (_deep_path)
def nested(depth: int, last: object) -> object:
    value = last
    for level in range(depth):
        value = {"k": value} if level % 2 else [1, value]
    return value


@pytest.mark.parametrize("depth", [31, 32, 33, 34])
@pytest.mark.parametrize("last", [1, {}, [], "x"])
def test_too_deep_finds_what_the_walk_with_paths_finds(depth, last):
    from jap_tracker.tomlfile import MAX_DEPTH, _deep_path, _too_deep

    doc = {"a": [{"b": 1}], "deep": nested(depth, last)}
    found = _too_deep(doc)
    assert found == _deep_path(doc)
    assert (found is not None) == (depth + 1 > MAX_DEPTH)


values = st.recursive(
    st.integers(0, 3) | st.text("ab", max_size=2),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text("xy", max_size=2), inner),
    max_leaves=60,
)


@settings(max_examples=300, deadline=None)
@given(values, st.integers(28, 36))
def test_too_deep_on_random_documents(value, depth):
    from jap_tracker.tomlfile import _deep_path, _too_deep

    doc = {"v": nested(depth, value), "w": value}
    assert _too_deep(doc) == _deep_path(doc)
