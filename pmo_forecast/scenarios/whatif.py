"""What stays the same between staffing scenarios on the same data, prepared once.

A scenario is a change of the input tables followed by the one simulation engine
(:func:`pmo_forecast.forecast_finish_dates`, which draws effort as
:func:`pmo_forecast.forecast_overruns` does). What does not change between scenarios
is prepared once per data set and cached (:class:`WhatIfContext`): the fitted accuracy
model with its quantile rows per task (:class:`QuantileCache`), the correlation and
scope-growth estimates, the PM-pool queue and its approval gates fitted from the
request log, the delivered pace, and the random numbers, tied to each task, project and
person (:class:`pmo_forecast.forecasting.plan.RandomNumbers`), so that two scenarios differ only
through their changes. There is no second scheduler here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.as_of import resolve_as_of, warn_as_of_gap
from ..core.calendar import WorkingCalendar
from ..core.checks import require_matching_ids
from ..forecasting.approval_blocking import fit_approval_blocking
from ..forecasting.open_work import N_LEVELS, prepare_open_work
from ..forecasting.plan import AT_RISK, LEARNING_SEED, RandomNumbers, fit_gates_per_month

__all__ = ["AT_RISK", "EstimatesAsGiven", "QuantileCache", "WhatIfContext", "clear_cache", "context",
           "data_fingerprint"]

#: Columns the accuracy model reads from a task (with the hours booked it is conditioned on).
_KEY_COLUMNS = (S.TASK_ID, S.PROJECT_ID, S.ASSIGNEE, S.TASK_TYPE, S.ESTIMATE)


class QuantileCache:
    """An accuracy model whose quantile rows are remembered per task.

    A row depends on what the model reads of the task (id, project, assignee, type,
    estimate) and the hours booked; a scenario that moves a task to another person or
    scales its estimate gets a new row, every other row is reused. Everything else is
    passed through to the model.
    """

    def __init__(self, model):
        self.model = model
        self._index: dict = {}
        self._rows: list = []

    def __getattr__(self, name):
        return getattr(self.model, name)

    def digest(self, tables) -> str:
        """A content hash of the tables' columns the engine reads (not titles or descriptions)."""
        import hashlib

        from ..forecasting.plan import PRIORITY_COLUMNS

        used = set(PRIORITY_COLUMNS) | {
            S.SOURCE_ACTUAL, S.TASK_ID, S.PROJECT_ID, S.ASSIGNEE, S.TASK_TYPE, S.ESTIMATE, S.ACTUAL, S.STATUS,
            *S.FACT_DATES, S.DUE, S.BUDGET, S.START}
        h = hashlib.sha1()
        for t in tables:
            if t is None:
                h.update(b"none")
                continue
            cols = [c for c in t.columns if c in used]
            h.update(",".join(map(str, cols)).encode())
            h.update(pd.util.hash_pandas_object(t[cols], index=True).to_numpy().tobytes())
        return h.hexdigest()

    def memo(self, key: tuple, digest: str, compute):
        """``compute()``, remembered for tables with the same content (the last few)."""
        full = (*key, digest)
        memo = self.__dict__.setdefault("_memo", {})
        if full not in memo:
            if len(memo) >= 8:
                memo.pop(next(iter(memo)))
            memo[full] = compute()
        return memo[full]

    def quantile_table(self, tasks: pd.DataFrame, n_levels: int = 200, at_least=None) -> np.ndarray:
        frame = pd.DataFrame({c: tasks[c].to_numpy() for c in _KEY_COLUMNS if c in tasks})
        frame["_booked"] = np.nan if at_least is None else np.asarray(at_least, dtype=float)
        frame["_levels"] = n_levels
        keys = pd.util.hash_pandas_object(frame, index=False).to_numpy().tolist()
        missing = [i for i, k in enumerate(keys) if k not in self._index]
        if missing:
            sub = tasks.iloc[missing]
            kw = {} if at_least is None else {"at_least": np.asarray(at_least, dtype=float)[missing]}
            q = np.asarray(self.model.quantile_table(sub, n_levels=n_levels, **kw), dtype=float)
            start = sum(len(r) for r in self._rows)
            self._rows.append(q)
            for j, i in enumerate(missing):
                self._index.setdefault(keys[i], start + j)
            self._all = np.concatenate(self._rows) if len(self._rows) > 1 else self._rows[0]
            self._rows = [self._all]
        idx = np.fromiter((self._index[k] for k in keys), dtype=np.int64, count=len(keys))
        return self._all[idx] if len(idx) else np.empty((0, n_levels))


class EstimatesAsGiven:
    """A stand-in accuracy model that trusts every estimate (what resource tools do)."""

    def quantile_table(self, tasks: pd.DataFrame, n_levels: int = 200, at_least=None) -> np.ndarray:
        est = tasks[S.ESTIMATE].to_numpy(float)
        if at_least is not None:
            est = np.fmax(est, np.asarray(at_least, dtype=float))
        return np.repeat(est[:, None], n_levels, axis=1)


class WhatIfContext:
    """Everything that does not change between scenarios on the same data.

    Attributes
    ----------
    model : fitted accuracy model
    quantiles : QuantileCache
        The model with its quantile rows remembered per task.
    correlation : dict
        :func:`pmo_forecast.forecasting.correlation.estimate_correlation` on the data.
    growth : dict
        :func:`pmo_forecast.forecasting.growth.estimate_scope_growth` on the data.
    queue_fit : PoolQueueFit or None
        The PM pool fitted from the request log (no holidays; :meth:`queue_for` with a calendar's).
    queue_error : str
        Why the request log given could not be fitted ("" when it was, or when there is none).
    gates : dict
        :func:`pmo_forecast.forecasting.plan.fit_gates_per_month` (its keys, with rates and counts 0, without a
        request log) and ``blocking``, :func:`~pmo_forecast.forecasting.approval_blocking.fit_approval_blocking`
        (None without a request log).
    random_numbers : RandomNumbers
        Common random numbers for every scenario on this data.
    fingerprint : tuple of str
        :func:`data_fingerprint` of the tables: which data the scenarios ran on.
    queues_said : set
        What the scenarios' queues have found in the people table and said (people without hours, open work of
        people not there or gone): said once a context, and again only where a scenario changes it
        (:func:`~pmo_forecast.forecasting.queues.queue_findings_said`).
    """

    def __init__(self, data, model, as_of, n_trials, random_state, correlation=None):
        from ..forecasting.correlation import estimate_correlation
        from ..forecasting.growth import estimate_scope_growth

        self.tasks, self.projects, self.people, self.requests = tables(data)
        self.fingerprint = data_fingerprint(self.tasks, self.projects, self.people, self.requests)
        self.as_of = resolve_as_of(self.tasks, as_of)
        # a date that does not fit the tables as loaded, said once a context: the runs' forecasts read the scenarios'
        # tables, whose added projects are created on their start (months after the as-of date, not work done then),
        # and say nothing of it (run_scenario)
        warn_as_of_gap(self.tasks, as_of)
        self._as_of_given = as_of
        self.n_trials, self.random_state = int(n_trials), random_state
        if model is None:
            from ..estimation.accuracy import EstimationAccuracyModel
            from ..estimation.refit import FITS

            # the fit of an earlier context, pack or run on the same table and seed when there was one: the same fit
            model = FITS.fit(EstimationAccuracyModel(random_state=random_state), self.tasks)
        self.model = model
        self.quantiles = QuantileCache(model)
        self._correlation_given = correlation
        # their fallbacks (overruns independent, no scope growth) warned here, once a context: the forecasts given
        # the estimates say nothing of them (the planning pack, which estimates them too, says each once)
        self.correlation = (correlation if correlation is not None
                            else estimate_correlation(model, self.tasks, random_state=LEARNING_SEED))
        self.growth = estimate_scope_growth(self.tasks)
        # the fit's keys, every one: its readers need no fallback for a missing count
        self.gates = {"rate": 0.0, "rate_all": 0.0, "n_requests": 0, "counted": "requests", "project_months": 0.0,
                      "n_linked": 0, "n_log": 0, "blocking": None}
        self._cache: dict = {}  # per kind, per working calendar: see _once
        self.queues_said: set = set()  # the scenarios' queues' findings said so far
        self.queue_error = ""  # why the request log given could not be fitted (see _fit_queue)
        self.queue_fit = self.queue_for(None)
        if self.queue_fit is not None:
            from ..pool.request_log import requests_as_of

            logged = requests_as_of(self.requests, self.as_of)
            self.gates = {**fit_gates_per_month(logged, self.tasks),
                          "blocking": fit_approval_blocking(logged, self.tasks)}
        self.random_numbers = RandomNumbers(random_state, self.n_trials)

    def _once(self, what: str, calendar, compute):
        """``compute(cal)`` once per working calendar (a list of holidays and the WorkingCalendar of them
        are one), its warnings (a pace not measured, no slip learnt, a queue fitted on few requests) said then: the
        forecasts given its result say nothing of them."""
        cal = WorkingCalendar.coerce(calendar)
        done = self._cache.setdefault(what, {})
        if cal not in done:
            done[cal] = compute(cal)
        return done[cal]

    def pace(self, calendar=None) -> pd.Series:
        """:func:`pmo_forecast.estimate_pace` on the data, computed once per calendar (its holidays are not
        capacity)."""
        from ..forecasting.pace import estimate_pace

        return self._once("pace", calendar, lambda cal: estimate_pace(
            self.tasks, self.people, as_of=self.as_of, weekmask=cal.weekmask, holidays=cal.holidays))

    def open_work(self, calendar=None):
        """:func:`~pmo_forecast.forecasting.open_work.prepare_open_work` on the tables as loaded, with the model,
        prepared once per calendar (stale work is aged in its working days): what it finds (no estimate, stale work,
        more hours booked than the model gives, ...) is said then, once a context, as the forecasts on these tables
        say it. A scenario's run says nothing of it (:func:`~pmo_forecast.forecasting.open_work.open_work_said`): its
        tables are these changed, and it said the same findings again, in other words where it removed a project."""

        def prepared(cal):
            # ids written two ways are refused before any word, as the forecasts refuse them
            require_matching_ids(self.tasks, self.projects, S.PROJECT_ID, "tasks", "projects")
            return prepare_open_work(self.quantiles, self.tasks, self.projects, N_LEVELS, self.as_of, cal)

        return self._once("open work", calendar, prepared)

    def queue_for(self, calendar=None):
        """:func:`pmo_forecast.fit_pool_queue` on the request log in the calendar's working hours (a wait over a
        holiday is shorter than its calendar days), fitted once per calendar; None without a log. ``queue_fit``
        is the one on Monday to Friday without holidays."""
        if self.requests is None or not len(self.requests):
            return None
        return self._once("queue", calendar, self._fit_queue)

    def _fit_queue(self, cal):
        """The fit on ``cal``'s working hours, or None with ``queue_error`` saying why it could not be fitted (a log
        of 8 requests by the forecast date stopped the planning pack, whose Capacity sheet says so and goes on)."""
        from ..pool.request_log import fit_pool_queue

        try:
            return fit_pool_queue(self.requests, self.people, as_of=self.as_of, holidays=list(cal.holidays) or None,
                                  weekmask=cal.weekmask)
        except ValueError as exc:
            self.queue_error = str(exc)
            return None

    def delivery_rates(self, calendar=None):
        """:func:`pmo_forecast.forecasting.finish.calibrated_capacity` on the data, learnt once.

        The slip is learnt on backdated cuts of the data (tens of plans): once per context
        and calendar, never per scenario or slider move.
        """
        from ..forecasting.finish import calibrated_capacity

        return self._once("rates", calendar, lambda cal: calibrated_capacity(
            self.model, self.tasks, self.people, self.projects, as_of=self.as_of, calendar=cal,
            random_state=LEARNING_SEED))

    def matches(self, data, model, as_of, n_trials, random_state, correlation=None) -> bool:
        """Whether this context is the one :func:`context` would prepare for these arguments (``as_of=None``
        is the data's own date, not whichever date a cached run was given; a ``correlation`` given is the
        one used, one not given the one estimated)."""
        return (all(a is b for a, b in zip(tables(data), (self.tasks, self.projects, self.people, self.requests),
                                           strict=True))
                and (model is None or model is self.model)
                and (self._as_of_given is None if as_of is None else pd.Timestamp(as_of).normalize() == self.as_of)
                and int(n_trials) == self.n_trials and random_state == self.random_state
                and correlation is self._correlation_given)


def tables(data):
    """(tasks, projects, people, requests) from a Sample, a tuple or a dict."""
    if isinstance(data, dict):
        missing = [k for k in ("tasks", "projects", "people") if k not in data]
        if missing:
            raise ValueError(f"data: the dict lacks {', '.join(map(repr, missing))}; give tasks, projects, people (and requests)")
        out = data["tasks"], data["projects"], data["people"], data.get("requests")
    elif all(hasattr(data, k) for k in ("tasks", "projects", "people")):
        out = data.tasks, data.projects, data.people, getattr(data, "requests", None)
    elif isinstance(data, tuple | list) and len(data) in (3, 4):
        out = (*data, None)[:4]
    else:
        raise ValueError("data must be a Sample (load_sample()), a dict with tasks/projects/people/requests, "
                         "or a (tasks, projects, people, requests) tuple")
    # a tracker export comes without them: said, not an AttributeError from deep in the staffing changes
    none = [name for name, t in zip(("tasks", "projects", "people"), out, strict=False) if t is None]
    if none:
        raise ValueError(f"data: no {' and no '.join(none)} table; a scenario changes staffing and projects, so it needs "
                         "the tasks, projects and people tables (pmo-forecast init writes projects.csv and people.csv "
                         "from an export, to fill in)")
    return out


#: The tables a scenario runs on, in :func:`tables`' order.
TABLES = ("tasks", "projects", "people", "requests")


def data_fingerprint(*tables_) -> tuple[str, ...]:
    """Per table (tasks, projects, people, requests): a hash of its rows' keys (task ids, project ids, people,
    request ids: the schema's ``key``), in order; ``""`` for a table not given.

    Which data a run was on, cheaply (the id columns only): two exports, two data sets or two cuts of one
    have other rows; an edit of a row's values (a due date, an estimate) keeps its fingerprint.
    """
    import hashlib

    out = []
    for name, t in zip(TABLES, tables_, strict=True):
        if t is None:
            out.append("")
            continue
        key = S.SCHEMAS[name].key
        h = hashlib.sha1(f"{name}:{len(t)}".encode())
        if key in t.columns:
            h.update(pd.util.hash_pandas_object(t[key].astype(str), index=False).to_numpy().tobytes())
        out.append(h.hexdigest())
    return tuple(out)


_CACHE: list[WhatIfContext] = []


def context(data, model=None, as_of=None, n_trials=2000, random_state=0, correlation=None) -> WhatIfContext:
    """The prepared context for ``data`` (cached: the few most recent data sets)."""
    for ctx in _CACHE:
        if ctx.matches(data, model, as_of, n_trials, random_state, correlation):
            return ctx
    ctx = WhatIfContext(data, model, as_of, n_trials, random_state, correlation)
    _CACHE[:] = [ctx] + _CACHE[:2]
    return ctx


def clear_cache() -> None:
    """Forget prepared baselines (after changing a table in place, for example)."""
    _CACHE.clear()
