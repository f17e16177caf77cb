"""When to send a scene cut so that the frame that airs is the planned one.

Measured against OBS's recorded output (docs/benchmarks-obs.md): OBS answers
`SetCurrentProgramScene` once its UI thread has made the switch, and the new scene airs on
the next tick of its frame clock. `CurrentProgramSceneChanged` only comes after that tick,
a few to 15 ms late and later still when the machine is busy: aiming with it sent cuts
early. So:

- the reply time says how long the switch takes to be made. A busy machine delays the
  reply after the switch was made, never the switch before it: a low quantile of the
  reply times, not their median, is the time to make the switch;
- the events say where OBS's frame clock ticks: each arrives a few ms after OBS actually
  rendered its frame (about EVENT_TYPICAL_S on a quiet machine; a busy one renders late).
  Their tightest cluster modulo one frame, its median less EVENT_TYPICAL_S, is when frames
  are typically rendered, which is what a switch must beat. OBS stamps frames with the same
  monotonic clock as ours, so the phase does not drift;
- a cut due at P is aimed at the tick nearest P: sent so that the switch is made half a
  frame before that tick, which leaves ±half a frame for the reply time to vary.

Without enough events yet, the wait for the next tick is unknown and is centred instead
(sent the reply time plus half a frame early). Only Cut switches are samples (a Fade's
event comes at its end). Used from the link's worker (replies) and receive (events)
threads and from the show loop (aim): locked.
"""

from __future__ import annotations

import statistics
import threading
from collections import deque

SAMPLES = 20
PHASE_SAMPLES = 8  # events needed before the frame clock's phase is trusted
DEFAULT_FPS = 30.0
MARGIN_S = 0.002  # the show loop's wake-up, so that the aim is never in the past when the preroll fires
EVENT_TYPICAL_S = 0.007  # CurrentProgramSceneChanged comes this long after its frame on a quiet machine
REPLY_QUANTILE = 0.2


class SwitchLatency:
    def __init__(self, timeout_s: float) -> None:
        self._timeout_s = timeout_s
        self._lock = threading.Lock()
        self._replies: deque[float] = deque(maxlen=SAMPLES)
        self._events: deque[float] = deque(maxlen=SAMPLES)  # request → event
        self._arrivals: deque[float] = deque(maxlen=SAMPLES)  # when each event came
        self._sent: dict[str, float] = {}  # scene -> when its Cut was sent, until its event
        self._frame_s = 1 / DEFAULT_FPS

    def set_fps(self, fps: float) -> None:
        if fps > 0:
            with self._lock:
                self._frame_s = 1 / fps
                self._arrivals.clear()

    def sent(self, scene: str, at: float) -> None:
        with self._lock:
            self._sent[scene] = at

    def replied(self, scene: str, sent_at: float, at: float, ok: bool, cut: bool) -> bool:
        """The reply to a program switch; True when it was a new sample (a successful Cut)."""
        with self._lock:
            if not ok or not cut:
                self._sent.pop(scene, None)
                return False
            if at - sent_at > self._timeout_s:
                return False
            self._replies.append(at - sent_at)
            return True

    def event(self, scene: str, at: float) -> bool:
        """OBS says `scene` is on program; True when that was a new sample."""
        with self._lock:
            sent = self._sent.pop(scene, None)
            if sent is None or at - sent > self._timeout_s:
                return False
            self._events.append(at - sent)
            self._arrivals.append(at)
            return True

    def forget_pending(self) -> None:
        with self._lock:
            self._sent.clear()

    @property
    def event_median_s(self) -> float | None:
        """Median request → CurrentProgramSceneChanged (what the console shows as cut latency)."""
        with self._lock:
            return statistics.median(self._events) if self._events else None

    @property
    def preroll_s(self) -> float | None:
        """How early the engine must announce a cut for aim() to be in the future: the reply
        time and up to a whole frame (the nearest tick may be half a frame before the due
        instant, and the switch is made half a frame before its tick)."""
        with self._lock:
            if not self._replies:
                return None
            return self._reply() + self._frame_s + MARGIN_S

    def aim(self, due: float) -> float | None:
        """When to send a Cut due at `due` (None until a reply was timed)."""
        with self._lock:
            if not self._replies:
                return None
            reply, frame = self._reply(), self._frame_s
            phase = self._phase()
        if phase is None:
            return due - reply - frame / 2
        tick = phase + round((due - phase) / frame) * frame
        return tick - frame / 2 - reply

    def _reply(self) -> float:
        """The time OBS takes to make a switch (lock held): a low quantile of the replies."""
        ordered = sorted(self._replies)
        return ordered[int(REPLY_QUANTILE * (len(ordered) - 1))]

    def _phase(self) -> float | None:
        """An instant OBS typically rendered a frame at (lock held): the half-frame window
        that holds the most events, the tightest of those (a very late event, wrapped into
        the next frame, must not pass for an early one); its median less the event's delay."""
        if len(self._arrivals) < PHASE_SAMPLES:
            return None
        frame = self._frame_s
        base = self._arrivals[-1]
        offsets = [(at - base) % frame for at in self._arrivals]

        def held(start: float) -> list[float]:
            return sorted((o - start) % frame for o in offsets if (o - start) % frame < frame / 2)

        start = max(offsets, key=lambda o: (len(held(o)), -max(held(o))))
        return base + start + statistics.median(held(start)) - EVENT_TYPICAL_S
