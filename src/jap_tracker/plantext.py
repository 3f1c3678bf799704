"""The text of a plan file that jap writes for a person to go on editing (``jap import``).

Comment lines, the ``[plan]`` table, then an ``[[item]]`` table per item: one key a line in
the order given, each value formatted by tomli-w on one line (titles in several languages as
inline tables), free-form data in the item's ``[item.extra]`` table. It also says which key
each line holds, so that a problem found on a line can be told where it came from.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from jap_tracker.named import NamedTuple
from jap_tracker.tomlline import toml_key, toml_value


class PlanText(NamedTuple):
    text: str
    plan_keys: dict[int, str]  # line number -> the key of [plan] on it
    item_keys: dict[int, tuple[int, str]]  # line number -> (index of the item, key; "" header)


def plan_text(
    plan: Mapping[str, Any], items: Sequence[Mapping[str, Any]], comment: str = ""
) -> PlanText:
    """The file: ``comment`` (lines that begin with ``#``), ``plan``'s keys, then ``items``."""
    out = comment.splitlines()
    if out:
        out.append("")
    out.append("[plan]")
    plan_keys: dict[int, str] = {}
    for key, value in plan.items():
        out.append(f"{toml_key(key)} = {toml_value(value)}")
        plan_keys[len(out)] = key
    item_keys: dict[int, tuple[int, str]] = {}
    for index, item in enumerate(items):
        out += ["", "[[item]]"]
        item_keys[len(out)] = (index, "")
        for key, value in item.items():
            if key != "extra":
                out.append(f"{toml_key(key)} = {toml_value(value)}")
                item_keys[len(out)] = (index, key)
        if item.get("extra"):
            out.append("[item.extra]")
            item_keys[len(out)] = (index, "")
            for name, value in item["extra"].items():
                out.append(f"{toml_key(name)} = {toml_value(value)}")
                item_keys[len(out)] = (index, f"extra.{name}")
    return PlanText("\n".join(out) + "\n", plan_keys, item_keys)
