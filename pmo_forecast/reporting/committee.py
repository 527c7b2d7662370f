"""What a steering committee reads first: red/amber/green status, key messages, the plan-to-forecast bridge.

Everything here is computed from the forecasts' own numbers, so the words on the
Summary sheet and on ``summary.html`` always agree with the tables under them.

* :func:`rag_status`: red when a chance (of being late, of going over budget)
  reaches the red threshold, amber when it reaches the amber one, else green;
  grey when neither chance is known (no due date and no budget: not assessed).
  Defaults: red at 50%, amber at 20% (:data:`DEFAULT_RAG`); override with
  ``--rag late=0.5,0.2 --rag overrun=0.6,0.3`` (:func:`parse_rag`).
* :func:`plan_to_forecast`: from the plan (spent + remaining estimate) to the
  expected effort at completion, step by step: estimate bias on open tasks, scope
  growth, the shared project factors; then why the portfolio's 80%-sure figure is
  smaller than the sum of each project's.
* :func:`key_messages`: a handful of sentences with the numbers in them.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.calendar import HORIZON_YEARS, HOURS_PER_DAY
from ..core.labels import (
    HOURS_PER_POINT,
    QUEUE_MODEL,
    TASK_MEDIANS,
    agree,
    counted,
    estimates_named,
    every,
    id_list,
    label,
    sentence_start,
    wrong_value,
)
from ..core.results import Result, fixed, part_percent, percent, round_half_away
from ..core.shown import shown_number
from ..core.workbook import PER_POINT_KIND, SHOWN_DECIMALS
from ..estimation.features import SIZE_BAND
from ..forecasting.finish_dates import FINISHED_NOTE
from ..forecasting.plan import reaches
from ..inputs.validation import findings_text
from ..inputs.validation_report import ERROR, WARNING
from .pack_comparison import CLOSED_SINCE, GONE_FROM_DATA, NEW_SINCE
from .trends import MEASURES

#: The replayed P90 wait must be within this share of the logged one for a what-if to be quoted.
REPLAY_AGREES = 0.25
#: Chance -> (red at or above, amber at or above).
DEFAULT_RAG = {"late": (0.5, 0.2), "overrun": (0.5, 0.2)}
#: Each chance of the status (the ``--rag`` keys) -> the projects table column that holds it.
RAG_COLUMNS = {"late": "prob_late", "overrun": "prob_overrun"}
_RAG_WORDS = {"late": "late", "overrun": "over budget"}
#: The status of a project with neither chance known: green would claim what nobody assessed.
NOT_ASSESSED = "grey"
#: Most projects named in one key message.
MAX_NAMED = 4


def parse_rag(items, *, option: str = "rag") -> dict:
    """Thresholds from ``["late=0.5,0.2", "overrun=0.6,0.3"]`` or ``{"late": (0.5, 0.2)}`` (red, amber), on top of
    the defaults.

    Parameters
    ----------
    items : list of str, or dict
        Each ``CHANCE=RED,AMBER``, or a mapping of each chance to its two thresholds.
    option : str, default "rag"
        The option as the caller gave it, named by the refusals: ``"rag"``, the keyword of
        :func:`~pmo_forecast.reporting.export.export_planning_pack`, or ``"--rag"`` on the command line.

    Raises
    ------
    ValueError
        Naming the option, the item as the caller wrote it (a mapping's by its key, not as the text it would be
        written as on the command line) and what is wrong with it.
    """
    out = dict(DEFAULT_RAG)
    mapping = isinstance(items, dict)
    for item in items.items() if mapping else items or []:
        if mapping:  # quoted by its key, its value said: the refusal had quoted 'late=0.2,0.5', which it never was
            key, pair = item
            named, got, example = f"{option} {key!r}", f"got {wrong_value(pair)}; ", f"{{{key!r}: (0.5, 0.2)}}"
            expected = "'late' or 'overrun' with two chances, for example {'late': (0.5, 0.2)}"
            pairs = isinstance(pair, Sequence | np.ndarray) and not isinstance(pair, str)  # a set has no order
            known, two = key in DEFAULT_RAG, _two_numbers(pair) if pairs else None
        else:
            key, sep, values = str(item).partition("=")
            key = key.strip()
            named, got, example = f"{option} {item!r}", "", f"{key}=0.5,0.2"
            expected = "late=RED,AMBER or overrun=RED,AMBER, for example late=0.5,0.2"
            known, two = bool(sep) and key in DEFAULT_RAG, _two_numbers(values.split(","))
        if not known:
            raise ValueError(f"{named}: expected {expected}")
        if two is None:
            raise ValueError(f"{named}: {got}give two chances between 0 and 1, red then amber, for example {example}")
        red, amber = two
        if not (0 < amber <= red <= 1):
            raise ValueError(f"{named}: need 0 < amber <= red <= 1, got red {red} and amber {amber}")
        out[key] = (red, amber)
    return out


def _two_numbers(pair) -> tuple[float, float] | None:
    """``pair`` as two numbers (red, amber), or None when it is not two numbers."""
    try:
        red, amber = (float(v) for v in pair)
    except (TypeError, ValueError):
        return None
    return red, amber


def rag_status(projects: pd.DataFrame, thresholds: dict | None = None) -> pd.DataFrame:
    """Red/amber/green per project from its chances of being late and of going over budget.

    Parameters
    ----------
    projects : DataFrame
        With ``prob_late`` and/or ``prob_overrun`` (missing chances are ignored).
    thresholds : dict, optional
        ``{"late": (red, amber), "overrun": (red, amber)}``; default :data:`DEFAULT_RAG`.

    Returns
    -------
    DataFrame
        Same index: ``rag`` ("red", "amber", "green", or "grey" when no chance is known) and
        ``rag_reason`` in words.
    """
    th = {**DEFAULT_RAG, **(thresholds or {})}
    level = pd.Series(2, index=projects.index)
    known = np.zeros(len(projects), dtype=bool)
    reasons = [[] for _ in range(len(projects))]
    for key, col in RAG_COLUMNS.items():
        if col not in projects:
            continue
        red, amber = th[key]
        p = projects[col].to_numpy(float)
        known |= ~np.isnan(p)
        this = np.where(reaches(p, red), 0, np.where(reaches(p, amber), 1, 2))  # as the percentage shown
        level = np.minimum(level, this)
        for i, (lv, v) in enumerate(zip(this, p, strict=True)):
            if lv < 2:
                reasons[i].append(f"{part_percent(v)} chance {_RAG_WORDS[key]} ({'red' if lv == 0 else 'amber'} "
                                  f"from {percent(red if lv == 0 else amber)})")
    names = {0: "red", 1: "amber", 2: "green"}
    rag = [names[int(v)] if k else NOT_ASSESSED for v, k in zip(np.asarray(level), known, strict=True)]
    dated = np.zeros(len(projects), dtype=bool)  # a due date or a budget that no forecast could be held to
    for col in (S.DUE, S.BUDGET):
        if col in projects:
            dated |= projects[col].notna().to_numpy()
    why = ["; ".join(r) if k else "no forecast to hold its due date or budget to: not assessed" if d
           else "no due date and no budget: not assessed" for r, k, d in zip(reasons, known, dated, strict=True)]
    return pd.DataFrame({"rag": rag, "rag_reason": why}, index=projects.index)


class ProjectStatus(Result):
    """Each project's status and why (:func:`rag_status`), beside its id and name: what a committee reads first.

    Attributes
    ----------
    table : DataFrame
        ``project_id``, ``name`` (where the projects have one), ``rag`` and ``rag_reason``.
    """

    title = "Status of each project"

    def __init__(self, table: pd.DataFrame):
        self.table = table

    def summary(self) -> pd.DataFrame:
        return self.table

    def _shown(self) -> pd.DataFrame:
        """Headed as the planning pack heads these columns ("Why", not ``rag_reason``); :meth:`summary` keeps the
        names."""
        return self.table.rename(columns=label)


def project_status(projects: pd.DataFrame, thresholds: dict | None = None) -> ProjectStatus:
    """:func:`rag_status` of ``projects`` with their ids and names, as a result that shows the pack's headers.

    >>> project_status(pd.DataFrame({"project_id": ["P1"], "prob_late": [0.6]})).summary()
      project_id  rag                      rag_reason
    0         P1  red  60% chance late (red from 50%)
    """
    ids = projects[[c for c in (S.PROJECT_ID, S.NAME) if c in projects]]
    return ProjectStatus(pd.concat([ids, rag_status(projects, thresholds)], axis=1))


def finish_as_shown(projects: pd.DataFrame) -> pd.DataFrame:
    """``projects`` with each 80%-sure finish beyond the horizon shown as "after <date>" (``finish_p80_after``,
    as its finish note says it), not blank as a project without a finish, and a project with no open work
    shown "finished <date>" (its last done task's, :data:`~pmo_forecast.forecasting.finish_dates.FINISHED_NOTE`),
    not a date that reads as forecast; the same table when there is neither."""
    if "finish_p80" not in projects:
        return projects
    after = projects["finish_p80_after"] if "finish_p80_after" in projects else pd.Series(pd.NaT, index=projects.index)
    done = (projects["finish_note"].astype("string").str.startswith(FINISHED_NOTE).fillna(False).to_numpy(bool)
            if "finish_note" in projects else np.zeros(len(projects), dtype=bool))
    if after.isna().all() and not done.any():
        return projects
    return projects.assign(finish_p80=[f"after {a:%Y-%m-%d}" if pd.notna(a) else f"finished {d:%Y-%m-%d}" if f else d
                                       for d, a, f in zip(projects["finish_p80"], after, done, strict=True)])


def _delivery_message(r: dict, points: bool = False) -> list[str]:
    """Projects delivered and tasks' accuracy over the recent window (KPITrends.recent).

    With story points (``points``) actual / estimate is hours per point: no overrun to speak of. No project
    completed in the window: said, and the tasks' accuracy still (the Summary's row shows it); neither: no message.
    """
    n = r["projects_completed"]
    if not n and not r["tasks"]:
        return []

    def share(k, known, what):  # over the projects that know it (no due date or budget: unknown)
        if not r[known]:
            return None
        of = f" of the {r[known]} with {what}" if r[known] < n else ""
        # the complement of the late / over-budget percent the Summary shows: 62.5% over is "63%" there, and
        # "38% on budget" here had added up to 101%
        return f"{percent(1 - round_half_away(r[k], 2))}{of}"

    parts = [f"{v} {what}" for v, what in ((share("late_share", "with_due", "a due date"), "on time"),
                                          (share("over_budget_share", "with_budget", "a budget"), "on budget"))
             if v is not None]
    done = f"{counted(n, 'project')} {agree(n, 'was', 'were')}" if n else "no project was"
    text = f"{sentence_start(r['label'])}, {done} completed{': ' + ' and '.join(parts) if parts else ''}."
    if r["tasks"] and points:
        text += f" The median task took {shown_number(r['median_ratio'], PER_POINT_KIND)} {HOURS_PER_POINT}."
    elif r["tasks"]:  # teams without hour estimates have no task accuracy to report
        bias = round_half_away(r["typical_overrun"], 2)  # worded by the percent shown: "-6% over" read as an overrun
        ratio = shown_number(r["median_ratio"], MEASURES["median_ratio"])  # as the Trends sheet's cell shows it
        text += f" The median task took {ratio} times its estimate"
        # "on average" alone: "(mean log ratio)" was the statistician's name for it, which a committee does not
        # follow; the Summary's row beside it ("Typical task actual against estimate") says what it measures
        text += (f", but tasks ran {percent(bias)} over on average, and small overruns on many tasks add up."
                 if bias > 0 else
                 f", and tasks ran {percent(-bias)} under on average." if bias < 0 else
                 ", and tasks ran to their estimates on average.")
    return [text]


def effort_scope(overrun) -> str:
    """The open projects an effort total covers, for its label: ``""`` when it covers every one.

    Else "the 11 open projects with hour estimates" ("story-point estimates" when the estimates are
    points): the forecast left the others out
    (:attr:`~pmo_forecast.forecasting.overrun.OverrunForecast.without_estimates`), and a total
    labelled "all projects" would claim them.
    """
    if not len(overrun.without_estimates):
        return ""
    n = len(overrun.project_ids)
    return f"the {counted(n, 'open project')} with {estimates_named(overrun.points)}"


def open_points(overrun) -> pd.Series:
    """The story points on each project's open tasks, when the estimates are points.

    Not the forecast's remaining estimate (estimate less hours booked): hours taken from points
    would subtract across units.
    """
    t = overrun.by_task()
    return t[S.ESTIMATE].groupby(t[S.PROJECT_ID]).sum().reindex(overrun.by_project().index, fill_value=0.0)


#: How the bridge names the track record of each factor the accuracy model learnt from.
TRACK_RECORD_WORDS = {S.ASSIGNEE: "people's", S.TASK_TYPE: "task types'", S.PROJECT_ID: "projects'",
                      SIZE_BAND: "estimate sizes'"}


def _track_record(model) -> str:
    """Whose track record the model's bias learnt from: only the factors with a group in the history (a model
    left out the task types when no task has one, yet the bridge said "people's and task types'")."""
    used = [] if model is None else [f for f, table in model.effects_.items() if len(table)]
    if not used:
        return "the finished tasks' track record"
    words = [TRACK_RECORD_WORDS.get(f, f"{f}'s") for f in used]
    return f"{', '.join(words[:-1])} and {words[-1]} track record" if len(words) > 1 else f"{words[0]} track record"


def plan_to_forecast(overrun, model=None) -> pd.DataFrame:
    """The bridge from the plan to the forecast, in hours, for all open projects together.

    Parameters
    ----------
    overrun : OverrunForecast
        From :func:`pmo_forecast.forecast_overruns`.
    model : EstimationAccuracyModel, optional
        The fitted model the forecast used: the bias step names the factors it learnt from (the
        people's, the task types' ...); without it, "the finished tasks' track record".

    Returns
    -------
    DataFrame
        ``step``, ``hours`` and ``explanation``. The additive steps (means) go from the
        plan to the expected effort at completion; the last rows show why the
        portfolio's 80%-sure effort is less than the sum of each project's.
    """
    bp = overrun.by_project()
    tasks = overrun.by_task()
    budget = bp["budget_hours"]
    spent, rem = bp["spent_hours"].sum(), bp["remaining_estimate_hours"].sum()
    plan = spent + rem
    booked = tasks["booked_hours"].sum() if "booked_hours" in tasks else 0.0
    open_plan = booked + np.maximum(tasks["estimate_hours"].fillna(0) - tasks.get("booked_hours", 0), 0).sum()
    bias = float(tasks["mean"].sum() - open_plan) if "mean" in tasks else np.nan
    growth = float(bp["expected_growth_hours"].sum()) if "expected_growth_hours" in bp else np.nan
    mean = float(overrun.samples.sum(axis=1).mean())
    rest = mean - plan - np.nan_to_num(bias) - np.nan_to_num(growth)
    port80 = float(np.quantile(overrun.samples.sum(axis=1), 0.8))
    missing = int(budget.isna().sum())
    rows = [  # steps worded "Plus", "Equals": a label starting "+" or "=" reads as a formula (CSV guard's quote)
        # a total over some projects next to a plan over all of them reads as an overrun
        ("Budget of the open projects", float(budget.sum()) if not missing else np.nan,
         "the budgets in the projects table" if not missing else
         "no total: no open project has a budget in the projects table" if missing == len(budget) else
         f"no total: {missing:,} of the {counted(len(budget), 'open project')} {agree(missing, 'has', 'have')} no "
         "budget in the projects table"),
        ("Already over budget", float(np.maximum(bp["spent_hours"] - budget, 0).sum()),
         "hours booked beyond the budget on projects already past it"),
        ("Spent so far", float(spent), "hours booked on the open projects"),
        ("Remaining estimate", float(rem), "what is left of the open tasks' estimates"),
        ("Plan at completion", float(plan), "spent + remaining estimate: what the plan says"),
        ("Plus estimate bias on open tasks", bias,
         f"the accuracy model's expected hours minus the estimates, or the hours booked where more "
         f"({_track_record(model)})"),
        ("Plus scope growth", growth, "tasks not yet on the plan, at the rate completed projects grew"),
        ("Plus shared project and person factors", rest,
         "the mean effect of overruns that move together within a project (and rounding)"),
        ("Equals expected effort at completion", mean, "the mean of the simulated totals"),
        ("Effort at completion, 80% sure, all projects together", port80,
         "the 80th percentile of the summed trials"),
        ("Sum of each project's 80%-sure effort", float(bp["p80"].sum()),
         "larger: not every project reaches its own 80% figure in the same future"),
    ]
    return pd.DataFrame(rows, columns=["step", "hours", "explanation"])


def _name_list(df: pd.DataFrame, col: str) -> str:
    # a chance short of certain is not "100%", as the cells beside it show it (">99%")
    return id_list((f"{r['label']} ({part_percent(r[col])})" for r in df.to_dict("records")), MAX_NAMED)


def _findings_said(validation: dict, severity: str, why: str) -> str:
    """The findings of ``severity`` (:data:`~pmo_forecast.inputs.validation_report.ERROR` or ``WARNING``) counted as
    the Data quality sheet counts them, each problem of each row, with the rows they are on, then ``why`` they
    matter, then each table named once, before its checks, each in its own words, most findings first
    (:func:`~pmo_forecast.inputs.validation.findings_text`): "2 errors on 2 rows, which the numbers below leave out
    or read as blank (tasks: 1 task id on 2 rows)"; "" when there are none."""
    total, rows, tables = 0, 0, []
    for name, report in validation.items():
        if severity == ERROR:  # the refusals of cells too, which no finding names
            total, rows = total + report.n_errors, rows + report.n_error_rows
        else:
            total, rows = total + report.n_warnings, rows + report.n_warning_rows
        found = report.findings[report.findings["severity"] == severity]
        parts = [findings_text(check, found[found["check"] == check]) for check in found["check"].value_counts().index]
        if parts:
            tables.append(f"{name}: {', '.join(parts)}")
    if not total:
        return ""
    on = f" on {counted(rows, 'row')}" if rows else ""
    listed = f" ({'; '.join(tables)})" if tables else ""
    return f"{counted(total, severity)}{on}, {why}{listed}"


def _data_errors_message(validation: dict) -> str:
    """The message on errors found by validation (the first key message), with the warnings beside them, each
    counted as the Data quality sheet counts them (:func:`_findings_said`): "The input data has 2 errors on 2 rows,
    which the numbers below leave out or read as blank (...), and 3 warnings on 2 rows, used as written but worth a look
    (...)"; "" without errors: warnings alone make no key message (the sheet lists them). The words are the
    severities' (:mod:`~pmo_forecast.inputs.validation_report`): an error's row or value is left out or read as
    blank, a warning's kept and used as written."""
    errors = _findings_said(validation, ERROR, "which the numbers below leave out or read as blank")
    if not errors:
        return ""
    warned = _findings_said(validation, WARNING, "used as written but worth a look")
    return f"The input data has {errors}{f', and {warned}' if warned else ''}: see the Data quality sheet."


def _stale_message(stale: pd.DataFrame, trends=None) -> list[str]:
    """Open work under way longer than nearly all finished work took (``OverrunForecast.stale``): forecast as still
    running, so the hours and dates above hold only if it is; said with its share of the work still to do and,
    from ``trends`` (:class:`~pmo_forecast.reporting.trends.KPITrends`, not by group), the count at the end of
    the period before, so that the committee sees whether it grows."""
    if not len(stale):
        return []
    n, total = len(stale), stale.attrs["p50_to_do_hours_all"]
    # a clause of its own: ", 82% of all open tasks' median hours:" read as a second, unexplained count
    share = (f" and {agree(n, 'holds', 'hold')} {part_percent(stale['p50_to_do_hours'].sum() / total)} of "
             f"{TASK_MEDIANS}") if total > 0 else ""
    before = ""
    if trends is not None and trends.by is None and "tasks_stale" in trends.summary():
        table = trends.report_table()
        if len(table) > 1 and pd.notna(k := table["tasks_stale"].iat[-2]):
            before = (f" At the end of {table['period'].iat[-2]} {agree(int(k), 'there was', 'there were')} "
                      f"{int(k):,} (Trends sheet).")
    return [f"{counted(n, 'open task')} {agree(n, 'has', 'have')} been under way longer than "
            f"{percent(stale.attrs['level'])} of finished tasks took ({fixed(stale.attrs['stale_after_days'])} working "
            f"days){share}: if {agree(n, 'it is', 'they are')} finished or abandoned but not closed, the hours and "
            f"dates here are too high (the Data quality sheet lists them).{before}"]


def _labelled(projects: pd.DataFrame) -> pd.DataFrame:
    """The projects with the label the messages name them by: the name, else the id."""
    p = projects.copy()
    p["label"] = p["name"].fillna(p["project_id"]) if "name" in p else p["project_id"]
    p["label"] = p["label"].astype(str)
    return p


def _chance_message(p: pd.DataFrame, col: str, red: float, verb: str, what: str, target: str) -> str:
    """The projects likely to finish late (or go over budget), counted among those with a due date (budget) and a
    forecast: a project without one is not "unlikely" to miss it."""
    known = int(p[col].notna().sum())
    has = int(p[target].notna().sum()) if target in p else known
    # a due date (budget) without a forecast to hold it to: the chance is unknown, not small
    blind = f"{has - known:,} with {what} but no forecast" if has > known else ""
    if not known:
        who = (f"No open project has {what}" if not has else
               f"{every(1, 'open project', f' with {what}')} has no forecast" if has == 1 else
               f"None of the {has:,} open projects with {what} has a forecast")
        return f"{who}, so the chance to {verb} is not known."
    rest = "" if known == len(p) else f" with {what}" + (" and a forecast" if blind else "")
    of = counted(len(p), "open project") if known == len(p) else f"the {counted(known, 'open project')}{rest}"
    hit = p[reaches(p[col], red)].sort_values([col, "project_id"], ascending=[False, True])
    if len(hit):
        n = len(hit)
        who = every(n, "open project", rest) if n == known else f"{n:,} of {of}"
        msg = (f"{who} {agree(n, 'is', 'are')} likely to {verb} (chance {percent(red)} or more): "
               f"{_name_list(hit, col)}.")
    elif known == len(p):
        msg = f"No open project has a {percent(red)} or higher chance to {verb}."
    elif known == 1:
        msg = f"{every(1, 'open project', rest)} does not have a {percent(red)} or higher chance to {verb}."
    else:
        msg = f"None of {of} has a {percent(red)} or higher chance to {verb}."
    return msg[:-1] + f" ({blind}: not assessed)." if blind else msg


def _horizon_message(p: pd.DataFrame) -> list[str]:
    """The open projects whose 80%-sure finish lies beyond the forecast's horizon (``finish_p80_after``): their
    dates are blank, and without a due date no chance of being late is said, so the Summary said nothing of them
    (SiP: 17 of 18 projects past 2024-12-05, beside a peak utilisation of 50%)."""
    if "finish_p80_after" not in p or not (after := p["finish_p80_after"].notna()).any():
        return []
    n = int(after.sum())
    who = every(n, "open project", "") if n == len(p) else f"{n:,} of {counted(len(p), 'open project')}"
    return [f"{who} {agree(n, 'is', 'are')} not finished 80% sure by "
            f"{pd.Timestamp(p.loc[after, 'finish_p80_after'].max()):%Y-%m-%d}, {HORIZON_YEARS} years after the "
            f"forecast date, at the pace forecast: {agree(n, 'its finish date is', 'their finish dates are')} beyond "
            "the horizon (the Projects sheet says in how many trials)."]


def _effort_message(p: pd.DataFrame, overrun, points: bool) -> list[str]:
    """The hours the open projects need to be 80% sure, against their estimates, naming the projects these
    figures leave out (forecast from throughput), so that the total is not read as everything."""
    port = overrun.portfolio().iloc[0]
    left_plan = port["remaining_estimate_hours"]
    left_p80 = port["p80"] - port["spent_hours"]
    need = f"To be 80% sure, {effort_scope(overrun) or 'the open projects'} need {fixed(left_p80)} more hours"
    if points:  # the points left are said apart: hours against points would read as an overrun
        msg = (f"{need}; their open tasks are estimated in story points ({fixed(open_points(overrun).sum())} "
               "points), so there is no plan in hours to compare with.")
    elif left_plan > 0:
        msg = (f"{need}, against {fixed(left_plan)} hours left in their estimates "
               f"({percent(left_p80 / left_plan - 1, sign=True)}).")
    else:
        return []
    out = overrun.without_estimates[S.PROJECT_ID].astype(str)
    if len(out):
        lab = p.set_index(p["project_id"].astype(str))["label"]
        names = [str(lab.get(i, i)) for i in out]
        msg += (f" {id_list(names, MAX_NAMED)} "
                f"{agree(len(names), 'has', 'have')} no {estimates_named(overrun.points)} and "
                f"{agree(len(names), 'is', 'are')} not in these figures.")
    return [msg]


def _pool_message(queue, scenarios: bool) -> str:
    """The PM pool's utilisation and P90 wait, with the what-if of one more PM only when replaying the log
    reproduces the logged waits (else the queue model is not quoted for it)."""
    util = queue.queue.utilisation
    p90 = float(np.quantile(queue.observed_waits, 0.9)) / HOURS_PER_DAY
    days = SHOWN_DECIMALS["days"]  # as the Summary's and the Capacity sheet's cells show the waits
    if not queue.queue.stable:  # waits would grow without bound: the log says otherwise
        return (f"The PM pool's request log does not add up: its hands-on hours would fill {percent(util)} of "
                f"the PMs' time for requests, yet approvals wait {fixed(p90, days)} working days at P90; check the "
                "unit of touch_hours and the PMs in the people table.")
    # the queue model's figure, said as such: the Trends sheet's observed utilisation is another
    # few words: a message one line longer took summary.html past its one A4 page
    text = (f"The PM pool is at {percent(util)} utilisation ({QUEUE_MODEL}); approvals wait "
            f"{fixed(p90, days)} working days at P90 as logged")
    try:  # the what-if on one basis: the log replayed with the pool as it is, then with one more
        w = queue.what_if(servers=[queue.servers, queue.servers + 1], availability=[queue.availability])
        now, more = w["replay_p90_wait_days"].to_numpy(float)
        if abs(now - p90) <= REPLAY_AGREES * max(p90, 1.0):
            text += f"; the log replayed with one more PM would cut that to {fixed(more, days)}"
            if scenarios:  # two methods on one page, two figures for one question: say which is which, which to quote
                text += (f". Quote these two, read from the request log; the Scenarios table's waits differ, as they "
                         f"are the {QUEUE_MODEL}'s estimates, made for comparing scenarios")
        else:
            text += (f", but replaying the log through the pool gives {fixed(now, days)}: the queue model does not "
                     "reproduce the waits, so no what-if is given")
    except (ValueError, ZeroDivisionError):
        pass
    return text + "."


def _changes_message(p: pd.DataFrame, changes: pd.DataFrame, last_as_of) -> str:
    """What moved since the last pack (the What changed sheet in one sentence): finish dates slipped or earlier by
    5 working days or more, re-baselined projects (whose chances moved with their due date or budget), and projects
    closed, gone from the data or new."""
    moved = changes[changes["finish_p80_moved_days"].abs() >= 5].copy()
    # a finish moved past the horizon has no number of days: the largest slip, first
    past = changes[changes["finish_p80_past_horizon"].astype(bool)] if "finish_p80_past_horizon" in changes \
        else changes.iloc[:0]
    later = pd.concat([past, moved[moved["finish_p80_moved_days"] > 0].sort_values("finish_p80_moved_days",
                                                                                    ascending=False)])
    earlier = moved[moved["finish_p80_moved_days"] < 0]
    gone = int((changes["change"] == CLOSED_SINCE).sum())
    removed = int((changes["change"] == GONE_FROM_DATA).sum())
    new = int((changes["change"] == NEW_SINCE).sum())
    since = f"Since the last pack ({pd.Timestamp(last_as_of):%Y-%m-%d})" if last_as_of is not None \
        else "Since the last pack"
    parts = []
    lab = p.set_index(p["project_id"].astype(str))["label"]
    rebased = changes[changes["rebaselined"].astype(bool)] if "rebaselined" in changes else changes.iloc[:0]
    if len(later):
        names = id_list((f"{lab.get(str(r['project_id']), r['project_id'])} ("
                         + ("past the horizon" if np.isnan(r["finish_p80_moved_days"]) else
                            fixed(r["finish_p80_moved_days"], sign=True)) + ")"
                         for r in later.to_dict("records")), MAX_NAMED)
        parts.append(f"{counted(len(later), 'finish date')} (80% sure) slipped "
                     f"{'past the horizon or ' if len(past) else ''}by 5 working days or more: {names}")
    if len(earlier):
        k = int(earlier["project_id"].isin(rebased["project_id"]).sum())
        # the subject is said once, by the slips when there are any
        what = f"{len(earlier)}" if parts else f"{counted(len(earlier), 'finish date')} (80% sure)"
        parts.append(f"{what} moved earlier by 5 working days or more"
                     + (f" ({k} of them re-baselined)" if k else ""))
    if len(rebased):  # a moved due date or budget lowers the chances without the project doing better
        names = id_list((lab.get(str(i), i) for i in rebased["project_id"]), MAX_NAMED)
        parts.append(f"{len(rebased):,} re-baselined (due date or budget changed, so their chances moved with "
                     f"it): {names}")
    if gone:
        parts.append(f"{counted(gone, 'project')} finished or closed")
    if removed:
        parts.append(f"{counted(removed, 'project')} no longer in the data (removed from the "
                     "export?)")
    if new:
        parts.append(f"{new:,} new")
    return f"{since}: " + ("; ".join(parts) if parts else "no finish date moved by 5 working days "
                           "or more") + "."


def key_messages(projects: pd.DataFrame, *, thresholds=None, overrun=None, queue=None, trends=None,
                 changes=None, last_as_of=None, validation=None, scenarios: bool = False,
                 points: bool = False) -> list[str]:
    """The key messages, with their numbers, for the top of the Summary and summary.html.

    Parameters
    ----------
    projects : DataFrame
        The pack's project table (``project_id``, optional ``name``, ``prob_late``,
        ``prob_overrun``, ``effort_p80_hours``, ``remaining_estimate_hours``, ``spent_hours``).
    thresholds : dict, optional
        RAG thresholds (:data:`DEFAULT_RAG`); "likely" means at or above the red one.
    overrun : OverrunForecast, optional
        For the portfolio's 80%-sure effort (naming the projects it leaves out: no estimates).
    queue : PoolQueueFit, optional
        The PM-pool queue: utilisation, observed P90 wait and the replay with one more PM.
    trends : KPITrends, optional
        Delivery and task accuracy over the 12 months to the forecast date (:meth:`KPITrends.recent`), and the
        stale tasks at the end of the period before the forecast date's.
    changes : DataFrame, optional
        The What changed table (:func:`pmo_forecast.reporting.pack_comparison.what_changed`).
    last_as_of : date-like, optional
        The last pack's forecast date.
    validation : dict, optional
        Table name -> :class:`~pmo_forecast.inputs.validation_report.ValidationReport`: errors in
        the inputs come first, since every number below rests on them, with the warnings beside them. Warnings
        alone make no key message: the numbers do not rest on them, and the summary is one page; the Data quality
        sheet lists them.
    scenarios : bool, default False
        The pack has a Scenarios table: the PM pool's message says that its waits come from
        another method (the queue model), so that the two read together.
    points : bool, default False
        The estimates are story points: the hours needed are not set against them, and the
        tasks' accuracy is hours per point.

    Returns
    -------
    list of str
    """
    th = {**DEFAULT_RAG, **(thresholds or {})}
    p = _labelled(projects)
    errors = _data_errors_message(validation or {})  # first: every number below rests on them
    msgs = [errors] if errors else []
    if not len(p):
        msgs.append("No project has open work: there is nothing to forecast.")
    for key, verb, what, target in (("late", "finish late", "a due date", S.DUE),
                                    ("overrun", "go over budget", "a budget", S.BUDGET)):
        if RAG_COLUMNS[key] in p and len(p):
            msgs.append(_chance_message(p, RAG_COLUMNS[key], th[key][0], verb, what, target))
    msgs += _horizon_message(p)
    if overrun is not None:
        msgs += _effort_message(p, overrun, points)
        msgs += _stale_message(overrun.stale, trends)
    if trends is not None and trends.by is None and len(trends.summary()):
        msgs += _delivery_message(trends.recent(), points)
    if queue is not None:
        msgs.append(_pool_message(queue, scenarios))
    if changes is not None and len(changes):
        msgs.append(_changes_message(p, changes, last_as_of))
    return msgs
