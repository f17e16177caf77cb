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
