"""A pace hint after an attempt: the time taken against the slot, and one piece of advice.

Times read as the rehearsal window's clock does (4:30 is four minutes thirty), whatever the
show's locale. Thresholds (docs/rehearsal.md):
- on time: up to 5 % over the slot (at least 5 s: running long eats the next exhibitor's
  time) and up to 10 % under it (at least 10 s: a short gap the presenter fills);
- words a minute, from the words on the segment's cards over the time taken, only after 20 s
  of speech or more (a few seconds give a figure that means nothing), only when the cards
  read like a script (60 words a minute or more; below that they are notes) and never for an
  interview (the cards are the presenter's questions): under 110 slow, 110 to 170
  comfortable, over 170 fast. Presentations are usually given at 130-160 words a minute.

One piece of advice, never two that pull apart: short and fast, slow down; short otherwise,
add a point; long and slow, pick up the pace; long otherwise, cut something; on time and
fast, breathe between cards; on time otherwise, nothing to change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

from studio.rehearsal.plan import minutes

if TYPE_CHECKING:
    from studio.rehearsal.run import SegmentResult

LONG_SHARE, LONG_MIN_S = 0.05, 5.0  # over the slot by more than both: too long
SHORT_SHARE, SHORT_MIN_S = 0.10, 10.0  # under the slot by more than both: too short
MIN_SPEECH_S = 20.0  # words a minute only over this much speech
SCRIPT_WPM = 60.0
SLOW_WPM = 110.0
FAST_WPM = 170.0


@dataclass(frozen=True)
class PaceHint:
    verdict: str  # on_time | short | long | stopped
    wpm: float | None  # None when the cards are notes, the segment an interview, or the speech too short to tell
    sentence: str


def count_words(texts: Iterable[str]) -> int:
    return sum(len(re.findall(r"\w+", text)) for text in texts)


def pace_hint(result: SegmentResult) -> PaceHint:
    taken, slot = minutes(result.duration_s), minutes(result.planned_s)
    if not result.completed:
        return PaceHint("stopped", None, f"Stopped after {taken} of a {slot} {result.noun}, "
                                         f"on card {len(result.splits)} of {result.cards}.")
    wpm = words_a_minute(result)
    pace = None if wpm is None else _pace_word(wpm)
    spoke = f"You spoke {taken} of a {slot} {result.noun}" + ("" if wpm is None else f" (about {round(wpm)} words a minute)")
    if result.over_under_s < -max(SHORT_MIN_S, SHORT_SHARE * result.planned_s):
        verdict, advice = "short", ": slow down and breathe between cards." if pace == "fast" else ": add a point."
    elif result.over_under_s > max(LONG_MIN_S, LONG_SHARE * result.planned_s):
        verdict = "long"
        advice = f": {'pick up the pace' if pace == 'slow' else 'cut something'} — on air the slot ends at {slot}."
    else:
        verdict, advice = "on_time", " — on time, but fast: breathe between cards." if pace == "fast" else " — on time."
    return PaceHint(verdict, wpm, spoke + advice)


def words_a_minute(result: SegmentResult) -> float | None:
    if result.kind == "interview" or result.duration_s < MIN_SPEECH_S:
        return None
    wpm = result.words / (result.duration_s / 60.0)
    return wpm if wpm >= SCRIPT_WPM else None


def _pace_word(wpm: float) -> str:
    return "slow" if wpm < SLOW_WPM else "fast" if wpm > FAST_WPM else "comfortable"
