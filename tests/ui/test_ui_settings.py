"""Settings: declared defaults, a versioned JSON file, bad values fall back to defaults."""

from __future__ import annotations

import json
from pathlib import Path

from ui.settings import SETTINGS_VERSION, Settings, SettingsStore


def test_defaults_without_a_file(tmp_path: Path) -> None:
    assert SettingsStore(tmp_path).load() == Settings()
    assert Settings().confirm_cut_s == 30.0


def test_round_trip_with_version(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "cfg")
    store.save(Settings(presenter_screen="HDMI-2", prompter_speed=90, prompter_mirror=True))
    assert json.loads(store.path.read_text())["version"] == SETTINGS_VERSION
    assert store.load() == Settings(presenter_screen="HDMI-2", prompter_speed=90, prompter_mirror=True)


def test_wrong_types_and_unknown_keys_fall_back(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path)
    store.path.write_text(json.dumps({"version": 1, "settings": {
        "prompter_speed": "fast", "confirm_cut_s": 45, "obs_url": 7, "bogus": 1}}))
    assert store.load() == Settings(confirm_cut_s=45.0)
    store.path.write_text("{not json")
    assert store.load() == Settings()


def test_the_chosen_presenter_screen_is_remembered(studio, qtbot) -> None:
    studio.console.presenter_controls.screen_chosen.emit("HDMI-9")
    assert studio.store.load().presenter_screen == "HDMI-9"
