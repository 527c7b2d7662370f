"""Parents and their sub-tasks in a tracker's export: parent items and epics left out as containers, roll-up
columns (Jira's Σ, Redmine's totals) refused beside sub-tasks, and what sub-tasks under a parent say
(points on both, open sub-tasks of a cancelled parent).

Each reader takes the raw table (before :func:`pmo_forecast.inputs.coerce.coerce`), says what it did in
``detected`` and leaves out or changes rows only as said there.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.exceptions import DataQualityWarning, SchemaError, warn
from ..core.keys import status_key
from ..core.labels import agree, counted, estimate_unit, id_list, named_count
from ..core.results import format_number
from ..core.shown import shown_number
from ..core.source_lines import IN_MEMORY, MAX_ROWS_IN_MESSAGE, keep_rows, rows_text, source_rows
from .cells import distinct_values, per_row, to_text
from .delimited import blank_cells
from .formats import JIRA, first_load, first_load_known, loaded_before, read_as_jira
from .parsing import header_name, header_names
from .plans import leave_out
from .progress import closed_rows, derive_status
from .project_links import PARENT_LINKS, PARENT_NAMES

#: Columns that name a row's parent (another row of the export, by key or id): a sub-task's parent, whose project
#: it inherits (:data:`~.project_links.PARENT_LINKS`, :data:`~.project_links.PARENT_NAMES`: Redmine's ``Parent
#: task``, the parent's issue number; Asana's, a name, links no row by key), ClickUp's and Jira's other spellings,
#: and an issue's epic (a container too, but not the project a sub-task inherits: Jira's Epic Link is the project).
PARENT_COLUMNS = (*PARENT_LINKS, "parent key", "parent task id", *PARENT_NAMES, "epic link", "custom field (epic link)")


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
    hour logged on a sub-task counted twice. A sub-task is a row linked to its parent or of a sub-task issue type
    (:func:`~.project_links.sub_task_or_typed_rows`: an export without its Parent column, recognised as Jira's or
    not, was read without a word). Without sub-tasks in the export the roll-up is the issue's own figure, and is read.
    """
    from .headers import find_column
    from .project_links import parent_links, sub_task_or_typed_rows

    headers = detected.get("_headers", {})
    sums = {col: headers[col] for col in (S.ESTIMATE, S.ACTUAL)
            if col in df and rollup_own_column(headers.get(col, "")) is not None}
    if not sums:
        return
    jira = all(map(rollup_header, sums.values()))
    # as the Jira reader and init tell them: by their Sub-task type too, the Parent column not always exported
    subs = sub_task_or_typed_rows(df)
    if not jira:  # Redmine's Total adds every row's hours under an issue, whatever its level
        for found in parent_links(df):
            subs |= found >= 0
    if not subs.any():
        return

    lines = source_rows(df)[subs]
    n = int(subs.sum())
    named = " and ".join(f"'{h}' (as {col})" for col, h in sums.items())
    own = [rollup_own_column(h) for h in sums.values()]
    absent = [h for h in own if find_column(df.columns, h) is None]
    export = (f" ({' and '.join(map(repr, absent))} {agree(len(absent), 'is', 'are')} not in this export: "
              f"export it from {'Jira' if jira else 'the tracker'} too)" if absent else "")
    raise SchemaError(f"{file}: {named} {agree(len(sums), 'adds', 'add')} each issue's sub-tasks' hours to its own, "
                      f"and the export holds {counted(n, 'sub-task')} as {agree(n, 'a row of its', 'rows of their')} "
                      f"own ({rows_text(lines)}): those hours would count twice. Map the "
                      f"{agree(len(own), 'column', 'columns')} without {'Σ' if jira else 'Total'} instead "
                      f"({' and '.join(map(repr, own))}), which {agree(len(own), 'holds', 'hold')} each issue's own hours{export}.",
                      file=file, column=next(iter(sums.values())), rows=lines.tolist())


def drop_containers(df: pd.DataFrame, detected: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Leave out parent items (:func:`parent_item_rows`) and a Jira export's empty epics (:func:`empty_epic_rows`)
    in one copy of the table: the rows kept, and the parent items left out (each frame with its source lines),
    in which :func:`say_sub_tasks_under_cancelled` still sees a cancelled parent."""
    container = parent_item_rows(df, detected)
    out = container | empty_epic_rows(df, detected, container)
    if not out.any():
        return df, df.iloc[:0]
    lines = source_rows(df)
    return leave_out(df, out, lines), leave_out(df, ~container, lines) if container.any() else df.iloc[:0]


def parent_item_rows(df: pd.DataFrame, detected: dict) -> np.ndarray:
    """The parent items (epics, features) that are containers, not work, to leave out: a mask of ``df``'s rows.

    A row other rows name as their parent is a container when it has no hours of its own
    (an epic: no estimate, nothing booked) or its hours are its children's sum (a Feature
    with rolled-up Completed Work); a parent with hours of its own (a story with sub-tasks)
    stays. Counted as tasks, an open epic got its project's median estimate, and a rolled-up
    Feature its children's hours once more. A parent whose estimate is its children's sum but whose time spent
    is its own stays a task when finished, its estimate blanked (:func:`_parents_with_own_time`): left out, its
    own hours were gone. Without a parent column, an Azure DevOps tree
    export's levels (:func:`_tree_parents`) say which row is whose parent. A finished Jira issue
    with only sub-tasks under it stays a task (:func:`_finished_jira_stories`).
    """
    from .headers import find_columns
    from .project_links import linked_rows

    if S.TASK_ID not in df or not len(df):
        return np.zeros(len(df), dtype=bool)
    cols = [c for c in dict.fromkeys(find_columns(df.columns, PARENT_COLUMNS)) if c is not None]
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
    kept, own_time = _parents_with_own_time(
        df, container & sums_kids & (booked > 0) & ~rolled(booked, kids_booked), booked, lines, detected)
    container &= ~kept
    if (plain := container & ~own_time).any():
        n = int(plain.sum())
        detected["parent_items"] = (f"{counted(n, 'parent item')} left out, {how} with no hours of "
                                    f"{agree(n, 'its', 'their')} own or {agree(n, 'its', 'their')} children's sum: "
                                    f"containers, not work ({rows_text(lines[plain])})")
    return container


def _parents_with_own_time(df: pd.DataFrame, rows: np.ndarray, booked: np.ndarray, lines: np.ndarray,
                           detected: dict) -> tuple[np.ndarray, np.ndarray]:
    """Of the parent items ``rows`` (a mask), whose estimate is their children's sum but whose time spent is their
    own (not their children's sum), the finished ones kept as tasks with their estimate blanked, and the open ones
    left out: two masks of ``df``'s rows, ``(kept, left_out)``, both said in ``detected["parent_own_time"]``.

    A ClickUp parent estimated at its subtasks' 4 h + 6 h with 1 h spent on it as well as their 2 h + 3 h: left
    out as a container, its own hour was gone from the hours spent (5 h read of the file's 6 h). Kept, its
    estimate stays in its subtasks, counted once, and its own hours count beside theirs; finished, it is also
    work delivered. An open one stays left out: kept without an estimate it would be forecast at its project's
    median estimate on top of its subtasks' work still to do, so its own hours are said, not read, until it is
    finished or estimated for work of its own. ``booked``: each row's hours spent, as
    :func:`parent_item_rows` reads them.
    """
    if not rows.any():
        return rows, rows
    closed = closed_rows(df) if S.STATUS in df else (derive_status(df) == S.DONE).to_numpy(dtype=bool)
    keep, out = rows & closed, rows & ~closed
    ids = df[S.TASK_ID].astype("string")
    said = []
    kept = ("{stays} {a_task}, {its} estimate left blank: {its} estimate is {its} children's sum, counted in them, "
            "and {its} own hours count once, beside theirs")
    left_out = ("{is} left out: {its} estimate is {its} children's sum, {its} work still to do forecast in them, and "
                "kept without an estimate {it} would be forecast at {its} project's median on top of it; {its} own "
                "hours count once {it} {is} finished, or estimated for work of {its} own")
    for mask, state, how in ((keep, "finished", kept), (out, "open", left_out)):
        if mask.any():
            n = int(mask.sum())
            first = slice(named_count(n, MAX_ROWS_IN_MESSAGE))  # formatted for those named only
            spent = id_list((f"{i}: {format_number(h)} h" for i, h in zip(ids[mask][first], booked[mask][first],
                                                                          strict=True)), MAX_ROWS_IN_MESSAGE, total=n)
            total = f", {format_number(float(booked[mask].sum()))} h in all" if n > 1 else ""
            words = how.format(stays=agree(n, "stays", "stay"), its=agree(n, "its", "their"),
                               it=agree(n, "it", "they"), a_task=agree(n, "a task", "tasks"),
                               **{"is": agree(n, "is", "are")})
            said.append(f"{counted(n, f'{state} parent item')} with time spent of {agree(n, 'its', 'their')} own "
                        f"({spent}{total}) {words} ({rows_text(lines[mask])})")
    detected["parent_own_time"] = "; ".join(said)
    if keep.any():
        df[S.ESTIMATE] = df[S.ESTIMATE].mask(keep)
    return keep, out


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
            f"({id_list(ids, MAX_ROWS_IN_MESSAGE)}) "
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
        keep_rows(df, lines)
        parent = sub_task_links(df)
    sub = parent >= 0
    cancelled = df[S.STATUS].eq(S.CANCELLED).fillna(False).to_numpy(dtype=bool)
    stale = sub & cancelled[np.where(sub, parent, 0)] & df[S.STATUS].isin(S.UNFINISHED_STATUSES).fillna(
        False).to_numpy(dtype=bool)
    if not stale.any():
        return
    keys = df[S.TASK_ID].astype("string").to_numpy(object)
    lines = source_rows(df)
    # by line, as every other note lists its lines, and its example the first of them: the table may be in the rank
    # column's order, with a container left out read after it
    at = np.flatnonzero(stale)
    at = at[np.argsort(np.asarray(lines[at]), kind="stable")]
    first, n, n_parents = int(at[0]), len(at), len(set(parent[stale].tolist()))
    note = (f"{counted(n, 'open sub-task')} under {counted(n_parents, 'cancelled parent issue')} (e.g. {keys[first]}, "
            f"under {keys[parent[first]]}): likely left open when "
            f"{agree(n_parents, 'the parent was', 'the parents were')} cancelled, yet forecast as work to come, "
            f"{agree(n, '', 'each ')}at its own estimate or, without one, its project's median; if that work is not "
            f"to be done, close {agree(n, 'it', 'them')} in the tracker ({rows_text(lines[at])})")
    _warn_once(df, detected, "sub_tasks_under_cancelled", n, note)


def _warn_once(df: pd.DataFrame, detected: dict, key: str, n: int, note: str) -> None:
    """Say ``note`` (on ``n`` rows of ``df``) as ``detected[key]`` and warn it as a :class:`DataQualityWarning`, once:
    of a table loaded before (:func:`~pmo_forecast.inputs.formats.loaded_before`) it is only said, the load that wrote
    the table having warned it. That is checked where that load's notes are known (a frame a loader returned, as the
    pack loads again the table it is given; a table save_tasks wrote, by its sidecar): one whose first load did not say
    ``key`` (its data changed since) is warned of. Of a table saved otherwise (``to_csv``) it is taken as so."""
    if loaded_before(df.columns, detected) and (not first_load_known(detected) or key in first_load(detected)):
        detected[key] = f"{note}; a table loaded before: the load that wrote it warned of {agree(n, 'it', 'them')}"
        return
    detected[key] = note
    warn(f"{detected.get('file', IN_MEMORY)}: {note}", DataQualityWarning)


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
            f"({id_list(ids, MAX_ROWS_IN_MESSAGE)}; "
            f"{shown_number(hours, 'hours')} h in all): both counted, as Jira's Original Estimate is an issue's own; if the parent's "
            f"estimate was split into its sub-tasks, clear it in Jira to count those hours once "
            f"({rows_text(lines[twice])})")
    detected["estimate_in_sub_tasks"] = note
    warn(f"{detected.get('file', IN_MEMORY)}: {note}", DataQualityWarning)


def empty_epic_rows(df: pd.DataFrame, detected: dict, left_out: np.ndarray) -> np.ndarray:
    """A Jira export's epics with no issues under them and no hours of their own, to leave out, said: a mask of
    ``df``'s rows, none of those already ``left_out`` (a mask: the parent items).

    An epic with issues is its project (:func:`~pmo_forecast.inputs.mapping.apply_project`) or a
    container (:func:`parent_item_rows`); one nobody has put an issue in yet was read as an open
    task of the project ``(no Epic Link)``, forecast at the median estimate: hours of work nobody
    had planned, in a project it is not part of.
    """
    if detected.get("format") != JIRA or S.TASK_TYPE not in df or left_out.all():
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
                               f"out: no work to forecast ({id_list(names, 5)}; "
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
    typed = any(n in ("work item type", S.TASK_TYPE) for n in header_names(df.columns))
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
