"""Forecast of incoming work: new task hours (story points), new projects and PM-pool requests per period.

:func:`demand_history` turns the task table (and request log) into per-period
series; :func:`forecast_demand` fits a few statsmodels candidates per series
(exponential smoothing state-space models and small SARIMAX models, on the raw
and on the log scale), keeps the one with the lowest error on a held-out tail,
refits it on the whole history and forecasts ``horizon`` periods with 80% and
95% prediction intervals (statsforecast-style ``lo-80``/``hi-80`` columns).
statsmodels is imported inside the functions.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.as_of import resolve_as_of
from ..core.calendar import period_freq, period_name
from ..core.checks import require_dates, require_not_negative, whole_count
from ..core.exceptions import (
    DataQualityWarning,
    SchemaError,
    SmallSampleWarning,
    issue_again,
    said_once,
    warn,
)
from ..core.labels import agree, counted, estimate_unit, in_words, option_refused
from ..core.results import Result
from ..estimation.features import column_as_loaded, require_hours
from .open_work import NO_ESTIMATE_HOURS, fill_estimates, usable_estimates, zero_point_stories

__all__ = ["forecast_demand", "demand_history", "DemandForecast", "TASK_HOURS", "TASK_POINTS"]

#: Periods in a year for the frequencies with a yearly season.
SEASON_LENGTH = {"W": 52, "M": 12, "ME": 12, "MS": 12, "Q": 4, "QE": 4, "QS": 4}
LEVELS = (80, 95)
#: The series of the estimates of the tasks created: hours, or story points when the loader read the estimates
#: in points (:func:`~pmo_forecast.core.schema.estimates_in_points`); points are no hours, so never named so.
TASK_HOURS, TASK_POINTS = "task_hours", "task_points"
#: What each series counts (a grouped series, ``task_hours[build]``, as its base): the y-axis of a plot.
SERIES_UNITS = {TASK_HOURS: "hours", TASK_POINTS: "story points", "new_projects": "new projects",
                "pm_requests": "PM requests"}


def _freq_base(freq: str) -> str:
    return freq.split("-")[0].upper()


def _periodise(stamps: pd.Series, values: pd.Series | None, freq: str, periods: pd.PeriodIndex) -> pd.Series:
    """Sum of ``values`` (count when None) per period, zero-filled over ``periods``."""
    per = pd.to_datetime(stamps).dt.to_period(freq)
    vals = pd.Series(1.0, index=stamps.index) if values is None else values.astype(float)
    return vals.groupby(per).sum().reindex(periods, fill_value=0.0)


def _day_end(ts: pd.Timestamp) -> pd.Timestamp:
    return ts.normalize() + pd.Timedelta(days=1) - pd.Timedelta(1, "ns")


def _last_complete(end: pd.Timestamp, freq: str) -> pd.Period:
    """The last period that is over by ``end``: the one holding it only when ``end`` is on its
    last day (a half period would look like a dip)."""
    last = end.to_period(freq)
    return last - 1 if end < last.end_time.floor("D") else last


def _source_last(latest: pd.Timestamp, last: pd.Period, freq: str) -> pd.Period:
    """The last period of a source whose latest record is ``latest``, in a history that runs to
    ``last``: ``last`` when the record falls in it or later (quiet days since are history), else
    the last period over by the end of that record's day (the source stops there)."""
    return last if latest.to_period(freq) >= last else _last_complete(_day_end(latest), freq)


def demand_history(tasks, freq="W", by=None, requests=None, *, as_of=None) -> pd.DataFrame:
    """Incoming work per complete period, as a tidy long table.

    Parameters
    ----------
    tasks : pandas.DataFrame
        Canonical task table with ``created`` and ``estimate_hours``.
    freq : str, default "W"
        Weeks "W", months "M" or "MS", quarters "Q" or "QS", years "YS", fiscal quarters or years
        "QS-APR" (:func:`~pmo_forecast.core.calendar.period_freq`, as the KPI trends).
    by : str, optional
        A task column (e.g. ``"task_type"``) to split the new task hours by; the
        series are then ``task_hours[<value>]``.
    requests : pandas.DataFrame, optional
        PM-pool request log; adds the ``pm_requests`` series.
    as_of : date-like, optional
        End of the history: the end of this day; default the data's own as-of day
        (:func:`~pmo_forecast.core.as_of.resolve_as_of`), or the latest ``requested``
        time if later. The period holding it is dropped unless complete (a half week would
        look like a dip).

    Returns
    -------
    pandas.DataFrame
        Columns ``series``, ``period`` (period start timestamp), ``value``. Series:
        ``task_hours`` (estimates of tasks created; a missing one at its project's median
        estimate, :func:`~pmo_forecast.forecasting.open_work.fill_estimates`, warned; no such series
        when no task has an estimate; ``task_points`` instead when the estimates are story points,
        :func:`~pmo_forecast.core.schema.estimates_in_points`, a 0-point story counted at
        :data:`~pmo_forecast.core.schema.ZERO_POINT_SIZE`), ``new_projects`` (projects whose
        first task was created; tasks without a ``project_id`` are left out, warned, and no such
        series when no task has one), ``pm_requests`` (when ``requests`` is given). ``SchemaError``
        when there is no series at all.

    Notes
    -----
    Each source runs over its own periods: the task table's series from its first
    ``created`` date to the end of the history, the request log's from its first
    ``requested`` date to its last. A source whose latest record falls before the last
    period of the history has stopped there (an export cut earlier, a log no longer
    kept): its series ends with the last period over by that record's day instead of
    being zero-filled to the end (weeks of zeros would read as demand falling to nothing).
    :func:`forecast_demand` says so and forecasts such a series from its own end.
    """
    freq = period_freq(freq)  # an unknown period is refused before any work
    t = _created_tasks(tasks, by, requests)
    points = S.estimates_in_points(t)  # read on every task created, as before the history's end cuts some
    t, r, end, last, periods = _history_span(tasks, t, requests, as_of, freq)
    out = _work_series(t, by, freq, periods, points)
    out.update(_project_series(t, freq, periods))
    if r is not None:
        out.update(_request_series(r, end, last, freq))
    if not out:
        raise SchemaError(f"nothing to forecast: no task created has a positive '{S.ESTIMATE}' or a "
                          f"'{S.PROJECT_ID}', and no request log was given", column=S.PROJECT_ID)
    frames = [pd.DataFrame({"series": name, "period": s.index.start_time, "value": s.to_numpy()})
              for name, s in out.items()]
    return pd.concat(frames, ignore_index=True)


def _created_tasks(tasks: pd.DataFrame, by, requests) -> pd.DataFrame:
    """The tasks with a creation date, once the tables and ``by`` are checked: no history is built from what cannot be read."""
    for col in (S.CREATED, S.ESTIMATE, S.PROJECT_ID):
        if col not in tasks.columns:
            raise SchemaError(f"tasks has no '{col}' column; demand forecasts need when tasks were created")
    require_not_negative(tasks, "tasks")  # as the loader: a negative estimate took hours off a period's demand
    t = tasks.loc[tasks[S.CREATED].notna()]
    # loader metadata (arrays) breaks concat's attrs check on pandas 2.2; the estimates' unit is kept, as
    # fill_estimates reads it (a 0-point story had been filled with its project's median, points named hours)
    t.attrs = S.estimate_unit_attrs(tasks)
    if t.empty:
        raise SchemaError(f"no task has a '{S.CREATED}' date; cannot build a demand history")
    if by is not None and (not isinstance(by, str) or by not in t.columns):  # a list of columns: unhashable
        raise SchemaError(option_refused("by", f"name a column of tasks (e.g. '{S.TASK_TYPE}')", by))
    if requests is not None:
        if S.REQUESTED not in requests.columns:
            raise SchemaError(f"requests has no '{S.REQUESTED}' column")
        require_dates(requests, "requests")  # text or zoned dates raised a bare TypeError on the first comparison
    return t


def _history_span(tasks, t, requests, as_of, freq: str) -> tuple:
    """The tasks and requests up to the history's end, that end, its last complete period and the tasks' periods: a half period would look like a dip."""
    # the end of the as-of day (the data's own unless given): quiet days since the last
    # arrival are part of the history, and "future" starts the day after
    tasks_end = _day_end(resolve_as_of(tasks, as_of))
    end = tasks_end
    r = requests.loc[requests[S.REQUESTED].notna()] if requests is not None else None
    if r is not None and as_of is None and len(r):
        end = max(end, r[S.REQUESTED].max())
    t = t.loc[t[S.CREATED] <= end]
    if t.empty:  # an as-of date before the first task: no history to forecast from
        raise SchemaError(f"no task was created by the as-of date {end:%Y-%m-%d} (the first '{S.CREATED}' date is "
                          f"{tasks[S.CREATED].min():%Y-%m-%d}): there is no demand history before it; check the date",
                          column=S.CREATED)
    last = _last_complete(end, freq)
    periods = pd.period_range(t[S.CREATED].min().to_period(freq), _source_last(tasks_end, last, freq), freq=freq)
    if len(periods) == 0:
        raise SchemaError("the history is shorter than one complete period")
    return t, r, end, last, periods


def _work_series(t: pd.DataFrame, by, freq: str, periods: pd.PeriodIndex, points: bool) -> dict:
    """The estimates of the tasks created per period (by ``by``), none when no task has one: zeros would read as no work arriving."""
    work = TASK_POINTS if points else TASK_HOURS
    out = {}
    # an estimate written as text ('8h') stopped on a bare TypeError in the comparison with 0; a number as text counts
    require_hours(t, S.ESTIMATE, numbers_as_text=True)
    t = t.assign(**{S.ESTIMATE: pd.to_numeric(t[S.ESTIMATE])})
    zero = zero_point_stories(t, t)
    hours, filled = fill_estimates(t, t)  # the effort forecast's rule: a missing estimate is not 0 h
    said = _filled_said(t, filled, points) if filled.any() and not filled.all() else ""  # read before the filling
    t = t.assign(**{S.ESTIMATE: hours})
    if filled.all():  # any hours would be made up, and zeros read as no work arriving
        warn(f"no task created has a positive '{S.ESTIMATE}': no {work} series (new_projects is still "
             f"forecast); estimate the tasks to forecast the {'points' if points else 'hours'} arriving",
             DataQualityWarning)
        return out
    if filled.any():
        k = int(filled.sum())
        warn(f"{k} of the {counted(len(t), 'task')} created {agree(k, 'has', 'have')} no positive '{S.ESTIMATE}': "
             f"{said}, not 0 {estimate_unit(points, 0)}", DataQualityWarning)
    if zero.any():
        k = int(zero.sum())
        warn(f"{k} of the {counted(len(t), 'task')} created {agree(k, 'is', 'are')} estimated at 0 story points: each "
             f"counts as {S.ZERO_POINT_SIZE:g} point, the smallest card above 0, not as unestimated",
             DataQualityWarning)
    if by is None:
        out[work] = _periodise(t[S.CREATED], t[S.ESTIMATE], freq, periods)
    else:
        # grouped as a loaded table groups (a task type 'n/a' none, not a type of its own), by the name the series
        # gets: 1 and "1" (a column of numbers and text) are one series, whose second group had replaced the first
        for key, g in t.groupby(column_as_loaded(t, by).astype(object).fillna(S.NO_GROUP).map(str)):
            out[f"{work}[{key}]"] = _periodise(g[S.CREATED], g[S.ESTIMATE], freq, periods)
    return out


def _filled_said(t: pd.DataFrame, filled: np.ndarray, points: bool) -> str:
    """What :func:`~pmo_forecast.forecasting.open_work.fill_estimates` counted for the ``filled`` tasks of ``t``, in
    words: the medians, or, where only 0-point stories are estimated, their size and the placeholder (no estimate
    above 0 to take a median of: "the median of all estimates" named one there is not)."""
    if usable_estimates(t).any():
        return ("their project's median estimate is counted (the median of all estimates in a project "
                "with none)")
    # every estimate left is a 0-point story's (an hours table with none is no series at all)
    sized = t[S.PROJECT_ID].isin(set(t.loc[~filled, S.PROJECT_ID].dropna())).to_numpy(bool)
    k = int(filled.sum())
    counts = [f"{S.ZERO_POINT_SIZE:g} point in a project with 0-point stories (their size)" if (filled & sized).any()
              else "", f"{NO_ESTIMATE_HOURS:g} {estimate_unit(points, NO_ESTIMATE_HOURS)}, a placeholder, in a "
              "project without" if (filled & ~sized).any() else ""]
    return (f"no task has one above 0 to take a median of, so {agree(k, 'it counts', 'each counts')} "
            f"{' and '.join(filter(None, counts))}")


def _project_series(t: pd.DataFrame, freq: str, periods: pd.PeriodIndex) -> dict:
    """The projects whose first task was created per period, none when no task has a project: zeros would read as none starting."""
    # a task without a project id starts no project: all blank had read as no new project in any period
    blank = (t[S.PROJECT_ID].isna() | t[S.PROJECT_ID].astype(str).str.strip().eq("")).to_numpy(bool)
    if blank.all():
        warn(f"no task created has a '{S.PROJECT_ID}': no new_projects series (zeros would read as no "
             "project starting); fill in the tasks' projects to forecast the projects arriving",
             DataQualityWarning)
        return {}
    if blank.any():
        k = int(blank.sum())
        warn(f"{k} of the {counted(len(t), 'task')} created {agree(k, 'has', 'have')} no '{S.PROJECT_ID}': new_projects "
             "counts the projects of the others only", DataQualityWarning)
    first = t.loc[~blank].groupby(S.PROJECT_ID)[S.CREATED].min()
    return {"new_projects": _periodise(first, None, freq, periods)}


def _request_series(r: pd.DataFrame, end: pd.Timestamp, last: pd.Period, freq: str) -> dict:
    """The PM-pool requests per period over the log's own periods: a log that stops early is not zero-filled."""
    r = r.loc[r[S.REQUESTED] <= end]
    own = (pd.period_range(r[S.REQUESTED].min().to_period(freq), _source_last(r[S.REQUESTED].max(), last, freq),
                           freq=freq) if len(r) else pd.PeriodIndex([], freq=freq))
    if len(own):
        return {"pm_requests": _periodise(r[S.REQUESTED], None, freq, own)}
    warn("the request log holds no complete period up to the end of the history: no pm_requests "
         "series", DataQualityWarning)
    return {}


def _history_end(hist: pd.DataFrame, freq: str) -> pd.DataFrame:
    """Per series: its last period (start), the day that period ends, and how many periods
    before the history's last one it stops (0 for a series that runs to the end)."""
    latest = hist.groupby("series", sort=False)["period"].max()
    last = pd.PeriodIndex(latest, freq=freq)
    behind = np.array([(last.max() - p).n for p in last], dtype=int)
    return pd.DataFrame({"last_period": last.start_time, "ends": last.end_time.normalize(),
                         "periods_behind": behind}, index=latest.index)


def _gap_notes(ends: pd.DataFrame, freq: str) -> list[str]:
    """One sentence per source that stops early (its series share an end): where, and how far
    before the rest of the history."""
    unit = period_name(freq)
    history_end = ends["ends"].max()
    notes = []
    for (day, n), g in ends.loc[ends["periods_behind"] > 0].groupby(["ends", "periods_behind"], sort=False):
        names = ", ".join(repr(str(x)) for x in g.index)
        notes.append(f"series {names} {agree(len(g), 'ends', 'end')} on {day:%Y-%m-%d}, {counted(n, unit)} "
                     f"before the rest of the history ({history_end:%Y-%m-%d}): {agree(len(g), 'its', 'their')} source "
                     f"has no record after that {unit}, so the history is not zero-filled beyond it and the forecast "
                     f"runs from there, across the gap, to the same {unit}s as the others")
    return notes


# --- candidate models ----------------------------------------------------------
#: Fewer periods than this are forecast with their flat mean (no model is chosen on so little).
SHORT_HISTORY = 12
FLAT_MEAN = "flat mean"


def _flat_mean(y: np.ndarray, h: int, levels) -> dict:
    """The history's mean for ``h`` periods, with the prediction interval of one more draw from it
    (Student's t on ``n - 1`` degrees of freedom: ``mean +- t s sqrt(1 + 1/n)``), clipped at zero; NaN
    bounds from one period. An exponential smoothing fitted to a few periods followed the last one
    (15, 0, 0 h forecast 0 h a week), and to one period gave an interval of no width."""
    from scipy.stats import t as student

    n, mean = len(y), float(np.mean(y))
    out = {"mean": np.full(h, mean)}
    for lv in levels:
        half = student.ppf(0.5 + lv / 200, n - 1) * np.std(y, ddof=1) * np.sqrt(1 + 1 / n) if n > 1 else np.nan
        out[lv] = (np.full(h, max(mean - half, 0.0) if n > 1 else np.nan), np.full(h, mean + half))
    return out


def _candidates(n: int, m: int | None) -> list[tuple[str, dict]]:
    """Model specs the history supports: trend from one year, yearly season from two."""
    # ARIMA(0,1,1) is left out: it is the same model as ETS(A,N,N), at several times the cost
    specs = [("ETS(A,N,N)", {"kind": "ets", "trend": None, "seasonal": None}),
             ("ARIMA(1,0,0)+c", {"kind": "arima", "order": (1, 0, 0), "trend": "c"})]
    if m is None or n >= m:
        specs.append(("ETS(A,Ad,N)", {"kind": "ets", "trend": "add", "seasonal": None}))
    if m is not None and n >= 2 * m:
        specs.append((f"ETS(A,N,A)[{m}]", {"kind": "ets", "trend": None, "seasonal": "add", "m": m}))
    return specs


def _fit_forecast(z: np.ndarray, spec: dict, h: int, levels=LEVELS) -> dict:
    """Fit one spec on ``z`` and forecast ``h`` steps: mean and interval bounds per level, and
    ``converged`` (False when statsmodels' optimiser warned that it did not converge)."""
    from statsmodels.tools.sm_exceptions import ConvergenceWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        if spec["kind"] == "ets":
            from statsmodels.tsa.exponential_smoothing.ets import ETSModel

            # a yearly season has 52 initial states: set them from the data (heuristic)
            # rather than by maximum likelihood, which is 20x slower and overfits
            init = "heuristic" if spec["seasonal"] else "estimated"
            mod = ETSModel(pd.Series(z), error="add", trend=spec["trend"], damped_trend=spec["trend"] is not None,
                           seasonal=spec["seasonal"], seasonal_periods=spec.get("m"), initialization_method=init)
            res = mod.fit(disp=False, maxiter=200)
            pred = res.get_prediction(start=len(z), end=len(z) + h - 1)
            out = {"mean": np.asarray(pred.predicted_mean, dtype=float),
                   "var": np.asarray(pred.var_pred_mean, dtype=float)}
            for lv in levels:
                f = pred.summary_frame(alpha=1 - lv / 100)
                out[lv] = (f["pi_lower"].to_numpy(dtype=float), f["pi_upper"].to_numpy(dtype=float))
        else:
            # statsmodels' ARIMA is the SARIMAX state-space model with better starting
            # values (Hannan-Rissanen): same likelihood, about 3x faster to fit here
            from statsmodels.tools.sm_exceptions import EstimationWarning
            from statsmodels.tsa.arima.model import ARIMA

            # a series without variation (10 h every week) gives Hannan-Rissanen no stationary AR start; statsmodels
            # says so and starts the likelihood search from zeros instead, which fits the same model: nothing for
            # the user to act on (tests/test_demand.py: the flat weekly series say nothing of it)
            warnings.filterwarnings("ignore", message="Non-stationary starting autoregressive parameters found",
                                    category=EstimationWarning)
            res = ARIMA(z, order=spec["order"], trend=spec["trend"]).fit()
            fc = res.get_forecast(h)
            out = {"mean": np.asarray(fc.predicted_mean, dtype=float),
                   "var": np.asarray(fc.var_pred_mean, dtype=float)}
            for lv in levels:
                ci = np.asarray(fc.conf_int(alpha=1 - lv / 100), dtype=float)
                out[lv] = (ci[:, 0], ci[:, 1])
    # a convergence warning is a property of the candidate; the rest are issued again as they were said
    out["converged"] = not any(issubclass(w.category, ConvergenceWarning) for w in caught)
    issue_again([w for w in caught if not issubclass(w.category, ConvergenceWarning)])
    return out


def _back(out: dict, log: bool) -> dict:
    """Back to the original scale, clipped at zero; the point forecast stays the mean.

    On the log1p scale ``expm1`` of the forecast is the median, well below the mean
    of skewed weekly hours; the lognormal mean ``exp(mu + var / 2) - 1`` keeps the
    forecast unbiased in hours, so forecast totals add up to the work that arrives.
    """
    if log:
        mean = np.expm1(out["mean"] + out["var"] / 2)
        bounds = {k: tuple(np.expm1(b) for b in v) for k, v in out.items() if not isinstance(k, str)}
    else:
        mean, bounds = out["mean"], {k: v for k, v in out.items() if not isinstance(k, str)}
    return {"mean": np.maximum(mean, 0.0), **{k: tuple(np.maximum(b, 0.0) for b in v) for k, v in bounds.items()}}


#: A held-out period every candidate's 80% interval misses by more than this many times its width is a burst,
#: left out of the model choice (:func:`forecast_demand`): for Gaussian noise a miss of one width is already a
#: 4-sigma event, but lumpy series (a few projects a week, hours on the log scale) miss by a width often.
BURST_WIDTHS = 5

#: Fewest periods the candidates are fitted on in the holdout check: what the default holdout leaves of the
#: shortest history that is modelled (12 periods, 4 held out).
MIN_FIT = SHORT_HISTORY - 4


def _select(y: np.ndarray, horizon: int, m: int | None, transform: str, holdout: int | None, name: str = ""):
    """Holdout check of every candidate; returns (best name, spec, log, table of scores)."""
    n = len(y)
    h_test = holdout if holdout is not None else min(horizon, max(4, n // 5))
    if n - h_test < MIN_FIT:  # it had stopped with an IndexError, or chose on a fit to one period
        raise ValueError(f"holdout={holdout} leaves {max(n - h_test, 0)} of the {n} periods of series {name!r} to fit "
                         f"the candidate models on; at least {MIN_FIT} are needed: give a holdout of at most "
                         f"{n - MIN_FIT}, or None for the default")
    scales = {"none": [False], "log1p": [True], "auto": [False, True]}[transform]
    rows = []
    train = y[:-h_test]
    for name, spec in _candidates(len(train), m):
        for log in scales:
            z = np.log1p(train) if log else train
            try:
                fit = _fit_forecast(z, spec, h_test, levels=(80,))
                fc = _back(fit, log)
            except (ValueError, np.linalg.LinAlgError):
                continue  # a spec that cannot be fitted to this history is not a candidate
            lo, hi = fc[80]
            yt = y[-h_test:]
            rows.append({"model": name + (" on log1p" if log else ""), "spec": spec, "log": log,
                         "holdout_mae": float(np.mean(np.abs(fc["mean"] - yt))),
                         "holdout_cover80": float(np.mean((yt >= lo) & (yt <= hi))),
                         "converged": fit["converged"], "_lo": lo, "_hi": hi})
    if not rows:
        raise ValueError("no candidate model could be fitted to this history")
    yt = y[-h_test:]
    lo, hi = np.array([r.pop("_lo") for r in rows]), np.array([r.pop("_hi") for r in rows])
    miss = np.maximum(lo - yt, 0) + np.maximum(yt - hi, 0)
    # a held-out period every candidate misses by BURST_WIDTHS times its interval's width (a burst, a
    # project's scope arriving in one week) tells nothing of the models but which drifts most towards it: one
    # 10x week had chosen a damped trend by 0.1%, refitted to climb 127 -> 142 h over 6 weeks. It is left out
    # of the score unless every held-out period is one (a new level, which the scores should see).
    burst = (miss > BURST_WIDTHS * (hi - lo)).all(axis=0)
    keep = ~burst if not burst.all() else np.ones_like(burst)
    # interval score (Gneiting & Raftery 2007) of the 80% interval: width plus
    # 2/alpha times each miss; it rewards intervals both sharp and calibrated
    score = ((hi - lo) + (2 / 0.2) * miss)[:, keep].mean(axis=1)
    for r, sc in zip(rows, score, strict=True):
        r["holdout_score80"] = float(sc)
    # a fit whose optimiser did not converge wins only when no candidate converged; a trend, refitted through
    # such a burst at the end of the history, climbs from it (183 -> 253 h in 6 weeks): it wins only when no
    # candidate without one could be fitted
    table = pd.DataFrame(rows).assign(
        _trend=[bool(burst.any() and not burst.all() and r["spec"]["kind"] == "ets" and r["spec"]["trend"])
                for r in rows])
    table = table.sort_values(["converged", "_trend", "holdout_score80"], ascending=[False, True, True],
                              kind="stable", ignore_index=True).drop(columns="_trend")
    best = table.iloc[0]
    return best["model"], best["spec"], bool(best["log"]), table.drop(columns=["spec", "log"]).assign(
        holdout=h_test, holdout_left_out=int((~keep).sum()))


def forecast_demand(tasks, horizon=26, freq="W", by=None, requests=None, *, as_of=None,
                    transform="auto", holdout=None, levels=LEVELS) -> DemandForecast:
    """Forecast incoming work per period with prediction intervals.

    Parameters
    ----------
    tasks : pandas.DataFrame
        Canonical task table (``created``, ``estimate_hours``, ``project_id``).
    horizon : int, default 26
        Periods to forecast.
    freq : str, default "W"
        Period frequency as :func:`demand_history` reads it: "W" (weeks), "M" or "MS" (months), "Q" or "QS"
        (quarters), "YS" (years), fiscal quarters or years ("QS-APR").
    by : str, optional
        Task column to split new task hours by (one forecast per value).
    requests : pandas.DataFrame, optional
        PM-pool request log; adds a ``pm_requests`` forecast (feed its rate to
        :class:`pmo_forecast.PoolQueue` to see the wait it implies).
    as_of : date-like, optional
        End of the history (see :func:`demand_history`).
    transform : {"auto", "none", "log1p"}
        Scale the candidates are fitted on; "auto" tries both and lets the holdout
        choose. On the log scale the intervals are asymmetric, which suits lumpy
        hours (a project's scope arrives in one week), and the point forecast is
        back-transformed to the mean, so that forecast totals add up to the work
        that arrives.
    holdout : int, optional
        Periods held out for model choice; default ``min(horizon, max(4, n // 5))``. It must leave
        at least ``MIN_FIT`` (8) periods of each modelled series to fit on (``ValueError`` otherwise).
    levels : tuple of int, default (80, 95)
        Prediction-interval levels, in percent, each strictly between 0 and 100 (``ValueError``
        otherwise).

    Returns
    -------
    DemandForecast

    Notes
    -----
    A series of fewer than 12 periods is forecast with its mean, and a Student-t interval for one
    more period drawn like them (none from a single period), model ``"flat mean"``. Otherwise the
    candidates, all from statsmodels: ETS(A,N,N) (simple exponential smoothing),
    ETS(A,Ad,N) (damped trend) when the history covers a year, ETS(A,N,A) with a
    yearly season when it covers two full years (initial seasonal states set
    heuristically), and AR(1) with a constant (demand reverting to a mean). Each is fitted on the history minus a held-out tail, on
    the raw and the log1p scale; the lowest mean interval score of the 80%
    interval on the tail (width plus ten times any miss; Gneiting & Raftery,
    2007) wins and is refitted on the whole history. The mean absolute error is
    reported alongside. Intervals are the models'
    Gaussian prediction intervals (back-transformed and clipped at zero); they
    assume the future behaves like the past: a reorganisation or a new client
    will not be in them. A one-period burst (a project's scope arriving in one week, ten
    times the usual) can give AR(1) a negative coefficient: its first forecasts then alternate
    around the mean, damped within two or three periods and well inside the 80% interval (on
    simulated weekly hours with one 10x week: at most 8 h, a tenth of a week's demand, by
    design of the model); the burst also lifts the mean the forecast settles at, as it is part
    of the history. Leave such a week out of ``tasks`` when it will not recur. A held-out period
    that every candidate's 80% interval misses by more than five times its width (a burst no model
    could foresee, :data:`BURST_WIDTHS`) is left out of the scores, unless all are, and a damped
    trend is then not chosen: refitted through a burst near the end it climbed from it (warned, in
    ``warnings_`` and the selection's ``holdout_left_out``).

    Examples
    --------
    >>> import warnings
    >>> from pmo_forecast import DataQualityWarning, load_sample, forecast_demand
    >>> s = load_sample()
    >>> with warnings.catch_warnings(record=True):  # what the data lacks is warned, and kept on the result
    ...     warnings.simplefilter("always", DataQualityWarning)
    ...     fc = forecast_demand(s.tasks, horizon=8, requests=s.requests)
    >>> fc.warnings_
    ["25 of the 11,970 tasks created have no positive 'estimate_hours': their project's median estimate is counted (the median of all estimates in a project with none), not 0 h"]
    >>> sorted(fc.forecast["series"].unique())
    ['new_projects', 'pm_requests', 'task_hours']
    """
    horizon, holdout, levels = _checked_options(transform, horizon, holdout, levels)
    freq = period_freq(freq)
    hist, ends, said = _history_said(tasks, freq, by, requests, as_of)
    m = SEASON_LENGTH.get(_freq_base(freq))
    frames, tables = [], []
    # every candidate is fitted on every series, and again on its whole history: what statsmodels says of
    # them alike (its fits' warnings, issued again after each) is said once
    with said_once():
        for name, g in hist.groupby("series", sort=False):
            df, table = _series_forecast(name, g, freq, int(ends.loc[name, "periods_behind"]), horizon, m,
                                         transform, holdout, levels, said)
            frames.append(df)
            if len(table):
                tables.append(table)
    selection = pd.concat(tables, ignore_index=True) if tables else pd.DataFrame()
    return DemandForecast(forecast=pd.concat(frames, ignore_index=True), history=hist,
                          selection=selection, freq=freq, levels=tuple(levels), history_end=ends, warnings_=said)


def _checked_options(transform, horizon, holdout, levels) -> tuple:
    """The horizon, holdout and levels as whole numbers and a tuple, refused before any work when they are no such thing."""
    if transform not in ("auto", "none", "log1p"):
        raise ValueError(f"transform must be 'auto', 'none' or 'log1p', got {transform!r}")
    periods = whole_count(horizon)  # int() had cut 2.5 periods to 2 without a word
    if periods is None:
        raise ValueError(f"horizon must be a whole number of at least 1 period, got {horizon!r}")
    if holdout is not None and whole_count(holdout) is None:  # 0 and 2.5 stopped with an IndexError, TypeError
        raise ValueError(f"holdout must be a whole number of at least 1 period, or None, got {holdout!r}")
    holdout = None if holdout is None else whole_count(holdout)
    levels = tuple(levels)
    bad = [lv for lv in levels if not (isinstance(lv, int | float | np.number) and 0 < lv < 100)]
    if bad:  # 100 gave bounds of 0 and inf, 150 NaN, 0 a band of no width: none is an interval
        raise ValueError(f"levels are interval levels in percent, strictly between 0 and 100 (80 for an 80% "
                         f"interval); got {in_words(bad[0])} among {in_words(levels)}")
    return periods, holdout, levels


def _history_said(tasks, freq: str, by, requests, as_of) -> tuple:
    """The demand history, each series' end and what was warned on the way: the result records what the caller was told."""
    with warnings.catch_warnings(record=True) as caught:  # what the history warned is recorded too
        warnings.simplefilter("always", DataQualityWarning)
        hist = demand_history(tasks, freq=freq, by=by, requests=requests, as_of=as_of)
    for w in caught:  # shown at the caller's line, as forecast_demand's own warnings
        warn(w.message, w.category)
    ends = _history_end(hist, freq)
    gaps = _gap_notes(ends, freq)
    said = [str(w.message) for w in caught if issubclass(w.category, DataQualityWarning)] + gaps
    for note in gaps:
        warn(note, DataQualityWarning)
    return hist, ends, said


def _series_forecast(name: str, g: pd.DataFrame, freq: str, gap: int, horizon: int, m: int | None, transform: str,
                     holdout, levels: tuple, said: list) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One series' forecast from its own end (``gap`` periods before the history's) and its candidates' scores: a series that stops early is not zero-filled."""
    y = g["value"].to_numpy(dtype=float)
    periods = pd.PeriodIndex(g["period"], freq=freq)
    if len(y) < SHORT_HISTORY:
        note = (f"series {name!r} has only {counted(len(y), 'period')}; forecasting it with a flat "
                "mean" + ("" if len(y) > 1 else ", without intervals (one period has no spread)"))
        warn(note, SmallSampleWarning)
        said.append(note)
        model, table, fc = FLAT_MEAN, pd.DataFrame(), _flat_mean(y, gap + horizon, levels)
    else:
        model, spec, log, table = _select(y, horizon, m, transform, holdout, name)
        burst = int(table["holdout_left_out"].iat[0])
        if burst:
            note = (f"series {name!r}: {burst} of the {int(table['holdout'].iat[0])} held-out periods "
                    f"{agree(burst, 'is', 'are')} far outside every candidate model's 80% interval (a burst): "
                    "left out of the model choice, and no trend model chosen (a trend refitted through a burst "
                    "at the end of the history climbs from it); the burst still lifts the forecast's level")
            warn(note, DataQualityWarning)
            said.append(note)
        fc = _back(_fit_forecast(np.log1p(y) if log else y, spec, gap + horizon, levels), log)
    future = pd.period_range(periods[-1] + 1 + gap, periods=horizon, freq=freq)
    df = pd.DataFrame({"series": name, "period": future.start_time, "forecast": fc["mean"][gap:]})
    for lv in sorted(levels, reverse=True):
        df[f"lo-{lv}"] = fc[lv][0][gap:]
    for lv in sorted(levels):
        df[f"hi-{lv}"] = fc[lv][1][gap:]
    df["model"] = model
    if len(table):
        table = table.assign(series=name, chosen=table["model"] == model)
    return df, table


@dataclass(repr=False)
class DemandForecast(Result):
    """Forecast of incoming work (see :func:`forecast_demand`).

    Attributes
    ----------
    forecast : pandas.DataFrame
        Long table: ``series``, ``period`` (start), ``forecast`` (point: the mean,
        also on the log scale), ``lo-95``, ``lo-80``, ``hi-80``, ``hi-95``, ``model``.
    history : pandas.DataFrame
        The per-period history it was fitted on (``series``, ``period``, ``value``).
    selection : pandas.DataFrame
        Every candidate's holdout interval score (``holdout_score80``, the selection
        criterion), mean absolute error and 80% coverage per series, with the
        ``chosen`` one flagged; ``holdout_left_out``: held-out periods left out of the score as a
        burst (see :func:`forecast_demand`).
    history_end : pandas.DataFrame
        Per series: ``last_period`` (start of its last period of history), ``ends`` (the
        day that period ends) and ``periods_behind``: how many periods before the rest of
        the history it stops, because its source (the task table, the request log) has no
        later record (0 when it runs to the end). Such a series is forecast from its own
        end, over the gap and the ``horizon`` periods shown.
    warnings_ : list of str
        What was warned about the data: tasks without an estimate (counted at their project's
        median estimate), a request log with no complete period, each series that stops early,
        with its end date, each series too short for a model (forecast with its flat mean), each
        series with a burst in its held-out periods (left out of the model choice).
    """

    forecast: pd.DataFrame
    history: pd.DataFrame
    selection: pd.DataFrame
    freq: str = "W"
    levels: tuple = LEVELS
    history_end: pd.DataFrame | None = None
    warnings_: list = field(default_factory=list)
    title = "Incoming work forecast"

    def wide(self, value="forecast") -> pd.DataFrame:
        """Forecast pivot: one row per period, one column per series."""
        return self.forecast.pivot(index="period", columns="series", values=value)

    def summary(self) -> pd.DataFrame:
        """Per series: model chosen, its holdout error, recent level and the forecast per period."""
        f = self.forecast.groupby("series", sort=False)
        h = self.history.groupby("series", sort=False)
        m = SEASON_LENGTH.get(_freq_base(self.freq), 4)
        out = pd.DataFrame({
            "model": f["model"].first(),
            "history_periods": h.size(),
            "recent_mean": h["value"].apply(lambda v: v.tail(m).mean()),
            "forecast_mean": f["forecast"].mean(),
            "forecast_total": f["forecast"].sum(),
            "first_lo-80": f["lo-80"].first() if "lo-80" in self.forecast else np.nan,
            "first_hi-80": f["hi-80"].first() if "hi-80" in self.forecast else np.nan,
        })
        if len(self.selection):
            chosen = self.selection.loc[self.selection["chosen"]].set_index("series")
            out["holdout_mae"] = chosen["holdout_mae"].reindex(out.index)
            out["holdout_cover80"] = chosen["holdout_cover80"].reindex(out.index)
        return out

    def coverage(self, actual: pd.DataFrame) -> pd.DataFrame:
        """Share of actual values inside each interval, per series.

        ``actual`` is a :func:`demand_history` table covering the forecast periods
        (e.g. built from later data); periods it lacks are ignored.
        """
        j = self.forecast.merge(actual, on=["series", "period"], how="inner")
        rows = {}
        for name, g in j.groupby("series", sort=False):
            rows[name] = {"periods": len(g), **{
                f"cover-{lv}": float(((g["value"] >= g[f"lo-{lv}"]) & (g["value"] <= g[f"hi-{lv}"])).mean())
                for lv in self.levels}}
        return pd.DataFrame(rows).T

    def unit(self, series: str) -> str:
        """What ``series`` counts per period of the forecast: ``"hours per week"``, ``"story points per
        month"``, ``"new projects per week"``, ``"PM requests per week"`` (a grouped series as its base)."""
        base = str(series).split("[", 1)[0]
        return f"{SERIES_UNITS.get(base, 'items')} per {period_name(self.freq)}"

    def plot(self, ax=None, series=None, history_periods=104):
        """History and forecast with shaded intervals for one series; returns the Axes.

        ``series`` defaults to the first forecast; one not in the forecast raises ``ValueError``.
        The y-axis says what is forecast (:meth:`unit`: hours, story points, projects or requests
        per period).
        """
        import matplotlib.pyplot as plt

        known = list(self.forecast["series"].unique())
        series = series or known[0]
        if series not in known:
            raise ValueError(f"series {series!r} is not in this forecast, which has {', '.join(map(repr, known))} "
                             "(pm_requests needs the request log: forecast_demand(..., requests=...))")
        ax = ax if ax is not None else plt.subplots(figsize=(10, 3.5))[1]
        h = self.history.loc[self.history["series"] == series].tail(history_periods)
        f = self.forecast.loc[self.forecast["series"] == series]
        ax.plot(h["period"], h["value"], color="0.3", lw=1, label="history")
        for lv, alpha in zip(sorted(self.levels, reverse=True), (0.15, 0.3), strict=False):
            ax.fill_between(f["period"], f[f"lo-{lv}"], f[f"hi-{lv}"], alpha=alpha, color="C0",
                            label=f"{lv}% interval", step=None)
        ax.plot(f["period"], f["forecast"], color="C0", lw=1.5, label=f"forecast ({f['model'].iloc[0]})")
        ax.set_title(f"{series} per period")
        ax.set_ylabel(self.unit(series))
        ax.legend(fontsize=8)
        return ax
