"""Import: a spreadsheet in, the YAML text of a rundown out — checked by the loader first.

Each value read from a cell is put in a ruamel document, and the cell it came from is noted
against the value's place in the document. The document is written out as YAML and checked
with the loader, exactly as `studio check` would check the file, and every problem found there
is reported at the cell the value came from.
"""

from __future__ import annotations

import bisect
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.emitter import RoundTripEmitter
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from studio.rundown.loader import parse_document, yaml_round_trip
from studio.rundown.problems import Locator, NodePath, Problem, did_you_mean
from studio.rundown.model import CustomField, Rundown
from studio.rundown.schema import SCHEMA_PATH
from studio.rundown.values import duration as duration_seconds
from studio.spreadsheet.cells import READERS, CellError, Place, SheetProblem, is_blank, duration_doubt, rebased, text
from studio.spreadsheet.durations import planner_duration
from studio.spreadsheet.layout import (BLOCKS, CARDS, CHOICES_SEPARATOR, COMPUTED, CUES, DELAYS, DURATION, EXHIBITORS, FIELD_KEY, FIELDS,
                                       FILE, PRODUCTS, SEGMENTS, SHOP, SHOW, SHOW_HEADER, TABLES, TIME, TIMERS, Column, Table, folded, order_of,
                                       with_fields)
from studio.spreadsheet.reading import Sheet, read_sheets

# Keys in the order of schedules/demo.yaml
SEGMENT_KEYS = ("id", "title", "kind", "exhibitor", "block", "duration", "scene", "start", "end", "timer", "warning", "alarm",
                "transition", "lower_third", "clip", "notes")
CUE_KEYS = ("at", "scene", "text", "clip", "media", "action", "message")
SHOP_KEYS = ("name", "on", "url", "secret", "body")
SETTINGS = ("title", "start", "date", "timezone")  # what the command line can give or override
_SKIPPED = object()  # a cell that could not be read: its problem is reported, its key left out


@dataclass(frozen=True)
class Imported:
    problems: list[SheetProblem]  # errors and warnings, in workbook order
    text: str | None = None  # the YAML file; None when there are errors
    rundown: Rundown | None = None


@dataclass(frozen=True)
class Row:
    """One filled row of a table: its non-blank cells by column key."""

    number: int
    cells: Mapping[str, tuple[Place, Any]]
    columns: Mapping[str, Place]  # where each column of this row is, blank or not

    @property
    def first(self) -> Place:
        return min(self.columns.values())


def import_spreadsheet(source: Path, target: Path, settings: Mapping[str, str] | None = None) -> Imported:
    """The rundown a spreadsheet holds, as the YAML text to write at `target`, or every problem.

    `settings` (title, start, date, timezone, as text) win over the Show sheet; raises
    `reading.Unreadable` when the file is not a spreadsheet at all."""
    return _Import(source, target, settings or {}).run()


class _Emitter(RoundTripEmitter):
    """Quotes the way people do in a rundown file: "double quotes", only where YAML needs quotes."""

    def choose_scalar_style(self) -> Any:
        style = super().choose_scalar_style()
        return '"' if style == "'" else style


class _Import:
    def __init__(self, source: Path, target: Path, settings: Mapping[str, str]) -> None:
        self.source, self.target, self.settings = source, target, settings
        self.problems: list[SheetProblem] = []
        self.origins: dict[NodePath, Place | None] = {}  # None: from the command line
        self.declarations = CommentedSeq()  # the Fields sheet, as the document's fields:
        self.field_columns: list[Column] = []  # the Segments columns of the custom fields

    def run(self) -> Imported:
        sheets = read_sheets(self.source)
        declared = self._fields(self._rows(FIELDS, sheets.get(folded(FIELDS.sheet))))
        tables = {table.sheet: self._rows(table, sheets.get(folded(table.sheet))) for table in with_fields(declared)[1:]
                  if table is not FIELDS}
        show_rows = self._settings(sheets["show"]) if "show" in sheets else {}
        if "segments" not in sheets:
            self._problem(None, "there is no Segments sheet: the rundown's segments are one per row in a sheet "
                                "named Segments (docs/spreadsheet-format.md)")
        if self._has_errors():  # columns missing: the rows cannot be read
            return Imported(self._sorted(self.problems))
        segments = self._segments(tables["Segments"])
        doc = CommentedMap()
        doc["show"] = self._show(show_rows, tables["Segments"])
        exhibitors = (self._exhibitors(tables["Exhibitors"], tables["Products"]) if "exhibitors" in sheets
                      else self._named(tables["Segments"], "exhibitor"))
        if exhibitors:
            doc["exhibitors"] = exhibitors
        if declared:
            doc["fields"] = self.declarations
        if "blocks" not in sheets and (blocks := self._named(tables["Segments"], "block")):
            doc["blocks"] = blocks
        for key, table, keys in (("blocks", BLOCKS, ("id", "title", "budget")),
                                 ("delays", DELAYS, ("id", "before", "duration", "applied", "note"))):
            if tables[table.sheet]:
                doc[key] = CommentedSeq(self._flow(self._item((key, i), row, table, keys))
                                        for i, row in enumerate(tables[table.sheet]))
        doc["segments"] = segments
        self.origins.update({(key,): None for key in doc})
        self._cards(tables["Cards"], segments)
        self._cues(tables["Cues"], segments)
        self._shop(tables["Shop"], segments)
        if tables["Timers"]:
            doc["timers"] = self._timers(tables["Timers"])
        return self._checked(doc)

    # -- reading tables ---------------------------------------------------------------------

    def _rows(self, table: Table, sheet: Sheet | None) -> list[Row]:
        """The filled rows under the table's header row (the first that names two of its columns)."""
        if sheet is None:
            return []
        order = order_of(table)
        known = {folded(name): column for column in table.columns for name in (column.header, column.key)}
        header_at = _header_row(sheet, known)
        if header_at is None:
            return []
        columns: dict[int, Column] = {}
        for index, header in enumerate(sheet.rows[header_at]):
            place = Place(order, header_at + 1, index + 1, sheet.name)
            column = known.get(folded(header))
            if is_blank(header) or folded(header) in _COMPUTED:
                continue
            if column is None:
                self._unknown(place, header, [c.header for c in table.columns], "column")
            elif column in columns.values():
                self._problem(place, f"a second '{column.header}' column (a column can be given once)")
            else:
                columns[index] = column
        missing = [f"'{c.header}'" for c in table.columns if c.required and c not in columns.values()]
        if missing:
            self._problem(Place(order, header_at + 1, 1, sheet.name),
                          f"the {table.sheet} sheet has no {' or '.join(missing)} column "
                          f"(the row that names the columns is the first to name two of them)")
        self._wide_merges(sheet, order, header_at + 1, columns)
        rows = []
        for number, values in enumerate(sheet.rows[header_at + 1:], start=header_at + 2):
            places = {column.key: Place(order, number, index + 1, sheet.name) for index, column in columns.items()}
            cells = {column.key: (places[column.key], _typed(column, values[index], sheet, number, index + 1))
                     for index, column in columns.items() if index < len(values) and not is_blank(values[index])}
            if cells:
                rows.append(Row(number, cells, places))
        return rows

    def _wide_merges(self, sheet: Sheet, order: int, header_row: int, columns: Mapping[int, Column]) -> None:
        """Cells merged across two of studio's columns below the header: which column is the value for?"""
        for first_row, first_column, last_row, last_column in sheet.wide_merges:
            names = [columns[i].header for i in range(first_column - 1, last_column) if i in columns]
            if last_row > header_row and len(names) > 1:
                place = Place(order, max(first_row, header_row + 1), first_column, sheet.name)
                self._problem(place, f"cells merged across the {' and '.join(names)} columns: studio reads one value "
                                     f"per column; unmerge them")

    def _settings(self, sheet: Sheet) -> dict[str, tuple[Place, Any]]:
        """The Show sheet: a setting per row, its name in column A and its value in column B."""
        order = TABLES.index(SHOW)
        known = {folded(name): column for column in SHOW.columns for name in (column.header, column.key)}
        found: dict[str, tuple[Place, Any]] = {}  # blank values left out: as if not given
        rows: dict[str, int] = {}
        for number, (name, value, *_) in enumerate(((*row, None, None) for row in sheet.rows), start=1):
            place = Place(order, number, 1, sheet.name)
            if is_blank(name) or folded(name) == folded(SHOW_HEADER[0]):
                continue
            column = known.get(folded(name))
            if column is None:
                self._unknown(place, name, [c.header for c in SHOW.columns], "setting")
            elif column.key in rows:
                self._problem(place, f"'{column.header}' is set twice (first in row {rows[column.key]})")
            else:
                rows[column.key] = number
                if not is_blank(value):
                    found[column.key] = (Place(order, number, 2, sheet.name), _typed(column, value, sheet, number, 2))
        return found

    def _unknown(self, place: Place, name: Any, known: list[str], what: str) -> None:
        hint = did_you_mean(name, known)
        if hint:  # other columns and settings are the director's own: only a likely typo is worth a word
            self._problem(place, f"{what} '{name}' is not one of studio's, so it is ignored{hint}", "warning")

    # -- building the document --------------------------------------------------------------

    def _value(self, column: Column, place: Place | None, raw: Any) -> Any:
        try:
            value = READERS[column.kind](raw)
        except CellError as error:
            self._problem(place, str(error))
            return _SKIPPED
        doubt = duration_doubt(raw) if column.kind == DURATION else None
        if doubt:
            level, sentence = doubt
            self._problem(place, sentence, level)
            if level == "error":
                return _SKIPPED
        if column.kind == FILE:
            value = rebased(value, self.source.parent, self.target.parent)
        quoted = column.quoted or column.kind == TIME  # the docs ask for times of day in quotes
        return DoubleQuotedScalarString(value) if quoted and isinstance(value, str) else value

    def _put(self, node: CommentedMap, path: NodePath, key: str, column: Column, row: Row) -> None:
        """The row's cell for `column` as node[key]; a required one that is blank as an empty value."""
        if column.key in row.cells:
            place, raw = row.cells[column.key]
            value = self._value(column, place, raw)
            if value is _SKIPPED:
                if not column.required:
                    return
                value = None  # reported already; as a blank it is not reported twice
        elif column.required:
            place, value = row.columns[column.key], None  # the loader says what it should be
        else:
            return
        node[key] = value
        self.origins[(*path, key)] = place

    def _item(self, path: NodePath, row: Row, table: Table, keys: tuple[str, ...]) -> CommentedMap:
        node = CommentedMap()
        self.origins[path] = row.first
        for key in keys:
            self._put(node, path, key, table.column(key), row)
        return node

    def _show(self, rows: dict[str, tuple[Place, Any]], segments: list[Row]) -> CommentedMap:
        given = {key: (None, value) for key, value in self.settings.items() if value is not None}
        found = {**rows, **given}
        if "title" not in found:
            found["title"] = (None, self.source.stem)
        if "start" not in found and segments and "start" in segments[0].cells:
            found["start"] = segments[0].cells["start"]  # the first segment's hard start
        if "start" not in found:
            self._problem(None, "the show has no start: give --start HH:MM, or a Start in the Show sheet "
                                "or in the first segment's row")
        show, obs = CommentedMap(), CommentedMap()
        for column in SHOW.columns:
            if column.key not in found:
                continue
            place, raw = found[column.key]
            value = self._value(column, place, raw)
            if value is _SKIPPED or is_blank(value):
                continue
            node, path = (obs, ("show", "obs")) if column.key.startswith("obs.") else (show, ("show",))
            key = column.key.rpartition(".")[2]
            node[key] = value
            self.origins[(*path, key)] = place
        if obs:
            show["obs"] = obs
        return show

    def _segments(self, rows: list[Row]) -> CommentedSeq:
        segments = CommentedSeq()
        for row in rows:
            path = ("segments", len(segments))
            node = CommentedMap()
            self.origins[path] = row.first
            for key in SEGMENT_KEYS:
                if key == "transition":
                    self._transition(node, path, row)
                else:
                    self._put(node, path, key, SEGMENTS.column(key), row)
            values = CommentedMap()
            for column in self.field_columns:
                self._put(values, (*path, "fields"), column.key.removeprefix(FIELD_KEY), column, row)
            if values:
                node["fields"] = self._flow(values)
                self.origins[(*path, "fields")] = row.first
            segments.append(node)
        return segments

    def _fields(self, rows: list[Row]) -> list[CustomField]:
        """The Fields sheet: the declarations for the document, and the fields whose Segments columns to read."""
        for i, row in enumerate(rows):
            item = self._item(("fields", i), row, FIELDS, ("name", "type", "title"))
            if "choices" in row.cells:
                place, raw = row.cells["choices"]
                item["choices"] = self._flow(CommentedSeq(choice.strip() for choice in text(raw).split(CHOICES_SEPARATOR)
                                                          if choice.strip()))
                self.origins[("fields", i, "choices")] = place
            self.declarations.append(self._flow(item))
        declared = [CustomField(text(item["name"]), text(item.get("type") or "text"), text(item.get("title") or ""),
                                tuple(item.get("choices", ()))) for item in self.declarations if item.get("name")]
        self.field_columns = [column for column in with_fields(declared)[order_of(SEGMENTS)].columns
                              if column.key.startswith(FIELD_KEY)]
        return declared

    @staticmethod
    def _flow(node: Any) -> Any:
        node.fa.set_flow_style()
        return node

    def _transition(self, node: CommentedMap, path: NodePath, row: Row) -> None:
        """A name, or {name, duration} when the Transition duration column is filled."""
        self._put(node, path, "transition", SEGMENTS.column("transition"), row)
        length = CommentedMap()
        self._put(length, (*path, "transition"), "duration", SEGMENTS.column("transition_duration"), row)
        if not length:
            return
        if "transition" not in node:
            place = row.cells["transition_duration"][0]
            self._problem(place, "a transition duration needs the transition's name in the Transition column")
            return
        flow = CommentedMap(name=node["transition"], duration=length["duration"])
        flow.fa.set_flow_style()
        self.origins[(*path, "transition", "name")] = self.origins[(*path, "transition")]
        node["transition"] = flow

    def _exhibitors(self, rows: list[Row], product_rows: list[Row]) -> CommentedSeq:
        exhibitors = CommentedSeq(self._item(("exhibitors", i), row, EXHIBITORS, ("id", "name", "notes", "target"))
                                  for i, row in enumerate(rows))
        for row in product_rows:
            index = self._reference(row, "exhibitor", exhibitors, "Exhibitors")
            if index is None:
                continue
            products = exhibitors[index].setdefault("products", CommentedSeq())
            product = self._item(("exhibitors", index, "products", len(products)), row, PRODUCTS,
                                 ("sku", "name", "price", "stock"))
            product.fa.set_flow_style()
            products.append(product)
        return exhibitors

    def _timers(self, rows: list[Row]) -> CommentedSeq:
        timers = CommentedSeq()
        for row in rows:
            timer = self._item(("timers", len(timers)), row, TIMERS, tuple(c.key for c in TIMERS.columns))
            timer.fa.set_flow_style()
            timers.append(timer)
        return timers

    def _named(self, segments: list[Row], key: str) -> CommentedSeq:
        """With no Exhibitors (Blocks) sheet, as in a CSV file: each exhibitor (block) the segments name, by its id."""
        named = CommentedSeq()
        for row in segments:
            if key in row.cells:
                place, raw = row.cells[key]
                if text(raw) not in (item["id"] for item in named):
                    self.origins[(f"{key}s", len(named))] = place
                    named.append(CommentedMap(id=text(raw), name=text(raw)) if key == "exhibitor" else
                                 self._flow(CommentedMap(id=text(raw))))
        return named

    def _reference(self, row: Row, key: str, items: CommentedSeq, sheet: str) -> int | None:
        """The index of the item (exhibitor, segment) a row names by id; None after saying why not."""
        if key not in row.cells:
            self._problem(row.columns[key], f"which {key}? Give the {key}'s id, as in the {sheet} sheet")
            return None
        place, raw = row.cells[key]
        ids = [text(item.get("id") or "") for item in items]
        if text(raw) in ids:
            return ids.index(text(raw))
        self._problem(place, f"no {key} '{text(raw)}' in the {sheet} sheet{did_you_mean(text(raw), ids)}")
        return None

    def _cards(self, rows: list[Row], segments: CommentedSeq) -> None:
        for row in rows:
            index = self._reference(row, "segment", segments, "Segments")
            if index is not None:
                cards = segments[index].setdefault("cards", CommentedSeq())
                cards.append(self._item(("segments", index, "cards", len(cards)), row, CARDS, ("at", "text")))

    def _cues(self, rows: list[Row], segments: CommentedSeq) -> None:
        # the cue above, for rows that add a text source to it; False after a cue that was not read
        last: tuple[NodePath, CommentedMap] | bool | None = None
        for row in rows:
            if row.cells.keys() <= {"text_source", "text"}:
                if last is None:
                    self._problem(row.first, "a row with only a text source adds it to the cue above, "
                                             "and there is none: give this cue its Segment and At")
                elif last:
                    self._text(row, *last)
                continue
            index = self._reference(row, "segment", segments, "Segments")
            if index is None:
                last = False
                continue
            cues = segments[index].setdefault("cues", CommentedSeq())
            path = ("segments", index, "cues", len(cues))
            cue = CommentedMap()
            self.origins[path] = row.first
            for key in CUE_KEYS:
                if key == "text":
                    self._text(row, path, cue)
                else:
                    self._put(cue, path, key, CUES.column(key), row)
            cues.append(cue)
            last = (path, cue)

    def _shop(self, rows: list[Row], segments: CommentedSeq) -> None:
        """Each row a shop action: the segment's own, or (with At) its cue's at that time, made if the Cues sheet has none."""
        for row in rows:
            index = self._reference(row, "segment", segments, "Segments")
            if index is None:
                continue
            path: NodePath = ("segments", index)
            owner = segments[index]
            if "at" in row.cells:
                place, raw = row.cells["at"]
                at = self._value(SHOP.column("at"), place, raw)
                if at is _SKIPPED:
                    continue
                cues = owner.setdefault("cues", CommentedSeq())
                same = next((i for i, cue in enumerate(cues) if _same_time(cue.get("at"), at)), None)
                if same is None:
                    same = len(cues)
                    cues.append(CommentedMap(at=at))
                    self.origins[(*path, "cues", same)] = row.first
                    self.origins[(*path, "cues", same, "at")] = place
                path, owner = (*path, "cues", same), cues[same]
            actions = owner.setdefault("shop", CommentedSeq())
            actions.append(self._item((*path, "shop", len(actions)), row, SHOP, SHOP_KEYS))

    def _text(self, row: Row, path: NodePath, cue: CommentedMap) -> None:
        """The row's text source and text into the cue's {source: text}; a source with no text clears it."""
        if "text_source" not in row.cells:
            if "text" in row.cells:
                self._problem(row.cells["text"][0], "which OBS text source shows this text? Fill Text source")
            return
        place, source = row.cells["text_source"]
        texts = cue.get("text")
        if texts is None:
            texts = cue["text"] = CommentedMap()
            texts.fa.set_flow_style()
            self.origins[(*path, "text")] = place
        texts[text(source)] = DoubleQuotedScalarString(text(row.cells["text"][1]) if "text" in row.cells else "")
        self.origins[(*path, "text", text(source))] = row.cells.get("text", (place,))[0]

    # -- checking ---------------------------------------------------------------------------

    def _checked(self, doc: CommentedMap) -> Imported:
        text_out = self._dump(doc)
        written = yaml_round_trip().load(text_out)
        rundown, found = parse_document(written, self.target)
        places = _Places(written, self.origins)
        mine = {problem.place for problem in self.problems if problem.level == "error"}
        for problem in found:
            place = places.at(problem.line, problem.col)
            if place is None or place not in mine:  # a cell already reported is not reported twice
                self._problem(place, places.reworded(problem), problem.level)
        problems = self._sorted(self.problems)
        if self._has_errors():
            return Imported(problems)
        return Imported(problems, text_out, rundown)

    def _dump(self, doc: CommentedMap) -> str:
        for key in ("exhibitors", "fields", "blocks", "delays", "segments"):
            if key in doc:
                doc.yaml_set_comment_before_after_key(key, before="\n")
        for index in range(1, len(doc["segments"])):
            doc["segments"].yaml_set_comment_before_after_key(index, before="\n", indent=2)
        doc.yaml_set_start_comment(f"yaml-language-server: $schema={_schema_from(self.target)}\n"
                                   f"Imported from {self.source.name} by `studio import`.")
        yaml = yaml_round_trip()
        yaml.Emitter = _Emitter
        out = StringIO()
        yaml.dump(doc, out)
        return out.getvalue()

    # -- problems ---------------------------------------------------------------------------

    def _problem(self, place: Place | None, message: str, level: str = "error") -> None:
        self.problems.append(SheetProblem(str(self.source), place, message, level))

    def _has_errors(self) -> bool:
        return any(problem.level == "error" for problem in self.problems)

    @staticmethod
    def _sorted(problems: list[SheetProblem]) -> list[SheetProblem]:
        return sorted(dict.fromkeys(problems), key=SheetProblem.sort_key)


_COMPUTED = {folded(name) for name in COMPUTED}


def _same_time(a: Any, b: Any) -> bool:
    """Two durations as written ("1m", "0:01:00") that are the same time."""
    try:
        return duration_seconds(a) == duration_seconds(b)
    except ValueError:
        return False


def _header_row(sheet: Sheet, known: Mapping[str, Column]) -> int | None:
    """The row that names the columns: the first naming two of the table's (title rows may stand above it),
    else the first filled row (where a missing column is then reported)."""
    filled = [i for i, row in enumerate(sheet.rows) if not all(map(is_blank, row))]
    naming = (i for i in filled if sum(folded(cell) in known for cell in sheet.rows[i] if not is_blank(cell)) >= 2)
    return next(naming, filled[0] if filled else None)


def _typed(column: Column, value: Any, sheet: Sheet, row: int, column_number: int) -> Any:
    """A duration as the planner typed it (4'30, 4 min, a time shown as 4:30) in the rundown's form."""
    if column.kind != DURATION:
        return value
    return planner_duration(value, sheet.formats.get((row, column_number)))


class _Places:
    """The cell behind each place of the written YAML, for the loader's FILE:LINE:COL problems."""

    def __init__(self, doc: Any, origins: Mapping[NodePath, Place | None]) -> None:
        where = Locator(doc, "")
        by_position: dict[tuple[int, int], Place | None] = {}
        for path, place in sorted(origins.items(), key=lambda item: len(item[0])):
            for key in (False, True):
                by_position[where.position(path, key=key)] = place
        self.positions = sorted(by_position)
        self.places = [by_position[position] for position in self.positions]

    def at(self, line: int, col: int) -> Place | None:
        """The cell of the nearest value at or before this place in the file."""
        index = bisect.bisect_right(self.positions, (line, col)) - 1
        return self.places[index] if index >= 0 else None

    def reworded(self, problem: Problem) -> str:
        """The loader's message, its 'on line N' now naming the cell."""
        def cell(match: re.Match[str]) -> str:
            index = bisect.bisect_left(self.positions, (int(match[1]), 0))
            place = self.places[index] if index < len(self.places) else None
            return f"in {place}" if place else match[0]

        return re.sub(r"\bon line (\d+)", cell, problem.message)


def _schema_from(target: Path) -> str:
    """How the written file's first line points editors to the schema (relative, as the samples do)."""
    try:
        return Path(os.path.relpath(SCHEMA_PATH, target.resolve().parent)).as_posix()
    except ValueError:  # another drive (Windows)
        return SCHEMA_PATH.as_uri()
