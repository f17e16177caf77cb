"""The registry's commands as Qt actions on a bare widget: each key and each button sends its binding."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything imports Qt

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QWidget  # noqa: E402

from studio.show.commands import bindings  # noqa: E402
from ui.commands import command_actions, command_button  # noqa: E402

KEYS = {"Space": Qt.Key.Key_Space, "B": Qt.Key.Key_B, "Backspace": Qt.Key.Key_Backspace, "S": Qt.Key.Key_S,
        "H": Qt.Key.Key_H, "-": Qt.Key.Key_Minus, "+": Qt.Key.Key_Plus, "=": Qt.Key.Key_Equal, "P": Qt.Key.Key_P,
        "N": Qt.Key.Key_N, "C": Qt.Key.Key_C, "D": Qt.Key.Key_D}


@pytest.fixture
def bound(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    pressed = []
    actions = command_actions(widget, pressed.append)
    widget.show()
    widget.activateWindow()
    qtbot.waitExposed(widget)
    return widget, actions, pressed


def test_the_console_keys_are_the_registry_s(bound) -> None:
    _, actions, _ = bound
    assert [(b.command, b.label, b.keys) for b in actions] == [
        ("go", "GO ▶", ("Space",)), ("back", "◀ Back", ("B", "Backspace")), ("skip", "Skip next", ("S",)),
        ("hold", "Hold", ("H",)), ("extend", "−30 s", ("-",)), ("extend", "+30 s", ("+", "=")),
        ("pause", "Pause", ("P",)), ("set_next", "Set next", ("N",)), ("delay", "Delay", ("D",)),
        ("clear", "Clear message", ("C",))]


@pytest.mark.parametrize("binding", bindings(), ids=lambda b: b.label)
def test_every_key_sends_its_binding(bound, qtbot, binding) -> None:
    widget, _, pressed = bound
    for key in binding.keys:
        qtbot.keyClick(widget, KEYS[key])
    assert pressed == [binding] * len(binding.keys)
    assert set(KEYS) >= set(binding.keys)


def test_a_button_sends_its_binding_with_its_arguments(bound, qtbot) -> None:
    _, actions, pressed = bound
    plus = next(b for b in actions if b.label == "+30 s")
    button = command_button(actions[plus], plus)
    qtbot.addWidget(button)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert pressed == [plus] and dict(plus.arguments) == {"seconds": 30.0}
    assert button.text() == "+30 s\n+ / =" and button.focusPolicy() == Qt.FocusPolicy.NoFocus
