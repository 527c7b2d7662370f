"""The trials run through everyone's queue: when each project's and each person's work is done.

:func:`schedule_chunk` takes one chunk of effort draws (open tasks x trials) through the queues
:func:`~pmo_forecast.forecasting.queues.plan_queues` built: a running sum of the hours down each
person's queue, the waits for projects and tasks that start later, and the hours turned into
business days at each person's capacity (:func:`days_done`: their start and end, a dated change
of availability, :func:`days_with_change`), rounded up once to whole days (:func:`to_offsets`).
:mod:`.finish` runs the chunks and makes the forecast of them.
"""

from __future__ import annotations

import numpy as np

from ..core.calendar import NEVER
from .queues import QueuePlan, Staff, waited


def schedule_chunk(x, grow, plan: QueuePlan, staff: Staff, n_proj: int, queued: np.ndarray | None = None):
    """Finish per project (fractional business days) and per person (whole), each
    person's queued hours, and their hours before their first wait for a later project's
    start (all of them when they never wait, or wait from the start), for one chunk of trials.

    ``x`` holds the task draws, one row per open task and one column per trial; the
    results have one row per project (person) and one column per trial. ``queued``, when
    given, gets the chunk's running sums added (summed over its trials).
    """
    n = x.shape[1]
    pool = np.zeros((len(plan.pool_of), n))  # each pool's hours (a project's pooled work per planned start)
    if len(plan.pool_task):
        pg = plan.pool_group
        starts = np.flatnonzero(np.r_[True, pg[1:] != pg[:-1]])
        pool[pg[starts]] = np.add.reduceat(x[plan.pool_task], starts, axis=0)
    proj_pool = np.zeros((n_proj, n))  # and each project's, over its pools
    if len(plan.pool_of):
        starts = np.flatnonzero(np.r_[True, plan.pool_of[1:] != plan.pool_of[:-1]])
        proj_pool[plan.pool_of[starts]] = np.add.reduceat(pool, starts, axis=0)
    if grow is not None:
        proj_pool += grow
        grows = plan.growth_pool >= 0
        pool[plan.growth_pool[grows]] += grow[grows]
    # the queue: one gather of the own-task draws, then the few pool-share rows
    w = np.take(x, np.maximum(plan.q_task, 0), axis=0) if len(x) else np.zeros((len(plan.q_task), n))
    pool_rows = np.flatnonzero(plan.q_task < 0)
    if len(pool_rows):
        w[pool_rows] = pool[plan.q_pool[pool_rows]] * plan.q_share[pool_rows, None]
    _running_sum(w)
    if queued is not None:
        queued += w.sum(axis=1)
    # hours queued before each person's first row, to restart the running sum per person
    base = np.zeros((len(plan.seg_start), n))
    base[1:] = w[plan.seg_start[1:] - 1]
    wait, ahead = _waiting(w, base, plan)
    seg_of = np.searchsorted(plan.seg_start, plan.ends, side="right") - 1
    days = days_done(w[plan.ends] - base[seg_of] + wait[plan.ends], plan.seg_person[seg_of], staff)
    if plan.ends_pool.any():  # a pool share with no work in a trial does not end the project
        idle = np.take(proj_pool <= 0, plan.ends_proj[plan.ends_pool], axis=0)
        days[plan.ends_pool] = np.where(idle, 0.0, days[plan.ends_pool])
    finish = np.zeros((n_proj, n))
    if len(plan.ends):  # max of fractional days per project, rounded up once after
        starts = np.flatnonzero(np.r_[True, plan.ends_proj[1:] != plan.ends_proj[:-1]])
        finish[plan.ends_proj[starts]] = np.maximum.reduceat(days, starts, axis=0)
    # pooled work in no one's queue (nobody in the people table is there to do it) never finishes: it had
    # finished on the forecast date, its hours dropped
    unstaffed = np.ones(n_proj, bool)
    unstaffed[plan.q_proj[pool_rows]] = False
    finish[unstaffed] = np.where(proj_pool[unstaffed] > 0, np.inf, finish[unstaffed])
    per_person = np.zeros((len(staff.names), n))
    hours = np.zeros((len(staff.names), n))
    lead = np.zeros((len(staff.names), n))
    if len(plan.seg_start):
        seg_end = np.r_[plan.seg_start[1:], len(w)] - 1
        hours[plan.seg_person] = w[seg_end] - base
        lead[plan.seg_person] = np.where(ahead > 0, ahead, hours[plan.seg_person])
        per_person[plan.seg_person] = days_done(hours[plan.seg_person] + wait[seg_end], plan.seg_person, staff)
    return finish, to_offsets(per_person), hours, lead


def _waiting(w: np.ndarray, base: np.ndarray, plan: QueuePlan) -> tuple[np.ndarray, np.ndarray]:
    """:func:`waited` before each column of the queues of one chunk of trials (running sums ``w``),
    for the people with a column held until its project starts (``plan.hold``); and per queue
    (rows as ``plan.seg_start``) the hours queued before its first wait (0 when it has none)."""
    ahead = np.zeros_like(base)
    if not plan.hold.any():
        return np.zeros((len(w), 1)), ahead
    idle = np.zeros_like(w)
    ends = np.r_[plan.seg_start[1:], len(w)]
    for k in np.unique(np.searchsorted(plan.seg_start, np.flatnonzero(plan.hold > 0), side="right") - 1):
        s, e = plan.seg_start[k], ends[k]
        hold = plan.hold[s:e]
        before = np.vstack([base[k][None, :], w[s:e - 1]]) - base[k]  # hours queued before each column
        idle[s:e] = waited(hold[:, None], before)
        # argmax finds the first column waited for; with none it is column 0, with 0 h before it
        ahead[k] = np.take_along_axis(before, np.argmax(idle[s:e] > 0, axis=0)[None, :], axis=0)[0]
    return idle, ahead


def _running_sum(w: np.ndarray) -> None:
    """Running sum down the rows of ``w`` (queue position x trial), in place.

    ``np.cumsum(axis=0)`` runs one serial chain per trial; adding each row to the one
    before it advances all the trials of a chunk in one vectorised step, three to four
    times faster once a chunk holds a few hundred trials (the loop is over queue
    positions, never over trials).
    """
    if w.shape[1] < 256:
        np.cumsum(w, axis=0, out=w)
        return
    for i in range(1, len(w)):
        np.add(w[i], w[i - 1], out=w[i])


def to_offsets(days: np.ndarray) -> np.ndarray:
    """Whole business days from fractional ones (ceil is monotone: it commutes with max)."""
    np.ceil(days, out=days)
    return np.minimum(days, NEVER).astype(np.int64)


def days_with_change(hours, rate, rate_after, span, tol: float = 1e-6) -> np.ndarray:
    """Working days (from the person's start) to do ``hours`` at ``rate`` for ``span`` days, then at
    ``rate_after`` (inf when the rate left is 0 and work is left); ``tol`` days less, so that float noise
    rounds down to a whole day.

    Several dated changes: ``rate_after`` and ``span`` with one column per change (rows x steps, spans in
    order), ``rate_after[:, k]`` from ``span[:, k]`` days to the next span.
    """
    rate_after, span = np.asarray(rate_after, dtype=float), np.asarray(span, dtype=float)
    if rate_after.ndim == 1:  # one change a row
        rate_after, span = rate_after[:, None], span[:, None]
    starts = np.concatenate([np.zeros((len(span), 1)), np.maximum(span, 0)], axis=1)
    rates = np.concatenate([np.asarray(rate, dtype=float)[:, None], rate_after], axis=1)
    widths = np.diff(starts, axis=1)
    done = np.concatenate([np.zeros((len(span), 1)), np.cumsum(rates[:, :-1] * widths, axis=1)], axis=1)
    d = np.full(np.shape(hours), np.inf)
    todo = np.ones(np.shape(hours), dtype=bool)
    with np.errstate(divide="ignore", invalid="ignore"):
        for k in range(rates.shape[1]):
            r = rates[:, k:k + 1]
            within = (hours - done[:, k:k + 1]) / r
            if k < widths.shape[1]:  # the same tolerance as days_done: float noise past a change is not work after it
                fits = todo & (within <= widths[:, k:k + 1] + 1e-6)
            else:  # the last rate: done unless it is 0
                fits = todo & (r > 0)
            d = np.where(fits, starts[:, k:k + 1] + within, d)
            todo &= ~fits
    return np.where(hours > 1e-9, np.maximum(d - tol, 0), 0.0)


def days_done(hours, person, staff: Staff) -> np.ndarray:
    """Fractional business day (inf = never) by which ``hours`` of a person's queue are done.

    Works in place on ``hours``; 0 means nothing to do. Rounded up to whole days by
    :func:`to_offsets`, after the maximum over a project's people.
    """
    rate = staff.per_day[person]
    idle = rate <= 0
    if idle.any():
        stuck = hours[idle] > 1e-9
    dated = (staff.change[person] < NEVER).any(axis=1)
    if dated.any():
        queued = hours[dated].copy()
    hours *= np.where(idle, 0.0, 1.0 / np.where(idle, 1.0, rate))[:, None]
    hours -= 1e-6  # tolerance: float noise is not a day
    np.maximum(hours, 0, out=hours)
    if idle.any():
        hours[idle] = np.where(stuck, np.inf, 0.0)
    if dated.any():
        p = person[dated]
        hours[dated] = days_with_change(queued, rate[dated], staff.per_day_after[p],
                                         staff.change[p] - staff.first[p][:, None])
    first = staff.first[person]
    if first.any():
        rows = first > 0
        hours[rows] += (hours[rows] > 0) * first[rows, None]
    last = staff.last[person]
    if (last < NEVER).any():
        rows = last < NEVER
        hours[rows] = np.where(hours[rows] > last[rows, None], np.inf, hours[rows])
    return hours
