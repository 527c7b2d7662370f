"""A planning pack from story-point estimates with time logged: no sheet sets hours against points.

Actual hours over story points is a rate (hours per point), not an overrun: the Accuracy, Trends and
backtest tables show it as such and leave out what would compare the two units.
"""

from __future__ import annotations

import csv

import numpy as np
import openpyxl
import pandas as pd
import pytest

from pmo_forecast import cli
from pmo_forecast.core.labels import label
from pmo_forecast.inputs.tracker_sample import write_tracker_export

POINTS = "Custom field (Story Points)"


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    """The pack's folder and the finished tasks' hours and points, read from the export itself."""
    d = tmp_path_factory.mktemp("points")
    export = write_tracker_export(d / "jira.csv", "jira", estimates="points", n_projects=8, tasks_per_project=(25, 40))
    work = d / "work"
    assert cli.main([str(a) for a in ("init", export, "--out", work)]) == 0
    assert cli.main([str(a) for a in ("report", export, "--map", work / "mapping.yaml", "--projects",
                                      work / "projects.csv", "--people", work / "people.csv", "--trials", 200,
                                      "--by", "project_type", "--out", work / "pack")]) == 0
    raw = pd.read_csv(export)
    raw = raw[raw["Issue Type"] != "Epic"]
    done = raw[(raw["Status Category"] == "Done") & (raw["Time Spent"] > 0) & (raw[POINTS] > 0)]
    done = done.assign(hours_per_point=done["Time Spent"] / 3600 / done[POINTS],
                       quarter=pd.to_datetime(done["Resolved"], format="%d/%b/%y %I:%M %p").dt.to_period("Q"))
    return work / "pack", openpyxl.load_workbook(work / "pack" / cli.PACK_NAME), done


def block(book, sheet: str, title: str) -> pd.DataFrame:
    """The table under ``title`` on ``sheet``: its header is the first row of text after the title (a note
    above it is one cell), its rows run to the first empty one."""
    rows = [[c for c in r] for r in book[sheet].iter_rows(values_only=True)]
    start = next(i for i, r in enumerate(rows) if title in r)
    head = next(i for i in range(start + 1, len(rows)) if sum(v is not None for v in rows[i]) > 1)
    end = next((i for i in range(head + 1, len(rows)) if all(v is None for v in rows[i])), len(rows))
    cols = [c for c in rows[head] if c is not None]
    return pd.DataFrame([r[:len(cols)] for r in rows[head + 1:end]], columns=cols)


def formats(book, sheet: str, title: str) -> dict[str, set[str]]:
    """The number formats of the numbers in each column of the table under ``title`` on ``sheet``, by header."""
    rows = list(book[sheet].iter_rows())
    start = next(i for i, r in enumerate(rows) if any(c.value == title for c in r))
    head = next(i for i in range(start + 1, len(rows)) if sum(c.value is not None for c in rows[i]) > 1)
    end = next((i for i in range(head + 1, len(rows)) if all(c.value is None for c in rows[i])), len(rows))
    col = {c.value: k for k, c in enumerate(rows[head]) if c.value is not None}
    return {name: {rows[i][k].number_format for i in range(head + 1, end)
                   if rows[i][k].value is not None and not isinstance(rows[i][k].value, str)}
            for name, k in col.items()}


def notes(book, sheet: str) -> list[str]:
    return [v for r in book[sheet].iter_rows(max_row=3, values_only=True) for v in r if isinstance(v, str)]


def test_accuracy_sheet_gives_hours_per_point_by_size_band_in_points(pack):
    _, book, done = pack
    table = block(book, "Accuracy", "By estimate size (story points)").set_index(label("size_band"))
    assert not {label(c) for c in ("share_over", "share_exact", "median_ratio")} & set(table.columns)
    # the bands' edges are the hour bands' (1, 2, 4, 8 ...), read as points
    band = pd.cut(done[POINTS], [0, 1, 2, 4, 8, 16, 40, 80, np.inf], labels=["<=1", "1-2", "2-4", "4-8", "8-16",
                                                                            "16-40", "40-80", ">80"])
    want = done.groupby(band, observed=True)["hours_per_point"].median()
    assert table.index.tolist() == want.index.tolist() == ["<=1", "1-2", "2-4", "4-8"]
    median = label("median_hours_per_point")
    assert table[median].astype(float).tolist() == pytest.approx(want.tolist())
    team = block(book, "Accuracy", "By team (the person's role in the people table)")
    assert team.columns.tolist() == [label(c) for c in ("team", "n_tasks", "median_hours_per_point",
                                                        "hours_per_point_p10", "hours_per_point_p90")]
    assert float(team[median].iat[0]) == pytest.approx(done["hours_per_point"].median())
    assert any(n.startswith("The estimates are story points: hours per point = actual hours / story points on "
                            "finished tasks, a rate, so no share over the estimate") for n in notes(book, "Accuracy"))


def test_hours_per_point_show_to_two_decimals_in_every_accuracy_table_as_on_the_trends_sheet(pack):
    # the Accuracy sheet showed hours per point as whole hours (2 beside the Trends sheet's 2.37): "hours" in the
    # columns' names gave them the hours' format, and the team table had no formats at all
    _, book, _ = pack
    median, p10, p90 = (label(c) for c in ("median_hours_per_point", "hours_per_point_p10", "hours_per_point_p90"))
    assert formats(book, "Trends", "KPIs per quarter")[median] == {"#,##0.00"}
    for title in ("By team (the person's role in the people table)", "By task type",
                  "By estimate size (story points)", "By project"):
        table = formats(book, "Accuracy", title)
        assert (table[median], table[p10], table[p90]) == ({"#,##0.00"},) * 3, title


def test_trends_give_hours_per_point_and_say_why_within_20pct_and_the_biases_are_not_shown(pack):
    _, book, done = pack
    table = block(book, "Trends", "KPIs per quarter")
    assert not {"Task actual / estimate, median", "Tasks within 20% of estimate", "Task bias, mean log(actual / "
                "estimate)", "Project bias, mean log(actual / estimate)"} & set(table.columns)
    got = table.set_index("Period")["Task hours per story point, median"].dropna().astype(float)
    # the median of the logs, as every trend's ratio: the middle two's geometric mean on an even count
    want = np.exp(np.log(done["hours_per_point"]).groupby(done["quarter"]).median())
    assert got.index.str[:6].tolist() == want.index.astype(str).tolist()  # "2026Q2 (to 2026-06-26)"
    assert got.tolist() == pytest.approx(want.tolist())
    note = notes(book, "Trends")[1]
    assert "hours per story point: a finished task's actual hours over its story points." in note
    assert "within 20%: actual" not in note
    assert note.endswith("; within 20% of estimate, task bias and project bias: the estimates are story points, so "
                         "actual / estimate is hours per point (its median is shown), a rate, not an overrun.")
    # a note on the data, not a measure left out: the sheet and Assumptions had headed every one "not shown"
    assert " Notes: " in note and "Not shown" not in note
    said = [r[1] for r in book["Assumptions"].iter_rows(values_only=True) if r[0] == "KPI trends: note"]
    assert any(w.startswith("within 20% of estimate, task bias and project bias") for w in said)
    per_type = block(book, "By project type", "Delivery per year by project type")
    assert "Task bias, mean log(actual / estimate)" not in per_type
    year = per_type.set_index("Period")["Task hours per story point, median"].dropna().astype(float)
    dated = done[done["quarter"].notna()]  # a done task without a finish date is in no trend
    by_year = np.exp(np.log(dated["hours_per_point"]).groupby(dated["quarter"].dt.year).median())
    assert year.tolist() == pytest.approx(by_year.tolist())  # one project type: (none)


def test_delivery_per_year_shows_its_rates_as_the_trends_sheet_does(pack):
    # "Delivery per year by project type" showed on-time and on-budget rates as 0.40 beside the Trends sheet's 40%
    _, book, _ = pack
    year = formats(book, "By project type", "Delivery per year by project type")
    trend = formats(book, "Trends", "KPIs per quarter")
    assert year["Projects finished on time"] == trend["Projects finished on time"] == {"0%"}
    assert year["Projects finished on budget"] <= {"0%"}  # init leaves a points export's budgets blank


def test_backtest_has_no_naive_baseline_setting_points_against_hours(pack):
    folder, book, _ = pack
    methods = block(book, "Accuracy", "Backtest: fit on the earliest 70% of finished tasks, test on the rest")[
        label("method")]
    assert methods.tolist() == ["accuracy model (this pack's forecasts)", "global ratio (reference class)",
                                "per-assignee ratio (EBS)", "log-log OLS (normal)", "log-log quantile regression"]
    assert pd.read_csv(folder / "planning_pack-backtest.csv", encoding="utf-8-sig")["method"].tolist() == \
        methods.tolist()
    why = ("backtest: the naive baseline (the estimate as the actual hours) is left out: the estimates are story "
           "points, not hours; its analogue is the global ratio baseline, the estimate times the history's hours "
           "per point")
    assert f" {why}. Inputs: " in notes(book, "Accuracy")[1]
    assert [r[1] for r in book["Assumptions"].iter_rows(values_only=True) if r[0] == "fallback: backtest"] == [why]


def test_assumptions_give_story_points_in_points_not_hours(tmp_path):
    # "1 open tasks (13 h) are estimated above the largest finished task ... (8 h)": 13 and 8 were points
    export = write_tracker_export(tmp_path / "jira.csv", "jira", estimates="points", n_projects=8,
                                  tasks_per_project=(25, 40))
    work = tmp_path / "work"
    assert cli.main([str(a) for a in ("init", export, "--out", work)]) == 0
    with open(export, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    col = {name: rows[0].index(name) for name in ("Issue Type", "Status Category", "Assignee", POINTS, "Time Spent")}
    tasks = [r for r in rows[1:] if r[col["Issue Type"]] != "Epic"]
    people = pd.read_csv(work / "people.csv", encoding="utf-8-sig")
    gone = people.loc[people["open_tasks"] > 0, "person"].iat[0]  # not in the people table: to the team pool
    big = next(r for r in tasks if r[col["Status Category"]] != "Done" and r[col["Assignee"]] not in ("", gone))
    big[col[POINTS]] = "13"  # above every finished task
    with open(export, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    people[people["person"] != gone].to_csv(work / "people.csv", index=False)
    learnt = max(float(r[col[POINTS]]) for r in tasks if r[col["Status Category"]] == "Done"
                 and float(r[col["Time Spent"]] or 0) > 0 and float(r[col[POINTS]] or 0) > 0)
    moved = [float(r[col[POINTS]]) for r in tasks if r[col["Assignee"]] == gone and r[col["Status Category"]] != "Done"]
    assert cli.main([str(a) for a in ("report", export, "--map", work / "mapping.yaml", "--projects",
                                      work / "projects.csv", "--people", work / "people.csv", "--trials", 200,
                                      "--out", work / "pack")]) == 0
    said = {r[0]: r[1] for r in openpyxl.load_workbook(work / "pack" / cli.PACK_NAME)["Assumptions"].iter_rows(
        values_only=True)}
    assert said["check: open work beyond the history"] == (
        f"1 open task (13 points) is estimated above the largest finished task the accuracy model learnt from "
        f"({learnt:g} points): its forecast carries the largest tasks' ratios over to a size never seen")
    assert said["fallback: open work to the team pool"].startswith(
        f"{len(moved)} open tasks ({sum(moved):g} points estimated) of 1 person who cannot do them go to the pool")


def test_validate_checks_hours_per_point_against_the_exports_own_median(tmp_path, capsys):
    # 24 h on a 1-point story is 8x the export's 3 hours per point: no warning (as hours, 24x the estimate was
    # one); 100 h on a 1-point story is 33x it, 200 points is no planning-poker card
    export = write_tracker_export(tmp_path / "jira.csv", "jira", estimates="points", n_projects=8,
                                  tasks_per_project=(25, 40))
    assert cli.main([str(a) for a in ("init", export, "--out", tmp_path / "w")]) == 0
    raw = pd.read_csv(export, dtype=str, keep_default_na=False)
    done = raw.index[(raw["Issue Type"] != "Epic") & (raw["Status Category"] == "Done") & (raw[POINTS] == "1")]
    raw.loc[done[0], "Time Spent"] = str(24 * 3600)
    raw.loc[done[1], "Time Spent"] = str(100 * 3600)
    raw.loc[done[2], POINTS] = "200"
    raw.to_csv(export, index=False)
    rows = raw[(raw["Issue Type"] != "Epic") & (raw["Status Category"] == "Done") & (raw[POINTS] != "")]
    rate = rows["Time Spent"].replace("", "0").astype(float) / 3600 / rows[POINTS].astype(float)
    assert rate[rate > 0].median() == 3.0
    capsys.readouterr()
    # warnings only (the 200-point story is read as written, no error): validate passes
    assert cli.main([str(a) for a in ("validate", export, "--map", tmp_path / "w" / "mapping.yaml")]) == 0
    out = capsys.readouterr().out
    check = " Done task with actual hours far from its estimate "  # then the finding's line and id
    flagged = {line.split(check, 1)[1].split()[1]: line.split("Time Spent", 1)[1].split(None, 1)[1]
               for line in out.splitlines() if check in line}
    key = raw["Issue key"]
    assert flagged == {  # the 200-point story's 0.5 h too
        key[done[1]]: "100 hours per story point, more than 20x the done tasks' median (3 hours per point); check "
                      "the hours logged and the points",
        key[done[2]]: "0.0025 hours per story point, under 1/20 of the done tasks' median (3 hours per point); "
                      "check the hours logged and the points"}
    assert f"Estimate (story points), headed '{POINTS}', is over 100 story points for one task, beyond a " \
           "planning-poker deck; probably hours or another number typed as points (if real, the forecasts read it " \
           "as written)" in out
    assert "hours for one row" not in out


def test_new_work_is_left_out_of_a_points_pack_and_said(tmp_path):
    # the story points forecast to arrive had been added to the Capacity sheet's hours as the (new work) row
    export = write_tracker_export(tmp_path / "jira.csv", "jira", estimates="points", n_projects=4,
                                  tasks_per_project=(20, 30))
    work = tmp_path / "work"
    assert cli.main([str(a) for a in ("init", export, "--out", work)]) == 0
    assert cli.main([str(a) for a in ("report", export, "--map", work / "mapping.yaml", "--people",
                                      work / "people.csv", "--trials", 200, "--new-work", "--out", work / "pack")]) == 0
    book = openpyxl.load_workbook(work / "pack" / cli.PACK_NAME)
    said = {r[0]: r[1] for r in book["Assumptions"].iter_rows(values_only=True)}
    assert said["fallback: new work still to arrive"] == (
        "no (new work) row (--new-work): the estimates are story points, so the work forecast to arrive is in "
        "points, and the row is hours against capacity; forecast_demand gives the points arriving per week")
    assert "capacity: new work still to arrive (--new-work)" not in said
    cells = [v for r in book["Capacity"].iter_rows(values_only=True) for v in r]
    assert "(new work)" not in cells
