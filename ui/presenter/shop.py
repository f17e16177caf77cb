"""The presenter's shop lines: the on-air exhibitor's target and "only 3 left", from the orders' totals.

What it says is computed by studio/shop/stock.py, as for the browser views and the report; it is
hidden while the segment on air has no exhibitor with a target or counted stock.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from studio.orders.totals import TotalsSnapshot
from studio.rundown.model import Rundown
from studio.show.snapshot import ShowState
from studio.shop.stock import ProductStock, shop_of

from ui.bridge import OrderBatch
from ui.widgets.theme import BAD, GOOD, WARN

COLOURS = {"sold_out": BAD, "low": WARN}


class ShopLine(QWidget):
    """Two centred lines, each cut rather than wrapped (the countdown's room never shrinks): the target, the stock."""

    def __init__(self, rundown: Rundown) -> None:
        super().__init__()
        self.goal, self.stock = QLabel(""), QLabel("")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        for line in (self.goal, self.stock):
            line.setObjectName("presenterShop")
            line.setAlignment(Qt.AlignmentFlag.AlignCenter)
            line.setTextFormat(Qt.TextFormat.RichText)
            line.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # never widens the window
            layout.addWidget(line)
        self.rundown = rundown
        self._exhibitors = {segment.id: segment.exhibitor for segment in rundown.segments}
        self.exhibitor: str | None = None
        self._totals: TotalsSnapshot | None = None
        self.hide()

    def text(self) -> str:
        """Both lines' rich text (for tests and the log)."""
        return f"{self.goal.text()}\n{self.stock.text()}"

    def set_rundown(self, rundown: Rundown) -> None:
        self.rundown = rundown
        self._exhibitors = {segment.id: segment.exhibitor for segment in rundown.segments}
        self._show()

    def show_orders(self, batch: OrderBatch) -> None:
        self.set_totals(batch.totals)

    def set_totals(self, totals: TotalsSnapshot) -> None:
        """The orders' totals now (a resumed show's so far, before any new order)."""
        self._totals = totals
        self._show()

    def show_state(self, state: ShowState) -> None:
        timing = state.on_air_timing
        exhibitor = None if timing is None else self._exhibitors.get(timing.segment_id)
        if exhibitor != self.exhibitor:
            self.exhibitor = exhibitor
            self._show()

    def set_pixel_size(self, px: int) -> None:
        self.setStyleSheet(f"QLabel {{ font-size: {px}px; }}")

    def _show(self) -> None:
        shop = None if self.exhibitor is None else shop_of(self.rundown, self.exhibitor, self._totals)
        self.setVisible(shop is not None)
        if shop is None:
            return
        show = self.rundown.show
        colour = GOOD if shop.met else WARN
        goal = shop.target_words(show.currency, show.locale)
        self.goal.setText(f'<b style="color:{colour}">{escape(goal)}</b>' if goal else "")
        self.goal.setVisible(bool(goal))
        self.stock.setText(" &nbsp;·&nbsp; ".join(map(_stock_html, shop.products)))
        self.stock.setVisible(bool(shop.products))


def _stock_html(product: ProductStock) -> str:
    words = escape(f"{product.name}: {product.words}")
    tint = COLOURS.get(product.status)
    return f'<b style="color:{tint}">{words}</b>' if tint else words
