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

from .scoring import TIE_RTOL

#: Units time is booked in, hours: a minute, five and six minutes, a quarter hour, a pomodoro, half an hour, an
#: hour, and half days and days of 7, 7.5 or 8 hours (teams that book whole days: with an hour as their unit
#: the quantiles fell between the days and missed the heaps on them, calibration error 0.012-0.035).
BOOKING_UNITS = (1 / 60, 5 / 60, 0.1, 0.25, 25 / 60, 0.5, 1.0, 3.5, 3.75, 4.0, 7.0, 7.5, 8.0)
#: Share of the actuals that must be whole multiples of a unit for it to be taken as the booking unit.
BOOKING_SHARE = 0.95
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
