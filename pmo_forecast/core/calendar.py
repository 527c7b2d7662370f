"""Working-time arithmetic: business days, holidays and working hours.

Simulations work in integer business-day offsets or float working hours and turn
only their final quantiles into dates, using these helpers. The default working
day is 09:00-17:00, Monday to Friday (``HOURS_PER_DAY`` = 8). The periods tables count
in (weeks, months, quarters, years) and how far a forecast's dates reach are here too;
the data's as-of date is :mod:`pmo_forecast.core.as_of`, people's capacity over time
:mod:`pmo_forecast.core.capacity`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

HOURS_PER_DAY = 8.0
DAY_START_HOUR = 9.0
WEEKMASK = "1111100"
#: Working days a week (the ones in ``WEEKMASK``).
DAYS_PER_WEEK = WEEKMASK.count("1")
#: Hours in a day, round the clock: no capacity a day can be more.
HOURS_IN_A_DAY = 24
#: Hours in a week, round the clock: no weekly capacity can be more.
HOURS_IN_A_WEEK = 7 * HOURS_IN_A_DAY

#: Offset for work that cannot finish (its person leaves first): later than any real date.
NEVER = np.iinfo(np.int32).max // 2


def _holidays(holidays: Iterable | None) -> np.ndarray:
    if holidays is None:
        return np.array([], dtype="datetime64[D]")
    return np.asarray(pd.to_datetime(list(holidays)).values.astype("datetime64[D]"))


def business_day_offsets(dates, origin, holidays=None, weekmask: str = WEEKMASK) -> np.ndarray:
    """Number of business days from ``origin`` to each of ``dates`` (negative before it)."""
    d = np.asarray(pd.to_datetime(dates).values.astype("datetime64[D]"))
    o = np.datetime64(pd.Timestamp(origin).date(), "D")
    return np.busday_count(o, d, weekmask=weekmask, holidays=_holidays(holidays))


def offsets_to_dates(offsets, origin, holidays=None, weekmask: str = WEEKMASK) -> pd.DatetimeIndex:
    """The business day ``offsets`` business days after ``origin`` (rolled forward).

    An offset that is not finite, or whose date lies beyond what a timestamp can hold (about
    the year 2262), is "never": NaT, not a date wrapped round to the 18th century.
    """
    o = np.datetime64(pd.Timestamp(origin).date(), "D")
    off = np.asarray(offsets, dtype=float)
    span = np.busday_count(o, np.datetime64(pd.Timestamp.max.date(), "D"), weekmask=weekmask)
    ok = np.isfinite(off) & (np.abs(off) < 0.99 * span)  # 1%: room for holidays
    d = np.busday_offset(o, np.where(ok, off, 0).astype(np.int64), roll="forward", weekmask=weekmask,
                         holidays=_holidays(holidays))
    return pd.DatetimeIndex(np.where(ok, d.astype("datetime64[ns]"), np.datetime64("NaT", "ns")))


def working_hours_between(start, end, holidays=None, weekmask: str = WEEKMASK) -> np.ndarray:
    """Working hours between two arrays of timestamps (09:00-17:00 business days).

    Vectorised; NaT in either input gives NaN.
    """
    s = pd.to_datetime(pd.Series(np.asarray(start)))
    e = pd.to_datetime(pd.Series(np.asarray(end)))
    missing = (s.isna() | e.isna()).to_numpy()
    s = s.fillna(pd.Timestamp("2000-01-03"))
    e = e.fillna(pd.Timestamp("2000-01-03"))
    hol = _holidays(holidays)
    return np.where(
        missing, np.nan, _position(e, hol, weekmask) - _position(s, hol, weekmask)
    )


def _position(ts: pd.Series, hol: np.ndarray, weekmask: str) -> np.ndarray:
    """Working hours since 1970-01-01 up to each timestamp (clipped into the working day)."""
    days = ts.to_numpy().astype("datetime64[D]")
    n_days = np.busday_count(np.datetime64("1970-01-01"), days, weekmask=weekmask, holidays=hol)
    is_bd = np.is_busday(days, weekmask=weekmask, holidays=hol)
    hour = (ts - ts.dt.normalize()).dt.total_seconds().to_numpy() / 3600.0
    within = np.clip(hour - DAY_START_HOUR, 0.0, HOURS_PER_DAY)
    return n_days * HOURS_PER_DAY + np.where(is_bd, within, 0.0)


def merged_spans(groups, starts, ends) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Spans ``[start, end]`` merged where they overlap or touch, within each group: ``(groups, starts, ends)``
    of the merged spans, sorted by group and start (an approval's waits: the time at least one waits)."""
    g, a, b = (np.asarray(x) for x in (groups, starts, ends))
    if not len(g):
        return g, a, b
    order = np.lexsort((a, g))
    g, a, b = g[order], a[order], b[order]
    reached = pd.Series(b).groupby(g).cummax().to_numpy()  # the latest end of the group's spans so far
    new = np.r_[True, (g[1:] != g[:-1]) | (a[1:] > reached[:-1])]  # a span after every earlier one ended
    run = np.cumsum(new) - 1
    return g[new], pd.Series(a).groupby(run).min().to_numpy(), pd.Series(b).groupby(run).max().to_numpy()


def add_working_hours(origin, hours, holidays=None, weekmask: str = WEEKMASK) -> pd.DatetimeIndex:
    """Timestamps ``hours`` working hours after ``origin`` (scalar or array).

    Inverse of :func:`working_hours_between` for an origin inside working time.
    """
    hol = _holidays(holidays)
    o = pd.to_datetime(pd.Series(np.atleast_1d(np.asarray(origin))))
    pos = _position(o, hol, weekmask) + np.asarray(hours, dtype=float)
    day_index = np.floor(pos / HOURS_PER_DAY).astype(np.int64)
    within = pos - day_index * HOURS_PER_DAY
    # a position exactly at the end of a day is shown as 17:00 of that day
    at_end = (within == 0) & (pos > 0)
    day_index = np.where(at_end, day_index - 1, day_index)
    within = np.where(at_end, HOURS_PER_DAY, within)
    days = np.busday_offset(
        np.datetime64("1970-01-01"), day_index, roll="forward", weekmask=weekmask, holidays=hol
    )
    ns = ((DAY_START_HOUR + within) * 3600e9).round().astype("timedelta64[ns]")
    return pd.DatetimeIndex(days.astype("datetime64[ns]") + ns)


_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")


def period_freq(freq: str) -> str:
    """The pandas period code for a frequency alias (``"QS"`` -> ``"Q"``): the periods the KPI
    trends, the demand history and the workload count in.

    Fiscal periods are named by their first month (``"QS-APR"``: quarters from April,
    pandas' ``"Q-MAR"``) or, as pandas does, by their last (``"Q-MAR"``). ``"W-MON"`` (weeks
    starting Monday) and ``"W-SUN"`` (pandas' spelling: ending Sunday) are ``"W"``. One period at
    a time: a multiple such as ``"2W"`` is refused (it would mix two grids), as is anything else,
    up front with the spellings accepted.
    """
    f = str(freq).upper().strip()
    plain = {"QS": "Q", "Q": "Q", "QE": "Q", "MS": "M", "M": "M", "ME": "M", "YS": "Y", "Y": "Y", "A": "Y",
             "W": "W", "W-MON": "W", "W-SUN": "W"}
    if f in plain:
        return plain[f]
    m = re.fullmatch(r"(QS|YS|AS|Q|QE|Y|YE|A)-([A-Z]{3})", f)
    if m and m[2] in _MONTHS:
        kind = "Q" if m[1].startswith("Q") else "Y"
        month = _MONTHS.index(m[2])
        last = _MONTHS[month - 1] if m[1] in ("QS", "YS", "AS") else m[2]  # starts in APR: ends in MAR
        return f"{kind}-{last}"
    raise ValueError(f"freq={freq!r}: periods are one week, month, quarter or year at a time: use 'W', 'MS', "
                     "'QS' or 'YS' ('QS-APR' or 'YS-APR' for fiscal quarters or years starting in April)")


#: A period's name per frequency (:func:`period_freq`: ``W``, ``M``, ``Q-MAR``, ...).
PERIOD_NAMES = {"W": "week", "M": "month", "Q": "quarter", "Y": "year"}


def period_name(freq: str) -> str:
    """``week``, ``month``, ... for a pandas frequency alias (``period`` when unknown): the word a
    title or an axis says, not the code (``"W"``, ``"QS-APR"``)."""
    return PERIOD_NAMES.get(str(freq).split("-")[0].upper()[:1], "period")


#: How far a forecast's dates reach: a plan runs up to ten years of working days past its forecast date
#: (``FinishDateForecast.daily_hours``), and a finish later than this many years after it is shown as NaT
#: with a note ("beyond the horizon", :meth:`WorkingCalendar.dates`), not as a date.
HORIZON_YEARS = 10

#: The forecast dates the package can plan from: dates end in April 2262 (pandas' timestamps), and a plan
#: reaches :data:`HORIZON_YEARS` past its forecast date.
EARLIEST_AS_OF = pd.Timestamp.min.ceil("D")
LATEST_AS_OF = (pd.Timestamp.max - pd.DateOffset(years=HORIZON_YEARS)).floor("D")


def working_weekmask(weekmask) -> str:
    """A weekmask in any form numpy reads (``"1111100"``, ``"Mon Tue Wed Thu Fri"``, seven 0/1 or
    True/False) as seven ``0``/``1`` characters, Monday first: the ``1`` days are the working days.

    A weekmask numpy cannot read, or one without a working day, raises ``ValueError`` (a list or
    ``"Mon Tue"`` had counted no ``"1"``: no working day a week, so the capacity per day was infinite and
    every finish date fell on the forecast date).
    """
    try:
        days = np.busdaycalendar(weekmask=weekmask).weekmask
    except (ValueError, TypeError) as e:
        raise ValueError(f"calendar weekmask {weekmask!r} is not a working week: give seven 0/1 characters, Monday "
                         "first (\"1111100\" for Monday to Friday), or day names (\"Mon Tue Wed Thu Fri\"), with at "
                         "least one working day") from e
    return "".join("1" if d else "0" for d in days)


@dataclass(frozen=True)
class WorkingCalendar:
    """Working days: a weekmask (Monday first, ``"1111100"``) and public holidays."""

    holidays: tuple = ()
    weekmask: str = WEEKMASK

    def __post_init__(self):  # one form of the same days: two calendars of them are equal, in any order or type
        days = pd.to_datetime(list(self.holidays)).normalize() if len(self.holidays) else pd.DatetimeIndex([])
        object.__setattr__(self, "holidays", tuple(days.unique().sort_values()))
        object.__setattr__(self, "weekmask", working_weekmask(self.weekmask))

    @classmethod
    def coerce(cls, calendar) -> WorkingCalendar:
        """None, a WorkingCalendar, a list of holiday dates or ``{"holidays", "weekmask"}``."""
        if calendar is None:
            return cls()
        if isinstance(calendar, cls):
            return calendar
        if isinstance(calendar, dict):
            return cls(tuple(calendar.get("holidays", ())), calendar.get("weekmask", WEEKMASK))
        if isinstance(calendar, Iterable) and not isinstance(calendar, str):
            return cls(tuple(calendar))
        raise TypeError("calendar must be None, a WorkingCalendar, a list of holiday dates or "
                        f"a dict with 'holidays' and 'weekmask'; got {type(calendar).__name__}")

    @property
    def np_holidays(self) -> np.ndarray:
        if not self.holidays:
            return np.array([], dtype="datetime64[D]")
        return pd.to_datetime(list(self.holidays)).values.astype("datetime64[D]")

    @property
    def days_per_week(self) -> int:
        return self.weekmask.count("1")

    def days_between(self, start, end) -> np.ndarray:
        """Working days from each ``start`` to each ``end`` (``start`` counted, ``end`` not; negative when
        ``end`` is earlier): how far a date moved, as every sheet of the pack counts it."""
        return np.busday_count(np.asarray(start, dtype="datetime64[D]"), np.asarray(end, dtype="datetime64[D]"),
                               weekmask=self.weekmask, holidays=self.np_holidays)

    def origin(self, as_of) -> np.datetime64:
        """The last working day on or before ``as_of``: business day 0."""
        d = np.datetime64(pd.Timestamp(as_of).date(), "D")
        return np.busday_offset(d, 0, roll="backward", weekmask=self.weekmask, holidays=self.np_holidays)

    def last_offset_by(self, origin, dates) -> np.ndarray:
        """Largest business-day offset whose date is on or before each date (NaT -> NEVER)."""
        d = pd.to_datetime(pd.Series(np.asarray(dates, dtype="datetime64[ns]")))
        ok = d.notna().to_numpy()
        day = d.fillna(pd.Timestamp("2000-01-03")).to_numpy().astype("datetime64[D]") + 1
        n = np.busday_count(origin, day, weekmask=self.weekmask, holidays=self.np_holidays) - 1
        return np.where(ok, n, NEVER)

    def horizon(self, origin) -> int:
        """Business days from ``origin`` to :data:`HORIZON_YEARS` years after it: the last offset
        :meth:`dates` shows as a date."""
        # an origin past LATEST_AS_OF (which check_as_of refuses) reaches only as far as dates go
        end = min(pd.Timestamp(origin), LATEST_AS_OF) + pd.DateOffset(years=HORIZON_YEARS)
        return int(max(0, self.days_between(origin, end.to_datetime64())))

    def horizon_date(self, origin) -> pd.Timestamp:
        """The date of offset :meth:`horizon`: the last one a forecast shows (for its notes)."""
        return self.dates(origin, [self.horizon(origin)])[0]

    def dates(self, origin, offsets) -> pd.DatetimeIndex:
        """Dates of business-day offsets: NaT for ``NEVER`` and for offsets beyond :meth:`horizon`
        (no finish over ten years away is a forecast, and past 2262 a date would wrap round into the
        past); the forecasts' notes say when that happens."""
        off = np.asarray(offsets, dtype=float)
        shown = off <= self.horizon(origin)  # also False for NaN
        d = np.busday_offset(origin, np.where(shown, off, 0).astype(np.int64), weekmask=self.weekmask,
                             holidays=self.np_holidays)
        return pd.DatetimeIndex(np.where(shown, d.astype("datetime64[ns]"), np.datetime64("NaT", "ns")))
