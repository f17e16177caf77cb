"""The cut gate: after the show loop stood still, a program switch waits for OBS's marker; while OBS cannot say,
it waits on; when OBS says this studio still has the show, only the latest switch goes out."""

from __future__ import annotations

from concurrent.futures import Future

from studio.obs.link import NO_ANSWER, ObsResponse
from studio.show.clock import FakeClock
from studio.show.loop import ShowLoop
from studio.standby.gate import ASK_AGAIN_S, CutGate
from studio.standby.marker import Marker

OWN = "ws://10.0.0.7:8417/ws"
OTHER = "ws://10.0.0.8:8417/ws"


class MarkerLink:
    """Answers GetPersistentData from a script: None = the link cannot reach OBS, else the slot's value."""

    def __init__(self, *answers: dict | None) -> None:
        self.answers = list(answers)
        self.asked = 0

    def request(self, name: str, data: dict) -> Future[ObsResponse]:
        assert name == "GetPersistentData"
        self.asked += 1
        value = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        future: Future[ObsResponse] = Future()
        if value is None:
            future.set_result(ObsResponse(name, False, NO_ANSWER, "OBS is not connected", {}, 0.0, 0.0))
        else:
            future.set_result(ObsResponse(name, True, 100, "", {"slotValue": value.get("slot")}, 0.0, 0.0))
        return future


def raise_it(exc: BaseException) -> None:
    raise exc


def gated(link: MarkerLink) -> tuple[FakeClock, ShowLoop, CutGate, list[str], list[Marker]]:
    clock = FakeClock()
    loop = ShowLoop(clock, raise_it)
    sent: list[str] = []
    replaced: list[Marker] = []
    gate = CutGate(link, loop, clock, lambda: OWN, replaced.append, gap_s=5.0)  # type: ignore[arg-type]
    gate.start()
    return clock, loop, gate, sent, replaced


def run(clock: FakeClock, loop: ShowLoop, seconds: float) -> None:
    for _ in range(int(seconds / 0.05)):
        clock.advance(0.05)
        loop.run_due()


def test_without_a_gap_a_switch_goes_out_at_once_and_obs_is_not_asked() -> None:
    link = MarkerLink({"slot": None})
    clock, loop, gate, sent, _ = gated(link)
    run(clock, loop, 1.0)
    gate.send(lambda: sent.append("Demo Cam"))
    assert sent == ["Demo Cam"] and link.asked == 0


def test_after_a_gap_obs_is_asked_again_until_it_answers_then_only_the_latest_switch_goes_out() -> None:
    link = MarkerLink(None, None, {"slot": {"url": OWN, "title": "Fair", "since": "x"}})
    clock, loop, gate, sent, replaced = gated(link)
    clock.advance(8.0)  # the PC hung: the loop ran nothing for 8 s
    gate.send(lambda: sent.append("Demo Cam"))
    gate.send(lambda: sent.append("Break Slate"))
    loop.run_due()
    assert sent == [] and link.asked == 1  # OBS could not say (the link reconnects): held, not sent
    run(clock, loop, 3 * ASK_AGAIN_S)
    assert link.asked == 3 and sent == ["Break Slate"] and replaced == []
    gate.send(lambda: sent.append("Closing"))
    assert sent == ["Break Slate", "Closing"] and link.asked == 3  # trusted again: nothing waits


def test_after_a_gap_a_marker_naming_another_studio_drops_every_switch_and_stands_down() -> None:
    link = MarkerLink(None, {"slot": {"url": OTHER, "title": "Fair", "since": "12:00:03"}})
    clock, loop, gate, sent, replaced = gated(link)
    clock.advance(8.0)
    gate.send(lambda: sent.append("Demo Cam"))
    run(clock, loop, 2 * ASK_AGAIN_S)
    gate.send(lambda: sent.append("Closing"))
    run(clock, loop, 1.0)
    assert sent == [] and [m.url for m in replaced] == [OTHER]


def test_after_a_gap_an_empty_marker_lets_the_latest_switch_out() -> None:
    link = MarkerLink({"slot": None})
    clock, loop, gate, sent, _ = gated(link)
    clock.advance(8.0)
    gate.send(lambda: sent.append("Demo Cam"))
    loop.run_due()
    assert sent == ["Demo Cam"]
