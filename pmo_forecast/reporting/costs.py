"""What a scenario's hires cost: the Scenarios sheet's cost per scenario and per hire, from the people table's
cost of an hour."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.labels import label
from ..core.workbook import MONEY, Block
from .rollup import COST_COLUMN, COST_RULE, cost_rates, effort_cost


def scenario_costs(ctx, hires: pd.DataFrame | None) -> Block:
    """Per scenario: cost at completion of its open projects (P50/P80/P90), its hires' cost, and the two together.

    Each scenario's simulated effort (its own engine run, common random numbers) is costed as
    the projects are (:func:`pmo_forecast.rollup.effort_cost`: spent cost plus hours to come at
    the open work's rate); projects a scenario puts on hold add no cost, nor do those without an
    effort forecast (no hour estimates: their plan's hours are a guess), as on the Summary.
    """
    hire_cost = hires.groupby("scenario")["cost_first_year"].sum() if hires is not None else pd.Series(dtype=float)
    rows = []
    for r in ctx.forecasts["scenarios"]:
        # at the scenario's own tables' rates: a project it adds (its template's team) had no rate, and cost NaN
        rates = cost_rates(r.applied.tasks, r.applied.people)
        ids = pd.Index(r.forecast.project_ids)
        costed = ~ids.astype(str).isin(list(r.without_estimates))
        total = effort_cost(r.effort_samples[:, costed], ids[costed], rates,
                            pd.Series(r.forecast.spent, index=ids)).sum(axis=1)
        q = np.quantile(total, (0.5, 0.8, 0.9))
        h = float(hire_cost.get(r.scenario.name, 0.0))
        rows.append({"scenario": r.scenario.name, "cost_at_completion_p50": q[0], "cost_at_completion_p80": q[1],
                     "cost_at_completion_p90": q[2], "hires_cost_first_year": h,
                     "cost_with_hires_p80": q[1] + h})
    table = pd.DataFrame(rows)
    table["change_cost_with_hires_p80"] = table["cost_with_hires_p80"] - table["cost_with_hires_p80"].iloc[0]
    return Block("scenario-costs", "Cost per scenario: the open projects at completion, and the hires",
                 table, formats=dict.fromkeys(table.columns.drop("scenario"), MONEY),
                 note=f"Cost at completion of each scenario's simulated hours: {COST_RULE} ({COST_COLUMN}); "
                      f"the hires: contracted hours over the {HIRE_COST_WEEKS} weeks after the forecast date (a "
                      "fixed-term hire's through their end). Change: against the baseline (first row).")


#: The horizon over which a hire's cost is shown, in weeks (a year).
HIRE_COST_WEEKS = 52


def hire_costs(scenarios, people: pd.DataFrame, as_of) -> Block | None:
    """The cost of each scenario's hires over the year after the forecast date.

    A hire costs ``hours_per_week`` (contracted hours, whatever their availability for
    project work) x the median ``cost_per_hour`` of their role in the people table (the
    organisation's median when the role has none), for the weeks of that year from their start
    through their ``end`` (a fixed-term hire's last working day).
    """
    rate = people.drop_duplicates(S.PERSON).set_index(S.PERSON)[S.COST_PER_HOUR].astype(float)
    by_role = rate.groupby(people.drop_duplicates(S.PERSON).set_index(S.PERSON)[S.ROLE]).median() \
        if S.ROLE in people else pd.Series(dtype=float)
    end = pd.Timestamp(as_of) + pd.Timedelta(weeks=HIRE_COST_WEEKS)
    rows = []
    for sc in scenarios:
        for h in sc.hires:
            r = by_role.get(h.role, np.nan) if h.role is not None else np.nan
            r = float(rate.median()) if pd.isna(r) else float(r)
            # a fixed-term hire is paid through their end, their last working day (costed for the whole year)
            last = h.end
            until = end if last is None else min(end, pd.Timestamp(last) + pd.Timedelta(days=1))
            weeks = max(0.0, (until - max(pd.Timestamp(h.start), pd.Timestamp(as_of))).days / 7)
            rows.append({"scenario": sc.name, "hire": h.person, "role": h.role, "start": pd.Timestamp(h.start),
                         "end": pd.NaT if last is None else pd.Timestamp(last),
                         "hours_per_week": h.hours_per_week, "cost_per_hour": r,
                         "cost_first_year": weeks * h.hours_per_week * r})
    if not rows:
        return None
    table = pd.DataFrame(rows)
    return Block("scenario-hire-costs", f"Cost of the hires in the {HIRE_COST_WEEKS} weeks after the forecast date",
                 table, formats={"hours_per_week": "int", "cost_per_hour": "num", "cost_first_year": MONEY},
                 note=f"Contracted hours x {label(S.COST_PER_HOUR).lower()} (the median of {COST_COLUMN} over the "
                      "hire's role), from the start through the end (a fixed-term hire's last working day).")
