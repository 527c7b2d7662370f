"""Durations as trackers, plans and spreadsheets write them: MS Project's months, estimated
and elapsed durations; a workbook's date-times in an hours column are refused with how to save them.

Reference values: MS Project's defaults are 8 hours a day, 40 a week and 20 days a month (File >
Options > Schedule); Excel stores a duration as days (37:30 is 1.5625) and, in its 1900 date system,
shows serial 1 as 1900-01-01 and counts a 29 February 1900 (serial 60), so openpyxl decodes serials
1 to 59 one day late.
"""

import datetime as dt
import re

import openpyxl
import pandas as pd
import pytest
from helpers import FEW_TRIALS, pack_settings

from pmo_forecast import DataQualityWarning, SchemaError, load_tasks
from pmo_forecast.core import schema as S
from pmo_forecast.core.exceptions import SettingsWarning
from pmo_forecast.inputs.parsing import DAYS_PER_MONTH, parse_hours


def write(tmp_path, text, name="tasks.csv"):
    p = tmp_path / name
    p.write_bytes(text.encode())
    return p


@pytest.mark.parametrize("cell, hours", [
    ("5 days?", 40.0), ("3d?", 24.0), ("2 wks?", 80.0), ("1.5 hrs?", 1.5),  # MS Project: an estimated duration
    ("1 mon", 160.0), ("2 mons", 320.0), ("1 month", 160.0), ("1mo", 160.0), ("0,5 mon", 80.0),
    ("3 months", 480.0), ("1 mon?", 160.0), ("2 dys", 16.0), ("1 mon 2 wks", 240.0)])
def test_ms_project_durations(cell, hours):
    out, bad = parse_hours(pd.Series([cell]))
    assert out.iloc[0] == hours and not bad.any()


def test_a_month_is_twenty_working_days_of_the_given_length():
    assert DAYS_PER_MONTH == 20  # MS Project's default "Days per month"
    out, bad = parse_hours(pd.Series(["1 mon", "2d?"]), hours_per_day=7.5)
    assert out.tolist() == [150.0, 15.0] and not bad.any()


def test_a_question_mark_alone_is_still_a_placeholder_and_a_number_needs_its_unit(tmp_path):
    p = write(tmp_path, "task_id,project_id,estimate_hours\nA,P,?\nB,P,2d?\n")
    df = load_tasks(p)
    assert df[S.ESTIMATE].iloc[1] == 16.0 and pd.isna(df[S.ESTIMATE].iloc[0])
    p = write(tmp_path, "task_id,project_id,estimate_hours\nA,P,5?\n")
    with pytest.raises(SchemaError, match=r"tasks.csv: column 'estimate_hours' must be numeric \(hours\) but has "
                                          r"'5\?' on line 2"):
        load_tasks(p)


def test_durations_in_a_csv_and_what_they_assumed(tmp_path):
    rows = ["5 days?", "3d?", "2 wks?", "1 mon", "2 mons", "1 month", "1mo", "37:30", "125:00", "1w 2d 3h 30m",
            "2d 4h", "PT7H30M", "P1DT2H", '"1,5h"', '"1,5 d"', "4"]
    text = "task_id,project_id,estimate_hours\n" + "".join(f"T{i},P,{v}\n" for i, v in enumerate(rows))
    df = load_tasks(write(tmp_path, text))
    assert df[S.ESTIMATE].tolist() == [40.0, 24.0, 80.0, 160.0, 320.0, 160.0, 160.0, 37.5, 125.0, 59.5,
                                       20.0, 7.5, 10.0, 1.5, 12.0, 4.0]
    assert df.attrs["detected"]["durations"] == {S.ESTIMATE: (
        "7 cells in days or weeks, read at 8 h a day and 5 days a week (lines 2, 3, 4, 11, 12, 14, 16); "
        "4 cells in months, read at 20 working days a month (160 h, MS Project's default) (lines 5, 6, 7, 8); "
        "3 cells marked '?' (MS Project's estimated durations), read at their value: a '?' is on a Duration, "
        "the working span, not on Work, the effort; map Work if it is there (lines 2, 3, 4)")}


def test_elapsed_durations_are_refused_naming_the_cells(tmp_path):
    # elapsed time is calendar time round the clock: 5 edays may hold no work or 120 hours of it
    p = write(tmp_path, "task_id,project_id,estimate_hours\nA,P,4\nB,P,5 edays\nC,P,2 ewks\nD,P,1 emon?\n")
    with pytest.raises(SchemaError) as e:
        load_tasks(p)
    msg = str(e.value)
    assert msg.startswith("" + str(p) + ": column 'estimate_hours' has elapsed durations '5 edays', '2 ewks', "
                          "'1 emon?' on lines 3, 4, 5: MS Project's elapsed time runs round the clock")
    assert e.value.column == S.ESTIMATE and list(e.value.rows) == [3, 4, 5]


def test_iso_calendar_months_and_years_are_refused_with_their_own_message(tmp_path):
    # P1M and P1Y were "must be numeric (hours)" as if mistyped; PT1M (a minute), P2W, PT3H30M and P1DT2H
    # are working time and read as before
    p = write(tmp_path, "task_id,project_id,estimate_hours\nA,P,P2W\nB,P,P1M\nC,P,PT3H30M\nD,P,P1Y\n"
                        "E,P,P1Y2M10DT2H\nF,P,P1DT2H\n")
    with pytest.raises(SchemaError) as e:
        load_tasks(p)
    assert str(e.value) == (
        f"{p}: column 'estimate_hours' has ISO 8601 durations in calendar months or years 'P1M', 'P1Y', "
        "'P1Y2M10DT2H' on lines 3, 5, 6: a calendar month or year is elapsed time (28 to 31 days, 365 or 366), "
        "not effort, so it is not read as hours. Write the work in hours (PT160H or 160) or in working days "
        "(P20D or 20d) or map another column to 'estimate_hours'.")
    assert e.value.column == S.ESTIMATE and list(e.value.rows) == [3, 5, 6]
    ok = write(tmp_path, "task_id,project_id,estimate_hours\nA,P,P2W\nB,P,PT1M\nC,P,PT3H30M\nD,P,P1DT2H\n")
    assert load_tasks(ok)[S.ESTIMATE].tolist() == [80.0, 1 / 60, 3.5, 10.0]


def _sheet(path, rows, formats, *, date1904=False):
    """A workbook of tasks whose estimate cells hold ``rows``' values with the given number formats."""
    wb = openpyxl.Workbook()
    if date1904:
        wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    ws = wb.active
    ws.append(["task_id", "project_id", "estimate_hours"])
    for i, (value, fmt) in enumerate(zip(rows, formats, strict=True)):
        ws.append([f"T{i}", "P", value])
        ws.cell(i + 2, 3).number_format = fmt
    wb.save(path)
    return path


def test_hour_clocks_of_a_day_or_more_in_a_workbook(tmp_path):
    # a [h]:mm cell is a time span, an h:mm cell under a day a clock time: both hours
    values = [dt.timedelta(hours=37, minutes=30), 0.5625, "1 mon", 3]
    formats = ["[h]:mm", "h:mm", "General", "General"]
    df = load_tasks(_sheet(tmp_path / "t.xlsx", values, formats))
    assert df[S.ESTIMATE].tolist() == [37.5, 13.5, 160.0, 3.0]
    assert df.attrs["detected"]["durations"][S.ESTIMATE] == (
        "1 cell in months, read at 20 working days a month (160 h, MS Project's default) (line 4)")


@pytest.mark.parametrize(("value", "fmt", "shown"), [
    (3, "yyyy-mm-dd", "1900-01-03 00:00:00"),       # 3 hours typed into a date-formatted cell
    (dt.datetime(2024, 5, 1), "yyyy-mm-dd", "2024-05-01 00:00:00"),
])
def test_date_times_in_an_hours_column_are_refused_with_how_to_save_them(tmp_path, value, fmt, shown):
    # Reading the date-time as days would make the first 72 hours: refused, naming the cell, with the fix
    # (an h:mm cell of a day or more is read as hours: test_workbooks).
    p = _sheet(tmp_path / "t.xlsx", [2, value], ["General", fmt])
    with pytest.raises(SchemaError, match=(rf"t.xlsx: column 'estimate_hours' must be numeric \(hours\) but has "
                                           rf"'{shown}' on line 3\. .* A date-time in an hours column is a duration "
                                           r"of a day or more formatted h:mm, or a number in a cell formatted as a "
                                           r"date: format the column \[h\]:mm or as a number and save again\.")):
        load_tasks(p)


def test_time_spans_are_hours_whatever_the_unit_of_the_numbers(tmp_path):
    # the mapping says the numbers are seconds; a [h]:mm cell is a duration of its own (it was divided by 3600)
    p = _sheet(tmp_path / "t.xlsx", [7200, dt.timedelta(hours=37, minutes=30)], ["General", "[h]:mm"])
    df = load_tasks(p, mapping={"estimate": {"column": "estimate_hours", "unit": "seconds"}})
    assert df[S.ESTIMATE].tolist() == [2.0, 37.5]
    assert df.attrs["detected"]["units"][S.ESTIMATE] == (
        "plain numbers read as seconds; 1 cell of time spans (h:mm, 1:30 = 1.5 h) read as hours (line 3)")


def test_a_mappings_unit_is_the_unit_of_plain_numbers_only(tmp_path):
    # estimates in days of 7.5 hours: "3h 30m" was read as 3.5 and then taken for 3.5 days (26.25 h), "1d" as 8 h
    p = write(tmp_path, "task_id,project_id,estimate_hours\nA,P,2\nB,P,3h 30m\nC,P,1d\nD,P,1 mon\n")
    df = load_tasks(p, mapping={"estimate": {"column": "estimate_hours", "unit": "days", "hours_per_day": 7.5}})
    assert df[S.ESTIMATE].tolist() == [15.0, 3.5, 7.5, 150.0]
    assert df.attrs["detected"]["units"][S.ESTIMATE] == (
        "plain numbers read as days; 3 cells of duration text read as durations (lines 3, 4, 5)")


def test_duration_assumptions_are_in_the_pack(tmp_path):
    import warnings

    import pmo_forecast as pf

    csv = ("task_id,project_id,estimate_hours,actual_hours,status,created,finished\n"
           "1,P,1 mon,170,done,2024-03-01,2024-04-01\n2,P,5 days?,44,done,2024-03-04,2024-03-12\n"
           "3,P,2d,,open,2024-04-10,\n")
    (tmp_path / "t.csv").write_text(csv, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=FEW_TRIALS, category=SettingsWarning)  # 100 trials, to be quick
        pack = pf.export_planning_pack(tmp_path / "out" / "pack.xlsx", tasks=tmp_path / "t.csv", n_trials=100,
                                       progress=False)
    rows = pack_settings(pack)
    assert rows["tasks: durations"] == (
        "Estimate (hours): 2 cells in days or weeks, read at 8 h a day and 5 days a week (lines 3, 4); "
        "1 cell in months, read at 20 working days a month (160 h, MS Project's default) (line 2); "
        "1 cell marked '?' (MS Project's estimated durations), read at their value: a '?' is on a Duration, "
        "the working span, not on Work, the effort; map Work if it is there (line 3)")


@pytest.mark.parametrize(("column", "value", "kind"), [
    ("cost_per_hour", "2d", "an amount"),     # was 16 (money read as 2 days of hours)
    ("availability", "1h", "a share"),        # was 1.0 (full time)
])
def test_a_duration_is_not_money_or_a_share(tmp_path, column, value, kind):
    from pmo_forecast import load_people

    p = write(tmp_path, f"person,role,hours_per_week,{column}\nAda,dev,40,{value}\n")
    with pytest.raises(SchemaError, match=rf"column '{column}' must be numeric \({kind}\) but has '{value}' on line 2"):
        load_people(p)


def test_a_weekly_capacity_in_months_or_above_a_weeks_hours_is_refused(tmp_path):
    # "1 mon" was 160 h a week, "5w" 200 h, silently; weeks and days stay (1w is 40 h a week)
    from pmo_forecast import load_people, load_projects

    def refused(rows):
        p = write(tmp_path, "person,hours_per_week\n" + rows, "people.csv")
        with pytest.raises(SchemaError) as e:
            load_people(p)
        return p, e.value

    p, e = refused("Ada,40\nBo,1 mon\nCy,2 mons\n")
    assert str(e) == (f"{p}: column 'hours_per_week' has durations in months, '1 mon' (160 h), '2 mons' "
                      "(320 h), on lines 3, 4: the column holds the hours worked in one week, not a month's "
                      "work. Write the hours a week (40, 37.5 or 5d) or map another column to "
                      "'hours_per_week'.")
    assert e.column == S.HOURS_PER_WEEK and list(e.rows) == [3, 4]
    p, e = refused("Ada,200\nBo,5w\nCy,168\nDi,169\n")
    assert str(e) == (f"{p}: column 'hours_per_week' has '200' (200 h), '5w' (200 h), '169' (169 h) on "
                      "lines 2, 3, 5: more than the 168 hours a week holds. It holds the hours worked each "
                      "week (40, 37.5 or 5d): fix those cells or map another column to 'hours_per_week'.")
    assert list(e.rows) == [2, 3, 5]
    # "1 M" was a minute a week (0.0167 h), inside validate_people's range and silently planned with
    p, e = refused("Ada,40\nBo,1 M\nCy,0\nDi,30m\n")
    assert str(e) == (f"{p}: column 'hours_per_week' has '1 M' (0.0166667 h), '30m' (0.5 h) on lines 3, 5: "
                      "less than an hour a week. It holds the hours worked each week (40, 37.5 or 5d; 'm' and "
                      "'M' are minutes, 'mo' months; 0 for someone not working): fix those cells or map "
                      "another column to 'hours_per_week'.")
    assert list(e.rows) == [3, 5]
    # a plain number is the hours as written (a people table built from a short history holds fractions)
    ok = write(tmp_path, "person,hours_per_week\nAda,1w\nBo,2d\nCy,168\nDi,0\nEd,0.5\n", "people.csv")
    assert load_people(ok)[S.HOURS_PER_WEEK].tolist() == [40.0, 16.0, 168.0, 0.0, 0.5]
    # a budget in months is person-months of work: read as before
    budget = write(tmp_path, "project_id,budget_hours\nA,2 mons\n", "projects.csv")
    assert load_projects(budget)[S.BUDGET].tolist() == [320.0]


def test_a_decimal_comma_weekly_capacity_is_a_plain_number(tmp_path):
    # '0,8' hours a week in a ';' file was taken for duration text (bare pd.to_numeric reads no comma) and
    # refused as "less than an hour a week"; the column's own decimal mark reads it as 0.8 h, as '0.8' is
    import warnings

    from pmo_forecast import load_people
    p = write(tmp_path, "person;team;hours a week;availability\nAna;A;37,5;0,8\nBo;A;0,8;1\nCy;A;30m;1\n",
              "people.csv")
    with pytest.raises(SchemaError, match="has '30m' \\(0.5 h\\) on line 4: less than an hour a week"):
        load_people(p)  # duration text under an hour is still refused
    p = write(tmp_path, "person;team;hours a week;availability\nAna;A;37,5;0,8\nBo;A;0,8;1\n", "people.csv")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        people = load_people(p)
    assert people[S.HOURS_PER_WEEK].tolist() == [37.5, 0.8]
    assert people[S.AVAILABILITY].tolist() == [0.8, 1.0]


def test_story_points_are_plain_numbers(tmp_path):
    # a column mapped to story points read "3h 30m" as 3.5 points
    p = write(tmp_path, "task_id,project_id,points\nA,P,3\nB,P,3h 30m\n")
    mapping = {"estimate": {"column": "points", "unit": "points"}}
    # the file's own header first, then the column it is read as (fuzz round 21)
    with pytest.raises(SchemaError, match=r"column 'points' \(read as estimate_hours\) must be numeric \(story "
                                          r"points\) but has '3h 30m' on line 3\. Fix those cells \(plain numbers "
                                          r"like 3 or 0\.5\)"):
        load_tasks(p, mapping=mapping)
    ok = write(tmp_path, "task_id,project_id,points\nA,P,3\nB,P,0.5\n")
    assert load_tasks(ok, mapping=mapping)[S.ESTIMATE].tolist() == [3.0, 0.5]


def test_thousands_in_duration_text_follow_the_column_s_decimal_mark(tmp_path):
    # "1,500 hrs" was read as 1.5 h whatever the file: a comma in duration text was always a decimal mark
    point = write(tmp_path, "task_id,project_id,estimate_hours\nA,P,\"1,500 hrs\"\nB,P,2.5\nC,P,\"1,5h\"\n")
    with pytest.warns(DataQualityWarning, match=re.escape(
            f"{point}: column 'estimate_hours' has '1,500 hrs' as 1500 h (line 2) read with a decimal point, as the "
            "file writes its decimals (the column's '1,5h' on line 4 has a decimal comma), though they read with a "
            "decimal comma too: ambiguous, check them.")):
        assert load_tasks(point)[S.ESTIMATE].tolist() == [1500.0, 2.5, 1.5]
    comma = write(tmp_path, "task_id;project_id;estimate_hours\nA;P;1.500 Std\nB;P;2,5\nC;P;1,250h\n", "de.csv")
    assert load_tasks(comma)[S.ESTIMATE].tolist() == [1500.0, 2.5, 1.25]


def test_duration_text_with_thousands_and_decimals_is_read(tmp_path):
    # fuzz2: MS Project writes a summary's Work as "1,500.5 hrs" (a German one "1.500,5 Std."): refused as not
    # numeric, where "1,500 hrs" beside it was read
    point = write(tmp_path, "ID,Project,Work\n1,Alpha,\"1,500.5 hrs\"\n2,Alpha,\"1,234 hrs\"\n3,Alpha,\"2,000,000.25 h\"\n"
                            "4,Alpha,8 hrs\n")
    tasks = load_tasks(point, column_map={"ID": "task_id", "Project": "project_id", "Work": "estimate_hours"})
    assert tasks[S.ESTIMATE].tolist() == [1500.5, 1234.0, 2000000.25, 8.0]
    comma = write(tmp_path, "ID;Projekt;Arbeit\n1;Alpha;1.500,5 Std.\n2;Alpha;2,5 Std.\n", "de.csv")
    tasks = load_tasks(comma, column_map={"ID": "task_id", "Projekt": "project_id", "Arbeit": "estimate_hours"})
    assert tasks[S.ESTIMATE].tolist() == [1500.5, 2.5]


@pytest.mark.parametrize("cell, hours", [("1 day, 4 hours", 12.0), ("2 weeks, 3 days", 104.0), ("1d,2h", 10.0),
                                         ("1,5 d, 2 h", 14.0)])
def test_parts_of_duration_text_may_be_separated_by_commas(cell, hours):
    # fuzz round 21: "1 day, 4 hours" was refused although each part is a known unit
    out, bad = parse_hours(pd.Series([cell]))
    assert out.iloc[0] == hours and not bad.any()


@pytest.mark.parametrize("cell", [", 4h", "2d,", "2d,,4h"])
def test_a_comma_only_separates_two_parts(cell):
    assert parse_hours(pd.Series([cell]))[1].all()


def test_value_errors_name_the_files_header_and_the_columns_unit(tmp_path):
    # fuzz round 21: errors named the canonical column ('started' for the header 'Kick-off'), and Jira's
    # Original Estimate, in seconds, "must be numeric (hours)"
    p = write(tmp_path, "Ticket,Project,Effort estimate (hours),Kick-off\nT1,A,4,2025-13-01\n")
    with pytest.raises(SchemaError, match=r"^\S+: column 'Kick-off' \(read as started\) has dates that do not "
                                          r"exist: '2025-13-01' on line 2") as e:
        load_tasks(p, column_map={"Ticket": "task_id", "Project": "project_id",
                                  "Effort estimate (hours)": "estimate_hours", "Kick-off": "started"})
    assert e.value.column == S.STARTED
    jira = write(tmp_path, "Summary,Issue key,Issue id,Issue Type,Status,Project key,Created,Original Estimate\n"
                           "x,ABC-1,1,Task,Open,ABC,02/Dec/25 3:04 PM,abc\n", "jira.csv")
    with pytest.raises(SchemaError, match=r"column 'Original Estimate' \(read as estimate_hours\) must be numeric "
                                          r"\(seconds\) but has 'abc' on line 2. Fix those cells \(numbers in "
                                          r"seconds, or durations like 3h 30m\)"):
        load_tasks(jira)
    jira.write_text(jira.read_text().replace(",abc", ',"1 day, 4 hours"'))
    assert load_tasks(jira)[S.ESTIMATE].tolist() == [12.0]


def test_a_clocks_seconds_take_a_decimal_comma_and_their_fraction_is_never_thousands(tmp_path):
    # '0:45:30,5' (a decimal-comma locale's h:mm:ss) was refused; '0:45:30.500' in a file whose decimals are
    # commas was 30500 seconds, 9.2 h: a clock's seconds' fraction is read as one, whatever the file's mark
    hours = (45 * 60 + 30.5) / 3600  # 0.758472... h
    de = write(tmp_path, "task_id;project_id;estimate_hours;actual_hours\nT1;P1;0:45:30,5;2,5\nT2;P1;1:00:00.500;\n",
               "de.csv")
    df = load_tasks(de)
    assert df[S.ESTIMATE].tolist() == pytest.approx([hours, 1 + 0.5 / 3600], rel=1e-15)
    assert "two_way_numbers" not in df.attrs["detected"]
    en = write(tmp_path, 'task_id,project_id,estimate_hours,actual_hours\nT1,P1,"0:45:30,5",\nT2,P1,0:45:30.5,"2,5"\n'
               'T3,P1,0:45:30.500,\nT4,P1,"0:45:30,500",\n', "en.csv")
    df = load_tasks(en)
    assert df[S.ESTIMATE].tolist() == pytest.approx([hours] * 4, rel=1e-15)
    assert "two_way_numbers" not in df.attrs["detected"]


def test_person_day_cells_are_days_as_a_person_day_header_is(tmp_path):
    # '0.5 PD' was refused while a header 'Estimate (PD)' was read in days
    # spelt out too: '1.5 man-days' and '2 Personentage' were refused while 'MD' and 'PD' were read
    p = write(tmp_path, "task_id,project_id,estimate_hours\nA,P,0.5 PD\nB,P,2 PD\nC,P,1.5 pd\nD,P,3 MD\nE,P,4\n"
                        "F,P,1.5 man-days\nG,P,2 Personentage\nH,P,1 jour-homme\nI,P,2 person days\n")
    df = load_tasks(p, mapping={"estimate": {"column": "estimate_hours", "unit": "hours", "hours_per_day": 7.5}})
    assert df[S.ESTIMATE].tolist() == [3.75, 15.0, 11.25, 22.5, 4.0, 11.25, 15.0, 7.5, 15.0]
    assert df.attrs["detected"]["durations"][S.ESTIMATE] == (
        "8 cells in person-days (MD, PD, MT, JH), read as days of 7.5 h (lines 2, 3, 4, 5, 7, 8, 9, 10)")
    # a unit nobody knows stays refused, as before
    bad = write(tmp_path, "task_id,project_id,estimate_hours\nA,P,0.5 PX\n", name="bad.csv")
    with pytest.raises(SchemaError, match=r"column 'estimate_hours' must be numeric \(hours\) but has '0.5 PX' on "
                                          r"line 2\. Fix those cells \(numbers like 4 or 3.5, or durations like"):
        load_tasks(bad)
