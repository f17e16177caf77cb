"""Everything that talks to OBS Studio (obs-websocket v5)."""

from studio.obs.backoff import Backoff
from studio.obs.director import ObsDirector
from studio.obs.events import LinkState, ObsHealth, ObsStatus, ProgramSceneChanged, StudioModeChanged
from studio.obs.link import NO_ANSWER, ObsLink, ObsResponse
from studio.obs.preflight import ObsCheck, check_obs, preflight
from studio.obs.settings import ObsConnection

__all__ = ["NO_ANSWER", "Backoff", "LinkState", "ObsCheck", "ObsConnection", "ObsDirector", "ObsHealth", "ObsLink",
           "ObsResponse", "ObsStatus", "ProgramSceneChanged", "StudioModeChanged", "check_obs", "preflight"]
