"""Roll-ups by PMO level, and cost at completion: sums of simulated futures, never sums of quantiles.

A portfolio's 80%-sure effort is not the sum of its projects' 80%-sure efforts (not
every project overruns in the same future). :func:`rollup` adds the projects'
simulated totals trial by trial (:attr:`OverrunForecast.samples`) within each group
of a projects-table column (``portfolio``, ``business_unit``, ``department``, or any
other), then takes the quantiles of the sums. Finish dates roll up the same way with
the maximum instead of the sum: a group's 80%-sure finish is the 80th percentile of
the latest of its projects' finishes in each trial (later than its latest project's
own 80% date when several projects could each be the last), and its chance of being
late is the share of trials in which any of its projects misses its due date.

:func:`cost_rates` turns hours into cost when the people table has ``cost_per_hour``:
hours already spent (the effort forecast's, :func:`~pmo_forecast.core.schema.booked_hours`) are costed at the rate of whoever booked them, remaining hours
at the estimate-weighted rate of the people assigned to the open work (the project's
team for unassigned work). Cost at completion is then linear in each trial's hours,
so its quantiles, and the groups' summed trials, are exact.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.checks import require_not_negative
from ..core.exceptions import OptionError
from ..core.keys import spellings_read
from ..core.labels import id_list, label, option_refused
from ..core.results import Result, chance_percent, fixed

#: The input a cost comes from, as the pack's notes, settings and errors point at it.
COST_COLUMN = f"the people table's {S.COST_PER_HOUR} column"
#: How :func:`cost_rates` turns hours into cost, in the one wording of the Assumptions and the Scenarios sheet.
COST_RULE = (f"hours spent at the {label(S.COST_PER_HOUR).lower()} of whoever booked them, hours to come at the "
             "open work's estimate-weighted rate")


def cost_rates(tasks: pd.DataFrame, people: pd.DataFrame) -> pd.DataFrame:
    """Per project: the cost of the hours spent and the rate for the hours to come.

    Parameters
    ----------
    tasks : DataFrame
        Canonical task table. An assignee spelt otherwise than the people table is the one person it names
        (:func:`~pmo_forecast.core.keys.assignees_as_people`), costed at their rate.
    people : DataFrame
        People table with ``cost_per_hour``. People without a rate take their role's
        median rate, then the organisation's median.

    Returns
    -------
    DataFrame
        Indexed by ``project_id``: ``spent_cost``, ``spent_rate`` and ``open_rate``
        (cost per remaining hour), with ``attrs["fallbacks"]`` listing the rates filled in and
        ``attrs["notes"]`` the assignees read as the people they name (warned).

    Raises
    ------
    ValueError
        When no one in the people table has a ``cost_per_hour``.
    """
    if S.COST_PER_HOUR not in people or people[S.COST_PER_HOUR].isna().all():
        # worded as the pack's Assumptions word a blank rate: in words, and the input column to fill in
        raise ValueError(f"cost needs someone's {label(S.COST_PER_HOUR).lower()}: {COST_COLUMN} is "
                         f"{'blank' if S.COST_PER_HOUR in people else 'missing'}")
    ppl = people.drop_duplicates(S.PERSON).set_index(S.PERSON)
    rate = ppl[S.COST_PER_HOUR].astype(float)
    fallbacks = []
    if rate.isna().any():
        by_role = rate.groupby(ppl[S.ROLE]).transform("median") if S.ROLE in ppl else rate * np.nan
        filled = rate.fillna(by_role).fillna(rate.median())
        # said as the Assumptions show it to the reader: in words, and the input column to fill in
        fallbacks = [f"{p}: no {label(S.COST_PER_HOUR).lower()} (blank in {COST_COLUMN}), {fixed(filled[p], 2)} "
                     "used (role or organisation median)"
                     for p in rate.index[rate.isna()]]
        rate = filled
    org = float(rate.median())
    t, spelt = spellings_read(tasks, people)  # 'ann lee''s hours at Ann Lee's rate, not her team's
    r = t[S.ASSIGNEE].map(rate).astype(float)
    # the effort forecast's spent hours, costed: a done task with only source_actual_hours cost nothing
    booked = pd.Series(S.booked_hours(t), index=t.index)
    team_rate = (booked * r).groupby(t[S.PROJECT_ID]).sum() / booked.where(r.notna(), 0).groupby(t[S.PROJECT_ID]).sum()
    team_rate = team_rate.where(np.isfinite(team_rate))
    r_filled = r.fillna(t[S.PROJECT_ID].map(team_rate)).fillna(org)
    spent_cost = (booked * r_filled).groupby(t[S.PROJECT_ID]).sum()
    spent_hours = booked.groupby(t[S.PROJECT_ID]).sum()
    open_ = t[S.STATUS].isin(S.UNFINISHED_STATUSES)
    est = t[S.ESTIMATE].where(open_).fillna(0.0)
    open_rate = (est * r_filled).groupby(t[S.PROJECT_ID]).sum() / est.groupby(t[S.PROJECT_ID]).sum()
    out = pd.DataFrame({"spent_cost": spent_cost, "spent_rate": spent_cost / spent_hours.where(spent_hours > 0),
                        "open_rate": open_rate.where(np.isfinite(open_rate))})
    out["open_rate"] = out["open_rate"].fillna(out["spent_rate"]).fillna(org)
    out.index.name = S.PROJECT_ID
    out.attrs["fallbacks"] = fallbacks
    out.attrs["notes"] = [spelt] if spelt else []
    return out


def cost_samples(overrun, rates: pd.DataFrame) -> np.ndarray:
    """Cost at completion per trial and project: spent cost + simulated remaining hours x open rate.

    Returns an array shaped like ``overrun.samples``.
    """
    bp = overrun.by_project()
    return effort_cost(overrun.samples, bp.index, rates, bp["spent_hours"])


def cost_samples_if_rated(overrun, tasks: pd.DataFrame, people: pd.DataFrame) -> np.ndarray | None:
    """:func:`cost_samples` at :func:`cost_rates`, or None when no one in ``people`` has a ``cost_per_hour``.

    What :func:`rollup`'s ``cost`` takes whatever the people table holds: the cost columns when someone has a
    rate, none (effort only) when no one has.

    Parameters
    ----------
    overrun : OverrunForecast
        The effort forecast whose trials are costed.
    tasks, people : DataFrame
        Canonical task and people tables (see :func:`cost_rates`).

    Returns
    -------
    ndarray or None
        Shaped like ``overrun.samples``; None without any rate.
    """
    if S.COST_PER_HOUR not in people or people[S.COST_PER_HOUR].isna().all():
        return None
    return cost_samples(overrun, cost_rates(tasks, people))


def effort_cost(effort, project_ids, rates: pd.DataFrame, spent_hours: pd.Series) -> np.ndarray:
    """Cost at completion of simulated effort: spent cost + (effort - spent hours) x open rate.

    Parameters
    ----------
    effort : ndarray (n_trials, n_projects)
        Effort at completion, hours (an overrun forecast's or a scenario's samples).
    project_ids : sequence
        The projects of ``effort``'s columns.
    rates : DataFrame
        :func:`cost_rates`.
    spent_hours : Series
        Hours spent so far, by project id.

    Returns
    -------
    ndarray shaped like ``effort``.
    """
    ids = pd.Index(project_ids)
    r = rates.reindex(ids)
    spent_h = spent_hours.reindex(ids).fillna(0.0).to_numpy(float)
    spent_c = r["spent_cost"].fillna(0.0).to_numpy(float)
    return spent_c + (np.asarray(effort, float) - spent_h) * r["open_rate"].to_numpy(float)


def _quantile_rows(samples: np.ndarray, prefix: str, unit: str) -> dict:
    qs = np.quantile(samples, (0.5, 0.8, 0.9), axis=0)
    return {f"{prefix}_p{q}{unit}": v for q, v in zip((50, 80, 90), qs, strict=True)}


class Rollup(Result):
    """Effort (and cost) at completion by group, from summed trials.

    Attributes
    ----------
    table : DataFrame
        One row per group (index named after the level) and one ``all`` row for the organisation.
    level : str
    no_budget : tuple of str
        The projects without a budget: their groups' and the organisation's budget and
        ``prob_overrun`` are blank.
    no_due : tuple of str
        The projects with a finish forecast but no due date (empty without ``finish``): a group's
        ``prob_any_late`` is that of its projects with one.
    """

    def __init__(self, table: pd.DataFrame, level: str, *, no_budget=(), no_due=()):
        self.table, self.level = table, level
        self.no_budget, self.no_due = tuple(no_budget), tuple(no_due)

    @property
    def note(self) -> str:
        """What the blanks mean: the projects without a budget or a due date, or "" when there are none;
        shown under the table and in the planning pack's note under the roll-up."""
        words = []
        if self.no_budget:
            words.append(f"Without a budget: {id_list(self.no_budget)}; the budget and the chance of going over it are "
                         "blank for their groups and the organisation (their effort has no budget to be set "
                         "against).")
        if self.no_due:
            words.append(f"Without a due date: {id_list(self.no_due)}; a group's chance of being late is that of its "
                         "projects with one (blank when none has).")
        return " ".join(words)

    def _footnote(self) -> str:
        return self.note

    @property
    def title(self) -> str:
        return f"Open projects rolled up by {self.level.replace('_', ' ')} (summed trials)"

    def summary(self) -> pd.DataFrame:
        return self.table

    def _shown(self) -> pd.DataFrame:
        """The table as a notebook shows it: headed as the planning pack's roll-up sheet heads it ("Effort at
        completion, 80% sure (hours)"), its chances as percents as the pack's cells show them (">99%" short of
        certain); :meth:`summary` keeps the names and the numbers."""
        t = self.table.astype(object)
        for c in t.columns:
            if c.startswith("prob_"):
                t[c] = [chance_percent(v) if v == v else v for v in self.table[c]]  # "<1%", ">99%" as the pack
        return t.rename(columns=label).rename_axis(label(self.level))

    def plot(self, ax=None):
        """Bars: P50 to P90 effort at completion per group against the groups' budgets. Returns the Axes."""
        import matplotlib.pyplot as plt

        t = self.table.drop(index=S.ALL_GROUPS, errors="ignore")
        ax = ax or plt.subplots(figsize=(7, 0.4 * len(t) + 1.5))[1]
        y = np.arange(len(t))
        ax.barh(y, t["effort_p90_hours"] - t["effort_p50_hours"], left=t["effort_p50_hours"], color="#9DC3E6",
                label="50% to 90% sure")
        ax.scatter(t["effort_p80_hours"], y, color="#C55A11", zorder=3, label="80% sure")
        if t["budget_hours"].notna().any():
            ax.scatter(t["budget_hours"], y, marker="|", s=300, color="black", zorder=3, label="budget")
        ax.set_yticks(y, [str(i) for i in t.index])
        ax.set_xlabel("effort at completion (hours)")
        ax.legend(fontsize=7)
        return ax


def _finish_rows(finish, group: pd.Series, labels, project_ids) -> dict:
    """Per group: finish-date quantiles of the latest project in each trial, and P(any late).

    Only the finish forecast's projects among ``project_ids`` count: a group's dates are those of the
    projects its effort figures add up (its plan may hold others, without an effort forecast).
    """
    ids = np.asarray(finish.project_ids)
    g = group.reindex(ids).fillna(S.NO_GROUP).to_numpy(object)
    # a project whose tasks are all cancelled has no finish: it neither ends its group nor makes it late
    counted = pd.Index(ids).isin(project_ids) & ~finish.undated
    cal, origin = finish.calendar, finish.origin
    due = finish.due
    due_off = cal.last_offset_by(origin, due)
    has_due = ~np.isnat(due)
    late = (finish.samples > due_off) & has_due  # trials x projects
    out = {}
    for lab in labels:
        sel = counted if lab == S.ALL_GROUPS else counted & (g == lab)
        row = {f"finish_p{q}": pd.NaT for q in (50, 80, 90)}
        row["prob_any_late"] = np.nan
        if sel.any():
            last = finish.samples[:, sel].max(axis=1)  # the group is done when its last project is
            qs = np.quantile(last, (0.5, 0.8, 0.9), method="inverted_cdf")
            row.update({f"finish_p{q}": d for q, d in zip((50, 80, 90), cal.dates(origin, qs), strict=True)})
            if has_due[sel].any():
                row["prob_any_late"] = float(late[:, sel].any(axis=1).mean())
        out[lab] = row
    return out


def rollup(overrun, projects: pd.DataFrame, by: str, *, cost=None, finish=None) -> Rollup:
    """Open projects' effort (and cost) at completion by ``by``, from summed trials.

    Parameters
    ----------
    overrun : OverrunForecast
        Its ``samples`` (trials x projects) are summed within each group.
    projects : DataFrame
        Projects table with the ``by`` column (missing values form the group "(none)"; see
        :func:`~pmo_forecast.core.schema.group_labels`).
    by : str
        A projects-table column: ``portfolio``, ``business_unit``, ``department``, ...
    cost : ndarray, optional
        Cost at completion per trial and project (:func:`cost_samples`); adds ``cost_p50`` ...
    finish : FinishDateForecast, optional
        Adds the group's finish dates: ``finish_p50/p80/p90`` are quantiles over trials of
        the latest finish among its projects in each trial (a group is done when its last
        project is), and ``prob_any_late`` the share of trials in which at least one of its
        projects with a due date finishes after it. Its projects are those of ``overrun``:
        one the effort forecast leaves out (no hour estimates) is in no group's dates either.

    Returns
    -------
    Rollup
        ``projects`` (count), ``spent_hours``, ``budget_hours``, ``effort_p50/p80/p90_hours``,
        ``sum_of_project_p80_hours`` (for comparison), ``prob_overrun`` (the group's summed
        effort over its summed budget), optional cost and finish-date columns; last row ``all``.
    """
    if isinstance(by, str) and by == S.PROJECT_ID:  # an array compared item by item
        raise OptionError("by", option_refused("by", "name a column that groups the projects (they are the projects "
                                               "table's rows already)", by))
    if not isinstance(by, str) or by not in projects:  # a list of columns: unhashable, a TypeError below
        raise OptionError("by", option_refused("by", "name the one column of the projects table the projects are "
                                               "rolled up by", by))
    require_not_negative(projects, "projects")  # as the loader and the forecasts
    bp = overrun.by_project()
    unique = projects.drop_duplicates(S.PROJECT_ID)
    group = pd.Series(S.group_labels(unique[by], by).to_numpy(), index=unique[S.PROJECT_ID])
    g = group.reindex(bp.index).fillna(S.NO_GROUP).to_numpy(object)
    rows = {}
    labels = sorted(set(g)) + [S.ALL_GROUPS]
    for lab in labels:
        sel = np.ones(len(g), bool) if lab == S.ALL_GROUPS else g == lab
        tot = overrun.samples[:, sel].sum(axis=1)
        budget = bp["budget_hours"].to_numpy(float)[sel]
        has_budget = len(budget) and not np.isnan(budget).any()
        row = {"projects": int(sel.sum()), "spent_hours": float(bp["spent_hours"].to_numpy(float)[sel].sum()),
               "budget_hours": float(budget.sum()) if has_budget else np.nan,
               **_quantile_rows(tot, "effort", "_hours"),
               "sum_of_project_p80_hours": float(bp["p80"].to_numpy(float)[sel].sum()),
               "prob_overrun": float((tot > budget.sum()).mean()) if has_budget else np.nan}
        if cost is not None:
            row.update(_quantile_rows(cost[:, sel].sum(axis=1), "cost", ""))
        rows[lab] = row
    if finish is not None:
        for lab, row in _finish_rows(finish, group, labels, bp.index).items():
            rows[lab].update(row)
    table = pd.DataFrame.from_dict(rows, orient="index")
    for c in ("finish_p50", "finish_p80", "finish_p90"):
        if c in table:
            table[c] = pd.to_datetime(table[c])
    table.index.name = by
    no_budget = bp.index[bp["budget_hours"].isna()].astype(str).tolist()
    no_due = []
    if finish is not None:
        ids = pd.Index(finish.project_ids)
        no_due = ids[ids.isin(bp.index) & ~finish.undated & np.isnat(finish.due)].astype(str).tolist()
    return Rollup(table, by, no_budget=no_budget, no_due=no_due)
