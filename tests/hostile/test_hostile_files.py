"""Files studio writes (issue 13): with the process umask (0644 under umask 022), never 0600 from a temporary
file; and the demo show runs from the user's copy, so running it leaves the source tree as it was."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest

from studio.app.cli import main
from studio.app.demo import BUNDLED, demo_for_command
from studio.rundown.editing import set_duration
from studio.rundown.loader import load_rundown
from studio.app.session import LiveShow

ROOT = Path(__file__).resolve().parents[2]
STUDIO = str(Path(sys.executable).parent / "studio")
RUNDOWN = """\
show:
  title: Files test
  timezone: Europe/Paris
  start: "19:30:00"
segments:
  - {id: opening, title: Opening, duration: 1m, end: auto}
  - {id: closing, title: Closing, duration: 1m, end: auto}
"""


@pytest.fixture(params=[0o022, 0o027], ids=["umask022", "umask027"])
def umask(request) -> Iterator[int]:
    """The process umask for the test (022 the usual one, 027 to show the mode follows it)."""
    before = os.umask(request.param)
    yield request.param
    os.umask(before)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_export_and_import_write_files_with_the_umask(umask, tmp_path):
    rundown = tmp_path / "show.yaml"
    rundown.write_text(RUNDOWN, encoding="utf-8")
    for sheet in (tmp_path / "show.xlsx", tmp_path / "show.csv"):
        assert main(["export", str(rundown), "-o", str(sheet)]) == 0
        assert mode(sheet) == 0o666 & ~umask
    imported = tmp_path / "imported.yaml"
    assert main(["import", str(tmp_path / "show.xlsx"), "-o", str(imported)]) == 0
    assert mode(imported) == 0o666 & ~umask  # 0644 under umask 022
    assert sorted(p.name for p in tmp_path.iterdir()) == ["imported.yaml", "show.csv", "show.xlsx", "show.yaml"]


def test_a_replaced_file_keeps_its_mode(tmp_path):
    before = os.umask(0o022)
    try:
        rundown = tmp_path / "show.yaml"
        rundown.write_text(RUNDOWN, encoding="utf-8")
        sheet = tmp_path / "show.csv"
        for chosen in (0o640, 0o444):  # the user chose who reads it, or made it read-only
            sheet.write_text("old")
            os.chmod(sheet, chosen)
            assert main(["export", str(rundown), "-o", str(sheet)]) == 0
            assert mode(sheet) == chosen and sheet.read_text(encoding="utf-8-sig") != "old"
            os.chmod(sheet, 0o644)
    finally:
        os.umask(before)


def test_the_consoles_live_edit_saves_with_the_umask(umask, tmp_path, db_dir):
    from ui.console.live_edit import LiveEditor

    path = tmp_path / "show.yaml"
    path.write_text(RUNDOWN, encoding="utf-8")  # a new file: 0666 less the umask, as the save must keep it
    show = LiveShow(load_rundown(path), db_dir / "studio.db", auto_start=False)
    show.run()
    try:
        edited = LiveEditor(show, path).apply(lambda text: set_duration(text, "opening", "30s"))
    finally:
        show.close()
    assert edited.segments[0].duration == 30.0 and load_rundown(path).segments[0].duration == 30.0
    assert mode(path) == 0o666 & ~umask
    assert [p.name for p in tmp_path.iterdir()] == ["show.yaml"]


# ----- the demo runs from the user's copy -------------------------------------------------------------


def git_status() -> str:
    return subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True,
                          check=True).stdout


def test_running_the_demo_copies_it_once_and_leaves_the_source_tree_clean(tmp_path):
    data = tmp_path / "data"
    env = {**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(data), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    for name in ("STUDIO_ORDERS_SECRET", "STUDIO_CONTROL_TOKEN", "STUDIO_OBS_PASSWORD"):
        env.pop(name, None)
    segments = len(load_rundown(BUNDLED).segments)
    before = git_status()

    def run_demo() -> subprocess.CompletedProcess:
        return subprocess.run([STUDIO, "run", "--headless", "--start", "now", "--db", str(tmp_path / "a.db")],
                              input="go\n" * (segments + 1), capture_output=True, text=True, timeout=120, env=env,
                              cwd=tmp_path, umask=0o022)

    done = run_demo()
    assert done.returncode == 0, done.stderr
    assert sum("ON AIR" in line for line in done.stdout.splitlines()) == segments
    copy = data / "studio" / "demo" / "schedules" / "demo.yaml"
    assert copy.read_bytes() == BUNDLED.read_bytes() and mode(copy) == 0o644
    clip = data / "studio" / "demo" / "assets" / "media" / "lemaire-vt.mp4"
    assert clip.read_bytes() == (ROOT / "assets" / "media" / "lemaire-vt.mp4").read_bytes()
    assert git_status() == before

    copy.write_text(copy.read_text(encoding="utf-8") + "# the director's own edit\n", encoding="utf-8")
    assert run_demo().returncode == 0
    assert copy.read_text(encoding="utf-8").endswith("# the director's own edit\n")  # copied once, then the user's
    assert git_status() == before


def test_a_data_folder_that_cannot_be_written_is_a_sentence(tmp_path, capsys):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    assert demo_for_command(folder=blocker / "demo") == 2
    err = capsys.readouterr().err
    assert err.startswith(f"studio: cannot copy the demo show to {blocker / 'demo'}") and "Traceback" not in err
