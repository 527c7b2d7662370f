"""Time-ordered backtest of quantile forecasts of actual hours, against the usual baselines."""

from __future__ import annotations

import numbers
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.as_of import dates_read, finishes_read_as_blank, no_finish_said
from ..core.checks import quantile_levels
from ..core.exceptions import DataQualityWarning, SmallSampleWarning, issue_again, warn
from ..core.labels import agree
from ..core.results import Result, percent, round_half_away
from .baselines import BASELINES, AssigneeRatioBaseline, NaiveBaseline
from .features import ROW_ORDER, SPLIT_IN_ROW_ORDER, factor_values, history_order_said, history_read
from .refit import FittedCopies
from .scoring import calibration_error, calibration_interval, log_pinball

#: Share of the finished tasks, the latest, that :func:`backtest` holds out for testing unless told otherwise.
TEST_SHARE = 0.3


def split_percents(test_share: float) -> tuple[str, str]:
    """The training and test shares of a split as they are said: the test share as a "0%" cell shows it,
    halves away from zero (12.5% reads 13%), and the training share the rest of it, so that the two add up
    to 100% (88%/13% would not).

    >>> split_percents(0.3), split_percents(0.125)
    (('70%', '30%'), ('87%', '13%'))
    """
    shown = round_half_away(test_share, 2)
    return percent(1 - shown), percent(shown)


@dataclass(repr=False)
class BacktestResult(Result):
    """Scores of the model and each baseline on the same time-ordered split.

    Attributes
    ----------
    scores : pandas.DataFrame
        Long table: ``method``, ``quantile``, ``share_below``, ``share_at_or_below``,
        ``calibration_error``, ``pinball`` (log scale), ``tail`` (True for the tail
        levels, reported but not part of ``max_cal_err`` and ``mean_pinball``).
    mean_ratio : dict
        method -> summed forecast means over the test tasks / summed actual hours
        (1.0 is right; each mean is the row average of the model's ``quantile_table``
        at ``MEAN_LEVELS`` levels, as the simulations draw them, or of as many evenly
        spaced quantiles for a model without one).
    n_train, n_test : int
        Tasks in each part of the split.
    split_date : pandas.Timestamp or None
        Finish date of the first test task.
    test_share : float
        The ``test_share`` the split was asked for (:meth:`split_percents` says it).
    forecasts : dict
        method -> DataFrame of test-set quantile forecasts (index of the test tasks).
    note : str
        How the split departed from finish-date order, when it had to (no finish dates, or
        one for every task: the table's row order; some missing: those tasks left out, and
        the row order when the others share one date), the naive baseline
        left out for story-point estimates and the per-assignee one for tasks without
        assignees or all with the same one; empty otherwise.
    """

    scores: pd.DataFrame
    n_train: int
    n_test: int
    split_date: pd.Timestamp | None = None
    forecasts: dict = field(default_factory=dict, repr=False)
    mean_ratio: dict = field(default_factory=dict)
    note: str = ""
    title: str = "Backtest of quantile forecasts of actual hours"
    test_share: float = TEST_SHARE

    def split_percents(self) -> tuple[str, str]:
        """The training and test shares as they are said (:func:`split_percents`): ``("70%", "30%")``."""
        return split_percents(self.test_share)

    def _title(self) -> str:
        when = f", test from {self.split_date:%Y-%m-%d}" if not pd.isna(self.split_date) else ""
        return f"{self.title} ({self.n_train} train / {self.n_test} test tasks{when})"

    def summary(self) -> pd.DataFrame:
        """One row per method: calibration error and pinball at each quantile, their max and mean.

        ``max_cal_err`` and ``mean_pinball`` cover the scored quantiles (default
        0.1/0.5/0.8/0.9); the tail levels (``cal_err_0.95``, ``cal_err_0.99``)
        follow, then ``mean_ratio`` (summed forecast means / summed actuals).
        """
        s = self.scores
        tail = s["tail"] if "tail" in s.columns else pd.Series(False, index=s.index)
        core, extra = s[~tail], s[tail]
        cal = core.pivot(index="method", columns="quantile", values="calibration_error")
        cal.columns = [f"cal_err_{q:g}" for q in cal.columns]
        pin = core.pivot(index="method", columns="quantile", values="pinball")
        pin.columns = [f"pinball_{q:g}" for q in pin.columns]
        out = pd.concat([cal, pin], axis=1)
        out.insert(len(cal.columns), "max_cal_err", cal.max(axis=1))
        out["mean_pinball"] = pin.mean(axis=1)
        order = list(dict.fromkeys(s["method"]))
        out = out.loc[order]
        best = out.drop(index=order[0])["mean_pinball"].min() if len(order) > 1 else np.nan
        out["vs_best_baseline"] = out["mean_pinball"] / best - 1
        if len(extra):
            tcal = extra.pivot(index="method", columns="quantile", values="calibration_error")
            for q in tcal.columns:
                out[f"cal_err_{q:g}"] = tcal[q].reindex(out.index)
        if self.mean_ratio:
            out["mean_ratio"] = pd.Series(self.mean_ratio).reindex(out.index)
        return out

    def plot(self, ax=None):
        """Reliability plot: each method's [share <, share <=] interval against the target quantile."""
        import matplotlib.pyplot as plt

        ax = ax if ax is not None else plt.subplots(figsize=(5.5, 5))[1]
        methods = list(dict.fromkeys(self.scores["method"]))
        width = 0.03
        for i, m in enumerate(methods):
            d = self.scores[self.scores["method"] == m]
            x = d["quantile"].to_numpy() + (i - (len(methods) - 1) / 2) * width / len(methods) * 2
            lo, hi = d["share_below"].to_numpy(), d["share_at_or_below"].to_numpy()
            ax.vlines(x, lo, np.maximum(hi, lo + 0.004), lw=4 if i == 0 else 2.5, label=m,
                      color=f"C{i}", alpha=0.9)
        ax.plot([0, 1], [0, 1], color="k", lw=0.8, ls="--")
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.set_xlabel("forecast quantile q")
        ax.set_ylabel("share of actuals below (< to <=) the forecast")
        ax.set_title("Reliability on the test period")
        ax.legend(fontsize=7, loc="upper left")
        return ax


#: Why story-point estimates have no naive baseline (:attr:`BacktestResult.note`).
NAIVE_POINTS_NOTE = ("the naive baseline (the estimate as the actual hours) is left out: the estimates are story "
                     "points, not hours; its analogue is the global ratio baseline, the estimate times the history's "
                     "hours per point")

#: Why a history without assignees has no per-assignee baseline (:attr:`BacktestResult.note`).
NO_ASSIGNEE_NOTE = ("the per-assignee ratio baseline is left out: no finished task has an assignee, so it would be "
                    "the global ratio baseline again")

#: Why a history whose finished tasks all have one assignee has no per-assignee baseline (no name: the pack may
#: name no one).
ONE_ASSIGNEE_NOTE = ("the per-assignee ratio baseline is left out: every finished task has the same assignee, so it "
                     "would be the global ratio baseline again")

#: Evenly spaced levels whose quantiles average to a forecast's mean (as the simulations draw them).
MEAN_LEVELS = 200


def forecast_mean(model, tasks: pd.DataFrame, n_levels: int = MEAN_LEVELS) -> np.ndarray:
    """Each task's forecast mean: the row average of the model's ``quantile_table`` (what the simulations
    draw from) when it has one, else of its quantiles at levels ``(k + 0.5) / n_levels``."""
    if hasattr(model, "quantile_table"):
        return np.asarray(model.quantile_table(tasks, n_levels=n_levels), dtype=float).mean(axis=1)
    levels = (np.arange(n_levels) + 0.5) / n_levels
    return model.predict_quantiles(tasks, quantiles=levels).to_numpy(float).mean(axis=1)


def backtest(model, tasks: pd.DataFrame, test_share: float = TEST_SHARE,
             quantiles=(0.1, 0.5, 0.8, 0.9), baselines=BASELINES, tail_quantiles=(0.95, 0.99),
             means: bool = True, copies=None) -> BacktestResult:
    """Fit on the earliest finished tasks and score quantile forecasts on the most recent ones.

    Parameters
    ----------
    model : estimator
        Anything with ``get_params``, ``fit(tasks)`` and ``predict_quantiles``; a fresh
        copy is fitted, the one passed in is left as it is.
    tasks : pandas.DataFrame
        Canonical task table; the finished tasks with estimate and actual > 0 are used,
        ordered by finish date. A finish date far beyond or before the rest of the data (a
        typo year: 2204 for 2024) is read as blank, as the planning pack reads it, and warned
        naming it (:func:`~pmo_forecast.estimation.features.history_read`): its task is left
        out, as any without a finish date, not tested as the latest.
    test_share : float
        Share of those tasks, the latest by finish date, held out for testing.
    quantiles : sequence of float
        Levels scored, each strictly between 0 and 1 and given once.
    baselines : sequence of classes
        Baselines fitted and scored on the same split (default: naive, global ratio,
        per-assignee ratio, log-log OLS, log-log quantile regression). With story-point
        estimates (:func:`~pmo_forecast.core.schema.estimates_in_points`) the naive one is left
        out, and without assignees (or with one for every task) the per-assignee one (it would be the
        global ratio): said in ``note``.
    tail_quantiles : sequence of float
        Further levels whose calibration is reported (``cal_err_0.95`` ...) but not
        counted in ``max_cal_err`` or ``mean_pinball``.
    means : bool
        Also report each method's summed forecast means over the test tasks divided
        by their summed actual hours (``mean_ratio``; 1.0 is unbiased in total).
    copies : FittedCopies, optional
        Where the model's copy is fitted (:class:`pmo_forecast.estimation.refit.FittedCopies`):
        a copy already fitted on the same training rows is reused, and this one is kept for
        later checks on the same history (the planning pack shares it with the backdated
        correlation). Default: a fresh copy is fitted.

    Returns
    -------
    BacktestResult
        ``summary()`` compares methods; ``plot()`` draws the reliability diagram.

    Notes
    -----
    Calibration at ``q`` is the interval [share of actuals < forecast, share <=
    forecast]: with actuals heaped on the estimate, a forecast equal to the estimate
    is right for any q inside that interval. The error is the distance from ``q``
    to it. The pinball loss is on log hours, so every task weighs alike whatever its size.
    """
    q, q_tail = _levels_checked(model, test_share, quantiles, tail_quantiles)
    tasks, data = history_read(tasks, "backtest")  # a finish typed 2204 was the latest task, tested
    data, note = _in_time_order(data)
    baselines, left_out = _baselines_that_compare(baselines, tasks, data)
    note = "; ".join(filter(None, (note, *left_out)))
    train, test = _split_in_time(data, test_share)
    actual = test[S.ACTUAL].to_numpy(float)
    # its dates read on the whole table above, not judged again on the training part alone; the row order the split
    # follows (no finish dates) said above, not again of the fit's folds
    with dates_read(), history_order_said():
        fitted = _fitted_on_training(copies if copies is not None else FittedCopies(model), train, len(data))
    methods = [("model: " + type(model).__name__, fitted)] + [(b.name, b().fit(train)) for b in baselines]
    rows, forecasts, ratio = [], {}, {}
    for name, m in methods:
        forecasts[name] = fc = m.predict_quantiles(test, quantiles=q + q_tail)
        rows += [{"method": name, **row} for row in _scores(fc, actual, q + q_tail, q_tail)]
        if means:
            ratio[name] = _mean_ratio(m, test, actual)
    split = test[S.FINISHED].iloc[0] if S.FINISHED in test.columns else None
    return BacktestResult(pd.DataFrame(rows), len(train), len(test), split, forecasts, ratio, note,
                          test_share=float(test_share))


def _levels_checked(model, test_share, quantiles, tail_quantiles) -> tuple[list, list]:
    """The scored levels and the further tail levels, checked with the test share and the model before any
    fitting, as the other forecasts check theirs: NaN or a level given twice failed in the scoring."""
    if isinstance(test_share, bool) or not isinstance(test_share, numbers.Real) or not 0 < test_share < 1:
        raise ValueError(f"test_share must be strictly between 0 and 1, got {test_share!r}.")
    if isinstance(model, type):  # scikit-learn's "get_params() missing 'self'" from the copies otherwise
        raise ValueError(f"backtest: model must be an estimator, e.g. {model.__name__}(), got the class itself.")
    q = list(quantile_levels(quantiles))
    q_tail = [float(v) for v in tail_quantiles if float(v) not in q]
    quantile_levels(q + q_tail)
    return q, q_tail


def _baselines_that_compare(baselines, tasks: pd.DataFrame, data: pd.DataFrame) -> tuple[list, list[str]]:
    """The baselines a comparison with the model means something for on this history (``data``, its finished
    tasks), and the notes saying which were left out and why."""
    notes = []
    if S.estimates_in_points(tasks) and NaiveBaseline in baselines:  # points taken as hours: no comparison
        baselines = [b for b in baselines if b is not NaiveBaseline]
        notes.append(NAIVE_POINTS_NOTE)
    who = pd.Series(factor_values(data, S.ASSIGNEE), dtype=object)  # as the baseline groups them
    one = who.notna().all() and who.nunique() == 1
    if AssigneeRatioBaseline in baselines and (who.isna().all() or one):
        # with no one (or one person) to group by it is the global ratio baseline again, under another name
        baselines = [b for b in baselines if b is not AssigneeRatioBaseline]
        notes.append(ONE_ASSIGNEE_NOTE if one else NO_ASSIGNEE_NOTE)
    return baselines, notes


def _split_in_time(data: pd.DataFrame, test_share: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The earliest finished tasks to train on and the latest ``test_share`` of them to test on; too few to
    split refused."""
    # halves up, as the share is said (a "0%" cell, :func:`percent`): round() took 12 of 50 tasks for a 25% share
    n_test = int(round_half_away(test_share * len(data)))
    if n_test < 10 or len(data) - n_test < 30:
        raise ValueError(f"backtest: {len(data)} finished tasks with estimate and actual > 0 are too few "
                         f"to split {'/'.join(split_percents(test_share))}.")
    return data.iloc[:-n_test], data.iloc[-n_test:]


def _fitted_on_training(copies: FittedCopies, train: pd.DataFrame, n_finished: int):
    """The model's copy fitted on the training part; a failure, or too small a history, says it was that part (of
    ``n_finished`` tasks)."""
    said: list = []
    try:
        with warnings.catch_warnings(record=True) as said:
            warnings.simplefilter("always")  # issued again below, through the filters in force
            return copies.fit(train)
    except ValueError as e:  # its counts are the training part's, not the history's: said which part
        end = f", finished by {train[S.FINISHED].iloc[-1]:%Y-%m-%d}" if S.FINISHED in train.columns \
            and pd.notna(train[S.FINISHED].iloc[-1]) else ""
        raise ValueError(f"backtest: the model could not be fitted on the training part, the earliest {len(train)} "
                         f"of the {n_finished} finished tasks{end}: {e}") from e
    finally:
        # the pack's own fit on the whole history says its small sample too: "Only 55 finished tasks" then "Only 38
        # finished tasks" read as two histories, unnamed
        part = f"backtest, the model fitted on the training part (the earliest {len(train)} of {n_finished}): "
        issue_again([w if w.category is not SmallSampleWarning else warnings.WarningMessage(
            SmallSampleWarning(part + str(w.message)), w.category, w.filename, w.lineno, source=w.source)
            for w in said])


def _scores(forecast: pd.DataFrame, actual: np.ndarray, levels: list, tail: list) -> list[dict]:
    """One method's calibration interval and error and log pinball at each level of ``forecast`` (a column per
    level) against ``actual``, the ``tail`` levels marked."""
    rows = []
    for lev in levels:
        f = forecast[lev].to_numpy(float)
        lo, hi = calibration_interval(actual, f)
        rows.append({"quantile": lev, "share_below": lo, "share_at_or_below": hi,
                     "calibration_error": calibration_error(lev, (lo, hi)),
                     "pinball": log_pinball(actual, f, lev), "tail": lev in tail})
    return rows


def _mean_ratio(model, test: pd.DataFrame, actual: np.ndarray) -> float:
    """Summed forecast means over the test tasks (those with a finite mean) over their summed actual hours."""
    mean = forecast_mean(model, test)
    ok = np.isfinite(mean)
    return float(mean[ok].sum() / actual[ok].sum())


def _in_time_order(data: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """The finished tasks that can be placed in time, and a note (and a warning) when some cannot."""
    dated = data[S.FINISHED].notna().to_numpy() if S.FINISHED in data.columns else np.zeros(len(data), bool)
    if dated.all() and data[S.FINISHED].nunique() > 1:
        return data, ""
    if dated.all():  # one finish date for every task: no time order to split by
        note = (f"every finished task has the same finish date ({data[S.FINISHED].iloc[0]:%Y-%m-%d}): the split "
                f"follows {ROW_ORDER}")
        warn(f"backtest: {note}.", DataQualityWarning)
        return data, note
    if not dated.any():
        note = SPLIT_IN_ROW_ORDER
    else:
        undated = int((~dated).sum())
        # counts written as the pack writes them (1,622); "it" for one task
        blanked = int((~dated & finishes_read_as_blank(data)).sum())
        note = (f"{no_finish_said(undated, blanked, of=len(data))} and {agree(undated, 'is', 'are')} left out "
                f"({agree(undated, 'it', 'they')} cannot be placed before or "
                "after the split)")
        data = data.loc[dated]
    warn(f"backtest: {note}.", DataQualityWarning)
    if dated.sum() > 1 and data[S.FINISHED].nunique() == 1:  # the dated ones left no more order in time than none
        # said apart, in the fit's words: the pack says it once with the fit's folds (history_order_said_once)
        same = f"every finish date is the same ({data[S.FINISHED].iloc[0]:%Y-%m-%d}): the split follows {ROW_ORDER}"
        warn(f"backtest: {same}.", DataQualityWarning)
        note = f"{note}; {same}"
    return data, note
