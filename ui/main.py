"""The `studio` command with windows: the core's CLI, given a way to open them."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from studio.app.running import hold_collections, release_collections

if TYPE_CHECKING:
    from studio.app.running import RunOptions
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
    hold_collections()  # before the core is imported: most of a start's objects are its modules
    from studio.app.cli import main as core_main

    try:
        return core_main(argv, QtWindows())
    finally:
        release_collections()


if __name__ == "__main__":
    sys.exit(main())
