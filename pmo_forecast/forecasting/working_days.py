"""Working days as integer indices: the days the workload spreads hours over, and their periods.

A day is the number of working days (under a :class:`~pmo_forecast.core.calendar.WorkingCalendar`)
since :data:`EPOCH`, so that spans, overlaps and period ends are integer arithmetic;
:func:`period_starts` and :func:`last_working_days` map indices to the ``freq`` periods the
workload table is binned in, and back.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.calendar import WorkingCalendar, business_day_offsets, offsets_to_dates

__all__ = ["EPOCH", "as_days", "working_day_index", "period_starts", "last_working_days"]

#: A Monday: working-day indices count from here.
EPOCH = np.datetime64("2000-01-03", "D")


def as_days(ts) -> np.ndarray:
    """Dates (anything :func:`pandas.to_datetime` reads) as ``datetime64[D]``; missing -> NaT."""
    return pd.to_datetime(pd.Series(ts)).to_numpy().astype("datetime64[D]")


def working_day_index(days: np.ndarray, cal: WorkingCalendar) -> np.ndarray:
    """Working-day index of each day since :data:`EPOCH` under ``cal``; a weekend day or holiday counts as
    the working day after (``busday_count`` does not count it), NaT -> -1."""
    ok = ~np.isnat(days)
    out = np.full(days.shape, -1, dtype=np.int64)
    out[ok] = business_day_offsets(days[ok], EPOCH, cal.holidays, cal.weekmask)
    return out


def period_starts(bday: np.ndarray, freq: str, cal: WorkingCalendar) -> pd.DatetimeIndex:
    """Start timestamp of the ``freq`` period containing each working-day index."""
    uniq, inv = np.unique(bday, return_inverse=True)
    days = offsets_to_dates(uniq, EPOCH, cal.holidays, cal.weekmask)
    starts = days.to_period(freq).start_time
    return pd.DatetimeIndex(np.asarray(starts)[inv])


def last_working_days(periods: pd.DatetimeIndex, freq: str, cal: WorkingCalendar) -> np.ndarray:
    """Working-day index of the last working day of each ``freq`` period starting on ``periods``."""
    after = (periods.to_period(freq) + 1).start_time
    return working_day_index(after.to_numpy().astype("datetime64[D]"), cal) - 1
