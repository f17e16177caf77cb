"""`studio forget EMAIL --orders-redis URL` (or the setting orders_redis) deletes the person's entries from the relay's
stream once every studio has stored them; without a relay nothing is said about Redis. Against a real redis-server, real HTTP on loopback, real
SQLite."""

from __future__ import annotations

import json
from pathlib import Path

import redis
from leads.leadkit import BOB, lead_body, leads, with_consent
from orders.shopkit import Shop, order_body, stored
from relaykit import STREAM, all_read
from showkit import wait_until

from studio.app.cli import main

ROOT = Path(__file__).resolve().parents[2]

ALICE_MAIL = "Alice.Durand@Example.org"  # any case
JOSE_MAIL = "josé.martin@example.org"


def bodies(broker) -> list[bytes]:
    return [fields[b"body"] for _, fields in redis.Redis.from_url(broker.url).xrange(STREAM)]


def naming(broker, address: str) -> int:
    return sum(address.lower().encode() in body.lower() for body in bodies(broker))


def test_forget_deletes_the_stored_entries_naming_the_person_and_keeps_those_a_studio_has_not_stored(
        broker, relay, studio, capsys, monkeypatch, db_dir):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(db_dir))  # no settings file: the stream setting is its default
    show, shop = studio(), Shop(relay.url)
    assert shop.post("/leads", lead_body()).status == 202  # Alice, with consent
    assert shop.post("/leads", lead_body(BOB)).status == 202
    assert shop.post("/orders", order_body("A-1", consent=True, contact={"name": "Alice", "email": "ALICE.DURAND@example.org"})).status == 202
    assert shop.post("/orders", with_consent(order_body("A-2"), "studio")).status == 202  # Chloé's
    jose = json.dumps({"id": "L-7", "kind": "call_back", "consent": True, "email": JOSE_MAIL})  # \u00e9, as PHP sends it
    assert shop.post("/leads", jose.encode()).status == 202
    assert wait_until(lambda: all_read(broker) and len(stored(show.db_path)) == 2 and len(leads(show.db_path)) == 5)
    show.close()
    assert shop.post("/leads", lead_body(id="L-9")).status == 202  # Alice again, while no studio reads the stream

    assert main(["forget", ALICE_MAIL, "--db", str(show.db_path), "--orders-redis", broker.url, "--stream", STREAM]) == 0
    said = capsys.readouterr().out.splitlines()
    assert said[0].startswith(f"Forgot {ALICE_MAIL}: 2 leads deleted, the contact details and payload of 1 order erased")
    assert said[1:] == [f"The relay's stream {STREAM} at {broker.url}: 2 entries naming the address deleted; 1 more, not "
                        "yet stored by every studio, kept: run this again once the studios have read the stream."]
    assert naming(broker, ALICE_MAIL) == 1 and json.loads(bodies(broker)[-1])["id"] == "L-9"  # not lost: kept
    assert naming(broker, BOB["email"]) == 1 and naming(broker, "chloe@example.com") == 1

    assert main(["forget", JOSE_MAIL.upper(), "--db", str(show.db_path), "--orders-redis", broker.url, "--stream",
                 STREAM]) == 0
    assert capsys.readouterr().out.splitlines()[1].startswith(f"The relay's stream {STREAM} at {broker.url}: 1 entry naming")
    assert not any(b"L-7" in body for body in bodies(broker))

    again = studio()  # a studio reads the waiting one; then it can go too
    assert wait_until(lambda: all_read(broker) and any(row["lead_id"] == "L-9" for row in leads(again.db_path)))
    assert main(["forget", ALICE_MAIL, "--db", str(again.db_path), "--orders-redis", broker.url]) == 0  # stream: the setting
    assert capsys.readouterr().out.splitlines()[1] == (
        f"The relay's stream studio-orders at {broker.url}: 0 entries naming the address deleted.")  # another stream
    assert main(["forget", ALICE_MAIL, "--db", str(again.db_path), "--orders-redis", broker.url, "--stream", STREAM]) == 0
    assert capsys.readouterr().out.splitlines()[1].endswith(": 1 entry naming the address deleted.")
    assert naming(broker, ALICE_MAIL) == 0 and len(bodies(broker)) == 2  # Bob's lead, Chloé's order


def test_an_entry_another_group_has_not_acknowledged_is_kept(broker, relay, studio, capsys):
    show, shop = studio(), Shop(relay.url)
    archive = redis.Redis.from_url(broker.url)
    archive.xgroup_create(STREAM, "archive", id="0", mkstream=True)  # a second reader of the stream
    assert shop.post("/leads", lead_body()).status == 202
    assert wait_until(lambda: all_read(broker) and len(leads(show.db_path)) == 1)
    [(_, [(entry_id, _)])] = archive.xreadgroup("archive", "reader", {STREAM: ">"})  # given, not acknowledged
    forget = ["forget", ALICE_MAIL, "--db", str(show.db_path), "--orders-redis", broker.url, "--stream", STREAM]
    assert main(forget) == 0
    assert "0 entries naming the address deleted; 1 more, not yet stored by every studio, kept" in capsys.readouterr().out
    archive.xack(STREAM, "archive", entry_id)
    assert main(forget) == 0
    assert "1 entry naming the address deleted." in capsys.readouterr().out
    assert archive.xlen(STREAM) == 0


def settings(folder: Path, **values: str) -> None:
    """`settings.json` under XDG_CONFIG_HOME=folder, as the console or a hand would write it."""
    (folder / "studio").mkdir(parents=True, exist_ok=True)
    (folder / "studio" / "settings.json").write_text(json.dumps({"version": 1, "settings": values}), encoding="utf-8")


def test_the_relay_s_redis_and_stream_can_come_from_the_settings(broker, relay, studio, capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    settings(tmp_path, orders_redis=broker.url, orders_redis_stream=STREAM)
    show, shop = studio(), Shop(relay.url)
    assert shop.post("/leads", lead_body()).status == 202
    assert wait_until(lambda: all_read(broker) and len(leads(show.db_path)) == 1)
    assert main(["forget", ALICE_MAIL, "--db", str(show.db_path)]) == 0
    assert capsys.readouterr().out.splitlines()[1] == f"The relay's stream {STREAM} at {broker.url}: 1 entry naming the address deleted."
    assert naming(broker, ALICE_MAIL) == 0


def test_a_setting_that_is_no_redis_url_is_a_sentence_and_erases_nothing(broker, relay, studio, capsys, monkeypatch,
                                                                        tmp_path):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    settings(tmp_path, orders_redis="relay.example.com:6379")
    show, shop = studio(), Shop(relay.url)
    assert shop.post("/leads", lead_body()).status == 202
    assert wait_until(lambda: all_read(broker) and len(leads(show.db_path)) == 1)
    assert main(["forget", ALICE_MAIL, "--db", str(show.db_path)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err == ("studio: the setting orders_redis: 'relay.example.com:6379' is not a Redis URL "
                                 "(redis://HOST:PORT/DB, rediss:// or unix://)\n")
    assert len(leads(show.db_path)) == 1  # said before anything was erased: run it again with the setting put right
    assert main(["run", str(ROOT / "schedules" / "demo.yaml"), "--headless", "--db", str(tmp_path / "run.db")]) == 2
    assert "the setting orders_redis: 'relay.example.com:6379' is not a Redis URL" in capsys.readouterr().err


def test_without_a_relay_nothing_is_said_about_redis(broker, relay, studio, capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))  # no settings file: no orders_redis
    show, shop = studio(), Shop(relay.url)
    assert shop.post("/leads", lead_body()).status == 202
    assert wait_until(lambda: all_read(broker) and len(leads(show.db_path)) == 1)
    assert main(["forget", ALICE_MAIL, "--db", str(show.db_path)]) == 0
    out, err = capsys.readouterr()
    assert out.startswith(f"Forgot {ALICE_MAIL}: 1 lead deleted") and len(out.splitlines()) == 1
    assert "redis" not in (out + err).lower() and "stream" not in (out + err).lower()
    assert naming(broker, ALICE_MAIL) == 1  # untouched


def test_a_redis_that_does_not_answer_is_a_sentence_after_the_database_is_erased(broker, relay, studio, capsys):
    show, shop = studio(), Shop(relay.url)
    assert shop.post("/leads", lead_body()).status == 202
    assert wait_until(lambda: all_read(broker) and len(leads(show.db_path)) == 1)
    broker.stop()
    assert main(["forget", ALICE_MAIL, "--db", str(show.db_path), "--orders-redis", broker.url, "--stream", STREAM]) == 1
    out, err = capsys.readouterr()
    assert out.startswith(f"Forgot {ALICE_MAIL}: 1 lead deleted")
    assert err.startswith(f"studio: {broker.url}: nothing was deleted from the stream {STREAM}: ")
    assert "Traceback" not in err
    assert main(["forget", ALICE_MAIL, "--stream", STREAM, "--db", str(show.db_path)]) == 2
    assert "give its Redis with --orders-redis" in capsys.readouterr().err
