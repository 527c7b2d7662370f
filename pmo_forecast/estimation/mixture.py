"""The accuracy model's three-part mixture: its parts fitted on a training slice, and its raw distribution.

For a task with estimate ``e`` the actual is ``e`` exactly (booked to the estimate),
an overrun or an under-run, each side's miss ``log|log(actual / e)|`` a pooled location
plus a size-dependent spread times an empirical ``Z`` (:func:`fit_side`). :func:`fit_parts`
learns the parts from a slice of finished tasks (:func:`fit_design`: what does not depend on
the recency half-life, computed once per slice); :func:`components` gives each task's
mixture, and :func:`raw_ppf`, :func:`raw_cdf` and :func:`raw_pit` its raw (uncalibrated)
quantiles, probabilities and PITs. The calibrated model built on them, with its
recalibration and stacks, is :class:`~pmo_forecast.estimation.accuracy.EstimationAccuracyModel`
(whose docstring's Notes give the maths).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.checks import require_not_negative
from ..core.exceptions import SchemaError
from ..core.schema import EXACT_RTOL
from .features import (
    ESTIMATE_VALUE,
    SIZE_BAND,
    SIZE_EDGES,
    SIZE_LABELS,
    factor_values,
    require_frame,
    require_hours,
)
from .pooling import eb_shrink, fit_linear, hats, predict_linear, spread_to
from .quantiles import GRID, on_grid, quantiles_sorted
from .tail import gpd_tail, ratio_bounds

#: A side of the miss (over- or under-runs) needs this many tasks for its spread to depend on the size.
SCALE_MIN_TASKS = 200


def fit_side(g, x, codes, sizes, w, band, along=None) -> dict:
    """One side of the miss: pooled location and size-dependent spread of g = log|log(actual/estimate)|.

    ``g = mu + s * z``: ``mu`` pooled over the factors (:func:`fit_linear`); ``log s``
    the size bands' mean log absolute residual, shrunk towards the side's overall
    one (:func:`eb_shrink`; weighted counts, so fitting stays O(n) and fast) and,
    as the bands' effects on ``mu``, read between the bands' centres (:func:`hats`);
    ``z`` from the empirical quantiles of the scaled residuals. Beyond the outer
    centres a task gets the outer band's spread.
    """
    loc = fit_linear(g, x, codes, sizes, w, along)
    loc.pop("sds"), loc.pop("taus")
    r = loc.pop("resid")
    loc["scale"] = None
    if len(g) >= SCALE_MIN_TASKS:
        a = np.abs(r)
        # a floor keeps log|r| finite where a residual is (nearly) zero, as heaped values give
        a = np.log(np.maximum(a, 0.1 * float(np.median(a)) + 1e-12))
        k = len(SIZE_LABELS)
        # each task's share of its band's centre and the next one's, as the location's band effects
        at, groups, lo, hi, h = hats(x, band, k, w)
        sw, sw2 = spread_to(lo, hi, h, w, k), spread_to(lo, hi, h * h, w * w, k, (1 - h) ** 2)
        centre = float(np.sum(w * a) / np.sum(w))
        mean = np.divide(spread_to(lo, hi, h, w * a, k), sw, out=np.full(k, centre), where=sw > 0)
        m = np.append(mean, centre)  # the extra bin k (no band) is never filled here: est > 0
        sigma2 = float(np.sum(w * (a - m[lo] * h - m[hi] * (1 - h)) ** 2) / np.sum(w))
        n_eff = np.divide(sw * sw, sw2, out=np.zeros(k), where=sw2 > 0)
        # band effects on log s, shrunk towards the side's overall spread (a geometric mean of 1: z keeps r's scale)
        log_s = np.append(eb_shrink(mean - centre, n_eff, sigma2)[0], 0.0)
        r = r / np.exp(log_s[lo] * h + log_s[hi] * (1 - h))
        loc["scale"] = (at, log_s[groups])
    # strictly increasing quantiles, for the inverse; too few misses: just their typical size
    z = quantiles_sorted(np.sort(r), GRID) if len(g) >= 5 else np.zeros(len(GRID))
    z, loc["tail"] = gpd_tail(r, z)
    loc["z"] = z + GRID * 1e-9
    return loc


def side_spread(side, x):
    """Each task's spread multiplier ``s`` on one side (1 where the side has no spread model).

    Linear in log(estimate) between the size bands' centres, as the bands' effects on the location.
    """
    sc = side.get("scale")
    return np.ones(len(x)) if sc is None else np.exp(np.interp(x, *sc))


def tail_limits(comp):
    """The fewest and most hours each task's forecast may take (:func:`components`).

    The bounded tail: no ratio actual/estimate beyond ``TAIL_CAP`` times the most extreme
    observed in the task's size band (:func:`~pmo_forecast.estimation.tail.ratio_bounds`).
    """
    est, (r_lo, r_hi) = comp[0], comp[-1]
    return est * np.exp(r_lo), est * np.exp(r_hi)


def factor_codes(tasks, factors, levels) -> list[np.ndarray]:
    """Each factor's codes of the tasks against ``levels`` (a fit's), -1 for a value it never saw."""
    return [pd.Index(lv).get_indexer(pd.Index(factor_values(tasks, f))) for f, lv in
            zip(factors, levels, strict=True)]


def fit_design(data: pd.DataFrame, factors) -> dict:
    """What a fit on ``data`` needs that does not depend on the recency half-life.

    ``factors``: the model's, as a tuple (those whose columns ``data`` lacks are left out).
    Computed once per training slice and shared by the fits of every
    recency half-life candidate on it: the half-life only changes the weights,
    while the factor codes (string work in pandas) are the costly part.
    """
    est = data[S.ESTIMATE].to_numpy(dtype=float)
    act = data[S.ACTUAL].to_numpy(dtype=float)
    factors = [f for f in factors if all(p in (SIZE_BAND, ESTIMATE_VALUE) or p in data.columns
                                         for p in f.split(":"))]
    levels, codes = [], []
    for f in factors:
        c, lv = pd.factorize(pd.Series(factor_values(data, f), dtype=object), use_na_sentinel=True)
        codes.append(c.astype(np.int64))
        levels.append(np.asarray(lv, dtype=object))
    age = None
    if S.FINISHED in data.columns:
        age = (data[S.FINISHED].max() - data[S.FINISHED]).dt.days.to_numpy(dtype=float, na_value=np.nan)
        # undated tasks weigh as the oldest (finished_tasks puts them first); none dated: all alike
        age = np.nan_to_num(age, nan=np.nanmax(age) if np.isfinite(age).any() else 0.0)
    return {"est": est, "act": act, "factors": factors, "levels": levels, "codes": codes, "age": age}


def fit_parts(design: dict, half_life, bias: bool = True) -> dict:
    """The mixture's parts fitted on a training slice (its :func:`fit_design`) with recency ``half_life``.

    ``bias=False`` leaves out the ``"bias"`` part (the pooled log(actual) the model's ``coef_`` and ``effects_``
    report, read by nothing that predicts): for the fits scored on the recalibration folds, which only predict.
    It was a fifth of each fold fit's time; the other parts are the same either way.
    """
    est, act, factors, levels, codes = (design[k] for k in ("est", "act", "factors", "levels", "codes"))
    x = np.log(est)
    exact = np.abs(act - est) <= EXACT_RTOL * est
    over = ~exact & (act > est)
    sizes = [len(lv) for lv in levels]
    w = np.ones(len(est))
    if half_life and design["age"] is not None:
        w = 0.5 ** (design["age"] / float(half_life))
        w = w / w.mean()
    cont = ~exact
    band = np.searchsorted(np.asarray(SIZE_EDGES[1:-1]), est, side="left").astype(np.int64)

    def sub(mask):
        return [c[mask] for c in codes]

    # the size bands' effects are read between the bands' centres (no jump at a band's edge)
    along = factors.index(SIZE_BAND) if SIZE_BAND in factors else None
    parts = {"factors": factors, "levels": levels, "x_range": (float(x.min()), float(x.max())),
             "bounds": ratio_bounds(est, act),
             # P(exact) on all tasks, P(over | not exact) on the rest: pooled linear probabilities
             "exact": fit_linear(exact.astype(float), x, codes, sizes, w, along),
             "over": fit_linear(over[cont].astype(float), x[cont], sub(cont), sizes, w[cont], along),
             # size of the miss, log(log(actual/estimate)) or log(log(estimate/actual)), on each side
             "up": fit_side(np.log(np.log(act[over] / est[over])), x[over], sub(over), sizes, w[over],
                            band[over], along),
             "down": fit_side(np.log(np.log(est[cont & ~over] / act[cont & ~over])), x[cont & ~over],
                              sub(cont & ~over), sizes, w[cont & ~over], band[cont & ~over], along)}
    if bias:  # the interpretable bias: log(actual) of non-exact tasks, pooled (reported by summary)
        parts["bias"] = fit_linear(np.log(act[cont]), x[cont], sub(cont), sizes, w[cont])
    return parts


# --- the raw predictive distribution ----------------------------------------------------------
def components(parts, tasks, codes=None):
    """Per task: estimate, P(under), P(exact), P(over), and each side's location and spread.

    ``codes``: the tasks' factor codes against ``parts``' levels (:func:`factor_codes`), when the
    caller already has them (the fit scores one fold with several models of the same levels).
    """
    require_frame(tasks)
    if S.ESTIMATE not in tasks.columns:
        raise SchemaError(f"tasks: column {S.ESTIMATE!r} is missing; forecasts need an estimate per task.",
                          column=S.ESTIMATE)
    require_hours(tasks, S.ESTIMATE, numbers_as_text=True)
    require_not_negative(tasks, "tasks")  # a negative estimate was forecast as if missing
    est = pd.to_numeric(tasks[S.ESTIMATE], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    est = np.where(np.isfinite(est) & (est > 0), est, np.nan)  # an infinite estimate is no estimate
    # outside the estimates seen in training the lines are not extrapolated: a 10-second or a
    # 1,000-hour estimate gets the ratios of the smallest or largest estimate seen
    x = np.clip(np.log(est), *parts.get("x_range", (-np.inf, np.inf)))
    if codes is None:
        codes = factor_codes(tasks, parts["factors"], parts["levels"])
    p_x = np.clip(predict_linear(parts["exact"], x, codes), 0.0, 0.98)
    q_o = np.clip(predict_linear(parts["over"], x, codes), 0.01, 0.99)
    p_o = (1 - p_x) * q_o
    p_u = 1 - p_x - p_o
    # the spread and the limits follow the clipped estimate, as the lines do
    up = (predict_linear(parts["up"], x, codes), parts["up"]["z"], side_spread(parts["up"], x))
    down = (predict_linear(parts["down"], x, codes), parts["down"]["z"], side_spread(parts["down"], x))
    at, lo, hi = parts["bounds"]
    xb = np.nan_to_num(x, nan=0.0)
    bounds = np.interp(xb, at, lo), np.interp(xb, at, hi)
    return est, p_u, p_x, p_o, up, down, bounds


def raw_ppf(comp, v):
    """Raw (uncalibrated) quantiles at levels ``v`` of the tasks' :func:`components`, inside the bounded tail."""
    est, p_u, p_x, p_o, (mu_o, z_o, s_o), (mu_u, z_u, s_u), _ = comp
    shape = np.broadcast_shapes(np.shape(v), est.shape)
    v = np.broadcast_to(v, shape)
    out = np.array(np.broadcast_to(est, shape))  # the point mass, overwritten on either side

    def at(a, mask):
        return np.broadcast_to(a, shape)[mask]

    below = v < np.broadcast_to(p_u, shape)
    above = v > np.broadcast_to(p_u + p_x, shape)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if below.any():
            g = on_grid(1 - v[below] / at(p_u, below), z_u)
            out[below] = at(est, below) * np.exp(-np.exp(at(mu_u, below) + at(s_u, below) * g))
        if above.any():
            g = on_grid((v[above] - at(p_u + p_x, above)) / at(p_o, above), z_o)
            out[above] = at(est, above) * np.exp(np.exp(at(mu_o, above) + at(s_o, above) * g))
    return np.clip(out, *tail_limits(comp))  # the bounded tail


def raw_cdf(comp, hours):
    """Raw (uncalibrated) ``P(A < hours)`` and ``P(A <= hours)``; they differ only at the estimate."""
    est, p_u, p_x, p_o, (mu_o, z_o, s_o), (mu_u, z_u, s_u), (r_lo, r_hi) = comp
    with np.errstate(divide="ignore", invalid="ignore"):
        lr = np.log(hours / est)
        g = np.log(np.abs(lr))
        f_u = p_u * (1 - np.interp((g - mu_u) / s_u, z_u, GRID))
        f_o = p_u + p_x + p_o * np.interp((g - mu_o) / s_o, z_o, GRID)
    exact = np.abs(hours - est) <= EXACT_RTOL * est
    lo = np.where(exact, p_u, np.where(hours < est, f_u, f_o))
    hi = np.where(exact, p_u + p_x, lo)
    with np.errstate(invalid="ignore"):
        lo = np.where(lr >= r_hi, 1.0, np.where(lr < r_lo, 0.0, lo))
        hi = np.where(lr >= r_hi, 1.0, np.where(lr < r_lo, 0.0, hi))
    return lo, hi


def raw_pit(parts, data, rng, codes=None):
    """Raw (uncalibrated) randomised PIT of each task's actual; NaN without an actual or an estimate."""
    comp = components(parts, data, codes)
    act = pd.to_numeric(data[S.ACTUAL], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    lo, hi = raw_cdf(comp, act)
    u = lo + rng.random(len(act)) * (hi - lo)
    return np.where(np.isfinite(act) & (act > 0) & np.isfinite(comp[0]), u, np.nan)


def raw_pinball(parts, data, codes=None) -> float:
    """Mean log pinball loss of the raw model over levels 0.1, ..., 0.9 (to choose the half-life)."""
    levels = np.arange(1, 10) / 10
    pred = np.log(raw_ppf(components(parts, data, codes), levels[:, None]))
    d = np.log(data[S.ACTUAL].to_numpy(dtype=float))[None, :] - pred
    return float(np.nanmean(np.maximum(levels[:, None] * d, (levels[:, None] - 1) * d)))
