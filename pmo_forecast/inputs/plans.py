"""What plans and trackers write beside the tasks: a plan's progress and work columns, its summary rows,
milestones and outline levels, parent items and epics, and lists of resources.

Each reader takes the raw table (before :func:`pmo_forecast.inputs.coerce.coerce`), says what it did in
``detected`` and leaves out or changes rows only as said there.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.exceptions import DataQualityWarning, SchemaError, warn
from ..core.labels import agree, counted, estimate_unit
from ..core.schema import status_key
from ..core.source_lines import MAX_ROWS_IN_MESSAGE, rows_text, source_rows
from .cells import NO_ASSIGNEE, NO_WORDS, PLACEHOLDERS, YES_WORDS, distinct_values, per_row, to_text
from .delimited import blank_cells
from .formats import first_load, loaded_before, read_as_jira
from .parsing import header_key, header_name

#: A plan's progress column (MS Project's "% Complete"), or a hand-kept sheet's ("Progress", "Complete",
#: 0-100 or 0-1): 100% is done, more than 0 in progress.
PERCENT_COMPLETE = ("% complete", "percent complete", "% done", "percent done", "% work complete", "progress",
                    "progress %", "progress (%)", "% progress", "complete %", "% completed", "percent completed",
                    "complete")
#: Of those, the headers whose cells may instead say Yes/No (TRUE/FALSE): done, or not done.
COMPLETE_FLAGS = ("complete",)
#: How a yes/no progress column is read (the task table's detected ``status``).
COMPLETE_FLAG_READ_AS = "yes: done; no: in progress if started, else open"


def _progress_column(df: pd.DataFrame) -> str | None:
    """The table's progress column: the first of :data:`PERCENT_COMPLETE` it has, but for those its reader
    said are none (:func:`~.column_names.not_percent_complete`)."""
    from .column_names import NOT_PERCENT_COMPLETE
    from .headers import find_column

    cols = [c for c in df.columns if c not in df.attrs.get(NOT_PERCENT_COMPLETE, ())]
    return next((c for n in PERCENT_COMPLETE if (c := find_column(cols, n)) is not None), None)


def percent_complete(df: pd.DataFrame) -> tuple[pd.Series, str] | tuple[None, None]:
    """Each row's share complete (0 to 1; NaN where blank) and the column it came from.

    Plain numbers are percentages when one is above 1 (0-100), else shares (0-1): said in the
    share's ``attrs["read_as"]`` ("" when written with ``%``). A column with text but no number
    (a ``Progress`` of ``On track``) is no progress column: (None, None). A ``Complete`` column
    (:data:`COMPLETE_FLAGS`) of yes/no cells (``TRUE``/``FALSE``, ``Yes``/``No``) is 1 for yes and
    0 for no, with ``attrs["yes_no"]`` True (:func:`derive_status` reads a no from the dates).
    """
    col = _progress_column(df)
    if col is None:
        return None, None
    txt = to_text(df[col])
    yes, no, other = _complete_flags(txt, col)
    if (yes | no).any() and not other.any():
        share = pd.Series(np.where(yes, 1.0, np.where(no, 0.0, np.nan)), index=df.index)
        share.attrs.update(read_as="", yes_no=True)
        return share, col
    # float64, NaN where blank: a nullable number's NA broke the comparisons below (a blank cell raised)
    share = pd.to_numeric(txt.str.replace("%", "", regex=False).str.strip(), errors="coerce").astype("float64")
    if txt.notna().any() and share.isna().all():
        return None, None
    signed = bool(txt.str.contains("%", regex=False).any())
    read_as = "" if signed else "its numbers read as percentages (100: done)" if share.max() > 1 else \
        "its numbers read as shares of 1 (1: done)" if share.notna().any() else ""
    if signed or share.max() > 1:
        share = share / 100
    share = share.where((share >= 0) & (share <= 1))
    share.attrs["read_as"] = read_as
    return share, col


def _complete_flags(txt: pd.Series, col: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Of a :data:`COMPLETE_FLAGS` column's cells (as text), those saying yes and no in words (``TRUE``,
    ``No``: not a 1 or 0 alone, which a 0-1 share holds) and those holding other text; none elsewhere."""
    none = np.zeros(len(txt), dtype=bool)
    if header_key(col) not in COMPLETE_FLAGS or not txt.notna().any():
        return none, none, none
    yes, no = _yes_no(txt)
    number = pd.to_numeric(txt.str.replace("%", "", regex=False).str.strip(), errors="coerce").notna().to_numpy()
    given = txt.notna().to_numpy()
    if not ((yes | no) & ~number).any():
        return none, none, none
    return yes, no, given & ~(yes | no)


def complete_flags_or_raise(df: pd.DataFrame, file: str) -> None:
    """A ``Complete`` column of yes/no cells with other text among them: which is meant cannot be told."""
    col = _progress_column(df)
    if col is None:
        return
    txt = to_text(df[col])
    _, _, other = _complete_flags(txt, col)
    if other.any():
        rows = source_rows(df)[other]
        shown = ", ".join(map(repr, dict.fromkeys(txt[other].tolist()[:MAX_ROWS_IN_MESSAGE])))
        raise SchemaError(f"{file}: column '{col}' says Yes/No (TRUE/FALSE), and also {shown} ({rows_text(rows)}): "
                          "write yes or no in each cell (or a percentage complete, 0-100, in every cell).",
                          file=file, column=col, rows=list(rows))


def derive_status(df: pd.DataFrame) -> pd.Series:
    """Status when the source has none: from a plan's % complete (100%: done, above 0: in progress,
    0: open), else from dates (finished -> done, started -> in progress, else open)."""
    status = pd.Series(S.OPEN, index=df.index, dtype=S.DTYPES["category"])
    if S.STARTED in df:
        status = status.mask(df[S.STARTED].notna(), S.IN_PROGRESS)
    if S.FINISHED in df:
        status = status.mask(df[S.FINISHED].notna(), S.DONE)
    share, _ = percent_complete(df)
    if share is not None and share.attrs.get("yes_no"):  # Complete: No says not done, the dates how far
        not_done = (share < 1).to_numpy() & (status == S.DONE).to_numpy()
        started = df[S.STARTED].notna().to_numpy() if S.STARTED in df else np.zeros(len(df), dtype=bool)
        status = status.mask((share >= 1).to_numpy(), S.DONE)
        return status.mask(not_done, pd.Series(np.where(started, S.IN_PROGRESS, S.OPEN), index=df.index))
    if share is not None:  # a planned Start is no start: the plan's progress says what it is
        by_share = np.where(share >= 1, S.DONE, np.where(share > 0, S.IN_PROGRESS, S.OPEN))
        status = status.mask(share.notna(), pd.Series(by_share, index=df.index, dtype=object))
    return status


def closed_rows(df: pd.DataFrame) -> np.ndarray:
    """Which rows are done or cancelled, a blank status read as :func:`derive_status` reads it (finished: done).

    A status map leaves a tracker's blank status blank, and the loader takes it from the row's dates only once
    parent items are left out and the actuals kept (:func:`~pmo_forecast.inputs.io.load_tasks`); the steps
    before that ask this, so a row its dates say is done is treated as the loader will read it."""
    status = df[S.STATUS]
    closed = status.isin((S.DONE, S.CANCELLED)).fillna(False).to_numpy(dtype=bool, copy=True)
    if (blank := status.isna().to_numpy(dtype=bool)).any():
        closed[blank] = (derive_status(df[blank]) == S.DONE).to_numpy(dtype=bool)
    return closed


#: A plan's ``Work`` (MS Project): the planned effort, which becomes the hours spent once a task is done.
PLAN_WORK = ("work",)
#: Share of finished tasks exactly on their ``Work`` from which it is read as their actual, not an estimate.
SPENT_WORK_SHARE = 0.9


def read_spent_work(df: pd.DataFrame, column: str, detected: dict) -> None:
    """A plan's ``Work`` is no estimate of a finished task: it is the hours it took, said.

    MS Project sets a finished task's Work to its Actual Work; an export without ``Baseline
    Work`` then had every finished task exactly on its estimate (the accuracy figures at
    1.00). When nearly all finished tasks (:data:`SPENT_WORK_SHARE`) sit exactly on it, those
    have no estimate; open tasks keep theirs, the plan as it stands (as the XML reader does).
    """
    if S.ACTUAL not in df or S.STATUS not in df:
        return
    est, act = (df[c].to_numpy(dtype=float, na_value=np.nan) for c in (S.ESTIMATE, S.ACTUAL))
    done = (df[S.STATUS] == S.DONE).to_numpy(dtype=bool) & np.isfinite(act) & (act > 0)
    same = done & np.isclose(est, act, rtol=S.EXACT_RTOL, atol=1e-9)  # "exactly on" as the accuracy model reads it
    if not done.any() or same.sum() < SPENT_WORK_SHARE * done.sum():
        return
    df.loc[same, S.ESTIMATE] = np.nan
    n = int(same.sum())
    detected["estimates"] = (f"{counted(n, 'finished task')} exactly on {agree(n, 'its', 'their')} '{column}' "
                             f"{agree(n, 'has', 'have')} no estimate: a "
                             "plan's Work is the hours spent once a task is finished, so they are not compared with "
                             "an estimate (export Baseline Work for estimates made before the work); open tasks "
                             "keep their Work, the plan as it stands")


def _leave_out(df: pd.DataFrame, rows: np.ndarray, lines: np.ndarray) -> pd.DataFrame:
    """``df`` without ``rows`` (a mask), each kept row with its source line."""
    out = df.loc[~rows]  # a boolean selection is a new frame already: a second copy cost a second of 1M rows
    out.attrs = {**df.attrs, "_source_line": lines[~rows]}
    return out


#: Columns that name a row's parent (another row of the export, by key or id): Jira, ClickUp, Azure DevOps,
#: Redmine (``Parent task``, the parent's issue number; Asana's, a name, links no row by key).
PARENT_COLUMNS = ("parent", "parent id", "parent key", "parent task id", "parent task", "epic link",
                  "custom field (epic link)")


#: A plan's task name column, for the top-level summary a task belongs to (``--project-field top_summary``).
NAME_COLUMNS = ("name", "task name", "title", "summary")


def rollup_header(name) -> bool:
    """Whether ``name`` is the header of one of Jira's roll-up columns (:data:`~pmo_forecast.core.schema.ROLLUP_MARK`)."""
    return str(name).strip().startswith(S.ROLLUP_MARK)


def rollup_own_column(name) -> str | None:
    """The column of each issue's own hours beside the roll-up column ``name`` (an issue's own hours plus its
    sub-tasks'): Jira's ``Σ Time Spent`` -> ``Time Spent``, Redmine's ``Total estimated time`` -> ``Estimated
    time`` (:data:`~pmo_forecast.core.schema.REDMINE_TOTALS`); None for any other column."""
    if rollup_header(name):
        return str(name).strip()[len(S.ROLLUP_MARK):].strip()
    return S.REDMINE_TOTALS.get(header_name(name))


def rollup_hours_or_raise(df: pd.DataFrame, file: str, detected: dict) -> None:
    """A roll-up column (Jira's ``Σ Time Spent``, Redmine's ``Total spent time``: :func:`rollup_own_column`)
    mapped as the estimate or the actual beside sub-tasks: refused.

    A parent's roll-up holds its sub-tasks' hours too, and the sub-tasks are rows of their own: every
    hour logged on a sub-task counted twice. Without sub-tasks in the export the roll-up is the issue's
    own figure, and is read.
    """
    from .headers import find_column
    from .project_links import PARENT_NAMES, linked_rows, sub_task_rows

    headers = detected.get("_headers", {})
    sums = {col: headers[col] for col in (S.ESTIMATE, S.ACTUAL)
            if col in df and rollup_own_column(headers.get(col, "")) is not None}
    if not sums:
        return
    subs = sub_task_rows(df)
    # Redmine's 'Parent task' (Asana's header, a name there) holds the parent's issue number: a row of the export
    if (parent := next((c for n in PARENT_NAMES if (c := find_column(df.columns, n)) is not None), None)) is not None:
        found = linked_rows(df, to_text(df[parent]))
        subs = subs | ((found >= 0) & (found != np.arange(len(df))))
    if not subs.any():
        return

    lines = source_rows(df)[subs]
    n = int(subs.sum())
    named = " and ".join(f"'{h}' (as {col})" for col, h in sums.items())
    own = [rollup_own_column(h) for h in sums.values()]
    jira = all(map(rollup_header, sums.values()))
    absent = [h for h in own if find_column(df.columns, h) is None]
    export = (f" ({' and '.join(map(repr, absent))} {agree(len(absent), 'is', 'are')} not in this export: "
              f"export it from {'Jira' if jira else 'the tracker'} too)" if absent else "")
    raise SchemaError(f"{file}: {named} {agree(len(sums), 'adds', 'add')} each issue's sub-tasks' hours to its own, "
                      f"and the export holds {counted(n, 'sub-task')} as {agree(n, 'a row of its', 'rows of their')} "
                      f"own ({rows_text(lines)}): those hours would count twice. Map the "
                      f"{agree(len(own), 'column', 'columns')} without {'Σ' if jira else 'Total'} instead "
                      f"({' and '.join(map(repr, own))}), which {agree(len(own), 'holds', 'hold')} each issue's own hours{export}.",
                      file=file, column=next(iter(sums.values())), rows=[int(x) for x in lines])


def top_summary_projects(df: pd.DataFrame, file: str, detected: dict) -> pd.DataFrame:
    """A ``top_summary`` column from an outline level: each row's project is the name of the last row
    at the plan's top level above it (MS Project's Excel or CSV export of a portfolio plan).

    The top level is the lowest one, except that a single row at level 0 is MS Project's project
    summary (its task 0, shown with "Show project summary task"): the projects are then the
    level-1 summaries under it, as in the plan's XML, and it is said in ``detected["top_summary"]``.
    """
    from .headers import find_column

    keys = {header_key(c): c for c in reversed(df.columns)}
    level_col = next((keys[k] for k in OUTLINE_LEVELS if k in keys), None)
    name_col = next((c for n in NAME_COLUMNS if (c := find_column(df.columns, n)) is not None), None)
    if level_col is None or name_col is None:
        raise SchemaError(f"{file}: --project-field top_summary needs an outline level column "
                          f"({', '.join(OUTLINE_LEVELS)}) and a task name column ({', '.join(NAME_COLUMNS)}); "
                          "the export has neither or only one. Add a column naming each task's project.", file=file)
    level = pd.to_numeric(df[level_col], errors="coerce")
    names = to_text(df[name_col]).str.strip()
    project_row = (level == 0) & ((level == 0).sum() == 1) & (level > 0).any()
    top = level == (level[level > 0].min() if project_row.any() else level.min())
    if project_row.any():
        line = source_rows(df)[project_row.to_numpy()]
        detected["top_summary"] = (f"the row at '{level_col}' 0 ('{names[project_row].iloc[0]}', "
                                   f"{rows_text(line)}) is the plan's project summary: each task's project is the "
                                   f"{level_col} {level[top].iloc[0]:g} summary above it")
    return df.assign(top_summary=names.where(top).ffill().astype(S.DTYPES["string"]))


def drop_containers(df: pd.DataFrame, detected: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Leave out parent items (:func:`parent_item_rows`) and a Jira export's empty epics (:func:`empty_epic_rows`)
    in one copy of the table: the rows kept, and the parent items left out (each frame with its source lines),
    in which :func:`say_sub_tasks_under_cancelled` still sees a cancelled parent."""
    container = parent_item_rows(df, detected)
    out = container | empty_epic_rows(df, detected, container)
    if not out.any():
        return df, df.iloc[:0]
    lines = source_rows(df)
    return _leave_out(df, out, lines), _leave_out(df, ~container, lines) if container.any() else df.iloc[:0]


def parent_item_rows(df: pd.DataFrame, detected: dict) -> np.ndarray:
    """The parent items (epics, features) that are containers, not work, to leave out: a mask of ``df``'s rows.

    A row other rows name as their parent is a container when it has no hours of its own
    (an epic: no estimate, nothing booked) or its hours are its children's sum (a Feature
    with rolled-up Completed Work); a parent with hours of its own (a story with sub-tasks)
    stays. Counted as tasks, an open epic got its project's median estimate, and a rolled-up
    Feature its children's hours once more. Without a parent column, an Azure DevOps tree
    export's levels (:func:`_tree_parents`) say which row is whose parent. A finished Jira issue
    with only sub-tasks under it stays a task (:func:`_finished_jira_stories`).
    """
    from .headers import find_column
    from .project_links import linked_rows

    if S.TASK_ID not in df or not len(df):
        return np.zeros(len(df), dtype=bool)
    cols = [c for c in dict.fromkeys(find_column(df.columns, n) for n in PARENT_COLUMNS) if c is not None]
    if cols:
        parent = np.full(len(df), -1)
        # every parent column looked up in one call: the rows' names are built and hashed once, not per column
        links = linked_rows(df, pd.concat([to_text(df[c]) for c in cols], ignore_index=True))
        for found in links.reshape(len(cols), len(df)):
            parent = np.where((parent < 0) & (found >= 0) & (found != np.arange(len(df))), found, parent)
        how = f"named as parent by other rows ('{cols[0]}')"
    else:
        parent, how = _tree_parents(df)
    if parent is None or not (parent >= 0).any():
        return np.zeros(len(df), dtype=bool)

    def hours(col):
        return df[col].to_numpy(dtype=float, na_value=np.nan) if col in df else np.full(len(df), np.nan)

    est = hours(S.ESTIMATE)
    booked = np.fmax(np.nan_to_num(hours(S.ACTUAL)), np.nan_to_num(hours(S.SOURCE_ACTUAL)))
    child = parent >= 0
    kids_est = np.bincount(parent[child], weights=np.nan_to_num(est[child]), minlength=len(df))
    kids_booked = np.bincount(parent[child], weights=booked[child], minlength=len(df))
    n_kids = np.bincount(parent[child], minlength=len(df))
    has_kids = n_kids > 0
    own_est = np.nan_to_num(est) > 0
    # Jira keeps the roll-up in its own columns (Σ Original Estimate), exported or not: an issue's estimate is
    # its own (a story estimated 8 h, split into two 4 h sub-tasks, was dropped with its own time logged)
    own_only = read_as_jira(detected) or any(rollup_header(c) for c in df.columns)

    def rolled(own, kids):  # the parent's figure is its children's sum (two or more: one could be a copy)
        return (own > 0) & (n_kids >= 2) & (np.abs(own - kids) <= 0.01 * np.maximum(own, 1e-9))

    sums_kids = has_kids & rolled(np.nan_to_num(est), kids_est)
    container = has_kids & ((~own_est & ~(booked > 0))
                            | ((sums_kids | (~own_est & rolled(booked, kids_booked))) & (not own_only)))
    lines = source_rows(df)
    if own_only and (twice := sums_kids & ~container).any():
        _estimate_also_in_sub_tasks(df, twice, lines, detected)
    container &= ~_finished_jira_stories(df, parent, container, lines, detected)
    if not container.any():
        return container
    n = int(container.sum())
    detected["parent_items"] = (f"{counted(n, 'parent item')} left out, {how} with no hours of "
                                f"{agree(n, 'its', 'their')} own or {agree(n, 'its', 'their')} children's sum: "
                                f"containers, not work ({rows_text(lines[container])})")
    return container


def _finished_jira_stories(df: pd.DataFrame, parent: np.ndarray, container: np.ndarray, lines: np.ndarray,
                           detected: dict) -> np.ndarray:
    """The finished Jira issues (a Story, Task or Bug, no epic) with only sub-tasks under them and no hours
    of their own, kept as tasks, said in ``detected["sub_task_parents_kept"]``: a mask of ``df``'s rows. Also in
    a table loaded from a Jira export and loaded again (:func:`~.formats.read_as_jira`).

    Such an issue is work, its sub-tasks parts of it: left out as a container, a Done story was gone from
    throughput and its status from the data. Its estimate stays blank, its hours being its sub-tasks'. An
    open one stays left out (:func:`parent_item_rows`): kept, it would be forecast at its project's median
    estimate on top of its open sub-tasks' hours.
    """
    keep = np.zeros(len(df), dtype=bool)
    if not read_as_jira(detected) or S.TASK_TYPE not in df or S.STATUS not in df or not container.any():
        return keep
    codes, types = distinct_values(df[S.TASK_TYPE])
    kind = [status_key(t) if isinstance(t, str) else "" for t in types]
    epic = per_row(np.array([k in S.JIRA_EPIC_TYPES for k in kind], dtype=bool), codes, False)
    sub = per_row(np.array([k in S.JIRA_SUBTASK_TYPES for k in kind], dtype=bool), codes, False)
    typed = per_row(np.array([k != "" for k in kind], dtype=bool), codes, False)
    child = parent >= 0
    not_sub = np.bincount(parent[child], weights=(~sub[child]).astype(float), minlength=len(df))
    keep = container & typed & ~epic & ~sub & (not_sub == 0) & closed_rows(df)
    if keep.any():
        n = int(keep.sum())
        ids = df[S.TASK_ID].astype("string")[keep].tolist()
        detected["sub_task_parents_kept"] = (
            f"{counted(n, 'finished issue')} with sub-tasks and no hours of {agree(n, 'its', 'their')} own "
            f"({', '.join(ids[:MAX_ROWS_IN_MESSAGE])}{' ...' if n > MAX_ROWS_IN_MESSAGE else ''}) "
            f"{agree(n, 'stays a task', 'stay tasks')}, {agree(n, 'its', 'their')} estimate blank: "
            f"{agree(n, 'its', 'their')} sub-tasks' hours are {agree(n, 'its', 'their')} work, and "
            f"{agree(n, 'it counts', 'they count')} in throughput with {agree(n, 'its', 'their')} status; an open "
            f"one is left out as a parent item, its work forecast in its sub-tasks ({rows_text(lines[keep])})")
    return keep


def say_pointed_sub_tasks(df: pd.DataFrame, parent: np.ndarray, detected: dict) -> None:
    """Say the sub-tasks with story points of their own under a parent issue with points: both counted.

    ``parent``: each row's parent where it is a sub-task, else -1
    (:func:`~pmo_forecast.inputs.project_links.sub_task_links`).

    Jira's convention sizes a story by its own points and leaves its sub-tasks' points out of velocity, so a
    story of 5 points with a sub-task of 3 reads as 8 points of work; a team that sizes the sub-tasks as
    work apart from the story's means the 8. Only the team knows which: the points stay as exported (a
    sub-task left without them would be forecast at its project's median) and the parents, sub-tasks,
    points and an example are said in ``detected["sub_task_points"]`` and with a
    :class:`DataQualityWarning`. Only for estimates read as story points (``detected["units"]``): hours are
    each issue's own (:func:`_estimate_also_in_sub_tasks`). Open sub-tasks without points under a parent
    with points are said too, in ``detected["unpointed_sub_tasks"]`` (:func:`_unpointed_text`), but not under
    a cancelled parent, whose points count neither as delivered nor as work to come (such sub-tasks are likely
    stale: :func:`say_sub_tasks_under_cancelled`). Called once every row has its status: a blank one taken from
    the row's dates is open work too. Of a table loaded before, both only said, not warned again (:func:`_warn_once`).
    """
    if S.ESTIMATE not in df or not len(df) or "points" not in str(detected.get("units", {}).get(S.ESTIMATE, "")):
        return
    pointed = df[S.ESTIMATE].notna().to_numpy(dtype=bool)
    sub = parent >= 0
    under_points = sub & pointed[np.where(sub, parent, 0)]
    status = df[S.STATUS] if S.STATUS in df else pd.Series(pd.NA, index=df.index, dtype=object)

    def parents_are(value):
        return sub & status.eq(value).fillna(False).to_numpy(dtype=bool)[np.where(sub, parent, 0)]

    unfinished = status.isin(S.UNFINISHED_STATUSES).fillna(False).to_numpy(dtype=bool)
    unpointed = under_points & ~pointed & unfinished & ~parents_are(S.CANCELLED)
    done = unpointed & parents_are(S.DONE)
    est = df[S.ESTIMATE].to_numpy(dtype=float, na_value=np.nan)
    keys = df[S.TASK_ID].astype("string").to_numpy(object)
    lines = source_rows(df)
    for key, mask, text in (("unpointed_sub_tasks", unpointed,
                             lambda *a: _unpointed_text(*a, done=(int(done.sum()), len(set(parent[done].tolist()))))),
                            ("sub_task_points", under_points & pointed, _pointed_text)):
        if not mask.any():
            continue
        first = int(np.flatnonzero(mask)[0])
        n, n_parents = int(mask.sum()), len(set(parent[mask].tolist()))
        _warn_once(df, detected, key, n, text(n, n_parents, est[mask].sum(), keys[first], est[first],
                                              keys[parent[first]], est[parent[first]]) + f" ({rows_text(lines[mask])})")


def say_sub_tasks_under_cancelled(df: pd.DataFrame, parent: np.ndarray, detected: dict,
                                  left_out: pd.DataFrame | None = None) -> None:
    """Say the open sub-tasks under a cancelled parent issue: likely stale, yet forecast as work to come.

    ``parent``: each row's parent where it is a sub-task, else -1, as :func:`say_pointed_sub_tasks` takes it.
    ``left_out``: the parent items :func:`drop_containers` left out as containers (with their source lines).

    A story cancelled with its sub-tasks still open leaves them open in the export; the forecast counts each
    as any open task, at its own estimate or, without one, its project's median
    (:func:`~pmo_forecast.forecasting.open_work.fill_estimates`). Only the team knows whether that work is still
    wanted, so the sub-tasks stay, said in ``detected["sub_tasks_under_cancelled"]`` (how many, under how many
    parents, an example and its parent) and with a :class:`DataQualityWarning`. Estimates in hours or in points
    alike: the parent link and the statuses say it. Called once every row has its status, as
    :func:`say_pointed_sub_tasks`. A cancelled parent left out as a container (no hours of its own, in an
    export other than Jira's) is read among the rows, its sub-tasks' links with it: its open sub-tasks had
    gone unnamed. Of a table loaded before only said, not warned again (:func:`_warn_once`).
    """
    if S.STATUS not in df or not len(df):
        return
    from .project_links import epic_level_rows, sub_task_links

    # a cancelled epic left out has no sub-tasks to name: the links read again only for a parent below that level
    if left_out is not None and S.STATUS in left_out and (gone := left_out[S.STATUS].eq(S.CANCELLED).fillna(
            False).to_numpy(dtype=bool) & ~epic_level_rows(left_out)).any():
        lines = np.concatenate([source_rows(df), source_rows(left_out)[gone]])
        # as frames without attrs (concat compares them, the source lines arrays): the lines set after
        df = pd.concat([pd.DataFrame(df), pd.DataFrame(left_out[gone])], ignore_index=True)
        df.attrs["_source_line"] = lines
        parent = sub_task_links(df)
    sub = parent >= 0
    cancelled = df[S.STATUS].eq(S.CANCELLED).fillna(False).to_numpy(dtype=bool)
    stale = sub & cancelled[np.where(sub, parent, 0)] & df[S.STATUS].isin(S.UNFINISHED_STATUSES).fillna(
        False).to_numpy(dtype=bool)
    if not stale.any():
        return
    keys = df[S.TASK_ID].astype("string").to_numpy(object)
    first, n, n_parents = int(np.flatnonzero(stale)[0]), int(stale.sum()), len(set(parent[stale].tolist()))
    note = (f"{counted(n, 'open sub-task')} under {counted(n_parents, 'cancelled parent issue')} (e.g. {keys[first]}, "
            f"under {keys[parent[first]]}): likely left open when "
            f"{agree(n_parents, 'the parent was', 'the parents were')} cancelled, yet forecast as work to come, "
            f"{agree(n, '', 'each ')}at its own estimate or, without one, its project's median; if that work is not "
            f"to be done, close {agree(n, 'it', 'them')} in the tracker ({rows_text(source_rows(df)[stale])})")
    _warn_once(df, detected, "sub_tasks_under_cancelled", n, note)


def _warn_once(df: pd.DataFrame, detected: dict, key: str, n: int, note: str) -> None:
    """``detected[key] = note`` on ``n`` rows of ``df``, warned as a :class:`DataQualityWarning`; of a table loaded
    before (:func:`~pmo_forecast.inputs.formats.loaded_before`) only said, not warned again: the load that wrote it
    found them and warned (a frame whose load did not, its data changed since, is warned of); the pack loads again
    the table it is given. A saved table keeps no record of its load's notes: said as warned then."""
    if loaded_before(df.columns, detected) and ("_loaded" not in detected or key in first_load(detected)):
        detected[key] = f"{note}; a table loaded before: the load that wrote it warned of {agree(n, 'it', 'them')}"
        return
    detected[key] = note
    warn(f"{detected.get('file', '<DataFrame>')}: {note}", DataQualityWarning)


def _points(x: float) -> str:
    """Story points as said: ``5 points``, ``1 point``."""
    return f"{x:,.10g} {estimate_unit(True, x)}"


def _pointed_text(n, n_parents, total, key, points, up, up_points) -> str:
    """:func:`say_pointed_sub_tasks`' note on sub-tasks with points of their own under a parent with points."""
    return (f"{counted(n, 'sub-task')} with story points of {agree(n, 'its', 'their')} own under "
            f"{counted(n_parents, 'parent issue')} with points ({_points(total)} on {agree(n, 'it', 'them')}; e.g. "
            f"{key}, {_points(points)}, under {up}, {_points(up_points)}): both counted. Jira sizes a story by its "
            "own points and leaves its sub-tasks' points out of velocity; if a parent's points hold its sub-tasks' "
            "work, clear those sub-tasks' points in Jira to count it once")


def _unpointed_text(n, n_parents, total, key, points, up, up_points, done=(0, 0)) -> str:
    """:func:`say_pointed_sub_tasks`' note on open sub-tasks without points under a parent with points: Jira's
    convention sizes the story, whose points hold their work, and the forecast fills an open task without an
    estimate with its project's median (:func:`~pmo_forecast.forecasting.open_work.fill_estimates`), whatever
    its parent's status, counting that work again: on top of points still to come, or, under a done parent
    (``done``: how many sub-tasks, under how many parents), of points already delivered. The points stay as
    exported: the task table keeps no parent link for the forecast to tell such sub-tasks apart, and only the
    team knows whether a parent's points hold its sub-tasks' work."""
    d, d_parents = done
    if d == n:
        delivered = f" ({agree(d_parents, 'the parent is', 'the parents are')} done: those points count as delivered)"
    elif d:
        delivered = f" ({d:,} under {agree(d_parents, 'a done parent', 'done parents')}, whose points count as delivered)"
    else:
        delivered = ""
    return (f"{counted(n, 'open sub-task')} without story points under {counted(n_parents, 'parent issue')} with "
            f"points (e.g. {key}, under {up}, {_points(up_points)}): the forecast gives {agree(n, 'it', 'each')} its "
            f"project's median estimate, on top of the parent's points, which in Jira's convention hold "
            f"{agree(n, 'its', 'their')} work{delivered}; if so, leave sub-tasks out of the export (JQL: issuetype "
            "not in subTaskIssueTypes()) to count it once")


def _estimate_also_in_sub_tasks(df: pd.DataFrame, twice: np.ndarray, lines: np.ndarray, detected: dict) -> None:
    """Say the Jira parents whose own estimate equals their sub-tasks' sum, all of them counted.

    Jira's Original Estimate is the issue's own (``Σ Original Estimate`` adds the sub-tasks'), so the
    parent stays with its logged hours; a story estimated 8 h and split into two 4 h sub-tasks may mean
    the same 8 h twice, which only the team knows: said in ``detected["estimate_in_sub_tasks"]``.
    """
    ids = df[S.TASK_ID].astype("string")[twice].tolist()
    hours = float(df[S.ESTIMATE].to_numpy(dtype=float, na_value=np.nan)[twice].sum())
    note = (f"{counted(len(ids), 'parent issue')} whose own estimate {agree(len(ids), 'equals', 'equal')} the sum of "
            f"{agree(len(ids), 'its', 'their')} sub-tasks' "
            f"({', '.join(ids[:MAX_ROWS_IN_MESSAGE])}{' ...' if len(ids) > MAX_ROWS_IN_MESSAGE else ''}; "
            f"{hours:,.0f} h in all): both counted, as Jira's Original Estimate is an issue's own; if the parent's "
            f"estimate was split into its sub-tasks, clear it in Jira to count those hours once "
            f"({rows_text(lines[twice])})")
    detected["estimate_in_sub_tasks"] = note
    warn(f"{detected.get('file', '<DataFrame>')}: {note}", DataQualityWarning)


def empty_epic_rows(df: pd.DataFrame, detected: dict, left_out: np.ndarray) -> np.ndarray:
    """A Jira export's epics with no issues under them and no hours of their own, to leave out, said: a mask of
    ``df``'s rows, none of those already ``left_out`` (a mask: the parent items).

    An epic with issues is its project (:func:`~pmo_forecast.inputs.mapping.apply_project`) or a
    container (:func:`parent_item_rows`); one nobody has put an issue in yet was read as an open
    task of the project ``(no Epic Link)``, forecast at the median estimate: hours of work nobody
    had planned, in a project it is not part of.
    """
    if detected.get("format") != "jira" or S.TASK_TYPE not in df or left_out.all():
        return np.zeros(len(df), dtype=bool)
    from .headers import find_column

    codes, types = distinct_values(df[S.TASK_TYPE])
    epic = per_row(np.array([status_key(t) in S.JIRA_EPIC_TYPES for t in types], dtype=bool), codes, False)
    epic &= ~left_out
    for col in (S.ESTIMATE, S.ACTUAL, S.SOURCE_ACTUAL):
        if col in df:
            epic &= ~(np.nan_to_num(df[col].to_numpy(dtype=float, na_value=np.nan)) > 0)
    if not epic.any():
        return epic
    lines = source_rows(df)
    summary = find_column(df.columns, "summary")
    names = [f"{k} {n!r}" if isinstance(n, str) else str(k) for k, n in zip(
        df.loc[epic, S.TASK_ID].astype(str), to_text(df.loc[epic, summary]) if summary else [None] * int(epic.sum()),
        strict=True)]
    n = int(epic.sum())
    detected["empty_epics"] = (f"{counted(n, 'epic')} with no issues under {agree(n, 'it', 'them')} and "
                               f"no hours of {agree(n, 'its', 'their')} own left "
                               f"out: no work to forecast ({', '.join(names[:5])}{' ...' if len(names) > 5 else ''}; "
                               f"{rows_text(lines[epic])})")
    return epic


#: Azure DevOps' "Tree of work items" export: a row's title in the column of its level (``Title 1``, ``Title 2``).
TREE_TITLE = re.compile(r"title\s*(\d+)", re.IGNORECASE)


def _tree_parents(df: pd.DataFrame) -> tuple[np.ndarray | None, str]:
    """Each row's parent (its position; -1: none) in a tree export without a parent column, and how it
    was read: the nearest row above one level up, a row's level being the ``Title N`` column its title
    is in. None when the table has fewer than two such columns, they are not numbered 1, 2, ..., it has no
    work item type (a sheet's "Title 1" and "Title 2" are two titles, not a tree) or a row fills more than one."""
    titles = sorted((int(m[1]), c) for c in df.columns if (m := TREE_TITLE.fullmatch(str(c).strip())))
    typed = any(header_name(c) in ("work item type", S.TASK_TYPE) for c in df.columns)
    tree = typed and len(titles) >= 2 and [n for n, _ in titles] == list(range(1, len(titles) + 1))
    filled = np.column_stack([~blank_cells(df[c]) for _, c in titles]) if tree else None
    if filled is None or (filled.sum(axis=1) > 1).any():
        return None, ""
    level = np.where(filled.any(axis=1), filled.argmax(axis=1), -1)
    parent, last = np.full(len(df), -1), {}  # the latest row seen at each level
    for i, lv in enumerate(level):
        if lv < 0:
            continue
        parent[i] = last.get(lv - 1, -1)
        last = {k: v for k, v in last.items() if k < lv} | {lv: i}
    return parent, (f"above deeper rows in the tree's '{titles[0][1]}' to '{titles[-1][1]}' columns "
                    "(a tree of work items)")


#: A plan's flag of its summary rows (MS Project's ``Summary`` column: Yes/No), and its outline level.
SUMMARY_FLAGS = ("summary", "summary_task", "is_summary")
OUTLINE_LEVELS = ("outline_level", "wbs_level", "hierarchy_level")


_ALLOCATION = r"\s*\[\s*\d+(?:[.,]\d+)?\s*%?\s*\]"  # MS Project's "Ann[50%]": a share of her time
#: A plan's list of resources (MS Project's ``Resource Names``), whose list separator may be a comma.
RESOURCE_LISTS = ("resource_names",)


def read_assignees(df: pd.DataFrame, detected: dict, resource_list: bool = False) -> None:
    """One person per task: an allocation (``Ann[50%]``) dropped, the first of a list (``Ann;Bob``) taken, said;
    a cell naming nobody (``Unassigned``, ``-``, ``TBD``, ``[]``: :data:`~pmo_forecast.inputs.cells.NO_ASSIGNEE`)
    is blank, unassigned work (said: as a name, "Unassigned" was planned as one more person).

    ``resource_list``: the column is MS Project's ``Resource Names``, which joins names with the
    Windows list separator: ``;`` where a cell of the column uses it (a comma is then part of a
    name), else a comma between two names (``Bob Ray[50%],Ann Lee``; Project refuses that
    separator in a name), written without a space after it or after an allocation. A comma
    followed by a space (``Lee, Jo``) is one person's name, last name first, as anywhere else; in
    any other column, names joined by commas that each stand alone in another cell (``Ann Lee, Bob Ray``
    beside ``Ann Lee`` and ``Bob Ray``: GitLab's and monday.com's several assignees) are a list.
    """
    if S.ASSIGNEE not in df:
        return
    names = df[S.ASSIGNEE]
    codes, distinct = distinct_values(names)  # a few hundred people on a million rows: each looked at once
    distinct = pd.Series(distinct, dtype="string")
    nobody = distinct.str.strip().str.lower().str.strip("()[] ").pipe(
        lambda k: k.eq("") | k.isin(NO_ASSIGNEE)).to_numpy(dtype=bool, na_value=False)
    if nobody.any():
        blank = per_row(nobody, codes, False)
        shown = ", ".join(map(repr, distinct[nobody].head(MAX_ROWS_IN_MESSAGE)))
        detected["assignees_blank"] = (f"{counted(int(blank.sum()), 'task')} with {shown} as assignee read as "
                                       "unassigned "
                                       f"({rows_text(source_rows(df)[blank])})")
        df[S.ASSIGNEE] = names = names.mask(blank)
        codes[blank] = -1
    sep = ";"
    if resource_list and not distinct.str.contains(";", regex=False).any():
        sep = r"(?<=\])\s*,|,(?!\s)"
    # people joined by commas (GitLab's and monday.com's several assignees, "Ann Lee, Bob Ray") are a list where
    # each is a name the column holds alone; "Lee, Jo" stays one name, last name first
    alone = set(distinct.str.strip().dropna())
    listed = distinct.str.split(r"\s*,\s*", regex=True).map(
        lambda parts: len(parts) > 1 and all(p in alone for p in parts), na_action="ignore")
    listed = listed.fillna(False).to_numpy(dtype=bool) & (not resource_list)
    share = per_row(distinct.str.contains(_ALLOCATION, regex=True).to_numpy(dtype=bool), codes, False)
    several = per_row(distinct.str.contains(sep, regex=True).to_numpy(dtype=bool) | listed, codes, False)
    if not (share.any() or several.any()):
        return
    first = names.str.split(sep, n=1, regex=True).str[0]
    first = first.mask(per_row(listed, codes, False), names.str.split(",", n=1).str[0])
    clean = first.str.replace(_ALLOCATION, "", regex=True).str.strip()
    df[S.ASSIGNEE] = clean.where(clean.str.len() > 0)
    said = []
    if several.any():
        n = int(several.sum())
        said.append(f"{counted(n, 'task')} {agree(n, 'lists', 'list')} several people "
                    f"({names[several].iloc[0]!r}): the first is "
                    "taken as the assignee, who the forecast plans the whole task for")
    if share.any():
        said.append(f"{int(share.sum())} with a share of a person's time ({names[share].iloc[0]!r}): the share "
                    "is dropped (capacity comes from the people table)")
    detected["assignees"] = "; ".join(said)


def _yes_flag(df: pd.DataFrame, keys: dict, names) -> tuple[np.ndarray, str | None]:
    """Rows a yes/no column (the first of ``names`` among the header ``keys``) says Yes to, and how it
    is said; none when there is no such column or under 95% of its cells are yes or no (Jira's
    ``Summary`` is the title)."""
    flag = next((keys[k] for k in names if k in keys), None)
    if flag is not None:
        cells = df[flag]
        given = cells.notna().to_numpy()
        allowed = 0.05 * given.sum()  # cells neither yes nor no
        head = min(len(df), 1000 + len(df) // 16)  # more than that many cells: a column of titles stops here
        yes, no = _yes_no(cells.iloc[:head])
        if given.any() and (given[:head] & ~(yes | no)).sum() <= allowed:
            yes, no = _yes_no(cells)
            if (given & ~(yes | no)).sum() <= allowed:
                return yes & given, f"'{flag}' is Yes"
    return np.zeros(len(df), dtype=bool), None


def _yes_no(cells: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Row masks of the cells that say yes, and no (any case, spaces around), read once per distinct value."""
    codes, distinct = distinct_values(cells)
    text = pd.Series(distinct, dtype="string").str.strip().str.lower()
    return (per_row(text.isin(YES_WORDS).to_numpy(dtype=bool), codes, False),
            per_row(text.isin(NO_WORDS).to_numpy(dtype=bool), codes, False))


def drop_summary_rows(df: pd.DataFrame, detected: dict) -> pd.DataFrame:
    """Leave out a plan's summary rows: their hours and dates roll up their subtasks', counted again.

    MS Project's CSV export flags them (``Summary``: Yes); without the flag, a row followed by one
    at a deeper ``Outline Level`` is its parent. Jira's ``Summary`` (the title) holds neither word
    for most rows and is left alone.
    """
    keys = {header_key(c): c for c in reversed(df.columns)}
    summary, how = _yes_flag(df, keys, SUMMARY_FLAGS)
    level_col = next((keys[k] for k in OUTLINE_LEVELS if k in keys), None)
    if how is None and level_col is not None:
        level = pd.to_numeric(df[level_col], errors="coerce").to_numpy(dtype=float)
        if np.isfinite(level).mean() >= 0.95 and (np.nan_to_num(level) % 1 == 0).all():
            nxt = np.append(level[1:], np.nan)
            summary, how = nxt > level, f"a deeper '{level_col}' follows (a parent row)"
    lines = source_rows(df)
    if how is None and "_row_outline" in df.attrs and len(df) > 1:  # Excel's grouped rows (Smartsheet)
        levels, below = df.attrs["_row_outline"]
        level = np.array([levels.get(int(n), 0) for n in lines], dtype=float)
        summary, below = _outline_parents(level, below, df.get(S.ESTIMATE))
        how = f"the workbook's grouped rows (a summary row {'below' if below else 'above'} its group)"
    if not summary.any():
        return df
    n = int(summary.sum())
    detected["summary_rows"] = (f"{counted(n, 'summary row')} left out: {how}; {agree(n, 'its', 'their')} hours "
                                f"and dates are {agree(n, 'its', 'their')} subtasks' ({rows_text(lines[summary])})")
    return _leave_out(df, summary, lines)


#: A plan's scheduled finish (MS Project's ``Finish``), the day a 100% complete task finished.
PLAN_FINISH = ("finish", "finish date")


def read_plan_finish(df: pd.DataFrame, detected: dict) -> None:
    """A 100% complete task without an actual finish date takes the plan's ``Finish``, said.

    Project moves a task's Finish to its actual finish when it is marked complete; an export
    without ``Actual Finish`` (or with ``NA`` in it) left such tasks done without a finished
    date, out of throughput and lead times. Read before the dates are, so the file's day/month
    order covers it.
    """
    from .headers import find_column

    share, pct = percent_complete(df)
    col = next((c for n in PLAN_FINISH if (c := find_column(df.columns, n)) is not None), None)
    if share is None or col is None:
        return
    have = to_text(df[S.FINISHED]) if S.FINISHED in df else pd.Series(pd.NA, index=df.index, dtype="string")
    blank = have.isna() | have.str.lower().isin(PLACEHOLDERS)
    fill = ((share >= 1) & blank & to_text(df[col]).notna()).to_numpy(dtype=bool)
    if not fill.any():
        return
    finished = df[S.FINISHED].astype(object) if S.FINISHED in df else pd.Series(None, index=df.index, dtype=object)
    df[S.FINISHED] = finished.where(~fill, df[col].astype(object))
    n = int(fill.sum())
    detected["finish_dates"] = (f"{counted(n, 'task')} at 100% in '{pct}' without an actual finish date "
                                f"{agree(n, 'takes', 'take')} the plan's '{col}' as {agree(n, 'its', 'their')} "
                                f"finish date ({rows_text(source_rows(df)[fill])})")


#: A plan's milestone flag (MS Project's ``Milestone``: Yes/No) and task duration.
MILESTONE_FLAGS = ("milestone",)
DURATIONS = ("duration",)
_ZERO_DURATION = r"^0+(?:[.,]0*)?\s*[^\d\s]*$"  # 0 days, 0d, 0 hrs, 0 days? (estimated), 0


def drop_milestones(df: pd.DataFrame, detected: dict, rows: np.ndarray | None = None) -> pd.DataFrame:
    """Leave out a plan's milestones that hold no work (:func:`empty_milestones`; ``rows``: those it found
    already, a mask, where the caller leaves out other things by position with them)."""
    empty = empty_milestones(df, detected) if rows is None else rows
    return _leave_out(df, empty, source_rows(df)) if empty.any() else df


def empty_milestones(df: pd.DataFrame, detected: dict) -> np.ndarray:
    """The rows (a mask) of a plan's milestones that hold no work, said: a date to reach, not a task.

    A milestone is flagged (``Milestone``: Yes) or, in a plan (a ``% Complete`` or outline
    level column), has a ``Duration`` of 0; without an estimate above 0 or hours spent it is
    left out, as the MS Project XML reader leaves out empty milestones. Kept, each was an open
    task with a 0-hour estimate: an error of the data-quality report.
    """
    keys = {header_key(c): c for c in reversed(df.columns)}
    milestone, how = _yes_flag(df, keys, MILESTONE_FLAGS)
    duration = next((keys[k] for k in DURATIONS if k in keys), None)
    plan = percent_complete(df)[1] is not None or any(k in keys for k in OUTLINE_LEVELS)
    if how is None and duration is not None and plan:
        milestone = to_text(df[duration]).str.fullmatch(_ZERO_DURATION).fillna(False).to_numpy(dtype=bool)
        how = f"a '{duration}' of 0"
    worked = np.zeros(len(df), dtype=bool)
    for col in (S.ESTIMATE, S.ACTUAL, S.SOURCE_ACTUAL):
        if col in df:
            worked |= np.nan_to_num(df[col].to_numpy(dtype=float, na_value=np.nan)) > 0
    empty = milestone & ~worked
    if empty.any():
        detected["milestones"] = (f"{counted(int(empty.sum()), 'milestone')} left out: {how} and no hours (no "
                                  "estimate above 0, "
                                  f"none spent); a date to reach, not work ({rows_text(source_rows(df)[empty])})")
    return empty


def _outline_parents(level: np.ndarray, below: bool | None, hours) -> tuple[np.ndarray, bool]:
    """The summary rows of an outline, and whether they sit below their group.

    Writers state ``summaryBelow`` whatever the layout (openpyxl always says below), so the
    data decides: the layout in which more summary rows hold their group's hours; else the one
    in which no group lacks its summary row (the first row of a layout with summaries above,
    the last with summaries below, is at the top level); else the workbook's word; else above.
    """
    n = len(level)
    top = level.min()
    est = pd.to_numeric(hours, errors="coerce").to_numpy(dtype=float) if hours is not None else np.full(n, np.nan)

    def parents(is_below):
        other = np.r_[np.nan, level[:-1]] if is_below else np.r_[level[1:], np.nan]
        return other > level

    def held(is_below):  # summary rows whose hours are their group's (the deeper rows next to them)
        hits, parent = 0, parents(is_below)
        step = -1 if is_below else 1
        for i in np.flatnonzero(parent):
            j, group = i + step, []
            while 0 <= j < n and level[j] > level[i]:
                if not parent[j]:
                    group.append(est[j])
                j += step
            hits += bool(np.isfinite(est[i]) and group and np.isfinite(group).all()
                         and abs(np.sum(group) - est[i]) <= 0.01 * max(abs(est[i]), 1e-9))
        return hits

    scores = {False: held(False), True: held(True)}
    if scores[False] != scores[True]:
        chosen = scores[True] > scores[False]
    elif (level[0] == top) != (level[-1] == top):
        chosen = bool(level[-1] == top)
    else:
        chosen = bool(below) if below is not None else False
    return parents(chosen), chosen
