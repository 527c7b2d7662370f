"""The workload's result: load per key and period, its summary, heatmap and the PM-pool load.

:class:`WorkloadResult` is what :func:`~pmo_forecast.forecasting.workload.workload` returns: the tidy
long table, a wide pivot, a per-key summary, the person-by-period utilisation heatmap and the PM-pool
load over time (active projects and hours per PM). :func:`utilisation` is the one rule of demand over
capacity, for the table and the summary alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.calendar import WorkingCalendar, period_name
from ..core.exceptions import SchemaError
from ..core.heatmap import utilisation_heatmap
from ..core.results import Result
from .working_days import as_days, last_working_days, working_day_index

__all__ = ["WorkloadResult", "utilisation"]


def utilisation(demand, capacity) -> np.ndarray:
    """Demand over capacity, the one rule of the table and the summary: ``inf`` for work where there is no
    capacity (flagged, never a ratio), NaN where the capacity is unknown or there is neither work nor capacity."""
    dem, cap = np.asarray(demand, dtype=float), np.asarray(capacity, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        util = np.where(cap > 0, dem / np.where(cap > 0, cap, 1.0), np.where(dem > 0, np.inf, np.nan))
    return np.where(np.isnan(cap), np.nan, util)


@dataclass(repr=False)
class WorkloadResult(Result):
    """Load per key and period (see :func:`~pmo_forecast.forecasting.workload.workload`).

    Attributes
    ----------
    table : pandas.DataFrame
        Tidy long table: ``period`` (period start), ``key``, ``demand_hours``,
        ``capacity_hours``, ``utilisation``, ``over_allocated``, the split
        ``done_hours`` / ``open_hours``, and ``pooled_hours``: the part of the open hours
        that is a share of unassigned work and scope growth (with ``plan=``; else 0).
    by, freq : str
        How the load was keyed and binned.
    as_of : pandas.Timestamp
        Periods from here on hold open (forecast) work.
    threshold : float
        Utilisation flagged as over-allocated.
    notes : list of str
        What was warned: open tasks without an estimate (filled with their project's median
        estimate, as :func:`~pmo_forecast.forecast_overruns` does), an empty table, assignees with
        hours who are not in the people table (no capacity: no utilisation), people (roles) with work in
        periods without capacity (utilisation ``inf``).
    no_work_projects : tuple
        Projects with tasks in the table but none with hours (every one cancelled, or done without
        a finish date or after ``as_of``): :meth:`pm_load` counts them as managed in no period.
    new_work : dict
        With ``demand=``, what the ``(new work)`` row adds up to: ``arriving_hours`` (the forecast's
        hours from the day after ``as_of``: of the period holding it only the part still ahead),
        ``growth_hours`` (the plan's scope growth they fill first), ``row_hours`` (the rest: the
        row), ``periods`` and ``last_day`` (the forecast's); empty without ``demand``.
    beyond_plan : float
        With ``plan=``, the hours of the people's queues that the plan places on none of its days, so in no
        period: work after the plan's last day (the finish dates' horizon date, ten years on), and work queued
        for someone whose end date comes first (:meth:`FinishDateForecast.queued_hours
        <pmo_forecast.forecasting.finish_dates.FinishDateForecast.queued_hours>`); said in ``notes``. 0 without ``plan``.
    """

    table: pd.DataFrame
    by: str
    freq: str
    as_of: pd.Timestamp
    threshold: float = S.FULL_UTILISATION
    projects: pd.DataFrame | None = None
    tasks_days: pd.DataFrame | None = None
    used_model: str = ""
    calendar: WorkingCalendar = field(default_factory=WorkingCalendar)
    notes: list = field(default_factory=list)
    no_work_projects: tuple = ()
    new_work: dict = field(default_factory=dict)
    beyond_plan: float = 0.0

    @property
    def title(self) -> str:
        basis = f"model {self.used_model.upper() if self.used_model == 'p50' else 'mean'}" if self.used_model \
            else "raw estimates"
        return f"Workload by {self.by} per {period_name(self.freq)} (open work from {basis}, as of {self.as_of:%Y-%m-%d})"

    def wide(self, values=S.UTILISATION) -> pd.DataFrame:
        """Pivot: one row per key, one column per period."""
        return self.table.pivot(index="key", columns="period", values=values)

    @property
    def first_period_ahead(self) -> pd.Timestamp:
        """Start of the period holding ``as_of``: "ahead" is this period and every later one.

        The one definition of the forecast's future, read by :meth:`summary` (``future_only``),
        :meth:`pm_load`'s callers and the pack's headline; the period holding ``as_of``
        counts whole (its finished hours before ``as_of`` and its planned hours after).
        """
        return pd.Timestamp(self.as_of).to_period(self.freq).start_time

    def summary(self, future_only=False) -> pd.DataFrame:
        """Per key: demand, capacity, utilisation overall and at peak, periods over-allocated.

        ``future_only`` restricts it to the periods ahead (:attr:`first_period_ahead` on). Utilisation is
        ``inf`` for work of a key whose capacity is 0 hours (someone in the people table with none in these
        periods: left, not yet hired, 0 hours a week), as in :attr:`table`, and NaN (shown blank) for a key with
        no capacity at all (no one in the people table: ``(unassigned)``, ``(new work)``), as in :attr:`table`
        too. The periods over capacity of such a key are missing (``<NA>``), not 0: none of its periods could be
        over a capacity it lacks.
        """
        t = self.table
        if future_only:
            t = t.loc[t["period"] >= self.first_period_ahead]
        g = t.groupby("key")
        out = pd.DataFrame({
            S.DEMAND_HOURS: g[S.DEMAND_HOURS].sum(),
            S.POOLED_HOURS: g[S.POOLED_HOURS].sum(),
            S.CAPACITY_HOURS: g[S.CAPACITY_HOURS].sum(min_count=1),
            S.PEAK_UTILISATION: g[S.UTILISATION].max(),
            S.PERIODS_OVER: g[S.OVER_ALLOCATED].sum().astype("Int64"),
            "periods": g.size(),
        })
        # "0 weeks over capacity" beside no capacity had read as work that fits
        out[S.PERIODS_OVER] = out[S.PERIODS_OVER].mask(out[S.CAPACITY_HOURS].isna())
        out.insert(3, S.UTILISATION, utilisation(out[S.DEMAND_HOURS], out[S.CAPACITY_HOURS]))
        return out.sort_values(S.DEMAND_HOURS, ascending=False)

    def over_capacity(self, people: pd.DataFrame) -> pd.Series:
        """Per person of ``people``: whether the plan has them over capacity in some period ahead.

        A team's summed hours can hide the one person the plan overloads; this names them.
        """
        per = self.summary(future_only=True)[S.PERIODS_OVER]
        index = pd.Index(people[S.PERSON].drop_duplicates(), name=S.PERSON)
        return (per.reindex(index).fillna(0) > 0).rename("over_capacity")

    def plot(self, ax=None, **kwargs):
        """Person-by-period utilisation heatmap (see :meth:`plot_heatmap`)."""
        return self.plot_heatmap(ax=ax, **kwargs)

    def plot_heatmap(self, ax=None, start=None, end=None, vmax=1.5, weeks_around=None):
        """Utilisation heatmap: keys down, periods across, coloured as the planning pack's heatmaps
        (:func:`~pmo_forecast.core.heatmap.utilisation_heatmap`: red above 100%); returns the Axes.

        The periods drawn start from ``start`` and end by ``end``; ``weeks_around`` (an int) defaults either to
        that many weeks before and after :attr:`as_of` (half a year of history and of plan with 26).
        """
        if weeks_around is not None:
            reach = pd.Timedelta(weeks=weeks_around)
            start = self.as_of - reach if start is None else start
            end = self.as_of + reach if end is None else end
        w = self.wide(S.UTILISATION)
        cols = w.columns
        if start is not None:
            cols = cols[cols >= pd.Timestamp(start)]
        if end is not None:
            cols = cols[cols <= pd.Timestamp(end)]
        ax = utilisation_heatmap(w[cols], as_of=self.as_of, ax=ax, vmax=vmax, date_format="%Y-%m-%d")
        ax.set_title(self._title())
        return ax

    def pm_load(self) -> pd.DataFrame:
        """PM-pool load per period: active projects and project hours per manager.

        A project is active in a period overlapping ``start``..``due``, extended to its
        last day of work when that is later: with ``plan=``, the plan's last scheduled day
        on it (at ``plan_level``), else the last day of its even spread. A closed or cancelled
        project, or one with all its work finished, is active until its last task finished, and
        never without finished work (a closed project counted until its due date), so one with no hours
        (:attr:`no_work_projects`) is never active whatever its status (it counted until its due date); one on hold
        with open work is active where that work is (its hours are in ``project_hours``). ``project_hours``
        are the hours of a manager's projects: done work, then the plan's hours on each
        project (or the even spread); the PM pool's request handling
        (:data:`~pmo_forecast.forecasting.workload.PM_REQUESTS`) and new work
        (:data:`~pmo_forecast.forecasting.workload.NEW_WORK`) belong to no project. Needs the projects table.
        """
        p = self.projects
        if p is None or S.MANAGER not in p.columns:
            raise SchemaError(f"pm_load needs the projects table with '{S.MANAGER}' (pass projects= to workload)")
        d = self.tasks_days
        periods = pd.DatetimeIndex(np.sort(self.table["period"].unique()))
        if len(periods) == 0:
            return pd.DataFrame(columns=["period", "manager", S.ACTIVE_PROJECTS, S.PROJECT_HOURS])
        p = p.loc[p[S.MANAGER].notna()]
        if p.empty:  # init's projects.csv leaves the column blank; read back it is all-missing floats
            raise SchemaError(f"pm_load: no project in the projects table has a manager (column '{S.MANAGER}' is "
                              "empty); fill in each project's manager in projects.csv, the PM's name as the people "
                              "table writes it", column=S.MANAGER)
        cal = self.calendar
        start = working_day_index(as_days(p[S.START]), cal) if S.START in p.columns else np.full(len(p), -1)
        end = working_day_index(as_days(p[S.DUE]), cal) if S.DUE in p.columns else np.full(len(p), -1)
        per_start = working_day_index(periods.to_numpy().astype("datetime64[D]"), cal)
        per_end = last_working_days(periods, self.freq, cal)
        # closed or cancelled: managed until its last finish; on hold with open work: while that work is
        # spread (its hours are in project_hours)
        over = p[S.STATUS].isin((S.CLOSED, S.CANCELLED)).fillna(False).to_numpy(bool) \
            if S.STATUS in p.columns else np.zeros(len(p), dtype=bool)
        finished = np.full(len(p), -1)
        if d is not None:
            ids = p[S.PROJECT_ID]
            last = d.groupby("project")["bday"].max().reindex(ids).fillna(-1).to_numpy()
            first = d.groupby("project")["bday"].min().reindex(ids).fillna(-1).to_numpy()
            end = np.maximum(end, last)
            start = np.where(start < 0, first, start)
            finished = d.loc[d["kind"].eq("done")].groupby("project")["bday"].max().reindex(ids).fillna(-1).to_numpy()
            all_done = ids.isin(d["project"]) & ~ids.isin(d.loc[d["kind"].eq("open"), "project"])
            over = over | all_done.to_numpy(bool)
        over = over | p[S.PROJECT_ID].isin(self.no_work_projects).to_numpy(bool)  # nothing finished: never active
        end = np.where(over, finished, end)
        active = (start[None, :] <= per_end[:, None]) & (end[None, :] >= per_start[:, None]) & (start >= 0)[None, :]
        counts = pd.DataFrame(active.astype(int), index=periods, columns=p[S.MANAGER].to_numpy())
        counts = counts.T.groupby(level=0).sum().T.stack().rename(S.ACTIVE_PROJECTS)
        counts.index.names = ["period", "manager"]
        out = counts.reset_index()
        if d is not None:
            mgr = d["project"].map(p.set_index(S.PROJECT_ID)[S.MANAGER])
            hrs = d.assign(manager=mgr).groupby(["period", "manager"])["hours"].sum().rename(S.PROJECT_HOURS)
            out = out.merge(hrs.reset_index(), on=["period", "manager"], how="left")
            out[S.PROJECT_HOURS] = out[S.PROJECT_HOURS].fillna(0.0)
        return out

    def pm_load_now(self) -> pd.DataFrame:
        """The PM-pool load in the period the as-of date falls in (the last one starting on or before it).

        Returns
        -------
        pandas.DataFrame
            One row a manager (index ``manager``): ``period``, ``active_projects`` and ``project_hours``, as
            :meth:`pm_load` gives them; empty when no period starts by the as-of date.
        """
        pm = self.pm_load()
        now = pm.loc[pm["period"] <= self.as_of, "period"].max()
        return pm[pm["period"] == now].set_index("manager")

    def plot_pm_load(self, ax=None, value=S.ACTIVE_PROJECTS):
        """PM-pool load over time, one line per PM (``value``: active_projects or project_hours)."""
        import matplotlib.pyplot as plt

        w = self.pm_load().pivot_table(index="period", columns="manager", values=value, aggfunc="sum")
        ax = ax if ax is not None else plt.subplots(figsize=(10, 4))[1]
        w.plot(ax=ax, lw=1.2, drawstyle="steps-post")
        ax.axvline(pd.Timestamp(self.as_of), color="k", lw=1, ls="--")
        ax.set_ylabel(value.replace("_", " "))
        ax.set_xlabel("")
        ax.set_title(f"PM-pool load: {value.replace('_', ' ')} per PM")
        ax.legend(fontsize=7, ncol=2)
        return ax
