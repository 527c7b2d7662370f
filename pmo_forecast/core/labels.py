"""Plain-language headers for the committee pack: one map, applied when a table is written.

The tables keep their column names (``finish_p80``, ``prob_late``: what the CSV files
and the Python API use); the workbook and ``summary.html`` show these labels
instead, with the unit in the header, so a steering committee reads "Finish date,
80% sure" and never a code name. A name missing from the map is shown with its
underscores as spaces and a capital first letter.
"""

from __future__ import annotations

import numbers
import re

import numpy as np
import pandas as pd


def sentence_start(text: str) -> str:
    """``text`` with its first character upper-cased to start a sentence or a label, the rest as it was
    (:meth:`str.capitalize` lower-cases the rest: "pm pool" for "PM pool").

    >>> sentence_start("queue waits in the PM pool"), sentence_start("")
    ('Queue waits in the PM pool', '')
    """
    return text[:1].upper() + text[1:]


#: The chance of going over budget in a rule's words ("P(late) or P(over budget) >= 50%"), as the pack says it.
P_OVER_BUDGET = "P(over budget)"

#: A finished task's actual / estimate when the estimates are story points: a rate, not an overrun.
HOURS_PER_POINT = "hours per story point"
#: The tasks' estimate column in words when its estimates are story points (they stay in ``estimate_hours``, which
#: :data:`LABELS` heads "Estimate (hours)").
ESTIMATE_POINTS = "Estimate (story points)"

#: An approval wait the M/M/c model cannot bound: the PM pool has more approval work than hours (``inf``).
UNBOUNDED_WAIT = "unbounded (queue grows)"
#: The change to a bounded wait from an unbounded one (``-inf``).
BOUNDED_AGAIN = "bounded again (was unbounded)"
#: The change between two unbounded waits (the baseline's PM pool and the scenario's both over capacity).
UNBOUNDED_BOTH = "unbounded in both (no change to measure)"
#: A utilisation with hours planned against no capacity (``inf``): a role with work but nobody available.
NO_CAPACITY = "no capacity (hours planned, nobody available)"
#: The change between two utilisations with no capacity (the baseline's and the scenario's both ``inf``).
NO_CAPACITY_BOTH = "no capacity in both (no change to measure)"

#: What is said of an active project with no task yet whose ``start`` is after ``as_of`` (both dates): not
#: started, information rather than a data problem (validation's ``project_not_started``, the forecasts' notes).
PROJECT_NOT_STARTED = ("an active project starting {start:%Y-%m-%d}, after {as_of:%Y-%m-%d} (the as-of date), with "
                       "no task yet: not started, so no forecast until its tasks are in the export (no data problem)")

#: The backtest's row of the model this pack forecasts with (the backtest names it by its Python class, "model:
#: EstimationAccuracyModel", which the Accuracy sheet had shown to the committee).
ACCURACY_MODEL_METHOD = "accuracy model (this pack's forecasts)"

#: What a share of open work (stale tasks' hours) is of: every open task's median hours still to do, added up. Not
#: the Summary's 'Effort still to spend, P50' (the portfolio's, of summed trials, larger), which "the hours still to
#: do at P50" read as (SiP: 26,201 h beside 54,521 h).
TASK_MEDIANS = "all open tasks' median hours"

#: The one name of the PM pool's M/M/c queue model, wherever a figure of it is shown: beside its utilisation (the
#: Summary's key message too), its waits (the Capacity and Scenarios sheets) and in the notes that name it.
QUEUE_MODEL = "queue model"
#: What the queue model is, in plain words, where the committee reads of it (summary.html's chart, the Capacity sheet's
#: note without a request log): "(M/M/c)" after its name was a technical name a committee reader does not know; the
#: docs and the pool module's own printout keep it.
QUEUE_MODEL_WORDS = "a standard waiting-line model of the PM pool"
#: Two measures of how busy the PM pool is, named apart so that a reader does not take them for one: the share of
#: the pool's working hours the request log shows with a request in service, per period (the Trends sheet), and
#: the queue model's long-run utilisation (the Summary, Capacity and Scenarios sheets).
POOL_UTILISATION_OBSERVED = "PM-pool utilisation (observed)"
POOL_UTILISATION_MODEL = f"PM-pool utilisation ({QUEUE_MODEL})"
#: Two measures of the approvals' flow efficiency (hands-on hours over the hours from request to done), named apart as
#: the utilisations are: the request log's per period (the Trends sheet) and the queue model's long-run one (the
#: Capacity sheet's queue table and the notebooks' queue panel). Both had read "Approval flow efficiency (hands-on /
#: elapsed)", for two different numbers.
FLOW_EFFICIENCY_OBSERVED = "Approval flow efficiency (observed)"
FLOW_EFFICIENCY_MODEL = f"Approval flow efficiency ({QUEUE_MODEL})"
#: What a flow efficiency is the ratio of, after its name in a table's header.
FLOW_EFFICIENCY_RATIO = "hands-on / elapsed"
#: What tells the two apart, said once where the observed one is shown.
POOL_UTILISATION_TWO = (f"{POOL_UTILISATION_OBSERVED} is the share of the pool's working hours in each period with a "
                        f"request in service, as the request log shows it; the Summary's {POOL_UTILISATION_MODEL} is "
                        "the queue model's long-run load over the whole log (its mean arrival rate x hands-on time, "
                        "over the PMs' time for requests), so a period busier than the log's average reads higher")

#: Headers of the forecasts' columns at a percentile ``n``: the pack's P50, P80 and P90, and any planning level
#: a notebook's panel asks for (``effort_p85_hours``, ``finish_p85``).
PERCENTILE_LABELS = {"effort_p{n}_hours": "Effort at completion, {n}% sure (hours)",
                     "finish_p{n}": "Finish date, {n}% sure"}

#: The one name of the hours to add to the plan (spent + remaining estimate) to reach the effort at completion 80%
#: sure: a project's (the Projects sheet's column) and the portfolio's (the Summary's row). They had read "Hours to add
#: to the plan to be 80% sure" and "Contingency to be 80% sure", one measure under two names.
CONTINGENCY_80 = "Contingency to be 80% sure"

#: The tasks' bias as the pack shows it: how far their actual hours ran over (+) or under (-) their estimates, on
#: average, in percent (the geometric mean of actual / estimate, less 1: exp of the mean log ratio, less 1). The Trends
#: and the roll-up pages head their column so, beside "Project bias" of the same form.
TASK_BIAS = "Task bias (+ over, - under estimate)"
#: The finished tasks' median actual / estimate (with story points, hours per point), one name wherever it is shown: a
#: period's on the Trends sheet, the whole history's on the Summary ("Finished tasks: median actual / estimate" there
#: had said the same measure in other words).
MEDIAN_RATIO = "Task actual / estimate, median"
MEDIAN_PER_POINT = f"Task {HOURS_PER_POINT}, median"
#: What :data:`TASK_BIAS` is, in the notes under the tables that show it.
BIAS_DEFINED = "the geometric mean of actual / estimate, less 1"

#: Column name -> header shown in the pack (units in brackets, defined once here).
LABELS = {
    # projects
    "project_id": "Project",
    "name": "Project name",
    "manager": "Project manager",
    "project_type": "Type",
    "portfolio": "Portfolio",
    "business_unit": "Business unit",
    "department": "Department",
    "status": "Status",
    "start": "Start date",
    "end": "End date",
    "due": "Due date",
    "budget_hours": "Budget (hours)",
    "spent_hours": "Spent so far (hours)",
    "remaining_estimate_hours": "Remaining estimate (hours)",
    "remaining_estimate_points": "Remaining estimate (story points)",
    **{f"effort_p{n}_hours": PERCENTILE_LABELS["effort_p{n}_hours"].format(n=n) for n in (50, 80, 90)},
    "prob_overrun": "Chance of going over budget",
    "expected_overrun_hours": "Expected hours over budget",
    "contingency_p80": f"{CONTINGENCY_80} (hours)",
    **{f"finish_p{n}": PERCENTILE_LABELS["finish_p{n}"].format(n=n) for n in (50, 80, 90)},
    "finish_p80_after": "Finish 80% sure beyond the horizon: after",
    "prob_late": "Chance of being late",
    "prob_any_late": "Chance any of its projects is late",
    "finish_note": "Note on the finish date",
    "risk": "Larger of the two chances",
    "at_risk": "At risk",
    "forecast_method": "Forecast method",
    "items_by_due_p50": "Items done by the due date, 50% sure",
    "items_by_due_p80": "Items done by the due date, 80% sure",
    "rag": "Status (red/amber/green; grey: not assessed)",
    "rag_reason": "Why",
    "cost_p50": "Cost at completion, 50% sure",
    "cost_p80": "Cost at completion, 80% sure",
    "cost_p90": "Cost at completion, 90% sure",
    # headline table
    "measure": "Measure",
    "value": "Value",
    # Assumptions sheet: the run, the input files and the settings
    "setting": "Setting",
    "input": "Input",
    "file": "File",
    "sha256": "SHA-256 (the file's fingerprint)",
    "bytes": "Size (bytes)",
    "rows": "Rows used",
    "filters": "What is read and used",
    "message": "Key message",
    "step": "Step",
    "hours": "Hours",
    "explanation": "What it is",
    "projects": "Projects",
    "sum_of_project_p80_hours": "Sum of the projects' 80%-sure effort (hours)",
    "red_projects": "Red",
    "amber_projects": "Amber",
    "green_projects": "Green",
    "grey_projects": "Grey (not assessed)",
    # trends
    "period": "Period",
    "tasks_finished": "Tasks finished",
    "hours_finished": "Hours finished (actual)",
    "tasks_compared": "Tasks with estimate and actual (accuracy counts these)",
    "median_ratio": MEDIAN_RATIO,
    "median_hours_per_point": MEDIAN_PER_POINT,
    "share_within_20pct": "Tasks within 20% of estimate",
    "task_bias": "Task bias, mean log(actual / estimate)",
    "task_bias_pct": TASK_BIAS,
    "task_spread": "Task spread, sd of log(actual / estimate)",
    "projects_completed": "Projects completed",
    "project_bias": "Project bias, mean log(actual / estimate)",
    "project_bias_pct": "Project bias (+ over, - under estimate)",
    "project_spread": "Project spread, sd of log(actual / estimate)",
    "on_time_rate": "Projects finished on time",
    "on_budget_rate": "Projects finished on budget",
    "cycle_time_p50_days": "Task cycle time, median (working days)",
    "cycle_time_p85_days": "Task cycle time, 85th percentile (working days)",
    "tasks_in_progress": "Tasks in progress at period end",
    "wip_age_p85_days": "Age of tasks in progress, 85th percentile (working days)",
    "tasks_stale": "Tasks in progress longer than 99% of finished tasks took",
    "projects_running": "Projects running at period end",
    "wip_per_pm": "Projects per PM at period end",
    "approval_wait_p50_days": "Approval wait, median (working days)",
    "approval_wait_p90_days": "Approval wait, 90th percentile (working days)",
    "flow_efficiency": f"{FLOW_EFFICIENCY_OBSERVED}: {FLOW_EFFICIENCY_RATIO}",
    "pm_pool_utilisation": f"{POOL_UTILISATION_OBSERVED}: time with requests in service",
    # estimation accuracy (the Accuracy sheet: per group, then the backtest)
    "n_tasks": "Finished tasks compared",
    "share_over": "Tasks over their estimate",
    "share_exact": "Tasks on their estimate",
    "ratio_p10": "Task actual / estimate, 10th percentile",
    "ratio_p90": "Task actual / estimate, 90th percentile",
    "hours_per_point_p10": f"Task {HOURS_PER_POINT}, 10th percentile",
    "hours_per_point_p90": f"Task {HOURS_PER_POINT}, 90th percentile",
    "size_band": "Estimate size",
    "bias": "Bias, pooled log effect on actual hours",
    "bias_sd": "Bias, standard deviation (log)",
    "bias_factor": "Bias as a factor on actual hours (1 = as the whole history)",
    "method": "Method",
    "max_cal_err": "Calibration error, largest of P10-P90",
    "mean_pinball": "Pinball loss, mean of P10-P90 (log hours; lower is better)",
    "vs_best_baseline": "Mean pinball loss against the best baseline (negative: lower, better)",
    "mean_ratio": "Forecast mean / actual hours (summed)",
    # what changed / history
    "finish_p80_before": "Finish date 80% sure, last pack",
    "finish_p80_now": "Finish date 80% sure, now",
    "finish_p80_moved_days": "Finish 80% sure moved (working days, + later)",
    "finish_p80_past_horizon": "Finish 80% sure moved past the horizon (no date)",
    "prob_late_before": "Chance of being late, last pack",
    "prob_late_now": "Chance of being late, now",
    "prob_late_change": "Chance of being late, change (percentage points)",
    "prob_overrun_before": "Chance of going over budget, last pack",
    "prob_overrun_now": "Chance of going over budget, now",
    "prob_overrun_change": "Chance of going over budget, change (percentage points)",
    "scope_added_hours": "Scope added since last pack (hours)",
    "effort_p80_before": "Effort 80% sure, last pack (hours)",
    "effort_p80_now": "Effort 80% sure, now (hours)",
    "rebaselined": "Re-baselined (due date or budget changed)",
    "change": "What changed",
    "as_of": "Forecast date",
    "finished": "Finished on",
    "forecasts": "Earlier forecasts",
    "share_by_p50": "Finished by the 50% date",
    "share_by_p80": "Finished by the 80% date",
    "share_by_p90": "Finished by the 90% date",
    # capacity: utilisation and people's load
    "week": "Week starting",
    "person": "Person",
    "assignee": "Assignee",  # the Accuracy sheet's By person (--people-detail named): it read "assignee"
    "team": "Team",
    "role": "Role",
    "demand_hours": "Work scheduled (hours)",
    "capacity_hours": "Capacity (hours)",
    "pooled_hours": "of which unassigned work and scope growth (hours)",
    "utilisation": "Utilisation",
    # every week of the plan ahead, not the weekly tables' window beside them (capacity_sheet.WEEKS_SHOWN)
    "peak_utilisation": "Busiest week's utilisation (whole plan)",
    "periods_over": "Weeks over capacity (whole plan)",
    "periods": "Weeks (whole plan)",
    "active_projects_now": "Projects managed this week",
    "peak_active_projects": "Most projects managed in one week",
    "project_hours_ahead": "Hours ahead on the projects managed (everyone's work on them)",
    # capacity: the PM-pool queue (measures of the queue table, then the waits table)
    "requests": "Requests in the log",
    "completed": "Requests completed",
    "servers": "PMs handling requests",
    "arrival_rate_per_hour": "Requests arriving per working hour",
    "touch_hours": "Hands-on time per request (hours)",
    "availability": "Share of a PM's time for requests",
    "observed_mean_wait_hours": "Wait before work starts, mean, observed (working hours)",
    "model_mean_wait_hours": f"Wait before work starts, mean, {QUEUE_MODEL} (working hours)",
    "replay_mean_wait_hours": "Wait before work starts, mean, log replayed (working hours)",
    "observed_p90_wait_hours": "Wait before work starts, 90th percentile, observed (working hours)",
    "model_p90_wait_hours": f"Wait before work starts, 90th percentile, {QUEUE_MODEL} (working hours)",
    "little_L_observed": "Requests waiting on average, observed (Little's law L)",
    "little_lambda_W": "Arrivals per hour x mean wait (Little's law, should equal L)",
    "little_discrepancy": "Little's law check: relative gap between the two",
    "statistic": "Statistic",
    "p25": "25th percentile",
    "p50": "Median",
    "p75": "75th percentile",
    "p90": "90th percentile",
    "p95": "95th percentile",
    "mean": "Mean",
    "observed_hours": "Observed (working hours)",
    "model_hours": f"{sentence_start(QUEUE_MODEL)} (working hours)",
    "replay_hours": "Log replayed (working hours)",
    "replay_one_more_hours": "Log replayed, one more PM (working hours)",
    "observed_days": "Observed (working days)",
    "model_days": f"{sentence_start(QUEUE_MODEL)} (working days)",
    "replay_days": "Log replayed (working days)",
    "replay_one_more_days": "Log replayed, one more PM (working days)",
    # scenarios
    "scenario": "Scenario",
    "description": "Description",
    "settings_words": "Settings",
    "settings": "Settings as the scenario file writes them",  # for an analyst to copy into a file
    "action": "What it did",  # to the plan: a row per change a scenario made
    "hire": "Hire",
    "hours_per_week": "Hours per week",
    "cost_per_hour": "Cost per hour",
    "cost_first_year": "Cost over the 52 weeks after the forecast date",
    "cost_at_completion_p50": "Cost at completion of the open projects, 50% sure",
    "cost_at_completion_p80": "Cost at completion of the open projects, 80% sure",
    "cost_at_completion_p90": "Cost at completion of the open projects, 90% sure",
    "hires_cost_first_year": "Hires' cost over the 52 weeks after the forecast date",
    "cost_with_hires_p80": "Cost at completion, 80% sure, plus the hires",
    "change_cost_with_hires_p80": "Change against the baseline: cost at completion, 80% sure, plus the hires",
    # the input tables' own columns, as a data-quality finding names one the file's header does not
    "task_id": "Task",
    "request_id": "Request",
    "estimate_hours": "Estimate (hours)",
    "actual_hours": "Actual (hours)",
    "created": "Created on",
    "started": "Started on",
    "requested": "Requested on",
    "done": "Done on",
    # data quality (validation's checks and findings)
    "check_words": "Check",
    "check": "Check's code (as the CSV files and the report name it)",  # for an analyst to search by
    "severity": "Severity",
    "count": "Rows found",
    "column": "Column",
    "row": "Row",
    "id": "ID",
    "file_column": "Header in the file",
    "reason": "Reason",
}

#: The accuracy explorer's table (notebook 02's panel): beside the Accuracy sheet's measures, headed as :data:`LABELS`
#: heads them, the uplift (or hours per point) of the finished tasks of its size band ``{band}`` at the panel's
#: chance ``{risk}``, beside the model's count of all sizes (the one its bias is fitted on). The readout above the
#: table names the row "all"'s figures so too (it had said "Share of tasks over their estimate" above the table's
#: "Tasks over their estimate").
ACCURACY_PANEL_LABELS = {"n": f"{LABELS['n_tasks']} ({{band}})",
                         "uplift": "Add to an estimate ({band}) to be {risk} sure",
                         "hours_per_point": f"{sentence_start(HOURS_PER_POINT)} to plan with ({{band}}) to be {{risk}} sure",
                         "n_all_sizes": f"{LABELS['n_tasks']} (all sizes, as the bias)"}
#: The accuracy explorer's caption: why its row "all" has no bias (the model learns each group's bias against the
#: whole history, so the whole history has none of its own to show).
ACCURACY_PANEL_ALL_ROW = ('The row "all" has no bias: each group\'s bias is measured against the whole history '
                          '(a factor of 1), and "all" is the whole history.')


#: A cell with nothing in it, as a finding's value says it (the checks' words: "leave it empty"); it read
#: "<missing>", a program's placeholder.
EMPTY_CELL = "(empty)"
#: A finding's value for a column the table does not have.
NO_SUCH_COLUMN = "(no such column)"
#: A flag (true or false) as the pack's cells, CSV files and tables shown elsewhere say it: a spreadsheet had
#: shown TRUE and FALSE, a CSV file True and False.
YES_NO = {True: "Yes", False: "No"}
#: The unit of a money figure when neither the people table's cost header nor the pack's ``currency`` names one.
UNKNOWN_CURRENCY = "people table's currency"

#: The planning pack's settings named for a PMO analyst (the Assumptions sheet's Run and Model settings rows),
#: by the code's name of each: the run's, the accuracy model's parameters (``get_params()``), and what the overrun
#: forecast measured (its ``correlation`` and ``scope_growth``), and a scenario's keys (``scenario``, its entries'
#: fields ``scenario_item``: the Scenarios sheet's definitions). One name each: a parameter both the run and the
#: model have (the seed) reads the same in both rows.
SETTING_LABELS = {
    "n_trials": "Monte Carlo trials",
    "random_state": "random seed",
    # the accuracy model's parameters
    "booking_unit": "booking unit of actuals asked for (hours; auto: found from the actuals)",
    "calibration_folds": "recalibration folds (slices of the recent history, each forecast from the history before it)",
    "calibration_share": "share of the history, most recent first, the levels are recalibrated on",
    "factors": "groups the estimate bias is learnt by",
    "half_life_days": "recency half-life asked for (days; auto: chosen on the recent history)",
    "min_tasks": "fewest finished tasks to learn from",
    # the overrun forecast: correlation of overruns, then scope growth
    "correlation": {"method": "correlation of overruns, measured how",
                    "person": "correlation of overruns within a person's tasks",
                    "project": "correlation of overruns within a project's tasks",
                    "project_scale": "scale on the project correlation, learnt from the history",
                    "fallback": "correlation of overruns, fallback"},
    "scope_growth": {"rate": "scope growth, mean share added to a project's plan",
                     "cv": "scope growth, spread between projects (coefficient of variation)",
                     "n_projects": "scope growth, completed projects learnt from",
                     "fallback": "scope growth, fallback"},
    # a scenario's settings (the Scenarios sheet's definitions), by their keys in a scenario file
    "scenario": {"hires": "hire",
                 "leaves": "leaver",
                 "moves": "move",
                 "availability": "availability change",
                 "demand_growth": "demand growth (multiplier on the work not yet started and on requests; 1 = as "
                                  "forecast)",
                 "bias_correction": "estimates corrected with the accuracy model",
                 "add_projects": "project added",
                 "remove_projects": "projects removed (their unfinished work dropped)",
                 "wip_limit": "most live projects per PM (WIP limit)",
                 "approval_share": "share of each PM's week for approvals and change requests",
                 "pace": "pace (capacity for the delivery schedule)"},
    # the fields of a scenario's hire, leaver, move, availability change or project added that the input tables'
    # columns (LABELS) do not name
    "scenario_item": {"date": "on", "like": "with the work of project", "scale": "its work scaled by"},
}
#: The values of settings in words: the accuracy model's factors (the Accuracy sheet's groups) and how the
#: correlation of overruns was measured.
SETTING_VALUES = {"assignee": "person", "task_type": "task type", "project_id": "project", "size_band": "estimate size",
                  "backdate": "on the model refitted at past dates (backdated)",
                  "in_sample": "in sample (on the history the model learnt from)",
                  "none": "not measured (too little history): overruns independent"}
#: The accuracy model's tables that are not a group's (``summary("selection")``, ``summary("booking")``), as the
#: model's title in a notebook names them.
ACCURACY_TABLES = {"selection": "the method chosen on the recent history", "booking": "the booking unit of actuals"}


def setting_label(name: str, part: str | None = None) -> str:
    """The words for setting ``name`` (:data:`SETTING_LABELS`; of the ``part`` it belongs to, ``"correlation"``
    or ``"scope_growth"``); a name without words as written, its underscores as spaces."""
    words = SETTING_LABELS.get(part, {}) if part else SETTING_LABELS
    return words.get(name) or (f"{part.replace('_', ' ')}, " if part else "") + name.replace("_", " ")


def is_money(name) -> bool:
    """Whether column ``name`` holds money (``cost_p80``, ``hires_cost_first_year``): a word of it is "cost"."""
    return "cost" in str(name).split("_")


#: Headers of columns named from a level (the backtest's ``cal_err_0.8``, ``pinball_0.8``): any level it scores.
LEVEL_LABELS = {"cal_err": "Calibration error at P{level}", "pinball": "Pinball loss at P{level} (log hours)"}


def _level_label(text: str) -> str | None:
    """The :data:`LEVEL_LABELS` header of ``text`` ("cal_err_0.8": "Calibration error at P80"), else None."""
    stem, _, level = text.rpartition("_")
    if stem not in LEVEL_LABELS:
        return None
    try:
        return LEVEL_LABELS[stem].format(level=f"{float(level) * 100:g}")
    except ValueError:
        return None


def _percentile_label(text: str) -> str | None:
    """The :data:`PERCENTILE_LABELS` header of ``text`` ("effort_p85_hours": "Effort at completion, 85% sure
    (hours)"), else None."""
    for name, shown in PERCENTILE_LABELS.items():
        if m := re.fullmatch(re.escape(name).replace(re.escape("{n}"), r"(\d{1,2})"), text):
            return shown.format(n=m[1])
    return None


def label(name, currency: str | None = None) -> str:
    """The header shown for column ``name`` (see :data:`LABELS`, :data:`LEVEL_LABELS`); with ``currency``, a
    money column's (:func:`is_money`) ends with it: "Cost at completion, 80% sure (EUR)"."""
    text = str(name)
    if text in LABELS:
        shown = LABELS[text]
    elif (leveled := _level_label(text)) is not None:
        shown = leveled
    elif (at := _percentile_label(text)) is not None:
        shown = at
    elif "_" in text and text == text.strip():
        shown = sentence_start(text.replace("_", " "))
    else:
        shown = text
    return f"{shown} ({currency})" if currency and is_money(text) else shown


#: An input table's column whose name the pack's own measures use for something else: ``availability``, a
#: person's share of the week for project work, is the PM-pool queue's share of a PM's time for requests in
#: :data:`LABELS`.
INPUT_LABELS = {("people", "availability"): "Availability (share of the week for project work)"}


def input_label(table: str, name) -> str:
    """The header shown for column ``name`` of the input ``table`` (``"people"``): :data:`INPUT_LABELS`, else
    :func:`label`."""
    return INPUT_LABELS.get((table, str(name))) or label(name)


def column_named(table: str, column, headers: dict, words: str | None = None) -> str:
    """Column ``column`` of the input ``table`` as the pack names it beside what a loader found: in words, as the
    pack's headers (:func:`input_label`: "Estimate (hours)"; ``words`` where the column holds what its name does
    not say, :data:`ESTIMATE_POINTS`), with the file's own header where the loader renamed it (``headers``, the
    loaded table's ``attrs["_headers"]``): "Estimate (hours), headed 'Est'"."""
    words = words or input_label(table, column)
    header = headers.get(column)
    return words if header is None or header in (column, words) else f"{words}, headed '{header}'"


def estimates_named(points: bool, plural: bool = True, article: bool = False) -> str:
    """"hour estimates" or "story-point estimates" (``plural`` False: "... estimate"; ``article``: "an hour
    estimate", "a story-point estimate"): the one wording for the tasks' estimates in the pack, the CLI and
    the warnings, so that a story-points pack (:func:`~pmo_forecast.core.schema.estimates_in_points`) never
    asks for hours it was not given."""
    unit = "story-point" if points else "hour"
    if article:
        return f"{'a' if points else 'an'} {unit} estimate"
    return f"{unit} estimate{'s' if plural else ''}"


def estimate_unit(points: bool, figure: float | None = None) -> str:
    """The unit written after an estimate's ``figure``: "h", or "points" ("1 point") for story points,
    which are no hours."""
    if not points:
        return "h"
    return "point" if figure == 1 else "points"


def counted(n, noun: str, plural: str | None = None) -> str:
    """``n`` and ``noun``, singular for one: "1 project", "3 projects", "1,204 tasks" (``plural`` when
    adding "s" is wrong: ``counted(2, "status", "statuses")``), so the pack never writes "1 projects".

    >>> counted(1, "project"), counted(0, "task"), counted(1204, "task"), counted(2, "person", "people")
    ('1 project', '0 tasks', '1,204 tasks', '2 people')
    """
    return f"{n:,} {agree(n, noun, plural or noun + 's')}"


def too_few(n, noun: str, plural: str | None = None) -> str:
    """A fallback's count of what it had too few of: "only 3 completed projects", "only 1 finished task", and for
    none "no finished task" ("only 0 finished tasks" read as a slip of the pen).

    >>> too_few(3, "completed project"), too_few(1, "finished task"), too_few(0, "finished task")
    ('only 3 completed projects', 'only 1 finished task', 'no finished task')
    """
    return f"only {counted(n, noun, plural)}" if n else f"no {noun}"


def agree(n, one: str, many: str) -> str:
    """The word that agrees with a count ``n``: ``one`` for exactly 1, ``many`` otherwise (0 included), for
    the verbs and pronouns after a :func:`counted` noun ("1 project is", "2 projects are"; "its", "their").

    >>> f"{counted(1, 'task')} {agree(1, 'has', 'have')}", agree(0, "is", "are"), agree(3, "its", "their")
    ('1 task has', 'are', 'their')
    """
    return one if n == 1 else many


_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")


def ordinal(n: int) -> str:
    """The ``n``-th (from 1) in words up to the tenth, then in figures: which copy of a repeated header is meant.

    >>> ordinal(2), ordinal(10), ordinal(11), ordinal(22), ordinal(103)
    ('second', 'tenth', '11th', '22nd', '103rd')
    """
    if n <= len(_ORDINALS):
        return _ORDINALS[n - 1]
    suffix = "th" if n % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def every(n: int, noun: str, rest: str = "", start: bool = True) -> str:
    """Every one of ``n`` (at least 1) ``noun``, ``rest`` after the noun: "The one open project with a budget", "Both
    open projects with a budget", "All 3 open projects with a budget" ("1 of the 1 open projects" read as a slip).
    With ``start`` False, for words within a sentence: "the one open project", "both ...", "all 3 ...". The verb
    after it agrees with ``n`` (:func:`agree`).

    >>> every(1, "open project"), every(2, "open project", " with a budget"), every(1204, "task", start=False)
    ('The one open project', 'Both open projects with a budget', 'all 1,204 tasks')
    """
    said = (f"The one {noun}{rest}" if n == 1 else f"Both {noun}s{rest}" if n == 2
            else f"All {counted(n, noun)}{rest}")
    return said if start else said[:1].lower() + said[1:]


def named_count(n: int, most: int) -> int:
    """How many of ``n`` things a message names when it names at most ``most`` and counts the rest: all of them when
    one would be left, since naming it takes about the room of "and 1 more" and spares the reader a search for it.

    >>> named_count(3, 10), named_count(11, 10), named_count(12, 10)
    (3, 11, 10)
    """
    return n if n == most + 1 else min(n, most)


def id_list(ids, most: int = 10, *, sep: str = ", ", total: int | None = None) -> str:
    """The first ``most`` of ``ids`` (projects, tasks, cells a message names), joined by commas, and how many more
    there are: a message names a few and counts the rest, as row lists do (:func:`~.source_lines.rows_text`), but
    names them all when one would be left (:func:`named_count`). Entries with commas of their own
    (``"Ann (left, 3 tasks)"``) are joined by ``sep="; "``. ``total``, when ``ids`` are only the first of them, is
    how many there are in all (rows a message counts without naming each).

    >>> id_list(["PRJ-1", "PRJ-2"]), id_list([f"T-{i}" for i in range(1, 8)], most=5)
    ('PRJ-1, PRJ-2', 'T-1, T-2, T-3, T-4, T-5 and 2 more')
    >>> id_list(["Ann (left, 3 tasks)", "Bo (unknown, 1 task)"], 1, sep="; "), id_list(["2", "3"], total=1236)
    ('Ann (left, 3 tasks); Bo (unknown, 1 task)', '2, 3 and 1,234 more')
    """
    ids = [str(i) for i in ids]
    shown = ids[:named_count(len(ids) if total is None else total, most)]
    more = (len(ids) if total is None else total) - len(shown)
    return sep.join(shown) + (f" and {more:,} more" if more > 0 else "")


def in_words(value, most: int = 10, *, kind: bool = False) -> str:
    """A value a message quotes (what a caller gave, the choices it has) as a reader reads it, never in Python's
    brackets: text quoted, a number as written, a list, tuple, set or array as its items (:func:`id_list`: the
    first ``most`` and how many more), a mapping as ``key: value`` pairs, an empty one as "nothing". With ``kind``,
    for a value of the wrong kind (a list where one number was meant), a list or a mapping says so: "a list (365)".

    >>> in_words([0.1, 0.5, 1.2]), in_words(("a", "b")), in_words({"high": 2, "low": -1}), in_words([])
    ('0.1, 0.5, 1.2', "'a', 'b'", "'high': 2, 'low': -1", 'nothing')
    >>> in_words(np.array([1.5, np.nan])), in_words("soon"), in_words(np.float64(80.0))
    ('1.5, nan', "'soon'", '80.0')
    >>> in_words([365], kind=True), in_words({"column": "Epic"}, kind=True), in_words([], kind=True)
    ('a list (365)', "a mapping ('column': 'Epic')", 'an empty list')
    """
    if isinstance(value, dict):
        what, items = "mapping", [f"{in_words(k)}: {in_words(v)}" for k, v in value.items()]
    elif isinstance(value, set | frozenset):
        what, items = "set", sorted((in_words(v) for v in value), key=str)
    elif isinstance(value, list | tuple | np.ndarray | pd.Series | pd.Index):
        what, items = "list", [in_words(v) for v in (value.tolist() if hasattr(value, "tolist") else value)]
    elif isinstance(value, numbers.Number):  # np.float64(80.0) as 80.0
        return str(value)
    else:
        return repr(value)
    if not kind:
        return id_list(items, most) if items else "nothing"
    return f"a {what} ({id_list(items, most)})" if items else f"an empty {what}"


def wrong_value(value) -> str:
    """A value of the wrong kind as an option's refusal says it was given ("got ..."): "nothing" for None, "the
    number 3" for a number (a bare 3 read as part of the sentence), anything else as :func:`in_words` says it with
    ``kind`` ("a list ('EUR')"). The estimators' parameter refusals read like Python's ("got None.") and keep
    :func:`in_words`.

    >>> wrong_value(None), wrong_value(3), wrong_value(["EUR"]), wrong_value("everyone"), wrong_value(True)
    ('nothing', 'the number 3', "a list ('EUR')", "'everyone'", 'True')
    """
    if value is None:
        return "nothing"
    if isinstance(value, numbers.Number) and not isinstance(value, bool):
        return f"the number {in_words(value)}"
    return in_words(value, kind=True)


def option_refused(option: str, must: str, value) -> str:
    """The refusal of an option given a value it cannot take: what it must be, then what was given in words
    (:func:`wrong_value`), never Python's ``by=None``.

    >>> option_refused("by", "name a column of tasks", None)
    'by must name a column of tasks, got nothing'
    >>> option_refused("by", "name one column", ["team", "task_type"])
    "by must name one column, got a list ('team', 'task_type')"
    """
    return f"{option} must {must}, got {wrong_value(value)}"


def natural_key(ids: pd.Series) -> pd.Series:
    """Sort key of ids in the order people read them (``sort_values(key=natural_key)``): runs of digits compared as
    numbers, so PC2 comes before PC10 (as text PC10 came first), the rest by letters in any case, then as written.

    >>> pd.Series(["PC10", "pc2", "PC1", "PC2"]).sort_values(key=natural_key).tolist()
    ['PC1', 'PC2', 'pc2', 'PC10']
    """
    def key(v) -> tuple:  # (0, text) and (1, number) pairs: a text part never meets a number
        parts = re.split(r"(\d+)", str(v))
        return (*((1, int(x)) if i % 2 else (0, x.casefold()) for i, x in enumerate(parts)), (2, str(v)))

    return ids.map(key)
