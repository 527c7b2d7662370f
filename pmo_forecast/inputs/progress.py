"""What a plan or a hand-kept sheet says of its tasks' progress: a percent-complete or yes/no column, the
status derived from it and the dates, and the work already spent on a task in progress.

Each reader takes the raw table (before :func:`pmo_forecast.inputs.coerce.coerce`), says what it did in
``detected`` and leaves out or changes rows only as said there.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.as_of import quiet_as_of
from ..core.exceptions import SchemaError
from ..core.labels import agree, counted
from ..core.source_lines import rows_text, source_rows, values_text
from .cells import to_text, yes_no
from .parsing import header_key

#: A plan's progress column (MS Project's "% Complete"), or a hand-kept sheet's ("Progress", "Complete",
#: 0-100 or 0-1): 100% is done, more than 0 in progress.
PERCENT_COMPLETE = ("% complete", "percent complete", "% done", "percent done", "% work complete", "progress",
                    "progress %", "progress (%)", "% progress", "complete %", "% completed", "percent completed",
                    "complete", "% arbeit abgeschlossen")  # the last, MS Project's German % Work Complete


#: Of those, the headers whose cells may instead say Yes/No (TRUE/FALSE): done, or not done.
COMPLETE_FLAGS = ("complete",)


#: How a yes/no progress column is read (the task table's detected ``status``).
COMPLETE_FLAG_READ_AS = "yes: done; no: in progress if started, else open"


def _progress_column(df: pd.DataFrame) -> str | None:
    """The table's progress column: the first of :data:`PERCENT_COMPLETE` it has, but for those its reader
    said are none (:func:`~.column_names.not_percent_complete`)."""
    from .column_names import NOT_PERCENT_COMPLETE
    from .headers import find_columns

    cols = [c for c in df.columns if c not in df.attrs.get(NOT_PERCENT_COMPLETE, ())]
    return next((c for c in find_columns(cols, PERCENT_COMPLETE) if c is not None), None)


def percent_complete(df: pd.DataFrame) -> tuple[pd.Series, str] | tuple[None, None]:
    """Each row's share complete (0 to 1; NaN where blank) and the column it came from.

    Plain numbers are percentages when one is above 1 (0-100), else shares (0-1): said in the
    share's ``attrs["read_as"]`` ("" when written with ``%``). A column with text but no number
    (a ``Progress`` of ``On track``) is no progress column: (None, None). A ``Complete`` column
    (:data:`COMPLETE_FLAGS`) of yes/no cells (``TRUE``/``FALSE``, ``Yes``/``No``) is 1 for yes and
    0 for no, with ``attrs["yes_no"]`` True (:func:`derive_status` reads a no from the dates).
    """
    col = _progress_column(df)
    if col is None:
        return None, None
    txt = to_text(df[col])
    yes, no, other = _complete_flags(txt, col)
    if (yes | no).any() and not other.any():
        share = pd.Series(np.where(yes, 1.0, np.where(no, 0.0, np.nan)), index=df.index)
        share.attrs.update(read_as="", yes_no=True)
        return share, col
    # float64, NaN where blank: a nullable number's NA broke the comparisons below (a blank cell raised)
    share = pd.to_numeric(txt.str.replace("%", "", regex=False).str.strip(), errors="coerce").astype("float64")
    if txt.notna().any() and share.isna().all():
        return None, None
    signed = bool(txt.str.contains("%", regex=False).any())
    read_as = "" if signed else "its numbers read as percentages (100: done)" if share.max() > 1 else \
        "its numbers read as shares of 1 (1: done)" if share.notna().any() else ""
    if signed or share.max() > 1:
        share = share / 100
    share = share.where((share >= 0) & (share <= 1))
    share.attrs["read_as"] = read_as
    return share, col


def _complete_flags(txt: pd.Series, col: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Of a :data:`COMPLETE_FLAGS` column's cells (as text), those saying yes and no in words (``TRUE``,
    ``No``: not a 1 or 0 alone, which a 0-1 share holds) and those holding other text; none elsewhere."""
    none = np.zeros(len(txt), dtype=bool)
    if header_key(col) not in COMPLETE_FLAGS or not txt.notna().any():
        return none, none, none
    yes, no = yes_no(txt)
    number = pd.to_numeric(txt.str.replace("%", "", regex=False).str.strip(), errors="coerce").notna().to_numpy()
    given = txt.notna().to_numpy()
    if not ((yes | no) & ~number).any():
        return none, none, none
    return yes, no, given & ~(yes | no)


def complete_flags_or_raise(df: pd.DataFrame, file: str) -> None:
    """A ``Complete`` column of yes/no cells with other text among them: which is meant cannot be told."""
    col = _progress_column(df)
    if col is None:
        return
    txt = to_text(df[col])
    _, _, other = _complete_flags(txt, col)
    if other.any():
        rows = source_rows(df)[other]
        shown = values_text(txt[other])
        raise SchemaError(f"{file}: column '{col}' says Yes/No (TRUE/FALSE), and also {shown} ({rows_text(rows)}): "
                          "write yes or no in each cell (or a percentage complete, 0-100, in every cell).",
                          file=file, column=col, rows=list(rows))


def derive_status(df: pd.DataFrame) -> pd.Series:
    """Status when the source has none: from a plan's % complete (100%: done, above 0: in progress,
    0: open), else from dates (finished -> done, started -> in progress, else open)."""
    status = pd.Series(S.OPEN, index=df.index, dtype=S.DTYPES["category"])
    if S.STARTED in df:
        status = status.mask(df[S.STARTED].notna(), S.IN_PROGRESS)
    if S.FINISHED in df:
        status = status.mask(df[S.FINISHED].notna(), S.DONE)
    share, _ = percent_complete(df)
    if share is not None and share.attrs.get("yes_no"):  # Complete: No says not done, the dates how far
        not_done = (share < 1).to_numpy() & (status == S.DONE).to_numpy()
        started = df[S.STARTED].notna().to_numpy() if S.STARTED in df else np.zeros(len(df), dtype=bool)
        status = status.mask((share >= 1).to_numpy(), S.DONE)
        return status.mask(not_done, pd.Series(np.where(started, S.IN_PROGRESS, S.OPEN), index=df.index))
    if share is not None:  # a planned Start is no start: the plan's progress says what it is
        by_share = np.where(share >= 1, S.DONE, np.where(share > 0, S.IN_PROGRESS, S.OPEN))
        status = status.mask(share.notna(), pd.Series(by_share, index=df.index, dtype=object))
    return status


def planned_starts_open(df: pd.DataFrame, detected: dict, rows: np.ndarray | None = None,
                        what: str = "with no status") -> None:
    """Rows whose status was taken from their dates (:func:`derive_status`: started -> in progress) and whose
    start is after the data's as-of date are open, not in progress: such a start is a planned one
    (:func:`~pmo_forecast.core.as_of.planned_starts`, which leaves it out of the as-of date), so the work has not
    begun. Said in ``detected["planned_start_status"]`` with how many and their lines.

    ``rows``: the rows whose status was blank and taken from their dates; None: every row (no status column).
    ``what``: how those rows are named in the note (a tracker's reader takes from the dates a status it does not
    know too: :func:`~.status_map.read_from_dates`).
    A ``% Complete`` given decides a row's status as before (it says how far the work is, whatever its start).
    A start on or before the as-of date stays a start: in a sheet of one's own it is the day the work began.
    """
    if S.STARTED not in df:
        return
    share, _ = percent_complete(df)
    derived = np.ones(len(df), dtype=bool) if rows is None else rows.copy()
    if share is not None:
        derived &= share.isna().to_numpy()
    running = derived & (df[S.STATUS] == S.IN_PROGRESS).to_numpy(dtype=bool, na_value=False)
    if not running.any() or pd.isna(as_of := quiet_as_of(df)):
        return
    later = running & (df[S.STARTED].dt.normalize() > as_of).to_numpy(dtype=bool, na_value=False)
    if not later.any():
        return
    df[S.STATUS] = df[S.STATUS].mask(later, S.OPEN)
    n = int(later.sum())
    detected["planned_start_status"] = (
        f"{counted(n, 'task')} {what} {agree(n, 'starts', 'start')} after the as-of date "
        f"({as_of:%Y-%m-%d}), a planned start, not a start: open, not in progress "
        f"({rows_text(source_rows(df)[later])})")


def closed_rows(df: pd.DataFrame) -> np.ndarray:
    """Which rows are done or cancelled, a blank status read as :func:`derive_status` reads it (finished: done).

    A status map leaves a tracker's blank status blank, and the loader takes it from the row's dates only once
    parent items are left out and the actuals kept (:func:`~pmo_forecast.inputs.io.load_tasks`); the steps
    before that ask this, so a row its dates say is done is treated as the loader will read it."""
    status = df[S.STATUS]
    closed = status.isin((S.DONE, S.CANCELLED)).fillna(False).to_numpy(dtype=bool, copy=True)
    if (blank := status.isna().to_numpy(dtype=bool)).any():
        closed[blank] = (derive_status(df[blank]) == S.DONE).to_numpy(dtype=bool)
    return closed


#: A plan's ``Work`` (MS Project): the planned effort, which becomes the hours spent once a task is done.
PLAN_WORK = ("work", "arbeit")  # in English and German


#: Share of finished tasks exactly on their ``Work`` from which it is read as their actual, not an estimate.
SPENT_WORK_SHARE = 0.9


def read_spent_work(df: pd.DataFrame, column: str, detected: dict) -> None:
    """A plan's ``Work`` is no estimate of a finished task: it is the hours it took, said.

    MS Project sets a finished task's Work to its Actual Work; an export without ``Baseline
    Work`` then had every finished task exactly on its estimate (the accuracy figures at
    1.00). When nearly all finished tasks (:data:`SPENT_WORK_SHARE`) sit exactly on it, those
    have no estimate; open tasks keep theirs, the plan as it stands (as the XML reader does).
    """
    if S.ACTUAL not in df or S.STATUS not in df:
        return
    est, act = (df[c].to_numpy(dtype=float, na_value=np.nan) for c in (S.ESTIMATE, S.ACTUAL))
    done = (df[S.STATUS] == S.DONE).to_numpy(dtype=bool) & np.isfinite(act) & (act > 0)
    same = done & np.isclose(est, act, rtol=S.EXACT_RTOL, atol=1e-9)  # "exactly on" as the accuracy model reads it
    if not done.any() or same.sum() < SPENT_WORK_SHARE * done.sum():
        return
    df.loc[same, S.ESTIMATE] = np.nan
    n = int(same.sum())
    detected["estimates"] = (f"{counted(n, 'finished task')} exactly on {agree(n, 'its', 'their')} '{column}' "
                             f"{agree(n, 'has', 'have')} no estimate: a "
                             "plan's Work is the hours spent once a task is finished, so they are not compared with "
                             "an estimate (export Baseline Work for estimates made before the work); open tasks "
                             "keep their Work, the plan as it stands")
