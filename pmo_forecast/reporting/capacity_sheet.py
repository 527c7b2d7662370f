"""The planning pack's Capacity sheet: weekly utilisation by role and person, and the PM-pool queue.

:func:`weekly_utilisation` (demand over capacity per week, for all staff and each role) is also the
Summary's peak; :func:`above_capacity` names the people the finish dates plan faster than their stated
capacity, and :func:`over_capacity_at_pace` which of them that pace puts over capacity in a week. Laid out with the other sheets by :func:`pmo_forecast.reporting.pack_sheets.sheets`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.calendar import HOURS_PER_DAY, WorkingCalendar
from ..core.heatmap import HEATMAP_KEY
from ..core.labels import (
    FLOW_EFFICIENCY_MODEL,
    FLOW_EFFICIENCY_RATIO,
    POOL_UTILISATION_MODEL,
    QUEUE_MODEL,
    QUEUE_MODEL_WORDS,
    agree,
    counted,
    label,
    sentence_start,
)
from ..core.results import fixed, percent, round_half_away
from ..core.schema import PM_ROLE
from ..core.workbook import CHANCE, PCT_CHANGE1, Block, Sheet

#: Said on this sheet (and in the Assumptions) when there is no request log: what one would add.
NO_REQUESTS_NOTE = ("no PM-pool request log (--requests), so no queue section. With one (request_id, "
                    "requested, done; started and touch_hours if you have them) this sheet would show the "
                    f"PM pool's utilisation, how long approvals wait against the {QUEUE_MODEL} ({QUEUE_MODEL_WORDS}), and "
                    "what one more PM or more time for approvals would change")
#: The Summary's row under "People over capacity in a week (whole plan)": of them, those the finish dates plan faster
#: than their stated capacity (:func:`over_capacity_at_pace`), whose weeks over 100% are that pace.
PACED_OVER_CAPACITY = "Of them, at the pace the finish dates plan above their stated capacity"
#: The capacity sheet's window around the forecast date, in weeks.
CAPACITY_WEEKS_BACK, CAPACITY_WEEKS_AHEAD = 12, 26
#: The weekly tables' window, in their titles: the per-person and per-team totals count every week of the plan
#: ahead ("whole plan" in their headers), and a reader had no way to tell the two apart.
WEEKS_SHOWN = f"{CAPACITY_WEEKS_BACK} weeks back to {CAPACITY_WEEKS_AHEAD} ahead"
#: The queue table's measures named apart from the label map's: its utilisation is the queue model's, as on the
#: Summary (the map's "Utilisation" heads the people's weekly columns), and so is its flow efficiency (the map's is
#: the request log's, per period, on the Trends sheet).
QUEUE_LABELS = {"utilisation": POOL_UTILISATION_MODEL,
                "flow_efficiency": f"{FLOW_EFFICIENCY_MODEL}: {FLOW_EFFICIENCY_RATIO}"}


def queue_label(measure: str) -> str:
    """The name of queue measure ``measure`` as the queue table heads its row, for the table here and the notebooks'
    queue panel (:func:`~pmo_forecast.reporting.widgets.queue_panel`): :data:`QUEUE_LABELS`, else the one label map
    (the panel had said "Flow efficiency" beside the table's "Approval flow efficiency (hands-on / elapsed)")."""
    return QUEUE_LABELS.get(measure) or label(measure)
#: The queue's measures' number formats, written once for the queue table here and the notebooks' queue panel
#: (:func:`~pmo_forecast.reporting.widgets.queue_panel`), so a figure shows alike in both: counts whole, shares a
#: whole percent, the chance of waiting as a chance; waits (``*_wait_hours``, ``*_wait_days``) in whole working
#: hours, as the waits block shows them (hundredths were false precision), or working days to the tenth;
#: hands-on time to the tenth of an hour, as the Summary shows it (a mean of logged times tells no more); Little's
#: law's gap signed, to the tenth of a percent: a log that holds together is within a percent or so, which a whole
#: percent showed as "0%" whatever its size and sign, while beyond a tenth a log's time-average is noise.
#: Any other measure (a rate per hour, Little's law's counts): "num".
QUEUE_KINDS = {"requests": "int", "completed": "int", "servers": "int", "availability": "pct", "utilisation": "pct",
               "flow_efficiency": "pct", "little_discrepancy": PCT_CHANGE1, "prob_wait": CHANCE, "touch_hours": "num1",
               "wait_hours": "hours", "wait_days": "days"}


def queue_kind(measure: str) -> str:
    """The :data:`QUEUE_KINDS` format of queue measure ``measure`` (a wait by its unit: ``model_p90_wait_hours``
    in hours); "num" for one it does not list."""
    wait = next((unit for unit in ("wait_hours", "wait_days") if measure.endswith(f"_{unit}")), None)
    return QUEUE_KINDS[wait] if wait else QUEUE_KINDS.get(measure, "num")


#: The weekly utilisation table's title, and its chart's: the chart had not said its weeks.
UTILISATION_TITLE = f"Utilisation by week (demand / capacity), {WEEKS_SHOWN}"
#: The utilisation columns over everyone: the people's own work (as the roles), and that plus the
#: work still to arrive (``--new-work``), which nobody is assigned to yet.
ALL_STAFF, WITH_NEW_WORK = "all staff", "all staff with new work"


def _window(ctx, periods) -> np.ndarray:
    """Periods within the capacity window around the forecast date."""
    lo = ctx.as_of - pd.Timedelta(weeks=CAPACITY_WEEKS_BACK)
    hi = ctx.as_of + pd.Timedelta(weeks=CAPACITY_WEEKS_AHEAD)
    periods = pd.DatetimeIndex(periods)
    return np.asarray((periods >= lo) & (periods <= hi))


def weekly_utilisation(ctx) -> pd.DataFrame:
    """Demand over capacity per week, for all staff and for each role (people table).

    All staff and the roles add up the same rows, the people's own work, so all staff is never
    above every role. The work still to arrive (``--new-work``: the ``(new work)`` row, nobody's
    yet and without capacity) is the column :data:`WITH_NEW_WORK`: the staff's demand plus it,
    over the same capacity.
    """
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
    return f"{counted(n, 'person', 'people')} {agree(n, 'has', 'have')}"


def capacity_sheet(ctx) -> Sheet:
    blocks, charts = [], []
    if "workload" in ctx.forecasts:
        blocks += _workload_blocks(ctx)
        charts.append(("utilisation", "utilisation", {"title": UTILISATION_TITLE}))
    if "queue" in ctx.forecasts:
        fit = ctx.forecasts["queue"]
        queue = fit.summary()
        kinds = [queue_kind(m) for m in queue.index]
        # plain measure names (the queue model's utilisation named so), units from the one label map
        queue.index = [queue_label(m) for m in queue.index]
        blocks.append(Block("queue", "PM-pool queue fitted from the request log (working hours)",
                            queue.rename_axis("measure"), formats={"value": kinds}))
        waits = fit.wait_comparison()
        waits.index = [label(i) for i in waits.index]
        blocks.append(Block("queue-waits", f"Approval waits: observed against the {QUEUE_MODEL}",
                            waits.rename_axis("statistic")))
    note = " ".join(f"{sentence_start(v)}." for k, v in ctx.notes.items() if k in ("workload", "new_work", "queue",
                                                                                   "queue_checks"))
    return Sheet("Capacity", "Capacity: utilisation and the PM-pool queue", blocks, note=note, charts=charts,
                 labels=True)


def above_capacity(ctx) -> pd.Series:
    """Pace (share of stated capacity) of the people with open work whom the finish dates plan
    faster than their stated capacity: the delivered pace x the slip learnt from the history
    can exceed 1, and the Capacity sheet's weeks over 100% are then that pace, not extra work."""
    if "finish" not in ctx.forecasts or "workload" not in ctx.forecasts:
        return pd.Series(dtype=float)
    person = ctx.forecasts["finish"].by_person()
    fast = (person["pace"] > 1 + 1e-6) & (person["open_estimate_hours"] > 0)
    return person.loc[fast, "pace"]


def over_capacity_at_pace(ctx) -> pd.Series:
    """Per person :func:`above_capacity` names: whether the plan has them over capacity in some week ahead, as the
    Summary's "People over capacity in a week" counts (:meth:`~pmo_forecast.forecasting.workload_result.WorkloadResult.over_capacity`).

    True: their weeks over 100% are the pace the finish dates rely on; False: too little work in any week to pass
    100% at that pace (the Jira walkthrough's 15 people planned faster than their capacity, 2 of them with under
    2 hours open, beside 13 over capacity in a week, had read as a contradiction).
    """
    fast = above_capacity(ctx)
    if fast.empty:
        return pd.Series(dtype=bool)
    per = ctx.forecasts["workload"].summary(future_only=True)[S.PERIODS_OVER]
    return (per.reindex(fast.index).fillna(0) > 0).rename("over_capacity")


#: The weeks before the forecast date hold the tasks' actual hours alone: the request handling the plan puts on the
#: PMs ahead is not in them, so role 'pm' steps up at the forecast date (said, not read as a surge of work).
PM_STEP_NOTE = (f"Before it: the actual hours of the tasks worked then, without the PM pool's request handling, so "
                f"role {PM_ROLE!r} steps up at the forecast date's week (its weeks back are the PMs' task hours "
                "alone: 0% when they book none).")


def _pace_note(ctx) -> str:
    """Why people the dates plan above their stated capacity show over 100%, and how many of them do (empty when
    none)."""
    fast = above_capacity(ctx)
    if fast.empty:
        return ""
    n, k = len(fast), int(over_capacity_at_pace(ctx).sum())
    # which of them are over capacity in a week, by count: "15 people faster" beside the Summary's 13 over capacity
    # in a week read as a contradiction while the note spoke of "their weeks over 100%" for all 15
    if k == n:
        weeks = "their weeks over 100% are the pace the dates rely on"
    elif k == 0:
        weeks = f"{agree(n, 'they have', 'each has')} too little work in any week to pass 100%"
    else:
        weeks = (f"{k} of them {agree(k, 'is', 'are')} over capacity in a week: their weeks over "
                 f"100% are the pace the dates rely on; the other {n - k} {agree(n - k, 'has', 'have')} too little "
                 "work in any week to pass 100%")
    return (f" The finish dates plan {counted(n, 'person', 'people')} faster than their stated capacity "
            f"(up to {percent(fast.max())} of it: the delivered pace and the finish-date slip learnt from the "
            f"history, Assumptions' 'finish dates: capacity used'); {weeks}. If that pace is not kept, the dates "
            "move out; if it is, the stated capacity is too low.")


def _week_done_note(wl) -> str:
    """The hours finished before the forecast date in its own week, which the tables "from the forecast date on"
    count (:attr:`~pmo_forecast.forecasting.workload_result.WorkloadResult.first_period_ahead` holds the week whole): unsaid,
    the hours ahead read as the plan's and exceeded the forecast's remaining effort by them."""
    t = wl.table
    done = float(t.loc[t["period"] == wl.first_period_ahead, S.DONE_HOURS].sum())
    if round_half_away(done) <= 0:
        return ""
    return (f" The week of the forecast date counts whole, here and in the hours ahead per manager: {fixed(done)} of "
            f"these hours were finished in it before {wl.as_of:%Y-%m-%d}; the rest is the plan's work still to do.")


def _beyond_plan_note(wl) -> str:
    """The plan's queued hours on none of its days (:attr:`~pmo_forecast.forecasting.workload_result.WorkloadResult.beyond_plan`):
    unsaid, the hours ahead fell short of the forecast's remaining effort by them without a word."""
    if round_half_away(wl.beyond_plan) <= 0:
        return ""
    return (f" {fixed(wl.beyond_plan)} hours the plan queues are in no week, so not in these hours or the "
            "utilisation: work after the plan's last day, or queued for people whose end date comes first "
            "(Assumptions' 'check: utilisation').")


def _requests_ahead(ctx, pms: bool) -> str:
    """The end of the utilisation note's plan sentence: whose row carries the PM pool's request handling ahead,
    or that none is in it (no request log, or one that could not be fitted: the PMs had read as handling requests)."""
    if "queue" not in ctx.forecasts:
        why = "no request log was given" if "requests" not in ctx.tables else \
            "the request log could not be fitted, see the note above"
        return f"the PM pool's request handling is not included: {why}). "
    if pms:
        return "PMs also carry the PM pool's request handling). "
    return (f"nobody has role {S.PM_ROLE!r}, so the PM pool's request handling is on nobody's row: "
            "Assumptions' 'check: utilisation'). ")


def _pool_note(ctx) -> str:
    """How the PMs' row relates to the PM-pool queue: the same request hours against a share of their week."""
    if "queue" not in ctx.forecasts or "finish" not in ctx.forecasts:
        return ""
    q = ctx.forecasts["queue"].queue
    days = WorkingCalendar.coerce(ctx.calendar).days_per_week  # the pack's working week
    handlers = ctx.forecasts["queue"].servers_source == "handlers"  # no PM to count: the pool is the log's handlers
    who = f"the request log's {counted(q.servers, 'handler')}" if handlers else counted(q.servers, "PM")
    # the share is measured on the log's working-hours clock, a full working week, whatever each PM's stated hours
    # (a part-time PM's "their week" read a quarter of what it is)
    return (f"Request handling is {fixed(q.hours_per_day * days)} hours a week across {who}: against the "
            f"{percent(q.availability)} of a {fixed(HOURS_PER_DAY * days)}-hour working week each gives to requests "
            f"that is the PM pool's {percent(q.utilisation)} utilisation (queue below), which is what makes approvals "
            "wait. ")


def _workload_blocks(ctx) -> list[Block]:
    from .people_detail import blank_without_capacity

    wl = ctx.forecasts["workload"]
    util = weekly_utilisation(ctx)
    pms = S.PM_ROLE in util.columns  # no PM among the people (inferred ones have no roles): no row carries requests
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
                         else "") + new + _week_done_note(wl) + _beyond_plan_note(wl) + _pace_note(ctx)
    pm_step = f"{PM_STEP_NOTE} " if "queue" in ctx.forecasts else ""  # no log: no request hours ahead either
    blocks = [
        # percentages, as the heatmaps, the per-team table, the Summary and the chart's axis show them
        Block("utilisation", UTILISATION_TITLE, util,
              formats=dict.fromkeys((c for c in util.columns if c != "week"), "pct"),
              data_columns=tuple(c for c in util.columns if c != "week"),
              note=(("Ahead of the forecast date: the delivery plan's scheduled hours (each person's expected "
                     "queue: own tasks, their share of unassigned work and scope growth, worked at the finish "
                     "forecast's rate until done; they add up to the forecast's expected remaining effort"
                     + (f" less the {fixed(wl.beyond_plan)} hours in no week (below)"
                        if round_half_away(wl.beyond_plan) > 0 else "") + "; "
                     + _requests_ahead(ctx, pms) + pm_step
                     if "finish" in ctx.forecasts else f"Open work from {basis}, spread evenly from the forecast "
                     f"date to each project's due date. ") + _pool_note(ctx)
                    + (f"{ALL_STAFF} and the roles: the people's own work; {WITH_NEW_WORK}: that plus the "
                       f"{NEW_WORK} forecast to arrive (nobody assigned yet), over the same capacity."
                       if WITH_NEW_WORK in util else "")).strip()),
        Block("utilisation-heatmap", f"Person by week: utilisation, {WEEKS_SHOWN} ({HEATMAP_KEY})",
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
                                 "the manager's own time"
                                 + (f" (role {S.PM_ROLE!r} above has that, for all PMs together)." if pms else ".")))
    return blocks
