"""Typed events the core publishes, and the bus that carries them.

Handlers run on the publishing thread (the show loop). A handler that has slow work to do
(OBS, disk, network) hands it to its own thread; the UI re-emits events as Qt signals
through its one bridge. A handler that raises is reported and never stops the show.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Literal, TypeVar

if TYPE_CHECKING:  # the payloads' real types; at run time events carry them without importing their modules
    from studio.orders.model import AcceptedOrder
    from studio.orders.totals import TotalsSnapshot
    from studio.questions.model import Asked
    from studio.rundown.model import Cue, Rundown
    from studio.show.snapshot import ShowState

log = logging.getLogger(__name__)

Phase = Literal["standby", "on_air", "paused", "ended"]
TakenBy = Literal["start", "go", "auto", "skip", "jump", "back", "hard", "resume"]
EndedBy = Literal["go", "auto", "skip", "jump", "back", "hard", "resume"]
WarningLevel = Literal["warning", "alarm"]
NoticeLevel = Literal["info", "warning", "error"]
ClipEndReason = Literal["end", "stopped"]  # played to its end | another segment, the director, the show's end
Detail = dict[str, str | float]  # what a director action names: segment_id, seconds, on_air...


@dataclass(frozen=True)
class Event:
    at: float  # monotonic seconds on the show clock


@dataclass(frozen=True)
class ShowStarted(Event):
    show_id: int
    title: str
    resumed: bool = False


@dataclass(frozen=True)
class ShowEnded(Event):
    show_id: int
    over_under_s: float


@dataclass(frozen=True)
class SegmentStarted(Event):
    index: int
    segment_id: str
    planned_start: float
    taken_by: TakenBy


@dataclass(frozen=True)
class SegmentEnded(Event):
    index: int
    segment_id: str
    ended_by: EndedBy
    actual_duration_s: float
    over_under_s: float


@dataclass(frozen=True)
class SegmentSkipped(Event):
    index: int
    segment_id: str
    how: str = "skip"  # skip | jump | set_next (dropped by taking a later segment); the as-run row's ended_by


@dataclass(frozen=True)
class TimingWarning(Event):
    segment_id: str
    level: WarningLevel
    remaining_s: float


@dataclass(frozen=True)
class Overtime(Event):
    segment_id: str


@dataclass(frozen=True)
class StandingBy(Event):
    """An end: standby segment reached zero: the next is loaded (OBS preview, presenter's next card) until GO."""

    index: int
    segment_id: str  # the segment loaded, not on air
    scene: str | None


@dataclass(frozen=True)
class DriftChanged(Event):
    drift_s: float


@dataclass(frozen=True)
class CueDue(Event):
    segment_id: str
    cue_index: int
    cue: Cue


@dataclass(frozen=True)
class ScenePreroll(Event):
    """A scene switch falls due at `due`: sent now, it lands on time despite the switcher's latency."""

    due: float
    scene: str
    segment_id: str  # the segment whose start or cue asks for the scene


@dataclass(frozen=True)
class CardChanged(Event):
    segment_id: str
    card_index: int


@dataclass(frozen=True)
class DirectorAction(Event):
    action: str
    detail: Detail = field(default_factory=dict)


@dataclass(frozen=True)
class Notice(Event):
    """A plain sentence for the people running the show; never a traceback."""

    level: NoticeLevel
    message: str
    source: str = "show"


@dataclass(frozen=True)
class TookOver(Event):
    """This studio, a hot standby (studio/standby/), took the show over from its primary, which stopped answering.

    Published on the show loop just before the engine resumes the primary's segment on air.
    """

    primary: str  # the primary's push address, without its token
    silent_s: float  # how long the primary had said nothing
    program_scene: str | None  # the scene OBS had on program, kept as it was (not sent again)
    message: str  # the sentence for the director


@dataclass(frozen=True)
class StoodDown(Event):
    """Another studio, a standby, took the show over while this one was not answering (frozen, cut off): this one
    stopped driving OBS (studio/standby/guard.py). Headless, it then stands by for that studio."""

    by: str  # the push address of the studio that has the show now
    message: str


@dataclass(frozen=True)
class LogHealth(Event):
    """The as-run database started refusing writes (ok False) or accepts them again (ok True).

    Published once at each change, on the show loop; what airs meanwhile waits in a journal.
    """

    ok: bool
    message: str  # one plain sentence for the director
    pending: int  # as-run records waiting for the database


@dataclass(frozen=True)
class PresenterMessage(Event):
    """A message for the presenter screen from someone other than the console (remote control, a script)."""

    text: str
    source: str  # who sent it, e.g. "remote 10.0.0.7"


@dataclass(frozen=True)
class OrderReceived(Event):
    """A new order was committed (never a replay); published on the show loop."""

    accepted: AcceptedOrder
    totals: TotalsSnapshot  # after this order


@dataclass(frozen=True)
class LeadReceived(Event):
    """A new lead was committed (never a replay, never a buyer's contact); published on the show loop.
    It carries no personal data: studio/leads/ keeps that in the database only."""

    kind: str  # test_drive | appointment | call_back | quote
    exhibitor_id: str | None
    segment_id: str | None
    leads: int  # the show's leads so far, this one included


@dataclass(frozen=True)
class QuestionsChanged(Event):
    """An audience question came in or was moderated (committed first); every question of the show, oldest
    first, waiting ones included: each screen picks what its role may see (studio/questions/board.py)."""

    questions: tuple[Asked, ...]


@dataclass(frozen=True)
class RundownChanged(Event):
    """The rundown was edited live; timings were recomputed."""

    rundown: Rundown


# Media (studio.media): a clip is named as written in the rundown; segment_id is the segment
# that asked for it. VLC reports on its own thread; these reach the bus on the show loop.


@dataclass(frozen=True)
class MediaReady(Event):
    """libvlc was opened for this show (off None), or cannot be used here (off: the sentence saying why).
    Published once, when the show first needs media (studio/media/service.py): screens learn it without waiting."""

    off: str | None


@dataclass(frozen=True)
class ClipPlaying(Event):
    clip: str
    segment_id: str
    duration_s: float


@dataclass(frozen=True)
class ClipProgress(Event):
    clip: str
    segment_id: str
    position_s: float
    duration_s: float

    @property
    def time_left_s(self) -> float:
        return max(0.0, self.duration_s - self.position_s)


@dataclass(frozen=True)
class ClipEnded(Event):
    clip: str
    segment_id: str
    reason: ClipEndReason


@dataclass(frozen=True)
class ClipFailed(Event):
    clip: str
    segment_id: str
    message: str  # a plain sentence: missing file, not a clip, VLC error


@dataclass(frozen=True)
class CountdownBeep(Event):
    """The audio cue at 30 s and 10 s left of a segment (when countdown beeps are on)."""

    segment_id: str
    seconds_left: int


@dataclass(frozen=True)
class Tick(Event):
    state: ShowState


E = TypeVar("E", bound=Event)
Handler = Callable[[Event], None]


class EventBus:
    def __init__(self) -> None:
        self._handlers: list[tuple[tuple[type[Event], ...], Handler]] = []
        self._lock = threading.Lock()

    def subscribe(self, handler: Callable[[E], None], *types: type[E]) -> Callable[[], None]:
        """Call `handler` for events of these types (all events if none); returns an unsubscriber."""
        # publish() hands each handler only the types it asked for, so it may be stored as taking any Event
        entry: tuple[tuple[type[Event], ...], Handler] = (types or (Event,), handler)  # type: ignore[assignment]
        with self._lock:
            self._handlers = [*self._handlers, entry]

        def unsubscribe() -> None:
            with self._lock:
                self._handlers = [h for h in self._handlers if h is not entry]

        return unsubscribe

    def publish(self, event: Event) -> None:
        for types, handler in self._handlers:
            if isinstance(event, types):
                try:
                    handler(event)
                except Exception as exc:  # a broken subscriber must not stop the show
                    log.exception("event handler %r failed on %s", handler, type(event).__name__)
                    if not isinstance(event, Notice):
                        self.publish(Notice(event.at, "error", f"Internal error while handling {type(event).__name__}: {exc}", "studio"))
