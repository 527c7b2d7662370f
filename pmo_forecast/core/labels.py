"""Plain-language headers for the committee pack: one map, applied when a table is written.

The tables keep their column names (``finish_p80``, ``prob_late``: what the CSV files
and the Python API use); the workbook and ``summary.html`` show these labels
instead, with the unit in the header, so a steering committee reads "Finish date,
80% sure" and never a code name. A name missing from the map is shown with its
underscores as spaces and a capital first letter.
"""

from __future__ import annotations

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
    "due": "Due date",
    "budget_hours": "Budget (hours)",
    "spent_hours": "Spent so far (hours)",
    "remaining_estimate_hours": "Remaining estimate (hours)",
    "effort_p50_hours": "Effort at completion, 50% sure (hours)",
    "effort_p80_hours": "Effort at completion, 80% sure (hours)",
    "effort_p90_hours": "Effort at completion, 90% sure (hours)",
    "prob_overrun": "Chance of going over budget",
    "expected_overrun_hours": "Expected hours over budget",
    "contingency_p80": "Hours to add to the plan to be 80% sure",
    "finish_p50": "Finish date, 50% sure",
    "finish_p80": "Finish date, 80% sure",
    "finish_p90": "Finish date, 90% sure",
    "prob_late": "Chance of being late",
    "finish_note": "Note on the finish date",
    "risk": "Larger of the two chances",
    "at_risk": "At risk",
    "forecast_method": "Forecast method",
    "rag": "Status (red/amber/green)",
    "rag_reason": "Why",
    "cost_p50": "Cost at completion, 50% sure",
    "cost_p80": "Cost at completion, 80% sure",
    "cost_p90": "Cost at completion, 90% sure",
    # headline table
    "measure": "Measure",
    "value": "Value",
    "message": "Key message",
    "step": "Step",
    "hours": "Hours",
    "explanation": "What it is",
    "projects": "Projects",
    "sum_of_project_p80_hours": "Sum of the projects' 80%-sure effort (hours)",
    "red_projects": "Red",
    "amber_projects": "Amber",
    "green_projects": "Green",
    # trends
    "period": "Period",
    "tasks_finished": "Tasks finished",
    "hours_finished": "Hours finished (actual)",
    "median_ratio": "Task actual / estimate, median",
    "share_within_20pct": "Tasks within 20% of estimate",
    "task_bias": "Task bias, mean log(actual / estimate)",
    "task_spread": "Task spread, sd of log(actual / estimate)",
    "projects_completed": "Projects completed",
    "project_bias": "Project bias, mean log(actual / estimate)",
    "project_spread": "Project spread, sd of log(actual / estimate)",
    "on_time_rate": "Projects finished on time",
    "on_budget_rate": "Projects finished on budget",
    "cycle_time_p50_days": "Task cycle time, median (working days)",
    "cycle_time_p85_days": "Task cycle time, 85th percentile (working days)",
    "projects_running": "Projects running at period end",
    "wip_per_pm": "Projects per PM at period end",
    "approval_wait_p50_days": "Approval wait, median (working days)",
    "approval_wait_p90_days": "Approval wait, 90th percentile (working days)",
    "flow_efficiency": "Approval flow efficiency (hands-on / elapsed)",
    "pm_pool_utilisation": "PM-pool utilisation (time with requests in service)",
    # what changed / history
    "finish_p80_before": "Finish date 80% sure, last pack",
    "finish_p80_now": "Finish date 80% sure, now",
    "finish_p80_moved_days": "Finish 80% sure moved (working days, + later)",
    "prob_late_before": "Chance of being late, last pack",
    "prob_late_now": "Chance of being late, now",
    "prob_late_change": "Chance of being late, change (points)",
    "scope_added_hours": "Scope added since last pack (hours)",
    "effort_p80_before": "Effort 80% sure, last pack (hours)",
    "effort_p80_now": "Effort 80% sure, now (hours)",
    "change": "What changed",
    "as_of": "Forecast date",
    "finished": "Finished on",
    "forecasts": "Earlier forecasts",
    "share_by_p50": "Finished by the 50% date",
    "share_by_p80": "Finished by the 80% date",
    "share_by_p90": "Finished by the 90% date",
}


def label(name) -> str:
    """The header shown for column ``name`` (see :data:`LABELS`)."""
    text = str(name)
    if text in LABELS:
        return LABELS[text]
    if "_" in text and text == text.strip():
        words = text.replace("_", " ")
        return words[:1].upper() + words[1:]
    return text
