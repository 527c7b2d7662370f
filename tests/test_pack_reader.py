"""The planning pack as a steering committee reads it: settings named in words, flags as Yes/No, every scenario
described, data-quality values as the file holds them, each problem said once. One pack of the bundled sample
(PRJ-45's budget set to 0, both bundled scenarios), read back as the workbook's cells and the CSV files."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from pmo_forecast.core import schema as S
from pmo_forecast.core.exceptions import DataQualityWarning
from pmo_forecast.reporting import export as X

N_TRIALS = 200
REPO = Path(__file__).resolve().parent.parent
SCENARIOS = [REPO / "data" / "scenarios" / f"{n}.yaml" for n in ("one-more-pm", "approvals-share")]


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    from pmo_forecast import Scenario, load_sample

    tasks, projects, people, requests = load_sample()
    projects = projects.copy()
    projects.loc[projects[S.PROJECT_ID] == "PRJ-45", S.BUDGET] = 0.0
    projects.attrs["_headers"] = {S.BUDGET: "Budget h"}  # as a loader leaves a file's header it renamed
    with pytest.warns(UserWarning, match="200 Monte Carlo trials"), \
            pytest.warns(DataQualityWarning, match="1 project has a budget of 0 h"):
        return X.export_planning_pack(tmp_path_factory.mktemp("reader") / "pack.xlsx", tasks=tasks,
                                      projects=projects, people=people, requests=requests,
                                      scenarios=[Scenario.from_file(f) for f in SCENARIOS], n_trials=N_TRIALS,
                                      random_state=0, progress=False)


@pytest.fixture(scope="module")
def book(pack):
    return openpyxl.load_workbook(pack.path)


def csv(pack, slug: str) -> pd.DataFrame:
    return pd.read_csv(next(f for f in pack.files if f.name.endswith(f"-{slug}.csv")), keep_default_na=False)


def block(ws, title: str) -> list[tuple]:
    """The rows of the block titled ``title`` (its header first), up to the next blank row."""
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[0] == title) + 1
    if rows[start][0] and rows[start][1] is None:  # a note under the title
        start += 1
    out = []
    for r in rows[start:]:
        if not any(v is not None for v in r) or (r[0] and all(v is None for v in r[1:])):
            break
        out.append(r)
    width = max(len(r) - next((i for i, v in enumerate(reversed(r)) if v is not None), len(r)) for r in out)
    return [r[:width] for r in out]


def test_the_assumptions_name_the_settings_in_words_not_parameter_names(book, pack):
    ws = book["Assumptions"]
    run = {r[0]: r[1] for r in block(ws, "Run")[1:]}
    assert run["Monte Carlo trials"] == N_TRIALS and run["random seed"] == 0
    settings = {r[0]: r[1] for r in block(ws, "Model settings")[1:]}
    model = {k: v for k, v in settings.items() if k.startswith("accuracy model: ")}
    assert list(model.items())[:7] == [
        ("accuracy model: booking unit of actuals asked for (hours; auto: found from the actuals)", "auto"),
        ("accuracy model: recalibration folds (slices of the recent history, each forecast from the history "
         "before it)", 5),
        ("accuracy model: share of the history, most recent first, the levels are recalibrated on", 0.4),
        ("accuracy model: groups the estimate bias is learnt by", "person, task type, project, estimate size"),
        ("accuracy model: recency half-life asked for (days; auto: chosen on the recent history)", "auto"),
        ("accuracy model: fewest finished tasks to learn from", 30),
        ("accuracy model: random seed", 0)]
    assert [(k, v) for k, v in settings.items() if k.startswith("overrun: ")] == [
        ("overrun: correlation of overruns, measured how", "on the model refitted at past dates (backdated)"),
        ("overrun: correlation of overruns within a person's tasks", 0.0116),
        ("overrun: correlation of overruns within a project's tasks", "12 values from 0.0335 to 0.18"),
        ("overrun: scale on the project correlation, learnt from the history", 4),
        ("overrun: scope growth, spread between projects (coefficient of variation)", 0.376),
        ("overrun: scope growth, completed projects learnt from", 38),
        ("overrun: scope growth, mean share added to a project's plan", 0.145)]
    # no code name left in any setting's name (it read "accuracy model: random_state", "overrun: scope growth cv")
    assert [k for k in [*run, *settings] if ("_" in k and k != "pmo_forecast version")
            or k.endswith((" cv", " rate"))] == []
    assert csv(pack, "settings").set_index("setting").loc["accuracy model: random seed", "value"] == "0"


def test_a_flag_says_yes_or_no_in_the_workbook_the_csv_and_a_notebook(book, pack):
    # the Projects sheet's "At risk" showed TRUE and FALSE, its CSV file True and False
    flags = pack.tables["projects"].set_index(S.PROJECT_ID)["at_risk"]
    said = flags.map({True: "Yes", False: "No"})
    assert set(said) == {"Yes", "No"}
    rows = list(book["Projects"].iter_rows(values_only=True))
    head = next(r for r in rows if r and "At risk" in r)
    cells = {r[0]: r[head.index("At risk")] for r in rows[rows.index(head) + 1:] if r[0] in flags.index}
    assert cells == said.to_dict()
    assert csv(pack, "projects").set_index(S.PROJECT_ID)["at_risk"].to_dict() == said.to_dict()
    shown = pack.tables["projects"].shown().set_index(S.PROJECT_ID)["at_risk"]
    assert shown.to_dict() == said.to_dict()


def test_littles_law_gap_is_shown_signed_to_the_tenth_of_a_percent(book, pack):
    # the sample's log: 10.77 requests waiting on average against 10.80 from arrivals x mean wait, a gap of -0.34%
    # that showed as "0%"; a gap under a percent is what a log that holds together has, so a tenth tells its size
    gap = pack.forecasts["queue"].summary().loc["little_discrepancy", "value"]
    assert gap == pytest.approx(-0.0034, abs=5e-5)
    row = next(r for r in book["Capacity"].iter_rows()
               if r[0].value == "Little's law check: relative gap between the two")
    assert (row[1].value, row[1].number_format) == (pytest.approx(gap, rel=1e-9), "+0.0%;-0.0%;0.0%")
    from pmo_forecast.core.shown import shown_number

    assert shown_number(gap, "pct_change1") == "-0.3%"
    shown = pack.tables["queue"].shown()
    assert shown.loc["Little's law check: relative gap between the two", "value"] == "-0.3%"


def test_what_each_scenario_did_describes_every_scenario_run(book, pack):
    # approvals-share changes no table, only the PMs' share of the week for approvals: the block had no row of it
    rows = block(book["Scenarios"], "What each scenario did to the plan")
    did = [("one-more-pm", "New PM: joins the PM pool from 2026-07-01"),
           ("approvals-share", "approvals: each PM gives 10% of their week to approvals and change requests (the "
                               "baseline: the share the request log shows)")]
    # its header is the labels' like the sheet's others: it read "what it did", the CSV's column name
    assert rows == [("Scenario", "What it did"), *did]
    assert list(csv(pack, "scenario-actions").itertuples(index=False, name=None)) == did


def test_scenario_definitions_say_the_settings_in_words_the_yaml_kept_last(book, pack):
    # the Settings column showed the scenario file's keys ("approval_share: 0.1"); they are in words now, the YAML
    # kept in the last column for an analyst to copy into a file
    rows = block(book["Scenarios"], "Scenario definitions")
    assert rows[0] == ("Scenario", "Description", "Settings", "Settings as the scenario file writes them")
    assert [r[2] for r in rows[1:]] == [
        "none: the plan as it stands",
        "Hire: person New PM, role pm, start date 2026-07-01, hours per week 40, availability (share of the week for "
        "project work) 90%",
        "Share of each PM's week for approvals and change requests: 10%"]
    assert rows[3][3].startswith("name: approvals-share\n") and rows[3][3].endswith("\napproval_share: 0.1")
    # as one-more-pm.yaml writes them: the hire's hours and availability, at their defaults, were left out
    assert rows[2][3] == ("name: one-more-pm\ndescription: Hire a ninth project manager from 1 July 2026; approvals "
                          "are shared by\n  nine.\nhires:\n- person: New PM\n  role: pm\n  start: '2026-07-01'\n"
                          "  hours_per_week: 40\n  availability: 0.9")


def test_a_findings_value_is_the_number_or_an_empty_cell_as_a_reader_writes_it(book, pack):
    # the Value column read "<missing>" for an empty estimate and "0.0" for an actual of 0 hours
    ws = book["Data quality"]
    tasks = {(r[-1], r[3]): r[5] for r in block(ws, "tasks: every finding (row = line in the source file, header = "
                                                   "line 1)")[1:]}
    assert tasks[("missing_estimate_done", "PRJ-06-147")] == "(empty)"
    assert tasks[("zero_actual_done", "PRJ-03-187")] == "0"
    assert tasks[("ratio_outlier", "PRJ-06-49")] == "0.5"
    assert {v for (check, _), v in tasks.items() if check != "ratio_outlier"} == {"(empty)", "0"}
    projects = block(ws, "projects: every finding (row = line in the source file, header = line 1)")
    assert projects[1][:6] == ("warning", "Project with a budget of 0 hours", 46, "PRJ-45", "Budget h", "0")
    said = csv(pack, "data-quality-tasks").set_index(["check", "id"])["value"]
    assert (said["missing_estimate_done", "PRJ-06-147"], said["zero_actual_done", "PRJ-03-187"]) == ("(empty)", "0")


def test_a_budget_of_zero_is_said_once_in_the_pack(book, pack):
    # the Data quality sheet's zero_budget finding and the Assumptions sheet's "fallback: budgets of 0 h" row both
    # said that PRJ-45's budget of 0 h is taken as no budget
    said = [(ws.title, r) for ws in book for r in ws.iter_rows(values_only=True)
            if "PRJ-45" in map(str, r) and any("budget of 0" in str(v) for v in r)]
    assert said == [("Data quality", ("warning", "Project with a budget of 0 hours", 46, "PRJ-45", "Budget h", "0",
                                      "a budget of 0 hours: every hour booked would overrun it, so the forecasts take "
                                      "it as no budget (no chance of going over budget); give the budget in hours, or "
                                      "leave it empty if there is none", "zero_budget"))]
    settings = csv(pack, "settings")["setting"].tolist()
    assert not [s for s in settings if "budget" in s and "0 h" in s]
    assert "PRJ-45 (0 h)" not in (pack.path.parent / X.SUMMARY_HTML).read_text(encoding="utf-8")


def test_data_quality_says_each_check_and_column_in_words_and_keeps_the_checks_code(book, pack):
    # Check and Column read code names (missing_estimate_done, estimate_hours): the check is now in its words, its
    # code last (what the CSV files and the report name it, to search by); a column as the file heads it where the
    # loader renamed it (the fixture's "Budget h"), else in words
    ws = book["Data quality"]
    code = "Check's code (as the CSV files and the report name it)"
    checks = block(ws, "tasks: checks run (11,970 rows)")
    assert checks[0] == ("Check", "Severity", "Rows found", "Column", "Description", code)
    rows = {r[-1]: r for r in checks[1:]}
    assert rows["missing_estimate_done"] == (
        "Done tasks without an estimate", "warning", 25, "Estimate (hours)",
        "done task without an estimate; it cannot count towards estimation accuracy", "missing_estimate_done")
    assert rows["duplicate_task_id"][:4] == ("Task ids on more than one row", "error", 0, "Task")
    assert rows["started_before_created"][3] == "Started on"
    found = block(ws, "tasks: every finding (row = line in the source file, header = line 1)")
    assert found[0] == ("Severity", "Check", "Row", "ID", "Column", "Value", "Reason", code)
    assert found[1] == ("warning", "Done task without an estimate", 1226, "PRJ-06-147", "Estimate (hours)", "(empty)",
                        "done task without an estimate; it cannot count towards estimation accuracy",
                        "missing_estimate_done")
    budget = {r[-1]: r[3] for r in block(ws, "projects: checks run (50 rows)")[1:]}
    assert (budget["zero_budget"], budget["due_before_start"]) == ("Budget h", "Due date")
    said = csv(pack, "data-quality-projects")
    assert said.drop(columns="reason").iloc[0].tolist() == ["warning", "Project with a budget of 0 hours", 46,
                                                            "PRJ-45", "Budget h", 0, "zero_budget"]


def test_a_persons_availability_is_named_as_the_people_tables_not_as_the_queues_measure(book):
    # the people table's availability (a share of the week for project work) read as the PM-pool queue's measure
    # of the same name: "Share of a PM's time for requests"
    columns = {r[-1]: r[3] for r in block(book["Data quality"], "people: checks run (36 rows)")[1:]}
    assert columns["availability_out_of_range"] == "Availability (share of the week for project work)"
    assert columns["no_capacity"] == "Availability (share of the week for project work)"
    assert columns["hours_per_week_out_of_range"] == "Hours per week"
