"""What the core reads of the console's settings file, and secrets from the environment or keyring.

The settings file is written by the UI (`ui/settings.py`); the core only reads it. Secrets
(OBS password, orders secret, control token) come from an environment variable or, if
the `keyring` package is installed, the OS keyring — never from a rundown, which is
shared and versioned.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Mapping

from platformdirs import user_config_path

KEYRING_SERVICE = "studio"  # keyring entries: service "studio", user "obs" / "orders" / "control"


def settings_file() -> Path:
    """The console's settings (the UI's SettingsStore writes it)."""
    return user_config_path("studio", appauthor=False) / "settings.json"


def read_setting(key: str, path: Path | None = None) -> Any:
    """One value of the settings file, or None when the file, or the key, is missing or unreadable."""
    try:
        raw = json.loads((path or settings_file()).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    values = raw.get("settings", raw) if isinstance(raw, dict) else {}
    return values.get(key) if isinstance(values, dict) else None


def secret(env: str, keyring_user: str, environ: Mapping[str, str] = os.environ) -> str | None:
    """A secret from the environment variable `env`, else the OS keyring, else None."""
    if environ.get(env):
        return environ[env]
    try:
        import keyring  # optional: not a dependency of studio
    except ImportError:
        return None
    try:
        return keyring.get_password(KEYRING_SERVICE, keyring_user)
    except Exception:  # no usable keyring backend: as if nothing were stored
        return None
