"""The shared scikit-learn-style conformance suite: every estimator passes the same API checks.

Add your estimator to ``ESTIMATORS``: the class, constructor keyword arguments (with a
``random_state`` if it takes one), a function taking the bundled ``Sample`` and returning
the argument of ``fit``, a function ``use(model, sample)`` exercising the fitted model and
returning something comparable (array or DataFrame), and the columns of ``summary()``
(None if it has none); and its learned attributes to ``LEARNED``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pmo_forecast import EstimationAccuracyModel, NotFittedError
from pmo_forecast.core import schema as S
from pmo_forecast.estimation.baselines import BASELINES


def _tasks(sample):
    return sample.tasks.head(4000)


def _quantiles(model, sample):
    return model.predict_quantiles(sample.tasks.tail(300), (0.1, 0.5, 0.9))


ACCURACY_SUMMARY = ["n_tasks", "median_ratio", "share_over", "share_exact", "ratio_p10", "ratio_p90",
                    "bias", "bias_sd", "bias_factor"]

ESTIMATORS = [
    (EstimationAccuracyModel, {"random_state": 0}, _tasks, _quantiles, ACCURACY_SUMMARY),
    *[(b, {}, _tasks, _quantiles, None) for b in BASELINES],
]


#: The learned attributes (ending in ``_``) each estimator's ``fit`` sets, by class name.
LEARNED = {
    "EstimationAccuracyModel": ["booking_", "booking_unit_", "calibration_map_", "coef_", "effects_", "half_life_",
                                "n_left_out_", "n_tasks_", "n_undated_", "recalibration_", "selection_",
                                "stack_weight_", "tau_"],
    "NaiveBaseline": ["coef_"],
    "GlobalRatioBaseline": ["booking_unit_", "coef_", "ratio_"],
    "AssigneeRatioBaseline": ["booking_unit_", "by_person_", "coef_", "ratio_"],
    "LogLogOLSBaseline": ["booking_unit_", "coef_", "sigma_"],
    "LogLogQuantRegBaseline": ["booking_unit_", "coef_", "x_", "y_"],
}


def _id(entry):
    return entry[0].__name__


def _equal(a, b):
    if isinstance(a, pd.DataFrame | pd.Series):
        pd.testing.assert_frame_equal(pd.DataFrame(a), pd.DataFrame(b))
    else:
        np.testing.assert_array_equal(np.asarray(a), np.asarray(b))


@pytest.fixture(params=ESTIMATORS, ids=_id)
def entry(request):
    return request.param


def test_params_round_trip_and_clone(entry):
    from sklearn.base import clone

    cls, kw, *_ = entry
    est = cls(**kw)
    params = est.get_params()
    assert set(kw) <= set(params)
    assert cls(**params).get_params() == params
    twin = clone(est)
    assert type(twin) is cls and twin is not est and twin.get_params() == params
    for name, value in params.items():
        assert est.set_params(**{name: value}) is est
    with pytest.raises(ValueError, match="unknown parameter"):
        est.set_params(no_such_parameter=1)


def test_an_unknown_parameter_is_named_with_the_valid_ones_and_nothing_is_set(entry, sample):
    # one message and one not-fitted check for every estimator, the model's and the baselines' (the model had
    # copies of both); a baseline had set the valid parameters before the unknown one stopped it
    import re

    cls, kw, _, use, _ = entry
    est = cls(**kw)
    params = est.get_params()
    message = f"{cls.__name__}: unknown parameter 'no_such_parameter'; valid ones are {', '.join(sorted(params))}."
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        est.set_params(**dict.fromkeys(params, 0), no_such_parameter=1)
    assert est.get_params() == params
    with pytest.raises(NotFittedError, match=f"^This {cls.__name__} is not fitted yet; call fit\\(tasks\\) first.$"):
        use(est, sample)


def test_init_only_stores_parameters(entry):
    cls, kw, *_ = entry
    est = cls(**kw)
    # no learned attributes before fit (scikit-learn: a dumb constructor)
    assert not [k for k in vars(est) if k.endswith("_") and not k.startswith("_")]


def test_fit_returns_self_and_sets_learned_attributes(entry, sample):
    cls, kw, data, use, _ = entry
    est = cls(**kw)
    assert est.fit(data(sample)) is est
    assert sorted(k for k in vars(est) if k.endswith("_") and not k.startswith("_")) == LEARNED[cls.__name__]


def test_not_fitted_error_before_fit(entry, sample):
    cls, kw, data, use, _ = entry
    with pytest.raises(NotFittedError, match="not fitted"):
        use(cls(**kw), sample)


def test_same_seed_same_result(entry, sample):
    cls, kw, data, use, _ = entry
    a = use(cls(**kw).fit(data(sample)), sample)
    b = use(cls(**kw).fit(data(sample)), sample)
    _equal(a, b)


def test_fit_leaves_input_untouched(entry, sample):
    cls, kw, data, use, _ = entry
    frame = data(sample)
    before = frame.copy()
    cls(**kw).fit(frame)
    pd.testing.assert_frame_equal(frame, before)


@pytest.mark.parametrize("entry", [e for e in ESTIMATORS if e[4] is not None], ids=_id)
def test_summary_columns(entry, sample):
    cls, kw, data, use, columns = entry
    frame = data(sample)
    table = cls(**kw).fit(frame).summary()
    assert isinstance(table, pd.DataFrame)
    assert list(table.columns) == columns
    # a row per assignee of the finished tasks it learned from (3,907 of the first 4,000, by 26 people), each with
    # its count
    learnt = frame.loc[S.finished_with_actuals(frame), S.ASSIGNEE].value_counts().sort_index()
    assert (len(table), table["n_tasks"].sum()) == (26, 3907)
    assert table.index.tolist() == learnt.index.tolist() and table["n_tasks"].tolist() == learnt.tolist()


def test_quantile_forecasts_keep_the_index(sample):
    # every quantile forecaster answers with the tasks' index and float column labels
    tasks = sample.tasks.tail(50)
    for cls, kw, data, use, _ in ESTIMATORS:
        if use is not _quantiles:
            continue
        fc = cls(**kw).fit(data(sample)).predict_quantiles(tasks, (0.2, 0.8))
        assert fc.index.equals(tasks.index), cls.__name__
        assert list(fc.columns) == [0.2, 0.8] and fc[0.2].dtype == float
