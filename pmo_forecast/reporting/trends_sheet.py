"""The committee pack's Trends sheet: the PMO's KPIs per quarter (:func:`~.trends.kpi_trends`), with native line
charts under the table. :func:`~.committee_pack.committee_sheets` adds it to the pack when the trends were made."""

from __future__ import annotations

import pandas as pd

from ..core.labels import BIAS_DEFINED, HOURS_PER_POINT, POOL_UTILISATION_TWO, sentence_start
from ..core.workbook import NUMBER_FORMATS, SHOWN_DECIMALS, Block, Sheet
from .trends import MEASURES

#: The Trends sheet's charts: (title, measures, axis name). Each axis is in its measures' number format, the one
#: their cells show (:func:`axis_kind`): approval waits to the tenth of a day, projects per PM to the hundredth, cycle
#: times and ages of work in progress in whole days (an axis of SiP's read "1,800.0").
TREND_CHARTS = (
    ("Delivery and estimation accuracy", ("on_time_rate", "on_budget_rate", "share_within_20pct"), ""),
    ("Work finished per quarter", ("hours_finished",), "hours"),
    ("Approval waits", ("approval_wait_p50_days", "approval_wait_p90_days"), "working days"),
    ("PM pool, observed in the request log", ("pm_pool_utilisation", "flow_efficiency"), ""),
    ("Projects per PM", ("wip_per_pm",), "projects"),
    ("Task cycle time", ("cycle_time_p50_days", "cycle_time_p85_days"), "working days"),
    ("Age of work in progress against cycle time", ("wip_age_p85_days", "cycle_time_p85_days"), "working days"),
    ("Tasks in progress at quarter end", ("tasks_in_progress", "tasks_stale"), "tasks"),
)
#: What a chart of :data:`TREND_CHARTS` draws, by measure, for a title that names only the lines drawn: no project
#: completed leaves no delivery rate (SiP), story points no within-20% share.
TITLE_WORDS = {"Delivery and estimation accuracy": {"on_time_rate": "delivery", "on_budget_rate": "delivery",
                                                    "share_within_20pct": "estimation accuracy"}}


#: How many of its smallest step shown (1 in whole numbers, 0.1 to a tenth) a chart's automatic axis must span to step
#: by no less (Excel steps 0 to 4 by 0.5): an axis whose values all lie under it steps by that smallest step, so that
#: no label repeats ("0, 1, 1, 2, 2").
SMALLEST_STEPS = 10


def axis_kind(measures) -> str:
    """The display kind of a chart of ``measures``: their cells' (:data:`~.trends.MEASURES`), so that its axis
    reads as the cells it draws.

    Raises
    ------
    ValueError
        Measures of more than one kind: one axis shows one number format.

    >>> axis_kind(("approval_wait_p50_days", "approval_wait_p90_days"))
    'days'
    """
    kinds = {MEASURES[m] for m in measures}
    if len(kinds) != 1:
        raise ValueError(f"a chart of {', '.join(measures)} has cells of the kinds {', '.join(sorted(kinds))}: "
                         "its one axis can show only one")
    return kinds.pop()


def axis_options(kind: str, values: pd.DataFrame) -> dict:
    """The y-axis options of a chart of ``values`` of the display ``kind``.

    Parameters
    ----------
    kind : str
        The values' display kind (:func:`axis_kind`); the axis has its number format
        (:data:`~pmo_forecast.core.workbook.NUMBER_FORMATS`).
    values : DataFrame
        The values drawn, one column per line.

    Returns
    -------
    dict
        ``y_format``, and ``y_major`` (the smallest step the format shows: 1 in whole numbers, 0.1 to a tenth)
        for an axis whose values all lie under :data:`SMALLEST_STEPS` of that step, where the automatic step would
        be a fraction of it and its labels round to repeats. Not for a percentage: its axis is 0% to 100%.

    >>> axis_options("int", pd.DataFrame({"tasks": [2, 7]}))
    {'y_format': '#,##0', 'y_major': 1}
    >>> axis_options("int", pd.DataFrame({"tasks": [12, 1800]}))
    {'y_format': '#,##0'}
    >>> axis_options("days", pd.DataFrame({"wait": [0.2, 0.45]}))
    {'y_format': '#,##0.0', 'y_major': 0.1}
    """
    fmt = NUMBER_FORMATS[kind]
    opts = {"y_format": fmt}
    step = 10 ** -SHOWN_DECIMALS[kind]
    if not fmt.endswith("%") and values.abs().max().max() < SMALLEST_STEPS * step:
        opts["y_major"] = step
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
    drawn = {title: [m for m in cols if m in shown] for title, cols, _ in TREND_CHARTS}
    charts = [("lines", "trends", {"columns": drawn[title], "title": _chart_title(title, drawn[title]), "y_name": unit,
                                   "below": True} | axis_options(axis_kind(cols), table[drawn[title]]))
              for title, cols, unit in TREND_CHARTS if drawn[title]]
    accuracy = ("within 20%: actual between 0.8 and 1.2 times the estimate" if "share_within_20pct" in table
                else f"{HOURS_PER_POINT}: a finished task's actual hours over its story points")
    if "task_bias_pct" in table:  # a percentage, as the Summary shows it (the mean log of 0.05 sat beside its +6%)
        accuracy += f"; bias: actual hours over (+) or under (-) the estimates on average ({BIAS_DEFINED})"
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
