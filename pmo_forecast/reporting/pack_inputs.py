"""The planning pack's inputs: its tables loaded, rewound to the as-of date, and what is assumed for lack of one.

:func:`load_inputs` is the first step of :func:`~pmo_forecast.reporting.export.export_planning_pack`:
it loads each table given (a template not filled in counts as not given), records each file's
checksum for the Inputs sheet, reads the scenario files, settles the as-of date, rewinds the tables
to it when asked (``rewind=True``), infers people from the assignees when there is no people table
and fills a request log's missing hands-on times. Whatever it infers or assumes goes to
``ctx.inferred`` and ``ctx.notes``, and from there to the Assumptions sheet (the keys of those also warned
to ``ctx.warned``).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import numpy as np
import pandas as pd

from ..core import aging
from ..core import schema as S
from ..core.as_of import (
    as_of_gap,
    far_dates,
    finishes_read_as_blank,
    infer_as_of,
    planned_ends,
    planned_starts,
    quiet_as_of,
    without_implausible_dates,
)
from ..core.checks import listed_refusals, refusals_listed, refuse
from ..core.exceptions import DataQualityWarning, warn
from ..core.keys import assignees_as_people, managers_as_people
from ..core.labels import agree, counted, id_list
from ..core.safe_files import sha256_file
from ..inputs.formats import SIP
from ..inputs.saved import FIRST_LOAD_NOTES, SHA256, notes_path
from ..inputs.sip_files import SIP_TASK_FILE, sip_files
from .committee_options import resolve_levels

#: Hands-on hours per request assumed when the request log has no ``touch_hours``.
ASSUMED_TOUCH_HOURS = 1.0
NO_PEOPLE_NOTE = ("no one's capacity is known, so finish dates come from each project's throughput (items "
                  "finished per week), effort still from the accuracy model; no utilisation or staffing scenario")
_FILTERS = {
    "tasks": "the rows read (rows left out, such as epics or summary rows, are said under tasks: in the "
             "Assumptions); finished tasks with estimate and actual > 0 fit the accuracy model, "
             "open and in-progress tasks are forecast, cancelled tasks count only as spent",
    "projects": "budget_hours and due for the projects forecast; active projects without open tasks included",
    "people": "hours_per_week x availability between start and end is each person's capacity",
    "requests": "requests started by the log's end give the observed waits; completed ones the touch time",
}
#: The Input files row of the SiP dataset's dates file, read beside its task file (:func:`~.formats.read_sip`).
_SIP_DATES = (f"each task's EstimateOn, StartedOn and CompletedOn, joined to {SIP_TASK_FILE} on TaskNumber: its "
              "created, started and finished dates")
#: The Input files row of a saved task table's sidecar (:func:`~pmo_forecast.save_tasks`), when its notes were read.
_SAVED_NOTES = ("what the saved table's first load found (save_tasks): the Assumptions' 'tasks: first load: ...' "
                "rows, and its columns' types")


def _loaders():
    from ..inputs.companions import load_people, load_projects, load_requests
    from ..inputs.io import load_tasks

    return {"tasks": load_tasks, "projects": load_projects, "people": load_people, "requests": load_requests}


def _source_row(name: str, source, rows, filters: str, sha256: str | None = None) -> dict:
    """The Input files row of ``source``: its SHA-256 as its load hashed it (``sha256``), else hashed now."""
    if isinstance(source, str | os.PathLike):
        p = Path(source)
        return {"input": name, "file": str(p), "sha256": sha256 or sha256_file(p), "bytes": p.stat().st_size,
                "rows": rows, "filters": filters}
    return {"input": name, "file": "(DataFrame passed in memory)", "sha256": "", "bytes": np.nan,
            "rows": rows, "filters": filters}


def load_inputs(ctx) -> None:
    """The pack's first step: its tables loaded into ``ctx.tables`` (rewound with ``ctx.rewind``), the
    as-of date settled, what is inferred or assumed for lack of a table recorded for Assumptions."""
    _load(ctx)
    resolve_levels(ctx)  # a roll-up column that is not there: said before the long steps


def _load(ctx) -> None:
    from ..inputs.mapping import Mapping

    mapping = Mapping.coerce(ctx.mapping)
    rows = _load_tables(ctx, mapping)
    rows += _load_scenarios(ctx)
    ctx.inputs = pd.DataFrame(rows).astype({"bytes": "Int64", "rows": "Int64"})  # counts, not 1026.0
    tasks = _settle_as_of(ctx)
    _one_project_hint(ctx, tasks, mapping)
    _people_and_spellings(ctx, tasks)
    if "requests" in ctx.tables:
        _fill_requests(ctx)


def _load_tables(ctx, mapping) -> list[dict]:
    """Each table given loaded into ``ctx.tables`` (a template not filled in counts as not given), its refusals
    listed apart; the Input files rows of the tables, a saved table's sidecar and the mapping file."""
    from ..inputs.mapping import GIVEN
    from ..inputs.sources import header_only

    loaders = _loaders()
    ctx.tables, rows = {}, []
    for name, src in ctx.sources.items():
        if src is None:
            continue
        if name != "tasks" and header_only(src):  # a template from pmo-forecast init, not filled in yet
            ctx.sources[name] = None
            ctx.inferred[f"{name} (empty)"] = f"{Path(src).name} has a header but no rows yet: treated as not given"
            continue
        # within refusals_listed (validate_inputs): the table's own, listed apart (the list of all says a message once:
        # one in another table's very words was that table's alone), then with the rest
        with refusals_listed() if listed_refusals() is not None else contextlib.nullcontext([]) as own:
            if name == "tasks":
                df = loaders[name](src, mapping=mapping, require_estimate=False, sheet=ctx.sheet)
            elif name == "projects":
                df = loaders[name](src, status_map=mapping.project_statuses or None)
            else:
                df = loaders[name](src)
        for error in own:
            refuse(error)
        ctx.tables[name] = df
        ctx.refused_by[name] = own
        if name == "tasks" and df.attrs["detected"].get("format") == SIP and isinstance(src, str | os.PathLike):
            # the folder given (or its task file) is two files read: each its own row, the dates' hashed too
            task_file, dates_file = sip_files(src)
            rows += [_source_row(name, task_file, len(df), _FILTERS[name]),
                     _source_row("tasks dates", dates_file, np.nan, _SIP_DATES)]
        else:
            rows.append(_source_row(name, src, len(df), _FILTERS[name], df.attrs.get(SHA256)))  # a saved table's
        if name == "tasks" and isinstance(src, str | os.PathLike) and FIRST_LOAD_NOTES in df.attrs["detected"]:
            # the sidecar changes the Assumptions and the columns' types: an input like the table
            rows.append(_source_row("tasks notes", notes_path(src), np.nan, _SAVED_NOTES))
    if mapping.file != GIVEN and Path(mapping.file).exists():
        rows.append(_source_row("mapping", mapping.file, np.nan, "how the task export is read"))
    return rows


def _load_scenarios(ctx) -> list[dict]:
    """The scenario files read into ``ctx.scenarios``, refused before the run when one named 'baseline' changes
    the plan or two share a name; their Input files rows."""
    ctx.scenarios, rows = [], []
    if not ctx.scenario_sources:
        return rows
    from ..scenarios.spec import BASELINE, Scenario

    for s in ctx.scenario_sources:
        sc = s if isinstance(s, Scenario) else Scenario.from_file(s)
        if sc.name == BASELINE.name and sc.replace(description=BASELINE.description) != BASELINE:
            raise ValueError(f"scenario {s if isinstance(s, Scenario) else str(s)!r} is named 'baseline' "
                             "but changes the plan; the baseline is the plan as it stands (the Projects "
                             "sheet): give this scenario another name")
        same = [src for src, other in zip(ctx.scenario_sources, ctx.scenarios, strict=False)
                if other.name == sc.name]
        if same:  # found before the run (it was after it), naming the files
            a, b = (str(x) if not isinstance(x, Scenario) else "a Scenario" for x in (same[0], s))
            raise ValueError(f"scenarios {a!r} and {b!r} are both named {sc.name!r}; the comparison "
                             "needs a name per scenario: change 'name:' in one of them")
        ctx.scenarios.append(sc)
        rows.append(_source_row(f"scenario {sc.name}", s, np.nan, "staffing scenario"))
    return rows


def _settle_as_of(ctx) -> pd.DataFrame:
    """``ctx.as_of`` settled (the caller's, else the latest date in the tasks), dates far beyond or before the rest
    of the data read as blank, the tables rewound to it and stale tasks closed when asked, a gap to the latest date
    warned; the task table as it then stands (``ctx.as_written["tasks"]``: with those dates as written)."""
    written = ctx.tables["tasks"]
    ctx.far_dates = far_dates(written)  # typo years left out of the as-of date (Assumptions says so)
    if ctx.as_of is None:
        latest = infer_as_of(written)  # warns once, naming the dates it left out
        ctx.planned_starts = planned_starts(written)  # said in Assumptions too
        ctx.planned_ends = planned_ends(written)
    else:  # the caller's date: the far dates only matter in Data quality
        latest = quiet_as_of(written)
        if pd.isna(latest):  # no dates at all: the caller's date is the only one
            latest = pd.Timestamp(ctx.as_of).normalize()
    ctx.as_of = pd.Timestamp(ctx.as_of).normalize() if ctx.as_of is not None else latest
    # validation lists such dates as errors, values not used as written: read as blank once here, before the rewind
    # (a 2204 finish had reopened its task on every earlier date), so every forecast, sheet and scenario reads the
    # same table (a 2204 finish had made its project late in the KPI trends)
    ctx.tables["tasks"] = tasks = read = without_implausible_dates(written)
    rewound = ctx.rewind and ctx.as_of < latest
    if ctx.rewind:
        _rewind(ctx, latest)
        tasks = ctx.tables["tasks"]
    if ctx.close_stale:
        ctx.tables["tasks"] = tasks = aging.close_stale(tasks, ctx.as_of, calendar=ctx.calendar)
    ctx.as_written = {"tasks": _dates_as_written(tasks, written, read,
                                                 ctx.as_of + pd.Timedelta(days=1) if rewound else None)}
    gap = as_of_gap(ctx.as_of, latest) if not ctx.rewind or ctx.as_of >= latest else None
    if gap:
        ctx.notes["as_of"] = gap
        ctx.warned.add("as_of")
        warn(f"{gap}.", DataQualityWarning)
    return tasks


def _dates_as_written(tasks: pd.DataFrame, written: pd.DataFrame, read: pd.DataFrame,
                      cut: pd.Timestamp | None) -> pd.DataFrame:
    """``tasks``, the pack's table (``read``: ``written`` with the dates far beyond or before the rest read as blank;
    then rewound, stale work closed), with those dates as ``written`` has them on the rows it keeps: validation checks
    the table as written, and lists them. Rewound (``cut``: the end of the as-of day), only those before the cut: a
    later date was not in the table then, as the rewind takes every later finish and start out."""
    if read is written:  # no such date
        return tasks
    back = {}
    for col in tasks.columns.intersection(written.columns):
        if not pd.api.types.is_datetime64_any_dtype(written[col]):  # the rule reads dates only
            continue
        was = written[col].reindex(tasks.index)
        blanked = (written[col].notna() & read[col].isna()).reindex(tasks.index, fill_value=False) & tasks[col].isna()
        if cut is not None:
            blanked &= was < cut
        if blanked.any():
            back[col] = tasks[col].mask(blanked, was)
    return tasks.assign(**back) if back else tasks


def _people_and_spellings(ctx, tasks: pd.DataFrame) -> None:
    """People inferred from the assignees when there is no people table; assignees and managers read as the people
    they name (``ctx.as_written`` keeps the tables as written)."""
    if "people" not in ctx.tables:  # capacity from what each assignee delivered
        from ..inputs.inferred_people import infer_people

        ctx.tables["people"], ctx.inferred["people"] = infer_people(tasks, ctx.as_of)
        if not len(ctx.tables["people"]):
            ctx.inferred["people"] = ("no assignees in the task export and no people table (--people): "
                                      f"{NO_PEOPLE_NOTE}")
    elif not len(ctx.tables["people"]):
        ctx.inferred["people"] = f"the people table (--people) is empty: {NO_PEOPLE_NOTE}"
    # assignees and managers spelt otherwise than the people table read as the person, once for every forecast,
    # sheet and scenario (the Assumptions say it: tasks: assignee spellings, projects: manager spellings);
    # validation checks the tables as written
    ctx.tables["tasks"] = assignees_as_people(tasks, ctx.tables["people"])
    if "projects" in ctx.tables and "people" not in ctx.inferred:  # PMs are none of the assignees inferred
        ctx.as_written["projects"] = ctx.tables["projects"]
        ctx.tables["projects"] = managers_as_people(ctx.tables["projects"], ctx.tables["people"])


def _rewind(ctx, latest: pd.Timestamp) -> None:
    """The tables as they stood at the end of ``as_of``; what changed is said in Assumptions."""
    from ..forecasting.rewind import finish_unknown, finish_unknown_said
    from ..pool.request_log import requests_as_of
    from .rewound_tables import tables_as_of

    tasks, requests = ctx.tables["tasks"], ctx.tables.get("requests")
    if ctx.as_of >= latest:
        said = f"the task table's latest date ({latest:%Y-%m-%d}) is not after as_of {ctx.as_of:%Y-%m-%d}"
        if requests is not None:  # the log may run later than the tasks: requests made after as_of are cut
            cut = requests_as_of(requests, ctx.as_of)
            if not cut.equals(requests):
                ctx.tables["requests"] = cut
                _rewound_rows(ctx, "requests", len(cut))
                ctx.notes["rewind"] = (f"{said}: the task table as given; the request log rewound to the end "
                                       f"of {ctx.as_of:%Y-%m-%d} ({len(requests) - len(cut):,} requests made "
                                       "later left out; waits and hands-on hours known by then only)")
                return
        ctx.notes["rewind"] = f"nothing to rewind: {said}"
        return
    rewound, rewound_requests = tables_as_of(tasks, requests, ctx.as_of)
    if rewound.empty:  # a pack of no work at all ("nothing to forecast"), looking like a real one
        from ..forecasting.rewind import known_since

        first = known_since(tasks).min()
        raise ValueError(f"as_of {ctx.as_of:%Y-%m-%d} is before the task table's first task (known from "
                         f"{first:%Y-%m-%d}): no work was in it then, so there is no pack to rewind to; give "
                         f"an as_of on or after {first:%Y-%m-%d} (on the command line: --as-of YYYY-MM-DD)")
    # done without a finish date and last dated before as_of: whether done by then is not known, left out
    left = finish_unknown(tasks, ctx.as_of) & ~tasks.index.isin(rewound.index)
    unknown, blanked = int(left.sum()), int((left & finishes_read_as_blank(tasks)).sum())
    was_done = tasks[S.STATUS].reindex(rewound.index).isin([S.DONE, S.CANCELLED]).to_numpy(bool)
    reopened = int(np.sum(was_done & ~rewound[S.STATUS].isin([S.DONE, S.CANCELLED]).to_numpy(bool)))
    # open with no created date: dated from its project's first date, which may be a planned start
    created = tasks[S.CREATED] if S.CREATED in tasks else pd.Series(pd.NaT, index=tasks.index)
    undatable = int((~tasks.index.isin(rewound.index) & tasks[S.STATUS].eq(S.OPEN).fillna(False).to_numpy(bool)
                     & created.isna().to_numpy(bool)).sum())
    said = [f"the task table rewound to the end of {ctx.as_of:%Y-%m-%d} (its latest date is {latest:%Y-%m-%d}): "
            f"{len(tasks) - len(rewound) - unknown:,} of {len(tasks):,} tasks created later left out"
            + (f" ({undatable:,} of them {agree(undatable, 'open task', 'open tasks')} with no created date, their "
               f"project's first date (a planned start included) after {ctx.as_of:%Y-%m-%d}: when they were "
               "added is not known)" if undatable else "")
            + f", {reopened:,} finished later reopened (their actual hours unknown then)"]
    # no finish date: cancelled before as_of or after it, there is no telling; kept as the export has them
    undated = int((rewound[S.STATUS].eq(S.CANCELLED).fillna(False) & rewound[S.FINISHED].isna()).sum())
    if undated:
        said[0] += (f", {counted(undated, 'cancelled task')} {agree(undated, 'carries', 'carry')} no date: kept as "
                    f"cancelled (cancelled after {ctx.as_of:%Y-%m-%d} or not, there is no telling)")
    if unknown:
        said[0] += ", " + finish_unknown_said(unknown, blanked=blanked)
    # unfinished now, unfinished then: a finish date on it is a planned end, kept as the loader keeps it
    ends = int((rewound[S.STATUS].isin(S.UNFINISHED_STATUSES).fillna(False) & rewound[S.FINISHED].notna()).sum())
    if ends:
        said[0] += (f", {counted(ends, 'finish date')} of work unfinished now kept as planned ends "
                    "(due dates, not finishes: the work was unfinished then too)")
    ctx.tables["tasks"] = rewound
    _rewound_rows(ctx, "tasks", len(rewound))
    if requests is not None:
        ctx.tables["requests"] = rewound_requests
        _rewound_rows(ctx, "requests", len(rewound_requests))
        said.append(f"the request log too ({len(requests) - len(rewound_requests):,} requests made later "
                    "left out; waits and hands-on hours known by then only)")
    projects = ctx.tables.get("projects")
    if projects is not None and S.STATUS in projects:
        running = set(rewound.loc[~rewound[S.STATUS].isin([S.DONE, S.CANCELLED]), S.PROJECT_ID])
        ended = projects[S.STATUS].isin(S.ENDED_PROJECT_STATUSES).fillna(False).to_numpy(bool)
        revived = ended & projects[S.PROJECT_ID].isin(running).to_numpy(bool)
        if revived.any():  # closed since: running on as_of, as its open work says
            ctx.tables["projects"] = projects.assign(**{S.STATUS: projects[S.STATUS].mask(revived, S.ACTIVE)})
            said.append(f"{_counted(revived)} closed or cancelled since, with work still open then, counted as "
                        f"active ({_some_ids(projects, revived)})")
        said += _rewind_not_started(ctx, rewound)
    said.append("budgets, due dates and the people table as given (a later re-baseline or staff change is not "
                "undone)")
    ctx.notes["rewind"] = "; ".join(said)


def _rewound_rows(ctx, name: str, n: int) -> None:
    """The Inputs sheet's count of a rewound table: its rows on ``as_of``, as every other sheet counts them,
    the rows read from the file said beside it."""
    at = (ctx.inputs["input"] == name).to_numpy(bool)
    read = int(ctx.inputs.loc[at, "rows"].iat[0])
    ctx.inputs.loc[at, "filters"] = (f"rewound to the end of {ctx.as_of:%Y-%m-%d}: {n:,} of the {read:,} rows "
                                     f"read; {ctx.inputs.loc[at, 'filters'].iat[0]}")
    ctx.inputs.loc[at, "rows"] = n


def _rewind_not_started(ctx, rewound) -> list[str]:
    """Projects starting after ``as_of`` with no task by then: not started yet, as a project the sample or a
    scenario starts later is (status proposed), rather than an active project with no task (a data problem); one cancelled now stays cancelled, said too."""
    projects = ctx.tables["projects"]
    if S.START not in projects:
        return []
    later = (pd.to_datetime(projects[S.START]).dt.normalize() > ctx.as_of).fillna(False).to_numpy(bool)
    # closed since, too: it cannot have been closed before it started; cancelled may have been, so it stays
    under_way = projects[S.STATUS].isin([S.ACTIVE, S.CLOSED]).fillna(False).to_numpy(bool)
    taskless = later & ~projects[S.PROJECT_ID].isin(rewound[S.PROJECT_ID]).to_numpy(bool)
    waiting = taskless & under_way
    kept = taskless & projects[S.STATUS].eq(S.CANCELLED).fillna(False).to_numpy(bool)
    said = []
    if waiting.any():
        ctx.tables["projects"] = projects.assign(**{S.STATUS: projects[S.STATUS].mask(waiting, S.PROPOSED)})
        said.append(f"{_counted(waiting)} starting after {ctx.as_of:%Y-%m-%d}, with no task by then, "
                    f"counted as not started yet (status {S.PROPOSED}: no forecast, and no data problem) "
                    f"({_some_ids(projects, waiting)})")
    if kept.any():
        said.append(f"{_counted(kept)} starting after {ctx.as_of:%Y-%m-%d}, with no task by then, and "
                    f"{S.CANCELLED} now kept as {S.CANCELLED} (it may have been called off before it started: "
                    f"there is no telling) ({_some_ids(projects, kept)})")
    return said


def _counted(rows) -> str:
    """'1 project' or 'n projects': as many as ``rows`` marks."""
    return counted(int(np.sum(rows)), "project")


def _some_ids(projects, rows) -> str:
    """The first five ids of the projects at ``rows``, and how many more there are."""
    return id_list(projects.loc[rows, S.PROJECT_ID], 5)


def _one_project_hint(ctx, tasks, mapping) -> None:
    """All the work in one tracker project while the export has epics or parents: say how to split it."""
    from ..inputs.detected_mapping import PROJECT_CANDIDATES
    from ..inputs.headers import find_column

    if mapping.project or tasks[S.PROJECT_ID].nunique() != 1:
        return
    fmt = tasks.attrs.get("detected", {}).get("format", "")
    found = [c for n in PROJECT_CANDIDATES.get(fmt, ()) if (c := find_column(tasks.columns, n)) is not None
             and tasks[c].notna().any()]
    if found:
        msg = (f"every task is in one project, '{tasks[S.PROJECT_ID].iloc[0]}'; the export also has "
               f"'{found[0]}': to make those the projects, pass --project-field '{found[0]}' (or run "
               "pmo-forecast init and --map mapping.yaml)")
        warn(msg, DataQualityWarning)
        ctx.inferred["one project"] = msg
        ctx.warned.add("one project")


def _fill_requests(ctx) -> None:
    """A log with only requested and done: hands-on time assumed one hour, stated."""
    req = ctx.tables["requests"]
    said = []
    zero = (req[S.TOUCH_HOURS] == 0).to_numpy(dtype=bool, na_value=False) if S.TOUCH_HOURS in req else []
    if np.any(zero):  # an approval is never no work at all: hands-on time not logged
        req = req.assign(**{S.TOUCH_HOURS: req[S.TOUCH_HOURS].mask(zero)})
        said.append(f"{int(np.sum(zero)):,} of {len(req):,} requests with 0 touch_hours taken as not logged (left "
                    "out of the hands-on time per request)")
    if S.TOUCH_HOURS not in req or req[S.TOUCH_HOURS].isna().all():
        req = req.copy()
        req[S.TOUCH_HOURS] = ASSUMED_TOUCH_HOURS
        said.append(f"the request log has no touch_hours{' above 0' if np.any(zero) else ''}: hands-on time "
                    "per request assumed "
                    f"{ASSUMED_TOUCH_HOURS:g} h (the queue's utilisation scales with it)")
    if S.STARTED not in req or req[S.STARTED].isna().all():
        req = req.copy()
        # work taken in one sitting just before it was done: the rest of the time is waiting
        start = req[S.DONE_AT] - pd.to_timedelta(req[S.TOUCH_HOURS].fillna(ASSUMED_TOUCH_HOURS), unit="h")
        req[S.STARTED] = start.where(start > req[S.REQUESTED], req[S.REQUESTED])
        said.append("the request log has no started times: each request is taken as handled in one sitting "
                    "of its hands-on time just before done, the rest of requested -> done counted as waiting "
                    "(PM availability for requests then reads as 100% of the time in service)")
    if said:
        ctx.tables["requests"] = req
        ctx.inferred["requests"] = "; ".join(said)
