"""Free timers over OSC: made, started and paused by a lighting desk's messages (real UDP, a real show)."""

from __future__ import annotations

from test_osc import osc_in, receiver, show, state, wait_for  # noqa: F401 - the fixtures, and their helpers

from studio.show.snapshot import TimerReading


def timer(show, name: str) -> TimerReading | None:
    return next((t for t in state(show).timers if t.name == name), None)


def test_a_free_timer_made_started_and_paused_over_osc(show):
    client = osc_in(show)
    client.send_message("/studio/timer_new", ["Q&A", "down", "5m"])
    wait_for(lambda: timer(show, "Q&A") is not None)
    client.send_message("/studio/timer_start", "Q&A")
    wait_for(lambda: timer(show, "Q&A").running)
    client.send_message("/studio/timer_pause", "Q&A")
    wait_for(lambda: not timer(show, "Q&A").running)
    assert 299 < timer(show, "Q&A").seconds < 300
    client.send_message("/studio/timer_pause", "Doors")
    wait_for(lambda: any("There is no timer 'Doors'" in n.message for n in show.notices))


def test_each_free_timer_goes_out_with_its_name_reading_and_running(show, receiver):
    client = osc_in(show)
    client.send_message("/studio/timer_new", ["Green room", "down", "5m"])
    wait_for(lambda: timer(show, "Green room") is not None)
    receiver.until("/studio/timers", lambda count: count == 1)
    assert receiver.until("/studio/timer/1/name", lambda name: True) == ("Green room",)
    receiver.until("/studio/timer/1/mode", lambda mode: mode == "down")
    receiver.until("/studio/timer/1/running", lambda running: running == 0)
    receiver.until("/studio/timer/1/seconds", lambda seconds: seconds == 300.0)
    client.send_message("/studio/timer_start", "Green room")
    receiver.until("/studio/timer/1/running", lambda running: running == 1)
    receiver.until("/studio/timer/1/seconds", lambda seconds: 297.0 < seconds < 299.5, timeout=4.0)  # counts down
    receiver.until("/studio/timer/1/text", lambda text: text in ("04:58", "04:59"))
    client.send_message("/studio/timer_new", ["Speaker"])
    receiver.until("/studio/timers", lambda count: count == 2)
    receiver.until("/studio/timer/2/name", lambda name: name == "Speaker")
    receiver.until("/studio/timer/2/seconds", lambda seconds: seconds == 0.0)
