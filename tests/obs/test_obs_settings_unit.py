"""Where the OBS address and password come from."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from showkit import make_rundown, seg
from studio.obs.settings import NOT_CONFIGURED, PASSWORD_ENV, obs_password, obs_url

STUDIO = str(Path(sys.executable).parent / "studio")


def rundown_with(url: str | None):
    rundown = make_rundown(seg("a", 1))
    return replace(rundown, show=replace(rundown.show, obs={"url": url} if url else {}))


def test_the_address_comes_from_the_option_then_the_rundown_then_the_settings(tmp_path: Path) -> None:
    settings = tmp_path / "settings.json"
    settings.write_text(json.dumps({"version": 1, "settings": {"obs_url": "ws://settings:4455"}}))
    assert obs_url("ws://option:1", rundown_with("ws://rundown:2"), settings) == "ws://option:1"
    assert obs_url(None, rundown_with("ws://rundown:2"), settings) == "ws://rundown:2"
    assert obs_url(None, rundown_with(None), settings) == "ws://settings:4455"
    assert obs_url(None, rundown_with(None), tmp_path / "none.json") is None
    settings.write_text("{not json")
    assert obs_url(None, rundown_with(None), settings) is None


def test_a_malformed_address_is_a_plain_sentence(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"must look like ws://127.0.0.1:4455, not 'obs.local:4455'"):
        obs_url(None, rundown_with("obs.local:4455"), tmp_path / "none.json")


def test_the_password_comes_from_the_environment() -> None:
    assert obs_password({PASSWORD_ENV: "secret"}) == "secret"


def test_without_obs_the_show_runs_and_says_so_once(tmp_path: Path) -> None:
    path = tmp_path / "show.yaml"
    path.write_text('show: {title: T, timezone: UTC, start: "00:00:00"}\n'
                    "segments:\n  - {id: a, title: A, duration: 0.3s, end: auto}\n")
    result = subprocess.run([STUDIO, "run", str(path), "--headless", "--start", "now", "--db", str(tmp_path / "s.db")],
                            capture_output=True, text=True, timeout=30,
                            env=dict(os.environ, XDG_CONFIG_HOME=str(tmp_path / "config")))
    assert result.returncode == 0
    assert result.stderr == NOT_CONFIGURED + "\n"
    assert "SHOW END" in result.stdout
