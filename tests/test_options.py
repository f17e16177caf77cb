"""The options registry: one declaration read by the core and written by the console, losing nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from studio.config.options import OPTIONS, SETTINGS_VERSION, OptionsFile, option
from studio.config.settings import read_setting
from studio.orders.config import orders_config
from studio.obs.settings import obs_url
from showkit import make_rundown, seg


def write(path: Path, values: dict) -> Path:
    path.write_text(json.dumps({"version": SETTINGS_VERSION, "settings": values}), encoding="utf-8")
    return path


def test_every_option_is_declared_once_with_a_default_of_its_type() -> None:
    keys = [o.key for o in OPTIONS]
    assert len(keys) == len(set(keys))
    for spec in OPTIONS:
        assert spec.doc and spec.since >= 1
        assert spec.default is None or type(spec.default) is spec.type, spec.key
        assert spec.accepts(spec.default), spec.key


def test_the_core_reads_only_declared_options(tmp_path: Path) -> None:
    path = write(tmp_path / "settings.json", {"orders_port": 9000})
    assert read_setting("orders_port", path) == 9000
    with pytest.raises(KeyError):
        read_setting("orders_prot", path)


@pytest.mark.parametrize(("key", "stored", "read"), [
    ("orders_port", 9000, 9000), ("orders_port", 70000, None), ("orders_port", True, None), ("orders_port", "80", None),
    ("orders_grace_s", 30, 30.0), ("orders_grace_s", -1, None), ("control_token", 5, None), ("obs_url", "", ""),
])
def test_a_bad_stored_value_reads_as_missing(tmp_path: Path, key, stored, read) -> None:
    path = write(tmp_path / "settings.json", {key: stored})
    assert read_setting(key, path) == read
    assert read_setting(key, tmp_path / "missing.json") is None


def test_save_merges_keeping_every_other_key(tmp_path: Path) -> None:
    path = write(tmp_path / "settings.json", {"orders_port": 9000, "control_token": "t0k", "from_v2": [1, 2],
                                             "prompter_speed": "fast"})
    OptionsFile(path).save({"prompter_speed": 90})
    assert OptionsFile(path).raw() == {"orders_port": 9000, "control_token": "t0k", "from_v2": [1, 2], "prompter_speed": 90}
    assert json.loads(path.read_text())["version"] == SETTINGS_VERSION


def test_save_refuses_a_value_of_the_wrong_type(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="prompter_speed"):
        OptionsFile(tmp_path / "settings.json").save({"prompter_speed": "fast"})
    assert not (tmp_path / "settings.json").exists()
    with pytest.raises(KeyError):
        OptionsFile(tmp_path / "settings.json").save({"bogus": 1})


def test_the_readers_of_the_core_go_through_the_registry(tmp_path: Path) -> None:
    path = write(tmp_path / "settings.json", {"orders_port": 9100, "orders_grace_s": 45, "control_token": "tok",
                                             "obs_url": "ws://obs.local:4455"})
    config = orders_config(environ={}, settings=path)
    assert (config.port, config.grace_s, config.control_token) == (9100, 45.0, "tok")
    assert obs_url(None, make_rundown(seg("a", 1)), path) == "ws://obs.local:4455"
    assert option("orders_grace_s").default == orders_config(environ={}, settings=tmp_path / "none.json").grace_s
