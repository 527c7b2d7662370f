"""The task table as it stood on an earlier date: for backtests and the backdated fits.

Every backdated figure (the correlation's cuts, the finish slip's past plans, the KPI
trends and the widgets' earlier dates) rewinds the table with :func:`tasks_as_of`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.as_of import no_finish_said
from ..core.checks import require_columns
from ..core.labels import agree


def known_since(tasks: pd.DataFrame) -> pd.Series:
    """When each task was in the table: its ``created`` date, else its project's first date.

    A task without a created date was planned before it started or finished: its own
    start or finish came after, so a table rewound to a cut between the two would lose
    the work a plan then had (without created dates the backdated plans held only the work
    under way, and the slip learnt on them came out at 55 times the plan). The project's
    first date (earliest created, started or finished of its tasks) stands in; NaT when the
    project has no date at all. Planned dates count too (an open task's planned start, an
    unfinished task's planned end): a project known only from plans after a cut is left out
    of the table rewound to it, though its tasks may have been in the plan by then; when they
    were added is not known (the rewound pack's Assumptions count them).
    """
    dates = tasks.reindex(columns=list(S.FACT_DATES)).apply(pd.to_datetime)
    first = dates.min(axis=1).groupby(tasks[S.PROJECT_ID]).transform("min")
    return dates[S.CREATED].fillna(first)


def finish_unknown(tasks: pd.DataFrame, as_of) -> np.ndarray:
    """Which tasks are done with no finish date and none of their own dates (created, started) on or after the
    day of ``as_of``: whether they were done by then is not known, so :func:`tasks_as_of` leaves them out.

    Up to its last date (the day whole) such a task was unfinished: open, or in progress once started. After it,
    it may have finished on any day: kept open, it had been work still to do at every later cut (its project
    running, its age growing in the trends' work in progress), years after it was done. It is left out as the
    backtest leaves finished tasks without a finish date out of its split; a task with no date of its own is
    left out of every cut. The finish slip's note counts them (:func:`pmo_forecast.estimate_finish_slip`).
    The KPI trends read such a task otherwise, as done on its last known date, for its project's completion
    (:func:`pmo_forecast.reporting.outcomes.finished_or_last_known`; docs/trends.md).
    """
    t = tasks.reindex(columns=[S.STATUS, S.CREATED, S.STARTED, S.FINISHED])
    undated = (t[S.STATUS] == S.DONE).fillna(False).to_numpy(bool) & t[S.FINISHED].isna().to_numpy(bool)
    last = t[[S.CREATED, S.STARTED]].apply(pd.to_datetime).max(axis=1)
    return undated & ~(last >= pd.Timestamp(as_of).normalize()).to_numpy(bool)


def finish_unknown_said(n: int, where: str = "", blanked: int = 0) -> str:
    """The one wording of ``n`` tasks :func:`finish_unknown` leaves out, for the finish slip's note and the rewound
    pack's Assumptions: ``where`` what they are left out of (``" of the backdated plans"``), "" for the table;
    ``blanked`` how many of them had a finish date far beyond or before the rest of the data, read as blank
    (:func:`~pmo_forecast.core.as_of.finishes_read_as_blank`): said, as a date was written."""
    return (f"{no_finish_said(n, blanked)} and {agree(n, 'is', 'are')} left out{where} after "
            f"{agree(n, 'its', 'their')} last date (created or started): when {agree(n, 'it', 'they')} finished is "
            "not known")


def tasks_as_of(tasks: pd.DataFrame, as_of, known: pd.Series | None = None) -> pd.DataFrame:
    """The task table as it stood on ``as_of``: for backtesting a forecast on past dates.

    A date is "now" to its end, as everywhere in the package: work finished during the
    day ``as_of`` counts as done (a timestamp with a time of day cuts there). Tasks
    created later are dropped (a task without a created date is in the table from its
    project's first date: :func:`known_since`); tasks finished or cancelled later are reopened (status in
    progress if started by then, else open; actual hours removed, and the hours a
    tracker logged on them, ``source_actual_hours``, too: the export's figure is their
    final total, which was not known on ``as_of``); start dates after the cut are
    removed. A task open now was open then, whatever its dates: its start date is a plan
    (Asana's and ClickUp's "Start Date"), kept, so that the rewound plan holds it until then
    (:func:`pmo_forecast.forecasting.queues.planned_task_starts`). A task open or in progress
    now was unfinished then, whatever its finish date: that date is a planned end (a due
    date some trackers write in the finish column of unfinished work), kept as the loader
    keeps it (:func:`pmo_forecast.core.as_of.planned_ends`); in progress then if started
    by then, else open. Only a task done (or cancelled) now with its finish before the cut
    was done (cancelled) then. A task done now without a finish date is unfinished up to its
    last date and left out after it (:func:`finish_unknown`): when it finished is not known.
    Tasks cancelled by then (or cancelled on an unknown date) are kept as they are. ``known``:
    :func:`known_since` of ``tasks``, for a caller rewinding one table to many dates (the KPI
    trends' work in progress, a cut per period); computed here when None. Returns a copy.
    """
    require_columns(tasks, [*S.FACT_DATES, S.STATUS, S.ACTUAL], "tasks")
    as_of = pd.Timestamp(as_of)
    cut = as_of + pd.Timedelta(days=1) if as_of == as_of.normalize() else as_of

    known = known_since(tasks) if known is None else known
    t = tasks.loc[((known < cut).fillna(False).to_numpy(bool) | known.isna().to_numpy(bool))
                  & ~finish_unknown(tasks, as_of)].copy()
    # open now: not begun by the export, so not on as_of either; its start date is a planned start
    planned = (t[S.STATUS] == S.OPEN).fillna(False).to_numpy(bool)
    # unfinished now: unfinished then; its finish date is a planned end (a due date), not a finish
    closed = t[S.STATUS].isin([S.DONE, S.CANCELLED]).fillna(False).to_numpy(bool)
    done = (t[S.FINISHED] < cut).fillna(False).to_numpy(bool) & closed
    started = (t[S.STARTED] < cut).fillna(False).to_numpy(bool) & ~planned
    keep = (t[S.STATUS] == S.CANCELLED).fillna(False).to_numpy(bool) & (done | t[S.FINISHED].isna().to_numpy(bool))
    status = np.where(done, S.DONE, np.where(started, S.IN_PROGRESS, S.OPEN))
    t[S.STATUS] = pd.array(np.where(keep, t[S.STATUS].astype(object).to_numpy(), status), dtype=t[S.STATUS].dtype)
    reopen = ~done & ~keep
    t.loc[reopen, S.ACTUAL] = np.nan
    if S.SOURCE_ACTUAL in t.columns:  # logged by the export's date, not by as_of: unknown then
        t.loc[reopen, S.SOURCE_ACTUAL] = np.nan
    t.loc[reopen & closed, S.FINISHED] = pd.NaT  # finished after the cut: not known then
    t.loc[~started & ~planned, S.STARTED] = pd.NaT
    return t
