"""The learnt, bounded tail: a generalised Pareto tail above a high quantile, capped by the ratios seen."""

from __future__ import annotations

import numpy as np

from .features import SIZE_EDGES, SIZE_LABELS
from .quantiles import GRID

#: No draw's ratio actual/estimate exceeds this multiple of the largest ratio observed in the
#: task's size band (nor falls below the smallest divided by it); bands with fewer than
#: ``TAIL_MIN_BAND`` tasks use the whole history's extremes.
TAIL_CAP = 2.0
TAIL_MIN_BAND = 30
#: Share of each side's misses, the largest, to which the generalised Pareto tail is fitted.
TAIL_SHARE = 0.05


def gpd_tail(r, z):
    """Replace the top ``TAIL_SHARE`` of the quantile table ``z`` of ``r`` by a fitted generalised Pareto tail.

    The excesses of the largest ``TAIL_SHARE`` of ``r`` over the threshold are
    fitted by probability-weighted moments (Hosking & Wallis 1987: closed form,
    O(n), robust for the small samples of a tail). Levels above the threshold
    then follow the fitted tail, up to one in ten times the sample's size beyond
    its largest value (the grid's top level), so draws can exceed what was seen
    but only as far as the tail's shape supports. Fewer than 20 excesses, or a
    shape too heavy for the moments (xi >= 1): the empirical quantiles stay.
    Returns the new table and a dict describing the tail (empty when none).
    """
    n = len(r)
    k = int(TAIL_SHARE * n)
    if k < 20:
        return z, {}
    p_t = 1.0 - k / n
    u = float(np.quantile(r, p_t))
    y = np.sort(r[r > u] - u)
    if len(y) < 20:
        return z, {}
    m = len(y)
    a0 = float(np.mean(y))
    a1 = float(np.mean(y * (1.0 - (np.arange(1, m + 1) - 0.35) / m)))
    if a0 <= 2 * a1 or a0 <= 0:
        return z, {}
    kappa = a0 / (a0 - 2 * a1) - 2.0  # Hosking's k = -xi
    sigma = 2 * a0 * a1 / (a0 - 2 * a1)
    if kappa <= -1.0:  # PWM needs xi < 1; beyond that the empirical quantiles stay
        return z, {}
    above = GRID > p_t
    f = np.minimum((GRID[above] - p_t) / (1 - p_t), 1.0 - 0.1 / m)
    tail = u + (sigma * -np.log1p(-f) if abs(kappa) < 1e-6 else sigma / kappa * (1 - (1 - f) ** kappa))
    out = z.copy()
    out[above] = np.maximum(tail, u)
    return out, {"threshold_level": p_t, "threshold": u, "shape": -kappa, "scale": sigma, "n_excess": m}


def ratio_bounds(est, act):
    """Per size band, log of the smallest and largest ratio a draw may take (``TAIL_CAP`` beyond the observed).

    Returns the bands' centres (mean log estimate, ascending) and the two limits
    there, over the bands with tasks; bands with fewer than ``TAIL_MIN_BAND``
    tasks take the whole history's extremes. Between the centres the limits are
    read linearly in log(estimate) (no jump at a band's edge), and in hours
    neither limit falls as the estimate grows; no limit lies beyond ``TAIL_CAP``
    times the history's extremes.
    """
    x = np.log(est)
    lr = np.log(act / est)
    band = np.searchsorted(np.asarray(SIZE_EDGES[1:-1]), est, side="left")
    at, lo, hi = [], [], []
    for b in range(len(SIZE_LABELS)):
        sel = band == b
        n = int(np.count_nonzero(sel))
        if n:
            at.append(float(np.mean(x[sel])))
            lo.append(lr[sel].min() if n >= TAIL_MIN_BAND else lr.min())
            hi.append(lr[sel].max() if n >= TAIL_MIN_BAND else lr.max())
    at, cap = np.array(at), np.log(TAIL_CAP)
    # in hours (log ratio + log estimate) neither limit may fall as the estimate grows: a band's
    # extremes are a handful of tasks, and a 2-hour task must not be allowed less than a 1-hour one
    hi = np.maximum.accumulate(np.array(hi) + at) - at
    lo = np.minimum.accumulate((np.array(lo) + at)[::-1])[::-1] - at
    return at, lo - cap, hi + cap
