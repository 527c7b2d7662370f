"""The forecasting methods PMOs use today, as quantile forecasters to backtest against.

Each baseline has ``fit(tasks)`` and ``predict_quantiles(tasks, quantiles)`` with the
same meaning as :class:`pmo_forecast.EstimationAccuracyModel`, and nothing more. Like the
model, a baseline learns the booking unit of the training actuals (``booking_unit="auto"``)
and books its quantiles of tasks estimated in whole units: the backtest compares like with
like, and the model's margin is not the rounding the baselines were denied.
"""

from __future__ import annotations

import numbers

import numpy as np
import pandas as pd

from ..core import schema as S
from .booking import booked, on_unit, resolve_unit
from .estimator import ParamsMixin
from .features import factor_values, finished_tasks, require_frame
from .quantiles import requested_levels


def _est(tasks) -> np.ndarray:
    require_frame(tasks)
    e = pd.to_numeric(tasks[S.ESTIMATE], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    return np.where(e > 0, e, np.nan)


def _frame(values, tasks, q) -> pd.DataFrame:
    return pd.DataFrame(values, index=tasks.index, columns=[float(v) for v in q])


class _Booked(ParamsMixin):
    """Quantiles booked in the training actuals' unit (:mod:`pmo_forecast.estimation.booking`), as the model's are.

    ``booking_unit``: ``"auto"`` (default) learns it from the training actuals into
    ``booking_unit_``, ``None`` keeps the quantiles continuous, a number of hours sets it.
    """

    def __init__(self, booking_unit="auto"):
        self.booking_unit = booking_unit

    def _learn_unit(self, d):
        if d.empty:  # numpy's IndexError or "zero-size array" from the ratios otherwise
            raise ValueError(f"{type(self).__name__}.fit: no finished tasks with estimate > 0 and actual > 0 "
                             "to learn from.")
        self.booking_unit_ = resolve_unit(self.booking_unit, d[S.ACTUAL])

    def _frame(self, values, tasks, q) -> pd.DataFrame:
        unit = self.booking_unit_
        if unit is not None:
            values = np.where(on_unit(_est(tasks), unit)[:, None], booked(values, unit), values)
        return _frame(values, tasks, q)


def _ratio_quantiles(ratio, q):
    # inverted CDF: the smallest ratio that holds at least q of the history
    return np.quantile(ratio, q, method="inverted_cdf")


class NaiveBaseline(ParamsMixin):
    """Every quantile is the estimate itself (the plan taken at face value)."""

    name = "naive (estimate)"

    def fit(self, tasks, y=None):
        self.coef_ = np.array([1.0])
        return self

    def predict_quantiles(self, tasks, quantiles=(0.1, 0.5, 0.9)):
        self._check_fitted()
        q = requested_levels(quantiles)
        return _frame(np.repeat(_est(tasks)[:, None], len(q), axis=1), tasks, q)


class GlobalRatioBaseline(_Booked):
    """Reference class: the estimate times the organisation's ratio quantiles."""

    name = "global ratio (reference class)"

    def fit(self, tasks, y=None):
        d = finished_tasks(tasks)
        self._learn_unit(d)
        self.ratio_ = (d[S.ACTUAL] / d[S.ESTIMATE]).to_numpy(dtype=float)
        self.coef_ = np.array([np.median(self.ratio_)])
        return self

    def predict_quantiles(self, tasks, quantiles=(0.1, 0.5, 0.9)):
        self._check_fitted()
        q = requested_levels(quantiles)
        return self._frame(_est(tasks)[:, None] * _ratio_quantiles(self.ratio_, q)[None, :], tasks, q)


class AssigneeRatioBaseline(_Booked):
    """Evidence-based scheduling: each person's own ratio quantiles, global below ``min_tasks``."""

    name = "per-assignee ratio (EBS)"

    def __init__(self, min_tasks=10, booking_unit="auto"):
        super().__init__(booking_unit)
        self.min_tasks = min_tasks

    def fit(self, tasks, y=None):
        if isinstance(self.min_tasks, bool) or not isinstance(self.min_tasks, numbers.Real) or not self.min_tasks >= 1:
            raise ValueError(f"min_tasks must be a number of tasks of at least 1, got {self.min_tasks!r}.")
        d = finished_tasks(tasks)
        self._learn_unit(d)
        r = (d[S.ACTUAL] / d[S.ESTIMATE]).to_numpy(dtype=float)
        self.ratio_ = r
        # codes, not ``who == p``: a blank assignee (pd.NA) made the comparison raise; read as the model groups
        # them (' Ann' beside 'Ann' were two people, each with too few tasks of their own)
        codes, people = pd.factorize(factor_values(d, S.ASSIGNEE))
        self.by_person_ = {p: r[codes == k] for k, p in enumerate(people) if (codes == k).sum() >= self.min_tasks}
        self.coef_ = np.array([len(self.by_person_)])
        return self

    def predict_quantiles(self, tasks, quantiles=(0.1, 0.5, 0.9)):
        self._check_fitted()
        q = requested_levels(quantiles)
        require_frame(tasks)
        table = {p: _ratio_quantiles(r, q) for p, r in self.by_person_.items()}
        glob = _ratio_quantiles(self.ratio_, q)
        who = factor_values(tasks, S.ASSIGNEE)
        rq = np.array([table.get(p, glob) if p is not None else glob for p in who]).reshape(len(tasks), len(q))
        return self._frame(_est(tasks)[:, None] * rq, tasks, q)


class LogLogOLSBaseline(_Booked):
    """Log-log least squares of actual on estimate with normal residuals (the published SiP fit).

    Estimates all alike give no slope: the line is then the mean log ratio (slope 1), as
    for the quantile regression.
    """

    name = "log-log OLS (normal)"

    def fit(self, tasks, y=None):
        d = finished_tasks(tasks)
        self._learn_unit(d)
        x, yy = np.log(d[S.ESTIMATE].to_numpy(float)), np.log(d[S.ACTUAL].to_numpy(float))
        xc = x - x.mean()
        sloped = np.ptp(x) > 0
        # closed form: a least-squares solver fails (all estimates 1 h) or warns on equal estimates
        b = float(xc @ (yy - yy.mean()) / (xc @ xc)) if sloped else 1.0
        a = float(yy.mean() - b * x.mean())
        self.coef_ = np.array([a, b])
        self.sigma_ = float(np.std(yy - a - b * x, ddof=2 if sloped else 1))
        return self

    def predict_quantiles(self, tasks, quantiles=(0.1, 0.5, 0.9)):
        self._check_fitted()
        from scipy.stats import norm

        q = requested_levels(quantiles)
        mu = self.coef_[0] + self.coef_[1] * np.log(_est(tasks))
        return self._frame(np.exp(mu[:, None] + self.sigma_ * norm.ppf(q)[None, :]), tasks, q)


class LogLogQuantRegBaseline(_Booked):
    """Linear quantile regression of log(actual) on log(estimate), one line per quantile.

    Each line is the exact minimiser of the pinball loss. With one regressor the loss,
    minimised over the intercept (the q-th quantile of ``y - b x``), is convex in the slope
    ``b``, so a bounded scalar search (scipy's Brent) finds it, about ten times faster than
    statsmodels' ``QuantReg`` (iteratively reweighted least squares), which also stops at
    its iteration limit on some levels with a slightly worse line. Estimates all alike give
    no slope: the line is then the ratio's quantile (slope 1).
    """

    name = "log-log quantile regression"

    #: Slopes searched (log-log; estimates that mean anything give 0 to 2).
    SLOPE_BOUNDS = (-10.0, 10.0)

    def fit(self, tasks, y=None):
        d = finished_tasks(tasks)
        self._learn_unit(d)
        self.x_ = np.log(d[S.ESTIMATE].to_numpy(float))
        self.y_ = np.log(d[S.ACTUAL].to_numpy(float))
        # the distinct (x, y) pairs and how many tasks hold each: estimates and actuals in whole or half hours repeat,
        # so the intercept's order statistic is found among a few thousand residuals, not one per task
        pairs, self._pair_counts = np.unique(np.column_stack([self.x_, self.y_]), axis=0, return_counts=True)
        self._pair_x, self._pair_y = pairs[:, 0].copy(), pairs[:, 1].copy()
        self.coef_ = {}
        return self

    def _line(self, q):
        if q not in self.coef_:
            from scipy.optimize import minimize_scalar

            x, y = self.x_, self.y_
            k = max(int(np.ceil(q * len(y))) - 1, 0)  # the intercept: the k-th smallest residual
            px, py, counts = self._pair_x, self._pair_y, self._pair_counts

            def intercept(b):
                # the k-th smallest of y - b * x, each distinct pair's residual counted as often as it is held (the
                # very value a partition of every task's residual finds, at a fraction of its time)
                r = py - b * px
                order = np.argsort(r)
                return r[order[np.searchsorted(np.cumsum(counts[order]), k, side="right")]]

            def loss(b):
                r = y - b * x - intercept(b)
                return np.sum(np.where(r >= 0, q * r, (q - 1) * r))

            b = 1.0
            if np.ptp(x) > 0:
                b = float(minimize_scalar(loss, bounds=self.SLOPE_BOUNDS, method="bounded",
                                          options={"xatol": 1e-8}).x)
            self.coef_[q] = np.array([intercept(b), b])
        return self.coef_[q]

    def predict_quantiles(self, tasks, quantiles=(0.1, 0.5, 0.9)):
        self._check_fitted()
        q = requested_levels(quantiles)
        x = np.log(_est(tasks))
        vals = np.column_stack([np.exp(self._line(float(v))[0] + self._line(float(v))[1] * x) for v in q])
        return self._frame(vals, tasks, q)


#: The baselines every backtest reports, in order.
BASELINES = (NaiveBaseline, GlobalRatioBaseline, AssigneeRatioBaseline, LogLogOLSBaseline, LogLogQuantRegBaseline)
