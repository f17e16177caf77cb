"""How early to send a scene cut so that the frame that airs is the planned one.

Measured against OBS's recorded output (docs/benchmarks-obs.md): OBS answers
`SetCurrentProgramScene` once its UI thread has made the switch, and the new scene airs on
the next tick of its frame clock, anywhere from 0 to one frame later.
`CurrentProgramSceneChanged` only comes after that frame, a few to 15 ms late, more when
the machine is busy: aiming with it sends cuts early. So the preroll is the typical reply
time plus half a frame, which centres the unknown wait for the next frame on the planned
instant. Only Cut switches are measured (a Fade's event comes at its end).

Used from the link's worker thread (replies) and its receive thread (events): locked.
"""

from __future__ import annotations

import statistics
import threading
from collections import deque

SAMPLES = 20
DEFAULT_FPS = 30.0


class SwitchLatency:
    def __init__(self, timeout_s: float) -> None:
        self._timeout_s = timeout_s
        self._lock = threading.Lock()
        self._replies: deque[float] = deque(maxlen=SAMPLES)
        self._events: deque[float] = deque(maxlen=SAMPLES)
        self._sent: dict[str, float] = {}  # scene -> when its Cut was sent, until its event
        self._frame_s = 1 / DEFAULT_FPS

    def set_fps(self, fps: float) -> None:
        if fps > 0:
            with self._lock:
                self._frame_s = 1 / fps

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
        """How early to send a Cut: the median reply time plus half a frame."""
        with self._lock:
            if not self._replies:
                return None
            return statistics.median(self._replies) + self._frame_s / 2
