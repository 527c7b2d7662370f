"""How much of a project's work its approvals hold while they wait, learnt from the history.

A scenario that changes the PM pool moves finish dates only through approvals that stop their
project's work while they wait (:func:`~pmo_forecast.forecasting.plan.gate_delay_days`). Whether
they do is in the data: if they do, a project finishes fewer tasks on the days its approvals are
waiting than on its other days. :func:`fit_approval_blocking` measures that, each project against
its own days, and gives the share of the approvals' waiting time that held the work.

The model: on a working day (Monday to Friday) of its running span, project ``p`` finishes tasks at
its own rate ``l_p`` when no approval of it is waiting (requested, not yet started), and at
``r * l_p`` when one is. Given a project's finished tasks, the number finished on waiting days is
binomial with chance ``r D_w / (r D_w + D_f)`` (``D_w``, ``D_f``: its waiting and other days), so
``l_p`` drops out (a conditional likelihood: a project's busy and quiet phases, its size and its
number of approvals are its own, and only the split of its work between its waiting and other days
speaks of ``r``). ``r`` is found by maximum likelihood over every project, with a 95% Wald interval
on ``log r``; the blocking share is ``1 - r``, kept between 0 and 1. The association can be
confounded (busy weeks raise both the approvals asked for and the work finished), which pulls the
share towards 0: the result keeps its interval so that readers see how sure it is.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.optimize import minimize_scalar

from ..core import schema as S
from ..core.calendar import WorkingCalendar
from .plan import approvals_of

#: The blocking share is learnt when the 95% interval of the rate ratio is at most this wide; a wider one says
#: the history cannot tell, and every approval is taken as blocking (the upper bound), said.
MAX_INTERVAL_WIDTH = 0.5
#: Bounds of ``log r``: from e^-10 (nothing finishes while approvals wait) to e^3.
LOG_RATIO_BOUNDS = (-10.0, 3.0)
#: The normal quantile of a two-sided 95% interval.
Z95 = 1.959963984540054


def _approvals(requests: pd.DataFrame, projects: pd.Index) -> pd.DataFrame:
    """The requests that are gates (approvals when the log has kinds that are, else every request) of ``projects``."""
    if S.PROJECT_ID not in requests:
        return requests.iloc[:0]
    r = requests[requests[S.PROJECT_ID].isin(projects) & requests[S.REQUESTED].notna()]
    approval = approvals_of(r)
    return r[approval] if approval.any() else r


def _waits(r: pd.DataFrame, pi: np.ndarray, origin: pd.Timestamp, last: int):
    """Each project's waits merged where they overlap, as day numbers ``[start, end)``, sorted by project and day."""
    a = (r[S.REQUESTED].dt.normalize() - origin).dt.days.to_numpy()
    until = r[S.STARTED] if S.STARTED in r else pd.Series(pd.NaT, index=r.index)
    if S.DONE_AT in r:
        until = until.fillna(r[S.DONE_AT])
    b = (until.dt.normalize() - origin).dt.days.to_numpy(float)
    b = np.where(np.isnan(b), last + 1, b).astype(np.int64)  # still waiting: to the data's end
    keep = b > a  # a request started the day it came held no day's work
    pi, a, b = pi[keep], a[keep], b[keep]
    order = np.lexsort((a, pi))
    pi, a, b = pi[order], a[order], b[order]
    ends = pd.Series(b).groupby(pi).cummax().to_numpy()
    new = np.r_[True, pi[1:] != pi[:-1]] | (a > np.r_[-1, ends[:-1]])  # a wait after every earlier one ended
    run = np.cumsum(new) - 1
    return (pd.Series(pi).groupby(run).first().to_numpy(), pd.Series(a).groupby(run).min().to_numpy(),
            pd.Series(b).groupby(run).max().to_numpy())


def _ratio_fit(n_wait: np.ndarray, n_all: np.ndarray, d_wait: np.ndarray, d_free: np.ndarray):
    """Maximum-likelihood ``log r`` and its standard error from each project's counts (see the module)."""
    def loglik(beta):
        rw = np.exp(beta) * d_wait
        return float(n_wait @ np.log(rw) - n_all @ np.log(rw + d_free))

    beta = float(minimize_scalar(lambda b: -loglik(b), bounds=LOG_RATIO_BOUNDS, method="bounded",
                                 options={"xatol": 1e-7}).x)
    pi = np.exp(beta) * d_wait / (np.exp(beta) * d_wait + d_free)
    information = float(n_all @ (pi * (1 - pi)))
    return beta, 1.0 / np.sqrt(max(information, 1e-12))


def fit_approval_blocking(requests: pd.DataFrame | None, tasks: pd.DataFrame) -> dict:
    """The share of their waiting time that approvals held their project's work, learnt from the history.

    Parameters
    ----------
    requests : DataFrame or None
        The PM-pool request log (``project_id``, ``requested``, ``started``, ``done``, ``kind``).
        Approvals (``kind`` ``approval``) are the gates when the log has them, else every request.
    tasks : DataFrame
        The task table: its done tasks' finish dates are the work, its projects' first and last dates
        their running days.

    Returns
    -------
    dict
        ``share`` (the blocking share, 0-1, or None when the history cannot tell), ``rate_ratio``
        (tasks finished per working day while an approval waits, against the project's other working
        days) with ``rate_ratio_low`` / ``rate_ratio_high`` (95% interval), ``share_low`` /
        ``share_high`` (the interval on the share), ``n_projects`` (projects with finished tasks and
        working days with and without an approval waiting), ``n_tasks`` (their finished tasks counted),
        ``waiting_share`` (the share of their running working days with an approval waiting) and
        ``reason`` (why it is None, else "").

    Notes
    -----
    See the module's docstring for the model. The share is None when no project has both days with
    and without waiting approvals and finished tasks, or when the interval on the rate ratio is wider
    than :data:`MAX_INTERVAL_WIDTH`; the scenarios then take every approval as blocking.

    Examples
    --------
    >>> import pmo_forecast as pf
    >>> from pmo_forecast.forecasting.approval_blocking import fit_approval_blocking
    >>> tasks, projects, people, requests = pf.load_sample()
    >>> fit = fit_approval_blocking(requests, tasks)
    >>> fit["share"], round(fit["rate_ratio"], 2)
    (0.0, 1.05)
    """
    empty = {"share": None, "rate_ratio": None, "rate_ratio_low": None, "rate_ratio_high": None,
             "share_low": None, "share_high": None, "n_projects": 0, "n_tasks": 0, "waiting_share": None}
    if requests is None or requests.empty:
        return {**empty, "reason": "no request log"}
    t = tasks[tasks[S.STATUS] != S.CANCELLED]
    projects = pd.Index(pd.unique(t[S.PROJECT_ID].dropna()))
    r = _approvals(requests, projects)
    if r.empty:
        return {**empty, "reason": "no request names one of the task export's projects"}
    done = t[(t[S.STATUS] == S.DONE) & t[S.FINISHED].notna()]
    first = t[S.CREATED].fillna(t[S.STARTED]).fillna(t[S.FINISHED]).groupby(t[S.PROJECT_ID]).min()
    origin = min(first.min(), r[S.REQUESTED].min()).normalize()
    day0 = np.datetime64(origin.date(), "D")

    def working_days(a, b):  # Monday to Friday in [a, b), day numbers from the origin
        return np.maximum(WorkingCalendar().days_between(day0 + a, day0 + b), 0)

    end = max(t[S.FINISHED].max() if len(done) else r[S.REQUESTED].max(), r[S.REQUESTED].max()).normalize()
    last = int((end - origin).days)
    proj = pd.Index(pd.unique(r[S.PROJECT_ID]))  # a project without approvals has no waiting days
    wp, wa, wb = _waits(r, proj.get_indexer(r[S.PROJECT_ID]), origin, last)
    # a project's days: from its first date to its last finish (the data's end while it has unfinished work)
    unfinished = t[S.STATUS].isin(S.UNFINISHED_STATUSES).groupby(t[S.PROJECT_ID]).any().reindex(proj, fill_value=False)
    stop = t[S.FINISHED].groupby(t[S.PROJECT_ID]).max().reindex(proj).where(~unfinished.to_numpy(), end).fillna(end)
    s = (first.reindex(proj).dt.normalize() - origin).dt.days.to_numpy()
    e = (stop.dt.normalize() - origin).dt.days.to_numpy() + 1
    d_all = working_days(s, e).astype(float)
    d_wait = np.bincount(wp, weights=working_days(np.maximum(wa, s[wp]), np.minimum(wb, e[wp])), minlength=len(proj))
    # each finished task on a weekday of its project's span: on a waiting day or not (the waits are disjoint and sorted)
    d = done[done[S.PROJECT_ID].isin(proj)]
    dp = proj.get_indexer(d[S.PROJECT_ID])
    dd = (d[S.FINISHED].dt.normalize() - origin).dt.days.to_numpy()
    weekday = (working_days(dd, dd + 1) == 1) & (dd >= s[dp]) & (dd < e[dp])
    dp, dd = dp[weekday], dd[weekday]
    key = wp.astype(np.int64) * (last + 2) + wa
    at = np.searchsorted(key, dp.astype(np.int64) * (last + 2) + dd, side="right") - 1
    waiting = (at >= 0) & (wp[np.maximum(at, 0)] == dp) & (dd < wb[np.maximum(at, 0)])
    n_all = np.bincount(dp, minlength=len(proj)).astype(float)
    n_wait = np.bincount(dp[waiting], minlength=len(proj)).astype(float)
    # only projects with finished work and both kinds of day say anything of r
    told = (n_all > 0) & (d_wait > 0) & (d_all - d_wait > 0)
    if not told.any():
        return {**empty, "reason": "no project has finished tasks and days with and without an approval waiting"}
    beta, se = _ratio_fit(n_wait[told], n_all[told], d_wait[told], (d_all - d_wait)[told])
    ratio, low, high = np.exp(beta), np.exp(beta - Z95 * se), np.exp(beta + Z95 * se)
    fit = {"rate_ratio": float(ratio), "rate_ratio_low": float(low), "rate_ratio_high": float(high),
           "share_low": float(np.clip(1 - high, 0, 1)), "share_high": float(np.clip(1 - low, 0, 1)),
           "n_projects": int(told.sum()), "n_tasks": int(n_all[told].sum()),
           "waiting_share": float(d_wait[told].sum() / d_all[told].sum())}
    if high - low > MAX_INTERVAL_WIDTH:
        return {**fit, "share": None, "reason": (f"too little history: the 95% interval of the rate while approvals "
                                                 f"wait, {low:.2f}-{high:.2f} of the usual, is too wide")}
    return {**fit, "share": float(np.clip(1 - ratio, 0, 1)), "reason": ""}
