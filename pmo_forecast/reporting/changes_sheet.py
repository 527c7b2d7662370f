"""The committee pack's What changed sheet: this pack against the previous meeting's, from the forecast history.

Each pack run is recorded in the history file (:func:`record_run`: the project table with its scope,
:func:`history_table`); :func:`changes_sheet` compares this run with the last one before its forecast date
(finish dates moved, chances late and over budget, scope added: :mod:`~pmo_forecast.reporting.pack_comparison`),
shows how earlier forecasts held and the milestone trend. What the key messages read is kept on the context
(``ctx.changes``, ``ctx.previous_as_of``, ``ctx.held``; the checks in ``ctx.notes["history"]``).
:func:`~.committee_pack.committee_sheets` adds the sheet to the pack, with the history file of the committee
options.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.exceptions import DataQualityWarning, warn
from ..core.labels import agree, counted, id_list
from ..core.workbook import POINTS, Block, Sheet


def history_table(ctx, projects: pd.DataFrame) -> pd.DataFrame:
    """This run's project table with the scope (hours estimated, cancelled work left out)."""
    tasks = ctx.tables["tasks"]
    if S.ESTIMATE not in tasks:
        return projects.assign(scope_hours=np.nan)
    live = tasks[tasks[S.STATUS] != S.CANCELLED]
    scope = live[S.ESTIMATE].groupby(live[S.PROJECT_ID]).sum()
    out = projects.assign(scope_hours=projects["project_id"].map(scope).to_numpy(float))
    given = ctx.tables.get("projects")
    if given is not None and S.STATUS in given and S.STATUS not in out:  # the project's own status, recorded
        status = given.drop_duplicates(S.PROJECT_ID).set_index(S.PROJECT_ID)[S.STATUS]
        out[S.STATUS] = out["project_id"].astype(str).map(status.rename(index=str)).to_numpy()
    return out


def record_run(ctx, history) -> None:
    """Record this run in the history file ``history`` (a :class:`~.history.ForecastHistory`, one transaction);
    nothing when the pack has none (None)."""
    from .. import __version__

    if history is None:
        return
    history.record(history_table(ctx, ctx.project_table), as_of=ctx.as_of, exported_at=ctx.export_time,
                   n_trials=ctx.n_trials, seed=ctx.seed, version=__version__, inputs=ctx.inputs)


def projects_gone(gone: pd.DataFrame) -> str:
    """The check naming the projects of the last pack (``gone``: rows of the changes with ``project_id`` and,
    if known, ``name``) in neither the tasks nor the projects table now: the first ten, and how many more.

    >>> projects_gone(pd.DataFrame({"project_id": ["P1", "P2"], "name": ["Harbour", None]}))
    '2 projects of the last pack (P1 (Harbour), P2) are in neither the tasks nor the projects table: removed from \
the export? (not counted as finished or closed)'
    """
    named = gone[S.NAME].fillna(gone[S.PROJECT_ID]) if S.NAME in gone else gone[S.PROJECT_ID]
    ids = id_list(f"{i} ({n})" if n != i else str(i) for i, n in zip(gone[S.PROJECT_ID], named, strict=True))
    return (f"{counted(len(gone), 'project')} of the last pack ({ids}) {agree(len(gone), 'is', 'are')} in neither "
            "the tasks nor the projects table: removed from the export? (not counted as finished or closed)")


def changes_sheet(ctx, projects: pd.DataFrame, history) -> Sheet:
    """What changed since the last pack, how earlier forecasts held, and the milestone trend, from the
    history file ``history`` (a :class:`~.history.ForecastHistory`)."""
    from .outcomes import project_outcomes

    current = history_table(ctx, projects)
    prev = history.previous(ctx.as_of)
    ctx.previous_as_of = history.previous_run(ctx.as_of)  # a last pack with no open project included
    _what_changed(ctx, history, prev, current)
    outcomes = project_outcomes(ctx.tables["tasks"], ctx.tables.get("projects"))
    ctx.held = history.how_forecasts_held(outcomes, ctx.as_of)
    milestones = history.milestones(current, ctx.as_of, "p80")
    fmt = {"finish_p80_moved_days": "int", "prob_late_change": POINTS, "prob_overrun_change": POINTS,
           "scope_added_hours": "hours"}
    later = history.later_runs(ctx.as_of)
    _history_caveats(ctx, history, prev, current, later)
    title, since = _since_title_and_note(ctx, history, prev, later)
    blocks = [Block("what-changed", title, ctx.changes, formats=fmt, note=since),
              Block("forecasts-held", "How earlier forecasts held: projects finished since they were forecast",
                    ctx.held, note="Share of the earlier packs' forecasts whose finish date the project met; "
                                   "calibrated forecasts meet the 50% date half the time, the 80% date four "
                                   "times in five.")]
    charts = []
    if len(milestones):
        trend, charts = _milestone_trend(milestones, current)
        blocks.append(trend)
    check = f" Check: {ctx.notes['history']}." if ctx.notes["history"] else ""
    return Sheet("What changed", "What changed since the last pack", blocks, charts=charts, labels=True,
                 note=f"History file: {history.path.name}. Each pack run records its forecast there (one row per "
                      f"project and run); reruns on the same forecast date replace that date's record.{check}")


def _what_changed(ctx, history, prev: pd.DataFrame, current: pd.DataFrame) -> None:
    """``ctx.changes``: what changed since the last pack, for the projects the tasks or projects table know, by name
    when the projects have one."""
    given = ctx.tables.get("projects")
    known = set(ctx.tables["tasks"][S.PROJECT_ID].dropna().astype(str))
    known |= set() if given is None else set(given[S.PROJECT_ID].dropna().astype(str))
    ctx.changes = history.what_changed(current, ctx.as_of, calendar=ctx.calendar, known=known)
    if S.NAME in current:  # the committee knows projects by name (closed ones: the last pack's)
        names = pd.concat([d for d in (prev, current) if len(d)] or [current]).drop_duplicates(
            S.PROJECT_ID, keep="last").set_index(S.PROJECT_ID)[S.NAME]
        ctx.changes.insert(1, S.NAME, ctx.changes[S.PROJECT_ID].map(names.rename(index=str)).to_numpy())


def _history_caveats(ctx, history, prev: pd.DataFrame, current: pd.DataFrame, later: pd.DataFrame) -> None:
    """What the comparison with the history leaves out or cannot compare, warned and kept in
    ``ctx.notes["history"]``: later runs, other data, baselines not compared, projects gone from the data."""
    from .pack_comparison import GONE_FROM_DATA, baselines_not_compared, other_data

    checks = [] if later.empty else [
        f"the history file {history.path.name} holds {counted(len(later), 'run')} for later forecast dates (latest "
        f"{later['as_of'].max():%Y-%m-%d}) than this pack's {ctx.as_of:%Y-%m-%d}: they are left out of what changed "
        "and the milestone trend"]
    if other := other_data(prev, current, ctx.tables.get("projects")):
        checks.append(other)
    if lost := baselines_not_compared(prev, current):
        checks.append(lost)
    gone = ctx.changes.loc[ctx.changes["change"] == GONE_FROM_DATA]
    if len(gone):  # not closed: nothing says so, and the key message had counted them as finished
        checks.append(projects_gone(gone))
    for c in checks:
        warn(f"forecast history: {c}", DataQualityWarning)
    ctx.notes["history"] = "; ".join(checks)


def _since_title_and_note(ctx, history, prev: pd.DataFrame, later: pd.DataFrame) -> tuple[str, str]:
    """The what-changed table's title and note: the last pack's date and how to read the changes, or why there is
    nothing to compare with."""
    title = "Since the last pack"
    if ctx.previous_as_of is None and len(later):  # a pack for an earlier date: not the first run, nor the last
        since = (f"No run in the history file {history.path.name} before this forecast date "
                 f"({ctx.as_of:%Y-%m-%d}): nothing to compare with; its {counted(len(later), 'later run')} "
                 f"{agree(len(later), 'is', 'are')} left out.")
    elif ctx.previous_as_of is None:
        since = (f"No earlier pack in the history file {history.path.name} before this forecast date: this is the "
                 "first run; the next pack will show what changed.")
    else:
        since = ("The last pack had no open project: every project open now is new since. " if prev.empty else
                 "") + ("Finish moved: working days between the two 80%-sure dates (positive = later); one moved "
                        "past the horizon has no date, so no number: flagged, and said with the date it comes "
                        "after. Chances late and over budget: change in percentage points. Scope added: hours of "
                        "estimates added since.")
        title = f"Since the last pack (forecast date {ctx.previous_as_of:%Y-%m-%d})"
    return title, since


def _milestone_trend(milestones: pd.DataFrame, current: pd.DataFrame) -> tuple[Block, list]:
    """The milestone trend block (every open project's 80%-sure finish date at each pack) and its chart, when
    there is more than one pack."""
    # every open project, in the Projects sheet's order: one beyond the horizon at every pack has no date
    # to pivot, and had no column while the note said it was blank in the last row
    open_now = list(dict.fromkeys(current["project_id"].astype(str)))
    wide = milestones.reindex(columns=open_now).rename_axis("as_of").reset_index()
    dated = [p for p in open_now if wide[p].notna().any()]
    after = current.set_index("project_id")["finish_p80_after"].dropna() if "finish_p80_after" in current \
        else pd.Series(dtype=object)
    beyond = "" if after.empty else (" Now beyond the horizon, so blank in the last row: " + ", ".join(
        f"{p} (after {d:%Y-%m-%d})" for p, d in after.items()) + ".")
    trend = Block("milestone-trend", "Milestone trend: finish date 80% sure as forecast at each pack",
                  wide, formats=dict.fromkeys(open_now, "date"),
                  note="A flat line is a steady forecast; a line rising as fast as time passes is a "
                       "project whose finish slips with every meeting." + beyond)
    charts = []
    if len(wide) > 1:
        charts.append(("lines", "milestone-trend", {
            "columns": dated[:12], "title": "Milestone trend: finish date 80% sure", "y_format": "yyyy-mm-dd",
            "y_min": None, "x_name": "forecast date (pack)", "x_date": True, "below": True, "width": 760,
            "height": 360}))
    return trend, charts
