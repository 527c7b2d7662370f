"""Projects handed over between PMs: a leaving or moving PM's projects, and those beyond a WIP limit.

:func:`hand_over_projects` gives a PM's projects due after their last day to the PMs with the fewest who stay until
they are due; :func:`apply_wip_limit` does the same for each PM's projects beyond the scenario's limit, else puts
them on hold. :func:`open_projects` is the projects they count.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from ..core import schema as S
from ..core.labels import agree, counted, every, id_list
from .work_levelling import unfinished

if TYPE_CHECKING:
    from .spec import Scenario


def open_projects(projects: pd.DataFrame, tasks: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``projects`` not closed, cancelled or on hold, with unfinished work in ``tasks``."""
    with_work = tasks.loc[unfinished(tasks), S.PROJECT_ID].unique()
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


def hand_over_projects(projects, people, person, last_day, as_of, notes: list) -> None:
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


def apply_wip_limit(scenario: Scenario, tasks: pd.DataFrame, projects: pd.DataFrame, people: pd.DataFrame,
                     as_of: pd.Timestamp, notes: list) -> list[str]:
    """Apply the scenario's WIP limit per PM to ``projects``; returns the projects put on hold.

    A PM's projects beyond the limit, latest start first and then by id, go to a PM with room who stays
    until they are due, else to a PM hired later with room, from her start by the due date (the old PM
    keeps it until then), else on hold and out of the forecast."""
    on_hold: list[str] = []
    if scenario.wip_limit is None:
        return on_hold
    # earliest start kept, ties by id (not the table's row order)
    live = open_projects(projects, tasks).sort_values([S.START, S.PROJECT_ID], kind="stable")
    unmanaged = live[S.PROJECT_ID][live[S.MANAGER].isna().to_numpy()].astype(str).tolist()
    said = len(notes)
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
    if len(notes) == said:  # every PM within it: the scenario's "What it did" had left the limit out unsaid
        n = scenario.wip_limit
        notes.append(f"WIP limit {n}: no PM runs more than {counted(n, 'open project')}, so none is handed over")
    return on_hold
