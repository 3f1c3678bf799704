"""What each key of a plan file accepts, in plain Python: the rule of every field type (the
one home of each rule: ``schema``'s pydantic models call these same functions), the keys of
each table, and ``accept``, the fast judge of a whole document.

``accept`` says yes only to a document that every rule accepts, and then gives the values that
``schema``'s models would give; at the first doubt it says None and the loader asks ``schema``
(pydantic), which finds every problem and locates it. So a valid plan file is read without
importing pydantic, and a broken one gets exactly the diagnostics it always got. The tables
below name the same keys, defaults and rules as the models' fields: tests/test_planfields.py
checks that they agree field by field, and that ``accept`` and pydantic agree on the shipped
plans, the error catalogue and hypothesis-made documents, valid and not.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from typing import Any

from jap_tracker import codes
from jap_tracker.model import Text, parse_pillar
from jap_tracker.named import NamedTuple
from jap_tracker.records.rules import BOUND_TEXT, bounded

ID_PATTERN = re.compile(r"[A-Za-z0-9._-]+")  # whole value: fullmatch


# ---- the rule of each field type (each raises ValueError with what to fix) -----------------


def kind(value: Any) -> str:
    """What a value is, as a message names it ("the number 3", "a table")."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, str):
        return f"the string {value!r}" if len(value) < 40 else "a string"
    if isinstance(value, dt.datetime):
        return "a date-time"
    if isinstance(value, dt.date):
        return "a date"
    if isinstance(value, dt.time):
        return "a time"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def an_id(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"must be a string, not {kind(value)}")
    if not ID_PATTERN.fullmatch(value):
        raise ValueError(f"{value!r} is not a valid id: use only letters, digits, '.', '_' and '-'")
    return value


def a_text(value: Any) -> Text:
    if isinstance(value, str):
        if not value.strip():
            raise ValueError("must not be empty")
        return {"": value}  # the plan's language, filled in later
    if isinstance(value, dict):
        if not value:
            raise ValueError("a table of languages needs at least one language")
        out: Text = {}
        problems: list[str] = []
        for lang, text in value.items():
            if not codes.is_language(lang):
                hint = " (language codes are lower case)" if codes.is_language(lang.lower()) else ""
                problems.append(f"{lang!r} is not an ISO 639-1 language code{hint}")
            elif not isinstance(text, str) or not text.strip():
                problems.append(f"the {lang!r} text must be a non-empty string")
            else:
                out[lang] = text
        if problems:
            raise ValueError("; ".join(problems) + " (use codes such as en, fr, ru)")
        return out
    raise ValueError(
        f'must be a string or a table of languages like {{ en = "..." }}, not {kind(value)}'
    )


def a_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise ValueError(
            f"must be a TOML date like 2024-06-30 (no quotes, no time), not {kind(value)}"
        )
    return value


def a_number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"must be a number, not {kind(value)}")
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        raise ValueError("must be a finite number")
    if not bounded(number):
        raise ValueError(f"is too large: numbers must be {BOUND_TEXT}")
    return number


def positive(value: float) -> float:
    if value <= 0:
        raise ValueError(f"must be greater than 0, not {value:g}")
    return value


def a_weight(value: Any) -> float:
    return positive(a_number(value))


def a_pillar(value: Any) -> str:
    pillar = parse_pillar(value)
    if pillar is None:
        raise ValueError(f'must be "I", "II", "III" or "IV" (or 1 to 4), not {value!r}')
    return pillar


def countries(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise ValueError(f"must be a list of ISO 3166-1 alpha-2 codes, not {kind(value)}")
    out: list[str] = []
    problems: list[str] = []
    for code in value:
        norm = codes.normalize_country(code) if isinstance(code, str) else None
        if norm is None:
            problems.append(codes.country_problem(code))
        elif norm in out:
            problems.append(f"{norm} is listed twice")
        else:
            out.append(norm)
    if problems:
        raise ValueError("; ".join(problems) + " (codes look like KZ, KG, TJ, TM, UZ)")
    return tuple(out)


def a_language(value: Any) -> str:
    if not isinstance(value, str) or not codes.is_language(value):
        raise ValueError(f"{value!r} is not an ISO 639-1 language code (for example en, fr, ru)")
    return value


def strings(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise ValueError(f"must be a list of strings, not {kind(value)}")
    for element in value:
        if not isinstance(element, str):
            raise ValueError(f"must be a list of strings; {element!r} is {kind(element)}")
    return tuple(value)


def a_string(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"must be a string, not {kind(value)}")
    return value


def a_table(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError(f"must be a table, not {kind(value)}")
    return value


def target_differs(target: float, baseline: float | None) -> None:
    """An indicator's target must differ from its baseline (else progress is undefined)."""
    if baseline is not None and target == baseline:
        raise ValueError(f"must differ from baseline ({baseline:g})")


def end_after_start(start: dt.date | None, end: dt.date | None) -> None:
    if start and end and start > end:
        raise ValueError(f"is before start ({start})")


# ---- the keys of each table -----------------------------------------------------------------


class Key(NamedTuple):
    name: str
    rule: Callable[[Any], Any] | str  # a rule above, or the name of a list of tables
    default: Any = ...  # ... : required; a list or a dict: a new empty one each time


REQUIRED = ...

INDICATOR: tuple[Key, ...] = (
    Key("id", an_id),
    Key("title", a_text),
    Key("unit", a_string, None),
    Key("baseline", a_number, 0.0),
    Key("target", a_number),
    Key("description", a_text, None),
)
ITEM: tuple[Key, ...] = (
    Key("id", an_id),
    Key("title", a_text),
    Key("pillar", a_pillar),
    Key("start", a_date, None),
    Key("due", a_date, None),
    Key("lead", strings, ()),
    Key("partners", strings, ()),
    Key("weight", a_weight, 1.0),
    Key("tags", strings, ()),
    Key("description", a_text, None),
    Key("countries", countries, None),
    Key("indicator", "indicator", []),
    Key("extra", a_table, {}),
)
PLAN: tuple[Key, ...] = (
    Key("id", an_id),
    Key("title", a_text),
    Key("start", a_date, None),
    Key("end", a_date, None),
    Key("parties", strings, ()),
    Key("source", a_string, None),
    Key("description", a_text, None),
    Key("countries", countries, ()),
    Key("lang", a_language, "en"),
)
FILE: tuple[Key, ...] = (Key("plan", "plan"), Key("item", "item", []))

TABLES: dict[str, tuple[Key, ...]] = {"": FILE, "plan": PLAN, "item": ITEM, "indicator": INDICATOR}


# ---- a document judged, fast ----------------------------------------------------------------


class _Doubt(Exception):
    """Something a rule refused, or a shape the fast path does not judge: ask pydantic."""


def _table(value: Any, keys: tuple[Key, ...]) -> dict[str, Any]:
    if not isinstance(value, dict) or not value.keys() <= {k.name for k in keys}:
        raise _Doubt
    out: dict[str, Any] = {}
    for key in keys:
        if key.name not in value:
            if key.default is REQUIRED:
                raise _Doubt
            default = key.default
            out[key.name] = type(default)() if isinstance(default, list | dict) else default
        elif isinstance(key.rule, str):
            found = value[key.name]
            nested = TABLES[key.rule]
            if key.rule == "plan":
                out[key.name] = _table(found, nested)
            elif isinstance(found, list):
                out[key.name] = [_table(element, nested) for element in found]
            else:
                raise _Doubt
        else:
            try:
                out[key.name] = key.rule(value[key.name])
            except ValueError:
                raise _Doubt from None
    return out


def accept(doc: dict[str, Any]) -> dict[str, Any] | None:
    """A plan file's document as plain values, table by table (what ``schema.validate`` gives,
    as ``schema.as_values`` writes it), when every rule accepts it; else None."""
    try:
        values = _table(doc, FILE)
        end_after_start(values["plan"]["start"], values["plan"]["end"])
        for item in values["item"]:
            for indicator in item["indicator"]:
                target_differs(indicator["target"], indicator["baseline"])
    except (_Doubt, ValueError):
        return None
    return values
