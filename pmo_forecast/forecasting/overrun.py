"""Monte Carlo effort at completion for open work, per task, project and portfolio.

Each open task's effort is drawn by resampling the accuracy model's quantile
table (integer indices into ``(n_tasks, n_levels)``: the fastest draw there is).
Overruns within a project are correlated (one team, one misunderstood scope),
so per-task independent draws make project totals far too narrow. The shared
part is added as multiplicative factors, log-normal with mean one: one per
(trial, person) on that person's task draws, one per (trial, project) on the
project's total. Their spread
is estimated from history (see :func:`pmo_forecast.estimate_correlation`). Scope still to
be added is drawn per (trial, project) from the growth observed on completed
projects (see :func:`estimate_scope_growth`).

The parts are modules of their own: the open work, its estimates and quantile tables
(:mod:`.open_work`), the draws (:mod:`.effort`), the correlation (:mod:`.correlation`) and the
scope growth (:mod:`.growth`). :func:`setup_simulation` puts them together for this forecast
and the finish-date one (:mod:`.finish`).

Nothing here imports statsmodels or scikit-learn: a cold forecast starts fast.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.as_of import resolve_as_of
from ..core.calendar import WorkingCalendar
from ..core.checks import quantile_levels, require_matching_ids
from ..core.exceptions import DataQualityWarning, warn
from ..core.labels import agree, counted, estimates_named, id_list
from ..core.results import Result, probability_bars
from ..core.schema import booked_hours
from .correlation import SCALES, estimate_correlation, project_icc, remap_in_progress, scaled_icc
from .effort import CHUNK_CELLS, draws_for, factor_sigma, simulate_effort
from .growth import Growth, estimate_scope_growth, growth_for
from .open_work import (
    N_LEVELS,
    SURE_LEVEL,
    OpenWork,
    canonical_order,
    fill_estimates,
    hours_to_do,
    prepare_open_work,
    projects_without_estimates,
    table_quantile,
    zero_point_stories,
)
from .plan import LEARNING_SEED, count_likely, random_numbers, trial_count
from .rewind import known_since, tasks_as_of

# names that moved to .growth, .rewind, .open_work, .effort and .correlation lived here: still imported from here
__all__ = ["OverrunForecast", "forecast_overruns", "estimate_correlation", "estimate_scope_growth", "tasks_as_of",
           "known_since", "projects_without_estimates", "fill_estimates", "zero_point_stories", "booked_hours",
           "hours_to_do", "table_quantile",
           "setup_simulation", "simulate_effort", "draws_for", "canonical_order", "project_icc", "N_LEVELS",
           "QUANTILES", "CHUNK_CELLS", "SURE_LEVEL", "SCALES"]

QUANTILES = (0.5, 0.8, 0.9)


def _resolve_icc(value, auto: float, name: str) -> float:
    if isinstance(value, str):
        if value != "auto":
            raise ValueError(f"{name} must be 'auto', a correlation in [0, 1) or None, not {value!r}")
        return auto
    v = 0.0 if value is None else float(value)
    if not 0 <= v < 1:
        raise ValueError(f"{name} must be in [0, 1), got {v}")
    return v


@dataclass
class _Setup:
    work: OpenWork
    sig_proj: np.ndarray
    sig_pers: np.ndarray
    growth: Growth | None
    ginfo: dict
    icc: dict
    estimated: dict | None = None  # the estimate_correlation result used ("auto"), None when the correlations were given


def setup_simulation(model, tasks, projects, n_trials, random_state, scope_growth, project_correlation,
                     person_correlation, n_levels, as_of=None, calendar=None, *, aged: bool = True):
    """Shared by the effort and finish-date forecasts: open work, factors, growth.

    ``as_of``: the forecast date, which tells a project not started yet from one with no task
    (:func:`~pmo_forecast.forecasting.open_work.prepare_open_work`); None: the data's own. ``calendar``: the
    working days the stale work is aged in (default Monday to Friday); ``aged=False``: no stale work
    (``work.stale`` None), for a plan whose stale work nobody reads."""
    n_trials = trial_count(n_trials)
    require_matching_ids(tasks, projects, S.PROJECT_ID, "tasks", "projects")
    rn = random_numbers(random_state, n_trials)
    memo = getattr(model, "memo", None)  # a what-if cache: the same tables prepare once
    if callable(memo):
        digest = model.digest((tasks, projects))
        # no correlation in the key: the open work does not depend on it, and the correlation's remap of its
        # in-progress levels (remap_in_progress) makes a copy, so forecasts with other correlations share it
        work = memo(("prepare", n_levels, str(as_of), WorkingCalendar.coerce(calendar), aged), digest,
                    lambda: prepare_open_work(model, tasks, projects, n_levels, as_of, calendar, aged=aged))
    else:
        work = prepare_open_work(model, tasks, projects, n_levels, as_of, calendar, aged=aged)
    icc_auto = {"project": 0.0, "project_floor": 0.0, "project_scale": 1.0, "person": 0.0,
                "in_progress_pit": np.zeros(0), "method": "none"}
    reuse = isinstance(project_correlation, dict)
    if reuse:  # an estimate_correlation() result, computed once for several forecasts
        icc_auto = {**icc_auto, **project_correlation}
        project_correlation = "auto"
    auto = "auto" in (project_correlation, person_correlation)
    if auto and not reuse:
        icc_auto = estimate_correlation(model, tasks, random_state=LEARNING_SEED)
    if project_correlation == "auto":  # less correlation left where the model has seen more
        proj_icc = scaled_icc(project_icc(icc_auto["project"], icc_auto["project_floor"], work.n_done),
                              icc_auto["project_scale"])
    else:
        proj_icc = _resolve_icc(project_correlation, 0.0, "project_correlation")
    icc = {"project": proj_icc, "person": _resolve_icc(person_correlation, icc_auto["person"], "person_correlation"),
           "method": icc_auto["method"] if auto else "given"}
    sig_proj = factor_sigma(work.q, work.proj_code, len(work.project_ids), icc["project"])
    sig_pers = factor_sigma(work.q, work.person_code, len(work.persons), icc["person"])
    sig_pers[work.persons == ""] = 0.0  # unassigned work shares no person
    if project_correlation == "auto":
        work = remap_in_progress(work, icc_auto["in_progress_pit"])
    icc["project_scale"] = icc_auto["project_scale"]
    if auto and icc_auto.get("fallback"):
        icc["fallback"] = icc_auto["fallback"]
    if callable(memo):
        growth, ginfo = memo(("growth", repr(scope_growth)), digest, lambda: growth_for(tasks, work, scope_growth))
    else:
        growth, ginfo = growth_for(tasks, work, scope_growth)
    return rn, _Setup(work, sig_proj, sig_pers, growth, ginfo, icc, icc_auto if auto else None)


# --- the result ----------------------------------------------------------------------------
class OverrunForecast(Result):
    """Simulated effort at completion for open work.

    Built whole by :func:`forecast_overruns`: the positional parameters are the simulation's draws and the
    projects' figures, the keyword-only ones set the attributes of the same name (the zero budgets set aside,
    what the open work's checks found and the correlation estimate used); left out, there are none.

    Attributes
    ----------
    samples : ndarray, shape (n_trials, n_projects)
        Total effort at completion (spent + simulated remaining + scope growth), hours,
        one column per project in ``project_ids``.
    project_ids : ndarray
    quantiles : tuple of float
    correlation : dict
        The project and person intra-class correlations used.
    scope_growth : dict
        The growth rate used (``rate``, ``cv``, ``n_projects``).
    without_estimates : pandas.DataFrame
        Projects left out because none of their open tasks has a usable estimate (hours or story points)
        (:func:`projects_without_estimates`): ``project_id`` and ``open_tasks``. They are in
        no figure here (``samples``, ``by_project``, ``portfolio``, ``by_task``). Empty when
        there are none.
    budget_ignored : pandas.DataFrame
        Projects whose ``budget_hours`` is 0 (a data-entry slip, not a budget; a negative one is refused): ``project_id``
        and ``budget_hours`` as given. They count as having no budget (``budget_hours``,
        ``prob_overrun`` and ``expected_overrun_hours`` missing), as a blank one. Empty when there are none.
    points : bool
        The estimates are story points (:func:`~pmo_forecast.core.schema.estimates_in_points`):
        the forecast is in hours all the same, but ``remaining_estimate_hours`` and
        ``contingency_p80``, which add hours to the estimates, are missing.
    notes : list of str
        What is said for information, not warned: an active project with no task that starts after the
        forecast date has not started yet (in validation's words, ``project_not_started``).
    stale : pandas.DataFrame
        Open tasks under way for longer than 99% of finished tasks took from start to finish
        (:func:`~pmo_forecast.core.aging.aging_work`), oldest first: ``task_id``, ``project_id``,
        ``started``, ``age_days`` (working days of the forecast's ``calendar``), ``estimate_hours``, ``booked_hours`` and the
        ``p50_to_do_hours`` the forecast still gives each; ``attrs``: ``stale_after_days``, ``finished_tasks``
        and ``p50_to_do_hours_all`` (every open task's). Warned; they are forecast as still running.
    correlation_estimate : dict or None
        The :func:`pmo_forecast.estimate_correlation` result the forecast used (``"auto"``, or the dict given
        as ``project_correlation``): pass it as ``project_correlation=`` to another forecast of the same task
        table with the same model (the finish dates), which then does not estimate it again. None when both
        correlations were given as numbers.
    """

    title = "Overrun forecast: effort at completion (hours)"

    def __init__(self, samples, project_ids, spent, remaining_est, budget, task_table,
                 quantiles, correlation, scope_growth, expected_growth, without_estimates=None, points=False, *,
                 budget_ignored=None, notes=(), stale=None, correlation_estimate=None):
        self.points = points
        self.samples = samples
        self.project_ids = project_ids
        self.quantiles = tuple(quantiles)
        self.correlation = correlation
        self.scope_growth = scope_growth
        self.without_estimates = (pd.DataFrame({S.PROJECT_ID: pd.Series(dtype=object),
                                                "open_tasks": pd.Series(dtype=int)})
                                  if without_estimates is None else without_estimates)
        self._spent, self._rem, self._budget = spent, remaining_est, budget
        self._tasks = task_table
        self._growth = expected_growth
        self.budget_ignored = (pd.DataFrame({S.PROJECT_ID: pd.Series(dtype=object), S.BUDGET: pd.Series(dtype=float)})
                               if budget_ignored is None else budget_ignored)
        self.notes: list[str] = list(notes)
        self.stale = pd.DataFrame() if stale is None else stale
        self.correlation_estimate: dict | None = correlation_estimate

    def _rows(self, samples, spent, rem, budget, growth, index) -> pd.DataFrame:
        levels = sorted({*self.quantiles, 0.8})  # one partition for the quantiles and the P80 contingency
        qs = dict(zip(levels, np.quantile(samples, levels, axis=0), strict=True))
        rem = np.full(len(index), np.nan) if self.points else rem  # points less hours booked: no figure
        out = pd.DataFrame({"spent_hours": spent, "remaining_estimate_hours": rem}, index=index)
        for q in self.quantiles:
            out[S.quantile_column(q)] = qs[q]
        out[S.BUDGET] = budget
        has = ~np.isnan(budget)
        b = np.where(has, budget, np.inf)
        out["prob_overrun"] = np.where(has, (samples > b).mean(axis=0), np.nan)
        out["expected_overrun_hours"] = np.where(has, np.maximum(samples - np.where(has, budget, 0), 0).mean(axis=0), np.nan)
        plan = spent + rem
        out["contingency_p80"] = qs[0.8] - plan
        out["mean"] = samples.mean(axis=0)
        out["expected_growth_hours"] = growth
        return out

    def by_project(self) -> pd.DataFrame:
        """One row per project (index ``project_id``); quantiles are total effort at completion.

        ``spent_hours`` counts hours booked on finished, cancelled and open tasks;
        ``remaining_estimate_hours`` is what is left of the open tasks' estimates (estimate
        minus hours booked, not below 0). ``contingency_p80`` is P80 minus the current plan
        (spent + remaining estimate):
        the hours to add to the plan to be 80% sure; ``prob_overrun`` and
        ``expected_overrun_hours`` compare with ``budget_hours`` and are missing without one.
        ``expected_growth_hours`` is the mean over trials of the scope still to come, in the
        hours it will take (its estimate at the project's simulated actual/estimate ratio).
        """
        idx = pd.Index(self.project_ids, name=S.PROJECT_ID)
        return self._rows(self.samples, self._spent, self._rem, self._budget, self._growth, idx)

    def portfolio(self) -> pd.DataFrame:
        """The same figures for all projects together (budget only when every project has one)."""
        b = self._budget.sum() if len(self._budget) and not np.isnan(self._budget).any() else np.nan
        return self._rows(self.samples.sum(axis=1, keepdims=True), np.array([self._spent.sum()]),
                          np.array([self._rem.sum()]), np.array([b]), np.array([self._growth.sum()]),
                          pd.Index(["portfolio"], name=S.PROJECT_ID))

    def by_task(self) -> pd.DataFrame:
        """Each open task's effort quantiles from the accuracy model (its own distribution)."""
        return self._tasks.copy()

    def summary(self) -> pd.DataFrame:
        """``by_project()`` with the portfolio row appended."""
        return pd.concat([self.by_project(), self.portfolio()])

    def plot(self, ax=None):
        """Fan chart (see :meth:`plot_fan`)."""
        return self.plot_fan(ax=ax)

    def plot_fan(self, ax=None):
        """Per project: spent, the P10-P90 range of effort at completion, P50, and the budget."""
        import matplotlib.pyplot as plt

        ax = ax or plt.subplots(figsize=(8, 0.3 * len(self.project_ids) + 1.5))[1]
        y = np.arange(len(self.project_ids))
        lo, p50, p80, hi = np.quantile(self.samples, [0.1, 0.5, 0.8, 0.9], axis=0)
        ax.barh(y, self._spent, color="0.8", label="spent")
        ax.barh(y, hi - lo, left=lo, color="tab:blue", alpha=0.3, label="P10-P90")
        ax.barh(y, p80 - lo, left=lo, color="tab:blue", alpha=0.3, label="P10-P80")
        ax.plot(p50, y, "k|", markersize=12, label="P50")
        ax.plot(self._budget, y, "rx", label="budget")
        ax.set_yticks(y, [str(p) for p in self.project_ids])
        ax.invert_yaxis()
        ax.set_xlabel("total effort at completion (hours)")
        ax.legend(loc="lower right", fontsize="small")
        return ax

    def plot_overrun(self, ax=None):
        """Bars of the chance that each project's effort exceeds its budget."""
        return probability_bars(self.by_project()["prob_overrun"], "P(effort > budget)", ax)

    def count_likely_over_budget(self, project_ids=None) -> int:
        """How many projects are more likely than not to exceed their budget (``prob_overrun`` above 50%,
        :func:`~pmo_forecast.forecasting.plan.likely`); those without a budget are not.

        Parameters
        ----------
        project_ids : sequence, optional
            The projects counted (default all); one not in this forecast is not counted.

        Returns
        -------
        int
        """
        return count_likely(self.by_project()["prob_overrun"], project_ids)


def forecast_overruns(model, tasks: pd.DataFrame, projects: pd.DataFrame | None = None,
                      n_trials: int = 10_000, random_state=None, *, scope_growth="auto",
                      project_correlation="auto", person_correlation="auto",
                      quantiles=QUANTILES, n_levels: int = N_LEVELS, as_of=None,
                      calendar=None) -> OverrunForecast:
    """Simulate the total effort at completion of every open project.

    Parameters
    ----------
    model : fitted EstimationAccuracyModel
        Anything with ``quantile_table(tasks, n_levels)`` and ``pit(tasks, random_state)``.
    tasks : pandas.DataFrame
        Canonical task table. Open and in-progress tasks are simulated; finished and
        cancelled tasks count as spent (their ``actual_hours``). A project none of whose open
        tasks has a positive estimate is left out, warned (``without_estimates`` on the
        result): hours for it would be made up. Open tasks without one in a project that has
        some take the project's median estimate (warned).
    projects : pandas.DataFrame, optional
        Canonical projects table, for ``budget_hours``; active projects listed there are
        forecast even without open tasks (on their finished ones); an active project with no
        task at all has nothing to forecast and is left out, warned.
    n_trials : int
        Monte Carlo trials.
    random_state : int, numpy.random.Generator or None
    scope_growth : "auto", float, dict or None
        ``"auto"`` estimates the growth rate from completed projects
        (:func:`estimate_scope_growth`); a float sets the rate (share of the initial
        estimate, e.g. 0.15); ``{"rate": r, "cv": c}`` also sets its spread (and
        ``"demand_growth"``, a scenario's, see :func:`~pmo_forecast.forecasting.growth.growth_for`);
        ``None`` or 0 switches growth off.
    project_correlation, person_correlation : "auto", float or None
        Share of a task's surprise shared with its project / person (intra-class
        correlation of normal scores). ``"auto"`` estimates it from history
        (:func:`pmo_forecast.estimate_correlation`: the project part shrinks as a project's finished
        tasks teach the model, and in-progress work is drawn at the levels that held for
        such work); 0 or None treats tasks as independent. ``project_correlation`` also
        takes the dict that :func:`pmo_forecast.estimate_correlation` returns, to reuse one estimate
        (the slow part: it refits the model at past dates) across forecasts.
    quantiles : tuple of float
        Levels reported, each strictly between 0 and 1 (columns ``p50``, ``p80``, ``p2.5``, ...).
    n_levels : int
        Rows of the model's quantile table to resample (200: 0.25% steps).
    as_of : date-like, optional
        The forecast date (default: the data's own, :func:`~pmo_forecast.core.as_of.infer_as_of`). An
        active project with no task that starts after it has not started yet: not warned, said in ``notes``.
    calendar : WorkingCalendar, list of holiday dates or dict, optional
        The working days the stale work (``stale``) is aged in; default Monday to Friday. The planning pack
        passes its own, as it does to :func:`~pmo_forecast.forecasting.finish.forecast_finish_dates`.

    Returns
    -------
    OverrunForecast

    Notes
    -----
    Per trial, a task's effort is one of its ``n_levels`` model quantiles chosen at random
    (never below hours already booked), times its person's factor; the project total is
    times the project's factor. Factors are ``exp(sigma Z - sigma^2 / 2)`` (mean one), with
    ``sigma`` set so that the group total carries the shared variance the history shows. Scope
    growth: each open project's total growth is ``initial estimate x R`` with ``R`` drawn
    around the historical rate; what has not yet been added is costed at the trial's own
    actual-to-estimate ratio for that project's open work.

    Examples
    --------
    >>> from pmo_forecast import load_sample, EstimationAccuracyModel, forecast_overruns
    >>> tasks, projects, people, _ = load_sample()
    >>> model = EstimationAccuracyModel(random_state=0).fit(tasks)   # doctest: +SKIP
    >>> fc = forecast_overruns(model, tasks, projects, random_state=0)  # doctest: +SKIP
    >>> fc.by_project()[["p50", "p80", "budget_hours", "prob_overrun"]]  # doctest: +SKIP
    """
    quantiles = quantile_levels(quantiles)  # before the simulation: shown, a bad level failed
    as_of = None if as_of is None else resolve_as_of(tasks, as_of)
    rn, setup = setup_simulation(model, tasks, projects, n_trials, random_state, scope_growth,
                                 project_correlation, person_correlation, n_levels, as_of, calendar)
    work = setup.work
    samples, exp_growth = _effort_at_completion(rn, setup, int(n_trials))
    budget, budget_ignored = project_budgets(projects, work.project_ids)
    _warn_zero_budgets(budget_ignored)
    # dropped after the simulation, not before: every other project keeps the draws (and the person
    # factors) of the finish-date forecast, whose plan still schedules this work
    keep = work.estimated
    points = S.estimates_in_points(tasks)
    without = _without_estimates(work, points)
    return OverrunForecast(samples[:, keep], work.project_ids[keep], work.spent[keep], work.remaining[keep],
                           budget[keep], _task_table(model, work, quantiles)[keep[work.proj_code]], quantiles,
                           setup.icc, setup.ginfo, exp_growth[keep], without, points=points,
                           budget_ignored=budget_ignored, notes=work.notes, stale=work.stale,
                           correlation_estimate=setup.estimated)


def _effort_at_completion(rn, setup: _Setup, n_trials: int) -> tuple[np.ndarray, np.ndarray]:
    """Each trial's effort per project, with the hours spent, and the mean scope still to come: the finish dates count the same."""
    work = setup.work
    samples = np.empty((n_trials, len(work.project_ids)))
    # scope still to come, in the hours it will take (the open tasks' simulated ratio), as the
    # finish-date plan counts it: the pack's plan-to-forecast and capacity notes say one figure
    exp_growth = np.zeros(len(work.project_ids))
    i = 0
    for tot, _, grow in simulate_effort(rn, work, n_trials, setup.sig_proj, setup.sig_pers, setup.growth):
        samples[i:i + tot.shape[1]] = tot.T
        i += tot.shape[1]
        if grow is not None:
            exp_growth += grow.sum(axis=1)
    exp_growth /= max(n_trials, 1)
    # an open task's draw is its total hours (never below what is booked on it), so the hours
    # booked on open tasks are already inside the draws: add only the closed tasks' hours
    booked = np.bincount(work.proj_code, weights=work.booked, minlength=len(work.project_ids))
    samples += work.spent - booked
    return samples, exp_growth


def _warn_zero_budgets(budget_ignored: pd.DataFrame) -> None:
    """Warn of the budgets of 0 h taken as none: a P(over budget) that is missing says why."""
    if len(budget_ignored):
        ids = budget_ignored[S.PROJECT_ID].astype(str).tolist()
        warn(f"{counted(len(ids), 'project')} {agree(len(ids), 'has', 'have')} a budget of 0 h "
             f"({id_list(ids, 5)}): taken as no budget, so {agree(len(ids), 'it has', 'they have')} no "
             "P(over budget) "
             "(OverrunForecast.budget_ignored); fill in the budget in hours, or leave it blank",
             DataQualityWarning)


def _without_estimates(work: OpenWork, points: bool) -> pd.DataFrame:
    """The projects with no estimate on any open task (warned): left out, since their hours would be made up."""
    keep = work.estimated
    without = pd.DataFrame({S.PROJECT_ID: work.project_ids[~keep],
                            "open_tasks": np.bincount(work.proj_code, minlength=len(work.project_ids))[~keep]})
    if len(without):
        ids = without[S.PROJECT_ID].astype(str).tolist()
        its = agree(len(ids), "its", "their")
        warn(f"{counted(len(ids), 'project')} {agree(len(ids), 'has', 'have')} no {estimates_named(points, plural=False)} "
             f"on any open task ({id_list(ids, 5)}): left out of the effort forecast "
             f"(OverrunForecast.without_estimates), since {its} hours would be made up; estimate {its} "
             f"tasks, or forecast {agree(len(ids), 'it', 'them')} from throughput (pmo_forecast.forecast_throughput)",
             DataQualityWarning)
    return without


def project_budgets(projects: pd.DataFrame | None, project_ids) -> tuple[np.ndarray, pd.DataFrame]:
    """Each project's ``budget_hours`` (aligned with ``project_ids``; NaN for none), and the budgets of 0 h
    it leaves out (a negative one is refused before).

    Such a budget is a slip of the keyboard, not a budget: compared with it every trial was over (P(over
    budget) 100%), so it counts as no budget, as a blank one. The second table (``project_id``,
    ``budget_hours`` as given) is what the forecasts say they left out.
    """
    ids = np.asarray(project_ids, dtype=object)
    budget = np.full(len(ids), np.nan)
    if projects is not None and S.BUDGET in projects:
        b = projects.drop_duplicates(S.PROJECT_ID).set_index(S.PROJECT_ID)[S.BUDGET]
        budget = b.reindex(ids).to_numpy(float)
    unusable = budget <= 0
    ignored = pd.DataFrame({S.PROJECT_ID: ids[unusable], S.BUDGET: budget[unusable]})
    return np.where(unusable, np.nan, budget), ignored


def _task_table(model, work: OpenWork, quantiles) -> pd.DataFrame:
    t = work.tasks
    out = pd.DataFrame({S.PROJECT_ID: t[S.PROJECT_ID].to_numpy(object),
                        S.ASSIGNEE: t[S.ASSIGNEE].to_numpy(object),
                        S.STATUS: t[S.STATUS].to_numpy(object),
                        S.ESTIMATE: t[S.ESTIMATE].to_numpy(float), "booked_hours": work.booked},
                       index=pd.Index(t[S.TASK_ID].to_numpy(object), name=S.TASK_ID))
    q = work.q
    if work.ip_cols is not None and len(work.ip_cols):  # the levels in-progress work is drawn at
        q = q.copy()
        q[work.ip_cols] = q[work.ip_cols][:, work.ip_map]
    for level in quantiles:
        out[S.quantile_column(level)] = np.maximum(table_quantile(q, level), work.booked)
    out["mean"] = np.maximum(q, work.booked[:, None]).mean(axis=1) if len(q) else np.zeros(0)
    return out
