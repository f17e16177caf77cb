"""The console's settings, declared in one place with their types and defaults.

Stored as JSON in the user's config directory with a version number; unknown keys are
dropped and wrong types fall back to the default, so a hand-edited file never stops the
show. Window geometry lives apart (`geometry.ini`), since it is not a choice of the user.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from platformdirs import user_config_path

SETTINGS_VERSION = 1


@dataclass
class Settings:
    obs_url: str = "ws://localhost:4455"
    presenter_screen: str = ""  # QScreen.name(); empty: the first screen that is not the console's
    console_font_pt: int = 13
    presenter_scale: float = 1.0  # multiplies the presenter screen's text sizes
    prompter_speed: int = 60  # pixels per second
    prompter_mirror: bool = False
    confirm_cut_s: float = 30.0  # ask again before an action cuts the on-air segment short by more
    media_screen: str = ""  # QScreen.name() of the clip output window OBS captures; empty: no output window
    media_vlc_options: str = ""  # extra libvlc options, shell-quoted, e.g. "--aout=pulse"
    countdown_beeps: bool = False  # a beep at 30 s and 10 s left of each segment


def config_dir() -> Path:
    return user_config_path("studio", appauthor=False)


class SettingsStore:
    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or config_dir()
        self.path = self.directory / "settings.json"
        self.geometry_path = self.directory / "geometry.ini"

    def load(self) -> Settings:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return Settings()
        values = raw.get("settings", {}) if isinstance(raw, dict) else {}
        defaults = Settings()
        kept = {}
        for spec in fields(Settings):
            value = values.get(spec.name)
            default = getattr(defaults, spec.name)
            if isinstance(default, float) and isinstance(value, int) and not isinstance(value, bool):
                value = float(value)
            if type(value) is type(default):
                kept[spec.name] = value
        return Settings(**kept)

    def save(self, settings: Settings) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"version": SETTINGS_VERSION, "settings": asdict(settings)}, indent=2)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(self.path)
