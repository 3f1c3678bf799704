"""The TOML parser of plan files (``parser()``): the standard library's own, ``tomllib``, with its
basic strings scanned a run of plain characters at a time instead of one character at a time.

``tomllib``'s ``parse_basic_str`` walks a string in a Python loop that stops only at a quote, a
backslash or a character it refuses, and steps over every other one. Plan files are mostly
long texts (titles, descriptions), so that loop was 40% of tomllib's time on the shipped plans.
Here the parser's module is run again as a private copy (its compiled code, in a module of its
own: ``tomllib`` itself is left as it is, for every other caller), whose ``parse_basic_str`` skips
each run of the characters the loop steps over with one regular expression made from the
parser's own sets of refused characters, then does what the loop does at the character it
stops at. So the copy gives the same values, and the same errors at the same positions, as
``tomllib`` (tests/test_tomlparse.py compares them on the shipped plans, the error catalogue
and random documents). On a Python whose parser is not, to the byte, the one checked (3.11 to
3.13 have the same ``tomllib._parser``), or where the copy cannot be made, ``tomllib`` itself.
"""

from __future__ import annotations

import re
import sys
import tomllib
from collections.abc import Callable
from types import ModuleType
from typing import Any

from jap_tracker.named import NamedTuple

CHECKED = ((3, 11), (3, 12), (3, 13))  # the Pythons whose tomllib._parser this was checked on
# ...and the source it was checked on there (the same text in 3.11.7, 3.12.1 and 3.13.0): a
# release whose parser differs in any way gets tomllib itself. (size, CRC-32 of the UTF-8)
CHECKED_SOURCE = (22631, 0xDD4F763E)


class Parser(NamedTuple):
    loads: Callable[[str], dict[str, Any]]
    error: type[ValueError]  # what ``loads`` raises for a document that is not TOML


_PARSER: list[Parser] = []


def parser() -> Parser:
    """The fast copy of tomllib's parser (made on first use), else tomllib."""
    if not _PARSER:
        copy = None
        if sys.version_info[:2] in CHECKED:
            try:
                copy = _fast_copy()
            except Exception:  # another shape than checked: tomllib as it is
                copy = None
        _PARSER.append(copy or Parser(tomllib.loads, tomllib.TOMLDecodeError))
    return _PARSER[0]


def _fast_copy() -> Parser:
    import zlib
    from tomllib import _parser  # type: ignore[attr-defined]

    source = _parser.__loader__.get_source(_parser.__name__).encode()
    if (len(source), zlib.crc32(source)) != CHECKED_SOURCE:
        raise ValueError("not the tomllib parser that was checked")
    code = _parser.__loader__.get_code(_parser.__name__)
    module = ModuleType(f"{__name__}._copy")
    module.__package__ = _parser.__package__  # its relative imports: tomllib's own modules
    exec(code, module.__dict__)
    module.parse_basic_str = _fast_basic_str(module)  # type: ignore[attr-defined]
    return Parser(module.loads, module.TOMLDecodeError)


def _fast_basic_str(p: ModuleType) -> Callable[..., tuple[int, str]]:
    """``p.parse_basic_str`` (tomllib 3.11-3.13, the same code), but each run of characters its
    loop would step over one by one skipped by a regular expression."""
    escape, escape_multiline = p.parse_basic_str_escape, p.parse_basic_str_escape_multiline
    illegal, illegal_multiline = p.ILLEGAL_BASIC_STR_CHARS, p.ILLEGAL_MULTILINE_BASIC_STR_CHARS
    suffixed_err = p.suffixed_err

    def plain(refused: frozenset[str]) -> Callable[[str, int], re.Match[str] | None]:
        stops = "".join(sorted({'"', "\\", *refused}))
        return re.compile(f"[^{re.escape(stops)}]*").match

    plain_one, plain_multi = plain(illegal), plain(illegal_multiline)

    def parse_basic_str(src: str, pos: int, *, multiline: bool) -> tuple[int, str]:
        if multiline:
            error_on, parse_escapes, skip = illegal_multiline, escape_multiline, plain_multi
        else:
            error_on, parse_escapes, skip = illegal, escape, plain_one
        result = ""
        start_pos = pos
        while True:
            pos = skip(src, pos).end()  # type: ignore[union-attr]  # (``*`` always matches)
            try:
                char = src[pos]
            except IndexError:
                raise suffixed_err(src, pos, "Unterminated string") from None
            if char == '"':
                if not multiline:
                    return pos + 1, result + src[start_pos:pos]
                if src.startswith('"""', pos):
                    return pos + 3, result + src[start_pos:pos]
                pos += 1
                continue
            if char == "\\":
                result += src[start_pos:pos]
                pos, parsed_escape = parse_escapes(src, pos)
                result += parsed_escape
                start_pos = pos
                continue
            if char in error_on:
                raise suffixed_err(src, pos, f"Illegal character {char!r}")
            pos += 1  # (not reached: the expression stops only at the three above)

    return parse_basic_str
