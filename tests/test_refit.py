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


# --- FitCache: the fits of earlier runs in the process ---------------------------------------------------
class WarningModel(CountingModel):
    """A CountingModel whose fit says something."""

    def fit(self, tasks):
        import warnings

        warnings.warn(f"fitted on {len(tasks)} tasks", UserWarning, stacklevel=1)
        return super().fit(tasks)


def test_the_same_data_gets_the_same_fit_and_other_data_another():
    from pmo_forecast.estimation.refit import FitCache

    tasks = _history()
    cache = FitCache()
    first = cache.fit(CountingModel(scale=2.0), tasks)
    again = cache.fit(CountingModel(scale=2.0), tasks.copy())  # another frame, the same rows
    assert again.ratio_ == first.ratio_ and (cache.fits_, cache.hits_) == (1, 1)
    assert again is not first  # a copy: refitting one changes no other
    again.fit(tasks.head(30))
    assert cache.fit(CountingModel(scale=2.0), tasks).ratio_ == first.ratio_
    changed = tasks.copy()
    changed.loc[5, S.ACTUAL] += 1.0  # one value differs: fitted anew, another answer
    other = cache.fit(CountingModel(scale=2.0), changed)
    assert other.ratio_ == pytest.approx(2 * (changed[S.ACTUAL] / changed[S.ESTIMATE]).mean())
    assert other.ratio_ != first.ratio_
    assert cache.fit(CountingModel(scale=3.0), tasks).ratio_ == pytest.approx(1.5 * first.ratio_)  # other parameters
    points = tasks.copy()
    points.attrs["detected"] = {"units": {S.ESTIMATE: "story points"}}  # what the fit reads of attrs
    cache.fit(CountingModel(scale=2.0), points)
    assert (cache.fits_, cache.hits_) == (4, 2)


def test_a_fit_is_kept_for_a_seeded_model_only_and_the_last_few_only():
    from pmo_forecast.estimation.refit import FitCache

    tasks = _history()
    cache = FitCache(max_fits=2)
    cache.fit(CountingModel(random_state=None), tasks)
    cache.fit(CountingModel(random_state=None), tasks)
    assert (cache.fits_, cache.hits_) == (2, 0)
    for n in (30, 40, 50, 30):  # 30 dropped by 50, fitted again
        cache.fit(CountingModel(), tasks.head(n))
    assert (cache.fits_, cache.hits_) == (6, 0)


def test_a_fit_handed_out_again_says_what_the_fit_said():
    from pmo_forecast.estimation.refit import FitCache

    cache = FitCache()
    for _ in range(2):
        with pytest.warns(UserWarning, match="^fitted on 60 tasks$") as said:
            cache.fit(WarningModel(), _history())
        assert len(said) == 1 and said[0].filename == __file__  # at the fit's own line
    assert (cache.fits_, cache.hits_) == (1, 1)


@pytest.mark.parametrize("cache", [False, True], ids=["own copies", "with a cache"])
def test_a_copy_reused_says_what_its_fit_said(cache):
    # a copy reused from FittedCopies' own copies said nothing of its fit's warnings
    from pmo_forecast.estimation.refit import FitCache

    copies = FittedCopies(WarningModel(), cache=FitCache() if cache else None)
    for _ in range(2):
        with pytest.warns(UserWarning, match="^fitted on 60 tasks$") as said:
            copies.fit(_history())
        assert len(said) == 1 and said[0].filename == __file__  # at the fit's own line
    assert (copies.fits_, copies.hits_) == (1, 1)


def test_a_copy_reused_says_its_row_order_where_its_caller_has_not(sample):
    # the backtest's fit, made where the backtest had said the row order, reused by a caller that has not said it
    from pmo_forecast.core.exceptions import DataQualityWarning
    from pmo_forecast.estimation.features import finished_tasks

    undated = sample.tasks.assign(**{S.FINISHED: pd.NaT})
    model = EstimationAccuracyModel(random_state=0)
    copies = FittedCopies(model)
    with pytest.warns(DataQualityWarning) as said:
        result = backtest(model, undated, baselines=(), means=False, copies=copies)
    assert [str(w.message) for w in said] == [
        "backtest: no finish dates: the split follows the table's row order, taken as the order the tasks finished in."]
    with pytest.warns(DataQualityWarning) as said:
        copies.fit(finished_tasks(undated).iloc[:result.n_train])
    assert [str(w.message) for w in said] == [
        "EstimationAccuracyModel.fit: no finish dates: the recalibration folds follow the table's row order, taken "
        "as the order the tasks finished in."]
    assert (copies.fits_, copies.hits_) == (1, 1)


def test_the_pack_fits_once_for_the_process(tmp_path, monkeypatch):
    # a second pack on the same table fits nothing: the accuracy model and its copies on earlier history are
    # the first pack's (FITS), and so are its numbers
    from helpers import few_trials, small_org

    from pmo_forecast.estimation.refit import FITS
    from pmo_forecast.reporting import export as X

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # one export time
    tasks = small_org().tasks
    FITS.clear()
    packs = []
    for k in range(2):
        before = FITS.fits_
        with few_trials():  # 100 trials, to be quick
            packs.append(X.export_planning_pack(tmp_path / str(k) / "pack.xlsx", tasks=tasks, n_trials=100,
                                                progress=False))
        fitted = FITS.fits_ - before
        assert fitted == (6 if k == 0 else 0)  # the model, the backtest's 70% (the correlation's too) and 4 cuts
    for slug, table in packs[0].tables.items():
        pd.testing.assert_frame_equal(packs[1].tables[slug], table, obj=slug)


def test_a_fit_kept_by_the_backtest_says_its_row_order_to_a_later_caller(sample):
    # the backtest's training fit, made where the backtest had said its split follows the row order, was kept
    # without the fit's own warning: the same rows handed out again elsewhere said nothing of the folds' order
    from pmo_forecast.core.exceptions import DataQualityWarning
    from pmo_forecast.estimation.features import finished_tasks
    from pmo_forecast.estimation.refit import FitCache

    undated = sample.tasks.assign(**{S.FINISHED: pd.NaT})
    model, cache = EstimationAccuracyModel(random_state=0), FitCache()
    split = ("backtest: no finish dates: the split follows the table's row order, taken as the order the tasks "
             "finished in.")
    for _ in range(2):  # the second backtest's fit handed out again: still the split's warning alone
        with pytest.warns(DataQualityWarning) as said:
            result = backtest(model, undated, baselines=(), means=False, copies=FittedCopies(model, cache=cache))
        assert [str(w.message) for w in said] == [split]
    assert (cache.fits_, cache.hits_) == (1, 1)
    with pytest.warns(DataQualityWarning) as said:
        cache.fit(model, finished_tasks(undated).iloc[:result.n_train])
    assert [str(w.message) for w in said] == [
        "EstimationAccuracyModel.fit: no finish dates: the recalibration folds follow the table's row order, taken "
        "as the order the tasks finished in."]
    assert (cache.fits_, cache.hits_) == (1, 2)
