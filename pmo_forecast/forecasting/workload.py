"""Load on people and on the PM pool: hours demanded per period against capacity.

:func:`workload` spreads every task's hours over the business days it occupies,
sums them per person (or per PM through ``projects.manager``, per role, per
project) and per period, and sets them against the people table's capacity
(``hours_per_week x availability`` while employed, with any dated change of
availability). The result, :class:`~pmo_forecast.forecasting.workload_result.WorkloadResult`, has a tidy
long table, a wide pivot, a person-by-week utilisation heatmap and the PM-pool load over time (active
projects and hours per PM).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.as_of import resolve_as_of, without_implausible_dates
from ..core.calendar import WorkingCalendar, period_freq
from ..core.capacity import capacity_steps, weekly_capacity
from ..core.checks import (
    require_capacity,
    require_matching_ids,
    require_not_negative,
    require_unique,
)
from ..core.exceptions import DataQualityWarning, SchemaError, warn
from ..core.keys import spellings_read
from ..core.labels import agree, counted, estimate_unit, id_list, in_words, option_refused
from ..core.results import WHOLE_FROM, format_number, round_half_away
from ..inputs.plans import assignees_as_loaded
from .demand import TASK_HOURS, TASK_POINTS
from .open_work import NO_ESTIMATE_HOURS, fill_estimates, usable_estimates
from .pool_shares import pool_request_shares
from .working_days import as_days, last_working_days, period_starts, working_day_index
from .workload_result import WorkloadResult, utilisation

__all__ = ["workload", "UNASSIGNED", "NEW_WORK", "PM_REQUESTS", "pool_request_shares"]

#: Key used for open work that nobody is assigned to yet.
UNASSIGNED = "(unassigned)"
#: The plan's hours that the planning pack and the scenarios show: each person's expected
#: hours, which add up to the forecast's expected remaining effort (medians add up to less).
PLAN_HOURS = "mean"
#: Key of the work still to arrive (``workload(demand=...)``): nobody's yet, and no project's.
NEW_WORK = "(new work)"
#: Project of the PM pool's request handling (``workload(queue=...)``): the PMs' hours, no project's.
PM_REQUESTS = "(PM-pool requests)"
_BY = ("assignee", "manager", "role", "project")
_COLUMNS = ("period", "key", S.DEMAND_HOURS, S.CAPACITY_HOURS, S.UTILISATION, S.OVER_ALLOCATED,
            S.DONE_HOURS, S.OPEN_HOURS, S.POOLED_HOURS)


def _spread(key: np.ndarray, first: np.ndarray, n_days: np.ndarray, hours: np.ndarray, kind: str,
            project=None) -> pd.DataFrame:
    """One row per (item, business day) with the item's hours split evenly over its days
    (and the item's ``project``, one per item or one for all)."""
    n_days = np.maximum(n_days, 1)
    rep = np.repeat(np.arange(len(key)), n_days)
    # position within each item's run of days: 0, 1, ..., n-1
    step = np.arange(len(rep)) - np.repeat(np.cumsum(n_days) - n_days, n_days)
    out = pd.DataFrame({"key": key[rep], "bday": first[rep] + step, "hours": (hours / n_days)[rep], "kind": kind})
    if project is not None:
        out["project"] = np.asarray(project, dtype=object)[rep] if np.ndim(project) else project
    return out


def _origin_days(tasks: pd.DataFrame, as_of, calendar, plan) -> tuple:
    """The forecast date, the working calendar (the plan's unless another is given, which is refused), and the
    working-day index of the forecast date and of the plan's day 0 (the last working day on or before it)."""
    as_of = resolve_as_of(tasks, as_of)
    cal = WorkingCalendar.coerce(plan.calendar if calendar is None and plan is not None else calendar)
    if plan is not None and cal != plan.calendar:  # the plan's day k would land on another date
        raise ValueError("workload: calendar= differs from the plan's (its working days or holidays); leave it out "
                         "to use the plan's, or forecast the finish dates with this calendar")
    today = working_day_index(np.array([as_of.to_datetime64()]).astype("datetime64[D]"), cal)[0]
    # the last working day on or before as_of: the plan's day 0, and the last day of the history
    origin = working_day_index(np.array([cal.origin(as_of)]), cal)[0]
    return as_of, cal, today, origin


def _task_days(t: pd.DataFrame) -> tuple:
    """Each task's assignee (:data:`UNASSIGNED` for none), start and finish day, and project id."""
    assignee = t[S.ASSIGNEE].astype(object).where(t[S.ASSIGNEE].notna(), UNASSIGNED).to_numpy() \
        if S.ASSIGNEE in t.columns else np.full(len(t), UNASSIGNED, dtype=object)
    nat = pd.Series(pd.NaT, index=t.index, dtype="datetime64[ns]")
    started, finished = (as_days(t[c]) if c in t.columns else as_days(nat) for c in (S.STARTED, S.FINISHED))
    pid = t[S.PROJECT_ID].astype(object).to_numpy()
    return assignee, started, finished, pid


def _empty_table() -> pd.DataFrame:
    """The workload table with no row: only cancelled work (or none) has no period with hours."""
    table = pd.DataFrame({c: pd.Series(dtype=float) for c in _COLUMNS})
    return table.astype({"period": "datetime64[ns]", "key": object, S.OVER_ALLOCATED: bool})


def workload(tasks, people=None, projects=None, freq="W", by="assignee", model=None, *,
             as_of=None, overdue_days=20, threshold=S.FULL_UTILISATION, model_stat="p50", plan=None, queue=None,
             plan_level: float | str = 0.5, demand=None, calendar=None) -> WorkloadResult:
    """Hours demanded per person (or PM, role, project) and period, against capacity.

    Parameters
    ----------
    tasks : pandas.DataFrame
        Canonical task table (:data:`pmo_forecast.core.schema.TASKS`).
    people : pandas.DataFrame, optional
        People table: capacity (``hours_per_week x availability`` on the working days they are employed, as
        the plan counts it) and roles; without it, capacity and utilisation are missing. One row per person.
    projects : pandas.DataFrame, optional
        Projects table: needed for ``by="manager"``, for due dates (open work is spread up to them) and for
        :meth:`WorkloadResult.pm_load`. One row per project.
    freq : str, default "W"
        Weeks starting Monday "W", months "M" or "MS", quarters "Q" or "QS", years "YS", fiscal quarters or
        years "QS-APR" (:func:`~pmo_forecast.core.calendar.period_freq`); anything else is refused.
    by : {"assignee", "manager", "role", "project"}
        Whose load: each assignee; each PM (their projects' hours, against no capacity: the team does the
        work); each role (capacity summed); or each project.
    model : fitted estimation-accuracy model, optional
        Anything with ``predict_quantiles(tasks, (0.5,))[0.5]`` (e.g. ``EstimationAccuracyModel``): open work
        then demands the model's P50 of its actual hours instead of the raw estimate.
    as_of : date-like, optional
        "Today": open work is scheduled from here on. Default: the latest
        timestamp in the task table.
    overdue_days : int, default 20
        Open work whose project due date is missing or past is spread over this many business days from ``as_of``.
    threshold : float, default :data:`~pmo_forecast.core.schema.FULL_UTILISATION` (1.0)
        Utilisation above which a key is flagged ``over_allocated``.
    model_stat : {"p50", "mean"}, default "p50"
        What open work demands when a model is given: its median, or its mean (the average of 39 evenly
        spaced quantiles; why: docs/capacity.md, section "How `workload` counts demand").
    plan : FinishDateForecast, optional
        The forward part from the delivery plan instead of the even spread
        (:meth:`FinishDateForecast.scheduled_hours` at ``plan_level``): the capacity view shows the same
        schedule as the finish dates.
    queue : PoolQueue or PoolQueueFit, optional
        With ``plan``: the PM pool's request handling (arrival rate x hands-on time) added to the PMs'
        load, shared each day by the PMs serving the pool then
        (:func:`~pmo_forecast.forecasting.pool_shares.pool_request_shares`).
    plan_level : float or "mean", default 0.5
        The plan's quantile (0.8 for the P80 plan), or ``"mean"``: each person's expected hours, which add
        up to the forecast's expected remaining effort (the planning pack's choice).
    demand : DemandForecast, optional
        With ``plan``: work still to arrive (:func:`~pmo_forecast.forecasting.demand.forecast_demand`) beyond
        the scope growth the plan already holds, as the ``(new work)`` row (no assignee, no capacity).
    calendar : None, WorkingCalendar, list of holiday dates or dict
        Working days and public holidays, as in :func:`pmo_forecast.forecast_finish_dates`. Default: the
        plan's calendar with ``plan=`` (another one is refused), else Monday-Friday without holidays.

    Returns
    -------
    WorkloadResult

    Notes
    -----
    How each task demands hours (done, open, cancelled) and how utilisation reads: see
    docs/capacity.md, section "How `workload` counts demand"; the options in full (names spelt otherwise,
    ``plan``, ``queue``, ``demand``): its section "The options of `workload`".

    Examples
    --------
    >>> from pmo_forecast import load_sample, workload
    >>> tasks, projects, people, _ = load_sample()
    >>> w = workload(tasks, people, projects)
    >>> list(w.table.columns[:6])
    ['period', 'key', 'demand_hours', 'capacity_hours', 'utilisation', 'over_allocated']
    """
    if by not in _BY:
        raise ValueError(f"by must be one of {in_words(_BY)}, got {in_words(by)}")
    if model_stat not in ("p50", "mean"):
        raise ValueError(f"model_stat must be 'p50' or 'mean', got {model_stat!r}")
    freq = period_freq(freq)
    _check_tables(tasks, people, projects, by, plan, demand)
    tasks, projects, notes = _names_as_people(tasks, people, projects)
    as_of, cal, today, origin = _origin_days(tasks, as_of, calendar, plan)  # which checks the dates first
    # a typo year (2204 for 2024) or a zero date would spread a task's hours over decades: read as blank by the one
    # rule the pack reads its table through (validation reports their rows); the as-of date is inferred from the
    # table as given, which says the dates it leaves out
    dated = without_implausible_dates(tasks)
    t = dated.loc[dated[S.STATUS] != S.CANCELLED]
    assignee, started, finished, pid = _task_days(t)
    history = _done_rows(t, assignee, pid, started, finished, as_of, origin, cal, notes)

    todo = t[S.STATUS].isin(S.UNFINISHED_STATUSES).to_numpy()
    if plan is None:  # open work spread to its due date, else the plan's rows ahead
        ahead, beyond_plan, new_work = [_open_rows(t, tasks, todo, assignee, pid, started, projects, model, model_stat,
                                                   today, overdue_days, cal, notes)], 0.0, {}
    else:
        ahead, beyond_plan, new_work = _plan_ahead(plan, origin, people, queue, plan_level, demand, cal, notes)
    days = pd.concat([history, *ahead], ignore_index=True)
    common = {"by": by, "freq": freq, "as_of": as_of, "threshold": threshold, "projects": projects, "tasks_days": days,
            "used_model": model_stat if model is not None else "", "calendar": cal, "notes": notes,
            "no_work_projects": _no_work(tasks, history, pid[todo]), "beyond_plan": beyond_plan}
    if days.empty:  # only cancelled work (or none): no period has any hours
        _say(notes, "no task has hours to show (every task is cancelled, or done without a finish date): "
                    "the table is empty")
        return WorkloadResult(table=_empty_table(), **common)

    if people is not None and by in ("assignee", "role"):
        _say(notes, *_strangers(days, people, by))
    _key_by(days, by, people, projects)
    table = _period_table(days, people, by, freq, cal, threshold, notes)
    return WorkloadResult(table=table, new_work=new_work, **common)


def _names_as_people(tasks, people, projects) -> tuple:
    """Assignees and managers read as the people they name (said): 'ann lee''s work is Ann Lee's load, not apart;
    an assignee naming nobody is unassigned work (:func:`~pmo_forecast.inputs.plans.assignees_as_loaded`)."""
    tasks, nobody = assignees_as_loaded(tasks)
    tasks, spelt = spellings_read(tasks, people)
    projects, managers = spellings_read(projects, people, S.MANAGER) if projects is not None else (None, "")
    notes = [n for n in (spelt, managers) if n]
    _say(notes, nobody)
    return tasks, projects, notes


def _plan_ahead(plan, origin: int, people, queue, plan_level, demand, cal: WorkingCalendar, notes: list) -> tuple:
    """The rows ahead from the plan, its PM-pool requests and new work: the capacity view shows the finish dates' schedule."""
    # the plan's day k is k working days after its origin
    rows, unserved = _plan_rows(plan, origin, people, queue, plan_level)
    ahead = [rows]
    _say(notes, unserved)
    beyond_plan, note = _beyond_plan(plan, plan_level)
    _say(notes, note)
    new_work = {}
    if demand is not None:
        rows, new_work = _new_work_rows(demand, origin, plan, cal)
        ahead.append(rows)
    return ahead, beyond_plan, new_work


def _no_work(tasks: pd.DataFrame, history: pd.DataFrame, open_pid: np.ndarray) -> tuple:
    """The projects with no work to manage (every task cancelled, or done undated or after as_of): no PM load."""
    worked = set(history["project"]) | set(open_pid)
    return tuple(sorted({x for x in tasks[S.PROJECT_ID].dropna() if x not in worked}, key=str))


def _check_tables(tasks, people, projects, by: str, plan, demand) -> None:
    """Refuse, before any work, the tables and options :func:`workload` cannot read."""
    for col in (S.ESTIMATE, S.STATUS):
        if col not in tasks.columns:
            raise SchemaError(f"tasks has no '{col}' column; load it with pmo_forecast.load_tasks")
    status = tasks[S.STATUS].astype(object)
    odd = status.notna() & ~status.isin(S.STATUSES)
    if odd.any():  # such a task is neither open, done nor cancelled: its hours were left out of every period
        rows = (tasks[S.TASK_ID] if S.TASK_ID in tasks.columns else tasks.index.to_series()).astype(str)[odd]
        raise SchemaError(f"tasks: '{S.STATUS}' holds {counted(int(odd.sum()), 'value')} that {agree(int(odd.sum()), 'is', 'are')} not the package's "
                          f"({', '.join(S.STATUSES)}): {id_list(map(repr, sorted(map(str, set(status[odd])))), 5)} "
                          f"(tasks {id_list(rows, 5)}); load the export with "
                          "pmo_forecast.load_tasks, which maps a tracker's statuses", column=S.STATUS,
                          rows=rows.tolist()[:10])
    require_not_negative(tasks, "tasks")  # as the loader: a negative estimate took hours off a period's demand
    # the groupings the tables given allow, in words (option_refused): it had read as Python, "by='manager' needs"
    needs = {"manager": (projects, S.MANAGER, "projects"), "role": (people, S.ROLE, "people")}
    missing = {b: f"a {table} table with a '{col}' column" for b, (df, col, table) in needs.items()
               if df is None or col not in df.columns}
    if by in missing:  # the grouping named once, as given ("('manager' needs ...), got 'manager'" said it twice)
        allowed = [b for b in _BY if b not in missing]
        raise SchemaError(option_refused("by", f"be one of {in_words(allowed)} with the tables given", by)
                          + f", which needs {missing[by]}")
    if people is not None and S.PERSON not in people.columns:
        raise SchemaError(f"people has no '{S.PERSON}' column")
    # as the loaders: a repeated person doubled their capacity, a repeated project broke the lookups
    if people is not None:
        require_unique(people, S.PERSON, "people")
        require_capacity(people)
    if projects is not None:
        require_unique(projects, S.PROJECT_ID, "projects")
        require_not_negative(projects, "projects")
        require_matching_ids(tasks, projects, S.PROJECT_ID, "tasks", "projects")
    if demand is not None and plan is None:
        raise ValueError("demand= needs plan=: new work is what arrives beyond the delivery plan")


def _done_rows(t, assignee, pid, started, finished, as_of, origin: int, cal: WorkingCalendar,
               notes: list) -> pd.DataFrame:
    """Per (task, business day) rows of done work: its actual hours (the estimate when none was booked) over
    started..finished, without the days after ``as_of`` (said in ``notes``)."""
    est = t[S.ESTIMATE].to_numpy(dtype=float)
    done = (t[S.STATUS] == S.DONE).to_numpy() & ~np.isnat(finished)
    actual = t[S.ACTUAL].to_numpy(dtype=float) if S.ACTUAL in t.columns else np.full(len(t), np.nan)
    h_done = np.where(np.isfinite(actual) & (actual > 0), actual, est)[done]
    f_done = working_day_index(finished[done], cal)
    s_done = working_day_index(started[done], cal)
    s_done = np.where((s_done < 0) | (s_done > f_done), f_done, s_done)
    n_done = f_done - s_done + 1
    history = _spread(assignee[done], s_done, n_done, np.nan_to_num(h_done), "done", pid[done])
    # an as_of before the table's latest date does not rewind it (core.as_of.as_of_gap): work finished
    # after as_of counts as done, so it is in no plan; its hours booked after as_of are left out, or every
    # period ahead would hold them on top of the plan's remaining work. Work finished by as_of stays whole
    # (one finished on a weekend as_of counts on the Monday after)
    after_as_of = finished[done] > np.datetime64(as_of.date(), "D")
    later = np.repeat(after_as_of, np.maximum(n_done, 1)) & (history["bday"].to_numpy() > origin)
    left_out = history.loc[later, "hours"].sum()
    if left_out > 0:  # a task done without hours (no estimate, no actual) leaves nothing out: "0 h" is no news
        # hours as the pack shows them: whole from 100 up (13,601.4 h had read as a measure to the tenth)
        _say(notes, f"{format_number(left_out)} h of finished work are booked after as_of "
                    f"{as_of:%Y-%m-%d} (the task table runs later): that work counts as done, so those hours are "
                    "in no period and the periods from as_of on hold the plan's work only "
                    "(pmo_forecast.forecasting.rewind.tasks_as_of rewinds the table to that date)")
    return history.loc[~later]


def _open_rows(t, tasks, todo, assignee, pid, started, projects, model, model_stat: str, today: int,
               overdue_days: int, cal: WorkingCalendar, notes: list) -> pd.DataFrame:
    """Per (task, business day) rows of open work without a plan: the estimate (or the model's P50 or mean)
    less the hours booked, spread evenly from ``today`` (or the task's later start) to its project's due date."""
    open_t = t.loc[todo].copy()
    if len(open_t):  # the plan= path has its own (forecast_finish_dates fills them, warned)
        open_t[S.ESTIMATE], filled = fill_estimates(open_t, tasks)
        if filled.any():
            n = int(filled.sum())
            ids = f" ({id_list(open_t.loc[filled, S.TASK_ID], 5)})" if S.TASK_ID in open_t else ""
            # no estimate in the whole table (none given, or none above 0): no median to take, a placeholder, in the
            # estimates' unit (1 story point in a points table, which the model turns into hours)
            points = S.estimates_in_points(tasks)
            used = (f"{agree(n, 'its', 'their')} project's median estimate is used (the median of all estimates in "
                    "a project with none)" if usable_estimates(tasks).any() else
                    f"no task in the table has one to take a median of, so {agree(n, 'it counts', 'each counts')} "
                    f"{NO_ESTIMATE_HOURS:g} {estimate_unit(points, NO_ESTIMATE_HOURS)}, a placeholder")
            _say(notes, f"{counted(n, 'open task')} {agree(n, 'has', 'have')} no positive estimate{ids}: {used}, "
                        f"not 0 {estimate_unit(points, 0)}. Estimate {agree(n, 'it', 'them')} for a truer load.")
    h_open = open_t[S.ESTIMATE].to_numpy(dtype=float)
    booked = S.booked_hours(open_t)  # hours already spent on work under way: not demanded again
    if model is not None and todo.any():
        qs = np.array([0.5]) if model_stat == "p50" else (np.arange(39) + 0.5) / 39
        at_least = np.where(booked > 0, booked, np.nan)
        if hasattr(model, "ppf"):  # the actual given that it is more than the hours booked so far
            pred = np.asarray(model.ppf(open_t, qs[:, None], at_least=at_least), dtype=float).mean(axis=0)
        else:
            pred = np.asarray(model.predict_quantiles(open_t, tuple(qs)), dtype=float).mean(axis=1)
        h_open = np.where(np.isfinite(pred) & (pred > 0), pred, h_open)
    h_open = np.maximum(h_open - booked, 0.0)
    first = np.maximum(today, working_day_index(started[todo], cal))
    due = np.full(todo.sum(), -1, dtype=np.int64)
    if projects is not None and S.DUE in projects.columns:
        # by reindex, not Series.map: an empty projects table's dates failed in pandas 3's map (as in queue_order)
        due_by_id = projects.set_index(S.PROJECT_ID)[S.DUE]
        due = working_day_index(as_days(due_by_id.reindex(t.loc[todo, S.PROJECT_ID]).to_numpy()), cal)
    last = np.where(due >= first, due, first + overdue_days - 1)
    return _spread(assignee[todo], first, last - first + 1, h_open, "open", pid[todo])


def _key_by(days: pd.DataFrame, by: str, people, projects) -> None:
    """Set each per-day row's ``key`` to whose load it is: its assignee (as it came), PM, project or role."""
    if by == "manager":  # the PM pool's requests and new work are no project's: their own rows
        own = days["project"].where(days["project"].isin([PM_REQUESTS, NEW_WORK]))
        days["key"] = days["project"].map(projects.set_index(S.PROJECT_ID)[S.MANAGER]).fillna(own).fillna(UNASSIGNED)
    elif by == "project":
        days["key"] = days["project"]
    elif by == "role":
        new = days["key"].eq(NEW_WORK)
        # as object: an empty people table maps every key to a float NaN, which a text fill would not take
        role = days["key"].map(people.set_index(S.PERSON)[S.ROLE]).astype(object)
        days["key"] = role.fillna(UNASSIGNED).mask(new, NEW_WORK)


def _period_table(days: pd.DataFrame, people, by: str, freq: str, cal: WorkingCalendar, threshold: float,
                  notes: list) -> pd.DataFrame:
    """The per-day rows summed per (period, key) and set against capacity: the result's long table."""
    days["period"] = period_starts(days["bday"].to_numpy(), freq, cal)
    load = days.pivot_table(index=["period", "key"], columns="kind", values="hours", aggfunc="sum",
                            fill_value=0.0)
    load = load.reindex(columns=["done", "open"], fill_value=0.0)
    load.columns = [S.DONE_HOURS, S.OPEN_HOURS]
    load[S.DEMAND_HOURS] = load[S.DONE_HOURS] + load[S.OPEN_HOURS]
    load[S.POOLED_HOURS] = (days.groupby(["period", "key"])[S.POOLED_HOURS].sum().reindex(load.index)
                            if S.POOLED_HOURS in days else 0.0)

    # every period from the first to the last, whole: a week nobody has work in is idle, not missing,
    # and the last week's capacity runs to its end (cut at the last day of work, it read 100% used)
    first, last = period_starts(np.array([days["bday"].min(), days["bday"].max()]), freq, cal)
    periods = pd.DatetimeIndex(pd.period_range(first, last, freq=freq).start_time)
    capacity = _capacity(people, by, periods, freq, days["bday"].min(), last_working_days(periods, freq, cal)[-1], cal)
    table = load.reset_index()
    if capacity is not None:
        table = table.merge(capacity, on=["period", "key"], how="outer")
        hours = [S.DONE_HOURS, S.OPEN_HOURS, S.DEMAND_HOURS, S.POOLED_HOURS]
        table[hours] = table[hours].fillna(0.0)
    else:
        table[S.CAPACITY_HOURS] = np.nan
    table[S.UTILISATION] = utilisation(table[S.DEMAND_HOURS], table[S.CAPACITY_HOURS])
    table[S.OVER_ALLOCATED] = table[S.UTILISATION] > threshold + 1e-9  # a full week in float sums is not over
    table = table[list(_COLUMNS)].sort_values(["period", "key"], ignore_index=True)
    if capacity is not None:
        _say(notes, _without_capacity(table, by))
    return table


def _hours(hours: float) -> str:
    """Hours in a note at the precision that means something (:func:`~pmo_forecast.core.results.format_number`:
    whole hours from 100, three significant figures below), as this module's other notes say hours: to the tenth
    they had read "41.0 h" and "417.0 h" for whole hours."""
    return format_number(hours)


def _say(notes: list, note: str, warned: str | None = None) -> None:
    """A note on the result, warned at the caller of :func:`workload` (nothing when ``note`` is empty): as
    ``warned`` says it where given, the fact in words that every view of the same plan shares."""
    if note:
        notes.append(note)
        warn(warned or note, DataQualityWarning)


def _strangers(days: pd.DataFrame, people: pd.DataFrame, by: str) -> tuple[str, str]:
    """The note on assignees with hours who are not in the people table: no capacity to set
    them against, so their load would pass without a word (utilisation blank, or under no role).

    Returns ``(note, warned)``: the result's note says what this view shows of them; the warning says the fact
    alone, the same by person and by team, so that a pack showing both views says it once."""
    keys = days["key"].astype(str)
    away = keys.loc[~keys.isin(people[S.PERSON].astype(str)) & ~keys.isin([UNASSIGNED, NEW_WORK])]
    if away.empty:
        return "", ""
    names = sorted(away.unique())
    fact = (f"{counted(len(names), 'assignee')} with work "
            f"{agree(len(names), 'is', 'are')} not in the people table ({id_list(names, 5)}): "
            f"{_hours(days.loc[away.index, 'hours'].sum())} h with no capacity to set against")
    shown = "no utilisation" if by == "assignee" else f"counted under {UNASSIGNED}"
    fix = "; add them to the people table"
    return f"{fact} ({shown}){fix}", f"{fact}{fix}"


def _without_capacity(table: pd.DataFrame, by: str) -> str:
    """The note naming who has work in periods without capacity (utilisation ``inf`` there): a
    person at 0 hours a week had a blank utilisation in the summary and "inf" in the table, unexplained."""
    none = table.loc[np.isinf(table[S.UTILISATION].to_numpy(dtype=float))]
    if none.empty:
        return ""
    g = none.groupby("key", sort=True)[S.DEMAND_HOURS]
    hours, periods = g.sum(), g.size()
    n = len(hours)
    named = id_list((f"{k}: {_hours(h)} h in {counted(p, 'period')}"
                     for k, h, p in zip(hours.index, hours, periods, strict=True)), 5, sep="; ")
    who = counted(n, "person", "people") if by == "assignee" else counted(n, "role")
    return (f"{who} {agree(n, 'has', 'have')} "
            f"work in periods without capacity ({named}): hours_per_week x "
            "availability 0, or before a start or after an end date; utilisation there is infinite (over-allocated, "
            "blank in the pack); reassign the work or correct the people table")


def _plan_rows(plan, today: int, people, queue, level: float) -> tuple[pd.DataFrame, str]:
    """Per (person, project, business day) rows of the plan's scheduled hours, from the day after
    ``today``; the PM pool's request handling (``queue``) shared each day by the PMs serving the pool then
    (:func:`~pmo_forecast.core.capacity.off_the_pool`), as no project's; and the note on days none serves."""
    work = plan.daily_by_project(level)
    rows = pd.DataFrame({"key": work[S.PERSON].to_numpy(object), "bday": today + work["day"].to_numpy(),
                         "hours": work["hours"].to_numpy(), "kind": "open", "project": work[S.PROJECT_ID].to_numpy(object),
                         S.POOLED_HOURS: np.where(work["pooled"], work["hours"], 0.0)})
    if queue is None or people is None or S.ROLE not in people:
        return rows, ""
    # a fit counting the log's handlers (no PM serving at the log's end) has them serve when no PM does
    handlers = getattr(queue, "servers_source", None) == "handlers"
    queue = getattr(queue, "queue", queue)
    n_days = plan.daily_hours(level).shape[1]  # the days the plan runs: the requests run as long
    share, idle, nobody = pool_request_shares(plan, people, np.arange(1, n_days + 1), served=handlers)
    load = queue.hours_per_day  # request hands-on hours a working day
    per_day = share * load
    names = np.asarray(plan.people, dtype=object)
    i, d = np.nonzero(per_day > 0)
    requests = pd.DataFrame({"key": names[i], "bday": today + 1 + d, "hours": per_day[i, d], "kind": "open",
                             "project": PM_REQUESTS, S.POOLED_HOURS: 0.0})
    idle, lost = np.flatnonzero(idle), int(nobody.sum())
    # no request hours (a log with no touch time): nothing goes unserved or is shared, so nothing to say
    note = "" if not len(idle) or load <= 0 else (
        f"on {counted(len(idle), 'working day')} of the plan (from {plan.calendar.dates(plan.origin, [idle[0] + 1])[0]:%Y-%m-%d}) "
        f"no PM in the people table serves the PM pool (none employed at availability above 0 and hours a week "
        f"above 0): the pool is the request log's {queue.servers} handlers (the fit counts them), so "
        + _handled_by(load * (len(idle) - lost), load * lost)) if handlers else (
        f"on {counted(len(idle), 'working day')} of the plan (from {plan.calendar.dates(plan.origin, [idle[0] + 1])[0]:%Y-%m-%d}) "
        f"no PM in the people table serves the PM pool (none employed at availability above 0 and hours a week "
        f"above 0): the pool has no server then, so {_hours(load * len(idle))} h of request handling are unserved, on "
        f"nobody's row{_employed(lost, len(idle), load)}, and {_waits_then(idle, n_days, plan)}")
    return pd.concat([rows, requests], ignore_index=True), note


def _beyond_plan(plan, level) -> tuple[float, str]:
    """The hours of the plan's queues on none of its days (:attr:`WorkloadResult.beyond_plan`), and the note
    saying them: unsaid, the capacity view's hours ahead fell short of the forecast's remaining effort."""
    q = plan.queued_hours(level)
    after, beyond = float(q["after_end"].sum()), float(q["beyond_last_day"].sum())
    if round_half_away(after + beyond) <= 0:  # float noise, no whole hour
        return 0.0, ""
    last = plan.calendar.dates(plan.origin, [plan.daily_hours(level).shape[1]])[0]
    # hours as this module's other notes say them (_hours): whole hours here had read "38 h" beside their "37.6 h"
    parts = ([f"{_hours(beyond)} h come after its last day, {last:%Y-%m-%d}"] if _shows(beyond, after + beyond)
             else []) + (
        [f"{_hours(after)} h are queued for people whose end date comes first or who have no working hours, so "
         "that work cannot finish unless it is reassigned"] if _shows(after, after + beyond) else [])
    return after + beyond, (f"{_hours(after + beyond)} h of the {_hours(q['queued'].sum())} h the plan queues are on "
                            f"none of its days, so in no period: {'; '.join(parts)}. Utilisation and the hours ahead "
                            "leave them out; the finish dates count them")


def _shows(part: float, total: float) -> bool:
    """Whether ``part`` of ``total`` hours (half an hour at least) shows at the precision a note says ``total``
    (:func:`_hours`: whole hours from 100, three significant figures below): a part under half an hour had been
    left out of a note saying 37.9 h in all, its 0.3 h said nowhere; float noise does not show at that precision."""
    digits = 0 if total >= WHOLE_FROM else 2 - math.floor(math.log10(total))
    return round_half_away(part, digits) > 0


def _waits_then(idle: np.ndarray, n_days: int, plan) -> str:
    """The approval waits on the ``idle`` days (0-based, of the plan's ``n_days``) no PM serves, in words: without
    bound only from the last run of them that no PM comes back from in the plan; before then a request waits for
    a PM's return and the backlog (the scenarios' notes say the same; "without bound" for any such day had
    contradicted them)."""
    if idle[-1] < n_days - 1:
        return "its approval requests wait for a PM's return and then behind the backlog (a bounded wait)"
    breaks = np.flatnonzero(np.diff(idle) > 1)  # where a run of days with no PM ends and a later one begins
    if not len(breaks):
        return "its approval waits grow without bound"
    when = plan.calendar.dates(plan.origin, [idle[breaks[-1] + 1] + 1])[0]
    return (f"its approval requests wait for a PM's return and then behind the backlog (a bounded wait) until "
            f"{when:%Y-%m-%d}, from when, with no PM back in the plan, their waits grow without bound")


def _handled_by(shared: float, lost: float) -> str:
    """Where the handlers' request hours go on the days no PM serves: ``shared`` by the PMs employed then,
    ``lost`` on nobody's row (no PM employed); a part of 0 h is not said."""
    parts = ([f"{_hours(shared)} h of request handling are shared by the PMs employed then"] if shared > 0 else []) + (
        [f"{'' if shared > 0 else 'its request handling is '}{_hours(lost)} h on nobody's row (no PM employed)"]
        if lost > 0 else [])
    return ", ".join(parts)


def _employed(lost: int, idle: int, load: float) -> str:
    """Which of the ``idle`` days no PM serves have none employed (``lost``) and which have them at 0%."""
    if lost == idle:
        return " (no PM employed)"
    if lost == 0:
        return " (the PMs employed are at 0%)"
    return f" ({_hours(load * lost)} h of them with no PM employed, the rest with the PMs employed at 0%)"


def _new_work_rows(demand, today: int, plan, cal: WorkingCalendar) -> tuple[pd.DataFrame, dict]:
    """Per business day after ``today``: the forecast arrivals of task hours (each period's
    mean spread over its working days) beyond the growth the plan already holds; and what they
    add up to (:attr:`WorkloadResult.new_work`)."""
    f = demand.forecast
    series = f["series"].astype(str)
    if series.str.startswith(TASK_POINTS).any():  # points arriving had been added to capacity's hours
        raise ValueError(f"demand forecasts story points arriving ({TASK_POINTS}), not hours: the {NEW_WORK} row is "
                         "hours against capacity; new work needs hour estimates")
    f = f.loc[series.str.startswith(TASK_HOURS)].groupby("period")["forecast"].sum()
    if f.empty:
        raise ValueError(f"demand has no {TASK_HOURS} forecast (forecast_demand of the task table)")
    periods = pd.PeriodIndex(pd.DatetimeIndex(f.index), freq=demand.freq)
    starts, ends = (working_day_index(p.start_time.to_numpy().astype("datetime64[D]"), cal) for p in (periods, periods + 1))
    first = np.maximum(starts, today + 1)
    share = np.clip(ends - first, 0, None) / np.maximum(ends - starts, 1)  # the part of a period still ahead
    rows = _spread(np.full(len(f), NEW_WORK, dtype=object), first, ends - first,
                   f.to_numpy(dtype=float) * share, "open", NEW_WORK)
    rows = rows.loc[rows["bday"] < np.repeat(ends, np.maximum(ends - first, 1))].reset_index(drop=True)
    cum = np.cumsum(rows["hours"].to_numpy())
    beyond = np.maximum(cum - float(plan.expected_growth_hours), 0.0)
    rows["hours"] = np.diff(np.r_[0.0, beyond])
    rows[S.POOLED_HOURS] = rows["hours"]
    said = {"arriving_hours": float(cum[-1]) if len(cum) else 0.0, "growth_hours": float(plan.expected_growth_hours),
            "row_hours": float(rows["hours"].sum()), "periods": len(f),
            "last_day": (periods[-1] + 1).start_time - pd.Timedelta(days=1)}
    return rows.loc[rows["hours"] > 0], said


def _capacity(people, by, periods, freq, bday_lo, bday_hi, cal: WorkingCalendar) -> pd.DataFrame | None:
    """Capacity hours per (period, key) from the people table; None where it has no meaning.

    The plan's rule (:func:`~pmo_forecast.forecasting.finish.forecast_finish_dates`): each working
    day from ``start`` to ``end`` (both included) at ``hours_per_week x availability``, and at
    the availability of each dated change from its day on (the table's ``availability_change`` and a
    scenario's further ones, :func:`~pmo_forecast.core.capacity.capacity_steps`).
    """
    if people is None or by in ("manager", "project") or len(periods) == 0:
        return None
    for col in (S.HOURS_PER_WEEK,):
        if col not in people.columns:
            raise SchemaError(f"people has no '{col}' column: capacity needs contracted hours per week")
    p = people.reset_index(drop=True)
    per_day = weekly_capacity(p) / cal.days_per_week  # the one capacity rule (a missing cell: 40 h, availability 1)
    weekly_after, when = capacity_steps(p)
    change = np.column_stack([np.where(np.isnat(w), np.iinfo(np.int64).max, working_day_index(w.astype("datetime64[D]"), cal))
                              for w in when.T])
    lo = np.full(len(p), bday_lo, dtype=np.int64)
    hi = np.full(len(p), bday_hi, dtype=np.int64)
    if S.START in p.columns:
        st = working_day_index(as_days(p[S.START]), cal)  # a start on a weekend: the Monday after
        lo = np.where(st >= 0, np.maximum(lo, st), lo)
    if S.END in p.columns:
        end = as_days(p[S.END])
        en = working_day_index(end + np.timedelta64(1, "D"), cal) - 1  # the last working day on or before the end
        hi = np.where(~np.isnat(end), np.minimum(hi, en), hi)
    keep = np.flatnonzero(hi >= lo)
    keys = p[S.PERSON].astype(object).to_numpy() if by == "assignee" else p[S.ROLE].astype(object).to_numpy()
    cap = _spread(keep, lo[keep], hi[keep] - lo[keep] + 1, np.zeros(len(keep)), "cap")
    who = cap["key"].to_numpy(dtype=np.int64)
    hours = per_day[who]
    for k in range(change.shape[1]):  # in date order: the last change by the day holds
        hours = np.where(cap["bday"].to_numpy() >= change[who, k], weekly_after[who, k] / cal.days_per_week, hours)
    cap["hours"] = hours
    cap["key"] = keys[who]
    cap["period"] = period_starts(cap["bday"].to_numpy(), freq, cal)
    out = cap.groupby(["period", "key"], as_index=False)["hours"].sum().rename(columns={"hours": S.CAPACITY_HOURS})
    # people employed the whole range still have zero capacity in no period; keep only known periods
    return out.loc[out["period"].isin(periods)]
