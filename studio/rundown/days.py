"""A multi-day event checked as a whole: the project file, then each day's rundown with the shared exhibitors."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from studio.rundown.loader import check_rundown
from studio.rundown.model import Rundown
from studio.rundown.problems import Problem, has_errors
from studio.rundown.project import Project, ProjectDay, bounded_text, is_project, read_project
from studio.rundown.reading import read


@dataclass(frozen=True)
class CheckedDay:
    day: ProjectDay
    rundown: Rundown | None  # None: it has errors


def looks_like_project(path: Path) -> bool:
    """Whether the file is a project file (days, no segments); False for anything unreadable (the loader says why)."""
    try:
        return is_project(read(bounded_text(path)))
    except Exception:  # noqa: BLE001 - not a project: the rundown checker reports what is wrong with it
        return False


def check_project(path: Path) -> tuple[Project | None, list[CheckedDay], list[Problem]]:
    """The project, each day's rundown (None where it has errors) and every problem, the project's first."""
    project, problems = read_project(path)
    if project is None:
        return None, [], problems
    days = []
    for i, day in enumerate(project.days):
        rundown, found = check_rundown(day.rundown)
        problems += found
        days.append(CheckedDay(day, rundown))
        if rundown is not None:
            problems += _day_problems(project, i, rundown)
    return project, days, problems


def _day_problems(project: Project, i: int, rundown: Rundown) -> list[Problem]:
    day, at = project.days[i], ("days", i)
    problems = []
    if rundown.show.date not in (None, day.date):
        problems.append(project.where.problem((*at, "date"), f"the rundown of {day.date} is dated {rundown.show.date} "
                                                             f"({day.rundown.name}): one of the two is wrong"))
    shared = [str(exhibitor.get("id")) for exhibitor in project.exhibitors]
    if any(ident not in rundown.exhibitors for ident in shared):
        problems.append(project.where.problem(
            (*at, "rundown"), f"{day.rundown.name} does not share the project's exhibitors: "
                              f"write `project: {_relative(project.path, day.rundown)}` at its top", level="warning"))
    return problems


def _relative(project: Path, rundown: Path) -> str:
    return os.path.relpath(project, rundown.parent)


def check_project_command(path: Path) -> int:
    """`studio check PROJECT`: every problem as FILE:LINE:COL: message, then a line per day; 1 with errors."""
    project, days, problems = check_project(path)
    failed = project is None or has_errors(problems)
    for problem in problems:
        print(problem, file=sys.stderr if failed else sys.stdout)
    if project is None or failed:
        return 1
    for each in days:
        print(f"{each.day.date}: {each.day.rundown}: OK, {len(each.rundown.segments) if each.rundown else 0} segments")
    print(f"{path}: OK, {project.event}: {len(days)} days, {len(project.exhibitors)} shared exhibitors")
    return 0
