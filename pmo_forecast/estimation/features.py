"""What the estimators learn from: finished tasks, estimate-size bands and grouping-factor values.

And what the model reports by group: each group's accuracy (:func:`group_table`).
"""

from __future__ import annotations

import contextlib
import re
import warnings

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.as_of import finishes_read
from ..core.checks import require_dates, require_not_negative, require_table, require_unique_columns
from ..core.exceptions import DataQualityWarning, SchemaError, issue_again, warn
from ..core.labels import counted
from ..core.results import fixed
from ..core.schema import EXACT_RTOL  # the schema's, importable from here as before
from ..core.source_lines import placeholder_ids, where_in_table
from ..core.switches import Switch
from ..inputs.cells import is_text, text_as_loaded
from ..inputs.plans import read_assignees

#: Estimate-size bands (hours); a band is a pooled group like an assignee.
SIZE_BAND = "size_band"
SIZE_EDGES = (0.0, 1.0, 2.0, 4.0, 8.0, 16.0, 40.0, 80.0, np.inf)
SIZE_LABELS = ("<=1h", "1-2h", "2-4h", "4-8h", "8-16h", "16-40h", "40-80h", ">80h")
ESTIMATE_VALUE = "estimate_value"
#: Tasks whose actual differs from their estimate (misses) a fit needs to learn their spread.
SPREAD_MIN_TASKS = 10
#: The row of a summary by factor for the tasks with no group (no assignee, no task type).
NO_GROUP = "(none)"
#: The grouping factors, in the order they are pooled.
FACTORS = (S.ASSIGNEE, S.TASK_TYPE, S.PROJECT_ID, SIZE_BAND)


def size_band_label(band: str, points: bool) -> str:
    """A size band as an analyst reads it: ``"16-40h"``, or ``"16-40"`` (story points) when ``points``."""
    return band.removesuffix("h") if points else band


def size_band(estimate) -> pd.Series:
    """The estimate-size band label of each estimate (hours), e.g. ``"4-8h"``."""
    est = pd.Series(estimate, dtype=float)
    codes = np.searchsorted(np.asarray(SIZE_EDGES[1:-1]), est.to_numpy(), side="left")
    out = pd.Series(np.asarray(SIZE_LABELS, dtype=object)[codes], index=est.index, dtype=object)
    return out.where(est > 0)


def require_frame(tasks) -> None:
    """Raise :class:`~pmo_forecast.SchemaError` unless ``tasks`` is a table (an array, one row or a file's name had no
    ``columns``: :func:`~pmo_forecast.core.checks.require_table`) whose column names are each given once."""
    require_table(tasks, "tasks", one_row_hint=True)
    require_unique_columns(tasks, "tasks")


def require_hours(tasks: pd.DataFrame, col: str, numbers_as_text: bool = False) -> None:
    """Raise :class:`~pmo_forecast.SchemaError` when column ``col`` holds text, not numbers of hours.

    Text such as "2,5" or "3h" would be dropped from the history without a word, and in a
    forecast failed with numpy's "could not convert string to float". ``numbers_as_text``:
    text that reads as a number ("5", as :func:`pandas.to_numeric` reads it) is accepted.
    """
    values = tasks[col]
    if pd.api.types.is_numeric_dtype(values):
        return
    text = values.notna()
    if numbers_as_text:
        text &= pd.to_numeric(values, errors="coerce").isna()
    if text.any():
        pos = int(np.flatnonzero(text.to_numpy(bool))[0])  # by position: an index may repeat
        where, row = where_in_table(tasks, pos, key=S.TASK_ID)
        raise SchemaError(f"tasks: column {col!r} holds text ({values.dtype} values such as {values.iloc[pos]!r} "
                          f"{where}), not hours; load the table with pmo_forecast.load_tasks, which reads "
                          "units and decimal commas, or convert the column with pandas.to_numeric.",
                          column=col, rows=[row])


def finished_tasks(tasks: pd.DataFrame) -> pd.DataFrame:
    """The rows an accuracy model learns from: done, with estimate > 0 and actual > 0.

    Sorted by finish date (stable) when a ``finished`` column exists. Tasks without a finish
    date come first: they cannot be placed in time, so they are taken as the oldest history,
    never as the latest behaviour.
    """
    require_frame(tasks)
    for col in (S.ESTIMATE, S.ACTUAL):
        if col not in tasks.columns:
            raise SchemaError(f"tasks: column {col!r} is missing; the accuracy model needs estimates and "
                              "actuals of finished tasks (load them with pmo_forecast.load_tasks).", column=col)
        require_hours(tasks, col)
    require_dates(tasks, "tasks")  # the finish dates order the history
    require_not_negative(tasks, "tasks")  # a negative actual was left out as none
    out = tasks.loc[S.finished_with_actuals(tasks)]
    if S.FINISHED in out.columns:
        # NaT is the smallest int64: undated rows sort first
        out = out.iloc[np.argsort(out[S.FINISHED].to_numpy(dtype="datetime64[ns]").view(np.int64), kind="stable")]
    return out


def history_read(tasks: pd.DataFrame, caller: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``tasks`` with its finish dates far beyond or before the rest of the data read as blank
    (:func:`~pmo_forecast.core.as_of.finishes_read`: the one rule, as the planning pack reads its table), warned
    as ``caller``'s and naming each date, and its :func:`finished_tasks`. Read as written, a finish typed 2204 for
    2024 was the latest of the history: in the test part of the backtest's split, in the latest recalibration fold.
    Read as blank, it is a finished task without a finish date (the oldest history; left out of the split)."""
    data = finished_tasks(tasks)  # the table checked first: the rule reads its dates
    read, said = finishes_read(tasks)
    if not said:
        return tasks, data
    warn(f"{caller}: {said}.", DataQualityWarning)
    return read, finished_tasks(read)


#: On within :func:`history_order_said`: the accuracy model's fit leaves the order of its folds unsaid.
_ORDER_SAID = Switch("history_order_said")


def history_order_said():
    """Within it, :meth:`EstimationAccuracyModel.fit <pmo_forecast.EstimationAccuracyModel.fit>` does not warn that
    its recalibration folds follow the table's row order (no finish dates, or one for every task): the caller has
    said the same of the same history. For the backtest, which says its split follows that order and fits the model
    on the training part; ``recalibration_`` still records it."""
    return _ORDER_SAID.on()


def history_order_unsaid() -> bool:
    """False within :func:`history_order_said`: whether the fit says its folds follow the row order."""
    return not _ORDER_SAID


def history_order_recorded():
    """Within it, :meth:`EstimationAccuracyModel.fit <pmo_forecast.EstimationAccuracyModel.fit>` says that its
    recalibration folds follow the table's row order whatever its caller said (:func:`history_order_said`): for a
    fit kept with what it said (:class:`~pmo_forecast.estimation.refit.FitCache`), handed out again to callers that
    have said it or not; :func:`as_said_here` issues its warnings as the fit would there."""
    return _ORDER_SAID.off()


def as_said_here(said: list) -> list:
    """A fit's warnings ``said`` (recorded within :func:`history_order_recorded`) as the fit says them here: without
    its row-order warning within :func:`history_order_said`, where the caller has said it."""
    if history_order_unsaid():
        return said
    return [w for w in said if not (issubclass(w.category, DataQualityWarning) and (
        m := _ORDER_WARNING.fullmatch(str(w.message))) and m[1] == "EstimationAccuracyModel.fit")]


#: What a history without an order in time (no finish dates, or one for every task) is read as.
ROW_ORDER = "the table's row order, taken as the order the tasks finished in"
#: What the backtest's note says, and the accuracy model's recalibration reason ends with, when no finished task has
#: a finish date.
SPLIT_IN_ROW_ORDER = f"no finish dates: the split follows {ROW_ORDER}"
FOLDS_IN_ROW_ORDER = f"no finish dates: the recalibration folds follow {ROW_ORDER}"
#: The fit's and the backtest's warnings of it: who says it, why, and what follows that order.
_ORDER_WARNING = re.compile(r"(EstimationAccuracyModel\.fit|backtest): (.+): the (recalibration folds follow|split "
                            rf"follows) {re.escape(ROW_ORDER)}\.")
_FOLLOWS = {"EstimationAccuracyModel.fit": "the accuracy model's recalibration folds", "backtest": "the backtest's split"}
#: The clause ending a recalibration's reason or a backtest's note (alone, or after "; ") that says its folds or split
#: follow the row order: why, then what follows it.
_ORDER_CLAUSE = re.compile(rf"(?:^|; )([^;]+): the (?:recalibration folds follow|split follows) {re.escape(ROW_ORDER)}$")


def row_order_followed(why: str, who) -> str:
    """The one sentence saying that the row order is taken as the order the tasks finished in, and for whom:
    ``who`` among ``"EstimationAccuracyModel.fit"`` and ``"backtest"`` (the warnings' and the pack's words).

    >>> row_order_followed("no finish dates", ["backtest"])
    "no finish dates: the backtest's split follows the table's row order, taken as the order the tasks finished in"
    """
    who = list(who)
    return f"{why}: {' and '.join(_FOLLOWS[c] for c in who)} {'follows' if len(who) == 1 else 'follow'} {ROW_ORDER}"


def without_row_order(text: str) -> tuple[str, str]:
    """``text`` (a recalibration's reason, a backtest's note) without its last clause saying that its folds or split
    follow the row order, and that clause's why ("" when it has none), for the pack to say the fact once.

    >>> without_row_order("identity: no strategy beat the model; every finish date is the same (2026-06-20): the "
    ...                   "recalibration folds follow the table's row order, taken as the order the tasks finished in")
    ('identity: no strategy beat the model', 'every finish date is the same (2026-06-20)')
    """
    m = _ORDER_CLAUSE.search(text)
    return (text, "") if m is None else (text[:m.start()], m[1])


@contextlib.contextmanager
def history_order_said_once():
    """Within it, the accuracy model's fit and the backtest say once, together, that the table's row order is taken
    as the order the tasks finished in: ``"no finish dates: the accuracy model's recalibration folds and the
    backtest's split follow the table's row order, taken as the order the tasks finished in."``, where the fit's
    and the backtest's warnings said the one fact twice. Every other warning is issued as it was, in its order.

    For the planning pack, which fits the model and backtests it on the same table. The warnings are taken as
    issued (a fit handed out again by :data:`~pmo_forecast.estimation.refit.FITS` says what it said), so a fit or
    a backtest called alone still says its own.
    """
    said: list = []
    try:
        with warnings.catch_warnings(record=True) as said:
            warnings.simplefilter("always")  # issued again below, through the filters in force
            yield
    finally:
        issue_again(_order_once(said))


def _order_once(said: list) -> list:
    """``said`` with the fit's and the backtest's row-order warnings made one, where the first of them was."""
    found = {i: m for i, w in enumerate(said)
             if issubclass(w.category, DataQualityWarning) and (m := _ORDER_WARNING.fullmatch(str(w.message)))}
    who = list(dict.fromkeys(m[1] for m in found.values()))
    if len(who) < 2:  # one of them said it (or neither): nothing said twice
        return said
    first = min(found)
    text = f"{row_order_followed(found[first][2], who)}."
    w = said[first]
    one = warnings.WarningMessage(DataQualityWarning(text), DataQualityWarning, w.filename, w.lineno, source=w.source)
    return [one if i == first else w for i, w in enumerate(said) if i == first or i not in found]


def left_out(tasks: pd.DataFrame) -> dict:
    """Done tasks the accuracy model cannot learn from, by reason (the ones that have some, in this order):
    ``"no estimate"`` (missing or not above 0), ``"actual 0"`` (time probably not logged) and ``"no actual"``
    (missing or negative). With :func:`finished_tasks` they make up every done task."""
    est, act = (pd.to_numeric(tasks[c], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
                for c in (S.ESTIMATE, S.ACTUAL))
    done = (tasks[S.STATUS] == S.DONE).fillna(False).to_numpy(dtype=bool) if S.STATUS in tasks.columns \
        else np.ones(len(tasks), dtype=bool)  # no status: every row counts as done, as in finished_tasks
    rated = done & np.isfinite(est) & (est > 0)
    counts = {"no estimate": int((done & ~rated).sum()), "actual 0": int((rated & (act == 0)).sum()),
              "no actual": int((rated & ~(np.isfinite(act) & (act > 0)) & (act != 0)).sum())}
    return {why: n for why, n in counts.items() if n}


def left_out_text(counts: dict) -> str:
    """:func:`left_out`'s counts in words, ``"40 done tasks left out: 25 no estimate, 15 actual 0"`` (none: ``""``)."""
    if not counts:
        return ""
    n = sum(counts.values())
    return (f"{counted(n, 'done task')} left out: "
            f"{', '.join(f'{fixed(k)} {why}' for why, k in counts.items())}")


def n_misses(tasks: pd.DataFrame) -> np.ndarray:
    """Running count of the tasks whose actual differs from their estimate, ``[0, ...]`` (one more than rows):
    ``n[b] - n[a]`` is the number among rows ``a:b``."""
    est, act = tasks[S.ESTIMATE].to_numpy(float), tasks[S.ACTUAL].to_numpy(float)
    return np.r_[0, np.cumsum(np.abs(act - est) > EXACT_RTOL * est)]


def factor_values(tasks: pd.DataFrame, factor: str) -> np.ndarray:
    """Each task's group for ``factor`` (a column, ``"size_band"``, ``"estimate_value"`` or ``"a:b"``); None if missing.
    A column's text is read as the loaders read it (:func:`~pmo_forecast.inputs.cells.text_as_loaded`: trimmed, a
    blank missing; an assignee as :func:`~pmo_forecast.inputs.plans.read_assignees` reads it: ``Ann[50%]`` is Ann,
    ``TBD`` no one; a task type ``n/a`` none, :func:`~pmo_forecast.core.source_lines.placeholder_ids`), so a table
    given without a loader groups as a loaded one."""
    if ":" in factor:  # interaction: a group per combination, missing if any part is
        parts = [pd.Series(factor_values(tasks, f), dtype=object) for f in factor.split(":")]
        out = parts[0].astype(str)
        for p in parts[1:]:
            out = out + "|" + p.astype(str)
        # as objects: a text column's where(..., None) gives NaN, not the None missing is everywhere else
        return out.astype(object).where(pd.concat(parts, axis=1).notna().all(axis=1), None).to_numpy()
    if factor == ESTIMATE_VALUE:
        return pd.Series(tasks[S.ESTIMATE], dtype=float).round(4).astype(object).to_numpy()
    if factor == SIZE_BAND:
        return size_band(tasks[S.ESTIMATE].to_numpy(dtype=float, na_value=np.nan)).to_numpy()
    if factor not in tasks.columns:
        return np.full(len(tasks), None, dtype=object)
    values = column_as_loaded(tasks, factor)
    return values.astype(object).where(values.notna(), None).to_numpy()


def column_as_loaded(tasks: pd.DataFrame, column: str) -> pd.Series:
    """A task table's ``column`` as the loaders read it: its text trimmed, a blank missing
    (:func:`~pmo_forecast.inputs.cells.text_as_loaded`), an assignee as
    :func:`~pmo_forecast.inputs.plans.read_assignees` reads it (``Ann[50%]`` is Ann, ``TBD`` no one) and a task type
    naming none (``n/a``, ``-``: :func:`~pmo_forecast.core.source_lines.placeholder_ids`) missing. The groups of a
    table given without a loader (the accuracy model's, the demand forecast's), a loaded one's read the same.

    >>> column_as_loaded(pd.DataFrame({"task_type": [" build", "n/a", "-", None]}), "task_type").tolist()
    ['build', <NA>, <NA>, <NA>]
    """
    # a table not loaded: ' Ann' beside 'Ann' were two people, each with a group effect of their own
    values = text_as_loaded(tasks[column])
    if column == S.ASSIGNEE and is_text(values):
        # and 'Ann[50%]' a third, 'TBD' and 'Unassigned' people too: read as load_tasks reads them, Ann and no one
        read = pd.DataFrame({S.ASSIGNEE: values})
        read_assignees(read, {})
        values = read[S.ASSIGNEE]
    elif column == S.TASK_TYPE:  # and 'n/a', '-' types of their own
        values = values.mask(placeholder_ids(values))
    return values


def group_table(data: pd.DataFrame, factors, effects: dict) -> dict:
    """Accuracy by group of each factor: counts, ratio actual/estimate statistics and the pooled bias.

    ``effects``: the model's ``effects_`` (factor -> ``effect`` and ``effect_sd`` by group); the columns
    are those of :meth:`EstimationAccuracyModel.summary <pmo_forecast.EstimationAccuracyModel.summary>`.
    """
    est = data[S.ESTIMATE].to_numpy(dtype=float)
    ratio = data[S.ACTUAL].to_numpy(dtype=float) / est
    exact = np.abs(ratio - 1) <= EXACT_RTOL
    out = {}
    for f in factors:
        g = pd.DataFrame({"g": factor_values(data, f), "r": ratio, "over": ratio > 1 + EXACT_RTOL, "exact": exact})
        grp = g.groupby("g", sort=True)
        agg = grp.agg(n_tasks=("r", "size"), median_ratio=("r", "median"), share_over=("over", "mean"),
                      share_exact=("exact", "mean"))
        # reindexed: a factor with no values at all (an empty task_type column) has no groups
        qs = grp["r"].quantile([0.1, 0.9]).unstack().reindex(columns=[0.1, 0.9])
        agg["ratio_p10"], agg["ratio_p90"] = qs[0.1], qs[0.9]
        eff = effects[f]
        agg["bias"] = eff["effect"].reindex(agg.index).to_numpy()
        agg["bias_sd"] = eff["effect_sd"].reindex(agg.index).to_numpy()
        agg.index.name = f
        if f == SIZE_BAND:
            agg = agg.reindex([b for b in SIZE_LABELS if b in agg.index])
        blank = pd.isna(g["g"]).to_numpy()
        # tasks with no group (no assignee, no type) were in no row: one of their own, last (a column
        # with no values at all groups nothing: no rows)
        if blank.any() and len(agg):
            r = ratio[blank]
            agg.loc[NO_GROUP] = {"n_tasks": int(blank.sum()), "median_ratio": np.median(r),
                                 "share_over": np.mean(r > 1 + EXACT_RTOL), "share_exact": np.mean(exact[blank]),
                                 "ratio_p10": np.quantile(r, 0.1), "ratio_p90": np.quantile(r, 0.9),
                                 "bias": 0.0, "bias_sd": np.nan}  # the model gives them no group effect
        agg["bias_factor"] = np.exp(agg["bias"])
        out[f] = agg
    return out
