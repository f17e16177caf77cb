"""A whole show driving a real OBS Studio: cuts on time, texts, preflight, reconnect, the CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator

import pytest
from obs_harness import EventRecorder, ObsProcess

from showkit import rows
from studio.show.events import CueDue, Notice, ScenePreroll, SegmentStarted, ShowEnded
from studio.app.session import LiveShow
from studio.rundown.loader import check_rundown
from studio.obs import Backoff, LinkState, ObsLink, ObsStatus, ProgramSceneChanged
from studio.obs.preflight import check_obs
from studio.obs.settings import PASSWORD_ENV, ObsConnection
from studio.rundown.model import Rundown

pytestmark = [pytest.mark.obs, pytest.mark.filterwarnings("error::pytest.PytestUnhandledThreadExceptionWarning")]

STUDIO = str(Path(sys.executable).parent / "studio")
GO_TOLERANCE_S = 0.15  # a take by GO cannot be sent early: OBS's ~30-45 ms plus the loop's wake-up
PREROLLED_TOLERANCE_S = 0.06  # OBS switches on its frame clock: a cut sent early still lands within ±1.5 frames

HEADER = """\
show:
  title: OBS test
  timezone: UTC
  start: "00:00:00"
  obs: {lower_third: Lower Third, ticker: Order Ticker}
exhibitors:
  - {id: serenco, name: Serenco, products: [{sku: L3, name: Lift 3T}]}
segments:
"""

ON_TIME = HEADER + """\
  - {id: opening, title: Opening, duration: 1.2s, end: auto, scene: Host Cam, transition: Cut}
  - id: pitch
    title: Pitch
    duration: 1.5s
    end: auto
    scene: Exhibitor Cam
    exhibitor: serenco
    cues:
      - {at: 0.8s, scene: Demo Cam, text: {Order Ticker: "3 orders — 10 470 €"}}
  - {id: closing, title: Closing, duration: 1s, end: auto, scene: Closing, lower_third: Thanks for watching}
"""

DROP = HEADER + """\
  - {id: opening, title: Opening, duration: 1s, end: auto, scene: Host Cam}
  - {id: pitch, title: Pitch, duration: 2s, end: auto, scene: Exhibitor Cam, exhibitor: serenco}
  - {id: demo, title: Demo, duration: 1m, end: hold, scene: Demo Cam, lower_third: Back on air}
"""


CLIP = HEADER + """\
  - id: vt
    title: VT
    duration: 1m
    scene: Demo Cam
    cues:
      - {at: 0.2s, media: VT Player, clip: media/vt.mp4}
"""
VT_FILE = Path(__file__).resolve().parents[2] / "assets" / "media" / "lemaire-vt.mp4"


def load(tmp_path: Path, text: str) -> Rundown:
    path = tmp_path / "show.yaml"
    path.write_text(text)
    rundown, problems = check_rundown(path)
    assert rundown is not None, problems
    return rundown


def connection(obs: ObsProcess, password: str | None = None) -> ObsConnection:
    return ObsConnection(obs.url, password or obs.password, connect_timeout=1.0, backoff=Backoff(0.2, 1.0))


@pytest.fixture
def live(obs: ObsProcess, tmp_path: Path) -> Iterator:
    """Start a show on a rundown text, driving the session's OBS, with OBS's switch time
    measured (as after a few cuts of a real show); the show waits for GO."""
    shows: list[LiveShow] = []

    def start(text: str) -> tuple[LiveShow, EventRecorder]:
        show = LiveShow(load(tmp_path, text), tmp_path / "studio.db", auto_start=False, obs=connection(obs))
        shows.append(show)
        recorder = EventRecorder(show.bus)
        show.run()
        recorder.wait_for(ObsStatus, lambda s: s.state is LinkState.CONNECTED, timeout=10)
        link = show.obs.link
        assert link.set_transition("Cut").result(timeout=5).ok
        for scene in ("Break Slate", "Closing", "Break Slate", "Closing", "Opening"):  # measures OBS's switch time
            since = recorder.mark()
            assert link.set_program_scene(scene).result(timeout=5).ok
            recorder.wait_for(ProgramSceneChanged, lambda e: e.scene == scene, since=since)
            time.sleep(0.2)  # back to back, OBS takes a frame longer: space them as a show would
        assert link.set_transition("Fade", 300).result(timeout=5).ok  # the rundown's Cut must replace it
        return show, recorder

    yield start
    for show in shows:
        show.close()


def obs_says(link: ObsLink, request: str, data: dict | None = None) -> dict:
    response = link.request(request, data).result(timeout=3)
    assert response.ok, response
    return response.data


def text_of(link: ObsLink, source: str) -> str:
    return obs_says(link, "GetInputSettings", {"inputName": source})["inputSettings"]["text"]


def test_cuts_land_on_their_planned_instants_in_order(live) -> None:
    show, recorder = live(ON_TIME)
    since = recorder.mark()
    show.go()
    recorder.wait_for(ShowEnded, since=since, timeout=10)
    recorder.wait_for(ProgramSceneChanged, lambda e: e.scene == "Closing", since=since)

    planned = sorted([(e.at, show.rundown.segments[e.index].scene) for e in recorder.of(SegmentStarted, since)]
                     + [(e.at, e.cue.scene) for e in recorder.of(CueDue, since) if e.cue.scene])
    on_air = [(e.at, e.scene) for e in recorder.of(ProgramSceneChanged, since)]
    assert [scene for _, scene in on_air] == ["Host Cam", "Exhibitor Cam", "Demo Cam", "Closing"]
    assert [scene for _, scene in planned] == [scene for _, scene in on_air]
    errors = [round(aired - due, 3) for (aired, _), (due, _) in zip(on_air, planned)]
    assert abs(errors[0]) <= GO_TOLERANCE_S, errors
    # once OBS's switch latency is known, the others are sent that much early and land on time
    assert [e.scene for e in recorder.of(ScenePreroll, since)] == ["Exhibitor Cam", "Demo Cam", "Closing"]
    assert all(abs(error) <= PREROLLED_TOLERANCE_S for error in errors[1:]), errors

    link = show.obs.link
    assert text_of(link, "Order Ticker") == "3 orders — 10 470 €"
    assert text_of(link, "Lower Third") == "Thanks for watching"
    assert obs_says(link, "GetCurrentSceneTransition")["transitionName"] == "Cut"  # the rundown's, not the Fade set up


def test_a_media_cue_with_a_clip_makes_obs_play_the_rundowns_file(live, tmp_path: Path) -> None:
    (tmp_path / "media").mkdir()
    clip = tmp_path / "media" / "vt.mp4"
    shutil.copyfile(VT_FILE, clip)
    show, recorder = live(CLIP)
    link = show.obs.link
    obs_says(link, "SetInputSettings", {"inputName": "VT Player", "inputSettings": {"local_file": ""}})
    since = recorder.mark()
    show.go()
    recorder.wait_for(CueDue, lambda e: e.cue.clip == "media/vt.mp4", since=since, timeout=5)
    settings = {}
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline and settings.get("local_file") != str(clip.resolve()):
        settings = obs_says(link, "GetInputSettings", {"inputName": "VT Player"})["inputSettings"]
        time.sleep(0.05)
    assert settings["local_file"] == str(clip.resolve())
    assert settings["is_local_file"] is True  # the collection's other settings are kept (an overlay)
    assert not [n for n in recorder.of(Notice, since) if n.level == "warning"]  # OBS took the file and the restart


def test_after_obs_comes_back_the_scene_that_should_be_on_air_now_returns(live, obs: ObsProcess) -> None:
    show, recorder = live(DROP)
    since = recorder.mark()
    show.go()
    recorder.wait_for(ProgramSceneChanged, lambda e: e.scene == "Exhibitor Cam", since=since, timeout=5)
    obs.kill()  # dropped with Exhibitor Cam on air
    recorder.wait_for(Notice, lambda n: n.message.startswith("OBS lost"), since=since)
    demo = recorder.wait_for(SegmentStarted, lambda e: e.segment_id == "demo", since=since, timeout=5)
    first = recorder.of(SegmentStarted, since)[0]
    assert demo.at - first.at == pytest.approx(3.0, abs=0.05)  # the show clock kept running without OBS

    back = recorder.mark()
    obs.start()
    recorder.wait_for(ObsStatus, lambda s: s.state is LinkState.CONNECTED, since=back, timeout=20)
    recorder.wait_for(ProgramSceneChanged, lambda e: e.scene == "Demo Cam", since=back, timeout=5)
    link = show.obs.link
    assert obs_says(link, "GetCurrentProgramScene")["currentProgramSceneName"] == "Demo Cam"
    assert text_of(link, "Lower Third") == "Back on air"
    logged = [row["kind"] + " " + row["detail"] for row in rows(show, "events")]
    assert any(line.startswith("obs.warning") and "OBS lost" in line for line in logged), logged


def test_preflight_names_what_obs_lacks_with_a_suggestion(obs: ObsProcess, tmp_path: Path) -> None:
    text = ON_TIME.replace("scene: Exhibitor Cam", "scene: Exhibitor Camera").replace("Order Ticker:", "Order Tickr:")
    checked = check_obs(load(tmp_path, text), connection(obs))
    assert checked.connected
    assert checked.problems == [
        'Scene "Exhibitor Camera" is not in OBS — did you mean "Exhibitor Cam"?',
        'Source "Order Tickr" is not in OBS — did you mean "Order Ticker"?',
    ]


def studio(tmp_path: Path, password: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, XDG_CONFIG_HOME=str(tmp_path / "config"), **{PASSWORD_ENV: password})
    return subprocess.run([STUDIO, *args], capture_output=True, text=True, timeout=30, env=env)


def test_studio_check_and_run_with_obs(obs: ObsProcess, tmp_path: Path) -> None:
    path = tmp_path / "show.yaml"
    path.write_text(ON_TIME.replace("scene: Closing", "scene: Finale"))
    checked = studio(tmp_path, obs.password, "check", str(path), "--obs", obs.url)
    assert checked.returncode == 1, checked
    assert 'Scene "Finale" is not in OBS (it has: ' in checked.stdout

    path.write_text(ON_TIME)
    assert studio(tmp_path, obs.password, "check", str(path), "--obs", obs.url).returncode == 0
    ran = studio(tmp_path, obs.password, "run", str(path), "--headless", "--start", "now", "--obs", obs.url,
                 "--db", str(tmp_path / "studio.db"))
    assert ran.returncode == 0, ran
    assert "OBS connected" in ran.stdout and "WARNING" not in ran.stdout, ran.stdout


@pytest.mark.parametrize("command", ["check", "run"])
def test_a_wrong_password_is_one_sentence_and_a_failure(obs: ObsProcess, tmp_path: Path, command: str) -> None:
    path = tmp_path / "show.yaml"
    path.write_text(ON_TIME)
    run = ["--headless", "--start", "now", "--db", str(tmp_path / "studio.db")] if command == "run" else []
    result = studio(tmp_path, "not-the-password", command, str(path), "--obs", obs.url, *run)
    assert result.returncode == 1
    assert result.stderr.strip() == ("studio: OBS refused the password — set STUDIO_OBS_PASSWORD to the password "
                                     "in OBS → Tools → WebSocket Server Settings")
