"""What ``jap check`` found, for people and for machines (spec section 16): the kind ``check``
of the renderer table. A :class:`CheckResult` holds the located problems of the plan and
journal files and the unmet thresholds (no file, no line); ``json`` is the document an editor
extension, a pre-commit hook or a script reads, ``github`` one GitHub Actions workflow command
per problem (an annotation on the line), ``table`` the line of a check that passed (the
problems of a failed one go to standard error, as every command's do: cli/app.py).
"""

from __future__ import annotations

from typing import Any

from jap_tracker.diagnostics import (
    ERROR,
    WARNING,
    Diagnostic,
    counted,
    printable,
    sort_diagnostics,
)
from jap_tracker.named import NamedTuple


class CheckResult(NamedTuple):
    problems: tuple[Diagnostic, ...]  # located: plan and journal files
    failures: tuple[str, ...]  # thresholds not met (--fail-under, --fail-on-...), unlocated
    plans: int = 0
    items: int = 0
    records: int = 0

    @property
    def ok(self) -> bool:
        return not self.failures and not any(d.severity == ERROR for d in self.problems)


def problem_data(result: CheckResult) -> list[dict[str, Any]]:
    """Every problem as plain data: located ones sorted, then the thresholds not met."""
    out: list[dict[str, Any]] = [
        {
            "file": d.path,
            "line": d.line or None,
            "column": d.column or None,
            "severity": WARNING if d.severity == WARNING else ERROR,
            "message": d.message,
        }
        for d in sort_diagnostics(result.problems)
    ]
    out += [
        {"file": None, "line": None, "column": None, "severity": ERROR, "message": failure}
        for failure in result.failures
    ]
    return out


def render_json(result: CheckResult, lang: str = "en") -> str:
    from jap_tracker.render.jsontext import SCHEMA_VERSION, dumps

    return dumps(
        {"schema_version": SCHEMA_VERSION, "ok": result.ok, "problems": problem_data(result)}
    )


def _escape_data(text: str) -> str:
    """A workflow command's message: ``%``, CR and LF escaped as GitHub reads them back; any
    other control character written as an escape (``\\x1b``), never sent to the log."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return printable(text)


def _escape_property(text: str) -> str:
    """A workflow command's property value (``file=...``): also ``:`` and ``,``."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(result: CheckResult, lang: str = "en") -> str:
    """``::error file=F,line=L[,col=C]::MESSAGE`` (``::warning`` for a warning) a problem; a
    threshold not met, which no line holds, as ``::error::MESSAGE``."""
    lines = []
    for problem in problem_data(result):
        where = []
        if problem["file"] is not None:
            where.append(f"file={_escape_property(problem['file'])}")
        if problem["line"] is not None:
            where.append(f"line={problem['line']}")
            if problem["column"] is not None:
                where.append(f"col={problem['column']}")
        props = " " + ",".join(where) if where else ""
        lines.append(f"::{problem['severity']}{props}::{_escape_data(problem['message'])}\n")
    return "".join(lines)


def render_table(result: CheckResult, lang: str = "en", console: Any = None) -> str:
    """The line of a check that passed (its warnings are on standard error)."""
    plans, items = counted(result.plans, "plan", "plans"), counted(result.items, "item", "items")
    records = counted(result.records, "journal record", "journal records")
    return f"ok: {plans}, {items}, {records}, no problems\n"
