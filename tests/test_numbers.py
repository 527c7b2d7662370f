"""Numbers read as the file writes them: separators, durations, percentages, spreadsheet errors."""

import re
import warnings

import numpy as np
import pandas as pd
import pytest
from helpers import FEW_TRIALS, pack_settings

import pmo_forecast as pf
from pmo_forecast import SchemaError, load_people, load_projects, load_tasks
from pmo_forecast.core import schema as S
from pmo_forecast.core.exceptions import SettingsWarning
from pmo_forecast.inputs.parsing import parse_hours


def write(tmp_path, text, name="projects.csv"):
    p = tmp_path / name
    p.write_bytes(text.encode())
    return p


def test_german_thousands_in_a_semicolon_projects_table(tmp_path):
    p = write(tmp_path, "project_id;budget_hours\nP1;1.200\nP2;12.500\nP3;800\n")
    with pytest.warns(pf.DataQualityWarning, match=re.escape(
            "column 'budget_hours' has 2 cells: '1.200' as 1200, '12.500' as 12500 (lines 2, 3) read with a decimal "
            "comma, the default of a ';'-separated file, though they read with a decimal point too: ambiguous")):
        df = load_projects(p)
    assert df[S.BUDGET].tolist() == [1200.0, 12500.0, 800.0]
    assert df.attrs["detected"]["number_styles"] == {S.BUDGET: "decimal comma (1.234,5)"}


def test_german_thousands_settled_by_a_decimal_comma_elsewhere(tmp_path):
    p = write(tmp_path, 'project_id\tbudget_hours\nP1\t1.200\nP2\t"2.500,5"\n')
    assert load_projects(p)[S.BUDGET].tolist() == [1200.0, 2500.5]


def test_english_thousands_in_a_comma_file(tmp_path):
    p = write(tmp_path, 'project_id,budget_hours\nP1,"1,200"\nP2,"12,500.5"\nP3,800\n')
    assert load_projects(p)[S.BUDGET].tolist() == [1200.0, 12500.5, 800.0]


def test_the_other_columns_settle_an_ambiguous_one(tmp_path):
    p = write(tmp_path, "task_id|project_id|estimate_hours|actual_hours\nA|P|1.200|3,5\nB|P|2|1\n", "t.csv")
    df = load_tasks(p)
    assert df[S.ESTIMATE].tolist() == [1200.0, 2.0] and df[S.ACTUAL].tolist() == [3.5, 1.0]


def test_ambiguous_number_with_no_evidence_is_an_error(tmp_path):
    p = write(tmp_path, "project_id|budget_hours\nP1|1.200\nP2|800\n")
    with pytest.raises(SchemaError) as e:
        load_projects(p)
    msg = str(e.value)
    assert "column 'budget_hours' has '1.200' (line 2), which reads as 1.200 or as 1200" in msg
    assert e.value.rows == [2] and str(p) in msg


def test_an_ambiguous_number_is_named_on_its_own_lines(tmp_path):
    # fuzz round (loaders): '1.200' was named on the lines of every ambiguous cell, line 3's '1,200' among them
    p = write(tmp_path, "project_id|budget_hours\nP1|1.200\nP2|1,200\nP3|1.200\n")
    with pytest.raises(SchemaError) as e:
        load_projects(p)
    assert ("column 'budget_hours' has '1.200' (lines 2, 4, and 1 other cell that reads two ways), which reads "
            "as 1.200 or as 1200") in str(e.value)
    assert e.value.rows == [2, 3, 4]


def test_a_column_mixing_styles_is_an_error(tmp_path):
    p = write(tmp_path, "project_id;budget_hours\nP1;1.234,5\nP2;3.5\n")
    with pytest.raises(SchemaError, match=r"column 'budget_hours' mixes number styles: '3.5' needs a "
                                          r"decimal point and '1.234,5' a decimal comma \(lines 2, 3\)"):
        load_projects(p)


def test_space_and_apostrophe_groups(tmp_path):
    p = write(tmp_path, "project_id;budget_hours\nP1;1 200\nP2;1'500,5\nP3;2\u00a0000\n")
    assert load_projects(p)[S.BUDGET].tolist() == [1200.0, 1500.5, 2000.0]


def test_thin_space_groups(tmp_path):
    # U+2009, as typographers and some locales group digits, was refused as not a number
    p = write(tmp_path, "project_id;budget_hours\nP1;1\u2009200\nP2;1\u2009500,5\nP3;2\u202f000\n")
    assert load_projects(p)[S.BUDGET].tolist() == [1200.0, 1500.5, 2000.0]


def test_decimals_that_cannot_be_thousands_stay_decimals(tmp_path):
    p = write(tmp_path, "project_id|budget_hours\nP1|0.125\nP2|1.2\n")
    assert load_projects(p)[S.BUDGET].tolist() == [0.125, 1.2]


@pytest.mark.parametrize("cell, hours", [("1,5h", 1.5), ("PT4H30M", 4.5), ("P1D", 8.0), ("PT90M", 1.5),
                                         ("P1W", 40.0), ("P1DT2H", 10.0), ("2,5 d", 20.0), ("PT0.5H", 0.5)])
def test_durations(cell, hours):
    out, bad = parse_hours(pd.Series([cell]))
    assert out.iloc[0] == pytest.approx(hours) and not bad.any()


def test_durations_in_a_file(tmp_path):
    p = write(tmp_path, "task_id;project_id;estimate_hours\nA;P;1,5h\nB;P;PT4H30M\nC;P;2,25\n", "t.csv")
    assert load_tasks(p)[S.ESTIMATE].tolist() == [1.5, 4.5, 2.25]


def test_percentages_where_a_share_is_expected(tmp_path):
    p = write(tmp_path, "person,availability,hours_per_week\nAnn,80%,40\nBo,0.5,32\nCy, 100 % ,20\n",
              "people.csv")
    df = load_people(p)
    assert df[S.AVAILABILITY].tolist() == [0.8, 0.5, 1.0]
    with pytest.raises(SchemaError, match=r"column 'hours_per_week' must be numeric \(hours\) but has '80%'"):
        load_people(pd.DataFrame({"person": ["Ann"], "hours_per_week": ["80%"]}))


@pytest.mark.parametrize("err", ["#DIV/0!", "#REF!", "#N/A", "#VALUE!"])
def test_spreadsheet_errors_are_named_with_their_cells(tmp_path, err):
    p = write(tmp_path, f"task_id,project_id,estimate_hours\nA,P,2\nB,P,{err}\nC,P,{err}\n", "t.csv")
    with pytest.raises(SchemaError) as e:
        load_tasks(p)
    assert f"column 'estimate_hours' has the spreadsheet error value '{err}' on lines 3, 4" in str(e.value)
    assert "a formula failed there" in str(e.value)


def test_spreadsheet_errors_in_text_columns_too():
    df = pd.DataFrame({"task_id": ["A", "B"], "project_id": ["P", "#REF!"], "estimate_hours": [1.0, 2.0]})
    with pytest.raises(SchemaError, match=r"column 'project_id' has the spreadsheet error value '#REF!'"):
        load_tasks(df)


def test_plain_numbers_keep_their_speed_path():
    out, bad = parse_hours(pd.Series([1.0, np.nan, 2.5]))
    assert out.tolist()[::2] == [1.0, 2.5] and not bad.any()


def test_a_thousands_comma_in_a_decimal_point_file_is_read_as_thousands_and_warned(tmp_path):
    # "1,250" beside the column's own "3,5" made the column's mark a comma: 1.25 h (and days), unsaid, in a file
    # whose decimals are points
    p = write(tmp_path, 'task_id,project_id,estimate_hours,actual_hours\nA,P,"1,250",2.5\nB,P,"3,5",4.5\n', "t.csv")
    said = ("'1,250' as 1250 (line 2) read with a decimal point, as the file writes its decimals, though they read "
            "with a decimal comma too: ambiguous, check them")
    with pytest.warns(pf.DataQualityWarning, match=re.escape(f"column 'estimate_hours' has {said}.")):
        df = load_tasks(p)
    assert df[S.ESTIMATE].tolist() == [1250.0, 3.5]
    assert df.attrs["detected"]["two_way_numbers"] == {S.ESTIMATE: said}
    # with no other column to show the file's mark, only the separator's default said otherwise: the column's own
    # '3,5' decides (a budget column does not write 1.25 d and 1250 d alike), warned all the same
    days = write(tmp_path, 'project_id,Budget (days)\nP1,"1,250"\nP2,"3,5"\n')
    with pytest.warns(pf.DataQualityWarning, match=re.escape(
            "column 'Budget (days)' (read as budget_hours) has '1,250' as 1.25 (line 2) read with a decimal comma, as "
            "the column's own '3,5' on line 3 writes its decimals, not as the file's separator suggests")):
        assert load_projects(days)[S.BUDGET].tolist() == [10.0, 28.0]


def test_an_ambiguous_column_settled_by_the_other_columns_against_the_separator_is_warned(tmp_path):
    # a comma-separated file whose other column writes decimal commas ("2,5", quoted, as Google Sheets does in a
    # German locale): '1,250' is read with the comma, as before, but no longer silently
    p = write(tmp_path, 'task_id,project_id,estimate_hours,actual_hours\nA,P,"1,250",\nB,P,3,"2,5"\n', "t.csv")
    with pytest.warns(pf.DataQualityWarning, match=re.escape(
            "column 'estimate_hours' has '1,250' as 1.25 (line 2) read with a decimal comma, as the file writes its "
            "decimals, though they read with a decimal point too: ambiguous, check them.")):
        assert load_tasks(p)[S.ESTIMATE].tolist() == [1.25, 3.0]


def test_the_sniffed_decimal_mark_agrees_with_the_columns(tmp_path):
    # the only decimal comma on the last line of a file read whole, or in a percentage: the file's
    # mark and the column's (both on the Assumptions sheet) had said "." and "decimal comma"
    p = write(tmp_path, "task_id;project_id;estimate_hours;actual_hours\nT1;P1;4;5\nT2;P1;3;2\nT3;P1;2,5;3\n",
              "tasks.csv")
    d = load_tasks(p).attrs["detected"]
    assert (d["decimal"], d["number_styles"]) == (",", {S.ESTIMATE: "decimal comma (1.234,5)"})
    p = write(tmp_path, "person\tavailability\thours_per_week\nAnn\t60,5%\t40\nBo\t1\t32\n", "people.csv")
    d = load_people(p).attrs["detected"]
    assert (d["decimal"], d["number_styles"]) == (",", {S.AVAILABILITY: "decimal comma (1.234,5)"})


def test_duration_text_in_a_column_of_whole_numbers_reads_with_the_files_mark(tmp_path):
    # a column with no number that shows a mark read its duration text with a decimal point: '1.500 Std' was
    # 1.5 h in a file whose decimals are commas, where a plain '1.500' in that column is 1500
    text = "task_id;project_id;estimate_hours;actual_hours\nT1;P1;4;2,5\nT2;P1;{};2\n"
    assert load_tasks(write(tmp_path, text.format("1.500 Std"), "t.csv"))[S.ESTIMATE].tolist() == [4.0, 1500.0]
    assert load_tasks(write(tmp_path, text.format("1.500"), "t.csv"))[S.ESTIMATE].tolist() == [4.0, 1500.0]
    # the file's own decimal points win over the separator's locale, as for values that read either way
    text = "task_id;project_id;estimate_hours;actual_hours\nT1;P1;4;2.5\nT2;P1;1,500 hrs;2\n"
    with pytest.warns(pf.DataQualityWarning, match=re.escape(
            "column 'estimate_hours' has '1,500 hrs' as 1500 h (line 3) read with a decimal point, as the file writes "
            "its decimals, though they read with a decimal comma too: ambiguous")):
        assert load_tasks(write(tmp_path, text, "t.csv"))[S.ESTIMATE].tolist() == [4.0, 1500.0]


def test_duration_text_that_reads_two_ways_in_a_file_without_decimals_is_said(tmp_path):
    # a ';' file whose numbers show no decimal mark read '1.500 Std' and '2.250h' as 1500 and 2250 h (the
    # separator's default) with nothing said, where ambiguous plain numbers are said in two_way_numbers
    p = write(tmp_path, "task_id;project_id;estimate_hours;actual_hours\nT1;P1;4;2\nT2;P1;1.500 Std;2.250h\n"
              "T3;P1;3h;1\n", "t.csv")
    said = {S.ESTIMATE: "'1.500 Std' as 1500 h (line 3) read with a decimal comma, the default of a ';'-separated "
                        "file, though they read with a decimal point too: ambiguous, check them",
            S.ACTUAL: "'2.250h' as 2250 h (line 3) read with a decimal comma, the default of a ';'-separated "
                      "file, though they read with a decimal point too: ambiguous, check them"}
    with pytest.warns(pf.DataQualityWarning) as warned:
        df = load_tasks(p)
    assert [str(w.message).partition("t.csv: ")[2] for w in warned] == [f"column '{c}' has {n}." for c, n in said.items()]
    assert df[S.ESTIMATE].tolist() == [4.0, 1500.0, 3.0] and df[S.ACTUAL].tolist() == [2.0, 2250.0, 1.0]
    assert df.attrs["detected"]["two_way_numbers"] == said
    # the warning names the column as the file heads it, as its errors do ('Work', mapped), not estimate_hours
    p = write(tmp_path, "task_id;project_id;Work\nT1;P1;4\nT2;P1;1.500 Std\n", "t.csv")
    with pytest.warns(pf.DataQualityWarning) as warned:
        load_tasks(p, column_map={"Work": S.ESTIMATE})
    assert [str(w.message) for w in warned] == [f"{p}: column 'Work' (read as estimate_hours) has {said[S.ESTIMATE]}."]
    # a decimal comma elsewhere in the column's duration text settles it: nothing to say
    p = write(tmp_path, "task_id;project_id;estimate_hours\nT1;P1;2,5 Std\nT2;P1;1.500 Std\n", "t.csv")
    df = load_tasks(p)
    assert df[S.ESTIMATE].tolist() == [2.5, 1500.0] and "two_way_numbers" not in df.attrs["detected"]


def test_the_assumptions_say_one_decimal_mark(tmp_path):
    # a ';' file whose only decimals read either way (1.250) was sniffed '.' while its column read a decimal
    # comma (the separator's default): the Assumptions said "decimal: ." beside "decimal comma"
    import warnings

    csv = ("task_id;project_id;estimate_hours;actual_hours;status;created;finished\n"
           "1;P;1.250;1300;done;2024-03-01;2024-04-01\n2;P;8;9;done;2024-03-04;2024-03-12\n"
           "3;P;6;;open;2024-04-10;\n")
    path = write(tmp_path, csv, "tasks.csv")
    two_ways = re.escape(f"{path}: column 'estimate_hours' has '1.250' as 1250 (line 2) read with a decimal comma, "
                         "the default of a ';'-separated file, though they read with a decimal point too: ambiguous, "
                         "check them.")
    with pytest.warns(pf.DataQualityWarning, match=f"^{two_ways}$"):
        assert load_tasks(path).attrs["detected"]["decimal"] == "."  # the sample's
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=FEW_TRIALS, category=SettingsWarning)  # 100 trials, to be quick
        with pytest.warns(pf.DataQualityWarning, match=f"^{two_ways}$"):
            pack = pf.export_planning_pack(tmp_path / "out" / "pack.xlsx", tasks=path, n_trials=100, progress=False)
    rows = pack_settings(pack)
    assert rows["tasks: decimal"] == "decimal comma (column Estimate (hours))"
    assert rows["tasks: number styles"] == "Estimate (hours): decimal comma (1.234,5)"
    # and that its '1.250' read two ways, and how it was read
    assert rows["tasks: two way numbers"] == ("Estimate (hours): '1.250' as 1250 (line 2) read with a decimal comma, the "
                                              "default of a ';'-separated file, though they read with a decimal point "
                                              "too: ambiguous, check them")


def test_plain_numbers_that_read_two_ways_in_a_file_without_decimals_are_said(tmp_path):
    # a ';' file whose numbers show no decimal mark read a plain '1.500' as 1500 h (the separator's default,
    # a decimal-comma locale's thousands) with nothing said: it reads 1.5 too
    p = write(tmp_path, "task_id;project_id;estimate_hours;actual_hours\nT1;P1;4;2\nT2;P1;1.500;2\n"
              "T3;P1;3;1.250\nT4;P1;12.000;1.250\n", "t.csv")
    said = {S.ESTIMATE: "2 cells: '1.500' as 1500, '12.000' as 12000 (lines 3, 5) read with a decimal comma, the "
                        "default of a ';'-separated file, though they read with a decimal point too: ambiguous, "
                        "check them",
            S.ACTUAL: "2 cells: '1.250' as 1250 (lines 4, 5) read with a decimal comma, the default of a "
                      "';'-separated file, though they read with a decimal point too: ambiguous, check them"}
    with pytest.warns(pf.DataQualityWarning) as warned:
        df = load_tasks(p)
    assert [str(w.message).partition("t.csv: ")[2] for w in warned] == [f"column '{c}' has {n}." for c, n in said.items()]
    assert df[S.ESTIMATE].tolist() == [4.0, 1500.0, 3.0, 12000.0] and df[S.ACTUAL].tolist() == [2.0, 2.0, 1250.0, 1250.0]
    assert df.attrs["detected"]["two_way_numbers"] == said
    # a decimal comma anywhere in the file settles it: nothing to say
    p = write(tmp_path, "task_id;project_id;estimate_hours;actual_hours\nT1;P1;4;2,5\nT2;P1;1.500;2\n", "t.csv")
    df = load_tasks(p)
    assert df[S.ESTIMATE].tolist() == [4.0, 1500.0] and "two_way_numbers" not in df.attrs["detected"]


def test_a_lone_two_way_number_in_a_comma_separated_file_without_decimals_is_said(tmp_path):
    # a quoted "1,500" among whole hours in a comma-separated file was read 1500 h (the separator's default),
    # said only in number_styles: it reads 1.5 h too, and nothing in the file says which
    p = write(tmp_path, 'task_id,project_id,estimate_hours,actual_hours\nT1,P1,4,2\nT2,P1,"1,500",3\n', "t.csv")
    said = ("'1,500' as 1500 (line 3) read with a decimal point, the default of a ','-separated file, though they "
            "read with a decimal comma too: ambiguous, check them")
    with pytest.warns(pf.DataQualityWarning) as warned:
        df = load_tasks(p)
    assert [str(w.message) for w in warned] == [f"{p}: column 'estimate_hours' has {said}."]
    assert df[S.ESTIMATE].tolist() == [4.0, 1500.0]
    assert df.attrs["detected"]["two_way_numbers"] == {S.ESTIMATE: said}
    # a decimal point anywhere in the file settles it: nothing to say
    p = write(tmp_path, 'task_id,project_id,estimate_hours,actual_hours\nT1,P1,4,2.5\nT2,P1,"1,500",3\n', "t.csv")
    df = load_tasks(p)
    assert df[S.ESTIMATE].tolist() == [4.0, 1500.0] and "two_way_numbers" not in df.attrs["detected"]
    # a share's or an FTE's bound settles it (1,000 is 1, not 1000), as said: not warned as read 1000 (nor was
    # a ';' file's '1.000', read 1 and warned as read 1000)
    for text in ('Person,FTE,Availability\nAna,"1,000","1,000"\n', "Person;FTE;Availability\nAna;1.000;1.000\n"):
        df = load_people(write(tmp_path, text, "people.csv"))
        assert df[[S.HOURS_PER_WEEK, S.AVAILABILITY]].values.tolist() == [[40.0, 1.0]]
        assert "above the 1 the column can hold (line 2)" in df.attrs["detected"]["two_way_numbers"][S.AVAILABILITY]


def test_a_shares_two_way_number_read_by_its_bound_is_said_as_read(tmp_path):
    # a share's '1.000' beside another column's '37,5' in a comma-separated file: number_styles said (and warned)
    # it read as 1000, with the file's decimal comma, and its note kept the column's place (setdefault) over the
    # parser's, which read it 1 by the share's bound: the words said a value that was not the one read
    bound = "read with a decimal point: with the column's decimal comma {} above the 1 the column can hold"
    p = write(tmp_path, 'person,role,hours_per_week,availability\nAnn,dev,"37,5",1.000\nBob,dev,"40,0",1.000\n',
              "people.csv")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        df = load_people(p)
    assert df[S.AVAILABILITY].tolist() == [1.0, 1.0]
    assert df.attrs["detected"]["two_way_numbers"] == {
        S.AVAILABILITY: f"2 cells that read two ways ('1.000') {bound.format('they were')} (lines 2, 3)"}
    # the column's own '0,5' reads its '1.000' with a comma; read 1 by the bound, its note says so, as warned
    p = write(tmp_path, 'Person,Availability\nAna,"0,5"\nBo,1.000\n', "own.csv")
    with pytest.warns(pf.DataQualityWarning) as warned:
        df = load_people(p)
    assert df[S.AVAILABILITY].tolist() == [0.5, 1.0]
    said = ("'1.000' as 1 (line 3) read with a decimal point, the column's bound settling it: with a decimal comma (as "
            "the column's own '0,5' on line 2 writes its decimals, not as the file's separator suggests) it was above "
            "the 1 the column can hold")
    assert [str(w.message) for w in warned] == [f"{p}: column 'Availability' has {said}."]
    assert df.attrs["detected"]["two_way_numbers"] == {S.AVAILABILITY: said}
    # a column holding both kinds, a value read with its own mark ('1,250' as 1.25) and one the bound read with the
    # other ('1.000' as 1): the parser's note on the second replaced the note on both, '1,250' then unsaid
    p = write(tmp_path, 'Person,FTE\nAna,"0,5"\nBo,1.000\nCy,"1,250"\n', "both.csv")
    own = "as the column's own '0,5' on line 2 writes its decimals, not as the file's separator suggests"
    said = (f"'1,250' as 1.25 (line 4) read with a decimal comma, {own}, the column's bound settling it: with a decimal "
            f"point it was above the 1.5 the column can hold; '1.000' as 1 (line 3) read with a decimal point, the "
            f"column's bound settling it: with a decimal comma ({own}) it was above the 1.5 the column can hold")
    with pytest.warns(pf.DataQualityWarning) as warned:
        df = load_people(p)
    assert df[S.HOURS_PER_WEEK].tolist() == [20.0, 40.0, 50.0]
    assert [str(w.message) for w in warned] == [f"{p}: column 'FTE' (read as hours_per_week) has {said}."]
    assert df.attrs["detected"]["two_way_numbers"] == {S.HOURS_PER_WEEK: said}


def test_a_bounded_columns_two_way_number_read_by_its_bound_is_warned_as_read(tmp_path):
    # a share or an FTE showing its own decimal mark: '1.000' beside the column's own '0,5' was warned "'1.000' as
    # 1000 ... read with a decimal comma", read 1 by the bound (the stored note right, the warning not); and an FTE's
    # '1,250' beside its own '0,5', the other columns writing points, was warned and noted as 1250, and read 1.25
    own = "as the column's own {} on line 2 writes its decimals, not as the file's separator suggests"
    # named as the file heads the column ('FTE', not hours_per_week: the header the user can find)
    cases = [
        ('Person,Availability\nAna,"0,5"\nBo,1.000\n', "'Availability'", [0.5, 1.0],
         f"'1.000' as 1 (line 3) read with a decimal point, the column's bound settling it: with a decimal comma "
         f"({own.format(repr('0,5'))}) it was above the 1 the column can hold"),
        ("Person;Role;FTE\nAna;dev;0.5\nBo;dev;1,000\n", "'FTE' (read as hours_per_week)", [20.0, 40.0],
         f"'1,000' as 1 (line 3) read with a decimal comma, the column's bound settling it: with a decimal point "
         f"({own.format(repr('0.5'))}) it was above the 1.5 the column can hold"),
        ("Person;Role;FTE;Availability\nAna;dev;0,5;0.8\nBo;dev;1,250;0.9\n", "'FTE' (read as hours_per_week)",
         [20.0, 50.0],
         "'1,250' as 1.25 (line 3) read with a decimal comma, the column's bound settling it: with a decimal point "
         "(as the file writes its decimals) it was above the 1.5 the column can hold"),
        # read with the file's mark, the bound settling it ('1.000' FTE beside the column's own '0,5' is 1, not
        # 1000), was warned "ambiguous, check them"; so was a week's '1.500' h, 1500 h with the column's comma
        ("Person;Role;FTE;Availability\nAna;dev;0,5;0.8\nBo;dev;1.000;0.9\n", "'FTE' (read as hours_per_week)",
         [20.0, 40.0],
         "'1.000' as 1 (line 3) read with a decimal point, as the file writes its decimals, the column's bound "
         "settling it: with a decimal comma it was above the 1.5 the column can hold"),
        ("Person;Availability;Capacity (h/week)\nAna;0,5;37.5\nBo;1.000;40\n", "'Availability'", [0.5, 1.0],
         "'1.000' as 1 (line 3) read with a decimal point, as the file writes its decimals, the column's bound "
         "settling it: with a decimal comma it was above the 1 the column can hold"),
        ("Person;Capacity (h/week);Availability\nAna;37,5;0.8\nBo;1.500;0.9\n",
         "'Capacity (h/week)' (read as hours_per_week)", [37.5, 1.5],
         "'1.500' as 1.5 (line 3) read with a decimal point, as the file writes its decimals, the column's bound "
         "settling it: with a decimal comma it was above the 168 the column can hold")]
    for text, column, read, said in cases:
        p = write(tmp_path, text, "people.csv")
        with pytest.warns(pf.DataQualityWarning) as warned:
            df = load_people(p)
        assert [str(w.message) for w in warned] == [f"{p}: column {column} has {said}."]
        canon = S.AVAILABILITY if "Availability'" in column else S.HOURS_PER_WEEK
        assert df[canon].tolist() == read
        assert "ambiguous" not in df.attrs["detected"]["two_way_numbers"][canon]
    # the note kept is the warning's where the bound read the column's own mark (the parser flipped nothing)
    assert df.attrs["detected"]["two_way_numbers"] == {S.HOURS_PER_WEEK: said}
    # an hours column has no bound: its '1,500' beside its own '1,5' is 1.5, read and warned as before
    p = write(tmp_path, 'task_id,project_id,estimate_hours\nA,P,"1,5"\nC,P,"1,500"\n', "t.csv")
    with pytest.warns(pf.DataQualityWarning, match=re.escape("has '1,500' as 1.5 (line 3) read with a decimal comma, "
                                                             "as the column's own '1,5' on line 2 writes")):
        assert load_tasks(p)[S.ESTIMATE].tolist() == [1.5, 1.5]


def test_a_columns_own_decimal_comma_reads_its_two_way_numbers_over_the_separators_default(tmp_path):
    # "1,500" beside the column's own "1,5" and "2,5" in a comma-separated file was read 1500 h, the separator's
    # default over the column's evidence: an hours column does not write 1.5 h and 1500 h alike, so it is 1.5 h,
    # still warned; the same in a semicolon-separated file whose column writes its decimals with points
    p = write(tmp_path, 'task_id,project_id,estimate_hours\nA,P,"1,5"\nB,P,"2,5"\nC,P,"1,500"\n', "t.csv")
    said = ("'1,500' as 1.5 (line 4) read with a decimal comma, as the column's own '1,5' on line 2 writes its "
            "decimals, not as the file's separator suggests, though they read with a decimal point too: ambiguous, "
            "check them")
    with pytest.warns(pf.DataQualityWarning) as warned:
        df = load_tasks(p)
    assert [str(w.message).partition("t.csv: ")[2] for w in warned] == [f"column '{S.ESTIMATE}' has {said}."]
    assert df[S.ESTIMATE].tolist() == [1.5, 2.5, 1.5] and df.attrs["detected"]["two_way_numbers"] == {S.ESTIMATE: said}
    p = write(tmp_path, "task_id;project_id;estimate_hours\nA;P;2.5\nB;P;1.500\n", "t.csv")
    with pytest.warns(pf.DataQualityWarning, match=re.escape(
            "'1.500' as 1.5 (line 3) read with a decimal point, as the column's own '2.5' on line 2 writes")):
        assert load_tasks(p)[S.ESTIMATE].tolist() == [2.5, 1.5]


def test_duration_text_with_a_thousands_comma_in_a_comma_separated_file(tmp_path):
    # '1,500 hrs' (quoted) in a comma-separated file is 1500 h; beside the column's own '2,5' it is read 1.5 h, as a
    # plain '1,500' there is (the column's own mark over the separator's default), warned; beside another column's
    # '2,5' it is read with that column's comma, as a plain '1,500' is, and no longer silently
    head = "task_id,project_id,estimate_hours,actual_hours\n"
    assert load_tasks(write(tmp_path, head + 'T1,P1,"1,500 hrs",\nT2,P1,4,\n', "t.csv"))[S.ESTIMATE].tolist() == \
        [1500.0, 4.0]
    said = ("'1,500 hrs' as 1.5 h (line 2) read with a decimal comma, as the column's own '2,5' on line 3 writes its "
            "decimals, not as the file's separator suggests, though they read with a decimal point too: ambiguous, "
            "check them")
    with pytest.warns(pf.DataQualityWarning) as warned:
        df = load_tasks(write(tmp_path, head + 'T1,P1,"1,500 hrs",\nT2,P1,"2,5",\n', "t.csv"))
    assert [str(w.message).partition("t.csv: ")[2] for w in warned] == [f"column '{S.ESTIMATE}' has {said}."]
    assert df[S.ESTIMATE].tolist() == [1.5, 2.5] and df.attrs["detected"]["two_way_numbers"] == {S.ESTIMATE: said}
    said = ("'1,500 hrs' as 1.5 h (line 2) read with a decimal comma, as the file writes its decimals, though they "
            "read with a decimal point too: ambiguous, check them")
    with pytest.warns(pf.DataQualityWarning) as warned:
        df = load_tasks(write(tmp_path, head + 'T1,P1,"1,500 hrs",\nT2,P1,4,"2,5"\n', "t.csv"))
    assert [str(w.message).partition("t.csv: ")[2] for w in warned] == [f"column '{S.ESTIMATE}' has {said}."]
    assert df[S.ESTIMATE].tolist() == [1.5, 4.0] and df.attrs["detected"]["two_way_numbers"] == {S.ESTIMATE: said}


def test_duration_text_that_uses_the_comma_both_ways_in_one_column_is_read_as_plain_numbers_are(tmp_path):
    # '1,500 hrs' beside '1,5 hrs' in one column of a comma-separated file read as 1500 and 1.5 h with nothing
    # said: the duration text's '1,5' now shows the column's mark as a plain '2,5' does, and the same rule reads
    # and says it (the column's own decimal comma, over the separator's default: an hours column does not write
    # 1.5 h and 1500 h alike)
    head = "task_id,project_id,estimate_hours,actual_hours\n"
    said = ("'1,500 hrs' as 1.5 h (line 2) read with a decimal comma, as the column's own '1,5 hrs' on line 3 writes "
            "its decimals, not as the file's separator suggests, though they read with a decimal point too: "
            "ambiguous, check them")
    with pytest.warns(pf.DataQualityWarning) as warned:
        df = load_tasks(write(tmp_path, head + 'T1,P1,"1,500 hrs",\nT2,P1,"1,5 hrs",\n', "t.csv"))
    assert [str(w.message).partition("t.csv: ")[2] for w in warned] == [f"column '{S.ESTIMATE}' has {said}."]
    assert df[S.ESTIMATE].tolist() == [1.5, 1.5] and df.attrs["detected"]["two_way_numbers"] == {S.ESTIMATE: said}
    assert df.attrs["detected"]["number_styles"] == {S.ESTIMATE: "decimal comma (1.234,5)"}
    with pytest.warns(pf.DataQualityWarning, match=re.escape("'1,500' as 1.5 (line 2) read with a decimal comma")):
        assert load_tasks(write(tmp_path, head + 'T1,P1,"1,500",\nT2,P1,"2,5",\n', "t.csv"))[S.ESTIMATE].tolist() \
            == [1.5, 2.5]
    # beside the column's own '2.5' the comma of '1,500 hrs' is a thousands separator, and its '1,5h' a decimal one
    said = ("'1,500 hrs' as 1500 h (line 2) read with a decimal point, as the file writes its decimals (the column's "
            "'1,5h' on line 4 has a decimal comma), though they read with a decimal comma too: ambiguous, check them")
    with pytest.warns(pf.DataQualityWarning) as warned:
        df = load_tasks(write(tmp_path, head + 'T1,P1,"1,500 hrs",\nT2,P1,2.5,\nT3,P1,"1,5h",\n', "t.csv"))
    assert [str(w.message).partition("t.csv: ")[2] for w in warned] == [f"column '{S.ESTIMATE}' has {said}."]
    assert df[S.ESTIMATE].tolist() == [1500.0, 2.5, 1.5] and df.attrs["detected"]["two_way_numbers"] == {S.ESTIMATE: said}
    # with no separator to say otherwise (a DataFrame of text) the column's own '1,5 hrs' reads '1,500 hrs', as
    # its '2,5' reads a plain '1,500'
    frame = pd.DataFrame({"task_id": ["T1", "T2"], "project_id": "P1", "estimate_hours": ["1,500 hrs", "1,5 hrs"]})
    assert load_tasks(frame)[S.ESTIMATE].tolist() == [1.5, 1.5]
    frame["estimate_hours"] = ["1,500", "2,5"]
    assert load_tasks(frame)[S.ESTIMATE].tolist() == [1.5, 2.5]


SIX_TASKS = {"task_id": list("ABCDEF"), "project_id": ["P"] * 6}
SIX_PEOPLE = {"person": list("ABCDEF")}


# the first three values were quoted and the rest dropped without a word; a value on two rows was quoted twice
# (a fourth, the one left, is named: it takes about the room of "and 1 more")
@pytest.mark.parametrize("load, ids, column, values, message", [
    (load_tasks, SIX_TASKS, "estimate_hours", ["lots", "lots", "few", "some", "many", "1"],
     "<DataFrame>: column 'estimate_hours' must be numeric (hours) but has 'lots', 'few', 'some', 'many' on tasks "
     "A, B, C, D, E. Fix those cells (numbers like 4 or 3.5, or durations like 3h 30m) or map another column to "
     "'estimate_hours'."),
    (load_tasks, SIX_TASKS, "estimate_hours", ["#REF!", "#N/A", "#DIV/0!", "#VALUE!", "1", "1"],
     "<DataFrame>: column 'estimate_hours' has the spreadsheet error values '#REF!', '#N/A', '#DIV/0!', '#VALUE!' on "
     "tasks A, B, C, D: a formula failed there. Fix the formula (or type the value) in the spreadsheet and read the "
     "table from it again."),
    (load_people, SIX_PEOPLE, "availability", ["170%", "180%", "190%", "200%", "50%", "50%"],
     "<DataFrame>: column 'availability' has '170%' (1.7), '180%' (1.8), '190%' (1.9), '200%' (2) on people A, B, C, "
     "D: a share of the week is between 0 and 1 (0.8 or 80% for four days in five). Fix those cells or map another "
     "column to 'availability'."),
    (load_people, SIX_PEOPLE, "hours_per_week", ["200", "210", "220", "230", "40", "40"],
     "<DataFrame>: column 'hours_per_week' has '200' (200 h), '210' (210 h), '220' (220 h), '230' (230 h) on people A, "
     "B, C, D: more than the 168 hours a week holds. It holds the hours worked each week (40, 37.5 or 5d): fix those "
     "cells or map another column to 'hours_per_week'."),
    (load_people, SIX_PEOPLE, "Hours per day", ["30", "31", "32", "33", "8", "8"],
     "<DataFrame>: column 'Hours per day' (read as hours_per_week) has '30', '31', '32', '33' hours a day on "
     "people A, B, C, D: more than a day holds (24). The column holds the hours worked each day (8, 7.5): fix those "
     "cells or map another column to 'hours_per_week'."),
])
def test_a_refusal_names_three_values_and_counts_the_rest(load, ids, column, values, message):
    with pytest.raises(SchemaError) as e:
        load(pd.DataFrame({**ids, column: values}))
    assert str(e.value) == message


def test_values_that_read_two_ways_are_named_three_and_counted(tmp_path):
    # the first three were quoted and the fourth dropped without a word
    rows = "".join(f'{t},P,"{v}",2.5\n' for t, v in zip("ABCDE", ["1,250", "2,500", "3,750", "4,125", "3,5"], strict=True))
    p = write(tmp_path, "task_id,project_id,estimate_hours,actual_hours\n" + rows, "t.csv")
    with pytest.warns(pf.DataQualityWarning, match="^" + re.escape(
            f"{p}: column 'estimate_hours' has 4 cells: '1,250' as 1250, '2,500' as 2500, '3,750' as 3750, '4,125' as "
            "4125 (lines 2, 3, 4, 5) read with a decimal point, as the file writes its decimals, though they read with "
            "a decimal comma too: ambiguous, check them.") + "$"):
        df = load_tasks(p)
    assert df.attrs["detected"]["two_way_numbers"] == {S.ESTIMATE: (
        "4 cells: '1,250' as 1250, '2,500' as 2500, '3,750' as 3750, '4,125' as 4125 (lines 2, 3, 4, 5) read with a "
        "decimal point, as the file writes its decimals, though they read with a decimal comma too: ambiguous, check "
        "them")}


def test_a_minus_sign_and_full_width_digits_are_read_as_their_plain_characters_and_said(tmp_path):
    # '３', '２．５' (East Asian input) and the minus sign U+2212 ('−3', typeset text) read one way only, and were refused
    # as no numbers ("must be numeric (hours) but has '３'"): read, each said with its lines
    p = write(tmp_path, "task_id,project_id,estimate_hours,actual_hours\nT1,P,4,\uff13\nT2,P,\uff12\uff0e\uff15,1\n"
              "T3,P,\uff12\uff0e\uff15,2\n", "t.csv")
    df = load_tasks(p)
    assert df[S.ESTIMATE].tolist() == [4.0, 2.5, 2.5] and df[S.ACTUAL].tolist() == [3.0, 1.0, 2.0]
    said = "written with a minus sign (U+2212) or full-width digits, read as their plain characters"
    assert df.attrs["detected"]["number_characters"] == {
        S.ESTIMATE: f"2 cells {said}: '２．５' as 2.5 (lines 3, 4)", S.ACTUAL: f"1 cell {said}: '３' as 3 (line 2)"}
    # a full-width decimal comma (no separator in a comma-separated file) is evidence of the column's mark
    p = write(tmp_path, "person,hours_per_week\nAna,\uff13\uff17\uff0c\uff15\nBo,40\n", "people.csv")
    df = load_people(p)
    assert df[S.HOURS_PER_WEEK].tolist() == [37.5, 40.0]
    assert df.attrs["detected"]["number_styles"] == {S.HOURS_PER_WEEK: "decimal comma (1.234,5)"}
    # a negative number so written is refused as a negative one is, with the same message, the cell as written
    for minus in ("-", "\u2212", "\uff0d"):
        p = write(tmp_path, f"task_id,project_id,estimate_hours\nT1,P,4\nT2,P,{minus}3\n", "t.csv")
        with pytest.raises(SchemaError) as e:
            load_tasks(p)
        assert str(e.value) == (f"{p}: column 'estimate_hours' has a negative duration, '{minus}3', on line 3: hours "
                                "cannot be below 0. Fix that cell (blank if not known) or map another column to "
                                "'estimate_hours'.")
