"""Reference classes for the model's quantile stacks: the global and per-assignee ratio distributions."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core import schema as S
from .features import factor_values

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
_REF_GRID = np.linspace(0.0, 1.0, 201)
#: A person needs this many finished tasks for their own ratio table in the per-assignee reference.
REF_MIN_TASKS = 10


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


def reference_ppf(ref, tasks, u):
    """The reference class's quantiles at levels ``u`` (broadcast against the tasks)."""
    est = pd.to_numeric(tasks[S.ESTIMATE], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    est = np.where(est > 0, est, np.nan)
    if ref["by"] is None:
        codes = np.zeros(len(tasks), dtype=np.intp)
    else:
        codes = ref["keys"].get_indexer(pd.Index(factor_values(tasks, ref["by"])))
        codes = np.where(codes >= 0, codes, len(ref["keys"]))
    t = ref["table"]
    pos = np.clip(np.asarray(u, dtype=float), 0.0, 1.0) * (t.shape[1] - 1)
    i = np.minimum(pos.astype(np.intp), t.shape[1] - 2)
    f = pos - i
    return est * (t[codes, i] * (1 - f) + t[codes, i + 1] * f)
