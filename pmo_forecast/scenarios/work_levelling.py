"""A person's work handed back and levelled: what runs past their last day goes back to the team, and a newcomer
takes unstarted tasks from the most loaded colleagues of their role.

:func:`release_after` unassigns a person's unfinished work that, in the order the forecast has them do it, runs past
their last day (a leaver, a mover, a fixed-term hire); :func:`level_in` moves unstarted tasks onto a hire or a
mover. Both count in the working days of the finish plan's calendar and say what they did in the scenario's notes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.calendar import WorkingCalendar
from ..core.capacity import DEFAULT_HOURS_PER_WEEK, weekly_capacity
from ..core.labels import counted, estimate_unit
from ..core.results import round_half_away
from ..core.shown import shown_number
from ..forecasting.plan import queue_order


def estimate_said(total: float, points: bool) -> str:
    """Estimates' ``total`` in a note, whole, as the pack's cells show hours (halves away from zero: 32.5 h is
    "33 h"), and its unit, singular for a total shown as 1 ("1 point")."""
    return f"{shown_number(total, 'hours')} {estimate_unit(points, round_half_away(total))}"


def unfinished(tasks: pd.DataFrame) -> np.ndarray:
    """Which of ``tasks`` are unfinished (open or in progress), as a boolean array."""
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


def release_after(tasks, people, person, last, as_of, notes, cal, projects=None, hours_to_do=None, pace=None,
                   start=None) -> None:
    """Unassign ``person``'s unfinished work that, in their queue order, runs past ``last``, their last
    day on it (each task's ``hours_to_do``, else its estimate, at their ``pace`` of stated capacity,
    else 1, on the working days of ``cal``), their queue starting at ``start`` (a hire's first day)
    when it is after ``as_of``."""
    mine = np.flatnonzero(unfinished(tasks) & (tasks[S.ASSIGNEE] == person).fillna(False).to_numpy())
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
        notes.append(f"{person}: {counted(len(release), 'task')} ({estimate_said(total, S.estimates_in_points(tasks))}) "
                     f"back to the team after {last.date()}")


def level_in(tasks, people, person, role, projects, start, as_of, notes, cal, newcomer=False, end=None,
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
    unf = unfinished(tasks)
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
                     f"{estimate_said(total, S.estimates_in_points(tasks))}) "
                     f"from {role} colleagues" + ("; a new person has no track record, so the work they take is "
                                                  "forecast at the average person's record, not its former "
                                                  "assignees'" if newcomer else ""))
    elif role != S.PM_ROLE:  # a hire in 2040 changed nothing without a word (PMs take no tasks)
        notes.append(f"{person}: takes no unstarted tasks; no {role} colleague's queue runs past "
                     f"{'their start on ' + str(start.date()) if start > as_of else 'their own work'}")
