"""How much of a project's work its approvals hold while they wait, learnt from the history.

A scenario that changes the PM pool moves finish dates only through approvals that stop their
project's work while they wait (:func:`~pmo_forecast.forecasting.plan.gate_delay_days`). Whether
they do is in the data: if they do, a project finishes fewer tasks while its approvals are
waiting than at other times. :func:`fit_approval_blocking` measures that, each project against
its own working hours, and gives the share of the approvals' waiting time that held the work.

The model: in the working hours (09:00-17:00, Monday to Friday) of its running span, project ``p``
finishes tasks at its own rate ``l_p`` while no approval of it is waiting (requested, not yet started),
and at ``r * l_p`` while one is. Given a project's finished tasks, the number finished while one waits
is binomial with chance ``r H_w / (r H_w + H_f)`` (``H_w``, ``H_f``: its working hours with and
without a wait), so ``l_p`` drops out (a conditional likelihood: a project's busy and quiet phases, its
size and its number of approvals are its own, and only the split of its work between its waiting and
other hours speaks of ``r``). ``r`` is found by maximum likelihood over every project, with a 95% Wald
interval on ``log r``; the blocking share is ``1 - r``, kept between 0 and 1. Finishes dated without a
time count at midday of their day (a project's last day whole), which on such data counts whole days.
The association can be confounded (busy weeks raise both the approvals asked for and the work finished),
and people kept on a held task lean their time to its project; both pull the share towards 0: the result keeps its interval so that readers see how sure it is.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.optimize import minimize_scalar

from ..core import schema as S
from ..core.calendar import HOURS_PER_DAY, merged_spans, working_hours_between
from ..core.shown import shown_number
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


def _positions(ts: pd.Series, origin: pd.Timestamp) -> np.ndarray:
    """Working hours (09:00-17:00, Monday to Friday) from ``origin`` to each timestamp; NaT gives NaN."""
    return working_hours_between(np.full(len(ts), origin), ts.to_numpy())


def _dated_only(ts: pd.Series) -> bool:
    """Whether every timestamp given is a date without a time (midnight): a day's finish, not its hour."""
    ts = ts.dropna()
    return bool(len(ts)) and bool((ts == ts.dt.normalize()).all())


def _waits(r: pd.DataFrame, pi: np.ndarray, origin: pd.Timestamp):
    """Each project's waits merged where they overlap, as working-hour positions ``(start, end]``, sorted by
    project and start."""
    until = r[S.STARTED] if S.STARTED in r else pd.Series(pd.NaT, index=r.index)
    if S.DONE_AT in r:
        until = until.fillna(r[S.DONE_AT])
    a = _positions(r[S.REQUESTED], origin)
    b = np.nan_to_num(_positions(until, origin), nan=np.inf)  # still waiting: to the data's end
    keep = b > a  # a request started the hour it came held no work
    return merged_spans(pi[keep], a[keep], b[keep])


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
        ``share`` (the blocking share, 0-1, or None when the history cannot tell: ``1 - rate_ratio``, the share
        of the approvals' waiting time the work stood still, not of the project's time, which is
        ``waiting_share x share``), ``rate_ratio``
        (tasks finished per working hour while an approval waits, against the project's other working
        hours) with ``rate_ratio_low`` / ``rate_ratio_high`` (95% interval), ``share_low`` /
        ``share_high`` (the interval on the share), ``n_projects`` (projects with finished tasks and
        working hours with and without an approval waiting), ``n_tasks`` (their finished tasks counted),
        ``waiting_share`` (the share of their running working hours with an approval waiting) and
        ``reason`` (why it is None, else "").

    Notes
    -----
    See the module's docstring for the model. The share is None when no project has both time with
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
    end = max(t[S.FINISHED].max() if len(done) else r[S.REQUESTED].max(), r[S.REQUESTED].max())
    proj = pd.Index(pd.unique(r[S.PROJECT_ID]))  # a project without approvals has no waiting time
    wp, wa, wb = _waits(r, proj.get_indexer(r[S.PROJECT_ID]), origin)
    # finishes dated without a time: each at midday of its day, and a project's last day counted whole (on such
    # data the fit counts whole days: the days from a request's to its start's wait)
    half = HOURS_PER_DAY / 2 if _dated_only(done[S.FINISHED]) else 0.0
    # a project's time: from its first date to its last finish (the data's end while it has unfinished work)
    unfinished = t[S.STATUS].isin(S.UNFINISHED_STATUSES).groupby(t[S.PROJECT_ID]).any().reindex(proj, fill_value=False)
    stop = t[S.FINISHED].groupby(t[S.PROJECT_ID]).max().reindex(proj).where(~unfinished.to_numpy(), end).fillna(end)
    s = _positions(first.reindex(proj), origin)
    e = _positions(stop, origin) + 2 * half
    d_all = e - s
    d_wait = np.bincount(wp, weights=np.maximum(np.minimum(wb, e[wp]) - np.maximum(wa, s[wp]), 0), minlength=len(proj))
    # each finished task in its project's working time: while one of its approvals waited or not (the work before
    # a finish is what it rests on, so a finish at a wait's first instant is not in it; the waits are disjoint and
    # sorted)
    d = done[done[S.PROJECT_ID].isin(proj)]
    dp = proj.get_indexer(d[S.PROJECT_ID])
    x = _positions(d[S.FINISHED], origin) + half
    weekday = np.is_busday(d[S.FINISHED].to_numpy().astype("datetime64[D]"))  # a weekend finish: on neither side
    inside = weekday & (x > s[dp]) & (x <= e[dp])
    dp, x = dp[inside], x[inside]
    span = float(np.nanmax(np.r_[e, x])) + 1.0  # keys: a project's waits after every earlier project's
    at = np.searchsorted(wp * span + wa, dp * span + x, side="left") - 1
    waiting = (at >= 0) & (wp[np.maximum(at, 0)] == dp) & (x <= wb[np.maximum(at, 0)])
    n_all = np.bincount(dp, minlength=len(proj)).astype(float)
    n_wait = np.bincount(dp[waiting], minlength=len(proj)).astype(float)
    # only projects with finished work and time with and without a wait say anything of r
    told = (n_all > 0) & (d_wait > 0) & (d_all - d_wait > 0)
    if not told.any():
        return {**empty, "reason": "no project has finished tasks and working time with and without an approval waiting"}
    beta, se = _ratio_fit(n_wait[told], n_all[told], d_wait[told], (d_all - d_wait)[told])
    ratio, low, high = np.exp(beta), np.exp(beta - Z95 * se), np.exp(beta + Z95 * se)
    fit = {"rate_ratio": float(ratio), "rate_ratio_low": float(low), "rate_ratio_high": float(high),
           "share_low": float(np.clip(1 - high, 0, 1)), "share_high": float(np.clip(1 - low, 0, 1)),
           "n_projects": int(told.sum()), "n_tasks": int(n_all[told].sum()),
           "waiting_share": float(d_wait[told].sum() / d_all[told].sum())}
    if high - low > MAX_INTERVAL_WIDTH:
        # the ratios as the gates' note says them (two decimals, halves away from zero): 1.125 is 1.13, not 1.12
        low_, high_ = shown_number(low, "num"), shown_number(high, "num")
        return {**fit, "share": None, "reason": (f"too little history: the 95% interval of the rate while approvals "
                                                 f"wait, {low_}-{high_} of the usual, is too wide")}
    return {**fit, "share": float(np.clip(1 - ratio, 0, 1)), "reason": ""}
