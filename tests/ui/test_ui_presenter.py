"""The presenter screen: director messages, readability at 1280x720, the teleprompter."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from uikit import RUNDOWN, logged
from studio.show.events import CueDue
from ui.widgets.countdown import countdown_look
from ui.presenter.window import MIN_CARD_PX
from ui.widgets.theme import LEVEL_COLOURS


def preset(studio, text: str) -> QPushButton:
    return next(b for b in studio.console.messages.findChildren(QPushButton) if b.text() == text)


def test_a_director_message_flashes_until_the_presenter_clicks(studio, qtbot) -> None:
    qtbot.keyClick(studio.console, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: studio.console.state.on_air == 0)  # a message sent before the take belongs to standby
    qtbot.mouseClick(preset(studio, "Wrap up"), Qt.MouseButton.LeftButton)
    banner = studio.presenter.banner  # the message goes through the show's `message` command, then to every screen
    qtbot.waitUntil(lambda: banner.isVisible() and banner.text() == "Wrap up")
    assert "On screen" in studio.console.messages.status.text()
    phases = set()
    qtbot.waitUntil(lambda: phases.add(banner.property("flash")) or {"true", "false"} <= phases, timeout=3000)
    qtbot.mouseClick(studio.presenter, Qt.MouseButton.LeftButton)
    assert not banner.isVisible()
    assert "acknowledged by the presenter" in studio.console.messages.status.text()
    qtbot.waitUntil(lambda: logged(studio, "“Wrap up” acknowledged by the presenter."))
    assert logged(studio, "Message to the presenter: “Wrap up”")


def test_custom_message_and_director_ack(studio, qtbot) -> None:
    messages = studio.console.messages
    qtbot.keyClicks(messages.custom, "Smile, camera 2")
    qtbot.keyClick(messages.custom, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: studio.presenter.banner.text() == "Smile, camera 2" and studio.presenter.banner.isVisible())
    assert studio.console.state.phase == "standby"  # typing "S" in the box did not skip
    qtbot.mouseClick(messages.ack, Qt.MouseButton.LeftButton)
    assert not studio.presenter.banner.isVisible()
    assert "acknowledged by the director" in messages.status.text()


def test_a_cue_with_a_message_goes_to_the_presenter(studio, qtbot) -> None:
    @dataclass(frozen=True)
    class Cue:
        message: str

    studio.bridge.dispatch(CueDue(0.0, "intro", 0, Cue("Go to demo")))
    assert studio.presenter.cue_banner.text() == "Go to demo" and studio.presenter.cue_banner.isVisible()


def test_readable_from_three_metres_at_720p(studio, qtbot) -> None:
    presenter = studio.presenter
    presenter.showNormal()
    presenter.resize(1280, 720)
    qtbot.keyClick(studio.console, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: presenter.card.text() == "Welcome to the show")
    assert presenter.countdown.height() >= 120
    assert presenter.countdown.fontMetrics().capHeight() >= 120
    assert presenter.card.pixel_size >= 80  # a short card is big
    presenter.card.set_fitted_text("A very long cue card. " * 40)
    assert presenter.card.pixel_size >= MIN_CARD_PX


def test_countdown_colours_follow_the_level(studio, qtbot) -> None:
    qtbot.keyClick(studio.console, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: studio.console.state.on_air == 0)
    state = studio.console.state
    from dataclasses import replace

    assert countdown_look(state)[1] == LEVEL_COLOURS["ok"]
    assert countdown_look(replace(state, level="warning", remaining=1.5)) == ("00:02", LEVEL_COLOURS["warning"])
    assert countdown_look(replace(state, level="alarm"))[1] == LEVEL_COLOURS["alarm"]
    assert countdown_look(replace(state, level="overtime", remaining=-61.2, at=10.0)) == ("+01:01", LEVEL_COLOURS["overtime"])


LONG_SCRIPT = "Welcome to the show. " + "Tonight we have lifts, cranes and a lot to say about them. " * 12


def test_teleprompter_scrolls_stops_at_the_end_pauses_rewinds_and_mirrors_the_whole_screen(make_studio, tmp_path, qtbot) -> None:
    path = tmp_path / "long.yaml"
    path.write_text(RUNDOWN.replace("- text: Welcome to the show", f"- text: {LONG_SCRIPT}"), encoding="utf-8")
    studio = make_studio(path)
    controls, prompter, presenter = studio.console.presenter_controls, studio.presenter.prompter, studio.presenter
    presenter.showNormal()
    presenter.resize(1280, 720)
    controls.mode.setCurrentText("prompter")
    controls.speed.setValue(300)
    qtbot.keyClick(studio.console, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: prompter.running and prompter.text.startswith("Welcome to the show"), timeout=3000)
    start = prompter.offset
    qtbot.waitUntil(lambda: prompter.offset > start + 60, timeout=2000)

    qtbot.keyClick(studio.console, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)  # the director pauses it
    assert prompter.paused
    held = prompter.offset
    qtbot.wait(300)
    assert prompter.offset == held
    qtbot.keyClick(studio.console, Qt.Key.Key_PageUp)  # a clicker's "back": to the top of the card
    assert prompter.offset < held
    qtbot.keyClick(studio.console, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert not prompter.paused

    prompter.offset = prompter._end - 30.0
    qtbot.waitUntil(lambda: prompter.at_end, timeout=2000)
    qtbot.wait(200)
    assert prompter.offset == prompter._end  # the last line stays on the reading line: no blank space

    prompter.toggle_paused()
    plain = presenter.grab().toImage()
    controls.mirror.setChecked(True)
    mirrored = presenter.grab().toImage()
    assert presenter.mirrored and studio.settings.prompter_mirror
    width = plain.width()
    left, right = ink_span(plain), ink_span(mirrored)
    assert left[0] < width * 0.15 and right[1] > width * 0.85  # left-aligned text ends up on the right
    assert abs(left[0] - (width - 1 - right[1])) <= 3
    flipped = plain.flipped(Qt.Orientation.Horizontal)
    same = sum(flipped.pixel(x, y) == mirrored.pixel(x, y) for x in range(0, width, 7) for y in range(0, plain.height(), 7))
    assert same / ((width // 7 + 1) * (plain.height() // 7 + 1)) > 0.97  # countdown, title and next line flip too


def ink_span(image) -> tuple[int, int]:
    """First and last columns holding white text pixels."""
    columns = [x for x in range(image.width()) for y in range(0, image.height(), 3)
               if image.pixelColor(x, y).lightness() > 200 and image.pixelColor(x, y).saturation() < 40]
    return min(columns), max(columns)
