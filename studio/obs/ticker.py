"""The order ticker in OBS: a text source with the newest order and the show's total, throttled.

A burst of orders must never flood OBS (each text change re-renders the source), so the
text is written at most once per `TICKER_INTERVAL_S`: the first order at once, then the
newest text at the end of each interval, and always the last one. The line itself is
written by studio.orders.lines (the console and the presenter screen show the same lines).
"""

from __future__ import annotations

from typing import Callable, Generic, TypeVar

from studio.show.clock import Clock
from studio.show.events import OrderReceived
from studio.orders.lines import ticker_text
from studio.threads import Timers

TICKER_INTERVAL_S = 0.25  # at most 4 updates a second

T = TypeVar("T")




class Throttle(Generic[T]):
    """Calls `write` with the newest value at most once per `interval` seconds of `clock`.

    A value offered while the interval runs waits for its end (only the newest is kept),
    so the last value offered is always written, at most `interval` late. Not thread-safe:
    use it on one thread (the show loop).
    """

    def __init__(self, write: Callable[[T], None], clock: Clock, timers: Timers, interval: float) -> None:
        self._write = write
        self._clock = clock
        self._timers = timers
        self._interval = interval
        self._last = float("-inf")
        self._armed = False
        self._pending: tuple[T] | tuple[()] = ()  # the newest value waiting, if any

    def offer(self, value: T) -> None:
        self._pending = (value,)
        if self._armed:
            return
        due = self._last + self._interval
        if self._clock.monotonic() >= due:
            self._flush()
        else:
            self._armed = True
            self._timers.call_at(due, self._flush)

    def _flush(self) -> None:
        self._armed = False
        if self._pending:
            (value,), self._pending = self._pending, ()
            self._last = self._clock.monotonic()
            self._write(value)


class ObsTicker:
    """Puts each new order in the rundown's `show.obs.ticker` text source, throttled."""

    def __init__(self, set_text: Callable[[str], None], locale: Callable[[], str], clock: Clock, timers: Timers,
                 interval: float = TICKER_INTERVAL_S) -> None:
        self._locale = locale
        self._throttle: Throttle[str] = Throttle(set_text, clock, timers, interval)

    def __call__(self, event: OrderReceived) -> None:
        self._throttle.offer(ticker_text(event, self._locale()))
