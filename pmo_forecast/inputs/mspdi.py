"""The Microsoft Project XML (MSPDI, "Save as XML") reader, mapped onto the canonical task table.

:func:`read_mspdi` reads the file with the standard library and returns a frame with canonical
column names (types are coerced afterwards by :func:`pmo_forecast.inputs.coerce.coerce`), with the plan's
own fields beside them: outline number, task name, planned work and dates, resources, top-level summary task.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from xml.parsers import expat

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.calendar import HOURS_PER_DAY
from ..core.checks import negative_or_raise
from ..core.exceptions import DataQualityWarning, SchemaError, warn
from ..core.labels import agree, counted, id_list
from .trackers import unfinished_actuals

# --- Microsoft Project XML (MSPDI) -------------------------------------------
# zero years and months (``P0Y0M0DT40H0M0S``, the full xsd:duration some tools write) are allowed: they
# add nothing; others are calendar time, not work, and do not match
_PT = re.compile(r"^(-?)P(?:0+Y)?(?:0+M)?(?:(\d+(?:\.\d+)?)D)?"
                 r"(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$")


def mspdi_hours(text: str | None, hours_per_day: float = HOURS_PER_DAY) -> float:
    """Hours in an MSPDI duration such as ``PT8H0M0S`` (a ``D`` part counts working days; a leading
    ``-`` makes it negative); NaN for none or for text that is not such a duration."""
    if not text:
        return np.nan
    m = _PT.match(text.strip())
    if not m:
        return np.nan
    sign, (d, h, mi, se) = m.group(1), (float(x) if x else 0.0 for x in m.groups()[1:])
    return (-1 if sign else 1) * (d * hours_per_day + h + mi / 60 + se / 3600)


def has_days(text: str | None) -> bool:
    """Whether an MSPDI duration has a day part above 0 (``P1D``, ``P2DT4H``), read at a working day's hours."""
    m = _PT.match(text.strip()) if text else None
    return bool(m and m.group(2) and float(m.group(2)))


def day_length(minutes: str | None, hours_per_day: float | None) -> tuple[float, str]:
    """The hours of a working day an MSPDI duration's day part stands for, and where it comes from: the plan's
    own ``MinutesPerDay`` (Project's "Hours per day" option, 480 by default), else the mapping's
    ``hours_per_day`` (None: not given), else Project's default of 8 h."""
    mapped = (f"the mapping's hours_per_day ({hours_per_day:g} h)"
              if hours_per_day is not None and hours_per_day != HOURS_PER_DAY else None)
    try:
        own = float(minutes) / 60 if minutes else np.nan
    except ValueError:
        own = np.nan
    if own > 0:
        unused = f"; {mapped} not used: the plan's own wins" if mapped and hours_per_day != own else ""
        return own, f"the plan's MinutesPerDay ({minutes}){unused}"
    bad = f"the plan's MinutesPerDay {minutes!r} is no number of minutes above 0; " if minutes else ""
    if mapped:
        return float(hours_per_day), f"{bad}{mapped}"
    return HOURS_PER_DAY, f"{bad}MS Project's default, the plan giving no MinutesPerDay"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(el) -> dict:
    return {_local(c.tag): c for c in el}


def _parse_xml(path: Path) -> tuple[ET.Element, dict]:
    """The file's XML tree, and the line each ``<Task>`` starts on (ElementTree keeps no lines).

    Expat builds the tree through :class:`~xml.etree.ElementTree.TreeBuilder`, as ElementTree
    does, so that the line is at hand as each element starts.
    """
    builder, task_lines = ET.TreeBuilder(), {}
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True

    def tag(name):  # "ns}Task" as ElementTree spells it: "{ns}Task"
        return "{" + name if "}" in name else name

    def start(name, attrs):
        el = builder.start(tag(name), attrs)
        if _local(name) == "Task":
            task_lines[el] = parser.CurrentLineNumber

    parser.StartElementHandler = start
    parser.EndElementHandler = lambda name: builder.end(tag(name))
    parser.CharacterDataHandler = builder.data
    with open(path, "rb") as f:
        parser.ParseFile(f)
    return builder.close(), task_lines


#: A task's fields that :func:`read_mspdi` reads as numbers and dates, as MS Project writes them.
MSPDI_NUMBERS = {"PercentComplete": "percent_complete"}
MSPDI_DATES = {"CreateDate": S.CREATED, "ActualStart": S.STARTED, "ActualFinish": "_finish",
               "Start": S.PLANNED_START, "Finish": S.PLANNED_FINISH}
#: The plan's XML fields :func:`read_mspdi` reads, by the column each is read as (a task's element, else its path:
#: ``Project/Title``): ``detected["_fields"]``, what messages list as the plan's columns (:func:`~.parsing.file_headers`),
#: as a table's headers are listed.
MSPDI_FIELDS = {S.PROJECT_ID: "Project/Title", S.TASK_ID: "UID", "title": "Name", "outline": "OutlineNumber",
                **{(S.FINISHED if c == "_finish" else c): f for f, c in {**MSPDI_DATES, **MSPDI_NUMBERS}.items()},
                "work_hours": "Work", S.ACTUAL: "ActualWork", S.SOURCE_ACTUAL: "ActualWork",
                S.ESTIMATE: "Baseline/Work", S.ASSIGNEE: "Resource/Name", "resources": "Resource/Name"}


def _task_name(uid, task_id, name, line) -> str:
    """A task as Project shows it: ``task UID 3 (ID 3, 'Build form', line 10)``; the line is the XML file's."""
    return f"task UID {uid} (ID {task_id}, {name!r}, line {line})"


def _field_or_raise(path: Path, df: pd.DataFrame, field: str, col: str, parsed: pd.Series, what: str) -> None:
    """A :class:`SchemaError` naming the tasks whose ``field`` (read into ``col``) is not ``what``."""
    bad = np.flatnonzero((df[col].notna() & parsed.isna()).to_numpy())
    if not len(bad):
        return
    named = id_list((f"{_task_name(*df.loc[i, [S.TASK_ID, '_id', 'title', '_line']])}: {df.at[i, col]!r}"
                     for i in bad), 3, sep="; ")
    raise SchemaError(f"{path}: <{field}> is not {what} in {named}. Correct it in Project and save the "
                      "plan as XML again.", file=path, column=field, rows=df["_line"].iloc[bad])


def read_mspdi(path, hours_per_day: float | None = None) -> tuple[pd.DataFrame, dict]:
    """Read a Microsoft Project XML file (MSPDI, "Save as XML") with the standard library.

    The project's ``Title`` (else ``Name``, else the file name) is the project_id (said in
    ``detected["project_id"]``); each task's ``UID`` the task_id; its baseline work (baseline 0, else the lowest
    numbered one with work) the estimate. Without a baseline, an unfinished task's
    planned ``Work`` (above 0) stands as its estimate, the plan as it stands; a finished
    task has none, since its ``Work`` is the hours spent, and it is not compared with
    one (``estimate_source``: ``baseline``, ``work`` or ``none``; the counts in
    ``detected["estimates"]``). ``ActualWork`` is the actual once done;
    the resource with the most assigned work the assignee (all in ``resources``);
    the parent summary task's name the task_type, the top-level summary task's name
    ``top_summary`` (the project in a portfolio plan). Summary tasks are dropped (their
    work is the sum of their children's), as are empty milestones and null tasks, and
    inactive tasks (``Active`` 0: switched off in Project, no longer part of the plan;
    said in ``detected["inactive"]`` and with a :class:`DataQualityWarning`), and other plans'
    tasks (``ExternalTask`` or ``IsSubproject`` 1: a cross-project link's ghost task, an inserted
    subproject; said in ``detected["external"]``).
    Done: 100 % complete or an ``ActualFinish``; in progress: an ``ActualStart``.
    A duration's day part (``P1D``, ``P1DT4H``; Project itself writes hours, ``PT8H0M0S``) is a working day of
    the plan's ``MinutesPerDay``, else the mapping's ``hours_per_day`` (given), else 8 h
    (:func:`day_length`), said in ``detected["units"]`` where a duration has one.
    Each row's source line is the line its ``<Task>`` starts on; a ``PercentComplete``,
    baseline ``Number``, date or work duration (``Work``, ``ActualWork``, a baseline's
    ``Work``) that is not one is a :class:`SchemaError` naming the task by its UID, ID,
    name and line.
    """
    path = Path(path)
    root, task_lines = _plan_tree(path)
    top = _children(root)
    project, source = next(((v, f"the plan's {f}") for f in ("Title", "Name") if (v := _text(root, f))),
                           (path.stem, "the file's name"))
    day, day_from = day_length(_text(root, "MinutesPerDay"), hours_per_day)
    hours = _Durations(path, day, task_lines)
    by_task = _assigned_work(top, hours)
    rows, names_by_outline, dropped, inactive, external = _task_rows(path, top, task_lines, hours, by_task)
    if not rows:
        raise SchemaError(f"{path}: no work tasks found (only summary tasks, milestones or none). "
                          "Check that the plan has tasks with work assigned.", file=path)
    df = pd.DataFrame(rows)
    _typed_fields(path, df)
    parent = df["outline"].str.rsplit(".", n=1).str[0].where(df["outline"].str.contains(".", regex=False))
    df[S.TASK_TYPE] = parent.map(names_by_outline)
    # a portfolio plan holds one top-level summary task per project: project_from="top_summary"
    top = df["outline"].str.split(".", n=1).str[0].where(df["outline"].str.contains(".", regex=False))
    df["top_summary"] = top.map(names_by_outline)
    df[S.PROJECT_ID] = project
    done = (df["percent_complete"] >= 100) | df["_finish"].notna()
    df[S.STATUS] = np.where(done, S.DONE, np.where(df[S.STARTED].notna() | (df["percent_complete"] > 0),
                                                   S.IN_PROGRESS, S.OPEN))
    df[S.ACTUAL] = df["_actual"]
    df[S.FINISHED] = df["_finish"]
    # where the project is from, as every reader says it: project_from's column replaces it (apply_project), where
    # a fact of its own kept saying the Title was the project
    found = {"encoding": "xml", "units": {S.ESTIMATE: "ISO 8601 durations (PT8H0M0S)"}, "dropped": dropped,
             S.PROJECT_ID: f"{source} ({project!r})"}
    if any(hours.days_read):
        found["units"][S.ESTIMATE] += f"; a day (P1D) is {day:g} h: {day_from}"
    _left_out(path, inactive, external, found)
    _mspdi_estimates(df, done.to_numpy(), found)
    lines = df["_line"].to_numpy(dtype=np.int64)
    df = df.drop(columns=["_actual", "_finish", "_baseline", "_id", "_line"])
    # refused here, as the loader refuses a finished task's: unfinished_actuals moves an unfinished task's actual
    # work to source_actual_hours, which the loader's check of actual_hours no longer sees
    negative_or_raise(df[S.ACTUAL], df[S.ACTUAL], file=path, column=S.ACTUAL, rows=lines)
    unfinished_actuals(df)
    df.attrs["_source_line"] = lines  # each task's line in the XML file
    return df, found


def _plan_tree(path: Path) -> tuple[ET.Element, dict]:
    """The plan's XML root, a ``<Project>``, and the line each ``<Task>`` starts on; a :class:`SchemaError` when
    the file cannot be read or is no MS Project XML."""
    try:
        root, task_lines = _parse_xml(path)
    except expat.ExpatError as e:
        raise SchemaError(f"{path}: not readable as MS Project XML ({e}). Save it again from Project "
                          "with File > Save As > XML.", file=path) from None
    except OSError as e:
        raise SchemaError(f"{path}: cannot read the file ({e.strerror or e}).", file=path) from None
    if _local(root.tag) != "Project":
        raise SchemaError(f"{path}: the XML root is <{_local(root.tag)}>, not an MS Project <Project>. "
                          "Save it from Project with File > Save As > XML.", file=path)
    return root, task_lines


def _text(el, name):
    """The stripped text of ``el``'s child ``name``, in any namespace or none; None when it has none."""
    c = el.find(f"{{*}}{name}")
    if c is None:
        c = el.find(name)
    return c.text.strip() if c is not None and c.text else None


class _Durations:
    """Reads a task's durations in hours at the plan's working ``day``, noting in ``days_read`` whether each
    one read has a day part (then the day's length is said)."""

    def __init__(self, path: Path, day: float, task_lines: dict):
        self.path, self.day, self.task_lines = path, day, task_lines
        self.days_read: list[bool] = []

    def of(self, text: str | None) -> float:
        """Hours in a duration's ``text`` (NaN for none or for text that is not one)."""
        self.days_read.append(has_days(text))
        return mspdi_hours(text, self.day)

    def __call__(self, t, field, el=None) -> float:
        """Task ``t``'s ``field`` (in ``el``, one of its baselines) in hours, or a SchemaError naming the
        task: an unreadable duration was a silent blank (no estimate, said as "without a baseline")."""
        raw = _text(t if el is None else el, field)
        got = mspdi_hours(raw, self.day)
        self.days_read.append(has_days(raw))
        if raw and got != got:
            task = _task_name(_text(t, "UID"), _text(t, "ID"), _text(t, "Name"), self.task_lines[t])
            where = f"<{field}>" if el is None else f"<Baseline> <{field}>"
            raise SchemaError(f"{self.path}: {where} is not a duration as Project writes it (PT8H30M0S) in {task}: "
                              f"{raw!r}. Correct it in Project and save the plan as XML again.", file=self.path,
                              column=field, rows=[self.task_lines[t]])
        return got


def _assigned_work(top: dict, hours: _Durations) -> dict[str, list[tuple[float, str]]]:
    """Each task's assignments (by its UID): the hours of work and the resource's name (``resource 3`` unnamed)."""
    resources = {}
    if "Resources" in top:
        for r in top["Resources"]:
            uid = _text(r, "UID")
            if uid is not None:
                resources[uid] = _text(r, "Name") or f"resource {uid}"
    by_task: dict[str, list[tuple[float, str]]] = {}
    if "Assignments" in top:
        for a in top["Assignments"]:
            res = _text(a, "ResourceUID")
            if res in resources:
                by_task.setdefault(_text(a, "TaskUID"), []).append((hours.of(_text(a, "Work")), resources[res]))
    return by_task


def _task_rows(path: Path, top: dict, task_lines: dict, hours: _Durations, by_task: dict) -> tuple:
    """The plan's work tasks as rows, each outline number's name, and what was left out: counts of summary
    tasks, empty milestones and null tasks; inactive tasks and other plans' tasks, named."""
    rows, names_by_outline, dropped, inactive = [], {}, {"summary": 0, "milestone": 0, "null": 0}, []
    external: list[str] = []
    for t in (top["Tasks"] if "Tasks" in top else []):
        if t not in task_lines:  # not a <Task>
            continue
        uid, outline = _text(t, "UID"), _text(t, "OutlineNumber") or ""
        names_by_outline[outline] = _text(t, "Name")
        if _text(t, "IsNull") == "1" or uid is None:
            dropped["null"] += 1
            continue
        work = hours(t, "Work")
        if _text(t, "Summary") == "1" or uid == "0":
            dropped["summary"] += 1
            continue
        if _text(t, "Milestone") == "1" and not work:
            dropped["milestone"] += 1
            continue
        if _text(t, "Active") == "0":
            inactive.append(f"{uid} ({_text(t, 'Name')!r})")
            continue
        if _text(t, "ExternalTask") == "1" or _text(t, "IsSubproject") == "1":
            # a cross-project link's ghost task, or an inserted subproject: another plan's work, counted there
            external.append(f"{uid} ({_text(t, 'Name')!r})")
            continue
        base = _baseline_work(path, t, uid, task_lines, hours)
        assigned = sorted(by_task.get(uid, []), key=lambda x: -(x[0] if x[0] == x[0] else 0))
        rows.append({
            S.TASK_ID: uid, "_id": _text(t, "ID"), "_line": task_lines[t], "outline": outline,
            "title": _text(t, "Name"), "_baseline": base, "work_hours": work,
            "_actual": hours(t, "ActualWork"),
            S.ASSIGNEE: assigned[0][1] if assigned else None,
            "resources": "; ".join(n for _, n in assigned) or None,
            **{col: _text(t, field) for field, col in {**MSPDI_DATES, **MSPDI_NUMBERS}.items()},
        })
    return rows, names_by_outline, dropped, inactive, external


def _baseline_work(path: Path, t, uid: str, task_lines: dict, hours: _Durations) -> float:
    """Task ``t``'s baseline work: baseline 0's, else the lowest numbered one's with work; NaN without one."""
    baselines = []
    for b in t.findall("{*}Baseline") + t.findall("Baseline"):
        number = _text(b, "Number") or "0"
        if not number.isdigit():
            task = _task_name(uid, _text(t, "ID"), _text(t, "Name"), task_lines[t])
            raise SchemaError(f"{path}: <Baseline> <Number> is not a whole number in {task}: {number!r}. "
                              "Correct it in Project and save the plan as XML again.", file=path,
                              column="Number", rows=[task_lines[t]])
        baselines.append((int(number), hours(t, "Work", b)))
    return next((w for _, w in sorted(baselines) if w and w > 0), np.nan)


def _typed_fields(path: Path, df: pd.DataFrame) -> None:
    """Read the tasks' number fields as numbers and check their date fields are dates (the planned ones read
    here; the others are read, and said, as every table's dates); a :class:`SchemaError` names the tasks."""
    for field, col in MSPDI_NUMBERS.items():
        parsed = pd.to_numeric(df[col], errors="coerce")
        _field_or_raise(path, df, field, col, parsed, "a number")
        df[col] = parsed.fillna(0.0).astype(float)
    for field, col in MSPDI_DATES.items():
        # a UTC offset (+02:00) is dropped, the local time written kept, as for every table's dates;
        # pandas refuses offsets mixed with naive times
        local = df[col].astype("string").str.strip().str.replace(r"(?:Z|[+-]\d\d:?\d\d)$", "", regex=True)
        parsed = pd.to_datetime(local, errors="coerce", format="ISO8601")
        _field_or_raise(path, df, field, col, parsed, "a date as Project writes it (2024-05-31T17:00:00)")
        if col in (S.PLANNED_START, S.PLANNED_FINISH):  # the others are read, and said, as every table's dates
            df[col] = parsed.astype(S.DTYPES["datetime"])  # in the unit of the others (ISO text reads to µs)


def _left_out(path: Path, inactive: list[str], external: list[str], found: dict) -> None:
    """Say in ``found`` the inactive tasks (warned too: their work no longer counts in the plan) and the
    tasks of other plans left out."""
    if inactive:  # switched off in Project: their work no longer counts in the plan
        found["inactive"] = (f"{counted(len(inactive), 'inactive task')} left out (Active is 0: switched off in "
                             f"Project, {agree(len(inactive), 'its', 'their')} work no longer counts): "
                             f"UID {id_list(inactive)}")
        warn(f"{path}: {found['inactive']}.", DataQualityWarning)
    if external:
        found["external"] = (f"{counted(len(external), 'task')} of other plans left out (external tasks of "
                             "cross-project "
                             f"links, inserted subprojects): UID {id_list(external)}")


def _mspdi_estimates(df: pd.DataFrame, done: np.ndarray, detected: dict) -> None:
    """Each task's estimate: its baseline work, else an unfinished task's planned ``Work``, said.

    A finished task's ``Work`` is the hours it took (``ActualWork`` plus a remaining work of
    0): taken as the estimate, every such task was exactly on it and pulled the accuracy
    figures to 1.00. Without a baseline it has no estimate, so it is not compared.
    """
    base = df["_baseline"].to_numpy(dtype=float)
    work = df["work_hours"].to_numpy(dtype=float)
    has_base, planned = base == base, ~done & (np.nan_to_num(work) > 0)
    df[S.ESTIMATE] = np.where(has_base, base, np.where(planned, work, np.nan))
    df.insert(df.columns.get_loc("work_hours"), "estimate_source",
              np.select([has_base, planned], ["baseline", "work"], "none"))
    if has_base.all():
        return
    counts = (
        (int((~has_base & planned).sum()), "unfinished without a baseline {take} {their} planned Work (the plan "
         "as it stands, not an estimate made before the work)"),
        (int((~has_base & done).sum()), "finished without a baseline {have} none: {their} Work is the hours spent, "
         "so {they} not compared with an estimate"),
        (int((~has_base & ~done & ~planned).sum()), "unfinished without a baseline or planned Work {have} none"))
    detected["estimates"] = "; ".join(
        [f"{int(has_base.sum())} of {counted(len(df), 'task')} "
         f"{agree(int(has_base.sum()), 'takes its', 'take their')} baseline work as the estimate"]
        + [f"{n} " + what.format(take=agree(n, "takes", "take"), have=agree(n, "has", "have"),
                                 their=agree(n, "its", "their"), they=agree(n, "it is", "they are"))
           for n, what in counts if n])
