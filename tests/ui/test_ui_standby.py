"""The console tells the director when its studio took a show over as the standby, or stood down (studio/standby/)."""

from __future__ import annotations

import os
from pathlib import Path

from uikit import logged

from studio.show.events import StoodDown, TookOver

TOOK = ('The primary studio (ws://10.0.0.7:8417/ws) said nothing for 2.0 s: this studio took the show over on intro, '
        'with "Host Cam" on program as it was. It drives OBS now.')
SHOTS = os.environ.get("STUDIO_SHOTS")  # a folder: the console with the banner is saved there at both sizes


def test_a_takeover_and_a_stand_down_raise_a_banner_and_are_logged(studio, qtbot) -> None:
    banner = studio.console.alerts
    studio.show.bus.publish(TookOver(0.0, "ws://10.0.0.7:8417/ws", 2.0, "Host Cam", TOOK))
    qtbot.waitUntil(lambda: banner.isVisible(), timeout=2000)
    assert banner.sentences() == [TOOK] and logged(studio, "this studio took the show over on intro")
    for width, height in ((1920, 1080), (1366, 768)):
        studio.console.resize(width, height)
        shot = studio.console.grab()
        assert (shot.width(), shot.height()) == (width, height)
        if SHOTS:
            shot.save(str(Path(SHOTS) / f"console-standby-{width}x{height}.png"))
    stood = "The studio at ws://10.0.0.8:8417/ws took the show over while this one was not answering."
    studio.show.bus.publish(StoodDown(0.0, "ws://10.0.0.8:8417/ws", stood))
    qtbot.waitUntil(lambda: banner.sentences() == [stood], timeout=2000)  # one line: who drives OBS now
