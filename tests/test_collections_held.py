"""A show's start-up runs without Python's cyclic collector; every other command runs with it (studio/app/running.py)."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Iterator

import pytest

from studio.app import cli
from studio.app.running import freeze_built, hold_collections
from ui.main import main

DEMO = Path(__file__).resolve().parent.parent / "schedules" / "demo.yaml"


@pytest.fixture(autouse=True)
def collector_restored() -> Iterator[None]:
    yield
    gc.unfreeze()
    gc.enable()


def recording(seen: list[bool], code: int):  # a command handler that says whether the collector ran
    def handler(args: object) -> int:
        seen.append(gc.isenabled())
        return code
    return handler


def test_a_show_is_built_with_the_collector_held_and_runs_with_it_after_the_freeze():
    hold_collections()
    assert not gc.isenabled()
    freeze_built()
    assert gc.isenabled()
    assert gc.get_freeze_count() > 0  # what was built is out of the collections' sight


def test_the_run_command_is_started_with_the_collector_held(monkeypatch):
    seen: list[bool] = []
    monkeypatch.setattr(cli, "_run", recording(seen, 0))
    assert main(["run", str(DEMO), "--headless"]) == 0
    assert seen == [False]
    assert gc.isenabled()  # a run that returns before freeze_built (a rundown with errors) gives it back too


def test_every_other_command_runs_with_the_collector(monkeypatch):
    seen: list[bool] = []
    monkeypatch.setattr(cli, "_check", recording(seen, 0))
    assert main(["check", str(DEMO)]) == 0
    assert seen == [True]
