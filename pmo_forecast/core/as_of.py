"""The data's as-of date ("now"): the caller's date, checked, or the latest believable date in the tasks.

Forecasts, sheets and checks take "now" from here, never from the clock, so reruns on the same file
agree. Dates far beyond the rest of the data (typo years), planned starts and planned ends (of open work, and
done work's finish dates taken from a plan: a due date ticked done) are left out of the data's own date, and said.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from . import schema as S
from .calendar import EARLIEST_AS_OF, LATEST_AS_OF
from .checks import require_dates
from .exceptions import DataQualityWarning, NoDatesError, warn
from .labels import agree, counted, id_list
from .switches import Switch

#: A date more than this past the bulk of the data (and more than its span past it) is a typo.
FAR_BEYOND = pd.Timedelta(days=365)


def check_as_of(as_of) -> pd.Timestamp:
    """The caller's ``as_of`` at midnight, refused outside :data:`~pmo_forecast.core.calendar.EARLIEST_AS_OF`
    to :data:`~pmo_forecast.core.calendar.LATEST_AS_OF` (it stopped a pack with pandas' "Cannot cast ...
    without overflow")."""
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
    if as_of is None:
        return infer_as_of(tasks)  # which checks the dates itself
    require_dates(tasks, "tasks")
    as_of = check_as_of(as_of)
    dates = [pd.to_datetime(tasks[c]).min() for c in S.FACT_DATES if c in tasks]
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


#: On within :func:`as_of_gap_said`: :func:`warn_as_of_gap` leaves the gap unsaid.
_GAP_SAID = Switch("as_of_gap_said")


def as_of_gap_said():
    """Within it, :func:`warn_as_of_gap` says nothing: the caller has said what is wrong with its as-of date already.

    For the planning pack, which says the gap once as it loads, against the table as given
    (``reporting.pack_inputs``), then runs its forecasts on that date: they would say it again, and of the table as
    they get it (stale work closed as cancelled moves its latest date), two warnings on one date. Every other warning
    of the forecasts is warned as ever.
    """
    return _GAP_SAID.on()


def warn_as_of_gap(tasks: pd.DataFrame, as_of) -> None:
    """Warn (DataQualityWarning) when a caller's ``as_of`` does not fit the task table (:func:`as_of_gap`); nothing
    within :func:`as_of_gap_said`."""
    if as_of is None or _GAP_SAID:
        return
    try:  # what infer_as_of says is of the date it infers, not of the caller's
        latest = _inferred(tasks)[0]
    except ValueError:  # no dates at all: the caller's date is the only one
        return
    gap = as_of_gap(as_of, latest)
    if gap:
        warn(f"{gap}.", DataQualityWarning)


def far_date_limit(tasks: pd.DataFrame, columns: tuple[str, ...] = S.FACT_DATES) -> pd.Timestamp | None:
    """The latest believable date in a task table; dates after it are typos such as 2204 for 2024.

    The limit is the 99th percentile of all created, started and finished dates plus
    the larger of :data:`FAR_BEYOND` and the span between their 1st and 99th
    percentiles (so five years of history tolerate a date five years on). On a small
    table (three rows or more) the percentiles leave out one row's dates at least, so a
    single typo row cannot move them. ``None`` when there are too few dates to judge; at most
    the latest date pandas holds (2262), so no date is beyond a limit past it. ``columns``: the dates the
    bulk is read from; a plan's own dates (``planned_start``) are judged against a bulk that counts them, as a
    plan laid out over two years lies ahead of every fact in the table.
    """
    return _far_limit(_bulk(tasks, columns))


def _far_limit(bulk: tuple[int, int] | None) -> pd.Timestamp | None:
    """:func:`far_date_limit` from its bulk (:func:`_bulk`)."""
    if bulk is None:
        return None
    return pd.Timestamp(min(bulk[1] + max(FAR_BEYOND.value, bulk[1] - bulk[0]), pd.Timestamp.max.value))


def early_date_limit(tasks: pd.DataFrame) -> pd.Timestamp | None:
    """The earliest believable date in a task table, as :func:`far_date_limit` the latest: the 1st
    percentile less the larger of :data:`FAR_BEYOND` and the 1st-99th span (1990 for 2024); at
    least the earliest date pandas holds (1677)."""
    return _early_limit(_bulk(tasks))


def _early_limit(bulk: tuple[int, int] | None) -> pd.Timestamp | None:
    """:func:`early_date_limit` from its bulk (:func:`_bulk`)."""
    if bulk is None:
        return None
    return pd.Timestamp(max(bulk[0] - max(FAR_BEYOND.value, bulk[1] - bulk[0]), pd.Timestamp.min.value))


def _bulk(tasks: pd.DataFrame, columns: tuple[str, ...] = S.FACT_DATES) -> tuple[int, int] | None:
    """The 1st and 99th percentiles (ns) of a task table's ``columns`` (created, started and finished), past
    one row's dates at either end at least (a typo row among 20 was its own 99th percentile) when
    the table has more than two rows' worth; None below two dates."""
    cols = [tasks[c].to_numpy(dtype="datetime64[ns]") for c in columns
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


class DateLimits(NamedTuple):
    """A date column's rows far beyond the rest of the data (``beyond``: after ``latest``, :func:`far_date_limit`) and
    far before it (``before``: before ``earliest``, :func:`early_date_limit`); a limit is None with too few dates to
    judge (no row then)."""

    beyond: np.ndarray
    before: np.ndarray
    latest: pd.Timestamp | None
    earliest: pd.Timestamp | None


def implausible_dates(tasks: pd.DataFrame, columns: tuple[str, ...] | None = None) -> dict[str, DateLimits]:
    """The :class:`DateLimits` of each date column of a task table: the one rule for a typo year (2204 for 2024) or a
    zero date (1900-01-01).

    ``columns``: default the facts (:data:`~pmo_forecast.core.schema.FACT_DATES`) and the plan's dates the table has
    (:data:`~pmo_forecast.core.schema.PLAN_DATES`); a plan's column is judged against a bulk that counts it, as a plan
    laid out over years lies ahead of every fact. A column missing, or not of dates: no row. Validation reports these
    rows as errors (``far_future_<column>``, ``far_past_<column>``), so every model reads them as blank
    (:func:`without_implausible_dates`).
    """
    if columns is None:
        columns = (*S.FACT_DATES, *(c for c in S.PLAN_DATES if c in tasks))
    facts = _bulk(tasks)  # the facts' bulk once: the earliest date and each fact column's latest rest on it
    earliest = _early_limit(facts)
    out = {}
    for col in columns:
        latest = _far_limit(facts if col in S.FACT_DATES else _bulk(tasks, (*S.FACT_DATES, col)))
        none = np.zeros(len(tasks), bool)
        if col not in tasks or not pd.api.types.is_datetime64_any_dtype(tasks[col]):
            out[col] = DateLimits(none, none, latest, earliest)
            continue
        s = tasks[col]
        out[col] = DateLimits((s > latest).to_numpy(bool) if latest is not None else none,
                              (s < earliest).to_numpy(bool) if earliest is not None else none, latest, earliest)
    return out


def without_implausible_dates(tasks: pd.DataFrame, limits: dict[str, DateLimits] | None = None) -> pd.DataFrame:
    """``tasks`` with the dates :func:`implausible_dates` finds read as blank (the table itself when there are none).

    Validation lists them as errors, values not used as written: the planning pack reads its task table through this
    once, as it loads it (the validation keeps the table as written), so no number of the pack rests on such a date,
    and the stale line (:func:`~.aging.work_age`), the workload and the finish slip read a table given to them through
    it. The KPI trends and the projects' outcomes called on their own read it through
    :func:`implausible_dates_read`, which says so (in the pack their table has no such date left to say).
    A done task's finish read as blank is dated as any done task without one is (its last known date).

    ``limits``: :func:`implausible_dates` of ``tasks`` (every date column), when the caller has found them already
    (the validation, which lists them and then ages the work under way): not found a second time.
    """
    return implausible_dates_read(tasks, limits=limits)[0]


def implausible_dates_read(tasks: pd.DataFrame, columns: tuple[str, ...] | None = None,
                           inferred_as_of=None, limits: dict[str, DateLimits] | None = None) -> tuple[pd.DataFrame, str]:
    """:func:`without_implausible_dates` and the words saying what it read as blank, "" when nothing: how many dates,
    by column and task (its ``task_id``, else its row label), each as written ("2 dates far beyond or before the rest of
    the data read as blank, as the planning pack reads them (...): 'finished' of PRJ-01-73 (2204-01-30); ...").
    For a public function called on a table of its own (the KPI trends, the projects' outcomes), which warns them.
    ``columns``: those read (:func:`implausible_dates`' default: every date column), each judged as there.

    ``inferred_as_of``: the as-of date :func:`infer_as_of` took from ``tasks`` without a word of the dates far beyond
    the rest (``far_dates_said=False``), when the caller took the data's own date. The same dates were left out of
    it (:func:`far_dates`: a created, started or finished date far beyond): the words say so too, one warning of the
    dates and both things done with them.

    ``limits``: :func:`implausible_dates` of ``tasks`` and ``columns``, already found by the caller (used as given)."""
    blanked, named = {}, []
    left_out = False  # a date infer_as_of leaves out: a created, started or finished one far beyond the rest
    ids = tasks[S.TASK_ID] if S.TASK_ID in tasks else tasks.index.to_series()
    for col, lim in (implausible_dates(tasks, columns) if limits is None else limits).items():
        rows = lim.beyond | lim.before
        left_out |= col in S.FACT_DATES and bool(lim.beyond.any())
        if rows.any():
            blanked[col] = tasks[col].mask(rows)
            named += [f"'{col}' of {i} ({d:%Y-%m-%d})" for i, d in zip(ids[rows], tasks[col][rows], strict=True)]
    if not blanked:
        return tasks, ""
    out = tasks.assign(**blanked)
    if S.FINISHED in blanked:  # marked for the words that count finishes missing (finishes_read_as_blank)
        out.attrs[FINISHES_READ_AS_BLANK] = (*tasks.attrs.get(FINISHES_READ_AS_BLANK, ()),
                                             *ids[(blanked[S.FINISHED].isna() & tasks[S.FINISHED].notna())])
    n = len(named)
    said = (f"{counted(n, 'date')} far beyond or before the rest of the data read as blank, as the planning pack reads "
            f"{agree(n, 'it', 'them')} (probably {agree(n, 'a typo year or a zero date', 'typo years or zero dates')}: "
            f"the validation report lists {agree(n, 'its row', 'their rows')}): {id_list(named, 5, sep='; ')}")
    if inferred_as_of is not None and left_out:
        said += (f". The as-of date, {pd.Timestamp(inferred_as_of):%Y-%m-%d}, is the data's latest date without "
                 f"{agree(n, 'it', 'them')}: pass as_of= to choose another date")
    return out, said


#: On within :func:`dates_read`: :func:`finishes_read` reads nothing.
_DATES_READ = Switch("dates_read")


def dates_read():
    """Within it, :func:`finishes_read` leaves a table's finish dates as they are: the caller has read its table
    through the rule (:func:`implausible_dates_read`) on the whole of it and said what it read as blank.

    For the planning pack, which reads its table once as it loads it (``reporting.pack_inputs``), and the backtest,
    which fits the model on the earliest part of a table it has read: the part judged again on its own dates (a
    bulk of fewer years) could read as blank a date the whole table keeps, and say it a second time.
    """
    return _DATES_READ.on()


def finishes_read(tasks: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """The finish dates of ``tasks`` far beyond or before the rest of the data read as blank, with the words saying
    which (:func:`implausible_dates_read` of the ``finished`` column: the one rule); the table itself and "" when there
    are none, or within :func:`dates_read`. For the estimators called on a table of their own (the backtest, the
    accuracy model's fit), which order the history by its finish dates: a finish typed 2204 for 2024 was its latest
    task, in the test part of every split. They warn the words."""
    if _DATES_READ:
        return tasks, ""
    return implausible_dates_read(tasks, (S.FINISHED,))


#: ``attrs`` key of a task table read through :func:`without_implausible_dates`: the tasks (their ``task_id``, else
#: their row label) whose finish date it read as blank, kept by the tables made from it (rewound, filtered).
FINISHES_READ_AS_BLANK = "finishes_read_as_blank"


def finishes_read_as_blank(tasks: pd.DataFrame) -> np.ndarray:
    """Which rows of ``tasks`` have no finish date because :func:`without_implausible_dates` read theirs as blank (a
    date far beyond or before the rest of the data): the mark it leaves on the table it returns; none on a table not
    read through it. For the words that count done tasks without a finish date (:func:`read_as_blank_said`)."""
    marked = tasks.attrs.get(FINISHES_READ_AS_BLANK, ())
    if not len(marked) or S.FINISHED not in tasks:
        return np.zeros(len(tasks), dtype=bool)
    ids = tasks[S.TASK_ID] if S.TASK_ID in tasks else tasks.index.to_series()
    return ids.isin(marked).to_numpy(bool) & tasks[S.FINISHED].isna().to_numpy(bool)


def read_as_blank_said(n: int) -> str:
    """Words after a count of tasks without a finish date saying how many of them had one, read as blank
    (:func:`finishes_read_as_blank`): " (1 read as blank: a date far beyond or before the rest of the data)"; ""
    for none. The table has no date for them, but the export had one: an implausible one."""
    if not n:
        return ""
    return f" ({n:,} read as blank: {agree(n, 'a date', 'dates')} far beyond or before the rest of the data)"


def no_finish_said(n: int, blanked: int = 0, of: int | None = None) -> str:
    """The one wording of ``n`` done tasks without a finish date, ``of`` a count of done tasks when given, and how many
    of them had one read as blank (``blanked``, :func:`read_as_blank_said`): for the plan's and the throughput
    forecast's notes, the backtest's split, the accuracy model's oldest history, the finish slip's and the rewound
    pack's tasks left out and the KPI trends' task measures.

    >>> no_finish_said(2), no_finish_said(1, of=1622)
    ('2 done tasks have no finish date', '1 of 1,622 done tasks has no finish date')
    >>> no_finish_said(1, blanked=1)
    '1 done task has no finish date (1 read as blank: a date far beyond or before the rest of the data)'
    """
    tasks = counted(n, "done task") if of is None else f"{n:,} of {counted(of, 'done task')}"
    return f"{tasks} {agree(n, 'has', 'have')} no finish date{read_as_blank_said(blanked)}"


def far_dates(tasks: pd.DataFrame) -> pd.DataFrame:
    """The created, started and finished dates after :func:`far_date_limit` (typo years).

    Returns a DataFrame with columns ``column``, ``row`` (the table's index label)
    and ``date``, latest first; empty when there are none (or too few dates to judge).
    ``attrs["limit"]`` holds the limit. :func:`infer_as_of` leaves these dates out.
    """
    limit = far_date_limit(tasks)
    parts = []
    if limit is not None:
        for c in S.FACT_DATES:
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
    if S.STATUS not in tasks:
        return np.zeros(len(tasks), dtype=bool)
    return tasks[S.STATUS].isin(S.UNFINISHED_STATUSES).to_numpy(dtype=bool)


def planned_finish_rows(tasks: pd.DataFrame) -> np.ndarray:
    """Rows (a mask) whose finish date is a plan's (:data:`~pmo_forecast.core.schema.FINISH_PLANNED` true: a due
    date ticked done, a planned end read as done work's finish); none when the table has no such column. The
    column read as a saved table gives it too (``True`` as text)."""
    if S.FINISH_PLANNED not in tasks:
        return np.zeros(len(tasks), dtype=bool)
    return tasks[S.FINISH_PLANNED].astype("string").str.strip().str.lower().eq("true").to_numpy(
        dtype=bool, na_value=False)


def mark_planned_finishes(df: pd.DataFrame, rows: np.ndarray) -> None:
    """Mark the finish dates of ``rows`` (a mask) as a plan's (:data:`~pmo_forecast.core.schema.FINISH_PLANNED`),
    in place, beside those marked before: the as-of date is not moved by them (:func:`planned_finishes`)."""
    rows = np.asarray(rows, dtype=bool) & (df[S.FINISHED].notna().to_numpy() if S.FINISHED in df else False)
    if rows.any():
        df[S.FINISH_PLANNED] = pd.array(planned_finish_rows(df) | rows, dtype="boolean")


def _believable(tasks: pd.DataFrame, column: str, limit) -> pd.Series:
    """A date column without the dates past ``limit`` (:func:`far_date_limit`; None: all) and, for
    finish dates, without those of unfinished tasks (:func:`planned_ends`) and those that are a plan's
    (:func:`planned_finishes`)."""
    s = tasks[column]
    keep = ~(s > limit).to_numpy(dtype=bool) if limit is not None else np.ones(len(s), dtype=bool)
    if column == S.FINISHED:
        keep &= ~(_unfinished(tasks) | planned_finish_rows(tasks))
    return s if keep.all() else s[keep]


def _planned_finish_dates(tasks: pd.DataFrame, limit) -> pd.Series:
    """The finish dates of finished tasks that are a plan's (:func:`planned_finish_rows`), none past ``limit``."""
    s = tasks[S.FINISHED][planned_finish_rows(tasks) & ~_unfinished(tasks)].dropna()
    return s if limit is None else s[s <= limit]


def _latest(tasks: pd.DataFrame, columns, limit) -> pd.Timestamp:
    """The latest believable date of ``columns`` (those in the table), NaT when there is none. Finish dates
    that are a plan's (:func:`planned_finishes`) count only in a table with no other date: the only ones there are."""
    latest = max((m for c in columns if c in tasks and not pd.isna(m := _believable(tasks, c, limit).max())),
                 default=pd.NaT)
    if pd.isna(latest) and S.FINISHED in columns and S.FINISHED in tasks:
        latest = _planned_finish_dates(tasks, limit).max()
    return latest


def planned_starts(tasks: pd.DataFrame, limit=None) -> str | None:
    """Start dates on days after every created and finished date: plans, not starts (Asana's and
    ClickUp's "Start Date" is a planned date), which would move the as-of date into the future.
    The words saying so, or None. :func:`infer_as_of` leaves them out. A table that keeps the plan's
    start beside them (``planned_start``: MS Project XML) has actual starts, never planned ones."""
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
    ends (a plan's "End Date", a due date), not finishes; and those of done tasks that are a plan's
    (:func:`planned_finishes`). The words saying so, or None. :func:`infer_as_of` leaves every finish
    date of an unfinished task out."""
    if S.FINISHED not in tasks:
        return None
    if not (unfinished := _unfinished(tasks)).any():
        return planned_finishes(tasks, limit)
    limit = far_date_limit(tasks) if limit is None else limit
    planned = planned_starts(tasks, limit)
    latest = _latest(tasks, (S.CREATED, S.FINISHED) + (() if planned else (S.STARTED,)), limit)
    later = tasks[S.FINISHED][unfinished].dropna()
    if limit is not None:
        later = later[later <= limit]
    if not pd.isna(latest):
        later = later[later.dt.normalize() > pd.Timestamp(latest).normalize()]
    done = planned_finishes(tasks, limit)
    if later.empty:
        return done
    n = len(later)
    return (f"{counted(n, 'finish date')} of open or in-progress tasks {agree(n, 'falls', 'fall')} after the "
            f"as-of date, up to {later.max():%Y-%m-%d}: "
            f"{agree(n, 'a planned end (a due date), not a finish', 'planned ends (due dates), not finishes')}, so "
            f"the as-of date is not moved by {agree(n, 'it', 'them')}" + (f"; {done}" if done else ""))


def planned_finishes(tasks: pd.DataFrame, limit=None) -> str | None:
    """Finish dates of done tasks that are a plan's (:func:`planned_finish_rows`: a due date ticked done, a
    planned end read as the finish, a plan's ``Finish`` taken by a task at 100%, the export having no completion
    date) after the as-of date they would have moved: when the work was due or planned to end, not when it was done
    (a card ticked done ahead of its due date, a task set to 100% ahead of its Finish). The words saying so, or None. :func:`infer_as_of` leaves them out; the finish dates themselves stay as the export gives them."""
    if S.FINISHED not in tasks or not planned_finish_rows(tasks).any():
        return None
    limit = far_date_limit(tasks) if limit is None else limit
    planned = planned_starts(tasks, limit)
    latest = _latest(tasks, (S.CREATED, S.FINISHED) + (() if planned else (S.STARTED,)), limit)
    later = _planned_finish_dates(tasks, limit)
    later = later[later.dt.normalize() > pd.Timestamp(latest).normalize()]
    if later.empty:
        return None
    n = len(later)
    return (f"{counted(n, 'finish date')} of {agree(n, 'a done task', 'done tasks')} taken from a plan "
            "(a due date ticked done, a planned end, a plan's Finish taken by a task at 100%) "
            f"{agree(n, 'falls', 'fall')} after the as-of date ({pd.Timestamp(latest):%Y-%m-%d}), up to "
            f"{later.max():%Y-%m-%d}: when the work was due or planned to end, not when it was done, so the as-of "
            f"date is not moved by {agree(n, 'it', 'them')}")


def infer_as_of(tasks: pd.DataFrame, *, far_dates_said: bool = True) -> pd.Timestamp:
    """The data's own "today": the latest created, started or finished date, at midnight.

    Forecasts default to it (never the clock), so reruns on the same file agree.
    Dates far beyond the rest of the data (see :func:`far_date_limit` and
    :func:`far_dates`: a typo year such as 2204) are left out, with a
    :class:`~pmo_forecast.DataQualityWarning` naming them; ``validate_tasks`` lists
    their rows (``far_future_<column>``).

    Parameters
    ----------
    tasks : pandas.DataFrame
        The task table.
    far_dates_said : bool, default True
        False: the dates far beyond the rest are left out without a word, for a caller that reads them as blank
        and says both in one warning (:func:`implausible_dates_read` given the date: the KPI trends had said a
        2204 finish twice). Planned starts and ends left out are said as ever.

    Raises
    ------
    NoDatesError
        The table has no created, started or finished date (a ``ValueError``).
    """
    latest, far, planned = _inferred(tasks)
    for words in (far if far_dates_said else []) + planned:
        warn(words, DataQualityWarning)
    return latest


def _inferred(tasks: pd.DataFrame) -> tuple[pd.Timestamp, list[str], list[str]]:
    """:func:`infer_as_of`'s date and the words it says of it, unsaid: of the far dates it leaves out, and of the
    planned starts and ends; for the callers that read the date alone, or say the far dates otherwise."""
    require_dates(tasks, "tasks")  # text or zoned dates would fail the comparisons below
    far = far_dates(tasks)
    limit = far.attrs["limit"]
    planned = planned_starts(tasks, limit)
    latest = _latest(tasks, (S.CREATED, S.FINISHED) + (() if planned else (S.STARTED,)), limit)
    if pd.isna(latest):
        raise NoDatesError("as_of is needed: the task table has no created/started/finished dates "
                         "to infer it from; pass as_of= (on the command line: --as-of YYYY-MM-DD)")
    far_said = [f"as-of date {latest:%Y-%m-%d} leaves out {far_dates_note(far)}"] if len(far) else []
    plans_said = [s for s in (planned, planned_ends(tasks, limit)) if s]  # planned_ends: done work's plan finishes too
    advice = ". Pass as_of= to choose another date."
    return (pd.Timestamp(latest).normalize(), [s + advice for s in far_said], [s + advice for s in plans_said])


def quiet_as_of(tasks: pd.DataFrame, as_of=None) -> pd.Timestamp:
    """The as-of day without a word: ``as_of`` at midnight or, when None, the data's own (:func:`infer_as_of`)
    with its warnings left to whoever reads the dates; NaT when the table has no date at all.

    For checks that only sort rows by it (a project starting after it is not started yet): the
    forecast or the validation that reads the dates says what is wrong with them, once.
    """
    if as_of is not None:
        return pd.Timestamp(as_of).normalize()
    try:  # said where the dates are read
        return _inferred(tasks)[0]
    except NoDatesError:  # no dates at all: nothing can be in the future
        return pd.NaT
