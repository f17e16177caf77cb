"""The order ticker in a real OBS Studio: a burst of orders through the real desk ends as the last text, throttled."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from obs_harness import EventRecorder, ObsProcess
from test_obs_show import ON_TIME, connection, load, text_of

from studio.show.events import OrderReceived
from studio.app.session import LiveShow
from studio.obs import LinkState, ObsStatus
from studio.obs.ticker import TICKER_INTERVAL_S
from studio.orders.config import OrdersConfig
from studio.orders.model import Item, Order

pytestmark = [pytest.mark.obs, pytest.mark.filterwarnings("error::pytest.PytestUnhandledThreadExceptionWarning")]

BURST = 300
NNBSP, NBSP = "\u202f", "\u00a0"


def test_a_burst_of_orders_reaches_the_ticker_source_throttled(obs: ObsProcess, tmp_path: Path) -> None:
    show = LiveShow(load(tmp_path, ON_TIME.replace("duration: 1.2s", "duration: 1m")), tmp_path / "studio.db",
                    auto_start=False, obs=connection(obs), orders=OrdersConfig(port=None))
    recorder = EventRecorder(show.bus)
    writes: list[tuple[float, str]] = []
    link = show.obs.link
    set_text = link.set_text

    def counted(source: str, text: str):
        if source == "Order Ticker":
            writes.append((time.monotonic(), text))
        return set_text(source, text)
    link.set_text = counted  # type: ignore[method-assign]  # counts, then really sends
    show.run()
    try:
        recorder.wait_for(ObsStatus, lambda s: s.state is LinkState.CONNECTED, timeout=10)
        show.go()
        started = time.monotonic()
        for n in range(BURST):
            show.desk.take(Order(f"T-{n}", "studio", 3490.0, "EUR", (Item("L3", 1, 3490.0),), "serenco",
                                 f"Garage {n}"))
        recorder.wait_for(OrderReceived, lambda e: e.totals.show.orders == BURST, timeout=10)
        expected = f"Garage {BURST - 1} — Lift 3T — 3{NNBSP}490{NBSP}€   ·   Total: {BURST} orders · 1{NNBSP}047{NNBSP}000{NBSP}€"
        deadline = time.monotonic() + 5
        while text_of(link, "Order Ticker") != expected and time.monotonic() < deadline:
            time.sleep(0.05)
        assert text_of(link, "Order Ticker") == expected
        elapsed = time.monotonic() - started
        assert writes[-1][1] == expected
        assert len(writes) <= elapsed / TICKER_INTERVAL_S + 2, (len(writes), elapsed)  # not one per order
        gaps = [b - a for (a, _), (b, _) in zip(writes, writes[1:])]
        assert all(gap >= TICKER_INTERVAL_S - 0.02 for gap in gaps), gaps
    finally:
        show.close()
