"""Discrete-event simulation of the PM pool with ciw (see :meth:`PoolQueue.simulate`).

Kept apart from the closed forms so that :mod:`pmo_forecast.pool.mmc` stays small; ciw is
imported only when simulating; all randomness comes from one ``numpy.random.Generator``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.calendar import HOURS_PER_DAY
from ..core.labels import in_words
from ..core.results import Result, format_number, percent
from .little import littles_law

if TYPE_CHECKING:  # for annotations only: mmc imports this module, not the reverse
    from .mmc import PoolQueue


def simulate_pool(queue, n_requests=20_000, random_state=None, *, service="exponential",
                  part_time=False, priorities=None, warmup=0.1, progress=False) -> QueueSimulation:
    """Simulate ``queue`` with ciw; the parameters are those of :meth:`PoolQueue.simulate`."""
    import ciw  # imported here: the closed forms and the package import do not need it

    rng = np.random.default_rng(random_state)
    n = int(n_requests)
    if n < 10:
        raise ValueError(f"n_requests must be at least 10, got {n_requests!r}")
    if not 0 <= warmup < 1:  # 1 dropped every request (a raw IndexError in summary())
        raise ValueError(f"warmup is the share of requests dropped as the queue fills, in [0, 1), got {warmup!r}")
    classes = list(priorities) if priorities else ["request"]
    shares = np.asarray(list(priorities.values()), dtype=float) if priorities else np.ones(1)
    if np.any(shares <= 0):
        raise ValueError(f"priority shares must be positive, got {in_words(priorities)}")
    shares = shares / shares.sum()
    # in the closed form's model a request occupies its server touch/availability hours;
    # with part-time blocks the server works at full speed but only in its block
    scale = 1.0 if part_time else 1.0 / queue.availability
    # each class is an independent Poisson stream at its share of the rate (thinning);
    # arrays are long enough that no stream cycles before n requests arrive
    arrivals, services = {}, {}
    for k, name in enumerate(classes):
        m = int(n * shares[k] * 1.2) + 50
        arrivals[name] = _Stream(rng.exponential(1.0 / (queue.arrival_rate * shares[k]), m))
        services[name] = _Stream(_draw_service(service, rng, m, queue.service_hours) * scale)
    if part_time:
        block = queue.availability * HOURS_PER_DAY
        servers = ciw.Schedule(numbers_of_servers=[queue.servers, 0],
                               shift_end_dates=[block, HOURS_PER_DAY], preemption="resume")
    else:
        servers = queue.servers
    net = ciw.create_network(
        arrival_distributions={k: [v] for k, v in arrivals.items()},
        service_distributions={k: [v] for k, v in services.items()},
        number_of_servers=[servers],
        priority_classes={name: i for i, name in enumerate(classes)} if priorities else None,
    )
    saved = random.getstate()
    try:
        random.seed(int(rng.integers(2**31)))
        sim = ciw.Simulation(net)
        sim.simulate_until_max_customers(n, progress_bar=progress, method="Finish")
    finally:
        random.setstate(saved)
    cols = ["request_class", "server", "arrival", "wait_hours", "in_service_hours", "done"]
    raw = pd.DataFrame([(r.id_number, r.record_type, r.customer_class, r.server_id, r.arrival_date, r.waiting_time,
                         r.service_time, r.exit_date) for r in sim.get_all_records()], columns=["id", "type", *cols])
    # part-time blocks: a service cut by a block's end resumes in the next, and ciw records each piece cut as an
    # "interrupted service" of its own, with the wait to that piece (the pieces were counted as requests: 382
    # records of 200 requests, the mean wait tripled). One row per request done: the wait to its first start,
    # in service from there to done
    recs = raw.loc[raw["type"] == "service"].set_index("id")
    cut = raw.loc[raw["type"] != "service"]
    if len(cut):
        first = raw.groupby("id")["wait_hours"].min().reindex(recs.index)
        pieces = recs.index.isin(cut["id"])
        recs["wait_hours"] = first
        recs.loc[pieces, "in_service_hours"] = (recs["done"] - recs["arrival"] - recs["wait_hours"])[pieces]
    recs = recs[cols].sort_values("arrival", ignore_index=True)
    return QueueSimulation(queue, recs.iloc[int(warmup * len(recs)):].reset_index(drop=True), bool(part_time))


class _Stream:
    """A ciw distribution that hands out pre-drawn values (cycling), so all
    randomness comes from one numpy Generator instead of Python's ``random``."""

    def __init__(self, values):
        self.values = np.asarray(values, dtype=float)
        self.i = -1

    def _sample(self, t=None, ind=None):
        self.i = (self.i + 1) % len(self.values)
        return float(self.values[self.i])

    sample = _sample


def _draw_service(service, rng, size, mean):
    if callable(service):
        out = np.asarray(service(rng, size), dtype=float)
    elif service == "exponential":
        out = rng.exponential(mean, size)
    elif service == "deterministic":
        out = np.full(size, mean)
    elif isinstance(service, str) and service.startswith("lognormal:"):
        try:  # 'lognormal:abc' was float()'s own error, naming no parameter; -1 was read as 1
            cv = float(service.split(":", 1)[1])
        except ValueError:
            cv = np.nan
        if not 0 <= cv < np.inf:
            raise ValueError(f"service {service!r}: the coefficient of variation after 'lognormal:' must be a "
                             "number, 0 or more (e.g. 'lognormal:0.5')")
        s2 = np.log1p(cv**2)
        out = rng.lognormal(np.log(mean) - s2 / 2, np.sqrt(s2), size)
    else:
        raise ValueError(f"service must be 'exponential', 'deterministic', 'lognormal:CV' or a callable, got {service!r}")
    if out.shape != (size,) or np.any(~np.isfinite(out)) or np.any(out <= 0):
        raise ValueError("service times must be positive finite hours, one per request")
    return out


@dataclass(repr=False)
class QueueSimulation(Result):
    """Result of :meth:`PoolQueue.simulate`: per-request records and a comparison.

    Attributes
    ----------
    queue : PoolQueue
        The queue simulated.
    records : pandas.DataFrame
        One row per request after warm-up: ``request_class``, ``server``, ``arrival``,
        ``wait_hours``, ``in_service_hours``, ``done`` (simulation clock, working hours).
    part_time : bool
        Whether servers worked in daily blocks.

    Notes
    -----
    ``summary()`` sets the simulated mean wait, P50, P90 and share of requests that waited
    beside the closed form's, with their ``relative_difference``; where there is none (an
    unstable queue's infinite closed form, a closed form of 0, a queue where fewer than one
    simulated request is expected to wait, a request class) it is NaN and ``note`` says why.
    """

    queue: PoolQueue
    records: pd.DataFrame
    part_time: bool = False
    title = "Simulated PM pool (ciw) vs closed form"

    @property
    def waits(self) -> np.ndarray:
        return self.records["wait_hours"].to_numpy()

    @property
    def mean_wait(self) -> float:
        return float(self.waits.mean())

    def wait_quantile(self, q):
        return np.quantile(self.waits, q)

    def to_requests(self, origin="2026-01-05 09:00") -> pd.DataFrame:
        """The simulated requests as a canonical request log (for :func:`fit_pool_queue`).

        Simulation hours become timestamps by counting working hours from ``origin``;
        ``touch_hours`` is the time in service times the availability. Only for the
        all-day model (``part_time=False``).
        """
        if self.part_time:
            raise ValueError("to_requests needs part_time=False: with daily blocks the time in service "
                             "is not touch / availability")
        from ..core.calendar import add_working_hours

        r = self.records
        t0 = r["arrival"].min()
        start = r["arrival"] + r["wait_hours"]
        done = start + r["in_service_hours"]
        stamp = lambda h: add_working_hours(pd.Timestamp(origin), (h - t0).to_numpy())  # noqa: E731
        return pd.DataFrame({
            S.REQUEST_ID: [f"SIM-{i + 1:06d}" for i in range(len(r))],
            S.KIND: r["request_class"].astype(str).to_numpy(),
            S.HANDLER: [f"server {int(k)}" for k in r["server"]],
            S.REQUESTED: stamp(r["arrival"]), S.STARTED: stamp(start), S.DONE_AT: stamp(done),
            S.TOUCH_HOURS: (r["in_service_hours"] * self.queue.availability).to_numpy(),
        })

    def littles_law(self) -> dict:
        """Little's law on the simulated log: mean number waiting vs arrival rate x mean wait.

        The number waiting is counted on a grid of instants (independent of the
        per-request waits); the rate is (n - 1) / span of arrivals.
        """
        r = self.records
        arr = r["arrival"].to_numpy()
        lam = (len(arr) - 1) / (arr.max() - arr.min())
        return littles_law(arr, arr + self.waits, arr.min(), arr.max(), lam, self.mean_wait)

    def summary(self) -> pd.DataFrame:
        q = self.queue
        sim = {"mean_wait_hours": self.mean_wait, "p50_wait_hours": self.wait_quantile(0.5),
               "p90_wait_hours": self.wait_quantile(0.9), "prob_wait": float((self.waits > 1e-9).mean())}
        closed = {"mean_wait_hours": q.mean_wait, "p50_wait_hours": q.wait_quantile(0.5),
                  "p90_wait_hours": q.wait_quantile(0.9), "prob_wait": q.prob_wait}
        out = pd.DataFrame({"simulated": sim, "closed_form": closed})
        # a relative difference only where the closed form gives something to be relative to; else why not
        why = pd.Series("", index=out.index)
        n = len(self.waits)
        if not q.stable:
            why[np.isinf(out["closed_form"])] = (f"unstable queue (utilisation {percent(q.utilisation)}): the closed "
                                                 "form has no steady state; the simulated waits grow with the run")
        elif q.prob_wait * n < 1:  # P(wait) as the table's closed-form cell shows it (format_number), not ".2g"
            why[:] = (f"fewer than one of the {n:,} simulated requests is expected to wait (closed-form P(wait) "
                      f"{format_number(q.prob_wait)}): nothing to compare")
        why[(why == "") & (out["closed_form"] == 0)] = ("the closed-form quantile is 0 (it falls among the requests "
                                                         "that never wait): nothing to be relative to")
        out["relative_difference"] = (out["simulated"] / out["closed_form"] - 1).where(why == "")
        out["note"] = why
        if self.records["request_class"].nunique() > 1:
            by = self.records.groupby("request_class")["wait_hours"].mean()
            for k, v in by.items():
                out.loc[f"mean_wait_hours[{k}]", ["simulated", "note"]] = [v, "no closed form by request class"]
        return out

    def plot(self, ax=None):
        """Simulated wait survival curve against the closed form; returns the Axes."""
        import matplotlib.pyplot as plt

        ax = self.queue.plot(ax=ax)
        w = np.sort(self.waits)
        ax.step(w / HOURS_PER_DAY, 1 - np.arange(1, len(w) + 1) / len(w), where="post", label="simulated (ciw)")
        ax.legend()
        plt.setp(ax.get_lines()[0], linestyle="--")
        return ax


