"""A scenario's result: what it does along the chain staffing -> utilisation -> waiting -> delivery.

:class:`ScenarioResult` holds one run of :func:`~.scenario.run_scenario`: the changed tables, the
PM pool and its waits week by week, utilisation by role, and per project the effort and finish
quantiles and the chances of overrun and lateness; ``summary()`` gives the headline figures,
:meth:`ScenarioResult.risk_counts` and :meth:`ScenarioResult.no_finish_count` the counts the
comparison, the pack and the widgets all read.
"""

from __future__ import annotations

from numbers import Real

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.calendar import HOURS_PER_DAY
from ..core.labels import (
    BOUNDED_AGAIN,
    NO_CAPACITY,
    POOL_UTILISATION_MODEL,
    QUEUE_MODEL,
    UNBOUNDED_WAIT,
    counted,
)
from ..core.results import Result, fixed, percent, points
from ..core.workbook import SHOWN_DECIMALS
from ..forecasting.plan import AT_RISK, risk_rule
from ..forecasting.plan import risk_counts as count_risks
from .spec import pace_words

#: Projects with neither a due date nor a budget (and not on hold) are neither at risk nor
#: safe: counted apart, a row that appears only when there are some.
NOT_ASSESSED_ROW = "projects not assessed (no due date, no budget)"
#: Projects with open work but no P80 finish (:meth:`ScenarioResult.no_finish_count`): the latest P80
#: finish is of the others, and could not say so.
NO_FINISH_ROW = "projects without a P80 finish (on hold, work cannot finish, or past the horizon)"
#: The rows of :meth:`ScenarioResult.summary` and :meth:`~.comparison.ScenarioComparison.summary` that are
#: approval waits: ``inf`` there is a PM pool over capacity, shown in words.
WAIT_ROWS = ("approval wait P50 (working days)", "approval wait P90 (working days)")
#: The row of the PM pool's utilisation in the scenario tables (``summary()``, ``values()``, ``deltas()``: their key).
POOL_UTILISATION_ROW = "PM-pool utilisation"
#: The row of the busiest role's peak weekly utilisation: its key in the comparison's tables (``summary()``,
#: ``values()``, ``deltas()``), and in a single result's ``summary()``.
PEAK_UTILISATION_ROWS = ("peak utilisation", "peak utilisation (hours demanded / capacity, any role)")
#: Rows shown under another name than their key, one name a measure wherever it is shown: a notebook
#: (:func:`as_the_pack_shows`), the planning pack (its Scenarios sheet, CSV file and summary.html) and the
#: notes (:meth:`~.comparison.ScenarioComparison.notes`, the pack's Assumptions). Which wait (the queue model's,
#: not the log's observed one on the Summary), which utilisation (the pool's is the queue model's, named apart from
#: the Trends sheet's observed one; the peak is the busiest role's, not all staff's).
SHOWN_ROWS = {POOL_UTILISATION_ROW: POOL_UTILISATION_MODEL,
              WAIT_ROWS[0]: f"approval wait P50 (working days, {QUEUE_MODEL})",
              WAIT_ROWS[1]: f"approval wait P90 (working days, {QUEUE_MODEL})",
              **dict.fromkeys(PEAK_UTILISATION_ROWS, "peak weekly utilisation, busiest role")}


def unbounded_in_words(table: pd.DataFrame, rows=None) -> pd.DataFrame:
    """``table`` with each infinite cell (an approval wait of a PM pool over capacity, or its change) in words.

    The queue model's wait of a pool with more approval work than hours is ``inf``: it is shown as
    :data:`~pmo_forecast.core.labels.UNBOUNDED_WAIT`, a change to it from a bounded wait too, and a change from
    it to a bounded one (``-inf``) as :data:`~pmo_forecast.core.labels.BOUNDED_AGAIN`; as the planning pack
    writes them (its Scenarios sheet, CSV file and summary.html had shown "inf" and "-inf"). The numbers stay
    numbers in ``values()`` and ``deltas()``; this is for display. With ``rows``, only those rows (present in
    ``table``) are said in words.
    """
    def word(v):
        if isinstance(v, float | np.floating) and np.isinf(v):
            return UNBOUNDED_WAIT if v > 0 else BOUNDED_AGAIN
        return v

    keep = table.index if rows is None else table.index.intersection(list(rows))
    if not table.loc[keep].isin([np.inf, -np.inf]).any().any():
        return table
    out = table.astype(object)
    out.loc[keep] = out.loc[keep].map(word)
    return out


def figures_in_words(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` (measures as rows) with its infinite figures in words, each in the words of what it measures.

    An approval wait (:data:`WAIT_ROWS`) as :func:`unbounded_in_words` says it (a queue that grows); a
    utilisation (a row named with "utilisation": hours planned against no capacity) as
    :data:`~pmo_forecast.core.labels.NO_CAPACITY`, and a change from one to a finite utilisation (``-inf``) as
    that in the baseline. Read over the whole table, a peak utilisation of ``inf`` had read "unbounded (queue
    grows)", which describes a queue. For display: ``values()`` and ``deltas()`` keep the numbers.
    """
    out = unbounded_in_words(table, WAIT_ROWS)
    util = [row for row in out.index if "utilisation" in str(row)]
    if not out.loc[util].isin([np.inf, -np.inf]).any().any():
        return out

    def word(v):
        if isinstance(v, float | np.floating) and np.isinf(v):
            return NO_CAPACITY if v > 0 else f"{NO_CAPACITY} in the baseline"
        return v

    out = out.astype(object)
    out.loc[util] = out.loc[util].map(word)
    return out


def as_the_pack_shows(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` (a scenario summary: measures as rows, changes in columns named ``"change: ..."``) as a notebook
    shows it: utilisations as percents ("93%") and their changes in percentage points ("-10 pp"), waits and their
    changes to the tenth of a working day ("9.2", "-6.6"), dates to the day ("2026-08-31", not "2026-08-31
    00:00:00"), as the planning pack's Scenarios sheet shows them (a change read -0.103; a wait 1.99 beside its
    change -2), and its rows named as the pack names them (:data:`SHOWN_ROWS`). For display: ``summary()`` keeps
    the numbers and the keys."""
    s = table.astype(object).map(lambda v: f"{v:%Y-%m-%d}" if isinstance(v, pd.Timestamp) and v == v.normalize()
                                 else v).astype(object)
    for c in s.columns:
        change = str(c).startswith("change: ")
        for rows, say in (([row for row in s.index if "utilisation" in str(row)], points if change else percent),
                          ([row for row in s.index if row in WAIT_ROWS],
                           lambda v: fixed(v, SHOWN_DECIMALS["days"]))):
            s.loc[rows, c] = [say(v) if isinstance(v, Real) and np.isfinite(v) else v for v in s.loc[rows, c]]
    return s.rename(index=SHOWN_ROWS)


def handlers_pool_note(scenario, servers: int, why: str, said_as: str = "") -> str:
    """A scenario's note of a PM pool counted from the request log's ``servers`` handlers (``why``: no PM in the
    people table serves at the log's end), and what it means for the scenario's leavers, moves and hires.

    With ``said_as`` (where the reader finds the fallback said: the planning pack's Assumptions row), the note
    refers to it instead of saying it again, and is "" for a scenario with none of those changes: a reader of
    the pack had it three times over, in three wordings.
    """
    changes = bool(scenario.leaves or scenario.moves or scenario.hires)
    if said_as and not changes:
        return ""
    said = (f"the PM pool is the request log's handlers ({said_as})" if said_as
            else f"the PM pool is the request log's {servers} handlers ({why})")
    if changes:
        said += (f": only the people given role {S.PM_ROLE!r} by this scenario change it; its other leavers, moves "
                 "and hires leave the approval waits as they are")
    return said


def no_server_runs(dates, none) -> list[tuple]:
    """Each run of ``dates`` on which the pool has no server (``none``, one flag a date), as its first date and
    the first later date with a server (None: no later date has one)."""
    runs, k = [], 0
    while k < len(dates):
        if not none[k]:
            k += 1
            continue
        back = next((i for i in range(k + 1, len(dates)) if not none[i]), None)
        runs.append((dates[k], None if back is None else dates[back]))
        k = len(dates) if back is None else back
    return runs


#: Gaps in a pool's service named one by one in a note; more are a count with the first and the last.
GAPS_NAMED = 3


def gap_spans(runs) -> str:
    """Runs of :func:`no_server_runs`, each with an end, in words: ``from A until B`` for each, or with more
    than :data:`GAPS_NAMED` their count with the first and the last."""
    def span(run):
        return f"from {run[0].date()} until {run[1].date()}"

    if len(runs) <= GAPS_NAMED:
        return (", ".join(map(span, runs[:-1])) + " and " if len(runs) > 1 else "") + span(runs[-1])
    return f"in {len(runs)} spells, the first {span(runs[0])} and the last {span(runs[-1])}"


class ScenarioResult(Result):
    """What a scenario does along the chain staffing -> utilisation -> waiting -> delivery.

    Built whole by :func:`~.scenario.run_scenario`: the keyword-only parameters (the approval gates, their source,
    the waits they leave out and the pool's fallback) set the attributes of the same name; left out, none is known.

    Attributes
    ----------
    scenario : Scenario
    applied : AppliedScenario
        The changed tables and what was done (``applied.notes``).
    queue : PoolQueue or None
        The PM pool once every change has happened (None without a request log).
    waits_over_time : pandas.DataFrame
        Per week (the weeks of ``utilisation``, :func:`~.scenario.plan_weeks`: from the week of the
        forecast date): PMs, utilisation of the pool, P50/P90 approval wait (working days; ``inf`` when
        the pool is overloaded).
    utilisation : pandas.DataFrame
        Weeks x roles: hours the plan schedules (each person's expected hours) over stated
        capacity, PMs with their request handling, and the PM pool's utilisation (see
        :func:`~.scenario.role_utilisation`).
    forecast : FinishDateForecast
        The engine's run on the scenario's tables (per-trial effort and finish, the plan).
    projects : pandas.DataFrame
        Per project: effort P50/P80/P90 and ``prob_overrun`` against the budget, finish
        date P50/P80/P90 and ``prob_late`` against ``due``, ``at_risk`` and ``on_hold``.
    effort_samples, finish_days : ndarray (n_trials, n_projects)
        Total effort at completion (hours) and finish (business days after ``as_of``).
    random_state : int or None
        The seed of the run (:func:`~.comparison.compare_scenarios` compares runs of one seed
        only).
    without_estimates : tuple of str
        Projects with no estimate on their open work: not in ``projects`` nor in the
        summary's effort (the plan still schedules their work, at a guess).
    gates_per_month, gates_source : float or None, str
        Approval gates per month of a project's schedule the run used, and where the figure comes from
        (:func:`~.approval_gates.gates_used`); None and "" when not known (a result not made by
        :func:`~.scenario.run_scenario`).
    approval_waits_left_out : str
        Why the change in approval waits is not in the finish dates
        (:func:`~.approval_gates.approvals_left_out`; "" when it is, or when there is no PM-pool queue).
    data_fingerprint : tuple of str or None
        Which tasks, projects, people and requests the run was on
        (:func:`~pmo_forecast.scenarios.whatif.data_fingerprint`; :func:`~.comparison.compare_scenarios`
        compares runs on one data set only); None when not known.
    pool_fallback : tuple of (int, str) or None
        The fitted PM pool's handlers and why, when it counts the request log's distinct handlers for want of
        a PM in the people table (:attr:`pool_source` ``"handlers"``; said in ``applied.notes`` by
        :meth:`pool_note`); None otherwise.
    """

    def __init__(self, scenario, applied, queue, waits_over_time, utilisation, projects,
                 effort_samples, finish_days, as_of, at_risk=AT_RISK, forecast=None, random_state=None,
                 without_estimates=(), data_fingerprint=None, *, gates_per_month=None, gates_source: str = "",
                 approval_waits_left_out: str = "", pool_fallback=None):
        self.scenario, self.applied, self.queue = scenario, applied, queue
        self.waits_over_time, self.utilisation, self.projects = waits_over_time, utilisation, projects
        self.effort_samples, self.finish_days, self.as_of = effort_samples, finish_days, as_of
        self.at_risk = at_risk
        self.forecast = forecast
        self.random_state = random_state  # compared runs share it: their differences are the changes
        self.without_estimates = tuple(without_estimates)
        self.data_fingerprint = None if data_fingerprint is None else tuple(data_fingerprint)
        self.gates_per_month, self.gates_source = gates_per_month, gates_source
        self.approval_waits_left_out = approval_waits_left_out
        self.pool_fallback = None if pool_fallback is None else tuple(pool_fallback)
        self.title = f"Scenario {scenario.name!r} as of {as_of.date()}"

    @property
    def pool_source(self) -> str | None:
        """Who the fitted PM pool counts, as :attr:`~pmo_forecast.pool.request_log.PoolQueueFit.servers_source`
        says it: ``"people"`` (the PMs of the people table), ``"handlers"`` (the request log's, for want of a
        PM: :attr:`pool_fallback`), None without a PM-pool queue."""
        if self.pool_fallback is not None:
            return "handlers"
        return None if self.queue is None else "people"

    def pool_note(self, said_as: str = "") -> str:
        """The note in ``applied.notes`` that says the PM pool is the request log's handlers
        (:func:`handlers_pool_note`), or with ``said_as`` the note that refers to where it is said instead;
        "" when the pool is not the handlers (:attr:`pool_source`)."""
        if self.pool_fallback is None:
            return ""
        return handlers_pool_note(self.scenario, *self.pool_fallback, said_as=said_as)

    @property
    def approval_wait(self) -> dict:
        """P50 and P90 approval wait, working days, averaged over the weeks of the horizon a PM serves the pool.

        Each week's wait is the steady-state (M/M/c) wait of that week's pool (:attr:`waits_over_time`): a PM
        hired in 2030 (or leaving) changes no week ahead, so no headline wait (the pool after the last change had
        shown 9.2 -> 2.6 days at once). A week with no server (every PM gone, on leave or at 0%) has no steady
        state: a request arriving then waits until a PM is back and then behind the approvals that piled up
        meanwhile (as the finish dates take it, :func:`~pmo_forecast.forecasting.plan.gate_delay_days`), a wait
        of that gap, not of a week. Those weeks (:attr:`unserved_weeks`) are left out of the average, and said in
        :meth:`wait_note`: counted as ``inf``, two weeks of leave made the headline of a pool back within
        capacity "unbounded". The headline is ``inf`` when a served week is over capacity
        (:attr:`over_capacity_weeks`: its backlog grows without bound), or when the last week of the horizon has
        no server (a gap no PM comes back from within the horizon: its requests wait past it).
        """
        if self.queue is None:
            return {"p50": np.nan, "p90": np.nan}
        if len(w := self._headline_weeks()):
            return {"p50": float(w["wait_p50_days"].mean()), "p90": float(w["wait_p90_days"].mean())}
        p50, p90 = self.queue.wait_quantile([0.5, 0.9]) / HOURS_PER_DAY
        return {"p50": float(p50), "p90": float(p90)}

    @property
    def unserved_weeks(self) -> int:
        """Weeks of :attr:`waits_over_time` in which no PM serves the pool (0 without a request log): left out of
        :attr:`approval_wait`'s average."""
        w = self.waits_over_time
        return int((w["servers"] < 1).sum()) if len(w) else 0

    @property
    def over_capacity_weeks(self) -> int:
        """Weeks of :attr:`waits_over_time` whose pool has a server but more approval work than hours
        (utilisation >= 1: a steady-state wait of ``inf``); any makes :attr:`approval_wait` ``inf``."""
        w = self.waits_over_time
        return int(((w["servers"] >= 1) & np.isinf(w["wait_p90_days"])).sum()) if len(w) else 0

    def wait_note(self) -> str:
        """What :attr:`approval_wait` leaves out, in sentences: the weeks with no PM serving the pool, and a gap
        that reaches the horizon's end (the headline then ``inf``); "" when a PM serves every week. The planning pack
        says it under its Scenarios table (:attr:`~.comparison.ScenarioComparison.note`)."""
        w = self.waits_over_time
        if self.queue is None or not self.unserved_weeks:
            return ""
        weeks = pd.DatetimeIndex(w.index)
        runs = no_server_runs(weeks, (w["servers"] < 1).to_numpy())
        bounded = [r for r in runs if r[1] is not None]
        said = []
        if bounded:
            n = sum(int(((weeks >= a) & (weeks < b)).sum()) for a, b in bounded)
            said.append(f"No PM serves the PM pool in {counted(n, 'week')} of the horizon (the weeks "
                        f"{gap_spans(bounded)}): a request arriving then waits until a PM is back and then behind "
                        "the approvals that piled up meanwhile, a wait of the gap that the headline approval waits "
                        "leave out (they and the PM-pool utilisation are the means over the "
                        f"{counted(len(w) - self.unserved_weeks, 'week')} a PM serves)")
        if runs[-1][1] is None:
            said.append(f"No PM serves the PM pool from the week of {runs[-1][0].date()} to the horizon's end: a "
                        "request arriving then waits past the horizon, so the headline approval waits are unbounded")
        return " ".join(f"{n}." for n in said)

    @property
    def pool_size(self) -> float:
        """PMs in the pool in the last week of the horizon (NaN without a request log): a PM hired in 2030
        is not in it, as in no headline wait (``queue``, the pool after every change, had 9 PMs beside the
        8-PM pool's utilisation and waits)."""
        if self.queue is None:
            return np.nan
        w = self.waits_over_time
        return int(w["servers"].iloc[-1]) if len(w) else self.queue.servers

    @property
    def pool_utilisation(self) -> float:
        """The PM pool's utilisation, averaged over the weeks of the horizon a PM serves the pool, as
        :attr:`approval_wait` is (NaN without a request log): a week with no server has no utilisation of its
        own, and two weeks of leave had made the headline "no capacity" beside a finite wait; with no server in
        the horizon's last week it is averaged over every week (unbounded: no capacity), as the wait is ``inf``."""
        if self.queue is None:
            return np.nan
        w = self._headline_weeks()
        return float(w["utilisation"].mean()) if len(w) else float(self.queue.utilisation)

    def _headline_weeks(self) -> pd.DataFrame:
        """The weeks of :attr:`waits_over_time` the headline wait and utilisation average: those a PM serves, or
        every week when none serves the last (a gap no PM comes back from: its weeks' ``inf`` makes them so)."""
        w = self.waits_over_time
        return w if not len(w) or w["servers"].iloc[-1] < 1 else w.loc[w["servers"] >= 1]

    @property
    def peak_utilisation(self) -> float:
        """Highest weekly hours-demanded-over-capacity of any role over the horizon."""
        u = self.utilisation.drop(columns=[S.PM_ROLE, "unassigned", "pm pool"], errors="ignore")
        return float(np.nanmax(u.to_numpy())) if u.size else np.nan

    def by_project(self) -> pd.DataFrame:
        return self.projects.copy()

    def _effort(self) -> np.ndarray:
        """The effort draws of the projects with an effort forecast (not those without estimates)."""
        if not self.without_estimates or self.forecast is None:
            return self.effort_samples
        return self.effort_samples[:, ~np.isin(self.forecast.project_ids.astype(str), list(self.without_estimates))]

    def actions(self) -> list[str]:
        """What the scenario did to the plan, in words: first the levers that change no table (the PMs' share of
        the week for approvals, estimates taken as given, the pace; a scenario of the approval share alone had
        no word in the pack), then work handed back or taken over, managers reassigned, projects put on hold,
        and projects whose work can no longer finish (a leaver's tasks nobody takes over: their finish dates
        are blank, not on hold)."""
        sc = self.scenario
        out = []
        if sc.approval_share is not None:
            out.append(f"approvals: each PM gives {percent(sc.approval_share)} of their week to approvals and change "
                       "requests (the baseline: the share the request log shows)")
        if not sc.bias_correction:
            out.append("estimates taken as given: not corrected by the accuracy model")
        if sc.pace != "calibrated":
            out.append(f"capacity: {pace_words(sc.pace)}" + (" (the pace)" if sc.pace != "auto" else ""))
        out += self.applied.notes
        out += [f"{p}: on hold (no PM has room under the WIP limit)" for p in self.applied.on_hold]
        if self.forecast is not None:
            notes = self.forecast.by_project()["note"]
            out += [f"{p}: {n}" for p, n in notes.items() if "cannot finish" in str(n)]
        return out

    def summary(self) -> pd.DataFrame:
        """The headline figures, one row each: outcomes only, for every lever alike (hires, leaves, moves,
        availability, demand and the rest change them; none is a row of its own). The levers set are
        ``scenario`` (``scenario.to_dict()``), what they did :meth:`actions`; the planning pack shows both
        beside the figures (Scenarios sheet: definitions, what each scenario did). A wait the PM pool cannot
        bound (over capacity, or no PM at the horizon's end: ``inf`` in :attr:`approval_wait`), and a utilisation
        with no capacity, are said in words, as the pack says them (:func:`figures_in_words`); the weeks with no
        PM, left out of the waits, are said under the table (:meth:`wait_note`)."""
        w = self.approval_wait
        p = self.projects
        n_at_risk, n_not_assessed = self.risk_counts()
        rows = {
            "PMs in the pool": self.pool_size,
            POOL_UTILISATION_ROW: self.pool_utilisation,
            WAIT_ROWS[0]: w["p50"],
            WAIT_ROWS[1]: w["p90"],
            PEAK_UTILISATION_ROWS[1]: self.peak_utilisation,
            "projects forecast": len(p) - int(p["on_hold"].sum()),
            "projects on hold (WIP limit)": int(p["on_hold"].sum()),
            f"projects at risk ({risk_rule(self.at_risk)})": n_at_risk,
            NOT_ASSESSED_ROW: n_not_assessed,
            "portfolio effort P80 (hours)": float(np.quantile(self._effort().sum(axis=1), 0.8)),
            "latest P80 finish": p["finish_p80"].max(),
            NO_FINISH_ROW: self.no_finish_count(),
        }
        for row in (NOT_ASSESSED_ROW, NO_FINISH_ROW):  # said only when there are some, as the pack's grey count
            if not rows[row]:
                del rows[row]
        return figures_in_words(pd.DataFrame({"value": pd.Series(rows, dtype=object)}))

    def _shown(self) -> pd.DataFrame:
        """:meth:`summary` as a notebook shows it, as a comparison shows it (:func:`as_the_pack_shows`: "93%", not
        0.928); ``summary()`` keeps the numbers."""
        return as_the_pack_shows(self.summary())

    def _footnote(self) -> str:
        return self.wait_note()

    def plot(self, ax=None):
        """Finish-date ranges (P50 to P90, P80 marked) per project against due dates."""
        import matplotlib.pyplot as plt

        p = self.projects.loc[~self.projects["on_hold"]]
        ax = ax if ax is not None else plt.subplots(figsize=(8, 0.35 * len(p) + 1.5))[1]
        y = np.arange(len(p))
        lo, hi = p["finish_p50"], p["finish_p90"]
        ax.barh(y, (hi - lo).dt.days.fillna(0), left=lo, color="tab:blue", alpha=0.35, label="P50-P90 finish")
        ax.plot(p["finish_p80"], y, "k|", markersize=12, label="P80")
        ax.plot(p[S.DUE], y, "rx", label="due")
        ax.set_yticks(y, [str(i) for i in p.index])
        ax.invert_yaxis()
        ax.set_title(f"{self.scenario.name}: finish dates")
        ax.legend(loc="lower right", fontsize="small")
        return ax

    def plot_utilisation(self, ax=None):
        """Weekly utilisation by role (1.0 = fully booked)."""
        import matplotlib.pyplot as plt

        ax = ax if ax is not None else plt.subplots(figsize=(8, 3.5))[1]
        u = self.utilisation.drop(columns=["unassigned"], errors="ignore")
        for role in u.columns:
            ax.plot(u.index, u[role], label=str(role))
        ax.axhline(1.0, color="0.4", lw=0.8, ls="--")
        ax.set_ylabel("hours demanded / capacity")
        ax.set_title(f"{self.scenario.name}: utilisation by role")
        ax.legend(fontsize="small")
        return ax

    def plot_waits(self, ax=None):
        """Approval wait P50 and P90 per week (working days)."""
        import matplotlib.pyplot as plt

        ax = ax if ax is not None else plt.subplots(figsize=(8, 3))[1]
        w = self.waits_over_time
        ax.plot(w.index, w["wait_p50_days"], label="P50")
        ax.plot(w.index, w["wait_p90_days"], label="P90")
        ax.set_ylabel("approval wait (working days)")
        ax.set_title(f"{self.scenario.name}: PM-pool waiting")
        ax.legend(fontsize="small")
        return ax

    def risk_counts(self) -> tuple[int, int]:
        """Projects at risk (``projects["at_risk"]``, on hold included) and projects not assessed (no due
        date, no budget, not on hold), as :meth:`summary` counts them.

        Returns
        -------
        n_at_risk, n_not_assessed : int
        """
        p = self.projects
        # the flags as the run set them (its threshold); not assessed from the chances, on hold apart
        return int(p["at_risk"].sum()), count_risks(p["prob_late"], p["prob_overrun"], p["on_hold"])[1]

    def no_finish_count(self) -> int:
        """Projects with open work but no P80 finish: on hold (not scheduled), work that cannot finish, or a
        finish past the horizon; the number beside the latest P80 finish in :meth:`summary`, the comparison
        and the widgets' readout ("(N more with no date)"). A project whose every task is cancelled has no
        finish to have and is not counted (known from ``forecast``; without one, every blank is counted).

        Returns
        -------
        int
        """
        p = self.projects
        blank = p["finish_p80"].isna()
        fc = self.forecast
        if fc is not None:
            blank &= ~p.index.isin(pd.Index(fc.project_ids)[fc.undated])
        return int(blank.sum())
