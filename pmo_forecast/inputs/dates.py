"""Reading dates: ISO, numeric day/month with one order per file, month names, Excel serials, Jira's layouts.

A date column is read in two steps (:class:`DateColumn`), so that the day/month
order of numeric dates such as ``03/04/2024`` is decided once for the whole file
(:func:`date_order`) from every column's evidence; cells that are not dates name
their source lines. Used by the loaders in :mod:`pmo_forecast.inputs.io`.
"""

from __future__ import annotations

import contextlib
import datetime
import re
import warnings

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.exceptions import DataQualityWarning, SchemaError, warn
from ..core.labels import agree, counted
from ..core.source_lines import rows_text
from .cells import (
    blank_placeholders,
    factorize_objects,
    object_cells,
    objects_repeat,
    per_row,
    repeats,
    to_text,
)
from .parsing import column_as_headed

_DIGIT_GROUPS = re.compile(r"\d+")


#: Day-month order of numeric dates such as 03/04/2024 (one per file; see :func:`date_order`), or a two-digit
#: year first (24/01/02: 2 January 2024), which a first number above 31 settles.
DAY_FIRST, MONTH_FIRST, YEAR_FIRST = "day first", "month first", "year first"
#: Two-digit-year dates that read both yy/mm/dd and dd/mm/yy are read day first without a warning when
#: that puts them in this many times fewer distinct years (a year's exports fall in one or two years, read
#: year first in one per day of the month); the other way round is no evidence (dates on the 1st of each
#: month read year first fall in one year too), so it stays a warning.
YEARS_APART = 3


#: Dates with a month name, tried in order on values that are neither ISO nor numeric day/month.
NAMED_MONTH_FORMATS = (
    "%d/%b/%y %I:%M %p", "%d/%b/%Y %I:%M %p", "%d/%b/%y %H:%M", "%d/%b/%y", "%d-%b-%y", "%d-%b-%Y",
    "%b %d, %Y", "%d %b %Y",
)


#: Year first (2024-05-31, 2024/5/31, 2024.05.31), then anything (a time) after a space or ``T``.
_YEAR_FIRST = r"^(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?P<tail>(?:[T ].*)?)$"


#: Day and month first in either order (31/05/2024, 05-31-24, 31.05.2024), then a time.
_YEAR_LAST = r"^(?P<a>\d{1,2})(?P<sep>[-/.])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})(?P<tail>(?:[T ].*)?)$"


#: A quarter, an ISO week or a month (2026-Q1, Q1 2026, 2026-W49, 2026-12): a period, no day of it.
_PERIOD = r"(?i)\d{4}-?Q[1-4]|Q[1-4][ /-]?\d{4}|\d{4}-?W\d\d|\d{4}-\d\d"
_NS_PER_DAY = 86_400 * 10**9
#: An ISO week date, a week and its day (2026-W49-4, 2026W494: Thursday of week 49), which names a day.
_WEEK_DATE = r"(?i)^(?P<y>\d{4})(?:-W(?P<w>\d\d)-(?P<d>[1-7])|W(?P<w2>\d\d)(?P<d2>[1-7]))$"
#: A weekday name before a date (MS Project's ``Mon 3/2/26``): dropped, and its day settles the order.
_WEEKDAY = (r"(?i)^(?P<wd>mon|tue|wed|thu|fri|sat|sun)(?:day|sday|nesday|rsday|urday|s|r|rs)?\.?,?\s+")
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


_MONTHS = ("", "January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


#: A time on a 12-hour clock (3:00 PM, 3pm, 3:00 p.m.), and what the day-first assumption then adds: month-first
#: (US) exports write it, so a file of dates that read both ways may well be month first.
_AM_PM = re.compile(r"\d\s*[ap]\.?\s?m\b\.?", re.IGNORECASE)
AM_PM_HINT = "; the times are written with AM/PM, as month-first (US) exports write them: check which it is"

#: Tracker formats (``detected["format"]``) whose CSV export writes numeric dates month first, and what the
#: note then says: their dates that no date in the file settles are read month first, not day first.
MONTH_FIRST_FORMATS = {"clickup": "; ClickUp's CSV export writes dates month first, US style"}

#: Jira's date layouts (``11/May/24 03:26 PM``, ``11/May/24 15:26``, ``11/May/24``) as strptime formats.
JIRA_FORMATS = {18: "%d/%b/%y %I:%M %p", 15: "%d/%b/%y %H:%M", 9: "%d/%b/%y"}


_MONTH_CODES = np.array([ord(m[0]) << 16 | ord(m[1]) << 8 | ord(m[2]) for m in
                         ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")])


_MONTH_ORDER = np.argsort(_MONTH_CODES)  # sorted codes for searchsorted, and the month (0-11) of each


_MONTH_KEYS = _MONTH_CODES[_MONTH_ORDER]


def jira_dates(text: pd.Series) -> tuple[pd.Series, list[str]]:
    """Dates in Jira's fixed layouts (:data:`JIRA_FORMATS`), read by character position, vectorised.

    The same values as ``pd.to_datetime(text, format=...)`` with those formats (two-digit
    years as strptime reads them: 69-99 are 1900s), several times faster on a large
    export; a cell in any other layout, with spaces around it, or an impossible date
    (``31/Feb/24``) is NaT, for the general parser to read or report. Returns the
    dates and the formats found.
    """
    n, width = len(text), max(JIRA_FORMATS) + 1  # one character more: longer cells are not this layout
    values = text.to_numpy(dtype=object, na_value="")
    c = np.asarray(values, dtype=f"U{width}").view(np.uint32).reshape(n, width)
    dig = c - 48  # unsigned: characters below '0' wrap to large numbers

    def num(*cols):
        ok = np.ones(n, bool)
        v = np.zeros(n, np.int64)
        for k in cols:
            ok &= dig[:, k] < 10
            v = v * 10 + np.where(dig[:, k] < 10, dig[:, k], 0)
        return v, ok

    day, ok_d = num(0, 1)
    year, ok_y = num(7, 8)
    letters = c[:, 3:6] | 32
    key = letters[:, 0] << 16 | letters[:, 1] << 8 | letters[:, 2]
    at = np.minimum(np.searchsorted(_MONTH_KEYS, key), 11)
    month_ok = (_MONTH_KEYS[at] == key) & (letters < 128).all(axis=1)
    month = _MONTH_ORDER[at]
    ok = ok_d & ok_y & month_ok & (c[:, 2] == 47) & (c[:, 6] == 47)  # dd/Mon/yy
    hour, ok_h = num(10, 11)
    minute, ok_m = num(13, 14)
    timed = (c[:, 9] == 32) & ok_h & (c[:, 12] == 58) & ok_m & (minute <= 59)
    ampm = (c[:, 15] == 32) & np.isin(c[:, 16] | 32, (97, 112)) & ((c[:, 17] | 32) == 109) & (c[:, 18] == 0)
    h12 = timed & ampm & (hour >= 1) & (hour <= 12)
    h24 = timed & (c[:, 15] == 0) & (hour <= 23)
    date_only = c[:, 9] == 0
    ok &= h12 | h24 | date_only
    hour = np.where(h12, hour % 12 + np.where((c[:, 16] | 32) == 112, 12, 0), hour)
    year = np.where(year < 69, 2000 + year, 1900 + year)
    first = ((year - 1970) * 12 + month).astype("datetime64[M]")  # month is 0-based here
    days = first.astype("datetime64[D]") + (day - 1)
    ok &= (day >= 1) & (days.astype("datetime64[M]") == first)  # no 31/Feb
    minutes = days.astype("datetime64[m]") + np.where(date_only, 0, hour * 60 + minute)
    out = pd.Series(np.where(ok, minutes.astype("datetime64[ns]"), np.datetime64("NaT", "ns")), index=text.index)
    found = [fmt for size, fmt in JIRA_FORMATS.items()
             if (ok & (h12 if size == 18 else h24 if size == 15 else date_only)).any()]
    return out, found


#: A time of day followed by a UTC offset or zone letter (``10:00:00+02:00``, ``09:30Z``, ``8:00 UTC``).
_OFFSET = r"(\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)\s*(?:Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)\s*$"


#: A time of day followed by a time zone's name (``10:00 CET``, ``3:00 PM EST``, ``09:30 (Europe/Berlin)``): an
#: abbreviation or an IANA name. Dropped as an offset is: the time is kept as written, so an abbreviation that
#: names several zones (EST, IST) is read the same whichever it means; another word after a time is no zone.
_ZONE_NAME = (r"(?P<time>\d:\d\d(?::\d\d(?:[.,]\d+)?)?(?:\s*[AaPp]\.?[Mm]\.?)?)\s*\(?(?P<zone>"
              r"UTC|GMT|WET|WEST|BST|IST|CET|CEST|MET|MEST|EET|EEST|MSK|SAST|GST|PKT|HKT|SGT|CST|JST|KST|AWST|ACST|"
              r"ACDT|AEST|AEDT|NZST|NZDT|HST|AKST|AKDT|PST|PDT|MST|MDT|CDT|EST|EDT|AST|ADT|NST|NDT|BRT|ART|"
              r"[A-Z][A-Za-z]+(?:/[A-Za-z_+-]+){1,2})\)?\s*$")


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


#: Day 0 of Excel's serial dates, and of a workbook in the 1904 date system (Excel for Mac's old default).
EXCEL_ORIGIN, EXCEL_1904_ORIGIN = "1899-12-30", "1904-01-01"

#: The earliest date read from an Excel serial day: a smaller number is a year (2024 would be 1905-07-16), a
#: day of the month or another number, not a project's date; refused.
EARLIEST_SERIAL_DATE, LATEST_SERIAL_DATE = "1950-01-01", "2100-12-31"

#: The precision of a time in an Excel serial day: Excel enters and shows times to the millisecond; numeric epoch
#: times are read to it too (1700000000.4 s is ...20.400, not ...20.400000095).
EXCEL_TIME_RESOLUTION = "ms"

#: How numbers too large for Excel serial days are read (``detected["date_formats"]``).
EPOCH_MS, EPOCH_S = "epoch milliseconds", "epoch seconds"


def _numeric_dates(s: pd.Series, origin: str = EXCEL_ORIGIN) -> tuple[pd.Series, str]:
    v = s.astype("float64")
    v = v.where(np.isfinite(v.to_numpy()))  # "inf" is no date (and overflows the converters)
    med = float(np.nanmedian(v.to_numpy())) if v.notna().any() else 0.0
    with contextlib.suppress(OverflowError, ValueError):  # values past 2262 are masked first
        # numbers read as epoch times when their median is past 1973-03-03 (1e11 ms, 1e8 s); one before that
        # beside them is no epoch time: a blank written as 0, or another unit (an Excel serial day 45414 would
        # be 45 s past 1970-01-01): refused, as Excel's day 0 below
        # a float's noise below the millisecond (1700000000.4 s is 400000095 ns) is dropped, as in a serial day
        if med > 1e11:
            return pd.to_datetime(v.where((v > 1e11) & (v < 9e15)), unit="ms", errors="coerce").dt.round(
                EXCEL_TIME_RESOLUTION), EPOCH_MS
        if med > 1e8:
            return pd.to_datetime(v.where((v > 1e8) & (v < 9e12)), unit="s", errors="coerce").dt.round(
                EXCEL_TIME_RESOLUTION), EPOCH_S
        # beyond 9999-12-31 (2,958,465 days) no Excel date exists; keep the converter in range. Below 1 is
        # day 0 (1899-12-30, or 1904-01-01), a date cell left at 0 or a time alone, and Excel has no date
        # before it: refused, not read as 1899
        v = v.where((v >= 1) & (v < 2_958_466))
        how = "Excel serial days" + (" (the workbook's 1904 date system)" if origin == EXCEL_1904_ORIGIN else "")
        # a day fraction carries float noise (12:14 written 45321.5097222222 is 12:13:59.999998); Excel keeps
        # times to the millisecond, so that is the precision a serial means
        out = pd.to_datetime(v, unit="D", origin=origin, errors="coerce").dt.round(EXCEL_TIME_RESOLUTION)
        return out.where(out >= pd.Timestamp(EARLIEST_SERIAL_DATE)), how
    return pd.Series(pd.NaT, index=s.index, dtype="datetime64[ns]"), "numbers (out of range)"


def _first_present(text: pd.Series) -> str | None:
    """The first cell that is not missing, as text (looked for in slices: it is usually near the top)."""
    for start in range(0, len(text), 1000):
        part = text.iloc[start:start + 1000]
        found = part.notna().to_numpy()
        if found.any():
            return str(part.iloc[int(np.argmax(found))])
    return None


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
                 as_read: bool | None = None, excel_origin: str = EXCEL_ORIGIN, written=None):
        """``as_read``: whether the text is as the file has it (ISO dates are then tried before
        trimming); by default for text columns, not for categorical ones. ``excel_origin``: day 0
        of serial numbers (:data:`EXCEL_1904_ORIGIN` for a workbook in the 1904 date system).
        ``written``: for a column read as numbers, a function returning its cells as the file writes
        them (one per row, missing where unknown), called only to quote cells that are not dates
        (``46.360``, read as 46.36)."""
        self.written = written
        self.index = s.index  # positions inside (a user's frame may repeat index labels)
        s = s.reset_index(drop=True)
        self.source, self.file, self.column, self.lines = s, file, column, np.asarray(lines)
        self.s = s  # what is parsed: the cells, or their distinct values (see ``codes``)
        self.codes = None  # row -> distinct value (-1: missing) when text is read per distinct value
        self.how: list[str] = []
        self.excel_origin = excel_origin
        self.impossible = np.zeros(len(s), bool)
        self.periods = np.zeros(len(s), bool)  # over what is parsed: cells naming a quarter, a week or a month
        self.year_last = None  # DataFrame a, b, y, tail for the numeric day/month dates
        self.date_cells = None  # over what is parsed: a workbook's date cells beside text ones
        self.zoned = {}  # position in what is parsed -> its text before a time zone's name was dropped
        if pd.api.types.is_datetime64_any_dtype(s):
            self.out, self.todo, self.text = _naive(s), np.zeros(len(s), bool), None
            return
        if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
            out, how = _numeric_dates(s, excel_origin)
            self.out, self.text = _naive(out), None
            self.todo = (self.out.isna() & s.notna()).to_numpy()  # inf, or beyond any calendar
            if s.notna().any():  # an empty column (read as numbers) has no date format
                self.how.append(how)
            return
        # strings as read (fast path); anything else (Excel datetimes, numbers in text) as trimmed text
        if as_read is None:  # an object column of text alone: a workbook's numbers among text go to text first
            # (handed to the ISO parser as numbers, pandas 4 reads them as epoch nanoseconds)
            as_read = (pd.api.types.is_string_dtype(s.dtype) and not isinstance(s.dtype, pd.CategoricalDtype)
                       and (s.dtype != object or pd.api.types.infer_dtype(s, skipna=True) == "string"))
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
        self.date_cells = _date_cells(s)
        text = s if as_read else to_text(s)
        self.out = pd.Series(pd.NaT, index=s.index, dtype="datetime64[ns]")
        first = _first_present(text)
        if first is not None and re.match(r"\s*\d{4}\D", first):  # ISO: the usual case, fast
            self.out = _parse_dates(text, format="ISO8601")
            if self.out.notna().any():
                self.how.append("ISO 8601" + (" (UTC offsets dropped: local times as written)"
                                              if self.out.attrs.pop("offsets", False) else ""))
        # present: a cell read as a date, or any other that is not missing (only those are looked at)
        unread = self.out.isna().to_numpy()
        present = ~unread  # writable: blanks found below are taken out
        present[unread] = text[unread].notna().to_numpy()
        self.todo = present & unread
        if first is not None and re.match(r"\d\d/[A-Za-z]{3}/\d\d(\s|$)", first):  # Jira: fast
            idx = np.flatnonzero(self.todo)
            got, found = jira_dates(text.iloc[idx])
            if found:
                self.out.iloc[idx] = got.to_numpy()
                self.how += found
                self.todo &= self.out.isna().to_numpy()
        if self.todo.any():  # the rest trimmed, blanks missing
            text = text.astype(S.DTYPES["string"]) if text is s else text.copy()
            text[self.todo] = to_text(text[self.todo])
            present &= text.notna().to_numpy()  # a blank or padded-blank cell is missing, not a bad date
            self.todo &= present
            self._drop_zone_names(text)
        self.text = text
        # a period names no day: '2026-12' (ISO's month) was read as the 1st, '2026-Q1' as 1 January (its '1'
        # passed for the day) while '2026-Q4' was refused; each is refused, said as what it is
        month_start = self.out.to_numpy(dtype="datetime64[ns]").view("i8") % _NS_PER_DAY == 0  # ISO's month: midnight
        month_start[month_start] = (self.out[month_start].dt.day == 1).to_numpy()  # the 1st (NaT: never midnight)
        maybe = np.flatnonzero(self.todo | month_start)
        self.periods = np.zeros(len(text), bool)
        self.periods[maybe] = text.iloc[maybe].str.strip().str.fullmatch(_PERIOD).to_numpy(bool, na_value=False)
        if self.periods.any():
            self.out[self.periods] = pd.NaT
            self.todo &= ~self.periods
        if self.todo.any():
            self._week_dates(text)
        if not self.todo.any():
            return
        rest = text[self.todo]
        ymd = rest.str.extract(_YEAR_FIRST)
        is_ymd = ymd["y"].notna().to_numpy()
        if is_ymd.any():  # year first but not plain ISO: 2024/5/31, 2024.05.31, impossible 2024-13-05
            parts = ymd[is_ymd]
            iso = self._iso(parts["y"], parts["m"], parts["d"], parts["tail"])
            self._fill(rest.index[is_ymd], iso, "year-month-day")
        rest = rest[~is_ymd]
        weekday = rest.str.extract(_WEEKDAY)["wd"].str.lower()
        dmy = rest.str.replace(_WEEKDAY, "", regex=True).str.extract(_YEAR_LAST)
        dmy["weekday"] = weekday.map({w: i for i, w in enumerate(_WEEKDAYS)})
        self.year_last = dmy[dmy["a"].notna()]
        self.todo = present & self.out.isna().to_numpy() & ~self.impossible

    def _drop_zone_names(self, text: pd.Series) -> None:
        """Take a time zone's name off the unread cells' times (``2026-12-03 10:00 CET`` is 10:00 that day, as
        ``+01:00`` would be: :data:`_ZONE_NAME`), in ``text`` (a copy), and read them as ISO dates where they are
        (the others, ``03/12/2026 10:00 CET``, go on without it); said with the offsets dropped."""
        idx = np.flatnonzero(self.todo)
        zone = text.iloc[idx].str.extract(_ZONE_NAME)["zone"]
        at = idx[zone.notna().to_numpy()]
        if not len(at):
            return
        self.zoned = dict(zip(at.tolist(), text.iloc[at].astype(str), strict=True))  # quoted as written
        text.iloc[at] = text.iloc[at].str.replace(_ZONE_NAME, r"\g<time>", regex=True).to_numpy()
        got = _parse_dates(text.iloc[at], format="ISO8601")
        self.out.iloc[at] = got.to_numpy()
        self.todo[at] = got.isna().to_numpy()
        names = ", ".join(dict.fromkeys(zone.dropna()))
        # the words "offsets dropped" are what the planning pack's Assumptions sheet says time zones from
        self.how.append(f"UTC offsets dropped (time zone names too: {names}): local times as written")

    def _week_dates(self, text: pd.Series) -> None:
        """Read the unread cells that are ISO week dates (:data:`_WEEK_DATE`: 2026-W49-4 is 2026-12-03); a
        week the year does not have (2026-W53-1) is a date that does not exist."""
        idx = np.flatnonzero(self.todo)
        parts = text.iloc[idx].str.strip().str.extract(_WEEK_DATE)
        found = parts["y"].notna().to_numpy()
        if not found.any():
            return
        days = []
        for y, w, d, w2, d2 in parts[found].itertuples(index=False):  # a few distinct cells
            try:
                days.append(datetime.date.fromisocalendar(int(y), int(w if isinstance(w, str) else w2),
                                                          int(d if isinstance(d, str) else d2)))
            except ValueError:
                days.append(None)
        got = pd.to_datetime(pd.Series(days, dtype=object)).to_numpy(dtype="datetime64[ns]")
        at = idx[found]
        self.out.iloc[at] = got
        self.impossible[at] = np.isnat(got)
        self.todo[at] = False
        self.how.append("ISO week dates (yyyy-Www-d)")

    def _iso(self, y, m, d, tail) -> pd.Series:
        """``YYYY-MM-DD`` text from parts; impossible months or days give missing values."""
        y = y.astype(int)
        m, d = m.astype(int), d.astype(int)
        ok = (m >= 1) & (m <= 12) & (d >= 1) & (d <= 31)
        txt = (y.astype(str).str.zfill(4) + "-" + m.astype(str).str.zfill(2) + "-"
               + d.astype(str).str.zfill(2) + tail.fillna(""))
        return txt.where(ok)

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

    def text_at(self, row: int) -> str:
        """The (trimmed) text of the cell on row position ``row``, as it is read (a time zone's name dropped)."""
        return str(self.text.iloc[row if self.codes is None else self.codes[row]])

    def written_at(self, row: int) -> str:
        """The (trimmed) text of the cell on row position ``row`` as messages quote it: with the time zone's
        name that reading drops (``03/04/2026 10:00 CET``)."""
        at = row if self.codes is None else self.codes[row]
        return self.zoned.get(at, str(self.text.iloc[at]))

    def evidence(self) -> tuple[np.ndarray, np.ndarray]:
        """Row positions of numeric dates that only day-first, and only month-first, can read."""
        if self.year_last is None or self.year_last.empty:
            return np.array([], int), np.array([], int)
        p = self.year_last
        a, b = p["a"].astype(int), p["b"].astype(int)
        pos = self.s.index.get_indexer(p.index)
        day, month = (a > 12) & (b >= 1) & (b <= 12), (b > 12) & (a >= 1) & (a <= 12)  # 13/00/2024 settles nothing
        named = p["weekday"].notna() & (a <= 12) & (b <= 12) & (a != b)
        if named.any():  # "Mon 3/2/26": 2 March 2026 is a Monday, 3 February a Tuesday
            y, wd = _full_year(p.loc[named, "y"]), p.loc[named, "weekday"]
            as_day = pd.to_datetime(pd.DataFrame({"year": y, "month": b[named], "day": a[named]}), errors="coerce")
            as_month = pd.to_datetime(pd.DataFrame({"year": y, "month": a[named], "day": b[named]}), errors="coerce")
            day.loc[named] = (as_day.dt.day_of_week == wd) & (as_month.dt.day_of_week != wd)
            month.loc[named] = (as_month.dt.day_of_week == wd) & (as_day.dt.day_of_week != wd)
        return self._rows_of(pos[day.to_numpy()]), self._rows_of(pos[month.to_numpy()])

    def _year_first_masks(self):
        """The numeric dates' parts, and masks of those a two-digit year first reads and those day or
        month first reads."""
        p = self.year_last
        a, b, c = p["a"].astype(int), p["b"].astype(int), p["y"].astype(int)
        other = ((a >= 1) & (b >= 1) & (((a <= 31) & (b <= 12)) | ((a <= 12) & (b <= 31)))).to_numpy()
        # a weekday settles the order itself (MS Project's Mon 3/2/26 is month first)
        year = ((p["y"].str.len() == 2) & p["weekday"].isna() & (b >= 1) & (b <= 12) & (c >= 1)
                & (c <= 31)).to_numpy()
        return p, year, other

    def year_first(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Row positions of numeric dates that only a two-digit year first can read (32/01/05: 5 January
        2032), that it cannot but day or month first can (13/01/45, 01/02/2024), and that it can (24/01/02)."""
        if self.year_last is None or self.year_last.empty:
            return np.array([], int), np.array([], int), np.array([], int)
        p, year, other = self._year_first_masks()
        pos = self.s.index.get_indexer(p.index)
        return self._rows_of(pos[year & ~other]), self._rows_of(pos[other & ~year]), self._rows_of(pos[year])

    def years_both_ways(self) -> tuple[set, set]:
        """The years of the dates a two-digit year first reads, read year first, and read day or month
        first (their first number, and their last)."""
        if self.year_last is None or self.year_last.empty:
            return set(), set()
        p, year, _ = self._year_first_masks()
        return set(p.loc[year, "a"].astype(int)), set(p.loc[year, "y"].astype(int))

    def dotted(self, rows: np.ndarray) -> bool:
        """Whether every cell on row positions ``rows`` is written with dots (05.06.2024): a way of writing
        dates that is day first wherever it is used (German, Russian, Nordic and other locales)."""
        t = self.text.iloc[np.unique(rows if self.codes is None else self.codes[rows])]
        return bool(len(t)) and bool(t.astype(str).str.match(r"\s*\d{1,2}\.\d{1,2}\.\d").all())

    def ambiguous(self) -> np.ndarray:
        """Row positions whose numeric date reads both ways (03/04/2024)."""
        if self.year_last is None or self.year_last.empty:
            return np.array([], int)
        a, b = self.year_last["a"].astype(int), self.year_last["b"].astype(int)
        pos = self.s.index.get_indexer(self.year_last.index)
        # a day or month of 0 (00/01/1900, Excel's day 0 as shown) reads neither way: no date, not ambiguous
        return self._rows_of(pos[((a >= 1) & (b >= 1) & (a <= 12) & (b <= 12) & (a != b)).to_numpy()])

    def finish(self, order: str = DAY_FIRST, detected: dict | None = None) -> pd.Series:
        """Read what is left with the file's day/month ``order``; SchemaError on non-dates."""
        if self.year_last is not None and not self.year_last.empty:
            p = self.year_last
            y, month, day = ((_full_year(p["a"]), p["b"], p["y"]) if order == YEAR_FIRST else
                             (_full_year(p["y"]), *((p["b"], p["a"]) if order == DAY_FIRST else (p["a"], p["b"]))))
            self._fill(p.index, self._iso(y, month, day, p["tail"]), {
                DAY_FIRST: "day/month/year", MONTH_FIRST: "month/day/year", YEAR_FIRST: "year/month/day"}[order])
            if order == DAY_FIRST and self.date_cells is not None:
                self._swapped_date_cells(detected)
            self.year_last = None
            self.todo &= self.out.isna().to_numpy() & ~self.impossible
        text = self.text
        if self.todo.any() and text is not None:  # month names (11/May/24 03:26 PM, May 3, 2024), then anything dateutil reads
            text = english_months(text)  # a Jira or spreadsheet export in another language: 03/Mär/24
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
        if self.todo.any() and text is not None:
            idx = np.flatnonzero(self.todo)
            got = _parse_dates(text.iloc[idx], format="mixed", dayfirst=order == DAY_FIRST)
            got = got.where(_stated_in_text(text.iloc[idx], got))
            if got.notna().any():
                self.out.iloc[idx] = got.to_numpy()
                self.how.append("other text dates")
            self.todo &= self.out.isna().to_numpy()
        if self.codes is not None:  # back from the distinct values to the rows
            self.out = pd.Series(np.append(self.out.to_numpy(dtype="datetime64[ns]"),
                                           np.datetime64("NaT", "ns"))[self.codes], dtype="datetime64[ns]")
            self.impossible, self.todo = self._rows(self.impossible), self._rows(self.todo)
            self.periods = self._rows(self.periods)
            self.s, self.codes = self.source, None
        if self.todo.any():  # "-", "n/a", "TBD": no date yet
            self.todo = self.todo & ~blank_placeholders(self.source, self.todo, column=self.column,
                                                        lines=self.lines, detected=detected)
        self._raise_if_bad()
        if detected is not None and self.how:
            detected.setdefault("date_formats", {})[self.column] = " + ".join(dict.fromkeys(self.how))
        return self.out.set_axis(self.index)

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
        lines = self.lines[self._rows(suspect)]
        example = got[swappable].iloc[0]
        note = (f"{counted(len(lines), 'date cell')} beside day-first text dates may have day and month swapped, as a "
                f"month-first Excel does on opening a day-first file ({rows_text(lines)}: "
                f"{example:%Y-%m-%d} may be {example.month} {_MONTHS[example.day]})")
        warn(f"{self.file}: column {column_as_headed(self.column, detected)}: {note}. Check those dates, or open the file with Excel's "
             "Data > From Text/CSV and the DMY date format.", DataQualityWarning)
        if detected is not None:
            detected.setdefault("swapped_dates", {})[self.column] = note

    def _raise_if_bad(self) -> None:
        file, column = self.file, self.column
        if self.periods.any():
            bad = self.lines[self.periods]
            vals = list(dict.fromkeys(self.source[self.periods].astype(str).str.strip()))[:3]
            raise SchemaError(f"{file}: column '{column}' has {', '.join(map(repr, vals))} on {rows_text(bad)}: a "
                              "quarter, a week or a month, not a date (read as its first day it could be months "
                              "early). Write the day meant, as an ISO date (2024-05-31).",
                              file=file, column=column, rows=bad)
        if self.impossible.any():
            bad = self.lines[self.impossible]
            vals = self.source[self.impossible].astype(str).head(3).tolist()
            weeks = any(re.fullmatch(_WEEK_DATE, v.strip()) for v in vals)
            raise SchemaError(f"{file}: column '{column}' has dates that do not exist: "
                              f"{', '.join(repr(v) for v in vals)} on {rows_text(bad)} (a day or month of 0, a "
                              "month above 12 or a day past the month's end"
                              + (", or a week the year does not have" if weeks else "") + "). Correct those cells; ISO dates "
                              "(2024-05-31) are the safest to write." + _serial_hint(self.source[self.impossible]),
                              file=file, column=column, rows=bad)
        if self.todo.any():
            cells = self.source[self.todo]
            shown = self._as_written(self.todo)
            raise not_dates(cells if shown is None else shown, file=file, column=column, lines=self.lines[self.todo],
                            hint=_serial_hint(cells, origin=self.excel_origin,
                                              epoch=bool({EPOCH_MS, EPOCH_S} & set(self.how)), as_written=shown))

    def _as_written(self, rows: np.ndarray) -> pd.Series | None:
        """The cells on the ``rows`` mask of a column read as numbers, as the file writes them (``46.360``,
        not 46.36); None when the column is text, or without :attr:`written`."""
        if self.written is None or not pd.api.types.is_numeric_dtype(self.source):
            return None
        written = pd.Series(self.written(), dtype=object).reset_index(drop=True)
        cells = self.source[rows]
        # a cell the file does not give back as read is quoted as read
        return written[rows].where(written[rows].notna(), cells.astype(str)).set_axis(cells.index)


def not_dates(cells: pd.Series, *, file: str, column: str, lines: np.ndarray, hint: str = "") -> SchemaError:
    """The :class:`SchemaError` for ``cells`` of a date column that are not dates, on source ``lines``,
    quoting the first three and ending with ``hint`` (what they may be, e.g. :data:`EPOCH_ZERO`)."""
    vals = cells.astype(str).head(3).tolist()
    return SchemaError(f"{file}: column '{column}' must hold dates but has {', '.join(repr(v) for v in vals)} on "
                       f"{rows_text(lines)}. Use ISO dates (2024-05-31 14:00) or the tracker's own export format."
                       + hint, file=file, column=column, rows=lines)


#: What a 0 among epoch times is (:func:`not_dates`' hint).
EPOCH_ZERO = (" 0 is the epoch's start, 1970-01-01, not a date here: a blank written as 0; clear those cells or "
              "write the date.")
#: What a number far smaller than the epoch times beside it is (:func:`not_dates`' hint).
EPOCH_SMALL = (" Beside epoch times, a number this small would be a time in 1973 or before: another unit (seconds "
               "among milliseconds, an Excel serial day) or not a date; write the date.")


#: Excel's day 0 (1900 date system) as a date cell shows it: 00/01/1900 (day first), 1/0/1900 (month first),
#: 1900-01-00.
_DAY_0_SHOWN = r"0?0([/.-])0?1\1(19)?00|0?1([/.-])0?0\3(19)?00|1900-01-00"

#: A number written with a thousands dot, a decimal comma or both (``46.360``, ``46360,5``, ``46.360,5``), as a
#: ';'-separated (European) file writes a serial day the column was not formatted to show as a date.
_EUROPEAN_NUMBER = r"[1-9]\d{0,2}(?:\.\d{3})+(?:,\d+)?|\d+,\d+"


def _serial_hint(bad: pd.Series, origin: str = EXCEL_ORIGIN, epoch: bool = False,
                 as_written: pd.Series | None = None) -> str:
    """What cells that are not dates may be, in Excel's terms: day 0 (``0``, or ``00:00:00``, the time a
    date cell holding 0 shows) or serial day numbers (``45414``: a CSV saved from a column not formatted
    as dates, beside cells that are), counted from ``origin``; in a column of epoch times (``epoch``), a 0
    is a blank written as 0. "" when none of these. ``as_written``: the cells as quoted (as the file writes them,
    when ``bad`` holds the numbers read from them), by default ``bad`` as text."""
    text = bad.dropna().astype(str).str.strip()
    number = pd.to_numeric(text, errors="coerce")
    quoted = text if as_written is None else as_written[text.index].astype(str).str.strip()  # as the message quotes them
    # 46.360 (read as 46.36, or not a number at all) is the serial day 46360 in a file that groups thousands with dots
    european = quoted.str.fullmatch(_EUROPEAN_NUMBER)
    number = number.mask(european, pd.to_numeric(quoted[european].str.replace(".", "", regex=False)
                                                  .str.replace(",", ".", regex=False), errors="coerce"))
    if epoch:
        return EPOCH_ZERO if (number == 0).any() else EPOCH_SMALL if (number.abs() < 1e11).any() else ""
    hints = []
    whole = number[(number >= 1) & (number < 2_958_466)]  # as dates, by the calendar (no overflow past 2262)
    day = pd.Series([(datetime.date.fromisoformat(origin) + datetime.timedelta(days=float(x))).isoformat()
                     for x in whole.to_numpy()], index=whole.index, dtype=object)
    if len(serial := day[(day >= EARLIEST_SERIAL_DATE) & (day <= LATEST_SERIAL_DATE)]):
        at = serial.index[0]
        marks = " and ".join(m for m, shown in (("a thousands dot", "." in quoted[at]),
                                                ("a decimal comma", "," in quoted[at])) if shown)
        written = f" written with {marks} ({number[at]:.10g} is {serial.iloc[0]})" if european[at] else \
            f" ({serial.iloc[0]})"
        hints.append(f" '{quoted[at]}' looks like an Excel serial day{written}: format the column as dates in Excel "
                     "before saving, or write ISO dates.")
    if len(early := day[day < EARLIEST_SERIAL_DATE]):
        hints.append(f" '{quoted[early.index[0]]}' as an Excel serial day would be {early.iloc[0]}: a year or another "
                     "number, not a date; write the full date.")
    compact = pd.to_datetime(text.where(text.str.fullmatch(r"(19[5-9]|20\d|2100)\d{5}")), format="%Y%m%d",
                             errors="coerce").dropna()
    if len(compact):
        hints.append(f" '{quoted[compact.index[0]]}' looks like a date written without separators "
                     f"({compact.iloc[0]:%Y-%m-%d}): write it so.")
    if shown := text[text.str.fullmatch(_DAY_0_SHOWN)].tolist():
        hints.append(f" '{shown[0]}' is how Excel shows its day 0 as a date: a date cell left at 0; clear those "
                     "cells or write the date.")
    if ((number >= 0) & (number < 1)).any() or text.str.fullmatch(r"\d{1,2}:\d\d(:\d\d)?").any():  # a time alone: on day 0
        hints.append(f" 0 (shown as 00:00:00 in a date cell) is Excel's day 0, {origin}: a date left at 0 or a "
                     "time without a date; clear those cells or write the date.")
    return "".join(hints)


def _date_cells(s: pd.Series) -> np.ndarray | None:
    """Mask of the date cells (a workbook's datetimes) in a column that mixes them with text, else None."""
    if s.dtype != object or pd.api.types.infer_dtype(s, skipna=True) != "mixed":
        return None
    cells = (s.notna() & s.str.len().isna()).to_numpy()  # .str gives no length for what is not text
    return cells if pd.api.types.infer_dtype(s[cells], skipna=True) in ("datetime", "date") else None


def _full_year(y: pd.Series) -> pd.Series:
    """Years as written, two digits (or one) as strptime's ``%y`` reads them (69-99: 1900s)."""
    n = y.astype(int)
    return n.where(y.str.len() == 4, np.where(n < 69, 2000 + n, 1900 + n))


def _year_month_day(text: str, order: str) -> tuple[int, int, int]:
    """A numeric date's year (in full), month and day as ``order`` reads it (month and day unchecked)."""
    m = re.match(_YEAR_LAST, re.sub(_WEEKDAY, "", text))
    a, b, c = m["a"], int(m["b"]), m["y"]
    y, month, day = ((a, b, int(c)) if order == YEAR_FIRST else
                     (c, *((b, int(a)) if order == DAY_FIRST else (int(a), b))))
    return int(_full_year(pd.Series([y])).iloc[0]), month, day


def _reading(text: str, order: str) -> str:
    y, month, day = _year_month_day(text, order)
    if month > 12:
        return f"impossible {order} (no month {month})"
    if day > 31:
        return f"impossible {order} (no day {day})"
    return f"{day} {_MONTHS[month]} {y} {order}"


def _as_iso(c: DateColumn, row: int, order: str, detected: dict | None) -> str:
    """The date on row position ``row`` of ``c`` as ``order`` reads it, written as ISO, with its column and line
    (``05/06/24 in 'created', line 3, read day first, is 2024-06-05``): the user's own date, to check and to copy."""
    y, month, day = _year_month_day(c.text_at(row), order)
    return (f"{c.written_at(row)} in {column_as_headed(c.column, detected)}, line {c.lines[row]}, read {order}, is "
            f"{y:04d}-{month:02d}-{day:02d}")


def _evidence(columns: list[DateColumn]) -> tuple[list, list]:
    day, month = [], []
    for c in columns:
        d, m = c.evidence()
        if len(d):
            day.append((c, d))
        if len(m):
            month.append((c, m))
    return day, month


def date_order(columns: list[DateColumn], *, file: str, detected: dict | None = None,
               others=None) -> str:
    """One day/month order for every numeric date in a file, from all its date columns.

    A date that only one order can read (13/03/2024 is day first, 03/13/2024 month
    first, 32/01/05 a two-digit year first) settles it for the whole file; dates that settle it
    two ways are a :class:`SchemaError` naming both columns, their lines and both readings. When none
    of ``columns`` settles it, the file's other date columns (``others()``: those it does not
    use, such as a due date; read only then) may, if they agree. Else day first is assumed, recorded in
    ``detected["date_order"]`` and announced with a :class:`DataQualityWarning`; so is day first
    where a two-digit year first (24/01/02: 2 January 2024 or 24 January 2002) reads every date too.
    """
    years = [(c, c.year_first()) for c in columns]
    year_only = [(c, f[0]) for c, f in years if len(f[0])]
    not_year = [(c, f[1]) for c, f in years if len(f[1])]
    if year_only and not_year:
        (cy, y), (cn, n) = year_only[0], not_year[0]
        own = DAY_FIRST if not _reading(cn.text_at(n[0]), DAY_FIRST).startswith("impossible") else MONTH_FIRST
        _disagree(file, (cy, y, YEAR_FIRST), (cn, n, own), detected)
    if year_only:
        c, pos = year_only[0]
        if detected is not None:
            detected["date_order"] = f"{YEAR_FIRST} (settled by {c.written_at(pos[0])!r} in {column_as_headed(c.column, detected)}, line " \
                                     f"{c.lines[pos[0]]})"
        return YEAR_FIRST
    day, month = _evidence(columns)
    if not (day or month) and others is not None:
        extra_day, extra_month = _evidence(others())
        if bool(extra_day) != bool(extra_month):  # they agree; columns not read stop nothing
            day, month = extra_day, extra_month
    if day and month:
        _disagree(file, (*day[0], DAY_FIRST), (*month[0], MONTH_FIRST), detected)
    if day or month:
        order = DAY_FIRST if day else MONTH_FIRST
        c, pos = (day or month)[0]
        note = f"{order} (settled by {c.written_at(pos[0])!r} in {column_as_headed(c.column, detected)}, line {c.lines[pos[0]]})"
    else:
        order, note = DAY_FIRST, None
        both = [(c, pos) for c in columns if len(pos := c.ambiguous())]
        if both and all(c.dotted(pos) for c, pos in both):
            note = "day first (dates written with dots, 05.06.2024, as every locale that writes them so reads them)"
        elif both:
            example = both[0][0].text_at(both[0][1][0])
            if (detected or {}).get("format") in MONTH_FIRST_FORMATS:
                # the tracker's own export says it: its CSV writes dates month first
                order, why = MONTH_FIRST, MONTH_FIRST_FORMATS[detected["format"]]
            else:  # a 12-hour clock is a clue, not proof (US exports write it, Australian ones too, day first)
                why = AM_PM_HINT if _AM_PM.search(example) else ""
            note = f"{order} (assumed: no date in the file settles it{why})"
            n = sum(len(p) for _, p in both)
            shown = both[0][0].written_at(both[0][1][0])
            said = f"{n:,} dates such as {shown} could be" if n > 1 else f"1 date, {shown}, could be"
            warn(f"{file}: {said} day or month first and no date in the file settles it; read {order} "
                 f"({_reading(example, order).removesuffix(' ' + order)}{why}). Write ISO dates to be sure "
                 f"({_as_iso(both[0][0], both[0][1][0], order, detected)}).", DataQualityWarning)
    year_can = [(c, f[2]) for c, f in years if len(f[2])]
    if order == DAY_FIRST and year_can and not not_year:
        c, pos = year_can[0]
        example, shown = c.text_at(pos[0]), c.written_at(pos[0])
        spans = [c.years_both_ways() for c, _ in year_can]
        first, last = set().union(*(a for a, _ in spans)), set().union(*(b for _, b in spans))
        if len(first) > 3 and len(first) >= YEARS_APART * len(last):
            # dd/mm/yy of one year or two: read year first, its dates would spread over every day's year
            note = (f"day first (dates such as {shown!r} could be year first, yy/mm/dd, but would then fall in "
                    f"{len(first)} different years, against {len(last)} read day first)")
            if detected is not None:
                detected["date_order"] = note
            return order
        note = f"day first (assumed: dates such as {shown!r} could be year first, yy/mm/dd, and no date in the " \
               "file settles it)"
        cols = ", ".join(column_as_headed(c.column, detected) for c, _ in year_can)
        n = sum(len(p) for _, p in year_can)
        warn(f"{file}: {counted(n, 'date')} in {agree(len(year_can), 'column', 'columns')} "
             f"{cols}, such as {shown}, could be year first "
             f"({_reading(example, YEAR_FIRST).removesuffix(' ' + YEAR_FIRST)}) or day first "
             f"({_reading(example, DAY_FIRST).removesuffix(' ' + DAY_FIRST)}) and no date in the file "
             f"settles it; read day first. Write ISO dates to be sure ({_as_iso(c, pos[0], DAY_FIRST, detected)}).",
             DataQualityWarning)
    if detected is not None and note:
        detected["date_order"] = note
    return order


def _disagree(file: str, first: tuple, second: tuple, detected: dict | None = None):
    """SchemaError: two dates settle the order two ways; each ``(DateColumn, row positions, its order)``,
    named with its lines and both readings, its column as the file heads it (``detected["_headers"]``)."""
    (c1, p1, o1), (c2, p2, o2) = first, second
    v1, v2 = c1.text_at(p1[0]), c2.text_at(p2[0])  # read; quoted as written
    w1, w2 = c1.written_at(p1[0]), c2.written_at(p2[0])
    what = "day/month order" if {o1, o2} == {DAY_FIRST, MONTH_FIRST} else "the order of year, month and day"
    raise SchemaError(
        f"{file}: the dates disagree on {what}: column {column_as_headed(c1.column, detected)} has {w1!r} on "
        f"{rows_text(c1.lines[p1])} ({_reading(v1, o1)}; {_reading(v1, o2)}), but "
        f"column {column_as_headed(c2.column, detected)} has {w2!r} on {rows_text(c2.lines[p2])} ({_reading(v2, o2)}; "
        f"{_reading(v2, o1)}). Write every date in the file the same way, ideally as ISO dates.",
        file=file, column=c2.column, rows=c2.lines[p2])


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


#: Month names and abbreviations in German, French, Spanish and Portuguese (lower case, accents
#: kept), as English abbreviations; English ones pass through.
FOREIGN_MONTHS = {
    **dict.fromkeys(("jän", "jänner", "januar", "janv", "janvier", "ene", "enero", "janeiro"), "Jan"),
    **dict.fromkeys(("februar", "févr", "fév", "fevr", "février", "febrero", "fev", "fevereiro"), "Feb"),
    **dict.fromkeys(("mär", "märz", "mrz", "mars", "marzo", "março", "marco"), "Mar"),
    **dict.fromkeys(("avr", "avril", "abr", "abril"), "Apr"),
    **dict.fromkeys(("mai", "mayo", "maio"), "May"),
    **dict.fromkeys(("juni", "juin", "junio", "junho"), "Jun"),
    **dict.fromkeys(("juli", "juil", "juillet", "julio", "julho"), "Jul"),
    **dict.fromkeys(("août", "aout", "ago", "agosto"), "Aug"),
    **dict.fromkeys(("sept", "septembre", "septiembre", "set", "setembro"), "Sep"),
    **dict.fromkeys(("okt", "oktober", "octobre", "octubre", "out", "outubro"), "Oct"),
    **dict.fromkeys(("novembre", "noviembre", "novembro"), "Nov"),
    **dict.fromkeys(("dez", "dezember", "déc", "decembre", "décembre", "dic", "diciembre", "dezembro"), "Dec"),
}
_WORD = re.compile(r"[^\W\d_]+\.?")


def english_months(text: pd.Series) -> pd.Series:
    """Dates' month names in another language as English abbreviations (``03/Mär/24`` -> ``03/Mar/24``)."""
    def one(t):
        if not isinstance(t, str):
            return t
        return _WORD.sub(lambda m: FOREIGN_MONTHS.get(m.group(0).rstrip(".").lower(), m.group(0)), t)

    if not text.astype("string").str.contains(r"[^\W\d_]", regex=True).fillna(False).any():
        return text
    return text.map(one)


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
