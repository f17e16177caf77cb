"""The primary's push feed (`/ws`, docs/push-api.md) as a standby reads it: one WebSocket, read on one thread.

Every message from the primary (its `clock` each second, every `state`) proves it alive; `state`
messages are kept, read against the rundown. The clock offset between the two studios is the largest
`server_time - received` of the last messages: the true offset less the quickest delivery (under a
millisecond on a LAN). Ping round trips were tried and were worse: one slow answer skews their midpoint.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any, Callable
from urllib.parse import urlsplit, urlunsplit

import websocket

from studio.rundown.model import Rundown
from studio.standby.edits import followed_rundown
from studio.standby.errors import FeedError
from studio.standby.followed import Followed, followed_from

OFFSET_SAMPLES = 30  # the offset is the best of the last this many messages


def without_token(url: str) -> str:
    """The address to show and log: the token is a secret."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


@dataclass
class Heard:
    """What the feed has heard last, on the monotonic clock (`time.monotonic` unless given)."""

    at: float  # the last message of any kind
    followed: Followed | None  # the last state


class PrimaryFeed:
    def __init__(self, url: str, rundown: Rundown, monotonic: Callable[[], float] = time.monotonic,
                 edited: Callable[[Rundown], None] = lambda rundown: None) -> None:
        """`edited` is told, on the reading thread, of the rundown the primary's live edits made (studio/standby/edits.py)."""
        self.url = url
        self.shown = without_token(url)
        self.rundown = rundown  # the primary's, as its last state had it
        self._edited = edited
        self._before: list[str] = []  # the rundown file's texts replaced by the primary's edits (its undo puts one back)
        self._monotonic = monotonic
        self._ws: websocket.WebSocket | None = None
        self._offsets: list[float] = []  # server_time - received, seconds
        self.heard = Heard(monotonic(), None)

    @property
    def connected(self) -> bool:
        return self._ws is not None

    def open(self, timeout: float) -> Followed:
        """Connect and wait for the first state (within `timeout` s); FeedError says why not."""
        self.close()
        deadline = self._monotonic() + timeout
        try:
            self._ws = websocket.create_connection(self.url, timeout=timeout)
        except websocket.WebSocketBadStatusException as exc:
            reason = "refused the token" if exc.status_code == 401 else f"answered HTTP {exc.status_code}"
            raise FeedError(f"The primary at {self.shown} {reason}.") from None
        except (OSError, websocket.WebSocketException) as exc:
            raise FeedError(f"The primary at {self.shown} does not answer ({exc}).") from None
        state = None
        while state is None:
            left = deadline - self._monotonic()
            if left <= 0 or not self.read(left):
                self.close()
                raise FeedError(f"The primary at {self.shown} sent no state within {timeout:g} s.")
            state = self.heard.followed
        return state

    def read(self, wait: float) -> bool:
        """Take the next message (waiting up to `wait` s); False when none came. A lost connection is closed."""
        ws = self._ws
        if ws is None:
            return False
        ws.settimeout(max(wait, 0.001))
        try:
            text = ws.recv()
        except websocket.WebSocketTimeoutException:
            return False
        except (OSError, websocket.WebSocketException):
            self.close()
            return False
        received = time.time()
        try:
            message = json.loads(text)
        except ValueError:
            return False
        self.heard.at = self._monotonic()
        self._take(message, received)
        return True

    @property
    def offset_s(self) -> float:
        """The primary's clock minus this studio's, in seconds (0.0 before anything was heard)."""
        return max(self._offsets, default=0.0)

    def close(self) -> None:
        ws, self._ws = self._ws, None
        if ws is not None:
            try:
                ws.close(timeout=0.2)
            except (OSError, websocket.WebSocketException):
                pass

    def _take(self, message: dict[str, Any], received: float) -> None:
        server_time = message.get("server_time")
        if isinstance(server_time, (int, float)):
            self._offsets = [*self._offsets[-OFFSET_SAMPLES + 1:], server_time / 1000 - received]
        if message.get("type") == "state":
            self._follow_edits(message)
            try:
                self.heard.followed = followed_from(message, self.rundown, self.offset_s)
            except (KeyError, TypeError, ValueError, IndexError) as exc:
                raise FeedError(f"The primary at {self.shown} sent a state this studio cannot read ({exc!r}); "
                                "is it running the same rundown?") from None

    def _follow_edits(self, message: dict[str, Any]) -> None:
        try:
            rundown = followed_rundown(self.rundown, message.get("segments") or [], self._before)
        except (KeyError, TypeError, ValueError) as exc:  # NotFollowed is a ValueError
            raise FeedError(f"The primary at {self.shown} runs a rundown this studio cannot follow ({exc}).") from None
        if rundown is not self.rundown:
            self.rundown = rundown
            self._edited(rundown)
