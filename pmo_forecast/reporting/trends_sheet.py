"""The committee pack's Trends sheet: the PMO's KPIs per quarter (:func:`~.trends.kpi_trends`), with native line
charts under the table. :func:`~.committee_pack.committee_sheets` adds it to the pack when the trends were made."""

from __future__ import annotations

import pandas as pd

from ..core.labels import HOURS_PER_POINT, POOL_UTILISATION_TWO, sentence_start
from ..core.workbook import NUMBER_FORMATS, WHOLE_DAYS, Block, Sheet
from .trends import MEASURES

#: The Trends sheet's charts: (title, measures, axis name, number format). Cycle times and ages of work in progress
#: in whole days, as their cells show them (an axis of SiP's read "1,800.0").
TREND_CHARTS = (
    ("Delivery and estimation accuracy", ("on_time_rate", "on_budget_rate", "share_within_20pct"), "", "0%"),
    ("Work finished per quarter", ("hours_finished",), "hours", "#,##0"),
    ("Approval waits", ("approval_wait_p50_days", "approval_wait_p90_days"), "working days", "#,##0"),
    ("PM pool, observed in the request log", ("pm_pool_utilisation", "flow_efficiency"), "", "0%"),
    ("Projects per PM", ("wip_per_pm",), "projects", "#,##0.0"),
    ("Task cycle time", ("cycle_time_p50_days", "cycle_time_p85_days"), "working days", NUMBER_FORMATS[WHOLE_DAYS]),
    ("Age of work in progress against cycle time", ("wip_age_p85_days", "cycle_time_p85_days"), "working days",
     NUMBER_FORMATS[WHOLE_DAYS]),
    ("Tasks in progress at quarter end", ("tasks_in_progress", "tasks_stale"), "tasks", "#,##0"),
)
#: What a chart of :data:`TREND_CHARTS` draws, by measure, for a title that names only the lines drawn: no project
#: completed leaves no delivery rate (SiP), story points no within-20% share.
TITLE_WORDS = {"Delivery and estimation accuracy": {"on_time_rate": "delivery", "on_budget_rate": "delivery",
                                                    "share_within_20pct": "estimation accuracy"}}


#: The highest value under which a chart's automatic axis may step by less than one (Excel steps 0 to 4 by 0.5): an
#: axis in whole numbers up to it steps by one, so that no label repeats ("0, 1, 1, 2, 2").
WHOLE_STEP_BELOW = 10


def axis_options(fmt: str, values: pd.DataFrame) -> dict:
    """The y-axis options of a chart of ``values`` in the number format ``fmt``.

    Parameters
    ----------
    fmt : str
        The axis's number format (:data:`TREND_CHARTS`).
    values : DataFrame
        The values drawn, one column per line.

    Returns
    -------
    dict
        ``y_format``, and ``y_major`` (a step of 1) for an axis in whole numbers whose values all lie under
        :data:`WHOLE_STEP_BELOW`, where the automatic step would be a fraction its labels round to repeats.

    >>> axis_options("#,##0", pd.DataFrame({"cycle": [1.5, 3.2]}))
    {'y_format': '#,##0', 'y_major': 1}
    >>> axis_options("#,##0", pd.DataFrame({"cycle": [12.0, 1800.4]}))
    {'y_format': '#,##0'}
    """
    opts = {"y_format": fmt}
    whole = "." not in fmt and not fmt.endswith("%")
    if whole and values.abs().max().max() < WHOLE_STEP_BELOW:
        opts["y_major"] = 1
    return opts


def _chart_title(title: str, drawn: list[str]) -> str:
    """``title`` of a :data:`TREND_CHARTS` chart, or the words of only the measures ``drawn`` (:data:`TITLE_WORDS`).

    >>> _chart_title("Delivery and estimation accuracy", ["share_within_20pct"])
    'Estimation accuracy'
    """
    words = TITLE_WORDS.get(title)
    if words is None:
        return title
    said = " and ".join(dict.fromkeys(words[m] for m in drawn))
    return sentence_start(said)


def trends_sheet(ctx) -> Sheet:
    """The PMO's KPIs per quarter, with native line charts under the table."""
    tr = ctx.forecasts["trends"]
    table = tr.report_table()
    formats = {m: k for m, k in MEASURES.items() if m in table}
    # a measure with no value in any period (no PM, no projects table) is no line: a chart with none is left out
    shown = {m for m in table if table[m].notna().any()}
    drawn = {title: [m for m in cols if m in shown] for title, cols, _, _ in TREND_CHARTS}
    charts = [("lines", "trends", {"columns": drawn[title], "title": _chart_title(title, drawn[title]), "y_name": unit,
                                   "below": True} | axis_options(fmt, table[drawn[title]]))
              for title, _, unit, fmt in TREND_CHARTS if drawn[title]]
    accuracy = ("within 20%: actual between 0.8 and 1.2 times the estimate" if "share_within_20pct" in table
                else f"{HOURS_PER_POINT}: a finished task's actual hours over its story points")
    note = ("One row per quarter; a task or project counts in the quarter it finished. On time: finished by "
            f"the due date; on budget: hours booked at most the budget; {accuracy}. Approval waits: requested to "
            "started, in working days (8 hours). Cancelled projects count in no delivery rate. Work in progress: tasks "
            "in progress at the quarter's end and their age; stale: older than 99% of the tasks finished by then took.")
    if "queue" in ctx.forecasts and "pm_pool_utilisation" in shown:  # beside the Summary's, a number that differs
        note += f" {POOL_UTILISATION_TWO}."
    if tr.partial_period is not None:
        note += (f" The last quarter runs only to the forecast date ({tr.as_of:%Y-%m-%d}): its counts and hours "
                 "are not a whole quarter's.")
    if tr.warnings_:
        note += " Notes: " + "; ".join(tr.warnings_) + "."
    return Sheet("Trends", "The PMO's KPIs over time", [Block("trends", "KPIs per quarter", table, formats=formats)],
                 note=note, charts=charts, labels=True)
