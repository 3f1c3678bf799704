"""``jap schema`` and the schema the package ships (spec section 16), tried with a real
validator (``jsonschema``, draft 2020-12): every shipped plan passes, and every plan of the
error catalogue (tests/test_loader.py) that is wrong in its shape fails."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from jap_tracker.plan_schema import SHIPPED, json_schema, schema_text
from test_loader import CASES, HEAD

ROOT = Path(__file__).resolve().parents[1]


def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SHIPPED.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def as_json(value: Any) -> Any:
    """A TOML document as JSON holds it: dates (and times) as ISO strings."""
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    return value


def errors(text: str) -> list[str]:
    return [e.message for e in validator().iter_errors(as_json(tomllib.loads(text)))]


def test_the_shipped_schema_is_the_generated_one(jap):
    assert SHIPPED.read_text(encoding="utf-8") == schema_text(), "run scripts/update_schema.sh"
    result = jap("schema")
    assert (result.returncode, result.stderr) == (0, "")
    assert json.loads(result.stdout) == json_schema()
    assert json_schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_the_wheel_ships_the_schema():
    import tomllib as toml

    wheel = toml.loads((ROOT / "pyproject.toml").read_text())["tool"]["hatch"]["build"]
    packages = wheel["targets"]["wheel"]["packages"]
    assert any(SHIPPED.is_relative_to(ROOT / p) for p in packages)
    excluded = wheel["targets"]["wheel"].get("exclude", [])
    assert not any(SHIPPED.match(pattern) for pattern in excluded)


@pytest.mark.parametrize("plan", sorted((ROOT / "plans").glob("*.toml")), ids=lambda p: p.name)
def test_every_shipped_plan_is_valid(plan):
    assert errors(plan.read_text(encoding="utf-8")) == []


# The catalogue's cases whose documents are wrong in a way the schema can tell, and those it
# cannot: not a TOML document at all, or wrong across keys or files, or against a code list.
SHAPE = {
    "empty", "blank", "missing-plan", "missing-plan-id", "missing-item-id-and-title",
    "missing-indicator-target", "unknown-key-item", "unknown-key-plan", "unknown-key-indicator",
    "unknown-key-top-level", "unknown-key-with-escapes", "pillar-V", "pillar-5", "weights",
    "due-not-a-date", "baseline-target-not-numbers", "wrong-types", "bad-id",
    "id-ending-in-newline", "items-misspelt", "status-in-plan",
}  # fmt: skip
NOT_SHAPE = {
    # not TOML (the schema judges a decoded document)
    "toml-syntax", "toml-unclosed-string", "toml-key-twice", "not-utf8", "invalid-date",
    "deep-arrays", "deep-inline-tables", "deep-dotted-key", "deep-table-header",
    # rules across keys, files or code lists
    "plan-dates", "target-equals-baseline", "duplicate-item-one-file",
    "duplicate-item-across-files", "duplicate-item-in-broken-file", "duplicate-plan",
    "duplicate-indicator", "unknown-country", "unknown-language",
}  # fmt: skip


def test_every_case_of_the_catalogue_is_classified():
    assert set(CASES) == SHAPE | NOT_SHAPE and not SHAPE & NOT_SHAPE


@pytest.mark.parametrize("name", sorted(SHAPE))
def test_every_bad_shape_of_the_catalogue_is_rejected(name):
    for content in CASES[name].files.values():
        text = content.decode("utf-8") if isinstance(content, bytes) else content
        assert errors(text), f"{name}: the schema accepts\n{text}"


def item(**keys: str) -> str:
    lines = [f"{k} = {v}" for k, v in {"id": '"X-1"', "title": '"t"', "pillar": '"I"'}.items()]
    lines = [line for line in lines if line.split(" = ")[0] not in keys]
    lines += [f"{k} = {v}" for k, v in keys.items() if v]
    return HEAD.format(plan="X") + "[[item]]\n" + "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    "keys",
    [
        {"pillar": '"V"'},
        {"pillar": "0"},
        {"pillar": "5"},
        {"pillar": '"IIII"'},
        {"weight": "0"},
        {"weight": "-1.5"},
        {"weight": '"2"'},
        {"due": '"soon"'},
        {"titel": '"t"'},
        {"id": ""},  # missing
        {"title": ""},  # missing
        {"title": '"  "'},
        {"title": "{}"},
        {"countries": '"KZ"'},
    ],
    ids=str,
)
def test_the_rules_of_section_16_are_in_the_schema(keys):
    assert errors(item(**keys))


def test_what_the_format_allows_is_accepted():
    text = item(
        pillar='" iv "',
        weight="0.5",
        due="2025-01-31",
        title='{ en = "One", fr = "Un", ru = "Один" }',
        countries='["kz", "UZ"]',
    )
    text += '\n[item.extra]\nanything = { nested = [1, "two", 2024-01-01] }\n'
    text += '\n[[item.indicator]]\nid = "n"\ntitle = "N"\ntarget = 10\nbaseline = 2\n'
    assert errors(text) == []
    assert errors(item(pillar="4")) == []
    assert errors(text.replace("target = 10\n", "")) == ["'target' is a required property"]
