"""Roll-up pages by PMO level as a PMO's own projects table has them: levels of its own, odd spellings."""

from __future__ import annotations

import re
import warnings

import numpy as np
import openpyxl
import pandas as pd
import pytest
from helpers import FEW_TRIALS
from scipy.stats import gmean

from pmo_forecast import DataQualityWarning, generate_sample
from pmo_forecast.core import schema as S
from pmo_forecast.core.exceptions import SettingsWarning
from pmo_forecast.reporting import export as X


@pytest.fixture(scope="module")
def org():
    """8 projects, 3 of them open (PRJ-06, PRJ-07, PRJ-08)."""
    return generate_sample(seed=7, n_projects=8)


def _pack(org, path, projects, by, tasks=None, **kw):
    tasks = org.tasks if tasks is None else tasks
    people, requests = org.people, org.requests
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=FEW_TRIALS, category=SettingsWarning)  # 200 trials, to be quick
        return X.export_planning_pack(path, tasks=tasks, projects=projects, people=people, requests=requests,
                                      n_trials=200, random_state=0, progress=False, by=by, **kw)


def test_a_level_of_ones_own_counts_each_groups_status(org, tmp_path):
    # a level beside the PMO's three (region): every project had been counted in "(none)", so its groups
    # showed 0 red, 0 amber, 0 green while the organisation's row counted them all
    projects = org.projects.assign(region=["East"] * 5 + ["North", "South", "North"])
    pack = _pack(org, tmp_path / "pack.xlsx", projects, "region")
    rag = pack.tables["projects"].set_index("project_id")["rag"]
    region = projects.set_index(S.PROJECT_ID)["region"]
    roll = pack.tables["rollup-region"]
    assert list(roll.index) == ["North", "South", "all"]
    for colour in ("red", "amber", "green"):
        want = {g: int((rag[region.reindex(rag.index) == g] == colour).sum()) for g in ("North", "South")}
        assert roll.loc[["North", "South"], f"{colour}_projects"].to_dict() == want
        assert roll[f"{colour}_projects"].drop("all").sum() == roll.loc["all", f"{colour}_projects"]
    # the listing names each project's group (the column was left out)
    listing = pack.tables["projects-region"]
    assert listing["region"].to_dict() == {"PRJ-06": "North", "PRJ-07": "South", "PRJ-08": "North"}


def test_a_level_of_ones_own_is_read_as_the_pmo_levels_are(org, tmp_path):
    # 'North' and 'north ' had been two groups, and a cell of spaces a group named '  ', where the loader
    # makes one group of business units spelt so and files the blank under (none), saying both
    projects = org.projects.assign(region=["East"] * 5 + ["North", "north ", "  "])
    pack = _pack(org, tmp_path / "pack.xlsx", projects, "region")
    roll = pack.tables["rollup-region"]
    assert roll["projects"].to_dict() == {"(none)": 1, "North": 2, "all": 3}
    assert sorted(pack.tables["trends-region"]["region"].unique()) == ["(none)", "East", "North"]
    said = pack.tables["settings"].set_index("setting")["value"]
    assert said["projects: level spellings"] == "region: 'north ' read as 'North'"
    assert said["projects: level placeholders"].startswith("region: 1 cell holding '  ' read as blank, in '(none)'")
    assert list(projects["region"].iloc[5:]) == ["North", "north ", "  "]  # the caller's table as it was


def test_a_roll_up_says_which_projects_have_no_budget_or_due_date(org, tmp_path):
    # Retail's chance that any of its projects is late read 0% with PRJ-08 undated, and its budget blank,
    # neither said: the note names them and what their groups' figures then are

    projects = org.projects.copy()
    projects.loc[projects[S.PROJECT_ID] == "PRJ-07", S.BUDGET] = np.nan
    projects.loc[projects[S.PROJECT_ID] == "PRJ-08", S.DUE] = pd.NaT
    pack = _pack(org, tmp_path / "pack.xlsx", projects, S.BUSINESS_UNIT)
    roll = pack.tables["rollup-business-unit"]
    assert roll.loc[["Retail", "all"], ["budget_hours", "prob_overrun"]].isna().all().all()
    late = pack.tables["projects"].set_index("project_id")["prob_late"]
    assert roll.loc["Retail", "prob_any_late"] == late["PRJ-07"]  # Retail: PRJ-07 and the undated PRJ-08
    ws = openpyxl.load_workbook(pack.path)["By business unit"]
    note = next(c.value for row in ws.iter_rows() for c in row if str(c.value).startswith("Summed trials"))
    assert note.endswith("Last row: the whole organisation. Without a budget: PRJ-07; the budget and the chance of "
                         "going over it are blank for their groups and the organisation (their effort has no budget "
                         "to be set against). Without a due date: PRJ-08; a group's chance of being late is that of "
                         "its projects with one (blank when none has).")


def test_a_group_of_projects_without_hour_estimates_keeps_its_status_counts(org, tmp_path):
    # PRJ-08 alone in "Solo" and without hour estimates: the group had no row, so its status was in the
    # organisation's counts (2 green) and in no group's (1 green)
    projects = org.projects.assign(business_unit=["A"] * 7 + ["Solo"])
    tasks = org.tasks.copy()
    tasks.loc[tasks[S.PROJECT_ID] == "PRJ-08", S.ESTIMATE] = np.nan
    with pytest.warns(DataQualityWarning, match=re.escape(
            "78 open tasks have no positive estimate (PRJ-08-2, PRJ-08-3, PRJ-08-5, PRJ-08-12, PRJ-08-14 and 73 more); "
            "their project's median estimate is used, or, in a project with none (PRJ-08), the median of all "
            "estimates (3 h) for the delivery plan only: the effort forecast leaves such projects out.")), \
            pytest.warns(DataQualityWarning, match="^" + re.escape(
                "1 project has no hour estimate on any open task (PRJ-08): left out of the effort forecast "
                "(OverrunForecast.without_estimates), since its hours would be made up; estimate its tasks, or "
                "forecast it from throughput (pmo_forecast.forecast_throughput)") + "$"):
        pack = _pack(org, tmp_path / "pack.xlsx", projects, S.BUSINESS_UNIT, tasks=tasks)
    roll = pack.tables["rollup-business-unit"]
    rag = pack.tables["projects"].set_index("project_id")["rag"]
    assert list(roll.index) == ["A", "Solo", "all"]
    assert roll["projects"].to_dict() == {"A": 2, "Solo": 0, "all": 2}  # in no group's effort
    assert np.isnan(roll.loc["Solo", "effort_p80_hours"])
    for colour in ("red", "amber", "green"):
        assert roll.loc["Solo", f"{colour}_projects"] == int(rag["PRJ-08"] == colour)
        assert roll[f"{colour}_projects"].drop("all").sum() == roll.loc["all", f"{colour}_projects"]


def test_a_level_of_codes_with_a_blank_is_named_as_written(org, tmp_path):
    # region codes 1, 2, 10 with a blank among them were read as numbers: groups "10.0" and "2.0"
    projects = org.projects.assign(region=[1, 1, 2, 2, 2, 10, np.nan, 2])
    pack = _pack(org, tmp_path / "pack.xlsx", projects, "region")
    assert list(pack.tables["rollup-region"].index) == ["(none)", "10", "2", "all"]
    assert sorted(pack.tables["trends-region"]["region"].unique()) == ["(none)", "1", "10", "2"]
    listing = pack.tables["projects-region"]["region"]
    # the blank named as the roll-up beside it names it (it was a blank, sorted after every group)
    assert listing.to_dict() == {"PRJ-07": "(none)", "PRJ-06": "10", "PRJ-08": "2"}
    assert list(listing.index) == ["PRJ-07", "PRJ-06", "PRJ-08"]  # in the roll-up's order of groups


def test_a_roll_up_by_a_number_or_date_column_is_refused_naming_it_in_words(org, tmp_path):
    # "the projects table's number column budget_hours": the code's name, not the column the file and pack show
    from pmo_forecast.inputs.companions import load_projects

    rest = ("; roll projects up by a column that groups them (portfolio, business unit, department, or one of "
            "your own)")
    for level, said in ((S.BUDGET, "numbers, not groups, in the projects table's column Budget (hours)"),
                        (S.DUE, "dates, not groups, in the projects table's column Due date")):
        with pytest.raises(ValueError) as raised:
            _pack(org, tmp_path / "pack.xlsx", org.projects, level)
        assert str(raised.value) == f"roll-up by {level}: the pack reads {said}{rest}"
    org.projects.rename(columns={S.BUDGET: "Budget (h)"}).to_csv(tmp_path / "projects.csv", index=False)
    projects = load_projects(tmp_path / "projects.csv")
    with pytest.raises(ValueError) as raised:
        _pack(org, tmp_path / "pack.xlsx", projects, "Budget Hours")
    assert str(raised.value) == ("roll-up by Budget Hours: the pack reads numbers, not groups, in the projects "
                                 f"table's column Budget (hours), headed 'Budget (h)'{rest}")
    with pytest.raises(ValueError) as raised:  # its examples as a reader writes them ("business_unit" had been)
        _pack(org, tmp_path / "pack.xlsx", projects, S.PROJECT_ID)
    assert str(raised.value) == ("roll-up by project_id: projects are the rows of the Projects sheet already; roll "
                                 "them up by a column that groups them (portfolio, business unit, department)")
    assert not (tmp_path / "pack.xlsx").exists()


def test_a_roll_up_by_a_column_the_pack_reads_leaves_that_column_as_it_is(org, tmp_path):
    # fuzz (pack): --by budget_hours (or due) rewrote the projects table's column as text for the roll-up's
    # spellings, and the run stopped with an internal "TypeError: boolean value of NA is ambiguous" (refused now,
    # test_a_roll_up_by_a_number_or_date_column_is_refused_naming_it_in_words);
    # --by manager rewrote the managers' names the PM-load table and the validation read
    # a name the people table spells otherwise is that person, in the roll-up as in the PM load (one rule, said);
    # the caller's table as it was
    projects = org.projects.copy()
    first = projects.loc[projects[S.PROJECT_ID] == "PRJ-06", S.MANAGER].iloc[0]
    projects.loc[projects[S.PROJECT_ID] == "PRJ-08", S.MANAGER] = first.upper()
    pack = _pack(org, tmp_path / "pack.xlsx", projects, S.MANAGER)
    assert pack.tables["projects"].set_index(S.PROJECT_ID).loc[["PRJ-06", "PRJ-08"], S.MANAGER].tolist() == [first] * 2
    assert first.upper() not in set(pack.tables["rollup-manager"].index)
    assert pack.tables["rollup-manager"].loc[first, "projects"] == 2
    said = pack.tables["settings"].set_index("setting")["value"]
    assert said["projects: manager spellings"] == (
        f"managers spelt otherwise than the people table, read as the person it names: {first.upper()!r} as {first!r}")
    assert projects.loc[projects[S.PROJECT_ID] == "PRJ-08", S.MANAGER].item() == first.upper()
    # names the people table does not have: kept apart as written, and said (validation reads the two as one)
    projects = _spelt_alike(org.projects, {"PRJ-06": "Yan Li", "PRJ-08": "YAN LI"})
    pack = _pack(org, tmp_path / "pack2.xlsx", projects, S.MANAGER)
    shown = pack.tables["projects"].set_index(S.PROJECT_ID)
    managers = projects.set_index(S.PROJECT_ID)[S.MANAGER]
    assert shown[S.MANAGER].to_dict() == managers.reindex(shown.index).to_dict()  # as written, not re-spelt
    assert {"Yan Li", "YAN LI"} <= set(pack.tables["rollup-manager"].index)
    ws = openpyxl.load_workbook(pack.path)["By manager"]
    note = next(c.value for row in ws.iter_rows() for c in row if str(c.value).startswith("Summed trials"))
    assert note.endswith(" Spelt alike, grouped apart as the projects table writes its manager: 'YAN LI' and "
                         "'Yan Li'; write each one way to group them once.")


def _spelt_alike(projects, managers: dict) -> pd.DataFrame:
    """``projects`` with the ``managers`` given by project id: names the people table does not have, so the
    roll-up keeps them as written (a name it has is read as that person)."""
    out = projects.copy()
    for project, name in managers.items():
        out.loc[out[S.PROJECT_ID] == project, S.MANAGER] = name
    return out


def test_a_level_the_tasks_also_have_is_the_projects_in_the_years_table_too(org, tmp_path):
    # fuzz (trends): the task export had a department column of its own (the assignee's): the roll-up grouped
    # by the projects' departments and the "Delivery per year" table beside it by the tasks', every project
    # counted under both of its tasks' departments, unsaid
    tasks = org.tasks.assign(**{S.DEPARTMENT: np.where(np.arange(len(org.tasks)) % 2, "Design", "Engineering")})
    pack = _pack(org, tmp_path / "pack.xlsx", org.projects, S.DEPARTMENT, tasks=tasks)
    years = pack.tables["trends-department"]
    groups = set(S.group_labels(org.projects[S.DEPARTMENT], S.DEPARTMENT))
    assert set(years[S.DEPARTMENT]) == groups
    whole = org.projects.set_index(S.PROJECT_ID)[S.STATUS].eq("closed").sum()
    assert years["projects_completed"].sum() == whole


def test_a_level_pages_years_show_the_task_bias_as_the_summary_does(org, tmp_path):
    # the "Delivery per year" table showed the task bias as a mean log ratio (0.05) under "Task bias, mean
    # log(actual / estimate)", where the Summary says the same measure as +6%: over or under the estimate, in percent
    pack = _pack(org, tmp_path / "pack.xlsx", org.projects, S.PORTFOLIO)
    years = pack.tables["trends-portfolio"]
    t = org.tasks[(org.tasks[S.STATUS] == S.DONE) & (org.tasks[S.ESTIMATE] > 0) & (org.tasks[S.ACTUAL] > 0)]
    t = t[t[S.FINISHED].notna()]
    level = t[S.PROJECT_ID].map(org.projects.set_index(S.PROJECT_ID)[S.PORTFOLIO])
    ratio = t[S.ACTUAL] / t[S.ESTIMATE]
    want = ratio.groupby([t[S.FINISHED].dt.year, level]).apply(lambda r: gmean(r) - 1)  # known answer, by hand
    got = years.assign(year=years["period"].str[:4].astype(int)).set_index(["year", S.PORTFOLIO])["task_bias_pct"]
    assert "task_bias" not in years and len(want) > 2
    pd.testing.assert_series_equal(got.dropna().sort_index(), want.sort_index(), check_names=False, rtol=1e-12,
                                   check_index_type=False)
    ws = openpyxl.load_workbook(pack.path)["By portfolio"]
    cells = {c.value: c for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    head = cells["Task bias (+ over, - under estimate)"]
    first = ws.cell(head.row + 1, head.column)
    assert first.number_format == "+0%;-0%;0%" and first.value == pytest.approx(years["task_bias_pct"].iat[0])


def test_no_roll_up_for_too_little_history_says_so_not_that_there_are_no_estimates(org, tmp_path):
    # fuzz (trends): every task estimated in hours, but only 4 finished: the accuracy model could not be fitted,
    # and the Assumptions said the roll-ups were not shown for "no hour estimates"
    tasks = org.tasks.copy()
    done = tasks.index[tasks[S.STATUS] == S.DONE]
    tasks.loc[done[4:], S.ACTUAL] = np.nan
    pack = _pack(org, tmp_path / "pack.xlsx", org.projects, S.BUSINESS_UNIT, tasks=tasks)
    said = pack.tables["committee-settings"].set_index("setting")["value"]
    assert said["roll-ups: not shown"] == (
        "no page by business_unit: a roll-up adds up the projects' effort in each simulated future, and this export "
        "has no effort forecast (only 4 finished tasks with an estimate and an actual, too few for the accuracy "
        "model: see 'fallback: forecast method')")


def _notes(pack, sheet):
    ws = openpyxl.load_workbook(pack.path)[sheet]
    cells = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    return (next(c for c in cells if c.startswith("Summed trials")),
            next(c for c in cells if c.startswith("Projects count in the year")))


def test_the_level_pages_years_say_their_own_notes_once(org, tmp_path):
    # the "Delivery per year" table under a roll-up dropped its trends' warnings: two closed projects' managers
    # spelt alike ('Ann Lee', 'ann lee') were two groups there, unsaid (the roll-up, of open projects, has neither)
    projects = _spelt_alike(org.projects, {"PRJ-01": "Zoe Park", "PRJ-02": "zoe park"})
    pack = _pack(org, tmp_path / "pack.xlsx", projects, S.MANAGER)
    roll, years = _notes(pack, "By manager")
    assert years == ("Projects count in the year they were completed; task bias: actual hours over (+) or under (-) the "
                     "estimates on average (the geometric mean of actual / estimate, less 1). Notes: "
                     "Spelt alike, grouped apart as the projects table writes its manager: 'Zoe Park' and 'zoe park'; "
                     "write each one way to group them once.")
    assert "Spelt alike" not in roll
    # the same words as the roll-up's above it (two open projects' managers): said once on the page, by the roll-up
    projects = _spelt_alike(org.projects, {"PRJ-06": "Yan Li", "PRJ-08": "YAN LI"})
    pack = _pack(org, tmp_path / "pack2.xlsx", projects, S.MANAGER)
    roll, years = _notes(pack, "By manager")
    assert roll.endswith(" Spelt alike, grouped apart as the projects table writes its manager: 'YAN LI' and "
                         "'Yan Li'; write each one way to group them once.")
    assert years == ("Projects count in the year they were completed; task bias: actual hours over (+) or under (-) "
                     "the estimates on average (the geometric mean of actual / estimate, less 1).")


def test_a_level_named_as_a_task_column_the_trends_read_has_its_years_table(org, tmp_path):
    # a roll-up by the projects' status: the years table dropped the tasks' status column (to group by the
    # project's) and so the trends' own, and the table was left out without a word
    projects = org.projects
    pack = _pack(org, tmp_path / "pack.xlsx", projects, S.STATUS)
    years = pack.tables["trends-status"]
    assert list(years.columns[:3]) == ["period", S.STATUS, "projects_completed"]
    assert set(years[S.STATUS]) == set(projects[S.STATUS])
    # every closed project counted once, under its own status, in the year it was completed
    closed = int(projects[S.STATUS].eq("closed").sum())
    assert closed > 0
    assert years.groupby(S.STATUS)["projects_completed"].sum().to_dict() == {
        s: (closed if s == "closed" else 0) for s in set(projects[S.STATUS])}


def test_a_level_page_without_its_years_table_says_why(org, tmp_path, monkeypatch):
    # the years table was dropped on any ValueError of its trends, unsaid on the page and in Assumptions
    from pmo_forecast.reporting import trends as T

    real = T.kpi_trends

    def refusing(*args, by=None, **kw):
        if by is not None:
            raise ValueError(f"by={by!r}: refused")
        return real(*args, by=by, **kw)

    monkeypatch.setattr(T, "kpi_trends", refusing)
    pack = _pack(org, tmp_path / "pack.xlsx", org.projects, S.BUSINESS_UNIT)
    assert "trends-business-unit" not in pack.tables
    ws = openpyxl.load_workbook(pack.path)["By business unit"]
    cells = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert "No delivery per year by business unit: by='business_unit': refused." in cells
    said = pack.tables["committee-settings"].set_index("setting")["value"]
    assert said["roll-ups: not shown (By business unit)"] == (
        "No delivery per year by business unit: by='business_unit': refused")


def test_what_only_the_level_pages_say_reaches_assumptions_once_each(org, tmp_path):
    # the level pages' own notes (a closed project's manager spelt alike, an open one without a budget) were
    # under their tables only: a reader of Assumptions, where every other caveat is, did not see them
    projects = _spelt_alike(org.projects, {"PRJ-01": "Zoe Park", "PRJ-02": "zoe park"})
    projects.loc[projects[S.PROJECT_ID] == "PRJ-07", S.BUDGET] = np.nan
    pack = _pack(org, tmp_path / "pack.xlsx", projects, [S.BUSINESS_UNIT, S.MANAGER])
    rows = pack.tables["committee-settings"]
    said = rows[rows["setting"].str.startswith("roll-ups:")].to_numpy().tolist()
    assert said == [
        ["roll-ups: note (By business unit, By manager)",
         "Without a budget: PRJ-07; the budget and the chance of going over it are blank for their groups and the "
         "organisation (their effort has no budget to be set against)."],
        ["roll-ups: note (By manager)", "Spelt alike, grouped apart as the projects table writes its manager: "
                                        "'Zoe Park' and 'zoe park'; write each one way to group them once"]]


def test_a_level_page_names_each_pair_spelt_alike_once(org, tmp_path):
    # an open project's manager spelt alike (the roll-up's pair) and a closed one's (the years table's only):
    # the years table's sentence named both pairs, differing from the roll-up's, so the open pair was said twice
    projects = _spelt_alike(org.projects, {"PRJ-01": "Zoe Park", "PRJ-02": "zoe park", "PRJ-06": "Yan Li",
                                           "PRJ-08": "YAN LI"})
    pack = _pack(org, tmp_path / "pack.xlsx", projects, S.MANAGER)
    roll, years = _notes(pack, "By manager")
    assert roll.endswith(" Spelt alike, grouped apart as the projects table writes its manager: 'YAN LI' and "
                         "'Yan Li'; write each one way to group them once.")
    assert years == ("Projects count in the year they were completed; task bias: actual hours over (+) or under (-) the "
                     "estimates on average (the geometric mean of actual / estimate, less 1). Notes: "
                     "Spelt alike, grouped apart as the projects table writes its manager: 'Zoe Park' and 'zoe park'; "
                     "write each one way to group them once.")
    rows = pack.tables["committee-settings"]
    assert rows.loc[rows["setting"] == "roll-ups: note (By manager)", "value"].tolist() == [
        "Spelt alike, grouped apart as the projects table writes its manager: 'YAN LI' and 'Yan Li'; write each "
        "one way to group them once",
        "Spelt alike, grouped apart as the projects table writes its manager: 'Zoe Park' and 'zoe park'; write each one "
        "way to group them once"]


def test_a_roll_up_not_a_column_says_the_groupings_there_are_in_words(org, tmp_path):
    # "roll-up by region: the projects table has no such column (closest: none)" said nothing of the columns that
    # group the projects, and a number or a list of them stopped on Python's TypeError or AttributeError
    from pmo_forecast.reporting.committee_options import committee_options

    for by, said in ((5, "the number 5"), ([S.PORTFOLIO, 5], "a list ('portfolio', 5)")):
        with pytest.raises(ValueError) as raised:
            committee_options(by=by)
        assert str(raised.value) == ("by must name a column of the projects table to roll the projects up by "
                                     "(portfolio, business unit, department, or one of your own), or a list of "
                                     f"them, got {said}")
    with pytest.raises(ValueError) as raised:
        _pack(org, tmp_path / "pack.xlsx", org.projects, "portfolios")
    assert str(raised.value) == (
        "by must name a column of the projects table that groups the projects (closest spelling: 'portfolio'; "
        "the table's: 'manager', 'project_type', 'status', 'name', 'portfolio', 'business_unit', 'department'; or add "
        "the column), got 'portfolios'")
    with pytest.raises(ValueError) as raised:
        X.validate_inputs(org.tasks, by="region")
    # the spelling given said once (it had been "closest to 'portfolios': ..., got 'portfolios'"), and no option in
    # two spellings ("projects=, on the command line --projects")
    assert str(raised.value) == ("by must name a column of the projects table, got 'region', and no projects table "
                                 "was given")
    assert not (tmp_path / "pack.xlsx").exists()
