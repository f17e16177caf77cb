"""What the relay's tests share: the stream's names, a question as a platform sends it, and the tables and stream
read back."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import redis

STREAM = "expo-orders"
GROUP = "studio"


def question_body(question_id: str, text: str = "Does the lift fit a van?") -> bytes:
    return json.dumps({"id": question_id, "text": text, "author": "Marie, Lyon"}).encode()


def questions(db: Path) -> list[dict]:
    return table(db, "questions")


def table(db: Path, name: str) -> list[dict]:
    """A table as another reader sees it now (nothing waited for)."""
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as connection:
        connection.row_factory = sqlite3.Row
        return [dict(row) for row in connection.execute(f"SELECT * FROM {name} ORDER BY id")]


def pending(broker) -> int:
    return redis.Redis.from_url(broker.url).xpending(STREAM, GROUP)["pending"]


def all_read(broker) -> bool:
    """The studio's group was given every entry of the stream and acknowledged each one."""
    client = redis.Redis.from_url(broker.url)
    last = client.xrevrange(STREAM, count=1)
    groups = client.xinfo_groups(STREAM) if last else []
    return any(group["name"] == GROUP.encode() and group["last-delivered-id"] == last[0][0] and group["pending"] == 0
               for group in groups)
