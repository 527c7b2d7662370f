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
from ..core.capacity import weekly_capacity
from ..core.checks import require_unique
from ..core.keys import spellings_read
from ..core.labels import counted
from ..core.shown import shown_number
from .added_projects import added_project, cast_like
from .applied_scenario import AppliedScenario
from .availability_changes import apply_availability
from .project_handover import apply_wip_limit, hand_over_projects, open_projects
from .scenario_checks import ScenarioChecks
from .work_levelling import estimate_said, level_in, release_after, unfinished

if TYPE_CHECKING:
    from collections.abc import Callable

    from .spec import Scenario


#: A hire's weekly hours (hours x availability) further than this factor from the median of their role's
#: people is said: the two are on different scales (a people table inferred from delivered hours).
HIRE_SCALE_GAP = 1.5


def _copy(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    out.attrs = {}  # pandas deep-copies attrs on every operation: keep the copies light
    return out


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
    handed = unfinished(tasks) & tasks[S.ASSIGNEE].isna().to_numpy() & assigned.notna().to_numpy()
    for role, last in out.items():
        if not isinstance(role, str) or role == S.PM_ROLE:  # PMs take no tasks: their pool is the queue's
            continue
        left = (people[S.ROLE] == role) & (people[S.END].isna() | (people[S.END] > last))
        theirs = handed & (assigned.map(roles) == role).to_numpy()
        if left.any() or not theirs.any():
            continue
        hours = tasks.loc[theirs, S.ESTIMATE].sum()
        notes.append(f"no {role!r} left after {last.date()}: the {counted(int(theirs.sum()), 'task')} ("
                     f"{estimate_said(hours, points)}) they hand back go to their projects' other people, "
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


def _grow_demand(scenario: Scenario, tasks: pd.DataFrame, points: bool, notes: list, pool: bool = False) -> None:
    """Scale the estimates of the work not yet started by the scenario's ``demand_growth``, and say it, with the
    PM pool's requests it scales too (``pool``: there is a request log, so a queue; :func:`_applied`)."""
    if scenario.demand_growth == 1.0:
        return
    grow = tasks[S.STATUS].isin(S.DEMAND_GROWTH_STATUSES).to_numpy()
    tasks.loc[grow, S.ESTIMATE] = tasks.loc[grow, S.ESTIMATE] * scenario.demand_growth
    # the scenario's added projects too, as their requests at the PM pool (``arrival_scale``): said with their
    # hours after it, as their note gave them before it (688 h for NEW-1's 825 h)
    added = [n.project_id for n in scenario.add_projects]
    hours = tasks.loc[tasks[S.PROJECT_ID].isin(added), S.ESTIMATE].groupby(tasks[S.PROJECT_ID]).sum()
    also = "; the projects added too: " + ", ".join(
        f"{p} {estimate_said(h, points)}" for p, h in hours.items()) if len(hours) else ""
    # the arrival rate at the PM pool is scaled too (_applied's arrival_scale): "What it did" said the work alone
    requests = f" and requests at the PM pool x{scenario.demand_growth:g}" if pool else ""
    notes.append(f"unstarted work x{scenario.demand_growth:g} ({counted(int(grow.sum()), 'task')}{also}){requests}")


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
        """:func:`~pmo_forecast.scenarios.work_levelling.release_after` on these tables: ``person``'s work past ``last`` back to the team."""
        release_after(self.tasks, self.people, person, last, self.as_of, self.notes, self.cal, self.projects,
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
    drop = unfinished(tasks) & tasks[S.PROJECT_ID].isin(removed).to_numpy()
    idle = [p for p in removed if p not in set(tasks.loc[drop, S.PROJECT_ID])]
    tasks.loc[drop, S.STATUS] = S.CANCELLED
    if removed:
        t.notes.append(f"cancelled {', '.join(removed)}: {drop.sum()} unfinished tasks dropped"
                       + (f" ({', '.join(idle)} had no unfinished tasks)" if idle else ""))
    for p in ended:
        t.notes.append(f"remove_projects: {p} is already {status[p]} in the projects table: nothing to remove, "
                       "the scenario is unchanged by it")


def _add_projects(scenario: Scenario, t: _Applying) -> None:
    """Add each new project as a copy of a similar one's initial scope (:func:`~pmo_forecast.scenarios.added_projects.added_project`), said with its
    tasks and estimates: the forecast grows its scope as any project's."""
    for new in scenario.add_projects:
        t.check_new_project(new)
        t.tasks, t.projects = added_project(t.tasks, t.projects, t.people, new, t.as_of)
        t.known_projects.add(new.project_id)
        copied = t.tasks.loc[t.tasks[S.PROJECT_ID] == new.project_id, S.ESTIMATE]
        t.notes.append(f"added {new.project_id} like {new.like} x{new.scale:g} from {max(new.start, t.as_of).date()}: "
                       f"{counted(len(copied), 'task')}, "
                       f"{estimate_said(copied.sum(), t.points)}, "
                       "its initial scope (scope growth is forecast as for any project)")


def _apply_leaves(scenario: Scenario, t: _Applying) -> None:
    """Each leaver's work past their date back to the team, their projects to other PMs: nobody does it after."""
    for lv in scenario.leaves:
        t.check_person(lv.person, "leaves")
        t.check_gone(lv.person, "leaves", "leave", lv.date)
        t.leaving[lv.person] = (lv.date, "leaves in this scenario")
        t.people.loc[t.people[S.PERSON] == lv.person, S.END] = lv.date
        t.release_after(lv.person, lv.date)
        hand_over_projects(t.projects, t.people, lv.person, lv.date, t.as_of, t.notes)


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
            hand_over_projects(t.projects, people, mv.person, mv.date - pd.Timedelta(days=1), as_of, t.notes)
        # a mover who also leaves takes no more than fits before their last day (they took 172 h with 67 h left)
        end = t.leaving.get(mv.person, (None,))[0]
        level_in(tasks, people, mv.person, role, mv.projects, max(mv.date, as_of), as_of, t.notes, t.cal, end=end,
                  table=t.projects)
        if end is not None:  # what they took that, each task at its P95, runs past it goes back
            t.release_after(mv.person, end)
    return moved, away


def _apply_hires(scenario: Scenario, t: _Applying) -> None:
    """Add each hire to the people table; one outside the PM role takes unstarted work from the most loaded
    colleagues of it (:func:`~pmo_forecast.scenarios.work_levelling.level_in`), a PM joins the pool: what a hire relieves, said."""
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
        t.people = pd.concat([t.people, cast_like(pd.DataFrame([row]), t.people)], ignore_index=True)
        t.people.attrs = attrs
        t.known_people.add(h.person)
        if h.end is not None:
            t.leaving[h.person] = (h.end, "the end of their hire")
        if h.role != S.PM_ROLE:
            level_in(t.tasks, t.people, h.person, h.role, h.projects, h.start, as_of, t.notes, t.cal, newcomer=True,
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
    open_after = len(open_projects(projects, tasks))
    if open_before and not open_after:
        raise ValueError(f"the scenario removes or puts on hold every one of the {open_before:,} open projects: "
                         "nothing is left to forecast; keep at least one")
    scale = scenario.demand_growth * (open_after / open_before if open_before else 1.0)
    live = set(open_projects(projects, tasks)[S.PROJECT_ID])
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
    loaded colleagues of their role, see :func:`~pmo_forecast.scenarios.work_levelling.level_in`), availability
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
    open_before = len(open_projects(t.projects, t.tasks))
    _remove_projects(scenario, t)
    _add_projects(scenario, t)
    # the tasks' assignees and the people's roles before anyone leaves or moves: which roles end up empty
    assigned, roles = t.tasks[S.ASSIGNEE].copy(), dict(zip(t.people[S.PERSON], t.people[S.ROLE], strict=True))
    _apply_leaves(scenario, t)
    moved, away = _apply_moves(scenario, t)
    _apply_hires(scenario, t)
    apply_availability(scenario, t.people, t.as_of, t.notes, t)
    _roles_emptied(scenario, t.tasks, t.people, assigned, roles, t.points, t.notes)
    on_hold = apply_wip_limit(scenario, t.tasks, t.projects, t.people, t.as_of, t.notes)
    _grow_demand(scenario, t.tasks, t.points, t.notes, pool=t.requests is not None)
    return _applied(scenario, t, open_before, on_hold, moved, away)
