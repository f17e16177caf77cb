"""Live edits of the running rundown: edit the file's text, check it, save it, swap it into the show.

Nothing is written unless the edited rundown loads cleanly; the problem comes back as an
`EditError` sentence for the console to show inline. Every applied edit can be undone and
redone: the file's text before and after is kept, and undoing applies the older text the
same checked way.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from studio.rundown.editing import EditError, save_text
from studio.app.session import ConsoleShow
from studio.rundown.loader import parse_document
from studio.rundown.model import Rundown

UNDO_DEPTH = 50


class LiveEditor:
    def __init__(self, show: ConsoleShow, path: Path) -> None:
        self._show = show
        self.path = path
        self._undo: list[str] = []  # the file's text before each applied edit, newest last
        self._redo: list[str] = []

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def apply(self, edit: Callable[[str], str]) -> Rundown:
        """Apply `edit` (text -> text) to the rundown file and the running show; raises EditError."""
        text = self._read()
        rundown = self._swap(edit(text))
        self._undo = [*self._undo[-UNDO_DEPTH + 1:], text]
        self._redo.clear()
        return rundown

    def undo(self) -> Rundown:
        """Put back the text before the last edit; raises EditError when there is nothing to undo."""
        return self._step(self._undo, self._redo, "Nothing to undo.")

    def redo(self) -> Rundown:
        return self._step(self._redo, self._undo, "Nothing to redo.")

    def _step(self, source: list[str], target: list[str], nothing: str) -> Rundown:
        """Apply the newest text of `source`; the file's text now goes onto `target` once that succeeded."""
        if not source:
            raise EditError(nothing)
        text = self._read()
        rundown = self._swap(source[-1])
        target.append(text)
        source.pop()
        return rundown

    def _read(self) -> str:
        try:
            return self.path.read_text(encoding="utf-8")
        except OSError as exc:
            raise EditError(f"Cannot read {self.path}: {exc.strerror}.") from None

    def _swap(self, new_text: str) -> Rundown:
        from studio.rundown.roundtrip import yaml_round_trip  # ruamel only once the director edits

        rundown, problems = parse_document(yaml_round_trip().load(new_text), self.path)
        if rundown is None:
            raise EditError("Not applied: " + "; ".join(str(problem) for problem in problems))
        save_text(self.path, new_text)
        self._show.replace_rundown(rundown)
        return rundown
