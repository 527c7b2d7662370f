"""Workbooks read as a person sees them; file types from content, not extension."""

import re

import openpyxl
import pandas as pd
import pytest
from helpers import FEW_TRIALS, pack_settings

import pmo_forecast as pf
from pmo_forecast import DataQualityWarning, SchemaError, load_people, load_projects, load_tasks
from pmo_forecast.core import schema as S
from pmo_forecast.core.exceptions import SettingsWarning

HEADER = ["task_id", "project_id", "estimate_hours"]


def workbook(path, sheets):
    """sheets: list of (name, rows, state)."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows, state in sheets:
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
        ws.sheet_state = state
    wb.save(path)
    return path


def test_hidden_first_sheet_is_skipped(tmp_path):
    p = workbook(tmp_path / "t.xlsx", [("Old", [HEADER, ["OLD", "P", 1]], "hidden"),
                                       ("Empty", [], "visible"),
                                       ("Tasks", [HEADER, ["A", "P", 2], ["B", "P", 3]], "visible")])
    before = p.read_bytes()
    df = load_tasks(p)
    assert df[S.TASK_ID].tolist() == ["A", "B"]
    assert df.attrs["detected"]["sheet"] == "Tasks"
    assert load_tasks(p, sheet="Old")[S.TASK_ID].tolist() == ["OLD"]
    assert load_tasks(p, sheet=0)[S.TASK_ID].tolist() == ["OLD"]
    with pytest.raises(SchemaError, match=r"no sheet named 'Nope'. Sheets: 'Old', 'Empty', 'Tasks'"):
        load_tasks(p, sheet="Nope")
    assert p.read_bytes() == before


def test_data_on_another_sheet_is_named_in_the_error(tmp_path):
    p = workbook(tmp_path / "t.xlsx", [("Read me", [["This export was made on Monday"]], "visible"),
                                       ("Data", [HEADER, ["A", "P", 2]], "visible")])
    with pytest.raises(SchemaError) as e:
        load_tasks(p)
    msg = str(e.value)
    assert "This is sheet 'Read me'; the workbook also has 'Data': choose one with sheet='<name>' (on the command line: --sheet NAME)." in msg
    assert load_tasks(p, sheet="Data")[S.TASK_ID].tolist() == ["A"]


def test_title_rows_above_the_header_are_skipped_or_hinted(tmp_path):
    # a workbook's title cells above the header (merged, one cell a row) are skipped and said, numbered as lines
    # as every other message numbers a sheet's rows (they said 'row 1', beside 'line 5' in the same notes)
    rows = [["Task export, May 2024"], [], ["Team Phoenix"], HEADER, ["A", "P", 2]]
    p = workbook(tmp_path / "t.xlsx", [("Tasks", rows, "visible")])
    df = load_tasks(p)
    assert df[S.TASK_ID].tolist() == ["A"]
    assert df.attrs["detected"]["title_rows"] == ("2 title rows above the header skipped (line 1: 'Task export, May "
                                                  "2024'; line 3: 'Team Phoenix')")
    # a header in init's spellings is found too (it said "Columns found: <the title>" and no more): the one row
    # naming columns, below a title of two cells, is the header, as in a CSV; its names are then init's to map
    rows = [["Q1 tracker", "notes"], ["Task ID", "Project", "Owner", "Estimate (h)"], ["A", "P", "Ann", 2]]
    p = workbook(tmp_path / "u.xlsx", [("Tasks", rows, "visible")])
    with pytest.raises(SchemaError, match=r"missing required columns 'project_id' \(closest: Project\); "
                                          r"'estimate_hours' \(closest: Estimate \(h\)\)\. Columns found: Task ID "
                                          r"\(read as task_id\), Project, Owner, Estimate \(h\)\."):
        load_tasks(p)
    df = load_tasks(p, column_map={"Project": "project_id", "Estimate (h)": "estimate_hours"})
    assert df[S.TASK_ID].tolist() == ["A"] and df[S.ESTIMATE].tolist() == [2.0]
    assert df.attrs["detected"]["title_rows"].startswith("1 title row above the header skipped (line 1: "
                                                         "'Q1 tracker, notes'); line 2 read as the header")
    # two rows naming columns below the title: which is the header is not clear, and the hint says the first
    rows = [["Q1 tracker", "notes"], HEADER, ["Task", "Owner", "Estimate"], ["A", "P", 2]]
    p = workbook(tmp_path / "v.xlsx", [("Tasks", rows, "visible")])
    # the title row, two cells, read as the header: the cells right of it are said to be ignored
    with pytest.warns(DataQualityWarning, match="^" + re.escape(
            f"{p}: sheet 'Tasks': 3 cells right of the table's last header are ignored (C2, C3, C4).") + "$"), \
            pytest.raises(SchemaError, match=r"Hint: line 2 looks like the header \(it has task_id, project_id, "
                                             r"estimate_hours\): delete the rows above it"):
        load_tasks(p)
    p = tmp_path / "t.csv"
    p.write_text("Task export, May 2024\n\ntask_id,project_id,estimate_hours\nTask,Owner\nA,P,2\n")
    # the title line, two cells at its comma, read as the header: the longer lines below it are said
    with pytest.warns(DataQualityWarning, match="^" + re.escape(
            f"{p}: 2 lines with more cells than the header (lines 3, 5): the cells beyond the header are ignored. "
            "Check the file's separator and quoting (a cell holding the separator, such as a decimal comma, must "
            "be quoted).") + "$"), pytest.raises(SchemaError, match=r"Hint: line 3 looks like the header"):
        load_tasks(p)  # two lines name columns: which is the header is not clear (a title alone is skipped)
    # in semicolons, the title's comma named the separator: one column, and no hint
    p.write_text("Task export, May 2024\n\ntask_id;project_id;estimate_hours\nTask;Owner\nA;P;2,5\nB;P;4\n")
    with pytest.warns(DataQualityWarning, match="^" + re.escape(
            f"{p}: 4 lines with more cells than the header (lines 3, 4, 5, 6): the cells beyond the header are "
            "ignored. Check the file's separator and quoting (a cell holding the separator, such as a decimal comma, "
            "must be quoted).") + "$"), \
            pytest.raises(SchemaError, match=r"Hint: line 3 looks like the header \(it has task_id, project_id, "
                                             r"estimate_hours\): delete the lines above it"):
        load_tasks(p)
    p.write_text("task_id;project_id;estimate_hours\nA;P;2,5\nB;P;4\n")
    assert load_tasks(p)[S.ESTIMATE].tolist() == [2.5, 4.0]


def test_the_line_taken_for_the_header_is_said_by_its_own_cells(tmp_path):
    # the hint and the title-rows note listed that line's columns by the loader's names ('estimate_hours,
    # project_id, task_id'), sorted, where the line says 'Task, Project, Estimate': they are its cells, in its order
    rows = [["Q1 tracker", "notes", "v2"], ["Task", "Project", "Estimate"], ["Task ID", "Owner", "Estimate (h)"],
            ["A", "P", 2]]
    p = workbook(tmp_path / "t.xlsx", [("Tasks", rows, "visible")])
    with pytest.raises(SchemaError) as e:
        load_tasks(p)
    assert str(e.value) == (
        f"{p}: line 2 looks like the header ('Task', 'Project', 'Estimate'), below title rows: the row read as the "
        "header ('Q1 tracker', 'notes', 'v2') names no column; delete the title rows above the header. Missing required "
        "columns 'task_id' (closest: none); 'project_id' (closest: none); 'estimate_hours' (closest: none). "
        "Columns found: Q1 tracker, notes, v2. Rename them in the file or pass column_map={'<your column>': "
        "'task_id'} (or require_estimate=False for throughput-only data) (on the command line: 'pmo-forecast init' "
        "proposes the columns in a mapping.yaml to give --map).")
    # the cause, said first, names the header and what to do: a Hint after it saying the same again was dropped
    p = tmp_path / "t.csv"
    p.write_text("Q1 tracker,notes,v2\nTask,Project,Estimate\nTask ID,Owner,Estimate (h)\nA,P,2\n")
    with pytest.raises(SchemaError) as e:
        load_tasks(p)
    assert str(e.value) == (
        f"{p}: line 2 looks like the header ('Task', 'Project', 'Estimate'), below title lines: the line read as the "
        "header ('Q1 tracker', 'notes', 'v2') names no column; delete the title lines above the header. Missing "
        "required columns 'task_id' (closest: none); 'project_id' (closest: none); 'estimate_hours' (closest: none). "
        "Columns found: Q1 tracker, notes, v2. Rename them in the file or pass column_map={'<your column>': "
        "'task_id'} (or require_estimate=False for throughput-only data) (on the command line: 'pmo-forecast init' "
        "proposes the columns in a mapping.yaml to give --map).")
    p.write_text("Q1 tracker,notes,v2\nTask ID,Project ID,Estimate Hours\nA,P,2\n")
    assert load_tasks(p).attrs["detected"]["title_rows"] == (
        "1 title line above the header skipped (line 1: 'Q1 tracker, notes, v2'); line 2 read as the header, the "
        "only one of the first 3 lines that names columns (Task ID, Project ID, Estimate Hours)")


def test_missing_columns_of_an_ms_project_excel_export_list_its_own_headers(tmp_path):
    # the plan's Finish, read as a 100% complete task's finish date, made the error list 'finished', a column the
    # file does not have, and its mapped headers as the loader named them ('task_id', 'assignee', 'estimate_hours')
    header = ["ID", "Name", "Duration", "Start", "Finish", "Resource Names", "Work", "% Complete"]
    rows = [header, [1, "Design", "5 days", "Mon 1/8/24", "Fri 1/12/24", "Ann Lee", "40 hrs", "100%"],
            [2, "Build", "10 days", "Mon 1/15/24", "Fri 1/26/24", "Bob Ray", "80 hrs", "50%"]]
    p = workbook(tmp_path / "plan.xlsx", [("Task_Table1", rows, "visible")])
    cmap = {"ID": "task_id", "Resource Names": "assignee", "Work": "estimate_hours"}
    found = ("Columns found: ID (read as task_id), Name, Duration, Start, Finish, Resource Names (read as assignee), "
             "Work (read as estimate_hours), % Complete.")
    with pytest.raises(SchemaError) as e:
        load_tasks(p, column_map=cmap)
    assert str(e.value).startswith(f"{p}: missing required column 'project_id' (closest: none). {found} Rename them")
    assert e.value.found == header
    # a project column the mapping names that is not there: the same list
    with pytest.raises(SchemaError) as e:
        load_tasks(p, column_map=cmap, project_from="Projekt")
    assert str(e.value) == (f"{p}: the project column 'Projekt' is not in the export (closest: none). {found} Fix the "
                            "mapping (mapping.yaml or --project-field).")
    # a file that has a column read as finished lists it, under its own header
    rows = [header + ["Actual Finish"], rows[1] + ["Thu 1/11/24"], rows[2] + ["NA"]]
    p = workbook(tmp_path / "actual.xlsx", [("Task_Table1", rows, "visible")])
    with pytest.raises(SchemaError, match=re.escape("% Complete, Actual Finish (read as finished). Rename them")):
        load_tasks(p, column_map={**cmap, "Actual Finish": "finished"})


def test_title_rows_of_several_cells_above_a_workbooks_header_are_skipped_as_in_a_csv(tmp_path):
    # a title row of two cells ('Q1 tracker | exported by Ana') was an error with the "looks like the header"
    # hint, where the same CSV lines were skipped: the one row naming columns is the header, the rows above said
    rows = [["Q1 tracker", "exported by Ana"], [], ["Report", "May 2024", "v2"],
            ["task_id", "project_id", "assignee", "estimate_hours", "actual_hours", "started", "finished", "status"]]
    rows += [[f"T{i}", "P", "Ana", 8, 9, f"2024-01-{i + 1:02d}", f"2024-01-{i + 2:02d}", "done"] for i in range(12)]
    rows += [["T20", "P", "Ana", 16, None, "2024-01-20", None, "in_progress"], ["T21", "P", "Bo", "lots"]]
    p = workbook(tmp_path / "t.xlsx", [("Tasks", rows, "visible")])
    with pytest.raises(SchemaError, match=r"'lots' on line 18"):  # the rows keep their numbers in the sheet
        load_tasks(p)
    rows[-1][3] = 24
    p = workbook(tmp_path / "t.xlsx", [("Tasks", rows, "visible")])
    df = load_tasks(p)
    assert df[S.TASK_ID].tolist()[-3:] == ["T11", "T20", "T21"] and df[S.ESTIMATE].tolist()[-2:] == [16.0, 24.0]
    said = ("2 title rows above the header skipped (line 1: 'Q1 tracker, exported by Ana'; line 3: 'Report, May "
            "2024, v2'); line 4 read as the header, the only one of the first 17 rows that names columns "
            "(task_id, project_id, assignee, estimate_hours, actual_hours, started, finished, status)")
    assert df.attrs["detected"]["title_rows"] == said
    # the people table too, with its own columns
    people = workbook(tmp_path / "people.xlsx", [("People", [["Team", "Phoenix"], ["person", "hours_per_week"],
                                                             ["Ana", 40]], "visible")])
    assert load_people(people)[S.HOURS_PER_WEEK].tolist() == [40.0]
    # it reaches the pack's Assumptions, as a CSV's title lines do
    import warnings

    from pmo_forecast import export_planning_pack
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=FEW_TRIALS, category=SettingsWarning)  # 200 trials, to be quick
        # the fixture's last task starts after its latest created or finished date: said, in its words
        with pytest.warns(DataQualityWarning, match="^" + re.escape(
                "1 start date falls after the latest created or finished date (2024-01-13), up to 2024-01-20: a "
                "planned start, not a start, so the as-of date is not moved by it. Pass as_of= to choose another "
                "date.") + "$"):
            pack = export_planning_pack(tmp_path / "out" / "pack.xlsx", tasks=p, n_trials=200, progress=False)
    settings = pack_settings(pack)
    assert settings["tasks: title rows"] == said


def test_rows_keep_their_sheet_row_numbers(tmp_path):
    rows = [HEADER, ["A", "P", 2], [], ["B", "P", "lots"]]
    p = workbook(tmp_path / "t.xlsx", [("Tasks", rows, "visible")])
    with pytest.raises(SchemaError, match=r"'lots' on line 4"):
        load_tasks(p)


def test_file_type_from_content(tmp_path):
    csv_named_xlsx = tmp_path / "tasks.xlsx"
    csv_named_xlsx.write_text("task_id,project_id,estimate_hours\nA,P,2\n")
    df = load_tasks(csv_named_xlsx)
    assert df[S.ESTIMATE].tolist() == [2.0] and df.attrs["detected"]["file_type"] == "delimited text"
    xlsx_named_csv = workbook(tmp_path / "tasks.csv", [("T", [HEADER, ["A", "P", 2]], "visible")])
    df = load_tasks(xlsx_named_csv)
    assert df[S.ESTIMATE].tolist() == [2.0] and df.attrs["detected"]["file_type"] == "Excel workbook"
    xls = tmp_path / "old.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(SchemaError, match=r"is an old binary Excel workbook \(.xls\)\. Open it in Excel"):
        load_tasks(xls)
    html = tmp_path / "export.xls"
    html.write_text("<html><table><tr><td>task_id</td></tr></table></html>")
    with pytest.raises(SchemaError, match=r"is a web page \(HTML\)"):
        load_tasks(html)


@pytest.mark.parametrize("text", ['{\n  "id": "5f1a",\n  "name": "Web",\n  "cards": [{"id": "c1", "closed": false}]\n}\n',
                                  '[{"task_id": "T1", "estimate_hours": 2}]', "\ufeff [ \n  [\"T1\", 2]\n]"])
def test_a_json_export_is_refused_as_json(tmp_path, text):
    # Trello's board export: "cannot read it as comma-separated text (line 5 has 4 fields ...)", or, on one line,
    # "has a header but no data rows", sending users to look for a damaged CSV
    p = tmp_path / "board.json"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(SchemaError, match=r"board\.json: is JSON \(a board's or a tracker's API export, such as "
                                          r"Trello's Export as JSON\), not a table\. Export the tasks as CSV"):
        load_tasks(p)


def test_one_far_away_cell_neither_blows_up_nor_hides(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in [HEADER, ["A", "P", 2], ["B", "P", 3]]:
        ws.append(r)
    ws["XFD1048576"] = "x"  # declares a sheet of 17 billion cells in a 5 kB file
    p = tmp_path / "far.xlsx"
    wb.save(p)
    assert p.stat().st_size < 10_000
    with pytest.warns(DataQualityWarning, match=r"1 cell right of the table's last header is ignored "
                                                r"\(XFD1048576\)"):
        df = load_tasks(p)
    assert df[S.TASK_ID].tolist() == ["A", "B"]
    ws["XFD1048576"] = None
    ws["C1048576"] = 5
    wb.save(p)
    with pytest.raises(SchemaError, match=r"column 'task_id' is empty on line 1048576"):
        load_tasks(p)


def test_workbook_size_guard(tmp_path, monkeypatch):
    from pmo_forecast.inputs import spreadsheet

    p = workbook(tmp_path / "t.xlsx", [("T", [HEADER, ["A", "P", 2]], "visible")])
    monkeypatch.setattr(spreadsheet, "MAX_WORKBOOK_BYTES", 1000)
    with pytest.raises(SchemaError, match=r"the workbook unpacks to 0 MB, over the 0 MB this tool reads. "
                                          r"Export the table as CSV"):
        load_tasks(p)


def test_spreadsheet_error_cells_are_errors_not_blanks(tmp_path):
    p = workbook(tmp_path / "p.xlsx", [("P", [["project_id", "budget_hours"], ["P1", 100], ["P2", "#DIV/0!"]],
                                        "visible")])
    with pytest.raises(SchemaError, match=r"column 'budget_hours' has the spreadsheet error value '#DIV/0!' "
                                          r"on line 3"):
        load_projects(p)


def test_text_numbers_and_dates_in_a_workbook(tmp_path):
    rows = [HEADER + ["finished"], ["A", "P", "1.200,5", "31/12/2024"],
            ["B", "P", 2, pd.Timestamp("2024-05-01").to_pydatetime()]]
    p = workbook(tmp_path / "t.xlsx", [("T", rows, "visible")])
    # a date cell beside a day-first text date: it may be one Excel swapped, and is said to be
    with pytest.warns(DataQualityWarning, match="^" + re.escape(
            f"{p}: column 'finished': 1 date cell beside day-first text dates may have day and month swapped, as a "
            "month-first Excel does on opening a day-first file (line 3: 2024-05-01 may be 5 January). Check those "
            "dates, or open the file with Excel's Data > From Text/CSV and the DMY date format.") + "$"):
        df = load_tasks(p)
    assert df[S.ESTIMATE].tolist() == [1200.5, 2.0]
    assert df[S.FINISHED].tolist() == [pd.Timestamp("2024-12-31"), pd.Timestamp("2024-05-01")]


def test_number_cells_and_time_spans_are_values_whatever_the_text_beside_them(tmp_path):
    # a German workbook: number cells (2.5, 1.234: no style of their own), a text "16,0", a [h]:mm duration
    # (a time span), an h:mm one under a day (a clock time); the number cells were taken as decimal-point
    # text and the column refused as mixing styles, the durations refused as text
    import datetime as dt

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER + ["actual_hours"])
    for row in (["A", "P", 2.5, dt.timedelta(hours=37, minutes=15)], ["B", "P", "16,0", dt.time(1, 30)],
                ["C", "P", 1.234, 3]):
        ws.append(row)
    ws["D2"].number_format, ws["D3"].number_format = "[h]:mm", "h:mm"
    wb.save(tmp_path / "t.xlsx")
    df = load_tasks(tmp_path / "t.xlsx")
    assert df[S.ESTIMATE].tolist() == [2.5, 16.0, 1.234]
    assert df[S.ACTUAL].tolist() == [37.25, 1.5, 3.0]


def test_a_duration_of_a_day_or_more_under_a_time_format_is_read_as_hours(tmp_path):
    # 26:30 typed into an h:mm cell (Excel shows 2:30) arrived as 1900-01-01 02:30 and was refused as a
    # date-time; a date under a date format in an hours column is still refused
    import datetime as dt

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER + ["actual_hours", "finished"])
    for row in (["A", "P", 1, 26.5 / 24, dt.datetime(2024, 5, 1)], ["B", "P", 1, 26.5 / 24, dt.datetime(2024, 5, 2)],
                ["C", "P", 1, dt.timedelta(hours=26.5), dt.datetime(2024, 5, 3)]):
        ws.append(row)
    ws["D2"].number_format, ws["D3"].number_format, ws["D4"].number_format = "h:mm", "h:mm:ss", "[h]:mm"
    wb.save(tmp_path / "t.xlsx")
    df = load_tasks(tmp_path / "t.xlsx")
    assert df[S.ACTUAL].tolist() == pytest.approx([26.5, 26.5, 26.5])
    assert df[S.FINISHED].tolist() == [pd.Timestamp(f"2024-05-0{d}") for d in (1, 2, 3)]  # dates stay dates
    ws["D2"], ws["D2"].number_format = dt.datetime(2024, 5, 1), "yyyy-mm-dd"
    wb.save(tmp_path / "t.xlsx")
    with pytest.raises(SchemaError, match=r"column 'actual_hours' must be numeric \(hours\) but has "
                                          r"'2024-05-01 00:00:00'.* a number in a cell formatted as a date"):
        load_tasks(tmp_path / "t.xlsx")


def test_dates_shown_as_times_stay_dates(tmp_path):
    # a column of date-times formatted h:mm (Excel shows 14:30) was read as spans of 45,413 days and its dates
    # refused, once the loader read an h:mm cell of a day or more in a column of hours as hours
    import datetime as dt

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER + ["finished", "Start time"])
    ws.append(["A", "P", 1, dt.datetime(2024, 5, 1, 14, 30), dt.datetime(2024, 5, 1, 9)])
    ws.append(["B", "P", 1, dt.datetime(2024, 5, 2), dt.datetime(2024, 5, 2, 9)])
    ws["D2"].number_format = ws["E2"].number_format = ws["E3"].number_format = "h:mm"
    wb.save(tmp_path / "t.xlsx")
    df = load_tasks(tmp_path / "t.xlsx")
    assert df[S.FINISHED].tolist() == [pd.Timestamp("2024-05-01 14:30"), pd.Timestamp("2024-05-02")]
    assert df["Start time"].tolist() == [pd.Timestamp("2024-05-01 09:00"), pd.Timestamp("2024-05-02 09:00")]


def test_a_number_format_far_down_the_column_is_looked_at(tmp_path):
    # only the first 300 rows' formats were looked at: a cell formatted 0.0 "h" on line 402 under a column of
    # 0 "days" was read in days with the others, silently
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["task_id", "project_id", "Estimate"])
    for i in range(2, 403):
        ws.append([f"T{i}", "P", 3])
        ws.cell(i, 3).number_format = '0 "days"' if i < 402 else '0.0 "h"'
    wb.save(tmp_path / "t.xlsx")
    with pytest.raises(SchemaError, match=re.escape("""column 'Estimate' (read as estimate_hours) shows its numbers in different units by """
                                                    """their number format: '0 "days"' (line 2, days), '0.0 "h"' """
                                                    """(line 402, hours)""")):
        load_tasks(tmp_path / "t.xlsx", column_map={"Estimate": S.ESTIMATE})


def test_validate_command_takes_a_sheet(tmp_path, capsys):
    from pmo_forecast.cli import main

    p = workbook(tmp_path / "t.xlsx", [("Notes", [["read me"]], "visible"),
                                       ("Tasks", [HEADER, ["A", "P", 2]], "visible")])
    assert main(["validate", str(p), "--sheet", "Tasks"]) == 0
    assert "No problems found." in capsys.readouterr().out
    assert main(["validate", str(p), "--sheet", "Nope"]) == 2
    assert "no sheet named 'Nope'. Sheets: 'Notes', 'Tasks'" in capsys.readouterr().err


def test_serial_numbers_of_a_1904_workbook_count_from_1904(tmp_path):
    # a workbook in the 1904 date system (Excel for Mac's old default) with dates as plain numbers:
    # read with the 1900 epoch, every date came out four years and a day early
    from datetime import date

    wb = openpyxl.Workbook()
    wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    ws = wb.active
    ws.append(["task_id", "project_id", "estimate_hours", "created", "finished", "status", "actual_hours"])
    serial = (date(2024, 3, 4) - date(1904, 1, 1)).days
    ws.append(["A", "P", 4, serial, serial + 1, "done", 5])
    ws.append(["B", "P", 2, serial + 1, None, "open", None])
    wb.save(tmp_path / "mac.xlsx")
    df = load_tasks(tmp_path / "mac.xlsx")
    assert df[S.CREATED].tolist() == [pd.Timestamp("2024-03-04"), pd.Timestamp("2024-03-05")]
    assert df.attrs["detected"]["date_formats"][S.FINISHED] == "Excel serial days (the workbook's 1904 date system)"


def test_monday_subitems_are_not_tasks_of_their_own(tmp_path):
    # Monday.com's export: under an item, a "Subitems" header and rows shifted by one column; they stopped the
    # load ("column 'task_id' is empty on lines 6, 7, 8")
    rows = [["Website Relaunch"], [], ["Sprint 12"], ["Item ID", "Project", "Estimate"], [5001, "Web", 8],
            ["Subitems", "Name", "Estimate"], [None, "Hero image", 3], [None, "Copy", 5], [5002, "Web", 6]]
    p = workbook(tmp_path / "monday.xlsx", [("Board", rows, "visible")])
    df = load_tasks(p, column_map={"Item ID": "task_id", "Project": "project_id", "Estimate": "estimate_hours"})
    assert df[S.TASK_ID].tolist() == ["5001", "5002"] and df[S.ESTIMATE].sum() == 14
    assert "3 subitem rows with their header (Monday.com: the item above is the task) (lines 6, 7, 8)" in (
        df.attrs["detected"]["layout_rows"])


def test_formula_without_saved_value_is_said(tmp_path):
    # fuzz: a workbook written by a script (openpyxl) saves formulas without their value: '=2*4' was a
    # missing estimate, silently
    p = workbook(tmp_path / "t.xlsx", [("Tasks", [HEADER + ["actual_hours"], ["A", "P", "=2*4", "=C2*1.25"],
                                                  ["B", "P", 3, "=1&\"<x>\""]], "visible")])
    with pytest.warns(DataQualityWarning) as w:
        df = load_tasks(p)
    said = ("3 formula cells without a saved value read as empty (C2: formula =2*4 has no saved value; D2: "
            "formula =C2*1.25 has no saved value; D3: formula =1&\"<x>\" has no saved value): open and save the "
            "workbook in Excel")
    assert [str(x.message) for x in w] == [f"{p}: sheet 'Tasks': {said}."]
    assert df.attrs["detected"]["unsaved_formulas"] == said
    assert df[S.ESTIMATE].tolist()[1] == 3


def test_formula_values_a_script_saved_for_excel_to_recalculate_are_said(tmp_path):
    # fuzz2: xlsxwriter (pandas' default Excel writer) saves each formula's value as 0 and asks Excel to work every
    # formula out again on opening (fullCalcOnLoad): Excel showed 8 h, the estimate was read as 0 h, and a
    # project made by a formula as '0', silently
    import xlsxwriter

    p = tmp_path / "t.xlsx"
    wb = xlsxwriter.Workbook(p)
    ws = wb.add_worksheet("Tasks")
    ws.write_row(0, 0, HEADER)
    ws.write_row(1, 0, ["A", "P"])
    ws.write_formula(1, 2, "=4*2")
    ws.write_row(2, 0, ["B"])
    ws.write_formula(2, 1, '=LEFT("PX",1)')
    ws.write(2, 2, 3)
    wb.close()
    with pytest.warns(DataQualityWarning) as w:
        with pytest.raises(SchemaError, match=r"column 'project_id' is empty on line 3"):
            load_tasks(p)
    said = ("2 formula cells whose saved value is not the one Excel shows read as empty (C2: formula =4*2 saved as "
            "0; B3: formula =LEFT(\"PX\",1) saved as 0): the workbook was written by a script that leaves Excel to "
            "work its formulas out on opening; open and save the workbook in Excel")
    assert f"{p}: sheet 'Tasks': {said}." in [str(x.message) for x in w]


def test_a_header_made_by_a_formula_a_script_saved_is_said_not_named_by_its_saved_value(tmp_path):
    # a header cell written by xlsxwriter as a formula is saved as 0 for Excel to work out on opening: the column
    # was read as one named '0', silently
    import xlsxwriter

    p = tmp_path / "t.xlsx"
    wb = xlsxwriter.Workbook(p)
    ws = wb.add_worksheet("Tasks")
    ws.write_row(0, 0, HEADER)
    ws.write_formula(0, 3, '="assi"&"gnee"')
    ws.write_row(1, 0, ["A", "P", 3, "Ann"])
    ws.write_row(2, 0, ["B", "P", 4, "Bo"])
    wb.close()
    with pytest.warns(DataQualityWarning) as w:
        df = load_tasks(p)
    said = ("1 header cell made by a formula whose saved value is not the name Excel shows read as no name (D1: "
            "formula =\"assi\"&\"gnee\" saved as 0): the workbook was written by a script that leaves Excel to "
            "work its formulas out on opening; open and save the workbook in Excel, or type the header in")
    assert [str(x.message) for x in w] == [f"{p}: sheet 'Tasks': {said}."]
    assert df.attrs["detected"]["formula_headers"] == said
    assert "0" not in df.columns and df["Unnamed"].tolist() == ["Ann", "Bo"]


def test_a_formula_whose_saved_value_is_empty_text_is_saved(tmp_path):
    # fuzz round 24: Excel writes a formula's "" result as <c t="str"><f>..</f><v/></c>: it was said to
    # have no saved value, with advice (save it in Excel) that could not clear it
    import re
    import warnings
    import zipfile

    src = workbook(tmp_path / "s.xlsx", [("Tasks", [HEADER + ["note"], ["A", "P", 2, '=IF(C2>5,"over","")']],
                                          "visible")])
    p = tmp_path / "t.xlsx"
    with zipfile.ZipFile(src) as zi, zipfile.ZipFile(p, "w") as zo:
        for item in zi.infolist():
            data = zi.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data, n = re.subn(rb'<c r="D2"([^>]*)><f>(.*?)</f><v\s*/></c>', rb'<c r="D2"\1 t="str"><f>\2</f><v/></c>',
                                  data)
                assert n == 1
            if item.filename == "xl/workbook.xml":  # Excel saves the values it worked out: no recalculation asked
                data, n = re.subn(rb'\s*fullCalcOnLoad="1"', b"", data)
                assert n == 1
            zo.writestr(item, data)
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataQualityWarning)
        df = load_tasks(p)
    assert "unsaved_formulas" not in df.attrs["detected"]


def test_cells_merged_over_rows_are_said(tmp_path):
    # fuzz: an assignee merged over three rows was read for the first only, the others blank, silently
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Tasks"
    for r in [HEADER + ["assignee"], ["A", "P", 1, "Ann"], ["B", "P", 2], ["C", "P", 3], ["D", "Q", 4, "Bo"],
              ["E", "Q", 5, "Bo"]]:
        ws.append(r)
    ws.merge_cells("D2:D4")
    ws.merge_cells("A7:B7")  # one row: no blank below
    wb.save(p := tmp_path / "t.xlsx")
    with pytest.warns(DataQualityWarning) as w:
        df = load_tasks(p)
    said = ("1 range of cells merged over several rows (D2:D4): only the first row of each holds the value, the "
            "rows below read as blank; unmerge them and fill each row")
    assert [str(x.message) for x in w] == [f"{p}: sheet 'Tasks': {said}."]
    assert df.attrs["detected"]["merged_cells"] == said
    assert "_merged" not in df.attrs["detected"]
    assert df[S.ASSIGNEE].isna().tolist() == [False, True, True, False, False]
    ws["B5"] = ws["B6"] = None
    ws.merge_cells("B4:B6")
    wb.save(p)
    with pytest.warns(DataQualityWarning, match="^" + re.escape(
            f"{p}: sheet 'Tasks': 2 ranges of cells merged over several rows (D2:D4, B4:B6): only the first row of "
            "each holds the value, the rows below read as blank; unmerge them and fill each row.") + "$"), \
            pytest.raises(SchemaError) as e:
        load_tasks(p)
    assert str(e.value) == (f"{p}: column 'project_id' is empty on lines 5, 6. Every row needs a project_id: fill "
                            "those cells or drop the rows. Lines 5, 6 lie in merged cells (B4:B6): a merged cell's "
                            "value is in its first row only; unmerge them and fill each row.")


def test_damaged_sheet_is_named(tmp_path):
    # fuzz: a sheet whose XML is cut short gave "internal error: ParseError"
    import zipfile

    good = workbook(tmp_path / "good.xlsx", [("Tasks", [HEADER, ["A", "P", 1]], "visible")])
    p = tmp_path / "t.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(p, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            dst.writestr(item, data[:-40] if item.filename == "xl/worksheets/sheet1.xml" else data)
    with pytest.raises(SchemaError) as e:
        load_tasks(p)
    assert str(e.value).startswith(f"{p}: sheet 'Tasks' is damaged and cannot be read (ParseError: ")
    assert str(e.value).endswith("). Open the workbook in Excel and save it again, or export the sheet as CSV.")


def test_hidden_rows_and_cells_beyond_the_header_are_said_on_the_result(tmp_path):
    # fuzz round sheets: rows a filter (or the user) hid were read as tasks unsaid, and cells right of the
    # last header were said in a warning only, never in detected (the pack's Assumptions)
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in [HEADER, ["A", "P", 2], ["B", "P", 3, "note"], ["C", "P", 4]]:
        ws.append(r)
    ws.row_dimensions[3].hidden = True
    ws.auto_filter.ref = "A1:C4"
    p = tmp_path / "filtered.xlsx"
    wb.save(p)
    with pytest.warns(DataQualityWarning) as said:
        df = load_tasks(p)
    assert df[S.TASK_ID].tolist() == ["A", "B", "C"]
    hidden = ("1 hidden row read as data (line 3): a filter or hidden rows in Excel do not leave rows out; "
              "delete the rows to leave them out")
    assert df.attrs["detected"]["hidden_rows"] == hidden
    assert df.attrs["detected"]["cells_beyond_header"] == "1 cell right of the table's last header is ignored (D3)"
    assert f"{p}: sheet 'Sheet': {hidden}." in [str(w.message) for w in said]


def test_day_0_of_a_1904_workbook_is_named_as_1904_01_01(tmp_path):
    # the day-0 message always said 1899-12-30, also for a workbook whose day 0 is 1904-01-01; and serial days
    # beside text dates were dated from 1899
    from datetime import date

    wb = openpyxl.Workbook()
    wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    ws = wb.active
    ws.append(["task_id", "project_id", "estimate_hours", "created", "finished"])
    serial = (date(2024, 3, 4) - date(1904, 1, 1)).days
    ws.append(["A", "P", 4, serial, serial + 1])
    ws.append(["B", "P", 2, serial + 1, 0])
    wb.save(tmp_path / "mac.xlsx")
    with pytest.raises(SchemaError) as e:
        load_tasks(tmp_path / "mac.xlsx")
    assert str(e.value).endswith("has '0' on line 3. Use ISO dates (2024-05-31 14:00) or the tracker's own export "
                                 "format. 0 (shown as 00:00:00 in a date cell) is Excel's day 0, 1904-01-01: a date "
                                 "left at 0 or a time without a date; clear those cells or write the date.")
    ws["E2"], ws["E3"] = "2024-03-05", serial + 2
    wb.save(tmp_path / "mac.xlsx")
    with pytest.raises(SchemaError, match=re.escape(f"'{serial + 2}' looks like an Excel serial day (2024-03-06)")):
        load_tasks(tmp_path / "mac.xlsx")


def test_a_time_without_a_date_in_a_date_column_is_said(tmp_path):
    # a date cell holding a time alone (10:30, a day-0 serial) was refused without a word of what it is
    import datetime

    wb = openpyxl.Workbook()
    wb.active.append(["task_id", "project_id", "estimate_hours", "created", "finished"])
    wb.active.append(["A", "P", 1, datetime.datetime(2024, 5, 1), datetime.datetime(2024, 5, 2)])
    wb.active.append(["B", "P", 1, datetime.datetime(2024, 5, 1), datetime.time(10, 30)])
    wb.save(tmp_path / "time.xlsx")
    with pytest.raises(SchemaError) as e:
        load_tasks(tmp_path / "time.xlsx")
    assert str(e.value).endswith("has '10:30:00' on line 3. Use ISO dates (2024-05-31 14:00) or the tracker's own "
                                 "export format. 0 (shown as 00:00:00 in a date cell) is Excel's day 0, 1899-12-30: "
                                 "a date left at 0 or a time without a date; clear those cells or write the date.")


def test_numbers_whose_format_shows_a_unit_are_read_in_it(tmp_path):
    # a number 3 formatted 0 "days" shows "3 days": it was read as 3 hours, silently; a [h]:mm cell holds
    # days as a fraction (0.125 is 3:00), read as the hours it shows
    def book(formats, header="Estimate"):
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(["task_id", "project_id", header, "actual_hours"])
        for i, f in enumerate(formats, 2):
            ws.append([f"T{i}", "P", 3, 0.125])
            ws.cell(i, 3).number_format, ws.cell(i, 4).number_format = f, "[h]:mm"
        wb.save(tmp_path / "t.xlsx")
        return tmp_path / "t.xlsx"

    df = load_tasks(book(['0 "days"', '0.0 "d"']), column_map={"Estimate": S.ESTIMATE})
    assert df[S.ESTIMATE].tolist() == [24.0, 24.0] and df[S.ACTUAL].tolist() == [3.0, 3.0]
    assert "number format '0 \"days\"'" in df.attrs["detected"]["units"][S.ESTIMATE]
    df = load_tasks(book(['0 "Tage"'], "Estimate (days)"), column_map={"Estimate (days)": S.ESTIMATE})
    assert df[S.ESTIMATE].tolist() == [24.0]
    refused = {(('0 "days"', '0.0 "h"'), "Estimate"): "in different units",
               (('0 "days"', "General"), "Estimate"): "others with no unit ('General' (line 3))",
               (('0 "pcs"',), "Estimate"): "name no unit",
               (('0 "days"',), "Estimate (h)"): "read in hours (the unit its header states)",
               (('0 "days"',), S.ESTIMATE): "read in hours"}
    for (formats, header), said in refused.items():
        with pytest.raises(SchemaError, match=re.escape(said)) as e:
            load_tasks(book(formats, header), column_map={header: S.ESTIMATE})
        assert f"column '{header}'" in str(e.value) and formats[0] in str(e.value)


def test_hours_whose_format_shows_a_percentage_are_refused(tmp_path):
    # 0.5 formatted 0% shows "50%": it was read as 0.5 hours, silently (a CSV's 50% is refused)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["task_id", "project_id", "estimate_hours", "actual_hours", "status"])
    ws.append(["T1", "P", 8, 0.5, "done"])
    ws.append(["T2", "P", 4, None, "open"])
    ws["D2"].number_format = "0%"
    wb.save(tmp_path / "t.xlsx")
    with pytest.raises(SchemaError) as e:
        load_tasks(tmp_path / "t.xlsx")
    assert str(e.value) == (f"{tmp_path / 't.xlsx'}: column 'actual_hours' shows its numbers as percentages by their "
                            "number format: '0%' (line 2), so 50% would be read as 0.5 hours: map the column of hours "
                            "instead, or format the cells as plain numbers.")


def test_companion_hours_whose_format_shows_a_percentage_are_refused(tmp_path):
    # a budget of 0.4 formatted 0% shows "40%": it was read as 0.4 hours, silently, where the task table's hours so
    # formatted are refused; a people table's FTE formatted 0% is a share of a full-time week, read so
    p = _companion_book(tmp_path / "p.xlsx", ["project_id", "Budget (days)"], [0.4, 0.5], ["0%", "0%"])
    with pytest.raises(SchemaError) as e:
        load_projects(p)
    assert str(e.value) == (f"{p}: column 'Budget (days)' (read as budget_hours) shows its numbers as percentages by "
                            "their number format: '0%' (line 2), so 50% would be read as 0.5 days: format the cells as "
                            "plain numbers.")
    p = _companion_book(tmp_path / "people.xlsx", ["person", "hours_per_week"], [40, 0.5], ["General", "0%"])
    with pytest.raises(SchemaError) as e:
        load_people(p)
    assert str(e.value) == (f"{p}: column 'hours_per_week' shows its numbers as percentages by their number format: "
                            "'0%' (line 3), so 50% would be read as 0.5 hours: format the cells as plain numbers (32), "
                            "or head the column 'FTE' if they are shares of a full-time week.")
    p = _companion_book(tmp_path / "requests.xlsx", ["request_id", "touch_hours"], [0.5], ["0%"])
    with pytest.raises(SchemaError, match=r"column 'touch_hours' shows its numbers as percentages"):
        pf.load_requests(p)
    fte = load_people(_companion_book(tmp_path / "fte.xlsx", ["person", "FTE"], [0.8, 1], ["0%", "0%"]))
    assert fte[S.HOURS_PER_WEEK].tolist() == [32.0, 40.0]


def _companion_book(path, header, values, formats):
    """A companion table's workbook: ``header``'s second column holds ``values`` formatted ``formats``."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(header)
    for i, (v, f) in enumerate(zip(values, formats, strict=True), 2):
        ws.append([f"K{i}", *([None] * (len(header) - 2)), v])
        ws.cell(i, len(header)).number_format = f
    wb.save(path)
    return path


def test_companion_budget_whose_format_shows_days_is_read_in_days(tmp_path):
    # a budget of 10 formatted 0 "days" shows "10 days": it was read as 10 hours and said as hours
    df = load_projects(_companion_book(tmp_path / "p.xlsx", ["project_id", "Budget"], [10, 2.5],
                                       ['0 "days"', '0.0 "d"']))
    assert df[S.BUDGET].tolist() == [80.0, 20.0]  # as Budget (days) is read: days times 8 h
    said = df.attrs["detected"]["units"][S.BUDGET]
    assert said.startswith("days (column 'Budget', times 8 h a day") and "number format '0 \"days\"'" in said
    # beside a Budget (days) filling the projects without one: the budget's own unit said as read
    wb = openpyxl.load_workbook(tmp_path / "p.xlsx")
    wb.active["C1"], wb.active["B3"], wb.active["C3"] = "Budget (days)", None, 3
    wb.save(tmp_path / "p.xlsx")
    df = load_projects(tmp_path / "p.xlsx")
    assert df[S.BUDGET].tolist() == [80.0, 24.0]
    assert df.attrs["detected"]["units"][S.BUDGET].startswith("days (column 'Budget', times 8 h a day, the cells'")
    # a plain format (or one showing no unit) leaves the budget in hours, as before
    df = load_projects(_companion_book(tmp_path / "q.xlsx", ["project_id", "Budget"], [10, 4], ["0", "#,##0.0"]))
    assert df[S.BUDGET].tolist() == [10.0, 4.0] and df.attrs["detected"]["units"][S.BUDGET] == "hours"


def test_companion_format_disagreeing_with_its_header_is_refused(tmp_path):
    # 'Budget (h)' (or touch_hours, hours_per_week) whose cells show "10 days": read as 10 hours, silently
    said = "is read in hours (the unit its header states), but its number format shows its cells in days"
    for load, header in ((load_projects, ["project_id", "Budget (h)"]),
                         (load_people, ["person", "hours_per_week"]),
                         (pf.load_requests, ["request_id", "requested", "touch_hours"])):
        p = _companion_book(tmp_path / f"{header[0]}.xlsx", header, [5], ['0 "days"'])
        if header[0] == "request_id":  # a request log needs its request date
            wb = openpyxl.load_workbook(p)
            wb.active.cell(2, 2).value = "2026-01-05"
            wb.save(p)
        with pytest.raises(SchemaError, match=re.escape(said)) as e:
            load(p)
        assert f"column '{header[-1]}'" in str(e.value) and '0 "days"' in str(e.value)


def test_companion_format_naming_no_unit_asks_for_the_unit_in_the_header(tmp_path):
    # it asked for the unit in the task mapping (estimate: unit: days), which a companion table has not
    for load, header, example in ((load_projects, ["project_id", "Budget"], "'Budget (days)', 'Budget (h)'"),
                                  (load_people, ["person", "Capacity"], "'Hours per week', 'FTE'")):
        read_as = {"Budget": S.BUDGET, "Capacity": S.HOURS_PER_WEEK}[header[1]]
        p = _companion_book(tmp_path / f"{header[0]}.xlsx", header, [10, 4], ['0 "pcs"', '0 "pcs"'])
        with pytest.raises(SchemaError, match=re.escape(
                f"column '{header[1]}' (read as {read_as}) shows its numbers with words that name no unit this tool reads (hours, "
                f"minutes, days) in their number format: '0 \"pcs\"' (line 2): state the column's unit in its "
                f"header ({example}) or format the cells as plain numbers.")):
            load(p)


def test_people_hours_a_week_formatted_in_days_are_days_not_shares_of_a_week(tmp_path):
    # 1 and 1.5 formatted 0 "days" (a day a week) were refused as "shares of a full-time week" before the days
    # were read
    df = load_people(_companion_book(tmp_path / "p.xlsx", ["person", "Capacity"], [1, 1.5],
                                     ['0 "days"', '0.0 "days"']))
    assert df[S.HOURS_PER_WEEK].tolist() == [8.0, 12.0]
    assert df.attrs["detected"]["units"][S.HOURS_PER_WEEK].startswith("days (column 'Capacity', times 8 h a day")
    # plain numbers that small are still shares of a week written as hours
    with pytest.raises(SchemaError, match="no one has more than 1.5 "):
        load_people(_companion_book(tmp_path / "q.xlsx", ["person", "Capacity"], [1, 0.5], ["0", "0.0"]))


def test_cells_beyond_the_header_and_unsaved_formulas_name_five_and_count_the_rest(tmp_path):
    # both were cut at five and ended " ...", never saying how many were left out
    rows = [HEADER + ["actual_hours"]] + [[f"T{i}", "P", 2, f"=C{i + 1}*2", "note"] for i in range(1, 8)]
    p = workbook(tmp_path / "t.xlsx", [("Tasks", rows, "visible")])
    with pytest.warns(DataQualityWarning, match="^" + re.escape(
            f"{p}: sheet 'Tasks': 7 cells right of the table's last header are ignored (E2, E3, E4, E5, E6 and 2 "
            "more).") + "$"), pytest.warns(DataQualityWarning, match="^" + re.escape(
            f"{p}: sheet 'Tasks': 7 formula cells without a saved value read as empty (D2: formula =C2*2 has no saved "
            "value; D3: formula =C3*2 has no saved value; D4: formula =C4*2 has no saved value; D5: formula =C5*2 has "
            "no saved value; D6: formula =C6*2 has no saved value and 2 more): open and save the workbook in Excel.")
            + "$"):
        df = load_tasks(p)
    assert df.attrs["detected"]["cells_beyond_header"] == ("7 cells right of the table's last header are ignored "
                                                          "(E2, E3, E4, E5, E6 and 2 more)")
    assert df.attrs["detected"]["unsaved_formulas"] == (
        "7 formula cells without a saved value read as empty (D2: formula =C2*2 has no saved value; D3: formula "
        "=C3*2 has no saved value; D4: formula =C4*2 has no saved value; D5: formula =C5*2 has no saved value; D6: "
        "formula =C6*2 has no saved value and 2 more): open and save the workbook in Excel")
