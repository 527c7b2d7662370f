"""A project a scenario adds: a copy of a similar project's initial scope, unstarted, from its start.

:func:`added_project` copies the template project's tasks (not those it gained later: the forecast grows the new
project's scope as any project's) and its row, scaled, under the new id.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..core import schema as S
from ..forecasting.growth import added_later

if TYPE_CHECKING:
    from .spec import NewProject


def cast_like(df: pd.DataFrame, like: pd.DataFrame) -> pd.DataFrame:
    """``df`` with each column it shares with ``like`` cast to ``like``'s dtype, to be concatenated to it."""
    for c in df.columns.intersection(like.columns):
        if df[c].dtype != like[c].dtype:
            df[c] = df[c].astype(like[c].dtype)
    return df


def added_project(tasks, projects, people, new: NewProject, as_of) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``new`` added to copies of ``tasks`` and ``projects``, as :meth:`~pmo_forecast.scenarios.scenario_checks.ScenarioChecks.check_new_project` allows."""
    tmpl = projects.loc[projects[S.PROJECT_ID] == new.like].iloc[0]
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
    projects = pd.concat([projects, cast_like(pd.DataFrame([row]), projects)], ignore_index=True)
    tasks = pd.concat([tasks, cast_like(work, tasks)], ignore_index=True)
    projects.attrs, tasks.attrs = attrs_p, attrs_t
    return tasks, projects
