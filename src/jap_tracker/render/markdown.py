"""Markdown (GitHub-flavoured tables), fit for a CI job summary. File text is escaped."""

from __future__ import annotations

import re

from jap_tracker.model import PILLARS, choose_text
from jap_tracker.progress import Group
from jap_tracker.render.common import extra_text, matrix_cell, plain, points_moved, sparkline
from jap_tracker.render.labels import PERIOD_TITLES, Labels, last_update_text, progress_text
from jap_tracker.report import ItemsReport, StatusReport
from jap_tracker.timeline import Changes, History, Pair, Trend

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~&])")


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
    with_stale = report.overall.stale is not None
    header = [_("Pillar"), _("Completion"), _("Items")] + [s for _k, s in statuses] + [_("Overdue")]
    header += [_("Stale")] if with_stale else []

    def stale(f: Group) -> list[str]:
        return [str(f.stale)] if with_stale else []

    rows = []
    for pillar in report.pillars:
        f = pillar.figures
        rows.append(
            [escape(f"{pillar.id}. {pillar.name}"), pct(f.completion), str(f.items)]
            + [str(f.by_status[k]) for k, _s in statuses]
            + [str(f.overdue)]
            + stale(f)
        )
    f = report.overall
    rows.append(
        [f"**{_('Overall')}**", f"**{pct(f.completion)}**", str(f.items)]
        + [str(f.by_status[k]) for k, _s in statuses]
        + [str(f.overdue)]
        + stale(f)
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
        progress = progress_text(row, labels)
        last = escape(last_update_text(row, labels))
        if row.stale:
            last += " **" + _("stale") + "**"
        rows.append(
            [
                escape(item.id),
                escape(row.title) + (f" ({escape(extra_text(item.extra))})" if item.extra else ""),
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


# ---- progress over time --------------------------------------------------------------------


def render_trend(trend: Trend, lang: str) -> str:
    labels = Labels(lang)
    _ = labels
    pct = labels.numbers.percent
    header = [_("Period"), _("End"), _("Overall"), *PILLARS]
    rows = [
        [
            tp.period.label,
            labels.numbers.date(tp.period.end),
            f"**{pct(tp.point.overall)}**",
            *[pct(tp.point.pillars[p]) for p in PILLARS],
        ]
        for tp in trend.periods
    ]
    out = ["# " + _(PERIOD_TITLES[trend.every]) + "\n", table(header, rows, "llrrrrr")]
    course = [
        [p, "`" + sparkline([tp.point.pillars[p] for tp in trend.periods]) + "`"] for p in PILLARS
    ]
    course.append(
        [f"**{_('Overall')}**", "`" + sparkline([tp.point.overall for tp in trend.periods]) + "`"]
    )
    out.append("\n## " + _("Course by pillar") + "\n")
    out.append(table([_("Pillar"), _("Course")], course))
    return "\n".join(out)


def _move(labels: Labels, pair: Pair | None, status: bool) -> str:
    if pair is None:
        return ""
    if status:
        return f"{labels.status(str(pair.before))} → {labels.status(str(pair.after))}"
    return f"{_progress(labels, pair.before)} → {_progress(labels, pair.after)}"


def _progress(labels: Labels, value: object) -> str:
    return labels.numbers.percent(value / 100 if isinstance(value, float | int) else None)


def render_changes(changes: Changes, lang: str) -> str:
    labels = Labels(lang)
    _ = labels
    pct = labels.numbers.percent
    since, until = labels.numbers.date(changes.since), labels.numbers.date(changes.until)
    out = ["# " + _("Recorded after {since}, up to {until}").format(since=since, until=until)]
    out.append("")
    header = [_("Date"), _("Item"), _("Country"), _("By"), _("Status"), _("Progress"), _("Note")]
    rows = [
        [
            labels.numbers.date(c.update.date),
            escape(c.update.item),
            c.country or "",
            escape(c.update.by),
            _move(labels, c.status, True),
            _move(labels, c.progress, False),
            escape(c.update.note or ""),
        ]
        for c in changes.changes
    ]
    if rows:
        out.append(table(header, rows))
    else:
        out.append(_("No update recorded in these dates.") + "\n")
    out.append("## " + _("How the figures moved") + "\n")
    moved = [
        [p, pct(changes.before.pillars[p]), pct(changes.after.pillars[p])]
        + [points_moved(changes.before.pillars[p], changes.after.pillars[p])]
        for p in PILLARS
    ]
    moved.append(
        [
            f"**{_('Overall')}**",
            pct(changes.before.overall),
            pct(changes.after.overall),
            points_moved(changes.before.overall, changes.after.overall),
        ]
    )
    out.append(table([_("Pillar"), since, until, _("Change")], moved, "lrrr"))
    return "\n".join(out)


def render_history(history: History, lang: str) -> str:
    labels = Labels(lang)
    _ = labels
    item = history.item
    title = escape(f"{item.id}: {choose_text(item.title, lang, item.lang)}")
    out = ["# " + _("History of {item}").format(item=title) + "\n"]
    header = [
        _("Date"),
        _("Country"),
        _("By"),
        _("Status"),
        _("Progress"),
        _("Indicators"),
        _("Note"),
    ]
    rows = []
    for entry in history.entries:
        u = entry.update
        cells = [
            labels.numbers.date(u.date),
            entry.country or " ".join(u.countries or ()),
            escape(u.by),
            labels.status(u.status) if u.status else "",
            _progress(labels, u.progress) if u.progress is not None else "",
            escape("; ".join(f"{k}={labels.numbers.number(v)}" for k, v in u.indicators)),
            escape(u.note or ""),
        ]
        if entry.retraction is not None:
            gone = entry.retraction
            cells = [f"~~{c}~~" if c else c for c in cells]
            cells[-1] += (
                " **"
                + _("retracted by {by}").format(by=escape(gone.by))
                + "**"
                + (": " + escape(gone.note) if gone.note else "")
            )
        rows.append(cells)
    if rows:
        out.append(table(header, rows))
    else:
        out.append(_("No update recorded.") + "\n")
    return "\n".join(out)
