"""Demand forecasts: history building, interval coverage on held-out weeks, seasonality only with history."""

import re
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from pmo_forecast.core import schema as S
from pmo_forecast.core.exceptions import DataQualityWarning, SchemaError, SmallSampleWarning
from pmo_forecast.forecasting.demand import demand_history, forecast_demand

CUT = pd.Timestamp("2025-12-29")  # a Monday: the last 26 full weeks of the sample are held out


def unestimated(n=25, created=11_970):
    """Expect what demand on the sample's tasks says of those without an estimate (25 of them; 23 before ``CUT``)."""
    return pytest.warns(DataQualityWarning, match="^" + re.escape(
        f"{n} of the {created:,} tasks created have no positive 'estimate_hours': their project's median estimate is "
        "counted (the median of all estimates in a project with none), not 0 h") + "$")


def spoken(caught) -> list[tuple[type, str]]:
    """Each warning ``caught`` as its category and its words."""
    return [(w.category, str(w.message)) for w in caught]


def _seasonal_tasks(months: int, seed: int = 0) -> pd.DataFrame:
    """One-hour tasks whose monthly count swings +-40 around 60 over the year (known season)."""
    rng = np.random.default_rng(seed)
    rows = []
    for i, start in enumerate(pd.date_range("2021-01-01", periods=months, freq="MS")):
        n = rng.poisson(60 + 40 * np.sin(2 * np.pi * i / 12))
        days = start + pd.to_timedelta(rng.integers(0, 27, n), unit="D") + pd.Timedelta(hours=10)
        rows.append(pd.DataFrame({S.CREATED: days, S.ESTIMATE: 1.0, S.PROJECT_ID: f"P{i // 6}"}))
    t = pd.concat(rows, ignore_index=True)
    t[S.TASK_ID] = [f"T{i}" for i in range(len(t))]
    return t


def test_history_sums_and_drops_the_partial_period(sample):
    tasks, requests = sample.tasks, sample.requests
    with unestimated():
        h = demand_history(tasks, requests=requests)
    assert set(h["series"]) == {"task_hours", "new_projects", "pm_requests"}
    hours = h.loc[h["series"] == "task_hours"]
    # the history ends at the last request or task; its week is incomplete and left out
    end = max(tasks[S.CREATED].max(), requests[S.REQUESTED].max())
    week = end.to_period("W").start_time
    assert hours["period"].max() == week - pd.Timedelta(days=7)
    kept = tasks[S.CREATED] < week
    # a task without an estimate counts at its project's median estimate (the sample has 25), not 0 h
    est = tasks[S.ESTIMATE].where(tasks[S.ESTIMATE] > 0)
    est = est.fillna(tasks[S.PROJECT_ID].map(est.groupby(tasks[S.PROJECT_ID]).median()))
    assert est.isna().sum() == 0 and tasks[S.ESTIMATE].isna().sum() == 25
    assert hours["value"].sum() == pytest.approx(est[kept].sum())
    assert (hours["value"] == 0).any()  # weeks without new tasks are zeros, not gaps
    assert h.loc[h["series"] == "new_projects", "value"].sum() == tasks[S.PROJECT_ID].nunique()
    with unestimated():
        by = demand_history(tasks, by=S.TASK_TYPE, requests=requests)
    assert by.loc[by["series"].str.startswith("task_hours["), "value"].sum() == pytest.approx(hours["value"].sum())


def test_interval_coverage_on_held_out_weeks(sample):
    tasks, requests = sample.tasks, sample.requests
    with unestimated(23, 9_139):
        fc = forecast_demand(tasks[tasks[S.CREATED] < CUT], horizon=26,
                             requests=requests[requests[S.REQUESTED] < CUT], as_of=CUT - pd.Timedelta(seconds=1))
    with unestimated():
        actual = demand_history(tasks, requests=requests)
    cov = fc.coverage(actual)
    assert (cov["periods"] == 26).all()
    # 3 series x 26 weeks = 78 held-out values. Measured (sample of 2026-11-25): 80%
    # intervals cover 73-92% (pooled 83%), 95% intervals 92-100% (pooled 95%). Loose
    # bounds: nominal 80% within [0.65, 0.97] pooled, 95% at least 0.85 pooled and
    # 0.75 per series.
    assert 0.65 <= cov["cover-80"].mean() <= 0.97
    assert cov["cover-95"].mean() >= 0.85 and cov["cover-95"].min() >= 0.75
    # the point forecast of PM requests is close to what came (about 15 a week)
    came = actual.loc[(actual["series"] == "pm_requests") & (actual["period"] >= CUT), "value"].head(26).mean()
    assert fc.forecast.loc[fc.forecast["series"] == "pm_requests", "forecast"].mean() == pytest.approx(came, rel=0.25)
    f = fc.forecast
    assert list(f.columns) == ["series", "period", "forecast", "lo-95", "lo-80", "hi-80", "hi-95", "model"]
    assert (f["lo-95"] <= f["lo-80"]).all() and (f["lo-80"] <= f["forecast"] + 1e-9).all()
    assert (f["forecast"] <= f["hi-80"] + 1e-9).all() and (f["hi-80"] <= f["hi-95"]).all()
    assert (f["lo-95"] >= 0).all()
    # the sample's 2.5 years of training history offers no yearly season (needs two full years)
    assert not fc.selection["model"].str.contains(r"\[52\]").any()


def test_yearly_season_chosen_only_when_history_supports_it():
    long = forecast_demand(_seasonal_tasks(48), horizon=12, freq="M", transform="none")
    hours = long.forecast.loc[long.forecast["series"] == "task_hours"]
    assert hours["model"].iloc[0] == "ETS(A,N,A)[12]"
    # the forecast follows the known season: sin peaks at month 3 of each year (April)
    truth = 60 + 40 * np.sin(2 * np.pi * np.arange(48, 60) / 12)
    assert np.corrcoef(hours["forecast"], truth)[0, 1] > 0.75  # measured 0.84 (Poisson noise, heuristic start)
    short = forecast_demand(_seasonal_tasks(20), horizon=6, freq="M", transform="none")
    assert not short.selection["model"].str.contains(r"\[12\]").any()


def test_summary_plot_and_errors(sample):
    tasks = sample.tasks
    with unestimated():
        fc = forecast_demand(tasks, horizon=4, freq="M", transform="log1p")
    s = fc.summary()
    assert {"model", "forecast_mean", "holdout_mae", "holdout_cover80"} <= set(s.columns)
    assert fc.wide().shape == (4, 2)
    ax = fc.plot(series="task_hours")
    assert ax.get_title() == "task_hours per period"
    plt.close("all")
    with pytest.raises(ValueError, match="transform must be"):
        forecast_demand(tasks, transform="sqrt")
    with pytest.raises(ValueError, match="tasks has no 'created' column"):
        forecast_demand(tasks.drop(columns=S.CREATED))
    with pytest.raises(ValueError, match=re.escape("by must name a column of tasks (e.g. 'task_type'), got 'team'")):
        forecast_demand(tasks, by="team")
    with pytest.raises(ValueError) as e:  # was TypeError: unhashable type: 'list'
        forecast_demand(tasks, by=["task_type", "team"])
    assert str(e.value) == "by must name a column of tasks (e.g. 'task_type'), got a list ('task_type', 'team')"
    with pytest.raises(ValueError) as e:  # in words: it said "by=3"
        forecast_demand(tasks, by=3)
    assert str(e.value) == "by must name a column of tasks (e.g. 'task_type'), got the number 3"


def test_the_plot_s_y_axis_says_what_is_forecast_per_period(sample):
    # the y-axis had no label: hours, points, projects and requests were all bare numbers
    no_estimate = re.escape("25 of the 11,970 tasks created have no positive 'estimate_hours': their project's "
                            "median estimate is counted")  # the sample's, said of its demand history
    with pytest.warns(DataQualityWarning, match=no_estimate):
        fc = forecast_demand(sample.tasks, horizon=4, freq="W", requests=sample.requests)
    labels = {name: fc.plot(series=name).get_ylabel() for name in ("task_hours", "new_projects", "pm_requests")}
    assert labels == {"task_hours": "hours per week", "new_projects": "new projects per week",
                      "pm_requests": "PM requests per week"}
    with pytest.warns(DataQualityWarning, match=no_estimate):
        by_month = forecast_demand(sample.tasks, horizon=4, freq="MS", by=S.TASK_TYPE)
    assert by_month.plot(series="task_hours[build]").get_ylabel() == "hours per month"
    # story points are no hours
    t = pd.DataFrame({S.TASK_ID: list("abcdef"), S.PROJECT_ID: "P", S.ESTIMATE: [3.0, 5.0, 8.0, 3.0, 5.0, 2.0],
                      S.CREATED: pd.to_datetime(["2025-01-06", "2025-01-07", "2025-01-14", "2025-01-15",
                                                 "2025-01-21", "2025-01-28"])})
    t.attrs = {"detected": {"units": {S.ESTIMATE: "story points"}}}
    with pytest.warns(SmallSampleWarning) as said:
        points = forecast_demand(t, horizon=2, freq="W", as_of="2025-02-02")
    assert [str(w.message) for w in said] == [f"series '{s}' has only 4 periods; forecasting it with a flat mean"
                                              for s in ("task_points", "new_projects")]
    assert points.plot(series="task_points").get_ylabel() == "story points per week"
    plt.close("all")


def test_plotting_a_series_not_forecast_names_the_ones_that_are(sample):
    # fuzz round 23: a series not forecast (pm_requests without a request log) raised IndexError
    with unestimated():
        fc = forecast_demand(sample.tasks, horizon=4, freq="M", requests=None)
    with pytest.raises(ValueError, match=r"series 'pm_requests' is not in this forecast, which has "
                                         r"'task_hours', 'new_projects' \(pm_requests needs the request log"):
        fc.plot(series="pm_requests")


def test_log_scale_forecast_is_the_mean_not_the_median():
    # weekly hours lognormal(5, 1): mean exp(5.5) = 245, median exp(5) = 148. Fitted on the
    # log scale, the back-transformed point forecast must be the mean (hours add up), not
    # the median that expm1 of the log forecast gives
    rng = np.random.default_rng(1)
    y = np.exp(rng.normal(5.0, 1.0, 200))
    tasks = pd.DataFrame({"task_id": [f"t{i}" for i in range(200)], "project_id": "P",
                          "created": pd.date_range("2022-01-03", periods=200, freq="W-MON"),
                          "estimate_hours": y})
    fc = forecast_demand(tasks, horizon=10, transform="log1p")
    hours = fc.forecast.loc[fc.forecast["series"] == "task_hours", "forecast"]
    assert hours.mean() == pytest.approx(y.mean(), rel=0.1)
    assert hours.mean() > 1.3 * np.exp(5.0)


def test_sample_forecast_matches_held_out_hours(sample):
    # fitted on all but the last 26 complete weeks, the forecast total of new task hours
    # and PM requests is within 20% of what arrived (before the mean fix: 0.3x the hours)
    with unestimated():
        hist = demand_history(sample.tasks, requests=sample.requests)
    cut = hist["period"].unique()[-27] + pd.Timedelta(days=7)
    with unestimated(23, 9_139):
        fc = forecast_demand(sample.tasks.loc[sample.tasks["created"] < cut], horizon=26,
                             requests=sample.requests.loc[sample.requests["requested"] < cut],
                             as_of=cut - pd.Timedelta(days=1))  # the rest of the table is after the cut
    arrived = hist.loc[hist["period"] >= cut].groupby("series")["value"].sum()
    forecast = fc.forecast.groupby("series")["forecast"].sum()
    for series in ("task_hours", "pm_requests"):
        assert forecast[series] / arrived[series] == pytest.approx(1.0, abs=0.2), series


def test_a_fit_that_did_not_converge_does_not_win(sample, monkeypatch):
    import warnings

    from statsmodels.tools.sm_exceptions import ConvergenceWarning
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    fit = ETSModel.fit

    def unconverged(self, *a, **k):
        warnings.warn("Optimization failed to converge", ConvergenceWarning, stacklevel=2)
        return fit(self, *a, **k)

    monkeypatch.setattr(ETSModel, "fit", unconverged)
    with unestimated():
        fc = forecast_demand(sample.tasks, horizon=4)
    sel = fc.selection[fc.selection["series"] == "task_hours"]
    assert not sel.loc[sel["model"].str.startswith("ETS"), "converged"].any()
    assert sel.loc[sel["chosen"], "model"].str.startswith("ARIMA").all()  # the converged candidate wins


def test_a_warning_statsmodels_gives_while_fitting_reaches_the_caller_once(monkeypatch):
    # it was issued again with a bare warnings.warn_explicit after each of the candidates' fits (five here: each
    # ETS candidate on two scales, and the chosen one refitted), as many times as it was fitted, whatever the filters
    from statsmodels.tools.sm_exceptions import ValueWarning
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    fit = ETSModel.fit
    said = "A date index has been provided, but it has no associated frequency"

    def noisy(self, *a, **k):
        warnings.warn(said, ValueWarning, stacklevel=1)
        return fit(self, *a, **k)

    monkeypatch.setattr(ETSModel, "fit", noisy)
    weeks = pd.date_range("2025-01-06", periods=40, freq="W-MON")
    tasks = pd.DataFrame({S.CREATED: np.repeat(weeks, 3), S.PROJECT_ID: "P1",
                          S.ESTIMATE: np.random.default_rng(0).gamma(2.0, 5.0, 120)})
    tasks[S.TASK_ID] = [f"T{i}" for i in range(len(tasks))]
    with warnings.catch_warnings(record=True) as heard:
        warnings.simplefilter("always")
        fc = forecast_demand(tasks, horizon=4, as_of="2025-10-12")
    assert spoken(heard) == [(ValueWarning, said)] and heard[0].filename == __file__
    assert fc.warnings_ == [] and fc.selection["model"].str.startswith("ETS").any()


def test_a_request_log_that_ends_early_is_not_zero_filled_to_the_as_of_date(sample):
    """Bug G5: a request log ending on 2026-04-29, two months before the tasks' as-of date
    (2026-06-29), was zero-filled to it: nine weeks of 0 requests, and a forecast of 0.0, 1.4, 0.6
    requests a week where the log ran at 17-18 a week. Its history now ends with the last week
    it covers, and the gap is said."""
    import warnings

    from pmo_forecast.core.exceptions import DataQualityWarning

    tasks, requests = sample.tasks, sample.requests
    log = requests[(requests[S.REQUESTED] >= "2025-01-01") & (requests[S.REQUESTED] < "2026-04-30")]
    with unestimated():
        h = demand_history(tasks, requests=log).set_index(["series", "period"])["value"]
    pm = h.loc["pm_requests"]
    # from the week of its first request (Wednesday 2025-01-01) to the last week it covers whole
    assert pm.index.min() == pd.Timestamp("2024-12-30") and pm.index.max() == pd.Timestamp("2026-04-20")
    assert pm.sum() == ((log[S.REQUESTED] < "2026-04-27").sum())  # the week of its last request is partial
    assert h.loc["task_hours"].index.max() == pd.Timestamp("2026-06-22")  # the tasks run on

    with unestimated(), pytest.warns(DataQualityWarning, match=r"'pm_requests' ends on 2026-04-26, 9 weeks before "
                                                              r"the rest of the history \(2026-06-28\)"):
        fc = forecast_demand(tasks, horizon=8, requests=log)
    assert fc.history_end.loc["pm_requests", "periods_behind"] == 9
    assert (fc.history_end.drop(index="pm_requests")["periods_behind"] == 0).all()
    # the sample's 25 tasks without an estimate are said first (counted at their project's median)
    assert len(fc.warnings_) == 2 and fc.warnings_[0].startswith("25 of the ") and "'pm_requests'" in fc.warnings_[1]
    f = fc.forecast.set_index(["series", "period"])["forecast"]
    # the same eight weeks after the as-of date for every series, forecast from the log's own end
    assert f.loc["pm_requests"].index.equals(f.loc["task_hours"].index)
    assert f.loc["pm_requests"].index[0] == pd.Timestamp("2026-06-29")
    recent = pm.tail(13).mean()  # about 16 a week
    assert f.loc["pm_requests"].mean() > 0.6 * recent

    # the full log runs to the as-of date, and every task estimated: nothing to say
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataQualityWarning)
        full = forecast_demand(tasks.fillna({S.ESTIMATE: 8.0}), horizon=8, requests=requests)
    assert (full.history_end["periods_behind"] == 0).all() and full.warnings_ == []


def test_a_task_table_that_ends_before_the_request_log_is_not_zero_filled(sample):
    """Bug G5, the other way: a request log running later than the task table zero-filled the task series."""
    from pmo_forecast.core.exceptions import DataQualityWarning
    from pmo_forecast.forecasting.overrun import tasks_as_of

    tasks = tasks_as_of(sample.tasks, pd.Timestamp("2026-04-29"))  # the table as exported that Wednesday
    with unestimated(25, 11_261), \
            pytest.warns(DataQualityWarning, match=r"'task_hours', 'new_projects' end on 2026-04-26, 9 weeks before"):
        fc = forecast_demand(tasks, horizon=8, requests=sample.requests)
    ends = fc.history_end
    assert ends.loc["task_hours", "last_period"] == pd.Timestamp("2026-04-20")
    assert ends.loc["pm_requests", "last_period"] == pd.Timestamp("2026-06-22")
    hours = fc.history.loc[fc.history["series"] == "task_hours", "value"]
    f = fc.forecast.set_index(["series", "period"])["forecast"]
    assert f.loc["task_hours"].index[0] == pd.Timestamp("2026-06-29")
    assert f.loc["task_hours"].mean() > 0.5 * hours.tail(13).mean()


def test_period_spellings_are_the_kpi_trends_ones():
    # fuzz round 21: "MS", "QS" and "ME" (the KPI trends' spellings, and keys of SEASON_LENGTH) raised pandas'
    # "for Period, please use 'M' instead of 'MS'"; "W-MON" meant weeks ending Monday, not starting it.
    # By hand: one 1-hour task a week from Monday 5 January 2026, as of Sunday 24 May: 20 complete weeks,
    # January's 4 tasks (5, 12, 19, 26) in the first month, 2026Q1's 13 in the first quarter
    created = pd.date_range("2026-01-05", periods=20, freq="7D")
    t = pd.DataFrame({S.TASK_ID: [f"T{i}" for i in range(20)], S.PROJECT_ID: "P", S.ESTIMATE: 1.0, S.CREATED: created})
    hours = {f: demand_history(t, freq=f, as_of="2026-05-24").query("series == 'task_hours'")
             for f in ("M", "MS", "ME", "Q", "QS", "W", "W-MON")}
    assert hours["MS"]["value"].tolist() == [4.0, 4.0, 5.0, 4.0]  # January to April; May is not over
    assert hours["QS"]["value"].tolist() == [13.0]
    pd.testing.assert_frame_equal(hours["MS"], hours["M"])
    pd.testing.assert_frame_equal(hours["ME"], hours["M"])
    pd.testing.assert_frame_equal(hours["QS"], hours["Q"])
    pd.testing.assert_frame_equal(hours["W-MON"], hours["W"])
    assert hours["W"]["period"].iloc[0] == pd.Timestamp("2026-01-05") and len(hours["W"]) == 20
    with pytest.warns(SmallSampleWarning, match="only 4 periods"):
        assert forecast_demand(t, horizon=2, freq="MS", as_of="2026-05-24").freq == "M"
    with pytest.raises(ValueError, match=r"^freq='D': periods are one week, month, quarter or year at a time: use"):
        demand_history(t, freq="D")


def test_tasks_without_estimates_count_their_projects_median_and_none_at_all_give_no_hours_series():
    # fuzz round 23: a missing estimate counted 0 h silently (half missing: 5 h a week instead of 10); none at all
    # forecast 0 h a week with numpy's "divide by zero in log" leaking
    n = 20
    tasks = pd.DataFrame({S.TASK_ID: [f"T{i}" for i in range(n)], S.PROJECT_ID: "A", S.ESTIMATE: 10.0,
                          S.STATUS: S.OPEN,
                          S.CREATED: pd.Timestamp("2026-01-05") + pd.to_timedelta(7 * np.arange(n), unit="D")})
    tasks.loc[::2, S.ESTIMATE] = np.nan
    note = ("10 of the 20 tasks created have no positive 'estimate_hours': their project's median estimate is "
            "counted (the median of all estimates in a project with none), not 0 h")
    # 10 h every week: the AR(1) candidate has no variation to start from; statsmodels' "Non-stationary starting
    # autoregressive parameters found. Using zeros as starting parameters." reached the user, with nothing to act on
    with pytest.warns(DataQualityWarning) as caught:
        fc = forecast_demand(tasks, horizon=4, as_of="2026-05-25")
    assert spoken(caught) == [(DataQualityWarning, note)] and fc.warnings_ == [note]
    assert fc.summary().loc["task_hours", "recent_mean"] == pytest.approx(10.0)
    tasks[S.ESTIMATE] = np.nan
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fc = forecast_demand(tasks, horizon=4, as_of="2026-05-25")
    note = ("no task created has a positive 'estimate_hours': no task_hours series (new_projects is still "
            "forecast); estimate the tasks to forecast the hours arriving")
    assert [(w.category, str(w.message)) for w in caught] == [(DataQualityWarning, note)]
    assert fc.warnings_ == [note] and list(fc.summary().index) == ["new_projects"]


def test_the_task_warnings_agree_with_their_count():
    # "1 of the 20 tasks created have no ...": the verb agreed with the tasks, not with the one of them
    n = 20
    tasks = pd.DataFrame({S.TASK_ID: [f"T{i}" for i in range(n)], S.PROJECT_ID: [f"P{i // 4}" for i in range(n)],
                          S.ESTIMATE: 10.0, S.STATUS: S.OPEN,
                          S.CREATED: pd.Timestamp("2026-01-05") + pd.to_timedelta(7 * np.arange(n), unit="D")})
    tasks.loc[3, S.ESTIMATE] = np.nan
    tasks.loc[5, S.PROJECT_ID] = np.nan
    notes = ["1 of the 20 tasks created has no positive 'estimate_hours': their project's median estimate is counted "
             "(the median of all estimates in a project with none), not 0 h",
             "1 of the 20 tasks created has no 'project_id': new_projects counts the projects of the others only"]
    with pytest.warns(DataQualityWarning) as caught:  # 10 h every week, as above: nothing of the AR(1)'s start
        fc = forecast_demand(tasks, horizon=4, as_of="2026-05-25")
    assert spoken(caught) == [(DataQualityWarning, note) for note in notes] and fc.warnings_ == notes
    t = pd.DataFrame({S.TASK_ID: ["a", "b", "c", "d"], S.PROJECT_ID: "P", S.ESTIMATE: [0.0, 0.0, 8.0, 8.0],
                      S.CREATED: pd.to_datetime(["2025-01-06", "2025-01-07", "2025-01-14", "2025-01-15"])})
    t.attrs = {"detected": {"units": {S.ESTIMATE: "story points"}}}
    with pytest.warns(DataQualityWarning, match=r"^2 of the 4 tasks created are estimated at 0 story points: each "
                                                r"counts as 0.5 point, the smallest card above 0, not as unestimated$"):
        demand_history(t, as_of="2025-01-20")


def test_the_historys_warnings_point_at_the_callers_line(sample):
    # fuzz round 23 (review): the history's warnings named demand.py's own line, a path of the machine that ran
    # it, in the notebook's committed output
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        forecast_demand(sample.tasks, horizon=4, requests=sample.requests)
    said = [w for w in caught if "have no positive" in str(w.message)]
    assert [str(w.message) for w in said] == [
        "25 of the 11,970 tasks created have no positive 'estimate_hours': their project's median estimate is counted "
        "(the median of all estimates in a project with none), not 0 h"]
    assert said[0].filename == __file__


def test_a_short_history_is_forecast_with_its_flat_mean_as_said():
    # the warning said "a flat mean" while an exponential smoothing fitted to three weeks of 15, 0, 0 h followed the
    # last week: 0.0008 h a week, not 5; one week of history gave an interval of no width (10 h, certain)
    from scipy.stats import t as student

    tasks = pd.DataFrame({S.TASK_ID: ["T1", "T2"], S.PROJECT_ID: "A", S.ESTIMATE: [5.0, 10.0], S.STATUS: S.OPEN,
                          S.CREATED: pd.to_datetime(["2026-01-05", "2026-01-06"])})  # 15 h in the week of 5 January
    with pytest.warns(SmallSampleWarning, match=r"^series 'task_hours' has only 3 periods; forecasting it with a "
                                                r"flat mean$"), \
            pytest.warns(SmallSampleWarning, match=r"^series 'new_projects' has only 3 periods; forecasting it with "
                                                   r"a flat mean$"):
        fc = forecast_demand(tasks, horizon=2, as_of="2026-01-25")
    f = fc.forecast.loc[fc.forecast["series"] == "task_hours"]
    # mean 5 h; s = sqrt((10^2 + 5^2 + 5^2) / 2) = sqrt(75); half-width t(2, 0.9) s sqrt(1 + 1/3)
    half = student.ppf(0.9, 2) * np.sqrt(75) * np.sqrt(4 / 3)
    assert f["forecast"].tolist() == [5.0, 5.0] and f["model"].eq("flat mean").all()
    assert f["hi-80"].to_numpy() == pytest.approx([5 + half] * 2) and half == pytest.approx(18.856, abs=1e-3)
    assert f["lo-80"].tolist() == [0.0, 0.0]  # 5 - 18.9, clipped at zero
    assert "series 'task_hours' has only 3 periods; forecasting it with a flat mean" in fc.warnings_
    with pytest.warns(SmallSampleWarning, match=r"only 1 period; forecasting it with a flat mean, without intervals"):
        one = forecast_demand(tasks, horizon=2, as_of="2026-01-11")
    f = one.forecast.loc[one.forecast["series"] == "task_hours"]
    assert f["forecast"].tolist() == [15.0, 15.0] and f[["lo-95", "lo-80", "hi-80", "hi-95"]].isna().all().all()


def test_an_as_of_date_before_the_first_task_is_refused_by_name():
    # an as-of date days before the first task (within the year resolve_as_of allows) left no task to count, and
    # the history stopped with AttributeError: 'NaTType' object has no attribute 'to_period'
    tasks = pd.DataFrame({S.TASK_ID: ["T1", "T2"], S.PROJECT_ID: "A", S.ESTIMATE: 8.0, S.STATUS: S.OPEN,
                          S.CREATED: pd.to_datetime(["2025-01-06", "2025-01-13"])})
    msg = (r"no task was created by the as-of date 2025-01-01 \(the first 'created' date is 2025-01-06\): there is "
           r"no demand history before it; check the date")
    with pytest.raises(SchemaError, match=msg) as e:
        forecast_demand(tasks, horizon=2, as_of="2025-01-01")
    assert e.value.column == S.CREATED
    with pytest.raises(SchemaError, match=msg):
        demand_history(tasks, as_of="2025-01-01")


@pytest.mark.parametrize("level", [100, 150, 0, -5])
def test_interval_levels_outside_0_to_100_are_refused(level):
    # levels=(100,) gave lo-100 0 and hi-100 inf, (150,) NaN bounds, (0,) a band of no width, all without a word
    tasks = pd.DataFrame({S.TASK_ID: ["T1", "T2"], S.PROJECT_ID: "A", S.ESTIMATE: 8.0, S.STATUS: S.OPEN,
                          S.CREATED: pd.to_datetime(["2025-01-06", "2025-01-13"])})
    with pytest.raises(ValueError, match=rf"^levels are interval levels in percent, strictly between 0 and 100 \(80 "
                                         rf"for an 80% interval\); got {level} among 80, {level}$"):
        forecast_demand(tasks, horizon=2, as_of="2025-02-28", levels=(80, level))


def test_estimates_held_as_text_are_refused_by_column_and_row_and_numbers_as_text_counted():
    # an estimate written '8h' (a table built by hand) stopped with TypeError: '>' not supported between 'str' and 'int'
    n = 20
    tasks = pd.DataFrame({S.TASK_ID: [f"T{i}" for i in range(n)], S.PROJECT_ID: "A", S.ESTIMATE: ["10"] * n,
                          S.STATUS: S.OPEN,
                          S.CREATED: pd.Timestamp("2026-01-05") + pd.to_timedelta(7 * np.arange(n), unit="D")})
    hist = demand_history(tasks, as_of="2026-05-25")  # numbers written as text are the numbers
    assert hist.loc[hist["series"] == "task_hours", "value"].sum() == 200.0
    tasks.loc[3, S.ESTIMATE] = "8h"
    with pytest.raises(SchemaError, match=r"^tasks: column 'estimate_hours' holds text \((str|object) values such as '8h' "
                                          r"at position 3 in the table, counting from 0\), not hours") as e:
        forecast_demand(tasks, horizon=4, as_of="2026-05-25")
    assert e.value.column == S.ESTIMATE and e.value.rows == [3]


def test_tasks_without_project_ids_start_no_project_and_say_so():
    # all project ids blank forecast 0 new projects a week without a word; some blank were dropped silently
    n = 20
    tasks = pd.DataFrame({S.TASK_ID: [f"T{i}" for i in range(n)], S.PROJECT_ID: [f"P{i // 4}" for i in range(n)],
                          S.ESTIMATE: 10.0, S.STATUS: S.OPEN,
                          S.CREATED: pd.Timestamp("2026-01-05") + pd.to_timedelta(7 * np.arange(n), unit="D")})
    tasks.loc[[0, 5], S.PROJECT_ID] = [np.nan, " "]
    note = "2 of the 20 tasks created have no 'project_id': new_projects counts the projects of the others only"
    with pytest.warns(DataQualityWarning) as caught:  # 10 h every week: nothing of the AR(1)'s start
        fc = forecast_demand(tasks, horizon=4, as_of="2026-05-25")
    assert spoken(caught) == [(DataQualityWarning, note)] and fc.warnings_ == [note]
    assert fc.history.loc[fc.history["series"] == "new_projects", "value"].sum() == 5
    tasks[S.PROJECT_ID] = np.nan
    note = ("no task created has a 'project_id': no new_projects series (zeros would read as no project starting); "
            "fill in the tasks' projects to forecast the projects arriving")
    with pytest.warns(DataQualityWarning) as caught:
        fc = forecast_demand(tasks, horizon=4, as_of="2026-05-25")
    assert spoken(caught) == [(DataQualityWarning, note)] and fc.warnings_ == [note]
    assert list(fc.summary().index) == ["task_hours"]
    with pytest.raises(SchemaError, match=r"^nothing to forecast: no task created has a positive 'estimate_hours' "
                                          r"or a 'project_id', and no request log was given$"):
        forecast_demand(tasks.assign(**{S.ESTIMATE: np.nan}), horizon=4, as_of="2026-05-25")


def test_request_times_held_as_text_are_refused_by_name(sample):
    # a request log read without parse_dates stopped with TypeError: '>' not supported between 'str' and 'Timestamp'
    # (the task table's dates were already checked)
    text = sample.requests.assign(**{S.REQUESTED: sample.requests[S.REQUESTED].dt.strftime("%Y-%m-%d %H:%M")})
    # the sample file's line, not the frame's index label read as one
    with pytest.raises(SchemaError, match=r"^requests: column 'requested' holds (str|object) values such as "
                                          r"'2023-08-18 17:00' \(on line 2\), not dates; load the table with "
                                          r"pmo_forecast\.load_requests") as e:
        forecast_demand(sample.tasks, horizon=4, requests=text)
    assert e.value.column == S.REQUESTED


@pytest.mark.parametrize("bad", [2.5, 0.5, "4", True, 0])
def test_a_horizon_that_is_no_whole_number_is_refused(bad):
    # int() cut horizon=2.5 to 2 periods, read "4" and True as counts, and said "got 0" of 0.5
    tasks = pd.DataFrame({S.TASK_ID: ["T1", "T2"], S.PROJECT_ID: "A", S.ESTIMATE: 8.0, S.STATUS: S.OPEN,
                          S.CREATED: pd.to_datetime(["2025-01-06", "2025-01-13"])})
    with pytest.raises(ValueError, match=rf"^horizon must be a whole number of at least 1 period, got "
                                         rf"{re.escape(repr(bad))}$"):
        forecast_demand(tasks, horizon=bad, as_of="2025-02-28")
    with pytest.warns(SmallSampleWarning, match=r"^series 'task_hours' has only 7 periods; forecasting it with a flat "
                                                r"mean$"), \
            pytest.warns(SmallSampleWarning, match=r"^series 'new_projects' has only 7 periods; forecasting it with a "
                                                   r"flat mean$"):
        assert len(forecast_demand(tasks, horizon=3.0, as_of="2025-02-28").wide()) == 3


def test_group_values_written_as_number_and_text_are_one_series_with_all_their_hours():
    # a team column holding 1 and "1" (numbers and text from a spreadsheet) made two groups of one name,
    # task_hours[1]: the second replaced the first and 160 of the 320 h created were lost
    n = 40
    tasks = pd.DataFrame({S.TASK_ID: [f"T{i}" for i in range(n)], S.PROJECT_ID: "A", S.ESTIMATE: 8.0,
                          S.CREATED: pd.date_range("2025-01-06", periods=n, freq="W-MON"),
                          "team": [1 if i % 2 else "1" for i in range(n)]})
    h = demand_history(tasks, by="team", as_of="2025-12-31")
    assert h.loc[h["series"] == "task_hours[1]", "value"].sum() == 320.0
    assert sorted(h["series"].unique()) == ["new_projects", "task_hours[1]"]


def test_a_table_not_loaded_groups_by_task_type_as_a_loaded_one():
    # a task table given without the loader: 'n/a' and '-' were task types of their own (task_hours[n/a]), and
    # ' build' a second build, where load_tasks reads them as no type and build
    n = 40
    tasks = pd.DataFrame({S.TASK_ID: [f"T{i}" for i in range(n)], S.PROJECT_ID: "A", S.ESTIMATE: 8.0,
                          S.CREATED: pd.date_range("2025-01-06", periods=n, freq="W-MON"),
                          S.TASK_TYPE: ["build", " build", "n/a", "-"] * (n // 4)})
    h = demand_history(tasks, by=S.TASK_TYPE, as_of="2025-12-31")
    assert h.groupby("series")["value"].sum().to_dict() == {
        "new_projects": 1.0, "task_hours[(none)]": 160.0, "task_hours[build]": 160.0}


def test_a_holdout_that_leaves_too_little_to_fit_on_is_refused(sample):
    # holdout=0 and holdout at or over the history's length stopped with IndexError, 2.5 with TypeError, and
    # 149 of 150 weeks chose the model on fits to one week
    for bad in (0, 2.5, -3):
        with pytest.raises(ValueError, match=rf"^holdout must be a whole number of at least 1 period, or None, got "
                                             rf"{re.escape(repr(bad))}$"):
            forecast_demand(sample.tasks, horizon=4, holdout=bad)
    with unestimated():
        n = demand_history(sample.tasks)["series"].value_counts()["task_hours"]
    with unestimated(), pytest.raises(ValueError, match=rf"^holdout={n - 1} leaves 1 of the {n} periods of series 'task_hours' to "
                                         rf"fit the candidate models on; at least 8 are needed: give a holdout of at "
                                         rf"most {n - 8}, or None for the default$"):
        forecast_demand(sample.tasks, horizon=4, holdout=n - 1)
    with unestimated(), pytest.raises(ValueError, match=rf"^holdout={n + 100} leaves 0 of the {n} periods"):
        forecast_demand(sample.tasks, horizon=4, holdout=n + 100)


def test_a_story_point_history_is_in_points_and_counts_a_0_point_story_at_half_a_point():
    # the unit was wiped: points were named task_hours and a 0-point story counted at its project's median (8)
    t = pd.DataFrame({S.TASK_ID: ["a", "b", "c", "d"], S.PROJECT_ID: "P", S.ESTIMATE: [0.0, 8.0, 8.0, 8.0],
                      S.CREATED: pd.to_datetime(["2025-01-06", "2025-01-07", "2025-01-14", "2025-01-15"])})
    t.attrs = {"detected": {"units": {S.ESTIMATE: "story points"}}}
    with pytest.warns(DataQualityWarning, match=r"^1 of the 4 tasks created is estimated at 0 story points: each "
                                                r"counts as 0.5 point, the smallest card above 0, not as unestimated$"):
        h = demand_history(t, as_of="2025-01-20")
    assert h.loc[h["series"] == "task_points", "value"].tolist() == [8.5, 16.0]
    assert "task_hours" not in set(h["series"])
    with pytest.warns(DataQualityWarning, match="0 story points"):
        by = demand_history(t, by=S.PROJECT_ID, as_of="2025-01-20")
    assert sorted(by["series"].unique()) == ["new_projects", "task_points[P]"]


def test_a_burst_in_the_held_out_weeks_does_not_choose_a_runaway_trend():
    # one 10x week two weeks before the end: a damped trend won the holdout by 0.1% (every candidate missed the
    # burst; the trend's interval missed it least) and, refitted through it, climbed 127 -> 142 h over 6 weeks
    weeks = pd.date_range("2024-01-01", periods=78, freq="W-MON")
    hours = np.random.default_rng(0).normal(100, 20, len(weeks)).clip(10)
    hours[76] *= 10
    t = pd.DataFrame({S.TASK_ID: [f"T{i}" for i in range(len(weeks))], S.PROJECT_ID: "P",
                      S.CREATED: weeks + pd.Timedelta(hours=10), S.ESTIMATE: hours})
    note = ("series 'task_hours': 1 of the 6 held-out periods is far outside every candidate model's 80% interval "
            "(a burst): left out of the model choice, and no trend model chosen (a trend refitted through a burst "
            "at the end of the history climbs from it); the burst still lifts the forecast's level")
    with pytest.warns(DataQualityWarning, match=re.escape(note)):
        fc = forecast_demand(t, horizon=6, as_of=weeks[-1] + pd.Timedelta(days=6), transform="none")
    f = fc.forecast.loc[fc.forecast["series"] == "task_hours"]
    assert f["model"].iat[0] == "ARIMA(1,0,0)+c" and note in fc.warnings_
    assert f["forecast"].iat[-1] - f["forecast"].iat[0] < 1.0  # level, not climbing
    sel = fc.selection.loc[fc.selection["series"] == "task_hours"]
    assert (sel["holdout_left_out"] == 1).all()


def test_missing_estimates_beside_only_0_point_stories_are_said_as_counted():
    # "their project's median estimate is counted (the median of all estimates ...)" when no story had an estimate
    # above 0: a missing one beside a 0-point story counted that story's raw 0, and one in a project without any
    # a placeholder point; now a 0-point story's half point, and the placeholder named
    t = pd.DataFrame({S.TASK_ID: ["a", "b", "c", "d"], S.PROJECT_ID: ["P", "P", "Q", "R"],
                      S.ESTIMATE: [0.0, np.nan, 0.0, np.nan],
                      S.CREATED: pd.to_datetime(["2025-01-06", "2025-01-07", "2025-01-14", "2025-01-15"])})
    t.attrs = {"detected": {"units": {S.ESTIMATE: "story points"}}}
    zero = ("2 of the 4 tasks created are estimated at 0 story points: each counts as 0.5 point, the smallest card "
            "above 0, not as unestimated")
    with pytest.warns(DataQualityWarning) as caught:
        h = demand_history(t, as_of="2025-01-20")
    assert [str(w.message) for w in caught] == [
        "2 of the 4 tasks created have no positive 'estimate_hours': no task has one above 0 to take a median of, so "
        "each counts 0.5 point in a project with 0-point stories (their size) and 1 point, a placeholder, in a project "
        "without, not 0 points", zero]
    assert h.loc[h["series"] == "task_points", "value"].tolist() == [1.0, 1.5]  # 0.5 + 0.5, 0.5 + 1
    with pytest.warns(DataQualityWarning) as caught:
        h = demand_history(t.assign(**{S.PROJECT_ID: "P"}), as_of="2025-01-20")
    assert [str(w.message) for w in caught] == [
        "2 of the 4 tasks created have no positive 'estimate_hours': no task has one above 0 to take a median of, so "
        "each counts 0.5 point in a project with 0-point stories (their size), not 0 points", zero]
    assert h.loc[h["series"] == "task_points", "value"].tolist() == [1.0, 1.0]
