"""Events told as plain sentences for the director's event log."""

from __future__ import annotations

from studio.show import events as ev
from studio.rundown.model import Rundown
from studio.questions.model import MODERATION

from ui.widgets.timefmt import over_under

_TAKEN = {"start": "show start", "go": "GO", "auto": "auto-follow", "skip": "skip", "jump": "jump",
          "back": "back", "hard": "hard start", "resume": "resume", "set_next": "set next"}

_TIMER_DONE = {"timer_start": "started", "timer_pause": "paused", "timer_reset": "reset", "timer_new": "made",
               "timer_show": "shown on the presenter screen", "timer_hide": "taken off the presenter screen"}


def describe(event: ev.Event, rundown: Rundown) -> tuple[str, str] | None:
    """(level, sentence) for the log, or None for events the director need not read."""
    title = _title_of(rundown, getattr(event, "segment_id", None))
    match event:
        case ev.Notice(level=level, message=message, source=source):
            return level, message if source in ("show", "studio", "console") else f"{source}: {message}"
        case ev.ShowStarted(resumed=resumed):
            return "info", "Show resumed." if resumed else f"Show started: {event.title}."
        case ev.ShowEnded(over_under_s=late):
            return "info", f"Show ended, {over_under(late)} against plan."
        case ev.SegmentStarted(taken_by=how):
            return "info", f"ON AIR: {title} ({_TAKEN.get(how, how)})."
        case ev.SegmentEnded(actual_duration_s=lasted, over_under_s=late):
            return "info", f"Off air: {title} after {over_under(lasted).lstrip('+')}, {over_under(late)}."
        case ev.SegmentSkipped(how="skip"):
            return "warning", f"Skipped: {title}."
        case ev.SegmentSkipped(how=how):
            return "warning", f"Dropped ({_TAKEN.get(how, how)}): {title} will not air."
        case ev.TimingWarning(level=level, remaining_s=left):
            return ("warning" if level == "warning" else "error"), f"{title}: {round(left)} s left ({level})."
        case ev.StandingBy():
            return "warning", f"STAND BY: {title} is loaded; GO takes it."
        case ev.Overtime():
            return "error", f"OVERTIME: {title} is past its time."
        case ev.CueDue(cue=cue) if getattr(cue, "message", None):
            return "info", f"Cue for the presenter: \"{cue.message}\"."
        case ev.TookOver(message=message):
            return "warning", message
        case ev.StoodDown(message=message):
            return "error", message
        case ev.RundownChanged():
            return "info", "Rundown changed: timings recomputed."
        case ev.DirectorAction(action="clear_message"):
            return None  # the message board logs who acknowledged it
        case ev.DirectorAction(action=action, detail=detail):
            return "info", _action_sentence(action, detail, rundown)
    return None


def _action_sentence(action: str, detail: dict, rundown: Rundown) -> str:
    target = _title_of(rundown, detail.get("segment_id"))
    sentences = {
        "go": "Director: GO.",
        "back": "Director: back to the previous segment.",
        "skip": f"Director: skip {target}.",
        "jump": f"Director: jump to {target}.",
        "hold": "Director: HOLD (overtime will count up).",
        "release": "Director: hold released.",
        "pause": "Director: countdown paused.",
        "resume": "Director: countdown resumed.",
    }
    if action == "set_next":
        return f"Director: next is {target}." if detail.get("segment_id") else "Director: next follows the running order."
    if action in MODERATION:  # "Director: question 3 approved."
        return f"Director: question {detail.get('question')} {MODERATION[action]}."
    if action == "delay":
        return f"Director: delay {detail.get('delay')} {'applied' if detail.get('applied') else 'cancelled'}."
    if action in _TIMER_DONE:
        return f"Director: timer {detail.get('timer')} {_TIMER_DONE[action]}."
    if action == "extend":
        seconds = detail.get("seconds", 0)
        return f"Director: {'+' if seconds > 0 else '−'}{abs(seconds):g} s on the segment."
    return sentences.get(action, f"Director: {action}.")


def _title_of(rundown: Rundown, segment_id: str | None) -> str:
    if segment_id is None:
        return ""
    return next((s.title for s in rundown.segments if s.id == segment_id), segment_id)
