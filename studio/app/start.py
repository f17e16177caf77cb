"""When a show starts: now, at a time of day, at the rundown's own date and time, or on the director's GO."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from studio.rundown.model import Rundown


@dataclass(frozen=True)
class StartPlan:
    """When the show is planned to start, and whether to take the first segment by itself then."""

    planned_start: datetime
    auto_start: bool
    note: str | None = None  # a sentence for the director about how the start was chosen
    floating: bool = False  # the plan follows the clock until the show starts (a rehearsal waiting for GO, --start now)


def plan_start(rundown: Rundown, start: str | None, now: datetime, *, auto_start: bool) -> StartPlan:
    """Anchor the rundown's plan: `now`, a time of day today, or the rundown's own date and time.

    A rundown dated another day runs as a rehearsal from now, so its drift means something.
    """
    tz = rundown.show.tz
    today = now.astimezone(tz).date()
    begins = rundown.show.start if start in (None, "now") else parse_time_of_day(start)
    yesterday = datetime.combine(today - timedelta(days=1), begins, tzinfo=tz)
    if yesterday + timedelta(seconds=rundown.planned_length()) > now:
        today = yesterday.date()  # past midnight in a show that started yesterday evening: it is that show's day
    if start == "now":  # the moment the show is ready: the plan is anchored when the first segment is taken
        return StartPlan(now, True, floating=True)
    if start is not None:
        moment = datetime.combine(today, begins, tzinfo=tz)
        if moment + timedelta(seconds=rundown.planned_length()) <= now:  # that show would be over: the next one is meant
            moment = datetime.combine(today + timedelta(days=1), begins, tzinfo=tz)  # (at 23:55, --start 00:05)
        return StartPlan(moment, True, _start_note(moment, now))
    if rundown.show.date not in (None, today):
        return StartPlan(now, auto_start, f"The rundown is dated {rundown.show.date}; running it now as a rehearsal.",
                         floating=not auto_start)
    if rundown.show.date is None and not auto_start:
        return StartPlan(now, False, floating=True)  # an undated rundown in the console: timed from GO
    moment = rundown.show.planned_start(today)
    return StartPlan(moment, auto_start, _start_note(moment, now) if auto_start else None)


def parse_time_of_day(text: str) -> time:
    try:
        return time.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'{text}' is not a time of day: write it like 19:30 or 19:30:00") from None


def _start_note(moment: datetime, now: datetime) -> str | None:
    late = round((now - moment).total_seconds())
    if late > 1:
        return f"The planned start {_clock(moment)} has passed: starting now, {timedelta(seconds=late)} late."
    if late < -1:
        return f"Waiting for the planned start {_clock(moment)}, in {timedelta(seconds=-late)}; --start now starts at once."
    return None


def _clock(moment: datetime) -> str:
    """The time of day in the rundown's timezone; on a machine whose clock is in another, named, with this one's
    time beside it (a director in Lisbon starting a Paris show with --start 19:30 means Paris's 19:30)."""
    here = moment.astimezone()
    if here.utcoffset() == moment.utcoffset():
        return f"{moment:%H:%M:%S}"
    return f"{moment:%H:%M:%S} {moment.tzinfo} ({here:%H:%M:%S} on this computer)"


class ResumeError(Exception):
    """There is nothing to resume: a plain sentence for the director."""
