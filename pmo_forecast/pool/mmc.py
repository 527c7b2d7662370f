"""The closed-form M/M/c queue of the PM pool: why an hour of work waits two weeks.

An approval needs about an hour of a project manager's time, yet waits one to
three weeks. The M/M/c queue explains it: ``servers`` PMs each give only a share
``availability`` of their working time to requests, so a pool that looks idle
in a resource tool (5% of eight people's week) runs at 90%+ utilisation and
waits grow like ``1 / (1 - utilisation)``.

Units throughout: rates per working hour, durations and waits in working hours
(09:00-17:00, Monday to Friday; see :mod:`pmo_forecast.core.calendar`). One server
clears ``availability / service_hours`` requests per working hour.

Here: :func:`erlang_c`, :class:`PoolQueue` (closed form plus a ciw simulation, in
:mod:`pmo_forecast.pool.queue_sim`) and :func:`staff_for_target` returning :class:`StaffingTarget`
(the closed form solved for the pool size or availability that meets a waiting-time target). The
pool fitted to a request log is in :mod:`pmo_forecast.pool.request_log`; all of them are imported
from :mod:`pmo_forecast.pool.queueing` too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..core.calendar import DAYS_PER_WEEK, HOURS_PER_DAY
from ..core.labels import counted
from ..core.results import Result, percent
from ..core.shown import shown_number

if TYPE_CHECKING:
    from .queue_sim import QueueSimulation


def erlang_c(arrival_rate, service_rate, servers):
    """Probability that a request has to wait in an M/M/c queue (Erlang C).

    Parameters
    ----------
    arrival_rate : float or array-like
        Requests per working hour (> 0).
    service_rate : float or array-like
        Requests one server clears per working hour (> 0); for the PM pool this is
        ``availability / service_hours``.
    servers : int or array-like of int
        Pool sizes (>= 1). Arrays broadcast against the rates.

    Returns
    -------
    float or numpy.ndarray
        P(wait > 0), the shape of the broadcast inputs (a float for scalars).

    Raises
    ------
    ValueError
        When an input is not positive/finite, a pool size is not a positive
        integer, or the queue is unstable (utilisation
        ``arrival_rate / (servers * service_rate)`` >= 1).

    Notes
    -----
    Computed through the Erlang-B recursion ``B(k) = a B(k-1) / (k + a B(k-1))``
    with offered load ``a = arrival_rate / service_rate``, then
    ``C = B / (1 - rho (1 - B))``. Every term stays in [0, 1], so it is stable for
    hundreds of servers and utilisation near 1, where the textbook sum of
    ``a**k / k!`` overflows. The recursion runs once up to the largest pool size
    and reads off every requested size.

    Examples
    --------
    >>> round(erlang_c(2.0, 1.0, 3), 4)  # a = 2 Erlang, 3 servers
    0.4444
    """
    lam = np.asarray(arrival_rate, dtype=float)
    mu = np.asarray(service_rate, dtype=float)
    cf = np.asarray(servers, dtype=float)
    if not (np.isfinite(lam).all() and (lam > 0).all()):
        raise ValueError(f"arrival_rate must be positive and finite (requests per working hour), got {arrival_rate!r}")
    if not (np.isfinite(mu).all() and (mu > 0).all()):
        raise ValueError(f"service_rate must be positive and finite (requests per server per working hour), got {service_rate!r}")
    if not (np.isfinite(cf).all() and (cf >= 1).all() and (cf == np.round(cf)).all()):
        raise ValueError(f"servers must be whole numbers >= 1, got {servers!r}")
    a = lam / mu
    rho = a / cf
    if (rho >= 1).any():
        rb, cb = np.broadcast_arrays(rho, cf)
        bad = np.flatnonzero(rb.ravel() >= 1)[0]
        raise ValueError(
            "unstable queue: utilisation arrival_rate / (servers * service_rate) = "
            f"{shown_number(rb.ravel()[bad], 'num3')} >= 1 with {int(cb.ravel()[bad])} servers; requests arrive "
            "faster than the pool can clear them, so the wait grows without bound. Add servers or raise the service "
            "rate (availability).")
    c = cf.astype(np.int64)
    top = int(c.max())
    if a.ndim == 0:
        # one offered load: a plain-float recursion, reading off every pool size (fast path)
        af, b = float(a), 1.0
        bs = np.empty(top)
        for k in range(1, top + 1):
            b = af * b / (k + af * b)
            bs[k - 1] = b
        out = bs[c - 1]
    else:
        a, c = np.broadcast_arrays(a, c)
        out = np.ones(a.shape)
        for k in range(1, top + 1):
            out = np.where(k <= c, a * out / (k + a * out), out)
    out = out / (1.0 - rho * (1.0 - out))
    return float(out) if out.ndim == 0 else out


#: What a parameter of :class:`PoolQueue` and :func:`staff_for_target` may be: a test and its words.
_COUNT = (lambda x: x >= 0 and x.is_integer(), "a whole number >= 0 (0: nobody serves)")
_POSITIVE = (lambda x: 0 < x < np.inf, "a positive finite number")
_SHARE = (lambda x: 0 < x <= 1, "a share in (0, 1] (e.g. 0.05 for 5% of the week)")


def _checked(name: str, value, rule) -> float:
    """``value`` as a float when ``rule`` allows it, else a ValueError naming ``name`` and what it may be.

    A string or a bool is refused as a number (``'1'`` is a cell read as text, not one hour).
    """
    ok, allowed = rule
    try:
        x = None if isinstance(value, (str, bytes, bool, np.bool_)) else float(value)
    except (TypeError, ValueError):
        x = None
    if x is None or not ok(x):
        raise ValueError(f"{name} must be {allowed}, got {value!r}")
    return x


class PoolQueue(Result):
    """A pool of ``servers`` people serving requests first come, first served (M/M/c).

    Parameters
    ----------
    servers : int
        Number of people in the pool (e.g. PMs); 0 is a pool nobody serves (every PM gone): no request
        is ever served, so it is unstable (utilisation ``inf``, waits ``inf``).
    arrival_rate : float
        Requests per working hour.
    service_hours : float
        Mean hands-on (touch) time per request, working hours.
    availability : float, default 1.0
        Share (0-1] of each server's working time given to these requests; a
        request is in service for ``service_hours / availability`` working hours.

    Raises
    ------
    ValueError
        When a parameter is not a number in its range (named in the message).

    Attributes
    ----------
    service_rate : float
        Requests one server clears per working hour, ``availability / service_hours``.
    utilisation : float
        ``arrival_rate / (servers * service_rate)``; >= 1 means unstable (``inf`` with no server).
    stable : bool
        Whether utilisation < 1. When unstable, ``prob_wait`` is 1 and
        ``mean_wait``/``wait_quantile`` are ``inf`` (no exception, so scenario
        sliders can show "unbounded" instead of failing).

    Notes
    -----
    The waiting time ``W`` of M/M/c has ``P(W > t) = C exp(-(c mu - lambda) t)``
    with ``C`` the Erlang-C probability of waiting, so ``E[W] = C / (c mu - lambda)``
    and the q-quantile is ``log(C / (1 - q)) / (c mu - lambda)`` when ``q > 1 - C``
    (else 0). Flow efficiency is touch time over time in the system,
    ``service_hours / (mean_wait + service_hours / availability)``.

    Examples
    --------
    >>> q = PoolQueue(servers=8, arrival_rate=0.369, service_hours=1.02, availability=0.05)
    >>> round(q.utilisation, 3), round(q.mean_wait / 8, 1)  # working days
    (0.941, 4.4)
    """

    def __init__(self, servers, arrival_rate, service_hours, availability=1.0):
        self.servers = int(_checked("servers", servers, _COUNT))
        self.arrival_rate = _checked("arrival_rate", arrival_rate, _POSITIVE)
        self.service_hours = _checked("service_hours", service_hours, _POSITIVE)
        self.availability = _checked("availability", availability, _SHARE)

    # --- closed form ----------------------------------------------------------
    @property
    def service_rate(self) -> float:
        return self.availability / self.service_hours

    @property
    def utilisation(self) -> float:
        if self.servers == 0:  # requests arrive and nobody serves: the queue grows without bound
            return np.inf
        return self.arrival_rate / (self.servers * self.service_rate)

    @property
    def hours_per_day(self) -> float:
        """Hands-on request hours arriving per working day (arrivals x hands-on time): a week of a calendar
        brings ``hours_per_day x`` its working days (a four-day week read the five-day week's hours)."""
        return self.arrival_rate * self.service_hours * HOURS_PER_DAY

    @property
    def hours_per_week(self) -> float:
        """Hands-on request hours arriving per working week of five days (:attr:`hours_per_day` x 5)."""
        return self.hours_per_day * DAYS_PER_WEEK

    @property
    def stable(self) -> bool:
        return self.utilisation < 1

    @property
    def title(self) -> str:
        """What the table is, and when the queue is unstable, that its infinite waits mean no steady state."""
        head = "PM pool queue (M/M/c; hours are working hours)"
        if self.stable:
            return head
        if self.servers == 0:
            return (f"{head}: NO SERVER: nobody serves the pool, so no request is served and the waits grow "
                    "without bound (inf); add PMs")
        return (f"{head}: UNSTABLE, utilisation {percent(self.utilisation)} >= 100%: requests arrive faster than "
                "the pool clears them, so the waits grow without bound (inf) and no request is served in steady "
                "state; add PMs or give requests more of the week")

    @property
    def prob_wait(self) -> float:
        """P(a request waits before a server starts it)."""
        if not self.stable:
            return 1.0
        return erlang_c(self.arrival_rate, self.service_rate, self.servers)

    @property
    def _drain(self) -> float:
        return self.servers * self.service_rate - self.arrival_rate

    @property
    def mean_wait(self) -> float:
        """Mean wait before service starts, working hours."""
        return self.prob_wait / self._drain if self.stable else np.inf

    def wait_quantile(self, q):
        """The ``q`` quantile(s) of the wait before service starts, working hours."""
        qa = np.asarray(q, dtype=float)
        if not np.all((qa > 0) & (qa < 1)):  # NaN too
            raise ValueError(f"quantile q must lie strictly between 0 and 1, got {q!r}")
        if not self.stable:
            out = np.full(qa.shape, np.inf)
        else:
            c = self.prob_wait
            with np.errstate(divide="ignore"):
                out = np.where(qa <= 1 - c, 0.0, np.log(c / (1 - qa)) / self._drain)
        return float(out) if out.ndim == 0 else out

    def wait_cdf(self, t):
        """P(wait <= t) for waits ``t`` in working hours."""
        t = np.asarray(t, dtype=float)
        if not self.stable:
            return np.zeros(t.shape)
        return np.where(t < 0, 0.0, 1 - self.prob_wait * np.exp(-self._drain * np.maximum(t, 0)))

    @property
    def mean_time_in_system(self) -> float:
        """Mean wait plus time in service (``service_hours / availability``)."""
        return self.mean_wait + self.service_hours / self.availability

    @property
    def flow_efficiency(self) -> float:
        """Touch time over total time from request to done (0-1)."""
        return self.service_hours / self.mean_time_in_system

    def with_(self, **changes) -> PoolQueue:
        """A copy with some parameters changed, e.g. ``q.with_(servers=q.servers + 1)``."""
        p = dict(servers=self.servers, arrival_rate=self.arrival_rate,
                 service_hours=self.service_hours, availability=self.availability)
        p.update(changes)
        return PoolQueue(**p)

    def summary(self) -> pd.DataFrame:
        rows = {
            "servers": self.servers, "arrival_rate_per_hour": self.arrival_rate,
            "service_hours": self.service_hours, "availability": self.availability,
            "utilisation": self.utilisation, "prob_wait": self.prob_wait,
            "mean_wait_hours": self.mean_wait,
            "p50_wait_hours": self.wait_quantile(0.5), "p90_wait_hours": self.wait_quantile(0.9),
            "mean_wait_days": self.mean_wait / HOURS_PER_DAY, "flow_efficiency": self.flow_efficiency,
        }
        return pd.DataFrame({"value": pd.Series(rows, dtype=float)})

    def __repr__(self) -> str:
        return (f"PoolQueue(servers={self.servers}, arrival_rate={self.arrival_rate:.4g}, "
                f"service_hours={self.service_hours:.4g}, availability={self.availability:.4g})")

    @property
    def plot_hours(self) -> float:
        """Working hours the wait chart spans: 1.5 x the P95 wait, a day at least (a pool that rarely waits
        drew an axis 0 hours wide), 80 when unstable."""
        return max(HOURS_PER_DAY, 1.5 * self.wait_quantile(0.95)) if self.stable else 80.0

    def plot(self, ax=None, max_hours=None):
        """Wait distribution (1 - CDF) of the closed form, over ``max_hours`` (default :attr:`plot_hours`), the
        share waiting in percent as every other chart shows a share; the legend names the pool in the Capacity
        sheet's words ("8 PMs, 13% of their time for requests"). Returns the Axes."""
        import matplotlib.pyplot as plt
        from matplotlib.ticker import PercentFormatter

        ax = ax if ax is not None else plt.subplots(figsize=(6, 3.5))[1]
        t = np.linspace(0, self.plot_hours if max_hours is None else float(max_hours), 200)
        # "8 servers, 13% available" was a queueing text's words for the PMs and their share of time for requests
        ax.plot(t / HOURS_PER_DAY, 1 - self.wait_cdf(t),
                label=f"{counted(self.servers, 'PM')}, {shown_number(self.availability, 'pct')} of their time for "
                      "requests")
        # the pack's words for the wait (the Capacity sheet's "Wait before work starts"), not a queueing text's
        # "service" and "P(wait > t)"
        ax.set_xlabel("wait before work starts (working days)")
        ax.set_ylabel("share of requests waiting longer")
        ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        ax.legend()
        return ax

    # --- discrete-event simulation ---------------------------------------------
    def simulate(self, n_requests=20_000, random_state=None, *, service="exponential",
                 part_time=False, priorities=None, warmup=0.1, progress=False) -> QueueSimulation:
        """Simulate the pool with the ciw discrete-event library.

        Parameters
        ----------
        n_requests : int
            Requests to simulate; the first ``warmup`` share is dropped from the
            statistics (the queue starts empty).
        random_state : int, numpy.random.Generator or None
            Seed. All draws come from this generator; ciw's internal tie-breaking
            uses Python's ``random``, which is seeded from it and restored after,
            so the global state is untouched.
        service : "exponential", "lognormal:CV", "deterministic" or callable
            Touch-time distribution with mean ``service_hours``: exponential (the
            closed form's assumption), log-normal with coefficient of variation
            CV (e.g. ``"lognormal:0.5"``), constant, or ``f(rng, size) -> hours``.
        part_time : bool
            False: each server works on requests at rate ``availability`` all day
            (a request is in service ``touch / availability`` hours; this is the
            closed form's model). True: every server does requests at full speed
            in one daily block of ``availability * 8`` working hours and nothing
            else the rest of the day (a ciw schedule; services straddling a block
            end resume next block). Compare both to see how much the way a PM
            slices the week matters.
        priorities : dict or None
            ``{class name: share}`` in priority order (first is served first,
            non-pre-emptively), e.g. ``{"change_request": 0.2, "approval": 0.8}``.
        warmup : float
            Share of requests dropped from the start.
        progress : bool
            Show ciw's progress bar.

        Returns
        -------
        pmo_forecast.pool.queue_sim.QueueSimulation
            Per-request records and a comparison with the closed form.
        """
        from .queue_sim import simulate_pool

        if self.servers == 0:
            raise ValueError("servers is 0: a pool nobody serves serves no request, so there is nothing to "
                             "simulate (its waits are without bound); give it a server")
        return simulate_pool(self, n_requests, random_state, service=service, part_time=part_time,
                             priorities=priorities, warmup=warmup, progress=progress)


# --- staffing for a target ---------------------------------------------------
@dataclass(repr=False)
class StaffingTarget(Result):
    """Answer of :func:`staff_for_target`.

    Attributes
    ----------
    servers_needed : int
        Smallest pool size meeting the target at the given availability.
    availability_needed : float or None
        Share of the week the *current* pool (``servers``) would need to give to
        meet the target; ``None`` when no current pool size was given, ``nan``
        when even full availability is not enough (always with a current pool of 0:
        no share of nobody's week serves a request).
    table : pandas.DataFrame
        Wait and utilisation by pool size around the answer.
    """

    servers_needed: int
    availability_needed: float | None
    target_wait_hours: float
    quantile: float | None
    table: pd.DataFrame
    title = "Staffing for a waiting-time target (working hours)"

    def __int__(self) -> int:
        return int(self.servers_needed)

    def summary(self) -> pd.DataFrame:
        return self.table


def _wait_metric(lam, service_hours, availability, servers, quantile):
    """Mean wait (quantile None) or wait quantile for arrays of pool sizes, inf if unstable."""
    servers = np.atleast_1d(servers)
    mu = availability / service_hours
    drain = servers * mu - lam
    out = np.full(servers.shape, np.inf)
    ok = drain > 0
    if ok.any():
        c = np.atleast_1d(erlang_c(lam, mu, servers[ok]))
        if quantile is None:
            out[ok] = c / drain[ok]
        else:
            with np.errstate(divide="ignore"):
                out[ok] = np.where(quantile <= 1 - c, 0.0, np.log(c / (1 - quantile)) / drain[ok])
    return out


def staff_for_target(arrival_rate, service_hours, availability, target_wait_hours, quantile=0.9,
                     *, servers=None, max_servers=10_000) -> StaffingTarget:
    """The smallest pool, or the availability needed, to meet a waiting-time target.

    Parameters
    ----------
    arrival_rate : float
        Requests per working hour.
    service_hours : float
        Mean touch time per request, working hours.
    availability : float
        Share of each server's time for requests (0-1].
    target_wait_hours : float
        Target wait before service starts, working hours (e.g. 16 = two working days).
    quantile : float or None, default 0.9
        Which wait must meet the target: the ``quantile`` of the wait (0.9: nine
        requests in ten start within the target), or the mean wait when None.
    servers : int, optional
        The current pool size (0: no PM today, the pool to build from nothing); when given, also solve for
        the availability it would need.
    max_servers : int
        Search limit.

    Returns
    -------
    StaffingTarget
        ``servers_needed``, ``availability_needed`` and a table of waits by pool size.

    Raises
    ------
    ValueError
        When a parameter is not a number in its range (named in the message), or no pool up
        to ``max_servers`` meets the target.

    Examples
    --------
    >>> t = staff_for_target(0.369, 1.02, 0.05, target_wait_hours=16, servers=8)
    >>> t.servers_needed, round(t.availability_needed, 3)
    (10, 0.059)
    """
    arrival_rate = _checked("arrival_rate", arrival_rate, _POSITIVE)
    service_hours = _checked("service_hours", service_hours, _POSITIVE)
    target_wait_hours = _checked("target_wait_hours", target_wait_hours, _POSITIVE)
    availability = _checked("availability", availability, _SHARE)
    if servers is not None:
        # a PMO with no PM today asks how many it needs all the same: servers_needed does not depend on it
        servers = int(_checked("servers (the current pool size)", servers, _COUNT))
    if quantile is not None and not (0 < quantile < 1):
        raise ValueError(f"quantile must lie strictly between 0 and 1 (or be None for the mean), got {quantile!r}")
    mu = availability / service_hours
    lo = int(np.floor(arrival_rate / mu)) + 1  # smallest stable pool
    if lo > max_servers:
        raise ValueError(f"more than max_servers={max_servers} servers are needed just to keep up")
    found = None
    start = lo
    while found is None and start <= max_servers:
        cand = np.arange(start, min(start + 256, max_servers + 1))
        w = _wait_metric(arrival_rate, service_hours, availability, cand, quantile)
        hit = np.flatnonzero(w <= target_wait_hours)
        found = int(cand[hit[0]]) if hit.size else None
        start += 256
    if found is None:
        raise ValueError(f"no pool up to max_servers={max_servers} meets the target")

    avail_needed = None
    if servers is not None:

        def meets(a):
            return _wait_metric(arrival_rate, service_hours, a, np.array([servers]), quantile)[0] <= target_wait_hours

        if not meets(1.0):
            avail_needed = np.nan
        elif meets(availability):
            avail_needed = float(availability)
        else:
            a_lo, a_hi = availability, 1.0
            for _ in range(60):  # bisection: the wait falls as availability rises
                mid = 0.5 * (a_lo + a_hi)
                a_lo, a_hi = (a_lo, mid) if meets(mid) else (mid, a_hi)
            avail_needed = a_hi

    sizes = np.arange(max(1, min(lo, found) - 1), found + 3)
    table = pd.DataFrame({
        "servers": sizes,
        "utilisation": arrival_rate / (sizes * mu),
        "mean_wait_hours": _wait_metric(arrival_rate, service_hours, availability, sizes, None),
    })
    if quantile is not None:
        table[f"p{round(quantile * 100)}_wait_hours"] = _wait_metric(
            arrival_rate, service_hours, availability, sizes, quantile)
    table["meets_target"] = table["servers"] >= found
    return StaffingTarget(found, avail_needed, float(target_wait_hours), quantile, table.set_index("servers"))
