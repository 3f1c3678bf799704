"""Measure every jap command against its targets (docs/performance.md), side by side with
Taskwarrior and hledger.

    python benchmarks/run.py [--sizes 1000,10000] [--big] [--runs 5] [--work DIR]
                             [--json FILE] [--markdown FILE]

For each size N (items; updates = 10 x N; 1,000 and 10,000 by default, 100,000 too with
``--big``, with fewer runs: one first run of each command, and one of each peer, hledger
taking minutes there) it generates a workspace with benchmarks/generate.py (once, kept in
--work), then measures, each as the median of several runs of a fresh process with its output
on a pipe, with the peak memory of that process (``wait4``'s ``ru_maxrss``):

- every command of ``COMMANDS`` whose ``jap CMD --help`` succeeds (a command this jap does not
  have is skipped), first run (no cache) and repeated (cache warm);
- ``jap update ITEM --progress P`` (one after another, as people record them), and the first
  status after them; the records are removed afterwards (the workspace stays as generated);
- ``task summary`` and ``task export`` on N Taskwarrior tasks in as many projects as jap has
  plan x pillar groups, and ``hledger bal``, ``hledger bal -e DATE`` and ``hledger check`` on a
  journal of one transaction per update (benchmarks/peers.py; each skipped, with a note, when
  the tool is not installed);
- a bare ``tomllib`` parse of the same files (plans and journal) in a fresh ``python -c``.

At 1,000 items each warm run of a command is followed by a run of ``task export``, and the
median of the two's ratio, run by run, is the one the 10 x target reads: this machine's speed
drifts by up to a third within minutes, so two medians taken minutes apart can differ by more
than the margin they are compared against.

It also measures ``python -c "import typer, rich.console, pydantic"`` and ``jap status
--format json`` on the shipped plans (a temporary copy of ``plans/``), then prints a markdown
table of everything, the cost per 1,000 items of each command and the ratios that the targets
are about. Nothing here is a test: tests/ holds no timing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from peers import hledger_journal, taskwarrior  # noqa: E402
from summary import SINCE, tables  # noqa: E402

PYTHON = sys.executable
JAP = str(Path(PYTHON).parent / "jap")
BIG = 100_000  # from this many items on, fewer runs
PAIRED = 1000  # at this size, each warm run of jap is followed by one of task export
FIRST_PAIRED = ("status --format json", "report (table)", "check")  # beside a tomllib parse

TOMLLIB_PARSE = (
    "import sys, tomllib, pathlib\n"
    "w = pathlib.Path(sys.argv[1])\n"
    "for p in sorted(w.glob('*.toml')) + sorted((w / 'journal').glob('*.toml')):\n"
    "    tomllib.loads(p.read_bytes().decode())\n"
)
BRIEF_SINCE = "2025-06-01"  # brief: the last meeting, half a year before the journal ends
ITEM = "BENCH-B-000001"  # an item with countries, for history
# (label, jap arguments): {out} is a folder of the run's own. The first word is the command.
COMMANDS: list[tuple[str, list[str]]] = [
    ("status --format json", ["status", "--format", "json"]),
    ("report (table)", ["report"]),
    ("report --format json", ["report", "--format", "json"]),
    ("report --format csv", ["report", "--format", "csv"]),
    ("report --format markdown", ["report", "--format", "markdown"]),
    ("report --format html", ["report", "--format", "html", "--output", "{out}/report.html"]),
    ("trend --every quarter", ["trend", "--every", "quarter"]),
    (f"changes --since {SINCE} (table)", ["changes", "--since", SINCE]),
    (f"changes --since {SINCE} --format json", ["changes", "--since", SINCE, "-f", "json"]),
    ("history ITEM", ["history", ITEM]),
    ("check", ["check"]),
    (f"brief --since {BRIEF_SINCE} (table)", ["brief", "--since", BRIEF_SINCE]),
    (
        f"brief --since {BRIEF_SINCE} --format markdown",
        ["brief", "--since", BRIEF_SINCE, "-f", "markdown"],
    ),
    (
        f"brief --since {BRIEF_SINCE} --format html",
        ["brief", "--since", BRIEF_SINCE, "-f", "html", "--output", "{out}/brief.html"],
    ),
    (f"brief --since {BRIEF_SINCE} --format json", ["brief", "--since", BRIEF_SINCE, "-f", "json"]),
]
# ---- measuring ------------------------------------------------------------------------------


def measure(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float, int]:
    """(wall seconds, peak resident memory in MiB, exit code) of one run of ``command``."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env or os.environ.copy()
    )
    assert process.stderr is not None
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        sys.stderr.write(f"  ! {' '.join(command)[:120]} exited {process.returncode}\n")
        sys.stderr.write(errors.decode(errors="replace")[-2000:])
    return wall, usage.ru_maxrss / 1024, process.returncode


def median_of(
    runs: int,
    command: list[str],
    before: Any = None,
    env: dict[str, str] | None = None,
    beside: tuple[list[str], dict[str, str]] | None = None,
) -> dict[str, Any]:
    """median seconds, peak MiB (the largest of the runs), runs, every time. With ``beside``
    (a peer's command and environment), the peer runs right after each run, and each run's
    time is also divided by its peer's: the median of those ratios (``paired``) compares the
    two at the same moment, which the medians of runs minutes apart do not on a machine
    whose speed drifts (this one's does, by up to a third)."""
    times, peaks, ratios = [], [], []
    for _ in range(runs):
        if before is not None:
            before()
        wall, peak, _ = measure(command, env)
        times.append(wall)
        peaks.append(peak)
        if beside is not None:
            ratios.append(wall / measure(*beside)[0])
    result = {
        "median": statistics.median(times),
        "peak_mib": max(peaks),
        "runs": runs,
        "times": times,
    }
    if ratios:
        result["paired"] = statistics.median(ratios)
    return result


def show(label: str, result: dict[str, Any] | None, note: str = "") -> None:
    if result is None:
        print(f"  {label:<52} {'—':>9}   {note}", flush=True)
        return
    print(
        f"  {label:<52} {result['median']:>8.3f}s {result['peak_mib']:>7.0f} MiB"
        f"  (median of {result['runs']}){'  ' + note if note else ''}",
        flush=True,
    )


# ---- the workspaces -------------------------------------------------------------------------


def workspace(work: Path, items: int, updates: int) -> Path:
    folder = work / f"ws-{items}"
    marker = work / f"ws-{items}.done"
    wanted = f"{items} {updates} {(HERE / 'generate.py').stat().st_size}"
    if marker.exists() and marker.read_text() == wanted and folder.is_dir():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    print(f"  generating {items} items and {updates} updates in {folder} ...", flush=True)
    subprocess.run(
        [
            PYTHON,
            str(HERE / "generate.py"),
            "--items",
            str(items),
            "--updates",
            str(updates),
            str(folder),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    marker.write_text(wanted)
    return folder


# jap's cache for the measured runs: a folder of the benchmark's own (JAP_CACHE_DIR), in --work
CACHE = Path(tempfile.gettempdir()) / "jap-bench" / "cache"


def drop_all() -> None:
    """Forget every cached workspace, so that the next run is a first run."""
    shutil.rmtree(CACHE, ignore_errors=True)


def available(command: str) -> bool:
    """Whether this jap has ``command`` (``jap COMMAND --help`` succeeds)."""
    done = subprocess.run([JAP, command, "--help"], capture_output=True, check=False)
    return done.returncode == 0


def machine() -> dict[str, Any]:
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    task = None
    if shutil.which("task"):
        task = subprocess.run(["task", "--version"], capture_output=True, text=True).stdout.strip()
    versions = subprocess.run(
        [
            PYTHON,
            "-c",
            "import importlib.metadata as m; print(m.version('typer'), "
            "m.version('pydantic'), m.version('jap-tracker'))",
        ],
        capture_output=True,
        text=True,
    ).stdout.split()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "system": platform.platform(),
        "taskwarrior": task,
        "typer_pydantic_jap": versions,
        "load_average_at_start": load,
        "date": dt.date.today().isoformat(),
    }


def bench_shipped(runs: int, shipped: Path) -> dict[str, Any]:
    print("\nshipped plans and the import floor")
    out: dict[str, Any] = {}
    out["floor"] = median_of(runs * 2, [PYTHON, "-c", "import typer, rich.console, pydantic"])
    show('python -c "import typer, rich.console, pydantic"', out["floor"])
    if not shipped.is_dir():
        out["shipped_first"] = out["shipped"] = None
        show("jap status on the shipped plans", None, f"skipped: no folder {shipped}")
        return out
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "plans"
        shutil.copytree(shipped, copy)
        status = [JAP, "status", "--format", "json", "--plans", str(copy)]
        out["shipped_first"] = median_of(runs, status, before=drop_all)
        show("jap status --format json, first run", out["shipped_first"])
        measure(status)
        out["shipped"] = median_of(runs * 2, status)
        show("jap status --format json, repeated", out["shipped"])
    return out


# ---- one size -------------------------------------------------------------------------------


def bench_size(work: Path, items: int, runs: int, commands: list[tuple[str, list[str]]]) -> dict:
    updates = 10 * items
    print(f"\n{items} items, {updates} updates")
    folder = workspace(work, items, updates)
    few = runs if items < BIG else max(2, runs // 2)
    first_runs = few if items < BIG else 1
    env = {**os.environ, "JAP_USER": "bench"}
    env.pop("JAP_NO_CACHE", None)
    env["JAP_CACHE_DIR"] = str(CACHE)
    out: dict[str, Any] = {"items": items, "updates": updates}
    measures: dict[str, Any] = {}
    out["measures"] = measures

    measures["tomllib parse (plans + journal)"] = median_of(
        few, [PYTHON, "-c", TOMLLIB_PARSE, str(folder)]
    )
    show("bare tomllib parse (plans + journal)", measures["tomllib parse (plans + journal)"])
    # at 1k, each warm run beside a run of task export of as many tasks (issue 17's target)
    tw = taskwarrior(work, folder, items) if items == PAIRED else None
    beside = (["task", "export"], tw) if tw is not None else None
    # a first status, report and check: each run beside a bare tomllib parse (their target)
    parse = ([PYTHON, "-c", TOMLLIB_PARSE, str(folder)], {**os.environ})
    with tempfile.TemporaryDirectory() as tmp:
        for label, args in commands:
            command = [JAP, *(a.format(out=tmp) for a in args), "--plans", str(folder)]
            first = median_of(
                first_runs,
                command,
                before=drop_all,
                env=env,
                beside=parse if label in FIRST_PAIRED and items < BIG else None,
            )
            measures[f"jap {label}, first run"] = first
            beside_it = f"{first['paired']:.2f} × a tomllib parse" if "paired" in first else ""
            show(f"jap {label}, first run", first, beside_it)
            measure(command, env)  # the cache warm for this command
            warm = median_of(few, command, env=env, beside=beside)
            measures[f"jap {label}"] = warm
            paired = f"{warm['paired']:.1f} × task export beside it" if "paired" in warm else ""
            show(f"jap {label}", warm, paired)
    bench_update(folder, items, runs, env, measures)
    bench_peers(work, folder, items, few if items < BIG else 1, measures)  # hledger: minutes
    return out


def bench_update(
    folder: Path, items: int, runs: int, env: dict[str, str], measures: dict[str, Any]
) -> None:
    status = [JAP, "status", "--format", "json", "--plans", str(folder)]
    month = folder / "journal" / (dt.datetime.now(dt.UTC).strftime("%Y-%m") + ".toml")
    if month.exists():
        show("jap update", None, f"skipped: {month.name} exists (generated)")
        return
    item_ids = [f"BENCH-A-{n:06d}" for n in range(1, items // 4 + 1)]
    measure(status, env)  # the cache warm
    times, peaks = [], []
    for n in range(1, runs + 1):
        command = [JAP, "update", item_ids[n % len(item_ids)], "--progress", str(n % 101)]
        wall, peak, _ = measure([*command, "--note", "benchmark", "--plans", str(folder)], env)
        times.append(wall)
        peaks.append(peak)
    result = {"median": statistics.median(times), "peak_mib": max(peaks), "runs": runs}
    measures["jap update (one after another)"] = {**result, "times": times}
    show("jap update (one after another)", result)
    measures["jap status, first after those updates"] = median_of(1, status, env=env)
    show("jap status, first after those updates", measures["jap status, first after those updates"])
    month.unlink()
    measure(status, env)  # the cache again as it was: not measured


def bench_peers(work: Path, folder: Path, items: int, runs: int, measures: dict[str, Any]) -> None:
    tw = taskwarrior(work, folder, items)
    for label, args in (("task summary", ["summary"]), ("task export", ["export"])):
        if tw is None:
            show(label, None, "skipped: Taskwarrior (`task`) is not installed")
            continue
        measures[label] = median_of(runs, ["task", *args], env=tw)
        show(f"{label} ({items} tasks)", measures[label])
    ledger = hledger_journal(work, folder, items)
    for label, args in (
        ("hledger bal", ["bal"]),
        (f"hledger bal -e {SINCE}", ["bal", "-e", SINCE]),
        ("hledger check", ["check"]),
    ):
        if ledger is None:
            show(label, None, "skipped: hledger is not installed")
            continue
        measures[label] = median_of(runs, ["hledger", "-f", str(ledger), *args])
        show(f"{label} ({10 * items} transactions)", measures[label])


# ---- main -----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    global CACHE
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="items, comma-separated")
    parser.add_argument("--big", action="store_true", help="also 100,000 items (fewer runs)")
    parser.add_argument("--runs", type=int, default=5, help="runs per measure (default 5)")
    parser.add_argument(
        "--work",
        type=Path,
        default=Path(tempfile.gettempdir()) / "jap-bench",
        help="where workspaces, Taskwarrior data and hledger journals are kept between runs",
    )
    parser.add_argument("--shipped", type=Path, default=ROOT / "plans", help="shipped plans")
    parser.add_argument("--only", help="measure only these commands (labels' first words)")
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    parser.add_argument("--markdown", type=Path, help="also write the tables to this file")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()] + ([BIG] if args.big else [])
    args.work.mkdir(parents=True, exist_ok=True)
    CACHE = args.work / "cache"
    os.environ["JAP_CACHE_DIR"] = str(CACHE)  # every jap measured here caches in CACHE
    info = machine()
    print(
        f"{info['cpu']}, {info['nproc']} CPUs, Python {info['python']}, "
        f"{info['taskwarrior'] and 'Taskwarrior ' + info['taskwarrior'] or 'no Taskwarrior'}, "
        f"load average {info['load_average_at_start']}"
    )
    wanted = set(args.only.split(",")) if args.only else None
    commands = [
        (label, argv_)
        for label, argv_ in COMMANDS
        if (wanted is None or argv_[0] in wanted) and available(argv_[0])
    ]
    skipped = [label for label, argv_ in COMMANDS if (label, argv_) not in commands]
    if skipped:
        print("skipped (not asked for, or `jap CMD --help` failed): " + ", ".join(skipped))
    results: dict[str, Any] = {"machine": info, "commands": commands, "skipped": skipped}
    results["shipped"] = bench_shipped(args.runs, args.shipped)
    results["sizes"] = [bench_size(args.work, n, args.runs, commands) for n in sizes]
    results["load_average_at_end"] = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    text = tables(results)
    print("\n" + text)
    if args.markdown:
        args.markdown.write_text(text)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
