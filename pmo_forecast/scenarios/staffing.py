"""Applying a staffing scenario to the tables: hires, leavers, moves, WIP limits, demand.

:func:`apply_scenario` turns a :class:`~pmo_forecast.scenarios.scenario.Scenario` into changed
copies of the tasks, projects and people tables (the inputs are never changed),
plus the pool-level changes the PM-pool queue needs: an
:class:`~pmo_forecast.scenarios.applied_scenario.AppliedScenario`. :mod:`pmo_forecast.scenarios.whatif`
then simulates what the changed tables deliver.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.as_of import resolve_as_of
from ..core.calendar import WorkingCalendar
from ..core.capacity import (
    DEFAULT_HOURS_PER_WEEK,
    add_availability_step,
    availability_steps,
    weekly_capacity,
)
from ..core.checks import require_unique
from ..core.keys import spellings_read
from ..core.labels import agree, counted, estimate_unit, every, id_list
from ..core.results import round_half_away
from ..core.shown import shown_number
from ..forecasting.plan import queue_order
from .applied_scenario import AppliedScenario
from .scenario_checks import ScenarioChecks

if TYPE_CHECKING:
    from collections.abc import Callable

    from .spec import NewProject, Scenario


#: A hire's weekly hours (hours x availability) further than this factor from the median of their role's
#: people is said: the two are on different scales (a people table inferred from delivered hours).
HIRE_SCALE_GAP = 1.5


def _estimate(total: float, points: bool) -> str:
    """Estimates' ``total`` in a note, whole, as the pack's cells show hours (halves away from zero: 32.5 h is
    "33 h"), and its unit, singular for a total shown as 1 ("1 point")."""
    return f"{shown_number(total, 'hours')} {estimate_unit(points, round_half_away(total))}"


def _settle_availability(people: pd.DataFrame, rows, as_of) -> None:
    """A dated change already in effect by ``as_of`` becomes the availability of ``rows`` (in place), so
    that a scenario's change replaces what holds now: written over it, the past change's date went and the
    person was back at their old availability until the new date (or the new one never held)."""
    if S.AVAILABILITY_CHANGE not in people or S.AVAILABILITY_AFTER not in people:
        return
    done = np.asarray(rows, dtype=bool) & (people[S.AVAILABILITY_CHANGE] <= as_of).to_numpy(bool) \
        & people[S.AVAILABILITY_AFTER].notna().to_numpy()
    people.loc[done, S.AVAILABILITY] = people.loc[done, S.AVAILABILITY_AFTER]
    people.loc[done, S.AVAILABILITY_CHANGE] = pd.NaT
    people.loc[done, S.AVAILABILITY_AFTER] = np.nan


def _unfinished(tasks: pd.DataFrame) -> np.ndarray:
    return tasks[S.STATUS].isin(S.UNFINISHED_STATUSES).to_numpy()


def _capacity_per_week(people: pd.DataFrame) -> pd.Series:
    cap = pd.Series(weekly_capacity(people), index=people[S.PERSON].astype(object))
    return cap.clip(lower=1e-6)


def _days_through(cal: WorkingCalendar, as_of: pd.Timestamp, date: pd.Timestamp) -> int:
    """Working days after ``as_of`` up to and including ``date``, as the finish plan counts them."""
    return max(0, int(cal.last_offset_by(cal.origin(as_of), [date])[0]))


def _days_before(cal: WorkingCalendar, as_of: pd.Timestamp, start: pd.Timestamp) -> int:
    """Working days after ``as_of`` before a first day ``start``."""
    return _days_through(cal, as_of, start - pd.Timedelta(days=1))


def _release_after(tasks, people, person, last, as_of, notes, cal, projects=None, hours_to_do=None, pace=None,
                   start=None) -> None:
    """Unassign ``person``'s unfinished work that, in their queue order, runs past ``last``, their last
    day on it (each task's ``hours_to_do``, else its estimate, at their ``pace`` of stated capacity,
    else 1, on the working days of ``cal``), their queue starting at ``start`` (a hire's first day)
    when it is after ``as_of``."""
    from ..forecasting.plan import queue_order

    mine = np.flatnonzero(_unfinished(tasks) & (tasks[S.ASSIGNEE] == person).fillna(False).to_numpy())
    if not len(mine):
        return
    # the order the forecast has the person do it (plan.queue_order)
    rank, _ = queue_order(tasks.iloc[mine], projects)
    mine = mine[np.argsort(rank, kind="stable")]
    cap_day = _capacity_per_week(people).get(person, DEFAULT_HOURS_PER_WEEK) / cal.days_per_week
    cap_day *= 1.0 if pace is None else float(pace.get(person, 1.0))
    hours = tasks[S.ESTIMATE].to_numpy()[mine] if hours_to_do is None else hours_to_do(tasks.iloc[mine])
    days = np.cumsum(np.nan_to_num(hours)) / cap_day + (0 if start is None else _days_before(cal, as_of, start))
    release = mine[days > _days_through(cal, as_of, last)]
    if len(release):
        tasks.iloc[release, tasks.columns.get_loc(S.ASSIGNEE)] = pd.NA
        total = tasks[S.ESTIMATE].to_numpy()[release].sum()
        notes.append(f"{person}: {counted(len(release), 'task')} ({_estimate(total, S.estimates_in_points(tasks))}) "
                     f"back to the team after {last.date()}")


def _level_in(tasks, people, person, role, projects, start, as_of, notes, cal, newcomer=False, end=None,
              table=None) -> None:
    """``person`` takes not-yet-started tasks from the most loaded colleagues of ``role``
    (a ``newcomer``, a hire, has no track record: said, as it is why effort can rise).

    Greedy levelling in weeks of work: repeatedly move the last unstarted task of
    the colleague with the longest queue (last in the order the forecast has them do it,
    :func:`~pmo_forecast.forecasting.plan.queue_order` with the projects ``table``) while
    that shortens the longer of the two queues. The newcomer's queue starts at the weeks until ``start`` or when
    their own open work is done, whichever is later (a mover's, done before the move, counted once); with an
    ``end`` (a fixed-term hire, a mover who leaves) it stops at the weeks until then.
    """
    cap = _capacity_per_week(people)
    peers = set(people.loc[(people[S.ROLE] == role) & (people[S.PERSON] != person), S.PERSON])
    unf = _unfinished(tasks)
    assignee = tasks[S.ASSIGNEE].astype(object).fillna("").to_numpy()
    est = tasks[S.ESTIMATE].fillna(0.0).to_numpy()
    in_scope = pd.Series(assignee).isin(peers).to_numpy() & (tasks[S.STATUS] == S.OPEN).to_numpy()
    if projects:
        in_scope &= tasks[S.PROJECT_ID].isin(projects).to_numpy()
    hours = pd.Series(est[unf]).groupby(assignee[unf]).sum()
    load = {p: hours.get(p, 0.0) / cap.get(p, 1e-6) for p in peers | {person}}
    load[person] = max(load[person], _days_before(cal, as_of, start) / cal.days_per_week)
    until = np.inf if end is None else _days_through(cal, as_of, end) / cal.days_per_week
    idx = np.flatnonzero(in_scope)
    rank, _ = queue_order(tasks.iloc[idx], table)
    idx = idx[np.argsort(rank, kind="stable")]
    stacks = {p: list(v) for p, v in pd.Series(idx).groupby(assignee[idx]).agg(list).items()}
    moved = []
    while stacks:
        donor = max(stacks, key=lambda p: (load[p], p))
        i = stacks[donor][-1]
        if load[person] + est[i] / cap[person] >= min(load[donor], until):
            break
        stacks[donor].pop()
        if not stacks[donor]:
            del stacks[donor]
        load[donor] -= est[i] / cap[donor]
        load[person] += est[i] / cap[person]
        moved.append(i)
    if moved:
        tasks.iloc[moved, tasks.columns.get_loc(S.ASSIGNEE)] = person
        total = est[moved].sum()
        notes.append(f"{person}: takes {len(moved)} unstarted tasks ("
                     f"{_estimate(total, S.estimates_in_points(tasks))}) "
                     f"from {role} colleagues" + ("; a new person has no track record, so the work they take is "
                                                  "forecast at the average person's record, not its former "
                                                  "assignees'" if newcomer else ""))
    elif role != S.PM_ROLE:  # a hire in 2040 changed nothing without a word (PMs take no tasks)
        notes.append(f"{person}: takes no unstarted tasks; no {role} colleague's queue runs past "
                     f"{'their start on ' + str(start.date()) if start > as_of else 'their own work'}")


def _open_projects(projects: pd.DataFrame, tasks: pd.DataFrame) -> pd.DataFrame:
    with_work = tasks.loc[_unfinished(tasks), S.PROJECT_ID].unique()
    keep = projects[S.PROJECT_ID].isin(with_work) & ~projects[S.STATUS].isin(S.NOT_UNDER_WAY_PROJECT_STATUSES).fillna(False)
    return projects.loc[keep]


def _reassign_manager(projects, people, avoid, on, limit=None, until=None) -> str | None:
    """The PM with the fewest open projects (and room under ``limit``; ties by name) who is on the team on
    ``on`` and stays to ``until`` (the project's due date; without one, only PMs with no leaving date), or None."""
    # a PM leaving before the project is due is not given it (a PM leaving in 2040 is); nor is a PM who starts
    # later (a project handed to a PM starting in a year had no manager until then)
    started = people[S.START].isna() | (people[S.START] <= on) if S.START in people else True
    stays = people[S.END].isna() | (people[S.END] >= until) if until is not None and pd.notna(until) \
        else people[S.END].isna()
    pms = people.loc[(people[S.ROLE] == S.PM_ROLE) & stays & started, S.PERSON].tolist()
    counts = projects.loc[~projects[S.STATUS].isin(S.NOT_UNDER_WAY_PROJECT_STATUSES).fillna(False), S.MANAGER].value_counts()
    ranked = sorted((int(counts.get(p, 0)), p) for p in pms if p not in avoid)
    ranked = [(n, p) for n, p in ranked if limit is None or n < limit]
    return ranked[0][1] if ranked else None


def _hand_over_projects(projects, people, person, last_day, as_of, notes: list) -> None:
    """A PM's projects due after ``last_day`` (their last day as PM) or with no due date go to other PMs.

    Earliest due first, then by id (in the table's row order, which projects went on hold under a WIP
    limit depended on it); those due by then stay with them (a leave in 2040 handed every project over
    at once). For a leaver, and for a PM who moves to another role (who had kept their projects).
    """
    due = projects[S.DUE] if S.DUE in projects else pd.Series(pd.NaT, index=projects.index)
    managed = projects.loc[(projects[S.MANAGER] == person).fillna(False)
                           & ~projects[S.STATUS].isin(S.NOT_UNDER_WAY_PROJECT_STATUSES).fillna(False)
                           & ~(due <= last_day).fillna(False)]
    order = pd.DataFrame({"due": due[managed.index], "id": managed[S.PROJECT_ID]})
    for i in order.sort_values(["due", "id"], na_position="last").index:
        pm = _reassign_manager(projects, people, {person}, max(last_day, as_of), until=due[i])
        if pm is not None:
            projects.at[i, S.MANAGER] = pm
            notes.append(f"{projects.at[i, S.PROJECT_ID]}: manager {person} -> {pm}")


def _copy(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    out.attrs = {}  # pandas deep-copies attrs on every operation: keep the copies light
    return out


def _cast_like(df: pd.DataFrame, like: pd.DataFrame) -> pd.DataFrame:
    for c in df.columns.intersection(like.columns):
        if df[c].dtype != like[c].dtype:
            df[c] = df[c].astype(like[c].dtype)
    return df


def _add_project(tasks, projects, people, new: NewProject, as_of) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``new`` added to copies of ``tasks`` and ``projects``, as :meth:`ScenarioChecks.check_new_project` allows."""
    tmpl = projects.loc[projects[S.PROJECT_ID] == new.like].iloc[0]
    from ..forecasting.growth import added_later

    work = tasks.loc[(tasks[S.PROJECT_ID] == new.like) & (tasks[S.STATUS] != S.CANCELLED)]
    # its initial scope: the forecast grows a new project's scope as any project's, so the tasks the template
    # gained later, copied too, were grown again (like PRJ-47: effort P50 1,840 h against PRJ-47's 1,465 h)
    work = work.loc[~added_later(work)].copy()
    start = max(new.start, as_of)  # a past start jumped the queue ahead of work already under way
    staff = people.loc[people[S.END].isna() | (people[S.END] >= start), S.PERSON]
    work[S.TASK_ID] = [f"{new.project_id}-{k + 1}" for k in range(len(work))]
    work[S.PROJECT_ID] = new.project_id
    work[S.ESTIMATE] = work[S.ESTIMATE].fillna(work[S.ESTIMATE].median()) * new.scale
    work[S.ASSIGNEE] = work[S.ASSIGNEE].where(work[S.ASSIGNEE].isin(staff))
    work[S.STATUS] = S.OPEN
    work[S.CREATED] = start
    for c in (S.ACTUAL,):
        work[c] = np.nan
    for c in (S.STARTED, S.FINISHED):
        work[c] = pd.NaT
    duration = tmpl[S.DUE] - tmpl[S.START] if pd.notna(tmpl[S.DUE]) and pd.notna(tmpl[S.START]) else None
    row = {S.PROJECT_ID: new.project_id, S.MANAGER: new.manager or tmpl[S.MANAGER],
           S.PROJECT_TYPE: tmpl.get(S.PROJECT_TYPE), S.START: start,
           S.BUDGET: new.budget_hours if new.budget_hours is not None else tmpl[S.BUDGET] * new.scale,
           S.DUE: new.due if new.due is not None else (start + duration if duration is not None else pd.NaT),
           S.STATUS: S.ACTIVE if start <= as_of else S.PROPOSED}
    attrs_p, attrs_t = projects.attrs, tasks.attrs
    projects = pd.concat([projects, _cast_like(pd.DataFrame([row]), projects)], ignore_index=True)
    tasks = pd.concat([tasks, _cast_like(work, tasks)], ignore_index=True)
    projects.attrs, tasks.attrs = attrs_p, attrs_t
    return tasks, projects


def _roles_emptied(scenario, tasks, people, assigned: pd.Series, roles: dict, points: bool, notes: list) -> None:
    """Say each role the scenario's leaves and moves leave nobody in (``people`` after its hires): the work its
    people hand back goes to their projects' teams, whose pools know no roles, so the finish dates have the other
    roles do it. ``assigned`` and ``roles``: the tasks' assignees and the people's roles before the changes."""
    out: dict = {}  # role -> the last day someone in it stops being in it
    for lv in scenario.leaves:
        out[roles.get(lv.person)] = max(out.get(roles.get(lv.person), lv.date), lv.date)
    for mv in scenario.moves:
        if mv.role and mv.role != roles.get(mv.person):
            day = mv.date - pd.Timedelta(days=1)
            out[roles.get(mv.person)] = max(out.get(roles.get(mv.person), day), day)
    handed = _unfinished(tasks) & tasks[S.ASSIGNEE].isna().to_numpy() & assigned.notna().to_numpy()
    for role, last in out.items():
        if not isinstance(role, str) or role == S.PM_ROLE:  # PMs take no tasks: their pool is the queue's
            continue
        left = (people[S.ROLE] == role) & (people[S.END].isna() | (people[S.END] > last))
        theirs = handed & (assigned.map(roles) == role).to_numpy()
        if left.any() or not theirs.any():
            continue
        hours = tasks.loc[theirs, S.ESTIMATE].sum()
        notes.append(f"no {role!r} left after {last.date()}: the {counted(int(theirs.sum()), 'task')} ("
                     f"{_estimate(hours, points)}) they hand back go to their projects' other people, "
                     f"whatever their role, so the finish dates have them do the {role} work; hire or move someone "
                     f"into {role!r} to have it done in that role")


def _say_early_dates(scenario: Scenario, as_of: pd.Timestamp, notes: list) -> None:
    """Say each change the scenario dates before the forecast date: it acts from the forecast date, said rather
    than silently moved."""
    for what, items, date_of, who in (("hires", scenario.hires, "start", "person"),
                                      ("leaves", scenario.leaves, "date", "person"),
                                      ("moves", scenario.moves, "date", "person"),
                                      ("add_projects", scenario.add_projects, "start", "project_id")):
        for it in items:
            if getattr(it, date_of) < as_of:
                notes.append(f"{getattr(it, who)} ({what}): dated {getattr(it, date_of).date()}, before the "
                             f"forecast date: counted from {as_of.date()}")
    for a in scenario.availability:  # as the others (it was silently moved to the forecast date)
        if a.date is not None and a.date < as_of:
            notes.append(f"{a.person or a.role} (availability): dated {a.date.date()}, before the forecast date: "
                         f"counted from {as_of.date()}")


def _say_hire_scale(h, people: pd.DataFrame, notes: list) -> None:
    """Say a hire whose week is on another scale than their role's people in the people table."""
    # on another scale than the role's people (a people table inferred from the hours delivered, 24 h a week
    # each, beside the hire's default 40 h at 90%), the hire took 93 of the devs' tasks: said, as its cure
    peers = people.loc[(people[S.ROLE] == h.role).to_numpy(bool)]
    typical = float(np.median(weekly_capacity(peers))) if len(peers) else np.nan
    hire_week = h.hours_per_week * h.availability
    default = {f.name: f.default for f in dataclasses.fields(h)}
    defaults = (h.hours_per_week, h.availability) == (default["hours_per_week"], default["availability"])
    if typical > 0 and not 1 / HIRE_SCALE_GAP <= hire_week / typical <= HIRE_SCALE_GAP:
        week, share, median = (shown_number(hire_week, "hours"), shown_number(h.availability, "pct"),
                               shown_number(typical, "hours"))
        notes.append(f"{h.person}: {week} h a week ({h.hours_per_week:g} h at {share}"
                     f"{', the defaults' if defaults else ''}) against "
                     f"a median of {median} h a week for the {h.role!r} people in the people table (hours "
                     "they delivered, when inferred from the tasks?): give the hire's hours_per_week and "
                     "availability on the people table's scale")


def _apply_wip_limit(scenario: Scenario, tasks: pd.DataFrame, projects: pd.DataFrame, people: pd.DataFrame,
                     as_of: pd.Timestamp, notes: list) -> list[str]:
    """Apply the scenario's WIP limit per PM to ``projects``; returns the projects put on hold.

    A PM's projects beyond the limit, latest start first and then by id, go to a PM with room who stays
    until they are due, else to a PM hired later with room, from her start by the due date (the old PM
    keeps it until then), else on hold and out of the forecast."""
    on_hold: list[str] = []
    if scenario.wip_limit is None:
        return on_hold
    # earliest start kept, ties by id (not the table's row order)
    live = _open_projects(projects, tasks).sort_values([S.START, S.PROJECT_ID], kind="stable")
    unmanaged = live[S.PROJECT_ID][live[S.MANAGER].isna().to_numpy()].astype(str).tolist()
    if unmanaged:  # a tracker export's projects have no manager: the limit changed nothing without a word
        n = len(unmanaged)
        who = (every(n, "open project", start=False) if n == len(live)
               else f"{n:,} of the {counted(len(live), 'open project')}")
        notes.append(f"WIP limit {scenario.wip_limit}: {who} {agree(n, 'has', 'have')} no manager in the projects "
                     f"table ({id_list(unmanaged, 5)}), so the limit leaves "
                     f"{agree(n, 'it as it is', 'them as they are')}")
    for pm, group in live.groupby(S.MANAGER, sort=True):
        for i in group.index[scenario.wip_limit:][::-1]:
            pid = projects.at[i, S.PROJECT_ID]
            due = projects[S.DUE].get(i) if S.DUE in projects else None
            to = _reassign_manager(projects, people, {pm}, as_of, limit=scenario.wip_limit, until=due)
            if to is None:  # a PM hired later, by the due date, takes it from her start (it went on hold)
                to = _reassign_manager(projects, people, {pm}, due if pd.notna(due) else pd.Timestamp.max,
                                       limit=scenario.wip_limit, until=due)
            start = people.loc[people[S.PERSON] == to, S.START].max() if to is not None else pd.NaT
            if pd.notna(start) and start > as_of:
                projects.at[i, S.MANAGER] = to
                notes.append(f"{pid}: manager {pm} -> {to} from {start.date()}, their start (WIP limit "
                             f"{scenario.wip_limit}; {pm} keeps it until then, over the limit)")
            elif to is not None:
                projects.at[i, S.MANAGER] = to
                notes.append(f"{pid}: manager {pm} -> {to} (WIP limit {scenario.wip_limit})")
            else:
                projects.at[i, S.STATUS] = S.ON_HOLD
                on_hold.append(pid)
                notes.append(f"{pid}: on hold, no PM has room under WIP limit {scenario.wip_limit}")
    return on_hold


def _grow_demand(scenario: Scenario, tasks: pd.DataFrame, points: bool, notes: list) -> None:
    """Scale the estimates of the work not yet started by the scenario's ``demand_growth``, and say it."""
    if scenario.demand_growth == 1.0:
        return
    grow = tasks[S.STATUS].isin(S.DEMAND_GROWTH_STATUSES).to_numpy()
    tasks.loc[grow, S.ESTIMATE] = tasks.loc[grow, S.ESTIMATE] * scenario.demand_growth
    # the scenario's added projects too, as their requests at the PM pool (``arrival_scale``): said with their
    # hours after it, as their note gave them before it (688 h for NEW-1's 825 h)
    added = [n.project_id for n in scenario.add_projects]
    hours = tasks.loc[tasks[S.PROJECT_ID].isin(added), S.ESTIMATE].groupby(tasks[S.PROJECT_ID]).sum()
    also = "; the projects added too: " + ", ".join(
        f"{p} {_estimate(h, points)}" for p, h in hours.items()) if len(hours) else ""
    notes.append(f"unstarted work x{scenario.demand_growth:g} ({counted(int(grow.sum()), 'task')}{also})")


def _apply_availability(scenario: Scenario, people: pd.DataFrame, as_of: pd.Timestamp, notes: list,
                        checks: ScenarioChecks) -> None:
    """Apply the scenario's availability changes to ``people`` (in place), and say what they replace.

    ``checks``: :func:`apply_scenario`'s checks, with the leaves, moves and hires applied before; a person's
    change is refused as :meth:`ScenarioChecks.check_person` and :meth:`ScenarioChecks.check_gone` say, a role's
    as :meth:`ScenarioChecks.check_role_held`."""
    # availability: a role's change first, so that a person's own change wins over their role's on a day both
    # change, whatever the order written; then in date order. Each dated change holds from its date until the
    # next (the people table's or the scenario's): the table's 50% from March after a scenario's 80% from January
    # still holds from March (the plan held one dated change a person, and one of the two was lost)
    def dated_changes(rows, ahead=None) -> str:
        """The dated changes of ``rows`` in words: all, or only those after (``ahead=True``) or on or before
        (``ahead=False``) the forecast date."""
        when, after = availability_steps(people.loc[rows])
        return ", ".join(f"{p} {shown_number(v, 'pct')} from {pd.Timestamp(d):%Y-%m-%d}" for p, ds, vs in zip(
            people.loc[rows, S.PERSON], when, after, strict=True) for d, v in zip(ds, vs, strict=True)
            if not np.isnat(d) and ahead in (None, pd.Timestamp(d) > as_of))

    for a in sorted(scenario.availability, key=lambda a: (a.person is not None, max(a.date or as_of, as_of))):
        if a.person is not None:
            checks.check_person(a.person, "availability")
            if a.date is not None:
                checks.check_gone(a.person, "availability", "availability change", a.date)
            rows = people[S.PERSON] == a.person
        else:
            checks.check_role_held(a.role, "availability")
            rows = people[S.ROLE] == a.role
        _settle_availability(people, rows, as_of)
        planned = dated_changes(rows)
        if a.date is None or a.date <= as_of:
            people.loc[rows, S.AVAILABILITY] = a.availability
            # a scenario's step dated by now (one chained in, applied at an earlier date) held over the new
            # availability: the change from now is a step of its own on the forecast date, added last so that it
            # wins that day; the earlier steps stay, each holding until the next
            held, ahead = dated_changes(rows, ahead=False), dated_changes(rows, ahead=True)
            if held:
                when = availability_steps(people)[0]
                add_availability_step(people, rows.to_numpy(bool) & (when <= np.datetime64(as_of)).any(axis=1),
                                      as_of, a.availability)
            said = []
            if held:
                said.append(f"it replaces from {as_of.date()} the dated changes before ({held}), each of which "
                            "held until the next")
            if ahead:
                said.append(f"the people table's dated change still follows ({ahead}): date the scenario's change "
                            "after it to replace it")
            if said:
                notes.append(f"availability of {a.person or a.role} {shown_number(a.availability, 'pct')} from now; "
                             + "; ".join(said))
            continue
        for col, dtype in ((S.AVAILABILITY_CHANGE, "datetime64[ns]"), (S.AVAILABILITY_AFTER, float)):
            if col not in people:
                people[col] = pd.Series(np.nan, index=people.index).astype(dtype)
        dated = rows & people[S.AVAILABILITY_CHANGE].notna()  # a further change: the table's columns hold one
        add_availability_step(people, dated, a.date, a.availability)
        people.loc[rows & ~dated, S.AVAILABILITY_CHANGE] = a.date
        people.loc[rows & ~dated, S.AVAILABILITY_AFTER] = a.availability
        note = f"availability of {a.person or a.role} {shown_number(a.availability, 'pct')} from {a.date.date()}"
        if planned:  # the reading said: all of them hold, in date order
            note += (f"; the dated changes already planned ({planned}) still hold, each from its date until the next"
                     + (", the scenario's on a day both change" if f"{a.date:%Y-%m-%d}" in planned else ""))
        notes.append(note)


@dataclasses.dataclass(eq=False)
class _Applying(ScenarioChecks):
    """The copies a scenario changes as it is applied, and what its checks read (:class:`ScenarioChecks`): the
    state its steps share. ``people`` is a new frame after each hire.
    """

    requests: pd.DataFrame | None
    cal: WorkingCalendar
    points: bool
    notes: list
    hours_to_do: Callable[[pd.DataFrame], np.ndarray] | None
    pace: pd.Series | None

    @classmethod
    def of(cls, scenario: Scenario, tasks, projects, people, requests, as_of, calendar, hours_to_do,
           pace) -> _Applying:
        """Copies of the tables with names read as the people table's, and the notes that open the scenario's:
        the inputs are never changed, and what the scenario dates before the forecast date is said first."""
        # as load_people refuses it: one person on two rows ('Ann' and 'ann', or a name twice) was her capacity
        # twice, and a leave or a move of one of the rows
        require_unique(people, S.PERSON, "people")
        as_of = resolve_as_of(tasks, as_of)
        cal = WorkingCalendar.coerce(calendar)
        points = S.estimates_in_points(tasks)
        unit = S.estimate_unit_attrs(tasks)
        steps = people.attrs.get(S.AVAILABILITY_STEPS)
        # names spelt otherwise than the people table are the people they name, as the forecasts read them
        # (core.keys' one rule): a leave of 'Ann Lee' kept the tasks of 'ann lee', and a WIP limit handed
        # 'ann costa''s projects to 'Ann Costa'. Said below; nothing to say on tables read so at the pack's load
        tasks, assignees = spellings_read(tasks, people, warned=False)
        projects, managers = spellings_read(projects, people, S.MANAGER, warned=False)
        tasks, projects, people = (_copy(x) for x in (tasks, projects, people))
        if steps:  # an applied scenario's people, chained into this one: its dated changes hold on (they were lost)
            people.attrs[S.AVAILABILITY_STEPS] = dict(steps)
        if unit:  # the copies drop the attrs: the notes and the scenario's run read the unit and rank from them
            tasks.attrs = unit
        requests = None if requests is None else _copy(requests)
        notes: list[str] = []
        _say_early_dates(scenario, as_of, notes)
        for col in (S.END, S.START):
            if col not in people:
                people[col] = pd.Series(pd.NaT, index=people.index, dtype="datetime64[ns]")
        notes += [n for n in (assignees, managers) if n]
        # each person's last day (the table's end, then the scenario's leaves and hires' ends): nothing of theirs
        # can change on or after it (a move after a leave took work that nobody would do)
        leaving = {p: (e, "end in the people table")
                   for p, e in zip(people[S.PERSON], people[S.END], strict=True) if pd.notna(e)}
        return cls(tasks=tasks, projects=projects, people=people, as_of=as_of, hired={h.person for h in scenario.hires},
                   known_people=set(people[S.PERSON]), known_projects=set(projects[S.PROJECT_ID]), leaving=leaving,
                   requests=requests, cal=cal, points=points, notes=notes, hours_to_do=hours_to_do, pace=pace)

    def release_after(self, person, last, start=None) -> None:
        """:func:`_release_after` on these tables: ``person``'s work past ``last`` back to the team."""
        _release_after(self.tasks, self.people, person, last, self.as_of, self.notes, self.cal, self.projects,
                       self.hours_to_do, self.pace, start=start)


def _remove_projects(scenario: Scenario, t: _Applying) -> None:
    """Cancel the projects the scenario removes and their unfinished work, and say a project already ended: the
    work a scenario drops is said, and one that drops nothing says so."""
    t.check_projects(scenario.remove_projects, "remove_projects")
    # a project already closed or cancelled stays as it is, and the notes say it (a closed project was made
    # 'cancelled', said as "cancelled PRJ-01: 0 unfinished tasks dropped", as if the scenario had changed something)
    tasks, projects = t.tasks, t.projects
    status = dict(zip(projects[S.PROJECT_ID], projects[S.STATUS], strict=True))
    ended = [p for p in scenario.remove_projects if pd.notna(status[p]) and status[p] in S.ENDED_PROJECT_STATUSES]
    removed = [p for p in scenario.remove_projects if p not in ended]
    projects.loc[projects[S.PROJECT_ID].isin(removed), S.STATUS] = S.CANCELLED
    drop = _unfinished(tasks) & tasks[S.PROJECT_ID].isin(removed).to_numpy()
    idle = [p for p in removed if p not in set(tasks.loc[drop, S.PROJECT_ID])]
    tasks.loc[drop, S.STATUS] = S.CANCELLED
    if removed:
        t.notes.append(f"cancelled {', '.join(removed)}: {drop.sum()} unfinished tasks dropped"
                       + (f" ({', '.join(idle)} had no unfinished tasks)" if idle else ""))
    for p in ended:
        t.notes.append(f"remove_projects: {p} is already {status[p]} in the projects table: nothing to remove, "
                       "the scenario is unchanged by it")


def _add_projects(scenario: Scenario, t: _Applying) -> None:
    """Add each new project as a copy of a similar one's initial scope (:func:`_add_project`), said with its
    tasks and estimates: the forecast grows its scope as any project's."""
    for new in scenario.add_projects:
        t.check_new_project(new)
        t.tasks, t.projects = _add_project(t.tasks, t.projects, t.people, new, t.as_of)
        t.known_projects.add(new.project_id)
        copied = t.tasks.loc[t.tasks[S.PROJECT_ID] == new.project_id, S.ESTIMATE]
        t.notes.append(f"added {new.project_id} like {new.like} x{new.scale:g} from {max(new.start, t.as_of).date()}: "
                       f"{counted(len(copied), 'task')}, "
                       f"{_estimate(copied.sum(), t.points)}, "
                       "its initial scope (scope growth is forecast as for any project)")


def _apply_leaves(scenario: Scenario, t: _Applying) -> None:
    """Each leaver's work past their date back to the team, their projects to other PMs: nobody does it after."""
    for lv in scenario.leaves:
        t.check_person(lv.person, "leaves")
        t.check_gone(lv.person, "leaves", "leave", lv.date)
        t.leaving[lv.person] = (lv.date, "leaves in this scenario")
        t.people.loc[t.people[S.PERSON] == lv.person, S.END] = lv.date
        t.release_after(lv.person, lv.date)
        _hand_over_projects(t.projects, t.people, lv.person, lv.date, t.as_of, t.notes)


def _apply_moves(scenario: Scenario, t: _Applying) -> tuple[list, list]:
    """Each move as a leave from the old work and teams, then a hire on the new; returns the role changes
    (:attr:`AppliedScenario.moves`) and the teams left (``away``): the mover has no share of their pools after
    the date."""
    tasks, people, as_of = t.tasks, t.people, t.as_of
    moved, away = [], []
    # in date order: as written, a move on 1 September listed before one on 15 July was applied first (she stayed
    # a PM until September and ended in the July role)
    for mv in sorted(scenario.moves, key=lambda m: m.date):
        t.check_person(mv.person, "moves")
        t.check_gone(mv.person, "moves", "move", mv.date)
        t.check_projects(mv.projects, "moves")
        if mv.role:
            t.check_role(mv.role, "moves", f"{mv.person!r} moves to role")
        new_role = mv.role or people.loc[people[S.PERSON] == mv.person, S.ROLE].iloc[0]
        t.check_open_work(mv.projects, "moves", mv.person, None if new_role == S.PM_ROLE else new_role)
        old = tasks.loc[(tasks[S.ASSIGNEE] == mv.person).fillna(False).to_numpy(), S.PROJECT_ID].unique()
        away += [(mv.person, pid, max(mv.date, as_of)) for pid in old if pid not in mv.projects]
        # the day before the move is their last on the old work (the plan's ``away``)
        t.release_after(mv.person, mv.date - pd.Timedelta(days=1))
        row = people[S.PERSON] == mv.person
        role = mv.role or people.loc[row, S.ROLE].iloc[0]
        moved.append((mv.person, max(mv.date, as_of), people.loc[row, S.ROLE].iloc[0], role))
        people.loc[row, S.ROLE] = role
        if moved[-1][2] == S.PM_ROLE and role != S.PM_ROLE:  # no longer a PM: their projects go over, as a leaver's
            _hand_over_projects(t.projects, people, mv.person, mv.date - pd.Timedelta(days=1), as_of, t.notes)
        # a mover who also leaves takes no more than fits before their last day (they took 172 h with 67 h left)
        end = t.leaving.get(mv.person, (None,))[0]
        _level_in(tasks, people, mv.person, role, mv.projects, max(mv.date, as_of), as_of, t.notes, t.cal, end=end,
                  table=t.projects)
        if end is not None:  # what they took that, each task at its P95, runs past it goes back
            t.release_after(mv.person, end)
    return moved, away


def _apply_hires(scenario: Scenario, t: _Applying) -> None:
    """Add each hire to the people table; one outside the PM role takes unstarted work from the most loaded
    colleagues of it (:func:`_level_in`), a PM joins the pool: what a hire relieves, said."""
    as_of = t.as_of
    for h in scenario.hires:
        t.check_hire(h)
        t.check_role(h.role, "hires", f"{h.person!r} has role")
        t.check_projects(h.projects, "hires")
        if h.role != S.PM_ROLE:
            t.check_open_work(h.projects, "hires", h.person, h.role)
        _say_hire_scale(h, t.people, t.notes)
        row = {S.PERSON: h.person, S.ROLE: h.role, S.HOURS_PER_WEEK: h.hours_per_week,
               S.AVAILABILITY: h.availability, S.START: h.start, S.END: h.end if h.end is not None else pd.NaT}
        attrs = t.people.attrs
        t.people = pd.concat([t.people, _cast_like(pd.DataFrame([row]), t.people)], ignore_index=True)
        t.people.attrs = attrs
        t.known_people.add(h.person)
        if h.end is not None:
            t.leaving[h.person] = (h.end, "the end of their hire")
        if h.role != S.PM_ROLE:
            _level_in(t.tasks, t.people, h.person, h.role, h.projects, h.start, as_of, t.notes, t.cal, newcomer=True,
                      end=h.end, table=t.projects)
            if h.end is not None:  # what they took that, each task at its P95, runs past their end goes back
                t.release_after(h.person, h.end, start=h.start)
        else:
            until = "" if h.end is None else f" until {h.end.date()}"
            # a PM hire takes no tasks: projects named were dropped without a word
            named = f"; its projects ({', '.join(h.projects)}) left out: a PM hire joins the pool and takes no " \
                    "tasks (name them as manager in the projects table)" if h.projects else ""
            # from the forecast date when dated before it, as the note above says (this one gave the date written)
            t.notes.append(f"{h.person}: joins the PM pool from {max(h.start, as_of).date()}{until}{named}")


def _applied(scenario: Scenario, t: _Applying, open_before: int, on_hold, moved, away) -> AppliedScenario:
    """The changed tables and the PM pool's changes as an :class:`AppliedScenario`; a scenario that leaves no open
    project is refused, as nothing is left to forecast."""
    tasks, projects, as_of = t.tasks, t.projects, t.as_of
    open_after = len(_open_projects(projects, tasks))
    if open_before and not open_after:
        raise ValueError(f"the scenario removes or puts on hold every one of the {open_before:,} open projects: "
                         "nothing is left to forecast; keep at least one")
    scale = scenario.demand_growth * (open_after / open_before if open_before else 1.0)
    live = set(_open_projects(projects, tasks)[S.PROJECT_ID])
    starts = tuple(sorted(n.start for n in scenario.add_projects if n.start > as_of and n.project_id in live))
    return AppliedScenario(tasks, projects, t.people, t.requests, as_of, float(scale),
                           scenario.approval_share, tuple(on_hold), t.notes, tuple(moved),
                           pd.DataFrame(away, columns=[S.PERSON, S.PROJECT_ID, S.AWAY_FROM]), starts,
                           (open_before, open_after))


def apply_scenario(scenario: Scenario, tasks: pd.DataFrame, projects: pd.DataFrame,
                   people: pd.DataFrame, requests: pd.DataFrame | None = None, *,
                   as_of=None, hours_to_do=None, pace=None, calendar=None) -> AppliedScenario:
    """Apply ``scenario`` to copies of the tables; the inputs are never changed.

    Parameters
    ----------
    scenario : Scenario
    tasks, projects, people : pandas.DataFrame
        Canonical tables.
    requests : pandas.DataFrame, optional
        The PM-pool request log (copied, not changed: the queue is changed
        through ``arrival_scale`` and ``approval_share``).
    as_of : date-like, optional
        Forecast origin; default the latest date in ``tasks``.
    hours_to_do : callable, optional
        ``hours_to_do(tasks)`` -> hours each unfinished task still needs, for what a leaver
        (or a mover) keeps; default its estimate. :func:`run_scenario` gives each task's P95
        (``overrun.SURE_LEVEL``) under the forecast's accuracy model, so that what is kept is
        done by the date in nearly every trial.
    pace : pandas.Series, optional
        Per person, the share of stated capacity they deliver (default 1), for the same.
    calendar : None, WorkingCalendar, list of holidays or dict
        The working days that count for the same (default Monday to Friday, no holidays):
        the finish plan's own.

    Returns
    -------
    AppliedScenario

    Notes
    -----
    In this order: projects removed (unfinished work cancelled), projects added
    (a copy of a similar project's initial scope, unstarted), leavers (work that would run
    past the leaving date goes back to the project team, unassigned; a leaving
    PM's projects due after their last day, or with no due date, go to the PM with
    the fewest who stays until they are due, earliest due first, then by id; those
    due by then stay with them), moves (as a leave from the old
    work, then as a hire on the new), hires (take unstarted tasks from the most
    loaded colleagues of their role, see :func:`_level_in`), availability
    changes (a role's before a person's: the person's own wins), the WIP limit (a PM's projects beyond the limit, latest start first
    and then by id, go to a PM with room who stays until they are due, else to a PM hired later with room,
    from her start by the due date (the old PM keeps it until then), else on
    hold and out of the forecast) and demand growth
    (not-yet-started tasks' estimates times ``demand_growth``, those of the projects added too, as their
    requests at the PM pool).

    An availability change takes effect on its date and holds until the person's next
    (:func:`~pmo_forecast.core.capacity.availability_steps`: ``availability_change`` and
    ``availability_after`` in the people table, further ones in its ``attrs``; those on the people table
    given, another scenario's applied before, hold on). A change from now replaces what holds from the
    forecast date: the table's change already in effect becomes the availability, and a further one dated
    by then holds until the forecast date, said in the notes. Hires and
    leavers are dated through the ``start`` and ``end`` columns (a fixed-term hire's ``end`` too).
    A move, leave or availability change dated on or after the person's leaving date (the table's
    ``end``, a leave in the scenario, a hire's ``end``) is a ValueError naming both, as is a hire
    spelt like someone in the table (:func:`~pmo_forecast.core.keys.person_key`) or a hire or
    move onto a project without unstarted tasks of colleagues in their role. Assignees and managers the people
    table spells otherwise (``ann lee`` for ``Ann Lee``) are the person they name, as the forecasts read them
    (:func:`~pmo_forecast.core.keys.names_as_people`, said in the notes); a name the scenario gives is the
    people table's. A people table with one person on two rows, however spelt, is a SchemaError naming the rows, as
    :func:`~pmo_forecast.load_people` refuses it.
    """
    t = _Applying.of(scenario, tasks, projects, people, requests, as_of, calendar, hours_to_do, pace)
    open_before = len(_open_projects(t.projects, t.tasks))
    _remove_projects(scenario, t)
    _add_projects(scenario, t)
    # the tasks' assignees and the people's roles before anyone leaves or moves: which roles end up empty
    assigned, roles = t.tasks[S.ASSIGNEE].copy(), dict(zip(t.people[S.PERSON], t.people[S.ROLE], strict=True))
    _apply_leaves(scenario, t)
    moved, away = _apply_moves(scenario, t)
    _apply_hires(scenario, t)
    _apply_availability(scenario, t.people, t.as_of, t.notes, t)
    _roles_emptied(scenario, t.tasks, t.people, assigned, roles, t.points, t.notes)
    on_hold = _apply_wip_limit(scenario, t.tasks, t.projects, t.people, t.as_of, t.notes)
    _grow_demand(scenario, t.tasks, t.points, t.notes)
    return _applied(scenario, t, open_before, on_hold, moved, away)
