"""The counts the readouts show, on the results that own them (the widgets only format them)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pmo_forecast.core import schema as S
from pmo_forecast.core.calendar import NEVER, WorkingCalendar

NAN = np.nan


def test_likely_is_above_even_and_risk_counts_keep_the_unassessed_apart():
    from pmo_forecast.forecasting.plan import count_likely, likely, risk_counts

    assert likely([0.5, 0.5001, 0.9, NAN]).tolist() == [False, True, True, False]
    chance = pd.Series([0.5, 0.51, NAN, 0.9], index=["A", "B", "C", "D"])
    assert (count_likely(chance), count_likely(chance, ["A", "B", "Z"])) == (2, 1)  # Z not forecast: not counted
    # A late, B over budget, C neither chance known, D safe
    assert risk_counts([0.7, 0.2, NAN, 0.1], [0.1, 0.6, NAN, 0.1]) == (2, 1)
    # on hold: at risk, and assessed whatever its chances
    assert risk_counts([0.7, 0.2, NAN, 0.1], [0.1, 0.6, NAN, 0.1], on_hold=[False, False, True, False]) == (3, 0)
    assert risk_counts([0.7, 0.2, NAN, 0.1], [0.1, 0.6, NAN, 0.1], threshold=0.65) == (1, 1)


def test_overrun_forecast_counts_the_projects_likely_over_budget():
    from pmo_forecast.forecasting.overrun import OverrunForecast

    ids = np.array(["A", "B", "C"])
    # four trials x three projects; budgets 10, 10 and none: A over in 3 of 4, B in exactly half
    samples = np.array([[12.0, 12.0, 50.0], [12.0, 12.0, 50.0], [12.0, 8.0, 50.0], [8.0, 8.0, 50.0]])
    fc = OverrunForecast(samples, ids, np.zeros(3), np.full(3, 10.0), np.array([10.0, 10.0, NAN]), pd.DataFrame(),
                         (0.5, 0.8, 0.9), {}, {}, np.zeros(3))
    assert fc.by_project()["prob_overrun"].tolist()[:2] == [0.75, 0.5]
    assert fc.count_likely_over_budget() == 1
    assert fc.count_likely_over_budget(["B", "C"]) == 0
    assert fc.count_likely_over_budget(["A", "Z"]) == 1  # a project not forecast here is not counted


@pytest.fixture
def finish():
    from pmo_forecast.forecasting.finish import FinishDateForecast

    ids = np.array(["A", "B", "C"])
    # business days after Monday 2026-03-02, five trials x three projects; C cannot finish (its person leaves)
    days = np.array([[1, 10, NEVER], [2, 10, NEVER], [3, 10, NEVER], [4, 10, NEVER], [5, 10, NEVER]])
    due = pd.to_datetime(["2026-03-04", None, "2026-12-31"]).to_numpy()  # A: offset 2; B none
    return FinishDateForecast(days, np.zeros((5, 0), int), ids, np.array([]), np.datetime64("2026-03-02"),
                              WorkingCalendar(), due, np.ones(3), (0.5, 0.8, 0.9), None, {}, {}, np.array([]))


def test_finish_forecast_counts_the_projects_likely_late(finish):
    assert finish.by_project()["prob_late"].tolist()[::2] == [0.6, 1.0]
    assert finish.count_likely_late() == 2  # A and C; B has no due date
    assert finish.count_likely_late(["A", "B"]) == 1
    assert finish.count_likely_late(["B", "Z"]) == 0


def test_finish_forecast_gives_the_latest_finish_and_counts_those_without_one(finish):
    T = pd.Timestamp
    # P80 of 1..5 business days (inverted CDF) is the 4th: Friday 2026-03-06; B's is 2026-03-16; C has none
    assert finish.latest_finish() == (T("2026-03-16"), 1)
    assert finish.latest_finish(0.8, ["A"]) == (T("2026-03-06"), 0)
    assert finish.latest_finish(0.5, ["A"]) == (T("2026-03-05"), 0)
    assert finish.latest_finish(0.8, ["A", "Z"]) == (T("2026-03-06"), 1)  # not forecast here: no date
    latest, undated = finish.latest_finish(0.8, ["C"])
    assert latest is pd.NaT and undated == 1
    assert finish.latest_finish(0.8, ["A", "B"])[0] == finish.by_project().loc[["A", "B"], "p80"].max()


def test_the_latest_finish_does_not_count_a_project_with_every_task_cancelled_as_undated():
    # latest_finish counted every missing P80, so a project whose tasks were all cancelled (no finish to have)
    # read as "(1 more with no date)", while ScenarioResult.no_finish_count leaves it out (fc.undated)
    from pmo_forecast.forecasting.finish import FinishDateForecast, latest_date

    T = pd.Timestamp
    ids = np.array(["A", "B", "C", "D"])
    # as the fixture, and D with no open work and no finish in any trial: every task cancelled
    days = np.array([[1, 10, NEVER, NEVER], [2, 10, NEVER, NEVER], [3, 10, NEVER, NEVER], [4, 10, NEVER, NEVER],
                     [5, 10, NEVER, NEVER]])
    due = pd.to_datetime(["2026-03-04", None, "2026-12-31", "2026-06-30"]).to_numpy()
    fc = FinishDateForecast(days, np.zeros((5, 0), int), ids, np.array([]), np.datetime64("2026-03-02"),
                            WorkingCalendar(), due, np.array([1.0, 1.0, 1.0, 0.0]), (0.5, 0.8, 0.9), None, {}, {},
                            np.array([]))
    assert fc.undated.tolist() == [False, False, False, True]
    assert fc.latest_finish() == (T("2026-03-16"), 1)  # C cannot finish: counted; D: nothing to finish
    assert fc.latest_finish(0.8, ["A", "D"]) == (T("2026-03-06"), 0)
    latest, undated = fc.latest_finish(0.8, ["D"])
    assert latest is pd.NaT and undated == 0
    assert fc.latest_finish(0.8, ["D", "Z"])[1] == 1  # not forecast here: no date
    # latest_date stays the plain helper: every blank counted
    assert latest_date(fc.by_project()["p80"]) == (T("2026-03-16"), 2)


def test_latest_date_counts_the_missing_dates():
    from pmo_forecast.forecasting.finish import latest_date

    assert latest_date(pd.to_datetime(["2026-03-02", None, "2026-05-04"])) == (pd.Timestamp("2026-05-04"), 1)
    latest, missing = latest_date(pd.Series(pd.to_datetime([None, None])))
    assert latest is pd.NaT and missing == 2


def test_scenario_result_counts_projects_at_risk_and_not_assessed():
    from pmo_forecast.scenarios.scenario import Scenario, ScenarioResult

    projects = pd.DataFrame({"finish_p80": pd.to_datetime(["2026-03-02", None, "2026-05-04", None]),
                             "prob_late": [0.7, NAN, NAN, 0.1], "prob_overrun": [0.1, NAN, NAN, 0.2],
                             "at_risk": [True, False, True, False], "on_hold": [False, False, True, False]},
                            index=pd.Index(["P1", "P2", "P3", "P4"], name=S.PROJECT_ID))
    res = ScenarioResult(Scenario(name="x"), None, None, pd.DataFrame(), pd.DataFrame(), projects,
                         np.zeros((1, 4)), np.zeros((1, 4)), pd.Timestamp("2026-03-02"))
    # P1 at risk, P3 on hold (at risk, assessed), P2 neither chance known, P4 safe
    assert res.risk_counts() == (2, 1)
    assert res.summary().loc["projects not assessed (no due date, no budget)", "value"] == 1


def test_scenario_summary_and_comparison_count_risk_as_risk_counts_does():
    # the summary and the comparison each counted at risk and not assessed inline, beside risk_counts()
    from pmo_forecast.scenarios.scenario import (
        NOT_ASSESSED_ROW,
        Scenario,
        ScenarioResult,
        compare_scenarios,
    )

    def result(name, late, overrun, flags, held):
        projects = pd.DataFrame({"finish_p80": pd.to_datetime(["2026-03-02"] * 4), "prob_late": late,
                                 "prob_overrun": overrun, "at_risk": flags, "on_hold": held},
                                index=pd.Index(["P1", "P2", "P3", "P4"], name=S.PROJECT_ID))
        return ScenarioResult(Scenario(name=name), None, None, pd.DataFrame(), pd.DataFrame(), projects,
                              np.zeros((1, 4)), np.zeros((1, 4)), pd.Timestamp("2026-03-02"))

    # base: P1 at risk, P2 and P3 not assessed, P4 safe; held: P3 on hold (at risk, not "not assessed")
    base = result("baseline", [0.7, NAN, NAN, 0.1], [0.1, NAN, NAN, 0.2], [True, False, False, False], False)
    held = result("held", [0.7, NAN, NAN, 0.1], [0.1, NAN, NAN, 0.2], [True, False, True, False],
                  [False, False, True, False])
    assert base.risk_counts() == (1, 2) and held.risk_counts() == (2, 1)
    summary = held.summary()["value"]
    assert summary["projects at risk (P(late) or P(over budget) >= 0.5)"] == 2
    assert summary[NOT_ASSESSED_ROW] == 1
    values = compare_scenarios([base, held]).values()
    assert values.loc["projects at risk"].tolist() == [1, 2]
    assert values.loc[NOT_ASSESSED_ROW].tolist() == [2, 1]


def test_projects_with_open_work_and_no_date_are_counted_alike_in_summary_and_readout():
    # the readout's "(N more with no date)" counted a project whose every task is cancelled (no finish to
    # have), the summary's row left out one on hold (open work, no date): 3 and 1 for the same result
    from pmo_forecast.core.calendar import NEVER
    from pmo_forecast.forecasting.finish_dates import FinishDateForecast
    from pmo_forecast.reporting.widgets import scenario_readout
    from pmo_forecast.scenarios.scenario import (
        NO_FINISH_ROW,
        Scenario,
        ScenarioResult,
        compare_scenarios,
    )

    def result(name, held):
        # P1 dated, P2 past the horizon, P3 on hold or cancelled, P4 every task cancelled
        projects = pd.DataFrame({"finish_p80": pd.to_datetime(["2026-05-04", None, None, None]),
                                 "prob_late": [0.1, 0.9, NAN, NAN], "prob_overrun": [0.1, 0.2, NAN, NAN],
                                 "at_risk": [False, True, held, False], "on_hold": [False, False, held, False]},
                                index=pd.Index(["P1", "P2", "P3", "P4"], name=S.PROJECT_ID))
        # the finish-date forecast behind it: P2, P3 and P4 never finish in its one trial; P2 has open work, P3 too
        # when held (its work on hold), none when cancelled, P4 none: undated, the projects with no date to have
        open_hours = np.array([8.0, 8.0, 8.0 if held else 0.0, 0.0])
        fc = FinishDateForecast(np.array([[20, NEVER, NEVER, NEVER]]), np.zeros((1, 0), dtype=int),
                                np.array(["P1", "P2", "P3", "P4"]), np.array([]), np.datetime64("2026-03-02"),
                                WorkingCalendar(), np.full(4, np.datetime64("NaT")), open_hours, (0.5, 0.8),
                                np.zeros(0), 0.0, 0.0, np.ones(0))
        assert fc.undated.tolist() == [False, False, not held, True]
        return ScenarioResult(Scenario(name=name), None, None, pd.DataFrame(), pd.DataFrame(), projects,
                              np.zeros((1, 4)), np.zeros((1, 4)), pd.Timestamp("2026-03-02"), forecast=fc)

    held, void = result("held", True), result("void", False)
    assert held.no_finish_count() == 2 and void.no_finish_count() == 1
    assert NO_FINISH_ROW == "projects without a P80 finish (on hold, work cannot finish, or past the horizon)"
    assert held.summary().at[NO_FINISH_ROW, "value"] == 2
    assert scenario_readout(held)["finish_p80"] == ("Latest P80 finish", "2026-05-04 (2 more with no date)")
    assert scenario_readout(void)["finish_p80"] == ("Latest P80 finish", "2026-05-04 (1 more with no date)")
    assert compare_scenarios([void, held]).values().loc[NO_FINISH_ROW].tolist() == [1, 2]
