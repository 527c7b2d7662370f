"""One day/month order per file, impossible dates refused, ISO dates never reinterpreted."""

import re

import numpy as np
import pandas as pd
import pytest
from helpers import FEW_TRIALS, pack_settings

from pmo_forecast import DataQualityWarning, SchemaError, load_projects, load_tasks
from pmo_forecast.core import schema as S
from pmo_forecast.core.as_of import infer_as_of
from pmo_forecast.core.checks import require_dates
from pmo_forecast.core.exceptions import SettingsWarning

T = pd.Timestamp
HEAD = "task_id,project_id,estimate_hours,created,finished\n"


def write(tmp_path, text, name="tasks.csv"):
    p = tmp_path / name
    p.write_bytes(text.encode())
    return p


def test_one_impossible_iso_date_is_named_and_never_flips_the_column(tmp_path):
    body = "A,P,1,2024-03-01,\nB,P,1,2024-02-10,\nC,P,1,2024-13-05,\n"
    p = write(tmp_path, HEAD + body)
    with pytest.raises(SchemaError) as e:
        load_tasks(p)
    msg = str(e.value)
    assert "column 'created' has dates that do not exist: '2024-13-05' on line 4" in msg
    assert e.value.rows == [4] and str(p) in msg and "\n" not in msg


def test_impossible_dates_with_times_and_day_past_month_end(tmp_path):
    p = write(tmp_path, HEAD + "A,P,1,2025-03-01 10:00:00,\nB,P,1,2025-13-03 10:00:00,\n")
    with pytest.raises(SchemaError, match=r"'2025-13-03 10:00:00' on line 3"):
        load_tasks(p)
    p = write(tmp_path, HEAD + "A,P,1,31/02/2024,\nB,P,1,13/01/2024,\n")
    with pytest.raises(SchemaError, match=r"do not exist: '31/02/2024' on line 2"):
        load_tasks(p)
    p = write(tmp_path, HEAD + "A,P,1,2024-02-30,\n")
    with pytest.raises(SchemaError, match=r"do not exist: '2024-02-30' on line 2"):
        load_tasks(p)


def test_a_day_first_date_among_iso_dates_leaves_the_iso_dates_alone(tmp_path):
    p = write(tmp_path, HEAD + "A,P,1,2024-03-01,\nB,P,1,2024-02-10,\nC,P,1,15/03/2024,\n")
    df = load_tasks(p)
    assert df[S.CREATED].tolist() == [T("2024-03-01"), T("2024-02-10"), T("2024-03-15")]


def test_us_file_is_month_first_in_every_column(tmp_path):
    # 'created' alone is ambiguous; 'finished' has 03/14/2024, which only month first reads
    body = "A,P,1,03/04/2024,03/14/2024\nB,P,1,04/02/2024,04/05/2024\n"
    df = load_tasks(write(tmp_path, HEAD + body))
    assert df[S.CREATED].tolist() == [T("2024-03-04"), T("2024-04-02")]
    assert df[S.FINISHED].tolist() == [T("2024-03-14"), T("2024-04-05")]
    d = df.attrs["detected"]
    assert d["date_order"] == "month first (settled by '03/14/2024' in 'finished', line 2)"
    assert d["date_formats"] == {S.CREATED: "month/day/year", S.FINISHED: "month/day/year"}


def test_late_rows_settle_the_order_of_early_ambiguous_rows(tmp_path):
    # more than any sample: 1,500 ambiguous rows, then one that only month first can read
    body = "".join(f"T{i},P,1,0{i % 9 + 1}/0{i % 7 + 1}/2024,\n" for i in range(1500))
    body += "Z,P,1,12/25/2024,\n"
    df = load_tasks(write(tmp_path, HEAD + body))
    assert df[S.CREATED].iloc[0] == T("2024-01-01") and df[S.CREATED].iloc[1] == T("2024-02-02")
    assert df[S.CREATED].iloc[2] == T("2024-03-03") and df[S.CREATED].iloc[8] == T("2024-09-02")
    assert df[S.CREATED].iloc[-1] == T("2024-12-25")


def test_conflicting_orders_are_an_error_with_both_readings(tmp_path):
    body = "A,P,1,13/03/2024,\nB,P,1,01/02/2024,03/14/2024\n"
    with pytest.raises(SchemaError) as e:
        load_tasks(write(tmp_path, HEAD + body))
    msg = str(e.value)
    assert "the dates disagree on day/month order" in msg
    assert "column 'created' has '13/03/2024' on line 2 (13 March 2024 day first; impossible month " \
           "first (no month 13))" in msg
    assert "column 'finished' has '03/14/2024' on line 3 (14 March 2024 month first; impossible day " \
           "first (no month 14))" in msg
    assert e.value.column == S.FINISHED and e.value.rows == [3]


def test_the_order_is_per_file_across_companion_columns(tmp_path):
    p = write(tmp_path, "project_id,start,due\nP1,01/02/2024,06/30/2024\n", "projects.csv")
    df = load_projects(p)
    assert df[S.START].iloc[0] == T("2024-01-02") and df[S.DUE].iloc[0] == T("2024-06-30")


def test_a_date_column_not_read_settles_the_order_when_the_read_ones_cannot(tmp_path, recwarn):
    # created/finished read both ways; the export's due date (not used) has 03/13/2024: month first
    head = "task_id,project_id,estimate_hours,created,finished,Due Date,Last Updated\n"
    df = load_tasks(write(tmp_path, head + "A,P,1,02/07/2024,02/12/2024,03/13/2024,\nB,P,1,03/04/2024,,,\n"))
    assert df[S.CREATED].tolist() == [T("2024-02-07"), T("2024-03-04")]
    assert df.attrs["detected"]["date_order"] == "month first (settled by '03/13/2024' in 'Due Date', line 2)"
    assert not [w for w in recwarn if issubclass(w.category, DataQualityWarning)]
    # unused columns that disagree with each other settle nothing and stop nothing
    df = load_tasks(write(tmp_path, head + "A,P,1,02/07/2024,,03/13/2024,13/03/2024\n"))
    assert df.attrs["detected"]["date_order"] == "day first (assumed: no date in the file settles it)"
    # the columns read decide over the others
    df = load_tasks(write(tmp_path, head + "A,P,1,13/02/2024,,03/13/2024,\n"))
    assert df[S.CREATED].tolist() == [T("2024-02-13")]


def test_no_date_settles_the_order_warns_and_reads_day_first(tmp_path):
    p = write(tmp_path, HEAD + "A,P,1,,\nB,P,1,05/06/24,03/04/2024\n")
    # the example is the file's own (it was always 03/04/2024), and so is the ISO date to write (it was always
    # 2024-04-03), with its column and line to check it
    with pytest.warns(DataQualityWarning, match=re.escape(
            "2 dates such as 05/06/24 could be day or month first and no date in the file settles it; read day first "
            "(5 June 2024). Write ISO dates to be sure (05/06/24 in 'created', line 3, read day first, is "
            "2024-06-05).")):
        df = load_tasks(p)
    assert df[S.CREATED].tolist() == [pd.NaT, T("2024-06-05")] and df[S.FINISHED].iloc[1] == T("2024-04-03")
    assert df.attrs["detected"]["date_order"] == "day first (assumed: no date in the file settles it)"


def test_dates_with_am_pm_that_read_both_ways_say_the_month_first_clue(tmp_path):
    # 05/08/2026 3:00 PM was read 5 August with the plain warning: the 12-hour clock, the mark of a US
    # (month-first) export, went unsaid; times read right either way (3:00 PM is 15:00, 12:00 am midnight)
    p = write(tmp_path, HEAD + "A,P,1,05/08/2026 3:00 PM,05/09/2026 12:00 am\n")
    with pytest.warns(DataQualityWarning, match=re.escape(
            "read day first (5 August 2026; the times are written with AM/PM, as month-first (US) exports write "
            "them: check which it is). Write ISO dates to be sure (05/08/2026 3:00 PM in 'created', line 2, read day "
            "first, is 2026-08-05).")):
        df = load_tasks(p)
    assert df[S.CREATED].tolist() == [T("2026-08-05 15:00")] and df[S.FINISHED].tolist() == [T("2026-09-05")]
    assert df.attrs["detected"]["date_order"] == (
        "day first (assumed: no date in the file settles it; the times are written with AM/PM, as month-first (US) "
        "exports write them: check which it is)")
    # a date only month first reads settles it: the AM/PM dates are read month first, unwarned
    df = load_tasks(write(tmp_path, HEAD + "A,P,1,05/08/2026 3:00 PM,05/20/2026 11:30 AM\n"))
    assert df[S.CREATED].tolist() == [T("2026-05-08 15:00")] and df[S.FINISHED].tolist() == [T("2026-05-20 11:30")]


def test_dates_written_with_dots_are_day_first_without_a_warning(tmp_path, recwarn):
    # 05.06.2024 is 5 June wherever dates are written with dots; the "could be day or month first" warning
    # came on every German export whose dates all had days up to 12
    p = write(tmp_path, HEAD + "A,P,1,05.06.2024,03.04.2024\n")
    df = load_tasks(p)
    assert df[S.CREATED].tolist() == [T("2024-06-05")] and df[S.FINISHED].tolist() == [T("2024-04-03")]
    assert df.attrs["detected"]["date_order"] == ("day first (dates written with dots, 05.06.2024, as every "
                                                  "locale that writes them so reads them)")
    assert not [w for w in recwarn if issubclass(w.category, DataQualityWarning)]
    # dots beside slashes: the slashes still warn
    with pytest.warns(DataQualityWarning, match="could be day or month first"):
        load_tasks(write(tmp_path, HEAD + "A,P,1,05.06.2024,03/04/2024\n"))


def test_a_two_digit_year_first_warns_when_every_date_reads_both_ways(tmp_path, recwarn):
    # 24/01/02 (yy/mm/dd: 2 January 2024) was read as 24 January 2002, settled day first, without a warning
    p = write(tmp_path, HEAD + "T1,P1,4,24/01/02,24/01/05\nT2,P1,4,24/01/02,\n")
    with pytest.warns(DataQualityWarning, match=re.escape(
            f"{p}: 3 dates in columns 'created', 'finished', such as 24/01/02, could be year first (2 January 2024) "
            "or day first (24 January 2002) and no date in the file settles it; read day first. Write ISO dates to "
            "be sure (24/01/02 in 'created', line 2, read day first, is 2002-01-24).")):
        df = load_tasks(p)
    assert df[S.CREATED].tolist() == [T("2002-01-24")] * 2
    assert df.attrs["detected"]["date_order"] == ("day first (assumed: dates such as '24/01/02' could be year "
                                                  "first, yy/mm/dd, and no date in the file settles it)")
    # a first number above 31 is no day nor month: year first, for the whole file
    df = load_tasks(write(tmp_path, HEAD + "T1,P1,4,32/01/05,24/01/02\n"))
    assert df[[S.CREATED, S.FINISHED]].iloc[0].tolist() == [T("2032-01-05"), T("2024-01-02")]
    assert df.attrs["detected"]["date_order"] == "year first (settled by '32/01/05' in 'created', line 2)"
    assert df.attrs["detected"]["date_formats"][S.FINISHED] == "year/month/day"
    # a date year first cannot read (a day of 45; a four-digit year) settles it the other way, or disagrees
    with pytest.raises(SchemaError, match=re.escape(
            "the dates disagree on the order of year, month and day: column 'created' has '32/01/05' on line 2 "
            "(5 January 2032 year first; impossible day first (no day 32)), but column 'finished' has '13/01/45' "
            "on line 2 (13 January 2045 day first; impossible year first (no day 45))")):
        load_tasks(write(tmp_path, HEAD + "T1,P1,4,32/01/05,13/01/45\n"))
    assert not [w for w in recwarn if "year first" in str(w.message)]
    df = load_tasks(write(tmp_path, HEAD + "T1,P1,4,13/03/2024,24/01/02\n"))
    assert df[S.FINISHED].tolist() == [T("2002-01-24")]
    assert not [w for w in recwarn if "year first" in str(w.message)]


def test_two_digit_years_are_read_the_way_that_keeps_them_in_few_years(tmp_path, recwarn):
    # every dd/mm/yy date of this century also reads yy/mm/dd: a year of dd/mm/yy exports warned as
    # ambiguous; read year first it would fall in one year per day of the month
    days = [(3, 1), (17, 2), (28, 3), (9, 5), (21, 6), (30, 9)]
    body = "".join(f"T{i},P1,4,{d:02d}/{m:02d}/24,\n" for i, (d, m) in enumerate(days))
    df = load_tasks(write(tmp_path, HEAD + body))
    assert df[S.CREATED].tolist() == [T(2024, m, d) for d, m in days]
    assert df.attrs["detected"]["date_order"] == ("day first (dates such as '03/01/24' could be year first, yy/mm/dd, "
                                                  "but would then fall in 6 different years, against 1 read day first)")
    assert not [w for w in recwarn if "year first" in str(w.message)]
    # the other way round is no evidence: dd/mm/yy on the 1st of each month reads year first in one year
    # (2001) too; day first, warned
    firsts = [("01", "01", 21), ("01", "12", 22), ("01", "04", 23), ("01", "03", 24), ("01", "06", 25)]
    body = "".join(f"T{i},P1,4,{d}/{m}/{y},\n" for i, (d, m, y) in enumerate(firsts))
    # one warning, each count said: 01/01/21 reads one way day or month first, 01/12/22 three ways (the example)
    with pytest.warns(DataQualityWarning, match=re.escape(
            "tasks.csv: 4 dates could be day or month first and 5 dates in column 'created' year first too; 01/12/22 "
            "could be day first (1 December 2022), month first (12 January 2022) or year first (22 December 2001) and "
            "no date in the file settles it; read day first (1 December 2022). Write ISO dates to be sure (01/12/22 in "
            "'created', line 3, read day first, is 2022-12-01).")) as caught:
        df = load_tasks(write(tmp_path, HEAD + body))
    assert len([w for w in caught if "first" in str(w.message)]) == 1
    assert df[S.CREATED].tolist() == [T(2000 + y, int(m), 1) for _, m, y in firsts]


def test_a_weekday_before_the_date_settles_the_order(tmp_path, recwarn):
    # MS Project's "Mon 3/2/26" was read cell by cell: 3 February (a Tuesday) next to 24 February
    head = "task_id,project_id,estimate_hours,created,finished\n"
    df = load_tasks(write(tmp_path, head + "A,P,1,Mon 3/2/26,Wed 3/4/26\nB,P,1,Wed 4/1/26 9:23 AM,Fri 4/3/26\n"))
    assert df[S.CREATED].tolist() == [T("2026-03-02"), T("2026-04-01 09:23")]
    assert df[S.FINISHED].tolist() == [T("2026-03-04"), T("2026-04-03")]
    assert df.attrs["detected"]["date_order"] == "month first (settled by 'Mon 3/2/26' in 'created', line 2)"
    assert not [w for w in recwarn if issubclass(w.category, DataQualityWarning)]
    # Series.dt.weekday (and dayofweek) are deprecated in pandas 3: a Pandas4Warning on every such file
    assert not [w for w in recwarn if issubclass(w.category, DeprecationWarning)]
    day = load_tasks(write(tmp_path, head + "A,P,1,Tuesday 3/2/26,\n", "day.csv"))  # 3 February 2026 is a Tuesday
    assert day[S.CREATED].tolist() == [T("2026-02-03")]
    with pytest.raises(SchemaError, match=r"column 'created' has 'Tue 3/2/26' on line 2 \(3 February 2026 day "
                                          r"first; 2 March 2026 month first\)"):
        load_tasks(write(tmp_path, head + "A,P,1,Tue 3/2/26,Mon 3/2/26\n", "both.csv"))


def test_a_german_or_french_weekday_before_the_date_is_read_as_an_english_one(tmp_path, recwarn):
    # fuzz2: a German MS Project's CSV writes 'Mo 15.01.24', a French one 'lun 15/01/24': refused as no dates, where
    # the English 'Mon 1/15/24' was read
    head = "task_id;project_id;estimate_hours;created;finished\n"
    de = load_tasks(write(tmp_path, head + "A;P;1;Mo 15.01.24;Fr 19.01.24\nB;P;1;Dienstag 02.01.24;Do 4.1.24\n"))
    assert de[S.CREATED].tolist() == [T("2024-01-15"), T("2024-01-02")]
    assert de[S.FINISHED].tolist() == [T("2024-01-19"), T("2024-01-04")]
    fr = load_tasks(write(tmp_path, head + "A;P;1;lun. 15/01/24;ven 19/01/24\nB;P;1;mardi 2/1/24;jeu. 4/1/24\n",
                          "fr.csv"))
    assert fr[S.CREATED].tolist() == [T("2024-01-15"), T("2024-01-02")]
    assert fr[S.FINISHED].tolist() == [T("2024-01-19"), T("2024-01-04")]
    # the weekday settles the order where the day does not: 2 January 2024 is a Tuesday, 1 February a Thursday
    assert fr.attrs["detected"]["date_order"].startswith("day first")
    assert not [w for w in recwarn if issubclass(w.category, DataQualityWarning)]


def test_a_german_ms_projects_nv_is_no_date_yet_but_names_a_group(tmp_path):
    # fuzz2: a German MS Project writes 'NV' (nicht verfügbar) where the English one writes 'NA': an open task's
    # Ende was refused as no date; as a group's name (Nevada) or an id it stays, as 'NA' does
    head = "task_id;project_id;estimate_hours;started;finished;team\n"
    df = load_tasks(write(tmp_path, head + "A;P;1;Mo 15.01.24;Fr 19.01.24;NV\nB;P;NV;Mo 22.01.24;NV;NA\n"))
    assert df[S.FINISHED].tolist() == [T("2024-01-19"), pd.NaT]
    assert df[S.ESTIMATE].isna().tolist() == [False, True]
    assert df["team"].tolist() == ["NV", "NA"]
    assert df.attrs["detected"]["placeholders"]["finished"] == "1 cell holding 'NV' read as blank (line 3)"


def test_a_french_ms_projects_nd_is_no_date_nor_number_yet_but_names_a_group(tmp_path):
    # a French MS Project writes 'ND' (non disponible) where the English one writes 'NA': an open task's finish
    # and a blank work were refused as no date and no number; as a group's name (North Dakota) it stays
    head = "task_id;project_id;estimate_hours;started;finished;team\n"
    df = load_tasks(write(tmp_path, head + "A;P;1;15/01/2024;19/01/2024;ND\nB;P;ND;22/01/2024;ND;NA\n"))
    assert df[S.FINISHED].tolist() == [T("2024-01-19"), pd.NaT]
    assert df[S.ESTIMATE].isna().tolist() == [False, True]
    assert df["team"].tolist() == ["ND", "NA"]
    assert df.attrs["detected"]["placeholders"]["finished"] == "1 cell holding 'ND' read as blank (line 3)"


def test_unambiguous_files_do_not_warn(tmp_path, recwarn):
    load_tasks(write(tmp_path, HEAD + "A,P,1,2024-03-04,\nB,P,1,11/May/24 03:26 PM,\nC,P,1,01/01/2024,\n"))
    assert not [w for w in recwarn if issubclass(w.category, DataQualityWarning)]


@pytest.mark.parametrize("cell", ["inf", "-inf", "1e400", "nan"])
def test_infinite_or_nan_text_in_a_date_column_is_a_schema_error(tmp_path, cell):
    p = write(tmp_path, HEAD + f"A,P,1,{cell},\n")
    with pytest.raises(SchemaError, match=r"column 'created' must hold dates"):
        load_tasks(p)


def test_infinite_number_in_a_date_column_is_a_schema_error():
    df = pd.DataFrame({"task_id": ["A", "B"], "project_id": "P", "created": [45000.0, np.inf]})
    with pytest.raises(SchemaError, match=r"column 'created' (must hold dates|has dates that do not exist)"):
        load_tasks(df, require_estimate=False)


def test_year_first_variants_and_month_names(tmp_path):
    body = "A,P,1,2024/5/31,\nB,P,1,2024.06.01 14:00,\nC,P,1,\"May 3, 2024\",\nD,P,1,3 Jun 2024,\n"
    df = load_tasks(write(tmp_path, HEAD + body))
    assert df[S.CREATED].tolist() == [T("2024-05-31"), T("2024-06-01 14:00"), T("2024-05-03"),
                                      T("2024-06-03")]


def test_month_names_in_other_languages(tmp_path):
    body = "A,P,1,15 janv. 2024,\nB,P,1,3 Mär 2024,\nC,P,1,12-dic-2024,\nD,P,1,\"Okt 3, 2024\",\nE,P,1,1 out 2024,\n"
    df = load_tasks(write(tmp_path, HEAD + body))
    assert df[S.CREATED].tolist() == [T("2024-01-15"), T("2024-03-03"), T("2024-12-12"), T("2024-10-03"),
                                      T("2024-10-01")]


@pytest.mark.parametrize("cell", ["15:30", "May 3", "3 May 10:00"])
def test_text_that_lacks_a_year_or_a_day_is_not_completed_from_the_clock(tmp_path, cell):
    # dateutil would make "15:30" today at 15:30: a value that changes with the day the file is read
    p = write(tmp_path, HEAD + f"A,P,1,2024-05-02,\nB,P,1,{cell},\n")
    with pytest.raises(SchemaError, match=r"column 'created' must hold dates") as e:
        load_tasks(p)
    assert "line 3" in str(e.value) and cell in str(e.value)
    assert load_tasks(write(tmp_path, HEAD + "A,P,1,3rd of May 2024,\n"))[S.CREATED].iloc[0] == T("2024-05-03")


@pytest.mark.parametrize("first", ["05/03/2024", "2024-05-03", "11/May/24 03:26 PM", "May 3, 2024"])
@pytest.mark.parametrize("blank", ["", "   "])
def test_a_blank_date_cell_is_missing_whatever_the_columns_format(first, blank):
    df = pd.DataFrame({"task_id": ["A", "B"], "project_id": "P", "estimate_hours": 1.0, "created": [first, blank]})
    if first == "05/03/2024":  # alone, it reads either way: said
        with pytest.warns(DataQualityWarning, match=re.escape(
                "<DataFrame>: 1 date, 05/03/2024, could be day or month first and no date in the file settles it; "
                "read day first (5 March 2024). Write ISO dates to be sure (05/03/2024 in 'created', task A, read "
                "day first, is 2024-03-05).")):
            out = load_tasks(df)[S.CREATED]
    else:
        out = load_tasks(df)[S.CREATED]
    assert out.notna().tolist() == [True, False]


def test_am_pm_times_on_numeric_dates(tmp_path):
    df = load_tasks(write(tmp_path, HEAD + "A,P,1,5/31/2024 2:30 PM,\n"))
    assert df[S.CREATED].iloc[0] == T("2024-05-31 14:30")


def test_dataframe_with_repeated_index_labels():
    df = pd.DataFrame({"task_id": ["A", "B"], "project_id": "P", "created": ["2024-01-02", "13/01/2024"]},
                      index=[0, 0])
    out = load_tasks(df, require_estimate=False)
    assert out[S.CREATED].tolist() == [T("2024-01-02"), T("2024-01-13")]


# --- the as-of date and the data-quality report ------------------------------
def typo_year_tasks():
    created = pd.date_range("2024-01-01", periods=40, freq="7D")
    finished = created + pd.Timedelta(days=3)
    finished = finished.where(np.arange(40) != 7, T("2204-03-15"))  # 2024 typed as 2204
    return load_tasks(pd.DataFrame({"task_id": [f"T{i}" for i in range(40)], "project_id": "P",
                                    "estimate_hours": 2.0, "actual_hours": 2.5, "created": created,
                                    "finished": finished}))


def test_as_of_ignores_a_typo_year_and_says_so():
    from pmo_forecast.core.as_of import infer_as_of

    tasks = typo_year_tasks()
    with pytest.warns(DataQualityWarning, match=r"leaves out 1 date far beyond the rest of the data "
                                                r"\(up to 2204-03-15 in 'finished'"):
        assert infer_as_of(tasks) == T("2024-10-03")  # the last real date: 2024-09-30 + 3 days


def test_validation_flags_the_typo_year_row_and_no_wall_clock():
    from pmo_forecast import validate_tasks

    report = validate_tasks(typo_year_tasks())  # as_of from the data (2024-10-03), not today
    assert report.findings["check"].tolist() == ["far_future_finished"]
    assert report.findings["id"].tolist() == ["T7"] and not report.ok


def test_real_data_keeps_its_as_of(sample):
    from pmo_forecast.core.as_of import far_date_limit, infer_as_of

    t = sample.tasks
    latest = max(t[c].max() for c in S.FACT_DATES).normalize()
    assert infer_as_of(t) == latest and far_date_limit(t) > latest


def test_finished_later_on_the_as_of_day_is_not_in_the_future():
    from pmo_forecast import validate_tasks

    df = pd.DataFrame({"task_id": ["A", "B"], "project_id": "P", "status": "done",
                       "finished": [T("2024-05-31 17:30"), T("2024-06-01 08:00")]})
    report = validate_tasks(load_tasks(df, require_estimate=False), as_of="2024-05-31")
    fut = report.findings[report.findings["check"] == "finished_in_future"]
    assert fut["id"].tolist() == ["B"]


def test_numbers_beyond_any_date_are_named_one_by_one():
    df = pd.DataFrame({"task_id": ["A", "B", "C"], "project_id": "P",
                       "created": [1.7e12, 1e20, 1.71e12]})  # epoch milliseconds, one absurd
    with pytest.raises(SchemaError, match=r"column 'created' must hold dates but has '1e\+20' on task B\."):
        load_tasks(df, require_estimate=False)


# --- Jira's dates, read by position ----------------------------------------------
@pytest.mark.parametrize("fmt", ["%d/%b/%y %I:%M %p", "%d/%b/%y %H:%M", "%d/%b/%y"])
def test_jira_dates_read_as_strptime_reads_them(fmt):
    from pmo_forecast.inputs.date_layouts import jira_dates

    rng = np.random.default_rng(1)  # minutes from 1969 to 2068: both sides of strptime's %y pivot
    ts = T("1969-01-01") + pd.to_timedelta(rng.integers(0, 99 * 365 * 1440, 5_000), unit="min")
    text = pd.Series(ts.strftime(fmt), dtype="string")
    text[::9] = pd.NA
    got, found = jira_dates(text)
    expect = pd.to_datetime(text.astype(object), format=fmt, errors="coerce")
    assert found == [fmt]
    assert got.isna().equals(expect.isna()) and (got.dropna() == expect.dropna()).all()


def test_jira_dates_leave_other_layouts_and_impossible_dates_to_the_general_parser():
    from pmo_forecast.inputs.date_layouts import jira_dates

    cells = ["29/Feb/24", "29/Feb/23", "31/Apr/24 10:00 AM", "11/MAY/24 03:26 pm", "11/May/24 12:00 AM",
             "11/May/24 12:05 PM", "11/May/24 13:26 PM", "11/May/24 00:26 AM", "11/May/24 24:00", "11/May/24 03:60 PM",
             " 11/May/24", "1/May/24", "11/May/2024", "11/Mai/24", "11/May/24 03:26 PMx"]
    got, _ = jira_dates(pd.Series(cells))
    assert got.tolist()[:6] == [T("2024-02-29"), pd.NaT, pd.NaT, T("2024-05-11 15:26"), T("2024-05-11 00:00"),
                                T("2024-05-11 12:05")]
    assert got.iloc[6:].isna().all()
    # the loader reads those others as before: a single-digit day, a four-digit year; 31 April is refused
    df = pd.DataFrame({"Issue key": ["P-1", "P-2", "P-3"], "Summary": "x", "Issue Type": "Task",
                       "Status": "Done", "Project key": "P",
                       "Created": ["11/May/24 03:26 PM", "1/May/24 09:00 AM", "3/Jun/2024"]})
    assert load_tasks(df, require_estimate=False)[S.CREATED].tolist() == [
        T("2024-05-11 15:26"), T("2024-05-01 09:00"), T("2024-06-03")]
    df.loc[2, "Created"] = "31/Apr/24 10:00 AM"
    with pytest.raises(SchemaError, match=r"column 'Created' must hold dates but has '31/Apr/24 10:00 AM'"):
        load_tasks(df, require_estimate=False)


def test_date_cells_beside_day_first_text_are_warned(tmp_path):
    # fuzz round 2: a day-first CSV opened in a month-first Excel: 02/01/2024 (2 January) became the date cell
    # 1 February, 13/01/2024 stayed text; both were read silently ('ISO 8601 + day/month/year')
    import datetime as dt

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["task_id", "project_id", "estimate_hours", "created"])
    for row in (["A", "P", 1, dt.datetime(2024, 2, 1)], ["B", "P", 1, "13/01/2024"],
                ["C", "P", 1, dt.datetime(2024, 3, 3)], ["D", "P", 1, dt.datetime(2024, 1, 20)],
                ["E", "P", 1, dt.datetime(2024, 4, 11)]):
        ws.append(row)
    p = tmp_path / "tasks.xlsx"
    wb.save(p)
    said = ("2 date cells beside day-first text dates may have day and month swapped, as a month-first Excel "
            "does on opening a day-first file (lines 2, 6: 2024-02-01 may be 2 January)")
    with pytest.warns(DataQualityWarning) as caught:
        df = load_tasks(p)
    assert [str(w.message) for w in caught if "swapped" in str(w.message)] == [
        f"{p}: column 'created': {said}. Check those dates, or open the file with Excel's Data > From Text/CSV "
        "and the DMY date format."]
    assert df.attrs["detected"]["swapped_dates"] == {"created": said}
    # read as the cells hold them: 3 March (day = month) and 20 January (day above 12) cannot be swapped
    assert df[S.CREATED].tolist() == [T("2024-02-01"), T("2024-01-13"), T("2024-03-03"), T("2024-01-20"),
                                      T("2024-04-11")]


def test_excels_day_0_and_serial_days_beside_dates_say_what_to_do(tmp_path):
    # a serial 0 was read as 1899-12-30 unsaid; beside ISO dates, serials and a 0 were refused with no word of
    # what they are; a workbook's date cell holding 0 was "'00:00:00'" alone
    import datetime

    import openpyxl

    zero = ("0 (shown as 00:00:00 in a date cell) is Excel's day 0, 1899-12-30: a date left at 0 or a time without "
            "a date; clear those cells or write the date.")
    with pytest.raises(SchemaError) as e:
        load_tasks(write(tmp_path, HEAD + "A,P,1,45413,45414\nB,P,1,45413,0\n"))
    assert str(e.value).endswith("has '0' on line 3. Use ISO dates (2024-05-31 14:00) or the tracker's own export "
                                 "format. " + zero)
    with pytest.raises(SchemaError) as e:
        load_tasks(write(tmp_path, HEAD + "A,P,1,2024-05-01,2024-05-02\nB,P,1,2024-05-01,45414\n"))
    assert str(e.value).endswith("format. '45414' looks like an Excel serial day (2024-05-02): format the column as "
                                 "dates in Excel before saving, or write ISO dates.")
    wb = openpyxl.Workbook()
    wb.active.append(["task_id", "project_id", "estimate_hours", "created", "finished"])
    wb.active.append(["A", "P", 1, datetime.datetime(2024, 5, 1), datetime.datetime(2024, 5, 2)])
    wb.active.append(["B", "P", 1, datetime.datetime(2024, 5, 1), 0])
    wb.active["E3"].number_format = "yyyy-mm-dd"
    wb.save(tmp_path / "zero.xlsx")
    with pytest.raises(SchemaError) as e:
        load_tasks(tmp_path / "zero.xlsx")
    assert "has '00:00:00' on line 3." in str(e.value) and str(e.value).endswith(zero)


@pytest.mark.parametrize("first, last", [(1714521600000, 1714608000000), (1714521600, 1714608000)])
def test_a_0_among_epoch_times_is_refused_not_read_as_1970(tmp_path, first, last):
    # a 0 in a column of epoch milliseconds (or seconds) was read as 1970-01-01 without a word
    p = write(tmp_path, HEAD + f"A,P,1,{first},{last}\nB,P,1,{first},0\n")
    with pytest.raises(SchemaError) as e:
        load_tasks(p)
    assert str(e.value).endswith("column 'finished' must hold dates but has '0' on line 3. Use ISO dates "
                                 "(2024-05-31 14:00) or the tracker's own export format. 0 is the epoch's start, "
                                 "1970-01-01, not a date here: a blank written as 0; clear those cells or write the "
                                 "date.")
    assert load_tasks(write(tmp_path, HEAD + f"A,P,1,{first},{last}\nB,P,1,{first},\n"))[S.FINISHED].tolist()[1:] \
        == [pd.NaT]


def test_an_empty_date_column_has_no_date_format(tmp_path):
    # init's people.csv leaves start/end empty: load_people said they were 'Excel serial days'
    from pmo_forecast import load_people

    p = write(tmp_path, "person,role,weekly_hours,start,end\nAnn,pm,32,,\nBo,dev,40,,2024-06-30\n", "people.csv")
    assert load_people(p).attrs["detected"]["date_formats"] == {"end": "ISO 8601"}


@pytest.mark.parametrize("zero", ["00/01/1900", "1/0/1900", "1900-01-00"])
def test_excels_day_0_written_as_a_date_is_one_clear_error(tmp_path, zero):
    # 00/01/1900 (how Excel shows day 0) first warned it 'could be day or month first ... (0 January 1900)'
    import warnings

    with warnings.catch_warnings(), pytest.raises(SchemaError) as e:
        warnings.simplefilter("error")
        load_tasks(write(tmp_path, HEAD + f"A,P,1,2024-05-01,2024-05-02\nB,P,1,2024-05-01,{zero}\n"))
    assert str(e.value).endswith(f"has dates that do not exist: '{zero}' on line 3 (a day or month of 0, a month "
                                 "above 12 or a day past the month's end). Correct those cells; ISO dates "
                                 f"(2024-05-31) are the safest to write. '{zero}' is how Excel shows its day 0 as "
                                 "a date: a date cell left at 0; clear those cells or write the date.")


def test_numbers_among_text_dates_are_read_as_text_not_handed_to_the_iso_parser():
    # a workbook's serial number among text dates (an object column) went to the ISO parser as a number:
    # pandas 3 warns (Pandas4Warning, on every such file) that pandas 4 reads it as epoch nanoseconds (1970)
    import warnings

    df = pd.DataFrame({"task_id": ["A", "B"], "project_id": "P",
                       "finished": pd.Series(["2024-03-05", 45356], dtype=object)})
    with warnings.catch_warnings(), pytest.raises(SchemaError) as e:
        warnings.simplefilter("error", DeprecationWarning)
        load_tasks(df, require_estimate=False)
    assert str(e.value).endswith("has '45356' on task B. Use ISO dates (2024-05-31 14:00) or the tracker's own "
                                 "export format. '45356' looks like an Excel serial day (2024-03-05): format the "
                                 "column as dates in Excel before saving, or write ISO dates.")


@pytest.mark.parametrize("first, other", [(1714521600000, 45414), (1714521600000, 1714521600), (1714521600, 45414),
                                          (1714521600000, -1)])
def test_a_number_of_another_unit_among_epoch_times_is_refused_not_read_in_1970(tmp_path, first, other):
    # an Excel serial day (or epoch seconds) among epoch milliseconds was read as a moment on 1970-01-01, unsaid
    with pytest.raises(SchemaError) as e:
        load_tasks(write(tmp_path, HEAD + f"A,P,1,{first},\nB,P,1,{other},\nC,P,1,{first},\n"))
    assert str(e.value).endswith(f"column 'created' must hold dates but has '{other}' on line 3. Use ISO dates "
                                 "(2024-05-31 14:00) or the tracker's own export format. Beside epoch times, a number "
                                 "this small would be a time in 1973 or before: another unit (seconds among "
                                 "milliseconds, an Excel serial day) or not a date; write the date.")


def test_a_negative_excel_serial_day_is_refused():
    # Excel has no date before its day 0: -3 among serial days was read as 1899-12-27
    df = pd.DataFrame({"task_id": ["A", "B"], "project_id": "P", "created": [45414, -3]})
    with pytest.raises(SchemaError, match=r"column 'created' must hold dates but has '-3' on task B\. Use ISO"):
        load_tasks(df, require_estimate=False)


def test_a_year_or_a_compact_date_is_not_read_as_an_excel_serial_day(tmp_path):
    # a column of years (2024) was read as Excel serial days, 1905-07-16, unsaid; 20240501 was refused unexplained
    with pytest.raises(SchemaError) as e:
        load_tasks(write(tmp_path, HEAD + "A,P,1,2024,\nB,P,1,2023,\n"))
    assert str(e.value).endswith("has '2024', '2023' on lines 2, 3. Use ISO dates (2024-05-31 14:00) or the tracker's "
                                 "own export format. '2024' as an Excel serial day would be 1905-07-16: a year or "
                                 "another number, not a date; write the full date.")
    with pytest.raises(SchemaError) as e:
        load_tasks(write(tmp_path, HEAD + "A,P,1,20240501,\n"))
    assert str(e.value).endswith("format. '20240501' looks like a date written without separators (2024-05-01): "
                                 "write it so.")
    assert load_tasks(write(tmp_path, HEAD + "A,P,1,45414,\n"))[S.CREATED].tolist() == [T("2024-05-02")]


def test_an_excel_serial_time_reads_to_the_millisecond(tmp_path):
    # 45321.5097222222 (2024-01-30 12:14, as a CSV from Excel writes it: 15 significant digits) was read as
    # 12:13:59.999998; Excel keeps times to the millisecond, so the serial is read at that precision
    got = load_tasks(write(tmp_path, HEAD + "A,P,1,45321.5097222222,45322.0000115741\n"))
    assert got[S.CREATED].tolist() == [T("2024-01-30 12:14:00")]
    assert got[S.FINISHED].tolist() == [T("2024-01-31 00:00:01")]
    df = pd.DataFrame({"task_id": ["A"], "project_id": "P", "created": [45321 + (12 * 3600 + 14 * 60 + 0.123) / 86400]})
    assert load_tasks(df, require_estimate=False)[S.CREATED].tolist() == [T("2024-01-30 12:14:00.123")]


def test_one_date_that_reads_three_ways_is_one_warning_with_its_three_readings(tmp_path, recwarn):
    # "1 dates such as 05/06/24 could be..." had been the warning for a single such date; then 05/06/24 gave two
    # warnings, "could be day or month first ... read day first (5 June 2024)" and "could be year first (24 June 2005)
    # or day first (5 June 2024) ... read day first", each a part of what it could be
    f = tmp_path / "tasks.csv"
    f.write_text("task_id,project_id,estimate_hours,created\nT1,P1,4,05/06/24\nT2,P1,3,2024-06-07\n")
    df = load_tasks(f)
    assert df[S.CREATED].tolist() == [T("2024-06-05"), T("2024-06-07")]
    # the Assumptions say both doubts, as the warning does: the year-first words had replaced the day/month ones
    assert df.attrs["detected"]["date_order"] == (
        "day first (assumed: no date in the file settles it; dates such as '05/06/24' could be year first too, "
        "yy/mm/dd, and no date settles that either)")
    assert [str(w.message) for w in recwarn if w.category is DataQualityWarning] == [
        f"{f}: 1 date, 05/06/24, in column 'created', could be day first (5 June 2024), month first (6 May 2024) or "
        "year first (24 June 2005) and no date in the file settles it; read day first (5 June 2024). Write ISO dates "
        "to be sure (05/06/24 in 'created', line 2, read day first, is 2024-06-05)."]
    # 05/05/24 is one date day or month first, another year first: each count said, the readings of one date, and
    # the clue of the times written with AM/PM after the reading chosen
    recwarn.clear()
    f.write_text("task_id,project_id,estimate_hours,created\nT1,P1,4,05/06/24 3:00 PM\nT2,P1,3,05/05/24\n")
    df = load_tasks(f)
    assert [str(w.message) for w in recwarn if w.category is DataQualityWarning] == [
        f"{f}: 1 date could be day or month first and 2 dates in column 'created' year first too; 05/06/24 3:00 PM "
        "could be day first (5 June 2024), month first (6 May 2024) or year first (24 June 2005) and no date in the "
        "file settles it; read day first (5 June 2024; the times are written with AM/PM, as month-first (US) exports "
        "write them: check which it is). Write ISO dates to be sure (05/06/24 3:00 PM in 'created', line 2, read day "
        "first, is 2024-06-05)."]
    # and so does the note the Assumptions show: the AM/PM clue had been lost with the day/month doubt
    assert df.attrs["detected"]["date_order"] == (
        "day first (assumed: no date in the file settles it; the times are written with AM/PM, as month-first (US) "
        "exports write them: check which it is; dates such as '05/06/24 3:00 PM' could be year first too, yy/mm/dd, "
        "and no date settles that either)")


def test_epoch_seconds_with_a_fraction_are_read_to_the_millisecond(tmp_path):
    # 1700000000.4 s was 2023-11-14 22:13:20.400000095 (a float's noise), where an Excel serial day is read to the
    # millisecond Excel keeps; 1700000000 s is 2023-11-14 22:13:20 UTC (date -u -d @1700000000)
    p = tmp_path / "epoch.csv"
    p.write_text("task_id,project_id,estimate_hours,status,created\nA,P,1,done,1700000000.4\nB,P,2,done,"
                 "1700000100.123\n", encoding="utf-8")
    assert load_tasks(p)[S.CREATED].tolist() == [pd.Timestamp("2023-11-14 22:13:20.400"),
                                                 pd.Timestamp("2023-11-14 22:15:00.123")]
    ms = pd.DataFrame({"task_id": ["A"], "project_id": "P", "estimate_hours": 1.0, "created": [1700000000400.0004]})
    assert load_tasks(ms)[S.CREATED].tolist() == [pd.Timestamp("2023-11-14 22:13:20.400")]


@pytest.mark.parametrize("cell", ["2026-Q1", "Q1 2026", "2026-W49", "2026W49", "2026-12"])
def test_a_quarter_a_week_or_a_month_is_refused_not_read_as_its_first_day(tmp_path, cell):
    # '2026-12' (ISO's month) was read as 2026-12-01 and '2026-Q1' as 2026-01-01 (its '1' passed for the day,
    # with a pandas deprecation warning) with nothing said, while '2026-Q4' was refused as no date
    p = write(tmp_path, f"task_id,project_id,estimate_hours,status,created\nA,P,1,done,2026-11-05\nB,P,1,done,{cell}\n")
    with pytest.raises(SchemaError) as e:
        load_tasks(p)
    assert str(e.value) == (f"{p}: column 'created' has '{cell}' on line 3: a quarter, a week or a month, not a date "
                            "(read as its first day it could be months early). Write the day meant, as an ISO date "
                            "(2024-05-31).")
    assert [int(r) for r in e.value.rows] == [3]


def test_a_time_zone_name_after_the_time_is_dropped_as_an_offset_is(tmp_path):
    # '2026-12-03 10:00 CET' was refused as a date that does not exist ("a day or month of 0 ..."); a zone's
    # name is read as +01:00 is: the time kept as written (so EST, Eastern US or Australian, reads the same)
    body = ("A,P,1,2026-12-03 10:00 CET,\nB,P,1,2026-12-04 9:30 CEST,\nC,P,1,2026-12-04 3:00 PM EST,\n"
            "D,P,1,2026-12-05T08:00 Europe/Berlin,\nE,P,1,2026-12-07,\n")
    df = load_tasks(write(tmp_path, HEAD + body))
    assert df[S.CREATED].tolist() == [T("2026-12-03 10:00"), T("2026-12-04 09:30"), T("2026-12-04 15:00"),
                                      T("2026-12-05 08:00"), T("2026-12-07")]
    assert df.attrs["detected"]["date_formats"][S.CREATED] == (
        "ISO 8601 + UTC offsets dropped (time zone names too: CET, CEST, EST, Europe/Berlin): local times as "
        "written + year-month-day")
    day_first = load_tasks(write(tmp_path, HEAD + "A,P,1,03/12/2026 10:00 CET,\nB,P,1,25/12/2026,\n", "dmy.csv"))
    assert day_first[S.CREATED].tolist() == [T("2026-12-03 10:00"), T("2026-12-25")]
    # a word that names no zone is no date, said as such: the day itself exists
    with pytest.raises(SchemaError) as e:
        load_tasks(write(tmp_path, HEAD + "A,P,1,2026-12-03 10:00 XYZ,\n", "xyz.csv"))
    assert str(e.value).endswith("column 'created' must hold dates but has '2026-12-03 10:00 XYZ' on line 2. "
                                 "Use ISO dates (2024-05-31 14:00) or the tracker's own export format.")
    with pytest.raises(SchemaError, match=r"dates that do not exist: '2026-02-30 10:00 CET' on line 2"):
        load_tasks(write(tmp_path, HEAD + "A,P,1,2026-02-30 10:00 CET,\n", "feb.csv"))


def test_a_date_column_read_as_numbers_quotes_its_cells_as_written(tmp_path):
    # a ';' file's date column the parser read as numbers quoted 46.360 as '46.36', a cell the file does not hold
    p = write(tmp_path, "Task ID;Project ID;Estimate Hours;Created\nT1;P;2;46.360\nT2;P;3;\nT3;P;1;46.361\n")
    with pytest.raises(SchemaError) as e:
        load_tasks(p)
    assert str(e.value) == (
        f"{p}: column 'Created' must hold dates but has '46.360', '46.361' on lines 2, 4. Use ISO dates "
        "(2024-05-31 14:00) or the tracker's own export format. '46.360' looks like an Excel serial day written "
        "with a thousands dot (46360 is 2026-12-04): format the column as dates in Excel before saving, or write "
        "ISO dates.")
    # serial days read as numbers are still read, and the file is read again only to quote a cell
    ok = load_tasks(write(tmp_path, "task_id;project_id;estimate_hours;created\nT1;P;2;45414.50\nT2;P;3;45415\n",
                          "serial.csv"))
    assert ok[S.CREATED].tolist() == [T("2024-05-02 12:00"), T("2024-05-03")] and "_written" not in ok.attrs


def test_iso_week_dates_with_a_day_are_read(tmp_path):
    # 2026-W49-4 names a day (Thursday of week 49) and was refused as "must hold dates"; the week alone stays a period
    df = load_tasks(write(tmp_path, HEAD + "A,P,1,2026-W49-4,\nB,P,1,2026W494,\nC,P,1,2026-12-07,2026-W01-1\n"
                                          "D,P,1,2020-W53-5,\n"))
    assert df[S.CREATED].tolist() == [T("2026-12-03"), T("2026-12-03"), T("2026-12-07"), T("2021-01-01")]
    assert df[S.FINISHED].tolist()[2] == T("2025-12-29")
    assert df.attrs["detected"]["date_formats"][S.CREATED] == "ISO 8601 + ISO week dates (yyyy-Www-d)"
    with pytest.raises(SchemaError) as e:
        load_tasks(write(tmp_path, HEAD + "A,P,1,2026-W49,\n", "week.csv"))
    assert "column 'created' has '2026-W49' on line 2: a quarter, a week or a month, not a date" in str(e.value)
    with pytest.raises(SchemaError) as e:
        load_tasks(write(tmp_path, HEAD + "A,P,1,2025-W53-1,\n", "w53.csv"))
    assert "column 'created' has dates that do not exist: '2025-W53-1' on line 2 (a day or month of 0, a month " \
           "above 12 or a day past the month's end, or a week the year does not have)." in str(e.value)


def test_date_messages_name_the_column_as_the_file_heads_it(tmp_path):
    # a column read under a canonical name was named by it ('finished') in the date order's note, the
    # day/month disagreement's first column and the date warnings, where the loader's errors say 'Resolved'
    cols = {"Key": "task_id", "Project": "project_id", "Estimate": "estimate_hours", "Opened": "created",
            "Resolved": "finished"}
    head = "Key,Project,Estimate,Opened,Resolved\n"
    df = load_tasks(write(tmp_path, head + "A,P,1,03/04/2024,03/14/2024\n"), column_map=cols)
    assert df.attrs["detected"]["date_order"] == (
        "month first (settled by '03/14/2024' in 'Resolved' (read as finished), line 2)")
    # both cells are quoted with both readings; the fixed ISO example that closed it (2024-03-13) was no date of
    # the file's
    with pytest.raises(SchemaError) as e:
        load_tasks(write(tmp_path, head + "A,P,1,13/03/2026,03/13/2026\n", "both.csv"), column_map=cols)
    assert str(e.value) == (
        f"{tmp_path / 'both.csv'}: the dates disagree on day/month order: column 'Opened' (read as created) has "
        "'13/03/2026' on line 2 (13 March 2026 day first; impossible month first (no month 13)), but column "
        "'Resolved' (read as finished) has '03/13/2026' on line 2 (13 March 2026 month first; impossible day first "
        "(no month 13)). Write every date in the file the same way, ideally as ISO dates.")
    p = write(tmp_path, head + "T1,P1,4,24/01/02,24/01/05\n", "yy.csv")
    with pytest.warns(DataQualityWarning, match=re.escape(
            f"{p}: 2 dates in columns 'Opened' (read as created), 'Resolved' (read as finished), such as 24/01/02, "
            "could be year first")):
        load_tasks(p, column_map=cols)


def test_swapped_date_cells_name_the_column_as_the_file_heads_it(tmp_path):
    import datetime as dt

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["task_id", "project_id", "estimate_hours", "Date de création"])
    for row in (["A", "P", 1, dt.datetime(2024, 2, 1)], ["B", "P", 1, "13/01/2024"]):
        ws.append(row)
    p = tmp_path / "tasks.xlsx"
    wb.save(p)
    with pytest.warns(DataQualityWarning) as caught:
        load_tasks(p, column_map={"Date de création": "created"})
    said = [str(w.message) for w in caught if "swapped" in str(w.message)]
    assert said == [f"{p}: column 'Date de création' (read as created): 1 date cell beside day-first text dates may "
                    "have day and month swapped, as a month-first Excel does on opening a day-first file (line 2: "
                    "2024-02-01 may be 2 January). Check those dates, or open the file with Excel's Data > From "
                    "Text/CSV and the DMY date format."]


def test_serial_days_written_with_a_thousands_dot_or_a_decimal_comma_are_named(tmp_path):
    # in a ';' file, 46360,5 beside ISO dates was refused with no hint, and 46.360 was hinted as 1900-02-14
    head = "task_id;project_id;estimate_hours;created\n"
    for cell, said in (("46360,5", "a decimal comma (46360.5 is 2026-12-04)"),
                       ("46.360,5", "a thousands dot and a decimal comma (46360.5 is 2026-12-04)"),
                       ("46.360", "a thousands dot (46360 is 2026-12-04)")):
        p = write(tmp_path, head + f"T1;P;2;2026-12-01\nT2;P;3;{cell}\n")
        with pytest.raises(SchemaError) as e:
            load_tasks(p)
        assert str(e.value) == (
            f"{p}: column 'created' must hold dates but has '{cell}' on line 3. Use ISO dates (2024-05-31 14:00) or "
            f"the tracker's own export format. '{cell}' looks like an Excel serial day written with {said}: format "
            "the column as dates in Excel before saving, or write ISO dates.")
    # a year written with a thousands dot is still no date
    p = write(tmp_path, head + "T1;P;2;2026-12-01\nT2;P;3;2.024\n")
    with pytest.raises(SchemaError, match=re.escape("'2.024' as an Excel serial day would be 1905-07-16: a year")):
        load_tasks(p)


def test_a_signed_serial_day_written_with_a_thousands_dot_is_named(tmp_path):
    # '+46.360' was read as 46.36 and hinted as "would be 1900-02-14: a year or another number"; it is the serial
    # day 46360, beside ISO dates as in a column the parser read as numbers
    head = "task_id;project_id;estimate_hours;created\n"
    for rows, cells, lines in (("T1;P;2;2026-12-01\nT2;P;3;+46.360\n", "'+46.360'", "line 3"),
                               ("T1;P;2;+46.360\nT2;P;3;\nT3;P;1;+46.361\n", "'+46.360', '+46.361'", "lines 2, 4")):
        p = write(tmp_path, head + rows)
        with pytest.raises(SchemaError) as e:
            load_tasks(p)
        assert str(e.value) == (
            f"{p}: column 'created' must hold dates but has {cells} on {lines}. Use ISO dates (2024-05-31 14:00) or "
            "the tracker's own export format. '+46.360' looks like an Excel serial day written with a thousands dot "
            "(46360 is 2026-12-04): format the column as dates in Excel before saving, or write ISO dates.")


def test_a_frames_zone_aware_dates_are_refused_by_the_loaders_as_in_every_table_given_in_memory():
    # load_requests and load_tasks dropped a frame's zone without a word (10:00 UTC read as 10:00 local), while
    # checks.require_dates and fit_pool_queue refused such a column: all refuse it now, in one wording, the fix
    # naming the frame's own column
    from pmo_forecast import fit_pool_queue, load_requests

    utc = pd.to_datetime(["2026-01-05 09:00", "2026-01-06 09:00"]).tz_localize("UTC")
    requests = pd.DataFrame({"request_id": ["R1", "R2"], "Submitted": utc, "touch_hours": [1.0, 2.0]})
    fix = (f"holds time-zone aware dates ({utc.dtype}); the package works in local wall-clock time: convert "
           "the column to your local time first, df[{0!r}] = df[{0!r}].dt.tz_convert('Europe/Berlin')"
           ".dt.tz_localize(None) with your own zone (dropping the zone alone keeps the times in UTC)")
    with pytest.raises(SchemaError) as e:
        load_requests(requests)
    assert str(e.value) == "<DataFrame>: column 'Submitted' (read as requested) " + fix.format("Submitted")
    assert e.value.column == S.REQUESTED
    canonical = requests.rename(columns={"Submitted": S.REQUESTED})
    with pytest.raises(SchemaError) as e:
        load_requests(canonical)
    assert str(e.value) == "<DataFrame>: column 'requested' " + fix.format("requested")
    with pytest.raises(SchemaError) as e:
        fit_pool_queue(canonical)
    assert str(e.value) == "requests: column 'requested' " + fix.format("requested")
    with pytest.raises(SchemaError) as e:
        require_dates(canonical, "requests")
    assert str(e.value) == "requests: column 'requested' " + fix.format("requested")
    tasks = pd.DataFrame({S.TASK_ID: ["a1", "b1"], S.PROJECT_ID: ["P1", "P2"], S.ESTIMATE: [10.0, 10.0],
                          S.STATUS: [S.DONE, S.OPEN], S.FINISHED: [utc[0], pd.NaT]})
    with pytest.raises(SchemaError) as e:
        load_tasks(tasks)
    assert str(e.value) == "<DataFrame>: column 'finished' " + fix.format("finished")
    # converted as the message says: the local time
    local = tasks.assign(**{S.FINISHED: tasks[S.FINISHED].dt.tz_convert("Europe/Berlin").dt.tz_localize(None)})
    assert load_tasks(local)[S.FINISHED].iloc[0] == T("2026-01-05 10:00")


def test_date_messages_quote_a_cell_with_its_time_zone_name(tmp_path):
    # '03/04/2026 10:00 CET' was quoted as '03/04/2026 10:00', text the file does not hold
    p = write(tmp_path, HEAD + "A,P,1,03/04/2026 10:00 CET,05/04/2026 10:00 CET\n")
    with pytest.warns(DataQualityWarning) as caught:
        df = load_tasks(p)
    assert [str(w.message) for w in caught if "day or month first" in str(w.message)] == [
        f"{p}: 2 dates such as 03/04/2026 10:00 CET could be day or month first and no date in the file settles "
        "it; read day first (3 April 2026). Write ISO dates to be sure (03/04/2026 10:00 CET in 'created', line 2, "
        "read day first, is 2026-04-03)."]
    assert df[S.CREATED].tolist() == [T("2026-04-03 10:00")]
    df = load_tasks(write(tmp_path, HEAD + "A,P,1,03/04/2026 10:00 CET,03/14/2026 09:30 (Europe/Berlin)\n", "us.csv"))
    assert df.attrs["detected"]["date_order"] == (
        "month first (settled by '03/14/2026 09:30 (Europe/Berlin)' in 'finished', line 2)")
    with pytest.raises(SchemaError, match=re.escape(
            "column 'created' has '13/03/2026 10:00 CET' on line 2 (13 March 2026 day first; impossible month first "
            "(no month 13)), but column 'finished' has '03/13/2026 11:00 CET' on line 2")):
        load_tasks(write(tmp_path, HEAD + "A,P,1,13/03/2026 10:00 CET,03/13/2026 11:00 CET\n", "both.csv"))


def test_the_packs_time_zones_row_names_the_columns_as_the_file_heads_them(tmp_path):
    # the Assumptions' 'tasks: time zones' said "finished, created: UTC offsets ... dropped", names the file has not
    import warnings

    import pmo_forecast as pf

    p = tmp_path / "tasks.csv"
    p.write_text("Key,Project,Estimate (h),Opened,Resolved,status\n"
                 + "".join(f"T{i},P1,8,2024-01-{i + 1:02d}T09:00:00+02:00,2024-01-{i + 2:02d}T17:00:00+02:00,done\n"
                           for i in range(10)) + "T20,P1,16,2024-01-20T09:00:00+02:00,,open\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=FEW_TRIALS, category=SettingsWarning)  # 200 trials, to be quick
        t = load_tasks(p, column_map={"Key": "task_id", "Project": "project_id", "Estimate (h)": "estimate_hours",
                                      "Opened": "created", "Resolved": "finished"})
        pack = pf.export_planning_pack(tmp_path / "out" / "pack.xlsx", tasks=t, n_trials=200, progress=False)
    settings = pack_settings(pack)
    assert settings["tasks: time zones"] == (
        "'Opened' (read as created), 'Resolved' (read as finished): UTC offsets (+02:00, Z) dropped, times read as "
        "the local times written (working hours and due days are local)")


def test_a_systems_no_date_past_the_years_read_is_blank_and_said_in_a_csv_as_in_a_workbook(tmp_path):
    # an HR export's open-ended contract (SAP's 9999-12-31, Oracle's 4712-12-31, .NET's 0001-01-01): a CSV was
    # refused as "dates that do not exist (a day or month of 0, ...)", which they are not; a workbook's date cell
    # of 9999-12-31 was blank with nothing said
    import datetime

    import openpyxl

    from pmo_forecast import load_people

    csv = write(tmp_path, "Name,Role,Start date,End date\nAnn,dev,2020-01-01,31.12.9999\nBob,dev,2021-01-01,"
                          "30.06.2024\nCy,dev,0001-01-01,4712-12-31\n", name="people.csv")
    wb = openpyxl.Workbook()
    wb.active.append(["Name", "Role", "Start date", "End date"])
    wb.active.append(["Ann", "dev", datetime.datetime(2020, 1, 1), datetime.datetime(9999, 12, 31)])
    wb.active.append(["Bob", "dev", datetime.datetime(2021, 1, 1), datetime.datetime(2024, 6, 30)])
    wb.save(tmp_path / "people.xlsx")
    people = load_people(csv)
    assert people[S.END].tolist()[:2] == [pd.NaT, T("2024-06-30")] and people[S.END].isna().tolist()[2]
    assert people[S.START].isna().tolist() == [False, False, True]
    assert people.attrs["detected"]["dates_beyond"] == {
        "start": "1 cell holding '0001-01-01' read as blank (line 4): outside the years 1678 to 2261, as systems "
                 "write 'no date'",
        "end": "2 cells holding '31.12.9999', '4712-12-31' read as blank (lines 2, 4): outside the years 1678 to "
               "2261, as systems write 'no date'"}
    book = load_people(tmp_path / "people.xlsx")
    assert book[S.END].isna().tolist() == [True, False]
    assert book.attrs["detected"]["dates_beyond"] == {
        "end": "1 cell holding '9999-12-31' read as blank (line 2): outside the years 1678 to 2261, as systems "
               "write 'no date'"}
    # a date that cannot exist is still refused so
    with pytest.raises(SchemaError, match=r"has dates that do not exist: '9999-02-30' on line 2"):
        load_tasks(write(tmp_path, HEAD + "A,P,1,2024-01-01,9999-02-30\n"))


def test_a_typo_year_past_the_years_read_is_refused_in_a_csv_as_in_a_workbook(tmp_path):
    # a system's "no date" falls on a year's last or first day; 3024-05-01 is a typo of 2024: it had been read as
    # blank with the no-date note (and, before, blank unsaid in a workbook)
    import datetime

    import openpyxl

    said = ("column 'finished' has '3024-05-01' on line 2: outside the years 1678 to 2261, a typo year? (A "
            "system's 'no date' on a year's last or first day, 9999-12-31, is read as blank.) Correct those cells.")
    with pytest.raises(SchemaError, match=re.escape(said)):
        load_tasks(write(tmp_path, HEAD + "A,P,1,2024-01-01,3024-05-01\n"))
    wb = openpyxl.Workbook()
    wb.active.append(["task_id", "project_id", "estimate_hours", "created", "finished"])
    wb.active.append(["A", "P", 1, datetime.datetime(2024, 1, 1), datetime.datetime(3024, 5, 1)])
    wb.save(tmp_path / "tasks.xlsx")
    with pytest.raises(SchemaError, match=re.escape(said)):
        load_tasks(tmp_path / "tasks.xlsx")


@pytest.mark.parametrize("cell, unit", [("1709719200", "seconds"), ("1709719200000", "milliseconds")])
def test_an_epoch_time_among_dates_is_named_so(tmp_path, cell, unit):
    # fuzz: an epoch time among ISO dates was refused with no word of what it may be, as Excel serial days get
    with pytest.raises(SchemaError, match=re.escape(
            f"column 'finished' must hold dates but has '{cell}' on line 2. Use ISO dates (2024-05-31 14:00) or the "
            f"tracker's own export format. '{cell}' looks like an epoch time in {unit} (2024-03-06 10:00 UTC): write "
            "the date, or the whole column as epoch times.")):
        load_tasks(write(tmp_path, HEAD + f"A,P,1,2024-03-05,{cell}\nB,P,2,2024-03-05,2024-03-07\n"))


def test_a_month_by_its_name_is_refused_as_a_period_as_an_iso_month_is(tmp_path):
    # 'May 2024' was refused with the generic "must hold dates", where '2024-05' and 'Q3 2024' are said to be periods
    with pytest.raises(SchemaError, match=re.escape(
            "column 'finished' has 'May 2024', 'Sept 2024' on lines 2, 3: a quarter, a week or a month, not a date")):
        load_tasks(write(tmp_path, HEAD + "A,P,1,2024-01-01,May 2024\nB,P,1,2024-01-01,Sept 2024\n"))
    # a day in it is a date
    t = load_tasks(write(tmp_path, HEAD + "A,P,1,2024-01-01,31 May 2024\n", name="day.csv"))
    assert t[S.FINISHED].tolist() == [T("2024-05-31")]


def test_a_guessed_day_month_order_is_on_record(tmp_path):
    # fuzz round 11: US dates that no day above 12 settles were read day first, said only on the terminal
    import warnings

    import pmo_forecast as pf

    csv = ("task_id,project_id,estimate_hours,actual_hours,status,created,finished\n"
           "1,P,4,5,done,3/1/2024,3/6/2024\n2,P,8,8,done,3/2/2024,4/9/2024\n3,P,6,,open,4/10/2024,\n")
    (tmp_path / "us.csv").write_text(csv, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=FEW_TRIALS, category=SettingsWarning)  # 100 trials, to be quick
        with pytest.warns(pf.DataQualityWarning, match=re.escape(
                f"{tmp_path / 'us.csv'}: 5 dates such as 3/1/2024 could be day or month first and no date in the file "
                "settles it; read day first (3 January 2024). Write ISO dates to be sure (3/1/2024 in 'created', "
                "line 2, read day first, is 2024-01-03).")):
            pack = pf.export_planning_pack(tmp_path / "out" / "pack.xlsx", tasks=tmp_path / "us.csv", n_trials=100,
                                           progress=False)
    rows = pack_settings(pack)
    assert rows["tasks: date order"] == "day first (assumed: no date in the file settles it)"


def test_no_dates_past_the_years_read_name_ten_and_count_the_rest(tmp_path):
    # the cells' values were cut at ten without a word
    from pmo_forecast import load_people

    rows = "".join(f"P{y},dev,2020-01-01,{y}-12-31\n" for y in range(9988, 10000))
    people = load_people(write(tmp_path, "Name,Role,Start date,End date\n" + rows, name="people.csv"))
    assert people.attrs["detected"]["dates_beyond"]["end"] == (
        "12 cells holding " + ", ".join(f"'{y}-12-31'" for y in range(9988, 9998)) + " and 2 more read as blank "
        "(lines 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 and 2 more): outside the years 1678 to 2261, as systems write 'no date'")


# the first three distinct values were quoted and the rest dropped without a word
# (a fourth, the one left, is named: it takes about the room of "and 1 more")
@pytest.mark.parametrize("created, message", [
    (["2024-13-01", "2024-13-02", "2024-13-02", "2024-02-30", "2024-04-31", "2024-01-01"],
     "<DataFrame>: column 'created' has dates that do not exist: '2024-13-01', '2024-13-02', '2024-02-30', "
     "'2024-04-31' on tasks A, B, C, D, E (a day or month of 0, a month above 12 or a day past the month's end). "
     "Correct those cells; ISO dates (2024-05-31) are the safest to write."),
    (["2024Q1", "2024Q2", "2024Q3", "2024Q4", "2024-01-01", "2024-01-01"],
     "<DataFrame>: column 'created' has '2024Q1', '2024Q2', '2024Q3', '2024Q4' on tasks A, B, C, D: a quarter, a "
     "week or a month, not a date (read as its first day it could be months early). Write the day meant, as an ISO "
     "date (2024-05-31)."),
    (["soon", "later", "never", "soon", "someday", "2024-01-01"],
     "<DataFrame>: column 'created' must hold dates but has 'soon', 'later', 'never', 'someday' on tasks A, B, C, D, "
     "E. Use ISO dates (2024-05-31 14:00) or the tracker's own export format."),
])
def test_a_date_refusal_names_three_values_and_counts_the_rest(created, message):
    ids = {"task_id": list("ABCDEF"), "project_id": ["P"] * 6, "estimate_hours": ["1"] * 6}
    with pytest.raises(SchemaError) as e:
        load_tasks(pd.DataFrame({**ids, "created": created}))
    assert str(e.value) == message


def test_a_planned_start_is_read_with_the_files_day_month_order_and_a_cell_that_is_no_date_refused(tmp_path):
    # `planned_start` was left as text ('03/05/2026'), which the forecast read month first or failed on
    head = "task_id,project_id,estimate_hours,actual_hours,created,finished,status,planned_start\n"
    done = "T1,P1,8,8,02/03/2026,20/03/2026,done,\n"
    t = load_tasks(write(tmp_path, head + done + "T2,P1,8,,10/03/2026,,open,03/05/2026\n"
                                              "T3,P1,8,,11/03/2026,,open,13/04/2026\n"))
    assert t[S.PLANNED_START].tolist() == [pd.NaT, pd.Timestamp("2026-05-03"), pd.Timestamp("2026-04-13")]
    assert t.attrs["detected"]["date_formats"][S.PLANNED_START] == "day/month/year"
    assert infer_as_of(t) == pd.Timestamp("2026-03-20")  # a plan: the as-of date is not moved by it
    with pytest.raises(SchemaError, match=re.escape(
            "column 'planned_start' must hold dates but has 'soon' on line 3. Use ISO dates (2024-05-31 14:00) or "
            "the tracker's own export format.")):
        load_tasks(write(tmp_path, head + done + "T2,P1,8,,10/03/2026,,open,soon\n"))


def test_german_12_hour_times_read_as_am_and_pm_and_said(tmp_path):
    # Excel's and Windows' de-DE 12-hour clock writes 'vorm.' and 'nachm.' where English writes AM and PM: such a
    # date was refused ("must hold dates but has '03.01.2024 9:00 vorm.'"); read, said, and no US clue
    p = write(tmp_path, "task_id,project_id,estimate_hours,created\nT1,P,4,03.01.2024 9:00 vorm.\n"
              "T2,P,3,13.01.2024 2:00 nachm.\nT3,P,3,14.01.2024 12:30:15 Nachm.\n")
    df = load_tasks(p)
    assert df[S.CREATED].tolist() == [pd.Timestamp("2024-01-03 09:00"), pd.Timestamp("2024-01-13 14:00"),
                                      pd.Timestamp("2024-01-14 12:30:15")]
    assert df.attrs["detected"]["date_formats"] == {
        S.CREATED: "German 12-hour times (vorm., nachm.) read as AM and PM + day/month/year"}
    # day first assumed where no date settles it, warned as for any such dates, quoted as written; no AM/PM clue of a
    # US export, which a German clock is not
    p = write(tmp_path, "task_id,project_id,estimate_hours,created\nT1,P,4,03/01/2024 9:00 vorm.\n"
              "T2,P,3,04/01/2024 2:00 nachm.\n")
    with pytest.warns(DataQualityWarning) as warned:
        df = load_tasks(p)
    assert [str(w.message) for w in warned] == [
        f"{p}: 2 dates such as 03/01/2024 9:00 vorm. could be day or month first and no date in the file settles it; "
        "read day first (3 January 2024). Write ISO dates to be sure (03/01/2024 9:00 vorm. in 'created', line 2, "
        "read day first, is 2024-01-03)."]
    assert df[S.CREATED].tolist() == [pd.Timestamp("2024-01-03 09:00"), pd.Timestamp("2024-01-04 14:00")]
