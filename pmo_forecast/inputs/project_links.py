"""Each task's project, and the links between rows that lead to it.

:func:`apply_project` sets ``project_id`` from the column a mapping names (Epic Link, Parent, Labels,
Component/s, Asana's Projects, any custom field): values that are another row's key or issue id are
followed up to the top row, whose summary names the project and which leaves the task table;
sub-tasks without one take their parent's. :func:`linked_rows` and :func:`row_names` find the row a
link names (by key, then by Jira's issue id; a whole-number float such as ``10001.0`` read as
``10001``), for the plans read beside the tasks too.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.exceptions import SchemaError
from ..core.keys import status_key
from ..core.labels import agree, counted, id_list
from ..core.source_lines import keep_rows, rows_text, source_rows
from .cells import distinct_values, exact_copies, factorize_column, per_row, to_text
from .formats import JIRA, READER_PROJECT_FORMATS, first_load, loaded_before, loaded_before_by
from .headers import english_header, find_column, resolve_column
from .parsing import header_name

#: Project columns the tracker readers read as ``project_id`` themselves.
FORMAT_PROJECT_COLUMNS = {"project key", "project", "project_id", "list name", "folder name", "space name"}
#: The value given to tasks whose project field is empty.
NO_PROJECT = "(no {field})"
#: Project columns listing a task's projects with commas (Asana's ``Projects``: a task in two projects; Wrike's
#: ``Folders``, a task tagged into several folders, joined by ``, `` as its ``Assignees`` are). Of several, the first
#: is taken, as of a ``; `` list (:func:`_listed_project`).
PROJECT_LISTS = ("projects", "folders")
#: A sub-task's parent by key or id (Jira, Azure DevOps), else by its name (Asana's ``Parent task``; Redmine's
#: ``Parent task`` holds the parent's issue number, a row's key: :func:`parent_links`).
PARENT_LINKS = ("parent id", "parent")
PARENT_NAMES = ("parent task",)


def _link_columns(df: pd.DataFrame) -> list[np.ndarray]:
    """The columns another row can link a row by, in order of precedence: its key (PMO-12), then
    Jira's numeric issue id (10012)."""
    cols = [df[S.TASK_ID].astype("string")]
    id_col = find_column(df.columns, "issue id")
    if id_col is not None:
        cols.append(to_text(df[id_col]))
    return [c.to_numpy(object, na_value=None) for c in cols]


def linked_rows(df: pd.DataFrame, values: pd.Series) -> np.ndarray:
    """The row position each of ``values`` names, -1 for none: the row with that key, else the row
    with that issue id; of two such rows, the later. Looked up once per distinct value."""
    codes, distinct = factorize_column(values)
    names = _link_columns(df)
    # an issue id written as a whole-number float (10001.0: a column with blanks re-saved by pandas or
    # Excel) names the row of 10001; unfollowed, sub-tasks became projects "10001.0" and epics tasks. The names
    # as an Index: hashed only when a link is spelt so (a set of every row's names took 0.2 s a 300,000-row load)
    known = pd.Index(np.concatenate(names), dtype=object)
    # '12' beside '#12' (or 10001.0) is one name once read: its rows looked up as one (the index must be unique)
    again, distinct = pd.factorize(pd.Series(whole_number_links(np.asarray(distinct, dtype=object), known),
                                             dtype=object))
    codes, distinct = per_row(again, codes, -1), pd.Index(distinct, dtype=object)
    at = np.full(len(distinct), -1)
    for col in names:
        which = distinct.get_indexer(col)  # each row's name among the distinct values (-1: none of them)
        rows = np.flatnonzero(which >= 0)
        last = np.full(len(distinct), -1)
        np.maximum.at(last, which[rows], rows)
        at = np.where(at >= 0, at, last)
    return per_row(at, codes, -1)


#: A whole number as a float spells it (``10001.0``), or an issue number as Redmine writes it in text (``#12``),
#: its digits in group 1.
_WHOLE_NUMBER = r"^#?(\d+)(?:\.0+)?$"


def whole_number_links(values: np.ndarray, names) -> np.ndarray:
    """``values`` (links to other rows, text or None), each written as a whole-number float (``10001.0``) or
    as an issue number (``#12``) read as the whole number (``10001``, ``12``) where only that is one of
    ``names``; looked up once per distinct value."""
    codes, distinct = pd.factorize(pd.Series(values, dtype=object))
    whole = pd.Series(distinct, dtype="string").str.extract(_WHOLE_NUMBER, expand=False)
    # a value already its whole number (Jira's issue ids, 10001) is kept without a look at ``names``: the first look
    # hashes them all (two lookups of 600,000 names took 0.6 s of a 300,000-row Jira load)
    fixed = [w if isinstance(w, str) and w != d and d not in names and w in names else d
             for d, w in zip(distinct, whole.to_numpy(object, na_value=None), strict=True)]
    return per_row(np.asarray(fixed, dtype=object), codes, None)


def parent_links(df: pd.DataFrame) -> list[np.ndarray]:
    """Per parent column of ``df``, each row's parent where the column names another row of the export (by key or
    issue id: :func:`linked_rows`), -1 elsewhere: ``Parent id`` and ``Parent`` (:data:`PARENT_LINKS`), and
    ``Parent task`` (:data:`PARENT_NAMES`), Redmine's, the parent's issue number (``12`` or ``#12``, the row
    whose ``#`` is 12); Asana's holds the parent's name, which links no row (followed by name for the project
    alone: :func:`_parents_by_name`). Empty without a parent column or ``task_id``."""
    if S.TASK_ID not in df or not len(df):
        return []
    links = []
    for name in (*PARENT_LINKS, *PARENT_NAMES):
        col = find_column(df.columns, name)
        if col is not None:
            found = linked_rows(df, to_text(df[col]))
            links.append(np.where(found != np.arange(len(df)), found, -1))
    return links


def sub_task_links(df: pd.DataFrame) -> np.ndarray:
    """The position of each row's parent where the row is another row's sub-task, -1 elsewhere: a parent column
    (:func:`parent_links`: Jira's ``Parent id`` or ``Parent``, Redmine's ``Parent task``) names a row of the
    export (by key or issue id) below the epics' level. Jira Cloud's one ``Parent`` column links each level to the one above (sub-task > story >
    epic > Initiative, and any custom level): a link to an epic or an Initiative (its ``Issue Type``,
    :data:`~pmo_forecast.core.schema.JIRA_EPIC_TYPES`, :data:`~pmo_forecast.core.schema.JIRA_INITIATIVE_TYPES`),
    or to a row above one of them (an epic's parent, whatever its type), is no sub-task's: a Feature under an
    Initiative is an item of its own, children or not. A row above the epics' level, and a row other rows link
    to as their parent, are no sub-tasks either, since a Jira sub-task has no children."""
    out = np.full(len(df), -1)
    links = parent_links(df)  # per link column, each row's parent (-1: none)
    if not links:  # no parent column: no sub-tasks (and nothing read per row: it runs on every load)
        return out
    above = epic_level_rows(df)
    has_children = np.zeros(len(df), dtype=bool)
    for found in links:
        has_children[found[found >= 0]] = True
    while True:  # up the levels: the parent of a row at the epics' level or above is above it too
        up = above.copy()
        for found in links:
            up[found[above & (found >= 0)]] = True
        if (up == above).all():
            break
        above = up
    for found in links:
        linked = found >= 0
        out = np.where((out < 0) & linked & ~above[np.where(linked, found, 0)], found, out)
    return np.where(above | has_children, -1, out)


def epic_level_rows(df: pd.DataFrame) -> np.ndarray:
    """Rows whose ``Issue Type`` is at the epics' level or above (:data:`~pmo_forecast.core.schema.JIRA_EPIC_TYPES`,
    :data:`~pmo_forecast.core.schema.JIRA_INITIATIVE_TYPES`): no sub-task's parent (:func:`sub_task_links`)."""
    if S.TASK_TYPE not in df:
        return np.zeros(len(df), dtype=bool)
    # once per issue type, not per row (a million status_key calls took 6 s)
    codes, types = distinct_values(to_text(df[S.TASK_TYPE]))
    levels = S.JIRA_EPIC_TYPES | S.JIRA_INITIATIVE_TYPES
    return per_row(np.array([isinstance(t, str) and status_key(t) in levels for t in types], dtype=bool),
                   codes, False)


def sub_task_rows(df: pd.DataFrame) -> np.ndarray:
    """Rows that are another row's sub-task (:func:`sub_task_links`)."""
    return sub_task_links(df) >= 0


def sub_task_or_typed_rows(df: pd.DataFrame) -> np.ndarray:
    """A Jira export's sub-tasks: rows of a sub-task issue type (``Sub-task``, in its languages:
    :data:`~pmo_forecast.core.schema.JIRA_SUBTASK_TYPES`), or linked to a parent issue of the export
    (:func:`sub_task_rows`); an export without its Parent column still says its sub-tasks by their type. The type
    is ``task_type``, else the export's own ``Issue Type`` (in its languages: a table no tracker reader read keeps
    it so where no mapping names it)."""
    typed = np.zeros(len(df), dtype=bool)
    if (col := S.TASK_TYPE if S.TASK_TYPE in df else find_column(df.columns, "issue type")) is not None:
        codes, types = distinct_values(to_text(df[col]))  # once per issue type, not per row
        typed = per_row(np.array([isinstance(t, str) and status_key(t) in S.JIRA_SUBTASK_TYPES for t in types],
                                 dtype=bool), codes, False)
    return typed | sub_task_rows(df)


def row_names(df: pd.DataFrame) -> dict:
    """The names another row can link a row by (:func:`linked_rows`), to the row's position."""
    names = pd.Series(np.concatenate(_link_columns(df)), dtype=object).dropna().drop_duplicates()
    return dict(zip(names, linked_rows(df, names).tolist(), strict=True))


def apply_project(df: pd.DataFrame, column: str, prefix: str | None, *, file: str, detected: dict) -> pd.DataFrame:
    """Set ``project_id`` from ``column`` (the tracker's own project moves to ``tracker_project``); a table
    loaded so before keeps the ``project_id`` it has (:func:`_loaded_projects`).

    Values that are another row's issue key or id (Epic Link, Parent) are followed up
    to the top row (a sub-task's parent story's epic); those top rows are the projects
    themselves: they are dropped from the tasks and their summary becomes
    ``project_name`` (:data:`~pmo_forecast.core.schema.PROJECT_NAME`). For list columns (Labels, Component/s: ``a; b``; Asana's
    ``Projects`` and Wrike's ``Folders``: ``a,b``) the first item, or the first starting with ``prefix``, is
    used, said in ``detected["project_lists"]``. Tasks with no value go to the
    project ``(no <column>)``, counted in ``detected["no_project"]``.
    """
    if find_column(df.columns, column) is None and S.PROJECT_ID in df and header_name(column) in FORMAT_PROJECT_COLUMNS:
        detected["project_id"] = column  # the tracker's own project column, already read as project_id
        return df
    if _loaded_projects(df, column, prefix, file=file, detected=detected):
        return df
    col = resolve_column(df, column, file, "project", detected)
    values = _listed_project(to_text(df[col]), col, prefix, detected)
    keys = df[S.TASK_ID].astype("string") if S.TASK_ID in df else None
    parent_of: dict = {}
    alias: dict = {}
    if keys is not None:
        # a blank key links nothing (coerce refuses it, naming its line); pd.NA would not compare
        key_arr = keys.to_numpy(object, na_value=None)
        values, alias, parent_of = _linked_rows(df, values, key_arr, col, column, detected)
        _one_row_each_or_raise(df, key_arr, [alias.get(v) for v in values.to_numpy(object, na_value=None)], col, file)
    out = values.to_numpy(object, na_value=None).copy()
    containers: set = set()
    if parent_of:
        out, containers = _top_rows(df, out, key_arr, parent_of, alias, column, detected)
    _inherit_from_parent(df, col, out, keys, alias, detected, file)
    if S.PROJECT_ID in df:
        df = df.rename(columns={S.PROJECT_ID: S.TRACKER_PROJECT})
    names, dues = None, {}
    if containers:
        df, out, names, dues = _containers_dropped(df, out, keys, key_arr, containers, detected)
    missing = np.array([not isinstance(v, str) or not v for v in out])
    label = NO_PROJECT.format(field=column)
    if missing.any():
        out[missing] = label
        detected["no_project"] = f"{counted(int(missing.sum()), 'task')} without {column}: project '{label}'"
    df.insert(0, S.PROJECT_ID, pd.Series(list(out), index=df.index, dtype=S.DTYPES["id"]))
    names = _summary_names(df, col, column, names)
    if names:
        df[S.PROJECT_NAME] = df[S.PROJECT_ID].map(names).astype(S.DTYPES["string"])
    if any(isinstance(v, str) for v in dues.values()):  # the epic's due date: init's projects template
        df["project_due"] = df[S.PROJECT_ID].map(dues).astype(S.DTYPES["string"])
    detected["project_id"] = column + (f" (labels starting with '{prefix}')" if prefix else "")
    return df


def _listed_project(values: pd.Series, col: str, prefix: str | None, detected: dict) -> pd.Series:
    """Each row's project in ``values`` (the column ``col`` as text): of a list (``a; b``, Asana's ``a,b``), the
    first item, or the first starting with ``prefix``, said in ``detected["project_lists"]``."""
    sep = "[;,]" if header_name(col) in PROJECT_LISTS else ";"
    # Asana's and Wrike's "a,b": a comma splits only where a part is a project of its own ("Sales, EMEA" is one name)
    alone = set(values[~values.str.contains(sep, regex=True).fillna(True)].str.strip()) if sep != ";" else set()

    def split(v):
        if not isinstance(v, str):
            return v
        parts = re.split(sep, v)
        if ";" not in v and len(parts) > 1 and not any(p.strip() in alone for p in parts):
            return [v]
        return parts

    items = values.map(split)
    several = items.map(lambda x: isinstance(x, list) and len(x) > 1).to_numpy(dtype=bool)
    if not (several.any() or prefix):
        return values

    def pick(lst):
        if not isinstance(lst, list):
            return None
        lst = [x.strip() for x in lst if x and x.strip()]
        if prefix:
            lst = [x for x in lst if x.startswith(prefix)]
        return lst[0] if lst else None

    if several.any():
        detected["project_lists"] = (f"{counted(int(several.sum()), 'task')} "
                                     f"{agree(int(several.sum()), 'lists', 'list')} several projects in '{col}' "
                                     f"({values[several].iloc[0]!r}): the "
                                     f"{f'first starting with {prefix!r}' if prefix else 'first'} is taken")
    return pd.Series([pick(v) for v in items], index=values.index, dtype=S.DTYPES["string"])


def _linked_rows(df: pd.DataFrame, values: pd.Series, key_arr: np.ndarray, col: str, column: str,
                 detected: dict) -> tuple[pd.Series, dict, dict]:
    """``values`` with the links written as whole numbers read as the rows' names, the names a row is linked
    by (name -> its key: :func:`row_names`, and Jira Server's epic names), and each linked row's key -> the key
    of the row it links to; links to items not in the export are said in ``detected["project_outside"]``."""
    alias = {name: key_arr[i] for name, i in row_names(df).items() if key_arr[i] is not None}
    epic_name = find_column(df.columns, "epic name")  # some Jira Server exports link by the epic's name
    if epic_name is not None and epic_name != col:
        names_ = to_text(df[epic_name]).to_numpy(object)
        alias.update({n: k for n, k in zip(names_, key_arr, strict=True)
                      if isinstance(n, str) and n not in alias and k is not None})
    vals = whole_number_links(values.to_numpy(object, na_value=None), alias)
    values = pd.Series(vals, index=values.index, dtype=S.DTYPES["string"])
    linked = np.array([isinstance(v, str) and v in alias for v in vals])
    parent_of: dict = {}
    if linked.any():
        parent_of = {k: alias[v] for k, v, ok in zip(key_arr, vals, linked, strict=True) if ok}
        # a link column whose other values name no row: items outside the export (an epic filtered out)
        outside = sorted({v for v, ok in zip(vals, linked, strict=True) if isinstance(v, str) and v and not ok})
        if outside:
            n_out = sum(1 for v, ok in zip(vals, linked, strict=True) if isinstance(v, str) and v and not ok)
            detected["project_outside"] = (f"{counted(n_out, 'task')} {agree(n_out, 'links', 'link')} through "
                                           f"{column} to {counted(len(outside), 'item')} not "
                                           f"in the export ({id_list(map(repr, outside), 3)}): each is a "
                                           "project named by its link")
    return values, alias, parent_of


def _top_rows(df: pd.DataFrame, out: np.ndarray, key_arr: np.ndarray, parent_of: dict, alias: dict, column: str,
              detected: dict) -> tuple[np.ndarray, set]:
    """Each row's project followed through ``parent_of`` to the top row (or the value the top row links to outside
    the export), and the keys of the top rows that are projects themselves (containers); said in
    ``detected["project_links"]``."""
    def top(k):
        seen = set()
        while k in parent_of and k not in seen:
            seen.add(k)
            k = parent_of[k]
        return k

    own = dict(zip(key_arr, out, strict=True))
    tops = {}
    for k in parent_of:
        t = top(k)
        # the top row links further, to a row not in the export (an epic filtered out): that value
        tops[k] = own[t] if isinstance(own.get(t), str) and own[t] and own[t] not in alias else t
    containers = {t for t in tops.values() if t in own and not (isinstance(own[t], str) and own[t])}
    if detected.get("format") == JIRA:
        containers = _parent_issues(df, key_arr, parent_of, tops, containers, column, detected)
    out = np.array([tops.get(k, v) for k, v in zip(key_arr, out, strict=True)], dtype=object)
    n_projects = len({v for v in out if isinstance(v, str) and v})
    detected["project_links"] = f"{column} followed to the top row ({counted(n_projects, 'project')})"
    return out, containers


def _containers_dropped(df: pd.DataFrame, out: np.ndarray, keys: pd.Series, key_arr: np.ndarray, containers: set,
                        detected: dict) -> tuple[pd.DataFrame, np.ndarray, dict | None, dict]:
    """The table and ``out`` without the container rows (the projects, not work), with the containers' names
    (their summary) and due dates by key; counted in ``detected["project_rows_dropped"]``."""
    names = None
    is_container = np.isin(key_arr, list(containers))
    summary = find_column(df.columns, "summary")
    if summary is not None:
        names = dict(zip(keys[is_container].to_numpy(object),
                         to_text(df.loc[is_container, summary]).to_numpy(object, na_value=None), strict=True))
    due_col = find_column(df.columns, "due date")
    dues = {} if due_col is None else dict(zip(
        keys[is_container].to_numpy(object),
        to_text(df.loc[is_container, due_col]).to_numpy(object, na_value=None), strict=True))
    # the container rows are the projects, not work: keep them out of the task table
    lines = source_rows(df)
    df = df.loc[~is_container].reset_index(drop=True)
    keep_rows(df, lines[~is_container])
    detected["project_rows_dropped"] = int(is_container.sum())
    return df, out[~is_container], names, dues


def _summary_names(df: pd.DataFrame, col: str, column: str, names: dict | None) -> dict | None:
    """The projects' names from the link column's summary column (Jira Cloud's "Parent summary", left in English
    beside the German "Übergeordnet"), under those of the container rows (``names``)."""
    summary_col = find_column(df.columns, f"{column} summary") or find_column(
        df.columns, f"{english_header(column)} summary")
    if summary_col is None:
        return names
    direct = dict(zip(to_text(df[col]).to_numpy(object, na_value=None),
                      to_text(df[summary_col]).to_numpy(object, na_value=None), strict=True))
    return {**{k: v for k, v in direct.items() if isinstance(k, str) and isinstance(v, str)}, **(names or {})}


def _loaded_projects(df: pd.DataFrame, column: str, prefix: str | None, *, file: str, detected: dict) -> bool:
    """Whether ``df`` is a task table loaded before with its project from a mapping, whose ``project_id`` is
    then kept, said in ``detected["project_kept"]``: the rows the mapping's links led to (the epics) left the
    table at that load, and followed again the links name other projects (Jira Cloud's ``Parent`` holds the
    epic's issue id: "10001" for PMO-1). A frame the loader returned says the column it took the project from
    (another column is a SchemaError: the loader takes a table's project once); a table saved from one has
    ``tracker_project`` beside ``project_id``, or, where the export had no project of its own (a plain table
    whose project came from a parent column), the sidecar save_tasks wrote or the loader's header
    (:func:`~pmo_forecast.inputs.formats.loaded_before`, said as :func:`~pmo_forecast.inputs.formats.loaded_before_by`).
    A table whose project was the tracker's own column (Project key, read as ``project_id``) took none from a
    mapping."""
    if S.PROJECT_ID not in df:  # none to keep (a frame whose project_id was dropped): taken from the mapping
        return False
    said = column + (f" (labels starting with '{prefix}')" if prefix else "")
    loaded = first_load(detected)
    first = loaded.get("project_id")
    own = first is not None and (header_name(first) in FORMAT_PROJECT_COLUMNS
                                 or loaded.get("format") in READER_PROJECT_FORMATS)
    if own and S.TRACKER_PROJECT not in df:
        # the table's own project column, read as project_id, or its reader's (a plan's Title, SiP's ProjectCode,
        # Jira's issue key prefix, ClickUp's List): nothing was taken from a mapping
        first = None
    tracker = S.TRACKER_PROJECT in df  # else saved in the loader's header, its project from a plain table's column
    if first is None and not (tracker or ("_loaded" not in detected and loaded_before(df.columns, detected))):
        return False
    dropped = loaded.get("project_rows_dropped", 0) if first is not None else 0
    gone = f" (the {counted(dropped, 'row')} its links led to, such as epics, left the table then)" if dropped else ""
    # the same column however spelt ('Epic Link' for 'Custom field (Epic Link)'); a prefix is said in full
    if first is not None and first != said and (prefix or find_column([first], column) is None):
        raise SchemaError(f"{file}: this task table was loaded before with its project from {first!r}{gone}: the "
                          f"loader takes a table's project from one column, once. Load the export itself with the "
                          f"mapping that takes it from {said!r}, or leave the project out of the mapping to keep the "
                          "projects the table has.", file=file, column=column)
    kept = f"its project_id kept ({counted(int(df[S.PROJECT_ID].nunique()), 'project')}), not taken from {column} again"
    detected["project_kept"] = (
        f"the table was loaded before with its project from {said}: {kept}{gone}" if first is not None else
        f"the table was loaded before with a project mapping ('{S.TRACKER_PROJECT}' beside project_id): {kept} "
        "(the rows its links may lead to, such as epics, left the table then); if that load took the project from "
        "another column, load the export itself with this mapping" if tracker else
        f"the table was loaded before ({loaded_before_by(detected)}): {kept} (the rows its "
        "links may lead to, such as epics, left the table then); if that load took the project from another column "
        "or from none, load the export itself with this mapping")
    return True


def _parent_issues(df, key_arr, parent_of: dict, tops: dict, containers: set, column: str, detected: dict) -> set:
    """Of a Jira export's top rows, those that are projects: an issue whose direct children are all sub-tasks
    (a story with sub-tasks and no epic) stays a task, it and its sub-tasks without a project (``tops``
    changed in place, said in ``detected["sub_task_parents"]``); another top row that is not an epic (an
    Initiative over epics) is a project, said in ``detected["project_parent_issues"]``. Without an issue type
    every top row is a project, as before."""
    if S.TASK_TYPE not in df:
        return containers
    kind = {k: status_key(t) for k, t in zip(key_arr, to_text(df[S.TASK_TYPE]).to_numpy(object, na_value=None),
                                                strict=True) if isinstance(t, str)}
    children: dict = {}
    for k, p in parent_of.items():
        children.setdefault(p, []).append(k)
    kept = {t for t in containers if t in kind and kind[t] not in S.JIRA_EPIC_TYPES
            and all(kind.get(k) in S.JIRA_SUBTASK_TYPES for k in children.get(t, ()))}
    at = {k: i for i, k in enumerate(key_arr)}  # a key's row: one lookup each, not a scan of the export
    summary = find_column(df.columns, "summary")
    title = dict(zip(key_arr, to_text(df[summary]).to_numpy(object, na_value=None), strict=True)) if summary else {}

    def named(keys):
        keys = sorted(keys, key=at.__getitem__)
        return id_list((f"{k} {title[k]!r}" if isinstance(title.get(k), str) else str(k) for k in keys), 5)

    if kept:
        for k, t in tops.items():
            if t in kept:
                tops[k] = None
        n = len(kept)
        detected["sub_task_parents"] = (f"{counted(n, 'issue')} with sub-tasks and no {column} ({named(kept)}) "
                                        f"{agree(n, 'stays a task', 'stay tasks')}, not {agree(n, 'a project', 'projects')}: "
                                        f"{agree(n, 'its', 'their')} sub-tasks are parts of "
                                        f"{agree(n, 'its', 'their')} work")
    others = {t for t in containers - kept if t in kind and kind[t] not in S.JIRA_EPIC_TYPES}
    if others:
        n = len(others)
        types = ", ".join(sorted({str(df[S.TASK_TYPE].iloc[at[t]]) for t in others}))
        detected["project_parent_issues"] = (f"{counted(n, 'parent issue')} that {agree(n, 'is', 'are')} not "
                                             f"{agree(n, 'an epic', 'epics')} ({types}) taken as "
                                             f"{agree(n, 'a project', 'projects')}, as the top of the issues that "
                                             f"link to {agree(n, 'it', 'them')} through {column}: {named(others)}")
    return containers - kept


def _inherit_from_parent(df, col, out, keys, alias, detected, file) -> None:
    """Sub-tasks: no Epic Link of their own, their parent's (``Parent id``/``Parent``) project; Asana's
    sub-tasks name their parent (``Parent task``), found by the ``Name`` column."""
    def first(names):
        return next((c for n in names if (c := find_column(df.columns, n)) is not None and c != col), None)

    pcol = first(PARENT_LINKS)
    if pcol is None and (pcol := first(PARENT_NAMES)) is not None and keys is not None:
        alias = _parents_by_name(df, pcol, out, keys, file)
    if pcol is None or keys is None:
        return
    parents = whole_number_links(to_text(df[pcol]).to_numpy(object, na_value=None), alias)
    _one_row_each_or_raise(df, keys.to_numpy(object, na_value=None),
                           [alias.get(p) if isinstance(p, str) and not (isinstance(v, str) and v) else None
                            for p, v in zip(parents, out, strict=True)], pcol, file)
    pos = {k: i for i, k in enumerate(keys.to_numpy(object))}
    n = 0
    for _ in range(5):  # a chain of parents, a few levels at most
        changed = False
        for i in np.flatnonzero([not isinstance(v, str) or not v for v in out]):
            j = pos.get(alias.get(parents[i])) if isinstance(parents[i], str) else None
            if j is not None and isinstance(out[j], str) and out[j]:
                out[i] = out[j]
                changed, n = True, n + 1
        if not changed:
            break
    if n:
        detected["project_inherited"] = f"{counted(n, 'task')} (sub-tasks) took their parent's {col} ('{pcol}')"


def _one_row_each_or_raise(df: pd.DataFrame, key_arr: np.ndarray, targets: list, column: str, file: str) -> None:
    """Refuse links (``targets``: the task id each row's ``column`` names, or None) to an id on two rows of ``df``
    that are no copies of each other, naming the rows: ids that start again in each project, with no project to
    tell them apart (the project is what the links lead to). Which row a link means cannot be told: followed, each
    led to the last, another project's, whose tasks and hours they became."""
    keys = pd.Series(key_arr, dtype=object)
    twice = (keys.duplicated(keep=False) & keys.notna()).to_numpy(bool)
    if not twice.any():
        return
    differ = twice & ~exact_copies(df, twice)  # a row pasted twice is one task (repeated_ids leaves the copy out)
    kept = keys[differ]
    named = pd.Series(targets, dtype=object)
    bad = named.isin(set(kept[kept.duplicated()])).to_numpy(bool)
    if not bad.any():
        return
    lines = source_rows(df)
    ids = list(dict.fromkeys(named[bad]))
    n = int(bad.sum())
    raise SchemaError(f"{file}: {counted(n, 'row')} {agree(n, 'links', 'link')} through '{column}' to "
                      f"{agree(len(ids), 'a task id', 'task ids')} on more than one row ({id_list(map(repr, ids), 5)}: "
                      f"{rows_text(lines[differ & keys.isin(ids).to_numpy(bool)])}), which {agree(n, 'it', 'they')} "
                      "cannot tell apart: ids that start again in each project? A task id must name one task in the "
                      "whole table: write the project into it (P1-1, P2-1), or map a column that gives each task its "
                      "project as project_id, so that each link is read within its project.",
                      file=file, column=column, rows=lines[bad].tolist())


def _parents_by_name(df, pcol, out, keys, file) -> dict:
    """Task name -> key, for the sub-tasks without a project whose ``pcol`` names their parent; a name
    that two rows share is an error naming them (which one's project to take cannot be told)."""
    name_col = find_column(df.columns, "name")
    if name_col is None:
        return {}
    names = to_text(df[name_col]).str.strip()
    parents = to_text(df[pcol]).str.strip()
    lines = source_rows(df)
    orphan = np.array([not isinstance(v, str) or not v for v in out]) & parents.notna().to_numpy(dtype=bool)
    shared = names[names.duplicated(keep=False)]
    for i in np.flatnonzero(orphan & parents.isin(shared).to_numpy(dtype=bool)):
        rows = lines[(names == parents.iloc[i]).to_numpy(dtype=bool)]
        raise SchemaError(f"{file}: the sub-task on {rows_text(lines[i:i + 1])} names its parent {parents.iloc[i]!r} in '{pcol}', "
                          f"and {len(rows)} tasks have that '{name_col}' ({rows_text(rows)}): which one's project it "
                          f"takes cannot be told. Give them different names, or fill the sub-task's project.",
                          file=file, column=pcol, rows=[lines[i]])
    keep = names.notna() & ~names.isin(shared)
    return dict(zip(names[keep].to_numpy(object), keys[keep].to_numpy(object), strict=True))
