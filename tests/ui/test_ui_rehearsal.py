"""The rehearsal window offscreen: on the fake clock with a real SQLite file, and opened from a live console."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QStyle

from studio.show.events import EventBus
from studio.rundown.loader import load_rundown
from studio.rehearsal.log import RehearsalLog
from studio.rehearsal.plan import plan_for
from ui.rehearsal.history import PACE_COLUMN
from ui.rehearsal.window import HERE, RehearsalWindow
from ui.widgets.theme import LEVEL_COLOURS

GARAGE = Path(__file__).resolve().parents[2] / "schedules" / "garage-expo-day1.yaml"


@pytest.fixture(scope="module")
def garage():
    return load_rundown(GARAGE)


@pytest.fixture
def window(qtbot, garage, clock, tmp_path: Path):
    log = RehearsalLog.open(tmp_path / "studio.db", EventBus(), clock)
    opened = RehearsalWindow(plan_for(garage, "serenco"), log)
    qtbot.addWidget(opened)
    opened.show()
    yield opened
    opened.close()


def rows(window: RehearsalWindow) -> list[dict]:
    window.log.writer.call(lambda db: None)
    with sqlite_utils.Database(window.log.writer.path) as db:
        return list(db["rehearsals"].rows)


def bars(window: RehearsalWindow) -> list[int]:
    """Bars drawn per segment in the history chart."""
    return [sum(len(container) for container in ax.containers) for ax in window.history.chart.figure.axes]


def test_start_next_card_stop_shows_and_logs_the_attempt(window, clock, qtbot) -> None:
    assert window.countdown.text() == "04:00" and window.countdown.colour == LEVEL_COLOURS["idle"]
    assert [window.questions.item(i).text() for i in range(window.questions.count())] == [
        "1. Why asymmetric arms for a small garage?", "2. What does installation cost, and how long is the garage closed?",
        "3. One word for the garages watching tonight?"]
    window.tabs.setCurrentWidget(window.history)
    qtbot.waitUntil(lambda: bars(window) == [0, 0, 0])
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert window.tabs.currentIndex() == 0  # Start brings the rehearsal back
    assert window.rehearsal.phase == "running" and not window.buttons["start"].isEnabled()
    assert window.card.text() == "Serenco: Dutch maker of garage lifts since 1987."
    clock.advance(65)
    window.refresh()
    assert window.countdown.text() == "02:55" and window.countdown.colour == LEVEL_COLOURS["ok"]
    assert window.next_mark.text() == ("Behind — at 1:00 you should be on: Two-post lifts: 3 tonnes, asymmetric arms "
                                      "for vans (0:05 late)")
    qtbot.keyClick(window, Qt.Key.Key_N)
    assert window.card.text() == "Two-post lifts: 3 tonnes, asymmetric arms for vans"
    assert window.marks.currentRow() == 1
    assert window.next_mark.text() == "Next — at 2:00 you should be on: Ten-year warranty on the columns (in 0:55)"
    clock.advance(30.5)
    qtbot.mouseClick(window.buttons["stop"], Qt.MouseButton.LeftButton)
    assert window.rehearsal.phase == "done" and window.centre.currentWidget() is window.result
    assert window.result.headline.text() == "Stopped after 1:36"
    qtbot.waitUntil(lambda: window.attempts == {"serenco-pitch": 1})
    table = window.result.table
    assert [table.item(0, c).text() for c in range(4)] == ["Serenco — pitch", "#1", "1:36", "4:00"]
    assert table.item(0, 5).text() == "1:05 (+5 s)"
    assert "Stopped after 1:36 of a 4:00 pitch, on card 2 of 4." in window.result.hints.text()  # m:ss, in the show's fr-FR too
    (row,) = rows(window)
    assert (row["segment_id"], row["attempt"], row["duration_s"], row["ended_by"], row["completed"]) == (
        "serenco-pitch", 1, 95.5, "stop", 0)
    assert bars(window) == [0, 0, 0]  # not redrawn while hidden
    window.tabs.setCurrentWidget(window.history)
    qtbot.waitUntil(lambda: bars(window) == [1, 0, 0])


def test_a_whole_slot_then_the_history_compares_the_attempts(window, clock, qtbot) -> None:
    for attempt in (1, 2):
        qtbot.keyClick(window, Qt.Key.Key_Space)
        for seconds, cards in ((250, 4), (170, 2), (120, 3)):  # pitch, demo, interview
            for _ in range(cards):
                clock.advance(seconds / cards)
                qtbot.keyClick(window, Qt.Key.Key_PageDown)  # a presentation clicker's "next"
        assert window.rehearsal.phase == "done"
        qtbot.waitUntil(lambda: len(window.attempts) == 3)
        assert set(window.attempts.values()) == {attempt}
    assert window.result.headline.text() == "9:00 for a 9:00 slot  ·  ±00:00"
    assert [window.result.table.item(r, 4).text() for r in range(3)] == ["+00:10", "-00:10", "±00:00"]
    window.tabs.setCurrentWidget(window.history)
    qtbot.waitUntil(lambda: bars(window) == [2, 2, 2])
    assert [r["attempt"] for r in rows(window)] == [1, 1, 1, 2, 2, 2]
    pitch_axes = window.history.chart.figure.axes[0]
    assert [bar.get_height() for bar in pitch_axes.containers[0]] == [250, 250]
    assert [line.get_ydata()[0] for line in pitch_axes.get_lines()] == [240]  # the slot
    assert window.history.table.rowCount() == 6
    assert window.history.table.item(0, 1).text() == "Serenco — interview"


def test_the_history_table_shows_each_pace_hint_whole(window, clock, qtbot) -> None:
    window.resize(1000, 760)  # a laptop: the hint does not fit on one line
    qtbot.keyClick(window, Qt.Key.Key_Space)
    for _ in range(4):
        clock.advance(40)
        qtbot.keyClick(window, Qt.Key.Key_N)  # the pitch in 2:40 of 4:00: short
    clock.advance(5)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    window.tabs.setCurrentWidget(window.history)
    qtbot.waitUntil(lambda: window.history.table.rowCount() == 2)
    table = window.history.table
    pitch = next(row for row in range(2) if table.item(row, 1).text() == "Serenco — pitch")
    item = table.item(pitch, PACE_COLUMN)
    assert item.text() == "You spoke 2:40 of a 4:00 pitch: add a point." and item.toolTip() == item.text()
    qtbot.waitUntil(lambda: _fits(table, pitch, PACE_COLUMN))
    stopped = table.item(1 - pitch, PACE_COLUMN)
    assert stopped.text() == "Stopped after 0:05 of a 3:00 demo, on card 1 of 2." and _fits(table, 1 - pitch, PACE_COLUMN)
    assert QFontMetrics(table.font()).horizontalAdvance(stopped.text()) > table.columnWidth(PACE_COLUMN)  # it wrapped


def _fits(table, row: int, column: int) -> bool:
    """The cell's whole text, wrapped at the column's width, fits in its row (nothing cut off)."""
    width = table.columnWidth(column) - 2 * table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) - 2
    needed = QFontMetrics(table.font()).boundingRect(QRect(0, 0, width, 10_000), Qt.TextFlag.TextWordWrap,
                                                    table.item(row, column).text())
    return needed.width() <= width and needed.height() <= table.rowHeight(row)


def test_you_are_here_is_marked_in_a_neutral_colour_not_the_on_air_red(window, clock, qtbot) -> None:
    qtbot.keyClick(window, Qt.Key.Key_Space)
    clock.advance(10)
    qtbot.keyClick(window, Qt.Key.Key_N)
    window.refresh()
    assert window.marks.currentRow() == 1
    shot = window.marks.viewport().grab().toImage()
    here = window.marks.visualItemRect(window.marks.item(1))
    pixel = shot.pixelColor(here.right() - 4, here.center().y())  # right of the text: the row's background
    assert pixel.name() == HERE
    assert pixel.red() < pixel.blue() and LEVEL_COLOURS["alarm"] != HERE


def test_rehearsing_one_segment_alone(window, clock, qtbot) -> None:
    window.choice.setCurrentIndex(2)  # the demo only
    assert [p.segment.id for p in window.rehearsal.plan.segments] == ["serenco-demo"]
    assert window.countdown.text() == "03:00" and not window.questions_box.isVisibleTo(window)
    qtbot.keyClick(window, Qt.Key.Key_Space)
    clock.advance(200)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.attempts == {"serenco-demo": 1})
    assert [r["segment_id"] for r in rows(window)] == ["serenco-demo"]


def test_closing_the_window_mid_attempt_still_logs_it(qtbot, garage, clock, tmp_path: Path) -> None:
    log = RehearsalLog.open(tmp_path / "studio.db", EventBus(), clock)
    window = RehearsalWindow(plan_for(garage, "serenco"), log)
    qtbot.addWidget(window)
    window.start()
    clock.advance(42)
    window.close()  # also closes its own writer, after the attempt is committed
    with sqlite_utils.Database(tmp_path / "studio.db") as db:
        assert [(r["duration_s"], r["ended_by"]) for r in db["rehearsals"].rows] == [(42, "stop")]


# ----- from the director console ------------------------------------------------------------


def select(studio, segment_id: str) -> None:
    row = [studio.console.model.segment_id(r) for r in range(studio.console.model.rowCount())].index(segment_id)
    studio.console.table.selectRow(row)


def test_the_console_opens_a_rehearsal_that_never_touches_the_show(studio, qtbot, tmp_path: Path) -> None:
    console = studio.console
    console.rehearse.trigger()
    assert "Select a segment of an exhibitor" in console.statusBar().currentMessage()
    select(studio, "intro")
    assert console.rehearse.trigger() is None  # the opening has no exhibitor
    select(studio, "demo")
    window = console.rehearse.trigger()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow())
    assert [p.segment.id for p in window.rehearsal.plan.segments] == ["pitch", "demo"]
    qtbot.keyClick(window, Qt.Key.Key_Space)  # Space is GO in the console: here it starts the rehearsal only
    assert window.rehearsal.phase == "running"
    qtbot.wait(300)
    assert console.state.phase == "standby"
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.attempts == {"pitch": 1})
    assert console.state.phase == "standby"
    qtbot.keyClick(window, Qt.Key.Key_Space)  # a second attempt, left running when the director closes the console
    console.close()
    with sqlite_utils.Database(tmp_path / "studio.db") as db:  # the show's database file
        assert [(r["segment_id"], r["attempt"]) for r in db["rehearsals"].rows] == [("pitch", 1), ("pitch", 2)]
        assert "shows" in db.table_names()


def test_an_attempt_running_when_the_studio_closes_is_saved(studio, qtbot, tmp_path: Path) -> None:
    select(studio, "pitch")
    window = studio.console.rehearse.trigger()
    window.start()
    qtbot.wait(100)
    studio.close()  # as when the app quits: the show's writer closes too
    with sqlite_utils.Database(tmp_path / "studio.db") as db:
        assert [(r["segment_id"], r["attempt"], r["ended_by"]) for r in db["rehearsals"].rows] == [("pitch", 1, "stop")]
