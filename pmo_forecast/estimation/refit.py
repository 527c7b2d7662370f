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

The pack's fits are the same again at its next run on the same history (a notebook or the widgets
run it again; the tests build dozens of packs on one table): :data:`FITS`, a :class:`FitCache`,
keeps the last few for the process, under the same key, and hands out copies of them.
"""

from __future__ import annotations

import copy
import numbers
import warnings

import numpy as np
import pandas as pd

from ..core.exceptions import issue_again
from .features import as_said_here, finished_tasks, history_order_recorded


def fit_copy(model, tasks: pd.DataFrame):
    """A fresh copy of ``model`` (same class and parameters, ``get_params``) fitted on ``tasks``."""
    return type(model)(**model.get_params()).fit(tasks)


def _content_key(tasks: pd.DataFrame) -> tuple | None:
    """What a fit learns from, as a hashable key: the rows in the order the fit reads them,
    the whole table in index order, and its attrs (the estimates' unit; the source lines its
    messages name). None when a column or an attr cannot be hashed."""
    try:
        fit_rows = finished_tasks(tasks)
        whole = tasks.sort_index(kind="stable")
        return (tuple(tasks.columns), len(tasks),
                pd.util.hash_pandas_object(fit_rows, index=True).to_numpy().tobytes(),
                pd.util.hash_pandas_object(whole, index=True).to_numpy().tobytes(), _attrs_key(tasks.attrs))
    except (TypeError, ValueError):  # e.g. an unhashable cell: no reuse, fit as usual
        return None


def _attrs_key(attrs: dict) -> str:
    """``attrs`` as text, the source lines as their numbers; a TypeError for a value that is not plain data
    (its text could hide a difference)."""
    def plain(v):
        if isinstance(v, dict):
            return all(isinstance(k, str) and plain(x) for k, x in v.items())
        if isinstance(v, list | tuple):
            return all(plain(x) for x in v)
        return v is None or isinstance(v, str | bool | int | float)

    kept = {k: v for k, v in attrs.items() if k != "_source_line"}
    if not plain(kept):
        raise TypeError("attrs that are not plain data")
    lines = attrs.get("_source_line")
    return repr((sorted(kept.items()), None if lines is None else np.asarray(lines, dtype=np.int64).tobytes()))


def fit_key(model, tasks: pd.DataFrame) -> tuple | None:
    """The key a fit of a copy of ``model`` on ``tasks`` is kept under: its class, its parameters and what it
    learns from (:func:`_content_key`); None (never reused) without an integer ``random_state``, whose fits
    may differ, or for a table that cannot be hashed."""
    params = model.get_params()  # read at each fit: the model's parameters may have been set since
    seed = params.get("random_state")
    if not isinstance(seed, numbers.Integral) or isinstance(seed, bool | np.bool_):
        return None
    content = _content_key(tasks)
    return None if content is None else (type(model), repr(sorted(params.items())), content)


def fit_said(fit, *args):
    """``fit(*args)`` and every warning it issued, as ``(fitted, said)``: said here (:func:`as_said_here`, through the
    filters in force) and kept in ``said`` to say again (:func:`~pmo_forecast.core.exceptions.issue_again` of
    :func:`as_said_here`) to each caller handed the fit later."""
    said: list = []
    try:
        # every warning, to issue again with the fit: the filters act then. The row order its folds follow too,
        # though this caller has said it (the backtest's training part): a later caller of the same rows has not
        with warnings.catch_warnings(record=True) as said, history_order_recorded():
            warnings.simplefilter("always")
            fitted = fit(*args)
    finally:  # a fit that fails says what it said before it failed
        issue_again(as_said_here(said))
    return fitted, said


class FitCache:
    """Fitted copies of seeded models, kept for the process under :func:`fit_key`: the last ``max_fits``.

    Each fit is handed out as a copy of the one kept (``copy.deepcopy``: a caller that refits or sets
    what it was given changes nothing here), so a fit on the same class, parameters and table is made
    once, and any other fits anew. The warnings a fit issued are kept with it and issued again each time it
    is handed out, at the same line and through the filters then in force, as a fit issues them: its row-order
    warning kept though its first caller had said it, and issued where the caller has not
    (:func:`~pmo_forecast.estimation.features.as_said_here`).

    Attributes
    ----------
    hits_, fits_ : int
        Fits handed out again and fits made so far.

    Examples
    --------
    >>> from pmo_forecast import EstimationAccuracyModel, load_sample
    >>> from pmo_forecast.estimation.refit import FitCache
    >>> tasks = load_sample().tasks
    >>> cache = FitCache()
    >>> a = cache.fit(EstimationAccuracyModel(random_state=0), tasks)  # doctest: +SKIP
    >>> b = cache.fit(EstimationAccuracyModel(random_state=0), tasks.copy())  # doctest: +SKIP
    >>> b is a, (b.coef_ == a.coef_).all(), cache.fits_, cache.hits_  # doctest: +SKIP
    (False, True, 1, 1)
    """

    def __init__(self, max_fits: int = 16):
        self.max_fits = int(max_fits)
        self.hits_, self.fits_ = 0, 0
        self._fits: dict = {}

    def fit(self, model, tasks: pd.DataFrame, key=...):
        """A copy of ``model`` fitted on ``tasks`` (``model`` itself is left as it is). ``key``: its
        :func:`fit_key`, when the caller has it."""
        key = fit_key(model, tasks) if key is ... else key
        if key is None:
            self.fits_ += 1
            return fit_copy(model, tasks)
        if key in self._fits:
            self.hits_ += 1
            self._fits[key] = kept = self._fits.pop(key)  # the latest used is dropped last
            issue_again(as_said_here(kept[1]))
            return copy.deepcopy(kept[0])
        fitted, said = fit_said(fit_copy, model, tasks)
        self.fits_ += 1
        self._fits[key] = (copy.deepcopy(fitted), said)
        while len(self._fits) > self.max_fits:
            self._fits.pop(next(iter(self._fits)))
        return fitted

    def clear(self) -> None:
        """Forget every fit kept."""
        self._fits.clear()


#: The fits kept for this process (the planning pack's: its accuracy model and the copies fitted on earlier history).
FITS = FitCache()


class FittedCopies:
    """Fitted copies of one model, on training tables, each fitted at most once.

    Parameters
    ----------
    model : estimator
        Anything with ``get_params`` and ``fit(tasks)``. Copies are reused only when its
        ``random_state`` is an integer (fitting is then deterministic).
    max_copies : int
        Most copies kept (the oldest is dropped first).
    cache : FitCache, optional
        Where a copy this object does not have yet is taken from (:data:`FITS`, the planning pack's): fitted
        there, or a copy of the one fitted before on the same data. Default: fitted here.

    A reused copy is the same object for every caller: read it (predict, score), do
    not refit it or set its parameters. The warnings its fit issued are issued again each time it is reused, as
    :class:`FitCache` issues them.

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

    def __init__(self, model, max_copies: int = 8, cache: FitCache | None = None):
        self.model = model
        self.max_copies = int(max_copies)
        self.cache = cache
        self.hits_, self.fits_ = 0, 0
        self._copies: dict = {}

    def fit(self, tasks: pd.DataFrame):
        """A copy of the model fitted on ``tasks``: the one fitted before on the same data, if any."""
        key = fit_key(self.model, tasks)
        if key is not None and key in self._copies:
            self.hits_ += 1
            fitted, said = self._copies[key]
            issue_again(as_said_here(said))  # as the first fit said it
            return fitted
        if self.cache is None:
            fitted, said = fit_said(fit_copy, self.model, tasks)
        else:
            fitted, said = fit_said(self.cache.fit, self.model, tasks, key)
        self.fits_ += 1
        if key is not None:
            self._copies[key] = (fitted, said)
            while len(self._copies) > self.max_copies:
                self._copies.pop(next(iter(self._copies)))
        return fitted
