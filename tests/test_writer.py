"""The one SQLite writer: commits before answering, isolates failures, batches bursts, puts the log first."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
import time
from concurrent.futures import Future

import pytest
import sqlite_utils

from studio.storage.asrun import AsRunLog, iso, parse_iso
from studio.storage.journal import Journal, Record
from studio.storage.writer import Health, Refused, Writer


def make_table(db: sqlite3.Connection) -> None:
    """`n` numbers the rows in the order they were written."""
    db.execute("CREATE TABLE IF NOT EXISTS items (n INTEGER PRIMARY KEY, id INTEGER UNIQUE, name TEXT NOT NULL)")


def insert(i: int, name: str | None = "x"):
    return lambda db: db.execute("INSERT INTO items (id, name) VALUES (?, ?)", [i, name])


def ids(db: sqlite3.Connection) -> list[int]:
    return [row[0] for row in db.execute("SELECT id FROM items ORDER BY n")]


def test_work_is_committed_before_its_future_resolves(db_dir):
    writer = Writer(db_dir / "w.db", make_table)
    try:
        writer.call(insert(1, "lift"))
        other = sqlite3.connect(db_dir / "w.db")  # another connection sees it at once
        assert other.execute("SELECT name FROM items").fetchall() == [("lift",)]
        assert other.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    finally:
        writer.close()


def test_a_failing_piece_of_work_rolls_back_alone(db_dir):
    writer = Writer(db_dir / "w.db", make_table)
    try:
        futures = [writer.submit(insert(i, None if i == 3 else f"n{i}")) for i in range(6)]
        errors = [f.exception() for f in futures]
        assert [e is None for e in errors] == [True, True, True, False, True, True]
        assert isinstance(errors[3], sqlite3.IntegrityError)
        assert writer.call(ids) == [0, 1, 2, 4, 5]
    finally:
        writer.close()


def test_a_burst_from_many_threads_is_written_in_batches(db_dir):
    writer = Writer(db_dir / "w.db", make_table)
    commits: list[int] = []
    try:
        writer.call(lambda db: db.set_trace_callback(lambda sql: commits.append(1) if sql == "COMMIT" else None))

        def post(start: int) -> None:
            for i in range(start, start + 200):
                writer.submit(insert(i))

        threads = [threading.Thread(target=post, args=(k * 1000,)) for k in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert writer.call(lambda db: db.execute("SELECT COUNT(*) FROM items").fetchone()[0]) == 800
        assert len(commits) <= 100  # group commit: far fewer commits than rows (4 seen here)
    finally:
        writer.close()


def test_log_records_go_before_the_work_queued_ahead_of_them(db_dir):
    """An order batch never delays a transition by more than the commit under way."""
    writer = Writer(db_dir / "w.db", make_table)
    busy, release = threading.Event(), threading.Event()
    try:
        def hold(db: sqlite3.Connection) -> None:
            busy.set()
            release.wait(5)
        writer.submit(hold)
        busy.wait(5)  # the writer is inside a commit
        orders = [writer.submit(insert(i)) for i in range(1, 5)]
        writer.record(Record((("INSERT INTO items (id, name) VALUES (?, ?)", (100, "transition")),)))
        release.set()
        for order in orders:
            order.result(5)
        assert writer.call(ids) == [100, 1, 2, 3, 4]
    finally:
        release.set()
        writer.close()


def test_lag_is_how_long_the_oldest_record_has_waited_for_a_commit_that_takes_long(db_dir):
    """A commit that takes long without failing (a stalled disk) is seen from outside while the writer is inside it."""
    writer = Writer(db_dir / "w.db", make_table)
    busy, release = threading.Event(), threading.Event()
    try:
        assert writer.lag() == (0.0, 0)
        writer.submit(lambda db: (busy.set(), release.wait(5)))
        busy.wait(5)  # the writer is inside a commit
        for n in (1, 2):
            writer.record(Record((("INSERT INTO items (id, name) VALUES (?, ?)", (n, "transition")),)))
        time.sleep(0.3)
        waited, waiting = writer.lag()
        assert 0.3 <= waited < 2 and waiting == 2
        release.set()
        assert writer.call(ids) == [1, 2]
        assert writer.lag() == (0.0, 0)
    finally:
        release.set()
        writer.close()


def test_work_submitted_while_closing_or_after_fails_instead_of_hanging(db_dir):
    writer = Writer(db_dir / "w.db", make_table)
    busy, release = threading.Event(), threading.Event()

    def hold(db: sqlite3.Connection) -> None:
        busy.set()
        release.wait(5)
    writer.submit(hold)
    busy.wait(5)
    queued = [writer.submit(insert(i)) for i in range(3)]
    closing = threading.Thread(target=writer.close, name="closing")
    closing.start()
    late: Future = Future()
    while closing.is_alive() and not late.done():  # close() has begun: what comes now is refused at once
        late = writer.submit(insert(99))
        if late.done():
            break
    release.set()
    closing.join(5)
    assert not closing.is_alive()
    assert str(late.exception(1)) == "the database writer has stopped"
    assert [q.exception(1) for q in queued] == [None, None, None]  # queued before close: written
    after = writer.submit(insert(7))
    assert str(after.exception(1)) == "the database writer has stopped"


def test_a_journal_left_by_a_crash_is_replayed_once_in_order(db_dir):
    journal = Journal(db_dir / "w.journal.jsonl")
    journal.append([Record((("INSERT OR IGNORE INTO items (id, name) VALUES (?, ?)", (i, f"r{i}")),)) for i in (3, 1, 2)])
    journal.close()
    with open(journal.path, "ab") as torn:  # killed in the middle of a line
        torn.write(b'{"ids": {}, "sql": [["INSERT')
    writer = Writer(db_dir / "w.db", make_table, journal=Journal(journal.path))
    try:
        assert len(writer.replayed) == 3
        assert writer.call(ids) == [3, 1, 2]
    finally:
        writer.close()
    assert not journal.path.exists()  # emptied once written, removed on close
    again = Writer(db_dir / "w.db", make_table, journal=Journal(journal.path))
    try:
        assert again.replayed == [] and again.call(ids) == [3, 1, 2]
    finally:
        again.close()


def test_a_database_that_cannot_be_opened_fails_in_the_callers_thread(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(Exception):
        Writer(blocker / "studio.db")


def test_times_are_iso_utc_with_milliseconds():
    moment = parse_iso("2026-11-05T19:30:00.125+01:00")
    assert iso(moment) == "2026-11-05T18:30:00.125Z"
    assert parse_iso(iso(moment)) == moment


def test_the_as_run_schema_has_the_documented_columns(db_dir):
    log = AsRunLog(db_dir / "studio.db")
    log.close()
    db = sqlite_utils.Database(db_dir / "studio.db")  # as the tools read it
    assert set(db["segment_runs"].columns_dict) >= {
        "show_id", "segment_id", "title", "exhibitor_id", "scene", "planned_start", "actual_start", "actual_end",
        "planned_duration_s", "actual_duration_s", "over_under_s", "ended_by"}
    assert set(db["shows"].columns_dict) >= {"id", "title", "rundown_path", "started_at", "ended_at"}
    assert set(db["events"].columns_dict) >= {"show_id", "ts", "kind", "detail"}


def test_while_the_database_refuses_records_wait_in_order_and_work_fails_at_once(db_dir):
    """Locked by another connection, with a journal that cannot be written either: the records wait in
    memory, the refusal is reported once, orders are refused (not acknowledged); then all is written, in order."""
    blocker = db_dir / "file"
    blocker.write_text("not a folder")
    reports: list[Health] = []
    writer = Writer(db_dir / "w.db", make_table, journal=Journal(blocker / "w.journal.jsonl"), on_health=reports.append,
                    retry_s=0.05)
    other = sqlite3.connect(db_dir / "w.db", isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        for i in range(1, 4):
            writer.record(Record((("INSERT INTO items (id, name) VALUES (?, ?)", (i, "take")),)))
        order = writer.submit(insert(100))
        assert isinstance(order.exception(5), Refused)
        assert len(reports) == 1
        [refusing] = reports
        assert (refusing.ok, refusing.reason, refusing.journaled) == (False, "another program has locked the database", False)
        writer.record(Record((("INSERT INTO items (id, name) VALUES (?, ?)", (4, "take")),)))
    finally:
        other.rollback()
        other.close()
    try:
        deadline = time.monotonic() + 5
        while len(reports) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert reports[1].ok and reports[1].written >= 3  # the 4th may have come while the 3 were being written
        assert writer.call(ids) == [1, 2, 3, 4]
    finally:
        writer.close()


def test_a_second_process_cannot_write_its_show_to_the_same_database(db_dir):
    """The log numbers its rows itself: two shows writing one file would overwrite each other's."""
    log = AsRunLog(db_dir / "studio.db")
    other = subprocess.run([sys.executable, "-c", "import sys; from pathlib import Path; from studio.storage.asrun import "
                            "AsRunLog, LogInUse\ntry:\n AsRunLog(Path(sys.argv[1]))\nexcept LogInUse as exc:\n print(exc)",
                            str(db_dir / "studio.db")], capture_output=True, text=True, timeout=60)
    log.close()
    assert other.stdout.startswith(f"Another studio is writing its show to {db_dir / 'studio.db'}"), other.stderr
    AsRunLog(db_dir / "studio.db").close()  # closed: the file is free again
