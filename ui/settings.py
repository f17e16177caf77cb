"""The console's settings: the options `studio/config/options.py` declares for it, as one typed object.

Stored as JSON in the user's config directory with a version number. Wrong types fall
back to the default, so a hand-edited file never stops the show; saving keeps every key
the console does not own (orders_port, control_token, a newer version's keys).
Window geometry lives apart (`geometry.ini`), since it is not a choice of the user.
"""

from __future__ import annotations

from dataclasses import asdict, field, fields, make_dataclass
from pathlib import Path
from typing import Any

from platformdirs import user_config_path

from studio.config.options import OPTIONS, SETTINGS_VERSION, OptionsFile

__all__ = ["SETTINGS_VERSION", "Settings", "SettingsStore", "config_dir"]

# One field per console option, typed and defaulted by its declaration.
Settings: Any = make_dataclass("Settings", [(o.key, o.type, field(default=o.default)) for o in OPTIONS if o.console])
Settings.__doc__ = "The console's choices (studio/config/options.py declares each one)."


def config_dir() -> Path:
    return user_config_path("studio", appauthor=False)


class SettingsStore:
    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or config_dir()
        self.path = self.directory / "settings.json"
        self.geometry_path = self.directory / "geometry.ini"
        self._file = OptionsFile(self.path)

    def load(self) -> Any:
        """The console's settings from the file (defaults for what is missing or bad)."""
        values = self._file.load()
        return Settings(**{spec.name: values[spec.name] for spec in fields(Settings)})

    def save(self, settings: Any) -> None:
        """Write the console's settings; every other key in the file is kept."""
        self._file.save(asdict(settings))
