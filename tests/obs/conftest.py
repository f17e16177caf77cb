"""Fixtures for tests against a real OBS Studio (marker `obs`)."""

from __future__ import annotations

from typing import Iterator

import pytest
from obs_harness import EventRecorder, ObsProcess, Xvfb, missing_programs

from studio.show.events import EventBus
from studio.obs import Backoff, LinkState, ObsLink, ObsStatus

FAST_BACKOFF = dict(initial=0.2, cap=1.0)


@pytest.fixture(scope="session")
def obs_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ObsProcess]:
    """One OBS for the whole session (started on first use)."""
    missing = missing_programs()
    if missing:
        pytest.skip(f"needs {' and '.join(missing)} installed (apt-get install obs-studio xvfb)")
    xvfb = Xvfb()
    server = ObsProcess(tmp_path_factory.mktemp("obs-home"), xvfb.display)
    try:
        server.start()
        server.wait_answering()
        yield server
    finally:
        server.kill()
        xvfb.stop()


@pytest.fixture
def obs(obs_server: ObsProcess) -> ObsProcess:
    """The session's OBS, restarted first if an earlier test killed, froze or broke it."""
    obs_server.ensure_healthy()
    return obs_server


@pytest.fixture
def recorder() -> EventRecorder:
    return EventRecorder(EventBus())


@pytest.fixture
def obs_link(obs: ObsProcess, recorder: EventRecorder) -> Iterator[ObsLink]:
    """A started ObsLink, connected, with the Cut transition and "Opening" on program."""
    link = ObsLink(obs.url, obs.password, recorder.bus, request_timeout=3.0, connect_timeout=1.0,
                   backoff=Backoff(**FAST_BACKOFF))
    link.start()
    try:
        recorder.wait_for(ObsStatus, lambda s: s.state is LinkState.CONNECTED, timeout=10)
        for setup in (link.set_transition("Cut"), link.set_program_scene("Opening")):
            response = setup.result(timeout=5)
            assert response.ok, response
        yield link
    finally:
        link.stop()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """On failure, show where OBS's logs are and their last lines."""
    outcome = yield
    report = outcome.get_result()
    server = getattr(item, "funcargs", {}).get("obs_server")
    if report.failed and isinstance(server, ObsProcess):
        report.sections.append(("OBS log", f"{server.describe()}\n{server.log_tail()}"))
