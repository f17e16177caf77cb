"""What taking the show over does, on the show loop: OBS's program is kept, the primary's show is copied into
this studio's log, and the engine resumes it on the segment on air, held, paused and cued as it was."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable, Protocol

from studio.rundown.model import Rundown, Segment
from studio.show.clock import Clock
from studio.show.events import EventBus, TookOver
from studio.show.recording import Recorder, ResumePoint
from studio.standby.followed import Followed, caught_up, copy_into


@dataclass(frozen=True)
class Takeover:
    followed: Followed  # the primary's last state
    primary: str  # its push address, without the token
    silent_s: float  # how long it had said nothing
    last_seen: datetime  # when it was last heard (this studio's clock)
    program_scene: str | None  # what OBS had on program (None: OBS could not say)

    def sentence(self) -> str:
        on_air = self.followed.on_air
        where = f"on {on_air}" if on_air else f"({self.followed.phase})"
        kept = f', with "{self.program_scene}" on program as it was' if self.program_scene else ""
        return (f"The primary studio ({self.primary}) said nothing for {self.silent_s:.1f} s: this studio took the "
                f"show over {where}{kept}. It drives OBS now.")


class Resumable(Protocol):
    """What taking over needs of the engine (the builder hands it over; nothing here imports the Engine)."""

    @property
    def rundown(self) -> Rundown: ...

    @property
    def up_next(self) -> Segment | None: ...

    def restore(self, point: ResumePoint) -> None: ...

    def pause(self) -> None: ...

    def set_next(self, segment_id: str | None) -> None: ...


class Adopter(Protocol):
    def adopt(self, program_scene: str | None, segment_id: str | None) -> None: ...


def take_over(takeover: Takeover, engine: Resumable, log: Recorder, director: Adopter | None, bus: EventBus,
              clock: Clock, wall_at: Callable[[float], datetime], start: Callable[[], None]) -> None:
    """Resume the primary's show here; `start` starts a show the primary had not started yet (at its plan)."""
    now = clock.monotonic()
    followed = caught_up(takeover.followed, engine.rundown, wall_at(now))
    bus.publish(TookOver(now, takeover.primary, takeover.silent_s, takeover.program_scene, takeover.sentence()))
    if not followed.runs:
        start()
        return
    if director is not None:
        director.adopt(takeover.program_scene, takeover.followed.on_air)
    point = copy_into(log, engine.rundown, followed, takeover.last_seen)
    log.event(point.show_id, wall_at(now), "took_over",
              {"primary": takeover.primary, "silent_s": round(takeover.silent_s, 3),
               "program_scene": takeover.program_scene, "primary_state_at": followed.at.isoformat()})
    engine.restore(point)
    if followed.phase == "paused":
        engine.pause()
    following = engine.up_next
    if followed.next_id is not None and (following is None or following.id != followed.next_id):
        engine.set_next(followed.next_id)
