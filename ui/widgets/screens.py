"""Which monitor the presenter screen goes on, chosen by QScreen.name()."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget


def screen_names() -> list[str]:
    return [screen.name() for screen in QGuiApplication.screens()]


def choose_screen(name: str, console: QScreen | None) -> QScreen | None:
    """The screen called `name`; else the first that is not the console's; None if there is only the console's."""
    screens = QGuiApplication.screens()
    named = next((s for s in screens if s.name() == name), None) if name else None
    return named or next((s for s in screens if s is not console), None)


def place(window: QWidget, screen: QScreen | None) -> None:
    """Full screen on `screen`; without one, a normal window (never cover the director's console)."""
    if screen is None:
        window.showNormal()
        return
    window.setScreen(screen)
    window.setGeometry(screen.geometry())
    window.showFullScreen()


def place_presenter(window: QWidget, name: str, console: QScreen | None) -> None:
    """Full screen on the screen called `name`, else on the first that is not the console's. On a single
    screen it stays closed: a window there would cover GO and the rundown."""
    screen = choose_screen(name, console)
    if screen is None or screen is console:
        window.hide()
    else:
        place(window, screen)
