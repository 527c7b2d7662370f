"""Finish dates as a result: the finish-date forecast, and the dates and notes forecasts show.

:class:`FinishDateForecast` holds what :func:`~pmo_forecast.forecasting.finish.forecast_finish_dates`
simulated (business-day offsets per trial, project and person) and reads it: finish-date
quantiles, the chance of missing the due date and a plain note per project, each person's finish,
and the plan per person and week or day (who works on what, when) that the workload reads.
The helpers turn business-day samples into what a reader sees, for this forecast and the
throughput one (:mod:`.throughput`): quantile dates (:func:`date_quantiles`, :func:`add_date_columns`),
the ten-year horizon (:func:`after_horizon`, :func:`beyond_horizon_note`) and the notes
(:func:`missed_due_note`, :func:`idle_note`, :func:`undated_done_note`, :func:`share_text`, :func:`latest_date`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.as_of import no_finish_said
from ..core.calendar import HORIZON_YEARS, NEVER, WorkingCalendar
from ..core.results import Result, part_percent, probability_bars
from .plan import count_likely
from .queues import overlap_hours, switch_day, waited
from .schedule import days_with_change

_NO_OPEN_WORK = "no open work"  # what a project with nothing open has left, in its notes (idle_note)

#: The start of the finish note of a project with no open work and a finish date: its dates are its last
#: done task's finish, known, not forecast (the summary shows "finished <date>" for it).
FINISHED_NOTE = f"finished: {_NO_OPEN_WORK}"


def undated_done_note(last, n_undated: int, blanked: int = 0) -> str:
    """What is said of finished work (nothing open) dated by its last dated done task on ``last`` when
    ``n_undated`` of its done tasks have no finish date (``blanked`` of them read as blank: a date far beyond or
    before the rest of the data): the one wording for the plan's notes and the throughput forecast's, e.g. "its last
    dated task was done on 2024-12-10 (not a forecast), but 2 done tasks have no finish date, so it may have finished
    later"."""
    return (f"its last dated task was done on {last:%Y-%m-%d} (not a forecast), but "
            f"{no_finish_said(n_undated, blanked)}, so it may have finished later")


def date_quantiles(samples, origin, calendar: WorkingCalendar, quantiles) -> dict:
    """Dates of business-day offset quantiles, per column of ``samples`` (one partition)."""
    qs = np.quantile(samples, quantiles, axis=0, method="inverted_cdf")
    return {S.quantile_column(q): calendar.dates(origin, v) for q, v in zip(quantiles, qs, strict=True)}


def add_date_columns(out: pd.DataFrame, samples, origin, calendar: WorkingCalendar, due, quantiles) -> dict:
    """Add quantile dates, ``due``, ``prob_late``/``prob_on_time``, ``earliest``/``latest`` to ``out``.

    ``samples`` are business-day offsets (trials x rows of ``out``). Returns what the notes
    need: ``due_off``, ``has_due``, ``due_passed`` (the due date before ``origin``), ``every_late`` (every trial
    after the due date), ``never``
    (share of trials that cannot finish), ``beyond`` (share of trials that finish after
    ``horizon_date``, :data:`~pmo_forecast.core.calendar.HORIZON_YEARS` on: their dates are NaT).
    """
    for k, v in date_quantiles(samples, origin, calendar, quantiles).items():
        out[k] = v
    due_off = calendar.last_offset_by(origin, due)
    has_due = ~pd.isna(due)
    out[S.DUE] = pd.DatetimeIndex(due)
    out["prob_late"] = np.where(has_due, (samples > due_off).mean(axis=0), np.nan)
    out["prob_on_time"] = 1 - out["prob_late"]
    lo = samples.min(axis=0)
    out["earliest"] = calendar.dates(origin, lo)
    out["latest"] = calendar.dates(origin, samples.max(axis=0))
    horizon = calendar.horizon(origin)
    return {"due_off": due_off, "has_due": has_due, "due_passed": has_due & (due_off < 0),
            "every_late": has_due & (lo > due_off),
            "never": (samples >= NEVER).mean(axis=0), "beyond": ((samples > horizon) & (samples < NEVER)).mean(axis=0),
            "horizon_date": calendar.horizon_date(origin)}


def latest_date(dates) -> tuple[pd.Timestamp, int]:
    """The latest of ``dates`` and how many are missing.

    A missing date (a finish beyond the horizon, work that cannot finish, every task cancelled, a
    project on hold) is counted, not passed over as if it came sooner.

    Parameters
    ----------
    dates : sequence of dates
        NaT where there is none.

    Returns
    -------
    latest : pandas.Timestamp
        NaT when every date is missing.
    missing : int
    """
    dates = pd.to_datetime(pd.Series(dates))
    return dates.max(), int(dates.isna().sum())


def share_text(share: float) -> str:
    """A share of trials in words: :func:`~pmo_forecast.core.results.part_percent`, half a percent "under 1%"
    (one trial in 200), "over 99%" rather than a rounded 100% (some trials do not)."""
    return part_percent(share, half_under=True)


def beyond_horizon_note(share: float, horizon_date, what: str, origin=None, calendar: WorkingCalendar | None = None,
                        as_of=None) -> str:
    """The note when ``share`` of the trials end after ``horizon_date``: ``what`` ("it finishes")
    only after it, beyond the horizon (dates past it are NaT).

    With the forecast's ``origin`` and ``calendar``, holidays right after the forecast date are said:
    the horizon counts from the forecast date, and the note names it and the first working day after
    the holidays (a horizon date ten years after the forecast date read as one counted from that day).
    With ``as_of`` (the forecast date) on a weekend or holiday, the horizon counts from ``origin``, the
    last working day before it, and the note names that day: "over 10 years after the forecast date"
    was up to a few days short.
    """
    when = f"in {share_text(share)} of trials " if share < 1 else ""
    since = "the forecast date"
    if origin is not None and as_of is not None and pd.Timestamp(as_of).normalize() > pd.Timestamp(origin):
        since = f"{pd.Timestamp(origin):%Y-%m-%d}, the last working day before the forecast date {pd.Timestamp(as_of):%Y-%m-%d}"
    if origin is not None and calendar is not None:
        first = calendar.dates(origin, [1])[0]
        if first > WorkingCalendar(weekmask=calendar.weekmask).dates(origin, [1])[0]:  # holidays put it off
            named = f" {pd.Timestamp(origin):%Y-%m-%d}" if since == "the forecast date" else ""
            since += f"{named} (holidays follow it: the first working day is {first:%Y-%m-%d})"
    return (f"{when}{what} only after {pd.Timestamp(horizon_date):%Y-%m-%d}, over {HORIZON_YEARS} years after "
            f"{since}: beyond the horizon, so no date is shown past it")


def after_horizon(offsets, origin, calendar: WorkingCalendar, known) -> pd.DatetimeIndex:
    """The date each offset comes only after where it lies beyond the horizon (its date NaT), the horizon's
    last date (:meth:`~pmo_forecast.core.calendar.WorkingCalendar.horizon_date`); NaT where a date is shown
    or the offset is not ``known`` (no finish at all)."""
    past = (np.asarray(offsets, dtype=float) > calendar.horizon(origin)) & np.asarray(known, dtype=bool)
    return pd.DatetimeIndex(np.where(past, calendar.horizon_date(origin).to_datetime64(), np.datetime64("NaT", "ns")))


def missed_due_note(due, earliest, latest, verb: str = "finishes", *, passed: bool = False) -> str:
    """The plain note when every trial misses the due date: never an error or a percentile. The one wording for
    the finish-date forecast's notes and the throughput forecast's, which the pack's Projects sheet shows side by
    side (a project without estimates is forecast from throughput).

    Parameters
    ----------
    due : date-like
        Named in either note: a committee reader need not look it up.
    earliest, latest : date-like
        The range of the simulated finish dates.
    verb : str, default "finishes"
        What happens between them, said alike by both forecasts (the throughput one's "done between" had stood
        beside "finishes between" in one sheet).
    passed : bool, default False
        The due date was already past on the forecast date (``add_date_columns``'s ``due_passed``): said so,
        rather than as a date every trial misses.

    >>> missed_due_note("2024-12-20", pd.Timestamp("2025-01-10"), pd.Timestamp("2025-02-07"), passed=True)
    'due date 2024-12-20 already passed; finishes between 2025-01-10 and 2025-02-07'
    """
    when = f"{verb} between {earliest:%Y-%m-%d} and {latest:%Y-%m-%d}"
    if passed:
        return f"due date {pd.Timestamp(due):%Y-%m-%d} already passed; {when}"
    return f"every trial misses the due date {pd.Timestamp(due):%Y-%m-%d}: chance of meeting it 0%; {when}"


def idle_note(undated: bool, n_undated: int, last, *, nothing: str = _NO_OPEN_WORK, said_finished: bool = True,
              blanked: int = 0) -> str:
    """The note of a project (or group) with ``nothing`` left to do: no finish date at all (``undated``: every task
    cancelled, or finished without a date), else its last done task's on ``last``, unless ``n_undated`` done tasks
    have no date (:func:`undated_done_note`). The one wording for the plan's notes and the throughput forecast's.

    Parameters
    ----------
    undated : bool
    n_undated : int
    last : date-like
        The last dated done task's finish.
    nothing : str, default "no open work"
        What is left, in words: "nothing remaining" in the throughput forecast.
    said_finished : bool, default True
        Open with "finished: " and say the finish on ``last`` as the actual one, as the plan does
        (:data:`FINISHED_NOTE`; the summary shows "finished <date>"); the throughput forecast's note does not.
    blanked : int, default 0
        How many of the ``n_undated`` had a finish read as blank (far beyond or before the rest of the data).
    """
    if undated:
        return f"{nothing} and no finish date (every task cancelled, or finished without a date): neither late nor on time"
    opening = f"finished: {nothing}" if said_finished else nothing
    if n_undated:
        return f"{opening}; {undated_done_note(last, n_undated, blanked)}"
    if said_finished:
        return f"{opening}; its last task was done on {last:%Y-%m-%d}, the actual finish (not a forecast)"
    return opening


def _capped_note(capped: float) -> str:
    """The note when ``capped`` of the trials the learnt slip stretches beyond fifty years (held there)."""
    return (f"in {share_text(capped)} of trials the slip learnt from the history stretches the plan beyond fifty years "
            "(no date shown past the horizon): check the slip's cases (slip.cases) or plan at a set pace")


def _cannot_finish_note(never: float, unserved: float) -> str:
    """The note when the work cannot finish in ``never`` of the trials: ``unserved`` of them at an approval gate
    nobody serves (the PM pool has no server), the rest because its person leaves first."""
    if not unserved > 0:
        return (f"in {share_text(never)} of trials work cannot finish: its person leaves first (or has no working "
                "hours); reassign it")
    return (f"in {share_text(never)} of trials work cannot finish: in {share_text(unserved)} an approval gate waits "
            "without bound (the PM pool has no server then; give it a PM)"
            + ("; in the rest its person leaves first (or has no working hours)" if never - unserved > 1e-9 else ""))


@dataclass
class _Capacity:
    """Each person's working time as the plan runs it, in business days after the origin: ``first`` and ``last``
    day, the ``rate`` (hours a day) up to each dated change (``switch``, people x steps) and ``after`` it."""

    first: np.ndarray
    last: np.ndarray
    rate: np.ndarray
    after: np.ndarray
    switch: np.ndarray

    def day_of(self, rows: np.ndarray, hours: np.ndarray, tol: float = 1e-6) -> np.ndarray:
        """The business day by which the capacity of the people ``rows`` reaches ``hours`` (one each)."""
        span = np.minimum(self.switch - self.first[:, None], 1e12)[rows]
        return self.first[rows] + days_with_change(hours[:, None], self.rate[rows], self.after[rows], span, tol)[:, 0]

    def between(self, lo, hi, edge: np.ndarray, rows: np.ndarray, rate=None, after=None) -> np.ndarray:
        """Hours the people ``rows`` work from day ``lo`` to ``hi`` (one each) within each interval between
        consecutive ``edge`` days, at their rates (or at ``rate``, then ``after``, for everyone)."""
        rate = self.rate if rate is None else rate
        after = self.after if after is None else after
        a, b = edge[:-1][None, :], edge[1:][None, :]
        return overlap_hours(np.maximum(lo[:, None], a), np.minimum(hi[:, None], b), self.switch[rows][:, None],
                             rate[rows][:, None], after[rows][:, None])


def _waits(profile: pd.DataFrame | None, hours: np.ndarray, cap: _Capacity) -> tuple:
    """Where each person waits for a project to start, in their plan at ``hours``: the queue ``profile`` scaled
    to those hours, each column held until its project's (or task's) start. Returns per wait the person and its
    start and end in hours of the person's capacity (from their start), and per person the hours waited in all."""
    none = (np.zeros(0, int), np.zeros(0), np.zeros(0), np.zeros(len(cap.rate)))
    if profile is None or "release" not in profile or not (profile["release"] > 0).any():
        return none
    who, lo, hi = [], [], []
    idle_hours = np.zeros(len(cap.rate))
    for p, mine in profile.groupby("person"):
        rel = mine["release"].to_numpy(float)
        total = mine["end"].iat[-1]
        if not (rel > 0).any() or not total > 0:
            continue
        s = mine["start"].to_numpy() * (hours[p] / total)
        hold = np.where(rel > 0, overlap_hours(cap.first[p], rel, cap.switch[p], cap.rate[p], cap.after[p]), 0.0)
        idle = waited(hold, s)
        grew = np.flatnonzero(np.diff(idle, prepend=0.0) > 0)
        prev = np.r_[0.0, idle][grew]
        who += [p] * len(grew)
        lo += list(s[grew] + prev)
        hi += list(s[grew] + idle[grew])
        idle_hours[p] = idle[-1]
    return np.asarray(who, int), np.asarray(lo, float), np.asarray(hi, float), idle_hours


def _by_queue_column(hours: np.ndarray, target: float, mine: pd.DataFrame) -> tuple | None:
    """One person's ``hours`` a day split over the queue columns they work through (``mine``, in queue order),
    placed where the columns sit on average over the trials and scaled to the person's ``target`` hours: per
    piece, its day (0 the first), its column's position in ``mine`` and its hours. None when nothing is split."""
    total = mine["end"].iat[-1]
    if not total > 0 or not hours.any():
        return None
    # the queue position (mean hours) reached by the end of each day, and each column's end;
    # hours past the last column's end (float noise) stay in that column
    pos = np.r_[0.0, np.cumsum(hours)] * (total / max(target, 1e-12))
    ends = mine["end"].to_numpy()[:-1]
    cut = np.unique(np.r_[pos, ends[(ends > 0) & (ends < pos[-1])]])
    mid = (cut[:-1] + cut[1:]) / 2
    day = np.searchsorted(pos, mid, side="right") - 1
    col = np.searchsorted(ends, mid, side="right")
    width = pos[day + 1] - pos[day]
    return day, col, np.diff(cut) / np.where(width > 0, width, 1.0) * hours[day]


def _finish_fan(project_ids, lo, p50, hi, due, ax=None):
    """Fan of finish dates per project: a ``lo``-``hi`` bar, a ``p50`` tick and the ``due`` date (dates, one per
    project of ``project_ids``); returns the axes."""
    import matplotlib.pyplot as plt

    ax = ax or plt.subplots(figsize=(8, 0.3 * len(project_ids) + 1.5))[1]
    y = np.arange(len(project_ids))
    ax.barh(y, (hi - lo).days, left=lo, color="tab:blue", alpha=0.35, label="P10-P90")
    ax.plot(p50, y, "k|", markersize=12, label="P50")
    ax.plot(pd.DatetimeIndex(due), y, "rx", label="due")
    ax.set_yticks(y, [str(p) for p in project_ids])
    ax.invert_yaxis()
    ax.set_xlabel("finish date")
    ax.legend(loc="lower right", fontsize="small")
    return ax


class FinishDateForecast(Result):
    """Simulated finish dates of open projects.

    Built whole by :func:`~pmo_forecast.forecasting.finish.forecast_finish_dates`: the positional
    parameters are the simulation's draws and the projects' figures, the keyword-only ones set the
    attributes of the same name (what the schedule ran on and what it found); left out, they are an
    empty plan (no capacity, queues, held work or notes).

    Attributes
    ----------
    samples : ndarray of int, shape (n_trials, n_projects)
        Finish as business days after ``origin`` (``NEVER`` when the work cannot finish
        because its person leaves first).
    person_samples : ndarray of int, shape (n_trials, n_people)
        When each person finishes all their open work.
    project_ids, people : ndarray
    pace : ndarray
        The multiplier on each person's stated capacity that was used.
    effort_samples : ndarray of float, shape (n_trials, n_projects), or None
        Each project's effort at completion (hours booked included).
    hours_samples : ndarray of float, shape (n_trials, n_people)
        The hours each person's queue holds.
    per_day, per_day_after, first_day, last_day, change_day : ndarray
        Each person's capacity as the schedule ran it, in business days after ``origin``
        (:class:`~pmo_forecast.forecasting.queues.Staff`'s ``per_day``, ``per_day_after``, ``first``,
        ``last`` and ``change``); None when not built by the schedule.
    spent : ndarray
        Hours booked per project.
    queue_order : str
        How each person's queue was ordered, in words.
    origin : numpy.datetime64
        Business day 0: the last working day on or before ``as_of``.
    as_of : pandas.Timestamp or None
        The forecast date (None when not known); the notes name ``origin`` when it is earlier.
    calendar : WorkingCalendar
    capacity_used : str
        The capacity the plan used, and the slip learnt (or why none was).
    slip : FinishSlip or None
        The slip the calibrated dates were scaled by (None unless ``pace="calibrated"``).
    queue_profile : pandas.DataFrame
        Each person's queue, column by column in order: ``person`` (position in
        ``people``), ``start``/``end`` in mean hours queued, ``pooled`` (a share of a
        project's pool), ``project_id``; :meth:`daily_by_project` splits the plan with it.
    expected_growth_hours : float
        Scope still to come into the running projects, mean over trials (in the plan).
    reassigned : pandas.DataFrame
        The fallback for open work whose assignee cannot do it: per ``assignee``, the
        ``reason`` (``left`` by their end date, or ``not in the people table``),
        ``open_tasks`` and ``open_estimate_hours``; that work goes to the pool of its
        project's team. Empty when every assignee is in the table and still there.
    slip_capped : ndarray
        Per project, the share of trials the learnt slip drew beyond ``MAX_SLIP_DAYS`` (fifty
        years of business days), held there; the ``note`` of :meth:`by_project` says so.
    approvals_unserved : ndarray
        Per project, the share of trials an approval gate waits without bound (a scenario's PM pool with no
        server then: :func:`~pmo_forecast.forecasting.plan.gate_delay_days`), so the work cannot finish; the
        ``note`` of :meth:`by_project` says so.
    done_undated : ndarray of int
        Per project with no open work, its done tasks without a finish date: its finish is its last dated
        task's, so it may have finished later; the ``note`` of :meth:`by_project` says so with the count.
    done_blanked : ndarray of int
        How many of each project's ``done_undated`` had a finish read as blank (far beyond or before the rest of the
        data: :func:`~pmo_forecast.core.as_of.finishes_read`), said in the same note.
    not_started : pandas.DataFrame
        Projects with open work whose ``start`` (projects table) is after ``as_of``: per
        ``project_id``, ``start`` and ``open_estimate_hours``. Nobody works on them before
        their start (see Notes of :func:`~pmo_forecast.forecasting.finish.forecast_finish_dates`). Empty when there are none.
    held_tasks : pandas.DataFrame
        Open tasks planned to start after ``as_of`` (``planned_start``, or an open task's ``started``
        date): per ``task_id``, ``project_id``, ``planned_start`` and ``open_estimate_hours``. Nobody
        works on them before that date. Empty when there are none.
    notes : list of str
        What is said for information, not warned: an active project with no task that starts after
        ``as_of`` has not started yet and is in no figure (in validation's words, ``project_not_started``).
    stale : pandas.DataFrame
        Open tasks under way for longer than 99% of finished tasks took, as
        :attr:`OverrunForecast.stale <pmo_forecast.forecasting.overrun.OverrunForecast>`, aged in the
        forecast's calendar: planned as still running. Empty when there are none.
    """

    title = "Finish-date forecast"

    def __init__(self, samples, person_samples, project_ids, people, origin, calendar, due,
                 remaining, quantiles, person_hours, correlation, scope_growth, pace, open_hours=None, *,
                 as_of=None, effort_samples=None, hours_samples=None, capacity_used: str = "", slip=None,
                 slip_capped=None, approvals_unserved=None, done_undated=None, per_day=None, per_day_after=None,
                 first_day=None, last_day=None, change_day=None, spent=None, queue_order: str = "",
                 queue_profile: pd.DataFrame | None = None, expected_growth_hours: float = 0.0, reassigned=None,
                 not_started=None, held_tasks=None, notes=(), stale=None, done_blanked=None):
        n_proj = len(project_ids)
        self.samples = samples
        self.person_samples = person_samples
        self.project_ids = project_ids
        self.people = people
        self.origin = origin
        self.as_of = as_of
        self.calendar = calendar
        self.quantiles = tuple(quantiles)
        self.correlation = correlation
        self.scope_growth = scope_growth
        self._due = due
        self._remaining = remaining
        self._open = remaining if open_hours is None else open_hours  # none booked yet
        self._person_hours = person_hours
        self.pace = pace
        self.effort_samples = effort_samples
        self.hours_samples = np.zeros((0, len(people))) if hours_samples is None else hours_samples
        self.capacity_used = capacity_used
        self.slip = slip
        self.slip_capped = np.zeros(n_proj) if slip_capped is None else slip_capped
        self.approvals_unserved = np.zeros(n_proj) if approvals_unserved is None else approvals_unserved
        self.done_undated = np.zeros(n_proj, dtype=int) if done_undated is None else done_undated
        self.done_blanked = np.zeros(n_proj, dtype=int) if done_blanked is None else done_blanked
        self.per_day, self.per_day_after, self.change_day = per_day, per_day_after, change_day
        self.first_day, self.last_day = first_day, last_day
        self.spent = spent
        self.queue_order = queue_order
        self.queue_profile = queue_profile
        self.expected_growth_hours = expected_growth_hours
        self.reassigned = pd.DataFrame() if reassigned is None else reassigned
        self.not_started = pd.DataFrame() if not_started is None else not_started
        self.held_tasks = pd.DataFrame() if held_tasks is None else held_tasks
        self.notes: list[str] = list(notes)
        self.stale = pd.DataFrame() if stale is None else stale

    @property
    def undated(self) -> np.ndarray:
        """Projects (aligned with ``project_ids``) with no open work and no finish date: every task
        cancelled (or finished without a date). They have no finish (``samples`` NEVER), and are
        neither late nor on time."""
        return (np.asarray(self._open) == 0) & (self.samples >= NEVER).all(axis=0)

    @property
    def due(self) -> np.ndarray:
        """Each project's due date (``datetime64[ns]``, NaT where it has none), aligned with ``project_ids``."""
        return np.asarray(self._due, dtype="datetime64[ns]")

    def by_project(self) -> pd.DataFrame:
        """Per project: finish-date quantiles, ``prob_late`` against ``due`` and a plain note.

        ``remaining_estimate_hours`` is what is left of the open tasks' estimates (estimate less
        hours booked, not below 0), as in :meth:`OverrunForecast.by_project`;
        ``open_estimate_hours`` is the open tasks' whole estimates, the work the plan schedules
        (its draws never below what is booked).
        ``prob_on_time`` is ``1 - prob_late``; ``earliest`` and ``latest`` give the range of
        simulated finish dates; ``note`` says when every trial misses the due date, when it
        has already passed, when work cannot finish because its person leaves first, or when
        the learnt slip reached its cap (``slip_capped``). A project whose tasks are all
        cancelled (:attr:`undated`) has no dates and an unknown ``prob_late`` (NaN), not a 100% one.
        """
        out = pd.DataFrame({"remaining_estimate_hours": self._remaining, "open_estimate_hours": self._open},
                           index=pd.Index(self.project_ids, name=S.PROJECT_ID))
        info = add_date_columns(out, self.samples, self.origin, self.calendar, self._due, self.quantiles)
        out.loc[self.undated, ["prob_late", "prob_on_time"]] = np.nan
        out["note"] = [self._note(j, info, out["earliest"].iat[j], out["latest"].iat[j])
                       for j in range(len(out))]
        return out

    def _note(self, j, info, lo, hi) -> str:
        """Project ``j``'s note: its finish known, the slip held at its cap, work that cannot finish, a finish
        beyond the horizon, a due date passed or missed in every trial (``info``: :func:`add_date_columns`'s)."""
        if self._open[j] == 0:
            return idle_note(self.undated[j], int(self.done_undated[j]), lo, blanked=int(self.done_blanked[j]))
        if self.slip_capped[j] > 0:  # held at fifty years: beyond the horizon, so no date is shown there
            return _capped_note(self.slip_capped[j])
        if self.approvals_unserved[j] > 0 or info["never"][j] > 0:
            return _cannot_finish_note(info["never"][j], self.approvals_unserved[j])
        if info["beyond"][j] > 0:
            return beyond_horizon_note(info["beyond"][j], info["horizon_date"], "it finishes", self.origin,
                                       self.calendar, self.as_of)
        if info["due_passed"][j] or info["every_late"][j]:
            return missed_due_note(self._due[j], lo, hi, passed=info["due_passed"][j])
        return ""

    def after_horizon(self, q: float = 0.8) -> pd.Series:
        """Per project, the date its ``q`` finish date comes only after, where it lies beyond the horizon
        (:func:`after_horizon`; the quantile's date is NaT and the note says so); NaT where a date is
        shown and where the work cannot finish (its person leaves first)."""
        off = np.quantile(self.samples, q, axis=0, method="inverted_cdf")
        return pd.Series(after_horizon(off, self.origin, self.calendar, off < NEVER),
                         index=pd.Index(self.project_ids, name=S.PROJECT_ID))

    def count_likely_late(self, project_ids=None) -> int:
        """How many projects are more likely than not to finish after their due date (``prob_late`` above
        50%, :func:`~pmo_forecast.forecasting.plan.likely`); those without a due date are not.

        Parameters
        ----------
        project_ids : sequence, optional
            The projects counted (default all); one not in this forecast is not counted.

        Returns
        -------
        int
        """
        return count_likely(self.by_project()["prob_late"], project_ids)

    def latest_finish(self, q: float = 0.8, project_ids=None) -> tuple[pd.Timestamp, int]:
        """The latest of the projects' ``q`` finish dates, and how many projects have none.

        Parameters
        ----------
        q : float, default 0.8
            The level of the finish dates (0.8: the dates 80% sure).
        project_ids : sequence, optional
            The projects read (default all); one not in this forecast has no date.

        Returns
        -------
        latest : pandas.Timestamp
            NaT when no project has a date.
        undated : int
            Projects with open work but no ``q`` finish date (work that cannot finish, a finish past the
            horizon; one not forecast here), as :meth:`ScenarioResult.no_finish_count
            <pmo_forecast.scenarios.scenario.ScenarioResult.no_finish_count>` counts them: a project whose
            every task is cancelled (:attr:`undated`) has no finish to have and is not counted.
        """
        index = pd.Index(self.project_ids, name=S.PROJECT_ID)
        dates = pd.Series(date_quantiles(self.samples, self.origin, self.calendar, [q])[S.quantile_column(q)],
                          index=index)
        nothing = pd.Series(self.undated, index=index)  # every task cancelled: no finish to count as missing
        if project_ids is not None:
            dates, nothing = dates.reindex(list(project_ids)), nothing.reindex(list(project_ids), fill_value=False)
        return latest_date(dates.loc[~nothing.to_numpy(bool)])

    def by_person(self) -> pd.DataFrame:
        """Per person: open hours (estimate, own tasks plus pool share), pace and when they finish.

        ``pace`` is the share of stated capacity the schedule works at: the pace each delivered
        (:func:`~pmo_forecast.forecasting.pace.estimate_pace`) divided by the median slip learnt from backdated
        plans when one is used, so it can differ from the delivered pace (above it where plans finished early).
        """
        out = pd.DataFrame({"open_estimate_hours": self._person_hours, "pace": self.pace},
                           index=pd.Index(self.people, name=S.PERSON))
        for k, v in date_quantiles(self.person_samples, self.origin, self.calendar, self.quantiles).items():
            out[k] = v
        return out

    def summary(self) -> pd.DataFrame:
        return self.by_project()

    def scheduled_hours(self, weeks, level: float = 0.5) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The plan per person and week: hours scheduled, and stated capacity.

        Each person works their queue (own tasks, pool shares, scope growth) at their
        pace from their start until it is done; the hours queued are taken at quantile
        ``level`` over the trials (P50 by default, 0.8 for the P80 plan), which is the
        same quantile of every week's hours since they only grow with the queue, or at
        their mean (``level="mean"``: the people's hours then add up to the forecast's
        expected effort).

        Parameters
        ----------
        weeks : sequence of dates
            Week starts (Mondays); each week runs to the next start (the last one for
            seven days).
        level : float or "mean"

        Returns
        -------
        (scheduled, capacity) : two DataFrames, people x weeks, in hours
            Capacity is ``hours_per_week x availability`` over the working days employed.
        """
        weeks = pd.DatetimeIndex(pd.to_datetime(list(weeks))).normalize()
        ends = weeks.append(pd.DatetimeIndex([weeks[-1] + pd.Timedelta(days=7)])) if len(weeks) else weeks
        day = ends.to_numpy().astype("datetime64[D]")
        edge = np.maximum(0, np.busday_count(self.origin + 1, day, weekmask=self.calendar.weekmask,
                                             holidays=self.calendar.np_holidays)).astype(float)
        scheduled, capacity, _ = self._worked(edge, level)
        idx = pd.Index(self.people, name=S.PERSON)
        return (pd.DataFrame(scheduled, index=idx, columns=weeks),
                pd.DataFrame(capacity, index=idx, columns=weeks))

    def queued_hours(self, level: float = 0.5, max_days: int | None = None) -> pd.DataFrame:
        """Per person: the hours of their queue at ``level``, and how many of them the plan places.

        The plan (:meth:`daily_hours`) runs at most ``max_days`` working days (by default to the horizon's
        last date, as the finish dates); a queue longer than that, or longer than its person's time before
        their end date, has hours on no day of it.

        Parameters
        ----------
        level : float or "mean", default 0.5
            As :meth:`daily_hours`.
        max_days : int, optional
            The plan's length in working days, as :meth:`daily_hours`.

        Returns
        -------
        pandas.DataFrame
            Indexed by ``person``: ``queued`` (the queue's hours at ``level``), ``planned`` (on the plan's
            days, :meth:`daily_hours` summed), ``after_end`` (left when the person's end date comes first,
            or they have no working hours: work that cannot finish) and ``beyond_last_day`` (worked only
            after the plan's last day); ``queued`` is the sum of the other three.
        """
        queued = _at_level(self.hours_samples, level) if len(self.hours_samples) else np.zeros(len(self.people))
        planned = self._daily(level, max_days).sum(axis=1)
        # up to the end of each queue (or the person's last day), with no last day of the plan
        done = self._worked(np.zeros(1), level)[2]
        end = max(np.max(done[np.isfinite(done)], initial=0.0), 1.0)
        ever = self._worked(np.array([0.0, end]), level)[0][:, 0]
        ever = np.clip(ever, planned, queued)  # float noise either way is no hour of work
        return pd.DataFrame({"queued": queued, "planned": planned, "after_end": queued - ever,
                             "beyond_last_day": ever - planned}, index=pd.Index(self.people, name=S.PERSON))

    def daily_hours(self, level: float = 0.5, max_days: int | None = None, part: str = "all") -> np.ndarray:
        """The plan per person (rows, as ``people``) and business day after ``origin``
        (columns; day 1 is the first): hours scheduled at quantile ``level``, for as many
        days as the plan runs (its finish dates, or the last queue; at most ``max_days``, by default to the
        finish dates' horizon, :meth:`~pmo_forecast.core.calendar.WorkingCalendar.horizon`, so the plan's last
        day is the last date a finish date shows).

        ``part="pooled"`` keeps the hours of each person's shares of project pools (open
        work with no assignee or one who has left, and scope growth), ``"own"`` the rest;
        the two add up to ``"all"`` (:meth:`daily_split` gives both at once).
        """
        if part not in ("all", "pooled", "own"):
            raise ValueError(f"part must be 'all', 'pooled' or 'own', got {part!r}")
        if part == "all":
            return self._daily(level, max_days)
        own, pooled = self.daily_split(level, max_days)
        return pooled if part == "pooled" else own

    def daily_split(self, level: float = 0.5, max_days: int | None = None) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`daily_hours` as (own tasks, pooled work): :meth:`daily_by_project` summed
        per person and day over the queue columns of each kind."""
        rows = self.daily_by_project(level, max_days)
        n_days = self._daily(level, max_days).shape[1]
        code = pd.Index(self.people).get_indexer(rows[S.PERSON])
        split = np.zeros((2, len(self.people), n_days))
        np.add.at(split, (rows["pooled"].to_numpy(int), code, rows["day"].to_numpy() - 1), rows["hours"].to_numpy())
        return split[0], split[1]

    def daily_by_project(self, level: float = 0.5, max_days: int | None = None) -> pd.DataFrame:
        """:meth:`daily_hours` per person, project and business day: who works on what, when.

        Each person's hours of a day are split over the queue columns they work through
        that day, placed where the columns sit on average over the trials (``queue_profile``)
        and scaled to the person's hours at ``level``.

        Returns
        -------
        pandas.DataFrame
            One row per person, project, kind and day with hours: ``person``, ``project_id``,
            ``day`` (business day after ``origin``, 1 the first, as the columns of
            :meth:`daily_hours`), ``pooled`` (a share of the project's pool: unassigned work,
            work of people gone, scope growth) and ``hours``. Per person and day the hours
            add up to :meth:`daily_hours`; per project they add up to the plan's hours on it.
        """
        hours = self._daily(level, max_days)
        target = _at_level(self.hours_samples, level) if len(self.hours_samples) else np.zeros(len(hours))
        frames = []
        for p, mine in self.queue_profile.groupby("person"):  # each person's columns in queue order
            if (split := _by_queue_column(hours[p], target[p], mine)) is None:
                continue
            day, col, share = split
            frames.append(pd.DataFrame({S.PERSON: self.people[p], S.PROJECT_ID: mine[S.PROJECT_ID].to_numpy()[col],
                                        "day": day + 1, "pooled": mine["pooled"].to_numpy()[col], "hours": share}))
        cols = [S.PERSON, S.PROJECT_ID, "day", "pooled", "hours"]
        if not frames:
            return pd.DataFrame({c: pd.Series(dtype=t) for c, t in zip(cols, (object, object, int, bool, float),
                                                                         strict=True)})
        out = pd.concat(frames, ignore_index=True)
        out = out.groupby(cols[:-1], sort=False, as_index=False)["hours"].sum()
        return out.loc[out["hours"] > 0].reset_index(drop=True)

    def _daily(self, level, max_days) -> np.ndarray:
        _, _, done = self._worked(np.zeros(1), level)
        finite = done[np.isfinite(done)]
        ends = np.r_[_at_level(self.person_samples, level) if self.person_samples.size else [],
                     finite, 1.0]
        # by default to the finish dates' horizon: the plan's last day is the last date a finish date shows
        last = self.calendar.horizon(self.origin) if max_days is None else max_days
        n_days = min(int(np.ceil(ends.max())), last)
        return self._worked(np.arange(n_days + 1, dtype=float), level)[0]

    def _worked(self, edge, level):
        """Scheduled hours and stated capacity per person between consecutive business-day
        ``edge`` values, and the day each person's queue (at quantile ``level``) is done."""
        cap = self._capacity()
        everyone = np.arange(len(cap.rate))
        hours = _at_level(self.hours_samples, level) if len(self.hours_samples) else np.zeros(len(cap.rate))
        who, gap_lo, gap_hi, idle = _waits(self.queue_profile, hours, cap)
        done = np.minimum(cap.day_of(everyone, hours + idle), cap.last)
        scheduled = cap.between(cap.first, done, edge, everyone)
        if len(who):  # no work while a person waits for a project to start
            gap = cap.day_of(who, gap_lo, 0.0), np.minimum(cap.day_of(who, gap_hi, 0.0), done[who])
            np.add.at(scheduled, who, -cap.between(*gap, edge, who))
        pace = np.asarray(self.pace, dtype=float)
        return scheduled, cap.between(cap.first, cap.last, edge, everyone, cap.rate / pace,
                                      cap.after / pace[..., None]), done

    def _capacity(self) -> _Capacity:
        """Each person's working time as the schedule ran it (``first_day``, ``last_day``, ``per_day``,
        ``per_day_after`` and ``change_day``, given to the constructor by
        :func:`~pmo_forecast.forecasting.finish.forecast_finish_dates`)."""
        first = np.asarray(self.first_day, dtype=float)
        last = np.where(np.asarray(self.last_day) >= NEVER, np.inf, np.asarray(self.last_day, dtype=float))
        # the rate changes after each day of ``switch`` (the dated availability changes, people x steps); past a
        # person's last change, the rate before it
        return _Capacity(first, last, np.asarray(self.per_day, dtype=float), np.asarray(self.per_day_after, dtype=float),
                         switch_day(np.asarray(self.change_day), first[:, None]))

    def plot(self, ax=None):
        """Fan of finish dates per project (P10-P90 bar, P50 tick) with the due date."""
        lo, p50, hi = (self.calendar.dates(self.origin, v)
                       for v in np.quantile(self.samples, (0.1, 0.5, 0.9), axis=0, method="inverted_cdf"))
        return _finish_fan(self.project_ids, lo, p50, hi, self._due, ax)

    def plot_late(self, ax=None):
        """Bars of the chance that each project finishes after its due date."""
        return probability_bars(self.by_project()["prob_late"], "P(finish after due)", ax)


def _at_level(samples: np.ndarray, level) -> np.ndarray:
    """Per column: quantile ``level`` over the trials (rows), or the mean for ``"mean"``."""
    if isinstance(level, str):
        if level != "mean":
            raise ValueError(f"level must be a quantile between 0 and 1 or 'mean', got {level!r}")
        return samples.mean(axis=0)
    return np.quantile(samples, level, axis=0)

