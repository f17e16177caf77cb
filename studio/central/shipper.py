"""A service of the show: ships the stage's as-run log and orders to the event's PostgreSQL.

It reads the outbox (studio/central/outbox.py) on its own thread and connection, after the
mark PostgreSQL holds for the database, and upserts what it finds. The show never waits for
it: with PostgreSQL down the rows wait in the outbox, the director reads one sentence,
and shipping resumes with backoff where the mark says. Nothing is shipped twice as two
rows: rows are keyed by (stage, what they are) (studio/central/keys.py), so a hot standby's
copy of its primary's show is that show (a standby starts shipping once it took over).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable

import psycopg

from studio.central import postgres
from studio.central.config import CentralConfig
from studio.central.keys import own_show_key
from studio.central.outbox import OutboxReader, install
from studio.obs.backoff import Backoff
from studio.storage.writer import Writer
from studio.threads import Worker

log = logging.getLogger(__name__)

POLL_S = 1.0  # how often the outbox is looked at when everything is shipped
BATCH = 2000  # outbox entries a transaction

Tell = Callable[[str, str], None]  # (level, sentence) for the director


class Shipper(Worker):
    def __init__(self, config: CentralConfig, writer: Writer, tell: Tell) -> None:
        """Installs the outbox through `writer` (the as-run log's) at once; ships once started."""
        super().__init__("central-shipper", retry_s=POLL_S)
        writer.call(install)
        self.config = config
        self._path: Path = writer.path
        self._tell = tell
        self._reader: OutboxReader | None = None
        self._connection: psycopg.Connection | None = None
        self._mark = 0
        self._origin = ""
        self._show_keys: dict[int, str] = {}  # local show id -> its key in the event's database
        self._backoff = Backoff(initial=1.0, cap=30.0)
        self._fault = False

    def step(self) -> float:
        try:
            shipped = self.ship()
        except (psycopg.Error, OSError, postgres.OlderTables) as exc:
            self._drop()
            if not self._fault:
                self._fault = True
                self._tell("warning", f"The as-run log cannot be sent to the event's database ({_first_line(exc)}). "
                                      "It is kept here and sent when the database answers; the show goes on.")
            return self._backoff.next()
        if self._fault:
            self._fault = False
            self._tell("info", "The as-run log is sent to the event's database again.")
        self._backoff.reset()
        return 0.0 if shipped == BATCH else POLL_S

    def ship(self) -> int:
        """Send one batch of what is new; how many outbox entries it covered."""
        if self._reader is None:
            self._reader = OutboxReader(self._path)
            self._origin = self._reader.origin()
        if self._connection is None:
            self._connection = postgres.connect(self.config.url)
            self._mark = postgres.mark(self._connection, self._origin)
        changes = self._reader.after(self._mark, BATCH)
        if changes:
            postgres.store(self._connection, self.config.stage, self._origin, changes, changes[-1].seq, self._show_key)
            self._mark = changes[-1].seq
        return len(changes)

    def _show_key(self, show_id: int) -> str:
        """The show's key: its own, or for a show this studio took over, the one its primary shipped it with."""
        key = self._show_keys.get(show_id)
        if key is None:
            assert self._reader is not None and self._connection is not None
            key = own_show_key(self._origin, show_id)
            show = self._reader.show(show_id)
            if show is not None:  # a show taken over is its primary's; a show of its own may have a standby's copy
                key = postgres.known_show(self._connection, self.config.stage, show["title"], show["planned_start"],
                                          key, taken_over=not self._reader.taken_over(show_id)) or key
            self._show_keys[show_id] = key
        return key

    def stop(self) -> None:
        """Stop, then send what the show wrote last (its end) if the database answers at once."""
        super().stop()
        try:
            while not self._fault and self.ship() == BATCH:  # a database already down is not waited for
                pass
        except (psycopg.Error, OSError) as exc:
            log.warning("the last rows stay in the outbox until the next start: %s", exc)
        self._drop()
        if self._reader is not None:
            self._reader.close()
            self._reader = None

    def _drop(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
