"""A scenario's changes checked against the tables they change: the names, dates, roles and projects refused.

:class:`ScenarioChecks` holds the tables as :func:`~pmo_forecast.scenarios.staffing.apply_scenario` changes them
and what is known so far (the people and projects, each person's leaving date); its ``check_*`` methods refuse,
with a ``ValueError`` that names the scenario's entry and what to give instead, a person the people table lacks
(every one spelt alike named, :func:`did_you_mean`), a change dated on or after someone's leaving date, a role
nobody has, a project the projects table lacks or one without unstarted work to take over, a hire already
in the table, and a project added under a taken id, like a project the table lacks or due by its start.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import pandas as pd

from ..core import schema as S
from ..core.checks import compared_keys
from ..core.labels import id_list
from ..inputs.parsing import closest_names

if TYPE_CHECKING:
    from .spec import Hire, NewProject


def did_you_mean(name: str, names) -> str:
    """"; did you mean 'Ann Costa' or 'ann costa'?": every one of ``names`` (the people table's, in its order) spelt
    like ``name`` (:func:`spelt_alike`), or "" for none: the first alone hid the others."""
    same = spelt_alike(name, names)
    return f"; did you mean {same}?" if same else ""


def spelt_alike(name: str, names) -> str:
    """"'Ann Costa' or 'ann costa'": every one of ``names`` spelt like ``name``, in their order; "" for none. Compared
    as the people table's one person on two rows is (:func:`~pmo_forecast.core.checks.compared_keys`): a name of no
    letter or digit (``?``, ``-``) is spelt like no other, as that check reads ``?`` and ``-`` as two people."""
    names = pd.Series(list(dict.fromkeys(names)), dtype=object)
    key = compared_keys(pd.Series([name], dtype=object), S.PERSON).iat[0]
    return id_list([repr(p) for p in names[(compared_keys(names, S.PERSON) == key).to_numpy(dtype=bool)]], sep=" or ")


@dataclasses.dataclass(eq=False)
class ScenarioChecks:
    """The tables as a scenario changes them, and what its changes are checked against.

    ``hired`` holds the scenario's hires' names; ``known_people`` and ``known_projects`` grow with the hires and
    the projects added, ``leaving`` (each person's last day and where it comes from) with the leaves and the
    hires' ends.
    """

    tasks: pd.DataFrame
    projects: pd.DataFrame
    people: pd.DataFrame
    as_of: pd.Timestamp
    hired: set
    known_people: set
    known_projects: set
    leaving: dict

    def check_projects(self, ids, what) -> None:
        """Refuse a project id the projects table lacks, naming the closest ids."""
        bad = [p for p in ids if p not in self.known_projects]
        if bad:
            near = ", ".join(closest_names(bad[0], sorted(self.known_projects))) or "none"
            raise ValueError(f"{what}: project {bad[0]!r} is not in the projects table (closest: {near})")

    def check_person(self, name, what) -> None:
        """Refuse a name the people table lacks, or of someone gone by the forecast date: nothing of theirs can
        change."""
        if name not in self.known_people:
            if name in self.hired:  # leaves and moves are applied before hires: the hire says it all
                how = "an 'end' on the hire" if what == "leaves" else "the hire with the role and projects"
                raise ValueError(f"{what}: {name!r} is hired in this scenario (hires), not in the people table; "
                                 f"give {how} instead")
            # spelt otherwise, as validation matches names ('ivan farah'): the table's spelling, as hires say it
            raise ValueError(f"{what}: person {name!r} is not in the people table"
                             f"{did_you_mean(name, self.people[S.PERSON])}")
        left = self.people.loc[self.people[S.PERSON] == name, S.END].dropna()
        if len(left) and left.min() <= self.as_of:  # their work is already back with the team
            raise ValueError(f"{what}: {name!r} left on {left.min().date()} (end in the people table), "
                             f"before the forecast date {self.as_of.date()}")

    def check_gone(self, name, what, item, date) -> None:
        """Refuse a change of ``name`` dated on or after their leaving date: a move after a leave took work that
        nobody would do."""
        if name in self.leaving and date >= self.leaving[name][0]:
            end, source = self.leaving[name]
            raise ValueError(f"{what}: the {item} of {name!r} on {date.date()} is on or after their leaving date "
                             f"{end.date()} ({source}); date it before {end.date()} or drop one of the two")

    def check_open_work(self, ids, what, name, role=None) -> None:
        """Refuse joining a project with no unstarted tasks (of colleagues in ``role``) to take over."""
        # joining a project takes its unstarted tasks from colleagues of the role: with none, nothing changed (a
        # QA hire onto a project without QA work changed no figure, said nothing, and was still costed)
        tasks, people = self.tasks, self.people
        unstarted = (tasks[S.STATUS] == S.OPEN).to_numpy()
        idle = [p for p in ids if p not in set(tasks.loc[unstarted, S.PROJECT_ID])]
        if idle:
            status = self.projects.loc[self.projects[S.PROJECT_ID] == idle[0], S.STATUS].iloc[0]
            raise ValueError(f"{what}: {name!r} joins project {idle[0]!r} (status {status}), which has no unstarted "
                             f"tasks to take over; name projects with open work, or none for every project")
        if role is None:
            return
        peers = set(people.loc[(people[S.ROLE] == role) & (people[S.PERSON] != name), S.PERSON])
        theirs = set(tasks.loc[unstarted & tasks[S.ASSIGNEE].isin(peers).fillna(False).to_numpy(), S.PROJECT_ID])
        idle = [p for p in ids if p not in theirs]
        if idle:
            raise ValueError(f"{what}: {name!r} joins project {idle[0]!r} as {role!r}, but none of its unstarted "
                             f"tasks is with a {role!r} colleague to take over; name projects with {role!r} work, "
                             "or none for every project")

    def check_role(self, role, what, said) -> None:
        """Refuse a role nobody has: joining a role takes work from its colleagues, with none nothing changed."""
        roles = set(self.people[S.ROLE].dropna().astype(str)) | {S.PM_ROLE}
        if role not in roles:
            raise ValueError(f"{what}: {said} {role!r}, which nobody in the people table has "
                             f"(roles: {', '.join(sorted(roles))}); a {what[:-1]} takes the unstarted work of "
                             "colleagues in that role")

    def check_hire(self, h: Hire) -> None:
        """Refuse a hire named or spelt as someone in the people table, or ending by the forecast date."""
        if h.person in self.known_people:
            raise ValueError(f"hires: person {h.person!r} is already in the people table; use a new name")
        # matched as validation matches assignees and managers: 'ivan farah' was a second Ivan Farah
        # every one so spelt, in the table's order (the first of a set named one of two, which one by chance)
        if same := spelt_alike(h.person, self.people[S.PERSON]):
            raise ValueError(f"hires: person {h.person!r} is spelt like {same}, already in the people table; "
                             "use a name of its own")
        if h.end is not None and h.end <= self.as_of:
            raise ValueError(f"hires: {h.person!r} ends on {h.end.date()}, before the forecast date "
                             f"{self.as_of.date()}")

    def check_role_held(self, role, what) -> None:
        """Refuse a change of a role nobody in the people table has: it would change nobody."""
        if not (self.people[S.ROLE] == role).any():
            raise ValueError(f"{what}: nobody has role {role!r} in the people table")

    def check_new_project(self, new: NewProject) -> None:
        """Refuse a project added under an id the projects table has, like a project it lacks, managed by someone
        the people table lacks, or due by its start (the forecast date when its start has passed)."""
        projects, people = self.projects, self.people
        if new.project_id in set(projects[S.PROJECT_ID]):
            raise ValueError(f"add_projects: project_id {new.project_id!r} already exists; pick a new id")
        if not (projects[S.PROJECT_ID] == new.like).any():
            raise ValueError(f"add_projects: like={new.like!r} is not a project in the projects table")
        if new.manager is not None and new.manager not in set(people[S.PERSON]):  # it was kept, managed by nobody
            raise ValueError(f"add_projects: {new.project_id!r} has manager {new.manager!r}, who is not in the people "
                             f"table{did_you_mean(new.manager, people[S.PERSON])}")
        # the file's check saw the start as written, not the forecast date
        if new.due is not None and new.due <= max(new.start, self.as_of):
            raise ValueError(f"add_projects: {new.project_id!r} is due {new.due.date()}, not after its start: the "
                             f"forecast date {self.as_of.date()}, as its start {new.start.date()} has passed")
