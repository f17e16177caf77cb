"""Hostile rundown files: each refused by `studio check` at its FILE:LINE:COL, fast, never a traceback.

Time bounds are generous (2 s) so they hold on a loaded machine; the real figures are measured in
benchmarks/bench_loader.py (docs/benchmarks-loader.md).
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from datetime import time as clock, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hostilekit import HEAD, five_mb, laughs
from openpyxl import Workbook

from studio.app.cli import main
from studio.rundown.loader import check_rundown
from studio.rundown.problems import MAX_PROBLEMS, Problem
from studio.rundown.reading import ALIAS_BUDGET, MAX_BYTES, MAX_VALUES
from studio.spreadsheet.importing import import_spreadsheet

STUDIO = str(Path(sys.executable).parent / "studio")
BOUND_S = 2.0


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def checked(path: Path) -> tuple[list[Problem], float]:
    began = time.perf_counter()
    rundown, problems = check_rundown(path)
    took = time.perf_counter() - began
    assert rundown is None and problems, "a hostile file was accepted"
    return problems, took


def refused(tmp_path: Path, text: str, line: int, col: int, phrase: str) -> Problem:
    """`studio check` (in process) exits 1 with one located sentence, in well under BOUND_S."""
    path = write(tmp_path, text)
    problems, took = checked(path)
    assert took < BOUND_S, f"{took:.2f} s"
    assert len(problems) == 1, "\n".join(map(str, problems))
    problem = problems[0]
    assert (problem.line, problem.col) == (line, col), str(problem)
    assert phrase in problem.message and problem.message.count("\n") == 0
    assert main(["check", str(path)]) == 1
    return problem


# Measures the command's own peak memory: a child forked from pytest would count pytest's pages as its own,
# so a small launcher (its own size is a few MB) starts the command and reports its child's peak on a last line.
MEASURE = ("import resource, subprocess, sys; done = subprocess.run(sys.argv[1:]); "
           "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); sys.exit(done.returncode)")


def studio_check(path: Path) -> tuple[subprocess.CompletedProcess[str], float, float]:
    """The real command: its result, wall time and its own peak memory in MB."""
    began = time.perf_counter()
    measured = subprocess.run([sys.executable, "-c", MEASURE, STUDIO, "check", str(path)], capture_output=True,
                              text=True, timeout=60)
    took = time.perf_counter() - began
    stderr, _, peak_kb = measured.stderr.rstrip("\n").rpartition("\n")
    result = subprocess.CompletedProcess([STUDIO, "check", str(path)], measured.returncode, measured.stdout,
                                         stderr + "\n" if stderr else "")
    return result, took, int(peak_kb) / 1024


def assert_no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr + result.stdout, result.stderr


# --- aliases ----------------------------------------------------------------------------------

PLACES = {  # where a bomb goes off, on line 2 or 5
    "title": HEAD.replace("title: Hostile", "title: BOMB") + "segments:\n  - {id: a, title: A, duration: 1m}\n",
    "notes": HEAD + "segments:\n  - {id: a, title: A, duration: 1m, notes: BOMB}\n",
    "cue text": HEAD + "segments:\n  - {id: a, title: A, duration: 1m, cues: [{at: 1s, text: {Lower Third: BOMB}}]}\n",
    "card text": HEAD + "segments:\n  - {id: a, title: A, duration: 1m, cards: [{text: BOMB}]}\n",
}


@pytest.mark.parametrize("place", list(PLACES))
def test_a_billion_laughs_is_refused_at_the_alias(tmp_path: Path, place: str) -> None:
    text = PLACES[place].replace("BOMB", laughs())
    line = 2 if place == "title" else 5
    # 9 + 9 * 10 + 9 * 91 + ... passes 100,000 at l5's first alias
    col = text.splitlines()[line - 1].index("&l5 [") + len("&l5 [") + 1
    refused(tmp_path, text, line, col, "aliases repeat more than 100,000 values")


def test_a_billion_laughs_through_the_real_command(tmp_path: Path) -> None:
    path = write(tmp_path, PLACES["card text"].replace("BOMB", laughs()))
    result, took, _ = studio_check(path)
    assert result.returncode == 1 and took < 10  # a fresh interpreter's imports included
    assert re.match(rf"{re.escape(str(path))}:5:\d+: aliases repeat more than 100,000 values", result.stderr)
    assert_no_traceback(result)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(levels=st.integers(min_value=1, max_value=12), width=st.integers(min_value=1, max_value=12))
def test_aliases_are_refused_exactly_past_the_budget(tmp_path: Path, levels: int, width: int) -> None:
    """What aliases repeat is counted without expanding: a file is refused iff it is over the budget."""
    text = HEAD + f"segments:\n  - {{id: a, title: A, duration: 1m, notes: x}}\nbombs: {laughs(levels, width)}\n"
    # each level's aliases repeat the whole previous level: width * size(l[i-1]), where size counts the list itself
    sizes = [1 + width]
    for _ in range(1, levels):
        sizes.append(1 + width * sizes[-1])
    repeated = sum(width * size for size in sizes[:-1])
    began = time.perf_counter()
    rundown, problems = check_rundown(write(tmp_path, text))
    assert time.perf_counter() - began < BOUND_S
    over = [p for p in problems if "aliases repeat more than" in p.message]
    assert bool(over) == (repeated > ALIAS_BUDGET), (repeated, problems)
    if not over:  # a harmless use of anchors: only the unknown key 'bombs' is wrong
        assert [p.message for p in problems] == ["unknown key 'bombs' in the rundown"]


def test_an_alias_inside_its_own_anchor(tmp_path: Path) -> None:
    refused(tmp_path, HEAD + "segments: &loop\n  - *loop\n", 5, 5, "the alias *loop is inside its own anchor &loop")


def test_a_merge_of_defaults_is_still_fine(tmp_path: Path) -> None:
    defaults = "defaults: &pitch {kind: pitch, duration: 4m, scene: Exhibitor Cam}\n"
    segments = "segments:\n" + "".join(f"  - {{<<: *pitch, id: s{i}, title: S{i}}}\n" for i in range(50))
    rundown, problems = check_rundown(write(tmp_path, HEAD.replace("show:", defaults + "show:") + segments))
    assert [p.message for p in problems] == ["unknown key 'defaults' in the rundown"]


# --- keys -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "col", "phrase"),
    [
        (HEAD + "segments:\n  - &seg {id: a, title: A, duration: 1m}\n  - {*seg : x}\n", 6, 6, "an alias (*seg) cannot be a key"),
        (HEAD + "  &t note: x\n  *t : y\nsegments: []\n", 5, 3, "an alias (*t) cannot be a key"),
        (HEAD + "segments:\n  - ? [id, title]\n    : a\n", 5, 7, "a key must be a name, not a list or a mapping"),
        (HEAD + "segments:\n  - {{id: a}: b}\n", 5, 6, "a key must be a name, not a list or a mapping"),
        (HEAD + "segments:\n  - {id: a, title: A, duration: 1m, id: b}\n", 5, 37, 'duplicate key "id" (first on line 5)'),
    ],
)
def test_keys_that_are_not_names(tmp_path: Path, text: str, line: int, col: int, phrase: str) -> None:
    refused(tmp_path, text, line, col, phrase)


@pytest.mark.parametrize(
    ("tag", "phrase"),
    [("!!python/object:os.system", "does not use YAML tags like !!python/object:os.system"),
     ("!!binary", "does not use YAML tags like !!binary"), ("!custom", "does not use YAML tags like !custom")],
)
def test_tags_are_refused(tmp_path: Path, tag: str, phrase: str) -> None:
    refused(tmp_path, HEAD + f"segments:\n  - {{id: a, title: {tag} x, duration: 1m}}\n", 5, 20, phrase)


# --- size and shape ---------------------------------------------------------------------------


def test_a_5_mb_rundown_is_refused_in_a_moment_and_little_memory(tmp_path: Path) -> None:
    path = write(tmp_path, five_mb())
    result, took, peak_mb = studio_check(path)
    assert result.returncode == 1 and took < 10 and peak_mb < 200, (took, peak_mb)
    assert result.stderr.startswith(f"{path}:1:1: the file is 5.0 MB; a rundown is at most {MAX_BYTES / 1e6:.1f} MB")
    assert_no_traceback(result)
    _, took = checked(path)
    assert took < BOUND_S


def test_too_many_values_under_the_size_limit(tmp_path: Path) -> None:
    flat = "segments: [" + "1," * MAX_VALUES + "1]\n"
    # values so far: the root mapping, 'show' and its mapping, 2 settings (key and value), 'segments' and its list
    first_too_many = MAX_VALUES - 9
    problem = refused(tmp_path, HEAD + flat, 4, 12 + 2 * first_too_many, f"more than {MAX_VALUES:,} values")
    assert problem.level == "error"


@pytest.mark.parametrize("text", ["[" * 100_000 + "]" * 100_000, "- " * 50_000 + "x\n", "a: " + "{b: " * 20_000 + "}" * 20_000])
def test_deep_nesting_is_refused_before_libyaml_recurses(tmp_path: Path, text: str) -> None:
    """libyaml's composer recurses in C: 100,000 brackets crash the interpreter. Run it for real."""
    path = write(tmp_path, text)
    result, took, _ = studio_check(path)
    assert result.returncode == 1 and took < 10, result
    assert "nested more than 100 deep" in result.stderr
    assert_no_traceback(result)


# --- absurd values ----------------------------------------------------------------------------


def segment(**values: str) -> str:
    fields = {"id": "a", "title": "A", "duration": "1m"} | values
    return HEAD + "segments:\n  - {" + ", ".join(f"{k}: {v}" for k, v in fields.items()) + "}\n"


@pytest.mark.parametrize(
    ("text", "value", "phrase"),
    [
        (segment(duration="1e300"), "1e300", "duration 1e+300 is longer than a day"),
        (segment(duration="99999999999999999999h"), "9999", "duration 99999999999999999999h is longer than a day"),
        (segment(duration="25h"), "25h", "duration 25h is longer than a day"),
        (segment(duration=".inf"), ".inf", "duration inf is longer than a day"),
        (segment(duration=".nan"), ".nan", "bad duration nan: it is not a number"),
        (segment(warning="1e300"), "1e300", "duration 1e+300 is longer than a day"),
        (segment(transition="{name: Fade, duration: 99999999999ms}"), "9999", "is longer than a day"),
        (segment(duration="0s", end="auto"), "0s", "a 0-second segment with end: auto is on air for no time at all"),
        (segment(duration="0", end="auto"), "0,", "give it a duration, or end: hold"),
    ],
)
def test_absurd_values_are_errors_with_a_fix(tmp_path: Path, text: str, value: str, phrase: str) -> None:
    refused(tmp_path, text, 5, column(text, 5, value), phrase)


def column(text: str, line: int, value: str) -> int:
    return text.splitlines()[line - 1].index(value) + 1


@pytest.mark.parametrize(("price", "shown"), [(".nan", "nan"), (".inf", "inf"), ("1e999", "inf")])
def test_a_price_that_is_not_an_amount(tmp_path: Path, price: str, shown: str) -> None:
    exhibitors = f"exhibitors:\n  - {{id: s, name: S, products: [{{sku: X, name: Y, price: {price}}}]}}\n"
    text = HEAD + exhibitors + "segments:\n  - {id: a, title: A, duration: 1m, exhibitor: s}\n"
    refused(tmp_path, text, 5, column(text, 5, price), f"price {shown} is not an amount of money")


def test_a_negative_price_still_says_so(tmp_path: Path) -> None:
    exhibitors = "exhibitors:\n  - {id: s, name: S, products: [{sku: X, name: Y, price: -.inf}]}\n"
    problems, _ = checked(write(tmp_path, HEAD + exhibitors + "segments:\n  - {id: a, title: A, duration: 1m}\n"))
    assert [(p.line, p.col) for p in problems] == [(5, column(exhibitors, 2, "-.inf"))] * len(problems)
    assert any("cannot be less than 0" in p.message for p in problems)


def test_segments_that_cannot_fit_in_a_day(tmp_path: Path) -> None:
    segments = "".join(f"  - {{id: s{i}, title: S, duration: 5h}}\n" for i in range(6))
    problem = refused(tmp_path, HEAD + "segments:\n" + segments, 9, column(segments, 5, "5h"), "the segments cannot fit the show")
    assert "segment 's4' would end 25h after the start" in problem.message


def test_a_show_past_midnight_is_not_refused(tmp_path: Path) -> None:
    """23:50 for 30 minutes is a real show (running it is another issue's): the check accepts it."""
    text = 'show:\n  title: Late\n  start: "23:50"\nsegments:\n  - {id: a, title: A, duration: 30m, end: auto}\n'
    rundown, problems = check_rundown(write(tmp_path, text))
    assert rundown is not None and problems == []


_DURATION_KEYS = st.sampled_from(["duration", "warning", "alarm"])
_TOO_LONG = st.one_of(
    st.floats(min_value=86400.001, allow_infinity=True, allow_nan=False).map(repr).map(lambda r: r.replace("inf", ".inf")),
    st.integers(min_value=86401, max_value=10**60).map(str),
    st.integers(min_value=25, max_value=10**40).map(lambda hours: f"{hours}h"),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(key=_DURATION_KEYS, value=_TOO_LONG)
def test_any_duration_over_a_day_is_an_error_at_its_place(tmp_path: Path, key: str, value: str) -> None:
    text = HEAD + f"segments:\n  - id: a\n    title: A\n    duration: 1m\n    {key}: {value}\n".replace(
        "    duration: 1m\n    duration:", "    duration:")
    problems, took = checked(write(tmp_path, text))
    assert took < BOUND_S
    assert [p.message for p in problems if "longer than a day" in p.message], problems
    assert all((p.line, p.col) == (text.count("\n"), column(text, text.count("\n"), value)) for p in problems), problems


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet="[]{}&*!|>:-?,#'\" \nab1<", max_size=200))
def test_hostile_punctuation_never_gives_a_traceback(tmp_path: Path, text: str) -> None:
    rundown, problems = check_rundown(write(tmp_path, text))
    assert rundown is None and problems
    assert not any("could not check this file" in p.message for p in problems), problems


# --- spreadsheets: the same plausibility, at the cell ----------------------------------------


def workbook(path: Path, durations: list[Any]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "Segments"
    sheet.append(["Id", "Title", "Duration", "Start"])
    for i, length in enumerate(durations):
        sheet.append([f"s{i}", f"Segment {i}", length, clock(19, 30) if i == 0 else None])
    book.save(path)
    return path


def test_a_spreadsheet_with_hours_typed_as_times_is_refused_at_the_cells(tmp_path: Path) -> None:
    """Excel reads 4:30 and 3:00 as hours: 4h30m and 3h segments are errors at their cells, not warnings."""
    source = workbook(tmp_path / "show.xlsx", [clock(4, 30), clock(3, 0), clock(1, 30), "4m30s"])
    result = import_spreadsheet(source, tmp_path / "show.yaml")
    assert result.text is None and result.rundown is None
    assert [str(p).split(":", 1)[1] for p in result.problems] == [
        "Segments:C2: 04:30:00 would be 4h30m long, which cannot be meant: for minutes and seconds write 0:04:30 "
        "or 4m30s; for hours, write 4h30m as text",
        "Segments:C3: 03:00:00 would be 3h long, which cannot be meant: for minutes and seconds write 0:04:30 "
        "or 4m30s; for hours, write 3h as text",
        "Segments:C4: warning: 01:30:00 is 1h30m long; for minutes and seconds write 0:04:30 or 4m30s"]
    assert main(["import", str(source), "-o", str(tmp_path / "again.yaml")]) == 1
    assert not (tmp_path / "again.yaml").exists()


@pytest.mark.parametrize(("length", "phrase"), [(timedelta(days=2), "duration 48h is longer than a day"),
                                                ("99999999999999999999h", "is longer than a day"),
                                                (1e300, "is longer than a day")])
def test_a_spreadsheet_duration_over_a_day_is_an_error_at_its_cell(tmp_path: Path, length: Any, phrase: str) -> None:
    source = workbook(tmp_path / "show.xlsx", ["4m", length])
    problems = [str(p) for p in import_spreadsheet(source, tmp_path / "show.yaml").problems]
    assert len(problems) == 1 and problems[0].startswith(f"{source}:Segments:C3: ") and phrase in problems[0], problems


def test_a_megabyte_name_is_quoted_in_a_line(tmp_path: Path) -> None:
    name = "x" * 1_000_000
    for text in (HEAD + f"segments:\n  - &{name} {{id: a, title: A, duration: 1m}}\n  - *{name}\n",
                 HEAD + f"segments:\n  - {{id: a, title: A, duration: 1m, {name}: 1}}\n"):
        problems, took = checked(write(tmp_path, text))
        assert took < BOUND_S and all(len(str(p)) < 700 for p in problems), [str(p)[:200] for p in problems]


def test_thousands_of_mistakes_are_listed_up_to_a_point(tmp_path: Path) -> None:
    """Each mistake costs a 'did you mean' search: 10,000 of them took seconds; the first 200 are enough."""
    segments = "".join(f"  - {{id: s{i}, title: T, duration: 1m, scen{i}: Cam, kind: pich}}\n" for i in range(5000))
    problems, took = checked(write(tmp_path, HEAD + "segments:\n" + segments))
    assert took < BOUND_S
    assert len(problems) == MAX_PROBLEMS + 1 and [p.line for p in problems] == sorted(p.line for p in problems)
    assert "unknown key 'scen0' in segment 's0' (did you mean 'scene'?)" in problems[0].message
    assert problems[-1].message == f"and more problems: studio lists the first {MAX_PROBLEMS} it finds (fix those and check again)"


def test_a_misspelt_exhibitor_among_thousands_is_not_compared_with_each(tmp_path: Path) -> None:
    exhibitors = "exhibitors:\n" + "".join(f"  - {{id: ex{i}, name: E}}\n" for i in range(20_000))
    segments = "segments:\n" + "".join(f"  - {{id: s{i}, title: T, duration: 1m, exhibitor: nobody{i}}}\n" for i in range(300))
    problems, took = checked(write(tmp_path, HEAD + exhibitors + segments))
    assert took < BOUND_S and problems[0].message == "unknown exhibitor 'nobody0'"


@pytest.mark.parametrize("key", ["timezone", "locale", "kind"])
def test_a_megabyte_value_is_not_compared_with_every_name(tmp_path: Path, key: str) -> None:
    where = "show" if key != "kind" else "segment"
    value = "x" * 3_000_000
    text = (HEAD + f"  {key}: {value}\nsegments:\n  - {{id: a, title: A, duration: 1m}}\n" if where == "show"
            else segment(kind=value))
    problems, took = checked(write(tmp_path, text))
    assert took < BOUND_S and len(problems) == 1 and len(problems[0].message) <= 500
