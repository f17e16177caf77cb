"""A real OBS Studio for tests: Xvfb, a private HOME, a free port, the show's scenes.

See /work/shared/notes/obs-headless.md for why the configuration looks like this.
"""

from __future__ import annotations

import json
import os
import secrets
import select
import shutil
import signal
import socket
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, TypeVar

from studio.obs.client import Client
from studio.show.events import Event, EventBus

SCENES = ("Opening", "Host Cam", "Exhibitor Cam", "Demo Cam", "Break Slate", "Closing")
TEXT_INPUTS = ("Lower Third", "Order Ticker")
MEDIA_INPUT = "VT Player"
COLLECTION = "Studio Tests"
WIDTH, HEIGHT = 1280, 720

E = TypeVar("E", bound=Event)


def missing_programs() -> list[str]:
    return [name for name in ("obs", "Xvfb") if shutil.which(name) is None]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_open(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
        return True
    except OSError:
        return False


def _read_line(fd: int, timeout: float) -> str:
    """Read up to a newline. Xvfb writes the number and the newline separately, and dies
    ("Cannot write display number") if the pipe is closed in between."""
    data = b""
    deadline = time.monotonic() + timeout
    while not data.endswith(b"\n"):
        ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
        chunk = os.read(fd, 16) if ready else b""
        if not chunk:
            break
        data += chunk
    return data.decode().strip()


def _kill_group(proc: subprocess.Popen[bytes] | None, sig: int = signal.SIGKILL) -> None:
    """Signal the process and its children (OBS's recording muxer). A kill is followed by
    SIGCONT, so nothing frozen in the group lingers; not preceded by it, or a frozen OBS
    would get to answer what waited in its socket before it dies."""
    if proc is None:
        return
    signals = (sig, signal.SIGCONT) if sig == signal.SIGKILL else (sig,)
    for each in signals:
        try:
            os.killpg(proc.pid, each)
        except ProcessLookupError:
            pass
    if sig == signal.SIGKILL and proc.poll() is None:
        proc.wait(timeout=10)


def write_config(home: Path, port: int, password: str) -> None:
    """global.ini (websocket server + current profile/collection) and a profile."""
    config = home / ".config" / "obs-studio"
    profile = config / "basic" / "profiles" / COLLECTION
    scenes_dir = config / "basic" / "scenes"
    for folder in (profile, scenes_dir, home / "recordings"):
        folder.mkdir(parents=True, exist_ok=True)
    (config / "global.ini").write_text(
        "[General]\nEnableAutoUpdates=false\nFirstRun=true\n"
        f"[Basic]\nProfile={COLLECTION}\nProfileDir={COLLECTION}\n"
        f"SceneCollection={COLLECTION}\nSceneCollectionFile={COLLECTION}\n"
        "[OBSWebSocket]\nFirstLoad=false\nServerEnabled=true\n"
        f"ServerPort={port}\nAlertsEnabled=false\nAuthRequired=true\nServerPassword={password}\n"
    )
    (profile / "basic.ini").write_text(
        f"[General]\nName={COLLECTION}\n"
        f"[Video]\nBaseCX={WIDTH}\nBaseCY={HEIGHT}\nOutputCX={WIDTH}\nOutputCY={HEIGHT}\nFPSType=0\nFPSCommon=30\n"
        f"[Output]\nMode=Simple\n[SimpleOutput]\nFilePath={home / 'recordings'}\nRecFormat2=mkv\n"
    )


def scene_collection() -> dict[str, object]:
    """OBS 29 scene collection. OBS drops sources no scene uses, so every scene shows the
        text sources, and "Demo Cam" also the VT player."""

    def source(kind: str, name: str, settings: dict[str, object], versioned: str | None = None) -> dict[str, object]:
        return {"id": kind, "versioned_id": versioned or kind, "name": name, "settings": settings}

    def scene(name: str, items: list[str]) -> dict[str, object]:
        return source("scene", name, {
            "id_counter": len(items),
            "items": [{"name": item, "id": i, "visible": True, "pos": {"x": 40, "y": 40 + 80 * i},
                       "scale": {"x": 1, "y": 1}, "align": 5} for i, item in enumerate(items, 1)],
        })

    font = {"face": "DejaVu Sans", "style": "Book", "size": 48, "flags": 0}
    sources = [source("text_ft2_source", name, {"text": name, "font": font}, "text_ft2_source_v2") for name in TEXT_INPUTS]
    sources.append(source("ffmpeg_source", MEDIA_INPUT, {"is_local_file": True, "local_file": ""}))
    sources += [scene(name, [MEDIA_INPUT, *TEXT_INPUTS] if name == "Demo Cam" else list(TEXT_INPUTS)) for name in SCENES]
    return {
        "name": COLLECTION,
        "current_scene": SCENES[0],
        "current_program_scene": SCENES[0],
        "current_transition": "Cut",
        "transition_duration": 300,
        "transitions": [],
        "scene_order": [{"name": name} for name in SCENES],
        "sources": sources,
        "groups": [],
        "modules": {},
    }


class Xvfb:
    """An X server on a display number it picks itself (-displayfd), so parallel runs never clash."""

    def __init__(self) -> None:
        read_fd, write_fd = os.pipe()
        # -noreset: otherwise the server resets when OBS (its only client) is killed, and
        # then dies trying to report its number again on the closed pipe
        self.proc = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", f"{WIDTH}x{HEIGHT}x24", "-nolisten", "tcp", "-noreset"],
            pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        os.close(write_fd)
        try:
            number = _read_line(read_fd, timeout=15)
        finally:
            os.close(read_fd)
        if not number:
            self.stop()
            raise RuntimeError("Xvfb did not report a display number within 15 s")
        self.display = f":{number}"

    def stop(self) -> None:
        """SIGTERM, so Xvfb removes its lock and socket files for the next run."""
        _kill_group(self.proc, signal.SIGTERM)
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            _kill_group(self.proc)


@dataclass
class ObsProcess:
    """One OBS with its own HOME and port; `kill()` and `start()` keep both, for reconnect tests."""

    home: Path
    display: str
    port: int = field(default_factory=free_port)
    password: str = field(default_factory=lambda: secrets.token_urlsafe(12))
    collection: dict[str, object] = field(default_factory=scene_collection)
    proc: subprocess.Popen[bytes] | None = None

    def __post_init__(self) -> None:
        write_config(self.home, self.port, self.password)

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    @property
    def stdout_path(self) -> Path:
        return self.home / "obs-stdout.txt"

    @property
    def log_path(self) -> Path | None:
        """OBS's own log of the current run (in its config folder)."""
        logs = sorted((self.home / ".config" / "obs-studio" / "logs").glob("*.txt"), key=lambda p: p.stat().st_mtime)
        return logs[-1] if logs else None

    def start(self, timeout: float = 30.0) -> float:
        """Start OBS on the test scene collection as first written (what a killed OBS saved
        of an earlier test must not leak into the next) and wait until its websocket port
        accepts; returns the seconds it took."""
        scenes = self.home / ".config" / "obs-studio" / "basic" / "scenes" / f"{COLLECTION}.json"
        scenes.write_text(json.dumps(self.collection, indent=1))
        began = time.monotonic()
        env = dict(os.environ, HOME=str(self.home), DISPLAY=self.display, LIBGL_ALWAYS_SOFTWARE="1")
        with self.stdout_path.open("ab") as out:
            self.proc = subprocess.Popen(
                ["obs", "--disable-shutdown-check", "--minimize-to-tray", "--multi"],
                env=env, cwd=self.home, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            )
        while not port_open(self.port):
            if self.proc.poll() is not None:
                raise RuntimeError(f"OBS exited with code {self.proc.returncode}; {self.describe()}")
            if time.monotonic() - began > timeout:
                self.kill()
                raise RuntimeError(f"OBS websocket did not open port {self.port} within {timeout:g} s; {self.describe()}")
            time.sleep(0.1)
        return time.monotonic() - began

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def freeze(self) -> None:
        """SIGSTOP: OBS stops answering but its socket stays open (a request can be left in flight)."""
        _kill_group(self.proc, signal.SIGSTOP)

    def thaw(self) -> None:
        _kill_group(self.proc, signal.SIGCONT)

    def kill(self) -> None:
        _kill_group(self.proc)

    def answers(self, timeout: float = 2.0) -> bool:
        """Whether OBS answers a request that needs it ready, within `timeout` (through the
        link's own client: the same handshake)."""
        client = Client("127.0.0.1", self.port, self.password, on_closed=lambda c: None)
        try:
            client.open(timeout)
        except Exception:
            return False
        try:
            reply = client.call_raw("GetCurrentProgramScene", {}, timeout)
            return bool(reply.get("requestStatus", {}).get("result"))
        except Exception:
            return False
        finally:
            client.close()

    def wait_answering(self, timeout: float = 30.0) -> float:
        """Wait until OBS answers (it says "not ready" for a while after its port opens);
        returns time.monotonic() of the first answer."""
        deadline = time.monotonic() + timeout
        while not self.answers(timeout=1.0):
            if time.monotonic() > deadline:
                raise RuntimeError(f"OBS did not answer within {timeout:g} s; {self.describe()}")
            time.sleep(0.05)
        return time.monotonic()

    def ensure_healthy(self) -> None:
        """Restart OBS if it is not running, or is frozen or broken (a failed test may leave
        it so): one failure must not cascade into every later test."""
        if self.alive() and self.answers():
            return
        self.kill()
        self.start()
        self.wait_answering()

    def describe(self) -> str:
        return f"OBS log: {self.log_path}, OBS output: {self.stdout_path}"

    def log_tail(self, lines: int = 40) -> str:
        path = self.log_path
        text = path.read_text(errors="replace") if path else self.stdout_path.read_text(errors="replace")
        return "\n".join(text.splitlines()[-lines:])


class EventRecorder:
    """Collects what a bus publishes and lets a test wait for a particular event."""

    def __init__(self, bus: EventBus) -> None:
        self.bus = bus
        self.events: list[Event] = []
        self._changed = threading.Condition()
        bus.subscribe(self._record)

    def _record(self, event: Event) -> None:
        with self._changed:
            self.events.append(event)
            self._changed.notify_all()

    def mark(self) -> int:
        with self._changed:
            return len(self.events)

    def of(self, kind: type[E], since: int = 0) -> list[E]:
        with self._changed:
            return [e for e in self.events[since:] if isinstance(e, kind)]

    def wait_for(self, kind: type[E], where: Callable[[E], bool] = lambda e: True, *, since: int = 0, timeout: float = 5.0) -> E:
        def found() -> E | None:
            return next((e for e in self.events[since:] if isinstance(e, kind) and where(e)), None)

        with self._changed:
            if not self._changed.wait_for(lambda: found() is not None, timeout):
                seen = "\n  ".join(repr(e) for e in self.events[since:])
                raise AssertionError(f"no matching {kind.__name__} within {timeout:g} s; saw:\n  {seen}")
            event = found()
            assert event is not None
            return event
