"""Approval gates: how the PM pool's waits reach a scenario's finish dates.

An approval that holds its project's work while it waits is a gate: a project passes :func:`gates_used`
gates a month of its schedule (the approvals logged per running project-month, times the share of their
waiting that held the work, both learnt from the history; else :data:`GATES_FALLBACK`), and a scenario that
changes the pool adds the change in wait at each gate.
:func:`approvals_left_out` says when that change cannot be measured (a fitted pool over capacity, or
one that does not describe the log); :func:`approval_gates_note` says all of it in one sentence, for
the comparison and the planning pack.
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

import numpy as np

from ..core.calendar import HOURS_PER_DAY
from ..core.labels import QUEUE_MODEL, agree
from ..core.results import fixed, part_percent, round_half_away
from ..core.shown import shown_number
from ..core.workbook import WHOLE_DAYS
from ..forecasting.plan import MAX_GATES, MONTH_DAYS
from ..pool.request_log import over_capacity_note


@runtime_checkable
class GatedResult(Protocol):
    """What the approval notes read of a scenario's run: a
    :class:`~pmo_forecast.scenarios.scenario_result.ScenarioResult` is one.

    Attributes
    ----------
    queue : PoolQueue or None
        The PM pool's queue (its ``mean_wait`` in working hours, and whether it is ``stable``); None without one.
    gates_per_month : float or None
        Approval gates a month of a project's schedule (:func:`gates_used`); None when not known.
    gates_source : str
        Where that figure comes from (``"given"`` when it was given).
    approval_waits_left_out : str
        Why the pool's change in wait is left out of the finish dates (:func:`approvals_left_out`); "" when it is not.
    """

    queue: Any
    gates_per_month: float | None
    gates_source: str
    approval_waits_left_out: str


def approval_gates_note(result: GatedResult) -> str:
    """What a scenario's finish dates take of the PM pool's waits, in one sentence ("" without a PM-pool queue).

    Every approval logged is taken as blocking its project's work while it waits (the documented design:
    :func:`~.scenario.run_scenario`'s ``gates_per_month``); a reader of the comparison saw a ninth PM move
    every P80 finish weeks earlier without being told so.
    """
    gpm = result.gates_per_month
    if result.queue is None or gpm is None:
        return ""
    if gpm <= 0:
        if result.gates_source == "given":
            return "Approval gates are switched off (0 a month): the PM pool's waits move no finish date."
        return f"The PM pool's waits move no finish date: {result.gates_source}."
    if why := result.approval_waits_left_out:
        return f"Approval waits and finish dates: {why}."
    gates, days = gates_counted(gpm)
    rate = gates_shown(gpm)
    return (f"Approvals are taken as blocking the project's work while they wait: each project passes "
            f"{rate} {agree(float(rate), 'approval gate', 'approval gates')} a month of its schedule "
            f"({result.gates_source}), and a scenario that changes the PM pool adds the change in approval wait at "
            f"each of its first {gates} gates ({shown_number(days, WHOLE_DAYS)} working days of schedule) to its "
            "finish dates; a longer schedule passes no further gates.")


def gates_shown(gates_per_month: float) -> str:
    """Gates a month as the Assumptions sheet's cell holds them: two decimals, halves away from zero, no trailing
    zeros (its General format): 4.48, not the two significant figures' 4.5, and 0.125 is 0.13, not 0.12."""
    return f"{round_half_away(gates_per_month, 2):g}"


#: From this share of a schedule held at the gates, the note says the assumption cannot hold for every approval.
HOLD_SHARE_DOUBT = 0.5


def approval_hold_share(queue, gates_per_month: float) -> float:
    """The share of a schedule's working days its approval gates hold the work at ``queue``'s mean wait (M/M/c).

    What taking every approval as blocking says of the history the schedules were learnt from: near or
    over 1, the work could hardly have moved between approvals, so most of them cannot have stopped it and a
    scenario's change in waits moves finish dates too far. ``inf`` for a pool over capacity.
    """
    return gates_per_month * queue.mean_wait / HOURS_PER_DAY / MONTH_DAYS


def approval_hold_note(result: GatedResult) -> str:
    """What taking every approval as blocking implies at ``result``'s pool (the baseline's, the pool as it is),
    in one sentence ("" when no gate wait reaches the finish dates): the share of a schedule the gates hold the
    work, and from :data:`HOLD_SHARE_DOUBT` on that the scenarios' changes to finish dates are likely overstated."""
    gpm = result.gates_per_month
    if result.queue is None or not gpm or gpm <= 0 or result.approval_waits_left_out or not result.queue.stable:
        return ""
    share = approval_hold_share(result.queue, gpm)
    doubt = (": that leaves little time for the work itself, so most approvals cannot stop it, and the scenarios' "
             "changes to finish dates are likely overstated" if share >= HOLD_SHARE_DOUBT else "")
    wait = shown_number(result.queue.mean_wait / HOURS_PER_DAY, "days")  # as the Scenarios sheet's cell shows it
    rate = gates_shown(gpm)
    return (f"Taken so, the baseline pool's mean approval wait ({wait} working days) at {rate} "
            f"{agree(float(rate), 'gate', 'gates')} a month "
            "would hold a project's work "
            f"{part_percent(share)} of its schedule's working days{doubt}.")


def baseline_over_capacity_note(since, utilisation: float) -> str:
    """The scenarios' note of a baseline PM pool over capacity ``since`` a date within the horizon, at
    ``utilisation`` as the Scenarios sheet's cell shows it: finish moves against it include its growing backlog."""
    return (f"the baseline's PM pool is over capacity from {since.date()} (utilisation "
            f"{shown_number(utilisation, 'pct')}: more approval work than PM hours, its approval backlog grows "
            "without bound): finish moves against the baseline include the baseline's growing approval backlog, so "
            "a scenario that keeps the pool within capacity moves finishes earlier by that backlog too")


def gates_counted(gates_per_month: float) -> tuple[int, float]:
    """Gates of a schedule that carry a scenario's change in wait, and the working days they span.

    :func:`~pmo_forecast.forecasting.plan.gate_delay_days` counts ``MAX_GATES`` groups of
    ``ceil(gates_per_month)`` gates, two years of schedule or more; later gates carry no change.
    """
    gates = MAX_GATES * max(1, int(np.ceil(gates_per_month)))
    return gates, gates * MONTH_DAYS / gates_per_month


#: Approval gates per month of a project's schedule when the request log gives no rate.
GATES_FALLBACK = 1.0


def gates_used(fit: dict, gates_per_month="auto") -> tuple[float, str]:
    """Gates per month a scenario uses, and where the figure comes from.

    ``fit`` is :func:`pmo_forecast.forecasting.plan.fit_gates_per_month` (``rate`` 0 without a log).
    """
    if isinstance(gates_per_month, str):
        if gates_per_month != "auto":
            raise ValueError(f"gates_per_month must be 'auto' or a number, not {gates_per_month!r}")
        if fit["rate"] > 0:  # of the requests naming a project: said when not all of the log's do
            linked = linked_of_log(fit)
            share, held = blocking_share(fit.get("blocking"))
            return float(fit["rate"]) * share, (f"learnt from the request log: {fixed(fit['n_requests'])} "
                                                f"{fit['counted']} over "
                                                f"{fixed(fit['project_months'])} running project-months"
                                                + (f"; {linked}" if linked else "") + held)  # "; ": approval_gates_note puts it in parentheses
        if fit["n_log"] and not fit["n_linked"]:  # a log none of whose requests counts: say so
            return GATES_FALLBACK, (f"assumed {GATES_FALLBACK:g} a month: the request log gives no rate to learn "
                                    f"it from: {linked_of_log(fit)}")
        return GATES_FALLBACK, (f"assumed {GATES_FALLBACK:g} a month: the request log gives no approvals "
                                "per running project-month to learn it from")
    return float(gates_per_month), "given"


def blocking_share(blocking: dict | None) -> tuple[float, str]:
    """The share of the approvals' waiting that holds the work, and what it rests on in words (from "; ").

    ``blocking`` is :func:`~pmo_forecast.forecasting.approval_blocking.fit_approval_blocking`; None (a fit made
    without it) or a share the history cannot tell takes every approval as holding the work, the upper bound of
    what a change in the PM pool does to finish dates (every approval the gate model counts).
    """
    if blocking is None:
        return 1.0, ""
    if blocking["share"] is None:
        return 1.0, (f"; every approval taken as holding the work while it waits (the upper bound): the history cannot "
                     f"tell how many do ({blocking['reason']})")
    # ratios to two decimals, as the pack's cells round: halves away from zero
    ratio, low, high = (shown_number(blocking[k], "num") for k in ("rate_ratio", "rate_ratio_low", "rate_ratio_high"))
    return blocking["share"], (
        f"; {part_percent(blocking['share'])} of their waiting held the work: while "
        f"one of its approvals waited, a project finished tasks at {ratio} times its rate in its other working "
        f"hours (95% interval {low}-{high}; "
        f"{fixed(blocking['n_projects'])} {agree(blocking['n_projects'], 'project', 'projects')}, "
        f"{fixed(blocking['n_tasks'])} finished {agree(blocking['n_tasks'], 'task', 'tasks')})")


def linked_of_log(fit: dict) -> str:
    """How many of the request log's requests the gate rates count, in words, "" when every one (or there is no
    log): ``"0 of its 2,170 requests name one of the task export's projects"``.

    ``fit`` is :func:`pmo_forecast.forecasting.plan.fit_gates_per_month`: a request naming none of the
    projects has no running project-months to be counted against.
    """
    n, of = fit["n_linked"], fit["n_log"]
    if n >= of:
        return ""
    return f"{fixed(n)} of its {fixed(of)} requests {agree(n, 'names', 'name')} one of the task export's projects"


#: The queue model describes the request log when its P90 wait is within this factor of the logged one.
MODEL_AGREES = 2.0


def approvals_left_out(queue_fit) -> str:
    """Why the change in approval waits cannot be added to a scenario's finish dates ("" when it can).

    The change is measured against the pool fitted to the log, whose waits the history already went
    through: a fitted pool over capacity would have waits growing without bound, which the log
    (finite waits) contradicts, and one whose P90 wait is not within ``MODEL_AGREES`` times the
    logged P90 does not describe the log either; no change can be measured against them.
    """
    if queue_fit is None:
        return ""
    left_out = "the scenarios' change in approval waits is left out of their finish dates"
    if over := over_capacity_note(queue_fit.queue):
        return f"{over}: {left_out}"
    model = float(queue_fit.queue.wait_quantile(0.9))
    logged = float(np.quantile(queue_fit.observed_waits, 0.9))
    day = HOURS_PER_DAY  # waits under a day agree: the change they can make is small beside a schedule
    if not 1 / MODEL_AGREES <= max(model, day) / max(logged, day) <= MODEL_AGREES:
        model_days, logged_days = (shown_number(h / HOURS_PER_DAY, "days") for h in (model, logged))
        return (f"the {QUEUE_MODEL}'s P90 approval wait ({model_days} working days) is not within "
                f"a factor {MODEL_AGREES:g} of the logged one ({logged_days}), so the model does not "
                f"describe the log (requests waiting for something other than a PM, or a pool busier than its "
                f"people table says?): {left_out}")
    return ""
