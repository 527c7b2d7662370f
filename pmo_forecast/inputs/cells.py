"""A column's cells as text: trimmed, blank as missing, read once per distinct value.

:func:`cells_as_shown` reads a table's cells once as a spreadsheet shows them (a CSV writer's guard and an export's
text formula off); :func:`to_text` reads any column as text; :func:`factorize_text` and :func:`as_categories` hash each
distinct string once, so the readers (:mod:`.numbers`, :mod:`.dates`, :mod:`.statuses`) work once per
distinct value; cells that stand for no value (:data:`PLACEHOLDERS`), yes/no words and Excel's error
values (:func:`excel_errors_or_raise`) are told apart here. :func:`printable` makes any text safe to show, and
:func:`column_as_headed` names a column as the file heads it, for every reader's messages.
"""

from __future__ import annotations

import contextlib
import ctypes
import re

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.checks import refuse
from ..core.exceptions import DataQualityWarning, SchemaError, warn
from ..core.labels import agree, counted, in_words
from ..core.schema import PLACEHOLDERS, TEXT_PLACEHOLDERS
from ..core.source_lines import (
    IN_MEMORY,
    as_rows,
    placeholder_ids,
    read_again,
    rows_text,
    source_rows,
)
from ..core.workbook import FORMULA_PREFIXES, GUARDED_CELL, unescape_csv_value

#: Characters that would act rather than show: control characters, zero-width and bidirectional marks.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text, *, keep_newlines: bool = False) -> str:
    """Text safe to show in a terminal, a table or a chart: control characters (terminal escape
    codes, line breaks unless ``keep_newlines``, bidirectional overrides) written as
    ``\\x1b``-style escapes."""
    def esc(m):
        return m[0] if keep_newlines and m[0] == "\n" else m[0].encode("unicode_escape").decode("ascii")

    return _UNPRINTABLE.sub(esc, str(text))


def read_as_note(header, column: str) -> str:
    """`` (read as estimate_hours)`` after a header the loader read as ``column`` by another name
    (``Estimate Hours``); nothing when the header is that name but for its capitals (``Created``)."""
    return "" if str(header).strip().lower() == column else f" (read as {column})"


def column_as_headed(column: str, detected: dict | None) -> str:
    """``column`` quoted as the file heads it (``detected["_headers"]``: canonical name -> header, as
    renamed), with the column it is read as: ``'Resolved' (read as finished)``, ``'Estimate Hours' (read
    as estimate_hours)``; ``'Created'`` for created; ``'created'`` when the header is unknown."""
    header = (detected or {}).get("_headers", {}).get(column)
    if header is None:
        return f"'{column}'"
    return f"'{printable(header)}'{read_as_note(header, column)}"


def _as_string(values, index) -> pd.Series:
    return pd.Series(values, index=index, dtype=S.DTYPES["string"])


def blank_to_na(s: pd.Series) -> pd.Series:
    """The column as pandas strings, an empty string missing."""
    arr = s.to_numpy(dtype=object, na_value=None)  # None, unlike pd.NA, compares as a plain False
    blank = arr == ""
    if blank.any():
        arr = arr.copy()
        arr[blank] = None
    return _as_string(arr, s.index)


def transform_uniques(s: pd.Series, func) -> pd.Series:
    """Apply a string transform once per distinct value (fast on repetitive columns)."""
    codes, uniques = factorize_column(s)
    if len(uniques) == 0:
        return _as_string(np.full(len(s), pd.NA, dtype=object), s.index)
    new = func(pd.Series(uniques, dtype=S.DTYPES["string"])).to_numpy(dtype=object, na_value=pd.NA)
    # the distinct values checked as strings once, then taken to the rows (code -1, missing, gets NA)
    return pd.Series(pd.array(new, dtype=S.DTYPES["string"]).take(codes, allow_fill=True), index=s.index)


def joined_lines(values) -> str:
    """``values`` (a column's cells or categories) joined a line each, a blank cell (None, NaN, NA) of an array left
    out and what else is not text as ``str`` writes it: one text to search for what a cell may hold (an apostrophe, a
    number in scientific notation) before any cell is looked at. Text alone is joined as it is, three times as fast as
    each value made text; a column with blanks (dates not yet set) joins its other cells, twice as fast as each blank
    written ``nan``, which holds nothing searched for."""
    try:
        return "\n".join(values)
    except TypeError:  # a blank or a number among them
        pass
    if isinstance(values, np.ndarray):
        values = values[~pd.isna(values)]
        with contextlib.suppress(TypeError):  # a number among them
            return "\n".join(values)
    return "\n".join(map(str, values))


#: A number in scientific notation as Excel re-saves long ones (``1.69694E+12``): mantissa digits, exponent.
SCIENTIFIC_NUMBER = r"^\s*-?\d(?:\.(\d*))?[eE]\+?(\d+)\s*$"
#: The exponent from which Excel's General format shows a whole number in scientific notation (12 digits).
EXCEL_SCIENTIFIC_FROM = 11
#: What to do about ids a CSV re-saved by Excel wrote in scientific notation (:data:`EXCEL_ROUNDED_IDS`,
#: :func:`scientific_ids`).
EXCEL_RESAVED_FIX = "export it again and load it without opening it in Excel"
#: Said of an id on several rows in scientific notation (``1.20456E+15``): the likely cause and the fix
#: (the loader's refusal, the validation's finding).
EXCEL_ROUNDED_IDS = (" (in scientific notation: a CSV re-saved by Excel keeps only the digits shown, so different "
                     f"long ids became one; {EXCEL_RESAVED_FIX})")


#: A long whole number as Excel's General format shows it: a digit, a decimal mark and the digits kept, and ``E+NN``
#: (``1.20457E+18``; ``1,20457E+18`` in a decimal-comma locale); its exponent. The digits kept lose their trailing
#: zeros, and with none left the decimal mark too: ``800000000000`` and ``800000000001`` are both shown ``8E+11``.
_EXCEL_SHOWN_LONG = r"^\s*-?\d(?:[.,]\d+)?E\+(\d+)\s*$"


def excel_rounded(text: pd.Series) -> np.ndarray:
    """Mask of the cells holding a long whole number as Excel shows it, in scientific notation with only
    the digits shown (``1.20456E+15``: a CSV of 16-digit ids re-saved by Excel; ``8E+11``, a 12-digit id whose
    digits shown are all zeros but its first): ``E+`` and an exponent of :data:`EXCEL_SCIENTIFIC_FROM` or more. A
    short code spelt so (``8E12``, a part or a room) is not one: Excel always writes the exponent's sign."""
    sci = text.astype("string").str.extract(_EXCEL_SHOWN_LONG)[0]
    return pd.to_numeric(sci, errors="coerce").ge(EXCEL_SCIENTIFIC_FROM).to_numpy(dtype=bool, na_value=False)


#: A number in scientific notation somewhere in a text: a column holding none is not looked at cell by cell.
_SCIENTIFIC_IN_TEXT = re.compile(r"\d[eE]\+?\d")


def scientific_ids(df: pd.DataFrame, headers: dict, lines, file: str, key: str) -> dict[str, str]:
    """Say the id cells of a file's table written as Excel shows a long number, in scientific notation
    (:func:`excel_rounded`: ``1.20457E+18``, six digits of a 19-digit id): a CSV re-saved by Excel keeps only the
    digits shown, so the id is lost, and read as written it matches no other table's. In the table's ``key`` column,
    said only when no such id is on two rows: those are refused, with that cause (:data:`EXCEL_ROUNDED_IDS`); another
    id column's (a task's project) may repeat. Text cells only: a number is a workbook's
    (:func:`~.spreadsheet.long_ids`) or a frame's (:func:`float_ids`).

    ``headers``: id column in ``df`` -> its header in the file; ``lines``: the rows' lines; ``file``: the file, as the
    warning names it. Returns ``detected``'s entry ``scientific_ids`` (warned), or nothing.
    """
    said = []
    for col, header in headers.items():
        s = df[col]
        values = (s.cat.categories if isinstance(s.dtype, pd.CategoricalDtype) else s).to_numpy(dtype=object)
        # one join and a search: the usual column (no number in scientific notation); the exponent's letter looked for
        # first, a plain search many times faster than the pattern's (which took 0.06 s a column of 300,000 ids)
        text = joined_lines(values)
        if "e" not in text and "E" not in text or not _SCIENTIFIC_IN_TEXT.search(text):
            continue
        text = pd.Series(s.to_numpy(dtype=object), index=s.index, dtype=object)
        text = text.where(text.map(lambda v: isinstance(v, str)), None)
        held = excel_rounded(text)
        if not held.any() or col == key and text[held].str.strip().duplicated().any():  # refused, naming the cause
            continue
        said.append(f"column '{header}': {counted(int(held.sum()), 'id')} ({text[held].iloc[0].strip()}; "
                    f"{rows_text(as_rows(lines)[held])})")
    if not said:
        return {}
    note = (f"ids written in scientific notation, as Excel shows a long number ({'; '.join(said)}): a CSV re-saved by "
            "Excel keeps only the digits shown, so the rest of each id is lost and it matches no other table's; "
            f"{EXCEL_RESAVED_FIX}")
    warn(f"{file}: {note}.", DataQualityWarning)
    return {"scientific_ids": note}


_STRIP = np.frompyfunc(str.strip, 1, 1)
#: A cell written as an Excel text formula, ``="0012"``, as exports do to keep an id's leading zeros (or a
#: number as text) when Excel opens them: the text in its quotes (:func:`cells_as_shown`).
_EXCEL_TEXT = re.compile(r'^="([^"]*)"$')


def _counted(v, guarded: bool) -> bool:
    """Whether :func:`cells_as_shown` counts a cell: a guarded one in a file, a text formula in a frame."""
    if not isinstance(v, str):
        return False
    return GUARDED_CELL.match(v.lstrip()) is not None if guarded else _EXCEL_TEXT.match(v.strip()) is not None


def _shown(v, guarded: bool):
    """One cell as its spreadsheet shows it (:func:`cells_as_shown`); anything not text unchanged."""
    if not isinstance(v, str):
        return v
    own = v.lstrip()
    if guarded and GUARDED_CELL.match(own):  # the guard off, the cell's own text kept whole ('="x" is ="x")
        return v[: len(v) - len(own)] + unescape_csv_value(own)
    formula = _EXCEL_TEXT.match(v.strip())
    return formula[1] if formula else v


def cells_as_shown(df: pd.DataFrame, *, guarded: bool) -> dict[str, int]:
    """Every text cell of a table just read, in place, as a spreadsheet shows it: an export's text formula as its
    text (``="0012"`` is ``0012``) and, in a file (``guarded``), a formula-like text the CSV writer guarded as it was
    before (``'=1+1`` is ``=1+1``, ``''=x`` is ``'=x``, ``'="x"`` is ``="x"``). The guards come off here only, once
    per read of a file: a frame given in memory keeps its apostrophes, and one a loader returned is not passed here.

    Returns how many cells of each column were guarded (in a file) or, in a frame (not ``guarded``), written as a text
    formula, the columns holding any in the frame's order (a categorical column's categories are read, and its cells
    counted): :func:`say_formula_guards` and :func:`say_text_formulas` say them. Only a guard is taken off: an
    apostrophe before other text (``'quoted``) is the cell's own; a spreadsheet keeps no apostrophe it reads as a
    text marker, so one before a formula is a writer's guard, whoever wrote it. Columns are looked at only when their
    text holds an apostrophe or ``="`` (one join).
    """
    # the attrs set aside while the columns are taken out: pandas deep-copies them into each column, and a file's
    # attrs hold its headers, so a file of 3,000 columns took 80 s here (a copy of them all per column)
    attrs, df.attrs = df.attrs, {}
    try:
        return _shown_in_place(df, guarded)
    finally:
        df.attrs = attrs


#: Where a guarded cell (:data:`~pmo_forecast.core.workbook.GUARDED_CELL`) or a text formula (``="0012"``) may start,
#: in a column's cells joined a line each: none found, no cell of it is one (a line break within a cell may find
#: one that is not, which the checks per cell then rule out).
_MAYBE_SHOWN = {True: re.compile(rf"(?m)^\s*(?:'+[{re.escape(''.join(FORMULA_PREFIXES))}]|=\")"),
                False: re.compile(r'(?m)^\s*="')}
#: What text a cell :data:`_MAYBE_SHOWN` finds holds one of, at least.
_SHOWN_MARKS = {True: ("'", '="'), False: ('="',)}


def _shown_in_place(df: pd.DataFrame, guarded: bool) -> dict[str, int]:
    """:func:`cells_as_shown` on a frame without attrs."""
    found = {}
    # by position: a header given twice is refused after; a column taken out only when its dtype holds text (a Series
    # per column was most of this step's time on a wide export, whose thousands of empty custom fields read as numbers)
    for i, (c, dtype) in enumerate(zip(df.columns, df.dtypes, strict=True)):
        categorical = isinstance(dtype, pd.CategoricalDtype)
        if categorical:
            if dtype.categories.inferred_type != "string":
                continue
            values = dtype.categories.to_numpy(dtype=object)
        elif pd.api.types.is_object_dtype(dtype) or pd.api.types.is_string_dtype(dtype):
            values = df.iloc[:, i].to_numpy(dtype=object)
        else:
            continue
        # a column whose cells, one a line, have none starting so is left as it is, each cell unlooked at (a
        # title's apostrophe, "Don't", had sent every cell of a million through the two checks below); a blank or a
        # number among them is text no such cell starts
        text = joined_lines(values)
        # the marks each such cell holds looked for first, a plain search many times faster than the pattern's
        if not any(mark in text for mark in _SHOWN_MARKS[guarded]) or not _MAYBE_SHOWN[guarded].search(text):
            continue
        held = np.fromiter((_counted(v, guarded) for v in values), dtype=bool, count=len(values))
        shown = np.array([_shown(v, guarded) for v in values], dtype=object)
        s = df.iloc[:, i]
        if categorical:  # categories of their text as shown ('=x beside =x: one)
            codes = s.cat.codes.to_numpy()
            n = int(np.isin(codes, np.flatnonzero(held)).sum()) if held.any() else 0
            df.isetitem(i, as_categories(pd.Series(per_row(shown, codes, None), index=s.index, name=s.name)))
        else:
            n = int(held.sum())
            df.isetitem(i, pd.Series(shown, index=s.index, dtype=s.dtype))
        if n:
            found[str(c)] = n
    return found


#: ``detected`` key a delimited file's reader sets when the file's bytes hold no mark a cell read otherwise starts
#: with (:func:`cell_marks_in`): no cell of it is looked at for a guard, a text formula or an id's apostrophe
#: (:func:`cells_as_shown`, :func:`text_marks_off`), each a join of a column's cells.
NO_CELL_MARKS = "_no_cell_marks"
#: Each mark's byte -> the bytes after it that may start a cell read otherwise than written. After an apostrophe: a
#: formula's first character (a CSV writer's guard, :data:`~pmo_forecast.core.workbook.GUARDED_CELL`), a digit (an
#: id's, :data:`TEXT_MARKED_NUMBER`) or a quote (a quoted part closed after it: ``"'"=x`` is the cell ``'=x``). After
#: ``=``: a quote (a text formula, ``="0012"``, quoted ``"=""0012"""``).
_MARKS = {ord("'"): ("".join(FORMULA_PREFIXES) + '"0123456789').encode("ascii"), ord("="): b'"'}


def cell_marks_in(buf, n: int, before: int = -1) -> bool:
    """Whether the first ``n`` bytes of ``buf`` (a file's, in an encoding where each ASCII character is its own byte;
    ``before``: the byte before them, -1 at the file's start) may hold a cell read otherwise than written: an
    apostrophe before a formula's first character, a digit or a quote, or ``="`` (:data:`_MARKS`). A cell's
    apostrophe or ``=`` is followed in the file by the cell's next character or by a quote, so bytes without these
    hold no such cell. Each mark is found by the C library's byte search; a chunk holding many is compared at once."""
    if n and before in _MARKS and buf[0] in _MARKS[before]:
        return True
    for mark, after in _MARKS.items():
        at = buf.find(mark, 0, n - 1)  # the last byte's next one is the next chunk's first
        for _ in range(64):
            if at < 0:
                break
            if buf[at + 1] in after:
                return True
            at = buf.find(mark, at + 1, n - 1)
        else:  # a chunk full of them ("Don't" on every line)
            chars = np.frombuffer(buf, np.uint8, n)
            if np.isin(chars[1:][chars[:-1] == mark], np.frombuffer(after, np.uint8)).any():
                return True
    return False


#: An id written with the apostrophe a spreadsheet user types to keep its digits text (``'00123``: its leading zeros
#: kept), which an export can write as typed: the mark, not the id's (:func:`text_marks_off`).
TEXT_MARKED_NUMBER = re.compile(r"^'(?=\d[\d./-]*$)")


def text_marks_off(df: pd.DataFrame, columns, lines: np.ndarray) -> str | None:
    """The ``columns`` of a delimited file's table (its ids, and the text naming another table's key:
    :data:`~pmo_forecast.core.schema.KEY_TEXT_COLUMNS`, an assignee ``'007`` the people table's ``007``) read without
    the apostrophe before a number written as text (:data:`TEXT_MARKED_NUMBER`: ``'00123`` is ``00123``), in place;
    what was taken off, said once, with the lines (None when nothing was). An id read with it matched no other
    table's ``00123``, unsaid. A column is looked at only when its text holds an apostrophe (one join)."""
    found, rows = {}, np.zeros(len(df), dtype=bool)
    for c in columns:
        s = df[c]
        categorical = isinstance(s.dtype, pd.CategoricalDtype)
        values = (s.cat.categories if categorical else s).to_numpy(dtype=object)
        if "'" not in joined_lines(values):
            continue
        marked = np.fromiter((isinstance(v, str) and TEXT_MARKED_NUMBER.match(v.strip()) is not None
                              for v in values), dtype=bool, count=len(values))
        if not marked.any():
            continue
        shown = values.copy()
        shown[marked] = [v.strip()[1:] for v in values[marked]]
        if categorical:
            held = np.isin(s.cat.codes.to_numpy(), np.flatnonzero(marked))
            df[c] = as_categories(pd.Series(per_row(shown, s.cat.codes.to_numpy(), None), index=s.index, name=c))
        else:
            held = marked
            df[c] = pd.Series(shown, index=s.index, dtype=s.dtype)
        found[c], rows = int(held.sum()), rows | held
    if not found:
        return None
    n = sum(found.values())
    return (f"{counted(n, 'id')} ({', '.join(f'{c}: {k:,}' for c, k in found.items())}) written with an apostrophe "
            f"before {agree(n, 'its', 'their')} digits ('00123, the mark a spreadsheet user types to keep leading "
            f"zeros, exported as typed): read without it (00123; {rows_text(lines[rows])})")


def say_formula_guards(detected: dict, guards: dict[str, int]) -> None:
    """Say in ``detected["formula_guards"]`` the guards :func:`cells_as_shown` took off a file's cells."""
    n = sum(guards.values())
    detected["formula_guards"] = (
        f"{counted(n, 'cell')} ({', '.join(f'{c}: {k:,}' for c, k in guards.items())}) "
        f"{agree(n, 'starts', 'start')} with an apostrophe before text a spreadsheet would run as a formula "
        "('=1+1, '-5 days: the guard a CSV writer such as save_tasks puts there): read without it (=1+1, -5 days); "
        "an apostrophe before other text ('quoted) is the cell's own, kept")


def say_text_formulas(detected: dict, formulas: dict[str, int]) -> None:
    """Say, in ``detected["text_formulas"]`` and a ``DataQualityWarning``, the text formulas (``="0012"``)
    :func:`cells_as_shown` read as their text in a frame given in memory. A frame a loader returned is not read so
    again (its ``attrs`` say so), and a file's guarded ``'="x"`` is its text ``="x"`` then; a loaded table that lost
    its ``attrs`` (``pd.concat`` drops them where the tables' differ) cannot be told from a frame read raw from an
    export, and its own ``="x"`` is read as ``x``: never silently."""
    n = sum(formulas.values())
    detected["text_formulas"] = said = (
        f"{counted(n, 'cell')} ({', '.join(f'{c}: {k:,}' for c, k in formulas.items())}) written as an Excel text "
        "formula (=\"0012\", as exports keep an id's leading zeros) read as the text in its quotes (0012); if the "
        "frame is tables a loader returned, joined (pd.concat drops their attrs where they differ, and with them the "
        "sign that they were loaded), that text was their own: give the loader each table as it returned it")
    warn(f"{IN_MEMORY}: {said}.", DataQualityWarning)


def trim_cells(u: pd.Series) -> pd.Series:
    """Distinct cells (strings) as text: trimmed, blank as missing; the transform :func:`to_text` applies once per
    distinct value."""
    return blank_to_na(u.str.strip())


def per_row(values: np.ndarray, codes: np.ndarray, missing) -> np.ndarray:
    """What was worked out once per distinct value (in :func:`pandas.factorize` order), back on
    the rows through their ``codes``; code -1 (a missing cell) gets ``missing``."""
    return np.append(values, missing)[codes]


def matching(text: pd.Series, pattern: re.Pattern) -> np.ndarray:
    """Row mask: the cell (text, :func:`to_text`'s) holds ``pattern`` (``re.search``), looked at once per distinct
    value; a missing cell does not. A million hours or names are a few thousand values."""
    codes, values = distinct_values(text)
    return per_row(np.array([pattern.search(v) is not None for v in values], dtype=bool), codes, False)


def as_categories(s: pd.Series) -> pd.Series:
    """The column as a categorical of its distinct values (in order of appearance), hashed once.

    The readers (:mod:`.numbers`, :mod:`.statuses`, :mod:`.dates`) then work once per distinct value
    (cheap on the codes) instead of hashing the text again; the values are unchanged.
    """
    if isinstance(s.dtype, pd.CategoricalDtype):
        return s
    values = s
    if s.dtype == object or isinstance(s.dtype, pd.StringDtype) and s.dtype.storage == "python":
        values = s.to_numpy(dtype=object)  # the same strings as objects (a view; missing stays missing)
    codes, uniques = factorize_text(values)
    return pd.Series(pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(uniques)), index=s.index,
                     name=s.name)


def factorize_text(values) -> tuple[np.ndarray, np.ndarray]:
    """``pandas.factorize(values, use_na_sentinel=True)``, hashing each distinct string *object* once.

    pandas' C parser hands out one string object per distinct value in each chunk it
    reads, so a column of a million cells holds only a few thousand objects. They are
    told apart first by identity (their addresses, read from the array's own buffer of
    object pointers and hashed as integers: no string is touched), then the few objects
    are factorized by value. Same codes and uniques (the first object of each value, in
    order of first appearance) as ``pandas.factorize``, in about a third of the time.
    Anything but a contiguous object array goes to ``pandas.factorize`` directly.
    """
    if not isinstance(values, np.ndarray) or values.dtype != object or len(values) < 2 \
            or not values.flags.c_contiguous:
        return pd.factorize(values, use_na_sentinel=True)
    object_codes, first = factorize_objects(values)
    codes, uniques = pd.factorize(values[first], use_na_sentinel=True)
    return codes[object_codes], uniques


def factorize_objects(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Codes of a contiguous object array by *identity* (equal strings held by different objects
    get different codes; a missing value is an object like any other) and the mask of each
    object's first row, in order of first appearance. No object is touched: their addresses are
    read from the array's own buffer of pointers (a read-only view, used while ``values`` is
    alive) and hashed as integers."""
    n = len(values)
    addresses = np.ctypeslib.as_array((ctypes.c_ssize_t * n).from_address(values.ctypes.data))
    object_codes, _ = pd.factorize(addresses)
    # codes come in order of first appearance (0, 1, 2, ...): a new object is one above all before it
    first = np.empty(n, dtype=bool)
    if n:
        first[0] = True
        np.greater(object_codes[1:], np.maximum.accumulate(object_codes)[:-1], out=first[1:])
    return object_codes, first


def factorize_column(s: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """``pandas.factorize(s, use_na_sentinel=True)``; a column of Python strings through
    :func:`factorize_text` (each distinct object hashed once)."""
    values = object_cells(s)
    return factorize_text(values) if values is not None else pd.factorize(s, use_na_sentinel=True)


def distinct_values(s: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """A column's codes and distinct values (an object array, missing values left out: code -1), as
    :func:`factorize_column` finds them; cheap on columns this module wrote (a few objects, repeated)."""
    codes, uniques = factorize_column(s)
    return codes, np.asarray(uniques, dtype=object)


def in_values(distinct: tuple[np.ndarray, np.ndarray], allowed) -> np.ndarray:
    """Row mask: the cell is one of ``allowed``, looked up once per distinct value
    (``distinct`` from :func:`distinct_values`); a missing cell is not."""
    codes, values = distinct
    return per_row(pd.Index(values, dtype=object).isin(list(allowed)), codes, False)


def plain_cells(values: np.ndarray) -> bool:
    """Whether every cell is a non-empty string of printable ASCII without spaces.

    Such cells are unchanged by trimming and none is blank, so :func:`to_text` can keep them as read. Checked on all
    cells at once (one join, one scan of its bytes): about a third of the time of trimming each cell. ``False`` only
    means "trim them".
    """
    if values.dtype != object or pd.api.types.infer_dtype(values, skipna=False) != "string" \
            or not all(values):  # a missing value, a non-string or an empty string
        return False
    joined = "".join(values)
    # ASCII whitespace (what str.strip removes there) is all at or below the space, 0x20
    return joined.isascii() and (not joined or np.frombuffer(joined.encode("ascii"), np.uint8).min() > 0x20)


#: A cell as a spreadsheet shows it: a whole-number float (a workbook's 2, read as 2.0) as the integer.
_AS_SHOWN = np.frompyfunc(lambda v: int(v) if isinstance(v, float) and v.is_integer() else v, 1, 1)


def to_text(s: pd.Series, *, repetitive: bool = True) -> pd.Series:
    """Any column as trimmed text; blanks are missing; whole-number floats lose their ``.0`` (each one, beside
    other numbers or text: ``1``, ``1.1``, ``2``, ``T-3``). The text is the cells' own: a CSV writer's guard and an
    export's text formula came off when the file was read (:func:`cells_as_shown`), so a column read twice reads
    the same (``'=x`` in a frame given in memory is ``'=x``).

    ``repetitive=False`` (ids: nearly all distinct) trims every cell directly instead
    of once per distinct value.
    """
    if isinstance(s.dtype, pd.CategoricalDtype):
        if s.cat.categories.inferred_type == "string":
            return transform_uniques(s, trim_cells)
        s = s.astype(object)  # numbers among its categories (a workbook's 2 beside T-3): read as shown below
    if pd.api.types.is_float_dtype(s):
        v = s.to_numpy(dtype="float64", na_value=np.nan)
        if np.all(np.isnan(v) | ((np.mod(v, 1) == 0) & (np.abs(v) < 2.0 ** 63))):
            s = s.astype("Int64")
        else:  # 1, 1.1, 1.2, 2 (an outline's numbers), or a whole number past Int64's range: 2 as shown, not 2.0
            s = pd.Series(_AS_SHOWN(v.astype(object)), index=s.index, dtype=object).where(s.notna(), None)
    elif s.dtype == object and not is_text(s):  # numbers beside text (2 beside T-3): 2 as shown, not 2.0
        s = pd.Series(_AS_SHOWN(s.to_numpy(dtype=object)), index=s.index, dtype=object)
    elif pd.api.types.is_bool_dtype(s) or pd.api.types.is_datetime64_any_dtype(s):
        s = s.astype(object).where(s.notna())
    if not (pd.api.types.is_string_dtype(s) or pd.api.types.is_object_dtype(s)):
        s = s.astype(object).where(s.notna(), None)
    if not repetitive:
        if not is_text(s):
            s = s.astype(S.DTYPES["string"])
        if isinstance(s.dtype, np.dtype) and plain_cells(s.to_numpy()):
            return _as_string(s.to_numpy(), s.index)  # nothing to trim, nothing blank: as read
        out = _STRIP(s.to_numpy(dtype=object, na_value=""))  # str.strip per cell, in a numpy ufunc
        out[out == ""] = None
        return _as_string(out, s.index)
    return transform_uniques(s, trim_cells)


#: From 2**53 on, a float (float64) holds only some whole numbers (every other one, then fewer): an id held as one
#: there may not be the id written, and :func:`to_text` reads it as the whole number the float holds
#: (:func:`float_ids`).
FLOAT_EXACT_BELOW = 2 ** 53


def float_ids(df: pd.DataFrame, headers: dict, lines, file: str) -> dict[str, str]:
    """Say the id cells of a table given in memory that hold a float of :data:`FLOAT_EXACT_BELOW` or more (a column of
    floats, or a float among other cells): ``1234567890123456789.0`` is ``1234567890123456768``, read so as an id,
    and two ids a float cannot tell apart were one (the second row left out as an exact copy), unsaid. A file's ids
    are read as text (a workbook's numbers: :func:`~.spreadsheet.long_ids`).

    ``headers``: id column in ``df`` -> its name in the frame given; ``lines``: the rows' names
    (:func:`~pmo_forecast.core.source_lines.source_rows`); ``file``: the frame as the warning names it. Returns
    ``detected``'s entry ``long_ids`` (warned), or nothing.
    """
    said = []
    for col, header in headers.items():
        s = df[col]
        if pd.api.types.is_float_dtype(s):
            v = np.abs(s.to_numpy(dtype="float64", na_value=np.nan))
            past = np.isfinite(v) & (v >= FLOAT_EXACT_BELOW)
        elif s.dtype == object and not is_text(s):  # a float among text or numbers (one pass in C when all text)
            past = np.fromiter((isinstance(v, float | np.floating) and np.isfinite(v) and abs(v) >= FLOAT_EXACT_BELOW
                                for v in s.to_numpy(dtype=object)), dtype=bool, count=len(s))
        else:  # integers, text, categories of either: exact
            continue
        if past.any():
            first = to_text(pd.Series([float(s[past].iloc[0])], dtype="float64")).iloc[0]
            said.append(f"column '{header}': {counted(int(past.sum()), 'id')} ({first}; {rows_text(as_rows(lines)[past])})")
    if not said:
        return {}
    note = (f"ids held as floating-point numbers of 2**53 ({FLOAT_EXACT_BELOW:,}) or more, past which a float holds only "
            f"some whole numbers ({'; '.join(said)}): each read as the whole number its float holds, its last digits "
            "may not be the id written: the ids cannot be trusted; give the id columns as text (read the file with "
            "dtype=str) or as integers")
    warn(f"{file}: {note}.", DataQualityWarning)
    return {"long_ids": note}


#: A link Notion's database export writes after a related page's title (``Website (https://www.notion.so/Website-3f1c?pvs=21)``):
#: the page's address, not its name; several related pages are joined with ``, ``.
NOTION_PAGE_LINK = re.compile(r"\s*\(https://(?:www\.)?notion\.so/[^\s()]*\)")
#: What every :data:`NOTION_PAGE_LINK` holds: a column whose text lacks it holds no link.
_NOTION_HOST = "notion.so/"


def page_links_dropped(text: pd.Series, *, repetitive: bool = True) -> tuple[pd.Series, np.ndarray]:
    """``text`` (:func:`to_text`'s) without the page links a Notion relation writes after each title
    (:data:`NOTION_PAGE_LINK`), and which cells held one, looked for once per distinct value.

    ``repetitive=False`` (ids: nearly all distinct, as for :func:`to_text`): the cells joined are searched for
    Notion's address first (one join and a plain search), and only a column holding it is looked at value by value;
    the pattern's search on each of a million ids was most of a load's reading of its text.
    """
    if not repetitive and _NOTION_HOST not in joined_lines(text.to_numpy(dtype=object, na_value="")):
        return text, np.zeros(len(text), dtype=bool)
    held = matching(text, NOTION_PAGE_LINK)
    if not held.any():
        return text, held
    return text.mask(held, text.str.replace(NOTION_PAGE_LINK, "", regex=True).str.strip().replace("", pd.NA)), held


def exact_copies(df: pd.DataFrame, rows: np.ndarray) -> np.ndarray:
    """Of ``rows`` (a mask) of ``df``, those that are exact copies of an earlier one of them, every column equal (an
    export pasted twice), a mask: compared as text, since a frame's cells may be lists, which do not hash."""
    picked = df.loc[rows]
    picked.attrs = {}  # pandas compares attrs when it joins the columns converted below (the lines: an array)
    copy = np.zeros(len(df), bool)
    copy[rows] = picked.astype("string").duplicated(keep="first").to_numpy(bool)
    return copy


#: ``detected``'s entry saying a table's first column, unnamed, held a loaded table's row labels saved before its
#: columns (``DataFrame.to_csv``'s default index, :func:`row_labels`), dropped as it was read: no data.
SAVED_INDEX = "_saved_index"


def row_labels(s: pd.Series) -> bool:
    """Whether a column holds a frame's row labels as pandas saves its default index (``DataFrame.to_csv``): distinct
    whole numbers from 0, as 0 to n - 1 or the loader's own labels of the rows a load kept (its rows left out, sorted
    by rank)."""
    values = pd.to_numeric(to_text(s), errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    return bool(np.isfinite(values).all() and (values >= 0).all() and (np.mod(values, 1) == 0).all()
                and len(np.unique(values)) == len(values))


#: Excel's error values: a formula that failed, never data (pandas would read ``#N/A`` as blank).
EXCEL_ERRORS = ("#DIV/0!", "#REF!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#VALUE!", "#SPILL!",
                "#CALC!", "#GETTING_DATA", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!")

#: A yes/no column's words (a flag, not a date or a number), any case; with TRUE and FALSE as a localised Excel
#: writes them in a CSV it saves (German WAHR/FALSCH, French VRAI/FAUX, Spanish VERDADERO/FALSO, Italian VERO/FALSO,
#: Portuguese VERDADEIRO/FALSO, Dutch WAAR/ONWAAR): a German sheet's Complete of WAHR read no flag, each task open.
YES_WORDS = frozenset({"yes", "true", "1", "y", "ja", "oui", "si", "sí",
                       "wahr", "vrai", "verdadero", "vero", "verdadeiro", "waar"})
NO_WORDS = frozenset({"no", "false", "0", "n", "nein", "non", "falsch", "faux", "falso", "onwaar"})
#: In an assignee column: a placeholder (:data:`~pmo_forecast.core.schema.TEXT_PLACEHOLDERS`, the schema's, as the
#: table checks read them too) or the words trackers write for nobody (Jira's "Unassigned", in its languages).
NO_ASSIGNEE = TEXT_PLACEHOLDERS + ("unassigned", "not assigned", "nobody", "no one", "nicht zugewiesen",
                                   "non assigné", "non attribué", "sin asignar", "no asignado", "não atribuído")


def names_nobody(names: pd.Series) -> np.ndarray:
    """Which of ``names`` (a column naming people) name nobody: one of :data:`NO_ASSIGNEE` (case, spaces and
    enclosing brackets ignored: ``(none)``, ``[]``, `` Unassigned``), or a name with no letter or digit (blank,
    ``!``, ``*``, ``...``), which :func:`~pmo_forecast.core.keys.person_key` gives no key: it matches no one.

    >>> names_nobody(pd.Series(["Unassigned", "(none)", "Ann Lee", None, "TBD", "...", "R2-D2"])).tolist()
    [True, True, False, False, True, True, False]
    """
    key = names.astype("string").str.strip().str.lower().str.strip("()[] ")
    # '!' kept as an assignee was planned as a person of its own, whom no people table's row matched
    unnamed = ~key.str.contains(r"[^\W_]", regex=True)
    return (unnamed | key.isin(NO_ASSIGNEE)).to_numpy(dtype=bool, na_value=False)


def _written(values) -> str:
    """The distinct texts of ``values`` as a note quotes them, in order: ``'Unassigned', 'TBD'``."""
    return ", ".join(dict.fromkeys(repr(str(v).strip()) for v in values))


def nobody_read(names: pd.Series, rows) -> tuple[np.ndarray, str]:
    """Which of ``names`` (a handler or manager column) name nobody (:func:`names_nobody`), to be read as blank, and
    that reading said, the one wording of the loader's ``detected["placeholders"]`` and of a log given without it
    (``"2 cells holding 'Unassigned', 'TBD' read as nobody (lines 3, 5)"``; "" for none); ``rows``: each row's name
    (:func:`~pmo_forecast.core.source_lines.source_rows`). A cell of spaces only is blank, as the loader reads it,
    not said."""
    nobody = names_nobody(names)
    written = nobody & names.astype("string").str.strip().ne("").to_numpy(dtype=bool, na_value=False)
    if not written.any():
        return nobody, ""
    shown = _written(names[written])
    return nobody, (f"{counted(int(written.sum()), 'cell')} holding {shown} read as nobody "
                    f"({rows_text(as_rows(rows)[written])})")


def read_no_group_blank(df: pd.DataFrame, column: str, lines: np.ndarray, detected: dict) -> None:
    """A text column naming a group (a task's type) with a placeholder (``-``, ``n/a``, ``TBD``, ``none``:
    :func:`~pmo_forecast.core.source_lines.placeholder_ids`) read as blank, said in ``detected["placeholders"]``
    with its ``lines`` (the Assumptions show it): as a group, ``n/a`` was a task type of its own in the accuracy
    model and the demand forecast. ``df`` is changed in place."""
    if column not in df:
        return
    none = placeholder_ids(df[column])
    if none.any():
        shown = _written(df[column][none])
        detected.setdefault("placeholders", {})[column] = (
            f"{counted(int(none.sum()), 'cell')} holding {shown} read as blank ({rows_text(lines[none])})")
        df[column] = df[column].mask(none)


#: What a request id written as a placeholder (``-``, ``n/a``) is read as (:func:`placeholder_keys_said`'s ``kept``): the
#: one wording of :func:`~pmo_forecast.load_requests`' ``detected["placeholders"]`` and of a log given without it.
PLACEHOLDER_REQUEST_KEPT = ("a request's id: the row is read as a request as any other (a request of the pool's "
                            "queue); write the request's own id")


def placeholder_keys_said(df: pd.DataFrame, column: str, kept: str, detected: dict) -> None:
    """A table's key written as a placeholder (``-``, ``n/a``, ``TBD``:
    :func:`~pmo_forecast.core.source_lines.placeholder_ids`), kept as written
    and said in ``detected["placeholders"]`` with the rows holding it (the Assumptions show it): ``kept`` says
    what the row is read as, ``{shown}`` in it the placeholders written (``"a task's id: ..."``). ``df`` is not
    changed."""
    if column not in df:
        return
    held = placeholder_ids(df[column], repetitive=False)  # a key: nearly every id its own
    if held.any():
        shown = _written(df[column][held])
        detected.setdefault("placeholders", {})[column] = (
            f"{counted(int(held.sum()), 'cell')} holding {shown} ({rows_text(source_rows(df)[held])}), "
            f"{agree(int(held.sum()), 'a placeholder', 'placeholders')}, kept as {kept.format(shown=shown)}")


def blank_cell(v) -> bool:
    """Whether one cell as read holds nothing: None, NaN, NA, NaT or white space."""
    return v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA or v is pd.NaT \
        or (isinstance(v, str) and not v.strip())


def blank_placeholders(s: pd.Series, unread: np.ndarray, *, column: str, lines: np.ndarray,
                       detected: dict | None) -> np.ndarray:
    """Of the ``unread`` cells, those holding a :data:`PLACEHOLDERS` text (case and spaces ignored),
    recorded in ``detected["placeholders"]``; only cells that could not be read are looked at."""
    held = np.zeros(len(s), dtype=bool)
    idx = np.flatnonzero(unread)
    held[idx] = [isinstance(v, str) and v.strip().lower() in PLACEHOLDERS for v in s.iloc[idx]]
    if held.any() and detected is not None:
        shown = _written(s[held].head(50))
        detected.setdefault("placeholders", {})[column] = (
            f"{counted(int(held.sum()), 'cell')} holding {shown} read as blank ({rows_text(lines[held])})")
    return held


def excel_errors_or_raise(s: pd.Series, *, file: str, column: str, lines: np.ndarray,
                          strip: bool | None = None, in_memory: bool = False) -> np.ndarray | None:
    """SchemaError naming the cells holding Excel error values (``#DIV/0!``, ``#REF!``, ``#N/A``); within
    :func:`~pmo_forecast.core.checks.refusals_listed` it is listed and the mask of those cells returned, for the
    caller to read them as blank (None when there are none).

    ``strip``: whether a padded value (`` #N/A``) counts too; by default for categorical
    columns (looked up once per category) and not for text (looked up per cell). ``in_memory``: the table is a
    DataFrame named ``file`` by its parameter (``requests``), read from its spreadsheet again rather than exported.
    """
    if pd.api.types.is_numeric_dtype(s) or pd.api.types.is_datetime64_any_dtype(s) \
            or pd.api.types.is_bool_dtype(s):
        return None
    if isinstance(s.dtype, pd.CategoricalDtype):
        cats = s.cat.categories.astype(str)
        hit = (cats.str.strip() if strip is None or strip else cats).isin(EXCEL_ERRORS)
        if not hit.any():
            return None
        mask = per_row(hit, s.cat.codes.to_numpy(), False)
        s = s.astype("string").str.strip()
    else:
        values = s.to_numpy()
        if values.dtype == object and pd.api.types.infer_dtype(values, skipna=False) == "string" \
                and "#" not in "".join(values):  # every error value starts with '#': none here
            return None  # (one join and a byte search, a third of hashing nearly distinct cells such as ids)
        if strip:
            s = s.astype("string").str.strip()
        mask = s.isin(EXCEL_ERRORS).to_numpy(dtype=bool, na_value=False)  # hashed: fast on any column
    if not mask.any():
        return None
    bad = lines[mask]
    vals = list(dict.fromkeys(s[mask].astype(str).str.strip()))
    refuse(SchemaError(f"{file}: column '{column}' has the spreadsheet error "
                       f"{agree(len(vals), 'value', 'values')} {in_words(vals, 3)} on {rows_text(bad)}: "
                       "a formula failed there. Fix the formula (or type the value) in the "
                       f"spreadsheet and {read_again(IN_MEMORY if in_memory else file)}.", file=file, column=column,
                       rows=bad))
    return mask


#: What to do about NUL bytes, said wherever they are found.
_NUL_FIX = ("The file is damaged or its writer pads text with NUL bytes: remove them (a text editor shows them) or "
            "export the file again")


#: ``df.attrs`` key set by a reader that saw every byte of its file and no NUL among them: no cell is looked at.
NO_NUL_BYTES = "_no_nul_bytes"


def nul_cells(s: pd.Series) -> np.ndarray | None:
    """The mask of the cells holding a NUL byte (``\\x00``), or None when none does (the usual answer, given
    by one join and a byte search, or once per category)."""
    if pd.api.types.is_numeric_dtype(s) or pd.api.types.is_datetime64_any_dtype(s) \
            or pd.api.types.is_bool_dtype(s):
        return None
    if isinstance(s.dtype, pd.CategoricalDtype):  # looked up once per category
        hit = np.array(["\0" in c if isinstance(c, str) else False for c in s.cat.categories], dtype=bool)
        return per_row(hit, s.cat.codes.to_numpy(), False) if hit.any() else None
    values = s.to_numpy()
    if values.dtype == object:
        with contextlib.suppress(TypeError):  # a blank or a number among the cells: looked at one by one
            if "\0" not in "".join(values):
                return None  # one join and a byte search, as for Excel's error values
    mask = np.fromiter((isinstance(v, str) and "\0" in v for v in values), dtype=bool, count=len(values))
    return mask if mask.any() else None


def nul_bytes_or_raise(s: pd.Series, *, file: str, column: str, lines: np.ndarray) -> np.ndarray | None:
    """SchemaError naming the cells holding a NUL byte (``\\x00``); within
    :func:`~pmo_forecast.core.checks.refusals_listed` it is listed and the mask of those cells returned, for the
    caller to read them as blank (None when there are none).

    No screen shows it, and no loader removes it: ``T1\\x00`` is another id than ``T1`` (a join silently
    missed) and ``3\\x00`` no number. It comes from a damaged file or a writer padding its text; the rows
    are named so that they can be fixed, never read as something else unsaid.
    """
    mask = nul_cells(s)
    if mask is None:
        return None
    bad = lines[mask]
    vals = list(dict.fromkeys(s[mask].astype(str)))
    clean = vals[0].replace("\0", "").strip()
    refuse(SchemaError(f"{file}: column '{column}' has NUL bytes (\\x00, which no screen shows) in "
                       f"{counted(int(mask.sum()), 'cell')} on {rows_text(bad)} ({in_words(vals, 3)}): "
                       f"{vals[0]!r} is another value than {repr(clean) if clean else 'a blank cell'} to this tool. "
                       f"{_NUL_FIX}.", file=file, column=column, rows=bad))
    return mask


def nul_bytes_said(df: pd.DataFrame, columns: list, *, file: str, lines: np.ndarray,
                   detected: dict | None) -> None:
    """Warn, and say in ``detected["nul_bytes"]``, which of ``columns`` (those the table keeps without reading
    them) hold NUL bytes, kept as written: nothing this tool computes reads them, so the load goes on, but a
    filter or a join on them in the user's own code would miss their cells unsaid (:func:`nul_bytes_or_raise`
    refuses them in the columns read)."""
    found = [(c, m) for c in columns if (m := nul_cells(df[c])) is not None]
    if not found:
        return
    said = "; ".join(f"'{c}', {counted(int(m.sum()), 'cell')} on {rows_text(lines[m])} "
                     f"({in_words(list(dict.fromkeys(df[c][m].astype(str))), 3)})" for c, m in found)
    note = (f"NUL bytes (\\x00, which no screen shows) kept as written in {agree(len(found), 'a column', 'columns')} "
            f"not read: {said}. {_NUL_FIX}")
    warn(f"{file}: {note}.", DataQualityWarning)
    if detected is not None:
        detected["nul_bytes"] = note


def nul_bytes_in_headers_or_raise(columns, *, file: str) -> None:
    """SchemaError naming the headers holding a NUL byte (``\\x00``): ``Estimate\\x00`` is another column name
    than ``Estimate``, so the column would be read as another one (or not at all), unsaid."""
    bad = [str(c) for c in columns if "\0" in str(c)]
    if not bad:
        return
    clean = bad[0].replace("\0", "").strip()
    raise SchemaError(f"{file}: the {agree(len(bad), 'header', 'headers')} {', '.join(map(repr, bad))} "
                      f"{agree(len(bad), 'has', 'have')} NUL bytes (\\x00, which no screen shows): {bad[0]!r} is "
                      f"another column name than {repr(clean) if clean else 'an empty header'} to this tool. "
                      f"{_NUL_FIX}.", file=file, column=bad[0])


def is_text(s: pd.Series) -> bool:
    """Strings with missing values (pandas 2.2 reads them as object, pandas 3 as ``str``)."""
    if isinstance(s.dtype, pd.StringDtype):
        return True
    return s.dtype == object and pd.api.types.infer_dtype(s, skipna=True) in ("string", "empty")


def text_as_loaded(s: pd.Series) -> pd.Series:
    """A column of text (:func:`is_text`, or categories of strings) as the loaders read it, :func:`to_text`: trimmed,
    a blank missing (`` Ann`` is ``Ann``); any other column as it is. For tables given to a model without a loader:
    a loaded one reads the same."""
    strings = isinstance(s.dtype, pd.CategoricalDtype) and s.cat.categories.inferred_type == "string"
    return to_text(s) if strings or is_text(s) else s


#: Rows sampled to decide whether a text column repeats enough to be read per distinct value.
REPEAT_SAMPLE = 20_000


def object_cells(s: pd.Series) -> np.ndarray | None:
    """The column's own contiguous array of Python objects (a view), or None."""
    values = s.to_numpy()
    if values.dtype != object or not values.flags.c_contiguous:
        return None
    return values


#: Dates are read once per distinct string object when the sample holds at most this share of them
#: (reading one costs about three times hashing its address and taking the result back to the row).
OBJECT_SHARE = 0.5


def objects_repeat(values: np.ndarray, share: float = OBJECT_SHARE) -> bool:
    """Whether the first :data:`REPEAT_SAMPLE` cells hold at most ``share`` distinct objects."""
    head = values[:REPEAT_SAMPLE]
    return len(head) > 0 and int(factorize_objects(head)[1].sum()) <= share * len(head)


def repeats(s: pd.Series, share: float = 0.25) -> bool:
    """Whether the first :data:`REPEAT_SAMPLE` cells hold at most ``share`` distinct values.

    Hashing text costs more than parsing it when nearly every value differs (dates with
    minutes); dates by the day repeat, and are read once per distinct value.
    """
    head = s.iloc[:REPEAT_SAMPLE]
    return len(head) > 0 and len(head.unique()) <= share * len(head)


def yes_no(cells: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Row masks of the cells that say yes, and no (any case, spaces around), read once per distinct value."""
    codes, distinct = distinct_values(cells)
    text = pd.Series(distinct, dtype="string").str.strip().str.lower()
    return (per_row(text.isin(YES_WORDS).to_numpy(dtype=bool), codes, False),
            per_row(text.isin(NO_WORDS).to_numpy(dtype=bool), codes, False))
