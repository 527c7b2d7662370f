"""Numbers and hours from source cells: duration text, shares and hours a week.

:func:`parse_hours` reads plain numbers (with the decimal mark
:func:`~pmo_forecast.inputs.decimal_marks.number_styles` decides), duration text (``3h 30m``, ``2d``,
``1 mon``, ``PT4H30M``: the patterns of :mod:`~pmo_forecast.inputs.duration_text`) and a spreadsheet's
time spans as hours; :func:`hours_or_raise` names the cells that are not; :data:`UNITS` and
:func:`per_hour` are the estimate units a mapping or a header states (seconds, minutes, hours, days,
points). Used by the loaders in :mod:`pmo_forecast.inputs.io` and :mod:`~pmo_forecast.inputs.companions`
and the tracker readers in :mod:`~pmo_forecast.inputs.trackers`.
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.calendar import DAYS_PER_WEEK, HOURS_IN_A_DAY, HOURS_IN_A_WEEK, HOURS_PER_DAY
from ..core.checks import negative_or_raise, outside_share, refuse
from ..core.exceptions import SchemaError
from ..core.labels import agree, counted, id_list, in_words
from ..core.source_lines import rows_text
from .cells import blank_placeholders, matching, per_row, to_text
from .decimal_marks import (
    COMMA,
    EITHER_WAY,
    GROUP_MARKS,
    MARK_NAMES,
    POINT,
    TWO_WAY,
    above_bound,
    ambiguous_text,
    duration_marks,
    files_mark,
    number_evidence,
    number_styles,
    other_characters,
    plain_numbers,
)
from .duration_text import (
    CLOCK,
    DAYS_PER_MONTH,
    DURATION,
    ELAPSED,
    ISO_CALENDAR,
    ISO_DURATION,
    PERSON_DAY_TEXT,
    PERSON_DAYS,
    TIMER_TEXT,
)

# the decimal marks and the duration text's patterns were read here: their names still import from here
__all__ = ["UNITS", "UNIT_ALIASES", "per_hour", "TWO_WAY_TEXT", "MIXED_TEXT", "parse_hours", "column_hours",
           "PLAIN_NUMBERS", "OWN_AND_TOTAL", "OTHER_CHARACTERS", "hours_or_raise",
           "COMMA", "GROUP_MARKS", "MARK_NAMES", "POINT", "TWO_WAY", "duration_marks", "files_mark",
           "number_evidence", "number_styles", "DAYS_PER_MONTH", "PERSON_DAYS"]

#: Estimate units and how many of them make one hour (days: ``hours_per_day``; points: none).
UNITS = {"hours": 1.0, "minutes": 60.0, "seconds": 3600.0, "milliseconds": 3_600_000.0,
         "days": None, "points": None}
UNIT_ALIASES = {"h": "hours", "hour": "hours", "hrs": "hours", "min": "minutes", "minute": "minutes",
                "mins": "minutes", "s": "seconds", "second": "seconds", "secs": "seconds", "ms": "milliseconds",
                "d": "days", "day": "days", **dict.fromkeys(PERSON_DAYS, "days"),
                "story points": "points", "story_points": "points", "point": "points", "sp": "points"}


def per_hour(unit: str, hours_per_day: float = HOURS_PER_DAY) -> float:
    """How many of ``unit`` (a key of :data:`UNITS`) make one hour; points are read as they are."""
    if unit == "days":
        return 1.0 / hours_per_day
    if unit == "points":
        return 1.0
    return UNITS[unit]


#: Elapsed time where effort belongs, each refused with its own message: (pattern, in any column or only
#: where durations are read, what it is, why and what to write instead).
_ELAPSED_TIME = (
    (ELAPSED, True, "elapsed durations",
     "MS Project's elapsed time runs round the clock (24-hour days, 7-day weeks) and says nothing of the work "
     "done in it, so it is not read as hours. Give the work instead (MS Project's Work column, or working time "
     "such as 5 days)"),
    (ISO_CALENDAR, False, "ISO 8601 durations in calendar months or years",
     "a calendar month or year is elapsed time (28 to 31 days, 365 or 366), not effort, so it is not read as "
     "hours. Write the work in hours (PT160H or 160) or in working days (P20D or 20d)"),
)
#: Cells read in their own unit, whatever the unit of the column's plain numbers: what :func:`parse_hours`
#: says of them in ``notes``.
#: Time spans are said as the file shows them (``1:30``), not by the format code (``[h]:mm``) behind them.
_OWN_UNIT = {"text": "of duration text read as durations", "spans": "of time spans (h:mm, 1:30 = 1.5 h) read as hours"}
#: What :func:`parse_hours` notes of the duration text whose number reads two ways (``1.500 Std``: 1.5 or
#: 1500 h): said by :func:`hours_or_raise` when nothing in the file showed the mark it was read with.
TWO_WAY_TEXT = "two_way_text"
#: What :func:`parse_hours` notes of the plain numbers written with a minus sign (U+2212) or full-width digits
#: (``−3``, ``３``), read as their plain characters (:func:`~.decimal_marks.other_characters`): said by
#: :func:`hours_or_raise` in ``detected``, where they had been refused as no numbers.
OTHER_CHARACTERS = "number_characters"
#: What :func:`parse_hours` notes of the duration text that shows the mark the column's two-way text was not read
#: with (``1,5h`` beside ``1,500 hrs`` read as 1500): one column cannot use the comma both ways, so said.
MIXED_TEXT = "mixed_text"


def _span_hours(v) -> float:
    """Hours in a spreadsheet cell that holds a time span rather than a number; else NaN.

    A ``[h]:mm`` cell arrives as a ``timedelta``, one under a day formatted ``h:mm`` as a
    ``time``; :func:`~pmo_forecast.inputs.spreadsheet.read_workbook` gives one of a day or more so formatted
    as a ``timedelta`` too (:func:`~pmo_forecast.inputs.number_formats.time_only`). A date-time is
    not read as hours, even one in the first days of Excel's calendar (a ``h:mm`` cell of a day or
    more in a table read by pandas, 37:30 as ``1900-01-01 13:30``): without the cell's format it
    cannot be told from a number typed into a date-formatted cell, which would come out 24 times
    too large (:func:`hours_or_raise` says how to save it instead).
    """
    if isinstance(v, dt.timedelta):  # also pandas.Timedelta
        return v.total_seconds() / 3600
    if isinstance(v, dt.time):
        return v.hour + v.minute / 60 + (v.second + v.microsecond / 1e6) / 3600
    return np.nan


def _duration_number(t: pd.Series, decimal: str) -> pd.Series:
    """The numbers of duration text, read as the column's plain numbers are (``1,500 hrs`` is 1500
    with a decimal point, ``1.500 Std`` with a decimal comma); what that style cannot read takes
    either mark as the decimal one (``1,5h`` in a decimal-point column)."""
    either = pd.to_numeric(t.str.replace(",", ".", regex=False), errors="coerce").astype("float64")
    return plain_numbers(t, decimal).fillna(either)


def _clock_number(t: pd.Series) -> pd.Series:
    """A clock's hours, minutes or seconds (``30,5``, ``30.500``): a decimal fraction after either mark."""
    return pd.to_numeric(t.str.replace(",", ".", regex=False), errors="coerce").astype("float64")


def parse_hours(s: pd.Series, *, units_per_hour: float = 1.0, hours_per_day: float = HOURS_PER_DAY,
                days_per_week: float = DAYS_PER_WEEK, decimal: str | None = None, share: bool = False,
                durations: bool = True, notes: dict | None = None, most: float | None = None,
                two_way: str | None = None, percent: bool = False, percent_signs: bool = False,
                timer: bool = False, mark_doubted: bool = False) -> tuple[pd.Series, np.ndarray]:
    """Hours from numbers or duration text; returns (hours, mask of unparseable cells).

    Plain numbers are divided by ``units_per_hour`` (3600 for seconds) and written
    with ``decimal`` (``"."`` or ``","``: see :func:`number_styles`; ``None`` takes a
    decimal comma only where no value has a decimal point). Text like ``"3h 30m"``,
    ``"1,5h"``, ``"2d"``, ``"1w 2d"``, ``"1 mon"`` or ISO 8601 ``"PT4H30M"`` uses working
    days of ``hours_per_day``, weeks of ``days_per_week`` days (Jira's defaults) and months
    of :data:`DAYS_PER_MONTH` days (MS Project's); MS Project's mark of an estimated
    duration (``"5 days?"``) is dropped. A spreadsheet's time spans (``[h]:mm`` cells) are
    hours whatever the unit.
    ``share=True`` reads ``"80%"`` as 0.8 (availability); ``percent=True`` reads every number so, ``80``
    too (a column headed ``Availability (%)``); ``percent_signs=True`` reads ``"50%"`` as 0.5 of the column's
    own unit though it is no share (an FTE: half a full-time week). ``durations=False``: plain numbers
    only (money, story points), so ``"2d"`` in a budget is an unparseable cell, not 16. ``timer=True``: duration
    text in ServiceNow's spelling (``"1 Day 2 Hours 3 Minutes"``: :data:`TIMER_TEXT`) is a timer's, its days of
    :data:`~pmo_forecast.core.calendar.HOURS_IN_A_DAY` hours (a request log's hands-on time), said in
    ``notes["timer"]``; other duration text keeps ``hours_per_day``.

    ``most``: the largest plain number the column can hold, in its own unit (an FTE, a share of the
    week): a number that reads two ways (``1.000``, ``1,000``) and is above it with ``decimal`` is read
    with the other mark (1.0, not 1000 FTE), said in ``notes["two_way"]``. ``two_way``: the mark that
    reads the column's two-way numbers when the file's is not the column's (``1,250`` beside ``3,5`` in a
    file whose decimals are points is 1250: see :func:`number_styles`), plain or in duration text
    (``1,500 hrs`` is 1500 h there). ``mark_doubted``: ``decimal`` is the column's own mark against the one the
    file's separator suggests (``1,5 hrs`` in a comma-separated file), so its duration text whose number reads
    two ways is in :data:`TWO_WAY_TEXT` even where other duration text shows ``decimal``.

    ``notes``, when given, receives a row mask for each conversion the cells needed
    (``"days"``, ``"months"``, ``"estimated"``) with what it assumed, and for the cells read in
    their own unit rather than ``units_per_hour`` (``"text"``: duration text; ``"spans"``),
    as ``{kind: (assumption, mask)}``; :data:`TWO_WAY_TEXT`: the duration text whose number reads two ways
    (``1.500 Std``) when no other duration text shows ``decimal`` (``2,5 Std``), its assumption the first
    such cells with the hours read.
    """
    if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
        out = s.astype("float64") / units_per_hour / (100 if percent else 1)
        return out, np.isinf(out.to_numpy())
    codes, uniques = pd.factorize(s, use_na_sentinel=True)  # once per distinct value
    raw = np.asarray(uniques, dtype=object)
    # a spreadsheet's own cells: numbers are numbers whatever the text around them shows (a real 1.234
    # is not a thousand in a decimal-comma column) and [h]:mm durations arrive as time spans
    is_number = np.array([isinstance(v, int | float | np.integer | np.floating)
                          and not isinstance(v, bool | np.bool_) for v in raw], dtype=bool)
    cells = pd.Series(np.where(is_number, raw, np.nan), dtype="float64")
    spans = pd.Series([np.nan if n or not durations else _span_hours(v) for v, n in zip(raw, is_number,
                                                                                        strict=True)],
                      dtype="float64")
    read = (cells.notna() | spans.notna()).to_numpy()
    u = to_text(pd.Series(np.where(read, None, raw), dtype=object))  # the text cells, trimmed
    pct = u.str.endswith("%").fillna(False) if share or percent or percent_signs else \
        pd.Series(False, index=u.index)
    core = u.where(~pct, u.str[:-1].str.strip())
    pct = pct | percent  # after the sign is dropped: a number under 'Availability (%)' has none to drop
    if decimal is None:
        point, comma, _ = number_evidence(core)
        decimal = COMMA if comma.any() and not point.any() else POINT
    num = plain_numbers(core, decimal).fillna(cells)
    flipped = np.zeros(len(u), dtype=bool)
    if most is not None or two_way not in (None, decimal):
        other = plain_numbers(core, POINT if decimal == COMMA else COMMA)
        flipped = (number_evidence(core)[2] & ~pct).to_numpy(bool)
        if most is not None:  # 1.000 FTE is 1, whatever the column's mark: no one works 1000 FTE
            flipped &= above_bound(num, other, most).to_numpy(bool)
        num = num.where(~flipped, other)
    num = num.where(~pct, num / 100)
    out_u = (num / units_per_hour).fillna(spans)
    rest = (num.isna() & core.notna()).to_numpy()
    kinds = {k: np.zeros(len(u), dtype=bool) for k in ("days", "person_days", "timer", "months", "estimated",
                                                       "text", TWO_WAY_TEXT, MIXED_TEXT)}
    kinds["spans"] = spans.notna().to_numpy()
    kinds["two_way"] = flipped
    kinds[OTHER_CHARACTERS] = (other_characters(core) & num.notna()).to_numpy(bool)  # read, '−3' as -3: said
    confirmed = False
    if rest.any() and durations:
        hours, confirmed = _duration_hours(core, rest, kinds, decimal if two_way is None else two_way,
                                           hours_per_day=hours_per_day, days_per_week=days_per_week, timer=timer)
        out_u[rest] = hours
    kinds[TWO_WAY_TEXT] &= mark_doubted or kinds[MIXED_TEXT].any() or not confirmed
    kinds[MIXED_TEXT] &= kinds[TWO_WAY_TEXT].any()
    vals = per_row(out_u.to_numpy(dtype="float64"), codes, np.nan)
    out = pd.Series(vals, index=s.index, dtype="float64")
    given = per_row(u.notna().to_numpy(dtype=bool) | read, codes, False)
    bad = (np.isnan(vals) & given) | np.isinf(vals)
    if notes is not None:
        _say_conversions(notes, kinds, codes, bad, core, out_u, flipped, decimal, most, hours_per_day,
                         days_per_week)
    return out, bad


def _duration_hours(core: pd.Series, rest: np.ndarray, kinds: dict, text_mark: str, *, hours_per_day: float,
                    days_per_week: float, timer: bool) -> tuple[np.ndarray, bool]:
    """The hours of the text cells ``rest`` that are no plain numbers, read as duration text, ISO 8601 durations
    or clocks (NaN where none reads them); marks in ``kinds`` what each needed. Also whether any duration text
    shows ``text_mark`` (``2,5 Std`` says how its ``1.500 Std`` reads)."""
    confirmed = False
    hours = np.full(rest.sum(), np.nan)
    for rx in (DURATION, ISO_DURATION, CLOCK):
        todo = np.isnan(hours)
        parts = core[rest][todo].str.extract(rx)
        marked = parts.pop("q").notna().to_numpy() if "q" in parts else np.zeros(len(parts), dtype=bool)
        # a clock's seconds' fraction (0:45:30,500) is no thousands group: read with either mark, and no evidence
        clock = rx is CLOCK
        two_way_number = parts.apply(lambda c: c.astype("string").str.fullmatch(EITHER_WAY)).fillna(False) \
            .to_numpy(bool).any(axis=1) & (not clock)
        # duration text that shows the mark (2,5 Std) says how its 1.500 Std reads; the other mark, not so
        shows = [parts.apply(lambda c, k=k: number_evidence(c.astype("string"))[k]).fillna(False)
                 .to_numpy(bool).any(axis=1) & (not clock) for k in (0, 1)]
        mine = 1 if text_mark == COMMA else 0
        confirmed |= bool(shows[mine].any())
        parts = parts.apply(_clock_number if clock else lambda c: _duration_number(c, text_mark))
        matched = parts.notna().any(axis=1).to_numpy()
        if "m2" in parts:
            parts["m"] = parts["m"].fillna(parts.pop("m2"))
        part = {k: parts[k].fillna(0) if k in parts else 0 for k in ("mo", "w", "d", "h", "m", "s")}
        # ServiceNow's '1 Day 2 Hours' is a timer's 26 h; '1d 2h', '1 day 2 hours' are a working day's 10 h
        timed = core[rest][todo].str.fullmatch(TIMER_TEXT).fillna(False).to_numpy(bool) \
            if timer and rx is DURATION else np.zeros(len(parts), dtype=bool)
        got = ((part["mo"] * DAYS_PER_MONTH + part["w"] * days_per_week) * hours_per_day
               + part["d"] * np.where(timed, HOURS_IN_A_DAY, hours_per_day)
               + part["h"] + part["m"] / 60 + part["s"] / 3600)
        got = np.asarray(got, dtype="float64")
        at = np.flatnonzero(rest)[np.flatnonzero(todo)[matched]]  # the distinct values read here
        hours[np.flatnonzero(todo)[matched]] = got[matched]
        used = {k: parts[k].notna().to_numpy()[matched] if k in parts else False for k in ("mo", "w", "d")}
        person_days = core[rest][todo][matched].str.contains(PERSON_DAY_TEXT).to_numpy(bool) \
            if rx is DURATION else np.zeros(int(matched.sum()), dtype=bool)
        kinds["person_days"][at] |= person_days
        kinds["timer"][at] |= timed[matched]
        kinds["days"][at] |= used["w"] | (used["d"] & ~person_days & ~timed[matched])
        kinds["months"][at] |= used["mo"]
        kinds["estimated"][at] |= marked[matched]
        kinds[TWO_WAY_TEXT][at] = two_way_number[matched]
        kinds[MIXED_TEXT][at] = shows[1 - mine][matched]
        kinds["text"][at] = True
    return hours, confirmed


def _say_conversions(notes: dict, kinds: dict, codes: np.ndarray, bad: np.ndarray, core: pd.Series,
                     out_u: pd.Series, flipped: np.ndarray, decimal: str, most: float | None, hours_per_day: float,
                     days_per_week: float) -> None:
    """Fill :func:`parse_hours`'s ``notes``: for each conversion the cells needed, what it assumed and the rows."""
    said = {"days": f"in days or weeks, read at {hours_per_day:g} h a day and {days_per_week:g} days a week",
            "person_days": f"in person-days ({', '.join(p.upper() for p in PERSON_DAYS)}), read as days of "
                           f"{hours_per_day:g} h",
            "timer": f"in ServiceNow's duration form (1 Day 2 Hours 3 Minutes), a timer: read at "
                     f"{HOURS_IN_A_DAY} h a day, round the clock, not a working day of {hours_per_day:g} h",
            "months": f"in months, read at {DAYS_PER_MONTH} working days a month "
                      f"({DAYS_PER_MONTH * hours_per_day:g} h, MS Project's default)",
            **_OWN_UNIT,
            "estimated": "marked '?' (MS Project's estimated durations), read at their value: a '?' is "
                         "on a Duration, the working span, not on Work, the effort; map Work if it is there"}
    said[TWO_WAY_TEXT] = id_list((f"{v!r} as {h:g} h" for v, h in zip(
        core[kinds[TWO_WAY_TEXT]], out_u[kinds[TWO_WAY_TEXT]], strict=True)), 3)
    said[MIXED_TEXT] = in_words(core[kinds[MIXED_TEXT]].tolist(), 3)
    said[OTHER_CHARACTERS] = ("written with a minus sign (U+2212) or full-width digits, read as their plain "
                              "characters: " + id_list((f"{v!r} as {h:g}" for v, h in dict.fromkeys(zip(
                                  core[kinds[OTHER_CHARACTERS]], out_u[kinds[OTHER_CHARACTERS]], strict=True))), 3))
    rows_of = {kind: per_row(mask, codes, False) & ~bad for kind, mask in kinds.items()}
    if flipped.any():  # "1 cell ... it was above", said of the rows the note counts
        n = int(rows_of["two_way"].sum())
        said["two_way"] = (f"that read two ways ({', '.join(map(repr, dict.fromkeys(core[flipped])))}) read "
                           f"with {'a decimal point' if decimal == COMMA else 'a decimal comma'}: "
                           + (f"with the column's {'decimal comma' if decimal == COMMA else 'decimal point'} "
                              f"{agree(n, 'it was', 'they were')} above the {most:g} the column can hold"
                              if most is not None else "the file's mark, not the column's"))
    for kind, rows in rows_of.items():
        if rows.any():
            notes[kind] = (said[kind], rows)


def column_hours(s: pd.Series, column: str, *, lines: np.ndarray | None = None, detected: dict | None = None,
                 **kw) -> tuple[pd.Series, np.ndarray]:
    """A canonical column's cells as hours, by the one rule the loaders read it with; returns (hours, mask of the
    cells that are no hours).

    :func:`parse_hours` (``**kw``: its options): plain numbers, duration text (``1h 30m``, ``2d``), clocks
    (``00:45:00``) and time spans; in the columns read as a timer's (:data:`~pmo_forecast.core.schema.TIMER_COLUMNS`:
    a request's hands-on time) ServiceNow's ``1 Day 2 Hours`` at 24 h a day. A placeholder (``n/a``, ``-``:
    :func:`~.cells.blank_placeholders`) is blank, said in ``detected["placeholders"]`` with its ``lines`` (the
    rows' own positions without them). :func:`hours_or_raise` reads a loaded file's columns so (and, through it, the
    queue fitted to a request log given as a frame of its own its ``touch_hours``), and a people table's week read
    from another unit is read so too: one rule, not two."""
    hours, bad = parse_hours(s, timer=column in S.TIMER_COLUMNS, **kw)
    if bad.any():
        at = np.arange(len(s)) if lines is None else lines
        bad = bad & ~blank_placeholders(s, bad, column=column, lines=at, detected=detected)
    return hours, bad


#: How to write the cells of a column of plain numbers, by what it holds.
PLAIN_NUMBERS = {"an amount": "a number, optionally with a currency such as €95 or 95 EUR/h",
                 "story points": "plain numbers like 3 or 0.5"}


#: A cell giving an item's own value and, after ``· Σ``, its total with its children's: OpenProject's CSV and Excel
#: exports wrote a parent's work so (``1d 2h · Σ 4d 7h``) until they split the totals into columns of their own.
OWN_AND_TOTAL = re.compile(rf"^(?P<own>[^·]*?)\s*·\s*{re.escape(S.ROLLUP_MARK)}\s*\S.*$")


def _own_of_total(s: pd.Series, *, column: str, lines: np.ndarray, detected: dict | None) -> pd.Series:
    """``s`` with each cell written as its own value and its total (:data:`OWN_AND_TOTAL`) read as its own value,
    said in ``detected["own_of_total"]``: the children are rows of their own, so the total would count them again.
    It was refused as not hours, naming the cell."""
    if s.dtype.kind in "fiub" or not len(s):
        return s
    text = to_text(s)
    if not matching(text, OWN_AND_TOTAL).any():
        return s
    own = text.str.extract(OWN_AND_TOTAL)["own"]
    hit = own.notna().to_numpy()
    out = s.astype(object).mask(hit, own.str.strip().replace("", pd.NA))
    if detected is not None:
        first = text[hit].iloc[0]
        detected.setdefault("own_of_total", {})[column] = (
            f"{counted(int(hit.sum()), 'cell')} giving an item's own value and its total with its children's "
            f"('{first}', as OpenProject's exports write a parent's work): the own value read, the children being "
            f"rows of their own ({rows_text(lines[hit])})")
    return out


def hours_or_raise(s: pd.Series, *, file: str, column: str, lines: np.ndarray, detected: dict | None = None,
                   what: str | None = None, weekly: bool = False, daily: bool = False, unit: str | None = None,
                   assumed_mark: str | None = None, prior: str | None = None, **kw) -> pd.Series:
    """:func:`column_hours`, raising SchemaError naming the cells that are not hours (a placeholder such
    as ``-`` or ``n/a`` is blank, said in ``detected["placeholders"]``). ``what``: a number that is
    not a duration (``"an amount"`` of money, ``"story points"``); shares are not durations either.
    What reading durations assumed (8-hour days, 20-day months, an estimated ``5 days?``) is said in
    ``detected["durations"]``. MS Project's elapsed durations (``5 edays``) and ISO 8601 calendar months
    and years (``P1M``, ``P1Y``) are elapsed time, not effort: each has its own SchemaError.
    ``weekly``: hours a week (a capacity), so never in months nor above :data:`HOURS_IN_A_WEEK`.
    ``daily``: with ``weekly``, plain numbers of hours a day (``Hours per day``, read times
    :data:`DAYS_PER_WEEK`), so never above the :data:`HOURS_IN_A_DAY` a day holds, said in hours a day.
    ``unit``: the name of the unit of the plain numbers (``"seconds"``, from a mapping or the format),
    said in ``detected["units"]`` with the cells read in their own unit instead (duration text such
    as ``3h 30m``, time spans).
    ``assumed_mark``: why the ``decimal`` mark was read where no value in the file shows one (``"the default
    of a ';'-separated file"``): duration text whose number reads two ways (``1.500 Std``, 1.5 or 1500 h) is
    then ambiguous, said in ``detected[TWO_WAY]`` and warned, as :func:`number_styles` says plain numbers.
    ``prior``: the mark the file's separator suggests (:func:`~pmo_forecast.inputs.delimited.decimal_prior`):
    such text read with another mark (the other columns' ``2,5`` in a comma-separated file), or with the
    ``two_way`` mark against the column's own, is said so too."""
    s = _own_of_total(s, column=column, lines=lines, detected=detected)
    read = kw.get("two_way") or kw.get("decimal") or POINT  # the mark duration text was read with
    against = (prior is not None and read != prior) or kw.get("two_way") not in (None, kw.get("decimal"))
    notes = {} if detected is not None or weekly or assumed_mark or against else None
    durations = what is None and not kw.get("share")
    out, bad_mask = column_hours(s, column, lines=lines, detected=detected, notes=notes, durations=durations, **kw)
    if bad_mask.any():
        out = out.mask(pd.Series(bad_mask, index=out.index))  # listed (refusals_listed): the cells read as blank
        text = s.astype("string").str.strip()
        for rx, always, kind, why in _ELAPSED_TIME:
            hit = bad_mask & text.str.fullmatch(rx).to_numpy(bool, na_value=False)
            if hit.any() and (always or durations):
                vals = list(dict.fromkeys(text[hit]))
                refuse(SchemaError(f"{file}: column '{column}' has {kind} {in_words(vals, 3)} on "
                                   f"{rows_text(lines[hit])}: {why} or map another column to '{column}'.",
                                   file=file, column=column, rows=lines[hit]))
                bad_mask = bad_mask & ~hit  # listed: said once
    if bad_mask.any():
        bad = lines[bad_mask]
        vals = list(dict.fromkeys(s[bad_mask].astype(str)))
        kind, fix = (("a share", "0.8 or 80%") if kw.get("share") else
                     (what, PLAIN_NUMBERS.get(what, "plain numbers")) if what else
                     (unit, f"numbers in {unit}, or durations like 3h 30m") if unit not in (None, "hours") else
                     ("hours", "numbers like 4 or 3.5, or durations like 3h 30m"))
        # a workbook's h:mm cell of a day or more, or a number in a date-formatted cell, comes out as a
        # date-time: which of the two it was is not in the value
        dated = any(isinstance(v, dt.datetime) for v in s[bad_mask])
        hint = (" A date-time in an hours column is a duration of a day or more formatted h:mm, or a number "
                "in a cell formatted as a date: format the column [h]:mm or as a number and save again."
                if dated and not what and not kw.get("share") else "")
        refuse(SchemaError(f"{file}: column '{column}' must be numeric ({kind}) "
                           f"but has {in_words(vals, 3)} on {rows_text(bad)}. "
                           f"Fix those cells ({fix}) or map another column to '{column}'.{hint}",
                           file=file, column=column, rows=bad))
    if column in S.NOT_NEGATIVE_COLUMNS:
        negative_or_raise(s, out, file=file, column=column, rows=lines, points=what == "story points")
    if weekly:
        # the cells the parser read in their own unit (duration text, time spans), not plain numbers in the
        # column's decimal mark ('0,8' in a decimal-comma file is 0.8 h as written)
        own_unit = np.zeros(len(s), dtype=bool)
        for kind in _OWN_UNIT:
            if kind in notes:
                own_unit |= notes[kind][1]
        refused = _weekly_or_raise(s, out, notes.get("months", (None, None))[1], own_unit, file=file,
                                   column=column, lines=lines, daily=daily)
        out = out.mask(pd.Series(refused, index=out.index))  # listed (refusals_listed): the cells read as blank
    if kw.get("share"):
        _share_or_raise(s, out, file=file, column=column, lines=lines, percent=kw.get("percent", False))
    own = [notes.pop(k) for k in _OWN_UNIT if k in notes] if notes else []
    if notes and "two_way" in notes and detected is not None:  # the marks a number was read with, not a duration
        said, rows = notes.pop("two_way")
        note = f"{counted(int(rows.sum()), 'cell')} {said} ({rows_text(lines[rows])})"
        # number_styles' word on the column, when it said one, is the fuller: every value that reads two ways as
        # read, those the bound read too ('1.000' FTE as 1) beside those read with the column's own mark ('1,250' as
        # 1.25), where this note, which replaced it, kept only the first
        detected.setdefault(TWO_WAY, {}).setdefault(column, note)
    if notes and OTHER_CHARACTERS in notes and detected is not None:  # a number's characters, not a duration's
        said, rows = notes.pop(OTHER_CHARACTERS)
        detected.setdefault(OTHER_CHARACTERS, {})[column] = (f"{counted(int(rows.sum()), 'cell')} {said} "
                                                             f"({rows_text(lines[rows])})")
    either_text = notes.pop(TWO_WAY_TEXT, None) if notes else None
    mixed = notes.pop(MIXED_TEXT, None) if notes else None
    if either_text and (assumed_mark or against or mixed):
        why = assumed_mark or "as the file writes its decimals"
        if mixed and not (assumed_mark or against):  # only the column's own text writes the other mark
            why += (f" (the column's {mixed[0]} on {rows_text(lines[mixed[1]])} has a "
                    f"{'decimal point' if read == COMMA else 'decimal comma'})")
        ambiguous_text(file, column, *either_text, lines, read=read, why=why, detected=detected)
    if unit is not None and detected is not None:
        detected.setdefault("units", {})[column] = "; ".join(
            [f"plain numbers read as {unit}" if own else unit]
            + [f"{counted(int(rows.sum()), 'cell')} {how} ({rows_text(lines[rows])})" for how, rows in own])
    if notes and detected is not None:
        detected.setdefault("durations", {})[column] = "; ".join(
            f"{counted(int(rows.sum()), 'cell')} {assumed} ({rows_text(lines[rows])})"
            for assumed, rows in notes.values())
    return out.mask(np.isinf(out.to_numpy()))


def _share_or_raise(s: pd.Series, share: pd.Series, *, file: str, column: str, lines: np.ndarray,
                    percent: bool = False) -> None:
    """SchemaError naming the cells of a share of the week outside 0 to 1 (``1.7``; ``170%``, shown
    with the share it was read as, as is ``170`` under ``Availability (%)``: ``percent``), at load rather
    than when the capacity is first used; plain numbers above 1 up to 100 are percentages written without
    their sign, probably."""
    value = share.to_numpy(dtype=float, na_value=np.nan)
    signed = s.astype("string").str.strip().str.endswith("%").to_numpy(dtype=bool, na_value=False) | percent
    bad, fix = outside_share(value, signed)
    if not bad.any():
        return
    text = s[bad].astype("string").str.strip()
    cells = dict.fromkeys(zip(text, value[bad], strict=True))
    shown = id_list((f"{t!r} ({v:g})" if percent or t.endswith("%") else repr(t) for t, v in cells), 3)
    # listed (refusals_listed), the values are let through: the validation's availability_out_of_range lists them
    refuse(SchemaError(f"{file}: column '{column}' has {shown} on {rows_text(lines[bad])}: a share of the week is "
                       f"between 0 and 1 ({fix}). Fix those cells or map another column to '{column}'.",
                       file=file, column=column, rows=lines[bad]))


def _weekly_or_raise(s: pd.Series, hours: pd.Series, months: np.ndarray | None, own_unit: np.ndarray, *,
                     file: str, column: str, lines: np.ndarray, daily: bool = False) -> np.ndarray:
    """SchemaError (:func:`~pmo_forecast.core.checks.refuse`) naming the cells of a weekly capacity given in
    months (``1 mon``, read as a month's work, 160 h), above the :data:`HOURS_IN_A_WEEK` a week holds (``200``, ``5w``) or under an hour
    in duration text (``1 M`` is a minute, 0.0167 h: no working week is that short). ``own_unit``: the
    cells :func:`parse_hours` read as duration text or time spans, not as plain numbers. ``daily``: the
    cells are hours a day (``Hours per day``, ``hours`` their times :data:`DAYS_PER_WEEK`), above the
    :data:`HOURS_IN_A_DAY` a day holds refused in hours a day: the week's wording named 200 h for a 40 written. Within
    :func:`~pmo_forecast.core.checks.refusals_listed` each kind is listed, and the mask of the cells refused returned
    for the caller to read them as blank."""
    text = s.astype("string").str.strip()
    refused = np.zeros(len(s), dtype=bool)
    if daily:
        over = (hours.to_numpy() / DAYS_PER_WEEK) > HOURS_IN_A_DAY
        if over.any():
            refused |= over
            shown = in_words(list(dict.fromkeys(text[over])), 3)
            refuse(SchemaError(f"{file}: column '{column}' has {shown} hours a day on {rows_text(lines[over])}: more "
                               f"than a day holds ({HOURS_IN_A_DAY}). The column holds the hours worked each day (8, "
                               f"7.5): fix those cells or map another column to '{column}'.",
                               file=file, column=column, rows=lines[over]))

    def shown(mask):
        return id_list((f"{v!r} ({h:g} h)" for v, h in dict.fromkeys(zip(text[mask], hours[mask], strict=True))), 3)

    if months is not None and (months := months & ~refused).any():
        refused |= months
        refuse(SchemaError(f"{file}: column '{column}' has durations in months, {shown(months)}, on "
                           f"{rows_text(lines[months])}: the column holds the hours worked in one week, not a "
                           "month's work. Write the hours a week (40, 37.5 or 5d) or map another column to "
                           f"'{column}'.", file=file, column=column, rows=lines[months]))
    over = (hours.to_numpy() > HOURS_IN_A_WEEK) & ~refused
    if over.any():
        refused |= over
        refuse(SchemaError(f"{file}: column '{column}' has {shown(over)} on {rows_text(lines[over])}: more than "
                           f"the {HOURS_IN_A_WEEK:g} hours a week holds. It holds the hours worked each week "
                           f"(40, 37.5 or 5d): fix those cells or map another column to '{column}'.",
                           file=file, column=column, rows=lines[over]))
    # duration text only: a plain number is the hours as written (a people table built from a short history
    # holds fractions of an hour)
    under = ((hours > 0) & (hours < 1)).to_numpy(bool, na_value=False) & own_unit & ~refused
    if under.any():
        refused |= under
        refuse(SchemaError(f"{file}: column '{column}' has {shown(under)} on {rows_text(lines[under])}: less than "
                           "an hour a week. It holds the hours worked each week (40, 37.5 or 5d; 'm' and 'M' are "
                           f"minutes, 'mo' months; 0 for someone not working): fix those cells or map another "
                           f"column to '{column}'.", file=file, column=column, rows=lines[under]))
    return refused
