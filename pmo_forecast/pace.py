"""Pace: the share of their stated capacity people actually deliver on tracked work.

``hours_per_week x availability`` is what the people table promises; meetings, support,
waiting for work that is not ready yet and untracked tasks mean less reaches the tracker.
A person's pace (a "focus factor") is the actual hours of the tasks they finished in a
recent window over the hours their stated capacity would have given in it, shrunk towards
the pool's pace when they have little evidence. :func:`pmo_forecast.forecast_finish_dates`
multiplies capacity by it with ``pace="auto"``.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import schema as S
from .calendar import WEEKMASK, infer_as_of, weekly_capacity
from .exceptions import SmallSampleWarning
from .overrun import _require

#: Bounds on a person's pace: a factor outside them is a data problem, not a pace.
PACE_BOUNDS = (0.05, 1.5)


def estimate_pace(tasks: pd.DataFrame, people: pd.DataFrame, as_of=None, window_days: int = 91,
                  prior_days: float = 20.0, weekmask: str = WEEKMASK) -> pd.Series:
    """Each person's delivered share of their stated capacity over a recent window.

    Parameters
    ----------
    tasks : pandas.DataFrame
        Canonical task table; finished tasks with ``actual_hours`` and ``finished`` count.
    people : pandas.DataFrame
        Canonical people table (``hours_per_week``, ``availability``, ``start``, ``end``).
    as_of : date-like, optional
        End of the window; default the latest date in the task table.
    window_days : int, default 91
        Length of the window in calendar days (13 weeks).
    prior_days : float, default 20
        Shrinkage towards the pool's pace, in working days of evidence: a person with
        ``d`` working days in the window gets weight ``d / (d + prior_days)`` on their own
        figure.

    Returns
    -------
    pandas.Series
        Pace per person (index ``person``), within ``PACE_BOUNDS``; ``attrs["pool"]`` is
        the pool's pace (total delivered over total capacity of the people who finished
        work in the window) and ``attrs["window"]`` its first and last days.
        People who finished nothing in the window (new, on leave, or not on tracked work)
        get the pool's pace. With no finished work at all, every pace is 1.
    """
    _require(tasks, [S.ASSIGNEE, S.ACTUAL, S.FINISHED, S.STATUS], "tasks")
    _require(people, [S.PERSON], "people")
    # whole days: the window is (as_of - window_days, as_of], as_of's own day included
    as_of = (infer_as_of(tasks) if as_of is None else pd.Timestamp(as_of)).normalize()
    start = as_of - pd.Timedelta(days=window_days)
    p = people.drop_duplicates(S.PERSON)
    names = p[S.PERSON].astype(str).to_numpy(object)
    per_day = weekly_capacity(p) / max(weekmask.count("1"), 1)
    # working days each person was employed in the window (start, as_of]
    first = start + pd.Timedelta(days=1)
    lo = pd.to_datetime(p[S.START]).fillna(first).clip(lower=first) if S.START in p else pd.Series(first, index=p.index)
    hi = pd.to_datetime(p[S.END]).fillna(as_of).clip(upper=as_of) if S.END in p else pd.Series(as_of, index=p.index)
    days = np.maximum(0, np.busday_count(lo.to_numpy().astype("datetime64[D]"),
                                         (hi.to_numpy().astype("datetime64[D]") + 1), weekmask=weekmask))
    in_window = (tasks[S.FINISHED] >= first) & (tasks[S.FINISHED] < as_of + pd.Timedelta(days=1))
    done = tasks[(tasks[S.STATUS] == S.DONE) & in_window & (tasks[S.ACTUAL] > 0)] if len(tasks) else tasks
    hours = done[S.ACTUAL].groupby(done[S.ASSIGNEE].astype(str)).sum().reindex(names).fillna(0.0).to_numpy()
    capacity = per_day * days
    active = (hours > 0) & (capacity > 0)
    out = pd.Series(1.0, index=pd.Index(names, name=S.PERSON), name="pace")
    if not active.any():
        warnings.warn("no finished work in the pace window: pace taken as 1 (stated capacity)",
                      SmallSampleWarning, stacklevel=2)
        pool = 1.0
    else:
        pool = float(hours[active].sum() / capacity[active].sum())
        prior = prior_days * per_day
        own = (hours + prior * pool) / np.maximum(capacity + prior, 1e-12)
        out[:] = np.clip(np.where(active, own, pool), *PACE_BOUNDS)
    out.attrs["pool"] = float(np.clip(pool, *PACE_BOUNDS))
    out.attrs["window"] = (first, as_of)
    return out


#: Delivered rates are multiplied by this before scheduling, and each person's rate varies
#: between trials by a mean-one log-normal factor with this log-sd: both chosen by the
#: backdated finish-date backtest (``benchmarks/bench_overrun_calibration.py``).
RATE_SCALE = 1.0
RATE_SPREAD = 0.3
#: A (person, project) with open work but no recent hours on it gets the person's spare
#: delivered capacity, and at least this share of their delivered capacity.
MIN_SHARE = 0.1


@dataclass
class DeliveryRates:
    """What each person recently delivered on each project: the calibrated capacity.

    Attributes
    ----------
    rates : pandas.Series
        Hours per working day, index ``(person, project_id)``.
    capacity : pandas.Series
        Stated capacity per working day in the window, per person (for scenarios that
        change availability: rates scale with it).
    pace : pandas.Series
        Each person's delivered share of stated capacity (:func:`estimate_pace`).
    scale, spread : float
        ``RATE_SCALE`` and ``RATE_SPREAD`` (or the values given).
    window : tuple of Timestamp
    """

    rates: pd.Series
    capacity: pd.Series
    pace: pd.Series
    scale: float = RATE_SCALE
    spread: float = RATE_SPREAD
    window: tuple = ()


def estimate_delivery_rates(tasks: pd.DataFrame, people: pd.DataFrame, as_of=None, window_days: int = 91,
                            weekmask: str = WEEKMASK, scale: float = RATE_SCALE,
                            spread: float = RATE_SPREAD) -> DeliveryRates:
    """Hours per working day each person put into each project over a recent window.

    A finished task's actual hours are spread evenly over the working days from its start
    to its finish; the part inside the window ``(as_of - window_days, as_of]`` counts.
    Each (person, project) rate is those hours over the working days the person was
    employed in the window. :func:`pmo_forecast.forecast_finish_dates` with
    ``pace="calibrated"`` lets every person work on each of their projects at that rate,
    in parallel, with a per-trial spread.
    """
    _require(tasks, [S.ASSIGNEE, S.ACTUAL, S.FINISHED, S.STATUS, S.PROJECT_ID], "tasks")
    as_of = (infer_as_of(tasks) if as_of is None else pd.Timestamp(as_of)).normalize()
    first = as_of - pd.Timedelta(days=window_days - 1)
    p = people.drop_duplicates(S.PERSON)
    names = p[S.PERSON].astype(str).to_numpy(object)
    per_day = weekly_capacity(p) / max(weekmask.count("1"), 1)
    lo = pd.to_datetime(p[S.START]).fillna(first).clip(lower=first) if S.START in p else pd.Series(first, index=p.index)
    hi = pd.to_datetime(p[S.END]).fillna(as_of).clip(upper=as_of) if S.END in p else pd.Series(as_of, index=p.index)
    days = np.maximum(0, np.busday_count(lo.to_numpy().astype("datetime64[D]"),
                                         hi.to_numpy().astype("datetime64[D]") + 1, weekmask=weekmask))
    t = tasks[(tasks[S.STATUS] == S.DONE) & (tasks[S.ACTUAL] > 0) & tasks[S.FINISHED].notna()
              & tasks[S.ASSIGNEE].notna()]
    f = t[S.FINISHED].dt.normalize()
    s = t[S.STARTED].dt.normalize().fillna(f).clip(upper=f) if S.STARTED in t else f
    t = t[(f >= first) & (s <= as_of)]
    f, s = f.loc[t.index], s.loc[t.index]
    fd, sd = f.to_numpy().astype("datetime64[D]"), s.to_numpy().astype("datetime64[D]")
    total = np.maximum(np.busday_count(sd, fd + 1, weekmask=weekmask), 1)
    a = np.maximum(sd, np.datetime64(first.date()))
    b = np.minimum(fd, np.datetime64(as_of.date()))
    inside = np.clip(np.busday_count(a, b + 1, weekmask=weekmask), 0, None)
    inside = np.where(total == 1, (fd >= np.datetime64(first.date())).astype(float), inside)
    hours = t[S.ACTUAL].to_numpy(float) * inside / total
    g = pd.Series(hours).groupby([t[S.ASSIGNEE].astype(str).to_numpy(object),
                                 t[S.PROJECT_ID].astype(str).to_numpy(object)]).sum()
    g = g[g > 0]
    emp = pd.Series(days.astype(float), index=names)
    denom = emp.reindex(g.index.get_level_values(0)).to_numpy()
    rates = pd.Series(np.where(denom > 0, g.to_numpy() / np.maximum(denom, 1), 0.0), index=g.index, name="rate")
    rates.index.names = [S.PERSON, S.PROJECT_ID]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SmallSampleWarning)
        pace = estimate_pace(tasks, people, as_of=as_of, window_days=window_days, weekmask=weekmask)
    if rates.empty:
        warnings.warn("no finished work in the delivery window: calibrated capacity falls back to the "
                      "pace (stated capacity when there is no history)", SmallSampleWarning, stacklevel=2)
    return DeliveryRates(rates, pd.Series(per_day, index=names), pace, float(scale), float(spread), (first, as_of))
