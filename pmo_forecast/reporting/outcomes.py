"""Per-project outcomes of the history: completed or cancelled, when, hours booked against estimate, late or over
budget. The KPI trends' delivery rates (:func:`~.trends.kpi_trends`), the forecast history's "how forecasts held"
and the committee pack's What changed read them from :func:`project_outcomes`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.as_of import implausible_dates_read
from ..core.checks import require_dates, require_matching_ids, require_not_negative
from ..core.exceptions import DataQualityWarning, SchemaError, warn
from ..core.labels import agree


def require_for(df: pd.DataFrame, columns, table: str, purpose: str = "the project outcomes") -> None:
    """A :class:`SchemaError` naming the ``columns`` the ``table`` lacks for ``purpose`` ("tasks table: missing column
    finished needed for the KPI trends"), a date column holding text (:func:`~pmo_forecast.core.checks.require_dates`),
    or a negative estimate, actual or budget (:func:`~pmo_forecast.core.checks.require_not_negative`: a negative
    actual took hours off a quarter's spent hours)."""
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise SchemaError(f"{table} table: missing {agree(len(missing), 'column', 'columns')} {', '.join(missing)} "
                          f"needed for {purpose}", column=missing[0])
    require_dates(df, table)
    require_not_negative(df, table)


def project_outcomes(tasks: pd.DataFrame, projects: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per project: completion date, hours booked, estimates, due and budget.

    A project is closed when none of its tasks is open or in progress (and, with a
    projects table that has ``status``, it is not ``active``, ``proposed`` or ``on_hold``).
    It was cancelled when the projects table says so or every task was cancelled, on its last
    task's finish; else completed (delivered), on its last done task's finish (a done task
    without a finished date: see :func:`finished_or_last_known`): a task cancelled after the
    last delivery delivers nothing, and had dated the project's completion (and made it late).
    Dates far beyond or before the rest of the data (a typo year such as 2204, a zero date) are read as blank,
    as the planning pack reads them, with a :class:`~pmo_forecast.DataQualityWarning` naming them
    (:func:`~pmo_forecast.core.as_of.implausible_dates_read`).

    Returns
    -------
    DataFrame
        Indexed by ``project_id``: ``completed`` (bool, delivered), ``cancelled`` (bool),
        ``finished`` (date completed: the last done task's finish; date closed for cancelled ones),
        ``closed_on`` (date closed: the last task's finish, a cancellation after the last delivery
        included; missing while the project is open),
        ``actual_hours`` (booked on finished and cancelled tasks; missing when none of them
        has an actual), ``estimate_hours`` (of
        finished tasks with an actual), ``ratio`` (actual / estimate on those tasks),
        ``due``, ``budget_hours``, ``late`` and ``over_budget`` (missing when unknown: a
        project with a done task without an actual is over budget when the hours booked
        already exceed it, else unknown; ``hours_incomplete`` says which have such a task;
        a budget of 0 h is no budget, as in the forecasts),
        and the projects table's other columns.
    """
    from ..forecasting.overrun import project_budgets

    require_for(tasks, [S.PROJECT_ID, S.STATUS, S.ESTIMATE, S.ACTUAL, S.FINISHED], "tasks")
    # a date far beyond or before the rest (validation's far_future_finished, an error) read as blank, as the pack
    # reads its table, and said: read as written, a finish typed 2204 kept its project open, or made it late
    t, said = implausible_dates_read(tasks)
    if said:
        warn(f"project outcomes: {said}.", DataQualityWarning)
    unfinished = t[S.STATUS].isin(S.UNFINISHED_STATUSES).groupby(t[S.PROJECT_ID]).any()
    done = t[S.finished_with_actuals(t)]
    dg = done.groupby(S.PROJECT_ID)
    fin = finished_or_last_known(t)
    out = pd.DataFrame({
        "completed": ~unfinished,
        "finished": fin.groupby(t[S.PROJECT_ID]).max(),  # closed: a cancelled project's date
        # no hour booked at all (every actual blank) is unknown, not 0 h on budget
        "actual_hours": t[S.ACTUAL].where(t[S.STATUS].isin((S.DONE, S.CANCELLED))).groupby(t[S.PROJECT_ID]).sum(
            min_count=1),
        "estimate_hours": dg[S.ESTIMATE].sum(),
    })
    out["ratio"] = dg[S.ACTUAL].sum() / out["estimate_hours"]
    out["cancelled"] = (t[S.STATUS] == S.CANCELLED).groupby(t[S.PROJECT_ID]).all()
    out["due"] = pd.NaT
    out["budget_hours"] = np.nan
    if projects is not None:
        require_for(projects, [S.PROJECT_ID], "projects")
        require_matching_ids(t, projects, S.PROJECT_ID, "tasks", "projects")
        p = projects.drop_duplicates(S.PROJECT_ID).set_index(S.PROJECT_ID)
        if S.STATUS in p:
            running = p[S.STATUS].isin(S.LIVE_PROJECT_STATUSES).reindex(out.index).fillna(False)
            out["completed"] = out["completed"] & ~running.astype(bool)
            stopped = (p[S.STATUS] == S.CANCELLED).reindex(out.index).fillna(False)
            out["cancelled"] = out["cancelled"] | stopped.astype(bool)
        for col in p.columns:
            if col == S.DUE:
                out["due"] = p[S.DUE].reindex(out.index)
            elif col == S.BUDGET:
                out["budget_hours"] = p[S.BUDGET].reindex(out.index)
            elif col != S.STATUS and col not in out:
                out[col] = p[col].reindex(out.index)
        if S.START in p:
            out[S.START] = p[S.START].reindex(out.index)
    closed = out["completed"].astype(bool)
    out.loc[~closed, "finished"] = pd.NaT
    out["closed_on"] = out["finished"]  # its last task's finish, a cancellation after the last delivery included
    out["cancelled"] = out["cancelled"].astype(bool) & closed
    out["completed"] = closed & ~out["cancelled"]
    # a delivered project is completed on its last done task's finish, not on a cancellation after it
    delivered = fin.where((t[S.STATUS] == S.DONE).fillna(False)).groupby(t[S.PROJECT_ID]).max().reindex(out.index)
    out["finished"] = out["finished"].mask(out["completed"] & delivered.notna(), delivered)
    fin_day = out["finished"].dt.normalize()
    out["late"] = (fin_day > out["due"]).where(out["completed"] & out["due"].notna())
    # a done task without an actual leaves the hours booked a lower bound: over when already past the budget,
    # else unknown (judged on the hours written, such a project read as on budget)
    blank = (t[S.STATUS] == S.DONE).fillna(False) & t[S.ACTUAL].isna()
    out["hours_incomplete"] = blank.groupby(t[S.PROJECT_ID]).any().reindex(out.index, fill_value=False)
    # a budget of 0 h is no budget, as the forecasts take it (project_budgets): against it every
    # completed project read over budget
    budget = pd.Series(project_budgets(projects, out.index)[0], index=out.index) if projects is not None \
        else out["budget_hours"]
    over = out["actual_hours"] > budget
    out["over_budget"] = over.where(out["completed"] & budget.notna() & out["actual_hours"].notna()
                                    & (over | ~out["hours_incomplete"]))
    out.index.name = S.PROJECT_ID
    return out


def finished_or_last_known(tasks: pd.DataFrame) -> pd.Series:
    """Each task's finish; for a done task without a finished date, the last date known of it.

    That is the latest of its own created and started dates and its project's last delivery
    (the latest finish of its done tasks; of any of its tasks when none has one): it was done
    by the data's date, at the earliest when the last of these had happened (its project
    cannot have closed before it was started). A task cancelled after the last delivery does
    not date it, as it does not date the project's completion (:func:`project_outcomes`).
    The validation warns about such tasks (``done_without_finish_date``).
    """
    fin = tasks[S.FINISHED]
    is_done = (tasks[S.STATUS] == S.DONE).fillna(False).to_numpy(bool)
    undated = is_done & fin.isna().to_numpy(bool)
    own = tasks.reindex(columns=[S.CREATED, S.STARTED]).apply(pd.to_datetime).max(axis=1)
    project = tasks[S.PROJECT_ID]
    delivered = fin.where(is_done).groupby(project).transform("max")
    last = pd.concat([own, delivered.fillna(fin.groupby(project).transform("max"))], axis=1).max(axis=1)
    return fin.mask(undated, last)
