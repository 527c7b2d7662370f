"""What ``pmo-forecast init`` detects in a tracker export, proposed as a :class:`~.mapping.Mapping`: the
format, which column is the project, the estimate and actual columns and their units, every workflow status
and what it means, the rank column.

:func:`detect_mapping` returns the mapping and notes saying what was chosen and why; :mod:`.templates` writes
them into mapping.yaml. :data:`PROJECT_CANDIDATES` also tells the pack which columns could name the projects
when every task is in one.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.exceptions import MissingColumnsError, SchemaError, said_once
from ..core.labels import agree, counted
from ..core.source_lines import cause_first
from .cells import NO_WORDS, YES_WORDS, cells_as_shown, to_text
from .column_names import dated_spellings, names_no_column
from .formats import DATAFRAME, JIRA, MSPDI, TABLE_FORMATS
from .headers import (
    candidate_columns,
    find_column,
    gitlab_times,
    guess_columns,
    linear_estimate,
    plain_whole_numbers,
    points_headers,
    scheduled_start_export,
    unit_columns,
    unnamed_time_notes,
    youtrack_times,
)
from .mapping import Mapping
from .parsing import columns_found, header_name, proposing_mapping
from .project_links import PROJECT_LISTS, sub_task_or_typed_rows
from .status_map import check_passed_undated, suggest_status
from .statuses import known_status, status_or_category

#: Columns that usually name a PMO's project, most likely first, by format.
PROJECT_CANDIDATES = {
    JIRA: ("Epic Link", "Parent", "Parent id", "Initiative", "Programme", "Program", "Component/s"),
    MSPDI: ("top_summary",),
}
RANK_COLUMNS = ("Rank",)
#: The column that groups a generic export's tasks as a PMO's projects where it has no project column, by header
#: (compared as :func:`~.parsing.header_name` gives them), and whose it is: init proposes the first held, said as a
#: proposal (a load without a mapping never reads it: it refuses the missing project column).
NATURAL_PROJECTS = {"milestone": "GitLab's milestone", "parent folder": "Wrike's parent folder",
                    "folders": "Wrike's folders", "group": "monday.com's group"}


class Said(str):
    """A note of :func:`detect_mapping` that init also prints, beside writing it into mapping.yaml: what it found and
    chose not to read where the user would look for it (a column of story points, which are no hours, left out of the
    estimate). A ``str`` as every note is (:attr:`.templates.InitResult.said`)."""

    __slots__ = ()


class ToDecide(str):
    """A note of :func:`detect_mapping` that only the user can settle: what init could not tell (an ``Hours``
    column whose header does not say whether it is the estimate or the time spent), a status it proposed that the
    user is to check (its words say done but its tasks have no finished date; only rows left out hold it: the notes
    ending "check it") or a row it read as it is but the export should mend (a placeholder task id). A ``str`` as
    every note is, written into mapping.yaml alike; marked so that init's last line sends the user to mapping.yaml
    first (:attr:`.templates.InitResult.to_decide`).
    """

    __slots__ = ()


def _not_guessed(file, err: MissingColumnsError, project_field) -> SchemaError:
    """init's error when the usual spellings leave a required column unfound (``err``, the loader's): what to
    pass instead, the columns like each named as its "Columns found" names them (the file's own headers, once
    each), and the loader's hints (the tasks on another sheet, the header further down), after its likely cause
    (a second header row), said first. Title lines above the header (the line read as the header names no column)
    say what to do, and only that is said: neither --project-field nor a column renamed reads a title line."""
    missing, hints, cause = err.missing, err.hints, err.cause
    what = f"init could not tell which column is {' or '.join(map(repr, missing))}"
    if cause and names_no_column(err.found, S.TASKS):
        return SchemaError(f"{cause_first(f'{file}: {what}.', file, cause)}{hints}", file=file, column=missing[0])
    header = list(dict.fromkeys(err.found))
    ways = []
    if S.PROJECT_ID in missing:
        given = f"; '{project_field}' is not a column" if project_field else ""
        ways.append(f"Pass --project-field COLUMN (the column that names each task's project{given}).")
    for canon in (c for c in missing if c != S.PROJECT_ID):
        like = candidate_columns(header, canon, err.read_as)
        ways.append(f"Rename the column holding each task's {canon} to '{canon}' in the file "
                    + (f"(the columns like it: {', '.join(map(repr, like))})" if like else
                       "(no column is like it: add one)")
                    + f", or map it in a mapping.yaml under 'columns:' ('{like[0] if like else 'COLUMN'}: {canon}') "
                    "for report --map.")
    # init's probe reads the status column as the export's text (source_status); it proposes it as the status
    read_as = {h: S.STATUS if c == S.SOURCE_STATUS else c for h, c in err.read_as.items()}
    said = f"{file}: {what}. {columns_found(err.found, read_as)}. {' '.join(ways)}"
    return SchemaError(f"{cause_first(said, file, cause) if cause else said}{hints}", file=file, column=missing[0])


def detect_mapping(export, *, project_field: str | None = None, sheet=None) -> tuple[Mapping, list[str]]:
    """A :class:`Mapping` of what the export holds, and notes on what was chosen and why (``sheet``: a workbook's).

    Each warning of the file (NUL bytes, a date read two ways) is said once, though a generic table is loaded
    twice: as it is, then under the columns proposed.
    """
    with said_once():  # both loads find what is wrong with the file alike
        return _detected(export, project_field, sheet)


def _detected(export, project_field: str | None, sheet) -> tuple[Mapping, list[str]]:
    """:func:`detect_mapping`'s mapping and notes, each warning of the file said by every load that finds it."""
    columns, dropped, table = {}, [], None  # table: the export as text, read once (export_as_text)
    raw, error = _probe(export, sheet)
    # a generic table: propose its other columns from their usual spellings, whether or not it loads as
    # it is (task_id and project_id spelt canonically beside "Owner" and "Hours spent", read as nothing)
    if error is not None or raw.attrs["detected"].get("format") in TABLE_FORMATS:
        raw, columns, dropped, table, project_field = _table_columns(export, sheet, raw, error, project_field)
    det = raw.attrs["detected"]
    fmt = det.get("format", "auto")
    notes = [f"format: {fmt}"] + [_column_note(k, v, table) for k, v in columns.items()] + dropped
    cols = list(raw.columns)
    linear = linear_estimate(table.columns) if table is not None else None  # Linear's points column
    project, alternatives = _project_column(raw, det, cols, linear, project_field, notes)
    units, columns = _estimate_columns(raw, det, cols, table, linear, columns, notes)
    rank = next((find_column(cols, n) for n in RANK_COLUMNS if find_column(cols, n) is not None), None)
    statuses = _statuses(export, sheet, raw, det, cols, table, notes)
    m = Mapping(project=project, **units, rank=rank, statuses=statuses,
                columns=columns, format=fmt if fmt != DATAFRAME else "auto")
    if [a for a in alternatives if a != project]:
        notes.append("other project columns found: " + ", ".join(a for a in alternatives if a != project))
    if said := det.get("placeholders", {}).get(S.TASK_ID):  # a row under no id: the export's to mend, as the load says
        notes.append(ToDecide(f"task ids: {said}"))
    return m, notes


def _column_note(header: str, canon: str, table: pd.DataFrame | None) -> str:
    """mapping.yaml's note on the column ``header`` of the export (``table``, as text) proposed as ``canon``, saying
    what the loader does with it: Redmine's or OpenProject's start date, proposed as started, is read as each task's
    planned start (:func:`~.plans.read_scheduled_starts`), and the file says so beside the ``started`` it proposes."""
    if canon == S.STARTED and table is not None and (tool := scheduled_start_export(table.columns, header)):
        return (f"column '{header}' read as {canon}: {tool}'s scheduled start (the day the work is planned to begin, "
                f"not the day it began), which the loader reads as each task's {S.PLANNED_START}, not as its start")
    return f"column '{header}' read as {canon}"


def _probe(export, sheet) -> tuple[pd.DataFrame | None, SchemaError | None]:
    """The export loaded as it is, or the error its load stopped at."""
    from .io import load_tasks

    try:
        # the columns this probe leaves unread are the ones init proposes, and the statuses it reads from their
        # words are proposed in its mapping: neither is for the user to say in a mapping file init is writing
        with proposing_mapping():
            return load_tasks(export, require_estimate=False, sheet=sheet), None
    except SchemaError as e:
        return None, e


def _table_columns(export, sheet, raw: pd.DataFrame | None, error: SchemaError | None, project_field) -> tuple:
    """A generic table's columns proposed from their usual spellings: the export loaded under them (``raw``, the
    probe's load, when it loaded and nothing is proposed), the columns proposed, the notes on the columns not
    proposed, the export as text, and the project field (Asana's list of projects when none is given). A
    :class:`SchemaError` when the probe's ``error`` stands (nothing proposed reads it otherwise) or the load under
    the proposal misses a column."""
    from .column_names import canonical_names
    from .io import load_tasks

    table = export_as_text(export, sheet)
    header = list(table.columns)
    loose = canonical_names(header, S.TASKS)  # "Task ID", "Estimate Hours": the loader reads these itself
    columns, dropped = _proposed_columns(table, header, loose)
    # the workflow's statuses are what init proposes a mapping for: read them as the
    # source's text, not as statuses (unknown ones would stop the load), whether the
    # column is spelt like a status column or already called "status"
    as_text = {k: (S.SOURCE_STATUS if v == S.STATUS else v) for k, v in columns.items()}
    status_col = next((k for k, v in loose.items() if v == S.STATUS), S.STATUS)
    if status_col in header and S.STATUS not in columns.values():
        as_text[status_col] = S.SOURCE_STATUS
    if project_field is None:  # Asana's Projects lists a task's projects: read as the report will
        project_field = next((k for k, v in columns.items() if v == S.PROJECT_ID
                              and header_name(k) in PROJECT_LISTS), None)
        if project_field is not None:
            dropped.append(f"project: '{project_field}' (a list of each task's projects: the first is taken)")
    if project_field is None and S.PROJECT_ID not in {*columns.values(), *loose.values(), *header}:
        # GitLab's, Wrike's and monday.com's exports have no project column: their natural one proposed, said
        project_field = next((c for c in header if header_name(c) in NATURAL_PROJECTS
                              and to_text(table[c]).notna().any()), None)
        if project_field is not None:
            listed = ("; a list where a task is in several: the first is taken"
                      if header_name(project_field) in PROJECT_LISTS else "")
            dropped.append(Said(f"project: '{project_field}' proposed ({NATURAL_PROJECTS[header_name(project_field)]}; "
                                f"the export has no project column{listed}): check it in mapping.yaml, or give the "
                                "column that names each task's project with --project-field"))
    if project_field in header or project_field == "top_summary":  # the user's choice over any guess,
        # read as the report reads it (lists, sub-tasks' parents, blanks): never as the column itself
        columns = {k: v for k, v in columns.items() if v != S.PROJECT_ID}
        as_text = {k: v for k, v in as_text.items() if v != S.PROJECT_ID}
    if error is not None and not as_text and project_field not in header:
        if isinstance(error, MissingColumnsError):  # the loader's advice is to run init: say what init needs
            raise _not_guessed(error.file, error, project_field) from None
        raise error
    # any other error of this load is in the values, read under the columns' meaning: the real one
    if error is not None or columns:
        try:
            derived = project_field if project_field in header or project_field == "top_summary" else None
            # as the probe is: the statuses read as text, what it says of them is the report's load's to say
            with proposing_mapping():
                raw = load_tasks(export, require_estimate=False, column_map=as_text or None, sheet=sheet,
                                 project_from=derived)
        except MissingColumnsError as e2:
            file = error.file if error is not None else str(export)
            raise _not_guessed(file, e2, project_field) from None
    return raw, columns, dropped, table, project_field


def _proposed_columns(table: pd.DataFrame, header: list, loose: dict) -> tuple[dict, list[str]]:
    """The table's columns proposed from their usual spellings (header: canonical name; ``loose``: the ones the
    loader reads itself), and notes on the columns not proposed, which hold no dates."""
    taken = {**{c: c for c in header}, **{v: c for c, v in loose.items()}}
    # never a synonym over a header the loader reads as that column ("Estimate" beside "Estimate Hours")
    # a header that states its unit ("Estimate (minutes)") is proposed below, as the estimate or actual in it
    columns = {c: v for c, v in guess_columns(header, stated_units=False).items()
               if taken.get(v, c) == c and loose.get(c, v) == v}
    dropped = []
    for col, canon in list(columns.items()):  # Trello's true/false "Closed" is no finish date
        flags = to_text(table[col]).str.strip().str.lower().dropna()
        if canon in S.FACT_DATES and len(flags) and flags.isin(YES_WORDS | NO_WORDS).all():
            del columns[col]
            dropped.append(f"column '{col}' not read as {canon}: it holds {'/'.join(sorted(set(flags)))}, "
                           "not dates")
    # "Creado", "Erstellt": the created date where the column holds dates (Redmine's, OpenProject's), else a
    # sheet's creator, a person: proposed, it stopped the load ("must hold dates")
    dated, other = dated_spellings(table, set(columns.values()) | set(taken))
    columns.update(dated)
    dropped += [f"column '{c}' not read as {canon}: it holds " + (f"{v!r}, not dates" if v is not None else
                                                                    "no dates") for c, (canon, v) in other.items()]
    return columns, dropped


def _project_column(raw: pd.DataFrame, det: dict, cols: list, linear, project_field, notes: list[str]) -> tuple:
    """The column proposed as the project (``project_field``, the user's, when given; None: the format's own),
    and the columns that could be, said in ``notes``."""
    fmt = det.get("format", "auto")
    project, alternatives, notes_later = project_field, [], []
    subs = sub_task_or_typed_rows(raw) if fmt == JIRA else np.zeros(len(raw), dtype=bool)
    for name in PROJECT_CANDIDATES.get(fmt, ()):
        col = find_column(cols, name)
        if col is None or not (filled := raw[col].notna().to_numpy(dtype=bool)).any():
            continue
        if not (filled & ~subs).any():  # it names each sub-task's story: the stories would be the projects
            notes_later.append(f"project: '{col}' not proposed: only sub-tasks fill it (with their parent issue, "
                               "not a project)")
            continue
        alternatives.append(col)
    if fmt == MSPDI and "outline" in raw:  # phases of one project are top-level summaries too: only a
        depth = raw["outline"].astype(str).str.count(r"\.") + 1  # portfolio plan nests tasks 3 deep
        if not ((depth >= 3).mean() > 0.8 and raw["top_summary"].nunique() >= 2):
            alternatives = []
    if project is None and linear and (name := find_column(cols, "project")) is not None \
            and raw[name].notna().any():  # Linear's Project ID is a UUID, its Project the name people read
        project = name
        notes.append(f"project: '{name}' (Linear's project name; 'Project ID' holds its id)")
    elif project is None and alternatives and raw[S.PROJECT_ID].nunique() <= 1:
        project = alternatives[0]
        notes.append(f"project: '{project}' (the export has one tracker project, "
                     f"'{raw[S.PROJECT_ID].dropna().iloc[0] if raw[S.PROJECT_ID].notna().any() else ''}')")
    elif project is None:
        notes.append(f"project: the format's own ({det.get('project_id', 'project column')}); "
                     f"{counted(raw[S.PROJECT_ID].nunique(), 'project')}")
    notes += notes_later
    return project, alternatives


def _estimate_columns(raw: pd.DataFrame, det: dict, cols: list, table, linear, columns: dict,
                      notes: list[str]) -> tuple:
    """The estimate and actual columns and their units, as :class:`Mapping`'s keywords, and the proposed
    ``columns`` without them; said in ``notes`` (which lose the lines that proposed them as columns)."""
    estimate, unit, no_estimate = None, "auto", False
    actual, actual_unit = None, "auto"
    has_hours = raw[S.ESTIMATE].notna().any() if S.ESTIMATE in raw else False
    rollups, n_sub = det.get("_rollups", ({}, 0))  # Jira's Σ columns, where the export has no others
    # the file's own headers, as the load reads them: the probe's table has a blank actual_hours added, which
    # beside "Effort days" and no estimate made it the planned effort, the estimate, where the load reads the actual
    heads = list(table.columns) if table is not None else cols
    named = unit_columns(heads) if not has_hours else {}
    # GitLab's times are whole seconds, whatever their headers seemed to say (Time Spent: hours in a sheet)
    if gitlab := (gitlab_times(table.columns) if table is not None else {}):
        no_estimate = S.ESTIMATE not in gitlab
        estimate, actual, unit, actual_unit, columns = _tracker_times(gitlab, "seconds", "GitLab's issue export",
                                                                      columns, notes)
    elif youtrack := _youtrack_minutes(table):  # YouTrack's plain numbers are minutes, whatever their headers
        no_estimate = S.ESTIMATE not in youtrack and S.ESTIMATE not in columns.values() and not has_hours
        estimate, actual, unit, actual_unit, columns = _tracker_times(
            youtrack, "minutes", "YouTrack's issue export writes its times as plain numbers in minutes", columns,
            notes)
    elif points := linear:  # Linear: points only
        estimate, unit = points, "points"
        columns = {k: v for k, v in columns.items() if k != estimate}
        notes[:] = [n for n in notes if n != f"column '{estimate}' read as {S.ESTIMATE}"]
        notes.append(f"estimate: story points in '{estimate}' (Linear's issue export: its estimates are points, "
                     "never hours)")
    elif "estimate" in named:  # "Estimate (minutes)": the header says the unit
        (estimate, unit), (actual, actual_unit) = named["estimate"], named.get("actual", (None, "auto"))
        notes.append(f"estimate: '{estimate}' in {unit}" + (f", actual: '{actual}' in {actual_unit}" if actual else "")
                     + " (the unit as the header names it)")
    elif not has_hours and rollups.get(S.ESTIMATE) and not n_sub:  # no sub-tasks: the Σ column is each issue's own
        estimate, unit = rollups[S.ESTIMATE], "seconds"
        if rollups.get(S.ACTUAL):
            actual, actual_unit = rollups[S.ACTUAL], "seconds"
        notes.append(f"estimate: '{estimate}' in seconds" + (f", actual: '{actual}' in seconds" if actual else "")
                     + " (Jira's Σ columns, the export's only hour columns: with no sub-tasks in the export they "
                     "hold each issue's own hours)")
    else:
        # the file's own headers (heads), as the load that warns of them unread reads them
        # (column_names.unread_spellings): beside the probe's blank actual_hours an "Effort days" read as the
        # planned effort (unit_columns), the estimate the export has already, was proposed as nothing, and init's
        # own load then warned it unread as the actual it is
        if has_hours:
            actual, actual_unit = _actual_beside_hours(raw, det, heads, rollups, n_sub, notes)
        else:  # no estimate, but the time spent the load reads as the actual ("Time spent (h)")
            estimate, unit, no_estimate = _points_or_none(raw, det, cols, rollups, notes)
            actual, actual_unit = _stated_actual(heads, det, notes)
    # "Hours" beside no estimate or actual: which it is no header says, proposed as neither, said as the load says it
    proposed = set(columns.values())
    missing = {c for c, given in ((S.ESTIMATE, estimate is not None or has_hours),
                                  (S.ACTUAL, actual is not None or (S.ACTUAL in raw and raw[S.ACTUAL].notna().any())))
               if not given and c not in proposed}
    held = [c for c in heads if c not in columns and (table is None or c not in table or table[c].notna().any())]
    notes += map(ToDecide, unnamed_time_notes(held, missing))
    return dict(estimate=estimate, estimate_unit=unit, no_estimate=no_estimate, actual=actual,
                actual_unit=actual_unit), columns


def _tracker_times(times: dict, unit: str, source: str, columns: dict, notes: list[str]) -> tuple:
    """A tracker's time columns (``times``: canonical column -> header, GitLab's seconds, YouTrack's minutes) read in
    their ``unit``: ``(estimate, actual, unit, actual_unit, columns)``, the headers taken out of ``columns`` (the
    guessed ones) and said in ``notes`` as that unit's, from ``source``, instead of as guessed."""
    estimate, actual = times.get(S.ESTIMATE), times.get(S.ACTUAL)
    notes[:] = [n for n in notes if n not in (f"column '{estimate}' read as {S.ESTIMATE}",
                                              f"column '{actual}' read as {S.ACTUAL}")]
    notes.append(" and ".join(f"{which}: '{col}' in {unit}" for which, col in (("estimate", estimate),
                                                                              ("actual", actual)) if col)
                 + f" ({source})")
    return (estimate, actual, unit if estimate else "auto", unit if actual else "auto",
            {k: v for k, v in columns.items() if k not in (estimate, actual)})


def _youtrack_minutes(table: pd.DataFrame | None) -> dict:
    """YouTrack's time columns (:func:`~.headers.youtrack_times`) in ``table`` (the export as text) that hold plain
    whole numbers only, its minutes, by the canonical column each is; a column of durations (``1d 2h``), which say
    their unit, or a blank one is left out."""
    if table is None:
        return {}
    return {canon: col for canon, col in youtrack_times(table.columns).items() if plain_whole_numbers(table[col])}


def _points_or_none(raw: pd.DataFrame, det: dict, cols: list, rollups: dict, notes: list[str]) -> tuple:
    """An export with no hour estimates: its story points column as the estimate (column, unit, False), else
    none (None, "auto", True: the pack forecasts from throughput); said in ``notes``."""
    if rollups:
        notes.append(f"hours: {det['rollup_columns']}")
    for name in S.STORY_POINT_COLUMNS:
        col = find_column(cols, name)
        if col is not None and raw[col].notna().any():
            other = next((c for n in S.STORY_POINT_COLUMNS if (c := find_column(cols, n)) not in (None, col)), None)
            filled = f"; where it is blank, '{other}' (the other kind of Jira project's field)" if other else ""
            notes.append(f"estimate: story points in '{col}' (no hour estimates in the export){filled}")
            return col, "points", False
    notes.append(f"estimate: none {'proposed (not the Σ columns: see hours)' if rollups else 'found'}; the "
                 "pack forecasts from throughput (items per week)")
    # "Story Points (SP)", "Estimate (pts)": points, no hours, so not the estimate's hours; said, as it was listed
    # among the columns not read alone
    notes += [Said(f"story points: '{col}' holds story points, not hours, so it is not read as the estimate (to "
                   f"forecast in points, give it under 'estimate:' in mapping.yaml: column: {col}, unit: points)")
              for col in points_headers(cols) if col not in raw or raw[col].notna().any()]
    return None, "auto", True


def _actual_beside_hours(raw: pd.DataFrame, det: dict, heads: list, rollups: dict, n_sub: int,
                         notes: list[str]) -> tuple:
    """An export with hour estimates: the actual column and its unit when the loader does not read one itself
    (a Jira Σ column with no sub-tasks, a header of ``heads``, the file's, that names its unit: :func:`_stated_actual`),
    else (None, "auto"); said in ``notes``."""
    actual, actual_unit = None, "auto"
    notes.append(f"estimate: {det.get('units', {}).get(S.ESTIMATE, 'hours')}")
    if rollups.get(S.ACTUAL) and not n_sub:  # no sub-tasks: the Σ column is each issue's own
        actual, actual_unit = rollups[S.ACTUAL], "seconds"
        notes.append(f"actual: '{actual}' in seconds (Jira's Σ column, the export's only time spent: with no "
                     "sub-tasks in the export it holds each issue's own hours)")
    elif rollups:
        notes.append(f"hours: {det['rollup_columns']}")
    stated = _stated_actual(heads, det, notes)  # "Time spent (h)" beside "Estimate"
    return stated if stated[0] is not None else (actual, actual_unit)


def _stated_actual(heads: list, det: dict, notes: list[str]) -> tuple:
    """The time spent in a header of ``heads`` (the file's) that names its unit (``Time spent (h)``, ``Effort
    days``), where the loader reads none itself: ``(column, unit)``, said in ``notes``, else (None, "auto")."""
    named = unit_columns(heads)
    if "actual" not in named or S.ACTUAL in det.get("units", {}):
        return None, "auto"
    actual, unit = named["actual"]
    notes.append(f"actual: '{actual}' in {unit} (the unit as the header names it)")
    return actual, unit


def _statuses(export, sheet, raw: pd.DataFrame, det: dict, cols: list, table, notes: list[str]) -> dict:
    """Every workflow status and what it means, as the loader reads it, and how the report reads the status
    column, said in ``notes``."""
    statuses = {}
    src = S.SOURCE_STATUS if S.SOURCE_STATUS in raw else S.STATUS
    if det.get("format", "auto") != MSPDI and src in raw and (
            src == S.SOURCE_STATUS or not str(det.get("status", "")).startswith("derived from")):
        _read_statuses(raw, src, find_column(cols, "status category"), statuses, notes)
        if any(det.get(k) for k in LEFT_OUT_ROWS):
            _left_out_statuses(export_as_text(export, sheet) if table is None else table,
                               raw.attrs.get("_headers", {}).get(src, src),
                               set(to_text(raw[src]).dropna()),
                               find_column(cols, "status category"), statuses, notes)
    if src == S.SOURCE_STATUS and statuses:  # read here as text (the probe's status then came from dates or
        # '% Done'): the report reads the column through the statuses proposed
        blank = int(raw[src].isna().sum())
        header = raw.attrs.get('_headers', {}).get(src, src)
        notes.append(f"status: read from '{header}', each value as 'statuses' "
                     "says" + (f"; {counted(blank, 'task')} with none from {agree(blank, 'its', 'their')} dates"
                               if blank else "")
                     + ("; a board's column: a task with a finished date is done whatever its column"
                        if header_name(header) in S.BOARD_COLUMNS else ""))
    elif str(det.get("status", "")).startswith("derived from"):  # no status column: how the report reads one
        notes.append(f"status: {det['status']}")
    return statuses


def _read_statuses(raw: pd.DataFrame, src: str, category: str | None, statuses: dict, notes: list[str]) -> None:
    """Propose, in ``statuses``, what each value of the status column ``src`` means, as the loader reads it: a
    known name, else each issue's status category (``category``), else the words and dates; said in ``notes``."""
    finished = raw[S.FINISHED].notna() if S.FINISHED in raw else pd.Series(False, index=raw.index)
    for value, g in raw.groupby(raw[src].astype("string"), sort=True):
        read = known_status(value)
        if category is not None:
            by_issue = status_or_category(pd.Series(read, index=g.index, dtype=object), raw.loc[g.index, category],
                                          raw.loc[g.index, src])[0].dropna().value_counts()
            if len(by_issue) > 1:  # one value would be wrong for some issues: the loader reads each
                notes.append(f"status '{value}': read issue by issue from '{category}' ("
                             + ", ".join(f"{n} {s}" for s, n in by_issue.items()) + "), so not in statuses")
                continue
            read = by_issue.index[0] if len(by_issue) else None
        share = float(finished[g.index].mean())
        statuses[str(value)] = read or suggest_status(value, None, share, finish_dates=bool(finished.any()))
        if not read and statuses[str(value)] == S.DONE and check_passed_undated(value, share):
            undated = int((~finished[g.index]).sum())
            though = (agree(len(g), 'its one task has no', f'none of its {len(g):,} tasks has a') if undated == len(g)
                      else f"{undated:,} of its {len(g):,} tasks {agree(undated, 'has', 'have')} no")
            notes.append(ToDecide(f"status '{value}': a check passed, proposed done though {though} "
                                  "finished date: the finish dates are missing from the export (done work without one "
                                  "counts in no throughput or cycle time); export them, or map the status otherwise if "
                                  "the work is not finished"))
        elif not read and statuses[str(value)] != S.DONE and suggest_status(value, None, share) == S.DONE:
            notes.append(ToDecide(f"status '{value}': its words say done, but "
                                  f"{agree(len(g), 'its one task has no', f'none of its {len(g):,} tasks has a')} "
                                  "finished date where other tasks have one: proposed in_progress; check it"))


#: ``detected`` keys of the loader's rows left out of the task table (parent issues without hours of their
#: own, open ones whose estimate is their children's sum, epics, summary rows, milestones): their statuses are the
#: workflow's too.
LEFT_OUT_ROWS = ("parent_items", "parent_own_time", "project_rows_dropped", "empty_epics", "summary_rows", "milestones")


def _left_out_statuses(table: pd.DataFrame, header: str, known: set, category: str | None, statuses: dict,
                       notes: list[str]) -> None:
    """Propose, in ``statuses``, the statuses only rows left out of the task table hold (a Jira story with
    sub-tasks and no hours read, dropped as a container, may be the export's only Done issue): the report
    reads every row's status before it leaves rows out, and stopped at one the mapping lacked. Said in
    ``notes``, read as the report reads it (:func:`~pmo_forecast.inputs.statuses.status_or_category`): a
    built-in name (``Active``: in_progress), else its status category where the export has one, else its words."""
    col = find_column(table.columns, header)
    if col is None:
        return
    values = to_text(table[col])
    for value, g in values.groupby(values, sort=True):
        if value in known:
            continue
        cat = to_text(table.loc[g.index, category]).dropna() if category is not None else pd.Series(dtype=object)
        named = known_status(value)
        read, by_category = status_or_category(pd.Series([named], dtype=object), cat.iloc[:1] if len(cat) else None,
                                               pd.Series([value], dtype=object))
        statuses[value] = read.iloc[0] if named or by_category else suggest_status(value)
        notes.append(ToDecide(f"status '{value}': only on {counted(len(g), 'row')} left out of the tasks (parent "
                              f"items, epics, summary rows or milestones): proposed {statuses[value]} from its "
                              f"{'status category' if by_category else 'name' if named else 'words'}; check it"))
    ordered = sorted(statuses.items())  # as the statuses the tasks hold are listed
    statuses.clear()
    statuses.update(ordered)


def export_as_text(export, sheet=None) -> pd.DataFrame:
    """The export as text (a workbook's sheet or a delimited file), its header read as the loader reads it: the
    line below any title lines, trimmed, a repeated header's copies ``Labels.1``; its cells as the loader reads them,
    as the spreadsheet shows them (:func:`~.cells.cells_as_shown`: ``="2024-01-25"`` is ``2024-01-25``)."""
    from .delimited import read_delimited
    from .file_kinds import refuse_other_types, sniff_file_type
    from .sources import sniff_below_titles, workbook_below_titles

    path = Path(export)
    kind = sniff_file_type(path)
    refuse_other_types(path, kind)  # as the loader refuses it (an encrypted workbook), never read as text
    if kind == "xlsx":  # the content says which kind, not the suffix
        table = workbook_below_titles(path, sheet, S.TASKS, None)[0]
    else:
        table = read_delimited(path, text=True, sniffed=sniff_below_titles(path, S.TASKS, None))[0]
    cells_as_shown(table, guarded=True)
    return table
