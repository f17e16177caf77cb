"""The console's controls for the presenter screen: which monitor, cards or prompter, speed, mirror."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QFrame, QHBoxLayout, QLabel, QSpinBox, QWidget

from ui.presenter.window import MODES
from ui.settings import Settings
from ui.widgets.theme import caption


class PresenterControls(QFrame):
    screen_chosen = Signal(str)
    mode_chosen = Signal(str)
    speed_chosen = Signal(int)
    mirror_chosen = Signal(bool)

    def __init__(self, settings: Settings, screens: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panel")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(caption("PRESENTER"))
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
        self.mirror = QCheckBox("Mirror")
        self.mirror.setChecked(settings.prompter_mirror)
        self.mirror.toggled.connect(self.mirror_chosen)
        for label, widget in (("Screen", self.screen), ("Mode", self.mode), ("Speed", self.speed), (None, self.mirror)):
            if label:
                layout.addWidget(QLabel(label))
            widget.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
            layout.addWidget(widget)
