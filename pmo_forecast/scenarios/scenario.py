"""Running staffing scenarios: staffing -> utilisation -> waiting -> delivery.

A :class:`~pmo_forecast.scenarios.spec.Scenario` (the assumptions and their file format live in
:mod:`pmo_forecast.scenarios.spec`) is applied to changed copies of the tables by
:func:`~pmo_forecast.scenarios.staffing.apply_scenario`; :func:`run_scenario` pushes those through
the what-if engine (:mod:`pmo_forecast.scenarios.whatif`: the one forecasting engine's effort and
finish dates, PM-pool waiting, utilisation). Here too: the PM pool on each date under a scenario
and without one, the engine's run on the scenario's tables, and utilisation by role over the weeks.

The result (:mod:`.scenario_result`: :class:`ScenarioResult`), the comparison (:mod:`.comparison`:
:func:`compare_scenarios` tabulates the deltas) and the approval gates that carry the pool's waits
into the finish dates (:mod:`.approval_gates`) are modules of their own; their names still import
from here.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.as_of import as_of_gap_said, infer_as_of
from ..core.calendar import HOURS_PER_DAY
from ..core.capacity import availability_steps
from ..core.exceptions import said_once
from ..core.labels import agree, estimates_named, id_list
from ..forecasting.open_work import (
    N_LEVELS,
    SURE_LEVEL,
    hours_to_do,
    open_work_said,
    projects_without_estimates,
)
from ..forecasting.overrun import project_budgets
from ..forecasting.plan import AT_RISK, trial_count
from ..forecasting.plan import at_risk as at_risk_flags
from ..forecasting.pool_shares import pool_request_shares
from ..forecasting.queues import queue_findings_said
from ..forecasting.workload import PLAN_HOURS
from .applied_scenario import AppliedScenario, pm_availability, pm_count, pm_hours_share, role_on
from .approval_gates import (
    GATES_FALLBACK,
    MODEL_AGREES,
    approval_gates_note,
    approvals_left_out,
    baseline_over_capacity_note,
    gates_used,
)
from .comparison import ScenarioComparison, compare_scenarios
from .scenario_result import (
    GAPS_NAMED,
    NO_FINISH_ROW,
    NOT_ASSESSED_ROW,
    ScenarioResult,
    gap_spans,
    handlers_pool_note,
    no_server_runs,
)
from .spec import BASELINE, AvailabilityChange, Hire, Leave, Move, NewProject, Scenario
from .staffing import apply_scenario
from .whatif import EstimatesAsGiven, clear_cache, context

# the assumptions are re-exported: this module was their home before spec.py; the result, the comparison and
# the approval gates (and GAPS_NAMED) lived here until scenario_result.py, comparison.py and approval_gates.py
__all__ = ["GAPS_NAMED", "GATES_FALLBACK", "MODEL_AGREES", "NOT_ASSESSED_ROW", "NO_FINISH_ROW", "AppliedScenario",
           "AvailabilityChange", "Hire", "Leave", "Move", "NewProject", "Scenario", "ScenarioComparison",
           "ScenarioResult", "apply_scenario", "approval_gates_note", "approvals_left_out", "clear_cache",
           "compare_scenarios", "gates_used", "infer_as_of", "plan_weeks", "role_hours", "role_utilisation", "run_scenario",
           "scenario_projects"]


def run_scenario(scenario: Scenario, data, *, model=None, as_of=None, n_trials: int = 2000,
                 random_state=0, gates_per_month="auto", horizon_weeks: int = 26,
                 at_risk: float | tuple = AT_RISK, correlation=None, calendar=None) -> ScenarioResult:
    """Run ``scenario`` along the chain staffing -> utilisation -> waiting -> delivery.

    Parameters
    ----------
    scenario : Scenario or path
        The assumptions (a path to a YAML/JSON file is read with :meth:`Scenario.from_file`).
    data : Sample, dict or tuple
        ``tasks``, ``projects``, ``people`` and (for waiting) ``requests`` tables.
    model : fitted EstimationAccuracyModel, optional
        Fitted on ``data.tasks`` when not given (once per data set: cached).
    as_of : date-like, optional
        Forecast origin; default the latest date in the tasks.
    n_trials : int
        Monte Carlo trials.
    random_state : int
        Seed. Draws are tied to each task, project and person, so two scenarios on the
        same data differ only through their changes (common random numbers), and the
        baseline equals :func:`pmo_forecast.forecast_finish_dates` with the same seed.
    gates_per_month : "auto" or float, default "auto"
        Approvals that block a project per month of its schedule: the link from PM-pool
        waiting to delivery (0 switches the link off). ``"auto"`` learns it from the
        request log: the approvals logged per running project-month
        (:func:`pmo_forecast.forecasting.plan.fit_gates_per_month`) times the share of their waiting
        that held the work, learnt from how much less the projects finished while approvals waited
        (:func:`pmo_forecast.forecasting.approval_blocking.fit_approval_blocking`; every approval
        counts as blocking when the history cannot tell, said in ``gates_source``).
        When the log gives no rate (no approvals over no running project-months), 1 a
        month is assumed and ``gates_source`` on the result says so; both are shown in the
        pack's Assumptions.
    horizon_weeks : int
        Weeks of utilisation and waiting over time.
    at_risk : float or (float, float)
        A project is at risk when ``prob_late`` or ``prob_overrun`` is at least this (or the
        pair's ``(late, overrun)`` lines; :func:`pmo_forecast.forecasting.plan.at_risk`), or
        when it is on hold.
    correlation : dict, optional
        An :func:`pmo_forecast.forecasting.correlation.estimate_correlation` result to reuse (the
        planning pack passes the one its forecasts used).
    calendar : None, WorkingCalendar, list of holidays or dict
        Working days, as for :func:`~pmo_forecast.forecast_finish_dates` (the pack passes
        its ``--holidays``, so the baseline equals the Projects sheet with holidays too).

    Returns
    -------
    ScenarioResult

    Notes
    -----
    The one engine a scenario runs, its cache (after changing a table in place, call :func:`clear_cache`) and the
    PM pool's waits it adds: see docs/scenarios.md, section "How a scenario runs".

    Examples
    --------
    >>> from pmo_forecast import load_sample, Scenario, run_scenario
    >>> res = run_scenario(Scenario.from_file("data/scenarios/one-more-pm.yaml"),
    ...                    load_sample(), n_trials=500)  # doctest: +SKIP
    >>> res.summary()  # doctest: +SKIP
    """
    # the engine's warnings each said once a run (the scenario's own among them: a team that leaves), and in the
    # pack's said_once a message the baseline said is not said again
    with said_once():
        if not isinstance(scenario, Scenario):
            scenario = Scenario.from_file(scenario)
        n_trials = trial_count(n_trials)
        ctx = context(data, model, as_of, n_trials, random_state, correlation)
        applied = apply_scenario(scenario, ctx.tasks, ctx.projects, ctx.people, ctx.requests, as_of=ctx.as_of,
                                 calendar=calendar, **_hand_back(ctx, scenario, calendar))
        fit = ctx.queue_for(calendar)
        fallback = _say_pool_fallback(ctx, scenario, applied, fit)
        _say_no_change(scenario, applied)
        _say_no_queue(ctx, scenario, applied, fit)
        fc, queue = _forecast(ctx, scenario, applied, gates_per_month, calendar)
        out, guessed = _estimated_projects(ctx, applied, scenario_projects(fc, applied.projects, at_risk))
        out = _with_on_hold(out, applied)
        # waiting over time, and utilisation from the plan, over the same weeks (the waits began the week after the
        # utilisation's: the headline PM-pool utilisation 84.1% beside the weekly table's 84.5%, its last week's pool
        # one the table never showed)
        weeks = plan_weeks(ctx.as_of, horizon_weeks)
        weekly, waits = _weekly_waits(ctx, applied, queue, weeks, calendar)
        # the pool of each week, as the waits have it (the pool after every change, read in every week, showed a PM
        # hired in September in July's utilisation)
        util = role_utilisation(fc, applied.people, ctx.as_of, horizon_weeks, weekly or None, moves=applied.moves)
        gpm, source, left_out = _gates(ctx, queue, fit, gates_per_month)
        if queue is not None and gpm > 0 and not left_out:  # the gates carry the pool's change in wait
            _say_baseline_over_capacity(ctx, applied, weeks[-1] + pd.Timedelta(days=7), calendar)
        return ScenarioResult(scenario, applied, queue, waits, util, out, fc.effort_samples, fc.samples,
                              ctx.as_of, at_risk, forecast=fc, random_state=ctx.random_state, without_estimates=guessed,
                              data_fingerprint=ctx.fingerprint, gates_per_month=gpm, gates_source=source,
                              approval_waits_left_out=left_out, pool_fallback=fallback)


def _gates(ctx, queue, fit, gates_per_month) -> tuple[float, str, str]:
    """The approval gates a month the scenario uses, where the figure comes from, and why the pool's change in wait
    is left out of its finish dates (:func:`approvals_left_out`; "" when it is not, or when no gate carries it: no
    queue, no gates), for the result."""
    gpm, source = gates_used(ctx.gates, gates_per_month)
    return gpm, source, (approvals_left_out(fit) if queue is not None and gpm > 0 else "")


def _say_baseline_over_capacity(ctx, applied: AppliedScenario, horizon_end, calendar) -> None:
    """Say in ``applied.notes`` a baseline PM pool over capacity before ``horizon_end``: the finishes take the change
    in wait against it (a stable pool moved P80s 21-74 days)."""
    over = _baseline_over_capacity(ctx, horizon_end, calendar)
    if over is not None:
        applied.notes.append(baseline_over_capacity_note(*over))


def _say_pool_fallback(ctx, scenario: Scenario, applied: AppliedScenario, fit) -> tuple | None:
    """The pool's handlers standing in for the PMs and why, said in the notes and returned for the result: a
    fallback, said on every result (the pack says it once)."""
    if fit is None or fit.servers_source != "handlers":
        return None
    anyone = S.ROLE in ctx.people and ctx.people[S.ROLE].eq(S.PM_ROLE).any()
    why = ("no PM in the people table serves at the request log's end: gone, or at 0%" if anyone
           else f"nobody in the people table has role {S.PM_ROLE!r}")
    fallback = (fit.queue.servers, why)
    applied.notes.append(handlers_pool_note(scenario, *fallback))
    return fallback


def _say_no_change(scenario: Scenario, applied: AppliedScenario) -> None:
    """Say a scenario that is the baseline under another name: an empty file (or one whose keys are all blank) ran
    as a scenario and matched the baseline without a word."""
    if scenario.name != BASELINE.name and scenario.replace(name=BASELINE.name,
                                                          description=BASELINE.description) == BASELINE:
        applied.notes.append(f"{scenario.source or scenario.name!r} changes nothing: it is the plan as it stands "
                             "(the baseline)")


def _say_no_queue(ctx, scenario: Scenario, applied: AppliedScenario, fit) -> None:
    """Say what a missing PM-pool queue leaves out: PM hires and the approval share changed no figure, silently,
    and a request log that could not be fitted has its waits missing from every figure."""
    pm_hires = [h.person for h in scenario.hires if h.role == S.PM_ROLE]
    what = [*(f"the PM hire {p!r}" for p in pm_hires),
            *(["the approval share"] if scenario.approval_share is not None else [])]
    if fit is None and what:
        why = (f"the PM-pool queue could not be fitted from the request log ({ctx.queue_error})" if ctx.queue_error
               else "no request log (--requests), so no PM-pool queue")
        applied.notes.append(f"{why}: {' and '.join(what)} "
                             f"{agree(len(what), 'leaves', 'leave')} the approval waits and finish dates as they are")
    elif fit is None and ctx.queue_error:
        applied.notes.append(f"the PM-pool queue could not be fitted from the request log ({ctx.queue_error}): no "
                             "approval waits in this scenario's figures")


def _estimated_projects(ctx, applied: AppliedScenario, out: pd.DataFrame) -> tuple[pd.DataFrame, list]:
    """``out`` without the projects with no estimate on their open work, and those projects, said: as in the
    pack, their plan's hours are a guess, so they are in no figure of the scenario."""
    # the Projects sheet forecasts them from throughput
    guessed = [p for p in map(str, projects_without_estimates(applied.tasks)) if p in set(out.index.astype(str))]
    if guessed:
        out = out.loc[~out.index.astype(str).isin(guessed)]
        applied.notes.append(f"{id_list(guessed)}: no "
                             f"{estimates_named(S.estimates_in_points(ctx.tasks))} on their open work, so in "
                             "none of the scenario's figures (forecast from throughput on the Projects sheet)")
    return out, guessed


def _with_on_hold(out: pd.DataFrame, applied: AppliedScenario) -> pd.DataFrame:
    """``out`` with a row for each project the scenario put on hold, at risk: out of the forecast, still listed."""
    if not applied.on_hold:
        return out
    held = pd.DataFrame(index=pd.Index(list(applied.on_hold), name=S.PROJECT_ID))
    held["on_hold"] = True
    proj = applied.projects.drop_duplicates(S.PROJECT_ID).set_index(S.PROJECT_ID)
    held[S.DUE] = proj[S.DUE].reindex(held.index).to_numpy() if S.DUE in proj else pd.NaT
    held["at_risk"] = True
    out = pd.concat([out, held])
    out["on_hold"] = out["on_hold"].astype(bool)
    out["at_risk"] = out["at_risk"].astype(bool)
    return out


def _weekly_waits(ctx, applied: AppliedScenario, queue, weeks, calendar) -> tuple[list, pd.DataFrame]:
    """The PM pool of each of ``weeks`` (empty without a queue) and its approval waits by week: the waits over time
    on the result, over the utilisation's weeks."""
    # each week's pool is the one on its Wednesday, in effect on most of its working days (read on
    # Monday, a PM hired on the Wednesday after the forecast date left a week over capacity: waits inf)
    weekly = _pool_queues(ctx, applied, weeks + pd.Timedelta(days=2), calendar, say=False) if queue is not None else []
    rows = []
    if queue is not None:
        seen: dict = {}
        for w_, qw in zip(weeks, weekly, strict=True):
            if id(qw) not in seen:
                seen[id(qw)] = qw.wait_quantile([0.5, 0.9]) / HOURS_PER_DAY
            p50, p90 = seen[id(qw)]
            rows.append({"week": w_, "servers": qw.servers, "utilisation": qw.utilisation,
                         "wait_p50_days": p50, "wait_p90_days": p90})
    waits = pd.DataFrame(rows, columns=["week", "servers", "utilisation", "wait_p50_days",
                                        "wait_p90_days"]).set_index("week")
    return weekly, waits


def _unserved(who: str, runs, unless: str, where: str, hours: str) -> str:
    """What a PM pool with no server means, in the scenarios' notes (the same on the Capacity sheet): ``who``
    leaves it without one in ``runs`` (:func:`~.scenario_result.no_server_runs`), ``unless`` what gives it one,
    ``where`` the weekly waits are unbounded, and where the request hours are.

    The waits grow without bound only from a gap no PM comes back from. In a gap with an end a request waits
    for it and then behind the backlog, as the finish dates take it (:func:`_no_server_finishes`): "without
    bound" there, from the weekly steady-state table, had contradicted that note beside it.
    """
    head = f"{who} leaves no project manager (role {S.PM_ROLE!r}) serving the PM pool"
    bounded = [r for r in runs if r[1] is not None]
    for_good = runs[-1][0] if runs[-1][1] is None else None
    if not bounded:
        return (f"{head} from {for_good.date()} (every one gone or at 0%): the pool has no server from then{unless}, "
                "so approval requests are unserved and their waits grow without bound from that date (unbounded "
                f"approval waits and PM-pool utilisation {where}, and {hours})")
    when, grow = gap_spans(bounded), ""
    if for_good is not None:
        when += f", and for good from {for_good.date()}"
        grow = f"; from {for_good.date()}, with no PM back, their waits grow without bound"
    return (f"{head} {when} (every one gone or at 0%): the pool has no server then{unless}, so approval requests "
            "wait unserved until a PM is back and then behind the requests that piled up meanwhile, a bounded wait"
            f"{grow} (the weekly steady-state approval waits and PM-pool utilisation {where} read unbounded in the "
            f"weeks without a server, and {hours})")


def _pool_queues(ctx, applied: AppliedScenario, dates, calendar=None, say: bool = True) -> list:
    """The PM pool under the scenario on each of ``dates`` (empty without a request log); ``say``: the dates
    are every date the pool changes, so the first without a server is exact, said in ``applied.notes``."""
    fit = ctx.queue_for(calendar)
    if fit is None:
        return []
    base = fit.queue
    # the fitted pool is the PMs serving at the log's end; on each date it has what the people table says
    # since (a PM gone after her end date, one on leave or back by a dated change, one hired after the log from
    # her start), as the Capacity sheet shares the requests among them, and the scenario's changes. Counted
    # against the table on the same date, a PM leaving per the table stayed a server for good, in the baseline
    # too. The finishes take only a scenario's change against the baseline's pool on the same date, so a PM
    # hired after the log is in both from her start (left out of both, her leaving changed nothing); with the
    # log's handlers standing in for the PMs, the table's own changes are not the pool's
    people = ctx.people
    d = pd.DatetimeIndex(pd.to_datetime(np.atleast_1d(dates)))
    ref = d
    if fit.servers_source == "people":
        ref = pd.DatetimeIndex([fit.log_end.normalize()] * len(d))
    # a PM at 0% (or 0 hours a week) on a date is no server then, as in the fitted pool (a server at a lower
    # share, she made a hire beside her count as less than a PM)
    gone = base.servers + pm_count(people, d) - pm_count(people, ref) < 1  # the table's doing, not the scenario's
    # no PM serving is no server: the pool serves nobody and its waits grow without bound (taken as one PM, its
    # waits were one PM's while the Capacity sheet left the request hours unserved)
    servers = np.maximum(base.servers + applied.pm_count(d) - pm_count(people, ref), 0)
    said = []
    if gone.any():
        said.append(_unserved("the people table", no_server_runs(d, gone), " unless a scenario adds one",
                              "in the scenarios", "the request hours on nobody's row on the Capacity sheet"))
    if (empty := (servers < 1) & ~gone).any():
        said.append(_unserved("the scenario", no_server_runs(d, empty), "", "in this scenario",
                              "none of the request hours on its PMs"))
    if say:
        applied.notes.extend(n for n in said if n not in applied.notes)
    rate = base.arrival_rate * applied.arrival_scale_on(d)
    # each PM gives the same share of their available time: PMs less available than the fitted pool's serve
    # more slowly (a part-time hire adds part of a server; M/M/c at the mean)
    before, mean = pm_availability(people, ref), applied.pm_availability(d)
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where((before > 0) & np.isfinite(mean), mean / before, 1.0)
    share = base.availability
    if applied.approval_share is not None:
        # a share of each PM's own week: on the queue's clock (a full working week) PMs at 20 hours a week giving
        # 10% of it serve 5% (it was read as 10% of 40 hours whatever their hours: twice their time for approvals)
        hours = pm_hours_share(people, ref)
        share = applied.approval_share * np.where(hours > 0, hours, 1.0)
    share = np.minimum(1.0, share * scale)
    pools = {k: base.with_(servers=int(k[0]), arrival_rate=float(k[2]), availability=float(k[1]))
             for k in set(zip(servers, share, rate, strict=True))}
    return [pools[k] for k in zip(servers, share, rate, strict=True)]


def _no_server_finishes(dates, pools, reference) -> list:
    """What a pool with no server does to the finish dates (:func:`~pmo_forecast.forecasting.plan.gate_delay_days`),
    in words: the scenario's (``pools``) makes its gates wait until a later date with a server, or without bound
    when there is none; against the baseline's (``reference``) waits without bound no change is measured. Every
    gap is said (a pool whose PMs are all on leave twice had only its first in the note); a gap of the baseline's
    own is said once, as the baseline's (every scenario said its finishes "move by those waits", moved by none)."""
    base = no_server_runs(dates, [q.servers == 0 for q in reference])
    for_good = base[-1][0] if base and base[-1][1] is None else None  # from then no change is measured
    said, bounded, unbounded = [], [], None
    for first, back in no_server_runs(dates, [q.servers == 0 for q in pools]):
        if for_good is not None and first >= for_good:
            break
        if (first, back) in base:  # the baseline's own gap: said as the baseline's, the finishes take its change
            continue
        if back is None:
            unbounded = first
            break
        bounded.append((first, back))
    if len(bounded) == 1:
        own, own_back = bounded[0]
        said.append(f"the scenario's PM pool has no server from {own.date()} until {own_back.date()}: a project "
                    f"passing an approval gate then waits until {own_back.date()}, then behind the approvals "
                    f"that piled up since {own.date()}, which the pool from {own_back.date()} serves first come, "
                    "first served; a gate after that waits while the pool drains that backlog at its spare "
                    "capacity (longer while it is over capacity); the finishes move by those waits")
    elif bounded:
        said.append(f"the scenario's PM pool has no server {gap_spans(bounded)}: a project passing an approval gate in "
                    "one of those gaps waits until the gap ends, then behind the approvals that piled up since it "
                    "began, which the pool back from then serves first come, first served; a gate after a gap waits "
                    "while the pool drains that backlog at its spare capacity (longer while it is over capacity); "
                    "the finishes move by those waits")
    if unbounded is not None:
        until = f" until {for_good.date()} (from when the baseline's pool has none either)" if for_good else ""
        said.append(f"the scenario's PM pool has no server from {unbounded.date()}: a project passing an approval "
                    f"gate from then{until} waits without bound there, so it never finishes in that trial (no finish "
                    "date)")
    if base_bounded := [r for r in base if r[1] is not None]:
        end = "that date" if len(base_bounded) == 1 else "the gap ends"
        said.append(f"the baseline's PM pool has no server {gap_spans(base_bounded)} (the people table's PMs): its "
                    f"approval gates then wait until {end} and behind the approvals that piled up meanwhile; the "
                    "baseline's finish dates (the forecast, learnt from the history) do not take that wait, the "
                    "scenarios' take only their change in wait against it")
    if for_good is not None:
        said.append(f"the baseline's PM pool has no server from {for_good.date()} (the people table's PMs): no "
                    "change in approval wait can be measured against its waits without bound, so the finish dates "
                    "take none at approval gates from then")
    return said


def _baseline_pools(ctx, dates, calendar=None) -> list:
    """The PM pool on each of ``dates`` without a scenario: the fitted one after the people table's changes."""
    return _pool_queues(ctx, AppliedScenario(ctx.tasks, ctx.projects, ctx.people, ctx.requests, ctx.as_of),
                        dates, calendar)


def _baseline_over_capacity(ctx, end, calendar=None) -> tuple | None:
    """The first date before ``end`` (the horizon's) from which the baseline's PM pool is over capacity
    (utilisation >= 1: its backlog grows without bound), and its utilisation then; None when it never is. A
    pool with no server is not over capacity but without one (:func:`_pool_queues` says it)."""
    dates = [ctx.as_of] + sorted({d for d in _table_changes(ctx.people) if ctx.as_of < d < end})
    for d, q in zip(dates, _baseline_pools(ctx, dates, calendar), strict=True):
        if not q.stable and q.servers > 0:
            return d, q.utilisation
    return None


def _table_changes(people: pd.DataFrame, moves=()) -> list:
    """First days on which the people table changes a PM's service: her start, the day after her end, each
    dated change of her availability (:func:`~pmo_forecast.core.capacity.availability_steps`). A PM is anyone
    in the role on some date, ``moves`` (:attr:`AppliedScenario.moves`) counted: a dev a scenario makes a PM
    brings the table's later change of her availability to the pool (read at the base PMs' dates only, the
    pool kept her old share from that date on)."""
    movers = {m[0] for m in moves if S.PM_ROLE in (m[2], m[3])}
    pm = people.loc[(people[S.ROLE] == S.PM_ROLE) | people[S.PERSON].isin(movers)]
    starts = pd.to_datetime(pm[S.START]).dropna() if S.START in pm else []
    ends = pd.to_datetime(pm[S.END]).dropna() + pd.Timedelta(days=1) if S.END in pm else []
    when = availability_steps(pm)[0].ravel()
    return [*starts, *ends, *pd.DatetimeIndex(when[~np.isnat(when)])]


def _hand_back(ctx, sc: Scenario, calendar) -> dict:
    """``hours_to_do`` and ``pace`` for :func:`apply_scenario`: a leaver keeps what the forecast has them
    finish by their date in nearly every trial, each task at ``SURE_LEVEL`` and at the scenario's pace (at
    the estimates and stated capacity they kept work their pace and overruns could not finish: PRJ-47
    "cannot finish" in every trial). A fixed-term hire keeps what they finish by their ``end`` alike, at
    the pace the engine gives hires (the team's, ``attrs["pool"]``)."""
    fixed_term = [h.person for h in sc.hires if h.end is not None]
    if not (sc.leaves or sc.moves or fixed_term):
        return {}
    model = ctx.quantiles if sc.bias_correction else EstimatesAsGiven()

    def sure_hours(tasks: pd.DataFrame) -> np.ndarray:
        booked = S.booked_hours(tasks)
        q = model.quantile_table(tasks, n_levels=N_LEVELS, at_least=np.where(booked > 0, booked, np.nan))
        return hours_to_do(q, booked, SURE_LEVEL)

    pace = _pace(ctx, sc, ctx.people, calendar)
    pace = getattr(pace, "pace", pace)  # calibrated: the DeliveryRates' pace per person
    if not isinstance(pace, pd.Series):  # a number: everyone's, the fixed-term hires' too (they kept work at 1)
        pace = pd.Series(float(pace), index=[*ctx.people[S.PERSON].astype(str), *fixed_term])
    elif fixed_term:
        pace = pd.concat([pace, pd.Series(pace.attrs.get("pool", 1.0), index=fixed_term)])
    return {"hours_to_do": sure_hours, "pace": pace}


def _pace(ctx, sc: Scenario, people: pd.DataFrame, calendar):
    """The pace the engine runs ``sc`` at, for ``people``: ``pace=`` of :func:`forecast_finish_dates`."""
    if sc.pace == "auto":  # hires get the pool's delivered pace
        p = ctx.pace(calendar)
        return p.reindex(pd.Index(people[S.PERSON].astype(str))).fillna(p.attrs["pool"])
    if sc.pace == "calibrated":  # learnt once on the data (hires get the team's pace)
        return ctx.delivery_rates(calendar)
    return sc.pace


def _forecast(ctx, sc: Scenario, applied: AppliedScenario, gates_per_month, calendar=None):
    """The one engine on the scenario's tables: effort and finish per trial."""

    from ..forecasting.finish import forecast_finish_dates

    tasks, projects = applied.tasks, applied.projects
    if applied.on_hold:  # out of the forecast: listed as on hold
        tasks = tasks.loc[~tasks[S.PROJECT_ID].isin(applied.on_hold).to_numpy()]
        projects = projects.loc[~projects[S.PROJECT_ID].isin(applied.on_hold).to_numpy()]
    # the pool from the forecast date on, and again at each later date the headcount changes or an added
    # project starts (bringing its requests), or the people table changes a PM's service (the baseline's pool too)
    dates = [ctx.as_of] + sorted({d for d in [*sc.change_dates(), *applied.added_starts, *_table_changes(ctx.people),
                                                  *_table_changes(applied.people, applied.moves)]
                                  if d > ctx.as_of})
    pools = _pool_queues(ctx, applied, dates, calendar)
    queue = pools[-1] if pools else None
    gpm, _ = gates_used(ctx.gates, gates_per_month)
    approvals = None
    fit = ctx.queue_for(calendar)
    why = approvals_left_out(fit) if queue is not None and gpm > 0 else ""
    reference = _baseline_pools(ctx, dates, calendar) if queue is not None else []

    def params(q):
        return q.servers, q.availability, q.arrival_rate

    if why and any(params(q) != params(r) for q, r in zip(pools, reference, strict=True)):
        # the pack's Assumptions said it; on the result, the pool's waits changed while no finish moved, unsaid
        applied.notes.append(f"the PM pool changes, but {why}")
    if queue is not None and gpm > 0 and not why:
        # a step only where the pool changes: the backlog's speed is set at each step, so a repeated pool
        # (a date whose change leaves the pool as it was) slowed an overloaded pool's growth (P80 +177 -> +136)
        def steps(qs):
            return [(d, q) for k, (d, q) in enumerate(zip(dates, qs, strict=True)) if k == 0 or q is not qs[k - 1]]

        # the change against the baseline's pool on the same date: a PM leaving per the people table is in
        # both, so a scenario that changes nothing adds nothing (the baseline is the forecast)
        approvals = {"queue": queue, "reference": fit.queue, "gates_per_month": gpm, "steps": steps(pools),
                     "reference_steps": steps(reference)}
        applied.notes.extend(_no_server_finishes(dates, pools, reference))
    pace = _pace(ctx, sc, applied.people, calendar)
    if sc.bias_correction:
        model, corr, person = ctx.quantiles, ctx.correlation, "auto"
        # the tables' unstarted estimates already carry the demand growth: the engine scales the scope
        # still to come by it once (multiplying the rate too grew it x3 to x13 per project at 1.2)
        growth = {"rate": ctx.growth["rate"], "cv": ctx.growth["cv"], "demand_growth": sc.demand_growth} \
            if ctx.growth["rate"] > 0 else None
    else:
        model, corr, person, growth = EstimatesAsGiven(), 0, 0, None
    # the as-of date against the tables as loaded is said by the context (WhatIfContext), once: the scenario's
    # tables have an added project's tasks created on its start, later than the as-of date though none is done.
    # What the open work as loaded shows (no estimate, stale work) is said by it once too: the scenario's tables
    # are those changed, and each run said it again, in other words where it removed a project or trusted the
    # estimates. What the queues find in the people table (no hours, work of people not there) is said once a
    # context too, and again only where a scenario changes it (one that hires the person says the rest)
    ctx.open_work(calendar)
    with as_of_gap_said(), open_work_said(), queue_findings_said(ctx.queues_said):
        fc = forecast_finish_dates(model, tasks, applied.people, projects, as_of=ctx.as_of,
                                   n_trials=ctx.n_trials, random_state=ctx.random_numbers,
                                   scope_growth=growth, project_correlation=corr,
                                   person_correlation=person, pace=pace, approvals=approvals,
                                   calendar=calendar, away=applied.away)
    return fc, queue


def scenario_projects(fc, projects: pd.DataFrame | None, threshold: float | tuple = AT_RISK) -> pd.DataFrame:
    """Per project from one run of the engine: effort and finish quantiles, chances, ``at_risk``.

    :func:`run_scenario` reads every scenario's per-project figures through this function
    (:attr:`ScenarioResult.projects`, which the comparison, and through it the pack's Scenarios sheet, and
    the widgets read).
    The pack's Projects sheet does not call it: it reads the same engine's finish dates
    (:meth:`~pmo_forecast.forecasting.finish_dates.FinishDateForecast.by_project`) and the same at-risk
    rule (:func:`~pmo_forecast.forecasting.plan.at_risk`) in
    :func:`~pmo_forecast.reporting.project_forecasts.project_table`, so the baseline's finish dates and
    risk flags agree with the Projects sheet's to the day.
    """
    bp = fc.by_project()
    pids = fc.project_ids
    out = pd.DataFrame(index=pd.Index(pids, name=S.PROJECT_ID))
    qs = (0.5, 0.8, 0.9)
    for q, v in zip(qs, np.quantile(fc.effort_samples, qs, axis=0), strict=True):
        out[f"effort_p{round(q * 100)}"] = v
    budget = project_budgets(projects, pids)[0]  # the effort forecast's budgets (none of 0 h)
    out[S.BUDGET] = budget
    out["prob_overrun"] = np.where(np.isnan(budget), np.nan,
                                   (fc.effort_samples > np.nan_to_num(budget, nan=np.inf)).mean(axis=0))
    for q in qs:
        out[f"finish_p{round(q * 100)}"] = bp[f"p{round(q * 100)}"].to_numpy()
    out[S.DUE] = bp[S.DUE].to_numpy()
    out["prob_late"] = bp["prob_late"].to_numpy()
    out["on_hold"] = False
    out["at_risk"] = at_risk_flags(out["prob_late"], out["prob_overrun"], out["on_hold"], threshold)
    return out


def plan_weeks(as_of, horizon_weeks: int) -> pd.DatetimeIndex:
    """The Mondays of the ``horizon_weeks`` weeks from the week of ``as_of``: :func:`role_utilisation`'s weeks."""
    monday = as_of - pd.Timedelta(days=as_of.weekday())
    return pd.date_range(monday, periods=horizon_weeks, freq="7D")


def role_hours(fc, people: pd.DataFrame, as_of, horizon_weeks: int, queue=None,
               moves=()) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Weeks x roles: the hours the plan schedules (P50) and the stated capacity, each in the role held then.

    The weeks are :func:`plan_weeks`'. ``moves`` (a scenario's,
    :attr:`~pmo_forecast.scenarios.applied_scenario.AppliedScenario.moves`) date the roles
    (:func:`~pmo_forecast.scenarios.applied_scenario.role_on`): a developer moving to PM on 1 September has her hours
    and capacity before that day under her old role, from it under the new one (a week the move falls in is
    split on its date). People missing from ``people`` count as ``"other"``. With ``queue`` (one PoolQueue for
    every week, or a list of one per week), PMs also carry the PM pool's request handling (arrival rate x
    hands-on time, shared each day by the PMs serving then, as the Capacity sheet shares it:
    :func:`~pmo_forecast.forecasting.pool_shares.pool_request_shares`).

    Returns
    -------
    (hours, capacity) : two DataFrames, weeks x roles, in hours
    """
    weeks = plan_weeks(as_of, horizon_weeks)
    end = weeks[-1] + pd.Timedelta(days=7)
    # a week a move falls in is cut on its date, so each part's hours and capacity go to the role held then
    cuts = {pd.Timestamp(m[1]).normalize() for m in moves if weeks[0] < pd.Timestamp(m[1]) < end}
    starts = weeks.union(pd.DatetimeIndex(sorted(cuts)))
    hours, cap = fc.scheduled_hours(starts.append(pd.DatetimeIndex([end])), PLAN_HOURS)
    hours, cap = hours.iloc[:, :-1], cap.iloc[:, :-1]  # the last column is the week after the horizon
    week_of = weeks[weeks.searchsorted(starts, side="right") - 1]
    pools = None if queue is None else list(queue) if isinstance(queue, list | tuple) else [queue] * len(weeks)
    table = people.drop_duplicates(S.PERSON).set_index(S.PERSON).reindex(pd.Index(fc.people, name=S.PERSON)).reset_index()
    known = table[S.ROLE].notna().to_numpy()
    r = np.where(known[None, :], role_on(table, starts, moves), "other").T  # people x parts
    if pools is not None and (r == S.PM_ROLE).any():
        # shared day by day as the Capacity sheet shares them (a PM starting on a Wednesday carries three days
        # of that week, not five): every working day of the weeks after the forecast date, as the plan's hours and
        # capacity count them (the forecast date's week put the whole week's requests against its last days)
        cal = fc.calendar

        def day_edges(firsts):
            days = firsts.append(pd.DatetimeIndex([end])).to_numpy().astype("datetime64[D]")
            return np.maximum(0, np.busday_count(fc.origin + 1, days, weekmask=cal.weekmask,
                                                 holidays=cal.np_holidays))

        edge, week_edge = day_edges(starts), day_edges(weeks)
        # a day no PM of the table serves: unserved when the pool has no server, the PMs employed carry it when
        # it has one (the request log's handlers), as the Capacity sheet shares it
        served = np.repeat([q.servers > 0 for q in pools], np.diff(week_edge))
        share, _, _ = pool_request_shares(fc, people, np.arange(edge[0], edge[-1]) + 1,
                                          pm_on=(lambda t, d: role_on(t, d, moves) == S.PM_ROLE) if moves else None,
                                          served=served)
        load = np.repeat([q.hours_per_day for q in pools], np.diff(week_edge))  # each day at its week's pool
        done = np.concatenate([np.zeros((len(share), 1)), np.cumsum(share * load, axis=1)], axis=1)
        hours += done[:, edge[1:] - edge[0]] - done[:, edge[:-1] - edge[0]]
    roles = sorted(set(r.ravel()))
    h = pd.DataFrame({k: (hours.to_numpy() * (r == k)).sum(axis=0) for k in roles}, index=starts)
    c = pd.DataFrame({k: (cap.to_numpy() * (r == k)).sum(axis=0) for k in roles}, index=starts)
    h, c = h.groupby(week_of).sum(), c.groupby(week_of).sum()
    h.index.name = c.index.name = "week"
    return h, c


def role_utilisation(fc, people: pd.DataFrame, as_of, horizon_weeks: int, queue=None, moves=()) -> pd.DataFrame:
    """Weeks x roles: hours the plan schedules (P50) over stated capacity, each in the role held that week.

    PMs also carry the PM pool's request handling (arrival rate x hands-on time, shared each
    day by the PMs serving then, as the Capacity sheet shares it:
    :func:`~pmo_forecast.forecasting.pool_shares.pool_request_shares`); the column ``pm pool`` is
    the pool's own utilisation (the queue model's, against the share of their week PMs give
    to requests). ``queue`` is
    one PoolQueue for every week, or a list of one per week of :func:`plan_weeks`. ``moves`` (a scenario's,
    :attr:`~pmo_forecast.scenarios.applied_scenario.AppliedScenario.moves`) date the roles: a developer moving to PM
    counts her hours and capacity under her old role until the move's date and shares the request hours from
    it, a PM moving out until then (:func:`role_hours`, :func:`~pmo_forecast.scenarios.applied_scenario.role_on`).
    """
    h, c = role_hours(fc, people, as_of, horizon_weeks, queue, moves)
    with np.errstate(divide="ignore", invalid="ignore"):
        util = pd.DataFrame(np.where(c > 0, h / c, np.where(h > 0, np.inf, np.nan)), index=h.index,
                            columns=h.columns)
    if queue is not None:
        util["pm pool"] = [q.utilisation for q in
                           (list(queue) if isinstance(queue, list | tuple) else [queue] * len(util))]
    util.index.name = "week"
    return util
