"""The director's commands (studio/show/commands.py) as Qt actions: buttons and keys for any widget.

The console calls `command_actions(window, run)` once and makes its buttons from the
actions (`command_button`); the keys work while any window of the app is active (the
presenter screen too). `run` decides what a press does: usually
`lambda binding: show.execute(binding.command, dict(binding.arguments))`, or first the
console's own confirmation.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QPushButton, QWidget

from studio.show.commands import Binding, bindings

Run = Callable[[Binding], None]


def command_actions(widget: QWidget, run: Run,
                    context: Qt.ShortcutContext = Qt.ShortcutContext.ApplicationShortcut) -> dict[Binding, QAction]:
    """One QAction per button of the registry, with its keys, added to `widget`; in the registry's order."""
    actions: dict[Binding, QAction] = {}
    for binding in bindings():
        action = QAction(binding.label, widget)
        action.setShortcuts([QKeySequence(key) for key in binding.keys])
        action.setShortcutContext(context)
        action.triggered.connect(lambda _=False, binding=binding: run(binding))
        widget.addAction(action)
        actions[binding] = action
    return actions


def command_button(action: QAction, binding: Binding) -> QPushButton:
    """A console button for an action: its label over its keys; it never takes the keyboard focus."""
    button = QPushButton(f"{binding.label}\n{' / '.join(binding.keys)}")
    button.setObjectName(binding.command)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.clicked.connect(action.trigger)
    return button
