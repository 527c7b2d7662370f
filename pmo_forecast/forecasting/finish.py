"""Monte Carlo finish dates: each person's simulated remaining work laid onto their calendar.

The effort draws are those of :mod:`pmo_forecast.forecasting.overrun` (same model, correlation and
scope growth). Every person works through their open tasks in queue order (in-progress
tasks first, then a ``priority`` or ``rank`` column, else the project's due date and the
task's creation date: :func:`pmo_forecast.forecasting.plan.queue_order`) at ``hours_per_week x
availability`` (times their ``pace``) spread over the working days; work nobody is assigned to, and scope still to come, is
shared by the project's team in proportion to their capacity, each share right after the
person's own tasks of that project (at the end of their queue when they have none).
Inside the simulation time is an integer count of business days after ``as_of``
(weekends and holidays skipped); only the final quantiles become dates. By default the
plan is calibrated on the history: :func:`estimate_finish_slip` learns how far real
finishes slipped from such plans at backdated cuts, and each trial is scaled by it
(:func:`apply_slip`).
"""

from __future__ import annotations

import warnings
from dataclasses import replace

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.calendar import (
    HORIZON_YEARS,
    NEVER,
    WorkingCalendar,
    infer_as_of,
    resolve_as_of,
    warn_as_of_gap,
)
from ..core.exceptions import DataQualityWarning, SmallSampleWarning
from ..core.results import Result, probability_bars
from .overrun import (
    N_LEVELS,
    QUANTILES,
    setup_simulation,
    simulate_effort,
)
from .pace import (
    CALIBRATION_BASE,
    NO_PACE_FALLBACK,
    DeliveryRates,
    estimate_delivery_rates,
    estimate_pace,
)
from .plan import LEARNING_SEED, MAX_GATES, gate_delay_days, likely
from .queues import (
    QueuePlan,
    Staff,
    last_on_team,
    overlap_hours,
    plan_queues,
    planned_task_starts,
    staff_capacity,
    switch_day,
    waited,
)
from .rewind import known_since, tasks_as_of
from .slip import MIN_CASES, FinishSlip, fit_finish_slip

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
    if not np.isfinite(out).all() or (out <= 0).any():
        raise ValueError(f"pace must be a positive number (a share of stated capacity), got {out[~(out > 0)][:3].tolist()}")
    return out, unmeasured


def date_quantiles(samples, origin, calendar: WorkingCalendar, quantiles) -> dict:
    """Dates of business-day offset quantiles, per column of ``samples`` (one partition)."""
    qs = np.quantile(samples, quantiles, axis=0, method="inverted_cdf")
    return {S.quantile_column(q): calendar.dates(origin, v) for q, v in zip(quantiles, qs, strict=True)}


def add_date_columns(out: pd.DataFrame, samples, origin, calendar: WorkingCalendar, due, quantiles) -> dict:
    """Add quantile dates, ``due``, ``prob_late``/``prob_on_time``, ``earliest``/``latest`` to ``out``.

    ``samples`` are business-day offsets (trials x rows of ``out``). Returns what the notes
    need: ``due_off``, ``has_due``, ``every_late`` (every trial after the due date), ``never``
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
    return {"due_off": due_off, "has_due": has_due, "every_late": has_due & (lo > due_off),
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
    """A share of trials in words: "under 1%" rather than a rounded 0% (half a percent rounds to even, 0%),
    "over 99%" rather than a rounded 100% (some trials do not)."""
    said = f"{share:.0%}"
    if said == "0%" and share > 0:
        return "under 1%"
    return "over 99%" if said == "100%" and share < 1 else said


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


def missed_due_note(due, earliest, latest, verb: str) -> str:
    """The plain note when every trial misses the due date: never an error or a percentile."""
    return (f"every trial misses the due date {pd.Timestamp(due):%Y-%m-%d}: chance of meeting it 0%; "
            f"{verb} between {earliest:%Y-%m-%d} and {latest:%Y-%m-%d}")


class FinishDateForecast(Result):
    """Simulated finish dates of open projects.

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
    not_started : pandas.DataFrame
        Projects with open work whose ``start`` (projects table) is after ``as_of``: per
        ``project_id``, ``start`` and ``open_estimate_hours``. Nobody works on them before
        their start (see Notes of :func:`forecast_finish_dates`). Empty when there are none.
    held_tasks : pandas.DataFrame
        Open tasks planned to start after ``as_of`` (``planned_start``, or an open task's ``started``
        date): per ``task_id``, ``project_id``, ``planned_start`` and ``open_estimate_hours``. Nobody
        works on them before that date. Empty when there are none.
    """

    title = "Finish-date forecast"
    as_of = None  # set by forecast_finish_dates

    def __init__(self, samples, person_samples, project_ids, people, origin, calendar, due,
                 remaining, quantiles, person_hours, correlation, scope_growth, pace, open_hours=None):
        self.samples = samples
        self.person_samples = person_samples
        self.project_ids = project_ids
        self.people = people
        self.origin = origin
        self.calendar = calendar
        self.quantiles = tuple(quantiles)
        self.correlation = correlation
        self.scope_growth = scope_growth
        self._due = due
        self._remaining = remaining
        self._open = remaining if open_hours is None else open_hours  # none booked yet
        self._person_hours = person_hours
        self.pace = pace
        self.slip_capped = np.zeros(len(project_ids))

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
        if self._open[j] == 0:
            return ("no open work and no finish date (every task cancelled, or finished without a date): neither "
                    "late nor on time") if self.undated[j] else "no open work"
        if self.slip_capped[j] > 0:  # held at fifty years: beyond the horizon, so no date is shown there
            return (f"in {share_text(self.slip_capped[j])} of trials the slip learnt from the history stretches the plan beyond fifty years "
                    "(no date shown past the horizon): check the slip's cases (slip.cases) or plan at a set pace")
        if info["never"][j] > 0:
            return (f"in {share_text(info['never'][j])} of trials work cannot finish: its person leaves first (or "
                    "has no working hours); reassign it")
        if info["beyond"][j] > 0:
            return beyond_horizon_note(info["beyond"][j], info["horizon_date"], "it finishes", self.origin,
                                       self.calendar, self.as_of)
        if info["has_due"][j] and info["due_off"][j] < 0:
            return f"due date already passed; finishes between {lo:%Y-%m-%d} and {hi:%Y-%m-%d}"
        if info["every_late"][j]:
            return missed_due_note(self._due[j], lo, hi, "finishes")
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
        chance = self.by_project()["prob_late"]
        return int(likely(chance if project_ids is None else chance.reindex(list(project_ids))).sum())

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
            Projects without a ``q`` finish date (:func:`latest_date`).
        """
        dates = pd.Series(date_quantiles(self.samples, self.origin, self.calendar, [q])[S.quantile_column(q)],
                          index=pd.Index(self.project_ids, name=S.PROJECT_ID))
        return latest_date(dates if project_ids is None else dates.reindex(list(project_ids)))

    def by_person(self) -> pd.DataFrame:
        """Per person: open hours (estimate, own tasks plus pool share), pace and when they finish."""
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

    def daily_hours(self, level: float = 0.5, max_days: int = 5 * 520, part: str = "all") -> np.ndarray:
        """The plan per person (rows, as ``people``) and business day after ``origin``
        (columns; day 1 is the first): hours scheduled at quantile ``level``, for as many
        days as the plan runs (its finish dates, or the last queue; at most ``max_days``).

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

    def daily_split(self, level: float = 0.5, max_days: int = 5 * 520) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`daily_hours` as (own tasks, pooled work): :meth:`daily_by_project` summed
        per person and day over the queue columns of each kind."""
        rows = self.daily_by_project(level, max_days)
        n_days = self._daily(level, max_days).shape[1]
        code = pd.Index(self.people).get_indexer(rows[S.PERSON])
        split = np.zeros((2, len(self.people), n_days))
        np.add.at(split, (rows["pooled"].to_numpy(int), code, rows["day"].to_numpy() - 1), rows["hours"].to_numpy())
        return split[0], split[1]

    def daily_by_project(self, level: float = 0.5, max_days: int = 5 * 520) -> pd.DataFrame:
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
        for p, mine in self.queue_profile.groupby("person"):
            total = mine["end"].iat[-1]  # the columns are in queue order
            if not total > 0 or not hours[p].any():
                continue
            # the queue position (mean hours) reached by the end of each day, and each column's end;
            # hours past the last column's end (float noise) stay in that column
            pos = np.r_[0.0, np.cumsum(hours[p])] * (total / max(target[p], 1e-12))
            ends = mine["end"].to_numpy()[:-1]
            cut = np.unique(np.r_[pos, ends[(ends > 0) & (ends < pos[-1])]])
            mid = (cut[:-1] + cut[1:]) / 2
            day = np.searchsorted(pos, mid, side="right") - 1
            col = np.searchsorted(ends, mid, side="right")
            width = pos[day + 1] - pos[day]
            share = np.diff(cut) / np.where(width > 0, width, 1.0) * hours[p, day]
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
        n_days = min(int(np.ceil(ends.max())), max_days)
        return self._worked(np.arange(n_days + 1, dtype=float), level)[0]

    def _worked(self, edge, level):
        """Scheduled hours and stated capacity per person between consecutive business-day
        ``edge`` values, and the day each person's queue (at quantile ``level``) is done."""
        a, b = edge[:-1][None, :], edge[1:][None, :]
        rate = np.asarray(self.per_day, dtype=float)
        hours = _at_level(self.hours_samples, level) if len(self.hours_samples) else np.zeros(len(rate))
        first = np.asarray(self.first_day, dtype=float)
        last = np.where(np.asarray(self.last_day) >= NEVER, np.inf, np.asarray(self.last_day, dtype=float))
        # the rate changes after day ``switch`` (a dated availability change), else never
        change = np.asarray(self.change_day)
        switch = switch_day(change, first)
        after = np.where(change >= NEVER, rate, np.asarray(self.per_day_after, dtype=float))
        span = np.minimum(switch - first, 1e12)
        everyone = np.arange(len(rate))

        def day_of(rows, c, tol=1e-6):  # the business day by which a person's capacity reaches c hours
            return first[rows] + _days_with_change(c[:, None], rate[rows], after[rows], span[rows], tol)[:, 0]

        def between(lo, hi, r1, r2, rows):  # hours at r1 up to the switch, r2 after, within each interval
            return overlap_hours(np.maximum(lo[:, None], a), np.minimum(hi[:, None], b), switch[rows][:, None],
                            r1[rows][:, None], r2[rows][:, None])

        who, gap_lo, gap_hi, waited = self._waits(hours, first, rate, after, switch)
        done = np.minimum(day_of(everyone, hours + waited), last)
        pace = np.asarray(self.pace, dtype=float)
        scheduled = between(first, done, rate, after, everyone)
        if len(who):  # no work while a person waits for a project to start
            gap = day_of(who, gap_lo, 0.0), np.minimum(day_of(who, gap_hi, 0.0), done[who])
            np.add.at(scheduled, who, -between(*gap, rate, after, who))
        return scheduled, between(first, last, rate / pace, after / pace, everyone), done

    def _waits(self, hours, first, rate, after, switch):
        """Where each person waits for a project to start, in their plan at ``hours``: the
        queue profile scaled to those hours, each column held until its project's (or task's) start.
        Returns per wait the person and its start and end in hours of the person's capacity
        (from their start), and per person the hours waited in all."""
        prof = getattr(self, "queue_profile", None)
        none = (np.zeros(0, int), np.zeros(0), np.zeros(0), np.zeros(len(rate)))
        if prof is None or "release" not in prof or not (prof["release"] > 0).any():
            return none
        who, lo, hi = [], [], []
        idle_hours = np.zeros(len(rate))
        for p, mine in prof.groupby("person"):
            rel = mine["release"].to_numpy(float)
            total = mine["end"].iat[-1]
            if not (rel > 0).any() or not total > 0:
                continue
            s = mine["start"].to_numpy() * (hours[p] / total)
            hold = np.where(rel > 0, overlap_hours(first[p], rel, switch[p], rate[p], after[p]), 0.0)
            idle = waited(hold, s)
            grew = np.flatnonzero(np.diff(idle, prepend=0.0) > 0)
            prev = np.r_[0.0, idle][grew]
            who += [p] * len(grew)
            lo += list(s[grew] + prev)
            hi += list(s[grew] + idle[grew])
            idle_hours[p] = idle[-1]
        return np.asarray(who, int), np.asarray(lo, float), np.asarray(hi, float), idle_hours

    def plot(self, ax=None):
        """Fan of finish dates per project (P10-P90 bar, P50 tick) with the due date."""
        import matplotlib.pyplot as plt

        ax = ax or plt.subplots(figsize=(8, 0.3 * len(self.project_ids) + 1.5))[1]
        y = np.arange(len(self.project_ids))
        lo, p50, hi = (self.calendar.dates(self.origin, v)
                       for v in np.quantile(self.samples, (0.1, 0.5, 0.9), axis=0, method="inverted_cdf"))
        ax.barh(y, (hi - lo).days, left=lo, color="tab:blue", alpha=0.35, label="P10-P90")
        ax.plot(p50, y, "k|", markersize=12, label="P50")
        ax.plot(pd.DatetimeIndex(self._due), y, "rx", label="due")
        ax.set_yticks(y, [str(p) for p in self.project_ids])
        ax.invert_yaxis()
        ax.set_xlabel("finish date")
        ax.legend(loc="lower right", fontsize="small")
        return ax

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
        Capacity. ``"calibrated"`` (default) learns it from the history
        (:func:`calibrated_capacity`): the plan at each person's delivered pace, scaled
        trial by trial by the slip real projects showed against such plans at backdated
        cuts of the same history (:func:`estimate_finish_slip`; README: finish-date
        coverage); the plan's own dates, said in ``capacity_used`` and warned, when the
        history is too short. 1 takes ``hours_per_week x availability`` at its word
        ("stated capacity"); ``"auto"`` uses :func:`pmo_forecast.estimate_pace` as it is,
        without slip; a mapping gives a multiplier per person (others 1); a
        :class:`pmo_forecast.forecasting.pace.DeliveryRates` from :func:`calibrated_capacity` reuses
        a calibration learnt once.
    approvals : dict, optional
        A change of the PM pool (what a staffing scenario does): ``{"queue": PoolQueue,
        "reference": PoolQueue, "gates_per_month": float}``. Each project waits at a gate
        every ``1 / gates_per_month`` months of its schedule; the change of the wait from
        the ``reference`` pool (the one the history went through, already inside the
        delivered pace) to ``queue`` is added, with common random numbers per project.
        An optional ``"steps"``, pairs ``(date, PoolQueue)`` in date order, dates the change:
        the reference pool until the first date, each step's pool from its date on. An optional
        ``"reference_steps"``, pairs alike, are the pool's changes without the scenario's (the people
        table's own: a PM leaving on her end date): the change is measured against them on each date.
        ``None`` (default): the pool as it is, no change.
    away : pandas.DataFrame, optional
        People who leave a project's team from a date while staying in the table (a scenario's
        move): columns ``person``, ``project_id`` and ``away_from``. They take no share of its pooled
        work unless their part is done before that date, as for a leaver.

    Returns
    -------
    FinishDateForecast

    Notes
    -----
    A person with ``h`` hours a week at availability ``a`` does ``h a / d`` hours on each of
    the ``d`` working days of the week, from their start date to their end date. They work
    through their own open tasks in queue order (in progress first, then the ``priority`` or
    ``rank`` column when the table has one, else the project's due date and then the task's
    creation date; :func:`pmo_forecast.forecasting.plan.queue_order`), each project's pool share
    right after their last own task of that project (at the end of their queue when they
    have none). A project's pool is work with no assignee (or an assignee who has left or is not in the
    people table) and scope still to come, split across the project's team (people in the
    table who worked on the project and have not left) in proportion to capacity. A project
    whose ``start`` (``projects``) is after ``as_of`` is worked on from its start: its columns
    join each queue behind the work (at median hours) the person is expected to have started
    by then, and the person waits when nothing else is open; the slip applies from its start.
    An open task planned to start after ``as_of`` (a ``planned_start`` column, as MS Project's
    plan has, or an open task's ``started`` date after ``as_of``, as Asana's "Start Date") is held
    the same way until its planned start (``held_tasks``). A project finishes when its last piece
    of work does. Work that would run past its person's end date cannot finish (reported in ``note``; dates NaT).

    Examples
    --------
    >>> from pmo_forecast import load_sample, EstimationAccuracyModel, forecast_finish_dates
    >>> tasks, projects, people, _ = load_sample()
    >>> model = EstimationAccuracyModel(random_state=0).fit(tasks)  # doctest: +SKIP
    >>> fc = forecast_finish_dates(model, tasks, people, projects, random_state=0)  # doctest: +SKIP
    >>> fc.by_project()[["p50", "p80", "due", "prob_late"]]  # doctest: +SKIP
    """
    if people is None or not len(people):
        raise ValueError("forecast_finish_dates: the people table is empty, so nobody's capacity is known; "
                         "forecast the projects' finish dates from their throughput instead "
                         "(pmo_forecast.forecast_throughput), as the planning pack does.")
    quantiles = S.quantile_levels(quantiles)  # before any work, as the effort and throughput forecasts
    cal = WorkingCalendar.coerce(calendar)
    warn_as_of_gap(tasks, as_of)
    as_of = resolve_as_of(tasks, as_of)
    origin = cal.origin(as_of)
    rng, setup = setup_simulation(model, tasks, projects, n_trials, random_state, scope_growth,
                        project_correlation, person_correlation, n_levels)  # rng: RandomNumbers
    work = setup.work
    staff = staff_capacity(people, cal, origin)
    rates, unmeasured = None, False
    if isinstance(pace, str) and pace == "calibrated":
        pace = calibrated_capacity(model, tasks, people, projects, as_of=as_of, calendar=cal,
                                   scope_growth=scope_growth, random_state=LEARNING_SEED)
    if isinstance(pace, DeliveryRates):
        rates = pace
        pace = rates.pace.reindex(pd.Index(staff.names)).fillna(rates.pace.attrs.get("pool", 1.0)).to_numpy(float)
    else:
        pace, unmeasured = _pace(pace, tasks, people, as_of, cal, staff.names)
    staff.per_day, staff.per_day_after = staff.per_day * pace, staff.per_day_after * pace
    not_started = _not_started(projects, work, as_of)
    release = np.zeros(len(work.project_ids))
    if len(not_started):  # work starts the business day after the day before the start
        at = pd.Index(work.project_ids).get_indexer(not_started[S.PROJECT_ID])
        release[at] = np.maximum(0, cal.last_offset_by(origin, not_started[S.START] - pd.Timedelta(days=1)))
    held = planned_task_starts(work.tasks, as_of)
    task_release = np.where(held.notna(), np.maximum(0, cal.last_offset_by(origin, held - pd.Timedelta(days=1))), 0)
    plan = plan_queues(work, tasks, staff, setup.growth is not None, release, last_on_team(staff, work, away, cal, origin),
                       task_release)
    # a project's work begins with its first column's start: a project whose tasks are all planned to start
    # later slips from then, as one that starts later
    if (task_release > 0).any():
        first = np.full(len(work.project_ids), np.inf)
        np.minimum.at(first, plan.q_proj, plan.release)
        release = np.where(np.isinf(first), release, first)
    n_trials = int(n_trials)
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
        finish, per_person, hours, lead = _schedule(x, grow, plan, staff, n_proj, queued)
        grown += float(grow.sum()) if grow is not None else 0.0
        days[i:i + n], person_samples[i:i + n] = finish.T, per_person.T
        hours_samples[i:i + n], lead_samples[i:i + n], effort[i:i + n] = hours.T, lead.T, tot.T
        i += n
    slip = None if rates is None else rates.slip
    if slip is not None and not slip.fallback:  # the plan scaled by the slip learnt on past plans
        # a project that starts later slips from its start: the wait before it is no plan
        later = (release[None, :] > 0) & (days < NEVER)
        days = apply_slip(np.where(later, days - release[None, :], days), slip, rng.uniform("slip", work.project_ids))
        capped = (days == MAX_SLIP_DAYS).mean(axis=0)
        if capped.any():
            warnings.warn(f"finish dates: the slip learnt from the history ({slip.describe()}) stretches the plan of "
                          f"{', '.join(map(str, work.project_ids[capped > 0][:5]))}"
                          f"{', ...' if (capped > 0).sum() > 5 else ''} beyond fifty years of working days in some "
                          "trials; those trials are held at fifty years (their notes say so)", DataQualityWarning,
                          stacklevel=2)
        days = np.where(later, days + release[None, :], days)
        # the weekly plan runs each person at the pace their median slip implies, for a plan as long as
        # their work up to their first wait for a later project's start: the wait is no plan (the project
        # dates slip from its start), and a finish in 2035 read as a plan that long slipped far less and
        # compressed 2026. Work that cannot finish before the person leaves has no finish to slip (its
        # dates stay "never") and runs at the plan's pace up to their end, not at a pace read off "never".
        everyone = np.arange(len(staff.names))
        lead = np.quantile(_to_offsets(_days(lead_samples.T.copy(), everyone, replace(staff, last=np.full_like(
            staff.last, NEVER)))), 0.5, axis=1)
        stretch = np.where((lead > 0) & (lead > staff.last), 1.0, slip.quantile(0.5) * slip.scale(lead))
        person_samples = _to_offsets(apply_slip(person_samples, slip, rng.uniform("slip-person", staff.names)))
    if approvals is not None and approvals.get("gates_per_month", 0) > 0 and approvals.get("queue") is not None:
        e = rng.exponential("gates", work.project_ids, MAX_GATES)
        def on_days(steps):  # a change from a date: the reference pool until the day before
            if not steps:
                return []
            when = pd.DatetimeIndex([d for d, _ in steps]) - pd.Timedelta(days=1)
            return list(zip(np.maximum(0, cal.last_offset_by(origin, when)).tolist(), [q for _, q in steps], strict=True))

        days += gate_delay_days(approvals["queue"], approvals["reference"], e, days.T, approvals["gates_per_month"],
                                on_days(list(approvals.get("steps", ()))), release,
                                on_days(list(approvals.get("reference_steps", ())))).T
        np.maximum(days, 0.0, out=days)
    samples = _to_offsets(days)
    effort += work.spent - np.bincount(work.proj_code, weights=work.booked, minlength=n_proj)

    due = np.full(n_proj, np.datetime64("NaT"), dtype="datetime64[ns]")
    if projects is not None and S.DUE in projects:
        d = projects.drop_duplicates(S.PROJECT_ID).set_index(S.PROJECT_ID)[S.DUE]
        due = pd.to_datetime(d.reindex(work.project_ids)).to_numpy(dtype="datetime64[ns]")
    # projects with no open work finished on their last done task's date: a cancellation's date (Jira's
    # 'Resolved' on Won't Do) delivers nothing, and had dated an all-cancelled project "on time"
    idle = work.open_est == 0
    if idle.any() and S.FINISHED in tasks:
        delivered = tasks[S.FINISHED].where(tasks[S.STATUS] == S.DONE)
        last = delivered.groupby(tasks[S.PROJECT_ID]).max().reindex(work.project_ids[idle])
        samples[:, idle] = cal.last_offset_by(origin, last.to_numpy(dtype="datetime64[ns]"))
    person_hours = np.bincount(plan.q_person, weights=plan.est_share, minlength=len(staff.names))
    fc = FinishDateForecast(samples, person_samples, work.project_ids, staff.names, origin, cal, due,
                            work.remaining, quantiles, person_hours, setup.icc, setup.ginfo, pace, work.open_est)
    fc.effort_samples, fc.hours_samples = effort, hours_samples
    fc.as_of = as_of
    fc.per_day, fc.first_day, fc.last_day = staff.per_day, staff.first, staff.last
    fc.per_day_after, fc.change_day = staff.per_day_after, staff.change
    fc.capacity_used = "as given (pace)"
    fc.slip = slip
    if slip is not None and not slip.fallback:
        fc.slip_capped = capped
    if rates is not None:  # the capacity the schedule used, as a share of the stated one
        fc.capacity_used = rates.describe()
        if slip is not None and not slip.fallback:  # the weekly plan at the pace the slip implies
            fc.per_day, fc.pace = staff.per_day / stretch, pace / stretch
            fc.per_day_after = staff.per_day_after / stretch
    elif unmeasured:
        fc.capacity_used = NO_PACE_FALLBACK
    elif np.all(pace == 1):
        fc.capacity_used = "stated (hours_per_week x availability), pace 1"
    fc.spent, fc.queue_order = work.spent, work.order_how
    fc.queue_profile = _queue_profile(plan, queued / max(n_trials, 1), work.project_ids)
    fc.reassigned = plan.reassigned
    fc.not_started = not_started
    fc.held_tasks = _held_tasks(work, held)
    fc.expected_growth_hours = grown / max(n_trials, 1)
    return fc


def _not_started(projects, work, as_of) -> pd.DataFrame:
    """Projects with open work that start after ``as_of``: the plan holds their work until then."""
    out = pd.DataFrame({S.PROJECT_ID: work.project_ids, "open_estimate_hours": work.open_est})
    start = pd.Series(pd.NaT, index=out.index, dtype="datetime64[ns]")
    if projects is not None and S.START in projects:
        start = pd.to_datetime(out[S.PROJECT_ID].map(projects.drop_duplicates(S.PROJECT_ID)
                                                     .set_index(S.PROJECT_ID)[S.START]))
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
#: A slipped plan is not drawn beyond fifty years of business days (offsets stay representable); its
#: dates past the ten-year horizon are NaT anyway (``WorkingCalendar.dates``), never the cap as a date.
MAX_SLIP_DAYS = 50 * 261


def estimate_finish_slip(model, tasks: pd.DataFrame, people: pd.DataFrame, projects=None, as_of=None, *,
                         calendar=None, base: str = CALIBRATION_BASE, scope_growth="auto",
                         every_weeks: int = SLIP_EVERY_WEEKS, n_cuts: int = SLIP_CUTS,
                         n_trials: int = SLIP_TRIALS, min_cases: int = MIN_CASES,
                         random_state=0) -> FinishSlip:
    """How much longer (or shorter) than the engine's plan real projects took, from the history.

    The task table is rewound (:func:`pmo_forecast.forecasting.rewind.tasks_as_of`) to cut dates every
    ``every_weeks`` weeks before ``as_of`` (before the table's latest date when ``as_of`` is
    later: :func:`~pmo_forecast.core.calendar.infer_as_of`); at each the projects then running are planned
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
        cases, or none of them finished.
    """
    cal = WorkingCalendar.coerce(calendar)
    as_of = resolve_as_of(tasks, as_of)
    # a project open on the table's last date is known to run until then, not until an as_of years later
    # (the gap read as slip, 1,000 x at the median and dates at the cap), and a cut after it sees nothing
    # finish; so the cuts step back from it
    seen = last_seen(tasks, as_of)
    live = tasks[tasks[S.STATUS] != S.CANCELLED]
    open_now = live[S.STATUS].isin(S.UNFINISHED_STATUSES).groupby(live[S.PROJECT_ID]).any()
    last = live[S.FINISHED].groupby(live[S.PROJECT_ID]).max() if S.FINISHED in live else open_now * pd.NaT
    # a project closed (or cancelled) with tasks still open, idle for a cut's span, ended on its last
    # finish: the tasks are left over, not a delivery still running (censored at years, they taught a
    # slip of 140x). Idle, because the status is today's: in a table rewound to a past as_of, a project
    # closed since has work reopened that was running then, and recent dates. Idle by the table's last date:
    # the weeks after it hold nothing because the table ends (an as_of years on made every closed project idle)
    dates = live.reindex(columns=[S.CREATED, S.STARTED, S.FINISHED]).apply(pd.to_datetime).max(axis=1)
    idle = (dates.groupby(live[S.PROJECT_ID]).max() < seen - pd.Timedelta(weeks=int(every_weeks))).reindex(
        open_now.index, fill_value=False).to_numpy(bool)
    ended = open_now.index[open_now.to_numpy(bool) & idle & _ended(projects, open_now.index)]
    open_now[ended] = False
    first = known_since(live).min()
    pace = 1.0 if base == "stated" else "auto"
    rows = []
    for k in range(1, int(n_cuts) + 1):
        cut = seen - pd.Timedelta(weeks=k * int(every_weeks))
        if cut < first:
            break
        past = tasks_as_of(tasks, cut)
        with warnings.catch_warnings():  # a rewound table's gaps are the forecast's own to report
            warnings.simplefilter("ignore", SmallSampleWarning)
            warnings.simplefilter("ignore", DataQualityWarning)
            try:
                fc = forecast_finish_dates(model, past, people, projects, as_of=cut, n_trials=n_trials,
                                           random_state=random_state, calendar=cal, scope_growth=scope_growth,
                                           project_correlation=0.0, person_correlation=0.0, pace=pace)
            except ValueError:  # nothing open at this cut
                continue
        running = (fc._open > 0) & (np.quantile(fc.samples, 0.5, axis=0, method="inverted_cdf") < NEVER)
        # an ended project with nothing left to finish after the cut (a day is "now" to its end, as in
        # tasks_as_of) was not running then: its open tasks were left over
        after = cut + pd.Timedelta(days=1) if cut == cut.normalize() else cut
        running &= ~(np.isin(fc.project_ids, ended) & ~(last.reindex(fc.project_ids) >= after).to_numpy(bool))
        if not running.any():
            continue
        ids = fc.project_ids[running]
        planned = np.quantile(fc.samples[:, running], 0.5, axis=0, method="inverted_cdf")
        done = ~open_now.reindex(ids).fillna(True).to_numpy(bool)
        end = pd.to_datetime(last.reindex(ids)).to_numpy(dtype="datetime64[ns]")
        realised = cal.last_offset_by(fc.origin, np.where(done, end, np.datetime64(seen, "ns")))
        rows.append(pd.DataFrame({"cut": cut, S.PROJECT_ID: ids, "planned_days": planned,
                                  "days": realised, "finished": done}))
    cases = (pd.concat(rows, ignore_index=True) if rows else
             pd.DataFrame(columns=["cut", S.PROJECT_ID, "planned_days", "days", "finished"]))
    slip = fit_finish_slip(cases, min_cases=min_cases)
    if len(ended):
        slip.note = (f"{len(ended)} closed or cancelled project{'s' if len(ended) != 1 else ''} with open tasks "
                     f"({', '.join(map(str, ended[:5]))}{', ...' if len(ended) > 5 else ''}), idle for "
                     f"{int(every_weeks)} weeks, taken to end on their last finish: the open tasks are left over, "
                     "not work still running, yet they take their people's hours in the plans (today's too): "
                     "close them")
        warnings.warn(f"finish slip: {slip.note}", DataQualityWarning, stacklevel=2)
    return slip


def _ended(projects, ids) -> np.ndarray:
    """Whether each of ``ids`` is closed or cancelled in the projects table (False without a status)."""
    if projects is None or S.STATUS not in projects:
        return np.zeros(len(ids), dtype=bool)
    status = projects.drop_duplicates(S.PROJECT_ID).set_index(S.PROJECT_ID)[S.STATUS]
    return status.reindex(ids).isin(S.ENDED_PROJECT_STATUSES).to_numpy(bool)


def last_seen(tasks: pd.DataFrame, as_of: pd.Timestamp) -> pd.Timestamp:
    """The last day the table speaks for: ``as_of``, or the table's latest date when ``as_of`` is later
    (the history's measures, the slip and the calibrated capacity's delivered pace, are taken up to it)."""
    with warnings.catch_warnings():  # its far or planned dates are said where the data is checked
        warnings.simplefilter("ignore", DataQualityWarning)
        try:
            return min(as_of, infer_as_of(tasks))
        except ValueError:  # no dates at all: nothing to measure either
            return as_of


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
    cal = WorkingCalendar.coerce(calendar)
    as_of = resolve_as_of(tasks, as_of)
    slip = estimate_finish_slip(model, tasks, people, projects, as_of=as_of, calendar=cal, base=base,
                                scope_growth=scope_growth, random_state=random_state)
    with warnings.catch_warnings():  # its fallback is warned below, as the forecast's
        warnings.simplefilter("ignore", SmallSampleWarning)
        # the pace of the 13 weeks up to the table's last date: those after it hold no finished work because
        # the table ends, not because nobody worked (the slip was learnt on plans at such a pace)
        rates = estimate_delivery_rates(tasks, people, as_of=last_seen(tasks, as_of), weekmask=cal.weekmask,
                                        base=base, slip=slip, holidays=cal.holidays)
    for fallback in (rates.fallback, slip.fallback):
        if fallback:
            warnings.warn(f"finish dates: {fallback}", SmallSampleWarning, stacklevel=2)
    return rates


def apply_slip(days: np.ndarray, slip: FinishSlip, u: np.ndarray) -> np.ndarray:
    """Scale each column's plan (trials x items, business days) by the slip, trial by trial.

    The trial at rank ``r`` of ``n`` in its column (ties broken by ``u``, the items x
    trials uniforms of the common random numbers) finishes at the column's P50 times the
    slip's quantile ``(r + 0.5) / n`` for a plan of that length: trials keep their order (a trial with more work
    still finishes later), and the spread is the one learnt. Work that cannot finish
    (``NEVER`` or inf) stays so; nothing open (0) stays 0.
    """
    days = np.asarray(days, dtype=float)
    n = days.shape[0]
    if n == 0 or days.shape[1] == 0:
        return days.copy()
    capped = np.minimum(days, NEVER)
    order = np.argsort(capped + 1e-6 * np.asarray(u).T, axis=0)  # ties (whole days) broken by u
    p50 = np.quantile(capped, 0.5, axis=0, method="inverted_cdf")
    out = np.empty_like(capped)  # the trial at rank r gets P50 x slip quantile (r + 0.5) / n
    top = slip.quantile((np.arange(n) + 0.5) / n)[:, None] * (p50 * slip.scale(p50))[None, :]
    np.put_along_axis(out, order, np.minimum(top, MAX_SLIP_DAYS), axis=0)
    keep = (days >= NEVER) | (days <= 0) | (p50 >= NEVER)[None, :]
    return np.where(keep, days, out)


def _schedule(x, grow, plan: QueuePlan, staff: Staff, n_proj: int, queued: np.ndarray | None = None):
    """Finish per project (fractional business days) and per person (whole), each
    person's queued hours, and their hours before their first wait for a later project's
    start (all of them when they never wait, or wait from the start), for one chunk of trials.

    ``x`` holds the task draws, one row per open task and one column per trial; the
    results have one row per project (person) and one column per trial. ``queued``, when
    given, gets the chunk's running sums added (summed over its trials).
    """
    n = x.shape[1]
    pool = np.zeros((len(plan.pool_of), n))  # each pool's hours (a project's pooled work per planned start)
    if len(plan.pool_task):
        pg = plan.pool_group
        starts = np.flatnonzero(np.r_[True, pg[1:] != pg[:-1]])
        pool[pg[starts]] = np.add.reduceat(x[plan.pool_task], starts, axis=0)
    proj_pool = np.zeros((n_proj, n))  # and each project's, over its pools
    if len(plan.pool_of):
        starts = np.flatnonzero(np.r_[True, plan.pool_of[1:] != plan.pool_of[:-1]])
        proj_pool[plan.pool_of[starts]] = np.add.reduceat(pool, starts, axis=0)
    if grow is not None:
        proj_pool += grow
        grows = plan.growth_pool >= 0
        pool[plan.growth_pool[grows]] += grow[grows]
    # the queue: one gather of the own-task draws, then the few pool-share rows
    w = np.take(x, np.maximum(plan.q_task, 0), axis=0) if len(x) else np.zeros((len(plan.q_task), n))
    pool_rows = np.flatnonzero(plan.q_task < 0)
    if len(pool_rows):
        w[pool_rows] = pool[plan.q_pool[pool_rows]] * plan.q_share[pool_rows, None]
    _running_sum(w)
    if queued is not None:
        queued += w.sum(axis=1)
    # hours queued before each person's first row, to restart the running sum per person
    base = np.zeros((len(plan.seg_start), n))
    base[1:] = w[plan.seg_start[1:] - 1]
    wait, ahead = _waiting(w, base, plan)
    seg_of = np.searchsorted(plan.seg_start, plan.ends, side="right") - 1
    days = _days(w[plan.ends] - base[seg_of] + wait[plan.ends], plan.seg_person[seg_of], staff)
    if plan.ends_pool.any():  # a pool share with no work in a trial does not end the project
        idle = np.take(proj_pool <= 0, plan.ends_proj[plan.ends_pool], axis=0)
        days[plan.ends_pool] = np.where(idle, 0.0, days[plan.ends_pool])
    finish = np.zeros((n_proj, n))
    if len(plan.ends):  # max of fractional days per project, rounded up once after
        starts = np.flatnonzero(np.r_[True, plan.ends_proj[1:] != plan.ends_proj[:-1]])
        finish[plan.ends_proj[starts]] = np.maximum.reduceat(days, starts, axis=0)
    # pooled work in no one's queue (nobody in the people table is there to do it) never finishes: it had
    # finished on the forecast date, its hours dropped
    unstaffed = np.ones(n_proj, bool)
    unstaffed[plan.q_proj[pool_rows]] = False
    finish[unstaffed] = np.where(proj_pool[unstaffed] > 0, np.inf, finish[unstaffed])
    per_person = np.zeros((len(staff.names), n))
    hours = np.zeros((len(staff.names), n))
    lead = np.zeros((len(staff.names), n))
    if len(plan.seg_start):
        seg_end = np.r_[plan.seg_start[1:], len(w)] - 1
        hours[plan.seg_person] = w[seg_end] - base
        lead[plan.seg_person] = np.where(ahead > 0, ahead, hours[plan.seg_person])
        per_person[plan.seg_person] = _days(hours[plan.seg_person] + wait[seg_end], plan.seg_person, staff)
    return finish, _to_offsets(per_person), hours, lead


def _waiting(w: np.ndarray, base: np.ndarray, plan: QueuePlan) -> tuple[np.ndarray, np.ndarray]:
    """:func:`waited` before each column of the queues of one chunk of trials (running sums ``w``),
    for the people with a column held until its project starts (``plan.hold``); and per queue
    (rows as ``plan.seg_start``) the hours queued before its first wait (0 when it has none)."""
    ahead = np.zeros_like(base)
    if not plan.hold.any():
        return np.zeros((len(w), 1)), ahead
    idle = np.zeros_like(w)
    ends = np.r_[plan.seg_start[1:], len(w)]
    for k in np.unique(np.searchsorted(plan.seg_start, np.flatnonzero(plan.hold > 0), side="right") - 1):
        s, e = plan.seg_start[k], ends[k]
        hold = plan.hold[s:e]
        before = np.vstack([base[k][None, :], w[s:e - 1]]) - base[k]  # hours queued before each column
        idle[s:e] = waited(hold[:, None], before)
        # argmax finds the first column waited for; with none it is column 0, with 0 h before it
        ahead[k] = np.take_along_axis(before, np.argmax(idle[s:e] > 0, axis=0)[None, :], axis=0)[0]
    return idle, ahead


def _running_sum(w: np.ndarray) -> None:
    """Running sum down the rows of ``w`` (queue position x trial), in place.

    ``np.cumsum(axis=0)`` runs one serial chain per trial; adding each row to the one
    before it advances all the trials of a chunk in one vectorised step, three to four
    times faster once a chunk holds a few hundred trials (the loop is over queue
    positions, never over trials).
    """
    if w.shape[1] < 256:
        np.cumsum(w, axis=0, out=w)
        return
    for i in range(1, len(w)):
        np.add(w[i], w[i - 1], out=w[i])


def _to_offsets(days: np.ndarray) -> np.ndarray:
    """Whole business days from fractional ones (ceil is monotone: it commutes with max)."""
    np.ceil(days, out=days)
    return np.minimum(days, NEVER).astype(np.int64)


def _days_with_change(hours, rate, rate_after, span, tol: float = 1e-6) -> np.ndarray:
    """Working days (from the person's start) to do ``hours`` at ``rate`` for ``span`` days,
    then at ``rate_after`` (inf when the rate left is 0 and work is left); ``tol`` days less,
    so that float noise rounds down to a whole day."""
    span = np.maximum(span, 0).astype(float)[:, None]
    r1, r2 = rate[:, None], rate_after[:, None]
    h1 = r1 * span  # what the old rate does before the change
    with np.errstate(divide="ignore", invalid="ignore"):
        before = hours / r1
        # the same tolerance as _days: float noise past the change is not work left for after it
        d = np.where(before <= span + 1e-6, before, np.where(r2 > 0, span + (hours - h1) / r2, np.inf))
    return np.where(hours > 1e-9, np.maximum(d - tol, 0), 0.0)


def _days(hours, person, staff: Staff) -> np.ndarray:
    """Fractional business day (inf = never) by which ``hours`` of a person's queue are done.

    Works in place on ``hours``; 0 means nothing to do. Rounded up to whole days by
    :func:`_to_offsets`, after the maximum over a project's people.
    """
    rate = staff.per_day[person]
    idle = rate <= 0
    if idle.any():
        stuck = hours[idle] > 1e-9
    dated = staff.change[person] < NEVER
    if dated.any():
        queued = hours[dated].copy()
    hours *= np.where(idle, 0.0, 1.0 / np.where(idle, 1.0, rate))[:, None]
    hours -= 1e-6  # tolerance: float noise is not a day
    np.maximum(hours, 0, out=hours)
    if idle.any():
        hours[idle] = np.where(stuck, np.inf, 0.0)
    if dated.any():
        p = person[dated]
        hours[dated] = _days_with_change(queued, rate[dated], staff.per_day_after[p],
                                         staff.change[p] - staff.first[p])
    first = staff.first[person]
    if first.any():
        rows = first > 0
        hours[rows] += (hours[rows] > 0) * first[rows, None]
    last = staff.last[person]
    if (last < NEVER).any():
        rows = last < NEVER
        hours[rows] = np.where(hours[rows] > last[rows, None], np.inf, hours[rows])
    return hours
