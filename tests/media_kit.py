"""Tiny media made at test time (a WAV, a raw video), and rundowns that name it, for the media tests (core and UI)."""

from __future__ import annotations

import wave
from pathlib import Path

ASSETS = Path(__file__).resolve().parents[1] / "assets" / "media"
HEADLESS_VLC = ("--vout=dummy", "--aout=dummy")  # real-time playback, no window, no sound card

HEAD = """\
show:
  title: Media test show
  timezone: Europe/Paris
  start: "19:30:00"
segments:
"""


def write_wav(path: Path, seconds: float, rate: int = 8000) -> Path:
    """`seconds` of silence, 16-bit mono: libvlc reads its length from the header."""
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(b"\0\0" * round(seconds * rate))
    return path


def write_y4m(path: Path, seconds: float, fps: int = 10, width: int = 64, height: int = 36) -> Path:
    """A raw YUV4MPEG2 video (grey frames getting lighter): it plays in real time on a dummy video output,
    where a WAV would end at once (the dummy audio output keeps no clock)."""
    with path.open("wb") as out:
        out.write(f"YUV4MPEG2 W{width} H{height} F{fps}:1 Ip A1:1 C420jpeg\n".encode())
        frames = round(seconds * fps)
        for n in range(frames):
            out.write(b"FRAME\n" + bytes([16 + 200 * n // frames]) * (width * height) + bytes([128]) * (width * height // 2))
    return path


def write_rundown(folder: Path, segments: str) -> Path:
    """A rundown file in `folder` (clips are relative to it) with these segment lines."""
    path = folder / "show.yaml"
    path.write_text(HEAD + segments, encoding="utf-8")
    return path
