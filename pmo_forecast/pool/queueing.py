"""Queueing of the PM pool: why an hour of work waits two weeks, and what the request log says.

The one import path for the pool's queue (the package root reads its names from here): the
closed-form M/M/c model and the staffing for a waiting-time target live in
:mod:`pmo_forecast.pool.mmc` (:func:`erlang_c`, :class:`PoolQueue`, :func:`staff_for_target`,
:class:`StaffingTarget`), the queue fitted to a request log in :mod:`pmo_forecast.pool.request_log`
(:func:`fit_pool_queue` returning :class:`PoolQueueFit`, with a Little's-law check;
:func:`requests_as_of`, :func:`over_capacity_note`), the discrete-event simulation in
:mod:`pmo_forecast.pool.queue_sim`. The names are the same objects here and there.
"""

from __future__ import annotations

from .mmc import PoolQueue, StaffingTarget, erlang_c, staff_for_target
from .request_log import PoolQueueFit, fit_pool_queue, over_capacity_note, requests_as_of

# these lived here before the closed form (.mmc) and the fit to the request log (.request_log) had
# modules of their own: still imported from here
__all__ = ["erlang_c", "PoolQueue", "fit_pool_queue", "PoolQueueFit", "over_capacity_note",
           "staff_for_target", "StaffingTarget", "requests_as_of"]
