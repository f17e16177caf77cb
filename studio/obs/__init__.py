"""Everything that talks to OBS Studio (obs-websocket v5).

The names below are imported on first use (PEP 562): a show without OBS, and a module that only
needs `studio.obs.events` or `studio.obs.settings`, does not pay for websocket-client and
obs-websocket-py at start-up.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

# Light, and imported now: `preflight` is both a module and its function, and the function must win.
from studio.obs.preflight import ObsCheck, check_obs, preflight

if TYPE_CHECKING:
    from studio.obs.backoff import Backoff
    from studio.obs.director import ObsDirector
    from studio.obs.events import LinkState, ObsHealth, ObsStatus, ProgramSceneChanged, StudioModeChanged
    from studio.obs.link import NO_ANSWER, ObsLink, ObsResponse
    from studio.obs.settings import ObsConnection

_HOMES = {"Backoff": "backoff", "ObsDirector": "director", "LinkState": "events", "ObsHealth": "events",
          "ObsStatus": "events", "ProgramSceneChanged": "events", "StudioModeChanged": "events", "NO_ANSWER": "link",
          "ObsLink": "link", "ObsResponse": "link", "ObsConnection": "settings"}

__all__ = sorted([*_HOMES, "ObsCheck", "check_obs", "preflight"])


def __getattr__(name: str) -> object:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_HOMES[name]}"), name)
