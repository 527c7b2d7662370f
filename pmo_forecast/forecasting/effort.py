"""The effort draws of the open work: the one engine of the effort and finish-date forecasts.

Each open task's effort is drawn by resampling its quantile table (integer indices into
``(n_tasks, n_levels)``: the fastest draw there is). Overruns within a project are correlated
(one team, one misunderstood scope), so per-task independent draws make project totals far
too narrow. The shared part is added as multiplicative factors, log-normal with mean one: one
per (trial, person) on that person's task draws, one per (trial, project) on the project's
total, their spread set from the correlation learnt from history (:func:`factor_sigma`;
:mod:`.correlation`). Scope still to be added is drawn per (trial, project)
(:func:`~pmo_forecast.forecasting.growth.growth_draw`). Random numbers are tied to task,
project and person ids (:func:`draws_for`).
"""

from __future__ import annotations

import numpy as np

from .growth import growth_draw
from .open_work import N_LEVELS, OpenWork
from .plan import RandomNumbers

#: Draw cells (trials x tasks) per chunk: about 4 MB of float64, cache friendly.
CHUNK_CELLS = 500_000


def factor_sigma(q: np.ndarray, groups: np.ndarray, n_groups: int, icc) -> np.ndarray:
    """Log-sd of each group's shared factor so that group totals get the shared variance.

    A task's log-scale spread ``s_i`` times ``sqrt(icc)`` is the shared part; since every
    draw already has the full marginal spread, only ``1 - 1/n_eff`` of it is added
    (none for a group of one task, all of it for a large group).
    """
    icc = np.broadcast_to(np.asarray(icc, dtype=float), (n_groups,))
    if not (icc > 0).any() or len(q) == 0:
        return np.zeros(n_groups)
    logq = np.log(np.maximum(q, 1e-9))
    s = logq.std(axis=1)
    mu = q.mean(axis=1)
    w = np.bincount(groups, weights=mu, minlength=n_groups)
    s_bar = np.bincount(groups, weights=mu * s, minlength=n_groups) / np.maximum(w, 1e-12)
    n_eff = w**2 / np.maximum(np.bincount(groups, weights=mu**2, minlength=n_groups), 1e-12)
    tau2 = icc * s_bar**2
    var_f = np.clip(1 - 1 / np.maximum(n_eff, 1), 0, 1) * np.expm1(tau2)
    return np.sqrt(np.log1p(var_f))


# --- the simulation ------------------------------------------------------------------------
def _lognormal_factor(z: np.ndarray, sigma: np.ndarray) -> np.ndarray:
    """Mean-one lognormal factors from standard normals ``z`` (one row per group, one column per trial)."""
    return np.exp(sigma[:, None] * z - 0.5 * sigma[:, None] ** 2)


def _draw_tasks(levels: np.ndarray, work: OpenWork) -> np.ndarray:
    """Per-task draws (n_open, n) by resampling the quantile tables at the given levels.

    Small unsigned indices plus a flat ``take`` with per-task offsets: the cheapest
    gather numpy offers (about twice as fast as ``q[arange, idx]`` with int64 indices).
    """
    n_open, n_levels = work.q.shape
    big = n_open * n_levels >= 2**31
    idx = levels
    if work.ip_cols is not None and len(work.ip_cols):
        idx = idx.copy()
        idx[work.ip_cols] = work.ip_map[idx[work.ip_cols]]
    offset = np.arange(n_open, dtype=np.int64 if big else np.int32)[:, None] * n_levels
    x = np.take(work.q.ravel(), np.add(idx, offset, dtype=np.int64 if big else np.int32))
    if work.booked.any():
        np.maximum(x, work.booked[:, None], out=x)
    return x


def draws_for(rn: RandomNumbers, work: OpenWork, person: bool = True, growth: bool = True) -> dict:
    """The random numbers of one simulation, tied to task, project and person ids.

    Each kind has its own stream, so a fresh :class:`RandomNumbers` and one shared with
    other runs give the same draws for the same things; kinds a run does not use
    (``person``, ``growth``) are not drawn.
    """
    n_levels = work.q.shape[1] if work.q.ndim == 2 else N_LEVELS
    return {"levels": rn.levels(work.keys, n_levels),
            "project": rn.normal("project", work.project_ids),
            "person": rn.normal("person", work.persons) if person else None,
            "growth": rn.normal("growth", work.project_ids) if growth else None}


def simulate_effort(rn: RandomNumbers, work: OpenWork, n_trials: int, sig_proj, sig_person, growth, chunk=None,
              keep_tasks: bool = False):
    """Yield per chunk: project totals (n_projects, n), task draws or None, growth effort.

    Arrays have one row per project (or task) and one column per trial: the row-wise
    sums, factors and running sums then work on contiguous rows, all trials at once.
    Totals include the growth effort; task draws (with their project and person factors)
    are kept only when ``keep_tasks``. Random numbers come from ``rn`` (common random
    numbers: the same task, project or person gets the same draws in every run).
    """
    n_open = len(work.q)
    n_proj = len(work.project_ids)
    chunk = chunk or max(1, CHUNK_CELLS // max(n_open, 1))
    person_on = bool(np.any(sig_person > 0))
    d = draws_for(rn, work, person=person_on, growth=growth is not None and growth.cv > 0)
    # runs of tasks per project (tasks are sorted by project)
    task_runs = np.flatnonzero(np.r_[True, work.proj_code[1:] != work.proj_code[:-1]]) if n_open else None
    task_size = np.diff(np.r_[task_runs, n_open]) if n_open else None
    done = 0
    while done < n_trials:
        n = min(chunk, n_trials - done)
        cols = slice(done, done + n)
        done += n
        if n_open == 0:
            yield np.zeros((n_proj, n)), np.zeros((0, n)), np.zeros((n_proj, n))
            continue
        x = _draw_tasks(d["levels"][:, cols], work)
        f_proj = _lognormal_factor(d["project"][:, cols], sig_proj)
        if person_on:  # per-task person factor: cheaper than (project, person) sub-totals
            x *= np.take(_lognormal_factor(d["person"][:, cols], sig_person), work.person_code, axis=0)
        tot = np.zeros((n_proj, n))
        tot[work.proj_code[task_runs]] = np.add.reduceat(x, task_runs, axis=0)
        tot *= f_proj
        grow = None
        if growth is not None:
            z = d["growth"][:, cols] if d["growth"] is not None else None
            grow = growth_draw(z, growth) * tot / np.maximum(work.open_est, 1e-12)[:, None]
            tot += grow
        if keep_tasks:
            x *= np.repeat(f_proj[work.proj_code[task_runs]], task_size, axis=0)
        yield tot, (x if keep_tasks else None), grow
