"""The plain judge of plan files (``planfields.accept``) against pydantic's (``schema``).

``accept`` may doubt a document (then pydantic judges it, as before); it must never accept one
that pydantic refuses, and what it accepts must be exactly what pydantic gives: same values,
same types, same order. Checked on the tables' definitions, the shipped plans, the error
catalogue, hand-picked edge cases, and hypothesis-made documents, valid and broken.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
import tomllib
import typing
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, BeforeValidator

from jap_tracker import loader, planfields, tomlfile
from jap_tracker.schema import IndicatorIn, ItemIn, PlanFileIn, PlanIn, as_values, validate
from test_loader import CASES

SHIPPED = Path(__file__).resolve().parents[1] / "plans"
MODELS: dict[str, type[BaseModel]] = {
    "": PlanFileIn,
    "plan": PlanIn,
    "item": ItemIn,
    "indicator": IndicatorIn,
}


def exact(value: Any) -> Any:
    """A value with every type spelled out (1 and 1.0 differ, -0.0 and 0.0 differ, key order
    counts, nan equals nan)."""
    if isinstance(value, dict):
        return ("dict", [(k, exact(v)) for k, v in value.items()])
    if isinstance(value, list | tuple):
        return (type(value).__name__, [exact(v) for v in value])
    if isinstance(value, float):
        return ("float", repr(value))
    return (type(value).__name__, repr(value))


def by_pydantic(doc: dict[str, Any]) -> dict[str, Any] | None:
    judged = validate(copy.deepcopy(doc), "", "p.toml")
    return None if isinstance(judged, list) else as_values(judged)


def agree(doc: dict[str, Any]) -> dict[str, Any] | None:
    """Both judges on ``doc``: what the plain one accepted (None: it doubted)."""
    plain = planfields.accept(copy.deepcopy(doc))
    if plain is not None:
        assert exact(plain) == exact(by_pydantic(doc))
    return plain


# ---- one list of keys: the tables name the models' fields -----------------------------------


def _before(annotation: Any, metadata: list[Any]) -> list[Any]:
    found = [m.func for m in metadata if isinstance(m, BeforeValidator)]
    for arg in typing.get_args(annotation):  # X | None, Annotated[X, ...]
        found += _before(arg, list(getattr(arg, "__metadata__", ())))
    return found


@pytest.mark.parametrize("table", list(MODELS))
def test_each_table_names_the_fields_of_its_model_with_their_rules_and_defaults(table):
    model = MODELS[table]
    keys = planfields.TABLES[table]
    assert [k.name for k in keys] == list(model.model_fields)
    for key in keys:
        field = model.model_fields[key.name]
        if key.default is planfields.REQUIRED:
            assert field.is_required(), key
        else:
            assert not field.is_required(), key
            default = field.default_factory() if field.default_factory else field.default
            assert exact(default) == exact(key.default), key
        rules = _before(field.annotation, field.metadata)
        if isinstance(key.rule, str):
            assert rules == [] and key.rule in MODELS, key  # a table, or a list of tables
            nested = MODELS[key.rule]
            assert nested in typing.get_args(field.annotation) or field.annotation is nested
        else:
            assert rules == [key.rule], key


# ---- the same judgement ---------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(SHIPPED.glob("*.toml")), ids=lambda p: p.name)
def test_every_shipped_plan_is_accepted_plainly_with_pydantics_values(path):
    doc = tomllib.loads(path.read_text(encoding="utf-8"))
    assert agree(doc) is not None


@pytest.mark.parametrize("name", list(CASES))
def test_every_case_of_the_error_catalogue_reads_exactly_as_with_pydantic_alone(name, monkeypatch):
    for file, content in CASES[name].files.items():
        data = content if isinstance(content, bytes) else content.encode()
        got = loader.read_plan_file(data, f"plans/{file}.toml")
        doc = tomlfile.decode_toml(data, "x")[0]
        if doc is not None:
            agree(doc)
        monkeypatch.setattr(loader, "accept", lambda doc: None)
        alone = loader.read_plan_file(data, f"plans/{file}.toml")
        monkeypatch.undo()
        assert got == alone


HEAD = {"id": "P", "title": "Plan"}
ITEM = {"id": "A-1", "title": "t", "pillar": "I"}


@pytest.mark.parametrize(
    "doc",
    [
        {"plan": HEAD, "item": [{**ITEM, "indicator": [{"id": "x", "title": "x", "target": 0}]}]},
        {"plan": HEAD, "item": [{**ITEM, "weight": 0}]},
        {"plan": HEAD, "item": [{**ITEM, "weight": True}]},
        {"plan": HEAD, "item": [{**ITEM, "weight": 10**400}]},
        {"plan": HEAD, "item": [{**ITEM, "weight": math.nan}]},
        {"plan": HEAD, "item": [{**ITEM, "due": dt.datetime(2025, 1, 1)}]},
        {"plan": HEAD, "item": [{**ITEM, "countries": ["kz", "KZ"]}]},
        {"plan": HEAD, "item": [{**ITEM, "status": "done"}]},
        {"plan": HEAD, "item": {"id": "A-1"}},
        {"plan": HEAD, "item": [{**ITEM, "indicator": {"id": "x"}}]},
        {"plan": HEAD, "item": [{**ITEM, "title": {"EN": "t"}}]},
        {"plan": {**HEAD, "start": dt.date(2025, 1, 2), "end": dt.date(2025, 1, 1)}},
        {"plan": {**HEAD, "lang": "xx"}},
        {"plan": HEAD, "items": []},
        {"plan": []},
        {"item": []},
    ],
)
def test_what_pydantic_refuses_the_plain_judge_doubts(doc):
    assert by_pydantic(doc) is None
    assert planfields.accept(copy.deepcopy(doc)) is None


def test_defaults_are_fresh_values_and_numbers_are_floats():
    values = agree({"plan": HEAD, "item": [{**ITEM, "weight": 2}]})
    assert values is not None
    item = values["item"][0]
    assert item["weight"] == 2.0 and isinstance(item["weight"], float)
    assert item["indicator"] == [] and item["extra"] == {}
    again = planfields.accept({"plan": HEAD, "item": [ITEM]})
    assert again is not None and again["item"][0]["extra"] is not item["extra"]


# ---- hypothesis: documents valid and broken --------------------------------------------------

ids = st.from_regex(r"[A-Za-z0-9._-]{1,8}", fullmatch=True)
texts = st.one_of(
    st.text(min_size=1, max_size=6),
    st.dictionaries(st.sampled_from(["en", "fr", "ru", "EN", "xx"]), st.text(max_size=4)),
)
numbers = st.one_of(st.integers(-(10**20), 10**20), st.floats(allow_nan=True, allow_infinity=True))
dates = st.dates(dt.date(1990, 1, 1), dt.date(2040, 12, 31))
codes = st.lists(st.sampled_from(["KZ", "kg", "TJ", "TKM", "XX", "UZ"]), max_size=3)
scalars = st.one_of(
    st.text(max_size=5), numbers, st.booleans(), dates, st.datetimes(), st.times(), codes
)
anything = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(ids, inner, max_size=3)
)


def optional(**keys: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({}, optional=keys)


indicator = st.builds(
    lambda need, more: {**need, **more},
    st.fixed_dictionaries({"id": ids, "title": texts, "target": numbers}),
    optional(unit=st.text(max_size=4), baseline=numbers, description=texts),
)
item = st.builds(
    lambda need, more: {**need, **more},
    st.fixed_dictionaries({"id": ids, "title": texts, "pillar": st.sampled_from(["I", "iv", 3])}),
    optional(
        start=dates,
        due=dates,
        lead=st.lists(st.text(max_size=3), max_size=2),
        partners=st.lists(st.text(max_size=3), max_size=2),
        weight=numbers,
        tags=st.lists(st.text(max_size=3), max_size=2),
        description=texts,
        countries=codes,
        indicator=st.lists(indicator, max_size=2),
        extra=st.dictionaries(ids, scalars, max_size=2),
    ),
)
plan = st.builds(
    lambda need, more: {**need, **more},
    st.fixed_dictionaries({"id": ids, "title": texts}),
    optional(
        start=dates,
        end=dates,
        parties=st.lists(st.text(max_size=3), max_size=2),
        source=st.text(max_size=4),
        description=texts,
        countries=codes,
        lang=st.sampled_from(["en", "fr", "ru", "xx"]),
    ),
)
documents = st.builds(lambda p, items: {"plan": p, "item": items}, plan, st.lists(item, max_size=3))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_the_judges_agree_on_documents_of_the_right_shape(doc):
    plain = agree(doc)
    if by_pydantic(doc) is not None:
        assert plain is not None  # a valid document never needs pydantic


def _change(doc: dict[str, Any], data: st.DataObject) -> None:
    """Replace, remove or add one key somewhere in ``doc``."""
    tables: list[dict[str, Any]] = [doc, doc["plan"]]
    for it in doc["item"]:
        tables += [it, *it.get("indicator", [])]
    table = data.draw(st.sampled_from(tables))
    action = data.draw(st.sampled_from(["replace", "remove", "add"]))
    if action == "add" or not table:
        table[data.draw(ids | st.sampled_from(["status", "items", "due", "indicators"]))] = (
            data.draw(anything)
        )
    else:
        key = data.draw(st.sampled_from(sorted(table)))
        if action == "remove":
            del table[key]
        else:
            table[key] = data.draw(anything)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(documents, st.data())
def test_the_judges_agree_on_documents_with_one_key_changed(doc, data):
    _change(doc, data)
    plain = agree(doc)
    if by_pydantic(doc) is None:
        assert plain is None


def test_a_first_run_on_valid_files_imports_neither_pydantic_nor_pycountry(write_plans, tmp_path):
    from test_cli_quickargs import PLAN, loaded_modules

    folder = write_plans(p=PLAN)
    for args in (("status", "--format", "json"), ("check",), ("report", "--format", "json")):
        seen = loaded_modules(tmp_path, *args, "--plans", folder, env={"JAP_NO_CACHE": "1"})
        assert "tomllib" in seen, args  # the files were read
        assert seen & {"pydantic", "pycountry"} == set(), args
