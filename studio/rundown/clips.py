"""The clips a rundown names, and the files that are not there (a rundown problem at the `clip:` value)."""

from __future__ import annotations

import os
from collections.abc import Iterator

from studio.rundown.problems import Locator, NodePath, Problem
from studio.rundown.model import Rundown, Segment


def named_clips(rundown: Rundown) -> Iterator[tuple[NodePath, str]]:
    """Every `clip:` of the rundown with its place in the document, segments' and cues'."""
    for i, segment in enumerate(rundown.segments):
        if segment.clip:
            yield ("segments", i, "clip"), segment.clip
        for j, cue in enumerate(segment.cues):
            if cue.clip:
                yield ("segments", i, "cues", j, "clip"), cue.clip


def opening_clip(segment: Segment) -> tuple[NodePath, str] | None:
    """The clip that plays from the segment's start (its own, else a cue's at 0 s), with its place in the segment."""
    if segment.clip:
        return ("clip",), segment.clip
    return next(((("cues", j, "clip"), cue.clip) for j, cue in enumerate(segment.cues) if cue.at == 0 and cue.clip), None)


def clip_file_problems(rundown: Rundown, where: Locator) -> Iterator[Problem]:
    for at, clip in named_clips(rundown):
        path = rundown.media_path(clip)
        if path.is_dir():
            yield where.problem(at, f"the clip '{clip}' is a folder, not a media file")
        elif not path.is_file():
            yield where.problem(at, f"clip not found: no file {os.path.abspath(path)} (clips are relative to the rundown file)")
