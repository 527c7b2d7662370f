"""Loading the task table into the canonical schema: columns, types, statuses and the checks on them.

``load_tasks`` (and the companion tables' loaders, :mod:`~pmo_forecast.inputs.companions`) accept a path
or a DataFrame, read it with :func:`~pmo_forecast.inputs.sources.read_source` (the file's format,
encoding and separator; its header read as the schema's columns, :mod:`~pmo_forecast.inputs.column_names`),
read what plans and trackers write beside the tasks (:mod:`~pmo_forecast.inputs.plans`,
:mod:`~pmo_forecast.inputs.progress`, :mod:`~pmo_forecast.inputs.hierarchy`), coerce types
(:func:`~pmo_forecast.inputs.coerce.coerce`) and raise :class:`SchemaError` with the file, column, rows
and fix when the data cannot be used. Inputs are only ever read.
"""

from __future__ import annotations

import dataclasses

import pandas as pd

from ..core import schema as S
from ..core.checks import refuse
from ..core.exceptions import SchemaError, warn
from ..core.labels import agree, counted
from ..core.source_lines import IN_MEMORY, mended_in, rows_text, source_rows
from . import formats as F
from . import trackers
from .cells import (
    column_as_headed,
    distinct_values,
    placeholder_keys_said,
    read_no_group_blank,
    to_text,
)
from .coerce import coerce, finish_table
from .column_names import unmatched_said, unread_spellings, users_headers
from .headers import (
    TRACKER_TIME_HEADERS,
    english_header,
    gitlab_times,
    header_unit,
    jira_sum_times,
    plain_whole_numbers,
    youtrack_times,
)
from .hierarchy import (
    drop_containers,
    rollup_hours_or_raise,
    say_pointed_sub_tasks,
    say_sub_tasks_under_cancelled,
)
from .mapping import Mapping, apply_rank, say_rank_order
from .number_formats import NUMBER_FORMATS, SHOWN_BY_FORMAT, percent_or_raise, units_shown
from .numbers import per_hour
from .parsing import (
    closest_names,
    file_headers,
    given_dict,
    header_key,
    header_name,
    header_names,
    mapping_being_proposed,
)
from .plans import (
    PEOPLE_LISTS,
    RESOURCE_LISTS,
    drop_milestones,
    drop_summary_rows,
    empty_milestones,
    leave_out,
    mark_planned_end_finishes,
    planned_end_column,
    planned_end_status,
    read_assignees,
    read_plan_finish,
    read_scheduled_starts,
    say_planned_end_finish,
    say_scheduled_starts,
    top_summary_projects,
)
from .progress import (
    COMPLETE_FLAG_READ_AS,
    PLAN_WORK,
    complete_flags_or_raise,
    derive_status,
    percent_complete,
    planned_starts_open,
    read_spent_work,
)
from .project_links import apply_project, sub_task_links
from .repeated_ids import copies_or_raise, named_by_project, renamed_said
from .saved import read_saved, read_sidecar
from .sources import check_not_empty, read_source, say_unmatched, warn_unmatched
from .status_map import (
    FROM_DATES,
    apply_status_map,
    archived_as_cancelled,
    check_status_map,
    completed_in_board_column,
    due_complete_as_done,
    guesses_said_if_refused,
    read_from_dates,
    say_marked_resolutions,
    say_resolutions,
    say_statuses_guessed,
)
from .statuses import status_or_category, unknown_statuses_or_raise
from .task_links import predecessors_by_task_id
from .timelines import split_timeline, timeline_by_status


def _status_category(df: pd.DataFrame) -> pd.Series | None:
    """Jira's Status Category column (or a translation of its header), if the table has one."""
    return next((df[c] for c, n in zip(df.columns, header_names(df.columns), strict=True)
                 if n in S.STATUS_CATEGORY_HEADERS), None)


def _status_from_category(df: pd.DataFrame, detected: dict, source: pd.Series | None) -> None:
    """Where ``status`` is missing or unknown, or its ``source`` is "Blocked" (:func:`status_or_category`),
    Jira's Status Category column (``To Do``, ``In Progress``, ``Done``, or a translation) says which
    canonical status it is."""
    status = df[S.STATUS] if S.STATUS in df.columns else pd.Series(pd.NA, index=df.index,
                                                                   dtype=S.DTYPES["category"])
    status, said = status_or_category(status, _status_category(df), source)
    if said:
        df[S.STATUS] = status.astype(S.DTYPES["category"])
        detected["status"] = said


def _resolutions(df: pd.DataFrame, cancelled: pd.Series, detected: dict, held: set) -> None:
    """A table's done tasks whose ``Resolution`` closes them without the work (Won't Do, Duplicate) are
    cancelled (:func:`~pmo_forecast.inputs.trackers.cancel_closed`), said as the Jira reader says it
    (:func:`~pmo_forecast.inputs.status_map.say_resolutions`; ``held``: the task ids a table loaded before held as
    cancelled, before its status map read their source status again)."""
    changed, kept = trackers.cancel_closed(df, cancelled)
    say_resolutions(df, changed, detected, held, kept=kept)


def _read_as_loaded(df: pd.DataFrame, column_map: dict, unmatched: list, units: dict, detected: dict) -> list:
    """Of a mapping's columns, those a table loaded before (:func:`~pmo_forecast.inputs.formats.loaded_before`) no
    longer has, its first load having renamed them to the canonical columns it has (``Task ID`` to ``task_id``):
    the table is read as that load left it, said in ``detected["columns_given"]``, and returns them. Its
    ``estimate_hours`` and ``actual_hours`` are then the loader's own, in hours: a unit the mapping gives them is
    dropped from ``units`` (``unit: days`` read a second time made 16 h 128 h), story points kept as points. A unit
    given without a column (``unit: days``) is dropped only for a table known to be loaded before
    (:func:`~pmo_forecast.inputs.formats.known_loaded_before`): else the loader's header is all that says so, which a
    CSV built by hand in that order has too; it is read in the unit, said in ``detected["read_as_new"]``."""
    if not F.loaded_before(df.columns, detected):
        return []
    gone = [k for k in unmatched if column_map.get(k) in df.columns]
    # a unit applies to a mapped column the table still has (one its first load kept), not to the loader's own
    own = [c for c in (S.ESTIMATE, S.ACTUAL) if c in units and units[c][0] != 1  # (hours and points: as they are)
           and all(k in gone for k, v in column_map.items() if v == c)]
    if bare := [c for c in own if not F.known_loaded_before(detected) and c not in column_map.values()]:
        own = [c for c in own if c not in bare]
        detected["read_as_new"] = (
            f"{' and '.join(f'{c} read in {units[c][1]}' for c in bare)}, the mapping's unit: the table's header is "
            f"the loader's ({F.loaded_header(detected)}), but no sidecar of save_tasks is beside it to say it was loaded "
            "before (a table the loader returned is loaded again as it was loaded when saved with save_tasks)")
    if not gone and not own:
        return []
    how = F.loaded_before_by(detected)
    named = list(dict.fromkeys(column_map[k] for k in gone))
    unit = (f"{' and '.join('estimate' if c == S.ESTIMATE else 'actual' for c in own)} "
            f"{agree(len(own), 'unit', 'units')} ({', '.join(units[c][1] for c in own)})")
    what = (f"{agree(len(gone), 'column', 'columns')} {', '.join(map(repr, gone))} not applied"
            + (f", nor its {unit}" if own else "")) if gone else f"{unit} not applied"
    read = [f"its {', '.join(named)} as that load named {agree(len(named), 'it', 'them')}"] if gone else []
    if own and F.SAVED_TABLE in detected:  # said again if its sidecar no longer matches it (read_saved)
        detected[F.SAVED_TABLE] = f"the mapping's {unit} not applied, {' and '.join(own)} read in hours as saved"
    read += [f"{c} in hours, not read in {units.pop(c)[1]} a second time" for c in own]
    detected["columns_given"] = (f"the mapping's {what}: a table loaded before ({how}), read as that load left it: "
                                 f"{'; '.join(read)}")
    return gone


def _saved_points(df: pd.DataFrame, file: str, units: dict, detected: dict, m, estimate_from) -> None:
    """A table loaded before (:func:`~pmo_forecast.inputs.formats.loaded_before`) whose
    :data:`~pmo_forecast.core.schema.ESTIMATE_UNIT` column says ``points`` (the loader writes it on every row of a
    table with story-point estimates; a saved file keeps no ``attrs``): its estimates are read as points, added
    to ``units`` and said in ``detected["estimate_unit"]`` (a frame the loader returned says it already, its
    first load's units kept); the saved table read as hours made every accuracy figure and date wrong by the
    hours per point. Raises :class:`SchemaError` when the column leaves rows blank or says another unit (two
    tables joined: within :func:`~pmo_forecast.core.checks.refusals_listed` listed, those rows' estimates read as
    blank), or when the mapping gives the estimate another unit (``estimate_from``: its column):
    neither is chosen silently. The canonical header's own unit (``estimate_hours``, mapped as is) is its name's."""
    if S.ESTIMATE_UNIT not in df.columns or not F.loaded_before(df.columns, detected):
        return
    said = to_text(df[S.ESTIMATE_UNIT]).str.casefold()
    if said.isna().all():  # a column with nothing in it says nothing: the estimates are hours
        return
    other = (said != S.POINTS_UNIT).fillna(True).to_numpy(bool)
    if other.any():
        values = sorted({"blank" if pd.isna(v) else repr(v) for v in said[other]})
        lines = source_rows(df)[other]
        refuse(SchemaError(f"{file}: column '{S.ESTIMATE_UNIT}' says '{S.POINTS_UNIT}' on "
                           f"{counted(int((~other).sum()), 'row')} but {' or '.join(values)} on "
                           f"{int(other.sum()):,} ({rows_text(lines)}): the loader writes '{S.POINTS_UNIT}' on every "
                           "row of a table whose estimates are story points, so the table mixes estimates in points "
                           "and in hours (two tables joined?). Write points there if those estimates are story "
                           "points, or load the tables apart.", file=file, column=S.ESTIMATE_UNIT, rows=list(lines)))
        if S.ESTIMATE in df.columns:  # listed (refusals_listed): those rows' estimates, in another unit, read as blank
            df[S.ESTIMATE] = df[S.ESTIMATE].mask(other)
    mapped = m.units_per_hour("estimate") is not None  # else the unit a mapped column's header states
    unit = units.get(S.ESTIMATE, (None, S.POINTS_UNIT))[1]
    if unit != S.POINTS_UNIT and (mapped or header_name(estimate_from) != S.ESTIMATE):
        given = "the mapping" if mapped else f"the mapped column '{estimate_from}'"
        raise SchemaError(f"{file}: column '{S.ESTIMATE_UNIT}' says the estimates are story points (the loader wrote "
                          f"it, having read them in points), but {given} gives the estimate in {unit}. Give the "
                          f"estimate's unit as points, or none, in {m.mended_in} to read the table so, or load the export "
                          f"itself to read it in {unit}.", file=file, column=S.ESTIMATE_UNIT)
    units[S.ESTIMATE] = (per_hour(S.POINTS_UNIT), S.POINTS_UNIT)
    if S.POINTS_UNIT not in str(F.first_load(detected).get("units", {}).get(S.ESTIMATE, "")):
        detected[S.ESTIMATE_UNIT] = (f"story points, as the table's '{S.ESTIMATE_UNIT}' column says (a table loaded "
                                     "with story-point estimates and saved): estimate_hours read as points, not hours")


def _units_shown(df: pd.DataFrame, file: str, detected: dict, units: dict, m) -> dict:
    """A workbook's estimate and actual read in the unit their cells' number format shows (``0 "days"``: the
    user sees "3 days", not 3 hours), added to ``units`` (:func:`~pmo_forecast.inputs.number_formats.units_shown`
    refuses formats that disagree); returns column -> the format so read."""
    shown = df.attrs.get(NUMBER_FORMATS) or {}
    for canon in (S.ESTIMATE, S.ACTUAL):  # a percentage is no number of hours, whoever's unit the column takes
        if (header := detected.get("_headers", {}).get(canon, canon)) in shown:
            percent_or_raise(shown[header], file=file, column=header, quoted=column_as_headed(canon, detected))
    if detected.get("format") in trackers.READERS:  # a tracker's export: its reader knows its units
        return {}
    # the mapping's unit, else the header's (estimate_hours states hours, as Estimate (days) states days)
    given = {canon: (units[canon][1], "the mapping's unit")
             if canon in units and m.units_per_hour("estimate" if canon == S.ESTIMATE else "actual") is not None
             else None
             for canon in (S.ESTIMATE, S.ACTUAL)}
    read = units_shown(df, given, file=file, detected=detected)
    for canon, (unit, _) in read.items():
        units[canon] = (per_hour(unit, m.hours_per_day), unit)
    return {canon: fmt for canon, (_, fmt) in read.items()}


#: The trackers whose issue export, told by its headers as ``init`` tells it, writes its times as plain whole numbers
#: in a unit other than hours: the columns it has (by canonical column), that unit, the export as a warning names it,
#: and a day's 8 h written in it.
_TRACKER_PLAIN_TIMES = (
    (youtrack_times, "minutes", "YouTrack's issue export (its Issue Id, Reporter and State headers)",
     "480 is a day's 8 h, not 480 h"),
    (gitlab_times, "seconds", "GitLab's issue export (its Issue ID, URL and Created At (UTC) headers)",
     "28800 is a day's 8 h, not 28,800 h"),
    (jira_sum_times, "seconds", "Jira's export (its Σ headers, sums over sub-tasks only Jira writes)",
     "28800 is a day's 8 h, not 28,800 h"),
)


def _tracker_units_mapped(df: pd.DataFrame, file: str, detected: dict, o: _TaskOptions) -> None:
    """A tracker's time columns (:data:`_TRACKER_PLAIN_TIMES`: YouTrack's ``Estimation`` and ``Spent time`` in
    minutes, GitLab's ``Time Estimate`` and ``Time Spent`` and Jira's ``Σ Original Estimate`` and ``Σ Time Spent``
    in seconds), its export told by its headers (GitLab's and YouTrack's as ``init`` tells them), mapped by hand without a unit and holding plain whole numbers
    (:func:`~.headers.plain_whole_numbers`), read in the tracker's unit, said: ``o.units`` added to.

    Read in hours, a day's estimate (480 minutes, 28800 seconds) was 480 h or 28,800 h without a word (GitLab's
    only "assumed"), where ``init`` proposes the same file's column in the tracker's unit. The PMO analyst who maps
    the column means the tracker's numbers as it means them; a column kept in hours by hand says so with
    ``unit: hours``, which the warning names: in the mapping given, or, for a load given only ``column_map`` (which
    has no unit to give), in the ``mapping=`` the warning writes out.
    """
    if detected.get("format") in trackers.READERS:  # a tracker's reader knows its own units
        return
    headers = file_headers(df.columns, detected)[0]
    for times_of, unit, export, day in _TRACKER_PLAIN_TIMES:
        times = times_of(headers)
        read = {canon: o.hour_columns[canon] for canon in (S.ESTIMATE, S.ACTUAL)
                if canon in o.hour_columns and canon not in o.units and times.get(canon) == o.hour_columns[canon]
                and canon in df and plain_whole_numbers(df[canon])}
        for canon in read:
            o.units[canon] = (per_hour(unit, o.m.hours_per_day), unit)
        if not read or mapping_being_proposed():  # init's probe: init proposes the unit itself
            continue
        named = " and ".join(f"'{h}'" for h in read.values())
        which = {S.ESTIMATE: "estimate", S.ACTUAL: "actual"}
        columns = agree(len(read), "the column", "the columns")
        if o.mapping_given:
            fix = (f"the mapping gives {columns} no unit. Say which it is in {o.m.mended_in}, under "
                   f"{' and '.join(f'{which[c]}:' for c in read)} with unit: {unit}, or unit: hours if filled in hours")
        else:  # a column_map has no unit to give: the mapping that does, written out
            given = {which[c]: {"column": h, "unit": unit} for c, h in read.items()}
            fix = (f"the column_map argument gives {columns} no unit, which only a mapping can. Say which it is with "
                   f"mapping={given!r}, or 'unit': 'hours' if filled in hours")
        warn(f"{file}: {named} read in {unit}, not hours: the file is {export}, which writes its times as plain "
             f"numbers in {unit} ({day}), and {fix}.")


#: The plans whose reader gives hours itself, by format: what the file is and the fields read as hours.
_PLANS_READ_IN_HOURS = {F.MSPDI: ("an MS Project XML plan", "Project's durations (PT8H0M0S)"),
                        F.SIP: ("SiP data", "HoursEstimate and HoursActual")}


def _plan_units_or_raise(m, file: str, detected: dict) -> None:
    """Refuse a mapping's ``estimate:`` or ``actual:`` ``unit:`` other than hours for a plan whose reader gives hours
    (:data:`_PLANS_READ_IN_HOURS`): it converted them again, silently (8 h read as 64 h with ``unit: days``)."""
    if (plan := _PLANS_READ_IN_HOURS.get(detected.get("format"))) is None:
        return
    for which, unit in (("estimate", m.estimate_unit), ("actual", m.actual_unit)):
        if unit in ("auto", "hours"):
            continue
        again = "8 story points" if unit == "points" else f"{8 / per_hour(unit, m.hours_per_day):g} h"
        raise SchemaError(f"{file}: the mapping's {which}: unit: {unit} does not apply to {plan[0]}: its reader "
                          f"reads {plan[1]} as hours, which {unit} would convert again (8 h read as {again}). "
                          f"Remove unit: {unit} from {which}: in {m.mended_in}.", file=file)


@dataclasses.dataclass
class _TaskOptions:
    """What :func:`load_tasks` reads an export with: its arguments over the mapping's (``m``), and the units the
    estimate and actual columns are given in (``units``, canonical column -> (units per hour, unit's name)) or
    mapped from (``hour_columns``, canonical column -> the source's header)."""

    m: Mapping
    column_map: dict
    status_map: dict
    project: str | None
    prefix: str | None
    format: str
    units: dict
    hour_columns: dict
    mapping_given: bool  # else the columns are mapped by column_map alone, which gives no unit


def _task_options(source, format: str, column_map, status_map, project_from, mapping) -> _TaskOptions:
    """The mapping read, and :func:`load_tasks`'s arguments over it."""
    m = Mapping.coerce(mapping)
    given = IN_MEMORY if isinstance(source, pd.DataFrame) else str(source)
    column_map = {**m.column_map(), **given_dict(column_map, "column_map", "{'Owner': 'assignee'}", given)}
    status_map = {**m.statuses, **check_status_map(status_map, file=given)}
    if isinstance(project_from, dict):
        project, prefix = project_from.get("column"), project_from.get("prefix")
    else:
        project, prefix = project_from or m.project, None if project_from else m.project_prefix
    if format == "auto" and m.format not in ("auto", F.DATAFRAME):
        format = m.format
    units = {col: (uph, m.estimate_unit if which == "estimate" else m.actual_unit)
             for col, which in ((S.ESTIMATE, "estimate"), (S.ACTUAL, "actual"))
             if (uph := m.units_per_hour(which)) is not None}
    # a mapped column whose header states its unit (Estimate (h), Hours spent) is read in it, never in a
    # tracker's own: ClickUp's milliseconds made a hand-kept sheet's 6 h 0.0000017 h
    hour_columns = {canon: src for src, canon in column_map.items() if canon in (S.ESTIMATE, S.ACTUAL)}
    for canon, src in hour_columns.items():
        if canon not in units and (unit := header_unit(src)) is not None:
            units[canon] = (per_hour(unit, m.hours_per_day), unit)
    return _TaskOptions(m, column_map, status_map, project, prefix, format, units, hour_columns,
                        mapping is not None)


def _read_export(source, o: _TaskOptions, sheet) -> tuple:
    """The export read (:func:`~pmo_forecast.inputs.sources.read_source`) with ``o``: ``(df, file, detected)``."""
    options = {"status_map": o.status_map, "units_given": o.units, "hours_per_day": o.m.hours_per_day,
               "units_mapped": {canon: src for canon, src in o.hour_columns.items() if canon not in o.units}}
    return read_source(source, format=o.format, column_map=o.column_map or None, schema=S.TASKS, what="task",
                       options=options, sheet=sheet)


def _read_tasks(df: pd.DataFrame, file: str, detected: dict, source, o: _TaskOptions) -> tuple:
    """The export read (:func:`_read_export`) with ``o``, its columns checked.

    Returns ``(sidecar, unmatched, shown)``: the sidecar of a table :func:`~pmo_forecast.inputs.saved.save_tasks`
    wrote (or None), the mapped columns not found, and the units the hour columns' number formats show. The columns
    a table loaded before holds as read leave ``o``'s column map and hour columns.
    """
    m, units = o.m, o.units
    check_not_empty(df, file, source, detected)
    sidecar = None
    if not isinstance(source, pd.DataFrame):
        # a table save_tasks wrote: its first load's notes for the readers below (F.first_load), before they say
        # again what that load said (estimates read as points); read_saved puts them in the Assumptions
        if (sidecar := read_sidecar(source)) is not None and (first := sidecar.first_load_notes):
            detected[F.FIRST_LOAD_READ] = first
        if sidecar is not None and sidecar.of_a_loaded_table:  # its header alone cannot tell (F.known_loaded_before)
            detected[F.SAVED_TABLE] = True
    _plan_units_or_raise(m, file, detected)
    unmatched, found = detected.pop("_unmatched", ([], []))
    _saved_points(df, file, units, detected, m, o.hour_columns.get(S.ESTIMATE))
    if gone := _read_as_loaded(df, o.column_map, unmatched, units, detected):
        unmatched = [k for k in unmatched if k not in gone]
        say_unmatched(detected, unmatched, found)
        o.column_map = {k: v for k, v in o.column_map.items() if k not in gone}
        o.hour_columns = {canon: src for canon, src in o.hour_columns.items() if src not in gone}
    shown = _units_shown(df, file, detected, units, m)
    _tracker_units_mapped(df, file, detected, o)
    missing = [k for k in unmatched if k in m.column_map()]
    if missing:
        k = missing[0]
        what = {m.estimate: "estimate", m.actual: "actual"}.get(k, f"'{m.column_map()[k]}'")
        raise SchemaError(f"{file}: the mapping's {what} column '{k}' is not in {mended_in(file)} (closest: "
                          f"{', '.join(closest_names(k, found)) or 'none'}). Fix it in {m.mended_in}.",
                          file=file, column=k)
    return sidecar, unmatched, shown


def _task_rows(df: pd.DataFrame, file: str, detected: dict, o: _TaskOptions) -> tuple:
    """The rows that are tasks (a plan's summary rows out), each in its project, their statuses mapped.

    Returns ``(df, timeline, held, renamed)``: the table, a board's date ranges split off (or None), the tasks a
    table loaded before holds as cancelled, and the tasks whose ids were named by their project
    (:func:`~.repeated_ids.named_by_project`, said again once the rows that are no tasks have left: ``renamed_said``).
    """
    predecessors_by_task_id(df, detected)  # by the ID column, before the summary rows leave the table
    renamed = named_by_project(df, detected)  # before the links between rows are followed: each names a task of its project
    rollup_hours_or_raise(df, file, detected)
    if o.project == "top_summary" and "top_summary" not in df.columns:  # a plan's Excel or CSV export
        df = top_summary_projects(df, file, detected)
    df = drop_summary_rows(df, detected)
    complete_flags_or_raise(df, file)
    read_plan_finish(df, detected)
    timeline = split_timeline(df, detected)  # monday.com's Timeline, before the dates are read
    if o.project:
        df = apply_project(df, o.project, o.prefix, file=file, detected=detected)
    held = set()  # a table loaded before: the tasks it holds as cancelled, its status read again by the map below
    if o.status_map and F.loaded_before(df.columns, detected) and {S.STATUS, S.SOURCE_STATUS} <= set(df.columns):
        held = set(df.loc[to_text(df[S.STATUS]).eq(S.CANCELLED).fillna(False).to_numpy(bool), S.TASK_ID].astype(str))
    if o.status_map and detected.get("format") not in trackers.READERS:
        df = apply_status_map(df, o.status_map, file=file, detected=detected, category=_status_category(df))
    return df, timeline, held, renamed


#: What a task whose id is a placeholder (``-``, ``TBD``) is read as, in the loader's ``detected["placeholders"]``.
_TASK_KEPT = ("a task's id: the row is read as a task as any other (forecast while open, learnt from once done); "
             "write the task's own id")


def _coerced(df: pd.DataFrame, file: str, detected: dict, o: _TaskOptions, require_estimate: bool,
             generic: bool) -> tuple:
    """The table coerced to the schema's types (:func:`~pmo_forecast.inputs.coerce.coerce`; in ``o``'s units for a
    ``generic`` table, one no tracker reader read), a row pasted twice left out.

    Returns ``(df, raw_status)``: the table, and the status as written of the rows kept (None without one).
    """
    m, units = o.m, o.units
    required = [S.TASK_ID, S.PROJECT_ID] + ([S.ESTIMATE] if require_estimate and not m.no_estimate else [])
    raw_status = df[S.STATUS] if S.STATUS in df.columns else None
    unmatched_note = unmatched_said(detected)  # worded before coerce drops a plan's fields
    with users_headers(detected):
        df = coerce(df, S.TASKS, file=file, required=required, detected=detected, hours_per_day=m.hours_per_day,
                    units_per_hour={col: uph for col, (uph, _) in units.items()} if generic else None,
                    points={col for col, (_, name) in units.items() if name == "points"} if generic else None,
                    unit_names={col: name for col, (_, name) in units.items()} if generic else None)
        # every route's ids as read (a tracker's, a plan's, a frame's): before rows are left out or counted
        copies = copies_or_raise(df, file, detected)
    if copies.any():
        df = leave_out(df, copies, source_rows(df))
        if raw_status is not None:  # the status as written, of the rows kept (by position: labels may repeat)
            raw_status = raw_status[~copies]
    warn_unmatched(unmatched_note, file)
    return df, raw_status


def _say_units(df: pd.DataFrame, file: str, detected: dict, o: _TaskOptions, shown: dict, generic: bool) -> None:
    """Say in ``detected["units"]`` how the hour columns' units were read (guessed, shown by number formats,
    blank), and the columns' spellings left unread."""
    for canon, src in o.hour_columns.items() if generic else ():  # "Time spent" read in hours: a guess, said
        if canon not in o.units and canon in detected.get("units", {}) and \
                (theirs := TRACKER_TIME_HEADERS.get(english_header(src))):
            detected["units"][canon] += (f" (assumed: the header '{src}' states no unit, and a tracker's {src} is "
                                         f"in {theirs}: give the unit in the mapping, "
                                         f"{'estimate' if canon == S.ESTIMATE else 'actual'}: unit:, if it is another)")
    for canon, fmt in shown.items():
        detected["units"][canon] += f" ({SHOWN_BY_FORMAT.format(fmt)})"
    # a blank column has no unit to read (hours booked on unfinished work, source_actual_hours, are the actual's);
    # estimates mapped as story points stay points: every message about them says points, not hours
    for col, also in ((S.ESTIMATE, ()), (S.ACTUAL, (S.SOURCE_ACTUAL,))):
        if col in detected.get("units", {}) and all(df[c].isna().all() for c in (col, *also) if c in df):
            unit = detected["units"][col]
            detected["units"][col] = f"{unit} ({S.BLANK_UNIT})" if "points" in str(unit) else S.BLANK_UNIT
    if detected.get("format") in F.TABLE_FORMATS and not o.column_map:  # columns mapped: chosen, not missed;
        unread_spellings(df, detected, file)  # once it loads: a missing required column is the error


def _given_statuses(df: pd.DataFrame, file: str, detected: dict, o: _TaskOptions, raw_status, timeline) -> tuple:
    """The assignees, task types and statuses the export gives read, milestones and containers left out, the rows
    in the mapping's rank.

    Returns ``(df, has_status, planned_end, parent_items)``: the table, whether it gives statuses, the column of
    planned end dates a finish is read from (or None), and the containers left out.
    """
    column_map = o.column_map
    assignee_from = next((k for k, v in column_map.items() if v == S.ASSIGNEE), None)
    assignee_key = header_key(assignee_from) if assignee_from is not None else None
    read_assignees(df, detected, resource_list=assignee_key in RESOURCE_LISTS, people_list=assignee_key in PEOPLE_LISTS)
    read_no_group_blank(df, S.TASK_TYPE, source_rows(df), detected)  # 'n/a' is no type, not a group of its own
    _status_from_category(df, detected, raw_status)
    finished_from = next((k for k, v in column_map.items() if v == S.FINISHED), None)
    planned_end = planned_end_column(df, finished_from)  # on the statuses given, before any is taken from dates
    mark_planned_end_finishes(df, planned_end)  # before the statuses taken from dates, which read the as-of date
    completed_in_board_column(df, next((k for k, v in column_map.items() if v == S.STATUS), None),
                              finished_from or S.FINISHED, detected)
    milestones = empty_milestones(df, detected)
    df = drop_milestones(df, detected, rows=milestones)
    if raw_status is not None:  # the status as written, of the rows kept (by position: labels may repeat)
        raw_status = raw_status[~milestones]
    has_status = S.STATUS in df.columns and bool((distinct_values(df[S.STATUS])[0] >= 0).any())
    if raw_status is not None and has_status:
        # listed, not raised (validate_inputs): a status not known kept as the file writes it, for its finding
        df[S.STATUS] = unknown_statuses_or_raise(raw_status, df[S.STATUS], file=file, lines=source_rows(df))
    if timeline is not None:  # before a blank status is taken from the dates: the range's end is no finish
        timeline_by_status(df, timeline, detected)
    for key in ("status_map", "units_given", "hours_per_day", "units_mapped", "_second_header"):
        detected.pop(key, None)
    df, parent_items = drop_containers(df, detected)
    if o.m.rank:
        df = apply_rank(df, o.m.rank, file=file, detected=detected)
    elif (priority := S.priority_column(df.columns)) is not None:  # the queue order's column, by its header
        say_rank_order(df[priority], priority, file=file, detected=detected)
    return df, has_status, planned_end, parent_items


def _statuses_from_dates(df: pd.DataFrame, detected: dict, has_status: bool, planned_end) -> None:
    """Every status, or (a board's: Monday.com's not started) each blank one, taken from the row's dates (in
    place), and said in ``detected``."""
    for c in (S.STARTED, S.FINISHED):
        if c not in df.columns:
            df[c] = pd.Series(pd.NaT, index=df.index, dtype=S.DTYPES["datetime"])
    if not has_status:
        df[S.STATUS] = derive_status(df)
        planned_end_status(df, planned_end, detected)
        planned_starts_open(df, detected)
        share, col = percent_complete(df)
        scale = COMPLETE_FLAG_READ_AS if share is not None and share.attrs.get("yes_no") else \
            "100%: done, above 0: in progress, 0: open"
        detected["status"] = (f"derived from '{col}' ({scale}), else from dates"
                              + (f"; {share.attrs['read_as']}" if share.attrs["read_as"] else "")
                              if col else FROM_DATES)
    else:  # a board's blank status (Monday.com: not started): the row's dates say what it is
        blank = df[S.STATUS].isna().to_numpy()
        df.loc[blank, S.STATUS] = derive_status(df.loc[blank])
        read_as = planned_end_status(df, planned_end, detected, rows=blank) or \
            "finished: done, started: in progress, else open"
        planned_starts_open(df, detected, rows=blank)
        detected["status_blank"] = (f"{counted(int(blank.sum()), 'task')} with no status, taken from "
                                    f"{agree(int(blank.sum()), 'its', 'their')} dates "
                                    f"({read_as}; {rows_text(source_rows(df)[blank])})")


def _settle_statuses(df: pd.DataFrame, file: str, detected: dict, held: set, planned_end, generic: bool) -> None:
    """The statuses as finally read (in place): a resolution's, a card ticked done, an archived one; and said."""
    if (from_dates := read_from_dates(df, detected)) is not None:  # a tracker's statuses its reader took from dates
        planned_starts_open(df, detected, rows=from_dates[0], what=from_dates[1])
    say_statuses_guessed(df, detected)  # as the rows above were finally read
    # after the statuses taken from dates: a resolved row without a status is done, or cancelled by it
    if generic and (cancelled := trackers.cancelled_resolutions(df)) is not None:
        _resolutions(df, cancelled, detected, held)  # as the Jira reader reads them
    due_complete_as_done(df, file, detected)  # before the archived: a card ticked done, then archived, was done
    archived_as_cancelled(df, detected)  # on every row's status, those taken from dates too
    say_scheduled_starts(df, detected)  # by the statuses as finally read, those taken from dates too
    say_planned_end_finish(df, planned_end, detected)
    say_marked_resolutions(df, detected)  # the Jira reader's, of the rows that stay tasks (its epics are projects)


def _read_work_and_parents(df: pd.DataFrame, detected: dict, o: _TaskOptions, unmatched: list, parent_items,
                           generic: bool) -> None:
    """On the statuses as finally read (in place): the time logged on open work, sub-tasks and their parents, and
    the estimates (none given, or a plan's work)."""
    # a Jira table loaded again, its actual read from a column of the export its first load left unread (Σ Time
    # Spent, mapped as init proposes): the time logged on open work is source_actual_hours, as Jira's reader reads it
    if generic and F.read_as_jira(detected) and (src := o.hour_columns.get(S.ACTUAL)) is not None \
            and src not in unmatched and header_name(src) != S.ACTUAL:
        trackers.unfinished_actuals(df, finished=False)
    # on every row's status, those taken from dates and resolutions too; the rows' parents found once for both
    parent = sub_task_links(df)
    say_pointed_sub_tasks(df, parent, detected)
    say_sub_tasks_under_cancelled(df, parent, detected, parent_items)
    if o.m.no_estimate and (S.ESTIMATE not in df or df[S.ESTIMATE].isna().all()):
        detected["estimates"] = S.NO_ESTIMATES
    estimate_from = next((k for k, v in o.column_map.items() if v == S.ESTIMATE), None)
    if estimate_from is not None and header_key(estimate_from) in PLAN_WORK:
        read_spent_work(df, estimate_from, detected)


def load_tasks(source, *, format: str = "auto", column_map=None, require_estimate: bool = True,
               status_map=None, project_from=None, mapping=None, sheet=None) -> pd.DataFrame:
    """Load a task export into the canonical task table.

    Parameters
    ----------
    source : path or DataFrame
        A file (CSV, Excel, Jira or ClickUp CSV, MS Project XML), the SiP folder,
        or a DataFrame (copied, never modified).
    format : str
        ``"auto"`` (detect from extension and headers), ``"csv"``, ``"excel"``,
        ``"jira"``, ``"clickup"``, ``"mspdi"`` or ``"sip"``.
    column_map : dict, optional
        Source column name -> canonical name, e.g. ``{"Ticket": "task_id"}``;
        applied before the format's own mapping, which it overrides.
    require_estimate : bool
        Whether an ``estimate_hours`` column must exist (values may be missing);
        ``False`` for throughput-only data such as Asana exports (a mapping with
        ``estimate: none``, as ``pmo-forecast init`` writes for them, says the same).
    status_map : dict, optional
        Workflow status -> canonical status (``{"In Review": "in_progress",
        "Won't Do": "cancelled"}``), applied before the built-in spellings. When
        given, a status that is neither in it nor a built-in spelling raises
        SchemaError listing each one with a suggested mapping.
    project_from : str or dict, optional
        The column that names the project (``"Epic Link"``, ``"Parent"``,
        ``"Component/s"``, a custom field), or ``{"column": "Labels", "prefix":
        "prog-"}``. Links to other rows (an epic's key or id) are followed to the
        top row, which becomes the project and leaves the task table.
    mapping : Mapping, dict or path, optional
        A ``mapping.yaml`` (see :mod:`pmo_forecast.inputs.mapping`): project, estimate
        column and unit, statuses, rank. The arguments above override it.
    sheet : str or int, optional
        For a workbook: the sheet's name or 0-based position. Default: the first
        visible sheet with data.

    Returns
    -------
    pandas.DataFrame
        Canonical columns first (see :data:`pmo_forecast.core.schema.TASKS`), extra
        source columns after, and with story-point estimates ``estimate_unit``
        (:data:`~pmo_forecast.core.schema.ESTIMATE_UNIT`), which a saved table keeps.
        ``df.attrs["detected"]`` says what was detected
        (format, encoding, separator, decimal, units, date formats) and
        ``df.attrs["_source_line"]`` each row's line in the file. A CSV that
        :func:`~pmo_forecast.inputs.saved.save_tasks` wrote loads back as it was saved, what
        its first load found in ``attrs["detected"]["first_load_notes"]`` (from its sidecar).

    Raises
    ------
    SchemaError
        When the file cannot be read, is empty, or a required column is missing
        or malformed; the message names the file, column, lines and the fix.

    Examples
    --------
    >>> from pmo_forecast import load_tasks
    >>> tasks = load_tasks("data/sample/tasks.csv")
    >>> tasks.attrs["detected"]["format"]
    'csv'
    """
    o = _task_options(source, format, column_map, status_map, project_from, mapping)
    df, file, detected = _read_export(source, o, sheet)
    # every refusal from the tracker's reader on to the statuses settled says the statuses it guessed: a project or
    # rank column missing said nothing of them, as only coerce's refusals did
    with guesses_said_if_refused(detected):
        sidecar, unmatched, shown = _read_tasks(df, file, detected, source, o)
        df, timeline, held, renamed = _task_rows(df, file, detected, o)
        generic = detected.get("format") not in trackers.READERS  # the tracker readers applied the units themselves
        df, raw_status = _coerced(df, file, detected, o, require_estimate, generic)
        if generic:
            trackers.gitlab_unestimated(df, detected)
            read_scheduled_starts(df, detected)  # before any status is taken from the dates
        _say_units(df, file, detected, o, shown, generic)
        df, has_status, planned_end, parent_items = _given_statuses(df, file, detected, o, raw_status, timeline)
        # the tasks left: the summary rows, those made projects, milestones and containers are none
        renamed_said(df, renamed, detected)
        # '-' names no task, but its row is one: kept under it, said (the rows left, as renamed)
        placeholder_keys_said(df, S.TASK_ID, _TASK_KEPT, detected)
        if not has_status or df[S.STATUS].isna().any():  # (sorting by rank above keeps the rows)
            _statuses_from_dates(df, detected, has_status, planned_end)
        _settle_statuses(df, file, detected, held, planned_end, generic)
    _read_work_and_parents(df, detected, o, unmatched, parent_items, generic)
    out = finish_table(df, S.TASKS, detected)
    if S.estimates_in_points(out):  # kept by a saved file, as attrs are not (_saved_points reads it)
        out[S.ESTIMATE_UNIT] = pd.Series(S.POINTS_UNIT, index=out.index, dtype=S.DTYPES["string"])
    if not isinstance(source, pd.DataFrame):  # a table save_tasks wrote: its first load's notes, from its sidecar
        out = read_saved(out, sidecar)
    return out
