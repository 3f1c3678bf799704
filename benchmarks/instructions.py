"""Count the instructions of each warm jap command and of ``task export``, with valgrind.

    python benchmarks/instructions.py [--items 1000] [--only changes,brief] [--work DIR]

Times on a shared machine drift by up to a third within minutes; the number of instructions a
process executes does not (to a fraction of a percent from one run to the next). So this
counts, with ``valgrind --tool=callgrind``, the instructions of one warm run of each command
of benchmarks/run.py's ``COMMANDS`` on the same generated workspace (the cache filled by two
runs first), and of ``task export`` on as many tasks, and prints each command's count and its
ratio to ``task export``'s. It is a guide between two timed runs, not the target itself, which
is in seconds (benchmarks/run.py): at 1k, jap's time per instruction ran 1.1 to 1.2 times
``task export``'s. Each count takes valgrind about 20 seconds at 1k. Needs valgrind
(``apt-get install valgrind``); nothing here is a test.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from peers import taskwarrior  # noqa: E402
from run import COMMANDS, JAP, workspace  # noqa: E402

COLLECTED = re.compile(rb"Collected : (\d+)")


def instructions(command: list[str], env: dict[str, str]) -> int:
    """The instructions one run of ``command`` executes (callgrind's total)."""
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        check=False,
    )
    found = COLLECTED.search(done.stderr)
    if done.returncode != 0 or found is None:
        raise SystemExit(f"{' '.join(command)[:100]} failed:\n{done.stderr.decode()[-2000:]}")
    return int(found.group(1))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=1000, help="items (updates: 10 x)")
    parser.add_argument("--only", help="count only these commands (labels' first words)")
    parser.add_argument(
        "--work",
        type=Path,
        default=Path(tempfile.gettempdir()) / "jap-bench",
        help="where the workspace and Taskwarrior data are kept (as benchmarks/run.py's)",
    )
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        print("valgrind is not installed (apt-get install valgrind)", file=sys.stderr)
        return 2
    folder = workspace(args.work, args.items, 10 * args.items)
    only = set(args.only.split(",")) if args.only else None
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "JAP_USER": "bench", "JAP_CACHE_DIR": str(Path(tmp) / "cache")}
        env.pop("JAP_NO_CACHE", None)
        tw = taskwarrior(args.work, folder, args.items)
        export = instructions(["task", "export"], tw) if tw is not None else None
        print(f"| command ({args.items} items) | instructions | × task export |")
        print("| --- | --- | --- |")
        if export is not None:
            print(f"| task export | {export:,} | 1.0 |")
        for label, command_args in COMMANDS:
            if only is not None and label.split()[0] not in only:
                continue
            command = [JAP, *(a.format(out=tmp) for a in command_args), "--plans", str(folder)]
            for _ in range(2):  # the cache filled for this command
                subprocess.run(command, capture_output=True, env=env, check=False)
            count = instructions(command, env)
            ratio = f"{count / export:.1f}" if export else "—"
            print(f"| jap {label} | {count:,} | {ratio} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
