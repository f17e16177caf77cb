"""`--start HH:MM:SS` is the show's time of day: the next one, unless today's show would still be running; the
sentence a director reads about it names the rundown's timezone when this computer's clock is in another."""

from __future__ import annotations

import time as clock
from datetime import datetime, timezone
from zoneinfo import ZoneInfo
from typing import Callable, Iterator

import pytest

from studio.app.start import plan_start
from studio.rundown.loader import load_rundown
from studio.rundown.model import Rundown

PARIS_SHOW = """\
show:
  title: Paris show
  timezone: Europe/Paris
  start: "19:30:00"
segments:
  - {id: opening, title: Opening, duration: 1h}
  - {id: closing, title: Closing, duration: 2h}
"""
NOW = datetime(2026, 11, 24, 20, 0, tzinfo=timezone.utc)  # 21:00 in Paris


@pytest.fixture
def rundown(tmp_path) -> Rundown:
    path = tmp_path / "show.yaml"
    path.write_text(PARIS_SHOW, encoding="utf-8")
    return load_rundown(path)


@pytest.fixture
def computer_in(monkeypatch) -> Iterator[Callable[[str], None]]:
    def move(zone: str) -> None:
        monkeypatch.setenv("TZ", zone)
        clock.tzset()
    yield move
    monkeypatch.undo()
    clock.tzset()


def test_a_computer_in_the_rundowns_timezone_reads_the_time_alone(rundown, computer_in):
    computer_in("Europe/Paris")
    assert plan_start(rundown, "19:30", NOW, auto_start=True).note == \
        "The planned start 19:30:00 has passed: starting now, 1:30:00 late."


def test_a_computer_elsewhere_reads_the_rundowns_timezone_and_its_own_time(rundown, computer_in):
    computer_in("Europe/Lisbon")
    assert plan_start(rundown, "19:30", NOW, auto_start=True).note == \
        "The planned start 19:30:00 Europe/Paris (18:30:00 on this computer) has passed: starting now, 1:30:00 late."
    assert plan_start(rundown, "22:00", NOW, auto_start=True).note == (
        "Waiting for the planned start 22:00:00 Europe/Paris (21:00:00 on this computer), in 1:00:00; "
        "--start now starts at once.")


def test_a_time_whose_show_would_be_over_is_the_next_ones(rundown, computer_in):
    computer_in("Europe/Paris")
    before_midnight = datetime(2026, 11, 24, 22, 55, tzinfo=timezone.utc)  # 23:55 in Paris
    plan = plan_start(rundown, "00:05", before_midnight, auto_start=True)
    assert plan.planned_start == datetime(2026, 11, 25, 0, 5, tzinfo=ZoneInfo("Europe/Paris"))
    assert plan.note == "Waiting for the planned start 00:05:00, in 0:10:00; --start now starts at once."
    after_the_show = datetime(2026, 11, 24, 21, 31, tzinfo=timezone.utc)  # 22:31 in Paris: 19:30 + 3 h is over
    assert plan_start(rundown, "19:30", after_the_show, auto_start=True).planned_start == \
        datetime(2026, 11, 25, 19, 30, tzinfo=ZoneInfo("Europe/Paris"))
