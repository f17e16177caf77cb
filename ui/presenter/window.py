"""The presenter screen: a full-screen window on the set's monitor or prompter.

Huge countdown (in overtime full-brightness digits on a pulsing red ground; paused, black
digits on amber), the current cue card (auto-sized) or the teleprompter, what comes next
(cut with "…" at its end, its prefix always whole), the director's message over the cue's
message (the director's is never replaced by a cue's), in standby the time to the start, an
optional line with the time of day and the show's over/under, and, once orders come, a
ticker strip at the bottom (taken from the card's space, never the countdown's).

Everything is drawn on one page inside a graphics view, so mirroring for prompter glass
flips the whole screen (countdown, messages, next line), not only the script. Sizes follow
the window's height, so it reads from 3 m at 1280x720: countdown 200 px, card text 40 px at least.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QMouseEvent, QResizeEvent, QTransform
from PySide6.QtWidgets import (
    QFrame, QGraphicsScene, QGraphicsView, QLabel, QSizePolicy, QStackedWidget, QVBoxLayout, QWidget,
)

from studio.rundown.model import Rundown, Segment
from studio.show.blocks import current_block
from studio.show.snapshot import ShowState

from ui.presenter.prompter import PrompterView
from ui.presenter.shop import ShopLine
from ui.widgets.countdown import CountdownLabel
from ui.widgets.free_timers import timers_text
from ui.widgets.fit_text import FittedLabel
from ui.widgets.elided import ElidedLabel
from ui.widgets.ticker import PresenterTicker
from ui.widgets.timefmt import clock, countdown, over_under

MIN_CARD_PX = 40
MODES = ("cards", "prompter")


class PresenterWindow(QWidget):
    clicked = Signal()

    def __init__(self, rundown: Rundown, scale: float = 1.0) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)  # the director's keyboard stays on the console
        self.setWindowTitle(f"Presenter — {rundown.show.title}")
        self.setStyleSheet("background: #000000;")
        self.rundown = rundown
        self.scale = scale
        self.mode = "cards"
        self.mirrored = False
        self.show_clock = True
        self.message: str | None = None
        self.cue_message: str | None = None
        self._state: ShowState | None = None
        self._by_id = {segment.id: segment for segment in rundown.segments}
        self._paused = False
        self._title_px = 40
        self._next_px = 36
        self._standing_by = False  # the next line is amber while the next segment is loaded (end: standby)

        self.page = QWidget()  # everything the presenter sees; the view shows it, flipped or not
        self.page.setObjectName("presenter")
        self.page.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.title = ElidedLabel()
        self.title.setObjectName("presenterTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner = QLabel("")
        self.banner.setObjectName("presenterMessage")
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.cue_banner = QLabel("")
        self.cue_banner.setObjectName("presenterCue")
        self.cue_banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.cue_banner.setWordWrap(True)
        self.cue_banner.hide()
        self.countdown = CountdownLabel(200)
        self.countdown.tz = rundown.show.tz
        self.card = FittedLabel(MIN_CARD_PX, 108)
        self.card.setObjectName("presenterCard")
        self.prompter = PrompterView()
        self.body = QStackedWidget()
        self.body.addWidget(self.card)
        self.body.addWidget(self.prompter)
        self.next = ElidedLabel()
        self.next.setObjectName("presenterNext")
        self.next.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.clock_line = QLabel("")
        self.clock_line.setObjectName("presenterNext")
        self.clock_line.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.timers_line = ElidedLabel()  # the free timers the director shows here (timer_show)
        self.timers_line.setObjectName("presenterNext")
        self.timers_line.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.timers_line.hide()
        self.ticker = PresenterTicker(rundown)
        self.shop = ShopLine(rundown)  # the on-air exhibitor's target and stock, once it has any
        for label in (self.banner, self.cue_banner, self.clock_line):  # long texts wrap or cut, never widen the window
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._page_layout = layout = QVBoxLayout(self.page)
        layout.setContentsMargins(24, 12, 24, 12)
        layout.setSpacing(6)
        layout.addWidget(self.banner)
        layout.addWidget(self.cue_banner)
        layout.addWidget(self.title)
        layout.addWidget(self.countdown)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.shop)
        layout.addWidget(self.next)
        layout.addWidget(self.timers_line)
        layout.addWidget(self.clock_line)
        layout.addWidget(self.ticker)

        self.scene = QGraphicsScene(self)
        self.proxy = self.scene.addWidget(self.page)
        self.view = QGraphicsView(self.scene)
        self.view.setFrameShape(QFrame.Shape.NoFrame)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.view.viewport().installEventFilter(self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.view)
        self.resize(1280, 720)

    # ----- slots --------------------------------------------------------------------------

    def add_strip(self, widget: QWidget) -> None:
        """A line above the ticker on the page (mirrored with it), e.g. the approved audience questions."""
        self._page_layout.insertWidget(self._page_layout.indexOf(self.ticker), widget)

    def set_rundown(self, rundown: Rundown) -> None:
        self.rundown = rundown
        self._by_id = {segment.id: segment for segment in rundown.segments}
        self.countdown.tz = rundown.show.tz
        self.ticker.set_rundown(rundown)
        self.shop.set_rundown(rundown)
        if self._state is not None:
            self.show_state(self._state)

    def set_mode(self, mode: str) -> None:
        self.mode = mode
        self.body.setCurrentWidget(self.prompter if mode == "prompter" else self.card)
        self._resize_texts()
        if self._state is not None:
            self.show_state(self._state)

    def set_prompter_speed(self, pixels_per_second: int) -> None:
        self.prompter.speed = float(pixels_per_second)

    def set_mirrored(self, mirrored: bool) -> None:
        """Flip the whole screen left to right (for prompter glass)."""
        self.mirrored = mirrored
        self._place_page()

    def set_show_clock(self, shown: bool) -> None:
        self.show_clock = shown
        self.clock_line.setVisible(shown)

    def show_message(self, text: str) -> None:
        self.message = text
        self.banner.setText(text)
        self.banner.show()

    def clear_message(self, *_: object) -> None:
        self.message = None
        self.banner.hide()

    def show_cue_message(self, text: str) -> None:
        """The cue's message ("" takes it down); it sits under the director's."""
        self.cue_message = text or None
        self.cue_banner.setText(text)
        self.cue_banner.setVisible(bool(text))

    def show_state(self, state: ShowState) -> None:
        self._state = state
        self.countdown.show_state(state)
        self.shop.show_state(state)
        segment = self._on_air_segment(state)
        if segment is not None:
            title = segment.title
        elif state.phase == "ended":
            title = "Show ended"
        elif state.starts_in is not None and state.starts_in > 0:
            title = "Standby — the show starts in"
        else:
            title = "Standby"
        if state.phase == "paused":
            title = f"PAUSED  —  {title}"
        elif state.held:
            title += "  —  HOLD"
        self.title.set_full_text(title)
        if (state.phase == "paused") != self._paused:
            self._paused = state.phase == "paused"
            self._style_title()
        self._show_body(state, segment)
        self.next.set_full_text(self._next_text(state, segment))
        if (state.standing_by is not None) != self._standing_by:
            self._standing_by = state.standing_by is not None
            self._style_next()
        timers = timers_text(t for t in state.timers if t.presenter)
        if timers != self.timers_line.full_text:
            self.timers_line.set_full_text(timers)
            self.timers_line.setVisible(bool(timers))
        if self.show_clock:
            block = current_block(state.blocks)
            budget = f"   ·   {block.title} {countdown(block.left)} left" if block is not None and block.status == "on_air" else ""
            self.clock_line.setText(f"{clock(state.wall, self.rundown.show.tz)}   ·   show {over_under(state.over_under)}{budget}")
        if self.message is not None:
            self._look(self.banner, "true" if int(state.at * 2) % 2 else "false", "flash")

    # ----- internals ----------------------------------------------------------------------

    def _look(self, widget: QWidget, value: str, name: str = "state") -> None:
        if widget.property(name) != value:
            widget.setProperty(name, value)
            widget.style().unpolish(widget)
            widget.style().polish(widget)

    def _style_title(self) -> None:
        """Paused is unmistakable: black on amber across the screen, not a word in grey."""
        look = "background: #ffb020; color: #000000; font-weight: bold; border-radius: 8px;" if self._paused else ""
        self.title.setStyleSheet(f"font-size: {self._title_px}px; {look}")

    def _style_next(self) -> None:
        look = "color: #ffb020; font-weight: bold;" if self._standing_by else ""
        self.next.setStyleSheet(f"font-size: {self._next_px}px; {look}")

    def _on_air_segment(self, state: ShowState) -> Segment | None:
        timing = state.on_air_timing
        return None if timing is None else self._by_id.get(timing.segment_id)

    def _show_body(self, state: ShowState, segment: Segment | None) -> None:
        if self.mode == "prompter":
            cards = tuple(card.text for card in segment.cards) or ((segment.notes,) if segment.notes else ()) if segment else ()
            self.prompter.set_cards(cards)
            if state.card is not None:
                self.prompter.show_card(state.card)
            self.prompter.set_time_left(max(0.0, state.remaining))
            self.prompter.set_running(state.phase == "on_air" and self.isVisible())  # the page inside the view always counts as shown
            return
        if segment is None:
            text = ""
        elif segment.cards and state.card is not None:
            text = segment.cards[state.card].text
        else:
            text = segment.notes or segment.title
        self.card.set_fitted_text(text)

    def _next_text(self, state: ShowState, segment: Segment | None) -> str:
        if state.standing_by is not None:  # loaded at zero: the presenter gets ready for it and its first card
            loaded = self._by_id.get(state.segments[state.standing_by].segment_id)
            first = f"  —  {loaded.cards[0].text.splitlines()[0]}" if loaded and loaded.cards else ""
            return f"STAND BY: {state.segments[state.standing_by].title}{first}"
        if segment is not None and state.card is not None and state.card + 1 < len(segment.cards):
            return f"Next card: {segment.cards[state.card + 1].text.splitlines()[0]}"
        if state.next is not None:
            return f"Next: {state.segments[state.next].title}"
        return "Next: end of show" if segment is not None else ""

    def _place_page(self) -> None:
        size = self.view.viewport().size()
        self.proxy.resize(size.width(), size.height())
        self.scene.setSceneRect(0, 0, size.width(), size.height())
        flip = QTransform(-1, 0, 0, 1, size.width(), 0) if self.mirrored else QTransform()
        self.view.setTransform(flip)
        self.view.centerOn(size.width() / 2, size.height() / 2)

    def _resize_texts(self) -> None:
        height = max(1, self.height())
        prompter = self.mode == "prompter"  # the script gets the room: a smaller countdown and title
        self.countdown.set_pixel_size(max(80 if prompter else 120, int(height * (0.15 if prompter else 0.28) * self.scale)))
        self._title_px = max(24, int(height * (0.04 if prompter else 0.055) * self.scale))
        self._style_title()
        self._next_px = max(24, int(height * (0.04 if prompter else 0.05) * self.scale))
        self._style_next()
        self.clock_line.setStyleSheet(f"font-size: {max(20, int(height * 0.035 * self.scale))}px;")
        self.timers_line.setStyleSheet(f"font-size: {max(24, int(height * 0.045 * self.scale))}px; color: #e6edf3;")
        self.ticker.set_pixel_size(max(28, int(height * 0.05 * self.scale)))
        self.shop.set_pixel_size(max(24, int(height * 0.04 * self.scale)))
        self.banner.setStyleSheet(f"font-size: {max(40, int(height * 0.075 * self.scale))}px;")
        self.cue_banner.setStyleSheet(f"font-size: {max(32, int(height * 0.055 * self.scale))}px; background: #1f3a66; "
                                      "color: #ffffff; font-weight: bold; border-radius: 10px; padding: 6px;")
        self.prompter.set_pixel_size(max(MIN_CARD_PX, int(height * 0.09 * self.scale)))
        self.card.set_largest(max(MIN_CARD_PX, int(height * 0.15 * self.scale)))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt)
        super().resizeEvent(event)
        self._resize_texts()
        self._page_layout.invalidate()  # the page's minimum with the new font sizes, not the last ones: it may shrink
        self._page_layout.activate()
        self._place_page()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt)
        super().showEvent(event)
        self._place_page()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
        if event.type() == QEvent.Type.MouseButtonPress:
            self.clicked.emit()  # a click anywhere on the screen acknowledges
        return False

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt)
        self.clicked.emit()
        super().mousePressEvent(event)
