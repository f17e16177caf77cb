"""Issue 14: a console a director cannot be fooled by. Keys after edits, guarded jumps, messages with
priority, a console that fits a laptop, faults in a banner, ON AIR visible under the selection."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QLabel

from showkit import rows
from studio.obs.events import LinkState, ObsStatus
from studio.show.events import CueDue
from ui.widgets.theme import ASSETS
from uikit import RUNDOWN, logged

SEGMENTS = 12
HOLD_SHOW = "\n".join([
    "show:", "  title: Hold show", "  timezone: Europe/Paris", '  start: "19:30:00"', "segments:",
    *[line for i in range(SEGMENTS) for line in (f"  - id: s{i}", f"    title: Segment {i}", "    duration: 5m", "    end: hold")],
]) + "\n"


def space_takes_the_next(studio, qtbot) -> None:
    """Space goes to whatever has the keyboard, as a director's key press does."""
    before = studio.console.state.on_air
    expected = 0 if before is None else before + 1
    focused = QApplication.focusWidget()
    assert focused is studio.console.table, f"the keyboard is on {type(focused).__name__}, not the rundown"
    qtbot.keyClick(focused, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: studio.console.state.on_air == expected, timeout=3000)


def test_space_after_each_edit_action_takes_the_next_segment(make_studio, tmp_path: Path, qtbot) -> None:
    path = tmp_path / "hold.yaml"
    path.write_text(HOLD_SHOW, encoding="utf-8")
    studio = make_studio(path)
    console, bar = studio.console, studio.console.edit_bar
    console.settings.confirm_cut_s = 10_000  # no second press: this test is about where the keys go
    console.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is console)
    console.keys_to_show()
    space_takes_the_next(studio, qtbot)

    def select_last() -> None:
        console.table.selectRow(console.model.rowCount() - 1)

    def typed(field, text: str) -> None:
        field.setFocus()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is field)
        qtbot.keyClicks(field, text)

    actions = {
        "move up": lambda: qtbot.mouseClick(bar.up, Qt.MouseButton.LeftButton),
        "move down": lambda: qtbot.mouseClick(bar.down, Qt.MouseButton.LeftButton),
        "set duration (button)": lambda: (typed(bar.duration_text, "4m"), qtbot.mouseClick(bar.set_duration, Qt.MouseButton.LeftButton)),
        "set duration (Enter)": lambda: (typed(bar.duration_text, "3m"), qtbot.keyClick(bar.duration_text, Qt.Key.Key_Return)),
        "insert break (button)": lambda: (typed(bar.break_text, "1m"), qtbot.mouseClick(bar.add_break, Qt.MouseButton.LeftButton)),
        "insert break (Enter)": lambda: (typed(bar.break_text, "2m"), qtbot.keyClick(bar.break_text, Qt.Key.Key_Return)),
        "undo": lambda: qtbot.mouseClick(bar.undo_button, Qt.MouseButton.LeftButton),
        "redo": lambda: qtbot.mouseClick(bar.redo_button, Qt.MouseButton.LeftButton),
        "a bad duration": lambda: (typed(bar.duration_text, "soon"), qtbot.keyClick(bar.duration_text, Qt.Key.Key_Return)),
        "Escape in a field": lambda: (typed(bar.break_text, "9m"), qtbot.keyClick(bar.break_text, Qt.Key.Key_Escape)),
    }
    for name, action in actions.items():
        select_last()
        action()
        space_takes_the_next(studio, qtbot)
    assert bar.break_text.text() == ""  # Escape cancelled what was typed
    assert "write it like" in bar.problem.text()  # the bad duration was refused inline
    assert logged(studio, "Edit undone.") and logged(studio, "Edit redone.")


def test_undo_and_redo_a_live_edit(studio, qtbot, rundown_path: Path) -> None:
    before = rundown_path.read_text(encoding="utf-8")
    studio.console.table.selectRow(2)
    studio.console.edit_bar.duration_text.setText("5m")
    qtbot.mouseClick(studio.console.edit_bar.set_duration, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: studio.console.state.segments[2].planned_duration == 300, timeout=3000)
    qtbot.keyClick(studio.console, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: studio.console.state.segments[2].planned_duration == 90, timeout=3000)
    assert rundown_path.read_text(encoding="utf-8") == before
    qtbot.keyClick(studio.console, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: studio.console.state.segments[2].planned_duration == 300, timeout=3000)


def test_a_jump_over_a_pitch_needs_a_second_press_and_is_logged(studio, qtbot) -> None:
    studio.console.settings.confirm_cut_s = 10_000  # the cut alone would not ask: dropping the pitch does
    qtbot.keyClick(studio.console, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: studio.console.state.on_air == 0)
    table = studio.console.table
    rect = table.visualRect(studio.console.model.index(2, 2))  # Acme demo: jumping there drops Acme pitch
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert studio.console.confirm.pending == "jump:demo"
    assert "drops Acme pitch" in studio.console.confirm.question.text()
    qtbot.wait(300)
    assert studio.console.state.on_air == 0  # one double-click did nothing yet
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # the second press
    qtbot.waitUntil(lambda: studio.console.state.on_air == 2, timeout=3000)
    assert studio.console.state.segments[1].status == "skipped"
    qtbot.waitUntil(lambda: logged(studio, "Dropped (jump): Acme pitch will not air."))
    runs = rows(studio.show, "segment_runs")
    assert [(r["segment_id"], r["ended_by"]) for r in runs] == [("intro", "jump"), ("pitch", "jump"), ("demo", None)]


def test_set_next_chooses_what_space_takes(studio, qtbot) -> None:
    studio.console.settings.confirm_cut_s = 10_000
    qtbot.keyClick(studio.console, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: studio.console.state.on_air == 0)
    studio.console.table.selectRow(3)
    qtbot.keyClick(studio.console, Qt.Key.Key_N)
    qtbot.waitUntil(lambda: studio.console.state.next == 3, timeout=3000)
    assert studio.console.state.on_air == 0 and studio.presenter.next.text() == "Next: Closing"
    qtbot.keyClick(studio.console, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: studio.console.state.on_air == 3, timeout=3000)
    assert logged(studio, "Director: next is Closing.")


@dataclass(frozen=True)
class Cue:
    message: str


def test_a_director_message_survives_a_cue_message_and_both_end_with_the_segment(studio, qtbot) -> None:
    studio.console.settings.confirm_cut_s = 10_000
    qtbot.keyClick(studio.console, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: studio.console.state.on_air == 0)
    studio.console.messages.board.post("Wrap up")
    studio.bridge.dispatch(CueDue(studio.show.clock.monotonic(), "intro", 0, Cue("Show the lift")))
    presenter = studio.presenter
    assert presenter.banner.text() == "Wrap up" and presenter.banner.isVisible()
    assert presenter.cue_banner.text() == "Show the lift" and presenter.cue_banner.isVisible()
    assert presenter.banner.y() < presenter.cue_banner.y()  # the director's first
    assert "Wrap up" in studio.console.messages.status.text()
    qtbot.keyClick(studio.console, Qt.Key.Key_Space)  # the next segment: what was said for Intro comes down
    qtbot.waitUntil(lambda: not presenter.banner.isVisible() and not presenter.cue_banner.isVisible(), timeout=3000)
    qtbot.waitUntil(lambda: logged(studio, "“Wrap up” taken down at the end of its segment."))


def test_a_remote_clear_takes_the_message_down(studio, qtbot) -> None:
    studio.console.messages.board.post("Stretch 30 s")
    studio.show.clear_message("remote 10.0.0.7")
    qtbot.waitUntil(lambda: not studio.presenter.banner.isVisible(), timeout=3000)
    assert "acknowledged by the director (remote 10.0.0.7)" in studio.console.messages.status.text()


def test_the_console_fits_a_1366x768_laptop(studio, qtbot) -> None:
    console = studio.console
    hint = console.minimumSizeHint().expandedTo(console.minimumSize())
    assert hint.width() <= 1280 and hint.height() <= 720, hint
    console.showNormal()
    console.resize(1366, 768)
    qtbot.waitUntil(lambda: console.width() == 1366 and console.height() == 768)
    for name, widget in (("GO", console.buttons["go"]), ("OBS state", console.obs_status), ("Show report", console.report_button),
                         ("hard out", console.glance.hard_out), ("edit bar", console.edit_bar), ("messages", console.messages),
                         ("event log", console.log), ("rundown", console.table)):
        area = widget.rect().translated(widget.mapTo(console, widget.rect().topLeft()))
        assert console.rect().contains(area), f"{name} is off-screen at 1366x768: {area}"
        assert widget.isVisible() and widget.height() > 10, name


def test_on_a_laptop_every_side_tab_is_in_sight_whole(studio, qtbot) -> None:
    """No tab hidden behind scroll arrows, none cut with "…", even with questions waiting; the Q&A buttons show."""
    console = studio.console
    console.showNormal()
    console.resize(1366, 768)
    qtbot.waitUntil(lambda: console.width() == 1366 and console.height() == 768)
    console.questions.waiting_changed.emit(12)
    console.tabs.setCurrentWidget(console.questions_page)
    QApplication.processEvents()
    bar = console.tabs.tabBar()
    for index in range(bar.count()):
        text = bar.tabText(index).replace("&&", "&")
        assert bar.rect().contains(bar.tabRect(index)), f"the {text} tab is out of sight"
        needed = bar.fontMetrics().horizontalAdvance(text)
        assert bar.tabRect(index).width() > needed, f"the {text} tab is cut"
    for name, button in console.questions.buttons.items():
        area = button.rect().translated(button.mapTo(console.questions_page, button.rect().topLeft()))
        assert console.questions_page.viewport().rect().contains(area), f"{name} is scrolled out of sight"
        assert button.fontMetrics().horizontalAdvance(button.text()) <= button.contentsRect().width(), name


def test_the_confirm_bar_does_not_move_the_rundown(studio, qtbot) -> None:
    studio.console.showNormal()
    qtbot.keyClick(studio.console, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: studio.console.state.on_air == 0)
    top = studio.console.table.mapTo(studio.console, studio.console.table.rect().topLeft()).y()
    qtbot.keyClick(studio.console, Qt.Key.Key_Space)  # asks
    assert studio.console.confirm.isVisible()
    QApplication.processEvents()
    assert studio.console.table.mapTo(studio.console, studio.console.table.rect().topLeft()).y() == top


def test_losing_obs_raises_a_banner_with_the_retry_countdown(studio, qtbot) -> None:
    studio.show.bus.publish(ObsStatus(0.0, LinkState.LOST, "ws://127.0.0.1:4455", None, 9.0))
    banner = studio.console.alerts
    qtbot.waitUntil(lambda: banner.isVisible(), timeout=2000)
    assert "OBS is LOST" in banner.sentences()[0] and "Retrying in 9 s" in banner.sentences()[0]
    qtbot.waitUntil(lambda: "Retrying in 7 s" in banner.sentences()[0], timeout=4000)  # it counts down
    studio.show.bus.publish(ObsStatus(0.0, LinkState.CONNECTED, "ws://127.0.0.1:4455", 0.02))
    qtbot.waitUntil(lambda: not banner.isVisible(), timeout=2000)


def test_a_generic_alert_has_its_action(studio, qtbot) -> None:
    pressed = []
    from ui.console.alerts import Action

    studio.console.raise_alert("log", "error", "The as-run log cannot write: disk full. 12 records wait in memory.",
                               Action("Retry now", lambda: pressed.append(1)))
    line = studio.console.alerts._lines["log"]
    assert studio.console.alerts.isVisible() and line.button.text() == "Retry now"
    qtbot.mouseClick(line.button, Qt.MouseButton.LeftButton)
    assert pressed == [1]
    studio.console.clear_alert("log")
    assert not studio.console.alerts.isVisible()


def test_on_air_stays_red_under_the_selection(studio, qtbot) -> None:
    console = studio.console
    console.showNormal()
    qtbot.keyClick(console, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: console.state.on_air == 0)
    console.table.selectRow(0)
    QApplication.processEvents()
    rect = console.table.visualRect(console.model.index(0, 3))
    image = console.table.viewport().grab(rect).toImage()
    colours = Counter(image.pixelColor(x, y).name() for x in range(image.width()) for y in range(image.height()))
    ground = QColor(colours.most_common(1)[0][0])
    assert ground.red() > 120 and ground.blue() < 60, colours.most_common(3)  # the tally red, not the selection blue


def test_standby_shows_the_time_to_the_start(make_studio, tmp_path: Path, qtbot) -> None:
    path = tmp_path / "show.yaml"
    path.write_text(RUNDOWN, encoding="utf-8")
    start = (datetime.now(ZoneInfo("Europe/Paris")) + timedelta(minutes=10)).strftime("%H:%M:%S")
    studio = make_studio(path, start=start)
    qtbot.waitUntil(lambda: studio.console.state.starts_in is not None, timeout=3000)
    assert "show starts in" in studio.console.glance.phase.text()
    assert studio.presenter.countdown.text().startswith(("10:0", "09:5"))
    assert studio.console.glance.drift.colour == ""  # on time, and nothing red in standby


def test_panel_sizes_are_remembered(make_studio, rundown_path: Path, qtbot) -> None:
    first = make_studio(rundown_path)
    first.console.showNormal()
    first.console.resize(1600, 900)
    split = first.console.splitters["main"]
    qtbot.waitUntil(lambda: sum(split.sizes()) > 1000)
    split.setSizes([600, sum(split.sizes()) - 600])
    wanted = split.sizes()
    first.close()
    second = make_studio(rundown_path)
    second.console.showNormal()
    qtbot.wait(200)
    sizes = second.console.splitters["main"].sizes()  # the same split, scaled to the window the screen allows
    assert abs(sizes[0] / sum(sizes) - wanted[0] / sum(wanted)) < 0.01, (sizes, wanted)
    assert abs(sizes[0] / sum(sizes) - 820 / 1280) > 0.02  # not the default split


def test_fit_to_slot_brings_the_end_of_the_script_to_the_reading_line_as_time_runs_out(studio, qtbot) -> None:
    prompter = studio.presenter.prompter
    prompter.resize(1280, 500)
    prompter.set_cards(("A long script. " * 80,))
    assert prompter._end > 500
    prompter.set_fit(True)
    prompter.set_time_left(50.0)
    assert abs(prompter.current_speed() - prompter._end / 50.0) < 1e-6
    prompter.offset = float(prompter._end)
    assert prompter.current_speed() == 0.0 and prompter.at_end


def test_titles_elide_in_the_middle_with_the_full_title_in_the_tooltip(studio) -> None:
    table, model = studio.console.table, studio.console.model
    assert table.textElideMode() == Qt.TextElideMode.ElideMiddle
    assert model.data(model.index(1, 2), Qt.ItemDataRole.ToolTipRole) == "Acme pitch"


def test_a_long_next_card_keeps_its_prefix_and_ends_with_an_ellipsis(make_studio, tmp_path: Path, qtbot) -> None:
    path = tmp_path / "show.yaml"
    path.write_text(RUNDOWN.replace("text: Three tonnes tonight", "text: " + "Three tonnes tonight and more " * 12), encoding="utf-8")
    studio = make_studio(path)
    studio.console.settings.confirm_cut_s = 10_000
    studio.presenter.resize(1280, 720)
    qtbot.keyClick(studio.console, Qt.Key.Key_Space)
    qtbot.keyClick(studio.console, Qt.Key.Key_Space)  # Acme pitch: its first card, the long one next
    qtbot.waitUntil(lambda: studio.presenter.next.full_text.startswith("Next card: Three tonnes"), timeout=3000)
    shown = studio.presenter.next.text()
    assert shown.startswith("Next card: Three") and shown.endswith("…")
    assert studio.presenter.next.fontMetrics().horizontalAdvance(shown) <= studio.presenter.next.width()


def test_the_console_built_with_its_style_sheet_held_back_wears_it(studio) -> None:
    """`styled_once` builds the windows without the sheet (so Qt styles each widget once, not at each re-parenting):
    once shown, the sheet is the application's again and every widget wears it (studio.qss's sizes, not the 13 pt
    application font)."""
    app = QApplication.instance()
    assert app.styleSheet() == (ASSETS / "studio.qss").read_text(encoding="utf-8")
    captions = [label for label in studio.console.glance.findChildren(QLabel) if label.property("role") == "caption"]
    assert captions and {label.font().pointSize() for label in captions} == {10}
    assert studio.console.table.font().pointSize() == 12
    assert studio.console.buttons["go"].font().pointSize() == 15
