"""How much of a task's surprise its project and its person share, learnt from history.

Per-task independent draws make project totals far too narrow: a project's tasks overrun
together. :func:`estimate_correlation` measures the shared part on the finished tasks, under
copies of the accuracy model fitted before past cut dates (what open work faces) or in sample;
:func:`project_icc` is the part left once a project's first tasks are known, scaled so that
backdated project totals are calibrated (``SCALES``); in-progress work, which runs long, is
drawn at the levels that held for such work before (:func:`remap_in_progress`).
"""

from __future__ import annotations

import dataclasses
import warnings

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.as_of import dates_read, finishes_read
from ..core.checks import require_not_negative
from ..core.exceptions import DataQualityWarning, SmallSampleWarning, warn
from ..core.labels import too_few
from ..estimation.features import SPREAD_MIN_TASKS, n_misses
from ..estimation.refit import FittedCopies
from .effort import factor_sigma, simulate_effort
from .open_work import canonical_order, prepare_open_work
from .plan import RandomNumbers
from .rewind import known_since, tasks_as_of


def _normal_ppf(u):
    from scipy.special import ndtri  # scipy only, never statsmodels/sklearn

    return ndtri(u)


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
        same rows (the backtest's, whose split at the default test share is the 70% cut) is
        reused, the same numbers without the second fit. Default: every copy is fitted here.

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

    Examples
    --------
    Estimate once (the slow part: it refits the model at past dates) and pass the result to every
    forecast and what-if, so that they differ only by what they change
    (:func:`pmo_forecast.forecast_overruns` ``project_correlation=``,
    :func:`pmo_forecast.run_scenario` ``correlation=``):

    >>> import pmo_forecast as pf
    >>> tasks, projects, people, _ = pf.load_sample()
    >>> model = pf.EstimationAccuracyModel(random_state=0).fit(tasks)  # doctest: +SKIP
    >>> corr = pf.estimate_correlation(model, tasks, random_state=0)  # doctest: +SKIP
    >>> fc = pf.forecast_overruns(model, tasks, projects, project_correlation=corr,
    ...                           random_state=0)  # doctest: +SKIP
    """
    if method not in ("auto", "backdate", "in_sample"):
        raise ValueError(f"method must be 'auto', 'backdate' or 'in_sample', not {method!r}")
    require_not_negative(tasks, "tasks")  # as the loader and the fit: a negative actual was read as none
    # a finish far beyond or before the rest read as blank once, by the one rule on the whole table (as the pack
    # reads its table as it loads: then nothing is read here, dates_read), and the cuts' fits not judging their own
    # fewer years again: a far-past finish the whole table keeps was read as blank in an early cut. Unsaid here: the
    # model's fit on the table says it
    tasks = finishes_read(tasks)[0]
    rng = np.random.default_rng(random_state)
    done = tasks[S.finished_with_actuals(tasks)]
    if len(done) < 30:
        note = (f"{too_few(len(done), 'finished task')} with estimate and actual: overruns are treated as "
                "independent between tasks")
        warn(note, SmallSampleWarning)
        return _unshared(method="none", fallback=note)
    can_copy = hasattr(model, "get_params") and hasattr(model, "fit") and S.FINISHED in done
    fallback = "" if method == "in_sample" else (
        "measured in sample: backdating needs a model with get_params and fit, finish dates and "
        f"300 finished tasks (there are {len(done)})")
    if method == "backdate" or (method == "auto" and can_copy and len(done) >= 300):
        if copies is None:
            copies = FittedCopies(model)
        found = _backdated_z(copies, tasks, done, cuts, rng)
        if found is not None:
            return _backdated_correlation(found, done, rng)
        fallback = NO_CUT_DATE
        if method == "backdate":
            warn(f"estimate_correlation: {fallback}", SmallSampleWarning)
    return _in_sample_correlation(model, done, rng, fallback)


#: Why a backdated correlation fell back to in sample: no cut date had enough history before it and after it.
NO_CUT_DATE = (f"measured in sample: no cut date had 100 tasks finished before it ({SPREAD_MIN_TASKS} of them "
               "with an actual different from their estimate) and 30 of the projects then running finished after it")


def _unshared(**given) -> dict:
    """An :func:`estimate_correlation` result with nothing shared between tasks, but for what is ``given``."""
    return {"project": 0.0, "project_floor": 0.0, "project_scale": 1.0, "person": 0.0,
            "in_progress_pit": np.zeros(0), **given}


def _backdated_correlation(found: tuple, done: pd.DataFrame, rng) -> dict:
    """The backdated result: the project and person correlation of ``_backdated_z``'s scores, its scale calibrated."""
    z, cut, proj, who, n_done, ip, fits = found
    z = z - pd.Series(z).groupby(cut).transform("mean").to_numpy()  # common drift aside
    g = pd.DataFrame({"z": z, "g": [f"{c}|{p}" for c, p in zip(cut, proj, strict=True)], "n": n_done})
    agg = g.groupby("g").agg(zbar=("z", "mean"), m=("z", "size"), n=("n", "first"))
    base, floor = _fit_project_icc(agg["zbar"].to_numpy(), agg["m"].to_numpy(float), agg["n"].to_numpy(float))
    person = _icc(z, np.array([f"{c}|{w}" for c, w in zip(cut, who, strict=True)], dtype=object))
    scale, note = _calibrate_scale(fits, done, base, floor, ip, rng)
    return {"project": base, "project_floor": floor, "project_scale": scale, "person": person,
            "in_progress_pit": ip, "method": "backdate", "fallback": note}


def _in_sample_correlation(model, done: pd.DataFrame, rng, fallback: str) -> dict:
    """The in-sample result: the project and person correlation of the finished tasks' scores under ``model``."""
    done = done.iloc[canonical_order(done)]  # the PIT's random ties drawn in one order
    pit = np.asarray(model.pit(done, random_state=rng), dtype=float)
    z = _normal_ppf(np.clip(pit, 1e-6, 1 - 1e-6))
    who = done[S.ASSIGNEE].astype(str).to_numpy(object) if S.ASSIGNEE in done else np.zeros(len(done))
    return _unshared(project=_icc(z, done[S.PROJECT_ID].astype(str).to_numpy(object)), person=_icc(z, who),
                     method="in_sample", fallback=fallback)


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
        with warnings.catch_warnings(), dates_read():  # small folds: the full fit reports its own data
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


def scaled_icc(icc, scale: float) -> np.ndarray:
    """The project correlation scaled by the factor calibrated on backdated cuts of the history.

    Parameters
    ----------
    icc : float or array-like
        The share of the normal-scored effort variance the tasks of a project share (per project:
        :func:`project_icc`).
    scale : float
        The factor, one of :data:`SCALES` (the one whose backdated project totals were best calibrated).

    Returns
    -------
    numpy.ndarray
        ``icc`` as floats, unchanged at scale 1. Otherwise ``scale x icc``, with ``icc`` first raised to at
        least 0.005 (so that a scale above 1 gives a project measured without correlation some) and the
        result held within [0, 0.9].

    Examples
    --------
    >>> from pmo_forecast.forecasting.correlation import scaled_icc
    >>> scaled_icc([0.0, 0.1, 0.5], 2.0)
    array([0.01, 0.2 , 0.9 ])
    >>> scaled_icc([0.0, 0.1], 1)
    array([0. , 0.1])
    """
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
            work = prepare_open_work(m, past, None, 100, aged=False)  # its stale work is no one's to say
        live = work.open_est > 0
        if live.sum() < 2:
            continue
        work = remap_in_progress(work, ip_pit)
        real = past.index[past[S.STATUS].isin(S.UNFINISHED_STATUSES)]  # rows, not ids: ids can repeat
        realised = done.loc[real, S.ACTUAL].groupby(past.loc[real, S.PROJECT_ID].to_numpy()).sum()
        r = realised.reindex(work.project_ids[live]).to_numpy(float)
        rn = RandomNumbers(int(rng.integers(2**31)), n_trials)
        icc = project_icc(base, floor, work.n_done)
        for i, scale in enumerate(SCALES):
            sig = factor_sigma(work.q, work.proj_code, len(work.project_ids), scaled_icc(icc, scale))
            sims = np.hstack([t for t, _, _ in simulate_effort(rn, work, n_trials, sig,
                                                             np.zeros(len(work.persons)), None)])
            pits[i].append((sims[live] < r[:, None]).mean(axis=1) + 0.5 * (sims[live] == r[:, None]).mean(axis=1))
    if not pits[0] or sum(len(p) for p in pits[0]) < 10:
        return 1.0, "correlation scale 1: fewer than 10 backdated project totals to calibrate it on"
    levels = (np.arange(20) + 0.5) / 20
    score = [np.mean(((np.concatenate(p)[:, None] <= levels).mean(axis=0) - levels) ** 2) for p in pits]
    return float(SCALES[int(np.argmin(score))]), ""


def remap_in_progress(work, ip_pit):
    """In-progress work runs long: ``work`` with its in-progress tasks drawn at the levels that held for such work
    before.

    Parameters
    ----------
    work : OpenWork
        The open work (:func:`~pmo_forecast.forecasting.open_work.prepare_open_work`); left as it is.
    ip_pit : ndarray
        Where past in-progress work's actual hours fell in its forecast distribution (PIT values); fewer than
        30 remap nothing.

    Returns
    -------
    OpenWork
        A copy of ``work`` with ``ip_map`` and ``ip_cols`` set, or ``work`` itself when nothing is remapped.
        A copy, because ``work`` may be a what-if cache's, shared by forecasts with another correlation: set in
        place, a forecast with a given correlation after an estimated one drew its in-progress work remapped.
    """
    if len(ip_pit) < 30:
        return work
    n_levels = work.q.shape[1]
    u = np.quantile(ip_pit, (np.arange(n_levels) + 0.5) / n_levels)
    ip_map = np.clip((u * n_levels).astype(np.int64), 0, n_levels - 1).astype(np.uint16)
    # work with hours booked is drawn conditional on them instead (see prepare_open_work)
    ip_cols = np.flatnonzero((work.tasks[S.STATUS] == S.IN_PROGRESS).to_numpy(bool) & (work.booked <= 0))
    return dataclasses.replace(work, ip_map=ip_map, ip_cols=ip_cols)
