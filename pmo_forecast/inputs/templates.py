"""``pmo-forecast init``: from a tracker export to a mapping file and pre-filled templates.

:func:`init_from_export` reads an export, detects what it can (format, which column
is the project, the estimate's unit, every workflow status and what it means, the
rank column) and writes into a folder:

- ``mapping.yaml``: what was detected, to check and edit (see :mod:`pmo_forecast.inputs.mapping`);
- ``projects.csv``: every project found, with its name, first and last dates, the sum
  of its estimates as a budget to confirm, and ``manager``/``due`` to fill in;
- ``people.csv``: every assignee exactly as spelled in the export, with a role, hours
  per week and an availability to check (pre-filled from what each delivered);
- ``requests.csv``: the PM-pool request log's header, to fill in if you keep one;
- ``README.txt``: which columns matter for which sheet of the pack.

A file you have edited since it was written is never overwritten (the checksums of
what was written are kept in ``.pmo-forecast-init.json``).
"""

from __future__ import annotations

import hashlib
import json
import shlex
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.as_of import quiet_as_of
from ..core.capacity import DEFAULT_HOURS_PER_WEEK
from ..core.exceptions import DataQualityWarning, MissingColumnsError, SchemaError, warn
from ..core.labels import agree, counted, ordinal
from ..core.shown import shown_number
from ..core.source_lines import MAX_ROWS_IN_MESSAGE, cause_first
from .cells import NO_WORDS, YES_WORDS, to_text
from .column_names import names_no_column
from .headers import (
    candidate_columns,
    find_column,
    gitlab_times,
    guess_columns,
    linear_estimate,
    unit_columns,
)
from .hierarchy import PARENT_COLUMNS
from .mapping import Mapping
from .parsing import columns_found, header_name
from .project_links import PROJECT_LISTS
from .status_map import suggest_status
from .statuses import known_status, status_or_category
from .trackers import JIRA_RESOLUTION

MANIFEST = ".pmo-forecast-init.json"
FILES = ("mapping.yaml", "projects.csv", "people.csv", "requests.csv", "README.txt")
#: Columns that usually name a PMO's project, most likely first, by format.
PROJECT_CANDIDATES = {
    "jira": ("Epic Link", "Parent", "Parent id", "Initiative", "Programme", "Program", "Component/s"),
    "mspdi": ("top_summary",),
}
STORY_POINT_COLUMNS = S.STORY_POINT_COLUMNS
RANK_COLUMNS = ("Rank",)
#: Weeks of finished work that pre-fill each person's hours per week.
DELIVERED_WEEKS = 13
#: Weeks back in which :func:`infer_people` looks for the most each person delivered in
#: :data:`DELIVERED_WEEKS` weeks: the last 13 alone read a quiet quarter as a small capacity
#: (the plan then ran people at up to 15 times it; docs/own-data.md: what comes out with less).
CAPACITY_LOOKBACK_WEEKS = 52
#: What :func:`infer_people`'s table is called where a file name is shown (validation, messages).
INFERRED_PEOPLE = "people inferred from the task export"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _filled(s: pd.Series) -> float:
    return float(s.notna().mean()) if len(s) else 0.0


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
    """A :class:`Mapping` of what the export holds, and notes on what was chosen and why (``sheet``: a workbook's)."""
    from .column_names import UNREAD_SPELLINGS, canonical_names
    from .io import load_tasks

    columns, dropped, table = {}, [], None  # table: the export as text, read once (_table)
    try:
        with warnings.catch_warnings():  # the columns this probe leaves unread are the ones init proposes
            warnings.filterwarnings("ignore", message=f".*{UNREAD_SPELLINGS}", category=DataQualityWarning)
            raw, error = load_tasks(export, require_estimate=False, sheet=sheet), None
    except SchemaError as e:
        raw, error = None, e
    # a generic table: propose its other columns from their usual spellings, whether or not it loads as
    # it is (task_id and project_id spelt canonically beside "Owner" and "Hours spent", read as nothing)
    if error is not None or raw.attrs["detected"].get("format") in ("csv", "excel"):
        table = _table(export, sheet)
        header = list(table.columns)
        loose = canonical_names(header, S.TASKS)  # "Task ID", "Estimate Hours": the loader reads these itself
        taken = {**{c: c for c in header}, **{v: c for c, v in loose.items()}}
        # never a synonym over a header the loader reads as that column ("Estimate" beside "Estimate Hours")
        # a header that states its unit ("Estimate (minutes)") is proposed below, as the estimate or actual in it
        columns = {c: v for c, v in guess_columns(header, stated_units=False).items()
                   if taken.get(v, c) == c and loose.get(c, v) == v}
        for col, canon in list(columns.items()):  # Trello's true/false "Closed" is no finish date
            flags = to_text(table[col]).str.strip().str.lower().dropna()
            if canon in (S.CREATED, S.STARTED, S.FINISHED) and len(flags) and flags.isin(YES_WORDS | NO_WORDS).all():
                del columns[col]
                dropped.append(f"column '{col}' not read as {canon}: it holds {'/'.join(sorted(set(flags)))}, "
                               "not dates")
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
                raw = load_tasks(export, require_estimate=False, column_map=as_text or None, sheet=sheet,
                                 project_from=derived)
            except MissingColumnsError as e2:
                file = error.file if error is not None else str(export)
                raise _not_guessed(file, e2, project_field) from None
    det = raw.attrs["detected"]
    fmt = det.get("format", "auto")
    notes = [f"format: {fmt}"] + [f"column '{k}' read as {v}" for k, v in columns.items()] + dropped
    cols = list(raw.columns)
    project, alternatives, notes_later = project_field, [], []
    subs = _sub_tasks(raw) if fmt == "jira" else np.zeros(len(raw), dtype=bool)
    for name in PROJECT_CANDIDATES.get(fmt, ()):
        col = find_column(cols, name)
        if col is None or not (filled := raw[col].notna().to_numpy(dtype=bool)).any():
            continue
        if not (filled & ~subs).any():  # it names each sub-task's story: the stories would be the projects
            notes_later.append(f"project: '{col}' not proposed: only sub-tasks fill it (with their parent issue, "
                               "not a project)")
            continue
        alternatives.append(col)
    if fmt == "mspdi" and "outline" in raw:  # phases of one project are top-level summaries too: only a
        depth = raw["outline"].astype(str).str.count(r"\.") + 1  # portfolio plan nests tasks 3 deep
        if not ((depth >= 3).mean() > 0.8 and raw["top_summary"].nunique() >= 2):
            alternatives = []
    linear = linear_estimate(table.columns) if table is not None else None
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
    estimate, unit, no_estimate = None, "auto", False
    actual, actual_unit = None, "auto"
    has_hours = raw[S.ESTIMATE].notna().any() if S.ESTIMATE in raw else False
    rollups, n_sub = det.get("_rollups", ({}, 0))  # Jira's Σ columns, where the export has no others
    named = unit_columns(cols) if not has_hours else {}
    # GitLab's times are whole seconds, whatever their headers seemed to say (Time Spent: hours in a sheet)
    if gitlab := (gitlab_times(table.columns) if table is not None else {}):
        estimate, actual = gitlab.get(S.ESTIMATE), gitlab.get(S.ACTUAL)
        unit, actual_unit = ("seconds" if estimate else "auto"), ("seconds" if actual else "auto")
        no_estimate = estimate is None
        columns = {k: v for k, v in columns.items() if k not in (estimate, actual)}
        notes = [n for n in notes if n not in (f"column '{estimate}' read as {S.ESTIMATE}",
                                               f"column '{actual}' read as {S.ACTUAL}")]
        notes.append(" and ".join(f"{which}: '{col}' in seconds" for which, col in (("estimate", estimate),
                                                                                   ("actual", actual)) if col)
                     + " (GitLab's issue export)")
    elif points := linear:  # Linear: points only
        estimate, unit = points, "points"
        columns = {k: v for k, v in columns.items() if k != estimate}
        notes = [n for n in notes if n != f"column '{estimate}' read as {S.ESTIMATE}"]
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
    elif not has_hours:
        if rollups:
            notes.append(f"hours: {det['rollup_columns']}")
        for name in STORY_POINT_COLUMNS:
            col = find_column(cols, name)
            if col is not None and raw[col].notna().any():
                estimate, unit = col, "points"
                other = next((c for n in STORY_POINT_COLUMNS if (c := find_column(cols, n)) not in (None, col)), None)
                filled = f"; where it is blank, '{other}' (the other kind of Jira project's field)" if other else ""
                notes.append(f"estimate: story points in '{col}' (no hour estimates in the export){filled}")
                break
        else:
            no_estimate = True
            notes.append(f"estimate: none {'proposed (not the Σ columns: see hours)' if rollups else 'found'}; the "
                         "pack forecasts from throughput (items per week)")
    else:
        notes.append(f"estimate: {det.get('units', {}).get(S.ESTIMATE, 'hours')}")
        named = unit_columns(cols)
        if rollups.get(S.ACTUAL) and not n_sub:  # no sub-tasks: the Σ column is each issue's own
            actual, actual_unit = rollups[S.ACTUAL], "seconds"
            notes.append(f"actual: '{actual}' in seconds (Jira's Σ column, the export's only time spent: with no "
                         "sub-tasks in the export it holds each issue's own hours)")
        elif rollups:
            notes.append(f"hours: {det['rollup_columns']}")
        if "actual" in named and S.ACTUAL not in det.get("units", {}):  # "Time spent (h)" beside "Estimate"
            actual, actual_unit = named["actual"]
            notes.append(f"actual: '{actual}' in {actual_unit} (the unit as the header names it)")
    rank = next((find_column(cols, n) for n in RANK_COLUMNS if find_column(cols, n) is not None), None)
    statuses = {}
    src = S.SOURCE_STATUS if S.SOURCE_STATUS in raw else S.STATUS
    if fmt != "mspdi" and src in raw and (src == S.SOURCE_STATUS or not str(det.get("status", "")).startswith("derived from")):
        category = find_column(cols, "status category")
        finished = raw[S.FINISHED].notna() if S.FINISHED in raw else pd.Series(False, index=raw.index)
        for value, g in raw.groupby(raw[src].astype("string"), sort=True):
            # as the loader reads it: a known name, else each issue's status category, else the words and dates
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
            if not read and statuses[str(value)] != S.DONE and suggest_status(value, None, share) == S.DONE:
                notes.append(f"status '{value}': its words say done, but "
                             f"{agree(len(g), 'its one task has no', f'none of its {len(g):,} tasks has a')} finished "
                             "date where other tasks have one: proposed in_progress; check it")
        if any(det.get(k) for k in LEFT_OUT_ROWS):
            _left_out_statuses(_table(export, sheet) if table is None else table, raw.attrs.get("_headers", {}).get(src, src),
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
    m = Mapping(project=project, estimate=estimate, estimate_unit=unit, no_estimate=no_estimate, actual=actual,
                actual_unit=actual_unit,
                rank=rank, statuses=statuses,
                columns=columns, format=fmt if fmt not in ("dataframe",) else "auto")
    if [a for a in alternatives if a != project]:
        notes.append("other project columns found: " + ", ".join(a for a in alternatives if a != project))
    return m, notes


#: ``detected`` keys of the loader's rows left out of the task table (parent issues without hours of their
#: own, epics, summary rows, milestones): their statuses are the workflow's too.
LEFT_OUT_ROWS = ("parent_items", "project_rows_dropped", "empty_epics", "summary_rows", "milestones")


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
        notes.append(f"status '{value}': only on {counted(len(g), 'row')} left out of the tasks (parent items, "
                     f"epics, summary rows or milestones): proposed {statuses[value]} from its "
                     f"{'status category' if by_category else 'name' if named else 'words'}; check it")
    ordered = sorted(statuses.items())  # as the statuses the tasks hold are listed
    statuses.clear()
    statuses.update(ordered)


def _sub_tasks(tasks: pd.DataFrame) -> np.ndarray:
    """A Jira export's sub-tasks: rows of a sub-task issue type (``Sub-task``, in its languages), or linked
    to a parent issue of the export (:func:`~pmo_forecast.inputs.project_links.sub_task_rows`)."""
    from .project_links import sub_task_rows

    typed = np.zeros(len(tasks), dtype=bool)
    if S.TASK_TYPE in tasks:
        typed = to_text(tasks[S.TASK_TYPE]).map(
            lambda t: isinstance(t, str) and S.status_key(t) in S.JIRA_SUBTASK_TYPES).to_numpy(dtype=bool)
    return typed | sub_task_rows(tasks)


def _table(export, sheet=None) -> pd.DataFrame:
    """The export as text (a workbook's sheet or a delimited file), its header read as the loader reads it: the
    line below any title lines, trimmed, a repeated header's copies ``Labels.1``."""
    from .delimited import read_delimited
    from .sources import sniff_below_titles, workbook_below_titles
    from .spreadsheet import refuse_other_types, sniff_file_type

    path = Path(export)
    kind = sniff_file_type(path)
    refuse_other_types(path, kind)  # as the loader refuses it (an encrypted workbook), never read as text
    if kind == "xlsx":  # the content says which kind, not the suffix
        return workbook_below_titles(path, sheet, S.TASKS, None)[0]
    return read_delimited(path, text=True, sniffed=sniff_below_titles(path, S.TASKS, None))[0]


def _one_line(text) -> str:
    """``text`` on one line, its line breaks written ``\\n``: a header typed with Alt+Enter
    ("Estimate\\n(days)") named in a comment would otherwise end the comment there, and the rest of
    the name is read as YAML (the mapping file could not be read back)."""
    return "\\n".join(str(text).splitlines())


#: Headers the loader reads to read other columns, in a plain table as in a tracker's export: a status
#: category (an unknown status's meaning), a resolution (a done task's cancelled), a parent (a sub-task's project)
#: and the issue id a parent link may name it by.
CONSULTED_HEADERS = frozenset((*S.STATUS_CATEGORY_HEADERS, *JIRA_RESOLUTION, *PARENT_COLUMNS, "issue id"))


def unread_columns(tasks: pd.DataFrame, m: Mapping, export_header) -> list[str]:
    """The export's columns (``export_header``, in its order) that loading it with ``m`` left as written in
    ``tasks``, read as none of the task table's columns: not mapped, not the project or rank column, not read
    by a tracker's reader (:func:`~.trackers.reads_header`) nor one of :data:`CONSULTED_HEADERS`. Each is named
    by the file's header, a repeated one once: ``Note``, not pandas' ``Note.1``; when another copy of it is read,
    with the copies not read, counted from the left: ``Owner (the second)`` beside ``Owner: assignee``."""
    from .trackers import reads_header

    read = {*tasks.attrs.get("_headers", {}).values(), m.project, m.rank}
    detected = tasks.attrs.get("detected", {})
    fmt = detected.get("format", "")
    kept = set(map(str, tasks.columns)) - set(S.TASKS.names)

    def is_read(h):
        return h in read or reads_header(fmt, h) or header_name(h) in CONSULTED_HEADERS

    unread = [h for h in map(str, export_header) if h in kept and not is_read(h)]
    groups = detected.get("repeated_headers", {})
    base_of = {c: base for base, copies in groups.items() for c in copies}
    which: dict[str, list[str]] = {}  # header -> its copies not read, when another is read
    for h in unread:
        base = base_of.get(h)
        if base is None or not any(map(is_read, groups[base])):  # one header to look for, written twice or not
            which.setdefault(h if base is None else base, [])
        else:
            which.setdefault(base, []).append(ordinal(groups[base].index(h) + 1))
    return [f"{h} (the {' and '.join(nth)})" if nth else h for h, nth in which.items()]


def _mapping_yaml(m: Mapping, notes: list[str], export, unread=()) -> str:
    """mapping.yaml's text: ``m``, after comments saying how to use it, ``notes`` (what init detected) and the
    export's columns it does not read (``unread``, :func:`unread_columns`), so what was left out is seen."""
    import yaml

    head = [f"# What pmo-forecast init detected in {_one_line(Path(export).name)}. Check it, edit it, then run:",
            f"#   pmo-forecast report {_one_line(shlex.quote(str(export)))} --map mapping.yaml --projects projects.csv --people people.csv "
            "--out pack",
            "#",
            "# project: the column that names each task's project (Epic Link, Parent, Component/s, Labels",
            "#   with a prefix, any custom field). Links to epics or parents are followed to the top.",
            "# estimate: the estimate column and its unit (seconds, minutes, hours, days + hours_per_day, points);",
            "#   'none': the export has none, and is forecast from throughput.",
            "# statuses: every workflow status in the export and what it means: open, in_progress, done or",
            "#   cancelled. A status missing here stops the report with a list of what to add, unless the",
            "#   export's Status Category says it issue by issue (noted below).",
            "# rank: the column whose order is the priority of open work.",
            "#"] + [f"# detected: {_one_line(n)}" for n in notes]
    if unread:  # wrapped as the lines above are, never inside a header
        lines = ["# columns not read:"]
        for i, h in enumerate(unread):
            item = _one_line(h) + ("," if i < len(unread) - 1 else "")
            if len(lines[-1]) + 1 + len(item) > 110 and lines[-1] != "# columns not read:":
                lines.append("#  ")
            lines[-1] += " " + item
        head += lines
    return "\n".join(head) + "\n" + yaml.safe_dump(m.to_dict(), sort_keys=False, allow_unicode=True)


def _projects(tasks: pd.DataFrame) -> pd.DataFrame:
    t = tasks
    first = t[[S.CREATED, S.STARTED, S.FINISHED]].min(axis=1)
    last = t[[S.CREATED, S.STARTED, S.FINISHED]].max(axis=1)
    # a cancelled task's estimate is no work the budget covers (Removed, Won't Do)
    budgeted = t[S.ESTIMATE].where(t[S.STATUS] != S.CANCELLED)
    g = t.assign(_first=first, _last=last, _budgeted=budgeted).groupby(S.PROJECT_ID, sort=True)
    points = S.estimates_in_points(t)
    out = pd.DataFrame({
        S.PROJECT_NAME: g[S.PROJECT_NAME].first() if S.PROJECT_NAME in t else "",
        S.MANAGER: "", S.PROJECT_TYPE: "",
        # never 0, which the projects table refuses (budget_not_positive): blank, to fill in
        S.BUDGET: np.nan if points else g["_budgeted"].sum(min_count=1).round(0).where(lambda b: b > 0),
        S.START: g["_first"].min().dt.normalize(),
        S.DUE: pd.to_datetime(g["project_due"].first(), errors="coerce", format="mixed", dayfirst=True)
        if "project_due" in t else pd.NaT,
        S.STATUS: np.where(g[S.STATUS].apply(lambda s: s.isin(S.UNFINISHED_STATUSES).any()), S.ACTIVE, S.CLOSED),
        "first_activity": g["_first"].min().dt.normalize(), "last_activity": g["_last"].max().dt.normalize(),
        "tasks": g.size(), "open_tasks": g[S.STATUS].apply(lambda s: int(s.isin(S.UNFINISHED_STATUSES).sum())),
    })
    out.index.name = S.PROJECT_ID
    return out.reset_index()


def delivered_hours_per_week(tasks: pd.DataFrame, as_of=None, weeks: int = DELIVERED_WEEKS,
                             lookback: int | None = None) -> pd.Series:
    """Actual hours each assignee finished per week over the last ``weeks`` weeks (0 when none, or
    when no task has a finish date or actual hours).

    With ``lookback`` (weeks, at least ``weeks``): the most each finished per week in any ``weeks``
    consecutive weeks of the last ``lookback``, what a person delivers when there is work for them
    (:func:`infer_people`'s capacity).
    """
    from ..core.as_of import infer_as_of

    names = sorted(tasks[S.ASSIGNEE].dropna().astype(str).unique()) if S.ASSIGNEE in tasks else []
    if S.FINISHED not in tasks or S.ACTUAL not in tasks or tasks[S.FINISHED].isna().all():
        return pd.Series(0.0, index=pd.Index(names, dtype=object))
    as_of = infer_as_of(tasks) if as_of is None else pd.Timestamp(as_of)
    span = max(int(lookback or weeks), int(weeks))
    done = tasks[(tasks[S.STATUS] == S.DONE).fillna(False).to_numpy(bool)]
    recent = done[(done[S.FINISHED] > as_of - pd.Timedelta(weeks=span))
                  & (done[S.FINISHED] <= as_of + pd.Timedelta(days=1))]
    week = ((as_of - recent[S.FINISHED]).dt.days // 7).clip(0, span - 1)  # 0: the week up to as_of
    per_week = recent.groupby([recent[S.ASSIGNEE].astype(str), week])[S.ACTUAL].sum().unstack(fill_value=0.0)
    per_week = per_week.reindex(columns=range(span), fill_value=0.0)
    best = per_week.T.rolling(int(weeks)).sum().max() / weeks
    return best.reindex(names).fillna(0.0)


def infer_people(tasks: pd.DataFrame, as_of=None) -> tuple[pd.DataFrame, str]:
    """A people table from the assignees: weekly capacity = hours each finished when busy.

    Each assignee's ``hours_per_week`` is the most actual hours they finished per week in any
    :data:`DELIVERED_WEEKS` weeks of the last :data:`CAPACITY_LOOKBACK_WEEKS` (availability 1):
    the last 13 weeks alone read a quiet quarter as a small capacity. People who finished
    nothing in the last year get the team's median. A history shorter than :data:`DELIVERED_WEEKS`
    weeks (the task table's first date to ``as_of``) shows no such weeks: 10 hours finished in its one
    week were read as 10/13 h a week, a capacity the people loader refused as shares of a week, so
    everyone gets :data:`~pmo_forecast.core.capacity.DEFAULT_HOURS_PER_WEEK`, said in the sentence; so
    does everyone when nobody delivered more than :data:`~pmo_forecast.inputs.weekly_hours.MAX_FTE` hours
    a week (too few hours logged to read a capacity from). A capacity over :data:`~pmo_forecast.core.schema.MAX_HOURS_PER_WEEK`
    is capped at it, said too. A name spelt several ways (``Ann Lee``, ``ann lee``)
    is one person under its most common spelling, with what every spelling delivered, as ``init``
    writes people.csv (said in the sentence; validation then warns of the other spellings' open work).
    Returns the table (named :data:`INFERRED_PEOPLE` where a file name is shown) and a sentence saying so.
    """
    merged = _one_spelling(tasks[S.ASSIGNEE]) if S.ASSIGNEE in tasks else {}
    if merged:  # one person, not one row per spelling (which the people table refuses)
        tasks = tasks.assign(**{S.ASSIGNEE: tasks[S.ASSIGNEE].replace(merged)})
    from .companions import load_people

    delivered = delivered_hours_per_week(tasks, as_of, lookback=CAPACITY_LOOKBACK_WEEKS)
    active = delivered[delivered > 0]
    why = _capacity_unknown(tasks, delivered, as_of)
    hours, median = _delivered_capacity(delivered, unknown=why is not None)
    # 1,200 h booked on one long task's finish read as 92 h a week: an error in a table the user did not write
    over = hours[hours > S.MAX_HOURS_PER_WEEK]
    hours, median = hours.clip(upper=S.MAX_HOURS_PER_WEEK), min(median, S.MAX_HOURS_PER_WEEK)
    people = pd.DataFrame({S.PERSON: delivered.index, S.ROLE: "dev", S.HOURS_PER_WEEK: hours.to_numpy(),
                           S.AVAILABILITY: 1.0, S.START: pd.NaT, S.END: pd.NaT})
    people = load_people(people)
    people.attrs["detected"]["file"] = INFERRED_PEOPLE  # not "<DataFrame>": the user gave no such thing
    note = f"no people table (--people): {counted(len(people), 'person', 'people')} inferred from the task export's assignees"
    placeholder = f", so their capacity is unknown ({DEFAULT_HOURS_PER_WEEK:g} h/week each is a placeholder)"
    if why:
        note += f"; {why}{placeholder}"
    elif len(active):
        # the team total is the capacity the forecast uses, the raw hours' sum shown once as an hours cell: two
        # people at 20.5 h/week (cells 21 and 21) are 41 h, not the 42 of the rounded cells added
        idle = int((delivered <= 0).sum())
        note += (f", each with the most hours they finished per week in any {DELIVERED_WEEKS} weeks of the last "
                 f"{CAPACITY_LOOKBACK_WEEKS} as capacity (team total {shown_number(hours.sum(), 'hours')} h/week"
                 + (f"; {counted(idle, 'person', 'people')} with no finished work in that time "
                    f"{agree(idle, 'gets', 'get')} the median, {shown_number(median, 'hours')} h/week)" if idle else ")"))
        if len(over):
            shown = ", ".join(f"{name} {shown_number(h, 'hours')}" for name, h in over.head(MAX_ROWS_IN_MESSAGE).items())
            note += (f"; capacities over {S.MAX_HOURS_PER_WEEK:g} h/week, the most a people table takes, capped at "
                     f"it ({shown}{', ...' if len(over) > MAX_ROWS_IN_MESSAGE else ''}: hours booked when long "
                     "tasks finished?)")
    elif none := no_actuals_text(tasks):  # not a quiet year: nothing to read hours from
        note += f"; {none}{placeholder}"
    else:
        note += f"; no hours were logged in the last {CAPACITY_LOOKBACK_WEEKS} weeks{placeholder}"
    if merged:
        note += ("; names spelt several ways counted once: "
                 + _spellings_text(merged) + " (their open work under the other spellings goes to the project "
                 "team's pool: write each name one way in the export)")
    # the role named: the Accuracy sheet's "By team" and the Capacity sheet show a "dev" team
    note += (". Roles are unknown: everyone is counted as a developer (role 'dev'), so there is no PM load; "
             "pmo-forecast init writes a people.csv to correct")
    return people, note


def no_actuals_text(tasks: pd.DataFrame) -> str | None:
    """What the task export's actual hours column lacks, or None when it holds an hour somewhere: "the task
    export has no actual hours column" (the loader adds a blank one, and names the unit of each hours column it
    read, ``detected["units"]``; a table without that record had the column), or its header blank in every row
    though tasks are done (hours booked on unfinished work, ``source_actual_hours``, count as the column's too;
    before any task is done a blank column is no news).

    >>> no_actuals_text(pd.DataFrame({"status": ["done", "open"], "actual_hours": [None, None]}))
    "the task export's actual hours column 'actual_hours' is blank in every row"
    """
    # a table the loader read records each hour column's unit, none where it read no hour column at all (a Trello
    # export, 'estimate: none'); a table never loaded has no such record
    detected = tasks.attrs.get("detected")
    units = detected.get("units", {}) if detected is not None else {S.ACTUAL: None}
    if S.ACTUAL not in tasks or (tasks[S.ACTUAL].isna().all() and S.ACTUAL not in units):
        return S.NO_ACTUAL_COLUMN
    done = S.STATUS in tasks and (tasks[S.STATUS] == S.DONE).any()
    if done and all(tasks[c].isna().all() for c in (S.ACTUAL, S.SOURCE_ACTUAL) if c in tasks):
        header = tasks.attrs.get("_headers", {}).get(S.ACTUAL, S.ACTUAL)
        return f"the task export's actual hours column '{header}' is blank in every row"
    return None


def _capacity_unknown(tasks: pd.DataFrame, delivered: pd.Series, as_of=None) -> str | None:
    """Why what people delivered (``delivered``, :func:`delivered_hours_per_week`) cannot be read as their
    capacity, or None: a history shorter than :data:`DELIVERED_WEEKS` weeks (:func:`_history_start`), or nobody
    above :data:`~pmo_forecast.inputs.weekly_hours.MAX_FTE` h a week (too few hours logged: 0.4 h a week for
    everyone, which the people loader refuses as shares of a week). No hours at all is the median's case."""
    from .weekly_hours import MAX_FTE

    if not (delivered > 0).any():
        return None
    start = _history_start(tasks, as_of)
    if not pd.isna(start):
        return (f"the task history ({start:%Y-%m-%d} to {quiet_as_of(tasks, as_of):%Y-%m-%d}) is shorter than the "
                f"{DELIVERED_WEEKS} weeks capacity is read from")
    if not (delivered > MAX_FTE).any():
        return (f"the most anyone finished per week in any {DELIVERED_WEEKS} weeks of the last "
                f"{CAPACITY_LOOKBACK_WEEKS} is {shown_number(delivered.max(), 'num1')} h, too few hours logged to read a capacity from")
    return None


def _history_start(tasks: pd.DataFrame, as_of=None):
    """The task table's first created, started or finished date when it is less than
    :data:`DELIVERED_WEEKS` weeks before ``as_of`` (too short a history to read a capacity from), else NaT.
    Typo years (:func:`~pmo_forecast.core.as_of.early_date_limit`) and dates after ``as_of`` are left out."""
    from ..core.as_of import early_date_limit

    as_of = quiet_as_of(tasks, as_of)
    early = early_date_limit(tasks)
    firsts = [d[(d <= as_of + pd.Timedelta(days=1)) & (d >= early if early is not None else True)].min()
              for c in (S.CREATED, S.STARTED, S.FINISHED) if c in tasks
              and pd.api.types.is_datetime64_any_dtype(d := tasks[c])]
    start = min((f for f in firsts if not pd.isna(f)), default=pd.NaT)
    return start if not pd.isna(start) and as_of - start < pd.Timedelta(weeks=DELIVERED_WEEKS) else pd.NaT


def _delivered_capacity(delivered: pd.Series, unknown: bool = False) -> tuple[pd.Series, float]:
    """Weekly hours per person from what they delivered; who delivered nothing gets the team's median
    (the pack without a people table and init's people.csv use this one rule). ``unknown``: the history
    is too short, or too few hours were logged, to read a capacity from (:func:`_capacity_unknown`): everyone gets
    :data:`~pmo_forecast.core.capacity.DEFAULT_HOURS_PER_WEEK`."""
    if unknown:
        return pd.Series(DEFAULT_HOURS_PER_WEEK, index=delivered.index), DEFAULT_HOURS_PER_WEEK
    active = delivered[delivered > 0]
    median = float(active.median()) if len(active) else DEFAULT_HOURS_PER_WEEK
    return delivered.where(delivered > 0, median), median


def _one_spelling(names: pd.Series) -> dict:
    """Each name spelt several ways (``Ann Lee``, ``ann lee``, ``Ann  Lee``: the same under
    :func:`~pmo_forecast.core.schema.person_key`, as validation matches names) -> its most
    common spelling (the first written, on a tie)."""
    counts = names.dropna().astype(str).value_counts(sort=False)  # in order of first appearance
    keys = counts.index.map(S.person_key)
    out = {}
    for key, group in counts.groupby(keys, sort=False):
        if key and len(group) > 1:
            chosen = group.index[int(np.argmax(group.to_numpy()))]
            out.update({name: chosen for name in group.index if name != chosen})
    return out


def _spellings_text(merged: dict) -> str:
    """``'Ann Lee' (also spelt 'ann lee')`` for each name of :func:`_one_spelling`'s map, ``;`` between."""
    return "; ".join(f"'{name}' (also spelt " + ", ".join(f"'{k}'" for k, v in merged.items() if v == name) + ")"
                     for name in dict.fromkeys(merged.values()))


#: people.csv's column saying where each pre-filled availability comes from, and its two values.
AVAILABILITY_FROM = "availability_from"
AVAILABILITY_DELIVERED = "delivered"
AVAILABILITY_MEDIAN = f"team median (nothing finished in the last {CAPACITY_LOOKBACK_WEEKS} weeks): CHECK"
AVAILABILITY_UNKNOWN = "placeholder (too short a history or too few hours logged to read a capacity): FILL IN"


def _people(tasks: pd.DataFrame) -> tuple[pd.DataFrame, str | None]:
    """people.csv's rows, and why no capacity could be read from what people delivered (or None)."""
    delivered = delivered_hours_per_week(tasks)
    # availability of a 40-hour week, from the capacity infer_people gives (one rule); who delivered
    # nothing in the last year gets the median (it was 1.0, 40 h); a history too short or too few hours
    # logged, a full week each (it was 0.05, marked as delivered)
    busy = delivered_hours_per_week(tasks, lookback=CAPACITY_LOOKBACK_WEEKS)
    why = _capacity_unknown(tasks, busy)
    share = (_delivered_capacity(busy, unknown=why is not None)[0] / DEFAULT_HOURS_PER_WEEK).clip(0.05, 1.0).round(2)
    source = np.where(busy.to_numpy() > 0, AVAILABILITY_DELIVERED, AVAILABILITY_MEDIAN)
    created = tasks[S.CREATED] if S.CREATED in tasks else pd.Series(pd.NaT, index=tasks.index)
    last = created.groupby(tasks[S.ASSIGNEE].astype(str)).max()
    return pd.DataFrame({
        S.PERSON: delivered.index, S.ROLE: "dev", S.HOURS_PER_WEEK: DEFAULT_HOURS_PER_WEEK,
        S.AVAILABILITY: share.to_numpy(),
        S.START: pd.NaT, S.END: pd.NaT,
        # the median is a stand-in, not what the person delivered: marked on their row, to be checked
        AVAILABILITY_FROM: source if why is None else AVAILABILITY_UNKNOWN,
        "delivered_hours_per_week": delivered.round(1).to_numpy(),
        "open_tasks": tasks[tasks[S.STATUS].isin(S.UNFINISHED_STATUSES)].groupby(
            tasks[S.ASSIGNEE].astype(str)).size().reindex(delivered.index).fillna(0).astype(int).to_numpy(),
        "last_task_created": last.reindex(delivered.index).dt.normalize().to_numpy(),
    }), why


#: What README.txt says of projects.csv's budget: pre-filled from hour estimates; blank for story points.
BUDGET_HOURS = "pre-filled with the sum of the estimates of its tasks not cancelled: CONFIRM it"
BUDGET_POINTS = "blank: the estimates are story points, no hours; FILL IN the budget in hours, if there is one"

README = """\
Templates written by `pmo-forecast init` from {export}. Edit them, then run:

  pmo-forecast report {export} --map mapping.yaml --projects projects.csv --people people.csv --out pack

Add --requests requests.csv once it has rows. Files you edit are never overwritten by
running init again (delete a file to have it written afresh).

mapping.yaml  How the export is read: which column is the project, the estimate and its
              unit, what each workflow status means, the rank (priority) column.

projects.csv  One row per project found in the export. Used by the Projects and Summary
              sheets. Columns that matter:
                project_id    must match the export exactly (do not edit)
                budget_hours  {budget}
                              (P(over budget) and contingency are measured against it)
                due           FILL IN: without it there is no P(late)
                manager       FILL IN with the PM's name exactly as in people.csv: PM load
                status        active / closed / on_hold / proposed / cancelled
              first_activity, last_activity, tasks, open_tasks are for your information.

people.csv    One row per assignee, spelled exactly as in the export (do not retype the
              names: the match is exact; a name spelt several ways is written once, as
              mapping.yaml says: spell it one way in the export). Used by finish dates
              and the Capacity sheet.
                role            dev, pm, ... (set pm for project managers: the PM pool)
                hours_per_week  contracted hours (pre-filled {hours:g})
                availability    share of the week for project work, 0-1; pre-filled
                                with the most each person delivered per week in any
                                {weeks} weeks of the last {lookback} (over hours_per_week;
                                delivered_hours_per_week: the last {weeks}): CHECK it;
                                who finished nothing in that year gets the team's median
                                (availability_from says which)
                start, end      leave blank unless someone joins or leaves
              Without people.csv the pack infers the same capacities and says so.

requests.csv  The PM-pool request log, if you keep one (approvals, change requests):
                request_id, requested, done  needed
                started, touch_hours        optional: without them the queue assumes
                                            one hour of hands-on work per request
              Without it the pack has no queue section (it says what one would show).
"""


def init_from_export(export, out_dir, *, project_field: str | None = None, sheet=None) -> dict[str, str]:
    """Write ``mapping.yaml``, the ``projects``/``people``/``requests`` templates and ``README.txt``.

    Parameters
    ----------
    export : path
        The tracker export (Jira or ClickUp CSV, MS Project XML, any CSV or Excel).
    out_dir : path
        Folder for the files (created if missing).
    project_field : str, optional
        The column that names the project (default: detected).
    sheet : str or int, optional
        A workbook's sheet holding the tasks (default: the first visible sheet with data).

    Returns
    -------
    dict
        File name -> ``"written"``, ``"updated"`` (unchanged since the last init) or
        ``"kept (edited)"`` (changed by you, left alone).
    """
    from ..core.safe_files import atomic_path, atomic_write_text
    from ..core.workbook import write_csv
    from .io import load_tasks

    out = Path(out_dir)
    manifest_path = out / MANIFEST
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = {}
    m, notes = detect_mapping(export, project_field=project_field, sheet=sheet)
    yours = out / "mapping.yaml"
    if yours.exists() and manifest.get(yours.name) != _sha(yours):  # your edited mapping fills the templates
        m = Mapping.from_file(yours)
        if project_field:
            m = m.with_(project=project_field, project_prefix="")
    tasks = load_tasks(export, mapping=m, require_estimate=False, sheet=sheet)
    merged = _one_spelling(tasks[S.ASSIGNEE]) if S.ASSIGNEE in tasks else {}
    if merged:  # one person, not one per spelling (each at a full week)
        said = _spellings_text(merged)
        notes = notes + [f"people: names spelt several ways written once in people.csv ({said}); write them "
                         "the same way in the export, or validation warns and their open work goes to the "
                         "project team's pool"]
        warn(f"{Path(export).name}: assignees spelt several ways, written once in people.csv: {said}",
             DataQualityWarning)
        tasks = tasks.assign(**{S.ASSIGNEE: tasks[S.ASSIGNEE].replace(merged)})
    out.mkdir(parents=True, exist_ok=True)
    contents = {
        # a table's header (a plan's XML has no columns to leave out)
        "mapping.yaml": _mapping_yaml(m, notes, export, unread_columns(tasks, m, _table(export, sheet).columns)
                                      if "file_type" in tasks.attrs["detected"] else ()),
        "README.txt": README.format(export=export, hours=DEFAULT_HOURS_PER_WEEK, weeks=DELIVERED_WEEKS,
                                    lookback=CAPACITY_LOOKBACK_WEEKS,
                                    budget=BUDGET_POINTS if S.estimates_in_points(tasks) else BUDGET_HOURS),
    }
    people, unknown = _people(tasks)
    tables = {"projects.csv": _projects(tasks), "people.csv": people, "requests.csv": S.empty_table(S.REQUESTS)}
    if unknown:
        warn(f"{Path(export).name}: {unknown}: people.csv gives everyone a full week ({DEFAULT_HOURS_PER_WEEK:g} h), "
             f"marked in its column '{AVAILABILITY_FROM}'; fill in each person's availability", DataQualityWarning)
    stand_in = tables["people.csv"].loc[lambda p: p[AVAILABILITY_FROM] == AVAILABILITY_MEDIAN, S.PERSON]
    if len(stand_in):
        shown = ", ".join(map(str, stand_in.head(MAX_ROWS_IN_MESSAGE)))
        more = f" and {len(stand_in) - MAX_ROWS_IN_MESSAGE} more" if len(stand_in) > MAX_ROWS_IN_MESSAGE else ""
        warn(f"{Path(export).name}: {len(stand_in)} of {len(tables['people.csv'])} people finished nothing "
             f"in the last {CAPACITY_LOOKBACK_WEEKS} weeks ({shown}{more}): people.csv gives them the team's median "
             f"availability, marked in its column '{AVAILABILITY_FROM}'; check it",
             DataQualityWarning)
    result = {}
    for name in FILES:
        path = out / name
        if path.exists() and manifest.get(name) != _sha(path):
            result[name] = "kept (edited)"
            continue
        state = "updated" if path.exists() else "written"
        if name in contents:
            atomic_write_text(path, contents[name])
        else:
            with atomic_path(path) as tmp:
                write_csv(tmp, tables[name])
        manifest[name] = _sha(path)
        result[name] = state
    atomic_write_text(manifest_path, json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return result
