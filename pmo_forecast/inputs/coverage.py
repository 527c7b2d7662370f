"""How much of an export the models can use: coverage of estimates and actuals by team and by quarter.

The estimation models learn from finished tasks with both an estimate and an actual above zero (*usable*
tasks); a team or a quarter with few of them says little. :func:`tasks_by_status` counts the table's tasks by
status, :func:`open_tasks` picks the work still to do and :func:`open_work_summary` sums it; :func:`coverage_by_team` and
:func:`coverage_by_quarter` count them, :func:`plot_coverage_by_quarter` draws the second, and
:func:`request_log_summary` counts the PM-pool request log by kind. Each returns a tidy table, one row a
team, quarter or kind, for notebook 01 to show.
"""

from __future__ import annotations

import pandas as pd

from ..core import schema as S
from ..core.keys import assignees_as_people, role_name, status_key

#: A task whose assignee is not in the people table (or has no role there) counts under this team.
NO_TEAM = "unassigned"
#: The columns of :func:`open_work_summary`.
OPEN_WORK_COLUMNS = ["projects", "tasks", "estimate_hours"]
#: The columns of :func:`coverage_by_team`.
TEAM_COVERAGE_COLUMNS = ["tasks", "share_with_estimate", "finished", "finished_usable", "share_of_finished_usable"]
#: The columns of :func:`coverage_by_quarter`.
QUARTER_COVERAGE_COLUMNS = ["created", "share_usable", "unfinished"]
#: The columns of :func:`request_log_summary`.
REQUEST_SUMMARY_COLUMNS = ["requests", "done", "median_touch_hours"]


def usable_tasks(tasks: pd.DataFrame) -> pd.Series:
    """Whether each task is finished with an estimate and an actual above zero: what the models learn from.

    Parameters
    ----------
    tasks : DataFrame
        The task table (``status``, ``estimate_hours``, ``actual_hours``).

    Returns
    -------
    Series of bool
        One value a task, on the table's index; a missing estimate or actual is not usable.
    """
    return (tasks[S.STATUS] == S.DONE) & tasks[S.ESTIMATE].gt(0) & tasks[S.ACTUAL].gt(0)


def tasks_by_status(tasks: pd.DataFrame) -> pd.DataFrame:
    """How many tasks the table has in each status.

    Parameters
    ----------
    tasks : DataFrame
        The task table (``status``).

    Returns
    -------
    DataFrame
        One row a status (index ``status``), the package's statuses first in their order (open, in progress,
        done, cancelled; 0 for one without tasks), then any other status the table holds by name; one column,
        ``tasks``. A task without a status is in no row.

    Examples
    --------
    >>> import pandas as pd
    >>> tasks_by_status(pd.DataFrame({"status": ["done", "open", "done"]}))["tasks"].tolist()
    [1, 0, 2, 0]
    """
    counts = tasks[S.STATUS].value_counts()
    order = list(S.STATUSES) + sorted(set(counts.index) - set(S.STATUSES))
    table = counts.reindex(order, fill_value=0).rename("tasks").to_frame()
    table.index.name = S.STATUS
    return table


def open_tasks(tasks: pd.DataFrame, *, estimated: bool = False) -> pd.DataFrame:
    """The tasks still to do: open or in progress, in the table's order.

    Parameters
    ----------
    tasks : DataFrame
        The task table (``status``; ``estimate_hours`` when ``estimated``).
    estimated : bool, default False
        Only those with an estimate above zero (what the accuracy model predicts from).

    Returns
    -------
    DataFrame
        The rows of ``tasks`` whose status is in
        :data:`~pmo_forecast.core.schema.UNFINISHED_STATUSES`, with all their columns and index.
    """
    keep = tasks[S.STATUS].isin(S.UNFINISHED_STATUSES)
    if estimated:
        keep &= tasks[S.ESTIMATE].gt(0)
    return tasks[keep]


def open_work_summary(tasks: pd.DataFrame) -> pd.DataFrame:
    """The work still to do in one row: the projects it is in, its tasks and their estimated hours.

    Parameters
    ----------
    tasks : DataFrame
        The task table (``project_id``, ``status``, ``estimate_hours``).

    Returns
    -------
    DataFrame
        One row (index ``open work``), columns :data:`OPEN_WORK_COLUMNS`: ``projects`` with an open or
        in-progress task (:func:`open_tasks`), those ``tasks``, and ``estimate_hours``, the sum of their
        estimates (a missing estimate adds nothing).
    """
    work = open_tasks(tasks)
    return pd.DataFrame({"projects": [work[S.PROJECT_ID].nunique()], "tasks": [len(work)],
                         "estimate_hours": [float(work[S.ESTIMATE].sum())]},
                        index=pd.Index(["open work"]))[OPEN_WORK_COLUMNS]


def coverage_by_team(tasks: pd.DataFrame, people: pd.DataFrame) -> pd.DataFrame:
    """Tasks, estimates and usable finished tasks per team (the assignee's role in the people table).

    Parameters
    ----------
    tasks : DataFrame
        The task table (``assignee``, ``status``, ``estimate_hours``, ``actual_hours``).
    people : DataFrame
        The people table (``person``, ``role``); an assignee not in it, or without a role, is
        :data:`NO_TEAM`. An assignee spelt otherwise than the table spells the person (case, accents, word
        order, an e-mail address: :func:`~pmo_forecast.core.keys.person_key`, as validation reads them) is
        that person, unless two people are spelt so (:func:`~pmo_forecast.core.keys.assignees_as_people`, as the
        forecasts read them); roles spelt alike (``Dev``, `` dev``: case, spaces,
        hyphens) are one team, named as the table first writes it.

    Returns
    -------
    DataFrame
        One row a team, sorted by name (index ``team``), columns :data:`TEAM_COVERAGE_COLUMNS`: ``tasks``,
        ``share_with_estimate`` (share of the team's tasks with an estimate above zero), ``finished``
        (tasks done), ``finished_usable`` (done with an estimate and an actual, :func:`usable_tasks`) and
        ``share_of_finished_usable`` (``finished_usable / finished``; NaN for a team with none finished).
    """
    team = _teams(tasks, people).fillna(NO_TEAM).rename("team")
    done = tasks[S.STATUS] == S.DONE
    table = pd.DataFrame({
        "tasks": team.value_counts(),
        "share_with_estimate": tasks[S.ESTIMATE].gt(0).groupby(team).mean().astype(float),
        "finished": done.groupby(team).sum(),
        "finished_usable": usable_tasks(tasks).groupby(team).sum(),
    }).sort_index()
    table["share_of_finished_usable"] = (table["finished_usable"] / table["finished"]).astype(float)
    table.index.name = "team"
    return table[TEAM_COVERAGE_COLUMNS]


def _teams(tasks: pd.DataFrame, people: pd.DataFrame) -> pd.Series:
    """Each task's team, as :func:`coverage_by_team` reads it; NaN for no team."""
    role = people[S.ROLE].map(role_name)  # trimmed, one space, PM spellings as pm; blank the no-role word
    role = role.where(role != S.NO_ROLE)
    key = role.map(status_key, na_action="ignore")
    team = key.map(role.groupby(key).first())  # one name a team: the first spelling the table writes
    exact = pd.Series(team.to_numpy(), index=people[S.PERSON].to_numpy())
    exact = exact[~exact.index.duplicated()]
    # an assignee spelt otherwise is the person, as the forecasts read it; spelt as two people, no one's
    return assignees_as_people(tasks, people)[S.ASSIGNEE].map(exact)


def coverage_by_quarter(tasks: pd.DataFrame) -> pd.DataFrame:
    """Tasks created per quarter, the share of them usable by the models, and those still open.

    Parameters
    ----------
    tasks : DataFrame
        The task table (``created``, ``status``, ``estimate_hours``, ``actual_hours``); a task without a
        created date is in no quarter.

    Returns
    -------
    DataFrame
        One row a quarter the tasks were created in, oldest first (index ``quarter``, a quarterly Period),
        columns :data:`QUARTER_COVERAGE_COLUMNS`: ``created`` (tasks), ``share_usable`` (share finished
        with an estimate and an actual, :func:`usable_tasks`) and ``unfinished`` (open or in progress).
    """
    quarter = tasks[S.CREATED].dt.to_period("Q").rename("quarter")
    table = pd.DataFrame({
        "created": quarter.value_counts(),
        "share_usable": usable_tasks(tasks).groupby(quarter).mean().astype(float),
        "unfinished": tasks[S.STATUS].isin(S.UNFINISHED_STATUSES).groupby(quarter).sum(),
    }).sort_index()
    table.index.name = "quarter"
    return table[QUARTER_COVERAGE_COLUMNS]


def plot_coverage_by_quarter(tasks: pd.DataFrame, ax=None):
    """Tasks created per quarter (bars) and the share of them usable by the models (line, right axis).

    Parameters
    ----------
    tasks : DataFrame
        The task table, as :func:`coverage_by_quarter` reads it.
    ax : matplotlib Axes, optional
        Where to draw the bars; a new figure when None.

    Returns
    -------
    matplotlib Axes
        The Axes of the bars (the share's axis is its twin).
    """
    import matplotlib.pyplot as plt

    table = coverage_by_quarter(tasks)
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 3.5))
    quarters = table.index.astype(str)
    ax.bar(quarters, table["created"], color="0.75", label="tasks created")
    share = ax.twinx()
    share.plot(quarters, table["share_usable"], color="k", marker="o", label="share usable")
    share.set_ylim(0, 1)
    ax.set_ylabel("tasks created")
    share.set_ylabel("share finished with estimate and actual")
    ax.set_title("Coverage of estimates and actuals by quarter")
    ax.tick_params(axis="x", rotation=45)
    ax.figure.tight_layout()
    return ax


def request_log_summary(requests: pd.DataFrame) -> pd.DataFrame:
    """The PM-pool request log by kind: requests, those done, and the median hands-on hours.

    Parameters
    ----------
    requests : DataFrame
        The request log (``kind``, ``done``, ``touch_hours``).

    Returns
    -------
    DataFrame
        One row a kind of request, sorted by name (index ``kind``), columns :data:`REQUEST_SUMMARY_COLUMNS`:
        ``requests``, ``done`` (with a done date) and ``median_touch_hours`` (missing hours left out).
    """
    kind = requests[S.KIND]
    table = pd.DataFrame({
        "requests": kind.value_counts(),
        "done": requests[S.DONE_AT].notna().groupby(kind).sum(),
        "median_touch_hours": requests[S.TOUCH_HOURS].groupby(kind).median(),
    }).sort_index()
    table.index.name = S.KIND
    return table[REQUEST_SUMMARY_COLUMNS]
