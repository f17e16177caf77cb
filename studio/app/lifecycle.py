"""The one lifecycle every service of a running show follows: start, stop, in orders stated where it is built."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Callable, Protocol, Sequence

log = logging.getLogger(__name__)


class Service(Protocol):
    def start(self) -> None: ...

    def stop(self) -> None:
        """Release what the service holds; safe when start() never ran (a show built, then closed unopened)."""


def _nothing() -> None:
    pass


@dataclass(frozen=True)
class Part:
    """A service made of two callables (for parts whose own methods are named otherwise, or that only start)."""

    name: str
    start: Callable[[], None] = field(default=_nothing)
    stop: Callable[[], None] = field(default=_nothing)


class Lifecycle:
    """Starts the services in one order and stops them, once, in another; each stops even if one before it failed."""

    def __init__(self, start_order: Sequence[Service], stop_order: Sequence[Service]) -> None:
        if sorted(map(id, start_order)) != sorted(map(id, stop_order)):
            raise ValueError("the start and stop orders must name the same services")
        self.start_order = tuple(start_order)
        self.stop_order = tuple(stop_order)
        self._stopped = False

    def start(self) -> None:
        for service in self.start_order:
            service.start()

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        for service in self.stop_order:
            try:
                service.stop()
            except Exception:  # the rest must still stop: the as-run log closes last, whatever failed before it
                log.exception("stopping %r failed", service)
