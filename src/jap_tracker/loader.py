"""The only reader of plan files: bytes -> tomllib -> pydantic validation -> model values.

Every problem in every file is collected as a located diagnostic; nothing here raises on bad
input. Plan files are only read, never written.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import tomllib
from collections.abc import Callable
from pathlib import Path as FsPath
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from jap_tracker import codes
from jap_tracker.diagnostics import Diagnostic, closest
from jap_tracker.model import Indicator, Item, Plan, Text, Workspace, parse_pillar
from jap_tracker.sourcemap import build_source_map, locate

ID_PATTERN = re.compile(r"^[A-Za-z0-9._-]+$")
MAX_DEPTH = 32
_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


# ---- field types ----------------------------------------------------------------------------


def _id(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"must be a string, not {_kind(value)}")
    if not ID_PATTERN.match(value):
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
        for lang, text in value.items():
            if not codes.is_language(lang):
                raise ValueError(
                    f"{lang!r} is not an ISO 639-1 language code (for example en, fr, ru)"
                )
            if not isinstance(text, str) or not text.strip():
                raise ValueError(f"the {lang!r} text must be a non-empty string")
            out[lang] = text
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
    if not math.isfinite(value):
        raise ValueError("must be a finite number")
    return float(value)


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
    for code in value:
        norm = codes.normalize_country(code) if isinstance(code, str) else None
        if norm is None:
            raise ValueError(
                f"{code!r} is not an ISO 3166-1 alpha-2 country code "
                "(for example KZ, KG, TJ, TM, UZ)"
            )
        if norm in out:
            raise ValueError(f"{norm} is listed twice")
        out.append(norm)
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


Id = Annotated[str, BeforeValidator(_id)]
TextField = Annotated[Text, BeforeValidator(_text)]
DateField = Annotated[dt.date, BeforeValidator(_date)]
Number = Annotated[float, BeforeValidator(_number)]
Weight = Annotated[float, BeforeValidator(_number), AfterValidator(_positive)]
PillarField = Annotated[str, BeforeValidator(_pillar)]
Countries = Annotated[tuple[str, ...], BeforeValidator(_countries)]
Strings = Annotated[tuple[str, ...], BeforeValidator(_strings)]
String = Annotated[str, BeforeValidator(_string)]
Language = Annotated[str, BeforeValidator(_language)]
Table = Annotated[dict[str, Any], BeforeValidator(_table)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class IndicatorIn(_Strict):
    id: Id
    title: TextField
    unit: String | None = None
    baseline: Number = 0.0
    target: Number
    description: TextField | None = None

    @model_validator(mode="after")
    def _target_differs(self) -> IndicatorIn:
        if self.target == self.baseline:
            raise ValueError(f"target must differ from baseline ({self.baseline:g})")
        return self


class ItemIn(_Strict):
    id: Id
    title: TextField
    pillar: PillarField
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

    @model_validator(mode="after")
    def _start_before_end(self) -> PlanIn:
        if self.start and self.end and self.start > self.end:
            raise ValueError(f"start ({self.start}) is after end ({self.end})")
        return self


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


# ---- reading --------------------------------------------------------------------------------


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
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def decode_toml(data: bytes, path: str) -> tuple[dict[str, Any] | None, str, list[Diagnostic]]:
    """Bytes -> (document, text, diagnostics). The document is None when it did not parse."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return (
            None,
            "",
            [Diagnostic(path, line, col, "encoding", "not valid UTF-8: save the file as UTF-8")],
        )
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        line = col = 0
        match = _POSITION.search(message)
        if match:
            line, col = int(match.group(1)), int(match.group(2))
            message = message[: match.start()]
        elif message.endswith("(at end of document)"):
            line = text.count("\n") + 1
            message = message[: -len("(at end of document)")].rstrip()
        return None, text, [Diagnostic(path, line, col, "toml-syntax", f"invalid TOML: {message}")]
    except RecursionError:
        return (
            None,
            text,
            [Diagnostic(path, 1, 0, "too-deep", f"nested more than {MAX_DEPTH} levels deep")],
        )
    deep = _too_deep(doc)
    if deep is not None:
        line, col = locate(build_source_map(text), deep)
        return (
            None,
            text,
            [
                Diagnostic(
                    path, line, col, "too-deep", f"values nested more than {MAX_DEPTH} levels deep"
                )
            ],
        )
    return doc, text, []


def _too_deep(doc: Any) -> tuple[str | int, ...] | None:
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(doc, ())]
    while stack:
        value, path = stack.pop()
        if len(path) > MAX_DEPTH:
            return path
        if isinstance(value, dict):
            stack.extend((v, path + (k,)) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((v, path + (i,)) for i, v in enumerate(value))
    return None


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


def _validation_diagnostics(
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


def parse_plan_file(
    data: bytes, path: str
) -> tuple[Plan | None, tuple[Item, ...], list[Diagnostic], str]:
    """One plan file's bytes -> its plan and items, or diagnostics. Also returns the text."""
    if not data.strip():
        return (
            None,
            (),
            [
                Diagnostic(
                    path,
                    1,
                    0,
                    "empty",
                    "the file is empty: a plan file needs a [plan] table with id and title",
                )
            ],
            "",
        )
    doc, text, diagnostics = decode_toml(data, path)
    if doc is None:
        return None, (), diagnostics, text
    try:
        parsed = PlanFileIn.model_validate(doc)
    except ValidationError as exc:
        return None, (), _validation_diagnostics(exc, text, path, doc), text
    except RecursionError:
        return None, (), [Diagnostic(path, 1, 0, "too-deep", "values nested too deep")], text
    plan_in = parsed.plan
    lang = plan_in.lang

    def text_of(value: Text | None) -> Text | None:
        if value is None or "" not in value:
            return value
        return {lang: value[""]}

    items: list[Item] = []
    local: list[Diagnostic] = []
    source_map = None
    seen_indicators: dict[str, None]
    for number, item_in in enumerate(parsed.item):
        seen_indicators = {}
        for k, ind in enumerate(item_in.indicator):
            if ind.id in seen_indicators:
                source_map = source_map or build_source_map(text)
                line, col = locate(source_map, ("item", number, "indicator", k, "id"))
                local.append(
                    Diagnostic(
                        path,
                        line,
                        col,
                        "duplicate-indicator",
                        f"indicator id '{ind.id}' appears twice in item "
                        f"'{item_in.id}': give each indicator its own id",
                    )
                )
            seen_indicators[ind.id] = None
        items.append(
            Item(
                id=item_in.id,
                plan=plan_in.id,
                title=text_of(item_in.title) or {},
                pillar=item_in.pillar,
                due=item_in.due,
                lead=item_in.lead,
                partners=item_in.partners,
                weight=item_in.weight,
                tags=item_in.tags,
                description=text_of(item_in.description),
                indicators=tuple(
                    Indicator(
                        ind.id,
                        text_of(ind.title) or {},
                        ind.unit,
                        ind.baseline,
                        ind.target,
                        text_of(ind.description),
                    )
                    for ind in item_in.indicator
                ),
                countries=plan_in.countries if item_in.countries is None else item_in.countries,
                extra=item_in.extra,
                lang=lang,
            )
        )
    plan = Plan(
        id=plan_in.id,
        title=text_of(plan_in.title) or {},
        path=path,
        start=plan_in.start,
        end=plan_in.end,
        parties=plan_in.parties,
        source=plan_in.source,
        description=text_of(plan_in.description),
        countries=plan_in.countries,
        lang=lang,
        items=tuple(item.id for item in items),
    )
    return plan, tuple(items), local, text


def plan_files(folder: FsPath) -> list[FsPath]:
    """The plan files of a workspace: ``*.toml`` directly in the folder, by name."""
    return sorted(p for p in folder.glob("*.toml") if p.is_file())


def display_path(path: FsPath) -> str:
    try:
        return str(path.resolve().relative_to(FsPath.cwd().resolve()))
    except ValueError:
        return str(path)


def load_plans(
    folder: FsPath, read: Callable[[FsPath], bytes] = FsPath.read_bytes
) -> tuple[Workspace, list[Diagnostic]]:
    """Read and validate every plan file of a workspace; cross-file checks included.
    ``read`` reads one file (the cache passes one that notes what it read)."""
    plans: list[Plan] = []
    items: list[Item] = []
    diagnostics: list[Diagnostic] = []
    texts: dict[str, str] = {}
    per_file: list[tuple[Plan, tuple[Item, ...]]] = []
    for file in plan_files(folder):
        name = display_path(file)
        try:
            data = read(file)
        except OSError as exc:
            diagnostics.append(Diagnostic(name, 0, 0, "unreadable", f"cannot read: {exc.strerror}"))
            continue
        plan, file_items, found, text = parse_plan_file(data, name)
        diagnostics.extend(found)
        texts[name] = text
        if plan is not None:
            plans.append(plan)
            items.extend(file_items)
            per_file.append((plan, file_items))
    diagnostics.extend(_cross_file(per_file, texts))
    return Workspace(tuple(plans), tuple(items)), diagnostics


def _cross_file(
    per_file: list[tuple[Plan, tuple[Item, ...]]], texts: dict[str, str]
) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    maps: dict[str, Any] = {}

    def where(path: str, key: tuple[str | int, ...]) -> tuple[int, int]:
        if path not in maps:
            maps[path] = build_source_map(texts.get(path, ""))
        return locate(maps[path], key)

    first_plan: dict[str, Plan] = {}
    for plan, _ in per_file:
        if plan.id in first_plan:
            other = first_plan[plan.id]
            line, col = where(plan.path, ("plan", "id"))
            oline, _ = where(other.path, ("plan", "id"))
            out.append(
                Diagnostic(
                    plan.path,
                    line,
                    col,
                    "duplicate-plan",
                    f"plan id '{plan.id}' is already used by "
                    f"{other.path}:{oline}: plan ids must be unique",
                )
            )
        else:
            first_plan[plan.id] = plan
    first_item: dict[str, tuple[str, int]] = {}
    for plan, file_items in per_file:
        for number, item in enumerate(file_items):
            if item.id not in first_item:
                first_item[item.id] = (plan.path, number)
                continue
            opath, onumber = first_item[item.id]
            line, col = where(plan.path, ("item", number, "id"))
            oline, _ = where(opath, ("item", onumber, "id"))
            out.append(
                Diagnostic(
                    plan.path,
                    line,
                    col,
                    "duplicate-item",
                    f"item id '{item.id}' is already used at {opath}:{oline}: "
                    "item ids must be unique across all plan files",
                )
            )
    return out
