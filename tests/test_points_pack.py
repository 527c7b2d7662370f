"""A planning pack from story-point estimates with time logged: no sheet sets hours against points.

Actual hours over story points is a rate (hours per point), not an overrun: the Accuracy, Trends and
backtest tables show it as such and leave out what would compare the two units.
"""

from __future__ import annotations

import numpy as np
import openpyxl
import pandas as pd
import pytest

from pmo_forecast import cli
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


def notes(book, sheet: str) -> list[str]:
    return [v for r in book[sheet].iter_rows(max_row=3, values_only=True) for v in r if isinstance(v, str)]


def test_accuracy_sheet_gives_hours_per_point_by_size_band_in_points(pack):
    _, book, done = pack
    table = block(book, "Accuracy", "By estimate size (story points)").set_index("size_band")
    assert "share_over" not in table and "share_exact" not in table and "median_ratio" not in table
    # the bands' edges are the hour bands' (1, 2, 4, 8 ...), read as points
    band = pd.cut(done[POINTS], [0, 1, 2, 4, 8, 16, 40, 80, np.inf], labels=["<=1", "1-2", "2-4", "4-8", "8-16",
                                                                            "16-40", "40-80", ">80"])
    want = done.groupby(band, observed=True)["hours_per_point"].median()
    assert table.index.tolist() == want.index.tolist() == ["<=1", "1-2", "2-4", "4-8"]
    assert table["median_hours_per_point"].astype(float).tolist() == pytest.approx(want.tolist())
    team = block(book, "Accuracy", "By team (the person's role in the people table)")
    assert team.columns.tolist() == ["team", "n_tasks", "median_hours_per_point", "hours_per_point_p10",
                                     "hours_per_point_p90"]
    assert float(team["median_hours_per_point"].iat[0]) == pytest.approx(done["hours_per_point"].median())
    assert any(n.startswith("The estimates are story points: hours per point = actual hours / story points on "
                            "finished tasks, a rate, so no share over the estimate") for n in notes(book, "Accuracy"))


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
    per_type = block(book, "By project type", "Delivery per year by project type")
    assert "Task bias, mean log(actual / estimate)" not in per_type
    year = per_type.set_index("Period")["Task hours per story point, median"].dropna().astype(float)
    dated = done[done["quarter"].notna()]  # a done task without a finish date is in no trend
    by_year = np.exp(np.log(dated["hours_per_point"]).groupby(dated["quarter"].dt.year).median())
    assert year.tolist() == pytest.approx(by_year.tolist())  # one project type: (none)


def test_backtest_has_no_naive_baseline_setting_points_against_hours(pack):
    folder, book, _ = pack
    methods = block(book, "Accuracy", "Backtest: fit on the earliest 70% of finished tasks, test on the rest")["method"]
    assert methods.tolist() == ["model: EstimationAccuracyModel", "global ratio (reference class)",
                                "per-assignee ratio (EBS)", "log-log OLS (normal)", "log-log quantile regression"]
    assert pd.read_csv(folder / "planning_pack-backtest.csv", encoding="utf-8-sig")["method"].tolist() == \
        methods.tolist()
    why = ("backtest: the naive baseline (the estimate as the actual hours) is left out: the estimates are story "
           "points, not hours; its analogue is the global ratio baseline, the estimate times the history's hours "
           "per point")
    assert f" {why}. Inputs: " in notes(book, "Accuracy")[1]
    assert [r[1] for r in book["Assumptions"].iter_rows(values_only=True) if r[0] == "fallback: backtest"] == [why]
