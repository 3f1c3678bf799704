"""Write a synthetic jap workspace for benchmarks: four plan files and a journal.

    python benchmarks/generate.py --items 10000 --updates 100000 OUT_DIR

The plans use the real plan format (every pillar, weights, due dates, indicators, multilingual
titles, plan countries, items with their own countries or none). The updates are spread over
the items and over five years, and are written by the project's own journal code
(``journal.format_record`` and ``journal.append_records``, in batches), so the files are exactly
what ``jap update`` writes. The output is deterministic: the same arguments give the same bytes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path
from typing import Any

import tomli_w

from jap_tracker.journal import append_records, format_record

PLANS = ("BENCH-A", "BENCH-B", "BENCH-C", "BENCH-D")
PILLARS = ("I", "II", "III", "IV")
CENTRAL_ASIA = ("KZ", "KG", "TJ", "TM", "UZ")
# Which plans track their items per country (the others track them as a whole).
PLAN_COUNTRIES: dict[str, tuple[str, ...]] = {
    "BENCH-A": (),
    "BENCH-B": CENTRAL_ASIA,
    "BENCH-C": (),
    "BENCH-D": ("KZ", "KG", "UZ"),
}
STATUSES = ("not_started", "in_progress", "done", "blocked", "cancelled")
PEOPLE = ("Aigerim", "Bakyt", "Dilnoza", "Farrukh", "Gulnara", "Jamshid", "Nodira", "Timur")
FIRST_RECORD = dt.datetime(2021, 1, 1, tzinfo=dt.UTC)
LAST_RECORD = dt.datetime(2025, 12, 31, 23, 59, tzinfo=dt.UTC)
BATCH = 20_000


def plan_items(count: int) -> dict[str, int]:
    """How many items each plan gets: as even as possible."""
    base, rest = divmod(count, len(PLANS))
    return {plan: base + (1 if k < rest else 0) for k, plan in enumerate(PLANS)}


def make_item(rng: random.Random, plan: str, number: int) -> dict[str, Any]:
    item_id = f"{plan}-{number:06d}"
    item: dict[str, Any] = {
        "id": item_id,
        "title": (
            {"en": f"Measure {number} of {plan}", "ru": f"Мера {number} плана {plan}"}
            if number % 5 == 0
            else f"Measure {number} of {plan}: workshops, training and review"
        ),
        "pillar": PILLARS[number % 4],
    }
    if rng.random() < 0.8:
        item["due"] = dt.date(2021, 1, 1) + dt.timedelta(days=rng.randrange(0, 7 * 365))
    item["lead"] = [rng.choice(("UNOCT", "UNRCCA", "UNODC", "OSCE"))]
    if rng.random() < 0.5:
        item["partners"] = ["Central Asian states"]
    if rng.random() < 0.4:
        item["weight"] = rng.choice((0.5, 1.5, 2.0, 3.0))
    if rng.random() < 0.3:
        item["tags"] = ["training", "bench"]
    plan_countries = PLAN_COUNTRIES[plan]
    if plan_countries and rng.random() < 0.2:
        item["countries"] = []  # regional: tracked as a whole
    elif not plan_countries and rng.random() < 0.05:
        item["countries"] = list(rng.sample(CENTRAL_ASIA, 2))
    if rng.random() < 0.3:
        item["indicator"] = [
            {"id": "people-trained", "title": "People trained", "unit": "people", "target": 200},
            {"id": "sessions", "title": "Sessions held", "baseline": 1, "target": 11},
        ][: rng.choice((1, 2))]
    return item


def _value(value: Any) -> str:
    """One TOML value on one line, as people write them (tomli-w formats the scalars)."""
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_value(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    return tomli_w.dumps({"v": value})[4:-1]


def _pairs(table: dict[str, Any]) -> str:
    return "".join(f"{key} = {_value(value)}\n" for key, value in table.items())


def write_plans(out: Path, items: int, rng: random.Random) -> list[dict[str, Any]]:
    """Write the four plan files; return every item (as written) in order."""
    everything: list[dict[str, Any]] = []
    for plan, count in plan_items(items).items():
        header: dict[str, Any] = {
            "id": plan,
            "title": {"en": f"Benchmark plan {plan[-1]}", "fr": f"Plan d'essai {plan[-1]}"},
            "start": dt.date(2021, 1, 1),
            "end": dt.date(2027, 12, 31),
            "parties": ["UNOCT", "Central Asian states"],
            "source": "benchmarks/generate.py (synthetic)",
        }
        if PLAN_COUNTRIES[plan]:
            header["countries"] = list(PLAN_COUNTRIES[plan])
        plan_items_ = [make_item(rng, plan, n) for n in range(1, count + 1)]
        text = f"# Synthetic plan for benchmarks: {count} items (benchmarks/generate.py)\n\n"
        text += "[plan]\n" + _pairs(header)
        for item in plan_items_:
            text += "\n[[item]]\n" + _pairs({k: v for k, v in item.items() if k != "indicator"})
            for indicator in item.get("indicator", ()):
                text += "\n[[item.indicator]]\n" + _pairs(indicator)
        (out / f"{plan.lower()}.toml").write_text(text, encoding="utf-8")
        for item in plan_items_:
            item["_countries"] = tuple(
                item["countries"] if "countries" in item else PLAN_COUNTRIES[plan]
            )
        everything.extend(plan_items_)
    return everything


def make_update(rng: random.Random, item: dict[str, Any], recorded: dt.datetime) -> dict[str, Any]:
    fields: dict[str, Any] = {"item": item["id"]}
    roll = rng.random()
    if roll < 0.25:
        fields["status"] = rng.choices(STATUSES, weights=(1, 6, 3, 1, 0.3))[0]
    elif roll < 0.7 or not item.get("indicator"):
        fields["progress"] = float(rng.randrange(0, 101, 5))
    else:
        fields["indicators"] = {
            ind["id"]: float(rng.randrange(0, int(ind["target"]) + 1)) for ind in item["indicator"]
        }
    if rng.random() < 0.3:
        fields["note"] = f"Reported at the review meeting ({rng.randrange(1, 999)})"
    countries = item["_countries"]
    if countries and rng.random() < 0.5:
        fields["countries"] = sorted(rng.sample(countries, rng.randrange(1, len(countries) + 1)))
    fields["date"] = (recorded - dt.timedelta(days=rng.randrange(0, 30))).date()
    fields["by"] = rng.choice(PEOPLE)
    if rng.random() < 0.05:
        fields["evidence"] = f"https://example.org/report/{rng.randrange(100000)}"
    fields["recorded"] = recorded
    return fields


def record_id(recorded: dt.datetime, rng: random.Random) -> str:
    """The format of ``journal.new_record_id``, with a seeded suffix (for reproducible files)."""
    return f"u{recorded.strftime('%Y%m%dT%H%M%S%f')}-{rng.getrandbits(32):08x}"


def write_journal(out: Path, items: list[dict[str, Any]], updates: int, rng: random.Random) -> None:
    span = int((LAST_RECORD - FIRST_RECORD).total_seconds() * 1_000_000)
    offsets = sorted(rng.randrange(span) for _ in range(updates))
    for start in range(0, updates, BATCH):
        batch = []
        for offset in offsets[start : start + BATCH]:
            recorded = FIRST_RECORD + dt.timedelta(microseconds=offset)
            fields = make_update(rng, rng.choice(items), recorded)
            batch.append((recorded, format_record(record_id(recorded, rng), fields)))
        append_records(out, batch)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, required=True, help="number of items (>= 4)")
    parser.add_argument("--updates", type=int, required=True, help="number of journal records")
    parser.add_argument("--seed", type=int, default=2011, help="random seed (default 2011)")
    parser.add_argument("out", type=Path, help="the workspace folder to create (must be empty)")
    args = parser.parse_args(argv)
    if args.items < len(PLANS) or args.updates < 0:
        parser.error("--items must be at least 4 and --updates at least 0")
    if args.out.exists() and any(args.out.iterdir()):
        parser.error(f"{args.out} is not empty")
    args.out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(args.seed)
    items = write_plans(args.out, args.items, rng)
    write_journal(args.out, items, args.updates, rng)
    print(f"{args.out}: {args.items} items in {len(PLANS)} plans, {args.updates} updates")
    return 0


if __name__ == "__main__":
    sys.exit(main())
