"""The workspace every command uses: its plans, items and journal records, the problems found in
them, and the figures and status reports they give as of a date (``load_workspace``).

Each part is asked of the store (``jap_tracker.cache``) first, and read from the files
(``loader``, ``journal``) when the store has nothing valid; a part is fetched on first use, so
that a repeated ``jap status`` reads one small index and a kept report, and ``jap update`` one
row of the item table. Nothing here says where a part came from. The cross-checks of records
against the plans are pure.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from jap_tracker import model
from jap_tracker.cache.entries import pickled, without_gc
from jap_tracker.cache.kept import Index, KeptPlans, Order, Records, item_shape
from jap_tracker.cache.keys import Reader
from jap_tracker.cache.store import Store
from jap_tracker.cache.timelines import Answers, day
from jap_tracker.diagnostics import Diagnostic, split_problems
from jap_tracker.layout import JOURNAL_DIR, display_path, display_under
from jap_tracker.model import (
    Item,
    ItemShape,
    Plan,
    Retraction,
    Update,
    known,
    known_records,
    retracted_by,
)

if TYPE_CHECKING:
    from jap_tracker.progress import ItemProgress
    from jap_tracker.report import Filters, ItemsReport, StatusReport
    from jap_tracker.timeline import Courses, Scope, Trend

# loader (pydantic), journal, progress and report are imported where used: a status answered
# from the store needs none of them but the kept report's classes.
REPORTS_KEPT = 8
DELTA_KEPT = 1000  # updates noted by jap update (each rewrites them all) before a status


def load_workspace(folder: Path, store: Store | None = None) -> Workspace:
    """The workspace at ``folder``: through ``store`` (``cache.store.open_store``) when given,
    else read from the files alone."""
    return Workspace(folder, store if store is not None else Store())


class Workspace:
    """A workspace's plans and journal, checked against each other, and their figures.

    ``diagnostics`` are known at once; everything else is fetched on first use. Figures and
    status reports are computed once (per date, and language) and kept by the store.
    """

    def __init__(self, folder: Path, store: Store) -> None:
        self.folder = folder
        self._store = store
        self.diagnostics: list[Diagnostic] = []
        self._last: dt.date | None = None  # the date of the last live update
        self.sizes = (0, 0, 0)  # how many plans, items and journal records there are
        self._plans: KeptPlans | None = None
        self._index: dict[str, Item] | None = None
        self._shapes: Mapping[str, ItemShape] | None = None
        self._journal: Records | None = None
        self._live: dict[dt.date | None, list[Update]] = {}  # live_updates, by known_at
        self._figures_key: object = None  # the key of the kept figures that go with the index
        self._delta: list[Update] = []  # updates noted by jap update since those figures
        self._final: dict[str, ItemProgress] | None = None  # figures on and after ``_last``
        self._past: dict[tuple[dt.date, dt.date | None], dict[str, ItemProgress]] = {}
        self._reports: dict[tuple[str, str], StatusReport] | None = {}  # None: still in _kept
        self._kept_reports = b""  # the reports as the index keeps them: a pickle of their own
        self._answers = Answers(store)  # over time, by question
        index = store.index()
        if index is None:
            self._build()
        else:
            self.diagnostics, self._last = index.diagnostics, index.last
            self.sizes = index.sizes
            self._figures_key, self._delta = index.figures, index.delta
            self._reports, self._kept_reports = None, index.reports

    # ---- plans and items

    @property
    def parsed(self) -> model.Workspace:
        """The plans and their items, as the loader made them (what the reports take)."""
        if self._plans is None:
            self._plans = self._store.plans(self._load_plans)
        return self._plans.workspace

    @property
    def plans(self) -> tuple[Plan, ...]:
        return self.parsed.plans

    @property
    def items(self) -> tuple[Item, ...]:
        return self.parsed.items

    def item_index(self) -> dict[str, Item]:
        if self._index is None:
            self._index = self.parsed.item_index()
        return self._index

    def item_shapes(self) -> Mapping[str, ItemShape]:
        """Each item's id, indicators and countries, by id: all that an update is checked
        against (without loading the plans when the store keeps them apart)."""
        if self._shapes is None:
            table = self._store.item_table() if self._plans is None else None
            if table is None and self._plans is None and self._store.keyed:
                self._store.keep_item_table(self.items)  # missing or damaged: kept again
            self._shapes = table if table is not None else {i.id: item_shape(i) for i in self.items}
        return self._shapes

    # ---- the journal

    @property
    def updates(self) -> list[Update]:
        """Every update, retracted ones included."""
        return self._records()[0]

    @property
    def retractions(self) -> list[Retraction]:
        return self._records()[1]

    def retracted(self, known_at: dt.date | None = None) -> dict[str, Retraction]:
        """Each withdrawn update's retraction, by the update's id; with ``known_at``, only
        the retractions recorded on or before that UTC date (spec section 11)."""
        return retracted_by(self.retractions, self._knowledge(known_at))

    def known_updates(self, known_at: dt.date | None = None) -> list[Update]:
        """Every update (retracted ones included) recorded on or before ``known_at``."""
        knowledge = self._knowledge(known_at)
        return self.updates if knowledge is None else known_records(self.updates, knowledge)

    def is_final(self, as_of: dt.date, known_at: dt.date | None = None) -> bool:
        """Whether the figures as of ``as_of`` (known at ``known_at``) are the final ones,
        every live update applied: those the store keeps, at hand without a replay."""
        return self.all_known(known_at) and (self._last is None or as_of >= self._last)

    def all_known(self, known_at: dt.date | None) -> bool:
        """Whether every record was known at the end of ``known_at`` (None: now), so that
        what was known then is what is known now."""
        if known_at is None:
            return True  # without reading the journal
        newest = self._newest_recorded
        return newest is None or known(newest, known_at)

    @functools.cached_property
    def _newest_recorded(self) -> dt.datetime | None:
        """The latest time a record was recorded, if there is any record."""
        updates, retractions, _ = self._records()
        return max([u.recorded for u in updates] + [r.recorded for r in retractions], default=None)

    def _knowledge(self, known_at: dt.date | None) -> dt.date | None:
        """``known_at`` where it leaves a record out, else None (what is known now)."""
        return None if self.all_known(known_at) else known_at

    def live_updates(self, known_at: dt.date | None = None) -> list[Update]:
        """The updates that count: those no retraction withdrew; with ``known_at``, as known
        at the end of that UTC date (later updates and retractions as if absent)."""
        knowledge = self._knowledge(known_at)
        live = self._live.get(knowledge)
        if live is None:
            gone = self.retracted(knowledge)
            updates = self.known_updates(knowledge)
            live = [u for u in updates if u.id not in gone] if gone else updates
            self._live[knowledge] = live
        return live

    def item_records(self, item_id: str) -> tuple[Item, list[Update], list[Retraction]] | None:
        """One item, its updates (retracted ones included) and the retractions of them; None
        for an id no plan has. From the store's index by item when it has one (``jap
        history`` then reads one bucket of it, not the whole journal), else from every record,
        and then kept by item."""
        kept = self._store.item_records(item_id)
        if kept is not None:
            return kept[0], kept[1][0], kept[1][1]
        if item_id not in self.item_index():
            return None
        mine: dict[str, tuple[Item, Records]] = {i.id: (i, ([], [], [])) for i in self.items}
        for update in self.updates:
            if update.item in mine:
                mine[update.item][1][0].append(update)
        item_of = {u.id: u.item for u in self.updates}
        for retraction in self.retractions:
            if item_of.get(retraction.retracts) in mine:
                mine[item_of[retraction.retracts]][1][1].append(retraction)
        if not self._fatal():
            self._store.keep_item_records(mine)
        item, (updates, retractions, _) = mine[item_id]
        return item, updates, retractions

    def _records(self) -> Records:
        if self._journal is None:
            self._journal = self._load_journal()
        return self._journal

    # ---- loading

    def _load_plans(self, read: Reader) -> KeptPlans:
        from jap_tracker.loader import load_plan_files

        with without_gc():
            return KeptPlans(*load_plan_files(self.folder, read=read))

    def _load_journal(self) -> Records:
        """Every journal file's records, each as the store kept it or read again."""
        from jap_tracker.journal import parse_journal_file, read_journal

        def records_of(path: Path, name: str) -> Records:
            return self._store.journal_file(path, lambda read: parse_journal_file(read(path), name))

        with without_gc():
            found = read_journal(self.folder, display_under(self.folder / JOURNAL_DIR), records_of)
        self._store.prune_journal()
        return found

    def _build(self) -> None:
        """Load everything and keep the index."""
        with without_gc():
            parsed = self.parsed
            assert self._plans is not None
            updates, retractions, found = self._records()
            from jap_tracker.records import cross_check

            problems = cross_check(parsed, updates, retractions, self._plans.declared)
        self.diagnostics = [*self._plans.diagnostics, *found, *problems]
        self._last = max((u.date for u in self.live_updates()), default=None)
        self.sizes = (len(parsed.plans), len(parsed.items), len(updates) + len(retractions))
        self._keep_index()

    def _keep_index(self) -> None:
        if self._store.keyed:
            self._store.keep_index(self._index_now())

    def _index_now(self) -> Index:
        if self._reports is not None:
            self._kept_reports = pickled(self._reports) if self._reports else b""
        kept = self._kept_reports
        return Index(self.diagnostics, self._last, self._figures_key, self._delta, kept, self.sizes)

    def _fatal(self) -> bool:
        return bool(split_problems(self.diagnostics)[0])

    # ---- figures and reports

    def figures(self, as_of: dt.date, known_at: dt.date | None = None) -> dict[str, ItemProgress]:
        """Every item's figures as of ``as_of`` (``progress.replay`` of the live updates); with
        ``known_at``, of those known then. The store keeps the final figures of every record,
        and those of the last few past dates asked for (``Store.past_figures``)."""
        from jap_tracker.progress import REPLAY_ORDER, replay

        if not self.is_final(as_of, known_at):
            memo = (as_of, self._knowledge(known_at))
            past = self._past.get(memo)
            if past is None:
                with without_gc():
                    past = self._store.past_figures(*memo)
                    if past is None:
                        past = replay(self.items, self.live_updates(memo[1]), as_of)
                        if self._store.keyed and not self._fatal():
                            self._store.keep_past_figures(*memo, past)
                self._past[memo] = past
            return past
        if self._final is None:
            self._final = self._kept_final()
        if self._final is None:
            live = self.live_updates()
            with without_gc():
                self._final = replay(self.items, live, self._last or dt.date.max)
            self._keep_final(self._final, max((REPLAY_ORDER(u) for u in live), default=None))
        return self._final

    def _kept_final(self) -> dict[str, ItemProgress] | None:
        """The kept final figures, with the updates that jap update noted since applied on
        top, when they all come after the others in replay order."""
        kept = self._store.figures(self._figures_key)
        if kept is None:
            return None
        if not self._delta:
            return kept.figures
        from jap_tracker.progress import REPLAY_ORDER, Replayer

        delta = sorted(self._delta, key=REPLAY_ORDER)
        first, last = REPLAY_ORDER(delta[0]), REPLAY_ORDER(delta[-1])
        if kept.order is not None and first <= kept.order:
            return None  # a back-dated update: replay everything
        with without_gc():
            final = Replayer(self.items, delta).on_top(kept.figures)
        self._keep_final(final, last if kept.order is None else max(kept.order, last))
        return final

    def _keep_final(self, final: dict[str, ItemProgress], order: Order | None) -> None:
        if not self._store.keyed or self._fatal():
            return
        self._figures_key = self._store.keep_figures(final, order)
        self._delta = []
        self._keep_index()

    def status_report(
        self, as_of: dt.date, lang: str, known_at: dt.date | None = None
    ) -> StatusReport:
        """``report.build_status`` over every item, computed once per date and language (and
        afresh each time with ``known_at`` before a record: only reports of every record are
        kept)."""
        if not self.all_known(known_at):
            from jap_tracker.report import build_status

            return build_status(self.parsed, self.figures(as_of, known_at), as_of, lang)
        memo = (as_of.isoformat(), lang)
        if self._reports is None:
            self._reports = self._store.reports(self._kept_reports)
        report = self._reports.get(memo)
        if report is None:
            from jap_tracker.report import build_status

            figures = self.figures(as_of)
            with without_gc():
                report = build_status(self.parsed, figures, as_of, lang)
            if not self._fatal():
                kept = list(self._reports.items())[-(REPORTS_KEPT - 1) :]
                self._reports = {**dict(kept), memo: report}
                self._keep_index()
        return report

    def items_report(
        self,
        as_of: dt.date,
        filters: Filters,
        lang: str,
        known_at: dt.date | None = None,
        stale_after: int | None = None,
    ) -> ItemsReport:
        """``report.build_items`` as of ``as_of``; without any filter, its summary is the status
        report of every item, kept once per date and language (``status_report``)."""
        from jap_tracker.report import Filters, build_items

        figures = self.figures(as_of, known_at)
        summary = None
        if filters == Filters() and self.all_known(known_at) and stale_after is None:
            summary = self.status_report(as_of, lang)  # every row's item: the same figures
        return build_items(self.parsed, figures, as_of, filters, lang, stale_after, summary)

    # ---- over time (timeline): each answer computed once per question, and kept

    def trend(
        self, every: str, until: dt.date, since: dt.date | None, scope: Scope, known: dt.date | None
    ) -> Trend:
        """``timeline.build_trend`` of the live updates known at ``known``."""
        from jap_tracker.timeline import build_trend

        def compute() -> Trend:
            return build_trend(self.parsed, self.live_updates(known), every, until, since, scope)

        question = ("trend", every, day(until), day(since), *scope, day(known))
        return self._answers.answer(question, compute, not self._fatal())

    def report_trend(self, as_of: dt.date, scope: Scope, known: dt.date | None) -> Trend | None:
        """``timeline.report_trend``: the monthly chart of an HTML report."""
        from jap_tracker.timeline import report_trend

        def compute() -> Trend | None:
            return report_trend(self.parsed, self.live_updates(known), as_of, scope)

        question = ("report", day(as_of), *scope, day(known))
        return self._answers.answer(question, compute, not self._fatal())

    def status_courses(self, as_of: dt.date, known: dt.date | None) -> Courses:
        """``timeline.status_courses``: the Trend column of the status table."""
        from jap_tracker.timeline import status_courses

        def compute() -> Courses:
            return status_courses(self.parsed, self.live_updates(known), as_of)

        question = ("courses", day(as_of), day(known))
        return self._answers.answer(question, compute, not self._fatal())

    # ---- jap update

    def append(self, recorded: dt.datetime, record_id: str, fields: Mapping[str, object]) -> None:
        """Append one update, already checked against its item, to the journal
        (``journal.append_records``). This workspace still answers as loaded; the store
        notes the update when the month file is seen to have changed by exactly its line."""
        from jap_tracker.journal import append_records, format_record, shard_name

        line = format_record(record_id, fields)
        path = self.folder / JOURNAL_DIR / shard_name(recorded)
        before = None
        if not any(d.code == "bad-retraction" for d in self.diagnostics):
            before = self._store.known_bytes(path)  # the month file, if as the index knows it
        if before is not None and record_id.encode() in before:
            before = None  # the new id is in the file already: let the reader judge it
        append_records(self.folder, [(recorded, line)])
        if before is not None and len(self._delta) < DELTA_KEPT:
            with contextlib.suppress(Exception):  # the store is only ever an optimisation
                self._note(path, before, line, record_id, fields)

    def _note(
        self, path: Path, before: bytes, line: str, record_id: str, fields: Mapping[str, object]
    ) -> None:
        """When the month file is exactly ``before`` and the new line, the journal holds what
        the index knew plus one update: note it (the delta) instead of reading it all again.

        Each record is one line, read on its own: lines added after others never change how
        the others read. So the new file's records are the old ones and the one in ``line``
        (``journal.record_of``), whose id is in no other line (checked before the write)."""
        from jap_tracker.journal import record_of

        if before and not before.endswith(b"\n"):
            before += b"\n"  # as journal.write_records completes it
        if not self._store.note_written(path, before + line.encode("utf-8")):
            return  # someone else wrote too: let the next command read it
        update = record_of(record_id, fields, display_path(path), before.count(b"\n") + 1)
        last = max(self._last or update.date, update.date)
        delta = [*self._delta, update]
        plans, items, records = self.sizes
        sizes = (plans, items, records + 1)
        index = Index(self.diagnostics, last, self._figures_key, delta, b"", sizes)
        self._store.keep_index(index)
