"""The planning pack's sheets: each a function of the pack's context (its forecasts, notes and inputs).

:func:`sheets` lays the forecasts run by :func:`pmo_forecast.reporting.export.export_planning_pack`
out as sheets of tables (Summary, Projects, Accuracy, Capacity, Scenarios, Data quality,
Assumptions, then the committee sheets); :func:`summary_html` renders the one-page summary.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from ..core.calendar import HOURS_PER_DAY, WorkingCalendar, far_dates_note
from ..core.exceptions import DataQualityWarning, SmallSampleWarning
from ..core.labels import (
    BOUNDED_AGAIN,
    HOURS_PER_POINT,
    UNBOUNDED_WAIT,
    estimate_unit,
    estimates_named,
    label,
)
from ..core.results import fixed, percent, round_number
from ..core.workbook import Block, Sheet
from ..forecasting.demand import TASK_HOURS
from ..forecasting.plan import AT_RISK, at_risk, reaches, risk_lines, risk_rule
from ..inputs.parsing import TWO_WAY
from ..scenarios.scenario import NO_FINISH_ROW, NOT_ASSESSED_ROW

SUMMARY_HTML = "summary.html"

#: A project is "at risk" when either chance reaches this (:func:`pmo_forecast.forecasting.plan.at_risk`,
#: the one definition used by every sheet, summary.html, scenarios and widgets), unless ``--rag`` moves
#: the red lines: the pack then reads its projects at risk at them (:func:`risk_threshold`).
RISK_THRESHOLD = AT_RISK


def risk_threshold(ctx) -> tuple[float, float]:
    """The pack's ``(late, overrun)`` lines for a project at risk: the red ones of its RAG status."""
    rag = (getattr(ctx, "committee", None) or {}).get("rag") or {}
    return (rag.get("late", (RISK_THRESHOLD,))[0], rag.get("overrun", (RISK_THRESHOLD,))[0])


def _rule(ctx, **kw) -> str:
    return risk_rule(risk_threshold(ctx), fmt=percent, overrun="P(over budget)", **kw)
NO_REQUESTS_NOTE = ("no PM-pool request log (--requests), so no queue section. With one (request_id, "
                    "requested, done; started and touch_hours if you have them) this sheet would show the "
                    "PM pool's utilisation, how long approvals wait against the M/M/c queue model, and "
                    "what one more PM or more time for approvals would change")
#: What the task loader was given, echoed in its detected facts, not found in the file: the mapping and the
#: Inputs sheet say these. Every other detected fact not starting with "_" is on the Assumptions sheet.
LOADER_GIVEN = ("file", "status_map", "units_given", "units_mapped", "hours_per_day", "step_aside")
#: The capacity sheet's window around the forecast date, in weeks.
CAPACITY_WEEKS_BACK, CAPACITY_WEEKS_AHEAD = 12, 26
#: Projects listed on the one-page summary.html (all of them are in the workbook).
HTML_MAX_PROJECTS = 20
#: Most validation findings listed in the workbook (all of them go to the CSV).
MAX_FINDINGS_IN_SHEET = 5_000


#: The utilisation columns over everyone: the people's own work (as the roles), and that plus the
#: work still to arrive (``--new-work``), which nobody is assigned to yet.
ALL_STAFF, WITH_NEW_WORK = "all staff", "all staff with new work"

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
    from ..forecasting.overrun import projects_without_estimates

    if "forecast_method" not in projects:
        return 0, 0
    ids = projects.loc[(projects["forecast_method"] == THROUGHPUT_METHOD).to_numpy(bool), S.PROJECT_ID].astype(str)
    tasks = ctx.tables["tasks"]
    if S.ESTIMATE not in tasks:
        return len(ids), 0
    none = {str(p) for p in projects_without_estimates(tasks)}
    n_none = int(ids.isin(none).sum())
    return n_none, len(ids) - n_none


def _project_table(ctx) -> pd.DataFrame:
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
            t[f"finish_{q}"] = tp[q]
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
    table = pd.concat(parts, ignore_index=True)
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
        table[f"effort_{q}_hours"] = fc[q]
    for col in ("prob_overrun", "expected_overrun_hours", "contingency_p80"):
        if col in fc:  # story points: no contingency, which adds hours to the plan's points
            table[col] = fc[col]
    if "finish" in ctx.forecasts:
        fin = ctx.forecasts["finish"].by_project()
        for q in ("p50", "p80", "p90"):
            table[f"finish_{q}"] = fin[q].reindex(fc.index)
        table["finish_p80_after"] = ctx.forecasts["finish"].after_horizon(0.8).reindex(fc.index)
        table["prob_late"] = fin["prob_late"].reindex(fc.index)
        table["finish_note"] = fin["note"].reindex(fc.index)
    table["at_risk"] = at_risk(table.get("prob_late", np.full(len(table), np.nan)), table["prob_overrun"],
                               threshold=risk_threshold(ctx))
    table.index.name = S.PROJECT_ID
    return table.reset_index()


def _count_row(measure: str, projects: pd.DataFrame, columns: list[str], what: str, flag=None,
               line: float = RISK_THRESHOLD) -> tuple:
    """A headline count of projects at or above the risk threshold, out of those that have the chance.

    A project without a due date (budget) has no P(late) (P(over budget)): counting it as "not
    at risk" would claim what nobody knows, so the measure names how many have one, and with
    none the count is blank.
    """
    chances = projects[[c for c in columns if c in projects]]
    known = chances.notna().any(axis=1)
    hit = projects[flag].astype(bool) if flag else pd.Series(reaches(chances, line).any(axis=1), index=chances.index)
    if known.all():
        return measure, int(hit.sum()), "int"
    if not known.any():
        return f"{measure}: no project has {what}", np.nan, "int"
    return f"{measure}, of the {int(known.sum())} with {what}", int((hit & known).sum()), "int"


def _kpis(ctx, projects: pd.DataFrame) -> pd.DataFrame:
    from ..core import schema as S

    tasks = ctx.tables["tasks"]
    done = tasks[S.finished_with_actuals(tasks)]
    ratio = done[S.ACTUAL] / done[S.ESTIMATE]
    late_line, over_line = risk_lines(risk_threshold(ctx))
    rows = [
        ("Forecast date (as of)", ctx.as_of, "date"),
        ("Open projects forecast", len(projects), "int"),
        ("Open and in-progress tasks", int(tasks[S.STATUS].isin(S.UNFINISHED_STATUSES).sum()), "int"),
    ]
    if "overrun" in ctx.forecasts:
        from .committee import effort_scope

        port = ctx.forecasts["overrun"].portfolio().iloc[0]
        scope = effort_scope(ctx.forecasts["overrun"])  # projects without hour estimates are not in these
        of = f", {scope}" if scope else ""
        rows += [
            (f"Effort still to spend, P50{of} (hours)", port["p50"] - port["spent_hours"], "hours"),
            (f"Effort still to spend, P80{of} (hours)", port["p80"] - port["spent_hours"], "hours"),
        ]
        if not ctx.points:  # story points: no plan in hours to compare with
            rows += [
                (f"Remaining estimate, as planned{of} (hours)", port["remaining_estimate_hours"], "hours"),
                (f"Contingency to be 80% sure, {scope or 'all projects'} (hours)", port["contingency_p80"], "hours"),
                _count_row(f"Projects with P(over budget) >= {percent(over_line)}", projects, ["prob_overrun"],
                           "a budget", line=over_line),
            ]
    if "forecast_method" in projects:
        n_none, n_no_model = throughput_reasons(ctx, projects)
        if n_none or not n_no_model:
            rows.append((f"Projects forecast from throughput (no {estimates_named(ctx.points)})", n_none, "int"))
        if n_no_model:  # estimated, but the model could not be fitted: not "no estimates"
            rows.append((f"Projects forecast from throughput ({estimates_named(ctx.points)}, but {NO_MODEL_REASON})",
                         n_no_model, "int"))
    if "prob_late" in projects:
        rows.append(_count_row(f"Projects with P(late) >= {percent(late_line)}", projects, ["prob_late"],
                               "a due date", line=late_line))
    rows.append(_count_row(f"Projects at risk ({_rule(ctx)})", projects,
                           ["prob_late", "prob_overrun"], "a due date or a budget", flag="at_risk"))
    median = float(ratio.median()) if len(ratio) else np.nan
    if ctx.points:  # hours over points: a rate, and "over estimate" has no meaning across units
        rows.append((f"Finished tasks: median {HOURS_PER_POINT}", median, "num"))
    else:
        rows += [
            ("Finished tasks: median actual / estimate", median, "num"),
            ("Finished tasks: share over estimate", float((ratio > 1).mean()) if len(ratio) else np.nan, "pct"),
        ]
    if "workload" in ctx.forecasts:
        util = _weekly_utilisation(ctx)
        # the weeks ahead with work still to do: a week of finished work only (nothing open) is not planned
        wl = ctx.forecasts["workload"]
        planned = wl.table.loc[wl.table[S.OPEN_HOURS] > 0, "period"].unique()
        ahead = util[(util["week"] >= wl.first_period_ahead) & util["week"].isin(planned)]
        if len(ahead):
            rows.append((f"Peak weekly utilisation ahead, {ALL_STAFF}", float(ahead[ALL_STAFF].max()), "pct"))
            if WITH_NEW_WORK in ahead:  # --new-work: said apart, the roles have no share of it
                rows.append((f"Peak weekly utilisation ahead, {WITH_NEW_WORK} (nobody assigned yet)",
                             float(ahead[WITH_NEW_WORK].max()), "pct"))
            if "people" in ctx.tables:  # a team's average can hide the one person the plan overloads
                over = wl.over_capacity(ctx.tables["people"])
                rows.append(("People over capacity in a week ahead", int(over.sum()), "int"))
                if len(fast := _above_capacity(ctx)):  # the dates' pace, not extra work (the Capacity sheet says)
                    rows.append(("People the finish dates plan above their stated capacity", len(fast), "int"))
    if "queue" in ctx.forecasts:
        fit = ctx.forecasts["queue"]
        # the log's waits, as the Capacity sheet's observed working days show them: the Scenarios
        # table beside them on summary.html gives the queueing model's, which differ
        rows += [("PM-pool utilisation (queue model)", fit.queue.utilisation, "pct"),
                 ("Approval wait, mean, observed (working days)",
                  float(np.mean(fit.observed_waits)) / HOURS_PER_DAY, "days"),
                 ("Approval wait, P90, observed (working days)",
                  float(np.quantile(fit.observed_waits, 0.9)) / HOURS_PER_DAY, "days"),
                 ("Hands-on time per request (hours)", fit.service_hours, "num")]
    return pd.DataFrame(rows, columns=["measure", "value", "_kind"])


def _by_risk(projects: pd.DataFrame) -> pd.DataFrame:
    """Projects with ``risk`` (the larger of P(over budget) and P(late)), highest first."""
    out = projects.copy()
    cols = [c for c in ("prob_overrun", "prob_late") if c in out]
    out["risk"] = out[cols].max(axis=1) if cols else np.nan
    return out.sort_values(["risk", "project_id"], ascending=[False, True], kind="stable")


def _headline_note(ctx, projects: pd.DataFrame) -> str:
    """Which figures the headline totals are: the summed trials' percentiles, not the sum of the Projects
    sheet's columns (larger at P80: a reader adding that column up would not find the headline)."""
    if "overrun" not in ctx.forecasts:
        return ""
    to_spend = (projects["effort_p80_hours"] - projects["spent_hours"]).sum()
    sums = [f"{fixed(to_spend)} hours still to spend"]
    if "contingency_p80" in projects and projects["contingency_p80"].notna().any():
        sums.append(f"{fixed(projects['contingency_p80'].sum())} hours of contingency")
    if "cost_p80" in projects:
        sums.append(f"a cost of {fixed(projects['cost_p80'].sum())}")
    totals = "effort still to spend, cost" if ctx.points else "effort still to spend, contingency, cost"
    port = ctx.forecasts["overrun"].portfolio().iloc[0]
    # one project (or projects that move together) reaches its P80 in the same futures: the sums are the total
    more = to_spend > port["p80"] - port["spent_hours"] + 0.5
    adds = (f"add up to more ({', '.join(sums)}): not every project reaches its own P80 in the same future" if more
            else f"add up to the same ({', '.join(sums)})")
    return (f"Totals over the open projects ({totals}) are percentiles of their "
            f"hours added up in each simulated future, so P80 is the whole portfolio's; the Projects sheet's "
            f"80%-sure figures {adds}. The 'Finished tasks' rows count all of the history.")


def _summary_sheet(ctx, projects: pd.DataFrame) -> Sheet:
    from .committee import finish_as_shown

    kpis = _kpis(ctx, projects)
    risk = finish_as_shown(_by_risk(projects))
    risk = risk[risk["at_risk"]]
    keep = [c for c in ("project_id", "manager", "due", "finish_p80", "prob_late", "budget_hours",
                        "effort_p80_hours", "prob_overrun", "contingency_p80") if c in risk]
    return Sheet("Summary", "Planning pack: summary",
                 [Block("summary", "Headline numbers", kpis[["measure", "value"]],
                        formats={"value": kpis["_kind"].tolist()}, note=_headline_note(ctx, projects)),
                  Block("at-risk", f"Projects at risk ({_rule(ctx, overrun_first=True)})",
                        risk[keep].reset_index(drop=True),
                        note="Sorted by the larger of the two chances. All open projects: sheet Projects.")],
                 note=f"As of {ctx.as_of:%Y-%m-%d}; {ctx.n_trials:,} Monte Carlo trials, seed {ctx.seed}. "
                      f"Probabilities are chances from the simulation; hours are effort at completion.",
                 charts=[("fan", "projects")] if "overrun" in ctx.forecasts else [], labels=True)


def _projects_sheet(ctx, projects: pd.DataFrame) -> Sheet:
    note = "Effort: total hours at completion (spent + simulated remaining work + scope growth)."
    if not ctx.points:  # story points: no contingency column
        note += " contingency_p80: hours to add to the plan (spent + remaining estimate) to be 80% sure."
    if "finish" in ctx.notes:
        note += f" No finish dates: {ctx.notes['finish']}."
    if "throughput" in ctx.forecasts:
        n_none, n_no_model = throughput_reasons(ctx, projects)
        named = estimates_named(ctx.points)
        said = f"have no {named} on their open work"
        if n_no_model:  # estimated, but the model could not be fitted: not "no estimates"
            why = ([f"{n_none} without {named} on their open work"] if n_none else []) + [
                f"{n_no_model} with {named}, but {NO_MODEL_REASON}: see 'fallback: forecast method' in Assumptions"]
            said = f"have no effort forecast ({'; '.join(why)})"
        note += (f" {n_none + n_no_model} projects (forecast_method 'throughput') {said}: their finish dates "
                 "come from the project's own items finished per week over the last "
                 "26 weeks, resampled (remaining_items, items_per_week; items_by_due_p80: the number of items done "
                 "by the due date in 80% of trials); they have no effort or budget figures.")
    return Sheet("Projects", "Open projects: effort, budget and finish dates",
                 [Block("projects", "Per project", projects)], note=note, labels=True)


def _team_table(ctx) -> pd.DataFrame:
    """Ratio actual / estimate of finished tasks by the assignee's role."""
    from ..core import schema as S
    from ..forecasting.workload import UNASSIGNED

    tasks, people = ctx.tables["tasks"], ctx.tables["people"]
    done = tasks[S.finished_with_actuals(tasks)]
    role = done[S.ASSIGNEE].map(people.drop_duplicates(S.PERSON).set_index(S.PERSON)[S.ROLE])
    ratio = (done[S.ACTUAL] / done[S.ESTIMATE]).rename("ratio")
    # a task without an assignee is no one's, as the workload by team counts it, not someone missing from people
    team = role.astype(object).fillna("(not in people table)").where(done[S.ASSIGNEE].notna(), UNASSIGNED)
    g = ratio.groupby(team.rename("team"))
    # on the estimate within the model's tolerance, as the blocks by person and type count it: 0.12 days of
    # 7.5 hours is 0.8999999999999999 h, booked as 54 minutes (0.9 h) it read as an overrun here only
    table = pd.DataFrame({"n_tasks": g.size(), "median_ratio": g.median(),
                          "share_over": g.apply(lambda r: (r > 1 + S.EXACT_RTOL).mean()),
                          "share_exact": g.apply(lambda r: ((r - 1).abs() <= S.EXACT_RTOL).mean()),
                          "ratio_p10": g.quantile(0.1),
                          "ratio_p90": g.quantile(0.9)})
    return _per_point(table) if ctx.points else table


def _per_point(table: pd.DataFrame) -> pd.DataFrame:
    """An accuracy table for story-point estimates: actual / estimate is hours per point, a rate, so no
    share over (or exactly on) the estimate, which would set hours against points (the model names its
    size bands in points itself)."""
    from ..core import schema as S

    return table.drop(columns=["share_over", "share_exact"]).rename(columns=S.PER_POINT_COLUMNS)


def _accuracy_sheet(ctx) -> Sheet:
    from ..core import schema as S
    from ..estimation.features import SIZE_BAND

    model = ctx.forecasts.get("model")
    if model is None:
        return Sheet("Accuracy", "Estimation accuracy", [],
                     note=f"{ctx.notes['model'][0].upper()}{ctx.notes['model'][1:]}.")
    blocks, left_out = [], []
    size = "By estimate size (story points)" if ctx.points else "By estimate size"
    tasks = ctx.tables["tasks"]
    for by, title in ((S.ASSIGNEE, "By person"), (S.TASK_TYPE, "By task type"), (SIZE_BAND, size),
                      (S.PROJECT_ID, "By project")):
        try:
            table = model.summary(by=by)
        except ValueError:
            table = None  # the model was fitted without this factor
        if table is None or table.empty:  # a block that is not there (or reads "(none)") says why
            empty = by != SIZE_BAND and (by not in tasks.columns or not tasks[by].notna().any())
            why = f"no task has a {by.replace('_', ' ')}" if empty else f"the accuracy model was fitted without {by}"
            left_out.append(f"No table {title[0].lower()}{title[1:]}: {why}.")
            continue
        blocks.append(Block(f"accuracy-{by.replace('_', '-')}", title, _per_point(table) if ctx.points else table))
    if "people" in ctx.tables:
        blocks.insert(1, Block("accuracy-team", "By team (the person's role in the people table)", _team_table(ctx),
                               note=f"Raw {'hours per point' if ctx.points else 'ratios'} of finished tasks, not "
                                    "pooled: a team is the sum of its people."))
    if "backtest" in ctx.forecasts:
        blocks.append(Block("backtest", "Backtest: fit on the earliest 70% of finished tasks, test on the rest",
                            ctx.forecasts["backtest"].summary(),
                            note="Calibration error 0 means the P-levels held on the held-out tasks; "
                                 "lower pinball loss is better."))
    note = ("Ratio = actual / estimate on finished tasks. bias: the pooled (shrunk) log effect on actual "
            "hours, other factors held fixed; bias_factor = exp(bias).")
    if ctx.points:
        note = ("The estimates are story points: hours per point = actual hours / story points on finished tasks, "
                "a rate, so no share over the estimate (hours against points); size bands in story points. bias: "
                "the pooled (shrunk) log effect on actual hours, other factors held fixed; bias_factor = exp(bias), "
                "the group's hours per point against the whole history's.")
    note = " ".join([note, *left_out])
    if "backtest" in ctx.notes:
        note += f" {ctx.notes['backtest']}."
    return Sheet("Accuracy", "Estimation accuracy", blocks, note=note)


def _window(ctx, periods) -> np.ndarray:
    """Periods within the capacity window around the forecast date."""
    lo = ctx.as_of - pd.Timedelta(weeks=CAPACITY_WEEKS_BACK)
    hi = ctx.as_of + pd.Timedelta(weeks=CAPACITY_WEEKS_AHEAD)
    periods = pd.DatetimeIndex(periods)
    return np.asarray((periods >= lo) & (periods <= hi))


def _weekly_utilisation(ctx) -> pd.DataFrame:
    """Demand over capacity per week, for all staff and for each role (people table).

    All staff and the roles add up the same rows, the people's own work, so all staff is never
    above every role. The work still to arrive (``--new-work``: the ``(new work)`` row, nobody's
    yet and without capacity) is the column :data:`WITH_NEW_WORK`: the staff's demand plus it,
    over the same capacity.
    """
    from ..core import schema as S
    from ..forecasting.workload import NEW_WORK

    t = ctx.forecasts["workload"].table
    new = t["key"].eq(NEW_WORK).to_numpy(bool)
    people = ctx.tables["people"].drop_duplicates(S.PERSON).set_index(S.PERSON)
    t = t.assign(role=t["key"].map(people[S.ROLE]).fillna("other"), staff=t[S.DEMAND_HOURS].where(~new, 0.0),
                 arriving=t[S.DEMAND_HOURS].where(new, 0.0))
    g = t.groupby("period")
    capacity = g[S.CAPACITY_HOURS].sum().where(lambda c: c > 0)
    out = pd.DataFrame({ALL_STAFF: g["staff"].sum() / capacity})
    if new.any():
        out[WITH_NEW_WORK] = (g["staff"].sum() + g["arriving"].sum()) / capacity
    by_role = t[~new].groupby(["period", "role"])[[S.DEMAND_HOURS, S.CAPACITY_HOURS]].sum()
    ratio = (by_role[S.DEMAND_HOURS] / by_role[S.CAPACITY_HOURS].where(by_role[S.CAPACITY_HOURS] > 0)).unstack()
    for role in sorted(ratio.columns):
        if ratio[role].notna().any():
            out[str(role)] = ratio[role]
    out = out[_window(ctx, out.index)]
    out.index.name = "week"
    return out.reset_index()


def _people_have(n: int) -> str:
    return f"{n} {'people have' if n != 1 else 'person has'}"


def _capacity_sheet(ctx) -> Sheet:
    blocks, charts = [], []
    if "workload" in ctx.forecasts:
        blocks += _workload_blocks(ctx)
        charts.append(("utilisation", "utilisation"))
    if "queue" in ctx.forecasts:
        fit = ctx.forecasts["queue"]
        queue = fit.summary()
        kinds = ["int" if m in ("requests", "completed", "servers") else
                 "pct" if m in ("availability", "utilisation", "flow_efficiency", "little_discrepancy") else "num"
                 for m in queue.index]
        queue.index = [label(m) for m in queue.index]  # plain measure names, units from the one label map
        blocks.append(Block("queue", "PM-pool queue fitted from the request log (working hours)",
                            queue.rename_axis("measure"), formats={"value": kinds}))
        waits = fit.wait_comparison()
        waits.index = [label(i) for i in waits.index]
        blocks.append(Block("queue-waits", "Approval waits: observed against the queueing model",
                            waits.rename_axis("statistic")))
    note = " ".join(f"{v[0].upper()}{v[1:]}." for k, v in ctx.notes.items() if k in ("workload", "new_work", "queue",
                                                                                   "queue_checks"))
    return Sheet("Capacity", "Capacity: utilisation and the PM-pool queue", blocks, note=note, charts=charts,
                 labels=True)


def _above_capacity(ctx) -> pd.Series:
    """Pace (share of stated capacity) of the people with open work whom the finish dates plan
    faster than their stated capacity: the delivered pace x the slip learnt from the history
    can exceed 1, and the Capacity sheet's weeks over 100% are then that pace, not extra work."""
    if "finish" not in ctx.forecasts or "workload" not in ctx.forecasts:
        return pd.Series(dtype=float)
    person = ctx.forecasts["finish"].by_person()
    fast = (person["pace"] > 1 + 1e-6) & (person["open_estimate_hours"] > 0)
    return person.loc[fast, "pace"]


def _pace_note(ctx) -> str:
    """Why people the dates plan above their stated capacity show over 100% (empty when none)."""
    fast = _above_capacity(ctx)
    if fast.empty:
        return ""
    n = len(fast)
    return (f" The finish dates plan {n} {'people' if n != 1 else 'person'} faster than their stated capacity "
            f"(up to {percent(fast.max())} of it: the delivered pace and the finish-date slip learnt from the "
            "history, Assumptions' 'finish dates: capacity used'); their weeks over 100% are the pace the dates "
            "rely on. If that pace is not kept, the dates move out; if it is, the stated capacity is too low.")


def _pool_note(ctx) -> str:
    """How the PMs' row relates to the PM-pool queue: the same request hours against a share of their week."""
    if "queue" not in ctx.forecasts or "finish" not in ctx.forecasts:
        return ""
    q = ctx.forecasts["queue"].queue
    hours = q.hours_per_day * WorkingCalendar.coerce(ctx.calendar).days_per_week  # the pack's working week
    return (f"Request handling is {fixed(hours)} hours a week across {q.servers} PMs: against the "
            f"{percent(q.availability)} of their week given to requests that is the PM pool's {percent(q.utilisation)} "
            "utilisation (queue below), which is what makes approvals wait. ")


def _workload_blocks(ctx) -> list[Block]:
    from ..core import schema as S
    from .committee_pack import blank_without_capacity

    wl = ctx.forecasts["workload"]
    util = _weekly_utilisation(ctx)
    wide = wl.wide(S.UTILISATION)
    wide = wide.loc[:, _window(ctx, wide.columns)]
    wide = wide.loc[wide.notna().any(axis=1)]  # keys with no capacity at all (unassigned): in hours below
    no_capacity = np.isinf(wide.to_numpy(dtype=float))
    heat = wide.mask(no_capacity)  # work assigned in a week without capacity: blank, flagged below
    heat.columns = [f"{c:%Y-%m-%d}" for c in heat.columns]
    heat.index.name = "person"
    basis = "the accuracy model's P50" if wl.used_model else "raw estimates"
    from ..forecasting.workload import NEW_WORK

    per_person, blank = blank_without_capacity(wl.summary(future_only=True).rename_axis("person"), "people")
    planned = per_person.drop(index=NEW_WORK, errors="ignore")
    pooled = float(planned[S.POOLED_HOURS].sum())
    new = (f" The {fixed(per_person.loc[NEW_WORK, S.DEMAND_HOURS])} hours of {NEW_WORK} are forecast to arrive "
           "beyond that (no one is assigned yet)." if NEW_WORK in per_person.index else "")
    # the per-person block's note, which the team view repeats with its own count of blanks
    ctx.capacity_note = (f"{fixed(pooled)} of the {fixed(planned[S.DEMAND_HOURS].sum())} hours the plan schedules "
                         "ahead are unassigned work and scope growth, planned on the project teams' time in "
                         "proportion to their capacity (already inside each person's hours)." if pooled > 0
                         else "") + new + _pace_note(ctx)
    blocks = [
        # percentages, as the heatmaps, the per-team table, the Summary and the chart's axis show them
        Block("utilisation", "Utilisation by week (demand / capacity)", util,
              formats=dict.fromkeys((c for c in util.columns if c != "week"), "pct"),
              data_columns=tuple(c for c in util.columns if c != "week"),
              note=("Ahead of the forecast date: the delivery plan's scheduled hours (each person's expected "
                    "queue: own tasks, their share of unassigned work and scope growth, worked at the finish "
                    "forecast's rate until done; they add up to the forecast's expected remaining effort; PMs "
                    "also carry the PM pool's request handling). "
                    if "finish" in ctx.forecasts else f"Open work from {basis}, spread evenly from the forecast "
                    f"date to each project's due date. ") + _pool_note(ctx) + f"{CAPACITY_WEEKS_BACK} weeks back to "
                   f"{CAPACITY_WEEKS_AHEAD} ahead."
                   + (f" {ALL_STAFF} and the roles: the people's own work; {WITH_NEW_WORK}: that plus the {NEW_WORK} "
                      "forecast to arrive (nobody assigned yet), over the same capacity." if WITH_NEW_WORK in util
                      else "")),
        Block("utilisation-heatmap", "Person by week: utilisation (green < 50%, yellow 90%, red > 110%)",
              heat, formats=dict.fromkeys(heat.columns, "pct"), heatmap=True, data_columns=tuple(heat.columns),
              note=(f"{_people_have(int(no_capacity.any(axis=1).sum()))} work in weeks without capacity (blank "
                    "cells): reassign it." if no_capacity.any() else "")),
        Block("workload", "Per person, from the forecast date on", per_person, note=(ctx.capacity_note + blank).strip()),
    ]
    try:
        pm = wl.pm_load()
    except ValueError:  # no projects table with managers
        return blocks
    ahead = pm[pm["period"] >= wl.first_period_ahead]
    if len(ahead):
        g = ahead.groupby("manager")
        now = ahead[ahead["period"] == ahead["period"].min()].set_index("manager")["active_projects"]
        load = pd.DataFrame({"active_projects_now": now, "peak_active_projects": g["active_projects"].max()})
        if "project_hours" in ahead:
            load["project_hours_ahead"] = g["project_hours"].sum()
        # the team view keeps it: a portfolio's allocation to managers, none of their own time or performance
        blocks.append(Block("pm-load", "Projects per manager from the forecast date on", load.rename_axis("manager"),
                            note="The projects each manager is responsible for, and the hours ahead on them by "
                                 "everyone who works on them: how the portfolio is spread across managers, not "
                                 f"the manager's own time (role {S.PM_ROLE!r} above has that, for all PMs together)."))
    return blocks


#: The scenario measures as the pack words them: which wait (the queueing model's, not the log's observed
#: one on the Summary) and which utilisation (the busiest role's, not all staff's).
SCENARIO_MEASURES = {"approval wait P50 (working days)": "approval wait P50 (working days, queueing model)",
                     "approval wait P90 (working days)": "approval wait P90 (working days, queueing model)",
                     "peak utilisation": "peak weekly utilisation, busiest role"}


def _scenario_kinds(measures) -> list[str]:
    """The number format of each row of :meth:`ScenarioComparison.values`."""
    return ["date" if m.startswith("P80 finish") else "pct" if "utilisation" in m
            else "int" if m in ("projects at risk", NOT_ASSESSED_ROW, NO_FINISH_ROW) else "num" for m in measures]


def _unbounded_in_words(table: pd.DataFrame) -> pd.DataFrame:
    """The scenario table with each infinite approval wait (a PM pool over capacity) said in words.

    The queueing model's wait of a pool with more approval work than hours is ``inf``; the sheet,
    its CSV file and summary.html had shown the text "inf", and the change to it "inf" or "-inf".
    """
    def word(v):
        if isinstance(v, float | np.floating) and np.isinf(v):
            return UNBOUNDED_WAIT if v > 0 else BOUNDED_AGAIN
        return v

    return table.astype(object).map(word) if table.isin([np.inf, -np.inf]).any().any() else table


def _scenarios_sheet(ctx) -> Sheet:
    comparison = ctx.forecasts["comparison"]
    table = _unbounded_in_words(comparison.summary().rename_axis("measure"))
    measures = table.index.astype(str)
    value_kind = _scenario_kinds(measures)
    # a P80 finish moves by whole business days, shown as What changed shows its working days moved
    change_kind = ["int" if k in ("int", "date") else "num" for k in value_kind]
    table = table.rename(index=SCENARIO_MEASURES)
    formats = {c: (change_kind if str(c).startswith("change: ") else value_kind) for c in table.columns}
    defs = pd.DataFrame({"scenario": [s.name for s in ctx.scenarios],
                         "description": [s.description for s in ctx.scenarios],
                         "settings": [_yaml(s.to_dict()) for s in ctx.scenarios]})
    did = pd.DataFrame([(r.scenario.name, a) for r in comparison.results for a in r.actions()],
                       columns=["scenario", "what it did"])
    return Sheet("Scenarios", "Staffing scenarios side by side",
                 [Block("scenarios", "Each scenario, then its change against the baseline", table, formats=formats,
                        data_columns=tuple(table.columns),  # the scenarios' own names
                        note="Changes: waits in working days, utilisation in points of the ratio (0.10 = ten "
                             "percentage points), P80 finish in business days (positive = later)."
                             + (f" A wait {UNBOUNDED_WAIT}: the PM pool has more approval work than hours, so the "
                                "queue has no steady wait." if table.isin([UNBOUNDED_WAIT]).any().any() else "")
                             + (f" {comparison.note}" if comparison.note else "")),
                  Block("scenario-definitions", "Scenario definitions", defs),
                  Block("scenario-actions", "What each scenario did to the plan", did,
                        note="Blank finish dates: the project's work cannot finish under the scenario (see here), "
                             "or it is on hold." if len(did) else "No scenario moved work, managers or projects.")],
                 labels=True,
                 note="Staffing -> utilisation -> PM-pool waiting -> delivery: each scenario changes the input "
                      "tables and runs the same simulation as the Projects sheet, with common random numbers, "
                      "so differences come from the scenarios only and the baseline is the Projects sheet to "
                      "the day. A scenario that changes the PM pool adds the change in approval waits at each "
                      "gate of a project's schedule (gates per month fitted from the request log: see "
                      "Assumptions); the baseline's delivery already includes the pool as it is.")


def _quality_sheet(ctx) -> Sheet:
    blocks, verdicts = [], []
    for name, report in ctx.validation.items():
        counts = report.summary()
        blocks.append(Block(f"data-quality-{name}-checks", f"{name}: checks run ({report.n_rows:,} rows)",
                            counts.reset_index().rename(columns={"index": "check"})))
        findings = report.findings
        note = "" if len(findings) <= MAX_FINDINGS_IN_SHEET else \
            f"First {MAX_FINDINGS_IN_SHEET:,} of {len(findings):,} findings; all of them are in the CSV file."
        blocks.append(Block(f"data-quality-{name}", f"{name}: every finding (row = line in the source file, "
                            f"header = line 1)", findings, note=note, max_rows_in_sheet=MAX_FINDINGS_IN_SHEET))
        verdicts.append(f"{name}: {len(report.errors):,} errors, {len(report.warnings):,} warnings")
    ok = all(r.ok for r in ctx.validation.values())
    return Sheet("Data quality", "Data quality: " + ("no errors" if ok else "ERRORS, fix them before "
                                                       "trusting the forecasts"),
                 blocks, note="; ".join(verdicts) + ".")


def _assumptions_sheet(ctx) -> Sheet:
    import platform

    from .. import __version__

    run = [("as of", ctx.as_of)]
    if "rewind" in ctx.notes:
        run.append(("as of: rewound", ctx.notes["rewind"]))
    if len(ctx.far_dates) and ctx.sources_as_of is None:
        run.append(("as of: dates left out", f"the as-of date leaves out {far_dates_note(ctx.far_dates)}; "
                    "pass --as-of (as_of=) to choose another date"))
    if ctx.planned_starts:
        run.append(("as of: planned starts", f"{ctx.planned_starts}; pass --as-of (as_of=) to choose another date"))
    if ctx.planned_ends:
        run.append(("as of: planned ends", f"{ctx.planned_ends}; pass --as-of (as_of=) to choose another date"))
    run.append(("Monte Carlo trials", ctx.n_trials))
    if "trials" in ctx.notes:
        run.append(("check: Monte Carlo trials", ctx.notes["trials"]))
    run += [("random seed", ctx.seed),
           ("pmo_forecast version", __version__), ("python", platform.python_version()),
           ("numpy", np.__version__), ("pandas", pd.__version__),
           ("export time (UTC; the only value that changes between reruns)", ctx.export_time)]
    model = ctx.forecasts.get("model")
    settings = []
    if model is not None:
        settings += [(f"accuracy model: {k}", _plain(v)) for k, v in sorted(model.get_params().items())]
        settings += _model_choices(model)
        fc = ctx.forecasts["overrun"]
        settings += [(f"overrun: correlation {k}", _plain(v)) for k, v in sorted(fc.correlation.items())]
        settings += [(f"overrun: scope growth {k}", _plain(v)) for k, v in sorted(fc.scope_growth.items())]
    if "finish" in ctx.forecasts and ctx.pace is not None:
        settings.append(("finish dates: pace (--pace)", _plain(ctx.pace)))
    if ctx.calendar is not None:
        settings.append(("finish dates: public holidays", f"{len(ctx.calendar.holidays)} dates"))
        if ctx.calendar.days_per_week != 5:
            settings.append(("finish dates: working days", ctx.calendar.weekmask))
    if "demand" in ctx.forecasts:  # the row's own sums: the week holding the as-of date counts from the day after
        task_hours = ctx.forecasts["demand"].forecast.query(f"series == '{TASK_HOURS}'")
        new = ctx.forecasts["workload"].new_work
        settings.append(("capacity: new work still to arrive (--new-work)",
                         f"{fixed(new['arriving_hours'])} task hours forecast to arrive from the day after the as-of "
                         f"date to {new['last_day']:%Y-%m-%d} ({new['periods']} weeks, {task_hours['model'].iat[0]}), "
                         f"less the plan's scope growth of {fixed(new['growth_hours'])} h: "
                         f"{fixed(new['row_hours'])} h in the (new work) row"))
    if ctx.by:
        settings.append(("roll-up columns (--by)", ctx.by if isinstance(ctx.by, str) else ", ".join(ctx.by)))
    if "finish" in ctx.forecasts:
        from ..forecasting.finish import last_seen
        from ..forecasting.pace import estimate_pace

        with warnings.catch_warnings():  # the forecast itself already reported these
            warnings.simplefilter("ignore", SmallSampleWarning)
            warnings.simplefilter("ignore", DataQualityWarning)
            cal = WorkingCalendar.coerce(ctx.calendar)
            # the window the forecast measured: 'auto' ends it on the forecast date, the calibrated capacity on
            # the data's last day when the forecast date is later (a 1.0 beside its "team 0.58" had been the
            # fallback of an empty window, shown as a measure)
            end = ctx.as_of if ctx.pace == "auto" else last_seen(ctx.tables["tasks"], ctx.as_of)
            pace = estimate_pace(ctx.tables["tasks"], ctx.tables["people"], as_of=end, weekmask=cal.weekmask,
                                 holidays=cal.holidays)
        fin = ctx.forecasts["finish"]
        to = "" if end == ctx.as_of else f", to {end:%Y-%m-%d}, the data's last day"
        settings += [("finish dates: queue order", fin.queue_order),
                     ("finish dates: capacity used", fin.capacity_used),
                     (f"pace delivered in the last 13 weeks{to} (share of stated capacity, whole team; "
                      "the calibrated capacity starts from it)", round(pace.attrs["pool"], 3)
                      if pace.attrs["measured"] else "not measured: no finished work in those weeks (pace 1, "
                                                     "the stated capacity)")]
    if "gates" in ctx.forecasts:
        g = ctx.forecasts["gates"]
        from ..scenarios.scenario import approvals_left_out, gates_used

        if why := approvals_left_out(ctx.forecasts.get("queue")):
            settings.append(("fallback: scenarios' approval waits", why))
        gpm, source = gates_used(g)
        settings += [("scenarios: approval gates per month of a project's schedule", round(gpm, 2)),
                     ("scenarios: approval gates, where the figure comes from", source),
                     ("scenarios: approvals logged per running project-month (request log)", round(g["rate"], 2)),
                     ("scenarios: all requests per running project-month (request log)", round(g["rate_all"], 2)),
                     ("scenarios: behind those rates",
                      f"{g['n_requests']} approvals over {fixed(g['project_months'])} project-months"),
                     ("scenarios: approval waits", "a scenario adds the change in the M/M/c wait at each gate; "
                      "the baseline (the Projects sheet) adds none: its delivery already went through the pool")]
    settings.append(("projects at risk", f"{_rule(ctx)} (one definition for every sheet, summary.html and the "
                     "scenarios; the red lines of --rag when it moves them)"))
    settings += _input_notes(ctx)
    return Sheet("Assumptions", "Assumptions: inputs, settings and versions",
                 [Block("assumptions", "Run", pd.DataFrame(run, columns=["setting", "value"])),
                  Block("inputs", "Input files", ctx.inputs),
                  Block("settings", "Model settings", pd.DataFrame(settings, columns=["setting", "value"]))],
                 note="Rerunning with the same inputs (same sha256), as-of date, trials and seed gives "
                      "identical numbers.")


def _input_notes(ctx) -> list[tuple[str, str]]:
    """What was inferred or assumed for lack of an input, and how each project was forecast."""
    from ..core import schema as S

    rows = [(f"inferred: {k}", v) for k, v in ctx.inferred.items()]
    if "projects" not in ctx.tables:
        rows.append(("inferred: projects", "no projects table (--projects): projects are the task export's "
                     "project ids, without budgets or due dates, so there is no P(over budget) or P(late); "
                     "pmo-forecast init writes a projects.csv to fill in"))
    if "requests" not in ctx.tables:
        rows.append(("missing: request log", NO_REQUESTS_NOTE))
    if "model" in ctx.notes:
        rows.append(("fallback: forecast method", ctx.notes["model"]))
    if "as_of" in ctx.notes:  # a forecast date before the data's end or far beyond it
        rows.append(("check: forecast date", ctx.notes["as_of"]))
    if "queue_checks" in ctx.notes:  # what the request log leaves open
        rows.append(("check: PM-pool request log", ctx.notes["queue_checks"]))
    if "workload_checks" in ctx.notes:  # hours the utilisation leaves out, or has no capacity for
        rows.append(("check: utilisation", ctx.notes["workload_checks"]))
    if "new_work" in ctx.notes:  # --new-work asked for, but no forecast of the work to arrive
        rows.append(("fallback: new work still to arrive", ctx.notes["new_work"]))
    unit = ctx.tables["requests"].attrs.get("detected", {}).get("units", {}).get("touch_hours", "hours") \
        if "requests" in ctx.tables else "hours"
    if unit != "hours":
        rows.append(("requests: touch hours unit", unit))
    if "backtest" in ctx.notes:  # not run, or not in finish-date order
        rows.append(("fallback: backtest", ctx.notes["backtest"]))
    if "scenarios" in ctx.notes:  # scenarios given but not run
        rows.append(("scenarios: not run", ctx.notes["scenarios"]))
    rows += _beyond_history(ctx)
    rows += _reassigned(ctx)
    rows += _not_started(ctx)
    rows += _held_tasks(ctx)
    rows += _budgets_ignored(ctx)
    rows += _demand_checks(ctx)
    # every fact the loader found (a list of keys left out the epic rows dropped and the sub-tasks' projects)
    headers = ctx.tables["tasks"].attrs.get("_headers", {})  # a column named as the file heads it
    for key, v in ctx.tables["tasks"].attrs.get("detected", {}).items():
        if not key.startswith("_") and key not in LOADER_GIVEN and v is not False and _said(v):
            rows.append((f"tasks: {key.replace('_', ' ')}", _said(v, headers)))
    for name, table in ctx.tables.items():  # local times kept: said, since a time zone could matter
        zoned = [c for c, how in table.attrs.get("detected", {}).get("date_formats", {}).items()
                 if "offsets dropped" in str(how)]
        if zoned:
            rows.append((f"{name}: time zones", f"{', '.join(zoned)}: UTC offsets (+02:00, Z) dropped, times read as "
                         "the local times written (working hours and due days are local)"))
    levels = ctx.tables["projects"].attrs.get("detected", {}) if "projects" in ctx.tables else {}
    for key in ("level_spellings", "level_placeholders"):
        if key in levels:
            rows.append((f"projects: {key.replace('_', ' ')}", levels[key]))
    for name in ("people", "projects"):  # converted units (FTE, days, percent) and headers left unread
        det = ctx.tables[name].attrs.get("detected", {}) if name in ctx.tables else {}
        for col, unit in det.get("units", {}).items():
            if unit not in S.PLAIN_UNITS:
                rows.append((f"{name}: {col.replace('_', ' ')} unit", unit))
        if det.get("columns_not_read"):
            rows.append((f"{name}: columns not read", det["columns_not_read"]))
        for col, said in det.get(TWO_WAY, {}).items():  # 1.000 FTE read as 1
            rows.append((f"{name}: {col.replace('_', ' ')} numbers", said))
    people = ctx.tables.get("people")
    for key in ("roles", "role_blank"):
        if people is not None and key in people.attrs.get("detected", {}):
            rows.append((f"people: {key.replace('_', ' ')}", people.attrs["detected"][key]))
    if people is not None and len(people) and "people" not in ctx.inferred:  # blanks the capacity fills in
        from ..core.calendar import DEFAULT_HOURS_PER_WEEK

        for col, value in ((S.HOURS_PER_WEEK, f"{DEFAULT_HOURS_PER_WEEK:g} h a week"), (S.AVAILABILITY, "100%")):
            blank = people[col].isna() if col in people else pd.Series(True, index=people.index)
            if blank.any():
                who = ", ".join(people.loc[blank, S.PERSON].astype(str).head(10))
                rows.append((f"people: {col.replace('_', ' ')} assumed",
                             f"{int(blank.sum())} of {len(people)} people without {col} get {value} "
                             f"({who}{' ...' if blank.sum() > 10 else ''})"))
    projects = _project_table(ctx)
    if "forecast_method" in projects and len(projects):
        for method, g in projects.groupby("forecast_method"):
            ids = g[S.PROJECT_ID].astype(str).tolist()
            rows.append((f"forecast method: {method}", f"{len(ids)} projects: {', '.join(ids[:40])}"
                         + (" ..." if len(ids) > 40 else "")))
    rows += _filled_estimates(ctx)
    rows += _zero_point_stories(ctx)
    rows += _without_estimates(ctx)
    return rows


def _said(v, headers: dict | None = None) -> str:
    """A detected fact in words: a dict as ``key: value; ...`` (a column's key as the file heads it,
    ``headers``), a list as ``a, b``, a flag as ``yes``."""
    if isinstance(v, dict):
        named = {k: f"'{h}' ({k})" for k, h in (headers or {}).items() if h != k}
        return "; ".join(f"{named.get(k, k)}: {_said(x)}" for k, x in v.items())
    if v is True:
        return "yes"
    return ", ".join(map(str, v)) if isinstance(v, list | tuple) else str(v)


def _filled_estimates(ctx) -> list[tuple[str, str]]:
    """Open tasks without a usable estimate in projects the effort forecast covers: the forecast gave
    them their project's median estimate (warned on the command line, said here too)."""
    from ..core import schema as S
    from ..forecasting.overrun import fill_estimates

    fc = ctx.forecasts.get("overrun")
    if fc is None:
        return []
    tasks = ctx.tables["tasks"]
    open_t = tasks[tasks[S.STATUS].isin(S.UNFINISHED_STATUSES).fillna(False).to_numpy(bool)]
    est, filled = fill_estimates(open_t, tasks)  # the forecast's own rule
    # projects with no estimate at all are the next row's (left out of the effort figures)
    filled &= ~open_t[S.PROJECT_ID].isin(fc.without_estimates[S.PROJECT_ID]).to_numpy(bool)
    if not filled.any():
        return []
    ids = open_t.loc[filled, S.TASK_ID].astype(str).tolist()
    hours = float(est[filled].sum())
    return [("fallback: open tasks without an estimate",
             f"{len(ids)} open task{'s' if len(ids) > 1 else ''} without a positive estimate "
             f"({', '.join(ids[:10])}{' ...' if len(ids) > 10 else ''}) {'are' if len(ids) > 1 else 'is'} forecast "
             f"at {'their' if len(ids) > 1 else 'its'} project's median estimate ({fixed(hours)} "
             f"{estimate_unit(ctx.points, hours)} in all, in the remaining estimate and every effort figure); "
             f"estimate {'them' if len(ids) > 1 else 'it'} for a better forecast")]


def _zero_point_stories(ctx) -> list[tuple[str, str]]:
    """Open 0-point stories: sized by their team, counted at the smallest card, said with how many."""
    from ..core import schema as S
    from ..forecasting.overrun import zero_point_stories

    if ctx.forecasts.get("overrun") is None:
        return []
    tasks = ctx.tables["tasks"]
    open_t = tasks[tasks[S.STATUS].isin(S.UNFINISHED_STATUSES).fillna(False).to_numpy(bool)]
    zero = zero_point_stories(open_t, tasks)
    if not zero.any():
        return []
    ids = open_t.loc[zero, S.TASK_ID].astype(str).tolist()
    return [("estimates: 0-point stories",
             f"{len(ids)} open {'stories are' if len(ids) > 1 else 'story is'} estimated at 0 story points "
             f"({', '.join(ids[:10])}{' ...' if len(ids) > 10 else ''}): each counts as {S.ZERO_POINT_SIZE:g} point, "
             "the smallest card above 0 (a 0-point story still takes some time), not as unestimated")]


def _without_estimates(ctx) -> list[tuple[str, str]]:
    """Projects the effort forecast leaves out (no estimates), and what the plan does with their work."""
    from ..core import schema as S

    fc = ctx.forecasts.get("overrun")
    if fc is None or not len(fc.without_estimates):
        return []
    out = fc.without_estimates
    ids = out[S.PROJECT_ID].astype(str).tolist()
    # story points have no contingency or plan to forecast to leave them out of
    figures = "" if ctx.points else "contingency, plan to forecast, "
    text = (f"{len(ids)} {'projects have' if len(ids) > 1 else 'project has'} no "
            f"{estimates_named(ctx.points, plural=False)} on any open task ({', '.join(ids[:40])}"
            f"{' ...' if len(ids) > 40 else ''}): no effort forecast, so out of every effort and cost figure "
            f"(Summary totals, {figures}roll-ups, key messages)")
    if "finish" in ctx.forecasts:  # the plan schedules their work all the same, at a guess
        hours = ctx.forecasts["finish"].by_project()["open_estimate_hours"].reindex(out[S.PROJECT_ID]).sum()
        text += (f"; {'their' if len(ids) > 1 else 'its'} {int(out['open_tasks'].sum()):,} open tasks are still in "
                 f"the delivery plan, at {fixed(hours)} {estimate_unit(ctx.points, hours)} of filled-in estimates "
                 "(the median of all estimates), taking "
                 "people's time in the other projects' finish dates, utilisation and the scenarios")
    return [("fallback: projects out of the effort totals", text)]


def _reassigned(ctx) -> list[tuple[str, str]]:
    """The plan's fallback for open work whose assignee left or is not in the people table."""
    from ..core import schema as S

    moved = getattr(ctx.forecasts.get("finish"), "reassigned", None)
    if moved is None or not len(moved):
        return []
    top = moved.head(10)
    who = "; ".join(f"{a} ({why}, {n} tasks)" for a, why, n in zip(top[S.ASSIGNEE], top["reason"], top["open_tasks"],
                                                                   strict=True))
    people = "person" if len(moved) == 1 else "people"
    return [("fallback: open work to the team pool",
             f"{int(moved['open_tasks'].sum())} open tasks ({fixed(moved['open_estimate_hours'].sum())} "
             f"{estimate_unit(ctx.points, moved['open_estimate_hours'].sum())} estimated) "
             f"of {len(moved)} {people} who cannot do them go to the pool of their project's team: "
             f"{who}{' ...' if len(moved) > 10 else ''}")]


def _not_started(ctx) -> list[tuple[str, str]]:
    """Projects that start after the as-of date: the plan holds their work until their start."""
    late = getattr(ctx.forecasts.get("finish"), "not_started", None)
    if late is None or not len(late):
        return []
    top = late.head(10)
    which = "; ".join(f"{p} (starts {d:%Y-%m-%d}, {fixed(h)} {estimate_unit(ctx.points, h)} open)" for p, d, h in
                      zip(top.iloc[:, 0], top.iloc[:, 1], top.iloc[:, 2], strict=True))
    many = "projects start" if len(late) > 1 else "project starts"
    return [("projects not yet started",
             f"{len(late)} {many} after the as-of date; nobody works on a project before its start, so the plan "
             f"schedules its open work from then on, behind what its people are expected to be doing: {which}"
             f"{' ...' if len(late) > 10 else ''}")]


def _held_tasks(ctx) -> list[tuple[str, str]]:
    """Open tasks planned to start after the as-of date: the plan holds each until its planned start."""
    held = getattr(ctx.forecasts.get("finish"), "held_tasks", None)
    if held is None or not len(held):
        return []
    hours = held["open_estimate_hours"].sum()
    first, last = held.iloc[:, 2].min(), held.iloc[:, 2].max()
    return [("tasks not yet due to start",
             f"{len(held)} open task{'s' if len(held) > 1 else ''} ({fixed(hours)} {estimate_unit(ctx.points, hours)} "
             f"estimated) {'are' if len(held) > 1 else 'is'} planned to start after the as-of date (between "
             f"{first:%Y-%m-%d} and {last:%Y-%m-%d}); nobody works on a task before its planned start, so the "
             "finish dates schedule it from then on")]


def _demand_checks(ctx) -> list[tuple[str, str]]:
    """What the forecast of new work warned about the task hours it forecasts (the (new work) row's)."""
    fc = ctx.forecasts.get("demand")
    said = [w for w in getattr(fc, "warnings_", ()) if "new_projects" not in w and "pm_requests" not in w]
    return [("check: new work still to arrive (--new-work)", "; ".join(said))] if said else []


def _budgets_ignored(ctx) -> list[tuple[str, str]]:
    """Budgets of 0 h or less: taken as no budget (no P(over budget)), said with the projects."""
    ignored = getattr(ctx.forecasts.get("overrun"), "budget_ignored", None)
    if ignored is None or not len(ignored):
        return []
    which = "; ".join(f"{p} ({fixed(b)} h)" for p, b in zip(ignored.iloc[:10, 0], ignored.iloc[:10, 1], strict=True))
    return [("fallback: budgets of 0 h or less",
             f"{len(ignored)} project{'s have' if len(ignored) > 1 else ' has'} a budget of 0 h or less, taken as no "
             f"budget (a blank P(over budget), not 100%): {which}{' ...' if len(ignored) > 10 else ''}")]


def _beyond_history(ctx) -> list[tuple[str, str]]:
    """Open work estimated above anything the accuracy model learnt from, said when there is some."""
    from ..core import schema as S

    if ctx.model is None:
        return []
    tasks = ctx.tables["tasks"]
    learnt = tasks.loc[S.finished_with_actuals(tasks), S.ESTIMATE].max()
    est = tasks.loc[tasks[S.STATUS].isin(S.UNFINISHED_STATUSES).to_numpy(dtype=bool), S.ESTIMATE]
    above = est[est > learnt]
    if not len(above):
        return []
    return [("check: open work beyond the history", f"{len(above)} open tasks ({fixed(above.sum())} "
             f"{estimate_unit(ctx.points, above.sum())}) are estimated above the largest finished task the "
             f"accuracy model learnt from ({fixed(learnt)} {estimate_unit(ctx.points, learnt)}): "
             "their forecasts carry the largest tasks' ratios over to sizes never seen")]


#: The inputs each sheet reads (the note under its title says which were given, inferred or missing).
SHEET_INPUTS = {"Summary": ("tasks", "projects", "people", "requests"), "Projects": ("tasks", "projects", "people"),
                "Accuracy": ("tasks", "people"), "Capacity": ("tasks", "people", "projects", "requests")}


def _inputs_used(ctx, names) -> str:
    parts = []
    for name in names:
        src = ctx.sources.get(name)
        if name in ctx.inferred and src is None:
            parts.append(f"{name} inferred from the tasks")
        elif src is None:
            parts.append(f"no {name}")
        else:
            parts.append(f"{name} ({Path(src).name if isinstance(src, str | os.PathLike) else 'in memory'})")
    return "Inputs: " + ", ".join(parts) + "."


def sheets(ctx) -> list[Sheet]:
    from .committee_pack import committee_columns

    projects = ctx.project_table = committee_columns(ctx, _project_table(ctx))  # names, RAG, levels, cost
    sheets = [_summary_sheet(ctx, projects), _projects_sheet(ctx, projects), _accuracy_sheet(ctx),
              _capacity_sheet(ctx)]
    for sheet in sheets:
        sheet.note = f"{sheet.note} {_inputs_used(ctx, SHEET_INPUTS[sheet.name])}".strip()
    if ctx.scenarios:
        sheets.append(_scenarios_sheet(ctx))
    sheets += [_quality_sheet(ctx), _assumptions_sheet(ctx)]
    from .committee_pack import committee_sheets

    return committee_sheets(ctx, sheets, projects)  # Trends, What changed, levels; RAG, key messages


def _model_choices(model) -> list[tuple[str, object]]:
    """What the accuracy model chose from the data (half-life, booking unit, recalibration, forecast used), and why."""
    hl = model.half_life_
    chosen = model.selection_[model.selection_["chosen"].astype(bool)]
    used = (f"{chosen.index[0]}: {chosen['reason'].iat[0]}" if len(chosen)
            else "the model alone (no selection was run)")
    unit = model.booking_unit_
    return [("accuracy model: recency half-life used (days)", "none (all history alike)" if hl is None else hl),
            ("accuracy model: booking unit of actuals (hours; the model's quantiles and draws are whole units)",
             "none (actuals taken as continuous)" if unit is None else round(float(unit), 6)),
            ("accuracy model: booking unit chosen because", model.booking_.query("chosen")["reason"].iat[0]),
            ("accuracy model: recalibration used",
             f"{model.recalibration_['strategy']}: {model.recalibration_['reason']}"),
            ("accuracy model: forecast used", used)] + _left_out(model) + _undated(model)


def _left_out(model) -> list[tuple[str, str]]:
    """Done tasks the model could not learn from (no estimate, actual 0, no actual), said when there are some."""
    from ..estimation.features import left_out_text

    said = left_out_text(model.n_left_out_)
    if not said:
        return []
    return [("accuracy model: done tasks left out", f"{said}; learnt from the other {fixed(model.n_tasks_)} (actual 0 "
             "is time probably not logged: the Data quality sheet lists the rows)")]


def _undated(model) -> list[tuple[str, str]]:
    """Finished tasks the model could not place in time, said when there are some."""
    n, total = model.n_undated_, model.n_tasks_
    if not n:
        return []
    if n == total:
        return [("fallback: accuracy model history order", "no finished task has a finish date: every task "
                 "weighs alike (no recency weighting) and the recalibration folds follow the table's row order")]
    return [("fallback: accuracy model history order", f"{n} of {total} finished tasks have no finish date: "
             "taken as the oldest history (lowest recency weight, never in the recalibration folds)")]


def _plain(value):
    """A setting as a cell value: text and whole numbers as they are, other numbers at the precision
    the tables show (:func:`~pmo_forecast.core.results.round_number`), anything else as its repr."""
    if isinstance(value, bool | np.bool_):
        return str(bool(value))
    if isinstance(value, float | np.floating):
        return round_number(float(value))
    if isinstance(value, int | np.integer | str) or value is None:
        return "None" if value is None else value
    if isinstance(value, np.ndarray) and value.dtype.kind in "fiu":
        if value.size == 0:
            return "none"
        return f"{value.size} values from {value.min():.4g} to {value.max():.4g}" if value.size > 1 \
            else float(value.ravel()[0])
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return ", ".join(value)  # the model's factors: a list in words, not a Python tuple
    return repr(value)


def _yaml(d: dict) -> str:
    import yaml

    return yaml.safe_dump(d, sort_keys=False, allow_unicode=True).strip()

def summary_html(ctx) -> str:
    """The one-page summary: headline numbers, projects at risk, fan chart, utilisation, waits."""
    from matplotlib.figure import Figure

    from .. import __version__
    from .report_html import summary_page

    summary = ctx.sheets[0]
    kpis = next((b for b in summary.blocks if b.slug == "summary"), summary.blocks[0])
    projects = _by_risk(ctx.project_table if getattr(ctx, "project_table", None) is not None
                        else _project_table(ctx))
    keep = [c for c in ("project_id", "name", "rag", "due", "finish_p80", "prob_late", "prob_overrun")
            if c in projects]
    if "name" not in projects:
        keep = [c for c in ("project_id", "rag", "manager", "due", "finish_p80", "prob_late", "budget_hours",
                            "effort_p80_hours", "prob_overrun") if c in projects]
    from .committee import finish_as_shown

    shown = finish_as_shown(projects)[keep].head(HTML_MAX_PROJECTS)
    more = f", the first {HTML_MAX_PROJECTS} of {len(projects)}" if len(projects) > HTML_MAX_PROJECTS else ""
    from .committee_pack import page_kpis

    tables = [page_kpis(kpis),
              (f"Open projects, highest risk first{more}", shown, {})]
    if "comparison" in ctx.forecasts:
        v = _unbounded_in_words(ctx.forecasts["comparison"].values())
        v = v.loc[~v.index.str.startswith("P80 finish")]
        kinds = _scenario_kinds(v.index)
        v = v.rename(index=SCENARIO_MEASURES).rename_axis("measure").reset_index()
        tables.append(("Scenarios (P80 finish per project: sheet Scenarios)", v,
                       dict.fromkeys(v.columns[1:], kinds)))
    from .committee_pack import committee_figures, messages

    figures = committee_figures(ctx, projects.head(HTML_MAX_PROJECTS))
    if "throughput" in ctx.forecasts:
        fig = Figure(figsize=(7, 3.2))
        ctx.forecasts["throughput"].plot(ax=fig.subplots())
        without = ("an effort forecast" if throughput_reasons(ctx, projects)[1]  # estimated, no model
                   else estimates_named(ctx.points))
        figures.append((f"Throughput forecast (projects without {without})", fig))
    if "queue" in ctx.forecasts:
        fig = Figure(figsize=(7, 3.2))
        ctx.forecasts["queue"].plot(ax=fig.subplots())
        figures.append(("Approval waits: the request log against the M/M/c queue of the PM pool", fig))
    inputs = ", ".join(f"{r['input']} {Path(r['file']).name} (sha256 {r['sha256'][:12]})" if r["sha256"]
                       else f"{r['input']} (in memory)" for r in ctx.inputs.to_dict("records"))
    footer = (f"Inputs: {inputs}. {ctx.n_trials:,} trials, seed {ctx.seed}, pmo_forecast {__version__}, "
              f"exported {ctx.export_time:%Y-%m-%d %H:%M} UTC. Every table is in the workbook and CSV files.")
    return summary_page("Planning pack: summary", summary.note, tables, figures, footer,
                        messages=messages(ctx, ctx.project_table) if hasattr(ctx, "project_table") else None)

