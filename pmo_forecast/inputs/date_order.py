"""One day/month order for a file's numeric dates (``03/04/2024``), from all its date columns.

:func:`date_order` decides it from the evidence each :class:`~pmo_forecast.inputs.dates.DateColumn`
finds (a date that only one order can read settles it; dates that settle it two ways are a
:class:`SchemaError`); when nothing settles it, day first is assumed and said. What each numeric date says
of the order is read here too, from its parts (:func:`numeric_date_parts`): which orders read it
(:func:`read_one_way`, :func:`reads_both_ways`) and whether a two-digit year first does
(:func:`two_digit_year_first`, :func:`years_both_ways`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..core.exceptions import DataQualityWarning, SchemaError, warn
from ..core.labels import agree, counted
from ..core.source_lines import rows_text
from .cells import column_as_headed
from .date_layouts import MONTHS, WEEKDAY, WEEKDAY_NUMBERS, YEAR_LAST, full_year
from .formats import CLICKUP

if TYPE_CHECKING:
    from .dates import DateColumn


#: Day-month order of numeric dates such as 03/04/2024 (one per file; see :func:`date_order`), or a two-digit
#: year first (24/01/02: 2 January 2024), which a first number above 31 settles.
DAY_FIRST, MONTH_FIRST, YEAR_FIRST = "day first", "month first", "year first"
#: What a date that a two-digit year first cannot read (13/01/45, 01/02/2024) settles against it.
NOT_YEAR_FIRST = f"{DAY_FIRST} or {MONTH_FIRST}"
#: Two-digit-year dates that read both yy/mm/dd and dd/mm/yy are read day first without a warning when
#: that puts them in this many times fewer distinct years (a year's exports fall in one or two years, read
#: year first in one per day of the month); the other way round is no evidence (dates on the 1st of each
#: month read year first fall in one year too), so it stays a warning.
YEARS_APART = 3


#: A time on a 12-hour clock (3:00 PM, 3pm, 3:00 p.m.), and what the day-first assumption then adds: month-first
#: (US) exports write it, so a file of dates that read both ways may well be month first.
_AM_PM = re.compile(r"\d\s*[ap]\.?\s?m\b\.?", re.IGNORECASE)
AM_PM_HINT = "; the times are written with AM/PM, as month-first (US) exports write them: check which it is"

#: Tracker formats (``detected["format"]``) whose CSV export writes numeric dates month first, and what the
#: note then says: their dates that no date in the file settles are read month first, not day first.
MONTH_FIRST_FORMATS = {CLICKUP: "; ClickUp's CSV export writes dates month first, US style"}


def numeric_date_parts(text: pd.Series) -> pd.DataFrame:
    """The numeric dates among ``text`` that put the year last (``03/04/2024``, ``Mon 3/2/26``), as their parts:
    ``a`` and ``b`` (the day and month in an order still open), ``y`` (the year as written), ``tail`` (a time)
    and ``weekday`` (0 for Monday, missing when none is written); the other cells are left out."""
    weekday = text.str.extract(WEEKDAY)["wd"].str.lower()
    parts = text.str.replace(WEEKDAY, "", regex=True).str.extract(YEAR_LAST)
    parts["weekday"] = weekday.map(WEEKDAY_NUMBERS)
    return parts[parts["a"].notna()]


def reads_both_ways(parts: pd.DataFrame) -> np.ndarray:
    """Mask of the numeric dates (:func:`numeric_date_parts`) that read both day and month first (03/04/2024)."""
    a, b = parts["a"].astype(int), parts["b"].astype(int)
    # a day or month of 0 (00/01/1900, Excel's day 0 as shown) reads neither way: no date, not ambiguous
    return ((a >= 1) & (b >= 1) & (a <= 12) & (b <= 12) & (a != b)).to_numpy()


def read_one_way(parts: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Masks of the numeric dates (:func:`numeric_date_parts`) that only day first, and only month first, reads;
    a weekday written with a date settles it where the day alone does not."""
    a, b = parts["a"].astype(int), parts["b"].astype(int)
    day, month = (a > 12) & (b >= 1) & (b <= 12), (b > 12) & (a >= 1) & (a <= 12)  # 13/00/2024 settles nothing
    named = parts["weekday"].notna() & (a <= 12) & (b <= 12) & (a != b)
    if named.any():  # "Mon 3/2/26": 2 March 2026 is a Monday, 3 February a Tuesday
        y, wd = full_year(parts.loc[named, "y"]), parts.loc[named, "weekday"]
        as_day = pd.to_datetime(pd.DataFrame({"year": y, "month": b[named], "day": a[named]}), errors="coerce")
        as_month = pd.to_datetime(pd.DataFrame({"year": y, "month": a[named], "day": b[named]}), errors="coerce")
        day.loc[named] = (as_day.dt.day_of_week == wd) & (as_month.dt.day_of_week != wd)
        month.loc[named] = (as_month.dt.day_of_week == wd) & (as_day.dt.day_of_week != wd)
    return day.to_numpy(), month.to_numpy()


def two_digit_year_first(parts: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Masks of the numeric dates (:func:`numeric_date_parts`) that a two-digit year first reads (24/01/02: 2
    January 2024), and of those that day or month first reads."""
    a, b, c = parts["a"].astype(int), parts["b"].astype(int), parts["y"].astype(int)
    other = ((a >= 1) & (b >= 1) & (((a <= 31) & (b <= 12)) | ((a <= 12) & (b <= 31)))).to_numpy()
    # a weekday settles the order itself (MS Project's Mon 3/2/26 is month first)
    year = ((parts["y"].str.len() == 2) & parts["weekday"].isna() & (b >= 1) & (b <= 12) & (c >= 1)
            & (c <= 31)).to_numpy()
    return year, other


def years_both_ways(parts: pd.DataFrame) -> tuple[set, set]:
    """The years of the numeric dates (:func:`numeric_date_parts`) a two-digit year first reads, read year first,
    and read day or month first (their first number, and their last)."""
    year, _ = two_digit_year_first(parts)
    return set(parts.loc[year, "a"].astype(int)), set(parts.loc[year, "y"].astype(int))


def _year_month_day(text: str, order: str) -> tuple[int, int, int]:
    """A numeric date's year (in full), month and day as ``order`` reads it (month and day unchecked)."""
    m = re.match(YEAR_LAST, re.sub(WEEKDAY, "", text))
    a, b, c = m["a"], int(m["b"]), m["y"]
    y, month, day = ((a, b, int(c)) if order == YEAR_FIRST else
                     (c, *((b, int(a)) if order == DAY_FIRST else (int(a), b))))
    return int(full_year(pd.Series([y])).iloc[0]), month, day


def _reading(text: str, order: str, *, named: bool = True) -> str:
    """``text`` read in ``order`` ("5 June 2024 day first"; ``named=False``: "5 June 2024"), or why it cannot be."""
    y, month, day = _year_month_day(text, order)
    if month > 12:
        return f"impossible {order} (no month {month})"
    if day > 31:
        return f"impossible {order} (no day {day})"
    return f"{day} {MONTHS[month]} {y}" + (f" {order}" if named else "")


def _as_iso(c: DateColumn, row: int, order: str, detected: dict | None) -> str:
    """The date on row position ``row`` of ``c`` as ``order`` reads it, written as ISO, with its column and line
    (``05/06/24 in 'created', line 3, read day first, is 2024-06-05``): the user's own date, to check and to copy."""
    y, month, day = _year_month_day(c.text_at(row), order)
    return (f"{c.written_at(row)} in {column_as_headed(c.column, detected)}, {rows_text([c.lines[row]])}, read {order}, is "
            f"{y:04d}-{month:02d}-{day:02d}")


def settling_dates(columns: list[DateColumn]) -> dict[str, list]:
    """The dates that only one order reads, by that order: :data:`DAY_FIRST` (13/03/2024), :data:`MONTH_FIRST`
    (03/13/2024), :data:`YEAR_FIRST` (32/01/05, a two-digit year first) and :data:`NOT_YEAR_FIRST` (13/01/45,
    day or month first but no two-digit year first); each a list of ``(column, row positions)`` in the columns'
    order, a column with none left out. A date of each of two orders that exclude each other settles the order
    two ways: :func:`date_order` refuses them."""
    found = {DAY_FIRST: [], MONTH_FIRST: [], YEAR_FIRST: [], NOT_YEAR_FIRST: []}
    for c in columns:
        day, month = c.evidence()
        year_only, not_year, _ = c.year_first()
        for order, pos in ((DAY_FIRST, day), (MONTH_FIRST, month), (YEAR_FIRST, year_only), (NOT_YEAR_FIRST, not_year)):
            if len(pos):
                found[order].append((c, pos))
    return found


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
    found = settling_dates(columns)
    year_only, not_year = found[YEAR_FIRST], found[NOT_YEAR_FIRST]
    if year_only and not_year:
        (cy, y), (cn, n) = year_only[0], not_year[0]
        own = DAY_FIRST if not _reading(cn.text_at(n[0]), DAY_FIRST).startswith("impossible") else MONTH_FIRST
        _disagree(file, (cy, y, YEAR_FIRST), (cn, n, own), detected)
    if year_only:
        c, pos = year_only[0]
        if detected is not None:
            detected["date_order"] = f"{YEAR_FIRST} (settled by {c.written_at(pos[0])!r} in {column_as_headed(c.column, detected)}, " \
                                     f"{rows_text([c.lines[pos[0]]])})"
        return YEAR_FIRST
    day, month = found[DAY_FIRST], found[MONTH_FIRST]
    day_month = None  # the dates day and month first both read, warned of with those year first reads too
    if not (day or month) and others is not None:
        extra = settling_dates(others())
        if bool(extra[DAY_FIRST]) != bool(extra[MONTH_FIRST]):  # they agree; columns not read stop nothing
            day, month = extra[DAY_FIRST], extra[MONTH_FIRST]
    if day and month:
        _disagree(file, (*day[0], DAY_FIRST), (*month[0], MONTH_FIRST), detected)
    if day or month:
        order = DAY_FIRST if day else MONTH_FIRST
        c, pos = (day or month)[0]
        note = f"{order} (settled by {c.written_at(pos[0])!r} in {column_as_headed(c.column, detected)}, {rows_text([c.lines[pos[0]]])})"
    else:
        order, note = DAY_FIRST, None
        both = [(c, pos) for c in columns if len(pos := c.ambiguous())]
        if both and all(c.dotted(pos) for c, pos in both):
            note = "day first (dates written with dots, 05.06.2024, as every locale that writes them so reads them)"
        elif both:
            example = both[0][0].written_at(both[0][1][0])  # as written: a German 'vorm.' is no US clock
            if (detected or {}).get("format") in MONTH_FIRST_FORMATS:
                # the tracker's own export says it: its CSV writes dates month first
                order, why = MONTH_FIRST, MONTH_FIRST_FORMATS[detected["format"]]
            else:  # a 12-hour clock is a clue, not proof (US exports write it, Australian ones too, day first)
                why = AM_PM_HINT if _AM_PM.search(example) else ""
            note = f"{order} (assumed: no date in the file settles it{why})"
            day_month = (both, why)
    year_can = [(c, pos) for c in columns if len(pos := c.year_first()[2])] if order == DAY_FIRST and not not_year else []
    if year_can:
        c, pos = year_can[0]
        doubt = f"dates such as {c.written_at(pos[0])!r} could be year first"
        spans = [c.years_both_ways() for c, _ in year_can]
        first, last = set().union(*(a for a, _ in spans)), set().union(*(b for _, b in spans))
        if len(first) > 3 and len(first) >= YEARS_APART * len(last):
            # dd/mm/yy of one year or two: read year first, its dates would spread over every day's year
            year = (f"{doubt}, yy/mm/dd, but would then fall in {len(first)} different years, against {len(last)} "
                    "read day first")
            year_can = []  # no warning of their own
        elif day_month:
            year = f"{doubt} too, yy/mm/dd, and no date settles that either"
        else:
            year = f"assumed: {doubt}, yy/mm/dd, and no date in the file settles it"
        # day first assumed over month first is said too, with its clue (the times written with AM/PM), as the
        # warning says both: the year-first words had replaced it
        note = f"{note.removesuffix(')')}; {year})" if day_month else f"day first ({year})"
    if day_month or year_can:
        _warn_unsettled(file, order, day_month, year_can, detected)
    if detected is not None and note:
        detected["date_order"] = note
    return order


def _warn_unsettled(file: str, order: str, day_month: tuple | None, year_can: list, detected: dict | None) -> None:
    """Warn once of the dates no date in the file settles, read ``order``: ``day_month``, the dates day and month first
    both read (``(DateColumn, row positions)`` pairs) with what ``order`` was chosen from (words, after its reading),
    or None; ``year_can``, those a two-digit year first reads as well as day first (pairs). A date both (05/06/24) is
    said once with its three readings: two warnings had each told a part of it."""
    if not year_can:
        both, why = day_month
        c, at = both[0][0], both[0][1][0]
        n, shown = sum(len(p) for _, p in both), c.written_at(at)
        said = f"{n:,} dates such as {shown} could be" if n > 1 else f"1 date, {shown}, could be"
        warn(f"{file}: {said} day or month first and no date in the file settles it; read {order} "
             f"({_reading(c.text_at(at), order, named=False)}{why}). Write ISO dates to be sure "
             f"({_as_iso(c, at, order, detected)}).", DataQualityWarning)
        return
    # the example, one of those day and month first read too where there is one: all its readings to show
    ambiguous = {id(c): set(pos.tolist()) for c, pos in day_month[0]} if day_month else {}
    c, at = next(((c, r) for c, pos in year_can for r in pos.tolist() if r in ambiguous.get(id(c), ())),
                 (year_can[0][0], year_can[0][1][0]))
    example, shown = c.text_at(at), c.written_at(at)
    cols = ", ".join(column_as_headed(c.column, detected) for c, _ in year_can)
    n = sum(len(p) for _, p in year_can)
    in_cols = f"in {agree(len(year_can), 'column', 'columns')} {cols}"
    said = f"1 date, {shown}, {in_cols}," if n == 1 else f"{counted(n, 'date')} {in_cols}, such as {shown},"
    readings = {}  # each reading's date once: 05/05/24 is 5 May 2024 day or month first
    for o in (DAY_FIRST, MONTH_FIRST, YEAR_FIRST) if day_month else (YEAR_FIRST, DAY_FIRST):
        if not (read := _reading(example, o, named=False)).startswith("impossible"):
            readings.setdefault(read, o)
    could = [f"{o} ({d})" for d, o in readings.items()]
    chosen = f"read {order}"
    if day_month:
        chosen += f" ({_reading(example, order, named=False)}{day_month[1]})"
        if (m := sum(len(p) for _, p in day_month[0])) != n:  # other dates read day or month first only
            said = f"{counted(m, 'date')} could be day or month first and {counted(n, 'date')} {in_cols} year first " \
                   f"too; {shown}"
    warn(f"{file}: {said} could be {', '.join(could[:-1])} or {could[-1]} and no date in the file settles it; "
         f"{chosen}. Write ISO dates to be sure ({_as_iso(c, at, order, detected)}).", DataQualityWarning)


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
