"""FittedCopies: a copy fitted on the same history is fitted once, and reusing it changes no number."""

import numpy as np
import pandas as pd
import pytest

from pmo_forecast import EstimationAccuracyModel, backtest
from pmo_forecast.core import schema as S
from pmo_forecast.estimation.refit import FittedCopies, fit_copy
from pmo_forecast.forecasting.overrun import estimate_correlation


class CountingModel:
    """A seeded estimator that counts its fits and remembers the mean ratio it saw."""

    fitted = 0

    def __init__(self, random_state=0, scale=1.0):
        self.random_state, self.scale = random_state, scale

    def get_params(self, deep=True):
        return {"random_state": self.random_state, "scale": self.scale}

    def fit(self, tasks):
        type(self).fitted += 1
        self.ratio_ = float((tasks[S.ACTUAL] / tasks[S.ESTIMATE]).mean()) * self.scale
        return self


def _history(n=60):
    rng = np.random.default_rng(0)
    est = rng.integers(1, 20, n).astype(float)
    return pd.DataFrame({S.TASK_ID: [f"T{i}" for i in range(n)], S.PROJECT_ID: "P", S.STATUS: S.DONE,
                         S.ESTIMATE: est, S.ACTUAL: est * rng.lognormal(0, 0.3, n),
                         S.FINISHED: pd.date_range("2025-01-01", periods=n, freq="D")})


def test_same_rows_in_another_order_are_fitted_once():
    tasks = _history()
    copies = FittedCopies(CountingModel(scale=2.0))
    a = copies.fit(tasks)
    b = copies.fit(tasks.iloc[::-1])  # the same rows: the fit sorts them by finish date
    assert b is a and (copies.fits_, copies.hits_) == (1, 1)
    assert a.scale == 2.0 and a.ratio_ == pytest.approx(2 * (tasks[S.ACTUAL] / tasks[S.ESTIMATE]).mean())


def test_other_rows_values_or_parameters_are_fitted_again():
    tasks = _history()
    copies = FittedCopies(CountingModel())
    first = copies.fit(tasks)
    changed = tasks.copy()
    changed.loc[5, S.ACTUAL] += 1.0  # one value differs
    assert copies.fit(changed) is not first
    assert copies.fit(tasks.head(50)) is not first
    assert (copies.fits_, copies.hits_) == (3, 0)
    other = FittedCopies(CountingModel(scale=3.0))  # other parameters: a copy of its own
    assert other.fit(tasks).ratio_ == pytest.approx(3 * first.ratio_)


def test_unseeded_model_is_never_reused():
    # without an integer seed two fits may differ: each call fits
    tasks = _history()
    copies = FittedCopies(CountingModel(random_state=None))
    assert copies.fit(tasks) is not copies.fit(tasks)
    assert (copies.fits_, copies.hits_) == (2, 0)


def test_oldest_copy_is_dropped_past_max_copies():
    tasks = _history()
    copies = FittedCopies(CountingModel(), max_copies=2)
    first = copies.fit(tasks.head(30))
    copies.fit(tasks.head(40))
    copies.fit(tasks.head(50))
    assert copies.fit(tasks.head(30)) is not first  # dropped, fitted again
    assert copies.fits_ == 4


def test_fit_copy_leaves_the_model_unfitted():
    model = CountingModel(scale=2.0)
    fitted = fit_copy(model, _history())
    assert fitted is not model and not hasattr(model, "ratio_") and fitted.scale == 2.0


@pytest.mark.slow
def test_backtest_copy_is_reused_by_the_backdated_correlation_with_the_same_numbers(sample):
    # the pack's path: the backtest's 70% split is also the correlation's 70% cut (on these 2,437
    # finished tasks, as on the whole sample, both are the earliest 1,706)
    tasks = sample.tasks.head(2500)
    model = EstimationAccuracyModel(random_state=0).fit(tasks)
    alone = estimate_correlation(model, tasks, random_state=0)
    copies = FittedCopies(model)
    backtest(model, tasks, baselines=(), copies=copies)
    shared = estimate_correlation(model, tasks, random_state=0, copies=copies)
    assert copies.hits_ == 1 and copies.fits_ == 5  # 1 backtest + 5 cuts, one of them the same rows
    assert shared.keys() == alone.keys()
    for k, v in alone.items():
        np.testing.assert_array_equal(shared[k], v, err_msg=k)
