"""The planning pack's sheets: each a function of the pack's context (its forecasts, notes and inputs).

:func:`sheets` lays the forecasts run by :func:`pmo_forecast.reporting.export.export_planning_pack`
out as sheets of tables (Summary, Projects, Accuracy, Capacity, Scenarios, Data quality,
Assumptions, then the committee sheets); :func:`summary_html` renders the one-page summary.
The table of open projects they read and its at-risk rule are :mod:`.project_forecasts`; the
Capacity and Assumptions sheets are modules of their own (:mod:`.capacity_sheet`,
:mod:`.assumptions_sheet`), the committee sheets :mod:`.committee_pack`.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.calendar import HOURS_PER_DAY
from ..core.labels import (
    ACCURACY_MODEL_METHOD,
    CONTINGENCY_80,
    MEDIAN_PER_POINT,
    MEDIAN_RATIO,
    NO_CAPACITY,
    POOL_UTILISATION_MODEL,
    QUEUE_MODEL,
    QUEUE_MODEL_WORDS,
    UNBOUNDED_WAIT,
    UNKNOWN_CURRENCY,
    counted,
    estimates_named,
    label,
    natural_key,
    sentence_start,
)
from ..core.results import fixed, in_thousands, percent
from ..core.workbook import LINE, PER_POINT_KIND, POINTS, Block, Sheet
from ..forecasting.plan import reaches, risk_lines
from ..inputs.inferred_people import INFERRED_ROLE
from ..inputs.validation import checks_in_words, findings_in_words
from ..scenarios.scenario_result import (
    NO_FINISH_ROW,
    NOT_ASSESSED_ROW,
    SHOWN_ROWS,
    WAIT_ROWS,
    figures_in_words,
)
from .assumptions_sheet import LOADER_GIVEN, assumptions_sheet
from .capacity_sheet import (
    ALL_STAFF,
    CAPACITY_WEEKS_AHEAD,
    CAPACITY_WEEKS_BACK,
    NO_REQUESTS_NOTE,
    PACED_OVER_CAPACITY,
    WITH_NEW_WORK,
    capacity_sheet,
    over_capacity_at_pace,
    weekly_utilisation,
)
from .project_forecasts import (
    EFFORT_METHOD,
    EFFORT_THROUGHPUT_METHOD,
    NO_MODEL_REASON,
    RISK_THRESHOLD,
    THROUGHPUT_METHOD,
    has_values,
    pack_risk_rule,
    project_table,
    risk_threshold,
    throughput_reasons,
)

# the table of open projects, the Capacity and the Assumptions sheets lived here: their names still import from here
__all__ = ["ALL_STAFF", "CAPACITY_WEEKS_AHEAD", "CAPACITY_WEEKS_BACK", "EFFORT_METHOD", "EFFORT_THROUGHPUT_METHOD",
           "HTML_MAX_PROJECTS", "LOADER_GIVEN", "MAX_FINDINGS_IN_SHEET", "NO_MODEL_REASON", "NO_REQUESTS_NOTE",
           "RISK_THRESHOLD", "SCENARIO_MEASURES", "SHEET_INPUTS", "SUMMARY_HTML", "THROUGHPUT_METHOD", "WITH_NEW_WORK",
           "risk_threshold", "scenario_measures", "sheets", "summary_html", "throughput_reasons"]

SUMMARY_HTML = "summary.html"

#: Projects listed on the one-page summary.html (all of them are in the workbook).
HTML_MAX_PROJECTS = 20
#: Most validation findings listed in the workbook (all of them go to the CSV).
MAX_FINDINGS_IN_SHEET = 5_000


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


def _budgeted(projects: pd.DataFrame) -> str:
    """Which projects have a P(over budget): those with a budget, and an effort forecast when a budgeted one has
    none (forecast from throughput), as the key message counts them ("of the 11 with a budget" read as if the
    12th had none)."""
    budget = projects.get(S.BUDGET, pd.Series(np.nan, index=projects.index))
    unforecast = budget.notna() & projects.get("prob_overrun", pd.Series(np.nan, index=projects.index)).isna()
    return "a budget and an effort forecast" if unforecast.any() else "a budget"


def _kpis(ctx, projects: pd.DataFrame) -> pd.DataFrame:
    rows = [
        ("Forecast date (as of)", ctx.as_of, "date"),
        ("Open projects forecast", len(projects), "int"),
        ("Open and in-progress tasks", int(ctx.tables["tasks"][S.STATUS].isin(S.UNFINISHED_STATUSES).sum()), "int"),
    ]
    late_line, over_line = risk_lines(risk_threshold(ctx))
    if "overrun" in ctx.forecasts:
        rows += _effort_kpis(ctx, projects, over_line)
    if "forecast_method" in projects:
        rows += _throughput_kpis(ctx, projects)
    if "prob_late" in projects:
        rows.append(_count_row(f"Projects with P(late) >= {percent(late_line)}", projects, ["prob_late"],
                               "a due date", line=late_line))
    rows.append(_count_row(f"Projects at risk ({pack_risk_rule(ctx)})", projects,
                           ["prob_late", "prob_overrun"], "a due date or a budget", flag="at_risk"))
    rows += _accuracy_kpis(ctx)
    if "workload" in ctx.forecasts:
        rows += _utilisation_kpis(ctx)
    if "queue" in ctx.forecasts:
        rows += _approval_kpis(ctx)
    return pd.DataFrame(rows, columns=["measure", "value", "_kind"])


def _effort_kpis(ctx, projects: pd.DataFrame, over_line: float) -> list[tuple]:
    """The portfolio's effort still to spend (P50, P80) and, in hours, its plan, contingency and projects likely
    over budget."""
    from .committee import effort_scope

    port = ctx.forecasts["overrun"].portfolio().iloc[0]
    scope = effort_scope(ctx.forecasts["overrun"])  # projects without hour estimates are not in these
    of = f", {scope}" if scope else ""
    rows = [
        (f"Effort still to spend, P50{of} (hours)", port["p50"] - port["spent_hours"], "hours"),
        (f"Effort still to spend, P80{of} (hours)", port["p80"] - port["spent_hours"], "hours"),
    ]
    if not ctx.points:  # story points: no plan in hours to compare with
        rows += [
            (f"Remaining estimate, as planned{of} (hours)", port["remaining_estimate_hours"], "hours"),
            (f"{CONTINGENCY_80}, {scope or 'all projects'} (hours)", port["contingency_p80"], "hours"),
            _count_row(f"Projects with P(over budget) >= {percent(over_line)}", projects, ["prob_overrun"],
                       _budgeted(projects), line=over_line),
        ]
    return rows


def _throughput_kpis(ctx, projects: pd.DataFrame) -> list[tuple]:
    """The projects forecast from throughput, for want of estimates or of a model."""
    rows = []
    n_none, n_no_model = throughput_reasons(ctx, projects)
    if n_none or not n_no_model:
        rows.append((f"Projects forecast from throughput (no {estimates_named(ctx.points)})", n_none, "int"))
    if n_no_model:  # estimated, but the model could not be fitted: not "no estimates"
        rows.append((f"Projects forecast from throughput ({estimates_named(ctx.points)}, but {NO_MODEL_REASON})",
                     n_no_model, "int"))
    return rows


#: What the finished tasks' rows of the Summary count, beside the rows of the last 12 months (said in the rows, as
#: those say their window: the note under them had said it of "the 'Finished tasks' rows").
ALL_HISTORY = "(all history)"


def _accuracy_kpis(ctx) -> list[tuple]:
    """The finished tasks' median actual over estimate and share over estimate, or hours per point."""
    tasks = ctx.tables["tasks"]
    done = tasks[S.finished_with_actuals(tasks)]
    ratio = done[S.ACTUAL] / done[S.ESTIMATE]
    median = float(ratio.median()) if len(ratio) else np.nan
    if ctx.points:  # hours over points: a rate, and "over estimate" has no meaning across units
        return [(f"{MEDIAN_PER_POINT} {ALL_HISTORY}", median, PER_POINT_KIND)]
    # over the estimate beyond the exact tolerance, as the Accuracy sheet's 'Tasks over their estimate' counts
    # it: 54 minutes booked on 0.12 days of 7.5 h (0.8999999999999999 h) read as an overrun here only
    over = float((ratio > 1 + S.EXACT_RTOL).mean()) if len(ratio) else np.nan
    return [
        (f"{MEDIAN_RATIO} {ALL_HISTORY}", median, "num"),
        (f"Finished tasks: share over estimate {ALL_HISTORY}", over, "pct"),
    ]


def _utilisation_kpis(ctx) -> list[tuple]:
    """The peak weekly utilisation ahead and the people the plan puts over their capacity."""
    rows = []
    util = weekly_utilisation(ctx)
    # the weeks ahead with work still to do: a week of finished work only (nothing open) is not planned
    wl = ctx.forecasts["workload"]
    planned = wl.table.loc[wl.table[S.OPEN_HOURS] > 0, "period"].unique()
    ahead = util[(util["week"] >= wl.first_period_ahead) & util["week"].isin(planned)]
    # each row says its weeks, as the Capacity sheet's titles and headers do: the peak is the weekly
    # tables' (up to 26 ahead), the people over capacity count every week of the plan
    weeks = f"next {CAPACITY_WEEKS_AHEAD} weeks"
    if len(ahead):
        rows.append((f"Peak weekly utilisation, {weeks}, {ALL_STAFF}", float(ahead[ALL_STAFF].max()), "pct"))
        if WITH_NEW_WORK in ahead:  # --new-work: said apart, the roles have no share of it
            rows.append((f"Peak weekly utilisation, {weeks}, {WITH_NEW_WORK} (nobody assigned yet)",
                         float(ahead[WITH_NEW_WORK].max()), "pct"))
        if "people" in ctx.tables:  # a team's average can hide the one person the plan overloads
            over = wl.over_capacity(ctx.tables["people"])
            rows.append(("People over capacity in a week (whole plan)", int(over.sum()), "int"))
            # of those, the ones over it at the dates' pace, not by extra work (the Capacity sheet says): counted
            # among them, as "people the finish dates plan above their stated capacity" (15) had counted two with
            # too little work to pass 100% in any week beside the 13 over capacity
            if over.any() and len(paced := over_capacity_at_pace(ctx)):
                rows.append((PACED_OVER_CAPACITY, int(paced.sum()), "int"))
    return rows


def _approval_kpis(ctx) -> list[tuple]:
    """The approval pool's utilisation, observed waits and hands-on time per request."""
    fit = ctx.forecasts["queue"]
    # the log's waits, as the Capacity sheet's observed working days show them: the Scenarios
    # table beside them on summary.html gives the queue model's, which differ
    return [(POOL_UTILISATION_MODEL, fit.queue.utilisation, "pct"),
            ("Approval wait, mean, observed (working days)",
             float(np.mean(fit.observed_waits)) / HOURS_PER_DAY, "days"),
            ("Approval wait, P90, observed (working days)",
             float(np.quantile(fit.observed_waits, 0.9)) / HOURS_PER_DAY, "days"),
            ("Hands-on time per request (hours)", fit.service_hours, "num1")]


def _by_risk(projects: pd.DataFrame) -> pd.DataFrame:
    """Projects with ``risk`` (the larger of P(over budget) and P(late)), highest first."""
    out = projects.copy()
    cols = [c for c in ("prob_overrun", "prob_late") if c in out]
    out["risk"] = out[cols].max(axis=1) if cols else np.nan
    return out.sort_values(["risk", S.PROJECT_ID], ascending=[False, True], kind="stable",
                           key=lambda c: natural_key(c) if c.name == S.PROJECT_ID else c)


def _one_chance_words(projects: pd.DataFrame) -> str:
    """What "the larger of the two chances" leaves unsaid of :func:`_by_risk`'s order: a project with one chance
    only (no budget, no due date, or no forecast to hold one to) is placed by the one it has, e.g. " (2 whose
    chance of going over budget is unknown: by the chance of being late)"; "" when every project has both or
    neither."""
    if "prob_overrun" not in projects or "prob_late" not in projects:
        return ""
    said = []
    for blank, other in (("prob_overrun", "prob_late"), ("prob_late", "prob_overrun")):
        if n := int((projects[blank].isna() & projects[other].notna()).sum()):
            said.append(f"{n:,} whose {label(blank).lower()} is unknown: by the {label(other).lower()}")
    return f" ({'; '.join(said)})" if said else ""


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
        from .committee_options import pack_currency

        # in thousands, as the Summary's cost rows show the portfolio's it is set beside
        sums.append(f"a cost of {in_thousands(projects['cost_p80'].sum())} ({pack_currency(ctx)[0]})")
    totals = "effort still to spend, cost" if ctx.points else "effort still to spend, contingency, cost"
    port = ctx.forecasts["overrun"].portfolio().iloc[0]
    # one project (or projects that move together) reaches its P80 in the same futures: the sums are the total
    more = to_spend > port["p80"] - port["spent_hours"] + 0.5
    adds = (f"add up to more ({', '.join(sums)}): not every project reaches its own P80 in the same future" if more
            else f"add up to the same ({', '.join(sums)})")
    return (f"Totals over the open projects ({totals}) are percentiles of their "
            f"hours added up in each simulated future, so P80 is the whole portfolio's; the Projects sheet's "
            f"80%-sure figures {adds}.")


def _summary_sheet(ctx, projects: pd.DataFrame) -> Sheet:
    from .committee import finish_as_shown

    kpis = _kpis(ctx, projects)
    risk = finish_as_shown(_by_risk(projects))
    risk = risk[risk["at_risk"]]
    keep = [c for c in (S.PROJECT_ID, S.MANAGER, S.DUE, "finish_p80", "prob_late", S.BUDGET,
                        "effort_p80_hours", "prob_overrun", "contingency_p80") if c in risk]
    return Sheet("Summary", "Planning pack: summary",
                 [Block("summary", "Headline numbers", kpis[["measure", "value"]],
                        formats={"value": kpis["_kind"].tolist()}, note=_headline_note(ctx, projects)),
                  Block("at-risk", f"Projects at risk ({pack_risk_rule(ctx)})",
                        risk[keep].reset_index(drop=True),
                        note=f"Sorted by the larger of the two chances{_one_chance_words(risk)}. All open "
                             "projects: sheet Projects.")],
                 note=f"As of {ctx.as_of:%Y-%m-%d}; {ctx.n_trials:,} Monte Carlo trials, seed {ctx.seed}. "
                      "Probabilities are chances from the simulation.",
                 charts=[("fan", "projects", {"budget": has_values(projects, S.BUDGET)})]
                 if "overrun" in ctx.forecasts else [], labels=True)


def _projects_sheet(ctx, projects: pd.DataFrame) -> Sheet:
    note = "Effort: total hours at completion (spent + simulated remaining work + scope growth)."
    # columns named by their headers (the sheet shows labels; "contingency_p80" was in no header)
    if not ctx.points:  # story points: no contingency column
        note += (f" {label('contingency_p80')}: the hours to add to the plan to be 80% sure, the effort at completion "
                 "80% sure less the plan (spent + remaining estimate).")
    if "finish" in ctx.notes:
        note += f" No finish dates: {ctx.notes['finish']}."
    if "throughput" in ctx.forecasts:
        n_none, n_no_model = throughput_reasons(ctx, projects)
        one = n_none + n_no_model == 1  # "1 project ... has ... its", not "1 projects ... have ... their"
        have, their, they = ("has", "its", "it has") if one else ("have", "their", "they have")
        named = estimates_named(ctx.points)
        said = f"{have} no {named} on {their} open work"
        if n_no_model:  # estimated, but the model could not be fitted: not "no estimates"
            why = ([f"{n_none} without {named} on their open work"] if n_none else []) + [
                f"{n_no_model} with {named}, but {NO_MODEL_REASON}: see 'fallback: forecast method' in Assumptions"]
            said = f"{have} no effort forecast ({'; '.join(why)})"
        note += (f" {counted(n_none + n_no_model, 'project')} ({label('forecast_method')} '{THROUGHPUT_METHOD}') "
                 f"{said}: {their} finish dates come from the project's own items finished per week over the last "
                 f"26 weeks, resampled ({label('remaining_items')}, {label('items_per_week')}; "
                 f"{label('items_by_due_p80')}: the number of items done by the due date in 80% of trials); {they} no "
                 "effort or budget figures.")
    return Sheet("Projects", "Open projects: effort, budget and finish dates",
                 [Block("projects", "Per project", projects)], note=note, labels=True)


def _team_table(ctx) -> pd.DataFrame:
    """Ratio actual / estimate of finished tasks by the assignee's role."""
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
    return table.drop(columns=["share_over", "share_exact"]).rename(columns=S.PER_POINT_COLUMNS)


#: The Accuracy sheet's number formats (:data:`~pmo_forecast.core.workbook.NUMBER_FORMATS`) its column names do
#: not give, by name or by the stem of a backtest's column per level (``cal_err_0.8``): log biases and calibration
#: errors to 3 decimals, pinball losses to 4 (their differences are small), the change against the best other
#: method as a percentage. Counts, ratios and shares take theirs from the name.
ACCURACY_FORMATS = {"bias": "num3", "bias_sd": "num3", "cal_err": "num3", "max_cal_err": "num3",
                    "pinball": "num4", "mean_pinball": "num4", "vs_best_baseline": "pct1"}


def _accuracy_formats(table: pd.DataFrame) -> dict:
    """:data:`ACCURACY_FORMATS` of ``table``'s columns."""
    kinds = {}
    for c in table.columns:
        stem, _, level = str(c).rpartition("_")
        kinds[c] = ACCURACY_FORMATS.get(c) or (ACCURACY_FORMATS.get(stem) if level.replace(".", "", 1).isdigit()
                                               else None)
    return {c: k for c, k in kinds.items() if k}


def _read_order(table: pd.DataFrame) -> pd.DataFrame:
    """A summary's groups in the order people read them, as the Projects sheet lists projects (PC2 before PC10:
    as text PC10 had come first); the tasks with no group stay in the last row."""
    from ..estimation.features import NO_GROUP

    named = pd.Series(table.index[table.index != NO_GROUP])
    return table.reindex([*named.sort_values(key=natural_key, kind="stable"), *table.index[table.index == NO_GROUP]])


def _no_effect(table: pd.DataFrame, title: str, size: bool = False) -> str:
    """Why a factor's groups all show a bias of 0 (a factor of 1), in one sentence; empty when some group has one.
    ``size``: the factor is the size bands, whose effect beyond the model's line in log(estimate) is what is shown.

    SiP's projects all read 0 beside standard deviations above 0, which looked like a fault: empirical Bayes had
    found the projects' biases no more varied than their tasks' noise makes them, and shrunk each to none.
    """
    from ..estimation.features import NO_GROUP

    groups = table.drop(index=NO_GROUP, errors="ignore")
    if groups.empty or groups["bias"].ne(0).any():
        return ""
    why = ("shrunk to none: the groups' biases differ no more than their tasks' noise explains"
           if groups["bias_sd"].notna().any() else "too few groups, or tasks per group, to tell one from noise")
    beyond = " beyond the model's line in log(estimate), which carries how misses change with size" if size else ""
    return f"{title}: no effect estimated{beyond} ({why}), so every bias is 0, a factor of 1."


def _accuracy_sheet(ctx) -> Sheet:
    from ..estimation.features import SIZE_BAND

    model = ctx.forecasts.get("model")
    if model is None:
        return Sheet("Accuracy", "Estimation accuracy", [],
                     note=f"{sentence_start(ctx.notes['model'])}.")
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
        left_out += [_no_effect(table, title, size=by == SIZE_BAND)]
        table = _per_point(table) if ctx.points else table
        table = table if by == SIZE_BAND else _read_order(table)  # size bands: smallest first
        blocks.append(Block(f"accuracy-{by.replace('_', '-')}", title, table, formats=_accuracy_formats(table)))
    if "people" in ctx.tables:
        note = (f"Raw {'hours per point' if ctx.points else 'ratios'} of finished tasks, not pooled: a team is the sum "
                "of its people.")
        if ctx.sources.get("people") is None:  # inferred: one 'dev' row read as a team's own record
            note += (f" No people table: everyone is counted as a developer ({INFERRED_ROLE!r}), so the one row is "
                     "every finished task (Assumptions' 'inferred: people').")
        blocks.insert(1, Block("accuracy-team", "By team (the person's role in the people table)", _team_table(ctx),
                               note=note))
    if "backtest" in ctx.forecasts:
        result = ctx.forecasts["backtest"]
        scores = result.summary()
        scores = scores.rename(index=dict.fromkeys(scores.index[:1], ACCURACY_MODEL_METHOD))  # model, baselines
        train = result.split_percents()[0]
        blocks.append(Block("backtest", f"Backtest: fit on the earliest {train} of finished tasks, test on the rest",
                            scores, formats=_accuracy_formats(scores),
                            note="Calibration error 0 means the P-levels held on the held-out tasks; "
                                 "lower pinball loss is better."))
    note = ("Ratio = actual / estimate on finished tasks. Bias: the pooled (shrunk) log effect on actual "
            "hours, other factors held fixed; as a factor, exp(bias).")
    if ctx.points:
        note = ("The estimates are story points: hours per point = actual hours / story points on finished tasks, "
                "a rate, so no share over the estimate (hours against points); size bands in story points. Bias: "
                "the pooled (shrunk) log effect on actual hours, other factors held fixed; as a factor, exp(bias), "
                "the group's hours per point against the whole history's.")
    note = " ".join([note, *filter(None, left_out)])
    if "backtest" in ctx.notes:
        note += f" {ctx.notes['backtest']}."
    return Sheet("Accuracy", "Estimation accuracy", blocks, note=note, labels=True)


#: The scenario measures as the pack words them: as a notebook and the notes do (:data:`SHOWN_ROWS`).
SCENARIO_MEASURES = SHOWN_ROWS
#: The Scenario definitions' settings for a scenario that changes none (the baseline).
NO_SETTINGS = "none: the plan as it stands"


def scenario_measures(ctx) -> dict:
    """:data:`SCENARIO_MEASURES`, and which projects the scenarios count at risk when they cover fewer than
    the Projects sheet: a project without hour estimates on its open work is in none of a scenario's figures
    (forecast from throughput on the Projects sheet), so its baseline count is below the Summary's."""
    from .committee import effort_scope

    scope = effort_scope(ctx.forecasts["overrun"]) if "overrun" in ctx.forecasts else ""
    return {**SCENARIO_MEASURES, **({"projects at risk": f"projects at risk, {scope}"} if scope else {})}


def _scenario_kinds(measures) -> list[str]:
    """The number format of each row of :meth:`ScenarioComparison.values`: waits in working days to the tenth,
    as the Capacity sheet and the Summary show them (the same P90 read 9.17 here, 9.2 there)."""
    return ["date" if m.startswith("P80 finish") else "pct" if "utilisation" in m
            else "days" if m in WAIT_ROWS
            else "int" if m in ("projects at risk", NOT_ASSESSED_ROW, NO_FINISH_ROW) else "num" for m in measures]


def _scenarios_sheet(ctx) -> Sheet:
    comparison = ctx.forecasts["comparison"]
    table = comparison.summary().rename_axis("measure")  # its infinite waits and utilisations in words
    measures = table.index.astype(str)
    value_kind = _scenario_kinds(measures)
    # a P80 finish moves by whole business days, shown as What changed shows its working days moved
    # a change in a utilisation in percentage points, as What changed shows a change in a chance (it read -0.10)
    change_kind = ["int" if k in ("int", "date") else k if k == "days" else POINTS if k == "pct" else "num"
                   for k in value_kind]
    table = table.rename(index=scenario_measures(ctx))
    formats = {c: (change_kind if str(c).startswith("change: ") else value_kind) for c in table.columns}
    # the settings in words, the scenario file's YAML kept last for an analyst to copy (as Data quality's codes)
    defs = pd.DataFrame({"scenario": [s.name for s in ctx.scenarios],
                         "description": [s.description for s in ctx.scenarios],
                         "settings_words": ["\n".join(s.settings_in_words()) or NO_SETTINGS for s in ctx.scenarios],
                         # as the file says them, its defaults too (to_dict left them out: a hire's 40 h at 90%)
                         "settings": [_yaml(s.as_written()) for s in ctx.scenarios]})
    # over capacity is one cause of an unbounded headline wait; a gap no PM comes back from within the horizon,
    # the other, is said by the comparison's note (it had read "more approval work than hours" for two weeks' leave)
    over = [r.scenario.name for r in comparison.results if np.isinf(r.approval_wait["p90"]) and r.over_capacity_weeks]
    did = pd.DataFrame([(r.scenario.name, a) for r in comparison.results for a in r.actions()],
                       columns=["scenario", "action"])
    return Sheet("Scenarios", "Staffing scenarios side by side",
                 [Block("scenarios", "Each scenario, then its change against the baseline", table, formats=formats,
                        data_columns=tuple(table.columns),  # the scenarios' own names
                        note="Changes: waits in working days, utilisation in percentage points (+5 pp: from "
                             "80% to 85%), P80 finish in working days (positive = later)."
                             + (f" A wait {UNBOUNDED_WAIT} ({', '.join(over)}): the PM pool has more approval "
                                "work than hours in some week a PM serves it, so the queue has no steady wait."
                                if over else "")
                             + (f" A utilisation {NO_CAPACITY}: a role has work planned in a week none of its "
                                "people is available." if table.map(lambda v: str(v).startswith(NO_CAPACITY)).any().any()
                                else "")
                             + (f" {comparison.note}" if comparison.note else "")),
                  Block("scenario-definitions", "Scenario definitions", defs),
                  Block("scenario-actions", "What each scenario did to the plan", did,
                        note="Blank finish dates: the project's work cannot finish under the scenario (a row below "
                             "says so), or it is on hold." if len(did) else "No scenario moved work, managers or projects.")],
                 labels=True,
                 note="Staffing -> utilisation -> PM-pool waiting -> delivery: each scenario changes the input "
                      "tables and runs the same simulation as the Projects sheet, with common random numbers, "
                      "so differences come from the scenarios only and the baseline is the Projects sheet to "
                      "the day. " + _gates_words(ctx))


def _gates_words(ctx) -> str:
    """How the PM pool's waits reach the scenarios' finish dates: through approval gates fitted from the request
    log, or not at all without a PM-pool queue (no log, or one that could not be fitted)."""
    if "queue" not in ctx.forecasts:
        return ("There is no PM-pool queue (no request log, or one that could not be fitted: see Assumptions), so "
                "no scenario changes an approval wait: staffing moves finish dates through people's capacity only.")
    return ("A scenario that changes the PM pool adds the change in approval waits at each gate of a project's "
            "schedule (gates per month fitted from the request log: see Assumptions); the baseline's delivery "
            "already includes the pool as it is.")


def _quality_sheet(ctx) -> Sheet:
    blocks, verdicts = [], []
    for name, report in ctx.validation.items():
        # a column as the user's file heads it where the loader renamed it, else in words ("Budget (hours)")
        headers = ctx.tables[name].attrs.get("_headers", {}) if name in ctx.tables else {}
        blocks.append(Block(f"data-quality-{name}-checks", f"{name}: checks run ({report.n_rows:,} rows)",
                            checks_in_words(report, headers)))
        findings = findings_in_words(report, headers)
        # the report's own note too: a check not run and why, findings without a line, a line in another file
        rest = len(findings) - MAX_FINDINGS_IN_SHEET  # counted, as the report's own views count them
        note = " ".join(filter(None, (report.note, "" if rest <= 0 else
                                      f"First {MAX_FINDINGS_IN_SHEET:,} of {len(findings):,} findings; "
                                      f"{counted(rest, 'more finding')} in the CSV file, which has them all.")))
        blocks.append(Block(f"data-quality-{name}", f"{name}: every finding (row = line in the source file, "
                            f"header = line 1)", findings, formats={"row": LINE}, note=note,
                            max_rows_in_sheet=MAX_FINDINGS_IN_SHEET))
        info = f", {len(report.info):,} for information" if len(report.info) else ""  # no problem, said
        verdicts.append(f"{name}: {report.errors_counted}, {report.warnings_counted}{info}")
    ok = all(r.ok for r in ctx.validation.values())
    # an error is a row or value the forecasts leave out (validation_report's severities), a warning one they use
    return Sheet("Data quality", "Data quality: " + ("no errors" if ok else "ERRORS, rows or values the forecasts "
                                                       "leave out: fix them and rerun"),
                 blocks, note="; ".join(verdicts) + ".", labels=True)


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
            # the file its Input files row names: a folder given (the SiP dataset's) by its task file
            file = ctx.inputs.loc[ctx.inputs["input"] == name, "file"].iat[0]
            parts.append(f"{name} ({Path(file).name if isinstance(src, str | os.PathLike) else 'in memory'})")
    return "Inputs: " + ", ".join(parts) + "."


def sheets(ctx) -> list[Sheet]:
    from .committee_pack import committee_columns

    projects = ctx.project_table = committee_columns(ctx, project_table(ctx))  # names, RAG, levels, cost
    sheets = [_summary_sheet(ctx, projects), _projects_sheet(ctx, projects), _accuracy_sheet(ctx),
              capacity_sheet(ctx)]
    for sheet in sheets:
        sheet.note = f"{sheet.note} {_inputs_used(ctx, SHEET_INPUTS[sheet.name])}".strip()
    if ctx.scenarios:
        sheets.append(_scenarios_sheet(ctx))
    sheets += [_quality_sheet(ctx), assumptions_sheet(ctx)]
    from .committee_pack import committee_sheets

    return committee_sheets(ctx, sheets, projects)  # Trends, What changed, levels; RAG, key messages


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
    projects = _by_risk(ctx.project_table)  # the sheets' (summary_html reads the sheets laid out)
    keep = [c for c in (S.PROJECT_ID, S.NAME, "rag", S.DUE, "finish_p80", "prob_late", "prob_overrun")
            if c in projects]
    if S.NAME not in projects:
        keep = [c for c in (S.PROJECT_ID, "rag", S.MANAGER, S.DUE, "finish_p80", "prob_late", S.BUDGET,
                            "effort_p80_hours", "prob_overrun") if c in projects]
    from .committee import finish_as_shown

    shown = finish_as_shown(projects)[keep].head(HTML_MAX_PROJECTS)
    more = f", the first {HTML_MAX_PROJECTS} of {len(projects)}" if len(projects) > HTML_MAX_PROJECTS else ""
    from .committee_pack import page_kpis

    # a chance unknown (no due date or budget to hold a forecast to): those projects come last, in the ids' order,
    # said as such
    unassessed = int(projects["risk"].isna().sum())
    first = f"highest risk first{_one_chance_words(projects)}"
    order = ("by project ID (none assessed)" if len(projects) and unassessed == len(projects) else
             f"{first}, then by project ID ({unassessed:,} not assessed)" if unassessed else first)
    tables = [page_kpis(kpis),
              (f"Open projects, {order}{more}", shown, {})]
    if "comparison" in ctx.forecasts:
        v = figures_in_words(ctx.forecasts["comparison"].values())
        v = v.loc[~v.index.str.startswith("P80 finish")]
        kinds = _scenario_kinds(v.index)
        v = v.rename(index=scenario_measures(ctx)).rename_axis("measure").reset_index()
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
        figures.append((f"Approval waits: the request log against the {QUEUE_MODEL}, {QUEUE_MODEL_WORDS}", fig))
    inputs = ", ".join(f"{r['input']} {Path(r['file']).name} (sha256 {r['sha256'][:12]})" if r["sha256"]
                       else f"{r['input']} (in memory)" for r in ctx.inputs.to_dict("records"))
    footer = (f"Inputs: {inputs}.{_page_currency(ctx)} {ctx.n_trials:,} trials, seed {ctx.seed}, pmo_forecast "
              f"{__version__}, exported {ctx.export_time:%Y-%m-%d %H:%M} UTC. Every table is in the workbook and CSV "
              "files.")
    return summary_page("Planning pack: summary", summary.note, tables, figures, footer,
                        messages=messages(ctx, ctx.project_table))


def _page_currency(ctx) -> str:
    """The sentence of summary.html's small print naming the currency of its costs when the rows do not: a known
    one is beside each cost row ("(EUR)"), the unknown one is said once (beside the rows, its long words wrapped
    the page past its A4 sheet; the Summary sheet says it in its note); "" without costs."""
    from .committee_options import UNKNOWN_CURRENCY_NOTE, pack_currency

    if "cost" not in ctx.forecasts or pack_currency(ctx)[0] != UNKNOWN_CURRENCY:
        return ""
    return f" {UNKNOWN_CURRENCY_NOTE}"
