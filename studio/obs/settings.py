"""Where OBS is and how to log in.

The address comes from `--obs`, else the rundown's `show.obs.url`, else the console's
settings file (written by the UI; read-only here). The password comes from the
environment (`STUDIO_OBS_PASSWORD`) or, if the `keyring` package is installed, the OS
keyring — never from the rundown, which is shared and versioned.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from platformdirs import user_config_path

from studio.clock import Clock, SystemClock
from studio.events import EventBus
from studio.obs.backoff import Backoff
from studio.obs.link import ObsLink, split_url
from studio.rundown import Rundown

PASSWORD_ENV = "STUDIO_OBS_PASSWORD"
KEYRING_SERVICE = "studio"  # keyring entry: service "studio", user "obs"
KEYRING_USER = "obs"
NOT_CONFIGURED = "OBS: not configured — running without OBS"


@dataclass
class ObsConnection:
    """How to reach one OBS, and how patiently to retry when it is gone."""

    url: str
    password: str | None = None
    connect_timeout: float = 3.0
    backoff: Backoff = field(default_factory=Backoff)

    def link(self, bus: EventBus, clock: Clock | None = None) -> ObsLink:
        return ObsLink(self.url, self.password, bus, clock or SystemClock(),
                       connect_timeout=self.connect_timeout, backoff=self.backoff)


def settings_file() -> Path:
    """The console's settings (the UI's SettingsStore writes it)."""
    return user_config_path("studio", appauthor=False) / "settings.json"


def obs_url(given: str | None, rundown: Rundown, settings: Path | None = None) -> str | None:
    """The OBS address to use, or None when none is configured anywhere.

    Raises ValueError with a plain sentence when the chosen address is malformed.
    """
    url = given or rundown.show.obs.get("url") or _settings_url(settings or settings_file())
    if url is None:
        return None
    split_url(url)
    return url


def _settings_url(path: Path) -> str | None:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    values = raw.get("settings", raw) if isinstance(raw, dict) else {}
    url = values.get("obs_url") if isinstance(values, dict) else None
    return url if isinstance(url, str) and url else None


def obs_password(environ: Mapping[str, str] = os.environ) -> str | None:
    if environ.get(PASSWORD_ENV):
        return environ[PASSWORD_ENV]
    try:
        import keyring  # optional: not a dependency of studio
    except ImportError:
        return None
    try:
        return keyring.get_password(KEYRING_SERVICE, KEYRING_USER)
    except Exception:  # no usable keyring backend: as if nothing were stored
        return None
