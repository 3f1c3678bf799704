"""The options every command shares, declared once, and the parsers that turn their text into
values: formats, dates (and the clock, read here only), languages, pillars, statuses, countries
and the name of who records. A parser's mistake is a ``UsageError`` naming the option.
"""

from __future__ import annotations

import datetime as dt
import enum
import os
import re
from pathlib import Path
from typing import Annotated, TypeVar

from jap_tracker.cli.decl import Option
from jap_tracker.diagnostics import UsageError


class Format(enum.StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"
    csv = "csv"


class StatusFormat(enum.StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"
    csv = "csv"
    xlsx = "xlsx"


class ReportFormat(enum.StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"
    csv = "csv"
    html = "html"
    xlsx = "xlsx"


class BriefFormat(enum.StrEnum):
    table = "table"
    markdown = "markdown"
    html = "html"
    json = "json"


E = TypeVar("E", bound=enum.StrEnum)


# --output FILE without --format: the format of the file's extension (spec section 5)
EXTENSIONS = {".json": "json", ".md": "markdown", ".csv": "csv", ".html": "html", ".xlsx": "xlsx"}


def output_format(given: E | None, output: Path | None, formats: type[E]) -> E:
    """``--format``, else the one of ``--output``'s extension, else table; an extension of a
    format the command does not have is a usage error (a text table in a .html file helps no
    one). A workbook is written to a file only (exit 2 without ``--output``)."""
    chosen = given
    if chosen is None:
        name = "table" if output is None else EXTENSIONS.get(output.suffix.lower(), "table")
        if output is not None and name not in formats.__members__:  # a .html of status, say
            raise UsageError(
                f"this command cannot write a {output.suffix} file (its formats: "
                f"{', '.join(formats.__members__)}): give --format, or another extension",
                "--output",
            )
        chosen = formats(name)
    if chosen == "xlsx" and output is None:
        raise UsageError(
            "an Excel workbook is written to a file: add --output FILE.xlsx", "--output"
        )
    return chosen


class By(enum.StrEnum):
    pillar = "pillar"
    country = "country"
    lead = "lead"


# text, not a Path: Typer would turn an empty --plans "" into Path("."), the current folder
PlansOpt = Annotated[
    str | None,
    Option(
        "--plans",
        metavar="DIR",
        help="The workspace folder [default: $JAP_PLANS, else ./plans].",
        show_default=False,
    ),
]


KnownAtOpt = Annotated[
    str | None,
    Option(
        "--known-at",
        metavar="YYYY-MM-DD",
        help="Count only the records recorded on or before this (UTC) date [default: all].",
        show_default=False,
    ),
]
AsOfOpt = Annotated[
    str | None,
    Option(
        "--as-of",
        metavar="YYYY-MM-DD",
        help="Compute the figures as of this date [default: today].",
        show_default=False,
    ),
]


_FROM_EXTENSION = "Output format [default: from --output's extension, else table]."
FormatOpt = Annotated[
    Format | None, Option("--format", "-f", help=_FROM_EXTENSION, show_default=False)
]


StatusFormatOpt = Annotated[
    StatusFormat | None, Option("--format", "-f", help=_FROM_EXTENSION, show_default=False)
]


ReportFormatOpt = Annotated[
    ReportFormat | None, Option("--format", "-f", help=_FROM_EXTENSION, show_default=False)
]


BriefFormatOpt = Annotated[
    BriefFormat | None, Option("--format", "-f", help=_FROM_EXTENSION, show_default=False)
]


OutputOpt = Annotated[
    Path | None,
    Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write to FILE (atomically) instead of stdout.",
        show_default=False,
    ),
]


LangOpt = Annotated[
    str | None,
    Option(
        "--lang",
        metavar="LANG",
        help="Language of labels and names: en, fr, ru [default: $JAP_LANG, else en].",
        show_default=False,
    ),
]


PillarOpt = Annotated[
    list[str] | None,
    Option(
        "--pillar",
        metavar="PILLAR",
        help="Only this pillar: I-IV or 1-4 (repeatable).",
        show_default=False,
    ),
]


PlanOpt = Annotated[
    list[str] | None,
    Option("--plan", metavar="PLAN", help="Only this plan (repeatable).", show_default=False),
]


CountryOpt = Annotated[
    list[str] | None,
    Option("--country", metavar="CC", help="One country's view.", show_default=False),
]


StaleOpt = Annotated[
    int | None,
    Option(
        "--stale-after",
        metavar="DAYS",
        min=0,
        help="Flag items whose last update is older than DAYS (or that never had one).",
        show_default=False,
    ),
]


def today() -> dt.date:
    """The clock, read here only. ``JAP_TODAY`` pins it (for tests and reproducible docs)."""
    pinned = os.environ.get("JAP_TODAY")
    if pinned:
        return parse_date(pinned, "JAP_TODAY")
    return dt.date.today()


_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # ASCII digits only


FIRST_DAY, LAST_DAY = dt.date(1000, 1, 1), dt.date(9998, 12, 31)


def parse_date(text: str, option: str) -> dt.date:
    """A YYYY-MM-DD date, from 1000-01-01 to 9998-12-31 (room for periods and trends)."""
    if not _DATE.fullmatch(text.strip()):
        raise UsageError(f"{text!r} is not a date: write it as YYYY-MM-DD", option)
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"{text!r} is not a real date", option) from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise UsageError(
            f"{day} is out of range: give a date from {FIRST_DAY} to {LAST_DAY}", option
        )
    return day


def as_of_date(text: str | None) -> dt.date:
    return parse_date(text, "--as-of") if text is not None else today()


def parse_ratings(values: list[str] | None) -> tuple[str, ...]:
    """``--rating`` values (spec section 13), each checked; hyphens, spaces and case forgiven."""
    from jap_tracker.evaluation import RATINGS

    out: list[str] = []
    for text in values or []:
        value = text.strip().lower().replace("-", "_").replace(" ", "_")
        if value not in RATINGS:
            raise UsageError(
                f"{text!r} is not a rating: use one of {', '.join(RATINGS)}", "--rating"
            )
        out.append(value)
    return tuple(dict.fromkeys(out))


def known_at_date(text: str | None) -> dt.date | None:
    """``--known-at`` (spec section 11): None for every record; after today, a usage error."""
    if text is None:
        return None
    day = parse_date(text, "--known-at")
    if day > today():
        raise UsageError(f"{day} is after today ({today()})", "--known-at")
    return day


def language(option: str | None) -> str:
    from jap_tracker.i18n import LANGUAGES

    if option is not None:
        lang, where = option.strip().lower(), "--lang"
    elif os.environ.get("JAP_LANG"):
        lang, where = os.environ["JAP_LANG"].strip().lower(), "JAP_LANG"
    else:
        return "en"
    if lang not in LANGUAGES:
        raise UsageError(
            f"no catalogue for language {lang!r}; choose one of {', '.join(LANGUAGES)}", where
        )
    return lang


def default_author() -> str:
    """Who records when ``--by`` is not given: ``JAP_USER``, else git's user.name, else the
    login name (``records`` refuses an empty name)."""
    name = os.environ.get("JAP_USER", "").strip()
    if name:
        return name
    import subprocess

    try:
        found = subprocess.run(
            ["git", "config", "user.name"], capture_output=True, text=True, timeout=5, check=False
        )
        if found.returncode == 0 and found.stdout.strip():
            return found.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    import getpass

    try:
        return getpass.getuser()
    except Exception:
        return "unknown"


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def parse_pillars(values: list[str] | None) -> tuple[str, ...]:
    from jap_tracker.model import parse_pillar

    out = []
    for value in values or []:
        for part in value.split(","):
            pillar = parse_pillar(part)
            if pillar is None:
                raise UsageError(
                    f"{part!r} is not a pillar: use I, II, III, IV or 1 to 4", "--pillar"
                )
            out.append(pillar)
    return tuple(dict.fromkeys(out))


def parse_statuses(values: list[str] | None) -> tuple[str, ...]:
    from jap_tracker.model import STATUSES, parse_status

    out = []
    for value in values or []:
        for part in value.split(","):
            parsed = parse_status(part)
            if parsed is None:
                raise UsageError(
                    f"unknown status {part!r}; choose one of {', '.join(STATUSES)}", "--status"
                )
            out.append(parsed)
    return tuple(dict.fromkeys(out))


def parse_country(value: str | list[str] | None) -> str | None:
    """One ISO 3166-1 code (any case) -> capitals; a view is one country's, so one only."""
    if isinstance(value, list):
        if len(value) > 1:
            raise UsageError("a view is one country's: give --country once", "--country")
        value = value[0] if value else None
    if value is None:
        return None
    from jap_tracker.codes import country_problem, normalize_country

    code = normalize_country(value.strip())  # on the command line, spaces around are no matter
    if code is None:
        raise UsageError(country_problem(value), "--country")
    return code


# ---- periods (trend, changes) -------------------------------------------------------------


class Every(enum.StrEnum):
    month = "month"
    quarter = "quarter"
    year = "year"


SinceHelp = "YYYY-MM-DD"


def until_date(until: str | None, as_of: str | None) -> dt.date:
    """``--until``, else ``--as-of``, else today; both given must agree."""
    if until is not None and as_of is not None:
        a, b = parse_date(until, "--until"), parse_date(as_of, "--as-of")
        if a != b:
            raise UsageError("give --until or --as-of, not two different dates", "--until")
        return a
    if until is not None:
        return parse_date(until, "--until")
    if as_of is not None:
        return parse_date(as_of, "--as-of")
    return today()


def since_date(since: str | None, until: dt.date) -> dt.date | None:
    if since is None:
        return None
    day = parse_date(since, "--since")
    if day > until:
        raise UsageError(f"--since {day} is after --until {until}", "--since")
    return day
