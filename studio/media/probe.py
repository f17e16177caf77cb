"""A clip's real length, read from the file by libvlc."""

from __future__ import annotations

import threading
from pathlib import Path

from studio.rundown.durations import spoken_duration

from studio.media.runtime import Vlc

PARSE_TIMEOUT_S = 5.0


class ClipError(Exception):
    """A clip that cannot be played; str() is a plain sentence naming the file."""


def check_file(path: Path) -> None:
    """Raise ClipError unless `path` is a file."""
    if path.is_dir():
        raise ClipError(f"the clip {path} is a folder, not a media file")
    if not path.is_file():
        raise ClipError(f"the clip file is missing: {path}")


def clip_duration(vlc: Vlc, path: Path, timeout_s: float = PARSE_TIMEOUT_S) -> float:
    """Seconds, from the file's own header (libvlc's parser, local only, with a timeout)."""
    check_file(path)
    media = vlc.instance.media_new_path(str(path))
    parsed = threading.Event()
    media.event_manager().event_attach(vlc.module.EventType.MediaParsedChanged, lambda _event: parsed.set())
    status = vlc.module.MediaParsedStatus
    try:
        media.parse_with_options(vlc.module.MediaParseFlag.local, int(timeout_s * 1000))
        if not parsed.wait(timeout_s + 1.0):
            media.parse_stop()
        state = media.get_parsed_status()
        if state == status.timeout or not parsed.is_set():
            raise ClipError(f"reading {path.name} took more than {spoken_duration(timeout_s)}")
        milliseconds = media.get_duration()
        if state != status.done or milliseconds <= 0:
            raise ClipError(f"{path.name} is not a video or audio file VLC can play")
        return milliseconds / 1000
    finally:
        media.release()
