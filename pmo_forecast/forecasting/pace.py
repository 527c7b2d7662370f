"""Pace: the share of their stated capacity people actually deliver on tracked work.

``hours_per_week x availability`` (on each day, the availability then in effect) is what the people
table promises; meetings, support, waiting for work that is not ready yet and untracked tasks mean
less reaches the tracker.
A person's pace (a "focus factor") is the actual hours of the tasks they finished in a
recent window over the hours their stated capacity would have given in it, shrunk towards
the pool's pace when they have little evidence. :func:`pmo_forecast.forecast_finish_dates`
multiplies capacity by it with ``pace="auto"``; the default calibrated finish dates
(:class:`DeliveryRates`) plan at a base capacity and scale the plan by the slip learnt
from the history (:mod:`pmo_forecast.forecasting.slip`).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.as_of import resolve_as_of
from ..core.calendar import WEEKMASK, WorkingCalendar, working_weekmask
from ..core.capacity import availability_on, weekly_capacity
from ..core.checks import require_columns
from ..core.exceptions import SmallSampleWarning, issue_again, warn
from ..core.keys import assignees_as_people
from ..core.results import fixed, round_half_away
from .slip import FinishSlip

#: Bounds on a person's pace: a factor outside them is a data problem, not a pace.
PACE_BOUNDS = (0.05, 1.5)


#: What :func:`estimate_pace` warns when no finished work in its window measures anyone's pace.
NO_PACE_MEASURED = "no finished work in the pace window: pace taken as 1 (stated capacity)"


def estimate_pace(tasks: pd.DataFrame, people: pd.DataFrame, as_of=None, window_days: int = 91,
                  prior_days: float = 20.0, weekmask: str = WEEKMASK, holidays=None) -> pd.Series:
    """Each person's delivered share of their stated capacity over a recent window.

    Parameters
    ----------
    tasks : pandas.DataFrame
        Canonical task table; finished tasks with ``actual_hours`` and ``finished`` count.
    people : pandas.DataFrame
        Canonical people table (``hours_per_week``, ``availability``, ``start``, ``end``; the dated
        changes of availability, ``availability_change`` and ``availability_after`` and a scenario's
        further ones, hold from their dates as in the plan:
        :func:`~pmo_forecast.core.capacity.availability_on`).
    as_of : date-like, optional
        End of the window; default the latest date in the task table.
    window_days : int, default 91
        Length of the window in calendar days (13 weeks).
    prior_days : float, default 20
        Shrinkage towards the pool's pace, in working days of evidence: a person with
        ``d`` working days in the window gets weight ``d / (d + prior_days)`` on their own
        figure.
    weekmask : str, default ``"1111100"``
        Working days of the week (Monday first).
    holidays : list of dates, optional
        Non-working days: the window's capacity leaves them out, as the plan's does (a
        holiday counted as capacity would read as a slower pace).

    Returns
    -------
    pandas.Series
        Pace per person (index ``person``), within ``PACE_BOUNDS``; ``attrs["pool"]`` is
        the pool's pace (total delivered over total capacity of the people who finished
        work in the window), ``attrs["window"]`` its first and last days and ``attrs["measured"]``
        whether any finished work measured it (False: every pace is 1, warned).
        People who finished nothing in the window (new, on leave, or not on tracked work)
        get the pool's pace. With no finished work at all, every pace is 1.
    """
    require_columns(tasks, [S.ASSIGNEE, S.ACTUAL, S.FINISHED, S.STATUS], "tasks")
    require_columns(people, [S.PERSON], "people")
    tasks = assignees_as_people(tasks, people)  # 'ann lee''s hours are Ann Lee's delivered pace
    # whole days: the window is (as_of - window_days, as_of], as_of's own day included
    as_of = resolve_as_of(tasks, as_of)
    start = as_of - pd.Timedelta(days=window_days)
    p = people.drop_duplicates(S.PERSON)
    names = p[S.PERSON].astype(str).to_numpy(object)
    # day names ("Mon Tue Wed Thu Fri") counted no "1": a week of one day, a pace five times too low
    weekmask = working_weekmask(weekmask)
    # the window's working days (start, as_of], each at the availability in effect on it (the dated changes
    # the plan steps its capacity by: a person at 50% from mid-window counted at 100% read as half as fast)
    first = start + pd.Timedelta(days=1)
    days = np.arange(first.to_datetime64().astype("datetime64[D]"), as_of.to_datetime64().astype("datetime64[D]") + 1)
    days = days[np.is_busday(days, weekmask=weekmask, holidays=WorkingCalendar.coerce(holidays).np_holidays)]
    full_day = weekly_capacity(p.assign(**{S.AVAILABILITY: 1.0})) / weekmask.count("1")
    # employed from start to end, both days included
    lo = pd.to_datetime(p[S.START]).fillna(first) if S.START in p else pd.Series(first, index=p.index)
    hi = pd.to_datetime(p[S.END]).fillna(as_of) if S.END in p else pd.Series(as_of, index=p.index)
    employed = ((days[:, None] >= lo.to_numpy().astype("datetime64[D]")[None, :])
                & (days[:, None] <= hi.to_numpy().astype("datetime64[D]")[None, :]))
    capacity = (availability_on(p, days) * full_day[None, :] * employed).sum(axis=0)
    # the shrinkage's prior_days at the person's mean capacity a working day in the window: weight
    # d / (d + prior_days) on their own figure, as documented (nobody employed in it is measured)
    per_day = capacity / np.maximum(employed.sum(axis=0), 1)
    in_window = (tasks[S.FINISHED] >= first) & (tasks[S.FINISHED] < as_of + pd.Timedelta(days=1))
    done = tasks[(tasks[S.STATUS] == S.DONE) & in_window & (tasks[S.ACTUAL] > 0)] if len(tasks) else tasks
    hours = done[S.ACTUAL].groupby(done[S.ASSIGNEE].astype(str)).sum().reindex(names).fillna(0.0).to_numpy()
    active = (hours > 0) & (capacity > 0)
    out = pd.Series(1.0, index=pd.Index(names, name=S.PERSON), name="pace")
    if not active.any():
        warn(NO_PACE_MEASURED, SmallSampleWarning)
        pool = 1.0
    else:
        pool = float(hours[active].sum() / capacity[active].sum())
        prior = prior_days * per_day
        own = (hours + prior * pool) / np.maximum(capacity + prior, 1e-12)
        out[:] = np.clip(np.where(active, own, pool), *PACE_BOUNDS)
    out.attrs["pool"] = float(np.clip(pool, *PACE_BOUNDS))
    out.attrs["window"] = (first, as_of)
    out.attrs["measured"] = bool(active.any())  # False: no finished work in the window, every pace 1
    return out


def pace_range(pace: pd.Series) -> pd.Series:
    """The pool's pace and the slowest and fastest person's, to two decimals (halves away from zero).

    Parameters
    ----------
    pace : Series
        :func:`estimate_pace`'s paces (its ``attrs["pool"]`` the pool's).

    Returns
    -------
    Series
        ``pool pace``, ``lowest`` and ``highest``.
    """
    return pd.Series(round_half_away(np.array([pace.attrs["pool"], pace.min(), pace.max()], dtype=float), 2),
                     index=["pool pace", "lowest", "highest"])


#: The capacity planned with when no finished work measures the delivered pace (calibrated or ``pace="auto"``).
NO_PACE_FALLBACK = ("stated capacity (pace 1: no finished work in the 13 weeks before the forecast date "
                    "to measure the delivered pace on)")

#: Capacity the calibrated finish dates plan with before the learnt slip: ``"stated"``
#: (``hours_per_week x availability``) or ``"delivered"`` (times :func:`estimate_pace`).
#: Chosen by the backdated backtest (docs/forecasts.md: finish-date coverage), not by argument.
CALIBRATION_BASE = "delivered"


@dataclass
class DeliveryRates:
    """Calibrated capacity: a base plan, and how far real finishes slipped from such plans.

    Attributes
    ----------
    pace : pandas.Series
        The multiplier on each person's stated capacity the base plan uses (1 for
        ``base="stated"``; :func:`estimate_pace` for ``"delivered"``); ``attrs["pool"]``
        for people it has not seen (hires).
    slip : FinishSlip or None
        Realised over planned days to finish, learnt from backdated cuts of the history
        (:func:`pmo_forecast.forecasting.finish.estimate_finish_slip`); None: not learnt yet.
    base : str
        ``"stated"`` or ``"delivered"``.
    fallback : str
        Empty, or why the plan's own dates are used (too little history to learn a slip).
    """

    pace: pd.Series
    slip: FinishSlip | None = None
    base: str = CALIBRATION_BASE
    fallback: str = ""

    def describe(self) -> str:
        """The capacity the plan uses (the fallback to the stated one said, with why) and the slip."""
        cap = ("stated capacity (hours_per_week x availability)" if self.base == "stated" else
               self.fallback or f"delivered pace (team {fixed(self.pace.attrs.get('pool', 1.0), 2)} of stated capacity)")
        if self.slip is None:
            return f"calibrated: {cap}, no slip learnt"
        if self.slip.fallback:
            return f"{cap}; {self.slip.fallback}"
        return f"calibrated: {cap} x the finish-date {self.slip.describe()}"


def estimate_delivery_rates(tasks: pd.DataFrame, people: pd.DataFrame, as_of=None, window_days: int = 91,
                            weekmask: str = WEEKMASK, base: str = CALIBRATION_BASE,
                            slip: FinishSlip | None = None, holidays=None) -> DeliveryRates:
    """The base capacity of the calibrated finish dates, with the ``slip`` learnt on it.

    ``base="stated"`` plans at ``hours_per_week x availability`` (pace 1 for everyone);
    ``"delivered"`` at each person's pace (:func:`estimate_pace`), or the stated capacity
    when there is no finished work in the window (``fallback`` says so).
    :func:`pmo_forecast.forecasting.finish.estimate_finish_slip` learns the slip.
    """
    if base not in ("stated", "delivered"):
        raise ValueError(f"base must be 'stated' or 'delivered', not {base!r}")
    names = pd.Index(people.drop_duplicates(S.PERSON)[S.PERSON].astype(str), name=S.PERSON)
    if base == "stated":
        pace = pd.Series(1.0, index=names, name="pace")
        pace.attrs["pool"] = 1.0
        return DeliveryRates(pace, slip, base)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", SmallSampleWarning)
        pace = estimate_pace(tasks, people, as_of=as_of, window_days=window_days, weekmask=weekmask,
                             holidays=holidays)
    # only the small sample is said again, as the fallback; any other warning is the caller's, as it was said
    issue_again([w for w in caught if not issubclass(w.category, SmallSampleWarning)])
    if any(issubclass(w.category, SmallSampleWarning) for w in caught):
        warn(NO_PACE_FALLBACK, SmallSampleWarning)
        return DeliveryRates(pace, slip, base, NO_PACE_FALLBACK)
    return DeliveryRates(pace, slip, base)
