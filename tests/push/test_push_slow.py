"""A client that stops reading is dropped; the others and the show never wait for it."""

from __future__ import annotations

import socket
import time

import pytest
import websocket
from pushkit import CREW, Socket, start_show

from showkit import make_rundown, seg


def test_a_client_that_stops_reading_is_dropped_and_nobody_waits_for_it(db_dir, monkeypatch):
    monkeypatch.setenv("STUDIO_CREW_TOKEN", CREW)
    # 300 segments: each state is about 100 kB, so a client that does not read fills its socket in a second
    live = start_show(make_rundown(*(seg(f"s{i:03}", 600) for i in range(300))), db_dir / "studio.db")
    try:
        live.go().result(2)
        url = f"ws://127.0.0.1:{live.api.port}/ws?token={CREW}"
        stuck = websocket.create_connection(url, timeout=5, sockopt=((socket.SOL_SOCKET, socket.SO_RCVBUF, 4096),))
        reader = Socket(live.api.port, CREW)
        reader.state()
        answers, seqs = [], []
        started = time.monotonic()
        while time.monotonic() - started < 6:  # a change every 40 ms: each is a new state for everyone
            asked = time.monotonic()
            live.extend(1).result(2)
            answers.append(time.monotonic() - asked)
            seqs.append(reader.state()["seq"])
            time.sleep(0.04)
        assert max(answers) < 0.25, f"the show loop answered a command in {max(answers) * 1000:.0f} ms"
        assert len(seqs) >= 20 and seqs == sorted(set(seqs))  # the reading client got a newer state after each change
        stuck.settimeout(5)
        deadline = time.monotonic() + 10  # what it still holds drains in far less; then the drop shows
        with pytest.raises((ConnectionError, websocket.WebSocketConnectionClosedException)):
            while time.monotonic() < deadline and stuck.recv():
                pass
            raise AssertionError("the client that stopped reading is still served")
        reader.close()
    finally:
        live.close()
