"""Rundown files: every problem a director can make, reported at its line and column."""

from __future__ import annotations

import io
import textwrap
from datetime import date, time
from pathlib import Path
from typing import Any, Iterator

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from studio.rundown.loader import (
    ENTRIES,
    Problem,
    RundownError,
    check_rundown,
    check_text,
    load_rundown,
    parse_document,
    read_document,
    yaml_round_trip,
)
from studio.rundown.model import Block, Card, Cue, CustomField, Delay, Transition
from studio.rundown.reading import read
from studio.rundown.schema import TRANSLATIONS, schema
from studio.rundown.validator import KEYWORDS, SchemaError, compile_schema
from studio.rundown.values import FORMATS

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "schedules").glob("*.yaml"))
EVERY_KEY = ROOT / "tests/data/rundowns/every-key.yaml"

HEAD = """\
show:
  title: Test show
  start: "19:30"
"""


def check(tmp_path: Path, text: str) -> list[Problem]:
    path = tmp_path / "show.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return check_rundown(path)[1]


def one(tmp_path: Path, text: str) -> Problem:
    problems = check(tmp_path, text)
    assert len(problems) == 1, "\n".join(map(str, problems))
    return problems[0]


def assert_problem(problem: Problem, line: int, col: int, phrase: str, level: str = "error") -> None:
    assert (problem.line, problem.col, problem.level) == (line, col, level), str(problem)
    assert phrase in problem.message


# --- structure (JSON Schema) -------------------------------------------------------------


def test_unknown_key_suggests_the_closest(tmp_path: Path) -> None:
    problem = one(tmp_path, HEAD + "segments:\n  - id: a\n    title: A\n    duration: 1m\n    scen: Host Cam\n")
    assert_problem(problem, 8, 5, "unknown key 'scen' in segment 'a' (did you mean 'scene'?)")


def test_missing_required_key(tmp_path: Path) -> None:
    problem = one(tmp_path, HEAD + "segments:\n  - id: a\n    title: A\n")
    assert_problem(problem, 5, 5, "segment 'a' is missing 'duration'")


def test_missing_keys_are_listed_together(tmp_path: Path) -> None:
    problem = one(tmp_path, "show:\n  timezone: UTC\nsegments:\n  - {id: a, title: A, duration: 1m}\n")
    assert_problem(problem, 1, 1, "'show' is missing 'title' and 'start'")


def test_wrong_type(tmp_path: Path) -> None:
    problem = one(tmp_path, HEAD + "segments:\n  - id: a\n    title: A\n    duration: [1m]\n")
    assert_problem(problem, 7, 15, "'duration' should be a duration like 4m30s or 90, not a list")


def test_number_where_text_is_expected_asks_for_quotes(tmp_path: Path) -> None:
    problem = one(tmp_path, HEAD + "segments:\n  - id: 42\n    title: A\n    duration: 1m\n")
    assert_problem(problem, 5, 9, "'id' should be text, not a number (put it in quotes)")


def test_segment_that_is_not_a_mapping(tmp_path: Path) -> None:
    problem = one(tmp_path, HEAD + "segments:\n  - opening\n")
    assert_problem(problem, 5, 5, "segment 1 should be a mapping (key: value lines), not text")


def test_bad_duration_says_how_to_write_one(tmp_path: Path) -> None:
    problem = one(tmp_path, HEAD + "segments:\n  - id: a\n    title: A\n    duration: 4m30\n")
    assert_problem(problem, 7, 15, "bad duration '4m30' (write it like 4m30s, 90s, 1:30 or 1h5m)")


def test_negative_duration(tmp_path: Path) -> None:
    problem = one(tmp_path, HEAD + "segments:\n  - id: a\n    title: A\n    duration: -5\n")
    assert_problem(problem, 7, 15, "cannot be negative")


@pytest.mark.parametrize("value", ['"25:00"', '"19h30"', '"7:5"', "2026-11-05"])
def test_bad_time_of_day(tmp_path: Path, value: str) -> None:
    problem = one(tmp_path, f"show:\n  title: T\n  start: {value}\nsegments:\n  - {{id: a, title: A, duration: 1m}}\n")
    assert_problem(problem, 3, 10, "bad time of day")


@pytest.mark.parametrize("start", ['"19:30"', '"19:30:00"', "19:30:00", '"7:05"'])
def test_times_of_day_with_or_without_seconds(tmp_path: Path, start: str) -> None:
    path = tmp_path / "show.yaml"
    path.write_text(f"show:\n  title: T\n  start: {start}\nsegments:\n  - {{id: a, title: A, duration: 1m}}\n")
    assert load_rundown(path).show.start in (time(19, 30), time(7, 5))


def test_unknown_timezone(tmp_path: Path) -> None:
    problem = one(tmp_path, HEAD + "  timezone: Europe/Pari\nsegments:\n  - {id: a, title: A, duration: 1m}\n")
    assert_problem(problem, 4, 13, "unknown timezone 'Europe/Pari' (did you mean 'Europe/Paris'?)")


def test_impossible_date(tmp_path: Path) -> None:
    problem = one(tmp_path, HEAD + "  date: 2026-02-30\nsegments:\n  - {id: a, title: A, duration: 1m}\n")
    assert_problem(problem, 4, 9, "bad date '2026-02-30'")


def test_date_with_a_time(tmp_path: Path) -> None:
    problem = one(tmp_path, HEAD + '  date: "5 Nov"\nsegments:\n  - {id: a, title: A, duration: 1m}\n')
    assert_problem(problem, 4, 9, "bad date '5 Nov' (write it like 2026-11-05)")


@pytest.mark.parametrize("scene", ['""', '"   "'])
def test_empty_scene(tmp_path: Path, scene: str) -> None:
    problem = one(tmp_path, HEAD + f"segments:\n  - id: a\n    title: A\n    duration: 1m\n    scene: {scene}\n")
    assert_problem(problem, 8, 12, "'scene' is empty")


def test_unknown_end_mode(tmp_path: Path) -> None:
    problem = one(tmp_path, HEAD + "segments:\n  - id: a\n    title: A\n    duration: 1m\n    end: hodl\n")
    assert_problem(problem, 8, 10, "unknown end 'hodl' (did you mean 'hold'?); use one of: auto, hold")


def test_unknown_kind(tmp_path: Path) -> None:
    problem = one(tmp_path, HEAD + "segments:\n  - id: a\n    title: A\n    duration: 1m\n    kind: pich\n")
    assert_problem(problem, 8, 11, "unknown kind 'pich' (did you mean 'pitch'?)")


def test_empty_segments_list(tmp_path: Path) -> None:
    problem = one(tmp_path, HEAD + "segments: []\n")
    assert_problem(problem, 4, 11, "'segments' is empty: add at least one segment")


def test_cue_that_does_nothing(tmp_path: Path) -> None:
    problem = one(tmp_path, HEAD + "segments:\n  - id: a\n    title: A\n    duration: 1m\n    cues:\n      - at: 10s\n")
    assert_problem(problem, 9, 9, "cue 1 does nothing: give it 'scene', 'text', 'media', 'message', 'clip' or 'shop'")


def test_media_action_needs_a_media_input(tmp_path: Path) -> None:
    cue = "      - at: 10s\n        message: Go\n        action: stop\n"
    problem = one(tmp_path, HEAD + "segments:\n  - id: a\n    title: A\n    duration: 1m\n    cues:\n" + cue)
    assert_problem(problem, 11, 9, "'action' needs 'media' too")


def test_negative_price(tmp_path: Path) -> None:
    exhibitors = "exhibitors:\n  - id: s\n    name: S\n    products: [{sku: X, name: Y, price: -3}]\n"
    problem = one(tmp_path, HEAD + exhibitors + "segments:\n  - {id: a, title: A, duration: 1m}\n")
    assert_problem(problem, 7, 41, "'price' cannot be less than 0")


def test_unknown_key_in_a_transition(tmp_path: Path) -> None:
    segment = "  - {id: a, title: A, duration: 1m, transition: {name: Fade, lenght: 1s}}\n"
    problem = one(tmp_path, HEAD + "segments:\n" + segment)
    assert_problem(problem, 5, 62, "unknown key 'lenght' in 'transition'")


def test_a_problem_in_merged_keys_points_at_the_mapping_that_merges_them(tmp_path: Path) -> None:
    problem = one(tmp_path, HEAD + "segments:\n  - <<: {title: X, duration: 1m, kind: pich}\n    id: a\n")
    assert_problem(problem, 5, 5, "unknown kind 'pich'")


# --- references ----------------------------------------------------------------------------


def test_duplicate_segment_id_points_at_the_second(tmp_path: Path) -> None:
    segments = """\
        segments:
          - {id: a, title: A, duration: 1m}
          - {id: b, title: B, duration: 1m}
          - {id: a, title: C, duration: 1m}
    """
    problem = one(tmp_path, HEAD + textwrap.dedent(segments))
    assert_problem(problem, 7, 10, "duplicate segment id 'a' (first used on line 5)")


def test_duplicate_exhibitor_id(tmp_path: Path) -> None:
    exhibitors = "exhibitors:\n  - {id: s, name: S}\n  - {id: s, name: T}\n"
    problem = one(tmp_path, HEAD + exhibitors + "segments:\n  - {id: a, title: A, duration: 1m}\n")
    assert_problem(problem, 6, 10, "duplicate exhibitor id 's' (first used on line 5)")


def test_duplicate_sku_across_exhibitors(tmp_path: Path) -> None:
    exhibitors = (
        "exhibitors:\n  - id: s\n    name: S\n    products: [{sku: LIFT, name: Lift}]\n"
        "  - id: t\n    name: T\n    products:\n      - {sku: LIFT, name: Other lift}\n"
    )
    problem = one(tmp_path, HEAD + exhibitors + "segments:\n  - {id: a, title: A, duration: 1m}\n")
    assert_problem(problem, 11, 15, "duplicate SKU 'LIFT' (first used on line 7)")


def test_unknown_exhibitor_suggests_the_closest(tmp_path: Path) -> None:
    exhibitors = "exhibitors:\n  - {id: serenco, name: Serenco}\n"
    problem = one(tmp_path, HEAD + exhibitors + "segments:\n  - {id: a, title: A, duration: 1m, exhibitor: serenko}\n")
    assert_problem(problem, 7, 48, "unknown exhibitor 'serenko' (did you mean 'serenco'?)")


def test_references_are_checked_even_when_the_structure_has_errors(tmp_path: Path) -> None:
    segments = "segments:\n  - {id: a, title: A, duration: 1m, scen: X}\n  - {id: a, title: B, duration: 1m}\n"
    messages = [p.message for p in check(tmp_path, HEAD + segments)]
    assert len(messages) == 2 and "unknown key 'scen'" in messages[0] and "duplicate segment id" in messages[1]


# --- timing ----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["cards", "cues"])
def test_card_or_cue_past_the_end_of_its_segment(tmp_path: Path, kind: str) -> None:
    item = "      - at: 5m\n        text: Hi\n" if kind == "cards" else "      - at: 5m\n        message: Hi\n"
    problem = one(tmp_path, HEAD + f"segments:\n  - id: a\n    title: A\n    duration: 4m30s\n    {kind}:\n" + item)
    assert_problem(problem, 9, 13, f"{kind[:-1]} at 5m is past the end of the segment (4m30s)")


def test_hard_start_unreachable_says_by_how_much(tmp_path: Path) -> None:
    segments = """\
        segments:
          - {id: a, title: A, duration: 10m}
          - {id: b, title: B, duration: 4m30s}
          - id: c
            title: C
            duration: 1m
            start: "19:42:00"
    """
    problem = one(tmp_path, HEAD + textwrap.dedent(segments))
    message = (
        "hard start 19:42:00 is unreachable: the segments before it are planned to run until 19:44:30 (2m30s late)"
    )
    assert_problem(problem, 10, 12, message)


def test_gap_before_a_hard_start_is_a_warning(tmp_path: Path) -> None:
    segments = 'segments:\n  - {id: a, title: A, duration: 10m}\n  - {id: b, title: B, duration: 1m, start: "19:45"}\n'
    problem = one(tmp_path, HEAD + segments)
    assert_problem(problem, 6, 44, "dead air of 5m before hard start 19:45:00", level="warning")


def test_a_rundown_with_only_warnings_loads(tmp_path: Path) -> None:
    path = tmp_path / "show.yaml"
    path.write_text(HEAD + 'segments:\n  - {id: a, title: A, duration: 1m, start: "19:45"}\n')
    rundown, problems = check_rundown(path)
    assert rundown is not None and [p.level for p in problems] == ["warning"]


def test_hard_starts_out_of_order(tmp_path: Path) -> None:
    segments = (
        'segments:\n  - {id: a, title: A, duration: 1m, start: "20:00"}\n'
        '  - {id: b, title: B, duration: 1m, start: "19:50"}\n'
    )
    problems = check(tmp_path, HEAD + segments)
    assert_problem(problems[0], 5, 44, "dead air of 30m", level="warning")
    assert_problem(problems[1], 6, 44, "hard starts out of order: 19:50:00 comes before the hard start 20:00:00 on line 5")
    assert len(problems) == 2


def test_hard_start_before_the_show_starts(tmp_path: Path) -> None:
    problem = one(tmp_path, HEAD + 'segments:\n  - {id: a, title: A, duration: 1m, start: "19:00"}\n')
    assert_problem(problem, 5, 44, "hard start 19:00:00 is before the show starts (19:30:00)")


def test_hard_out_before_the_start(tmp_path: Path) -> None:
    problem = one(tmp_path, HEAD + '  hard_out: "19:00"\nsegments:\n  - {id: a, title: A, duration: 1m}\n')
    assert_problem(problem, 4, 13, "hard out 19:00:00 is not after the show start (19:30:00)")


def test_planned_past_the_hard_out_says_by_how_much(tmp_path: Path) -> None:
    problem = one(tmp_path, HEAD + '  hard_out: "20:00"\nsegments:\n  - {id: a, title: A, duration: 35m30s}\n')
    assert_problem(problem, 4, 13, "the rundown is planned to run until 20:05:30, 5m30s past the hard out 20:00:00")


# --- files that are not rundowns -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("", "the file is empty"),
        ("# only a comment\n", "the file is empty"),
        ("- a\n- b\n", "this is not a rundown: it holds a list"),
        ("just words\n", "this is not a rundown: it holds a single value"),
        ("version: 3\nservices: {}\n", "this is not a rundown: it has neither 'show' nor 'segments'"),
    ],
)
def test_not_a_rundown_is_one_sentence(tmp_path: Path, text: str, phrase: str) -> None:
    problem = one(tmp_path, text)
    assert_problem(problem, 1, 1, phrase)
    assert "'show' and 'segments'" in problem.message


@pytest.mark.parametrize(
    ("text", "line", "col", "phrase"),
    [
        ("show:\n  title: [T\nsegments: []\n", 3, 9, "YAML syntax error"),
        ("show:\n  title: T\n\tstart: x\n", 3, 1, "found character '\\t'"),
        ("show:\n  title: T\n  title: U\n", 3, 3, 'duplicate key "title"'),
        ("show:\n  title: T\x00\n", 2, 11, "character YAML does not allow"),
    ],
)
def test_yaml_errors_at_their_place(tmp_path: Path, text: str, line: int, col: int, phrase: str) -> None:
    assert_problem(one(tmp_path, text), line, col, phrase)


def test_missing_file(tmp_path: Path) -> None:
    rundown, problems = check_rundown(tmp_path / "nope.yaml")
    assert rundown is None
    assert [str(p) for p in problems] == [f"{tmp_path / 'nope.yaml'}:1:1: cannot read the file: No such file or directory"]


def test_directory_instead_of_a_file(tmp_path: Path) -> None:
    assert_problem(check_rundown(tmp_path)[1][0], 1, 1, "cannot read the file")


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "show.yaml"
    path.write_bytes("show:\n  title: Caf\u00e9\n".encode("latin-1"))
    assert_problem(check_rundown(path)[1][0], 2, 13, "not UTF-8")


# --- output -----------------------------------------------------------------------------------


def test_problem_text() -> None:
    assert str(Problem("a.yaml", 3, 5, "unknown key 'x'")) == "a.yaml:3:5: unknown key 'x'"
    assert str(Problem("a.yaml", 3, 5, "dead air", "warning")) == "a.yaml:3:5: warning: dead air"


def test_problems_come_in_file_order_and_load_raises_them_all(tmp_path: Path) -> None:
    path = tmp_path / "show.yaml"
    path.write_text(HEAD + "segments:\n  - {id: a, title: A, duration: x}\n  - {id: a, title: B, duration: 1m, kind: y}\n")
    with pytest.raises(RundownError) as raised:
        load_rundown(path)
    problems = raised.value.problems
    assert [(p.line, p.col) for p in problems] == sorted((p.line, p.col) for p in problems) and len(problems) == 3
    assert str(raised.value) == "\n".join(map(str, problems))
    assert check_rundown(path) == (None, problems)


def test_parse_document_validates_a_loaded_document() -> None:
    doc = yaml_round_trip().load(HEAD + "segments:\n  - {id: a, title: A, duration: 1m30s}\n")
    rundown, problems = parse_document(doc, "live.yaml")
    assert problems == [] and rundown is not None and rundown.segments[0].duration == 90
    doc["segments"][0]["duration"] = "soon"
    rundown, problems = parse_document(doc, "live.yaml")
    assert rundown is None
    assert [str(p) for p in problems] == ["live.yaml:5:33: bad duration 'soon' (write it like 4m30s, 90s, 1:30 or 1h5m)"]


def test_check_text_checks_an_edit_as_the_file_would_be_checked(tmp_path: Path) -> None:
    path = tmp_path / "show.yaml"
    text = HEAD + "segments:\n  - {id: a, title: A, duration: x}\n"
    path.write_text(text)
    assert check_text(text, path) == check_rundown(path)
    rundown, problems = check_text(text.replace("duration: x", "duration: 2m"), path)
    assert problems == [] and rundown is not None and rundown.segments[0].duration == 120


def test_a_bug_in_the_loader_is_still_one_sentence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any) -> Any:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr("studio.rundown.loader.reference_problems", broken)  # a fault no real file can cause
    path = tmp_path / "show.yaml"
    path.write_text(HEAD + "segments:\n  - {id: a, title: A, duration: 1m}\n")
    assert [str(p) for p in check_rundown(path)[1]] == [
        f"{path}:1:1: studio could not check this file (ZeroDivisionError: 'division by zero'); please report it"]


# --- the format, end to end ---------------------------------------------------------------------


def test_every_key_is_loaded() -> None:
    rundown = load_rundown(EVERY_KEY)
    show, pitch, closing = rundown.show, *rundown.segments
    assert (show.date, show.timezone) == (date(2026, 11, 5), "Europe/Paris")
    assert (show.start, show.hard_out) == (time(19, 30), time(20))
    assert (show.warning, show.alarm, show.obs["record"]) == (60, 20, False)
    assert rundown.exhibitors["serenco"].products[0].price == 3490
    assert (pitch.duration, pitch.start, pitch.end) == (270, time(19, 30), "auto")
    assert (rundown.warning_for(pitch), rundown.alarm_for(closing)) == (30, 20)
    assert (rundown.blocks, pitch.block) == ((Block("serenco-slot", "Serenco", 300),), "serenco-slot")
    assert rundown.delays == (Delay("doors-late", "closing", 120, False, "if the doors open late"),)
    assert rundown.fields[0] == CustomField("camera", "choice", "Camera", ("Cam 1", "Jib"))
    assert pitch.fields == (("camera", "Jib"), ("guests", 2), ("sponsor", "Serenco"), ("live", True))
    assert pitch.transition == Transition("Fade", 500) and closing.transition == Transition("Cut")
    assert pitch.cards == (Card("Serenco, Dutch maker of garage lifts."), Card("Ask about the 3-tonne lift", 120))
    texts = (("Lower Third", "Pont élévateur 3T — 3 490 €"), ("Order Ticker", ""))
    beep = "../../../assets/media/beep-10s.wav"
    assert pitch.cues == (Cue(120, "Demo Cam", texts, "VT Player", "stop", "Wrap up", beep),)
    assert pitch.clip == "../../../assets/media/lemaire-vt.mp4"
    assert (closing.duration, closing.kind, closing.end) == (90, "other", "hold")


@pytest.mark.parametrize(("written", "ms"), [("500ms", 500), ("0.5s", 500), ("1s", 1000), ("300", 300)])
def test_transition_durations(tmp_path: Path, written: str, ms: int) -> None:
    path = tmp_path / "show.yaml"
    transition = f"{{name: Fade, duration: {written}}}"
    path.write_text(HEAD + f"segments:\n  - {{id: a, title: A, duration: 1m, transition: {transition}}}\n")
    assert load_rundown(path).segments[0].transition == Transition("Fade", ms)


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_samples_check_clean(sample: Path) -> None:
    rundown, problems = check_rundown(sample)
    assert problems == [] and rundown is not None
    hard_out = rundown.hard_out_offset()
    assert hard_out is not None and 0 < hard_out - rundown.planned_length() <= 120


def test_samples_use_the_test_obs_collection() -> None:
    scenes = {"Opening", "Host Cam", "Exhibitor Cam", "Demo Cam", "Break Slate", "Closing"}
    for sample in SAMPLES:
        rundown = load_rundown(sample)
        assert rundown.show.obs == {"lower_third": "Lower Third", "ticker": "Order Ticker"} | (
            {"record": True} if "record" in rundown.show.obs else {}
        )
        cues = [cue for segment in rundown.segments for cue in segment.cues]
        assert {s.scene for s in rundown.segments} | {c.scene for c in cues if c.scene} <= scenes
        assert {source for c in cues for source, _ in c.texts} <= {"Lower Third", "Order Ticker"}
        assert {c.media for c in cues if c.media} <= {"VT Player"}


def test_demo_runs_by_itself_in_a_few_minutes() -> None:
    demo = load_rundown(ROOT / "schedules/demo.yaml")
    assert demo.show.date is None and 180 <= demo.planned_length() <= 240
    assert all(segment.end == "auto" for segment in demo.segments)


@pytest.mark.parametrize("sample", [*SAMPLES, EVERY_KEY], ids=lambda p: p.name)
def test_round_trip_keeps_the_text(sample: Path) -> None:
    out = io.StringIO()
    yaml_round_trip().dump(read_document(sample), out)
    assert out.getvalue() == sample.read_text(encoding="utf-8")


# --- one source of truth: the schema ------------------------------------------------------------


def _as_editors_see_it(node: Any) -> Any:
    """YAML 1.2 as editors read it: a date is text."""
    if isinstance(node, dict):
        return {key: _as_editors_see_it(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_as_editors_see_it(item) for item in node]
    return node.isoformat() if isinstance(node, date) else node


@pytest.mark.parametrize("sample", [*SAMPLES, EVERY_KEY], ids=lambda p: p.name)
def test_plain_json_schema_validates_the_samples(sample: Path) -> None:
    jsonschema.Draft7Validator.check_schema(schema())
    validator = jsonschema.Draft7Validator(schema(), format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    validator.validate(_as_editors_see_it(read_document(sample)))
    assert sample.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=")


def test_the_loader_reads_exactly_the_keys_of_the_schema() -> None:
    definitions = schema()["definitions"]
    for entry in ENTRIES:
        described = definitions[entry.schema_name] if entry.schema_name else schema()
        assert set(entry.fields) == set(described["properties"]), entry.schema_name


def _subschemas(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield node
    for key in ("properties", "definitions"):
        for sub in node.get(key, {}).values():
            yield from _subschemas(sub)
    for key in ("items", "additionalProperties"):
        if isinstance(node.get(key), dict):
            yield from _subschemas(node[key])
    for sub in node.get("anyOf", ()):
        yield from _subschemas(sub)


def test_every_schema_object_is_closed_and_described() -> None:
    for node in _subschemas(schema()):
        if "properties" in node:
            assert node.get("additionalProperties") is False and "title" in node, node.get("title")
            assert all("description" in p or "title" in p or "$ref" in p for p in node["properties"].values())


def test_every_validation_keyword_of_the_schema_has_a_plain_translation() -> None:
    structure = {"$schema", "$id", "$ref", "definitions", "properties", "items"}
    annotations = {"title", "description", "examples", "default"} | structure
    used = {key for node in _subschemas(schema()) for key in node} - annotations
    assert used <= set(TRANSLATIONS), used - set(TRANSLATIONS)


def test_every_key_is_documented() -> None:
    doc = (ROOT / "docs/rundown-format.md").read_text(encoding="utf-8")
    for node in _subschemas(schema()):
        for key in node.get("properties", {}):
            assert f"`{key}`" in doc, key


# --- never a traceback -------------------------------------------------------------------------

_KEYS = sorted({key for node in _subschemas(schema()) for key in node.get("properties", {})})
_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=12),
    st.sampled_from(["4m30s", "19:30", "19:30:00", "auto", "pitch", "Europe/Paris", "2026-11-05", "", " "]),
)
_TREES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.sampled_from(_KEYS) | st.text(max_size=6), inner, max_size=5),
    max_leaves=30,
)


def _assert_reported(path: Path) -> None:
    rundown, problems = check_rundown(path)
    assert rundown is not None or any(p.level == "error" for p in problems)
    assert all(p.line >= 1 and p.col >= 1 and p.message for p in problems)
    assert not any("could not check this file" in p.message for p in problems), problems  # the loader's own bug


@settings(max_examples=300, deadline=None)
@given(tree=_TREES)
def test_the_compiled_schema_finds_what_jsonschema_finds(tree: Any) -> None:
    """studio.rundown.validator against the reference implementation, on any structure."""
    doc = {"show": tree, "segments": tree} if isinstance(tree, dict) else tree
    formats = jsonschema.FormatChecker(formats=())
    for name, parse in FORMATS.items():
        formats.checks(name, raises=ValueError)(lambda value, parse=parse: parse(value) is not None or True)
    reference = jsonschema.Draft7Validator(schema(), format_checker=formats)
    expected = {(e.validator, tuple(e.absolute_path)) for e in reference.iter_errors(doc)}
    found: list[SchemaError] = []
    compile_schema(schema(), FORMATS)(doc, (), found)
    assert {(e.validator, e.path) for e in found} == expected


def test_the_compiler_knows_exactly_the_translated_keywords() -> None:
    assert set(KEYWORDS) - {"properties", "items"} == set(TRANSLATIONS)  # those two only lead to other checks
    with pytest.raises(ValueError, match="maxLength"):
        compile_schema({"type": "string", "maxLength": 3}, FORMATS)


@pytest.mark.parametrize(
    ("written", "value"),
    [("yes", "yes"), ("on", "on"), ("19:30:00", "19:30:00"), ("2026-11-05", "2026-11-05"), ("0o17", 15),
     ("0x1F", 31), ("1_000", 1000), ("017", 17), ("1e3", 1000.0), ("~", None), ("", None), ("True", True),
     ('"12"', "12"), ("!!str 12", "12"), ("!!float 3", 3.0)],
)
def test_values_are_read_as_yaml_1_2_like_editors_and_ruamel(written: str, value: Any) -> None:
    read_value = read(f"a: {written}\n")["a"]
    assert read_value == value and type(read_value) is type(value)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text() | st.text(alphabet=":- \n\t[]{}&*!|>'\"#,?%@ab19"))
def test_any_text_gives_problems_not_a_traceback(tmp_path: Path, text: str) -> None:
    path = tmp_path / "fuzz.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    _assert_reported(path)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tree=_TREES)
def test_any_yaml_structure_gives_problems_not_a_traceback(tmp_path: Path, tree: Any) -> None:
    path = tmp_path / "fuzz.yaml"
    YAML(typ="safe", pure=True).dump({"show": tree, "segments": tree} if isinstance(tree, dict) else tree, path)
    _assert_reported(path)


_DURATIONS = st.sampled_from(["0s", "30s", "1m", "4m30s", "10m", 90, "1:30", "1h"])
_SEGMENTS = st.lists(
    st.fixed_dictionaries(
        {"title": st.just("S"), "duration": _DURATIONS},
        optional={
            "start": st.sampled_from(["19:00", "19:30", "19:31", "19:45", "20:00", "23:59:59"]),
            "cues": st.lists(st.fixed_dictionaries({"at": _DURATIONS, "message": st.just("Go")}), max_size=2),
            "cards": st.lists(st.fixed_dictionaries({"text": st.just("Hi")}, optional={"at": _DURATIONS}), max_size=2),
        },
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(segments=_SEGMENTS, hard_out=st.sampled_from([None, "19:00", "19:40", "20:30"]))
def test_any_timing_gives_problems_not_a_traceback(
    tmp_path: Path, segments: list[dict[str, Any]], hard_out: str | None
) -> None:
    show = {"title": "T", "start": "19:30"} | ({"hard_out": hard_out} if hard_out else {})
    for i, segment in enumerate(segments):
        segment["id"] = f"s{i}"
    path = tmp_path / "fuzz.yaml"
    YAML(typ="safe", pure=True).dump({"show": show, "segments": segments}, path)
    _assert_reported(path)

