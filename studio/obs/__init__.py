"""Everything that talks to OBS Studio (obs-websocket v5)."""

from studio.obs.backoff import Backoff
from studio.obs.events import LinkState, ObsStatus, ProgramSceneChanged
from studio.obs.link import NO_ANSWER, ObsLink, ObsResponse
from studio.obs.preflight import preflight

__all__ = ["NO_ANSWER", "Backoff", "LinkState", "ObsLink", "ObsResponse", "ObsStatus", "ProgramSceneChanged", "preflight"]
