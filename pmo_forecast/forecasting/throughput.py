"""Throughput forecasts for teams that do not estimate: when will N items be done, how many by D.

As the flow tools do (ActionableAgile, Focused Objective), future weeks are drawn by
resampling the team's own recent weekly throughput (tasks finished per week, zero weeks
included), but seeded, vectorised over trials, and on a working-day calendar.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.as_of import finishes_read, finishes_read_as_blank, resolve_as_of
from ..core.calendar import HORIZON_YEARS, NEVER, WorkingCalendar
from ..core.checks import (
    quantile_levels,
    require_columns,
    require_dates,
    require_not_negative,
    whole_count,
)
from ..core.exceptions import SchemaError
from ..core.labels import counted, option_refused
from ..core.results import Result
from .effort import CHUNK_CELLS
from .finish_dates import (
    add_date_columns,
    after_horizon,
    beyond_horizon_note,
    idle_note,
    missed_due_note,
)
from .overrun import QUANTILES
from .plan import random_numbers, trial_count

ALL = "all"


def weekly_throughput(tasks: pd.DataFrame, as_of, window_weeks: int = 26, by=None) -> pd.DataFrame:
    """Tasks finished in each of the last ``window_weeks`` weeks up to ``as_of`` (zero weeks kept).

    Returns a DataFrame with one row per week (0 = the week ending at ``as_of``) and one
    column per group of ``by`` (or a single column ``"all"``). The window starts no earlier than
    the first week with data: fewer rows when the whole table is younger, and NaN in a group's
    weeks before its own first date (created, started or finished), so a team formed recently is
    measured over the weeks it existed (12 weeks at 2 items a week read 0.92 a week when the 14
    weeks before it counted as zero weeks). The oldest week may be partial.
    """
    require_columns(tasks, [S.STATUS, S.FINISHED], "tasks")
    as_of = pd.Timestamp(as_of).normalize()
    groups = tasks[by].astype(str).to_numpy(object) if by else np.full(len(tasks), ALL, dtype=object)
    week = _weeks_ago(tasks[S.FINISHED], as_of)
    done = (tasks[S.STATUS] == S.DONE).fillna(False).to_numpy(bool)
    ok = done & (week >= 0) & (week < window_weeks)
    first = np.fmax.reduce([_weeks_ago(tasks[c], as_of) for c in S.FACT_DATES if c in tasks])
    observed = (pd.Series(first, index=groups).groupby(level=0).max() + 1).clip(0, window_weeks).dropna()
    rows = np.arange(int(observed.max()) if len(observed) else 0)
    counts = (pd.crosstab(week[ok].astype(int), groups[ok])
              .reindex(index=rows, columns=observed.index, fill_value=0)
              .where(rows[:, None] < observed.to_numpy()[None, :]))
    counts.index.name = "weeks_ago"
    counts.columns.name = None
    return counts


def _weeks_ago(dates: pd.Series, as_of: pd.Timestamp) -> np.ndarray:
    """Whole weeks from each date to ``as_of`` (NaN for no date)."""
    # whole days: a task finished at 15:00 on the as-of day is in the week ending that day (it was after midnight)
    days = (as_of - pd.to_datetime(dates).dt.normalize()).dt.days
    return np.floor(days.to_numpy(dtype=float, na_value=np.nan) / 7)


class ThroughputForecast(Result):
    """When the remaining items will be done, and how many will be done by a date.

    Built whole by :func:`forecast_throughput`: the positional parameters are the draws and the groups'
    figures, the keyword-only ones set the attributes of the same name (the forecast date and the groups
    done without a finish date); left out, no forecast date and no undated tasks.

    Attributes
    ----------
    samples : ndarray of int, shape (n_trials, n_groups)
        Business days after ``origin`` when the last item is done (``NEVER`` when the
        history's throughput is zero or the horizon is exceeded).
    items_samples : ndarray, shape (n_trials, n_groups), or None
        Whole items done by ``by_date`` (when given), at most the items remaining.
    history : DataFrame
        The weekly throughput resampled (NaN in a group's weeks before its first date).
    window_weeks : int or None
        The weeks of history asked for; ``by_project`` says when a group has fewer.
    by_date_beyond : str or None
        Why there is no count of items by ``by_date`` (it lies beyond the horizon), also in each
        group's ``note``; None when there is one.
    missing : ndarray of bool or None
        Groups (aligned with ``groups``) that no task of the table belongs to (an id mistyped in
        ``remaining_items``), said in ``note``; None for the whole team.
    as_of : pandas.Timestamp or None
        The forecast date (None when not known); the notes name ``origin`` when it is earlier.
    done_undated : ndarray of int
        Per group with nothing remaining, its done tasks without a finish date: its finish is its last dated
        task's, so it may have finished later; ``note`` says so with the count, as the plan's does.
    done_blanked : ndarray of int
        How many of each group's ``done_undated`` had a finish read as blank (far beyond or before the rest of the
        data), said in the same note.
    """

    title = "Throughput forecast"

    def __init__(self, samples, items_samples, groups, remaining, history, origin, calendar, due,
                 by_date, quantiles, window_weeks=None, by_date_beyond=None, missing=None, *,
                 as_of=None, done_undated=None, done_blanked=None):
        self.samples = samples
        self.items_samples = items_samples
        self.groups = groups
        self.history = history
        self.origin = origin
        self.calendar = calendar
        self.by_date = by_date
        self.quantiles = tuple(quantiles)
        self.window_weeks = window_weeks
        self.by_date_beyond = by_date_beyond
        self.missing = missing
        self.as_of = as_of
        self.done_undated = np.zeros(len(groups), dtype=int) if done_undated is None else done_undated
        self.done_blanked = np.zeros(len(groups), dtype=int) if done_blanked is None else done_blanked
        self._remaining = remaining
        self._due = due

    def by_project(self) -> pd.DataFrame:
        """Per group: remaining items, weeks of history, finish-date quantiles, ``prob_late`` vs due,
        items by date.

        For "how many by ``by_date``", ``items_p80`` is the count reached in 80% of trials
        (the 20th percentile): the number you can promise with 80% confidence.
        """
        out = pd.DataFrame({"remaining_items": self._remaining,
                            "mean_weekly_throughput": self.history.mean(axis=0).to_numpy(),
                            "history_weeks": self.history.notna().sum(axis=0).to_numpy()},
                           index=pd.Index(self.groups, name=S.PROJECT_ID))
        info = add_date_columns(out, self.samples, self.origin, self.calendar, self._due, self.quantiles)
        # nothing finished in the window: no forecast at all, so the chance of lateness is unknown (not 100%)
        no_forecast = self.no_forecast
        info["no_forecast"] = no_forecast
        out.loc[no_forecast | self.undated, ["prob_late", "prob_on_time"]] = np.nan
        if self.items_samples is not None:
            for q in self.quantiles:
                out[f"items_{S.quantile_column(q)}"] = np.nan if self.by_date_beyond else np.quantile(
                    self.items_samples, 1 - q, axis=0, method="inverted_cdf")
            # nor how many items by the date: 0 would read as a forecast of nothing done
            out.loc[no_forecast, [f"items_{S.quantile_column(q)}" for q in self.quantiles]] = np.nan
        out["note"] = ["; ".join(filter(None, (self._note(j, info, out["earliest"].iat[j], out["latest"].iat[j]),
                                               self._short_note(j, out["history_weeks"].iat[j]),
                                               self.by_date_beyond)))
                       for j in range(len(out))]
        return out

    @property
    def no_forecast(self) -> np.ndarray:
        """Groups (aligned with ``groups``) with items remaining but none finished in the history's window:
        no forecast at all (``samples`` NEVER)."""
        return ~(self.history.mean(axis=0).to_numpy() > 0) & (np.asarray(self._remaining) > 0)

    def after_horizon(self, q: float = 0.8) -> pd.Series:
        """Per group, the date its ``q`` finish date comes only after, where it lies beyond the horizon
        (:func:`~pmo_forecast.forecasting.finish_dates.after_horizon`; ``samples`` NEVER there too: not done within
        it); NaT where a date is shown, nothing remains, or there is no forecast."""
        off = np.quantile(self.samples, q, axis=0, method="inverted_cdf")
        known = (np.asarray(self._remaining) > 0) & ~self.no_forecast
        return pd.Series(after_horizon(off, self.origin, self.calendar, known),
                         index=pd.Index(self.groups, name=S.PROJECT_ID))

    @property
    def undated(self) -> np.ndarray:
        """Groups (aligned with ``groups``) with nothing remaining and no finish date: every task
        cancelled (or finished without a date). They have no finish (``samples`` NEVER), and are
        neither late nor on time."""
        return (np.asarray(self._remaining) == 0) & (self.samples >= NEVER).all(axis=0)

    def _short_note(self, j, weeks: int) -> str:
        if self._remaining[j] == 0 or self.window_weeks is None or not 0 < weeks < self.window_weeks:
            return ""
        return (f"throughput from the {counted(weeks, 'week')} since its first task, not the "
                f"{self.window_weeks} asked")

    def _note(self, j, info, lo, hi) -> str:
        if self._remaining[j] == 0:
            return idle_note(self.undated[j], int(self.done_undated[j]), lo, nothing="nothing remaining",
                             said_finished=False, blanked=int(self.done_blanked[j]))
        if self.missing is not None and self.missing[j]:
            # "no items finished" had sent the reader to the team's pace, not to an id mistyped in remaining_items
            return f"no task of {self.groups[j]!r} in the task table: no forecast possible; check the id as written"
        if info["no_forecast"][j]:
            return "no items finished in the history window: no forecast possible"
        if info["never"][j] + info["beyond"][j] > 0:  # NEVER: not done in the weeks drawn, up to the horizon
            # said as the finish-date forecast says it, beside which the Projects sheet shows it ("the items are done")
            return beyond_horizon_note(info["never"][j] + info["beyond"][j], info["horizon_date"], "it finishes",
                                       self.origin, self.calendar, self.as_of)
        if info["due_passed"][j] or info["every_late"][j]:  # said as the finish-date forecast says it
            return missed_due_note(self._due[j], lo, hi, passed=info["due_passed"][j])
        return ""

    def summary(self) -> pd.DataFrame:
        return self.by_project()

    def plot(self, ax=None):
        """Cumulative chance of being done by each date, one line per group."""
        import matplotlib.pyplot as plt

        ax = ax or plt.subplots(figsize=(8, 3.5))[1]
        p = np.linspace(0.01, 0.99, 99)
        drawn = 0
        horizon = self.calendar.horizon(self.origin)
        for j, g in enumerate(self.groups):
            s = self.samples[:, j]
            s = s[s <= horizon]  # NaT past it
            if len(s):
                ax.plot(self.calendar.dates(self.origin, np.quantile(s, p, method="inverted_cdf")), p, label=str(g))
                drawn += 1
        ax.set_ylabel("chance of being done")
        ax.set_xlabel("date")
        if not drawn:  # no throughput in the history, or none fast enough: no group finishes in any trial
            ax.text(0.5, 0.5, "no finish dates: nothing was finished in the weeks the throughput is drawn from, "
                    f"or not enough to finish within {HORIZON_YEARS} years",
                    ha="center", va="center", transform=ax.transAxes, fontsize="small")
        elif len(self.groups) <= 12:
            ax.legend(fontsize="small")
        return ax


def forecast_throughput(tasks: pd.DataFrame, remaining_items=None, *, as_of=None, by_date=None,
                        by=None, projects=None, window_weeks: int = 26, n_trials: int = 10_000,
                        random_state=None, calendar=None, quantiles=QUANTILES) -> ThroughputForecast:
    """Forecast from historical weekly throughput (tasks finished per week), without estimates.

    Parameters
    ----------
    tasks : pandas.DataFrame
        Canonical task table (``status`` and ``finished`` used).
    remaining_items : int, mapping or None
        An int: items left for the whole team (history of all tasks). A mapping or Series
        ``{project_id: items}``: one forecast per project from its own throughput. None:
        per project, the number of its open and in-progress tasks.
    as_of : date-like, optional
        Today; defaults to the latest date in the task table.
    by_date : date-like, optional
        Also answer "how many items by this date" (``items_p50``, ``items_p80``, ...: whole items, at
        most the items remaining; NaN, as the dates, for a group that finished nothing in the window). A date before ``as_of`` is refused
        (``ValueError``); one beyond the ten-year horizon gives NaN counts and says so in ``note``.
    by : str, optional
        Column whose groups the remaining items refer to (default ``project_id`` for a
        mapping or None).
    projects : pandas.DataFrame, optional
        For ``due`` dates and ``prob_late``.
    window_weeks : int
        Weeks of history resampled (recent behaviour; 26 by default). Fewer when the group's
        first task (created, started or finished) is younger: weeks before a project or team
        existed are not zero-throughput weeks (``history_weeks`` and ``note`` say so).
    n_trials : int
    random_state : int, Generator or None
        Each group's draws are seeded by it and the group's name, so adding a project does not
        move another's dates.
    calendar : None, WorkingCalendar, list of holidays or dict
        Working days used to turn weeks into dates.
    quantiles : tuple of float
        Levels reported, each strictly between 0 and 1 (columns ``p50``, ``p80``, ...).

    Returns
    -------
    ThroughputForecast

    Notes
    -----
    Each trial draws future weeks independently from the group's observed weeks (zero weeks
    included, weeks before its first task not). The last item is done part-way through the week in which the
    cumulative count reaches the remaining items (linear within the week), rounded up to a
    whole working day. Weeks are ``d`` working days of the calendar.

    Examples
    --------
    >>> from pmo_forecast import load_sample, forecast_throughput
    >>> tasks = load_sample().tasks
    >>> fc = forecast_throughput(tasks, 100, random_state=0)
    >>> int(fc.by_project().loc["all", "remaining_items"])
    100
    """
    n_trials = trial_count(n_trials)  # int() had cut 2.5 trials (or weeks) to 2 and read "10" or True as counts
    window_weeks = _window(window_weeks)
    quantiles = quantile_levels(quantiles)
    cal = WorkingCalendar.coerce(calendar)
    as_of = resolve_as_of(tasks, as_of)
    origin = cal.origin(as_of)
    rn = random_numbers(random_state, n_trials)
    per_group = remaining_items is None or isinstance(remaining_items, Mapping | pd.Series)
    by = _group_column(tasks, by) if per_group else None
    remaining = _remaining(tasks, remaining_items, by, per_group)
    history = weekly_throughput(tasks, as_of, window_weeks, by)
    history = history.reindex(columns=remaining.index)  # a group without tasks: no weeks observed
    groups = remaining.index.to_numpy(object)
    n_left = remaining.to_numpy(float)
    beyond = by_off = None
    if by_date is not None:
        by_date, beyond = _checked_by_date(by_date, as_of, cal, origin)
        # past the horizon no count is a forecast (a typo year drew centuries of weeks: gigabytes)
        by_off = None if beyond else int(cal.last_offset_by(origin, [by_date])[0])
    samples, items = _draws(rn, history, groups, n_left, n_trials, cal, origin, by_date is not None, beyond, by_off)
    samples, done_undated, done_blanked = _done_groups(tasks, by, groups, n_left, samples, cal, origin)
    due = _group_due_dates(projects, by, groups)
    missing = None if by is None else ~np.isin(groups, tasks[by].astype(str).to_numpy(object))
    return ThroughputForecast(samples, items, groups, remaining.to_numpy(), history, origin, cal, due,
                              by_date, quantiles, window_weeks, beyond, missing, as_of=as_of,
                              done_undated=done_undated, done_blanked=done_blanked)


def _window(window_weeks) -> int:
    """``window_weeks`` as a whole number of weeks, refused when it is none or below 1."""
    weeks = whole_count(window_weeks)
    if weeks is None:
        raise ValueError(f"window_weeks must be a whole number of at least 1, got {window_weeks!r}")
    return weeks


def _group_column(tasks: pd.DataFrame, by) -> str:
    """The column whose groups the remaining items are counted in (``project_id`` by default), refused when
    ``tasks`` has no such column."""
    by = by or S.PROJECT_ID
    # it stopped with a KeyError on the column's name, and a TypeError on a list of them
    if not isinstance(by, str) or by not in tasks.columns:
        raise SchemaError(option_refused("by", "name the column of tasks whose values the remaining items are counted "
                                         f"per (e.g. '{S.PROJECT_ID}' or '{S.TASK_TYPE}'; or give an int for the whole "
                                         "team)", by), column=by)
    return by


def _remaining(tasks: pd.DataFrame, remaining_items, by: str | None, per_group: bool) -> pd.Series:
    """The items left per group (each group's open tasks when ``remaining_items`` is None; ``"all"`` for an int),
    refused when negative or not finite."""
    if remaining_items is None:
        open_ = tasks[tasks[S.STATUS].isin(S.UNFINISHED_STATUSES).fillna(False).to_numpy(bool)]
        remaining = open_[by].astype(str).value_counts().sort_index()
    elif per_group:
        remaining = pd.Series(remaining_items, dtype=float).rename(index=str).sort_index()
    else:
        remaining = pd.Series({ALL: remaining_items}, dtype=float)
    if (remaining < 0).any() or not np.isfinite(remaining.to_numpy(float)).all():
        raise ValueError("remaining_items must be non-negative numbers of items")
    return remaining


def _draws(rn, history: pd.DataFrame, groups: np.ndarray, n_left: np.ndarray, n_trials: int,
           cal: WorkingCalendar, origin, counted_by_date: bool, beyond: str | None,
           by_off: int | None) -> tuple[np.ndarray, np.ndarray | None]:
    """Each group's working-day offsets of its finish, trial by trial, and with a ``by_date`` the items done by
    it (NaN past the horizon): each group drawn from its own weeks, with its own random numbers."""
    dpw = cal.days_per_week
    samples = np.empty((n_trials, len(groups)), dtype=np.int64)
    items = np.full((n_trials, len(groups)), np.nan if beyond else 0.0) if counted_by_date else None
    for j, g in enumerate(groups):  # a loop over groups, never over trials
        weeks = history.iloc[:, j].dropna().to_numpy(float)
        samples[:, j] = _time_to_finish(rn.generator("throughput", g), weeks, n_left[j], n_trials, dpw,
                                        cal.horizon(origin))
        if by_off is not None and by_off > 0:
            items[:, j] = _items_by(rn.generator("items by date", g), weeks, by_off / dpw, n_trials, n_left[j])
    return samples, items


def _done_groups(tasks: pd.DataFrame, by: str | None, groups: np.ndarray, n_left: np.ndarray, samples: np.ndarray,
                 cal: WorkingCalendar, origin) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The groups with nothing left dated at their last delivery: ``samples`` with their columns so (a new array when
    any is; ``samples`` is left as drawn), each group's count of tasks done without a finish date (0 for the
    others), and how many of them had one read as blank."""
    idle = np.flatnonzero(n_left == 0)
    done_undated, done_blanked = np.zeros(len(groups), dtype=int), np.zeros(len(groups), dtype=int)
    if not (len(idle) and by is not None and S.FINISHED in tasks):
        return samples, done_undated, done_blanked
    # nothing left: done on its last finish, as the plan says; a cancellation's date delivers nothing: an
    # all-cancelled group had been done, on time, on its last one
    # a finish typed 2204 read as blank by the one rule, as the plan reads it (core.as_of.finishes_read)
    read = finishes_read(tasks)[0]
    finished = read[S.FINISHED]
    delivered = finished.where(tasks[S.STATUS] == S.DONE)
    last = delivered.groupby(tasks[by].astype(str)).max().reindex(groups[idle])
    dated = samples.copy()
    # no finish date at all (every task cancelled): no date either, not the as-of date
    dated[:, idle] = cal.last_offset_by(origin, last.to_numpy(dtype="datetime64[ns]"))
    # done without a finish date: the last dated one's finish may not be the group's, said in its note
    blank = (tasks[S.STATUS] == S.DONE) & finished.isna()
    key = tasks[by].astype(str)
    done_undated[idle] = blank.groupby(key).sum().reindex(groups[idle], fill_value=0)
    blanked = pd.Series(finishes_read_as_blank(read), index=tasks.index) & blank
    done_blanked[idle] = blanked.groupby(key).sum().reindex(groups[idle], fill_value=0)
    return dated, done_undated, done_blanked


def _group_due_dates(projects: pd.DataFrame | None, by: str | None, groups: np.ndarray) -> np.ndarray:
    """Each group's due date from ``projects`` when the groups are projects (NaT otherwise); ``projects`` is
    checked as the loader and the forecasts check it."""
    due = np.full(len(groups), np.datetime64("NaT"), dtype="datetime64[ns]")
    if projects is not None:  # due dates as text had been parsed month first (05/08 read as 8 May) or raised
        require_dates(projects, "projects")
        require_not_negative(projects, "projects")  # as the loader and the forecasts
    if projects is not None and S.DUE in projects and by in (None, S.PROJECT_ID):
        d = projects.drop_duplicates(S.PROJECT_ID).set_index(S.PROJECT_ID)[S.DUE]
        d.index = d.index.astype(str)
        due = pd.to_datetime(d.reindex(groups)).to_numpy(dtype="datetime64[ns]")
    return due


def _checked_by_date(by_date, as_of: pd.Timestamp, cal: WorkingCalendar, origin) -> tuple[pd.Timestamp, str | None]:
    """``by_date`` as a Timestamp, refused when it is not a date or before ``as_of``; with the note that it
    lies beyond the calendar's horizon (None when within it)."""
    try:
        day = pd.Timestamp(by_date)
    except (TypeError, ValueError) as e:
        raise ValueError(f"by_date must be a date, got {by_date!r}") from e
    if pd.isna(day):
        raise ValueError(f"by_date must be a date, got {by_date!r}")
    if day.tzinfo is not None:  # the day as written where it was written, as the loaders read dates
        day = day.tz_localize(None)
    if day.normalize() < as_of.normalize():
        raise ValueError(f"by_date {day:%Y-%m-%d} is before the as-of date {as_of:%Y-%m-%d}: items done by then "
                         "are history, not a forecast")
    horizon = cal.horizon_date(origin)
    if day.normalize() <= horizon:
        return day, None
    return day, (f"by_date {day:%Y-%m-%d} is beyond the horizon ({HORIZON_YEARS} years, {horizon:%Y-%m-%d}): "
                 "no count of items by then")


def _time_to_finish(rng, weeks: np.ndarray, n_left: float, n_trials: int, dpw: int,
                    max_days: int) -> np.ndarray:
    """Working days until ``n_left`` items are done, per trial (NEVER if not within the horizon).

    Weeks are drawn up to four times the mean time needed, but not past ``max_days`` (the
    calendar's horizon, whose dates are NaT anyway): 20,000 items at a few a month are centuries.
    """
    if n_left <= 0:
        return np.zeros(n_trials, dtype=np.int64)
    mean = weeks.mean() if len(weeks) else 0.0
    if mean <= 0:
        return np.full(n_trials, NEVER, dtype=np.int64)
    horizon = min(int(np.ceil(4 * n_left / mean)) + 26, int(np.ceil(max_days / dpw)) + 1)
    out = np.empty(n_trials, dtype=np.int64)
    chunk = max(1, CHUNK_CELLS // horizon)
    for a in range(0, n_trials, chunk):
        n = min(chunk, n_trials - a)
        draws = weeks[rng.integers(0, len(weeks), size=(n, horizon))]
        cs = np.cumsum(draws, axis=1)
        reached = cs[:, -1] >= n_left
        k = np.argmax(cs >= n_left, axis=1)
        rows = np.arange(n)
        before = np.where(k > 0, cs[rows, k - 1], 0.0)
        frac = (n_left - before) / np.maximum(draws[rows, k], 1e-12)
        days = np.ceil((k + frac) * dpw - 1e-9).astype(np.int64)
        out[a:a + n] = np.where(reached, np.maximum(days, 1), NEVER)
    return out


def _items_by(rng, weeks: np.ndarray, n_weeks: float, n_trials: int, n_left: float) -> np.ndarray:
    """Whole items done within ``n_weeks``, per trial, at most the ``n_left`` remaining.

    The last, partial week's items are done evenly through it, as :func:`_time_to_finish` dates them: the
    ones done by its cut count. Once the remaining items are done there is nothing more to count (the
    count was the team's whole throughput: 694 items "by" a date for 5 remaining, 648.6 of them at P80).
    """
    whole = int(np.floor(n_weeks))
    if not len(weeks):  # no week observed: nothing to count on
        return np.zeros(n_trials)
    draws = weeks[rng.integers(0, len(weeks), size=(n_trials, whole + 1))]
    done = draws[:, :whole].sum(axis=1) + np.floor((n_weeks - whole) * draws[:, whole] + 1e-9)
    return np.minimum(done, n_left)
