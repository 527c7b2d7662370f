"""Comparing packs: this pack's forecasts against the last pack's, and earlier forecasts against what happened.

:func:`what_changed` says, per project, what changed since the last pack (P80 finish moved by N working
days, chance late or over budget up or down, scope added, due date or budget re-baselined);
:func:`other_data` and :func:`baselines_not_compared` say when the last pack cannot be compared as it is
(a history file of other data, goals this pack lacks); :func:`forecasts_held` scores the earlier
forecasts of projects finished since (the tool's calibration in the field). The forecasts compared are
read from the store (:class:`~pmo_forecast.reporting.history.ForecastHistory`); the sheet that shows the
comparison is :mod:`~pmo_forecast.reporting.changes_sheet`.
"""

from __future__ import annotations

from functools import partial

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.calendar import WorkingCalendar
from ..core.labels import agree, counted
from ..core.results import fixed, part_percent, shown_change

#: Changes smaller than these are "no change" in the text of the What changed table.
MOVE_DAYS, PROB_POINTS, SCOPE_HOURS = 1, 0.05, 1.0
#: The What changed text of a project open in one pack only (the key message counts them by it): closed or
#: finished (still in the data), gone from the data (in neither the tasks nor the projects table), or new.
CLOSED_SINCE = "finished or closed since the last pack"
GONE_FROM_DATA = "no longer in the data (removed from the export?)"
NEW_SINCE = "new since the last pack"


def what_changed(previous: pd.DataFrame, current: pd.DataFrame, *, calendar=None, known=None) -> pd.DataFrame:
    """Per project: P80 finish moved (working days), chances late and over budget up or down, scope added,
    re-baselining.

    Parameters
    ----------
    previous : DataFrame or None
        The last pack's project forecasts (:meth:`~pmo_forecast.reporting.history.ForecastHistory.previous`): no rows when it had no open
        project (every project here is then new since). None, or a table without ``project_id`` (what
        :meth:`~pmo_forecast.reporting.history.ForecastHistory.previous` gives when there is no last pack): nothing to compare, no rows.
    current : DataFrame
        This pack's project table (``project_id``, ``finish_p80``, ``prob_late``, ``prob_overrun``,
        ``effort_p80_hours``, ``scope_hours``, ``due``, ``budget_hours``).
    calendar : None, WorkingCalendar, list of holidays or dict
        The pack's working days (its ``--holidays``): the P80 finish moves are counted on them,
        as the finish dates were.
    known : iterable of project ids, optional
        The projects in this pack's data (its tasks and projects table, open or not): a project of the
        last pack among neither reads :data:`GONE_FROM_DATA`. Without it, every project only in the last
        pack reads :data:`CLOSED_SINCE` (the two are not told apart).

    Returns
    -------
    DataFrame
        One row per project open in either pack, with ``change`` in words. Projects only
        in the last pack are :data:`CLOSED_SINCE` (still in the data) or :data:`GONE_FROM_DATA`;
        only in this one :data:`NEW_SINCE`; one whose tasks were all cancelled since (blank ``scope_hours``
        now) "every task cancelled". ``finish_p80_past_horizon``: the P80 finish had a date at the
        last pack and is now beyond the horizon (``finish_p80_moved_days`` blank: no date, no number
        of days), said in ``change`` with the date it comes after, as is one back within the horizon.
        ``rebaselined``: its due date or budget changed between the packs, said in ``change``
        beside the chances (a moved goalpost is not an improvement). A chance unknown at the last pack because
        the project had no due date (budget) then, and known now, is said with the goal it is against
        ("chance late now known: 38%, against the new due date").
        ``prob_late_change`` and ``prob_overrun_change``: the points between the two percents as
        shown, as ``change`` counts them.
    """
    cols = ["project_id", "finish_p80_before", "finish_p80_now", "finish_p80_moved_days", "finish_p80_past_horizon",
            "prob_late_before", "prob_late_now", "prob_late_change", "prob_overrun_before", "prob_overrun_now",
            "prob_overrun_change",
            "effort_p80_before", "effort_p80_now", "scope_added_hours",
            "rebaselined", "change"]
    if previous is None or S.PROJECT_ID not in previous:
        return pd.DataFrame(columns=cols)
    prev = previous.set_index(previous[S.PROJECT_ID].astype(str))
    cur = current.set_index(current[S.PROJECT_ID].astype(str))
    out = _before_and_now(prev, cur)
    out["finish_p80_moved_days"] = _p80_moved_days(out, calendar)
    # a finish beyond the horizon has no date (NaT), only one it comes after: no number of days, said in words
    out["finish_p80_past_horizon"] = out["finish_p80_before"].notna() & out["after_now"].notna()
    for key in ("late", "overrun"):  # the points between the two percents as shown (10% -> 21% is 11 points,
        # whatever the decimals): the cell and the words agree (4.49% -> 10.51% had read 6% beside "up 7 points")
        out[f"prob_{key}_change"] = shown_change(out[f"prob_{key}_before"].to_numpy(float),
                                                 out[f"prob_{key}_now"].to_numpy(float), 2)
    moves = _baseline_moves(prev, cur, list(out["project_id"]))
    out["rebaselined"] = [bool(m) for m in moves]
    out["change"] = _changes_in_words(out, prev, cur, moves, known)
    return out[cols]


def _column(df: pd.DataFrame, col: str, ids: list) -> pd.Series:
    """``df[col]`` for the projects ``ids``: blank for one ``df`` lacks, all blank without the column."""
    return df[col].reindex(ids) if col in df else pd.Series(np.nan, index=ids)


def _before_and_now(prev: pd.DataFrame, cur: pd.DataFrame) -> pd.DataFrame:
    """One row per project open in either pack (this pack's first, then those only in the last): its forecasts,
    scope, goals and the dates a finish beyond the horizon comes after, in both packs, and ``all_cancelled``."""
    ids = list(cur.index) + [p for p in prev.index if p not in cur.index]
    before, now = partial(_column, prev, ids=ids), partial(_column, cur, ids=ids)
    scope_now, cancelled = _scope_now(cur, ids)
    out = pd.DataFrame({
        "project_id": ids,
        "finish_p80_before": pd.to_datetime(before("finish_p80")).to_numpy(),
        "finish_p80_now": pd.to_datetime(now("finish_p80")).to_numpy(),
        "prob_late_before": before("prob_late").to_numpy(float),
        "prob_late_now": now("prob_late").to_numpy(float),
        "prob_overrun_before": before("prob_overrun").to_numpy(float),
        "prob_overrun_now": now("prob_overrun").to_numpy(float),
        "effort_p80_before": before("effort_p80_hours").to_numpy(float),
        "effort_p80_now": now("effort_p80_hours").to_numpy(float),
        "scope_added_hours": (scope_now - before("scope_hours")).to_numpy(float),
    })
    out["all_cancelled"] = cancelled.to_numpy() & (before("scope_hours") > 0).to_numpy()
    # each project's goals in both packs: a chance unknown at the last pack (no due date or budget then) and known
    # now is said, with the goal it is against (it had read "no material change")
    for when, get in (("before", before), ("now", now)):
        out[f"due_{when}"] = pd.to_datetime(get(S.DUE)).to_numpy()
        out[f"budget_{when}"] = pd.to_numeric(get(S.BUDGET), errors="coerce").to_numpy(float)
    for when, get in (("before", before), ("now", now)):
        out[f"after_{when}"] = pd.to_datetime(get("finish_p80_after")).to_numpy()
    return out


def _scope_now(cur: pd.DataFrame, ids: list) -> tuple[pd.Series, pd.Series]:
    """This pack's scope of the projects ``ids``, and which of this pack's projects have every task cancelled.

    A blank scope in this pack is no task left that is not cancelled
    (:func:`~pmo_forecast.reporting.history.forecast_table` sums the others), so no scope, not an unknown one
    (its tasks all cancelled since the last pack read "no material change").
    """
    scope_now = _column(cur, "scope_hours", ids)
    cancelled = scope_now.isna() & scope_now.index.isin(cur.index) & ("scope_hours" in cur)
    return scope_now.mask(cancelled, 0.0), cancelled


def _p80_moved_days(out: pd.DataFrame, calendar) -> np.ndarray:
    """The working days the P80 finish moved between the packs (on the pack's ``calendar``); blank without a
    date in both."""
    both = out["finish_p80_before"].notna() & out["finish_p80_now"].notna()
    moved = np.full(len(out), np.nan)
    if both.any():
        a = out.loc[both, "finish_p80_before"].to_numpy("datetime64[D]")
        b = out.loc[both, "finish_p80_now"].to_numpy("datetime64[D]")
        moved[both.to_numpy()] = WorkingCalendar.coerce(calendar).days_between(a, b)
    return moved


def _changes_in_words(out: pd.DataFrame, prev: pd.DataFrame, cur: pd.DataFrame, moves: list[str], known) -> list[str]:
    """Each project's ``change``: what moved (:func:`_words`, with its baseline ``moves``), or that it is new,
    closed since, or gone from the data (not among ``known``, when given)."""
    kept = None if known is None else {str(k) for k in known}
    return [GONE_FROM_DATA if p not in cur.index and kept is not None and p not in kept
            else _words(r, p in cur.index, p in prev.index, m)
            for p, r, m in zip(out["project_id"], out.to_dict("records"), moves, strict=True)]


def _baseline_moves(prev: pd.DataFrame, cur: pd.DataFrame, ids: list) -> list[str]:
    """Per project, its due date and budget moves between the two packs in words ("" when neither moved).

    A column the last pack did not record (a history of an earlier layout: all blank there) is not compared,
    nor one this pack has for no project (run without the projects table: see :func:`baselines_not_compared`),
    nor a project in one pack only (a new project's due date had read as "set", a closed one's as "removed").
    """
    def col(df, c):
        return df[c].reindex(ids).where(both) if c in df else pd.Series(np.nan, index=ids)

    both = pd.Series([p in prev.index and p in cur.index for p in ids], index=ids)
    words = [[] for _ in ids]
    a, b = (pd.to_datetime(col(df, S.DUE)).dt.normalize() for df in (prev, cur))
    if a.notna().any() and b.notna().any():
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            if not (x == y or (pd.isna(x) and pd.isna(y))):
                words[i].append(f"due date {y:%Y-%m-%d} set" if pd.isna(x) else f"due date {x:%Y-%m-%d} removed"
                                if pd.isna(y) else f"due moved from {x:%Y-%m-%d} to {y:%Y-%m-%d}")
    a, b = (col(df, S.BUDGET).to_numpy(float) for df in (prev, cur))
    if (~np.isnan(a)).any() and (~np.isnan(b)).any():
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            if np.isnan(x) != np.isnan(y) or abs(y - x) >= SCOPE_HOURS:
                words[i].append(f"budget of {fixed(y)} h set" if np.isnan(x) else f"budget of {fixed(x)} h removed"
                                if np.isnan(y) else f"budget {'raised' if y > x else 'cut'} from {fixed(x)} to "
                                f"{fixed(y)} h")
    return [" and ".join(w) + " (re-baselined)" if w else "" for w in words]


def baselines_not_compared(previous: pd.DataFrame, current: pd.DataFrame) -> str:
    """The due dates and budgets the last pack had and this one has for no project ("" when none): their changes
    are not compared (every project had read "due date removed and budget removed (re-baselined)")."""
    if previous is None or previous.empty:
        return ""
    lost = [what for col, what in ((S.DUE, "due dates"), (S.BUDGET, "budgets"))
            if col in previous and previous[col].notna().any() and (col not in current or current[col].isna().all())]
    if not lost:
        return ""
    return (f"the last pack had {' and '.join(lost)}, this one has none (run without the projects table, or a "
            "column missing from it?): their changes are not compared")


def other_data(previous: pd.DataFrame, current: pd.DataFrame, projects: pd.DataFrame | None = None) -> str:
    """Why the last pack looks like another organisation's ("" when it does not): half or more of the
    projects known to both named differently (at least four compared, else most), or none of this
    pack's projects known to the last one. ``projects`` (this pack's projects table) adds the projects
    finished since the last pack to those compared (only the open ones were: a last pack whose projects
    had all closed since read as other data)."""
    if previous is None or previous.empty or current.empty:
        return ""
    prev, cur = (df.assign(**{S.PROJECT_ID: df[S.PROJECT_ID].astype(str)}).drop_duplicates(S.PROJECT_ID)
                 .set_index(S.PROJECT_ID) for df in (previous, current))
    n_open = len(cur)
    if projects is not None:  # the last pack's projects closed since are this data's too (a quarter's turnover)
        known = (projects.assign(**{S.PROJECT_ID: projects[S.PROJECT_ID].astype(str)})
                 .drop_duplicates(S.PROJECT_ID).set_index(S.PROJECT_ID))
        named = [S.NAME] if S.NAME in cur else []
        cur = pd.concat([cur[named], known.loc[known.index.difference(cur.index)].reindex(columns=named)])
    shared = prev.index.intersection(cur.index)
    if not len(shared):
        # "none of the 1 projects ... among the 1 of the last one" read as two mistakes
        ours = ("the one project of this pack is not" if n_open == 1
                else f"none of the {counted(n_open, 'project')} of this pack is")
        theirs = "the one project of the last one" if len(prev) == 1 else f"among the {len(prev):,} of the last one"
        return f"{ours} {theirs}: a history file of other data? (what changed then compares nothing)"
    if S.NAME in prev and S.NAME in cur:
        a, b = prev.loc[shared, S.NAME], cur.loc[shared, S.NAME]
        both = a.notna().to_numpy() & b.notna().to_numpy()
        renamed = both & (a.astype(str).to_numpy() != b.astype(str).to_numpy())
        n, k = int(both.sum()), int(renamed.sum())
        if n and (k > n / 2 or (n >= 4 and 2 * k >= n)):
            # not "1 of the 1" nor "2 of the 2"
            which = ("the one project" if n == 1 else f"each of the {n:,} projects" if k == n
                     else f"{k} of the {counted(n, 'project')}")
            verb = "has" if k == n else agree(k, "has", "have")
            return (f"{which} in both this pack and the last {verb} another name in the history "
                    "file: a history file of other data?")
    return ""


def _words(r: dict, now: bool, before: bool, baseline: str = "") -> str:
    if not now:
        return CLOSED_SINCE
    if not before:
        return NEW_SINCE
    parts = []
    d = r["finish_p80_moved_days"]
    if not np.isnan(d) and abs(d) >= MOVE_DAYS:
        parts.append(f"finish (80% sure) {counted(abs(int(d)), 'working day')} "
                     f"{'later' if d > 0 else 'earlier'}")
    elif r["finish_p80_past_horizon"]:
        parts.append(f"finish (80% sure) moved past the horizon (after {r['after_now']:%Y-%m-%d})")
    elif pd.notna(r["after_before"]) and pd.notna(r["finish_p80_now"]):  # whether earlier or later is not known
        parts.append(f"finish (80% sure) back within the horizon (after {r['after_before']:%Y-%m-%d} at the last "
                     "pack)")
    if baseline:  # beside the chances it moves: a later due date is not the project doing better
        parts.append(baseline)
    if r["all_cancelled"]:  # no finish, no chances: the cancelling says it all
        return f"every task cancelled ({fixed(abs(r['scope_added_hours']))} h of scope)"
    for key, what, goal in (("late", "late", "due"), ("overrun", "over budget", "budget")):
        c = r[f"prob_{key}_change"]
        against = f", against the new {goal}{' date' if goal == 'due' else ''}" if goal in baseline else ""
        if not np.isnan(c) and abs(c) >= PROB_POINTS:
            parts.append(f"chance {what} {'up' if c > 0 else 'down'} {fixed(abs(c) * 100)} points to "
                         f"{part_percent(r[f'prob_{key}_now'])}{against}")
        elif np.isnan(r[f"prob_{key}_before"]) and not np.isnan(r[f"prob_{key}_now"]) \
                and pd.isna(r[f"{goal}_before"]) and pd.notna(r[f"{goal}_now"]):
            # no due date (budget) at the last pack, so no chance of missing it; one now. A chance the last pack
            # did not record while it had the goal (a history of an earlier layout) is not compared
            target = f"due {r['due_now']:%Y-%m-%d}" if goal == "due" else f"budget {fixed(r['budget_now'])} h"
            parts.append(f"chance {what} now known: {part_percent(r[f'prob_{key}_now'])}"
                         + (against or f" ({target}; none at the last pack)"))
    s = r["scope_added_hours"]
    if not np.isnan(s) and abs(s) >= SCOPE_HOURS:
        parts.append(f"{fixed(abs(s))} h of scope {'added' if s > 0 else 'removed'}")
    return "; ".join(parts) or "no material change"


def forecasts_held(forecasts: pd.DataFrame, outcomes: pd.DataFrame) -> pd.DataFrame:
    """How earlier finish forecasts of projects finished since held (calibration in the field).

    Parameters
    ----------
    forecasts : DataFrame
        Recorded forecasts (:meth:`~pmo_forecast.reporting.history.ForecastHistory.forecasts`).
    outcomes : DataFrame
        Per project, ``completed`` and ``finished`` (see :func:`pmo_forecast.reporting.outcomes.project_outcomes`).

    Returns
    -------
    DataFrame
        One row per finished project that had a recorded forecast: ``finished``, the number of
        earlier ``forecasts``, and the share of them whose P50/P80/P90 finish date it met
        (``share_by_p50`` ...), plus a last row ``all projects`` over every (project, run) pair.
        Calibrated forecasts meet their P50 half the time, their P80 four times in five. A date the
        forecast could not give (beyond the horizon, or never) is met by a project that finished.
    """
    cols = ["project_id", "finished", "forecasts", "share_by_p50", "share_by_p80", "share_by_p90"]
    if forecasts is None or forecasts.empty:
        return pd.DataFrame(columns=cols)
    done = outcomes[outcomes["completed"] & outcomes["finished"].notna()]
    # a forecast with a date (its P50 dated, its P80 "never": the person leaves first in over a fifth of the trials),
    # or a P80 only known to come after the horizon; a run without finish dates has neither
    after = forecasts["finish_p80_after"] if "finish_p80_after" in forecasts else pd.Series(pd.NaT, forecasts.index)
    dated = forecasts.reindex(columns=["finish_p50", "finish_p80", "finish_p90"]).notna().any(axis=1) | after.notna()
    f = forecasts[forecasts[S.PROJECT_ID].isin(done.index.astype(str)) & dated].copy()
    if f.empty:
        return pd.DataFrame(columns=cols)
    fin = done["finished"].copy()
    fin.index = fin.index.astype(str)
    f["finished"] = f[S.PROJECT_ID].map(fin).dt.normalize()
    f = f[f["finished"] > f["as_of"]]  # forecasts made while the project was still running
    for q in ("p50", "p80", "p90"):
        # a quantile without a date is beyond the horizon (or never): a project that finished met it
        f[f"by_{q}"] = ((f["finished"] <= f[f"finish_{q}"]) | f[f"finish_{q}"].isna()).astype(float)
    g = f.groupby(S.PROJECT_ID, sort=True)
    out = pd.DataFrame({"finished": g["finished"].first(), "forecasts": g.size(),
                        **{f"share_by_{q}": g[f"by_{q}"].mean() for q in ("p50", "p80", "p90")}}).reset_index()
    total = {"project_id": "all projects", "finished": pd.NaT, "forecasts": len(f),
             **{f"share_by_{q}": f[f"by_{q}"].mean() for q in ("p50", "p80", "p90")}}
    return pd.concat([out, pd.DataFrame([total])], ignore_index=True)[cols]
