"""The one SQLite writer: a thread that owns the connection, with two lanes.

The log lane (`record`) takes the as-run log's records and nobody waits for them: each is
journaled (journal.py), then written. When the database refuses (locked, full, read-only,
I/O error) they wait in memory and in the journal, in order, and are tried again every
`retry_s` until it accepts them. The work lane (`submit`) takes functions of the connection
(orders, rehearsals, tools): a future resolves once its batch is committed, or fails while the
database refuses, so nothing is acknowledged before it is stored. The log lane always goes
first: an order batch never delays a transition by more than the commit under way.

Work queued while a commit is under way shares the next commit (group commit): a burst of
orders costs one fsync a batch, not one an order. Each piece of work and each record runs
in its own savepoint, so one that raises rolls back alone. Plain `sqlite3`: the show's
start-up does not pay for sqlite-utils (and the numpy it imports).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections import deque
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, TypeVar

from studio.storage.journal import Journal, Record

from studio.threads import start_thread

log = logging.getLogger(__name__)
T = TypeVar("T")
Work = Callable[[sqlite3.Connection], object]

BUSY_TIMEOUT_S = 0.25  # how long a write waits for another program's lock before it counts as refused
STOPPED = "the database writer has stopped"

# What the database says when it refuses writes for a while (primary result codes), in plain words.
REFUSALS = {
    sqlite3.SQLITE_BUSY: "another program has locked the database",
    sqlite3.SQLITE_LOCKED: "another program has locked the database",
    sqlite3.SQLITE_PROTOCOL: "another program has locked the database",
    sqlite3.SQLITE_FULL: "the disk is full",
    sqlite3.SQLITE_READONLY: "the database is read-only",
    sqlite3.SQLITE_IOERR: "the disk reports an input/output error",
    sqlite3.SQLITE_CANTOPEN: "the database file cannot be opened",
    sqlite3.SQLITE_CORRUPT: "the database file is damaged",
    sqlite3.SQLITE_NOTADB: "the database file is damaged",
    sqlite3.SQLITE_NOMEM: "the computer is out of memory",
}


def refusal(exc: BaseException) -> str | None:
    """Why the database refuses writes, if `exc` says it does (rather than that one statement is wrong)."""
    code = getattr(exc, "sqlite_errorcode", None)
    return None if code is None else REFUSALS.get(code & 0xFF)


class Refused(Exception):
    """The database does not accept writes now: work submitted meanwhile fails with this."""


@dataclass(frozen=True)
class Health:
    """Reported when the database starts refusing writes and when it accepts them again."""

    ok: bool
    reason: str = ""  # plain words, when refusing
    pending: int = 0  # log records waiting to be written
    written: int = 0  # log records written on recovering
    journaled: bool = True  # every waiting record is in the journal too (not in memory only)


def open_database(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)  # transactions are ours
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")  # an acknowledged commit survives a power cut
    # The WAL is cut back to nothing each time it restarts, instead of being written over in place: a full
    # disk then refuses the next write at once (and the director is told) rather than after minutes of reuse.
    db.execute("PRAGMA journal_size_limit=0")
    return db


@contextmanager
def transaction(db: sqlite3.Connection, begin: str = "BEGIN IMMEDIATE") -> Iterator[None]:
    """Commit what the block does, or roll all of it back. IMMEDIATE: a lock is met at once, not mid-way."""
    db.execute(begin)
    try:
        yield
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            try:
                db.execute("ROLLBACK")
            except sqlite3.Error:
                log.exception("rollback failed")
        raise


def _savepoint(db: sqlite3.Connection, fn: Callable[[], T]) -> T:
    db.execute("SAVEPOINT one")
    try:
        value = fn()
    except BaseException:
        db.execute("ROLLBACK TO one")
        db.execute("RELEASE one")
        raise
    db.execute("RELEASE one")
    return value


class Writer:
    def __init__(self, path: Path, setup: Work | None = None, *, journal: Journal | None = None,
                 on_health: Callable[[Health], None] | None = None, max_batch: int = 500, retry_s: float = 0.5,
                 probe_s: float = 0.25) -> None:
        """`setup` runs once, first (creating tables); `journal` holds log records until the database has
        them and is replayed now; `on_health` is called on the writer's thread when refusing starts or ends;
        `probe_s`: how often an idle writer checks that it could write (a lock is then known at once)."""
        self.path = path
        self.journal = journal
        self.replayed: list[Record] = []  # what the journal held at open (a previous run's leftovers)
        self._on_health = on_health
        self._max_batch = max_batch
        self._retry_s = retry_s
        self._probe_s = probe_s
        self._cond = threading.Condition()
        self._records: list[Record] = []  # handed over, not yet taken by the thread
        self._queued_at: float | None = None  # when the oldest of _records was handed over (time.monotonic)
        self._pending_since: float | None = None  # when the oldest of _pending was handed over
        self._works: deque[tuple[Work, Future[object]]] = deque()
        self._closing = False
        # the writer thread's own
        self._pending: list[Record] = []  # taken, not yet in the database
        self._unjournaled: list[Record] = []  # taken, not yet in the journal
        self._refused: str | None = None  # why the database last refused; None while it accepts
        self._last_try = float("-inf")
        ready: Future[None] = Future()
        self._thread = start_thread("sqlite-writer", self._serve, setup, ready)
        ready.result()  # a database that cannot be opened fails here, in the caller's thread

    # ----- any thread ---------------------------------------------------------------------

    def record(self, record: Record) -> None:
        """Write this as-run record as soon as the database accepts it; never waits, never raises."""
        with self._cond:
            if not self._closing and self._thread.is_alive():
                if not self._records:
                    self._queued_at = time.monotonic()
                self._records.append(record)
                self._cond.notify()
                return
        log.warning("a record came after the writer stopped; it goes to the journal for the next start")
        if self.journal is not None:
            try:
                self.journal.append([record])
            except OSError:
                log.exception("the record is lost: %s", record)

    def submit(self, work: Callable[[sqlite3.Connection], T]) -> Future[T]:
        future: Future[T] = Future()
        with self._cond:
            if self._closing or not self._thread.is_alive():
                future.set_exception(RuntimeError(STOPPED))
            else:
                self._works.append((work, future))  # type: ignore[arg-type]
                self._cond.notify()
        return future

    def lag(self) -> tuple[float, int]:
        """(seconds, records): how long the oldest as-run record handed over has waited for the database,
        and how many wait; (0.0, 0) when it has them all. Unlike a refusal, a commit that only takes long
        (a stalled disk) is seen here while the writer's thread is still inside it."""
        with self._cond:
            since = [at for at in (self._pending_since, self._queued_at) if at is not None]
            waiting = len(self._records) + len(self._pending)
        return (time.monotonic() - min(since), waiting) if since else (0.0, 0)

    def call(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run `work` on the writer and wait until it is committed."""
        return self.submit(work).result()

    def flush(self) -> bool:
        """Wait until everything handed over before is written; False if the database refuses it."""
        try:
            self.call(lambda db: None)
        except Exception:
            return False
        return True

    def close(self) -> None:
        """Write what is queued (one try); work still queued then fails; records left wait in the journal."""
        with self._cond:
            self._closing = True
            self._cond.notify()
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join()

    # ----- the writer's thread ------------------------------------------------------------

    def _serve(self, setup: Work | None, ready: Future[None]) -> None:
        db: sqlite3.Connection | None = None
        try:
            db = open_database(self.path)
            if setup is not None:
                with transaction(db, "BEGIN"):  # deferred: tables that exist need no write lock
                    setup(db)
            if self.journal is not None:
                self.replayed = self.journal.read()
                self._pending = list(self.replayed)
        except Exception as exc:
            if db is not None:
                db.close()
            ready.set_exception(exc)
            return
        if self._pending:
            self._write_pending(db)  # before anyone reads the database: a resume finds them there
        ready.set_result(None)
        try:
            while self._round(db):
                pass
        finally:
            self._shut(db)

    def _round(self, db: sqlite3.Connection) -> bool:
        """Take what was handed over, write it: log records first, then one batch of work. False: stop."""
        with self._cond:
            idle = False
            while not (self._records or self._works or self._closing or self._retry_wait() == 0 or idle):
                wait = self._retry_wait() if self._refused is not None else self._probe_s
                idle = not self._cond.wait(wait) and self._refused is None
            records, self._records = self._records, []
            if records and self._pending_since is None:
                self._pending_since = self._queued_at
            self._queued_at = None
            works = [self._works.popleft() for _ in range(min(len(self._works), self._max_batch))]
            last = self._closing and not self._works
        if idle and not (records or works or last):
            self._probe(db)
        if records:
            self._pending += records
            self._unjournaled += records
            self._write_journal()
        may_try = last or self._refused is None or time.monotonic() >= self._last_try + self._retry_s
        if self._pending and may_try:
            self._write_pending(db)
        if works:
            if may_try and not self._pending:
                self._commit(db, works)
            else:
                self._settle([(future, None, Refused(f"the database refuses writes: {self._refused}")) for _, future in works])
        return not last

    def _retry_wait(self) -> float | None:
        """Seconds until the next try while the database refuses; None: nothing to try."""
        if self._refused is None or not self._pending:
            return None
        return max(0.0, self._last_try + self._retry_s - time.monotonic())

    def _probe(self, db: sqlite3.Connection) -> None:
        """Idle: take the write lock and let it go, so a lock by another program is reported before
        anything has to wait for it (a full disk shows only when something is written)."""
        try:
            with transaction(db):
                pass
        except sqlite3.Error as exc:
            if reason := refusal(exc):
                self._refuse(reason)

    def _write_journal(self) -> None:
        if self.journal is None:
            self._unjournaled.clear()
            return
        try:
            self.journal.append(self._unjournaled)
        except OSError as exc:
            log.warning("the journal %s cannot be written (%s); records wait in memory", self.journal.path, exc)
        else:
            self._unjournaled.clear()

    def _write_pending(self, db: sqlite3.Connection) -> None:
        self._last_try = time.monotonic()
        try:
            with transaction(db):
                for record in self._pending:
                    try:
                        _savepoint(db, lambda: [db.execute(sql, params) for sql, params in record.statements])
                    except Exception as exc:
                        if refusal(exc):
                            raise
                        log.exception("an as-run record is wrong and was dropped: %s", record)
        except Exception as exc:
            self._refuse(refusal(exc) or str(exc))
            return
        written = len(self._pending)
        with self._cond:  # lag() reads both
            self._pending.clear()
            self._pending_since = None
        self._unjournaled.clear()
        if self.journal is not None:
            self.journal.clear()
        self._accept(written)

    def _commit(self, db: sqlite3.Connection, works: list[tuple[Work, Future[object]]]) -> None:
        self._last_try = time.monotonic()
        results: list[tuple[Future[object], object, BaseException | None]] = []
        try:
            with transaction(db):
                for work, future in works:
                    try:
                        results.append((future, _savepoint(db, lambda: work(db)), None))
                    except Exception as exc:
                        if refusal(exc):
                            raise
                        results.append((future, None, exc))
        except Exception as exc:  # the database refuses: nothing of the batch is acknowledged
            reason = refusal(exc) or str(exc)
            log.warning("a batch of %d could not be committed: %s", len(works), reason)
            self._refuse(reason)
            results = [(future, None, Refused(f"the database refuses writes: {reason}")) for _, future in works]
        else:
            self._accept(0)
        self._settle(results)

    @staticmethod
    def _settle(results: list[tuple[Future[object], object, BaseException | None]]) -> None:
        for future, value, error in results:
            if error is None:
                future.set_result(value)
            else:
                future.set_exception(error)

    def _refuse(self, reason: str) -> None:
        first = self._refused is None
        self._refused = reason
        if first:
            self._report(Health(False, reason, len(self._pending), journaled=not self._unjournaled))

    def _accept(self, written: int) -> None:
        if self._refused is not None:
            self._refused = None
            self._report(Health(True, written=written))

    def _report(self, health: Health) -> None:
        log.warning("database health: %s", health)
        if self._on_health is not None:
            try:
                self._on_health(health)
            except Exception:
                log.exception("the health listener failed")

    def _shut(self, db: sqlite3.Connection) -> None:
        with self._cond:
            works, self._works = list(self._works), deque()
        self._settle([(future, None, RuntimeError(STOPPED)) for _, future in works])
        if self._pending:
            where = "in memory only: they are lost" if self._unjournaled or self.journal is None else f"in {self.journal.path}"
            log.error("%d as-run records could not be written; they wait %s", len(self._pending), where)
        if self.journal is not None:
            self.journal.close()
        db.close()
