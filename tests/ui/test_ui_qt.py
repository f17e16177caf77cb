"""PySide6 as the windows import it (ui/qt.py): later imports are not read again for `__feature__`."""

from __future__ import annotations

import inspect
import sys

import pytest

from ui import qt  # noqa: F401  (as ui/app.py imports it)


def test_a_module_imported_after_qt_is_not_read_for_pyside_features(tmp_path, monkeypatch) -> None:
    read: list[object] = []
    real = inspect.getsource
    monkeypatch.setattr(inspect, "getsource", lambda obj: read.append(obj) or real(obj))
    (tmp_path / "late_window.py").write_text("from PySide6.QtWidgets import QLabel\n\nLABEL = QLabel\n")
    (tmp_path / "late_core.py").write_text("ANSWER = 42\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in ("late_window", "late_core"):
        monkeypatch.delitem(sys.modules, name, raising=False)
        __import__(name)  # an import statement's way: through the hook PySide6 puts on `__import__`
    feature = pytest.importorskip("shibokensupport.feature")
    assert read == []
    assert {name: feature.pyside_feature_dict[name] for name in ("late_window", "late_core")} == {
        "late_window": 0, "late_core": 0}  # "no feature": Qt's own names, as every module of studio uses
