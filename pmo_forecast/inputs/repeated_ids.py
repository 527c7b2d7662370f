"""A task id on more than one row of a task table being loaded: the row pasted twice is left out, said; ids that
start again in each project are named by their project, said; two different rows under one id are refused.

Every forecast counts each row as a task, so a repeated id was counted twice with nothing said (the validation listed
it, the load went on). A row that is an exact copy of another (every column the same: an export pasted twice) holds
nothing new and is left out, said in ``detected["copied_rows"]`` (the pack's Assumptions, ``tasks: copied rows``).
Plans combined from several projects, each numbered 1, 2, ... (MS Project's ids, a spreadsheet's rows), repeat each id
once per project: when every repeated id's rows are in different projects and every row has a project, each task id
of the table is written with its project (``Alpha/1``, :data:`~pmo_forecast.core.schema.PROJECT_TASK_SEP`), and so
are the links to them from the same project (a parent, :data:`~pmo_forecast.inputs.hierarchy.PARENT_COLUMNS`; a
predecessor, :data:`~pmo_forecast.core.schema.PREDECESSOR_HEADERS`), said in ``detected["ids_per_project"]`` (the
pack's Assumptions, ``tasks: ids per project``, and ``pmo-forecast validate``); as the table is read where it can be
(:func:`named_by_project`), before the links between rows are followed, each to a task of its own project. A
table's ids are named one way: ids without their project beside ids written with it (a plan added to a table so
named) are named so too. An id already so written is kept: a
table loaded (or saved and read) again is never renamed twice. Rows that differ under one id in one project are two
tasks given one id, or an export of bookings (a worklog or timesheet, one row per booking), which only the user can
mend: refused, naming the rows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.checks import refusals_listed, refuse
from ..core.exceptions import SchemaError
from ..core.labels import agree, counted, id_list
from ..core.source_lines import rows_text, source_rows
from .cells import (
    EXCEL_ERRORS,
    EXCEL_ROUNDED_IDS,
    exact_copies,
    excel_rounded,
    joined_lines,
    page_links_dropped,
    to_text,
)
from .headers import find_columns
from .hierarchy import PARENT_COLUMNS
from .task_links import links_renamed
from .totals import totals_rows_or_raise

#: The ids a refusal names; the rest are counted.
_IDS_SHOWN = 5
#: Why rows that differ under one id cannot be loaded, and what to do, when nothing more specific is seen.
TWO_TASKS_ONE_ID = ("two tasks given one id, or an export of bookings (a worklog or timesheet: one row per booking, "
                    "not one per task); every row is forecast as a task, so such a task's hours would be counted once "
                    "per row. Give each task its own id, or export the tasks themselves, one row per task (pmo_forecast "
                    "has no worklog loader: a worklog's hours summed per task are the task's actual_hours)")
#: The same, when each id's rows are in different projects but a row has no project, or an id written with its
#: project is another row's already: a sheet numbering (or naming) each project's tasks afresh, not named by project.
NUMBERED_PER_PROJECT = ("ids that start again in each project (1, 2, ... or the same task names in every project)? A "
                        "task id must name one task in the whole table: write the project into it (P1-1, P2-1) or map "
                        "a column that gives each task an id of its own")
#: Said after either (not after an id Excel rounded, whose copies may be two tasks): what the loader does with a row
#: pasted twice.
COPIES_LEFT_OUT = ("A row that is an exact copy of another (every column the same: an export pasted twice) is left "
                   "out, and said in the load's notes")
#: ``detected``'s entry holding the task ids :func:`named_by_project` found unique as the table was read, for
#: :func:`copies_or_raise`: ids read as they were are not hashed again.
_UNIQUE_AS_READ = "_unique_as_read"
#: The column of :func:`named_by_project`'s tasks saying whether each was renamed.
_RENAMED = "renamed"
#: ``detected``'s entry saying a table's task ids started again in each project and were named by their project.
IDS_PER_PROJECT = "ids_per_project"
#: ``detected``'s entry holding the tasks :func:`copies_or_raise` renamed as the table was read (the early renaming,
#: :func:`named_by_project`, skipped), for :func:`renamed_said` to count those left.
_RENAMED_AS_READ = "_renamed_as_read"


def copies_or_raise(df: pd.DataFrame, file: str, detected: dict) -> np.ndarray:
    """The rows of ``df`` (a coerced task table) that are exact copies of an earlier row with the same task id
    (every column equal), a mask, said in ``detected["copied_rows"]`` with their ids and lines: the caller leaves
    them out (with what it holds by position, the statuses as written).

    Ids that start again in each project (every repeated id's rows, copies aside, in different projects, and every
    row with a project) are named by their project in ``df``, in place (:func:`_named_by_project`), said in
    ``detected[IDS_PER_PROJECT]``; the copies are then named so too. So are unique ids without their project beside
    ids written with it (:func:`_named_alike`).

    Raises
    ------
    SchemaError
        When an id is on rows that differ, naming the file, the id column, the ids and every row holding one (of a
        table with projects, only the ids on two rows of one project, where there are such: :func:`_within_a_project`), and
        the likely cause: an id in scientific notation (a CSV re-saved by Excel, :data:`EXCEL_ROUNDED_IDS`; such
        rows are never taken for copies: Excel made different tasks' rows alike), ids numbered afresh in each
        project that cannot be named by it (a row without a project, or such a name another row's id already:
        :data:`NUMBERED_PER_PROJECT`), else two tasks given one id or an export of bookings
        (:data:`TWO_TASKS_ONE_ID`).
    """
    none = np.zeros(len(df), bool)
    as_read = detected.pop(_UNIQUE_AS_READ, None)
    if S.TASK_ID not in df or len(df) < 2:
        return none
    ids = df[S.TASK_ID]
    # unique (the usual table) is known from an Index without a duplicated() pass (sorted ids: without hashing), or
    # from the ids as read, found unique then (named_by_project) and read as they were (compared, not hashed again)
    values = ids.to_numpy(dtype=object, na_value=None)
    if as_read is not None and len(as_read) == len(values) and (as_read == values).all() \
            or pd.Index(values, dtype=object, copy=False).is_unique:
        _renamed_as_read(_named_alike(df, detected), detected)
        return none
    repeated = _repeated(ids)
    if not repeated.any():
        _renamed_as_read(_named_alike(df, detected), detected)
        return none
    lines = source_rows(df)
    rounded = np.zeros(len(df), bool)
    rounded[repeated] = excel_rounded(ids[repeated])
    if rounded.any():  # the cause said as the validation says it
        _refuse(df, file, rounded, lines, f"{EXCEL_ROUNDED_IDS}.")
        return none  # listed (pmo-forecast validate): every row kept, for the validation to list
    copy, differ = _copies_and_differ(df, ids, repeated)
    if differ.any() and _cause(df, differ & ~copy) == NUMBERED_PER_PROJECT and df[S.PROJECT_ID].notna().all() \
            and (kept := _named_by_project(df, ids.to_numpy(object, na_value=None), df[S.PROJECT_ID].astype(
                str).to_numpy(object), differ & ~copy, copy, detected)) is not None:
        _renamed_as_read(kept, detected)
        differ[:] = False
        ids = df[S.TASK_ID]  # the copies named as the rows they copy
    if differ.any():
        differ = _within_a_project(df, differ, copy)
        _refuse(df, file, differ, lines, f": {_cause(df, differ)}. {COPIES_LEFT_OUT}.")
        copy &= ~differ  # listed (pmo-forecast validate): those rows kept, for the validation to list
    if not copy.any():
        return copy
    n = int(copy.sum())
    detected["copied_rows"] = (f"{counted(n, 'row')} left out as {agree(n, 'an exact copy', 'exact copies')} of an "
                               f"earlier row (every column the same: an export pasted twice?), each task counted once: "
                               f"{id_list(dict.fromkeys(ids[copy].astype(str)))} ({rows_text(lines[copy])})")
    return copy


def _renamed_as_read(kept: pd.DataFrame | None, detected: dict) -> None:
    """Keep the tasks renamed as the table was read (``kept``, :func:`_named_by_project`'s; None: none was) for
    :func:`renamed_said`: the rows that are no tasks (milestones, containers) have not left the table yet, and the
    note counted them (6 task ids renamed where 4 tasks are left) where an error value or NUL byte in the ids had
    skipped the early renaming."""
    if kept is not None:
        detected[_RENAMED_AS_READ] = kept


def _repeated(ids: pd.Series) -> np.ndarray:
    """The rows whose id (of ``ids``, a task table's) is on another row too, a mask: a blank id is validation's to
    report."""
    return (ids.duplicated(keep=False) & ids.notna()).to_numpy(bool)


def _copies_and_differ(df: pd.DataFrame, ids: pd.Series, repeated: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Of the rows ``repeated`` (a mask, :func:`_repeated`) of ``df`` under their ``ids``: those that are exact copies
    of an earlier row (every column equal), and every row of an id whose rows differ once the copies are left out
    (its copies too), two masks. :func:`copies_or_raise` and :func:`named_by_project` read a table's rows so."""
    copy = exact_copies(df, repeated)
    left = ids[repeated & ~copy]
    return copy, repeated & ids.isin(left[left.duplicated()]).to_numpy(bool)


def _cause(df: pd.DataFrame, differ: np.ndarray) -> str:
    """The likely cause of the rows ``differ`` (a mask) sharing ids: ids numbered afresh in each project when every
    such id's rows are in different projects, else two tasks given one id or an export of bookings."""
    if S.PROJECT_ID in df:
        pairs = df.loc[differ, [S.TASK_ID, S.PROJECT_ID]]
        if pairs[S.PROJECT_ID].notna().all() and not pairs.duplicated().any():
            return NUMBERED_PER_PROJECT
    return TWO_TASKS_ONE_ID


def _within_a_project(df: pd.DataFrame, differ: np.ndarray, copy: np.ndarray) -> np.ndarray:
    """Of the rows ``differ`` (a mask), those whose id is on two rows of one project that are no copies (``copy``, a
    mask) of each other, where there are such: the ids each project numbers afresh are no cause of the refusal, and
    named beside the ones that are they hid them."""
    if S.PROJECT_ID not in df or _cause(df, differ) != TWO_TASKS_ONE_ID:
        return differ
    pairs = pd.MultiIndex.from_frame(df[[S.TASK_ID, S.PROJECT_ID]].astype(object))
    kept = pairs[differ & ~copy]
    within = differ & pairs.isin(kept[kept.duplicated()])
    return within if within.any() else differ


def named_by_project(df: pd.DataFrame, detected: dict) -> pd.DataFrame | None:
    """Ids that start again in each project named by it in ``df`` (a task table as read, before
    :func:`~pmo_forecast.inputs.coerce.coerce`), in place, with the links to them, as :func:`copies_or_raise` names
    them, said in ``detected[IDS_PER_PROJECT]``: before any link between rows is followed (a roll-up column refused
    beside sub-tasks, a project taken from a parent column, ``apply_project``), so that a link names a task of its
    own project, never another project's with the same id. Only where the ids and projects read as coerce will read
    them (no error value, NUL byte, Notion link, id Excel rounded or totals row) and every row has a project; rows that differ
    under one id in one project, and the rest, are :func:`copies_or_raise`'s, as the table is read.

    Returns
    -------
    pandas.DataFrame or None
        The tasks renamed, for :func:`renamed_said` to count those left once the rows that are no tasks (a plan's
        summary rows, the top rows a parent column makes projects) have left the table; None when none was.
    """
    if S.TASK_ID not in df or S.PROJECT_ID not in df or len(df) < 2:
        return None
    as_read = df[S.TASK_ID].to_numpy(dtype=object, na_value=None)
    if pd.Index(as_read, dtype=object, copy=False).is_unique:  # kept for copies_or_raise, a copy (the column may change)
        detected[_UNIQUE_AS_READ] = as_read.copy()
        return None
    ids, linked = page_links_dropped(to_text(df[S.TASK_ID], repetitive=False), repetitive=False)
    projects = to_text(df[S.PROJECT_ID])
    cells = pd.concat([ids, projects], ignore_index=True).dropna()
    if linked.any() or projects.isna().any() or cells.str.upper().isin(EXCEL_ERRORS).any() \
            or cells.str.contains("\x00", regex=False).any() or excel_rounded(ids.dropna()).any():
        return None
    with refusals_listed():  # a totals row in each project ('Total' under Alpha's and Beta's rows): coerce's to refuse
        if totals_rows_or_raise(ids, file=detected.get("file", ""), column=S.TASK_ID, lines=source_rows(df),
                                groups=projects).any():
            return None
    copy, differ = _copies_and_differ(df, ids, _repeated(ids))
    again = differ & ~copy
    if not again.any() or pd.DataFrame({"id": ids[again], "project": projects[again]}).duplicated().any():
        return None
    return _named_by_project(df, ids.to_numpy(object, na_value=None), projects.to_numpy(object), again, copy, detected)


def renamed_said(df: pd.DataFrame, renamed: pd.DataFrame | None, detected: dict) -> None:
    """Say again in ``detected[IDS_PER_PROJECT]`` the tasks :func:`named_by_project` renamed (``renamed``) that
    are tasks of ``df`` (the table once the rows that are no tasks have left it: a plan's summary rows, the rows made
    projects, milestones and containers), and the links between them: counted before, the note named the rows made
    projects as tasks (6 renamed where 4 tasks are left), and the links to them. Those renamed as the table was read
    (:func:`copies_or_raise`, where ``renamed`` is None) are counted so too."""
    as_read = detected.pop(_RENAMED_AS_READ, None)
    renamed = as_read if renamed is None else renamed
    if renamed is None:
        return
    left = renamed[renamed.index.isin(df[S.TASK_ID].astype(object))]
    if left[_RENAMED].any():
        _say_renamed(left, renamed.attrs["head"], detected)
    else:  # every task renamed has left the table: none of its tasks was
        detected.pop(IDS_PER_PROJECT, None)


def _named_alike(df: pd.DataFrame, detected: dict) -> pd.DataFrame | None:
    """Ids written without their project beside ids written with it (a plan numbered 1, 2, ... added to a table
    whose ids were named by their project: unique, yet numbered as the others were before they were named), each
    named by its project as the others are (:func:`_named_by_project`), said in ``detected[IDS_PER_PROJECT]``: kept
    bare, ``Gamma``'s ``1`` beside ``Alpha/1`` named the table's tasks two ways, by how each plan came in. An id
    written with another project (named by the file's project, in a project taken from a column since) is named
    already: never twice. The tasks renamed (:func:`_named_by_project`'s), else None."""
    if S.PROJECT_ID not in df or df[S.PROJECT_ID].isna().any():
        return None
    if S.PROJECT_TASK_SEP not in joined_lines(df[S.TASK_ID].to_numpy(object)):  # one search: the usual table
        return None
    named = df[S.TASK_ID].astype("string").str.contains(S.PROJECT_TASK_SEP, regex=False)
    if not named.any():
        return None
    projects = df[S.PROJECT_ID].astype(str).to_numpy(object)
    tasks = df[S.TASK_ID].to_numpy(object, na_value=None)
    written = np.array([t is not None and t.startswith(p + S.PROJECT_TASK_SEP)
                        for p, t in zip(projects, tasks, strict=True)], dtype=bool)
    bare = (~named).to_numpy(bool, na_value=False)
    if written.any() and bare.any():
        return _named_by_project(df, tasks, projects, bare, np.zeros(len(df), bool), detected,
                                 beside=tasks[np.flatnonzero(written)[0]])
    return None


def _named_by_project(df: pd.DataFrame, tasks: np.ndarray, projects: np.ndarray, again: np.ndarray,
                      copy: np.ndarray, detected: dict, beside: str | None = None) -> pd.DataFrame | None:
    """Write each task id of ``df`` (``tasks``, as text, in its ``projects``' entry) with its project (``Alpha/1``),
    in place, unless it is so written already, and the links to them from the same project (parents,
    predecessors), said in ``detected[IDS_PER_PROJECT]`` (``again``: the rows of the ids that start again, or of
    those written without their project ``beside`` one written with it, a mask; ``copy``: the rows left out).
    The rows kept, by their new ids: whether each was renamed, and the tasks its links renamed name, a column each (the
    note's opening words in its attrs, ``head``); None, ``df`` as it was, when two rows kept would still share an
    id (``Alpha/1`` beside ``1`` in ``Alpha``)."""
    sep = S.PROJECT_TASK_SEP
    named = np.array([t if t is None or t.startswith(p + sep) else f"{p}{sep}{t}"
                      for p, t in zip(projects, tasks, strict=True)], dtype=object)
    if pd.Series(named[~copy], dtype=object).dropna().duplicated().any():
        return None
    kept = pd.DataFrame({_RENAMED: (named != tasks)[~copy]}, index=pd.Index(named[~copy], dtype=object))
    by_pair = dict(zip(zip(projects, tasks, strict=True), named, strict=True))
    follows = find_columns(df.columns, S.PREDECESSOR_HEADERS)
    for col in dict.fromkeys(c for c in find_columns(df.columns, PARENT_COLUMNS) + follows
                             if c is not None and c not in (S.TASK_ID, S.PROJECT_ID)):
        values, to, _ = links_renamed(to_text(df[col]).to_numpy(object, na_value=None), projects, by_pair,
                                      predecessors=col in follows, names=True)
        n = np.array([len(t) for t in to], dtype=int)
        if n.any():
            df[col] = pd.Series(values, index=df.index, dtype=S.DTYPES["string"])
        if n[~copy].any():  # on the rows kept: the tasks each row's links name, counted while they are in the table
            kept[col] = to[~copy]
    df[S.TASK_ID] = pd.Series(named, index=df.index, dtype=S.DTYPES["id"])
    where = (f"{id_list(dict.fromkeys(tasks[again]), _IDS_SHOWN)} in "
             f"{id_list(dict.fromkeys(projects[again]), _IDS_SHOWN)}")
    kept.attrs["head"] = (f"task ids written without their project ({where}) beside ids written with it ({beside})"
                          if beside else f"task ids start again in each project ({where})")
    _say_renamed(kept, kept.attrs["head"], detected)
    return kept


def _say_renamed(kept: pd.DataFrame, head: str, detected: dict) -> None:
    """Say in ``detected[IDS_PER_PROJECT]``, after ``head``, how many of the tasks ``kept`` (by their new ids:
    whether each was renamed, the tasks its links renamed name, a column each) were renamed, one for example, and the
    links between them."""
    renamed = kept.index[kept[_RENAMED].to_numpy(bool)]
    tasks = set(kept.index)  # a link to a row that left the table (a container, a milestone, a project) is none
    links = {col: k for col in kept.columns[1:] if (k := sum(t in tasks for to in kept[col] for t in to))}
    n, k = len(renamed), sum(links.values())
    detected[IDS_PER_PROJECT] = (
        f"{head}: each task is named by its project and id ({renamed[0]}); "
        f"{counted(n, 'task id')} renamed so"
        + (f", and {counted(k, 'link')} to them ({', '.join(map(repr, links))})" if k else ""))


def _refuse(df: pd.DataFrame, file: str, rows: np.ndarray, lines, cause: str) -> None:
    """Refuse (:func:`~pmo_forecast.core.checks.refuse`: raised, or listed by ``pmo-forecast validate``) naming the
    ids on ``rows`` (a mask) and their lines, then ``cause`` (from its punctuation on)."""
    ids = list(dict.fromkeys(df[S.TASK_ID][rows].astype(str)))
    bad = lines[rows]
    refuse(SchemaError(f"{file}: column '{S.TASK_ID}' must be unique, but {id_list(map(repr, ids), _IDS_SHOWN)} "
                       f"{agree(len(ids), 'appears', 'appear')} more than once ({rows_text(bad)}){cause}",
                       file=file, column=S.TASK_ID, rows=bad))
