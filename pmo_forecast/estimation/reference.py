"""Reference classes for the model's quantile stacks: the global and per-assignee ratio distributions.

And the stacks themselves: the model's quantiles stacked with a reference class on the log scale
(:func:`stacked_quantiles`, :func:`stacked_cdf`), and the choice of a stack on the latest
rolling-origin fold (:func:`choose_stack`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.shown import shown_number
from .features import factor_values
from .mixture import components, raw_ppf, tail_limits
from .quantiles import on_grid
from .scoring import calibration_error, calibration_interval

#: Weights on the model tried when stacking its quantiles with a reference class (1: the model alone).
STACK_WEIGHTS = (1.0, 0.75, 0.5, 0.25, 0.0)
#: A stack replaces the model only when its log pinball on the latest fold is lower by more than this share.
STACK_MARGIN = 0.005
#: Weight on the model in its stack with the global ratio when the history is too short to check it
#: forward in time (no fold of 50 tasks): an equal-weight hedge. On 42-105-task training histories of
#: the six test-bench shapes (six seeds each) its mean log pinball was lower than the model alone's by
#: 0.6-8.4 points (in % of the global ratio's) on 17 of 18 shape-sizes and 0.3 higher on one, with
#: calibration about the same (mean max error 0.125 against 0.123, on test sets of 18-45 tasks).
SMALL_HISTORY_WEIGHT = 0.5
REF_NAMES = {None: "global ratio", S.ASSIGNEE: "per-assignee ratio"}
#: The selection table's ``reference`` of the model's own row: it is stacked with none.
NO_REFERENCE = "none (the model alone)"
_REF_GRID = np.linspace(0.0, 1.0, 201)
#: A person needs this many finished tasks for their own ratio table in the per-assignee reference.
REF_MIN_TASKS = 10
#: The columns of the selection table (:func:`choose_stack`; ``summary(by="selection")``).
SELECTION_COLUMNS = ["weight_on_model", "reference", "pinball", "max_cal_err", "chosen", "reason"]


def stack_name(weight, by) -> str:
    """A component's name in the selection table: ``"model"`` or ``"75% model + 25% global ratio"``."""
    return "model" if weight == 1.0 else f"{weight:.0%} model + {1 - weight:.0%} {REF_NAMES[by]}"


def reference_table(data, by):
    """Ratio actual/estimate quantile tables: one for everyone (``by=None``) or per assignee, the global last."""
    ratio = (data[S.ACTUAL] / data[S.ESTIMATE]).to_numpy(dtype=float)
    glob = np.quantile(ratio, _REF_GRID)
    if by is None:
        return {"by": None, "keys": pd.Index([]), "table": glob[None, :]}
    who = pd.Series(factor_values(data, by), dtype=object)
    counts = who.value_counts()
    keys = pd.Index([k for k in counts.index[counts >= REF_MIN_TASKS]])
    codes = keys.get_indexer(who)
    order = np.argsort(codes, kind="stable")
    rows = [np.quantile(r, _REF_GRID) for r in np.split(ratio[order], np.searchsorted(codes[order], np.arange(len(keys))))[1:]]
    return {"by": by, "keys": keys, "table": np.vstack(rows + [glob]) if rows else glob[None, :]}


def reference_ppf(ref, tasks, u, rows=None):
    """The reference class's quantiles at levels ``u`` (broadcast against the tasks).

    ``rows``: the tasks' :func:`reference_rows`, when the caller reads them at several levels.
    """
    est, codes = reference_rows(ref, tasks) if rows is None else rows
    t = ref["table"]
    pos = np.clip(np.asarray(u, dtype=float), 0.0, 1.0) * (t.shape[1] - 1)
    i = np.minimum(pos.astype(np.intp), t.shape[1] - 2)
    f = pos - i
    return est * (t[codes, i] * (1 - f) + t[codes, i + 1] * f)


def reference_rows(ref, tasks):
    """Each task's estimate (NaN unless above 0) and its row of the reference table (the global's for a person
    without one of their own): what :func:`reference_ppf` reads of the tasks, whatever the levels."""
    est = pd.to_numeric(tasks[S.ESTIMATE], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    est = np.where(est > 0, est, np.nan)
    if ref["by"] is None:
        codes = np.zeros(len(tasks), dtype=np.intp)
    else:
        codes = ref["keys"].get_indexer(pd.Index(factor_values(tasks, ref["by"])))
        codes = np.where(codes >= 0, codes, len(ref["keys"]))
    return est, codes


def choose_stack(parts, cal_map, before, fold, codes=None):
    """Score the model and its quantile stacks with the ratio baselines on ``fold``; pick the best.

    Returns (stack or None, selection table). A stack replaces the model only
    when its mean log pinball on the fold is lower by more than ``STACK_MARGIN``
    and its calibration is as good (within the coverage noise of the fold,
    ``sqrt(0.25 / n)``); ties keep the model. ``codes``: the fold's factor codes
    against ``parts``' levels, when already computed.
    """
    act = fold[S.ACTUAL].to_numpy(dtype=float)
    levels = np.arange(1, 10) / 10
    comp = components(parts, fold, codes)  # the fold's, whatever the stack
    rows = []
    for by in (None, S.ASSIGNEE):
        if by is not None and S.ASSIGNEE not in before.columns:
            continue
        ref = reference_table(before, by)
        ref_rows = reference_rows(ref, fold)
        for w in STACK_WEIGHTS:
            if w == 1.0 and rows:
                continue
            q = _stacked(comp, cal_map, {"weight": w, "ref": ref}, ref_rows if w < 1.0 else None, levels[:, None])
            d = np.log(act)[None, :] - np.log(q)
            pin = float(np.nanmean(np.maximum(levels[:, None] * d, (levels[:, None] - 1) * d)))
            cal = max(calibration_error(lv, calibration_interval(act, q[i]))
                      for i, lv in enumerate(levels) if lv in (0.1, 0.5, 0.8, 0.9))
            name = stack_name(w, by)
            rows.append({"component": name, "weight_on_model": w, "reference": NO_REFERENCE if w == 1 else REF_NAMES[by],
                         "by": by, "pinball": pin, "max_cal_err": cal})
    tab = pd.DataFrame(rows)
    model = tab.iloc[0]
    # calibration as good: within the coverage noise of a fold this size (sd of a share near 0.5)
    tol = max(0.005, float(np.sqrt(0.25 / len(fold))))
    ok = (tab["pinball"] < model["pinball"] * (1 - STACK_MARGIN)) & (tab["max_cal_err"] <= model["max_cal_err"] + tol)
    win = int(tab.loc[ok, "pinball"].idxmin()) if ok.any() else 0
    tab["chosen"] = tab.index == win
    base = tab[tab["weight_on_model"] == 0.0]
    best_base = base.loc[base["pinball"].idxmin()]
    reason = selection_reason(len(fold), model, best_base, tab.loc[win] if win else None)
    tab["reason"] = np.where(tab["chosen"], reason, "")
    chosen = tab.loc[win]
    by = None if pd.isna(chosen["by"]) else chosen["by"]  # a table cell holds "no grouping" as NaN
    stack = None if win == 0 else {"weight": float(chosen["weight_on_model"]), "by": by}
    return stack, tab.set_index("component")[SELECTION_COLUMNS]


def selection_reason(n_tasks: int, model, best_base, winner=None) -> str:
    """Why the selection table's chosen row won on the latest fold of ``n_tasks`` training tasks: the model alone
    (``winner`` None) against ``best_base``, the best reference class alone, or the stack ``winner`` against the
    model (each a row of the table: ``pinball``, ``max_cal_err``, ``reference``).

    The scores are said as the Accuracy sheet's cells show them (pinball losses to four decimals, calibration
    errors to three) and the shares as a "0.0%" cell, halves away from zero: f-strings had rounded them to even.
    """
    if winner is None:
        return (f"the model's log pinball on the latest {n_tasks:,} training tasks, "
                f"{shown_number(model['pinball'], 'num4')}, is "
                f"{shown_number(1 - model['pinball'] / best_base['pinball'], 'pct1')} below the best reference class "
                f"({best_base['reference']}); no stack beat it by {shown_number(STACK_MARGIN, 'pct1')}")
    return (f"on the latest {n_tasks:,} training tasks this stack's log pinball, "
            f"{shown_number(winner['pinball'], 'num4')}, beat the model's {shown_number(model['pinball'], 'num4')} "
            f"by {shown_number(1 - winner['pinball'] / model['pinball'], 'pct1')} with calibration within noise "
            f"({shown_number(winner['max_cal_err'], 'num3')} against {shown_number(model['max_cal_err'], 'num3')})")


def stacked_quantiles(parts, cal_map, stack, tasks, u, codes=None, comp=None):
    """Calibrated quantiles at levels ``u``, stacked with the reference when a stack is given.

    ``comp``: the tasks' :func:`~.mixture.components` under ``parts``, when the caller already has them
    (else computed from ``codes``, the tasks' factor codes, when given).
    """
    comp = components(parts, tasks, codes) if comp is None else comp
    return _stacked(comp, cal_map, stack, _stack_rows(stack, tasks), u)


def _stack_rows(stack, tasks):
    """The tasks' :func:`reference_rows` under ``stack``'s reference; None when the model stands alone."""
    return None if stack is None or stack["weight"] >= 1.0 else reference_rows(stack["ref"], tasks)


def _stacked(comp, cal_map, stack, rows, u):
    """:func:`stacked_quantiles` from what it reads of the tasks: their components and reference rows ``rows``."""
    out = raw_ppf(comp, on_grid(np.asarray(u, dtype=float), cal_map))
    if rows is not None:
        ref = reference_ppf(stack["ref"], None, u, rows)
        w = stack["weight"]
        with np.errstate(divide="ignore"):
            out = np.exp(w * np.log(out) + (1 - w) * np.log(ref)) if w > 0 else ref
        # the reference's ratios are every size band's: the stack keeps the task's own band's limits
        out = np.clip(out, *tail_limits(comp))
    return out


def stacked_cdf(parts, cal_map, stack, tasks, hours, strict=False, comp=None):
    """``P(A <= hours)`` (``P(A < hours)`` if strict) of the stacked distribution, by bisection on the level.

    ``comp``: the tasks' :func:`~.mixture.components` under ``parts``, when the caller already has them. They
    and the tasks' reference rows are read once, not at each of the bisection's steps.
    """
    h = np.asarray(hours, dtype=float)
    comp = components(parts, tasks) if comp is None else comp
    rows = _stack_rows(stack, tasks)
    lo, hi = np.zeros(len(tasks)), np.ones(len(tasks))
    for _ in range(30):
        mid = 0.5 * (lo + hi)
        q = _stacked(comp, cal_map, stack, rows, mid)
        below = q < h if strict else q <= h
        lo, hi = np.where(below, mid, lo), np.where(below, hi, mid)
    # an end never moved is exact: every level's quantile lay above (below) the hours, so the chance is 0 (1),
    # not the last midpoint's 2**-31 that read as a probability of finishing under the whole distribution
    f = np.where(lo == 0.0, 0.0, np.where(hi == 1.0, 1.0, 0.5 * (lo + hi)))
    return np.where(np.isfinite(h), f, np.nan)
