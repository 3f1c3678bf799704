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
from typing import Annotated, Any, NamedTuple

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from jap_tracker import codes
from jap_tracker.diagnostics import Diagnostic, closest
from jap_tracker.layout import display_path, plan_files
from jap_tracker.model import Indicator, Item, Plan, Text, Workspace, parse_pillar
from jap_tracker.sourcemap import build_source_map, locate, locate_within

ID_PATTERN = re.compile(r"[A-Za-z0-9._-]+")  # whole value: fullmatch
MAX_DEPTH = 32
_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


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
    if isinstance(value, dt.time):
        return "a time"
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
        line, col = _deep_position(text)
        return (
            None,
            text,
            [
                Diagnostic(
                    path, line, col, "too-deep", f"values nested more than {MAX_DEPTH} levels deep"
                )
            ],
        )
    deep = _too_deep(doc)
    if deep is not None:
        line, col = locate_within(build_source_map(text), deep)
        line = line or 1
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


def _deep_position(text: str) -> tuple[int, int]:
    """Where brackets and braces first nest more than MAX_DEPTH deep (strings and comments
    skipped); (1, 0) when that cannot be found. Used when the parser itself gave up."""
    depth, line, line_start, pos, n = 0, 1, 0, 0, len(text)
    while pos < n:
        ch = text[pos]
        if ch == "\n":
            line, line_start = line + 1, pos + 1
        elif ch == "#":
            end = text.find("\n", pos)
            pos = n if end < 0 else end
            continue
        elif ch in "\"'":
            delim = ch * 3 if text.startswith(ch * 3, pos) else ch
            pos += len(delim)
            while pos < n and not text.startswith(delim, pos):
                if text[pos] == "\\" and ch == '"':
                    pos += 1
                elif text[pos] == "\n":
                    if len(delim) == 1:
                        break
                    line, line_start = line + 1, pos + 1
                pos += 1
            pos += len(delim)
            continue
        elif ch in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return line, pos - line_start + 1
        elif ch in "]}":
            depth = max(0, depth - 1)
        pos += 1
    return 1, 0


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


class FileIds(NamedTuple):
    """The ids a plan file declares, read from the TOML document before validation, so that
    duplicates are found even in a file that has other problems."""

    plan: str | None
    items: tuple[tuple[int, str], ...]  # (position among the [[item]] tables, id)


NO_IDS = FileIds(None, ())


def _valid_id(value: Any) -> str | None:
    return value if isinstance(value, str) and ID_PATTERN.fullmatch(value) else None


def _item_tables(doc: dict[str, Any]) -> list[tuple[int, dict[str, Any]]]:
    items = doc.get("item")
    if not isinstance(items, list):
        return []
    return [(n, item) for n, item in enumerate(items) if isinstance(item, dict)]


def _raw_ids(doc: dict[str, Any]) -> FileIds:
    plan = doc.get("plan")
    plan_id = _valid_id(plan.get("id")) if isinstance(plan, dict) else None
    items = []
    for number, item in _item_tables(doc):
        ident = _valid_id(item.get("id"))
        if ident is not None:
            items.append((number, ident))
    return FileIds(plan_id, tuple(items))


def _duplicate_indicators(doc: dict[str, Any], text: str, path: str) -> list[Diagnostic]:
    """Indicator ids written twice in one item (checked on the document, valid or not)."""
    out: list[Diagnostic] = []
    source_map = None
    for number, item in _item_tables(doc):
        indicators = item.get("indicator")
        if not isinstance(indicators, list):
            continue
        seen: set[str] = set()
        for k, ind in enumerate(indicators):
            ident = _valid_id(ind.get("id")) if isinstance(ind, dict) else None
            if ident is None:
                continue
            if ident in seen:
                source_map = source_map or build_source_map(text)
                line, col = locate(source_map, ("item", number, "indicator", k, "id"))
                owner = _valid_id(item.get("id"))
                where = f"item '{owner}'" if owner else "one item"
                out.append(
                    Diagnostic(
                        path,
                        line,
                        col,
                        "duplicate-indicator",
                        f"indicator id '{ident}' appears twice in {where}: "
                        "give each indicator its own id",
                    )
                )
            seen.add(ident)
    return out


class ParsedFile(NamedTuple):
    plan: Plan | None  # None when the file has errors
    items: tuple[Item, ...]
    diagnostics: list[Diagnostic]
    text: str
    ids: FileIds | None  # None when the file could not be read as TOML at all


def parse_plan_file(
    data: bytes, path: str
) -> tuple[Plan | None, tuple[Item, ...], list[Diagnostic], str]:
    """One plan file's bytes -> its plan and items, or diagnostics. Also returns the text."""
    parsed = read_plan_file(data, path)
    return parsed.plan, parsed.items, parsed.diagnostics, parsed.text


def read_plan_file(data: bytes, path: str) -> ParsedFile:
    """One plan file's bytes -> its plan, items, diagnostics, text and declared ids."""
    if not data.strip():
        return ParsedFile(
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
            NO_IDS,
        )
    doc, text, diagnostics = decode_toml(data, path)
    if doc is None:
        return ParsedFile(None, (), diagnostics, text, None)
    ids = _raw_ids(doc)
    local = _duplicate_indicators(doc, text, path)
    try:
        parsed = PlanFileIn.model_validate(doc)
    except ValidationError as exc:
        found = _validation_diagnostics(exc, text, path, doc)
        return ParsedFile(None, (), found + local, text, ids)
    except RecursionError:
        too_deep = Diagnostic(path, 1, 0, "too-deep", "values nested too deep")
        return ParsedFile(None, (), [too_deep], text, ids)
    plan_in = parsed.plan
    lang = plan_in.lang

    def text_of(value: Text | None) -> Text | None:
        if value is None or "" not in value:
            return value
        return {lang: value[""]}

    items: list[Item] = []
    for item_in in parsed.item:
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
    return ParsedFile(plan, tuple(items), local, text, ids)


def load_plans(
    folder: FsPath, read: Callable[[FsPath], bytes] = FsPath.read_bytes
) -> tuple[Workspace, list[Diagnostic]]:
    """Read and validate every plan file of a workspace; cross-file checks included.
    ``read`` reads one file (the cache passes one that notes what it read)."""
    workspace, diagnostics, _declared = load_plan_files(folder, read)
    return workspace, diagnostics


def load_plan_files(
    folder: FsPath, read: Callable[[FsPath], bytes] = FsPath.read_bytes
) -> tuple[Workspace, list[Diagnostic], frozenset[str] | None]:
    """As ``load_plans``, plus the ids of every item that the files declare, valid or not
    (None when a file could not be read as TOML, so that some ids are unknown)."""
    plans: list[Plan] = []
    items: list[Item] = []
    diagnostics: list[Diagnostic] = []
    texts: dict[str, str] = {}
    declared: list[tuple[str, FileIds]] = []
    complete = True
    for file in plan_files(folder):
        name = display_path(file)
        try:
            data = read(file)
        except OSError as exc:
            diagnostics.append(Diagnostic(name, 1, 0, "unreadable", f"cannot read: {exc.strerror}"))
            complete = False
            continue
        parsed = read_plan_file(data, name)
        diagnostics.extend(parsed.diagnostics)
        texts[name] = parsed.text
        if parsed.ids is None:
            complete = False
        else:
            declared.append((name, parsed.ids))
        if parsed.plan is not None:
            plans.append(parsed.plan)
            items.extend(parsed.items)
    diagnostics.extend(_cross_file(declared, texts))
    item_ids = frozenset(ident for _path, ids in declared for _n, ident in ids.items)
    return Workspace(tuple(plans), tuple(items)), diagnostics, item_ids if complete else None


def _cross_file(declared: list[tuple[str, FileIds]], texts: dict[str, str]) -> list[Diagnostic]:
    """Plan ids unique among plans, item ids unique across all files (each file as written)."""
    out: list[Diagnostic] = []
    maps: dict[str, Any] = {}

    def where(path: str, key: tuple[str | int, ...]) -> tuple[int, int]:
        if path not in maps:
            maps[path] = build_source_map(texts.get(path, ""))
        return locate(maps[path], key)

    first_plan: dict[str, str] = {}
    for path, ids in declared:
        if ids.plan is None:
            continue
        if ids.plan in first_plan:
            other = first_plan[ids.plan]
            line, col = where(path, ("plan", "id"))
            oline, _ = where(other, ("plan", "id"))
            out.append(
                Diagnostic(
                    path,
                    line,
                    col,
                    "duplicate-plan",
                    f"plan id '{ids.plan}' is already used by "
                    f"{other}:{oline}: plan ids must be unique",
                )
            )
        else:
            first_plan[ids.plan] = path
    first_item: dict[str, tuple[str, int]] = {}
    for path, ids in declared:
        for number, item_id in ids.items:
            if item_id not in first_item:
                first_item[item_id] = (path, number)
                continue
            opath, onumber = first_item[item_id]
            line, col = where(path, ("item", number, "id"))
            oline, _ = where(opath, ("item", onumber, "id"))
            out.append(
                Diagnostic(
                    path,
                    line,
                    col,
                    "duplicate-item",
                    f"item id '{item_id}' is already used at {opath}:{oline}: "
                    "item ids must be unique across all plan files",
                )
            )
    return out
