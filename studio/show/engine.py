"""The show engine: which segment is on air, how long it has left, and how far the show drifts.

The engine is single-threaded and never waits (the as-run log takes its records without
waiting on the database): the live runner calls it from its show loop, tests call it
directly with a `FakeClock`.
Everything is measured on the monotonic clock; wall time comes only from the anchor taken
when the engine is built. Automatic transitions are stamped at their planned instant, not
at the moment the loop woke, so lateness in waking never accumulates into drift.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from studio.show.clock import Anchor, Clock, Timers
from studio.show.events import (
    CardChanged,
    CueDue,
    DirectorAction,
    DriftChanged,
    EventBus,
    Notice,
    Overtime,
    RundownChanged,
    ScenePreroll,
    SegmentEnded,
    SegmentSkipped,
    SegmentStarted,
    ShowEnded,
    ShowStarted,
    StandingBy,
    Tick,
    TimingWarning,
)
from studio.show.free_timers import FreeTimers
from studio.show.recording import TIMER_STATE, Recorder, ResumePoint, RunEnd, RunStart
from studio.rundown.blocks import applied_delays, delay_shifts, delayed_offsets
from studio.rundown.model import FreeTimer, Rundown, Segment
from studio.show.blocks import BlockBook, delay_timings
from studio.show.snapshot import HardStart, SegmentTiming, ShowState


@dataclass
class Run:
    """One time a segment was on air."""

    index: int
    segment_id: str
    started: float
    taken_by: str
    row_id: int | None = None
    ended: float | None = None
    ended_by: str | None = None
    extended: float = 0.0
    held: bool = False
    paused_total: float = 0.0
    fired: set[str] = field(default_factory=set)


class Engine:
    def __init__(
        self,
        rundown: Rundown,
        *,
        clock: Clock,
        timers: Timers,
        bus: EventBus,
        recorder: Recorder,
        planned_start: datetime,
        floating_start: bool = False,
    ) -> None:
        """`floating_start`: a rehearsal waiting for GO; its plan follows the clock until GO anchors it."""
        self.rundown = rundown
        self.clock = clock
        self.timers = timers
        self.bus = bus
        self.recorder = recorder
        self.planned_start = planned_start
        self.floating_start = floating_start
        self.anchor = Anchor.take(clock)
        self._hard_start_timers: list[object] = []
        self._hard_preroll_timers: list[object] = []
        self.preroll_s = 0.0  # how early scene switches are announced (set_preroll)
        self._version = 0  # bumped on every change of state, to know when the table is stale
        self._table_key: tuple[int, int] | None = None
        self._table: tuple[SegmentTiming, ...] = ()
        self._row_keys: list[tuple | None] = []  # what each row of the table was built from
        self._plans = 0  # counts _plan calls: a new plan changes planned starts and titles, so no row is reused
        self._table_plan = -1
        self._applied = applied_delays(rundown)  # the delays that count now (set_delay)
        self._plan(rundown)
        self.show_id: int | None = None
        self._runs: list[Run] = []
        self._current: Run | None = None
        self._skipped: set[int] = set()
        self._cued: int | None = None  # what GO takes instead of the following segment (set_next)
        self._started_at: float | None = None
        self._ended_at: float | None = None
        self._paused_at: float | None = None
        self._wake: object | None = None
        self._drift_reported = 0
        self._settled = float("-inf")  # the last instant the director changed something
        self.commanded_by = "console"  # who sent the command running now (commands.perform); logged as the action's "by"
        self.free_timers = FreeTimers(rundown.timers, self.anchor, rundown.show.tz, clock.monotonic())

    # ----- director actions -------------------------------------------------------------

    def start(self) -> None:
        """Put the first segment on air (GO from standby)."""
        if self._started_at is None and (first := self._following(-1)) is not None:
            now = self.clock.monotonic()
            if self.floating_start:
                self._anchor_plan(now)
            self._take(first, "start", now)
            self.poll()

    def go(self) -> None:
        """Take the next segment; on the last one, end the show."""
        if self._ended_at is not None:
            return
        if self._current is None:
            self.start()
            return
        now = self.clock.monotonic()
        self._action("go")
        self._advance(now, "go")
        self.poll()

    def back(self) -> None:
        run = self._current
        if run is None:
            return
        previous = next((i for i in range(run.index - 1, -1, -1) if i not in self._skipped), None)
        if previous is None:
            self._notice("info", "Already on the first segment.")
            return
        self._action("back")
        self._take(previous, "back", self.clock.monotonic())
        self.poll()

    def skip(self) -> None:
        """Drop the next segment from the running order."""
        index = self._next_index()
        if index is None:
            self._notice("info", "There is no next segment to skip.")
            return
        now = self.clock.monotonic()
        segment = self.rundown.segments[index]
        self._skipped.add(index)
        if self._cued == index:
            self._cued = None
        self.recorder.skipped(self._ensure_show(now), segment, self._wall(self._planned[index]))
        self._action("skip", segment_id=segment.id)
        self.bus.publish(SegmentSkipped(now, index, segment.id))
        self._after_change(now)

    def jump(self, segment_id: str) -> None:
        try:
            index = self.rundown.index_of(segment_id)
        except KeyError:
            self._notice("warning", f"There is no segment '{segment_id}' in this rundown.")
            return
        if self._ended_at is not None or (self._current and self._current.index == index):
            return
        now = self.clock.monotonic()
        self._skipped.discard(index)
        self._action("jump", segment_id=segment_id)
        self._drop_before(index, now, "jump")
        self._take(index, "jump", now)
        self.poll()

    def set_next(self, segment_id: str | None) -> None:
        """Choose what GO (or the end of an auto segment) takes, without taking it; None: back to the running order.

        Taking a segment further down drops the ones in between, logged as ended by "set_next"."""
        if segment_id is None:
            index = None
        else:
            try:
                index = self.rundown.index_of(segment_id)
            except KeyError:
                self._notice("warning", f"There is no segment '{segment_id}' in this rundown.")
                return
            if self._ended_at is not None or (self._current is not None and self._current.index == index):
                self._notice("info", "That segment is on air; choose another to take next.")
                return
            self._skipped.discard(index)
        self._cued = index
        self._action("set_next", segment_id=segment_id)
        self._after_change(self.clock.monotonic())
        if self._standing_by() is not None:  # what is loaded follows the director's choice
            self._stand_by(self.clock.monotonic())

    def timer(self, action: str, name: str) -> None:
        """Start, pause or reset a free timer (the command's guard checked `free_timers.refusal`)."""
        getattr(self.free_timers, action)(name, self.clock.monotonic())
        self._action(f"timer_{action}", timer=name)
        self._log_timer(name)

    def new_timer(self, spec: FreeTimer) -> None:
        self.free_timers.add(spec, self.clock.monotonic())
        self._action("timer_new", timer=spec.name, mode=spec.mode)
        self._log_timer(spec.name)

    def show_timer(self, name: str, on: bool) -> None:
        """Show a free timer on the presenter screen, or take it off."""
        self.free_timers.show(name, on)
        self._action("timer_show" if on else "timer_hide", timer=name)
        self._log_timer(name)

    def _log_timer(self, name: str) -> None:
        """The timer's state after a change, for a resume after a crash (before the show opens, `_ensure_show` logs it)."""
        if self.show_id is not None:
            self.recorder.event(self.show_id, self._wall(self.clock.monotonic()), TIMER_STATE,
                                self.free_timers.state(name).detail())

    def ask(self, action: str, by: str, **detail: str | float) -> None:
        """A director's request for an adapter (e.g. "reconnect_obs", "approve_question" with its `question`):
        logged and published as a DirectorAction."""
        self._action(action, by=by, **detail)

    def clear_message(self, by: str) -> None:
        """The presenter's message was read: screens take it down and the log says who cleared it."""
        self._action("clear_message", by=by)

    def hold(self) -> None:
        """Toggle hold: a held segment counts overtime instead of taking the next at zero."""
        run = self._current
        if run is None:
            return
        run.held = not run.held
        if not run.held:
            run.fired.discard("zero")  # an auto segment released past zero goes at once
        self._save_run(run)
        self._action("hold" if run.held else "release")
        self.poll()

    def extend(self, seconds: float) -> None:
        run = self._current
        if run is None or seconds == 0:
            return
        run.extended += seconds
        elapsed = self._countdown_elapsed(run, self.clock.monotonic())
        run.fired -= {key for offset, key in self._agenda(run)
                      if offset > elapsed and (key in ("warning", "alarm", "zero") or key.startswith("pre:"))}
        self._save_run(run)
        self._action("extend", seconds=seconds, extended_total=run.extended)
        self.poll()

    def pause(self) -> None:
        if self._current is None or self._paused_at is not None:
            return
        self._paused_at = self.clock.monotonic()
        self._action("pause")
        self._after_change(self._paused_at)

    def resume(self) -> None:
        if self._paused_at is None or self._current is None:
            return
        now = self.clock.monotonic()
        paused = now - self._paused_at
        self._current.paused_total += paused
        self._paused_at = None
        self._action("resume", paused_s=round(paused, 3))
        self.poll()

    def replace_rundown(self, rundown: Rundown) -> None:
        """Take an edited rundown mid-show: runs follow their segment ids, timings are recomputed."""
        ids = {segment.id: i for i, segment in enumerate(rundown.segments)}
        if self._current is not None and self._current.segment_id not in ids:
            self._notice("warning", f"The edit removes the segment on air ({self._current.segment_id}); it was not applied.")
            return
        now = self._settled = self.clock.monotonic()
        before = {delay.id for delay in self.rundown.delays}  # a delay kept keeps its live state
        self._applied = frozenset(d.id for d in rundown.delays if (d.id in self._applied if d.id in before else d.applied))
        self._skipped = {ids[self.rundown.segments[i].id] for i in self._skipped if self.rundown.segments[i].id in ids}
        self._cued = None if self._cued is None else ids.get(self.rundown.segments[self._cued].id)
        self._runs = [run for run in self._runs if run.segment_id in ids]
        for run in self._runs:
            run.index = ids[run.segment_id]
        self._plan(rundown)
        self.free_timers.declare(rundown.timers, now)
        if self._current is not None:
            self._catch_up(self._current, now)
        self.bus.publish(RundownChanged(now, rundown))
        self.poll()

    def set_delay(self, delay_id: str, on: bool | None) -> None:
        """Apply (on), cancel (off) or toggle (None) a delay entry: the plan and the projection move with it."""
        if all(delay.id != delay_id for delay in self.rundown.delays):
            known = ", ".join(delay.id for delay in self.rundown.delays) or "none in this rundown"
            self._notice("warning", f"There is no delay '{delay_id}' (delays: {known}).")
            return
        on = delay_id not in self._applied if on is None else on
        if on == (delay_id in self._applied):
            self._notice("info", f"Delay '{delay_id}' is already {'applied' if on else 'cancelled'}.")
            return
        self._applied = self._applied | {delay_id} if on else self._applied - {delay_id}
        self._plan(self.rundown)
        self._action("delay", delay=delay_id, applied=on)
        for sentence in self._conflicts:
            self._notice("warning", sentence[0].upper() + sentence[1:] + ".")
        self.poll()

    def set_preroll(self, seconds: float) -> None:
        """Announce scene switches this much early (the switcher's measured latency)."""
        changed = seconds != self.preroll_s
        self.preroll_s = seconds
        if changed:
            self._book_hard_prerolls()
        self._after_change(self.clock.monotonic())  # re-arm: a switch may now be due sooner

    # ----- time passing -----------------------------------------------------------------

    def poll(self) -> None:
        """Fire everything that has fallen due, each at its own planned instant.

        Nothing is stamped before the director's last change: a -30 s that puts zero in
        the past takes the next segment now, not back then.
        """
        now = self.clock.monotonic()
        while (run := self._current) is not None and self._paused_at is None:
            due = self._next_due(run)
            if due is None or due[0] > now:
                break
            at, key = due
            run.fired.add(key)
            self._fire(run, key, max(at, self._settled))
        self._after_change(now)

    def tick(self) -> ShowState:
        """Publish the state of the show now (the runner calls this a few times a second)."""
        now = self.clock.monotonic()
        if self.floating_start and self._started_at is None and abs(now - self._planned[0]) >= 1:
            self._anchor_plan(now)  # a rehearsal in standby: "planned" means "if we went now"
        state = self.state()
        self._report_drift(state.at, state.drift)
        self.bus.publish(Tick(state.at, state))
        return state

    # ----- resuming after a crash -------------------------------------------------------

    def restore(self, point: ResumePoint) -> None:
        """Continue a show the log says was interrupted, on the segment that was on air."""
        now = self.clock.monotonic()
        self.show_id = point.show_id
        known = {delay.id for delay in self.rundown.delays}
        for delay_id, applied in point.delays:  # the delays applied or cancelled live stay so
            if delay_id in known:
                self._applied = self._applied | {delay_id} if applied else self._applied - {delay_id}
        if point.delays:
            self._plan(self.rundown)
        for timer in point.timers:  # a Q&A countdown the presenter reads goes on where it was
            self.free_timers.restore(timer)
        self._started_at = None if point.started_at is None else self.anchor.mono_at(point.started_at)
        for logged in point.runs:
            index = self.rundown.index_of(logged.segment_id)
            if logged.actual_start is None:
                self._skipped.add(index)
                continue
            run = Run(index, logged.segment_id, self.anchor.mono_at(logged.actual_start), logged.taken_by or "go", logged.row_id,
                      extended=logged.extended_s, held=logged.held)
            if logged.actual_end is not None:
                run.ended, run.ended_by = self.anchor.mono_at(logged.actual_end), logged.ended_by
            self._runs.append(run)
        gap = (self._wall(now) - point.last_seen).total_seconds()
        self.recorder.event(self.show_id, self._wall(now), "resumed", {"gap_s": round(gap, 3), "last_seen": point.last_seen.isoformat()})
        self.bus.publish(ShowStarted(now, self.show_id, self.rundown.show.title, resumed=True))
        self._notice("warning", f"Show resumed after a gap of {gap:.0f} s; the clock kept running.")
        open_run = next((r for r in reversed(self._runs) if r.ended is None), None)
        if open_run is None:
            last = self._runs[-1].index if self._runs else -1
            if (following := self._following(last)) is not None:
                self._take(following, "resume", now)
                self.poll()
            return
        self._current = open_run
        segment = self.rundown.segments[open_run.index]
        self.bus.publish(SegmentStarted(open_run.started, open_run.index, segment.id, self._planned[open_run.index], "resume"))
        self._catch_up(open_run, now)
        if segment.end == "auto" and not open_run.held and self._remaining(open_run, now) <= 0:
            self._advance(now, "resume")
        elif self._standing_by() is not None:  # past zero before the crash or in the gap: loaded again (OBS preview)
            self._stand_by(now)
        self.poll()

    # ----- state ------------------------------------------------------------------------

    @property
    def on_air(self) -> Segment | None:
        return None if self._current is None else self.rundown.segments[self._current.index]

    @property
    def up_next(self) -> Segment | None:
        index = self._next_index()
        return None if index is None else self.rundown.segments[index]

    @property
    def ended(self) -> bool:
        return self._ended_at is not None

    def state(self) -> ShowState:
        now = self.clock.monotonic()
        run = self._current
        next_index = self._next_index()
        elapsed = remaining = 0.0
        level, card = "ok", None
        if run is not None:
            segment = self.rundown.segments[run.index]
            elapsed = now - run.started
            countdown = self._countdown_elapsed(run, now)
            remaining = self._allowed(run) - countdown
            level = ("overtime" if remaining < 0 else "alarm" if remaining <= self.rundown.alarm_for(segment)
                     else "warning" if remaining <= self.rundown.warning_for(segment) else "ok")
            card = self._card_at(run, countdown)
        projected, hard_start = self._project(now, run, remaining)
        drift = self._drift(now, run, remaining)
        projected_end = projected[-1] if self._ended_at is None else self._ended_at
        table = self._timings(next_index, projected, now)
        return ShowState(
            at=now,
            wall=self._wall(now),
            phase=self._phase(),
            on_air=None if run is None else run.index,
            next=next_index,
            elapsed=elapsed,
            remaining=remaining,
            level=level,
            held=bool(run and run.held),
            card=card,
            drift=drift,
            planned_end=self._wall(self._planned_end),
            projected_end=self._wall(projected_end),
            over_under=projected_end - self._planned_end,
            hard_out=None if self._hard_out is None else self._wall(self._hard_out),
            to_hard_out=None if self._hard_out is None else self._hard_out - now,
            hard_out_slack=None if self._hard_out is None else self._hard_out - projected_end,
            next_hard_start=hard_start,
            segments=table,
            starts_in=self._starts_in(now),
            blocks=self._blocks.timings(table, self._wall(now), None if run is None else run.index,
                                        None if run is None else self._wall(now + max(remaining, 0.0))),
            delays=self._delays,
            conflicts=self._conflicts,
            timer="countdown" if run is None else self.rundown.segments[run.index].timer,
            standing_by=self._standing_by(),
            timers=self.free_timers.readings(now),
        )

    # ----- internals ----------------------------------------------------------------------

    def _starts_in(self, now: float) -> float | None:
        """Seconds until the planned start, in standby (negative once it has passed)."""
        if self._started_at is not None or self._ended_at is not None or self.floating_start:
            return None
        first = self._next_index()
        return None if first is None else self._planned[first] - now

    def _drop_before(self, index: int, at: float, how: str) -> list[int]:
        """Log as dropped (ended by `how`) every segment that would have aired before `index` and now never will."""
        current = -1 if self._current is None else self._current.index
        aired = {run.index for run in self._runs}
        dropped = [i for i in range(current + 1, index) if i not in self._skipped and i not in aired]
        for i in dropped:
            segment = self.rundown.segments[i]
            self._skipped.add(i)
            self.recorder.skipped(self._ensure_show(at), segment, self._wall(self._planned[i]), how=how)
            self.bus.publish(SegmentSkipped(at, i, segment.id, how))
        return dropped

    def _anchor_plan(self, now: float) -> None:
        self.planned_start = self._wall(now)
        self._plan(self.rundown)

    def _plan(self, rundown: Rundown) -> None:
        """Place the rundown on the show clock and book its hard starts."""
        self.rundown = rundown
        base = self.anchor.mono_at(self.planned_start)
        offsets, conflicts = delayed_offsets(rundown, self._applied)
        self._shifts = delay_shifts(rundown, self._applied)
        self._conflicts = tuple(conflict.sentence(rundown) for conflict in conflicts)
        self._blocks = BlockBook(rundown)
        self._delays = delay_timings(rundown, self._applied)
        self._planned = [base + offset for offset in offsets]
        self._planned_wall = [self._wall(mono) for mono in self._planned]
        self._planned_end = base + (offsets[-1] + rundown.segments[-1].duration if offsets else 0.0)
        self._version += 1
        self._plans += 1
        hard_out = rundown.hard_out_offset()
        self._hard_out = None if hard_out is None else base + hard_out
        for handle in self._hard_start_timers:
            self.timers.cancel(handle)
        self._hard_start_timers = [
            self.timers.call_at_wall(self._hard_start_wall(segment), lambda segment_id=segment.id: self._hard_start(segment_id))
            for segment in rundown.segments if segment.start is not None]
        self._book_hard_prerolls()

    def _hard_start_wall(self, segment: Segment) -> datetime:
        assert segment.start is not None
        return self.planned_start + timedelta(seconds=self.rundown.show.offset_of(segment.start))

    def _book_hard_prerolls(self) -> None:
        """A hard start's scene is known in advance too: announce it `preroll_s` early."""
        for handle in self._hard_preroll_timers:
            self.timers.cancel(handle)
        preroll = timedelta(seconds=self.preroll_s)
        self._hard_preroll_timers = [
            self.timers.call_at_wall(self._hard_start_wall(segment) - preroll,
                                     lambda segment=segment: self._hard_preroll(segment))
            for segment in self.rundown.segments if segment.start is not None and segment.scene and preroll]

    def _hard_preroll(self, segment: Segment) -> None:
        index = self.rundown.index_of(segment.id)
        if self._ended_at is None and index not in self._skipped and not any(run.index == index for run in self._runs):
            due = self.anchor.mono_at(self._hard_start_wall(segment))
            self.bus.publish(ScenePreroll(self.clock.monotonic(), due, segment.scene or "", segment.id))

    def _catch_up(self, run: Run, now: float) -> None:
        """Mark what is already past in this run as done, and show the card that should be up."""
        elapsed = self._countdown_elapsed(run, now)
        run.fired = {key for offset, key in self._agenda(run) if offset <= elapsed}
        if (card := self._card_at(run, elapsed)) is not None:
            self.bus.publish(CardChanged(now, run.segment_id, card))

    def _phase(self) -> str:
        if self._ended_at is not None:
            return "ended"
        if self._current is None:
            return "standby"
        return "paused" if self._paused_at is not None else "on_air"

    def _wall(self, mono: float) -> datetime:
        return self.anchor.wall_at(mono)

    def _following(self, index: int) -> int | None:
        return next((i for i in range(index + 1, len(self.rundown.segments)) if i not in self._skipped), None)

    def _next_index(self) -> int | None:
        if self._ended_at is not None:
            return None
        if self._cued is not None:
            return self._cued
        return self._following(-1 if self._current is None else self._current.index)

    def _allowed(self, run: Run) -> float:
        return self.rundown.segments[run.index].duration + run.extended

    def _countdown_elapsed(self, run: Run, now: float) -> float:
        paused = run.paused_total + (now - self._paused_at if self._paused_at is not None and run is self._current else 0.0)
        return (now if run.ended is None else run.ended) - run.started - paused

    def _agenda(self, run: Run) -> list[tuple[float, str]]:
        """Offsets into the countdown at which something happens in this run."""
        segment = self.rundown.segments[run.index]
        allowed = self._allowed(run)
        items = [(card.at, f"card:{i}") for i, card in enumerate(segment.cards)]
        items += [(cue.at, f"cue:{i}") for i, cue in enumerate(segment.cues)]
        for key, threshold in (("warning", self.rundown.warning_for(segment)), ("alarm", self.rundown.alarm_for(segment))):
            if allowed - threshold > 0:
                items.append((allowed - threshold, key))
        items.append((allowed, "zero"))
        if self.preroll_s > 0:
            items += [(offset - self.preroll_s, f"pre:{key}") for offset, key, _, _ in self._scene_switches(run)
                      if offset - self.preroll_s > 0]
        return sorted(items)

    def _scene_switches(self, run: Run) -> list[tuple[float, str, str, str]]:
        """Scene switches due later in this run that are known in advance: (offset, key, scene, segment id)."""
        segment = self.rundown.segments[run.index]
        switches = [(cue.at, f"cue:{i}", cue.scene, segment.id) for i, cue in enumerate(segment.cues) if cue.scene and cue.at > 0]
        following = self._next_index()
        if segment.end == "auto" and not run.held and following is not None:
            upcoming = self.rundown.segments[following]
            if upcoming.scene:
                switches.append((self._allowed(run), "zero", upcoming.scene, upcoming.id))
        return switches

    def _next_due(self, run: Run) -> tuple[float, str] | None:
        origin = run.started + run.paused_total
        return next(((origin + offset, key) for offset, key in self._agenda(run) if key not in run.fired), None)

    def _card_at(self, run: Run, countdown: float) -> int | None:
        cards = self.rundown.segments[run.index].cards
        passed = [i for i, card in enumerate(cards) if card.at <= countdown]
        return max(passed, key=lambda i: (cards[i].at, i)) if passed else None

    def _fire(self, run: Run, key: str, at: float) -> None:
        segment = self.rundown.segments[run.index]
        kind, _, number = key.partition(":")
        if kind == "pre":
            offset, _, scene, owner = next(switch for switch in self._scene_switches(run) if switch[1] == number)
            self.bus.publish(ScenePreroll(at, run.started + run.paused_total + offset, scene, owner))
        elif kind == "card":
            self.bus.publish(CardChanged(at, segment.id, int(number)))
        elif kind == "cue":
            self.bus.publish(CueDue(at, segment.id, int(number), segment.cues[int(number)]))
        elif kind in ("warning", "alarm"):
            remaining = self._allowed(run) - self._countdown_elapsed(run, at)
            self.recorder.event(self.show_id, self._wall(at), kind, {"segment_id": segment.id, "remaining_s": round(remaining, 3)})
            self.bus.publish(TimingWarning(at, segment.id, kind, remaining))
        elif segment.end == "auto" and not run.held:
            self._advance(at, "auto")
        else:
            if segment.end == "standby" and not run.held:
                self._stand_by(at)
            self.recorder.event(self.show_id, self._wall(at), "overtime", {"segment_id": segment.id})
            self.bus.publish(Overtime(at, segment.id))

    def _standing_by(self) -> int | None:
        """The next segment while an end: standby segment past zero waits for GO (not held), else None."""
        run = self._current
        if run is None or run.held or "zero" not in run.fired or self.rundown.segments[run.index].end != "standby":
            return None
        return self._next_index()

    def _stand_by(self, at: float) -> None:
        """Load the next segment without taking it: OBS previews its scene, the presenter sees its first card."""
        index = self._next_index()
        if index is None:
            return
        upcoming = self.rundown.segments[index]
        self.recorder.event(self.show_id, self._wall(at), "standby", {"segment_id": upcoming.id})
        self.bus.publish(StandingBy(at, index, upcoming.id, upcoming.scene))

    def _advance(self, at: float, how: str) -> None:
        following = self._next_index()
        if following is None:
            self._end_show(at, how)
            return
        if following == self._cued:
            self._drop_before(following, at, "set_next")
        self._take(following, how, at)

    def _take(self, index: int, how: str, at: float) -> None:
        """End what is on air and put `index` on air at `at`, recorded in the log first.

        Callers poll afterwards, so the new segment's cards and cues at 0 fire in order.
        """
        show_id = self._ensure_show(at)
        previous, end = self._close_current(at, how)
        self._cued = None
        segment = self.rundown.segments[index]
        run = Run(index, segment.id, at, how)
        start = RunStart(segment, self._wall(self._planned[index]), self._wall(at), how)
        run.row_id = self.recorder.transition(show_id, end, start)
        self._runs.append(run)
        self._current = run
        if self._started_at is None:
            self._started_at = at
            self.bus.publish(ShowStarted(at, show_id, self.rundown.show.title))
        if previous is not None and end is not None:
            self._publish_ended(previous, end, at)
        self.bus.publish(SegmentStarted(at, index, segment.id, self._planned[index], how))

    def _close_current(self, at: float, ended_by: str) -> tuple[Run | None, RunEnd | None]:
        run = self._current
        if run is None:
            return None, None
        if self._paused_at is not None:
            run.paused_total += at - self._paused_at
            self._paused_at = None
        run.ended, run.ended_by = at, ended_by
        self._current = None
        duration = at - run.started
        planned = self.rundown.segments[run.index].duration
        return run, RunEnd(run.row_id or 0, self._wall(at), duration, duration - planned, ended_by)

    def _publish_ended(self, run: Run, end: RunEnd, at: float) -> None:
        segment_id = self.rundown.segments[run.index].id
        self.bus.publish(SegmentEnded(at, run.index, segment_id, end.ended_by, end.actual_duration_s, end.over_under_s))

    def _end_show(self, at: float, how: str) -> None:
        show_id = self._ensure_show(at)
        run, end = self._close_current(at, how)
        self.recorder.transition(show_id, end, None)
        self._ended_at = at
        self.recorder.close_show(show_id, self._wall(at))
        if run is not None and end is not None:
            self._publish_ended(run, end, at)
        self.bus.publish(ShowEnded(at, show_id, at - self._planned_end))
        self._after_change(at)

    def _hard_start(self, segment_id: str) -> None:
        now = self.clock.monotonic()
        index = self.rundown.index_of(segment_id)
        segment = self.rundown.segments[index]
        aired = any(run.index == index for run in self._runs)
        if self._ended_at is not None or aired or index in self._skipped:
            return
        dropped = self._drop_before(index, now, "skip")
        self.recorder.event(self._ensure_show(now), self._wall(now), "hard_start",
                            {"segment_id": segment.id, "dropped": [self.rundown.segments[i].id for i in dropped]})
        self._take(index, "hard", now)
        self.poll()

    def _ensure_show(self, at: float) -> int:
        if self.show_id is None:
            self.show_id = self.recorder.open_show(self.rundown.show.title, str(self.rundown.path.resolve()), self.planned_start,
                                                   self.rundown.exhibitors.values())
            for name in self.free_timers.names():  # as the director set them before the show
                self._log_timer(name)
        return self.show_id

    def _save_run(self, run: Run) -> None:
        if run.row_id is not None:
            self.recorder.update_run(run.row_id, extended_s=run.extended, held=run.held)

    def _action(self, action: str, **detail: Any) -> None:
        now = self._settled = self.clock.monotonic()
        if self._current is not None:
            detail.setdefault("on_air", self.rundown.segments[self._current.index].id)
        logged = detail if self.commanded_by == "console" else {"by": self.commanded_by, **detail}  # the console unsaid
        self.recorder.event(self.show_id, self._wall(now), action, logged)
        self.bus.publish(DirectorAction(now, action, detail))

    def _notice(self, level: str, message: str) -> None:
        """A sentence for the director; the as-run log records every notice from the bus."""
        self.bus.publish(Notice(self.clock.monotonic(), level, message))

    def _after_change(self, now: float) -> None:
        """Re-arm the single wake-up timer for whatever falls due next."""
        self._version += 1
        if self._wake is not None:
            self.timers.cancel(self._wake)
            self._wake = None
        run = self._current
        if run is not None and self._paused_at is None and (due := self._next_due(run)) is not None:
            self._wake = self.timers.call_at(due[0], self.poll)
        self._report_drift(now, self._drift(now, run, self._remaining(run, now)))

    def _remaining(self, run: Run | None, now: float) -> float:
        return 0.0 if run is None else self._allowed(run) - self._countdown_elapsed(run, now)

    def _drift(self, now: float, run: Run | None, remaining: float) -> float:
        """How late the show runs against plan (+ late, - early), judged by the segment on air."""
        if self._ended_at is not None:
            return self._ended_at - self._planned_end
        if run is None:
            first = self._next_index()
            return 0.0 if first is None else max(0.0, now - self._planned[first])
        planned_end = self._planned[run.index] + self.rundown.segments[run.index].duration
        return now + max(remaining, 0.0) - planned_end

    def _report_drift(self, now: float, drift: float) -> None:
        whole = round(drift)
        if whole != self._drift_reported:
            self._drift_reported = whole
            self.bus.publish(DriftChanged(now, drift))

    def _project(self, now: float, run: Run | None, remaining: float) -> tuple[list[float], HardStart | None]:
        """Projected starts of every segment still to come, then the projected end, last."""
        segments = self.rundown.segments
        projected = [float("nan")] * len(segments)
        first = self._next_index()
        if first is None:  # ended, or nothing left to air: no row gets a projected start
            end = self._ended_at if self._ended_at is not None else now + max(remaining, 0.0)
            return [*projected, end], None
        t = now + max(remaining, 0.0) if run is not None else max(now, self._planned[first])
        hard_start = None
        for i in range(first, len(segments)):
            if i in self._skipped:
                continue
            if segments[i].start is not None:
                if hard_start is None:
                    hard_start = HardStart(segments[i].id, self._planned_wall[i], self._planned[i] - now, self._planned[i] - t)
                t = self._planned[i]
            elif i in self._shifts and (i != first or run is not None):  # a delay ahead (in standby, the plan holds it)
                t += self._shifts[i][0]
            projected[i] = t
            t += segments[i].duration
        return [*projected, t], hard_start

    def _timings(self, next_index: int | None, projected: list[float], now: float) -> tuple[SegmentTiming, ...]:
        """The rundown table. Rebuilt when something changed or the projection moved by a
        second (overtime, pause); otherwise only the on-air row's air time is refreshed."""
        key = (self._version, round(projected[-1]))
        if self._table_key != key:
            self._table_key, self._table = key, self._build_table(next_index, projected, now)
        if self._current is None:
            return self._table
        row = self._table[self._current.index]
        aired = self._aired(self._current.index, now)
        table = list(self._table)
        table[row.index] = replace(row, actual_duration=aired, over_under=aired - row.planned_duration)
        return tuple(table)

    def _aired(self, index: int, now: float) -> float:
        return sum((run.ended if run.ended is not None else now) - run.started for run in self._runs if run.index == index)

    def _build_table(self, next_index: int | None, projected: list[float], now: float) -> tuple[SegmentTiming, ...]:
        """Rows whose values did not change since the last build are the same objects (screens
        compare rows by identity, so a tick costs them only what changed)."""
        current = None if self._current is None else self._current.index
        first_start: dict[int, float] = {}
        air: dict[int, float] = {}
        for run in self._runs:
            first_start.setdefault(run.index, run.started)
            air[run.index] = air.get(run.index, 0.0) + (run.ended if run.ended is not None else now) - run.started
        segments = self.rundown.segments
        reuse = self._table_plan == self._plans and len(self._table) == len(segments)
        old, keys = (self._table, self._row_keys) if reuse else ((), [None] * len(segments))
        timings = []
        for i, segment in enumerate(segments):
            aired = air.get(i)
            if i in self._skipped:
                status = "skipped"
            elif i == current:
                status = "on_air"
            elif i == next_index:
                status = "next"
            elif aired is not None:
                status = "done"
            elif current is not None and i < current or self._ended_at is not None:
                status = "not_aired"
            else:
                status = "upcoming"
            key = (status, projected[i] if projected[i] == projected[i] else None, first_start.get(i), aired)
            if reuse and keys[i] == key:
                timings.append(old[i])
                continue
            keys[i] = key
            timings.append(SegmentTiming(
                index=i,
                segment_id=segment.id,
                title=segment.title,
                status=status,
                planned_start=self._planned_wall[i],
                planned_duration=segment.duration,
                projected_start=None if projected[i] != projected[i] else self._wall(projected[i]),
                actual_start=self._wall(first_start[i]) if i in first_start else None,
                actual_duration=aired,
                over_under=None if aired is None else aired - segment.duration,
            ))
        self._row_keys, self._table_plan = keys, self._plans
        return tuple(timings)
