"""The OBS order ticker on the fake clock: text, throttle (at most 4 updates a second), wiring in ObsDirector."""

from __future__ import annotations

from datetime import timedelta

import pytest
from orderkit import T0, OrderFeed
from test_obs_director_unit import director, with_obs  # noqa: F401 (a fixture)

from showkit import make_rundown, seg
from studio.show.clock import FakeClock
from studio.obs.ticker import TICKER_INTERVAL_S, Throttle
from studio.orders.lines import ticker_text


def test_the_ticker_text_is_the_newest_order_and_the_show_total() -> None:
    feed = OrderFeed()
    feed.next()
    event = feed.next()
    assert ticker_text(event, "fr-FR") == ("Carrosserie Martin — Pont élévateur 4T — 4\u202f290,50\u00a0€"
                                           "   ·   Total: 2 orders · 7\u202f780,50\u00a0€")
    assert ticker_text(event, "en-GB") == "Carrosserie Martin — Pont élévateur 4T — €4,290.50   ·   Total: 2 orders · €7,780.50"


def test_one_order_says_order_not_orders() -> None:
    assert "Total: 1 order · 3\u202f490\u00a0€" in ticker_text(OrderFeed().next(), "fr-FR")


class Written:
    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.values: list[tuple[float, int]] = []

    def __call__(self, value: int) -> None:
        self.values.append((round(self.clock.monotonic() - 1000.0, 3), value))


def test_a_single_value_is_written_at_once(clock: FakeClock) -> None:
    written = Written(clock)
    Throttle(written, clock, clock, 0.25).offer(1)
    assert written.values == [(0.0, 1)]


def test_a_burst_is_one_write_per_interval_with_the_newest_value_and_the_last_always(clock: FakeClock) -> None:
    written = Written(clock)
    throttle = Throttle(written, clock, clock, TICKER_INTERVAL_S)
    for n in range(1, 1001):  # 1,000 values a second for one second
        throttle.offer(n)
        clock.advance(0.001)
    clock.advance(1.0)
    times = [at for at, _ in written.values]
    assert times == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert [value for _, value in written.values] == [1, 251, 501, 751, 1000]  # the newest at each write; the last
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert min(gaps) >= TICKER_INTERVAL_S


def test_a_value_after_a_quiet_spell_goes_at_once_and_nothing_is_written_twice(clock: FakeClock) -> None:
    written = Written(clock)
    throttle = Throttle(written, clock, clock, 0.25)
    throttle.offer(1)
    clock.advance(0.1)
    throttle.offer(2)
    clock.advance(5)
    throttle.offer(3)
    clock.advance(5)
    assert written.values == [(0.0, 1), (0.25, 2), (5.1, 3)]


@pytest.mark.parametrize("per_second", [4, 20, 1000])
def test_never_more_than_four_writes_in_any_second(clock: FakeClock, per_second: int) -> None:
    written = Written(clock)
    throttle = Throttle(written, clock, clock, TICKER_INTERVAL_S)
    for n in range(per_second * 3):
        throttle.offer(n)
        clock.advance(1 / per_second)
    clock.advance(1)
    times = [at for at, _ in written.values]
    assert all(sum(1 for t in times if start <= t < start + 1 - 1e-9) <= 4 for start in times)
    assert written.values[-1][1] == per_second * 3 - 1


def test_the_director_writes_the_ticker_source_throttled(director, clock: FakeClock) -> None:  # noqa: F811
    rundown = with_obs(make_rundown(seg("pitch", 60, exhibitor="serenco")), ticker="Order Ticker")
    _, engine, link, _ = director(rundown)
    engine.start()
    feed = OrderFeed()
    for n in range(100):
        engine.bus.publish(feed.next(clock.monotonic(), at=T0 + timedelta(milliseconds=10 * n)))
        clock.advance(0.01)  # 100 orders a second for one second
    clock.advance(1)
    texts = [text for _, source, text in link.of("text") if source == "Order Ticker"]
    assert len(texts) == 5  # at 0, 0.25, 0.5, 0.75, 1.0
    assert texts[-1].endswith("Total: 100 orders · 266\u202f483,50\u00a0€")


def test_without_a_ticker_source_nothing_is_sent(director, clock: FakeClock) -> None:  # noqa: F811
    rundown = with_obs(make_rundown(seg("pitch", 60)))
    _, engine, link, _ = director(rundown)
    engine.start()
    before = len(link.sent)
    engine.bus.publish(OrderFeed().next())
    clock.advance(1)
    assert link.sent[before:] == []
