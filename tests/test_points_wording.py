"""Story-point estimates in the forecasts' own words: a project without estimates has no story-point
estimate, not no hour estimate."""

from __future__ import annotations

import html
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from pmo_forecast import (
    DataQualityWarning,
    EstimationAccuracyModel,
    Scenario,
    cli,
    forecast_overruns,
    load_people,
    load_projects,
    load_tasks,
)
from pmo_forecast.core import schema as S
from pmo_forecast.inputs.tracker_sample import write_tracker_export
from pmo_forecast.scenarios.spec import NewProject
from pmo_forecast.scenarios.staffing import apply_scenario

POINTS = "Custom field (Story Points)"
SCENARIO = Path(__file__).resolve().parent.parent / "data" / "scenarios" / "growth-and-wip.yaml"


def points_export(folder: Path) -> tuple[Path, Path, str]:
    """A story-points Jira export (and its init folder) whose first project with open work has no points
    on any open task: the export, its mapping and that project."""
    export = write_tracker_export(folder / "jira.csv", "jira", estimates="points", n_projects=8,
                                  tasks_per_project=(25, 40))
    assert cli.main([str(a) for a in ("init", export, "--out", folder / "w")]) == 0
    mapping = folder / "w" / "mapping.yaml"
    with pytest.warns(DataQualityWarning, match="30 sub-tasks with story points of their own under 8 parent issues"):
        tasks = load_tasks(export, mapping=mapping)
    gone = tasks.loc[tasks[S.STATUS].isin(S.UNFINISHED_STATUSES), S.PROJECT_ID].iat[0]
    raw = pd.read_csv(export, dtype=str, keep_default_na=False)
    blank = raw["Issue key"].isin(tasks.loc[(tasks[S.PROJECT_ID] == gone)
                                            & tasks[S.STATUS].isin(S.UNFINISHED_STATUSES), S.TASK_ID])
    raw.loc[blank, POINTS] = ""
    raw.to_csv(export, index=False)
    return export, mapping, gone


def load_blanked(export: Path, mapping: Path):
    """The tasks of :func:`points_export`'s export, which say the open sub-tasks left without points and those with
    points of their own."""
    with pytest.warns(DataQualityWarning, match="3 open sub-tasks without story points under 1 parent issue with "
                                                "points"), \
            pytest.warns(DataQualityWarning, match="27 sub-tasks with story points of their own under 8 parent issues"):
        return load_tasks(export, mapping=mapping)


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    """The pack of that export, with a scenario (the pack's folder, its workbook and the blank project)."""
    d = tmp_path_factory.mktemp("points-blank")
    export, mapping, gone = points_export(d)
    assert cli.main([str(a) for a in ("report", export, "--map", mapping, "--projects", d / "w" / "projects.csv",
                                      "--people", d / "w" / "people.csv", "--scenario", SCENARIO, "--trials", 200,
                                      "--out", d / "pack")]) == 0
    return d / "pack", openpyxl.load_workbook(d / "pack" / cli.PACK_NAME), gone


def cells(book, sheet: str) -> list[str]:
    return [v for r in book[sheet].iter_rows(values_only=True) for v in r if isinstance(v, str)]


def html_text(folder: Path) -> str:
    """summary.html's text, tags dropped and entities read."""
    return html.unescape(re.sub(r"<[^>]+>", "", (folder / "summary.html").read_text(encoding="utf-8")))


def headline(book) -> dict:
    rows = list(book["Summary"].iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[0] == "Measure")
    return {r[0]: r[1] for r in rows[start + 1:] if r[0] is not None and r[1] is not None}


def projects_sheet(book) -> pd.DataFrame:
    rows = list(book["Projects"].iter_rows(values_only=True))
    head = next(i for i, r in enumerate(rows) if r[0] == "Project")
    cols = [c for c in rows[head] if c is not None]
    return pd.DataFrame([r[:len(cols)] for r in rows[head + 1:] if r[0] is not None], columns=cols)


def test_a_project_without_points_on_its_open_work_is_said_to_have_no_story_point_estimate(tmp_path):
    export, mapping, gone = points_export(tmp_path)
    tasks = load_blanked(export, mapping)
    model = EstimationAccuracyModel(random_state=0).fit(tasks)
    with pytest.warns(DataQualityWarning) as said:
        fc = forecast_overruns(model, tasks, n_trials=50, random_state=0)
    assert fc.points and fc.without_estimates[S.PROJECT_ID].tolist() == [gone]
    assert (f"1 project has no story-point estimate on any open task ({gone}): left out of the effort "
            "forecast (OverrunForecast.without_estimates), since its hours would be made up; estimate its "
            "tasks, or forecast it from throughput (pmo_forecast.forecast_throughput)") in [
        str(w.message) for w in said]


def test_the_summary_names_the_projects_with_story_point_estimates(pack):
    # "the 2 open projects with hour estimates need 289 more hours; their open tasks are estimated in story
    # points" and "PRJ-08 compliance has no hour estimates": the pack had no hour estimate at all
    folder, book, gone = pack
    table = projects_sheet(book).set_index("Project")
    name = table.loc[gone, "Project name"]
    scope = "the 2 open projects with story-point estimates"
    kpis = headline(book)
    left = kpis[f"Effort still to spend, P80, {scope} (hours)"]
    assert f"Effort still to spend, P50, {scope} (hours)" in kpis
    points = table["Remaining estimate (story points)"].dropna().sum()
    said = (f"To be 80% sure, {scope} need {left:,.0f} more hours; their open tasks are estimated in story points "
            f"({points:,.0f} points), so there is no plan in hours to compare with. {name} has no story-point "
            "estimates and is not in these figures.")
    assert said in cells(book, "Summary")
    page = html_text(folder)
    assert said in page and f"Effort still to spend, P80, {scope} (hours)" in page


def test_the_sheets_say_story_point_estimates_and_show_no_contingency(pack):
    # the Projects sheet explained contingency_p80 ("hours to add to the plan") beside an empty column, and said
    # the throughput project has "no hour estimates"; so did the Summary, Assumptions and summary.html
    folder, book, gone = pack
    assert headline(book)["Projects forecast from throughput (no story-point estimates)"] == 1
    assert [c for c in cells(book, "Summary") if c.startswith("Totals over the open projects (")][0].startswith(
        "Totals over the open projects (effort still to spend, cost) are percentiles of their hours added up")
    note = cells(book, "Projects")[1]
    assert note.startswith(
        "Effort: total hours at completion (spent + simulated remaining work + scope growth). 1 project "
        "(Forecast method 'throughput: items finished per week') has no story-point estimates on its open work: its "
        "finish dates come from the project's own items finished per week over the last 26 weeks, resampled "
        "(Remaining items, Items per week; Items done by the due date, 80% sure: the number of items done by the due "
        "date in 80% of trials); it has no effort or budget figures.")
    assert "Contingency to be 80% sure (hours)" not in projects_sheet(book)
    assert not [c for c in cells(book, "Summary") if c.startswith("Contingency to be 80% sure")]
    said = {r[0]: r[1] for r in book["Assumptions"].iter_rows(values_only=True)}
    assert said["fallback: projects out of the effort totals"].startswith(
        f"1 project has no story-point estimate on any open task ({gone}): no effort forecast, so out of every "
        "effort and cost figure (Summary totals, roll-ups, key messages); its ")
    assert "Throughput forecast (projects without story-point estimates)" in html_text(folder)


def test_a_scenario_says_the_project_has_no_story_point_estimates(pack):
    _, book, gone = pack
    assert (f"{gone}: no story-point estimates on their open work, so in none of the scenario's figures (forecast "
            "from throughput on the Projects sheet)") in cells(book, "Scenarios")


def test_no_text_of_the_pack_speaks_of_hour_estimates(pack):
    folder, book, _ = pack
    text = [c for sheet in book.sheetnames for c in cells(book, sheet)] + [html_text(folder)]
    assert not [t for t in text if "hour estimate" in t]


def points_only_pack(folder: Path, *options, portfolios: bool = False):
    """The pack of an export estimated in story points with no time logged (init, then report with ``options``)."""
    export = write_tracker_export(folder / "jira.csv", "jira", estimates="points-only", n_projects=8,
                                  tasks_per_project=(25, 40))
    w = folder / "w"
    assert cli.main([str(a) for a in ("init", export, "--out", w)]) == 0
    projects = with_portfolios(w / "projects.csv") if portfolios else w / "projects.csv"
    assert cli.main([str(a) for a in ("report", export, "--map", w / "mapping.yaml", "--projects", projects,
                                      "--people", w / "people.csv", *options, "--trials", 200,
                                      "--out", folder / "pack")]) == 0
    return openpyxl.load_workbook(folder / "pack" / cli.PACK_NAME)


def test_story_points_without_time_logged_say_what_utilisation_and_scenarios_need(tmp_path):
    # "utilisation needs hour estimates" of an export estimated in story points: what it lacks is the time logged
    book = points_only_pack(tmp_path, "--scenario", SCENARIO)
    assert ("what one more PM or more time for approvals would change. Utilisation needs story-point estimates "
            "with time logged, and this export has none usable. Inputs: ") in cells(book, "Capacity")[1]
    said = {r[0]: r[1] for r in book["Assumptions"].iter_rows(values_only=True)}
    assert said["scenarios: not run"] == ("scenarios need an effort forecast (story-point estimates with time "
                                          "logged); not run")


def test_validate_says_no_task_has_a_story_point_estimate(tmp_path, capsys):
    # "No task has an hour estimate" of an export whose mapping reads its estimates as story points
    export = write_tracker_export(tmp_path / "jira.csv", "jira", estimates="points", n_projects=8,
                                  tasks_per_project=(25, 40))
    assert cli.main([str(a) for a in ("init", export, "--out", tmp_path / "w")]) == 0
    raw = pd.read_csv(export, dtype=str, keep_default_na=False)
    raw[POINTS] = ""
    raw.to_csv(export, index=False)
    capsys.readouterr()
    cli.main([str(a) for a in ("validate", export, "--map", tmp_path / "w" / "mapping.yaml")])
    assert capsys.readouterr().out.splitlines()[-1] == (
        "No task has a story-point estimate: the planning pack forecasts each project from its throughput (items "
        "finished per week), with no effort forecast.")


def test_the_overrun_warnings_give_story_point_estimates_in_points(tmp_path):
    # "estimate 2 h" and "the median of all estimates (1 h)" of tasks estimated in story points
    export, mapping, gone = points_export(tmp_path)
    tasks = load_blanked(export, mapping)
    model = EstimationAccuracyModel(random_state=0).fit(tasks)
    is_open = tasks[S.STATUS].isin(S.UNFINISHED_STATUSES)
    task = tasks[is_open & (tasks[S.PROJECT_ID] != gone) & (tasks[S.ESTIMATE] > 1)].iloc[0]
    tasks.loc[tasks[S.TASK_ID] == task[S.TASK_ID], S.ACTUAL] = 10_000.0  # booked far beyond any forecast
    with pytest.warns(DataQualityWarning) as said:
        forecast_overruns(model, tasks, n_trials=50, random_state=0)
    said = [str(w.message) for w in said]
    assert (f"1 open task has more hours booked than the accuracy model gives it at any level ("
            f"{task[S.TASK_ID]} (10000 h booked, estimate {task[S.ESTIMATE]:g} points)): forecast to need no more "
            "hours, so it counts as done on the forecast date; re-estimate what is left of it, or close "
            "it") in said
    assert tasks.loc[tasks[S.ESTIMATE] > 0, S.ESTIMATE].median() == 1  # one point, not "1 points"
    filled = [s for s in said if "no positive estimate (" in s]
    assert len(filled) == 1 and (f", or, in a project with none ({gone}), the median of all estimates (1 point) "
                                 "for the delivery plan only: the effort forecast leaves such projects out.") in filled[0]


def test_a_scenario_adds_a_project_with_its_story_points(tmp_path):
    # "added NEW like PMO-1 x1: 30 tasks, 45 h" of a project estimated in story points
    export, mapping, gone = points_export(tmp_path)
    tasks = load_blanked(export, mapping)
    projects, people = load_projects(tmp_path / "w" / "projects.csv"), load_people(tmp_path / "w" / "people.csv")
    like = next(p for p in projects[S.PROJECT_ID] if p != gone)
    as_of = tasks[S.CREATED].max()
    applied = apply_scenario(Scenario(name="more", add_projects=(NewProject("NEW", like, as_of),)), tasks,
                             projects, people, as_of=as_of)
    copied = applied.tasks.loc[applied.tasks[S.PROJECT_ID] == "NEW", S.ESTIMATE]
    assert (f"added NEW like {like} x1 from {as_of.date()}: {len(copied)} tasks, {copied.sum():,.0f} points, its "
            "initial scope (scope growth is forecast as for any project)") in applied.notes


def test_a_hire_takes_story_points(tmp_path):
    # "takes 7 unstarted tasks (17 h)" of work estimated in story points
    from pmo_forecast.scenarios.spec import Hire

    export, mapping, _ = points_export(tmp_path)
    tasks = load_blanked(export, mapping)
    projects, people = load_projects(tmp_path / "w" / "projects.csv"), load_people(tmp_path / "w" / "people.csv")
    as_of = tasks[S.CREATED].max()
    applied = apply_scenario(Scenario(name="hire", hires=(Hire("New Person", "dev", as_of),)), tasks, projects,
                             people, as_of=as_of)
    taken = applied.tasks.loc[applied.tasks[S.ASSIGNEE] == "New Person", S.ESTIMATE]
    assert (len(taken), taken.sum()) == (14, 35.0)
    assert "New Person: takes 14 unstarted tasks (35 points) from dev colleagues" in " ".join(applied.notes)


def with_portfolios(projects: Path) -> Path:
    """The projects table given a portfolio column (two portfolios), for the roll-ups."""
    table = pd.read_csv(projects, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    table["portfolio"] = ["North", "South"] * (len(table) // 2) + ["North"] * (len(table) % 2)
    table.to_csv(projects, index=False)
    return projects


def test_the_roll_up_says_the_project_left_out_has_no_story_point_estimates(tmp_path):
    # "(no hour estimates, forecast from throughput ...)" of a project without story points
    export, mapping, gone = points_export(tmp_path)
    w = tmp_path / "w"
    assert cli.main([str(a) for a in ("report", export, "--map", mapping, "--projects",
                                      with_portfolios(w / "projects.csv"), "--people", w / "people.csv", "--by",
                                      "portfolio", "--trials", 200, "--out", tmp_path / "pack")]) == 0
    book = openpyxl.load_workbook(tmp_path / "pack" / cli.PACK_NAME)
    assert any(f" Not in any group's projects, effort, cost or finish dates: {gone} (no story-point estimates, "
               "forecast from throughput on the Projects sheet); the status counts include them." in c
               for c in cells(book, "By portfolio"))


def test_no_roll_up_without_an_effort_forecast_says_story_point_estimates(tmp_path):
    # "this export has no effort forecast (no hour estimates)" of an export estimated in story points, then "(no
    # story-point estimates)" of one that has them: what it lacks is time logged on finished work
    book = points_only_pack(tmp_path, "--by", "portfolio", portfolios=True)
    said = {r[0]: r[1] for r in book["Assumptions"].iter_rows(values_only=True)}
    assert said["roll-ups: not shown"] == ("no page by portfolio: a roll-up adds up the projects' effort in each "
                                           "simulated future, and this export has no effort forecast (story-point "
                                           "estimates, but no finished task with time logged, which the accuracy "
                                           "model learns from: see 'fallback: forecast method')")
