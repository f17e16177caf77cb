"""The packaged app: PyInstaller builds the one-folder Linux bundle from packaging/studio.spec,
and the bundle — not the source tree — checks and runs the demo show, writes a report,
round-trips a spreadsheet and opens the console."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
pytest.importorskip("PyInstaller", reason="PyInstaller is in the 'package' extra: pip install -e '.[package]'")

ROOT = Path(__file__).resolve().parents[1]
DEMO_SEGMENTS = 7


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built app's folder (dist/studio), built once for this module."""
    build = tmp_path_factory.mktemp("build")
    done = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(build / "dist"), "--workpath", str(build / "work"), str(ROOT / "packaging" / "studio.spec")],
        capture_output=True, text=True, timeout=1200, cwd=build)
    assert done.returncode == 0, done.stderr[-5000:]
    return build / "dist" / "studio"


@pytest.fixture
def home(tmp_path: Path) -> dict[str, str]:
    """An environment with a home of its own: no settings, keyring or data of the machine's user."""
    env = {**os.environ, "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "XDG_DATA_HOME": str(tmp_path / "data"), "QT_QPA_PLATFORM": "offscreen"}
    env.pop("STUDIO_OBS_PASSWORD", None)
    return env


def run(bundle: Path, *args: str, env: dict[str, str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(bundle / "studio"), *args], capture_output=True, text=True, timeout=120, env=env,
                          **kwargs)


def test_the_bundle_checks_its_demo(bundle: Path, home: dict[str, str]) -> None:
    demo = bundle / "_internal" / "schedules" / "demo.yaml"
    done = run(bundle, "check", str(demo), env=home)
    assert (done.returncode, done.stdout) == (0, f"{demo}: OK, {DEMO_SEGMENTS} segments\n"), done.stderr
    assert done.stderr == ""  # nor "Media playback is off": the bundle found the system's libvlc


def test_the_bundle_runs_the_demo_show_headless_and_reports_on_it(bundle: Path, home: dict[str, str],
                                                                   tmp_path: Path) -> None:
    db = tmp_path / "asrun.db"
    started = time.monotonic()
    # no rundown given: the bundled demo. Each 'go' takes the next segment, and one more ends the
    # show (the first may come before the show started by itself, and start it): it ends in seconds.
    done = run(bundle, "run", "--headless", "--start", "now", "--db", str(db), env=home,
               input="go\n" * (DEMO_SEGMENTS + 1))
    assert done.returncode == 0, done.stderr
    assert time.monotonic() - started < 15  # the demo itself lasts 3m15s
    lines = done.stdout.splitlines()
    assert sum("ON AIR" in line for line in lines) == DEMO_SEGMENTS
    assert "SHOW END" in lines[-1] and "Traceback" not in done.stderr
    report = tmp_path / "report.html"
    done = run(bundle, "report", "--db", str(db), "--format", "html", "-o", str(report), env=home)
    assert done.returncode == 0, done.stderr
    assert "<svg" in report.read_text(encoding="utf-8")  # matplotlib's charts, inline


def test_the_bundle_exports_and_imports_a_spreadsheet(bundle: Path, home: dict[str, str], tmp_path: Path) -> None:
    demo, sheet, again = bundle / "_internal" / "schedules" / "demo.yaml", tmp_path / "demo.xlsx", tmp_path / "again.yaml"
    assert run(bundle, "export", str(demo), "-o", str(sheet), env=home).returncode == 0
    done = run(bundle, "import", str(sheet), "-o", str(again), env=home)
    assert done.returncode == 0, done.stderr
    assert run(bundle, "check", str(again), env=home).returncode == 0


def test_the_bundle_opens_the_director_console(bundle: Path, home: dict[str, str], tmp_path: Path) -> None:
    console = subprocess.Popen([str(bundle / "studio"), "run", "--db", str(tmp_path / "asrun.db")], env=home,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        time.sleep(6)
        assert console.poll() is None, console.communicate()[1]  # still up: Qt and its plugins loaded
    finally:
        console.terminate()
        _, err = console.communicate(timeout=30)
    assert "Traceback" not in err and "qt.qpa.plugin" not in err, err


def test_the_bundle_holds_the_data_files_and_leaves_out_what_it_must(bundle: Path) -> None:
    inside = bundle / "_internal"
    data = [path.relative_to(ROOT) for folder in ("studio", "ui", "assets") for path in (ROOT / folder).rglob("*")
            if path.is_file() and path.suffix not in (".py", ".pyc") and "__pycache__" not in path.parts]
    assert Path("studio/rundown/rundown.schema.json") in data and Path("assets/icon.svg") in data
    assert [path for path in data if not (inside / path).is_file()] == []
    assert not list(inside.rglob("libvlc*")), "libvlc comes with VLC, matching its plugins"
    assert not (inside / "tkinter").exists() and not list(inside.rglob("_tkinter*"))
    assert not list(inside.rglob("libQt6Qml*")) and not list(inside.rglob("libQt6Quick*"))
