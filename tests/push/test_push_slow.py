"""A client that stops reading is dropped; the others and the show never wait for it."""

from __future__ import annotations

import logging
import socket
import time

import pytest
import websocket
from pushkit import CREW, Socket, start_show

from showkit import make_rundown, seg


def test_a_client_that_stops_reading_is_dropped_and_nobody_waits_for_it(db_dir, monkeypatch, caplog):
    monkeypatch.setenv("STUDIO_CREW_TOKEN", CREW)
    caplog.set_level(logging.INFO, logger="studio.api.push")
    # 300 segments: each state is about 100 kB, so a client that does not read fills its socket in a second or so
    live = start_show(make_rundown(*(seg(f"s{i:03}", 600) for i in range(300))), db_dir / "studio.db")
    try:
        live.go().result(2)
        url = f"ws://127.0.0.1:{live.api.port}/ws?token={CREW}"
        stuck = websocket.create_connection(url, timeout=5, sockopt=((socket.SOL_SOCKET, socket.SO_RCVBUF, 4096),))
        reader = Socket(live.api.port, CREW)
        reader.state()
        answers, seqs = [], []
        started = time.monotonic()
        # a change every 40 ms, each a new state for everyone, until the server gives up on the stuck client
        # (how soon depends on the kernel's socket buffers and the machine's load, so the test waits for it)
        while not _dropped(caplog) and time.monotonic() - started < 60:
            asked = time.monotonic()
            live.extend(1).result(2)
            answers.append(time.monotonic() - asked)
            seqs.append(reader.state()["seq"])
            time.sleep(0.04)
        assert _dropped(caplog), "the client that stopped reading is still served after a minute"
        assert max(answers) < 0.25, f"the show loop answered a command in {max(answers) * 1000:.0f} ms"
        assert len(seqs) >= 20 and seqs == sorted(set(seqs))  # the reading client got a newer state after each change
        stuck.settimeout(5)
        with pytest.raises((ConnectionError, websocket.WebSocketConnectionClosedException)):
            while stuck.recv():  # what it still holds, then the reset
                pass
        reader.close()
    finally:
        live.close()


def _dropped(caplog: pytest.LogCaptureFixture) -> bool:
    return any("dropped a client too slow" in r.getMessage() for r in caplog.records)
