"""Report figures against a known log: a real engine on a fake clock, a real SQLite file, real orders rows."""

from __future__ import annotations

import tracemalloc
from datetime import datetime, time, timedelta, timezone
from pathlib import Path

import pytest

from showkit import SHOW_DAY, make_rundown, seg
from studio.storage.asrun import AsRunLog
from studio.show.clock import FakeClock
from studio.show.engine import Engine
from studio.show.events import EventBus, Notice
from studio.rundown.loader import load_rundown
from studio.orders.model import AcceptedOrder, Item, Order
from studio.orders.store import create_orders_table, insert_one
from studio.report.figures import Sales, compute
from studio.report.log import ReportError, read_show
from studio.report.look import look_of

KNOWN_RUNDOWN = """\
show:
  title: Salon test
  timezone: Europe/Paris
  start: "19:00:00"
  currency: EUR
  locale: fr-FR
exhibitors:
  - id: acme
    name: Acme Lifts
    products:
      - {sku: AC-3T, name: Pont 3T, price: 1000}
  - id: bolt
    name: Bolt & Co
segments:
  - {id: opening, title: Opening, duration: 60s, end: auto}
  - {id: acme-pitch, title: Acme pitch, exhibitor: acme, duration: 2m, end: hold}
  - {id: bolt-demo, title: Bolt demo, exhibitor: bolt, duration: 90s, end: auto}
  - {id: acme-demo, title: Acme demo, exhibitor: acme, duration: 60s, end: auto}
  - {id: closing, title: Clôture — merci, duration: 30s, end: hold}
"""

def add_orders(log: AsRunLog, *orders: tuple[float, str, float, str, str | None, str | None, int]) -> None:
    """Orders stored as the orders intake stores them: (seconds after SHOW_DAY, id, amount, currency, exhibitor,
    segment, show); each is one line of one item named after its exhibitor."""
    def accepted(at: float, order_id: str, amount: float, currency: str, exhibitor: str | None, segment: str | None,
                 show_id: int) -> AcceptedOrder:
        when = SHOW_DAY + timedelta(seconds=at)
        order = Order(order_id, "simulator", amount, currency, (Item("AC-3T", 1, amount, f"Item {exhibitor}"),),
                      exhibitor, f"Garage {order_id}", when, "{}")
        return AcceptedOrder(order, when, exhibitor, segment, show_id, "")

    def work(db) -> None:
        create_orders_table(db)
        for order in orders:
            insert_one(db, accepted(*order))
    log.writer.call(work)


def run_known_show(build, clock, log: AsRunLog, folder: Path) -> int:
    """The show every figure below is checked against (t = seconds after the 19:00 Paris start):

    0 opening (auto 60) · 60 acme-pitch (hold 120, +30 at 100, overtime at 210, GO at 240: +60)
    · 240 bolt-demo (planned 180; acme-demo skipped at 250; paused 260-280; auto end 350: +20)
    · 350 closing (planned 330, hold 30, overtime at 380, GO at 390: +10) · end 390 vs planned 360.
    OBS lost at 150, back at 170.
    """
    path = folder / "salon.yaml"
    path.write_text(KNOWN_RUNDOWN, encoding="utf-8")
    engine, _ = build(load_rundown(path))
    log.follow(engine.bus, lambda: engine.show_id, engine.anchor.wall_at)
    t0 = clock.monotonic()
    at = lambda t: clock.advance_to(t0 + t)  # noqa: E731
    engine.start()
    at(100)
    engine.extend(30)
    at(150)
    engine.bus.publish(Notice(clock.monotonic(), "warning", "OBS lost — retrying in 2 s", "obs"))
    at(160)
    engine.bus.publish(Notice(clock.monotonic(), "info", "OBS switch latency 40 ms", "obs"))
    at(170)
    engine.bus.publish(Notice(clock.monotonic(), "info", "OBS connected (ws://127.0.0.1:4455)", "obs"))
    at(240)
    engine.go()
    at(250)
    engine.skip()
    at(260)
    engine.pause()
    at(280)
    engine.resume()
    at(390)
    engine.go()
    assert engine.ended
    add_orders(log,
               (100, "1", 1000.0, "EUR", "acme", "acme-pitch", engine.show_id),
               (200, "2", 500.5, "EUR", "acme", "acme-pitch", engine.show_id),
               (300, "3", 300.0, "EUR", "bolt", "bolt-demo", engine.show_id),
               (320, "4", 50.0, "USD", "bolt", "bolt-demo", engine.show_id),
               (500, "5", 200.0, "EUR", "acme", None, engine.show_id),
               (510, "6", 80.0, "EUR", None, None, engine.show_id),
               (600, "7", 999.0, "EUR", "acme", None, engine.show_id + 1))
    log.writer.call(lambda db: None)
    return engine.show_id


@pytest.fixture
def known(build, clock, log, db_dir):
    show_id = run_known_show(build, clock, log, db_dir)
    shown = read_show(log.path, show_id)
    return compute(shown, look_of(shown).currency)


def test_segments_have_planned_and_actual_times_and_durations(known) -> None:
    lines = {line.segment_id: line for line in known.segments}
    assert [line.segment_id for line in known.segments] == ["opening", "acme-pitch", "bolt-demo", "acme-demo", "closing"]
    assert [(line.status, line.planned_duration_s, line.actual_duration_s, line.over_under_s) for line in known.segments] == [
        ("aired", 60, 60, 0), ("aired", 120, 180, 60), ("aired", 90, 110, 20), ("skipped", 60, 0, -60), ("aired", 30, 40, 10)]
    pitch = lines["acme-pitch"]
    assert (pitch.planned_start, pitch.actual_start, pitch.actual_end) == (
        SHOW_DAY + timedelta(seconds=60), SHOW_DAY + timedelta(seconds=60), SHOW_DAY + timedelta(seconds=240))
    assert (pitch.extended_s, pitch.ended_by, pitch.exhibitor_id) == (30, "go", "acme")
    assert lines["bolt-demo"].planned_start == SHOW_DAY + timedelta(seconds=180)
    assert lines["acme-demo"].actual_start is None and lines["acme-demo"].ended_by == "skip"


def test_drift_at_each_start_and_at_the_end(known) -> None:
    assert [(point.label, (point.at - SHOW_DAY).total_seconds(), point.drift_s) for point in known.drift] == [
        ("opening", 0, 0), ("acme-pitch", 60, 0), ("bolt-demo", 240, 60), ("closing", 350, 20), ("end", 390, 30)]
    assert known.final_drift_s == 30
    assert known.planned_end == SHOW_DAY + timedelta(seconds=360)


def test_incidents_are_obs_lost_and_back_overtime_and_director_actions(known) -> None:
    assert [((i.at - SHOW_DAY).total_seconds(), i.category, i.kind, i.segment_id) for i in known.incidents] == [
        (100, "director", "extend", "acme-pitch"),
        (150, "OBS", "obs.warning", "acme-pitch"),
        (170, "OBS", "obs.info", "acme-pitch"),
        (210, "timing", "overtime", "acme-pitch"),
        (250, "director", "skip", "acme-demo"),
        (260, "director", "pause", "bolt-demo"),
        (280, "director", "resume", "bolt-demo"),
        (380, "timing", "overtime", "closing"),
    ]
    texts = [incident.text for incident in known.incidents]
    assert texts == ["+00:30 added", "OBS lost — retrying in 2 s", "OBS connected (ws://127.0.0.1:4455)",
                     "Reached zero and ran into overtime; ended +01:00 against plan", "Skipped before it aired", "Paused",
                     "Resumed after a pause of 00:20", "Reached zero and ran into overtime; ended +00:10 against plan"]


def test_orders_and_revenue_per_segment_exhibitor_and_show(known) -> None:
    sales = {line.segment_id: (line.sales.orders, line.sales.revenue) for line in known.segments}
    assert sales == {"opening": (0, 0), "acme-pitch": (2, 1500.5), "bolt-demo": (1, 300), "acme-demo": (0, 0), "closing": (0, 0)}
    assert (known.sales.orders, known.sales.revenue, known.sales.average) == (5, 2080.5, 416.1)
    assert (known.outside.orders, known.outside.revenue) == (2, 280)
    assert (known.unattributed.orders, known.unattributed.revenue) == (1, 80)
    assert known.other_currency_orders == 1  # the USD order: counted apart, never added to euros
    acme, bolt = known.exhibitors
    assert (acme.exhibitor_id, acme.sales.orders, acme.sales.revenue, acme.sales.average) == ("acme", 3, 1700.5, 1700.5 / 3)
    assert (acme.air_time_s, acme.planned_air_time_s) == (180, 180)
    assert [line.segment_id for line in acme.segments] == ["acme-pitch", "acme-demo"]
    assert [(p.name, p.quantity, p.revenue) for p in acme.products] == [("Item acme", 3, 1700.5)]
    assert acme.by_segment == {"acme-pitch": Sales(2, 1500.5), "acme-demo": Sales(0, 0)}
    assert acme.outside == Sales(1, 200)
    assert [i.kind for i in acme.incidents] == ["extend", "obs.warning", "obs.info", "overtime", "skip"]
    assert (bolt.exhibitor_id, bolt.sales.orders, bolt.sales.revenue, bolt.air_time_s) == ("bolt", 1, 300, 110)


def test_best_slots_rank_revenue_per_minute_on_air(known) -> None:
    assert [(line.segment_id, round(line.revenue_per_minute, 3)) for line in known.best_slots] == [
        ("acme-pitch", round(1500.5 / 3, 3)), ("bolt-demo", round(300 / (110 / 60), 3))]


def test_the_look_comes_from_the_rundown_file_and_falls_back_without_it(build, clock, log, db_dir) -> None:
    show_id = run_known_show(build, clock, log, db_dir)
    shown = read_show(log.path, show_id)
    look = look_of(shown)
    assert (look.timezone, look.locale, look.currency, look.exhibitor("bolt")) == ("Europe/Paris", "fr-FR", "EUR", "Bolt & Co")
    assert look.time(SHOW_DAY) == "19:00:00"
    assert look.money(1500.5) == "1\u202f500,50\xa0€"
    (db_dir / "salon.yaml").unlink()
    gone = look_of(shown)
    assert (gone.timezone, gone.locale, gone.currency, gone.exhibitor("bolt"), gone.rundown_found) == ("UTC", "fr-FR", "EUR", "bolt", False)


def test_a_segment_aired_twice_is_one_line_with_its_air_time_summed(build, clock, log, db_dir) -> None:
    path = db_dir / "twice.yaml"
    path.write_text(KNOWN_RUNDOWN, encoding="utf-8")
    engine, _ = build(load_rundown(path))
    engine.start()
    clock.advance(60)   # opening -> acme-pitch (auto)
    clock.advance(10)
    engine.back()       # acme-pitch -> opening
    clock.advance(20)
    engine.go()         # opening -> acme-pitch again
    clock.advance(5)
    log.writer.call(lambda db: None)
    report = compute(read_show(log.path), "EUR")
    opening, pitch = report.segments
    assert (opening.runs, opening.actual_duration_s, opening.over_under_s, opening.ended_by) == (2, 80, 20, "go")
    assert (pitch.runs, pitch.status, pitch.actual_start) == (2, "unfinished", SHOW_DAY + timedelta(seconds=60))
    assert pitch.actual_duration_s == 10  # the log's last sign of life is the last transition, at t = 90
    assert [(p.label, p.drift_s) for p in report.drift] == [("opening", 0), ("acme-pitch", 0), ("opening", 70), ("acme-pitch", 30)]
    assert report.final_drift_s == 30
    assert [(i.kind, i.segment_id, i.text) for i in report.incidents] == [("back", "acme-pitch", "Back to the segment before")]


def test_no_show_unknown_show_missing_file_and_not_a_database(db_dir, log) -> None:
    log.writer.call(lambda db: None)
    with pytest.raises(ReportError, match="has no show yet"):
        read_show(log.path)
    log.open_show("First", "/x.yaml", datetime(2026, 11, 5, 18, tzinfo=timezone.utc), ())
    log.open_show("Second", "/y.yaml", datetime(2026, 11, 6, 18, tzinfo=timezone.utc), ())
    log.writer.flush()  # the log does not wait on the database: written once the writer gets to it
    assert read_show(log.path).show.title == "Second"
    with pytest.raises(ReportError) as error:
        read_show(log.path, 9)
    assert str(error.value) == f"There is no show 9 in {log.path}. Shows: 1 = First, 2026-11-05; 2 = Second, 2026-11-06."
    with pytest.raises(ReportError, match="There is no as-run database at"):
        read_show(db_dir / "missing.db")
    (db_dir / "notes.db").write_text("not sqlite", encoding="utf-8")
    with pytest.raises(ReportError, match="Cannot read the as-run database"):
        read_show(db_dir / "notes.db")


def test_a_hard_start_and_a_restart_are_incidents_and_the_dropped_segment_is_skipped(db_dir, clock, log) -> None:
    rundown = make_rundown(seg("a", 60, end="hold"), seg("b", 60), seg("c", 60, start=time(19, 1, 30)), seg("d", 60),
                           start=time(19, 0))
    engine = Engine(rundown, clock=clock, timers=clock, bus=EventBus(), recorder=log, planned_start=clock.wall())
    engine.start()
    clock.advance(120)  # a runs over, the hard start of c cuts it at 90 and drops b
    log.heartbeat(engine.show_id, clock.wall())
    log.close()  # killed here; studio comes back 30 s later
    later = FakeClock(clock.wall() + timedelta(seconds=30), mono=50.0)
    log2 = AsRunLog(log.path)
    try:
        bus = EventBus()
        restarted = Engine(rundown, clock=later, timers=later, bus=bus, recorder=log2, planned_start=SHOW_DAY)
        log2.follow(bus, lambda: restarted.show_id, restarted.anchor.wall_at)
        restarted.restore(log2.resume_point(str(rundown.path.resolve())))
        later.advance(60)
        log2.writer.call(lambda db: None)
    finally:
        log2.close()
    report = compute(read_show(log.path), "EUR")
    assert [(i.kind, (i.at - SHOW_DAY).total_seconds(), i.segment_id, i.text) for i in report.incidents] == [
        ("overtime", 60, "a", "Reached zero and ran into overtime; ended +00:30 against plan"),
        ("hard_start", 90, "c", "Hard start: cut the segment on air and dropped B"),
        ("resumed", 150, "d", "studio restarted after a gap of 00:30; the show clock kept running"),
    ]
    assert [(line.segment_id, line.status, line.ended_by, line.actual_duration_s) for line in report.segments] == [
        ("a", "aired", "hard", 90), ("b", "skipped", "skip", 0), ("c", "aired", "resume", 60), ("d", "aired", "auto", 60)]
    assert [(p.label, p.drift_s) for p in report.drift] == [("a", 0), ("c", 0), ("d", 0), ("end", 0)]


def store_orders(log: AsRunLog, show_id: int, *orders: tuple[str, str, str | None, tuple[Item, ...]]) -> None:
    """Orders (id, currency, exhibitor, items) of `show_id`, each one minute after the last, amount = its lines' sum."""
    def work(db) -> None:
        create_orders_table(db)
        for n, (order_id, currency, exhibitor, items) in enumerate(orders):
            when = SHOW_DAY + timedelta(minutes=n)
            order = Order(order_id, "simulator", sum(i.qty * i.price for i in items) or 1.0, currency, items, exhibitor, None, when)
            insert_one(db, AcceptedOrder(order, when, exhibitor, None, show_id, ""))
    log.writer.call(work)


def test_products_are_summed_in_sql_by_name_else_sku_per_exhibitor_in_the_report_currency(build, clock, log, db_dir) -> None:
    show_id = run_known_show(build, clock, log, db_dir)
    store_orders(log, show_id,
                 ("p1", "EUR", "bolt", (Item("BT-1", 2, 10.5, "Clé"), Item("BT-2", 1, 4.0, None), Item(None, 3, 1.0, ""))),
                 ("p2", "EUR", "bolt", (Item("BT-1", 1, 10.5, "Clé"), Item("BT-2", 2, 4.0, ""))),
                 ("p3", "USD", "bolt", (Item("BT-1", 5, 10.5, "Clé"),)),  # another currency: never added
                 ("p4", "EUR", None, (Item("ZZ", 9, 9.0, "Nobody's"),)),  # no exhibitor: no product page
                 ("p5", "EUR", "bolt", ()))
    log.writer.call(lambda db: db.execute("""UPDATE orders SET items = '[5, "x"]' WHERE order_id = 'simulator:p5'"""))
    report = compute(read_show(log.path, show_id), "EUR")
    bolt = report.exhibitor("bolt")
    assert [(p.name, p.quantity, p.revenue) for p in bolt.products] == [
        ("Item bolt", 1, 300.0), ("Clé", 3, 31.5), ("BT-2", 3, 12.0), ("?", 3, 3.0)]
    assert (bolt.sales.orders, bolt.sales.revenue) == (4, 300 + 28.0 + 18.5 + 1)  # p5's lines are no product: "?", none sold
    assert report.other_currency_orders == 2 and report.unattributed.orders == 2


def test_order_lines_that_are_not_json_are_a_sentence_not_a_traceback(build, clock, log, db_dir) -> None:
    show_id = run_known_show(build, clock, log, db_dir)
    log.writer.call(lambda db: db.execute("UPDATE orders SET items = '[{\"sku\": ' WHERE order_id = '3'"))
    with pytest.raises(ReportError, match=rf"^Cannot read the orders of show {show_id} in .*studio.db: malformed JSON\.$"):
        read_show(log.path, show_id)


def test_python_memory_does_not_grow_with_the_number_of_orders(build, clock, log, db_dir) -> None:
    """Orders are summed by SQLite: ten times the orders, the same Python objects (the report once held every row)."""
    show_id = run_known_show(build, clock, log, db_dir)

    def peak_after(count: int) -> int:
        segments = ["acme-pitch", "bolt-demo", None]
        def work(db) -> None:
            for n in range(count):
                when = SHOW_DAY + timedelta(seconds=n % 3600)
                items = (Item("AC-3T", 1 + n % 3, 10.0, "Pont 3T"), Item("BT-9", 1, 2.5, None))
                order = Order(f"m{count}-{n}", "simulator", 12.5, "EUR", items, "acme", None, when)
                insert_one(db, AcceptedOrder(order, when, "acme", segments[n % 3], show_id, ""))
        log.writer.call(work)
        tracemalloc.start()
        try:
            report = compute(read_show(log.path, show_id), "EUR")
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
            assert report.exhibitor("acme").products[0].name == "Pont 3T"

    small = peak_after(1_000)
    large = peak_after(10_000)  # 11,000 orders now
    assert large < small * 1.2 + 100_000, (small, large)


def test_busiest_minutes_count_orders_per_minute_in_the_currency_with_the_segment_on_air(known) -> None:
    assert [((m.at - SHOW_DAY).total_seconds(), m.sales, m.segment_id) for m in known.busiest_minutes] == [
        (480, Sales(2, 280), None),  # orders 5 and 6 at 19:08:20 and 19:08:30, after the show
        (60, Sales(1, 1000), "acme-pitch"), (180, Sales(1, 500.5), "acme-pitch"), (300, Sales(1, 300), "bolt-demo")]


def test_a_show_cut_off_lists_the_segments_it_never_reached_from_its_rundown(build, clock, log, db_dir) -> None:
    path = db_dir / "cut.yaml"
    path.write_text(KNOWN_RUNDOWN, encoding="utf-8")
    engine, _ = build(load_rundown(path))
    engine.start()
    clock.advance(90)  # on air: acme-pitch, when the process dies
    log.writer.call(lambda db: None)
    shown = read_show(log.path)
    report = compute(shown, "EUR", look_of(shown).planned)
    assert [(line.segment_id, line.status, line.planned_start - SHOW_DAY, line.over_under_s) for line in report.segments] == [
        ("opening", "aired", timedelta(0), 0), ("acme-pitch", "unfinished", timedelta(seconds=60), -120),  # no sign of life since its start
        ("bolt-demo", "not reached", timedelta(seconds=180), -90), ("acme-demo", "not reached", timedelta(seconds=270), -60),
        ("closing", "not reached", timedelta(seconds=330), -30)]
    engine.go(), engine.go(), engine.go(), engine.go()  # the show ends: every segment has its row, none is added
    log.writer.call(lambda db: None)
    ended = read_show(log.path)
    assert [line.status for line in compute(ended, "EUR", look_of(ended).planned).segments] == [
        "aired", "cut short", "cut short", "cut short", "cut short"]


def test_orders_taken_before_go_have_no_show_id_and_count_for_the_next_show_to_start(build, clock, log, db_dir) -> None:
    show_id = run_known_show(build, clock, log, db_dir)  # first take at SHOW_DAY (18:00 UTC)
    log.writer.call(lambda db: db.execute("INSERT INTO shows (id, title, planned_start, started_at) VALUES "
                                          "(?, 'Evening', '2026-11-05T19:00:00.000Z', '2026-11-05T19:00:00.000Z')",
                                          [show_id + 1]))
    before = compute(read_show(log.path, show_id), "EUR")
    add_orders(log, (-30, "pre-1", 10.0, "EUR", "acme", None, None), (-20, "pre-2", 20.0, "EUR", None, None, None),
               (1800, "pre-evening", 40.0, "EUR", "bolt", None, None), (3610, "skewed", 80.0, "EUR", None, None, None))
    first = compute(read_show(log.path, show_id), "EUR")
    assert (before.pre_show, first.pre_show) == (Sales(), Sales(2, 30.0))
    assert (first.sales.orders, first.sales.revenue) == (before.sales.orders + 2, before.sales.revenue + 30)
    assert first.exhibitor("acme").sales.orders == before.exhibitor("acme").sales.orders + 1
    evening = compute(read_show(log.path, show_id + 1), "EUR")
    # the 999 EUR order stamped with its id (received before its first take), then the two without an id
    assert (evening.pre_show, evening.sales) == (Sales(3, 1119.0), Sales(3, 1119.0))
