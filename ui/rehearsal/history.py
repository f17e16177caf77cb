"""The rehearsal history: each segment's attempts as bars against its slot (matplotlib in Qt), and a table.

A bar is one attempt: green on time, amber short, red long, grey stopped (the pace hint's
verdict); the dashed line is the slot. Only the latest attempts fit a readable chart.
"""

from __future__ import annotations

from datetime import tzinfo

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MultipleLocator
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QSplitter, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from studio.rehearsal.log import LoggedAttempt
from studio.rehearsal.pace import pace_hint
from studio.rehearsal.plan import PlannedSegment, minutes

from ui.widgets.theme import BAD, GOOD, MUTED
from ui.widgets.timefmt import over_under

VERDICT_COLOURS = {"on_time": GOOD, "short": "#ffb020", "long": BAD, "stopped": "#768390"}
VERDICT_WORDS = {"on_time": "on time", "short": "short", "long": "long", "stopped": "stopped early"}
BACKGROUND, PANEL, TEXT, GRID = "#0d1117", "#161b22", "#e6edf3", "#30363d"
LATEST = 10  # bars per segment
TABLE_COLUMNS = ("When", "Segment", "#", "Time", "Slot", "Over/under", "Pace")
OVER_UNDER_COLUMN, PACE_COLUMN = TABLE_COLUMNS.index("Over/under"), TABLE_COLUMNS.index("Pace")


class HistoryChart(FigureCanvasQTAgg):
    def __init__(self) -> None:
        super().__init__(Figure(figsize=(12, 4.5), facecolor=BACKGROUND, layout="constrained"))
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def draw_history(self, segments: tuple[PlannedSegment, ...], attempts: list[LoggedAttempt]) -> None:
        self.figure.clear()
        axes = self.figure.subplots(1, len(segments), squeeze=False)[0]
        for ax, planned in zip(axes, segments):
            mine = [a for a in attempts if a.result.segment_id == planned.segment.id][-LATEST:]
            _draw_segment(ax, planned, mine)
        self.draw_idle()


def _draw_segment(ax, planned: PlannedSegment, attempts: list[LoggedAttempt]) -> None:
    slot = planned.segment.duration
    ax.set_facecolor(PANEL)
    for side in ax.spines.values():
        side.set_color(GRID)
    ax.tick_params(colors=TEXT, labelsize=13)
    name = planned.noun[0].upper() + planned.noun[1:]  # 'Pitch': the exhibitor is in the window's title
    ax.set_title(f"{name}  ·  slot {minutes(slot)}", color=TEXT, fontsize=16, fontweight="bold", loc="left")
    ax.grid(axis="y", color=GRID, linewidth=0.8)
    ax.set_axisbelow(True)
    top = max([slot, *(a.result.duration_s for a in attempts)]) * 1.12
    ax.set_ylim(0, top)
    ax.yaxis.set_major_locator(MultipleLocator(_tick_step(top)))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: minutes(value)))
    ax.axhline(slot, color=TEXT, linestyle=(0, (6, 4)), linewidth=2.5)
    if not attempts:
        ax.set_xticks([])
        ax.text(0.5, 0.45, "no attempt yet", color=MUTED, fontsize=14, ha="center", transform=ax.transAxes)
        return
    positions = range(len(attempts))
    colours = [VERDICT_COLOURS[pace_hint(a.result).verdict] for a in attempts]
    bars = ax.bar(positions, [a.result.duration_s for a in attempts], color=colours, width=0.65)
    labels = ax.bar_label(bars, labels=[minutes(a.result.duration_s) for a in attempts], label_type="center",
                          fontsize=15, fontweight="bold")
    for label, attempt in zip(labels, attempts):
        label.set_color(TEXT if not attempt.result.completed else BACKGROUND)
    ax.set_xticks(list(positions), [f"#{a.attempt}" for a in attempts])
    ax.set_xlim(-0.6, max(len(attempts), 3) - 0.4)  # one or two bars stay bar-sized


def _tick_step(top: float) -> float:
    """A minute per line, or half a minute on short segments, or five on long ones."""
    return 30.0 if top <= 150 else 60.0 if top <= 600 else 300.0


class HistoryView(QWidget):
    """The chart over a table of every attempt, newest first."""

    def __init__(self, tz: tzinfo) -> None:
        super().__init__()
        self.tz = tz
        self.chart = HistoryChart()
        self.table = QTableWidget(0, len(TABLE_COLUMNS))
        self.table.setHorizontalHeaderLabels(TABLE_COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setWordWrap(True)  # the pace hint is a sentence: whole, on as many lines as it takes
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(PACE_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        legend = QLabel("&nbsp;&nbsp;&nbsp;".join(f'<span style="color:{VERDICT_COLOURS[v]}">■</span> {word}'
                                                   for v, word in VERDICT_WORDS.items()) + "&nbsp;&nbsp;&nbsp;- - - the slot")
        legend.setStyleSheet("font-size: 17px; padding: 4px 8px;")
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.chart)
        split.addWidget(self.table)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(legend)
        layout.addWidget(split)

    def show_history(self, segments: tuple[PlannedSegment, ...], attempts: list[LoggedAttempt]) -> None:
        self.chart.draw_history(segments, attempts)
        shown = [a for a in reversed(attempts) if any(p.segment.id == a.result.segment_id for p in segments)]
        self.table.setRowCount(len(shown))
        for row, logged in enumerate(shown):
            result = logged.result
            hint = pace_hint(result)
            cells = (result.started_at.astimezone(self.tz).strftime("%d %b %H:%M"), result.title, str(logged.attempt),
                     minutes(result.duration_s), minutes(result.planned_s), over_under(result.over_under_s), hint.sentence)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == OVER_UNDER_COLUMN:
                    item.setForeground(QColor(VERDICT_COLOURS[hint.verdict]))
                elif column == PACE_COLUMN:
                    item.setToolTip(text)
                self.table.setItem(row, column, item)

