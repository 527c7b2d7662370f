"""The forecasts the past meetings would have made, recorded in a forecast history: a milestone trend to show
before the store has runs of its own.

Each meeting's forecast is made on the task table as it stood that day (:func:`~pmo_forecast.forecasting.rewind.
tasks_as_of`), with a model fitted on it. What the forecasts warn about that table (most often a task then in
progress far longer than finished work took, warned by the effort and the finish-date forecast alike) is a fact of
that day's data, not of today's: it is said once, beside the meeting's date, in :meth:`PastForecasts.summary`.
"""

from __future__ import annotations

import numbers
import warnings

import numpy as np
import pandas as pd

from ..core.as_of import infer_as_of
from ..core.exceptions import DataQualityWarning, SmallSampleWarning
from ..core.keys import spellings_read
from ..core.labels import in_words
from ..core.results import Result
from ..estimation.accuracy import EstimationAccuracyModel
from ..estimation.refit import FITS
from ..forecasting.finish import forecast_finish_dates
from ..forecasting.overrun import forecast_overruns
from ..forecasting.plan import RandomNumbers, trial_count
from ..forecasting.rewind import tasks_as_of
from .history import forecast_table

#: The columns of :meth:`PastForecasts.summary`.
PAST_FORECAST_COLUMNS = ["as_of", "projects", "warned"]
#: The warnings said beside a meeting's date: the package's own, about that day's data. Others are warned.
SAID_WARNINGS = (DataQualityWarning, SmallSampleWarning)


def meeting_dates(tasks: pd.DataFrame, months: int = 3) -> list[pd.Timestamp]:
    """The last working day of each of the ``months`` months before the data's as-of date, then the as-of date.

    Parameters
    ----------
    tasks : DataFrame
        The task table; its as-of date is :func:`~pmo_forecast.core.as_of.infer_as_of`'s.
    months : int, default 3

    Returns
    -------
    list of Timestamp
        Oldest first.
    """
    as_of = infer_as_of(tasks)
    return [as_of - pd.offsets.BMonthEnd(k) for k in range(months, 0, -1)] + [as_of]


class PastForecasts(Result):
    """The forecasts made at past meetings and recorded (:func:`record_past_forecasts`).

    Attributes
    ----------
    runs : list of dict
        One a meeting, oldest first: ``as_of``, ``projects`` (recorded) and ``warned`` (the warnings of that
        day's forecasts, each once, in the order given; empty when none).
    overrun, finish : OverrunForecast, FinishDateForecast
        The latest meeting's forecasts.
    """

    title = "Forecasts recorded for past meetings"

    def __init__(self, runs: list[dict], overrun, finish):
        self.runs = runs
        self.overrun = overrun
        self.finish = finish

    def summary(self) -> pd.DataFrame:
        """One row a meeting: ``as_of``, ``projects`` recorded and what that day's forecasts ``warned`` (their
        words joined by "; ", blank when they warned nothing)."""
        return pd.DataFrame([{**r, "warned": "; ".join(r["warned"])} for r in self.runs],
                            columns=PAST_FORECAST_COLUMNS)


def record_past_forecasts(history, tasks: pd.DataFrame, projects: pd.DataFrame, people: pd.DataFrame,
                          dates=None, *, n_trials: int = 1000, random_state: int = 0) -> PastForecasts:
    """Make the effort and finish-date forecasts as they would have been made on each of ``dates``, and record each.

    Parameters
    ----------
    history : ForecastHistory
        Where the runs are recorded (one a date; a date recorded before is replaced).
    tasks, projects, people : DataFrame
        The tables as loaded; the task table is rewound to each date.
    dates : sequence of date-like, optional
        The meetings' dates; default :func:`meeting_dates` (three month ends and the as-of date).
    n_trials, random_state : int
        Each forecast's trials and seed (the model's seed too), recorded with the run. ``random_state`` None draws
        an unrecorded seed; a numpy Generator is refused (``ValueError``): it is no seed to record.

    Returns
    -------
    PastForecasts
        What was recorded and what each day's forecasts warned, and the latest day's forecasts.

    Notes
    -----
    A :class:`~pmo_forecast.core.exceptions.DataQualityWarning` or
    :class:`~pmo_forecast.core.exceptions.SmallSampleWarning` of a day's fit and forecasts is about the table as
    it stood that day: it is said in the summary's ``warned``, once (the two forecasts warn the same stale
    task alike), not warned again; any other warning is warned as raised.
    """
    if random_state is not None and (isinstance(random_state, bool | np.bool_)
                                     or not isinstance(random_state, numbers.Integral)):
        # before any meeting's work: a Generator ran the first meeting's fits and forecasts, then failed to record
        # its seed with int()'s TypeError
        what = "a numpy Generator" if isinstance(random_state, np.random.Generator) else in_words(random_state,
                                                                                                   kind=True)
        raise ValueError(f"record_past_forecasts: random_state must be a whole number, the seed recorded with each "
                         f"meeting's run, or None; got {what}")
    runs, overrun, finish = [], None, None
    # a task's, project's or person's draws are tied to it and the seed (common random numbers): one source for
    # every meeting, its effort and finish-date forecasts drawing the same numbers, not each drawing them again
    draws = RandomNumbers(random_state, trial_count(n_trials))
    for day in meeting_dates(tasks) if dates is None else [pd.Timestamp(d) for d in dates]:
        known = tasks_as_of(tasks, day)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            # once for the process (FITS): the same meeting recorded again (notebook 07 run again) fits nothing
            model = FITS.fit(EstimationAccuracyModel(random_state=random_state), known)
            # on the meeting's date, as its finish dates: the table's own latest date, earlier on a meeting after a
            # quiet spell, had the effort forecast age its work to another day
            overrun = forecast_overruns(model, known, projects, n_trials=n_trials, random_state=draws, as_of=day)
            # the effort forecast's correlation (the slow part: it refits the model at past dates) is the finish
            # dates' own when they plan the same table (no assignee read as a person spelt otherwise): learnt once
            corr = overrun.correlation_estimate if spellings_read(known, people, warned=False)[0] is known else None
            finish = forecast_finish_dates(model, known, people, projects, as_of=day, n_trials=n_trials,
                                           random_state=draws,
                                           project_correlation="auto" if corr is None else corr)
        said = [w for w in caught if issubclass(w.category, SAID_WARNINGS)]
        for w in caught:
            if w not in said:
                warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
        table = forecast_table(overrun, finish, known, projects)
        history.record(table, as_of=day, exported_at=day, n_trials=n_trials, seed=random_state)
        runs.append({"as_of": day, "projects": len(table),
                     "warned": list(dict.fromkeys(str(w.message) for w in said))})
    return PastForecasts(runs, overrun, finish)
