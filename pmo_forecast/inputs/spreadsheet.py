"""Workbooks read as a person sees them.

What a file really is (an ``.xlsx`` that is really CSV) is :mod:`.file_kinds`'; the units a cell's number format
shows (``0 "days"``) are :mod:`.number_formats`'; the rows a sheet adds to its table (group titles, a footer),
skipped as a delimited file's are, :mod:`.totals`'.

* :func:`read_workbook` reads the first visible worksheet with data (or the one
  named), keeps each row's number in the sheet as its source line, ignores hidden
  sheets and refuses workbooks that unpack to more than
  :data:`MAX_WORKBOOK_BYTES` before reading a cell (a 2.5 kB file can declare a
  sheet of 17 billion cells).
"""

from __future__ import annotations

import datetime as dt
import html
import re
import warnings
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from ..core.exceptions import DataQualityWarning, SchemaError, warn
from ..core.labels import agree, counted, id_list
from ..core.source_lines import rows_text
from .cells import blank_cell, to_text
from .number_formats import (
    CELL_FORMATS,
    NUMBER_FORMATS,
    PLAIN_FORMATS,
    format_text,
    padded_number,
    percent_format,
    shown_number,
    time_only,
    zero_padding,
)
from .parsing import numbered_headers
from .totals import layout_rows

#: Largest uncompressed workbook content read (sum of the parts of the .xlsx zip).
MAX_WORKBOOK_BYTES = 512 << 20
#: Rows scanned for a header further down (a title line above the table).
HEADER_SCAN_ROWS = 30


def _check_size(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as z:
            total = sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, OSError) as e:
        raise SchemaError(f"{path}: cannot read the workbook ({e}). Save it again as .xlsx or export "
                          "CSV.", file=path) from None
    if total > MAX_WORKBOOK_BYTES:
        raise SchemaError(f"{path}: the workbook unpacks to {total / 2**20:,.0f} MB, over the "
                          f"{MAX_WORKBOOK_BYTES >> 20} MB this tool reads. Export the table as CSV "
                          "instead.", file=path)


def _rows(ws, path) -> tuple[list[tuple[int, tuple]], dict]:
    """Non-empty rows as (row number in the sheet, values), and the number formats of their number cells,
    in one pass: column position -> {number format: the row numbers holding it, the first after the first
    :data:`HEADER_SCAN_ROWS` rows (where the header is) and those rows'}; gaps cost nothing. A date-time under a
    format showing a time alone (:func:`~.number_formats.time_only`: ``h:mm``, a duration of a day or more typed
    26:30) in a column of numbers or time spans and no date (a column of hours) is the time span it holds, as
    openpyxl gives a ``[h]:mm`` cell's, and an hours column reads it as hours; elsewhere (a column of dates shown
    as times) it stays a date-time. A damaged sheet (its XML cut short or invalid) is a SchemaError naming it."""
    from openpyxl.utils.datetime import to_excel

    ws.reset_dimensions()  # a declared size such as A1:XFD1048576 is not padded out
    out, styles, edge = [], {}, float("inf")
    timed, dated, numeric = {}, set(), set()  # by column: time-formatted date-times (where), dates, numbers
    padded = {}  # by style: the digits a format of zeros pads whole numbers to (00000: 5), else 0
    try:
        for i, cells in enumerate(ws.iter_rows(), 1):
            row = tuple([c.value for c in cells])
            if all(map(blank_cell, row)):  # an empty row too
                continue
            for j, c in enumerate(cells):
                if row[j] is None or c.data_type not in ("n", "d"):
                    continue
                # a column's cells share few styles (openpyxl's read-only cell keeps its style's index, a private
                # name: without it, each format is its own key, slower but the same)
                style = getattr(c, "_style_id", None)
                seen = styles.get(key := (j, c.number_format if style is None else style, c.data_type))
                if seen is None:
                    styles[key] = seen = [c.number_format, c.data_type == "d" and time_only(c.number_format)]
                    padded[key] = zero_padding(c.number_format) if c.data_type == "n" else 0
                if padded[key] and float(row[j]).is_integer():  # 123 under 00000 shows 00123: an id's own text
                    row = (*row[:j], padded_number(row[j], padded[key]), *row[j + 1:])
                if not isinstance(row[j], dt.datetime):
                    numeric.add(j)  # a number, a time span ([h]:mm) or a time under a day (h:mm)
                elif seen[1]:
                    timed.setdefault(j, []).append(len(out))
                else:
                    dated.add(j)
                if len(seen) == 2 or seen[-1] <= edge:
                    seen.append(i)
            out.append((i, row))
            if len(out) == HEADER_SCAN_ROWS + 1:
                edge = i
    except MemoryError:
        raise
    except Exception as e:  # noqa: BLE001 - the XML parser and openpyxl raise many types for a damaged sheet
        raise SchemaError(f"{path}: sheet {ws.title!r} is damaged and cannot be read ({type(e).__name__}: {e}). "
                          "Open the workbook in Excel and save it again, or export the sheet as CSV.",
                          file=path) from e
    for j, at in timed.items():
        if j in numeric and j not in dated:  # beside numbers or spans, and no date: a column of durations
            for k in at:
                n, row = out[k]
                out[k] = (n, (*row[:j], dt.timedelta(days=to_excel(row[j], ws.parent.epoch)), *row[j + 1:]))
    formats: dict = {}
    for (j, _, kind), (number_format, _, *rows) in styles.items():
        if kind == "n":
            formats.setdefault(j, {}).setdefault(number_format, []).extend(rows)
    return out, formats


_ROW_TAG = re.compile(rb"<(?:\w+:)?row\b([^>]*)>")
_OUTLINE_PR = re.compile(rb"<(?:\w+:)?outlinePr\b([^>]*)>")


def _attr(name: bytes, attrs: bytes) -> bytes | None:
    m = re.search(rb"\b" + name + rb'="([^"]*)"', attrs)
    return m[1] if m else None


_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_CELL = re.compile(rb"<((?:\w+:)?)c\b([^>]*?)(?:/>|>(.*?)</\1c>)", re.DOTALL)
_CELL_FORMULA = re.compile(rb"<(?:\w+:)?f\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?f>)", re.DOTALL)
_CELL_VALUE = re.compile(rb"<(?:\w+:)?v>[^<]")
_EMPTY_VALUE = re.compile(rb"<(?:\w+:)?v\s*/>|<(?:\w+:)?v></(?:\w+:)?v>")
_CELL_REF = re.compile(r"([A-Z]+)(\d+)")
_SAVED_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)<")
_RECALC_ON_LOAD = re.compile(rb"<(?:\w+:)?calcPr\b[^>]*?\bfullCalcOnLoad=\"(?:1|true)\"")
_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=\"([A-Z]+)(\d+):([A-Z]+)(\d+)\"")


def _recalculated_on_load(archive) -> bool:
    """Whether the workbook asks Excel to work every formula out again on opening (``fullCalcOnLoad``): what a
    script writing formulas without working them out sets (xlsxwriter, pandas' Excel writer, saves each one's
    value as 0); Excel drops it when it saves the workbook."""
    names = [n for n in archive.namelist() if n.rsplit("/", 1)[-1].lower() == "workbook.xml"]
    if not names:
        return False
    with archive.open(names[0]) as f:
        return _RECALC_ON_LOAD.search(f.read()) is not None


def read_sheet_xml(wb, ws) -> dict:
    """What a read-only worksheet does not give, read from the sheet's XML in one pass.

    Returns ``outline``: the row outline (Excel's grouped rows), row number -> level for rows
    above level 0, and whether summary rows sit below their detail (``outlinePr summaryBelow``;
    None when the sheet does not say); ``unsaved``: (row, 0-based column) -> formula of the
    formula cells without a saved value (a workbook written by a script: openpyxl reads them as
    empty); ``stale``: (row, 0-based column) -> (formula, the value saved) of the formula cells with a saved
    value in a workbook Excel is asked to work out again on opening (:func:`_recalculated_on_load`): the value
    saved is not the one Excel shows. Cells are looked at only in the parts of the sheet that hold a formula.
    ``hidden``: the
    numbers of the rows hidden in Excel (by hand or by a filter). ``merged``:
    the merged ranges (first row, last row, first and last 0-based column, as written); a
    read-only worksheet gives a merged range's value in its first cell only.
    """
    path, archive = getattr(ws, "_worksheet_path", None), getattr(wb, "_archive", None)
    levels, below, unsaved, stale, merged, hidden = {}, None, {}, {}, [], set()
    if path is None or archive is None:
        return {"outline": (levels, below), "unsaved": unsaved, "stale": stale, "merged": merged, "hidden": hidden}
    from openpyxl.utils import column_index_from_string

    recalculated = _recalculated_on_load(archive)

    tail = b""
    with archive.open(path) as f:
        while True:
            chunk = f.read(1 << 20)
            buf = tail + chunk
            cut = buf.rfind(b"</c>") + 4 if chunk else len(buf)  # whole cells; the rest waits for the next chunk
            if cut < 4:
                cut = buf.rfind(b"<")
                cut = cut if cut > buf.rfind(b">") else len(buf)  # an open tag waits too
            buf, tail = buf[:cut], buf[cut:]
            if below is None and (m := _OUTLINE_PR.search(buf)):
                v = _attr(b"summaryBelow", m[1])
                below = None if v is None else v in (b"1", b"true")
            for m in _ROW_TAG.finditer(buf):
                level, r = _attr(b"outlineLevel", m[1]), _attr(b"r", m[1])
                if level and level != b"0" and r:
                    levels[int(r)] = int(level)
                if r and _attr(b"hidden", m[1]) in (b"1", b"true"):
                    hidden.add(int(r))
            if _FORMULA.search(buf):
                for m in _CELL.finditer(buf):
                    body = m[3] or b""
                    # Excel saves a formula's empty text as <v/> in a t="str" cell: a saved value
                    saved = _CELL_VALUE.search(body) or (_attr(b"t", m[2]) == b"str" and _EMPTY_VALUE.search(body))
                    if (fm := _CELL_FORMULA.search(body)) and (not saved or recalculated) \
                            and (ref := _CELL_REF.fullmatch((_attr(b"r", m[2]) or b"").decode())):
                        text = html.unescape((fm[1] or b"").decode("utf-8", errors="replace"))
                        at = (int(ref[2]), column_index_from_string(ref[1]) - 1)
                        if not saved:
                            unsaved[at] = text
                        else:
                            value = _SAVED_VALUE.search(body)
                            stale[at] = (text, html.unescape(value[1].decode("utf-8", errors="replace"))
                                         if value else "")
            merged += [(int(m[2]), int(m[4]), column_index_from_string(m[1].decode()) - 1,
                        column_index_from_string(m[3].decode()) - 1, f"{m[1].decode()}{int(m[2])}:{m[3].decode()}{int(m[4])}")
                       for m in _MERGE.finditer(buf)]
            if not chunk:
                break
    return {"outline": (levels, below), "unsaved": unsaved, "stale": stale, "merged": merged, "hidden": hidden}


#: The key of :func:`read_workbook`'s findings holding the title rows it skipped above the header, as
#: ``(row number, cells as text)`` in their columns, for :func:`~.column_names.group_titles` (not said itself).
ABOVE_HEADER = "_above_header"


def _cells(row) -> list:
    return [v for v in row if not blank_cell(v)]


def _as_text(rows: list) -> list[tuple[int, list[str]]]:
    """The first rows' cells as text (an empty cell as ``""``), as a delimited file's lines are sniffed."""
    return [(n, ["" if v is None else str(v).strip() for v in r]) for n, r in rows[:HEADER_SCAN_ROWS]]


def _skip_titles(rows: list, find_header=None) -> tuple[list, str | None]:
    """Rows of one cell above the header (a board's or a report's title, a group name: Monday.com,
    a team tracker with merged title cells) are not the header: the first row with three cells or
    more is, when every row above it has one cell at most. Title rows of several cells (``Q1 tracker |
    exported by Ana``) are skipped by the rule delimited files follow, ``find_header`` (the loader's
    :func:`~pmo_forecast.inputs.column_names.header_below_titles`: the one row that names the table's columns).
    Returns the rows from the header on, what was skipped (None when nothing was), and the rows skipped, their
    cells as text in their columns (:func:`_as_text`: a group title over the header's columns is told by where it
    stands, :func:`~.column_names.group_titles`)."""
    first = next((i for i, (_, r) in enumerate(rows[:HEADER_SCAN_ROWS]) if len(_cells(r)) >= 3), 0)
    if first == 0 or any(len(_cells(r)) > 1 for _, r in rows[:first]):
        # filled cells only: a row read up to the sheet's last column is mostly empty cells
        below = find_header([(n, [c for c in r if c]) for n, r in _as_text(rows)]) if find_header else None
        return (rows, None, []) if below is None else (rows[below[0]:], below[1], _as_text(rows[:below[0]]))
    said = "; ".join(f"line {n}: {str(_cells(r)[0]).strip()!r}" for n, r in rows[:first])  # numbered as rows_text
    return rows[first:], f"{counted(first, 'title row')} above the header skipped ({said})", _as_text(rows[:first])


def _first_rows(ws) -> list[tuple]:
    """A sheet's first non-empty rows (:data:`HEADER_SCAN_ROWS` and one more), for :func:`_same_header`."""
    ws.reset_dimensions()
    out = []
    try:
        for row in ws.iter_rows(values_only=True):
            if not all(map(blank_cell, row)):
                out.append(row)
                if len(out) > HEADER_SCAN_ROWS:
                    break
    except MemoryError:
        raise
    except Exception:  # noqa: BLE001 - not the sheet read: a damaged one is not compared, as it is not read
        return []
    return out


def _same_header(tops: dict, header) -> list[str]:
    """The sheets whose first rows (``tops``: title -> rows, :func:`_first_rows`) hold ``header`` (two
    cells or more, as trimmed text) with a row below it: the table's rows may be split over them."""
    key = [str(h).strip() for h in header if not blank_cell(h)]
    if len(key) < 2:
        return []
    return [title for title, rows in tops.items()
            if any([str(v).strip() for v in _cells(r)] == key for r in rows[:-1])]


def _column_letter(i: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(i + 1)


def read_workbook(path, sheet=None, find_header=None) -> tuple[pd.DataFrame, dict]:
    """Read one worksheet's table: header on its first non-empty row, one row per non-empty row.

    Parameters
    ----------
    path : path
    sheet : str or int, optional
        Sheet name, or 0-based position among all sheets; default: the first
        visible worksheet with data (hidden sheets are skipped).
    find_header : callable, optional
        ``rows -> (position, note) or None``: the header among the first rows (``(row number, cells as
        text)``) when title rows of several cells sit above it, and what is said of them
        (:func:`~pmo_forecast.inputs.column_names.header_below_titles`, which knows the table's columns). Without
        it only title rows of one cell are skipped.

    Returns
    -------
    (DataFrame, dict)
        Raw cells (``attrs["_source_line"]``: each row's number in the sheet) and
        what was found: ``sheet``, ``other_sheets``, ``repeated_headers``, ``title_rows`` (the title
        rows skipped, said; their cells under :data:`ABOVE_HEADER`) and ``header_rows`` (the first rows, for a hint when the header is further down).
    """
    path = Path(path)
    _check_size(path)
    wb, fh = _open_workbook(path)
    try:
        sheets = list(wb.worksheets)
        names = [ws.title for ws in sheets]
        states = {ws.title: getattr(ws, "sheet_state", "visible") for ws in sheets}
        chosen, rows, cell_formats = _chosen_sheet(sheets, sheet, states, path)
        # the other visible sheets' first rows, when the sheet was not named: a header they share may be
        # the data split over sheets (a sheet a month), of which one alone would be read unsaid
        tops = {} if sheet is not None else {ws.title: _first_rows(ws) for ws in sheets
                                             if ws is not chosen and states[ws.title] == "visible"}
        xml = read_sheet_xml(wb, chosen)
        date1904 = getattr(wb, "epoch", None) is not None and wb.epoch.year == 1904
    finally:
        wb.close()
        fh.close()
    if not rows:
        raise SchemaError(f"{path}: sheet {chosen.title!r} is empty. Put the table, with a header row, on "
                          "it or choose another sheet.", file=path)
    rows, titles, above = _skip_titles(rows, find_header)
    header_row, header = rows[0]
    blanked, formula_headers = _formula_headers(xml, header_row)
    if blanked:  # read as a blank header (``Unnamed``), as Excel would show no name before working it out
        header = tuple(None if j in blanked else v for j, v in enumerate(header))
        rows = [(header_row, header), *rows[1:]]
    width = max((i + 1 for i, h in enumerate(header) if not blank_cell(h) or i in blanked), default=0)
    found = {}  # said on the result (the pack's Assumptions) as well as in the warnings
    if formula_headers:
        found["formula_headers"] = _said(path, chosen, formula_headers)
    if beyond := _beyond_header(rows, width):
        found["cells_beyond_header"] = _said(path, chosen, beyond)
    unsaved = _said(path, chosen, _unsaved_formulas(xml, header_row, width))
    stale = _said(path, chosen, _stale_formulas(xml, header_row, width))
    if stale:  # read as empty, as a formula without a value is: the 0 saved is no number anyone entered
        rows = _without_stale(rows, xml["stale"], header_row)
    merged, merged_note = _merged_rows(xml, header_row, width)
    _said(path, chosen, merged_note)
    df, names_, groups, rows, lines = _table(rows, header, width)
    if hidden := _hidden_rows(xml, lines):
        found["hidden_rows"] = _said(path, chosen, hidden)
    skip, found["layout_rows"] = layout_rows(df, ["" if h is None else str(h).strip() for h in header[:width]],
                                             lines)
    if skip.any():
        df, lines = df.loc[~skip].reset_index(drop=True), lines[~skip]
    else:
        del found["layout_rows"]
    df = _with_sheet_attrs(df.infer_objects(), lines, date1904, xml["outline"],
                           _formats_below(cell_formats, names_, header_row, width))
    if titles:
        found["title_rows"] = titles
        found[ABOVE_HEADER] = above
    if unsaved:
        found["unsaved_formulas"] = unsaved
    if stale:
        found["stale_formulas"] = stale
    if merged:  # the error naming an empty cell says it lies in one (by the column's header)
        found["merged_cells"] = merged_note
        found["_merged"] = _merged_by_column(merged, names_, width)
    if same := _same_header(tops, header[:width]):
        found["same_header_sheets"] = (
            f"{agree(len(same), 'sheet', 'sheets')} {', '.join(map(repr, same))} {agree(len(same), 'has', 'have')} "
            f"the same header as {chosen.title!r}, which alone is read: if the table is split over sheets, put "
            "it on one sheet; else choose one with sheet='<name>' (on the command line: --sheet NAME)")
        warn(f"{path}: {found['same_header_sheets']}.", DataQualityWarning)
    others = [f"{n!r}{'' if states[n] == 'visible' else ' (hidden)'}" for n in names if n != chosen.title]
    return df, {**found, "sheet": chosen.title, "other_sheets": others, "repeated_headers": groups,
                "header_rows": _as_text(rows), "first_line": header_row}


def _open_workbook(path: Path):
    """The workbook at ``path``, read only, and the file it is read from (both to close); a file openpyxl
    cannot read is a SchemaError saying so."""
    import openpyxl

    fh = open(path, "rb")  # noqa: SIM115 - a file object: openpyxl would refuse a .csv name
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # openpyxl on unknown extensions/styles
            return openpyxl.load_workbook(fh, read_only=True, data_only=True), fh
    except MemoryError:
        fh.close()
        raise
    except Exception as e:  # noqa: BLE001 - openpyxl raises many types for a damaged file
        fh.close()
        raise SchemaError(f"{path}: cannot read the workbook ({type(e).__name__}: {e}). Save it again "
                          "as .xlsx or export CSV.", file=path) from e


def _chosen_sheet(sheets: list, sheet, states: dict, path: Path) -> tuple:
    """The worksheet read (``sheet``: its name or 0-based position; None: the first visible one with data), its
    rows and their number formats (:func:`_rows`); a sheet not there, or no visible sheet with data, is a
    SchemaError naming the sheets."""
    names = [ws.title for ws in sheets]
    if sheet is not None:
        if isinstance(sheet, int | np.integer) and not isinstance(sheet, bool):
            if not 0 <= sheet < len(sheets):
                raise SchemaError(f"{path}: has {counted(len(sheets), 'sheet')}, no sheet number {sheet} "
                                  f"(0 is the first). Sheets: {', '.join(map(repr, names))}.", file=path)
            chosen = sheets[int(sheet)]
        elif str(sheet) in names:
            chosen = sheets[names.index(str(sheet))]
        else:
            raise SchemaError(f"{path}: no sheet named {sheet!r}. Sheets: {', '.join(map(repr, names))}.",
                              file=path)
        return chosen, *_rows(chosen, path)
    for ws in sheets:
        if states[ws.title] != "visible":
            continue
        rows, cell_formats = _rows(ws, path)
        if rows:
            return ws, rows, cell_formats
    hidden = [n for n in names if states[n] != "visible"]
    raise SchemaError(f"{path}: no visible sheet has data"
                      f"{' (hidden: ' + ', '.join(map(repr, hidden)) + ')' if hidden else ''}. "
                      "Put the table, with a header row, on a visible sheet or pass "
                      "sheet='<name>'.", file=path)


def _said(path: Path, ws, note: str | None) -> str | None:
    """``note``, warned as said of the sheet ``ws`` (nothing when None)."""
    if note:
        warn(f"{path}: sheet {ws.title!r}: {note}.", DataQualityWarning)
    return note


def _beyond_header(rows: list, width: int) -> str | None:
    """The filled cells right of the table's last header (ignored), said; None when there are none."""
    beyond = [(n, i) for n, r in rows for i in range(width, len(r)) if not blank_cell(r[i])]
    if not beyond:
        return None
    cells = id_list((f"{_column_letter(i)}{n}" for n, i in beyond), 5)
    return (f"{counted(len(beyond), 'cell')} right of the table's last header "
            f"{agree(len(beyond), 'is', 'are')} ignored "
            f"({cells})")


def _unsaved_formulas(xml: dict, header_row: int, width: int) -> str | None:
    """The table's formula cells without a saved value, said; None when there are none."""
    unsaved = [(f"{_column_letter(c)}{r}", f) for (r, c), f in sorted(xml["unsaved"].items())
               if r > header_row and c < width]
    if not unsaved:
        return None
    # read as empty: an estimate that is a formula would be a missing estimate, silently
    return (f"{counted(len(unsaved), 'formula cell')} without a saved value read as empty ("
            + id_list((f"{ref}: formula ={f} has no saved value" for ref, f in unsaved), 5, sep="; ")
            + "): open and save the workbook in Excel")


def _stale_formulas(xml: dict, header_row: int, width: int) -> str | None:
    """The table's formula cells whose saved value Excel works out again on opening (``xml["stale"]``), said;
    None when there are none."""
    stale = [(f"{_column_letter(c)}{r}", f, v) for (r, c), (f, v) in sorted(xml["stale"].items())
             if r > header_row and c < width]
    if not stale:
        return None
    # read as they were: an estimate written as =4*2 was 0 h, a project =LEFT(A2,3) was '0', silently
    return (f"{counted(len(stale), 'formula cell')} whose saved value is not the one Excel shows read as empty ("
            + id_list((f"{ref}: formula ={f} saved as {v or 'nothing'}" for ref, f, v in stale), 5, sep="; ")
            + "): the workbook was written by a script that leaves Excel to work its formulas out on opening; "
            "open and save the workbook in Excel")


def _formula_headers(xml: dict, header_row: int) -> tuple[set, str | None]:
    """The header's cells made by a formula without the value Excel shows (one a script saved for Excel to work
    out on opening, ``xml["stale"]``, or none saved, ``xml["unsaved"]``): their 0-based columns and what is said
    of them (None when there are none)."""
    cells = sorted([(c, f, f"saved as {v or 'nothing'}") for (r, c), (f, v) in xml["stale"].items() if r == header_row]
                   + [(c, f, "has no saved value") for (r, c), f in xml["unsaved"].items() if r == header_row])
    if not cells:
        return set(), None
    # the value saved is no name anyone typed: xlsxwriter saves 0, and a column named '0' was read, silently
    return {c for c, *_ in cells}, (
        f"{counted(len(cells), 'header cell')} made by a formula whose saved value is not the name Excel shows "
        "read as no name ("
        + id_list((f"{_column_letter(c)}{header_row}: formula ={f} {v}" for c, f, v in cells), 5, sep="; ")
        + "): the workbook was written by a script that leaves Excel to work its formulas out on opening; open and "
        "save the workbook in Excel, or type the header in")


def _without_stale(rows: list, stale: dict, header_row: int) -> list:
    """``rows`` with the cells of ``stale`` below the header made empty."""
    by_row = {}
    for r, c in stale:
        if r > header_row:
            by_row.setdefault(r, set()).add(c)
    return [(n, tuple(None if j in by_row[n] else v for j, v in enumerate(r)) if n in by_row else r)
            for n, r in rows]


def _merged_rows(xml: dict, header_row: int, width: int) -> tuple[list, str | None]:
    """The ranges merged over rows of the table, and what is said of them (None when there are none)."""
    # merged over rows of the table: the rows below the first read as blank (Excel shows the value on all)
    merged = sorted(m for m in xml["merged"] if m[1] > m[0] and m[1] > header_row and m[2] < width)
    if not merged:
        return merged, None
    refs = id_list(ref for *_, ref in merged)
    return merged, (f"{counted(len(merged), 'range')} of cells merged over several rows ({refs}): only the "
                    "first row of "
                    "each holds the value, the rows below read as blank; unmerge them and fill each row")


def _table(rows: list, header: tuple, width: int) -> tuple:
    """The table below ``header`` (its first ``width`` columns, rows empty there left out as gaps): the frame,
    its column names and the headers repeated (:func:`~.parsing.numbered_headers`), the rows kept (the header's
    first) and their lines in the sheet."""
    names_, groups = numbered_headers(["" if h is None else str(h).strip() for h in header[:width]])
    rows = [rows[0]] + [(n, r) for n, r in rows[1:]  # rows empty inside the table are gaps
                        if not all(map(blank_cell, r[:width]))]
    body = [tuple(r[:width]) + (None,) * (width - len(r)) for _, r in rows[1:]]
    df = pd.DataFrame(body, columns=names_, dtype=object) if body else pd.DataFrame(columns=names_)
    lines = np.asarray([n for n, _ in rows[1:]], dtype=np.int64)
    return df, names_, groups, rows, lines


def _hidden_rows(xml: dict, lines: np.ndarray) -> str | None:
    """The table's rows hidden in Excel, read as data, said; None when there are none."""
    # rows hidden by hand or by a filter are read: Excel hides them from view, not from the table (the
    # rows of a collapsed group are the outline's, read as such)
    hidden = np.asarray(sorted(set(xml["hidden"]).intersection(lines.tolist()) - set(xml["outline"][0])),
                        dtype=np.int64)
    if not len(hidden):
        return None
    return (f"{counted(len(hidden), 'hidden row')} read as data ({rows_text(hidden)}): a "
            "filter or "
            "hidden rows in Excel do not leave rows out; delete the rows to leave them out")


def _formats_below(cell_formats: dict, names_: list, header_row: int, width: int) -> dict:
    """The number formats of the table's columns: column -> {format: the first row below the header holding it}
    (:data:`~.number_formats.CELL_FORMATS`)."""
    every = {names_[j]: {f: min(n for n in rows_ if n > header_row) for f, rows_ in formats.items()
                         if any(n > header_row for n in rows_)}
             for j, formats in cell_formats.items() if j < width}
    return {k: v for k, v in every.items() if v}


def _with_sheet_attrs(df: pd.DataFrame, lines: np.ndarray, date1904: bool, outline: tuple,
                      every: dict) -> pd.DataFrame:
    """``df`` with what the sheet tells of it in ``attrs``: its rows' lines, the 1904 date system, the row
    outline and its columns' number formats (``every``), those that show words apart."""
    df.attrs["_source_line"] = lines
    if date1904:  # serial numbers count days from 1904 (cells formatted as dates are read right already)
        df.attrs["_date1904"] = True
    if outline[0]:  # grouped rows: a parent's hours are its children's (io drops the parents)
        df.attrs["_row_outline"] = outline
    # number formats that show words (0 "days"): the loader reads the unit they name (a number is read as hours);
    # a percentage (0%) in a column of hours is refused
    if shown := {k: v for k, v in every.items() if any(format_text(f) or percent_format(f) for f in v)}:
        df.attrs[NUMBER_FORMATS] = shown
    if every:  # an id's format ("PRJ-"0): its ids read as shown (ids_as_shown)
        df.attrs[CELL_FORMATS] = every
    return df


#: The digits of a number Excel keeps: a longer whole number typed or pasted into a cell (a 19-digit id) has the
#: digits past them made 0, so an id of more digits held as a number is not the id it was (:func:`long_ids`).
EXCEL_DIGITS = 15


def long_ids(df: pd.DataFrame, headers: dict, lines: np.ndarray, path) -> dict[str, str]:
    """Say the id cells of a workbook's table that hold a number of more than :data:`EXCEL_DIGITS` digits: Excel
    keeps 15 significant digits of a number, so ``1234567890123456789`` typed into a cell is already
    ``1234567890123450000`` in the file; read as an id, it was another task's or none, unsaid.

    ``headers``: id column in ``df`` -> its header in the file; ``lines``: the rows' lines in the sheet; ``path``:
    the file, as the warning names it. Returns ``detected``'s entry ``long_ids`` (warned), or nothing.
    """
    said = []
    for col, header in headers.items():
        values = df[col].to_numpy(dtype=object)
        long = np.fromiter((isinstance(v, int | float) and not isinstance(v, bool) and abs(v) >= 10 ** EXCEL_DIGITS
                            for v in values), dtype=bool, count=len(values))
        if long.any():
            first = to_text(pd.Series(values[long][:1], dtype=object)).iloc[0]
            said.append(f"column '{header}': {counted(int(long.sum()), 'id')} ({first}; {rows_text(lines[long])})")
    if not said:
        return {}
    note = (f"ids held as numbers of more than {EXCEL_DIGITS} digits, which Excel does not keep ({'; '.join(said)}): "
            "their last digits may have been made 0 or rounded: the ids cannot be trusted; "
            "format the id column as text before the ids are pasted into it, or export the sheet's source as CSV")
    warn(f"{path}: {note}.", DataQualityWarning)
    return {"long_ids": note}


def ids_as_shown(df: pd.DataFrame, headers: dict, lines: np.ndarray, path) -> dict[str, str]:
    """A workbook's id columns read, in place, as their number cells' format shows them: ``"PRJ-"0`` shows 12 as
    ``PRJ-12``, ``0.00`` as ``12.00`` (:func:`~.number_formats.shown_number`), the id the user sees in Excel, types
    elsewhere and finds in a CSV saved from the sheet; read as 12, it matched none of them, unsaid.

    Parameters
    ----------
    df : pandas.DataFrame
        The table as read, its columns' formats in ``attrs`` (:data:`~.number_formats.CELL_FORMATS`).
    headers : dict
        Id column in ``df`` -> its header in the file (the formats' key).
    lines : numpy.ndarray
        The rows' lines in the sheet.
    path : str
        The file, as warnings name it.

    Returns
    -------
    dict
        ``detected``'s entries: ``ids_as_shown``, the columns so read; ``ids_not_as_shown`` (warned) those whose
        numbers show under several formats or one not read (a date, thousands: ``#,##0``), read as the numbers
        they hold, which Excel shows otherwise.
    """
    every = df.attrs.get(CELL_FORMATS) or {}
    read, unread = [], []
    for col, header in headers.items():
        formats = {f: n for f, n in every.get(header, {}).items() if not zero_padding(f)}  # 00000: shown already
        if not set(formats) - PLAIN_FORMATS:
            continue
        values = df[col].to_numpy(dtype=object)
        numbers = np.fromiter((isinstance(v, int | float) and not isinstance(v, bool) and v == v for v in values),
                              dtype=bool, count=len(values))
        one = next(iter(formats)) if len(formats) == 1 else None
        shown = [shown_number(v, one) for v in values[numbers]] if one is not None else [None]
        if None in shown:
            unread.append(f"column '{header}' ("
                          + ", ".join(f"{f!r} (line {n})" for f, n in sorted(formats.items(), key=lambda x: x[1]))
                          + ")")
            continue
        plain = to_text(pd.Series(values[numbers], dtype=object)).to_numpy(dtype=object)
        changed = np.asarray(shown, dtype=object) != plain
        if not changed.any():
            continue
        values = values.copy()
        values[numbers] = shown
        df[col] = pd.Series(values, index=df.index, dtype=object)
        first = np.flatnonzero(numbers)[np.argmax(changed)]
        read.append(f"column '{header}': {counted(int(changed.sum()), 'id')} under the format {one!r} "
                    f"({plain[np.argmax(changed)]} as {values[first]}; {rows_text(lines[numbers][changed])})")
    found = {}
    if read:
        found["ids_as_shown"] = f"ids read as their number format shows them: {'; '.join(read)}"
    if unread:
        found["ids_not_as_shown"] = (f"ids shown by number formats not read ({'; '.join(unread)}): read as the "
                                     "numbers the cells hold, which Excel shows otherwise; format the id cells as "
                                     "text, or give each column one format such as \"PRJ-\"0 or 00000")
        warn(f"{path}: {found['ids_not_as_shown']}.", DataQualityWarning)
    return found


def _merged_by_column(merged: list, names_: list, width: int) -> dict:
    """The merged ranges by the column they lie in: column -> [(first row, last row, range)]."""
    out = {}
    for r1, r2, c1, c2, ref in merged:
        for c in range(c1, min(c2, width - 1) + 1):
            out.setdefault(names_[c], []).append((r1, r2, ref))
    return out
