"""A board's date range column (monday.com's ``Timeline``, ``2026-11-02 - 2026-11-06``) read as a task's dates.

:func:`split_timeline` puts each range's start and end under ``started`` and ``finished``, before the dates are
read (so the file's day/month order covers them); :func:`timeline_by_status` then keeps what the row's status
says they are. Unread, a board's done items had no finished date: out of throughput and lead times.
"""

from __future__ import annotations

import pandas as pd

from ..core import schema as S
from ..core.labels import counted
from ..core.source_lines import IN_MEMORY, rows_text, source_rows
from .cells import to_text

#: Headers of a date range column (compared as :func:`~pmo_forecast.inputs.headers.find_column` does).
TIMELINES = ("timeline",)
#: A range's start and end, joined by a dash between spaces (a date's own dashes have none), or by Notion's arrow
#: (``January 8, 2024 → January 19, 2024``).
RANGE = r"^\s*(?P<start>\S.*?)\s+[-–→]\s+(?P<end>\S.*?)\s*$"


def split_timeline(df: pd.DataFrame, detected: dict) -> str | None:
    """Put a date range column's start under ``started`` and its end under ``finished``; its header, or None.

    Only for a table with a status column and neither date mapped: the status tells a range's end that is
    a finish from one that is a plan (:func:`timeline_by_status`), and a date column of the table's own is
    never overridden. Without a status column, or beside the table's own started or finished column, a range
    holding a value is said as not read (:func:`~.column_names.say_not_read`). A cell with one date is a one-day
    range. Messages name the columns as the file heads them.
    """
    from .cells import column_as_headed
    from .column_names import say_not_read
    from .formats import loaded_before
    from .headers import find_column

    col = next((c for n in TIMELINES if (c := find_column(df.columns, n)) is not None), None)
    own = [c for c in (S.STARTED, S.FINISHED) if c in df]
    # a table the loader returned has the range's dates under started and finished already: nothing unread
    if col is not None and to_text(df[col]).notna().any() and not loaded_before(df.columns, detected):
        file = detected.get("file", IN_MEMORY)
        # init's probe reads a status column as the source's text (source_status): a status column all the same
        if S.STATUS not in df and S.SOURCE_STATUS not in df:
            say_not_read(detected, file, f"'{col}' (a date range) not read: the table has no status column to tell "
                                         "a range's end that is a finish from one that is a plan")
        elif own:
            say_not_read(detected, file, f"'{col}' (a date range) not read: the table's own dates are read, from "
                                         f"{' and '.join(column_as_headed(c, detected) for c in own)}")
    if col is None or S.STATUS not in df or own:
        return None
    text = to_text(df[col])
    ends = text.str.extract(RANGE)
    df[S.STARTED] = ends["start"].fillna(text).astype(object)
    df[S.FINISHED] = ends["end"].fillna(text).astype(object)
    headers = detected.setdefault("_headers", {})
    headers[S.STARTED] = headers[S.FINISHED] = col
    return col


def timeline_by_status(df: pd.DataFrame, column: str, detected: dict) -> None:
    """Keep of each range what the row's status makes it: a done task's start and end are its started and
    finished dates; a task in progress keeps its start, its end a plan; an open task's (a blank status too)
    are its plan. A plan is no date of the task table, as an open task's planned finish is not (a plan's
    ``Finish``): left blank. Said in ``detected["timeline"]``."""
    status = df[S.STATUS].astype(object)
    done = (status == S.DONE).to_numpy(dtype=bool)
    begun = done | (status == S.IN_PROGRESS).to_numpy(dtype=bool)
    df.loc[~done, S.FINISHED] = pd.NaT
    df.loc[~begun, S.STARTED] = pd.NaT
    read = df[S.STARTED].notna().to_numpy(dtype=bool)
    if not read.any():
        return
    n, finished = int(read.sum()), int(df[S.FINISHED].notna().sum())
    detected["timeline"] = (f"'{column}' (a date range) read for {counted(n, 'task')} done or in progress: "
                            f"the start as started, the end as finished on {counted(finished, 'done task')}; an "
                            f"open task's range and the end of one in progress are plans, not read "
                            f"({rows_text(source_rows(df)[read])})")
