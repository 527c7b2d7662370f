"""The pack's sheets and how their cells are written: the layout types, number formats, the Excel and
CSV writers, formula-injection escaping.

* The layout types (:class:`Sheet` of :class:`Block` tables) are what
  :func:`pmo_forecast.export_planning_pack` fills and :func:`write_workbook` writes; each
  column's kind (:func:`column_kind`) picks its number format (:data:`NUMBER_FORMATS`).
* Text that came from the input is never a formula: Excel cells are written with
  ``write_string`` (and a quote-prefix style when the text starts with ``= + - @``,
  tab or carriage return); CSV cells starting with those characters get a leading
  ``'`` (OWASP's advice for CSV injection). Numbers stay numbers.

The files are put in place atomically by :mod:`pmo_forecast.core.safe_files`.
"""

from __future__ import annotations

import math
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .heatmap import HEATMAP_OVER, HEATMAP_SCALE
from .labels import YES_NO, is_money, label
from .results import csv_number, round_half_away
from .schema import FULL_UTILISATION

#: Leading characters that make Excel, LibreOffice or Google Sheets read a cell as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
#: Excel's limit on the characters in one cell.
EXCEL_MAX_CHARS = 32_767


# --- escaping ---------------------------------------------------------------
def is_formula_like(value) -> bool:
    """Whether ``value`` is text a spreadsheet would read as a formula (or a DDE payload)."""
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


#: A guarded cell's guard: its first apostrophe, before more apostrophes and a formula's first character. Text of
#: its own starting with apostrophes before such a character (``'=x``) is guarded too (``''=x``), so taking one
#: apostrophe off (:func:`unescape_csv_value`) gives back any text exactly. An apostrophe before other text
#: (``'quoted``) is the text's own: a spreadsheet keeps no apostrophe it reads as a text marker, so only a
#: writer's guard puts one before a formula.
GUARDED_CELL = re.compile("^'(?='*[" + re.escape("".join(FORMULA_PREFIXES)) + "])")


def _guarded_if_read(value) -> bool:
    """Whether ``value`` is text that reads as a formula, or as a guard taken off on reading (``'=x``)."""
    return is_formula_like(value) or isinstance(value, str) and GUARDED_CELL.match(value) is not None


def escape_csv_value(value):
    """Prefix formula-like text with ``'`` so a spreadsheet opening the CSV shows it as text.

    Text starting with apostrophes before a formula's first character (``'=x``) gets one too (``''=x``):
    :func:`unescape_csv_value` then gives every text back as it was. Non-text values are returned unchanged
    (a negative number stays a number).
    """
    return "'" + value if _guarded_if_read(value) else value


def unescape_csv_value(text):
    """A cell as it was before :func:`escape_csv_value` guarded it (``'=x`` is ``=x``, ``''=x`` is ``'=x``);
    an apostrophe before other text (``'quoted``), and anything not text, unchanged."""
    return GUARDED_CELL.sub("", text, count=1) if isinstance(text, str) else text


def escape_csv_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` whose text cells (and column names) are CSV-injection safe."""
    out = df.copy()
    for col in out.columns:
        s = out[col]
        if pd.api.types.is_object_dtype(s) or pd.api.types.is_string_dtype(s):
            out[col] = s.map(escape_csv_value, na_action="ignore")
    out.columns = [escape_csv_value(str(c)) for c in out.columns]
    if not isinstance(out.index, pd.RangeIndex):
        out.index = out.index.map(lambda v: escape_csv_value(v) if isinstance(v, str) else v)
        out.index.names = [escape_csv_value(n) if isinstance(n, str) else n for n in out.index.names]
    return out


def excel_text(value: str) -> str:
    """Text as Excel can hold it: at most 32,767 characters (longer text is cut with a mark)."""
    if len(value) > EXCEL_MAX_CHARS:
        return value[: EXCEL_MAX_CHARS - 1] + "…"
    return value


# --- the pack's content -----------------------------------------------------
@dataclass
class Block:
    """One table on a sheet (and one CSV file).

    ``formats`` maps a column to a kind (``"hours"``, ``"pct"``, ``"points"``, ``"date"``,
    ``"int"``, ``"num"``, ``"text"``: :data:`NUMBER_FORMATS`), or to a list of kinds, one per row;
    unlisted columns get a kind from their dtype and name. ``heatmap`` applies a colour scale to the numeric cells.
    """

    slug: str
    title: str
    df: pd.DataFrame
    note: str = ""
    formats: dict = field(default_factory=dict)
    heatmap: bool = False
    max_rows_in_sheet: int | None = None  # the CSV always has every row
    excel_table: bool = True  # an Excel Table (banded rows, filter buttons); not for heatmaps
    #: Columns named by the data (roles, weeks, scenarios): shown as written on a labelled sheet.
    data_columns: tuple = ()


@dataclass
class Sheet:
    """A worksheet: a title line, a note, stacked blocks and native charts."""

    name: str
    title: str
    blocks: list[Block]
    note: str = ""
    #: (kind, block slug) or (kind, block slug, options); kind "lines" draws ``options["columns"]``, "utilisation"
    #: is titled ``options["title"]``
    charts: list[tuple] = field(default_factory=list)
    #: Show plain-language headers (:func:`pmo_forecast.core.labels.label`) instead of column names.
    labels: bool = False
    #: The unit of money columns' headers on a labelled sheet ("EUR": "Cost per hour (EUR)"); None: none said.
    currency: str | None = None


# --- Excel -------------------------------------------------------------------
#: The kind of a change in a share shown in percentage points: the cell holds the points (the change times 100,
#: as Excel's formats scale only with a "%" shown), the CSV the change itself, as the other shares.
POINTS = "points"
#: The kind of a signed relative change ("+5%" over, "-5%" under: a typical task's actual against its estimate),
#: where an unsigned "5%" would read as a share of the estimate.
PCT_CHANGE = "pct_change"
#: The kind of a signed relative gap that is small when all is well, to the tenth of a percent (Little's law's check
#: on a request log: -0.3% had shown as 0%, as if the two sides agreed exactly, whatever its size and sign).
PCT_CHANGE1 = "pct_change1"
#: The kind of a line number in a file ("Row" of a finding): whole, without a thousands separator ("line 1226").
LINE = "line"
#: The kind of a chance (P(late), P(over budget)): a percent, but "<1%" for a chance rounded to 0% that is not
#: nil and ">99%" for one rounded to 100% that is not certain, as the pack's sentences say them ("under 1%",
#: :func:`~pmo_forecast.core.results.part_percent`). A chance of exactly 0 or 1 is written in the "pct" format
#: (Excel's two conditions cannot also tell 0 from 0.3%). Not for shares, which may round to 0%.
CHANCE = "chance"
#: The kind of a duration in working days read from dates (a task's cycle time, the age of work in progress): whole
#: days, as the dates are shown; a percentile's tenth of a day is interpolation, not measurement (1,738.2 days).
WHOLE_DAYS = "whole_days"
#: The kind of hours per story point (a finished task's actual hours over its points, their median and percentiles):
#: a rate of a few hours, to two decimals (2.37), wherever it is shown; "hours" in its columns' names had made it
#: whole hours on the Accuracy sheet (2) beside the Trends sheet's 2.37.
PER_POINT_KIND = "num"
#: The kind of money (a project's cost at completion, a hire's cost: :func:`~pmo_forecast.core.labels.is_money`):
#: whole units of the currency its header names; "p80" in ``cost_p80`` had named it hours.
MONEY = "money"
#: The kind of a portfolio's total of money (the Summary's cost at completion of all open projects): whole thousands
#: ("1,545k", :func:`~pmo_forecast.core.results.in_thousands`); to the unit (1,544,805) it claimed a precision a
#: simulated total of a million does not have. The cell keeps the whole amount.
MONEY_THOUSANDS = "money_k"
NUMBER_FORMATS = {"hours": "#,##0", "pct": "0%", "days": "#,##0.0", "date": "yyyy-mm-dd", "datetime": "yyyy-mm-dd hh:mm",
                  "int": "#,##0", "num": "#,##0.00",
                  # a time estimated from a log (hands-on hours per request): a tenth is all it can tell
                  "num1": "#,##0.0",
                  # scores whose differences are small (a backtest's calibration errors, pinball losses, log biases)
                  "num3": "#,##0.000", "num4": "#,##0.0000", "pct1": "0.0%",
                  # a change in a share, in percentage points: "+8 pp" (a "%" would read as a relative change)
                  POINTS: '+#,##0" pp";-#,##0" pp";0" pp"', PCT_CHANGE: "+0%;-0%;0%",
                  PCT_CHANGE1: "+0.0%;-0.0%;0.0%", LINE: "0",
                  CHANCE: '[<0.005]"<1%";[>=0.995]">99%";0%', WHOLE_DAYS: "#,##0", MONEY: "#,##0",
                  MONEY_THOUSANDS: '#,##0,"k"'}
#: Kinds whose format shows a sign: a value that is zero at the precision shown is written as 0 ("0%", not "+0%").
SIGNED = (POINTS, PCT_CHANGE, PCT_CHANGE1)
#: The decimals each number format shows of a value (a percentage, or points, two more than its own).
SHOWN_DECIMALS = {k: len(f.partition(";")[0].partition(".")[2].rstrip("%")) + 2 * (f.endswith("%") or k == POINTS)
                  for k, f in NUMBER_FORMATS.items() if not f.startswith("yyyy") and k != CHANCE}
SHOWN_DECIMALS[CHANCE] = SHOWN_DECIMALS["pct"]  # its conditions' "0.005" are no decimals shown
SHOWN_DECIMALS[MONEY_THOUSANDS] = -3  # its trailing comma scales the amount: rounded to the thousand
_PCT_WORDS = ("prob", "share", "utilisation", "utilization", "coverage", "calibration")
_HOURS_WORDS = ("hours", "p10", "p50", "p80", "p90", "contingency")


def column_kind(name, s: pd.Series) -> str:
    """The display kind of a column, from its dtype and name (see :data:`NUMBER_FORMATS`)."""
    n = str(name).lower()
    if pd.api.types.is_datetime64_any_dtype(s):
        times = s.dropna()
        return "datetime" if len(times) and (times != times.dt.normalize()).any() else "date"
    if pd.api.types.is_bool_dtype(s) or not pd.api.types.is_numeric_dtype(s):
        return "text"
    if n.startswith("prob_") and not n.endswith("_change"):  # a change in a chance is in points
        return CHANCE
    if any(w in n for w in _PCT_WORDS):
        return "pct"
    if "ratio" in n or "factor" in n:
        return "num"
    if "per_point" in n:  # hours per point: a rate, not a number of hours
        return PER_POINT_KIND
    if is_money(n):  # a cost per hour is a rate, to the cent
        return "num" if "per_hour" in n else MONEY
    if pd.api.types.is_integer_dtype(s) or n.startswith(("n_", "number")) or \
            n in ("n", "count", "tasks", "rows", "bytes", "requests", "servers", "remaining_items"):
        return "int"
    # a level's words ("p80", "p90") mark hours only where nothing else in the name says the unit: a P90 wait
    # in days (approval_wait_p90_days) and a share to add to an estimate (uplift_p80) had read as whole hours
    if "uplift" in n:
        return PCT_CHANGE
    if n.endswith("_days") or n.endswith("(working days)"):
        return "days"
    if any(w in n for w in _HOURS_WORDS):
        return "hours"
    return "num"


def column_kinds(df: pd.DataFrame, formats: dict, where: str) -> list:
    """Each column's kind: ``formats``' (one kind, or a list of one per row), else :func:`column_kind`'s.

    Raises
    ------
    ValueError
        A kind that is neither a number format (:data:`NUMBER_FORMATS`) nor ``"text"``, naming ``where``
        and the column: a misspelt kind would show its numbers in no format the pack has.
    """
    kinds = [formats.get(c) or column_kind(c, df[c]) for c in df.columns]
    for c, kind in zip(df.columns, kinds, strict=True):
        if unknown := sorted({str(k) for k in (kind if isinstance(kind, list) else [kind])}
                             - {*NUMBER_FORMATS, "text"}):
            raise ValueError(f"{where}: column {c!r} has the kind {', '.join(map(repr, unknown))}; "
                             f"known kinds: {', '.join(map(repr, [*NUMBER_FORMATS, 'text']))}")
    return kinds


def _flat(df: pd.DataFrame) -> pd.DataFrame:
    """Index into columns (when it carries information) and flat string column names."""
    if not isinstance(df.index, pd.RangeIndex) or df.index.name is not None:
        df = df.reset_index()
    df = df.copy()
    df.columns = [" ".join(str(x) for x in c if str(x)) if isinstance(c, tuple) else str(c) for c in df.columns]
    return df


def _label_cut(values: tuple, c: int) -> bool:
    """Whether the text ``values[c]`` of a row is wider than its column and a value beside it would cut it off in
    print (a Summary label such as "Task bias (+ over, - under estimate) in the 12 months to 2026-06-29 (4,104
    finished with both)" beside its figure): such a cell is wrapped over lines. Text with nothing beside it (a key
    message, the last column's) overflows into the empty cells as it is."""
    v = values[c]
    return isinstance(v, str) and "\n" not in v and len(excel_text(v)) > TEXT_PER_LINE and c + 1 < len(values) \
        and not _missing(values[c + 1])


def _missing(v) -> bool:
    if v is None or v is pd.NA or v is pd.NaT:
        return True
    return isinstance(v, float | np.floating) and np.isnan(v)


#: The series' colours in turn, in the utilisation and lines charts.
_PALETTE = ("#2F5597", "#C55A11", "#548235", "#7030A0", "#BF9000", "#7F7F7F")


@dataclass(frozen=True)
class _BlockCells:
    """Where a written block's rows are (:attr:`_ExcelWriter.where`): its sheet, header row, number of rows and
    columns; the references a chart's series take."""

    sheet: str
    header: int
    n: int
    cols: list

    def column(self, col) -> list:
        """The data cells of column ``col``."""
        c = self.cols.index(col)
        return [self.sheet, self.header + 1, c, self.header + self.n, c]

    def name(self, col) -> list:
        """The header cell of ``col``: a series named by a reference, never by the text, since a role name from
        the input such as "=cmd|..." given as a string would be read by xlsxwriter as a formula."""
        return [self.sheet, self.header, self.cols.index(col)]


def _lines_y_axis(opts: dict) -> dict:
    """The lines chart's y axis from its ``y_*`` options."""
    y = {"name": opts.get("y_name", ""), "num_format": opts.get("y_format", "#,##0")}
    if opts.get("y_min", 0) is not None:
        y["min"] = opts.get("y_min", 0)
    if opts.get("y_format") == "0%":
        y["max"] = 1
    if "y_major" in opts:
        y["major_unit"] = opts["y_major"]
    return y


#: Widest a column is made for its text, in characters (Excel's widths: of a digit).
MAX_TEXT_WIDTH = 50
#: Characters of text shown on one line of a column :data:`MAX_TEXT_WIDTH` wide (its widths are a digit's; text is
#: narrower, on the whole, than as many digits).
TEXT_PER_LINE = MAX_TEXT_WIDTH
#: Height of a line of text, in points (Excel's default row), and the highest row Excel takes.
LINE_POINTS, MAX_ROW_POINTS = 15, 409


def text_lines(text: str) -> int:
    """The lines ``text`` takes wrapped in a column :data:`MAX_TEXT_WIDTH` wide, each of its own lines at words (every
    character taken as wide as a digit: the proportional font's text is narrower, never wider, on the whole).

    >>> text_lines("Of them, at the pace the finish dates plan above their stated capacity")
    2
    """
    return sum(max(1, len(textwrap.wrap(line, TEXT_PER_LINE))) for line in text.split("\n"))


class _ExcelWriter:
    """Writes :class:`Sheet` objects with xlsxwriter; every data cell through a typed writer."""

    def __init__(self, path):
        import xlsxwriter

        # Never let xlsxwriter turn text into formulas, links or numbers.
        self.wb = xlsxwriter.Workbook(str(path), {
            "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
            "nan_inf_to_errors": False, "remove_timezone": True})
        f = self.wb.add_format
        self.fmt = {k: f({"num_format": v}) for k, v in NUMBER_FORMATS.items()}
        self.fmt["text"] = f({"text_wrap": False})
        self.fmt["quoted"] = f({"quote_prefix": True})
        self.fmt["wrap"] = f({"text_wrap": True, "valign": "top"})
        self.fmt["quoted_wrap"] = f({"quote_prefix": True, "text_wrap": True, "valign": "top"})
        # a label wrapped beside its value: at the foot of its row, as the value is (Excel's default)
        self.fmt["label_wrap"] = f({"text_wrap": True})
        self.fmt["quoted_label_wrap"] = f({"quote_prefix": True, "text_wrap": True})
        self.fmt["header"] = f({"bold": True, "bg_color": "#1F3864", "font_color": "#FFFFFF",
                                "text_wrap": True, "valign": "top", "border": 1})
        self.fmt["quoted_header"] = f({"bold": True, "bg_color": "#1F3864", "font_color": "#FFFFFF",
                                       "text_wrap": True, "valign": "top", "border": 1, "quote_prefix": True})
        self.fmt["title"] = f({"bold": True, "font_size": 14, "font_color": "#1F3864"})
        self.fmt["block"] = f({"bold": True, "font_size": 11, "font_color": "#1F3864"})
        self.fmt["note"] = f({"italic": True, "font_color": "#595959"})
        self.fmt["long_note"] = f({"italic": True, "font_color": "#595959", "text_wrap": True, "valign": "top"})
        self.fmt["over_capacity"] = f({"bg_color": HEATMAP_OVER})
        self.where: dict[str, tuple] = {}  # slug -> (sheet name, header row, n rows, columns)
        self.sheets: dict = {}
        self.n_tables = 0

    def text(self, ws, r, c, value, fmt=None, label_wrap=False):
        value = excel_text(str(value))
        if is_formula_like(value):
            fmt = self.fmt["quoted_label_wrap" if label_wrap else "quoted_wrap" if "\n" in value else "quoted"]
        elif label_wrap:
            fmt = self.fmt["label_wrap"]
        elif fmt is None and "\n" in value:
            fmt = self.fmt["wrap"]
        ws.write_string(r, c, value, fmt)

    def cell(self, ws, r, c, v, kind):
        if _missing(v):
            ws.write_blank(r, c, None, self.fmt.get(kind))
        elif isinstance(v, bool | np.bool_):
            self.text(ws, r, c, YES_NO[bool(v)])
        elif isinstance(v, int | float | np.integer | np.floating):
            if kind == "text" and isinstance(v, int | np.integer):  # a count beside words (the trials, a setting):
                kind = "int"  # with separators, as the notes say it ("10,000 Monte Carlo trials"), not "10000"
            if np.isfinite(v):
                if (v < 0 or kind in SIGNED) and kind in SHOWN_DECIMALS and \
                        round_half_away(v, SHOWN_DECIMALS[kind]) == 0:
                    v = 0.0  # Excel would show "-0%", "-0.00", "+0%" or "+0 pp": zero at the precision shown, as the text says
                if kind == POINTS:  # at the 15 digits Excel reads: 0.07 is 7 points, not 7.000000000000001
                    v = float(f"{v * 100:.15g}")
                if kind == CHANCE and not 0 < v < 1:  # nil or certain: "0%", "100%", not "<1%", ">99%"
                    kind = "pct"
                ws.write_number(r, c, float(v), self.fmt.get(kind))
            else:
                ws.write_string(r, c, "inf" if v > 0 else "-inf")
        elif isinstance(v, pd.Timestamp):
            v = v.tz_localize(None) if v.tzinfo else v
            timed = kind == "datetime" or v != v.normalize()  # a time of day is shown, never cut off
            ws.write_datetime(r, c, v.to_pydatetime(), self.fmt["datetime" if timed else "date"])
        else:
            self.text(ws, r, c, v)

    def sheet(self, sheet: Sheet) -> None:
        ws = self.wb.add_worksheet(sheet.name)
        self.sheets[sheet.name] = (ws, sheet)
        ws.hide_gridlines(2)
        # printable: A4 landscape, one page wide (the Summary sheet on one page)
        ws.set_landscape()
        ws.set_paper(9)
        ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
        ws.fit_to_pages(1, 1 if sheet.name == "Summary" else 0)
        self.text(ws, 0, 0, sheet.title, self.fmt["title"])
        notes = [(1, sheet.note)] if sheet.note else []
        if sheet.note:
            self.text(ws, 1, 0, sheet.note, self.fmt["note"])
        r = 3
        widths: dict[int, float] = {}
        for i, block in enumerate(sheet.blocks):
            df = _flat(block.df if block.max_rows_in_sheet is None else block.df.head(block.max_rows_in_sheet))
            self.text(ws, r, 0, block.title, self.fmt["block"])
            r += 1
            if block.note:
                self.text(ws, r, 0, block.note, self.fmt["note"])
                notes.append((r, block.note))
                r += 1
            header = r
            kinds = column_kinds(df, block.formats, f"sheet {sheet.name!r}, table {block.title!r}")
            verbatim = {str(c) for c in block.data_columns}
            names = unique_names_ignoring_case([label(c, sheet.currency) if sheet.labels and str(c) not in verbatim
                                                else str(c) for c in df.columns])
            for c, name in enumerate(names):
                self.text(ws, r, c, name, self.fmt["header"])
                widths[c] = max(widths.get(c, 8), min(len(str(name)) * 1.1 + 2, 28 if sheet.labels else 28))
            for i_row, values in enumerate(df.itertuples(index=False, name=None)):
                r += 1
                lines = 1
                for c, v in enumerate(values):
                    kind = kinds[c][i_row] if isinstance(kinds[c], list) else kinds[c]  # per-row kinds
                    if _label_cut(values, c):  # wrapped, its row as high as its lines (below)
                        self.text(ws, r, c, v, label_wrap=True)
                    else:
                        self.cell(ws, r, c, v, kind)
                    if isinstance(v, str) and (_label_cut(values, c) or "\n" in v):
                        lines = max(lines, text_lines(excel_text(v)))
                    if kind == "text" and not _missing(v) or isinstance(v, str):
                        widths[c] = max(widths[c], min(len(str(v)) + 2, MAX_TEXT_WIDTH))
                    elif kind in ("date", "datetime"):
                        widths[c] = max(widths[c], 11 if kind == "date" else 17)
                    else:
                        widths[c] = max(widths[c], 12)
                if lines > 1 and any(_label_cut(values, c) for c in range(len(values))):
                    # LibreOffice does not grow a row to its wrapped text on opening the file, nor Excel a row
                    # whose height is set: set here, a label's lines did not overlap the next row's
                    ws.set_row(r, min(LINE_POINTS * lines, MAX_ROW_POINTS))
            if block.excel_table and not block.heatmap and not df.empty and all(0 < len(n) <= 255 for n in names):
                self.n_tables += 1
                # the table writes its header row, as text (never a formula); one line per header
                heads = unique_names_ignoring_case([" ".join(n.split()) or f"column {i + 1}"
                                                    for i, n in enumerate(names)])
                ws.add_table(header, 0, r, len(names) - 1, {
                    "name": f"T{self.n_tables}_{''.join(ch for ch in block.slug.title() if ch.isalnum())}"[:250],
                    "style": "Table Style Light 9", "autofilter": True,
                    "columns": [{"header": h, "header_format": self.fmt["quoted_header" if is_formula_like(h)
                                                                          else "header"]} for h in heads]})
            if df.empty:
                r += 1
                self.text(ws, r, 0, "(none)", self.fmt["note"])
            elif block.heatmap and len(df.columns) > 1:
                cells = (header + 1, 1, r, len(df.columns) - 1)
                # over capacity first and final: red, whatever the scale would give (a full week is not red)
                ws.conditional_format(*cells, {"type": "cell", "criteria": ">", "value": FULL_UTILISATION,
                                               "format": self.fmt["over_capacity"],
                                               "stop_if_true": True})
                ws.conditional_format(*cells, {"type": "3_color_scale", **{
                    f"{end}_{key}": value for end, (at, colour) in zip(("min", "mid", "max"), HEATMAP_SCALE, strict=True)
                    for key, value in (("type", "num"), ("value", at), ("color", colour))}})
            self.where[block.slug] = (sheet.name, header, len(df), list(df.columns))
            if i == 0:
                ws.freeze_panes(header + 1, 1 if len(sheet.blocks) == 1 else 0)
            r += 3
        for c, w in widths.items():
            ws.set_column(c, c, w)
        self._wrap_long_notes(ws, sheet, notes, widths)

    def _chart_column(self, sheet: Sheet, opts: dict) -> int:
        """The column a chart not set below a table starts at: right of the block it is beside, else right of the
        sheet's first table (the headline numbers on Summary)."""
        if opts.get("beside") in self.where:
            return len(self.where[opts["beside"]][3]) + 1
        return (len(_flat(sheet.blocks[0].df).columns) if sheet.blocks else 0) + 1

    def _wrap_long_notes(self, ws, sheet: Sheet, notes: list[tuple[int, str]], widths: dict[int, float]) -> None:
        """Each note longer than the sheet's columns are wide, wrapped over them, left of any chart beside a table:
        overflowing to the right it widened the printed page, which is fitted one page wide, so LibreOffice printed
        the whole Summary at 60% for one note of 612 characters (and Excel cut the note at the last column)."""
        charts = [self._chart_column(sheet, rest[0] if rest else {}) for _, _, *rest in sheet.charts
                  if not (rest and rest[0].get("below"))]
        last = min([max(widths, default=0), *(c - 1 for c in charts)])
        wide = sum(w for c, w in widths.items() if c <= last)  # in widths of a character
        for row, note in notes:
            if last > 0 and len(note) > sum(widths.values()):
                ws.merge_range(row, 0, row, last, "", self.fmt["long_note"])
                self.text(ws, row, 0, note, self.fmt["long_note"])
                ws.set_row(row, 15 * math.ceil(len(note) / wide))  # 15 points a line, Excel's default row

    def chart(self, sheet_name: str, kind: str, slug: str, anchor: str, opts: dict | None = None) -> None:
        """Insert at ``anchor`` of ``sheet_name`` a chart of ``kind`` (``"fan"``, ``"utilisation"``, ``"lines"``)
        drawn from the block ``slug`` as written; none when that block was not written or has no rows."""
        if slug not in self.where:
            return
        cells = _BlockCells(*self.where[slug])
        if cells.n == 0:
            return
        ws = self.sheets[sheet_name][0]
        if kind == "fan":
            chart = self._fan_chart(cells, opts)
        elif kind == "utilisation":
            chart = self._utilisation_chart(cells, opts)
        elif kind == "lines":
            chart = self._lines_chart(cells, opts)
        else:  # pragma: no cover - internal misuse
            raise ValueError(f"unknown chart kind {kind!r}")
        ws.insert_chart(anchor, chart)

    def _fan_chart(self, cells: _BlockCells, opts: dict):
        """Effort at completion per project, P50 to P90 (opts: ``budget``, False when no project has one, so no
        empty budget bars to be "against")."""
        lines = self.wb.add_chart({"type": "line"})
        for q, colour in (("p50", "#2F5597"), ("p80", "#C55A11"), ("p90", "#C00000")):
            lines.add_series({"name": q.upper(), "categories": cells.column(cells.cols[0]),
                              "values": cells.column(f"effort_{q}_hours"), "line": {"none": True},
                              "marker": {"type": "diamond", "size": 7, "fill": {"color": colour},
                                         "border": {"color": colour}}})
        lines.set_high_low_lines({"line": {"color": "#7F7F7F", "width": 1.5}})
        chart, title = lines, "Effort at completion: P50-P90 (hours)"
        if opts.get("budget", True):
            chart = self.wb.add_chart({"type": "column"})
            chart.add_series({"name": "budget", "categories": cells.column(cells.cols[0]),
                              "values": cells.column("budget_hours"), "fill": {"color": "#D9D9D9"}, "gap": 80})
            chart.combine(lines)
            title = "Effort at completion: P50-P90 against budget (hours)"
        chart.set_title({"name": title})
        chart.set_y_axis({"name": "hours", "num_format": "#,##0"})
        chart.set_legend({"position": "bottom"})
        chart.set_size({"width": 760, "height": 360})
        return chart

    def _utilisation_chart(self, cells: _BlockCells, opts: dict):
        """A line per column after the first (dates) on a percent axis (opts: ``title``)."""
        chart = self.wb.add_chart({"type": "line"})
        for i, col in enumerate(cells.cols[1:]):
            colour = _PALETTE[i % len(_PALETTE)]
            chart.add_series({"name": cells.name(col), "categories": cells.column(cells.cols[0]),
                              "values": cells.column(col), "line": {"color": colour, "width": 1.75}})
        chart.set_title({"name": opts["title"]})
        chart.set_y_axis({"num_format": "0%", "min": 0})
        chart.set_x_axis({"date_axis": True, "num_format": "mmm yy"})
        chart.set_legend({"position": "bottom"})
        chart.set_size({"width": 760, "height": 320})
        return chart

    def _lines_chart(self, cells: _BlockCells, opts: dict):
        """Lines with markers of ``columns`` (those written) against ``x`` (default the first column); opts:
        ``columns``, ``title``, ``x``, ``x_name``, ``x_date``, ``y_name``, ``y_format`` ("0%" fixes the axis to
        0-100%), ``y_min`` (None: none), ``y_major``, ``width``, ``height``."""
        chart = self.wb.add_chart({"type": "line"})
        x = opts.get("x", cells.cols[0])
        for i, col in enumerate(c for c in opts["columns"] if c in cells.cols):
            colour = _PALETTE[i % len(_PALETTE)]
            chart.add_series({"name": cells.name(col), "categories": cells.column(x), "values": cells.column(col),
                              "line": {"color": colour, "width": 2},
                              "marker": {"type": "circle", "size": 4, "fill": {"color": colour},
                                         "border": {"color": colour}}})
        chart.set_title({"name": opts.get("title", ""), "name_font": {"size": 11}})
        chart.set_y_axis(_lines_y_axis(opts))
        chart.set_x_axis({"name": opts.get("x_name", "")} | (
            {"date_axis": True, "num_format": "yyyy-mm-dd"} if opts.get("x_date") else {}))
        chart.set_legend({"position": "bottom"})
        chart.set_size({"width": opts.get("width", 560), "height": opts.get("height", 300)})
        return chart

    def close(self, sheets: list[Sheet], export_time) -> None:
        for sheet in sheets:
            if not sheet.charts:
                continue
            below = 0
            for k, (kind, slug, *rest) in enumerate(sheet.charts):
                opts = rest[0] if rest else {}
                if opts.get("below") and slug in self.where:  # a grid of charts under the table
                    _, header, n, _ = self.where[slug]
                    anchor = _cell_name(header + n + 3 + 17 * (below // 2), 9 * (below % 2))
                    below += 1
                elif opts.get("beside") in self.where:  # right of another block of the sheet
                    anchor = _cell_name(self.where[opts["beside"]][1] - 1 + 20 * k, self._chart_column(sheet, opts))
                else:
                    anchor = _cell_name(3 + 20 * k, self._chart_column(sheet, opts))
                self.chart(sheet.name, kind, slug, anchor, opts)
        props = {"title": "Planning pack"}
        if export_time is not None:  # the pack's one wall-clock value, read once by export.py
            props["created"] = pd.Timestamp(export_time).to_pydatetime()
        self.wb.set_properties(props)
        self.wb.close()


def unique_names_ignoring_case(names, *, taken=(), limit: int | None = None, mark: str = " ({})") -> list[str]:
    """``names`` made unique and unlike ``taken``, ignoring case (as Excel compares sheet names and Table
    headers, and as Windows and macOS compare file names): a repeat gets ``mark`` with its number, " (2)",
    " (3)", ..., cut so that it stays within ``limit`` characters (UTF-16 units, as Excel counts them).
    """
    seen = {str(t).lower() for t in taken}
    out = []
    for name in names:
        k, free = 1, _cut(name, limit)
        while free.lower() in seen:
            k += 1
            free = _cut(name, None if limit is None else limit - len(mark.format(k))) + mark.format(k)
        seen.add(free.lower())
        out.append(free)
    return out


def _cut(text: str, limit: int | None) -> str:
    """``text`` cut to at most ``limit`` UTF-16 code units (a character beyond the BMP counts two)."""
    while limit is not None and len(text.encode("utf-16-le")) > 2 * limit:
        text = text[:-1]
    return text


#: Characters Excel does not allow in a worksheet name, and its longest name.
SHEET_NAME_FORBIDDEN, SHEET_NAME_MAX = "[]:*?/\\", 31


def sheet_name(text, taken=()) -> str:
    """``text`` as a worksheet name Excel accepts and unlike ``taken``: its forbidden characters
    (``[]:*?/\\``) as spaces, no apostrophe at either end, at most 31 characters, a number added to a
    repeat (:func:`unique_names_ignoring_case`).

    >>> sheet_name("By Cost centre [BU]"), sheet_name("By portfolio", taken=["By Portfolio"])
    ('By Cost centre BU', 'By portfolio (2)')
    """
    clean = " ".join("".join(" " if ch in SHEET_NAME_FORBIDDEN else ch for ch in str(text)).split()).strip("'")
    return unique_names_ignoring_case([clean or "Sheet"], taken=taken, limit=SHEET_NAME_MAX)[0]


def file_slug(text, taken=()) -> str:
    """``text`` as part of a file name: lower case, each run of other characters than letters and digits
    one ``-``, unlike ``taken`` (a repeat gets ``-2``, ``-3``, ...).

    >>> file_slug("Region/Area"), file_slug("business_unit", taken=["business-unit"])
    ('region-area', 'business-unit-2')
    """
    slug = re.sub(r"[\W_]+", "-", str(text).lower()).strip("-")
    return unique_names_ignoring_case([slug or "table"], taken=taken, mark="-{}")[0]


def _cell_name(row: int, col: int) -> str:
    from xlsxwriter.utility import xl_rowcol_to_cell

    return xl_rowcol_to_cell(row, col)


def write_workbook(path, sheets: list[Sheet], *, export_time=None) -> Path:
    """Write ``sheets`` to an ``.xlsx`` file at ``path`` (not atomic; see
    :class:`~pmo_forecast.core.safe_files.PackWriter`)."""
    w = _ExcelWriter(path)
    for sheet in sheets:
        w.sheet(sheet)
    w.close(sheets, export_time)
    return Path(path)


def write_csv(path, df: pd.DataFrame) -> Path:
    """Write one table as CSV, formula-injection safe, UTF-8 with BOM (so Excel reads non-Latin text),
    numbers at six significant figures and at least to the cent (:func:`~pmo_forecast.core.results.csv_number`:
    17170, not 17170.000000000004; 151487.94, not 151488).

    Lines end in CRLF (RFC 4180): the csv module then quotes any field holding a
    bare CR or LF, so embedded line breaks never split a row.
    """
    df = escape_csv_frame(_flat(df))  # before numbers beside text become text: -0.05 stays a number, not '-0.05
    for c in df.columns:  # dates without a time as plain ISO dates
        if pd.api.types.is_bool_dtype(df[c]) or (df[c].dtype == object and
                                                  df[c].map(lambda v: isinstance(v, bool | np.bool_)).any()):
            df[c] = df[c].map(lambda v: YES_NO[bool(v)] if isinstance(v, bool | np.bool_) else v)
        elif pd.api.types.is_datetime64_any_dtype(df[c]) and column_kind(c, df[c]) == "date":
            df[c] = df[c].dt.strftime("%Y-%m-%d")
        elif df[c].dtype == object and pd.api.types.infer_dtype(df[c]).startswith("mixed"):
            # dates beside text ("after 2036-06-30") or numbers (a setting's value), as their cells show them;
            # numbers beside text (the Summary's values) as float_format writes a numeric column's
            df[c] = df[c].map(lambda v: f"{v:%Y-%m-%d}" if isinstance(v, pd.Timestamp) and v == v.normalize()
                              else csv_number(v) if isinstance(v, float | np.floating) and not pd.isna(v) else v)
    df.to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\r\n",
                                date_format="%Y-%m-%d %H:%M:%S", float_format=csv_number)
    return Path(path)
