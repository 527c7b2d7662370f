"""A row's links to other rows by their ids, written as those rows' names: a parent (``1``, ``#1``, ``1.0``) and a
plan's predecessors (``2,3FS+1d``: MS Project's link type and lag kept).

Ids named by their project (:mod:`~pmo_forecast.inputs.repeated_ids`) take their links with them
(:func:`links_renamed`). An MS Project export names a task's predecessors and successors by its ``ID``, the row
number the plan shows, which moves as tasks are inserted; mapped from its ``Unique ID``, the task ids are other
numbers, and each link named another task (ID 3 is not the task of Unique ID 3): :func:`predecessors_by_task_id`
reads each link as the task id of the task it names, said in ``detected["predecessors"]``. No forecast reads the
links yet; the table a loader returns must not say one task follows another it does not.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.exceptions import DataQualityWarning, warn
from ..core.labels import agree, counted
from ..core.source_lines import IN_MEMORY
from .cells import to_text
from .headers import find_columns
from .parsing import header_name
from .project_links import whole_number_links

#: A plan's link to another task (a predecessor, ``3FS+2d``): the task's id, then MS Project's link type and lag.
_LINK = re.compile(rf"(?P<id>.+?)(?P<rest>\s*(?:{'|'.join(S.MS_PROJECT_LINK_TYPES)})(?:\s*[+-].*)?)", re.IGNORECASE)
#: What separates the links of one cell (``2,3FS+1d``; ``;`` where the list separator is a comma's), kept as written.
_LINKS_SEP = re.compile(r"(\s*[,;]\s*)")


def links_renamed(values: np.ndarray, projects: np.ndarray, by_pair: dict,
                  predecessors: bool, *, names: bool = False) -> tuple[list, np.ndarray, np.ndarray]:
    """``values`` (a link column as text, each row's in its ``projects``' entry), each link that names a task of its
    row's project (``by_pair``: (project, id) -> the task's new name) written as that name; how many were on each
    row (with ``names``, which: the new names they give, a tuple a row, so that a caller can count those to tasks
    still in the table); and how many named none. A link is a parent's id (``1``, or as Redmine and a re-saved
    column write it, ``#1``, ``1.0``), or ``predecessors``' list of ids, each with a link type and lag
    (``2,3FS+1d``). A link to no task of the project (another project's, a row left out) is kept as written."""
    if not predecessors:
        values = whole_number_links(values, pd.Index({t for _, t in by_pair}, dtype=object))
    out, n, missed = [], np.zeros(len(values), int), np.zeros(len(values), int)
    to = [()] * len(values)  # with names: each row's links renamed, by their new names
    for row, (v, p) in enumerate(zip(values, projects, strict=True)):
        parts = [] if v is None else _LINKS_SEP.split(v) if predecessors else [v]
        for i in range(0, len(parts), 2):  # the links, between the separators split off with them
            link, rest = parts[i], ""
            if (p, link) not in by_pair and predecessors and (m := _LINK.fullmatch(link)):
                link, rest = m["id"], m["rest"]
            if (p, link) not in by_pair:
                missed[row] += link != ""
            elif by_pair[p, link] != link:
                parts[i] = by_pair[p, link] + rest
                n[row] += 1
                to[row] += (by_pair[p, link],)
        out.append(None if v is None else "".join(parts))
    return out, (pd.Series(to, dtype=object).to_numpy() if names else n), missed


def predecessors_by_task_id(df: pd.DataFrame, detected: dict) -> None:
    """An MS Project export's predecessors (and successors: :data:`~pmo_forecast.core.schema.PREDECESSOR_HEADERS`),
    which name its ``ID`` column, read as the task ids of the tasks they name where ``task_id`` is mapped from its
    ``Unique ID`` (``detected["_headers"]``; German and French headers too,
    :data:`~pmo_forecast.core.schema.MS_PROJECT_UNIQUE_ID_HEADERS`), in ``df`` (a task table as read), in place, within each row's project;
    said in ``detected["predecessors"]``. A link to an ID on no row (a task filtered out of the export) or on two
    rows of a project cannot be read so: kept as written, where it may name another task, said with a
    :class:`~pmo_forecast.core.exceptions.DataQualityWarning`. Called before the rows that are no tasks (summary
    tasks) leave the table: a link to one is read too."""
    header = detected.get("_headers", {}).get(S.TASK_ID)
    id_col = next((c for c in find_columns(df.columns, S.MS_PROJECT_ID_HEADERS) if c not in (None, S.TASK_ID)), None)
    cols = [c for c in dict.fromkeys(find_columns(df.columns, S.PREDECESSOR_HEADERS)) if c is not None]
    if header is None or header_name(header) not in S.MS_PROJECT_UNIQUE_ID_HEADERS or id_col is None or not cols:
        return
    projects = (to_text(df[S.PROJECT_ID]).to_numpy(object, na_value=None) if S.PROJECT_ID in df
                else np.full(len(df), None, dtype=object))
    ids = to_text(df[id_col]).to_numpy(object, na_value=None)
    tasks = to_text(df[S.TASK_ID], repetitive=False).to_numpy(object, na_value=None)
    twice = pd.Series(list(zip(projects, ids, strict=True)), dtype=object).duplicated(keep=False).to_numpy(bool)
    by_pair = {(p, i): t for p, i, t, two in zip(projects, ids, tasks, twice, strict=True)
               if i is not None and t is not None and not two}
    read, missed, example = 0, 0, None
    for col in cols:
        written = to_text(df[col]).to_numpy(object, na_value=None)
        values, n, miss = links_renamed(written, projects, by_pair, predecessors=True)
        if n.any():
            df[col] = pd.Series(values, index=df.index, dtype=S.DTYPES["string"])
            at = int(np.flatnonzero(n)[0])
            example = example or f"{written[at]!r} as {values[at]!r}"
        read, missed = read + int(n.sum()), missed + int(miss.sum())
    if not (read or missed):
        return
    named = " and ".join(map(repr, cols))
    note = (f"{named} {agree(len(cols), 'names', 'name')} tasks by their '{id_col}', and task_id is their "
            f"'{header}'" + (f": {counted(read, 'link')} read as the {header} of the task each names ({example})"
                             if read else ""))
    if missed:
        note += (f"; {counted(missed, 'link')} to an {id_col} on no row (a task left out of the export?) or on two rows "
                 f"of a project {agree(missed, 'is', 'are')} kept as written, where {agree(missed, 'it', 'they')} may "
                 f"name another task (MS Project's '{header} {cols[0]}' column names them by {header})")
        warn(f"{detected.get('file', IN_MEMORY)}: {note}", DataQualityWarning)
    detected["predecessors"] = note

