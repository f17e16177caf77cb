"""The command registry on the real console: every key it declares reaches the show, and no key is bound twice."""

from __future__ import annotations

from concurrent.futures import Future

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut

from studio.show.commands import Outcome, bindings
from ui.console.window import CONSOLE_KEYS


def press(qtbot, widget, key: str) -> None:
    """Type a key named as the registry names it ("Space", "Ctrl+Z")."""
    combination = QKeySequence(key)[0]
    qtbot.keyClick(widget, combination.key(), combination.keyboardModifiers())


def test_every_registry_key_performs_its_command_on_the_show(studio, qtbot) -> None:
    console = studio.console
    console.settings.confirm_cut_s = 10_000  # no confirm step: one press, one command
    sent: list[tuple[str, dict, Future[Outcome]]] = []
    execute = studio.show.execute

    def recorded(name, arguments=None, source="console"):  # the real command, noted on its way to the show loop
        future = execute(name, arguments, source)
        sent.append((name, dict(arguments or {}), future))
        return future
    studio.show.execute = recorded
    console.table.selectRow(3)  # what N sets next
    keyed = [binding for binding in bindings() if binding.keys]
    assert {binding.command for binding in keyed} >= {"go", "back", "skip", "hold", "extend", "pause", "set_next", "clear"}
    for binding in keyed:
        for key in binding.keys:
            sent.clear()
            press(qtbot, console, key)
            assert [(name, arguments) for name, arguments, _ in sent] == [
                (binding.command, dict(binding.arguments) | ({"segment": "closing"} if binding.command == "set_next" else {})
                 | ({"delay": "doors"} if binding.command == "delay" else {}))], key
            outcome = sent[0][2].result(timeout=3)
            assert outcome.command == binding.command
            assert outcome.refused is None or "first segment" in outcome.refused, (key, outcome.refused)


def test_no_key_is_bound_twice(studio) -> None:
    """The keys that work everywhere: the registry's and the console's own, each once (a typing field's Escape is its own)."""
    everywhere = Qt.ShortcutContext.ApplicationShortcut
    console = studio.console
    shortcuts = [sequence.toString() for action in console.findChildren(QAction) if action.shortcutContext() == everywhere
                 for sequence in action.shortcuts()]
    shortcuts += [shortcut.key().toString() for shortcut in console.findChildren(QShortcut) if shortcut.context() == everywhere]
    declared = [key for binding in bindings() for key in binding.keys] + [key for own in CONSOLE_KEYS for key in own.keys]
    assert sorted(shortcuts) == sorted(QKeySequence(key).toString() for key in declared)
    assert len(shortcuts) == len(set(shortcuts)), sorted(shortcuts)
