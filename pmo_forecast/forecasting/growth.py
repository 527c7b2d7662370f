"""Scope growth: work added to projects after they started, learnt from completed ones.

:func:`estimate_scope_growth` learns the rate from the history; :func:`growth_for` turns a
``scope_growth`` setting into the draws' parameters for the open projects, and
:func:`growth_draw` draws the hours still to come (read by the effort draws, :mod:`.effort`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.checks import require_columns
from ..core.exceptions import SchemaError, SmallSampleWarning, warn
from ..core.labels import agree, counted, too_few


def estimate_scope_growth(tasks: pd.DataFrame) -> dict:
    """Scope added to completed projects after their first finished task.

    Returns
    -------
    dict
        ``rate`` (added estimate hours per initial estimate hour, ratio of sums over
        completed projects), ``cv`` (spread of the per-project rates, coefficient of
        variation) and ``n_projects`` used. Zero rate when fewer than 3 projects are complete.
    """
    t = _growth_split(tasks)
    done_proj = ~tasks[S.STATUS].isin(S.UNFINISHED_STATUSES).groupby(tasks[S.PROJECT_ID]).any()
    t = t[done_proj.reindex(t.index).fillna(False).to_numpy(bool) & (t["initial"] > 0)]
    undated = int(t["undated"].sum())
    t = t[~t["undated"].to_numpy(bool)]
    if len(t) < 3:
        # "only 0 completed projects" read as a slip of the pen: none is said as none
        more = counted(undated, "more project" if len(t) else "completed project")
        why = (f" ({more} {agree(undated, 'has', 'have')} no created dates, so the scope added after "
               f"{agree(undated, 'its', 'their')} start cannot be told)" if undated else "")
        note = (f"{too_few(len(t), 'completed project')} to learn scope growth from{why}: no growth added (pass "
                "scope_growth=<rate> to set one)")
        warn(note, SmallSampleWarning)
        return {"rate": 0.0, "cv": 0.0, "n_projects": len(t), "fallback": note}
    r = t["added"] / t["initial"]
    rate = float(t["added"].sum() / t["initial"].sum())
    cv = float(r.std(ddof=1) / rate) if rate > 0 else 0.0
    return {"rate": rate, "cv": cv, "n_projects": len(t)}


#: Tasks created within this long of a project's first task are initial scope, even after
#: its first finish: kick-off planning is rarely entered on one day.
KICKOFF = pd.Timedelta(days=7)


def _growth_split(tasks: pd.DataFrame, demand_growth: float = 1.0) -> pd.DataFrame:
    """Per project: estimate hours of the initial scope and of tasks added later.

    Added means created after the project's first finished task and after its kick-off
    week (``KICKOFF`` after its first task was created). ``demand_growth`` is a multiplier
    the estimates of unstarted tasks (``DEMAND_GROWTH_STATUSES``) already carry: the hours
    are split as they were before it.
    """
    require_columns(tasks, [S.PROJECT_ID, S.STATUS, S.ESTIMATE], "tasks")  # a KeyError had named the column only
    t = tasks[tasks[S.STATUS] != S.CANCELLED]
    if S.CREATED not in t or S.FINISHED not in t:
        raise SchemaError("scope growth needs the 'created' and 'finished' columns; pass "
                          "scope_growth=None (no growth) or a rate to skip estimating it", column=S.CREATED)
    codes, ids, late, undated = _added(t)
    est = t[S.ESTIMATE].to_numpy(float, na_value=np.nan)
    est = np.where(np.isfinite(est) & (est > 0), est, 0.0)  # no usable estimate: no scope to grow from
    if demand_growth != 1.0:
        est = np.where(t[S.STATUS].isin(S.DEMAND_GROWTH_STATUSES).to_numpy(), est / demand_growth, est)
    out = pd.DataFrame({"initial": np.bincount(codes, weights=np.where(late, 0.0, est), minlength=len(ids)),
                        "added": np.bincount(codes, weights=np.where(late, est, 0.0), minlength=len(ids)),
                        "undated": undated},  # no created date: what was added cannot be told
                       index=pd.Index(ids, name="p"))
    return out


def added_later(tasks: pd.DataFrame) -> np.ndarray:
    """Per task: added to its project after its kick-off week and first finished task (scope growth,
    not the initial plan), as :func:`estimate_scope_growth` splits them; False without the dates."""
    if S.CREATED not in tasks or S.FINISHED not in tasks:
        return np.zeros(len(tasks), dtype=bool)
    return _added(tasks)[2]


def _added(t: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Project codes and ids of the tasks ``t``, which tasks were added later, and which projects are undated."""
    codes, ids = pd.factorize(t[S.PROJECT_ID].to_numpy(object), sort=True)
    big = np.iinfo(np.int64).max
    created = t[S.CREATED].to_numpy("datetime64[ns]").view(np.int64)
    finished = t[S.FINISHED].to_numpy("datetime64[ns]").view(np.int64)
    nat = np.iinfo(np.int64).min
    first_fin = np.full(len(ids), big)
    np.minimum.at(first_fin, codes, np.where(finished == nat, big, finished))
    first_new = np.full(len(ids), big)
    np.minimum.at(first_new, codes, np.where(created == nat, big, created))
    kick = np.where(first_new == big, big, first_new + KICKOFF.value)
    cut = np.maximum(first_fin, kick)  # no finish (or no creation date) yet: nothing counts as added
    late = (created != nat) & (created > cut[codes]) & (cut[codes] != big)
    return codes, ids, late, first_new == big


@dataclass
class Growth:
    initial: np.ndarray   # (n_projects,) initial estimate hours
    seen: np.ndarray      # (n_projects,) estimate hours added so far
    rate: float
    cv: float
    active: np.ndarray    # projects with open work


def growth_draw(z: np.ndarray | None, g: Growth) -> np.ndarray:
    """Estimate hours still to be added, (n_projects, n), or (n_projects, 1) when the rate
    is fixed (``g.cv == 0``, ``z`` None): total growth share minus what came."""
    r = g.rate
    if g.cv > 0:
        s2 = np.log1p(g.cv**2)
        r = g.rate * np.exp(np.sqrt(s2) * z - 0.5 * s2)
    return np.maximum(0.0, g.initial[:, None] * r - g.seen[:, None]) * g.active[:, None]


def growth_for(tasks: pd.DataFrame, work, scope_growth) -> tuple[Growth | None, dict]:
    """The scope-growth draws' parameters for the open projects of ``work``.

    Parameters
    ----------
    tasks : pandas.DataFrame
        The task table the forecast runs on.
    work
        The open work being simulated (``project_ids``, ``open_est``).
    scope_growth : "auto", float, dict or None
        ``"auto"`` learns the rate from ``tasks`` (:func:`estimate_scope_growth`), a float
        sets it, ``{"rate": r, "cv": c}`` also sets its spread, and ``None`` or 0 adds no
        growth. A dict may also hold ``"demand_growth": g`` when the unstarted tasks'
        estimates in ``tasks`` are already ``g`` times as given (a scenario's demand growth):
        the scope still to come is then worked out from the estimates before it and
        multiplied by ``g`` once, so neither the rate nor the finished work is scaled again.

    Returns
    -------
    growth : Growth or None
        ``None`` when no growth is added.
    info : dict
        ``rate``, ``cv`` and ``n_projects`` used (and ``demand_growth`` when given).
    """
    demand_growth = 1.0
    if scope_growth is None or scope_growth is False or (np.isscalar(scope_growth) and scope_growth == 0):
        return None, {"rate": 0.0, "cv": 0.0, "n_projects": 0}
    if isinstance(scope_growth, str):
        if scope_growth != "auto":
            raise ValueError(f"scope_growth must be 'auto', a rate (e.g. 0.15) or None, not {scope_growth!r}")
        info = estimate_scope_growth(tasks)
    elif isinstance(scope_growth, dict):
        info = {"rate": float(scope_growth["rate"]), "cv": float(scope_growth.get("cv", 0.0)), "n_projects": 0}
        if "demand_growth" in scope_growth:
            demand_growth = info["demand_growth"] = float(scope_growth["demand_growth"])
            if not (np.isfinite(demand_growth) and demand_growth > 0):
                raise ValueError(f"scope_growth: demand_growth must be more than 0, got {demand_growth:g}")
    else:
        info = {"rate": float(scope_growth), "cv": 0.0, "n_projects": 0}
    if not (np.isfinite(info["rate"]) and info["rate"] >= 0 and np.isfinite(info["cv"]) and info["cv"] >= 0):
        raise ValueError(f"scope_growth: the rate (share of the initial estimate added) and its cv must be 0 or "
                         f"more, got rate {info['rate']:g}, cv {info['cv']:g}")
    if info["rate"] <= 0:
        return None, info
    split = _growth_split(tasks, demand_growth).reindex(work.project_ids).fillna(0.0)
    return Growth(demand_growth * split["initial"].to_numpy(float), demand_growth * split["added"].to_numpy(float),
                  info["rate"], info["cv"], (work.open_est > 0).astype(float)), info
