"""Working-time arithmetic: business days, holidays and working hours.

Simulations work in integer business-day offsets or float working hours and turn
only their final quantiles into dates, using these helpers. The default working
day is 09:00-17:00, Monday to Friday (``HOURS_PER_DAY`` = 8).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .labels import agree, counted

HOURS_PER_DAY = 8.0
DAY_START_HOUR = 9.0
WEEKMASK = "1111100"
#: Working days a week (the ones in ``WEEKMASK``).
DAYS_PER_WEEK = WEEKMASK.count("1")
#: Hours in a day, round the clock: no capacity a day can be more.
HOURS_IN_A_DAY = 24
#: Hours in a week, round the clock: no weekly capacity can be more.
HOURS_IN_A_WEEK = 7 * HOURS_IN_A_DAY
#: Contracted hours assumed for a person whose ``hours_per_week`` is missing.
DEFAULT_HOURS_PER_WEEK = 40.0

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


def weekly_capacity(people: pd.DataFrame) -> np.ndarray:
    """Hours a week each person gives to the work: ``hours_per_week x availability``.

    A missing ``hours_per_week`` counts as ``DEFAULT_HOURS_PER_WEEK`` and a missing
    ``availability`` as 1 (whole column or single cells); callers decide whether to warn.
    """
    from . import schema as S

    n = len(people)
    hours = people[S.HOURS_PER_WEEK].to_numpy(float) if S.HOURS_PER_WEEK in people else np.full(n, np.nan)
    avail = people[S.AVAILABILITY].to_numpy(float) if S.AVAILABILITY in people else np.full(n, np.nan)
    return np.where(np.isnan(hours), DEFAULT_HOURS_PER_WEEK, hours) * np.where(np.isnan(avail), 1.0, avail)


def availability_on(people: pd.DataFrame, dates) -> np.ndarray:
    """Each person's availability on each of ``dates`` (dates x people): the one from their last dated
    change on or before the date (:func:`availability_steps`: the table's ``availability_change`` and a
    scenario's further ones), else ``availability``; a blank is 1, as :func:`weekly_capacity` reads it."""
    from . import schema as S

    d = pd.DatetimeIndex(pd.to_datetime(np.atleast_1d(dates))).values[:, None]
    avail = people[S.AVAILABILITY].to_numpy(float) if S.AVAILABILITY in people else np.full(len(people), np.nan)
    out = np.repeat(np.nan_to_num(avail, nan=1.0)[None, :], len(d), axis=0)
    when, after = availability_steps(people)
    for k in range(when.shape[1]):  # in date order: the last one in effect holds
        out = np.where(~np.isnat(when[:, k])[None, :] & (when[None, :, k] <= d), after[None, :, k], out)
    return out


def availability_steps(people: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Each person's dated changes of availability in date order (people x steps): the dates and the
    availability from each.

    The people table holds one a person (``availability_change``, ``availability_after``); a scenario adds
    more (:func:`add_availability_step`). Each change holds from its date until the next one; of two on
    the same day the one added last holds. A row with fewer changes than another ends in NaT and NaN;
    there is always one column.
    """
    from . import schema as S

    after, when = _availability_change(people)
    extra = people.attrs.get(S.AVAILABILITY_STEPS, {})
    names = people[S.PERSON].astype(str).tolist() if S.PERSON in people else [""] * len(people)
    rows = [([(when[i], after[i])] if not np.isnat(when[i]) else [])
            + [(np.datetime64(pd.Timestamp(d), "ns"), float(a)) for d, a in extra.get(name, ())]
            for i, name in enumerate(names)]
    k = max([1, *map(len, rows)])
    out_when = np.full((len(rows), k), np.datetime64("NaT"), dtype="datetime64[ns]")
    out_after = np.full((len(rows), k), np.nan)
    for i, steps in enumerate(rows):
        for j, (d, a) in enumerate(sorted(steps, key=lambda s: s[0])):  # stable: on one day, the last added
            out_when[i, j], out_after[i, j] = d, a
    return out_when, out_after


def add_availability_step(people: pd.DataFrame, rows, date, availability: float) -> None:
    """Give the people of ``rows`` (a boolean mask) a further dated change of ``availability`` from ``date``,
    in place (in ``people.attrs``: the table's columns hold one change a person). It holds from its date
    until their next dated change (:func:`availability_steps`)."""
    from . import schema as S

    steps = dict(people.attrs.get(S.AVAILABILITY_STEPS, {}))
    for name in people.loc[np.asarray(rows, dtype=bool), S.PERSON].astype(str):
        steps[name] = (*steps.get(name, ()), (pd.Timestamp(date), float(availability)))
    people.attrs[S.AVAILABILITY_STEPS] = steps


def keep_availability_steps(source: pd.DataFrame, into: pd.DataFrame) -> pd.DataFrame:
    """Give ``into``, a people table made from ``source`` (loaded again, concatenated, merged: pandas drops
    ``attrs`` there), the further dated changes of availability ``source`` carries (:func:`add_availability_step`),
    in place; returns ``into``.

    They are kept by person: a person ``into`` spells otherwise (``" Ann Costa"`` loaded as ``"Ann Costa"``,
    the same :func:`~pmo_forecast.core.schema.person_key`) keeps theirs under the new spelling. A change of
    someone in ``source`` but not in ``into`` is a :class:`~pmo_forecast.core.exceptions.SchemaError` naming
    them: left behind, their capacity would silently be the one without it.
    """
    from . import schema as S
    from .exceptions import SchemaError

    steps = source.attrs.get(S.AVAILABILITY_STEPS)
    if not steps:
        return into
    names = into[S.PERSON].astype(str) if S.PERSON in into else pd.Series(dtype=str)
    by_key = dict(zip(names.map(S.person_key), names, strict=True))
    known, had = set(names), set(source[S.PERSON].astype(str)) if S.PERSON in source else set()
    kept, lost = {}, []
    for name, dated in steps.items():
        now = name if name in known else by_key.get(S.person_key(name))
        if now is None and name in had:
            lost.append(name)
        kept[now or name] = (*kept.get(now or name, ()), *dated)  # nobody of that name in either: as given
    if lost:
        raise SchemaError(f"people: dated availability changes (a scenario's, in attrs[{S.AVAILABILITY_STEPS!r}]) for "
                          f"{', '.join(map(repr, lost[:5]))}, not in the people table made from it; keep their rows, "
                          "or apply the scenario to the table as it is")
    into.attrs[S.AVAILABILITY_STEPS] = kept
    return into


def off_the_pool(people: pd.DataFrame, dates) -> np.ndarray:
    """Dates x people: True where a person serves no request on the date, at availability 0 or 0 hours a week.

    The one rule for who is a server of the PM pool: :func:`~pmo_forecast.pool.request_log.fit_pool_queue` counts
    the PMs at the log's end by it, the scenarios the PMs on each date (a PM at 0% in a scenario was a server at
    a lower share, while the fit left her out: a hire beside her counted as less than a PM), and the capacity
    view shares the request hours among the PMs serving on each day.
    """
    from . import schema as S

    away = availability_on(people, dates) == 0
    if S.HOURS_PER_WEEK in people.columns:  # no hours a week is no server either (it was counted as one)
        away |= (people[S.HOURS_PER_WEEK] == 0).fillna(False).to_numpy(bool)[None, :]
    return away


def pool_week_share(people: pd.DataFrame, dates) -> np.ndarray:
    """Dates x people: the share of a full week each person gives the PM pool on each of ``dates``,
    ``availability x hours_per_week / DEFAULT_HOURS_PER_WEEK`` (a PM at 90% of 20 hours a week is 0.45).

    The one rule for how much of a server a PM is: the scenarios' pool speed
    (:func:`~pmo_forecast.scenarios.applied_scenario.pm_availability`) sums it over the PMs serving, and the capacity
    view shares the pool's request hours among them in proportion to it. The availability is the one on the
    date (:func:`availability_on`); a blank availability is 1 and blank hours a week are
    ``DEFAULT_HOURS_PER_WEEK``, as :func:`weekly_capacity` reads them. Who serves at all is
    :func:`off_the_pool`'s rule.
    """
    from . import schema as S

    n = len(people)
    hours = people[S.HOURS_PER_WEEK].to_numpy(float) if S.HOURS_PER_WEEK in people else np.full(n, np.nan)
    week = np.where(np.isnan(hours), DEFAULT_HOURS_PER_WEEK, hours) / DEFAULT_HOURS_PER_WEEK
    return availability_on(people, dates) * week[None, :]


def capacity_change(people: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Each person's first dated change of capacity: the hours a week from its date on
    (``hours_per_week x availability_after``, by :func:`weekly_capacity`'s rule) and that date.

    NaN and NaT for people with no change. :func:`capacity_steps` gives every change (a scenario's too).
    """
    weekly, when = capacity_steps(people)
    return weekly[:, 0], when[:, 0]


def capacity_steps(people: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Each person's dated changes of capacity in date order (people x steps, as :func:`availability_steps`):
    the hours a week from each date (``hours_per_week x`` the availability then, by :func:`weekly_capacity`'s
    rule) and the dates; NaN and NaT past a person's last change."""
    from . import schema as S

    when, after = availability_steps(people)
    weekly = np.column_stack([weekly_capacity(people.assign(**{S.AVAILABILITY: after[:, k]}))
                              for k in range(after.shape[1])])
    return np.where(np.isnat(when), np.nan, weekly), when


def _availability_change(people: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Each person's ``availability_after`` and ``availability_change`` date; NaN and NaT for people
    without a dated change (either column blank or absent)."""
    from . import schema as S

    n = len(people)
    after = people[S.AVAILABILITY_AFTER].to_numpy(float) if S.AVAILABILITY_AFTER in people else np.full(n, np.nan)
    when = (pd.to_datetime(people[S.AVAILABILITY_CHANGE]).to_numpy("datetime64[ns]") if S.AVAILABILITY_CHANGE in people
            else np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]"))
    dated = ~np.isnan(after) & ~np.isnat(when)
    return np.where(dated, after, np.nan), np.where(dated, when, np.datetime64("NaT"))


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


#: A date more than this past the bulk of the data (and more than its span past it) is a typo.
FAR_BEYOND = pd.Timedelta(days=365)


#: How far a forecast's dates reach: a plan runs up to ten years of working days past its forecast date
#: (``FinishDateForecast.daily_hours``), and a finish later than this many years after it is shown as NaT
#: with a note ("beyond the horizon", :meth:`WorkingCalendar.dates`), not as a date.
HORIZON_YEARS = 10

#: The forecast dates the package can plan from: dates end in April 2262 (pandas' timestamps), and a plan
#: reaches :data:`HORIZON_YEARS` past its forecast date.
EARLIEST_AS_OF = pd.Timestamp.min.ceil("D")
LATEST_AS_OF = (pd.Timestamp.max - pd.DateOffset(years=HORIZON_YEARS)).floor("D")


def check_as_of(as_of) -> pd.Timestamp:
    """The caller's ``as_of`` at midnight, refused outside :data:`EARLIEST_AS_OF` to :data:`LATEST_AS_OF`
    (it stopped a pack with pandas' "Cannot cast ... without overflow")."""
    as_of = pd.Timestamp(as_of).normalize()
    if not EARLIEST_AS_OF <= as_of <= LATEST_AS_OF:
        raise ValueError(f"as_of {as_of:%Y-%m-%d} is outside the dates a forecast can plan from, "
                         f"{EARLIEST_AS_OF:%Y-%m-%d} to {LATEST_AS_OF:%Y-%m-%d} (dates end in 2262, and a plan reaches "
                         "years ahead); check the date (on the command line: --as-of YYYY-MM-DD)")
    return as_of


def resolve_as_of(tasks: pd.DataFrame, as_of=None) -> pd.Timestamp:
    """The as-of day: the caller's ``as_of`` (at midnight) or, when None, the data's own.

    A date over a year (:data:`FAR_BEYOND`) before the table's first (created, started or
    finished) is refused: nothing in the table was known then, so every figure on it would be
    a guess presented as a forecast (a typo year). Closer to it (a plan entered on Monday for
    the Friday before) it is warned about as any date before the table's latest.
    """
    from . import schema as S

    if as_of is None:
        return infer_as_of(tasks)  # which checks the dates itself
    S.require_dates(tasks, "tasks")
    as_of = check_as_of(as_of)
    dates = [pd.to_datetime(tasks[c]).min() for c in (S.CREATED, S.STARTED, S.FINISHED) if c in tasks]
    first = min((d for d in dates if pd.notna(d)), default=pd.NaT)
    if pd.notna(first) and as_of < first.normalize() - FAR_BEYOND:  # days as dates: centuries overflow a Timedelta
        raise ValueError(f"as_of {as_of:%Y-%m-%d} is {(first.date() - as_of.date()).days:,} days before the task "
                         f"table's first date ({first:%Y-%m-%d}): nothing in it was known then; check the date (on "
                         "the command line: --as-of YYYY-MM-DD)")
    return as_of


def as_of_gap(as_of, latest) -> str | None:
    """What is wrong with forecasting on ``as_of`` from a table whose latest date is ``latest``:
    a date before it (later work counts as done) or over a year after it; None when neither."""
    as_of, latest = pd.Timestamp(as_of).normalize(), pd.Timestamp(latest).normalize()
    if as_of < latest:
        return (f"as_of {as_of:%Y-%m-%d} is before the latest date in the task table ({latest:%Y-%m-%d}): work "
                "finished after it still counts as done, so the forecast is not the one you would have made then "
                "(--rewind, or rewind=True in export_planning_pack, makes the pack as of that date; "
                "pmo_forecast.forecasting.rewind.tasks_as_of rewinds the task table)")
    if as_of - latest > FAR_BEYOND:
        return (f"as_of {as_of:%Y-%m-%d} is {(as_of - latest).days:,} days after the latest date in the task table "
                f"({latest:%Y-%m-%d}): open work counts as waiting all that time, no one has logged hours in the "
                "last 13 weeks and the plan starts then; check the date")
    return None


def warn_as_of_gap(tasks: pd.DataFrame, as_of) -> None:
    """Warn (DataQualityWarning) when a caller's ``as_of`` does not fit the task table (:func:`as_of_gap`)."""
    import warnings

    from .exceptions import DataQualityWarning, warn

    if as_of is None:
        return
    with warnings.catch_warnings():  # far dates are said where the data is checked
        warnings.simplefilter("ignore", DataQualityWarning)
        try:
            latest = infer_as_of(tasks)
        except ValueError:  # no dates at all: the caller's date is the only one
            return
    gap = as_of_gap(as_of, latest)
    if gap:
        warn(f"{gap}.", DataQualityWarning)


def far_date_limit(tasks: pd.DataFrame) -> pd.Timestamp | None:
    """The latest believable date in a task table; dates after it are typos such as 2204 for 2024.

    The limit is the 99th percentile of all created, started and finished dates plus
    the larger of :data:`FAR_BEYOND` and the span between their 1st and 99th
    percentiles (so five years of history tolerate a date five years on). On a small
    table (three rows or more) the percentiles leave out one row's dates at least, so a
    single typo row cannot move them. ``None`` when there are too few dates to judge; at most
    the latest date pandas holds (2262), so no date is beyond a limit past it.
    """
    bulk = _bulk(tasks)
    if bulk is None:
        return None
    return pd.Timestamp(min(bulk[1] + max(FAR_BEYOND.value, bulk[1] - bulk[0]), pd.Timestamp.max.value))


def early_date_limit(tasks: pd.DataFrame) -> pd.Timestamp | None:
    """The earliest believable date in a task table, as :func:`far_date_limit` the latest: the 1st
    percentile less the larger of :data:`FAR_BEYOND` and the 1st-99th span (1990 for 2024); at
    least the earliest date pandas holds (1677)."""
    bulk = _bulk(tasks)
    if bulk is None:
        return None
    return pd.Timestamp(max(bulk[0] - max(FAR_BEYOND.value, bulk[1] - bulk[0]), pd.Timestamp.min.value))


def _bulk(tasks: pd.DataFrame) -> tuple[int, int] | None:
    """The 1st and 99th percentiles (ns) of a task table's created, started and finished dates, past
    one row's dates at either end at least (a typo row among 20 was its own 99th percentile) when
    the table has more than two rows' worth; None below two dates."""
    from . import schema as S

    cols = [tasks[c].to_numpy(dtype="datetime64[ns]") for c in (S.CREATED, S.STARTED, S.FINISHED)
            if c in tasks and pd.api.types.is_datetime64_any_dtype(tasks[c])]
    v = (np.concatenate(cols) if cols else np.array([], dtype="datetime64[ns]")).view(np.int64)
    n_nat = int(np.count_nonzero(v == np.iinfo(np.int64).min))  # NaT: the smallest int64, sorted first
    n = len(v) - n_nat
    if n < 2:
        return None
    # np.quantile(dates, 0.99, method="lower") and np.quantile(dates, 0.01, method="higher") in one
    # partition, past the NaTs (not copied out: they sort below every date)
    i_hi, i_lo = int(np.floor((n - 1) * 0.99)), int(np.ceil((n - 1) * 0.01))
    if n > 2 * len(cols):
        i_hi, i_lo = min(i_hi, n - 1 - len(cols)), max(i_lo, len(cols))
    i_hi, i_lo = n_nat + i_hi, n_nat + i_lo
    part = np.partition(v, (i_lo, i_hi))
    return int(part[i_lo]), int(part[i_hi])


def far_dates(tasks: pd.DataFrame) -> pd.DataFrame:
    """The created, started and finished dates after :func:`far_date_limit` (typo years).

    Returns a DataFrame with columns ``column``, ``row`` (the table's index label)
    and ``date``, latest first; empty when there are none (or too few dates to judge).
    ``attrs["limit"]`` holds the limit. :func:`infer_as_of` leaves these dates out.
    """
    from . import schema as S

    limit = far_date_limit(tasks)
    parts = []
    if limit is not None:
        for c in (S.CREATED, S.STARTED, S.FINISHED):
            if c in tasks and pd.api.types.is_datetime64_any_dtype(tasks[c]):
                s = tasks[c][tasks[c] > limit]
                if len(s):
                    parts.append(pd.DataFrame({"column": c, "row": s.index, "date": s.to_numpy()}))
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(
        {"column": pd.Series(dtype=object), "row": pd.Series(dtype=object),
         "date": pd.Series(dtype="datetime64[ns]")})
    out = out.sort_values("date", ascending=False, kind="stable").reset_index(drop=True)
    out.attrs["limit"] = limit
    return out


def far_dates_note(far: pd.DataFrame) -> str:
    """One line on the dates :func:`infer_as_of` left out (for warnings and the pack's Assumptions)."""
    top = far.iloc[0]
    return (f"{counted(len(far), 'date')} far beyond the rest of the data (up to {top['date']:%Y-%m-%d} in "
            f"'{top['column']}'; later than {far.attrs['limit']:%Y-%m-%d}, so probably "
            f"{agree(len(far), 'a typo', 'typos')}: the validation report lists {agree(len(far), 'its row', 'their rows')})")


def _unfinished(tasks: pd.DataFrame) -> np.ndarray:
    """Rows of tasks still open or in progress (none when the table has no status)."""
    from . import schema as S

    if S.STATUS not in tasks:
        return np.zeros(len(tasks), dtype=bool)
    return tasks[S.STATUS].isin(S.UNFINISHED_STATUSES).to_numpy(dtype=bool)


def _believable(tasks: pd.DataFrame, column: str, limit) -> pd.Series:
    """A date column without the dates past ``limit`` (:func:`far_date_limit`; None: all) and, for
    finish dates, without those of unfinished tasks: planned ends (:func:`planned_ends`)."""
    from . import schema as S

    s = tasks[column]
    keep = ~(s > limit).to_numpy(dtype=bool) if limit is not None else np.ones(len(s), dtype=bool)
    if column == S.FINISHED:
        keep &= ~_unfinished(tasks)
    return s if keep.all() else s[keep]


def _latest(tasks: pd.DataFrame, columns, limit) -> pd.Timestamp:
    """The latest believable date of ``columns`` (those in the table), NaT when there is none."""
    return max((m for c in columns if c in tasks and not pd.isna(m := _believable(tasks, c, limit).max())),
               default=pd.NaT)


def planned_starts(tasks: pd.DataFrame, limit=None) -> str | None:
    """Start dates on days after every created and finished date: plans, not starts (Asana's and
    ClickUp's "Start Date" is a planned date), which would move the as-of date into the future.
    The words saying so, or None. :func:`infer_as_of` leaves them out. A table that keeps the plan's
    start beside them (``planned_start``: MS Project XML) has actual starts, never planned ones."""
    from . import schema as S

    if S.STARTED not in tasks or S.PLANNED_START in tasks:
        return None
    limit = far_date_limit(tasks) if limit is None else limit
    latest = _latest(tasks, (S.CREATED, S.FINISHED), limit)
    if pd.isna(latest):
        return None
    started = _believable(tasks, S.STARTED, limit)
    later = started[started.dt.normalize() > pd.Timestamp(latest).normalize()]
    if later.empty:
        return None
    n = len(later)
    return (f"{counted(n, 'start date')} {agree(n, 'falls', 'fall')} after the latest created or finished date "
            f"({pd.Timestamp(latest):%Y-%m-%d}), up to {later.max():%Y-%m-%d}: "
            f"{agree(n, 'a planned start, not a start', 'planned starts, not starts')}, so the as-of date is not "
            f"moved by {agree(n, 'it', 'them')}")


def planned_ends(tasks: pd.DataFrame, limit=None) -> str | None:
    """Finish dates of open and in-progress tasks after the as-of date they would have moved: planned
    ends (a plan's "End Date", a due date), not finishes. The words saying so, or None.
    :func:`infer_as_of` leaves every finish date of an unfinished task out."""
    from . import schema as S

    if S.FINISHED not in tasks or not (unfinished := _unfinished(tasks)).any():
        return None
    limit = far_date_limit(tasks) if limit is None else limit
    planned = planned_starts(tasks, limit)
    latest = _latest(tasks, (S.CREATED, S.FINISHED) + (() if planned else (S.STARTED,)), limit)
    later = tasks[S.FINISHED][unfinished].dropna()
    if limit is not None:
        later = later[later <= limit]
    if not pd.isna(latest):
        later = later[later.dt.normalize() > pd.Timestamp(latest).normalize()]
    if later.empty:
        return None
    n = len(later)
    return (f"{counted(n, 'finish date')} of open or in-progress tasks {agree(n, 'falls', 'fall')} after the "
            f"as-of date, up to {later.max():%Y-%m-%d}: "
            f"{agree(n, 'a planned end (a due date), not a finish', 'planned ends (due dates), not finishes')}, so "
            f"the as-of date is not moved by {agree(n, 'it', 'them')}")


def infer_as_of(tasks: pd.DataFrame) -> pd.Timestamp:
    """The data's own "today": the latest created, started or finished date, at midnight.

    Forecasts default to it (never the clock), so reruns on the same file agree.
    Dates far beyond the rest of the data (see :func:`far_date_limit` and
    :func:`far_dates`: a typo year such as 2204) are left out, with a
    :class:`~pmo_forecast.DataQualityWarning` naming them; ``validate_tasks`` lists
    their rows (``far_future_<column>``).

    Raises
    ------
    NoDatesError
        The table has no created, started or finished date (a ``ValueError``).
    """
    from . import schema as S
    from .exceptions import DataQualityWarning, NoDatesError, warn

    S.require_dates(tasks, "tasks")  # text or zoned dates would fail the comparisons below
    far = far_dates(tasks)
    limit = far.attrs["limit"]
    planned = planned_starts(tasks, limit)
    latest = _latest(tasks, (S.CREATED, S.FINISHED) + (() if planned else (S.STARTED,)), limit)
    if pd.isna(latest):
        raise NoDatesError("as_of is needed: the task table has no created/started/finished dates "
                         "to infer it from; pass as_of= (on the command line: --as-of YYYY-MM-DD)")
    if len(far):
        warn(f"as-of date {latest:%Y-%m-%d} leaves out {far_dates_note(far)}. Pass as_of= to choose "
             "another date.", DataQualityWarning)
    for said in (planned, planned_ends(tasks, limit)):
        if said:
            warn(f"{said}. Pass as_of= to choose another date.", DataQualityWarning)
    return pd.Timestamp(latest).normalize()


def quiet_as_of(tasks: pd.DataFrame, as_of=None) -> pd.Timestamp:
    """The as-of day without a word: ``as_of`` at midnight or, when None, the data's own (:func:`infer_as_of`)
    with its warnings left to whoever reads the dates; NaT when the table has no date at all.

    For checks that only sort rows by it (a project starting after it is not started yet): the
    forecast or the validation that reads the dates says what is wrong with them, once.
    """
    if as_of is not None:
        return pd.Timestamp(as_of).normalize()
    import warnings

    from .exceptions import DataQualityWarning, NoDatesError

    with warnings.catch_warnings():  # said where the dates are read
        warnings.simplefilter("ignore", DataQualityWarning)
        try:
            return infer_as_of(tasks)
        except NoDatesError:  # no dates at all: nothing can be in the future
            return pd.NaT


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
