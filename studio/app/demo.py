"""The demo show runs from the user's own copy, never from the bundled sample.

`studio run` with no rundown copies schedules/demo.yaml and the clips it names into the
user's data folder once (`~/.local/share/studio/demo/` on Linux), keeping their places
relative to each other, and runs that copy: live edits are saved there, and the source
tree or the installed app is never written to. A copy made before is run as it is.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from platformdirs import user_data_path

from studio.rundown.clips import named_clips
from studio.rundown.editing import write_atomically
from studio.rundown.loader import load_for_command
from studio.rundown.model import Rundown

BUNDLED = Path(__file__).resolve().parents[2] / "schedules" / "demo.yaml"


def demo_folder() -> Path:
    return user_data_path("studio", appauthor=False) / "demo"


def demo_for_command(bundled: Path = BUNDLED, folder: Path | None = None) -> Path | int:
    """The user's copy of the demo rundown, made on first use; or, after saying why on stderr, the exit code."""
    folder = folder or demo_folder()
    copy = folder / bundled.parent.name / bundled.name  # .../demo/schedules/demo.yaml: clips keep their "../assets/..."
    if copy.is_file():
        return copy
    loaded = load_for_command(bundled)
    if isinstance(loaded, int):
        return loaded
    try:
        _copy(loaded, bundled, copy, folder)
    except OSError as exc:
        print(f"studio: cannot copy the demo show to {folder}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    return copy


def _copy(rundown: Rundown, bundled: Path, copy: Path, folder: Path) -> None:
    """The clips inside the demo folder first, the rundown last and whole: a copy cut short is made again."""
    for _, clip in named_clips(rundown):
        source, target = rundown.media_path(clip), (copy.parent / clip).resolve()
        if source.is_file() and folder.resolve() in target.parents and not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    copy.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(copy, lambda path: shutil.copyfile(bundled, path))
