"""The cut a frozen studio had overdue: held until OBS says this studio still has the show.

A studio whose show loop stood still longer than a standby waits before taking over (a hung
PC, SIGSTOP) may have been replaced meanwhile; the cuts overdue in the instant it wakes would
reach OBS before its guard (guard.py) hears of the takeover. So after such a gap every program
switch waits for OBS's marker (marker.py), asked on the show's own link, ahead of the switch:
when it names another studio, the switches are dropped and the studio stands down; otherwise
the latest goes out (what should be on air now), one OBS round trip late. While OBS cannot say
(the link reconnects after the gap) the switch stays held and OBS is asked again. Without a gap
nothing waits.
"""

from __future__ import annotations

from typing import Callable

from studio.obs.link import ObsLink, ObsResponse
from studio.show.clock import Clock
from studio.standby.config import SILENCE_S
from studio.standby.marker import REALM, SLOT, Marker, marker_of
from studio.show.loop import ShowLoop

BEAT_S = 0.25  # how often the show loop notes it runs
ASK_AGAIN_S = 0.25  # OBS could not answer for its marker: asked again this much later


class CutGate:
    """`own()` is this studio's push address; `replaced` is called (show loop) with the marker naming another."""

    def __init__(self, link: ObsLink, loop: ShowLoop, clock: Clock, own: Callable[[], str | None],
                 replaced: Callable[[Marker], None], gap_s: float = SILENCE_S) -> None:
        self._link = link
        self._loop = loop
        self._clock = clock
        self._own = own
        self._replaced = replaced
        self._gap_s = gap_s
        self._beat = clock.monotonic()
        self._held: list[Callable[[], None]] | None = None  # switches waiting for the marker's answer
        self._suspect = False
        self._dropped = False

    def start(self) -> None:
        """With the show loop: note every BEAT_S that it runs."""
        self._beat = self._clock.monotonic()
        self._loop.every(BEAT_S, self.noted)

    def send(self, switch: Callable[[], None]) -> None:
        """Send a program switch now, or once OBS said this studio still has the show (show loop)."""
        self.noted()
        if self._dropped:
            return
        if self._held is not None:
            self._held.append(switch)
        elif self._suspect:
            self._held = [switch]
            self._ask()
        else:
            switch()

    def noted(self) -> None:
        """The show loop runs (every BEAT_S, and before each switch): a gap longer than `gap_s` makes it suspect."""
        now = self._clock.monotonic()
        if now - self._beat > self._gap_s:
            self._suspect = True
        self._beat = now

    def _ask(self) -> None:
        self._link.request("GetPersistentData", {"realm": REALM, "slotName": SLOT}).add_done_callback(
            lambda done: self._loop.post(lambda: self._answered(done.result())))

    def _answered(self, response: ObsResponse) -> None:
        if not response.ok:  # OBS could not say (the link reconnects): no switch could reach it either
            self._loop.call_at(self._clock.monotonic() + ASK_AGAIN_S, self._ask)
            return
        held, self._held = self._held or [], None
        marker = marker_of(response.data.get("slotValue"))
        own = self._own()
        if marker is not None and own is not None and marker.url != own:
            self._dropped = True
            self._replaced(marker)
            return
        self._suspect = False  # this studio still has the show
        if held:
            held[-1]()  # the latest: the scene that should be on air now, not each one overdue
