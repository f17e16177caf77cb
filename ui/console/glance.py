"""The glance panel: what a director reads in one look — countdown, clock, drift, back-time, next."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from studio.rundown.durations import format_duration
from studio.rundown.model import Rundown
from studio.show.blocks import current_block
from studio.show.snapshot import ShowState

from ui.widgets.blocks import block_colour, block_text
from ui.widgets.countdown import CountdownLabel
from ui.widgets.elided import ElidedLabel
from ui.widgets.free_timers import timers_text
from ui.widgets.theme import BAD, GOOD, MUTED, WARN, caption
from ui.widgets.timefmt import clock, over_under

PHASE_TEXT = {"standby": "STANDBY — Space starts the show", "on_air": "ON AIR", "paused": "PAUSED — P resumes",
              "ended": "SHOW ENDED"}
VALUE_LOOK = "font-size: 15pt;"  # a little under the theme's 17pt: two figures side by side fit a laptop's glance
ON_TIME_S = 5.0  # over/under within this reads as on time (white), not as a colour that flickers


class Field(QWidget):
    """A caption over a value."""

    def __init__(self, heading: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        title = caption(heading)
        self.value = ElidedLabel()  # one line, cut with "…" (full text in the tooltip): never widens the console
        self.value.set_full_text("—")
        self.value.setProperty("role", "value")
        self.value.setStyleSheet(VALUE_LOOK)
        layout.addWidget(title)
        layout.addWidget(self.value)
        self.colour = ""

    def set(self, text: str, colour: str = "") -> None:
        if text != self.value.full_text:
            self.value.set_full_text(text)
            self.value.setToolTip(text)
        if colour != self.colour:
            self.colour = colour
            self.value.setStyleSheet(VALUE_LOOK + (f" color: {colour};" if colour else ""))


class GlancePanel(QFrame):
    def __init__(self, rundown: Rundown, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panel")
        self.rundown = rundown
        self.phase = QLabel(PHASE_TEXT["standby"])
        self.phase.setObjectName("phase")
        self.phase.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title = QLabel("")
        self.title.setStyleSheet("font-size: 18pt; font-weight: bold;")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setWordWrap(True)
        self.countdown = CountdownLabel(96)
        self.countdown.tz = rundown.show.tz
        self.time_of_day = Field("Time of day")
        self.drift = Field("Show over/under")
        self.projected_end = Field("Projected end")
        self.hard_out = Field("Hard out / slack")
        self.hard_start = Field("Next hard start / slack")
        self.next_up = Field("Next up")
        self.block = Field("Block: budget left · ends over/under")  # shown when the rundown has blocks
        self.timers = Field("Free timers")  # every one; the presenter screen shows those the director chooses
        self.timers.hide()

        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(6)
        for i, field in enumerate((self.time_of_day, self.drift, self.projected_end, self.hard_out, self.hard_start, self.next_up)):
            grid.addWidget(field, i // 2, i % 2)
        grid.addWidget(self.block, 3, 0, 1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(4)
        layout.addWidget(self.phase)
        layout.addWidget(self.title)
        layout.addWidget(self.countdown)
        layout.addLayout(grid)
        layout.addWidget(self.timers)
        layout.addStretch(1)

        self.set_rundown(rundown)

    def set_rundown(self, rundown: Rundown) -> None:
        self.rundown = rundown
        self.block.setVisible(bool(rundown.blocks))
        self.countdown.tz = rundown.show.tz

    def show_state(self, state: ShowState) -> None:
        tz = self.rundown.show.tz
        phase = "HELD" if state.held and state.phase == "on_air" else PHASE_TEXT[state.phase]
        if state.phase == "standby" and state.starts_in is not None:
            phase = (f"STANDBY — show starts in {format_duration(max(0.0, state.starts_in))} — Space starts it" if state.starts_in > 0
                     else f"STANDBY — start is {format_duration(-state.starts_in)} late — Space starts the show")
        if phase != self.phase.text():
            self.phase.setText(phase)
            self.phase.setProperty("phase", state.phase)
            self.phase.style().unpolish(self.phase)
            self.phase.style().polish(self.phase)
        on_air = state.on_air_timing
        title = on_air.title if on_air else ""
        if title != self.title.text():
            self.title.setText(title)
        self.countdown.show_state(state)
        self.time_of_day.set(clock(state.wall, tz))
        colour = _late_colour(state.over_under, state.phase)  # one figure: the projected end against the planned end
        self.drift.set(over_under(state.over_under), colour)
        self.projected_end.set(clock(state.projected_end, tz), colour)  # its over/under is the figure beside it
        if state.hard_out is None:
            self.hard_out.set("none", MUTED)
        else:
            slack = state.hard_out_slack or 0.0
            self.hard_out.set(f"{clock(state.hard_out, tz)}  ({over_under(slack)})", GOOD if slack >= 0 else BAD)
        hard = state.next_hard_start
        if hard is None:
            self.hard_start.set("none", MUTED)
        else:
            title = next((s.title for s in state.segments if s.segment_id == hard.segment_id), hard.segment_id)
            self.hard_start.set(f"{title} at {clock(hard.at, tz)} in {format_duration(hard.to_go)}, slack {over_under(hard.slack)}",
                                GOOD if hard.slack >= 0 else BAD)
        following = None if state.next is None else state.segments[state.next]
        if following is not None and state.standing_by == state.next:
            self.next_up.set(f"STAND BY: {following.title} (loaded) — GO takes it", WARN)
        else:
            self.next_up.set(f"{following.title}  ({format_duration(following.planned_duration)})" if following else "end of show")
        block = current_block(state.blocks)
        self.block.set("no block on air or to come" if block is None else block_text(block),
                       MUTED if block is None else block_colour(block))
        if state.timers or not self.timers.isHidden():
            self.timers.set(timers_text(state.timers))
            self.timers.setVisible(bool(state.timers))


def _late_colour(seconds: float, phase: str) -> str:
    """Red only for a show on air that will end late; amber for a late start (standby); white when on time."""
    if abs(seconds) < ON_TIME_S:
        return ""
    if seconds < 0:
        return GOOD
    return WARN if phase == "standby" else BAD
