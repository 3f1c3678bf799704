"""The cache (jap_tracker.cache) under the workspace: never a different answer, whatever changes,
and never in the way.

Each invalidation case changes one thing after a cached run and checks that the next run
answers as a run without the cache (``JAP_NO_CACHE=1``) does. No timing here: the speed is
measured by benchmarks/run.py and recorded in docs/performance.md.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import pickle
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import jap_tracker
from jap_tracker import layout, loader
from jap_tracker import workspace as workspace_module
from jap_tracker.cache import entries, kept, keys, store
from jap_tracker.model import Indicator, Item, ItemShape, Update
from jap_tracker.progress import REPLAY_ORDER, Replayer, replay
from jap_tracker.workspace import Workspace, load_workspace

PLAN_A = """
[plan]
id = "A"
title = { en = "Plan A", fr = "Plan A (fr)" }
countries = ["KZ", "UZ"]

[[item]]
id = "A-1"
title = "One"
pillar = "I"
weight = 1
due = 2024-01-31

[[item]]
id = "A-2"
title = "Two"
pillar = 2
countries = []

[[item.indicator]]
id = "people"
title = "People trained"
target = 200
"""

PLAN_B = """
[plan]
id = "B"
title = "Plan B"

[[item]]
id = "B-1"
title = "Three"
pillar = "IV"
weight = 2
due = 2025-06-30
"""

# 2024-01-10: A-2 has 50 of 200 people: 0.25. 2024-02-01: A-1 done for KZ only: (1 + 0) / 2.
JOURNAL = (
    'u20240110T100000000000-00000001 = { item = "A-2", date = 2024-01-10, '
    'indicators = { people = 50.0 }, by = "t", recorded = 2024-01-10 10:00:00+00:00 }\n'
    'u20240201T100000000000-00000002 = { item = "A-1", date = 2024-02-01, status = "done", '
    'countries = ["KZ"], by = "t", recorded = 2024-02-01 10:00:00+00:00 }\n'
)
TODAY = {"JAP_TODAY": "2026-11-23"}


@pytest.fixture
def workspace(write_plans):
    folder = write_plans(a=PLAN_A, b=PLAN_B)
    (folder / "journal").mkdir()
    (folder / "journal" / "2024-02.toml").write_text(JOURNAL, encoding="utf-8")
    return folder


def answers(jap, folder, *extra, env=None):
    """What the commands say, with the cache (twice: built, then used) and without it."""
    env = {**TODAY, **(env or {})}
    commands = [
        ("status", "--format", "json"),
        ("status", "--format", "json", "--as-of", "2024-01-20", "--lang", "ru"),
        ("report", "--format", "json", "--lang", "fr"),
        ("check",),
    ]
    out = []
    for command in commands:
        runs = [jap(*command, "--plans", folder, *extra, env=env) for _ in range(2)]
        runs.append(jap(*command, "--plans", folder, *extra, env={**env, "JAP_NO_CACHE": "1"}))
        out.append([(r.returncode, r.stdout, r.stderr) for r in runs])
    return out


def assert_same_with_and_without_cache(jap, folder, **kwargs):
    for cached, again, uncached in answers(jap, folder, **kwargs):
        assert cached == uncached
        assert again == uncached


def cache_folder(workspace):
    """Where the cache of ``workspace`` lives (JAP_CACHE_DIR is set by conftest)."""
    return store.cache_folder(workspace)


def load(folder: Path) -> Workspace:
    """The workspace as the commands load it: through its store."""
    return load_workspace(folder, store.open_store(folder))


def status(jap, folder, **env):
    result = jap("status", "--format", "json", "--plans", folder, env={**TODAY, **env})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_results_with_the_cache_equal_results_without(workspace, jap):
    assert_same_with_and_without_cache(jap, workspace)
    assert (cache_folder(workspace) / "index.marshal").is_file()
    # the figures themselves, by hand: A-1 (KZ done, UZ not started) 0.5, A-2 0.25, B-1 0
    # overall (1 × 0.5 + 1 × 0.25 + 2 × 0) / 4 = 0.1875
    assert status(jap, workspace)["overall"]["completion"] == 0.1875


def test_the_cache_keeps_out_of_git(workspace, jap):
    status(jap, workspace)
    ignore = (cache_folder(workspace) / ".gitignore").read_text()
    assert ignore.splitlines()[-1] == "*"


def test_no_cache_with_jap_no_cache(workspace, jap):
    status(jap, workspace, JAP_NO_CACHE="1")
    assert not (cache_folder(workspace)).exists()


def test_the_cache_lives_outside_the_workspace(workspace, jap, tmp_path):
    # without JAP_CACHE_DIR: in the user's cache folder; the workspace gains no file
    before = sorted(p.relative_to(workspace) for p in workspace.rglob("*"))
    home = tmp_path / "xdg"
    first = status(jap, workspace, JAP_CACHE_DIR="", XDG_CACHE_HOME=str(home))
    assert status(jap, workspace, JAP_CACHE_DIR="", XDG_CACHE_HOME=str(home)) == first
    assert sorted(p.relative_to(workspace) for p in workspace.rglob("*")) == before
    (entry,) = (home / "jap-tracker").iterdir()
    assert (entry / "index.marshal").is_file()


def test_jap_cache_dir_keeps_the_cache_elsewhere(workspace, jap, tmp_path):
    elsewhere = tmp_path / "caches"
    first = status(jap, workspace, JAP_CACHE_DIR=str(elsewhere))
    assert status(jap, workspace, JAP_CACHE_DIR=str(elsewhere)) == first
    assert not (cache_folder(workspace)).exists()
    assert [p.name for p in elsewhere.iterdir()] == [
        f"plans-{p.name[-8:]}" for p in elsewhere.iterdir()
    ]


def test_a_cache_that_cannot_be_written_is_not_an_error(workspace, jap):
    cache_folder(workspace).parent.mkdir(parents=True, exist_ok=True)
    cache_folder(workspace).write_text("a file where the cache folder would go")
    result = jap("status", "--format", "json", "--plans", workspace, env=TODAY)
    assert result.returncode == 0 and result.stderr == ""
    assert json.loads(result.stdout)["overall"]["completion"] == 0.1875


# ---- invalidation: every change to a plan or journal file is seen --------------------------


def edit_keeping_size_and_mtime(path: Path, old: bytes, new: bytes) -> None:
    """Replace ``old`` by ``new`` (same length) and put the modification time back."""
    assert len(old) == len(new)
    before = path.stat()
    data = path.read_bytes()
    assert data.count(old) == 1
    path.write_bytes(data.replace(old, new))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    assert path.stat().st_mtime_ns == before.st_mtime_ns


def age(folder: Path, seconds: int = 3600) -> None:
    """Make every file look old, so that no content hash is kept for it (not "racy")."""
    past = dt.datetime.now().timestamp() - seconds
    for path in folder.rglob("*.toml"):
        os.utime(path, (past, past))


def test_a_plan_byte_edited_with_same_size_and_mtime(workspace, jap):
    age(workspace)
    assert status(jap, workspace)["plans"][1]["completion"] == 0.0
    plan = workspace / "b.toml"
    edit_keeping_size_and_mtime(plan, b'pillar = "IV"', b'pillar = "II"')
    # B-1 moved from pillar IV to II: pillar IV now has no item
    pillars = {p["id"]: p["items"] for p in status(jap, workspace)["pillars"]}
    assert pillars == {"I": 1, "II": 2, "III": 0, "IV": 0}
    assert_same_with_and_without_cache(jap, workspace)


def test_a_journal_file_edited_with_same_size_and_mtime(workspace, jap):
    age(workspace)
    status(jap, workspace)
    journal = workspace / "journal" / "2024-02.toml"
    edit_keeping_size_and_mtime(journal, b"people = 50.0", b"people = 90.0")
    # 90 / 200 = 0.45; overall (0.5 + 0.45 + 0) / 4 = 0.2375
    assert status(jap, workspace)["overall"]["completion"] == pytest.approx(0.2375)
    assert_same_with_and_without_cache(jap, workspace)


def test_the_key_alone_sees_a_same_size_same_mtime_edit(workspace, monkeypatch):
    """With no content hash at all (nothing counts as young), the change of ctime that any
    write makes, and that os.utime cannot undo, is enough."""
    monkeypatch.setattr(keys, "RACY_NS", -(10**18))
    day = dt.date(2026, 11, 23)
    assert load(workspace).status_report(day, "en").plans[1].figures.items == 1
    edit_keeping_size_and_mtime(workspace / "b.toml", b'id = "B-1"', b'id = "B-2"')
    index = load(workspace).item_index()
    assert "B-2" in index and "B-1" not in index


def test_a_change_within_the_timestamps_granularity_is_caught(workspace, monkeypatch):
    """The racy case: a file rewritten so soon that its key (size, times, inode) is unchanged.
    The file is young when cached, so its content hash was kept and is checked."""
    first = load(workspace)
    assert first.status_report(dt.date(2026, 11, 23), "en").overall.items == 3
    before = keys.current_keys(workspace)
    plan = workspace / "b.toml"
    data = plan.read_bytes()
    plan.write_bytes(data.replace(b'pillar = "IV"', b'pillar = "II"'))
    monkeypatch.setattr(store, "current_keys", lambda folder: before)  # the stat: unchanged
    again = load(workspace)
    assert [p.figures.items for p in again.status_report(dt.date(2026, 11, 23), "en").pillars] == [
        1,
        2,
        0,
        0,
    ]


@pytest.mark.parametrize("change", ["add", "remove", "rename"])
def test_plan_files_added_removed_renamed(workspace, jap, change):
    age(workspace)
    status(jap, workspace)
    if change == "add":
        (workspace / "c.toml").write_text(
            '[plan]\nid = "C"\ntitle = "C"\n\n[[item]]\nid = "C-1"\ntitle = "x"\npillar = 3\n'
        )
    elif change == "remove":
        (workspace / "b.toml").unlink()
    else:  # plans are listed by file name: a rename changes their order
        (workspace / "a.toml").rename(workspace / "z.toml")
    plans = [p["id"] for p in status(jap, workspace)["plans"]]
    assert plans == {"add": ["A", "B", "C"], "remove": ["A"], "rename": ["B", "A"]}[change]
    assert_same_with_and_without_cache(jap, workspace)


@pytest.mark.parametrize("change", ["add", "remove", "rename"])
def test_journal_files_added_removed_renamed(workspace, jap, change):
    age(workspace)
    journal = workspace / "journal"
    before = status(jap, workspace)["overall"]["completion"]
    if change == "add":
        (journal / "2024-03.toml").write_text(
            'u20240301T100000000000-00000003 = { item = "B-1", date = 2024-03-01, '
            'progress = 50.0, by = "t", recorded = 2024-03-01 10:00:00+00:00 }\n'
        )
        expected = 0.4375  # (0.5 + 0.25 + 2 × 0.5) / 4
    elif change == "remove":
        (journal / "2024-02.toml").unlink()
        expected = 0.0
    else:  # renamed away from *.toml: no longer a journal file
        (journal / "2024-02.toml").rename(journal / "2024-02.toml.bak")
        expected = 0.0
    assert before == 0.1875
    assert status(jap, workspace)["overall"]["completion"] == expected
    assert_same_with_and_without_cache(jap, workspace)


def test_another_version_of_jap_does_not_use_the_cache(workspace, monkeypatch):
    load(workspace)
    loads = []
    real = loader.load_plan_files
    monkeypatch.setattr(loader, "load_plan_files", lambda *a, **k: loads.append(1) or real(*a, **k))
    load(workspace)
    assert loads == []  # same version: from the cache
    monkeypatch.setattr(jap_tracker, "__version__", jap_tracker.__version__ + ".post1")
    load(workspace)
    assert loads == [1]  # another version: read again, silently


def test_a_change_of_working_folder_names_files_as_before(workspace, jap, tmp_path):
    (workspace / "b.toml").write_text(PLAN_B.replace('pillar = "IV"', 'pillar = "V"'))
    inside = jap("check", "--plans", ".", cwd=workspace)
    outside = jap("check", "--plans", "plans", cwd=tmp_path)
    assert inside.returncode == outside.returncode == 1
    assert inside.stderr.startswith("b.toml:") and outside.stderr.startswith("plans/b.toml:")


def test_outside_the_working_folder_files_are_named_as_plans_spells_them(workspace, jap, tmp_path):
    (workspace / "b.toml").write_text(PLAN_B.replace('pillar = "IV"', 'pillar = "V"'))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    relative = jap("check", "--plans", "../plans", cwd=elsewhere)
    absolute = jap("check", "--plans", workspace, cwd=elsewhere)
    again = jap("check", "--plans", "../plans", cwd=elsewhere)
    assert relative.stderr.startswith("../plans/b.toml:")
    assert absolute.stderr.startswith(f"{workspace}/b.toml:")
    assert again.stderr == relative.stderr


# ---- damage ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # truncated
        lambda data: b"",  # emptied
        lambda data: b"\x00garbage\xff" * 50,  # garbage
        lambda data: data[:20] + b"\xff" * 40 + data[60:],  # bytes overwritten
    ],
)
def test_a_damaged_cache_file_is_reported_once_and_rebuilt(workspace, jap, damage):
    expected = status(jap, workspace)
    for name in ("index.marshal", "plans.pickle"):
        path = cache_folder(workspace) / name
        path.write_bytes(damage(path.read_bytes()))
    result = jap("report", "--format", "json", "--plans", workspace, env=TODAY)
    assert result.returncode == 0
    assert result.stderr.count("warning") == 1
    assert "cache" in result.stderr and "damaged" in result.stderr
    assert json.loads(result.stdout)["summary"] == expected
    # rebuilt: the next run is quiet
    again = jap("status", "--format", "json", "--plans", workspace, env=TODAY)
    assert again.stderr == "" and json.loads(again.stdout) == expected


@pytest.mark.parametrize("where", ["plans.pickle", "the reports in index.marshal"])
def test_a_planted_pickle_cannot_run_code(workspace, jap, tmp_path, where):
    import marshal

    status(jap, workspace)
    witness = tmp_path / "ran"

    class Evil:
        def __reduce__(self):
            return (os.system, (f"touch {witness}",))

    name = where.split()[-1]
    path = cache_folder(workspace) / name
    header, body = path.read_bytes().split(b"\n", 1)
    if name == "plans.pickle":
        planted = pickle.dumps({"key": Evil()})
    else:  # the index itself is marshalled; the status reports inside it are a pickle
        index = marshal.loads(body)
        index["reports"] = pickle.dumps({("2026-11-23", "en"): Evil()})
        planted = marshal.dumps(index)
    path.write_bytes(header + b"\n" + planted)
    command = "report" if name == "plans.pickle" else "status"  # what reads that pickle
    result = jap(command, "--format", "json", "--plans", workspace, env=TODAY)
    assert result.returncode == 0 and "damaged" in result.stderr, result.stderr
    assert not witness.exists()
    assert json.loads(result.stdout)["schema_version"] == 1


def test_a_broken_workspace_reports_the_same_problems_every_time(workspace, jap):
    (workspace / "b.toml").write_text(PLAN_B.replace("weight = 2", "wieght = 2"))
    runs = [jap("status", "--plans", workspace, env=TODAY) for _ in range(3)]
    runs.append(jap("status", "--plans", workspace, env={**TODAY, "JAP_NO_CACHE": "1"}))
    assert {(r.returncode, r.stdout, r.stderr) for r in runs} == {(1, "", runs[0].stderr)}
    assert "b.toml:" in runs[0].stderr and "wieght" in runs[0].stderr


def test_journal_problems_are_warned_about_every_time(workspace, jap):
    with (workspace / "journal" / "2024-02.toml").open("a") as handle:
        handle.write(
            'u20240205T100000000000-00000009 = { item = "GONE", date = 2024-02-05, '
            'progress = 5.0, by = "t", recorded = 2024-02-05 10:00:00+00:00 }\n'
        )
    assert_same_with_and_without_cache(jap, workspace)
    again = jap("status", "--format", "json", "--plans", workspace, env=TODAY)
    assert "GONE" in again.stderr and again.returncode == 0


# ---- jap update keeps the cache warm, and right ---------------------------------------------


def test_updates_then_status_as_without_cache(workspace, jap):
    status(jap, workspace)
    for args in (
        ("A-2", "--indicator", "people=150", "--date", "2024-03-01"),
        ("A-1", "--status", "blocked", "--country", "UZ", "--date", "2024-03-02"),
        ("B-1", "--progress", "40", "--date", "2024-03-02"),
    ):
        result = jap("update", *args, "--plans", workspace, env=TODAY)
        assert result.returncode == 0, result.stderr
    assert_same_with_and_without_cache(jap, workspace)
    # KZ done, UZ blocked: 0.5, blocked; A-2: 150/200 = 0.75; B-1 0.4
    # (0.5 + 0.75 + 2 × 0.4) / 4 = 0.5125
    assert status(jap, workspace)["overall"]["completion"] == pytest.approx(0.5125)


def test_a_back_dated_update_is_replayed_in_its_place(workspace, jap):
    status(jap, workspace)
    # dated before the last update: it comes first in replay order, then "done" for KZ
    result = jap(
        "update",
        "A-1",
        "--status",
        "blocked",
        "--date",
        "2024-01-15",
        "--plans",
        workspace,
        env=TODAY,
    )
    assert result.returncode == 0, result.stderr
    assert_same_with_and_without_cache(jap, workspace)


def test_an_update_written_beside_jap_is_seen(workspace, jap):
    status(jap, workspace)
    jap("update", "B-1", "--progress", "10", "--plans", workspace, env=TODAY)
    status(jap, workspace)
    month = next(p for p in (workspace / "journal").glob("*.toml") if p.name != "2024-02.toml")
    with month.open("a") as handle:  # another program appends a record
        handle.write(
            'u20260101T100000000000-0000000a = { item = "B-1", date = 2026-01-01, '
            'progress = 70.0, by = "x", recorded = 2026-01-01 10:00:00+00:00 }\n'
        )
    jap("update", "A-2", "--note", "checked", "--plans", workspace, env=TODAY)
    assert_same_with_and_without_cache(jap, workspace)


NOV = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
B1 = {"item": "B-1", "date": dt.date(2026, 11, 20), "progress": 30.0, "by": "me", "recorded": NOV}


@pytest.mark.parametrize("ending", ["\n", ""])
def test_the_update_jap_update_notes_is_the_one_the_reader_reads(workspace, ending):
    """The write-through (Workspace.append) notes the new update without reading the file back:
    it must be exactly what the reader makes of the file, path and line included."""
    from jap_tracker import journal

    month = workspace / "journal" / "2026-11.toml"
    other = JOURNAL.splitlines()[0].replace("00000001", "0000000b")
    month.write_text(f"# written by hand\n{other}{ending}")  # maybe no final newline
    load(workspace).append(NOV, "u20261123T090000000000-0000000c", B1)
    (noted,) = load(workspace)._delta
    updates, _, problems = journal.parse_journal_file(month.read_bytes(), str(month))
    assert problems == [] and len(updates) == 2
    assert noted == updates[1]._replace(path=layout.display_path(month))
    assert noted.line == 3 and noted.progress == 30.0


def test_a_new_id_already_in_the_month_file_is_left_to_the_reader(workspace, jap):
    month = workspace / "journal" / "2026-11.toml"
    twin = "u20261123T090000000000-0000000c"
    month.write_text(JOURNAL.splitlines()[0].replace("u20240110T100000000000-00000001", twin))
    load(workspace).append(NOV, twin, B1)
    assert load(workspace)._delta == []  # not noted: the next command reads the file again
    assert_same_with_and_without_cache(jap, workspace)
    result = jap("check", "--plans", workspace, env=TODAY)
    assert result.returncode == 1
    assert "2026-11.toml:2: record id 'u20261123T090000000000-0000000c' already used on line 1" in (
        result.stderr
    )


# ---- the pieces -----------------------------------------------------------------------------


def answers_of(ws: Workspace) -> list[object]:
    """Everything a command may ask of a workspace, in the order asked."""
    days = (dt.date(2024, 1, 20), dt.date(2026, 11, 23), dt.date(2023, 1, 1))
    return [
        ws.diagnostics,
        [ws.item_shapes()[i] for i in ("A-1", "A-2", "B-1")],
        "GONE" in ws.item_shapes(),
        *(ws.figures(day) for day in days),
        *(ws.status_report(day, lang) for day in days for lang in ("en", "ru")),
        ws.parsed,
        ws.updates,
        ws.retractions,
        ws.retracted(),
        ws.live_updates(),
        ws.item_index(),
    ]


def test_a_workspace_answers_the_same_from_its_store_and_from_the_files(workspace):
    with (workspace / "journal" / "2024-02.toml").open("a") as handle:  # one warning, one undo
        handle.write(
            'u20240205T100000000000-00000009 = { item = "GONE", date = 2024-02-05, '
            'progress = 5.0, by = "t", recorded = 2024-02-05 10:00:00+00:00 }\n'
            'x20240206T100000000000-0000000a = { retracts = "u20240110T100000000000-00000001", '
            'by = "t", recorded = 2024-02-06 10:00:00+00:00 }\n'
        )
    files = answers_of(load_workspace(workspace))
    assert files[0][0].code == "unknown-item" and files[1][1] == ItemShape("A-2", ("people",), ())
    assert files[2] is False and files[-3] == {"u20240110T100000000000-00000001": files[-4][0]}
    assert [u.id[-2:] for u in files[-2]] == ["02", "09"]  # live: the retracted one left out
    assert answers_of(load(workspace)) == files  # built, and kept
    assert answers_of(load(workspace)) == files  # from the index and the kept values
    assert answers_of(load_workspace(workspace)) == files  # the files, once more


@pytest.mark.parametrize(
    ("module", "name"),
    [
        ("jap_tracker.__main__", "main"),  # importing it would run jap again
        ("os", "system"),
        ("builtins", "eval"),
        ("jap_tracker.cli.app", "main"),
        ("jap_tracker.report", "build_status"),  # an accepted module, a name not on the list
        ("jap_tracker.model", "parse_status"),
        ("datetime", "sys"),
    ],
)
def test_the_unpickler_refuses_a_class_outside_its_list_before_importing(module, name):
    before = set(sys.modules)
    planted = f"c{module}\n{name}\n(S'touch /tmp/jap-pwned'\ntR.".encode()  # protocol 0
    with pytest.raises(entries.Damaged):
        entries.unpickle(planted)
    assert set(sys.modules) - before <= {"pickle", "_compat_pickle", "_pickle"}


def test_the_unpickler_accepts_what_is_kept():
    update = Update("u1", "A-1", dt.date(2024, 1, 1), dt.datetime(2024, 1, 1, tzinfo=dt.UTC), "t")
    assert entries.unpickle(entries.pickled({"x": [update, ITEMS[2]]})) == {"x": [update, ITEMS[2]]}


def item(ident: str, countries: tuple[str, ...], indicators: int) -> Item:
    return Item(
        ident,
        "P",
        {"en": ident},
        "I",
        None,
        (),
        (),
        1.0,
        (),
        None,
        tuple(Indicator(f"i{k}", {"en": "x"}, None, 0.0, 10.0, None) for k in range(indicators)),
        countries,
        {},
        "en",
    )


ITEMS = [item("X", (), 0), item("Y", (), 2), item("Z", ("KZ", "UZ", "TJ"), 1)]
STATUS = st.sampled_from([None, "not_started", "in_progress", "done", "blocked", "cancelled"])
UPDATE = st.builds(
    lambda n, target, day, status, progress, values, countries: Update(
        f"u{n}",
        target,
        dt.date(2024, 1, 1) + dt.timedelta(days=day),
        dt.datetime(2024, 1, 1, tzinfo=dt.UTC) + dt.timedelta(minutes=n),
        "t",
        status,
        progress,
        values,
        countries,
        path="j.toml",
        line=n,
    ),
    st.integers(0, 10**6),
    st.sampled_from(["X", "Y", "Z", "GONE"]),
    st.integers(0, 60),
    STATUS,
    st.none() | st.floats(0, 100),
    st.lists(st.tuples(st.sampled_from(["i0", "i1", "zz"]), st.floats(-5, 15)), max_size=2).map(
        tuple
    ),
    st.none() | st.lists(st.sampled_from(["KZ", "UZ", "TJ"]), min_size=1, max_size=2).map(tuple),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(UPDATE, max_size=12, unique_by=lambda u: u.id), st.integers(0, 12))
def test_on_top_is_replay_of_everything(updates, cut):
    """Final figures, then later updates applied on top, equal one replay of all of them."""
    ordered = sorted(updates, key=REPLAY_ORDER)
    earlier, later = ordered[:cut], ordered[cut:]
    final = replay(ITEMS, earlier, dt.date.max)
    assert Replayer(ITEMS, later).on_top(final) == replay(ITEMS, ordered, dt.date.max)


def test_cached_status_is_build_status(workspace):
    """In process: the memo gives what build_status gives, for other dates and languages."""
    from jap_tracker.report import build_status

    plain = load_workspace(workspace)  # no store: the files alone
    for day, lang in ((dt.date(2026, 11, 23), "en"), (dt.date(2024, 1, 20), "ru")):
        cached = load(workspace).status_report(day, lang)
        again = load(workspace).status_report(day, lang)
        fresh = build_status(
            plain.parsed, replay(plain.items, plain.live_updates(), day), day, lang
        )
        assert cached == again == fresh


# ---- figures as of past dates (Store.past_figures) ---------------------------------------


def test_figures_of_a_past_date_are_kept_and_read_back(workspace, monkeypatch):
    """Asked once, the figures as of a past date (and as known at one) come from the store
    the next time, with no replay, and equal the replay's."""
    from jap_tracker import progress

    day, known = dt.date(2024, 1, 20), dt.date(2024, 1, 31)
    plain = load_workspace(workspace)  # no store: the files alone
    expected = replay(plain.items, plain.live_updates(), day)
    first = load(workspace)
    assert first.figures(day) == expected == first.figures(day, known)
    names = {p.name for p in cache_folder(workspace).glob("past-*")}
    assert names == {"past-2024-01-20-known-all.pickle", "past-2024-01-20-known-2024-01-31.pickle"}

    def no_replay(*args, **kwargs):
        raise AssertionError("replayed")

    monkeypatch.setattr(progress, "replay", no_replay)
    again = load(workspace)
    assert again.figures(day) == expected and again.figures(day, known) == expected
    # A-2's 50 of 200 people as of 2024-01-20; A-1 not started yet
    assert again.figures(day)["A-2"].completion == 0.25
    assert again.figures(day)["A-1"].completion == 0.0


def test_only_the_newest_past_dates_are_kept(workspace):
    for day in range(10, 17):  # seven dates, one after the other
        load(workspace).figures(dt.date(2024, 1, day))
    kept = {p.name for p in cache_folder(workspace).glob("past-*")}
    assert len(kept) == entries.PAST_KEPT
    assert "past-2024-01-16-known-all.pickle" in kept  # the one just written, always
    assert load(workspace).updates  # the journal read again: its entries pruned, never these
    assert {p.name for p in cache_folder(workspace).glob("past-*")} == kept


def test_past_figures_follow_the_journal(workspace, jap):
    """Kept under the key of every file: an update back-dated before the date is seen."""
    as_of = ("report", "--format", "json", "--as-of", "2024-01-20", "--plans", workspace)
    before = json.loads(jap(*as_of, env=TODAY).stdout)
    jap(
        "update", "A-2", "--progress", "75", "--date", "2024-01-15", "--plans", workspace, env=TODAY
    )
    after = json.loads(jap(*as_of, env=TODAY).stdout)
    uncached = json.loads(jap(*as_of, env={**TODAY, "JAP_NO_CACHE": "1"}).stdout)
    assert after == uncached != before
    # pillar II is A-2 alone: 50 of 200 people (0.25), then 75 % as of 2024-01-15 and after
    assert before["summary"]["pillars"][1]["completion"] == 0.25
    assert after["summary"]["pillars"][1]["completion"] == 0.75


def test_a_damaged_past_entry_is_reported_once_and_replayed(workspace, jap):
    as_of = ("report", "--format", "json", "--as-of", "2024-01-20", "--plans", workspace)
    expected = jap(*as_of, env=TODAY).stdout
    (path,) = cache_folder(workspace).glob("past-*")
    path.write_bytes(path.read_bytes()[:-40] + b"\xff" * 40)
    result = jap(*as_of, env=TODAY)
    assert result.stdout == expected
    assert result.stderr.count("warning") == 1 and "damaged" in result.stderr


def test_the_switches_are_documented():
    text = (Path(__file__).parent.parent / "docs" / "performance.md").read_text()
    for word in ("JAP_NO_CACHE", "JAP_CACHE_DIR", "XDG_CACHE_HOME", "JAP_TYPER"):
        assert word in text, word


def test_a_linked_journal_folder_outside_names_its_files_as_spelled(workspace, jap, tmp_path):
    outside = tmp_path / "kept-elsewhere"
    (workspace / "journal").rename(outside)
    (workspace / "journal").symlink_to(outside)
    with (outside / "2024-02.toml").open("a") as handle:
        handle.write("broken line\n")
    dot = [jap("check", "--plans", ".", cwd=workspace) for _ in range(2)]
    absolute = jap("check", "--plans", str(workspace), cwd=workspace)
    dot.append(jap("check", "--plans", ".", cwd=workspace))
    # outside the working folder, a file is named through the path as given
    assert {r.stderr.split(":")[0] for r in dot} == {"journal/2024-02.toml"}
    assert absolute.stderr.startswith(f"{workspace}/journal/2024-02.toml:3:")


def test_without_a_writable_home_the_cache_goes_to_the_temporary_folder(workspace, jap, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    os.chmod(locked, 0o500)
    try:
        env = {
            "JAP_CACHE_DIR": "",
            "XDG_CACHE_HOME": str(locked / "cache"),
            "TMPDIR": str(tmp_path),
        }
        first = status(jap, workspace, **env)
        assert status(jap, workspace, **env) == first
        if os.geteuid() != 0:  # root writes anywhere: the home would do
            assert (tmp_path / f"jap-tracker-{os.getuid()}").is_dir()
    finally:
        os.chmod(locked, 0o700)


def test_a_damaged_item_index_is_rebuilt_after_one_warning(workspace, jap):
    status(jap, workspace)
    path = cache_folder(workspace) / "items.marshal"
    path.write_bytes(path.read_bytes()[:40])
    warnings = []
    for note in ("a", "b", "c"):
        result = jap("update", "B-1", "--note", note, "--plans", workspace, env=TODAY)
        assert result.returncode == 0, result.stderr
        warnings.append(result.stderr.count("damaged"))
    assert warnings == [1, 0, 0]


# ---- the item table (items.marshal) ------------------------------------------------------------


def _item(ident: str, indicators: tuple[str, ...] = (), countries: tuple[str, ...] = ()) -> Item:
    return Item(
        *(None,) * len(Item._fields)  # type: ignore[arg-type]
    )._replace(
        id=ident,
        indicators=tuple(
            Indicator(*(None,) * len(Indicator._fields))._replace(id=k)  # type: ignore[arg-type]
            for k in indicators
        ),
        countries=countries,
    )


def test_item_table_finds_whole_ids_only():
    items = [_item("P-1", ("people", "laws"), ("KZ", "UZ")), _item("P-10"), _item("x.P-1")]
    table = kept.ItemTable(kept.item_table(items))
    assert len(table) == 3 and list(table) == ["P-1", "P-10", "x.P-1"]
    assert table["P-1"] == ItemShape("P-1", ("people", "laws"), ("KZ", "UZ"))
    assert table["P-10"] == ItemShape("P-10", (), ())
    for absent in ("P", "P-", "-1", "P-1\tpeople", "P-1 ", "", "P-100", "people", "KZ"):
        assert absent not in table and table.get(absent) is None, absent


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.from_regex(r"[A-Za-z0-9._-]{1,8}", fullmatch=True),
        st.tuples(
            st.lists(st.from_regex(r"[A-Za-z0-9._-]{1,5}", fullmatch=True), max_size=3),
            st.lists(st.sampled_from(["KZ", "KG", "TJ", "TM", "UZ"]), max_size=3, unique=True),
        ),
        max_size=12,
    ),
    st.lists(st.from_regex(r"[A-Za-z0-9._ \t-]{0,9}", fullmatch=True), max_size=5),
)
def test_item_table_answers_as_the_item_index_does(rows, probes):
    items = [_item(k, tuple(ind), tuple(cc)) for k, (ind, cc) in rows.items()]
    index = {i.id: i for i in items}
    table = kept.ItemTable(kept.item_table(items))
    assert list(table) == list(index) and len(table) == len(index)
    for probe in [*index, *probes]:
        want, got = index.get(probe), table.get(probe)
        assert (want is None) == (got is None), probe
        if want is not None:
            assert got == kept.item_shape(want)


def test_a_misshapen_index_is_damage_not_an_error(workspace, jap):
    import marshal

    expected = status(jap, workspace)
    path = cache_folder(workspace) / "index.marshal"
    header, body = path.read_bytes().split(b"\n", 1)
    index = marshal.loads(body)
    index["racy"] = 5  # well-formed marshal, wrong shape
    path.write_bytes(header + b"\n" + marshal.dumps(index))
    result = jap("status", "--format", "json", "--plans", workspace, env=TODAY)
    assert result.returncode == 0, result.stderr
    assert "damaged" in result.stderr and "internal error" not in result.stderr
    assert json.loads(result.stdout) == expected
    again = jap("status", "--format", "json", "--plans", workspace, env=TODAY)
    assert again.stderr == "" and json.loads(again.stdout) == expected


def test_what_an_older_jap_left_in_the_cache_is_removed(workspace, jap):
    status(jap, workspace)
    folder = cache_folder(workspace)
    (folder / "index.pickle").write_bytes(b"JAPCACHE2 from an older jap")
    (folder / ".index.marshal.999999.tmp").write_bytes(b"another jap writing now")
    (workspace / "journal" / "2024-02.toml").touch()  # the journal is read again
    status(jap, workspace)
    assert not (folder / "index.pickle").exists()
    assert (folder / ".index.marshal.999999.tmp").exists()
    assert {p.name for p in folder.iterdir()} >= {"index.marshal", "plans.pickle", ".gitignore"}


def test_updates_noted_without_a_status_are_bounded(workspace, jap, monkeypatch):
    """jap update notes at most DELTA_KEPT updates; past that, the next command reads the
    journal again, and answers the same."""
    monkeypatch.setattr(workspace_module, "DELTA_KEPT", 2)
    status(jap, workspace)
    noted = []
    for day in (10, 11, 12):
        recorded = dt.datetime(2026, 11, day, 9, 0, tzinfo=dt.UTC)
        fields = {**B1, "progress": float(day), "recorded": recorded}
        load(workspace).append(recorded, f"u202611{day}T090000000000-0000000{day - 9}", fields)
        noted.append(len(load(workspace)._delta))
    assert noted == [1, 2, 0]  # the third append left the index stale: read again, rebuilt
    assert_same_with_and_without_cache(jap, workspace)
    assert status(jap, workspace)["pillars"][3]["completion"] == 0.12  # B-1: 12 %


# ---- jap report over the kept status report (workspace.items_report) -----------------------


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_unfiltered_report_summary_is_the_kept_status_report(workspace, lang):
    from jap_tracker.report import Filters, build_items

    day = dt.date(2024, 3, 1)
    load(workspace).status_report(day, lang)  # kept in the index
    again = load(workspace)
    report = again.items_report(day, Filters(), lang)
    assert again._reports is not None and (day.isoformat(), lang) in again._reports
    expected = build_items(
        load_workspace(workspace).parsed, again.figures(day), day, Filters(), lang
    )
    assert report == expected
    # A-1 done for KZ only (0.5) and A-2 at 0.25 of weight 1, B-1 at 0 of weight 2: 0.75 / 4
    assert report.summary.overall.completion == 0.75 / 4


def test_filtered_report_summary_counts_only_its_items(workspace):
    from jap_tracker.report import Filters

    day = dt.date(2024, 3, 1)
    load(workspace).status_report(day, "en")
    report = load(workspace).items_report(day, Filters(plans=("A",)), "en")
    assert [row.item.id for row in report.rows] == ["A-1", "A-2"]
    assert report.summary.overall.completion == 0.75 / 2  # not the kept report's 0.75 / 4
    stale = load(workspace).items_report(day, Filters(), "en", stale_after=30)
    assert stale.summary.overall.stale == 2  # A-2 (51 days) and B-1 (never); A-1 29 days


# ---- journal records, kept field by field ---------------------------------------------------

zones = st.sampled_from([dt.UTC, dt.timezone(dt.timedelta(hours=5))])
moments = st.datetimes(timezones=zones).map(lambda m: m.replace(fold=0))  # as jap reads them
kept_updates = st.builds(
    Update,
    st.text(max_size=4),
    st.text(max_size=4),
    st.dates(),
    moments,
    st.text(max_size=3),
    st.sampled_from([None, "done"]),
    st.sampled_from([None, 0.0, 12.5]),
    st.sampled_from([(), (("a", 1.0),)]),
    st.sampled_from([None, ("KZ", "TJ")]),
    st.sampled_from([None, "n"]),
    st.sampled_from([None, "e"]),
    st.sampled_from(["a.toml", "b.toml"]),
    st.integers(1, 10**6),
)


@given(st.lists(kept_updates, max_size=4), st.lists(moments, max_size=2))
def test_journal_records_come_back_as_they_were_kept(updates, times):
    import marshal

    from jap_tracker.diagnostics import Diagnostic
    from jap_tracker.model import Retraction

    retractions = [
        Retraction(f"x{n}", "u1", t, "a", None, "j.toml", n) for n, t in enumerate(times)
    ]
    found = [Diagnostic("j.toml", 3, 0, "bad-record", "m")]
    plain = marshal.loads(marshal.dumps(kept.encode_records(updates, retractions, found)))
    assert repr(kept.decode_records(plain)) == repr((updates, retractions, found))


def test_journal_records_of_another_shape_are_refused():
    one = Update("u1", "A", dt.date(2024, 1, 1), dt.datetime(2024, 1, 1, tzinfo=dt.UTC), "a")
    updates, retractions, found = kept.encode_records([one, one], [], [])
    with pytest.raises(ValueError):  # a column cut short
        kept.decode_records(([*updates[:5], updates[5][:1], *updates[6:]], retractions, found))
    with pytest.raises(ValueError):  # a column missing
        kept.decode_records((updates[:-1], retractions, found))


def test_a_journal_read_from_the_cache_loads_neither_its_parser_nor_its_writer(workspace):
    """What the cache keeps is read without the line parser, the record rules or the writer
    (jap_tracker.journal imports each of its modules on first use)."""
    import subprocess

    from conftest import jap_env

    command = ["changes", "--since", "2024-01-01", "--plans", str(workspace)]
    probe = (
        f"import sys; from jap_tracker.cli import main; sys.argv = ['jap', *{command!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith(('jap_tracker.journal.',"
        " 'jap_tracker.records'))))\n"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", probe],
            capture_output=True,
            text=True,
            env={**jap_env(), **TODAY},
            check=True,
        ).stdout
        for _ in range(2)
    ]
    listing, first = runs[0].rsplit("\n", 2)[0], runs[0].splitlines()[-1]
    assert "A-2" in listing and runs[1].rsplit("\n", 2)[0] == listing  # the same answer
    again = runs[1].splitlines()[-1]
    assert "jap_tracker.journal.lines" in first  # the files read: parsed
    assert again == "['jap_tracker.journal.read']"  # from the cache
