"""The open work as the effort and finish-date simulations see it.

Which tasks are open, in which projects and whose queues; their estimates, an unusable one filled
by the one rule (:func:`fill_estimates`); the hours already booked on them (:func:`booked_hours`);
each task's quantile table from the accuracy model, conditional on those hours; and the groupings
the shared draws follow (:class:`OpenWork`, built by :func:`prepare_open_work`). The rows are put in
one order whatever the export's (:func:`canonical_order`): random numbers handed out row by row
then do not depend on how the table happened to be sorted.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.aging import beyond_line, work_age
from ..core.as_of import quiet_as_of
from ..core.checks import require_columns
from ..core.exceptions import DataQualityWarning, warn
from ..core.labels import PROJECT_NOT_STARTED, agree, counted, estimate_unit, id_list
from ..core.results import fixed, part_percent
from ..core.schema import booked_hours
from ..core.switches import Switch
from .plan import queue_order

#: On within :func:`open_work_said`: :func:`prepare_open_work` leaves what it finds unsaid.
_OPEN_WORK_SAID = Switch("open_work_said")


def open_work_said():
    """Within it, :func:`prepare_open_work` says nothing of what it finds in the open work (active projects without a
    task, no estimate, 0-point stories, more hours booked than the model gives, stale work, repeated task ids): the
    caller has said it of the tables as loaded.

    For a staffing scenario's run (:func:`~pmo_forecast.scenarios.scenario.run_scenario`), whose tables are the loaded
    ones changed, and whose what-if context says these once, of the tables as loaded: each run said them again, in
    other words where it removed a project ("2 open tasks have no positive estimate" after the pack's 4) or trusted
    the estimates ("more hours booked than the accuracy model gives them", of no model). What a scenario does with
    the work is said in its notes. Every other warning of the forecasts is warned as ever.
    """
    return _OPEN_WORK_SAID.on()


def _say(message: str) -> None:
    """Warn ``message`` (DataQualityWarning), a finding of the open work, unless within :func:`open_work_said`."""
    if not _OPEN_WORK_SAID:
        warn(message, DataQualityWarning)


#: Rows of each open task's quantile table, at levels (k + 0.5) / N_LEVELS.
N_LEVELS = 200


def canonical_order(tasks: pd.DataFrame) -> np.ndarray:
    """Positions that put ``tasks`` in one order whatever the order of the table's rows:
    by task id, then project (repeated ids), then the row's values. Random numbers handed
    out row by row then do not depend on how the export happened to be sorted."""
    keys = [tasks[c].astype(str).to_numpy(object) for c in (S.TASK_ID, S.PROJECT_ID) if c in tasks]
    try:
        rest = pd.util.hash_pandas_object(tasks, index=False).to_numpy()
    except TypeError:  # an unhashable cell (a list): ids alone
        rest = np.zeros(len(tasks), dtype=np.uint64)
    return np.lexsort([rest] + keys[::-1]) if keys else np.argsort(rest, kind="stable")


@dataclass
class OpenWork:
    """Open tasks sorted by (project, person), with their quantile tables and groupings."""

    tasks: pd.DataFrame          # the open tasks, sorted
    row: np.ndarray              # position of each among the open tasks in the input order
    q: np.ndarray                # (n_open, n_levels) actual hours at levels (k + 0.5) / n_levels
    booked: np.ndarray           # hours already booked on each open task
    project_ids: np.ndarray      # (n_projects,)
    proj_code: np.ndarray        # (n_open,) index into project_ids
    persons: np.ndarray          # person names (code -> name); "" for unassigned
    person_code: np.ndarray      # (n_open,) index into persons
    spent: np.ndarray            # (n_projects,) hours booked on finished and cancelled tasks
    open_est: np.ndarray         # (n_projects,) estimate of open tasks
    n_done: np.ndarray           # (n_projects,) finished tasks the model has seen
    estimated: np.ndarray        # (n_projects,) False: open work without any usable estimate
    rank: np.ndarray | None = None      # (n_open,) position in the person's queue (plan.queue_order)
    order_how: str = ""                 # how the queue order was set, in words
    ip_cols: np.ndarray | None = None   # in-progress tasks whose levels are remapped
    ip_map: np.ndarray | None = None    # uniform level index -> level index that held for them
    keys: np.ndarray | None = None      # (n_open,) what each task's random numbers are tied to
    notes: tuple = ()                   # said about the work for information, not warned (not started yet)
    stale: pd.DataFrame | None = None   # open tasks under way longer than nearly all finished work took (warned)

    @property
    def remaining(self) -> np.ndarray:
        """(n_projects,) what is left of the open tasks' estimates: estimate less booked, not below 0."""
        left = np.maximum(self.tasks[S.ESTIMATE].to_numpy(float) - self.booked, 0.0)
        return np.bincount(self.proj_code, weights=left, minlength=len(self.project_ids))


#: What someone leaving can surely do: each task at this quantile of its hours. A leaver keeps the work
#: they finish by their last day so counted (:func:`pmo_forecast.run_scenario`), and pooled work goes to
#: a person only if their own and their share of it are so done by then (the finish-date plan).
SURE_LEVEL = 0.95


def _conditional_table(model, tasks: pd.DataFrame, booked: np.ndarray, n_levels: int) -> np.ndarray:
    """The model's quantile table, conditional on the hours booked where there are any.

    Uses the model's ``quantile_table(..., at_least=)`` (its ``ppf(at_least=)``); a model
    without it gets its unconditional table cut at the booked hours and stretched over the
    levels: the same conditional distribution on the table's grid.
    """
    if not (booked > 0).any():
        return np.asarray(model.quantile_table(tasks, n_levels=n_levels), dtype=float)
    at_least = np.where(booked > 0, booked, np.nan)
    try:
        return np.asarray(model.quantile_table(tasks, n_levels=n_levels, at_least=at_least), dtype=float)
    except TypeError:
        q = np.sort(np.asarray(model.quantile_table(tasks, n_levels=n_levels), dtype=float), axis=1)
        k0 = np.array([np.searchsorted(r, b) for r, b in zip(q, booked, strict=True)])
        k0 = np.minimum(k0, n_levels - 1)
        idx = k0[:, None] + (np.arange(n_levels)[None, :] * (n_levels - k0[:, None])) // n_levels
        return np.take_along_axis(q, idx, axis=1)


#: Hours an unusable estimate counts when no task in the table has a usable one to take a median of: a placeholder.
NO_ESTIMATE_HOURS = 1.0


def usable_estimates(tasks: pd.DataFrame) -> np.ndarray:
    """Rows whose ``estimate_hours`` the forecast can use: positive and finite."""
    est = tasks[S.ESTIMATE]
    return ((est > 0) & np.isfinite(est)).fillna(False).to_numpy(bool)


def zero_point_stories(rows: pd.DataFrame, tasks: pd.DataFrame) -> np.ndarray:
    """Rows of ``rows`` estimated at exactly 0 story points, when ``tasks``' estimates are points
    (:func:`~pmo_forecast.core.schema.estimates_in_points`): sized by their team, not unestimated.
    They count at :data:`~pmo_forecast.core.schema.ZERO_POINT_SIZE` (:func:`fill_estimates`)."""
    if not S.estimates_in_points(tasks):
        return np.zeros(len(rows), dtype=bool)
    return (pd.to_numeric(rows[S.ESTIMATE], errors="coerce") == 0).to_numpy(bool)


def fill_estimates(rows: pd.DataFrame, tasks: pd.DataFrame) -> tuple[pd.Series, np.ndarray]:
    """Estimates of ``rows`` with the unusable ones (missing, 0 or negative) filled: the one rule.

    Parameters
    ----------
    rows : pandas.DataFrame
        The tasks whose ``estimate_hours`` are read (e.g. the open tasks).
    tasks : pandas.DataFrame
        The whole task table, for the fallback median.

    Returns
    -------
    estimates : pandas.Series
        ``rows``' estimates (same index); an unusable one is the median estimate counted in its
        project among ``rows`` (a 0-point story's as it counts), or, in a project with none, the median usable estimate in
        ``tasks`` (:data:`NO_ESTIMATE_HOURS` when no task has one).
    filled : numpy.ndarray of bool
        Which rows were filled; the caller warns and records it. A 0-point story (story points) is
        no missing estimate: it counts at :data:`~pmo_forecast.core.schema.ZERO_POINT_SIZE`, not filled
        (:func:`zero_point_stories`).
    """
    zero = zero_point_stories(rows, tasks)
    bad = ~usable_estimates(rows) & ~zero
    est = rows[S.ESTIMATE].astype(float).mask(zero, S.ZERO_POINT_SIZE)
    if bad.any():
        # of the sizes counted: a 0-point story's raw 0 made its project's median 0, a missing estimate counted 0
        per_project = est.loc[~bad].groupby(rows.loc[~bad, S.PROJECT_ID]).median()
        usable = tasks.loc[usable_estimates(tasks), S.ESTIMATE]
        everywhere = float(usable.median()) if len(usable) else NO_ESTIMATE_HOURS
        est = est.where(~bad, rows[S.PROJECT_ID].map(per_project).astype(float).fillna(everywhere))
    return est, bad


def projects_without_estimates(tasks: pd.DataFrame) -> np.ndarray:
    """Projects with open work none of which has a usable estimate, hours or story points (sorted ids).

    The effort forecast leaves them out: any hours for them would be made up
    (:attr:`~pmo_forecast.forecasting.overrun.OverrunForecast.without_estimates`); the planning
    pack forecasts their finish dates from throughput instead. A project with some estimated open tasks keeps its effort
    forecast, the others filled with its median estimate (warned).
    """
    require_columns(tasks, [S.PROJECT_ID, S.ESTIMATE, S.STATUS], "tasks")
    is_open = tasks[S.STATUS].isin(S.UNFINISHED_STATUSES).fillna(False).to_numpy(bool)
    open_t = tasks[is_open]
    sized = usable_estimates(open_t) | zero_point_stories(open_t, tasks)
    has = pd.Series(sized, index=open_t.index).groupby(open_t[S.PROJECT_ID]).any()
    return np.array(sorted(has.index[~has.to_numpy(bool)]), dtype=object)


def prepare_open_work(model, tasks: pd.DataFrame, projects: pd.DataFrame | None, n_levels: int,
                      as_of=None, calendar=None, *, aged: bool = True) -> OpenWork:
    """The open work of ``tasks`` (and the active projects of ``projects``) with ``model``'s quantile tables,
    ``n_levels`` levels each; what cannot be forecast as given (no estimate, 0-point stories, more hours
    booked than the model gives, repeated task ids, active projects without tasks) is warned.

    An active project without tasks whose ``start`` is after ``as_of`` (default: the data's own,
    :func:`~pmo_forecast.core.as_of.infer_as_of`) has not started: no task by right, so it is not
    warned but said in ``notes``, in validation's words (``project_not_started``). The stale work
    (:func:`stale_work`) is aged in the working days of ``calendar`` (default Monday to Friday). ``aged=False``
    leaves it out (``stale`` None, nothing warned of it): for the plans whose stale work nobody reads, the
    calibration's backdated ones, which age every finished task's cycle time at each cut.
    """
    require_columns(tasks, [S.TASK_ID, S.PROJECT_ID, S.ESTIMATE, S.ACTUAL, S.STATUS], "tasks")
    t = tasks if S.ASSIGNEE in tasks else tasks.assign(**{S.ASSIGNEE: pd.NA})
    is_open = t[S.STATUS].isin(S.UNFINISHED_STATUSES).fillna(False).to_numpy(bool)
    keep = set(t.loc[is_open, S.PROJECT_ID])
    notes: tuple = ()
    if projects is not None:
        require_columns(projects, [S.PROJECT_ID], "projects")
        if S.STATUS in projects:
            live = projects[S.STATUS].isin(S.LIVE_PROJECT_STATUSES).fillna(False)
            listed = set(projects.loc[live.to_numpy(bool), S.PROJECT_ID].dropna())
            keep |= listed & set(t[S.PROJECT_ID])
            taskless, notes = _taskless(projects, t, as_of)
            if taskless:  # said, as validation's project_without_tasks says it: no work to simulate
                n = len(taskless)
                _say(f"{counted(n, 'active project')} {agree(n, 'has', 'have')} no task in the task table "
                     f"({id_list(taskless, 5)}): no forecast for "
                     f"{agree(n, 'it', 'them')}; check {agree(n, 'its project id', 'their project ids')} against "
                     "the tasks'.")
    project_ids = np.array(sorted(keep), dtype=object)

    open_t = t[is_open].copy()
    open_t[S.ESTIMATE], bad = fill_estimates(open_t, t)
    none = set(projects_without_estimates(t))
    points = S.estimates_in_points(tasks)
    if bad.any():
        # the plan still schedules a project without any estimate (its people will work on it), at a guess
        glob = float(open_t.loc[open_t[S.PROJECT_ID].isin(none), S.ESTIMATE].iloc[0]) if none else np.nan
        # no estimate in the whole table: no median to take, the placeholder (fill_estimates)
        taken = (f"the median of all estimates ({glob:g} {estimate_unit(points, glob)})" if usable_estimates(t).any()
                 else f"{glob:g} {estimate_unit(points, glob)} each (a placeholder: no task in the table has an "
                      "estimate to take a median of)")
        without = (f", or, in a project with none ({id_list(sorted(none), 5)}), {taken} for the delivery plan only: "
                   "the effort forecast leaves such projects out" if none else "")
        n = int(bad.sum())
        _say(f"{counted(n, 'open task')} {agree(n, 'has', 'have')} no positive estimate "
             f"({id_list(open_t.loc[bad, S.TASK_ID], 5)}); {agree(n, 'its', 'their')} project's median estimate "
             f"is used{without}. Estimate {agree(n, 'it', 'them')} for a better forecast.")
    zero = zero_point_stories(t[is_open], tasks)
    if zero.any():
        _say(f"{counted(int(zero.sum()), 'open story', 'open stories')} {agree(int(zero.sum()), 'is', 'are')} "
             "estimated at 0 story points "
             f"({id_list(t[is_open].loc[zero, S.TASK_ID], 5)}): each counts as {S.ZERO_POINT_SIZE:g} point, "
             "the smallest card above 0, not as unestimated")
    who = open_t[S.ASSIGNEE].astype(object).where(open_t[S.ASSIGNEE].notna(), "").to_numpy()
    open_t["_who"] = who
    open_t["_row"] = np.arange(len(open_t))
    rank_in, how = queue_order(open_t, projects)
    # one order whatever the export's (a task's random numbers follow its place in the first block)
    open_t = open_t.iloc[canonical_order(open_t.drop(columns=["_who", "_row"]))]
    open_t = open_t.sort_values([S.PROJECT_ID, "_who"], kind="stable")
    row = open_t["_row"].to_numpy()
    open_t = open_t.drop(columns="_row")
    booked = booked_hours(open_t)
    q = _conditional_table(model, open_t.drop(columns="_who"), booked, n_levels)
    if q.shape != (len(open_t), n_levels):
        raise ValueError(f"model.quantile_table returned shape {q.shape}, expected {(len(open_t), n_levels)}")
    if np.isnan(q).any():
        raise ValueError("model.quantile_table returned NaN for open tasks with an estimate; "
                         "is the model fitted on data with these columns?")
    q = np.sort(q, axis=1)
    _warn_booked_beyond_model(open_t, q, booked, points)
    stale = stale_work(t, is_open, row, open_t, q, booked, as_of, points, calendar) if aged else None

    proj_code = pd.Index(project_ids).get_indexer(open_t[S.PROJECT_ID].to_numpy(object))
    persons, person_code = np.unique(open_t["_who"].to_numpy(object).astype(str), return_inverse=True)

    closed = t[~is_open]
    spent = pd.Series(booked_hours(closed), index=closed.index).groupby(closed[S.PROJECT_ID]).sum()
    spent = spent.reindex(project_ids).fillna(0.0).to_numpy(float) + np.bincount(
        proj_code, weights=booked, minlength=len(project_ids))
    open_est = np.bincount(proj_code, weights=open_t[S.ESTIMATE].to_numpy(float), minlength=len(project_ids))
    ok = closed[S.finished_with_actuals(closed)]
    n_done = ok[S.PROJECT_ID].value_counts().reindex(project_ids).fillna(0).to_numpy(float)
    return OpenWork(open_t.drop(columns="_who"), row, q, booked, project_ids, proj_code, persons,
                     person_code, spent, open_est, n_done, ~np.isin(project_ids, list(none)), rank_in[row], how,
                     keys=_draw_keys(open_t[S.TASK_ID], open_t[S.PROJECT_ID]), notes=notes, stale=stale)


def stale_work(tasks: pd.DataFrame, is_open: np.ndarray, row: np.ndarray, open_t: pd.DataFrame, q: np.ndarray,
               booked: np.ndarray, as_of, points: bool, calendar=None) -> pd.DataFrame:
    """The open tasks (rows of ``open_t``, the sorted open rows of ``tasks``) under way for longer than
    :data:`~pmo_forecast.core.aging.STALE_LEVEL` of finished tasks took (:func:`~pmo_forecast.core.
    aging.work_age`), with the hours the forecast still gives them at P50; warned when there are any, since a
    few hundred of them (finished or abandoned work never closed) can set finish dates years out. Ages count the
    working days of ``calendar`` (default Monday to Friday), as validation's ``stale_in_progress`` does."""
    aged = work_age(tasks, quiet_as_of(tasks, as_of), calendar=calendar)
    line, stale, age = aged.line, aged.stale[is_open][row], aged.age
    out = pd.DataFrame({S.TASK_ID: open_t[S.TASK_ID].to_numpy(), S.PROJECT_ID: open_t[S.PROJECT_ID].to_numpy(),
                        S.STARTED: pd.to_datetime(open_t[S.STARTED]).to_numpy() if S.STARTED in open_t else pd.NaT,
                        "age_days": age[is_open][row], S.ESTIMATE: open_t[S.ESTIMATE].to_numpy(float),
                        "booked_hours": booked, "p50_to_do_hours": hours_to_do(q, booked, 0.5)})
    total = float(out["p50_to_do_hours"].sum())
    out = out[stale].sort_values("age_days", ascending=False, kind="stable").reset_index(drop=True)
    out.attrs = {**line, "p50_to_do_hours_all": total}
    if len(out):
        n, h = len(out), float(out["p50_to_do_hours"].sum())
        eg = id_list((f"{i} (started {d:%Y-%m-%d}, {b:g} h booked, estimate {e:g} {estimate_unit(points, e)})"
                      for i, d, b, e in zip(out[S.TASK_ID], out[S.STARTED], out["booked_hours"], out[S.ESTIMATE],
                                            strict=True)), 3, sep="; ")
        them = agree(n, "it", "them")
        share = f", {part_percent(h / total)} of the open work" if total > 0 else ""
        _say(f"{counted(n, 'open task')} {agree(n, 'has', 'have')} been under way {beyond_line(line)}, oldest "
             f"first: {eg}. Each is forecast as still "
             f"running, at least at its booked hours: {fixed(h)} h still to do on {them} at P50{share}. If "
             f"{agree(n, 'it is', 'they are')} finished or abandoned, close or cancel {them} in the tracker "
             f"(pmo_forecast.aging_work lists {them})")
    return out


def _taskless(projects: pd.DataFrame, tasks: pd.DataFrame, as_of) -> tuple[list, tuple]:
    """Active projects with no task (sorted ids), as validation's ``project_without_tasks``, and the notes on
    those among them that start after ``as_of``: not started yet, no task by right (``project_not_started``)."""
    # active only: a proposed project (not started yet) has no task by right
    active = projects[S.STATUS].eq(S.ACTIVE).fillna(False).to_numpy(bool)
    none = projects.loc[active & ~projects[S.PROJECT_ID].isin(tasks[S.PROJECT_ID]).to_numpy(bool)]
    none = none.loc[none[S.PROJECT_ID].notna().to_numpy(bool)].drop_duplicates(S.PROJECT_ID)
    later, day = np.zeros(len(none), dtype=bool), pd.NaT
    if len(none) and S.START in none:
        day = quiet_as_of(tasks, as_of)
        start = pd.to_datetime(none[S.START], errors="coerce").dt.normalize()
        later = (start > day).to_numpy(bool) if not pd.isna(day) else later
    ids = none[S.PROJECT_ID].astype(str).to_numpy(object)
    order = np.argsort(ids, kind="stable")
    notes = tuple(f"{ids[i]}: {PROJECT_NOT_STARTED.format(start=pd.Timestamp(none[S.START].iat[i]), as_of=day)}"
                  for i in order if later[i])
    return [ids[i] for i in order if not later[i]], notes


def _warn_booked_beyond_model(open_t: pd.DataFrame, q: np.ndarray, booked: np.ndarray, points: bool) -> None:
    """Say which open tasks have more hours booked than the model gives them at any level: they are
    forecast to need no more (and planned as done on the forecast date), which the figures alone do not show.
    ``points``: the estimates are story points."""
    beyond = (booked > 0) & (q[:, -1] <= booked) if len(q) else np.zeros(0, bool)
    if not beyond.any():
        return
    which = id_list((f"{i} ({b:g} h booked, estimate {e:g} {estimate_unit(points, e)})" for i, b, e in
                     zip(open_t[S.TASK_ID][beyond], booked[beyond], open_t[S.ESTIMATE][beyond], strict=True)), 5,
                    sep="; ")
    n = int(beyond.sum())
    it = agree(n, "it", "them")
    _say(f"{counted(n, 'open task')} {agree(n, 'has', 'have')} more hours booked than the accuracy model gives {it} "
         f"at any level ({which}): forecast to need no more hours, so {agree(n, 'it counts', 'they count')} "
         f"as done on the forecast date; re-estimate what is left of {it}, or close {it}")


def _draw_keys(task_ids: pd.Series, project_ids: pd.Series) -> np.ndarray:
    """What each task's random numbers are tied to: ``(project id, task id)``; a repeated id is another task with
    draws of its own, warned. Tasks numbered 1, 2, ... in every project (in a frame not loaded: ``load_tasks`` names
    them by their project, ``P1/1``, the key then ``("P1", "P1/1")``) are told apart by their project, never by
    their place in the table: a key of the id alone, repeats counted in project order ("1 (repeat 2)"), changed
    every later project's draws when a project was added or removed. The same id twice in one project: the first
    keeps the pair, the next ``(project id, task id, 1)``, ..."""
    ids = task_ids.astype(str)
    repeated = ids.duplicated(keep=False)
    if repeated.any():
        _say(f"{int(repeated.sum())} open tasks share a task id with another "
             f"({id_list(dict.fromkeys(ids[repeated]), 5)}): each row is forecast as a task of its own, so a "
             "row exported twice is counted twice; check the export (pmo_forecast.validate_tasks lists "
             "them)")
    projects = project_ids.astype(str)
    again = pd.DataFrame({"p": projects.to_numpy(object), "t": ids.to_numpy(object)}).groupby(["p", "t"]).cumcount()
    keys = np.empty(len(ids), dtype=object)  # tuples, not a 2-d array of their parts
    keys[:] = [(p, t) if k == 0 else (p, t, k) for p, t, k in zip(projects, ids, again, strict=True)]
    return keys


def table_quantile(q: np.ndarray, level: float) -> np.ndarray:
    """Quantile ``level`` of each row of a quantile table at levels (k + 0.5) / n_levels."""
    n_levels = q.shape[1]
    pos = np.clip(level * n_levels - 0.5, 0, n_levels - 1)
    lo = int(np.floor(pos))
    hi = min(lo + 1, n_levels - 1)
    return q[:, lo] + (pos - lo) * (q[:, hi] - q[:, lo])


def hours_to_do(q: np.ndarray, booked: np.ndarray, level: float) -> np.ndarray:
    """Hours still to do on each task: quantile ``level`` of its quantile table ``q`` less the hours booked."""
    return np.maximum(table_quantile(q, level) - booked, 0.0) if len(q) else np.zeros(0)
