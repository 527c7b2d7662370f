"""Forecast history: every pack's forecast kept in one SQLite file, compared at the next meeting.

Each run of the planning pack records, per open project, its P50/P80/P90 effort and
finish date, the chances of being late and over budget, the scope (hours estimated)
and the as-of date, with the inputs' checksums. The store is an ordinary SQLite file
(Python's standard ``sqlite3``; open it with any SQLite client): two tables, ``runs``
and ``project_forecasts``, and a ``meta`` table with the layout's version.

Safety: a run is written in one transaction (``BEGIN IMMEDIATE`` ... ``COMMIT``) with
SQLite's rollback journal and full synchronous writes, so an interrupted or killed
run leaves the store as it was before it; a second run with the same as-of date
replaces the first (one forecast per meeting date), in the same transaction.

From the store the next pack shows what changed since the last pack (P80 finish
moved by N working days, chance late up or down, scope added), how the earlier
forecasts of projects finished since held (the tool's calibration in the field), and
the milestone trend: the P50/P80 finish date as forecast at each past run.
"""

from __future__ import annotations

import json
import os
import sqlite3
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.calendar import WorkingCalendar
from ..core.exceptions import SchemaError
from ..core.labels import agree, counted
from ..core.results import Result, fixed, part_percent, shown_change

#: The file name used next to the pack when no other is given.
HISTORY_FILE = "forecast_history.sqlite"
#: Version of the store's layout (``meta`` table).
LAYOUT_VERSION = "1"
#: The per-project columns kept for every run (name, SQL type).
FORECAST_COLUMNS = (
    ("name", "TEXT"), ("status", "TEXT"), ("due", "TEXT"), ("budget_hours", "REAL"), ("spent_hours", "REAL"),
    ("remaining_estimate_hours", "REAL"), ("scope_hours", "REAL"),
    ("effort_p50_hours", "REAL"), ("effort_p80_hours", "REAL"), ("effort_p90_hours", "REAL"),
    ("finish_p50", "TEXT"), ("finish_p80", "TEXT"), ("finish_p90", "TEXT"), ("finish_p80_after", "TEXT"),
    ("prob_overrun", "REAL"), ("prob_late", "REAL"),
)
#: The settings kept for every run beside its key columns (name, SQL type).
RUN_COLUMNS = (("n_trials", "INTEGER"), ("seed", "INTEGER"), ("version", "TEXT"), ("inputs", "TEXT"))
_DATES = ("due", "finish_p50", "finish_p80", "finish_p90", "finish_p80_after")
_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
    run_id INTEGER PRIMARY KEY AUTOINCREMENT,
    as_of TEXT NOT NULL UNIQUE,
    exported_at TEXT NOT NULL,
    {", ".join(f"{c} {t}" for c, t in RUN_COLUMNS)}
);
CREATE TABLE IF NOT EXISTS project_forecasts (
    run_id INTEGER NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE,
    project_id TEXT NOT NULL,
    {", ".join(f"{c} {t}" for c, t in FORECAST_COLUMNS)},
    PRIMARY KEY (run_id, project_id)
);
"""
#: Changes smaller than these are "no change" in the text of the What changed table.
MOVE_DAYS, PROB_POINTS, SCOPE_HOURS = 1, 0.05, 1.0
#: The What changed text of a project open in one pack only (the key message counts them by it): closed or
#: finished (still in the data), gone from the data (in neither the tasks nor the projects table), or new.
CLOSED_SINCE = "finished or closed since the last pack"
GONE_FROM_DATA = "no longer in the data (removed from the export?)"
NEW_SINCE = "new since the last pack"


#: Seconds to wait for another program's lock on the file before saying so.
LOCK_TIMEOUT = 30


def _connect(path) -> sqlite3.Connection:
    con = sqlite3.connect(str(path), isolation_level=None, timeout=LOCK_TIMEOUT)  # transactions are explicit
    con.execute("PRAGMA foreign_keys = ON")
    con.execute("PRAGMA synchronous = FULL")
    return con


@contextmanager
def _store(path):
    """A connection to the file, closed after; a damaged or locked file is a ValueError naming it."""
    try:
        con = _connect(path)
        try:
            yield con
        finally:
            con.close()
    except sqlite3.OperationalError as e:
        if "locked" not in str(e):
            raise ValueError(f"the forecast history {path} cannot be read ({e}); give another path (a new file is "
                             "created) or restore it from a backup") from e
        raise ValueError(f"the forecast history {path} is locked by another program (a SQLite client or another "
                         f"pack holding it open for over {LOCK_TIMEOUT} s); close it, or give another path") from e
    except sqlite3.DatabaseError as e:
        raise ValueError(f"the forecast history {path} is damaged ({e}); give another path (a new file is "
                         "created) or restore it from a backup") from e


def _iso(v):
    if v is None or v is pd.NaT or (isinstance(v, float) and np.isnan(v)):
        return None
    return pd.Timestamp(v).strftime("%Y-%m-%d")


def _num(v):
    return None if v is None or pd.isna(v) else float(v)


def _columns(con, table: str) -> set[str]:
    return {row[1] for row in con.execute(f"PRAGMA table_info({table})")}


#: The columns every layout has: the runs and their forecasts are read by these.
_KEYS = {"runs": ("run_id", "as_of", "exported_at"), "project_forecasts": ("run_id", "project_id")}
#: The columns an earlier layout may lack, added to it (their values unknown in its runs).
_EXTENDED = {"runs": RUN_COLUMNS, "project_forecasts": FORECAST_COLUMNS}


def _layout_problem(con) -> str | None:
    """Why the file cannot hold this version's history (None when it can, or is new)."""
    row = con.execute("SELECT value FROM meta WHERE key = 'layout_version'").fetchone() \
        if con.execute("SELECT name FROM sqlite_master WHERE name = 'meta'").fetchone() else None
    if row and not str(row[0]).isdigit():
        return f"has an unknown layout (version {row[0]!r})"
    if row and int(row[0]) > int(LAYOUT_VERSION):
        return (f"was written by a newer pmo_forecast (layout version {row[0]}, this one reads up to "
                f"{LAYOUT_VERSION}): upgrade pmo_forecast")
    for table, keys in _KEYS.items():
        have = _columns(con, table)
        lost = [k for k in keys if have and k not in have]
        if lost:
            return f"has another layout: its table {table} has no column {', '.join(lost)}"
    return None


class ForecastHistory(Result):
    """A SQLite file of past forecasts: record a run, read the runs back, compare.

    Parameters
    ----------
    path : path
        The SQLite file; created (with its tables) on the first :meth:`record`.

    Examples
    --------
    >>> h = ForecastHistory("out/forecast_history.sqlite")  # doctest: +SKIP
    >>> h.runs()                                             # doctest: +SKIP
    """

    title = "Forecast history"

    def __init__(self, path):
        self.path = Path(path)

    def check(self) -> None:
        """ValueError, before any work, when the path cannot hold the history (a folder, another file, a new
        file in a folder that cannot be made or written)."""
        if self.path.is_dir():
            raise ValueError(f"the forecast history {self.path} is a folder; give a file (forecast_history.sqlite)")
        if not self.path.exists():  # created after the pack is written: a folder it cannot be made in is said now
            existing = next((p for p in self.path.absolute().parents if p.exists()), None)
            if existing is not None and not (existing.is_dir() and os.access(existing, os.W_OK | os.X_OK)):
                raise ValueError(f"the forecast history {self.path} cannot be created: {existing} "
                                 f"{'cannot be written' if existing.is_dir() else 'is not a folder'}; give another path")
        if self.path.exists() and self.path.stat().st_size:
            with open(self.path, "rb") as f:
                if f.read(16) != b"SQLite format 3\x00":
                    raise ValueError(f"the forecast history {self.path} is not an SQLite file; give another path "
                                     "(a new file is created)")
            with _store(self.path) as con:
                found = con.execute("PRAGMA quick_check").fetchone()[0]
                if found != "ok":  # "*** in database main ***" then the first problem
                    raise sqlite3.DatabaseError(next(x for x in found.splitlines() + [found] if "***" not in x))
                problem = _layout_problem(con)
                con.execute("BEGIN IMMEDIATE")  # another program's lock is found now, not after the work
                con.execute("ROLLBACK")
            if problem:
                raise ValueError(f"the forecast history {self.path} {problem}; give another path (a new file is "
                                 "created)")
            self.runs()
            self.forecasts()  # read as the pack reads it: a layout it cannot read is found now, not after the work

    # --- writing ---------------------------------------------------------------------
    def record(self, forecasts: pd.DataFrame, *, as_of, exported_at, n_trials=None, seed=None, version=None,
               inputs=None) -> int:
        """Record one run in a single transaction; returns its ``run_id``.

        Parameters
        ----------
        forecasts : DataFrame
            One row per project: ``project_id`` and any of :data:`FORECAST_COLUMNS`.
        as_of : date-like
            The forecast date. An earlier run with the same date is replaced.
        exported_at : date-like
            When the pack was written (the export time, recorded, never compared).
        n_trials, seed, version : optional
            The run's settings.
        inputs : DataFrame or list of dict, optional
            The input files with their checksums (stored as JSON).
        """
        if S.PROJECT_ID not in forecasts:
            raise ValueError("forecasts need a project_id column")
        if isinstance(inputs, pd.DataFrame):
            inputs = json.loads(inputs.to_json(orient="records"))
        rows = [tuple([str(r[S.PROJECT_ID])] + [
            (_iso(r.get(c)) if c in _DATES else _num(r.get(c)) if t == "REAL" else
             (None if r.get(c) is None or pd.isna(r.get(c)) else str(r.get(c))))
            for c, t in FORECAST_COLUMNS]) for r in forecasts.to_dict("records")]
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with _store(self.path) as con:
            con.execute("BEGIN IMMEDIATE")
            try:
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        con.execute(statement)
                problem = _layout_problem(con)
                if problem:
                    raise ValueError(f"the forecast history {self.path} {problem}")
                # an earlier layout lacks the columns added since: added empty, its runs kept
                for table, columns in _EXTENDED.items():
                    have = _columns(con, table)
                    for c, t in columns:
                        if c not in have:
                            con.execute(f"ALTER TABLE {table} ADD COLUMN {c} {t}")
                con.execute("INSERT OR REPLACE INTO meta VALUES ('layout_version', ?)", (LAYOUT_VERSION,))
                con.execute("DELETE FROM runs WHERE as_of = ?", (_iso(as_of),))
                cur = con.execute(
                    "INSERT INTO runs (as_of, exported_at, n_trials, seed, version, inputs) VALUES (?,?,?,?,?,?)",
                    (_iso(as_of), str(pd.Timestamp(exported_at)), None if n_trials is None else int(n_trials),
                     None if seed is None else int(seed), version, json.dumps(inputs or [], default=str)))
                run_id = int(cur.lastrowid)
                names = ", ".join(["run_id", "project_id"] + [c for c, _ in FORECAST_COLUMNS])
                marks = ", ".join("?" * (2 + len(FORECAST_COLUMNS)))
                con.executemany(f"INSERT INTO project_forecasts ({names}) VALUES ({marks})",
                                ((run_id, *row) for row in rows))
                con.execute("COMMIT")
            except BaseException:  # an interrupt too: nothing of this run stays
                con.execute("ROLLBACK")
                raise
        return run_id

    # --- reading ---------------------------------------------------------------------
    def _read(self, sql: str, params=()) -> pd.DataFrame:
        if not self.path.exists():
            return pd.DataFrame()
        with _store(self.path) as con:
            if not con.execute("SELECT name FROM sqlite_master WHERE name = 'runs'").fetchone():
                return pd.DataFrame()
            try:
                return pd.read_sql_query(sql, con, params=params)
            except pd.errors.DatabaseError as e:  # pandas' own wrapper of the sqlite3 error: named here
                raise ValueError(f"the forecast history {self.path} cannot be read ({e.__cause__ or e}); give another "
                                 "path (a new file is created)") from e

    def runs(self) -> pd.DataFrame:
        """One row per recorded run, oldest first."""
        df = self._read("SELECT * FROM runs ORDER BY as_of")
        if len(df):  # a file of an earlier layout lacks the settings added since: empty there
            df = df.reindex(columns=["run_id", "as_of", "exported_at", *(c for c, _ in RUN_COLUMNS)])
            df["as_of"] = self._dates(df["as_of"], "runs", [f"run {i}" for i in df["run_id"]], required=True)
            self._one_run_a_date(df)
        return df

    def forecasts(self) -> pd.DataFrame:
        """Every recorded project forecast with its run's as-of date, oldest run first."""
        df = self._read("SELECT r.as_of, f.* FROM project_forecasts f JOIN runs r USING (run_id) "
                        "ORDER BY r.as_of, f.project_id")
        if len(df):  # a file of an earlier layout lacks the columns added since: empty there
            df = df.reindex(columns=[*df.columns, *(c for c, _ in FORECAST_COLUMNS if c not in df)])
            df["as_of"] = self._dates(df["as_of"], "runs", [f"run {i}" for i in df["run_id"]], required=True)
            self._one_run_a_date(df.drop_duplicates("run_id"))
            self._one_row_a_project(df)
            rows = [f"project {p} in the run for {a:%Y-%m-%d}" for p, a in zip(df["project_id"], df["as_of"],
                                                                                strict=True)]
            for c in _DATES:
                df[c] = self._dates(df[c], "project_forecasts", rows)
            for c, t in FORECAST_COLUMNS:
                if t == "REAL":
                    df[c] = self._numbers(df[c], rows)
        return df

    # --- a file edited by hand: a value the comparisons cannot use is named, never read as another ---------
    def _refuse(self, raw: pd.Series, table: str, rows: list, bad: np.ndarray, why: str):
        where = list(dict.fromkeys(r for r, b in zip(rows, bad, strict=True) if b))
        values = ", ".join(dict.fromkeys(repr(v) for v in raw[bad]))
        raise SchemaError(f"the forecast history {self.path}: table {table}, column {raw.name}: {values} {why} "
                          f"({'; '.join(where[:10])}{' and more' if len(where) > 10 else ''}); correct the file "
                          "(edited by hand?) or give another path (a new file is created)",
                          file=self.path, column=raw.name, rows=where)

    def _one_run_a_date(self, runs: pd.DataFrame) -> None:
        twice = runs["as_of"].duplicated(keep=False).to_numpy()
        if twice.any():  # an edited date equal to another run's: which run is the last pack is not known
            ids = sorted(runs.loc[twice, "run_id"].tolist())
            raise SchemaError(
                f"the forecast history {self.path}: table runs, column as_of: runs {', '.join(str(i) for i in ids)} "
                f"are all for {runs.loc[twice, 'as_of'].min():%Y-%m-%d} (one forecast date written two ways: edited "
                "by hand?); delete all but one of them, or give another path (a new file is created)",
                file=self.path, column="as_of", rows=ids)

    def _one_row_a_project(self, forecasts: pd.DataFrame) -> None:
        ids = forecasts[S.PROJECT_ID].astype("string").str.strip()
        twice = pd.DataFrame({"run_id": forecasts["run_id"], "id": ids}).duplicated(keep=False).to_numpy()
        if twice.any():  # a table copied without its key, a row pasted twice: which forecast was made is not known
            names = sorted(set(ids[twice]))
            runs = " and ".join(f"{a:%Y-%m-%d}" for a in sorted(forecasts.loc[twice, "as_of"].unique()))
            who = f"projects {', '.join(names)} are each" if len(names) > 1 else f"project {names[0]} is"
            raise SchemaError(
                f"the forecast history {self.path}: table project_forecasts, column project_id: {who} in the run for "
                f"{runs} more than once (a row copied, or an id written two ways: edited by hand?); delete all but "
                "one of each, or give another path (a new file is created)",
                file=self.path, column=S.PROJECT_ID, rows=names)

    def _dates(self, raw: pd.Series, table: str, rows: list, *, required: bool = False) -> pd.Series:
        text = raw.astype("string").str.strip().replace("", pd.NA)
        # a run's date is its key, written as the store writes it: 2026/06/29 beside 2026-06-29 were two runs
        parsed = pd.to_datetime(text, errors="coerce", format="%Y-%m-%d" if required else "ISO8601")
        bad = ((text.notna() | required) & parsed.isna()).to_numpy(dtype=bool)
        if bad.any():
            self._refuse(raw, table, rows, bad, "is not a date (YYYY-MM-DD)")
        return parsed

    def _numbers(self, raw: pd.Series, rows: list) -> pd.Series:
        num = pd.to_numeric(raw, errors="coerce").astype(float)
        bad = (raw.notna() & num.isna()).to_numpy(dtype=bool)
        if bad.any():
            self._refuse(raw, "project_forecasts", rows, bad, "is not a number")
        if str(raw.name).startswith("prob_"):  # 80 for 80% would read as a chance of 8,000%
            bad = ((num < 0) | (num > 1)).to_numpy(dtype=bool)
            if bad.any():
                self._refuse(raw, "project_forecasts", rows, bad, "is not a chance between 0 and 1 (80% is 0.8)")
        return num

    def summary(self) -> pd.DataFrame:
        runs = self.runs()
        if runs.empty:
            return pd.DataFrame(columns=["as_of", "projects"])
        n = self.forecasts().groupby("run_id").size()
        return runs.assign(projects=runs["run_id"].map(n).fillna(0).astype(int))[
            ["as_of", "exported_at", "n_trials", "seed", "projects"]]

    def previous_run(self, as_of) -> pd.Timestamp | None:
        """The forecast date of the last pack before ``as_of`` (None when there is none).

        A run that had no open project counts: it was the last pack (Jan, then Feb with every project
        closed, then Mar compares with Feb, not Jan).
        """
        runs = self.runs()
        before = runs.loc[runs["as_of"] < pd.Timestamp(as_of).normalize(), "as_of"] if len(runs) else runs
        return before.max() if len(before) else None

    def previous(self, as_of) -> pd.DataFrame:
        """The forecasts of the last pack before ``as_of`` (:meth:`previous_run`).

        A table without columns when there is no last pack; one with its columns and no rows when the
        last pack had no open project (every project open now is new since, see :func:`what_changed`).
        """
        last = self.previous_run(as_of)
        if last is None:
            return pd.DataFrame()
        f = self.forecasts()
        if f.empty:  # only runs without open projects: no row to read the columns from
            return pd.DataFrame(columns=["as_of", "run_id", S.PROJECT_ID, *(c for c, _ in FORECAST_COLUMNS)])
        return f[f["as_of"] == last].reset_index(drop=True)

    def later_runs(self, as_of) -> pd.DataFrame:
        """The runs recorded for forecast dates after ``as_of`` (a pack made for an earlier date)."""
        runs = self.runs()
        return runs[runs["as_of"] > pd.Timestamp(as_of).normalize()] if len(runs) else runs

    # --- comparing ---------------------------------------------------------------------
    def what_changed(self, current: pd.DataFrame, as_of, *, calendar=None, known=None) -> pd.DataFrame:
        """Per project, this forecast against the last pack's (see :func:`what_changed`)."""
        return what_changed(self.previous(as_of), current, calendar=calendar, known=known)

    def how_forecasts_held(self, outcomes: pd.DataFrame, as_of) -> pd.DataFrame:
        """For projects finished since they were forecast, how the earlier forecasts held.

        Only projects closed by ``as_of`` (by the end of that day) count: a pack made for an earlier date
        from today's data had scored its forecasts against finishes still to come then. A project is closed
        on ``outcomes``' ``closed_on`` when it has one (:func:`~pmo_forecast.reporting.outcomes.project_outcomes`:
        a leftover task cancelled after the last delivery keeps it open until then), else on ``finished``.
        See :func:`forecasts_held`.
        """
        day = pd.Timestamp(as_of).normalize()
        f = self.forecasts()
        closed = outcomes["closed_on"] if "closed_on" in outcomes else outcomes["finished"]
        known = outcomes[closed < day + pd.Timedelta(days=1)]
        return forecasts_held(f[f["as_of"] < day] if len(f) else f, known)

    def milestones(self, current: pd.DataFrame | None = None, as_of=None, quantile: str = "p80") -> pd.DataFrame:
        """The finish date as forecast at each run: rows as-of dates, columns projects.

        ``current`` (a project table of this run) is added as the last row at ``as_of``; runs
        after ``as_of`` are left out (a pack shows the forecasts made up to its own date).
        """
        f = self.forecasts()
        if as_of is not None and len(f):
            f = f[f["as_of"] <= pd.Timestamp(as_of).normalize()]
        col = f"finish_{quantile}"
        rows = f[["as_of", S.PROJECT_ID, col]] if len(f) else pd.DataFrame(columns=["as_of", S.PROJECT_ID, col])
        if current is not None and col in current:
            now = pd.DataFrame({"as_of": pd.Timestamp(as_of).normalize(), S.PROJECT_ID: current[S.PROJECT_ID].astype(str),
                                col: pd.to_datetime(current[col])})
            rows = pd.concat([rows[rows["as_of"] != pd.Timestamp(as_of).normalize()], now], ignore_index=True)
        if rows.empty:
            return pd.DataFrame()
        # dates as dates whether or not a history was there to concatenate with (the first run's table
        # held them as objects and was written with a time of day)
        rows = rows.assign(as_of=pd.to_datetime(rows["as_of"]), **{col: pd.to_datetime(rows[col])})
        wide = rows.pivot_table(index="as_of", columns=S.PROJECT_ID, values=col, aggfunc="last")
        wide.columns.name = None
        return wide.sort_index()

    def plot_milestones(self, project_ids=None, ax=None, current=None, as_of=None):
        """Milestone-trend chart: P80 finish (solid) and P50 (dashed) as forecast at each run.

        A flat line is a stable forecast; a line climbing at 45 degrees is a project whose
        finish slips as fast as time passes. Returns the Axes.
        """
        import matplotlib.pyplot as plt

        ax = ax or plt.subplots(figsize=(8, 4))[1]
        p80 = self.milestones(current, as_of, "p80")
        p50 = self.milestones(current, as_of, "p50")
        ids = list(p80.columns) if project_ids is None else [p for p in project_ids if p in p80]
        for i, p in enumerate(ids):
            colour = f"C{i % 10}"
            ax.plot(p80.index, p80[p], marker="o", color=colour, label=f"{p} (80% sure)")
            if p in p50:
                ax.plot(p50.index, p50[p], ls="--", color=colour, alpha=0.7)
        if len(p80.index):
            lo, hi = p80.index.min(), p80.index.max()
            ax.plot([lo, hi], [lo, hi], color="grey", lw=0.8, ls=":", label="finish = forecast date")
        ax.set_xlabel("forecast date (pack run)")
        ax.set_ylabel("forecast finish date")
        ax.set_title("Milestone trend: finish date 80% sure (solid) and 50% sure (dashed)")
        ax.legend(fontsize=7, ncol=2)
        return ax


def forecast_table(overrun, finish=None, tasks: pd.DataFrame | None = None,
                   projects: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per open project in the history's layout, from the forecasts (for :meth:`ForecastHistory.record`).

    Parameters
    ----------
    overrun : OverrunForecast
    finish : FinishDateForecast, optional
        Adds the finish-date quantiles, ``finish_p80_after`` (the date a P80 finish beyond the horizon
        comes only after) and ``prob_late``.
    tasks : DataFrame, optional
        Adds ``scope_hours`` (hours estimated on the project's tasks that are not cancelled).
    projects : DataFrame, optional
        Adds ``name``, ``status`` and ``due``.
    """
    bp = overrun.by_project()
    out = pd.DataFrame({S.PROJECT_ID: bp.index.astype(str), "budget_hours": bp[S.BUDGET].to_numpy(float),
                        "spent_hours": bp["spent_hours"].to_numpy(float),
                        "remaining_estimate_hours": bp["remaining_estimate_hours"].to_numpy(float),
                        "prob_overrun": bp["prob_overrun"].to_numpy(float)})
    for q in ("p50", "p80", "p90"):
        out[f"effort_{q}_hours"] = bp[q].to_numpy(float)
    if finish is not None:
        fin = finish.by_project().reindex(bp.index)
        for q in ("p50", "p80", "p90"):
            out[f"finish_{q}"] = fin[q].to_numpy()
        out["finish_p80_after"] = finish.after_horizon(0.8).reindex(bp.index).to_numpy()
        out["prob_late"] = fin["prob_late"].to_numpy(float)
    if tasks is not None:
        live = tasks[tasks[S.STATUS] != S.CANCELLED]
        out["scope_hours"] = out[S.PROJECT_ID].map(live[S.ESTIMATE].groupby(live[S.PROJECT_ID]).sum()).to_numpy(float)
    if projects is not None:
        p = projects.drop_duplicates(S.PROJECT_ID).set_index(S.PROJECT_ID)
        for col in (S.NAME, S.STATUS, S.DUE):
            if col in p:
                out[col] = p[col].reindex(out[S.PROJECT_ID]).to_numpy()
    return out


def what_changed(previous: pd.DataFrame, current: pd.DataFrame, *, calendar=None, known=None) -> pd.DataFrame:
    """Per project: P80 finish moved (working days), chances late and over budget up or down, scope added,
    re-baselining.

    Parameters
    ----------
    previous : DataFrame or None
        The last pack's project forecasts (:meth:`ForecastHistory.previous`): no rows when it had no open
        project (every project here is then new since). None, or a table without ``project_id`` (what
        :meth:`ForecastHistory.previous` gives when there is no last pack): nothing to compare, no rows.
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
    ids = list(cur.index) + [p for p in prev.index if p not in cur.index]

    def get(df, col):
        return df[col].reindex(ids) if col in df else pd.Series(np.nan, index=ids)

    scope_now = get(cur, "scope_hours")
    # blank scope in this pack: no task left that is not cancelled (forecast_table sums the others), so no scope,
    # not an unknown one (its tasks all cancelled since the last pack read "no material change")
    cancelled = scope_now.isna() & scope_now.index.isin(cur.index) & ("scope_hours" in cur)
    scope_now = scope_now.mask(cancelled, 0.0)

    out = pd.DataFrame({
        "project_id": ids,
        "finish_p80_before": pd.to_datetime(get(prev, "finish_p80")).to_numpy(),
        "finish_p80_now": pd.to_datetime(get(cur, "finish_p80")).to_numpy(),
        "prob_late_before": get(prev, "prob_late").to_numpy(float),
        "prob_late_now": get(cur, "prob_late").to_numpy(float),
        "prob_overrun_before": get(prev, "prob_overrun").to_numpy(float),
        "prob_overrun_now": get(cur, "prob_overrun").to_numpy(float),
        "effort_p80_before": get(prev, "effort_p80_hours").to_numpy(float),
        "effort_p80_now": get(cur, "effort_p80_hours").to_numpy(float),
        "scope_added_hours": (scope_now - get(prev, "scope_hours")).to_numpy(float),
    })
    out["all_cancelled"] = cancelled.to_numpy() & (get(prev, "scope_hours") > 0).to_numpy()
    # each project's goals in both packs: a chance unknown at the last pack (no due date or budget then) and known
    # now is said, with the goal it is against (it had read "no material change")
    for when, df in (("before", prev), ("now", cur)):
        out[f"due_{when}"] = pd.to_datetime(get(df, S.DUE)).to_numpy()
        out[f"budget_{when}"] = pd.to_numeric(get(df, S.BUDGET), errors="coerce").to_numpy(float)
    both = out["finish_p80_before"].notna() & out["finish_p80_now"].notna()
    moved = np.full(len(out), np.nan)
    if both.any():
        a = out.loc[both, "finish_p80_before"].to_numpy("datetime64[D]")
        b = out.loc[both, "finish_p80_now"].to_numpy("datetime64[D]")
        moved[both.to_numpy()] = WorkingCalendar.coerce(calendar).days_between(a, b)
    out["finish_p80_moved_days"] = moved
    # a finish beyond the horizon has no date (NaT), only one it comes after: no number of days, said in words
    for when, df in (("before", prev), ("now", cur)):
        out[f"after_{when}"] = pd.to_datetime(get(df, "finish_p80_after")).to_numpy()
    out["finish_p80_past_horizon"] = out["finish_p80_before"].notna() & out["after_now"].notna()
    for key in ("late", "overrun"):  # the points between the two percents as shown (10% -> 21% is 11 points,
        # whatever the decimals): the cell and the words agree (4.49% -> 10.51% had read 6% beside "up 7 points")
        out[f"prob_{key}_change"] = shown_change(out[f"prob_{key}_before"].to_numpy(float),
                                                 out[f"prob_{key}_now"].to_numpy(float), 2)
    moves = _baseline_moves(prev, cur, ids)
    out["rebaselined"] = [bool(m) for m in moves]
    kept = None if known is None else {str(k) for k in known}
    out["change"] = [GONE_FROM_DATA if p not in cur.index and kept is not None and p not in kept
                     else _words(r, p in cur.index, p in prev.index, m)
                     for p, r, m in zip(ids, out.to_dict("records"), moves, strict=True)]
    return out[cols]


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
        Recorded forecasts (:meth:`ForecastHistory.forecasts`).
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
