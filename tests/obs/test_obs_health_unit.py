"""OBS's statistics as ObsHealth, the frame-loss warning, and the preroll aimed at the frame."""

from __future__ import annotations

import pytest

from studio.obs.health import CLEAR_AFTER_S, FrameLoss, obs_health
from studio.obs.latency import SwitchLatency

STATS = {"activeFps": 30.0, "averageFrameRenderTime": 8.4, "cpuUsage": 13.5, "outputSkippedFrames": 0,
         "outputTotalFrames": 900, "renderSkippedFrames": 4, "renderTotalFrames": 5400}
STREAM = {"outputActive": True, "outputTimecode": "00:00:30.000", "outputSkippedFrames": 0, "outputTotalFrames": 900}
RECORD = {"outputActive": False, "outputTimecode": "00:00:00.000"}


def sample(at: float, dropped: int = 0, encoder: int = 0, render: int = 4):
    return obs_health(at, {**STATS, "outputSkippedFrames": encoder, "renderSkippedFrames": render},
                      {**STREAM, "outputSkippedFrames": dropped}, RECORD)


def test_obs_statistics_become_one_event() -> None:
    health = sample(5.0)
    assert (health.streaming, health.recording, health.stream_timecode, health.record_timecode) == (
        True, False, "00:00:30.000", "")
    assert (health.render_skipped, health.render_frames, health.render_ms, health.cpu_percent, health.fps) == (
        4, 5400, 8.4, 13.5, 30.0)


def test_dropping_frames_is_told_once_then_again_only_after_a_clean_spell() -> None:
    loss = FrameLoss()
    assert loss.sample(sample(0.0, render=4)) == (False, None)  # counts since OBS started are not news
    assert loss.sample(sample(0.5, render=4)) == (False, None)
    assert loss.sample(sample(1.0, render=6)) == (True, None)  # two frames: not yet worth a warning
    dropping, warning = loss.sample(sample(1.5, dropped=12, render=6))
    assert dropping and warning == ("OBS is dropping frames: 12 by the network (stream), "
                                    "2 by the renderer (render lag)")
    assert loss.sample(sample(2.0, dropped=20, render=6)) == (True, None)  # still dropping: said once
    assert loss.sample(sample(2.0 + CLEAR_AFTER_S - 0.1, dropped=20, render=6)) == (True, None)
    assert loss.sample(sample(2.0 + CLEAR_AFTER_S, dropped=20, render=6)) == (False, None)
    assert loss.sample(sample(20.0, dropped=20, encoder=3, render=6)) == (True, None)
    dropping, warning = loss.sample(sample(20.5, dropped=20, encoder=6, render=6))
    assert dropping and warning == "OBS is dropping frames: 6 by the encoder (CPU or disk too slow)"


def test_counters_that_go_back_mean_obs_restarted_not_a_loss() -> None:
    loss = FrameLoss()
    loss.sample(sample(0.0, dropped=50, render=40))
    assert loss.sample(sample(1.0, dropped=0, render=0)) == (False, None)


FRAME = 1 / 30


def timed(latency: SwitchLatency, replies: list[float], arrivals: list[float]) -> None:
    """Cut samples: each sent 50 ms before its event arrived, answered after `reply`."""
    for i, (reply, arrived) in enumerate(zip(replies, arrivals)):
        scene = f"scene {i}"
        latency.sent(scene, arrived - 0.05)
        assert latency.replied(scene, arrived - 0.05, arrived - 0.05 + reply, ok=True, cut=True)
        assert latency.event(scene, arrived)


def test_before_the_frame_clock_is_known_the_wait_for_a_tick_is_centred() -> None:
    latency = SwitchLatency(timeout_s=5.0)
    assert latency.preroll_s is None and latency.aim(100.0) is None
    timed(latency, [0.006, 0.008, 0.007], [10.020, 11.035, 12.010])
    assert latency.event_median_s == pytest.approx(0.05)
    # a low quantile of the replies: a busy machine delays replies, never the switch itself
    assert latency.aim(100.0) == pytest.approx(100.0 - 0.006 - FRAME / 2)
    assert latency.preroll_s == pytest.approx(0.006 + FRAME + 0.002)
    latency.set_fps(60)
    assert latency.aim(100.0) == pytest.approx(100.0 - 0.006 - 1 / 120)


def test_a_cut_is_aimed_at_the_tick_nearest_its_due_instant() -> None:
    """Events come 4-12 ms after OBS rendered their frame, 7 ms typically (one very late);
    the aim makes the switch half a frame before the frame nearest the due instant."""
    phase = 1000.005
    delays = [0.007, 0.004, 0.012, 0.009, 0.005, 0.010, 0.031, 0.006, 0.007, 0.008]
    arrivals = [phase + (37 * i + 3) * FRAME + delay for i, delay in enumerate(delays)]
    latency = SwitchLatency(timeout_s=5.0)
    timed(latency, [0.007] * len(arrivals), arrivals)
    tick = phase + 900 * FRAME
    for due_after_tick in (0.0, 0.010, -0.010, 0.016, -0.016):
        sent = latency.aim(tick + due_after_tick)
        assert sent == pytest.approx(tick - FRAME / 2 - 0.007, abs=1e-6), due_after_tick
    assert latency.preroll_s >= 0.016 + FRAME / 2 + 0.007  # announced early enough for the aim
    assert latency.aim(tick + 0.017) == pytest.approx(tick + FRAME - FRAME / 2 - 0.007, abs=1e-6)  # the next frame


def test_only_successful_cuts_are_samples() -> None:
    latency = SwitchLatency(timeout_s=5.0)
    assert not latency.replied("Closing", 13.0, 13.2, ok=True, cut=False)  # a Fade
    assert not latency.event("Closing", 13.33)
    latency.sent("Nowhere", 14.0)
    assert not latency.replied("Nowhere", 14.0, 14.001, ok=False, cut=True)  # refused
    assert not latency.event("Nowhere", 14.03)
    assert latency.preroll_s is None
