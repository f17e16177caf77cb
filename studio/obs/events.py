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
    state: LinkState
    url: str
    switch_latency_s: float | None = None  # median request → CurrentProgramSceneChanged
    retry_in_s: float | None = None


@dataclass(frozen=True)
class ProgramSceneChanged(Event):
    """OBS put `scene` on program; `at` is when the link received the event."""

    scene: str
