"""Files read silently wrong or refused unclearly: numbered ids, split and Strict workbooks, encrypted and binary
workbooks, concatenated and whole-line-quoted CSV, thin spaces in numbers, two-row headers, NUL bytes in cells,
totals rows and footers below the table."""

import gzip
import re
import warnings
import zipfile

import openpyxl
import pandas as pd
import pytest

from pmo_forecast import DataQualityWarning, SchemaError, load_tasks
from pmo_forecast.core import schema as S

HEADER = ["task_id", "project_id", "estimate_hours", "status"]
#: Two tasks as a CSV file's text, for a footer to go below them.
TWO_TASKS = ",".join(HEADER) + "\nT1,P,4,done\nT2,P,3,open\n"


def under_a_blank_header(count, lines):
    """What a load says of ``count`` lines ("2 lines") with cells under a blank header, at ``lines``."""
    return (f"{count} with cells under a blank header ({lines}): no column reads them. Check the file's separator and "
            "quoting (a cell holding the separator, such as a decimal comma, must be quoted), or name the column.")


def skipped_footer(path, below: str) -> str:
    """The layout note of :data:`TWO_TASKS` with ``below`` under them, the footer read as no task."""
    path.write_text(TWO_TASKS + below, encoding="utf-8")
    df = load_tasks(path)
    assert df[S.TASK_ID].tolist() == ["T1", "T2"]
    return df.attrs["detected"]["layout_rows"]


def workbook(path, sheets):
    """Save ``sheets`` (title -> rows) as a workbook at ``path``."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for r in rows:
            ws.append(r)
    wb.save(path)
    return path


def test_numbered_ids_in_a_workbook_read_as_shown(tmp_path):
    # an outline's numbers (1, 1.1, 2) were read "1.0", "1.1", "2.0"; a numbered project beside named ones "10.0"
    p = workbook(tmp_path / "t.xlsx", {"Tasks": [HEADER, [1, 10, 4, "done"], [1.1, 10, 2, "open"],
                                                 [1.2, "Web", 1, "open"], [2, 10, 3, "open"]]})
    df = load_tasks(p)
    assert df[S.TASK_ID].tolist() == ["1", "1.1", "1.2", "2"]
    assert df[S.PROJECT_ID].tolist() == ["10", "10", "Web", "10"]


def test_a_numbered_id_beyond_64_bit_integers_reads_as_shown(tmp_path):
    # a whole number past 2**63 in a column of numbered ids stopped the load with pandas' raw TypeError
    # "cannot safely cast non-equivalent float64 to int64"
    p = workbook(tmp_path / "t.xlsx", {"Tasks": [HEADER, [1, 10, 4, "done"], [1e19, 10, 3, "open"]]})
    with pytest.warns(DataQualityWarning, match=r"more than 15 digits.*\(10000000000000000000; line 3\)"):
        df = load_tasks(p)
    assert df[S.TASK_ID].tolist() == ["1", "10000000000000000000"]


def test_ids_formatted_with_leading_zeros_keep_them_as_shown(tmp_path):
    # a number cell 123 under the format 00000 shows 00123: it was read "123", another id than the projects
    # table's "00123"; the hours beside them stay numbers
    p = workbook(tmp_path / "t.xlsx", {"Tasks": [HEADER, [123, 42, 4, "done"], [7, 42, 3, "open"]]})
    wb = openpyxl.load_workbook(p)
    for cell in ("A2", "A3", "B2", "B3"):
        wb["Tasks"][cell].number_format = "00000"
    wb.save(p)
    df = load_tasks(p)
    assert df[S.TASK_ID].tolist() == ["00123", "00007"]
    assert df[S.PROJECT_ID].tolist() == ["00042", "00042"]
    assert df[S.ESTIMATE].tolist() == [4.0, 3.0]


def test_ids_of_more_digits_than_excel_keeps_are_said(tmp_path):
    # Excel keeps 15 significant digits of a number: 1234567890123456789 pasted into a cell is another number in the
    # file, and the id was read from it with nothing said; 15 digits are kept whole, and text ids are the user's own
    p = workbook(tmp_path / "t.xlsx", {"Tasks": [HEADER, [1234567890123456789, 10, 4, "done"],
                                                 [123456789012345, 10, 3, "open"], ["2234567890123456789", 10, 1, "open"],
                                                 [2234567890123456789, 10, 2, "open"]]})
    with pytest.warns(DataQualityWarning) as said:
        df = load_tasks(p)
    note = ("ids held as numbers of more than 15 digits, which Excel does not keep (column 'task_id': 2 ids "
            "(1234567890123457024; lines 2, 5)): their last digits may have been made 0 or rounded: the ids cannot be "
            "trusted; format the id column as text before the ids are pasted into it, or export the sheet's source as "
            "CSV")
    assert [str(w.message) for w in said] == [f"{p}: {note}."]
    assert df.attrs["detected"]["long_ids"] == note
    assert df[S.TASK_ID].tolist()[1:3] == ["123456789012345", "2234567890123456789"]
    p = workbook(tmp_path / "short.xlsx", {"Tasks": [HEADER, [123456789012345, 10, 3, "open"]]})
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataQualityWarning)
        assert "long_ids" not in load_tasks(p).attrs["detected"]


def test_ids_formatted_with_text_or_decimals_read_as_shown(tmp_path):
    # 12 under "PRJ-"0 shows PRJ-12, 7 under 0.00 shows 7.00: they were read 12 and 7, unsaid, ids matching neither
    # what the user sees nor a projects table's PRJ-12; the hours beside them stay numbers
    def book(name, formats):
        p = workbook(tmp_path / name, {"Tasks": [HEADER, [12, 7, 4, "done"], [13, 7, 3, "open"]]})
        wb = openpyxl.load_workbook(p)
        for cell, f in formats.items():
            wb["Tasks"][cell].number_format = f
        wb.save(p)
        return p

    df = load_tasks(book("t.xlsx", {"A2": '"PRJ-"0', "A3": '"PRJ-"0', "B2": "0.00", "B3": "0.00", "C2": "0.00"}))
    assert df[S.TASK_ID].tolist() == ["PRJ-12", "PRJ-13"] and df[S.PROJECT_ID].tolist() == ["7.00", "7.00"]
    assert df[S.ESTIMATE].tolist() == [4.0, 3.0]
    assert df.attrs["detected"]["ids_as_shown"] == (
        "ids read as their number format shows them: column 'task_id': 2 ids under the format '\"PRJ-\"0' (12 as "
        "PRJ-12; lines 2, 3); column 'project_id': 2 ids under the format '0.00' (7 as 7.00; lines 2, 3)")
    # one cell of several formats, or a format not read, cannot be told apart: read as the numbers, and said
    p = book("mixed.xlsx", {"A2": '"PRJ-"0', "B2": "#,##0"})
    with pytest.warns(DataQualityWarning) as said:
        df = load_tasks(p)
    note = ("ids shown by number formats not read (column 'task_id' ('\"PRJ-\"0' (line 2), 'General' (line 3)); "
            "column 'project_id' ('#,##0' (line 2), 'General' (line 3))): read as the numbers the cells hold, which "
            "Excel shows otherwise; format the id cells as text, or give each column one format such as \"PRJ-\"0 or "
            "00000")
    assert [str(w.message) for w in said] == [f"{p}: {note}."] and df.attrs["detected"]["ids_not_as_shown"] == note
    assert df[S.TASK_ID].tolist() == ["12", "13"] and "ids_as_shown" not in df.attrs["detected"]
    # a format that shows the number as it is read says nothing
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataQualityWarning)
        df = load_tasks(book("plain.xlsx", {"A2": "0", "A3": "0", "B2": "[Blue]0", "B3": "[Blue]0"}))
    assert df[S.TASK_ID].tolist() == ["12", "13"] and df[S.PROJECT_ID].tolist() == ["7", "7"]
    assert "ids_as_shown" not in df.attrs["detected"]


def test_whole_numbers_a_writer_saved_as_floats_read_as_shown(tmp_path):
    # some writers save 2 as <v>2.0</v>, read as the float 2.0: beside text ids it was "2.0"
    p = workbook(tmp_path / "t.xlsx", {"Tasks": [HEADER, [2, 10, 4, "done"], ["T-3", "Web", 2, "open"]]})
    q = tmp_path / "floats.xlsx"
    with zipfile.ZipFile(p) as src, zipfile.ZipFile(q, "w") as out:
        for name in src.namelist():
            data = src.read(name)
            if name.startswith("xl/worksheets/"):
                data = data.replace(b'<c r="A2" t="n"><v>2</v>', b'<c r="A2" t="n"><v>2.0</v>') \
                    .replace(b'<c r="B2" t="n"><v>10</v>', b'<c r="B2" t="n"><v>10.0</v>')
                assert b"<v>2.0</v>" in data and b"<v>10.0</v>" in data
            out.writestr(name, data)
    df = load_tasks(q)
    assert df[S.TASK_ID].tolist() == ["2", "T-3"]
    assert df[S.PROJECT_ID].tolist() == ["10", "Web"]


def test_sheets_sharing_the_header_read_are_said(tmp_path):
    # a sheet a month: January alone was read, February's tasks left out unsaid
    p = workbook(tmp_path / "t.xlsx", {"Jan": [HEADER, ["T1", "P", 4, "done"]],
                                       "Feb": [["Tasks in February"], HEADER, ["T2", "P", 3, "open"]],
                                       "Template": [HEADER], "Notes": [["owner", "Ann"], ["due", "May"]]})
    with pytest.warns(DataQualityWarning) as said:
        df = load_tasks(p)
    note = ("sheet 'Feb' has the same header as 'Jan', which alone is read: if the table is split over sheets, "
            "put it on one sheet; else choose one with sheet='<name>' (on the command line: --sheet NAME)")
    assert df[S.TASK_ID].tolist() == ["T1"]
    assert df.attrs["detected"]["same_header_sheets"] == note
    assert f"{p}: {note}." in [str(w.message) for w in said]
    assert "same_header_sheets" not in load_tasks(p, sheet="Jan").attrs["detected"]  # chosen: not said


def test_strict_open_xml_is_refused_saying_to_save_it_as_a_workbook(tmp_path):
    # Excel's "Strict Open XML Spreadsheet": openpyxl sees no sheet in it, and the error said "no visible sheet has data"
    p = workbook(tmp_path / "t.xlsx", {"Tasks": [HEADER, ["T1", "P", 4, "done"]]})
    strict = tmp_path / "strict.xlsx"
    with zipfile.ZipFile(p) as src, zipfile.ZipFile(strict, "w") as out:
        for name in src.namelist():
            out.writestr(name, src.read(name).replace(b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
                                                      b"http://purl.oclc.org/ooxml/spreadsheetml/main"))
    with pytest.raises(SchemaError) as e:
        load_tasks(strict)
    assert str(e.value) == (f"{strict}: is saved as Strict Open XML Spreadsheet, which this tool cannot read. Open it "
                            "in Excel and save it again as Excel Workbook (.xlsx), the usual format, or as CSV, then "
                            "load that file.")


def compound_file(path, streams):
    """A compound (OLE) file: its header, then one directory sector naming the root and ``streams`` (128 bytes
    an entry: the name in UTF-16, its length, the entry's type), the streams' content left out."""
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    header[0x18:0x22] = b"\x3e\x00\x03\x00\xfe\xff\x09\x00\x06\x00"  # version 3, little-endian, 512-byte sectors
    header[0x30:0x34] = (0).to_bytes(4, "little")  # the directory in the first sector
    entries = b""
    for name, kind in [("Root Entry", 5)] + [(s, 2) for s in streams]:
        raw = (name + "\0").encode("utf-16-le")
        entries += raw.ljust(64, b"\0") + len(raw).to_bytes(2, "little") + bytes([kind]) + bytes(61)
    path.write_bytes(bytes(header) + entries.ljust(512, b"\0"))
    return path


def test_encrypted_and_binary_workbooks_are_named_as_what_they_are(tmp_path):
    # a workbook with a password to open it is an OLE file: it was called "an old binary Excel workbook (.xls)"
    enc = compound_file(tmp_path / "locked.xlsx", ["\x06DataSpaces", "EncryptionInfo", "EncryptedPackage"])
    with pytest.raises(SchemaError) as e:
        load_tasks(enc)
    assert str(e.value) == (f"{enc}: is a workbook encrypted with a password. Open it in Excel, remove the password "
                            "(File > Info > Protect Workbook > Encrypt with Password: clear it), save it, then load it "
                            "again.")
    xls = compound_file(tmp_path / "old.xls", ["Workbook", "\x05SummaryInformation"])
    with pytest.raises(SchemaError, match=r"is an old binary Excel workbook \(\.xls\)"):
        load_tasks(xls)
    # an .xlsb: a zip, said to be "a zip archive that is not an Excel workbook"
    xlsb = tmp_path / "book.xlsb"
    with zipfile.ZipFile(xlsb, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.bin", b"\x83\x01\x00")
    with pytest.raises(SchemaError) as e:
        load_tasks(xlsb)
    assert str(e.value) == (f"{xlsb}: is an Excel binary workbook (.xlsb), which this tool cannot read. Open it in "
                            "Excel and save it as Excel Workbook (.xlsx) or CSV, then load that file.")


@pytest.mark.parametrize("name, content, what", [
    ("tasks.csv.gz", gzip.compress(b"task_id,project_id,estimate_hours\nT1,P,4\n"),
     "is a gzip-compressed file (.gz), not a table. Unpack it first (double-click it, or gunzip FILE) and load the "
     "file inside."),
    ("tasks.csv", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
     "is a PDF document, not a table. Export the table as CSV or Excel from the tracker or spreadsheet, then "
     "load that file."),
], ids=["gzip", "pdf"])
def test_compressed_and_pdf_files_are_named_as_what_they_are(tmp_path, name, content, what):
    # a gzipped CSV was refused as a header with NUL bytes, a PDF as a table whose one column was '%PDF-1.4'
    p = tmp_path / name
    p.write_bytes(content)
    with pytest.raises(SchemaError) as e:
        load_tasks(p)
    assert str(e.value) == f"{p}: {what}"


@pytest.mark.parametrize("quote", ["", '"'])
def test_csv_exports_joined_into_one_file_skip_the_repeated_header(tmp_path, quote):
    # cat jan.csv feb.csv: the second header starts with its file's byte order mark, so it was read as a task
    # ("column 'estimate_hours' must be numeric ... but has 'estimate_hours' on line 4")
    def line(*cells):
        return ",".join(f"{quote}{c}{quote}" for c in cells) + "\r\n"
    header = line("task_id", "project_id", "estimate_hours", "started", "status")
    part1 = "\ufeff" + header + line("T1", "P", 4, "2024-01-02", "done") + line("T2", "P", 3, "2024-01-03", "open")
    part2 = "\ufeff" + header + line("T3", "P", 2, "2024-01-05", "open")
    p = tmp_path / "joined.csv"
    p.write_bytes((part1 + part2).encode("utf-8"))
    df = load_tasks(p)
    assert df[S.TASK_ID].tolist() == ["T1", "T2", "T3"] and df[S.ESTIMATE].tolist() == [4, 3, 2]
    assert df.attrs["detected"]["layout_rows"] == "1 repeated header row (line 4) skipped"


def test_whole_line_quoted_files_are_refused_saying_so(tmp_path):
    # every line in one pair of quotes: one cell a row, said as four missing columns whose closest match was the
    # whole header ('task_id;project_id;estimate_hours;status'), or as title rows when the header was not quoted
    rows = ["task_id;project_id;estimate_hours;status", 'T1;P;4;""Fix; now""', "T2;P;3;open"]
    p = tmp_path / "quoted.csv"
    p.write_text("".join(f'"{r}"\r\n' for r in rows), encoding="utf-8")
    with pytest.raises(SchemaError) as e:
        load_tasks(p)
    assert str(e.value) == (f'{p}: each line is wrapped in one pair of quotes, so a whole row reads as one cell (line 1: '
                            '"task_id;project_id;estimate_hours;status"). Export the file again without quoting whole '
                            "lines, or remove the quote at the start and end of each line.")
    p.write_text(rows[0] + "\r\n" + "".join(f'"{r}"\r\n' for r in rows[1:]), encoding="utf-8")
    with pytest.raises(SchemaError, match=r"each line below the header is wrapped in one pair of quotes, so a whole row "
                                          r'reads as one cell \(line 2: "T1;P;4;""Fix; now"""\)'):
        load_tasks(p)
    p.write_text(rows[0] + "\r\n" + '"T1";"P";"4";"done"\r\n', encoding="utf-8")  # each cell quoted: read
    assert load_tasks(p)[S.TASK_ID].tolist() == ["T1"]


def test_thin_spaces_between_thousands_are_read(tmp_path):
    # "1 200" grouped by a thin space (U+2009, as typeset text writes it) was "not numeric"; the narrow
    # no-break space (U+202F) and the no-break space were read already
    p = tmp_path / "t.csv"
    p.write_text("task_id;project_id;estimate_hours;status\nT1;P;1\u2009200;done\nT2;P;2\u2009500,5;open\n"
                 "T3;P;1\u202f000;open\nT4;P;3,5;open\n", encoding="utf-8")
    assert load_tasks(p)[S.ESTIMATE].tolist() == [1200, 2500.5, 1000, 3.5]


def test_missing_columns_under_a_two_row_header_say_the_header_spans_two_rows(tmp_path):
    # 'Effort (h)' merged over the two columns below it, 'Estimate' and 'Actual': the error said the estimate was
    # missing (closest: none) and nothing of the row that names it; the group title, the header's last cell, then
    # gave no merged name for example
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in [["Task", "Project", "Effort (h)", None], [None, None, "Estimate", "Actual"], ["T1", "P", 4, 5]]:
        ws.append(r)
    ws.merge_cells("C1:D1")
    wb.save(p := tmp_path / "two.xlsx")
    with pytest.raises(SchemaError) as e, pytest.warns(DataQualityWarning, match="right of the table's last header"):
        load_tasks(p, column_map={"Task": "task_id", "Project": "project_id"})
    # the likely cause said first, as a totals row is ("Line 2 looks like ..." came after the advice to rename)
    assert str(e.value).startswith(f"{p}: line 2 looks like a second header row ('Estimate'): the header spans two "
                                   "rows (group titles above, merged cells); merge them into one row, one name per "
                                   "column ('Effort (h) Estimate'), or delete row 1 if it holds only group titles, and "
                                   "export again. "
                                   "Missing required column 'estimate_hours' (closest: none). Columns "
                                   "found: Task (read as task_id), Project (read as project_id), Effort (h). Rename "
                                   "them")
    assert e.value.cause.startswith("line 2 looks like a second header row") and e.value.hints == ""
    csv = tmp_path / "two.csv"
    csv.write_text("Task,Project,Effort,\n,,Estimate,Actual\nT1,P,4,5\n", encoding="utf-8")
    with pytest.raises(SchemaError, match=r": line 2 looks like a second header row \('Estimate', 'Actual'\): the "
                                          r"header spans two lines .* Missing required column 'estimate_hours' "), \
            pytest.warns(DataQualityWarning, match="cells under a blank header"):
        load_tasks(csv, column_map={"Task": "task_id", "Project": "project_id"})
    # init says it first too, before what it could not tell
    from pmo_forecast.inputs.detected_mapping import detect_mapping

    # (a header no column is spelt as: monday.com's 'Group' is proposed as the project)
    csv.write_text("Task,Client,Effort,\n,,Estimate,Actual\nT1,P,4,5\n", encoding="utf-8")
    with pytest.raises(SchemaError) as e, pytest.warns(DataQualityWarning, match="^" + re.escape(
            f"{csv}: {under_a_blank_header('2 lines', 'lines 2, 3')}") + "$"):
        detect_mapping(csv)
    assert str(e.value).startswith(f"{csv}: line 2 looks like a second header row ('Estimate', 'Actual'): the header "
                                   "spans two lines (group titles above, merged cells); merge them into one line, one "
                                   "name per column ('Effort Estimate'), or delete line 1 if it holds only group "
                                   "titles, and export again. Init could not tell which column is 'project_id'.")


def test_a_group_title_line_above_the_header_is_said_with_its_words(tmp_path):
    # ',,Effort,' over 'Estimate', 'Actual' was skipped as a title line, said only in detected['title_rows']: the
    # names below are read without the group titles they stand under
    csv = tmp_path / "grouped.csv"
    csv.write_text(",,Effort,\ntask_id,project_id,Estimate,Actual\nT1,P,4,5\nT2,P,3,\n", encoding="utf-8")
    said = ("line 1 holds group titles over the header's columns ('Effort' over 'Estimate', 'Actual'), skipped as a "
            "title line: the names below are read without them; if they matter, merge them into one header line "
            "('Effort Estimate')")
    with pytest.warns(DataQualityWarning) as w:
        df = load_tasks(csv, column_map={"Estimate": "estimate_hours", "Actual": "actual_hours"})
    assert [str(x.message) for x in w] == [f"{csv}: {said}."]
    assert df.attrs["detected"]["group_titles"] == said
    assert df[S.ESTIMATE].tolist() == [4.0, 3.0]


def test_a_group_title_row_above_a_workbooks_header_is_said_as_a_csvs_is(tmp_path):
    # one cell, 'Effort', over a workbook's 'Estimate' and 'Actual' was skipped as a title row, said only in
    # detected['title_rows'], where the same row in a CSV is warned; two titles ('Effort', 'Cost') were not said either.
    # A title in the first cell (a board's name) heads no column: skipped as before, not warned. Its row is numbered
    # as the title rows' note numbers it, 'line 1' (it said 'row 1' beside the title rows' 'line 1')
    def workbook(name, top):
        wb = openpyxl.Workbook()
        for r in [top, ["task_id", "project_id", "Estimate", "Actual"], ["T1", "P", 4, 5], ["T2", "P", 3, None]]:
            wb.active.append(r)
        wb.save(p := tmp_path / name)
        return p

    cmap = {"Estimate": "estimate_hours", "Actual": "actual_hours"}
    for top, over in (([None, None, "Effort"], "'Effort' over 'Estimate', 'Actual'"),
                      ([None, None, "Effort", "Cost"], "'Effort' over 'Estimate'; 'Cost' over 'Actual'")):
        p = workbook("grouped.xlsx", top)
        said = (f"line 1 holds group titles over the header's columns ({over}), skipped as a title row: the names "
                "below are read without them; if they matter, merge them into one header row ('Effort Estimate')")
        with pytest.warns(DataQualityWarning) as w:
            df = load_tasks(p, column_map=cmap)
        assert [str(x.message) for x in w] == [f"{p}: sheet 'Sheet': {said}."]
        assert df.attrs["detected"]["group_titles"] == said
        assert df[S.ESTIMATE].tolist() == [4.0, 3.0]
    p = workbook("titled.xlsx", ["Marketing board"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        df = load_tasks(p, column_map=cmap)
    assert df.attrs["detected"]["title_rows"] == "1 title row above the header skipped (line 1: 'Marketing board')"
    assert "group_titles" not in df.attrs["detected"]
    # both above one header: the two notes number the group titles' row alike
    wb = openpyxl.Workbook()
    for r in [["Marketing board"], [None, None, "Effort"], ["task_id", "project_id", "Estimate", "Actual"],
              ["T1", "P", 4, 5]]:
        wb.active.append(r)
    wb.save(p := tmp_path / "both.xlsx")
    with pytest.warns(DataQualityWarning, match=re.escape("sheet 'Sheet': line 2 holds group titles over the header's "
                                                          "columns ('Effort' over 'Estimate', 'Actual')")):
        df = load_tasks(p, column_map=cmap)
    assert df.attrs["detected"]["title_rows"] == ("2 title rows above the header skipped (line 1: 'Marketing board'; "
                                                  "line 2: 'Effort')")


def test_a_merged_two_row_header_is_refused_with_advice_that_keeps_its_group_titles(tmp_path):
    # 'Effort' over 'Estimate', 'Actual': the refusal's hint said "line 2 looks like the header ...: delete the lines
    # above it", which drops the group titles the names below may need; now it says the header spans two rows, to
    # merge them ('Effort Estimate'), or to delete line 1 if it holds group titles only; still refused
    csv = tmp_path / "two.csv"
    csv.write_text("Task,,Effort,\nTask ID,Project,Estimate,Actual\nT1,P,4,5\n", encoding="utf-8")
    with pytest.raises(SchemaError) as e, pytest.warns(DataQualityWarning, match="^" + re.escape(
            f"{csv}: {under_a_blank_header('2 lines', 'lines 2, 3')}") + "$"):
        load_tasks(csv)
    assert str(e.value).startswith(
        f"{csv}: line 2 looks like a second header row ('Task ID', 'Project', 'Estimate', 'Actual'): the header spans "
        "two lines (group titles above, merged cells); merge them into one line, one name per column ('Effort "
        "Estimate'), or delete line 1 if it holds only group titles, and export again. Missing required columns")
    assert "delete the lines above it" not in str(e.value)


def test_a_second_header_row_with_names_not_recognised_says_which(tmp_path):
    # 'Booked' is no column's spelling: the row below the header got a Hint ("line 2 looks like the header") and no
    # cause, saying neither that the header spans two rows nor why that row was not taken as its second row
    csv = tmp_path / "two.csv"
    csv.write_text("Item,Project,Effort (h),,\nTask ID,,Estimate,Booked,Status\nT1,Alpha,4,5,Done\n", encoding="utf-8")
    with pytest.raises(SchemaError) as e, pytest.warns(DataQualityWarning, match="cells under a blank header"):
        load_tasks(csv, require_estimate=False)
    assert str(e.value) == (
        f"{csv}: line 2 looks like a second header row ('Task ID', 'Estimate', 'Status'; not recognised as column "
        "names: 'Booked'): the header spans two lines (group titles above, merged cells); merge them into one line, "
        "one name per column ('Effort (h) Estimate'), or delete line 1 if it holds only group titles, and export "
        "again. Missing required columns 'task_id' (closest: none); 'project_id' (closest: Project). "
        "Columns found: Item, Project, Effort (h), Unnamed, Unnamed. Rename them in the file or pass "
        "column_map={'<your column>': 'task_id'} (on the command line: 'pmo-forecast init' proposes the columns in a "
        "mapping.yaml to give --map).")
    # a data row below the header, some of whose cells spell a column, is no header row: no cause
    csv.write_text("Item,Project,Effort (h),,\nT1,Alpha,Estimate,Booked,Status\n", encoding="utf-8")
    with pytest.raises(SchemaError) as e, pytest.warns(DataQualityWarning, match="^" + re.escape(
            f"{csv}: {under_a_blank_header('1 line', 'line 2')}") + "$"):
        load_tasks(csv, require_estimate=False)
    assert not e.value.cause and "second header row" not in str(e.value)


def test_a_load_that_succeeds_keeps_no_hint_that_the_header_is_lower(tmp_path):
    # header_hint, said with a missing column only, stayed in attrs["detected"] after a load that succeeded: the
    # Assumptions then said "tasks: header hint: ... delete the lines above it" of a header that was read right
    csv = tmp_path / "tasks.csv"
    csv.write_text("task_id,project_id,notes\nTask,Owner,Estimate\nT2,P,x\n", encoding="utf-8")
    df = load_tasks(csv, require_estimate=False)
    assert df["task_id"].tolist() == ["Task", "T2"]
    assert [k for k in df.attrs["detected"] if "hint" in k] == []
    with pytest.raises(SchemaError, match=r"line 2 looks like a second header row \('Task', 'Owner', 'Estimate'\): "
                                          r".* or delete line 1 if it holds only group titles") as e:
        load_tasks(csv)  # with the estimate required, and missing, it is said
    assert "one name per column, or delete" in str(e.value)  # a full header is no group's: no merged name for example


def test_a_file_refused_before_its_reader_guessed_anything_says_the_separator_it_guessed(tmp_path):
    # refused as the file is read, before a tracker's reader guesses the statuses, the refusal said nothing of the
    # separator it rests on: a file in colons (no separator this loader tells apart) was one column, unsaid
    colons = tmp_path / "tasks.csv"
    colons.write_text("task_id:project_id:estimate_hours:status\nT1:P1:4:done\nT2:P1:5:open\n", encoding="utf-8")
    with pytest.raises(SchemaError) as e:
        load_tasks(colons)
    assert str(e.value) == (
        f"{colons}: missing required columns 'task_id' (closest: none); 'project_id' (closest: none); "
        "'estimate_hours' (closest: task_id:project_id:estimate_hours:status). Columns found: "
        "task_id:project_id:estimate_hours:status. Rename them in the file or pass column_map={'<your column>': "
        "'task_id'} (or require_estimate=False for throughput-only data) (on the command line: 'pmo-forecast init' "
        "proposes the columns in a mapping.yaml to give --map). Note: no comma, semicolon, tab or pipe outside quotes "
        "in its first 20 lines, so each line was read as one column; export it again separated by one of them.")
    # a separator found is said by the parser's refusal; the statuses, not read yet, are not guessed, nor said
    jira = tmp_path / "jira.csv"
    jira.write_text("Issue key;Status;Project key;Created;Original Estimate\nA-1;Zyx;A;2024-01-01;3600\n"
                    "A-2;Zyx;A;2024-01-01;x;y\n", encoding="utf-8")
    with pytest.raises(SchemaError) as e:
        load_tasks(jira)
    assert str(e.value) == (
        f"{jira}: cannot read it as semicolon-separated text (line 3 has 6 fields where the lines above it have at "
        "most 5). Check that every line has the same number of fields (quote cells that contain the separator) or "
        "export the data again.")


def test_init_refuses_workbooks_no_loader_reads_as_the_loader_does(tmp_path):
    # pmo-forecast init then read the file as text: "cannot read it as tab-separated text (line 6 has 4 fields ...)"
    from pmo_forecast.inputs.detected_mapping import detect_mapping

    enc = compound_file(tmp_path / "locked.xlsx", ["EncryptionInfo", "EncryptedPackage"])
    enc.write_bytes(enc.read_bytes() + b"\x8f\x13\tk\n" * 5 + b"\x91\t\x92\t\x93\t\x94\n")  # encrypted bytes, as text
    with pytest.raises(SchemaError, match=r"is a workbook encrypted with a password\. Open it in Excel, remove the"):
        detect_mapping(enc)


def test_nul_bytes_in_a_frames_ids_name_its_rows_without_them():
    # a table given in memory named its rows by their ids as they were: "tasks A\x00, B\x00", which a terminal
    # shows as "tasks A , B"; the ids are named without the byte, the values quoted with it
    frame = pd.DataFrame({"task_id": ["A\0", "B\0", "C"], "project_id": "P", "estimate_hours": [1.0, 2.0, 3.0],
                          "status": "open"})
    with pytest.raises(SchemaError) as e:
        load_tasks(frame)
    assert str(e.value) == ("<DataFrame>: column 'task_id' has NUL bytes (\\x00, which no screen shows) in 2 cells on "
                            "tasks A, B ('A\\x00', 'B\\x00'): 'A\\x00' is another value than 'A' to this tool. The "
                            "file is damaged or its writer pads text with NUL bytes: remove them (a text editor shows "
                            "them) or export the file again.")


def test_nul_bytes_in_cells_are_refused_naming_the_cells(tmp_path):
    # "T1\x00" was read as an id of its own beside "T1" (a join silently missed); in a number column the
    # error quoted '3\x00' as "must be numeric", the byte not named
    p = tmp_path / "t.csv"
    p.write_bytes(b"task_id,project_id,estimate_hours,status\nT1\x00,P,4,done\nT2,P,3\x00,open\nT1,P,2,open\n")
    with pytest.raises(SchemaError) as e:
        load_tasks(p)
    assert str(e.value) == (f"{p}: column 'task_id' has NUL bytes (\\x00, which no screen shows) in 1 cell on line 2 "
                            "('T1\\x00'): 'T1\\x00' is another value than 'T1' to this tool. The file is damaged or "
                            "its writer pads text with NUL bytes: remove them (a text editor shows them) or export "
                            "the file again.")
    assert e.value.column == S.TASK_ID and list(e.value.rows) == [2]
    p.write_bytes(b"Task,project_id,estimate_hours\nT1,P,4\nT2,P,3\x00\nT3,P,\x00\x00\n")
    with pytest.raises(SchemaError, match=r"column 'estimate_hours' has NUL bytes \(\\x00, which no screen shows\) in "
                                          r"2 cells on lines 3, 4 \('3\\x00', '\\x00\\x00'\): '3\\x00' is another value "
                                          r"than '3'"):
        load_tasks(p, column_map={"Task": "task_id"})
    p.write_bytes(b"task_id,project_id,estimate_hours\n" + b"".join(b"T%d\x00,P,1\n" % i for i in range(1, 6)))
    with pytest.raises(SchemaError, match=re.escape("in 5 cells on lines 2, 3, 4, 5, 6 ('T1\\x00', 'T2\\x00', 'T3\\x00' and 2 "
                                                    "more): 'T1\\x00' is another value than 'T1'")):
        load_tasks(p)  # the first three quoted, the rest counted


def test_nul_bytes_in_a_header_are_refused_and_in_a_column_not_read_said(tmp_path, monkeypatch):
    # 'estimate_hours\x00' was another column: "missing required column 'estimate_hours' (closest:
    # estimate_hours\x00, ...)", the byte not named; 'actual_hours\x00' left the actuals out unsaid, and NULs in a
    # column kept and not read stayed in the table unsaid
    p = tmp_path / "t.csv"
    p.write_bytes(b"task_id,project_id,estimate_hours\x00,status\nT1,P,4,done\n")
    with pytest.raises(SchemaError) as e:
        load_tasks(p)
    assert str(e.value) == (f"{p}: the header 'estimate_hours\\x00' has NUL bytes (\\x00, which no screen shows): "
                            "'estimate_hours\\x00' is another column name than 'estimate_hours' to this tool. The file "
                            "is damaged or its writer pads text with NUL bytes: remove them (a text editor shows them) "
                            "or export the file again.")
    assert e.value.column == "estimate_hours\x00"
    p.write_bytes(b"task_id,project_id,estimate_hours,status,actual_hours\x00,no\x00tes\nT1,P,4,done,5,x\n")
    with pytest.raises(SchemaError, match=r"the headers 'actual_hours\\x00', 'no\\x00tes' have NUL bytes"):
        load_tasks(p)
    p.write_bytes(b"task_id,project_id,estimate_hours,status,notes\nT1,P,4,done,a\x00b\nT2,P,3,open,\n")
    with pytest.warns(DataQualityWarning, match="kept as written in a column not read: 'notes'"):
        df = load_tasks(p)
    assert df["notes"].tolist()[0] == "a\x00b"
    assert df.attrs["detected"]["nul_bytes"] == (
        "NUL bytes (\\x00, which no screen shows) kept as written in a column not read: 'notes', 1 cell on line 2 "
        "('a\\x00b'). The file is damaged or its writer pads text with NUL bytes: remove them (a text editor shows "
        "them) or export the file again")
    # a file without the byte has no cell looked at for it (a million rows of Jira's 34 columns), nor when read again
    import pmo_forecast.inputs.coerce as coercion

    p.write_bytes(b"task_id,project_id,estimate_hours,status,notes\nT1,P,4,done,ab\n")
    for checked in ("nul_bytes_or_raise", "nul_bytes_said"):
        monkeypatch.setattr(coercion, checked, lambda *a, **k: pytest.fail("cells looked at"))
    assert load_tasks(load_tasks(p))["notes"].tolist() == ["ab"]

def test_a_totals_or_title_row_missing_an_id_is_said_first(tmp_path):
    # "column 'task_id' is empty on line 4. Every row needs ... Line 4 looks like a totals row ('Summe')": the
    # likely cause came last
    p = workbook(tmp_path / "t.xlsx", {"Tasks": [HEADER, ["T1", "P", 4, "done"], ["T2", "P", 3, "open"],
                                                 [None, "Summe", 7, None]]})
    with pytest.raises(SchemaError) as e:
        load_tasks(p, column_map={"task_id": "task_id"})
    assert str(e.value) == (f"{p}: line 4 looks like a totals row ('Summe'): not a row of its own. Delete it from the export; column "
                            "'task_id' is empty on line 4, and every row needs a task_id: fill those cells or drop "
                            "the rows.")
    csv = tmp_path / "t.csv"
    csv.write_text("Key,project_id,estimate_hours,status\nT1,P,4,done\n,,,Sprint 2\nT2,P,3,open\n", encoding="utf-8")
    with pytest.raises(SchemaError) as e:
        load_tasks(csv, column_map={"Key": "task_id"})
    assert str(e.value) == (f"{csv}: line 3 holds one cell only ('Sprint 2'): a group's or section's title row, as "
                            "some boards (Monday.com) export them? Delete such rows from the export; column 'Key' "
                            "(read as task_id) is empty on line 3, and every row needs a task_id: fill those cells "
                            "or drop the rows.")


def test_a_subtotal_row_closing_each_projects_block_stops_the_load(tmp_path):
    # a sheet's subtotal under each project's rows ("Total PRJ-1" where the project column holds its name, a
    # task's name "Subtotal Zeus"), its hours its block's sums, was one more open task carrying them: only
    # the table's last row and labels spelt exactly as Excel's ("Apollo Total") were looked at
    head = ["task_id", "Task name", "project_id", "estimate_hours", "actual_hours", "status"]
    rows = [head, ["T1", "Spec", "Apollo", 2, 3, "open"], ["T2", "Build", "Apollo", 3, 4, "open"],
            ["Total PRJ-1", None, "Apollo", 5, 7, "open"], ["T3", "Spec", "Zeus", 4, 1, "open"],
            ["T4", "Build", "Zeus", 6, 2, "open"], ["T5", "Test", "Zeus", 1, 1, "open"],
            ["Z", "Subtotal Zeus", "Zeus", 11, 4, "open"], ["T6", "Spec", "Hera", 1, 1, "open"]]
    p = workbook(tmp_path / "t.xlsx", {"Tasks": rows})
    with pytest.raises(SchemaError) as e:
        load_tasks(p)
    assert str(e.value) == (f"{p}: lines 4, 8 look like subtotal rows ('Total PRJ-1' in column 'task_id', its "
                            "estimate_hours, 5, and actual_hours, 7, the sums of lines 2 to 3 above it): not rows of "
                            "their own. Delete them from the export.")
    assert e.value.rows == [4, 8]
    rows[3] = ["T9", "Spec", "Apollo", 5, 7, "open"]  # a task: no totals word
    with pytest.raises(SchemaError, match=r"line 8 looks like a subtotal row \('Subtotal Zeus' in column 'Task name' "
                                          r"of task_id 'Z', .* the sums of lines 5 to 7 above it\)"):
        load_tasks(workbook(tmp_path / "t.xlsx", {"Tasks": rows}))
    # two blocks of one project: the second's sums run back to the first's subtotal row
    two = [head, *[[f"T{i}", "Spec", "Apollo", h, a, "open"] for i, (h, a) in enumerate([(2, 3), (3, 4)])],
           ["S1", "Sum phase 1", "Apollo", 5, 7, "open"],
           *[[f"U{i}", "Spec", "Apollo", h, a, "open"] for i, (h, a) in enumerate([(4, 1), (6, 2)])],
           ["S2", "Sum phase 2", "Apollo", 10, 3, "open"]]
    with pytest.raises(SchemaError, match=r"lines 4, 7 look like subtotal rows \('Sum phase 1' "):
        load_tasks(workbook(tmp_path / "t.xlsx", {"Tasks": two}))
    # a task so named whose hours are its block's sum in one column of a few, or no sum, is a task
    rows[7] = ["Z", "Total cost review", "Zeus", 11, 5, "open"]
    assert len(load_tasks(workbook(tmp_path / "t.xlsx", {"Tasks": rows}))) == 8
    rows[7] = ["Z", "Total cost review", "Zeus", 11, None, "open"]
    assert len(load_tasks(workbook(tmp_path / "t.xlsx", {"Tasks": rows}))) == 8

def test_a_footer_below_the_table_is_skipped_or_named_as_a_footer(tmp_path):
    # "Exported by Jira on 04/Dec/2026" in the last line's one cell was "a group's or section's title row, as some
    # boards (Monday.com) export them?", and the file refused
    rows = [HEADER, ["T1", "P", 4, "done"], ["T2", "P", 3, "open"]]
    p = workbook(tmp_path / "t.xlsx", {"Tasks": [*rows, ["Exported by Jira on 04/Dec/2026"]]})
    df = load_tasks(p)
    assert df[S.TASK_ID].tolist() == ["T1", "T2"]
    assert df.attrs["detected"]["layout_rows"] == ("1 footer line below the table (line 4: 'Exported by Jira on "
                                                   "04/Dec/2026') skipped")
    csv = tmp_path / "t.csv"
    assert skipped_footer(csv, "Generated on 2026-12-04\n") == ("1 footer line below the table (line 4: 'Generated "
                                                                "on 2026-12-04') skipped")
    # another footer is refused, named as one; the same cell above the last row is still a group's title
    csv.write_text(TWO_TASKS + "Confidential: Acme Corp\n", encoding="utf-8")
    with pytest.raises(SchemaError) as e, pytest.warns(DataQualityWarning, match=r"1 line with fewer cells than the "
                                                                              r"header \(line 4\)"):
        load_tasks(csv)
    assert str(e.value) == (f"{csv}: line 4, the table's last, holds one cell only ('Confidential: Acme Corp'): a "
                            "footer line below the table? Delete it from the export; column 'project_id' is empty on "
                            "line 4, and every row needs a project_id: fill those cells or drop the rows.")
    p = workbook(tmp_path / "t.xlsx", {"Tasks": [HEADER, ["T1", "P", 4, "done"], ["Printed circuit board"],
                                                 ["T2", "P", 3, "open"]]})
    with pytest.raises(SchemaError, match=r"line 3 holds one cell only \('Printed circuit board'\): a group's"):
        load_tasks(p)


def test_an_estimate_too_large_to_double_loads_without_numpy_s_overflow_warning(tmp_path):
    # the totals checks doubled and added up each column: 1e308 hours printed numpy's raw "overflow encountered in
    # multiply" ("in accumulate" for two such), on the command line as "pmo-forecast: warning: ..."; validation
    # calls such an estimate absurd
    p = tmp_path / "t.csv"
    p.write_text(",".join(HEADER) + "\nT1,P,1e308,done\nT2,P,1e308,open\nT3,P,4,open\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        df = load_tasks(p)
    assert df[S.ESTIMATE].tolist() == [1e308, 1e308, 4.0]


def test_a_totals_row_of_numbers_only_is_named_as_one(tmp_path):
    # a sheet's =SUM row without a label (id blank, the sums below the columns) was said as "a group's or
    # section's title row" when it held one number, and with no cause at all when it held more
    head = ["task_id", "project_id", "estimate_hours", "actual_hours", "status"]
    p = workbook(tmp_path / "t.xlsx", {"Tasks": [head, ["T1", "P", 4, 5, "done"], ["T2", "Q", 3, 2.5, "done"],
                                                 [None, None, 7, 7.5, None]]})
    with pytest.raises(SchemaError) as e:
        load_tasks(p)
    assert str(e.value) == (f"{p}: line 4 looks like a totals row (numbers only, its estimate_hours, 7, the sum of "
                            "lines 2 to 3 above it): not a row of its own. Delete it from the export; column 'task_id' is empty on line 4, "
                            "and every row needs a task_id: fill those cells or drop the rows.")
    csv = tmp_path / "t.csv"
    csv.write_text(",".join(HEADER) + "\nT1,P,4,done\nT2,P,3,open\n,,7,\nT3,P,2,open\n", encoding="utf-8")
    with pytest.raises(SchemaError, match=r": line 4 looks like a totals row \(numbers only, its estimate_hours, 7, "
                                          r"the sum of lines 2 to 3 above it\)"):
        load_tasks(csv)
    # a number that is no such sum: no cause guessed
    csv.write_text(",".join(HEADER) + "\nT1,P,4,done\nT2,P,3,open\n,,8,open\n", encoding="utf-8")
    with pytest.raises(SchemaError) as e:
        load_tasks(csv)
    assert str(e.value).startswith(f"{csv}: column 'task_id' is empty on line 4. Every row needs a task_id")


def test_a_footer_split_over_cells_by_its_commas_is_skipped_not_read_as_a_task(tmp_path):
    # "Jira 9.4 export, 04/Dec/2026" split into two cells and loaded as task 'Jira 9.4 export' of project
    # '04/Dec/2026', open, with nothing said
    csv = tmp_path / "t.csv"
    assert skipped_footer(csv, "Jira 9.4 export, 04/Dec/2026\n") == ("1 footer line below the table (line 4: 'Jira "
                                                                     "9.4 export, 04/Dec/2026') skipped")
    assert skipped_footer(csv, "Generated by ClickUp, 2026-12-04\nPrinted: 4 Dec\n") == (
        "2 footer lines below the table (lines 4, 5: 'Generated by ClickUp, 2026-12-04'; 'Printed: 4 Dec') skipped")
    p = workbook(tmp_path / "t.xlsx", {"Tasks": [HEADER, ["T1", "P", 4, "done"], ["Exported by Jira", "04/Dec/2026"]]})
    assert load_tasks(p)[S.TASK_ID].tolist() == ["T1"]
    # a task is never one: most of its cells filled, its hours, or its first cell empty
    csv.write_text(TWO_TASKS + "Exported data cleanup,P,4,open\nExported from Jira: fix dates,P,,open\n", encoding="utf-8")
    assert load_tasks(csv)[S.TASK_ID].tolist()[2:] == ["Exported data cleanup", "Exported from Jira: fix dates"]
    wide = ",".join([*HEADER, S.ACTUAL, S.ASSIGNEE]) + "\nT1,P,4,done,3,Ann\n"
    csv.write_text(wide + "Exported by the API,P,,,2.5,\n", encoding="utf-8")
    assert load_tasks(csv)[S.TASK_ID].tolist() == ["T1", "Exported by the API"]
    csv.write_text(TWO_TASKS + ",Exported by Jira,04/Dec/2026,\n", encoding="utf-8")
    with pytest.raises(SchemaError, match="column 'task_id' is empty on line 4"):
        load_tasks(csv)


@pytest.mark.parametrize("footer", ["Exportiert am 04.12.2026", "Erstellt am 04.12.2026 von Jira",
                                    "Generiert am 04.12.2026", "Exporté le 04/12/2026, par Jira", "Généré le 04/12/2026",
                                    "Exportado el 04/12/2026", "Generado el 04/12/2026", "Exportado em 04/12/2026",
                                    "Gerado em 04/12/2026, Jira", "Exporte le 04/12/2026", "Genere par Jira",
                                    "GENERE LE 04/12/2026", "Export\u0065\u0301 le 04/12/2026"])
def test_a_footer_in_german_french_spanish_or_portuguese_is_skipped(tmp_path, footer):
    # "Exportiert am 04.12.2026" was refused as "a footer line below the table?"; "Exporté le 04/12/2026, par Jira"
    # loaded as task 'Exporté le 04/12/2026' of project 'par Jira'; written without its accents ("Exporte le",
    # "Genere par Jira") or with the accent as a mark of its own (NFD), it was refused as "a footer line below the
    # table?"
    assert skipped_footer(tmp_path / "t.csv", f"{footer}\n") == \
        f"1 footer line below the table (line 4: {footer!r}) skipped"


def test_a_footers_date_is_not_read_as_hours(tmp_path):
    # "Printed by Jira, 4 Dec" split by its comma loaded as a task: '4 Dec' looked like hours ('4 d', as "3h" is
    # written) to the footer's own pattern, though the loader reads no hours in it
    csv = tmp_path / "t.csv"
    csv.write_text("task_id,estimate_hours,project_id,status\nT1,4,P,done\nT2,3,P,open\nPrinted by Jira, 4 Dec\n",
                   encoding="utf-8")
    df = load_tasks(csv)
    assert df[S.TASK_ID].tolist() == ["T1", "T2"]
    assert df.attrs["detected"]["layout_rows"] == ("1 footer line below the table (line 4: 'Printed by Jira, 4 Dec') "
                                                   "skipped")


def test_a_footers_number_where_the_table_holds_no_hours_is_the_footers_own(tmp_path):
    # "Generated by Jira, 9.4" split by its comma loaded as task 'Generated by Jira' of project '9.4': the version
    # looked like hours, though it stood in the project's column, where the table holds none
    csv = tmp_path / "t.csv"
    assert skipped_footer(csv, "Generated by Jira, 9.4\n") == ("1 footer line below the table (line 4: 'Generated by "
                                                               "Jira, 9.4') skipped")
    p = workbook(tmp_path / "t.xlsx", {"Tasks": [HEADER, ["T1", "P", 4, "done"], ["Exported by Jira", 9.4]]})
    assert load_tasks(p)[S.TASK_ID].tolist() == ["T1"]
    # under a column of hours the number is a task's, the last line's too
    wide = ",".join([*HEADER, S.ACTUAL, S.ASSIGNEE]) + "\nT1,P,4,done,3,Ann\n"
    csv.write_text(wide + "Generated by the API,P,4\n", encoding="utf-8")
    with pytest.warns(DataQualityWarning, match=r"1 line with fewer cells than the header \(line 3\)"):
        df = load_tasks(csv)
    assert df[S.TASK_ID].tolist() == ["T1", "Generated by the API"] and df[S.ESTIMATE].tolist() == [4, 4]


def test_a_footers_version_under_numbered_projects_is_the_footers_own(tmp_path):
    # "Generated by Jira, 9.4" under project ids 10 and 20 loaded as task 'Generated by Jira' of project 9.4: the
    # ids read as hours, so the version was taken for a task's
    csv = tmp_path / "t.csv"
    numbered = ",".join(HEADER) + "\nT1,10,4,done\nT2,20,3,open\n"
    csv.write_text(numbered + "Generated by Jira, 9.4\n", encoding="utf-8")
    df = load_tasks(csv)
    assert df[S.TASK_ID].tolist() == ["T1", "T2"]
    assert df.attrs["detected"]["layout_rows"] == ("1 footer line below the table (line 4: 'Generated by Jira, "
                                                   "9.4') skipped")
    p = workbook(tmp_path / "t.xlsx", {"Tasks": [HEADER, ["T1", 10, 4, "done"], ["T2", 20, 3, "open"],
                                                 ["Generated by Jira", 9.4]]})
    assert load_tasks(p)[S.TASK_ID].tolist() == ["T1", "T2"]
    # a whole number there is a project's, and a number beside another cell a task's
    for last in ("Generated by the API,30\n", "Generated by the API,30,2.5\n"):  # both shorter than the header
        csv.write_text(numbered + last, encoding="utf-8")
        with pytest.warns(DataQualityWarning, match=r"1 line with fewer cells than the header \(line 4\)"):
            assert load_tasks(csv)[S.TASK_ID].tolist() == ["T1", "T2", "Generated by the API"]


def test_column_names_below_a_header_naming_no_column_are_said_as_title_lines_above_the_header(tmp_path):
    # a title line read as the header (the map names its cells) above the table's own header was called "a second
    # header row ... (merged cells above)": a header naming none of the table's columns is a title line
    p = tmp_path / "titled.csv"
    p.write_text("Q1 tracker,notes,v2\nTask,Project,Estimate\nT1,P,3\n", encoding="utf-8")
    with pytest.raises(SchemaError) as e:
        load_tasks(p, column_map={"Q1 tracker": "task_id", "notes": "project_id", "v2": "estimate_hours"})
    assert str(e.value) == (
        f"{p}: line 2 looks like the header ('Task', 'Project', 'Estimate'), below title lines: the line read as the "
        "header ('Q1 tracker', 'notes', 'v2') names no column; delete the title lines above the header. Column 'v2' "
        "(read as estimate_hours) must be numeric (hours) but has 'Estimate' on line 2. Fix those cells (numbers like "
        "4 or 3.5, or durations like 3h 30m) or map another column to 'estimate_hours'.")


@pytest.mark.parametrize("encoding", ["utf-32", "utf-32-be"])
def test_utf32_files_are_read_not_taken_for_utf16(tmp_path, encoding):
    # FF FE 00 00 starts with UTF-16's little-endian BOM: read as UTF-16, every header held NUL bytes
    p = tmp_path / "u.csv"
    text = "task_id,project_id,estimate_hours,status\nÅ-1,P,4,open\nB-2,P,2.5,done\n"
    p.write_bytes(text.encode(encoding) if encoding == "utf-32" else b"\x00\x00\xfe\xff" + text.encode(encoding))
    df = load_tasks(p)
    assert df.attrs["detected"]["encoding"] == "utf-32"
    assert df[S.TASK_ID].tolist() == ["Å-1", "B-2"]
    assert df[S.ESTIMATE].tolist() == [4.0, 2.5]
