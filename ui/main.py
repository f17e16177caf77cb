"""The `studio` command with windows: the core's CLI, given a way to open them."""

from __future__ import annotations

import sys

from studio.app.cli import RunOptions
from studio.app.cli import main as core_main
from studio.rehearsal.command import RehearsalOptions


class QtWindows:
    """The core's `Windows`; Qt is imported only when a window is wanted."""

    def console(self, options: RunOptions) -> int:
        from ui.app import run_console

        return run_console(options)

    def rehearsal(self, options: RehearsalOptions) -> int:
        from ui.rehearsal.window import run_rehearsal

        return run_rehearsal(options)


def main(argv: list[str] | None = None) -> int:
    return core_main(argv, QtWindows())


if __name__ == "__main__":
    sys.exit(main())
