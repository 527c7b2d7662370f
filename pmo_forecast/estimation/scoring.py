"""Scoring rules for quantile forecasts of actual hours: calibration and log pinball loss."""

from __future__ import annotations

import numpy as np

#: An actual within this relative distance of its forecast counts as equal to it. A quantile that
#: lands on a heaped value (a booking unit, a ratio seen before) comes back from the logarithms it
#: is computed through a unit in the last place off that value (1.9999999999999996 for 2 hours),
#: and the exact comparison then counted every actual on the heap on one side only.
TIE_RTOL = 1e-9


def calibration_interval(actual, forecast) -> tuple[float, float]:
    """[share of actuals < forecast, share of actuals <= forecast] over the rows with both.

    Ties are within a relative ``TIE_RTOL`` (a microsecond on a day's work).
    """
    a, f = np.asarray(actual, float), np.asarray(forecast, float)
    ok = np.isfinite(a) & np.isfinite(f)
    a, f = a[ok], f[ok]
    tie = np.abs(a - f) <= TIE_RTOL * np.abs(f)
    return float(np.mean((a < f) & ~tie)), float(np.mean((a <= f) | tie))


def calibration_error(q: float, interval: tuple[float, float]) -> float:
    """Distance from ``q`` to the calibration interval (0 when ``q`` lies inside it)."""
    lo, hi = interval
    return float(max(lo - q, q - hi, 0.0))


def log_pinball(actual, forecast, q: float) -> float:
    """Mean pinball loss of log(actual) against log(forecast) at level ``q``."""
    d = np.log(np.asarray(actual, float)) - np.log(np.asarray(forecast, float))
    d = d[np.isfinite(d)]
    return float(np.mean(np.maximum(q * d, (q - 1) * d)))
