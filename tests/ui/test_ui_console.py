"""The director console on a real LiveShow (real clock, tmp SQLite): GO, hotkeys, overtime, confirm."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from uikit import RUNDOWN, column, logged
from ui.widgets.theme import LEVEL_COLOURS, OVERTIME_DIM


def start(studio, qtbot) -> None:
    qtbot.keyClick(studio.console, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: studio.console.state.on_air == 0, timeout=3000)


def test_opens_in_standby_and_space_starts_the_show(studio, qtbot) -> None:
    assert studio.console.state.phase == "standby"
    assert "STANDBY" in studio.console.glance.phase.text()
    assert studio.presenter.title.text() == "Standby"
    start(studio, qtbot)
    assert column(studio, "State")[:2] == ["ON AIR", "NEXT"]
    qtbot.waitUntil(lambda: studio.presenter.card.text() == "Welcome to the show")
    assert studio.presenter.title.text() == "Intro"
    assert studio.presenter.next.text() == "Next: Acme pitch"
    qtbot.waitUntil(lambda: logged(studio, "ON AIR: Intro (show start)."))


def test_go_asks_before_cutting_the_segment_short_then_advances_both_screens(studio, qtbot) -> None:
    start(studio, qtbot)
    qtbot.keyClick(studio.console, Qt.Key.Key_Space)  # Intro has 90 s left: more than 30 s would be cut
    assert studio.console.confirm.isVisible() and "cuts Intro" in studio.console.confirm.question.text()
    qtbot.wait(300)
    assert studio.console.state.on_air == 0
    qtbot.keyClick(studio.console, Qt.Key.Key_Space)  # second press within 2 s
    qtbot.waitUntil(lambda: studio.console.state.on_air == 1, timeout=3000)
    assert not studio.console.confirm.isVisible()
    assert column(studio, "State")[:3] == ["done", "ON AIR", "NEXT"]
    qtbot.waitUntil(lambda: studio.presenter.title.text() == "Acme pitch")
    assert studio.presenter.card.text() == "Acme lifts since 1987"
    qtbot.waitUntil(lambda: studio.presenter.card.text() == "Three tonnes tonight", timeout=3000)


def test_an_unconfirmed_cut_expires_after_two_seconds(studio, qtbot) -> None:
    start(studio, qtbot)
    qtbot.keyClick(studio.console, Qt.Key.Key_Space)
    assert studio.console.confirm.pending == "go"
    qtbot.waitUntil(lambda: not studio.console.confirm.isVisible(), timeout=3000)
    qtbot.keyClick(studio.console, Qt.Key.Key_Space)  # a fresh first press: asks again
    assert studio.console.confirm.isVisible()
    assert studio.console.state.on_air == 0


def test_the_confirm_threshold_is_a_setting(studio, qtbot) -> None:
    studio.console.settings.confirm_cut_s = 120
    start(studio, qtbot)
    qtbot.keyClick(studio.console, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: studio.console.state.on_air == 1, timeout=3000)
    assert not studio.console.confirm.isVisible()


def test_double_click_jumps_after_confirm(studio, qtbot) -> None:
    start(studio, qtbot)
    table = studio.console.table
    rect = table.visualRect(studio.console.model.index(3, 2))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # Qt pairs a double click with its press
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert studio.console.confirm.pending == "jump:closing"
    studio.console.confirm.confirm()
    qtbot.waitUntil(lambda: studio.console.state.on_air == 3, timeout=3000)
    assert column(studio, "State")[3] == "ON AIR"


def test_hotkeys(studio, qtbot) -> None:
    console = studio.console
    start(studio, qtbot)

    def key(k: Qt.Key) -> None:
        qtbot.keyClick(console, k)

    key(Qt.Key.Key_H)
    qtbot.waitUntil(lambda: console.state.held)
    assert console.buttons["hold"].text().startswith("Release") and column(studio, "State")[0] == "HELD"
    key(Qt.Key.Key_H)
    qtbot.waitUntil(lambda: not console.state.held)

    before = console.state.remaining
    key(Qt.Key.Key_Plus)
    qtbot.waitUntil(lambda: console.state.remaining > before + 25)
    key(Qt.Key.Key_Equal)
    qtbot.waitUntil(lambda: console.state.remaining > before + 55)
    key(Qt.Key.Key_Minus)  # cuts exactly 30 s: not more than the threshold, no confirm
    qtbot.waitUntil(lambda: console.state.remaining < before + 35)
    assert not console.confirm.isVisible()

    key(Qt.Key.Key_P)
    qtbot.waitUntil(lambda: console.state.phase == "paused")
    assert console.buttons["pause"].text().startswith("Resume") and "PAUSED" in studio.presenter.title.text()
    frozen = console.state.remaining
    qtbot.wait(400)
    assert console.state.remaining == frozen
    key(Qt.Key.Key_P)
    qtbot.waitUntil(lambda: console.state.phase == "on_air")

    key(Qt.Key.Key_S)
    qtbot.waitUntil(lambda: column(studio, "State")[1] == "skipped")
    assert console.state.next == 2 and studio.presenter.next.text() == "Next: Acme demo"
    qtbot.waitUntil(lambda: logged(studio, "Skipped: Acme pitch."))

    key(Qt.Key.Key_B)  # back from the first segment: asks (90 s would be cut), then the core says no
    assert console.confirm.pending == "back"
    key(Qt.Key.Key_Backspace)
    qtbot.waitUntil(lambda: logged(studio, "Already on the first segment."))


def test_overtime_turns_red_and_counts_up(make_studio, tmp_path: Path, qtbot) -> None:
    path = tmp_path / "short.yaml"
    path.write_text(RUNDOWN.replace("duration: 90s\n    scene: Host Cam", "duration: 1s\n    scene: Host Cam"), encoding="utf-8")
    studio = make_studio(path)
    start(studio, qtbot)
    qtbot.waitUntil(lambda: studio.console.state.level == "overtime", timeout=4000)
    qtbot.waitUntil(lambda: studio.console.glance.countdown.text().startswith("+"), timeout=2000)
    for label in (studio.console.glance.countdown, studio.presenter.countdown):
        assert label.colour in (LEVEL_COLOURS["overtime"], OVERTIME_DIM)
    seen = set()
    qtbot.waitUntil(lambda: seen.add(studio.presenter.countdown.colour) or len(seen) == 2, timeout=2000)  # it flashes
    qtbot.waitUntil(lambda: column(studio, "+/−")[0] == "+00:01", timeout=3000)
    assert column(studio, "Ran/left")[0].startswith("+00:0")
    qtbot.waitUntil(lambda: logged(studio, "OVERTIME: Intro is past its time."))


def test_obs_status_shows_the_link_state_and_the_measured_latency(studio, qtbot) -> None:
    from studio.obs.events import LinkState, ObsStatus

    studio.show.bus.publish(ObsStatus(0.0, LinkState.CONNECTED, "ws://127.0.0.1:4455", 0.023))
    qtbot.waitUntil(lambda: studio.console.obs_status.label.text() == "OBS: connected, cut latency 23 ms", timeout=2000)
    studio.show.bus.publish(ObsStatus(0.0, LinkState.LOST, "ws://127.0.0.1:4455", None, 4.0))
    qtbot.waitUntil(lambda: studio.console.obs_status.label.text() == "OBS: LOST, retrying in 4 s", timeout=2000)
