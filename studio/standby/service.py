"""The standby as a service of the show: it follows the primary's feed on its own thread and, when the primary
has said nothing for `silence_s`, reads what OBS has on program and hands the takeover to the show loop.

Until then this studio drives nothing: its engine has not started (so its OBS director sends nothing,
though its link is connected and ready), and the orders it would read from a relay are left to the primary.
"""

from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta
from typing import Callable

from studio.obs.link import ObsLink
from studio.rundown.model import Rundown
from studio.standby.config import FIRST_STATE_S, StandbyConfig
from studio.standby.errors import FeedError
from studio.standby.feed import PrimaryFeed
from studio.standby.followed import Followed
from studio.standby.marker import mark, marker_now
from studio.standby.takeover import Takeover
from studio.threads import start_thread

READ_S = 0.1  # the longest one read waits: the silence is noticed this soon after it reaches `silence_s`
RECONNECT_S = 0.5  # how long one attempt to reach a primary whose feed was lost may take
PROGRAM_READ_S = 0.3  # how long taking over waits for OBS to say what is on program

Tell = Callable[[str, str], None]  # (level, sentence) for the director


class Standby:
    def __init__(self, config: StandbyConfig, rundown: Rundown, take_over: Callable[[Takeover], None], tell: Tell,
                 link: ObsLink | None, advertise: Callable[[], str | None], wall: Callable[[], datetime],
                 edited: Callable[[Rundown], None] = lambda rundown: None) -> None:
        """`take_over` and `edited` (the rundown after the primary's live edit, studio/standby/edits.py) run on this
        service's thread and must hand their work to the show loop; `advertise` is this studio's own push address
        (for OBS's marker) once its listener runs; `wall` reads this studio's clock."""
        self.config = config
        self.feed = PrimaryFeed(config.url, rundown, edited=self._follow_edit)
        self._edited = edited
        self._following = False  # edits read before: the builder builds the show on `rundown`
        self._take_over = take_over
        self._tell = tell
        self.link = link
        self._advertise = advertise
        self._wall = wall
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self.took_over = threading.Event()
        self.primary_ended = threading.Event()  # the primary's show ended: nothing left to take over

    @property
    def rundown(self) -> Rundown:
        """The primary's rundown, its live edits made here too."""
        return self.feed.rundown

    def connect(self) -> Followed:
        """The primary's first state (before the show is built: its plan is the primary's); FeedError says why not."""
        return self.feed.open(FIRST_STATE_S)

    def start(self) -> None:
        self._following = True
        self._thread = start_thread("standby", self._follow)

    def stop(self) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        self.feed.close()

    def _follow(self) -> None:
        shown = self.feed.shown
        self._tell("info", f"Standing by for the primary at {shown}: following its show, driving nothing; "
                           f"this studio takes over if it says nothing for {self.config.silence_s:g} s.")
        lost = False
        while not self._stopping.is_set():
            try:
                if self.feed.connected:
                    self.feed.read(READ_S)
                else:
                    self.feed.open(RECONNECT_S)
                    if lost:
                        lost = False
                        self._tell("info", f"The primary's feed ({shown}) is back; standing by.")
            except FeedError as exc:
                if not self.feed.connected and not lost:
                    lost = True
                    self._tell("warning", f"The primary's feed is lost: {exc} Taking over if it stays silent.")
                elif self.feed.connected:
                    self._tell("error", f"{exc} This studio cannot take over from it.")
                    return
                self._stopping.wait(READ_S)
            followed = self.feed.heard.followed
            if followed is not None and followed.phase == "ended":
                self._tell("info", "The primary's show ended: this standby has nothing more to take over, and closes.")
                self.primary_ended.set()
                return
            silent = time.monotonic() - self.feed.heard.at
            if followed is not None and silent >= self.config.silence_s:
                self._take(followed, silent)
                return

    def _follow_edit(self, rundown: Rundown) -> None:
        if not self._following:
            return
        self._tell("info", f"The primary's rundown was edited live; this studio follows it (its {rundown.path.name} "
                           "is saved the same way).")
        self._edited(rundown)

    def _take(self, followed: Followed, silent: float) -> None:
        self.feed.close()
        last_seen = self._wall() - timedelta(seconds=silent)
        scene = self._program_scene()
        self._take_over(Takeover(followed, self.feed.shown, silent, last_seen, scene))
        self.took_over.set()
        own = self._advertise()
        if self.link is not None and own is not None:
            mark(self.link, marker_now(own, self.rundown.show.title, self._wall()))

    def show_ended(self) -> None:
        """The show this studio took over ended: OBS's marker no longer names it (any thread; never waits)."""
        if self.took_over.is_set() and self.link is not None:
            mark(self.link, None)

    def _program_scene(self) -> str | None:
        """What OBS has on program now: the takeover keeps it rather than cutting to it again."""
        if self.link is None:
            return None
        try:
            response = self.link.request("GetCurrentProgramScene").result(timeout=PROGRAM_READ_S)
        except TimeoutError:
            return None
        data = response.data
        scene = data.get("currentProgramSceneName") or data.get("sceneName")
        return scene if response.ok and isinstance(scene, str) else None
