"""The order ticker: newest orders and totals in the console, one strip on the presenter screen.

Both are fed `OrderBatch`es by the bridge (at most ten a second, however many orders come),
and keep a bounded number of rows, so a burst of thousands of orders costs the GUI thread
a few small redraws, never a widget per order.
"""

from __future__ import annotations

import time
from typing import Any, Callable, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView, QFrame, QHBoxLayout, QLabel, QSizePolicy, QTableView, QVBoxLayout, QWidget,
)

from studio.orders.lines import order_line, order_money, totals_line
from studio.orders.model import AcceptedOrder
from studio.orders.money import format_money
from studio.orders.totals import Totals, TotalsSnapshot
from studio.rundown.model import Rundown
from studio.show.events import Event, LeadReceived
from studio.show.snapshot import ShowState

from ui.bridge import OrderBatch
from ui.widgets.elided import ElidedLabel
from ui.widgets.tables import read_only_table
from ui.widgets.theme import GOOD, MUTED, caption
from ui.widgets.timefmt import clock

ROWS_KEPT = 100  # the console's list of newest orders
REFRESH_S = 1.0  # how often totals are re-read while no order comes (orders per minute fall)
FRESH_MS = 2500  # how long the presenter's strip shows a new order highlighted
WARM_UP_MS = 1500  # after start-up, when the console is idle: a 30 ms load then is no dropped frame at the first order

Index = QModelIndex | QPersistentModelIndex
ALIGN_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def exhibitor_name(rundown: Rundown, exhibitor_id: str | None) -> str:
    if exhibitor_id is None:
        return "—"
    exhibitor = rundown.exhibitors.get(exhibitor_id)
    return exhibitor.name if exhibitor else exhibitor_id


class TextRowsModel(QAbstractTableModel):
    """Rows of texts under the column titles `COLUMNS`; subclasses fill `_rows` and say what else a cell shows."""

    COLUMNS: tuple[str, ...] = ()

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[tuple[str, ...]] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 (Qt)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 (Qt)
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._rows[index.row()][index.column()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802 (Qt)
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.COLUMNS[section]
        return None


class OrderListModel(TextRowsModel):
    """The newest orders, newest on top, at most `limit` rows; the amount in a column of its own, never cut.
    Each row holds its columns' texts, then the whole ticker line (the tooltip)."""

    COLUMNS = ("Time", "Order", "Amount", "Exhibitor")

    def __init__(self, rundown: Rundown, limit: int = ROWS_KEPT) -> None:
        super().__init__()
        self.rundown = rundown
        self.limit = limit

    def add(self, newest: Sequence[AcceptedOrder]) -> None:
        """Put orders on top (newest first), dropping the oldest beyond the limit."""
        rows = [self._row(accepted) for accepted in newest[:self.limit]]
        if not rows:
            return
        self.beginInsertRows(QModelIndex(), 0, len(rows) - 1)
        self._rows[:0] = rows
        self.endInsertRows()
        if len(self._rows) > self.limit:
            self.beginRemoveRows(QModelIndex(), self.limit, len(self._rows) - 1)
            del self._rows[self.limit:]
            self.endRemoveRows()

    def set_rundown(self, rundown: Rundown) -> None:
        self.rundown = rundown

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._rows[index.row()][-1]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 2:
            return ALIGN_RIGHT
        return super().data(index, role)

    def _row(self, accepted: AcceptedOrder) -> tuple[str, str, str, str, str]:
        show = self.rundown.show
        money = order_money(accepted, show.locale)
        return (clock(accepted.received_at, show.tz), accepted.label, money,
                exhibitor_name(self.rundown, accepted.exhibitor_id), order_line(accepted.label, money))


class TotalsModel(TextRowsModel):
    """Orders, revenue, average basket and orders per minute, one row per scope."""

    COLUMNS = ("", "Orders", "Revenue", "Avg basket", "/min")

    def __init__(self) -> None:
        super().__init__()
        self._bold = QFont()
        self._bold.setBold(True)

    def set_rows(self, rows: list[tuple[str, Totals]], currency: str, locale: str) -> None:
        texts = [(name, str(t.orders), *((format_money(t.revenue, currency, locale),
                                          format_money(t.average, currency, locale)) if t.orders else ("—", "—")),
                  f"{t.per_minute:.0f}") for name, t in rows]
        if texts == self._rows:
            return
        if len(texts) != len(self._rows):
            self.beginResetModel()
            self._rows = texts
            self.endResetModel()
        else:
            self._rows = texts
            self.dataChanged.emit(self.index(0, 0), self.index(len(texts) - 1, len(self.COLUMNS) - 1))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return ALIGN_RIGHT
        if role == Qt.ItemDataRole.FontRole and index.row() == 0:
            return self._bold  # the show's own row
        return super().data(index, role)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802 (Qt)
        if role == Qt.ItemDataRole.TextAlignmentRole and orientation == Qt.Orientation.Horizontal and section > 0:
            return ALIGN_RIGHT
        return super().headerData(section, orientation, role)


def compact_table(model: QAbstractTableModel, stretch: int, samples: tuple[str, ...]) -> QTableView:
    """A read-only table whose columns are as wide as their sample text, one stretching: sizing to
    the contents would measure every row on every batch of orders."""
    table = read_only_table(model, stretch, row_height=26)
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    table.setWordWrap(False)
    metrics = table.fontMetrics()
    bold = QFont(table.font())
    bold.setBold(True)  # the headers' look (studio.qss)
    titles = QFontMetrics(bold)
    for column, sample in enumerate(samples):
        title = str(model.headerData(column, Qt.Orientation.Horizontal))
        table.setColumnWidth(column, max(metrics.horizontalAdvance(sample) + 14, titles.horizontalAdvance(title) + 20))
    return table


class OrdersPanel(QFrame):
    """The console's ticker: the show's total in large, totals per scope, the newest orders.

    `snapshot` (the order desk's, thread-safe) is re-read once a second while no order
    comes, so orders per minute fall back to zero when the orders stop.
    """

    def __init__(self, rundown: Rundown, snapshot: Callable[[], TotalsSnapshot] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panel")
        self.rundown = rundown
        self._snapshot = snapshot
        self.totals: TotalsSnapshot | None = None
        self.on_air: str | None = None  # the segment on air, for its row
        self._fresh_at = 0.0  # time.monotonic() of the totals shown
        self.received = 0  # orders counted by this panel (for tests and the headline)

        self.headline = QLabel("No orders yet" if snapshot is not None else "Orders are off for this show")
        self.headline.setStyleSheet(f"font-size: 17pt; font-weight: bold; color: {MUTED};")
        self.leads = QLabel("No leads yet" if snapshot is not None else "")  # test drives, call-backs... (docs/leads.md)
        self.leads.setStyleSheet(f"font-size: 13pt; color: {MUTED};")
        self.totals_model = TotalsModel()
        self.totals_table = compact_table(self.totals_model, 0, ("On air: Exhibitor pitch", "00000", "0 000 000 €",
                                                                "00 000,00 €", "0000"))
        self.totals_table.setMinimumWidth(sum(self.totals_table.columnWidth(c) for c in range(5)) + 4)
        self.orders_model = OrderListModel(rundown)
        self.orders_table = compact_table(self.orders_model, 1, ("00:00:00", "", "00 000,00 €", "Exhibitor"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(4)
        top = QHBoxLayout()
        top.addWidget(caption("Orders"))
        top.addStretch(1)
        top.addWidget(self.leads)
        top.addSpacing(16)
        top.addWidget(self.headline)
        layout.addLayout(top)
        tables = QHBoxLayout()
        tables.addWidget(self.totals_table)
        tables.addWidget(self.orders_table, 1)
        layout.addLayout(tables, 1)
        self._show_totals()
        if snapshot is not None:  # Babel's locale data, loaded once the console runs rather than at the first order
            QTimer.singleShot(WARM_UP_MS, self._warm_up)

    # ----- fed by the bridge ------------------------------------------------------------

    def show_orders(self, batch: OrderBatch) -> None:
        self.received += batch.received
        self.orders_model.add(batch.newest)
        self.totals = batch.totals
        self._fresh_at = time.monotonic()
        self._show_totals()

    def show_state(self, state: ShowState) -> None:
        timing = state.on_air_timing
        on_air = None if timing is None else timing.segment_id
        now = time.monotonic()
        stale = self._snapshot is not None and self.totals is not None and now - self._fresh_at >= REFRESH_S
        if stale:
            self.totals = self._snapshot()  # type: ignore[misc]
            self._fresh_at = now
        if on_air != self.on_air or stale:
            self.on_air = on_air
            self._show_totals()

    def on_event(self, event: Event) -> None:
        """The show's leads so far, beside the orders: a count, never a name."""
        if isinstance(event, LeadReceived):
            self.leads.setText(f"{event.leads} lead{'s' if event.leads != 1 else ''}")
            self.leads.setStyleSheet(f"font-size: 13pt; font-weight: bold; color: {GOOD};")

    def set_rundown(self, rundown: Rundown) -> None:
        self.rundown = rundown
        self.orders_model.set_rundown(rundown)
        self._show_totals()

    # ----- internals ----------------------------------------------------------------------

    def _warm_up(self) -> None:
        show = self.rundown.show
        format_money(0.0, show.currency, show.locale)

    def _show_totals(self) -> None:
        snapshot = self.totals
        show = self.rundown.show
        currency = snapshot.currency if snapshot else show.currency
        if snapshot is not None and snapshot.show.orders:
            self.headline.setText(f"{totals_line(snapshot.show, currency, show.locale)} · {snapshot.show.per_minute:.0f}/min")
            self.headline.setStyleSheet(f"font-size: 17pt; font-weight: bold; color: {GOOD};")
        self.totals_model.set_rows(self._scopes(snapshot), currency, show.locale)

    def _scopes(self, snapshot: TotalsSnapshot | None) -> list[tuple[str, Totals]]:
        """Show, the segment on air, then each exhibitor (the rundown's first, in its order)."""
        empty = Totals()
        by_segment = snapshot.by_segment if snapshot else {}
        by_exhibitor = snapshot.by_exhibitor if snapshot else {}
        rows = [("Show", snapshot.show if snapshot else empty)]
        if self.on_air is not None:
            title = next((s.title for s in self.rundown.segments if s.id == self.on_air), self.on_air)
            rows.append((f"On air: {title}", by_segment.get(self.on_air, empty)))
        ids = list(self.rundown.exhibitors) + sorted(set(by_exhibitor) - set(self.rundown.exhibitors))
        rows += [(exhibitor_name(self.rundown, key), by_exhibitor.get(key, empty)) for key in ids]
        return rows


class PresenterTicker(QFrame):
    """One strip for the presenter screen: the newest order (highlighted a moment) and the show's total.

    A long customer or product name is cut, never the amount. Hidden until the first order,
    so a show without orders keeps all its space.
    """

    def __init__(self, rundown: Rundown, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rundown = rundown
        self.newest = ElidedLabel()
        self.amount = QLabel("")
        self.total = QLabel("")
        self.total.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._fresh = QTimer(self)
        self._fresh.setSingleShot(True)
        self._fresh.timeout.connect(lambda: self._highlight(False))
        self._pixel_size = 32
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 4, 16, 4)
        layout.setSpacing(12)
        layout.addWidget(self.newest, 1)
        layout.addWidget(self.amount)
        layout.addSpacing(24)
        layout.addWidget(self.total)
        self._highlight(False)
        self.hide()

    def show_orders(self, batch: OrderBatch) -> None:
        show = self.rundown.show
        if batch.newest:
            newest = batch.newest[0]
            self.newest.set_full_text(f"{newest.label} —" if newest.label else "")
            self.amount.setText(order_money(newest, show.locale))
        self.total.setText(totals_line(batch.totals.show, batch.totals.currency, show.locale))
        self._highlight(True)
        self._fresh.start(FRESH_MS)
        self.show()

    def set_rundown(self, rundown: Rundown) -> None:
        self.rundown = rundown

    def set_pixel_size(self, pixels: int) -> None:
        self._pixel_size = pixels
        self._highlight(self._fresh.isActive())

    def _highlight(self, fresh: bool) -> None:
        background, colour = ("#0e4a2a", "#ffffff") if fresh else ("#111111", "#c9d1d9")
        self.setStyleSheet(f"PresenterTicker {{ background: {background}; border-radius: 8px; }}")
        self.newest.setStyleSheet(f"font-size: {self._pixel_size}px; color: {colour};")
        self.amount.setStyleSheet(f"font-size: {self._pixel_size}px; font-weight: bold; color: {colour};")
        self.total.setStyleSheet(f"font-size: {self._pixel_size}px; font-weight: bold; color: {GOOD};")
