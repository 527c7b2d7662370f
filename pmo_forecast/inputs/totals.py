"""Rows a spreadsheet adds to a table that are none of its rows: totals and subtotals, group titles.

A sheet's =SUM row, Excel's Data > Subtotal labels (``Alpha Total``, ``Alpha Ergebnis``, ``Total Alpha``) and
a board's group titles (Monday.com) arrive as rows of the export; read, a totals row was one more open task
carrying every task's hours. :func:`totals_rows_or_raise`, :func:`totals_named_or_raise`,
:func:`subtotal_rows_or_raise` and :func:`totals_last_row_or_raise` refuse them;
:func:`totals_hint` names one among rows missing a required cell. Used by
:func:`~pmo_forecast.inputs.coerce.coerce`.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.exceptions import SchemaError
from ..core.labels import agree
from ..core.source_lines import MAX_ROWS_IN_MESSAGE, rows_text
from .cells import blank_cell

#: Words of a totals label (English, German, French, Spanish; the sum signs).
_TOTAL_WORDS = r"(?:grand\s+total|sub-?total|totals?|sum|summe|zwischensumme|gesamt(?:summe)?|total\s+g[ée]n[ée]ral|suma|[Σ∑])"
#: A cell that starts with one (the hint for a row with an empty required cell) ...
_TOTALS = re.compile(rf"\s*{_TOTAL_WORDS}(?!\w)", re.IGNORECASE)
#: ... and a row key that is one, a colon allowed: the row is a totals row whatever else it holds.
_TOTALS_KEY = re.compile(rf"\s*{_TOTAL_WORDS}\s*:?\s*", re.IGNORECASE)
#: Excel's Data > Subtotal labels, a group's value with a totals word: ``Alpha Total`` (English),
#: ``Alpha Ergebnis`` (German), ``Total Alpha`` (French, Spanish).
_SUBTOTAL_KEY = re.compile(r"\s*(?:(?P<before>.+?)\s+(?:total|ergebnis)|total\s+(?P<after>.+?))\s*", re.IGNORECASE)
#: Text every such label contains (lower case): a table's keys without any are not searched further.
_TOTALS_TEXT = ("tot", "sum", "gesamt", "ergebnis", "σ", "∑")
#: A totals word anywhere in a cell (``Subtotal PRJ-1``, ``Total for Apollo``, ``Apollo Summe``): a subtotal row's
#: label, looked for only on rows holding such sums (:func:`subtotal_rows_or_raise`).
_TOTAL_WORD = re.compile(rf"(?<!\w){_TOTAL_WORDS}(?!\w)", re.IGNORECASE)


def totals_rows_or_raise(keys: pd.Series, *, file: str, column: str, lines: np.ndarray,
                          groups: pd.Series | None = None) -> None:
    """A row keyed by a totals label (``Total``, ``Grand Total``, ``Summe``, ``Σ``) holds the sum of other
    rows, not one of its own: refused, also with every cell filled (a sheet's =SUM row was an open task
    carrying all its hours). So is one keyed by Excel's subtotal label of a value that the keys or
    ``groups`` (the projects) hold (``Alpha Total`` under project Alpha's rows: an open task of 18 hours)."""
    text = "\n".join(keys.to_numpy(object, na_value="")).lower()
    if not any(w in text for w in _TOTALS_TEXT):  # one scan of a million keys, no regex per cell
        return
    hit = keys.str.fullmatch(_TOTALS_KEY).fillna(False).to_numpy(bool)
    sub = keys.str.extract(_SUBTOTAL_KEY.pattern.join(("^", "$")), flags=re.IGNORECASE)
    named = sub["before"].fillna(sub["after"]).str.strip()
    if named.notna().any():
        values = set(keys.dropna().str.strip()) | (set(groups.dropna().astype(str).str.strip())
                                                  if groups is not None else set())
        hit |= named.isin(values - set(keys[named.notna()].str.strip())).to_numpy(bool)
    if hit.any():
        label, n = str(keys[hit].iloc[0]).strip(), int(hit.sum())
        raise SchemaError(f"{file}: {rows_text(lines[hit])} {agree(n, 'looks like a totals row', 'look like totals rows')}"
                          f" ({label!r} in column '{column}'): {agree(n, 'the sum', 'the sums')} of other rows, "
                          f"{agree(n, 'not a row of its own', 'not rows of their own')}. Delete {agree(n, 'it', 'them')} "
                          "from the export.",
                          file=file, column=column, rows=lines[hit])


def totals_named_or_raise(df: pd.DataFrame, schema: S.TableSchema, *, file: str, lines: np.ndarray,
                           groups: pd.Series | None = None) -> None:
    """A row with its key filled (an id typed or a =ROW() formula) whose other text cell is a totals label
    only (``Total`` in a task-name column, ``Summe``; Excel's ``Alpha Total`` of a ``groups`` value), and one
    of whose numbers is the sum of all the other rows' or of its group's: a sheet's =SUM row, refused as
    :func:`totals_rows_or_raise` refuses one keyed so (read, it was one more open task carrying every
    task's hours). A label without such a sum (a task named "Total") is a task."""
    numbers = [c.name for c in schema.columns if c.kind == "float" and c.name in df.columns]
    if not numbers or len(df) < 2:
        return
    # the groups as codes (blank ones together, as one more group): sums by bincount, not a groupby of text
    code = None if groups is None else pd.factorize(groups, use_na_sentinel=True)[0]
    if code is not None:
        code = np.where(code < 0, code.max() + 1, code)
    summed = np.zeros(len(df), dtype=bool)
    which = np.full(len(df), None, dtype=object)  # the first number column that is such a sum
    for name in numbers:  # numbers first: text is looked at only on the rows that are sums
        v = np.nan_to_num(df[name].to_numpy("float64"))
        twice = 2 * v
        total = v.sum()
        same = np.abs(twice - total) <= 0.01 + 1e-9 * abs(total)  # v = the sum of the others
        if code is not None:
            own = np.bincount(code, weights=v)[code]
            same |= np.abs(twice - own) <= 0.01 + 1e-9 * np.abs(own)
        same &= v != 0
        which[same & ~summed] = name
        summed |= same
    if not summed.any():
        return
    values = set(groups.dropna().astype(str).str.strip()) if groups is not None else set()
    at = np.flatnonzero(summed)
    for col in (c for c in df.columns if c != schema.key and c not in numbers):
        t = pd.Series([v.strip() if isinstance(v, str) else None for v in df[col].iloc[at]], dtype="string")
        hit = t.str.fullmatch(_TOTALS_KEY).fillna(False)
        sub = t.str.extract(_SUBTOTAL_KEY.pattern.join(("^", "$")), flags=re.IGNORECASE)
        named = sub["before"].fillna(sub["after"]).str.strip()
        hit = (hit | named.isin(values).fillna(False)).to_numpy(bool)
        if hit.any():
            rows, first = at[hit], int(at[hit][0])
            key = str(df[schema.key].iloc[first]).strip()
            raise SchemaError(
                f"{file}: {rows_text(lines[rows])} {agree(len(rows), 'looks like a totals row', 'look like totals rows')}"
                f" ({t[hit].iloc[0]!r} in column '{col}' of {schema.key} {key!r}, its {which[first]} the sum of "
                f"other rows'): {agree(len(rows), 'not a row of its own', 'not rows of their own')}. Delete "
                f"{agree(len(rows), 'it', 'them')} from the export.",
                file=file, column=str(col), rows=lines[rows])


#: How far a totals row's number may be from its column's sum, relative (a spreadsheet's rounding).
_SUM_TOLERANCE = 1e-6
#: Nonzero numbers a last row's one sum must add to be taken for a totals row: with fewer, a task's estimate
#: equals the sum of a few small ones above by chance too often (2, 3, 5 and then 10).
MIN_TERMS_ONE_SUM = 5


def _enough_sums(n_sums, most_terms):
    """Whether a row's sums are evidence of a totals row without a label: two columns' sums, or one summing at
    least :data:`MIN_TERMS_ONE_SUM` nonzero numbers (a total of three small estimates is too often a task's).
    Numbers or arrays of them."""
    return (n_sums >= 2) | ((n_sums == 1) & (most_terms >= MIN_TERMS_ONE_SUM))


def _sums_said(said: list) -> str:
    """``["estimate_hours, 9", "actual_hours, 11"]`` as ``"estimate_hours, 9, and actual_hours, 11"``."""
    return said[0] if len(said) == 1 else f"{', '.join(said[:-1])}, and {said[-1]}"


#: Rounds of :func:`subtotal_rows_or_raise` at most: each settles the next subtotal of a project split in blocks.
_SUBTOTAL_ROUNDS = 20


def _total_label(df: pd.DataFrame, columns: list, rows: np.ndarray) -> dict:
    """Row position -> (column, label) for the ``rows`` whose cell in one of ``columns`` holds a totals word
    (:data:`_TOTAL_WORD`), the first such column."""
    out = {}
    for col in columns:
        cells = df[col].iloc[rows].to_numpy(object)
        for r, v in zip(rows, cells, strict=True):
            if r not in out and isinstance(v, str) and _TOTAL_WORD.search(v):
                out[int(r)] = (col, v.strip())
    return out


def subtotal_rows_or_raise(df: pd.DataFrame, schema: S.TableSchema, *, file: str, lines: np.ndarray,
                           groups: pd.Series | None = None) -> None:
    """Rows closing each project's block with its sums, their key filled (``Total PRJ-1``, ``Subtotal``, the
    project's name with ``Summe`` in the task's name): every number the sum of its column over the rows above,
    back to the previous such row or the first row of the project (``groups``) above it, with the evidence
    :func:`totals_last_row_or_raise` asks of the last row (two such sums, or one of at least
    :data:`MIN_TERMS_ONE_SUM` nonzero numbers; each of two nonzero numbers at least), and a totals word in the
    key or another text cell (:data:`_TOTAL_WORD`). Refused as it refuses one (read, each was one more open task
    carrying its project's hours). Only for the task table; a task so named whose hours are no such sum is a
    task. The numbers are looked at first, over all rows at once; the text only on the rows they pick."""
    numbers = [c.name for c in schema.columns if c.kind == "float" and c.name in df.columns]
    n = len(df)
    if schema is not S.TASKS or not numbers or n < 3:
        return
    first = np.zeros(n, dtype=np.int64)  # the first row of each row's project run
    if groups is not None:
        g = groups.to_numpy(object, na_value=None)  # neighbours compared: no hashing of a million names
        first = np.maximum.accumulate(np.where(np.r_[True, g[1:] != g[:-1]], np.arange(n), 0))
    run = np.r_[0, first[:-1]]  # the run of the row above each row: its block's first row at the earliest
    columns = {}  # column -> (its numbers, their running sum, the running count of nonzero ones)
    for name in numbers:
        v = df[name].to_numpy("float64", na_value=np.nan)
        z = np.nan_to_num(v)
        columns[name] = (v, np.r_[0.0, np.cumsum(z)], np.r_[0, np.cumsum(z != 0)])
    text = [c for c in df.columns if c not in numbers and not pd.api.types.is_numeric_dtype(df[c])
            and not pd.api.types.is_datetime64_any_dtype(df[c])]
    labels, subtotals, rows = {}, np.zeros(0, dtype=np.int64), np.arange(n)
    for _ in range(_SUBTOTAL_ROUNDS):  # the subtotals found so far end the blocks of the rows below them
        begin = np.maximum(run, np.r_[-1, subtotals][np.searchsorted(subtotals, rows)] + 1)
        sums, terms = np.zeros(n, dtype=np.int64), np.zeros(n, dtype=np.int64)
        other = np.zeros(n, dtype=bool)  # a number that is no such sum: a task
        counted = {}
        for name, (v, cum, nonzero) in columns.items():
            total, count = cum[rows] - cum[begin], nonzero[rows] - nonzero[begin]
            filled = ~np.isnan(v)
            equal = np.abs(v - total) <= _SUM_TOLERANCE * np.maximum(np.abs(total), np.abs(v))
            other |= filled & ~equal
            counted[name] = filled & equal & (v != 0) & (count >= 2)
            sums += counted[name]
            terms = np.maximum(terms, np.where(counted[name], count, 0))
        summed = np.flatnonzero(~other & _enough_sums(sums, terms))
        labels.update(_total_label(df, text, np.setdiff1d(summed, list(labels), assume_unique=True)))
        found = summed[[int(r) in labels for r in summed]] if len(summed) else summed
        if np.array_equal(found, subtotals):
            break
        subtotals = found
    if not len(subtotals):
        return
    row = int(subtotals[0])
    col, label = labels[row]
    key = "" if col == schema.key else f" of {schema.key} {str(df[schema.key].iloc[row]).strip()!r}"
    said = [f"{name}, {columns[name][0][row]:g}" for name, m in counted.items() if m[row]]
    above = lines[begin[row]:row]
    span = f"line {above[0]}" if len(above) == 1 else f"lines {above[0]} to {above[-1]}"
    n = len(subtotals)
    raise SchemaError(f"{file}: {rows_text(lines[subtotals])} "
                      f"{agree(n, 'looks like a subtotal row', 'look like subtotal rows')} ({label!r} in column "
                      f"'{col}'{key}, its {_sums_said(said)}, {agree(len(said), 'the sum', 'the sums')} of "
                      f"{span} above it): {agree(n, 'not a row of its own', 'not rows of their own')}. "
                      f"Delete {agree(n, 'it', 'them')} from the export.",
                      file=file, column=str(col), rows=lines[subtotals])


def totals_last_row_or_raise(df: pd.DataFrame, schema: S.TableSchema, *, file: str, lines: np.ndarray) -> None:
    """The table's last row, its key filled (a typed number or a =ROW() result) and no totals label anywhere,
    every number of which is its column's sum over all the rows above: a sheet's =SUM row, refused as
    :func:`totals_named_or_raise` refuses a labelled one (read, it was one more task carrying every task's
    hours). Only for the task table (a people table's 10, 10, 20 and 40 hours a week are four people), when at
    least 3 rows are above and at least two such sums stand on it, or one summing at least
    :data:`MIN_TERMS_ONE_SUM` nonzero numbers; each sum must add at least two nonzero numbers (one is a copy,
    not a sum). A last task that equals the others' sum in one column of several is a task."""
    numbers = [c.name for c in schema.columns if c.kind == "float" and c.name in df.columns]
    if schema is not S.TASKS or not numbers or len(df) < 4:
        return
    sums, most_terms = {}, 0  # column -> (the last row's number, its sum above)
    for name in numbers:
        v = df[name].to_numpy("float64", na_value=np.nan)
        last, above = v[-1], v[:-1]
        if np.isnan(last):
            continue
        total = float(np.nansum(above))
        if abs(last - total) > _SUM_TOLERANCE * max(abs(total), abs(last)):
            return  # one number that is no such sum: a task
        terms = int(np.count_nonzero(np.nan_to_num(above)))
        if last != 0 and terms >= 2:
            sums[name] = float(last)
            most_terms = max(most_terms, terms)
    if not _enough_sums(len(sums), most_terms):
        return
    said = _sums_said([f"{c}, {v:g}" for c, v in sums.items()])
    key = str(df[schema.key].iloc[-1]).strip()
    raise SchemaError(f"{file}: line {lines[-1]} looks like a totals row ({schema.key} {key!r}, its {said}, "
                      f"{agree(len(sums), 'the sum', 'the sums')} of lines {lines[0]} to {lines[-2]} above it): "
                      "not a row of its own. Delete it from the export.",
                      file=file, column=next(iter(sums)), rows=lines[-1:])


def _number(v) -> float | None:
    """A cell's number (``7``, ``7.5``, the text ``"7"``), else None."""
    if isinstance(v, bool | np.bool_):
        return None
    if isinstance(v, int | float | np.number):
        return None if np.isnan(v) else float(v)
    try:
        return float(v.strip()) if isinstance(v, str) else None
    except ValueError:
        return None


def _sums_above(table: pd.DataFrame, table_lines: np.ndarray, at: np.ndarray) -> str:
    """The hint for the first of the rows at positions ``at`` (blank in a required column) that holds
    numbers only, each the sum of its column over the rows above it (from the table's top, or from the
    previous such blank row: a subtotal), else empty. A sheet's =SUM row without a label."""
    numbers = {}  # column -> its cells as numbers, converted once
    for k, pos in enumerate(at[:MAX_ROWS_IN_MESSAGE]):
        start = int(at[k - 1]) + 1 if k else 0
        cells = {c: v for c, v in table.iloc[pos].items() if not blank_cell(v)}
        values = {c: _number(v) for c, v in cells.items()}
        if pos - start < 1 or not values or None in values.values() or not any(values.values()):
            continue
        for c in values:
            if c not in numbers:
                numbers[c] = pd.to_numeric(table[c], errors="coerce").to_numpy("float64", na_value=np.nan)
        sums = {c: float(np.nansum(numbers[c][start:pos])) for c in values}
        if all(abs(v - sums[c]) <= 0.01 + 1e-9 * abs(v) for c, v in values.items()):
            c, v = next(iter(values.items()))
            above = table_lines[start:pos]
            span = f"line {above[0]}" if len(above) == 1 else f"lines {above[0]} to {above[-1]}"
            return (f"line {table_lines[pos]} looks like a totals row (numbers only, its {c}, {v:g}, the sum of "
                    f"{span} above it): delete it from the export")
    return ""


def totals_hint(rows: pd.DataFrame, lines, *, table: pd.DataFrame | None = None,
                table_lines: np.ndarray | None = None, at: np.ndarray | None = None) -> str:
    """The likely cause of rows missing a required cell, put first in the error: a row whose text starts
    with Total or Sum (a spreadsheet's totals row), a row of numbers only, each the sum of its column over
    the rows above, or a row that holds one cell only (a group's title, as Monday.com boards export them; on
    the table's last line, a footer below it). The last two need the whole ``table``, its lines
    (``table_lines``) and the rows' positions in it (``at``). Starts with ``line N`` and has no final stop;
    empty when none is seen."""
    for (_, row), line in zip(rows.head(MAX_ROWS_IN_MESSAGE).iterrows(), lines, strict=False):
        cell = next((str(v) for v in row if isinstance(v, str) and _TOTALS.match(v)), None)
        if cell is not None:
            return f"line {line} looks like a totals row ({cell.strip()!r}): delete it from the export"
    if table is not None and at is not None and (summed := _sums_above(table, table_lines, at)):
        return summed
    last_line = table_lines[-1] if table_lines is not None and len(table_lines) else None
    for (_, row), line in zip(rows.head(MAX_ROWS_IN_MESSAGE).iterrows(), lines, strict=False):
        filled = [v for v in row if not blank_cell(v)]
        if len(filled) == 1 and len(row) > 2 and line == last_line:
            return (f"line {line}, the table's last, holds one cell only ({str(filled[0]).strip()!r}): a footer "
                    "line below the table? Delete it from the export")
        if len(filled) == 1 and len(row) > 2:
            return (f"line {line} holds one cell only ({str(filled[0]).strip()!r}): a group's or section's title "
                    "row, as some boards (Monday.com) export them? Delete such rows from the export")
    return ""
