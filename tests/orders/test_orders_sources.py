"""Orders from JSONL files and from the simulator, into a real table."""

from __future__ import annotations

import json
import random
import time
from collections import Counter

from shopkit import order_body, published, shop_rundown, stored

from showkit import Recorded
from studio.show.events import Notice
from studio.app.session import LiveShow
from studio.orders.config import OrdersConfig
from studio.orders.sources import JsonlTail, OrderSimulator


def notices_into(messages: list[str]):
    return lambda level, message: messages.append(f"{level}: {message}")


def test_a_jsonl_file_is_followed_line_by_line(desk, tmp_path):
    desk.engine.start()
    path = tmp_path / "orders.jsonl"
    said: list[str] = []
    tail = JsonlTail((path,), desk, notices_into(said))
    assert tail.poll() == 0 and "does not exist yet" in said[0]
    path.write_bytes(order_body("j1") + b"\n" + order_body("j2") + b"\n\n" + b'{"id": "j3", "amount": 0')  # the last is half written
    assert tail.poll() == 2
    with path.open("ab") as file:
        file.write(b', "currency": "EUR", "items": []}\n{"id": "j4", "amount": -1, "currency": "EUR", "items": []}\n')
    assert tail.poll() == 0  # j3 has amount 0, j4 a negative amount: both refused with where they are
    assert said[1:] == [f"warning: {path}:4:1: 'amount' must be more than 0.", f"warning: {path}:5:1: 'amount' must be more than 0."]
    assert [(row["source"], row["order_id"]) for row in stored(desk.engine.recorder.path)] == [("jsonl", "j1"), ("jsonl", "j2")]
    assert tail.poll() == 0  # nothing new


def test_a_replaced_file_and_a_folder_are_read_again_and_replays_are_not_stored_twice(desk, tmp_path):
    desk.engine.start()
    folder = tmp_path / "drop"
    folder.mkdir()
    (folder / "a.jsonl").write_bytes(order_body("a1") + b"\n")
    (folder / "notes.txt").write_text("not orders")
    tail = JsonlTail((folder,), desk, notices_into([]))
    assert tail.poll() == 1
    (folder / "b.jsonl").write_bytes(order_body("b1") + b"\n")
    (tmp_path / "new.jsonl").write_bytes(order_body("a1") + b"\n" + order_body("a2") + b"\n")
    (tmp_path / "new.jsonl").replace(folder / "a.jsonl")  # replaced by an export: read again from its start
    assert tail.poll() == 3
    (folder / "b.jsonl").write_bytes(order_body("b") + b"\n")  # truncated and rewritten, shorter
    assert tail.poll() == 1
    assert [row["order_id"] for row in stored(desk.engine.recorder.path)] == ["a1", "a2", "b1", "b"]


def test_an_order_read_again_with_other_contents_is_told_where_it_is_and_the_first_kept(desk, tmp_path):
    desk.engine.start()
    path = tmp_path / "orders.jsonl"
    path.write_bytes(order_body("k1") + b"\n")
    said: list[str] = []
    tail = JsonlTail((path,), desk, notices_into(said))
    assert tail.poll() == 1
    (tmp_path / "new.jsonl").write_bytes(order_body("k2") + b"\n" + order_body("k1", amount=1.0) + b"\n")
    (tmp_path / "new.jsonl").replace(path)  # a new export where k1 changed
    assert tail.poll() == 2
    assert said == [f"warning: {path}:2:1: the order k1 was stored before with other contents; the first one is kept."]
    assert [(row["order_id"], row["amount"]) for row in stored(desk.engine.recorder.path)] == [("k1", 3490.0), ("k2", 3490.0)]


def test_an_overlong_line_is_skipped_and_the_next_one_taken(desk, tmp_path):
    desk.engine.start()
    path = tmp_path / "orders.jsonl"
    path.write_bytes(b"x" * (3 * 1024 * 1024) + b"\n" + order_body("after") + b"\n")
    said: list[str] = []
    assert JsonlTail((path,), desk, notices_into(said)).poll() == 1
    assert said == [f"warning: {path}:1:1: the line is longer than 1 MiB; skipped."]


def test_the_simulator_sells_what_is_on_air(desk, clock):
    desk.engine.start()
    simulator = OrderSimulator(600, desk, random.Random(7))
    clock.advance(70)  # acme's pitch
    pitch = [simulator.next_order() for _ in range(200)]
    assert all(o is not None for o in pitch)
    skus = Counter(item.sku for o in pitch for item in o.items)
    assert set(skus) == {"A-LIFT", "A-JACK"}
    assert all(o.amount == round(sum(i.qty * i.price for i in o.items), 2) and o.customer for o in pitch)
    assert len({o.order_id for o in pitch}) == 200
    clock.advance(120)  # bolt's pitch
    assert {i.sku for o in (simulator.next_order() for _ in range(50)) for i in o.items} == {"B-TYRE"}
    clock.advance(120)  # the show is over: only a trickle, for anyone
    after = [simulator.next_order() for _ in range(400)]
    assert 0.15 < sum(o is not None for o in after) / 400 < 0.35


def test_the_simulator_arrivals_are_poisson_at_the_rate_asked(desk):
    simulator = OrderSimulator(120, desk, random.Random(3))  # 2 a second: waits average 0.5 s
    waits = [simulator._rng.expovariate(simulator._rate) for _ in range(4000)]
    mean = sum(waits) / len(waits)
    assert 0.47 < mean < 0.53
    assert 0.9 < (sum((w - mean) ** 2 for w in waits) / len(waits)) ** 0.5 / mean < 1.1  # exponential: sd = mean


def test_a_live_show_with_the_simulator_has_a_living_ticker(db_dir):
    show = LiveShow(shop_rundown(), db_dir / "a.db", auto_start=False,
                    orders=OrdersConfig(port=None, simulate_per_minute=1200))
    show.received = Recorded(show.bus)
    show.run()
    show.go()
    show.jump("acme-pitch")
    try:
        events = published(show, 5)
    finally:
        show.close()
    assert len(events) >= 5
    assert all(e.accepted.order.source == "simulator" for e in events)
    rows = stored(show.db_path)
    assert {row["exhibitor_id"] for row in rows} <= {"acme", "bolt"} and len(rows) >= 5
    assert not [n for n in show.received.of(Notice) if n.level == "error"]


def test_jsonl_from_the_command_line_options(db_dir, tmp_path):
    path = tmp_path / "orders.jsonl"
    path.write_text(json.dumps({"id": "x1", "amount": 12.5, "currency": "EUR", "items": []}) + "\n")
    show = LiveShow(shop_rundown(), db_dir / "a.db", auto_start=False, orders=OrdersConfig(port=None, files=(path,)))
    show.run()
    try:
        deadline = time.monotonic() + 5
        while not stored(show.db_path) and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        show.close()
    assert [(row["source"], row["order_id"]) for row in stored(show.db_path)] == [("jsonl", "x1")]
