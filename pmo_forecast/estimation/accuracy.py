"""Estimation accuracy: a calibrated predictive distribution of actual hours given an estimate.

The model (:class:`EstimationAccuracyModel`) is a three-part mixture per task:
an under-run, a point mass where the actual is booked exactly to the estimate,
and an overrun. The probabilities of the three and the typical size of a miss on
each side carry empirical-Bayes (partially pooled) effects for assignee, task
type, project and size band, fitted with recency weights. A final recalibration
on the most recent training history maps the requested levels onto the levels
that really held there.

The parts it is built from are modules of their own: ``features`` (the tasks it
learns from, size bands, group values, the accuracy by group), ``mixture`` (the
three-part mixture fitted on a slice of history, and its raw distribution),
``pooling`` (the shrunk group effects), ``quantiles`` (the level grid), ``tail``
(the bounded generalised Pareto tail), ``recalibration`` (the maps chosen on
rolling-origin folds), ``reference`` (the ratio distributions it is stacked with,
and the stacks) and ``estimator`` (the not-fitted error and the parameter
conventions it shares with the baselines).

The model is a scikit-learn estimator (``sklearn.base.BaseEstimator``): ``get_params``,
``set_params`` and ``sklearn.base.clone`` work as with any scikit-learn model. Its
prediction paths use numpy and pandas only; importing this module loads
``sklearn.base`` (not the learners), which the simulation modules never import.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.utils import estimator_html_repr

from ..core import schema as S
from ..core.checks import whole_count
from ..core.exceptions import DataQualityWarning, SettingsWarning, SmallSampleWarning, warn
from ..core.labels import (
    ACCURACY_TABLES,
    SETTING_VALUES,
    agree,
    id_list,
    in_words,
    sentence_start,
    too_few,
)
from ..core.results import fixed, html_table
from .booking import booked, booked_edge, choose_unit, on_unit, resolve_unit, unit_candidates
from .estimator import NotFittedError, ParamsMixin, is_number
from .features import (
    ESTIMATE_VALUE,
    FACTORS,
    FOLDS_IN_ROW_ORDER,
    ROW_ORDER,
    SIZE_BAND,
    SIZE_EDGES,
    SIZE_LABELS,
    SPREAD_MIN_TASKS,
    finished_tasks,
    group_table,
    history_order_unsaid,
    history_read,
    left_out,
    left_out_text,
    n_misses,
    require_frame,
    size_band,
    size_band_label,
)
from .mixture import (
    SCALE_MIN_TASKS,
    components,
    factor_codes,
    fit_design,
    fit_parts,
    raw_cdf,
    raw_pinball,
    raw_pit,
    raw_ppf,
    tail_limits,
)
from .pooling import MIN_REPLICATION
from .quantiles import GRID, on_grid, requested_levels
from .recalibration import (
    CHECK_LEVELS,
    RECALIBRATIONS,
    SHIFT_ALPHA,
    SHIFT_STRATEGY,
    choose_recalibration,
    inverse_map,
    strategy_map,
)
from .reference import (
    REF_MIN_TASKS,
    REF_NAMES,
    SELECTION_COLUMNS,
    SMALL_HISTORY_WEIGHT,
    STACK_MARGIN,
    STACK_WEIGHTS,
    choose_stack,
    reference_table,
    stack_name,
    stacked_cdf,
    stacked_quantiles,
)
from .tail import TAIL_CAP, TAIL_MIN_BAND, TAIL_SHARE
from .team_bias import Z_95

# the names that lived here until the model's parts got modules of their own (stop 27) stay importable
__all__ = ["ESTIMATE_VALUE", "FACTORS", "FOLD_FIT_MAX", "HALF_LIVES", "MIN_REPLICATION", "RECALIBRATIONS",
           "REF_MIN_TASKS", "SCALE_MIN_TASKS", "SELECTION_COLUMNS", "SHIFT_ALPHA", "SHIFT_STRATEGY", "SIZE_BAND",
           "SIZE_EDGES", "SIZE_LABELS", "SMALL_HISTORY_WEIGHT", "SPREAD_MIN_TASKS", "STACK_MARGIN", "STACK_WEIGHTS",
           "TAIL_CAP", "TAIL_MIN_BAND", "TAIL_SHARE", "TOP_SUBLEVELS", "EstimationAccuracyModel", "NotFittedError",
           "ParamsMixin", "finished_tasks", "size_band"]

#: Recency half-lives (days) tried on the recent history when ``half_life_days="auto"``.
HALF_LIVES = (None, 730.0, 365.0, 182.0)
#: The rolling-origin fold models (half-life and recalibration choice) learn from at most this many
#: of the latest tasks before their fold.
FOLD_FIT_MAX = 200_000
#: Levels across the top block of :meth:`EstimationAccuracyModel.quantile_table` whose mean fills its last column.
TOP_SUBLEVELS = 16


def _per_task(values, n: int, name: str) -> np.ndarray:
    """``values`` as hours, one per task (one value: the same for all); numpy's broadcast error otherwise."""
    try:
        return np.broadcast_to(np.asarray(values, dtype=float), (n,))
    except (TypeError, ValueError):
        raise ValueError(f"{name}: give hours as one number or one per task ({n}), got {in_words(values)}.") from None


class EstimationAccuracyModel(BaseEstimator, ParamsMixin):
    """Calibrated forecast of a task's actual hours from its estimate, person, type and project.

    Parameters
    ----------
    factors : tuple of str, or str
        Grouping columns whose effects are partially pooled (empirical Bayes); one
        name alone is one factor. ``"size_band"`` is derived from the estimate,
        ``"estimate_value"`` groups tasks by their exact estimate (heaped values),
        and ``"a:b"`` is the interaction of two factors. Schema columns missing
        from the data are left out; a name that is no column at all is warned.
    calibration_share : float
        Share of the training history, most recent by finish date, on which the
        levels are recalibrated and the half-life is chosen (0 turns both off);
        where some tasks have no finish date, at most the dated ones (``n_undated_``).
    calibration_folds : int
        That recent history is cut into this many consecutive folds (at least
        50 tasks each); each is forecast by a model fitted on everything before
        it (rolling origin). Their losses choose the half-life; their PITs
        choose and build the recalibration (see Notes). Five by default, as
        measured (docs/estimation.md, "The method in full").
    half_life_days : float, None or "auto"
        Recency weighting: a task finished this many days before the latest one
        counts half. None weights all history equally; "auto" picks the
        candidate in ``HALF_LIVES`` (None, 730, 365, 182) whose model, fitted
        on the earlier history, forecasts the recent history best (mean log
        pinball loss over levels 0.1 to 0.9).
    min_tasks : int
        Fewer usable finished tasks than this raises ``ValueError``.
    random_state : int, Generator or None
        Seed for the randomised PIT used in recalibration, and the default
        seed of ``sample``.
    booking_unit : float, None or "auto"
        Unit actuals are booked in, hours (0.25 for quarter hours). "auto"
        learns it from the actuals (:func:`~pmo_forecast.estimation.booking.booking_unit`:
        the largest common unit that at least 95% of them are whole multiples
        of); None treats actuals as continuous. See Notes.

    Attributes
    ----------
    coef_ : ndarray (2,)
        Intercept and slope of log(actual) on log(estimate) among tasks not
        booked exactly to the estimate (the log-log line; slope < 1 means small
        tasks run over and large ones under).
    effects_ : dict
        factor -> DataFrame (index = group; size bands in points, ``"16-40"``, for story-point
        estimates) with ``effect`` (shrunk log-scale
        effect on actual hours, the same non-exact tasks, other factors held
        fixed), ``effect_sd`` (its posterior sd) and ``p_exact`` (shrunk
        change in the probability of booking exactly to the estimate).
    tau_ : dict
        factor -> between-group sd of ``effect`` (method of moments).
    half_life_ : float or None
        The recency half-life used, days.
    calibration_map_ : ndarray
        Model level that held at each level of an even grid on ``[0, 1]`` in
        the recent history (the identity when uncalibrated).
    selection_ : pandas.DataFrame
        The model and its quantile stacks with the global and per-assignee ratio
        baselines, scored on the latest validation fold (the model with its
        recalibration from the earlier folds): ``weight_on_model``,
        ``reference``, ``pinball`` (mean log pinball, levels 0.1 to 0.9),
        ``max_cal_err`` (q = 0.1/0.5/0.8/0.9), ``chosen`` and ``reason``.
    stack_weight_ : float
        Weight of the model in the quantile stack used (1: the model alone).
    recalibration_ : dict
        The recalibration strategy chosen (``strategy``), why (``reason``) and
        each strategy's mean squared coverage error on the later folds (``losses``);
        for a "level shift", also the shift on the probit scale (``shift``), each
        fold's own (``fold_shifts``) and the t-test's p-value (``shift_p``).
    n_tasks_ : int
        Number of tasks learned from.
    n_left_out_ : dict
        Done tasks not learned from, by reason (:func:`~pmo_forecast.estimation.features.left_out`):
        ``"no estimate"``, ``"actual 0"`` (time probably not logged), ``"no actual"``; only the
        reasons that occur. The notebook display and the planning pack's Assumptions say them.
    n_undated_ : int
        Of those, tasks without a finish date: taken as the oldest history (lowest recency
        weight, never in the recalibration folds); the planning pack's Assumptions say so.
        Too few dated tasks for a fold of 50: the model is hedged as a short history is
        (``SmallSampleWarning``); none dated: the folds follow the table's row order, which
        a ``DataQualityWarning`` and ``recalibration_["reason"]`` say.
    booking_unit_ : float or None
        The booking unit used, hours (None: actuals treated as continuous).
    booking_ : pandas.DataFrame
        The booking units considered (index ``unit``; None is continuous): ``share_on_unit``
        of the training actuals, ``coverage_loss`` and ``pinball`` on the later rolling-origin
        folds, ``chosen`` and ``reason`` (:func:`~pmo_forecast.estimation.booking.choose_unit`).

    See Also
    --------
    pmo_forecast.backtest : the time-ordered backtest against the baselines.
    pmo_forecast.reference_class_uplift : the reference-class uplift by group.
    pmo_forecast.estimation.baselines : the baselines the model must beat.

    Notes
    -----
    For a task with estimate ``e`` the actual ``A`` is

    * ``e`` exactly, with probability ``p_exact`` (booked to the estimate);
    * above ``e`` with probability ``(1 - p_exact) * q_over``, where
      ``log(log(A / e)) = mu_over + s_over * Z_over``;
    * below ``e`` otherwise, where ``log(log(e / A)) = mu_under + s_under * Z_under``.

    ``p_exact``, ``q_over``, ``mu_over`` and ``mu_under`` are each ``a + b log(e)``
    plus partially pooled group effects; the spread ``s`` is learnt per size band.
    The levels are recalibrated on rolling-origin folds of the recent history, the
    model is compared there with the ratio reference classes and stacked with them
    when they forecast better, the tail is a bounded generalised Pareto, and actuals
    booked in a unit give booked quantiles. The method in full, with the measurements
    behind each choice: docs/estimation.md, "The method in full".

    Examples
    --------
    >>> from pmo_forecast import load_sample, EstimationAccuracyModel
    >>> tasks = load_sample().tasks
    >>> model = EstimationAccuracyModel(random_state=0).fit(tasks)
    >>> model.predict_quantiles(tasks.head(3)).shape
    (3, 3)
    """

    def __init__(self, factors=FACTORS, calibration_share=0.4, half_life_days="auto",
                 min_tasks=30, calibration_folds=5, random_state=None, booking_unit="auto"):
        self.calibration_folds = calibration_folds
        self.booking_unit = booking_unit
        self.factors = factors
        self.calibration_share = calibration_share
        self.half_life_days = half_life_days
        self.min_tasks = min_tasks
        self.random_state = random_state

    # BaseEstimator's get_params and repr; the mixin's set_params (its message names the valid parameters)
    set_params = ParamsMixin.set_params

    def _factor_names(self) -> tuple[str, ...]:
        """The factors as a tuple: one name alone is one factor (not its letters)."""
        return (self.factors,) if isinstance(self.factors, str) else tuple(self.factors)

    def _check_factors(self, data: pd.DataFrame) -> None:
        """A factor that is neither a column of the data nor of the task schema is a typo:
        warned, not silently left out as a schema column the export lacks is."""
        known = {*S.TASKS.names, SIZE_BAND, ESTIMATE_VALUE, *data.columns}
        unknown = sorted({p for f in self._factor_names() for p in str(f).split(":") if p not in known})
        if unknown:
            # the groupings a factor can name, in words: it had listed every column as Python writes names ('a',
            # 'b'), hours and dates among them, which group nothing
            groups = sorted(str(c) for c in data.columns if not (pd.api.types.is_numeric_dtype(data[c])
                                                                 or pd.api.types.is_datetime64_any_dtype(data[c])))
            warn(f"{agree(len(unknown), 'factor', 'factors')} {in_words(unknown)}: no column of the task table or the "
                 "task schema, left out; a factor groups the tasks by a column of theirs (such as "
                 f"{in_words(groups, len(groups))}), by '{SIZE_BAND}' (the estimate's size band) or "
                 f"'{ESTIMATE_VALUE}' (the exact estimate), or by two of these joined with ':' "
                 f"('{S.ASSIGNEE}:{S.TASK_TYPE}')", SettingsWarning)

    def _check_params(self) -> None:
        """Every parameter checked before any work: ``set_params`` and ``clone`` take anything, as in scikit-learn."""
        share = self.calibration_share
        if not (is_number(share) and 0 <= share < 1):
            raise ValueError(f"calibration_share must be in [0, 1), got {in_words(share, kind=True)}.")
        hl = self.half_life_days
        if not (hl is None or (isinstance(hl, str) and hl == "auto") or (is_number(hl) and 0 < hl < np.inf)):
            raise ValueError("half_life_days must be a positive number of days, None or 'auto', got "
                             f"{in_words(hl, kind=True)}.")
        for name in ("min_tasks", "calibration_folds"):  # 2.5 was cut to 2 and 0 to 1 folds, NaN skipped the check
            value = getattr(self, name)
            if whole_count(value) is None:
                raise ValueError(f"{name} must be a whole number of at least 1, got {in_words(value, kind=True)}.")
        names = self.factors
        if not isinstance(names, str) and not (isinstance(names, list | tuple | np.ndarray | pd.Index)
                                               and all(isinstance(f, str) for f in names)):
            raise ValueError(f"factors must be a column name or a list of them, got {in_words(names, kind=True)}.")
        twice = sorted({f for f in self._factor_names() if self._factor_names().count(f) > 1})
        if twice:  # the two copies split one effect between them, and effects_ kept one half
            raise ValueError(f"factors name {in_words(twice)} more than once; give each factor once.")
        try:
            np.random.default_rng(self.random_state)
        except (TypeError, ValueError):
            raise ValueError(f"random_state must be a non-negative whole number, a numpy Generator or None, "
                             f"got {in_words(self.random_state, kind=True)}.") from None

    # --- fitting --------------------------------------------------------------
    def fit(self, tasks: pd.DataFrame, y=None):
        """Learn from finished tasks (status done, estimate > 0, actual > 0); returns ``self``.

        A finish date far beyond or before the rest of the data (a typo year: 2204 for 2024) is read as blank, as the
        planning pack reads it, and warned (:func:`~pmo_forecast.estimation.features.history_read`): the task is
        then taken as the oldest history, as any without a finish date.
        """
        self._check_params()
        tasks, data = history_read(tasks, "EstimationAccuracyModel.fit")
        self._check_factors(data)
        unit = resolve_unit(self.booking_unit, data[S.ACTUAL])
        if len(data) < self.min_tasks:
            self._refuse_too_few(tasks, len(data))
        rng = np.random.default_rng(self.random_state)
        n_cal = int(round(self.calibration_share * len(data)))
        n_undated = int(data[S.FINISHED].isna().sum()) if S.FINISHED in data.columns else len(data)
        # the folds are the latest history, where a task without a finish date cannot be placed: they take
        # the dated tasks only (finished_tasks puts the undated first); with no dates at all, the row order
        # stands for the order of finishing (said below)
        few_dated = 0 < len(data) - n_undated < n_cal
        if few_dated:
            n_cal = len(data) - n_undated
        candidates = HALF_LIVES if isinstance(self.half_life_days, str) else (self.half_life_days,)
        cal_map, half_life = GRID.copy(), candidates[0]
        stack = None
        self.selection_ = pd.DataFrame(columns=SELECTION_COLUMNS)
        folds = max(1, min(int(self.calibration_folds), n_cal // 50))
        n_fold = n_cal // folds
        self.recalibration_ = {"strategy": "none", "reason": "no recalibration (calibration_share=0)"}
        auto_unit = isinstance(self.booking_unit, str)
        units = unit_candidates(data[S.ACTUAL], unit) if auto_unit else [unit]
        cuts = [len(data) - n_cal + k * n_fold for k in range(folds)] + [len(data)]
        # each fold's model learns the spread of the misses before it: a team that books its estimates and
        # only lately its real time has too few misses there, and the fit failed naming a fold's slice
        misses = n_misses(data)
        if misses[-1] < SPREAD_MIN_TASKS:
            raise ValueError(f"EstimationAccuracyModel.fit: {int(misses[-1])} of the {len(data)} finished tasks have "
                             f"an actual different from their estimate; at least {SPREAD_MIN_TASKS} are needed to learn "
                             "the spread.")
        fold_misses = min(int(misses[a] - misses[max(0, a - FOLD_FIT_MAX)]) for a in cuts[:-1])
        few_misses = n_fold >= 50 and fold_misses < SPREAD_MIN_TASKS
        # why no later fold may check the larger units: one fold asked for had read as too few tasks
        unchecked = ("calibration_share=0" if self.calibration_share == 0 else "calibration_folds=1"
                     if int(self.calibration_folds) == 1 else "too few misses before the folds" if few_misses
                     else "too few tasks for two folds of 50")
        self.booking_ = choose_unit(units, None, CHECK_LEVELS, data[S.ACTUAL], given=not auto_unit,
                                    unchecked=unchecked)[1]
        if n_fold >= 50 and len(data) - n_cal >= self.min_tasks and not few_misses:
            half_life, cal_map, stack, unit = self._recalibrate_on_folds(
                data, candidates, cuts, units, unit, unchecked, n_undated, rng)
        elif self.calibration_share > 0:
            stack = self._hedge_small_history(data, cuts, fold_misses, few_misses, few_dated, n_undated)
        self.half_life_ = half_life
        self._parts_ = p = self._fit_parts(data, half_life)
        self.calibration_map_ = cal_map
        if stack is not None:  # the chosen reference, refitted on all the history
            stack = {**stack, "ref": reference_table(data, stack["by"])}
        self._stack_ = stack
        self.stack_weight_ = 1.0 if stack is None else stack["weight"]
        self._set_learnt(tasks, data, p, unit, n_undated)
        return self

    def _refuse_too_few(self, tasks: pd.DataFrame, n_tasks: int) -> None:
        """Refuse a fit on fewer than ``min_tasks`` finished tasks, saying why so few could count."""
        unknown = sorted(map(str, set(tasks[S.STATUS].dropna()) - set(S.STATUSES))) \
            if S.STATUS in tasks else []
        hint = (f" The status column holds values that are not the package's ({', '.join(S.STATUSES)}): "
                f"{id_list(map(repr, unknown), 5)}; load the export with pmo_forecast.load_tasks, which maps a tracker's statuses."
                if unknown else "")
        from ..inputs.inferred_people import no_actuals_text

        if none := no_actuals_text(tasks):  # no task can count, whatever its status: say why
            hint += f" {sentence_start(none)}: log the time spent on finished tasks."
        raise ValueError(f"EstimationAccuracyModel.fit: {too_few(n_tasks, 'finished task')} with estimate > 0 "
                         f"and actual > 0; at least min_tasks={self.min_tasks} are needed.{hint}")

    def _recalibrate_on_folds(self, data, candidates, cuts, units, unit, unchecked, n_undated, rng):
        """On the rolling-origin folds: choose the half-life, the recalibration, the booking unit and the stack
        with the reference classes (sets ``recalibration_``, ``booking_`` and ``selection_``).

        Returns the half-life, the calibration map, the stack (None: the model alone) and the booking unit.
        """
        # rolling origin: fit up to each fold, score the fold; folds pooled
        # fold models learn from at most the latest FOLD_FIT_MAX tasks before the fold: keeps fitting O(n)
        # with a small constant on millions of tasks (the final model uses everything)
        # (one design per fold, shared by the half-life candidates: only their weights differ)
        designs = [self._design(data.iloc[max(0, a - FOLD_FIT_MAX):a]) for a in cuts[:-1]]
        # the fold fits only predict: no "bias" part, which only the final fit's summary reports
        fits = [[self._fit_parts(None, h, designs[k], bias=False) for h in candidates] for k in range(len(designs))]
        # the fold's codes against its training levels, the same for every candidate: computed once
        fold_codes = [factor_codes(data.iloc[a:cuts[k + 1]], designs[k]["factors"], designs[k]["levels"])
                      for k, a in enumerate(cuts[:-1])]
        scores = np.zeros(len(candidates))
        if len(candidates) > 1:
            for k, a in enumerate(cuts[:-1]):
                scores += [raw_pinball(f, data.iloc[a:cuts[k + 1]], fold_codes[k]) for f in fits[k]]
        best = int(np.argmin(scores))
        half_life = candidates[best]
        pits = [raw_pit(fits[k][best], data.iloc[a:cuts[k + 1]], rng, fold_codes[k])
                for k, a in enumerate(cuts[:-1])]
        pits = [u[np.isfinite(u)] for u in pits]
        cal_map, self.recalibration_ = choose_recalibration(pits)
        if len(units) > 1:
            unit, self.booking_ = self._choose_unit(data, units, cuts, [f[best] for f in fits],
                                                    fold_codes, pits, unchecked)
        # never worse than the reference classes: on the latest fold, the model as it would have stood
        # (its map from the earlier folds only) against quantile stacks with the ratio baselines
        fold_map = strategy_map(self.recalibration_["strategy"], pits[:-1])
        stack, self.selection_ = choose_stack(fits[-1][best], fold_map,
                                              data.iloc[max(0, cuts[-2] - FOLD_FIT_MAX):cuts[-2]],
                                              data.iloc[cuts[-2]:], fold_codes[-1])
        # said, as the backtest says its split: one finish date for every dated task orders nothing either
        dates = data[S.FINISHED].dropna() if n_undated < len(data) else None
        order = None
        if dates is None:
            order = FOLDS_IN_ROW_ORDER
        elif dates.nunique() == 1:
            order = (f"every finish date is the same ({dates.iloc[0]:%Y-%m-%d}): the recalibration folds follow "
                     f"{ROW_ORDER}")
        if order is not None:
            self.recalibration_["reason"] += f"; {order}"
            if history_order_unsaid():  # the backtest fitting it on its training part has said its split's
                warn(f"EstimationAccuracyModel.fit: {order}.", DataQualityWarning)
        return half_life, cal_map, stack, unit

    def _hedge_small_history(self, data, cuts, fold_misses, few_misses, few_dated, n_undated) -> dict:
        """Too little history to check the model forward in time: stacked half and half with the global
        ratio distribution, said (sets ``recalibration_`` and ``selection_``, warns). Returns the stack."""
        # nothing to check the model against: hedge it with the team's ratio distribution
        few = (f"{fold_misses} of the {cuts[0]} finished tasks before the recalibration folds with an actual "
               f"different from their estimate" if few_misses
               else f"{len(data) - n_undated} of {len(data)} finished tasks with a finish date" if few_dated
               else f"{len(data)} finished tasks")
        self.recalibration_ = {"strategy": "none", "reason": f"only {few}: too few to recalibrate"}
        stack = {"weight": SMALL_HISTORY_WEIGHT, "by": None}
        need = (f"a fold's model needs {SPREAD_MIN_TASKS} to learn the spread" if few_misses
                else "folds of at least 50 tasks")
        reason = (f"only {few}: too few to check the model forward in time ({need}), so it is stacked half and "
                  "half with the global ratio distribution")
        self.selection_ = pd.DataFrame([{"weight_on_model": SMALL_HISTORY_WEIGHT, "reference": REF_NAMES[None],
                                         "pinball": np.nan, "max_cal_err": np.nan, "chosen": True,
                                         "reason": reason}],
                                       index=pd.Index([stack_name(SMALL_HISTORY_WEIGHT, None)],
                                                      name="component"))
        warn(f"Only {few}: too few to recalibrate on recent history or to check "
             "the model against the baselines; quantiles are uncalibrated, half the model's and half "
             "the global ratio distribution's.", SmallSampleWarning)
        return stack

    def _set_learnt(self, tasks: pd.DataFrame, data: pd.DataFrame, p: dict, unit, n_undated: int) -> None:
        """The fitted attributes read from the final fit's parts ``p``: coefficients, group effects, counts."""
        bias = p["bias"]
        self.coef_ = bias["coef"]
        self.tau_ = dict(zip(p["factors"], np.sqrt(bias["taus"]), strict=True))
        # + 0.0: a negative group mean shrunk all the way gave -0.0, shown as "-0.0" in summary and the pack's CSVs
        self.effects_ = {f: pd.DataFrame({"effect": bias["effects"][j][:-1] + 0.0, "effect_sd": bias["sds"][j][:-1],
                                          "p_exact": p["exact"]["effects"][j][:-1] + 0.0},
                                         index=pd.Index(p["levels"][j], name=f))
                         for j, f in enumerate(p["factors"])}
        self.n_tasks_ = len(data)
        self.n_left_out_ = left_out(tasks)
        self.n_undated_ = n_undated
        self.booking_unit_ = unit
        self._groups_ = group_table(data, p["factors"], self.effects_)
        if S.estimates_in_points(tasks):  # hours over points is a rate: an hour above a point is no overrun
            for table in self._groups_.values():
                table[["share_over", "share_exact"]] = np.nan
        if S.estimates_in_points(tasks) and SIZE_BAND in self._groups_:  # the bands' edges read as points
            for table in (self.effects_[SIZE_BAND], self._groups_[SIZE_BAND]):
                table.index = table.index.map(lambda b: size_band_label(b, points=True))

    def _choose_unit(self, data, units, cuts, fits, codes, pits, unchecked):
        """The booking unit, checked on the later rolling-origin folds (:func:`~.booking.choose_unit`).

        Each later fold's quantiles come from the model fitted before it, with the
        recalibration the chosen strategy builds from the earlier folds.
        """
        folds = []
        for k in range(1, len(pits)):
            fold = data.iloc[cuts[k]:cuts[k + 1]]
            comp = components(fits[k], fold, codes[k])
            cal = strategy_map(self.recalibration_["strategy"], pits[:k])
            q = raw_ppf(comp, on_grid(CHECK_LEVELS[:, None], cal))
            folds.append((q, comp[0], *tail_limits(comp), fold[S.ACTUAL].to_numpy(dtype=float)))
        return choose_unit(units, folds, CHECK_LEVELS, data[S.ACTUAL], unchecked=unchecked)

    def _design(self, data: pd.DataFrame) -> dict:
        """What a fit on ``data`` needs beyond the half-life (:func:`~.mixture.fit_design`, this model's factors)."""
        return fit_design(data, self._factor_names())

    def _fit_parts(self, data: pd.DataFrame, half_life, design: dict | None = None, bias: bool = True) -> dict:
        """The mixture's parts fitted on ``data``, or on its ``design`` if computed (:func:`~.mixture.fit_parts`;
        ``bias=False``: without the part only the summary reads)."""
        return fit_parts(self._design(data) if design is None else design, half_life, bias)

    # --- the calibrated predictive distribution -------------------------------
    def cdf(self, tasks: pd.DataFrame, hours, strict: bool = False) -> np.ndarray:
        """Calibrated chance that each task's actual is at most ``hours`` (array-like, one per task).

        ``strict``: the chance that it is below ``hours``; the two differ where
        the distribution has mass (the estimate, a booked value).
        """
        self._check_fitted()
        comp = components(self._parts_, tasks)
        return self._cdf(comp, tasks, _per_task(hours, len(tasks), "hours"), strict)

    def _cdf(self, comp, tasks, hours, strict=False):
        """:meth:`cdf` from the tasks' components ``comp``, for callers that need it twice or need ``comp`` too."""
        h = np.broadcast_to(np.asarray(hours, dtype=float), comp[0].shape)
        booked_task = on_unit(comp[0], self.booking_unit_)
        if booked_task.any():  # a booked value collects its whole cell
            h = np.where(booked_task, booked_edge(h, self.booking_unit_, strict), h)
        if self._stack_ is not None:
            f = stacked_cdf(self._parts_, self.calibration_map_, self._stack_, tasks, np.where(h > 0, h, np.nan),
                            strict, comp=comp)
            return np.where(np.isfinite(comp[0]), np.where(h > 0, f, np.where(np.isfinite(h), 0.0, np.nan)), np.nan)
        lo, hi = raw_cdf(comp, np.where(h > 0, h, np.nan))
        raw = lo if strict else hi
        out = np.where(np.isfinite(h), 0.0, np.nan)  # no hours (or under one booked unit): nothing below
        ok = np.isfinite(raw)
        out[ok] = inverse_map(raw[ok], self.calibration_map_)
        return np.where(np.isfinite(comp[0]), out, np.nan)

    def ppf(self, tasks: pd.DataFrame, u, at_least=None) -> np.ndarray:
        """Predicted actual hours at probability levels ``u`` (broadcast to ``(n, len(tasks))``).

        ``at_least`` (hours per task, NaN for none) conditions on the actual
        exceeding it, e.g. the hours already booked on work in progress: level
        ``u`` then means ``F(at_least) + u * (1 - F(at_least))``. Rows without a
        usable estimate give NaN.
        """
        self._check_fitted()
        u = np.asarray(u, dtype=float)
        if not np.all((u >= 0) & (u <= 1)):  # NaN too: it indexed the grid far out of range
            bad = np.unique(u[~((u >= 0) & (u <= 1))])
            raise ValueError(f"probability levels must lie between 0 and 1, got {in_words(bad, 5)}.")
        comp = components(self._parts_, tasks)
        return self._ppf(comp, tasks, u, *self._conditioned_on(comp, tasks, at_least))

    def _conditioned_on(self, comp, tasks, at_least) -> tuple:
        """``at_least`` per task and the chance below it (0 where there is none), from the tasks' components
        ``comp``; ``(None, None)`` without ``at_least``. Read once for :meth:`_ppf` at several levels."""
        if at_least is None:
            return None, None
        at_least = _per_task(at_least, len(tasks), "at_least")
        f0 = self._cdf(comp, tasks, at_least)
        return at_least, np.where(np.isfinite(f0), f0, 0.0)

    def _ppf(self, comp, tasks, u, at_least, f0) -> np.ndarray:
        """:meth:`ppf` at checked levels ``u`` from the tasks' components ``comp`` and :meth:`_conditioned_on`."""
        if at_least is not None:
            u = f0 + u * (1 - f0)
        if self._stack_ is not None:
            out = stacked_quantiles(self._parts_, self.calibration_map_, self._stack_, tasks, u, comp=comp)
        else:
            out = raw_ppf(comp, on_grid(u, self.calibration_map_))
        booked_task = on_unit(comp[0], self.booking_unit_)
        if booked_task.any():  # booked values, inside the tail bounds
            low, high = tail_limits(comp)
            bounded = booked(out, self.booking_unit_, low=low, high=high)
            out = np.where(booked_task, bounded, out)
        if at_least is not None:  # the grid's interpolation can land a hair below the bound
            out = np.maximum(out, np.nan_to_num(np.asarray(at_least, dtype=float), nan=0.0))
        return out

    def pit(self, tasks: pd.DataFrame, random_state=None) -> np.ndarray:
        """Randomised probability integral transform of each task's actual hours under the model.

        Uniform within the point mass when the actual equals the estimate, and
        within a booked value's cell when actuals are booked in a unit; NaN
        where the actual or the estimate is missing or not positive. Under a
        calibrated model the values are uniform on (0, 1).
        """
        self._check_fitted()
        require_frame(tasks)
        if S.ACTUAL not in tasks.columns:
            return np.full(len(tasks), np.nan)
        rng = np.random.default_rng(random_state)
        if self._stack_ is not None or self.booking_unit_ is not None:
            act = pd.to_numeric(tasks[S.ACTUAL], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
            act = np.where(act > 0, act, np.nan)
            comp = components(self._parts_, tasks)
            lo, hi = self._cdf(comp, tasks, act, strict=True), self._cdf(comp, tasks, act)
            return lo + rng.random(len(act)) * (hi - lo)
        u = raw_pit(self._parts_, tasks, rng)
        ok = np.isfinite(u)
        out = np.full(len(u), np.nan)
        out[ok] = inverse_map(u[ok], self.calibration_map_)
        return out

    def predict_proba(self, tasks: pd.DataFrame) -> pd.DataFrame:
        """Chance that each task's actual comes in under, exactly on, or over its estimate.

        Calibrated like the quantiles: ``under`` is the level of the last
        quantile below the estimate. Columns ``under``, ``exact``, ``over``; same index.
        """
        self._check_fitted()
        comp = components(self._parts_, tasks)
        est = comp[0]
        under, at_or_below = self._cdf(comp, tasks, est, strict=True), self._cdf(comp, tasks, est)
        out = pd.DataFrame({"under": under, "exact": at_or_below - under, "over": 1 - at_or_below},
                           index=tasks.index)
        out.loc[~np.isfinite(est)] = np.nan
        return out

    def quantile_table(self, tasks: pd.DataFrame, n_levels: int = 200, at_least=None) -> np.ndarray:
        """Predicted hours at levels ``(k + 0.5) / n_levels``: array ``(len(tasks), n_levels)``.

        Resampling integer column indices uniformly from this table simulates
        the predictive distribution quickly. The last column holds the mean of
        the top ``1 / n_levels`` of the distribution (``TOP_SUBLEVELS`` levels
        across it) rather than its midpoint, so that a row's average is the
        distribution's mean: with the midpoint the skewed top block was cut, and
        summed means came out about 1% low. Rows without an estimate are NaN.
        ``at_least`` conditions on hours already spent, as in :meth:`ppf`.
        """
        if isinstance(n_levels, bool | np.bool_) or not isinstance(n_levels, int | np.integer) or n_levels < 1:
            raise ValueError(f"n_levels must be a positive whole number, got {n_levels!r}.")
        self._check_fitted()
        levels = (np.arange(n_levels) + 0.5) / n_levels
        # what the levels read of the tasks (their components, the chance below the hours booked), once
        comp = components(self._parts_, tasks)
        at_least, f0 = self._conditioned_on(comp, tasks, at_least)
        out = np.ascontiguousarray(self._ppf(comp, tasks, levels[:, None], at_least, f0).T)
        top = 1.0 - (np.arange(TOP_SUBLEVELS) + 0.5) / (TOP_SUBLEVELS * n_levels)
        out[:, -1] = self._ppf(comp, tasks, top[:, None], at_least, f0).mean(axis=0)
        return out

    def predict_quantiles(self, tasks: pd.DataFrame, quantiles=(0.1, 0.5, 0.9)) -> pd.DataFrame:
        """Predicted actual hours at each quantile: same index as ``tasks``, float column labels."""
        q = requested_levels(quantiles)
        vals = self.ppf(tasks, q[:, None]).T
        return pd.DataFrame(vals, index=tasks.index, columns=[float(v) for v in q])

    def sample(self, tasks: pd.DataFrame, n_draws: int = 1000, random_state=None) -> np.ndarray:
        """Simulated actual hours, array ``(n_draws, len(tasks))``; ``random_state`` defaults to the model's."""
        self._check_fitted()
        n = whole_count(n_draws)  # 2.7 draws were 2; text and flags are no count
        if n is None:
            raise ValueError(f"n_draws must be a positive whole number, got {n_draws!r}.")
        rng = np.random.default_rng(self.random_state if random_state is None else random_state)
        return self.ppf(tasks, rng.random((n, len(tasks))))

    # --- reporting ------------------------------------------------------------
    def summary(self, by: str = S.ASSIGNEE) -> pd.DataFrame:
        """Accuracy by group: counts, ratio actual/estimate statistics and the pooled bias.

        Parameters
        ----------
        by : str
            ``"assignee"``, ``"task_type"``, ``"project_id"`` or ``"size_band"``;
            or ``"selection"``: which component won on the latest validation fold
            of the training history and why (see :attr:`selection_`); or
            ``"booking"``: the booking units considered and why one was used
            (see :attr:`booking_`).

        Returns
        -------
        pandas.DataFrame
            One row per group (tasks with no group, such as no assignee, in a last row
            ``NO_GROUP``, with no group effect; size bands in points, ``"16-40"``, when the
            estimates are story points): ``n_tasks``, ``median_ratio``, ``share_over``,
            ``share_exact`` (both blank, NaN, when the estimates are story points: hours set against
            points), ``ratio_p10``, ``ratio_p90``, ``bias`` (shrunk
            log-scale effect on actual hours, other factors held fixed),
            ``bias_sd`` (its posterior sd; NaN where nothing was learnt: a factor without effects, or
            a group none of whose tasks missed its estimate) and ``bias_factor`` (``exp(bias)``).
        """
        self._check_fitted()
        if by == "selection":
            return self.selection_.copy()
        if by == "booking":
            return self.booking_.copy()
        if not isinstance(by, str) or by not in self._groups_:  # a list of factors is unhashable: a TypeError
            raise ValueError(f"summary(by={in_words(by, kind=True)}): choose one of "
                             f"{in_words([*sorted(self._groups_), 'selection', 'booking'], len(self._groups_) + 2)}.")
        return self._groups_[by].copy()

    def _repr_html_(self) -> str:
        """In Jupyter a fitted model shows its summary table, as every result does; an unfitted one its
        parameters, as scikit-learn draws them."""
        if not hasattr(self, "coef_"):
            return estimator_html_repr(self)
        # summary()'s own default when the data had assignees; else the first factor learnt, else the selection
        by = S.ASSIGNEE if S.ASSIGNEE in self._groups_ else next(iter(self._groups_), "selection")
        # in words (it read "summary(by='assignee') (also by 'task_type', ...)"): the groups as the Assumptions
        # name the factors, the other tables as ACCURACY_TABLES
        groups = [SETTING_VALUES.get(g, g.replace("_", " ")) for g in self._groups_ if g != by]
        tables = [ACCURACY_TABLES[t] for t in ACCURACY_TABLES if t != by]
        also = "; ".join(filter(None, (f"by {', '.join(groups)}" if groups else "", " and ".join(tables))))
        shown = ACCURACY_TABLES.get(by) or f"accuracy by {SETTING_VALUES.get(by, by.replace('_', ' '))}"
        title = (f"{type(self).__name__} fitted on {fixed(self.n_tasks_)} finished tasks"
                 f"{f' ({said})' if (said := left_out_text(self.n_left_out_)) else ''}: {shown} (also {also})")
        return html_table(title, self.summary(by))

    def _repr_mimebundle_(self, **kwargs) -> dict:
        """What Jupyter shows (it asks for this before ``_repr_html_``): fitted, the text repr and
        :meth:`_repr_html_`; unfitted, scikit-learn's (which follows its ``display`` setting)."""
        if not hasattr(self, "coef_"):
            return super()._repr_mimebundle_(**kwargs)
        return {"text/plain": repr(self), "text/html": self._repr_html_()}

    def plot(self, by: str = S.ASSIGNEE, ax=None):
        """Forest plot of each group's pooled bias factor with a 95% interval; returns the Axes."""
        import matplotlib.pyplot as plt

        self._check_fitted()
        if not isinstance(by, str) or by not in self._groups_:  # "selection", "booking": tables without a bias
            hint = f" (summary(by={by!r}) gives its table)" if isinstance(by, str) else ""
            raise ValueError(f"plot(by={in_words(by, kind=True)}): the forest plot draws a factor's groups; choose "
                             f"one of {in_words(sorted(self._groups_), len(self._groups_))}{hint}.")
        t = self.summary(by).sort_values("bias")
        ax = ax if ax is not None else plt.subplots(figsize=(6, 0.25 * len(t) + 1.5))[1]
        ypos = np.arange(len(t))
        lo, hi = np.exp(t["bias"] - Z_95 * t["bias_sd"]), np.exp(t["bias"] + Z_95 * t["bias_sd"])
        ax.hlines(ypos, lo, hi, color="0.6")
        ax.scatter(t["bias_factor"], ypos, s=12 + 40 * np.sqrt(t["n_tasks"] / t["n_tasks"].max()), zorder=3)
        ax.axvline(1.0, color="k", lw=0.8)
        ax.set_yticks(ypos, [str(i) for i in t.index])
        ax.set_xscale("log")
        ax.set_xlabel("pooled bias factor on actual hours (other factors held fixed)")
        ax.set_ylabel(by)
        ax.set_title(f"Estimation bias by {by}")
        return ax


