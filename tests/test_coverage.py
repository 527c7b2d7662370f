"""Coverage of estimates and actuals by team and quarter, and the request log by kind (notebook 01's tables)."""

import json
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd

import pmo_forecast as pf
from pmo_forecast.core import schema as S

matplotlib.use("Agg")

NOTEBOOK_01 = Path(__file__).parents[1] / "notebooks" / "01-data-quality.ipynb"


def _tasks() -> pd.DataFrame:
    # five tasks: ann (dev) has two done, one usable (the other has no actual); bob (qa) one done usable and one
    # open without an estimate; zed is in no people table and has one task in progress
    return pd.DataFrame({
        S.TASK_ID: ["T1", "T2", "T3", "T4", "T5"],
        S.ASSIGNEE: ["ann", "ann", "bob", "bob", "zed"],
        S.STATUS: [S.DONE, S.DONE, S.DONE, S.OPEN, S.IN_PROGRESS],
        S.ESTIMATE: [4.0, 8.0, 2.0, np.nan, 5.0],
        S.ACTUAL: [5.0, 0.0, 3.0, np.nan, 1.0],
        S.CREATED: pd.to_datetime(["2026-01-05", "2026-02-10", "2026-03-31", "2026-04-01", "2026-06-30"]),
    })


def _people() -> pd.DataFrame:
    return pd.DataFrame({S.PERSON: ["ann", "bob"], S.ROLE: ["dev", "qa"]})


def _rows(table: pd.DataFrame) -> list:
    return [[i, *row] for i, row in zip(table.index.astype(str), table.to_numpy().tolist(), strict=True)]


def test_coverage_by_team_counts_tasks_estimates_and_usable_finished_tasks_per_role():
    table = pf.coverage_by_team(_tasks(), _people())
    assert table.index.name == "team"
    assert list(table.columns) == ["tasks", "share_with_estimate", "finished", "finished_usable",
                                   "share_of_finished_usable"]
    rows = _rows(table)
    assert rows[:2] == [["dev", 2, 1.0, 2, 1, 0.5], ["qa", 2, 0.5, 1, 1, 1.0]]
    # an assignee not in the people table is unassigned; with nothing finished its share is NaN, not 0
    assert rows[2][:5] == ["unassigned", 1, 1.0, 0, 0] and np.isnan(rows[2][5])


def test_coverage_by_quarter_counts_created_usable_and_unfinished_tasks_per_quarter():
    table = pf.coverage_by_quarter(_tasks())
    assert table.index.name == "quarter"
    assert list(table.columns) == ["created", "share_usable", "unfinished"]
    # 2026Q1: T1 usable, T2 no actual, T3 usable; 2026Q2: T4 open, T5 in progress
    assert _rows(table) == [["2026Q1", 3, 2 / 3, 0], ["2026Q2", 2, 0.0, 2]]


def test_request_log_summary_counts_requests_done_and_median_touch_hours_per_kind():
    requests = pd.DataFrame({
        S.KIND: ["approval", "approval", "approval", "change_request"],
        S.DONE_AT: pd.to_datetime(["2026-01-02", None, "2026-01-09", "2026-01-05"]),
        S.TOUCH_HOURS: [0.5, 1.5, np.nan, 2.0],
    })
    table = pf.request_log_summary(requests)
    assert table.index.name == S.KIND
    assert _rows(table) == [["approval", 3, 2, 1.0], ["change_request", 1, 1, 2.0]]


def test_plot_coverage_by_quarter_draws_tasks_created_and_the_share_usable():
    ax = pf.plot_coverage_by_quarter(_tasks())
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2026Q1", "2026Q2"]
    assert [p.get_height() for p in ax.patches] == [3, 2]
    (share,) = [a for a in ax.figure.axes if a is not ax]
    assert share.lines[0].get_ydata().tolist() == [2 / 3, 0.0]
    assert ax.get_title() == "Coverage of estimates and actuals by quarter"


def test_notebook_01_calls_the_package_for_its_coverage_tables_and_does_no_maths():
    # notebook 01 built these tables itself with groupby and mean; it calls the package now
    notebook = json.loads(NOTEBOOK_01.read_text("utf-8"))
    code = ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"]
    assert any("pf.coverage_by_team(tasks, people)" in c for c in code)  # shown by blank_missing: test_results.py
    assert "pf.coverage_by_quarter(tasks)" in code
    assert "pf.plot_coverage_by_quarter(tasks);" in code
    assert '"no request log" if requests is None else pf.request_log_summary(requests)' in code
    assert [c for c in code if any(w in c for w in ("groupby", ".mean(", ".median(", "pd.DataFrame("))] == []


def test_coverage_by_team_reads_an_assignee_spelt_otherwise_as_the_person_and_roles_spelt_alike_as_one_team():
    # the people table writes "Ann Lee" and "Bob Ray"; the tracker "ann lee", "Lee, Ann" and "BOB RAY". Their
    # roles "Dev" and " dev " are one team, named as the table first writes it; Cy has no role, Dee and dee
    # (two people spelt alike, in different teams) leave "DEE" no one's: those two tasks are unassigned
    tasks = pd.DataFrame({
        S.ASSIGNEE: ["ann lee", "Lee, Ann", "BOB RAY", "Cy", "DEE"],
        S.STATUS: [S.DONE] * 5,
        S.ESTIMATE: [1.0] * 5,
        S.ACTUAL: [1.0] * 5,
    })
    people = pd.DataFrame({S.PERSON: ["Ann Lee", "Bob Ray", "Cy", "Dee", "dee"],
                           S.ROLE: ["Dev", " dev ", None, "qa", "pm"]})
    table = pf.coverage_by_team(tasks, people)
    assert _rows(table) == [["Dev", 3, 1.0, 3, 3, 1.0], ["unassigned", 2, 1.0, 2, 2, 1.0]]


def test_tasks_by_status_counts_each_status_in_the_workflow_order_with_zeros():
    # _tasks(): three done, one open, one in progress, none cancelled; a status the package lacks comes last
    tasks = pd.concat([_tasks(), pd.DataFrame({S.STATUS: ["parked", None]})], ignore_index=True)
    table = pf.tasks_by_status(tasks)
    assert table.index.name == S.STATUS
    assert _rows(table) == [[S.OPEN, 1], [S.IN_PROGRESS, 1], [S.DONE, 3], [S.CANCELLED, 0], ["parked", 1]]


def test_open_tasks_are_the_open_and_in_progress_ones_and_with_estimated_those_with_an_estimate():
    assert pf.open_tasks(_tasks())[S.TASK_ID].tolist() == ["T4", "T5"]
    assert pf.open_tasks(_tasks(), estimated=True)[S.TASK_ID].tolist() == ["T5"]  # T4 has no estimate


def test_open_work_summary_counts_the_projects_tasks_and_estimated_hours_still_to_do():
    tasks = _tasks().assign(**{S.PROJECT_ID: ["P1", "P1", "P2", "P2", "P3"]})
    table = pf.open_work_summary(tasks)
    # T4 (P2, no estimate) and T5 (P3, 5 h)
    assert _rows(table) == [["open work", 2, 2, 5.0]]


def _code(name: str) -> list[str]:
    notebook = json.loads((NOTEBOOK_01.parent / name).read_text("utf-8"))
    return ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"]


def test_notebooks_01_to_03_call_the_package_for_counts_stale_work_and_open_work():
    # 01 counted statuses (value_counts) and stale tasks (a sum); 02 picked the open tasks by status; 03 picked and
    # summed the open work: each calls the package now
    code_01, code_02, code_03 = (_code(n) for n in ("01-data-quality.ipynb", "02-estimation-accuracy.ipynb",
                                                   "03-overrun-forecast.ipynb"))
    assert "pf.tasks_by_status(tasks)" in code_01
    assert any("pf.aging_summary(aged)" in c for c in code_01)
    assert any("pf.open_tasks(tasks, estimated=True)" in c for c in code_02)
    assert any("pf.open_work_summary(tasks)" in c for c in code_03)
    maths = ("value_counts", ".sum()", ".nunique()", "UNFINISHED_STATUSES", "isin(")
    assert [c for c in code_01 + code_02 + code_03 if any(m in c for m in maths)] == []
