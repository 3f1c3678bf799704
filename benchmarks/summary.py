"""The tables of benchmarks/run.py: every measure by size (median seconds and peak memory),
the cost per 1,000 items, and the ratios of issue 17's targets, in markdown."""

from __future__ import annotations

from typing import Any

SINCE = "2024-01-01"  # changes and hledger's -e: the last two of the journal's five years
# Grow linearly: (label, limit of 10k / 1k warm); and the limit of every command at 1k warm
# against task export of as many tasks (issue 17, "Done when").
LINEAR = [
    (f"changes --since {SINCE} (table)", 12.0),
    ("trend --every quarter", 12.0),
    ("report --format html", 12.0),
]
AGAINST_TASK_EXPORT = 10.0


# ---- the tables -----------------------------------------------------------------------------


def cell(result: dict[str, Any] | None) -> str:
    if not result:
        return "—"
    return f"{result['median']:.3f} s, {result['peak_mib']:.0f} MiB"


def tables(results: dict[str, Any]) -> str:
    """The markdown of every measure by size, the cost per 1,000 items, and the ratios."""
    sizes = results["sizes"]
    labels: list[str] = []
    for size in sizes:
        labels += [k for k in size["measures"] if k not in labels]
    head = "| measure | " + " | ".join(f"{s['items']:,} items" for s in sizes) + " |"
    lines = [head, "|" + " --- |" * (len(sizes) + 1)]
    for label in labels:
        cells = [cell(s["measures"].get(label)) for s in sizes]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines += ["", "Seconds per 1,000 items (cache warm unless said):", ""]
    lines += [head, "|" + " --- |" * (len(sizes) + 1)]
    for label in labels:
        cells = [
            f"{s['measures'][label]['median'] / s['items'] * 1000:.4f}"
            if s["measures"].get(label)
            else "—"
            for s in sizes
        ]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines += ["", *ratios(results)]
    return "\n".join(lines) + "\n"


def ratios(results: dict[str, Any]) -> list[str]:
    """The targets of issue 17: each command at 1k warm against task export of 1k tasks, and
    the growth of changes, trend and the HTML report from 1k to 10k."""
    by_items = {s["items"]: s["measures"] for s in results["sizes"]}
    out = ["| target | measured | |", "| --- | --- | --- |"]
    small, large = by_items.get(1000), by_items.get(10_000)
    if small and small.get("task export"):
        export = small["task export"]["median"]
        for label, _ in results["commands"]:
            warm = small.get(f"jap {label}")
            if warm:
                value = warm["median"] / export
                text = f"{warm['median']:.3f} / {export:.3f} = {value:.1f}"
                if "paired" in warm:  # run by run, beside task export: what the target reads
                    value = warm["paired"]
                    text += f"; run by run beside it, median **{value:.1f}**"
                else:
                    text = text.replace(f"= {value:.1f}", f"= **{value:.1f}**")
                mark = "met" if value <= AGAINST_TASK_EXPORT else "MISSED"
                out.append(
                    f"| 1k warm `jap {label}` ≤ {AGAINST_TASK_EXPORT:g} × `task export` | "
                    f"{text} | {mark} |"
                )
    for size in results["sizes"]:  # a first run against a bare tomllib parse, run by run
        for label, first in size["measures"].items():
            if label.endswith(", first run") and "paired" in first:
                value = first["paired"]
                mark = "met" if value <= 1 else "MISSED"
                out.append(
                    f"| {size['items'] // 1000}k `{label}` ≤ the bare tomllib parse | run by"
                    f" run beside it, median **{value:.2f}** | {mark} |"
                )
    if small and large:
        for label, limit in LINEAR:
            a, b = small.get(f"jap {label}"), large.get(f"jap {label}")
            if a and b:
                value = b["median"] / a["median"]
                mark = "met" if value <= limit else "MISSED"
                out.append(
                    f"| `jap {label}` 10k ÷ 1k ≤ {limit:g} | {b['median']:.3f} / "
                    f"{a['median']:.3f} = **{value:.1f}** | {mark} |"
                )
    return out
