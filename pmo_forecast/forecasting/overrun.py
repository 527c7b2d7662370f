"""Monte Carlo effort at completion for open work, per task, project and portfolio.

Each open task's effort is drawn by resampling the accuracy model's quantile
table (integer indices into ``(n_tasks, n_levels)``: the fastest draw there is).
Overruns within a project are correlated (one team, one misunderstood scope),
so per-task independent draws make project totals far too narrow. The shared
part is added as multiplicative factors, log-normal with mean one: one per
(trial, person) on that person's task draws, one per (trial, project) on the
project's total. Their spread
is estimated from history (see :func:`estimate_correlation`). Scope still to
be added is drawn per (trial, project) from the growth observed on completed
projects (see :func:`estimate_scope_growth`).

Nothing here imports statsmodels or scikit-learn: a cold forecast starts fast.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.exceptions import DataQualityWarning, SmallSampleWarning
from ..core.labels import estimate_unit, estimates_named
from ..core.results import Result, probability_bars
from ..estimation.features import SPREAD_MIN_TASKS, n_misses
from .growth import Growth, estimate_scope_growth, growth_draw, growth_for
from .plan import LEARNING_SEED, RandomNumbers, likely, queue_order, random_numbers, trial_count
from .rewind import known_since, tasks_as_of

# estimate_scope_growth (.growth) and tasks_as_of (.rewind) lived here: still imported from here
__all__ = ["OverrunForecast", "forecast_overruns", "estimate_correlation", "estimate_scope_growth", "tasks_as_of",
           "known_since", "projects_without_estimates", "fill_estimates", "zero_point_stories", "booked_hours",
           "hours_to_do", "table_quantile",
           "setup_simulation", "simulate_effort", "draws_for", "canonical_order", "project_icc", "N_LEVELS",
           "QUANTILES", "CHUNK_CELLS", "SURE_LEVEL", "SCALES"]

N_LEVELS = 200
QUANTILES = (0.5, 0.8, 0.9)
#: Draw cells (trials x tasks) per chunk: about 4 MB of float64, cache friendly.
CHUNK_CELLS = 500_000


def _normal_ppf(u):
    from scipy.special import ndtri  # scipy only, never statsmodels/sklearn

    return ndtri(u)


# --- history: correlation and scope growth ---------------------------------------------
def canonical_order(tasks: pd.DataFrame) -> np.ndarray:
    """Positions that put ``tasks`` in one order whatever the order of the table's rows:
    by task id, then project (repeated ids), then the row's values. Random numbers handed
    out row by row then do not depend on how the export happened to be sorted."""
    keys = [tasks[c].astype(str).to_numpy(object) for c in (S.TASK_ID, S.PROJECT_ID) if c in tasks]
    try:
        rest = pd.util.hash_pandas_object(tasks, index=False).to_numpy()
    except TypeError:  # an unhashable cell (a list): ids alone
        rest = np.zeros(len(tasks), dtype=np.uint64)
    return np.lexsort([rest] + keys[::-1]) if keys else np.argsort(rest, kind="stable")


def _icc(z: np.ndarray, groups: np.ndarray, min_size: int = 5) -> float:
    """Intra-class correlation of ``z`` within ``groups`` (one-way ANOVA, method of moments)."""
    df = pd.DataFrame({"z": z, "g": groups}).dropna()
    size = df.groupby("g")["z"].transform("size")
    df = df[size >= min_size]
    if df["g"].nunique() < 3:
        return 0.0
    g = df.groupby("g")["z"]
    n_j, m_j = g.size().to_numpy(float), g.mean().to_numpy()
    k, n = len(n_j), n_j.sum()
    msb = np.sum(n_j * (m_j - df["z"].mean()) ** 2) / (k - 1)
    msw = np.sum((df["z"] - g.transform("mean")) ** 2) / (n - k)
    n0 = (n - np.sum(n_j**2) / n) / (k - 1)
    var_b = max(0.0, (msb - msw) / n0)
    return float(min(0.9, var_b / (var_b + msw)))


def project_icc(base: float, floor: float, n_done) -> np.ndarray:
    """Correlation left among a project's open tasks once ``n_done`` of its tasks are known.

    A project effect with prior share ``base`` of the (normal-scored) variance is learnt
    from the project's finished tasks: its posterior variance is
    ``base (1 - base) / (n base + 1 - base)``. ``floor`` is a part no model learns.
    """
    n = np.asarray(n_done, dtype=float)
    return floor + base * (1 - base) / np.maximum(n * base + 1 - base, 1e-12)


def _fit_project_icc(zbar: np.ndarray, m: np.ndarray, n_done: np.ndarray) -> tuple[float, float]:
    """Maximum likelihood (grid) of ``project_icc``'s base and floor from group means of z."""
    best, arg = np.inf, (0.0, 0.0)
    for base in np.linspace(0, 0.6, 61):
        for floor in np.linspace(0, 0.2, 41):
            r = project_icc(base, floor, n_done)
            v = r + (1 - r) / m
            nll = np.sum(np.log(v) + zbar**2 / v)
            if nll < best:
                best, arg = nll, (float(base), float(floor))
    return arg


def estimate_correlation(model, tasks: pd.DataFrame, random_state=None, method: str = "auto",
                         cuts=(0.5, 0.6, 0.7, 0.8, 0.9), copies=None) -> dict:
    """How much of a task's surprise its project and its person share, learnt from history.

    Parameters
    ----------
    model : fitted accuracy model (needs ``pit``; ``get_params`` and ``fit`` for backdating)
    tasks : canonical task table; finished tasks with estimate and actual > 0 are used.
    random_state : int, Generator or None
        For the randomised PIT.
    method : {"auto", "backdate", "in_sample"}
        ``"backdate"`` refits a copy of the model on the tasks finished before each cut
        date and scores the later tasks of the projects then running: the surprise left
        once the model has seen a project's early tasks, which is what open work faces.
        ``"in_sample"`` scores the finished tasks under ``model`` itself (fast, but a model
        with project effects has absorbed most of the shared part). ``"auto"`` backdates
        when the model can be copied (scikit-learn ``get_params``), else in sample.
    cuts : tuple of float
        Cut dates for backdating, as quantiles of the finish dates.
    copies : FittedCopies, optional
        Where the backdated copies are fitted
        (:class:`pmo_forecast.estimation.refit.FittedCopies`): a copy already fitted on the
        same rows (the backtest's, whose split is the 70% cut) is reused, the same numbers
        without the second fit. Default: every copy is fitted here.

    Returns
    -------
    dict
        ``project`` (correlation for a project with no finished task yet), ``project_floor``
        (the part that stays however many are finished), ``project_scale`` (multiplier
        chosen so that backdated project totals are calibrated), ``person`` (by assignee),
        ``in_progress_pit`` (PITs of tasks that were in progress at a cut: they run long,
        and the forecast resamples these levels for in-progress work; empty in sample),
        ``method`` and ``fallback`` (empty, or why a better method could not be used: shown
        in the pack's Assumptions).

    Notes
    -----
    Under a calibrated model ``z = Phi^-1(PIT)`` is standard normal per task; a shared
    effect makes the z of one project's tasks correlated. By project, the correlation is
    modelled as :func:`project_icc` of the number of the project's tasks finished at the cut
    and fitted by maximum likelihood on the projects' mean z; then one scale on it is chosen
    so that the PITs of backdated project totals (what the forecast must get right) are
    closest to uniform. By person, the intra-class correlation is estimated by one-way ANOVA.
    """
    if method not in ("auto", "backdate", "in_sample"):
        raise ValueError(f"method must be 'auto', 'backdate' or 'in_sample', not {method!r}")
    rng = np.random.default_rng(random_state)
    out = {"project": 0.0, "project_floor": 0.0, "project_scale": 1.0, "person": 0.0,
           "in_progress_pit": np.zeros(0)}
    done = tasks[S.finished_with_actuals(tasks)]
    if len(done) < 30:
        note = (f"only {len(done)} finished tasks with estimate and actual: overruns are treated as "
                "independent between tasks")
        warnings.warn(note, SmallSampleWarning, stacklevel=3)
        return {**out, "method": "none", "fallback": note}
    can_copy = hasattr(model, "get_params") and hasattr(model, "fit") and S.FINISHED in done
    fallback = "" if method == "in_sample" else (
        "measured in sample: backdating needs a model with get_params and fit, finish dates and "
        f"300 finished tasks (there are {len(done)})")
    if method == "backdate" or (method == "auto" and can_copy and len(done) >= 300):
        if copies is None:
            from ..estimation.refit import FittedCopies

            copies = FittedCopies(model)
        found = _backdated_z(copies, tasks, done, cuts, rng)
        fallback = (f"measured in sample: no cut date had 100 tasks finished before it ({SPREAD_MIN_TASKS} of them "
                    "with an actual different from their estimate) and 30 of the projects then running finished "
                    "after it")
        if found is None and method == "backdate":
            warnings.warn(f"estimate_correlation: {fallback}", SmallSampleWarning, stacklevel=3)
        if found is not None:
            z, cut, proj, who, n_done, ip, fits = found
            z = z - pd.Series(z).groupby(cut).transform("mean").to_numpy()  # common drift aside
            g = pd.DataFrame({"z": z, "g": [f"{c}|{p}" for c, p in zip(cut, proj, strict=True)], "n": n_done})
            agg = g.groupby("g").agg(zbar=("z", "mean"), m=("z", "size"), n=("n", "first"))
            base, floor = _fit_project_icc(agg["zbar"].to_numpy(), agg["m"].to_numpy(float),
                                           agg["n"].to_numpy(float))
            person = _icc(z, np.array([f"{c}|{w}" for c, w in zip(cut, who, strict=True)], dtype=object))
            scale, note = _calibrate_scale(fits, done, base, floor, ip, rng)
            return {"project": base, "project_floor": floor, "project_scale": scale, "person": person,
                    "in_progress_pit": ip, "method": "backdate", "fallback": note}
    done = done.iloc[canonical_order(done)]  # the PIT's random ties drawn in one order
    pit = np.asarray(model.pit(done, random_state=rng), dtype=float)
    z = _normal_ppf(np.clip(pit, 1e-6, 1 - 1e-6))
    who = done[S.ASSIGNEE].astype(str).to_numpy(object) if S.ASSIGNEE in done else np.zeros(len(done))
    return {**out, "project": _icc(z, done[S.PROJECT_ID].astype(str).to_numpy(object)),
            "person": _icc(z, who), "method": "in_sample", "fallback": fallback}


def _backdated_z(copies, tasks, done, cuts, rng):
    """Normal scores of tasks finished after each cut, under a copy fitted before it."""
    zs, cut_k, proj, who, n_done, ip, fits = [], [], [], [], [], [], []
    fin = done[S.FINISHED]
    known = known_since(tasks)
    for k, cut in enumerate(fin.quantile(list(cuts))):
        train = done[fin <= cut]
        running = set(tasks.loc[(known <= cut).to_numpy(bool), S.PROJECT_ID])
        test = done[(fin > cut) & done[S.PROJECT_ID].isin(running)]
        # a cut before which every task was booked on its estimate teaches no spread: no copy fits there
        if len(train) < 100 or len(test) < 30 or n_misses(train)[-1] < SPREAD_MIN_TASKS:
            continue
        test = test.iloc[canonical_order(test)]  # the PIT's random ties drawn in one order
        with warnings.catch_warnings():  # small folds: the full fit reports its own data
            warnings.simplefilter("ignore", SmallSampleWarning)
            warnings.simplefilter("ignore", DataQualityWarning)
            m = copies.fit(train)
        pit = np.asarray(m.pit(test, random_state=rng), dtype=float)
        fits.append((m, cut))
        zs.append(_normal_ppf(np.clip(pit, 1e-6, 1 - 1e-6)))
        cut_k.append(np.full(len(test), k))
        proj.append(test[S.PROJECT_ID].astype(str).to_numpy(object))
        who.append(test[S.ASSIGNEE].astype(str).to_numpy(object) if S.ASSIGNEE in test
                   else np.full(len(test), "", dtype=object))
        n_done.append(test[S.PROJECT_ID].map(train[S.PROJECT_ID].value_counts()).fillna(0).to_numpy(float))
        if S.STARTED in test:
            ip.append(pit[(test[S.STARTED] <= cut).fillna(False).to_numpy(bool)])
    if not zs:
        return None
    return (np.concatenate(zs), np.concatenate(cut_k), np.concatenate(proj), np.concatenate(who),
            np.concatenate(n_done), np.concatenate(ip) if ip else np.zeros(0), fits)


SCALES = (0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0)


def _scaled_icc(icc, scale: float) -> np.ndarray:
    return np.clip(scale * np.maximum(icc, 0.005), 0.0, 0.9) if scale != 1 else np.asarray(icc, dtype=float)


def _calibrate_scale(fits, done, base, floor, ip_pit, rng, n_trials=300) -> tuple[float, str]:
    """Scale of the project correlation under which backdated project totals are calibrated.

    For each cut, the work open then (and finished since) is forecast with the copy fitted
    before the cut, for each scale in ``SCALES`` (same random numbers). Over all the
    projects then running, the realised totals' PITs should be uniform: the scale whose
    PITs are closest (Cramer-von Mises distance) wins, the smaller scale on a tie.
    Calibration, not a proper score, is the target: the work finished since a cut is cut
    short by the end of the data, which makes a sharp, too narrow spread look best.
    Returns the scale and, when it could not be chosen (1 is used), why.
    """
    done = done.reset_index(drop=True)  # one label per row (the caller's index may repeat)
    if not {S.CREATED, S.STARTED}.issubset(done.columns):
        return 1.0, "correlation scale 1: calibrating it needs 'created' and 'started' dates"
    pits = [[] for _ in SCALES]
    for m, cut in fits:
        past = tasks_as_of(done, cut)
        with warnings.catch_warnings():  # the forecast itself reports its data's problems
            warnings.simplefilter("ignore", SmallSampleWarning)
            warnings.simplefilter("ignore", DataQualityWarning)
            work = _prepare(m, past, None, 100)
        live = work.open_est > 0
        if live.sum() < 2:
            continue
        _remap_in_progress(work, ip_pit)
        real = past.index[past[S.STATUS].isin(S.UNFINISHED_STATUSES)]  # rows, not ids: ids can repeat
        realised = done.loc[real, S.ACTUAL].groupby(past.loc[real, S.PROJECT_ID].to_numpy()).sum()
        r = realised.reindex(work.project_ids[live]).to_numpy(float)
        rn = RandomNumbers(int(rng.integers(2**31)), n_trials)
        icc = project_icc(base, floor, work.n_done)
        for i, scale in enumerate(SCALES):
            sig = _factor_sigma(work.q, work.proj_code, len(work.project_ids), _scaled_icc(icc, scale))
            sims = np.hstack([t for t, _, _ in simulate_effort(rn, work, n_trials, sig,
                                                             np.zeros(len(work.persons)), None)])
            pits[i].append((sims[live] < r[:, None]).mean(axis=1) + 0.5 * (sims[live] == r[:, None]).mean(axis=1))
    if not pits[0] or sum(len(p) for p in pits[0]) < 10:
        return 1.0, "correlation scale 1: fewer than 10 backdated project totals to calibrate it on"
    levels = (np.arange(20) + 0.5) / 20
    score = [np.mean(((np.concatenate(p)[:, None] <= levels).mean(axis=0) - levels) ** 2) for p in pits]
    return float(SCALES[int(np.argmin(score))]), ""


def _remap_in_progress(work, ip_pit) -> None:
    """In-progress work runs long: draw it at the levels that held for such work before."""
    if len(ip_pit) < 30:
        return
    n_levels = work.q.shape[1]
    u = np.quantile(ip_pit, (np.arange(n_levels) + 0.5) / n_levels)
    work.ip_map = np.clip((u * n_levels).astype(np.int64), 0, n_levels - 1).astype(np.uint16)
    # work with hours booked is drawn conditional on them instead (see _prepare)
    work.ip_cols = np.flatnonzero((work.tasks[S.STATUS] == S.IN_PROGRESS).to_numpy(bool) & (work.booked <= 0))


# --- preparing the open work ---------------------------------------------------------------
@dataclass
class _OpenWork:
    """Open tasks sorted by (project, person), with their quantile tables and groupings."""

    tasks: pd.DataFrame          # the open tasks, sorted
    row: np.ndarray              # position of each among the open tasks in the input order
    q: np.ndarray                # (n_open, n_levels) actual hours at levels (k + 0.5) / n_levels
    booked: np.ndarray           # hours already booked on each open task
    project_ids: np.ndarray      # (n_projects,)
    proj_code: np.ndarray        # (n_open,) index into project_ids
    persons: np.ndarray          # person names (code -> name); "" for unassigned
    person_code: np.ndarray      # (n_open,) index into persons
    spent: np.ndarray            # (n_projects,) hours booked on finished and cancelled tasks
    open_est: np.ndarray         # (n_projects,) estimate of open tasks
    n_done: np.ndarray           # (n_projects,) finished tasks the model has seen
    estimated: np.ndarray        # (n_projects,) False: open work without any usable estimate
    rank: np.ndarray | None = None      # (n_open,) position in the person's queue (plan.queue_order)
    order_how: str = ""                 # how the queue order was set, in words
    ip_cols: np.ndarray | None = None   # in-progress tasks whose levels are remapped
    ip_map: np.ndarray | None = None    # uniform level index -> level index that held for them
    keys: np.ndarray | None = None      # (n_open,) what each task's random numbers are tied to

    @property
    def remaining(self) -> np.ndarray:
        """(n_projects,) what is left of the open tasks' estimates: estimate less booked, not below 0."""
        left = np.maximum(self.tasks[S.ESTIMATE].to_numpy(float) - self.booked, 0.0)
        return np.bincount(self.proj_code, weights=left, minlength=len(self.project_ids))


#: What someone leaving can surely do: each task at this quantile of its hours. A leaver keeps the work
#: they finish by their last day so counted (:func:`pmo_forecast.run_scenario`), and pooled work goes to
#: a person only if their own and their share of it are so done by then (the finish-date plan).
SURE_LEVEL = 0.95


def booked_hours(tasks: pd.DataFrame) -> np.ndarray:
    """Hours already booked on each task: ``actual_hours``, else ``source_actual_hours``.

    Tracker readers keep the hours logged on unfinished work in ``source_actual_hours``
    (an actual only counts once a task is closed); they are effort spent all the same.
    """
    a = tasks[S.ACTUAL].to_numpy(float) if S.ACTUAL in tasks else np.full(len(tasks), np.nan)
    if S.SOURCE_ACTUAL in tasks:
        a = np.where(np.isnan(a), pd.to_numeric(tasks[S.SOURCE_ACTUAL], errors="coerce").to_numpy(float), a)
    return np.clip(np.nan_to_num(a, nan=0.0), 0.0, None)


def _conditional_table(model, tasks: pd.DataFrame, booked: np.ndarray, n_levels: int) -> np.ndarray:
    """The model's quantile table, conditional on the hours booked where there are any.

    Uses the model's ``quantile_table(..., at_least=)`` (its ``ppf(at_least=)``); a model
    without it gets its unconditional table cut at the booked hours and stretched over the
    levels: the same conditional distribution on the table's grid.
    """
    if not (booked > 0).any():
        return np.asarray(model.quantile_table(tasks, n_levels=n_levels), dtype=float)
    at_least = np.where(booked > 0, booked, np.nan)
    try:
        return np.asarray(model.quantile_table(tasks, n_levels=n_levels, at_least=at_least), dtype=float)
    except TypeError:
        q = np.sort(np.asarray(model.quantile_table(tasks, n_levels=n_levels), dtype=float), axis=1)
        k0 = np.array([np.searchsorted(r, b) for r, b in zip(q, booked, strict=True)])
        k0 = np.minimum(k0, n_levels - 1)
        idx = k0[:, None] + (np.arange(n_levels)[None, :] * (n_levels - k0[:, None])) // n_levels
        return np.take_along_axis(q, idx, axis=1)


def _usable_estimates(tasks: pd.DataFrame) -> np.ndarray:
    """Rows whose ``estimate_hours`` the forecast can use: positive and finite."""
    est = tasks[S.ESTIMATE]
    return ((est > 0) & np.isfinite(est)).fillna(False).to_numpy(bool)


def zero_point_stories(rows: pd.DataFrame, tasks: pd.DataFrame) -> np.ndarray:
    """Rows of ``rows`` estimated at exactly 0 story points, when ``tasks``' estimates are points
    (:func:`~pmo_forecast.core.schema.estimates_in_points`): sized by their team, not unestimated.
    They count at :data:`~pmo_forecast.core.schema.ZERO_POINT_SIZE` (:func:`fill_estimates`)."""
    if not S.estimates_in_points(tasks):
        return np.zeros(len(rows), dtype=bool)
    return (pd.to_numeric(rows[S.ESTIMATE], errors="coerce") == 0).to_numpy(bool)


def fill_estimates(rows: pd.DataFrame, tasks: pd.DataFrame) -> tuple[pd.Series, np.ndarray]:
    """Estimates of ``rows`` with the unusable ones (missing, 0 or negative) filled: the one rule.

    Parameters
    ----------
    rows : pandas.DataFrame
        The tasks whose ``estimate_hours`` are read (e.g. the open tasks).
    tasks : pandas.DataFrame
        The whole task table, for the fallback median.

    Returns
    -------
    estimates : pandas.Series
        ``rows``' estimates (same index); an unusable one is the median usable estimate of its
        project among ``rows``, or, in a project with none, the median usable estimate in
        ``tasks`` (1 h when no task has one).
    filled : numpy.ndarray of bool
        Which rows were filled; the caller warns and records it. A 0-point story (story points) is
        no missing estimate: it counts at :data:`~pmo_forecast.core.schema.ZERO_POINT_SIZE`, not filled
        (:func:`zero_point_stories`).
    """
    zero = zero_point_stories(rows, tasks)
    bad = ~_usable_estimates(rows) & ~zero
    est = rows[S.ESTIMATE].astype(float).mask(zero, S.ZERO_POINT_SIZE)
    if bad.any():
        per_project = rows.loc[~bad].groupby(S.PROJECT_ID)[S.ESTIMATE].median()
        usable = tasks.loc[_usable_estimates(tasks), S.ESTIMATE]
        everywhere = float(usable.median()) if len(usable) else 1.0
        est = est.where(~bad, rows[S.PROJECT_ID].map(per_project).astype(float).fillna(everywhere))
    return est, bad


def projects_without_estimates(tasks: pd.DataFrame) -> np.ndarray:
    """Projects with open work none of which has a usable estimate, hours or story points (sorted ids).

    The effort forecast leaves them out: any hours for them would be made up
    (:attr:`OverrunForecast.without_estimates`); the planning pack forecasts their finish
    dates from throughput instead. A project with some estimated open tasks keeps its effort
    forecast, the others filled with its median estimate (warned).
    """
    S.require_columns(tasks, [S.PROJECT_ID, S.ESTIMATE, S.STATUS], "tasks")
    is_open = tasks[S.STATUS].isin(S.UNFINISHED_STATUSES).fillna(False).to_numpy(bool)
    open_t = tasks[is_open]
    sized = _usable_estimates(open_t) | zero_point_stories(open_t, tasks)
    has = pd.Series(sized, index=open_t.index).groupby(open_t[S.PROJECT_ID]).any()
    return np.array(sorted(has.index[~has.to_numpy(bool)]), dtype=object)


def _prepare(model, tasks: pd.DataFrame, projects: pd.DataFrame | None, n_levels: int) -> _OpenWork:
    S.require_columns(tasks, [S.TASK_ID, S.PROJECT_ID, S.ESTIMATE, S.ACTUAL, S.STATUS], "tasks")
    t = tasks if S.ASSIGNEE in tasks else tasks.assign(**{S.ASSIGNEE: pd.NA})
    is_open = t[S.STATUS].isin(S.UNFINISHED_STATUSES).fillna(False).to_numpy(bool)
    keep = set(t.loc[is_open, S.PROJECT_ID])
    if projects is not None:
        S.require_columns(projects, [S.PROJECT_ID], "projects")
        if S.STATUS in projects:
            live = projects[S.STATUS].isin(S.LIVE_PROJECT_STATUSES).fillna(False)
            listed = set(projects.loc[live.to_numpy(bool), S.PROJECT_ID].dropna())
            keep |= listed & set(t[S.PROJECT_ID])
            # active only, as validation's check: a proposed project (not started yet) has no task by right
            active = set(projects.loc[projects[S.STATUS].eq(S.ACTIVE).fillna(False).to_numpy(bool), S.PROJECT_ID].dropna())
            taskless = sorted(map(str, active - set(t[S.PROJECT_ID])))
            if taskless:  # said, as validation's project_without_tasks says it: no work to simulate
                warnings.warn(f"{len(taskless)} active project(s) have no task in the task table "
                              f"({', '.join(taskless[:5])}{' ...' if len(taskless) > 5 else ''}): no forecast for "
                              "them; check their project ids against the tasks'.", DataQualityWarning, stacklevel=3)
    project_ids = np.array(sorted(keep), dtype=object)

    open_t = t[is_open].copy()
    open_t[S.ESTIMATE], bad = fill_estimates(open_t, t)
    none = set(projects_without_estimates(t))
    points = S.estimates_in_points(tasks)
    if bad.any():
        # the plan still schedules a project without any estimate (its people will work on it), at a guess
        glob = float(open_t.loc[open_t[S.PROJECT_ID].isin(none), S.ESTIMATE].iloc[0]) if none else np.nan
        without = (f", or, in a project with none ({', '.join(map(str, sorted(none)[:5]))}"
                   f"{' ...' if len(none) > 5 else ''}), the median of all estimates ({glob:g} "
                   f"{estimate_unit(points, glob)}) for the delivery plan only: the effort forecast leaves such "
                   "projects out" if none else "")
        warnings.warn(f"{int(bad.sum())} open task(s) have no positive estimate (e.g. "
                      f"{list(open_t.loc[bad, S.TASK_ID][:5])}); their project's median estimate "
                      f"is used{without}. Estimate them for a better forecast.", DataQualityWarning, stacklevel=3)
    zero = zero_point_stories(t[is_open], tasks)
    if zero.any():
        warnings.warn(f"{int(zero.sum())} open stories are estimated at 0 story points (e.g. "
                      f"{list(t[is_open].loc[zero, S.TASK_ID][:5])}): each counts as {S.ZERO_POINT_SIZE:g} point, "
                      "the smallest card above 0, not as unestimated", DataQualityWarning, stacklevel=3)
    who = open_t[S.ASSIGNEE].astype(object).where(open_t[S.ASSIGNEE].notna(), "").to_numpy()
    open_t["_who"] = who
    open_t["_row"] = np.arange(len(open_t))
    rank_in, how = queue_order(open_t, projects)
    # one order whatever the export's (a task's random numbers follow its place in the first block)
    open_t = open_t.iloc[canonical_order(open_t.drop(columns=["_who", "_row"]))]
    open_t = open_t.sort_values([S.PROJECT_ID, "_who"], kind="stable")
    row = open_t["_row"].to_numpy()
    open_t = open_t.drop(columns="_row")
    booked = booked_hours(open_t)
    q = _conditional_table(model, open_t.drop(columns="_who"), booked, n_levels)
    if q.shape != (len(open_t), n_levels):
        raise ValueError(f"model.quantile_table returned shape {q.shape}, expected {(len(open_t), n_levels)}")
    if np.isnan(q).any():
        raise ValueError("model.quantile_table returned NaN for open tasks with an estimate; "
                         "is the model fitted on data with these columns?")
    q = np.sort(q, axis=1)
    _warn_booked_beyond_model(open_t, q, booked, points)

    proj_code = pd.Index(project_ids).get_indexer(open_t[S.PROJECT_ID].to_numpy(object))
    persons, person_code = np.unique(open_t["_who"].to_numpy(object).astype(str), return_inverse=True)

    closed = t[~is_open]
    spent = pd.Series(booked_hours(closed), index=closed.index).groupby(closed[S.PROJECT_ID]).sum()
    spent = spent.reindex(project_ids).fillna(0.0).to_numpy(float) + np.bincount(
        proj_code, weights=booked, minlength=len(project_ids))
    open_est = np.bincount(proj_code, weights=open_t[S.ESTIMATE].to_numpy(float), minlength=len(project_ids))
    ok = closed[S.finished_with_actuals(closed)]
    n_done = ok[S.PROJECT_ID].value_counts().reindex(project_ids).fillna(0).to_numpy(float)
    return _OpenWork(open_t.drop(columns="_who"), row, q, booked, project_ids, proj_code, persons,
                     person_code, spent, open_est, n_done, ~np.isin(project_ids, list(none)), rank_in[row], how,
                     keys=_draw_keys(open_t[S.TASK_ID]))


def _warn_booked_beyond_model(open_t: pd.DataFrame, q: np.ndarray, booked: np.ndarray, points: bool) -> None:
    """Say which open tasks have more hours booked than the model gives them at any level: they are
    forecast to need no more (and planned as done on the forecast date), which the figures alone do not show.
    ``points``: the estimates are story points."""
    beyond = (booked > 0) & (q[:, -1] <= booked) if len(q) else np.zeros(0, bool)
    if not beyond.any():
        return
    eg = [f"{i} ({b:g} h booked, estimate {e:g} {estimate_unit(points, e)})" for i, b, e in
          zip(open_t[S.TASK_ID][beyond][:5], booked[beyond][:5], open_t[S.ESTIMATE][beyond][:5], strict=True)]
    warnings.warn(f"{int(beyond.sum())} open task(s) have more hours booked than the accuracy model gives them "
                  f"at any level (e.g. {', '.join(eg)}): forecast to need no more hours, so they count as done "
                  "on the forecast date; re-estimate what is left of them, or close them", DataQualityWarning,
                  stacklevel=4)


def _draw_keys(task_ids: pd.Series) -> np.ndarray:
    """The task ids the random numbers are tied to; a repeated id is another task with draws of its own
    (the first keeps the id's), warned: tasks of different projects numbered 1, 2, ... shared their draws."""
    ids = task_ids.astype(str)
    again = ids.duplicated().to_numpy(bool)
    if again.any():
        repeated = ids.duplicated(keep=False)
        warnings.warn(f"{int(repeated.sum())} open tasks share a task id with another (e.g. "
                      f"{list(dict.fromkeys(ids[repeated]))[:5]}): each row is forecast as a task of its own, so a "
                      "row exported twice is counted twice; check the export (pmo_forecast.validate_tasks lists "
                      "them)", DataQualityWarning, stacklevel=4)
        ids = ids.where(~again, ids + " (repeat " + ids.groupby(ids).cumcount().astype(str) + ")")
    return ids.to_numpy(object)


def table_quantile(q: np.ndarray, level: float) -> np.ndarray:
    """Quantile ``level`` of each row of a quantile table at levels (k + 0.5) / n_levels."""
    n_levels = q.shape[1]
    pos = np.clip(level * n_levels - 0.5, 0, n_levels - 1)
    lo = int(np.floor(pos))
    hi = min(lo + 1, n_levels - 1)
    return q[:, lo] + (pos - lo) * (q[:, hi] - q[:, lo])


def hours_to_do(q: np.ndarray, booked: np.ndarray, level: float) -> np.ndarray:
    """Hours still to do on each task: quantile ``level`` of its quantile table ``q`` less the hours booked."""
    return np.maximum(table_quantile(q, level) - booked, 0.0) if len(q) else np.zeros(0)


def _factor_sigma(q: np.ndarray, groups: np.ndarray, n_groups: int, icc) -> np.ndarray:
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


def _draw_tasks(levels: np.ndarray, work: _OpenWork) -> np.ndarray:
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


def draws_for(rn: RandomNumbers, work: _OpenWork, person: bool = True, growth: bool = True) -> dict:
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


def simulate_effort(rn: RandomNumbers, work: _OpenWork, n_trials: int, sig_proj, sig_person, growth, chunk=None,
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


def _resolve_icc(value, auto: float, name: str) -> float:
    if isinstance(value, str):
        if value != "auto":
            raise ValueError(f"{name} must be 'auto', a correlation in [0, 1) or None, not {value!r}")
        return auto
    v = 0.0 if value is None else float(value)
    if not 0 <= v < 1:
        raise ValueError(f"{name} must be in [0, 1), got {v}")
    return v


@dataclass
class _Setup:
    work: _OpenWork
    sig_proj: np.ndarray
    sig_pers: np.ndarray
    growth: Growth | None
    ginfo: dict
    icc: dict


def setup_simulation(model, tasks, projects, n_trials, random_state, scope_growth, project_correlation,
           person_correlation, n_levels):
    """Shared by the effort and finish-date forecasts: open work, factors, growth."""
    n_trials = trial_count(n_trials)
    S.require_matching_ids(tasks, projects, S.PROJECT_ID, "tasks", "projects")
    rn = random_numbers(random_state, n_trials)
    memo = getattr(model, "memo", None)  # a what-if cache: the same tables prepare once
    if callable(memo):
        digest = model.digest((tasks, projects))
        work = memo(("prepare", n_levels), digest, lambda: _prepare(model, tasks, projects, n_levels))
    else:
        work = _prepare(model, tasks, projects, n_levels)
    icc_auto = {"project": 0.0, "project_floor": 0.0, "project_scale": 1.0, "person": 0.0,
                "in_progress_pit": np.zeros(0), "method": "none"}
    reuse = isinstance(project_correlation, dict)
    if reuse:  # an estimate_correlation() result, computed once for several forecasts
        icc_auto = {**icc_auto, **project_correlation}
        project_correlation = "auto"
    auto = "auto" in (project_correlation, person_correlation)
    if auto and not reuse:
        icc_auto = estimate_correlation(model, tasks, random_state=LEARNING_SEED)
    if project_correlation == "auto":  # less correlation left where the model has seen more
        proj_icc = _scaled_icc(project_icc(icc_auto["project"], icc_auto["project_floor"], work.n_done),
                               icc_auto["project_scale"])
    else:
        proj_icc = _resolve_icc(project_correlation, 0.0, "project_correlation")
    icc = {"project": proj_icc, "person": _resolve_icc(person_correlation, icc_auto["person"], "person_correlation"),
           "method": icc_auto["method"] if auto else "given"}
    sig_proj = _factor_sigma(work.q, work.proj_code, len(work.project_ids), icc["project"])
    sig_pers = _factor_sigma(work.q, work.person_code, len(work.persons), icc["person"])
    sig_pers[work.persons == ""] = 0.0  # unassigned work shares no person
    if project_correlation == "auto":
        _remap_in_progress(work, icc_auto["in_progress_pit"])
    icc["project_scale"] = icc_auto["project_scale"]
    if auto and icc_auto.get("fallback"):
        icc["fallback"] = icc_auto["fallback"]
    if callable(memo):
        growth, ginfo = memo(("growth", repr(scope_growth)), digest, lambda: growth_for(tasks, work, scope_growth))
    else:
        growth, ginfo = growth_for(tasks, work, scope_growth)
    return rn, _Setup(work, sig_proj, sig_pers, growth, ginfo, icc)


# --- the result ----------------------------------------------------------------------------
class OverrunForecast(Result):
    """Simulated effort at completion for open work.

    Attributes
    ----------
    samples : ndarray, shape (n_trials, n_projects)
        Total effort at completion (spent + simulated remaining + scope growth), hours,
        one column per project in ``project_ids``.
    project_ids : ndarray
    quantiles : tuple of float
    correlation : dict
        The project and person intra-class correlations used.
    scope_growth : dict
        The growth rate used (``rate``, ``cv``, ``n_projects``).
    without_estimates : pandas.DataFrame
        Projects left out because none of their open tasks has a usable estimate (hours or story points)
        (:func:`projects_without_estimates`): ``project_id`` and ``open_tasks``. They are in
        no figure here (``samples``, ``by_project``, ``portfolio``, ``by_task``). Empty when
        there are none.
    budget_ignored : pandas.DataFrame
        Projects whose ``budget_hours`` is 0 or less (a data-entry slip, not a budget): ``project_id``
        and ``budget_hours`` as given. They count as having no budget (``budget_hours``,
        ``prob_overrun`` and ``expected_overrun_hours`` missing), as a blank one. Empty when there are none.
    points : bool
        The estimates are story points (:func:`~pmo_forecast.core.schema.estimates_in_points`):
        the forecast is in hours all the same, but ``remaining_estimate_hours`` and
        ``contingency_p80``, which add hours to the estimates, are missing.
    """

    title = "Overrun forecast: effort at completion (hours)"

    def __init__(self, samples, project_ids, spent, remaining_est, budget, task_table,
                 quantiles, correlation, scope_growth, expected_growth, without_estimates=None, points=False):
        self.points = points
        self.samples = samples
        self.project_ids = project_ids
        self.quantiles = tuple(quantiles)
        self.correlation = correlation
        self.scope_growth = scope_growth
        self.without_estimates = (pd.DataFrame({S.PROJECT_ID: pd.Series(dtype=object),
                                                "open_tasks": pd.Series(dtype=int)})
                                  if without_estimates is None else without_estimates)
        self._spent, self._rem, self._budget = spent, remaining_est, budget
        self._tasks = task_table
        self._growth = expected_growth
        self.budget_ignored = pd.DataFrame({S.PROJECT_ID: pd.Series(dtype=object), S.BUDGET: pd.Series(dtype=float)})

    def _rows(self, samples, spent, rem, budget, growth, index) -> pd.DataFrame:
        levels = sorted({*self.quantiles, 0.8})  # one partition for the quantiles and the P80 contingency
        qs = dict(zip(levels, np.quantile(samples, levels, axis=0), strict=True))
        rem = np.full(len(index), np.nan) if self.points else rem  # points less hours booked: no figure
        out = pd.DataFrame({"spent_hours": spent, "remaining_estimate_hours": rem}, index=index)
        for q in self.quantiles:
            out[S.quantile_column(q)] = qs[q]
        out[S.BUDGET] = budget
        has = ~np.isnan(budget)
        b = np.where(has, budget, np.inf)
        out["prob_overrun"] = np.where(has, (samples > b).mean(axis=0), np.nan)
        out["expected_overrun_hours"] = np.where(has, np.maximum(samples - np.where(has, budget, 0), 0).mean(axis=0), np.nan)
        plan = spent + rem
        out["contingency_p80"] = qs[0.8] - plan
        out["mean"] = samples.mean(axis=0)
        out["expected_growth_hours"] = growth
        return out

    def by_project(self) -> pd.DataFrame:
        """One row per project (index ``project_id``); quantiles are total effort at completion.

        ``spent_hours`` counts hours booked on finished, cancelled and open tasks;
        ``remaining_estimate_hours`` is what is left of the open tasks' estimates (estimate
        minus hours booked, not below 0). ``contingency_p80`` is P80 minus the current plan
        (spent + remaining estimate):
        the hours to add to the plan to be 80% sure; ``prob_overrun`` and
        ``expected_overrun_hours`` compare with ``budget_hours`` and are missing without one.
        ``expected_growth_hours`` is the mean over trials of the scope still to come, in the
        hours it will take (its estimate at the project's simulated actual/estimate ratio).
        """
        idx = pd.Index(self.project_ids, name=S.PROJECT_ID)
        return self._rows(self.samples, self._spent, self._rem, self._budget, self._growth, idx)

    def portfolio(self) -> pd.DataFrame:
        """The same figures for all projects together (budget only when every project has one)."""
        b = self._budget.sum() if len(self._budget) and not np.isnan(self._budget).any() else np.nan
        return self._rows(self.samples.sum(axis=1, keepdims=True), np.array([self._spent.sum()]),
                          np.array([self._rem.sum()]), np.array([b]), np.array([self._growth.sum()]),
                          pd.Index(["portfolio"], name=S.PROJECT_ID))

    def by_task(self) -> pd.DataFrame:
        """Each open task's effort quantiles from the accuracy model (its own distribution)."""
        return self._tasks.copy()

    def summary(self) -> pd.DataFrame:
        """``by_project()`` with the portfolio row appended."""
        return pd.concat([self.by_project(), self.portfolio()])

    def plot(self, ax=None):
        """Fan chart (see :meth:`plot_fan`)."""
        return self.plot_fan(ax=ax)

    def plot_fan(self, ax=None):
        """Per project: spent, the P10-P90 range of effort at completion, P50, and the budget."""
        import matplotlib.pyplot as plt

        ax = ax or plt.subplots(figsize=(8, 0.3 * len(self.project_ids) + 1.5))[1]
        y = np.arange(len(self.project_ids))
        lo, p50, p80, hi = np.quantile(self.samples, [0.1, 0.5, 0.8, 0.9], axis=0)
        ax.barh(y, self._spent, color="0.8", label="spent")
        ax.barh(y, hi - lo, left=lo, color="tab:blue", alpha=0.3, label="P10-P90")
        ax.barh(y, p80 - lo, left=lo, color="tab:blue", alpha=0.3, label="P10-P80")
        ax.plot(p50, y, "k|", markersize=12, label="P50")
        ax.plot(self._budget, y, "rx", label="budget")
        ax.set_yticks(y, [str(p) for p in self.project_ids])
        ax.invert_yaxis()
        ax.set_xlabel("total effort at completion (hours)")
        ax.legend(loc="lower right", fontsize="small")
        return ax

    def plot_overrun(self, ax=None):
        """Bars of the chance that each project's effort exceeds its budget."""
        return probability_bars(self.by_project()["prob_overrun"], "P(effort > budget)", ax)

    def count_likely_over_budget(self, project_ids=None) -> int:
        """How many projects are more likely than not to exceed their budget (``prob_overrun`` above 50%,
        :func:`~pmo_forecast.forecasting.plan.likely`); those without a budget are not.

        Parameters
        ----------
        project_ids : sequence, optional
            The projects counted (default all); one not in this forecast is not counted.

        Returns
        -------
        int
        """
        chance = self.by_project()["prob_overrun"]
        return int(likely(chance if project_ids is None else chance.reindex(list(project_ids))).sum())


def forecast_overruns(model, tasks: pd.DataFrame, projects: pd.DataFrame | None = None,
                      n_trials: int = 10_000, random_state=None, *, scope_growth="auto",
                      project_correlation="auto", person_correlation="auto",
                      quantiles=QUANTILES, n_levels: int = N_LEVELS) -> OverrunForecast:
    """Simulate the total effort at completion of every open project.

    Parameters
    ----------
    model : fitted EstimationAccuracyModel
        Anything with ``quantile_table(tasks, n_levels)`` and ``pit(tasks, random_state)``.
    tasks : pandas.DataFrame
        Canonical task table. Open and in-progress tasks are simulated; finished and
        cancelled tasks count as spent (their ``actual_hours``). A project none of whose open
        tasks has a positive estimate is left out, warned (``without_estimates`` on the
        result): hours for it would be made up. Open tasks without one in a project that has
        some take the project's median estimate (warned).
    projects : pandas.DataFrame, optional
        Canonical projects table, for ``budget_hours``; active projects listed there are
        forecast even without open tasks (on their finished ones); an active project with no
        task at all has nothing to forecast and is left out, warned.
    n_trials : int
        Monte Carlo trials.
    random_state : int, numpy.random.Generator or None
    scope_growth : "auto", float, dict or None
        ``"auto"`` estimates the growth rate from completed projects
        (:func:`estimate_scope_growth`); a float sets the rate (share of the initial
        estimate, e.g. 0.15); ``{"rate": r, "cv": c}`` also sets its spread (and
        ``"demand_growth"``, a scenario's, see :func:`~pmo_forecast.forecasting.growth.growth_for`);
        ``None`` or 0 switches growth off.
    project_correlation, person_correlation : "auto", float or None
        Share of a task's surprise shared with its project / person (intra-class
        correlation of normal scores). ``"auto"`` estimates it from history
        (:func:`estimate_correlation`: the project part shrinks as a project's finished
        tasks teach the model, and in-progress work is drawn at the levels that held for
        such work); 0 or None treats tasks as independent. ``project_correlation`` also
        takes the dict that :func:`estimate_correlation` returns, to reuse one estimate
        (the slow part: it refits the model at past dates) across forecasts.
    quantiles : tuple of float
        Levels reported, each strictly between 0 and 1 (columns ``p50``, ``p80``, ``p2.5``, ...).
    n_levels : int
        Rows of the model's quantile table to resample (200: 0.25% steps).

    Returns
    -------
    OverrunForecast

    Notes
    -----
    Per trial, a task's effort is one of its ``n_levels`` model quantiles chosen at random
    (never below hours already booked), times its person's factor; the project total is
    times the project's factor. Factors are ``exp(sigma Z - sigma^2 / 2)`` (mean one), with
    ``sigma`` set so that the group total carries the shared variance the history shows. Scope
    growth: each open project's total growth is ``initial estimate x R`` with ``R`` drawn
    around the historical rate; what has not yet been added is costed at the trial's own
    actual-to-estimate ratio for that project's open work.

    Examples
    --------
    >>> from pmo_forecast import load_sample, EstimationAccuracyModel, forecast_overruns
    >>> tasks, projects, people, _ = load_sample()
    >>> model = EstimationAccuracyModel(random_state=0).fit(tasks)   # doctest: +SKIP
    >>> fc = forecast_overruns(model, tasks, projects, random_state=0)  # doctest: +SKIP
    >>> fc.by_project()[["p50", "p80", "budget_hours", "prob_overrun"]]  # doctest: +SKIP
    """
    quantiles = S.quantile_levels(quantiles)  # before the simulation: shown, a bad level failed
    rn, setup = setup_simulation(model, tasks, projects, n_trials, random_state, scope_growth,
                       project_correlation, person_correlation, n_levels)
    work, growth = setup.work, setup.growth
    n_trials = int(n_trials)
    samples = np.empty((n_trials, len(work.project_ids)))
    # scope still to come, in the hours it will take (the open tasks' simulated ratio), as the
    # finish-date plan counts it: the pack's plan-to-forecast and capacity notes say one figure
    exp_growth = np.zeros(len(work.project_ids))
    i = 0
    for tot, _, grow in simulate_effort(rn, work, n_trials, setup.sig_proj, setup.sig_pers, growth):
        samples[i:i + tot.shape[1]] = tot.T
        i += tot.shape[1]
        if grow is not None:
            exp_growth += grow.sum(axis=1)
    exp_growth /= max(n_trials, 1)
    # an open task's draw is its total hours (never below what is booked on it), so the hours
    # booked on open tasks are already inside the draws: add only the closed tasks' hours
    n_p = len(work.project_ids)
    booked = np.bincount(work.proj_code, weights=work.booked, minlength=n_p)
    samples += work.spent - booked
    remaining = work.remaining

    budget, budget_ignored = project_budgets(projects, work.project_ids)
    if len(budget_ignored):
        ids = budget_ignored[S.PROJECT_ID].astype(str).tolist()
        warnings.warn(f"{len(ids)} project(s) have a budget of 0 h or less ({', '.join(ids[:5])}"
                      f"{' ...' if len(ids) > 5 else ''}): taken as no budget, so they have no P(over budget) "
                      "(OverrunForecast.budget_ignored); fill in the budget in hours, or leave it blank",
                      DataQualityWarning, stacklevel=2)
    # dropped after the simulation, not before: every other project keeps the draws (and the person
    # factors) of the finish-date forecast, whose plan still schedules this work
    keep = work.estimated
    without = pd.DataFrame({S.PROJECT_ID: work.project_ids[~keep],
                            "open_tasks": np.bincount(work.proj_code, minlength=n_p)[~keep]})
    points = S.estimates_in_points(tasks)
    if len(without):
        ids = without[S.PROJECT_ID].astype(str).tolist()
        warnings.warn(f"{len(ids)} project(s) have no {estimates_named(points, plural=False)} on any open task ({', '.join(ids[:5])}"
                      f"{' ...' if len(ids) > 5 else ''}): left out of the effort forecast "
                      "(OverrunForecast.without_estimates), since their hours would be made up; estimate their "
                      "tasks, or forecast them from throughput (pmo_forecast.forecast_throughput)",
                      DataQualityWarning, stacklevel=2)
    fc = OverrunForecast(samples[:, keep], work.project_ids[keep], work.spent[keep], remaining[keep], budget[keep],
                         _task_table(model, work, quantiles)[keep[work.proj_code]], quantiles, setup.icc,
                         setup.ginfo, exp_growth[keep], without, points=points)
    fc.budget_ignored = budget_ignored
    return fc


def project_budgets(projects: pd.DataFrame | None, project_ids) -> tuple[np.ndarray, pd.DataFrame]:
    """Each project's ``budget_hours`` (aligned with ``project_ids``; NaN for none), and the budgets of 0 h
    or less it leaves out.

    Such a budget is a slip of the keyboard, not a budget: compared with it every trial was over (P(over
    budget) 100%), so it counts as no budget, as a blank one. The second table (``project_id``,
    ``budget_hours`` as given) is what the forecasts say they left out.
    """
    ids = np.asarray(project_ids, dtype=object)
    budget = np.full(len(ids), np.nan)
    if projects is not None and S.BUDGET in projects:
        b = projects.drop_duplicates(S.PROJECT_ID).set_index(S.PROJECT_ID)[S.BUDGET]
        budget = b.reindex(ids).to_numpy(float)
    unusable = budget <= 0
    ignored = pd.DataFrame({S.PROJECT_ID: ids[unusable], S.BUDGET: budget[unusable]})
    return np.where(unusable, np.nan, budget), ignored


def _task_table(model, work: _OpenWork, quantiles) -> pd.DataFrame:
    t = work.tasks
    out = pd.DataFrame({S.PROJECT_ID: t[S.PROJECT_ID].to_numpy(object),
                        S.ASSIGNEE: t[S.ASSIGNEE].to_numpy(object),
                        S.STATUS: t[S.STATUS].to_numpy(object),
                        S.ESTIMATE: t[S.ESTIMATE].to_numpy(float), "booked_hours": work.booked},
                       index=pd.Index(t[S.TASK_ID].to_numpy(object), name=S.TASK_ID))
    q = work.q
    if work.ip_cols is not None and len(work.ip_cols):  # the levels in-progress work is drawn at
        q = q.copy()
        q[work.ip_cols] = q[work.ip_cols][:, work.ip_map]
    for level in quantiles:
        out[S.quantile_column(level)] = np.maximum(table_quantile(q, level), work.booked)
    out["mean"] = np.maximum(q, work.booked[:, None]).mean(axis=1) if len(q) else np.zeros(0)
    return out
