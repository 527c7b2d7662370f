"""The what-if engine: a scenario's changed tables -> effort, finish days, waiting, load.

What does not change between scenarios on the same data is prepared once and cached
(:class:`_Context`): the fitted accuracy model, the PM-pool queue fitted from the
request log, the overrun engine's correlation and scope-growth estimates, the model's
quantile rows per (task, assignee), and the random numbers, tied to each task, project
and person, so that two scenarios differ only through their changes (common random
numbers). Arrays are task-major, ``(n_tasks, n_trials)``, so summing a person's or a
project's tasks adds whole contiguous rows.
"""

from __future__ import annotations

import warnings
import zlib
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from . import schema as S
from .calendar import HOURS_PER_DAY, business_day_offsets
from .exceptions import SmallSampleWarning
from .staffing import AppliedScenario, _capacity_per_week, _unfinished, infer_as_of

if TYPE_CHECKING:
    from .scenario import Scenario

N_LEVELS = 200
#: Business days in a month, for approval gates per month of remaining work.
MONTH_DAYS = 21
#: Most approval gates simulated per project (two years of monthly gates).
MAX_GATES = 24
AT_RISK = 0.5
#: Open work of an overdue project is due within this many business days (as in workload()).
OVERDUE_DAYS = 20


def _seed(random_state, *keys) -> np.random.Generator:
    """A generator for one named stream (a project, person or added task block), so the
    draws of each thing are the same in every scenario: common random numbers."""
    base = 0 if random_state is None else int(random_state)
    return np.random.default_rng([base] + [zlib.crc32(str(k).encode()) for k in keys])


class _Context:
    """Everything that does not change between scenarios on the same data.

    The fitted model, the queue fitted from the request log, the correlation and
    scope-growth estimates, the model's quantile table per (task, assignee), and
    the random draws per task, project and person (common random numbers).
    """

    def __init__(self, data, model, as_of, n_trials, random_state):
        from .overrun import estimate_correlation, estimate_scope_growth

        self.tasks, self.projects, self.people, self.requests = _tables(data)
        self.as_of = infer_as_of(self.tasks) if as_of is None else pd.Timestamp(as_of).normalize()
        self.n_trials, self.random_state = int(n_trials), random_state
        if model is None:
            from .accuracy import EstimationAccuracyModel

            model = EstimationAccuracyModel(random_state=random_state).fit(self.tasks)
        self.model = model
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SmallSampleWarning)
            self.correlation = estimate_correlation(model, self.tasks, random_state=random_state)
            self.growth = estimate_scope_growth(self.tasks)
        self.growth_split = _growth_split_table(self.tasks)
        self.queue_fit = None
        if self.requests is not None and len(self.requests):
            from .queueing import fit_pool_queue

            self.queue_fit = fit_pool_queue(self.requests, self.people)
        # quantile-table rows, keyed by what the model reads
        self._row_index: dict = {}
        self._rows = np.empty((0, N_LEVELS))
        self._row_est = np.empty(0)
        # level draws for the baseline's open tasks in one block; added tasks get their own
        unf = self.tasks.loc[_unfinished(self.tasks)]
        self._level_col = {tid: i for i, tid in enumerate(unf[S.TASK_ID])}
        # task-major (n_tasks, n_trials): gathering and summing tasks then reads whole rows
        self._levels = _seed(random_state, "levels").integers(
            0, N_LEVELS, size=(len(unf), self.n_trials), dtype=np.uint8)
        self._streams: dict = {}
        self._x = _Rows(self.n_trials)
        self._pace = None  # estimate_pace, when a scenario asks for it
        self._index(unf)

    # a task's quantile row changes when its assignee does (project and type stay with the
    # task id; added projects get new ids) or, by scaling, with its estimate

    def _index(self, work: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        """Row index in the store for each task (computing missing rows), and the estimate scale."""
        who = work[S.ASSIGNEE].to_numpy(object) if S.ASSIGNEE in work else np.full(len(work), None)
        keys = list(zip(work[S.TASK_ID].to_numpy(object), who, strict=True))
        missing = [i for i, k in enumerate(keys) if k not in self._row_index]
        if missing:
            sub = work.iloc[missing]
            q = np.sort(np.asarray(self.model.quantile_table(sub, n_levels=N_LEVELS), dtype=float), axis=1)
            x = np.take_along_axis(q, self.levels_for(sub[S.TASK_ID].to_numpy(object)), axis=1)
            start = len(self._row_est)
            self._rows = np.vstack([self._rows, q])
            self._row_est = np.append(self._row_est, sub[S.ESTIMATE].to_numpy(float))
            self._x.extend(x)
            for j, i in enumerate(missing):
                self._row_index[keys[i]] = start + j
        idx = np.fromiter((self._row_index[k] for k in keys), dtype=np.int64, count=len(keys))
        scale = work[S.ESTIMATE].to_numpy(float) / self._row_est[idx]
        return idx, np.where(np.isfinite(scale), scale, 1.0)

    def pace_for(self, names) -> np.ndarray:
        """Delivered share of stated capacity per person (``estimate_pace`` on the baseline
        data, computed once); people it has not seen (hires) get the pool's."""
        if self._pace is None:
            from .pace import estimate_pace

            with warnings.catch_warnings():
                warnings.simplefilter("ignore", SmallSampleWarning)
                self._pace = estimate_pace(self.tasks, self.people, as_of=self.as_of)
        return self._pace.reindex(pd.Index(names, dtype=object).astype(str)).fillna(
            self._pace.attrs["pool"]).to_numpy(float)

    def rows_for(self, work: pd.DataFrame) -> np.ndarray:
        """Quantile-table rows (n, N_LEVELS) for ``work``, computed once per (task, assignee)
        and scaled by the estimate's change (demand growth scales work of the same kind)."""
        idx, scale = self._index(work)
        return self._rows[idx] * scale[:, None]

    def draws_for(self, work: pd.DataFrame) -> np.ndarray:
        """Remaining-hours draws (n, n_trials) for ``work``: each task's quantile row at its
        own cached levels, so a task keeps its draws across scenarios (common random numbers)."""
        idx, scale = self._index(work)
        x = self._x.take(idx)
        if not np.all(scale == 1.0):
            x *= scale[:, None].astype(np.float32)
        return x

    def levels_for(self, task_ids) -> np.ndarray:
        """Level indices (n, n_trials) for each task: the baseline block, or a stream per new task."""
        task_ids = list(task_ids)
        rows = np.array([self._level_col.get(t, -1) for t in task_ids], dtype=np.int64)
        out = self._levels[np.maximum(rows, 0)]
        for j in np.flatnonzero(rows < 0):
            out[j] = self.stream(("level", task_ids[j]), "integers")
        return out

    def stream(self, key, kind: str = "normal", size: int = 1) -> np.ndarray:
        """Cached draws (n_trials, size) for one named thing (project, person, task)."""
        k = (key, kind, size)
        if k not in self._streams:
            rng = _seed(self.random_state, *np.atleast_1d(key))
            shape = (self.n_trials, size)
            draw = {"normal": lambda: rng.standard_normal(shape),
                    "exponential": lambda: rng.standard_exponential(shape),
                    "integers": lambda: rng.integers(0, N_LEVELS, size=shape, dtype=np.uint8)}[kind]()
            self._streams[k] = draw[:, 0] if kind == "integers" else draw
        return self._streams[k]

    def matches(self, data, model, as_of, n_trials, random_state) -> bool:
        tables = _tables(data)
        return (all(a is b for a, b in zip(tables, (self.tasks, self.projects, self.people, self.requests),
                                           strict=True))
                and (model is None or model is self.model)
                and (as_of is None or pd.Timestamp(as_of).normalize() == self.as_of)
                and int(n_trials) == self.n_trials and random_state == self.random_state)


class _Rows:
    """A growable (rows, width) array of hours, appended to rarely, gathered from often.

    float32: hours need no more than 7 digits, and it halves the memory of the draws.
    """

    def __init__(self, width: int):
        self._a = np.empty((0, width), dtype=np.float32)
        self._n = 0

    def extend(self, rows: np.ndarray) -> None:
        if self._n + len(rows) > len(self._a):
            size = max(int(1.25 * len(self._a)), self._n + len(rows))
            grown = np.empty((size, self._a.shape[1]), dtype=np.float32)
            grown[:self._n] = self._a[:self._n]
            self._a = grown
        self._a[self._n:self._n + len(rows)] = rows
        self._n += len(rows)

    def take(self, idx: np.ndarray) -> np.ndarray:
        return self._a.take(idx, axis=0)


def _tables(data):
    """(tasks, projects, people, requests) from a Sample, a tuple or a dict."""
    if isinstance(data, dict):
        missing = [k for k in ("tasks", "projects", "people") if k not in data]
        if missing:
            raise ValueError(f"data: the dict lacks {missing}; give tasks, projects, people (and requests)")
        return data["tasks"], data["projects"], data["people"], data.get("requests")
    if all(hasattr(data, k) for k in ("tasks", "projects", "people")):
        return data.tasks, data.projects, data.people, getattr(data, "requests", None)
    if isinstance(data, tuple | list) and len(data) in (3, 4):
        return (*data, None)[:4]
    raise ValueError("data must be a Sample (load_sample()), a dict with tasks/projects/people/requests, "
                     "or a (tasks, projects, people, requests) tuple")


def _growth_split_table(tasks: pd.DataFrame) -> pd.DataFrame:
    from .overrun import _growth_split

    return _growth_split(tasks)


_CACHE: list[_Context] = []


def _context(data, model, as_of, n_trials, random_state) -> _Context:
    for ctx in _CACHE:
        if ctx.matches(data, model, as_of, n_trials, random_state):
            return ctx
    ctx = _Context(data, model, as_of, n_trials, random_state)
    _CACHE[:] = [ctx] + _CACHE[:2]  # the few most recent data sets
    return ctx


def clear_cache() -> None:
    """Forget prepared baselines (after changing a table in place, for example)."""
    _CACHE.clear()


def _pool_queues(ctx: _Context, applied: AppliedScenario, dates) -> list:
    """The PM pool under the scenario on each of ``dates`` (empty without a request log)."""
    if ctx.queue_fit is None:
        return []
    base = ctx.queue_fit.queue
    servers = applied.pm_count(dates)
    if (servers < 1).any():
        at = pd.DatetimeIndex(dates)[np.argmax(servers < 1)]
        raise ValueError(f"the scenario leaves no project manager (role {S.PM_ROLE!r}) on {at.date()}; "
                         "the PM pool cannot serve requests")
    rate = base.arrival_rate * applied.arrival_scale
    avail = applied.approval_share or base.availability
    pools = {c: base.with_(servers=int(c), arrival_rate=rate, availability=avail) for c in set(servers)}
    return [pools[c] for c in servers]


def _gate_waits_days(queue, e: np.ndarray, gate_hours: np.ndarray) -> np.ndarray:
    """Working days each approval gate waits, from standard exponential draws ``e``.

    M/M/c: ``P(W > t) = C exp(-drain t)``, so ``W = max(0, e + log C) / drain`` with ``e``
    standard exponential. When the pool is overloaded the backlog grows, and a gate
    ``gate_hours`` from now waits ``(utilisation - 1) x gate_hours`` (fluid approximation).
    """
    if queue.stable:
        drain = queue.servers * queue.service_rate - queue.arrival_rate
        c = queue.prob_wait
        if c <= 0:
            return np.zeros_like(e)
        return np.maximum(e + np.log(c), 0.0) / (drain * HOURS_PER_DAY)
    return np.broadcast_to((queue.utilisation - 1.0) * gate_hours / HOURS_PER_DAY, e.shape).copy()


def _simulate(ctx: _Context, sc: Scenario, applied: AppliedScenario, gates_per_month: float):
    """Effort and finish-day draws per project, arrays (n_trials, n_projects).

    Works task-major: draws are (n_tasks, n_trials) so that summing a person's or a
    project's tasks adds whole contiguous rows.
    """
    t = applied.tasks
    people = applied.people
    live = _unfinished(t) & ~t[S.PROJECT_ID].isin(applied.on_hold).to_numpy()
    work = t.loc[live]
    pids = np.array(sorted(set(work[S.PROJECT_ID])), dtype=object)
    n, m, k = ctx.n_trials, len(work), len(pids)
    proj_code = pd.Index(pids).get_indexer(work[S.PROJECT_ID].to_numpy(object))
    est = work[S.ESTIMATE].to_numpy(float)
    booked = work[S.ACTUAL].fillna(0.0).clip(lower=0).to_numpy(float)

    # who does what, in which order (the finish engine's plan, forecast_finish_dates): each
    # person works through their own tasks, in progress first, then in table order, with
    # their capacity share of each project's pool right after their own work on it (or at
    # the end when they have none; the pool is work with no assignee, or one who has
    # left or is not in the people table, and scope still to come), split across the
    # project's team (people still here who worked on it; everyone when nobody did)
    p = people.drop_duplicates(S.PERSON)
    names = p[S.PERSON].astype(object).to_numpy()
    per_day = (_capacity_per_week(p) / 5.0).to_numpy()
    per_day = per_day * (ctx.pace_for(names) if sc.pace == "auto" else sc.pace)
    start_day = np.where(p[S.START].isna(), 0,
                         np.maximum(0, business_day_offsets(p[S.START].fillna(ctx.as_of), ctx.as_of)))
    here = (p[S.END].isna() | (p[S.END] > ctx.as_of)).to_numpy()
    code = pd.Index(names).get_indexer(work[S.ASSIGNEE].astype(object).where(work[S.ASSIGNEE].notna(), None))
    own = (code >= 0) & here[np.maximum(code, 0)]
    in_prog = (work[S.STATUS] == S.IN_PROGRESS).to_numpy()
    own_idx = np.flatnonzero(own)
    own_idx = own_idx[np.lexsort((own_idx, ~in_prog[own_idx], code[own_idx]))]
    pool_idx = np.flatnonzero(~own)
    pool_idx = pool_idx[np.argsort(proj_code[pool_idx], kind="stable")]
    order = np.r_[own_idx, pool_idx].astype(np.int64)
    n_own = len(own_idx)
    pc, pj = code[own_idx], proj_code[own_idx]
    cell = np.flatnonzero(np.r_[True, (pc[1:] != pc[:-1]) | (pj[1:] != pj[:-1])]) if n_own else np.zeros(0, int)
    cell_p, cell_j = pc[cell], pj[cell]
    ppj = proj_code[pool_idx]
    pool_run = np.flatnonzero(np.r_[True, ppj[1:] != ppj[:-1]]) if len(pool_idx) else np.zeros(0, int)

    # remaining effort per task: resampled model quantiles, common random numbers per task
    if sc.bias_correction and m:
        sorted_work = work.iloc[order]
        q = ctx.rows_for(sorted_work)
        p50_hours = np.empty(m)  # the model's P50, the demand workload() shows
        p50_hours[order] = 0.5 * (q[:, N_LEVELS // 2 - 1] + q[:, N_LEVELS // 2])
        x = ctx.draws_for(sorted_work)
        if booked.any():
            np.maximum(x, booked[order][:, None], out=x)
    else:
        p50_hours = np.maximum(est, booked)
        q, x = None, np.broadcast_to(p50_hours[order][:, None], (m, n))
    cells = np.add.reduceat(x[:n_own], cell, axis=0, dtype=np.float64) if n_own else np.zeros((0, n))
    pooled = np.zeros((k, n))
    if len(pool_idx):
        pooled[ppj[pool_run]] = np.add.reduceat(x[n_own:], pool_run, axis=0, dtype=np.float64)
    if q is not None:
        # shared surprises: one factor per project and per person on their sub-totals
        for name in ("project", "person"):
            icc = ctx.correlation.get(name, 0.0)
            if icc <= 0:
                continue
            from .overrun import _factor_sigma

            labels = pids if name == "project" else names
            groups = proj_code[order] if name == "project" else np.r_[pc, np.full(len(pool_idx), -1)]
            ok = groups >= 0
            sig = np.zeros(len(labels))
            sig[:] = _factor_sigma(q[ok], groups[ok], len(labels), icc)
            z = np.stack([ctx.stream((name, lab))[:, 0] for lab in labels])
            f = np.exp(sig[:, None] * z - 0.5 * sig[:, None] ** 2)
            cells *= f[cell_j if name == "project" else cell_p]
            if name == "project":
                pooled *= f
    cell_onehot = np.zeros((len(cell), k))
    cell_onehot[np.arange(len(cell)), cell_j] = 1.0
    open_tot = (cell_onehot.T @ cells).T + pooled.T           # (n, k)
    open_est = np.bincount(proj_code, weights=est, minlength=k)

    # scope still to come: drawn per project around the historical rate (the overrun engine's
    # method), scaled by demand growth, costed at the trial's own actual-to-estimate ratio
    split = ctx.growth_split.reindex(pids).fillna(0.0)
    new = ~np.isin(pids, ctx.growth_split.index)
    initial = np.where(new, open_est, split["initial"].to_numpy(float))
    seen = np.where(new, 0.0, split["added"].to_numpy(float))
    growth = np.zeros((n, k))
    if sc.bias_correction and ctx.growth["rate"] > 0 and k:
        s2 = np.log1p(ctx.growth["cv"] ** 2)
        z = np.column_stack([ctx.stream(("growth", p_))[:, 0] for p_ in pids])
        rate = ctx.growth["rate"] * np.exp(np.sqrt(s2) * z - 0.5 * s2)
        growth = np.maximum(0.0, initial * rate * sc.demand_growth - seen) * (open_est > 0)
        growth *= open_tot / np.maximum(open_est, 1e-12)
    done = t.loc[~live & t[S.PROJECT_ID].isin(pids).to_numpy()]
    spent = done[S.ACTUAL].fillna(0.0).clip(lower=0).groupby(done[S.PROJECT_ID]).sum()
    effort = spent.reindex(pids).fillna(0.0).to_numpy() + open_tot + growth

    # the pool shares: capacity-weighted over each project's team
    pooled += growth.T
    has_pool = pooled.any(axis=1)
    hist = t[[S.PROJECT_ID, S.ASSIGNEE]].dropna()
    hp = pd.Index(pids).get_indexer(hist[S.PROJECT_ID].astype(object))
    hc = pd.Index(names).get_indexer(hist[S.ASSIGNEE].astype(object))
    team = np.zeros((k, len(names)), bool)
    team[hp[(hp >= 0) & (hc >= 0)], hc[(hp >= 0) & (hc >= 0)]] = True
    team &= here[None, :]
    team[~team.any(axis=1)] = here
    share = team * per_day[None, :] * has_pool[:, None]
    share /= np.maximum(share.sum(axis=1, keepdims=True), 1e-12)
    sj, sp = np.nonzero(share > 0)
    all_p = np.r_[cell_p, sp]
    all_j = np.r_[cell_j, sj]
    kind = np.r_[np.zeros(len(cell_p)), np.ones(len(sp))]
    values = np.concatenate([cells, pooled[sj] * share[sj, sp][:, None]])
    # a pool share comes right after the person's last own work on that project, else last
    cell_pos = np.arange(len(cell_p), dtype=float)
    pool_pos = np.full(len(sp), np.inf)
    if len(cell_p) and len(sp):
        last_cell = pd.Series(cell_pos).groupby([cell_p, cell_j]).max()
        found = last_cell.reindex(pd.MultiIndex.from_arrays([sp, sj])).to_numpy() + 0.5
        pool_pos = np.where(np.isnan(found), np.inf, found)
    by_person = np.lexsort((np.r_[cell_pos, pool_pos], all_p))
    all_p, all_j, values, kind = all_p[by_person], all_j[by_person], values[by_person], kind[by_person]

    # finish: a person's queue runs at their capacity from their start; a project is done
    # for that person at the end of their last piece of it (an empty pool share is no work)
    head = np.flatnonzero(np.r_[True, all_p[1:] != all_p[:-1]]) if len(all_p) else np.zeros(0, int)
    cum = np.cumsum(values, axis=0)
    head_of = head[np.searchsorted(head, np.arange(len(all_p)), side="right") - 1]
    prior = np.where((head_of > 0)[:, None], cum[np.maximum(head_of - 1, 0)], 0.0)
    piece_days = (cum - prior) / np.maximum(per_day[all_p], 1e-9)[:, None] + start_day[all_p][:, None]
    piece_days = np.where((kind == 1)[:, None] & (values <= 0), 0.0, piece_days)
    days = np.zeros((k, n))
    if len(all_p):
        by_proj = np.argsort(all_j, kind="stable")
        runs = np.flatnonzero(np.r_[True, np.diff(all_j[by_proj]) != 0])
        days[all_j[by_proj][runs]] = np.maximum.reduceat(piece_days[by_proj], runs, axis=0)
    days = days.T

    # waiting: every month of remaining work passes an approval gate that waits in the PM pool
    settle = max([ctx.as_of] + sc.change_dates())
    queue = (_pool_queues(ctx, applied, [settle]) or [None])[0]
    if queue is not None and gates_per_month > 0 and k:
        e = np.stack([ctx.stream(("gates", p), "exponential", MAX_GATES) for p in pids], axis=1)
        gate_at = (np.arange(1, MAX_GATES + 1) * MONTH_DAYS / gates_per_month) * HOURS_PER_DAY
        w = np.cumsum(_gate_waits_days(queue, e, gate_at), axis=2)
        g = np.clip(np.floor(days * gates_per_month / MONTH_DAYS).astype(int), 0, MAX_GATES)
        days += np.where(g > 0, np.take_along_axis(w, np.maximum(g - 1, 0)[..., None], axis=2)[..., 0], 0.0)
    return pids, effort, days, queue, work, p50_hours


def _utilisation(ctx: _Context, applied: AppliedScenario, work, who, hours, horizon_weeks: int):
    """Hours demanded per role and week over capacity: the rule of :func:`pmo_forecast.workload`.

    Each open task's hours (the model's P50, or the raw estimate without bias correction)
    are spread evenly over the business days from now (or its project's start) to its
    project's due date; work of overdue projects over the next ``OVERDUE_DAYS``. Capacity
    is ``hours_per_week x availability / 5`` per business day employed. Only the forecast
    (from ``as_of``) is counted, so the first week is partial on both sides.
    """
    monday = ctx.as_of - pd.Timedelta(days=ctx.as_of.weekday())
    weeks = pd.date_range(monday, periods=horizon_weeks + 1, freq="7D")
    edge = np.maximum(business_day_offsets(weeks, ctx.as_of), 0)      # week w: [edge[w], edge[w+1])
    proj = applied.projects.drop_duplicates(S.PROJECT_ID).set_index(S.PROJECT_ID)
    pid = work[S.PROJECT_ID].to_numpy(object)
    lo = np.maximum(business_day_offsets(proj[S.START].reindex(pid).fillna(ctx.as_of), ctx.as_of), 0)
    due = proj[S.DUE].reindex(pid)
    p = applied.people
    # nobody works before they start: a hire's tasks are spread from the hire's first day
    joins = p.drop_duplicates(S.PERSON).set_index(S.PERSON)[S.START].reindex(pd.Series(who, dtype=object))
    lo = np.maximum(lo, business_day_offsets(joins.fillna(ctx.as_of), ctx.as_of))
    hi = business_day_offsets(due.fillna(ctx.as_of), ctx.as_of) + 1
    hi = np.where(due.isna().to_numpy() | (hi <= lo), lo + OVERDUE_DAYS, hi)

    def overlap(a, b):  # business days of [a, b) in each week, (len(a), weeks)
        return np.clip(np.minimum(b[:, None], edge[None, 1:]) - np.maximum(a[:, None], edge[None, :-1]), 0, None)

    role_of = p.set_index(S.PERSON)[S.ROLE]
    names = sorted(set(p[S.ROLE].dropna()))
    code = pd.Index(names).get_indexer(pd.Series(who).map(role_of).to_numpy(object))
    demand = np.zeros((len(names), horizon_weeks))
    ok = code >= 0
    np.add.at(demand, code[ok], (overlap(lo, hi) * (hours / (hi - lo))[:, None])[ok])
    far = np.int64(10**6)
    p_lo = np.maximum(business_day_offsets(p[S.START].fillna(ctx.as_of), ctx.as_of), 0)
    p_hi = np.where(p[S.END].isna(), far, business_day_offsets(p[S.END].fillna(ctx.as_of), ctx.as_of))
    cap = np.zeros((len(names), horizon_weeks))
    pcode = pd.Index(names).get_indexer(p[S.ROLE].to_numpy(object))
    per_day = (_capacity_per_week(p) / 5.0).to_numpy()
    np.add.at(cap, pcode[pcode >= 0], (overlap(p_lo, p_hi) * per_day[:, None])[pcode >= 0])
    with np.errstate(divide="ignore", invalid="ignore"):
        util = np.where(cap > 0, demand / cap, np.where(demand > 0, np.inf, np.nan))
    frame = lambda a: pd.DataFrame(a.T, index=pd.Index(weeks[:-1], name="week"), columns=names)  # noqa: E731
    return frame(util), frame(demand), frame(cap)
