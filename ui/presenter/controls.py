"""The console's controls for the presenter screen: which monitor, cards or prompter, the prompter's
speed (or fitted to the slot), pause and step, mirror, and the clock line."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QFrame, QGridLayout, QLabel, QPushButton, QSpinBox, QWidget

from ui.presenter.window import MODES, PresenterWindow
from ui.settings import Settings
from ui.widgets.theme import caption

SPEED_STEP = 1.2  # faster/slower multiply or divide the speed by this


class PresenterControls(QFrame):
    screen_chosen = Signal(str)
    mode_chosen = Signal(str)
    speed_chosen = Signal(int)
    mirror_chosen = Signal(bool)
    fit_chosen = Signal(bool)
    clock_chosen = Signal(bool)
    prompter_toggle = Signal()  # pause / go on
    prompter_step = Signal(int)  # -1 back a card, +1 on a card

    def __init__(self, settings: Settings, screens: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panel")
        self.screen = QComboBox()
        self.screen.addItems(screens)
        if settings.presenter_screen in screens:
            self.screen.setCurrentText(settings.presenter_screen)
        self.screen.currentTextChanged.connect(self.screen_chosen)
        self.mode = QComboBox()
        self.mode.addItems(MODES)
        self.mode.currentTextChanged.connect(self.mode_chosen)
        self.speed = QSpinBox()
        self.speed.setRange(5, 600)
        self.speed.setSuffix(" px/s")
        self.speed.setValue(settings.prompter_speed)
        self.speed.valueChanged.connect(self.speed_chosen)
        self.fit = QCheckBox("Fit to slot")
        self.fit.setToolTip("The prompter's speed brings the end of the script to the reading line as the segment's time runs out")
        self.fit.toggled.connect(self.fit_chosen)
        self.mirror = QCheckBox("Mirror")
        self.mirror.setChecked(settings.prompter_mirror)
        self.mirror.toggled.connect(self.mirror_chosen)
        self.clock = QCheckBox("Clock line")
        self.clock.setChecked(True)
        self.clock.toggled.connect(self.clock_chosen)
        self.back = self._button("◀ Card\nPgUp", lambda: self.prompter_step.emit(-1))
        self.pause = self._button("Pause\nCtrl+P", self.prompter_toggle.emit)
        self.on = self._button("Card ▶\nPgDn", lambda: self.prompter_step.emit(1))
        layout = QGridLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setVerticalSpacing(4)
        layout.addWidget(caption("PRESENTER"), 0, 0)
        for column, (label, widget) in enumerate((("Screen", self.screen), ("Mode", self.mode))):
            layout.addWidget(QLabel(label), 0, 1 + 2 * column)
            layout.addWidget(widget, 0, 2 + 2 * column)
        layout.addWidget(self.mirror, 0, 5)
        layout.addWidget(self.clock, 0, 6)
        layout.addWidget(QLabel("Prompter"), 1, 0)
        layout.addWidget(self.speed, 1, 1, 1, 2)
        layout.addWidget(self.fit, 1, 3, 1, 2)
        layout.addWidget(self.back, 1, 5)
        layout.addWidget(self.pause, 1, 6)
        layout.addWidget(self.on, 1, 7)
        for widget in (self.screen, self.mode, self.fit, self.mirror, self.clock):
            widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a click never takes the show's keys
        self.speed.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # typed in; Enter hands the keys back (the console listens)

    def nudge_speed(self, direction: int) -> None:
        """Faster (+1) or slower (-1) by one step."""
        value = self.speed.value()
        self.speed.setValue(round(value * SPEED_STEP) if direction > 0 else round(value / SPEED_STEP))

    def _button(self, text: str, handler) -> QPushButton:
        button = QPushButton(text)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(lambda _=False: handler())
        return button


def presenter_links(controls: PresenterControls, presenter: PresenterWindow, board: Any) -> list[tuple[Any, Any]]:
    """The (signal, slot) pairs from the console's presenter controls and message board to the presenter screen."""
    return [
        (controls.fit_chosen, presenter.prompter.set_fit),
        (controls.clock_chosen, presenter.set_show_clock),
        (controls.prompter_toggle, presenter.prompter.toggle_paused),
        (controls.prompter_step, presenter.prompter.step),
        (board.cue_changed, presenter.show_cue_message),
    ]
