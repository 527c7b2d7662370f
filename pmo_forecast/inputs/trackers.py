"""The Jira and ClickUp readers: their CSV exports mapped onto the canonical task table.

Each reader takes the raw table read by :func:`pmo_forecast.inputs.sources.read_source` and returns a frame with
canonical column names (types are coerced afterwards by :func:`pmo_forecast.inputs.coerce.coerce`);
:data:`READERS` names them by format. Source columns that are not mapped are kept after the
canonical ones.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.calendar import HOURS_PER_DAY
from ..core.exceptions import DataQualityWarning, warn
from ..core.keys import status_key
from ..core.labels import agree, counted, id_list
from ..core.results import format_number
from ..core.source_lines import IN_MEMORY, rows_text, source_rows
from .cells import SCIENTIFIC_NUMBER, factorize_column, per_row, to_text
from .column_names import not_percent_complete, say_not_read
from .date_layouts import EPOCH_SMALL, EPOCH_ZERO, not_dates
from .decimal_marks import GROUP_MARKS, POINT, files_mark, number_styles
from .delimited import decimal_assumed, decimal_prior
from .formats import CLICKUP, JIRA, TRACKER_FORMATS
from .headers import (
    JIRA_COLUMNS,
    JIRA_CUSTOM_FIELD,
    JIRA_ENGLISH,
    JIRA_LOCALISED,
    english_header,
    gitlab_times,
)
from .numbers import hours_or_raise
from .parsing import first_by_name, header_name
from .progress import closed_rows
from .status_map import apply_status_map, mark_resolutions, tracker_status
from .statuses import STATUS_ALIASES


def _lookup(columns, *names) -> str | None:
    """The first column whose name matches one of ``names`` (:func:`~.parsing.header_name`: case,
    spaces and the Unicode form of accents ignored)."""
    lower = first_by_name(columns)
    for n in names:
        if n in lower:
            return lower[n]
    return None


def _mangled_groups(columns) -> dict:
    """Repeated headers as pandas renames them (``Labels``, ``Labels.1``, ...) in a DataFrame."""
    groups: dict[str, list[str]] = {}
    names = set(columns)
    for c in columns:
        m = re.fullmatch(r"(.+)\.(\d+)", str(c))
        if m and m.group(1) in names:
            groups.setdefault(m.group(1), [m.group(1)]).append(c)
    return groups


def _join_repeated(df: pd.DataFrame, groups: dict) -> pd.DataFrame:
    """Repeated headers (Jira's Labels, Watchers, Sprint, Log Work) joined into one ``; `` list."""
    for base, cols in (groups or _mangled_groups(df.columns)).items():
        cols = [c for c in cols if c in df.columns]
        if len(cols) < 2:
            continue
        joined = to_text(df[cols[0]])
        for c in cols[1:]:
            nxt = to_text(df[c])
            has = nxt.notna().to_numpy()
            if has.any():  # the repeats are mostly empty: join only the rows that have one
                both = joined[has].str.cat(nxt[has], sep="; ").fillna(nxt[has])
                joined = joined.astype(both.dtype) if joined.dtype != both.dtype else joined.copy()
                joined[has] = both
        df = df.drop(columns=cols[1:])
        df[base] = joined
    return df


#: A whole number written in groups of three digits: 57.600, 57,600, 1 234 567 (a thousands separator; the
#: spaces and apostrophe of :data:`~pmo_forecast.inputs.decimal_marks.GROUP_MARKS`).
_GROUPED = re.compile(r"^\d{1,3}(?:([.," + GROUP_MARKS + r"])\d{3})(?:\1\d{3})*$")


def _hours(df: pd.DataFrame, columns: dict, detected: dict) -> None:
    """Read ``columns`` (canonical name -> the format's units per hour and unit name) as hours, in place.

    Their decimal mark is decided as :func:`~pmo_forecast.inputs.coerce.coerce` decides a generic table's, from
    their values and the file's (:func:`~pmo_forecast.inputs.parsing.number_styles`, with the separator's
    mark as ``prior``): ``1.250`` in a semicolon-separated export with decimal commas is 1250, never 1.25
    because its own column has no comma."""
    given = detected.get("units_given", {})  # the mapping's unit (or its header's) wins over the format's
    units = {col: given.get(col, unit) for col, unit in columns.items() if col in df}
    for col, (_, unit_name) in units.items():
        _whole_seconds(df, col, detected, unit_name)
    two_way: dict = {}
    own_marks: dict = {}
    own_read: dict = {}
    prior = decimal_prior(detected)
    styles = number_styles({col: df[col] for col in units}, file=detected.get("file", IN_MEMORY),
                           lines=source_rows(df), prior=prior, detected=detected, two_way=two_way,
                           own_marks=own_marks, assumed=decimal_assumed(detected, plain=True), refused=(mixed := {}),
                           own_read=own_read)
    for col, rows in mixed.items():  # listed (refusals_listed): which mark is meant cannot be told, read as blank
        df[col] = df[col].mask(rows)
    assumed_mark = None if own_marks else decimal_assumed(detected)  # '1.500 Std' then said as ambiguous
    for col, (units_per_hour, unit_name) in units.items():
        _read_hours(df, col, detected, units_per_hour, unit_name, decimal=styles.get(col, files_mark(styles, prior)),
                    two_way=two_way.get(col), assumed_mark=own_read.get(col, assumed_mark), prior=prior,
                    mark_doubted=col in own_read)
        mapped = detected.get("units_mapped", {}).get(col) if col not in given else None
        if mapped is not None:  # the user's own column in the tracker's unit: said, never silently
            detected["units"][col] += (f" (the export's unit, applied to the mapped column '{mapped}': give its "
                                       "unit in the mapping, estimate: unit: or actual: unit:, if it is another)")


def _whole_seconds(df: pd.DataFrame, col: str, detected: dict, unit_name: str) -> None:
    """Time fields in seconds are whole numbers: "57.600" in a German export saved with a thousands
    separator is 57,600 s (16 h), not 57.6 s; such values lose their separators, said."""
    s = df[col]
    if unit_name != "seconds" or pd.api.types.is_numeric_dtype(s):
        return
    codes, uniques = factorize_column(s)
    txt = pd.Series(uniques, dtype="string").str.strip()
    grouped = txt.str.fullmatch(_GROUPED).fillna(False).to_numpy(bool)
    if grouped.any():
        seps = sorted(set(txt[grouped].str.extract(_GROUPED)[0]))
        ungrouped = txt.where(grouped).str.replace(r"\D", "", regex=True).to_numpy(object, na_value=None)
        grouped_rows = per_row(grouped, codes, False)
        df[col] = s.where(~grouped_rows, pd.Series(per_row(ungrouped, codes, None), index=s.index))
        detected.setdefault("thousands", {})[col] = (
            f"{counted(int(grouped_rows.sum()), 'value')} in whole seconds written with a thousands separator "
            f"({', '.join(map(repr, seps))}), read as whole numbers")


def _read_hours(df: pd.DataFrame, col: str, detected: dict, units_per_hour: float, unit_name: str, *,
                decimal: str, two_way: str | None, assumed_mark: str | None = None,
                prior: str | None = None, mark_doubted: bool = False) -> None:
    s = df[col]
    if decimal == POINT and two_way is None:  # the usual case, plain numbers: one pass over the distinct values
        codes, uniques = factorize_column(s)
        num = pd.to_numeric(pd.Series(uniques, dtype=object), errors="coerce").astype("float64")
        # a negative number is left to hours_or_raise, which refuses it here: once unfinished_actuals has moved the
        # time logged on open work to source_actual_hours, the loader's own check no longer sees it
        if num.notna().all() and np.isfinite(num.to_numpy(float)).all() and (num >= 0).all():
            df[col] = pd.Series(np.append(num.to_numpy(float), np.nan)[codes], index=s.index) / units_per_hour
            detected.setdefault("units", {})[col] = unit_name
            return
    df[col] = hours_or_raise(s, file=detected.get("file", IN_MEMORY), column=col,
                             lines=source_rows(df), units_per_hour=units_per_hour, detected=detected,
                             hours_per_day=detected.get("hours_per_day", HOURS_PER_DAY), decimal=decimal,
                             two_way=two_way, what="story points" if unit_name == "points" else None, unit=unit_name,
                             assumed_mark=assumed_mark, prior=prior, mark_doubted=mark_doubted)


def _rename_found(raw: pd.DataFrame, mapping: dict, detected: dict) -> dict:
    """Header -> canonical name for the first header of each that ``mapping`` lists, kept in
    ``detected["_headers"]`` for messages about a column's values."""
    ren = {}
    for canon, names in mapping.items():
        if canon in raw.columns:
            continue  # the user's column_map already supplied it
        src = _lookup(raw.columns, *names)
        if src is not None and src not in ren:
            ren[src] = canon
    detected.setdefault("_headers", {}).update({v: str(k) for k, v in ren.items()})
    return ren


# --- Jira "export CSV (all fields)" -----------------------------------------
#: The resolution column (Won't Do, Duplicate: cancelled), in the same languages.
JIRA_RESOLUTION = ("resolution", *JIRA_LOCALISED["resolution"])


def unfinished_actuals(df: pd.DataFrame, *, finished: bool = True) -> None:
    """Keep actual hours and finish dates on closed tasks only, in place (the tracker and plan readers).

    Actual hours only count once a task is closed; effort so far moves to ``source_actual_hours``. A status
    a status map leaves blank is closed where the row's dates say done (:func:`~.progress.closed_rows`), as the
    loader then reads it: its finish date and hours were dropped, and a Resolved issue read as open work.

    Parameters
    ----------
    df : pandas.DataFrame
        A reader's task table with canonical column names and its ``status``; its ``actual_hours``
        (copied to ``source_actual_hours`` first) and ``finished`` are blanked on the tasks not closed.
    finished : bool
        Whether ``finished`` is blanked too; not for a Jira table loaded again whose mapping reads an actual
        column its first load left unread (:func:`~pmo_forecast.inputs.io.load_tasks`): its dates are that
        load's, only the hours are read anew.
    """
    closed = closed_rows(df)
    if S.ACTUAL in df:
        df[S.SOURCE_ACTUAL] = df[S.ACTUAL]
        df[S.ACTUAL] = df[S.ACTUAL].where(closed)
    if finished and S.FINISHED in df:
        df[S.FINISHED] = df[S.FINISHED].where(closed)


#: Jira resolutions that mean the work was not done (``schema.CANCELLED_RESOLUTIONS``), besides the cancelled
#: statuses' own words (``schema.STATUS_WORDS``: Won't Do, Duplicate, Rejected, ...), compared by status_key.
JIRA_CANCELLED = {status_key(r) for r in S.CANCELLED_RESOLUTIONS}
#: Jira's issue types of an epic and a sub-task (:data:`~pmo_forecast.core.schema.JIRA_EPIC_TYPES`), here too.
JIRA_EPIC_TYPES, JIRA_SUBTASK_TYPES = S.JIRA_EPIC_TYPES, S.JIRA_SUBTASK_TYPES


def _cancelled_resolution(value) -> bool:
    key = status_key(value)
    return key in JIRA_CANCELLED or STATUS_ALIASES.get(key) == S.CANCELLED


def cancelled_resolutions(df: pd.DataFrame) -> pd.Series | None:
    """Whether each row's ``Resolution`` (:data:`JIRA_RESOLUTION`, any of its languages) closes it without
    its work (Won't Do, Duplicate: :data:`JIRA_CANCELLED`); a blank one does not. None without the column."""
    resolution = _lookup(df.columns, *JIRA_RESOLUTION)
    if resolution is None:
        return None
    codes, uniques = factorize_column(df[resolution])  # a handful of resolutions: look each up once
    hit = np.array([isinstance(u, str) and _cancelled_resolution(u) for u in uniques], dtype=bool)
    return pd.Series(per_row(hit, codes, False), index=df.index)


def cancel_closed(df: pd.DataFrame, cancelled: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Closed tasks (done or cancelled) whose resolution says the work was not done become cancelled: a
    Won't Do issue is closed, not delivered. Returns the masks of the tasks it changed and of the open ones with
    such a resolution, kept open by their status (Jira keeps a reopened issue's resolution)."""
    closes = cancelled.to_numpy(dtype=bool)
    changed = (df[S.STATUS] == S.DONE).to_numpy(dtype=bool, na_value=False) & closes
    kept = df[S.STATUS].isin(S.UNFINISHED_STATUSES).to_numpy(dtype=bool, na_value=False) & closes
    df[S.STATUS] = df[S.STATUS].mask(changed, S.CANCELLED)
    return changed, kept


def _localised_headers(columns, detected: dict) -> None:
    """Say in ``detected["localised_headers"]`` which of a localised export's headers are read as which
    English ones (the reader's and the mapping's lookups alike); custom fields once, by their prefix."""
    said = {}
    for c in columns:
        en = english_header(c)
        if en == header_name(c):
            continue
        field = re.fullmatch(r"(.+?)\s*\(.+\)", str(c).strip())
        if en.startswith(f"{JIRA_CUSTOM_FIELD[0]} (") and field:
            said.setdefault(f"{field.group(1)} (...)", f"{JIRA_CUSTOM_FIELD[0]} (...)".capitalize())
        else:
            said.setdefault(str(c).strip(), en.capitalize())
    if said:
        detected["localised_headers"] = ", ".join(f"'{k}' as '{v}'" for k, v in said.items())


def read_jira(raw: pd.DataFrame, detected: dict) -> pd.DataFrame:
    """Map a Jira "export CSV (all fields)" table onto the canonical task table.

    ``Issue key`` -> task_id, ``Project key`` -> project_id (else ``Project name`` or ``Project``,
    else the key's prefix),
    ``Issue Type``, ``Assignee``, ``Created``, ``Resolved`` -> finished,
    ``Original Estimate`` -> estimate and ``Time Spent`` -> actual (seconds, or text
    such as ``3h 30m``/``2d`` with 8-hour days), matched ignoring header case; the
    ``Σ`` roll-ups are kept as extra columns, never used. Status comes from
    ``Status``, then ``Status Category``, then the dates; a ``Resolution`` such as
    Won't Do or Duplicate means cancelled. Repeated headers are joined with ``; ``.
    The German, French and Spanish headers of :data:`JIRA_COLUMNS` (``Vorgangsschlüssel``,
    ``Benötigte Zeit``, ``Clé de ticket``, ...) are read as their English originals in an
    export keyed in that language (said in ``detected["localised_headers"]``); one keyed by
    ``Issue key`` reads :data:`JIRA_ENGLISH` only.
    """
    df = _join_repeated(raw, detected.get("repeated_headers", {}))
    cancelled = cancelled_resolutions(df)
    category = _lookup(df.columns, *S.STATUS_CATEGORY_HEADERS)
    english = _lookup(df.columns, *JIRA_ENGLISH[S.TASK_ID]) is not None
    if not english:
        _localised_headers(df.columns, detected)
    df = df.rename(columns=_rename_found(df, JIRA_ENGLISH if english else JIRA_COLUMNS, detected))
    named = _lookup(df.columns, "project name", "project")  # a sheet's own project column, before the key's prefix
    if S.PROJECT_ID not in df and named is not None:
        df[S.PROJECT_ID] = df[named]
        detected["project_id"] = f"'{named}' (no Project key)"
    elif S.PROJECT_ID not in df and S.TASK_ID in df:
        df[S.PROJECT_ID] = df[S.TASK_ID].astype("string").str.rsplit("-", n=1).str[0]
        detected["project_id"] = "prefix of the issue key"
    _rollups_only(df, JIRA_ENGLISH if english else JIRA_COLUMNS, detected)
    not_percent_complete(df, S.JIRA_TIME_PROGRESS, "Jira's time logged against the estimate, not work complete",
                         detected)
    _hours(df, {S.ESTIMATE: (3600, "seconds"), S.ACTUAL: (3600, "seconds")}, detected)
    df[S.STATUS] = tracker_status(df, df.get(S.SOURCE_STATUS), df[category] if category else None, cancelled, detected)
    if detected.get("status_map"):
        df = apply_status_map(df, detected["status_map"], file=detected.get("file", IN_MEMORY),
                              detected=detected, category=df[category] if category else None)
        if cancelled is not None:  # a Won't Do resolution on a closed issue still means cancelled
            changed, kept = cancel_closed(df, cancelled)
            mark_resolutions(df, changed, detected, kept)
    _finished_from_category_change(df, detected)
    unfinished_actuals(df)
    _remaining_not_read(df, detected)
    return df


def _remaining_not_read(df: pd.DataFrame, detected: dict) -> None:
    """Say Jira's ``Remaining Estimate`` (German ``Verbleibende Schätzung``, French ``Estimation restante`` or ``Temps restant``, Spanish
    ``Estimación restante``: :data:`~.headers.JIRA_LOCALISED`) as not read (:func:`~.column_names.say_not_read`)
    where it is the only hours an open issue holds: one without an estimate is forecast at its project's median
    estimate, and its Remaining Estimate, unsaid, looked read. Beside an estimate it is that estimate less the time
    logged, which the forecast counts its own way, so it is not said there. The estimate is named as read: Jira's
    Original Estimate (as the export heads it), or the column a mapping reads instead."""
    remaining = _lookup(df.columns, "remaining estimate", *JIRA_LOCALISED["remaining estimate"])
    if remaining is None:
        return
    header = detected.get("_headers", {}).get(S.ESTIMATE)
    if header is None or english_header(header) == "original estimate":
        shown = "" if header is None or header_name(header) == "original estimate" else f" ('{header}')"
        estimate, give = f"an Original Estimate{shown}", "an Original Estimate in Jira"
    else:  # a mapping's own estimate column
        estimate, give = f"an estimate in '{header}'", f"an estimate in '{header}'"
    no_estimate = df[S.ESTIMATE].isna() if S.ESTIMATE in df else pd.Series(True, index=df.index)
    held = (df[S.STATUS].isin(S.UNFINISHED_STATUSES) & no_estimate & to_text(df[remaining]).notna()).to_numpy(bool)
    n = int(held.sum())
    if n:
        ids = f" ({id_list(df.loc[held, S.TASK_ID], 5)})" if S.TASK_ID in df else ""  # no key: refused later
        say_not_read(detected, detected.get("file", IN_MEMORY),
                     f"'{remaining}' not read: {counted(n, 'open issue')} without {estimate} "
                     f"{agree(n, 'holds', 'hold')} one{ids}, and {agree(n, 'is', 'are')} forecast at "
                     f"{agree(n, 'its', 'their')} project's median estimate instead; give {agree(n, 'it', 'them')} "
                     f"{give}, then export again")


def _rollups_only(df: pd.DataFrame, names: dict, detected: dict) -> None:
    """Jira's roll-up columns (``Σ Original Estimate``, ``Σ Time Spent``) of an export without the plain
    ones: named in ``detected["rollup_columns"]`` (and ``detected["_rollups"]``, canonical name -> header,
    for ``init``), never read. Whether the export holds sub-tasks says whether they are each issue's own
    hours; without this, a missing estimate was said as no hours column at all."""
    from .project_links import sub_task_or_typed_rows

    sums = {canon: c for canon in (S.ESTIMATE, S.ACTUAL)
            if canon not in df and (c := _lookup(df.columns, *(f"{S.ROLLUP_MARK.lower()} {n}" for n in names[canon])))}
    if not sums:
        return
    n = int(sub_task_or_typed_rows(df).sum())
    own = " and ".join(repr(h.strip()[len(S.ROLLUP_MARK):].strip()) for h in sums.values())
    named = " and ".join(f"'{h}'" for h in sums.values())
    kinds = " and ".join({S.ESTIMATE: "estimate", S.ACTUAL: "time spent"}[canon] for canon in sums)
    why = (f"the export holds {counted(n, 'sub-task')}, whose hours {agree(len(sums), 'it adds', 'they add')} to "
           f"{agree(n, 'its parent', 'their parents')}: export {own} from Jira too, each issue's own hours"
           if n else
           f"the export holds no sub-tasks, so {agree(len(sums), 'it holds', 'they hold')} each issue's own hours: "
           f"map {agree(len(sums), 'it', 'them')} to read {agree(len(sums), 'it', 'them')} "
           "(pmo-forecast init proposes it), or export "
           f"{own} from Jira")
    detected["rollup_columns"] = (f"{named} {agree(len(sums), 'is', 'are')} the export's only {kinds} "
                                  f"{agree(len(sums), 'column', 'columns')}, not read: Jira's Σ columns "
                                  f"add sub-tasks' hours to their parent's; {why}")
    detected["_rollups"] = (sums, n)


def _finished_from_category_change(df: pd.DataFrame, detected: dict) -> None:
    """A done issue without ``Resolved`` (a workflow that sets no resolution) finished when its status
    moved to the Done category: ``Status Category Changed``, said in ``detected["finished_from"]``.

    Without it the issue had no finish date: left out of every time-ordered fit and of throughput.
    """
    changed = _lookup(df.columns, "status category changed")
    if changed is None:
        return
    finished = to_text(df[S.FINISHED]) if S.FINISHED in df else pd.Series(pd.NA, index=df.index, dtype="string")
    gap = (df[S.STATUS] == S.DONE).to_numpy(bool) & finished.isna().to_numpy() & to_text(df[changed]).notna().to_numpy()
    if not gap.any():
        return
    df[S.FINISHED] = finished.where(~gap, to_text(df[changed]))
    detected["finished_from"] = (f"'{changed}' for {counted(int(gap.sum()), 'done issue')} without a Resolved "
                                 "date (when "
                                 f"{agree(int(gap.sum()), 'its', 'their')} status moved to Done)")


# --- ClickUp CSV export -----------------------------------------------------
CLICKUP_COLUMNS = {
    S.TASK_ID: ("task id",), S.PROJECT_ID: ("list name", "folder name", "space name"),
    S.TASK_TYPE: ("task type",), S.CREATED: ("date created",), S.STARTED: ("start date",),
    # "Time Estimate" in some exports: read only without "Time Estimated" (milliseconds as well)
    S.ESTIMATE: ("time estimated", "time estimate"), S.ACTUAL: ("time spent", "time tracked", "time logged"),
    S.SOURCE_STATUS: ("status",),
    "assignees": ("assignees",),
}


#: Units a span of milliseconds is said in, the largest first, each with its length in milliseconds.
_SPAN_UNITS = (("h", 3_600_000), ("min", 60_000), ("s", 1_000), ("ms", 1))


def _ms_in_words(ms: float) -> str:
    """A span of milliseconds in the largest unit it fills one of: "13.9 h", "8.33 min", "5 s", "50 ms"
    (not "1.39e-05 h" for 50 ms)."""
    unit, size = next((u, n) for u, n in _SPAN_UNITS if ms >= n or n == 1)
    return f"{format_number(ms / size)} {unit}"


def _epoch_or_text(df: pd.DataFrame, col: str, detected: dict) -> pd.Series:
    """ClickUp dates are epoch milliseconds; keep text dates as text for the date parser.

    Epoch times in scientific notation (a CSV re-saved by Excel: ``1.69694E+12``) kept only the
    digits shown: read, with a :class:`DataQualityWarning` naming the column, lines and the
    rounding (``detected["epoch_precision"]``).
    """
    txt = to_text(df[col])
    num = pd.to_numeric(txt, errors="coerce")
    num = num.where(num.astype("float64").abs() < 9e15)  # inf, or past any date: left to the date parser
    if not (txt.notna().any() and num.notna().sum() == txt.notna().sum()):
        return txt
    sci = txt.str.extract(SCIENTIFIC_NUMBER)
    # a blank written as 0, or another unit (seconds, an Excel serial day): no moment in 1970 (as the loader)
    if (small := (num.astype("float64").abs() < 1e11).to_numpy()).any():
        zero = bool((num[small] == 0).any())
        raise not_dates(txt[small], file=detected.get("file", IN_MEMORY),
                        column=detected.get("_headers", {}).get(col, col), lines=source_rows(df)[small],
                        hint=EPOCH_ZERO if zero else EPOCH_SMALL)
    rounded = sci[1].notna().to_numpy()
    if rounded.any():  # to the nearest 10^(exponent - digits) ms; half that at most off
        step = 10.0 ** (sci[1][rounded].astype(int) - sci[0][rounded].fillna("").str.len()).max()
        note = (f"{counted(int(rounded.sum()), 'epoch time')} in scientific notation ({txt[rounded].iloc[0]}: "
                "a CSV re-saved "
                f"by Excel) kept only the digits shown: up to {_ms_in_words(step / 2)} off "
                f"({rows_text(source_rows(df)[rounded])})")
        header = detected.get("_headers", {}).get(col, col)  # the export's own name
        detected.setdefault("epoch_precision", {})[header] = note
        warn(f"{detected.get('file', IN_MEMORY)}: column '{header}': {note}. Export the CSV from ClickUp "
             "again and load it without opening it in Excel.", DataQualityWarning)
    return pd.to_datetime(num.astype("float64"), unit="ms", errors="coerce")


#: ClickUp's levels above a task, from the lowest, by the header naming each: the reader takes the lowest
#: the export has as the project.
CLICKUP_LEVELS = {"list name": "List", "folder name": "Folder", "space name": "Space"}


def _clickup_level(columns, renamed: dict, detected: dict) -> None:
    """Say in ``detected["project_id"]`` which of ClickUp's levels (List, Folder, Space) the reader took as
    each task's project, and the levels above it that the export also has."""
    src = next((c for c, canon in renamed.items() if canon == S.PROJECT_ID), None)
    if src is None:  # the user's mapping named the project
        return
    level = CLICKUP_LEVELS[header_name(src)]
    above = [str(c) for n in CLICKUP_LEVELS if (c := _lookup(columns, n)) is not None and c != src]
    others = (f"; {' and '.join(map(repr, above))}, the {agree(len(above), 'level', 'levels')} above, "
              f"{agree(len(above), 'is', 'are')} not (map one as the project to use it)" if above else "")
    detected["project_id"] = f"'{src}': each task's ClickUp {level} is its project{others}"


def read_clickup(raw: pd.DataFrame, detected: dict) -> pd.DataFrame:
    """Map a ClickUp CSV export onto the canonical task table.

    ``Task ID``, ``List Name`` -> project_id, ``Date Created``, ``Start Date``,
    ``Date Done`` (else ``Date Closed``) -> finished, all in epoch milliseconds;
    ``Time Estimated`` (else ``Time Estimate``)/``Time Spent`` in milliseconds (or the ``... Text`` columns).
    ``Assignees`` such as ``[Ann Lee, Bo Ng]``: the first person is the assignee,
    the full list stays in ``assignees``.
    """
    ren = _rename_found(raw, CLICKUP_COLUMNS, detected)
    df = raw.rename(columns=ren)
    _clickup_level(raw.columns, ren, detected)
    if S.FINISHED not in df:
        done, closed = _lookup(df.columns, "date done"), _lookup(df.columns, "date closed")
        parts = [_epoch_or_text(df, c, detected) for c in (done, closed) if c is not None]
        if parts:
            df[S.FINISHED] = parts[0] if len(parts) == 1 else parts[0].fillna(parts[1])
    for col in S.FACT_DATES:
        if col in df and not pd.api.types.is_datetime64_any_dtype(df[col]):
            df[col] = _epoch_or_text(df, col, detected)
    # epoch milliseconds became datetimes above; text dates are left to the date parser, which says so
    epoch = any(pd.api.types.is_datetime64_any_dtype(df[c]) for c in S.FACT_DATES if c in df)
    for col, text_names in ((S.ESTIMATE, ("time estimated text", "time estimate text")),
                            (S.ACTUAL, ("time spent text", "time tracked text", "time logged text"))):
        text_col = _lookup(df.columns, *text_names)
        if col not in df and text_col is not None:
            df[col] = df[text_col]
    _hours(df, {S.ESTIMATE: (3_600_000, "milliseconds"), S.ACTUAL: (3_600_000, "milliseconds")}, detected)
    if "assignees" in df and S.ASSIGNEE not in df:
        # "[Ann Lee, Bo Ng]" as a list the loader reads once for every export: the first named, said
        names = df["assignees"].astype("string").str.strip().str.strip("[]")
        df[S.ASSIGNEE] = names.str.replace(r"\s*,\s*", ";", regex=True)
    df[S.STATUS] = tracker_status(df, df.get(S.SOURCE_STATUS), None, None, detected)
    if detected.get("status_map"):
        df = apply_status_map(df, detected["status_map"], file=detected.get("file", IN_MEMORY),
                              detected=detected)
    unfinished_actuals(df)
    if epoch:
        detected["dates"] = "epoch milliseconds"
    return df


def gitlab_unestimated(df: pd.DataFrame, detected: dict) -> None:
    """GitLab's issue export writes 0 under ``Time Estimate`` for an issue nobody estimated: no estimate, blank
    (the forecasts give it its project's usual one), said in ``detected["estimates"]``. Read as 0 hours, each was
    an ``estimate_not_positive`` error, and ``init`` pre-filled a budget of 0 for a project of only such issues."""
    headers = detected.get("_headers", {})
    estimate = gitlab_times([*df.columns, *headers.values()]).get(S.ESTIMATE)
    if estimate is None or headers.get(S.ESTIMATE) != estimate or S.ESTIMATE not in df:
        return
    zero = (df[S.ESTIMATE] == 0).to_numpy(dtype=bool, na_value=False)
    if not zero.any():
        return
    df.loc[zero, S.ESTIMATE] = np.nan
    n = int(zero.sum())
    detected["estimates"] = (f"{counted(n, 'issue')} with 0 under '{estimate}' read as without an estimate "
                             f"(GitLab's issue export writes 0 where nobody estimated; {rows_text(source_rows(df)[zero])})")


#: Each tracker format's reader, by its name (:data:`~.formats.TRACKER_FORMATS`, which names them once, below
#: this module: the formats' own checks cannot import it).
READERS = dict(zip(TRACKER_FORMATS, (read_jira, read_clickup), strict=True))
#: The headers each tracker reader reads (compared by :func:`~.parsing.header_name`), besides those mapped.
READ_HEADERS = {
    JIRA: frozenset({n for names in JIRA_COLUMNS.values() for n in names}
                    | set(JIRA_RESOLUTION) | set(S.STATUS_CATEGORY_HEADERS) | {"status category changed"}),
    CLICKUP: frozenset({n for names in CLICKUP_COLUMNS.values() for n in names}
                       | {"date done", "date closed", "time estimated text", "time estimate text",
                          "time spent text", "time tracked text", "time logged text"}),
}

#: The task table's columns each tracker reader reads by their names (its own headers renamed to them, or a map's
#: columns mapped to them): two columns under one of these names reach it as a frame where it reads one column.
READ_NAMES = {fmt: frozenset(names) | frozenset(S.FACT_DATES) for fmt, names in ((JIRA, JIRA_COLUMNS),
                                                                        (CLICKUP, CLICKUP_COLUMNS))}


def key_header(fmt: str, columns, column_map=None) -> str | None:
    """The header of ``columns`` the ``fmt`` reader (:data:`READERS`) reads as the task's key, before it runs: the
    one ``column_map`` maps to it or spelt as it, else Jira's ``Issue key`` (in an export keyed in German, French or
    Spanish, its name there: ``Vorgangsschlüssel``), ClickUp's ``Task ID``; else None."""
    ren = dict(column_map or {})
    named = [c for c in columns if ren.get(c, c) == S.TASK_ID]
    if named:
        return named[0]
    free = [c for c in columns if c not in ren]
    if fmt == JIRA:
        return _lookup(free, *JIRA_ENGLISH[S.TASK_ID]) or _lookup(free, *JIRA_COLUMNS[S.TASK_ID])
    return _lookup(free, *CLICKUP_COLUMNS[S.TASK_ID])


def reads_header(fmt: str, header) -> bool:
    """Whether the ``fmt`` reader (:data:`READERS`) reads the column ``header`` (:data:`READ_HEADERS`)."""
    return header_name(header) in READ_HEADERS.get(fmt, ())
