"""The presenter screen: a full-screen window on the set's monitor or prompter.

Huge countdown in the console's colours, the current cue card (auto-sized) or the
teleprompter, what comes next, director messages that flash until acknowledged (a click
anywhere on this screen acknowledges), and, once orders come, a ticker strip at the bottom
(taken from the card's space, never the countdown's). Sizes follow the window's height, so it reads
from 3 m at 1280x720: countdown 200 px, card text 40 px at least.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QStackedWidget, QVBoxLayout, QWidget

from studio.rundown.model import Rundown, Segment
from studio.show.snapshot import ShowState

from ui.widgets.countdown import CountdownLabel
from ui.widgets.fit_text import FittedLabel
from ui.presenter.prompter import PrompterView
from ui.widgets.ticker import PresenterTicker

MIN_CARD_PX = 40
MODES = ("cards", "prompter")


class PresenterWindow(QWidget):
    clicked = Signal()

    def __init__(self, rundown: Rundown, scale: float = 1.0) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.setObjectName("presenter")
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)  # the director's keyboard stays on the console
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setWindowTitle(f"Presenter — {rundown.show.title}")
        self.rundown = rundown
        self.scale = scale
        self.mode = "cards"
        self.message: str | None = None
        self._state: ShowState | None = None

        self.title = QLabel("")
        self.title.setObjectName("presenterTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner = QLabel("")
        self.banner.setObjectName("presenterMessage")
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.countdown = CountdownLabel(200)
        self.card = FittedLabel(MIN_CARD_PX, 108)
        self.card.setObjectName("presenterCard")
        self.prompter = PrompterView()
        self.body = QStackedWidget()
        self.body.addWidget(self.card)
        self.body.addWidget(self.prompter)
        self.next = QLabel("")
        self.next.setObjectName("presenterNext")
        self.next.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.ticker = PresenterTicker(rundown)
        for label in (self.title, self.next):  # long titles are cut, never widen the window
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 12, 24, 12)
        layout.setSpacing(6)
        layout.addWidget(self.banner)
        layout.addWidget(self.title)
        layout.addWidget(self.countdown)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.next)
        layout.addWidget(self.ticker)
        self.resize(1280, 720)

    # ----- slots --------------------------------------------------------------------------

    def set_rundown(self, rundown: Rundown) -> None:
        self.rundown = rundown
        self.ticker.set_rundown(rundown)
        if self._state is not None:
            self.show_state(self._state)

    def set_mode(self, mode: str) -> None:
        self.mode = mode
        self.body.setCurrentWidget(self.prompter if mode == "prompter" else self.card)
        if self._state is not None:
            self.show_state(self._state)

    def set_prompter_speed(self, pixels_per_second: int) -> None:
        self.prompter.speed = float(pixels_per_second)

    def set_mirrored(self, mirrored: bool) -> None:
        self.prompter.set_mirrored(mirrored)

    def show_message(self, text: str) -> None:
        self.message = text
        self.banner.setText(text)
        self.banner.show()

    def clear_message(self, *_: object) -> None:
        self.message = None
        self.banner.hide()

    def show_state(self, state: ShowState) -> None:
        self._state = state
        self.countdown.show_state(state)
        segment = self._on_air_segment(state)
        title = segment.title if segment else ("Show ended" if state.phase == "ended" else "Standby")
        if state.phase == "paused":
            title += "  —  PAUSED"
        elif state.held:
            title += "  —  HOLD"
        if title != self.title.text():
            self.title.setText(title)
        self._show_body(state, segment)
        next_text = self._next_text(state, segment)
        if next_text != self.next.text():
            self.next.setText(next_text)
        if self.message is not None:
            self.banner.setProperty("flash", "true" if int(state.at * 2) % 2 else "false")
            self.banner.style().unpolish(self.banner)
            self.banner.style().polish(self.banner)

    # ----- internals ----------------------------------------------------------------------

    def _on_air_segment(self, state: ShowState) -> Segment | None:
        timing = state.on_air_timing
        if timing is None:
            return None
        return next((s for s in self.rundown.segments if s.id == timing.segment_id), None)

    def _show_body(self, state: ShowState, segment: Segment | None) -> None:
        if self.mode == "prompter":
            text = "\n\n".join(card.text for card in segment.cards) or segment.notes if segment else ""
            self.prompter.set_text(text or "")
            self.prompter.set_running(state.phase == "on_air")
            return
        if segment is None:
            text = ""
        elif segment.cards and state.card is not None:
            text = segment.cards[state.card].text
        else:
            text = segment.notes or segment.title
        self.card.set_fitted_text(text)

    def _next_text(self, state: ShowState, segment: Segment | None) -> str:
        if segment is not None and state.card is not None and state.card + 1 < len(segment.cards):
            return f"Next card: {segment.cards[state.card + 1].text.splitlines()[0]}"
        if state.next is not None:
            return f"Next: {state.segments[state.next].title}"
        return "Next: end of show" if segment is not None else ""

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt)
        super().resizeEvent(event)
        height = max(1, self.height())
        self.countdown.set_pixel_size(max(120, int(height * 0.28 * self.scale)))
        self.title.setStyleSheet(f"font-size: {max(28, int(height * 0.055 * self.scale))}px;")
        self.next.setStyleSheet(f"font-size: {max(28, int(height * 0.05 * self.scale))}px;")
        self.ticker.set_pixel_size(max(28, int(height * 0.05 * self.scale)))
        self.banner.setStyleSheet(f"font-size: {max(40, int(height * 0.075 * self.scale))}px;")
        self.prompter.pixel_size = max(MIN_CARD_PX, int(height * 0.09 * self.scale))
        self.card.set_largest(max(MIN_CARD_PX, int(height * 0.15 * self.scale)))

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt)
        self.clicked.emit()
        super().mousePressEvent(event)
