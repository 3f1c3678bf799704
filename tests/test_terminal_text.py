"""Text from files and command lines shown on a terminal: printable() and plain()."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jap_tracker.diagnostics import Diagnostic, plain, printable

# What a terminal must never receive raw: C0 and C1 controls, DEL, the Unicode line and
# paragraph separators, the bidirectional embeddings, overrides and isolates, and the invisible
# characters (zero-width space, direction marks, word joiner, byte-order mark).
UNSAFE = {*map(chr, range(0x20)), *map(chr, range(0x7F, 0xA0)), "\u2028", "\u2029"}
UNSAFE |= {*map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A))}
UNSAFE |= set("\u200b\u200e\u200f\u061c\u2060\ufeff")


@pytest.mark.parametrize(
    ("text", "shown", "one_line"),
    [
        ("Ana María", "Ana María", "Ana María"),
        ("red\x1b[31m", "red\\x1b[31m", "red\\x1b[31m"),
        ("a\tb\nc", "a\\x09b\\x0ac", "a b c"),
        ("csi\x9b", "csi\\x9b", "csi\\x9b"),
        ("evil\u202egnp.exe", "evil\\u202egnp.exe", "evil\\u202egnp.exe"),
        ("line\u2028break", "line\\u2028break", "line\\u2028break"),
        ("Казахстан — 44 %", "Казахстан — 44 %", "Казахстан — 44 %"),
    ],
)
def test_control_characters_are_written_as_escapes(text: str, shown: str, one_line: str):
    assert printable(text) == shown
    assert plain(text) == one_line


@given(st.text())
def test_nothing_unsafe_gets_through_and_safe_text_is_unchanged(text: str):
    for shown in (printable(text), plain(text)):
        assert not UNSAFE & set(shown)
    if not UNSAFE & set(text):
        assert printable(text) == plain(text) == text


def test_a_diagnostic_escapes_its_path_and_message():
    d = Diagnostic("plans/a\u2028.toml", 3, 0, "bad", "item 'A-1\u2028' \x1b[2J")
    assert d.format() == "plans/a\\u2028.toml:3: item 'A-1\\u2028' \\x1b[2J"


def test_json_writes_what_a_terminal_acts_on_as_escapes():
    import json

    from jap_tracker.render.jsonfmt import dumps

    text = dumps({"title": "a\u2028b\u202ec\x9bd\x1b"})
    assert text == '{\n  "title": "a\\u2028b\\u202ec\\u009bd\\u001b"\n}\n'
    assert json.loads(text) == {"title": "a\u2028b\u202ec\x9bd\x1b"}  # the same string
