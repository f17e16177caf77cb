"""OSC over real UDP on loopback: commands in change a real LiveShow, the state goes out to a real receiver."""

from __future__ import annotations

import os
import queue
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, Iterator

import pytest
from pythonosc.dispatcher import Dispatcher
from pythonosc.osc_server import BlockingOSCUDPServer
from pythonosc.udp_client import SimpleUDPClient

from showkit import make_rundown, seg
from studio.app.session import LiveShow
from studio.osc import OscConfig, osc_address
from studio.show.events import Notice

STUDIO = str(Path(sys.executable).parent / "studio")
REPO = Path(__file__).resolve().parents[2]


class Receiver:
    """A real OSC receiver on a loopback UDP port, as a lighting desk would be."""

    def __init__(self) -> None:
        self.messages: queue.Queue[tuple[str, tuple[Any, ...]]] = queue.Queue()
        dispatcher = Dispatcher()
        dispatcher.set_default_handler(lambda address, *values: self.messages.put((address, values)))
        self.server = BlockingOSCUDPServer(("127.0.0.1", 0), dispatcher)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), name="test osc receiver", daemon=True)
        self.thread.start()

    def until(self, address: str, test, timeout: float = 5.0) -> tuple[Any, ...]:
        """The values of the first message to `address` passing `test`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                got, values = self.messages.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                break
            if got == address and test(*values):
                return values
        raise AssertionError(f"no {address} passing the test within {timeout} s")

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    got = Receiver()
    yield got
    got.close()


@pytest.fixture
def show(db_dir, receiver) -> Iterator[LiveShow]:
    """Three one-minute segments waiting for GO, with OSC in (any free port) and out (to `receiver`)."""
    rundown = make_rundown(seg("intro", 60.0), seg("pitch", 60.0), seg("closing", 60.0), warning=20.0, alarm=5.0)
    live = LiveShow(rundown, db_dir / "studio.db", auto_start=False,
                    osc=OscConfig(port=0, send_to=("127.0.0.1", receiver.port)))
    notices: list[Notice] = []
    live.bus.subscribe(notices.append, Notice)
    live.notices = notices  # type: ignore[attr-defined]
    live.run()
    yield live
    live.close()


def osc_in(show: LiveShow) -> SimpleUDPClient:
    listening = show._parts.osc_in
    assert listening is not None and listening.port is not None
    return SimpleUDPClient("127.0.0.1", listening.port)


def state(show: LiveShow):
    return show.state_future().result(2.0)


def wait_for(test, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not test():
        assert time.monotonic() < deadline, "the show did not change within the time"
        time.sleep(0.01)


def test_go_hold_extend_and_message_over_osc_change_the_show(show):
    client = osc_in(show)
    client.send_message("/studio/go", [])
    wait_for(lambda: state(show).phase == "on_air")
    client.send_message("/studio/go", [])
    wait_for(lambda: state(show).on_air == 1)
    client.send_message("/studio/hold", 1)
    wait_for(lambda: state(show).held)
    client.send_message("/studio/hold", 1)  # a hold button always means hold
    client.send_message("/studio/extend", 30.0)
    wait_for(lambda: state(show).remaining > 80)
    assert state(show).held
    client.send_message("/studio/hold", 0)
    wait_for(lambda: not state(show).held)
    client.send_message("/studio/message", "Wrap up")
    wait_for(lambda: any("Wrap up" in n.message and n.source == "osc" for n in show.notices))
    assert any(n.message == "GO from osc 127.0.0.1" for n in show.notices)


def test_jump_takes_its_confirm_as_second_argument(show):
    client = osc_in(show)
    client.send_message("/studio/go", [])
    wait_for(lambda: state(show).on_air == 0)
    client.send_message("/studio/jump", "closing")
    wait_for(lambda: any("refused" in n.message and "confirm" in n.message for n in show.notices))
    assert state(show).on_air == 0
    client.send_message("/studio/jump", ["closing", 1])
    wait_for(lambda: state(show).on_air == 2)


def test_a_wrong_address_or_argument_is_a_sentence_and_does_nothing(show):
    client = osc_in(show)
    client.send_message("/studio/extend", "abc")
    client.send_message("/studio/explode", [])
    client.send_message("/studio/go", [1, 2])
    wait_for(lambda: len([n for n in show.notices if n.source == "osc" and n.level == "warning"]) == 3)
    said = [n.message for n in show.notices if n.level == "warning"]
    assert "OSC /studio/extend from 127.0.0.1: seconds must be a number, not 'abc'" in said
    assert any("/studio/explode is not a command of studio" in m for m in said)
    assert any("go takes at most 0 arguments" in m for m in said)
    assert state(show).phase == "standby"


def test_state_goes_out_on_a_change_and_every_second(show, receiver):
    receiver.until("/studio/phase", lambda phase: phase == "standby")
    show.go()
    assert receiver.until("/studio/on_air", lambda title: title == "Intro")
    receiver.until("/studio/next", lambda title: title == "Pitch")
    receiver.until("/studio/level", lambda level: level == "ok")
    first = receiver.until("/studio/time_left", lambda left: 0 < left <= 60)[0]
    later = receiver.until("/studio/time_left", lambda left: left <= first - 0.9, timeout=3.0)[0]  # repeated each second
    assert first - 3 < later
    receiver.until("/studio/time_left/text", lambda text: text in ("00:59", "00:58", "00:57", "00:56"))
    show.hold(True)
    receiver.until("/studio/held", lambda held: held == 1)
    show.pause()
    receiver.until("/studio/paused", lambda paused: paused == 1)
    receiver.until("/studio/obs_lost", lambda lost: lost == 0)  # no OBS configured: nothing lost


def test_a_receiver_that_is_gone_does_not_slow_the_show(db_dir):
    """OSC out to a port nobody listens on: the ICMP refusals never stop the sender or the show."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind(("127.0.0.1", 0))
        dead_port = probe.getsockname()[1]
    live = LiveShow(make_rundown(seg("intro", 0.5), seg("outro", 60.0)), db_dir / "studio.db", start="now",
                    osc=OscConfig(send_to=("127.0.0.1", dead_port)))
    live.run()
    try:
        wait_for(lambda: state(live).on_air == 1, timeout=5.0)
        late = state(live).segments[1].actual_start - state(live).segments[0].actual_start
        assert abs(late.total_seconds() - 0.5) < 0.3  # the auto take stayed on time
        sender = live._parts.osc_out
        assert sender is not None and sender._thread is not None and sender._thread.is_alive()
    finally:
        live.close()


def test_osc_address_reads_host_and_port():
    assert osc_address("10.0.0.20:53000") == ("10.0.0.20", 53000)
    assert osc_address("[::1]:9000") == ("::1", 9000)
    with pytest.raises(ValueError, match="is not host:port"):
        osc_address("desk")
    with pytest.raises(ValueError):
        osc_address("desk:99999")


def test_studio_run_headless_takes_osc_flags(tmp_path, receiver):
    """The real `studio run --headless --osc-port 0 --osc-send`: the state reaches the receiver, a GO over OSC cuts."""
    rundown = tmp_path / "show.yaml"
    rundown.write_text('show: {title: OSC show, timezone: Europe/Paris, start: "19:30:00"}\n'
                       "segments:\n  - {id: intro, title: Intro, duration: 10m, end: hold}\n"
                       "  - {id: closing, title: Closing, duration: 10m, end: hold}\n")
    env = {**os.environ, "PYTHONPATH": str(REPO), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    proc = subprocess.Popen([STUDIO, "run", str(rundown), "--headless", "--start", "now", "--db", str(tmp_path / "a.db"),
                             "--osc-port", "0", "--osc-send", f"127.0.0.1:{receiver.port}"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    try:
        port = None
        for _ in range(20):
            found = re.search(r"udp://127\.0\.0\.1:(\d+)/studio", proc.stdout.readline())
            if found:
                port = int(found.group(1))
                break
        assert port is not None, "studio never said where it takes OSC commands"
        receiver.until("/studio/on_air", lambda title: title == "Intro", timeout=10.0)
        SimpleUDPClient("127.0.0.1", port).send_message("/studio/go", [])
        receiver.until("/studio/on_air", lambda title: title == "Closing")
    finally:
        proc.kill()
        proc.wait()
    bad = subprocess.run([STUDIO, "run", str(rundown), "--headless", "--osc-send", "desk"], capture_output=True, text=True, env=env)
    assert bad.returncode == 2 and "'desk' is not host:port" in bad.stderr
