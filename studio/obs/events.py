"""Typed events the OBS link publishes on the show's EventBus."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from studio.show.events import Event


class LinkState(str, Enum):
    DISCONNECTED = "disconnected"  # not started, stopped, or the last attempt failed
    CONNECTING = "connecting"
    CONNECTED = "connected"
    LOST = "lost"  # an established connection dropped; a retry is scheduled


@dataclass(frozen=True)
class ObsStatus(Event):
    """The link's state. While it waits to retry, published again each second with the
    seconds left (`retry_in_s`) and the instant of the retry on the show clock (`retry_at`)."""

    state: LinkState
    url: str
    switch_latency_s: float | None = None  # median request → CurrentProgramSceneChanged, Cut only
    retry_in_s: float | None = None
    retry_at: float | None = None
    preroll_s: float | None = None  # how early a Cut is sent to air on its planned frame (studio.obs.latency)


@dataclass(frozen=True)
class ProgramSceneChanged(Event):
    """OBS put `scene` on program; `at` is when the link received the event."""

    scene: str


@dataclass(frozen=True)
class StudioModeChanged(Event):
    """OBS's Studio Mode was switched on or off (in OBS, or found so on connecting)."""

    enabled: bool


@dataclass(frozen=True)
class ObsHealth(Event):
    """What OBS itself is doing, from its own statistics (GetStats, GetStreamStatus,
    GetRecordStatus), about twice a second. Frame counts are totals since OBS started
    (render, encoder) or since the stream started (network)."""

    streaming: bool
    recording: bool
    stream_timecode: str  # "01:02:03.456" while streaming
    record_timecode: str
    stream_dropped: int  # frames the network could not carry
    stream_frames: int
    encoder_skipped: int  # frames the encoder could not keep up with
    encoder_frames: int
    render_skipped: int  # frames OBS's renderer missed (render lag)
    render_frames: int
    render_ms: float  # average time OBS takes to render a frame
    cpu_percent: float  # OBS's own process
    fps: float
    dropping: bool  # frames were lost in the last few seconds
