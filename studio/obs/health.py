"""OBS's own statistics as an ObsHealth event, and a warning when frames start dropping."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from studio.obs.events import ObsHealth

CLEAR_AFTER_S = 10.0  # frames must flow this long without a loss before a new loss is told again
MIN_LOST = 5  # frames lost in a spell before it is told (a sixth of a second at 30 fps)


def obs_health(at: float, stats: dict[str, Any], stream: dict[str, Any], record: dict[str, Any],
               dropping: bool = False) -> ObsHealth:
    """The event from the `responseData` of GetStats, GetStreamStatus and GetRecordStatus."""
    streaming = bool(stream.get("outputActive"))
    recording = bool(record.get("outputActive"))
    return ObsHealth(
        at=at,
        streaming=streaming,
        recording=recording,
        stream_timecode=str(stream.get("outputTimecode", "")) if streaming else "",
        record_timecode=str(record.get("outputTimecode", "")) if recording else "",
        stream_dropped=int(stream.get("outputSkippedFrames", 0)),
        stream_frames=int(stream.get("outputTotalFrames", 0)),
        encoder_skipped=int(stats.get("outputSkippedFrames", 0)),
        encoder_frames=int(stats.get("outputTotalFrames", 0)),
        render_skipped=int(stats.get("renderSkippedFrames", 0)),
        render_frames=int(stats.get("renderTotalFrames", 0)),
        render_ms=float(stats.get("averageFrameRenderTime", 0.0)),
        cpu_percent=float(stats.get("cpuUsage", 0.0)),
        fps=float(stats.get("activeFps", 0.0)),
        dropping=dropping,
    )


@dataclass
class FrameLoss:
    """Follows the three loss counters from one sample to the next (not thread-safe: one watchdog).

    A spell of losses starts with the first lost frame and ends after CLEAR_AFTER_S without
    one; it is told once, when it has cost MIN_LOST frames (a frame skipped now and then,
    e.g. while OBS starts, is not news on air)."""

    _last: tuple[int, int, int] | None = None
    _lost_at: float | None = None  # the last sample that showed a new loss, during a spell
    _lost: tuple[int, int, int] = (0, 0, 0)  # network, encoder, render frames lost in the spell
    _told: bool = False

    def sample(self, health: ObsHealth) -> tuple[bool, str | None]:
        """(frames lost in the last CLEAR_AFTER_S, a warning to tell now or None)."""
        counts = (health.stream_dropped, health.encoder_skipped, health.render_skipped)
        last, self._last = self._last, counts
        if self._lost_at is not None and health.at - self._lost_at >= CLEAR_AFTER_S:
            self._lost_at, self._lost, self._told = None, (0, 0, 0), False
        if last is None or any(now < before for now, before in zip(counts, last)):
            return self._lost_at is not None, None  # first sample, or OBS restarted its counters
        new = tuple(now - before for now, before in zip(counts, last))
        if not any(new):
            return self._lost_at is not None, None
        self._lost_at = health.at
        network, encoder, render = (self._lost[0] + new[0], self._lost[1] + new[1], self._lost[2] + new[2])
        self._lost = (network, encoder, render)
        if self._told or network + encoder + render < MIN_LOST:
            return True, None
        self._told = True
        causes = [f"{n} {what}" for n, what in ((network, "by the network (stream)"),
                                                  (encoder, "by the encoder (CPU or disk too slow)"),
                                                  (render, "by the renderer (render lag)")) if n]
        return True, f"OBS is dropping frames: {', '.join(causes)}"
