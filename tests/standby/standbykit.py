"""Two studios and one real OBS (tests/obs/test_obs_standby.py): `studio run --headless` processes stamped line
by line, and an observer of OBS's program scene on a connection of its own."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Callable

from obs_harness import ObsProcess
from obswebsocket import events as obs_events

from studio.obs.client import Client

STUDIO = str(Path(sys.executable).parent / "studio")
TOKEN = "standby-t0ken"
SCENES = ("Host Cam", "Exhibitor Cam", "Demo Cam", "Break Slate", "Closing", "Opening")


def write_rundown(folder: Path, count: int, seconds: float) -> Path:
    """`count` automatic segments s1, s2, ... of `seconds` each, each on its own scene (OBS starts on another)."""
    rows = "\n".join(f"  - {{id: s{n}, title: Segment {n}, duration: {seconds}s, end: auto, scene: {SCENES[n - 1]}, "
                     f"transition: Cut}}" for n in range(1, count + 1))
    path = folder / "show.yaml"
    path.write_text(f"show:\n  title: Standby\n  timezone: UTC\n  start: \"19:30:00\"\nsegments:\n{rows}\n")
    return path


def planned_start(in_s: int) -> datetime:
    return (datetime.now(timezone.utc) + timedelta(seconds=in_s)).replace(microsecond=0)


@dataclass
class Line:
    at: float  # time.time() when it arrived
    text: str


class Studio:
    """`studio run RUNDOWN --headless --obs URL` with the push API on a free loopback port."""

    def __init__(self, folder: Path, rundown: Path, obs: ObsProcess, *extra: str) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "STUDIO_OBS_PASSWORD": obs.password, "STUDIO_CONTROL_TOKEN": TOKEN,
               "XDG_CONFIG_HOME": str(folder / "config"), "XDG_CACHE_HOME": str(folder / "cache")}
        self.db = folder / "studio.db"
        self.rundown = rundown
        self.proc = subprocess.Popen([STUDIO, "run", str(rundown), "--headless", "--obs", obs.url, "--orders-port", "0",
                                      "--db", str(self.db), *extra],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                     env=env)
        self.lines: list[Line] = []
        self._arrived = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        try:
            found = self.wait_for(lambda text: "Orders are received on" in text, 20)
        except AssertionError:
            self.kill()
            raise
        self.port = int(found.text.split("http://127.0.0.1:")[1].split("/")[0])

    @property
    def push(self) -> str:
        return f"ws://127.0.0.1:{self.port}/ws?token={TOKEN}"

    def wait_for(self, match: Callable[[str], bool], timeout: float) -> Line:
        deadline = time.monotonic() + timeout
        with self._arrived:
            while True:
                found = next((line for line in self.lines if match(line.text)), None)
                if found is not None:
                    return found
                left = deadline - time.monotonic()
                if left <= 0 or not self._reader.is_alive():
                    stderr = "" if self.proc.poll() is None else self.proc.stderr.read()[-2000:]
                    raise AssertionError(f"no such line; so far: {[l.text for l in self.lines]} {stderr}")
                self._arrived.wait(min(left, 0.1))

    def kill(self) -> None:
        """kill -9."""
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(10)

    def ended(self, timeout: float) -> int:
        self.wait_for(lambda text: "SHOW END" in text, timeout)
        self.proc.stdin.close()
        return self.proc.wait(15)

    def _read(self) -> None:
        for text in self.proc.stdout:
            with self._arrived:
                self.lines.append(Line(time.time(), text.rstrip("\n")))
                self._arrived.notify_all()


class ProgramWatch:
    """Every CurrentProgramSceneChanged OBS sends, (time.time(), scene), seen from a client of its own."""

    def __init__(self, obs: ObsProcess) -> None:
        self.changes: list[tuple[float, str]] = []
        self._client = Client("127.0.0.1", obs.port, obs.password, on_closed=lambda c: None)
        self._client.register(self._changed, obs_events.CurrentProgramSceneChanged)
        self._client.open(5.0)

    def scenes(self) -> list[str]:
        return [scene for _, scene in self.changes]

    def program(self, scene: str) -> None:
        """Put `scene` on program (before the show; not counted)."""
        self._client.call_raw("SetCurrentSceneTransition", {"transitionName": "Cut"}, 5)
        self._client.call_raw("SetCurrentProgramScene", {"sceneName": scene}, 5)
        time.sleep(0.3)
        self.changes.clear()

    def close(self) -> None:
        self._client.close()

    def _changed(self, event) -> None:
        self.changes.append((time.time(), event.datain.get("sceneName")))


def runs(db: Path) -> list[sqlite3.Row]:
    with closing(sqlite3.connect(db)) as connection:
        connection.row_factory = sqlite3.Row
        return connection.execute("SELECT * FROM segment_runs ORDER BY id").fetchall()


def stamp(text: str | None) -> float:
    assert text is not None
    return datetime.fromisoformat(text).timestamp()
