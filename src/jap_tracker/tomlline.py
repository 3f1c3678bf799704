"""TOML values and keys on one line, as tomli-w formats them: the journal's records
(journal/lines.py) and the plan files that ``jap import`` writes (plantext.py) use the same.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def toml_value(value: Any) -> str:
    """One TOML value, formatted by tomli-w, on one line (tables inline, ``{}`` when empty)."""
    if isinstance(value, Mapping):
        inner = ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items())
        return "{ " + inner + " }" if inner else "{}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    import tomli_w  # here: reading the journal (journal/lines.py) writes nothing (~1 ms)

    return tomli_w.dumps({"v": value})[4:-1]


def toml_key(key: str) -> str:
    """A key as TOML writes it: bare where it can be, else quoted."""
    import tomli_w

    return tomli_w.dumps({key: 0})[:-5]
