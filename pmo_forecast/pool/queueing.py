"""Queueing of the PM pool: why an hour of work waits two weeks.

An approval needs about an hour of a project manager's time, yet waits one to
three weeks. The M/M/c queue explains it: ``servers`` PMs each give only a share
``availability`` of their working time to requests, so a pool that looks idle
in a resource tool (5% of eight people's week) runs at 90%+ utilisation and
waits grow like ``1 / (1 - utilisation)``.

Units throughout: rates per working hour, durations and waits in working hours
(09:00-17:00, Monday to Friday; see :mod:`pmo_forecast.core.calendar`). One server
clears ``availability / service_hours`` requests per working hour.

Public API: :func:`erlang_c`, :class:`PoolQueue` (closed form plus a ciw
simulation, in :mod:`pmo_forecast.pool.queue_sim`), :func:`fit_pool_queue` (from a request log, with a Little's-law
check) returning :class:`PoolQueueFit`, and :func:`staff_for_target` returning
:class:`StaffingTarget`.
"""

from __future__ import annotations

import heapq
import warnings
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.calendar import (
    DAYS_PER_WEEK,
    HOURS_PER_DAY,
    WEEKMASK,
    off_the_pool,
    working_hours_between,
    working_weekmask,
)
from ..core.exceptions import DataQualityWarning, SchemaError
from ..core.results import Result, percent
from .little import littles_law

if TYPE_CHECKING:
    from .queue_sim import QueueSimulation

__all__ = ["erlang_c", "PoolQueue", "fit_pool_queue", "PoolQueueFit", "over_capacity_note",
           "staff_for_target", "StaffingTarget"]

#: A request log shorter than this many working weeks, or with fewer completed requests, is said to
#: rest on little history (a quarter, and a few requests a week).
SHORT_LOG_WEEKS, SHORT_LOG_DONE = 13, 30
#: A Little's-law discrepancy beyond this share is said (the sample's log: under 3%).
LITTLE_GAP = 0.5
#: The mean wait counting requests still waiting (Kaplan-Meier) above the started ones' by more than this
#: share is said (the sample's log: 0.7%; a tenth of its requests never started: +2,000%).
CENSORED_GAP = 0.1


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
            f"unstable queue: utilisation arrival_rate / (servers * service_rate) = {rb.ravel()[bad]:.3f} >= 1 "
            f"with {int(cb.ravel()[bad])} servers; requests arrive faster than the pool can clear them, "
            "so the wait grows without bound. Add servers or raise the service rate (availability).")
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
_WHOLE = (lambda x: x >= 1 and x.is_integer(), "a whole number >= 1")
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
        Number of people in the pool (e.g. PMs).
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
        ``arrival_rate / (servers * service_rate)``; >= 1 means unstable.
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
        self.servers = int(_checked("servers", servers, _WHOLE))
        self.arrival_rate = _checked("arrival_rate", arrival_rate, _POSITIVE)
        self.service_hours = _checked("service_hours", service_hours, _POSITIVE)
        self.availability = _checked("availability", availability, _SHARE)

    # --- closed form ----------------------------------------------------------
    @property
    def service_rate(self) -> float:
        return self.availability / self.service_hours

    @property
    def utilisation(self) -> float:
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
        """Wait distribution (1 - CDF) of the closed form, over ``max_hours`` (default :attr:`plot_hours`);
        returns the Axes."""
        import matplotlib.pyplot as plt

        ax = ax if ax is not None else plt.subplots(figsize=(6, 3.5))[1]
        t = np.linspace(0, self.plot_hours if max_hours is None else float(max_hours), 200)
        ax.plot(t / HOURS_PER_DAY, 1 - self.wait_cdf(t), label=f"{self.servers} servers, {self.availability:.0%} available")
        ax.set_xlabel("wait before service starts (working days)")
        ax.set_ylabel("P(wait > t)")
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

        return simulate_pool(self, n_requests, random_state, service=service, part_time=part_time,
                             priorities=priorities, warmup=warmup, progress=progress)


# --- fitting from a request log -------------------------------------------------
@dataclass(repr=False)
class PoolQueueFit(Result):
    """The PM-pool queue estimated from a request log (see :func:`fit_pool_queue`).

    Attributes
    ----------
    queue : PoolQueue
        M/M/c at the estimated mean arrival rate, touch time, availability and servers.
    observed_waits : numpy.ndarray
        Observed waits (requested -> started), working hours, requests started by the log's end.
    little : dict
        Little's-law check: ``mean_number_waiting`` (time average from the log),
        ``arrival_rate_x_mean_wait`` and their ``relative_discrepancy``.
    period_rates : pandas.DataFrame
        Arrival rate and mean observed wait per calendar quarter: how far the
        steady-state assumption is from the log. A quarter's rate is its requests over the
        working hours from its first to the next quarter's first; the last quarter's, as the
        overall rate, (requests - 1) over its first to last request.
    n_requests, n_done : int
        Requests in the log, and completed ones used for touch and availability.
    servers_source : str
        ``"people"`` (PMs in the people table) or ``"handlers"`` (distinct handlers).
    observed_in_service_hours : float
        Mean working hours from started to done (touch / availability in the model).
    arrivals_hours, touch_hours : numpy.ndarray
        Each request's arrival (working hours since the first) and touch time (the
        mean for requests not done yet): the trace :meth:`replay` runs.
    log_end : pandas.Timestamp or None
        The latest time in the log (requested, started or done).
    waiting_at_end : numpy.ndarray
        Working hours waited so far by the requests not started at the log's end (not in
        ``observed_waits``, which therefore read low when some have waited long).
    censored_mean_wait : float
        Mean wait counting those as still waiting (Kaplan-Meier, a lower bound when the longest
        is still waiting); said in ``caveats`` when over 10% above the observed mean.
    caveats : list of str
        What the log leaves open, in words: a pool counted from the handlers, PMs who
        never appear as handlers or handlers who are not PMs, a short log, a large
        Little's-law discrepancy, more touch time than time in service (availability
        capped at 1, also warned), a fitted pool over capacity (:func:`over_capacity_note`).
    """

    queue: PoolQueue
    observed_waits: np.ndarray
    little: dict
    period_rates: pd.DataFrame
    n_requests: int
    n_done: int
    servers_source: str
    observed_in_service_hours: float = np.nan
    arrivals_hours: np.ndarray = field(default_factory=lambda: np.empty(0))
    touch_hours: np.ndarray = field(default_factory=lambda: np.empty(0))
    log_end: pd.Timestamp | None = None
    caveats: list = field(default_factory=list)
    waiting_at_end: np.ndarray = field(default_factory=lambda: np.empty(0))
    censored_mean_wait: float = np.nan
    title = "PM pool fitted from the request log (working hours)"

    @property
    def arrival_rate(self) -> float:
        return self.queue.arrival_rate

    @property
    def service_hours(self) -> float:
        return self.queue.service_hours

    @property
    def availability(self) -> float:
        return self.queue.availability

    @property
    def servers(self) -> int:
        return self.queue.servers

    @property
    def model_error(self) -> float:
        """Relative error of the model's mean wait against the observed mean wait.

        NaN when no logged request waited (nothing to be relative to; ``caveats`` says so).
        """
        observed = float(np.mean(self.observed_waits))
        return self.queue.mean_wait / observed - 1 if observed > 0 else np.nan

    def replay(self, servers=None, availability=None) -> np.ndarray:
        """Waits the logged arrivals would have had with another pool, working hours.

        Trace-driven: the log's own arrival times and touch times (the mean touch for
        requests not yet done) go through a first-come-first-served pool of
        ``servers`` people giving ``availability`` of their time. With the fitted
        values this reproduces the observed waits when the pool works as modelled,
        without the steady-state assumption of the closed form; with other values it
        answers "what would one more PM have done to these waits".
        """
        c = int(self.servers if servers is None else servers)
        a = float(self.availability if availability is None else availability)
        if c < 1 or not (0 < a <= 1):
            raise ValueError(f"servers must be >= 1 and availability in (0, 1], got {servers!r}, {availability!r}")
        busy = self.touch_hours / a
        free = [0.0] * c  # a heap of the times each server is next free
        waits = np.empty(len(self.arrivals_hours))
        for i, t in enumerate(self.arrivals_hours):
            start = max(t, free[0])
            waits[i] = start - t
            heapq.heapreplace(free, start + busy[i])
        return waits

    def what_if(self, servers=None, availability=None) -> pd.DataFrame:
        """Mean and P90 wait for other pool sizes and availabilities: closed form and replay.

        Parameters
        ----------
        servers : sequence of int, optional
            Pool sizes; default the fitted size and one and two more.
        availability : sequence of float, optional
            Shares of the week; default the fitted share, and 1.5x and 2x it.

        Returns
        -------
        pandas.DataFrame
            One row per combination: ``servers``, ``availability``, ``utilisation``,
            ``model_mean_wait_hours``, ``model_p90_wait_hours`` (steady state at the
            mean rate), ``replay_mean_wait_hours``, ``replay_p90_wait_hours``
            (the logged arrivals through that pool).
        """
        servers = [self.servers, self.servers + 1, self.servers + 2] if servers is None else list(servers)
        avail = [self.availability, 1.5 * self.availability, 2 * self.availability] if availability is None \
            else list(availability)
        rows = []
        for c in servers:
            for a in avail:
                a = min(1.0, a)
                q = self.queue.with_(servers=c, availability=a)
                w = self.replay(c, a)
                rows.append({"servers": c, "availability": a, "utilisation": q.utilisation,
                             "model_mean_wait_hours": q.mean_wait, "model_p90_wait_hours": q.wait_quantile(0.9),
                             "replay_mean_wait_hours": float(w.mean()),
                             "replay_p90_wait_hours": float(np.quantile(w, 0.9))})
        return pd.DataFrame(rows)

    def wait_comparison(self, quantiles=(0.25, 0.5, 0.75, 0.9, 0.95)) -> pd.DataFrame:
        """Observed wait quantiles and mean against the fitted model's, working hours."""
        qs = np.asarray(quantiles, dtype=float)
        obs = np.quantile(self.observed_waits, qs)
        mod = self.queue.wait_quantile(qs)
        idx = [f"p{round(100 * q)}" for q in qs] + ["mean"]
        rep = self.replay()
        out = pd.DataFrame({"observed_hours": np.append(obs, np.mean(self.observed_waits)),
                            "model_hours": np.append(mod, self.queue.mean_wait),
                            "replay_hours": np.append(np.quantile(rep, qs), rep.mean())}, index=idx)
        out["observed_days"] = out["observed_hours"] / HOURS_PER_DAY
        out["model_days"] = out["model_hours"] / HOURS_PER_DAY
        return out

    def summary(self) -> pd.DataFrame:
        q = self.queue
        rows = {
            "requests": self.n_requests, "completed": self.n_done, "servers": q.servers,
            "arrival_rate_per_hour": q.arrival_rate, "touch_hours": q.service_hours,
            "availability": q.availability, "utilisation": q.utilisation,
            "observed_mean_wait_hours": float(np.mean(self.observed_waits)),
            "model_mean_wait_hours": q.mean_wait,
            "replay_mean_wait_hours": float(self.replay().mean()),
            "observed_p90_wait_hours": float(np.quantile(self.observed_waits, 0.9)),
            "model_p90_wait_hours": q.wait_quantile(0.9),
            "flow_efficiency": q.flow_efficiency,
            "little_L_observed": self.little["mean_number_waiting"],
            "little_lambda_W": self.little["arrival_rate_x_mean_wait"],
            "little_discrepancy": self.little["relative_discrepancy"],
        }
        return pd.DataFrame({"value": pd.Series(rows, dtype=float)})

    def plot(self, ax=None):
        """Observed wait distribution against the model's; returns the Axes."""
        top = float(np.quantile(self.observed_waits, 0.98))
        ax = self.queue.plot(ax=ax, max_hours=top if top > 0 else None)  # no logged wait: the model's own range
        ax.get_lines()[0].set_label("M/M/c model")
        w = np.sort(self.observed_waits)
        ax.step(w / HOURS_PER_DAY, 1 - np.arange(1, len(w) + 1) / len(w), where="post", label="observed (log)")
        ax.legend()
        return ax


def _known_end(as_of) -> pd.Timestamp:
    """The first moment not known on ``as_of``: a date is "now" to its end."""
    return pd.Timestamp(as_of).normalize() + pd.Timedelta(days=1)


def requests_as_of(requests: pd.DataFrame, as_of) -> pd.DataFrame:
    """The request log as it stood at the end of ``as_of`` (a copy): requests made later are left
    out, starts and finishes after it are not yet known, nor are the hands-on hours of a request not
    done by then. Reading a log against an earlier forecast date must not use what came after it."""
    end = _known_end(as_of)
    r = requests.loc[(requests[S.REQUESTED] < end).fillna(True).to_numpy(bool)].copy()
    for col in (S.STARTED, S.DONE_AT):
        if col in r:
            r[col] = r[col].where(r[col] < end)
    if S.DONE_AT in r and S.TOUCH_HOURS in r:  # hands-on hours are known once a request is done
        r[S.TOUCH_HOURS] = r[S.TOUCH_HOURS].where(r[S.DONE_AT].notna())
    return r


def fit_pool_queue(requests, people=None, *, holidays=None, as_of=None,
                   weekmask: str = WEEKMASK) -> PoolQueueFit:
    """Estimate the PM-pool queue from a request log and check it with Little's law.

    Parameters
    ----------
    requests : pandas.DataFrame
        Canonical request log (:data:`pmo_forecast.core.schema.REQUESTS`): ``requested``
        required; ``started``, ``done``, ``touch_hours`` and ``handler`` used when present.
    people : pandas.DataFrame, optional
        People table; the servers are the people with role ``pm`` employed at the log's
        end (the pool as it stands: PMs who left during the log no longer serve, and the
        scenarios count the pool the same way). Without it, the number of distinct handlers.
    holidays : list of dates, optional
        Non-working days for the working-hour calendar.
    as_of : date-like, optional
        The forecast date: the log is read as it stood then (:func:`requests_as_of`), and the
        requests, starts and finishes it left out are said in ``caveats``. None reads the
        whole log.
    weekmask : str, default ``"1111100"``
        Working days of the week (Monday first) for the working-hour calendar.

    Returns
    -------
    PoolQueueFit
        With ``.queue`` (a :class:`PoolQueue`), ``summary()``, ``wait_comparison()``,
        the Little's-law check and per-quarter arrival rates.

    Notes
    -----
    - Arrival rate: (requests - 1) / working hours from the first to the last request.
    - Touch time: mean ``touch_hours`` of completed requests (0 counts as not logged).
    - Availability: mean touch / mean working hours in service (started -> done);
      a PM who gives 5% of the week does an hour of work over 20 working hours.
    - Little's law: the time-average number of requests waiting, counted from the
      log every quarter working hour between the first and last request (requests
      not yet started count as waiting; those done without a start time, whose wait is
      unknown, are left out with their share of the rate), against arrival rate x mean
      completed wait.
      A large discrepancy means censoring, a short window, or a log whose times are
      inconsistent.
    - The model is steady-state M/M/c at the mean rate. Real arrival rates vary
      (in the sample with the number of active projects); because waits are convex
      in the rate, busy spells add more wait than quiet spells save, so the
      mean-rate model tends to under-predict the mean wait. ``period_rates`` and
      ``model_error`` quantify this, and :meth:`PoolQueueFit.replay` runs the
      logged arrivals through the pool without that assumption. Near saturation
      the closed form is also sensitive to the inputs: at 93% utilisation a 2.5%
      error in touch time moves the mean wait by about a third.
    """
    if not isinstance(requests, pd.DataFrame):
        raise SchemaError("requests must be a DataFrame (use pmo_forecast.load_requests to read a file)")
    if S.REQUESTED not in requests.columns:
        raise SchemaError(f"requests has no '{S.REQUESTED}' column: the request log needs the time each "
                          "request arrived (see pmo_forecast.core.schema.REQUESTS)")
    # as load_requests: two exports concatenated counted their overlap twice (arrivals doubled, the pool "over capacity")
    S.require_unique(requests, S.REQUEST_ID, "requests")
    # day names ("Mon Tue Wed Thu Fri") counted no "1": the log's span read as five times the weeks it is
    weekmask = working_weekmask(weekmask)
    requests = _parsed_log(requests)
    caveats = []
    if as_of is not None:
        known = requests_as_of(requests, as_of)
        later = len(requests) - len(known)
        kept = (requests[S.REQUESTED] < _known_end(as_of)).fillna(True).to_numpy(bool)
        undone = sum(int(requests[c].notna().to_numpy()[kept].sum() - known[c].notna().sum())
                     for c in (S.STARTED, S.DONE_AT) if c in known)
        if later or undone:
            caveats.append(f"the request log runs past the forecast date {pd.Timestamp(as_of):%Y-%m-%d}: "
                           f"{later:,} requests made after it left out, {undone:,} starts or finishes after it "
                           "read as not yet happened")
        requests = known
    # one order whatever the rows' (requests at the same time are served in it in the replay)
    keys = [c for c in (S.REQUESTED, S.REQUEST_ID, S.STARTED, S.DONE_AT, S.TOUCH_HOURS, S.HANDLER) if c in requests]
    r = requests.loc[requests[S.REQUESTED].notna()]
    k = pd.DataFrame({c: r[c].astype("string").fillna("") if c in (S.REQUEST_ID, S.HANDLER) else r[c]
                      for c in keys}).reset_index(drop=True)
    r = r.iloc[k.sort_values(keys, kind="stable", na_position="last").index]
    if len(r) < 10:
        raise ValueError(f"need at least 10 requests with a '{S.REQUESTED}' time to fit a queue, got {len(r)}")
    req = pd.to_datetime(r[S.REQUESTED])
    nat = pd.Series(pd.NaT, index=r.index, dtype="datetime64[ns]")
    started = pd.to_datetime(r[S.STARTED]) if S.STARTED in r.columns else nat
    done = pd.to_datetime(r[S.DONE_AT]) if S.DONE_AT in r.columns else nat
    end = max(x for x in (req.max(), started.max(), done.max()) if pd.notna(x))
    # hours since the first request
    t_req = working_hours_between(pd.Series(req.min(), index=req.index), req, holidays, weekmask)
    span = float(t_req.max())
    if span <= 0:
        raise ValueError("all requests arrive at the same working hour; cannot estimate an arrival rate")
    lam = (len(r) - 1) / span

    # on the clock, not in working hours: a start at 06:00 before a 09:00 request is the same working hour
    early = (started < req).to_numpy(bool)
    if early.any():
        ids = (r[S.REQUEST_ID] if S.REQUEST_ID in r.columns else pd.Series(r.index, index=r.index))[early]
        raise SchemaError(f"{int(early.sum())} request{'s' if early.sum() > 1 else ''} in the request log "
                          f"start{'' if early.sum() > 1 else 's'} before {'they were' if early.sum() > 1 else 'it was'} "
                          f"requested ('{S.STARTED}' before '{S.REQUESTED}'): {_names(ids.astype(str), 10)}; fix "
                          "either time", column=S.STARTED, rows=ids.astype(str).tolist()[:10])
    waits = working_hours_between(req, started, holidays, weekmask)
    ok = np.isfinite(waits)
    if ok.sum() < 5:
        raise SchemaError(f"requests needs '{S.STARTED}' times for at least 5 requests to measure waits")
    in_service = working_hours_between(started, done, holidays, weekmask)
    touch = r[S.TOUCH_HOURS].to_numpy(dtype=float) if S.TOUCH_HOURS in r.columns else np.full(len(r), np.nan)
    # 0 touch hours: not logged (an approval is never no work at all), as a blank
    both = np.isfinite(in_service) & np.isfinite(touch) & (touch > 0) & (in_service > 0)
    if both.sum() < 5:
        logged = np.isfinite(in_service) & np.isfinite(touch) & (touch > 0)
        same = int((logged & (in_service == 0)).sum())
        raise SchemaError(f"requests needs '{S.STARTED}', '{S.DONE_AT}' and '{S.TOUCH_HOURS}' (above 0) for at "
                          "least 5 completed requests to estimate touch time and availability"
                          + (f"; {same} of the {int(logged.sum())} with all three start and finish at the same working "
                             f"hour (dates without times? give '{S.STARTED}' and '{S.DONE_AT}' with their times)"
                             if same else ""), column=S.DONE_AT)
    mean_touch, mean_in_service = float(touch[both].mean()), float(in_service[both].mean())
    availability = min(1.0, mean_touch / mean_in_service)
    if mean_touch > mean_in_service:  # more hands-on hours than working hours in service: capped, said
        msg = (f"the mean touch time ({mean_touch:.3g} h) exceeds the mean time in service, '{S.STARTED}' to "
               f"'{S.DONE_AT}' ({mean_in_service:.3g} working hours; touch hours in minutes, or several people on a "
               "request?): availability is capped at 1")
        warnings.warn(msg, DataQualityWarning, stacklevel=2)
        caveats.append(msg)

    if not waits[ok].any():
        caveats.append(f"every request started when it was requested: the log holds no waiting time ('{S.STARTED}' "
                       f"copied from '{S.REQUESTED}'?), so the waits shown are the model's only")
    handlers = set(r[S.HANDLER].dropna().astype(str)) if S.HANDLER in r.columns else set()
    keys = {S.person_key(h) for h in handlers}  # one person however the log spells them (as validation matches)
    if people is not None and S.ROLE in people.columns:
        pm = people.loc[people[S.ROLE] == S.PM_ROLE]
        if S.START in pm.columns:
            pm = pm.loc[pm[S.START].isna() | (pm[S.START] <= end)]
        if S.END in pm.columns:
            pm = pm.loc[pm[S.END].isna() | (pm[S.END] >= end.normalize())]
        away = off_the_pool(pm, [end])[0]  # on leave at the log's end: no server, said
        n_away = int(away.sum())
        if n_away and not away.all():  # all away: said with the handlers that stand in for them below
            caveats.append(f"{n_away} of the {len(pm)} PMs at availability 0 or 0 hours a week in the people table "
                           f"(on leave?) are not counted in the pool: {_names(pm.loc[away, S.PERSON].astype(str))}")
        # a PM on leave who handled requests is no "handler who is not a PM there"
        all_pm_keys = {S.person_key(p) for p in pm[S.PERSON].astype(str)} if S.PERSON in pm.columns else set()
        pm = pm.loc[~away]
        servers, source = len(pm), "people"
        names = set(pm[S.PERSON].astype(str)) if S.PERSON in pm.columns else set()
        # 'ANN COSTA' handling requests is Ann Costa (the caveat said none of the PMs ever handled one, and that
        # eight handlers were not PMs)
        never = {p for p in names if S.person_key(p) not in keys}
        others = {h for h in handlers if S.person_key(h) not in all_pm_keys}
        if servers and handlers and (never or others):
            n = len(names) - len(never)
            caveats.append(f"{n} of the {servers} PMs {'appears' if n == 1 else 'appear'} as handlers in the request log"
                           + (f"; never: {_names(never)}" if never else "")
                           + (f"; handlers who are not PMs there: {_names(others)}" if others else "")
                           + ". The pool counts the PMs")
    else:
        servers, source, n_away = 0, "handlers", 0
    if servers == 0:
        if not handlers:
            raise SchemaError(f"cannot count the pool: give people with role '{S.PM_ROLE}' or a "
                              f"'{S.HANDLER}' column in requests")
        # one person however the log spells them: 'ann costa' beside 'Ann Costa' made two servers (16 for 8 PMs)
        servers, source = len(keys), "handlers"
        if people is not None:
            why = (f"all {n_away} PMs in the people table are at availability 0 at the log's end (on leave?)"
                   if n_away else f"nobody in the people table has role '{S.PM_ROLE}' (employed at the log's end)")
            caveats.append(f"{why}: the pool is the log's {servers} distinct handlers")
    for bad, what in ((in_service < 0, f"are done before they started (fix '{S.DONE_AT}' or '{S.STARTED}')"),
                      ((in_service == 0) & np.isfinite(touch) & (touch > 0),
                       "start and finish at the same working hour (dates without times?)")):
        if bad.any():  # in service for no time or less: nothing to learn the share of the week from
            caveats.append(f"{int(bad.sum())} requests {what}: left out of the PMs' share of the week for "
                           "approvals")
    weeks = span / (HOURS_PER_DAY * weekmask.count("1"))
    if weeks < SHORT_LOG_WEEKS or both.sum() < SHORT_LOG_DONE:
        caveats.append(f"the request log covers {weeks:.0f} working weeks with {int(both.sum())} completed requests "
                       f"(fewer than {SHORT_LOG_WEEKS} weeks or {SHORT_LOG_DONE} requests): the fitted pool rests "
                       "on little history")

    # done without a start time: their wait is unknown, not still running (they were counted as waiting at the
    # log's end: a tenth of the sample's log so made the mean wait "at least 1,838 h" and Little's law +2,622% off)
    unknown = ~ok & done.notna().to_numpy()
    if unknown.any():
        caveats.append(f"{int(unknown.sum()):,} request{'s are' if unknown.sum() > 1 else ' is'} done without a "
                       f"'{S.STARTED}' time: {'their waits are' if unknown.sum() > 1 else 'its wait is'} unknown, so "
                       "left out of the observed waits and of the requests still waiting")
    # requests not started by the log's end have waited at least this long: left out, the long waits go missing
    still = ~ok & ~unknown
    waiting = working_hours_between(req[still], pd.Series(end, index=req.index[still]), holidays, weekmask)
    censored = _km_mean_wait(waits[ok], waiting)
    observed = float(waits[ok].mean())
    if censored > observed * (1 + CENSORED_GAP):
        caveats.append(f"{len(waiting):,} request{'s' if len(waiting) > 1 else ''} not started by the log's end "
                       f"({end:%Y-%m-%d %H:%M}, waiting up to {waiting.max():,.0f} working hours so far) "
                       f"{'are' if len(waiting) > 1 else 'is'} not in the observed waits: counted as still waiting "
                       f"(Kaplan-Meier), the mean wait is at least {censored:,.1f} h, not the {observed:,.1f} h of "
                       "the requests started")
    # on the requests whose wait is known or still running: a thinning of the arrivals, at its share of the rate
    little = littles_law(t_req[~unknown], np.where(ok, t_req + np.nan_to_num(waits), np.inf)[~unknown], 0.0, span,
                         lam * float(np.mean(~unknown)), observed)

    gap = little["relative_discrepancy"]
    if abs(gap) > LITTLE_GAP:
        caveats.append(f"Little's law is {gap:+.0%} off (the log's time-average of requests waiting against arrival "
                       "rate x mean wait): requests not started yet (a backlog, abandoned tickets) or times that do "
                       "not match; the waits shown are those of requests started")
    quarter = req.dt.to_period("Q").astype(str).to_numpy()
    per = pd.DataFrame({"quarter": quarter, "t": t_req, "wait": waits})
    g = per.groupby("quarter")
    period = pd.DataFrame({"requests": g.size(), "mean_wait_hours": g["wait"].mean()})
    # working hours in each quarter, from the first request of the quarter to the next quarter's first:
    # each request with the gap to the next. The last quarter runs to the last request, whose gap is
    # unknown, so it counts one request fewer, as the overall rate's (n - 1) / span does (counted, a
    # quarter with one request a working day read 12 / 88 h = 0.136 an hour, not 0.125)
    starts = g["t"].min()
    period["working_hours"] = np.diff(np.append(starts.to_numpy(), span))
    gaps = period["requests"] - (np.arange(len(period)) == len(period) - 1)
    period["arrival_rate_per_hour"] = gaps / period["working_hours"].where(period["working_hours"] > 0)
    period["utilisation"] = period["arrival_rate_per_hour"] * mean_touch / (servers * availability)

    queue = PoolQueue(servers, lam, mean_touch, availability)
    if not queue.stable:
        caveats.append(over_capacity_note(queue))
    touch_all = np.where(np.isfinite(touch) & (touch > 0), touch, mean_touch)
    return PoolQueueFit(queue, waits[ok], little, period, len(r), int(both.sum()), source,
                        mean_in_service, t_req, touch_all, end, caveats, waiting, censored)


def _km_mean_wait(waits: np.ndarray, waiting: np.ndarray) -> float:
    """Mean wait with the requests still waiting counted as censored at their wait so far (Kaplan-Meier,
    restricted to the longest time seen: a lower bound when that one is still waiting)."""
    from statsmodels.duration.survfunc import SurvfuncRight

    times = np.r_[waits, waiting]
    sf = SurvfuncRight(times, np.r_[np.ones(len(waits)), np.zeros(len(waiting))])
    # the area under the survival curve: 1 up to the first start, each step's level to the next, the last to the end
    return float(np.sum(np.r_[1.0, sf.surv_prob] * np.diff(np.r_[0.0, sf.surv_times, times.max()])))


def _parsed_log(requests: pd.DataFrame) -> pd.DataFrame:
    """The log with its times as datetimes and its touch hours as numbers (a copy when any needed it); a
    cell that is neither, or a negative touch time, is refused naming the column and the requests."""
    ids = requests[S.REQUEST_ID].astype(str) if S.REQUEST_ID in requests.columns else \
        pd.Series(requests.index.astype(str), index=requests.index)
    out = {}
    for col in (S.REQUESTED, S.STARTED, S.DONE_AT, S.TOUCH_HOURS):
        if col not in requests.columns:
            continue
        raw = requests[col]
        if col == S.TOUCH_HOURS:
            value = pd.to_numeric(raw, errors="coerce")
            bad, what = raw.notna() & value.isna(), "is not a number of hours"
            if not bad.any():  # 0 is "not logged"; below it is no time at all
                bad, what = (value < 0).fillna(False), "is negative (hands-on hours are 0 or more)"
        else:
            try:
                value = raw if pd.api.types.is_datetime64_any_dtype(raw) else \
                    pd.to_datetime(raw, errors="coerce", format="mixed")
            except ValueError:  # offsets that differ (+01:00, +02:00): pandas' "Mixed timezones detected"
                value = None
            if value is None or isinstance(value.dtype, pd.DatetimeTZDtype):
                # against wall-clock times they raised pandas' TypeError, or an AttributeError from the working-hour
                # calendar, naming no column
                raise SchemaError(f"requests: '{col}' holds times with a time zone or UTC offset (e.g. "
                                  f"'{raw.dropna().iloc[0]}'); the package works in local wall-clock time: load the "
                                  "log with pmo_forecast.load_requests, which keeps the local time written "
                                  "(10:00+02:00 is read as 10:00), or drop the zone with "
                                  f"df[{col!r}] = df[{col!r}].dt.tz_localize(None)", column=col)
            if value is raw:
                continue
            bad, what = raw.notna() & value.isna(), "is not a date and time"
        if bad.any():
            raise SchemaError(f"requests: '{col}' {what} for {int(bad.sum())} request{'s' if bad.sum() > 1 else ''}: "
                              f"{_names(ids[bad], 10)} (e.g. '{raw[bad].iloc[0]}')", column=col,
                              rows=ids[bad].tolist()[:10])
        out[col] = value
    return requests.assign(**out) if out else requests


def over_capacity_note(queue: PoolQueue) -> str:
    """Why a pool fitted to a request log over capacity does not describe the log ("" when it is stable).

    The fitted pool's hands-on hours fill more than its time for requests, so its waits grow without
    bound, yet the log's waits are finite: the inputs are off. One wording for the fit's ``caveats``
    and for what the scenarios leave out (:func:`pmo_forecast.scenarios.scenario.approvals_left_out`).
    """
    if queue.stable:
        return ""
    return (f"the PM pool fitted to the request log is over capacity (utilisation {percent(queue.utilisation)}: "
            "its hands-on hours would take more than the PMs' time for requests, so the model's waits grow "
            "without bound) while the log's waits are finite, so the queue model does not describe the log "
            "(touch hours in another unit, PMs missing from the people table, or a log of a busy spell only?)")


def _names(names, most: int = 5) -> str:
    names = sorted(names)
    return ", ".join(names[:most]) + (f" and {len(names) - most} more" if len(names) > most else "")


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
        when even full availability is not enough.
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
        The current pool size; when given, also solve for the availability it would need.
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
        servers = int(_checked("servers (the current pool size)", servers, _WHOLE))
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
