"""The one SQLite writer: a thread that owns the connection and commits work in batches.

Every piece of work is a function of the `sqlite_utils.Database`, run inside its own
savepoint (sqlite-utils' nested `atomic()`), so one failing write never takes the others down. Work queued while a commit
is under way shares the next commit (group commit): a burst of orders costs one fsync a
batch, not one an order. A future resolves only after its batch is committed.
"""

from __future__ import annotations

import logging
import queue
from concurrent.futures import Future
from pathlib import Path
from typing import Callable, TypeVar

import sqlite_utils

from studio.threads import start_thread

log = logging.getLogger(__name__)
T = TypeVar("T")
Work = Callable[[sqlite_utils.Database], object]

_STOP = object()


def open_database(path: Path) -> sqlite_utils.Database:
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(path)
    db.enable_wal()
    db.execute("PRAGMA synchronous=FULL")  # an acknowledged commit survives a power cut
    db.execute("PRAGMA busy_timeout=5000")
    return db


class Writer:
    def __init__(self, path: Path, setup: Work | None = None, *, max_batch: int = 500) -> None:
        self.path = path
        self._queue: queue.Queue[object] = queue.Queue()
        self._max_batch = max_batch
        ready: Future[None] = Future()
        self._thread = start_thread("sqlite-writer", self._serve, setup, ready)
        ready.result()  # a database that cannot be opened fails here, in the caller's thread

    def submit(self, work: Callable[[sqlite_utils.Database], T]) -> Future[T]:
        future: Future[T] = Future()
        if not self._thread.is_alive():
            future.set_exception(RuntimeError("the database writer has stopped"))
        else:
            self._queue.put((work, future))
        return future

    def call(self, work: Callable[[sqlite_utils.Database], T]) -> T:
        """Run `work` on the writer and wait until it is committed."""
        return self.submit(work).result()

    def close(self) -> None:
        if self._thread.is_alive():
            self._queue.put(_STOP)
            self._thread.join()

    def _serve(self, setup: Work | None, ready: Future[None]) -> None:
        try:
            db = open_database(self.path)
            if setup is not None:
                with db.atomic():
                    setup(db)
        except Exception as exc:
            ready.set_exception(exc)
            return
        ready.set_result(None)
        try:
            while (batch := self._next_batch()) is not None:
                self._commit(db, batch)
        finally:
            db.close()

    def _next_batch(self) -> list[tuple[Work, Future[object]]] | None:
        item = self._queue.get()
        batch = []
        while item is not _STOP:
            batch.append(item)
            if len(batch) >= self._max_batch:
                break
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                break
        if item is _STOP:
            self._queue.put(_STOP)  # finish this batch first, then stop
        return batch or None

    def _commit(self, db: sqlite_utils.Database, batch: list[tuple[Work, Future[object]]]) -> None:
        results: list[tuple[Future[object], object, BaseException | None]] = []
        try:
            with db.atomic():
                for work, future in batch:
                    try:
                        with db.atomic():  # a savepoint: a failing piece of work rolls back alone
                            results.append((future, work(db), None))
                    except Exception as exc:
                        results.append((future, None, exc))
        except Exception as exc:  # disk full, I/O error: nothing of the batch is acknowledged
            log.exception("commit failed")
            results = [(future, None, exc) for future, _, _ in results]
        for future, value, error in results:
            if error is None:
                future.set_result(value)
            else:
                future.set_exception(error)
