"""Estimation accuracy: a calibrated predictive distribution of actual hours given an estimate.

The model (:class:`EstimationAccuracyModel`) is a three-part mixture per task:
an under-run, a point mass where the actual is booked exactly to the estimate,
and an overrun. The probabilities of the three and the typical size of a miss on
each side carry empirical-Bayes (partially pooled) effects for assignee, task
type, project and size band, fitted with recency weights. A final recalibration
on the most recent training history maps the requested levels onto the levels
that really held there.

The model is a scikit-learn estimator (``sklearn.base.BaseEstimator``): ``get_params``,
``set_params`` and ``sklearn.base.clone`` work as with any scikit-learn model. Its
prediction paths use numpy and pandas only; importing this module loads
``sklearn.base`` (not the learners), which the simulation modules never import.
"""

from __future__ import annotations

import inspect
import warnings

import numpy as np
import pandas as pd
from scipy import stats
from sklearn.base import BaseEstimator

from ..core import schema as S
from ..core.exceptions import NotFittedError, SchemaError, SmallSampleWarning
from .booking import booked, booked_edge, on_unit, resolve_unit
from .scoring import calibration_error, calibration_interval

#: Estimate-size bands (hours); a band is a pooled group like an assignee.
SIZE_BAND = "size_band"
SIZE_EDGES = (0.0, 1.0, 2.0, 4.0, 8.0, 16.0, 40.0, 80.0, np.inf)
SIZE_LABELS = ("<=1h", "1-2h", "2-4h", "4-8h", "8-16h", "16-40h", "40-80h", ">80h")
ESTIMATE_VALUE = "estimate_value"
#: Recency half-lives (days) tried on the recent history when ``half_life_days="auto"``.
HALF_LIVES = (None, 730.0, 365.0, 182.0)
#: The rolling-origin fold models (half-life and recalibration choice) learn from at most this many
#: of the latest tasks before their fold.
FOLD_FIT_MAX = 200_000
#: The grouping factors, in the order they are pooled.
FACTORS = (S.ASSIGNEE, S.TASK_TYPE, S.PROJECT_ID, SIZE_BAND)

_GRID = np.linspace(0.0, 1.0, 2001)  # levels at which distributions are stored
_EPS = 1e-6
#: No draw's ratio actual/estimate exceeds this multiple of the largest ratio observed in the
#: task's size band (nor falls below the smallest divided by it); bands with fewer than
#: ``TAIL_MIN_BAND`` tasks use the whole history's extremes.
TAIL_CAP = 2.0
TAIL_MIN_BAND = 30
#: Share of each side's misses, the largest, to which the generalised Pareto tail is fitted.
TAIL_SHARE = 0.05
#: Levels across the top block of :meth:`EstimationAccuracyModel.quantile_table` whose mean fills its last column.
TOP_SUBLEVELS = 16
#: A side of the miss (over- or under-runs) needs this many tasks for its spread to depend on the size.
SCALE_MIN_TASKS = 200
#: A factor gets effects only when more than this share of its tasks repeat a group (the share of
#: degrees of freedom within groups, (tasks - groups) / tasks): groups of one or two tasks cannot
#: tell an effect from noise, and their between-group variance comes out positive by chance.
MIN_REPLICATION = 0.5


class ParamsMixin:
    """``get_params``/``set_params`` the scikit-learn way, for the baselines (the model uses ``BaseEstimator``).

    Parameters are the keyword arguments of ``__init__``, stored under their own
    names, so :func:`sklearn.base.clone` works on subclasses.
    """

    @classmethod
    def _param_names(cls) -> list[str]:
        sig = inspect.signature(cls.__init__)
        return sorted(p.name for p in sig.parameters.values()
                      if p.name != "self" and p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL))

    def get_params(self, deep: bool = True) -> dict:
        return {k: getattr(self, k) for k in self._param_names()}

    def set_params(self, **params):
        valid = self._param_names()
        for k, v in params.items():
            if k not in valid:
                raise ValueError(f"{type(self).__name__}: unknown parameter {k!r}; valid ones are {valid}.")
            setattr(self, k, v)
        return self

    def __repr__(self) -> str:
        defaults = {p.name: p.default for p in inspect.signature(type(self).__init__).parameters.values()}
        changed = [f"{k}={v!r}" for k, v in self.get_params().items() if not _same(v, defaults.get(k))]
        return f"{type(self).__name__}({', '.join(changed)})"

    def _check_fitted(self, attr: str = "coef_"):
        if not hasattr(self, attr):
            raise NotFittedError(f"This {type(self).__name__} is not fitted yet; call fit(tasks) first.")


def _same(a, b) -> bool:
    try:
        return a is b or bool(a == b)
    except (TypeError, ValueError):
        return False


def size_band(estimate) -> pd.Series:
    """The estimate-size band label of each estimate (hours), e.g. ``"4-8h"``."""
    est = pd.Series(estimate, dtype=float)
    codes = np.searchsorted(np.asarray(SIZE_EDGES[1:-1]), est.to_numpy(), side="left")
    out = pd.Series(np.asarray(SIZE_LABELS, dtype=object)[codes], index=est.index, dtype=object)
    return out.where(est > 0)


def finished_tasks(tasks: pd.DataFrame) -> pd.DataFrame:
    """The rows an accuracy model learns from: done, with estimate > 0 and actual > 0.

    Sorted by finish date (stable) when a ``finished`` column exists.
    """
    for col in (S.ESTIMATE, S.ACTUAL):
        if col not in tasks.columns:
            raise SchemaError(f"tasks: column {col!r} is missing; the accuracy model needs estimates and "
                              "actuals of finished tasks (load them with pmo_forecast.load_tasks).", column=col)
    out = tasks.loc[S.finished_with_actuals(tasks)]
    if S.FINISHED in out.columns:
        out = out.iloc[np.argsort(out[S.FINISHED].to_numpy(dtype="datetime64[ns]"), kind="stable")]
    return out


def _factor_values(tasks: pd.DataFrame, factor: str) -> np.ndarray:
    if ":" in factor:  # interaction: a group per combination, missing if any part is
        parts = [pd.Series(_factor_values(tasks, f), dtype=object) for f in factor.split(":")]
        out = parts[0].astype(str)
        for p in parts[1:]:
            out = out + "|" + p.astype(str)
        return out.where(pd.concat(parts, axis=1).notna().all(axis=1), None).to_numpy()
    if factor == ESTIMATE_VALUE:
        return pd.Series(tasks[S.ESTIMATE], dtype=float).round(4).astype(object).to_numpy()
    if factor == SIZE_BAND:
        return size_band(tasks[S.ESTIMATE].to_numpy(dtype=float, na_value=np.nan)).to_numpy()
    if factor not in tasks.columns:
        return np.full(len(tasks), None, dtype=object)
    return tasks[factor].astype(object).where(tasks[factor].notna(), None).to_numpy()


def _eb_shrink(mean, n, sigma2, has=None):
    """Shrink group means towards 0 with the between-group variance from the method of moments.

    Returns (shrunk effect, posterior sd, tau2). ``has`` (``n > 0``) may be passed
    by a caller that shrinks the same groups many times (:func:`_backfit`): it
    saves recomputing the mask; the arithmetic is the same either way.
    """
    if has is None:
        has = n > 0
    n_has = int(np.count_nonzero(has))
    if n_has < 2 or sigma2 <= 0:
        return np.zeros_like(mean), np.full_like(mean, np.nan), 0.0
    every = n_has == len(mean)  # the usual case: no mask to apply (same numbers, fewer copies)
    m, v = (mean, sigma2 / n) if every else (mean[has], sigma2 / n[has])
    # np.add.reduce(a) / len is what ndarray.mean computes (the same pairwise sum), without its
    # dispatch, which dominates on a few hundred groups and thousands of calls per fit
    m_bar = np.add.reduce(m) / n_has
    tau2 = max(0.0, float(np.add.reduce((m - m_bar) ** 2) / n_has * n_has / (n_has - 1)
                          - np.add.reduce(v) / n_has))
    # groups without tasks: no effect (shrink 0) and a posterior sd of 0; the others are computed on
    # their own, so no inf * 0 arises (and no np.errstate, which costs more than the arithmetic here)
    if every:
        return mean * (tau2 / (tau2 + v)), np.sqrt(tau2 * v / (tau2 + v)), tau2
    shrink = np.zeros_like(mean)
    post_sd = np.zeros_like(mean)
    shrink[has] = tau2 / (tau2 + v)
    post_sd[has] = np.sqrt(tau2 * v / (tau2 + v))
    return mean * shrink, post_sd, tau2


def _backfit(y, x, codes, sizes, w, *, n_iter=30, tol=1e-3):
    """Additive model ``y = a + b*x + sum_f effect_f[group]`` with EB-shrunk effects.

    Backfitting: each pass re-estimates the fixed part by weighted least squares,
    then each factor's group means of the partial residual, shrunk by
    :func:`_eb_shrink` against the partial residual's variance within groups; a
    factor with too few repeated groups (``MIN_REPLICATION``) gets no effects.
    O(n) per pass: one weighted ``bincount`` per factor.
    Recency weights enter the means; the shrinkage uses Kish's effective size.
    Each factor's per-task effect (a gather over n tasks) is kept from one pass
    to the next rather than gathered again, and its groups' mask computed once.
    """
    ext = [np.where(c >= 0, c, k) for c, k in zip(codes, sizes, strict=True)]  # missing -> extra bin k
    n_w, n_eff, has, pos, within = [], [], [], [], []
    for c, k in zip(ext, sizes, strict=True):
        nw = np.bincount(c, weights=w, minlength=k + 1)[:k]
        n2 = np.bincount(c, weights=w * w, minlength=k + 1)[:k]
        n_w.append(nw)
        n_eff.append(np.divide(nw * nw, n2, out=np.zeros(k), where=n2 > 0))
        has.append(n_eff[-1] > 0)
        pos.append(nw > 0)
        known = c < k
        n_known = int(np.count_nonzero(known))
        # the within-group variance's degrees of freedom, as a share of the tasks: (N - groups) / N
        df = (n_known - int(np.count_nonzero(pos[-1]))) / n_known if n_known else 0.0
        w_known = np.where(known, w, 0.0)
        within.append((w_known, w_known.sum() * df) if df > MIN_REPLICATION else None)
    effects = [np.zeros(k + 1) for k in sizes]  # the extra entry stays 0
    task_effect = [np.zeros(len(y)) for _ in sizes]  # effects[j][ext[j]], kept in step with effects[j]
    sds = [np.full(k, np.nan) for k in sizes]
    taus = [0.0] * len(sizes)
    total = np.zeros(len(y))
    wsum = w.sum()
    xm = np.sum(w * x) / wsum
    vx = np.sum(w * (x - xm) ** 2)
    wxc = w * (x - xm)  # the same in every pass
    coef = np.zeros(2)
    for it in range(n_iter):
        old = coef.copy()
        r = y - total
        rm = np.sum(w * r) / wsum
        b = np.sum(wxc * r) / vx if vx > 0 else 0.0
        coef = np.array([rm - b * xm, b])
        resid = r - coef[0] - coef[1] * x
        change = 0.0
        for j, (c, k) in enumerate(zip(ext, sizes, strict=True)):
            prev = task_effect[j]
            partial = resid + prev
            sums = np.bincount(c, weights=w * partial, minlength=k + 1)[:k]
            mean = np.divide(sums, n_w[j], out=np.zeros(k), where=pos[j])
            # the noise the group means are shrunk against: the partial residual's variance within
            # groups (the method of moments' within mean square). Not the residual left after the
            # effects are taken out: small groups absorb their own residuals, that variance then
            # falls, the effects grow, and pass after pass every residual turns into "effect"
            if within[j] is None:  # groups of one or two tasks: nothing tells an effect from noise
                eff, sds[j], taus[j] = np.zeros(k), np.full(k, np.nan), 0.0
            else:
                w_known, dof = within[j]
                ssw = float(w_known @ (partial * partial) - sums[pos[j]] @ mean[pos[j]])
                eff, sds[j], taus[j] = _eb_shrink(mean, n_eff[j], max(ssw, 0.0) / dof + 1e-12, has[j])
            change = max(change, float(np.max(np.abs(eff - effects[j][:k]), initial=0.0)))
            effects[j][:k] = eff
            new = task_effect[j] = effects[j][c]
            resid = partial - new
            total += new - prev
        if it > 1 and max(change, float(np.max(np.abs(coef - old)))) < tol:
            break
    resid = y - coef[0] - coef[1] * x - total
    return coef, [e[:-1] for e in effects], sds, taus, resid


def _linear(y, x, codes, sizes, w) -> dict:
    """Fit :func:`_backfit` and keep what prediction needs (effects padded with a 0 for unseen groups)."""
    if len(y) < 2:
        return {"coef": np.array([float(np.mean(y)) if len(y) else 0.0, 0.0]),
                "effects": [np.zeros(k + 1) for k in sizes], "sds": [np.full(k + 1, np.nan) for k in sizes],
                "taus": [0.0] * len(sizes), "resid": np.zeros(len(y))}
    coef, eff, sds, taus, resid = _backfit(y, x, codes, sizes, w)
    return {"coef": coef, "effects": [np.append(e, 0.0) for e in eff],
            "sds": [np.append(v, np.nan) for v in sds], "taus": taus, "resid": resid}


def _predict_linear(part, x, codes):
    out = part["coef"][0] + part["coef"][1] * x
    for c, e in zip(codes, part["effects"], strict=True):
        out = out + e[c]  # code -1 (missing or unseen) picks the trailing 0
    return out


def _side(g, x, codes, sizes, w, band) -> dict:
    """One side of the miss: pooled location and size-dependent spread of g = log|log(actual/estimate)|.

    ``g = mu + s * z``: ``mu`` pooled over the factors (:func:`_linear`); ``log s``
    the size band's mean log absolute residual, shrunk towards the side's overall
    one (:func:`_eb_shrink`; one weighted ``bincount``, so fitting stays O(n) and
    fast); ``z`` from the empirical quantiles of the scaled residuals. A size band
    never seen in training gets the overall spread.
    """
    loc = _linear(g, x, codes, sizes, w)
    loc.pop("sds"), loc.pop("taus")
    r = loc.pop("resid")
    loc["scale"] = None
    if len(g) >= SCALE_MIN_TASKS:
        a = np.abs(r)
        # a floor keeps log|r| finite where a residual is (nearly) zero, as heaped values give
        a = np.log(np.maximum(a, 0.1 * float(np.median(a)) + 1e-12))
        k = len(SIZE_LABELS)
        sw, sw2 = np.bincount(band, weights=w, minlength=k), np.bincount(band, weights=w * w, minlength=k)
        centre = float(np.sum(w * a) / np.sum(w))
        mean = np.divide(np.bincount(band, weights=w * a, minlength=k), sw, out=np.full(k, centre), where=sw > 0)
        sigma2 = float(np.sum(w * (a - mean[band]) ** 2) / np.sum(w))
        n_eff = np.divide(sw * sw, sw2, out=np.zeros(k), where=sw2 > 0)
        # band effects on log s, shrunk towards the side's overall spread (a geometric mean of 1: z keeps r's scale)
        log_s = _eb_shrink(mean - centre, n_eff, sigma2)[0]
        r = r / np.exp(log_s[band])
        loc["scale"] = np.append(log_s, 0.0)
    # strictly increasing quantiles, for the inverse; too few misses: just their typical size
    z = _quantiles_sorted(np.sort(r), _GRID) if len(g) >= 5 else np.zeros(len(_GRID))
    z, loc["tail"] = _gpd_tail(r, z)
    loc["z"] = z + _GRID * 1e-9
    return loc


def _quantiles_sorted(a, q):
    """``np.quantile(a, q)`` (its default, linear method) of an already sorted array.

    ``np.quantile`` partitions the data around every requested level; with the
    2,001 levels of ``_GRID`` that costs more than the rest of a side's fit. On
    data sorted once, the same order statistics are read by index and
    interpolated with numpy's own arithmetic (Hyndman & Fan's method 7: index
    ``(n - 1) q``, then numpy's two-sided linear interpolation), so the result is
    bit-identical; ``tests/test_accuracy.py`` checks it against ``np.quantile``.
    An array ending in NaN (NaN sorts last) gives NaN, as ``np.quantile`` does.
    """
    a, q = np.asarray(a, dtype=float), np.asarray(q, dtype=float)
    n = len(a)
    if n == 0 or np.isnan(a[-1]):
        return np.full(q.shape, np.nan)
    virtual = (n - 1) * q  # numpy's virtual index for its linear method
    prev = np.floor(virtual)
    nxt = prev + 1
    top, bottom = virtual >= n - 1, virtual < 0
    prev[top], nxt[top] = -1, -1
    prev[bottom], nxt[bottom] = 0, 0
    prev, nxt = prev.astype(np.intp), nxt.astype(np.intp)
    lo, hi = a[prev], a[nxt]
    t = virtual - prev
    diff = hi - lo
    out = lo + diff * t
    np.subtract(hi, diff * (1 - t), out=out, where=t >= 0.5)  # numpy's lerp, exact at both ends
    return out


def _spread(side, x, band):
    """Each task's spread multiplier ``s`` on one side (1 where the side has no spread model)."""
    sc = side.get("scale")
    return np.ones(len(x)) if sc is None else np.exp(sc[band])


def _gpd_tail(r, z):
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
    above = _GRID > p_t
    f = np.minimum((_GRID[above] - p_t) / (1 - p_t), 1.0 - 0.1 / m)
    tail = u + (sigma * -np.log1p(-f) if abs(kappa) < 1e-6 else sigma / kappa * (1 - (1 - f) ** kappa))
    out = z.copy()
    out[above] = np.maximum(tail, u)
    return out, {"threshold_level": p_t, "threshold": u, "shape": -kappa, "scale": sigma, "n_excess": m}


class EstimationAccuracyModel(BaseEstimator):
    """Calibrated forecast of a task's actual hours from its estimate, person, type and project.

    Parameters
    ----------
    factors : tuple of str
        Grouping columns whose effects are partially pooled (empirical Bayes).
        ``"size_band"`` is derived from the estimate, ``"estimate_value"`` groups
        tasks by their exact estimate (heaped values), and ``"a:b"`` is the
        interaction of two factors. Columns missing from the data are ignored.
    calibration_share : float
        Share of the training history, most recent by finish date, on which the
        levels are recalibrated and the half-life is chosen (0 turns both off).
    calibration_folds : int
        That recent history is cut into this many consecutive folds (at least
        50 tasks each); each is forecast by a model fitted on everything before
        it (rolling origin). Their losses choose the half-life; their PITs
        choose and build the recalibration (see Notes). Five by default: with
        four, the choice of recalibration rested on three forward checks and
        over-corrected after a step change (step shape, seeds 0-2, measured
        while a map following the latest fold alone was still a candidate:
        calibration error 0.030/0.011/0.081 with four folds, 0.029/0.005/0.046
        with five; six cost 50% more fitting time for no further gain).
    half_life_days : float, None or "auto"
        Recency weighting: a task finished this many days before the latest one
        counts half. None weights all history equally; "auto" picks the
        candidate in ``HALF_LIVES`` (None, 730, 365, 182) whose model, fitted
        on the earlier history, forecasts the recent history best (mean log
        pinball loss over levels 0.1 to 0.9).
    min_tasks : int
        Fewer usable finished tasks than this raises ``ValueError``.
    random_state : int, Generator or None
        Seed for the randomised PIT used in recalibration, and the default
        seed of ``sample``.
    booking_unit : float, None or "auto"
        Unit actuals are booked in, hours (0.25 for quarter hours). "auto"
        learns it from the actuals (:func:`~pmo_forecast.estimation.booking.booking_unit`:
        the largest common unit that at least 95% of them are whole multiples
        of); None treats actuals as continuous. See Notes.

    Attributes
    ----------
    coef_ : ndarray (2,)
        Intercept and slope of log(actual) on log(estimate) among tasks not
        booked exactly to the estimate (the log-log line; slope < 1 means small
        tasks run over and large ones under).
    effects_ : dict
        factor -> DataFrame (index = group) with ``effect`` (shrunk log-scale
        effect on actual hours, the same non-exact tasks, other factors held
        fixed), ``effect_sd`` (its posterior sd) and ``p_exact`` (shrunk
        change in the probability of booking exactly to the estimate).
    tau_ : dict
        factor -> between-group sd of ``effect`` (method of moments).
    half_life_ : float or None
        The recency half-life used, days.
    calibration_map_ : ndarray
        Model level that held at each level of an even grid on ``[0, 1]`` in
        the recent history (the identity when uncalibrated).
    selection_ : pandas.DataFrame
        The model and its quantile stacks with the global and per-assignee ratio
        baselines, scored on the latest validation fold (the model with its
        recalibration from the earlier folds): ``weight_on_model``,
        ``reference``, ``pinball`` (mean log pinball, levels 0.1 to 0.9),
        ``max_cal_err`` (q = 0.1/0.5/0.8/0.9), ``chosen`` and ``reason``.
    stack_weight_ : float
        Weight of the model in the quantile stack used (1: the model alone).
    recalibration_ : dict
        The recalibration strategy chosen (``strategy``), why (``reason``) and
        each strategy's mean squared coverage error on the later folds (``losses``);
        for a "level shift", also the shift on the probit scale (``shift``), each
        fold's own (``fold_shifts``) and the t-test's p-value (``shift_p``).
    n_tasks_ : int
        Number of tasks learned from.
    booking_unit_ : float or None
        The booking unit used, hours (None: actuals treated as continuous).

    Notes
    -----
    For a task with estimate ``e`` the actual ``A`` is

    * ``e`` exactly, with probability ``p_exact`` (booked to the estimate);
    * above ``e`` with probability ``(1 - p_exact) * q_over``, where
      ``log(log(A / e)) = mu_over + s_over * Z_over``;
    * below ``e`` otherwise, where ``log(log(e / A)) = mu_under + s_under * Z_under``.

    ``p_exact``, ``q_over``, ``mu_over`` and ``mu_under`` are each
    ``a + b log(e)`` plus shrunk group effects, fitted by backfitting (O(n) per
    pass); ``Z`` comes from the empirical distribution of that part's scaled
    residuals, so heavy tails stay as they are. The spread ``s`` is learnt per
    size band (shrunk band effects on the log of the absolute residuals, a
    geometric mean of 1): actuals booked in quarter hours or pomodoros make a
    small task's misses come in coarse steps and a large one's vary freely, and
    a single spread for all sizes cut the upper tail, and so the mean, of the
    large tasks that dominate a project's total. Splitting under- and overruns lets a
    person's overruns be large while their under-runs are small, which a single
    location-scale curve cannot. Group effects are shrunk towards zero by
    ``tau^2 / (tau^2 + sigma^2 / n)`` with ``tau^2`` from the method of
    moments and ``sigma^2`` the variance within groups, so people with few
    tasks borrow from the team and unseen people, types and projects get the
    team's distribution; a factor whose tasks mostly sit in groups of one or
    two (ticket-sized projects, people seen once) gets no effects at all.
    Probabilities are linear (clipped to [0, 0.98] and [0.01, 0.99]); recency
    weights enter the group means with Kish's effective sample size, so
    shrinkage stays honest.

    Recalibration fits the model on the history before each recent fold,
    computes the randomised PIT of the fold (uniform within the point mass), and
    maps each target level ``q`` to the level ``q'`` that held ``q`` of the time
    there, shrunk towards ``q' = q`` by how far the departure exceeds sampling
    noise. How fast it follows drift is chosen forward in time: each strategy in
    ``RECALIBRATIONS`` (no map; all folds alike; recent folds weighted up, with
    a fold half-life of one fold; the full or half the departure) is built from
    the folds before fold k and scored on fold k, and the best, if it beats no
    recalibration by more than chance, is rebuilt from all folds. The model is
    then refitted on all the history and keeps that map. This is what keeps the
    P80 an 80% forecast under drift and after a change of process. No strategy
    follows the latest fold alone: after a change of process each fold model has
    seen less of the new behaviour than the final model, so the latest fold's
    departure overstates the final model's, and a map chasing it over-corrects
    (step shape, seeds 0-5: calibration error 0.029-0.073 on five seeds with such
    a strategy among the candidates, 0.000-0.035 without it). When no map beats
    chance, a steady lag is still corrected: each fold's departure is summarised
    by one number, the shift ``d`` of the levels on the probit scale
    (``q' = Phi(Phi^-1(q) + d)``) that best restores their coverage, and if the
    folds agree on its sign and size (a t-test across the folds at
    ``SHIFT_ALPHA``) the shift fitted on all folds is used ("level shift"). A
    recency-weighted fit lags a steady drift by the same amount on every fold;
    a change of process shows on the later folds only, which the t-test rejects
    (and which usually passes the maps' bar first).

    Never worse than the reference classes it is compared with: on the latest
    fold, the model as it would have stood then (fitted before the fold, with
    the recalibration from the earlier folds) is scored against the global and
    per-assignee ratio baselines and log-quantile stacks of each with the model
    (``STACK_WEIGHTS``). A stack is used, refitted on all the history, only when
    its mean log pinball is lower by more than ``STACK_MARGIN`` with
    calibration within the fold's noise; ``summary(by="selection")`` shows the
    scores and the reason. A history too short for a fold of 50 tasks cannot
    be checked at all: the model is then stacked half and half with the global
    ratio (``SMALL_HISTORY_WEIGHT``), and a ``SmallSampleWarning`` says so. A
    stack's ``cdf`` and ``pit`` invert its quantiles by bisection.

    The tail is learnt and bounded. Above the 95th percentile of each side's
    misses, the quantiles of ``Z`` follow a generalised Pareto tail fitted by
    probability-weighted moments, so simulated actuals can go beyond the largest
    miss seen, as far as the fitted shape supports. No draw's ratio
    actual/estimate exceeds ``TAIL_CAP`` (2) times the largest ratio observed in
    the task's size band (bands with under 30 tasks: the whole history), nor
    falls below the smallest divided by 2; and estimates outside the training
    range are not extrapolated (a 10-second task gets the ratios of the smallest
    estimates seen), so tiny estimates cannot explode.

    Booked actuals are discrete. When the actuals are booked in a unit (quarter
    hours, pomodoros, minutes), the predictive distribution of a task whose
    estimate is a whole number of units is rounded to the nearest unit (at
    least one), as the booking rounds the work (the nearest inside the tail
    bounds; a value with no booked one inside them stays): quantiles and draws
    are booked values, and ``cdf``, ``pit`` and ``predict_proba`` count each
    booked value's whole cell (half a unit either side). A continuous quantile
    between two booked values misses every actual heaped on the one it passes
    (calibration error on the coarse-grid shape 0.000-0.027 continuous,
    0.000-0.006 booked; README). The fit itself (half-life, recalibration,
    stacks) works on the continuous model.

    Examples
    --------
    >>> from pmo_forecast import load_sample, EstimationAccuracyModel
    >>> tasks = load_sample().tasks
    >>> model = EstimationAccuracyModel(random_state=0).fit(tasks)
    >>> model.predict_quantiles(tasks.head(3)).shape
    (3, 3)
    """

    def __init__(self, factors=FACTORS, calibration_share=0.4, half_life_days="auto",
                 min_tasks=30, calibration_folds=5, random_state=None, booking_unit="auto"):
        self.calibration_folds = calibration_folds
        self.booking_unit = booking_unit
        self.factors = factors
        self.calibration_share = calibration_share
        self.half_life_days = half_life_days
        self.min_tasks = min_tasks
        self.random_state = random_state

    def set_params(self, **params):
        """Set parameters (scikit-learn's ``set_params``); an unknown name raises ``ValueError`` naming the valid ones."""
        valid = self._get_param_names()
        for k in params:
            if k not in valid:
                raise ValueError(f"{type(self).__name__}: unknown parameter {k!r}; valid ones are {valid}.")
        return super().set_params(**params)

    def _check_fitted(self, attr: str = "coef_"):
        if not hasattr(self, attr):
            raise NotFittedError(f"This {type(self).__name__} is not fitted yet; call fit(tasks) first.")

    # --- fitting --------------------------------------------------------------
    def fit(self, tasks: pd.DataFrame, y=None):
        """Learn from finished tasks (status done, estimate > 0, actual > 0); returns ``self``."""
        if not 0 <= self.calibration_share < 1:
            raise ValueError(f"calibration_share must be in [0, 1), got {self.calibration_share!r}.")
        data = finished_tasks(tasks)
        unit = resolve_unit(self.booking_unit, data[S.ACTUAL])
        if len(data) < self.min_tasks:
            raise ValueError(f"EstimationAccuracyModel.fit: only {len(data)} finished tasks with estimate > 0 "
                             f"and actual > 0; at least min_tasks={self.min_tasks} are needed.")
        rng = np.random.default_rng(self.random_state)
        n_cal = int(round(self.calibration_share * len(data)))
        auto = isinstance(self.half_life_days, str)
        if auto and self.half_life_days != "auto":
            raise ValueError(f"half_life_days must be a number of days, None or 'auto', got {self.half_life_days!r}.")
        candidates = HALF_LIVES if auto else (self.half_life_days,)
        cal_map, half_life = _GRID.copy(), candidates[0]
        stack = None
        self.selection_ = pd.DataFrame(columns=SELECTION_COLUMNS)
        folds = max(1, min(int(self.calibration_folds), n_cal // 50))
        n_fold = n_cal // folds
        self.recalibration_ = {"strategy": "none", "reason": "no recalibration (calibration_share=0)"}
        if n_fold >= 50 and len(data) - n_cal >= self.min_tasks:
            # rolling origin: fit up to each fold, score the fold; folds pooled
            cuts = [len(data) - n_cal + k * n_fold for k in range(folds)] + [len(data)]
            # fold models learn from at most the latest FOLD_FIT_MAX tasks before the fold: keeps fitting O(n)
            # with a small constant on millions of tasks (the final model uses everything)
            # (one design per fold, shared by the half-life candidates: only their weights differ)
            designs = [self._design(data.iloc[max(0, a - FOLD_FIT_MAX):a]) for a in cuts[:-1]]
            fits = [[self._fit_parts(None, h, designs[k]) for h in candidates] for k in range(len(designs))]
            # the fold's codes against its training levels, the same for every candidate: computed once
            fold_codes = [self._codes(data.iloc[a:cuts[k + 1]], designs[k]["factors"], designs[k]["levels"])
                          for k, a in enumerate(cuts[:-1])]
            scores = np.zeros(len(candidates))
            if len(candidates) > 1:
                for k, a in enumerate(cuts[:-1]):
                    scores += [self._pinball(f, data.iloc[a:cuts[k + 1]], fold_codes[k]) for f in fits[k]]
            best = int(np.argmin(scores))
            half_life = candidates[best]
            pits = [self._raw_pit(fits[k][best], data.iloc[a:cuts[k + 1]], rng, fold_codes[k])
                    for k, a in enumerate(cuts[:-1])]
            pits = [u[np.isfinite(u)] for u in pits]
            cal_map, self.recalibration_ = _choose_recalibration(pits)
            # never worse than the reference classes: on the latest fold, the model as it would have stood
            # (its map from the earlier folds only) against quantile stacks with the ratio baselines
            fold_map = _strategy_map(self.recalibration_["strategy"], pits[:-1])
            stack, self.selection_ = self._choose_stack(fits[-1][best], fold_map,
                                                        data.iloc[max(0, cuts[-2] - FOLD_FIT_MAX):cuts[-2]],
                                                        data.iloc[cuts[-2]:], fold_codes[-1])
        elif self.calibration_share > 0:
            # nothing to check the model against: hedge it with the team's ratio distribution
            self.recalibration_ = {"strategy": "none", "reason": f"only {len(data)} tasks: too few to recalibrate"}
            stack = {"weight": SMALL_HISTORY_WEIGHT, "by": None}
            reason = (f"only {len(data)} finished tasks: too few to check the model forward in time (folds of at "
                      "least 50 tasks), so it is stacked half and half with the global ratio distribution")
            self.selection_ = pd.DataFrame([{"weight_on_model": SMALL_HISTORY_WEIGHT, "reference": _REF_NAMES[None],
                                             "pinball": np.nan, "max_cal_err": np.nan, "chosen": True,
                                             "reason": reason}],
                                           index=pd.Index([_stack_name(SMALL_HISTORY_WEIGHT, None)],
                                                          name="component"))
            warnings.warn(f"Only {len(data)} finished tasks: too few to recalibrate on recent history or to check "
                          "the model against the baselines; quantiles are uncalibrated, half the model's and half "
                          "the global ratio distribution's.", SmallSampleWarning, stacklevel=2)
        self.half_life_ = half_life
        self._parts_ = p = self._fit_parts(data, half_life)
        self.calibration_map_ = cal_map
        if stack is not None:  # the chosen reference, refitted on all the history
            stack = {**stack, "ref": _reference(data, stack["by"])}
        self._stack_ = stack
        self.stack_weight_ = 1.0 if stack is None else stack["weight"]
        bias = p["bias"]
        self.coef_ = bias["coef"]
        self.tau_ = dict(zip(p["factors"], np.sqrt(bias["taus"]), strict=True))
        self.effects_ = {f: pd.DataFrame({"effect": bias["effects"][j][:-1], "effect_sd": bias["sds"][j][:-1],
                                          "p_exact": p["exact"]["effects"][j][:-1]},
                                         index=pd.Index(p["levels"][j], name=f))
                         for j, f in enumerate(p["factors"])}
        self.n_tasks_ = len(data)
        self.booking_unit_ = unit
        self._groups_ = self._group_table(data)
        return self

    def _choose_stack(self, parts, cal_map, before, fold, codes=None):
        """Score the model and its quantile stacks with the ratio baselines on ``fold``; pick the best.

        Returns (stack or None, selection table). A stack replaces the model only
        when its mean log pinball on the fold is lower by more than ``STACK_MARGIN``
        and its calibration is as good (within the coverage noise of the fold,
        ``sqrt(0.25 / n)``); ties keep the model. ``codes``: the fold's factor codes
        against ``parts``' levels, when already computed.
        """
        act = fold[S.ACTUAL].to_numpy(dtype=float)
        levels = np.arange(1, 10) / 10
        rows = []
        for by in (None, S.ASSIGNEE):
            if by is not None and S.ASSIGNEE not in before.columns:
                continue
            ref = _reference(before, by)
            for w in STACK_WEIGHTS:
                if w == 1.0 and rows:
                    continue
                q = self._quantiles_with(parts, cal_map, {"weight": w, "ref": ref}, fold, levels[:, None], codes)
                d = np.log(act)[None, :] - np.log(q)
                pin = float(np.nanmean(np.maximum(levels[:, None] * d, (levels[:, None] - 1) * d)))
                cal = max(calibration_error(lv, calibration_interval(act, q[i]))
                          for i, lv in enumerate(levels) if lv in (0.1, 0.5, 0.8, 0.9))
                name = _stack_name(w, by)
                rows.append({"component": name, "weight_on_model": w, "reference": None if w == 1 else _REF_NAMES[by],
                             "by": by, "pinball": pin, "max_cal_err": cal})
        tab = pd.DataFrame(rows)
        model = tab.iloc[0]
        # calibration as good: within the coverage noise of a fold this size (sd of a share near 0.5)
        tol = max(0.005, float(np.sqrt(0.25 / len(fold))))
        ok = (tab["pinball"] < model["pinball"] * (1 - STACK_MARGIN)) & (tab["max_cal_err"] <= model["max_cal_err"] + tol)
        win = int(tab.loc[ok, "pinball"].idxmin()) if ok.any() else 0
        tab["chosen"] = tab.index == win
        base = tab[tab["weight_on_model"] == 0.0]
        best_base = base.loc[base["pinball"].idxmin()]
        if win == 0:
            reason = (f"the model's log pinball on the latest {len(fold)} training tasks, {model['pinball']:.4f}, "
                      f"is {1 - model['pinball'] / best_base['pinball']:.1%} below the best reference class "
                      f"({best_base['reference']}); no stack beat it by {STACK_MARGIN:.1%}")
        else:
            reason = (f"on the latest {len(fold)} training tasks this stack's log pinball, {tab.loc[win, 'pinball']:.4f}, "
                      f"beat the model's {model['pinball']:.4f} by {1 - tab.loc[win, 'pinball'] / model['pinball']:.1%} "
                      f"with calibration within noise ({tab.loc[win, 'max_cal_err']:.3f} against "
                      f"{model['max_cal_err']:.3f})")
        tab["reason"] = np.where(tab["chosen"], reason, "")
        chosen = tab.loc[win]
        by = None if pd.isna(chosen["by"]) else chosen["by"]  # a table cell holds "no grouping" as NaN
        stack = None if win == 0 else {"weight": float(chosen["weight_on_model"]), "by": by}
        return stack, tab.set_index("component")[SELECTION_COLUMNS]

    def _quantiles_with(self, parts, cal_map, stack, tasks, u, codes=None):
        """Calibrated quantiles at levels ``u``, stacked with the reference when a stack is given."""
        comp = self._components(parts, tasks, codes)
        out = self._raw_ppf(comp, _on_grid(np.asarray(u, dtype=float), cal_map))
        if stack is not None and stack["weight"] < 1.0:
            ref = _reference_ppf(stack["ref"], tasks, u)
            w = stack["weight"]
            with np.errstate(divide="ignore"):
                out = np.exp(w * np.log(out) + (1 - w) * np.log(ref)) if w > 0 else ref
        return out

    def _stacked_cdf(self, tasks, hours, strict=False):
        """``P(A <= hours)`` (``P(A < hours)`` if strict) of the stacked distribution, by bisection on the level."""
        h = np.asarray(hours, dtype=float)
        lo, hi = np.zeros(len(tasks)), np.ones(len(tasks))
        for _ in range(30):
            mid = 0.5 * (lo + hi)
            q = self._quantiles_with(self._parts_, self.calibration_map_, self._stack_, tasks, mid)
            below = q < h if strict else q <= h
            lo, hi = np.where(below, mid, lo), np.where(below, hi, mid)
        return np.where(np.isfinite(h), 0.5 * (lo + hi), np.nan)

    def _codes(self, tasks, factors, levels):
        return [pd.Index(lv).get_indexer(pd.Index(_factor_values(tasks, f))) for f, lv in
                zip(factors, levels, strict=True)]

    def _pinball(self, parts, data, codes=None) -> float:
        """Mean log pinball loss of the raw model over levels 0.1, ..., 0.9 (to choose the half-life)."""
        levels = np.arange(1, 10) / 10
        pred = np.log(self._raw_ppf(self._components(parts, data, codes), levels[:, None]))
        d = np.log(data[S.ACTUAL].to_numpy(dtype=float))[None, :] - pred
        return float(np.nanmean(np.maximum(levels[:, None] * d, (levels[:, None] - 1) * d)))

    def _design(self, data: pd.DataFrame) -> dict:
        """What a fit on ``data`` needs that does not depend on the recency half-life.

        Computed once per training slice and shared by the fits of every
        ``HALF_LIVES`` candidate on it: the half-life only changes the weights,
        while the factor codes (string work in pandas) are the costly part.
        """
        est = data[S.ESTIMATE].to_numpy(dtype=float)
        act = data[S.ACTUAL].to_numpy(dtype=float)
        factors = [f for f in self.factors if all(p in (SIZE_BAND, ESTIMATE_VALUE) or p in data.columns
                                                   for p in f.split(":"))]
        levels, codes = [], []
        for f in factors:
            c, lv = pd.factorize(pd.Series(_factor_values(data, f), dtype=object), use_na_sentinel=True)
            codes.append(c.astype(np.int64))
            levels.append(np.asarray(lv, dtype=object))
        age = None
        if S.FINISHED in data.columns:
            age = (data[S.FINISHED].max() - data[S.FINISHED]).dt.days.to_numpy(dtype=float, na_value=0.0)
        return {"est": est, "act": act, "factors": factors, "levels": levels, "codes": codes, "age": age}

    def _fit_parts(self, data: pd.DataFrame, half_life, design: dict | None = None) -> dict:
        d = self._design(data) if design is None else design
        est, act, factors, levels, codes = d["est"], d["act"], d["factors"], d["levels"], d["codes"]
        x = np.log(est)
        exact = np.abs(act - est) <= _EPS * est
        over = ~exact & (act > est)
        sizes = [len(lv) for lv in levels]
        w = np.ones(len(est))
        if half_life and d["age"] is not None:
            w = 0.5 ** (d["age"] / float(half_life))
            w = w / w.mean()
        cont = ~exact
        band = np.searchsorted(np.asarray(SIZE_EDGES[1:-1]), est, side="left").astype(np.int64)
        if cont.sum() < 10:
            raise ValueError("EstimationAccuracyModel.fit: almost every actual equals its estimate; "
                             "there is nothing to learn about the spread.")

        def sub(mask):
            return [c[mask] for c in codes]

        parts = {"factors": factors, "levels": levels, "x_range": (float(x.min()), float(x.max())),
                 "bounds": _ratio_bounds(est, act),
                 # P(exact) on all tasks, P(over | not exact) on the rest: pooled linear probabilities
                 "exact": _linear(exact.astype(float), x, codes, sizes, w),
                 "over": _linear(over[cont].astype(float), x[cont], sub(cont), sizes, w[cont]),
                 # size of the miss, log(log(actual/estimate)) or log(log(estimate/actual)), on each side
                 "up": _side(np.log(np.log(act[over] / est[over])), x[over], sub(over), sizes, w[over],
                             band[over]),
                 "down": _side(np.log(np.log(est[cont & ~over] / act[cont & ~over])), x[cont & ~over],
                               sub(cont & ~over), sizes, w[cont & ~over], band[cont & ~over]),
                 # the interpretable bias: log(actual) of non-exact tasks, pooled (reported by summary)
                 "bias": _linear(np.log(act[cont]), x[cont], sub(cont), sizes, w[cont])}
        return parts

    # --- the predictive distribution -----------------------------------------
    def _components(self, parts, tasks, codes=None):
        """Per task: estimate, P(under), P(exact), P(over), and each side's location and spread.

        ``codes``: the tasks' factor codes against ``parts``' levels (:meth:`_codes`), when the
        caller already has them (the fit scores one fold with several models of the same levels).
        """
        if S.ESTIMATE not in tasks.columns:
            raise SchemaError(f"tasks: column {S.ESTIMATE!r} is missing; forecasts need an estimate per task.",
                              column=S.ESTIMATE)
        est = pd.to_numeric(tasks[S.ESTIMATE], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        est = np.where(est > 0, est, np.nan)
        # outside the estimates seen in training the lines are not extrapolated: a 10-second or a
        # 1,000-hour estimate gets the ratios of the smallest or largest estimate seen
        x = np.clip(np.log(est), *parts.get("x_range", (-np.inf, np.inf)))
        if codes is None:
            codes = self._codes(tasks, parts["factors"], parts["levels"])
        p_x = np.clip(_predict_linear(parts["exact"], x, codes), 0.0, 0.98)
        q_o = np.clip(_predict_linear(parts["over"], x, codes), 0.01, 0.99)
        p_o = (1 - p_x) * q_o
        p_u = 1 - p_x - p_o
        band = np.searchsorted(np.asarray(SIZE_EDGES[1:-1]), np.nan_to_num(est, nan=1.0), side="left")
        # the spread's size band follows the clipped estimate, as its line does
        sband = np.searchsorted(np.asarray(SIZE_EDGES[1:-1]), np.nan_to_num(np.exp(x), nan=1.0), side="left")
        up = (_predict_linear(parts["up"], x, codes), parts["up"]["z"], _spread(parts["up"], x, sband))
        down = (_predict_linear(parts["down"], x, codes), parts["down"]["z"], _spread(parts["down"], x, sband))
        bounds = parts["bounds"][0][band], parts["bounds"][1][band]
        return est, p_u, p_x, p_o, up, down, bounds

    @staticmethod
    def _raw_ppf(comp, v):
        est, p_u, p_x, p_o, (mu_o, z_o, s_o), (mu_u, z_u, s_u), (r_lo, r_hi) = comp
        shape = np.broadcast_shapes(np.shape(v), est.shape)
        v = np.broadcast_to(v, shape)
        out = np.array(np.broadcast_to(est, shape))  # the point mass, overwritten on either side

        def at(a, mask):
            return np.broadcast_to(a, shape)[mask]

        below = v < np.broadcast_to(p_u, shape)
        above = v > np.broadcast_to(p_u + p_x, shape)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            if below.any():
                g = _on_grid(1 - v[below] / at(p_u, below), z_u)
                out[below] = at(est, below) * np.exp(-np.exp(at(mu_u, below) + at(s_u, below) * g))
            if above.any():
                g = _on_grid((v[above] - at(p_u + p_x, above)) / at(p_o, above), z_o)
                out[above] = at(est, above) * np.exp(np.exp(at(mu_o, above) + at(s_o, above) * g))
        # the bounded tail: never beyond TAIL_CAP times the band's most extreme observed ratio
        return np.clip(out, est * np.exp(r_lo), est * np.exp(r_hi))

    @staticmethod
    def _raw_cdf(comp, hours):
        """Raw (uncalibrated) ``P(A < hours)`` and ``P(A <= hours)``; they differ only at the estimate."""
        est, p_u, p_x, p_o, (mu_o, z_o, s_o), (mu_u, z_u, s_u), (r_lo, r_hi) = comp
        with np.errstate(divide="ignore", invalid="ignore"):
            lr = np.log(hours / est)
            g = np.log(np.abs(lr))
            f_u = p_u * (1 - np.interp((g - mu_u) / s_u, z_u, _GRID))
            f_o = p_u + p_x + p_o * np.interp((g - mu_o) / s_o, z_o, _GRID)
        exact = np.abs(hours - est) <= _EPS * est
        lo = np.where(exact, p_u, np.where(hours < est, f_u, f_o))
        hi = np.where(exact, p_u + p_x, lo)
        with np.errstate(invalid="ignore"):
            lo = np.where(lr >= r_hi, 1.0, np.where(lr < r_lo, 0.0, lo))
            hi = np.where(lr >= r_hi, 1.0, np.where(lr < r_lo, 0.0, hi))
        return lo, hi

    def _raw_pit(self, parts, data, rng, codes=None):
        comp = self._components(parts, data, codes)
        act = pd.to_numeric(data[S.ACTUAL], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        lo, hi = self._raw_cdf(comp, act)
        u = lo + rng.random(len(act)) * (hi - lo)
        return np.where(np.isfinite(act) & (act > 0) & np.isfinite(comp[0]), u, np.nan)

    def cdf(self, tasks: pd.DataFrame, hours, strict: bool = False) -> np.ndarray:
        """Calibrated chance that each task's actual is at most ``hours`` (array-like, one per task).

        ``strict``: the chance that it is below ``hours``; the two differ where
        the distribution has mass (the estimate, a booked value).
        """
        self._check_fitted()
        return self._cdf(self._components(self._parts_, tasks), tasks, hours, strict)

    def _cdf(self, comp, tasks, hours, strict=False):
        """:meth:`cdf` from the tasks' components ``comp``, for callers that need it twice or need ``comp`` too."""
        h = np.broadcast_to(np.asarray(hours, dtype=float), comp[0].shape)
        booked_task = on_unit(comp[0], self.booking_unit_)
        if booked_task.any():  # a booked value collects its whole cell
            h = np.where(booked_task, booked_edge(h, self.booking_unit_, strict), h)
        if self._stack_ is not None:
            f = self._stacked_cdf(tasks, np.where(h > 0, h, np.nan), strict)
            return np.where(np.isfinite(comp[0]), np.where(h > 0, f, np.where(np.isfinite(h), 0.0, np.nan)), np.nan)
        lo, hi = self._raw_cdf(comp, np.where(h > 0, h, np.nan))
        raw = lo if strict else hi
        out = np.where(np.isfinite(h), 0.0, np.nan)  # no hours (or under one booked unit): nothing below
        ok = np.isfinite(raw)
        out[ok] = _inverse_map(raw[ok], self.calibration_map_)
        return np.where(np.isfinite(comp[0]), out, np.nan)

    def ppf(self, tasks: pd.DataFrame, u, at_least=None) -> np.ndarray:
        """Predicted actual hours at probability levels ``u`` (broadcast to ``(n, len(tasks))``).

        ``at_least`` (hours per task, NaN for none) conditions on the actual
        exceeding it, e.g. the hours already booked on work in progress: level
        ``u`` then means ``F(at_least) + u * (1 - F(at_least))``. Rows without a
        usable estimate give NaN.
        """
        self._check_fitted()
        comp = self._components(self._parts_, tasks)
        u = np.asarray(u, dtype=float)
        if at_least is not None:
            f0 = self._cdf(comp, tasks, at_least)
            f0 = np.where(np.isfinite(f0), f0, 0.0)
            u = f0 + u * (1 - f0)
        if self._stack_ is not None:
            out = self._quantiles_with(self._parts_, self.calibration_map_, self._stack_, tasks, u)
        else:
            out = self._raw_ppf(comp, _on_grid(u, self.calibration_map_))
        booked_task = on_unit(comp[0], self.booking_unit_)
        if booked_task.any():  # booked values, inside the tail bounds
            est, (r_lo, r_hi) = comp[0], comp[-1]
            bounded = booked(out, self.booking_unit_, low=est * np.exp(r_lo), high=est * np.exp(r_hi))
            out = np.where(booked_task, bounded, out)
        if at_least is not None:  # the grid's interpolation can land a hair below the bound
            out = np.maximum(out, np.nan_to_num(np.asarray(at_least, dtype=float), nan=0.0))
        return out

    def pit(self, tasks: pd.DataFrame, random_state=None) -> np.ndarray:
        """Randomised probability integral transform of each task's actual hours under the model.

        Uniform within the point mass when the actual equals the estimate, and
        within a booked value's cell when actuals are booked in a unit; NaN
        where the actual or the estimate is missing or not positive. Under a
        calibrated model the values are uniform on (0, 1).
        """
        self._check_fitted()
        if S.ACTUAL not in tasks.columns:
            return np.full(len(tasks), np.nan)
        rng = np.random.default_rng(random_state)
        if self._stack_ is not None or self.booking_unit_ is not None:
            act = pd.to_numeric(tasks[S.ACTUAL], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
            act = np.where(act > 0, act, np.nan)
            comp = self._components(self._parts_, tasks)
            lo, hi = self._cdf(comp, tasks, act, strict=True), self._cdf(comp, tasks, act)
            return lo + rng.random(len(act)) * (hi - lo)
        u = self._raw_pit(self._parts_, tasks, rng)
        ok = np.isfinite(u)
        out = np.full(len(u), np.nan)
        out[ok] = _inverse_map(u[ok], self.calibration_map_)
        return out

    def predict_proba(self, tasks: pd.DataFrame) -> pd.DataFrame:
        """Chance that each task's actual comes in under, exactly on, or over its estimate.

        Calibrated like the quantiles: ``under`` is the level of the last
        quantile below the estimate. Columns ``under``, ``exact``, ``over``; same index.
        """
        self._check_fitted()
        comp = self._components(self._parts_, tasks)
        est = comp[0]
        under, at_or_below = self._cdf(comp, tasks, est, strict=True), self._cdf(comp, tasks, est)
        out = pd.DataFrame({"under": under, "exact": at_or_below - under, "over": 1 - at_or_below},
                           index=tasks.index)
        out.loc[~np.isfinite(est)] = np.nan
        return out

    def quantile_table(self, tasks: pd.DataFrame, n_levels: int = 200, at_least=None) -> np.ndarray:
        """Predicted hours at levels ``(k + 0.5) / n_levels``: array ``(len(tasks), n_levels)``.

        Resampling integer column indices uniformly from this table simulates
        the predictive distribution quickly. The last column holds the mean of
        the top ``1 / n_levels`` of the distribution (``TOP_SUBLEVELS`` levels
        across it) rather than its midpoint, so that a row's average is the
        distribution's mean: with the midpoint the skewed top block was cut, and
        summed means came out about 1% low. Rows without an estimate are NaN.
        ``at_least`` conditions on hours already spent, as in :meth:`ppf`.
        """
        levels = (np.arange(n_levels) + 0.5) / n_levels
        out = np.ascontiguousarray(self.ppf(tasks, levels[:, None], at_least=at_least).T)
        top = 1.0 - (np.arange(TOP_SUBLEVELS) + 0.5) / (TOP_SUBLEVELS * n_levels)
        out[:, -1] = self.ppf(tasks, top[:, None], at_least=at_least).mean(axis=0)
        return out

    def predict_quantiles(self, tasks: pd.DataFrame, quantiles=(0.1, 0.5, 0.9)) -> pd.DataFrame:
        """Predicted actual hours at each quantile: same index as ``tasks``, float column labels."""
        q = np.atleast_1d(np.asarray(quantiles, dtype=float))
        if np.any((q <= 0) | (q >= 1)):
            raise ValueError(f"quantiles must lie strictly between 0 and 1, got {list(q)}.")
        vals = self.ppf(tasks, q[:, None]).T
        return pd.DataFrame(vals, index=tasks.index, columns=[float(v) for v in q])

    def sample(self, tasks: pd.DataFrame, n_draws: int = 1000, random_state=None) -> np.ndarray:
        """Simulated actual hours, array ``(n_draws, len(tasks))``; ``random_state`` defaults to the model's."""
        self._check_fitted()
        rng = np.random.default_rng(self.random_state if random_state is None else random_state)
        return self.ppf(tasks, rng.random((int(n_draws), len(tasks))))

    # --- reporting ------------------------------------------------------------
    def _group_table(self, data: pd.DataFrame) -> dict:
        est = data[S.ESTIMATE].to_numpy(dtype=float)
        ratio = data[S.ACTUAL].to_numpy(dtype=float) / est
        exact = np.abs(ratio - 1) <= _EPS
        out = {}
        for f in self._parts_["factors"]:
            g = pd.DataFrame({"g": _factor_values(data, f), "r": ratio, "over": ratio > 1 + _EPS, "exact": exact})
            grp = g.groupby("g", sort=True)
            agg = grp.agg(n_tasks=("r", "size"), median_ratio=("r", "median"), share_over=("over", "mean"),
                          share_exact=("exact", "mean"))
            # reindexed: a factor with no values at all (an empty task_type column) has no groups
            qs = grp["r"].quantile([0.1, 0.9]).unstack().reindex(columns=[0.1, 0.9])
            agg["ratio_p10"], agg["ratio_p90"] = qs[0.1], qs[0.9]
            eff = self.effects_[f]
            agg["bias"] = eff["effect"].reindex(agg.index).to_numpy()
            agg["bias_sd"] = eff["effect_sd"].reindex(agg.index).to_numpy()
            agg["bias_factor"] = np.exp(agg["bias"])
            agg.index.name = f
            if f == SIZE_BAND:
                agg = agg.reindex([b for b in SIZE_LABELS if b in agg.index])
            out[f] = agg
        return out

    def summary(self, by: str = S.ASSIGNEE) -> pd.DataFrame:
        """Accuracy by group: counts, ratio actual/estimate statistics and the pooled bias.

        Parameters
        ----------
        by : str
            ``"assignee"``, ``"task_type"``, ``"project_id"`` or ``"size_band"``;
            or ``"selection"``: which component won on the latest validation fold
            of the training history and why (see :attr:`selection_`).

        Returns
        -------
        pandas.DataFrame
            One row per group: ``n_tasks``, ``median_ratio``, ``share_over``,
            ``share_exact``, ``ratio_p10``, ``ratio_p90``, ``bias`` (shrunk
            log-scale effect on actual hours, other factors held fixed),
            ``bias_sd`` (its posterior sd) and ``bias_factor`` (``exp(bias)``).
        """
        self._check_fitted()
        if by == "selection":
            return self.selection_.copy()
        if by not in self._groups_:
            raise ValueError(f"summary(by={by!r}): choose one of {sorted(self._groups_) + ['selection']}.")
        return self._groups_[by].copy()

    def plot(self, by: str = S.ASSIGNEE, ax=None):
        """Forest plot of each group's pooled bias factor with a 95% interval; returns the Axes."""
        import matplotlib.pyplot as plt

        t = self.summary(by).sort_values("bias")
        ax = ax if ax is not None else plt.subplots(figsize=(6, 0.25 * len(t) + 1.5))[1]
        ypos = np.arange(len(t))
        lo, hi = np.exp(t["bias"] - 1.96 * t["bias_sd"]), np.exp(t["bias"] + 1.96 * t["bias_sd"])
        ax.hlines(ypos, lo, hi, color="0.6")
        ax.scatter(t["bias_factor"], ypos, s=12 + 40 * np.sqrt(t["n_tasks"] / t["n_tasks"].max()), zorder=3)
        ax.axvline(1.0, color="k", lw=0.8)
        ax.set_yticks(ypos, [str(i) for i in t.index])
        ax.set_xscale("log")
        ax.set_xlabel("pooled bias factor on actual hours (other factors held fixed)")
        ax.set_title(f"Estimation bias by {by}")
        return ax


def _ratio_bounds(est, act):
    """Per size band, log of the smallest and largest ratio a draw may take (``TAIL_CAP`` beyond the observed).

    Returns two arrays over ``SIZE_LABELS``; bands with fewer than ``TAIL_MIN_BAND``
    tasks take the whole history's extremes.
    """
    lr = np.log(act / est)
    band = np.searchsorted(np.asarray(SIZE_EDGES[1:-1]), est, side="left")
    lo = np.full(len(SIZE_LABELS), lr.min())
    hi = np.full(len(SIZE_LABELS), lr.max())
    for b in range(len(SIZE_LABELS)):
        sel = lr[band == b]
        if len(sel) >= TAIL_MIN_BAND:
            lo[b], hi[b] = sel.min(), sel.max()
    cap = np.log(TAIL_CAP)
    return lo - cap, hi + cap


#: Weights on the model tried when stacking its quantiles with a reference class (1: the model alone).
STACK_WEIGHTS = (1.0, 0.75, 0.5, 0.25, 0.0)
#: A stack replaces the model only when its log pinball on the latest fold is lower by more than this share.
STACK_MARGIN = 0.005
#: Weight on the model in its stack with the global ratio when the history is too short to check it
#: forward in time (no fold of 50 tasks): an equal-weight hedge. On 42-105-task training histories of
#: the six test-bench shapes (six seeds each) its mean log pinball was lower than the model alone's by
#: 0.6-8.4 points (in % of the global ratio's) on 17 of 18 shape-sizes and 0.3 higher on one, with
#: calibration about the same (mean max error 0.125 against 0.123, on test sets of 18-45 tasks).
SMALL_HISTORY_WEIGHT = 0.5
SELECTION_COLUMNS = ["weight_on_model", "reference", "pinball", "max_cal_err", "chosen", "reason"]
_REF_NAMES = {None: "global ratio", S.ASSIGNEE: "per-assignee ratio"}
_REF_GRID = np.linspace(0.0, 1.0, 201)
#: A person needs this many finished tasks for their own ratio table in the per-assignee reference.
REF_MIN_TASKS = 10


def _stack_name(weight, by) -> str:
    """A component's name in the selection table: ``"model"`` or ``"75% model + 25% global ratio"``."""
    return "model" if weight == 1.0 else f"{weight:.0%} model + {1 - weight:.0%} {_REF_NAMES[by]}"


def _reference(data, by):
    """Ratio actual/estimate quantile tables: one for everyone (``by=None``) or per assignee, the global last."""
    ratio = (data[S.ACTUAL] / data[S.ESTIMATE]).to_numpy(dtype=float)
    glob = np.quantile(ratio, _REF_GRID)
    if by is None:
        return {"by": None, "keys": pd.Index([]), "table": glob[None, :]}
    who = pd.Series(_factor_values(data, by), dtype=object)
    counts = who.value_counts()
    keys = pd.Index([k for k in counts.index[counts >= REF_MIN_TASKS]])
    codes = keys.get_indexer(who)
    order = np.argsort(codes, kind="stable")
    rows = [np.quantile(r, _REF_GRID) for r in np.split(ratio[order], np.searchsorted(codes[order], np.arange(len(keys))))[1:]]
    return {"by": by, "keys": keys, "table": np.vstack(rows + [glob]) if rows else glob[None, :]}


def _reference_ppf(ref, tasks, u):
    """The reference class's quantiles at levels ``u`` (broadcast against the tasks)."""
    est = pd.to_numeric(tasks[S.ESTIMATE], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    est = np.where(est > 0, est, np.nan)
    if ref["by"] is None:
        codes = np.zeros(len(tasks), dtype=np.intp)
    else:
        codes = ref["keys"].get_indexer(pd.Index(_factor_values(tasks, ref["by"])))
        codes = np.where(codes >= 0, codes, len(ref["keys"]))
    t = ref["table"]
    pos = np.clip(np.asarray(u, dtype=float), 0.0, 1.0) * (t.shape[1] - 1)
    i = np.minimum(pos.astype(np.intp), t.shape[1] - 2)
    f = pos - i
    return est * (t[codes, i] * (1 - f) + t[codes, i + 1] * f)


#: Recalibration strategies tried on the rolling-origin folds: (name, fold half-life, share of the
#: map's departure from the identity kept). The fold half-life weighs the PITs of older folds
#: down (None: all folds alike); 0 keeps the model's own levels.
RECALIBRATIONS = (("identity", None, 0.0), ("all folds", None, 1.0), ("all folds, half", None, 0.5),
                  ("recent folds", 1.0, 1.0), ("recent folds, half", 1.0, 0.5))
_CHECK_LEVELS = np.arange(1, 20) / 20
#: A level shift is used when the folds' shifts differ from zero at this level (t-test across folds).
SHIFT_ALPHA = 0.05
SHIFT_STRATEGY = "level shift"
_SHIFTS = np.linspace(-0.6, 0.6, 241)  # probit shifts tried, 0.005 apart
_SHIFTED_LEVELS = stats.norm.cdf(stats.norm.ppf(_CHECK_LEVELS)[None, :] + _SHIFTS[:, None])


def _weighted_map(pits, fold_half_life, keep):
    """Calibration map from the PITs of consecutive folds, older folds weighted down."""
    k = len(pits)
    if keep == 0 or k == 0:
        return _GRID.copy()
    hl = np.inf if fold_half_life is None else fold_half_life
    w = np.concatenate([np.full(len(u), 0.5 ** ((k - 1 - j) / hl)) for j, u in enumerate(pits)])
    return _calibration_map(np.concatenate(pits), w, keep)


def _coverage_error(u, levels):
    """Mean squared distance between the levels 0.05, ..., 0.95 and the share of PITs ``u`` at or
    below ``levels`` (what the model uses for each of them; one row per candidate)."""
    cover = np.searchsorted(np.sort(u), levels, side="right") / len(u)
    return np.mean((cover - _CHECK_LEVELS) ** 2, axis=-1)


def _miscalibration(cal_map, u):
    """Mean squared distance between the levels 0.05, ..., 0.95 and their coverage under the map."""
    return float(_coverage_error(u, np.interp(_CHECK_LEVELS, _GRID, cal_map)))


def _choose_recalibration(pits):
    """Pick the recalibration that would have held best on each later fold, then build it from all folds.

    Every strategy in ``RECALIBRATIONS`` is built from the folds before fold
    ``k`` and scored on fold ``k`` (k = 2, ..., K): strictly forward in time, so
    a map that chases a passing swing in behaviour loses to one that holds. The
    winner (the simplest on a tie) is rebuilt from all K folds. When none beats
    chance and K >= 3, a "level shift" is used if the folds' own probit shifts
    agree (t-test at ``SHIFT_ALPHA``).
    """
    if len(pits) < 2:
        cal = _calibration_map(pits[0]) if pits and len(pits[0]) else _GRID.copy()
        return cal, {"strategy": "all folds", "reason": "one fold: no later fold to choose on", "losses": {}}
    losses = {}
    for name, hl, keep in RECALIBRATIONS:
        losses[name] = float(np.mean([_miscalibration(_weighted_map(pits[:k], hl, keep), pits[k])
                                      for k in range(1, len(pits))]))
    # a perfectly calibrated model still shows this much squared coverage error on a fold, by chance:
    # a strategy must beat the uncalibrated levels by more than that to be used
    noise = float(np.mean(_CHECK_LEVELS * (1 - _CHECK_LEVELS)) / np.mean([len(u) for u in pits[1:]]))
    best = min(losses, key=lambda n: (round(losses[n], 8), list(losses).index(n)))
    if losses["identity"] - losses[best] < noise:
        best = "identity"
    _, hl, keep = next(r for r in RECALIBRATIONS if r[0] == best)
    if best == "identity":
        runner = min((n for n in losses if n != "identity"), key=losses.get)
        reason = (f"no strategy beat the model's own levels by more than chance on {len(pits) - 1} later "
                  f"fold(s) (mean squared coverage error {losses['identity']:.2g}; best other, "
                  f"{runner!r}, {losses[runner]:.2g})")
        if len(pits) > 2 and all(len(u) for u in pits):  # a t-test on two folds: one degree of freedom
            shifts = np.array([_fit_shift(u) for u in pits])
            p = _shift_p_value(shifts)
            listed = ", ".join(f"{x:+.3f}" for x in shifts)
            if p < SHIFT_ALPHA:
                d = _fit_shift(np.concatenate(pits))
                reason += (f"; but every fold's levels were off the same way (probit shifts {listed}; t-test "
                           f"p = {p:.3f} < {SHIFT_ALPHA}): the levels are shifted by {d:+.3f}, fitted on all folds")
                return _shift_map(d), {"strategy": SHIFT_STRATEGY, "reason": reason, "losses": losses,
                                       "shift": d, "fold_shifts": shifts.tolist(), "shift_p": p}
            reason += f"; nor did the folds agree on a level shift (probit shifts {listed}; t-test p = {p:.3f})"
    else:
        reason = (f"held best on {len(pits) - 1} later fold(s): mean squared coverage error "
                  f"{losses[best]:.2g} against {losses['identity']:.2g} uncalibrated")
    return _weighted_map(pits, hl, keep), {"strategy": best, "reason": reason, "losses": losses}


def _strategy_map(strategy, pits):
    """The calibration map a chosen strategy builds from ``pits`` (the identity for none or no PITs)."""
    if not pits:
        return _GRID.copy()
    if strategy == SHIFT_STRATEGY:
        return _shift_map(_fit_shift(np.concatenate(pits)))
    strat = next((r for r in RECALIBRATIONS if r[0] == strategy), None)
    return _weighted_map(pits, strat[1], strat[2]) if strat else _GRID.copy()


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
        out = stats.norm.cdf(stats.norm.ppf(_GRID) + d)
    out[0], out[-1] = 0.0, 1.0
    return out


def _calibration_map(u, w=None, keep=1.0):
    """Quantiles of the PITs on the grid, shrunk towards the identity by how far they exceed noise.

    With n PITs, the quantile at level q wanders about sqrt(q(1-q)/n) even for a perfect
    model; the map keeps the share ``1 - noise / observed`` of its departure from the
    identity (James-Stein style, one factor for the whole map), so a well calibrated
    model on little recent history is not mis-calibrated by chance.
    """
    if w is None:
        raw, n_eff = np.quantile(u, _GRID), len(u)
    else:  # weighted quantiles; Kish's effective size for the noise
        order = np.argsort(u)
        cw = np.cumsum(w[order])
        raw = np.interp(_GRID, (cw - 0.5 * w[order]) / cw[-1], u[order])
        n_eff = cw[-1] ** 2 / np.sum(w * w)
    lev = _CHECK_LEVELS
    dev = np.interp(lev, _GRID, raw) - lev
    noise = np.mean(lev * (1 - lev)) / n_eff
    keep = keep * max(0.0, 1.0 - noise / max(float(np.mean(dev ** 2)), 1e-12))
    out = _GRID + keep * (raw - _GRID)
    out[0], out[-1] = 0.0, 1.0
    return out


def _on_grid(u, table):
    """``np.interp(u, _GRID, table)`` by index arithmetic (the grid is even): no search per value."""
    pos = np.clip(u, 0.0, 1.0) * (len(table) - 1)
    i = np.minimum(pos.astype(np.intp), len(table) - 2)
    f = pos - i
    return table[i] * (1 - f) + table[i + 1] * f


def _inverse_map(u, cal_map):
    """Level q with ``cal_map(q) == u`` (the calibration map is non-decreasing)."""
    # np.interp needs increasing x; flat stretches of the map all give their midpoint
    xs, idx = np.unique(cal_map, return_index=True)
    ys = np.array([_GRID[cal_map == v].mean() for v in xs]) if len(xs) < len(cal_map) else _GRID[idx]
    return np.interp(u, xs, ys)
