"""The `studio` command with the director console: the core's CLI, given a way to open windows."""

from __future__ import annotations

import sys

from studio.cli import RunOptions
from studio.cli import main as core_main


def open_console(options: RunOptions) -> int:
    from .app import run_console  # Qt is imported only when a window is wanted

    return run_console(options)


def main(argv: list[str] | None = None) -> int:
    return core_main(argv, open_console)


if __name__ == "__main__":
    sys.exit(main())
