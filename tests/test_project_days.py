"""A multi-day event: a project file listing a rundown per day, the days sharing its exhibitors."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

from studio.rundown.days import check_project
from studio.rundown.loader import check_rundown

STUDIO = str(Path(sys.executable).parent / "studio")

PROJECT = """\
event: Garage Expo 2026
exhibitors:
  - {id: serenco, name: Serenco}
  - {id: pneumatix, name: Pneumatix}
days:
  - {date: 2026-11-05, rundown: days/day1.yaml}
  - {date: 2026-11-06, rundown: days/day2.yaml}
"""
DAY1 = """\
project: ../salon.project.yaml
show:
  title: Garage Expo, night 1
  date: 2026-11-05
  timezone: Europe/Paris
  start: "23:30"
  hard_out: "01:00"
segments:
  - {id: open, title: Open, duration: 45m, end: auto}
  - {id: serenco, title: Serenco, duration: 45m, exhibitor: serenco, start: "00:15"}
"""
DAY2 = """\
project: ../salon.project.yaml
show:
  title: Garage Expo, day 2
  timezone: Europe/Paris
  start: "19:00"
exhibitors:
  - {id: calibra, name: Calibra}
segments:
  - {id: pneumatix, title: Pneumatix, duration: 20m, exhibitor: pneumatix, end: auto}
  - {id: calibra, title: Calibra, duration: 20m, exhibitor: calibra}
"""


def event(folder: Path, project: str = PROJECT, day1: str = DAY1, day2: str = DAY2) -> Path:
    (folder / "days").mkdir(exist_ok=True)
    (folder / "days" / "day1.yaml").write_text(day1, encoding="utf-8")
    (folder / "days" / "day2.yaml").write_text(day2, encoding="utf-8")
    path = folder / "salon.project.yaml"
    path.write_text(project, encoding="utf-8")
    return path


def studio(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([STUDIO, *args], capture_output=True, text=True, timeout=60)


def test_studio_check_checks_every_day_with_the_shared_exhibitors(tmp_path: Path) -> None:
    path = event(tmp_path)
    done = studio("check", str(path))
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines() == [
        f"2026-11-05: {tmp_path / 'days' / 'day1.yaml'}: OK, 2 segments",
        f"2026-11-06: {tmp_path / 'days' / 'day2.yaml'}: OK, 2 segments",
        f"{path}: OK, Garage Expo 2026: 2 days, 2 shared exhibitors"]


def test_a_day_runs_alone_with_its_projects_exhibitors_and_its_own(tmp_path: Path) -> None:
    event(tmp_path)
    rundown, problems = check_rundown(tmp_path / "days" / "day2.yaml")
    assert problems == [] and rundown is not None
    assert {k: e.name for k, e in rundown.exhibitors.items()} == {"serenco": "Serenco", "pneumatix": "Pneumatix", "calibra": "Calibra"}
    done = studio("check", str(tmp_path / "days" / "day1.yaml"))  # a day crossing midnight, checked alone
    assert done.returncode == 0 and done.stdout.endswith("OK, 2 segments\n")


def test_each_problem_is_told_in_its_own_file(tmp_path: Path) -> None:
    path = event(tmp_path, project=PROJECT.replace("2026-11-06", "2026-11-05").replace("{id: pneumatix, name: Pneumatix}",
                                                                                        "{id: pneumatix}"),
                 day2=DAY2.replace("exhibitor: calibra}", "exhibitor: calibre}"))
    project, _, problems = check_project(path)
    assert project is None
    assert [(Path(p.path).name, p.line, p.message) for p in problems] == [
        ("salon.project.yaml", 4, "exhibitor 'pneumatix' is missing 'name'")]
    path = event(tmp_path, project=PROJECT.replace("2026-11-06", "2026-11-05"))
    assert [(p.line, p.message) for p in check_project(path)[2]] == [
        (7, "the day 2026-11-05 is listed twice (first on line 6)")]
    path = event(tmp_path, day2=DAY2.replace("exhibitor: calibra}", "exhibitor: calibre}")
                 .replace("{id: calibra, name: Calibra}", "{id: serenco, name: Serenco again}"))
    project, days, problems = check_project(path)
    assert [(Path(p.path).name, p.line, p.message) for p in problems] == [
        ("day2.yaml", 7, "exhibitor 'serenco' is in the project's exhibitors too: leave it out here, or rename it"),
        ("day2.yaml", 10, "unknown exhibitor 'calibre'")]
    assert days[1].rundown is None and days[0].rundown is not None


def test_a_day_dated_otherwise_or_not_sharing_the_exhibitors_is_named_in_the_project(tmp_path: Path) -> None:
    path = event(tmp_path, day1=DAY1.replace("date: 2026-11-05", "date: 2026-11-04"),
                 day2=DAY2.replace("project: ../salon.project.yaml\n", "").replace("exhibitor: pneumatix", "exhibitor: calibra"))
    project, days, problems = check_project(path)
    assert [(p.line, p.level, p.message) for p in problems] == [
        (6, "error", "the rundown of 2026-11-05 is dated 2026-11-04 (day1.yaml): one of the two is wrong"),
        (7, "warning", "day2.yaml does not share the project's exhibitors: write `project: ../salon.project.yaml` at its top")]
    assert project is not None and [d.day.date for d in days] == [date(2026, 11, 5), date(2026, 11, 6)]


def test_a_project_file_given_as_a_rundown_says_what_it_is(tmp_path: Path) -> None:
    path = event(tmp_path)
    rundown, problems = check_rundown(path)
    assert rundown is None and problems[0].message.startswith("this is a project file (a multi-day event), not a rundown")
    done = studio("run", str(path), "--headless")
    assert done.returncode == 1 and "this is a project file" in done.stderr


def test_a_project_that_is_a_device_or_missing_is_a_sentence(tmp_path: Path) -> None:
    event(tmp_path)
    for target, phrase in (("/dev/zero", "a rundown is at most"), ("nowhere.yaml", "cannot read the project file")):
        day = tmp_path / "days" / "day3.yaml"
        day.write_text(DAY2.replace("../salon.project.yaml", target), encoding="utf-8")
        rundown, problems = check_rundown(day)
        assert rundown is None and phrase in problems[0].message, problems


NIGHT_MARKET = Path(__file__).resolve().parent.parent / "schedules" / "night-market"


def test_the_night_market_sample_checks_clean_and_its_days_follow_the_plain_json_schema() -> None:
    import jsonschema
    from test_loader import _as_editors_see_it

    from studio.rundown.loader import read_document
    from studio.rundown.schema import schema

    done = studio("check", str(NIGHT_MARKET / "night-market.project.yaml"))
    assert (done.returncode, done.stderr) == (0, "") and done.stdout.endswith("2 days, 2 shared exhibitors\n")
    validator = jsonschema.Draft7Validator(schema(), format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    for night in ("night-1.yaml", "night-2.yaml"):
        validator.validate(_as_editors_see_it(read_document(NIGHT_MARKET / night)))
    rundown, problems = check_rundown(NIGHT_MARKET / "night-1.yaml")
    assert problems == [] and rundown is not None
    assert rundown.hard_out_offset() == rundown.planned_length() == 90 * 60  # 23:30 to 01:00
    assert {s.timer for s in rundown.segments} == {"countdown", "count_up", "time_of_day", "none"}


def test_a_day_exported_to_a_workbook_comes_back_as_a_rundown_of_its_own(tmp_path: Path) -> None:
    from studio.rundown.loader import load_rundown
    from studio.spreadsheet.exporting import export_rundown
    from studio.spreadsheet.importing import import_spreadsheet

    event(tmp_path)
    day = load_rundown(tmp_path / "days" / "day2.yaml")
    assert export_rundown(day, tmp_path / "days" / "day2.xlsx") == []
    result = import_spreadsheet(tmp_path / "days" / "day2.xlsx", tmp_path / "days" / "alone.yaml")
    assert result.problems == [] and result.rundown is not None and result.text is not None
    assert set(result.rundown.exhibitors) == {"serenco", "pneumatix", "calibra"} and "project:" not in result.text
