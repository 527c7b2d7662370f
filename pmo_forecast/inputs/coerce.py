"""Column coercion: a table's cells read as the schema's canonical types, and the table as the loaders
return it.

:func:`coerce` gives the schema's columns their canonical dtypes (ids and text, statuses, hours and
amounts, dates) and raises :class:`SchemaError` with the file, column, rows and fix when a cell cannot
be read; :func:`finish_table` puts the columns in the schema's order and keeps what was detected.

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

import dataclasses
import functools
import re

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.calendar import DAYS_PER_WEEK, HOURS_IN_A_DAY, HOURS_IN_A_WEEK, HOURS_PER_DAY
from ..core.checks import refusals_listed, refuse
from ..core.exceptions import SchemaError
from ..core.labels import agree, counted
from ..core.source_lines import SourceLines, cause_first, rows_text, source_rows
from .cells import (
    NO_NUL_BYTES,
    SAVED_INDEX,
    as_categories,
    excel_errors_or_raise,
    nul_bytes_or_raise,
    nul_bytes_said,
    page_links_dropped,
    repeats,
    say_formula_guards,
    to_text,
)
from .column_names import GUESSED, file_hints, missing_columns_error, unmatched_said
from .date_layouts import EXCEL_1904_ORIGIN, EXCEL_ORIGIN
from .date_order import date_order
from .dates import DateColumn
from .decimal_marks import files_mark, number_styles
from .delimited import decimal_assumed, decimal_prior, is_text_column
from .numbers import hours_or_raise
from .parsing import file_headers
from .plans import leave_out
from .statuses import normalise_status
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


#: The key of ``detected`` holding the source lines of the totals rows listed within
#: :func:`~pmo_forecast.core.checks.refusals_listed` (:func:`coerce`), which :func:`finish_table` leaves out: validated
#: as tasks, such a row had findings of its own (no status, no project) beside its refusal.
_TOTALS_ROWS = "_totals_rows"

#: The key of a loaded table's ``detected`` holding how many totals rows :func:`finish_table` left out (within
#: :func:`~pmo_forecast.core.checks.refusals_listed`; outside it they are refused): the validation's header counts them,
#: beside the rows it checked.
TOTALS_LEFT_OUT = "_totals_left_out"

#: Headers of columns that are not read but whose dates may settle the file's day/month order.
_DATE_HEADER = re.compile(r"date|due|deadline|updated|modified|datum|fecha|échéance|prazo|\bdata\b", re.IGNORECASE)


def coerce(df: pd.DataFrame, schema: S.TableSchema, *, file: str, required: list[str] | None = None,
           detected: dict | None = None, units_per_hour: dict | None = None,
           hours_per_day: float = HOURS_PER_DAY, points: set | None = None,
           unit_names: dict | None = None, most: dict | None = None, percent: set | None = None,
           percent_signs: set | None = None, daily: set | None = None) -> pd.DataFrame:
    """Canonical dtypes for the schema's columns present in ``df`` (its ``optional`` ones too); SchemaError on bad values.

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
    half a full-time week), read and quoted as written. ``daily``: weekly columns whose plain numbers are hours a
    day (``Hours per day``), checked against the hours a day holds.
    """
    _refuse_missing_columns(df, schema, file=file, required=required, detected=detected)
    # the hint that the header is lower down answers a missing column only: with none missing the header read is
    # the one whose columns are used, and the pack's Assumptions would show "delete the lines above it" for it
    for key in ("header_hint", "_header_hint_line"):
        (detected or {}).pop(key, None)
    lines = source_rows(df)
    columns = schema.columns + tuple(c for c in schema.optional if c.name in df.columns)
    names = [c.name for c in columns]
    attrs, df.attrs = df.attrs, {}  # else every column taken out copies them (1M line numbers)
    if df.shape[1] > 100:  # thousands of source columns: one block, not a fragmented frame
        df = df.copy()
    # categories as given keep their own rule for padded error values (" #N/A"): the schema's columns, the ones
    # looked at (a wide export's thousands of others cost a Series each)
    as_given = {c.name: isinstance(df[c.name].dtype, pd.CategoricalDtype) for c in columns if c.name in df.columns}
    dates_as_read = _text_hashed(df, columns, schema)
    # dates first read without a choice of day/month order (this never raises), so that below only
    # the cells not read as dates are looked at for Excel error values (an error value is no date)
    origin = EXCEL_1904_ORIGIN if attrs.get("_date1904") else EXCEL_ORIGIN  # serial numbers' day 0
    # the file read again as text when a cell must be quoted as written (a date read as a number; sources)
    written = _written_cells((detected or {}).pop("_written", None), (detected or {}).get("_headers", {}), lines)
    dates = {c.name: DateColumn(df[c.name], file=file, column=c.name, lines=lines,
                                as_read=True if c.name in dates_as_read else None, excel_origin=origin,
                                written=functools.partial(written, c.name) if written else None,
                                header=(detected or {}).get("_headers", {}).get(c.name))
             for c in columns if c.kind == "datetime" and c.name in df.columns}
    nul_free = attrs.get(NO_NUL_BYTES, False)  # a file without the byte: no cell to look at
    refused = _error_cells_refused(df, columns, dates, file=file, lines=lines, nul_free=nul_free, as_given=as_given)
    if not nul_free:  # the columns kept and not read: said, not refused
        nul_bytes_said(df, [c for c in df.columns if c not in names], file=file, lines=lines,
                       detected=detected)
    # one decimal mark per number column and one day/month order per file, from all columns together
    units = _Units(units_per_hour or {}, hours_per_day, points or set(), unit_names or {}, most or {}, percent or set(),
                   percent_signs or set(), daily or set())
    marks = _Marks.of(df, columns, file=file, lines=lines, detected=detected, units=units)

    def others():  # date columns not read, whose dates may settle an order the read ones leave open
        return [DateColumn(df[c], file=file, column=str(c), lines=lines, excel_origin=origin) for c in df.columns
                if c not in names and _DATE_HEADER.search(str(c)) and is_text_column(df[c])]

    order = date_order(list(dates.values()), file=file, detected=detected, others=others)
    said_empty = np.zeros(len(lines), dtype=bool)  # rows refused for an empty id cell, the cause said first
    for col in columns:
        if col.name not in df.columns:
            continue
        s = df[col.name]
        if col.kind in ("id", "string"):
            out = _text_read(s, col, schema, file=file, lines=lines, detected=detected)
            if col.kind == "id":  # an id refused above (listed, read as blank) is not said to be empty too
                missing = out.isna().to_numpy() & ~refused.get(col.name, np.zeros(len(out), bool))
                if missing.any():
                    _refuse_empty_ids(df, col.name, missing, file=file, lines=lines, detected=detected)
                    said_empty |= missing
        elif col.kind == "category":
            out = normalise_status(s, col.allowed)
        elif col.kind == "float":
            out = _number_read(s, col.name, marks, units, file=file, lines=lines, detected=detected)
        else:
            out = dates[col.name].finish(order, detected)
        df[col.name] = out.astype(S.DTYPES[col.kind])
    said_empty |= refused.get(schema.key, False)  # a key refused (an error value) is blank too
    if schema.key in df.columns and (totals := _refuse_totals(df, schema, file=file, lines=lines,
                                                              said=said_empty)).any() \
            and detected is not None:  # listed (refusals_listed): no rows of the table, left out by finish_table
        detected[_TOTALS_ROWS] = lines[totals]
    df.attrs = attrs
    return df


def _refuse_missing_columns(df: pd.DataFrame, schema: S.TableSchema, *, file: str, required: list[str] | None,
                            detected: dict | None) -> None:
    """Raise a SchemaError naming the ``required`` columns (the schema's by default) ``df`` lacks, with the
    likely cause first (a second header row below the first) and the file's hints."""
    required = schema.required if required is None else required
    missing = [c for c in required if c not in df.columns]
    if not missing:
        return
    found, read_as = file_headers(df.columns, detected)  # as the file heads them: no column the loader added
    err = missing_columns_error(file, missing, found, schema.name, read_as, plan="_fields" in (detected or {}),
                                detected=detected)
    if unmatched := unmatched_said(detected):
        err.args = (f"{err} {unmatched}.",)
    # a second header row below the first (merged cells above it) holds the names looked for: the
    # likely cause, said first
    err.cause, err.hints = (detected or {}).get("_second_header", (None, ""))[1], file_hints(detected or {})
    said = cause_first(str(err), file, err.cause) if err.cause else str(err)
    err.args = (f"{said}{err.hints}",)
    raise err


def _text_hashed(df: pd.DataFrame, columns: tuple, schema: S.TableSchema) -> set:
    """The schema's text columns in ``df`` made categorical (hashed once, then read once per distinct value), in
    place: ids (nearly all distinct) are read per cell, and dates only when they repeat; returns the date columns
    so hashed, as read from the file."""
    dates_as_read = set()  # text dates that repeat: hashed once here, for the Excel check and DateColumn
    for col in columns:
        if col.name in df.columns and col.name != schema.key and is_text_column(df[col.name]) \
                and (col.kind != "datetime" or repeats(df[col.name])):  # dates: per cell unless they repeat
            df[col.name] = as_categories(df[col.name])
            if col.kind == "datetime":
                dates_as_read.add(col.name)
    return dates_as_read


def _error_cells_refused(df: pd.DataFrame, columns: tuple, dates: dict, *, file: str, lines: np.ndarray,
                         nul_free: bool, as_given: dict) -> dict:
    """Refuse the cells holding a NUL byte or a spreadsheet's error value (a failed formula is not a blank), and
    blank them in ``df`` and in the date columns (``dates``), in place; returns column -> the rows refused
    (within :func:`~pmo_forecast.core.checks.refusals_listed`: listed and read as blank). A cell a date column
    read as a date is not looked at."""
    refused = {}
    for col in columns:
        if col.name in df.columns:
            s, at, rest = df[col.name], lines, slice(None)
            if col.name in dates and not isinstance(s.dtype, pd.CategoricalDtype) and is_text_column(s):
                rest = dates[col.name].unread()  # a cell read as a date holds no NUL byte
                s, at = s[rest], lines[rest]
            nul = None if nul_free else nul_bytes_or_raise(s, file=file, column=col.name, lines=at)
            failed = excel_errors_or_raise(s, file=file, column=col.name, lines=at, strip=as_given[col.name])
            if nul is not None or failed is not None:
                mask = np.zeros(len(lines), dtype=bool)
                mask[rest] = (False if nul is None else nul) | (False if failed is None else failed)
                refused[col.name] = mask
                df[col.name] = df[col.name].mask(mask)
                if col.name in dates:
                    dates[col.name].blank(mask)
    return refused


@dataclasses.dataclass(frozen=True)
class _Marks:
    """The decimal marks a table's number columns are read with: one per column and the file's, from all its columns
    together (:func:`~pmo_forecast.inputs.decimal_marks.number_styles`)."""

    styles: dict  # column -> the mark its values show, or the file's for values that read either way
    default: str  # the mark of a column whose values show none
    two_way: dict  # columns whose values that read two ways (1,250) take the file's mark, not the column's
    assumed: str | None  # why the separator's mark is taken where no column shows one ('1.500 Std' then ambiguous)
    prior: str | None  # the mark the file's separator suggests
    own_read: dict  # column -> why its own mark, not the separator's, reads its values ('1,500 hrs' then ambiguous)

    @classmethod
    def of(cls, df: pd.DataFrame, columns: tuple, *, file: str, lines: np.ndarray, detected: dict | None,
           units: _Units) -> _Marks:
        """The marks of ``df``'s number columns; a column whose mark cannot be told is refused and, listed
        (:func:`~pmo_forecast.core.checks.refusals_listed`), blanked in ``df`` (which is meant cannot be told).
        A column with a bound (``units``: :meth:`_Units.most_of`) has its values that read two ways said as its bound
        reads them."""
        prior = decimal_prior(detected)
        two_way, own_marks, mixed, own_read = {}, {}, {}, {}
        styles = number_styles({c.name: df[c.name] for c in columns
                                if c.kind == "float" and c.name in df.columns},
                               file=file, lines=lines, prior=prior, detected=detected, two_way=two_way,
                               own_marks=own_marks, assumed=decimal_assumed(detected, plain=True), refused=mixed,
                               own_read=own_read, bounded=S.SHARE_COLUMNS + S.WEEKLY_COLUMNS,
                               most={c.name: most for c in columns if (most := units.most_of(c.name)) is not None},
                               plausible={c.name: units.week_of(c.name) for c in columns if c.name in S.WEEKLY_COLUMNS})
        for name, rows in mixed.items():
            df[name] = df[name].mask(rows)
        return cls(styles, files_mark(styles, prior), two_way, None if own_marks else decimal_assumed(detected), prior,
                   own_read)


@dataclasses.dataclass(frozen=True)
class _Units:
    """The units :func:`coerce`'s caller gives the number columns in (see its docstring)."""

    units_per_hour: dict
    hours_per_day: float
    points: set
    unit_names: dict
    most: dict
    percent: set
    percent_signs: set
    daily: set

    def most_of(self, name: str) -> float | None:
        """The largest plain number column ``name`` can hold in its own unit, which reads its numbers that read two
        ways (:func:`~pmo_forecast.inputs.numbers.parse_hours`' ``most``): the caller's (an FTE's), else 1 for a
        share of the week; None for a column without one or read in percent (80 is 0.8: none is read two ways)."""
        if name in self.percent:
            return None
        return self.most.get(name, 1.0 if name in S.SHARE_COLUMNS else None)

    def week_of(self, name: str) -> float:
        """The most a weekly column (:data:`~pmo_forecast.core.schema.WEEKLY_COLUMNS`) can hold in its own unit: the
        :data:`~pmo_forecast.core.calendar.HOURS_IN_A_WEEK` a week holds, or the
        :data:`~pmo_forecast.core.calendar.HOURS_IN_A_DAY` a day holds in a column of hours a day, as
        :func:`~pmo_forecast.inputs.numbers.hours_or_raise` refuses more."""
        hours = HOURS_IN_A_DAY * DAYS_PER_WEEK if name in self.daily else HOURS_IN_A_WEEK
        return hours * self.units_per_hour.get(name, 1.0)


def _text_read(s: pd.Series, col: S.Column, schema: S.TableSchema, *, file: str, lines: np.ndarray,
               detected: dict | None) -> pd.Series:
    """An id or text column read as text; a Notion page link read as the page's title, said in
    ``detected["page_links"]``."""
    repetitive = col.name != schema.key  # a key's values are nearly all distinct
    out, linked = page_links_dropped(to_text(s, repetitive=repetitive), repetitive=repetitive)
    if linked.any() and detected is not None:  # Notion's relation: the page's title is its name
        detected.setdefault("page_links", {})[col.name] = (
            f"{counted(int(linked.sum()), 'cell')} naming a page with its Notion link "
            f"('{to_text(s)[linked].iloc[0]}'): read as the page's title, the link dropped "
            f"({rows_text(lines[linked])})")
    return out


def _refuse_empty_ids(df: pd.DataFrame, name: str, missing: np.ndarray, *, file: str, lines: np.ndarray,
                      detected: dict | None) -> None:
    """Refuse the rows whose id cell (column ``name``) is empty, a totals or title row, the likely cause, said
    first (:func:`~pmo_forecast.core.checks.refuse`: listed, the rows kept, where the validation lists them)."""
    bad = lines[missing]
    empty = f"column '{name}' is empty on {rows_text(bad)}"
    cause = totals_hint(df.loc[missing], bad, file=file, table=df, table_lines=lines, at=np.flatnonzero(missing))
    said = (f"{cause}; {empty}, and every row needs a {name}" if cause
            else f"{empty}. Every row needs a {name}")
    refuse(SchemaError(f"{file}: {said}: fill those cells or drop the rows."
                       f"{_merged_hint(detected, name, bad)}",
                       file=file, column=name, rows=bad))


def _number_read(s: pd.Series, name: str, marks: _Marks, units: _Units, *, file: str, lines: np.ndarray,
                 detected: dict | None) -> pd.Series:
    """A number column read in hours, a share of the week, an amount or story points (its unit said in
    ``detected["units"]``), with its decimal mark."""
    share, money = name in S.SHARE_COLUMNS, name in S.MONEY_COLUMNS
    out = hours_or_raise(s, file=file, column=name, lines=lines,
                         decimal=marks.styles.get(name, marks.default), share=share, detected=detected,
                         what="an amount" if money else "story points" if name in units.points else None,
                         weekly=name in S.WEEKLY_COLUMNS, daily=name in units.daily,
                         unit=units.unit_names.get(name), units_per_hour=units.units_per_hour.get(name, 1.0),
                         hours_per_day=units.hours_per_day, most=units.most_of(name),
                         two_way=marks.two_way.get(name), percent=name in units.percent,
                         percent_signs=name in units.percent_signs,
                         assumed_mark=marks.own_read.get(name, marks.assumed), prior=marks.prior,
                         mark_doubted=name in marks.own_read)
    if detected is not None:
        detected.setdefault("units", {}).setdefault(
            name, S.SHARE_UNIT if share else S.AMOUNT_UNIT if money else S.HOURS_UNIT)
    return out


def _refuse_totals(df: pd.DataFrame, schema: S.TableSchema, *, file: str, lines: np.ndarray,
                   said: np.ndarray) -> np.ndarray:
    """Refuse the table's totals and subtotal rows (:mod:`~pmo_forecast.inputs.totals`), each kind in its words;
    within :func:`~pmo_forecast.core.checks.refusals_listed` each kind listed and the mask of the rows returned. A row
    one check found is left out of the next checks: said once, and no sum of the others. Rows ``said`` already (refused
    for an empty id cell, the totals row named first: the refusal the loader raises) are left out but not refused
    again: one refusal, one error, per row."""
    totals = np.zeros(len(df), dtype=bool)
    with refusals_listed() as found:  # each check's refusal held until the rows said already are known
        _find_totals(df, schema, file=file, lines=lines, totals=totals)
    for error in found:
        if not set(error.rows) <= set(lines[said].tolist()):
            refuse(error)
    return totals


def _find_totals(df: pd.DataFrame, schema: S.TableSchema, *, file: str, lines: np.ndarray, totals: np.ndarray) -> None:
    """The totals and subtotal rows of ``df`` set in ``totals``, each check's refusal listed."""
    for check in (lambda t, at, groups: totals_rows_or_raise(t[schema.key], file=file, column=schema.key, lines=at,
                                                             groups=groups),
                  lambda t, at, groups: totals_named_or_raise(t, schema, file=file, lines=at, groups=groups),
                  lambda t, at, groups: subtotal_rows_or_raise(t, schema, file=file, lines=at, groups=groups),
                  lambda t, at, groups: totals_last_row_or_raise(t, schema, file=file, lines=at)):
        rest = np.flatnonzero(~totals)
        table = df.iloc[rest] if totals.any() else df  # no copy of a table without totals rows
        groups = table[S.PROJECT_ID] if S.PROJECT_ID in table.columns and schema is S.TASKS else None
        totals[rest[check(table, lines[rest], groups)]] = True


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


def finish_table(df: pd.DataFrame, schema: S.TableSchema, detected: dict) -> pd.DataFrame:
    """The coerced table as the loaders return it: every column of ``schema`` (blank where the source has
    none) in the schema's order, then the source's other columns; ``attrs`` holding ``detected`` and the
    file's own headers, and the source lines of the rows; a table whose source lines are known is indexed 0..n-1.
    The totals rows :func:`coerce` listed are left out."""
    left_out = 0
    if (totals := detected.pop(_TOTALS_ROWS, None)) is not None:  # found by their lines: rows left out since too
        lines = source_rows(df)
        rows = np.isin(np.asarray(lines), np.asarray(totals))
        df, left_out = leave_out(df, rows, lines), int(rows.sum())
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
    detected.pop("_file_headers", None)
    detected.pop("_fields", None)
    detected.pop(GUESSED, None)
    detected.pop(SAVED_INDEX, None)
    headers = detected.pop("_headers", {})
    guards = detected.pop("_formula_guards", None)
    if "_loaded" in detected:  # a frame a loader returned, read again (the pack reads what it is given): the
        # file's format, units, title rows and headers as its loader found them, not "dataframe" and hours
        loaded, loaded_headers = detected.pop("_loaded")
        # but where its projects now come from: a project column taken this time (project_from) says it
        detected = {**loaded, **{k: v for k, v in detected.items() if k not in loaded or k == S.PROJECT_ID}}
        headers = {**headers, **loaded_headers}
    if left_out:
        detected[TOTALS_LEFT_OUT] = left_out
    out.attrs = {"detected": detected, "_headers": headers}
    if guards:
        say_formula_guards(out.attrs["detected"], guards)
    if nul_free:  # read again (the pack reads what it is given), its cells are not looked at again
        out.attrs[NO_NUL_BYTES] = True
    if lines is not None:  # with the index and ids, found again once the table is sorted or filtered
        # the rows are named by their lines: numbered 0..n-1 whatever rows the loader left out (epics, summary
        # rows, milestones), as when it left out none; a frame without lines keeps its own labels, which name its rows
        out.index = pd.RangeIndex(len(out))
        out.attrs["_source_line"] = SourceLines(lines, out.index, out[schema.key] if schema.key else None)
    return out
