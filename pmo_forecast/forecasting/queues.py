"""Everyone's queue: who does which open work in which order, and at what capacity.

:func:`staff_capacity` reads the people table as business-day capacity (start, end, a dated
availability change); :func:`plan_queues` orders each person's open tasks and their shares of
the projects' pools (unassigned work, scope still to come, work of people gone), holds work of
projects that start later and gives pooled work to the people who will be there to do it.
:mod:`.schedule` runs the trials through these queues (for :mod:`.finish`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.calendar import NEVER, WorkingCalendar
from ..core.capacity import DEFAULT_HOURS_PER_WEEK, capacity_steps, weekly_capacity
from ..core.checks import require_capacity, require_columns, require_unique
from ..core.exceptions import DataQualityWarning, warn
from ..core.labels import agree, id_list
from ..core.switches import SaidOnce
from .open_work import SURE_LEVEL, hours_to_do

#: What the queues find in the people table (no hours given, open work of people not there or gone, pooled work
#: with no team), said once over the blocks of :func:`queue_findings_said` given the same set.
_SAID = SaidOnce("queue_findings_said")


def queue_findings_said(said: set):
    """Within it, :func:`staff_capacity` and :func:`plan_queues` say what they find (people without hours or
    availability, open work of people not in the table or gone, projects with pooled work and no team) once over
    every block given the same ``said``: a finding said before is not said again, one that differs (other people)
    is.

    For a what-if context's scenarios (:func:`~pmo_forecast.scenarios.scenario.run_scenario`), each run on the same
    tables changed: each said the same findings again. A scenario that hires the person whose work had no one says
    the work still without one, not what the first run said.
    """
    return _SAID.over(said)


def _say(message: str) -> None:
    """Warn ``message`` (DataQualityWarning), unless said before within :func:`queue_findings_said`."""
    if _SAID.first(message):
        warn(message, DataQualityWarning)


@dataclass
class Staff:
    """People as integer codes: daily capacity, first and last workable business day, and the dated
    changes of capacity (people x steps, in date order: ``per_day_after[:, k]`` from the business day after
    ``change[:, k]``; ``NEVER`` past a person's last change, at the rate before it)."""

    names: np.ndarray
    per_day: np.ndarray
    first: np.ndarray   # business days lost before the person starts
    last: np.ndarray    # last business day they can work (NEVER if no end)
    per_day_after: np.ndarray  # people x steps
    change: np.ndarray  # people x steps: last business day at the rate before (NEVER if no change)


def staff_capacity(people: pd.DataFrame, cal: WorkingCalendar, origin) -> Staff:
    """The people table as business-day capacity from ``origin``: ``hours_per_week x availability``
    over the calendar's working days, from ``start`` to ``end``, at the availability of each dated change
    from its date (:func:`~pmo_forecast.core.capacity.capacity_steps`: the table's ``availability_change``
    and a scenario's; those already in effect are the capacity itself)."""
    require_columns(people, [S.PERSON], "people")
    require_unique(people, S.PERSON, "people")  # as load_people: a second row would hide or add capacity
    require_capacity(people)
    hours = people[S.HOURS_PER_WEEK].to_numpy(float) if S.HOURS_PER_WEEK in people else np.full(len(people), np.nan)
    avail = people[S.AVAILABILITY].to_numpy(float) if S.AVAILABILITY in people else np.full(len(people), np.nan)
    if np.isnan(hours).any() or np.isnan(avail).any():
        _say(f"people without hours_per_week or availability get {DEFAULT_HOURS_PER_WEEK:g} h "
             "and 100%: fill them in for realistic dates")
    per_day = weekly_capacity(people) / cal.days_per_week
    start = people[S.START] if S.START in people else pd.Series(pd.NaT, index=people.index)
    end = people[S.END] if S.END in people else pd.Series(pd.NaT, index=people.index)
    first = np.maximum(0, cal.last_offset_by(origin, start - pd.Timedelta(days=1)))
    first = np.where(start.isna().to_numpy(), 0, first)
    last = cal.last_offset_by(origin, end)
    # the dated changes of availability (the people table's own columns, and a scenario's), in date order
    weekly_after, when = capacity_steps(people)
    dated = ~np.isnan(weekly_after)
    change = np.full(when.shape, NEVER, dtype=np.int64)
    per_day_after = np.zeros(when.shape)
    for k in range(when.shape[1]):
        day = cal.last_offset_by(origin, when[:, k] - np.timedelta64(1, "D"))
        change[:, k] = np.where(dated[:, k], np.maximum(0, day), NEVER)
        # a change in effect by the origin is the capacity itself (the pools are shared by it)
        now = change[:, k] <= 0
        per_day = np.where(now, weekly_after[:, k] / cal.days_per_week, per_day)
        change[now, k] = NEVER
    # the changes still to come first, each past a person's last at the rate before it
    order = np.argsort(change, axis=1, kind="stable")
    change, weekly_after = np.take_along_axis(change, order, 1), np.take_along_axis(weekly_after, order, 1)
    for k in range(when.shape[1]):
        before = per_day if k == 0 else per_day_after[:, k - 1]
        per_day_after[:, k] = np.where(change[:, k] < NEVER, weekly_after[:, k] / cal.days_per_week, before)
    return Staff(people[S.PERSON].astype(str).to_numpy(object), per_day, first, last, per_day_after, change)


@dataclass
class QueuePlan:
    """Everyone's queue: columns of the per-trial work matrix, in queue order.

    Column k is either open task ``q_task[k]`` (>= 0) or person ``q_person[k]``'s share
    ``q_share[k]`` of pool ``q_pool[k]`` of project ``q_proj[k]`` (``q_task[k] == -1``). A project's
    pooled work is split into pools by the day it may start (``pool_release``): its tasks open now and
    scope still to come in one, each later planned start of its pooled tasks in another.
    """

    q_task: np.ndarray
    q_proj: np.ndarray
    q_person: np.ndarray
    q_share: np.ndarray
    est_share: np.ndarray
    seg_start: np.ndarray   # first column of each person's queue
    seg_person: np.ndarray
    ends: np.ndarray        # last column of each (person, project) run
    ends_proj: np.ndarray
    ends_pool: np.ndarray   # the end is a pool share with no own task before it: ignored when empty
    pool_task: np.ndarray   # open tasks that go to their project's pool (sorted by project)
    pool_proj: np.ndarray
    reassigned: pd.DataFrame  # assignees whose open work went to the pool, and why
    release: np.ndarray     # per column: its project's or task's start, business days after the origin (0: open now)
    hold: np.ndarray        # per column: its person's capacity hours before that start (0: none)
    pool_group: np.ndarray  # per pooled task (as pool_task): its pool
    pool_of: np.ndarray     # per pool: its project (sorted)
    pool_release: np.ndarray  # per pool: the planned start of its tasks (business days after the origin, 0: open now)
    growth_pool: np.ndarray  # per project: the pool open now that takes scope still to come (-1: none)
    q_pool: np.ndarray      # per column: its pool (-1: an own task)


def last_on_team(staff: Staff, work, away, cal: WorkingCalendar, origin) -> np.ndarray:
    """Each person's last business day on each project's team (projects x people): their last day,
    or the day before they leave the team (``away``, see :func:`forecast_finish_dates`)."""
    last = np.repeat(staff.last[None, :].astype(float), len(work.project_ids), axis=0)
    if away is None or not len(away):
        return last
    require_columns(away, [S.PERSON, S.PROJECT_ID, S.AWAY_FROM], "away")
    p = pd.Index(work.project_ids).get_indexer(away[S.PROJECT_ID].astype(object))
    n = pd.Index(staff.names).get_indexer(away[S.PERSON].astype(str))
    ok = (p >= 0) & (n >= 0)
    day = cal.last_offset_by(origin, pd.to_datetime(away[S.AWAY_FROM]) - pd.Timedelta(days=1))
    np.minimum.at(last, (p[ok], n[ok]), np.asarray(day, dtype=float)[ok])
    return last


def planned_task_starts(tasks: pd.DataFrame, as_of) -> pd.Series:
    """Each task's planned start when it is after ``as_of`` and the task is open (not started), else NaT.

    The plan's own start (``planned_start``: MS Project's ``Start``, Redmine's and OpenProject's ``Start date``,
    a column a mapping names so; checked as dates by :func:`~pmo_forecast.core.checks.require_dates`), else an open task's ``started`` date
    after ``as_of`` (Asana's and ClickUp's "Start Date" is a planned date:
    :func:`pmo_forecast.core.as_of.planned_starts`). Work in progress has begun, whatever its plan said.
    """
    planned = pd.Series(pd.NaT, index=tasks.index, dtype="datetime64[ns]")
    for col in (S.PLANNED_START, S.STARTED):
        if col in tasks:
            planned = planned.fillna(pd.to_datetime(tasks[col]))
    is_open = (tasks[S.STATUS] == S.OPEN).fillna(False).to_numpy(bool)
    return planned.where(is_open & (planned > pd.Timestamp(as_of)).to_numpy(bool))


def plan_queues(work, tasks: pd.DataFrame, staff: Staff, growth: bool, release: np.ndarray,
                last: np.ndarray, task_release: np.ndarray | None = None) -> QueuePlan:
    """Everyone's queue for the open ``work`` (see :func:`pmo_forecast.forecast_finish_dates`, Notes).

    Open work of people gone or not in the table goes to its project's pool (with scope still to
    come when ``growth``); each pool is shared by the project's team who will be there to do it
    (``last``: each person's last day on each team, :func:`last_on_team`), in proportion to
    capacity; work of a project that starts later (``release``, business days) is held until then,
    and so is an open task with a planned start later (``task_release``, per row of ``work.tasks``),
    pooled or not: a project's pooled tasks form one pool per planned start, each held until its own
    (scope still to come has no planned start: it joins the pool open now).
    """
    code, reassigned = _own_work(work.tasks, staff)
    pool = code < 0
    team = _project_teams(work, tasks, staff, code, pool, last)
    needs_pool = np.bincount(work.proj_code[pool], minlength=len(work.project_ids)) > 0
    if growth:  # scope still to come lands in the pool too
        needs_pool |= work.open_est > 0
    team = _teams_there(work, staff, team, code, pool, needs_pool, last, release)
    team &= needs_pool[:, None]
    share = _shares(team, staff.per_day)
    task_rel = np.zeros(len(work.tasks)) if task_release is None else np.asarray(task_release, dtype=float)
    pools = _pools(work, pool, needs_pool, task_rel, growth)
    cols = _columns(work, code, pool, share, pools.of)
    rel = _held_columns(cols, work, staff, release, task_rel, pools)
    return _queue_plan(cols.sort_values(["person", "key", "pos"], kind="stable"), work, rel, reassigned, pools)


def _own_work(t: pd.DataFrame, staff: Staff) -> tuple[np.ndarray, pd.DataFrame]:
    """Each open task's person (its code in ``staff``; -1: its project's pool, for work nobody is assigned to
    and work of people gone or not in the table), and the assignees whose open work went to the pool, and why
    (warned)."""
    code = pd.Index(staff.names).get_indexer(t[S.ASSIGNEE].astype(object).where(t[S.ASSIGNEE].notna(), "").astype(str))
    gone = (code >= 0) & (staff.last[np.maximum(code, 0)] < 1)
    unknown = (code < 0) & t[S.ASSIGNEE].notna().to_numpy()
    moved = t.loc[unknown | gone, [S.ASSIGNEE, S.ESTIMATE]].assign(
        reason=np.where(gone[unknown | gone], "left", "not in the people table"))
    reassigned = (moved.groupby([S.ASSIGNEE, "reason"], observed=True)[S.ESTIMATE].agg(["size", "sum"])
                  .set_axis(["open_tasks", "open_estimate_hours"], axis=1).reset_index())
    if len(reassigned):
        names = reassigned[S.ASSIGNEE].astype(str).tolist()
        _say(f"open work assigned to people not in the people table or already gone ({id_list(names, 5)}) goes "
             "to the project team's pool")
    return np.where(gone, -1, code), reassigned


def _project_teams(work, tasks: pd.DataFrame, staff: Staff, code: np.ndarray, pool: np.ndarray,
                   last: np.ndarray) -> np.ndarray:
    """The team of each project (projects x people): people who still have open work on it, else people in the
    table who worked on it before; only those who have not left."""
    hist = tasks[[S.PROJECT_ID, S.ASSIGNEE]].dropna()
    hist_code = pd.Index(staff.names).get_indexer(hist[S.ASSIGNEE].astype(str))
    proj_code = pd.Index(work.project_ids).get_indexer(hist[S.PROJECT_ID].astype(object))
    ok = (hist_code >= 0) & (proj_code >= 0)
    team = np.zeros((len(work.project_ids), len(staff.names)), bool)
    team[proj_code[ok], hist_code[ok]] = True
    current = np.zeros_like(team)
    current[work.proj_code[~pool], code[~pool]] = True
    team = np.where(current.any(axis=1, keepdims=True), current, team)
    team &= last >= 1
    return team


def _teams_there(work, staff: Staff, team: np.ndarray, code: np.ndarray, pool: np.ndarray, needs_pool: np.ndarray,
                 last: np.ndarray, release: np.ndarray) -> np.ndarray:
    """Each project's team for its pooled work: those who will be there to do it; a project with pooled work
    and nobody on its team there is shared by everyone in the table who will be (warned)."""
    # pooled work goes to those who will be there to do it: not to someone whose last day comes before
    # their own open work and their share of the pools are done at their pace, each task at SURE_LEVEL
    # of its hours, counted from the project's start when it starts later; a leaver's share ran past
    # their last day in every trial, while an end date years away changes nothing
    sure = hours_to_do(work.q, work.booked, SURE_LEVEL)
    pool_sure = np.bincount(work.proj_code[pool], weights=sure[pool], minlength=len(work.project_ids))
    need = (np.bincount(code[~pool], weights=sure[~pool], minlength=len(staff.names))
            + pool_sure @ _shares(team, staff.per_day)) / np.maximum(staff.per_day, 1e-12)
    there = last >= np.maximum(staff.first[None, :], release[:, None]) + need[None, :]
    lonely = needs_pool & ~(team & there).any(axis=1)
    team = np.where(lonely[:, None], team, team & there)
    if lonely.any():
        everyone = (last[lonely] >= 1) & there[lonely]
        team[lonely] = np.where(everyone.any(axis=1, keepdims=True), everyone, last[lonely] >= 1)
        nobody = lonely.copy()
        nobody[lonely] = ~team[lonely].any(axis=1)
        for which, then in ((lonely & ~nobody, "everyone in the table who will shares it"),
                            (nobody, "nobody in the table is there either, so it never finishes")):
            if which.any():
                k = int(which.sum())
                _say(f"{agree(k, 'project', 'projects')} {id_list(work.project_ids[which], 5)} "
                     f"{agree(k, 'has', 'have')} pooled work but no team in the "
                     f"people table who will be there to do it: {then}")
    return team


class _Pools(NamedTuple):
    """The projects' pools: the pooled tasks (by pool), each one's pool, each pool's project and planned start
    (business days, 0: open now), and each project's pool for scope still to come (-1: none)."""

    tasks: np.ndarray
    group: np.ndarray
    of: np.ndarray
    release: np.ndarray
    growth: np.ndarray


def _pools(work, pool: np.ndarray, needs_pool: np.ndarray, task_rel: np.ndarray, growth: bool) -> _Pools:
    """A project's pooled work, one pool per day it may start: each pooled task waits for its own planned
    start, not the first of its project's (scope still to come joins the pool open now)."""
    pool_task = np.flatnonzero(pool)
    keys = pd.DataFrame({"proj": work.proj_code[pool_task], "rel": task_rel[pool_task]})
    if growth:
        grown = np.flatnonzero(needs_pool)
        keys = pd.concat([keys, pd.DataFrame({"proj": grown, "rel": np.zeros(len(grown))})], ignore_index=True)
    pools = keys.drop_duplicates().sort_values(["proj", "rel"], kind="stable")
    pool_of, pool_release = pools["proj"].to_numpy(int), pools["rel"].to_numpy(float)
    pool_index = pd.MultiIndex.from_arrays([pool_of, pool_release])
    pool_group = pool_index.get_indexer(pd.MultiIndex.from_arrays([keys["proj"].to_numpy(int)[:len(pool_task)],
                                                                   task_rel[pool_task]]))
    by_pool = np.argsort(pool_group, kind="stable")
    pool_task, pool_group = pool_task[by_pool], pool_group[by_pool]
    growth_pool = np.full(len(work.project_ids), -1)
    if growth:
        growth_pool[grown] = pool_index.get_indexer(pd.MultiIndex.from_arrays([grown, np.zeros(len(grown))]))
    return _Pools(pool_task, pool_group, pool_of, pool_release, growth_pool)


def _columns(work, code: np.ndarray, pool: np.ndarray, share: np.ndarray, pool_of: np.ndarray) -> pd.DataFrame:
    """Everyone's queue columns with their place in it (``pos``): per person, own tasks in queue order
    (plan.queue_order: in progress first, then priority, or due date and creation date); a share of a
    project's pool comes right after the person's last own task of that project (at the end when they have
    none), so a nearly finished project is not held up behind the person's whole queue on other projects."""
    own = np.flatnonzero(~pool)
    pos_own = work.rank[own].astype(float)  # distinct integers, in progress first
    # each person's shares of a project's pools, in the order the pools may start
    pj, pp = np.nonzero(share > 0)
    per_proj = np.bincount(pool_of, minlength=len(work.project_ids))
    rank = np.arange(len(pool_of)) - np.searchsorted(pool_of, pool_of)  # a pool's place among its project's
    pair = np.repeat(np.arange(len(pj)), per_proj[pj])
    pg = np.concatenate([np.flatnonzero(pool_of == p) for p in pj]) if len(pj) else np.zeros(0, int)
    pj, pp = pj[pair], pp[pair]
    last_own = pd.Series(pos_own).groupby([code[own], work.proj_code[own]]).max()
    pool_pos = last_own.reindex(pd.MultiIndex.from_arrays([pp, pj])).to_numpy() + 0.25 + 0.5 * rank[pg] / per_proj[pj]
    pool_pos = np.where(np.isnan(pool_pos), np.inf, pool_pos)
    return pd.DataFrame({
        "task": np.r_[own, np.full(len(pj), -1)],
        "proj": np.r_[work.proj_code[own], pj],
        "person": np.r_[code[own], pp],
        "share": np.r_[np.ones(len(own)), share[pj, pp]],
        "pos": np.r_[pos_own, pool_pos],
        "pool": np.r_[np.full(len(own), -1), pg],
    })


def _held_columns(cols: pd.DataFrame, work, staff: Staff, release: np.ndarray, task_rel: np.ndarray,
                  pools: _Pools) -> np.ndarray:
    """Each column's start (business days; 0: open now), returned, with ``cols``' ``hold`` (its person's
    capacity hours before it) and ``key`` (its place in the queue, held work behind what the person is
    expected to reach by its start).

    A project that starts later: nobody works on it before its start (the schedule holds its columns
    until then), and its work joins each queue behind what the person is expected to reach by then;
    so does a task planned to start later, and a pool of pooled tasks planned to start later.
    """
    pool_task, pool_group, pool_of, pool_release, _ = pools
    rel, who = release[cols["proj"].to_numpy()], cols["person"].to_numpy()
    task, pool_col = cols["task"].to_numpy(), cols["pool"].to_numpy()
    rel = np.maximum(rel, np.where(task >= 0, np.r_[task_rel, 0.0][task], np.r_[pool_release, 0.0][pool_col]))  # -1: none
    first = staff.first[who].astype(float)  # capacity hours from the person's start to the project's
    hold = overlap_hours(first, rel, switch_day(staff.change[who], first[:, None]), staff.per_day[who],
                         staff.per_day_after[who])
    cols["hold"] = np.where(rel > 0, hold, 0.0)
    cols["key"] = cols["pos"]
    if (cols["hold"] > 0).any():
        mid = hours_to_do(work.q, work.booked, 0.5)
        pool_mid = np.bincount(pool_group, weights=mid[pool_task], minlength=len(pool_of))
        hold = cols["hold"].to_numpy()
        hours = np.where(task >= 0, np.r_[mid, 0.0][task], np.r_[pool_mid, 0.0][pool_col] * cols["share"])
        key = cols["pos"].to_numpy(float).copy()
        for rows in cols.groupby("person").indices.values():
            if hold[rows].any():
                key[rows] = _held_keys(key[rows], hold[rows], hours[rows])
        cols["key"] = key
    return rel


def _queue_plan(cols: pd.DataFrame, work, rel: np.ndarray, reassigned: pd.DataFrame, pools: _Pools) -> QueuePlan:
    """The :class:`QueuePlan` of the queue columns ``cols``, in queue order (``rel``: each column's start, in
    the columns' first order)."""
    pool_task, pool_group, pool_of, pool_release, growth_pool = pools
    person = cols["person"].to_numpy()
    proj = cols["proj"].to_numpy()
    task_col = cols["task"].to_numpy()
    seg_start = np.flatnonzero(np.r_[True, person[1:] != person[:-1]]) if len(person) else np.array([], int)
    # where each person's part of a project ends: their last column of it. A pool share
    # sits right after their last own task there, so with no pool work in a trial it ends
    # where that task does; only a share with no own task before it can be empty.
    last = pd.Series(np.arange(len(cols))).groupby([person, proj]).max()
    last = last.iloc[np.argsort(last.index.get_level_values(1), kind="stable")]
    has_own = pd.Series(task_col >= 0).groupby([person, proj]).any().reindex(last.index).to_numpy()
    est = work.tasks[S.ESTIMATE].to_numpy(float)
    pool_est = np.bincount(pool_group, weights=est[pool_task], minlength=len(pool_of))
    q_pool = cols["pool"].to_numpy()
    est_share = np.where(task_col >= 0, np.r_[est, 0.0][task_col], np.r_[pool_est, 0.0][q_pool] * cols["share"].to_numpy())
    return QueuePlan(task_col, proj, person, cols["share"].to_numpy(), est_share, seg_start,
                 person[seg_start], last.to_numpy(), last.index.get_level_values(1).to_numpy(), ~has_own,
                 pool_task, work.proj_code[pool_task], reassigned, rel[cols.index.to_numpy()],
                 cols["hold"].to_numpy(), pool_group, pool_of, pool_release, growth_pool, q_pool)


def _held_keys(pos: np.ndarray, hold: np.ndarray, hours: np.ndarray) -> np.ndarray:
    """Queue keys of one person's columns: those open now keep their order (0, 1, ...); a column
    held until its project starts (``hold`` hours of the person's capacity) comes at its own place,
    but not before the work (``hours``, at the median) the person is expected to start by then."""
    free = hold <= 0
    order = np.argsort(pos[free], kind="stable")
    started = np.cumsum(hours[free][order]) - hours[free][order]
    key = np.empty(len(pos))
    key[np.flatnonzero(free)[order]] = np.arange(free.sum())
    own_slot = np.searchsorted(pos[free][order], pos[~free], side="left")  # free columns before it in queue order
    reached = np.searchsorted(started, hold[~free], side="left")  # free columns started before its start
    key[~free] = np.maximum(own_slot, reached) - 0.5
    return key


def switch_day(change, first) -> np.ndarray:
    """The business days after which a person's rate changes (their dated availability changes), inf for
    never (broadcast: ``first[:, None]`` against ``change``, people x steps)."""
    return np.where(change >= NEVER, np.inf, np.maximum(change, first))


def waited(hold, before) -> np.ndarray:
    """Capacity hours a person has waited by each column of their queue (rows, in queue order): a column
    held ``hold`` hours into the person's capacity starts no earlier, so the wait is the running maximum
    of ``hold`` less the hours queued before it."""
    return np.maximum.accumulate(np.maximum(hold - before, 0.0), axis=0)


def overlap_hours(lo, hi, switch, r1, r2) -> np.ndarray:
    """Hours worked from day ``lo`` to ``hi`` at ``r1`` up to day ``switch[..., 0]``, then at ``r2[..., k]``
    from ``switch[..., k]`` to the next switch (broadcast; ``switch`` and ``r2`` have the steps on their last
    axis, in order: one dated change is an axis of one)."""
    s, r2 = np.asarray(switch, dtype=float), np.asarray(r2, dtype=float)
    lo, hi = np.asarray(lo, dtype=float)[..., None], np.asarray(hi, dtype=float)[..., None]
    edge = np.full(s.shape[:-1] + (1,), np.inf)
    starts, ends = np.concatenate([-edge, s], axis=-1), np.concatenate([s, edge], axis=-1)
    r1 = np.asarray(r1, dtype=float)[..., None]
    shape = np.broadcast_shapes(r1.shape[:-1], r2.shape[:-1])
    rates = np.concatenate([np.broadcast_to(r1, shape + (1,)), np.broadcast_to(r2, shape + r2.shape[-1:])], axis=-1)
    return (rates * np.clip(np.minimum(hi, ends) - np.maximum(lo, starts), 0, None)).sum(axis=-1)


def _shares(team: np.ndarray, per_day: np.ndarray) -> np.ndarray:
    """Each project's pool split across its team (projects x people) in proportion to capacity."""
    cap = team * per_day[None, :]
    return cap / np.maximum(cap.sum(axis=1, keepdims=True), 1e-12)
