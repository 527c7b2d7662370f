"""Work item age: started work under way longer than nearly all finished work took (stale), listed, checked and
said by the forecasts and the pack, on known answers."""

import contextlib
import html
import re
import warnings

import numpy as np
import pandas as pd
import pytest
from helpers import AGING_AS_OF, FEW_TRIALS, RatioModel, history

from pmo_forecast import (
    aging_summary,
    aging_work,
    close_stale,
    forecast_overruns,
    generate_sample,
    validate_tasks,
)
from pmo_forecast.core import schema as S
from pmo_forecast.core.exceptions import DataQualityWarning, SettingsWarning

BDAY = pd.offsets.BDay()


def test_ages_and_the_stale_line_are_the_finished_tasks_cycle_times():
    aged = aging_work(history(), as_of=AGING_AS_OF)
    # the 99th percentile of 0..99 working days (linear, as numpy) is 98.01; S3 has no start and is not listed
    assert aged.attrs["stale_after_days"] == pytest.approx(98.01)
    assert aged.attrs["finished_tasks"] == 100
    assert aged[S.TASK_ID].tolist() == ["S1", "S2"]  # oldest first
    assert aged["age_days"].tolist() == [120.0, 50.0]
    assert aged["finished_faster"].tolist() == [1.0, 0.5]  # 50 of the 100 took under 50 days
    assert aged["stale"].tolist() == [True, False]
    assert aged["booked_hours"].tolist() == [4.0, 0.0]


def test_aging_summary_counts_the_started_and_stale_work_and_gives_the_line():
    table = aging_summary(aging_work(history(), as_of=AGING_AS_OF))
    # S1 and S2 started, S1 stale (120 working days > 98.01); the line rests on the 100 finished tasks
    assert table.index.tolist() == ["started work"]
    assert table.columns.tolist() == ["started_tasks", "stale_tasks", "stale_after_days", "finished_tasks"]
    assert table.iloc[0].tolist() == pytest.approx([2, 1, 98.01, 100])
    few = aging_summary(aging_work(history(n_done=99), as_of=AGING_AS_OF)).iloc[0]
    assert few["stale_tasks"] == 0 and np.isnan(few["stale_after_days"])  # too few finished tasks: no line


def test_work_started_on_the_as_of_day_is_listed_at_age_0_and_later_starts_are_not():
    tasks = history()
    extra = tasks.iloc[[-1, -1]].assign(**{S.TASK_ID: ["S4", "S5"], S.STATUS: S.IN_PROGRESS,
                                          S.STARTED: [AGING_AS_OF + pd.Timedelta(hours=10), AGING_AS_OF + BDAY]})
    aged = aging_work(pd.concat([tasks, extra], ignore_index=True), as_of=AGING_AS_OF)
    assert aged[S.TASK_ID].tolist() == ["S1", "S2", "S4"] and aged["age_days"].tolist() == [120.0, 50.0, 0.0]


def test_too_few_finished_tasks_say_nothing_is_stale():
    aged = aging_work(history(n_done=99), as_of=AGING_AS_OF)
    assert np.isnan(aged.attrs["stale_after_days"]) and not aged["stale"].any()
    assert aged["age_days"].tolist() == [120.0, 50.0]  # ages are still given
    with pytest.raises(ValueError, match="level must be between 0 and 1, got 1.5"):
        aging_work(history(), as_of=AGING_AS_OF, level=1.5)


def test_validation_lists_each_stale_task_with_its_age():
    report = validate_tasks(history(), as_of=AGING_AS_OF)
    found = report.findings[report.findings["check"] == "stale_in_progress"]
    assert found[["severity", "id", "column"]].values.tolist() == [["warning", "S1", S.STARTED]]
    assert found["reason"].iat[0] == (
        "under way for 120 working days by 2026-01-05, longer than 99% of finished tasks took from start to finish "
        "(98 working days): forecast as still running; close or cancel it if it is finished or abandoned")
    assert report.summary().loc["stale_in_progress", "count"] == 1


def test_the_forecast_warns_of_stale_work_and_what_it_holds():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fc = forecast_overruns(RatioModel(0.0, 0.1), history(), n_trials=200, random_state=0, scope_growth=None,
                               project_correlation=0, person_correlation=0, as_of=AGING_AS_OF)
    said = [str(w.message) for w in caught if issubclass(w.category, DataQualityWarning)]
    # S1: P50 of 10 h less 4 h booked = 6 h to do; every open task's P50 to do: 6 + 20 + 8 = 34 h
    assert said == [
        "1 open task has been under way longer than 99% of finished tasks took from start to finish (98 working "
        "days), oldest first: S1 (started 2025-07-21, 4 h booked, estimate 10 h). Each is forecast as still "
        "running, at least at its booked hours: 6 h still to do on it at P50, 18% of the open work. If it is "
        "finished or abandoned, close or cancel it in the tracker (pmo_forecast.aging_work lists it)"]
    stale = fc.stale
    assert stale[S.TASK_ID].tolist() == ["S1"] and stale["age_days"].tolist() == [120.0]
    assert stale["p50_to_do_hours"].iat[0] == pytest.approx(6.0, abs=0.01)
    assert stale.attrs["p50_to_do_hours_all"] == pytest.approx(34.0, abs=0.05)


def test_closing_many_stale_tasks_names_five_and_counts_the_rest():
    # seven closed were named as five then " ...", not saying how many more
    tasks = history()
    old = pd.concat([tasks.loc[tasks[S.TASK_ID] == "S1"].assign(**{S.TASK_ID: f"S1-{i}"}) for i in range(6)])
    closed = close_stale(pd.concat([tasks, old], ignore_index=True), as_of=AGING_AS_OF)
    assert closed.attrs["detected"]["stale_closed"].startswith(
        "7 tasks under way by 2026-01-05 for longer than 99% of finished tasks took from start to finish (98 working "
        "days) closed as cancelled (close_stale, --close-stale): S1, S1-0, S1-1, S1-2, S1-3 and 2 more; left out")


def test_closing_stale_work_leaves_it_out_of_the_open_work_with_its_hours_spent():
    tasks = history()
    before = tasks.copy()
    closed = close_stale(tasks, as_of=AGING_AS_OF)
    pd.testing.assert_frame_equal(tasks, before)  # the input is not modified
    assert closed.set_index(S.TASK_ID).loc[["S1", "S2", "S3"], S.STATUS].tolist() == [S.CANCELLED, S.IN_PROGRESS,
                                                                                        S.OPEN]
    assert closed.attrs["detected"]["stale_closed"] == (
        "1 task under way by 2026-01-05 for longer than 99% of finished tasks took from start to finish (98 working "
        "days) closed as cancelled (close_stale, --close-stale): S1; left out of the open work, the hours booked on "
        "it counted as spent")
    fc = forecast_overruns(RatioModel(0.0, 0.1), closed, n_trials=200, random_state=0, scope_growth=None,
                           project_correlation=0, person_correlation=0, as_of=AGING_AS_OF)
    bp = fc.by_project()  # A has nothing open left: not forecast; B's S2 and S3 are
    assert bp.index.tolist() == ["B"] and bp.loc["B", "remaining_estimate_hours"] == 28.0
    assert fc.stale.empty
    few = close_stale(history(n_done=99), as_of=AGING_AS_OF)
    assert (few[S.STATUS] == S.CANCELLED).sum() == 0
    assert few.attrs["detected"]["stale_closed"] == (
        "none closed: the line needs 100 finished tasks dated at both ends, the table has 99")


def test_ages_count_the_calendar_given_in_every_stale_list():
    # S1 started 120 working days before AGING_AS_OF (2025-07-21); with 60 of those days holidays it is 60 working days
    # old, under the line (98 working days, set by work finished before the holidays): stale Monday to Friday
    # only. Validation, the forecast and close_stale counted Monday to Friday whatever calendar the pack had
    tasks, holidays = history(), list(pd.bdate_range("2025-07-21", periods=60))
    aged = aging_work(tasks, as_of=AGING_AS_OF, calendar=holidays)
    assert aged["age_days"].tolist() == [60.0, 50.0] and aged.attrs["stale_after_days"] == pytest.approx(98.01)
    assert not aged["stale"].any() and aging_work(tasks, as_of=AGING_AS_OF)["stale"].sum() == 1
    report = validate_tasks(tasks, as_of=AGING_AS_OF, calendar=holidays)
    assert "stale_in_progress" not in set(report.findings["check"])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fc = forecast_overruns(RatioModel(0.0, 0.1), tasks, n_trials=200, random_state=0, scope_growth=None,
                               project_correlation=0, person_correlation=0, as_of=AGING_AS_OF, calendar=holidays)
    assert fc.stale.empty and not [w for w in caught if "under way" in str(w.message)]
    assert (close_stale(tasks, as_of=AGING_AS_OF, calendar=holidays)[S.STATUS] == S.CANCELLED).sum() == 0


@pytest.mark.parametrize("closed", [False, True])
def test_every_stale_figure_of_a_pack_with_holidays_counts_the_same_ages(tmp_path, closed):
    # three tasks started 730 days, 12 and 10 working days before the as-of date (2026-06-29); the three weeks
    # before it are holidays, so on the pack's calendar only the first is older than the line (8 working days).
    # The Data quality rows, the forecasts' warnings, Assumptions, the key message, summary.html and --close-stale
    # counted Monday to Friday (3 stale) while the Trends sheet counted the calendar (1)
    from openpyxl import load_workbook

    from pmo_forecast import export_planning_pack
    from pmo_forecast.core.labels import counted
    from pmo_forecast.core.results import fixed
    from pmo_forecast.reporting.export import validate_inputs

    sample = generate_sample()
    tasks = sample.tasks.copy()
    as_of = pd.Timestamp("2026-06-29")
    running = tasks.index[tasks[S.STATUS] == S.IN_PROGRESS][:3]
    tasks.loc[running, S.STARTED] = [as_of - pd.Timedelta(days=730), as_of - 12 * BDAY, as_of - 10 * BDAY]
    holidays = list(pd.bdate_range(as_of - pd.Timedelta(days=21), as_of))
    aged = aging_work(tasks, calendar=holidays)
    stale = aged[aged["stale"]]
    n, line, ids = len(stale), fixed(aged.attrs["stale_after_days"]), stale[S.TASK_ID].tolist()
    assert n == 1 and aging_work(tasks)["stale"].sum() == 3  # the calendar makes a difference here
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=sample.projects, people=sample.people,
                             requests=sample.requests, n_trials=300, random_state=0, progress=False,
                             calendar=holidays, close_stale=closed)
        checked = validate_inputs(tasks, projects=sample.projects, people=sample.people, calendar=holidays,
                                  close_stale=closed)
    quality = pd.read_csv(tmp_path / "pack-data-quality-tasks.csv")
    flagged = quality[quality["check"] == "stale_in_progress"]
    found = checked.validation["tasks"].findings
    assert found.loc[found["check"] == "stale_in_progress", "id"].tolist() == flagged["id"].tolist()
    warned = [str(w.message) for w in caught if "under way longer" in str(w.message)]
    rows = {r[0]: r[1] for r in load_workbook(tmp_path / "pack.xlsx")["Assumptions"].iter_rows(values_only=True)
            if r and r[0]}
    trends = pd.read_csv(tmp_path / "pack-trends.csv")
    message = [m for m in pd.read_csv(tmp_path / "pack-key-messages.csv")["message"] if "under way longer" in m]
    if closed:  # the one stale on the pack's calendar closed, the two younger ones still running
        assert rows["tasks: stale closed"].startswith(
            f"1 task under way by 2026-06-29 for longer than 99% of finished tasks took from start to finish ({line} "
            f"working days) closed as cancelled (close_stale, --close-stale): {ids[0]};")
        assert flagged.empty and warned == [] and message == [] and trends["tasks_stale"].iat[-1] == 0
        return
    assert flagged["id"].tolist() == ids
    assert flagged["reason"].tolist() == [
        f"under way for {a:,.0f} working days by 2026-06-29, longer than 99% of finished tasks took from start to "
        f"finish ({line} working days): forecast as still running; close or cancel it if it is finished or abandoned"
        for a in stale["age_days"]]
    assert len(warned) == 1  # the effort and the finish-date forecasts each find it: said once a pack (said_once)
    assert all(w.startswith(f"{counted(n, 'open task')} has been under way longer than 99% of finished tasks took "
                            f"from start to finish ({line} working days), oldest first: {ids[0]} (") for w in warned)
    assert rows["check: stale work in progress"].startswith(f"{counted(n, 'open task')} (")
    assert f"({line} working days; each is listed" in rows["check: stale work in progress"]
    assert trends["tasks_stale"].iat[-1] == n
    assert len(message) == 1 and message[0].startswith(
        f"{counted(n, 'open task')} has been under way longer than 99% of finished tasks took ({line} working days)")
    assert html.escape(message[0]) in (tmp_path / "summary.html").read_text(encoding="utf-8")  # as the page escapes it


@pytest.mark.parametrize("closed", [False, True])
def test_the_pack_says_stale_work_in_its_assumptions(tmp_path, closed):
    from openpyxl import load_workbook

    from pmo_forecast import export_planning_pack

    sample = generate_sample()
    tasks = sample.tasks.copy()
    running = tasks.index[tasks[S.STATUS] == S.IN_PROGRESS][0]
    tasks.loc[running, S.STARTED] = tasks[S.STARTED].max() - pd.Timedelta(days=730)
    warned = ("^" + re.escape(
        "1 open task has been under way longer than 99% of finished tasks took from start to finish (8 working days), "
        f"oldest first: {tasks.loc[running, S.TASK_ID]} (started 2024-06-29, 0 h booked, estimate 8 h). Each is "
        "forecast as still running, at least at its booked hours: 8 h still to do on it at P50, under 1% of the open "
        "work. If it is finished or abandoned, close or cancel it in the tracker (pmo_forecast.aging_work lists it)")
              + "$")
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=FEW_TRIALS, category=SettingsWarning)  # 500 trials, to be quick
        if closed:  # closed before the forecasts: nothing to say
            warnings.simplefilter("error", DataQualityWarning)
        with contextlib.nullcontext() if closed else pytest.warns(DataQualityWarning, match=warned):
            export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=sample.projects, people=sample.people,
                                 requests=sample.requests, n_trials=500, random_state=0, progress=False,
                                 close_stale=closed)
    rows = {r[0]: r[1] for r in load_workbook(tmp_path / "pack.xlsx")["Assumptions"].iter_rows(values_only=True)
            if r and r[0]}
    quality = pd.read_csv(tmp_path / "pack-data-quality-tasks.csv")
    flagged = quality.loc[quality["check"] == "stale_in_progress", "id"].tolist()
    if closed:  # closed before the forecasts: no longer in progress anywhere in the pack
        assert rows["tasks: stale closed"].startswith(
            "1 task under way by 2026-06-29 for longer than 99% of finished tasks took from start to finish (8 "
            f"working days) closed as cancelled (close_stale, --close-stale): {tasks.loc[running, S.TASK_ID]};")
        assert "check: stale work in progress" not in rows and flagged == []
    else:
        said = rows["check: stale work in progress"]
        assert said.startswith("1 open task (")
        assert ("been under way longer than 99% of finished tasks took from start to finish (8 working days; each "
                "is listed in Data quality, stale_in_progress). It is forecast as still running and holds ") in said
        assert "tasks: stale closed" not in rows and flagged == [tasks.loc[running, S.TASK_ID]]
    messages = pd.read_csv(tmp_path / "pack-key-messages.csv")["message"].tolist()
    stale = [m for m in messages if "under way longer" in m]
    if closed:
        assert stale == []
    else:  # the committee's message gives the share the Assumptions row gives, and the Trends sheet's count at the
        # end of the quarter before (it said the count now alone: whether stale work grows was on another sheet)
        share = re.search(r"all open tasks' median hours \(((?:under )?\d+%);", said).group(1)
        trends = pd.read_csv(tmp_path / "pack-trends.csv")
        assert trends["tasks_stale"].iat[-1] == 1  # the message's count now, as the Trends sheet has it
        assert (trends["period"].iat[-2], trends["tasks_stale"].iat[-2]) == ("2026Q1", 2)
        assert stale == [
            f"1 open task has been under way longer than 99% of finished tasks took (8 working days) and holds {share} "
            "of all open tasks' median hours: if it is finished or abandoned but not closed, the hours and dates here are too "
            "high (the Data quality sheet lists them). At the end of 2026Q1 there were 2 (Trends sheet)."]


def test_a_small_share_of_stale_work_is_said_as_under_1_percent(tmp_path):
    # one stale task of 1 h among thousands of hours still to do: the warning, the Assumptions row and the key
    # message said "0%" of the hours still to do, as if it held none
    from openpyxl import load_workbook

    from pmo_forecast import export_planning_pack

    sample = generate_sample()
    tasks = sample.tasks.copy()
    running = tasks.index[tasks[S.STATUS] == S.IN_PROGRESS][0]
    tasks.loc[running, [S.STARTED, S.ESTIMATE, S.ACTUAL]] = [tasks[S.STARTED].max() - pd.Timedelta(days=730), 1.0,
                                                             np.nan]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=sample.projects, people=sample.people,
                             requests=sample.requests, n_trials=300, random_state=0, progress=False)
    warned = [str(w.message) for w in caught if "under way longer" in str(w.message)]
    said = {r[0]: r[1] for r in load_workbook(tmp_path / "pack.xlsx")["Assumptions"].iter_rows(values_only=True)
            if r and r[0]}["check: stale work in progress"]
    message = [m for m in pd.read_csv(tmp_path / "pack-key-messages.csv")["message"] if "under way longer" in m]
    assert len(warned) == 1 and ", under 1% of the open work." in warned[0]  # the one task, said once
    assert re.search(r"holds 1 h of the [\d,]+ h of all open tasks' median hours \(under 1%;", said)
    # the share a clause of its own: "(8 working days), under 1% of all open tasks' median hours:" read as a count
    assert len(message) == 1 and "(8 working days) and holds under 1% of all open tasks' median hours:" in message[0]


def test_sip_work_in_progress_is_mostly_stale(sip_tasks):
    # SiP's 1,774 CHRONICLE tasks (read as in progress) started 2005-2014, and 99% of its 8,065 finished tasks
    # took at most 377 working days: 1,544 of them have been under way longer by the export's last day
    aged = aging_work(sip_tasks)
    assert aged.attrs["finished_tasks"] == 8065 and round(aged.attrs["stale_after_days"]) == 377
    assert (len(aged), int(aged["stale"].sum())) == (1774, 1544)


def test_an_open_task_whose_planned_start_has_passed_is_not_work_in_progress():
    # an open task's start date is a plan (ClickUp's Start Date): planned 200 working days ago and not begun, it
    # was listed as in progress for 200 days and called stale (the forecasts read it as open work not started)
    tasks = history()
    tasks.loc[tasks[S.TASK_ID] == "S3", S.STARTED] = AGING_AS_OF - 200 * BDAY
    aged = aging_work(tasks, as_of=AGING_AS_OF)
    assert aged[S.TASK_ID].tolist() == ["S1", "S2"] and aged["stale"].tolist() == [True, False]
    assert close_stale(tasks, as_of=AGING_AS_OF).set_index(S.TASK_ID).at["S3", S.STATUS] == S.OPEN


def test_stale_works_share_names_its_total_as_the_tasks_medians_not_the_summarys_p50():
    # SiP: the Summary's 'Effort still to spend, P50 (hours)' was 54,521 while the Assumptions said the stale tasks
    # "hold 21,407 h of the 26,201 h still to do at P50" and the key message "82% of the hours still to do at P50":
    # that total is every open task's median hours added up, not the portfolio's P50 the Summary names so
    from helpers import pack_context

    from pmo_forecast.forecasting.overrun import OverrunForecast
    from pmo_forecast.reporting.assumptions_sheet import _stale
    from pmo_forecast.reporting.committee import _stale_message

    stale = pd.DataFrame({S.TASK_ID: ["S1"], "booked_hours": [4.0], "p50_to_do_hours": [41.0]})
    stale.attrs = {"level": 0.99, "stale_after_days": 377, "p50_to_do_hours_all": 50.0}
    assert _stale_message(stale) == [
        "1 open task has been under way longer than 99% of finished tasks took (377 working days) and holds 82% of "
        "all open tasks' median hours: if it is finished or abandoned but not closed, the hours and dates here are too high "
        "(the Data quality sheet lists them)."]
    # the pack's context on the aging history with an effort forecast holding that stale work (one project, its
    # trials aside): the forecast's class and the context the Assumptions sheet reads, not stand-ins
    none = np.zeros(1)
    overrun = OverrunForecast(np.full((2, 1), 50.0), np.array(["P1"]), none, none, np.full(1, np.nan), pd.DataFrame(),
                              (0.5, 0.8, 0.9), {}, {}, none, stale=stale)
    ctx = pack_context(history(), as_of=AGING_AS_OF, forecasts={"overrun": overrun})
    assert _stale(ctx) == [(
        "check: stale work in progress",
        "1 open task (4 h booked) has been under way longer than 99% of finished tasks took from start to finish (377 "
        "working days; each is listed in Data quality, stale_in_progress). It is forecast as still running and holds "
        "41 h of the 50 h of all open tasks' median hours (82%; each task's median, added up: not the Summary's "
        "P50, the whole portfolio's); close or cancel in the tracker what is finished or abandoned, and export "
        "again")]


def test_validation_says_a_half_day_of_age_as_a_whole_days_cell_rounds_it():
    # S1 started at 13:00 (half its working day gone), 121 working days before the as-of date: 120.5 days old, which
    # the finding said as 120 (an f-string rounds the half to even) where a whole-days cell shows 121
    tasks = history()
    tasks.loc[tasks[S.TASK_ID] == "S1", S.STARTED] = AGING_AS_OF - 121 * BDAY + pd.Timedelta(hours=13)
    assert aging_work(tasks, as_of=AGING_AS_OF)["age_days"].iat[0] == 120.5
    found = validate_tasks(tasks, as_of=AGING_AS_OF).findings.query("check == 'stale_in_progress'")
    assert found["reason"].tolist() == [
        "under way for 121 working days by 2026-01-05, longer than 99% of finished tasks took from start to finish "
        "(98 working days): forecast as still running; close or cancel it if it is finished or abandoned"]


def test_closing_stale_work_gives_it_no_finish_date_from_its_plan_or_after_the_as_of_date():
    # a stale task's planned end (an MS Project Finish, marked finish_planned) was kept as the cancelled task's finish:
    # a date a month after the data, which then moved the table's latest date (a rerun's as-of date) past it
    from pmo_forecast.core.as_of import quiet_as_of  # the data's latest date, unsaid

    tasks = history()
    s1 = tasks[S.TASK_ID].eq("S1")
    tasks.loc[s1, S.FINISHED] = AGING_AS_OF + pd.Timedelta(days=30)
    tasks[S.FINISH_PLANNED] = pd.array(s1.to_numpy(), dtype="boolean")
    latest = quiet_as_of(tasks)
    closed = close_stale(tasks, as_of=AGING_AS_OF)
    row = closed.set_index(S.TASK_ID).loc["S1"]
    assert row[S.STATUS] == S.CANCELLED and pd.isna(row[S.FINISHED])
    assert quiet_as_of(closed) == latest
    # the finished tasks keep theirs
    pd.testing.assert_series_equal(closed.loc[~s1, S.FINISHED], tasks.loc[~s1, S.FINISHED])


def test_a_finish_in_a_typo_year_does_not_lift_the_stale_line():
    # two done tasks' finishes typed in 2204 (validation's far_future_finished, an error: read as blank) were cycle
    # times of 180 years: the 99th percentile of 102 cycle times rose to 46,000 working days and S1, 120 days under
    # way, was not stale. Read as blank, the line is the other 100 tasks' 98.01 days, as without them
    bday = pd.offsets.BDay()
    tasks = history()
    typos = tasks.iloc[[0, 1]].assign(**{S.TASK_ID: ["D100", "D101"],
                                         S.FINISHED: [pd.Timestamp("2204-01-06") + k * bday for k in (2, 3)]})
    tasks = pd.concat([tasks, typos], ignore_index=True)
    aged = aging_work(tasks, as_of=AGING_AS_OF)
    assert aged.attrs["stale_after_days"] == pytest.approx(98.01) and aged.attrs["finished_tasks"] == 100
    assert aged[[S.TASK_ID, "stale"]].values.tolist() == [["S1", True], ["S2", False]]
    report = validate_tasks(tasks, as_of=AGING_AS_OF)
    found = report.findings[report.findings["check"].isin(["stale_in_progress", "far_future_finished"])]
    assert found[["severity", "check", "id"]].values.tolist() == [
        ["error", "far_future_finished", "D100"], ["error", "far_future_finished", "D101"],
        ["warning", "stale_in_progress", "S1"]]
    assert found["reason"].iat[-1] == (
        "under way for 120 working days by 2026-01-05, longer than 99% of finished tasks took from start to finish "
        "(98 working days): forecast as still running; close or cancel it if it is finished or abandoned")


def test_validation_finds_the_typo_years_once_for_its_list_and_the_stale_line(monkeypatch):
    # the dates far beyond the rest are found once per validation (a 300,000-row table: 15 ms each time), listed as
    # errors and read as blank by the stale line alike: the same findings as the stale line found on its own
    from pmo_forecast.core import as_of
    from pmo_forecast.inputs import validation

    bday = pd.offsets.BDay()
    tasks = history()
    typos = tasks.iloc[[0, 1]].assign(**{S.TASK_ID: ["D100", "D101"],
                                         S.FINISHED: [pd.Timestamp("2204-01-06") + k * bday for k in (2, 3)]})
    tasks = pd.concat([tasks, typos], ignore_index=True)
    found = []
    real = as_of.implausible_dates

    def counted(*args, **kwargs):
        found.append(args[1] if len(args) > 1 else kwargs.get("columns"))
        return real(*args, **kwargs)

    monkeypatch.setattr(as_of, "implausible_dates", counted)
    monkeypatch.setattr(validation, "implausible_dates", counted)
    report = validate_tasks(tasks, as_of=AGING_AS_OF)
    assert found == [(S.CREATED, S.STARTED, S.FINISHED)]
    listed = report.findings[report.findings["check"].isin(["stale_in_progress", "far_future_finished"])]
    assert listed[["severity", "check", "id"]].values.tolist() == [
        ["error", "far_future_finished", "D100"], ["error", "far_future_finished", "D101"],
        ["warning", "stale_in_progress", "S1"]]
    assert "(98 working days)" in listed["reason"].iat[-1]
