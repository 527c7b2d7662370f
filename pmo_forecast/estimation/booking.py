"""Booking units: actuals logged in whole quarter hours, pomodoros or minutes are discrete, and so are their quantiles.

A tracker where time is booked in quarter hours never records 1.1 hours: the
actual is 1.0 or 1.25. The quantile of such an actual is one of those values,
and a forecast between them (the accuracy model's continuous quantile) misses
the whole heap of actuals booked on the value it passes: with 20% of the
actuals on 1.0 hour, a P10 of 1.05 says "10% below" where 20% are below. The
accuracy model therefore learns the unit from the actuals and rounds its
predictive distribution to it, as the booking does (``booked``), and its
``cdf`` counts each booked value's whole cell (``booked_edge``).
"""

from __future__ import annotations

import numbers

import numpy as np
import pandas as pd

from ..core.labels import counted
from ..core.results import format_number
from ..core.shown import shown_number
from .scoring import TIE_RTOL, calibration_error, calibration_interval

#: Units time is booked in, hours: a minute, five and six minutes, a quarter hour, a pomodoro, half an hour, an
#: hour, and half days and days of 7, 7.5 or 8 hours (teams that book whole days: with an hour as their unit
#: the quantiles fell between the days and missed the heaps on them, calibration error 0.012-0.035).
BOOKING_UNITS = (1 / 60, 5 / 60, 0.1, 0.25, 25 / 60, 0.5, 1.0, 3.5, 3.75, 4.0, 7.0, 7.5, 8.0)
#: Share of the actuals that must be whole multiples of a unit for it to be taken as the booking unit.
BOOKING_SHARE = 0.95
#: A larger unit that only this share of the actuals are whole multiples of (most of them, not all) is a
#: candidate too, chosen on the model's rolling-origin folds (:func:`choose_unit`).
PARTIAL_SHARE = 0.5
#: Why no later fold checked the larger units, unless the caller knows better (:func:`choose_unit`).
UNCHECKED = "too few tasks for two folds of 50, or calibration_share=0"
UNIT_COLUMNS = ["share_on_unit", "coverage_loss", "pinball", "chosen", "reason"]
_RTOL = 1e-6  # relative tolerance of "a whole multiple": hours stored as decimals of a unit


def _whole(hours, unit) -> np.ndarray:
    k = np.asarray(hours, dtype=float) / unit
    return np.abs(k - np.round(k)) <= _RTOL * np.maximum(1.0, np.abs(k))


def booking_unit(actual) -> float | None:
    """The largest of ``BOOKING_UNITS`` that at least ``BOOKING_SHARE`` of the actuals are whole multiples of.

    Parameters
    ----------
    actual : array-like
        Actual hours of finished tasks (non-positive and missing values are ignored).

    Returns
    -------
    float or None
        The unit in hours, or None when no unit holds (actuals recorded freely).

    Examples
    --------
    >>> booking_unit([0.25, 0.5, 1.75, 3.0])
    0.25
    >>> booking_unit([0.33, 1.07, 2.0]) is None  # not whole minutes either
    True
    """
    a = np.asarray(actual, dtype=float)
    a = a[np.isfinite(a) & (a > 0)]
    if len(a) == 0:
        return None
    held = [u for u in BOOKING_UNITS if _whole(a, u).mean() >= BOOKING_SHARE]
    return max(held) if held else None


def resolve_unit(unit, actual) -> float | None:
    """The booking unit an estimator uses: learnt from ``actual`` for ``"auto"``, else ``unit`` as given.

    Raises ``ValueError`` for anything but a positive number of hours, None or ``"auto"``.
    """
    if isinstance(unit, str) and unit == "auto":
        return booking_unit(actual)
    if unit is None or (isinstance(unit, numbers.Real) and not isinstance(unit, bool) and unit > 0):
        return unit
    raise ValueError(f"booking_unit must be a positive number of hours, None or 'auto', got {unit!r}.")


def on_unit(hours, unit) -> np.ndarray:
    """Whether each value is a whole (positive) number of ``unit``: the tasks whose estimate the booking can hit.

    With no unit (``None``: actuals taken as continuous) no value is.
    """
    h = np.asarray(hours, dtype=float)
    if unit is None:
        return np.zeros(h.shape, dtype=bool)
    return np.isfinite(h) & (h > 0) & _whole(np.nan_to_num(h, nan=0.0), unit)


def booked(hours, unit, low=0.0, high=np.inf) -> np.ndarray:
    """``hours`` as they would be booked: the nearest whole unit, and at least one (work is never booked as 0).

    ``low`` and ``high`` (broadcast against ``hours``) bound the result: a value
    whose nearest unit lies outside them takes the whole unit on the inside, and
    one with no whole unit inside them (a bound tighter than a unit) stays as it is.
    """
    h = np.asarray(hours, dtype=float)
    with np.errstate(invalid="ignore"):
        b = np.where(h > 0, np.maximum(1.0, np.round(h / unit)) * unit, h)
        b = np.where(b > high, np.floor(h / unit) * unit, np.where(b < low, np.ceil(h / unit) * unit, b))
        return np.where((b <= high) & (b >= low) & (b > 0), b, h)


def booked_edge(hours, unit, strict: bool = False) -> np.ndarray:
    """Continuous hours ``x`` with ``P(X <= x) = P(booked(X) <= hours)`` (``<`` for both if ``strict``).

    A booked value of ``n`` units collects everything within half a unit of it
    (one unit: everything below 1.5 units), so ``booked(X) <= hours`` means
    ``X`` below the upper edge of the last whole unit at (or, if strict, below)
    ``hours``; under one unit there is none, and the edge is 0.
    """
    h = np.asarray(hours, dtype=float)
    k = h / unit
    tol = TIE_RTOL * np.maximum(1.0, np.abs(np.nan_to_num(k)))  # a tie is a tie, as in the scores
    n = np.ceil(k - tol) - 1 if strict else np.floor(k + tol)
    return np.where(n >= 1, (n + 0.5) * unit, np.where(np.isfinite(h), 0.0, np.nan))


def unit_candidates(actual, unit) -> list:
    """``unit`` (the one :func:`resolve_unit` gave, or None) and each larger of ``BOOKING_UNITS`` that at
    least ``PARTIAL_SHARE`` of the actuals are whole multiples of: the booking units worth checking."""
    a = np.asarray(actual, dtype=float)
    a = a[np.isfinite(a) & (a > 0)]
    larger = [u for u in BOOKING_UNITS if (unit is None or u > unit) and len(a)
              and _whole(a, u).mean() >= PARTIAL_SHARE]
    return [unit, *larger]


def choose_unit(candidates, folds, levels, actual, given: bool = False,
                unchecked: str = UNCHECKED) -> tuple[float | None, pd.DataFrame]:
    """The booking unit whose rounded quantiles held best on the later rolling-origin folds.

    When most actuals but not all are booked in a unit (SiP: 85% on quarter hours,
    the rest in hundredths), the continuous quantile between two heaps misses the
    actuals on the one it passes, while rounding it to the unit moves the
    off-grid rest by at most half a unit. Which wins is an empirical question,
    answered forward in time: each candidate's quantiles (the fold model's, with
    the recalibration built from the earlier folds) are booked to it and scored
    on each later fold by their mean squared coverage error at ``levels`` (the
    distance from each level to [share below, share at or below]) and their mean
    log pinball. A candidate replaces the first one (the unit at least
    ``BOOKING_SHARE`` of the actuals are multiples of, or None) when its coverage
    loss is lower and its pinball no higher; the lowest coverage loss among those wins.

    Parameters
    ----------
    candidates : list
        Units in hours (None: continuous); the first is the default (:func:`unit_candidates`).
    folds : list of tuple
        Per later fold ``(quantiles, estimate, low, high, actual)``: the continuous
        quantiles (levels x tasks), the tasks' estimates, the bounds of their
        forecasts (hours) and their actual hours. None or empty: the first
        candidate, unchecked.
    levels : ndarray
        The levels the quantiles are at.
    actual : array-like
        The training actuals, for each candidate's share of whole multiples.
    given : bool
        The first candidate was set by the user (``booking_unit``), not learnt.
    unchecked : str
        Why no later fold checked the larger units, said in the reason when ``folds`` is empty.

    Returns
    -------
    (unit, table)
        The unit chosen and one row per candidate scored (:data:`UNIT_COLUMNS`).
    """
    a = np.asarray(actual, dtype=float)
    a = a[np.isfinite(a) & (a > 0)]
    lv = np.asarray(levels, dtype=float)[:, None]
    rows = []
    for unit in candidates if folds else candidates[:1]:
        cover, pin = [], []
        for q, est, low, high, act in folds or ():
            if unit is not None:
                q = np.where(on_unit(est, unit)[None, :], booked(q, unit, low=low, high=high), q)
            cover.append(np.mean([calibration_error(v, calibration_interval(act, row)) ** 2
                                  for v, row in zip(lv[:, 0], q, strict=True)]))
            d = np.log(act)[None, :] - np.log(q)
            pin.append(float(np.nanmean(np.maximum(lv * d, (lv - 1) * d))))
        rows.append({"unit": unit, "share_on_unit": float(_whole(a, unit).mean()) if unit and len(a) else np.nan,
                     "coverage_loss": float(np.mean(cover)) if cover else np.nan,
                     "pinball": float(np.mean(pin)) if pin else np.nan})
    tab = pd.DataFrame(rows)
    first = tab.iloc[0]
    ok = (tab["coverage_loss"] < first["coverage_loss"]) & (tab["pinball"] <= first["pinball"])
    win = int(tab.loc[ok, "coverage_loss"].idxmin()) if ok.any() else 0
    tab["chosen"] = tab.index == win
    said = "continuous" if candidates[0] is None else f"whole units of {_hours(candidates[0])} h"
    if given:
        reason = f"set by booking_unit: quantiles {said}"
    elif candidates[0] is None:
        reason = f"no unit books {BOOKING_SHARE:.0%} of the actuals: quantiles {said}"
    else:
        reason = f"{shown_number(first['share_on_unit'], 'pct')} of the actuals are whole multiples of it: quantiles {said}"
    if len(candidates) > 1 and not folds:
        reason += (f"; a larger unit books most of them ({', '.join(_hours(u) for u in candidates[1:])} h), "
                   f"but no later rolling-origin fold checked it ({unchecked})")
    elif len(tab) > 1 and win == 0:
        reason += (f"; no larger unit booking most of them held better on {counted(len(folds), 'later fold')} "
                   "(lower coverage error at no higher pinball)")
    elif win:
        w = tab.loc[win]
        # no cell holds the coverage errors (three significant figures, as recalibration's reason says them); the
        # pinball losses as the Accuracy sheet's cells show them; halves away from zero (".2g" read 0.0625 as 0.062)
        reason = (f"{shown_number(w['share_on_unit'], 'pct')} of the actuals are whole multiples of {_hours(candidates[win])} h; on "
                  f"{counted(len(folds), 'later fold')}, quantiles rounded to it held better (mean squared "
                  f"coverage error {format_number(w['coverage_loss'])} against {format_number(first['coverage_loss'])} "
                  f"{said}) at no higher log pinball ({shown_number(w['pinball'], 'num4')} against "
                  f"{shown_number(first['pinball'], 'num4')})")
    tab["reason"] = np.where(tab["chosen"], reason, "")
    # a table column turns None into NaN: the units are read from the list
    units = [None if u is None else float(u) for u in candidates[:len(tab)]]
    return units[win], tab.set_axis(pd.Index(units, name="unit", dtype=object))[UNIT_COLUMNS]


def _hours(unit) -> str:
    """A unit as hours at the precision it needs (a pomodoro 0.4167, a quarter hour 0.25)."""
    return f"{float(unit):.4g}"
