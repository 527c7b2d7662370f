"""Estimation bias by team, and the people reliably over or under their estimates.

A fitted :class:`~pmo_forecast.estimation.accuracy.EstimationAccuracyModel` learns each person's pooled bias
on actual hours (``summary("assignee")``: ``bias`` on the log scale, its posterior sd ``bias_sd``).
:func:`bias_by_team` sets the people of each team (their role in the people table) side by side;
:func:`reliable_biases` keeps the people whose 95% interval of the bias excludes none (a factor of 1),
the same interval the model's forest plot draws.
"""

from __future__ import annotations

import pandas as pd

from ..core import schema as S
from ..core.exceptions import DataQualityWarning, warn
from ..core.keys import spellings_read
from ..core.labels import id_list

#: Standard normal quantile of a two-sided 95% interval: a bias is reliable when it is further than this many
#: posterior sds from 0.
Z_95 = 1.96
#: The columns of :func:`bias_by_team`: the median over a team's people of each.
TEAM_BIAS_COLUMNS = ["n_tasks", "median_ratio", "share_over", "bias_factor"]
#: The columns of :func:`reliable_biases`.
RELIABLE_BIAS_COLUMNS = [S.ROLE, "n_tasks", "median_ratio", "bias_factor", "bias_sd"]


def people_biases(model, people: pd.DataFrame) -> pd.DataFrame:
    """The model's accuracy by assignee (``summary("assignee")``) with each person's role from ``people``.

    Parameters
    ----------
    model : EstimationAccuracyModel
        A fitted model.
    people : DataFrame
        The people table (``person``, ``role``); a person not in it has no role (NA). An assignee the model
        learnt as the task table spells it otherwise (``ann lee``) is the one person it names
        (:func:`~pmo_forecast.core.keys.assignees_as_people`, warned).

    Returns
    -------
    DataFrame
        ``model.summary("assignee")`` indexed by the people table's names, with a ``role`` column. A person
        the model learnt under two spellings (fitted on the task table as written) has two rows, warned: fit
        it on the table :func:`~pmo_forecast.core.keys.assignees_as_people` reads to learn one.
    """
    t = model.summary(S.ASSIGNEE)
    learnt = pd.DataFrame({S.ASSIGNEE: t.index.astype(object)})
    read, _ = spellings_read(learnt, people)  # 'ann lee''s bias is Ann Lee's, in her team
    t.index = pd.Index(read[S.ASSIGNEE].to_numpy(), name=t.index.name)
    twice = t.index[t.index.duplicated()].unique()
    if len(twice):
        apart = id_list((" and ".join(repr(n) for n in learnt[S.ASSIGNEE][(read[S.ASSIGNEE] == p).to_numpy()])
                         for p in twice), 5, sep="; ")
        warn(f"the model learnt {apart} apart (fitted on the task table as written), so each counts twice in their "
             "team: fit it on the tasks pmo_forecast.core.keys.assignees_as_people reads to learn one bias each.",
             DataQualityWarning)
    return t.join(people.set_index(S.PERSON)[S.ROLE])


def bias_by_team(model, people: pd.DataFrame) -> pd.DataFrame:
    """Each team's people side by side: the median over them of their tasks, ratio, share over and bias.

    Parameters
    ----------
    model : EstimationAccuracyModel
        A fitted model.
    people : DataFrame
        The people table (``person``, ``role``); people without a role, and tasks without an assignee, are
        in no team.

    Returns
    -------
    DataFrame
        One row a role, sorted by name (index ``role``), columns :data:`TEAM_BIAS_COLUMNS`, each the median over
        the team's people (a person counts once, whatever their number of tasks).
    """
    return people_biases(model, people).groupby(S.ROLE)[TEAM_BIAS_COLUMNS].median()


def reliable_biases(model, people: pd.DataFrame) -> pd.DataFrame:
    """The people reliably over or under their estimates: their pooled bias is more than :data:`Z_95`
    posterior sds from 0, so its 95% interval excludes a factor of 1.

    Parameters
    ----------
    model : EstimationAccuracyModel
        A fitted model.
    people : DataFrame
        The people table (``person``, ``role``), for each person's role.

    Returns
    -------
    DataFrame
        One row a person, most under their estimates (lowest bias) first, columns :data:`RELIABLE_BIAS_COLUMNS`.
        People with few tasks are pulled towards no bias with wide intervals, so they are seldom here; a bias with
        no sd (nothing learnt) never is.
    """
    t = people_biases(model, people)
    return t[t["bias"].abs() > Z_95 * t["bias_sd"]].sort_values("bias")[RELIABLE_BIAS_COLUMNS]
