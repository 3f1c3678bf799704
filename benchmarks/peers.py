"""The plain-text peers that benchmarks/run.py measures jap against, on data equivalent to a
generated workspace: Taskwarrior (one task per item, in as many projects as jap has plan x
pillar groups) and hledger (one transaction per update, dated as the update, on an account per
plan, pillar and item). Each is made once per size and kept in the benchmark's work folder.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import shutil
import subprocess
import tomllib
import uuid
from pathlib import Path
from typing import Any


def plan_groups(folder: Path) -> list[str]:
    """The plan x pillar groups of a generated workspace, as Taskwarrior project names."""
    plans = sorted(p.stem.upper() for p in folder.glob("*.toml"))
    return [f"{plan}.{pillar}" for plan in plans for pillar in ("I", "II", "III", "IV")]


def taskwarrior(work: Path, folder: Path, items: int) -> dict[str, str] | None:
    """The environment (TASKDATA, TASKRC) of ``items`` tasks spread over projects like the
    plans; None when ``task`` is not installed."""
    if shutil.which("task") is None:
        return None
    data = work / f"tw-{items}"
    rc = work / f"tw-{items}.taskrc"
    env = {**os.environ, "TASKDATA": str(data), "TASKRC": str(rc)}
    marker = work / f"tw-{items}.done"
    if marker.exists() and data.is_dir():
        return env
    shutil.rmtree(data, ignore_errors=True)
    data.mkdir(parents=True)
    rc.write_text(f"data.location={data}\nconfirmation=off\nverbose=nothing\nhooks=off\n")
    rng = random.Random(2011)
    projects = plan_groups(folder)
    start = dt.datetime(2021, 1, 1, tzinfo=dt.UTC)
    tasks = []
    for n in range(items):
        entry = start + dt.timedelta(minutes=rng.randrange(5 * 365 * 24 * 60))
        task: dict[str, Any] = {
            "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "description": f"Measure {n} of the benchmark plans",
            "project": projects[n % len(projects)],
            "entry": entry.strftime("%Y%m%dT%H%M%SZ"),
            "status": "pending",
        }
        if rng.random() < 0.8:
            task["due"] = (entry + dt.timedelta(days=rng.randrange(30, 700))).strftime(
                "%Y%m%dT%H%M%SZ"
            )
        if rng.random() < 0.25:  # about as many as jap's items that are done
            task["status"] = "completed"
            task["end"] = (entry + dt.timedelta(days=10)).strftime("%Y%m%dT%H%M%SZ")
        tasks.append(task)
    source = work / f"tw-{items}.json"
    source.write_text(json.dumps(tasks))
    print(f"  importing {items} tasks into Taskwarrior ({data}) ...", flush=True)
    subprocess.run(
        ["task", "rc.confirmation=off", "import", str(source)],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    source.unlink()
    # its first run tidies the data files: not measured
    subprocess.run(["task", "summary"], env=env, stdout=subprocess.DEVNULL, check=False)
    marker.write_text("ok")
    return env


def hledger_journal(work: Path, folder: Path, items: int) -> Path | None:
    """A hledger journal with one transaction per update of the workspace at ``folder``
    (its date, the item as description, the progress or 1 as amount, on
    ``progress:PLAN:PILLAR:ITEM``); None when ``hledger`` is not installed."""
    if shutil.which("hledger") is None:
        return None
    ledger = work / f"hledger-{items}.journal"
    marker = work / f"hledger-{items}.done"
    if marker.exists() and ledger.exists():
        return ledger
    print(f"  writing an equivalent hledger journal ({ledger}) ...", flush=True)
    pillar: dict[str, tuple[str, str]] = {}
    for plan_file in sorted(folder.glob("*.toml")):
        plan = tomllib.loads(plan_file.read_text(encoding="utf-8"))
        for item in plan.get("item", []):
            pillar[item["id"]] = (plan["plan"]["id"], item["pillar"])
    rows: list[tuple[dt.date, str]] = []
    for month in sorted((folder / "journal").glob("*.toml")):
        for record in tomllib.loads(month.read_text(encoding="utf-8")).values():
            if "item" not in record:
                continue  # a retraction
            item = record["item"]
            plan, group = pillar[item]
            amount = record.get("progress", 1)
            rows.append(
                (
                    record["date"],
                    f"{record['date']} {item} | {record.get('by', '')}\n"
                    f"    progress:{plan}:{group}:{item}    {amount} pt\n"
                    f"    source:{plan}:{group}\n\n",
                )
            )
    rows.sort(key=lambda row: row[0])
    ledger.write_text("".join(text for _, text in rows), encoding="utf-8")
    marker.write_text("ok")
    return ledger
