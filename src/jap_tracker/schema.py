"""What a plan file may hold: the pydantic input models of its tables and keys, the mapping of
pydantic's errors to located diagnostics. Each field type also says what it accepts as JSON
Schema (plan_schema.py, ``jap schema``). ``loader`` reads the bytes and the TOML, asks this
module to judge the document, and builds the ``model`` values from what it accepts.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)

from jap_tracker import codes
from jap_tracker.diagnostics import Diagnostic, closest
from jap_tracker.model import Text, parse_pillar
from jap_tracker.plan_schema import LANGUAGE, PILLAR, STRINGS, TEXT
from jap_tracker.records.rules import BOUND_TEXT, bounded
from jap_tracker.sourcemap import build_source_map, locate

ID_PATTERN = re.compile(r"[A-Za-z0-9._-]+")  # whole value: fullmatch


# ---- field types ----------------------------------------------------------------------------


def _id(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"must be a string, not {_kind(value)}")
    if not ID_PATTERN.fullmatch(value):
        raise ValueError(f"{value!r} is not a valid id: use only letters, digits, '.', '_' and '-'")
    return value


def _text(value: Any) -> Text:
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
        f'must be a string or a table of languages like {{ en = "..." }}, not {_kind(value)}'
    )


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise ValueError(
            f"must be a TOML date like 2024-06-30 (no quotes, no time), not {_kind(value)}"
        )
    return value


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"must be a number, not {_kind(value)}")
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        raise ValueError("must be a finite number")
    if not bounded(number):
        raise ValueError(f"is too large: numbers must be {BOUND_TEXT}")
    return number


def _positive(value: float) -> float:
    if value <= 0:
        raise ValueError(f"must be greater than 0, not {value:g}")
    return value


def _pillar(value: Any) -> str:
    pillar = parse_pillar(value)
    if pillar is None:
        raise ValueError(f'must be "I", "II", "III" or "IV" (or 1 to 4), not {value!r}')
    return pillar


def _countries(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise ValueError(f"must be a list of ISO 3166-1 alpha-2 codes, not {_kind(value)}")
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


def _language(value: Any) -> str:
    if not isinstance(value, str) or not codes.is_language(value):
        raise ValueError(f"{value!r} is not an ISO 639-1 language code (for example en, fr, ru)")
    return value


def _strings(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise ValueError(f"must be a list of strings, not {_kind(value)}")
    for element in value:
        if not isinstance(element, str):
            raise ValueError(f"must be a list of strings; {element!r} is {_kind(element)}")
    return tuple(value)


def _string(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"must be a string, not {_kind(value)}")
    return value


def _table(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError(f"must be a table, not {_kind(value)}")
    return value


Id = Annotated[
    str,
    BeforeValidator(_id),
    WithJsonSchema({"type": "string", "pattern": "^[A-Za-z0-9._-]+$(?!\\n)"}),
]
TextField = Annotated[Text, BeforeValidator(_text), WithJsonSchema(TEXT)]
DateField = Annotated[
    dt.date, BeforeValidator(_date), WithJsonSchema({"type": "string", "format": "date"})
]
Number = Annotated[float, BeforeValidator(_number), WithJsonSchema({"type": "number"})]
Weight = Annotated[
    float,
    BeforeValidator(_number),
    AfterValidator(_positive),
    WithJsonSchema({"type": "number", "exclusiveMinimum": 0}),
]
PillarField = Annotated[str, BeforeValidator(_pillar), WithJsonSchema(PILLAR)]
Countries = Annotated[
    tuple[str, ...],
    BeforeValidator(_countries),
    WithJsonSchema(
        {"type": "array", "items": {"type": "string", "pattern": "^[A-Za-z]{2}$(?!\\n)"}}
    ),
]
Strings = Annotated[tuple[str, ...], BeforeValidator(_strings), WithJsonSchema(STRINGS)]
String = Annotated[str, BeforeValidator(_string), WithJsonSchema({"type": "string"})]
Language = Annotated[str, BeforeValidator(_language), WithJsonSchema(LANGUAGE)]
Table = Annotated[
    dict[str, Any],
    BeforeValidator(_table),
    WithJsonSchema({"type": "object", "description": "Free-form: kept and shown, never read"}),
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class IndicatorIn(_Strict):
    id: Id
    title: TextField
    unit: String | None = None
    baseline: Number = 0.0
    target: Number
    description: TextField | None = None

    @field_validator("target")
    @classmethod
    def _target_differs(cls, target: float, info: ValidationInfo) -> float:
        baseline = info.data.get("baseline")
        if baseline is not None and target == baseline:
            raise ValueError(f"must differ from baseline ({baseline:g})")
        return target


class ItemIn(_Strict):
    id: Id
    title: TextField
    pillar: PillarField
    start: DateField | None = None
    due: DateField | None = None
    lead: Strings = ()
    partners: Strings = ()
    weight: Weight = 1.0
    tags: Strings = ()
    description: TextField | None = None
    countries: Countries | None = None
    indicator: list[IndicatorIn] = Field(default_factory=list)
    extra: Table = Field(default_factory=dict)

    @field_validator("indicator", mode="before")
    @classmethod
    def _indicator_list(cls, value: Any) -> Any:
        if not isinstance(value, list):
            raise ValueError("must be written as [[item.indicator]] tables")
        return value


class PlanIn(_Strict):
    id: Id
    title: TextField
    start: DateField | None = None
    end: DateField | None = None
    parties: Strings = ()
    source: String | None = None
    description: TextField | None = None
    countries: Countries = ()
    lang: Language = "en"

    @field_validator("end")
    @classmethod
    def _start_before_end(cls, end: dt.date | None, info: ValidationInfo) -> dt.date | None:
        start = info.data.get("start")
        if start and end and start > end:
            raise ValueError(f"is before start ({start})")
        return end


class PlanFileIn(_Strict):
    plan: PlanIn
    item: list[ItemIn] = Field(default_factory=list)

    @field_validator("item", mode="before")
    @classmethod
    def _item_list(cls, value: Any) -> Any:
        if not isinstance(value, list):
            raise ValueError("items must be written as [[item]] tables")
        return value


_KNOWN_KEYS: dict[str, list[str]] = {
    "": ["plan", "item"],
    "plan": list(PlanIn.model_fields),
    "item": list(ItemIn.model_fields),
    "indicator": list(IndicatorIn.model_fields),
}


def _kind(value: Any) -> str:
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


# ---- pydantic's errors, located -------------------------------------------------------------


def _section(path: tuple[str | int, ...]) -> str:
    names = [p for p in path if isinstance(p, str)]
    if not names:
        return "the file"
    if names[-1] == "indicator" or "indicator" in names:
        return "[[item.indicator]]"
    if names[0] == "item":
        return "[[item]]"
    return f"[{names[0]}]"


def _context(doc: Any, loc: tuple[str | int, ...]) -> str:
    """ " (item 'A-1', indicator 'x')" for a location inside an item, where ids are known."""
    names: list[str] = []
    node = doc
    for i, part in enumerate(loc[:-1]):
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(part, int) and isinstance(node, dict) and i > 0:
            kind = loc[i - 1]
            ident = node.get("id")
            if kind in ("item", "indicator") and isinstance(ident, str):
                names.append(f"{kind} '{ident}'")
    return f" ({', '.join(names)})" if names else ""


def _key_name(loc: tuple[str | int, ...]) -> str:
    parts = list(loc)
    tail: list[str] = []
    while parts and isinstance(parts[-1], int):
        tail.insert(0, f"[{parts.pop()}]")
    return (str(parts[-1]) if parts else "value") + "".join(tail)


def validation_diagnostics(
    exc: ValidationError, text: str, path: str, doc: Any
) -> list[Diagnostic]:
    source_map = build_source_map(text)
    out: list[Diagnostic] = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        kind = error["type"]
        if kind == "missing":
            parent, key = loc[:-1], loc[-1]
            line, col = locate(source_map, parent)
            if not parent:
                message = (
                    f"missing [{key}] table with id and title"
                    if key == "plan"
                    else (f"missing required key '{key}'")
                )
                line = line or 1
            else:
                message = f"missing required key '{key}' in {_section(parent)}{_context(doc, loc)}"
        elif kind == "extra_forbidden":
            key = str(loc[-1])
            line, col = locate(source_map, loc)
            context = [p for p in loc[:-1] if isinstance(p, str)]
            known = _KNOWN_KEYS.get(context[-1] if context else "", [])
            near = closest(key, known, n=1)
            where = f" in {_section(loc[:-1])}" if context else ""
            message = f"unknown key '{key}'{where}{_context(doc, loc)}"
            if near:
                message += f" (did you mean '{near[0]}'?)"
            elif known:
                message += f"; known keys: {', '.join(known)}"
            if context and context[0] == "item":
                message += "; put free-form data in [item.extra]"
        else:
            line, col = locate(source_map, loc)
            msg = error["msg"]
            if msg.startswith("Value error, "):
                msg = msg[len("Value error, ") :]
            elif kind == "model_type":
                msg = "must be a table"
            elif kind == "list_type":
                msg = "must be a list"
            message = f"'{_key_name(loc)}': {msg}{_context(doc, loc)}" if loc else msg
        out.append(Diagnostic(path, line, col, kind.replace("_", "-"), message))
    return out


# ---- a document judged ----------------------------------------------------------------------


def validate(doc: dict[str, Any], text: str, path: str) -> PlanFileIn | list[Diagnostic]:
    """A plan file's TOML document, judged: the input model, else diagnostics located in
    ``text``. A ``RecursionError`` (values nested beyond what pydantic follows) is the
    caller's to report."""
    try:
        return PlanFileIn.model_validate(doc)
    except ValidationError as exc:
        return validation_diagnostics(exc, text, path, doc)
