"""The `questions` table, written through the show's one writer (docs/database.md).

A question's key is its source and its id as that source sent it (unique together, like an
order's): a platform retrying a webhook, or a JSONL file read again, stores it once; one that
comes back with other text, author or time is told apart (`amended`) and the first is kept.
`id`, the row's number, is how the director and the moderation commands name it.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from studio.storage.asrun import iso, parse_iso
from studio.questions.model import Asked, Question, Status

COLUMNS = ("question_id", "source", "text", "author", "asked_at", "received_at", "exhibitor_id", "segment_id",
           "show_id", "status")
_INSERT = f"INSERT OR IGNORE INTO questions ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"
_SELECT = f"SELECT id, {', '.join(COLUMNS)} FROM questions"


def create_questions_table(db: sqlite3.Connection) -> None:
    db.execute("""CREATE TABLE IF NOT EXISTS "questions" ("id" INTEGER PRIMARY KEY, "question_id" TEXT NOT NULL,
        "source" TEXT NOT NULL, "text" TEXT NOT NULL, "author" TEXT, "asked_at" TEXT, "received_at" TEXT NOT NULL,
        "exhibitor_id" TEXT, "segment_id" TEXT, "show_id" INTEGER, "status" TEXT NOT NULL DEFAULT 'waiting',
        "moderated_at" TEXT, "moderated_by" TEXT)""")
    db.execute('CREATE UNIQUE INDEX IF NOT EXISTS "idx_questions_source_question_id" '
               'ON "questions" ("source", "question_id")')
    db.execute('CREATE INDEX IF NOT EXISTS "idx_questions_show_id" ON "questions" ("show_id")')


@dataclass(frozen=True)
class Taken:
    """What the table holds for a question's key after an insert: `new`, or stored before (a replay)."""

    asked: Asked
    new: bool
    amended: bool = False  # the key was stored before with other text, author or time: the first is kept


def insert_question(db: sqlite3.Connection, asked: Asked) -> Taken:
    """Store the question unless its key is there; `asked.number` is ignored (the table numbers it)."""
    q = asked.question
    content = [q.text, q.author, None if q.asked_at is None else iso(q.asked_at)]
    cursor = db.execute(_INSERT, [q.question_id, q.source, *content, iso(asked.received_at), asked.exhibitor_id,
                                  asked.segment_id, asked.show_id, asked.status])
    if cursor.rowcount == 1:
        return Taken(Asked(int(cursor.lastrowid or 0), q, asked.received_at, asked.exhibitor_id, asked.segment_id,
                           asked.show_id, asked.status), True)
    row = db.execute(f"{_SELECT} WHERE source = ? AND question_id = ?", [q.source, q.question_id]).fetchone()
    return Taken(_asked(row), False, list(row[3:6]) != content)  # text, author, asked_at


def set_status(db: sqlite3.Connection, number: int, status: Status, at: datetime, by: str) -> bool:
    """False when there is no such question."""
    return db.execute("UPDATE questions SET status = ?, moderated_at = ?, moderated_by = ? WHERE id = ?",
                      [status, iso(at), by, number]).rowcount == 1


def stored_questions(path: Path, show_id: int) -> list[Asked]:
    """A show's questions in the order they came, as another reader sees them (resume, the report)."""
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as db:
        if db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'questions'").fetchone() is None:
            return []
        return [_asked(row) for row in db.execute(f"{_SELECT} WHERE show_id = ? ORDER BY id", [show_id])]


def _asked(row: tuple) -> Asked:
    number, question_id, source, text, author, asked_at, received_at, exhibitor_id, segment_id, show_id, status = row
    received: datetime = parse_iso(received_at)  # type: ignore[assignment]
    return Asked(number, Question(question_id, source, text, author, parse_iso(asked_at), None), received,
                 exhibitor_id, segment_id, show_id, status)
