"""The scikit-learn conventions the estimators share: the not-fitted error, parameters, and their checks.

:class:`EstimationAccuracyModel <pmo_forecast.estimation.accuracy.EstimationAccuracyModel>` is a
``sklearn.base.BaseEstimator``; the baselines (:mod:`.baselines`) get the same ``get_params``,
``set_params`` and ``clone`` from :class:`ParamsMixin` without it. Importing this module loads
``sklearn.exceptions`` only.
"""

from __future__ import annotations

import inspect
import numbers

import numpy as np
from sklearn.exceptions import NotFittedError as _SklearnNotFittedError


class NotFittedError(_SklearnNotFittedError):
    """A model was used before ``fit``: scikit-learn's own error (a ValueError and an AttributeError),
    so ``except sklearn.exceptions.NotFittedError`` catches it. Defined with the models: the
    forecasting path, which only reads a fitted model, does not import scikit-learn."""


class ParamsMixin:
    """``get_params``/``set_params`` the scikit-learn way, for the baselines (the model uses ``BaseEstimator``,
    and takes from here its ``set_params``, which names the valid parameters, and its not-fitted check).

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
        """Set parameters (scikit-learn's ``set_params``); an unknown name raises ``ValueError`` naming the valid
        ones, and then none is set."""
        valid = self._param_names()
        for k in params:
            if k not in valid:
                raise ValueError(f"{type(self).__name__}: unknown parameter {k!r}; valid ones are {', '.join(valid)}.")
        for k, v in params.items():
            setattr(self, k, v)
        return self

    def __repr__(self) -> str:
        defaults = {p.name: p.default for p in inspect.signature(type(self).__init__).parameters.values()}
        changed = [f"{k}={v!r}" for k, v in self.get_params().items() if not _same(v, defaults.get(k))]
        return f"{type(self).__name__}({', '.join(changed)})"

    def _check_fitted(self, attr: str = "coef_"):
        if not hasattr(self, attr):
            raise NotFittedError(f"This {type(self).__name__} is not fitted yet; call fit(tasks) first.")


def is_number(value) -> bool:
    """A real number (numpy's too), not a flag, text or NaN."""
    return isinstance(value, numbers.Real) and not isinstance(value, bool | np.bool_) and not np.isnan(value)


def _same(a, b) -> bool:
    try:
        return a is b or bool(a == b)
    except (TypeError, ValueError):
        return False

