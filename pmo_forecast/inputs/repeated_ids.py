"""A task id on more than one row of a task table being loaded: the row pasted twice is left out, said; two different
rows under one id are refused.

Every forecast counts each row as a task, so a repeated id was counted twice with nothing said (the validation listed
it, the load went on). A row that is an exact copy of another (every column the same: an export pasted twice) holds
nothing new and is left out, said in ``detected["copied_rows"]`` (the pack's Assumptions, ``tasks: copied rows``);
rows that differ under one id are two tasks given one id, a plan numbered afresh in each project, or an export of
bookings (a worklog or timesheet, one row per booking), which only the user can mend: refused, naming the rows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.checks import refuse
from ..core.exceptions import SchemaError
from ..core.labels import agree, counted, id_list
from ..core.source_lines import rows_text, source_rows
from .cells import EXCEL_ROUNDED_IDS, excel_rounded

#: The ids a refusal names; the rest are counted.
_IDS_SHOWN = 5
#: Why rows that differ under one id cannot be loaded, and what to do, when nothing more specific is seen.
TWO_TASKS_ONE_ID = ("two tasks given one id, or an export of bookings (a worklog or timesheet: one row per booking, "
                    "not one per task); every row is forecast as a task, so such a task's hours would be counted once "
                    "per row. Give each task its own id, or export the tasks themselves, one row per task (pmo_forecast "
                    "has no worklog loader: a worklog's hours summed per task are the task's actual_hours)")
#: The same, when each id's rows are in different projects: a sheet numbering (or naming) each project's tasks afresh.
NUMBERED_PER_PROJECT = ("ids that start again in each project (1, 2, ... or the same task names in every project)? A "
                        "task id must name one task in the whole table: write the project into it (P1-1, P2-1) or map "
                        "a column that gives each task an id of its own")
#: Said after either (not after an id Excel rounded, whose copies may be two tasks): what the loader does with a row
#: pasted twice.
COPIES_LEFT_OUT = ("A row that is an exact copy of another (every column the same: an export pasted twice) is left "
                   "out, and said in the load's notes")


def copies_or_raise(df: pd.DataFrame, file: str, detected: dict) -> np.ndarray:
    """The rows of ``df`` (a coerced task table) that are exact copies of an earlier row with the same task id
    (every column equal), a mask, said in ``detected["copied_rows"]`` with their ids and lines: the caller leaves
    them out (with what it holds by position, the statuses as written).

    Raises
    ------
    SchemaError
        When an id is on rows that differ, naming the file, the id column, the ids and every row holding one, and
        the likely cause: an id in scientific notation (a CSV re-saved by Excel, :data:`EXCEL_ROUNDED_IDS`; such
        rows are never taken for copies: Excel made different tasks' rows alike), ids numbered afresh in each
        project (:data:`NUMBERED_PER_PROJECT`), else two tasks given one id or an export of bookings
        (:data:`TWO_TASKS_ONE_ID`).
    """
    none = np.zeros(len(df), bool)
    if S.TASK_ID not in df or len(df) < 2:
        return none
    ids = df[S.TASK_ID]
    # unique (the usual table) is known from an Index without a duplicated() pass (sorted ids: without hashing)
    if pd.Index(ids.to_numpy(dtype=object, na_value=None), dtype=object, copy=False).is_unique:
        return none
    repeated = (ids.duplicated(keep=False) & ids.notna()).to_numpy(bool)  # a blank id is validation's to report
    if not repeated.any():
        return none
    lines = source_rows(df)
    rounded = np.zeros(len(df), bool)
    rounded[repeated] = excel_rounded(ids[repeated])
    if rounded.any():  # the cause said as the validation says it
        _refuse(df, file, rounded, lines, f"{EXCEL_ROUNDED_IDS}.")
        return none  # listed (pmo-forecast validate): every row kept, for the validation to list
    rows = df.loc[repeated]
    rows.attrs = {}  # pandas compares attrs when it joins the columns converted below (the lines: an array)
    copy = np.zeros(len(df), bool)  # compared as text: a frame's cells may be lists, which do not hash
    copy[repeated] = rows.astype("string").duplicated(keep="first").to_numpy(bool)
    left = ids[repeated & ~copy]
    differ = repeated & ids.isin(left[left.duplicated()]).to_numpy(bool)  # every row of such an id, copies too
    if differ.any():
        _refuse(df, file, differ, lines, f": {_cause(df, differ)}. {COPIES_LEFT_OUT}.")
        copy &= ~differ  # listed (pmo-forecast validate): those rows kept, for the validation to list
        if not copy.any():
            return copy
    n = int(copy.sum())
    detected["copied_rows"] = (f"{counted(n, 'row')} left out as {agree(n, 'an exact copy', 'exact copies')} of an "
                               f"earlier row (every column the same: an export pasted twice?), each task counted once: "
                               f"{id_list(dict.fromkeys(ids[copy].astype(str)))} ({rows_text(lines[copy])})")
    return copy


def _cause(df: pd.DataFrame, differ: np.ndarray) -> str:
    """The likely cause of the rows ``differ`` (a mask) sharing ids: ids numbered afresh in each project when every
    such id's rows are in different projects, else two tasks given one id or an export of bookings."""
    if S.PROJECT_ID in df:
        pairs = df.loc[differ, [S.TASK_ID, S.PROJECT_ID]]
        if pairs[S.PROJECT_ID].notna().all() and not pairs.duplicated().any():
            return NUMBERED_PER_PROJECT
    return TWO_TASKS_ONE_ID


def _refuse(df: pd.DataFrame, file: str, rows: np.ndarray, lines, cause: str) -> None:
    """Refuse (:func:`~pmo_forecast.core.checks.refuse`: raised, or listed by ``pmo-forecast validate``) naming the
    ids on ``rows`` (a mask) and their lines, then ``cause`` (from its punctuation on)."""
    ids = list(dict.fromkeys(df[S.TASK_ID][rows].astype(str)))
    bad = lines[rows]
    refuse(SchemaError(f"{file}: column '{S.TASK_ID}' must be unique, but {id_list(map(repr, ids), _IDS_SHOWN)} "
                       f"{agree(len(ids), 'appears', 'appear')} more than once ({rows_text(bad)}){cause}",
                       file=file, column=S.TASK_ID, rows=bad))
