"""Workload at an as-of date before the task table's latest: the table is not rewound (work finished after
as_of counts as done, core.as_of.as_of_gap), so the periods ahead hold the forward work only, never the
later history on top of it."""

import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from helpers import FEW_TRIALS

from pmo_forecast.core import schema as S
from pmo_forecast.core.exceptions import DataQualityWarning, SettingsWarning
from pmo_forecast.forecasting.workload import PLAN_HOURS, workload

REPO = Path(__file__).resolve().parent.parent
EARLY = "2025-12-31"  # a Wednesday, half a year before the sample's own date (2026-06-29)
#: The plan places each person's last day to 1e-6 working days (schedule.py), a few 1e-5 h over the sample's
#: people (1.6e-4 h seen); any task's hours counted twice or lost are whole hours.
HOURS_TOL = 0.01


def _data():
    """Ann 40 h/wk: T1 done Mon 5 - Fri 9 Jan 2026 (10 h, 2 h a day), T2 open (16 h); Bob: T3 done Mon 12 Jan
    (5 h), P2's only task."""
    tasks = pd.DataFrame({
        S.TASK_ID: ["T1", "T2", "T3"], S.PROJECT_ID: ["P1", "P1", "P2"], S.ASSIGNEE: ["Ann", "Ann", "Bob"],
        S.ESTIMATE: [8.0, 16.0, 4.0], S.ACTUAL: [10.0, np.nan, 5.0],
        S.CREATED: pd.to_datetime(["2026-01-02"] * 3),
        S.STARTED: pd.to_datetime(["2026-01-05", None, "2026-01-12"]),
        S.FINISHED: pd.to_datetime(["2026-01-09", None, "2026-01-12"]),
        S.STATUS: [S.DONE, S.OPEN, S.DONE],
    })
    people = pd.DataFrame({S.PERSON: ["Ann", "Bob"], S.ROLE: ["dev", "dev"], S.HOURS_PER_WEEK: [40.0, 40.0]})
    projects = pd.DataFrame({S.PROJECT_ID: ["P1", "P2"], S.MANAGER: ["Pat", "Sam"],
                             S.START: pd.to_datetime(["2026-01-05"] * 2), S.DUE: pd.to_datetime(["2026-01-23"] * 2)})
    return tasks, people, projects


def test_work_finished_after_as_of_without_hours_is_not_said_as_0_h_left_out():
    # a done task with neither an estimate nor an actual (a Trello card ticked done ahead of its due date) finished
    # after as_of: "0 h of finished work are booked after as_of" was said, and in the pack's check, of no hours at all
    tasks, people, projects = _data()
    tasks.loc[tasks[S.TASK_ID] == "T3", [S.ESTIMATE, S.ACTUAL]] = np.nan
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing said: T1's hours are all by as_of, T3 has none
        w = workload(tasks, people, projects, as_of="2026-01-09")
    assert w.notes == []


def test_hours_finished_after_as_of_are_in_no_period_ahead_by_hand():
    tasks, people, projects = _data()
    with pytest.warns(DataQualityWarning, match=r"9 h of finished work are booked after as_of 2026-01-07"):
        w = workload(tasks, people, projects, as_of="2026-01-07")  # Wednesday
    t = w.table.set_index(["period", "key"])
    wk1, wk2 = pd.Timestamp("2026-01-05"), pd.Timestamp("2026-01-12")
    # T1's history up to as_of stays: Mon-Wed at 2 h (it counted all 10 h, Thursday and Friday on top of the plan)
    assert t.loc[(wk1, "Ann"), S.DONE_HOURS] == pytest.approx(6.0)
    # T3, finished after as_of, counts as done: none of its 5 h is in the week ahead (it was, beside the open work)
    assert t[S.DONE_HOURS].sum() == pytest.approx(6.0)
    assert t.loc[t.index.get_level_values("period") >= wk2, S.DEMAND_HOURS].sum() == pytest.approx(
        t.loc[t.index.get_level_values("period") >= wk2, S.OPEN_HOURS].sum())
    # the open work is all there: T2's 16 h from as_of to P1's due date
    assert t[S.OPEN_HOURS].sum() == pytest.approx(16.0)
    assert len(w.notes) == 1 and "counts as done" in w.notes[0]
    # P2 has no hours left in the view: managed in no period (it was active in the week of 12 Jan)
    assert w.no_work_projects == ("P2",)
    pm = w.pm_load().set_index(["period", "manager"])[S.ACTIVE_PROJECTS]
    assert pm.xs("Sam", level="manager").sum() == 0


def test_the_data_own_as_of_leaves_out_nothing_and_says_nothing():
    tasks, people, projects = _data()
    w = workload(tasks, people, projects, as_of="2026-01-12")
    assert w.table[S.DONE_HOURS].sum() == pytest.approx(15.0) and w.notes == []


@pytest.fixture(scope="module")
def early_pack(tmp_path_factory):
    import warnings

    from pmo_forecast import load_sample
    from pmo_forecast.reporting import export as X

    tasks, projects, people, requests = load_sample()
    out = tmp_path_factory.mktemp("early")
    # an as-of date before the sample's last, what this pack is for: the gap and the hours booked after it are said
    gap = re.escape("as_of 2025-12-31 is before the latest date in the task table (2026-06-29): work finished after it "
                    "still counts as done, so the forecast is not the one you would have made then (--rewind, or "
                    "rewind=True in export_planning_pack, makes the pack as of that date; "
                    "pmo_forecast.forecasting.rewind.tasks_as_of rewinds the task table).")
    booked = re.escape("13,601 h of finished work are booked after as_of 2025-12-31 (the task table runs later): that "
                       "work counts as done, so those hours are in no period and the periods from as_of on hold the "
                       "plan's work only (pmo_forecast.forecasting.rewind.tasks_as_of rewinds the table to that date)")
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=FEW_TRIALS, category=SettingsWarning)  # 300 trials, to be quick
        with pytest.warns(DataQualityWarning, match=f"^{gap}$"), pytest.warns(DataQualityWarning, match=f"^{booked}$"):
            return X.export_planning_pack(out / "pack.xlsx", tasks=tasks, projects=projects, people=people,
                                          requests=requests, scenarios=[REPO / "data/scenarios/one-more-pm.yaml"],
                                          as_of=EARLY, n_trials=300, random_state=0, progress=False)


def test_the_capacity_sheet_schedules_the_plans_remaining_effort_at_an_earlier_as_of(early_pack):
    """The sample at 2025-12-31: the team table held 25,119 h ahead (the 13,601 h finished after as_of on
    their real dates, on top of the plan's) against ~10,634 h of expected remaining effort and ~568 h of
    PM requests; analysts peaked at 192%."""
    f = early_pack.forecasts
    fc, queue, team = f["finish"], f["queue"].queue, f["workload_team"]
    # known answer: the forecast's expected remaining effort (its people's mean hours) and the PM pool's
    # request handling, arrival rate x hands-on time on each of the plan's working days (PMs employed throughout)
    expected = fc.hours_samples.mean(axis=0).sum()
    requests = queue.hours_per_week / fc.calendar.days_per_week * fc.daily_hours(PLAN_HOURS).shape[1]
    # the history before as_of stays: the as-of week's Monday to Wednesday, and nothing later
    done = team.table.groupby("period")[S.DONE_HOURS].sum()
    ahead = done.index >= team.first_period_ahead
    assert done[done.index < team.first_period_ahead].sum() > 0
    assert done[ahead].iloc[0] > 0 and done[ahead].iloc[1:].sum() == 0
    booked = done[ahead].iloc[0]
    shown = early_pack.tables["workload-team"]  # the Capacity sheet's per-team table, from the forecast date on
    assert shown[S.DEMAND_HOURS].sum() - booked == pytest.approx(expected + requests, abs=HOURS_TOL)
    assert shown[S.DEMAND_HOURS].sum() < 13_000  # was 25,119


def test_the_capacity_peak_is_the_scenarios_baselines_at_an_earlier_as_of(early_pack):
    """Both read the same plan. They differ only in the as-of week (the Capacity view adds the week's hours
    booked before as_of and counts the whole week's capacity; the scenarios count the plan's days alone),
    in their reach (the scenarios' 26 weeks, the Capacity view's every week of the plan) and the PMs (not
    in the scenarios' peak): every other week and role is the same utilisation."""
    f = early_pack.forecasts
    base = f["comparison"].results[0]
    team = f["workload_team"].wide(S.UTILISATION).T
    weeks = base.utilisation.index[1:]  # the weeks after the as-of week
    roles = [r for r in base.utilisation.columns if r not in (S.PM_ROLE, "pm pool")]
    np.testing.assert_allclose(team.loc[weeks, roles].to_numpy(), base.utilisation.loc[weeks, roles].to_numpy(),
                               rtol=1e-9)
    shown = early_pack.tables["workload-team"]["peak_utilisation"]
    peak = early_pack.tables["scenarios"].loc["peak weekly utilisation, busiest role", "baseline"]
    # on the sample the busiest week of the busiest role is after the as-of week and within 26 weeks
    assert shown.drop(S.PM_ROLE).max() == pytest.approx(peak, rel=1e-9)
    assert peak < 1.0  # the team table had analysts at 192%


def test_work_finished_on_a_weekend_as_of_is_history_not_left_out():
    # the data's own as-of on a Saturday: a task finished that day counts on the next working day (Monday),
    # yet it was done by as_of; only work finished after the as-of date is left out
    tasks, people, projects = _data()
    tasks[S.STARTED] = tasks[S.STARTED].where(tasks[S.TASK_ID] != "T3", pd.Timestamp("2026-01-10"))
    tasks[S.FINISHED] = tasks[S.FINISHED].where(tasks[S.TASK_ID] != "T3", pd.Timestamp("2026-01-10"))
    w = workload(tasks, people, projects)  # as of Saturday 10 Jan
    assert w.as_of == pd.Timestamp("2026-01-10") and w.notes == []
    t = w.table.set_index(["period", "key"])
    assert t.loc[(pd.Timestamp("2026-01-12"), "Bob"), S.DONE_HOURS] == pytest.approx(5.0)
    assert t[S.DONE_HOURS].sum() == pytest.approx(15.0)


def test_hours_finished_after_as_of_are_said_rounded_as_the_cells_round():
    # 8.125 h would read "8.12 h" (an f-string rounds the half to even); the pack's cells round halves away from zero
    tasks, people, projects = _data()
    tasks.loc[tasks[S.TASK_ID] == "T3", S.ACTUAL] = 4.125  # 4 h of T1 on Thursday and Friday, and T3's 4.125 h
    with pytest.warns(DataQualityWarning, match=r"8\.13 h of finished work are booked after as_of 2026-01-07 "):
        workload(tasks, people, projects, as_of="2026-01-07")
