"""Exported workbooks opened by a real LibreOffice (headless): printed, recomputed; a planner's CSV made a workbook there."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from studio.rundown.loader import load_rundown
from studio.spreadsheet.exporting import export_rundown
from studio.spreadsheet.importing import import_spreadsheet

ROOT = Path(__file__).resolve().parents[2]
GARAGE = ROOT / "schedules" / "garage-expo-day1.yaml"
SOFFICE = shutil.which("soffice")

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed (packaging/setup.sh test installs it)")]


@pytest.fixture(scope="module")
def profile(tmp_path_factory) -> Path:
    """One LibreOffice user profile for the module: its first start is the slow one."""
    return tmp_path_factory.mktemp("libreoffice-profile")


def convert(profile: Path, source: Path, to: str, folder: Path) -> Path:
    """`soffice --headless --convert-to`: the converted file, named as LibreOffice names it."""
    folder.mkdir(exist_ok=True)
    done = subprocess.run([SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", to,
                           "--outdir", str(folder), str(source)], capture_output=True, text=True, timeout=180)
    converted = folder / f"{source.stem}.{to.split(':')[0]}"
    assert done.returncode == 0 and converted.is_file(), (done.stdout, done.stderr)
    return converted


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("export") / "garage.xlsx"
    export_rundown(load_rundown(GARAGE), target)
    return target


def test_the_workbook_prints_landscape_on_a_few_pages_with_its_header_on_each(profile, exported, tmp_path) -> None:
    pdf = convert(profile, exported, "pdf", tmp_path)
    pages = int(re.search(r"^Pages:\s+(\d+)", subprocess.check_output(["pdfinfo", str(pdf)], text=True), re.M)[1])
    assert pages <= 18  # was 29 portrait pages with the columns split; nine sheets (a page each for Blocks, Delays
    # and Fields), 58 segments and 156 cards
    sizes = re.findall(r"size:\s+([\d.]+) x ([\d.]+)", subprocess.check_output(
        ["pdfinfo", "-f", "1", "-l", str(pages), str(pdf)], text=True))
    assert len(sizes) == pages and all(float(width) > float(height) for width, height in sizes)
    texts = [subprocess.check_output(["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"], text=True)
             for n in range(1, pages + 1)]
    segments = [text for text in texts if "Segments — page" in text]
    assert len(segments) == 1  # the running order on one page, every column of it
    assert re.search(r"Planned start\s+Id\s+Title\s+Kind\s+Exhibitor\s+Duration\s+Running total\s+Start\s+End\s+Scene\s+Notes",
                     segments[0])
    assert re.search(r"19:30:00\s+opening\s+Opening", segments[0]) and "21:00:00 martel-pitch" in segments[0]
    cards = [text for text in texts if "Cards — page" in text]
    assert len(cards) > 1 and all(re.match(r"\s*Segment\s+At\s+Text", text) for text in cards)


def test_libreoffice_computes_the_starts_the_running_total_and_a_sum_of_durations(profile, exported, tmp_path) -> None:
    rundown = load_rundown(GARAGE)
    book = load_workbook(exported)
    last = len(rundown.segments) + 1
    book["Segments"][f"Z{last + 2}"] = f"=SUM(F2:F{last})"  # a planner's own total of the Duration column
    (tmp_path / "in").mkdir()
    book.save(tmp_path / "in" / "summed.xlsx")
    saved = convert(profile, tmp_path / "in" / "summed.xlsx", "xlsx", tmp_path)  # as deep as the export: clips stay found
    recomputed = load_workbook(saved, data_only=True)
    sheet = recomputed["Segments"]
    total = timedelta(seconds=sum(s.duration for s in rundown.segments))
    assert isinstance(sheet[f"Z{last + 2}"].value, float)  # a number: LibreOffice summed the cells
    assert _seconds(sheet[f"Z{last + 2}"].value) == total.total_seconds() == 3 * 3600 - 60
    assert [_seconds(row[0]) for row in sheet.iter_rows(min_row=2, max_row=last, min_col=7, max_col=7, values_only=True)][-1] \
        == total.total_seconds()
    starts = [row[0] for row in sheet.iter_rows(min_row=2, max_row=last, max_col=1, values_only=True)]
    assert [_clock(start) for start in starts] == _planned_starts(rundown)
    again = import_spreadsheet(saved, GARAGE.parent / "again.yaml")  # as LibreOffice saved it: the same rundown
    assert again.problems == []
    assert (again.rundown.show, again.rundown.exhibitors, again.rundown.segments) == (
        rundown.show, rundown.exhibitors, rundown.segments)


def test_a_planners_csv_made_a_workbook_by_libreoffice_imports(profile, tmp_path) -> None:
    source = tmp_path / "planning.csv"
    source.write_text("Garage Expo — day 2,,,,\n,,,,\nId,Title,Kind,Exhibitor,Duration\n"
                      "opening,Opening,opening,,3 min\nser-pitch,Serenco — pitch,pitch,serenco,4'30\n"
                      "ser-demo,Serenco — demo,demo,serenco,4:30\nclosing,Closing,closing,,0:01:30\n", encoding="utf-8")
    workbook = convert(profile, source, "xlsx", tmp_path / "saved")
    result = import_spreadsheet(workbook, tmp_path / "day2.yaml", {"start": "19:30"})
    assert [str(p) for p in result.problems] == []
    assert [(s.id, s.duration, s.exhibitor) for s in result.rundown.segments] == [
        ("opening", 180, None), ("ser-pitch", 270, "serenco"), ("ser-demo", 270, "serenco"), ("closing", 90, None)]


def _planned_starts(rundown) -> list[time]:
    """Each segment at its hard start, else when the one before ends; the first at the show's start."""
    at, starts = datetime.combine(datetime.min, rundown.show.start), []
    for segment in rundown.segments:
        at = datetime.combine(datetime.min, segment.start) if segment.start else at
        starts.append(at.time())
        at += timedelta(seconds=segment.duration)
    return starts


def _seconds(value: float | time | timedelta) -> int:
    """A length LibreOffice computed, to the second: a number of days (a General cell), a time or a timedelta."""
    if isinstance(value, timedelta):
        return round(value.total_seconds())
    if isinstance(value, time):
        return round(value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6)
    return round(value * 86400)


def _clock(value: time | datetime) -> time:
    """A time of day LibreOffice computed, to the second (floating point days)."""
    moment = datetime.combine(datetime.min, value if isinstance(value, time) else value.time())
    return (moment + timedelta(microseconds=500_000)).replace(microsecond=0).time()
