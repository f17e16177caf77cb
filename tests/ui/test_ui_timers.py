"""Timer types, stand-by-on-next and free timers on the console and the presenter screen (a real show, real clock)."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt

from uikit import logged

TIMED = """\
show:
  title: Timed show
  timezone: Europe/Paris
  start: "19:30:00"
  warning: 2s
  alarm: 1s
segments:
  - id: talk
    title: Talk
    duration: 1s
    end: standby
    timer: count_up
  - id: pitch
    title: Acme pitch
    duration: 90s
    timer: time_of_day
    cards:
      - text: Acme lifts since 1987
  - id: vt
    title: VT
    duration: 90s
    timer: none
timers:
  - {name: Q&A, duration: 5m, presenter: true}
  - {name: Speaker}
"""


def test_count_up_stand_by_time_of_day_and_free_timers_on_both_screens(make_studio, tmp_path: Path, qtbot) -> None:
    path = tmp_path / "timed.yaml"
    path.write_text(TIMED, encoding="utf-8")
    studio = make_studio(path)
    presenter, glance = studio.presenter, studio.console.glance
    assert presenter.timers_line.full_text == "Q&A 05:00 stopped"  # Speaker is not shown to the presenter
    assert glance.timers.value.full_text == "Q&A 05:00 stopped  ·  Speaker 00:00 stopped"
    qtbot.keyClick(studio.console, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: studio.console.state.on_air == 0)
    assert re.fullmatch(r"00:0[01]", presenter.countdown.text())  # counted up, not down from 00:01
    qtbot.waitUntil(lambda: presenter.next.full_text == "STAND BY: Acme pitch  —  Acme lifts since 1987", timeout=3000)
    assert glance.next_up.value.full_text == "STAND BY: Acme pitch (loaded) — GO takes it"
    assert studio.console.state.on_air == 0  # loaded, not taken
    qtbot.waitUntil(lambda: logged(studio, "STAND BY: Acme pitch is loaded; GO takes it."))
    studio.show.execute("timer_start", {"timer": "Speaker"}).result(2)
    qtbot.waitUntil(lambda: logged(studio, "Director: timer Speaker started."))
    qtbot.waitUntil(lambda: glance.timers.value.full_text.startswith("Q&A 05:00 stopped  ·  Speaker 00:0"))
    qtbot.keyClick(studio.console, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: studio.console.state.on_air == 1)
    qtbot.waitUntil(lambda: re.fullmatch(r"\d\d:\d\d:\d\d", presenter.countdown.text()) is not None)  # the clock
    assert presenter.countdown.text()[:5] == glance.time_of_day.value.full_text[:5]
    studio.show.execute("go").result(2)  # (the console's key would ask first: it cuts 90 s short)
    qtbot.waitUntil(lambda: studio.console.state.on_air == 2, timeout=3000)
    qtbot.waitUntil(lambda: presenter.countdown.text() == "" and glance.countdown.text() == "")


def test_the_timers_tab_starts_pauses_resets_and_makes_timers(make_studio, tmp_path: Path, qtbot) -> None:
    path = tmp_path / "timed.yaml"
    path.write_text(TIMED, encoding="utf-8")
    studio = make_studio(path)
    panel = studio.console.free_timers
    qtbot.waitUntil(lambda: list(panel._rows) == ["Q&A", "Speaker"])
    speaker = panel._rows["Speaker"]
    qtbot.mouseClick(speaker.toggle, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: speaker.toggle.text() == "Pause" and speaker.running)
    qtbot.waitUntil(lambda: speaker.time.full_text == "Speaker 00:01", timeout=3000)
    qtbot.mouseClick(speaker.toggle, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: speaker.time.full_text.endswith("stopped"))
    qtbot.mouseClick(speaker.reset, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: speaker.time.full_text == "Speaker 00:00 stopped")
    studio.console.tabs.setCurrentIndex(studio.console.tabs.count() - 1)  # the Timers tab
    speaker.presenter.click()
    qtbot.waitUntil(lambda: studio.presenter.timers_line.full_text == "Q&A 05:00 stopped  ·  Speaker 00:00 stopped")
    assert logged(studio, "Director: timer Speaker shown on the presenter screen.")

    qtbot.keyClicks(panel.name, "Doors")
    panel.mode.setCurrentIndex(2)  # to a time
    qtbot.keyClicks(panel.value, "25:00")
    qtbot.keyClick(panel.value, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.said.text() == "Bad time of day '25:00' (write it like \"19:30\" or \"19:30:00\").")
    assert studio.console.state.phase == "standby"  # typing in the field took no show key
    qtbot.keyClicks(panel.name, "Doors")
    qtbot.keyClicks(panel.value, "23:00")
    qtbot.keyClick(panel.value, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Doors" in panel._rows)
    doors = panel._rows["Doors"]
    qtbot.waitUntil(lambda: doors.running and not doors.toggle.isEnabled())  # runs at once; the clock cannot pause
    assert panel.said.text() == ""


def test_the_timers_tab_fits_a_1366x768_console_without_scrolling(make_studio, tmp_path: Path, qtbot) -> None:
    path = tmp_path / "timed.yaml"
    path.write_text(TIMED, encoding="utf-8")
    studio = make_studio(path)
    console, panel = studio.console, studio.console.free_timers
    qtbot.waitUntil(lambda: list(panel._rows) == ["Q&A", "Speaker"])
    console.showNormal()
    console.resize(1366, 768)
    console.tabs.setCurrentIndex(console.tabs.count() - 1)  # the Timers tab
    qtbot.waitUntil(lambda: console.width() == 1366 and panel.isVisible())
    area = console.tabs.currentWidget()
    assert not area.horizontalScrollBar().isVisible() and not area.verticalScrollBar().isVisible()  # nothing to scroll
    assert panel.minimumSizeHint().width() <= area.viewport().width()
    assert panel.minimumSizeHint().height() <= area.viewport().height()  # two timers and the new timer's line
    for row in panel._rows.values():  # each timer on one line: its time, then its buttons
        middle = row.time.geometry().center().y()
        assert all(widget.geometry().top() <= middle <= widget.geometry().bottom() for widget in row.widgets())
