"""Reading a source into a frame with canonical column names: a path (delimited text, a workbook, MS
Project XML, the SiP folder) or a DataFrame.

:func:`read_source` detects the file's kind (:mod:`~pmo_forecast.inputs.file_kinds`), format, encoding and
separator (:mod:`~pmo_forecast.inputs.delimited`, :mod:`~pmo_forecast.inputs.spreadsheet`), reads its header as the
schema's columns (:mod:`~pmo_forecast.inputs.column_names`) and hands a tracker's export to its reader
(:mod:`~pmo_forecast.inputs.trackers`); types are coerced afterwards (:mod:`~pmo_forecast.inputs.coerce`).
:func:`header_only` and :func:`check_not_empty` tell an unfilled template and a file without rows.
Inputs are only ever read.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.exceptions import DataQualityWarning, SchemaError, warn
from ..core.labels import agree, counted
from ..core.source_lines import (
    FRAME_ROWS,
    IN_MEMORY,
    PLACEHOLDER_IDS,
    FrameRows,
    lines_at,
    name_rows,
    rows_text,
    source_rows,
)
from . import formats as F
from .cells import (
    NO_CELL_MARKS,
    NO_NUL_BYTES,
    SAVED_INDEX,
    as_categories,
    cells_as_shown,
    float_ids,
    nul_bytes_in_headers_or_raise,
    printable,
    row_labels,
    say_text_formulas,
    scientific_ids,
    text_marks_off,
    to_text,
)
from .column_names import (
    canonical_names,
    file_hints,
    group_titles,
    header_below_titles,
    header_hint,
    keep_out_of_percent_complete,
    loose_repeats_or_raise,
    plan_fields_mapped,
    read_by,
    repeated_schema_columns_or_raise,
    said_headers,
    said_plan_renames,
    say_second_header_row,
    users_headers,
)
from .delimited import read_delimited, sniff_delimited
from .file_kinds import refuse_other_types, sniff_file_type
from .headers import find_column
from .parsing import closest_names, file_headers, given_dict, numbered_headers
from .sip_files import SIP_TASK_FILE
from .spreadsheet import ABOVE_HEADER, ids_as_shown, long_ids, read_workbook
from .status_map import guesses_said_if_refused


def _other_story_points(df: pd.DataFrame, column_map: dict, detected: dict) -> pd.DataFrame:
    """The estimate mapped from one of Jira's story point fields (:data:`~pmo_forecast.core.schema.STORY_POINT_COLUMNS`)
    takes the other's points where it is blank, said in ``detected["story_points"]``.

    Jira Cloud keeps ``Story Points`` for company-managed projects and ``Story point estimate`` for
    team-managed ones; an export of both holds each issue's points in one of them only, and the other
    projects' issues had no estimate.
    """
    mapped = next((k for k, v in column_map.items() if v == S.ESTIMATE and k in df.columns), None)
    fields = [find_column([mapped], n) for n in S.STORY_POINT_COLUMNS] if mapped is not None else []
    if not any(fields):
        return df
    other = find_column(df.columns, S.STORY_POINT_COLUMNS[1 - [bool(f) for f in fields].index(True)])
    if other is None or other == mapped:
        return df
    own, theirs = to_text(df[mapped]), to_text(df[other])
    fill = (own.isna() & theirs.notna()).to_numpy(dtype=bool)
    if not fill.any():
        return df
    df[mapped] = df[mapped].astype(object).where(~fill, df[other].astype(object))
    n = int(fill.sum())
    detected["story_points"] = (f"{counted(n, 'task')} without '{mapped}' {agree(n, 'takes its', 'take their')} "
                                f"points from '{other}' (Jira keeps story points in one field for company-managed "
                                f"projects and in the other for team-managed ones; {rows_text(source_rows(df)[fill])})")
    return df


#: Why a plan's format given for a table loaded before is not applied (:func:`_format_for`).
_PLAN_READERS = {F.MSPDI: "an MS Project XML reader reads a plan's XML, not a table",
                 F.SIP: "the SiP reader reads the SiP folder's two files, not a table"}


def _format_for(format: str, columns, detected: dict) -> str:
    """``format``, or ``"auto"`` where a tracker's or a plan's is given for a table loaded before (its header holds
    ``task_id``, :func:`~pmo_forecast.inputs.formats.loaded_table`), said in ``detected["format_given"]``: the
    tracker's reader read its hours again in the tracker's unit (a mapping file's ``format: jira``, as ``init``
    writes it, made 5,858 h 2 h), a plan's reader cannot read a table (``format: mspdi`` said the saved table was
    "not readable as MS Project XML"); the table is read as its reader read it
    (:func:`~pmo_forecast.inputs.formats.read_as_jira`)."""
    from . import trackers

    if format not in (*trackers.READERS, *_PLAN_READERS) or not F.loaded_table(columns):
        return format
    why = _PLAN_READERS.get(format, f"a {format} reader would read its hours again in {format}'s unit")
    detected["format_given"] = (f"{format} (the mapping's format:, or format=) not applied: the table has the task "
                                f"table's own task_id, a table loaded before, read as that load read it ({why})")
    return "auto"


def say_unmatched(detected: dict, unmatched: list, found: list) -> None:
    """``detected["column_map_unmatched"]``: the mapped columns ``unmatched`` that the table (its headers ``found``)
    does not have, each with the closest headers; warned once the table loads (:func:`warn_unmatched`), else
    said in the error for a required column missing. A plan's field named as its file names it (MS Project
    XML's ``Name``) is no such column: it maps the column it is read as (:func:`~.column_names.plan_fields_mapped`).
    None left (a table loaded before read as its first load left it, :func:`~pmo_forecast.inputs.io.load_tasks`):
    no note."""

    def said(k):
        return f"'{k}' (closest: {', '.join(closest_names(str(k), found)) or 'none'})"

    if unmatched:
        detected["column_map_unmatched"] = "; ".join(said(k) for k in unmatched)
    else:
        detected.pop("column_map_unmatched", None)


def warn_unmatched(said: str, file: str) -> None:
    """Warn of ``column_map``'s columns that match none of a table loaded (``said``: :func:`~.column_names.unmatched_said`,
    worded before the loader drops a plan's fields), as a mapping file's are refused: they were only a row of the pack's
    Assumptions, never said to a caller of the loader."""
    if said:
        warn(f"{file}: {said}; not read.", DataQualityWarning)


def _without_saved_index(df: pd.DataFrame, schema: S.TableSchema, detected: dict) -> pd.DataFrame:
    """``df`` without a loaded table's index saved before its columns (:func:`~pmo_forecast.inputs.formats.saved_index`
    of ``schema``, its values the row labels: :func:`~pmo_forecast.inputs.cells.row_labels`), a workbook's or a
    frame's read from one (``Unnamed: 0``): pandas' index, no data, said in ``detected[SAVED_INDEX]`` (a delimited
    file's is dropped as it is read, :func:`read_delimited`)."""
    if not (F.saved_index(df.columns, schema) and row_labels(df.iloc[:, 0])):
        return df
    detected[SAVED_INDEX] = True
    return df.drop(columns=df.columns[0])


def _spells_required(header, schema: S.TableSchema, column_map) -> bool:
    """Whether ``header`` names every required column of ``schema``, as itself, an alias or through ``column_map``
    (its names as the user wrote them: case and spaces ignored)."""
    names = [str(c).strip() for c in header]
    given = {(find_column(names, k) or k): v for k, v in dict(column_map or {}).items()}
    ren = canonical_names(names, schema, given)
    return set(schema.required) <= {ren.get(c, c) for c in names}


def workbook_below_titles(path, sheet, schema: S.TableSchema, column_map,
                          detected: dict | None = None) -> tuple[pd.DataFrame, dict]:
    """A workbook's sheet as :func:`~.spreadsheet.read_workbook` reads it, its header the one row below title
    rows that names the schema's columns (:func:`~.column_names.header_below_titles`; the rows' guesses kept in
    ``detected`` for the rest of the load). Title rows holding group titles over the header's columns (one cell
    or several, :func:`~.column_names.group_titles`) are warned and said in ``group_titles``, as a delimited
    file's are (:func:`sniff_below_titles`): one cell over a column was skipped as a title without a word."""
    df, found = read_workbook(path, sheet=sheet, find_header=functools.partial(
        header_below_titles, schema=schema, column_map=column_map, word="row", detected=detected))
    header = found["header_rows"][0][1]
    # a sheet's row ends at its last filled cell: a title over the last columns spans them to the header's end
    above = [(n, cells + [""] * (len(header) - len(cells))) for n, cells in found.pop(ABOVE_HEADER, [])]
    if above and (groups := group_titles(above, header, word="row")):
        found["group_titles"] = groups
        warn(f"{path}: sheet {found['sheet']!r}: {groups}.", DataQualityWarning)
    return df, found


def sniff_below_titles(path, schema: S.TableSchema, column_map, detected: dict | None = None) -> dict:
    """What :func:`~.delimited.sniff_delimited` finds in a delimited file, its header the one line below title
    lines that names the schema's columns (:func:`~.column_names.header_below_titles`; the lines' guesses kept in
    ``detected`` for the rest of the load), said in ``title_rows``."""
    sn = sniff_delimited(path)
    if (below := header_below_titles(sn["header_rows"], schema, column_map, detected=detected)) is not None:
        above = sn["header_rows"][:below[0]]
        sn = {**sniff_delimited(path, header_at=below[0]), "title_rows": below[1]}
        if groups := group_titles(above, sn["header"]):  # not a title: the names below may need them
            sn["group_titles"] = groups
            warn(f"{path}: {groups}.", DataQualityWarning)
    return sn


def read_source(source, *, format: str, column_map, schema: S.TableSchema, what: str, sheet=None,
                 options: dict | None = None) -> tuple[pd.DataFrame, str, dict]:
    """Read ``source`` into a frame with canonical names (types not yet coerced).

    ``options`` (status map, units given by a mapping) are passed to the tracker readers
    through ``detected``."""
    from . import trackers

    given_dict(column_map, "column_map", "{'Owner': 'assignee'}",
               IN_MEMORY if isinstance(source, pd.DataFrame) else str(source))
    known = ("auto", *F.TABLE_FORMATS, *F.PLAN_FORMATS, *trackers.READERS)
    if format not in known:
        raise SchemaError(f"unknown format {format!r}. Use one of: {', '.join(known)}.")
    tasks_only = (*F.PLAN_FORMATS, *trackers.READERS)
    if isinstance(source, pd.DataFrame):
        df, file, detected, fmt = _read_frame(source, format, schema)
    else:
        df, file, detected, fmt = _read_path(Path(source), format, column_map, schema, what, sheet, options)
    # a delimited file whose bytes hold no apostrophe before a formula or a digit, and no =": no cell looked at for them
    unmarked = detected.pop(NO_CELL_MARKS, False)
    if fmt in tasks_only and schema is not S.TASKS:
        mapped = (f", or, if it is the {what} table, name its columns with column_map={{'<your column>': "
                  f"'{schema.key}'}}" if fmt in trackers.READERS else "")
        raise SchemaError(f"{file}: looks like a {fmt} task export; load it with load_tasks{mapped}.", file=file)
    nul_bytes_in_headers_or_raise(df.columns, file=file)  # 'Estimate\x00' would be read as another column
    df, column_map, written = _column_map_applied(df, column_map, detected, file)
    # a plan's columns are its reader's, named as they are read (its fields are said by that name, say_unmatched)
    found_cols = [str(c) for c in df.columns] if "_fields" in detected else file_headers(df.columns, detected)[0]
    unmatched = [k for k in dict(column_map or {}) if k not in df.columns]
    detected["_unmatched"] = (unmatched, found_cols)  # a mapping file's columns must exist (load_tasks)
    say_unmatched(detected, unmatched, found_cols)
    header_hint(detected, list(df.columns), schema, column_map)
    detected.update(options or {})
    under_header = True  # the table's first row is the one read below its header (say_second_header_row)
    # from a tracker's reader on, a refusal says the statuses it guessed, as load_tasks's from this frame on do
    # (the reader's after its statuses, a column read twice): the user who mends it meets them next
    with guesses_said_if_refused(detected):
        if fmt in trackers.READERS:
            # the reader reads the map's columns by the names they map to: a clash names them as the file does
            mapped = {c: column_map[c] for c in df.columns if c in dict(column_map or {})}
            # two columns mapped to a name the reader reads itself would reach it as a frame, not a column (a raw
            # traceback): refused first, as below (the names it does not read are refused after it, with its guesses)
            if trackers.READ_NAMES[fmt] & {v for v in mapped.values() if list(mapped.values()).count(v) > 1}:
                _one_column_each_or_raise(df.rename(columns=mapped), list(df.columns), mapped, detected, mapped,
                                          written, file)
            df, under_header = _read_by_tracker(df, source, fmt, schema, column_map, detected, file)
            column_map = None
        else:
            _table_columns_or_raise(df, schema, column_map, detected, file)
        detected["format"] = fmt
        header = list(df.columns)  # as the file writes it: a title line read as the header names no column
        ren = canonical_names(header, schema, column_map)
        (said_plan_renames if "_fields" in detected else said_headers)(detected, ren)
        df = df.rename(columns=ren)
        # each id column as the file heads it (and each text column holding another table's id, the request log's
        # project: S.ID_TEXT_COLUMNS); one given twice is refused below (_one_column_each_or_raise), its
        # cells not read here
        named = {canon: h for h, canon in ren.items()}
        headers = {c.name: named.get(c.name, c.name) for c in schema.columns
                   if (c.kind == "id" or c.name in S.ID_TEXT_COLUMNS) and list(df.columns).count(c.name) == 1}
        ids = list(headers)
        # each cell as its spreadsheet shows it, once: a file's guards off (counted, finish_table says them); a frame a
        # loader returned was read so already
        if not isinstance(source, pd.DataFrame):
            if not unmarked and (guards := cells_as_shown(df, guarded=True)):
                detected["_formula_guards"] = guards
            # '00123, the apostrophe typed to keep an id's zeros, exported as typed
            if detected.get("file_type") == "delimited text":
                # and the names of another table's key ('007, a person's), whose table reads them as ids: said once
                keys = [c for c in S.KEY_TEXT_COLUMNS if c not in ids and list(df.columns).count(c) == 1]
                if not unmarked and (marks := text_marks_off(df, ids + keys, source_rows(df))):
                    detected["text_marks"] = marks
                # 1.20457E+18: an id a re-save by Excel lost
                detected.update(scientific_ids(df, headers, source_rows(df), file, schema.key))
            elif detected.get("file_type") == "Excel workbook":
                detected.update(long_ids(df, headers, source_rows(df), file))  # the numbers as the cells hold them
                detected.update(ids_as_shown(df, headers, source_rows(df), file))  # "PRJ-"0: the id the user sees
        elif "_loaded" not in detected:
            if formulas := cells_as_shown(df, guarded=False):
                say_text_formulas(detected, formulas)
            # ids held as floats past 2**53, read as the whole numbers the floats hold: by position, not by them
            detected.update(float_ids(df, headers, source_rows(df), file))
        if isinstance(source, pd.DataFrame) and "_source_line" not in df.attrs:
            # a table given in memory has no lines: its rows named by their key ("task T-2"), else by position from 0
            # in the frame given (a tracker's reader may have left rows out: named before it ran); a placeholder
            # id ('-', 'n/a', 'TBD') names no task or project (validation's placeholder_project_id): by position too
            name_rows(df, schema.key, schema.noun, schema.name, no_id=PLACEHOLDER_IDS.get(schema.key))
        if under_header:
            say_second_header_row(detected, df, schema, header, word="row" if "sheet" in detected else "line")
        if fmt in trackers.READERS and df.columns.duplicated().any():
            header, ren, column_map = _named_as_the_file(header, mapped)
        _one_column_each_or_raise(df, header, ren, detected, column_map, written, file)
    return df, file, detected


def _named_as_the_file(header: list, mapped: dict) -> tuple[list, dict, dict]:
    """A tracker reader's ``header`` with each column ``mapped`` read (the map by the file's columns, in their order:
    the reader read them by the names they map to) named as the file names it, the renames and the map for it: so
    :func:`_one_column_each_or_raise` names the columns read as one as the user's file has them (``'Created'
    (column_map entry 'Created': 'title')``, not ``'title' (its own name)`` twice)."""
    left: dict = {}  # each name the map reads columns as -> those columns, in the file's order
    for c, v in mapped.items():
        left.setdefault(v, []).append(c)
    return [left[h].pop(0) if left.get(h) else h for h in header], mapped, mapped


def _read_frame(source: pd.DataFrame, format: str, schema: S.TableSchema) -> tuple[pd.DataFrame, str, dict, str]:
    """A DataFrame given as the source, as :func:`read_source` reads it: the frame (its headers trimmed and
    numbered, a saved index dropped, the source lines of a frame loaded before kept), its name, what was detected
    and its format."""
    file, detected = IN_MEMORY, {"format": F.DATAFRAME, "file": IN_MEMORY}
    df = source.copy()
    df.columns = numbered_headers([str(c).strip() for c in df.columns])[0]
    df = _without_saved_index(df, schema, detected)
    key = next((c for c in source.columns if str(c).strip() == schema.key), None)
    lines = lines_at(source, np.arange(len(source)), key)  # a frame loaded before keeps its source lines
    known = lines is not None and not lines.isna().any()
    df.attrs = {"_source_line": lines.to_numpy(dtype=np.int64)} if known else {}
    if source.attrs.get(NO_NUL_BYTES):  # loaded before from a file without the byte: not looked at again
        df.attrs[NO_NUL_BYTES] = True
    detected["_file_headers"] = list(df.columns)
    if isinstance(source.attrs.get("detected"), dict):  # loaded before: what its loader found holds
        detected["_loaded"] = (dict(source.attrs["detected"]), dict(source.attrs.get("_headers", {})))
    fmt = _format_for(format, df.columns, detected)
    fmt = fmt if fmt != "auto" else F.detect_format(list(df.columns))
    fmt = F.DATAFRAME if fmt in (F.GENERIC, *F.TABLE_FORMATS, *F.PLAN_FORMATS) else fmt
    return df, file, detected, fmt


def _read_path(path: Path, format: str, column_map, schema: S.TableSchema, what: str, sheet,
               options: dict | None) -> tuple[pd.DataFrame, str, dict, str]:
    """A file or folder given as the source, as :func:`read_source` reads it: its kind (by its content) and format
    found, read as a table or by a plan's reader; the frame, the file's name, what was detected and the format."""
    from . import mspdi

    file = str(path)
    if not path.exists():
        raise SchemaError(f"{file}: no such file or folder. Check the path to the {what} export.",
                          file=file)
    detected = {"file": file}
    fmt = format
    if fmt == "auto" and ((path / SIP_TASK_FILE).exists() or path.name == SIP_TASK_FILE):
        fmt = F.SIP
    if path.is_dir() and fmt != F.SIP:
        raise SchemaError(f"{file}: is a folder; give the path of the {what} file.", file=file)
    kind = sniff_file_type(path) if path.is_file() else "folder"  # the content, not the extension
    if kind not in ("folder", "text", "xlsx", "xml"):
        refuse_other_types(path, kind)
    if fmt == "auto" and kind == "xml":
        fmt = F.MSPDI
    df = None  # read below by a plan's reader
    # a table given a plan's format: its header says whether it is a table loaded before (_format_for)
    if fmt not in F.PLAN_FORMATS or (kind in ("text", "xlsx") and path.name != SIP_TASK_FILE):
        df, fmt = _read_table_file(path, fmt, kind == "xlsx", sheet, schema, column_map, detected)
    if fmt in F.PLAN_FORMATS:  # a plan's reader makes its own columns, from the fields it reads: the file's
        detected.pop("_file_headers", None)  # own names, as messages list them
        detected["_fields"] = F.SIP_FIELDS if fmt == F.SIP else mspdi.MSPDI_FIELDS
    if fmt == F.SIP:
        df = F.read_sip(path)
        detected["encoding"] = "cp1252"
        detected[S.PROJECT_ID] = F.SIP_PROJECTS_FROM  # a map's or project_from's column replaces it, said
        detected.setdefault("_headers", {}).update(F.SIP_HEADERS)
        detected["_line_columns"] = F.SIP_LINE_COLUMNS
    elif fmt == F.MSPDI:
        df, found = mspdi.read_mspdi(path, hours_per_day=(options or {}).get("hours_per_day"))
        detected.update(found)
    return df, file, detected, fmt


def _read_table_file(path: Path, fmt: str, excel: bool, sheet, schema: S.TableSchema, column_map,
                     detected: dict) -> tuple[pd.DataFrame | None, str]:
    """A workbook or a delimited file read as a table (None: a plan's, left to its reader), and its format
    (a tracker's, a plan's, or ``excel``/``csv``) found from its header; what was found said in ``detected``."""
    from . import trackers

    # format="csv"/"excel" name a table; the content says which kind
    detected["file_type"] = "Excel workbook" if excel else "delimited text"
    suffix = path.suffix.lower()
    if excel != (suffix in (".xlsx", ".xlsm", ".xls")) and suffix in (".xlsx", ".xlsm", ".xls",
                                                                      ".csv", ".tsv", ".txt"):
        detected["file_type_note"] = (f"named {suffix} but its content is "
                                      f"{detected['file_type']}, read as such")
    df, found = None, {}
    if excel:
        df, found = workbook_below_titles(path, sheet, schema, column_map, detected)
        df = _without_saved_index(df, schema, detected)
        header = list(df.columns)
        detected["_file_headers"] = [str(c) for c in header]  # before any is renamed or added
    else:
        sn = sniff_below_titles(path, schema, column_map, detected)
        header = sn["header"]
    fmt = _format_for(fmt, header, detected)
    if fmt in ("auto", F.EXCEL):
        fmt = F.detect_format(header)
        # a Jira Service Management log, or a Jira export whose columns the user mapped, is the table asked
        # for: it was refused as a task export, even with a column_map
        if fmt in trackers.READERS and schema is not S.TASKS and _spells_required(header, schema, column_map) \
                and (column_map or (schema is S.REQUESTS and F.service_desk_log(header))):
            fmt = F.GENERIC
        fmt = (F.EXCEL if excel else F.CSV) if fmt == F.GENERIC else fmt
    if not excel and fmt not in F.PLAN_FORMATS:  # (no table loaded before: read, and refused, below)
        df, found = _read_delimited_table(path, fmt, header, sn, schema, column_map, detected)
    detected.update(found)
    return df, fmt


def _read_delimited_table(path: Path, fmt: str, header: list, sn: dict, schema: S.TableSchema, column_map,
                          detected: dict) -> tuple[pd.DataFrame, dict]:
    """A delimited file (sniffed: ``sn``) read as a table of format ``fmt``, and what its reader found. A table's
    ids, text and numbers are read as text, other text as categories."""
    dtype = None
    if fmt == F.CSV:  # dates inferred; ids as text (keeps "007"); numbers as text too, so
        # "1.200" is seen as written (1200 or 1.2: see number_styles). Python strings, not
        # categories: the parser reads text in parallel, while categories from its chunks
        # are merged afterwards (pandas 3.1: 2.4x the time); and object, not the "str"
        # dtype, which checks every cell and hashes at half the speed.
        names = numbered_headers(header)[0]
        ren = canonical_names(names, schema, column_map)
        kinds = {c.name: c.kind for c in schema.columns}
        dtype = {n: object for n in names
                 if kinds.get(ren.get(n, n)) in ("id", "string", "category", "float")}
    index = F.saved_index(header, schema)  # a loaded table saved with pandas' index first: dropped if it is one
    df, found = read_delimited(path, dtype=dtype, text=fmt != F.CSV, sniffed=sn, index_first=index)
    detected["_file_headers"] = [str(c) for c in df.columns]  # before any is renamed or added
    if fmt == F.CSV:  # a date column read as numbers (46.360 as 46.36) quotes its cells as written (coerce);
        # in detected, not the frame's attrs, which pandas deep-copies with every column taken out: the sniffed
        # first lines it holds are 240,000 cells of an 8,000-column export
        detected["_written"] = functools.partial(read_delimited, path, text=True, sniffed=sn, index_first=index)
    for n in dtype or {}:  # other text as categories, hashed once here
        if ren.get(n, n) != schema.key and kinds.get(ren.get(n, n)) != "float":
            df[n] = as_categories(df[n])
    return df, found


def _column_map_applied(df: pd.DataFrame, column_map, detected: dict, file: str) -> tuple[pd.DataFrame, dict, dict]:
    """``df`` with ``column_map``'s entries found among its columns (case, spaces and Jira's ``Custom field
    (...)`` ignored), a file's own column of a mapped name set aside and Jira's other story points taken; the map
    by the columns found, and each of them -> its key as the user wrote it (as a clash names the entry)."""
    written = {}  # each column the map names -> its key as the user wrote it, as a clash names the entry
    if column_map:  # names as the user wrote them: case, spaces and Jira's "Custom field (...)" ignored
        written = {(find_column(df.columns, k) or k): k for k in dict(column_map)}
        column_map = {c: column_map[k] for c, k in written.items()}
        if "_fields" in detected:  # a plan's field named as its file names it maps the column it is read as
            column_map = plan_fields_mapped(column_map, df.columns, detected, file)
        df = _mapped_column_wins(df, column_map, detected)
        df = _other_story_points(df, column_map, detected)
    return df, column_map, written


def _read_by_tracker(df: pd.DataFrame, source, fmt: str, schema: S.TableSchema, column_map, detected: dict,
                     file: str) -> tuple[pd.DataFrame, bool]:
    """``df``, a tracker's export, read by its reader, the rows it keeps with their source lines; and whether its
    first row is still the one read below the header."""
    from . import trackers

    under_header = True
    repeated_schema_columns_or_raise(df, schema, column_map, detected, file,
                                      reads=functools.partial(trackers.reads_header, fmt))
    if isinstance(source, pd.DataFrame) and "_source_line" not in df.attrs:
        # a frame in a tracker's layout has no lines: the reader's own messages name its rows by the key it
        # reads ("task A-4", as later messages name them), else by position ("row 1, counted from 0"), not by
        # index label as a line; a placeholder id ('-') names no task, as below
        name_rows(df, trackers.key_header(fmt, df.columns, column_map), schema.noun, schema.name,
                  no_id=PLACEHOLDER_IDS[S.TASK_ID])
    kept = {k: v for k, v in df.attrs.items() if k.startswith("_")}  # source lines, workbook facts
    said_headers(detected, column_map)
    read, raw = df.index, df.rename(columns=dict(column_map or {}))
    if not read.is_unique:  # a label given twice finds no row: the reader given positions, the labels put back
        raw.index = pd.RangeIndex(len(raw))
    with users_headers(detected):
        df = trackers.READERS[fmt](raw, detected)
    if not read.is_unique:
        at = df.index.to_numpy()
        df.index = read[at]
    if len(df) != len(read):
        # rows left out by the reader (epics): the others keep their lines, or are named by their place in the
        # frame, found by label (a file's lines were dropped, and later messages named "row 0, counted from 0")
        at = read.get_indexer(df.index) if read.is_unique else at
        found = bool((at >= 0).all())
        # the first row read left out: the row now first is no row below the header, nor the frame's row 0
        under_header = found and len(at) > 0 and at[0] == 0
        if kept.get(FRAME_ROWS) is not None:
            kept[FRAME_ROWS] = FrameRows(kept[FRAME_ROWS].values[at]) if found else None
        if kept.get("_source_line") is not None:
            kept["_source_line"] = np.asarray(kept["_source_line"])[at] if found else None
            df.attrs.pop("_source_line", None)  # the reader's copy of all the lines read
    df.attrs.update({k: v for k, v in kept.items() if v is not None})
    return df, under_header


def _table_columns_or_raise(df: pd.DataFrame, schema: S.TableSchema, column_map, detected: dict, file: str) -> None:
    """A table's columns repeated refused; a Jira export loaded and saved, read as Jira's reader read it, said."""
    repeated_schema_columns_or_raise(df, schema, column_map, detected, file)
    loose_repeats_or_raise(df, schema, column_map, detected, file)
    if schema is S.TASKS and not F.read_as_jira(detected) and (jira := F.saved_jira_table(df.columns)):
        detected[F.JIRA_SAVED] = (f"a Jira export loaded and saved (task_id beside Jira's '{jira[0]}'): read "
                                  "as Jira's reader read it: an issue's estimate its own, not its sub-tasks' sum; "
                                  "a finished issue with sub-tasks a task; its 'Progress' the time logged")
    if F.read_as_jira(detected):  # loaded again: read as a table, as its reader read it
        keep_out_of_percent_complete(df, S.JIRA_TIME_PROGRESS)


def _one_column_each_or_raise(df: pd.DataFrame, header: list, ren: dict, detected: dict, column_map, written: dict,
                              file: str) -> None:
    """Refuse columns that map to one name, naming each header read as it and the entry or alias that read it."""
    if df.columns.duplicated().any():
        dup = sorted(set(df.columns[df.columns.duplicated()]))
        # each of the file's headers read as it, as the file writes it (a plan's field), and the entry or alias that
        # read it: the user knows which to drop
        shown = {**{str(c): str(b) for b, cs in detected.get("repeated_headers", {}).items() for c in cs},
                 **{str(c): str(f) for c, f in (detected.get("_fields") or {}).items()}}
        clashes = "; ".join(f"'{d}': " + " and ".join(
            f"'{printable(shown.get(str(h), h))}' ({read_by(h, d, column_map, written)})"
            for h in header if ren.get(h, h) == d) for d in dup)
        raise SchemaError(f"{file}: more than one column maps to {clashes}. Keep one (check column_map).",
                          file=file, column=dup[0])


def _mapped_column_wins(df: pd.DataFrame, column_map: dict, detected: dict) -> pd.DataFrame:
    """``df`` with each column a map reads another as (``{'Team': 'project_id'}``) set aside where the file has
    one by that name itself, mapped to nothing (a table's ``project_id``, a plan's: its Title): a map is the
    user's choice, and the file's own is kept as ``unmapped_<name>``, said in ``detected["columns_set_aside"]``.
    Both were read as the one column, refused as "more than one column maps to 'project_id'" (only a mapping
    file's estimate and actual stepped aside, unsaid)."""
    aside = {v: f"unmapped_{v}" for k, v in column_map.items()
             if k != v and k in df.columns and v in df.columns and v not in column_map
             and f"unmapped_{v}" not in df.columns}
    if not aside:
        return df
    fields = detected.get("_fields") or {}  # a plan's columns, said with the field each is read from

    def named(c):
        return f"'{fields[c]}' (read as {c})" if c in fields else repr(c)

    detected["columns_set_aside"] = "; ".join(
        f"the {'plan' if fields else 'file'}'s own {named(v) if v in fields else v} kept as {u}, not read: the "
        f"mapping reads {' and '.join(named(k) for k, to in column_map.items() if to == v)} as {v}"
        for v, u in aside.items())
    if fields:  # a plan's column set aside is still read from its field
        said_plan_renames(detected, aside)
    return df.rename(columns=aside)


def header_only(source) -> bool:
    """A CSV file with a header line and nothing else (an unfilled template, as ``pmo-forecast init``
    writes the request log)."""
    if not isinstance(source, str | os.PathLike) or Path(source).suffix.lower() != ".csv":
        return False
    try:
        with open(source, "rb") as f:
            head = f.read(1 << 16)
    except OSError:
        return False
    return len(head) < (1 << 16) and len([ln for ln in head.splitlines() if ln.strip()]) == 1


def check_not_empty(df: pd.DataFrame, file: str, source, detected: dict, schema: S.TableSchema = S.TASKS) -> None:
    """A file read with a header and no data rows: a SchemaError saying how to fix it (a DataFrame may be empty)."""
    if not isinstance(source, pd.DataFrame) and len(df) == 0:
        # only the task table is needed: the others may be a template not filled in yet
        fix = "Export the data again." if schema is S.TASKS else (
            f"Fill it in or export it again; the {schema.name} table is optional: leave it out, or read an "
            f"unfilled template as none with load_{schema.name}(path, optional=True), as the planning pack does.")
        raise SchemaError(f"{file}: has a header but no data rows. {fix}{file_hints(detected)}", file=file)
