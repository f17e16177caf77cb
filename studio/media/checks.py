"""`studio check`: VT segments whose planned duration disagrees with their clip's real length."""

from __future__ import annotations

from studio.rundown.durations import spoken_duration
from studio.rundown.loader import locator
from studio.rundown.problems import Problem
from studio.rundown.model import Rundown

from studio.rundown.clips import opening_clip
from studio.media.probe import ClipError, clip_duration
from studio.media.runtime import open_vlc

# Rundowns are written in whole seconds; a VT may keep a second of slate after its clip.
TOLERANCE_S = 1.0
PROBE_OPTIONS = ("--no-video", "--no-audio")


def vt_length_warnings(rundown: Rundown) -> list[Problem]:
    """A warning at each VT segment's duration that is off its clip's length by more than TOLERANCE_S.

    A VT's clip is its own `clip`, else the clip of a cue at 0 s.
    Opens libvlc only when the rundown has a VT with a clip; raises MediaOff when it cannot.
    """
    vts = [(i, segment, found) for i, segment in enumerate(rundown.segments)
           if segment.kind == "vt" and (found := opening_clip(segment))]
    if not vts:
        return []
    vlc = open_vlc(PROBE_OPTIONS)
    where = locator(rundown.path)
    warnings = []
    try:
        for i, segment, (place, clip) in vts:
            try:
                length = clip_duration(vlc, rundown.media_path(clip))
            except ClipError as exc:
                warnings.append(where.problem(("segments", i, *place), str(exc), level="warning"))
                continue
            gap = segment.duration - round(length)
            if abs(gap) > TOLERANCE_S:
                effect = f"{spoken_duration(gap)} with nothing to show" if gap > 0 else f"its last {spoken_duration(-gap)} cut"
                message = (f"VT '{segment.id}' is planned for {spoken_duration(segment.duration)} but its clip "
                           f"{clip} runs {spoken_duration(length)}: {effect}")
                warnings.append(where.problem(("segments", i, "duration"), message, level="warning"))
    finally:
        vlc.release()
    return warnings
