"""The only reader of plan files: bytes -> tomllib -> model values, with located diagnostics.

It reads each file as a TOML document (``tomlfile``), finds the ids each file declares
(duplicates across files are found even in files with other problems) and has the document
judged: by ``planfields.accept`` (plain Python), and by ``schema`` (pydantic, located
diagnostics) when that one doubts it. Every problem in every file is collected as a located
diagnostic; nothing here raises on bad input. Plan files are only read, never written.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path as FsPath
from typing import Any

from jap_tracker.diagnostics import Diagnostic
from jap_tracker.layout import display_path, odd_entries, odd_message, plan_files
from jap_tracker.model import Indicator, Item, Plan, Text, Workspace
from jap_tracker.named import NamedTuple
from jap_tracker.planfields import ID_PATTERN, accept
from jap_tracker.sourcemap import build_source_map, locate
from jap_tracker.tomlfile import decode_toml


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
    values = accept(doc)
    if values is None:
        from jap_tracker.schema import as_values, validate  # pydantic: for a doubtful file

        try:
            parsed = validate(doc, text, path)
        except RecursionError:
            too_deep = Diagnostic(path, 1, 0, "too-deep", "values nested too deep")
            return ParsedFile(None, (), [too_deep], text, ids)
        if isinstance(parsed, list):
            return ParsedFile(None, (), parsed + local, text, ids)
        values = as_values(parsed)
    plan, items = _to_model(values, path)
    return ParsedFile(plan, items, local, text, ids)


def _to_model(values: dict[str, Any], path: str) -> tuple[Plan, tuple[Item, ...]]:
    """The judged document as ``model`` values: texts in the plan's language, countries
    resolved."""
    plan_in = values["plan"]
    lang = plan_in["lang"]

    def text_of(value: Text | None) -> Text | None:
        if value is None or "" not in value:
            return value
        return {lang: value[""]}

    items: list[Item] = []
    for item_in in values["item"]:
        items.append(
            Item(
                id=item_in["id"],
                plan=plan_in["id"],
                title=text_of(item_in["title"]) or {},
                pillar=item_in["pillar"],
                due=item_in["due"],
                start=item_in["start"],
                lead=item_in["lead"],
                partners=item_in["partners"],
                weight=item_in["weight"],
                tags=item_in["tags"],
                description=text_of(item_in["description"]),
                indicators=tuple(
                    Indicator(
                        ind["id"],
                        text_of(ind["title"]) or {},
                        ind["unit"],
                        ind["baseline"],
                        ind["target"],
                        text_of(ind["description"]),
                    )
                    for ind in item_in["indicator"]
                ),
                countries=plan_in["countries"]
                if item_in["countries"] is None
                else item_in["countries"],
                extra=item_in["extra"],
                lang=lang,
            )
        )
    plan = Plan(
        id=plan_in["id"],
        title=text_of(plan_in["title"]) or {},
        path=path,
        start=plan_in["start"],
        end=plan_in["end"],
        parties=plan_in["parties"],
        source=plan_in["source"],
        description=text_of(plan_in["description"]),
        countries=plan_in["countries"],
        lang=lang,
        items=tuple(item.id for item in items),
    )
    return plan, tuple(items)


def load_plan_files(
    folder: FsPath, read: Callable[[FsPath], bytes] = FsPath.read_bytes
) -> tuple[Workspace, list[Diagnostic], frozenset[str] | None]:
    """Read and validate every plan file of a workspace, cross-file checks included; also the
    ids of every item that the files declare, valid or not (None when a file could not be
    read as TOML, so that some ids are unknown). ``read`` reads one file (the cache passes one
    that notes what it read)."""
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
    for odd, what in odd_entries(folder):
        where = str(FsPath(display_path(folder)) / odd.name)  # a link itself, not its target
        diagnostics.append(Diagnostic(where, 1, 0, "unreadable", odd_message(what)))
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
