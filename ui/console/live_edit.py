"""Live edits of the running rundown: edit the file's text, check it, save it, swap it into the show.

Nothing is written unless the edited rundown loads cleanly; the problem comes back as an
`EditError` sentence for the console to show inline.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from studio.rundown.editing import EditError, save_text
from studio.app.session import LiveShow
from studio.rundown.loader import parse_document, yaml_round_trip
from studio.rundown.model import Rundown


class LiveEditor:
    def __init__(self, show: LiveShow, path: Path) -> None:
        self._show = show
        self.path = path

    def apply(self, edit: Callable[[str], str]) -> Rundown:
        """Apply `edit` (text -> text) to the rundown file and the running show; raises EditError."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except OSError as exc:
            raise EditError(f"Cannot read {self.path}: {exc.strerror}.") from None
        new_text = edit(text)
        rundown, problems = parse_document(yaml_round_trip().load(new_text), self.path)
        if rundown is None:
            raise EditError("Not applied: " + "; ".join(str(problem) for problem in problems))
        save_text(self.path, new_text)
        self._show.replace_rundown(rundown)
        return rundown
