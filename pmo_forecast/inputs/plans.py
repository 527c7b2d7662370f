"""What plans write beside the tasks: summary rows and outline levels, milestones, a plan's finish dates
and its lists of resources. A plan's progress is read in :mod:`.progress`, its parents and sub-tasks in
:mod:`.hierarchy`.

Each reader takes the raw table (before :func:`pmo_forecast.inputs.coerce.coerce`), says what it did in
``detected`` and leaves out or changes rows only as said there.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.as_of import mark_planned_finishes, quiet_as_of
from ..core.exceptions import DataQualityWarning, SchemaError, warn
from ..core.labels import agree, counted
from ..core.source_lines import IN_MEMORY, keep_rows, rows_text, source_rows, values_text
from .cells import distinct_values, names_nobody, per_row, to_text, yes_no
from .parsing import header_key, mapping_being_proposed
from .progress import percent_complete
from .statuses import known_status


def leave_out(df: pd.DataFrame, rows: np.ndarray, lines: np.ndarray) -> pd.DataFrame:
    """``df`` without ``rows`` (a mask), each kept row with its source line."""
    out = df.loc[~rows]  # a boolean selection is a new frame already: a second copy cost a second of 1M rows
    out.attrs = dict(df.attrs)
    keep_rows(out, lines[~rows])
    return out


#: A plan's task name column, for the top-level summary a task belongs to (``--project-field top_summary``).
NAME_COLUMNS = ("name", "task name", "title", "summary", "vorgangsname")  # MS Project's German Task Name last


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


#: A plan's flag of its summary rows (MS Project's ``Summary`` column: Yes/No), and its outline level.
SUMMARY_FLAGS = ("summary", "summary_task", "is_summary")


OUTLINE_LEVELS = ("outline_level", "wbs_level", "hierarchy_level")


_ALLOCATION = r"\s*\[\s*\d+(?:[.,]\d+)?\s*%?\s*\]"  # MS Project's "Ann[50%]": a share of her time


#: A plan's list of resources (MS Project's ``Resource Names``), whose list separator may be a comma.
RESOURCE_LISTS = ("resource_names", "ressourcennamen")  # MS Project's, in English and German
#: A column that lists a task's people by its name (Trello's ``Members``, Wrike's ``Assignees``, joined by ``, ``):
#: names joined by a comma are a list there, whether or not each stands alone in another cell.
PEOPLE_LISTS = ("members", "assignees")


def assignees_as_loaded(tasks: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """``tasks`` with its assignees read as :func:`~pmo_forecast.load_tasks` reads them (:func:`read_assignees`:
    ``-``, ``n/a``, ``TBD``, ``Unassigned`` name nobody, so their work is unassigned; ``Ann[50%]`` is Ann), and the
    note saying it ("" when nothing was read otherwise, as for a loaded table: its load read them so, and said it).

    For a table given to a model without the loader (the workload, the finish dates): its "person" named ``-`` had
    hours with no capacity to set against, and work planned as a stranger's, not the project's pool. The caller's
    table is not changed.
    """
    if S.ASSIGNEE not in tasks.columns:
        return tasks, ""
    read, found = tasks[[S.ASSIGNEE]].copy(), {}
    read_assignees(read, found)
    said = "; ".join(v for k, v in found.items() if k in ("assignees_blank", "assignees") and v)
    if not said:
        return tasks, ""
    return (tasks.assign(**{S.ASSIGNEE: read[S.ASSIGNEE]}),
            f"assignees read as pmo_forecast.load_tasks reads them: {said}")


def read_assignees(df: pd.DataFrame, detected: dict, resource_list: bool = False, people_list: bool = False) -> None:
    """One person per task: an allocation (``Ann[50%]``) dropped, the first of a list (``Ann;Bob``) taken, said;
    a cell naming nobody (``Unassigned``, ``-``, ``TBD``, ``[]``, ``!``: :func:`~pmo_forecast.inputs.cells.names_nobody`)
    is blank, unassigned work (said: as a name, "Unassigned" was planned as one more person).

    ``resource_list``: the column is MS Project's ``Resource Names``, which joins names with the
    Windows list separator: ``;`` where a cell of the column uses it (a comma is then part of a
    name), else a comma between two names (``Bob Ray[50%],Ann Lee``; Project refuses that
    separator in a name), written without a space after it or after an allocation. A comma
    followed by a space (``Lee, Jo``) is one person's name, last name first, as anywhere else; in
    any other column, names joined by commas that each stand alone in another cell (``Ann Lee, Bob Ray``
    beside ``Ann Lee`` and ``Bob Ray``: GitLab's and monday.com's several assignees) are a list.

    ``people_list``: the column is a list of people by its name (:data:`PEOPLE_LISTS`: Trello's ``Members``), whose
    names joined by commas are a list wherever they stand: ``Ann Lee, Bob Ray`` on the one card Bob shares was
    one more person, planned with a week of her own.
    """
    if S.ASSIGNEE not in df:
        return
    names = df[S.ASSIGNEE]
    codes, distinct = distinct_values(names)  # a few hundred people on a million rows: each looked at once
    distinct = pd.Series(distinct, dtype="string")
    nobody = names_nobody(distinct)
    if nobody.any():
        blank = per_row(nobody, codes, False)
        shown = values_text(distinct[nobody])
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
        lambda parts: len(parts) > 1 and (people_list or all(p in alone for p in parts)), na_action="ignore")
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
        yes, no = yes_no(cells.iloc[:head])
        if given.any() and (given[:head] & ~(yes | no)).sum() <= allowed:
            yes, no = yes_no(cells)
            if (given & ~(yes | no)).sum() <= allowed:
                return yes & given, f"'{flag}' is Yes"
    return np.zeros(len(df), dtype=bool), None


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
    return leave_out(df, summary, lines)


#: A plan's scheduled finish (MS Project's ``Finish``), the day a 100% complete task finished.
PLAN_FINISH = ("finish", "finish date", "ende")  # MS Project's German Finish too


def read_plan_finish(df: pd.DataFrame, detected: dict) -> None:
    """A 100% complete task without an actual finish date takes the plan's ``Finish``, marked as a plan's
    (:func:`~pmo_forecast.core.as_of.mark_planned_finishes`) and said.

    Project moves a task's Finish to its actual finish when it is marked complete; an export
    without ``Actual Finish`` (or with ``NA`` in it) left such tasks done without a finished
    date, out of throughput and lead times. The date is still the plan's, not one the export says the work
    finished on: a task set to 100% ahead of its Finish moved the as-of date there. Read before the dates are, so
    the file's day/month order covers it.
    """
    from .headers import find_column

    share, pct = percent_complete(df)
    col = next((c for n in PLAN_FINISH if (c := find_column(df.columns, n)) is not None), None)
    if share is None or col is None:
        return
    have = to_text(df[S.FINISHED]) if S.FINISHED in df else pd.Series(pd.NA, index=df.index, dtype="string")
    blank = have.isna() | have.str.lower().isin(S.PLACEHOLDERS)
    fill = ((share >= 1) & blank & to_text(df[col]).notna()).to_numpy(dtype=bool)
    if not fill.any():
        return
    finished = df[S.FINISHED].astype(object) if S.FINISHED in df else pd.Series(None, index=df.index, dtype=object)
    df[S.FINISHED] = finished.where(~fill, df[col].astype(object))
    mark_planned_finishes(df, fill)
    n = int(fill.sum())
    detected["finish_dates"] = (f"{counted(n, 'task')} at 100% in '{pct}' without an actual finish date "
                                f"{agree(n, 'takes', 'take')} the plan's '{col}' as {agree(n, 'its', 'their')} "
                                f"finish date, a plan's date (it does not move the as-of date) "
                                f"({rows_text(source_rows(df)[fill])})")


#: Headers of a plan's end of a task, when it is due to finish (Smartsheet's ``End Date``, OpenProject's German
#: ``Endtermin``, a due date), compared by :func:`~.parsing.header_key`: read as the finish date they are when the work
#: was due to end, not when it did. Redmine's due date in German, French and Spanish as its locales spell it
#: (field_due_date, redmine/redmine ``config/locales/de.yml``, ``fr.yml``, ``es.yml``; French with its accented
#: capital too), Jira's German Due date (:data:`~.headers.JIRA_LOCALISED`) and OpenProject's French Finish date (its
#: due_date, opf/openproject ``config/locales/crowdin/fr.yml``: ``Date de fin``, as the English ``End Date``).
PLANNED_ENDS = ("end", "end_date", "planned_end", "planned_end_date", "planned_finish", "due", "due_date",
                "target_date", "endtermin", "abgabedatum", "echéance", "échéance", "fecha_fin", "fälligkeitsdatum",
                "date_de_fin")
#: Headers that are a plan's end in a schedule (MS Project's ``Finish``, OpenProject's ``Finish date``) and the day
#: the work was done in a hand-kept sheet or a tracker (a ``Finish Date`` filled in when a task is done): a plan's end
#: only where the table shows it is a schedule (:func:`planned_end_column`); OpenProject's Spanish Finish date too
#: (``Fecha de finalización``, its due_date in ``config/locales/crowdin/es.yml``), in a sheet a completion date.
SCHEDULE_ENDS = (*map(header_key, PLAN_FINISH), "fecha_de_finalización")  # MS Project's Finish as a header key
#: Of the open and in-progress tasks, the share with a date under a :data:`SCHEDULE_ENDS` header that makes it a
#: schedule's: a schedule gives every task an end, a column of completion dates a stray one (a task reopened).
SCHEDULE_SHARE = 0.5


def planned_end_column(df: pd.DataFrame, finished_from: str | None) -> str | None:
    """``finished_from`` (the header read as ``finished``) when its dates are a plan's ends, else None.

    A header of :data:`PLANNED_ENDS` (``End Date``) always is. One of :data:`SCHEDULE_ENDS` (``Finish``,
    ``Finish Date``) is when the table shows it is a schedule: at least :data:`SCHEDULE_SHARE` of its open and
    in-progress tasks have a date under it (a completion date is blank until the work is done); with its statuses
    as text only (``source_status``: init's loads, which read them so to propose their meaning), each status not a
    done or cancelled one (:func:`~.statuses.known_status`) has (:func:`_dated_in_every_status`); with no status at
    all, always (only the dates then tell done work from work due, and a schedule's ends would all read as done).
    A sheet whose ``Finish Date`` is filled in on done work only was read as a plan's: its real finish dates left
    out of the as-of date and said as planned ends.
    """
    if finished_from is None or S.FINISHED not in df:
        return None
    key = header_key(finished_from)
    if key in PLANNED_ENDS:
        return finished_from
    if key not in SCHEDULE_ENDS:
        return None
    if S.STATUS not in df or not df[S.STATUS].notna().any():
        if S.SOURCE_STATUS in df and df[S.SOURCE_STATUS].notna().any():
            return finished_from if _dated_in_every_status(df) else None
        return finished_from
    unfinished = df[S.STATUS].isin(S.UNFINISHED_STATUSES).to_numpy(dtype=bool)
    dated = unfinished & df[S.FINISHED].notna().to_numpy()
    return finished_from if unfinished.any() and dated.sum() >= SCHEDULE_SHARE * unfinished.sum() else None


def _dated_in_every_status(df: pd.DataFrame) -> bool:
    """Whether the finish dates of a table whose statuses are text (``source_status``, their meaning not yet read)
    are a schedule's: each status that is not a known done or cancelled one (:func:`~.statuses.known_status`:
    ``In Progress``, ``To Do``, a workflow's own ``Waiting``) has a date on at least :data:`SCHEDULE_SHARE` of its
    tasks, as a schedule gives every task an end. Completion dates leave the open work's statuses blank; a table
    of done work only is no schedule's, as with canonical statuses."""
    words = to_text(df[S.SOURCE_STATUS])
    known = words.map(known_status, na_action="ignore")
    others = (words.notna() & ~known.isin([S.DONE, S.CANCELLED])).to_numpy(dtype=bool)
    if not others.any():
        return False
    shares = df[S.FINISHED].notna()[others].groupby(words[others].to_numpy(dtype=object)).mean()
    return bool((shares >= SCHEDULE_SHARE).all())


def mark_planned_end_finishes(df: pd.DataFrame, planned_end: str | None) -> None:
    """Mark the finish dates read from a plan's end (``planned_end``: the header read as ``finished`` when it is one,
    :func:`planned_end_column`; ``End Date``) as a plan's (:func:`~pmo_forecast.core.as_of.mark_planned_finishes`):
    a done task's planned end after every other date moved the as-of date ahead (an open task's never did)."""
    if planned_end is not None and S.FINISHED in df:
        mark_planned_finishes(df, df[S.FINISHED].notna().to_numpy())


def say_planned_end_finish(df: pd.DataFrame, planned_end: str | None, detected: dict) -> None:
    """Say in ``detected["planned_end_as_finish"]`` how many done tasks take their finish date from a plan's end
    (``planned_end``: the header read as ``finished`` when it is one, :func:`planned_end_column`; ``End Date``), the
    export's only finish column, and warn it (a choice made for the user, as a column not read is warned), but in
    init's loads (:func:`~.parsing.proposing_mapping`), which read the statuses as text and may take a column of
    completion dates for a schedule's. Open work's such dates are said as planned ends
    (:func:`~pmo_forecast.core.as_of.planned_ends`); done work's were read as finishes without a word."""
    if planned_end is None or S.FINISHED not in df or S.STATUS not in df:
        return
    done = (df[S.STATUS] == S.DONE).to_numpy(dtype=bool, na_value=False) & df[S.FINISHED].notna().to_numpy()
    if not done.any():
        return
    n = int(done.sum())
    detected["planned_end_as_finish"] = (
        f"{counted(n, 'done task')} {agree(n, 'takes', 'take')} '{planned_end}', a planned end (when the work "
        f"was due to end, not when it did), as {agree(n, 'its', 'their')} finish date: map a column of actual "
        f"finish dates as finished, if the export has one ({rows_text(source_rows(df)[done])})")
    if not mapping_being_proposed():  # init's loads, its statuses read as text: the report's load says it
        warn(f"{detected.get('file', IN_MEMORY)}: {detected['planned_end_as_finish']}", DataQualityWarning)


def planned_end_status(df: pd.DataFrame, planned_end: str | None, detected: dict,
                       rows: np.ndarray | None = None) -> str | None:
    """A finish date that is a plan's end (``planned_end``, :func:`planned_end_column`: ``End Date``) on rows
    whose status comes from their dates (:func:`~.progress.derive_status`, no ``% Complete`` deciding it): such a
    row is done only when it ends on or before the data's as-of date and has actual hours booked; else it is in
    progress if started, else open.

    Parameters
    ----------
    df : DataFrame
        The task table, its status taken from the dates on ``rows``; changed in place.
    planned_end : str or None
        The header read as ``finished`` when it is a plan's end (:func:`planned_end_column`), else None.
    detected : dict
        Where a table without a status column says the rule (``detected["planned_end_status"]``).
    rows : ndarray of bool, optional
        The rows whose status was blank and taken from their dates; None: every row (no status column).

    Returns
    -------
    str or None
        The rule as it was applied, in words (``'End Date' is a planned end: done when ...``), for the note on the
        blank statuses of ``rows``; None without ``rows`` (said in ``detected``) or when no row was done by its
        dates with a planned end.

    Notes
    -----
    The as-of date is the package's own (:func:`~pmo_forecast.core.as_of.infer_as_of`) with these rows' planned
    ends left out, as it leaves out every unfinished task's and, after every real date, a done task's
    (:func:`mark_planned_end_finishes`): the latest date that is not a plan's. Without one, the
    actual hours alone say which rows are done. A planned end in the future was read as work finished (due
    on 2026-03-28, done on 2026-03-01), and one in the past is when the work was due, not a sign it was done.
    """
    if planned_end is None or S.FINISHED not in df:
        return None
    share, _ = percent_complete(df)
    by_dates = (df[S.STATUS] == S.DONE).to_numpy(dtype=bool, na_value=False)
    if rows is not None:
        by_dates &= rows
    if share is not None:  # a % Complete (a Complete flag) given says what the row is
        by_dates &= share.isna().to_numpy()
    if not by_dates.any():
        return None
    as_of = quiet_as_of(df.assign(**{S.FINISHED: df[S.FINISHED].mask(by_dates)}))
    # no actual hours anywhere (no column, or blank in every row): the end date is the only evidence there is
    has_actuals = S.ACTUAL in df and bool(df[S.ACTUAL].notna().any())
    planned = f"'{planned_end}' is a planned end"
    if pd.isna(as_of) and not has_actuals:  # nothing but the plan's dates to tell: read as before, and said
        detected["planned_end_status"] = (f"{planned}, and the data has no other date and no actual hours to tell "
                                          "whether the work finished: tasks with one read as done")
        return None
    booked = (df[S.ACTUAL] > 0).to_numpy(dtype=bool, na_value=False) if has_actuals else np.ones(len(df), dtype=bool)
    ended = np.ones(len(df), dtype=bool) if pd.isna(as_of) else \
        (df[S.FINISHED].dt.normalize() <= as_of).to_numpy(dtype=bool, na_value=False)
    undone = by_dates & ~(ended & booked)
    started = df[S.STARTED].notna().to_numpy() if S.STARTED in df else np.zeros(len(df), dtype=bool)
    df[S.STATUS] = df[S.STATUS].mask(undone, pd.Series(np.where(started, S.IN_PROGRESS, S.OPEN), index=df.index))
    day = None if pd.isna(as_of) else f"{as_of:%Y-%m-%d}"
    if rows is not None:  # said in the blank statuses' note, one sentence in their parentheses
        when = ([f"it ends on or before {day}, the latest date in the data that is not a plan's"] if day else []) \
            + (["it has actual hours booked"] if has_actuals else [])
        return f"{planned}: done when {', and '.join(when)}, else in progress if started, else open"
    when = ([f"it ends on or before {day} (the latest date in the data that is not a plan's)"] if day else []) \
        + (["it has actual hours booked"] if has_actuals else [])
    missed = (["ending after it"] if day else []) + (["without actual hours"] if has_actuals else [])
    n = int(undone.sum())
    detected["planned_end_status"] = (
        f"no status column, and {planned} (when the work was due to end, not when it did): "
        f"a task is done when {' and '.join(when)}"
        + (f"; {counted(n, 'task')} {' or '.join(missed)} {agree(n, 'is', 'are')} in progress if "
           f"started, else open ({rows_text(source_rows(df)[undone])})" if n else ""))
    return None


def read_scheduled_starts(df: pd.DataFrame, detected: dict) -> None:
    """A start date that is a tracker's scheduled start (Redmine's and OpenProject's ``Start date``, in their four
    languages: :func:`~.headers.scheduled_start_export`), read as ``started``, is each task's ``planned_start``: the
    day the work was planned to begin, not the day it began. Said in ``detected["scheduled_start"]``; the done and
    in-progress tasks it leaves without a start date are said there once the statuses are read
    (:func:`say_scheduled_starts`).

    Read as started, a done issue's cycle time ran from its planned start (a finish before it was an error), work in
    progress aged from it, and an issue planned to start late but started early was held back. As a planned start,
    the forecast holds an open task until it (:func:`~pmo_forecast.forecasting.queues.planned_task_starts`), as it
    holds an MS Project plan's ``Start``; the as-of date is not moved by it.
    """
    from .headers import scheduled_start_export
    from .parsing import file_headers

    if S.STARTED not in df:
        return
    found, read_as = file_headers(df.columns, detected)
    start = next((h for h, canon in read_as.items() if canon == S.STARTED), None)
    if start is None or (tool := scheduled_start_export(found, start)) is None:
        return
    df[S.PLANNED_START] = df[S.STARTED]
    df[S.STARTED] = pd.Series(pd.NaT, index=df.index, dtype=df[S.STARTED].dtype)
    detected["scheduled_start"] = (f"'{start}' is {tool}'s scheduled start (the day the work is planned to begin, "
                                   "not the day it began): read as each task's planned start, not as its start")
    detected[_SCHEDULED] = True


#: ``detected``'s key for a load whose scheduled starts :func:`read_scheduled_starts` read as planned starts, for
#: :func:`say_scheduled_starts`.
_SCHEDULED = "_scheduled_start"


def say_scheduled_starts(df: pd.DataFrame, detected: dict) -> None:
    """The done and in-progress tasks of ``df`` whose scheduled start :func:`read_scheduled_starts` read as their
    planned start, left without a start date, said in ``detected["scheduled_start"]``, by the statuses the load
    finally read: a table without a status column takes them from its dates or ``% Done`` after the starts are
    read, and every row with a scheduled start was counted done or in progress (``init``'s probe, which reads the
    status column as text, among them)."""
    if not detected.pop(_SCHEDULED, False) or S.PLANNED_START not in df or S.STATUS not in df:
        return
    begun = df[S.PLANNED_START].notna().to_numpy() & df[S.STATUS].isin((S.DONE, S.IN_PROGRESS)).to_numpy(dtype=bool)
    if begun.any():
        n = int(begun.sum())
        detected["scheduled_start"] += (
            f"; {counted(n, 'done or in-progress task')} {agree(n, 'has', 'have')} no start date "
            f"({rows_text(source_rows(df)[begun])}): map a column of actual start dates as started, if the export "
            "has one")


#: A plan's milestone flag (MS Project's ``Milestone``: Yes/No) and task duration.
MILESTONE_FLAGS = ("milestone",)


DURATIONS = ("duration",)


_ZERO_DURATION = r"^0+(?:[.,]0*)?\s*[^\d\s]*$"  # 0 days, 0d, 0 hrs, 0 days? (estimated), 0


def drop_milestones(df: pd.DataFrame, detected: dict, rows: np.ndarray | None = None) -> pd.DataFrame:
    """Leave out a plan's milestones that hold no work (:func:`empty_milestones`; ``rows``: those it found
    already, a mask, where the caller leaves out other things by position with them)."""
    empty = empty_milestones(df, detected) if rows is None else rows
    return leave_out(df, empty, source_rows(df)) if empty.any() else df


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
