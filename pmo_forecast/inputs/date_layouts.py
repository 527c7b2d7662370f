"""How date cells are written: the layouts read without a day/month choice, and what a cell that is no date may be.

Jira's fixed layouts (:func:`jira_dates`), month names in other languages (:func:`english_months`),
numbers as Excel serial days or epoch times (:func:`numeric_dates`), the parts of a numeric date written
day and month first (:data:`YEAR_LAST`, :func:`full_year`) or year first (:data:`YEAR_FIRST_DATE`), ISO week
dates (:func:`week_date_days`), a time zone's name after a time (:data:`ZONE_NAME`), a quarter, week or month
that names no day (:func:`period_cells`), and the :class:`SchemaError` for cells that are not dates with hints
at what they are (:func:`not_dates`, :func:`serial_hint`). Used by the date
column reader, :mod:`pmo_forecast.inputs.dates`, and the day/month order, :mod:`pmo_forecast.inputs.date_order`.
"""

from __future__ import annotations

import contextlib
import datetime
import re

import numpy as np
import pandas as pd

from ..core.exceptions import SchemaError
from ..core.labels import in_words
from ..core.source_lines import rows_text

#: Day and month first in either order (31/05/2024, 05-31-24, 31.05.2024), then a time.
YEAR_LAST = r"^(?P<a>\d{1,2})(?P<sep>[-/.])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})(?P<tail>(?:[T ].*)?)$"

#: Year first (2024-05-31, 2024/5/31, 2024.05.31), then anything (a time) after a space or ``T``: read without a
#: day/month choice (unlike a two-digit year first, :data:`~pmo_forecast.inputs.date_order.YEAR_FIRST`).
YEAR_FIRST_DATE = r"^(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?P<tail>(?:[T ].*)?)$"


#: A weekday's abbreviations, English, German and French (MS Project's ``Mon``, ``Mo``, ``lun``), by its number (0
#: for Monday), each the start of the weekday's full name (``Montag``, ``lundi``: :data:`WEEKDAY`).
WEEKDAY_NUMBERS = {w: i for i, names in enumerate((("mon", "mo", "lun"), ("tue", "di", "mar"), ("wed", "mi", "mer"),
                                                    ("thu", "do", "jeu"), ("fri", "fr", "ven"), ("sat", "sa", "sam"),
                                                    ("sun", "so", "dim")))
                   for w in names}
#: A weekday name before a date (MS Project's ``Mon 3/2/26``, its German ``Mo 02.03.26`` and French ``lun 02/03/26``):
#: dropped, and its day settles the order. The longer abbreviations first (``Montag`` is ``mo`` and the rest).
WEEKDAY = (rf"(?i)^(?P<wd>{'|'.join(sorted(WEEKDAY_NUMBERS, key=len, reverse=True))})"
           r"(?:day|sday|nesday|rsday|urday|s|r|rs"  # English: Monday, Tues, Thur, Thurs
           r"|ntag|enstag|ttwoch|nnerstag|eitag|mstag|nntag"  # German: Montag ... Sonntag
           r"|di|credi|dredi|edi|anche)?"  # French: lundi, mardi, mercredi, jeudi, vendredi, samedi, dimanche
           r"\.?,?\s+")


#: English month names by number (``MONTHS[5]`` is ``"May"``), as messages spell a date out.
MONTHS = ("", "January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


def full_year(y: pd.Series) -> pd.Series:
    """Years as written, two digits (or one) as strptime's ``%y`` reads them (69-99: 1900s).

    Parameters
    ----------
    y : pandas.Series
        Years as text, as a numeric date writes them (``"2024"``, ``"24"``, ``"5"``).

    Returns
    -------
    pandas.Series
        The years in full, as integers (``24`` is 2024, ``75`` is 1975).
    """
    n = y.astype(int)
    return n.where(y.str.len() == 4, np.where(n < 69, 2000 + n, 1900 + n))


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


def numeric_dates(s: pd.Series, origin: str = EXCEL_ORIGIN) -> tuple[pd.Series, str]:
    """Numbers read as dates: epoch milliseconds or seconds by their size, else Excel serial days.

    Parameters
    ----------
    s : pandas.Series
        A column of numbers.
    origin : str
        Day 0 of serial days: :data:`EXCEL_ORIGIN`, or :data:`EXCEL_1904_ORIGIN` for a workbook in
        the 1904 date system.

    Returns
    -------
    dates : pandas.Series
        The dates, to the millisecond; NaT where a number is no such date (a 0, a serial day before
        :data:`EARLIEST_SERIAL_DATE`, a small number among epoch times).
    how : str
        How they were read (:data:`EPOCH_MS`, :data:`EPOCH_S` or Excel serial days), as
        ``detected["date_formats"]`` says it.
    """
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


def not_dates(cells: pd.Series, *, file: str, column: str, lines: np.ndarray, hint: str = "") -> SchemaError:
    """The :class:`SchemaError` for ``cells`` of a date column that are not dates, on source ``lines``,
    quoting the first three distinct values (each once, however many lines hold it: every line is named) and how
    many more there are, ending with ``hint`` (what they may be, e.g. :data:`EPOCH_ZERO`)."""
    vals = list(dict.fromkeys(cells.astype(str)))
    return SchemaError(f"{file}: column '{column}' must hold dates but has {in_words(vals, 3)} on "
                       f"{rows_text(lines)}. Use ISO dates (2024-05-31 14:00) or the tracker's own export format."
                       + hint, file=file, column=column, rows=lines)


#: What a 0 among epoch times is (:func:`not_dates`' hint).
#: The words of an epoch time's unit in a hint.
EPOCH_UNITS = {"s": "seconds", "ms": "milliseconds"}
EPOCH_ZERO = (" 0 is the epoch's start, 1970-01-01, not a date here: a blank written as 0; clear those cells or "
              "write the date.")
#: What a number far smaller than the epoch times beside it is (:func:`not_dates`' hint).
EPOCH_SMALL = (" Beside epoch times, a number this small would be a time in 1973 or before: another unit (seconds "
               "among milliseconds, an Excel serial day) or not a date; write the date.")


#: Excel's day 0 (1900 date system) as a date cell shows it: 00/01/1900 (day first), 1/0/1900 (month first),
#: 1900-01-00.
_DAY_0_SHOWN = r"0?0([/.-])0?1\1(19)?00|0?1([/.-])0?0\3(19)?00|1900-01-00"

#: A number written with a thousands dot, a decimal comma or both (``46.360``, ``46360,5``, ``46.360,5``), as a
#: ';'-separated (European) file writes a serial day the column was not formatted to show as a date; signed too
#: (``+46.360`` was read as 46.36, hinted as 1900-02-14).
_EUROPEAN_NUMBER = r"[+-]?(?:[1-9]\d{0,2}(?:\.\d{3})+(?:,\d+)?|\d+,\d+)"


def serial_hint(bad: pd.Series, origin: str = EXCEL_ORIGIN, epoch: bool = False,
                as_written: pd.Series | None = None) -> str:
    """What cells that are not dates may be, in Excel's terms: day 0 (``0``, or ``00:00:00``, the time a
    date cell holding 0 shows) or serial day numbers (``45414``: a CSV saved from a column not formatted
    as dates, beside cells that are), counted from ``origin``; in a column of epoch times (``epoch``), a 0
    is a blank written as 0. "" when none of these. ``as_written``: the cells as quoted (as the file writes them,
    when ``bad`` holds the numbers read from them), by default ``bad`` as text.

    Parameters
    ----------
    bad : pandas.Series
        The cells that are not dates (text, or the numbers read from them).
    origin : str
        Day 0 of serial days (:data:`EXCEL_ORIGIN` or :data:`EXCEL_1904_ORIGIN`).
    epoch : bool
        Whether the column's other cells are epoch times.
    as_written : pandas.Series, optional
        The cells as the file writes them, to quote.

    Returns
    -------
    str
        Sentences to end :func:`not_dates`' message with (each starting with a space), or ``""``.
    """
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
    for unit, size in (("s", 1), ("ms", 1000)):  # an epoch time among dates: a column exported as numbers
        at = pd.to_datetime(number[(number >= 3e8 * size) & (number < 4.1e9 * size)], unit=unit)
        if len(at := at[(at >= EARLIEST_SERIAL_DATE) & (at <= LATEST_SERIAL_DATE)]):
            hints.append(f" '{quoted[at.index[0]]}' looks like an epoch time in {EPOCH_UNITS[unit]} "
                         f"({at.iloc[0]:%Y-%m-%d %H:%M} UTC): write the date, or the whole column as epoch times.")
            break
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


#: A time of day followed by a time zone's name (``10:00 CET``, ``3:00 PM EST``, ``09:30 (Europe/Berlin)``): an
#: abbreviation or an IANA name. Dropped as an offset is: the time is kept as written, so an abbreviation that
#: names several zones (EST, IST) is read the same whichever it means; another word after a time is no zone.
ZONE_NAME = (r"(?P<time>\d:\d\d(?::\d\d(?:[.,]\d+)?)?(?:\s*[AaPp]\.?[Mm]\.?)?)\s*\(?(?P<zone>"
             r"UTC|GMT|WET|WEST|BST|IST|CET|CEST|MET|MEST|EET|EEST|MSK|SAST|GST|PKT|HKT|SGT|CST|JST|KST|AWST|ACST|"
             r"ACDT|AEST|AEDT|NZST|NZDT|HST|AKST|AKDT|PST|PDT|MST|MDT|CDT|EST|EDT|AST|ADT|NST|NDT|BRT|ART|"
             r"[A-Z][A-Za-z]+(?:/[A-Za-z_+-]+){1,2})\)?\s*$")


#: A time of day on a German 12-hour clock (``9:00 vorm.``, ``2:30 nachm.``: Windows' and Excel's de-DE AM and PM
#: designators, "vormittags" and "nachmittags"), its designator read as AM or PM.
GERMAN_MERIDIEM = re.compile(r"(?P<time>\d:\d\d(?::\d\d)?)\s*(?P<word>vorm|nachm)\.?\s*$", re.IGNORECASE)

#: A month's name in English, abbreviated or in full (a period's, :data:`_PERIOD`).
_MONTH_NAME = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
               r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
#: A quarter, an ISO week or a month (2026-Q1, Q1 2026, 2026-W49, 2026-12, May 2026): a period, no day of it.
_PERIOD = (rf"(?i)\d{{4}}-?Q[1-4]|Q[1-4][ /-]?\d{{4}}|\d{{4}}-?W\d\d|\d{{4}}-\d\d|{_MONTH_NAME}[ /-]\d{{4}}"
           rf"|\d{{4}}[ /-]{_MONTH_NAME}")
_NS_PER_DAY = 86_400 * 10**9


def period_cells(text: pd.Series, out: pd.Series, todo: np.ndarray) -> np.ndarray:
    """Mask of the cells of ``text`` naming a period (:data:`_PERIOD`), no day.

    Parameters
    ----------
    text : pandas.Series
        A date column's cells as text.
    out : pandas.Series
        The dates read from them so far (NaT where none).
    todo : numpy.ndarray
        Mask of the cells not read yet.

    Returns
    -------
    numpy.ndarray
        Mask of the cells that name a quarter, an ISO week or a month, among those not read yet (``todo``) and
        those ``out`` read as a month's first day at midnight.
    """
    # a period names no day: '2026-12' (ISO's month) was read as the 1st, '2026-Q1' as 1 January (its '1'
    # passed for the day) while '2026-Q4' was refused; each is refused, said as what it is
    month_start = out.to_numpy(dtype="datetime64[ns]").view("i8") % _NS_PER_DAY == 0  # ISO's month: midnight
    month_start[month_start] = (out[month_start].dt.day == 1).to_numpy()  # the 1st (NaT: never midnight)
    maybe = np.flatnonzero(todo | month_start)
    periods = np.zeros(len(text), bool)
    periods[maybe] = text.iloc[maybe].str.strip().str.fullmatch(_PERIOD).to_numpy(bool, na_value=False)
    return periods


#: An ISO week date, a week and its day (2026-W49-4, 2026W494: Thursday of week 49), which names a day.
WEEK_DATE = r"(?i)^(?P<y>\d{4})(?:-W(?P<w>\d\d)-(?P<d>[1-7])|W(?P<w2>\d\d)(?P<d2>[1-7]))$"


def week_date_days(text: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """The cells of ``text`` that are ISO week dates (:data:`WEEK_DATE`: 2026-W49-4 is 2026-12-03), and their days.

    Parameters
    ----------
    text : pandas.Series
        A date column's cells as text.

    Returns
    -------
    found : numpy.ndarray
        Mask of the cells that are ISO week dates.
    days : numpy.ndarray
        Their days, as ``datetime64[ns]``, one per cell found: NaT for a week the year does not have (2026-W53-1,
        a date that does not exist).
    """
    parts = text.str.strip().str.extract(WEEK_DATE)
    found = parts["y"].notna().to_numpy()
    days = []
    for y, w, d, w2, d2 in parts[found].itertuples(index=False):  # a few distinct cells
        try:
            days.append(datetime.date.fromisocalendar(int(y), int(w if isinstance(w, str) else w2),
                                                      int(d if isinstance(d, str) else d2)))
        except ValueError:
            days.append(None)
    return found, pd.to_datetime(pd.Series(days, dtype=object)).to_numpy(dtype="datetime64[ns]")
