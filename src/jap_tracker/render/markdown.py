"""Markdown (GitHub-flavoured tables), fit for a CI job summary. File text is escaped."""

from __future__ import annotations

import re

from jap_tracker.render.common import matrix_cell, plain
from jap_tracker.render.labels import Labels
from jap_tracker.report import ItemsReport, StatusReport

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def escape(text: str) -> str:
    """Literal text in a Markdown table cell: punctuation escaped, one line."""
    return _SPECIAL.sub(r"\\\1", plain(text))


def table(header: list[str], rows: list[list[str]], align: str = "") -> str:
    marks = [
        ("---:" if a == "r" else "---")
        for a in (align or "l" * len(header)).ljust(len(header), "l")
    ]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(marks) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def status_markdown(report: StatusReport, labels: Labels, heading: str = "##") -> str:
    _ = labels
    pct = labels.numbers.percent
    statuses = labels.statuses()
    out = [
        f"{heading} "
        + _("Completion by pillar, as of {date}").format(date=labels.numbers.date(report.as_of))
        + "\n"
    ]
    header = [_("Pillar"), _("Completion"), _("Items")] + [s for _k, s in statuses] + [_("Overdue")]
    rows = []
    for pillar in report.pillars:
        f = pillar.figures
        rows.append(
            [escape(f"{pillar.id}. {pillar.name}"), pct(f.completion), str(f.items)]
            + [str(f.by_status[k]) for k, _s in statuses]
            + [str(f.overdue)]
        )
    f = report.overall
    rows.append(
        [f"**{_('Overall')}**", f"**{pct(f.completion)}**", str(f.items)]
        + [str(f.by_status[k]) for k, _s in statuses]
        + [str(f.overdue)]
    )
    out.append(table(header, rows, "lr" + "r" * (len(header) - 2)))
    out.append(f"\n{heading} " + _("Completion by plan and pillar") + "\n")
    header = (
        [_("Plan")]
        + [p.id for p in report.pillars]
        + [_("Completion"), _("Items"), labels.status("done"), _("Overdue")]
    )
    rows = [
        [escape(f"{plan.id}: {plan.title}")]
        + [pct(p.figures.completion) for p in plan.pillars]
        + [
            pct(plan.figures.completion),
            str(plan.figures.items),
            str(plan.figures.by_status["done"]),
            str(plan.figures.overdue),
        ]
        for plan in report.plans
    ]
    out.append(table(header, rows, "l" + "r" * (len(header) - 1)))
    if report.countries:
        out.append(f"\n{heading} " + _("Completion by country") + "\n")
        header = [_("Country"), _("Completion"), _("Items"), labels.status("done"), _("Overdue")]
        rows = [
            [
                escape(f"{c.id} {c.name}"),
                pct(c.figures.completion),
                str(c.figures.items),
                str(c.figures.by_status["done"]),
                str(c.figures.overdue),
            ]
            for c in report.countries
        ]
        out.append(table(header, rows, "lrrrr"))
    return "\n".join(out)


def render_status(report: StatusReport) -> str:
    labels = Labels(report.lang)
    return "# " + labels("Implementation status") + "\n\n" + status_markdown(report, labels)


def by_country_markdown(report: StatusReport, labels: Labels, heading: str = "##") -> str:
    """Pillars × countries: completion and coverage (countries' items done/not cancelled)."""
    _ = labels
    matrix = report.by_country
    title = _("Completion by pillar and country, as of {date}").format(
        date=labels.numbers.date(report.as_of)
    )
    out = [f"{heading} {title}\n"]
    if matrix is None or not matrix.countries:
        out.append(_("No item is tracked per country.") + "\n")
        return "\n".join(out)
    num = labels.numbers
    header = [_("Pillar")] + [escape(f"{c.id} {c.name}") for c in matrix.countries] + [_("All")]
    rows = []
    for total in matrix.pillars:
        cells = [matrix.cell(total.id, c.id) for c in matrix.countries]
        rows.append([total.id] + [matrix_cell(num, c) for c in cells] + [matrix_cell(num, total)])
    rows.append(
        [f"**{_('All')}**"]
        + [matrix_cell(num, t) for t in matrix.countries]
        + [matrix_cell(num, matrix.overall)]
    )
    out.append(table(header, rows, "l" + "r" * (len(header) - 1)))
    out.append(
        _("Each cell: completion · items done/items not cancelled, in that country's figures.")
        + "\n"
    )
    return "\n".join(out)


def render_by_country(report: StatusReport) -> str:
    labels = Labels(report.lang)
    return "# " + labels("Implementation status") + "\n\n" + by_country_markdown(report, labels)


def render_items(report: ItemsReport) -> str:
    labels = Labels(report.lang)
    _ = labels
    pct = labels.numbers.percent
    out = ["# " + _("Items, as of {date}").format(date=labels.numbers.date(report.as_of)) + "\n"]
    header = [
        _("ID"),
        _("Title"),
        _("Pillar"),
        _("Status"),
        _("Progress"),
        _("Completion"),
        _("Due"),
        _("Lead"),
        _("Last update"),
    ]
    rows = []
    for row in report.rows:
        item = row.item
        due = labels.numbers.date(item.due, "")
        if row.overdue:
            due += " **" + _("overdue") + "**"
        if row.progress is not None:
            progress = pct(row.progress / 100)
        elif row.coverage is not None:
            progress = _("{done}/{of} countries").format(done=row.coverage[0], of=row.coverage[1])
        else:
            progress = ""
        last = ""
        if row.last is not None:
            last = escape(
                f"{labels.numbers.date(row.last.date)} {row.last.by}"
                + (f": {row.last.note}" if row.last.note else "")
            )
        if row.stale:
            last += " **" + _("stale") + "**"
        rows.append(
            [
                escape(item.id),
                escape(row.title),
                item.pillar,
                labels.status(row.status),
                progress,
                pct(row.completion),
                due,
                escape(", ".join(item.lead)),
                last,
            ]
        )
    out.append(table(header, rows))
    out.append("\n" + status_markdown(report.summary, labels))
    return "\n".join(out)
