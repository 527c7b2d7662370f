"""Recalibration on rolling-origin folds: maps from the folds' PITs, chosen forward in time, and the level shift."""

from __future__ import annotations

import numpy as np
from scipy import stats

from ..core.labels import counted
from ..core.results import fixed, format_number
from ..core.shown import shown_number
from .quantiles import GRID

#: Recalibration strategies tried on the rolling-origin folds: (name, fold half-life, share of the
#: map's departure from the identity kept). The fold half-life weighs the PITs of older folds
#: down (None: all folds alike); 0 keeps the model's own levels.
RECALIBRATIONS = (("identity", None, 0.0), ("all folds", None, 1.0), ("all folds, half", None, 0.5),
                  ("recent folds", 1.0, 1.0), ("recent folds, half", 1.0, 0.5))
#: The levels coverage is checked at (0.05, ..., 0.95), by the recalibration and the booking unit's choice.
CHECK_LEVELS = np.arange(1, 20) / 20
#: A level shift is used when the folds' shifts differ from zero at this level (t-test across folds).
SHIFT_ALPHA = 0.05
SHIFT_STRATEGY = "level shift"
_SHIFTS = np.linspace(-0.6, 0.6, 241)  # probit shifts tried, 0.005 apart
_SHIFTED_LEVELS = stats.norm.cdf(stats.norm.ppf(CHECK_LEVELS)[None, :] + _SHIFTS[:, None])


def _weighted_map(pits, fold_half_life, keep):
    """Calibration map from the PITs of consecutive folds, older folds weighted down."""
    k = len(pits)
    if keep == 0 or k == 0:
        return GRID.copy()
    hl = np.inf if fold_half_life is None else fold_half_life
    w = np.concatenate([np.full(len(u), 0.5 ** ((k - 1 - j) / hl)) for j, u in enumerate(pits)])
    return calibration_map(np.concatenate(pits), w, keep)


def _coverage_error(u, levels):
    """Mean squared distance between the levels 0.05, ..., 0.95 and the share of PITs ``u`` at or
    below ``levels`` (what the model uses for each of them; one row per candidate)."""
    cover = np.searchsorted(np.sort(u), levels, side="right") / len(u)
    return np.mean((cover - CHECK_LEVELS) ** 2, axis=-1)


def _miscalibration(cal_map, u):
    """Mean squared distance between the levels 0.05, ..., 0.95 and their coverage under the map."""
    return float(_coverage_error(u, np.interp(CHECK_LEVELS, GRID, cal_map)))


def choose_recalibration(pits):
    """Pick the recalibration that would have held best on each later fold, then build it from all folds.

    Every strategy in ``RECALIBRATIONS`` is built from the folds before fold
    ``k`` and scored on fold ``k`` (k = 2, ..., K): strictly forward in time, so
    a map that chases a passing swing in behaviour loses to one that holds. The
    winner (the simplest on a tie) is rebuilt from all K folds. When none beats
    chance and K >= 3, a "level shift" is used if the folds' own probit shifts
    agree (t-test at ``SHIFT_ALPHA``).
    """
    if len(pits) < 2:
        cal = calibration_map(pits[0]) if pits and len(pits[0]) else GRID.copy()
        return cal, {"strategy": "all folds", "reason": "one fold: no later fold to choose on", "losses": {}}
    losses = {}
    for name, hl, keep in RECALIBRATIONS:
        losses[name] = float(np.mean([_miscalibration(_weighted_map(pits[:k], hl, keep), pits[k])
                                      for k in range(1, len(pits))]))
    # a perfectly calibrated model still shows this much squared coverage error on a fold, by chance:
    # a strategy must beat the uncalibrated levels by more than that to be used
    noise = float(np.mean(CHECK_LEVELS * (1 - CHECK_LEVELS)) / np.mean([len(u) for u in pits[1:]]))
    best = min(losses, key=lambda n: (round(losses[n], 8), list(losses).index(n)))
    if losses["identity"] - losses[best] < noise:
        best = "identity"
    _, hl, keep = next(r for r in RECALIBRATIONS if r[0] == best)
    # no cell holds these figures: the errors to three significant figures (format_number), the shifts and the
    # p-value to three decimals, halves away from zero as the pack's cells round (f-strings rounded them to even)
    if best == "identity":
        runner = min((n for n in losses if n != "identity"), key=losses.get)
        reason = (f"no strategy beat the model's own levels by more than chance on "
                  f"{counted(len(pits) - 1, 'later fold')} (mean squared coverage error "
                  f"{format_number(losses['identity'])}; best other, {runner!r}, {format_number(losses[runner])})")
        if len(pits) > 2 and all(len(u) for u in pits):  # a t-test on two folds: one degree of freedom
            shifts = np.array([_fit_shift(u) for u in pits])
            p = _shift_p_value(shifts)
            listed = ", ".join(fixed(x, 3, sign=True) for x in shifts)
            if p < SHIFT_ALPHA:
                d = _fit_shift(np.concatenate(pits))
                reason += (f"; but every fold's levels were off the same way (probit shifts {listed}; t-test "
                           f"p = {shown_number(p, 'num3')} < {SHIFT_ALPHA}): the levels are shifted by "
                           f"{fixed(d, 3, sign=True)}, fitted on all folds")
                return _shift_map(d), {"strategy": SHIFT_STRATEGY, "reason": reason, "losses": losses,
                                       "shift": d, "fold_shifts": shifts.tolist(), "shift_p": p}
            reason += (f"; nor did the folds agree on a level shift (probit shifts {listed}; t-test "
                       f"p = {shown_number(p, 'num3')})")
    else:
        reason = (f"held best on {counted(len(pits) - 1, 'later fold')}: mean squared coverage error "
                  f"{format_number(losses[best])} against {format_number(losses['identity'])} uncalibrated")
    return _weighted_map(pits, hl, keep), {"strategy": best, "reason": reason, "losses": losses}


def strategy_map(strategy, pits):
    """The calibration map a chosen strategy builds from ``pits`` (the identity for none or no PITs)."""
    if not pits:
        return GRID.copy()
    if strategy == SHIFT_STRATEGY:
        return _shift_map(_fit_shift(np.concatenate(pits)))
    strat = next((r for r in RECALIBRATIONS if r[0] == strategy), None)
    return _weighted_map(pits, strat[1], strat[2]) if strat else GRID.copy()


def _fit_shift(u):
    """Probit shift ``d`` of the levels whose coverage on the PITs ``u`` is closest to the levels.

    Scored like the strategies (squared coverage error at 0.05, ..., 0.95) over a grid
    of shifts: coverage, not a mean of probits, so PITs heaped on a booking unit
    or in the point mass do not pull it.
    """
    return float(_SHIFTS[np.argmin(_coverage_error(u, _SHIFTED_LEVELS))])


def _shift_p_value(shifts) -> float:
    """Two-sided p-value of a t-test that the folds' shifts average zero (1 if they all agree on 0)."""
    if np.ptp(shifts) == 0:  # no spread: the t statistic is undefined
        return 1.0 if shifts[0] == 0 else 0.0
    return float(stats.ttest_1samp(shifts, 0.0).pvalue)


def _shift_map(d):
    """Calibration map ``q -> Phi(Phi^-1(q) + d)`` on the grid."""
    with np.errstate(divide="ignore"):
        out = stats.norm.cdf(stats.norm.ppf(GRID) + d)
    out[0], out[-1] = 0.0, 1.0
    return out


def calibration_map(u, w=None, keep=1.0):
    """Quantiles of the PITs on the grid, shrunk towards the identity by how far they exceed noise.

    With n PITs, the quantile at level q wanders about sqrt(q(1-q)/n) even for a perfect
    model; the map keeps the share ``1 - noise / observed`` of its departure from the
    identity (James-Stein style, one factor for the whole map), so a well calibrated
    model on little recent history is not mis-calibrated by chance.
    """
    if w is None:
        raw, n_eff = np.quantile(u, GRID), len(u)
    else:  # weighted quantiles; Kish's effective size for the noise
        order = np.argsort(u)
        cw = np.cumsum(w[order])
        raw = np.interp(GRID, (cw - 0.5 * w[order]) / cw[-1], u[order])
        n_eff = cw[-1] ** 2 / np.sum(w * w)
    lev = CHECK_LEVELS
    dev = np.interp(lev, GRID, raw) - lev
    noise = np.mean(lev * (1 - lev)) / n_eff
    keep = keep * max(0.0, 1.0 - noise / max(float(np.mean(dev ** 2)), 1e-12))
    out = GRID + keep * (raw - GRID)
    out[0], out[-1] = 0.0, 1.0
    return out


def inverse_map(u, cal_map):
    """Level q with ``cal_map(q) == u`` (the calibration map is non-decreasing)."""
    # np.interp needs increasing x; flat stretches of the map all give their midpoint
    xs, idx = np.unique(cal_map, return_index=True)
    ys = np.array([GRID[cal_map == v].mean() for v in xs]) if len(xs) < len(cal_map) else GRID[idx]
    return np.interp(u, xs, ys)
