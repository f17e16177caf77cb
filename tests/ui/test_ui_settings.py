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


def test_a_console_save_keeps_the_keys_the_core_reads_and_unknown_ones(tmp_path: Path) -> None:
    """The defect of issue 11: a console save dropped orders_port, control_token and orders_grace_s."""
    from studio.config.settings import read_setting
    from studio.orders.config import orders_config

    store = SettingsStore(tmp_path)
    store.path.write_text(json.dumps({"version": 1, "settings": {
        "orders_port": 9000, "control_token": "s3cret", "orders_grace_s": 30, "from_a_newer_version": {"x": 1},
        "prompter_speed": 75}}))
    settings = store.load()
    settings.prompter_mirror = True
    store.save(settings)
    saved = json.loads(store.path.read_text())["settings"]
    assert saved["from_a_newer_version"] == {"x": 1}
    assert (saved["prompter_speed"], saved["prompter_mirror"]) == (75, True)
    assert read_setting("orders_port", store.path) == 9000
    config = orders_config(environ={}, settings=store.path)
    assert (config.port, config.control_token, config.grace_s) == (9000, "s3cret", 30.0)


def test_every_console_setting_is_a_declared_option() -> None:
    from dataclasses import fields

    from studio.config.options import option

    for spec in fields(Settings):
        assert option(spec.name).console and spec.type is option(spec.name).type
