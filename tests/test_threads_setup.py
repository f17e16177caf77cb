"""packaging/setup.sh: usage before any install, and no pip work when nothing changed (a second run needs no network)."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of what setup.sh reads: itself and pyproject.toml (empty packages: nothing to compile)."""
    (tmp_path / "packaging").mkdir()
    shutil.copy(ROOT / "packaging" / "setup.sh", tmp_path / "packaging" / "setup.sh")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "studio").mkdir()
    (tmp_path / "ui").mkdir()
    return tmp_path


def setup(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", str(project / "packaging" / "setup.sh"), *args], capture_output=True, text=True,
                          timeout=120, env={"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "HOME": str(project)})


@pytest.mark.parametrize("args, code", [(["--help"], 0), (["-h"], 0), (["bogus"], 2), (["tset", "-k", "x"], 2)])
def test_help_and_unknown_modes_print_usage_and_install_nothing(project: Path, args: list[str], code: int) -> None:
    result = setup(project, *args)
    assert result.returncode == code
    assert "usage: bash packaging/setup.sh MODE" in (result.stdout if code == 0 else result.stderr)
    assert "Installing" not in result.stdout + result.stderr
    assert not (project / ".venv").exists()


def test_pip_runs_only_when_pyproject_changed(project: Path) -> None:
    # a real virtual environment without pip: any attempt to use pip fails loudly
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(project / ".venv")], check=True)
    digest = hashlib.sha256((project / "pyproject.toml").read_bytes()).hexdigest()
    (project / ".venv" / ".studio-installed").write_text(f"{digest} test,package\n")

    unchanged = setup(project, "test")
    assert "No module named pip" not in unchanged.stderr
    assert "No module named pytest" in unchanged.stderr  # it got as far as running the tests

    with (project / "pyproject.toml").open("a") as pyproject:
        pyproject.write("\n# changed\n")
    changed = setup(project, "test")
    assert "No module named pip" in changed.stderr  # a changed pyproject.toml is installed again
