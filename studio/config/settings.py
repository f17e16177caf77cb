"""What the core reads of the console's settings file, and secrets from the environment or keyring.

The settings file is written by the UI (`ui/settings.py`); the core only reads it, and only
options declared in `studio/config/options.py`. Secrets
(OBS password, orders secret, control token) come from an environment variable or, if
the `keyring` package is installed, the OS keyring — never from a rundown, which is
shared and versioned.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Mapping

from platformdirs import user_config_path

from studio.config.options import OptionsFile

KEYRING_SERVICE = "studio"  # keyring entries: service "studio", user "obs" / "orders" / "control"


class BadSetting(ValueError):
    """A stored setting a command cannot use; `studio` says it in a sentence and exits 2 (studio/app/cli.py)."""

    def __init__(self, key: str, problem: str) -> None:
        super().__init__(f"the setting {key}: {problem}")


def settings_file() -> Path:
    """The console's settings (the UI's SettingsStore writes it)."""
    return user_config_path("studio", appauthor=False) / "settings.json"


def read_setting(key: str, path: Path | None = None) -> Any:
    """The stored value of a declared option, or None when the file or the key is missing, or the value is bad.

    Raises KeyError for a key no option declares.
    """
    return OptionsFile(path or settings_file()).stored(key)


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
