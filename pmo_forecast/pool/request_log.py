"""The PM pool read off its request log: the M/M/c queue fitted to it, checked with Little's law.

:func:`fit_pool_queue` estimates the arrival rate, touch time, availability and pool size of
the :class:`~pmo_forecast.pool.mmc.PoolQueue` from a request log and returns :class:`PoolQueueFit`
(the fit, its caveats in words, and a replay of the logged arrivals through other pools);
:func:`requests_as_of` reads the log as it stood on a forecast date; :func:`over_capacity_note`
says when a fitted pool cannot describe its log. Units as in :mod:`pmo_forecast.pool.mmc`:
working hours. All of them are imported from :mod:`pmo_forecast.pool.queueing` too.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.calendar import HOURS_PER_DAY, WEEKMASK, working_hours_between, working_weekmask
from ..core.capacity import off_the_pool
from ..core.checks import require_not_negative, require_unique, zoned_dates_or_raise
from ..core.exceptions import DataQualityWarning, SchemaError, warn
from ..core.keys import people_counted, person_spellings, spelt_as_several
from ..core.labels import QUEUE_MODEL, agree, counted, id_list, natural_key
from ..core.results import Result, format_number, percent, round_number
from ..core.shown import shown_number
from ..core.source_lines import PLACEHOLDER_IDS, frame_rows
from ..core.workbook import PCT_CHANGE
from ..inputs.cells import (
    PLACEHOLDER_REQUEST_KEPT,
    excel_errors_or_raise,
    nobody_read,
    placeholder_keys_said,
)
from ..inputs.date_order import (
    DAY_FIRST,
    MONTH_FIRST,
    NOT_YEAR_FIRST,
    YEAR_FIRST,
    date_order,
    settling_dates,
)
from ..inputs.dates import DateColumn
from ..inputs.decimal_marks import files_mark, number_styles
from ..inputs.numbers import hours_or_raise
from .little import littles_law
from .mmc import PoolQueue

#: A request log shorter than this many working weeks, or with fewer completed requests, is said to
#: rest on little history (a quarter, and a few requests a week).
SHORT_LOG_WEEKS, SHORT_LOG_DONE = 13, 30
#: A Little's-law discrepancy beyond this share is said (the sample's log: under 3%).
LITTLE_GAP = 0.5
#: The mean wait counting requests still waiting (Kaplan-Meier) above the started ones' by more than this
#: share is said (the sample's log: 0.7%; a tenth of its requests never started: +2,000%).
CENSORED_GAP = 0.1


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
    handlers_note : str
        The caveat that says the pool is the request log's distinct handlers, for want of a PM in the
        people table at the log's end (:attr:`servers_source` ``"handlers"``); "" when it is not, or when no
        people table was given. Reports that show ``caveats`` read it to say the fallback once.
    caveats : list of str
        What the log leaves open, in words: times whose UTC offsets were dropped (the local times written kept,
        as :func:`~pmo_forecast.load_requests` keeps them), a pool counted from the handlers, PMs who
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
    handlers_note: str = ""
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
            (the logged arrivals through that pool), then each wait in working days
            (``model_mean_wait_days``, ...), as :meth:`wait_comparison` gives them.
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
        out = pd.DataFrame(rows)
        for wait in ("model_mean_wait", "model_p90_wait", "replay_mean_wait", "replay_p90_wait"):
            out[f"{wait}_days"] = out[f"{wait}_hours"] / HOURS_PER_DAY
        return out

    def wait_comparison(self, quantiles=(0.25, 0.5, 0.75, 0.9, 0.95)) -> pd.DataFrame:
        """Observed wait quantiles and mean against the fitted model's and the log replayed through the pool, as it
        is and with one more PM (the planning pack's key message quotes that P90), in working hours and days."""
        qs = np.asarray(quantiles, dtype=float)
        obs = np.quantile(self.observed_waits, qs)
        mod = self.queue.wait_quantile(qs)
        idx = [f"p{round(100 * q)}" for q in qs] + ["mean"]
        rep, more = self.replay(), self.replay(self.servers + 1)
        out = pd.DataFrame({"observed_hours": np.append(obs, np.mean(self.observed_waits)),
                            "model_hours": np.append(mod, self.queue.mean_wait),
                            "replay_hours": np.append(np.quantile(rep, qs), rep.mean()),
                            "replay_one_more_hours": np.append(np.quantile(more, qs), more.mean())}, index=idx)
        for kind in ("observed", "model", "replay", "replay_one_more"):
            out[f"{kind}_days"] = out[f"{kind}_hours"] / HOURS_PER_DAY
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
        ax.get_lines()[0].set_label(QUEUE_MODEL)  # the caption or the notebook says what it is
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
    _check_inputs(requests, people)
    # day names ("Mon Tue Wed Thu Fri") counted no "1": the log's span read as five times the weeks it is
    weekmask = working_weekmask(weekmask)
    requests, caveats = _log_as_of(requests, as_of)
    r = _in_order(requests)
    req, started, done, end, t_req, span = _clock(r, holidays, weekmask)
    lam = (len(r) - 1) / span
    _starts_after_requests(r, req, started)
    waits = working_hours_between(req, started, holidays, weekmask)
    ok = np.isfinite(waits)
    if ok.sum() < 5:
        raise SchemaError(f"requests needs '{S.STARTED}' times for at least 5 requests to measure waits")
    in_service = working_hours_between(started, done, holidays, weekmask)
    touch = r[S.TOUCH_HOURS].to_numpy(dtype=float) if S.TOUCH_HOURS in r.columns else np.full(len(r), np.nan)
    both, mean_touch, mean_in_service, availability = _touch_and_availability(in_service, touch, caveats)
    if not waits[ok].any():
        caveats.append(f"every request started when it was requested: the log holds no waiting time ('{S.STARTED}' "
                       f"copied from '{S.REQUESTED}'?), so the waits shown are the model's only")
    servers, source, handlers_note = _servers(r, people, end, caveats)
    _service_caveats(in_service, touch, both, span, weekmask, caveats)
    log = _LogClock(req, t_req, done, end, span, lam, holidays, weekmask)
    waiting, censored, little = _waits_and_little(log, waits, caveats)
    period = _period_rates(req, t_req, waits, span, mean_touch, servers, availability)
    queue = PoolQueue(servers, lam, mean_touch, availability)
    if not queue.stable:
        caveats.append(over_capacity_note(queue))
    touch_all = np.where(np.isfinite(touch) & (touch > 0), touch, mean_touch)
    return PoolQueueFit(queue, waits[ok], little, period, len(r), int(both.sum()), source,
                        mean_in_service, t_req, touch_all, end, caveats, waiting, censored,
                        handlers_note=handlers_note)


def _check_inputs(requests, people) -> None:
    """A :class:`SchemaError` when ``requests`` is no request log :func:`fit_pool_queue` can read, or ``people``
    has a negative number."""
    if not isinstance(requests, pd.DataFrame):
        raise SchemaError("requests must be a DataFrame (use pmo_forecast.load_requests to read a file)")
    if S.REQUESTED not in requests.columns:
        raise SchemaError(f"requests has no '{S.REQUESTED}' column: the request log needs the time each "
                          "request arrived (see pmo_forecast.core.schema.REQUESTS)")
    # as load_requests: two exports concatenated counted their overlap twice (arrivals doubled, the pool "over capacity")
    require_unique(requests, S.REQUEST_ID, "requests")
    if people is not None:
        require_not_negative(people, "people")  # as the loader: a PM's hours a week are 0 or more


def _log_as_of(requests: pd.DataFrame, as_of) -> tuple[pd.DataFrame, list]:
    """The request log with its times and touch hours parsed (:func:`_parsed_log`), cut at ``as_of`` (None: the
    whole log), and the caveats: what parsing and the cut left out."""
    requests, caveats = _parsed_log(requests)
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
    return requests, caveats


def _in_order(requests: pd.DataFrame) -> pd.DataFrame:
    """The requests with a ``requested`` time, in one order whatever the rows' (requests at the same time are
    served in it in the replay); at least 10 of them."""
    keys = [c for c in (S.REQUESTED, S.REQUEST_ID, S.STARTED, S.DONE_AT, S.TOUCH_HOURS, S.HANDLER) if c in requests]
    r = requests.loc[requests[S.REQUESTED].notna()]
    k = pd.DataFrame({c: r[c].astype("string").fillna("") if c in (S.REQUEST_ID, S.HANDLER) else r[c]
                      for c in keys}).reset_index(drop=True)
    r = r.iloc[k.sort_values(keys, kind="stable", na_position="last").index]
    if len(r) < 10:
        raise ValueError(f"need at least 10 requests with a '{S.REQUESTED}' time to fit a queue, got {len(r):,}")
    return r


def _clock(r: pd.DataFrame, holidays, weekmask: str) -> tuple:
    """The requests' times (requested, started, done), the log's end (its last time), the working hours from
    the first request to each, and the log's span in working hours (above 0)."""
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
    return req, started, done, end, t_req, span


def _service_caveats(in_service: np.ndarray, touch: np.ndarray, both: np.ndarray, span: float, weekmask: str,
                     caveats: list) -> None:
    """Said in ``caveats``: requests in service for no time or less, and a log too short to rest a fit on."""
    for bad, what in ((in_service < 0, f"are done before they started (fix '{S.DONE_AT}' or '{S.STARTED}')"),
                      ((in_service == 0) & np.isfinite(touch) & (touch > 0),
                       "start and finish at the same working hour (dates without times?)")):
        if bad.any():  # in service for no time or less: nothing to learn the share of the week from
            caveats.append(f"{counted(int(bad.sum()), 'request')} {what}: left out of the PMs' share of the week for "
                           "approvals")
    weeks = span / (HOURS_PER_DAY * weekmask.count("1"))
    if weeks < SHORT_LOG_WEEKS or both.sum() < SHORT_LOG_DONE:
        caveats.append(f"the request log covers {shown_number(weeks, 'int')} working weeks with {int(both.sum())} completed requests "
                       f"(fewer than {SHORT_LOG_WEEKS} weeks or {SHORT_LOG_DONE} requests): the fitted pool rests "
                       "on little history")


def _starts_after_requests(r: pd.DataFrame, req: pd.Series, started: pd.Series) -> None:
    """A :class:`SchemaError` naming the requests that start before they were requested, on the clock, not in
    working hours (a start at 06:00 before a 09:00 request is the same working hour)."""
    early = (started < req).to_numpy(bool)
    if early.any():
        ids = (r[S.REQUEST_ID] if S.REQUEST_ID in r.columns else pd.Series(r.index, index=r.index))[early]
        n = int(early.sum())
        raise SchemaError(f"{counted(n, 'request')} in the request log "
                          f"{agree(n, 'starts', 'start')} before {agree(n, 'it was', 'they were')} "
                          f"requested ('{S.STARTED}' before '{S.REQUESTED}'): {_names(ids.astype(str), 10)}; fix "
                          "either time", column=S.STARTED, rows=ids.astype(str).tolist()[:10])


def _touch_and_availability(in_service: np.ndarray, touch: np.ndarray,
                            caveats: list) -> tuple[np.ndarray, float, float, float]:
    """Which requests show both touch hours and time in service, the means of both, and the PMs' availability
    (their mean ratio, capped at 1: said in a warning and in ``caveats``)."""
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
        hours = agree(round_number(mean_in_service), "working hour", "working hours")  # as shown: 0.9996 is "1"
        msg = (f"the mean touch time ({format_number(mean_touch)} h) exceeds the mean time in service, '{S.STARTED}' "
               f"to '{S.DONE_AT}' ({format_number(mean_in_service)} {hours}; touch hours in minutes, or several "
               "people on a request?): availability is capped at 1")
        warn(msg, DataQualityWarning)
        caveats.append(msg)
    return both, mean_touch, mean_in_service, availability


def _servers(r: pd.DataFrame, people, end: pd.Timestamp, caveats: list) -> tuple[int, str, str]:
    """The pool's size, where it is counted from (``"people"`` or ``"handlers"``) and why the handlers stand in
    for the PMs, if they do: the PMs employed at the log's ``end`` and not on leave, else the log's handlers,
    each the person of the people table it names (:func:`_handlers_read`). What does not match is said in
    ``caveats``."""
    handlers = set(r[S.HANDLER].dropna().astype(str)) if S.HANDLER in r.columns else set()
    who, distinct = _handlers_read(handlers, people, caveats)
    if people is not None and S.ROLE in people.columns:
        servers, n_away = _pms(people, who, end, caveats)
        source = "people"
    else:
        servers, source, n_away = 0, "handlers", 0
    handlers_note = ""
    if servers == 0:
        if not distinct:  # no handler, or none naming anyone (blank, '?')
            raise SchemaError(f"cannot count the pool: give people with role '{S.PM_ROLE}' or a "
                              f"'{S.HANDLER}' column in requests")
        # one person however the log spells them: 'ann costa' beside 'Ann Costa' made two servers (16 for 8 PMs)
        servers, source = distinct, "handlers"
        if people is not None:
            why = (f"{agree(n_away, 'the 1 PM', f'all {n_away} PMs')} in the people table "
                   f"{agree(n_away, 'is', 'are')} at availability 0 at the log's end (on leave?)"
                   if n_away else f"nobody in the people table has role '{S.PM_ROLE}' (employed at the log's end)")
            handlers_note = f"{why}: the pool is the log's {counted(servers, 'distinct handler')}"
            caveats.append(handlers_note)
    return servers, source, handlers_note


def _handlers_read(handlers: set, people, caveats: list) -> tuple[dict, int]:
    """Each of the log's ``handlers`` as the person of ``people`` it names, by the rule the forecasts read assignees
    by (:func:`~pmo_forecast.core.keys.person_spellings`): written so, or spelt as exactly one person; one spelt as
    several is none of them, kept as written and said in ``caveats``. Also how many people the handlers are
    (:func:`~pmo_forecast.core.keys.people_counted`)."""
    known = people[S.PERSON] if people is not None and S.PERSON in people.columns else []
    one, several = person_spellings(handlers, known)
    if several:  # 'ann lee' beside PMs Ann Lee and Lee, Ann counted as a handler of both
        caveats.append(spelt_as_several("handlers", several, "counted under the name as written"))
    return {h: one.get(h, h) for h in handlers}, people_counted(handlers, known)


def _pms(people: pd.DataFrame, who: dict, end: pd.Timestamp, caveats: list) -> tuple[int, int]:
    """How many PMs in ``people`` serve the pool at the log's ``end``, and how many are on leave then; PMs on leave,
    PMs who never handled a request and handlers (``who``: each handler -> the person read, :func:`_handlers_read`)
    who are not PMs said in ``caveats``."""
    pm = people.loc[people[S.ROLE] == S.PM_ROLE]
    if S.START in pm.columns:
        pm = pm.loc[pm[S.START].isna() | (pm[S.START] <= end)]
    if S.END in pm.columns:
        pm = pm.loc[pm[S.END].isna() | (pm[S.END] >= end.normalize())]
    away = off_the_pool(pm, [end])[0]  # on leave at the log's end: no server, said
    n_away = int(away.sum())
    if n_away and not away.all():  # all away: said with the handlers that stand in for them
        caveats.append(f"{n_away:,} of the {len(pm):,} PMs at availability 0 or 0 hours a week in the people table "
                       f"(on leave?) {agree(n_away, 'is', 'are')} not counted in the pool: "
                       f"{_names(pm.loc[away, S.PERSON].astype(str))}")
    # a PM on leave who handled requests is no "handler who is not a PM there"
    all_pms = set(pm[S.PERSON].astype(str)) if S.PERSON in pm.columns else set()
    pm = pm.loc[~away]
    servers = len(pm)
    names = set(pm[S.PERSON].astype(str)) if S.PERSON in pm.columns else set()
    # 'ANN COSTA' handling requests is Ann Costa (the caveat said none of the PMs ever handled one, and that
    # eight handlers were not PMs)
    handled = set(who.values())
    never = names - handled
    others = {h for h, p in who.items() if p not in all_pms}
    if servers and who and (never or others):
        n = len(names) - len(never)
        caveats.append(f"{n} of the {servers} PMs {agree(n, 'appears', 'appear')} as handlers in the request log"
                       + (f"; never: {_names(never)}" if never else "")
                       + (f"; handlers who are not PMs there: {_names(others)}" if others else "")
                       + ". The pool counts the PMs")
    return servers, n_away


@dataclass(frozen=True)
class _LogClock:
    """The request log on the working clock (:func:`_clock`): when each request was made (``req``; ``t_req`` in
    working hours) and done, the log's ``end`` and ``span`` (working hours), the arrival rate ``lam`` (requests
    a working hour), and the working days it is counted on."""

    req: pd.Series
    t_req: np.ndarray
    done: pd.Series
    end: pd.Timestamp
    span: float
    lam: float
    holidays: object
    weekmask: str


def _waits_and_little(log: _LogClock, waits: np.ndarray, caveats: list) -> tuple:
    """How long the requests not started by the log's ``end`` have waited so far, the mean wait counting them
    (Kaplan-Meier), and the Little's-law check; gaps beyond :data:`CENSORED_GAP` and :data:`LITTLE_GAP`, and
    requests whose wait is unknown, said in ``caveats``."""
    req, t_req, done, end, span, lam = log.req, log.t_req, log.done, log.end, log.span, log.lam
    ok = np.isfinite(waits)
    # done without a start time: their wait is unknown, not still running (they were counted as waiting at the
    # log's end: a tenth of the sample's log so made the mean wait "at least 1,838 h" and Little's law +2,622% off)
    unknown = ~ok & done.notna().to_numpy()
    if unknown.any():
        n = int(unknown.sum())
        caveats.append(f"{counted(n, 'request')} {agree(n, 'is', 'are')} done without a "
                       f"'{S.STARTED}' time: {agree(n, 'its wait is', 'their waits are')} unknown, so "
                       "left out of the observed waits and of the requests still waiting")
    # requests not started by the log's end have waited at least this long: left out, the long waits go missing
    still = ~ok & ~unknown
    waiting = working_hours_between(req[still], pd.Series(end, index=req.index[still]), log.holidays, log.weekmask)
    censored = _km_mean_wait(waits[ok], waiting)
    observed = float(waits[ok].mean())
    if censored > observed * (1 + CENSORED_GAP):
        caveats.append(f"{counted(len(waiting), 'request')} not started by the log's end "
                       f"({end:%Y-%m-%d %H:%M}, waiting up to {shown_number(waiting.max(), 'hours')} working hours so far) "
                       f"{agree(len(waiting), 'is', 'are')} not in the observed waits: counted as still waiting "
                       f"(Kaplan-Meier), the mean wait is at least {shown_number(censored, 'num1')} h, not the "
                       f"{shown_number(observed, 'num1')} h of "
                       "the requests started")
    # on the requests whose wait is known or still running: a thinning of the arrivals, at its share of the rate
    little = littles_law(t_req[~unknown], np.where(ok, t_req + np.nan_to_num(waits), np.inf)[~unknown], 0.0, span,
                         lam * float(np.mean(~unknown)), observed)
    gap = little["relative_discrepancy"]
    if abs(gap) > LITTLE_GAP:
        caveats.append(f"Little's law is {shown_number(gap, PCT_CHANGE)} off (the log's time-average of requests waiting against arrival "
                       "rate x mean wait): requests not started yet (a backlog, abandoned tickets) or times that do "
                       "not match; the waits shown are those of requests started")
    return waiting, censored, little


def _period_rates(req: pd.Series, t_req: np.ndarray, waits: np.ndarray, span: float, mean_touch: float,
                  servers: int, availability: float) -> pd.DataFrame:
    """Per quarter of the log: requests, mean wait, working hours, arrival rate and the pool's utilisation."""
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
    return period


def _km_mean_wait(waits: np.ndarray, waiting: np.ndarray) -> float:
    """Mean wait with the requests still waiting counted as censored at their wait so far (Kaplan-Meier,
    restricted to the longest time seen: a lower bound when that one is still waiting)."""
    from statsmodels.duration.survfunc import SurvfuncRight

    times = np.r_[waits, waiting]
    sf = SurvfuncRight(times, np.r_[np.ones(len(waits)), np.zeros(len(waiting))])
    # the area under the survival curve: 1 up to the first start, each step's level to the next, the last to the end
    return float(np.sum(np.r_[1.0, sf.surv_prob] * np.diff(np.r_[0.0, sf.surv_times, times.max()])))


def _parsed_log(requests: pd.DataFrame) -> tuple[pd.DataFrame, list]:
    """The log with its times as datetimes, its touch hours as hours and a handler naming nobody (``Unassigned``,
    ``TBD``: :func:`~pmo_forecast.inputs.cells.nobody_read`) blank, read as the loader reads them
    (:func:`_log_times`, :func:`_touch_hours`), a copy when any needed it; a request id written as a placeholder
    (``-``, ``n/a``) kept, its row a request as any other, and said as the loader says it (a loaded log's by its
    load); a cell the loader refuses is refused in its words (a spreadsheet's error value, a quarter, a day that
    does not exist, a duration in months, a negative touch time), naming the requests. With what reading the times,
    the handlers and the ids said (offsets dropped, handlers read as nobody, placeholder ids), in the loader's
    words."""
    ids = _request_names(requests)
    for col in (*S.REQUEST_DATES, S.TOUCH_HOURS):  # '#N/A' is a failed formula, not a bad date
        if col in requests.columns:  # raised, its mask unused: no fit runs within refusals_listed (validate
            # lists a file's error values as load_requests reads it, blanked there)
            excel_errors_or_raise(requests[col], file="requests", column=col, lines=ids, in_memory=True)
    out, notes = _log_times(requests, ids)
    if S.TOUCH_HOURS in requests.columns:
        out[S.TOUCH_HOURS] = _touch_hours(requests[S.TOUCH_HOURS], ids)
    if S.HANDLER in requests.columns:  # 'Unassigned', 'TBD' are nobody, as the loader reads them: no server
        nobody, said = nobody_read(requests[S.HANDLER], ids)
        if nobody.any():
            out[S.HANDLER] = requests[S.HANDLER].mask(nobody)
        if said:  # in the loader's words (its detected['placeholders'], the pack's Assumptions)
            notes.append(f"'{S.HANDLER}' read as pmo_forecast.load_requests reads it: {said}")
    if not isinstance(requests.attrs.get("detected"), dict):  # a loaded log's were said by its load
        found = {}  # '-', 'n/a' as request ids: kept, each row a request, said in the loader's words
        placeholder_keys_said(requests, S.REQUEST_ID, PLACEHOLDER_REQUEST_KEPT, found)
        notes += [f"'{col}' read as pmo_forecast.load_requests reads it: {said}"
                  for col, said in found.get("placeholders", {}).items()]
    return (requests.assign(**out) if out else requests), notes


def _touch_hours(raw: pd.Series, ids: np.ndarray) -> pd.Series:
    """The touch hours as :func:`~pmo_forecast.load_requests` reads them: the column's decimal mark decided from its
    cells (:func:`~pmo_forecast.inputs.decimal_marks.number_styles`: ``2,5`` says a comma, so ``1,500`` is 1.5; with no
    cell to say, ``1,500`` is refused, not read as 1500), then ``1h 30m``, ``00:45:00`` and ``n/a`` (blank) read by
    :func:`~pmo_forecast.inputs.numbers.hours_or_raise`, which refuses what is no duration of work (``P1M``, a
    calendar month; ``-1``, a negative one) in its own words, naming the requests."""
    col, lines = S.TOUCH_HOURS, ids
    two_way = {}
    styles = number_styles({col: raw}, file="requests", lines=lines, two_way=two_way)
    return hours_or_raise(raw, file="requests", column=col, lines=lines,
                          decimal=styles.get(col, files_mark(styles, None)), two_way=two_way.get(col))


def _request_names(requests: pd.DataFrame) -> np.ndarray:
    """Each row named in messages, the loaders' too (a frame has no lines: :func:`~pmo_forecast.core.source_lines.
    frame_rows`, named when a message asks): its request id, else (blank, repeated or a placeholder, ``-``) its
    position counting from 0, as the loader names them."""
    return frame_rows(requests, S.REQUESTS.key, S.REQUESTS.noun, S.REQUESTS.name,
                      no_id=PLACEHOLDER_IDS[S.REQUESTS.key])


def _log_times(requests: pd.DataFrame, ids: np.ndarray) -> tuple[dict, list]:
    """The log's time columns not already datetimes, read as :func:`~pmo_forecast.load_requests` reads them
    (:class:`~pmo_forecast.inputs.dates.DateColumn`): one day/month order for all of them
    (:func:`~pmo_forecast.inputs.date_order.date_order`: ``13/04/2026`` settles day first, so ``03/04/2026`` is
    3 April; dates that settle it two ways are refused, and an order nothing settles is assumed and said).
    Text with a UTC offset or a time zone's name is read as the loader reads it, the local time written
    (``10:00+02:00`` is 10:00), and said in ``notes``, in the loader's words. A column of zone-aware datetimes is
    refused in the words of the loader and of :func:`~pmo_forecast.core.checks.require_dates`
    (:func:`~pmo_forecast.core.checks.zoned_dates_or_raise`): its zone may be UTC (a database's, an API's), and
    dropping it would shift every time by the offset unsaid.

    Returns the columns read and the notes."""
    cols = [c for c in S.REQUEST_DATES if c in requests.columns]
    for col in cols:  # against wall-clock times they raised pandas' TypeError, naming no column
        zoned_dates_or_raise(requests[col], where="requests", column=col)
    text = {c: DateColumn(requests[c], file="requests", column=c, lines=ids)
            for c in cols if not pd.api.types.is_datetime64_any_dtype(requests[c])}
    detected = {}
    try:
        order = date_order(list(text.values()), file="requests", detected=detected)
    except SchemaError:  # said again column by column, each with its requests
        _orders_disagree(text, ids)
        raise  # no two orders found apart: the loader's own words
    out = {}
    for col, dates in text.items():  # '2026-Q1', '31/02/2026', 'soon': refused in the loader's words
        out[col] = dates.finish(order, detected).set_axis(requests.index)
    # the loader drops an offset or a zone's name and says so in these words (what the pack's Assumptions quote)
    notes = [f"'{col}' read as pmo_forecast.load_requests reads it: {how}"
             for col, how in detected.get("date_formats", {}).items() if "offsets dropped" in how]
    return out, notes


def _orders_disagree(columns: dict, ids: np.ndarray) -> None:
    """SchemaError naming, column by column, the requests whose dates only one order reads (13/04/2026 day first,
    04/13/2026 month first, 32/01/05 a two-digit year first: :func:`~pmo_forecast.inputs.date_order.settling_dates`),
    when they settle it more than one way."""
    found = settling_dates(list(columns.values()))
    # a two-digit year first against the rest (as date_order settles that first), else day against month first
    orders = (YEAR_FIRST, NOT_YEAR_FIRST) if found[YEAR_FIRST] else (DAY_FIRST, MONTH_FIRST)
    if not all(found[order] for order in orders):
        return
    names = list(columns)
    ways = sorted(((dates.column, order, pos) for order in orders for dates, pos in found[order]),
                  key=lambda way: names.index(way[0]))  # column by column
    said = "; ".join(f"'{col}' reads only {order} for {counted(len(pos), 'request')}: {_names(ids[pos], 10)} "
                     f"(e.g. '{columns[col].written_at(pos[0])}')" for col, order, pos in ways)
    raise SchemaError(f"requests: the dates disagree on their order, as pmo_forecast.load_requests would refuse "
                      f"them: {said}. Write every date in the log the same way, ideally as ISO dates",
                      column=next(col for col, order, _ in ways if order != ways[0][1]))


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
    """The first ``most`` names in the order people read them (R2 before R10), and how many more."""
    return id_list(pd.Series(list(names), dtype=object).sort_values(key=natural_key).tolist(), most)

