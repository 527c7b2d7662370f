"""Finish-date slip: how much longer than the plan projects took, learnt from the user's history.

The schedule (:mod:`pmo_forecast.forecasting.finish`) lays the simulated remaining work onto each
person's calendar. What it cannot see (work released late, people shared with other
projects or support, stale tickets, waiting on others) makes real projects take longer, or
shorter, than that plan by a factor that differs from one organisation to the next. Rather
than assume it, :func:`pmo_forecast.forecasting.finish.estimate_finish_slip` rewinds the history to
earlier cut dates, plans every project running at each cut with the same engine, and
records the **slip**: business days the project really took from the cut over the plan's
P50 days. Projects still running today are right-censored (they took *at least* the days
since the cut). This module turns those reference cases into a distribution:

- how the slip depends on the plan's length (short plans tend to slip more): a censored
  log-normal regression of log days on log planned days (an accelerated failure time model);
- the Kaplan-Meier estimate of the slip left (``statsmodels`` ``SurvfuncRight``), interpolated
  in log slip between its steps, for the levels it reaches;
- above the highest level it reaches (when the longest cases are still running), a
  log-normal tail whose log-sd is the censored maximum-likelihood fit of all the cases,
  flat above level ``n / (n + 1)`` for ``n`` cases (they say nothing about rarer slips).

The forecast then scales each project's plan (:func:`apply_slip`): its trial at rank ``u`` (common
random numbers) finishes at ``P50 x slip quantile(u) x scale(P50)``, held at :data:`MAX_SLIP_DAYS`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import optimize, stats

from ..core.calendar import NEVER
from ..core.labels import agree, counted
from ..core.shown import shown_number
from ..core.workbook import WHOLE_DAYS

#: Fewest reference cases (projects running at a backdated cut) to learn a slip from; :data:`MIN_FINISHED` of
#: them at least must have finished (the others are censored: they took at least so long).
MIN_CASES = 10
#: Fewest finished cases to fit the slip's spread and its dependence on the plan's length: with one, the
#: censored log-normal fit has no spread to go by and runs off (SiP with its stale work closed: one finished of
#: 224, a P50 slip of a million).
MIN_FINISHED = 3
#: Levels at which the slip's quantile function is stored.
LEVELS = np.linspace(0.0, 1.0, 401)
#: A slipped plan is not drawn beyond fifty years of business days (offsets stay representable); its
#: dates past the ten-year horizon are NaT anyway (``WorkingCalendar.dates``), never the cap as a date.
MAX_SLIP_DAYS = 50 * 261
#: The pack's Assumptions row (one per message) listing what the backdated plans warned
#: (:attr:`FinishSlip.backdated_said`), which :meth:`FinishSlip.describe` names where it counts them.
BACKDATED_SAID_ROW = "finish dates: a warning of the backdated plans"


@dataclass
class FinishSlip:
    """The learnt distribution of realised over planned days to finish.

    Attributes
    ----------
    levels, slips : ndarray
        The quantile function: ``slips[k]`` is the slip at level ``levels[k]``.
    cases : pandas.DataFrame
        The reference cases: ``cut``, ``project_id``, ``planned_days`` (the plan's P50,
        business days after the cut), ``days`` (realised, or days observed so far),
        ``finished`` (False: censored, still running today) and ``slip``.
    reach : float
        Highest level the Kaplan-Meier estimate reaches; above it the log-normal tail.
    sigma : float
        Log-sd of the censored log-normal fit (the tail's spread).
    elasticity : float
        ``b`` in ``log days = a + b log planned + e``: 1 when the slip does not depend on
        the plan's length (and when the cases' plans all have one length); below 1 when
        short plans slip more than long ones.
    pivot : float
        Planned days at which ``slips`` holds (the cases' median); a plan of ``P`` days
        slips ``slips x (P / pivot) ** (elasticity - 1)``.
    fallback : str
        Empty, or why no slip was learnt (too few cases): the slip is then 1.
    note : str
        Empty, or what the cases were read as beyond the rule (closed projects with open tasks
        taken to end on their last finish); :meth:`describe` says it.
    backdated_said : pandas.DataFrame
        What the backdated plans said of the table as it stood at their cuts (``cut``, ``warning``: the class's
        name, ``message``), each once a cut: the fallbacks a forecast made then would have taken (a task without
        an estimate given its project's median, no scope growth with too few projects completed, work of people
        gone sent to the project's pool). Not warned: they are of past tables, their advice (estimate the task)
        is late, and the data as it is now is checked when it is read; :meth:`describe` counts them.
    """

    levels: np.ndarray
    slips: np.ndarray
    cases: pd.DataFrame = field(default_factory=pd.DataFrame)
    reach: float = 1.0
    sigma: float = 0.0
    fallback: str = ""
    elasticity: float = 1.0
    pivot: float = 1.0
    note: str = ""
    backdated_said: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["cut", "warning", "message"]))

    @classmethod
    def none(cls, reason: str, cases: pd.DataFrame | None = None) -> FinishSlip:
        """No slip (1 at every level), with the reason recorded."""
        return cls(LEVELS.copy(), np.ones_like(LEVELS), pd.DataFrame() if cases is None else cases,
                   fallback=reason)

    def scale(self, planned) -> np.ndarray:
        """Multiplier on the slip for plans of ``planned`` days (1 at ``pivot``)."""
        return (np.maximum(np.asarray(planned, dtype=float), 1.0) / self.pivot) ** (self.elasticity - 1.0)

    def quantile(self, u) -> np.ndarray:
        """Slip at levels ``u`` for a plan of ``pivot`` days (linear in log slip between levels)."""
        return np.exp(np.interp(u, self.levels, np.log(self.slips)))

    @property
    def n_finished(self) -> int:
        return int(self.cases["finished"].sum()) if len(self.cases) else 0

    def describe(self) -> str:
        return "; ".join(s for s in (self._learnt(), self.note, self._said()) if s)

    def _said(self) -> str:
        """How many warnings the backdated plans gave, at how many cuts (``backdated_said``), or empty."""
        n = len(self.backdated_said)
        if not n:
            return ""
        cuts = self.backdated_said["cut"].nunique()
        # where a PMO analyst finds them, not the attribute that holds them
        return (f"{counted(n, 'warning')} of the backdated plans on the table as it stood at "
                f"{counted(cuts, 'cut')}, not warned (listed in Assumptions as '{BACKDATED_SAID_ROW}')")

    def _learnt(self) -> str:
        if self.fallback:
            return self.fallback
        # ratios to two decimals as the pack's number cells show them, halves away from zero (".2g" read a slip of
        # 1.25 as 1.2), and the plan's whole working days as a whole-days cell (a median of 12.5 read 12)
        p50, p80, p90 = (shown_number(s, "num") for s in self.quantile([0.5, 0.8, 0.9]))
        return (f"slip learnt from {len(self.cases):,} backdated project-cuts ({self.n_finished:,} finished, "
                f"{len(self.cases) - self.n_finished:,} still running): realised / planned days "
                f"P50 {p50}, P80 {p80}, P90 {p90} for a plan of {shown_number(self.pivot, WHOLE_DAYS)} working days "
                f"(elasticity to the plan's length {shown_number(self.elasticity, 'num')})")

    def summary(self) -> pd.DataFrame:
        """Slip at the usual levels, and the cases behind it."""
        lv = (0.1, 0.25, 0.5, 0.75, 0.8, 0.9)
        return pd.DataFrame({"level": lv, "slip": self.quantile(lv)}).assign(
            planned_days=self.pivot, elasticity=self.elasticity, cases=len(self.cases), finished=self.n_finished)


def fit_finish_slip(cases: pd.DataFrame, min_cases: int = MIN_CASES) -> FinishSlip:
    """The slip distribution from reference cases (see the module notes).

    Parameters
    ----------
    cases : pandas.DataFrame
        Columns ``planned_days`` (> 0), ``days`` (realised or observed so far, > 0) and
        ``finished`` (bool: False when right-censored).
    min_cases : int
        Fewest cases to learn from (:data:`MIN_FINISHED` finished at least); with fewer the slip is 1 and
        ``fallback`` says why. With few finished cases the Kaplan-Meier part covers the
        low levels only and the censored log-normal fit the rest.
    """
    cases = cases.copy()
    planned = np.maximum(cases["planned_days"].to_numpy(float), 1.0)
    days = np.maximum(cases["days"].to_numpy(float), 1.0)
    done = cases["finished"].to_numpy(bool)
    cases["slip"] = days / planned
    if len(cases) < min_cases or done.sum() < MIN_FINISHED:
        n = len(cases)  # "1 backdated project-cut, 0 finished"; "9 ..., 4 of them finished"
        return FinishSlip.none(f"no slip learnt: {counted(n, 'backdated project-cut')}, {int(done.sum()):,}"
                               f"{agree(n, '', ' of them')} finished (needs {min_cases}, {MIN_FINISHED} finished at least); the plan's own dates "
                               "are used", cases)
    from statsmodels.duration.survfunc import SurvfuncRight

    # how the slip depends on the plan's length: censored log-normal regression (an
    # accelerated failure time model); Kaplan-Meier then runs on what it leaves, so
    # censoring (earlier for long plans) does not tilt the distribution
    pivot = float(np.median(planned))
    lp = np.log(planned / pivot)
    x_raw = np.log(cases["slip"].to_numpy(float))
    mu, sigma, tilt = _censored_lognormal(x_raw, done, lp)
    x = x_raw - tilt * lp
    sf = SurvfuncRight(x, done.astype(int))
    t, cdf = np.asarray(sf.surv_times, float), 1.0 - np.asarray(sf.surv_prob, float)
    # each step of the Kaplan-Meier CDF holds its event's levels: place the event at the
    # middle of its step and interpolate between steps (flat below the first, and up to
    # the highest level reached above the last)
    below = np.r_[0.0, cdf[:-1]]
    reach = float(cdf[-1])
    lv, xs = np.r_[(below + cdf) / 2, reach], np.r_[t, t[-1]]
    lv, keep = np.unique(lv, return_index=True)
    xs = xs[keep]
    q = np.interp(LEVELS, lv, xs)
    if reach < 1.0:  # log-normal tail above the last level Kaplan-Meier reaches
        above = LEVELS > reach
        z = stats.norm.ppf(np.clip(LEVELS[above], 1e-6, 1 - 1e-6)) - stats.norm.ppf(max(reach, 1e-6))
        q[above] = xs[-1] + sigma * z
    # n cases say nothing above level n / (n + 1): the quantile stays flat there
    top = len(x) / (len(x) + 1.0)
    q = np.where(LEVELS > top, np.interp(top, LEVELS, q), q)
    return FinishSlip(LEVELS.copy(), np.exp(q), cases, reach=reach, sigma=sigma, elasticity=1.0 + tilt,
                      pivot=pivot)


def apply_slip(days: np.ndarray, slip: FinishSlip, u: np.ndarray) -> np.ndarray:
    """Scale each column's plan (trials x items, business days) by the slip, trial by trial.

    The trial at rank ``r`` of ``n`` in its column (ties broken by ``u``, the items x
    trials uniforms of the common random numbers) finishes at the column's P50 times the
    slip's quantile ``(r + 0.5) / n`` for a plan of that length: trials keep their order (a trial with more work
    still finishes later), and the spread is the one learnt. Work that cannot finish
    (``NEVER`` or inf) stays so; nothing open (0) stays 0.
    """
    days = np.asarray(days, dtype=float)
    n = days.shape[0]
    if n == 0 or days.shape[1] == 0:
        return days.copy()
    capped = np.minimum(days, NEVER)
    order = np.argsort(capped + 1e-6 * np.asarray(u).T, axis=0)  # ties (whole days) broken by u
    p50 = np.quantile(capped, 0.5, axis=0, method="inverted_cdf")
    out = np.empty_like(capped)  # the trial at rank r gets P50 x slip quantile (r + 0.5) / n
    top = slip.quantile((np.arange(n) + 0.5) / n)[:, None] * (p50 * slip.scale(p50))[None, :]
    np.put_along_axis(out, order, np.minimum(top, MAX_SLIP_DAYS), axis=0)
    keep = (days >= NEVER) | (days <= 0) | (p50 >= NEVER)[None, :]
    return np.where(keep, days, out)


def _censored_lognormal(x: np.ndarray, done: np.ndarray, lp: np.ndarray) -> tuple[float, float, float]:
    """Maximum likelihood ``x ~ N(mu + tilt lp, sd)``, the censored ``x`` as lower bounds.

    ``tilt`` (the elasticity minus 1) is kept within [-1, 1] (elasticity 0 to 2) and is 0
    when the plans all have one length. Returns ``(mu, sd, tilt)``.
    """
    free = np.ptp(lp) > 1e-9 and done.sum() >= MIN_FINISHED

    def nll(p):
        m = p[0] + (np.clip(p[2], -1.0, 1.0) * lp if free else 0.0)
        s = np.exp(p[1])
        return -(stats.norm.logpdf(x[done], m[done] if free else m, s).sum()
                 + stats.norm.logsf(x[~done], m[~done] if free else m, s).sum())

    start = np.array([x.mean(), np.log(max(x.std(), 0.1)), 0.0])
    res = optimize.minimize(nll, start, method="Nelder-Mead", options={"maxiter": 2000, "xatol": 1e-6,
                                                                       "fatol": 1e-9})
    tilt = float(np.clip(res.x[2], -1.0, 1.0)) if free else 0.0
    return float(res.x[0]), float(np.exp(res.x[1])), tilt
