"""Which layout an export is, and the SiP dataset's layout.

:func:`detect_format` tells a table's layout from its headers (``"jira"``, ``"clickup"``, ``"sip"`` or
``"generic"``), :func:`read_as_jira` whether a table loaded again was Jira's; the readers of each layout map
it onto the canonical task table (types are coerced afterwards by :func:`pmo_forecast.inputs.coerce.coerce`):
:func:`read_sip` here, the Jira and ClickUp readers in :mod:`pmo_forecast.inputs.trackers`, the MS Project XML
reader in :mod:`pmo_forecast.inputs.mspdi`. Source columns that are not mapped are kept after the canonical ones.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.checks import negative_or_raise
from ..core.exceptions import SchemaError
from ..core.source_lines import IN_MEMORY
from .cells import SAVED_INDEX
from .delimited import read_delimited
from .headers import JIRA_COLUMNS, JIRA_CUSTOM_FIELD, JIRA_ENGLISH, JIRA_LOCALISED, english_header
from .parsing import header_name, header_names
from .sip_files import SIP_DATES_FILE, SIP_TASK_FILE, sip_files

# --- the formats' names ------------------------------------------------------
#: The names of the formats (``load_tasks(format=...)``, ``detected["format"]``), written here once: the tracker
#: exports with a reader of their own, the plans (MS Project XML, the SiP dataset), a table in no tool's layout
#: (:data:`GENERIC` as :func:`detect_format` says it, :data:`CSV` or :data:`EXCEL` once read) and a frame given in
#: memory (:data:`DATAFRAME`).
JIRA, CLICKUP = "jira", "clickup"
SIP, MSPDI = "sip", "mspdi"
CSV, EXCEL = "csv", "excel"
GENERIC, DATAFRAME = "generic", "dataframe"
#: A table in no tool's layout, as read from a delimited text file or a workbook.
TABLE_FORMATS = (CSV, EXCEL)
#: The plans whose reader makes the task table's columns itself, from the fields it reads (MS Project XML's and
#: SiP's), its project included (``detected["project_id"]`` says which field), not a table's headers.
PLAN_FORMATS = (SIP, MSPDI)
#: The tracker exports read by a reader of their own (:data:`~pmo_forecast.inputs.trackers.READERS`, each reader in
#: this order), which takes the project itself too (Jira's Project key, else its issue keys' prefix; ClickUp's List),
#: said in ``detected["project_id"]``.
TRACKER_FORMATS = (JIRA, CLICKUP)
#: The formats whose reader takes the task table's project itself: a frame loaded from one took its project from
#: a mapping only where that project moved aside (``tracker_project``), and loaded again can take it from a column.
READER_PROJECT_FORMATS = PLAN_FORMATS + TRACKER_FORMATS

# --- SiP (Jones & Cullum, arXiv:1901.01621) ----------------------------------
#: The task file's columns that :func:`read_sip` reads: a table with all of them is the SiP layout.
SIP_COLUMNS = ("TaskNumber", "Summary", "StatusCode", "ProjectCode", "ProjectBreakdownCode", "Category",
               "SubCategory", "HoursEstimate", "HoursActual", "DeveloperID", "DeveloperHoursActual")
#: The SiP header each task column is read from (``detected["_headers"]``, the validation report's
#: ``file_column``); the dates come from the other file, joined on TaskNumber, and say so: a finding's
#: ``row`` is the task's line in the task file, its ``file_column`` names the dates' line (:data:`SIP_DATES_LINE`).
SIP_HEADERS = {S.TASK_ID: "TaskNumber", S.PROJECT_ID: "ProjectCode", S.ASSIGNEE: "DeveloperID",
               S.TASK_TYPE: "SubCategory", S.ESTIMATE: "HoursEstimate", S.ACTUAL: "HoursActual",
               S.STATUS: "StatusCode", S.SOURCE_STATUS: "StatusCode", S.SOURCE_ACTUAL: "HoursActual",
               **{c: f"{h} ({SIP_DATES_FILE})" for c, h in ((S.CREATED, "EstimateOn"), (S.STARTED, "StartedOn"),
                                                            (S.FINISHED, "CompletedOn"))}}
#: Where :func:`read_sip`'s projects come from (``detected["project_id"]``), as every reader says it.
SIP_PROJECTS_FROM = f"the task file's {SIP_HEADERS[S.PROJECT_ID]} ({SIP_TASK_FILE})"
#: Every field :func:`read_sip` reads, by the column it is read as, in the files' order: ``detected["_fields"]``, what
#: messages list as the table's columns (:func:`~.parsing.file_headers`); the task file's other columns are not read.
SIP_FIELDS = dict(sorted({**SIP_HEADERS, "summary": "Summary", "project_breakdown": "ProjectBreakdownCode",
                          "category": "Category", "developer_ids": "DeveloperID"}.items(),
                         key=lambda cf: SIP_COLUMNS.index(cf[1]) if cf[1] in SIP_COLUMNS else len(SIP_COLUMNS)))
#: The column of :func:`read_sip`'s table holding each task's line in :data:`SIP_DATES_FILE` (header is line 1),
#: where its dates are: the task file's line names the wrong row of the wrong file for them.
SIP_DATES_LINE = "dates_file_line"
#: ``detected["_line_columns"]`` for SiP: the columns whose values are another file's, and the column giving
#: each row's line in it (the validation report's ``file_column`` names that line).
SIP_LINE_COLUMNS = {S.CREATED: SIP_DATES_LINE, S.STARTED: SIP_DATES_LINE, S.FINISHED: SIP_DATES_LINE}
SIP_STATUS = {
    "FINISHED": S.DONE, "COMPLETED": S.DONE, "RELEASED": S.DONE,
    "CANCELLED": S.CANCELLED, "TEMPLATE": S.CANCELLED,
    "CHRONICLE": S.OPEN, "ESTIMATED": S.OPEN, "AUTHORISE": S.OPEN,
}


def read_sip(path) -> pd.DataFrame:
    """Read the SiP dataset's raw layout (``Sip-task-info.csv`` + ``est-act-dates.csv``).

    ``path`` is the task file or the folder holding both files. One row per task
    (the raw file has one per task and developer): the assignee is the developer
    with the most hours on it (ties: first in file order), ``task_type`` the
    SubCategory, ``created``/``started``/``finished`` the EstimateOn/StartedOn/
    CompletedOn dates, ``dates_file_line`` their line in ``est-act-dates.csv``.
    Status: FINISHED, COMPLETED and RELEASED with a completion date are ``done``;
    CANCELLED and TEMPLATE ``cancelled``; the rest are unfinished and their actual
    hours move to ``source_actual_hours``. The source status is kept as ``source_status``.
    """
    task_file, dates_file = sip_files(path)
    for f in (task_file, dates_file):
        if not f.exists():
            raise SchemaError(f"{f}: missing; the SiP layout needs {SIP_TASK_FILE} and {SIP_DATES_FILE} "
                              "side by side.", file=f)
    # the project's reader: each record's line counted, a summary holding a line break included
    raw = read_delimited(task_file, dtype={"TaskNumber": str, "DeveloperID": str, "ProjectCode": str})[0]
    dates = read_delimited(dates_file, dtype={"TaskNumber": str})[0]
    dates[SIP_DATES_LINE] = dates.attrs.pop("_source_line")  # a repeated task's dates agree: its first line
    dates = dates.drop_duplicates("TaskNumber")
    raw["_order"], lines = np.arange(len(raw)), raw.attrs.pop("_source_line")
    primary = raw.sort_values(["TaskNumber", "DeveloperHoursActual", "_order"],
                              ascending=[True, False, True]).drop_duplicates("TaskNumber")
    primary = primary.sort_values("_order")
    devs = raw.groupby("TaskNumber")["DeveloperID"].agg(lambda s: ";".join(s.astype(str)))
    t = primary.merge(dates, on="TaskNumber", how="left")

    def d(col):
        return pd.to_datetime(t[col], format="%d-%b-%y", errors="coerce")

    src_status = t["StatusCode"].astype(str).str.strip().str.upper()
    status = src_status.map(SIP_STATUS).fillna(S.OPEN)
    finished = d("CompletedOn")
    status = status.mask((status == S.DONE) & finished.isna(), S.IN_PROGRESS)
    status = status.mask((status == S.OPEN) & d("StartedOn").notna(), S.IN_PROGRESS)
    actual = t["HoursActual"].astype(float)
    # refused here, as the loader refuses a finished task's: an unfinished task's hours move to source_actual_hours,
    # which the loader's check of actual_hours no longer sees (MS Project's reader does the same)
    negative_or_raise(t["HoursActual"], actual, file=str(task_file), column=S.ACTUAL,
                      rows=np.asarray(lines)[t["_order"].to_numpy()])
    out = pd.DataFrame({
        S.TASK_ID: t["TaskNumber"].to_numpy(),
        S.PROJECT_ID: t["ProjectCode"].to_numpy(),
        S.ASSIGNEE: t["DeveloperID"].to_numpy(),
        S.TASK_TYPE: t["SubCategory"].to_numpy(),
        S.ESTIMATE: t["HoursEstimate"].astype(float).to_numpy(),
        S.ACTUAL: actual.where(status.isin([S.DONE, S.CANCELLED])).to_numpy(),
        S.CREATED: d("EstimateOn").to_numpy(),
        S.STARTED: d("StartedOn").to_numpy(),
        S.FINISHED: finished.where(status == S.DONE).to_numpy(),
        S.STATUS: status.to_numpy(),
        S.SOURCE_STATUS: src_status.to_numpy(),
        S.SOURCE_ACTUAL: actual.to_numpy(),
        "category": t["Category"].to_numpy(),
        "project_breakdown": t["ProjectBreakdownCode"].to_numpy(),
        "developer_ids": t["TaskNumber"].map(devs).to_numpy(),
        "summary": t["Summary"].to_numpy(),
        SIP_DATES_LINE: t[SIP_DATES_LINE].astype("Int64").to_numpy(),  # <NA>: the task has no dates
    })
    out.attrs["_source_line"] = np.asarray(lines)[t["_order"].to_numpy()]
    return out


# --- which layout a table is ------------------------------------------------
def _jira_field(header: str) -> bool:
    """A header only Jira writes: a custom field (``Custom field (Story Points)``, in any of its
    languages) or a sum over sub-tasks (``Σ Time Spent``)."""
    return header.startswith("\u03c3") or any(header.startswith(f"{p} (") for p in JIRA_CUSTOM_FIELD)


#: Headers that, beside an issue key, make a table a Jira export: Jira's own fields, the issue id, the
#: project key, the issue type and its time fields (read in seconds), or any custom field or sum over
#: sub-tasks (:func:`_jira_field`). Not the summary: a hand-kept sheet with "Issue key" and "Summary"
#: was read as Jira and its hours divided by 3,600.
JIRA_COMPANIONS = ("issue id", *JIRA_LOCALISED["issue id"], *JIRA_COLUMNS[S.PROJECT_ID], *JIRA_COLUMNS[S.TASK_TYPE],
                   *JIRA_COLUMNS[S.ESTIMATE], *JIRA_COLUMNS[S.ACTUAL])

#: Jira Service Management's request type field in English (Cloud's ``Request Type``, Data Center's ``Customer Request
#: Type``), as :func:`header_name` writes it.
JSM_REQUEST_TYPE_FIELDS = ("request type", "customer request type")
#: Jira Service Management's request type headers (as :func:`header_name` writes them): :data:`JSM_REQUEST_TYPE_FIELDS`
#: and their German, French and Spanish names (:data:`~.headers.JIRA_LOCALISED`: German ``Kundenanfragetyp``), bare
#: or as a custom field under any of its prefixes (``Benutzerdefinierte Felder (Kundenanfragetyp)``). A Jira export
#: with one is a service desk's log, which a request log may be (:func:`service_desk_log`), not a task export.
JSM_REQUEST_TYPES = tuple(h for en in JSM_REQUEST_TYPE_FIELDS for name in (en, *JIRA_LOCALISED.get(en, ()))
                          for h in (name, *(f"{p} ({name})" for p in JIRA_CUSTOM_FIELD)))


def service_desk_log(columns) -> bool:
    """Whether a table's headers have Jira Service Management's request type (:data:`JSM_REQUEST_TYPES`)."""
    return any(header_name(c) in JSM_REQUEST_TYPES for c in columns)


def service_desk_names(columns) -> dict:
    """The English Jira header each of a localised Jira Service Management log's headers stands for
    (:func:`~.headers.english_header`: ``Vorgangsschlüssel`` -> ``issue key``, ``Erstellt`` -> ``created``), for the
    request log's aliases to read them as they read the English log's; only those that differ, and only in a Jira
    export (:func:`detect_format`) with a request type (:func:`service_desk_log`) keyed in another language: one keyed
    by ``Issue key`` reads English names only, as the task reader does (a bare ``Erledigt`` there is the team's own
    field). Empty for any other table."""
    if detect_format(columns) != JIRA or not service_desk_log(columns) \
            or any(header_name(c) in JIRA_ENGLISH[S.TASK_ID] for c in columns):
        return {}
    return {c: en for c in columns if (en := english_header(c)) != header_name(c)}


#: ClickUp's own headers: two of them beside "Task ID" make a table a ClickUp export. Not "Task Name"
#: nor "Date Created": a hand-kept sheet with "Task ID" and "Task Name" was read as ClickUp and its
#: hours divided by 3,600,000 (milliseconds).
CLICKUP_OWN = ("list name", "folder name", "space name", "time estimated", "time estimated text",
               "time spent text", "date created text", "task content", "time tracked text", "date closed",
               "date done")


#: ``detected``'s note on a Jira export loaded, saved and loaded again (:func:`saved_jira_table`).
JIRA_SAVED = "jira_saved"


def loaded_table(columns) -> bool:
    """Whether a table's header holds the task table's own ``task_id``, as the loader writes it and no tracker
    does: a table loaded before (a frame the loader returned, or one saved from it), not a tracker's export."""
    return S.TASK_ID in header_names(columns)


#: The header pandas writes over a frame's index saved before its columns (``DataFrame.to_csv``'s default): none,
#: read back as ``Unnamed: 0`` by pandas and ``Unnamed`` by this loader (compared by :func:`header_name`).
_INDEX_HEADER = re.compile(r"(unnamed(: ?0)?)?")


def saved_index(columns, schema: S.TableSchema = S.TASKS) -> bool:
    """Whether a table's first column is a loaded table's index saved before its columns (``load_tasks(...).to_csv(
    path)``, ``load_people(...)`` alike): its header empty (:data:`_INDEX_HEADER`), every column of ``schema``
    after it in the schema's order, as the loaders write them (:func:`~pmo_forecast.inputs.coerce.finish_table`).
    Whether its values are that index, :func:`~pmo_forecast.inputs.cells.row_labels` says: then it is no data,
    and the reader drops it."""
    names = header_names(columns)
    return bool(names) and bool(_INDEX_HEADER.fullmatch(names[0])) and list(names[1: len(schema.names) + 1]) == \
        schema.names


def loaded_before(columns, detected: dict) -> bool:
    """Whether the table being loaded is one the loader returned: a frame whose ``attrs`` say so
    (``detected["_loaded"]``), or a file saved from it, whose header starts with every column of the task table in
    the schema's order (:func:`~pmo_forecast.inputs.coerce.finish_table` writes them so), after the unnamed
    column of row labels ``DataFrame.to_csv`` writes first by default (:func:`saved_index`). A file keeps no
    ``attrs``, so its header is all there is to tell; a frame given in memory has them, and only they say so: a
    frame built in the task table's column order was read as loaded before, the mapping's units dropped (2 days
    read as 2 h). Stricter than :func:`loaded_table`: a hand-kept sheet with ``task_id`` and ``project_id`` columns
    is not one, nor a plan whose reader writes the task table's names itself (``detected["_fields"]``: SiP's,
    whose ``project_from`` was refused as "the table was loaded before"). A table built by hand in that order has the
    header too: :func:`known_loaded_before` says what only a table the loader returned has."""
    if known_loaded_before(detected):
        return True
    if "_fields" in detected or detected.get("file") == IN_MEMORY:
        return False
    return saved_index(columns) or list(header_names(columns)[: len(S.TASKS.names)]) == S.TASKS.names


#: What says a table :func:`~pmo_forecast.inputs.saved.save_tasks` saved was loaded before (:data:`SAVED_TABLE`), in the
#: notes that treat it so (:func:`loaded_before_by`) and the warning of its sidecar that no longer matches it
#: (:func:`~pmo_forecast.inputs.saved.read_saved`) alike: the sidecar being there, not its notes, which an edit voids.
SAVED_BY_SAVE_TASKS = "save_tasks saved it, its sidecar beside it"
#: ``detected``'s entry saying the file being read is a table :func:`~pmo_forecast.inputs.saved.save_tasks` saved from
#: one the loader returned, its sidecar beside it (:attr:`~pmo_forecast.inputs.saved.Sidecar.of_a_loaded_table`), while
#: the table is read; once a mapping's unit is not applied for it (a table loaded before), the words that say so, for
#: the warning of a sidecar that no longer matches the table (:func:`~pmo_forecast.inputs.saved.read_saved`).
SAVED_TABLE = "_saved_table"


def known_loaded_before(detected: dict) -> bool:
    """Whether the table being loaded is known to be one the loader returned: a frame whose ``attrs`` say so
    (``detected["_loaded"]``), or a file :func:`~pmo_forecast.inputs.saved.save_tasks` saved, its sidecar beside it
    (``detected[SAVED_TABLE]``). The header alone (:func:`loaded_before`) cannot tell a loaded table saved with
    ``to_csv`` from a CSV built by hand in the task table's column order, whose hours a mapping's bare unit (``unit:
    days``, no column) reads: it was dropped for such a file, 2 days read as 2 h."""
    return "_loaded" in detected or SAVED_TABLE in detected


def loaded_before_by(detected: dict) -> str:
    """What said the table being loaded was loaded before (:func:`loaded_before`), as the notes that treat it so say
    it: its frame's ``attrs``, the sidecar :func:`~pmo_forecast.inputs.saved.save_tasks` wrote beside it
    (:func:`known_loaded_before`, :data:`SAVED_BY_SAVE_TASKS`), else its header alone, which a table built by hand in
    that order has too, said as the file has it (:func:`loaded_header`)."""
    if "_loaded" in detected:
        return "a frame the loader returned"
    if SAVED_TABLE in detected:
        return SAVED_BY_SAVE_TASKS
    return f"its header alone says so, no sidecar of save_tasks beside it: {loaded_header(detected)}"


def loaded_header(detected: dict) -> str:
    """The header of a file that starts as a table the loader returned does (:func:`loaded_before`), in words, as
    the file has it: the task table's own columns first, or after the unnamed column of row labels ``to_csv``
    writes (:func:`saved_index`, dropped as read: ``detected[SAVED_INDEX]``)."""
    return ("an unnamed column of row labels first, as to_csv writes a frame's index, then the task table's own "
            "columns, task_id to status" if detected.get(SAVED_INDEX)
            else "the task table's own columns, task_id to status, first")


#: ``detected``'s entry holding the first load's notes of a table save_tasks wrote while it is read, for its readers
#: (:attr:`~pmo_forecast.inputs.saved.Sidecar.first_load_notes`; the Assumptions' copy is ``first_load_notes``).
FIRST_LOAD_READ = "_first_load"


def first_load(detected: dict) -> dict:
    """What the load that returned a frame loaded again found (its ``detected``, kept in ``detected["_loaded"]``),
    or the first load of a table :func:`~pmo_forecast.inputs.saved.save_tasks` wrote (its sidecar's notes, in
    ``detected[FIRST_LOAD_READ]`` while the table is read); empty for any other table (a table saved with
    ``to_csv`` keeps no such record)."""
    return detected["_loaded"][0] if "_loaded" in detected else detected.get(FIRST_LOAD_READ, {})


def first_load_known(detected: dict) -> bool:
    """Whether what the table's first load found is known (:func:`first_load`): of a frame a loader returned, and of a
    table :func:`~pmo_forecast.inputs.saved.save_tasks` wrote read with its sidecar; not of a table saved otherwise."""
    return "_loaded" in detected or FIRST_LOAD_READ in detected


def saved_jira_table(columns) -> list:
    """The fields only Jira writes that say a table in the task table's names is a Jira export loaded and
    saved (``load_tasks(export).to_csv(path)``): beside ``task_id``, the issue id, a custom field or a Σ
    roll-up (:func:`_jira_field`), which the loader keeps after the schema's columns; none for another table."""
    if not loaded_table(columns):
        return []
    ids = {"issue id", *JIRA_LOCALISED["issue id"]}
    return [c for c, n in zip(columns, header_names(columns), strict=True) if n in ids or _jira_field(n)]


def read_as_jira(detected: dict) -> bool:
    """Whether the rules of Jira's own data hold for the table being loaded: a Jira export, a frame a loader
    returned from one (``detected["_loaded"]``), or a table saved from one (:data:`JIRA_SAVED`). Loaded again,
    its issues' parents and Progress are read as Jira's reader read them."""
    return any(d.get("format") == JIRA or JIRA_SAVED in d for d in (detected, first_load(detected)))


def detect_format(columns) -> str:
    """``"jira"``, ``"clickup"``, ``"sip"`` or ``"generic"`` from a table's headers."""
    has = set(header_names(columns))
    if {c.lower() for c in SIP_COLUMNS} <= has:  # a table that shares a few names is a generic one
        return SIP
    if has & set(JIRA_COLUMNS[S.TASK_ID]) and (has & set(JIRA_COMPANIONS) or any(map(_jira_field, has))):
        return JIRA
    if "task id" in has and len(has & set(CLICKUP_OWN)) >= 2:
        return CLICKUP
    return GENERIC
