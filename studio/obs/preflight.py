"""Check before the show that OBS has every scene and input the rundown names."""

from __future__ import annotations

import concurrent.futures
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

from studio.show.events import EventBus
from studio.obs.events import LinkState, ObsStatus
from studio.obs.settings import ObsConnection
from studio.rundown.problems import closest
from studio.rundown.model import Rundown

if TYPE_CHECKING:  # websocket-client only once OBS is checked (studio/obs/__init__.py imports this module)
    from studio.obs.link import ObsLink, ObsResponse


@dataclass(frozen=True)
class ObsCheck:
    connected: bool
    problems: list[str]  # plain sentences; when not connected, the one reason why
    password_refused: bool = False


def check_obs(rundown: Rundown, connection: ObsConnection, timeout: float = 10.0) -> ObsCheck:
    """Connect once and check that OBS has what the rundown names. Blocks: for the CLI and
    the console's check button, never the show loop."""
    bus = EventBus()
    attempted = threading.Event()

    def watch(status: ObsStatus) -> None:
        if status.state is LinkState.CONNECTED or status.retry_in_s is not None:
            attempted.set()

    bus.subscribe(watch, ObsStatus)
    link = connection.link(bus)
    link.start()
    try:
        attempted.wait(2 * connection.connect_timeout + 1)  # the handshake and the login each have the timeout
        if link.state is LinkState.CONNECTED:
            return ObsCheck(True, preflight(link, *rundown_names(rundown), timeout=timeout))
        from studio.obs.errors import PasswordRefused, describe_connect_error

        error = link.connect_error or TimeoutError()
        problem = describe_connect_error(error, connection.url, connection.connect_timeout)
        return ObsCheck(False, [problem], isinstance(error, PasswordRefused))
    finally:
        link.stop()


def rundown_names(rundown: Rundown) -> tuple[set[str], set[str]]:
    """(scenes, inputs) the rundown asks OBS for."""
    scenes = {segment.scene for segment in rundown.segments if segment.scene}
    inputs = {rundown.show.obs[key] for key in ("lower_third", "ticker") if rundown.show.obs.get(key)}
    for segment in rundown.segments:
        for cue in segment.cues:
            if cue.scene:
                scenes.add(cue.scene)
            if cue.media:
                inputs.add(cue.media)
            inputs.update(source for source, _ in cue.texts)
    return scenes, inputs


def preflight(link: ObsLink, scenes: Iterable[str], inputs: Iterable[str], timeout: float = 10.0) -> list[str]:
    """Plain sentences, one per problem; empty when OBS has everything. Blocks up to `timeout`."""
    checks = [
        ("Scene", set(scenes), link.list_scenes(), "scenes", "sceneName"),
        ("Source", set(inputs), link.list_inputs(), "inputs", "inputName"),
    ]
    problems: list[str] = []
    for kind, wanted, future, key, name_field in checks:
        try:
            response: ObsResponse = future.result(timeout)
        except concurrent.futures.TimeoutError:
            problems.append(f"Could not list the {kind.lower()}s in OBS: no answer within {timeout:g} s")
            continue
        if not response.ok:
            problems.append(f"Could not list the {kind.lower()}s in OBS: {response.comment}")
            continue
        available = [item[name_field] for item in response.data.get(key, [])]
        problems += [_missing(kind, name, available) for name in sorted(wanted) if name not in available]
    return problems


def _missing(kind: str, name: str, available: list[str]) -> str:
    if close := closest(name, available):
        return f'{kind} "{name}" is not in OBS — did you mean "{close}"?'
    if available:
        return f'{kind} "{name}" is not in OBS (it has: {", ".join(sorted(available))})'
    return f'{kind} "{name}" is not in OBS (it has none)'
