"""Forecast history: every pack's forecast kept in one SQLite file, read back at the next meeting.

Each run of the planning pack records, per open project, its P50/P80/P90 effort and
finish date, the chances of being late and over budget, the scope (hours estimated)
and the as-of date, with the inputs' checksums. The store is an ordinary SQLite file
(Python's standard ``sqlite3``; open it with any SQLite client): two tables, ``runs``
and ``project_forecasts``, and a ``meta`` table with the layout's version.

Safety: a run is written in one transaction (``BEGIN IMMEDIATE`` ... ``COMMIT``) with
SQLite's rollback journal and full synchronous writes, so an interrupted or killed
run leaves the store as it was before it; a second run with the same as-of date
replaces the first (one forecast per meeting date), in the same transaction.

From the store the next pack reads the last pack's forecasts (compared with this one's in
:mod:`~pmo_forecast.reporting.pack_comparison`: what changed since the last pack, how the
earlier forecasts of projects finished since held) and the milestone trend: the P50/P80
finish date as forecast at each past run.
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
from ..core.exceptions import SchemaError
from ..core.labels import agree, id_list, natural_key
from ..core.results import Result, blank_missing
from .pack_comparison import (
    CLOSED_SINCE,
    GONE_FROM_DATA,
    MOVE_DAYS,
    NEW_SINCE,
    PROB_POINTS,
    SCOPE_HOURS,
    baselines_not_compared,
    forecasts_held,
    other_data,
    what_changed,
)

# the comparison of packs is re-exported: it lived here until pack_comparison.py
__all__ = ["CLOSED_SINCE", "FORECAST_COLUMNS", "GONE_FROM_DATA", "HISTORY_FILE", "LAYOUT_VERSION", "LOCK_TIMEOUT",
           "MOVE_DAYS", "NEW_SINCE", "PROB_POINTS", "RUN_COLUMNS", "SCOPE_HOURS", "ForecastHistory",
           "baselines_not_compared", "forecast_table", "forecasts_held", "other_data", "what_changed"]

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
#: How a run's setting recorded without a value (trials, seed) reads in the runs table.
NOT_RECORDED = "not recorded"
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
    def _refuse(self, raw: pd.Series, table: str, rows: list, bad: np.ndarray, one: str, many: str):
        """Refuse the ``bad`` values of ``raw``, each once, said as ``one`` is or ``many`` are not (``"a number"``,
        ``"numbers"``), with their ``rows``, in the order people read ids (P2 before P10; the file orders them as
        text)."""
        keys = natural_key(pd.Series(rows, dtype=object))
        at = sorted(np.flatnonzero(bad), key=lambda i: keys.iat[i])
        where = list(dict.fromkeys(rows[i] for i in at))
        cells = raw.tolist()  # Python values, as written: 80.0, not np.float64(80.0)
        values = list(dict.fromkeys(repr(cells[i]) for i in at))
        said = f"{agree(len(values), 'is', 'are')} not {agree(len(values), one, many)}"
        raise SchemaError(f"the forecast history {self.path}: table {table}, column {raw.name}: {id_list(values)} "
                          f"{said} ({id_list(where)}); correct the file "
                          "(edited by hand?) or give another path (a new file is created)",
                          file=self.path, column=raw.name, rows=where)

    def _one_run_a_date(self, runs: pd.DataFrame) -> None:
        twice = runs["as_of"].duplicated(keep=False).to_numpy()
        if twice.any():  # an edited date equal to another run's: which run is the last pack is not known
            ids = sorted(runs.loc[twice, "run_id"].tolist())
            raise SchemaError(
                f"the forecast history {self.path}: table runs, column as_of: runs {id_list(ids)} "
                f"are all for {runs.loc[twice, 'as_of'].min():%Y-%m-%d} (one forecast date written two ways: edited "
                "by hand?); delete all but one of them, or give another path (a new file is created)",
                file=self.path, column="as_of", rows=ids)

    def _one_row_a_project(self, forecasts: pd.DataFrame) -> None:
        ids = forecasts[S.PROJECT_ID].astype("string").str.strip()
        twice = pd.DataFrame({"run_id": forecasts["run_id"], "id": ids}).duplicated(keep=False).to_numpy()
        if twice.any():  # a table copied without its key, a row pasted twice: which forecast was made is not known
            names = ids[twice].drop_duplicates().sort_values(key=natural_key).tolist()  # P2 before P10
            runs = " and ".join(f"{a:%Y-%m-%d}" for a in sorted(forecasts.loc[twice, "as_of"].unique()))
            who = f"projects {id_list(names)} are each" if len(names) > 1 else f"project {names[0]} is"
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
            self._refuse(raw, table, rows, bad, "a date (YYYY-MM-DD)", "dates (YYYY-MM-DD)")
        return parsed

    def _numbers(self, raw: pd.Series, rows: list) -> pd.Series:
        num = pd.to_numeric(raw, errors="coerce").astype(float)
        bad = (raw.notna() & num.isna()).to_numpy(dtype=bool)
        if bad.any():
            self._refuse(raw, "project_forecasts", rows, bad, "a number", "numbers")
        if str(raw.name).startswith("prob_"):  # 80 for 80% would read as a chance of 8,000%
            bad = ((num < 0) | (num > 1)).to_numpy(dtype=bool)
            if bad.any():
                self._refuse(raw, "project_forecasts", rows, bad, "a chance between 0 and 1 (80% is 0.8)",
                             "chances between 0 and 1 (80% is 0.8)")
        return num

    def summary(self) -> pd.DataFrame:
        runs = self.runs()
        if runs.empty:
            return pd.DataFrame(columns=["as_of", "projects"])
        n = self.forecasts().groupby("run_id").size()
        return runs.assign(projects=runs["run_id"].map(n).fillna(0).astype(int))[
            ["as_of", "exported_at", "n_trials", "seed", "projects"]]

    def _shown(self) -> pd.DataFrame:
        """:meth:`summary` with the trials and seed a run was recorded without (``record``'s default) said
        "not recorded", not ``None``."""
        shown = self.summary()
        settings = [c for c in ("n_trials", "seed") if c in shown]
        shown[settings] = blank_missing(shown[settings], NOT_RECORDED)
        return shown

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
        last pack had no open project (every project open now is new since, see :func:`~pmo_forecast.reporting.pack_comparison.what_changed`).
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
        """Per project, this forecast against the last pack's (see :func:`~pmo_forecast.reporting.pack_comparison.what_changed`)."""
        return what_changed(self.previous(as_of), current, calendar=calendar, known=known)

    def how_forecasts_held(self, outcomes: pd.DataFrame, as_of) -> pd.DataFrame:
        """For projects finished since they were forecast, how the earlier forecasts held.

        Only projects closed by ``as_of`` (by the end of that day) count: a pack made for an earlier date
        from today's data had scored its forecasts against finishes still to come then. A project is closed
        on ``outcomes``' ``closed_on`` when it has one (:func:`~pmo_forecast.reporting.outcomes.project_outcomes`:
        a leftover task cancelled after the last delivery keeps it open until then), else on ``finished``.
        See :func:`~pmo_forecast.reporting.pack_comparison.forecasts_held`.
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


