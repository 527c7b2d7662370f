"""The Capacity sheet of the pack: work planned for a person without capacity."""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest
from helpers import FEW_TRIALS, pack_settings

from pmo_forecast import generate_sample
from pmo_forecast.core import schema as S
from pmo_forecast.core.exceptions import DataQualityWarning
from pmo_forecast.reporting import export as X

# every pack here runs 50 trials, to be quick, and says so (the filter's syntax takes the message up to its ':')
pytestmark = pytest.mark.filterwarnings(f"ignore:{FEW_TRIALS.split(':')[0]}:pmo_forecast.core.exceptions.SettingsWarning")
#: What a pack of the seed-7 sample with --new-work says of the created tasks the demand forecast counts.
NEW_WORK_MEDIANS = ("25 of the 1,867 tasks created have no positive 'estimate_hours': their project's median estimate "
                    "is counted (the median of all estimates in a project with none), not 0 h")


def _said(record):
    """The DataQualityWarnings in ``record`` (what ``pytest.warns`` caught), word for word, in order."""
    return [str(w.message) for w in record if issubclass(w.category, DataQualityWarning)]


def test_a_person_at_zero_hours_a_week_with_work_is_blank_and_named_never_inf(tmp_path):
    # a person at 0 hours a week with work planned: blank utilisation and busiest week, counted but not named
    tasks, projects, people, _ = generate_sample(seed=7, n_projects=8)
    who = "Quinn Diallo"  # has open work in the plan
    people = people.assign(**{S.HOURS_PER_WEEK: people[S.HOURS_PER_WEEK].mask(people[S.PERSON] == who, 0.0)})
    with pytest.warns(DataQualityWarning) as said:
        pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=people,
                                      n_trials=50, random_state=0, progress=False, people_detail="named")
    assert _said(said) == [
        "128 h of the 1,413 h the plan queues are on none of its days, so in no period: 128 h are queued for people "
        "whose end date comes first or who have no working hours, so that work cannot finish unless it is "
        "reassigned. Utilisation and the hours ahead leave them out; the finish dates count them",
        "1 person has work in periods without capacity (Quinn Diallo: 417 h in 24 periods): hours_per_week x "
        "availability 0, or before a start or after an end date; utilisation there is infinite (over-allocated, "
        "blank in the pack); reassign the work or correct the people table"]
    ws = openpyxl.load_workbook(pack.path)["Capacity"]
    assert not [c.coordinate for row in ws.iter_rows() for c in row if c.value in ("inf", "-inf")]
    row = pd.read_csv(tmp_path / "pack-workload.csv").set_index("person").loc[who]
    assert row[S.DEMAND_HOURS] > 0 and row[S.CAPACITY_HOURS] == 0
    assert pd.isna(row[S.UTILISATION]) and pd.isna(row[S.PEAK_UTILISATION])
    notes = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(v.endswith(f" Work without capacity: {who} (no capacity in any week ahead: utilisation blank too). "
                          "1 person has work in weeks without capacity (0 hours a week or availability 0, or before a "
                          "start or after an end date): its busiest week is blank; reassign the work or correct the "
                          "people table.") for v in notes)
    # the heatmap's own note, in the grammar of one ("1 people have")
    assert "1 person has work in weeks without capacity (blank cells): reassign it." in notes


def test_what_the_utilisation_leaves_out_is_on_the_assumptions_sheet(tmp_path):
    # the workload's notes (an assignee missing from the people table, hours booked after an earlier forecast
    # date) were warned on the console only: no sheet said them
    tasks, projects, people, _ = generate_sample(seed=7, n_projects=8)
    who = "Quinn Diallo"  # has hours booked
    as_of = pd.Timestamp("2026-05-29")  # before the table's last day: hours booked after it are left out
    with pytest.warns(DataQualityWarning) as said:
        pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects,
                                      people=people[people[S.PERSON] != who], as_of=as_of, n_trials=50,
                                      random_state=0, progress=False)
    assert _said(said) == [
        "as_of 2026-05-29 is before the latest date in the task table (2026-06-29): work finished after it still "
        "counts as done, so the forecast is not the one you would have made then (--rewind, or rewind=True in "
        "export_planning_pack, makes the pack as of that date; pmo_forecast.forecasting.rewind.tasks_as_of rewinds "
        "the task table).",
        "open work assigned to people not in the people table or already gone (Quinn Diallo) goes to the project "
        "team's pool",
        "652 h of finished work are booked after as_of 2026-05-29 (the task table runs later): that work counts as "
        "done, so those hours are in no period and the periods from as_of on hold the plan's work only "
        "(pmo_forecast.forecasting.rewind.tasks_as_of rewinds the table to that date)",
        # by person and by team alike: said once
        "1 assignee with work is not in the people table (Quinn Diallo): 323 h with no capacity to set against; "
        "add them to the people table"]
    notes = pack.forecasts["workload"].notes
    assert len(notes) == 2
    check = pack_settings(pack)["check: utilisation"]
    assert check == "; ".join(notes)
    assert f"1 assignee with work is not in the people table ({who}): " in check
    assert " h of finished work are booked after as_of 2026-05-29 (the task table runs later)" in check


def test_work_after_the_plans_last_day_is_said_in_the_assumptions_and_the_capacity_sheet(tmp_path):
    # a 30,000 h task for a part-timer: most of it lies after the plan's ten years, and those hours had
    # dropped out of the Capacity sheet with no word anywhere
    tasks, projects, people, _ = generate_sample(seed=7, n_projects=8)
    big = tasks.index[(tasks[S.STATUS] == S.OPEN) & tasks[S.ASSIGNEE].notna()][0]
    tasks.loc[big, S.ESTIMATE] = 30000.0
    with pytest.warns(DataQualityWarning) as said:
        pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=people,
                                      n_trials=50, random_state=0, progress=False)
    assert _said(said) == [
        "20,860 h of the 35,946 h the plan queues are on none of its days, so in no period: 20,860 h come after its "
        "last day, 2036-06-30. Utilisation and the hours ahead leave them out; the finish dates count them"]
    wl = pack.forecasts["workload"]
    assert wl.beyond_plan > 10000
    hours = f"{wl.beyond_plan:,.0f}"
    settings = pack_settings(pack)
    assert f"{hours} h of the " in settings["check: utilisation"]
    assert f"{hours} h come after its last day" in settings["check: utilisation"]
    ws = openpyxl.load_workbook(pack.path)["Capacity"]
    notes = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(f" {hours} hours the plan queues are in no week, so not in these hours or the utilisation" in v
               for v in notes)
    # the utilisation block's own note no longer says its hours add up to all the remaining effort
    assert any(f"add up to the forecast's expected remaining effort less the {hours} hours in no week" in v
               for v in notes)


def test_the_pm_pool_queue_shows_approval_waits_in_whole_working_hours(tmp_path):
    # the queue block showed its waits with two decimals (12.37 working hours), the waits block below in whole hours
    from pmo_forecast.core.labels import label
    from pmo_forecast.core.workbook import NUMBER_FORMATS

    tasks, projects, people, requests = generate_sample(seed=7, n_projects=8)
    pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=people,
                                  requests=requests, n_trials=50, random_state=0, progress=False)
    ws = openpyxl.load_workbook(pack.path)["Capacity"]
    shown = {c.value: ws.cell(c.row, c.column + 1) for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    waits = [m for m in pack.forecasts["queue"].summary().index if m.endswith("_wait_hours")]
    assert len(waits) == 5
    assert {shown[label(m)].number_format for m in waits} == {NUMBER_FORMATS["hours"]}  # "#,##0"
    # under an hour a request: a decimal, the tenth a mean of logged times tells (as the Summary shows it)
    assert shown[label("touch_hours")].number_format == NUMBER_FORMATS["num1"]


def test_the_team_heatmap_has_no_empty_row_for_new_work_as_the_person_heatmap_has_none(tmp_path):
    # with --new-work the Team by week heatmap (and summary.html's chart of it) showed a row '(new work)' with
    # every week blank: nobody's capacity, so no utilisation; the person heatmap leaves such a row out
    tasks, projects, people, _ = generate_sample(seed=7, n_projects=8)
    with pytest.warns(DataQualityWarning) as said:
        pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=people,
                                      n_trials=50, random_state=0, progress=False, new_work=True)
    assert _said(said) == [NEW_WORK_MEDIANS]
    heat = pack.tables["utilisation-heatmap-team"]
    assert "(new work)" in pack.forecasts["workload_team"].wide(S.UTILISATION).index
    assert "(new work)" not in heat.index and heat.notna().any(axis=1).all()
    ws = openpyxl.load_workbook(pack.path)["Capacity"]
    rows = [r for r in ws.iter_rows(values_only=True) if r[0] == "(new work)"]
    assert len(rows) == 1 and rows[0][1] > 0  # the per-team hours table keeps its hours


def test_new_work_with_no_capacity_shows_no_weeks_over_capacity_count(tmp_path):
    # the per-team table's '(new work)' row, blank capacity and utilisation, said 'Weeks over capacity (whole
    # plan) 0', as if the work nobody is assigned to fitted
    tasks, projects, people, _ = generate_sample(seed=7, n_projects=8)
    with pytest.warns(DataQualityWarning) as said:
        pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=people,
                                      n_trials=50, random_state=0, progress=False, new_work=True)
    assert _said(said) == [NEW_WORK_MEDIANS]
    team = pack.tables["workload-team"]
    assert pd.isna(team.loc["(new work)", S.PERIODS_OVER]) and pd.isna(team.loc["(new work)", S.CAPACITY_HOURS])
    others = team.drop(index="(new work)")[S.PERIODS_OVER]
    assert others.notna().all() and pd.api.types.is_integer_dtype(others)
    ws = openpyxl.load_workbook(pack.path)["Capacity"]
    head = next(r for r in ws.iter_rows(values_only=True) if r[0] == "Team" and "Weeks over capacity (whole plan)" in r)
    row = next(r for r in ws.iter_rows(values_only=True) if r[0] == "(new work)")
    assert row[head.index("Weeks over capacity (whole plan)")] is None
    assert row[head.index("Work scheduled (hours)")] > 0
    csv = pd.read_csv(tmp_path / "pack-workload-team.csv", encoding="utf-8-sig").set_index("team")
    assert pd.isna(csv.loc["(new work)", S.PERIODS_OVER]) and csv.loc["dev", S.PERIODS_OVER] == int(
        team.loc["dev", S.PERIODS_OVER])
