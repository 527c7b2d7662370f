"""The checks a table is held to before a model reads it: its columns, its unique keys and ids, its dates
and its capacities; and those of the parameters a model is given, a count or quantile levels, before any work.

Each raises :class:`~pmo_forecast.SchemaError` naming the table, the column and the rows, and saying what to
do; a loader passes each row's source line, so that the message names the lines of the file.
"""

from __future__ import annotations

import contextlib
import contextvars
import os

import numpy as np
import pandas as pd

from .exceptions import SchemaError
from .keys import person_key
from .labels import agree, counted, id_list, in_words
from .schema import (
    AVAILABILITY,
    AVAILABILITY_AFTER,
    BUDGET,
    ESTIMATE,
    HOURS_PER_WEEK,
    NOT_NEGATIVE_COLUMNS,
    PERSON,
    SCHEMAS,
    estimates_in_points,
    quantile_column,
)
from .source_lines import PLACEHOLDER_IDS, as_rows, frame_rows, rows_text, where_in_table

#: Why a negative number of hours is wrong, in the refusal of :func:`negative_or_raise` (a loader's, a model's)
#: and the validation's finding alike.
NO_NEGATIVE_HOURS = "hours cannot be below 0"
#: Why a negative estimate in story points is wrong, in the same refusal.
NO_NEGATIVE_POINTS = "story points cannot be below 0"
#: Why a negative budget is wrong, in the same refusal and the validation's finding.
NO_NEGATIVE_BUDGET = "a budget cannot be below 0 hours"
#: Why a negative number of hours a week is wrong, in the same refusal and the validation's finding.
NO_NEGATIVE_WEEK = "hours a week cannot be below 0"
#: What a negative value is (one, several) and why it is wrong, in the same refusal, for the columns of hours that are
#: no duration of work: a person's hours a week (a capacity), a project's budget; the others' are durations.
_NEGATIVE_HOURS_OF = {
    HOURS_PER_WEEK: ("a negative number of hours a week", "negative numbers of hours a week",
                     NO_NEGATIVE_WEEK),
    BUDGET: ("a negative budget", "negative budgets", NO_NEGATIVE_BUDGET),
}


#: The refusals :func:`refuse` lists instead of raising them, within :func:`refusals_listed` (None outside it, and
#: within :func:`refusals_raised`).
_LISTED_REFUSALS: contextvars.ContextVar[list | None] = contextvars.ContextVar("listed_refusals", default=None)


@contextlib.contextmanager
def _refusals_into(listed: list | None):
    """Within it, :func:`refuse` appends to ``listed`` (raises, when None); yields ``listed``."""
    token = _LISTED_REFUSALS.set(listed)
    try:
        yield listed
    finally:
        _LISTED_REFUSALS.reset(token)


def refusals_listed():
    """Within it, the loaders' refusals of a cell's value (:func:`refuse`: a negative number of hours, text in a
    column of numbers, a date that is none, a status not known, a key on two rows, a share of the week out of range,
    a spreadsheet's error value or a NUL byte, an empty id, hours a week no week holds, an FTE out of range, a decimal
    mark that cannot be told, costs in two currencies, a totals row) are appended to the list this yields, once per message, instead of raised: the loader reads such a cell as blank
    (or, where a validation check lists it, as written; a totals row is left out) and goes on. For a check that reports every problem of a file
    (``pmo-forecast validate``), where the first cell refused stopped it with nothing else said. The tables read
    within it are no tables for the models, which refuse them. A file that cannot be read as a table (a column
    missing, an unreadable file) is still refused."""
    return _refusals_into([])


def refusals_raised():
    """Within it, :func:`refuse` raises, within :func:`refusals_listed` too: for a probe that reads a column to see
    whether it can (the refusal caught, the column read another way), whose refusal is no problem of the file."""
    return _refusals_into(None)


def listed_refusals() -> list | None:
    """The refusals listed so far within :func:`refusals_listed` (None outside it), for a caller that words the
    refusals it raises its own way to word those listed alike."""
    return _LISTED_REFUSALS.get()


def refuse(error: SchemaError) -> None:
    """Raise ``error``, a refusal of cells' values; within :func:`refusals_listed`, list it instead (once: a table
    checked again after loading says the same), the caller going on without those cells."""
    listed = _LISTED_REFUSALS.get()
    if listed is None:
        raise error
    if str(error) not in map(str, listed):
        listed.append(error)


def compared_keys(values: pd.Series, key: str) -> pd.Series:
    """The values of the key column ``key`` as they are compared to find one on two rows: a ``person`` however
    spelt (:func:`~pmo_forecast.core.keys.person_key`; a name of punctuation alone as written), any other key as
    written. The loaders' refusal (:func:`require_unique`) and the validation's ``duplicate_...`` check compare so.

    >>> compared_keys(pd.Series(["Ann Costa", "costa, ann", "?"]), "person").tolist()
    ['ann costa', 'ann costa', '?']
    """
    if key != PERSON:
        return values
    keys = values.map(person_key, na_action="ignore")
    return keys.where(keys != "", values)


def require_unique(df: pd.DataFrame, key: str, table: str, *, lines=None, file: str | None = None,
                   lines_text=None, also: str = "") -> None:
    """Raise :class:`~pmo_forecast.SchemaError` naming the values of ``key`` on more than one row of
    ``table``: a companion table (projects, people) is looked up by its key, and the loaders refuse
    such a table (a second row would double a person's capacity or pick one of two due dates).

    A ``person`` counts once however it is spelt (:func:`~pmo_forecast.core.keys.person_key`, as
    validation matches assignees and staffing scenarios match hires): ``Ann Costa`` and ``ann costa``
    are one person on two rows.
    The rows are named by their position; a loader passes each row's source ``lines`` instead (with
    ``lines_text``, which words them, the ``file`` the message starts with, and ``also``, what it adds), and its
    refusal is listed within :func:`refusals_listed` (:func:`refuse`), the rows kept, which the validation's
    ``duplicate_...`` check lists.
    """
    if key not in df.columns:
        return
    values = df[key]
    keys = compared_keys(values, key)
    dup = (keys.duplicated(keep=False) & values.notna()).to_numpy(dtype=bool)
    if not dup.any():
        return
    spellings = values[dup].groupby(keys[dup], sort=False).unique()  # one entry per name, its spellings
    names = [" / ".join(map(repr, dict.fromkeys(g))) for g in spellings]
    said = f"{id_list(names, 5)} {agree(len(names), 'appears', 'appear')}"
    how = (f": a {key} spelt in another case, spacing, word order or accents is the same {key}"
           if any(len(g) > 1 for g in spellings) else "")
    if lines is not None:
        rows = list(as_rows(lines)[dup])
        refuse(SchemaError(f"{file}: column '{key}' must be unique, but {said} more than once ({lines_text(rows)})"
                           f"{how}. Keep one row per {key} (merge or delete the others).{also}", file=file,
                           column=key, rows=rows))
        return
    rows = np.flatnonzero(dup).tolist()  # positions: a concatenated table repeats its index labels
    raise SchemaError(f"{table}: column '{key}' must be unique, but {said} on more than one row (rows "
                      f"{id_list(rows)}, counted from 0){how}. Keep "
                      f"one row per {key} (merge or delete the others), as pmo_forecast.load_{table} requires.",
                      column=key, rows=rows[:10])


def outside_share(value: np.ndarray, with_percent_sign=False) -> tuple[np.ndarray, str]:
    """Mask of shares of the week (``availability``) outside 0 to 1, and how to write one: 80 is a
    percentage written without its sign when every such value is above 1 and at most 100 (and none
    was written with one, ``with_percent_sign``: a mask of the values read from ``170%``)."""
    bad = (value < 0) | (value > 1)
    pct = bool(bad.any()) and bool(((value[bad] > 1) & (value[bad] <= 100) & ~np.broadcast_to(
        with_percent_sign, value.shape)[bad]).all())
    return bad, "a percentage? write 0.8 or 80%" if pct else "0.8 or 80% for four days in five"


def negative_or_raise(written: pd.Series, values: pd.Series, *, file: str, column: str, rows,
                      points: bool = False) -> None:
    """Raise :class:`~pmo_forecast.SchemaError` naming the cells of ``column`` (one of
    :data:`~pmo_forecast.core.schema.NOT_NEGATIVE_COLUMNS`) whose value is negative: the one rule, in the one
    wording (a duration's; a budget's and hours a week's, which are no durations), of the loaders (``file``: the
    file; ``rows``: each row's source line) and of the models given a table in memory (``file``: the table's name;
    ``rows``: its rows' names, :func:`~pmo_forecast.core.source_lines.frame_rows`). ``written``: the cells as
    written, shown; ``values``: them read as numbers (hours, or story points: ``points``). Read, a negative duration
    took time off the others' sums unsaid, or was dropped as not logged, and a negative estimate was forecast as if
    missing. Within :func:`refusals_listed` the refusal is listed, not raised, and the values let through (the
    validation's checks list each negative cell)."""
    bad = (values < 0).to_numpy(bool, na_value=False)
    if not bad.any():
        return
    n = int(bad.sum())
    shown = id_list(map(repr, dict.fromkeys(written[bad].astype("string").str.strip())), 3)
    one, many, why = _NEGATIVE_HOURS_OF.get(column, ("a negative duration", "negative durations", NO_NEGATIVE_HOURS))
    kind, why = ((agree(n, "a negative estimate", "negative estimates") + " in story points", NO_NEGATIVE_POINTS)
                 if points else (agree(n, one, many), why))
    bad_rows = as_rows(rows)[bad]  # a frame's lazy names kept
    error = SchemaError(f"{file}: column '{column}' has {kind}, {shown}, on {rows_text(bad_rows)}: {why}. Fix "
                        f"{agree(n, 'that cell', 'those cells')} (blank if not known) or map another column to "
                        f"'{column}'.", file=file, column=column, rows=bad_rows)
    refuse(error)


def require_not_negative(df: pd.DataFrame, table: str) -> None:
    """Raise :class:`~pmo_forecast.SchemaError` naming the rows of ``table`` (``"tasks"``, ``"people"``,
    ``"projects"``, ``"requests"``) given in memory whose estimate, actual, hands-on time, hours a week or budget
    (:data:`~pmo_forecast.core.schema.NOT_NEGATIVE_COLUMNS`) is negative, in the loaders' words
    (:func:`negative_or_raise`): a table built by hand reached the models unchecked, where a negative estimate was
    forecast as if missing and a negative actual counted as none or took hours off a quarter's sums."""
    schema = SCHEMAS[table]
    for column in NOT_NEGATIVE_COLUMNS:
        if column not in df.columns:
            continue
        values = pd.to_numeric(df[column], errors="coerce")
        if (values < 0).any():
            negative_or_raise(df[column], values, file=table, column=column,
                              rows=frame_rows(df, schema.key, schema.noun, schema.name,
                                              no_id=PLACEHOLDER_IDS.get(schema.key)),  # as the loaders name them
                              points=column == ESTIMATE and estimates_in_points(df))


def require_capacity(people: pd.DataFrame) -> None:
    """Raise :class:`~pmo_forecast.SchemaError` naming the people whose ``hours_per_week`` is negative (in the
    loader's words, :func:`require_not_negative`), or whose ``availability`` or ``availability_after`` is not a
    share of the week between 0 and 1 (80 reads as a percentage: say how to write it). A negative capacity was
    read as none. The refusals' ``rows`` name every such person as the negative week's do (:func:`frame_rows`), not by
    index label; the message names five and counts the others."""
    names = people[PERSON].astype(str).to_numpy(object) if PERSON in people else np.arange(len(people)).astype(str)
    schema = SCHEMAS["people"]
    rows = frame_rows(people, schema.key, schema.noun, schema.name, no_id=PLACEHOLDER_IDS.get(schema.key))
    for column in (HOURS_PER_WEEK, AVAILABILITY, AVAILABILITY_AFTER):
        if column not in people:
            continue
        value = pd.to_numeric(people[column], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        text = (people[column].notna() & np.isnan(value)).to_numpy(bool)
        if text.any():  # '50%' in a table built by hand: the forecasts stopped on float()'s own error
            who = id_list((f"{n} ({v!r})" for n, v in zip(names[text], people[column][text], strict=True)), 5)
            raise SchemaError(f"people: {column} must be a number; {counted(int(text.sum()), 'person', 'people')} "
                              f"{agree(int(text.sum()), 'has', 'have')} text: {who} "
                              f"(write {'37.5' if column == HOURS_PER_WEEK else '0.5 for half the week'}, or load "
                              "the table with pmo_forecast.load_people, which reads '50%' and '37,5')",
                              column=column, rows=list(rows[text]))
        if column == HOURS_PER_WEEK:  # refused as the loader refuses it
            require_not_negative(people, "people")
            continue
        bad, fix = outside_share(value)
        if not bad.any():
            continue
        who = id_list((f"{n} ({v:g})" for n, v in zip(names[bad], value[bad], strict=True)), 5)
        pct = f" ({fix})" if fix.startswith("a percentage") else ""
        raise SchemaError(f"people: {column} is a share of the week between 0 and 1; "
                          f"{counted(int(bad.sum()), 'person', 'people')} {agree(int(bad.sum()), 'has', 'have')} "
                          f"another value: {who}{pct}", column=column, rows=list(rows[bad]))


def require_columns(df: pd.DataFrame, columns, table: str) -> None:
    """Raise :class:`~pmo_forecast.SchemaError` naming the first canonical column ``df`` lacks, a date column of
    the table's schema that holds text (:func:`require_dates`), or a negative estimate, actual, hands-on time, hours
    a week or budget (:func:`require_not_negative`)."""
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise SchemaError(
            f"{table} table lacks {agree(len(missing), 'column', 'columns')} {id_list(map(repr, missing))}; load it with pmo_forecast.load_{table}() "
            f"or rename your columns to the canonical names in pmo_forecast.core.schema.",
            column=missing[0],
        )
    require_dates(df, table)
    if table in SCHEMAS:
        require_not_negative(df, table)


def _id_text(value) -> str:
    """An id as written: 7.0 (a column of ids with a blank, read as floats) as 7, spaces around it dropped."""
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return str(int(value))
    return str(value).strip()


def _shown(value) -> str:
    """An id in a message: text quoted, a number as written (numpy's repr says np.int64(1))."""
    return repr(value) if isinstance(value, str) else str(value)


def require_matching_ids(df: pd.DataFrame, other: pd.DataFrame | None, key: str, table: str,
                         other_table: str) -> None:
    """Raise :class:`~pmo_forecast.SchemaError` when ids of ``df[key]`` are in ``other[key]`` only
    written another way (1 beside '1', 7.0 beside '7', 'P2 ' beside 'P2').

    pandas matches none of them, so every figure looked up by id (a project's budget, due date,
    status or group) came out blank, with nothing said. Tables built by the loaders agree.
    """
    if other is None or key not in df.columns or key not in other.columns:
        return
    theirs = set(pd.unique(other[key].dropna()))
    missed = [v for v in pd.unique(df[key].dropna()) if v not in theirs]
    if not missed:
        return
    written = {_id_text(v): v for v in theirs}
    pairs = [(v, written[_id_text(v)]) for v in missed if _id_text(v) in written]
    if pairs:
        shown = id_list((f"{_shown(v)} beside {_shown(w)}" for v, w in pairs), 3)
        raise SchemaError(
            f"{table} table, column {key}: {counted(len(pairs), 'id')} {agree(len(pairs), 'matches', 'match')} the {other_table} table's only when written "
            f"alike ({shown}), so nothing would be looked up for them; write "
            f"both columns the same way (text in both, e.g. df['{key}'] = df['{key}'].astype(str).str.strip()), "
            f"or load the files with pmo_forecast.load_{table}() and load_{other_table}()",
            column=key)


#: The row each table holds, as a message counts them.
ROW_NOUNS = {"tasks": "task", "projects": "project", "people": "person", "requests": "request"}


def require_table(df, table: str, *, load_first: str = "{load}", one_row_hint: bool = False) -> None:
    """Raise :class:`~pmo_forecast.SchemaError` unless ``df`` is a pandas DataFrame, for the ``table`` it stands for.

    What else was given failed in pandas ("'str' object has no attribute 'columns'"): a file's name is told to be
    loaded first, ``load_first`` the call that does so with ``{load}`` for the loader's call (the validators wrap it
    in theirs); anything else is named by its type, with ``one_row_hint`` how one row of a table is taken (a model
    given ``tasks.iloc[0]``, a Series).

    Parameters
    ----------
    df : object
        What was given for the table.
    table : str
        The table's name: ``"tasks"``, ``"projects"``, ``"people"`` or ``"requests"``.
    load_first : str, default "{load}"
        The call a file's name is told to be given to, ``{load}`` standing for ``pmo_forecast.load_<table>('name')``.
    one_row_hint : bool, default False
        Say how one row of a table is taken, as a table.
    """
    if isinstance(df, pd.DataFrame):
        return
    load = f"pmo_forecast.load_{table}"
    if isinstance(df, str | os.PathLike):
        raise SchemaError(f"{table} must be a pandas DataFrame, got the file name {in_words(str(df))}; load it first: "
                          + load_first.format(load=f"{load}({str(df)!r})"))
    noun = ROW_NOUNS[table]
    hint = f" (one {noun} of a table: {table}.iloc[[i]])." if one_row_hint else ""
    raise SchemaError(f"{table} must be a pandas DataFrame, one row per {noun}, got {type(df).__name__}; read a "
                      f"file with {load}{hint}")


def require_unique_columns(df: pd.DataFrame, table: str) -> None:
    """Raise :class:`~pmo_forecast.SchemaError` when a column name of ``df`` is given twice.

    A column twice (a merge without suffixes) is two columns under one name: a forecast read both as one
    task's group and gave other tasks' effects (7 hours off at P50); a fit or a check failed in pandas.
    """
    if df.columns.duplicated().any():
        dup = sorted(set(map(str, df.columns[df.columns.duplicated()])))
        raise SchemaError(f"{table}: {agree(len(dup), 'column', 'columns')} {id_list(map(repr, dup))} "
                          f"{agree(len(dup), 'appears', 'appear')} more than once; keep "
                          f"{agree(len(dup), 'one', 'one of each')} (a merge without suffixes repeats a column).",
                          column=dup[0])


def zoned_dates_or_raise(values: pd.Series, *, where: str, column: str, header: str | None = None) -> None:
    """Raise :class:`~pmo_forecast.SchemaError` when ``values`` are time-zone aware datetimes (a table given in memory:
    the loaders, :func:`require_dates` and the pool's fit alike), naming ``column`` and saying how to convert it.
    ``where``: the table or file the message starts with; ``header``: the column's name in the user's frame, where
    a loader read it under another (the fix names it). The zone may be UTC (a database's, an API's): dropped, it
    would shift every time by the offset unsaid; compared with wall-clock times, pandas raised a ``TypeError``."""
    if not isinstance(values.dtype, pd.DatetimeTZDtype):
        return
    name = column if header is None else header
    raise SchemaError(f"{where}: column {column!r} holds time-zone aware dates ({values.dtype}); the package works "
                      "in local wall-clock time: convert the column to your local time first, "
                      f"df[{name!r}] = df[{name!r}].dt.tz_convert('Europe/Berlin').dt.tz_localize(None) "
                      f"with your own zone (dropping the zone alone keeps the times in {values.dt.tz})",
                      column=column)


def require_dates(df: pd.DataFrame, table: str) -> None:
    """Raise :class:`~pmo_forecast.SchemaError` when a date column of ``table``'s schema, its ``optional``
    ones too (a task's ``planned_start``), holds text (``pandas.read_csv`` without ``parse_dates``) or time-zone
    aware dates: compared with dates, they raised a raw ``TypeError``, text sorted as text, or was read later by
    pandas' own guess of its day/month order. A column named twice is refused first
    (:func:`require_unique_columns`): it read as a table, not a column."""
    require_unique_columns(df, table)
    schema = SCHEMAS.get(table)
    for c in (*schema.columns, *schema.optional) if schema is not None else ():
        if c.kind != "datetime" or c.name not in df.columns:
            continue
        values = df[c.name]
        zoned_dates_or_raise(values, where=table, column=c.name)
        if not pd.api.types.is_datetime64_any_dtype(values) and values.notna().any():
            pos = int(np.flatnonzero(values.notna().to_numpy(bool))[0])  # by position: an index may repeat
            where, row = where_in_table(df, pos, key=schema.key)
            raise SchemaError(f"{table}: column {c.name!r} holds {values.dtype} values such as {values.iloc[pos]!r} "
                              f"({where}), not dates; load the table with pmo_forecast.load_{table}, which reads "
                              "date formats, or convert the column with pandas.to_datetime.",
                              column=c.name, rows=[row])


def whole_count(value) -> int | None:
    """``value`` as a count, a whole number of at least 1 (numpy's too), or None: text and flags are no
    count, and ``int()`` would cut 2.5 to 2. The callers raise, naming the parameter."""
    if isinstance(value, str | bytes | bool | np.bool_):
        return None
    try:
        x = float(value)
    except (TypeError, ValueError):
        return None
    return int(x) if x >= 1 and x.is_integer() else None


def quantile_levels(quantiles) -> tuple[float, ...]:
    """The quantile levels a forecast reports, checked before any work.

    Raises ``ValueError`` naming a level that is not strictly between 0 and 1 (``np.quantile``
    refused it only when the result was shown) or two levels that share a column
    (:func:`quantile_column`).
    """
    levels = tuple(float(q) for q in np.atleast_1d(np.asarray(quantiles, dtype=float)))
    if not levels:
        raise ValueError("quantiles: give at least one level, e.g. (0.5, 0.8, 0.9)")
    bad = [q for q in levels if not 0 < q < 1]
    if bad:
        raise ValueError(f"quantiles are levels strictly between 0 and 1 (0.8 for P80); got {in_words(bad[0])} "
                         f"among {in_words(levels)}")
    columns = [quantile_column(q) for q in levels]
    again = next((c for c in columns if columns.count(c) > 1), None)
    if again is not None:
        same = [q for q, c in zip(levels, columns, strict=True) if c == again]
        raise ValueError(f"quantiles {in_words(same)} share the column {again!r}; give each level once")
    return levels
