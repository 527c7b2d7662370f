"""The PM pool's request hours shared among the PMs who serve it, day by day.

One rule for the Capacity sheet (:func:`~pmo_forecast.forecasting.workload.workload` with ``queue=``) and the
scenarios' utilisation by role (:func:`~pmo_forecast.scenarios.scenario.role_hours`): who serves is the fitted
pool's rule (:func:`~pmo_forecast.core.capacity.off_the_pool`), how much of a server each is the pool's own
(:func:`~pmo_forecast.core.capacity.pool_week_share`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.calendar import NEVER
from ..core.capacity import off_the_pool, pool_week_share

__all__ = ["pool_request_shares"]


def pool_request_shares(plan, people: pd.DataFrame, days, pm_on=None,
                        served=False) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each of the plan's people's share of the PM pool's request hours on each of ``days``: the one rule
    the Capacity sheet and the scenarios share the requests by, day by day.

    On each day the PMs of ``people`` employed then (the plan's first and last days) who serve the pool
    (:func:`~pmo_forecast.core.capacity.off_the_pool`, the fitted pool's rule) share it in proportion to the
    share of a full week each gives the pool that day (availability x hours a week,
    :func:`~pmo_forecast.core.capacity.pool_week_share`, the rule the scenarios' pool speed counts servers by:
    a PM at 20 hours a week beside full-timers carries half a full-timer's share); a day none of them serves
    (every PM gone or at 0%) leaves it on nobody: the pool has no server then, its requests are unserved, as the
    scenarios' pool with no server (the PMs employed at 0% had carried it against no capacity). Unless the pool
    has a server outside the table then (``served``: the request log's handlers): the PMs employed carry it
    equally. A PM who starts on a Wednesday carries three days of her first week.

    Parameters
    ----------
    plan : FinishDateForecast
        The plan whose people (``plan.people``) carry the requests.
    people : pandas.DataFrame
        The people table (``role``, and the availability and hours a week that say who serves).
    days : array-like of int
        Business-day offsets after ``plan.origin`` (1 is the plan's first day, as the columns of
        :meth:`~pmo_forecast.forecasting.finish_dates.FinishDateForecast.daily_hours`); a day up to the origin
        (the forecast date's week) has the PMs employed on the plan's first day.
    pm_on : callable, optional
        ``pm_on(table, dates)``: dates x rows of ``table`` (the people table's rows in the order of
        ``plan.people``), True where the person holds the PM role on the date; default the role column on
        every date. A scenario's moves date the role
        (:func:`~pmo_forecast.scenarios.applied_scenario.pm_role_on`): before the move a person shares the requests in
        her old role, from it in the new one, as the scenario's pool counts her.
    served : bool or array-like of bool, default False
        Per day (or every day): the pool has a server though no PM of ``people`` serves, as when the queue is
        fitted on the request log's handlers (:attr:`~pmo_forecast.pool.request_log.PoolQueueFit.servers_source`
        ``"handlers"``, no PM serving at the log's end): on such a day the PMs employed carry the requests
        equally (on nobody when none is employed).

    Returns
    -------
    share : numpy.ndarray
        People (as ``plan.people``) x days; each day's column adds up to 1, or to 0 where no PM serves.
    idle : numpy.ndarray of bool
        Per day: no PM serves (the requests are on nobody: unserved).
    nobody : numpy.ndarray of bool
        Per day: no PM is employed (the requests are on nobody).
    """
    k = np.asarray(days, dtype=np.int64)
    names = np.asarray(plan.people, dtype=object)
    table = people.drop_duplicates(S.PERSON).set_index(S.PERSON).reindex(names).reset_index()
    dates = plan.calendar.dates(plan.origin, k)
    pm = (table[S.ROLE].eq(S.PM_ROLE).to_numpy(dtype=bool)[:, None] if pm_on is None  # no role: not a PM
          else np.asarray(pm_on(table, dates), dtype=bool).T)
    first = np.asarray(plan.first_day, dtype=float)
    last = np.where(np.asarray(plan.last_day) >= NEVER, np.inf, np.asarray(plan.last_day, dtype=float))
    on = np.maximum(k, 1)  # the plan starts on day 1: the forecast date's week before it has that day's PMs
    employed = (first[:, None] < on[None, :]) & (last[:, None] > on[None, :] - 1) & pm
    # the PMs serving on each day, by the fitted pool's rule: a PM at 0% (or 0 hours a week) took a share
    serving = employed & ~off_the_pool(table, dates).T
    idle = ~serving.any(axis=0)
    # each server by the share of a full week she gives the pool (the pool's own rule); nobody serving: nobody
    weight = np.where(idle & np.broadcast_to(np.asarray(served, dtype=bool), idle.shape), employed.astype(float),
                      serving * pool_week_share(table, dates).T)
    return weight / np.where(weight.any(axis=0), weight.sum(axis=0), 1.0)[None, :], idle, ~employed.any(axis=0)
