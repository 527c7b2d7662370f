"""Work item age: how long each started task has been in progress, against how long finished work took.

A task in progress for longer than nearly every finished task took from start to finish is stale:
most often finished or abandoned work never closed in the tracker (a 'zombie ticket'). The forecasts
read it as still running, at least at its booked hours; the more it has booked beyond its estimate,
the more the accuracy model gives it (its tail is learnt from tasks that did run that long), so a few
hundred stale tasks can set a project's finish date years out. :func:`aging_work` lists them; the
open-work preparation says how many there are and what they add (``OverrunForecast.stale``);
:func:`close_stale` closes them, for a pack made before the tracker is cleaned up.

Ages and cycle times are in working days (Monday to Friday unless a calendar is given), as the KPI trends'
cycle times are; the planning pack passes its calendar to every stale figure (validation, the forecasts'
``stale``, :func:`close_stale` and the trends' work in progress), so they all count the same ages.
"""

from __future__ import annotations

from functools import partial
from typing import NamedTuple

import numpy as np
import pandas as pd

from . import schema as S
from .as_of import DateLimits, infer_as_of, planned_finish_rows, without_implausible_dates
from .calendar import HOURS_PER_DAY, WorkingCalendar, working_hours_between
from .checks import require_columns
from .labels import agree, counted, id_list
from .results import fixed, percent

#: A started task is stale when it has been in progress for longer than this share of finished tasks
#: took from start to finish.
STALE_LEVEL = 0.99
#: ``detected``'s key saying what :func:`close_stale` closed (the pack's Assumptions show it).
STALE_CLOSED = "stale_closed"
#: Finished tasks with a start and a finish date needed to say what is stale: fewer say nothing of the
#: 99th percentile.
MIN_FINISHED = 100


class WorkAge(NamedTuple):
    """Per row of a task table (:func:`work_age`): in progress and started by the as-of day (``running``), its age
    in working days and the share of finished tasks that took less (NaN where not running), ``stale`` (running
    and older than ``line["stale_after_days"]``), and what the line rests on (``line``)."""

    running: np.ndarray
    age: np.ndarray
    faster: np.ndarray
    stale: np.ndarray
    line: dict


def work_age(tasks: pd.DataFrame, as_of, level: float = STALE_LEVEL, calendar=None,
             limits: dict[str, DateLimits] | None = None) -> WorkAge:
    """The :class:`WorkAge` of each row of ``tasks`` on ``as_of`` (a day); ``line``: ``stale_after_days``, the
    cycle time at ``level`` (NaN under :data:`MIN_FINISHED` finished tasks dated at both ends: none stale),
    ``finished_tasks`` and ``level``. Ages and cycle times count the working days of ``calendar``
    (a :class:`~pmo_forecast.core.calendar.WorkingCalendar` or what it coerces; default Monday to Friday).
    ``limits``: :func:`~pmo_forecast.core.as_of.implausible_dates` of ``tasks`` (every date column), when the caller
    has them (the validation): the dates it reads as blank not found a second time."""
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1, got {level!r}")
    # a typo year (a finish in 2204: validation's far_future_finished, an error) is no cycle time of centuries that
    # lifts the line, nor a start that makes work look new: read as blank, as the pack reads it
    tasks = without_implausible_dates(tasks, limits)
    started = pd.to_datetime(tasks[S.STARTED]) if S.STARTED in tasks else pd.Series(pd.NaT, index=tasks.index)
    status = tasks[S.STATUS] if S.STATUS in tasks else pd.Series(pd.NA, index=tasks.index, dtype=object)
    cal = WorkingCalendar.coerce(calendar)
    hours = partial(working_hours_between, holidays=cal.np_holidays, weekmask=cal.weekmask)
    cycle = np.zeros(0)
    if S.FINISHED in tasks:
        done = (status == S.DONE).fillna(False).to_numpy(bool)
        cycle = hours(started[done], pd.to_datetime(tasks[S.FINISHED])[done]) / HOURS_PER_DAY
        cycle = np.sort(cycle[np.isfinite(cycle) & (cycle >= 0)])  # a finish before the start says nothing
    stale_after = float(np.quantile(cycle, level)) if len(cycle) >= MIN_FINISHED else np.nan
    # in progress by its status: an open task's start date is a plan (Asana's and ClickUp's "Start Date"), not
    # begun work, as the rewind and the queues read it (planned_task_starts)
    running = (status == S.IN_PROGRESS).fillna(False) & started.notna()
    if not pd.isna(as_of):  # started by the end of the as-of day (a start that morning is 0 days old)
        running &= started < as_of + pd.Timedelta(days=1)
    running = running.to_numpy(bool)
    age = np.full(len(tasks), np.nan)
    age[running] = np.maximum(hours(started[running], np.full(int(running.sum()), as_of)), 0.0) \
        / HOURS_PER_DAY
    faster = np.full(len(tasks), np.nan)
    if len(cycle):
        faster[running] = np.searchsorted(cycle, age[running], side="left") / len(cycle)
    line = {"stale_after_days": stale_after, "finished_tasks": len(cycle), "level": level}
    return WorkAge(running, age, faster, running & (age > stale_after), line)  # False against NaN


def beyond_line(line: dict) -> str:
    """The stale line in words, as every message about stale work gives it (``line``: :attr:`WorkAge.line`):
    "longer than 99% of finished tasks took from start to finish (377 working days)"."""
    return (f"longer than {percent(line['level'])} of finished tasks took from start to finish "
            f"({fixed(line['stale_after_days'])} working days)")


def aging_work(tasks: pd.DataFrame, as_of=None, level: float = STALE_LEVEL, calendar=None) -> pd.DataFrame:
    """The age of every task in progress, and whether it is stale.

    Parameters
    ----------
    tasks : DataFrame
        The canonical task table (``load_tasks``).
    as_of : date-like, optional
        The day ages are counted to; default the data's own (the latest date in the table).
    level : float, default 0.99
        A task is stale when its age exceeds this quantile of finished tasks' cycle times.
    calendar : WorkingCalendar, list of holiday dates or dict, optional
        The working days ages and cycle times count (:class:`~pmo_forecast.core.calendar.WorkingCalendar`);
        default Monday to Friday. Give the planning pack's to match its figures.

    Returns
    -------
    DataFrame
        One row per task in progress with a start date on or before ``as_of`` (an open task's start date
        is a plan), oldest first:
        ``task_id``, ``project_id``, ``assignee`` (when the table has one), ``started``,
        ``estimate_hours``, ``booked_hours``, ``age_days`` (working days since the start),
        ``finished_faster`` (the share of finished tasks whose cycle time was shorter) and
        ``stale``. ``attrs["stale_after_days"]`` is the cycle time at ``level`` (NaN, and no
        task stale, with fewer than :data:`MIN_FINISHED` finished tasks dated at both ends);
        ``attrs["finished_tasks"]`` how many it rests on.

    Examples
    --------
    >>> from pmo_forecast import aging_work, generate_sample
    >>> aged = aging_work(generate_sample().tasks)
    >>> int(aged["stale"].sum()), round(aged.attrs["stale_after_days"], 1)
    (0, 8.1)
    """
    require_columns(tasks, [S.TASK_ID, S.PROJECT_ID, S.STATUS, S.STARTED], "tasks")
    as_of = infer_as_of(tasks) if as_of is None else pd.Timestamp(as_of).normalize()
    aged = work_age(tasks, as_of, level, calendar)
    running, line = aged.running, aged.line
    t = tasks[running]
    cols = [S.TASK_ID, S.PROJECT_ID] + ([S.ASSIGNEE] if S.ASSIGNEE in t else []) + [S.STARTED, S.ESTIMATE]
    out = t[[c for c in cols if c in t]].copy()
    out["booked_hours"] = S.booked_hours(t)
    out["age_days"] = aged.age[running]
    out["finished_faster"] = aged.faster[running]
    out["stale"] = aged.stale[running]
    out = out.sort_values("age_days", ascending=False, kind="stable").reset_index(drop=True)
    out.attrs = {**line, "as_of": as_of}  # not the task table's own
    return out


#: The columns of :func:`aging_summary`.
AGING_SUMMARY_COLUMNS = ["started_tasks", "stale_tasks", "stale_after_days", "finished_tasks"]


def aging_summary(aged: pd.DataFrame) -> pd.DataFrame:
    """The started work of :func:`aging_work` in one row: how much there is, how much is stale, and the line.

    Parameters
    ----------
    aged : DataFrame
        What :func:`aging_work` returns (its ``stale`` column and ``attrs``).

    Returns
    -------
    DataFrame
        One row (index ``started work``), columns :data:`AGING_SUMMARY_COLUMNS`: ``started_tasks`` (tasks in
        progress), ``stale_tasks`` (those stale), ``stale_after_days`` (the line, in working days: NaN with too
        few finished tasks to draw it, when none is stale) and ``finished_tasks`` (the finished tasks it rests on).

    Examples
    --------
    >>> from pmo_forecast import aging_work, generate_sample
    >>> aging_summary(aging_work(generate_sample().tasks)).round(1).iloc[0].tolist()
    [24.0, 0.0, 8.1, 10369.0]
    """
    return pd.DataFrame({"started_tasks": [len(aged)], "stale_tasks": [int(aged["stale"].sum())],
                         "stale_after_days": [float(aged.attrs.get("stale_after_days", np.nan))],
                         "finished_tasks": [int(aged.attrs.get("finished_tasks", 0))]},
                        index=pd.Index(["started work"]))[AGING_SUMMARY_COLUMNS]


def close_stale(tasks: pd.DataFrame, as_of=None, level: float = STALE_LEVEL, calendar=None) -> pd.DataFrame:
    """A copy of ``tasks`` with its stale work (:func:`aging_work`) closed as cancelled.

    For the analyst who knows the tracker holds finished or abandoned work never closed and cannot
    close it before the meeting: a closed task leaves the open work (no hours still to do, no place
    in anyone's queue) and the hours booked on it still count as spent. The accuracy model never
    learnt from unfinished work, so it is unchanged. Said in ``attrs["detected"]["stale_closed"]``
    (the pack's Assumptions show it); ``tasks`` is not modified.

    Parameters
    ----------
    tasks : DataFrame
        The canonical task table.
    as_of : date-like, optional
        The day ages are counted to; default the data's own.
    level : float, default 0.99
        As in :func:`aging_work`.
    calendar : WorkingCalendar, list of holiday dates or dict, optional
        As in :func:`aging_work`.

    Returns
    -------
    DataFrame
        ``tasks`` with ``status`` set to ``cancelled`` on the stale rows (``source_status`` as exported), and their
        finish date blank where it is a plan's (:func:`~pmo_forecast.core.as_of.planned_finish_rows`) or after
        ``as_of``: no day the work was abandoned.
    """
    require_columns(tasks, [S.TASK_ID, S.PROJECT_ID, S.STATUS], "tasks")
    as_of = infer_as_of(tasks) if as_of is None else pd.Timestamp(as_of).normalize()
    aged = work_age(tasks, as_of, level, calendar)
    stale, line = aged.stale, aged.line
    out = tasks.copy()
    out[S.STATUS] = out[S.STATUS].astype(object).where(~stale, S.CANCELLED).astype(tasks[S.STATUS].dtype)
    if S.FINISHED in out:
        # a stale task's finish date is a plan's (an MS Project Finish, an end date) or one still ahead: closed, it read
        # as the day the task was cancelled, and a plan's end after the as-of date moved the table's latest date past
        # the data's (a rerun's as-of date, the KPI trends' periods). The day it was abandoned is not known: blank
        ahead = (out[S.FINISHED] >= as_of + pd.Timedelta(days=1)).to_numpy(dtype=bool, na_value=False)
        out[S.FINISHED] = out[S.FINISHED].mask(stale & (planned_finish_rows(tasks) | ahead))
    detected = dict(out.attrs.get("detected", {}))
    n = int(stale.sum())
    ids = id_list(tasks.loc[stale, S.TASK_ID], 5)
    spent = f"left out of the open work, the hours booked on {agree(n, 'it', 'them')} counted as spent"
    detected[STALE_CLOSED] = (
        f"{counted(n, 'task')} under way by {as_of:%Y-%m-%d} for {beyond_line(line)} closed as "
        f"cancelled (close_stale, --close-stale){f': {ids}' if n else ''}; "
        f"{spent if n else 'none found'}"
        if not np.isnan(line["stale_after_days"]) else
        f"none closed: the line needs {MIN_FINISHED} finished tasks dated at both ends, the table has "
        f"{line['finished_tasks']:,}")
    out.attrs["detected"] = detected
    return out
