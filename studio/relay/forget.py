"""`studio forget EMAIL --orders-redis URL`: the person's entries deleted from the relay's stream (XDEL).

An entry names the person when its body does, found as in the database (any case, JSON escapes
read): their leads with consent, and any shop order with their address. Only entries every
consumer group of the stream has acknowledged are deleted: each studio has committed them, and
`studio forget` erases them there. An entry still waiting for a studio (not yet delivered, or
delivered and not acknowledged) is kept, so no order answered 202 is lost, and counted: run it
again once the studios have read the stream. Nothing here logs the e-mail.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

import redis

from studio.leads.forget import address, names
from studio.relay.stream import BODY, safe_url

PAGE = 1000  # entries read at once


@dataclass(frozen=True)
class Deleted:
    stream: str
    deleted: int
    waiting: int  # naming the person, not yet stored by every studio: kept

    def sentence(self, url: str) -> str:
        entries = f"{self.deleted} entr{'y' if self.deleted == 1 else 'ies'} naming the address deleted"
        waiting = (f"; {self.waiting} more, not yet stored by every studio, kept: run this again once the studios "
                   "have read the stream" if self.waiting else "")
        return f"The relay's stream {self.stream} at {safe_url(url)}: {entries}{waiting}."


def forget_in_stream(url: str, stream: str, email: str) -> Deleted:
    """XDEL the entries of `stream` whose body names `email`, once every group has acknowledged them."""
    pattern = address(email)
    with redis.Redis.from_url(url, socket_timeout=10, socket_connect_timeout=5) as client:
        naming = [entry_id for entry_id, body in _bodies(client, stream)
                  if names(body.decode("utf-8", errors="replace"), pattern)]
        groups = client.xinfo_groups(stream) if naming else []
        done = [entry_id for entry_id in naming if _stored_everywhere(client, stream, groups, entry_id)]
        if done:
            client.xdel(stream, *done)
    return Deleted(stream, len(done), len(naming) - len(done))


def _bodies(client: redis.Redis, stream: str) -> Iterator[tuple[bytes, bytes]]:
    """Every entry's id and body, read a page at a time."""
    start = "-"
    while True:
        page: list[tuple[bytes, dict[bytes, bytes]]]
        page = client.xrange(stream, min=start, max="+", count=PAGE)  # type: ignore[assignment]  # bytes: no decoding
        if not page:
            return
        yield from ((entry_id, fields.get(BODY.encode(), b"")) for entry_id, fields in page)
        milliseconds, sequence = _id(page[-1][0])
        start = f"{milliseconds}-{sequence + 1}"  # the next id after the last one read (Redis 5 has no exclusive range)


def _stored_everywhere(client: redis.Redis, stream: str, groups: list[dict], entry_id: bytes) -> bool:
    """Every consumer group has been given the entry and acknowledged it (with no group, no studio has it)."""
    return bool(groups) and all(
        _id(entry_id) <= _id(group["last-delivered-id"])
        and not client.xpending_range(stream, group["name"], min=entry_id, max=entry_id, count=1)
        for group in groups)


def _id(entry_id: bytes | str) -> tuple[int, int]:
    text = entry_id.decode() if isinstance(entry_id, bytes) else entry_id
    milliseconds, _, sequence = text.partition("-")
    return int(milliseconds), int(sequence or 0)
