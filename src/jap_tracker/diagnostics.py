"""Diagnostics: one shape for every problem found in a file or on the command line.

A diagnostic carries its location from the moment it is made. Checks collect diagnostics and
return them; they never raise. The CLI prints them sorted, one ``FILE:LINE: message`` a line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from jap_tracker.named import NamedTuple

ERROR = "error"
WARNING = "warning"

# Control characters (C0, DEL, C1), the Unicode line and paragraph separators, and
# bidirectional overrides: never sent to a terminal.
_UNSAFE = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    # invisible: zero-width space, the marks of direction (left-to-right, right-to-left,
    # Arabic letter), word joiner, byte-order mark (ZWNJ and ZWJ stay: words need them)
    r"\u200b\u200e\u200f\u061c\u2060\ufeff]"
)


def printable(text: str) -> str:
    """``text`` on one line with every control character written as an escape (``\\x1b``)."""
    return _UNSAFE.sub(
        lambda m: f"\\x{ord(m.group()):02x}" if m.group() <= "\xff" else f"\\u{ord(m.group()):04x}",
        text,
    )


def plain(text: str) -> str:
    """File text for a terminal, on one line: tabs and line breaks as spaces, any other control
    character as an escape (``\\x1b``, ``\\u202e``), never sent."""
    if text.isprintable():  # no control, separator or format character: nothing to change
        return text
    return printable(text.replace("\n", " ").replace("\t", " "))


class Diagnostic(NamedTuple):
    path: str
    line: int  # 1-based; 0 when the problem concerns the file as a whole
    column: int  # 1-based; 0 when unknown
    code: str  # stable identifier, e.g. "unknown-key"
    message: str
    severity: str = ERROR

    def format(self) -> str:
        where = printable(self.path)
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        prefix = "warning: " if self.severity == WARNING else ""
        return f"{where}: {prefix}{printable(self.message)}"

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.message)


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return sorted(set(diagnostics), key=Diagnostic.sort_key)


def english_plural(singular: str, plural: str, n: int) -> str:
    """English's rule: the singular for one, else the plural (the labels' message ids follow
    it too; other languages take their catalogue's rule)."""
    return singular if n == 1 else plural


def counted(n: int, noun: str, nouns: str) -> str:
    """``1 plan``, ``2 plans``: a count and its noun in messages, which stay in English."""
    return f"{n} {english_plural(noun, nouns, n)}"


def summary_line(diagnostics: list[Diagnostic]) -> str:
    errors = sum(1 for d in diagnostics if d.severity == ERROR)
    warnings = len(diagnostics) - errors
    parts = [counted(errors, "error", "errors")]
    if warnings:
        parts.append(counted(warnings, "warning", "warnings"))
    files = len({d.path for d in diagnostics})
    return f"{', '.join(parts)} in {counted(files, 'file', 'files')}"


def closest(word: str, choices: Iterable[str], n: int = 3) -> list[str]:
    """The known names nearest to ``word``, best first (empty when none is close)."""
    pool = list(choices)
    import difflib

    found = difflib.get_close_matches(word, pool, n=n, cutoff=0.6)
    if not found:
        lowered = {c.lower(): c for c in pool}
        found = [lowered[m] for m in difflib.get_close_matches(word.lower(), lowered, n, 0.6)]
    return found


class UsageError(Exception):
    """The command line itself is wrong (exit code 2). ``option`` names what to fix, ``hint``
    says how (else the command's help is the hint)."""

    def __init__(self, message: str, option: str | None = None, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.option = option
        self.hint = hint


class CheckFailed(Exception):
    """Files were invalid or a threshold was not met (exit code 1)."""

    def __init__(self, diagnostics: list[Diagnostic], message: str | None = None) -> None:
        super().__init__(message or "invalid files")
        self.diagnostics = diagnostics
        self.message = message


# Journal records that no longer match the plans: errors for jap check, warnings elsewhere.
JOURNAL_PROBLEMS = frozenset({"unknown-item", "unknown-indicator", "unknown-country"})


def split_problems(diagnostics: list[Diagnostic]) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """(fatal, warnings) for commands other than ``check``: journal records that no longer
    match the plans only warn there."""
    fatal: list[Diagnostic] = []
    warnings: list[Diagnostic] = []
    for d in diagnostics:
        if d.severity != ERROR:
            warnings.append(d)
        elif d.code in JOURNAL_PROBLEMS:
            warnings.append(d._replace(severity="warning"))
        else:
            fatal.append(d)
    return fatal, warnings
