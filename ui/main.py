"""The `studio` command with the director console: the core's CLI, given a way to open windows."""

from __future__ import annotations

import sys
from pathlib import Path

from studio.cli import main as core_main
from studio.obs.settings import ObsConnection
from studio.rundown import Rundown


def open_console(rundown: Rundown, db: Path, start: str | None, resume: bool, obs: ObsConnection | None,
                 notices: list[str]) -> int:
    from .app import run_console  # Qt is imported only when a window is wanted

    return run_console(rundown, db, start=start, resume=resume, obs=obs, notices=notices)


def main(argv: list[str] | None = None) -> int:
    return core_main(argv, open_console)


if __name__ == "__main__":
    sys.exit(main())
