"""What a plan file may hold, as pydantic input models of its tables and keys (built on the rules
of ``planfields``), and the mapping of pydantic's errors to located diagnostics. Each field type
also says what it accepts as JSON Schema (plan_schema.py, ``jap schema``). ``loader`` asks
``planfields.accept`` first and this module only about a document that it doubts, so pydantic
is imported for broken files (and ``jap schema``) alone.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)

from jap_tracker.diagnostics import Diagnostic, closest
from jap_tracker.model import Text, parse_status
from jap_tracker.plan_schema import LANGUAGE, PILLAR, STRINGS, TEXT
from jap_tracker.planfields import (
    ID_PATTERN,
    TABLES,
    a_date,
    a_language,
    a_number,
    a_pillar,
    a_string,
    a_table,
    a_text,
    a_weight,
    an_id,
    countries,
    end_after_start,
    strings,
    target_differs,
)
from jap_tracker.sourcemap import build_source_map, locate

# ---- field types ----------------------------------------------------------------------------

Id = Annotated[
    str,
    BeforeValidator(an_id),
    WithJsonSchema({"type": "string", "pattern": "^[A-Za-z0-9._-]+$(?!\\n)"}),
]
TextField = Annotated[Text, BeforeValidator(a_text), WithJsonSchema(TEXT)]
DateField = Annotated[
    dt.date, BeforeValidator(a_date), WithJsonSchema({"type": "string", "format": "date"})
]
Number = Annotated[float, BeforeValidator(a_number), WithJsonSchema({"type": "number"})]
Weight = Annotated[
    float,
    BeforeValidator(a_weight),
    WithJsonSchema({"type": "number", "exclusiveMinimum": 0}),
]
PillarField = Annotated[str, BeforeValidator(a_pillar), WithJsonSchema(PILLAR)]
Countries = Annotated[
    tuple[str, ...],
    BeforeValidator(countries),
    WithJsonSchema(
        {"type": "array", "items": {"type": "string", "pattern": "^[A-Za-z]{2}$(?!\\n)"}}
    ),
]
Strings = Annotated[tuple[str, ...], BeforeValidator(strings), WithJsonSchema(STRINGS)]
String = Annotated[str, BeforeValidator(a_string), WithJsonSchema({"type": "string"})]
Language = Annotated[str, BeforeValidator(a_language), WithJsonSchema(LANGUAGE)]
Table = Annotated[
    dict[str, Any],
    BeforeValidator(a_table),
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
        target_differs(target, info.data.get("baseline"))
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
        end_after_start(info.data.get("start"), end)
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
    table: [key.name for key in keys] for table, keys in TABLES.items()
}


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


def _recorded_in_journal(doc: Any, loc: tuple[str | int, ...]) -> str:
    """For a key of an item that an update records (``status``, ``progress``): where it goes
    instead, as the command to run; else ""."""
    if len(loc) != 3 or loc[0] != "item" or loc[2] not in ("status", "progress"):
        return ""
    try:
        item, value = doc["item"][loc[1]].get("id"), doc["item"][loc[1]][loc[2]]
    except (KeyError, IndexError, TypeError, AttributeError):
        item = value = None
    ident = item if isinstance(item, str) and ID_PATTERN.fullmatch(item) else "ITEM"
    if loc[2] == "status":
        status = parse_status(value) if isinstance(value, str) else None
        shown = status or "STATUS"
    else:
        shown = (
            f"{value:g}" if isinstance(value, int | float) and not isinstance(value, bool) else "N"
        )
    return (
        f": an item's {loc[2]} is not written in its plan file but recorded in the journal, "
        f"with `jap update {ident} --{loc[2]} {shown}`"
    )


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
            recorded = _recorded_in_journal(doc, loc)
            value = doc.get(key) if len(loc) == 1 and isinstance(doc, dict) else None
            if recorded:
                message += recorded
            elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
                message = f"unknown table [[{key}]]"  # an array of tables, as written
                if near:
                    message += f" (did you mean [[{near[0]}]]?)"
            elif near:
                message += f" (did you mean '{near[0]}'?)"
            elif known:
                message += f"; known keys: {', '.join(known)}"
            if context and context[0] == "item" and not recorded:
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


def as_values(model: BaseModel) -> dict[str, Any]:
    """A judged document as plain values, table by table, the way ``planfields.accept`` gives
    them: each model a dict of its fields, in order."""
    out: dict[str, Any] = {}
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            value = as_values(value)
        elif isinstance(value, list):
            value = [as_values(v) if isinstance(v, BaseModel) else v for v in value]
        out[name] = value
    return out
