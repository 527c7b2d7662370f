"""Reference-class forecasting (Flyvbjerg): the contingency to add to an estimate for a chosen risk.

With story-point estimates (:func:`~pmo_forecast.core.schema.estimates_in_points`) actual / estimate is
hours per point, a rate: the reference class gives the hours per point to plan with, not an uplift.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.exceptions import DataQualityWarning, SchemaError, SmallSampleWarning, warn
from ..core.labels import HOURS_PER_POINT, agree, counted, id_list, in_words, option_refused
from ..core.results import Result
from .features import SIZE_BAND, SIZE_LABELS, factor_values, finished_tasks, size_band_label

ALL = "all"


def _quantile(ratio: np.ndarray, risks) -> np.ndarray:
    # the smallest ratio q with share(actual <= estimate * q) >= risk
    return np.quantile(ratio, np.asarray(risks, float), method="inverted_cdf")


def _risk_label(risk: float) -> str:
    """A risk level as its summary column ends: ``p80`` for 0.8, ``p97.5`` for 0.975."""
    return f"p{100 * risk:g}"


def _uplift(ratio: np.ndarray, risks) -> np.ndarray:
    # an actual within the exact tolerance of its estimate is on it (share_over's rule): no uplift, not 5e-07
    up = _quantile(ratio, risks) - 1.0
    return np.where(np.abs(up) <= S.EXACT_RTOL, 0.0, up)


@dataclass(repr=False)
class UpliftResult(Result):
    """Uplift table and curve from an organisation's own history.

    Attributes
    ----------
    ratios : dict
        group -> ndarray of actual / estimate ratios of the reference class.
    risks : tuple of float
        Levels tabulated by ``summary()``.
    by : str or None
        The grouping column (None: one reference class).
    level : str
        ``"task"`` or ``"project"``.
    points : bool
        The estimates are story points: ``ratios`` are hours per point and the result gives
        :meth:`hours_per_point`, not :meth:`uplift`.
    note : str
        What the reference class left out and why (at project level, finished tasks without a
        project id); empty otherwise.
    """

    ratios: dict
    risks: tuple
    by: str | None = None
    level: str = "task"
    points: bool = False
    note: str = ""

    @property
    def unit(self) -> str:
        """What the result gives: ``"uplift"`` (a share to add to an estimate) or ``"hours per story point"``."""
        return HOURS_PER_POINT if self.points else "uplift"

    @property
    def title(self) -> str:
        per = f" by {self.by}" if self.by else ""
        if self.points:
            return f"Reference-class {HOURS_PER_POINT} ({self.level}s{per}): plan with this rate"
        return f"Reference-class uplift ({self.level}s{per}): add this share to an estimate"

    def _footnote(self) -> str:
        return self.note

    def uplift(self, risk: float, group=ALL) -> float:
        """Uplift (0.25 = +25%) giving a ``1 - risk`` chance of overrunning, for one group."""
        if self.points:
            raise ValueError("The estimates are story points: no uplift on an estimate (hours against points); "
                             "use hours_per_point(risk).")
        return float(_uplift(self._ratios(group), [risk])[0])

    def hours_per_point(self, risk: float, group=ALL) -> float:
        """Story-point estimates: the hours per point to plan with for a ``1 - risk`` chance of needing more."""
        if not self.points:
            raise ValueError("The estimates are hours: use uplift(risk).")
        return float(_quantile(self._ratios(group), [risk])[0])

    def _ratios(self, group) -> np.ndarray:
        """The reference class of ``group``; one the result does not have is named with those it has."""
        if group not in self.ratios:
            raise ValueError(f"no group {group!r} in this {self.unit} (by {self.by or 'nothing'}); choose one of "
                             f"{in_words(list(self.ratios), len(self.ratios))}.")
        return self.ratios[group]

    def summary(self) -> pd.DataFrame:
        """One row per group: ``n`` and the uplift at each risk level (columns ``uplift_p80`` ...); story points:
        ``n`` and the hours per point at each level (``hours_per_point_p80`` ...), no share over the estimate."""
        col = "hours_per_point_" if self.points else "uplift_"
        rows = {g: {"n": len(r), **({} if self.points else {"share_over": float(np.mean(r > 1 + S.EXACT_RTOL))}),
                    **{col + _risk_label(q): v for q, v in
                       zip(self.risks, _quantile(r, self.risks) if self.points else _uplift(r, self.risks),
                           strict=True)}}
                for g, r in self.ratios.items()}
        out = pd.DataFrame.from_dict(rows, orient="index")
        out.index.name = self.by or "reference_class"
        return out

    def plot(self, ax=None, max_groups: int = 8):
        """The Flyvbjerg curve: required uplift against the acceptable chance of overrun; returns the Axes."""
        import matplotlib.pyplot as plt

        ax = ax if ax is not None else plt.subplots(figsize=(6, 4))[1]
        risk = np.linspace(0.05, 0.95, 91)
        groups = sorted(self.ratios, key=lambda g: -len(self.ratios[g]))[:max_groups]
        for g in groups:
            y = _quantile(self.ratios[g], risk) if self.points else 100 * _uplift(self.ratios[g], risk)
            ax.plot(1 - risk, y, label=f"{g} (n={len(self.ratios[g])})")
        if self.points:
            ax.set_xlabel("acceptable chance of needing more hours than planned")
            ax.set_ylabel(f"{HOURS_PER_POINT} to plan with")
        else:
            ax.axhline(0, color="k", lw=0.8)
            ax.set_xlabel("acceptable chance of overrun")
            ax.set_ylabel("required uplift on the estimate, %")
        ax.set_title(self.title.split(":")[0])
        ax.legend(fontsize=7)
        return ax


def reference_class_uplift(tasks: pd.DataFrame, by: str | None = None, risks=(0.5, 0.8, 0.9), *,
                           level: str = "task", min_n: int = 10) -> UpliftResult:
    """Flyvbjerg-style uplift: the contingency on an estimate for a given chance of staying within it.

    Parameters
    ----------
    tasks : pandas.DataFrame
        Canonical task table; finished tasks with estimate and actual > 0 form the
        reference class.
    by : str, optional
        Column to split the reference class by (``"task_type"``, ``"assignee"``,
        ``"size_band"``, ...). None: one class for the whole organisation. With ``level="project"``
        a column with one value per project (a project type): a project is one case.
    risks : sequence of float
        Chances of *not* overrunning to tabulate: 0.8 gives the uplift that a
        forecast overruns only 20% of the time (P80). Each level once (one column each).
    level : {"task", "project"}
        ``"project"`` uses each completed project's total actual / total estimate
        (projects with no open or in-progress tasks left); finished tasks without a project id
        belong to no project: left out, as ``note`` and a ``DataQualityWarning`` say.
    min_n : int
        Groups with fewer cases than this trigger a ``SmallSampleWarning``.

    Returns
    -------
    UpliftResult
        ``summary()`` table (one row per group, plus ``all``) and ``plot()`` curve. Story-point
        estimates: the hours per point to plan with (``unit``), size bands in points (``"16-40"``).

    Examples
    --------
    >>> from pmo_forecast import load_sample, reference_class_uplift
    >>> up = reference_class_uplift(load_sample().tasks, risks=(0.8,))
    >>> round(up.uplift(0.8), 2) > 0
    True
    """
    if level not in ("task", "project"):
        raise ValueError(f"level must be 'task' or 'project', got {level!r}.")
    risks = tuple(float(r) for r in np.atleast_1d(risks))
    if any(not 0 < r < 1 for r in risks):
        raise ValueError(f"risks must lie strictly between 0 and 1, got {in_words(risks)}.")
    labels = [_risk_label(r) for r in risks]
    again = sorted({lab for lab in labels if labels.count(lab) > 1})
    if again:  # one column per level: the second copy overwrote the first, and risks still listed both
        raise ValueError(f"risks {in_words([r for r, lab in zip(risks, labels, strict=True) if lab in again])} share "
                         f"the summary {agree(len(again), 'column', 'columns')} {in_words(again)}; give each risk "
                         "level once.")
    points = S.estimates_in_points(tasks)
    d = finished_tasks(tasks)
    # one column: a list of them (unhashable) raised TypeError
    if by is not None and by != SIZE_BAND and (not isinstance(by, str) or by not in d.columns):
        # the groupings in words, as option_refused says them: it had read as a Python call, "(by='nope')"
        raise ValueError(option_refused("by", "name one column of the finished tasks to group them by ("
                                        f"{in_words(list(d.columns), len(d.columns))}), or '{SIZE_BAND}' to group "
                                        "them by the size of their estimate", by))
    # factor_values: a missing group (pandas' NA in a string column too) is None, compared as no group
    key = None if by is None else factor_values(d, by)
    note = ""
    if level == "project":
        if S.PROJECT_ID not in d.columns:
            raise SchemaError(f"reference_class_uplift(level='project'): column {S.PROJECT_ID!r} is missing; a "
                              "project's tasks are summed by it (use level='task').", column=S.PROJECT_ID)
        open_projects = tasks.loc[tasks[S.STATUS].isin(S.UNFINISHED_STATUSES), S.PROJECT_ID] \
            if S.STATUS in tasks.columns else pd.Series(dtype=object)
        blank = d[S.PROJECT_ID].isna()
        keep = ~d[S.PROJECT_ID].isin(set(open_projects)) & ~blank
        if blank.any():  # no project to add them to: groupby dropped them without a word
            note = (f"{int(blank.sum())} of {counted(len(d), 'finished task')} "
                    f"{agree(int(blank.sum()), 'has', 'have')} "
                    f"no {S.PROJECT_ID} and {agree(int(blank.sum()), 'is', 'are')} left out (a "
                    "project is one case)")
            warn(f"reference_class_uplift: {note}.", DataQualityWarning)
        g = pd.DataFrame({"p": d[S.PROJECT_ID], "e": d[S.ESTIMATE], "a": d[S.ACTUAL],
                          "k": key if key is not None else ALL})[keep]
        _require_one_group_per_project(g, by)
        agg = g.groupby("p").agg(e=("e", "sum"), a=("a", "sum"), k=("k", "first"))
        ratio, key = (agg["a"] / agg["e"]).to_numpy(float), (agg["k"] if by is not None else None)
    else:
        ratio = (d[S.ACTUAL] / d[S.ESTIMATE]).to_numpy(float)
    if len(ratio) == 0:
        raise ValueError(f"reference_class_uplift: no finished {level}s with estimate and actual > 0.")
    ratios = {ALL: ratio}
    if key is not None:
        k = np.asarray(key, dtype=object)
        order = {b: i for i, b in enumerate(SIZE_LABELS)} if by == SIZE_BAND else {}
        for g in sorted({v for v in k if pd.notna(v)}, key=lambda v: (order.get(v, 0), str(v))):
            ratios[size_band_label(g, points) if by == SIZE_BAND else g] = ratio[k == g]
    small = [g for g, r in ratios.items() if len(r) < min_n]
    if small:
        warn(f"reference_class_uplift: {counted(len(small), 'group')} {agree(len(small), 'has', 'have')} fewer "
             f"than {min_n} {level}s ({id_list(small, 5)}); {agree(len(small), 'its', 'their')} "
             f"{'hours per point' if points else 'uplifts'} are rough.", SmallSampleWarning)
    return UpliftResult(ratios, risks, by, level, points, note)


def _require_one_group_per_project(g: pd.DataFrame, by: str | None) -> None:
    """A project is one case at project level: a ``by`` that varies across its tasks (a task type, an assignee,
    a size band) gave it the group of whichever task came first in the table."""
    if by is None:
        return
    n = g.dropna(subset=["k"]).groupby("p")["k"].nunique()
    if (n > 1).any():
        p = n.index[np.argmax(n.to_numpy() > 1)]
        values = sorted(map(str, g.loc[g["p"] == p, "k"].dropna().unique()))
        raise ValueError(f"by must name a column holding one value per project at level 'project' (a project is "
                         f"one case), such as the project's type, or give level='task'; project {p!r} has "
                         f"{len(values)} values of {by!r} ({id_list(values, 5)})")
