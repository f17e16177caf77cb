"""Where OBS is and how to log in.

The address comes from `--obs`, else the rundown's `show.obs.url`, else the console's
settings file (written by the UI; read-only here). The password comes from the
environment (`STUDIO_OBS_PASSWORD`) or, if the `keyring` package is installed, the OS
keyring — never from the rundown, which is shared and versioned.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Mapping

from studio.show.clock import Clock, SystemClock
from studio.show.events import EventBus
from studio.obs.address import split_url
from studio.obs.backoff import Backoff
from studio.rundown.model import Rundown
from studio.config.settings import read_setting, secret

if TYPE_CHECKING:
    from studio.obs.link import ObsLink

PASSWORD_ENV = "STUDIO_OBS_PASSWORD"
KEYRING_USER = "obs"
NOT_CONFIGURED = "OBS: not configured — running without OBS"


@dataclass
class ObsConnection:
    """How to reach one OBS, and how patiently to retry when it is gone."""

    url: str
    password: str | None = None
    connect_timeout: float = 3.0
    backoff: Backoff | None = None  # None: Backoff.for_host (fast for a local or LAN OBS)

    def link(self, bus: EventBus, clock: Clock | None = None) -> ObsLink:
        from studio.obs.link import ObsLink  # websocket-client only once a show connects to OBS

        return ObsLink(self.url, self.password, bus, clock or SystemClock(),
                       connect_timeout=self.connect_timeout, backoff=self.backoff)


def obs_url(given: str | None, rundown: Rundown, settings: Path | None = None) -> str | None:
    """The OBS address to use, or None when none is configured anywhere.

    Raises ValueError with a plain sentence when the chosen address is malformed.
    """
    saved = read_setting("obs_url", settings)
    url = given or rundown.show.obs.get("url") or (saved if isinstance(saved, str) and saved else None)
    if url is None:
        return None
    split_url(url)
    return url


def obs_password(environ: Mapping[str, str] = os.environ) -> str | None:
    return secret(PASSWORD_ENV, KEYRING_USER, environ)
