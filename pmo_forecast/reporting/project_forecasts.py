"""The planning pack's table of open projects: each one's forecast, how it was made, and the at-risk rule.

:func:`project_table` puts each open project's effort and finish forecasts (or its throughput forecast,
``forecast_method`` says which) in one row, with ``at_risk`` read at the pack's lines
(:func:`risk_threshold`, :func:`pack_risk_rule`). The Summary, Projects and Assumptions sheets and
``summary.html`` (:mod:`~pmo_forecast.reporting.pack_sheets`, :mod:`~pmo_forecast.reporting.assumptions_sheet`)
read it.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..core.labels import natural_key
from ..core.results import percent
from ..forecasting.plan import AT_RISK, at_risk, risk_rule

#: A project is "at risk" when either chance reaches this (:func:`pmo_forecast.forecasting.plan.at_risk`,
#: the one definition used by every sheet, summary.html, scenarios and widgets), unless ``--rag`` moves
#: the red lines: the pack then reads its projects at risk at them (:func:`risk_threshold`).
RISK_THRESHOLD = AT_RISK


def risk_threshold(ctx) -> tuple[float, float]:
    """The pack's ``(late, overrun)`` lines for a project at risk: the red ones of its RAG status."""
    rag = ctx.committee["rag"]  # both lines, the defaults' (RISK_THRESHOLD) where --rag moves neither
    return rag["late"][0], rag["overrun"][0]


def pack_risk_rule(ctx) -> str:
    """The pack's rule for a project at risk, in words, at its lines (:func:`risk_threshold`)."""
    return risk_rule(risk_threshold(ctx), fmt=percent)


def has_values(projects: pd.DataFrame, column: str) -> bool:
    """Whether some project has a value in ``column`` (a budget, a due date): a chart draws it, and its title
    names it, only then (an empty budget series read as "against budget")."""
    return column in projects and bool(projects[column].notna().any())


def effort_column(name: str) -> str:
    """The Projects sheet's name for column ``name`` of the effort forecast's ``by_project()``: a level's
    ``p80`` is ``effort_p80_hours``, the others (``budget_hours``, ``prob_overrun``) keep theirs."""
    return f"effort_{name}_hours" if re.fullmatch(r"p\d+", name) else name


def finish_column(name: str) -> str:
    """The Projects sheet's name for column ``name`` of the finish-date forecast's ``by_project()``: a level's
    ``p80`` is ``finish_p80``, the others (``due``, ``prob_late``) keep theirs."""
    return f"finish_{name}" if re.fullmatch(r"p\d+", name) else name


EFFORT_METHOD = "effort: estimates through the accuracy model"
THROUGHPUT_METHOD = "throughput: items finished per week"
#: No one named in the export: effort from the model, finish dates from the project's throughput.
EFFORT_THROUGHPUT_METHOD = "effort: estimates through the accuracy model; finish: items finished per week"
#: Why a project with estimates on its open work is forecast from throughput all the same: the accuracy
#: model could not be fitted (the Assumptions' "fallback: forecast method" says why, e.g. too few finished tasks).
NO_MODEL_REASON = "too little finished history for the accuracy model"


def throughput_reasons(ctx, projects: pd.DataFrame) -> tuple[int, int]:
    """Projects the pack forecasts from throughput alone (``forecast_method`` :data:`THROUGHPUT_METHOD`), by why.

    Returns
    -------
    without_estimates : int
        Those without a usable estimate on any open task (the effort forecast's own rule,
        :func:`~pmo_forecast.forecasting.overrun.projects_without_estimates`).
    without_model : int
        Those with estimates but no effort forecast: the accuracy model could not be fitted
        (:data:`NO_MODEL_REASON`); a Summary that called them "no hour estimates" was wrong.
    """
    from ..core import schema as S
    from ..forecasting.open_work import projects_without_estimates

    if "forecast_method" not in projects:
        return 0, 0
    ids = projects.loc[(projects["forecast_method"] == THROUGHPUT_METHOD).to_numpy(bool), S.PROJECT_ID].astype(str)
    tasks = ctx.tables["tasks"]
    if S.ESTIMATE not in tasks:
        return len(ids), 0
    none = {str(p) for p in projects_without_estimates(tasks)}
    n_none = int(ids.isin(none).sum())
    return n_none, len(ids) - n_none


def project_table(ctx) -> pd.DataFrame:
    """Per open project: effort and finish forecasts, or the throughput forecast (``forecast_method``)."""
    from ..core import schema as S

    parts = []
    if "overrun" in ctx.forecasts:  # without the projects it has no estimates for: those are throughput's
        parts.append(_effort_table(ctx).assign(forecast_method=EFFORT_METHOD))
    if "throughput" in ctx.forecasts:
        tp = ctx.forecasts["throughput"].by_project()
        t = pd.DataFrame(index=tp.index)
        projects = ctx.tables.get("projects")
        if projects is not None:
            p = projects.drop_duplicates(S.PROJECT_ID).set_index(S.PROJECT_ID)
            p.index = p.index.astype(str)
            for col in (S.MANAGER, S.PROJECT_TYPE, S.DUE, S.BUDGET):
                t[col] = p[col].reindex(tp.index)
        t["remaining_items"] = tp["remaining_items"]
        t["items_per_week"] = tp["mean_weekly_throughput"]
        by_due = ctx.items_by_due
        if by_due:  # items done by the due date (at most those remaining): P50, and the number promised with 80% confidence
            t["items_by_due_p50"] = [by_due[p][0] if p in by_due else np.nan for p in tp.index]
            t["items_by_due_p80"] = [by_due[p][1] if p in by_due else np.nan for p in tp.index]
        for q in ("p50", "p80", "p90"):
            t[finish_column(q)] = tp[q]
        t["finish_p80_after"] = ctx.forecasts["throughput"].after_horizon(0.8)
        t["prob_late"] = tp["prob_late"]
        t["finish_note"] = tp["note"]
        t.index.name = S.PROJECT_ID
        if ctx.nobody and parts:  # one row a project: its effort forecast, then its finish dates
            effort = parts.pop()
            effort[S.PROJECT_ID] = effort[S.PROJECT_ID].astype(str)
            both = t.index.isin(effort[S.PROJECT_ID])
            finish = t[both].drop(columns=[c for c in (S.MANAGER, S.PROJECT_TYPE, S.DUE, S.BUDGET) if c in t])
            parts.append(effort.merge(finish.reset_index(), on=S.PROJECT_ID, how="outer")
                         .assign(forecast_method=EFFORT_THROUGHPUT_METHOD))
            t = t[~both]  # no hour estimates, so no effort forecast: throughput alone
        if len(t):
            parts.append(t.reset_index().assign(forecast_method=THROUGHPUT_METHOD))
    if not parts:
        return pd.DataFrame({S.PROJECT_ID: pd.Series(dtype=str), "forecast_method": pd.Series(dtype=str),
                             "at_risk": pd.Series(dtype=bool)})
    # by forecast method (their columns differ), each in the ids' natural order (PC2 before PC10)
    table = pd.concat([t.sort_values(S.PROJECT_ID, key=natural_key, kind="stable") for t in parts],
                      ignore_index=True)
    nan = np.full(len(table), np.nan)
    table["at_risk"] = at_risk(table.get("prob_late", nan), table.get("prob_overrun", nan),
                               threshold=risk_threshold(ctx))
    return table


def _effort_table(ctx) -> pd.DataFrame:
    from ..core import schema as S

    fc = ctx.forecasts["overrun"].by_project()
    if ctx.points:  # the plan is in points: no hours to compare the forecast with
        from .committee import open_points

        fc = fc.drop(columns=["remaining_estimate_hours", "contingency_p80"]).assign(
            remaining_estimate_points=open_points(ctx.forecasts["overrun"]))
        fc["expected_overrun_hours"] = np.nan
    table = pd.DataFrame(index=fc.index)
    projects = ctx.tables.get("projects")
    if projects is not None:
        p = projects.drop_duplicates(S.PROJECT_ID).set_index(S.PROJECT_ID)
        for col in (S.MANAGER, S.PROJECT_TYPE, S.DUE):
            table[col] = p[col].reindex(fc.index)
    table["budget_hours"] = fc[S.BUDGET]
    table["spent_hours"] = fc["spent_hours"]
    remaining = "remaining_estimate_points" if "remaining_estimate_points" in fc else "remaining_estimate_hours"
    table[remaining] = fc[remaining]
    for q in ("p50", "p80", "p90"):
        table[effort_column(q)] = fc[q]
    for col in ("prob_overrun", "expected_overrun_hours", "contingency_p80"):
        if col in fc:  # story points: no contingency, which adds hours to the plan's points
            table[col] = fc[col]
    if "finish" in ctx.forecasts:
        fin = ctx.forecasts["finish"].by_project()
        for q in ("p50", "p80", "p90"):
            table[finish_column(q)] = fin[q].reindex(fc.index)
        table["finish_p80_after"] = ctx.forecasts["finish"].after_horizon(0.8).reindex(fc.index)
        table["prob_late"] = fin["prob_late"].reindex(fc.index)
        table["finish_note"] = fin["note"].reindex(fc.index)
    table["at_risk"] = at_risk(table.get("prob_late", np.full(len(table), np.nan)), table["prob_overrun"],
                               threshold=risk_threshold(ctx))
    table.index.name = S.PROJECT_ID
    return table.reset_index()
