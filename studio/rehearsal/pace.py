"""A pace hint after an attempt: the time taken against the slot, and words a minute when the cards hold a script.

Thresholds (docs/rehearsal.md):
- on time: up to 5 % over the slot (at least 5 s: running long eats the next exhibitor's
  time) and up to 10 % under it (at least 10 s: a short gap the presenter fills);
- words a minute, from the words on the segment's cards over the time taken, only when the
  cards read like a script (60 words a minute or more; below that they are notes and the
  figure would mean nothing) and never for an interview (the cards are the presenter's
  questions): under 110 slow, 110 to 170 comfortable, over 170 fast. Presentations are
  usually given at 130-160 words a minute.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

from babel import Locale, UnknownLocaleError
from babel.numbers import format_decimal

if TYPE_CHECKING:
    from studio.rehearsal.run import SegmentResult

LONG_SHARE, LONG_MIN_S = 0.05, 5.0  # over the slot by more than both: too long
SHORT_SHARE, SHORT_MIN_S = 0.10, 10.0  # under the slot by more than both: too short
SCRIPT_WPM = 60.0
SLOW_WPM = 110.0
FAST_WPM = 170.0


@dataclass(frozen=True)
class PaceHint:
    verdict: str  # on_time | short | long | stopped
    wpm: float | None  # None when the cards are notes, or the segment an interview
    sentence: str


def count_words(texts: Iterable[str]) -> int:
    return sum(len(re.findall(r"\w+", text)) for text in texts)


def pace_hint(result: SegmentResult, locale: str = "en") -> PaceHint:
    loc = _locale(locale)
    taken, slot = _minutes(result.duration_s, loc), _minutes(result.planned_s, loc)
    if not result.completed:
        reached = len(result.splits)
        return PaceHint("stopped", None, f"Stopped after {taken} min of a {slot} min {result.noun}, "
                                         f"on card {reached} of {result.cards}.")
    wpm = words_a_minute(result)
    spoke = f"You spoke {taken} min of a {slot} min {result.noun}"
    if result.over_under_s < -max(SHORT_MIN_S, SHORT_SHARE * result.planned_s):
        verdict = "short"
        sentence = f"{spoke}: {_short_advice(wpm)}."
    elif result.over_under_s > max(LONG_MIN_S, LONG_SHARE * result.planned_s):
        verdict = "long"
        sentence = f"{spoke}: cut something — on air the slot ends at {slot} min."
    else:
        verdict, sentence = "on_time", f"{spoke} — on time."
    if wpm is not None:
        sentence += f" About {format_decimal(round(wpm), locale=loc)} words a minute — {_pace_word(wpm)}."
    return PaceHint(verdict, wpm, sentence)


def words_a_minute(result: SegmentResult) -> float | None:
    if result.kind == "interview" or result.duration_s <= 0:
        return None
    wpm = result.words / (result.duration_s / 60.0)
    return wpm if wpm >= SCRIPT_WPM else None


def _short_advice(wpm: float | None) -> str:
    """Too short: talking too fast, or too little to say."""
    if wpm is None:
        return "slow down or add a point"
    return "slow down" if wpm > FAST_WPM else "add a point"


def _pace_word(wpm: float) -> str:
    return "slow" if wpm < SLOW_WPM else "fast: breathe between cards" if wpm > FAST_WPM else "comfortable"


def _minutes(seconds: float, loc: Locale) -> str:
    return format_decimal(seconds / 60.0, format="0.0", locale=loc)


def _locale(tag: str) -> Locale:
    try:
        return Locale.parse(tag.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return Locale.parse("en")
