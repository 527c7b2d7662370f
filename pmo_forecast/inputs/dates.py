"""Reading dates: ISO, numeric day/month with one order per file, month names, Excel serials, Jira's layouts.

A date column is read in two steps (:class:`DateColumn`), so that the day/month
order of numeric dates such as ``03/04/2024`` is decided once for the whole file
(:func:`~pmo_forecast.inputs.date_order.date_order`) from every column's evidence; cells that are
not dates name their source lines. The layouts read without a choice (Jira's, Excel serials, month names
in other languages, year first, ISO week dates, time zone names) and the periods refused are in
:mod:`pmo_forecast.inputs.date_layouts`. Used by the loaders in
:mod:`pmo_forecast.inputs.io`.
"""

from __future__ import annotations

import datetime
import re
import warnings

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.checks import refusals_raised, refuse, zoned_dates_or_raise
from ..core.exceptions import DataQualityWarning, SchemaError, warn
from ..core.labels import counted, id_list, in_words
from ..core.source_lines import as_rows, rows_text
from .cells import (
    blank_placeholders,
    column_as_headed,
    factorize_objects,
    object_cells,
    objects_repeat,
    per_row,
    repeats,
    to_text,
)
from .date_layouts import (
    EPOCH_MS,
    EPOCH_S,
    EXCEL_ORIGIN,
    GERMAN_MERIDIEM,
    MONTHS,
    WEEK_DATE,
    YEAR_FIRST_DATE,
    ZONE_NAME,
    english_months,
    full_year,
    jira_dates,
    not_dates,
    numeric_dates,
    period_cells,
    serial_hint,
    week_date_days,
)
from .date_order import (
    DAY_FIRST,
    MONTH_FIRST,
    YEAR_FIRST,
    date_order,
    numeric_date_parts,
    read_one_way,
    reads_both_ways,
    two_digit_year_first,
    years_both_ways,
)

_DIGIT_GROUPS = re.compile(r"\d+")


#: Dates with a month name, tried in order on values that are neither ISO nor numeric day/month.
NAMED_MONTH_FORMATS = (
    "%d/%b/%y %I:%M %p", "%d/%b/%Y %I:%M %p", "%d/%b/%y %H:%M", "%d/%b/%y", "%d-%b-%y", "%d-%b-%Y",
    "%b %d, %Y", "%d %b %Y",
)


#: A time of day followed by a UTC offset or zone letter (``10:00:00+02:00``, ``09:30Z``, ``8:00 UTC``).
_OFFSET = r"(\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)\s*(?:Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)\s*$"


def _parse_dates(text: pd.Series, **kw) -> pd.Series:
    """Naive datetimes at the local time written: an offset such as +02:00 is dropped, not applied
    (working hours and due days are local; ``attrs["offsets"]`` says when any was)."""
    try:
        with warnings.catch_warnings():  # pandas 2.2 warns, then returns objects, on mixed offsets
            warnings.simplefilter("ignore", FutureWarning)
            warnings.simplefilter("ignore", UserWarning)  # "could not infer format": intended here
            out = pd.to_datetime(text, errors="coerce", **kw)
    except (ValueError, TypeError, OverflowError):  # pandas 3 raises on mixed offsets
        out = None
    offsets = out is not None and getattr(getattr(out, "dt", None), "tz", None) is not None
    if out is None or not pd.api.types.is_datetime64_any_dtype(out):  # mixed offsets: each dropped
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UserWarning)
                out = pd.to_datetime(text.str.replace(_OFFSET, r"\1", regex=True), errors="coerce", **kw)
            offsets = True
        except (ValueError, TypeError, OverflowError, AttributeError):
            out = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    out = _naive(out)
    out.attrs["offsets"] = offsets
    return out


def _naive(out: pd.Series) -> pd.Series:
    if getattr(out.dt, "tz", None) is not None:  # the wall-clock time as written, in its own zone
        out = out.dt.tz_localize(None)
    if out.dtype != "datetime64[ns]":  # years like -1 or 9999 parse at coarser units: not dates here
        lo, hi = out.min(), out.max()  # two reductions; the element-wise mask only when needed
        if not (pd.isna(lo) or (lo >= pd.Timestamp.min and hi <= pd.Timestamp.max)):
            out = out.where((out >= pd.Timestamp.min) & (out <= pd.Timestamp.max))
    return out.astype("datetime64[ns]")


def _first_present(text: pd.Series) -> str | None:
    """The first cell that is not missing, as text (looked for in slices: it is usually near the top)."""
    for start in range(0, len(text), 1000):
        part = text.iloc[start:start + 1000]
        found = part.notna().to_numpy()
        if found.any():
            return str(part.iloc[int(np.argmax(found))])
    return None


#: The years a date is read in (pandas' own range); a date outside them on a year's first or last day is a
#: system's "no date" (9999-12-31, 4712-12-31, 0001-01-01), any other a typo year (3024-05-01).
DATE_YEARS = f"{pd.Timestamp.min.year + 1} to {pd.Timestamp.max.year - 1}"
NO_DATE_DAYS = ((12, 31), (1, 1))


def _beyond_years(cells: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Which ``cells`` (text, or a workbook's date objects) are dates that exist outside :data:`DATE_YEARS`, and
    which of those are a system's "no date" (:data:`NO_DATE_DAYS`)."""
    def beyond(v) -> tuple[bool, bool]:
        if not isinstance(v, (str, datetime.date)):
            return False, False
        try:
            ts = pd.Timestamp(v.strip() if isinstance(v, str) else v)
        except (ValueError, TypeError, OverflowError):
            return False, False
        if pd.isna(ts) or pd.Timestamp.min <= ts.tz_localize(None) <= pd.Timestamp.max:
            return False, False
        return True, (ts.month, ts.day) in NO_DATE_DAYS

    found = np.array([beyond(v) for v in cells], dtype=bool).reshape(len(cells), 2)
    return found[:, 0], found[:, 1]


def _beyond_as_written(cells: pd.Series) -> list[str]:
    """Dates past the years read (:func:`_beyond_years`) as a message quotes them, each once: text as written, a
    workbook's date cell as its ISO day."""
    return list(dict.fromkeys(f"{v:%Y-%m-%d}" if isinstance(v, datetime.date | pd.Timestamp) else str(v).strip()
                              for v in cells))


def _iso_text(y, m, d, tail) -> pd.Series:
    """``YYYY-MM-DD`` text from a date's parts (and its time, ``tail``); impossible months or days give missing
    values."""
    y = y.astype(int)
    m, d = m.astype(int), d.astype(int)
    ok = (m >= 1) & (m <= 12) & (d >= 1) & (d <= 31)
    txt = (y.astype(str).str.zfill(4) + "-" + m.astype(str).str.zfill(2) + "-"
           + d.astype(str).str.zfill(2) + tail.fillna(""))
    return txt.where(ok)


def _year_last_iso(parts: pd.DataFrame, order: str) -> pd.Series:
    """The numeric dates' parts (:func:`~pmo_forecast.inputs.date_order.numeric_date_parts`) as ISO text, read
    in ``order``."""
    y, month, day = ((full_year(parts["a"]), parts["b"], parts["y"]) if order == YEAR_FIRST else
                     (full_year(parts["y"]), *((parts["b"], parts["a"]) if order == DAY_FIRST
                                               else (parts["a"], parts["b"]))))
    return _iso_text(y, month, day, parts["tail"])


def _periods_refused(file: str, column: str, cells: pd.Series, lines: np.ndarray) -> SchemaError:
    """The error for ``cells`` naming a quarter, a week or a month: no day."""
    vals = list(dict.fromkeys(cells.astype(str).str.strip()))
    return SchemaError(f"{file}: column '{column}' has {in_words(vals, 3)} on {rows_text(lines)}: a quarter, a week "
                       "or a month, not a date (read as its first day it could be months early). Write the day "
                       "meant, as an ISO date (2024-05-31).", file=file, column=column, rows=lines)


def _far_refused(file: str, column: str, cells: pd.Series, lines: np.ndarray) -> SchemaError:
    """The error for ``cells`` past the years a date is read in (:data:`DATE_YEARS`) that are no system's "no
    date": a typo year."""
    return SchemaError(f"{file}: column '{column}' has {in_words(_beyond_as_written(cells), 3)} on "
                       f"{rows_text(lines)}: outside the years {DATE_YEARS}, a typo year? (A system's 'no date' on "
                       "a year's last or first day, 9999-12-31, is read as blank.) Correct those cells.",
                       file=file, column=column, rows=lines)


def _impossible_refused(file: str, column: str, cells: pd.Series, lines: np.ndarray) -> SchemaError:
    """The error for ``cells`` that are dates that do not exist (31/02/2024, 2026-W53-1)."""
    vals = list(dict.fromkeys(cells.astype(str)))  # each once: lines name all
    weeks = any(re.fullmatch(WEEK_DATE, v.strip()) for v in vals)
    return SchemaError(f"{file}: column '{column}' has dates that do not exist: {in_words(vals, 3)} on "
                       f"{rows_text(lines)} (a day or month of 0, a month above 12 or a day past the month's end"
                       + (", or a week the year does not have" if weeks else "") + "). Correct those cells; ISO "
                       "dates (2024-05-31) are the safest to write." + serial_hint(cells),
                       file=file, column=column, rows=lines)


def _swapped_note(got: pd.Series, lines: np.ndarray) -> str:
    """What is said of the date cells ``got`` (on ``lines``) beside day-first text dates that may have day and
    month swapped; ``got`` holds those cells alone."""
    example = got.iloc[0]
    return (f"{counted(len(lines), 'date cell')} beside day-first text dates may have day and month swapped, as a "
            f"month-first Excel does on opening a day-first file ({rows_text(lines)}: "
            f"{example:%Y-%m-%d} may be {example.month} {MONTHS[example.day]})")


class DateColumn:
    """A date column read in two steps, so one day/month order can be chosen for the whole file.

    ``DateColumn(s, ...)`` reads what needs no choice (datetimes, numbers, ISO dates)
    and finds the numeric dates whose day/month order is open (``03/04/2024``);
    :func:`date_order` decides the order from all columns together; :meth:`finish`
    reads the rest and raises :class:`SchemaError` for cells that are not dates.

    Text is read once per distinct value (a date column repeats its days) and the
    results are spread back to the rows through the codes of :func:`pandas.factorize`:
    the same values, rows and messages as reading every cell, at a fraction of the time.
    """

    def __init__(self, s: pd.Series, *, file: str, column: str, lines: np.ndarray,
                 as_read: bool | None = None, excel_origin: str = EXCEL_ORIGIN, written=None,
                 header: str | None = None):
        """``as_read``: whether the text is as the file has it (ISO dates are then tried before
        trimming); by default for text columns, not for categorical ones. ``excel_origin``: day 0
        of serial numbers (:data:`~pmo_forecast.inputs.date_layouts.EXCEL_1904_ORIGIN` for a workbook in
        the 1904 date system).
        ``written``: for a column read as numbers, a function returning its cells as the file writes
        them (one per row, missing where unknown), called only to quote cells that are not dates
        (``46.360``, read as 46.36). ``header``: the column's name in the user's frame, where it was renamed,
        named in the fix of a column of zone-aware datetimes (refused: :func:`~pmo_forecast.core.checks.
        zoned_dates_or_raise`)."""
        self.written = written
        self.index = s.index  # positions inside (a user's frame may repeat index labels)
        s = s.reset_index(drop=True)
        self.source, self.file, self.column, self.lines = s, file, column, as_rows(lines)
        self.s = s  # what is parsed: the cells, or their distinct values (see ``codes``)
        self.codes = None  # row -> distinct value (-1: missing) when text is read per distinct value
        self.how: list[str] = []
        self.excel_origin = excel_origin
        self.impossible = np.zeros(len(s), bool)
        self.blanked = np.zeros(len(s), bool)  # over the rows: cells refused before reading (:meth:`blank`)
        self.periods = np.zeros(len(s), bool)  # over what is parsed: cells naming a quarter, a week or a month
        self.year_last = None  # DataFrame a, b, y, tail, weekday for the numeric day/month dates
        self.date_cells = None  # over what is parsed: a workbook's date cells beside text ones
        self.zoned = {}  # position in what is parsed -> its text as written, before a time zone's name was dropped
        # or a German vorm./nachm. read as AM/PM
        self.beyond = np.zeros(len(s), bool)  # over the rows: a system's "no date" (9999-12-31), read as blank
        self.far = np.zeros(len(s), bool)  # over the rows: other dates past the years read (3024-05-01), refused
        if pd.api.types.is_datetime64_any_dtype(s):
            self._read_datetimes(s, header)
        elif pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
            self._read_numbers(s)
        else:
            self._read_text(s, as_read)

    # --- the first step: what needs no choice of order ------------------------------------------
    def _read_datetimes(self, s: pd.Series, header: str | None) -> None:
        """A column of datetimes, read as they are; the years past the calendar's are a system's "no date"
        (``beyond``) or refused (``far``)."""
        # a zone-aware column (a frame's): its zone may be UTC, so dropped it shifted every time unsaid
        zoned_dates_or_raise(s, where=self.file, column=self.column, header=header)
        self.out, self.todo, self.text = _naive(s), np.zeros(len(s), bool), None
        outside = (s.notna() & self.out.isna()).to_numpy()
        no_date = np.isin(s.dt.month * 100 + s.dt.day, [m * 100 + d for m, d in NO_DATE_DAYS])
        self.beyond, self.far = outside & no_date, outside & ~no_date

    def _read_numbers(self, s: pd.Series) -> None:
        """A column of numbers, read as serial days (Excel's) or timestamps."""
        out, how = numeric_dates(s, self.excel_origin)
        self.out, self.text = _naive(out), None
        self.todo = (self.out.isna() & s.notna()).to_numpy()  # inf, or beyond any calendar
        if s.notna().any():  # an empty column (read as numbers) has no date format
            self.how.append(how)

    def _read_text(self, s: pd.Series, as_read: bool | None) -> None:
        """A column of text (or of mixed cells): what needs no choice of day/month order read (ISO, Jira, year
        first, weeks), periods refused, the numeric day/month dates kept for :func:`date_order` (``year_last``)."""
        # strings as read (fast path); anything else (Excel datetimes, numbers in text) as trimmed text
        if as_read is None:  # an object column of text alone: a workbook's numbers among text go to text first
            # (handed to the ISO parser as numbers, pandas 4 reads them as epoch nanoseconds)
            as_read = (pd.api.types.is_string_dtype(s.dtype) and not isinstance(s.dtype, pd.CategoricalDtype)
                       and (s.dtype != object or pd.api.types.infer_dtype(s, skipna=True) == "string"))
        s = self._distinct(s)
        self.date_cells = _date_cells(s)
        text = s if as_read else to_text(s)
        self.out = pd.Series(pd.NaT, index=s.index, dtype="datetime64[ns]")
        first = _first_present(text)
        if first is not None and re.match(r"\s*\d{4}\D", first):  # ISO: the usual case, fast
            self._read_iso(text)
        # present: a cell read as a date, or any other that is not missing (only those are looked at)
        unread = self.out.isna().to_numpy()
        present = ~unread  # writable: blanks found below are taken out
        present[unread] = text[unread].notna().to_numpy()
        self.todo = present & unread
        if first is not None and re.match(r"\d\d/[A-Za-z]{3}/\d\d(\s|$)", first):  # Jira: fast
            self._read_jira(text)
        if self.todo.any():  # the rest trimmed, blanks missing
            text = text.astype(S.DTYPES["string"]) if text is s else text.copy()
            text[self.todo] = to_text(text[self.todo])
            present &= text.notna().to_numpy()  # a blank or padded-blank cell is missing, not a bad date
            self.todo &= present
            self._drop_zone_names(text)
            self._german_meridiem(text)
        self.text = text
        self._refuse_periods(text)
        if self.todo.any():
            self._read_week_dates(text)
        if self.todo.any():
            self._read_year_first(text, present)

    def _read_iso(self, text: pd.Series) -> None:
        """Read ``text`` as ISO dates, an offset dropped (said)."""
        self.out = _parse_dates(text, format="ISO8601")
        if self.out.notna().any():
            self.how.append("ISO 8601" + (" (UTC offsets dropped: local times as written)"
                                          if self.out.attrs.pop("offsets", False) else ""))

    def _distinct(self, s: pd.Series) -> pd.Series:
        """What is parsed (``s``): each distinct value once, the rows pointing to it through ``codes``, when the
        column is categorical or repeats its values or string objects; else the cells themselves."""
        if isinstance(s.dtype, pd.CategoricalDtype) or repeats(s):
            self.codes, uniques = pd.factorize(s, use_na_sentinel=True)  # each distinct value once
            if isinstance(uniques.dtype, pd.CategoricalDtype):  # the categories' own values
                uniques = uniques.categories.take(uniques.codes)
            s = self.s = pd.Series(uniques)
            self.impossible = np.zeros(len(s), bool)
        elif (values := object_cells(s)) is not None and objects_repeat(values):
            # each distinct string object once (the parser shares one per value in each chunk of the
            # file: times of day repeat there even when the values are too many to hash); an equal
            # string held by another object is read again, to the same date
            self.codes, first = factorize_objects(values)
            s = self.s = pd.Series(values[first], dtype=s.dtype)
            self.impossible = np.zeros(len(s), bool)
        return s

    def _read_jira(self, text: pd.Series) -> None:
        """Read the cells left in Jira's own layout (``03/Apr/24 10:15 AM``)."""
        idx = np.flatnonzero(self.todo)
        got, found = jira_dates(text.iloc[idx])
        if found:
            self.out.iloc[idx] = got.to_numpy()
            self.how += found
            self.todo &= self.out.isna().to_numpy()

    def _refuse_periods(self, text: pd.Series) -> None:
        """Mark the cells naming a period (``periods``, :func:`~pmo_forecast.inputs.date_layouts.period_cells`), no date: refused at :meth:`finish`."""
        self.periods = period_cells(text, self.out, self.todo)
        if self.periods.any():
            self.out[self.periods] = pd.NaT
            self.todo &= ~self.periods

    def _read_year_first(self, text: pd.Series, present: np.ndarray) -> None:
        """Read the cells left that put the year first (``2024/5/31``), and keep those that put it last
        (``year_last``), whose day/month order :func:`date_order` decides."""
        rest = text[self.todo]
        ymd = rest.str.extract(YEAR_FIRST_DATE)
        is_ymd = ymd["y"].notna().to_numpy()
        if is_ymd.any():  # year first but not plain ISO: 2024/5/31, 2024.05.31, impossible 2024-13-05
            parts = ymd[is_ymd]
            self._fill(rest.index[is_ymd], _iso_text(parts["y"], parts["m"], parts["d"], parts["tail"]),
                       "year-month-day")
        self.year_last = numeric_date_parts(rest[~is_ymd])
        self.todo = present & self.out.isna().to_numpy() & ~self.impossible

    def _drop_zone_names(self, text: pd.Series) -> None:
        """Take a time zone's name off the unread cells' times (``2026-12-03 10:00 CET`` is 10:00 that day, as
        ``+01:00`` would be: :data:`~pmo_forecast.inputs.date_layouts.ZONE_NAME`), in ``text`` (a copy), and read them as ISO dates where they are
        (the others, ``03/12/2026 10:00 CET``, go on without it); said with the offsets dropped."""
        idx = np.flatnonzero(self.todo)
        zone = text.iloc[idx].str.extract(ZONE_NAME)["zone"]
        at = idx[zone.notna().to_numpy()]
        if not len(at):
            return
        self.zoned = dict(zip(at.tolist(), text.iloc[at].astype(str), strict=True))  # quoted as written
        text.iloc[at] = text.iloc[at].str.replace(ZONE_NAME, r"\g<time>", regex=True).to_numpy()
        got = _parse_dates(text.iloc[at], format="ISO8601")
        self.out.iloc[at] = got.to_numpy()
        self.todo[at] = got.isna().to_numpy()
        names = ", ".join(dict.fromkeys(zone.dropna()))
        # the words "offsets dropped" are what the planning pack's Assumptions sheet says time zones from
        self.how.append(f"UTC offsets dropped (time zone names too: {names}): local times as written")

    def _german_meridiem(self, text: pd.Series) -> None:
        """Read a German 12-hour time's ``vorm.`` and ``nachm.`` (:data:`~.date_layouts.GERMAN_MERIDIEM`) as the AM
        and PM they are, in ``text`` (a copy): such cells were refused as no dates; said, and quoted as written."""
        idx = np.flatnonzero(self.todo)
        hit = text.iloc[idx].str.extract(GERMAN_MERIDIEM)["word"].notna().to_numpy(bool)
        if not hit.any():
            return
        at = idx[hit]
        for i, v in zip(at.tolist(), text.iloc[at].astype(str), strict=True):
            self.zoned.setdefault(i, v)
        text.iloc[at] = text.iloc[at].str.replace(
            GERMAN_MERIDIEM, lambda m: f"{m['time']} {'AM' if m['word'].lower() == 'vorm' else 'PM'}", regex=True
        ).to_numpy()
        self.how.append("German 12-hour times (vorm., nachm.) read as AM and PM")

    def _read_week_dates(self, text: pd.Series) -> None:
        """Read the unread cells that are ISO week dates (:func:`~pmo_forecast.inputs.date_layouts.week_date_days`); a week the year does not have
        is a date that does not exist."""
        idx = np.flatnonzero(self.todo)
        found, got = week_date_days(text.iloc[idx])
        if not found.any():
            return
        at = idx[found]
        self.out.iloc[at] = got
        self.impossible[at] = np.isnat(got)
        self.todo[at] = False
        self.how.append("ISO week dates (yyyy-Www-d)")

    def _fill(self, index, iso: pd.Series, how: str) -> None:
        """Parse rebuilt ISO text into ``out``; cells that still fail are impossible dates."""
        got = _parse_dates(iso, format="ISO8601")
        again = got.isna() & iso.notna()
        if again.any():  # a time ISO does not take (2:30 PM): the date part is already fixed
            got[again] = _parse_dates(iso[again], format="mixed", dayfirst=False, yearfirst=True)
        self.out.loc[index] = got.to_numpy()
        pos = self.s.index.get_indexer(index)
        # a day that exists with a time not read (10:00 XYZ) is no impossible date: it is reported as not a date
        day = _parse_dates(iso.str[:10], format="%Y-%m-%d")
        self.impossible[pos[(got.isna() & day.isna()).to_numpy()]] = True
        if got.notna().any():
            self.how.append(how)

    # --- rows: what is parsed is each distinct value once -----------------------------------------
    def _rows(self, mask: np.ndarray) -> np.ndarray:
        """A mask over what was parsed, as a mask over the rows."""
        if self.codes is None:
            return mask
        return per_row(mask, self.codes, False)

    def _rows_of(self, pos: np.ndarray) -> np.ndarray:
        mask = np.zeros(len(self.s), bool)
        mask[pos] = True
        return np.flatnonzero(self._rows(mask))

    def unread(self) -> np.ndarray:
        """Mask of the rows whose cell is present but not (yet) read as a date: the only cells that
        can hold anything else, such as an Excel error value (``#N/A``)."""
        return self._rows(self.todo | self.impossible | self.periods)

    def blank(self, rows: np.ndarray) -> None:
        """Read the cells on the ``rows`` mask as blank: refused by the caller (a spreadsheet's error value, a NUL
        byte) and listed (:func:`~pmo_forecast.core.checks.refusals_listed`), they are no dates to refuse again."""
        self.blanked |= rows

    def text_at(self, row: int) -> str:
        """The (trimmed) text of the cell on row position ``row``, as it is read (a time zone's name dropped)."""
        return str(self.text.iloc[row if self.codes is None else self.codes[row]])

    def written_at(self, row: int) -> str:
        """The (trimmed) text of the cell on row position ``row`` as messages quote it: with the time zone's
        name that reading drops (``03/04/2026 10:00 CET``)."""
        at = row if self.codes is None else self.codes[row]
        return self.zoned.get(at, str(self.text.iloc[at]))

    # --- the evidence for the file's order (:mod:`.date_order` reads each date's) -------------------
    def _order_open(self) -> bool:
        """Whether numeric dates wait for the file's day/month order (``year_last``)."""
        return self.year_last is not None and not self.year_last.empty

    def _year_last_rows(self, mask: np.ndarray) -> np.ndarray:
        """Row positions of the numeric dates on ``mask`` (over ``year_last``)."""
        return self._rows_of(self.s.index.get_indexer(self.year_last.index)[mask])

    def dotted(self, rows: np.ndarray) -> bool:
        """Whether every cell on row positions ``rows`` is written with dots (05.06.2024): a way of writing
        dates that is day first wherever it is used (German, Russian, Nordic and other locales)."""
        t = self.text.iloc[np.unique(rows if self.codes is None else self.codes[rows])]
        return bool(len(t)) and bool(t.astype(str).str.match(r"\s*\d{1,2}\.\d{1,2}\.\d").all())

    def ambiguous(self) -> np.ndarray:
        """Row positions whose numeric date reads both ways (03/04/2024)."""
        if not self._order_open():
            return np.array([], int)
        return self._year_last_rows(reads_both_ways(self.year_last))

    def evidence(self) -> tuple[np.ndarray, np.ndarray]:
        """Row positions of numeric dates that only day-first, and only month-first, can read."""
        if not self._order_open():
            return np.array([], int), np.array([], int)
        day, month = read_one_way(self.year_last)
        return self._year_last_rows(day), self._year_last_rows(month)

    def year_first(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Row positions of numeric dates that only a two-digit year first can read (32/01/05: 5 January
        2032), that it cannot but day or month first can (13/01/45, 01/02/2024), and that it can (24/01/02)."""
        if not self._order_open():
            return np.array([], int), np.array([], int), np.array([], int)
        year, other = two_digit_year_first(self.year_last)
        return self._year_last_rows(year & ~other), self._year_last_rows(other & ~year), self._year_last_rows(year)

    def years_both_ways(self) -> tuple[set, set]:
        """The years of the dates a two-digit year first reads, read year first, and read day or month
        first (their first number, and their last)."""
        if not self._order_open():
            return set(), set()
        return years_both_ways(self.year_last)

    # --- the second step: the rest, in the file's order -------------------------------------------
    def finish(self, order: str = DAY_FIRST, detected: dict | None = None) -> pd.Series:
        """Read what is left with the file's day/month ``order``; SchemaError on non-dates."""
        if self._order_open():
            self._read_year_last(order, detected)
        if self.todo.any() and self.text is not None:
            self._read_other_text(self._read_month_names(), order)
        if self.codes is not None:
            self._spread_to_rows()
        self._set_blanks_apart(detected)
        self._say_beyond(detected)
        self._raise_if_bad()
        if detected is not None and self.how:
            detected.setdefault("date_formats", {})[self.column] = " + ".join(dict.fromkeys(self.how))
        return self.out.set_axis(self.index)

    def _read_year_last(self, order: str, detected: dict | None) -> None:
        """Read the numeric dates (``year_last``) in the file's ``order``."""
        self._fill(self.year_last.index, _year_last_iso(self.year_last, order), {
            DAY_FIRST: "day/month/year", MONTH_FIRST: "month/day/year", YEAR_FIRST: "year/month/day"}[order])
        if order == DAY_FIRST and self.date_cells is not None:
            self._swapped_date_cells(detected)
        self.year_last = None
        self.todo &= self.out.isna().to_numpy() & ~self.impossible

    def _read_month_names(self) -> pd.Series:
        """Read the cells left with a month name (11/May/24 03:26 PM, May 3, 2024: :data:`NAMED_MONTH_FORMATS`),
        in English or another language; returns the text with those names in English."""
        text = english_months(self.text)  # a Jira or spreadsheet export in another language: 03/Mär/24
        if (text.astype(object) != self.text.astype(object))[self.text.notna()].any():
            self.how.append("month names in another language")
        for fmt in NAMED_MONTH_FORMATS:
            idx = np.flatnonzero(self.todo)
            got = _parse_dates(text.iloc[idx], format=fmt)
            if got.notna().any():
                self.out.iloc[idx] = got.to_numpy()
                self.how.append(fmt)
                self.todo &= self.out.isna().to_numpy()
            if not self.todo.any():
                break
        return text

    def _read_other_text(self, text: pd.Series, order: str) -> None:
        """Read the cells left as dateutil does, the numeric ones in ``order``; a date whose year or day the text
        does not give is none (:func:`_stated_in_text`)."""
        if not self.todo.any():
            return
        idx = np.flatnonzero(self.todo)
        got = _parse_dates(text.iloc[idx], format="mixed", dayfirst=order == DAY_FIRST)
        got = got.where(_stated_in_text(text.iloc[idx], got))
        if got.notna().any():
            self.out.iloc[idx] = got.to_numpy()
            self.how.append("other text dates")
        self.todo &= self.out.isna().to_numpy()

    def _spread_to_rows(self) -> None:
        """From the distinct values read back to the rows: ``out`` and the masks over them."""
        self.out = pd.Series(np.append(self.out.to_numpy(dtype="datetime64[ns]"),
                                       np.datetime64("NaT", "ns"))[self.codes], dtype="datetime64[ns]")
        self.impossible, self.todo = self._rows(self.impossible), self._rows(self.todo)
        self.periods = self._rows(self.periods)
        self.s, self.codes = self.source, None

    def _set_blanks_apart(self, detected: dict | None) -> None:
        """Keep out of what is refused as no date the cells read as blank: those refused before (:meth:`blank`),
        the placeholders of no date yet ("-", "n/a", "TBD") and a system's "no date" past the years read
        (``beyond``), set apart from the typo years (``far``)."""
        if self.blanked.any():
            self.out = self.out.mask(self.blanked)
            self.todo, self.impossible, self.periods = (a & ~self.blanked for a in (self.todo, self.impossible,
                                                                                  self.periods))
        if self.todo.any():
            self.todo = self.todo & ~blank_placeholders(self.source, self.todo, column=self.column,
                                                        lines=self.lines, detected=detected)
        if self.impossible.any():
            outside, no_date = _beyond_years(self.source)
            self.beyond |= self.impossible & outside & no_date
            self.far |= self.impossible & outside & ~no_date
            self.impossible &= ~outside

    def _say_beyond(self, detected: dict | None) -> None:
        """Say the dates past the years a date is read in (:data:`DATE_YEARS`), read as blank: systems write
        9999-12-31 (SAP), 4712-12-31 (Oracle) or 0001-01-01 (.NET) for "no date" (a person's open-ended contract).
        In a workbook they were blank unsaid; in a CSV, refused as dates that "do not exist"."""
        if not self.beyond.any() or detected is None:
            return
        shown = id_list(map(repr, _beyond_as_written(self.source[self.beyond])), 10)
        detected.setdefault("dates_beyond", {})[self.column] = (
            f"{counted(int(self.beyond.sum()), 'cell')} holding {shown} read as blank "
            f"({rows_text(self.lines[self.beyond])}): outside the years {DATE_YEARS}, as systems write 'no date'")

    def _swapped_date_cells(self, detected: dict | None) -> None:
        """Warn of date cells beside day-first text dates: a day-first CSV opened in a month-first
        Excel made the dates it could read month first (day 12 or below) date cells, day and month
        swapped, and left the rest as text. Those with a day of 12 or below (not day = month) are
        named; said in ``detected["swapped_dates"]``."""
        got = self.out[self.date_cells]
        swappable = ((got.dt.day <= 12) & (got.dt.day != got.dt.month)).to_numpy()
        if not swappable.any():
            return
        suspect = np.zeros(len(self.s), bool)
        suspect[np.flatnonzero(self.date_cells)[swappable]] = True
        note = _swapped_note(got[swappable], self.lines[self._rows(suspect)])
        warn(f"{self.file}: column {column_as_headed(self.column, detected)}: {note}. Check those dates, or open the file with Excel's "
             "Data > From Text/CSV and the DMY date format.", DataQualityWarning)
        if detected is not None:
            detected.setdefault("swapped_dates", {})[self.column] = note

    def _raise_if_bad(self) -> None:
        """Raise (:func:`~pmo_forecast.core.checks.refuse`) naming the cells that are no dates: a period, a year
        out of range, a day that does not exist, text; within ``refusals_listed`` each kind is listed and its cells
        read as blank."""
        self.out = self.out.mask(self.periods | self.far | self.impossible | self.todo)
        for bad, error in ((self.periods, _periods_refused), (self.far, _far_refused),
                           (self.impossible, _impossible_refused)):
            if bad.any():
                refuse(error(self.file, self.column, self.source[bad], self.lines[bad]))
        if self.todo.any():
            cells = self.source[self.todo]
            shown = self._as_written(self.todo)
            refuse(not_dates(cells if shown is None else shown, file=self.file, column=self.column,
                             lines=self.lines[self.todo],
                             hint=serial_hint(cells, origin=self.excel_origin,
                                              epoch=bool({EPOCH_MS, EPOCH_S} & set(self.how)), as_written=shown)))

    def _as_written(self, rows: np.ndarray) -> pd.Series | None:
        """The cells on the ``rows`` mask of a column read as numbers, as the file writes them (``46.360``,
        not 46.36); None when the column is text, or without :attr:`written`."""
        if self.written is None or not pd.api.types.is_numeric_dtype(self.source):
            return None
        written = pd.Series(self.written(), dtype=object).reset_index(drop=True)
        cells = self.source[rows]
        # a cell the file does not give back as read is quoted as read
        return written[rows].where(written[rows].notna(), cells.astype(str)).set_axis(cells.index)


def _date_cells(s: pd.Series) -> np.ndarray | None:
    """Mask of the date cells (a workbook's datetimes) in a column that mixes them with text, else None."""
    if s.dtype != object or pd.api.types.infer_dtype(s, skipna=True) != "mixed":
        return None
    cells = (s.notna() & s.str.len().isna()).to_numpy()  # .str gives no length for what is not text
    return cells if pd.api.types.infer_dtype(s[cells], skipna=True) in ("datetime", "date") else None


def to_datetime(s: pd.Series, *, file: str, column: str, lines: np.ndarray,
                detected: dict | None = None, order: str | None = None) -> pd.Series:
    """Parse one date column; SchemaError naming the rows that are not dates.

    ISO dates are read as ISO (never reinterpreted because of another cell);
    numeric day/month dates use ``order`` (:data:`DAY_FIRST`, :data:`MONTH_FIRST` or :data:`YEAR_FIRST`),
    decided from this column alone when not given (see :func:`date_order` for a
    whole file); month names and other text via dateutil; numbers are epoch
    milliseconds, epoch seconds or Excel serial days depending on their size.
    Dates that cannot exist (2024-13-01, 31/02/2024) are errors. What was read is
    recorded in ``detected["date_formats"]``.
    """
    col = DateColumn(s, file=file, column=column, lines=lines)
    if order is None:
        order = date_order([col], file=file, detected=detected)
    return col.finish(order, detected)


def reads_as_dates(s: pd.Series) -> bool:
    """Whether ``s`` holds dates: a filled cell, and every filled cell read as :func:`to_datetime` reads it (a
    column of names, ``Ann Lee``, does not).

    >>> reads_as_dates(pd.Series(["25.01.2024 10:05", None])), reads_as_dates(pd.Series(["Ann Lee", "2024-01-25"]))
    (True, False)
    """
    if not to_text(s).notna().any():
        return False
    try:
        # a probe: what the load will say of the column, it says then (within validate too: refusals_raised)
        with warnings.catch_warnings(), refusals_raised():
            warnings.simplefilter("ignore")
            to_datetime(s, file="", column=str(s.name), lines=np.arange(len(s)))
    except SchemaError:
        return False
    return True


def _stated_in_text(text: pd.Series, got: pd.Series) -> np.ndarray:
    """Whether the text itself gives each parsed date's year and day. dateutil fills what the
    text lacks from today's date ("15:30" is today at 15:30, "May 3" year 1): such a date would
    depend on the day the file is read, so it counts as unreadable instead."""
    ok = np.zeros(len(text), dtype=bool)
    for i, (t, d) in enumerate(zip(text.astype(str), got, strict=True)):
        if pd.isna(d):
            continue
        groups = {int(g) for g in _DIGIT_GROUPS.findall(t)}
        ok[i] = (d.year in groups or (d.year % 100 in groups and d.year >= 1969)) and d.day in groups
    return ok
