"""Spreadsheets to rundowns and back: real .xlsx files written with openpyxl, real CSV files."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from spreadsheet.sheetkit import workbook

from studio.app.cli import main
from studio.rundown.loader import load_rundown, read_document, yaml_round_trip
from studio.rundown.model import Card, Cue, Transition
from studio.spreadsheet.cells import duration_text
from studio.spreadsheet.exporting import export_rundown
from studio.spreadsheet.importing import import_spreadsheet
from studio.spreadsheet.layout import TABLES, folded

ROOT = Path(__file__).resolve().parents[1]
STUDIO = str(Path(sys.executable).parent / "studio")
SAMPLES = ("schedules/demo.yaml", "schedules/garage-expo-day1.yaml", "tests/data/rundowns/every-key.yaml")


@pytest.fixture
def shows(tmp_path: Path) -> Path:
    """A folder laid out as the repository: the samples (copies) in their folders next to assets/ (clips are relative)."""
    for sample in SAMPLES:
        (tmp_path / sample).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / sample, tmp_path / sample)
    (tmp_path / "assets").symlink_to(ROOT / "assets")
    return tmp_path


def same_show(a, b) -> bool:
    return (a.show, a.exhibitors, a.segments, a.blocks, a.delays, a.fields) == (b.show, b.exhibitors, b.segments, b.blocks, b.delays, b.fields)


def good_sheets() -> dict[str, list[list]]:
    """A workbook as a director types it: spreadsheet times and lengths, numbers, a column of their own."""
    return {
        "Show": [["Setting", "Value"], ["Title", "Garage night"], ["Date", datetime(2026, 11, 5)],
                 ["Timezone", "Europe/Paris"], ["Start", time(19, 30)], ["Hard out", "20:00"],
                 ["Warning", timedelta(seconds=45)], ["OBS record", "yes"], ["Producer", "Anne"]],
        "Exhibitors": [["Id", "Name", "Notes"], ["serenco", "Serenco", "Brings the remote"]],
        "Products": [["exhibitor", "sku", "name", "price"], ["serenco", "SER-1", "Pont 3T", 3490],
                     ["serenco", 4006, "Kit de cales", "12.5"]],
        "Segments": [
            ["Id", "Title", "Kind", "Exhibitor", "Duration", "Start", "End", "Transition", "Transition duration",
             "Planned by"],
            ["opening", "Opening", "Opening", None, "3m", None, "auto", "Fade", 500, "Anne"],
            [],
            ["pitch", "Serenco — pitch", "pitch", "serenco", timedelta(minutes=4, seconds=30), None, "hold"],
            ["demo", "Serenco — demo", "demo", "serenco", time(0, 3), time(19, 37, 30), None, "Cut"],
            ["closing", "Closing", "closing", None, 90],
        ],
        "Cards": [["Segment", "At", "Text"], ["pitch", None, "Serenco: lifts since 1987"], ["pitch", "1m", "4006"]],
        "Cues": [["Segment", "At", "Scene", "Text source", "Text", "Message"],
                 ["pitch", "0s", "Cam 2", "Lower Third", "Serenco"],
                 [None, None, None, "Order Ticker"],
                 ["pitch", "4m", None, None, None, "Wrap up"]],
        "Budget": [["whatever", "the director keeps here"]],
    }


def imported(tmp_path: Path, sheets: dict[str, list[list]], **settings):
    return import_spreadsheet(workbook(tmp_path / "garage.xlsx", sheets), tmp_path / "garage.yaml", settings)


# -- round trips ----------------------------------------------------------------------------


@pytest.mark.parametrize("sample", SAMPLES)
def test_import_of_export_is_the_same_rundown(shows: Path, sample: str) -> None:
    source = shows / sample
    rundown = load_rundown(source)
    sheet = shows / "plan.xlsx"
    assert export_rundown(rundown, sheet) == []
    again = source.parent / "again.yaml"  # next to the source, so the clips' relative paths are the same
    result = import_spreadsheet(sheet, again)
    assert result.problems == []
    assert same_show(result.rundown, rundown)
    again.write_text(result.text, encoding="utf-8")
    assert same_show(load_rundown(again), rundown)


def test_clips_stay_the_same_files_wherever_the_spreadsheet_goes(shows: Path) -> None:
    rundown = load_rundown(shows / "schedules" / "demo.yaml")
    (shows / "plans").mkdir()
    export_rundown(rundown, shows / "plans" / "demo.xlsx")
    clips = [row[5] for row in load_workbook(shows / "plans" / "demo.xlsx")["Cues"].values if row[5]]
    assert clips == ["Clip", "../assets/media/lemaire-vt.mp4"]  # from plans/, as from schedules/
    result = import_spreadsheet(shows / "plans" / "demo.xlsx", shows / "demo.yaml")
    assert result.problems == []
    assert result.rundown.segments[3].cues[0].clip == "assets/media/lemaire-vt.mp4"  # from the new rundown's folder


def test_the_written_rundown_looks_hand_written(shows: Path) -> None:
    demo = shows / "schedules" / "demo.yaml"
    export_rundown(load_rundown(demo), shows / "demo.xlsx")
    target = shows / "schedules" / "again.yaml"
    text = import_spreadsheet(shows / "demo.xlsx", target).text
    lines = text.splitlines()
    assert lines[0].startswith("# yaml-language-server: $schema=")
    assert (target.parent / lines[0].split("=", 1)[1]).resolve() == ROOT / "studio" / "rundown" / "rundown.schema.json"
    assert '  start: "19:30:00"' in lines and "exhibitors:" in lines
    assert "      - {sku: SER-LIFT-3T, name: \"Pont élévateur 2 colonnes 3T\", price: 3490}" in lines
    assert lines[lines.index("segments:") - 1] == ""  # a blank line between sections and between segments
    assert lines[lines.index("  - id: serenco-pitch") - 1] == ""
    written, original = yaml_round_trip().load(text), read_document(demo)
    assert list(written["show"]) == list(original["show"])
    for mine, theirs in zip(written["segments"], original["segments"]):
        assert list(mine) == [key for key in theirs]  # demo.yaml writes its keys in the layout's order


def test_csv_round_trip_keeps_the_segments(shows: Path) -> None:
    rundown = load_rundown(shows / "schedules" / "garage-expo-day1.yaml")
    left_out = export_rundown(rundown, shows / "garage.csv")
    assert ("18 exhibitors, 156 cards, 78 cues, 18 blocks' titles and budgets, 1 delay, 2 custom fields are left out"
            in left_out[0])
    result = import_spreadsheet(shows / "garage.csv", shows / "schedules" / "again.yaml", {"timezone": "Europe/Paris"})
    assert result.problems == []
    again = result.rundown
    assert again.show.title == "garage" and again.show.start == time(19, 30)  # the file's name; the first start
    assert again.show.timezone == "Europe/Paris"
    assert sorted(again.exhibitors) == sorted(rundown.exhibitors)
    plain = [s.__class__(**{**s.__dict__, "cards": (), "cues": (), "fields": ()}) for s in rundown.segments]
    assert [block.id for block in again.blocks] == [block.id for block in rundown.blocks]  # the Block column names them
    assert list(again.segments[1:]) == plain[1:]
    assert again.segments[0].start == time(19, 30)  # the show's start, given to the first segment


# -- good sheets ----------------------------------------------------------------------------


def test_a_workbook_as_a_director_types_it(tmp_path: Path) -> None:
    result = imported(tmp_path, good_sheets())
    assert [str(p) for p in result.problems] == []
    rundown = result.rundown
    show = rundown.show
    assert (show.title, show.date, show.start, show.hard_out, show.warning) == (
        "Garage night", date(2026, 11, 5), time(19, 30), time(20, 0), 45.0)
    assert show.obs == {"record": True}
    assert [(p.sku, p.name, p.price) for p in rundown.exhibitors["serenco"].products] == [
        ("SER-1", "Pont 3T", 3490.0), ("4006", "Kit de cales", 12.5)]
    opening, pitch, demo, closing = rundown.segments
    assert (opening.kind, opening.duration, opening.end, opening.transition) == ("opening", 180, "auto",
                                                                               Transition("Fade", 500))
    assert (pitch.duration, pitch.exhibitor, pitch.end) == (270, "serenco", "hold")
    assert (demo.duration, demo.start, demo.transition) == (180, time(19, 37, 30), Transition("Cut"))
    assert closing.duration == 90
    assert pitch.cards == (Card("Serenco: lifts since 1987"), Card("4006", 60))
    assert pitch.cues == (Cue(0, scene="Cam 2", texts=(("Lower Third", "Serenco"), ("Order Ticker", ""))),
                          Cue(240, message="Wrap up"))


def test_command_line_settings_win_over_the_show_sheet(tmp_path: Path) -> None:
    result = imported(tmp_path, good_sheets(), title="Late show", start="19:25", timezone="UTC")
    show = result.rundown.show
    assert (show.title, show.start, show.timezone) == ("Late show", time(19, 25), "UTC")


def test_a_csv_file_with_semicolons_from_a_french_excel(tmp_path: Path) -> None:
    source = tmp_path / "soirée.csv"
    source.write_bytes("Id;Remarques;Title;Duration;Start;Exhibitor\n"
                       "opening;x;Ouverture;3m;19:30;\n"
                       "pitch;x;Démonstration;0:04:30;;Serenco\n".encode("cp1252"))
    result = import_spreadsheet(source, tmp_path / "soiree.yaml")
    assert [str(p) for p in result.problems] == []
    rundown = result.rundown
    assert rundown.show.title == "soirée" and rundown.show.start == time(19, 30)
    assert [(s.title, s.duration) for s in rundown.segments] == [("Ouverture", 180), ("Démonstration", 270)]
    assert rundown.exhibitors["Serenco"].name == "Serenco"  # no Exhibitors sheet: each one named, by its id


def test_durations_as_text_numbers_times_and_lengths_of_time(tmp_path: Path) -> None:
    sheets = good_sheets()
    sheets["Segments"][1][4] = 2.5
    sheets["Segments"][3][4] = timedelta(hours=1, minutes=2, seconds=3)
    sheets["Segments"][4][5] = sheets["Show"][5][1] = None  # no hard start, no hard out
    result = imported(tmp_path, sheets)
    assert [s.duration for s in result.rundown.segments] == [2.5, 3723, 180, 90]
    assert duration_text(62.5) == "1m2.5s" and duration_text(3723) == "1h2m3s" and duration_text(0) == "0s"


# -- bad sheets -----------------------------------------------------------------------------


def edit(sheets: dict, sheet: str, row: int, column: int, value) -> dict:
    """Set one cell (1-based row and column, as the spreadsheet shows them)."""
    rows = sheets[sheet]
    while len(rows) < row:
        rows.append([])
    rows[row - 1] = list(rows[row - 1]) + [None] * (column - len(rows[row - 1]))
    rows[row - 1][column - 1] = value
    return sheets


BAD = [
    # (sheet, row, column, value, expected problem)
    ("Segments", 2, 5, "4m3x", "garage.xlsx:Segments:E2: bad duration '4m3x' (write it like 4m30s"),
    ("Segments", 4, 5, datetime(2026, 1, 2, 3, 4), "Segments:E4: 2026-01-02 03:04 is a date, not a duration"),
    ("Segments", 5, 6, "25:00", "Segments:F5: bad time of day '25:00'"),
    ("Segments", 5, 6, datetime(2026, 11, 5, 19, 40), "Segments:F5: 2026-11-05 19:40 is a date and time"),
    ("Segments", 4, 3, "pich", "Segments:C4: unknown kind 'pich' (did you mean 'pitch'?)"),
    ("Segments", 4, 4, "serenko", "Segments:D4: unknown exhibitor 'serenko' (did you mean 'serenco'?)"),
    ("Segments", 4, 2, None, "Segments:B4: 'title' should be text, not empty"),
    ("Segments", 5, 1, "pitch", "Segments:A5: duplicate segment id 'pitch' (first used in Segments:A4)"),
    ("Segments", 5, 6, time(19, 31), "Segments:F5: hard start 19:31:00 is unreachable"),
    ("Segments", 6, 9, "500ms", "Segments:I6: a transition duration needs the transition's name"),
    ("Show", 3, 2, "2026-13-01", "Show:B3: bad date '2026-13-01'"),
    ("Show", 4, 2, "Europe/Pari", "Show:B4: unknown timezone 'Europe/Pari' (did you mean 'Europe/Paris'?)"),
    ("Show", 6, 2, "19:00", "Show:B6: hard out 19:00:00 is not after the show start (19:30:00)"),
    ("Show", 10, 1, "Title", "Show:A10: 'Title' is set twice (first in row 2)"),
    ("Products", 3, 4, "cheap", "Products:D3: 'price' should be a number, not text"),
    ("Products", 3, 1, "serenko", "Products:A3: no exhibitor 'serenko' in the Exhibitors sheet (did you mean"),
    ("Products", 3, 2, "SER-1", "Products:B3: duplicate SKU 'SER-1' (first used in Products:"),
    ("Cards", 3, 1, "pitsch", "Cards:A3: no segment 'pitsch' in the Segments sheet (did you mean 'pitch'?)"),
    ("Cards", 3, 2, "5m", "Cards:B3: card at 5m is past the end of the segment (4m30s)"),
    ("Cues", 2, 1, None, "Cues:A2: which segment? Give the segment's id, as in the Segments sheet"),
    ("Cues", 4, 1, "pitch-x", "Cues:A4: no segment 'pitch-x' in the Segments sheet (did you mean 'pitch'?)"),
    ("Cues", 4, 2, None, "Cues:B4: 'at' should be a duration like 4m30s or 90, not empty"),
    ("Cues", 4, 6, None, "Cues:B4: cue 2 does nothing: give it 'scene', 'text',"),
    ("Cues", 2, 4, None, "Cues:E2: which OBS text source shows this text?"),
]


@pytest.mark.parametrize(("sheet", "row", "column", "value", "expected"), BAD, ids=[b[4][:40] for b in BAD])
def test_each_bad_cell_is_reported_at_its_row_and_column(tmp_path, sheet, row, column, value, expected) -> None:
    result = imported(tmp_path, edit(good_sheets(), sheet, row, column, value))
    errors = [str(p) for p in result.problems if p.level == "error"]
    assert result.text is None and result.rundown is None
    assert any(expected in error for error in errors), errors
    assert len(errors) == 1, errors


def test_every_problem_at_once_in_workbook_order(tmp_path: Path) -> None:
    sheets = good_sheets()
    for args in (("Cues", 4, 2, "abc"), ("Segments", 4, 5, "4m3x"), ("Show", 5, 2, "7pm"), ("Cards", 2, 1, "x")):
        edit(sheets, *args)
    result = imported(tmp_path, sheets)
    assert [f"{p.place}" for p in result.problems] == ["Show:B5", "Segments:E4", "Cards:A2", "Cues:B4"]
    assert not (tmp_path / "garage.yaml").exists()


def test_a_missing_column_is_reported_once_not_for_every_row(tmp_path: Path) -> None:
    sheets = good_sheets()
    sheets["Segments"] = [row[:4] + row[5:] for row in sheets["Segments"]]
    sheets["Segments"][0][0] = "ID"  # headers match ignoring case
    result = imported(tmp_path, sheets)
    assert [str(p) for p in result.problems] == [
        f"{tmp_path / 'garage.xlsx'}:Segments:A1: the Segments sheet has no 'Duration' column "
        f"(the row that names the columns is the first to name two of them)"]


def test_header_mistakes(tmp_path: Path) -> None:
    sheets = good_sheets()
    sheets["Segments"][0][9] = "Lower thrid"  # likely a typo: said, and the column is ignored
    sheets["Segments"][0] += [None, "kind"]  # a column without a name is the director's: not a word
    problems = [str(p).split(":", 1)[1] for p in imported(tmp_path, sheets).problems]
    assert problems == [
        "Segments:J1: warning: column 'Lower thrid' is not one of studio's, so it is ignored "
        "(did you mean 'Lower third'?)",
        "Segments:L1: a second 'Kind' column (a column can be given once)"]


def test_a_long_duration_typed_as_a_time_is_a_warning(tmp_path: Path) -> None:
    sheets = edit(good_sheets(), "Segments", 6, 5, time(1, 30))  # Excel reads "1:30" as 01:30:00
    sheets["Show"][5][1] = "23:00"
    result = imported(tmp_path, sheets)
    assert [str(p).split(":", 1)[1] for p in result.problems] == [
        "Segments:E6: warning: 01:30:00 is 1h30m long; for minutes and seconds write 0:04:30 or 4m30s"]
    assert result.rundown.segments[-1].duration == 5400


def test_a_text_source_row_needs_a_cue_above(tmp_path: Path) -> None:
    sheets = good_sheets()
    sheets["Cues"].insert(1, [None, None, None, "Order Ticker", "Order now"])
    assert [str(p).split(":", 1)[1] for p in imported(tmp_path, sheets).problems] == [
        "Cues:A2: a row with only a text source adds it to the cue above, and there is none: "
        "give this cue its Segment and At"]


def test_no_segments_sheet(tmp_path: Path) -> None:
    sheets = good_sheets()
    del sheets["Segments"]
    problems = [str(p) for p in imported(tmp_path, sheets).problems]
    assert problems == [f"{tmp_path / 'garage.xlsx'}: there is no Segments sheet: the rundown's segments are one "
                        f"per row in a sheet named Segments (docs/spreadsheet-format.md)"]


def test_the_layout_covers_every_key_of_the_rundown_format() -> None:
    schema = json.loads((ROOT / "studio" / "rundown" / "rundown.schema.json").read_text())["definitions"]
    columns = {folded(f"{table.sheet} {column.key}") for table in TABLES for column in table.columns}
    lists = {"products": "Products", "cards": "Cards", "cues": "Cues", "obs": "Show", "fields": "a column each", "shop": "Shop"}
    homes = {"show": "Show", "obs": "Show obs", "exhibitor": "Exhibitors", "product": "Products",
             "segment": "Segments", "card": "Cards", "cue": "Cues", "transition": "Segments transition",
             "block": "Blocks", "delay": "Delays", "field": "Fields", "shopAction": "Shop"}
    for definition, home in homes.items():
        for key in schema[definition]["properties"]:
            if key in lists:
                continue  # a sheet of its own
            name = {"Segments transition name": "Segments transition",
                    "Cues text": "Cues text source"}.get(f"{home} {key}", f"{home} {key}")
            assert folded(name) in columns, f"no column for {definition}.{key}"


# -- the command ----------------------------------------------------------------------------


def studio(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([STUDIO, *args], capture_output=True, text=True, timeout=60, cwd=cwd)


def test_import_and_export_commands(shows: Path) -> None:
    plan = shows / "plan.xlsx"
    segments = len(load_rundown(shows / "schedules" / "garage-expo-day1.yaml").segments)
    done = studio("export", "schedules/garage-expo-day1.yaml", "-o", str(plan), cwd=shows)
    assert (done.returncode, done.stdout, done.stderr) == (0, f"{plan}: written, {segments} segments\n", "")
    target = shows / "schedules" / "garage.yaml"
    done = studio("import", str(plan), "-o", str(target))
    assert (done.returncode, done.stdout, done.stderr) == (
        0, f"{target}: written, {segments} segments, 18 exhibitors\n", "")
    assert studio("check", str(target)).returncode == 0
    csv = studio("export", str(target), "-o", str(shows / "plan.csv"))
    assert csv.returncode == 0 and "a CSV file holds the segments only" in csv.stderr


def test_a_bad_sheet_exits_1_and_writes_nothing(tmp_path: Path) -> None:
    sheet = workbook(tmp_path / "garage.xlsx", edit(good_sheets(), "Segments", 2, 5, "4m3x"))
    target = tmp_path / "garage.yaml"
    done = studio("import", str(sheet), "-o", str(target))
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.splitlines() == [
        f"{sheet}:Segments:E2: bad duration '4m3x' (write it like 4m30s, 90s, 1:30 or 1h5m)",
        f"studio: 1 problem in {sheet}; nothing written"]
    assert not target.exists() and list(tmp_path.iterdir()) == [sheet]


def in_process(capsys, *args: str) -> tuple[int, str]:
    """The command run by the CLI's own main (no process start-up): exit code and stderr."""
    try:
        code = main(list(args))
    except SystemExit as exit:  # argparse's usage errors
        code = exit.code
    return code, capsys.readouterr().err


def test_files_that_cannot_be_read_or_written_exit_2(tmp_path: Path, capsys) -> None:
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    (tmp_path / "fake.xlsx").write_text("not a zip")
    cases = {
        ("import", str(tmp_path / "old.xls"), "-o", "x.yaml"): "studio reads .xlsx and .csv files (save it as .xlsx)",
        ("import", str(tmp_path / "fake.xlsx"), "-o", "x.yaml"): "it is not an .xlsx workbook",
        ("import", str(tmp_path / "none.xlsx"), "-o", "x.yaml"): "no such file",
        ("import", str(tmp_path / "fake.xlsx"), "-o", "x.yaml", "--start", "7pm"): "bad time of day '7pm'",
        ("export", str(ROOT / "schedules/demo.yaml"), "-o", str(tmp_path / "x.txt")): "ending in .xlsx or .csv",
        ("export", str(tmp_path / "none.yaml"), "-o", str(tmp_path / "x.csv")): "no such file",
        ("export", str(ROOT / "schedules/demo.yaml"), "-o", str(tmp_path / "no" / "x.csv")): "cannot write",
    }
    for args, message in cases.items():
        code, err = in_process(capsys, *args)
        assert code == 2 and message in err and "Traceback" not in err, (args, err)


def test_export_of_a_broken_rundown_exits_1(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text('show: {title: x, start: "19:30"}\nsegments:\n  - {id: a, title: A, duration: 4m3x}\n')
    done = studio("export", str(broken), "-o", str(tmp_path / "x.xlsx"))
    assert done.returncode == 1 and f"{broken}:3:" in done.stderr and "bad duration" in done.stderr
    assert not (tmp_path / "x.xlsx").exists()
