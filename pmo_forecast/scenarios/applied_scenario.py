"""The applied scenario: the tables a staffing scenario makes, and the PM pool they make on each date.

:class:`AppliedScenario` is what :func:`~pmo_forecast.scenarios.staffing.apply_scenario` returns; the role each
person holds on a date (:func:`role_on`, moves counted from their date) and the PMs serving the pool then
(:func:`pm_count`, :func:`pm_availability`) are read from its people table here, for the scenario's queue and
its utilisation by role.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.capacity import full_week_share, off_the_pool, pool_week_share


@dataclass
class AppliedScenario:
    """The tables as the scenario makes them (copies), and the pool-level changes.

    Attributes
    ----------
    tasks, projects, people, requests : pandas.DataFrame
        Changed copies of the inputs (``requests`` is the unchanged log, copied).
    as_of : pandas.Timestamp
        The forecast origin.
    arrival_scale : float
        Multiplier on the PM-pool request arrival rate: demand growth times the
        ratio of open projects after and before the scenario (once every added project
        has started; :meth:`arrival_scale_on` per date).
    approval_share : float or None
        The PM share of the week for approvals (None: keep the fitted one).
    on_hold : tuple of str
        Projects put on hold because no PM had room under the WIP limit.
    notes : list of str
        What was done, in words, for the meeting.
    """

    tasks: pd.DataFrame
    projects: pd.DataFrame
    people: pd.DataFrame
    requests: pd.DataFrame | None
    as_of: pd.Timestamp
    arrival_scale: float = 1.0
    approval_share: float | None = None
    on_hold: tuple[str, ...] = ()
    notes: list[str] = field(default_factory=list)
    #: Role changes from a date: (person, date, role before, role after). ``people`` holds the role after.
    moves: tuple = ()
    #: Teams left from a date by people who stay (a move leaves the old projects): ``person``,
    #: ``project_id``, ``away_from``; the ``away`` of :func:`pmo_forecast.forecast_finish_dates`.
    away: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=[S.PERSON, S.PROJECT_ID, S.AWAY_FROM]))
    #: First days of the added projects starting after ``as_of``, and the open projects before and after.
    added_starts: tuple = ()
    open_projects: tuple = (0, 0)

    def arrival_scale_on(self, dates) -> np.ndarray:
        """``arrival_scale`` on each of ``dates``: an added project brings its requests from its start (one
        starting in a year had overloaded the pool from the forecast date)."""
        d = pd.DatetimeIndex(pd.to_datetime(np.atleast_1d(dates)))
        before, after = self.open_projects
        if not before or not after:
            return np.full(len(d), self.arrival_scale)
        waiting = sum(((d < s).astype(int) for s in self.added_starts), np.zeros(len(d), dtype=int))
        return self.arrival_scale * (after - waiting) / after

    def pm_count(self, dates, serving: bool = True) -> np.ndarray:
        """Number of PMs employed on each of ``dates`` (start <= date <= end) who serve requests then, as
        :func:`pm_count` counts them (every PM employed with ``serving=False``); a move into or out of
        the PM role counts from its date (the people table holds the role after it)."""
        return self._pm_pool(dates, serving)[0]

    def pm_availability(self, dates) -> np.ndarray:
        """Mean availability of the PMs serving on each of ``dates``, as :func:`pm_availability` reads
        it, with moves into or out of the PM role counted from their date (NaN where there is none)."""
        return _mean(*self._pm_pool(dates))

    def _pm_pool(self, dates, serving: bool = True) -> tuple[np.ndarray, np.ndarray]:
        return _pm_pool(self.people, dates, serving, self.moves)


def pm_count(people: pd.DataFrame, dates, serving: bool = True) -> np.ndarray:
    """Number of PMs employed on each of ``dates`` (start <= date <= end) who serve requests then: not at
    availability 0 or 0 hours a week, the rule of :func:`~pmo_forecast.pool.request_log.fit_pool_queue`
    (every PM employed with ``serving=False``)."""
    return _pm_pool(people, dates, serving)[0]


def pm_availability(people: pd.DataFrame, dates) -> np.ndarray:
    """Mean availability of the PMs serving on each of ``dates`` (:func:`pm_count`; NaN where there is none),
    as a share of a full week: ``availability x hours_per_week / DEFAULT_HOURS_PER_WEEK`` (a PM at 90% of
    20 hours a week is 0.45).

    A dated change (``availability_change``, ``availability_after``) counts from its date; a blank
    availability is 100% and blank hours a week are ``DEFAULT_HOURS_PER_WEEK``, as the finish-date schedule
    reads them (:func:`~pmo_forecast.core.capacity.weekly_capacity`). The PM pool's queue serves at this
    mean: PMs give the same share of their available time to approvals; a PM at 0% is no server.
    """
    return _mean(*_pm_pool(people, dates))


def pm_hours_share(people: pd.DataFrame, dates) -> np.ndarray:
    """Mean hours a week of the PMs serving on each of ``dates`` (:func:`pm_count`; NaN where there is none) as a
    share of a full week, ``hours_per_week / DEFAULT_HOURS_PER_WEEK`` (20 hours is 0.5): a share of each PM's own
    week (a scenario's ``approval_share``) times it is a share of the working-hours clock the pool's queue runs on."""
    return _mean(*_pm_pool(people, dates, weight=lambda pm, d: full_week_share(pm)[None, :]))


def _mean(count: np.ndarray, total: np.ndarray) -> np.ndarray:
    return np.where(count > 0, total / np.maximum(count, 1), np.nan)


def role_on(people: pd.DataFrame, dates, moves=()) -> np.ndarray:
    """Dates x people: the role each person holds on each date, the one rule for a dated role.

    The people table's role is the one after every move (:attr:`AppliedScenario.people`); before a move's date
    a person holds the role she moves from. ``moves`` are :attr:`AppliedScenario.moves`' ``(person, date, role
    before, role after)``. The scenario's utilisation by role counts each week's hours and capacity in the role
    held then (:func:`~pmo_forecast.scenarios.scenario.role_hours`); :func:`pm_role_on` reads the PM role from it.
    """
    d = pd.DatetimeIndex(pd.to_datetime(np.atleast_1d(dates))).values[:, None]
    role = np.repeat(people[S.ROLE].to_numpy(object)[None, :], len(d), axis=0)
    names = people[S.PERSON].to_numpy(object)
    # the latest move first: before an earlier one, her role is the one that earlier move starts from
    for person, date, before, _ in sorted(moves, key=lambda m: m[1], reverse=True):
        rows = names == person
        earlier = np.repeat(d < np.datetime64(pd.Timestamp(date)), rows.sum(), axis=1)
        role[:, rows] = np.where(earlier, before, role[:, rows])
    return role


def pm_role_on(people: pd.DataFrame, dates, moves=()) -> np.ndarray:
    """Dates x people: True where a person holds the PM role on the date (:func:`role_on`).

    The PM pool counts its servers by it (:meth:`AppliedScenario.pm_count`) and the scenario's utilisation
    shares the pool's request hours by it (:func:`~pmo_forecast.forecasting.pool_shares.pool_request_shares`, its
    ``pm_on``).
    """
    return np.asarray(role_on(people, dates, moves) == S.PM_ROLE, dtype=bool)


def _pm_pool(people: pd.DataFrame, dates, serving: bool = True, moves=(),
             weight=pool_week_share) -> tuple[np.ndarray, np.ndarray]:
    """Per date: the PMs employed (start <= date <= end, their last day; the role on the date,
    :func:`pm_role_on`) and the sum of their ``weight`` (dates x PMs; default their availability as a share of a
    full week, :func:`pm_availability`);
    with ``serving``, only those who serve requests on the date
    (:func:`~pmo_forecast.core.capacity.off_the_pool`, the fitted pool's rule)."""
    role = pm_role_on(people, dates, moves)
    ever = role.any(axis=0)
    pm, role = people.loc[ever], role[:, ever]
    d = pd.DatetimeIndex(pd.to_datetime(np.atleast_1d(dates))).values[:, None]
    nat = np.full(len(pm), np.datetime64("NaT"))
    start = pm[S.START].to_numpy("datetime64[ns]") if S.START in pm else nat
    end = pm[S.END].to_numpy("datetime64[ns]") if S.END in pm else nat
    employed = role & (np.isnat(start)[None, :] | (start[None, :] <= d)) & (np.isnat(end)[None, :] | (end[None, :] >= d))
    if serving:
        employed &= ~off_the_pool(pm, dates)
    # hours a week count as availability does: a hire at 8 hours a week had served the pool as one at 40
    return employed.sum(axis=1), (employed * weight(pm, dates)).sum(axis=1)
