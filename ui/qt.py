"""PySide6, imported once the way the windows want it: without reading the source of every later import.

Importing PySide6 replaces `__import__`; after each import, PySide6's `__feature__` support (the opt-in
`snake_case` and `true_property` spellings) reads the new module's whole source with `inspect.getsource`
to see whether it mentions PySide6, and files the answer as "no feature" (it does) or "ignore" (it does
not). That is 20–60 ms of a console start-up (docs/benchmarks-ui.md). No module of studio, and no library
it uses, selects a feature, so "no feature" is right for every module: a module filed so keeps Qt's own
names, which is what all of them use. Answering that without reading anything gives the same Qt.
"""

from __future__ import annotations

import sys
from types import ModuleType

import PySide6.QtCore  # noqa: F401  (installs PySide6's import hook, which this module then eases)


def _uses_pyside(module: ModuleType) -> bool:
    return True


def ease_imports() -> None:
    """File every module imported from now on as "no feature" without reading its source; a PySide6
    without this hook (a later version may drop it) is left as it is."""
    feature = sys.modules.get("shibokensupport.feature")
    if feature is not None and hasattr(feature, "_mod_uses_pyside"):
        setattr(feature, "_mod_uses_pyside", _uses_pyside)


ease_imports()
