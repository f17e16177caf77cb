"""Every thread studio starts: named (a leak or a crash says which) and a daemon (never holds the app open)."""

from __future__ import annotations

import logging
import threading
from typing import Any, Callable

log = logging.getLogger(__name__)


def start_thread(name: str, target: Callable[..., object], *args: Any) -> threading.Thread:
    """Start `target(*args)` on a new daemon thread called `name`."""
    thread = threading.Thread(target=target, args=args, name=name, daemon=True)
    thread.start()
    return thread


class Worker:
    """A thread calling `step` until stopped; `step` returns how long to wait before the next call.

    A step that raises is logged and tried again after `retry_s`: a broken source never
    ends its thread or the show.
    """

    def __init__(self, name: str, retry_s: float) -> None:
        self.name = name
        self._retry_s = retry_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = start_thread(self.name, self._run)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join()

    def step(self) -> float:
        raise NotImplementedError

    def _run(self) -> None:
        while True:
            try:
                delay = self.step()
            except Exception:
                log.exception("%s failed", self.name)
                delay = self._retry_s
            if self._stop.wait(delay):
                return
