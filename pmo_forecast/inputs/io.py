"""Loading the task table into the canonical schema: columns, types, statuses and the checks on them.

``load_tasks`` (and the companion tables' loaders, :mod:`~pmo_forecast.inputs.companions`, through
:func:`read_source`) accept a path or a DataFrame, detect the file's format, encoding and separator
(:mod:`~pmo_forecast.inputs.delimited`), map source columns to canonical names, read what plans and
trackers write beside the tasks (:mod:`~pmo_forecast.inputs.plans`), coerce types and raise
:class:`SchemaError` with the file, column, rows and fix when the data cannot be used. Inputs are
only ever read.

Speed: the schema's text columns come out as
Python strings, are hashed once each (:func:`~pmo_forecast.inputs.parsing.as_categories`;
by string object first, :func:`~pmo_forecast.inputs.parsing.factorize_text`, since the
parser shares one object per value in each chunk) and then checked, trimmed and converted
once per distinct value (Excel errors, number styles, hours, statuses; dates that repeat,
by value or by object), the results spread back through the codes. Dates read per cell
are read before the Excel error check, which then looks only at the cells left unread.
Ids (nearly all distinct) are trimmed per cell, or kept as read when no cell needs it
(:func:`~pmo_forecast.inputs.parsing.plain_cells`).
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
from pathlib import Path

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.calendar import HOURS_PER_DAY
from ..core.exceptions import DataQualityWarning, MissingColumnsError, SchemaError, warn
from ..core.labels import agree, counted
from ..core.source_lines import SourceLines, cause_first, lines_at, rows_text, source_rows
from .cells import (
    NO_NUL_BYTES,
    as_categories,
    blank_cell,
    distinct_values,
    excel_errors_or_raise,
    nul_bytes_in_headers_or_raise,
    nul_bytes_or_raise,
    nul_bytes_said,
    repeats,
    to_text,
)
from .date_layouts import EXCEL_1904_ORIGIN, EXCEL_ORIGIN
from .date_order import date_order
from .dates import DateColumn
from .delimited import (
    decimal_assumed,
    decimal_prior,
    is_text_column,
    read_delimited,
    sniff_delimited,
)
from .headers import TRACKER_TIME_HEADERS, english_header, find_column, guess_columns, header_unit
from .numbers import files_mark, hours_or_raise, number_styles, per_hour
from .parsing import closest_names, column_as_headed, header_key, header_name, printable
from .plans import (
    COMPLETE_FLAG_READ_AS,
    PLAN_WORK,
    RESOURCE_LISTS,
    complete_flags_or_raise,
    derive_status,
    drop_empty_epics,
    drop_milestones,
    drop_parent_items,
    drop_summary_rows,
    percent_complete,
    read_assignees,
    read_plan_finish,
    read_spent_work,
    rollup_hours_or_raise,
    say_pointed_sub_tasks,
    say_sub_tasks_under_cancelled,
    top_summary_projects,
)
from .project_links import apply_project, sub_task_links
from .spreadsheet import (
    NUMBER_FORMATS,
    format_unit_or_raise,
    read_workbook,
    refuse_other_types,
    sniff_file_type,
    unique_names,
)
from .status_map import apply_status_map, check_status_map
from .statuses import normalise_status, status_or_category, unknown_statuses_or_raise
from .totals import (
    subtotal_rows_or_raise,
    totals_hint,
    totals_last_row_or_raise,
    totals_named_or_raise,
    totals_rows_or_raise,
)


def _merged_hint(detected: dict | None, column: str, lines: np.ndarray) -> str:
    """A hint for empty cells of ``column`` that lie below the first row of a workbook's merged cells
    (``detected["_merged"]``: header -> first row, last row, range; see
    :func:`~pmo_forecast.inputs.spreadsheet.read_workbook`), else empty."""
    header = (detected or {}).get("_headers", {}).get(column, column)
    ranges = [(r1, r2, ref) for r1, r2, ref in (detected or {}).get("_merged", {}).get(header, ())
              if ((lines > r1) & (lines <= r2)).any()]
    if not ranges:
        return ""
    inside = lines[np.logical_or.reduce([(lines > r1) & (lines <= r2) for r1, r2, _ in ranges])]
    return (f" {rows_text(inside).capitalize()} {agree(len(inside), 'lies', 'lie')} in merged cells ({', '.join(ref for *_, ref in ranges)}): a merged "
            "cell's value is in its first row only; unmerge them and fill each row.")


def _hints(detected: dict) -> str:
    """What else the file suggests, for messages about missing columns or rows."""
    out = ""
    if detected.get("file_type_note"):
        out += f" Note: the file is {detected['file_type_note']}."
    if detected.get("header_hint"):
        out += f" Hint: {detected['header_hint']}."
    if detected.get("rollup_columns"):  # a Jira export with only its Σ columns has hours all the same
        out += f" Note: {detected['rollup_columns']}."
    if detected.get("other_sheets"):
        out += (f" This is sheet {detected['sheet']!r}; the workbook also has "
                f"{', '.join(detected['other_sheets'])}: choose one with sheet='<name>' (on the command line: --sheet NAME).")
    return out


def _missing_columns_error(file, missing, found, what) -> MissingColumnsError:
    found = [printable(f) for f in found]  # a header may hold terminal escape codes
    spelt = guess_columns(found)  # "Key" is a task id's usual name, though no letters alike

    def closest(m):
        return list(dict.fromkeys([c for c, canon in spelt.items() if canon == m] + closest_names(m, found)))[:3]

    hints = "; ".join(f"'{m}' (closest: {', '.join(closest(m)) or 'none'})" for m in missing)
    return MissingColumnsError(
        f"{file}: missing required {agree(len(missing), 'column', 'columns')} {hints}. "
        f"Columns found: {', '.join(found[:30])}{' ...' if len(found) > 30 else ''}. "
        f"Rename them in the file or pass column_map={{'<your column>': '{missing[0]}'}}"
        f"{' (or require_estimate=False for throughput-only data)' if S.ESTIMATE in missing else ''} "
        "(on the command line: 'pmo-forecast init' proposes the columns in a mapping.yaml to give --map).",
        file=file, missing=missing, found=found)


@contextlib.contextmanager
def users_headers(detected: dict | None):
    """Errors in a column's values name the file's own header (``detected["_headers"]``: canonical name ->
    header, as renamed), with the column it is read as: ``column 'Kick-off' (read as started)``; one on
    a second header row (``detected["_second_header"]``, :func:`_second_header_row`) says so."""
    try:
        yield
    except SchemaError as e:
        if e.column is not None and e.args:
            e.args = (str(e.args[0]).replace(f"column '{e.column}'",
                                             f"column {column_as_headed(e.column, detected)}", 1), *e.args[1:])
        line, cause = (detected or {}).get("_second_header", (None, ""))
        if line is not None and e.rows is not None and line in list(e.rows) and e.args:
            e.args = (cause_first(str(e.args[0]), e.file, cause), *e.args[1:])
        raise


def _second_header_row(df: pd.DataFrame, schema: S.TableSchema) -> tuple[int, str] | None:
    """The first row's line and the likely cause of errors naming it (starts with ``line N``, no final stop),
    when it continues the header (two header rows, merged cells above: ``Estimate``, ``Actual`` under
    ``Effort (h)``): text only, every cell spelt as a column."""
    cells = [v for v in df.iloc[0] if not blank_cell(v)] if len(df) else []
    if not cells or not all(isinstance(v, str) for v in cells):
        return None
    cells = [v.strip() for v in cells]
    if not all(guess_columns([v]) or canonical_names([v], schema) for v in cells):
        return None
    line = int(source_rows(df)[0])
    return line, (f"line {line} looks like a second header row ({', '.join(map(repr, cells[:5]))}): the header "
                  "spans two rows (merged cells above); keep one header row, one name per column, and export again")


#: Headers of columns that are not read but whose dates may settle the file's day/month order.
_DATE_HEADER = re.compile(r"date|due|deadline|updated|modified|datum|fecha|échéance|prazo|\bdata\b", re.IGNORECASE)


def coerce(df: pd.DataFrame, schema: S.TableSchema, *, file: str, required: list[str] | None = None,
           detected: dict | None = None, units_per_hour: dict | None = None,
           hours_per_day: float = HOURS_PER_DAY, points: set | None = None,
           unit_names: dict | None = None, most: dict | None = None, percent: set | None = None,
           percent_signs: set | None = None) -> pd.DataFrame:
    """Canonical dtypes for the schema's columns present in ``df``; SchemaError on bad values.

    ``df`` is a copy owned by the caller (never the user's frame); it is changed in place.
    ``units_per_hour``: column -> source units per hour of its plain numbers (a mapping's
    seconds or days); duration text and time spans carry their own unit, and text in days
    uses ``hours_per_day``. ``points``: columns in story points, plain numbers only.
    ``unit_names``: column -> the name of its plain numbers' unit (``"seconds"``), said in
    ``detected["units"]`` with the cells read in their own unit instead. ``most``: column -> the largest
    plain number it can hold in its own unit (an FTE; a share of the week is at most 1 without it), so that
    ``1.000`` there is 1, never 1000 (:func:`~pmo_forecast.inputs.parsing.parse_hours`). ``percent``: share
    columns whose plain numbers are percentages (headed ``Availability (%)``: 80 is 0.8), quoted as written;
    ``percent_signs``: columns, not shares, whose ``50%`` cells are percentages of their unit (an FTE column:
    half a full-time week), read and quoted as written.
    """
    required = schema.required if required is None else required
    missing = [c for c in required if c not in df.columns]
    if missing:
        err = _missing_columns_error(file, missing, [str(c) for c in df.columns], schema.name)
        if detected and detected.get("column_map_unmatched"):
            err.args = (f"{err} column_map names columns the file does not have: "
                        f"{detected['column_map_unmatched']}.",)
        # a second header row below the first (merged cells above it) holds the names looked for: the
        # likely cause, said first
        err.cause, err.hints = (detected or {}).get("_second_header", (None, ""))[1], _hints(detected or {})
        said = cause_first(str(err), file, err.cause) if err.cause else str(err)
        err.args = (f"{said}{err.hints}",)
        raise err
    lines = source_rows(df)
    attrs, df.attrs = df.attrs, {}  # else every column taken out copies them (1M line numbers)
    if df.shape[1] > 100:  # thousands of source columns: one block, not a fragmented frame
        df = df.copy()
    # text columns hashed once, then read once per distinct value (ids, nearly all distinct, per cell);
    # categories as given keep their own rule for padded error values (" #N/A")
    as_given = {c: isinstance(df[c].dtype, pd.CategoricalDtype) for c in df.columns}
    dates_as_read = set()  # text dates that repeat: hashed once here, for the Excel check and DateColumn
    for col in schema.columns:
        if col.name in df.columns and col.name != schema.key and is_text_column(df[col.name]) \
                and (col.kind != "datetime" or repeats(df[col.name])):  # dates: per cell unless they repeat
            df[col.name] = as_categories(df[col.name])
            if col.kind == "datetime":
                dates_as_read.add(col.name)
    # dates first read without a choice of day/month order (this never raises), so that below only
    # the cells not read as dates are looked at for Excel error values (an error value is no date)
    origin = EXCEL_1904_ORIGIN if attrs.get("_date1904") else EXCEL_ORIGIN  # serial numbers' day 0
    written = _written_cells(attrs.pop("_written", None), (detected or {}).get("_headers", {}), lines)
    dates = {c.name: DateColumn(df[c.name], file=file, column=c.name, lines=lines,
                                as_read=True if c.name in dates_as_read else None, excel_origin=origin,
                                written=functools.partial(written, c.name) if written else None)
             for c in schema.columns if c.kind == "datetime" and c.name in df.columns}
    nul_free = attrs.get(NO_NUL_BYTES, False)  # a file without the byte: no cell to look at
    for col in schema.columns:  # a failed formula is not a blank
        if col.name in df.columns:
            s, at = df[col.name], lines
            if col.name in dates and not isinstance(s.dtype, pd.CategoricalDtype) and is_text_column(s):
                rest = dates[col.name].unread()  # a cell read as a date holds no NUL byte
                s, at = s[rest], lines[rest]
            if not nul_free:
                nul_bytes_or_raise(s, file=file, column=col.name, lines=at)
            excel_errors_or_raise(s, file=file, column=col.name, lines=at, strip=as_given[col.name])
    if not nul_free:  # the columns kept and not read: said, not refused
        nul_bytes_said(df, [c for c in df.columns if c not in schema.names], file=file, lines=lines,
                       detected=detected)
    # one decimal mark per number column and one day/month order per file, from all columns together
    prior = decimal_prior(detected)
    two_way = {}  # columns whose values that read two ways (1,250) take the file's mark, not the column's
    own_marks = {}  # the columns whose values show a mark
    styles = number_styles({c.name: df[c.name] for c in schema.columns
                            if c.kind == "float" and c.name in df.columns},
                           file=file, lines=lines, prior=prior, detected=detected, two_way=two_way,
                           own_marks=own_marks, assumed=decimal_assumed(detected))
    default_mark = files_mark(styles, prior)
    assumed_mark = None if own_marks else decimal_assumed(detected)  # '1.500 Std' then said as ambiguous
    def others():  # date columns not read, whose dates may settle an order the read ones leave open
        return [DateColumn(df[c], file=file, column=str(c), lines=lines, excel_origin=origin) for c in df.columns
                if c not in schema.names and _DATE_HEADER.search(str(c)) and is_text_column(df[c])]

    order = date_order(list(dates.values()), file=file, detected=detected, others=others)
    for col in schema.columns:
        if col.name not in df.columns:
            continue
        s = df[col.name]
        if col.kind in ("id", "string"):
            out = to_text(s, repetitive=col.name != schema.key)
            if col.kind == "id" and out.isna().any():
                missing = out.isna().to_numpy()
                bad = lines[missing]
                empty = f"column '{col.name}' is empty on {rows_text(bad)}"
                # a totals or title row is the likely cause: said first, what is empty after it
                cause = totals_hint(df.loc[missing], bad, table=df, table_lines=lines, at=np.flatnonzero(missing))
                said = (f"{cause}; {empty}, and every row needs a {col.name}" if cause
                        else f"{empty}. Every row needs a {col.name}")
                raise SchemaError(f"{file}: {said}: fill those cells or drop the rows."
                                  f"{_merged_hint(detected, col.name, bad)}",
                                  file=file, column=col.name, rows=bad)
        elif col.kind == "category":
            out = normalise_status(s, col.allowed)
        elif col.kind == "float":
            share, money = col.name in S.SHARE_COLUMNS, col.name in S.MONEY_COLUMNS
            out = hours_or_raise(s, file=file, column=col.name, lines=lines,
                                 decimal=styles.get(col.name, default_mark), share=share, detected=detected,
                                 what="an amount" if money else "story points" if col.name in (points or ())
                                 else None, weekly=col.name in S.WEEKLY_COLUMNS,
                                 unit=(unit_names or {}).get(col.name),
                                 units_per_hour=(units_per_hour or {}).get(col.name, 1.0),
                                 hours_per_day=hours_per_day,
                                 most=(most or {}).get(col.name, 1.0 if share else None),
                                 two_way=two_way.get(col.name), percent=col.name in (percent or ()),
                                 percent_signs=col.name in (percent_signs or ()),
                                 assumed_mark=assumed_mark, prior=prior)
            if detected is not None:
                detected.setdefault("units", {}).setdefault(
                    col.name, S.SHARE_UNIT if share else S.AMOUNT_UNIT if money else S.HOURS_UNIT)
        else:
            out = dates[col.name].finish(order, detected)
        df[col.name] = out.astype(S.DTYPES[col.kind])
    if schema.key in df.columns:
        groups = df[S.PROJECT_ID] if S.PROJECT_ID in df.columns and schema is S.TASKS else None
        totals_rows_or_raise(df[schema.key], file=file, column=schema.key, lines=lines, groups=groups)
        totals_named_or_raise(df, schema, file=file, lines=lines, groups=groups)
        subtotal_rows_or_raise(df, schema, file=file, lines=lines, groups=groups)
        totals_last_row_or_raise(df, schema, file=file, lines=lines)
    df.attrs = attrs
    return df


def _written_cells(reread, headers: dict, lines: np.ndarray):
    """A function of a column's canonical name giving its cells as the file writes them, one per row on
    ``lines`` (missing where the file gives none back), from ``reread`` (the file read again as text, once,
    when first asked); None without ``reread``. ``headers``: canonical name -> the file's header."""
    if reread is None:
        return None
    table = []

    def cells(name: str) -> pd.Series:
        if not table:
            table.append(reread()[0])
        header, at = headers.get(name, name), pd.Index(table[0].attrs["_source_line"])
        if header not in table[0].columns or not at.is_unique:
            return pd.Series(None, index=range(len(lines)), dtype=object)
        return table[0][header].set_axis(at).reindex(lines).reset_index(drop=True)
    return cells


def canonical_names(columns, schema: S.TableSchema, column_map=None) -> dict:
    """Rename map: ``column_map`` first, then headers that spell a canonical name loosely
    (``Estimate Hours``, ``TASK-ID``)."""
    ren = {c: v for c, v in dict(column_map or {}).items() if c in columns}
    taken = set(ren.values()) | {c for c in columns if c in schema.names}
    aliases = {a: col.name for col in schema.columns for a in col.aliases}
    keys = {c: header_key(c) for c in columns}
    # a canonical spelling first, then an alias, so "Due" wins over "Due Date" when a table has both
    for lookup in ({n: n for n in schema.names}, aliases):
        for c in columns:
            name = lookup.get(keys[c])
            if c in ren or c in schema.names or name is None or name in taken:
                continue
            ren[c] = name
            taken.add(name)
    return ren


def finish_table(df: pd.DataFrame, schema: S.TableSchema, detected: dict) -> pd.DataFrame:
    """The coerced table as the loaders return it: every column of ``schema`` (blank where the source has
    none) in the schema's order, then the source's other columns; ``attrs`` holding ``detected`` and the
    file's own headers, and the source lines of the rows."""
    lines, nul_free = df.attrs.get("_source_line"), df.attrs.get(NO_NUL_BYTES)
    df.attrs = {}
    for col in schema.columns:
        if col.name not in df.columns:
            df[col.name] = pd.Series(pd.NaT if col.kind == "datetime" else np.nan if col.kind == "float"
                                     else pd.NA, index=df.index, dtype=S.DTYPES[col.kind])
    # already in order (the usual export): skip the reordering, a full copy on pandas 2.2
    in_order = list(df.columns[: len(schema.names)]) == schema.names
    out = df if in_order else S.order_columns(df, schema)
    # the file's own header of each renamed column, for the validation's findings
    detected.pop("_merged", None)
    headers = detected.pop("_headers", {})
    if "_loaded" in detected:  # a frame a loader returned, read again (the pack reads what it is given): the
        # file's format, units, title rows and headers as its loader found them, not "dataframe" and hours
        loaded, loaded_headers = detected.pop("_loaded")
        detected = {**loaded, **{k: v for k, v in detected.items() if k not in loaded}}
        headers = {**headers, **loaded_headers}
    out.attrs = {"detected": detected, "_headers": headers}
    if nul_free:  # read again (the pack reads what it is given), its cells are not looked at again
        out.attrs[NO_NUL_BYTES] = True
    if lines is not None:  # with the index and ids, found again once the table is sorted or filtered
        out.attrs["_source_line"] = SourceLines(lines, out.index, out[schema.key] if schema.key else None)
    return out


# --- sources ----------------------------------------------------------------
def _header_matches(names: list, schema: S.TableSchema, column_map) -> set:
    """The schema's columns that ``names`` spell: as the table's headers or aliases, as ``column_map``
    names them, or as init would propose them for a task table (Task, Owner, Estimate (h))."""
    names = [str(c).strip() for c in names]
    given = {(find_column(names, k) or k): v for k, v in dict(column_map or {}).items()}
    ren = {**(guess_columns(names) if schema is S.TASKS else {}), **canonical_names(names, schema, given)}
    return {ren.get(c, c) for c in names} & set(schema.names)


def header_below_titles(rows: list, schema: S.TableSchema, column_map, *, word: str = "line") -> tuple[int, str] | None:
    """The header's position among a file's first non-empty lines (``(line, cells)`` pairs) and
    what is said of the lines above it, when title lines sit above the header ("Task export, Generated by
    Jira, May 2024"): only when it is unambiguous, the one line among them that spells two of the
    schema's columns or more (or a tracker's header), the first line not. Else None: a hint is given if a
    required column turns out missing (:func:`_header_hint`). One rule for delimited files and workbooks
    (:func:`~pmo_forecast.inputs.spreadsheet.read_workbook`'s ``find_header``, with ``word="row"``: what a row
    is called; its number is a line's, as in every message, :func:`~pmo_forecast.core.source_lines.rows_text`)."""
    from . import formats as F

    def header_like(cells):
        return len(_header_matches(cells, schema, column_map)) >= 2 or (
            schema is S.TASKS and F.detect_format(cells) != "generic")

    if len(rows) < 2 or header_like(rows[0][1]):
        return None
    found = [i for i, (_, cells) in enumerate(rows) if header_like(cells)]
    if len(found) != 1:
        return None
    at = found[0]
    line, cells = rows[at]
    spelt = sorted(_header_matches(cells, schema, column_map))
    above = "; ".join(f"line {n}: {', '.join(c.strip() for c in r if c.strip())!r}" for n, r in rows[:at])
    return at, (f"{counted(at, 'title ' + word)} above the header skipped ({above}); line {line} read as the "
                f"header, the "
                f"only one of the first {len(rows)} {word}s that names columns "
                f"({', '.join(spelt) or F.detect_format(cells)})")


def _header_hint(detected: dict, columns: list, schema: S.TableSchema, column_map) -> None:
    """Where the header seems to start lower down (a title line above the table), for the
    missing-columns message; the rows scanned are dropped from ``detected``."""
    rows = detected.pop("header_rows", None) or []
    detected.pop("first_line", None)

    def hits(names):
        return _header_matches(names, schema, column_map)

    have = hits(columns)
    if set(schema.required) <= have:
        return
    best = max(((n, hits(row)) for n, row in rows[1:]), key=lambda x: len(x[1]), default=None)
    if best and len(best[1]) > len(have) and len(best[1]) >= 2:
        word = "row" if "sheet" in detected else "line"
        detected["header_hint"] = (f"line {best[0]} looks like the header (it has "
                                   f"{', '.join(sorted(best[1]))}): delete the {word}s above it")


def _repeated_schema_columns_or_raise(df, schema, column_map, detected, file, reads=None) -> None:
    """A column the table reads that the header repeats: only the first copy would be read, so a
    copy holding values is an error naming the header and the columns it stands in, counted from the left
    (trackers' repeated columns that are not read, such as Jira's labels, are joined). ``reads``: whether
    a tracker's reader reads a header (its Original Estimate, ClickUp's Time Estimated) beside those mapped."""
    groups = detected.get("repeated_headers", {})
    canon = canonical_names([str(k) for k in groups], schema, column_map)
    for base, copies in groups.items():
        as_read = canon.get(str(base), str(base))
        if as_read not in schema.names and not (reads is not None and reads(base)):
            continue
        held = [c for c in copies[1:] if c in df.columns and df[c].notna().any()
                and to_text(df[c].astype(object)).notna().any()]
        if held:
            rows = source_rows(df)[to_text(df[held[0]].astype(object)).notna().to_numpy()]
            at = [list(df.columns).index(c) + 1 for c in copies if c in df.columns]
            where = ", ".join(map(str, at[:-1])) + f" and {at[-1]}"
            read = f" as {as_read}" if as_read in schema.names and as_read != str(base) else ""
            raise SchemaError(f"{file}: the header has '{base}' {len(copies)} times and a later copy holds "
                              f"values ({rows_text(rows)}); only one can be read{read}. '{base}' heads columns "
                              f"{where} (counted from the left): keep one column '{base}' (rename or delete the "
                              "others).", file=file, column=str(base), rows=rows)


def _loose_repeats_or_raise(df, schema, column_map, detected, file) -> None:
    """Two headers that spell one column the table reads, apart from case and spaces (``estimate_hours``
    and ``Estimate Hours``), both holding values: the one spelt exactly as the column is read and the
    other said; with neither so spelt, an error, as for a header written twice."""
    mapped = set(dict(column_map or {}))
    by_key: dict[str, list] = {}
    for c in df.columns:
        if c not in mapped and (key := header_key(c)) in schema.names:
            by_key.setdefault(key, []).append(c)
    for key, cols in ((k, v) for k, v in by_key.items() if len(v) > 1):
        held = [c for c in cols if to_text(df[c].astype(object)).notna().any()]
        read = key if key in cols else cols[0]  # as canonical_names picks
        if held and read not in held:  # the empty one would be read: every value lost
            raise SchemaError(f"{file}: the headers {' and '.join(repr(str(c)) for c in cols)} all read as "
                              f"'{key}', and '{read}', the one that would be read, is empty; keep one of them "
                              f"(rename or delete {agree(len(cols) - 1, 'the other', 'the others')}).",
                              file=file, column=str(read))
        if len(held) < 2:
            continue
        if key not in held:
            every, rest = "both" if len(held) == 2 else "all", agree(len(held) - 1, "the other", "the others")
            raise SchemaError(f"{file}: the headers {' and '.join(repr(str(c)) for c in held)} {every} hold values "
                              f"and {every} read as '{key}'; only one can be read. Keep one of them (rename or "
                              f"delete {rest}).", file=file, column=str(held[1]))
        others = [repr(str(c)) for c in held if c != key]
        n = len(others)
        note = (f"'{key}' read; {', '.join(others)} also {agree(n, 'spells', 'spell')} it and {agree(n, 'is', 'are')} "
                f"not read (rename or delete {agree(n, 'it', 'them')})")
        say_not_read(detected, file, note)


def say_not_read(detected: dict, file: str, note: str) -> None:
    """A column not read, said once: in ``detected["columns_not_read"]`` (the pack's Assumptions) and warned."""
    detected["columns_not_read"] = "; ".join(filter(None, (detected.get("columns_not_read"), note)))
    warn(f"{file}: {note}", DataQualityWarning)


#: What the warning of :func:`_unread_spellings` says; init, which proposes those columns, leaves it unsaid.
UNREAD_SPELLINGS = "not read: no mapping names them"


def _unread_spellings(df: pd.DataFrame, detected: dict, file: str) -> None:
    """Warn of headers init would read as a task column the table lacks (``Owner``, ``Estimate (h)``,
    ``Closed``), for a load that maps no column: without ``columns:`` (``--project-field`` alone) they
    were dropped unsaid, and the pack said "no assignees in the task export", "no task has an hour
    estimate". Said in ``detected["columns_not_read"]``."""
    absent = set(S.TASKS.names) - set(map(str, df.columns))
    unread = {c: canon for c, canon in guess_columns([str(c) for c in df.columns]).items() if canon in absent}
    if not unread:
        return
    note = (", ".join(f"'{printable(c)}' (spelt like {canon})" for c, canon in unread.items())
            + f" {UNREAD_SPELLINGS} (pmo-forecast init proposes them under 'columns:' in a mapping "
            "file for --map; or rename them in the file)")
    say_not_read(detected, file, note)


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


def read_source(source, *, format: str, column_map, schema: S.TableSchema, what: str, sheet=None,
                 options: dict | None = None) -> tuple[pd.DataFrame, str, dict]:
    """Read ``source`` into a frame with canonical names (types not yet coerced).

    ``options`` (status map, units given by a mapping) are passed to the tracker readers
    through ``detected``."""
    from . import formats as F
    from . import mspdi, trackers

    known = ("auto", "csv", "excel", "sip", "mspdi", *trackers.READERS)
    if format not in known:
        raise SchemaError(f"unknown format {format!r}. Use one of: {', '.join(known)}.")
    tasks_only = ("sip", "mspdi", *trackers.READERS)
    if isinstance(source, pd.DataFrame):
        df = source.copy()
        df.columns = unique_names([str(c).strip() for c in df.columns])[0]
        key = next((c for c in source.columns if str(c).strip() == schema.key), None)
        lines = lines_at(source, np.arange(len(source)), key)  # a frame loaded before keeps its source lines
        known = lines is not None and not lines.isna().any()
        df.attrs = {"_source_line": lines.to_numpy(dtype=np.int64)} if known else {}
        if source.attrs.get(NO_NUL_BYTES):  # loaded before from a file without the byte: not looked at again
            df.attrs[NO_NUL_BYTES] = True
        file, detected = "<DataFrame>", {"format": "dataframe", "file": "<DataFrame>"}
        if isinstance(source.attrs.get("detected"), dict):  # loaded before: what its loader found holds
            detected["_loaded"] = (dict(source.attrs["detected"]), dict(source.attrs.get("_headers", {})))
        fmt = format if format != "auto" else F.detect_format(list(df.columns))
        fmt = "dataframe" if fmt in ("generic", "csv", "excel", "sip", "mspdi") else fmt
    else:
        path = Path(source)
        file = str(path)
        if not path.exists():
            raise SchemaError(f"{file}: no such file or folder. Check the path to the {what} export.",
                              file=file)
        detected = {"file": file}
        fmt = format
        if fmt == "auto" and ((path / F.SIP_TASK_FILE).exists() or path.name == F.SIP_TASK_FILE):
            fmt = "sip"
        if path.is_dir() and fmt != "sip":
            raise SchemaError(f"{file}: is a folder; give the path of the {what} file.", file=file)
        kind = sniff_file_type(path) if path.is_file() else "folder"  # the content, not the extension
        if kind not in ("folder", "text", "xlsx", "xml"):
            refuse_other_types(path, kind)
        if fmt == "auto" and kind == "xml":
            fmt = "mspdi"
        if fmt not in ("sip", "mspdi"):
            excel = kind == "xlsx"  # format="csv"/"excel" name a table; the content says which kind
            detected["file_type"] = "Excel workbook" if excel else "delimited text"
            suffix = path.suffix.lower()
            if excel != (suffix in (".xlsx", ".xlsm", ".xls")) and suffix in (".xlsx", ".xlsm", ".xls",
                                                                              ".csv", ".tsv", ".txt"):
                detected["file_type_note"] = (f"named {suffix} but its content is "
                                              f"{detected['file_type']}, read as such")
            found = {}
            if excel:
                df, found = read_workbook(path, sheet=sheet, find_header=functools.partial(
                    header_below_titles, schema=schema, column_map=column_map, word="row"))
                header = list(df.columns)
            else:
                sn = sniff_delimited(path)
                if (below := header_below_titles(sn["header_rows"], schema, column_map)) is not None:
                    sn = {**sniff_delimited(path, header_at=below[0]), "title_rows": below[1]}
                header = sn["header"]
            if fmt in ("auto", "excel"):
                fmt = F.detect_format(header)
                fmt = ("excel" if excel else "csv") if fmt == "generic" else fmt
            if not excel and fmt != "sip":
                dtype = None
                if fmt == "csv":  # dates inferred; ids as text (keeps "007"); numbers as text too, so
                    # "1.200" is seen as written (1200 or 1.2: see number_styles). Python strings, not
                    # categories: the parser reads text in parallel, while categories from its chunks
                    # are merged afterwards (pandas 3.1: 2.4x the time); and object, not the "str"
                    # dtype, which checks every cell and hashes at half the speed.
                    names = unique_names(header)[0]
                    ren = canonical_names(names, schema, column_map)
                    kinds = {c.name: c.kind for c in schema.columns}
                    dtype = {n: object for n in names
                             if kinds.get(ren.get(n, n)) in ("id", "string", "category", "float")}
                df, found = read_delimited(path, dtype=dtype, text=fmt != "csv", sniffed=sn)
                if fmt == "csv":  # a date column read as numbers (46.360 as 46.36) quotes its cells as written
                    df.attrs["_written"] = functools.partial(read_delimited, path, text=True, sniffed=sn)
                for n in dtype or {}:  # other text as categories, hashed once here
                    if ren.get(n, n) != schema.key and kinds.get(ren.get(n, n)) != "float":
                        df[n] = as_categories(df[n])
            detected.update(found)
        if fmt == "sip":
            df = F.read_sip(path)
            detected["encoding"] = "cp1252"
            detected.setdefault("_headers", {}).update(F.SIP_HEADERS)
        elif fmt == "mspdi":
            df, found = mspdi.read_mspdi(path)
            detected.update(found)
    if fmt in tasks_only and schema is not S.TASKS:
        raise SchemaError(f"{file}: looks like a {fmt} task export; load it with load_tasks.", file=file)
    nul_bytes_in_headers_or_raise(df.columns, file=file)  # 'Estimate\x00' would be read as another column
    if column_map:  # names as the user wrote them: case, spaces and Jira's "Custom field (...)" ignored
        column_map = {(find_column(df.columns, k) or k): v for k, v in dict(column_map).items()}
        # a mapping file's estimate/actual column wins: one already called by that name steps aside
        yield_to = (options or {}).get("step_aside", ())
        aside = {v: f"unmapped_{v}" for k, v in column_map.items()
                 if v in yield_to and v in df.columns and k != v and k in df.columns}
        df = df.rename(columns=aside)
        df = _other_story_points(df, column_map, detected)
    found_cols = [str(c) for c in df.columns]
    unmatched = [k for k in dict(column_map or {}) if k not in df.columns]
    detected["_unmatched"] = (unmatched, found_cols)  # a mapping file's columns must exist (load_tasks)
    if unmatched:  # reported if a required column then turns out missing
        detected["column_map_unmatched"] = "; ".join(
            f"'{k}' (closest: {', '.join(closest_names(str(k), found_cols)) or 'none'})" for k in unmatched)
    _header_hint(detected, list(df.columns), schema, column_map)
    detected.update(options or {})
    if fmt in trackers.READERS:
        _repeated_schema_columns_or_raise(df, schema, column_map, detected, file,
                                          reads=functools.partial(trackers.reads_header, fmt))
        kept = {k: v for k, v in df.attrs.items() if k.startswith("_")}  # source lines, workbook facts
        _said_headers(detected, column_map)
        with users_headers(detected):
            df = trackers.READERS[fmt](df.rename(columns=dict(column_map or {})), detected)
        if kept.get("_source_line") is not None and len(kept["_source_line"]) != len(df):
            kept.pop("_source_line")
        df.attrs.update(kept)
        column_map = None
    else:
        _repeated_schema_columns_or_raise(df, schema, column_map, detected, file)
        _loose_repeats_or_raise(df, schema, column_map, detected, file)
    detected["format"] = fmt
    ren = canonical_names(list(df.columns), schema, column_map)
    _said_headers(detected, ren)
    df = df.rename(columns=ren)
    if (second := _second_header_row(df, schema)) is not None:
        detected["_second_header"] = second
    if df.columns.duplicated().any():
        dup = sorted(set(df.columns[df.columns.duplicated()]))
        raise SchemaError(f"{file}: more than one column maps to {', '.join(map(repr, dup))}. "
                          "Keep one (check column_map).", file=file, column=dup[0])
    return df, file, detected


def _said_headers(detected: dict, renames) -> None:
    """Keep the file's header of each column renamed to a canonical name, for :func:`users_headers`."""
    detected.setdefault("_headers", {}).update({v: str(k) for k, v in dict(renames or {}).items() if str(k) != v})


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
        raise SchemaError(f"{file}: has a header but no data rows. {fix}{_hints(detected)}", file=file)


def _status_category(df: pd.DataFrame) -> pd.Series | None:
    """Jira's Status Category column (or a translation of its header), if the table has one."""
    return next((df[c] for c in df.columns if header_name(c) in S.STATUS_CATEGORY_HEADERS), None)


def _status_from_category(df: pd.DataFrame, detected: dict, source: pd.Series | None) -> None:
    """Where ``status`` is missing or unknown, or its ``source`` is "Blocked" (:func:`status_or_category`),
    Jira's Status Category column (``To Do``, ``In Progress``, ``Done``, or a translation) says which
    canonical status it is."""
    status = df[S.STATUS] if S.STATUS in df.columns else pd.Series(pd.NA, index=df.index,
                                                                   dtype=S.DTYPES["category"])
    status, said = status_or_category(status, _status_category(df), source)
    if said:
        df[S.STATUS] = status.astype(S.DTYPES["category"])
        detected["status"] = said


def _resolutions(df: pd.DataFrame, cancelled: pd.Series, detected: dict) -> None:
    """A table's done tasks whose ``Resolution`` closes them without the work (Won't Do, Duplicate) are
    cancelled (:func:`~pmo_forecast.inputs.trackers.cancel_closed`), said in ``detected["resolutions"]``."""
    from . import trackers

    changed = trackers.cancel_closed(df, cancelled)
    if changed.any():
        detected["resolutions"] = (f"{counted(int(changed.sum()), 'done task')} whose resolution closes "
                                   f"{agree(int(changed.sum()), 'it', 'them')} without the "
                                   f"work (Won't Do, Duplicate) read as cancelled ({rows_text(source_rows(df)[changed])})")


def _units_shown(df: pd.DataFrame, file: str, detected: dict, units: dict, m) -> dict:
    """A workbook's estimate and actual read in the unit their cells' number format shows (``0 "days"``: the
    user sees "3 days", not 3 hours), added to ``units`` (:func:`~pmo_forecast.inputs.spreadsheet.
    format_unit_or_raise` refuses formats that disagree); returns column -> the format so read."""
    from . import trackers

    shown = df.attrs.get(NUMBER_FORMATS) or {}
    out = {}
    if not shown or detected.get("format") in trackers.READERS:  # a tracker's export: its reader knows its units
        return out
    for canon in (S.ESTIMATE, S.ACTUAL):
        header = detected.get("_headers", {}).get(canon, canon)
        if header not in shown:
            continue
        # the mapping's unit, else the header's (estimate_hours states hours, as Estimate (days) states days)
        given, by = units.get(canon, (None, None))[1], "the mapping's unit"
        if m.units_per_hour("estimate" if canon == S.ESTIMATE else "actual") is None:
            given, by = header_unit(header), "the unit its header states"
        if (read := format_unit_or_raise(shown[header], file=file, column=header, given=given,
                                         given_by=by)) is not None:
            units[canon] = (per_hour(read[0], m.hours_per_day), read[0])
            out[canon] = read[1]
    return out


def load_tasks(source, *, format: str = "auto", column_map=None, require_estimate: bool = True,
               status_map=None, project_from=None, mapping=None, sheet=None) -> pd.DataFrame:
    """Load a task export into the canonical task table.

    Parameters
    ----------
    source : path or DataFrame
        A file (CSV, Excel, Jira or ClickUp CSV, MS Project XML), the SiP folder,
        or a DataFrame (copied, never modified).
    format : str
        ``"auto"`` (detect from extension and headers), ``"csv"``, ``"excel"``,
        ``"jira"``, ``"clickup"``, ``"mspdi"`` or ``"sip"``.
    column_map : dict, optional
        Source column name -> canonical name, e.g. ``{"Ticket": "task_id"}``;
        applied before the format's own mapping, which it overrides.
    require_estimate : bool
        Whether an ``estimate_hours`` column must exist (values may be missing);
        ``False`` for throughput-only data such as Asana exports (a mapping with
        ``estimate: none``, as ``pmo-forecast init`` writes for them, says the same).
    status_map : dict, optional
        Workflow status -> canonical status (``{"In Review": "in_progress",
        "Won't Do": "cancelled"}``), applied before the built-in spellings. When
        given, a status that is neither in it nor a built-in spelling raises
        SchemaError listing each one with a suggested mapping.
    project_from : str or dict, optional
        The column that names the project (``"Epic Link"``, ``"Parent"``,
        ``"Component/s"``, a custom field), or ``{"column": "Labels", "prefix":
        "prog-"}``. Links to other rows (an epic's key or id) are followed to the
        top row, which becomes the project and leaves the task table.
    mapping : Mapping, dict or path, optional
        A ``mapping.yaml`` (see :mod:`pmo_forecast.inputs.mapping`): project, estimate
        column and unit, statuses, rank. The arguments above override it.
    sheet : str or int, optional
        For a workbook: the sheet's name or 0-based position. Default: the first
        visible sheet with data.

    Returns
    -------
    pandas.DataFrame
        Canonical columns first (see :data:`pmo_forecast.core.schema.TASKS`), extra
        source columns after. ``df.attrs["detected"]`` says what was detected
        (format, encoding, separator, decimal, units, date formats) and
        ``df.attrs["_source_line"]`` each row's line in the file.

    Raises
    ------
    SchemaError
        When the file cannot be read, is empty, or a required column is missing
        or malformed; the message names the file, column, lines and the fix.

    Examples
    --------
    >>> from pmo_forecast import load_tasks
    >>> tasks = load_tasks("data/sample/tasks.csv")
    >>> tasks.attrs["detected"]["format"]
    'csv'
    """
    from . import trackers
    from .mapping import Mapping, apply_rank, say_rank_order

    m = Mapping.coerce(mapping)
    column_map = {**m.column_map(), **dict(column_map or {})}
    given = "<DataFrame>" if isinstance(source, pd.DataFrame) else str(source)
    status_map = {**m.statuses, **check_status_map(status_map, file=given)}
    if isinstance(project_from, dict):
        project, prefix = project_from.get("column"), project_from.get("prefix")
    else:
        project, prefix = project_from or m.project, None if project_from else m.project_prefix
    if format == "auto" and m.format not in ("auto", "dataframe"):
        format = m.format
    units = {col: (uph, m.estimate_unit if which == "estimate" else m.actual_unit)
             for col, which in ((S.ESTIMATE, "estimate"), (S.ACTUAL, "actual"))
             if (uph := m.units_per_hour(which)) is not None}
    # a mapped column whose header states its unit (Estimate (h), Hours spent) is read in it, never in a
    # tracker's own: ClickUp's milliseconds made a hand-kept sheet's 6 h 0.0000017 h
    hour_columns = {canon: src for src, canon in column_map.items() if canon in (S.ESTIMATE, S.ACTUAL)}
    for canon, src in hour_columns.items():
        if canon not in units and (unit := header_unit(src)) is not None:
            units[canon] = (per_hour(unit, m.hours_per_day), unit)
    options = {"status_map": status_map, "units_given": units, "hours_per_day": m.hours_per_day,
               "step_aside": [c for c, src in ((S.ESTIMATE, m.estimate), (S.ACTUAL, m.actual)) if src],
               "units_mapped": {canon: src for canon, src in hour_columns.items() if canon not in units}}
    df, file, detected = read_source(source, format=format, column_map=column_map or None, schema=S.TASKS,
                                      what="task", options=options, sheet=sheet)
    check_not_empty(df, file, source, detected)
    shown = _units_shown(df, file, detected, units, m)
    unmatched, found = detected.pop("_unmatched", ([], []))
    missing = [k for k in unmatched if k in m.column_map()]
    if missing:
        k = missing[0]
        what = {m.estimate: "estimate", m.actual: "actual"}.get(k, f"'{m.column_map()[k]}'")
        raise SchemaError(f"{file}: the mapping's {what} column '{k}' is not in the export (closest: "
                          f"{', '.join(closest_names(k, found)) or 'none'}). Fix it in {m.file}.",
                          file=file, column=k)
    rollup_hours_or_raise(df, file, detected)
    if project == "top_summary" and "top_summary" not in df.columns:  # a plan's Excel or CSV export
        df = top_summary_projects(df, file, detected)
    df = drop_summary_rows(df, detected)
    complete_flags_or_raise(df, file)
    read_plan_finish(df, detected)
    if project:
        df = apply_project(df, project, prefix, file=file, detected=detected)
    if status_map and detected.get("format") not in trackers.READERS:
        df = apply_status_map(df, status_map, file=file, detected=detected, category=_status_category(df))
    required = [S.TASK_ID, S.PROJECT_ID] + ([S.ESTIMATE] if require_estimate and not m.no_estimate else [])
    raw_status = df[S.STATUS] if S.STATUS in df.columns else None
    generic = detected.get("format") not in trackers.READERS  # the tracker readers applied the units themselves
    with users_headers(detected):
        df = coerce(df, S.TASKS, file=file, required=required, detected=detected, hours_per_day=m.hours_per_day,
                    units_per_hour={col: uph for col, (uph, _) in units.items()} if generic else None,
                    points={col for col, (_, name) in units.items() if name == "points"} if generic else None,
                    unit_names={col: name for col, (_, name) in units.items()} if generic else None)
    for canon, src in hour_columns.items() if generic else ():  # "Time spent" read in hours: a guess, said
        if canon not in units and canon in detected.get("units", {}) and \
                (theirs := TRACKER_TIME_HEADERS.get(english_header(src))):
            detected["units"][canon] += (f" (assumed: the header '{src}' states no unit, and a tracker's {src} is "
                                         f"in {theirs}: give the unit in the mapping, "
                                         f"{'estimate' if canon == S.ESTIMATE else 'actual'}: unit:, if it is another)")
    for canon, fmt in shown.items():
        detected["units"][canon] += f" (the cells' number format {fmt!r} shows them so)"
    # a blank column has no unit to read (hours booked on unfinished work, source_actual_hours, are the actual's);
    # estimates mapped as story points stay points: every message about them says points, not hours
    for col, also in ((S.ESTIMATE, ()), (S.ACTUAL, (S.SOURCE_ACTUAL,))):
        if col in detected.get("units", {}) and all(df[c].isna().all() for c in (col, *also) if c in df):
            unit = detected["units"][col]
            detected["units"][col] = f"{unit} ({S.BLANK_UNIT})" if "points" in str(unit) else S.BLANK_UNIT
    if detected.get("format") in ("csv", "excel") and not column_map:  # columns mapped: chosen, not missed;
        _unread_spellings(df, detected, file)  # once it loads: a missing required column is the error
    assignee_from = next((k for k, v in column_map.items() if v == S.ASSIGNEE), None)
    read_assignees(df, detected, resource_list=assignee_from is not None and header_key(assignee_from) in RESOURCE_LISTS)
    _status_from_category(df, detected, raw_status)
    df = drop_milestones(df, detected)
    has_status = S.STATUS in df.columns and bool((distinct_values(df[S.STATUS])[0] >= 0).any())
    if raw_status is not None and has_status:
        unknown_statuses_or_raise(raw_status, df[S.STATUS], file=file, lines=source_rows(df))
    for key in ("status_map", "units_given", "hours_per_day", "step_aside", "units_mapped", "_second_header"):
        detected.pop(key, None)
    df, parent_items = drop_parent_items(df, detected)
    df = drop_empty_epics(df, detected)
    if m.rank:
        df = apply_rank(df, m.rank, file=file, detected=detected)
    elif (priority := S.priority_column(df.columns)) is not None:  # the queue order's column, by its header
        say_rank_order(df[priority], priority, file=file, detected=detected)
    if not has_status or df[S.STATUS].isna().any():  # (sorting by rank above keeps the rows)
        for c in (S.STARTED, S.FINISHED):
            if c not in df.columns:
                df[c] = pd.Series(pd.NaT, index=df.index, dtype=S.DTYPES["datetime"])
        if not has_status:
            df[S.STATUS] = derive_status(df)
            share, col = percent_complete(df)
            scale = COMPLETE_FLAG_READ_AS if share is not None and share.attrs.get("yes_no") else \
                "100%: done, above 0: in progress, 0: open"
            detected["status"] = (f"derived from '{col}' ({scale}), else from dates"
                                  + (f"; {share.attrs['read_as']}" if share.attrs["read_as"] else "")
                                  if col else "derived from dates")
        else:  # a board's blank status (Monday.com: not started): the row's dates say what it is
            blank = df[S.STATUS].isna().to_numpy()
            df.loc[blank, S.STATUS] = derive_status(df.loc[blank])
            detected["status_blank"] = (f"{counted(int(blank.sum()), 'task')} with no status, taken from "
                                        f"{agree(int(blank.sum()), 'its', 'their')} dates "
                                        f"(finished: done, started: in progress, else open; "
                                        f"{rows_text(source_rows(df)[blank])})")
    # after the statuses taken from dates: a resolved row without a status is done, or cancelled by it
    if generic and (cancelled := trackers.cancelled_resolutions(df)) is not None:
        _resolutions(df, cancelled, detected)  # as the Jira reader reads them
    # on every row's status, those taken from dates and resolutions too; the rows' parents found once for both
    parent = sub_task_links(df)
    say_pointed_sub_tasks(df, parent, detected)
    say_sub_tasks_under_cancelled(df, parent, detected, parent_items)
    estimate_from = next((k for k, v in column_map.items() if v == S.ESTIMATE), None)
    if estimate_from is not None and header_key(estimate_from) in PLAN_WORK:
        read_spent_work(df, estimate_from, detected)
    return finish_table(df, S.TASKS, detected)
