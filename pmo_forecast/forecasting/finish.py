"""Monte Carlo finish dates: each person's simulated remaining work laid onto their calendar.

The effort draws are those of :mod:`pmo_forecast.forecasting.overrun` (same model, correlation and
scope growth). Every person works through their open tasks in queue order (in-progress
tasks first, then the mapped ``rank:`` column, else a ``priority`` or ``rank`` column, else the project's due date and the
task's creation date: :func:`pmo_forecast.forecasting.plan.queue_order`) at ``hours_per_week x
availability`` (times their ``pace``) spread over the working days; work nobody is assigned to, and scope still to come, is
shared by the project's team in proportion to their capacity, each share right after the
person's own tasks of that project (at the end of their queue when they have none).
Inside the simulation time is an integer count of business days after ``as_of``
(weekends and holidays skipped); only the final quantiles become dates. By default the
plan is calibrated on the history: :func:`estimate_finish_slip` learns how far real
finishes slipped from such plans at backdated cuts, and each trial is scaled by it
(:func:`~pmo_forecast.forecasting.slip.apply_slip`).

The parts are modules of their own: everyone's queue (:mod:`.queues`), the trials run through it
(:mod:`.schedule`), the slip's distribution and how it scales a plan (:mod:`.slip`), and the
forecast as a result with the dates and notes it shows (:mod:`.finish_dates`). Here are
:func:`forecast_finish_dates`, which puts them together, and the calibration on the history
(:func:`estimate_finish_slip`, :func:`calibrated_capacity`), which plans backdated cuts with it.
"""

from __future__ import annotations

import numbers
import re
import warnings
from dataclasses import replace

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.as_of import (
    as_of_gap_said,
    finishes_read,
    finishes_read_as_blank,
    quiet_as_of,
    resolve_as_of,
    warn_as_of_gap,
    without_implausible_dates,
)
from ..core.calendar import NEVER, WorkingCalendar
from ..core.checks import quantile_levels
from ..core.exceptions import DataQualityWarning, SmallSampleWarning, issue_again, warn
from ..core.keys import assignees_as_people, spellings_read
from ..core.labels import counted, id_list, in_words
from ..inputs.plans import assignees_as_loaded
from .effort import simulate_effort
from .finish_dates import (
    FinishDateForecast,
    add_date_columns,
    after_horizon,
    beyond_horizon_note,
    date_quantiles,
    latest_date,
    missed_due_note,
    share_text,
)
from .open_work import N_LEVELS
from .overrun import (
    QUANTILES,
    setup_simulation,
)
from .pace import (
    CALIBRATION_BASE,
    NO_PACE_FALLBACK,
    DeliveryRates,
    estimate_delivery_rates,
    estimate_pace,
)
from .plan import (
    LEARNING_SEED,
    MAX_GATES,
    RandomNumbers,
    check_random_state,
    gate_delay_days,
    random_numbers,
    trial_count,
)
from .queues import (
    QueuePlan,
    last_on_team,
    plan_queues,
    planned_task_starts,
    staff_capacity,
)
from .rewind import finish_unknown, finish_unknown_said, known_since, tasks_as_of
from .schedule import days_done, schedule_chunk, to_offsets
from .slip import MAX_SLIP_DAYS, MIN_CASES, FinishSlip, apply_slip, fit_finish_slip

# the result and its date helpers (.finish_dates) and the slip's cap and scaling (.slip) lived here:
# still imported from here
__all__ = ["FinishDateForecast", "forecast_finish_dates", "estimate_finish_slip", "calibrated_capacity",
           "last_seen", "apply_slip", "date_quantiles", "add_date_columns", "latest_date", "share_text",
           "beyond_horizon_note", "after_horizon", "missed_due_note", "QUEUE_CHUNK_CELLS", "SLIP_EVERY_WEEKS",
           "SLIP_CUTS", "SLIP_TRIALS", "MAX_SLIP_DAYS"]

#: Queue cells (positions x trials) per chunk: hundreds of trials at once for the running
#: sum, while each array (8 MB) stays near the cache.
QUEUE_CHUNK_CELLS = 1_000_000


def _pace(pace, tasks, people, as_of, cal: WorkingCalendar, names) -> tuple[np.ndarray, bool]:
    """Capacity multiplier per person (aligned with ``names``), and whether ``"auto"`` found no finished
    work to measure it on (the stated capacity is used: warned, and said in ``capacity_used``)."""
    unmeasured = False
    if isinstance(pace, str):
        if pace != "auto":
            raise ValueError(f"pace must be 'auto', 'calibrated', a number or a mapping person -> pace, "
                             f"not {pace!r}")
        pace = estimate_pace(tasks, people, as_of=as_of, weekmask=cal.weekmask, holidays=cal.holidays)
        unmeasured = not pace.attrs["measured"]
    if isinstance(pace, dict | pd.Series):
        out = pd.Series(pace, dtype=float).reindex(names).fillna(1.0).to_numpy(float)
    else:
        out = np.full(len(names), float(pace))
    bad = ~(np.isfinite(out) & (out > 0))
    if bad.any():  # an infinite pace too: it had been said as "got []"
        raise ValueError(f"pace must be a positive number (a share of stated capacity), got "
                         f"{in_words(list(dict.fromkeys(out[bad].tolist())), 3)}")
    return out, unmeasured


def forecast_finish_dates(model, tasks: pd.DataFrame, people: pd.DataFrame, projects=None, as_of=None,
                          n_trials: int = 10_000, random_state=None, calendar=None, *,
                          scope_growth="auto", project_correlation="auto", person_correlation="auto",
                          quantiles=QUANTILES, n_levels: int = N_LEVELS, pace="calibrated",
                          approvals=None, away=None) -> FinishDateForecast:
    """Simulate when each open project finishes, given who does the work and when they work.

    Parameters
    ----------
    model : fitted EstimationAccuracyModel
    tasks : pandas.DataFrame
        Canonical task table; open and in-progress tasks are scheduled.
    people : pandas.DataFrame
        Canonical people table: ``hours_per_week``, ``availability`` (share of the week
        for project work), ``start`` and ``end`` dates.
    projects : pandas.DataFrame, optional
        For ``due`` dates.
    as_of : date-like, optional
        Today; defaults to the latest date in the task table. Work starts the next
        working day.
    n_trials : int
    random_state : int, Generator or None
    calendar : None, WorkingCalendar, list of holiday dates or dict
        Working days and public holidays (default Monday-Friday, no holidays).
    scope_growth, project_correlation, person_correlation, quantiles, n_levels
        As in :func:`pmo_forecast.forecast_overruns`.
    pace : "calibrated", float, "auto", dict, Series or DeliveryRates, default "calibrated"
        Capacity: learnt from the history (``"calibrated"``, :func:`calibrated_capacity`: each person's
        delivered pace, scaled by the slip past plans showed), as stated (1), :func:`pmo_forecast.estimate_pace`
        without slip (``"auto"``), a multiplier per person (a mapping, others 1), or a calibration learnt once
        (a :class:`pmo_forecast.forecasting.pace.DeliveryRates`).
    approvals : dict, optional
        A change of the PM pool (what a staffing scenario does): ``{"queue": PoolQueue, "reference": PoolQueue,
        "gates_per_month": float}``, optionally dated (``"steps"``, ``"reference_steps"``): the change of the
        wait at each approval gate is added. ``None`` (default): the pool as it is, no change.
    away : pandas.DataFrame, optional
        People who leave a project's team from a date while staying in the table (a scenario's
        move): columns ``person``, ``project_id`` and ``away_from``. They take no share of its pooled
        work unless their part is done before that date, as for a leaver.

    Returns
    -------
    FinishDateForecast

    Notes
    -----
    How people, queues, pools and held work make the plan: see docs/forecasts.md, section
    "How the finish-date plan lays out the work"; ``pace`` and ``approvals`` in full: its section
    "The options of `forecast_finish_dates`".

    Examples
    --------
    >>> from pmo_forecast import load_sample, EstimationAccuracyModel, forecast_finish_dates
    >>> tasks, projects, people, _ = load_sample()
    >>> model = EstimationAccuracyModel(random_state=0).fit(tasks)  # doctest: +SKIP
    >>> fc = forecast_finish_dates(model, tasks, people, projects, random_state=0)  # doctest: +SKIP
    >>> fc.by_project()[["p50", "p80", "due", "prob_late"]]  # doctest: +SKIP
    """
    return _finish_dates(model, tasks, people, projects, as_of, n_trials, random_state, calendar,
                         scope_growth=scope_growth, project_correlation=project_correlation,
                         person_correlation=person_correlation, quantiles=quantiles, n_levels=n_levels, pace=pace,
                         approvals=approvals, away=away)


def _finish_dates(model, tasks, people, projects, as_of, n_trials, random_state, calendar, *, scope_growth,
                  project_correlation, person_correlation, quantiles, n_levels, pace, approvals, away,
                  aged: bool = True) -> FinishDateForecast:
    """:func:`forecast_finish_dates`; ``aged=False`` leaves the stale work out (``stale`` empty, nothing warned of
    it): the calibration's backdated plans read only their dates (they had aged every finished task at each cut,
    to leave the result unread)."""
    _require_people(people, "forecast_finish_dates")
    quantiles = quantile_levels(quantiles)  # before any work, as the effort and throughput forecasts
    # '-', 'n/a', 'Unassigned' of a table given without the loader: the project's pool, not a stranger's work
    tasks, nobody = assignees_as_loaded(tasks)
    if nobody:
        warn(nobody, DataQualityWarning)
    tasks, spelt = spellings_read(tasks, people)  # 'ann lee' queued on Ann Lee's capacity, not the pool
    cal = WorkingCalendar.coerce(calendar)
    warn_as_of_gap(tasks, as_of)
    as_of = resolve_as_of(tasks, as_of)
    origin = cal.origin(as_of)
    rng, setup = setup_simulation(model, tasks, projects, n_trials, random_state, scope_growth,
                                  project_correlation, person_correlation, n_levels, as_of, cal,
                                  aged=aged)  # rng: RandomNumbers
    work = setup.work
    staff = staff_capacity(people, cal, origin)
    rates, pace, unmeasured = _capacity(pace, model, tasks, people, projects, as_of, cal, scope_growth, staff)
    staff.per_day, staff.per_day_after = staff.per_day * pace, staff.per_day_after * np.asarray(pace)[..., None]
    plan, release, not_started, held = _queue_plan(tasks, projects, work, staff, setup.growth is not None, away,
                                                   as_of, cal, origin)
    n_trials = int(n_trials)
    days, person_samples, hours_samples, lead_samples, effort, queued, grown = _trials(rng, setup, plan, staff,
                                                                                        n_trials)
    days, person_samples, slip, capped, stretch, unserved = _slip_and_gates(
        rng, rates, approvals, days, person_samples, lead_samples, release, staff, work.project_ids, cal, origin)
    samples = to_offsets(days)
    effort += work.spent - np.bincount(work.proj_code, weights=work.booked, minlength=len(work.project_ids))
    done_undated, done_blanked = _idle_finishes(samples, tasks, work, cal, origin)
    person_hours = np.bincount(plan.q_person, weights=plan.est_share, minlength=len(staff.names))
    weekly, weekly_pace = _weekly_plan(staff, pace, stretch)
    return FinishDateForecast(
        samples, person_samples, work.project_ids, staff.names, origin, cal, _due_dates(projects, work.project_ids),
        work.remaining, quantiles, person_hours, setup.icc, setup.ginfo, weekly_pace, work.open_est, as_of=as_of,
        effort_samples=effort, hours_samples=hours_samples, capacity_used=_capacity_used(rates, unmeasured, pace),
        slip=slip, slip_capped=capped, approvals_unserved=unserved, done_undated=done_undated, done_blanked=done_blanked,
        **_schedule_run(weekly, work, plan, queued / max(n_trials, 1), held),
        expected_growth_hours=grown / max(n_trials, 1), not_started=not_started,
        notes=list(work.notes) + [n for n in (nobody, spelt) if n])


def _slip_and_gates(rng, rates, approvals, days: np.ndarray, person_samples: np.ndarray, lead_samples: np.ndarray,
                    release: np.ndarray, staff, project_ids, cal: WorkingCalendar, origin) -> tuple:
    """The finishes scaled by the slip learnt on past plans and delayed at the changed pool's approval gates."""
    slip = None if rates is None else rates.slip
    capped = stretch = None
    if slip is not None and not slip.fallback:  # the plan scaled by the slip learnt on past plans
        days, person_samples, capped, stretch = _slipped(rng, slip, days, person_samples, lead_samples, release,
                                                         staff, project_ids)
    unserved = None  # per project, the share of trials an approval gate waits without bound
    if approvals is not None and approvals.get("gates_per_month", 0) > 0 and approvals.get("queue") is not None:
        unserved = _approval_waits(rng, approvals, days, release, cal, origin, project_ids)
    return days, person_samples, slip, capped, stretch, unserved


def _queue_plan(tasks, projects, work, staff, growth: bool, away, as_of, cal: WorkingCalendar, origin) -> tuple:
    """Everyone's queue, the day each project's work may start, the projects and tasks held till later: the plan waits for them."""
    not_started, release, held, task_release = _releases(projects, work, as_of, cal, origin)
    plan = plan_queues(work, tasks, staff, growth, release, last_on_team(staff, work, away, cal, origin), task_release)
    # a project's work begins with its first column's start: a project whose tasks are all planned to start
    # later slips from then, as one that starts later
    if (task_release > 0).any():
        first = np.full(len(work.project_ids), np.inf)
        np.minimum.at(first, plan.q_proj, plan.release)
        release = np.where(np.isinf(first), release, first)
    return plan, release, not_started, held


def _schedule_run(staff, work, plan: QueuePlan, mean_queued: np.ndarray, held: pd.Series) -> dict:
    """The capacity, queues and held work the schedule ran on, as :class:`FinishDateForecast`'s keyword
    arguments: the workload and the pack read that one plan."""
    return {"per_day": staff.per_day, "first_day": staff.first, "last_day": staff.last,
            "per_day_after": staff.per_day_after, "change_day": staff.change, "spent": work.spent,
            "queue_order": work.order_how, "queue_profile": _queue_profile(plan, mean_queued, work.project_ids),
            "reassigned": plan.reassigned, "held_tasks": _held_tasks(work, held), "stale": work.stale}


def _require_people(people, caller: str) -> None:
    """``ValueError`` naming ``caller`` (the function called) when ``people`` is None or empty: nobody's capacity
    is known, so there is no plan to make; the way out is the throughput forecast."""
    if people is None or not len(people):
        raise ValueError(f"{caller}: the people table is empty, so nobody's capacity is known; forecast the "
                         "projects' finish dates from their throughput instead (pmo_forecast.forecast_throughput), "
                         "as the planning pack does.")


def _capacity(pace, model, tasks, people, projects, as_of, cal: WorkingCalendar, scope_growth,
              staff) -> tuple[DeliveryRates | None, np.ndarray, bool]:
    """The calibration the schedule uses (None but for ``"calibrated"`` or a :class:`DeliveryRates`), each
    person's pace (aligned with ``staff.names``), and whether ``"auto"`` found no finished work to measure it on."""
    rates, unmeasured = None, False
    if isinstance(pace, str) and pace == "calibrated":
        pace = calibrated_capacity(model, tasks, people, projects, as_of=as_of, calendar=cal,
                                   scope_growth=scope_growth, random_state=LEARNING_SEED)
    if isinstance(pace, DeliveryRates):
        rates = pace
        pace = rates.pace.reindex(pd.Index(staff.names)).fillna(rates.pace.attrs.get("pool", 1.0)).to_numpy(float)
    else:
        pace, unmeasured = _pace(pace, tasks, people, as_of, cal, staff.names)
    return rates, pace, unmeasured


def _releases(projects, work, as_of, cal: WorkingCalendar, origin) -> tuple:
    """The projects that start after ``as_of``, the business day each project's work may start (0: now), the
    open tasks' planned starts after ``as_of``, and the business day each of them may start."""
    not_started = _not_started(projects, work, as_of)
    release = np.zeros(len(work.project_ids))
    if len(not_started):  # work starts the business day after the day before the start
        at = pd.Index(work.project_ids).get_indexer(not_started[S.PROJECT_ID])
        release[at] = np.maximum(0, cal.last_offset_by(origin, not_started[S.START] - pd.Timedelta(days=1)))
    held = planned_task_starts(work.tasks, as_of)
    task_release = np.where(held.notna(), np.maximum(0, cal.last_offset_by(origin, held - pd.Timedelta(days=1))), 0)
    return not_started, release, held, task_release


def _trials(rng, setup, plan: QueuePlan, staff, n_trials: int) -> tuple:
    """The trials run through everyone's queue, a chunk of them at a time: each project's finish (fractional
    business days), each person's last day of work, hours and lead to their first wait, each project's effort,
    and summed over the trials, the hours queued up to each column's end and the scope still to come."""
    work = setup.work
    n_proj = len(work.project_ids)
    days = np.empty((n_trials, n_proj))  # fractional business days, whole once every step is added
    person_samples = np.empty((n_trials, len(staff.names)), dtype=np.int64)
    hours_samples = np.empty((n_trials, len(staff.names)))
    lead_samples = np.empty((n_trials, len(staff.names)))
    effort = np.empty((n_trials, n_proj))
    chunk = max(1, QUEUE_CHUNK_CELLS // max(len(plan.q_task), 1))
    queued = np.zeros(len(plan.q_task))  # summed over trials: hours queued up to each column's end
    grown = 0.0  # summed over trials: scope still to come into the running projects
    i = 0
    for tot, x, grow in simulate_effort(rng, work, n_trials, setup.sig_proj, setup.sig_pers, setup.growth,
                                  chunk=chunk, keep_tasks=True):
        n = x.shape[1]
        if work.booked.any():  # the queues hold the hours still to do: those booked are spent
            x -= work.booked[:, None]
        finish, per_person, hours, lead = schedule_chunk(x, grow, plan, staff, n_proj, queued)
        grown += float(grow.sum()) if grow is not None else 0.0
        days[i:i + n], person_samples[i:i + n] = finish.T, per_person.T
        hours_samples[i:i + n], lead_samples[i:i + n], effort[i:i + n] = hours.T, lead.T, tot.T
        i += n
    return days, person_samples, hours_samples, lead_samples, effort, queued, grown


def _slipped(rng, slip: FinishSlip, days: np.ndarray, person_samples: np.ndarray, lead_samples: np.ndarray,
             release: np.ndarray, staff, project_ids) -> tuple:
    """The finishes scaled by the slip learnt on past plans, the people's last days too, the share of trials
    each project's slip is held at :data:`MAX_SLIP_DAYS` (warned), and each person's stretch of the plan."""
    # a project that starts later slips from its start: the wait before it is no plan
    later = (release[None, :] > 0) & (days < NEVER)
    days = apply_slip(np.where(later, days - release[None, :], days), slip, rng.uniform("slip", project_ids))
    capped = (days == MAX_SLIP_DAYS).mean(axis=0)
    if capped.any():
        warn(f"finish dates: the slip learnt from the history ({slip.describe()}) stretches the plan of "
             f"{id_list(project_ids[capped > 0], 5)} beyond fifty years of working days in some "
             "trials; those trials are held at fifty years (their notes say so)", DataQualityWarning)
    days = np.where(later, days + release[None, :], days)
    # the weekly plan runs each person at the pace their median slip implies, for a plan as long as
    # their work up to their first wait for a later project's start: the wait is no plan (the project
    # dates slip from its start), and a finish in 2035 read as a plan that long slipped far less and
    # compressed 2026. Work that cannot finish before the person leaves has no finish to slip (its
    # dates stay "never") and runs at the plan's pace up to their end, not at a pace read off "never".
    everyone = np.arange(len(staff.names))
    lead = np.quantile(to_offsets(days_done(lead_samples.T.copy(), everyone, replace(staff, last=np.full_like(
        staff.last, NEVER)))), 0.5, axis=1)
    stretch = np.where((lead > 0) & (lead > staff.last), 1.0, slip.quantile(0.5) * slip.scale(lead))
    person_samples = to_offsets(apply_slip(person_samples, slip, rng.uniform("slip-person", staff.names)))
    return days, person_samples, capped, stretch


def _on_days(steps, cal: WorkingCalendar, origin) -> list:
    """A change of the pool from a date, as ``(business day, PoolQueue)`` pairs: the reference pool until the
    day before."""
    if not steps:
        return []
    when = pd.DatetimeIndex([d for d, _ in steps]) - pd.Timedelta(days=1)
    return list(zip(np.maximum(0, cal.last_offset_by(origin, when)).tolist(), [q for _, q in steps], strict=True))


def _approval_waits(rng, approvals: dict, days: np.ndarray, release: np.ndarray, cal: WorkingCalendar, origin,
                    project_ids) -> np.ndarray:
    """Add to ``days`` the change of the waits at the projects' approval gates (``approvals``, as
    :func:`forecast_finish_dates` takes it); per project, the share of trials a gate waits without bound."""
    e = rng.exponential("gates", project_ids, MAX_GATES)

    def more(j):  # each group's gate j, independent of its first (e): drawn when asked, not kept
        return rng.exponential(("gates", j), project_ids, MAX_GATES, keep=False)

    delay = gate_delay_days(approvals["queue"], approvals["reference"], e, days.T, approvals["gates_per_month"],
                            _on_days(list(approvals.get("steps", ())), cal, origin), release,
                            _on_days(list(approvals.get("reference_steps", ())), cal, origin), more).T
    unserved = np.isinf(delay).mean(axis=0)  # a gate in a pool with no server: never, for that reason
    days += delay
    np.maximum(days, 0.0, out=days)
    return unserved


def _due_dates(projects, project_ids) -> np.ndarray:
    """Each project's due date (NaT without one)."""
    due = np.full(len(project_ids), np.datetime64("NaT"), dtype="datetime64[ns]")
    if projects is not None and S.DUE in projects:
        d = projects.drop_duplicates(S.PROJECT_ID).set_index(S.PROJECT_ID)[S.DUE]
        due = pd.to_datetime(d.reindex(project_ids)).to_numpy(dtype="datetime64[ns]")
    return due


def _idle_finishes(samples: np.ndarray, tasks: pd.DataFrame, work, cal: WorkingCalendar,
                   origin) -> tuple[np.ndarray, np.ndarray]:
    """Date the projects with no open work in ``samples``: their last done task's finish. Returns, per project,
    how many of its done tasks have no finish date (then the last dated one's finish may not be the project's), and
    how many of them had one read as blank (far beyond or before the rest of the data)."""
    n_proj = len(work.project_ids)
    # projects with no open work finished on their last done task's date: a cancellation's date (Jira's
    # 'Resolved' on Won't Do) delivers nothing, and had dated an all-cancelled project "on time"
    idle = work.open_est == 0
    done_undated, done_blanked = np.zeros(n_proj, dtype=int), np.zeros(n_proj, dtype=int)
    if idle.any() and S.FINISHED in tasks:
        # a finish typed 2204 for 2024 read as blank by the one rule, as the pack reads its table (read there as it
        # loaded: dates_read): it dated the project in 2204, and was not counted among the finishes not known
        read = finishes_read(tasks)[0]
        finished = read[S.FINISHED]
        delivered = finished.where(tasks[S.STATUS] == S.DONE)
        last = delivered.groupby(tasks[S.PROJECT_ID]).max().reindex(work.project_ids[idle])
        samples[:, idle] = cal.last_offset_by(origin, last.to_numpy(dtype="datetime64[ns]"))
        # done without a finish date: the last dated one's finish may not be the project's, said in its note
        blank = (tasks[S.STATUS] == S.DONE) & finished.isna()
        done_undated[idle] = blank.groupby(tasks[S.PROJECT_ID]).sum().reindex(work.project_ids[idle], fill_value=0)
        blanked = pd.Series(finishes_read_as_blank(read), index=tasks.index) & blank
        done_blanked[idle] = blanked.groupby(tasks[S.PROJECT_ID]).sum().reindex(work.project_ids[idle], fill_value=0)
    return done_undated, done_blanked


def _capacity_used(rates, unmeasured: bool, pace: np.ndarray) -> str:
    """The capacity the schedule used, as a share of the stated one, in words (``capacity_used``): the
    calibration's, the fallback when ``"auto"`` measured nothing, the stated one, or the pace as given."""
    if rates is not None:
        return rates.describe()
    if unmeasured:
        return NO_PACE_FALLBACK
    if np.all(pace == 1):
        return "stated (hours_per_week x availability), pace 1"
    return "as given (pace)"


def _weekly_plan(staff, pace: np.ndarray, stretch) -> tuple:
    """The capacity and pace the weekly plan runs at: the schedule's, or with a slip (``stretch``, per person)
    the pace the slip implies."""
    if stretch is None:
        return staff, pace
    return replace(staff, per_day=staff.per_day / stretch,
                   per_day_after=staff.per_day_after / stretch[:, None]), pace / stretch


def _not_started(projects, work, as_of) -> pd.DataFrame:
    """Projects with open work that start after ``as_of``: the plan holds their work until then."""
    out = pd.DataFrame({S.PROJECT_ID: work.project_ids, "open_estimate_hours": work.open_est})
    start = pd.Series(pd.NaT, index=out.index, dtype="datetime64[ns]")
    if projects is not None and S.START in projects:
        # by reindex, not Series.map: an empty projects table's dates failed in pandas 3's map, as in queue_order
        d = projects.drop_duplicates(S.PROJECT_ID).set_index(S.PROJECT_ID)[S.START]
        start = pd.Series(pd.to_datetime(d.reindex(out[S.PROJECT_ID]).to_numpy()), index=out.index)
    out = out.assign(start=start)[[S.PROJECT_ID, S.START, "open_estimate_hours"]]
    out = out.loc[(out[S.START] > pd.Timestamp(as_of)).to_numpy(bool) & (out["open_estimate_hours"] > 0).to_numpy()]
    return out.reset_index(drop=True)


def _held_tasks(work, held: pd.Series) -> pd.DataFrame:
    """Open tasks planned to start after ``as_of``: the plan holds each until its planned start."""
    t = work.tasks.loc[held.notna().to_numpy(bool)]
    return pd.DataFrame({S.TASK_ID: t[S.TASK_ID].to_numpy(), S.PROJECT_ID: t[S.PROJECT_ID].to_numpy(),
                         S.PLANNED_START: held.dropna().to_numpy(), "open_estimate_hours": t[S.ESTIMATE].to_numpy(float)})


def _queue_profile(plan: QueuePlan, mean_queued: np.ndarray, project_ids: np.ndarray) -> pd.DataFrame:
    """Each queue column's place in its person's queue, in mean hours: ``start``..``end``,
    its ``project_id``, ``pooled`` for a share of a project's pool (unassigned work, work of
    people gone, scope growth), ``release`` (its project's start, business days after the
    origin; 0 when open now). How the plan's hours of a person split by project and into
    own tasks and pooled work, and when the person waits for a project to start."""
    seg = np.searchsorted(plan.seg_start, np.arange(len(plan.q_task)), side="right") - 1
    before = np.r_[0.0, mean_queued][plan.seg_start][seg]  # the running sum is over everyone's queue
    end = mean_queued - before
    first = np.diff(seg, prepend=-1) != 0  # each person's first column (none when nothing is open)
    start = np.where(first, 0.0, np.r_[0.0, end][:-1])
    return pd.DataFrame({"person": plan.q_person, "start": start, "end": end, "pooled": plan.q_task < 0,
                         S.PROJECT_ID: np.asarray(project_ids, dtype=object)[plan.q_proj], "release": plan.release})


# --- calibration: the slip of real finishes from the plan, learnt on the history ----------
#: Backdated cuts for learning the slip: every ``SLIP_EVERY_WEEKS`` weeks before ``as_of``,
#: at most ``SLIP_CUTS`` of them (four years, or as far as the history goes), with the few
#: trials a plan's P50 needs. Projects that run for years finish only in cuts that far back;
#: with two years nearly all of them were censored (SiP: P90 coverage 0.79, now 0.86).
SLIP_EVERY_WEEKS = 13
SLIP_CUTS = 16
SLIP_TRIALS = 100


def estimate_finish_slip(model, tasks: pd.DataFrame, people: pd.DataFrame, projects=None, as_of=None, *,
                         calendar=None, base: str = CALIBRATION_BASE, scope_growth="auto",
                         every_weeks: int = SLIP_EVERY_WEEKS, n_cuts: int = SLIP_CUTS,
                         n_trials: int = SLIP_TRIALS, min_cases: int = MIN_CASES,
                         random_state=0) -> FinishSlip:
    """How much longer (or shorter) than the engine's plan real projects took, from the history.

    The task table is rewound (:func:`pmo_forecast.forecasting.rewind.tasks_as_of`) to cut dates every
    ``every_weeks`` weeks before ``as_of`` (before the table's latest date when ``as_of`` is
    later: :func:`~pmo_forecast.core.as_of.infer_as_of`); at each the projects then running are planned
    with this engine at the ``base`` capacity (``n_trials`` trials, no correlation: only the
    plan's P50 is used) and their realised finish (the last finish date of their tasks, as
    the table knows it on ``as_of``) is compared with it: the slip is realised business days
    after the cut over the plan's P50 days. Projects still running on ``as_of`` are
    right-censored at the days since the cut (to the table's latest date when ``as_of`` is
    later: nothing after it was seen, and the gap is no slip). :func:`pmo_forecast.forecasting.slip.fit_finish_slip`
    turns the cases into a distribution (Kaplan-Meier, log-normal tail).

    Only the history up to ``as_of`` is used, so a backtest at an earlier date learns only
    from cuts before it. ``model`` is used as given for every cut (the accuracy model of
    ``as_of``); ``people`` too (its start and end dates place people in time).

    Returns
    -------
    FinishSlip
        With ``fallback`` set (slip 1) when there are fewer than ``min_cases`` reference
        cases, or none of them finished; ``backdated_said`` holds what the backdated plans warned of the
        table as it stood at their cuts (recorded, counted by ``describe()``, not warned).
    """
    # before the cuts, once: raised by the first cut's plan, it had been read as "nothing open then" at every cut
    n_trials = trial_count(n_trials)
    check_random_state(random_state)
    _require_people(people, "estimate_finish_slip")
    cal = WorkingCalendar.coerce(calendar)
    # '-', 'n/a', 'TBD' of a table given without the loader read once, said once: every backdated plan had read the
    # same cells again and recorded the same note, one per cut
    tasks, nobody = assignees_as_loaded(tasks)
    if nobody:
        warn(nobody, DataQualityWarning)
    tasks = assignees_as_people(tasks, people)  # the history's work on the people it names, as the forecast
    as_of = resolve_as_of(tasks, as_of)
    # a project open on the table's last date is known to run until then, not until an as_of years later
    # (the gap read as slip, 1,000 x at the median and dates at the cap), and a cut after it sees nothing
    # finish; so the cuts step back from it
    seen = last_seen(tasks, as_of)
    # a finish far beyond the rest of the data (a typo year such as 2204: validation's far_future_finished, an error)
    # is no project's end, as the as-of date and the workload leave it out: read as written, its project ran to 2204
    # (a slip of 960 x) and its task stayed open at every cut
    tasks = without_implausible_dates(tasks)  # the one rule, as the pack reads its table
    live = tasks[tasks[S.STATUS] != S.CANCELLED]
    open_now, last, ended = _project_ends(live, projects, seen, every_weeks)
    first = known_since(live).min()
    pace = 1.0 if base == "stated" else "auto"
    # one set of random numbers for every cut: a task open at several cuts draws its levels once, not at each
    # (a key's stream depends on the seed, its kind and the key alone: the draws each cut made for itself).
    # A Generator or None seeds each cut afresh, as it did
    draws = random_numbers(random_state, n_trials) if isinstance(random_state, numbers.Integral | RandomNumbers) \
        else random_state
    rows, undated, said = [], 0, []
    for k in range(1, int(n_cuts) + 1):
        cut = seen - pd.Timedelta(weeks=k * int(every_weeks))
        if cut < first:
            break
        fc, heard = _backdated_plan(model, tasks, people, projects, cut, n_trials=n_trials,
                                    random_state=draws, calendar=cal, scope_growth=scope_growth, pace=pace)
        said += [(cut, w.category.__name__, str(w.message)) for w in heard]
        found = _cut_cases(fc, cut, seen, cal, open_now, last, ended)
        if found is None:
            continue
        undated += found[1]
        rows.append(found[0])
    cases = (pd.concat(rows, ignore_index=True) if rows else
             pd.DataFrame(columns=["cut", S.PROJECT_ID, "planned_days", "days", "finished"]))
    slip = fit_finish_slip(cases, min_cases=min_cases)
    slip.backdated_said = pd.DataFrame(said, columns=["cut", "warning", "message"]).drop_duplicates(ignore_index=True)
    # done without a finish date, left out of the cuts after their last date (tasks_as_of): counted at the latest cut,
    # the one leaving out the most
    latest = seen - pd.Timedelta(weeks=int(every_weeks))
    unknown = finish_unknown(live, latest) if int(n_cuts) >= 1 and latest >= first else np.zeros(len(live), bool)
    _say_left_out(slip, ended, undated, every_weeks, int(unknown.sum()),
                  int((unknown & finishes_read_as_blank(live)).sum()))
    return slip


def _project_ends(live: pd.DataFrame, projects, seen: pd.Timestamp, every_weeks: int):
    """Whether each project of ``live`` (the tasks not cancelled) is open now, its last finish date, and the
    ids of the projects closed or cancelled with open tasks, idle for ``every_weeks`` weeks before ``seen``
    (taken to end on their last finish: open no more)."""
    open_now = live[S.STATUS].isin(S.UNFINISHED_STATUSES).groupby(live[S.PROJECT_ID]).any()
    last = live[S.FINISHED].groupby(live[S.PROJECT_ID]).max() if S.FINISHED in live else open_now * pd.NaT
    # a project closed (or cancelled) with tasks still open, idle for a cut's span, ended on its last
    # finish: the tasks are left over, not a delivery still running (censored at years, they taught a
    # slip of 140x). Idle, because the status is today's: in a table rewound to a past as_of, a project
    # closed since has work reopened that was running then, and recent dates. Idle by the table's last date:
    # the weeks after it hold nothing because the table ends (an as_of years on made every closed project idle)
    dates = live.reindex(columns=list(S.FACT_DATES)).apply(pd.to_datetime).max(axis=1)
    idle = (dates.groupby(live[S.PROJECT_ID]).max() < seen - pd.Timedelta(weeks=int(every_weeks))).reindex(
        open_now.index, fill_value=False).to_numpy(bool)
    ended = open_now.index[open_now.to_numpy(bool) & idle & _ended(projects, open_now.index)]
    open_now[ended] = False
    return open_now, last, ended


def _backdated_plan(model, tasks, people, projects, cut, *, n_trials, random_state, calendar, scope_growth,
                    pace) -> tuple[FinishDateForecast, list]:
    """The plan of the table rewound to ``cut`` (no correlation: only its P50 is used; of no project when nothing
    was open then), and the SmallSampleWarning and DataQualityWarning it gave, recorded (the slip counts them:
    :attr:`~pmo_forecast.forecasting.slip.FinishSlip.backdated_said`); every other warning is issued."""
    past = tasks_as_of(tasks, cut)
    if projects is not None and S.PROJECT_ID in projects:
        # the projects table's statuses are today's: an active project whose tasks all came after the cut had
        # none then, and was warned of as "no task in the task table" at every cut before its first
        projects = projects[projects[S.PROJECT_ID].isin(past[S.PROJECT_ID])]  # none left: planned as no table
    # the gap between the cut and the rewound table's own date is no warning of the plan's: the table's date is
    # not worked out again for it (about 7% of each plan's time)
    with warnings.catch_warnings(record=True) as heard, as_of_gap_said():
        warnings.simplefilter("always", SmallSampleWarning)  # each cut's own, not hidden by an earlier cut's
        warnings.simplefilter("always", DataQualityWarning)
        # nothing open at the cut is a plan of no project (no case), not an error: every error is the call's
        fc = _finish_dates(model, past, people, projects, cut, n_trials, random_state, calendar,
                           scope_growth=scope_growth, project_correlation=0.0, person_correlation=0.0,
                           quantiles=QUANTILES, n_levels=N_LEVELS, pace=pace, approvals=None, away=None, aged=False)
    kept = [w for w in heard if issubclass(w.category, SmallSampleWarning | DataQualityWarning)]
    issue_again([w for w in heard if not issubclass(w.category, SmallSampleWarning | DataQualityWarning)])
    return fc, kept


def _cut_cases(fc: FinishDateForecast, cut, seen, cal: WorkingCalendar, open_now, last,
               ended) -> tuple[pd.DataFrame, int] | None:
    """The reference cases of one cut's plan ``fc``: each project then running, its plan's P50 days and its
    realised days (censored at ``seen`` while still open), and how many finished on no date the table gives
    (left out); None when no project was running."""
    running = (fc._open > 0) & (np.quantile(fc.samples, 0.5, axis=0, method="inverted_cdf") < NEVER)
    # an ended project with nothing left to finish after the cut (a day is "now" to its end, as in
    # tasks_as_of) was not running then: its open tasks were left over
    after = cut + pd.Timedelta(days=1) if cut == cut.normalize() else cut
    running &= ~(np.isin(fc.project_ids, ended) & ~(last.reindex(fc.project_ids) >= after).to_numpy(bool))
    if not running.any():
        return None
    ids = fc.project_ids[running]
    planned = np.quantile(fc.samples[:, running], 0.5, axis=0, method="inverted_cdf")
    done = ~open_now.reindex(ids).fillna(True).to_numpy(bool)
    end = pd.to_datetime(last.reindex(ids)).to_numpy(dtype="datetime64[ns]")
    realised = cal.last_offset_by(fc.origin, np.where(done, end, np.datetime64(seen, "ns")))
    # finished on no date the table gives (its tasks' finish dates blank): no slip to learn from it (its
    # days had been counted to a date of NaT, a slip of ten million)
    dated = ~done | ~np.isnat(end)
    return (pd.DataFrame({"cut": cut, S.PROJECT_ID: ids, "planned_days": planned, "days": realised,
                          "finished": done})[dated], int((~dated).sum()))


def _say_left_out(slip: FinishSlip, ended, undated: int, every_weeks: int, unknown: int = 0,
                  blanked: int = 0) -> None:
    """Say on ``slip`` (its ``note``, warned) the projects taken to end on their last finish, the
    project-cuts left out for want of a finish date, and the ``unknown`` done tasks without one left out of the
    backdated plans after their last date (:func:`~pmo_forecast.forecasting.rewind.finish_unknown`), ``blanked`` of
    them with a finish far beyond or before the rest read as blank."""
    notes = []
    if len(ended):
        notes.append(f"{counted(len(ended), 'closed or cancelled project')} with open tasks "
                     f"({id_list(ended, 5)}), idle for "
                     f"{int(every_weeks)} weeks, taken to end on their last finish: the open tasks are left over, "
                     "not work still running, yet they take their people's hours in the plans (today's too): "
                     "close them")
    if undated:
        notes.append(f"{counted(undated, 'backdated project-cut')} left out: the project finished, but none of its "
                     "tasks has a finish date, so how long it took is not known")
    if unknown:
        notes.append(finish_unknown_said(unknown, " of the backdated plans", blanked))
    if notes:
        slip.note = "; ".join(notes)
        warn(f"finish slip: {slip.note}", DataQualityWarning)


def _ended(projects, ids) -> np.ndarray:
    """Whether each of ``ids`` is closed or cancelled in the projects table (False without a status)."""
    if projects is None or S.STATUS not in projects:
        return np.zeros(len(ids), dtype=bool)
    status = projects.drop_duplicates(S.PROJECT_ID).set_index(S.PROJECT_ID)[S.STATUS]
    return status.reindex(ids).isin(S.ENDED_PROJECT_STATUSES).to_numpy(bool)


def last_seen(tasks: pd.DataFrame, as_of: pd.Timestamp) -> pd.Timestamp:
    """The last day the table speaks for: ``as_of``, or the table's latest date when ``as_of`` is later
    (the history's measures, the slip and the calibrated capacity's delivered pace, are taken up to it)."""
    latest = quiet_as_of(tasks)  # its far or planned dates are said where the data is checked
    return as_of if pd.isna(latest) else min(as_of, latest)  # no dates at all: nothing to measure either


def calibrated_capacity(model, tasks: pd.DataFrame, people: pd.DataFrame, projects=None, as_of=None, *,
                        calendar=None, base: str = CALIBRATION_BASE, scope_growth="auto",
                        random_state=0) -> DeliveryRates:
    """What ``pace="calibrated"`` plans with: the base capacity and the slip learnt on it.

    Compute it once and pass it as ``pace=`` to several forecasts (the what-if does). Both are
    measured up to ``as_of``, or up to the table's latest date when ``as_of`` is later.
    When too little history gives no slip, the plan's own dates are used and
    ``DeliveryRates.describe()`` says so (also warned as a ``SmallSampleWarning``), as it says when no
    finished work in the pace window measures the delivered pace (the stated capacity is used).
    """
    _require_people(people, "calibrated_capacity")  # before the slip's own refusal, which names it
    cal = WorkingCalendar.coerce(calendar)
    tasks = assignees_as_people(tasks, people)
    as_of = resolve_as_of(tasks, as_of)
    slip = estimate_finish_slip(model, tasks, people, projects, as_of=as_of, calendar=cal, base=base,
                                scope_growth=scope_growth, random_state=random_state)
    with warnings.catch_warnings():  # its fallback is warned below, as the finish dates'; any other word is said
        warnings.filterwarnings("ignore", message=f"{re.escape(NO_PACE_FALLBACK)}$", category=SmallSampleWarning)
        # the pace of the 13 weeks up to the table's last date: those after it hold no finished work because
        # the table ends, not because nobody worked (the slip was learnt on plans at such a pace)
        rates = estimate_delivery_rates(tasks, people, as_of=last_seen(tasks, as_of), weekmask=cal.weekmask,
                                        base=base, slip=slip, holidays=cal.holidays)
    for fallback in (rates.fallback, slip.fallback):
        if fallback:
            warn(f"finish dates: {fallback}", SmallSampleWarning)
    return rates
