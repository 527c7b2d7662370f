"""The people and projects tables' usual headers of weekly hours and budgets: read in their unit (FTE, days)
and said, or said as not read; never dropped unsaid (fuzz round: capacity and budget columns ignored)."""

import re
import warnings

import pandas as pd
import pytest
from helpers import FEW_TRIALS, pack_settings

import pmo_forecast as pf
from pmo_forecast.core import schema as S
from pmo_forecast.core.exceptions import SettingsWarning
from pmo_forecast.inputs.companions import load_people, load_projects


def _csv(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _assumptions(tmp_path, more_tasks="", **tables):
    tasks = ("task_id,project_id,assignee,estimate_hours,actual_hours,created,started,finished,status\n"
             + "".join(f"T{i},P1,Ana,8,{8 + i % 3},2024-01-{i + 1:02d},2024-01-{i + 1:02d},2024-01-{i + 2:02d},done\n"
                       for i in range(12))
             + "T20,P1,Ana,16,,2024-01-20,2024-01-20,,in_progress\nT21,P1,Bo,24,,2024-01-20,,,open\n" + more_tasks)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=FEW_TRIALS, category=SettingsWarning)  # 200 trials, to be quick
        t = pf.load_tasks(_csv(tmp_path, "tasks.csv", tasks))
        pack = pf.export_planning_pack(tmp_path / "out" / "pack.xlsx", tasks=t, n_trials=200, progress=False,
                                       **tables)
    # the Assumptions sheet's notes are its "Model settings" block, written beside the workbook as pack-settings.csv
    return pack_settings(pack)


@pytest.mark.parametrize("header", ["Capacity (h/week)", "Capacity", "Weekly capacity", "Hours per week",
                                    "Capacity (hours/week)"])
def test_weekly_capacity_headers_are_read_as_hours_per_week(tmp_path, header):
    people = load_people(_csv(tmp_path, "people.csv", f"Person,Role,{header}\nAna,dev,32\nBo,pm,20\n"))
    assert people[S.HOURS_PER_WEEK].tolist() == [32.0, 20.0]
    assert header not in people.columns


def test_fte_is_read_as_a_share_of_the_full_time_week_and_said(tmp_path):
    people = load_people(_csv(tmp_path, "people.csv", "Person,Role,FTE\nAna,dev,1\nBo,pm,0.5\nCy,dev,80%\n"))
    assert people[S.HOURS_PER_WEEK].tolist() == [40.0, 20.0, 32.0]
    assert people.attrs["detected"]["units"][S.HOURS_PER_WEEK] == \
        "FTE (column 'FTE', times a full-time week of 40 h: 1 is 40 h, 0.5 is 20 h)"


def test_hours_written_under_fte_are_refused(tmp_path):
    with pytest.raises(pf.SchemaError, match=r"^\S*people.csv: column 'FTE' has 40 on line 2: an FTE is a share "
                                             r"of a full-time week \(1 is 40 h, 0.5 is 20 h\)\. Write FTE in "
                                             r"every cell, or head the column 'Hours per week' if it holds hours\.$"):
        load_people(_csv(tmp_path, "people.csv", "Person,Role,FTE\nAna,dev,40\nBo,pm,0.5\n"))


@pytest.mark.parametrize("header", ["FTE (%)", "FTE %"])
def test_fte_in_percent_under_a_percent_header_is_read_as_percent(tmp_path, header):
    # HR exports write 'FTE (%)' as 50 and 100: it was refused as 'hours written under FTE', while
    # 'Availability (%)' read 50 as 0.5
    people = load_people(_csv(tmp_path, "people.csv", f"Person,Role,{header}\nAna,dev,100\nBo,pm,50\nCy,dev,80%\n"))
    assert people[S.HOURS_PER_WEEK].tolist() == [40.0, 20.0, 32.0]
    assert people.attrs["detected"]["units"][S.HOURS_PER_WEEK] == \
        f"FTE (column '{header}', percent of a full-time week of 40 h: 100 is 40 h, 50 is 20 h)"
    shares = load_people(_csv(tmp_path, "shares.csv", f"Person,Role,{header}\nAna,dev,1\nBo,pm,0.5\n"))
    assert shares[S.HOURS_PER_WEEK].tolist() == [40.0, 20.0]  # Excel keeps a cell shown as 50% as 0.5
    with pytest.raises(pf.SchemaError, match=re.escape(
            f"people.csv: column '{header}' mixes percentages (line 2) with shares of 0 to 1 (line 3); write "
            "them all one way (50 or 50%, or 0.5).")):
        load_people(_csv(tmp_path, "people.csv", f"Person,Role,{header}\nAna,dev,100\nBo,pm,0.5\n"))


def test_fte_percentages_with_decimal_commas_are_read(tmp_path):
    # a semicolon file with decimal commas: '12,5%' became '0.125' beside the file's '0,75', refused as
    # "mixes number styles: '0.5' needs a decimal point and '0,125' a decimal comma", numbers no one wrote
    people = load_people(_csv(tmp_path, "people.csv", "Person;Role;FTE\nAna;dev;12,5%\nBo;pm;50%\nCy;dev;0,75\n"))
    assert people[S.HOURS_PER_WEEK].tolist() == [5.0, 20.0, 30.0]
    percent = load_people(_csv(tmp_path, "percent.csv", "Person;Role;FTE (%)\nAna;dev;12,5\nBo;pm;100\n"))
    assert percent[S.HOURS_PER_WEEK].tolist() == [5.0, 40.0]


def test_fte_reaches_the_pack_assumptions(tmp_path):
    rows = _assumptions(tmp_path, people=_csv(tmp_path, "people.csv", "Person,Role,FTE\nAna,dev,1\nBo,dev,0.5\n"))
    assert rows["people: hours per week unit"] == \
        "FTE (column 'FTE', times a full-time week of 40 h: 1 is 40 h, 0.5 is 20 h)"
    assert "people: hours per week assumed" not in rows.index  # everyone has hours: no default of 40 h


def test_a_people_tables_no_date_end_reaches_the_pack_assumptions(tmp_path):
    # an open-ended contract written as SAP writes it, read as no end: said beside the tables' other readings
    rows = _assumptions(tmp_path, people=_csv(tmp_path, "people.csv",
                                              "Person,Role,End date\nAna,dev,9999-12-31\nBo,dev,2024-06-30\n"))
    assert rows["people: end date out of range"] == ("1 cell holding '9999-12-31' read as blank (line 2): outside the years 1678 "
                                         "to 2261, as systems write 'no date'")


@pytest.mark.parametrize("header", ["Budget (days)", "Budget (d)", "Budget days", "Budget (person-days)"])
def test_a_budget_in_days_is_read_as_hours_at_8_h_a_day_and_said(tmp_path, header):
    projects = load_projects(_csv(tmp_path, "projects.csv", f"Project,{header}\nP1,10\nP2,2.5\n"))
    assert projects[S.BUDGET].tolist() == [80.0, 20.0]
    assert projects.attrs["detected"]["units"][S.BUDGET] == f"days (column '{header}', times 8 h a day)"


@pytest.mark.parametrize("name", ["projects.csv", "projects.xlsx"])
def test_a_budget_in_days_beside_a_blank_budget_hours_column_is_read(tmp_path, name):
    # init's projects.csv for story points leaves budget_hours blank; a 'Budget (days)' filled in beside it was
    # said as not read ("keep one of the two columns") and every budget was lost
    frame = pd.DataFrame({"project_id": ["P1", "P2"], "budget_hours": [None, None], "Budget (days)": [12.5, None]})
    path = tmp_path / name
    frame.to_csv(path, index=False) if name.endswith(".csv") else frame.to_excel(path, index=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing said as not read
        projects = load_projects(path)
    assert projects[S.BUDGET].tolist()[0] == 100.0 and pd.isna(projects[S.BUDGET].tolist()[1])
    assert projects.attrs["detected"]["units"][S.BUDGET] == ("days (column 'Budget (days)', times 8 h a day; the "
                                                            "column 'budget_hours' beside it is blank in every row)")
    both_blank = load_projects(_csv(tmp_path, "blank.csv", "project_id,budget_hours,Budget (days)\nP1,,\n"))
    assert both_blank.attrs["detected"]["units"] == {S.BUDGET: "hours"}  # nothing to switch to


@pytest.mark.parametrize("header", ["Budget (€)", "Budget (EUR)", "Cost budget", "Budget ($)"])
def test_a_money_budget_is_not_read_as_hours_and_said(tmp_path, header):
    note = (f"'{header}' not read: money, while budget_hours is budgeted effort (give it in hours, 'Budget (h)', "
            "or days, 'Budget (days)')")
    with pytest.warns(pf.DataQualityWarning, match=f"projects.csv: {re.escape(note)}$"):
        projects = load_projects(_csv(tmp_path, "projects.csv", f"Project,{header}\nP1,25000\n"))
    assert projects[S.BUDGET].isna().all()
    assert projects.attrs["detected"]["columns_not_read"] == note


def test_budget_days_and_a_money_budget_reach_the_pack_assumptions(tmp_path):
    projects = _csv(tmp_path, "projects.csv", "Project,Budget (days),Budget (EUR)\nP1,30,25000\n")
    note = ("'Budget (EUR)' not read: money, while budget_hours is budgeted effort (give it in hours, 'Budget (h)', "
            "or days, 'Budget (days)')")
    with pytest.warns(pf.DataQualityWarning, match=f"{re.escape(str(projects))}: {re.escape(note)}$"):
        rows = _assumptions(tmp_path, projects=projects)
    assert pd.read_csv(tmp_path / "out" / "pack-projects.csv")[S.BUDGET].tolist() == [240]
    assert rows["projects: budget (hours) unit"] == "days (column 'Budget (days)', times 8 h a day)"
    assert rows["projects: columns not read"] == note


def test_a_header_spelt_with_other_punctuation_is_said_as_not_read(tmp_path):
    note = "'Start-date.' (spelt like start) not read: head it 'start' to read it"
    with pytest.warns(pf.DataQualityWarning, match=f"people.csv: {re.escape(note)}$"):
        people = load_people(_csv(tmp_path, "people.csv", "Person,Role,Start-date.\nAna,dev,2024-05-01\n"))
    assert people.attrs["detected"]["columns_not_read"] == note
    note = "'Due-date.' (spelt like due), 'Budget.' (spelt like budget_hours) not read: head them 'due', " \
           "'budget_hours' to read them"
    with pytest.warns(pf.DataQualityWarning, match=f"projects.csv: {re.escape(note)}$"):
        projects = load_projects(_csv(tmp_path, "projects.csv", "Project,Due-date.,Budget.\nP1,2024-05-01,40\n"))
    assert projects.attrs["detected"]["columns_not_read"] == note


def test_another_unit_agreeing_beside_the_column_read_is_said_to_agree_in_the_assumptions(tmp_path):
    # 'FTE' giving the same hours as 'Hours per week' was said as not read ("keep one of the two columns"), where
    # beside 'Availability (h/week)' an agreeing column is said to agree
    people = _csv(tmp_path, "people.csv", "Person,Role,Hours per week,FTE\nAna,dev,32,0.8\nBo,dev,40,1\n")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing said as not read
        assert load_people(people)[S.HOURS_PER_WEEK].tolist() == [32.0, 40.0]
    rows = _assumptions(tmp_path, people=people)
    assert rows["people: hours per week unit"] == ("hours (column 'Hours per week'; 'FTE' beside it gives the same "
                                                   "hours on every row)")
    assert "people: columns not read" not in rows


@pytest.mark.parametrize("week", ["Hours per week", "Availability (h/week)"])
@pytest.mark.parametrize(("others", "cells"), [
    ("FTE", ("0.8", "1")), ("Capacity (days)", ("4", "5")), ("Hours per day", ("6.4", "8")),
    ("FTE,Capacity (days)", ("0.8,4", "1,5"))])
def test_columns_agreeing_beside_the_week_are_said_alike_whichever_header_it_is_read_from(tmp_path, week, others,
                                                                                          cells):
    # beside 'Hours per week' they were said as not read, beside 'Availability (h/week)' to agree (an FTE not read
    # there either): one situation, two wordings
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing said as not read
        people = load_people(_csv(tmp_path, "people.csv", f"Person,{week},{others}\nAna,32,{cells[0]}\n"
                                                          f"Bo,40,{cells[1]}\n"))
    assert people[S.HOURS_PER_WEEK].tolist() == [32.0, 40.0]
    said = " and ".join(f"'{h}'" for h in sorted(others.split(","), key=lambda h: h != "Capacity (days)"))
    assert people.attrs["detected"]["units"][S.HOURS_PER_WEEK] == (
        f"hours (column '{week}'; {said} beside it {'give' if ',' in others else 'gives'} the same hours on every "
        "row)")


@pytest.mark.parametrize(("header", "cells", "unit"), [
    ("Availability (h/week)", ("32", "20"), "hours (column 'Availability (h/week)')"),
    ("Capacity (days)", ("4", "2.5"), "days (column 'Capacity (days)', times 8 h a day)")])
@pytest.mark.parametrize("fte_first", [True, False])
def test_hours_or_days_a_week_win_over_fte_whatever_the_columns_order(tmp_path, header, cells, unit, fte_first):
    # 'FTE' first read the FTE (40 h, 20 h), 'Availability (h/week)' first the hours: the order of the columns decided
    first, second = ("FTE", header) if fte_first else (header, "FTE")
    value = {"FTE": ("1", "0.5"), header: cells}
    path = _csv(tmp_path, "people.csv", f"Person,Role,{first},{second}\nAna,dev,{value[first][0]},{value[second][0]}\n"
                                        f"Bo,dev,{value[first][1]},{value[second][1]}\n")
    with pytest.warns(pf.DataQualityWarning, match="'FTE' .*not read"):
        people = load_people(path)
    assert people[S.HOURS_PER_WEEK].tolist() == [32.0, 20.0]
    detected = people.attrs["detected"]
    assert detected["units"][S.HOURS_PER_WEEK] == unit
    assert detected["columns_not_read"] == (f"'FTE' (hours_per_week in FTE; hours_per_week is read from '{header}') "
                                            "not read: keep one of the two columns")


@pytest.mark.parametrize("fte_first", [True, False])
def test_fte_is_read_beside_hours_a_week_blank_in_every_row_whatever_the_columns_order(tmp_path, fte_first):
    # 'Availability (h/week)' blank in every row and first had been read: everyone's hours a week lost
    header = "FTE,Availability (h/week)" if fte_first else "Availability (h/week),FTE"
    ana, bo = ("1,", "0.5,") if fte_first else (",1", ",0.5")
    people = load_people(_csv(tmp_path, "people.csv", f"Person,Role,{header}\nAna,dev,{ana}\nBo,dev,{bo}\n"))
    assert people[S.HOURS_PER_WEEK].tolist() == [40.0, 20.0]
    assert people.attrs["detected"]["units"][S.HOURS_PER_WEEK].startswith("FTE (column 'FTE'")


@pytest.mark.parametrize(("first", "second", "cells", "unit"), [
    ("Availability (h/week)", "Capacity (days)", (("32", "4"), ("20", "2.5")),
     "hours (column 'Availability (h/week)'; 'Capacity (days)' beside it gives the same hours on every row)"),
    ("Capacity (days)", "Hours per day", (("4", "6.4"), ("2.5", "4")),
     "days (column 'Capacity (days)', times 8 h a day; 'Hours per day' beside it gives the same hours on every row)")])
@pytest.mark.parametrize("swap", [False, True])
def test_two_other_units_that_agree_are_read_whatever_the_columns_order(tmp_path, first, second, cells, unit, swap):
    # the first of the two had been read, the second said as not read: the columns' order decided
    (ana, bo), header = cells, f"{first},{second}"
    if swap:
        ana, bo, header = ana[::-1], bo[::-1], f"{second},{first}"
    people = load_people(_csv(tmp_path, "people.csv", f"Person,Role,{header}\nAna,dev,{','.join(ana)}\n"
                                                      f"Bo,dev,{','.join(bo)}\n"))
    assert people[S.HOURS_PER_WEEK].tolist() == [32.0, 20.0]
    detected = people.attrs["detected"]
    assert detected["units"][S.HOURS_PER_WEEK] == unit
    assert "columns_not_read" not in detected


@pytest.mark.parametrize("swap", [False, True])
def test_days_that_differ_from_the_hours_are_read_alike_whatever_the_columns_order(tmp_path, swap):
    # 'Availability (h/week)' first read 30 h for Bo, 'Capacity (days)' first 20 h; then both were refused. Days
    # are hours at the 8 h day the loader assumes: the hours are read whatever the order, the days said as not read
    # where they differ, as beside 'Hours per week'
    header, rows = "Availability (h/week),Capacity (days)", (("32", "4"), ("30", "2.5"), ("", "3"), ("8", "1"))
    if swap:
        header, rows = "Capacity (days),Availability (h/week)", [r[::-1] for r in rows]
    path = _csv(tmp_path, "people.csv", f"Person,Role,{header}\n" + "".join(
        f"{name},dev,{','.join(row)}\n" for name, row in zip(("Ana", "Bo", "Cy", "Di"), rows, strict=True)))
    note = ("'Capacity (days)' not read where 'Availability (h/week)' gives other hours a week: Bo (30 h against 2.5 "
            "days, 20 h) (line 3); the hours a week are read")
    with pytest.warns(pf.DataQualityWarning, match=f"people.csv: {re.escape(note)}$"):
        people = load_people(path)
    assert people[S.HOURS_PER_WEEK].tolist() == [32.0, 30.0, 24.0, 8.0]  # Cy's blank week filled from his 3 days


def test_an_alias_beside_the_name_and_other_columns_are_not_said(tmp_path):
    # a canonical name wins over an alias (README), and columns spelling no column are simply kept
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        projects = load_projects(_csv(tmp_path, "projects.csv", "Project,Due,Due date,Sponsor\n"
                                                                "P1,2024-05-01,2024-05-02,Kim\n"))
    assert projects[S.DUE].tolist() == [pd.Timestamp("2024-05-01")]
    assert "columns_not_read" not in projects.attrs["detected"]


def test_shares_under_a_capacity_header_are_refused_not_read_as_hours(tmp_path):
    # "Capacity" 0.8 for everyone had read as 0.8 h a week: every finish date years late, unsaid
    path = _csv(tmp_path, "people.csv", "person,role,Capacity\nAnn,dev,0.8\nBob,pm,1\n")
    with pytest.raises(pf.SchemaError, match=re.escape(
            f"{path}: column 'Capacity' is read as hours a week, but no one has more than 1.5 (0.8, 1): shares of "
            "a full-time week? Head the column 'FTE' (1 is 40 h a week) or 'Availability' (a share of each "
            "person's hours a week), or write hours a week (32).")):
        load_people(path)
    hours = _csv(tmp_path, "hours.csv", "person,role,Capacity\nAnn,dev,0.8\nBob,pm,40\n")
    assert load_people(hours)[S.HOURS_PER_WEEK].tolist() == [0.8, 40.0]  # one small week among hours: as written
    fte = _csv(tmp_path, "fte.csv", "person,role,FTE\nAnn,dev,0.8\nBob,pm,1\n")
    assert load_people(fte)[S.HOURS_PER_WEEK].tolist() == [32.0, 40.0]


def test_shares_and_percentages_with_decimal_commas_are_read_as_numbers(tmp_path):
    # a decimal-comma people file: '0,5' was no number to the shares check (bare pd.to_numeric) and was
    # refused as "less than an hour a week" duration text; under 'Availability (%)', '80' beside '0,5' was
    # read as 80% and 50%, where '80' beside '0.5' is refused (one of them is a slip)
    path = _csv(tmp_path, "people.csv", "Person;Role;Capacity\nAnn;dev;0,5\nBob;pm;1,0\n")
    with pytest.raises(pf.SchemaError, match=re.escape(
            f"{path}: column 'Capacity' is read as hours a week, but no one has more than 1.5 (0.5, 1): shares of "
            "a full-time week?")):
        load_people(path)
    hours = _csv(tmp_path, "hours.csv", "Person;Role;Capacity\nAnn;dev;37,5\nBob;pm;20\n")
    assert load_people(hours)[S.HOURS_PER_WEEK].tolist() == [37.5, 20.0]
    with pytest.raises(pf.SchemaError, match=re.escape(
            "people.csv: column 'Availability (%)' mixes percentages (line 2) with shares of 0 to 1 (line 3); write "
            "them all one way (80 or 80%, or 0.8).")):
        load_people(_csv(tmp_path, "people.csv", "Person;Role;Availability (%)\nAnn;dev;80\nBob;pm;0,5\n"))


def test_a_percent_columns_numbers_are_percent_in_a_frame_too():
    # a column of numbers (a DataFrame's, a workbook's) under 'Availability (%)' skipped the percent reading: 80
    # was refused as a share above 1
    people = load_people(pd.DataFrame({"person": ["Ann", "Bob"], "Availability (%)": [80, 50]}))
    assert people[S.AVAILABILITY].tolist() == [0.8, 0.5]


def test_a_percent_columns_errors_quote_the_cells_as_written(tmp_path):
    # under 'Availability (%)' the loader read '180' as the '180%' it stands for, and the errors quoted
    # '180%' and '60,5%', cells no one wrote
    path = _csv(tmp_path, "people.csv", "Person;Role;Availability (%)\nAnn;dev;60,5\nBob;pm;180\n")
    with pytest.raises(pf.SchemaError, match=re.escape(
            f"{path}: column 'Availability (%)' (read as availability) has '180' (1.8) on line 3: a share of the "
            "week is between 0 and 1 (0.8 or 80% for four days in five). Fix those cells or map another column to "
            "'availability'.")):
        load_people(path)
    path = _csv(tmp_path, "people.csv", "Person;Role;Availability (%)\nAnn;dev;60,5\nBob;pm;70.5\n")
    with pytest.raises(pf.SchemaError, match=re.escape(
            f"{path}: column 'Availability (%)' (read as availability) mixes number styles: '70.5' needs a decimal "
            "point and '60,5' a decimal comma (lines 2, 3).")):
        load_people(path)


def test_fte_percent_cells_are_read_in_the_columns_mark_and_quoted_as_written(tmp_path):
    # '12,5%' beside '0,5' and '1.000' (1 FTE) was rewritten '0.125' (the column has a point, though no decimal
    # one): the load stopped on "mixes number styles" quoting '0.125', a share no one wrote
    path = _csv(tmp_path, "people.csv", "Person;FTE\nAnn;12,5%\nBob;0,5\nCy;1.000\n")
    assert load_people(path)[S.HOURS_PER_WEEK].tolist() == [5.0, 20.0, 40.0]
    path = _csv(tmp_path, "people.csv", "Person;FTE\nAnn;12,5%\nBob;0,5\nCy;0.75\n")  # a real mix: as written
    with pytest.raises(pf.SchemaError, match=re.escape(
            f"{path}: column 'FTE' (read as hours_per_week) mixes number styles: '0.75' needs a decimal point and "
            "'12,5%' a decimal comma (lines 2, 3, 4).")):
        load_people(path)


def test_fte_percent_cells_are_read_by_the_loader_and_quoted_as_written(tmp_path):
    # '%' cells were rewritten as shares before the column was read: '50%' beside '0.8' was quoted as '0.5', a
    # value no one wrote, in the "mixes number styles" error
    people = load_people(_csv(tmp_path, "people.csv", "Person;FTE\nAnn;112,5%\nBob;50%\nCy;0,8\n"))
    assert people[S.HOURS_PER_WEEK].tolist() == [45.0, 20.0, 32.0]
    path = _csv(tmp_path, "mixed.csv", "Person;FTE\nAnn;112,5%\nBob;50%\nCy;0.8\n")
    with pytest.raises(pf.SchemaError, match=re.escape(
            f"{path}: column 'FTE' (read as hours_per_week) mixes number styles: '0.8' needs a decimal point and "
            "'112,5%' a decimal comma (lines 2, 4).")):
        load_people(path)
    path = _csv(tmp_path, "mixed.csv", "Person;FTE\nAnn;0,8\nBob;12.5%\n")
    with pytest.raises(pf.SchemaError, match=re.escape(
            f"{path}: column 'FTE' (read as hours_per_week) mixes number styles: '12.5%' needs a decimal point "
            "and '0,8' a decimal comma (lines 2, 3).")):
        load_people(path)


@pytest.mark.parametrize("header, cells", [("Availability", ("80%", "60,5%")),
                                           ("Availability (%)", ("80", "60,5"))])
def test_decimal_comma_percentages_are_read_as_shares(tmp_path, header, cells):
    # '60,5%' showed no decimal mark (the sign hid the number from the evidence), so the column fell back to
    # a decimal point and was refused as "must be numeric (a share)"; so was '60,5' under 'Availability (%)',
    # which the loader reads as the '60,5%' it stands for
    path = _csv(tmp_path, "people.csv", f"Person;Role;Hours a week;{header}\nAnn;dev;40;{cells[0]}\n"
                                        f"Bob;pm;40;{cells[1]}\n")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        people = load_people(path)
    assert people[S.AVAILABILITY].tolist() == [0.8, 0.605]
    assert people.attrs["detected"]["number_styles"][S.AVAILABILITY] == "decimal comma (1.234,5)"


@pytest.mark.parametrize("header", ["Touch time (days)", "Touch days", "Effort (days)", "Hands-on days"])
def test_a_request_logs_touch_time_in_days_is_read_as_hours_at_8_h_a_day_and_said(tmp_path, header):
    # it was not read at all: every request's hands-on hours were blank, without a word
    from pmo_forecast.inputs.companions import load_requests

    log = _csv(tmp_path, "requests.csv", f"request_id,requested,started,done,{header}\n"
                                         "R1,2026-01-05 09:00,2026-01-05 10:00,2026-01-06 10:00,0.5\n"
                                         "R2,2026-01-06 09:00,2026-01-06 11:00,2026-01-07 12:00,1\n")
    requests = load_requests(log)
    assert requests[S.TOUCH_HOURS].tolist() == [4.0, 8.0]
    assert requests.attrs["detected"]["units"] == {S.TOUCH_HOURS: f"days (column '{header}', times 8 h a day)"}
    both = _csv(tmp_path, "both.csv", f"request_id,requested,done,touch_hours,{header}\n"
                                      "R1,2026-01-05 09:00,2026-01-06 10:00,3,0.5\n")
    with pytest.warns(pf.DataQualityWarning, match=re.escape(
            f"{both}: '{header}' (touch_hours in days; touch_hours is read from 'touch_hours') not read: keep one of "
            "the two columns")):
        hours = load_requests(both)
    assert hours[S.TOUCH_HOURS].tolist() == [3.0]  # hours given: the days column is not read over them


@pytest.mark.parametrize(("header", "hours", "unit"), [
    ("Touch time (JH)", [4.0, 8.0], "days (column 'Touch time (JH)', times 8 h a day)"),
    ("Touch time (hrs)", [0.5, 1.0], "hours (column 'Touch time (hrs)')"),
    ("Hands-on (min)", [0.5, 1.0], "minutes (column 'Hands-on (min)', divided by 60)"),
    ("Effort (mandays)", [4.0, 8.0], "days (column 'Effort (mandays)', times 8 h a day)"),
    ("Work (min)", [0.5, 1.0], "minutes (column 'Work (min)', divided by 60)"),
    ("Work (h)", [0.5, 1.0], "hours (column 'Work (h)')"),
    ("Work (days)", [4.0, 8.0], "days (column 'Work (days)', times 8 h a day)")])
def test_a_touch_time_header_stating_its_unit_is_read_in_it_as_a_budget_is(tmp_path, header, hours, unit):
    # only the fixed headers of TOUCH_DAYS were read: 'Touch time (JH)', 'Touch time (hrs)' left every request's
    # hands-on hours blank, without a word, where 'Budget (JH)' was read; 'Work (min)' (an MS Project-like export's
    # hands-on minutes) was kept unread too, though 'work_hours' was read
    from pmo_forecast.inputs.companions import load_requests

    cells = ("30", "60") if "min" in header else ("0.5", "1")
    log = _csv(tmp_path, "requests.csv", f"request_id,requested,started,done,{header}\n"
                                         f"R1,2026-01-05 09:00,2026-01-05 10:00,2026-01-06 10:00,{cells[0]}\n"
                                         f"R2,2026-01-06 09:00,2026-01-06 11:00,2026-01-07 12:00,{cells[1]}\n")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        requests = load_requests(log)
    assert requests[S.TOUCH_HOURS].tolist() == hours
    assert requests.attrs["detected"]["units"] == {S.TOUCH_HOURS: unit}
    said = (f"'{header}' (touch_hours in {unit.split()[0]}; touch_hours is read from 'touch_hours') not read: keep "
            "one of the two columns")
    with pytest.warns(pf.DataQualityWarning, match=re.escape(said)):
        both = load_requests(_csv(tmp_path, "both.csv", f"request_id,requested,done,touch_hours,{header}\n"
                                                        f"R1,2026-01-05 09:00,2026-01-06 10:00,3,{cells[0]}\n"))
    assert both[S.TOUCH_HOURS].tolist() == [3.0]  # hours given: the other column is not read over them, and said


@pytest.mark.parametrize("header", ["touch_minutes", "Touch time (min)", "Effort minutes", "Hands-on minutes",
                                    "Minutes"])
def test_a_request_logs_minutes_read_a_duration_cell_in_its_own_unit(tmp_path, header):
    # these headers were a fixed list, read before the rule of any header stating its unit: '1h' under them was
    # 1 minute (0.017 h), without a word, where 'Hands-on (min)' read it as 1 h
    from pmo_forecast.inputs.companions import load_requests

    log = _csv(tmp_path, "requests.csv", f"request_id,requested,done,{header}\n"
                                         "R1,2026-01-05 09:00,2026-01-06 10:00,90\n"
                                         "R2,2026-01-06 09:00,2026-01-07 12:00,1h\n")
    requests = load_requests(log)
    assert requests[S.TOUCH_HOURS].tolist() == [1.5, 1.0]
    assert requests.attrs["detected"]["units"] == {S.TOUCH_HOURS: (
        f"minutes (column '{header}', divided by 60); 1 cell of duration text read as durations (line 3)")}


@pytest.mark.parametrize("header", ["Touch time Min.", "Bearbeitungszeit Min.", "Hands-on min", "Time worked Min."])
def test_a_request_logs_touch_time_stating_minutes_after_its_name_is_read_in_minutes(tmp_path, header):
    # a trailing 'Min.' was read as a unit only after a task table's time columns ('Benötigte Zeit Min.'): a log's
    # 'Touch time Min.' was neither read nor said, every request without hands-on time
    from pmo_forecast.inputs.companions import load_requests

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        requests = load_requests(_csv(tmp_path, "requests.csv", f"request_id,requested,done,{header}\n"
                                                                "R1,2026-01-05,2026-01-06,90\n"
                                                                "R2,2026-01-06,2026-01-07,30\n"))
    assert requests[S.TOUCH_HOURS].tolist() == [1.5, 0.5]
    assert requests.attrs["detected"]["units"] == {S.TOUCH_HOURS: f"minutes (column '{header}', divided by 60)"}


@pytest.mark.parametrize("header", ["Work (min)", "Work (h)", "Work (days)"])
def test_a_task_tables_work_stating_its_unit_is_its_estimate(header):
    # a request log's Work is its hands-on time; a task table's is its estimate, as before (MS Project's Work)
    from pmo_forecast.inputs.mapping import guess_columns

    assert guess_columns(["ID", header, "Actual work (h)"]) == {"ID": S.TASK_ID, header: S.ESTIMATE,
                                                                 "Actual work (h)": S.ACTUAL}


def test_a_bare_work_column_in_a_request_log_is_not_read_as_touch_time(tmp_path):
    from pmo_forecast.inputs.companions import load_requests

    log = _csv(tmp_path, "requests.csv", "request_id,requested,done,Work\nR1,2026-01-05 09:00,2026-01-06 10:00,3\n")
    with pytest.warns(pf.DataQualityWarning, match=re.escape(
            f"{log}: 'Work' ('3' on line 2 states no unit) not read: touch_hours is read from a header stating its "
            "unit ('Touch time (h)', 'Touch time (min)', 'Touch time (days)'), which plain numbers are in, or from "
            "cells that each state theirs ('22m', '1h 30m', '00:45:00')")):
        requests = load_requests(log)
    assert S.TOUCH_HOURS not in requests or requests[S.TOUCH_HOURS].isna().all()
    assert requests["Work"].tolist() == [3]  # kept as written: no unit stated, as a bare 'Effort'


def test_fte_of_1_000_in_a_decimal_comma_file_is_one_fte_and_said(tmp_path):
    # a ';' file with decimal commas: '1.000' (three decimals) was read as 1000 FTE and refused as "'1.000'
    # (40000 h) ... more than the 168 hours a week holds"; an FTE column never holds 1000
    people = load_people(_csv(tmp_path, "people.csv", "Person;Role;FTE\nAna;dev;1.000\nBo;pm;0,5\nCy;dev;0,8\n"))
    assert people[S.HOURS_PER_WEEK].tolist() == [40.0, 20.0, 32.0]
    said = ("1 cell that read two ways ('1.000') read with a decimal point: with the column's decimal comma "
            "it was above the 1.5 the column can hold (line 2)")
    assert people.attrs["detected"]["two_way_numbers"] == {S.HOURS_PER_WEEK: said}
    # two cells: "they were" (one cell had been "they were" too: the text was written before its count)
    two = load_people(_csv(tmp_path, "two.csv", "Person;Role;FTE\nAna;dev;1.000\nBo;pm;1.000\nCy;dev;0,8\n"))
    assert two.attrs["detected"]["two_way_numbers"] == {S.HOURS_PER_WEEK: (
        "2 cells that read two ways ('1.000') read with a decimal point: with the column's decimal comma "
        "they were above the 1.5 the column can hold (lines 2, 3)")}
    point = load_people(_csv(tmp_path, "point.csv", "Person,Role,FTE,Availability\nAna,dev,\"1,000\",\"1,000\"\n"))
    assert point[[S.HOURS_PER_WEEK, S.AVAILABILITY]].values.tolist() == [[40.0, 1.0]]
    rows = _assumptions(tmp_path, people=_csv(tmp_path, "people.csv", "Person;Role;FTE\nAna;dev;1.000\nBo;dev;0,5\n"))
    assert rows["people: hours per week numbers"] == said


def test_an_fte_refused_is_quoted_as_written(tmp_path):
    with pytest.raises(pf.SchemaError, match=r"^\S*people.csv: column 'FTE' has 40,5 on line 3: an FTE is a share "):
        load_people(_csv(tmp_path, "people.csv", "Person;Role;FTE\nAna;dev;1.000\nBo;pm;40,5\n"))


def test_budgets_in_hours_and_days_each_partly_filled_are_both_read(tmp_path):
    # 'Budget (h)' and 'Budget (days)' each filled on some rows: the hours won and the days were said as not
    # read, so P2 had no budget at all
    path = _csv(tmp_path, "projects.csv", "Project,Budget (h),Budget (days)\nP1,100,\nP2,,10\nP3,80,10\nP4,100,10\n")
    note = ("'Budget (days)' not read where 'Budget (h)' gives another budget: P4 (100 h against 10 days, 80 h) "
            "(line 5); the hours are read")
    with pytest.warns(pf.DataQualityWarning, match=f"projects.csv: {re.escape(note)}$"):
        projects = load_projects(path)
    assert projects[S.BUDGET].tolist() == [100.0, 80.0, 80.0, 100.0]
    detected = projects.attrs["detected"]
    assert detected["units"][S.BUDGET] == ("hours (column 'Budget (h)'); days (column 'Budget (days)', times 8 h a "
                                           "day) on the 1 row without hours (line 3)")
    assert detected["columns_not_read"] == note
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # agreeing where both are given: nothing said as not read
        agree = load_projects(_csv(tmp_path, "agree.csv", "Project,Budget (h),Budget (days)\nP1,80,10\nP2,,2\n"))
    assert agree[S.BUDGET].tolist() == [80.0, 16.0]


def test_a_request_logs_columns_not_read_reach_the_assumptions(tmp_path):
    # the log's look-alike header was said in a warning only: the Assumptions listed people's and projects'
    log = _csv(tmp_path, "requests.csv", "request_id,requested,started,Finished (at),Touch hours\n"
                                         "R1,2024-01-02 09:00,2024-01-02 10:00,2024-01-03 10:00,1\n"
                                         "R2,2024-01-04 09:00,2024-01-04 11:00,2024-01-05 12:00,2\n")
    note = "'Finished (at)' (spelt like done) not read: head it 'done' to read it"
    with pytest.warns(pf.DataQualityWarning, match=f"{re.escape(str(log))}: {re.escape(note)}$"):
        rows = _assumptions(tmp_path, requests=log)
    assert rows["requests: columns not read"] == note
    assert [r for r in rows.index if r.startswith("requests: hands-on time")] == []  # hours: no unit row of the loop's


def test_a_request_logs_durations_reach_the_assumptions(tmp_path):
    # how the log's duration text was read (ServiceNow's '1 Day' a timer's 24 h, '1d' a working day of 8 h) was kept
    # in the loader's notes only: the Assumptions said the hands-on time's column, not the hours a day it was read at
    log = _csv(tmp_path, "requests.csv", "request_id,requested,started,done,Time worked\n"
                                         "R1,2024-01-02 09:00,2024-01-02 10:00,2024-01-03 10:00,1 Day 2 Hours\n"
                                         "R2,2024-01-04 09:00,2024-01-04 11:00,2024-01-05 12:00,1d\n")
    rows = _assumptions(tmp_path, requests=log)
    assert rows["requests: hands-on time per request (hours) durations"] == (
        "1 cell in days or weeks, read at 8 h a day and 5 days a week (line 3); 1 cell in ServiceNow's duration form "
        "(1 Day 2 Hours 3 Minutes), a timer: read at 24 h a day, round the clock, not a working day of 8 h (line 2)")
    assert rows["requests: hands-on time per request (hours) unit"] == (
        "hours (column 'Time worked', no unit in its header: each cell states its own); 2 cells of duration text read "
        "as durations (lines 2, 3)")


def test_a_companion_tables_placeholders_reach_the_assumptions(tmp_path):
    # 'n/a' read as blank was said in the loader's notes only: the Assumptions did not say a request's hands-on time,
    # a person's week or a project's budget was a placeholder read as none
    requests = _csv(tmp_path, "requests.csv", "request_id,requested,done,touch_hours\n"
                                              "R1,2024-01-02 09:00,2024-01-03 10:00,n/a\n"
                                              "R2,2024-01-04 09:00,2024-01-05 12:00,2\n")
    people = _csv(tmp_path, "people.csv", "person,role,hours_per_week,availability\nAna,dev,n/a,-\nBo,pm,40,1\n")
    projects = _csv(tmp_path, "projects.csv", "project_id,budget_hours\nP1,n/a\n")
    rows = _assumptions(tmp_path, requests=requests, people=people, projects=projects)
    assert rows["requests: hands-on time per request (hours) placeholders"] == "1 cell holding 'n/a' read as blank (line 2)"
    assert rows["people: hours per week placeholders"] == "1 cell holding 'n/a' read as blank (line 2)"
    assert rows["people: availability (share of the week for project work) placeholders"] == "1 cell holding '-' read as blank (line 2)"
    assert rows["projects: budget (hours) placeholders"] == "1 cell holding 'n/a' read as blank (line 2)"


def test_a_placeholder_task_or_request_id_reaches_the_assumptions(tmp_path):
    # a task or request whose id is '-' or 'TBD' was forecast under it and nothing said it
    requests = _csv(tmp_path, "requests.csv", "request_id,requested,done\nR1,2024-01-02 09:00,2024-01-03 10:00\n"
                                              "TBD,2024-01-04 09:00,2024-01-05 12:00\n")
    rows = _assumptions(tmp_path, more_tasks="-,P1,Bo,4,,2024-01-20,,,open\n", requests=requests)
    assert rows["tasks: placeholders"] == (
        "Task: 1 cell holding '-' (line 16), a placeholder, kept as a task's id: the row is read as a task as any other "
        "(forecast while open, learnt from once done); write the task's own id")
    assert rows["requests: request placeholders"] == (
        "1 cell holding 'TBD' (line 3), a placeholder, kept as a request's id: the row is read as a request as any "
        "other (a request of the pool's queue); write the request's own id")


def test_a_handler_or_manager_naming_nobody_is_read_as_nobody_and_said(tmp_path):
    # 'Unassigned' and 'n/a' were read as two more handlers: without a people table the pool is counted from the
    # handlers, so two PMs made a pool of four; a project's manager 'TBD' was a PM with a workload of their own
    requests = _csv(tmp_path, "requests.csv",
                    "request_id,project_id,handler,requested,started,done,touch_hours\n"
                    "R1,P1,Ann Lee,2024-01-02 09:00,2024-01-03 10:00,2024-01-03 11:00,1\n"
                    "R2,P1,Unassigned,2024-01-04 09:00,,,\n"
                    "R3,P2,Bo Ng,2024-01-04 09:00,2024-01-05 10:00,2024-01-05 11:00,1\n"
                    "R4,P2,n/a,2024-01-05 09:00,2024-01-08 10:00,2024-01-08 11:00,1\n"
                    "R5,P2,(none),2024-01-08 09:00,2024-01-09 10:00,2024-01-09 11:00,1\n"
                    + "".join(f"R{i},P1,{('Ann Lee', 'Bo Ng')[i % 2]},2024-01-{i:02d} 09:00,2024-01-{i:02d} 13:00,"
                              f"2024-01-{i:02d} 14:00,1\n" for i in range(10, 18)))
    projects = _csv(tmp_path, "projects.csv", "project_id,manager,budget_hours\nP1,Ann Lee,100\nP2,TBD,50\n")
    log = pf.load_requests(requests)
    assert pf.fit_pool_queue(log).servers == 2
    assert log[S.HANDLER].isna().tolist() == [False, True, False, True, True] + [False] * 8
    rows = _assumptions(tmp_path, requests=requests, projects=projects)
    assert rows["requests: handler placeholders"] == ("3 cells holding 'Unassigned', 'n/a', '(none)' read as nobody "
                                                      "(lines 3, 5, 6)")
    assert rows["projects: project manager placeholders"] == "1 cell holding 'TBD' read as nobody (line 3)"


def test_a_table_loaded_before_keeps_what_its_loader_found_in_the_pack(tmp_path):
    # a frame from load_tasks given to the pack was read again as a DataFrame: the Assumptions said
    # "format: dataframe" and lost the file's separator, title rows, units and date formats
    text = ("Task export;Generated by hand;May 2024\n"
            "task_id;project_id;assignee;estimate_hours;actual_hours;created;started;finished;status\n"
            + "".join(f"T{i};P1;Ana;7,5;{8 + i % 3};02.01.2024;02.01.2024;{i + 3:02d}.01.2024;done\n"
                      for i in range(12)) + "T20;P1;Ana;16;;20.01.2024;20.01.2024;;in_progress\n")
    path = _csv(tmp_path, "tasks.csv", text)

    def settings(tasks):
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=FEW_TRIALS, category=SettingsWarning)  # 200 trials, to be quick
            pack = pf.export_planning_pack(tmp_path / "out" / "pack.xlsx", tasks=tasks, n_trials=200,
                                           progress=False)
        rows = pack_settings(pack)
        return rows[rows.index.str.startswith("tasks: ")]

    loaded = pf.load_tasks(path)
    from_path, from_frame = settings(path), settings(loaded)
    assert from_path["tasks: format"] == "csv" and "tasks: title rows" in from_path.index
    pd.testing.assert_series_equal(from_frame, from_path)


#: Every header the fixed lists BUDGET_DAYS and TOUCH_DAYS read, before one rule of a header stating its unit
#: read them all (:func:`~pmo_forecast.inputs.column_units.unit_of`).
_BUDGET_DAYS = ("budget_(days)", "budget_(d)", "budget_days", "budget_(person_days)", "budget_person_days",
                "budget_(pd)", "budget_(pds)", "budget_(man_days)", "budget_(md)", "budget_(mds)", "budgeted_days",
                "budget_in_days", "budget_(working_days)", "Budget (working days)", "Budget in days", "Budget (MDs)")
_TOUCH_DAYS = ("touch_time_(days)", "touch_time_(d)", "touch_time_days", "touch_(days)", "touch_(d)", "touch_days",
               "hands_on_days", "hands_on_(days)", "effort_(days)", "effort_(d)", "effort_days",
               "touch_time_(working_days)", "Touch time (working days)", "Hands-on (working days)", "Effort in days")


@pytest.mark.parametrize("header", _BUDGET_DAYS)
def test_every_budget_in_days_header_reads_through_the_one_rule(tmp_path, header):
    projects = load_projects(_csv(tmp_path, "projects.csv", f"Project,{header}\nP1,10\nP2,2.5\n"))
    assert projects[S.BUDGET].tolist() == [80.0, 20.0]
    assert projects.attrs["detected"]["units"][S.BUDGET] == f"days (column '{header}', times 8 h a day)"


@pytest.mark.parametrize("header", _TOUCH_DAYS)
def test_every_touch_time_in_days_header_reads_through_the_one_rule(tmp_path, header):
    from pmo_forecast.inputs.companions import load_requests

    requests = load_requests(_csv(tmp_path, "requests.csv", f"request_id,requested,done,{header}\n"
                                                            "R1,2026-01-05 09:00,2026-01-06 10:00,0.5\n"))
    assert requests[S.TOUCH_HOURS].tolist() == [4.0]
    assert requests.attrs["detected"]["units"] == {S.TOUCH_HOURS: f"days (column '{header}', times 8 h a day)"}


#: People-table headers of hours a week that were kept as an extra column, unsaid, everyone then given the default
#: 40 h week: read through the one rule of a header stating its unit (:func:`~pmo_forecast.inputs.column_units.unit_of`).
_HOURS_A_WEEK = ("Capacity (hrs/week)", "Capacity (hours per week)", "Capacity (h per week)",
                 "Weekly capacity (hours)", "Availability (h/week)", "Available hours", "Kapazität (Std.)",
                 "Hours / week", "Stunden/Woche", "Stunden pro Woche", "Std./Woche", "Heures par semaine",
                 "Horas semanales", "Contracted hours per week", "Std (h/week)", "Std hours/week")
_DAYS_A_WEEK = ("Capacity (days)", "Days per week", "Days/week", "Working days per week", "Capacity (d/wk)",
                "Capacity (days/week)", "Availability (days/week)", "Arbeitstage/Woche", "Tage/Woche",
                "Jours par semaine", "Días por semana")


@pytest.mark.parametrize("header", _HOURS_A_WEEK)
def test_every_hours_a_week_header_reads_through_the_one_rule(tmp_path, header):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing said as not read
        people = load_people(_csv(tmp_path, "people.csv", f"Person,Role,{header}\nAna,dev,32\nBo,pm,20\n"))
    assert people[S.HOURS_PER_WEEK].tolist() == [32.0, 20.0]
    assert header not in people.columns
    assert people.attrs["detected"]["units"][S.HOURS_PER_WEEK] == f"hours (column '{header}')"


@pytest.mark.parametrize("header", _DAYS_A_WEEK)
def test_days_a_week_are_read_as_days_times_8_h_and_said_as_a_budget_in_days_is(tmp_path, header):
    people = load_people(_csv(tmp_path, "people.csv", f"Person,Role,{header}\nAna,dev,4\nBo,pm,2.5\nCy,dev,1\n"))
    assert people[S.HOURS_PER_WEEK].tolist() == [32.0, 20.0, 8.0]  # a day a week is no share of a week
    assert people.attrs["detected"]["units"][S.HOURS_PER_WEEK] == f"days (column '{header}', times 8 h a day)"


@pytest.mark.parametrize("header", ["Standard Hours", "Scheduled Weekly Hours"])
def test_hr_systems_contracted_week_is_read_as_hours_a_week(tmp_path, header):
    # PeopleSoft's and Workday's headers were kept as extra columns, unsaid: every person planned at the default week
    people = load_people(_csv(tmp_path, "people.csv", f"Name,Role,{header}\nAna,dev,40\nBo,pm,32\n"))
    assert people[S.HOURS_PER_WEEK].tolist() == [40.0, 32.0] and header not in people.columns


@pytest.mark.parametrize("others", [["Scheduled Weekly Hours", "FTE"], ["FTE"], ["Scheduled Weekly Hours"]])
def test_workdays_default_weekly_hours_are_the_full_time_week_not_the_persons(tmp_path, others):
    # Workday's Default Weekly Hours is the full-time week of the worker's location (FTE = scheduled / default): read
    # as the person's, over Scheduled Weekly Hours and FTE beside it, a half-timer had 40 h a week, not 20
    cells = {"Scheduled Weekly Hours": ("40", "20"), "FTE": ("1", "0.5")}
    rows = "".join(f"{name},dev,40,{','.join(cells[o][i] for o in others)}\n" for i, name in enumerate(["Ana", "Bo"]))
    people = load_people(_csv(tmp_path, "people.csv", f"Name,Role,Default Weekly Hours,{','.join(others)}\n{rows}"))
    assert people[S.HOURS_PER_WEEK].tolist() == [40.0, 20.0]
    assert people["Default Weekly Hours"].tolist() == [40, 40]  # kept as written, not read


@pytest.mark.parametrize(("first", "last"), [("Hire Date", "Termination Date"), ("Date of Hire", "Exit Date"),
                                             ("Contract Start", "Contract End"), ("Entry date", "Last working day")])
def test_hr_systems_employment_dates_are_read_as_start_and_end(tmp_path, first, last):
    # Workday's, BambooHR's and Personio's headers were kept as extra columns, unsaid: a leaver planned on for ever
    people = load_people(_csv(tmp_path, "people.csv", f"Name,Role,Hours per week,{first},{last}\n"
                                                      "Ana,dev,40,2019-04-01,\nBo,pm,32,2022-03-21,2024-12-31\n"))
    assert people[S.START].tolist() == [pd.Timestamp("2019-04-01"), pd.Timestamp("2022-03-21")]
    assert people[S.END].isna().tolist() == [True, False] and people[S.END].iloc[1] == pd.Timestamp("2024-12-31")
    assert first not in people.columns and last not in people.columns


def test_hours_under_a_header_the_loader_does_not_read_are_said_when_no_hours_a_week_are(tmp_path):
    # 'Scheduled Hours' (no capacity word, no period) was kept as an extra column, unsaid: everyone at the default week
    with pytest.warns(pf.DataQualityWarning) as caught:
        people = load_people(_csv(tmp_path, "people.csv", "Name,Role,Scheduled Hours\nAna,dev,40\nBo,pm,32\n"))
    assert people[S.HOURS_PER_WEEK].isna().all()
    assert [str(w.message) for w in caught if "Scheduled Hours" in str(w.message)] == [
        f"{tmp_path / 'people.csv'}: 'Scheduled Hours' not read: hours_per_week is read from hours or days a week "
        "('Hours per week', 'Capacity (days)': days x 8 h), hours a day ('Hours per day': x 5 days) or FTE ('FTE', "
        "'FTE (%)'), availability from a share of the week ('Availability (%)')"]
    # beside hours a week of its own, another column of hours is no capacity left unread: nothing said of it
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        load_people(_csv(tmp_path, "both.csv", "Name,Role,Hours per week,Overtime hours\nAna,dev,40,3\n"))


@pytest.mark.parametrize("header", ["Wochenstunden", "Wochenarbeitszeit"])
def test_german_weekly_hours_in_one_word_are_read(tmp_path, header):
    people = load_people(_csv(tmp_path, "people.csv", f"Person;Role;{header}\nAna;dev;38,5\n"))
    assert people[S.HOURS_PER_WEEK].tolist() == [38.5]


def test_days_a_week_reach_the_pack_and_fte_and_percent_availability_read_as_before(tmp_path):
    people = _csv(tmp_path, "people.csv", "Person,Role,Capacity (days),Availability (%)\nAna,dev,4,80\nBo,dev,5,50\n")
    rows = _assumptions(tmp_path, people=people)
    assert rows["people: hours per week unit"] == "days (column 'Capacity (days)', times 8 h a day)"
    assert "people: hours per week assumed" not in rows.index  # read: no default of 40 h
    read = load_people(people)
    assert read[S.HOURS_PER_WEEK].tolist() == [32.0, 40.0] and read[S.AVAILABILITY].tolist() == [0.8, 0.5]
    fte = load_people(_csv(tmp_path, "fte.csv", "Person,Role,FTE,Availability (%)\nAna,dev,0.5,80\nBo,dev,50%,50\n"))
    assert fte[S.HOURS_PER_WEEK].tolist() == [20.0, 20.0] and fte[S.AVAILABILITY].tolist() == [0.8, 0.5]


@pytest.mark.parametrize(("header", "cells"), [("FTE", ("40", "40")), ("Hours per day", ("8h", "4h"))])
def test_a_column_beside_every_week_given_that_cannot_be_read_in_its_unit_is_said_as_not_read(tmp_path, header,
                                                                                              cells):
    # needed for no one's week: said as not read, the file not refused for it
    note = (f"'{header}' (hours_per_week in {'FTE' if header == 'FTE' else 'hours a day'}; hours_per_week is read "
            "from 'Hours per week') not read: keep one of the two columns")
    with pytest.warns(pf.DataQualityWarning, match=f"people.csv: {re.escape(note)}$"):
        people = load_people(_csv(tmp_path, "people.csv", f"Person,Hours per week,{header}\nAna,32,{cells[0]}\n"
                                                          f"Bo,20,{cells[1]}\n"))
    assert people[S.HOURS_PER_WEEK].tolist() == [32.0, 20.0]


def test_days_a_week_beside_hours_a_week_are_said_as_not_read(tmp_path):
    note = ("'Capacity (days)' (hours_per_week in days; hours_per_week is read from 'Hours per week') not read: "
            "keep one of the two columns")
    with pytest.warns(pf.DataQualityWarning, match=f"people.csv: {re.escape(note)}$"):  # 5 days: 40 h, not 32
        people = load_people(_csv(tmp_path, "people.csv", "Person,Hours per week,Capacity (days)\nAna,32,5\n"))
    assert people[S.HOURS_PER_WEEK].tolist() == [32.0]


def test_shares_under_an_hours_a_week_header_stating_its_unit_are_refused(tmp_path):
    with pytest.raises(pf.SchemaError, match=re.escape(
            "column 'Capacity (hrs/wk)' is read as hours a week, but no one has more than 1.5 (0.8, 1): shares")):
        load_people(_csv(tmp_path, "people.csv", "Person,Capacity (hrs/wk)\nAna,0.8\nBo,1\n"))


_SAID = ("not read: hours_per_week is read from hours or days a week ('Hours per week', 'Capacity (days)': days x 8 h), "
         "hours a day ('Hours per day': x 5 days) or FTE ('FTE', 'FTE (%)'), availability from a share of the week "
         "('Availability (%)')")


@pytest.mark.parametrize("header", ["Days per day", "Capacity (h/month)", "Days per month",
                                    "Hours", "Capacity (%)", "Capacity (FTE)", "Kapazität", "Verfügbarkeit",
                                    "Disponibilité", "Std (h)", "Std hours", "Hours (h)", "Tage (d)"])
def test_a_capacity_column_not_read_is_said_as_not_read(tmp_path, header):
    # kept as an extra column unsaid, everyone was given the default 40 h week ('Capacity (%)' was said as
    # spelling hours_per_week: headed so, its 80 would be 80 h)
    note = f"'{header}' {_SAID}"
    with pytest.warns(pf.DataQualityWarning, match=f"people.csv: {re.escape(note)}$"):
        people = load_people(_csv(tmp_path, "people.csv", f"Person,Role,{header}\nAna,dev,8\nBo,pm,6\n"))
    assert people[S.HOURS_PER_WEEK].isna().all()
    assert people.attrs["detected"]["columns_not_read"] == note


def test_hours_and_a_rate_headed_with_german_hours_are_said_as_not_read(tmp_path):
    # 'Std (h)' (Stunden, in hours) had been dropped unsaid; 'Rate (Std)' is said as 'Rate (h)' is: hours or money
    # per hour, not guessed
    path = _csv(tmp_path, "people.csv", "Person,Role,Std (h),Rate (Std)\nAna,dev,32,95\n")
    with pytest.warns(pf.DataQualityWarning) as caught:
        people = load_people(path)
    rate = ("'Rate (Std)' not read: money, while the people table reads only the cost of an hour, as cost_per_hour "
            "(head the column 'Cost per hour (EUR)' or 'Rate (€/h)', with its currency, to read it)")
    assert [str(w.message) for w in caught] == [f"{path}: {rate}", f"{path}: 'Std (h)' {_SAID}"]
    assert people.attrs["detected"]["columns_not_read"] == (
        "'Rate (Std)' not read: money, while the people table reads only the cost of an hour, as cost_per_hour "
        "(head the column 'Cost per hour (EUR)' or 'Rate (€/h)', with its currency, to read it); "
        f"'Std (h)' {_SAID}")


def test_a_capacity_column_beside_hours_a_week_is_said_with_the_column_read(tmp_path):
    people = _csv(tmp_path, "people.csv", "Person,Role,Hours per week,Capacity (h/month)\nAna,dev,32,128\n")
    note = f"'Capacity (h/month)' {_SAID}; hours_per_week is read from 'Hours per week'"
    with pytest.warns(pf.DataQualityWarning, match=f"{re.escape(str(people))}: {re.escape(note)}$"), \
            pytest.warns(pf.DataQualityWarning, match=re.escape(  # the task table's Bo, left out of this one
                "1 assignee with work is not in the people table (Bo): 24 h with no capacity to set against")):
        rows = _assumptions(tmp_path, people=people)
    assert rows["people: columns not read"] == note


def test_columns_that_only_look_like_capacity_are_not_said(tmp_path):
    # dates, words, and days that are no period's capacity ('Vacation days') are simply kept
    frame = pd.DataFrame({"person": ["Ana", "Bo"], "Available from": pd.to_datetime(["2024-05-01", "2024-06-01"]),
                          "Availability note": ["on leave in May", None], "Vacation days": [25, 30]})
    path = _csv(tmp_path, "people.csv", frame.to_csv(index=False))
    for source in (frame, path):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            people = load_people(source)
        assert "columns_not_read" not in people.attrs["detected"]
        assert {"Available from", "Availability note", "Vacation days"} <= set(people.columns)


@pytest.mark.parametrize("header", ["Availability (h/week)", "Available hours", "Verfügbarkeit (Std.)"])
def test_hours_a_week_headed_as_availability_beside_a_share_are_said_as_contracted_hours(tmp_path, header):
    # 32 h at 80% is 25.6 h a week: hours already net of the share were counted twice, unsaid
    people = load_people(_csv(tmp_path, "people.csv", f"Person,Role,{header},Availability (%)\n"
                                                      "Ana,dev,40,100\nBo,dev,32,80\n"))
    assert people[S.HOURS_PER_WEEK].tolist() == [40.0, 32.0] and people[S.AVAILABILITY].tolist() == [1.0, 0.8]
    assert people.attrs["detected"]["units"][S.HOURS_PER_WEEK] == (
        f"hours (column '{header}'); read as contracted hours with 'Availability (%)' applied to them (Bo: 32 h at "
        f"80% is 25.6 h a week, line 3); if '{header}' already counts the share, leave 'Availability (%)' out")


@pytest.mark.parametrize(("now", "shares", "at"), [
    ("80", "'Availability (%)' and 'availability_after'", "80% is 25.6 h"),
    ("100", "'availability_after'", "100% is 32 h"), ("", "'availability_after'", "100% is 32 h")])
def test_available_hours_beside_a_dated_change_of_availability_are_said_at_both_shares(tmp_path, now, shares, at):
    # the example gave 80% alone (25.6 h) though Bo is at 50% (16 h) from March, and with 100% now nothing was said,
    # though the change's share is applied to the hours from its date too
    people = load_people(_csv(tmp_path, "people.csv", "Person,Availability (h/week),Availability (%),"
                                                      "availability_change,availability_after\n"
                                                      f"Ana,40,100,,\nBo,32,{now},2024-03-01,0.5\n"))
    assert people.attrs["detected"]["units"][S.HOURS_PER_WEEK] == (
        f"hours (column 'Availability (h/week)'); read as contracted hours with {shares} applied to them (Bo: 32 h at "
        f"{at} a week, at 50% from 2024-03-01 16 h, line 3); if 'Availability (h/week)' already counts the share, "
        "write the contracted hours there instead")


@pytest.mark.parametrize("header", ["Capacity (h/week)", "Capacity (hrs/week)", "Hours per week"])
def test_contracted_hours_beside_a_share_are_read_as_before(tmp_path, header):
    # a contract's hours: the share of the week applies to them, nothing to say
    people = load_people(_csv(tmp_path, "people.csv", f"Person,{header},Availability (%)\nBo,32,80\n"))
    assert people[S.HOURS_PER_WEEK].tolist() == [32.0] and people[S.AVAILABILITY].tolist() == [0.8]
    assert "contracted" not in people.attrs["detected"]["units"][S.HOURS_PER_WEEK]


@pytest.mark.parametrize("header", ["Hours per day", "Capacity (h/day)", "Hours/day", "Daily hours", "Stunden pro Tag",
                                    "Heures par jour", "Horas por día"])
def test_hours_a_day_are_read_as_hours_a_week_times_5_working_days_and_said(tmp_path, header):
    # said as not read, everyone was given the default 40 h week
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing said as not read
        people = load_people(_csv(tmp_path, "people.csv", f"Person,Role,{header}\nAna,dev,8\nBo,pm,6.5\n"))
    assert people[S.HOURS_PER_WEEK].tolist() == [40.0, 32.5]
    assert people.attrs["detected"]["units"][S.HOURS_PER_WEEK] == \
        f"hours a day (column '{header}', times 5 working days a week)"


def test_hours_a_day_beside_hours_a_week_are_said_as_not_read_as_days_a_week_are(tmp_path):
    # 32 h a week beside 8 h a day is a four-day week, no clash: the week is read, the day said
    note = ("'Hours per day' (hours_per_week in hours a day; hours_per_week is read from 'Hours per week') not read: "
            "keep one of the two columns")
    with pytest.warns(pf.DataQualityWarning, match=f"people.csv: {re.escape(note)}$"):
        people = load_people(_csv(tmp_path, "people.csv", "Person,Hours per week,Hours per day\nAna,32,8\n"))
    assert people[S.HOURS_PER_WEEK].tolist() == [32.0]


def test_a_week_left_blank_beside_hours_a_day_is_read_from_the_day_and_said(tmp_path):
    # Bo's blank week beside 6 h a day had the default 40 h, the day column said as not read as a whole
    people = load_people(_csv(tmp_path, "people.csv", "Person,Hours per week,Hours per day\nAna,40,8\nBo,,6\n"
                                                      "Cy,,7.5\n"))
    assert people[S.HOURS_PER_WEEK].tolist() == [40.0, 30.0, 37.5]
    detected = people.attrs["detected"]
    assert detected["units"][S.HOURS_PER_WEEK] == (
        "hours (column 'Hours per week'); hours a day (column 'Hours per day', times 5 working days a week) on the "
        "2 rows without hours a week (lines 3, 4)")
    assert "columns_not_read" not in detected  # Ana's 8 h a day are her 40 h
    # a four-day week beside it: the week read, the day said as not read on that row
    note = ("'Hours per day' not read where 'Hours per week' gives other hours a week: Ana (32 h against 8 hours a "
            "day, 40 h) (line 2); the hours a week are read")
    with pytest.warns(pf.DataQualityWarning, match=f"people.csv: {re.escape(note)}$"):
        people = load_people(_csv(tmp_path, "people.csv", "Person,Hours per week,Hours per day\nAna,32,8\nBo,,6\n"))
    assert people[S.HOURS_PER_WEEK].tolist() == [32.0, 30.0]
    with pytest.raises(pf.SchemaError, match="column 'Hours per day' has 6h on line 3: durations"):
        load_people(_csv(tmp_path, "people.csv", "Person,Hours per week,Hours per day\nAna,32,8\nBo,,6h\n"))


@pytest.mark.parametrize(("header", "cells", "said", "differ"), [
    ("FTE", ("1", "0.5", "75%"), "FTE (column 'FTE', times a full-time week of 40 h: 1 is 40 h, 0.5 is 20 h)",
     "1 FTE, 40 h"),
    ("FTE (%)", ("100", "50", "75"), "FTE (column 'FTE (%)', percent of a full-time week of 40 h: 100 is 40 h, 50 is "
     "20 h)", "1 FTE, 40 h"),
    ("Capacity (days)", ("5", "2.5", "3.75"), "days (column 'Capacity (days)', times 8 h a day)", "5 days, 40 h"),
    ("Days per week", ("5", "2.5", "3.75"), "days (column 'Days per week', times 8 h a day)", "5 days, 40 h")])
def test_a_week_left_blank_beside_fte_or_days_a_week_is_read_from_them_and_said(tmp_path, header, cells, said,
                                                                               differ):
    # Bo's and Cy's blank weeks beside their FTE or days had the default 40 h, the column said as not read as a whole
    ana, bo, cy = cells
    people = load_people(_csv(tmp_path, "people.csv", f"Person,Hours per week,{header}\nAna,40,{ana}\nBo,,{bo}\n"
                                                      f"Cy,,{cy}\n"))
    assert people[S.HOURS_PER_WEEK].tolist() == [40.0, 20.0, 30.0]
    detected = people.attrs["detected"]
    assert detected["units"][S.HOURS_PER_WEEK] == (
        f"hours (column 'Hours per week'); {said} on the 2 rows without hours a week (lines 3, 4)")
    assert "columns_not_read" not in detected  # Ana's 40 h are her full week
    # a 32 h week beside a full one: the week read, the other said as not read on that row
    note = (f"'{header}' not read where 'Hours per week' gives other hours a week: Ana (32 h against {differ}) "
            "(line 2); the hours a week are read")
    with pytest.warns(pf.DataQualityWarning, match=f"people.csv: {re.escape(note)}$"):
        people = load_people(_csv(tmp_path, "people.csv", f"Person,Hours per week,{header}\nAna,32,{ana}\n"
                                                          f"Bo,,{bo}\n"))
    assert people[S.HOURS_PER_WEEK].tolist() == [32.0, 20.0]


@pytest.mark.parametrize("header", ["Capacity (h/week)", "Availability (h/week)", "Capacity (hrs/week)",
                                    "Stunden/Woche", "Capacity (days)"])
@pytest.mark.parametrize("swap", [False, True])
def test_hours_a_day_beside_any_header_of_a_week_are_read_as_beside_hours_per_week(tmp_path, header, swap):
    # beside 'Availability (h/week)' a four-day week was refused ("differ ... keep one of the two columns"), and so
    # was a blank week beside a day; beside 'Hours per week' the week is read and the day fills a blank one
    ana = "4" if header == "Capacity (days)" else "32"  # 32 h either way
    cols, rows = f"{header},Hours per day", (f"{ana},8", ",6")
    if swap:
        cols, rows = f"Hours per day,{header}", tuple(",".join(r.split(",")[::-1]) for r in rows)
    path = _csv(tmp_path, "people.csv", f"Person,{cols}\nAna,{rows[0]}\nBo,{rows[1]}\n")
    note = (f"'Hours per day' not read where '{header}' gives other hours a week: Ana (32 h against 8 hours a day, "
            "40 h) (line 2); the hours a week are read")
    with pytest.warns(pf.DataQualityWarning, match=f"people.csv: {re.escape(note)}$"):
        people = load_people(path)
    assert people[S.HOURS_PER_WEEK].tolist() == [32.0, 30.0]
    assert people.attrs["detected"]["units"][S.HOURS_PER_WEEK].endswith(
        "; hours a day (column 'Hours per day', times 5 working days a week) on the 1 row without hours a week "
        "(line 3)")


def test_days_a_week_are_read_over_hours_a_day_whatever_the_headers_spelling(tmp_path):
    # 'Daily hours' spelt before 'Days per week' and was read, the week refused as differing from it
    with pytest.warns(pf.DataQualityWarning, match="'Daily hours' not read where 'Days per week' gives other hours"):
        people = load_people(_csv(tmp_path, "people.csv", "Person,Daily hours,Days per week\nAna,8,4\nBo,6,\n"))
    assert people[S.HOURS_PER_WEEK].tolist() == [32.0, 30.0]
    assert people.attrs["detected"]["units"][S.HOURS_PER_WEEK].startswith("days (column 'Days per week'")


def test_an_fte_fills_a_blank_week_read_from_another_header_as_beside_hours_per_week(tmp_path):
    # 'FTE' beside 'Availability (h/week)' was said as not read as a whole: Bo had the default 40 h, not 20 h
    people = load_people(_csv(tmp_path, "people.csv", "Person,Availability (h/week),FTE\nAna,40,1\nBo,,0.5\n"))
    assert people[S.HOURS_PER_WEEK].tolist() == [40.0, 20.0]
    assert people.attrs["detected"]["units"][S.HOURS_PER_WEEK] == (
        "hours (column 'Availability (h/week)'); FTE (column 'FTE', times a full-time week of 40 h: 1 is 40 h, 0.5 "
        "is 20 h) on the 1 row without hours a week (line 3)")


def test_an_fte_filling_a_blank_week_is_checked_as_an_fte_column_read_for_the_week_is(tmp_path):
    # 40 under FTE is hours written as FTE: read as 40 FTE it had been a 1,600 h week
    with pytest.raises(pf.SchemaError, match=re.escape("column 'FTE' has 40 on line 3: an FTE is a share of a "
                                                       "full-time week")):
        load_people(_csv(tmp_path, "people.csv", "Person,Hours per week,FTE\nAna,40,1\nBo,,40\n"))
    # a blank week beside both a day and an FTE: the day fills it, the FTE said as not read (Bo's week read from
    # his day, not from 'Hours per week' as it was said)
    note = ("'FTE' (hours_per_week in FTE; hours_per_week is read from 'Hours per week' and 'Hours per day') not "
            "read: keep one of the two columns")
    with pytest.warns(pf.DataQualityWarning, match=f"people.csv: {re.escape(note)}$"):
        people = load_people(_csv(tmp_path, "people.csv", "Person,Hours per week,FTE,Hours per day\nAna,40,1,\n"
                                                          "Bo,,0.5,6\n"))
    assert people[S.HOURS_PER_WEEK].tolist() == [40.0, 30.0]


def test_durations_and_a_week_under_hours_a_day_are_refused(tmp_path):
    # '8h' read in its own unit was 8 h a week, not 40
    with pytest.raises(pf.SchemaError, match=re.escape(
            "column 'Hours per day' has 8h on line 2: durations under a header of hours a day. Write the hours a day "
            "as numbers (8, 7.5).")):
        load_people(_csv(tmp_path, "people.csv", "Person,Hours per day\nAna,8h\nBo,6\n"))


@pytest.mark.parametrize("hours", ["40", "30"])
def test_more_hours_a_day_than_a_day_holds_are_refused_in_hours_a_day(tmp_path, hours):
    # said as "'40' (200 h) ... more than the 168 hours a week holds. It holds the hours worked each week (40, 37.5
    # or 5d)", the week's wording for a day's column; 30 a day (150 h a week) was read
    with pytest.raises(pf.SchemaError, match=re.escape(
            f"people.csv: column 'Hours per day' (read as hours_per_week) has '{hours}' hours a day on line 3: more "
            "than a day holds (24). The column holds the hours worked each day (8, 7.5): fix those cells or map "
            "another column to 'hours_per_week'.")):
        load_people(_csv(tmp_path, "people.csv", f"Person,Hours per day\nAna,8\nBo,{hours}\n"))
    assert load_people(_csv(tmp_path, "people.csv", "Person,Hours per day\nAna,24\n"))[S.HOURS_PER_WEEK].tolist() \
        == [120.0]


def test_a_column_filling_blank_weeks_agrees_within_the_half_hour_the_headers_of_the_week_agree_within(tmp_path):
    # 32.3 h beside 4 days (32 h) was said as "not read where 'Hours per week' gives other hours a week"
    # (np.isclose), while beside 'Availability (h/week)' the same cells agree (within half an hour)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing said as not read
        people = load_people(_csv(tmp_path, "people.csv", "Person,Hours per week,Capacity (days)\nAna,32.3,4\n"
                                                          "Bo,,2.5\n"))
    assert people[S.HOURS_PER_WEEK].tolist() == [32.3, 20.0]
    detected = people.attrs["detected"]
    assert detected["units"][S.HOURS_PER_WEEK] == (
        "hours (column 'Hours per week'); days (column 'Capacity (days)', times 8 h a day) on the 1 row without "
        "hours a week (line 3)")
    assert "columns_not_read" not in detected
    # past the half hour, the week read and the days said as not read on that row
    note = ("'Capacity (days)' not read where 'Hours per week' gives other hours a week: Ana (32.6 h against 4 "
            "days, 32 h) (line 2); the hours a week are read")
    with pytest.warns(pf.DataQualityWarning, match=f"people.csv: {re.escape(note)}$"):
        people = load_people(_csv(tmp_path, "people.csv", "Person,Hours per week,Capacity (days)\nAna,32.6,4\n"
                                                          "Bo,,2.5\n"))
    assert people[S.HOURS_PER_WEEK].tolist() == [32.6, 20.0]


@pytest.mark.parametrize(("header", "cy", "said"), [
    ("Capacity (days)", "2.5", "days (column 'Capacity (days)', times 8 h a day)"),
    ("FTE", "0.5", "FTE (column 'FTE', times a full-time week of 40 h: 1 is 40 h, 0.5 is 20 h)")])
def test_a_duration_filling_a_blank_week_is_read_in_its_own_unit_and_said(tmp_path, header, cy, said):
    # Bo's '4h' under 'Capacity (days)' or 'FTE' filled his blank week with 4 h unsaid, where the same cell in a
    # column read for everyone's week is said ("1 cell of duration text read as durations"); under 'Hours per day'
    # it is refused (test_a_week_left_blank_beside_hours_a_day_is_read_from_the_day_and_said)
    people = load_people(_csv(tmp_path, "people.csv", f"Person,Hours per week,{header}\nAna,40,\nBo,,4h\nCy,,{cy}\n"))
    assert people[S.HOURS_PER_WEEK].tolist() == [40.0, 4.0, 20.0]
    assert people.attrs["detected"]["units"][S.HOURS_PER_WEEK] == (
        f"hours (column 'Hours per week'); {said} on the 2 rows without hours a week (lines 3, 4), its 1 cell of "
        "duration text read as durations (line 3)")


@pytest.mark.parametrize("swap", [False, True])
def test_a_blank_availability_beside_days_a_week_is_filled_from_them_as_a_blank_hours_per_week_is(tmp_path, swap):
    # Bo's blank 'Availability (h/week)' beside his 2.5 days was refused ("differ on line 3 (line 3: blank against
    # '2.5' (20 h))"), where a blank 'Hours per week' beside the same days is filled from them; Cy's blank days
    # beside his hours were refused too
    rows = ("32,4", ",2.5", "36,")
    cols = "Availability (h/week),Capacity (days)"
    if swap:
        cols, rows = "Capacity (days),Availability (h/week)", tuple(",".join(r.split(",")[::-1]) for r in rows)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing said as not read
        people = load_people(_csv(tmp_path, "people.csv", f"Person,{cols}\nAna,{rows[0]}\nBo,{rows[1]}\n"
                                                          f"Cy,{rows[2]}\n"))
    assert people[S.HOURS_PER_WEEK].tolist() == [32.0, 20.0, 36.0]
    assert people.attrs["detected"]["units"][S.HOURS_PER_WEEK] == (
        "hours (column 'Availability (h/week)'); days (column 'Capacity (days)', times 8 h a day) on the 1 row "
        "without hours a week (line 3)")


@pytest.mark.parametrize("week", ["Hours per week", "Availability (h/week)"])
def test_each_blank_week_is_filled_from_the_first_column_that_person_has(tmp_path, week):
    # Cy, with an FTE alone beside others' hours a day, kept the default 40 h and 'FTE' was said as not read as a
    # whole: only the first filling column was read
    path = _csv(tmp_path, "people.csv", f"Person,{week},FTE,Hours per day\nAna,40,,8\nBo,,,6\nCy,,0.5,\nDi,,0.5,7\n")
    note = ("'FTE' not read where 'Hours per day' gives other hours a week: Di (35 h against 0.5 FTE, 20 h) (line 5); "
            "the hours a day are read")
    with pytest.warns(pf.DataQualityWarning, match=f"people.csv: {re.escape(note)}$"):
        people = load_people(path)
    assert people[S.HOURS_PER_WEEK].tolist() == [40.0, 30.0, 20.0, 35.0]
    detected = people.attrs["detected"]
    assert detected["units"][S.HOURS_PER_WEEK] == (
        f"hours (column '{week}'); hours a day (column 'Hours per day', times 5 working days a week) on the 2 rows "
        "without hours a week (lines 3, 5); FTE (column 'FTE', times a full-time week of 40 h: 1 is 40 h, 0.5 is "
        "20 h) on the 1 row without hours a week (line 4)")
    assert detected["columns_not_read"] == note


@pytest.mark.parametrize("week", ["Hours per week", "Availability (h/week)"])
def test_days_a_week_differing_from_the_week_are_said_as_not_read_beside_either_header(tmp_path, week):
    # 37.5 h beside 5 days (40 h at the 8 h day the loader assumes) is a week of 7.5 h days: beside 'Hours per week'
    # the days were said as not read on that row, beside 'Availability (h/week)' the file was refused ("differ on
    # line 2 ... which is right is not guessed")
    note = (f"'Capacity (days)' not read where '{week}' gives other hours a week: Ana (37.5 h against 5 days, 40 h) "
            "(line 2); the hours a week are read")
    with pytest.warns(pf.DataQualityWarning, match=f"people.csv: {re.escape(note)}$"):
        people = load_people(_csv(tmp_path, "people.csv", f"Person,{week},Capacity (days)\nAna,37.5,5\nBo,,2.5\n"))
    assert people[S.HOURS_PER_WEEK].tolist() == [37.5, 20.0]
    assert people.attrs["detected"]["units"][S.HOURS_PER_WEEK] == (
        f"hours (column '{week}'); days (column 'Capacity (days)', times 8 h a day) on the 1 row without hours a "
        "week (line 3)")
    assert people.attrs["detected"]["columns_not_read"] == note


@pytest.mark.parametrize("week", ["Hours per week", "Availability (h/week)"])
def test_a_blank_week_beside_other_hours_a_week_is_filled_from_them_and_hours_that_differ_are_refused(tmp_path,
                                                                                                      week):
    # beside 'Hours per week' Bo's blank week had the default 40 h, 'Capacity (hrs/wk)' said as not read as a whole
    # (agreeing or not); beside 'Availability (h/week)' his blank was refused as the columns differing
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing said as not read
        people = load_people(_csv(tmp_path, "people.csv", f"Person,{week},Capacity (hrs/wk)\nAna,32,32\nBo,,20\n"
                                                          "Cy,36,\n"))
    assert people[S.HOURS_PER_WEEK].tolist() == [32.0, 20.0, 36.0]
    assert people.attrs["detected"]["units"][S.HOURS_PER_WEEK] == (
        f"hours (column '{week}'); hours (column 'Capacity (hrs/wk)') on the 1 row without hours a week (line 3)")
    # given on every row and agreeing: said to agree beside either
    people = load_people(_csv(tmp_path, "people.csv", f"Person,{week},Capacity (hrs/wk)\nAna,32,32\nBo,20,20\n"))
    assert people.attrs["detected"]["units"][S.HOURS_PER_WEEK] == (
        f"hours (column '{week}'; 'Capacity (hrs/wk)' beside it gives the same hours on every row)")
    # hours beside hours where both are given: which is right is not guessed, beside either
    with pytest.raises(pf.SchemaError, match=re.escape(
            f"people.csv: columns '{week}' and 'Capacity (hrs/wk)' both give hours_per_week, in hours and in hours, "
            "and differ on line 2 (line 2: '32' (32 h) against '30' (30 h)); which is right is not guessed: keep one "
            "of the two columns, or make them agree.")):
        load_people(_csv(tmp_path, "people.csv", f"Person,{week},Capacity (hrs/wk)\nAna,32,30\nBo,,20\n"))


@pytest.mark.parametrize(("fte", "read"), [("1", "'Hours per day'"), ("40", "'Hours per week' and 'Hours per day'")])
def test_a_column_filling_no_week_says_where_the_weeks_it_gives_are_read_from(tmp_path, fte, read):
    # "hours_per_week is read from 'Hours per week'", though Bo's week, the one his FTE differs from (or the 40
    # written as FTE, not needed for anyone), was read from his 'Hours per day'
    note = f"'FTE' (hours_per_week in FTE; hours_per_week is read from {read}) not read: keep one of the two columns"
    rows = f"Ana,40,{'' if fte == '1' else fte},8\nBo,,{fte},6\n"  # 1 FTE: Bo's alone, 40 h against his 30 h
    with pytest.warns(pf.DataQualityWarning, match=f"people.csv: {re.escape(note)}$"):
        people = load_people(_csv(tmp_path, "people.csv", f"Person,Hours per week,FTE,Hours per day\n{rows}"))
    assert people[S.HOURS_PER_WEEK].tolist() == [40.0, 30.0]
    assert people.attrs["detected"]["columns_not_read"] == note


@pytest.mark.parametrize("headers, agree, units, differ, said", [
    # a request log with 'Touch time (days)' beside 'Hands-on (min)' and no touch_hours failed with KeyError:
    # 'touch_hours' (the agreement check looked up a filling rule only budgets and weekly hours have)
    ("Touch time (days),Hands-on (min)", ("1,480", "0.5,240"),
     "minutes (column 'Hands-on (min)', divided by 60; 'Touch time (days)' beside it gives the same hours on every "
     "row)",
     "1,60",
     "columns 'Hands-on (min)' and 'Touch time (days)' both give touch_hours, in minutes and in days, and differ on "
     "line 2 (line 2: '60' (1 h) against '1' (8 h)); which is right is not guessed: keep one of the two columns, or "
     "make them agree."),
    # read from its cells, it is one more header of hands-on time: beside 'Touch time (days)' the two must agree
    ("Touch time,Touch time (days)", ("8h,1", "4h,0.5"),
     "hours (column 'Touch time', no unit in its header: each cell states its own; 'Touch time (days)' beside it "
     "gives the same hours on every row); 2 cells of duration text read as durations (lines 2, 3)",
     "1h,1",
     "columns 'Touch time' and 'Touch time (days)' both give touch_hours, in hours and in days, and differ on line 2 "
     "(line 2: '1h' (1 h) against '1' (8 h)); which is right is not guessed: keep one of the two columns, or make "
     "them agree."),
], ids=["minutes beside days", "the cells' own units beside days"])
def test_two_touch_time_headers_in_other_units_are_checked_to_agree(tmp_path, headers, agree, units, differ, said):
    from pmo_forecast.inputs.companions import load_requests

    head = f"request_id,requested,done,{headers}\n"
    requests = load_requests(_csv(tmp_path, "requests.csv", f"{head}R1,2024-01-01,2024-01-02,{agree[0]}\n"
                                                            f"R2,2024-01-01,2024-01-02,{agree[1]}\n"))
    assert requests[S.TOUCH_HOURS].tolist() == [8.0, 4.0]
    assert requests.attrs["detected"]["units"][S.TOUCH_HOURS] == units
    with pytest.raises(pf.SchemaError) as e:
        load_requests(_csv(tmp_path, "differ.csv", f"{head}R1,2024-01-01,2024-01-02,{differ}\n"))
    assert str(e.value) == f"{tmp_path / 'differ.csv'}: {said}"


_JSM_LOG = ("Summary,Issue key,Issue id,Issue Type,Status,{kind},Assignee,Created,Resolved,Custom field (Project)\n"
            "Approve budget,PMO-12,10012,Service Request,Done,Approval,Ann Costa,18/Aug/23 5:00 PM,21/Aug/23 4:24 PM,P1\n"
            "Sign-off,PMO-14,10014,Service Request,In Progress,Approval,Bo Novak,24/Aug/23 11:06 AM,,P1\n")


def test_a_jira_service_management_log_is_read_as_a_request_log(tmp_path):
    # its Issue key and Jira fields made it 'a jira task export; load it with load_tasks': no request log from JSM
    from pmo_forecast.inputs.companions import load_requests

    requests = load_requests(_csv(tmp_path, "requests.csv", _JSM_LOG.format(kind="Request Type")))
    assert requests[S.REQUEST_ID].tolist() == ["PMO-12", "PMO-14"]
    assert requests[S.KIND].tolist() == ["Approval", "Approval"]
    assert requests[S.HANDLER].tolist() == ["Ann Costa", "Bo Novak"]
    assert requests[S.REQUESTED].tolist() == [pd.Timestamp("2023-08-18 17:00"), pd.Timestamp("2023-08-24 11:06")]
    assert requests[S.DONE_AT].iloc[0] == pd.Timestamp("2023-08-21 16:24") and pd.isna(requests[S.DONE_AT].iloc[1])


def test_a_jira_service_management_logs_time_spent_is_read_as_touch_hours_in_seconds(tmp_path):
    # Jira exports Time Spent in seconds, as the task loader reads it: in a JSM log it was dropped unread and unsaid,
    # and the pack assumed 1 h a request
    from pmo_forecast.inputs.companions import load_requests

    log = _JSM_LOG.format(kind="Request Type").splitlines()
    log = "\n".join([f"{log[0]},Time Spent", f"{log[1]},5400", f"{log[2]},"]) + "\n"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        requests = load_requests(_csv(tmp_path, "requests.csv", log))
    assert requests[S.TOUCH_HOURS].iloc[0] == 1.5 and pd.isna(requests[S.TOUCH_HOURS].iloc[1])
    assert requests.attrs["detected"]["units"] == {
        S.TOUCH_HOURS: "seconds (column 'Time Spent', Jira Service Management's unit, divided by 3,600)"}
    assert "Time Spent" not in requests


_JSM_LOG_DE = ("Zusammenfassung,Vorgangsschlüssel,Vorgangs-ID,Vorgangstyp,Status,{kind},Bearbeiter,Erstellt,Erledigt,"
               "Benötigte Zeit\n"
               "Budget freigeben,PMO-12,10012,Service Request,Fertig,Genehmigung,Ann Costa,18.08.2023 17:00,"
               "21.08.2023 16:24,5400\n"
               "Abnahme,PMO-14,10014,Service Request,In Arbeit,Genehmigung,Bo Novak,24.08.2023 11:06,,\n")


@pytest.mark.parametrize("kind", ["Kundenanfragetyp", "Benutzerdefinierte Felder (Kundenanfragetyp)"])
def test_a_german_jira_service_management_logs_time_spent_is_read_as_touch_hours_in_seconds(tmp_path, kind):
    # German Jira names JSM's request type field 'Kundenanfragetyp': the log was not told from a Jira task export, and
    # its 'Benötigte Zeit' (Time Spent, in seconds) was dropped unread and unsaid
    from pmo_forecast.inputs.companions import load_requests

    names = {"Vorgangsschlüssel": "request_id", "Erstellt": "requested", "Erledigt": "done", kind: "kind"}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        requests = load_requests(_csv(tmp_path, "requests.csv", _JSM_LOG_DE.format(kind=kind)), column_map=names)
    assert requests[S.TOUCH_HOURS].iloc[0] == 1.5 and pd.isna(requests[S.TOUCH_HOURS].iloc[1])
    assert requests.attrs["detected"]["units"] == {
        S.TOUCH_HOURS: "seconds (column 'Benötigte Zeit', Jira Service Management's unit, divided by 3,600)"}
    path = _csv(tmp_path, "other.csv", _JSM_LOG_DE.format(kind="Kategorie"))
    with pytest.warns(pf.DataQualityWarning) as said:  # no request type: no JSM log, not read
        other = load_requests(path, column_map={**names, "Kategorie": "kind"})
    assert [str(w.message) for w in said] == [
        f"{path}: 'Benötigte Zeit' ('5400' on line 2 states no unit) not read: touch_hours is read from a header "
        "stating its unit ('Touch time (h)', 'Touch time (min)', 'Touch time (days)'), which plain numbers are in, "
        "or from cells that each state theirs ('22m', '1h 30m', '00:45:00'); Jira's Time Spent ('Benötigte Zeit') "
        "is read in seconds only in a Jira Service Management export (an issue key, 'Vorgangsschlüssel', "
        "'Clé de ticket', 'Clave de incidencia' or 'Issue key', beside a request type, 'Request type', "
        "'Customer request type' or 'Kundenanfragetyp'), which this log is not",
        f"{path}: column_map names columns the file does not have: '{kind}' (closest: none); not read."]
    assert other[S.TOUCH_HOURS].isna().all() and other["Benötigte Zeit"].iloc[0] == 5400


def test_a_german_jira_service_management_log_is_read_as_a_request_log_without_a_column_map(tmp_path):
    # its German headers spelt no request log column: it was refused as 'a jira task export; load it with load_tasks'
    # unless a column_map named them, as the English log's are read without one
    from pmo_forecast.inputs.companions import load_requests

    requests = load_requests(_csv(tmp_path, "requests.csv", _JSM_LOG_DE.format(kind="Kundenanfragetyp")))
    assert requests[S.REQUEST_ID].tolist() == ["PMO-12", "PMO-14"]
    assert requests[S.HANDLER].tolist() == ["Ann Costa", "Bo Novak"]
    assert requests[S.REQUESTED].tolist() == [pd.Timestamp("2023-08-18 17:00"), pd.Timestamp("2023-08-24 11:06")]
    assert requests[S.DONE_AT].iloc[0] == pd.Timestamp("2023-08-21 16:24") and pd.isna(requests[S.DONE_AT].iloc[1])
    assert requests[S.TOUCH_HOURS].iloc[0] == 1.5
    assert {k: v for k, v in requests.attrs["_headers"].items() if k != S.TOUCH_HOURS} == {
        S.REQUEST_ID: "Vorgangsschlüssel", S.KIND: "Kundenanfragetyp", S.HANDLER: "Bearbeiter", S.REQUESTED: "Erstellt",
        S.DONE_AT: "Erledigt"}
    # an export keyed by 'Issue key' reads English names only: a bare 'Erledigt' there is the team's own field
    log = _JSM_LOG.format(kind="Request Type").replace(",Resolved,", ",Erledigt,")
    english = load_requests(_csv(tmp_path, "english.csv", log))
    assert english[S.DONE_AT].isna().all() and english["Erledigt"].iloc[0] == "21/Aug/23 4:24 PM"


@pytest.mark.parametrize("log, kind", [(_JSM_LOG, "Customer Request Type"), (_JSM_LOG_DE, "Kundenanfragetyp")])
def test_a_jira_service_management_logs_customer_request_type_is_its_kind(tmp_path, log, kind):
    # Data Center names the request type field 'Customer Request Type' (German 'Kundenanfragetyp'): only Cloud's
    # 'Request Type' was read, and each request's kind of a Data Center log was blank
    from pmo_forecast.inputs.companions import load_requests

    requests = load_requests(_csv(tmp_path, "requests.csv", log.format(kind=kind)))
    assert requests[S.KIND].fillna("").tolist() == (["Approval"] * 2 if log is _JSM_LOG else ["Genehmigung"] * 2)
    assert requests.attrs["_headers"][S.KIND] == kind


def test_a_bare_time_spent_outside_a_jira_service_management_log_is_said_as_not_read(tmp_path):
    # seconds from Jira, hours from a sheet: not guessed, and no longer dropped unsaid
    from pmo_forecast.inputs.companions import load_requests

    log = _JSM_LOG.format(kind="Category").splitlines()  # a Jira export without a request type, mapped
    path = _csv(tmp_path, "requests.csv", "\n".join([f"{log[0]},Time Spent", f"{log[1]},5400", f"{log[2]},"]) + "\n")
    said = (f"{path}: 'Time Spent' ('5400' on line 2 states no unit) not read: touch_hours is read from a header "
            "stating its unit ('Touch time (h)', 'Touch time (min)', 'Touch time (days)'), which plain numbers are in, "
            "or from cells that each state theirs ('22m', '1h 30m', '00:45:00'); Jira's Time Spent is read in seconds "
            "only in a Jira Service Management export (its Issue key and Request Type), which this log is not")
    with pytest.warns(pf.DataQualityWarning) as caught:
        requests = load_requests(path, column_map={"Issue key": "request_id", "Category": "kind"})
    assert [str(w.message) for w in caught] == [said]
    assert requests[S.TOUCH_HOURS].isna().all() and requests["Time Spent"].iloc[0] == 5400  # kept, as read
    with pytest.warns(pf.DataQualityWarning) as caught:  # a hand-kept log's too
        load_requests(_csv(tmp_path, "hand.csv", "request_id,requested,done,Time Spent\nR1,2026-01-05,2026-01-06,3\n"))
    assert [str(w.message) for w in caught] == [said.replace(str(path), str(tmp_path / "hand.csv")).replace(
        "'5400'", "'3'")]


@pytest.mark.parametrize("header, cell, unit", [
    ("Time spent (h)", "1.5", "hours (column 'Time spent (h)')"),
    ("Time spent (min)", "90", "minutes (column 'Time spent (min)', divided by 60)"),
    ("Time Spent", "1h 30m", "hours (column 'Time Spent', no unit in its header: each cell states its own); 1 cell of "
                             "duration text read as durations (line 2)")])
def test_a_request_logs_time_spent_stating_its_unit_is_read_as_touch_hours(tmp_path, header, cell, unit):
    # Time Spent is a request's work logged, as Touch time is: stating its unit, or each cell its own, it is read
    from pmo_forecast.inputs.companions import load_requests

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        requests = load_requests(_csv(tmp_path, "requests.csv", f"request_id,requested,done,{header}\n"
                                                                f"R1,2026-01-05,2026-01-06,{cell}\n"))
    assert requests[S.TOUCH_HOURS].tolist() == [1.5]
    assert requests.attrs["detected"]["units"] == {S.TOUCH_HOURS: unit}


@pytest.mark.parametrize("header, cell, unit", [
    ("Benötigte Zeit (h)", "1.5", "hours (column 'Benötigte Zeit (h)')"),
    ("Benötigte Zeit (Std.)", "1.5", "hours (column 'Benötigte Zeit (Std.)')"),
    ("Benötigte Zeit (Min.)", "90", "minutes (column 'Benötigte Zeit (Min.)', divided by 60)"),
    ("Temps consacré (h)", "1.5", "hours (column 'Temps consacré (h)')"),
    ("Tiempo empleado (h)", "1.5", "hours (column 'Tiempo empleado (h)')")])
def test_a_request_logs_localised_time_spent_stating_its_unit_is_read_as_the_english_one(tmp_path, header, cell,
                                                                                       unit):
    # Jira's German, French and Spanish names of Time Spent with a unit were dropped without a word, where
    # 'Time Spent (h)' was read as the log's hands-on time
    from pmo_forecast.inputs.companions import load_requests

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        requests = load_requests(_csv(tmp_path, "requests.csv", f"request_id,requested,done,{header}\n"
                                                                f"R1,2026-01-05,2026-01-06,{cell}\n"))
    assert requests[S.TOUCH_HOURS].tolist() == [1.5]
    assert requests.attrs["detected"]["units"] == {S.TOUCH_HOURS: unit}


def test_a_request_logs_localised_time_spent_reaches_the_assumptions_as_the_english_one(tmp_path):
    # said under the same row as 'Time Spent (h)' is, naming the column as the file writes it
    rows = {}
    for header in ("Time Spent (h)", "Benötigte Zeit (Std.)"):
        log = _csv(tmp_path, "requests.csv", f"request_id,requested,started,done,{header}\n"
                                             "R1,2024-01-02 09:00,2024-01-02 10:00,2024-01-03 10:00,1.5\n"
                                             "R2,2024-01-04 09:00,2024-01-04 11:00,2024-01-05 12:00,2\n")
        said = _assumptions(tmp_path, requests=log)
        rows[header] = {k: v for k, v in said.items() if k.startswith("requests")}
    assert rows == {"Time Spent (h)": {"requests: hands-on time per request (hours) unit": "hours (column 'Time Spent (h)')"},
                    "Benötigte Zeit (Std.)": {"requests: hands-on time per request (hours) unit": "hours (column 'Benötigte Zeit (Std.)')"}}


@pytest.mark.parametrize("header, stated", [
    ("Benötigte Zeit (Std.)", ("hours", "benötigte zeit")), ("Benötigte Zeit (Stunden)", ("hours", "benötigte zeit")),
    ("Benötigte Zeit (Min.)", ("minutes", "benötigte zeit")), ("Std. Benötigte Zeit", ("hours", "benötigte zeit")),
    ("Benötigte Zeit Minuten", ("minutes", "benötigte zeit"))])
def test_the_header_unit_parser_reads_german_unit_words(header, stated):
    # the unit of a German header (Std., Stunden, Min.), and the words left to look the column up by
    from pmo_forecast.inputs.headers import stated_unit

    assert stated_unit(header) == stated


def test_a_jira_export_given_as_a_request_log_is_read_with_its_column_map_and_refused_without(tmp_path):
    # without a request type, a Jira export is a task export given by mistake: refused, saying how to read it if not;
    # with a column_map it was refused all the same
    from pmo_forecast.inputs.companions import load_requests

    path = _csv(tmp_path, "requests.csv", _JSM_LOG.format(kind="Category"))
    with pytest.raises(pf.SchemaError) as e:
        load_requests(path)
    assert str(e.value) == (f"{path}: looks like a jira task export; load it with load_tasks, or, if it is the PM-pool "
                            "request table, name its columns with column_map={'<your column>': 'request_id'}.")
    requests = load_requests(path, column_map={"Issue key": "request_id", "Project": "project_id", "Category": "kind"})
    assert requests[S.REQUEST_ID].tolist() == ["PMO-12", "PMO-14"] and requests[S.PROJECT_ID].tolist() == ["P1", "P1"]
    assert requests[S.KIND].tolist() == ["Approval", "Approval"]


@pytest.mark.parametrize("header", ["Closed", "Closed at", "Date closed"])
def test_a_request_logs_resolution_is_its_done_time_not_its_closing_days_later(tmp_path, header):
    # ServiceNow closes a resolved request days later (auto-close): 'Closed' before 'Resolved' was read as done, and
    # every request waited a week more, 'Resolved' kept unread without a word
    from pmo_forecast.inputs.companions import load_requests

    log = _csv(tmp_path, "requests.csv", f"Number,Opened,{header},Resolved\n"
                                         "R1,2026-01-05 09:00,2026-01-13 10:00,2026-01-06 10:00\n"
                                         "R2,2026-01-06 09:00,2026-01-14 12:00,2026-01-07 12:00\n")
    with pytest.warns(pf.DataQualityWarning, match=re.escape(
            f"{log}: '{header}' not read: 'Resolved' (read as done) beside it gives other values; keep the one meant")):
        requests = load_requests(log, column_map={"Number": "request_id"})
    assert requests[S.DONE_AT].tolist() == [pd.Timestamp("2026-01-06 10:00"), pd.Timestamp("2026-01-07 12:00")]
    assert requests[header].tolist() == ["2026-01-13 10:00", "2026-01-14 12:00"]  # kept as written
    # without a resolution, the closing is the done time, as before
    alone = load_requests(_csv(tmp_path, "closed.csv", f"request_id,Opened,{header}\nR1,2026-01-05 09:00,"
                                                       "2026-01-13 10:00\n"))
    assert alone[S.DONE_AT].tolist() == [pd.Timestamp("2026-01-13 10:00")]


def test_a_servicenow_logs_number_assignee_and_work_start_are_read(tmp_path):
    # 'Number' was refused as no request_id (the CLI takes no column_map for a request log: the file had to be
    # edited), 'Assigned to' and 'Work start' kept unread unsaid: no handler, no start
    from pmo_forecast.inputs.companions import load_requests

    requests = load_requests(_csv(tmp_path, "requests.csv", "Number,Opened,Assigned to,Work start,Resolved\n"
                                  "REQ0010001,2026-01-05 09:00,Ann Costa,2026-01-05 13:00,2026-01-06 10:00\n"))
    assert requests[S.REQUEST_ID].tolist() == ["REQ0010001"] and requests[S.HANDLER].tolist() == ["Ann Costa"]
    assert requests[S.STARTED].tolist() == [pd.Timestamp("2026-01-05 13:00")]
    assert requests.columns[:7].tolist() == [S.REQUEST_ID, S.PROJECT_ID, S.KIND, S.HANDLER, S.REQUESTED, S.STARTED,
                                             S.DONE_AT]


def test_a_missing_columns_closest_headers_are_not_columns_read_as_others(tmp_path):
    # 'Opened' and 'Project', read as requested and project_id, were offered for the request id: renaming one so lost it
    from pmo_forecast.inputs.companions import load_requests

    path = _csv(tmp_path, "requests.csv", "Ref,Project,Opened,Resolved\nR1,P1,2026-01-05 09:00,2026-01-06 10:00\n")
    with pytest.raises(pf.SchemaError) as e:
        load_requests(path)
    assert str(e.value).startswith(f"{path}: missing required column 'request_id' (closest: none). Columns found: Ref, "
                                   "Project (read as project_id), Opened (read as requested), Resolved (read as done). ")


@pytest.mark.parametrize("header", ["Touch time", "Hands-on", "Work", "Time worked"])
def test_a_request_logs_touch_time_without_a_unit_is_said_as_not_read(tmp_path, header):
    # kept unread unsaid: the pack then said the log had no touch_hours and assumed 1 h, of a log holding '22m'; a
    # bare 3 beside it is minutes or hours, not guessed: said with its line (ServiceNow's 'Time worked' unsaid)
    from pmo_forecast.inputs.companions import load_requests

    path = _csv(tmp_path, "requests.csv", f"request_id,requested,done,{header}\nR1,2026-01-05 09:00,2026-01-06 10:00,"
                                          "22m\nR2,2026-01-05 09:00,2026-01-06 10:00,3\n")
    with pytest.warns(pf.DataQualityWarning) as caught:
        requests = load_requests(path)
    assert requests[S.TOUCH_HOURS].isna().all() and requests[header].tolist() == ["22m", "3"]
    assert [str(w.message) for w in caught] == [
        f"{path}: '{header}' ('3' on line 3 states no unit) not read: touch_hours is read from a header stating its "
        "unit ('Touch time (h)', 'Touch time (min)', 'Touch time (days)'), which plain numbers are in, or from cells "
        "that each state theirs ('22m', '1h 30m', '00:45:00')"]
    # beside touch_hours it is not read, and said so, as 'Touch time (min)' is there (it was dropped unsaid)
    both = _csv(tmp_path, "both.csv", f"request_id,requested,done,touch_hours,{header}\n"
                                      "R1,2026-01-05 09:00,2026-01-06 10:00,0.5,22m\n")
    with pytest.warns(pf.DataQualityWarning) as caught:
        requests = load_requests(both)
    assert [str(w.message) for w in caught] == [
        f"{both}: '{header}' (touch_hours in the units its cells state; touch_hours is read from 'touch_hours') not "
        "read: keep one of the two columns"]
    assert requests[S.TOUCH_HOURS].tolist() == [0.5]
    # a bare number among them ('3' beside '22m'): said too, with the cell stating no unit (it was dropped unsaid)
    mixed = _csv(tmp_path, "mixed.csv", f"request_id,requested,done,touch_hours,{header}\n"
                                        "R1,2026-01-05 09:00,2026-01-06 10:00,0.5,22m\n"
                                        "R2,2026-01-05 09:00,2026-01-06 10:00,0.5,3\n")
    with pytest.warns(pf.DataQualityWarning) as caught:
        requests = load_requests(mixed)
    assert [str(w.message) for w in caught] == [
        f"{mixed}: '{header}' (touch_hours in the units its cells state, but '3' on line 3 states none; touch_hours "
        "is read from 'touch_hours') not read: keep one of the two columns"]
    assert requests[S.TOUCH_HOURS].tolist() == [0.5, 0.5]
    bare = _csv(tmp_path, "bare.csv", f"request_id,requested,done,touch_hours,{header}\n"
                                      "R1,2026-01-05 09:00,2026-01-06 10:00,0.5,3\n")
    with pytest.warns(pf.DataQualityWarning) as caught:
        load_requests(bare)
    assert [str(w.message) for w in caught] == [
        f"{bare}: '{header}' (touch_hours in a unit neither its header nor its cells state; touch_hours is read from "
        "'touch_hours') not read: keep one of the two columns"]


@pytest.mark.parametrize("header", ["Touch time", "Hands-on", "Time worked"])
def test_a_request_logs_touch_time_without_a_unit_is_read_from_its_cells_units(tmp_path, header):
    # every cell stating its unit, the header none: kept unread (said as not read), the pack assumed 1 h a request
    from pmo_forecast.inputs.companions import load_requests

    rows = "".join(f"R{i},2026-01-05 09:00,2026-01-06 10:00,{cell}\n" for i, cell in enumerate(
        ("22m", "1h 30m", "00:45:00", "2 Hours 30 Minutes", "", "n/a")))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        requests = load_requests(_csv(tmp_path, "requests.csv", f"request_id,requested,done,{header}\n{rows}"))
    assert requests[S.TOUCH_HOURS].round(4).tolist()[:4] == [0.3667, 1.5, 0.75, 2.5]
    assert requests[S.TOUCH_HOURS].iloc[4:].isna().all()
    assert requests.attrs["detected"]["units"] == {S.TOUCH_HOURS: (
        f"hours (column '{header}', no unit in its header: each cell states its own); 4 cells of duration text read "
        "as durations (lines 2, 3, 4, 5)")}
    assert "columns_not_read" not in requests.attrs["detected"]


@pytest.mark.parametrize("header", ["Time worked", "touch_hours", "Touch time (min)"])
def test_servicenows_spelt_out_days_in_a_request_log_are_a_timers_24_hours(tmp_path, header):
    # ServiceNow's Time worked is a timer: '1 Day 2 Hours 3 Minutes' is 26 h 3 min of it, read as a working day of 8 h
    # (10.05 h); a hand's '1 day 2 hours' and Jira's '1d 2h' keep the working day
    from pmo_forecast.inputs.companions import load_requests

    rows = "".join(f"R{i},2026-01-05 09:00,2026-01-06 10:00,{cell}\n" for i, cell in enumerate(
        ("1 Day 2 Hours 3 Minutes", "2 Days", "1d 2h", "1 day 2 hours", "3 Hours 15 Minutes")))
    requests = load_requests(_csv(tmp_path, "requests.csv", f"request_id,requested,done,{header}\n{rows}"))
    assert requests[S.TOUCH_HOURS].tolist() == [26.05, 48.0, 10.0, 10.0, 3.25]
    assert requests.attrs["detected"]["durations"] == {S.TOUCH_HOURS: (
        "2 cells in days or weeks, read at 8 h a day and 5 days a week (lines 4, 5); 2 cells in ServiceNow's duration "
        "form (1 Day 2 Hours 3 Minutes), a timer: read at 24 h a day, round the clock, not a working day of 8 h "
        "(lines 2, 3)")}


def test_a_task_exports_spelt_out_days_keep_the_working_day(tmp_path):
    # the timer's 24 h is a request log's: a task's '1d 2h' (Jira's) and '1 Day 2 Hours' are working days of 8 h
    path = _csv(tmp_path, "tasks.csv", "task_id,project_id,estimate_hours,status\nT1,P1,1 Day 2 Hours,open\n"
                                       "T2,P1,1d 2h,open\n")
    tasks = pf.load_tasks(path)
    assert tasks[S.ESTIMATE].tolist() == [10.0, 10.0]
    assert tasks.attrs["detected"]["durations"] == {
        S.ESTIMATE: "2 cells in days or weeks, read at 8 h a day and 5 days a week (lines 2, 3)"}


def test_a_timer_beside_touch_time_in_days_is_compared_in_its_24_hour_days(tmp_path):
    # the agreement check read '1 Day' as 8 h where the loader reads 24 h: 'Time worked' beside 'Touch time (days)'
    # was said to agree with 1 day (8 h), then read as 24 h
    from pmo_forecast.inputs.companions import load_requests

    head = "request_id,requested,done,Time worked,Touch time (days)\n"
    requests = load_requests(_csv(tmp_path, "requests.csv", f"{head}R1,2024-01-01,2024-01-02,1 Day,3\n"))
    assert requests[S.TOUCH_HOURS].tolist() == [24.0]
    with pytest.raises(pf.SchemaError, match=re.escape(
            "columns 'Time worked' and 'Touch time (days)' both give touch_hours, in hours and in days, and differ on "
            "line 2 (line 2: '1 Day' (24 h) against '1' (8 h))")):
        load_requests(_csv(tmp_path, "differ.csv", f"{head}R1,2024-01-01,2024-01-02,1 Day,1\n"))


def test_a_projects_status_of_health_ratings_says_they_are_no_life_stage(tmp_path):
    # a PPM register heads its RAG column 'Status': Green / Amber / Red were refused with a status_map to write
    # from them to proposed|active|on_hold|closed, which no mapping answers right
    path = _csv(tmp_path, "projects.csv", "project_id,Status,Budget\nP1,Green,100\nP2,Amber,200\nP3,Red,50\n")
    with pytest.raises(pf.SchemaError, match=re.escape(
            "or rename them in the file. These are health ratings (red, amber, green), not where each project is in "
            "its life: give the column holding that (active, on hold, closed) as the status, or leave status out "
            "(the pack rates each project itself).")):
        load_projects(path)
    # a life stage among them is an unknown status as before, said without it
    with pytest.raises(pf.SchemaError) as e:
        load_projects(_csv(tmp_path, "other.csv", "project_id,Status\nP1,Green\nP2,Dreaming\n"))
    assert "health ratings" not in str(e.value)


def test_two_names_of_one_column_giving_other_values_say_which_was_read(tmp_path):
    # 'Start Date' beside 'Hire Date': the first was read, the other kept unsaid, whichever the person meant
    path = _csv(tmp_path, "people.csv", "Employee,Start Date,Hire Date\nAnn,2020-01-01,2019-05-01\n"
                                        "Bo,2021-01-01,2021-01-01\n")
    with pytest.warns(pf.DataQualityWarning, match=re.escape("'Hire Date' not read: 'Start Date' (read as start) "
                                                             "beside it gives other values; keep the one meant")):
        people = load_people(path)
    assert people["start"].tolist() == [pd.Timestamp("2020-01-01"), pd.Timestamp("2021-01-01")]
    # the same values under both: nothing to say
    same = _csv(tmp_path, "same.csv", "Employee,Start Date,Hire Date\nAnn,2020-01-01,2020-01-01\n")
    assert "columns_not_read" not in load_people(same).attrs["detected"]


@pytest.mark.parametrize("header", ["Job Profile", "Business Title", "Job Function"])
def test_hr_role_headers_are_read_as_the_role_as_a_job_title_is(tmp_path, header):
    # Workday's Job Profile and Business Title, a Job Function: not read, everyone had no role and the PM pool no PM
    people = load_people(_csv(tmp_path, "people.csv", f"Employee,{header},Hours per week\nAnn,Senior Project Manager,40\n"
                                                      "Bo,Project Manager II,40\nCy,Developer,40\n"))
    assert people[S.ROLE].tolist() == ["pm", "pm", "Developer"]
    assert people.attrs["detected"]["roles"] == ("'Senior Project Manager' read as 'pm', 'Project Manager II' read as "
                                                 "'pm'")
    assert header not in people.columns


def test_of_several_hr_role_headers_the_first_is_read_and_the_others_said_as_not_read(tmp_path):
    path = _csv(tmp_path, "people.csv", "Employee,Business Title,Job Profile,Job Title,Hours per week\n"
                                        "Ann,Senior PM,Project Manager II,Project Manager,40\nBo,Developer,Developer,"
                                        "Developer,40\n")
    with pytest.warns(pf.DataQualityWarning) as caught:
        people = load_people(path)
    assert people[S.ROLE].tolist() == ["pm", "Developer"]
    notes = [f"'{h}' not read: 'Business Title' (read as role) beside it gives other values; keep the one meant"
             for h in ("Job Profile", "Job Title")]
    assert people.attrs["detected"]["columns_not_read"] == "; ".join(notes)
    assert [str(w.message) for w in caught] == [f"{path}: {note}" for note in notes]
    # 'Position' stays unread: other tables use it for other things
    people = load_people(_csv(tmp_path, "position.csv", "Employee,Position\nAnn,Project Manager\n"))
    assert people[S.ROLE].tolist() == ["(no role)"]
    assert people["Position"].tolist() == ["Project Manager"]


@pytest.mark.parametrize("first, last", [("First name", "Last name"), ("First Name", "Last Name"),
                                         ("Given name", "Family name"), ("Given name", "Surname"),
                                         ("Vorname", "Nachname"), ("Prénom", "Nom")])
def test_a_name_in_two_columns_is_read_as_first_and_last_joined_and_said(tmp_path, first, last):
    # an HR export with no name column of its own was refused: "missing required column 'person' (closest: none)"
    people = load_people(_csv(tmp_path, "people.csv", f"{first},{last},Job Title,Hours per week\n"
                                                      " Ann , Lee ,Project Manager,40\nBo,,Developer,40\n"
                                                      ",Chan,Developer,32\n"))
    assert people[S.PERSON].tolist() == ["Ann Lee", "Bo", "Chan"]
    assert people[S.ROLE].tolist() == ["pm", "Developer", "Developer"]
    assert people.attrs["detected"]["names"] == (
        f"'{first}' and '{last}' joined with a space as each person's name (no name column): 'Ann' and 'Lee' read as "
        "'Ann Lee'; 2 people with one part blank named by the other alone (lines 3, 4)")
    # the tasks' assignees are matched to them as any name is
    tasks = pd.DataFrame({S.TASK_ID: ["a", "b", "c"], S.PROJECT_ID: "P", S.STATUS: "open",
                          S.ASSIGNEE: ["Ann Lee", "Bo", "Zed"]})
    found = pf.validate_tasks(tasks, as_of="2025-01-01", people=people).findings
    assert found.loc[found["check"].str.startswith(("unknown_assignee", "assignee_")), "id"].tolist() == ["c"]
    # loaded again (the pack reads what it is given): the same names, nothing said as not read
    again = load_people(people)
    assert again[S.PERSON].tolist() == ["Ann Lee", "Bo", "Chan"] and "columns_not_read" not in again.attrs["detected"]


def test_a_name_column_beside_first_and_last_names_is_read_and_they_are_said_as_not_read(tmp_path):
    path = _csv(tmp_path, "people.csv", "First Name,Last Name,Employee Name\nAnn,Lee,Ann B. Lee\n")
    note = "'First Name' and 'Last Name' not read: person is read from 'Employee Name' beside them"
    with pytest.warns(pf.DataQualityWarning, match=f"^{re.escape(f'{path}: {note}')}$"):
        people = load_people(path)
    assert people[S.PERSON].tolist() == ["Ann B. Lee"]
    assert people.attrs["detected"]["columns_not_read"] == note
    assert "names" not in people.attrs["detected"]


def test_first_and_last_names_beside_a_name_column_are_said_once_by_the_files_header_when_loaded_again(tmp_path):
    # the returned table loaded again (as the pack does) warned again, naming the header 'person', its own name:
    # "<DataFrame>: 'First Name' and 'Last Name' not read: person is read from 'person' beside them"
    path = _csv(tmp_path, "people.csv", "First Name,Last Name,Employee Name\nAnn,Lee,Ann B. Lee\n")
    note = "'First Name' and 'Last Name' not read: person is read from 'Employee Name' beside them"
    with pytest.warns(pf.DataQualityWarning, match=f"{re.escape(str(path))}: {re.escape(note)}$"):
        people = load_people(path)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        again = load_people(people)
    assert again.attrs["detected"]["columns_not_read"] == note
    # first and last names added to the returned table: said, naming the header the names are read from
    people["First Name"], people["Last Name"] = "Ann", "Lee"
    people.attrs["detected"].pop("columns_not_read")
    with pytest.warns(pf.DataQualityWarning) as caught:
        load_people(people)
    assert [str(w.message) for w in caught] == [f"<DataFrame>: {note}"]


@pytest.mark.parametrize("name, last", [("Name", "Surname"), ("Employee", "Last name"), ("Name", "Nachname")])
def test_a_name_of_one_word_beside_a_last_name_is_joined_with_it_and_said(tmp_path, name, last):
    # 'Name' read as the whole name, 'Surname' dropped unsaid: Ann Lee and Ann Chan were refused as 'Ann' twice
    path = _csv(tmp_path, "people.csv", f"{name},{last},Role\nAnn,Lee,pm\nAnn,Chan,dev\nBo,,dev\n")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        people = load_people(path)
    assert people[S.PERSON].tolist() == ["Ann Lee", "Ann Chan", "Bo"]
    assert people.attrs["detected"]["names"] == (
        f"'{name}' and '{last}' joined with a space as each person's name ('{name}' holds first names: one word in "
        "every row with a last name): 'Ann' and 'Lee' read as 'Ann Lee'; 1 person with one part blank named by the "
        "other alone (line 4)")
    assert "columns_not_read" not in people.attrs["detected"]
    with warnings.catch_warnings():  # loaded again (the pack reads what it is given): the same names, unsaid
        warnings.simplefilter("error")
        assert load_people(people)[S.PERSON].tolist() == ["Ann Lee", "Ann Chan", "Bo"]


def test_a_whole_name_beside_a_last_name_is_read_and_the_last_name_said_as_not_read(tmp_path):
    # a space in a name beside a last name: whole names, read as they are; the last name was dropped unsaid
    path = _csv(tmp_path, "people.csv", "Name,Surname,Role\nAnn,Lee,pm\nBo Chan,Chan,dev\nCy Dee,,dev\n")
    note = "'Surname' not read: person is read from 'Name' beside it, which holds whole names ('Bo Chan' on line 3)"
    with pytest.warns(pf.DataQualityWarning) as caught:
        people = load_people(path)
    assert [str(w.message) for w in caught] == [f"{path}: {note}"]
    assert people[S.PERSON].tolist() == ["Ann", "Bo Chan", "Cy Dee"]
    assert people.attrs["detected"]["columns_not_read"] == note and "names" not in people.attrs["detected"]
    with warnings.catch_warnings():  # a whole name without a last name beside it: no sign of first names alone
        warnings.simplefilter("error")
        assert load_people(_csv(tmp_path, "blank.csv", "Name,Surname\nAnn Lee,\n"))[S.PERSON].tolist() == ["Ann Lee"]


def test_two_people_a_first_name_and_a_last_name_make_one_name_are_refused(tmp_path):
    path = _csv(tmp_path, "people.csv", "Name,Surname\nAnn,Lee\nAnn,Lee\n")
    with pytest.raises(pf.SchemaError) as e:
        load_people(path)
    assert str(e.value).endswith("Each name is 'Name' and 'Surname' joined: two people of one name need names that "
                                 "tell them apart (a middle initial).")


@pytest.mark.parametrize("load, text, said", [
    (load_people, "Employee,Hours per week\nAnn,40\nBo,40\nAnn,32\n",
     "column 'Employee' (read as person) must be unique, but 'Ann' appears more than once (lines 2, 4). Keep one row "
     "per person (merge or delete the others)."),
    (load_projects, "Project code,Budget (h)\nP1,10\nP1,20\n",
     "column 'Project code' (read as project_id) must be unique, but 'P1' appears more than once (lines 2, 3). Keep "
     "one row per project_id (merge or delete the others)."),
    ("requests", "Ticket,Opened\nR1,2026-01-05\nR1,2026-01-06\n",
     "column 'Ticket' (read as request_id) must be unique, but 'R1' appears more than once (lines 2, 3). Keep one row "
     "per request_id (merge or delete the others).")])
def test_a_companion_tables_key_given_twice_is_named_as_the_file_heads_it(tmp_path, load, text, said):
    # the error named 'person', a column the file does not have: which of its columns to fix was left to guess
    from pmo_forecast.inputs.companions import load_requests

    path = _csv(tmp_path, "table.csv", text)
    with pytest.raises(pf.SchemaError) as e:
        (load_requests if load == "requests" else load)(path)
    assert str(e.value) == f"{path}: {said}"


def test_two_people_first_and_last_names_make_one_name_are_refused_as_any_name_twice(tmp_path):
    # two Ann Lees: joined, one person's capacity counted twice or two people merged, unsaid
    path = _csv(tmp_path, "people.csv", "First name,Last name,Department\nAnn,Lee,IT\nAnn,Lee,Finance\nBo,Ek,IT\n")
    with pytest.raises(pf.SchemaError) as e:
        load_people(path)
    assert str(e.value) == (
        f"{path}: column 'person' must be unique, but 'Ann Lee' appears more than once (lines 2, 3). Keep one row per "
        "person (merge or delete the others). Each name is 'First name' and 'Last name' joined: two people of one name "
        "need names that tell them apart (a middle initial, or a name column of their own, which is read instead).")
    assert e.value.rows == [2, 3]


def test_names_joined_from_two_columns_reach_the_pack_assumptions(tmp_path):
    rows = _assumptions(tmp_path, people=_csv(tmp_path, "people.csv", "Vorname,Nachname,Rolle\nAna,,dev\nBo,,pm\n"))
    assert rows["people: names"] == ("'Vorname' and 'Nachname' joined with a space as each person's name (no name "
                                     "column); 2 people with one part blank named by the other alone (lines 2, 3)")


@pytest.mark.parametrize("header", ["Benötigte Zeit", "Temps consacré", "Tiempo empleado"])
def test_a_bare_localised_time_spent_outside_a_jira_service_management_log_is_said_as_not_read(tmp_path, header):
    # Jira's Time Spent in German, French or Spanish was dropped unsaid where 'Time Spent' was said as not read
    from pmo_forecast.inputs.companions import load_requests

    path = _csv(tmp_path, "hand.csv", f"request_id,requested,done,{header}\nR1,2026-01-05,2026-01-06,5400\n")
    with pytest.warns(pf.DataQualityWarning) as caught:
        requests = load_requests(path)
    # the note named English headers only; a log's own 'Vorgangsschlüssel' and 'Kundenanfragetyp' make it one too
    assert [str(w.message) for w in caught] == [
        f"{path}: '{header}' ('5400' on line 2 states no unit) not read: touch_hours is read from a header stating its "
        "unit ('Touch time (h)', 'Touch time (min)', 'Touch time (days)'), which plain numbers are in, or from cells "
        f"that each state theirs ('22m', '1h 30m', '00:45:00'); Jira's Time Spent ('{header}') is read in seconds only "
        "in a Jira Service Management export (an issue key, 'Vorgangsschlüssel', 'Clé de ticket', 'Clave de "
        "incidencia' or 'Issue key', beside a request type, 'Request type', 'Customer request type' or "
        "'Kundenanfragetyp'), which this log is not"]
    assert requests[S.TOUCH_HOURS].isna().all() and requests[header].iloc[0] == 5400  # kept, as read
    # each cell stating its unit, it is read, as 'Time Spent' is
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        stated = load_requests(_csv(tmp_path, "stated.csv", f"request_id,requested,done,{header}\n"
                                                            "R1,2026-01-05,2026-01-06,1h 30m\n"))
    assert stated[S.TOUCH_HOURS].tolist() == [1.5]


def test_a_german_jira_export_without_a_request_type_says_its_time_spent_not_read(tmp_path):
    from pmo_forecast.inputs.companions import load_requests

    path = _csv(tmp_path, "requests.csv", _JSM_LOG_DE.format(kind="Kategorie"))
    with pytest.warns(pf.DataQualityWarning) as caught:
        requests = load_requests(path, column_map={"Vorgangsschlüssel": "request_id", "Erstellt": "requested",
                                                   "Erledigt": "done", "Kategorie": "kind"})
    assert [str(w.message) for w in caught if "Benötigte Zeit" in str(w.message)] == [
        f"{path}: 'Benötigte Zeit' ('5400' on line 2 states no unit) not read: touch_hours is read from a header "
        "stating its unit ('Touch time (h)', 'Touch time (min)', 'Touch time (days)'), which plain numbers are in, or "
        "from cells that each state theirs ('22m', '1h 30m', '00:45:00'); Jira's Time Spent ('Benötigte Zeit') is "
        "read in seconds only in a Jira Service Management export (an issue key, 'Vorgangsschlüssel', 'Clé de "
        "ticket', 'Clave de incidencia' or 'Issue key', beside a request type, 'Request type', 'Customer request "
        "type' or 'Kundenanfragetyp'), which this log is not"]
    assert requests[S.TOUCH_HOURS].isna().all()


def test_a_people_frame_with_names_in_two_parts_names_its_rows_by_person():
    # a DataFrame with 'First name' and 'Last name' had its rows named by position ("row 1, counted from 0"), as a
    # frame with no person column is: the person column is made from the two parts after the rows were named
    frame = pd.DataFrame({"First name": ["Ann", "Bob", "Cy"], "Last name": ["Lee", "Ray", "Oh"],
                          "role": ["pm", "dev", "dev"], "hours_per_week": [40, "x", 40]})
    with pytest.raises(pf.SchemaError) as e:
        load_people(frame)
    assert str(e.value) == ("<DataFrame>: column 'hours_per_week' must be numeric (hours) but has 'x' on person Bob "
                            "Ray. Fix those cells (numbers like 4 or 3.5, or durations like 3h 30m) or map another "
                            "column to 'hours_per_week'.")
    assert e.value.rows == ["Bob Ray"]
    # two people the parts give one name: no name tells the rows apart, named by position
    with pytest.raises(pf.SchemaError, match=re.escape("'Ann Lee' appears more than once (rows 0, 2, counted from 0)")):
        load_people(frame.assign(**{"First name": ["Ann", "Bob", "Ann"], "Last name": ["Lee", "Ray", "Lee"]}))


def test_a_workday_workers_preferred_name_is_the_persons_name(tmp_path):
    # Workday's worker report names each person by their Preferred Name: the table was refused ("missing required
    # column 'person' (closest: none)")
    people = load_people(_csv(tmp_path, "workers.csv", "Employee ID,Preferred Name,Business Title,Scheduled Weekly "
                                                        "Hours\n21001,Ann Lee,Software Engineer,40\n"
                                                        "21002,Bob Ray,Software Engineer,32\n"))
    assert people[S.PERSON].tolist() == ["Ann Lee", "Bob Ray"] and people[S.HOURS_PER_WEEK].tolist() == [40.0, 32.0]
    # beside a Name column, that one is the name, the other said as not read
    path = _csv(tmp_path, "named.csv", "Name,Preferred Name,Hours per week\nAnn Lee,Annie,40\n")
    with pytest.warns(pf.DataQualityWarning, match=re.escape("'Preferred Name' not read: 'Name' (read as person) "
                                                             "beside it gives other values; keep the one meant")):
        named = load_people(path)
    assert named[S.PERSON].tolist() == ["Ann Lee"]


def test_a_workday_workers_name_under_worker_or_legal_name_is_the_persons_name(tmp_path):
    # a Workday report naming each person under 'Worker' or 'Legal Name' was refused ("missing required column
    # 'person' (closest: none)")
    for header in ("Worker", "Legal Name"):
        people = load_people(_csv(tmp_path, "workers.csv", f"Employee ID,{header},Scheduled Weekly Hours\n"
                                                            "21001,Ann Lee,40\n21002,Bob Ray,32\n"))
        assert people[S.PERSON].tolist() == ["Ann Lee", "Bob Ray"]
    # read in the order Name, Preferred Name, Worker, Legal Name, wherever the header puts them; the others said
    path = _csv(tmp_path, "all.csv", "Legal Name,Worker,Preferred Name,Hours per week\nAnn Marie Lee,A. Lee,Annie,40\n")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        people = load_people(path)
    assert people[S.PERSON].tolist() == ["Annie"]
    assert [str(w.message) for w in caught] == [
        f"{path}: 'Legal Name' not read: 'Preferred Name' (read as person) beside it gives other values; keep the "
        "one meant",
        f"{path}: 'Worker' not read: 'Preferred Name' (read as person) beside it gives other values; keep the one "
        "meant"]
    path = _csv(tmp_path, "two.csv", "Worker,Name,Hours per week\nA. Lee,Ann Lee,40\n")
    with pytest.warns(pf.DataQualityWarning, match=re.escape("'Worker' not read: 'Name' (read as person)")):
        assert load_people(path)[S.PERSON].tolist() == ["Ann Lee"]
    path = _csv(tmp_path, "legal.csv", "Legal Name,Worker,Hours per week\nAnn Marie Lee,Ann Lee,40\n")
    with pytest.warns(pf.DataQualityWarning, match=re.escape("'Legal Name' not read: 'Worker' (read as person)")):
        assert load_people(path)[S.PERSON].tolist() == ["Ann Lee"]
    path = _csv(tmp_path, "preferred.csv", "Preferred Name,Name,Hours per week\nAnnie,Ann Lee,40\n")
    with pytest.warns(pf.DataQualityWarning, match=re.escape("'Preferred Name' not read: 'Name' (read as person)")):
        assert load_people(path)[S.PERSON].tolist() == ["Ann Lee"]


def test_a_workday_reports_program_delivery_and_engagement_managers_are_pms_and_said(tmp_path):
    # Workday's Business Title 'Program Manager', 'Senior Delivery Manager', 'Engagement Manager': planned as
    # developers taking tasks, the PM pool without them; a PMO counts them among its PMs
    people = load_people(_csv(tmp_path, "workers.csv", "Preferred Name,Business Title,Scheduled Weekly Hours\n"
                                                        "Ann Lee,Program Manager,40\nBob Ray,Senior Delivery Manager,40\n"
                                                        "Cy Day,Engagement Manager,32\nDee Fox,Software Engineer,40\n"
                                                        "Eve Kim,Program Manager Assistant,40\n"))
    assert people[S.ROLE].tolist() == ["pm", "pm", "pm", "Software Engineer", "Program Manager Assistant"]
    assert people.attrs["detected"]["roles"] == ("'Program Manager' read as 'pm', 'Senior Delivery Manager' read as "
                                                 "'pm', 'Engagement Manager' read as 'pm'")


def test_a_service_delivery_manager_is_no_pm_and_said(tmp_path):
    # 'Service Delivery Manager' ends with 'delivery manager' and was read as 'pm': in IT service management it is an
    # operations role (a live service's SLAs, incidents and changes), not a project manager, and it was one more
    # server of the PM pool; kept as written, said beside the titles read as 'pm'
    people = load_people(_csv(tmp_path, "workers.csv", "Preferred Name,Business Title,Scheduled Weekly Hours\n"
                                                        "Ann Lee,Service Delivery Manager,40\n"
                                                        "Bob Ray,Senior Service Delivery Manager,40\n"
                                                        "Cy Day,Delivery Manager,40\n"))
    assert people[S.ROLE].tolist() == ["Service Delivery Manager", "Senior Service Delivery Manager", "pm"]
    assert people.attrs["detected"]["roles"] == (
        "'Delivery Manager' read as 'pm', 'Service Delivery Manager', 'Senior Service Delivery Manager' not read as "
        "'pm' (IT service management's operations roles: running a live service, not projects)")
