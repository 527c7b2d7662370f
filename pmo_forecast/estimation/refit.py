"""Copies of a model fitted on earlier history, each fitted once per run.

Several checks refit a copy of the accuracy model on the tasks finished before a date:
the backtest (the earliest finished tasks: 70% of them when it holds out the default's 30%,
:data:`~pmo_forecast.estimation.backtest.TEST_SHARE`) and the backdated correlation
(:func:`pmo_forecast.estimate_correlation`, tasks finished before each
of five cut dates). On the same data two of those training sets can be the same rows (at
the default share, the backtest's split and the correlation's 70% cut), and fitting is
deterministic for a seeded model, so the planning pack fits that copy once and hands it to both:
:class:`FittedCopies` does the bookkeeping. Nothing is approximated: a copy is reused
only for the same class, the same parameters (with an integer seed) and the same
training rows with the same values.
"""

from __future__ import annotations

import numbers

import numpy as np
import pandas as pd

from .features import finished_tasks


def fit_copy(model, tasks: pd.DataFrame):
    """A fresh copy of ``model`` (same class and parameters, ``get_params``) fitted on ``tasks``."""
    return type(model)(**model.get_params()).fit(tasks)


def _content_key(tasks: pd.DataFrame) -> tuple | None:
    """What a fit learns from, as a hashable key: the rows in the order the fit reads them,
    and the whole table in index order. None when a column cannot be hashed."""
    try:
        fit_rows = finished_tasks(tasks)
        whole = tasks.sort_index(kind="stable")
        return (tuple(tasks.columns), len(tasks),
                pd.util.hash_pandas_object(fit_rows, index=True).to_numpy().tobytes(),
                pd.util.hash_pandas_object(whole, index=True).to_numpy().tobytes())
    except (TypeError, ValueError):  # e.g. an unhashable cell: no reuse, fit as usual
        return None


class FittedCopies:
    """Fitted copies of one model, on training tables, each fitted at most once.

    Parameters
    ----------
    model : estimator
        Anything with ``get_params`` and ``fit(tasks)``. Copies are reused only when its
        ``random_state`` is an integer (fitting is then deterministic).
    max_copies : int
        Most copies kept (the oldest is dropped first).

    A reused copy is the same object for every caller: read it (predict, score), do
    not refit it or set its parameters.

    Attributes
    ----------
    hits_, fits_ : int
        Copies reused and copies fitted so far.

    Examples
    --------
    >>> from pmo_forecast import EstimationAccuracyModel, load_sample
    >>> from pmo_forecast.estimation.refit import FittedCopies
    >>> tasks = load_sample().tasks
    >>> copies = FittedCopies(EstimationAccuracyModel(random_state=0))
    >>> early = tasks[tasks["finished"] < "2025-06-01"]
    >>> copies.fit(early) is copies.fit(early.copy()), copies.fits_, copies.hits_
    (True, 1, 1)
    """

    def __init__(self, model, max_copies: int = 8):
        self.model = model
        self.max_copies = int(max_copies)
        self.hits_, self.fits_ = 0, 0
        self._copies: dict = {}

    def fit(self, tasks: pd.DataFrame):
        """A copy of the model fitted on ``tasks``: the one fitted before on the same data, if any."""
        params = self.model.get_params()  # read at each fit: the model's parameters may have been set since
        seed = params.get("random_state")
        reuse = isinstance(seed, numbers.Integral) and not isinstance(seed, bool | np.bool_)
        key = _content_key(tasks) if reuse else None
        if key is not None:
            key = (type(self.model), repr(sorted(params.items())), key)
            if key in self._copies:
                self.hits_ += 1
                return self._copies[key]
        fitted = fit_copy(self.model, tasks)
        self.fits_ += 1
        if key is not None:
            self._copies[key] = fitted
            while len(self._copies) > self.max_copies:
                self._copies.pop(next(iter(self._copies)))
        return fitted
