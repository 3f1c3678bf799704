"""The plan file format as JSON Schema (draft 2020-12; spec section 16), for editors and
other programs: made from the pydantic models that the loader judges plan files with
(schema.py), each field type saying what it accepts (the fragments here: the same rule as its
validator where JSON Schema can say it, else looser, never stricter). TOML dates are strings of
format ``date``, as a TOML document decoded to JSON holds them. ``jap schema`` prints it; the
package ships the same text as ``plan.schema.json`` (tests/test_schema.py keeps them equal;
``scripts/update_schema.sh`` or ``jap schema > src/jap_tracker/plan.schema.json`` rewrites it).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SHIPPED = Path(__file__).with_name("plan.schema.json")
DRAFT = "https://json-schema.org/draft/2020-12/schema"

NON_BLANK = {"type": "string", "pattern": "\\S"}
LANGUAGE = {"type": "string", "pattern": "^[a-z]{2}$(?!\\n)"}
STRINGS = {"type": "array", "items": {"type": "string"}}
TEXT = {
    "anyOf": [
        NON_BLANK,
        {
            "type": "object",
            "minProperties": 1,
            "propertyNames": LANGUAGE,
            "additionalProperties": NON_BLANK,
        },
    ],
    "description": 'A text, or a table of texts by language: { en = "...", fr = "..." }',
}
PILLAR = {
    "anyOf": [
        {"type": "string", "pattern": "^\\s*([iI]{1,3}|[iI][vV]|[1-4])\\s*$"},
        {"type": "integer", "minimum": 1, "maximum": 4},
    ],
    "description": "A pillar of the UN Global Counter-Terrorism Strategy: I, II, III, IV or 1-4",
}


def _tidy(node: Any) -> Any:
    """TOML has no null: an optional key is absent, never null; pydantic's defaults and titles
    of each property are noise for an editor (the key is the name)."""
    if isinstance(node, list):
        return [_tidy(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {k: _tidy(v) for k, v in node.items() if k not in ("default",)}
    choices = out.get("anyOf")
    if isinstance(choices, list) and {"type": "null"} in choices:
        rest = [c for c in choices if c != {"type": "null"}]
        del out["anyOf"]
        out = {**rest[0], **out} if len(rest) == 1 else {"anyOf": rest, **out}
    return out


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a plan file."""
    from jap_tracker.schema import PlanFileIn

    made = _tidy(PlanFileIn.model_json_schema(mode="validation"))
    for name, definition in made.get("$defs", {}).items():
        for prop in definition.get("properties", {}).values():
            prop.pop("title", None)
        definition["title"] = {"PlanIn": "plan", "ItemIn": "item", "IndicatorIn": "indicator"}.get(
            name, name
        )
    for prop in made.get("properties", {}).values():
        prop.pop("title", None)
    return {
        "$schema": DRAFT,
        "title": "jap plan file (format version 1)",
        "description": "A plan of action and its items, as in section 2 of jap's contract.",
        **{k: v for k, v in made.items() if k != "title"},
    }


def schema_text() -> str:
    """The schema as ``jap schema`` prints it and the package ships it."""
    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"
