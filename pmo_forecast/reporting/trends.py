"""The PMO's own KPIs over time: accuracy, delivery, flow and the PM pool, per quarter (or month).

``kpi_trends(tasks, projects, requests)`` turns the history into one row per period
(and per group with ``by=``): how good the estimates were, how many projects
finished on time and on budget, how much work flowed through, how long it took,
how many projects each PM carried, how long approvals waited and how busy the
PM pool was. It is what a PMO shows to prove its worth: numbers that move.

Definitions (all per period; a task or project belongs to the period it finished in)
--------------------------------------------------------------------------------------
* Periods: every one from the first date in the data (a task created, started or finished,
  a project started, a request made) to the as-of date's, the last partial when as_of
  falls inside it; with ``by``, every period for every group (zero counts where nothing
  happened).
* Task accuracy: finished tasks with estimate and actual > 0 (``tasks_compared``, out of
  ``tasks_finished``). ``median_ratio`` is the
  median actual / estimate; ``share_within_20pct`` the share with 0.8 <= ratio <= 1.2;
  ``task_bias`` the mean of log(ratio) (0 = unbiased; 0.1 is about 10% over), ``task_bias_pct`` the same as a
  share over (+) or under (-) the estimate, exp(task_bias) - 1 (the geometric mean of the ratios, less 1: the
  Summary's task row), and ``task_spread`` the standard deviation of log(ratio). With story-point estimates
  (:func:`~pmo_forecast.core.schema.estimates_in_points`) the ratio is hours per point, a rate:
  ``median_hours_per_point`` replaces ``median_ratio``, and ``share_within_20pct``, ``task_bias``
  and ``project_bias``, which read it as an overrun, are left out (said in ``warnings_``); the
  spreads do not depend on the unit and stay.
* Projects completed: every task done or cancelled (and, with a projects table, status
  ``closed``); completed on the last done task's finish. A done task without a finished date
  counts as done from its last known date (the latest of its own created and started dates
  and its project's done tasks' finishes, :func:`finished_or_last_known`), for its project's completion
  only: it is in no task measure (said in ``warnings_``). A cancelled project (projects table
  status ``cancelled``, or every task cancelled) is not delivered: it counts in none of
  the delivery measures, only as no longer running. ``project_bias``/``project_spread``:
  mean and standard deviation of log(total actual / total estimate of its finished
  tasks); ``project_bias_pct``, exp(project_bias) - 1, as ``task_bias_pct``. ``on_time_rate``: share finished by ``due`` (an open project already past its due date is in
  no period's rate until it completes: named in ``warnings_`` and :attr:`KPITrends.note`); ``on_budget_rate``: share whose
  hours booked (finished and cancelled tasks) are at most ``budget_hours``, over the
  projects with hours booked (a project whose every actual is blank is unknown, and so is
  one with a done task without an actual that is not already over budget: said in ``warnings_``).
* Throughput: tasks finished and their actual hours. Cycle time: working days from
  started to finished (09:00-17:00 business days), P50 and P85; a task finished before it
  started has none (said in ``warnings_``).
* Work in progress: tasks in progress at the period's last day (started by then, not done or
  cancelled by then: the table rewound to that day, :func:`~pmo_forecast.forecasting.rewind.tasks_as_of`),
  ``wip_age_p85_days`` the 85th percentile of their ages in working days, and ``tasks_stale`` those
  older than 99% of the tasks finished by then took (:func:`~pmo_forecast.core.aging.work_age`; blank while fewer than
  100 finished tasks are dated at both ends): finished or abandoned work never closed in the
  tracker piles up here. A task cancelled on an unknown date is in no period's work in progress
  (said in ``warnings_``).
* WIP per PM: projects running on the period's last day (started, not yet completed)
  over the managers running at least one project that day; a project without a manager is
  in neither (said in ``warnings_``), not shared out among the managers named.
* Approvals (request log): wait = working days from requested to started, for requests
  started in the period, P50 and P90 (none for a request started before it was requested,
  said in ``warnings_``); ``flow_efficiency`` = hands-on hours over
  working hours from requested to done, for requests done in the period.
* PM-pool utilisation, observed (``pm_pool_utilisation``; not the queue model's long-run utilisation, see
  :data:`~pmo_forecast.core.labels.POOL_UTILISATION_TWO`): working hours the pool spent with requests in service
  (started to done, cut to the period) over pool size x working hours in the period;
  the pool is the people with role ``pm`` employed in the period (people table), else
  the handlers in the log. A request started and not done is in service up to the as-of
  date, at most as long as 90% of the completed ones took. The period the log ends in counts
  to the log's last day only (its rest is not in the log, not idle), the periods after it are
  blank, both said in ``warnings_``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.aging import work_age
from ..core.as_of import (
    early_date_limit,
    finishes_read_as_blank,
    implausible_dates_read,
    infer_as_of,
    no_finish_said,
    resolve_as_of,
)
from ..core.calendar import HOURS_PER_DAY, WorkingCalendar, period_freq, working_hours_between
from ..core.capacity import off_the_pool
from ..core.checks import require_not_negative
from ..core.exceptions import DataQualityWarning
from ..core.exceptions import warn as warn_now
from ..core.keys import people_counted, spellings_read, spelt_alike_note
from ..core.labels import POOL_UTILISATION_OBSERVED, agree, counted, id_list, label, option_refused
from ..core.results import Result
from ..core.workbook import PCT_CHANGE, PER_POINT_KIND, WHOLE_DAYS
from ..forecasting.rewind import known_since, tasks_as_of
from .outcomes import finished_or_last_known, project_outcomes, require_for
from .rewound_tables import tables_as_of

#: Within this share of the estimate counts as "accurate" (0.8 <= actual / estimate <= 1.2).
ACCURACY_BAND = 0.2

#: The window of the headline delivery and accuracy figures (:meth:`KPITrends.recent`).
RECENT_MONTHS = 12

#: Measure -> display kind ("pct", "num", "int", "hours", "days", :data:`~pmo_forecast.core.workbook.WHOLE_DAYS`);
#: headers come from :mod:`pmo_forecast.core.labels`. The biases are shown as signed percentages (``_pct``, +6% as the
#: Summary says it), their mean logs in :meth:`KPITrends.summary` only. Approval waits to the tenth of a day, as the Summary and the
#: Capacity sheet show them; cycle times and ages of work in progress in whole days (SiP's read 1,738.2).
MEASURES = {
    "tasks_finished": "int",
    "hours_finished": "hours",
    "tasks_compared": "int",
    "median_ratio": "num",
    S.MEDIAN_HOURS_PER_POINT: PER_POINT_KIND,
    "share_within_20pct": "pct",
    "task_bias": "num",
    "task_bias_pct": PCT_CHANGE,
    "task_spread": "num",
    "projects_completed": "int",
    "project_bias": "num",
    "project_bias_pct": PCT_CHANGE,
    "project_spread": "num",
    "on_time_rate": "pct",
    "on_budget_rate": "pct",
    "cycle_time_p50_days": WHOLE_DAYS,
    "cycle_time_p85_days": WHOLE_DAYS,
    "tasks_in_progress": "int",
    "wip_age_p85_days": WHOLE_DAYS,
    "tasks_stale": "int",
    "projects_running": "int",
    "wip_per_pm": "num",
    "approval_wait_p50_days": "days",
    "approval_wait_p90_days": "days",
    "flow_efficiency": "pct",
    "pm_pool_utilisation": "pct",
}
#: The measures drawn by :meth:`KPITrends.plot` by default (the small multiples).
PLOT_MEASURES = ("median_ratio", S.MEDIAN_HOURS_PER_POINT, "share_within_20pct", "on_time_rate", "on_budget_rate", "hours_finished",
                 "cycle_time_p85_days", "wip_age_p85_days", "wip_per_pm", "approval_wait_p90_days",
                 "pm_pool_utilisation")

#: The measures that read actual / estimate as an overrun: none with story-point estimates (hours per point); the
#: biases' percentages (:data:`BIAS_PERCENTAGES`) are made from them, so none either.
OVERRUN_MEASURES = ("share_within_20pct", "task_bias", "project_bias")
#: Mean log(actual / estimate) -> the same as a share over (+) or under (-) the estimate, exp(mean log) - 1: what the
#: pack's sheets and CSVs show (a mean log of 0.05 sat beside the Summary's +6% for one measure).
BIAS_PERCENTAGES = {"task_bias": "task_bias_pct", "project_bias": "project_bias_pct"}
POINTS_WARNING = ("within 20% of estimate, task bias and project bias: the estimates are story points, so actual / "
                  "estimate is hours per point (its median is shown), a rate, not an overrun")

#: Said in ``warnings_`` without a request log: the pool's measures are left out.
NO_REQUESTS_WARNING = f"approval waits, flow efficiency and {POOL_UTILISATION_OBSERVED} need the request log"


def _require(df, columns, table):
    require_for(df, columns, table, "the KPI trends")


def _listed(ids: list) -> str:
    """`` (a1, a2)`` for the rows a warning names, the first ten of them ("" when none are named)."""
    return f" ({id_list(ids)})" if ids else ""


def _overdue_note(ids: list, as_of) -> str:
    """The words on open projects past their due date, which the on-time rate does not count yet."""
    n = len(ids)
    return (f"on-time rate: completed projects only; {counted(n, 'open project')}{_listed(ids)} "
            f"{agree(n, 'was', 'were')} already past {agree(n, 'its', 'their')} due date on "
            f"{pd.Timestamp(as_of):%Y-%m-%d}: late, but in no period's rate until {agree(n, 'it completes', 'they complete')}")


def _forwards_only(days: pd.Series, table: pd.DataFrame, first: str, last: str, key: str, what: str, check: str,
                   warn: list) -> pd.Series:
    """``days`` blank where ``table[last]`` comes before ``table[first]`` (a typing error, not a negative
    duration in the percentiles), said in ``warn``: ``what(n)`` (the words for ``n`` such rows), the rows named
    by ``key``, and the validation ``check`` that reports them."""
    backwards = table[last] < table[first]
    if not backwards.any():
        return days
    ids = table.loc[backwards, key].astype(str).tolist() if key in table else []
    n = int(backwards.sum())
    warn.append(f"{what(n)}{_listed(ids)} {agree(n, 'has', 'have')} none (validation's {check})")
    return days.mask(backwards)


def _periods(dates: pd.Series, freq: str) -> pd.Series:
    """Start of the period each date falls in (NaT stays NaT)."""
    p = pd.PeriodIndex(pd.DatetimeIndex(dates), freq=period_freq(freq))
    return pd.Series(p.start_time, index=dates.index).where(dates.notna())


def _period_names(starts: pd.Series, code: str) -> pd.Series:
    """Periods starting on ``starts`` as text under the pandas period ``code`` (see :meth:`KPITrends.report_table`)."""
    p = starts.dt.to_period(code)
    if code in ("Q-DEC", "Y-DEC") or "-" not in code or code.startswith("W"):
        return p.astype(str)
    quarter = ("Q" + p.dt.quarter.astype(str) + " ") if code.startswith("Q") else ""
    return "FY" + p.dt.qyear.astype(str) + " " + quarter + "(from " + starts.dt.strftime("%Y-%m") + ")"


class KPITrends(Result):
    """The PMO's KPIs per period (and group): see :func:`kpi_trends`.

    Attributes
    ----------
    table : DataFrame
        One row per period (and group, with ``by``), one column per measure
        (:data:`MEASURES`), indexed by ``period`` (the period's first day).
    freq : str
        The period length used.
    by : str or None
        The grouping column.
    projects_ : DataFrame
        The per-project outcomes the delivery rates come from (see :func:`project_outcomes`).
    warnings_ : list of str
        Measures left out and why (a table or column missing).
    tasks_ : DataFrame
        The finished tasks counted: ``finished`` and ``log_ratio`` (missing without an
        estimate and actual > 0).
    as_of : Timestamp
        The last day counted; the last period is partial when it ends later.
    overdue_open_ : list of str
        The projects still open on :attr:`as_of` and already past their due date: late in no
        period's ``on_time_rate`` until they complete (said in :attr:`warnings_` and :attr:`note`).
    handlers_periods_, handlers_note_ : list of Timestamp, str
        The periods whose PM-pool utilisation counts the request log's handlers (no PM employed in the
        people table), and the warning in :attr:`warnings_` that says so ("" when none): a report that
        already says the pool is the handlers reads them to say it once.
    """

    def __init__(self, table, freq, by, projects_, warnings_, *, tasks_=None, as_of=None, overdue_open_=(),
                 handlers_periods_=(), handlers_note_=""):
        self.table, self.freq, self.by = table, freq, by
        self.projects_, self.warnings_ = projects_, warnings_
        self.tasks_, self.as_of = tasks_, as_of
        self.overdue_open_ = list(overdue_open_)
        self.handlers_periods_, self.handlers_note_ = list(handlers_periods_), handlers_note_

    @property
    def note(self) -> str:
        """What the on-time rate leaves out: the open projects already past their due date on
        :attr:`as_of` (also in :attr:`warnings_`), or "" when there are none; shown under the table."""
        return _overdue_note(self.overdue_open_, self.as_of) if self.overdue_open_ else ""

    def _footnote(self) -> str:
        return self.note

    @property
    def partial_period(self):
        """The last period's start when it runs past :attr:`as_of` (it is not over yet), else None."""
        if self.as_of is None or self.table.empty:
            return None
        last = self.table.index.get_level_values("period").max()
        end = pd.Period(last, freq=period_freq(self.freq)).end_time.normalize()
        return last if end > self.as_of else None

    def recent(self, months: int = RECENT_MONTHS) -> dict:
        """Delivery and accuracy over the ``months`` to :attr:`as_of` (a rolling window, not
        whole periods, so a quarter under way counts for what has happened in it).

        Returns
        -------
        dict
            ``since`` (first day counted: the window's, or the first finish in the history when that is later),
            ``until`` (:attr:`as_of`), ``short`` (True when the history starts after the window's first day),
            ``label`` ("in the 12 months to 2026-04-30", or "since 2026-01-05 (the first finish in the history)"),
            ``projects_completed``; ``with_due``, ``late`` and ``late_share`` (of those with
            a due date); ``with_budget``, ``over_budget`` and ``over_budget_share``;
            ``tasks`` (with estimate and actual), ``median_ratio`` and ``typical_overrun``
            (exp of the mean log ratio, minus 1). Shares are NaN when nothing counts.
        """
        until = self.as_of
        since = until - pd.DateOffset(months=months) + pd.Timedelta(days=1)
        first = self.tasks_[S.FINISHED].min() if self.tasks_ is not None and len(self.tasks_) else pd.NaT
        starts = pd.Series([first, self.projects_["finished"].min()]).dropna()
        short = bool(len(starts)) and starts.min().normalize() > since
        if short:
            since = starts.min().normalize()
        label = (f"since {since:%Y-%m-%d} (the first finish in the history)" if short
                 else f"in the {months} months to {until:%Y-%m-%d}")
        end = until + pd.Timedelta(days=1)
        p = self.projects_
        p = p[p["completed"] & (p["finished"] >= since) & (p["finished"] < end)]
        late, over = p["late"].dropna().astype(bool), p["over_budget"].dropna().astype(bool)
        t = self.tasks_ if self.tasks_ is not None else pd.DataFrame(columns=[S.FINISHED, "log_ratio"])
        lr = t.loc[(t[S.FINISHED] >= since) & (t[S.FINISHED] < end), "log_ratio"].dropna()
        return {"since": since, "until": until, "short": short, "label": label, "projects_completed": len(p),
                "with_due": len(late), "late": int(late.sum()), "late_share": late.mean() if len(late) else np.nan,
                "with_budget": len(over), "over_budget": int(over.sum()),
                "over_budget_share": over.mean() if len(over) else np.nan, "tasks": len(lr),
                "median_ratio": float(np.exp(lr.median())) if len(lr) else np.nan,
                "typical_overrun": float(np.expm1(lr.mean())) if len(lr) else np.nan}

    def overall(self) -> dict:
        """Delivery over the whole history, every period together: what the periods' ``on_time_rate`` and
        ``on_budget_rate`` say, counted once over all the projects completed.

        Returns
        -------
        dict
            ``projects_completed`` (with a finish date, as the periods count them), ``on_time_rate`` (share of
            those with a due date finished by it) and ``on_budget_rate`` (share of those with a budget within
            it); a share is NaN when no project counts.
        """
        p = self.projects_
        done = p[p["completed"] & p["finished"].notna()]
        late, over = done["late"].dropna().astype(bool), done["over_budget"].dropna().astype(bool)
        return {"projects_completed": len(done),
                "on_time_rate": float(1 - late.mean()) if len(late) else np.nan,
                "on_budget_rate": float(1 - over.mean()) if len(over) else np.nan}

    @property
    def title(self) -> str:
        return f"KPI trends per period ({self.freq})" + (f" by {self.by}" if self.by else "")

    def summary(self) -> pd.DataFrame:
        """The table, one row per period (and group)."""
        return self.table

    def report_table(self) -> pd.DataFrame:
        """The table with the period as text (``2024Q1``, ``2024-01``) in a column, for reports;
        a period not over yet says so (``2026Q2 (to 2026-04-30)``). A fiscal period is named by
        the year it ends in and says its first month (``FY2027 Q1 (from 2026-04)``; not over yet,
        ``FY2027 Q1 (from 2026-04, to 2026-06-29)``): pandas' own name, ``2027Q1``, reads as
        January to March 2027. The biases are their percentages over or under the estimate
        (``task_bias_pct``, ``project_bias_pct``), not their mean logs, as the Summary shows a bias."""
        out = self.table.drop(columns=list(BIAS_PERCENTAGES), errors="ignore").reset_index()
        partial = out["period"] == self.partial_period if self.partial_period is not None else None
        out["period"] = _period_names(out["period"], period_freq(self.freq))
        if partial is not None:
            name = out.loc[partial, "period"]
            out.loc[partial, "period"] = np.where(name.str.endswith(")"), name.str[:-1] + f", to {self.as_of:%Y-%m-%d})",
                                                  name + f" (to {self.as_of:%Y-%m-%d})")
        return out

    def labelled(self) -> pd.DataFrame:
        """:meth:`report_table` with plain-language headers (units included)."""
        return self.report_table().rename(columns=label)

    def plot(self, measures=PLOT_MEASURES, ax=None, ncols: int = 3):
        """Small multiples: one panel per measure over the periods (one line per group).

        Parameters
        ----------
        measures : sequence of str
            Columns of :attr:`table` to draw (measures missing from it are skipped).
        ax : array of Axes, optional
            Axes to draw in (at least as many as measures); default: a new figure.
        ncols : int
            Panels per row in a new figure.

        Returns
        -------
        numpy.ndarray of Axes
        """
        import matplotlib.pyplot as plt
        from matplotlib.ticker import PercentFormatter

        measures = [m for m in measures if m in self.table and self.table[m].notna().any()]
        if ax is None:
            nrows = max(1, -(-len(measures) // ncols))
            _, ax = plt.subplots(nrows, ncols, figsize=(4 * ncols, 2.6 * nrows), squeeze=False,
                                 constrained_layout=True)
        axes = np.asarray(ax).ravel()
        data = self.table.reset_index()
        groups = [(None, data)] if self.by is None else list(data.groupby(self.by, sort=True))
        for a, m in zip(axes, measures, strict=False):
            kind = MEASURES.get(m, "num")
            for name, d in groups:
                a.plot(d["period"], d[m], marker="o", ms=3, label=None if name is None else str(name))
            a.set_title(label(m), fontsize=9)
            if kind == "pct":
                a.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
                a.set_ylim(0, 1.02)
            if m == "median_ratio":
                a.axhline(1.0, color="grey", lw=0.8, ls="--")
            a.tick_params(labelsize=7)
            a.tick_params(axis="x", labelrotation=45)
        for a in axes[len(measures):]:
            a.set_visible(False)
        if self.by is not None and len(measures):
            axes[0].legend(fontsize=7, title=self.by, title_fontsize=7)
        return axes


def kpi_trends(tasks: pd.DataFrame, projects: pd.DataFrame | None = None, requests: pd.DataFrame | None = None,
               freq: str = "QS", by: str | None = None, *, people: pd.DataFrame | None = None,
               as_of=None, calendar=None) -> KPITrends:
    """The PMO's KPIs per period: estimation accuracy, delivery, throughput, flow and the PM pool.

    Parameters
    ----------
    tasks : DataFrame
        Canonical task table. A date far beyond or before the rest of the data (a typo year such as 2204, a zero
        date) is read as blank, as the planning pack reads it, with a
        :class:`~pmo_forecast.DataQualityWarning` naming it (in ``warnings_`` too).
    projects : DataFrame, optional
        Projects table: due dates and budgets (on-time and on-budget rates), managers
        (projects per PM) and the columns ``by`` may name.
    requests : DataFrame, optional
        PM-pool request log: approval waits, flow efficiency and pool utilisation.
    freq : str
        Period: ``"QS"`` quarters (default), ``"MS"`` months, ``"YS"`` years.
    by : str, optional
        Group every measure by this column of the tasks or projects table (for
        example ``"project_type"``, ``"portfolio"``, ``"business_unit"``,
        ``"department"``, ``"task_type"``); pool measures (approvals, utilisation) are not
        grouped. A task column files each task under its own value, and a project under
        each value its tasks have in the project measures (completed, bias, on time, on
        budget, running): with one that varies inside projects the groups' project counts
        add up to more than the whole (said in ``warnings_``). A column of both tables is
        read from the tasks. Groups are as the roll-ups label them (:func:`~pmo_forecast.core.schema.group_labels`):
        two spelt alike (``BU1``, `` bu1 ``) are two groups, said in ``warnings_``
        (:func:`~pmo_forecast.core.keys.spelt_alike_note`).
    people : DataFrame, optional
        People table: the PM pool's size per period (role ``pm``); a manager spelt otherwise is the one person
        it names (:func:`~pmo_forecast.core.keys.managers_as_people`, said in ``warnings_``).
    as_of : date-like, optional
        The last day counted (default: the data's latest date); the last period is
        partial when as_of falls inside it.
    calendar : None, WorkingCalendar, list of holidays or dict
        Working days for cycle times, approval waits and the pool's working hours (the
        pack's ``--holidays``): a wait over a holiday counts its working days only.

    Returns
    -------
    KPITrends
        ``summary()`` one row per period (and group), ``plot()`` small multiples.

    Examples
    --------
    >>> import pmo_forecast as pf
    >>> tasks, projects, people, requests = pf.load_sample()
    >>> trends = pf.kpi_trends(tasks, projects, requests, people=people)
    >>> trends.summary()[["on_time_rate", "on_budget_rate"]].tail(2)  # doctest: +SKIP
    """
    _require(tasks, [S.PROJECT_ID, S.STATUS, S.ESTIMATE, S.ACTUAL, S.STARTED, S.FINISHED], "tasks")
    if people is not None:
        require_not_negative(people, "people")  # as the loader: hours a week are 0 or more
    cal = WorkingCalendar.coerce(calendar)
    hours_between = partial(working_hours_between, holidays=cal.np_holidays, weekmask=cal.weekmask)
    points = S.estimates_in_points(tasks)
    # the data's own (the dates far beyond the rest it leaves out said below, once, with their reading as blank: a
    # 2204 finish was said twice), or the caller's within the dates a plan can reach
    inferred = as_of is None
    as_of = infer_as_of(tasks, far_dates_said=False) if inferred else resolve_as_of(tasks, as_of)
    period_freq(freq)  # an unknown or multiple period is refused before any work
    # a date far beyond or before the rest (validation's far_future_finished, an error) read as blank before the
    # rewind, as the pack reads its table, and said: read as written, a finish typed 2204 kept its task in progress
    # and its project running at every later period's end, and in none of the delivery measures
    tasks, said = implausible_dates_read(tasks, inferred_as_of=as_of if inferred else None)
    warn: list[str] = [said] if said else []
    if said:
        warn_now(f"KPI trends: {said}.", DataQualityWarning)
    if projects is not None:  # 'pam' and 'Pam' are one PM in the projects per PM (counted as two), said
        projects, spelt = spellings_read(projects, people, S.MANAGER, warned=False)
        warn += [spelt] if spelt else []
    tasks, requests, undated = _rewound(tasks, requests, as_of, warn)
    outcomes = project_outcomes(tasks, projects)
    group, member = _groups(tasks, projects, by, warn) if by is not None else (None, None)
    keys = ["period"] + ([by] if by else [])

    table, finished = _task_measures(tasks, undated, freq, by, group, keys, hours_between, warn)
    done_p, proj = _project_measures(outcomes, freq, by, member, keys)
    overdue = _delivery_notes(projects, outcomes, done_p, as_of, warn)
    periods = _grid(tasks, outcomes, requests, freq, as_of, warn)
    rows = periods if by is None else pd.MultiIndex.from_product(
        [periods, sorted(member[by].unique())], names=keys)
    table = table.join(proj, how="outer").reindex(rows)
    cuts = _period_cuts(periods, freq, as_of)
    table = _task_wip(table, tasks, cuts, by=by, group=group, calendar=cal, warn=warn)
    table = _wip(table, outcomes, tasks, cuts, member=member, warn=warn)
    if requests is not None:
        table, handlers = _pool(table, requests, cuts, people=people, freq=freq, as_of=as_of, by=by,
                                hours_between=hours_between, warn=warn)
    else:
        warn.append(NO_REQUESTS_WARNING)
    return KPITrends(_as_shown(table, points, warn), freq, by, outcomes, warn, tasks_=finished, as_of=as_of,
                     overdue_open_=overdue, **(handlers if requests is not None else {}))


def _rewound(tasks, requests, as_of, warn: list) -> tuple[pd.DataFrame, pd.DataFrame | None, pd.Series]:
    """The tables as they stood at ``as_of``, done tasks without a finished date marked (said in ``warn``)."""
    blanked = finishes_read_as_blank(tasks)  # by the labels it was marked with, before they are reset
    tasks = tasks.reset_index(drop=True)
    undated = (tasks[S.STATUS] == S.DONE).fillna(False) & tasks[S.FINISHED].isna()
    blanked = undated & blanked
    # done on their last known date for the rewind and the projects' completion, as in project_outcomes;
    # no finish to count them by in the task measures
    tasks, requests = tables_as_of(tasks.assign(**{S.FINISHED: finished_or_last_known(tasks)}), requests, as_of)
    undated = undated.reindex(tasks.index) & (tasks[S.STATUS] == S.DONE)
    if undated.any():
        n = int(undated.sum())
        warn.append(f"{no_finish_said(n, int(blanked.reindex(tasks.index).sum()))}: not in the task measures "
                    f"(throughput, accuracy, cycle time); {agree(n, 'its', 'their')} project completed on its last "
                    "known date (the "
                    f"latest of {agree(n, 'its', 'their')} created and started dates and the project's finishes)")
    return tasks, requests, undated


def _as_shown(table: pd.DataFrame, points: bool, warn: list) -> pd.DataFrame:
    """``table`` as the trends show it: per point with story points (said), counts whole, ``MEASURES``' order."""
    if points:
        table = table.rename(columns=S.PER_POINT_COLUMNS).drop(columns=list(OVERRUN_MEASURES))
        warn.append(POINTS_WARNING)
    for count in ("tasks_finished", "tasks_compared", "projects_completed", "tasks_in_progress"):
        table[count] = table[count].fillna(0).astype(int)
    table["hours_finished"] = table["hours_finished"].fillna(0.0)
    for log, pct in BIAS_PERCENTAGES.items():
        if log in table:
            table[pct] = np.expm1(table[log])
    cols = [m for m in MEASURES if m in table]
    return table[cols].sort_index()


def _groups(tasks, projects, by: str, warn: list) -> tuple[pd.Series, pd.DataFrame]:
    """Each task's ``by`` group, and each project's groups (one row per project and group its tasks have);
    groups spelt alike and projects under several groups said in ``warn``."""
    group = _task_groups(tasks, projects, by)
    member = pd.DataFrame({S.PROJECT_ID: tasks[S.PROJECT_ID].to_numpy(), by: group.to_numpy()}).drop_duplicates()
    # grouped apart as written, as the roll-ups group them, and said as they say it
    if (alike := spelt_alike_note(sorted(member[by].unique()), by,
                                    "tasks" if by in tasks.columns else "projects")):
        warn.append(alike)
    if (several := member[S.PROJECT_ID].duplicated().sum()):
        warn.append(f"{by} varies inside {counted(several, 'project')}: each counts under every {by} of its tasks in the "
                    "project measures (completed, on time, on budget, running), so the groups add up to more")
    return group, member


def _task_measures(tasks, undated, freq: str, by, group, keys: list, hours_between,
                   warn: list) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The task measures per period (and group) of the tasks done by as_of: throughput, accuracy and cycle
    times; and the done tasks' finishes and log ratios (:attr:`KPITrends.tasks_`)."""
    t = tasks.loc[(tasks[S.STATUS] == S.DONE) & ~undated].copy()  # the rewind reopened those done later
    t["period"] = _periods(t[S.FINISHED], freq)
    ok = (t[S.ESTIMATE] > 0) & (t[S.ACTUAL] > 0)
    t["log_ratio"] = np.log((t[S.ACTUAL] / t[S.ESTIMATE]).where(ok))
    # on the band's edge within the exact tolerance (S.EXACT_RTOL): 2.4 h on an estimate of 3 h is 0.7999999999999999
    # in floating point, and a quarter of the actuals exactly 20% off their whole-hour estimate fell outside
    ratio = t[S.ACTUAL] / t[S.ESTIMATE]
    low, high = (1 - ACCURACY_BAND) * (1 - S.EXACT_RTOL), (1 + ACCURACY_BAND) * (1 + S.EXACT_RTOL)
    t["within"] = ((ratio >= low) & (ratio <= high)).where(ok)
    cycle = pd.Series(hours_between(t[S.STARTED], t[S.FINISHED]) / HOURS_PER_DAY, index=t.index)
    t["cycle_days"] = _forwards_only(cycle, t, S.STARTED,
                                     S.FINISHED, S.TASK_ID, lambda n: f"cycle time: {counted(n, 'task')} finished "
                                     f"before {agree(n, 'it', 'they')} started",
                                     "finish_before_start", warn)
    if by:
        t[by] = group
    g = t.groupby(keys, sort=True)
    table = pd.DataFrame({
        "tasks_finished": g.size(),
        "hours_finished": g[S.ACTUAL].sum(),
        "tasks_compared": g["log_ratio"].count(),
        "median_ratio": g["log_ratio"].median().pipe(np.exp),
        "share_within_20pct": g["within"].mean(),
        "task_bias": g["log_ratio"].mean(),
        "task_spread": g["log_ratio"].std(),
        "cycle_time_p50_days": g["cycle_days"].quantile(0.5),
        "cycle_time_p85_days": g["cycle_days"].quantile(0.85),
    })
    return table, t.loc[:, [S.FINISHED, "log_ratio"] + ([by] if by else [])].reset_index(drop=True)


def _project_measures(outcomes: pd.DataFrame, freq: str, by, member, keys: list) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The projects completed (under each group their tasks have), and the delivery measures per period
    (and group): completed, bias and spread, on time and on budget."""
    done_p = outcomes[outcomes["completed"] & outcomes["finished"].notna()].copy()
    done_p["period"] = _periods(done_p["finished"], freq)
    if by:  # under each group its tasks have
        done_p = done_p.drop(columns=by, errors="ignore").join(member.set_index(S.PROJECT_ID))
    done_p["log_ratio"] = np.log(done_p["ratio"])
    pg = done_p.groupby(keys, sort=True)
    proj = pd.DataFrame({
        "projects_completed": pg.size(),
        "project_bias": pg["log_ratio"].mean(),
        "project_spread": pg["log_ratio"].std(),
        "on_time_rate": pg["late"].apply(lambda s: 1 - s.dropna().astype(float).mean() if s.notna().any() else np.nan),
        "on_budget_rate": pg["over_budget"].apply(
            lambda s: 1 - s.dropna().astype(float).mean() if s.notna().any() else np.nan),
    })
    return done_p, proj


def _delivery_notes(projects, outcomes: pd.DataFrame, done_p: pd.DataFrame, as_of, warn: list) -> list:
    """Say in ``warn`` what the on-time and on-budget rates cannot count; the open projects past their
    due date (:attr:`KPITrends.overdue_open_`)."""
    overdue = []
    if projects is None or S.DUE not in projects:
        warn.append("on-time rate needs the projects table with due dates")
    else:
        # the on-time rate counts completed projects: one still open past its due date is late in no period yet
        still_open = ~(outcomes["completed"] | outcomes["cancelled"])
        past_due = pd.to_datetime(outcomes["due"]).dt.normalize() < as_of.normalize()
        overdue = outcomes.index[(still_open & past_due).to_numpy()].astype(str).tolist()
        if overdue:
            warn.append(_overdue_note(overdue, as_of))
    if projects is None or S.BUDGET not in projects:
        warn.append("on-budget rate needs the projects table with budget_hours")
    else:
        unknown = done_p.index[done_p["hours_incomplete"] & done_p["over_budget"].isna()
                               & done_p["budget_hours"].notna()].unique().astype(str).tolist()
        if unknown:
            warn.append(f"on-budget rate: {counted(len(unknown), 'completed project')}{_listed(unknown)} with done "
                        f"tasks without actual hours, under budget on the hours booked, {agree(len(unknown), 'is', 'are')} "
                        "not counted: on budget is "
                        "unknown (validation's missing_actual_done)")
        zero = done_p.index[done_p["budget_hours"] <= 0].unique().astype(str).tolist()
        if zero:
            warn.append(f"on-budget rate: {counted(len(zero), 'completed project')}{_listed(zero)} with a budget of 0 h "
                        f"{agree(len(zero), 'is', 'are')} not counted: taken as no budget, as the forecasts take it")
    return overdue


def _grid(tasks, outcomes, requests, freq, as_of, warn: list) -> pd.DatetimeIndex:
    """The periods (first days) from the first date anything happened (a task created, started or
    finished, a project started, a request made, started or done) to the one ``as_of`` falls in,
    every one of them: a period with work running but nothing finished is a row too. Dates far
    before the rest (:func:`~pmo_forecast.core.as_of.early_date_limit`: a typo year such as
    1990 for 2024) do not start it, said in ``warn`` (one filled 134 empty quarters)."""
    dates = [tasks.reindex(columns=list(S.FACT_DATES)), outcomes.reindex(columns=[S.START])]
    if requests is not None:
        dates.append(requests.reindex(columns=list(S.REQUEST_DATES)))
    every = pd.concat([d.apply(pd.to_datetime).stack() for d in dates])
    early = early_date_limit(tasks)
    if early is not None and (every < early).any():
        n = int((every < early).sum())
        warn.append(f"{counted(n, 'date')} far before the rest of the data (the earliest "
                    f"{every.min():%Y-%m-%d}; a typo year?) {agree(n, 'does', 'do')} not start the periods: they start at "
                    f"{every[every >= early].min():%Y-%m-%d}")
        every = every[every >= early]
    if every.empty:
        return pd.DatetimeIndex([], name="period")
    return pd.DatetimeIndex(pd.period_range(every.min(), as_of, freq=period_freq(freq)).start_time, name="period")


def _period_end(periods: pd.DatetimeIndex, freq: str) -> pd.DatetimeIndex:
    return pd.PeriodIndex(periods, freq=period_freq(freq)).end_time.normalize()


@dataclass(frozen=True)
class _PeriodCuts:
    """The periods (first days) and the day each is counted to: its last day, or ``as_of`` in the one it falls
    in. The work in progress of a period is what was running at the end of that day."""

    periods: pd.DatetimeIndex
    ends: pd.DatetimeIndex


def _period_cuts(periods: pd.DatetimeIndex, freq: str, as_of) -> _PeriodCuts:
    """The day each of ``periods`` (of ``freq``) is counted to, no later than ``as_of`` (:class:`_PeriodCuts`)."""
    return _PeriodCuts(periods, np.minimum(_period_end(periods, freq), as_of))


def _task_groups(tasks, projects, by):
    """Each task's group under ``by``: its own value of a task column, else its project's in the projects table."""
    if isinstance(by, str) and by == S.PROJECT_ID:  # an array compared item by item
        raise ValueError(option_refused("by", "name a column that groups projects (one project's outcome is in "
                                        "project_outcomes)", by))
    # a list of columns is refused before "in" asks (unhashable: a TypeError)
    if not isinstance(by, str) or (by not in tasks.columns and (projects is None or by not in projects.columns)):
        raise ValueError(option_refused("by", "name the one column of the tasks or projects table whose groups the "
                                        "trends count", by))
    if by in tasks.columns:
        values = tasks[by]
    else:
        values = tasks[S.PROJECT_ID].map(projects.drop_duplicates(S.PROJECT_ID).set_index(S.PROJECT_ID)[by])
    return S.group_labels(values, by)


def _task_wip(table, tasks, cuts: _PeriodCuts, *, by, group, calendar: WorkingCalendar, warn: list):
    """Tasks in progress at each period's end (``cuts``), the 85th percentile of their ages and how many are stale
    (:func:`~pmo_forecast.core.aging.work_age` in ``calendar``, on the table as it stood that day); with ``group``
    (each task's value of ``by``, on ``tasks``' index), per group."""
    unknown = (tasks[S.STATUS] == S.CANCELLED).fillna(False) & tasks[S.FINISHED].isna() & tasks[S.STARTED].notna()
    if unknown.any():
        n = int(unknown.sum())
        warn.append(f"work in progress: {counted(n, 'started task')} cancelled on an unknown date (no finished date) "
                    f"{agree(n, 'is', 'are')} in no period's count: when {agree(n, 'it', 'they')} stopped is not known")
    # the rewind copies what it is given; without created dates a task is known from its project's first date
    narrow = tasks.reindex(columns=[S.PROJECT_ID, S.STATUS, *S.FACT_DATES, S.ACTUAL])
    known = known_since(narrow)  # once for every cut
    rows = []
    for p, e in zip(cuts.periods, cuts.ends, strict=True):
        then = tasks_as_of(narrow, e, known=known)
        aged = work_age(then, e, calendar=calendar)
        stale = aged.stale.astype(float) if np.isfinite(aged.line["stale_after_days"]) else np.full(len(then), np.nan)
        on = pd.DataFrame({"period": p, "age": aged.age, "stale": stale}, index=then.index)[aged.running]
        if by:
            on[by] = group.reindex(on.index)
        rows.append(on)
    g = pd.concat(rows).groupby(["period"] + ([by] if by else []))
    w = pd.DataFrame({"tasks_in_progress": g.size(), "wip_age_p85_days": g["age"].quantile(0.85),
                      "tasks_stale": g["stale"].sum(min_count=1)})
    out = table.join(w)  # the table has every period (and group)
    out.loc[out["tasks_in_progress"].isna(), "tasks_stale"] = 0.0  # none in progress: none stale, line or not
    return out


def _wip(table, outcomes, tasks, cuts: _PeriodCuts, *, member, warn: list):
    """Projects running at each period's end (``cuts``), and per manager running one (the projects with a manager
    over their managers; those without one said in ``warn``); with ``member`` (project, group) pairs, per group, a
    project under each group it has."""
    if not len(cuts.periods):
        return table
    first_start = tasks.groupby(S.PROJECT_ID)[S.STARTED].min()
    start = outcomes[S.START] if S.START in outcomes else first_start.reindex(outcomes.index)
    start = start.fillna(first_start.reindex(outcomes.index))
    finished = outcomes["finished"]
    on = []
    for p, e in zip(cuts.periods, cuts.ends, strict=True):
        # running at the end of day e: started during it or before, not finished during it (a date-only
        # finish on the next day is still open)
        next_day = e + pd.Timedelta(days=1)
        running = (start < next_day) & (finished.isna() | (finished >= next_day))
        running &= ~((outcomes["completed"] | outcomes["cancelled"]) & finished.isna())
        on.append(pd.DataFrame({"period": p, S.PROJECT_ID: outcomes.index[running.to_numpy()]}))
    on = pd.concat(on, ignore_index=True)
    if member is not None:
        on = on.merge(member, on=S.PROJECT_ID)
    keys = [on[c] for c in on.columns if c != S.PROJECT_ID]
    n = on.groupby(keys).size()
    mgr = on[S.PROJECT_ID].map(outcomes[S.MANAGER]) if S.MANAGER in outcomes else pd.Series(np.nan, index=on.index)
    if S.MANAGER not in outcomes:  # its column is blank in every period: said, as the on-time rate's is
        warn.append("projects per PM needs the projects table with managers")
    if S.MANAGER in outcomes and mgr.isna().any():  # not shared out among the managers who are named
        ids = list(dict.fromkeys(on.loc[mgr.isna(), S.PROJECT_ID].astype(str)))
        warn.append(f"projects per PM: {counted(len(ids), 'running project')} without a manager in the projects "
                    f"table {_listed(ids)[1:]} {agree(len(ids), 'is', 'are')} left out of it (still in projects running)")
    managed = mgr.notna().groupby(keys).sum()
    w = pd.DataFrame({"projects_running": n, "wip_per_pm": managed / mgr.groupby(keys).nunique().replace(0, np.nan)})
    out = table.join(w)  # the table has every period (and group): none running is 0
    out["projects_running"] = out["projects_running"].fillna(0).astype(int)
    return out


def _pool(table, requests, cuts: _PeriodCuts, *, people, freq, as_of, by, hours_between, warn: list):
    """Approval waits, flow efficiency and the pool's busy share per period of ``cuts`` (not grouped), in working
    hours (``hours_between``: :func:`working_hours_between` on the trends' calendar); the periods whose pool is the
    log's handlers for want of a PM in the people table are said in ``warn``, and returned with what says it
    (``handlers_periods_`` and ``handlers_note_`` of :class:`KPITrends`)."""
    _require(requests, list(S.REQUEST_DATES), "requests")
    periods = cuts.periods
    pool = _waits_and_flow(requests, freq, hours_between, warn)
    spans = _utilisation_spans(requests, cuts)
    handlers = _handlers_counted(requests, people)
    pms = [_pms_serving(people, p0, p1) for p0, p1 in zip(spans.starts, spans.ends, strict=True)]
    # a people table of today's PMs, started after the log's first requests: said, not assumed
    no_pm = [p0 for p0, n in zip(spans.starts, pms, strict=True) if n == 0 and handlers]
    util = _busy_share(_in_service(requests, as_of), spans, [n or handlers for n in pms], hours_between)
    note = _handlers_note(no_pm, periods, freq, handlers) if no_pm else ""
    if note:
        warn.append(note)
    said = {"handlers_periods_": no_pm, "handlers_note_": note}
    pool.index.name = "period"
    # every period's, not only those with a request started or done in them: a quarter spent on requests
    # begun before it and done after it was left blank
    pool = pool.reindex(periods)
    warn.extend(_log_end_warnings(spans, periods, freq))
    pool["pm_pool_utilisation"] = pd.Series(util, index=periods).mask(spans.after)
    if by is None:
        return table.join(pool, how="outer"), said
    return table.join(pool, on="period", how="left"), said


def _waits_and_flow(requests, freq, hours_between, warn: list) -> pd.DataFrame:
    """Approval waits (P50 and P90 in working days, by the period the request started in) and flow efficiency
    (touch hours over working hours from request to done, by the period it was done in); a request started
    before it was requested has no wait, said in ``warn``."""
    r = requests
    wait = _forwards_only(pd.Series(hours_between(r[S.REQUESTED], r[S.STARTED]) / HOURS_PER_DAY, index=r.index), r,
                          S.REQUESTED, S.STARTED, S.REQUEST_ID,
                          lambda n: f"approval waits: {counted(n, 'request')} started before "
                          f"{agree(n, 'it was', 'they were')} requested",
                          "started_before_requested", warn)
    started_p = _periods(r[S.STARTED], freq)
    done_p = _periods(r[S.DONE_AT], freq)
    lead = hours_between(r[S.REQUESTED], r[S.DONE_AT])
    touch = r[S.TOUCH_HOURS] if S.TOUCH_HOURS in r else pd.Series(np.nan, index=r.index)
    ok = pd.Series(lead > 0, index=r.index) & touch.notna()
    return pd.DataFrame({
        "approval_wait_p50_days": wait.groupby(started_p).quantile(0.5),
        "approval_wait_p90_days": wait.groupby(started_p).quantile(0.9),
        "flow_efficiency": touch.where(ok).groupby(done_p).sum()
        / pd.Series(np.where(ok, lead, 0.0), index=r.index).groupby(done_p).sum(),
    })


@dataclass(frozen=True)
class _UtilisationSpans:
    """What the pool's busy share is measured over: each period from its first day to the day after its last
    (or after the as-of date), cut at the request log's last day."""

    starts: pd.DatetimeIndex
    ends: pd.DatetimeIndex  # exclusive
    short: np.ndarray  # the period the log stops in, counted to the log's last day only
    after: np.ndarray  # periods after the log's last day: blank
    last: pd.Timestamp  # the log's last date (NaT for a log without dates)


def _utilisation_spans(requests, cuts: _PeriodCuts) -> _UtilisationSpans:
    """The spans the busy share of each period of ``cuts`` is measured over (:class:`_UtilisationSpans`): to the
    day after the one it is counted to."""
    periods = cuts.periods
    starts = pd.DatetimeIndex(periods)
    ends = cuts.ends + pd.Timedelta(days=1)
    last = requests[list(S.REQUEST_DATES)].max().max()
    # the period the log stops in is counted to the log's last day only: the rest of it is not in the log,
    # not idle (its weeks after the last request had read as a pool with nothing to do)
    short = np.zeros(len(periods), bool)
    if pd.notna(last):
        log_end = last.normalize() + pd.Timedelta(days=1)
        short = (starts <= last) & (ends > log_end)
        ends = pd.DatetimeIndex(ends).where(~short, log_end)
    after = periods > last if pd.notna(last) else np.zeros(len(periods), bool)
    return _UtilisationSpans(starts, ends, short, after, last)


def _handlers_counted(requests, people) -> int:
    """The request log's handlers: one person however the log spells them, as the fitted pool counts them
    ('ann costa' beside 'Ann Costa' was two)."""
    if S.HANDLER not in requests:
        return 0
    return people_counted(requests[S.HANDLER], people[S.PERSON] if people is not None and S.PERSON in people else [])


def _pms_serving(people, p0, p1) -> int | None:
    """The PMs of the people table serving the pool from ``p0`` to ``p1`` (exclusive): employed then, and not
    off the pool all of it; None without a people table with roles."""
    if people is None or S.ROLE not in people:
        return None
    pm = people[people[S.ROLE] == S.PM_ROLE]
    emp = (pm[S.START].isna() | (pm[S.START] < p1)) if S.START in pm else pd.Series(True, index=pm.index)
    if S.END in pm:
        emp &= pm[S.END].isna() | (pm[S.END] >= p0)  # end: their last day
    # a PM at 0% (or 0 hours a week) all period serves no request, as the fitted pool counts her
    emp &= ~off_the_pool(pm, pd.date_range(p0, p1 - pd.Timedelta(days=1), freq="D")).all(axis=0)
    return int(emp.sum())


def _in_service(requests, as_of) -> tuple[pd.Series, pd.Series]:
    """When each started request was in service: its start, and its done time.

    A request started and not done is in service up to the as-of date, but no longer than 90% of the
    completed ones took: a log without done times (or with abandoned tickets) counted years of service, and
    the pool at up to 250 times its size.
    """
    s = requests[S.STARTED].dropna()
    d = requests.loc[s.index, S.DONE_AT]
    typical = (d - s).quantile(0.9) if d.notna().any() else pd.Timedelta(0)
    return s, d.fillna((s + typical).clip(upper=as_of + pd.Timedelta(days=1)))


def _busy_share(in_service: tuple[pd.Series, pd.Series], spans: _UtilisationSpans, sizes: list,
                hours_between) -> list[float]:
    """Each period's working hours in service, cut to it, over its pool's size (``sizes``) times its working
    hours; blank for a pool of no one or a period without working hours."""
    s, d = in_service
    util = []
    for p0, p1, n in zip(spans.starts, spans.ends, sizes, strict=True):
        busy = np.nansum(np.clip(hours_between(s.clip(lower=p0), d.clip(upper=p1)), 0, None))
        hours = float(hours_between([p0], [p1])[0])
        util.append(busy / (n * hours) if n and hours > 0 else np.nan)
    return util


def _handlers_note(no_pm: list, periods, freq, handlers: int) -> str:
    """The words on the periods (``no_pm``) whose pool is the log's handlers: no PM employed in the people
    table then."""
    names = _period_names(pd.Series(no_pm), period_freq(freq))
    every = len(no_pm) == 1 + list(periods).index(no_pm[-1]) - list(periods).index(no_pm[0])
    span = names.iloc[0] if len(no_pm) == 1 else (f"{names.iloc[0]} to {names.iloc[-1]}" if every else
                                                   f"in {len(no_pm)} periods from {names.iloc[0]} to {names.iloc[-1]}")
    return (f"{POOL_UTILISATION_OBSERVED} {span}: no person with role {S.PM_ROLE} employed in the people table; "
            f"the pool is {agree(handlers, 'the one handler', f'the {handlers:,} handlers')} in the request log")


def _log_end_warnings(spans: _UtilisationSpans, periods, freq) -> list[str]:
    """The words on the periods the request log ends in or before: a log that stops is not an idle pool."""
    said = []
    last = spans.last
    if spans.short.any():
        name = _period_names(pd.Series(periods[spans.short]), period_freq(freq)).iloc[0]
        said.append(f"{POOL_UTILISATION_OBSERVED} {name}: over {periods[spans.short][0]:%Y-%m-%d} to {last:%Y-%m-%d} "
                    "only, the request log ends on that day; the rest of that period is not in the log, not idle")
    if spans.after.any():  # blank, not 0%
        names = _period_names(pd.Series(periods[spans.after]), period_freq(freq))
        span = names.iloc[0] if len(names) == 1 else f"{names.iloc[0]} to {names.iloc[-1]}"
        said.append(f"{POOL_UTILISATION_OBSERVED} {span}: blank, the request log ends on {last:%Y-%m-%d}, before "
                    f"{agree(len(names), 'that period', 'those periods')}")
    return said
