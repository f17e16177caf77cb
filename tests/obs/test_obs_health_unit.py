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
    dropping, warning = loss.sample(sample(1.0, dropped=12, render=6))
    assert dropping and warning == ("OBS is dropping frames: 12 by the network (stream), "
                                    "2 by the renderer (render lag)")
    assert loss.sample(sample(1.5, dropped=20, render=6)) == (True, None)  # still dropping: said once
    assert loss.sample(sample(1.5 + CLEAR_AFTER_S - 0.1, dropped=20, render=6)) == (True, None)
    assert loss.sample(sample(1.5 + CLEAR_AFTER_S, dropped=20, render=6)) == (False, None)
    dropping, warning = loss.sample(sample(20.0, dropped=20, encoder=3, render=6))
    assert dropping and warning == "OBS is dropping frames: 3 by the encoder (CPU or disk too slow)"


def test_counters_that_go_back_mean_obs_restarted_not_a_loss() -> None:
    loss = FrameLoss()
    loss.sample(sample(0.0, dropped=50, render=40))
    assert loss.sample(sample(1.0, dropped=0, render=0)) == (False, None)


def test_the_preroll_is_the_reply_time_plus_half_a_frame_from_cuts_only() -> None:
    latency = SwitchLatency(timeout_s=5.0)
    assert latency.preroll_s is None
    for sent, reply, event in ((10.0, 0.006, 0.020), (11.0, 0.008, 0.035), (12.0, 0.007, 0.010)):
        latency.sent("Host Cam", sent)
        assert latency.replied("Host Cam", sent, sent + reply, ok=True, cut=True)
        assert latency.event("Host Cam", sent + event)
    assert latency.preroll_s == pytest.approx(0.007 + 1 / 60)
    assert latency.event_median_s == pytest.approx(0.020)
    latency.set_fps(60)
    assert latency.preroll_s == pytest.approx(0.007 + 1 / 120)
    # a Fade: its reply and its event (at the fade's end) are not samples
    assert not latency.replied("Closing", 13.0, 13.2, ok=True, cut=False)
    assert not latency.event("Closing", 13.33)
    assert not latency.replied("Nowhere", 14.0, 14.001, ok=False, cut=True)  # refused
    assert latency.preroll_s == pytest.approx(0.007 + 1 / 120)
