"""``pmo-forecast init``: from a tracker export to a mapping file and pre-filled templates.

:func:`init_from_export` reads an export, detects what it can (format, which column
is the project, the estimate's unit, every workflow status and what it means, the
rank column: :mod:`.detected_mapping`) and writes into a folder:

- ``mapping.yaml``: what was detected, to check and edit (see :mod:`pmo_forecast.inputs.mapping`);
- ``projects.csv``: every project found, with its name, first and last dates, the sum
  of its estimates as a budget to confirm, and ``manager``/``due`` to fill in;
- ``people.csv``: every assignee exactly as spelled in the export, with a role, hours
  per week and an availability to check (pre-filled from what each delivered, by the rule
  the pack without a people table uses: :mod:`.inferred_people`);
- ``requests.csv``: the PM-pool request log's header, to fill in if you keep one;
- ``README.txt``: which columns matter for which sheet of the pack.

A file you have edited since it was written is never overwritten (the checksums of
what was written are kept in ``.pmo-forecast-init.json``).
"""

from __future__ import annotations

import collections.abc
import contextlib
import hashlib
import json
import shlex
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.capacity import DEFAULT_HOURS_PER_WEEK
from ..core.exceptions import DataQualityWarning, said_once, warn
from ..core.labels import agree, counted, id_list, natural_key, ordinal
from ..core.results import Result
from ..core.source_lines import MAX_ROWS_IN_MESSAGE
from .detected_mapping import Said, ToDecide, detect_mapping, export_as_text
from .hierarchy import PARENT_COLUMNS
from .inferred_people import (
    CAPACITY_LOOKBACK_WEEKS,
    DELIVERED_WEEKS,
    capacity_unknown,
    delivered_capacity,
    delivered_hours_per_week,
    one_spelling,
    spellings_text,
)
from .mapping import Mapping
from .parsing import header_name, proposing_mapping
from .trackers import JIRA_RESOLUTION

MANIFEST = ".pmo-forecast-init.json"
FILES = ("mapping.yaml", "projects.csv", "people.csv", "requests.csv", "README.txt")


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _filled(s: pd.Series) -> float:
    return float(s.notna().mean()) if len(s) else 0.0


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
    first = t[list(S.FACT_DATES)].min(axis=1)
    last = t[list(S.FACT_DATES)].max(axis=1)
    # a cancelled task's estimate is no work the budget covers (Removed, Won't Do)
    budgeted = t[S.ESTIMATE].where(t[S.STATUS] != S.CANCELLED)
    g = t.assign(_first=first, _last=last, _budgeted=budgeted).groupby(S.PROJECT_ID, sort=True)
    points = S.estimates_in_points(t)
    out = pd.DataFrame({
        S.PROJECT_NAME: g[S.PROJECT_NAME].first() if S.PROJECT_NAME in t else "",
        S.MANAGER: "", S.PROJECT_TYPE: "",
        # never 0, which the forecasts take as no budget (zero_budget): blank, to fill in
        S.BUDGET: np.nan if points else g["_budgeted"].sum(min_count=1).round(0).where(lambda b: b > 0),
        S.START: g["_first"].min().dt.normalize(),
        S.DUE: pd.to_datetime(g["project_due"].first(), errors="coerce", format="mixed", dayfirst=True)
        if "project_due" in t else pd.NaT,
        S.STATUS: np.where(g[S.STATUS].apply(lambda s: s.isin(S.UNFINISHED_STATUSES).any()), S.ACTIVE, S.CLOSED),
        "first_activity": g["_first"].min().dt.normalize(), "last_activity": g["_last"].max().dt.normalize(),
        "tasks": g.size(), "open_tasks": g[S.STATUS].apply(lambda s: int(s.isin(S.UNFINISHED_STATUSES).sum())),
    })
    out.index.name = S.PROJECT_ID
    # in the order people read the ids, as the pack's Projects sheet lists them: PMO-2 before PMO-10 (text order
    # had put PMO-10 to PMO-14 between PMO-1 and PMO-2)
    return out.reset_index().sort_values(S.PROJECT_ID, key=natural_key, kind="stable", ignore_index=True)


#: people.csv's column saying where each pre-filled availability comes from, and its two values.
AVAILABILITY_FROM = "availability_from"
AVAILABILITY_DELIVERED = "delivered"
AVAILABILITY_MEDIAN = f"team median (no hours finished in the last {CAPACITY_LOOKBACK_WEEKS} weeks): CHECK"
AVAILABILITY_UNKNOWN = "placeholder (too short a history or too few hours logged to read a capacity): FILL IN"


def _people(tasks: pd.DataFrame) -> tuple[pd.DataFrame, str | None]:
    """people.csv's rows, and why no capacity could be read from what people delivered (or None)."""
    delivered = delivered_hours_per_week(tasks)
    # availability of a 40-hour week, from the capacity infer_people gives (one rule); who delivered
    # nothing in the last year gets the median (it was 1.0, 40 h); a history too short or too few hours
    # logged, a full week each (it was 0.05, marked as delivered)
    busy = delivered_hours_per_week(tasks, lookback=CAPACITY_LOOKBACK_WEEKS)
    why = capacity_unknown(tasks, busy)
    share = (delivered_capacity(busy, unknown=why is not None)[0] / DEFAULT_HOURS_PER_WEEK).clip(0.05, 1.0).round(2)
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
                                who has no hours on tasks finished in that year gets the
                                team's median (availability_from says which)
                start, end      leave blank unless someone joins or leaves
              Without people.csv the pack infers the same capacities and says so.

requests.csv  The PM-pool request log, if you keep one (approvals, change requests):
                request_id, requested, done  needed
                started, touch_hours        optional: without them the queue assumes
                                            one hour of hands-on work per request
              Without it the pack has no queue section (it says what one would show).
"""


@dataclass(frozen=True, repr=False)
class InitResult(Result, collections.abc.Mapping):
    """What :func:`init_from_export` did: each file's state, and what a mapping file given or edited said of the export.

    Read as a mapping of file name -> state (``result["people.csv"]``, ``result.items()``), as it always was.

    Attributes
    ----------
    folder : pathlib.Path
        The folder init wrote in.
    files : dict of str to str
        File name -> ``"written"``, ``"updated"`` (unchanged since the last init), ``"kept (edited)"`` (changed by
        you, left alone) or, for ``mapping.yaml`` beside another mapping given, ``"kept (--map given)"`` or
        ``"not written (--map given)"``.
    applied : str or None
        What the mapping file read (tasks, projects, columns not read); None for a mapping detected.
    to_decide : tuple of str
        The notes written into ``mapping.yaml`` (under ``# detected:``) that only you can settle before the report
        (:class:`~.detected_mapping.ToDecide`: an ``Hours`` column whose header does not say what it counts, a status
        proposed for you to check, placeholder task ids); empty when there are none or ``mapping.yaml`` was not
        written (kept as you edited it, or --map given).
    said : tuple of str
        What init found in the export and did not read where you would look for it, one line each, printed by the
        command line (:class:`~.detected_mapping.Said`: a column of story points, which are no hours, not read as the
        estimate); empty for a mapping given.
    """

    folder: Path
    files: dict[str, str]
    applied: str | None = None
    to_decide: tuple[str, ...] = ()
    said: tuple[str, ...] = ()

    def __getitem__(self, name: str) -> str:
        return self.files[name]

    def __iter__(self):
        return iter(self.files)

    def __len__(self) -> int:
        return len(self.files)

    def summary(self) -> pd.DataFrame:
        """Each file init considered and its state, in the order init wrote them."""
        return pd.DataFrame({"state": list(self.files.values())},
                            index=pd.Index(list(self.files), name="file"))

    def _title(self) -> str:
        return f"init: {self.folder}"

    def _footnote(self) -> str:
        return f"Mapping applied: {self.applied}" if self.applied else ""


def init_from_export(export, out_dir, *, project_field: str | None = None, sheet=None,
                     mapping=None) -> InitResult:
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
    mapping : path, optional
        A mapping file to read the export with instead of detecting one (``--map``): a mapping.yaml init
        proposed and you mended. Without it, ``mapping.yaml`` in ``out_dir`` is read so once you have edited it.
        Either way nothing is detected, so an export init could not read alone is read with it.

    Returns
    -------
    InitResult
        Each file's state (read as a mapping, file name -> ``"written"``, ``"updated"``, ``"kept (edited)"``, ...;
        :attr:`~InitResult.files`), and :attr:`~InitResult.applied`, what the mapping file read (tasks, projects,
        columns not read), None for a mapping detected.

    Notes
    -----
    The export is read more than once (a mapping detected, the tasks loaded under it, its header): each warning of
    the file is said once.
    """
    with said_once():  # every read of the export finds what is wrong with the file alike
        return _init(export, out_dir, project_field, sheet, mapping)


def _init(export, out_dir, project_field, sheet, mapping) -> InitResult:
    """:func:`init_from_export`'s files written, each warning of the export said by every read that finds it."""
    from .io import load_tasks

    out = Path(out_dir)
    manifest = _manifest(out)
    m, notes, given = _mapping_used(export, out, manifest, project_field, sheet, mapping)
    # checks the mapping against the file; a mapping detected says in mapping.yaml the advice to write it (an 'Hours'
    # column of no meaning named under 'estimate:'), which the load under it would warn again
    with proposing_mapping() if given is None else contextlib.nullcontext():
        tasks = load_tasks(export, mapping=m, require_estimate=False, sheet=sheet)
    tasks, notes = _assignees_spelt_once(tasks, notes, export)
    out.mkdir(parents=True, exist_ok=True)
    # a table's header (a plan's XML has no columns to leave out)
    unread = unread_columns(tasks, m, export_as_text(export, sheet).columns) \
        if "file_type" in tasks.attrs["detected"] else []
    contents = {
        "mapping.yaml": _mapping_yaml(m, notes, export, unread),
        "README.txt": README.format(export=export, hours=DEFAULT_HOURS_PER_WEEK, weeks=DELIVERED_WEEKS,
                                    lookback=CAPACITY_LOOKBACK_WEEKS,
                                    budget=BUDGET_POINTS if S.estimates_in_points(tasks) else BUDGET_HOURS),
    }
    people, unknown = _people(tasks)
    tables = {"projects.csv": _projects(tasks), "people.csv": people, "requests.csv": S.empty_table(S.REQUESTS)}
    _warn_availability(export, people, unknown)
    applied = None
    if given is not None:
        projects = counted(tasks[S.PROJECT_ID].nunique(), "project")
        applied = (f"{given}: {Path(export).name} read as {counted(len(tasks), 'task')} in {projects}"
                   + (f"; columns not read: {', '.join(unread)}" if unread else ""))
    states = _write_files(out, manifest, {**contents, **tables}, map_given=mapping is not None)
    written = states["mapping.yaml"] in ("written", "updated")  # its notes are in the file the user opens
    to_decide = tuple(n for n in notes if isinstance(n, ToDecide)) if written else ()
    said = tuple(n for n in notes if isinstance(n, Said))
    return InitResult(folder=out, files=states, applied=applied, to_decide=to_decide, said=said)


def _manifest(out: Path) -> dict:
    """The checksums of the files the last init in ``out`` wrote (empty when there is none to read)."""
    try:
        return json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _mapping_used(export, out: Path, manifest: dict, project_field, sheet, mapping) -> tuple[Mapping, list, Path | None]:
    """The mapping init reads the export with, its notes, and the file it is (None for a mapping detected)."""
    yours = out / "mapping.yaml"
    edited = yours.exists() and manifest.get(yours.name) != _sha(yours)
    given = Path(mapping) if mapping is not None else yours if edited else None
    if given is None:
        m, notes = detect_mapping(export, project_field=project_field, sheet=sheet)
    else:  # your mapping fills the templates; nothing detected, so an export detection cannot read is read with it
        m, notes = Mapping.from_file(given), []
        if project_field:
            m = m.with_(project=project_field, project_prefix="")
    return m, notes, given


def _assignees_spelt_once(tasks: pd.DataFrame, notes: list, export) -> tuple[pd.DataFrame, list]:
    """``tasks`` with each assignee spelt one way, and ``notes`` with the names merged (warned too)."""
    merged = one_spelling(tasks[S.ASSIGNEE]) if S.ASSIGNEE in tasks else {}
    if merged:  # one person, not one per spelling (each at a full week)
        said = spellings_text(merged)
        notes = notes + [f"people: names spelt several ways written once in people.csv ({said}); write them "
                         "the same way in the export, or validation warns (the forecasts read them as the "
                         "person)"]
        warn(f"{Path(export).name}: assignees spelt several ways, written once in people.csv: {said}",
             DataQualityWarning)
        tasks = tasks.assign(**{S.ASSIGNEE: tasks[S.ASSIGNEE].replace(merged)})
    return tasks, notes


def _warn_availability(export, people: pd.DataFrame, unknown: str | None) -> None:
    """Warn of the availabilities people.csv could not infer: a full week for everyone, or the team's median."""
    if unknown:
        warn(f"{Path(export).name}: {unknown}: people.csv gives everyone a full week ({DEFAULT_HOURS_PER_WEEK:g} h), "
             f"marked in its column '{AVAILABILITY_FROM}'; fill in each person's availability", DataQualityWarning)
    stand_in = people.loc[lambda p: p[AVAILABILITY_FROM] == AVAILABILITY_MEDIAN, S.PERSON]
    if len(stand_in):
        shown = id_list(stand_in, MAX_ROWS_IN_MESSAGE)
        # capacity is read from the actual hours of tasks finished: who finished tasks without hours logged is
        # in the list too (it said they "finished nothing"); with nobody's hours there is no median to give
        given = ("the team's median availability" if len(stand_in) < len(people)
                 else f"a full week ({DEFAULT_HOURS_PER_WEEK:g} h), as nobody's hours give a median")
        # "1 of 26 people have" and "1 of 1 people have": the verb agrees with who has none, one person is one
        who = ("the one person has" if len(people) == 1 else
               f"{len(stand_in):,} of {len(people):,} people {agree(len(stand_in), 'has', 'have')}")
        warn(f"{Path(export).name}: {who} no hours on tasks finished "
             f"in the last {CAPACITY_LOOKBACK_WEEKS} weeks ({shown}): people.csv gives them {given}, "
             f"marked in its column '{AVAILABILITY_FROM}'; check it",
             DataQualityWarning)


def _write_files(out: Path, manifest: dict, files: dict, map_given: bool) -> dict[str, str]:
    """Each of ``FILES`` written (text or a table) unless edited or a mapping given; returns each one's state
    (:attr:`InitResult.files`)."""
    from ..core.safe_files import atomic_path, atomic_write_text
    from ..core.workbook import write_csv

    states = {}
    for name in FILES:
        path = out / name
        if path.exists() and manifest.get(name) != _sha(path):
            states[name] = "kept (edited)"
            continue
        if name == "mapping.yaml" and map_given:  # the mapping given is the one to run the report with
            states[name] = "kept (--map given)" if path.exists() else "not written (--map given)"
            continue
        state = "updated" if path.exists() else "written"
        if isinstance(files[name], str):
            atomic_write_text(path, files[name])
        else:
            with atomic_path(path) as tmp:
                write_csv(tmp, files[name])
        manifest[name] = _sha(path)
        states[name] = state
    atomic_write_text(out / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return states
