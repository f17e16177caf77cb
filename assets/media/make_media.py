"""Makes the demo's media: the Atelier Lemaire VT (a 14 s video) and the countdown beeps.

    .venv/bin/python assets/media/make_media.py

The beeps are written with the `wave` module. The VT's frames are drawn with Pillow (a
matplotlib dependency), written as raw YUV4MPEG2 and encoded to H.264 in MP4 by libvlc
itself, so no ffmpeg is needed. The files are committed; run this only to change them.
"""

from __future__ import annotations

import math
import struct
import sys
import tempfile
import threading
import wave
from pathlib import Path

import vlc
from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
RATE = 22050
SIZE = (640, 360)
FPS = 25
VT_SECONDS = 14
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


def write_pips(path: Path, pips: int, freq: float = 1000.0, pip_s: float = 0.12, gap_s: float = 0.08) -> None:
    """`pips` short sine tones, 16-bit mono, with 5 ms ramps so they do not click."""
    ramp = int(RATE * 0.005)
    tone = int(RATE * pip_s)
    samples: list[int] = []
    for n in range(pips):
        for i in range(tone):
            envelope = min(1.0, i / ramp, (tone - i) / ramp)
            samples.append(int(0.6 * 32767 * envelope * math.sin(2 * math.pi * freq * i / RATE)))
        if n < pips - 1:
            samples += [0] * int(RATE * gap_s)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(struct.pack(f"<{len(samples)}h", *samples))


def vt_frame(second_left: int, progress: float) -> Image.Image:
    """One frame of the sponsor VT: the maker, the product and its price, seconds left."""
    image = Image.new("RGB", SIZE, (18, 22, 30))
    draw = ImageDraw.Draw(image)
    big, mid, small = (ImageFont.truetype(FONT, size) for size in (46, 26, 20))
    draw.rectangle((0, 0, SIZE[0], 8), fill=(200, 60, 40))
    draw.text((40, 90), "Atelier Lemaire", font=big, fill=(240, 240, 240))
    draw.text((40, 160), "Servante d'atelier 7 tiroirs", font=mid, fill=(200, 210, 220))
    draw.text((40, 200), "1 290 € — ce soir seulement", font=mid, fill=(255, 190, 60))
    draw.text((40, 300), "Salon du Garage", font=small, fill=(130, 140, 150))
    draw.text((SIZE[0] - 90, 296), f"0:{second_left:02d}", font=mid, fill=(240, 240, 240))
    draw.rectangle((0, SIZE[1] - 6, int(SIZE[0] * progress), SIZE[1]), fill=(200, 60, 40))
    return image


def write_y4m(path: Path) -> None:
    width, height = SIZE
    with path.open("wb") as out:
        out.write(f"YUV4MPEG2 W{width} H{height} F{FPS}:1 Ip A1:1 C420jpeg\n".encode())
        frames = VT_SECONDS * FPS
        for n in range(frames):
            y, cb, cr = vt_frame(VT_SECONDS - n // FPS, n / (frames - 1)).convert("YCbCr").split()
            out.write(b"FRAME\n" + y.tobytes())
            for plane in (cb, cr):
                out.write(plane.resize((width // 2, height // 2), Image.Resampling.BILINEAR).tobytes())


def encode(source: Path, target: Path) -> None:
    """Transcode with libvlc's stream output; returns when the file is written."""
    instance = vlc.Instance("--intf=dummy", "--no-audio", "--quiet")
    player = instance.media_player_new()
    media = instance.media_new(str(source))
    # intra-refresh=0: libvlc's x264 module refreshes by waves instead of keyframes by default, and
    # players (VLC too) then start such a file at its first keyframe, 10 s in.
    x264 = "crf=30,preset=veryslow,intra-refresh=0"
    media.add_option(f":sout=#transcode{{vcodec=h264,venc=x264{{{x264}}},fps={FPS}}}"
                     f":std{{access=file,mux=mp4,dst={target}}}")
    done = threading.Event()
    events = player.event_manager()
    for kind in (vlc.EventType.MediaPlayerEndReached, vlc.EventType.MediaPlayerEncounteredError):
        events.event_attach(kind, lambda _event: done.set())
    player.set_media(media)
    player.play()
    if not done.wait(120):
        sys.exit("encoding took more than two minutes")
    player.stop()
    player.release()
    instance.release()


def main() -> None:
    write_pips(HERE / "beep-30s.wav", 1)
    write_pips(HERE / "beep-10s.wav", 3, freq=1400.0)
    with tempfile.TemporaryDirectory() as folder:
        raw = Path(folder) / "vt.y4m"
        write_y4m(raw)
        encode(raw, HERE / "lemaire-vt.mp4")
    for path in sorted(HERE.glob("*.*")):
        print(f"{path.name}: {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
