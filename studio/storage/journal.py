"""An append-only journal of the as-run records the database has not taken yet.

One JSON record a line, fsync'd before the writer tries the database, and emptied once the
database holds them all: after a kill -9 the next open replays what is left. Records are
idempotent (explicit ids, `INSERT OR IGNORE`), so replaying one that did reach the
database before the crash does no harm. The journal lives on another filesystem than the
database when one is at hand, so a full disk under the database does not refuse it too.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from platformdirs import user_cache_path, user_runtime_path

log = logging.getLogger(__name__)

Statement = tuple[str, tuple[Any, ...]]


@dataclass(frozen=True)
class Record:
    """Statements that go into the database together, in order; `ids` names the ids it allocated."""

    statements: tuple[Statement, ...]
    ids: dict[str, int] = field(default_factory=dict)

    def to_line(self) -> bytes:
        return json.dumps({"ids": self.ids, "sql": self.statements}, ensure_ascii=False).encode() + b"\n"

    @classmethod
    def from_line(cls, line: bytes) -> Record:
        data = json.loads(line)
        return cls(tuple((sql, tuple(params)) for sql, params in data["sql"]), data.get("ids", {}))


def journal_path(db: Path) -> Path:
    """The journal of database `db`: in the user's cache or runtime folder when that is on another
    filesystem than the database, else beside it. The same database always gets the same path."""
    db = db.absolute()
    name = f"{db.name}-{hashlib.sha1(str(db).encode()).hexdigest()[:12]}.journal.jsonl"
    here = _device(db.parent)
    with warnings.catch_warnings():  # no XDG_RUNTIME_DIR: platformdirs warns and offers a folder in /tmp
        warnings.simplefilter("ignore")
        runtime = user_runtime_path("studio", appauthor=False)
    for folder in (user_cache_path("studio", appauthor=False) / "journal", runtime):
        device = _device(folder)
        if device is not None and device != here:
            return folder / name
    return db.with_name(name)


def _device(folder: Path) -> int | None:
    """The filesystem a folder is (or would be created) on; None when nothing on its way exists."""
    for candidate in (folder, *folder.parents):
        try:
            return candidate.stat().st_dev
        except OSError:
            continue
    return None


class Journal:
    """Used by the writer's thread only (but for `claim`, before it starts)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file: BinaryIO | None = None
        self._claim: BinaryIO | None = None

    def claim(self) -> None:
        """Hold this journal, hence its database's as-run log, for this process until `close`.

        Raises OSError if another process holds it. The OS lets go when the process dies (kill -9 too)."""
        lock = self.path.with_name(self.path.name + ".lock")
        lock.parent.mkdir(parents=True, exist_ok=True)
        handle = open(lock, "a+b")
        try:
            _lock(handle)
        except OSError:
            handle.close()
            raise
        self._claim = handle

    def read(self) -> list[Record]:
        """What a previous run left; a line torn by a crash mid-write is skipped."""
        try:
            lines = self.path.read_bytes().splitlines()
        except FileNotFoundError:
            return []
        except OSError as exc:  # the show opens anyway: a journal it cannot read is one it cannot replay
            log.error("the journal %s cannot be read (%s); what it holds is not replayed", self.path, exc)
            return []
        records = []
        for number, line in enumerate(lines, start=1):
            try:
                records.append(Record.from_line(line))
            except (ValueError, KeyError, TypeError):
                log.warning("%s:%d: a torn journal line is skipped", self.path, number)
        return records

    def append(self, records: list[Record]) -> None:
        """Add records and fsync; on failure (OSError) the journal is left as it was."""
        file = self._open()
        size = file.tell()
        try:
            file.write(b"".join(record.to_line() for record in records))
            file.flush()
            os.fsync(file.fileno())
        except OSError:
            self._truncate(size)
            raise

    def clear(self) -> None:
        """Everything is in the database. Not fsync'd: replaying what is there already is harmless."""
        if self._file is not None or self.path.exists():
            self._open()
            self._truncate(0)

    def close(self) -> None:
        """Close and let go of the claim; an empty journal is removed."""
        if self._file is not None:
            empty = self._file.tell() == 0
            self._file.close()
            self._file = None
            if empty:
                self.path.unlink(missing_ok=True)
        if self._claim is not None:
            self._claim.close()
            self._claim = None

    def _open(self) -> BinaryIO:
        if self._file is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._file = open(self.path, "ab")
        return self._file

    def _truncate(self, size: int) -> None:
        assert self._file is not None
        try:
            self._file.seek(size)
            self._file.truncate(size)
        except OSError:
            log.exception("the journal %s could not be cut back to %d bytes", self.path, size)


def _lock(handle: BinaryIO) -> None:
    """An exclusive lock on an open file, without waiting (OSError if taken)."""
    if sys.platform == "win32":
        import msvcrt

        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
    else:
        import fcntl

        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
