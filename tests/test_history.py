"""Forecast history: a SQLite store that survives interrupted runs, and what changed between packs."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pmo_forecast.core.exceptions import SchemaError
from pmo_forecast.reporting import history as H
from pmo_forecast.reporting.history import ForecastHistory
from pmo_forecast.reporting.pack_comparison import (
    CLOSED_SINCE,
    GONE_FROM_DATA,
    baselines_not_compared,
    forecasts_held,
    other_data,
    what_changed,
)


def _frame(n=3, shift=0, scope=100.0, late=(0.2, 0.5, 0.9)):
    return pd.DataFrame({
        "project_id": [f"P{i}" for i in range(n)],
        "finish_p50": pd.Timestamp("2026-09-01") + pd.to_timedelta(np.arange(n) * 7 + shift, "D"),
        "finish_p80": pd.Timestamp("2026-10-01") + pd.to_timedelta(np.arange(n) * 7 + shift, "D"),
        "finish_p90": pd.Timestamp("2026-11-01") + pd.to_timedelta(np.arange(n) * 7 + shift, "D"),
        "prob_late": list(late)[:n], "effort_p80_hours": 1000.0 + np.arange(n), "scope_hours": scope + np.arange(n),
        "due": pd.Timestamp("2026-10-15"), "budget_hours": 900.0,
    })


def _counts(path):
    con = sqlite3.connect(path)
    try:
        return (con.execute("PRAGMA integrity_check").fetchone()[0],
                con.execute("SELECT COUNT(*) FROM runs").fetchone()[0],
                con.execute("SELECT COUNT(*) FROM project_forecasts").fetchone()[0])
    finally:
        con.close()


def test_record_and_read_back(tmp_path):
    h = ForecastHistory(tmp_path / "h.sqlite")
    assert h.runs().empty and h.previous("2026-07-01").empty
    h.record(_frame(), as_of="2026-06-30", exported_at="2026-07-01 09:00", n_trials=100, seed=1,
             inputs=[{"input": "tasks", "sha256": "ab" * 32}])
    h.record(_frame(shift=10), as_of="2026-07-31", exported_at="2026-08-01 09:00")
    runs = h.runs()
    assert runs["as_of"].dt.strftime("%Y-%m-%d").tolist() == ["2026-06-30", "2026-07-31"]
    assert '"sha256": "' + "ab" * 32 in runs["inputs"].iloc[0]
    f = h.forecasts()
    assert len(f) == 6 and f["finish_p80"].iloc[0] == pd.Timestamp("2026-10-01")
    # a run recorded without its trials and seed says so, not None
    assert h._repr_html_().count("not recorded") == 2 and "None" not in repr(h)
    assert repr(h).splitlines()[2].split()[-3:] == ["100", "1", "3"]
    prev = h.previous("2026-07-31")
    assert prev["as_of"].unique().tolist() == [pd.Timestamp("2026-06-30")]
    # the same forecast date again replaces that date's run (one forecast per meeting)
    h.record(_frame(n=2), as_of="2026-07-31", exported_at="2026-08-02 09:00")
    assert _counts(h.path) == ("ok", 2, 5)
    # any SQLite client reads it: plain tables
    con = sqlite3.connect(h.path)
    assert {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")} >= {
        "runs", "project_forecasts", "meta"}
    con.close()


def test_interrupted_write_leaves_the_store_intact(tmp_path, monkeypatch):
    h = ForecastHistory(tmp_path / "h.sqlite")
    h.record(_frame(), as_of="2026-06-30", exported_at="2026-07-01")
    before = h.forecasts()

    class Interrupting(sqlite3.Connection):
        def executemany(self, sql, rows):
            def gen():
                for i, r in enumerate(rows):
                    if i == 2:
                        raise KeyboardInterrupt("Ctrl-C on the third row")  # half way through the rows
                    yield r
            return super().executemany(sql, gen())

    monkeypatch.setattr(H, "_connect", lambda p: sqlite3.connect(str(p), isolation_level=None, factory=Interrupting))
    with pytest.raises(KeyboardInterrupt, match="^Ctrl-C on the third row$"):  # the very one, passed on
        h.record(_frame(n=3, shift=5), as_of="2026-07-31", exported_at="2026-08-01")
    # a rerun of the same date must not lose the old run either
    with pytest.raises(KeyboardInterrupt, match="^Ctrl-C on the third row$"):
        h.record(_frame(n=3, shift=5), as_of="2026-06-30", exported_at="2026-08-01")
    monkeypatch.undo()
    assert _counts(h.path) == ("ok", 1, 3)
    pd.testing.assert_frame_equal(h.forecasts(), before)


def test_killed_process_mid_transaction_leaves_the_store_intact(tmp_path):
    path = tmp_path / "h.sqlite"
    ForecastHistory(path).record(_frame(), as_of="2026-06-30", exported_at="2026-07-01")
    child = textwrap.dedent(f"""
        import sqlite3, sys, time
        import numpy as np, pandas as pd
        from pmo_forecast.reporting import history as H

        class Stalling(sqlite3.Connection):
            def executemany(self, sql, rows):
                def gen():
                    for i, r in enumerate(rows):
                        if i == 500:
                            print("half written", flush=True)
                            time.sleep(600)  # killed here, inside the transaction
                        yield r
                return super().executemany(sql, gen())

        H._connect = lambda p: sqlite3.connect(str(p), isolation_level=None, factory=Stalling)
        big = pd.DataFrame({{"project_id": [f"X{{i}}" for i in range(2000)], "prob_late": 0.5}})
        H.ForecastHistory({str(path)!r}).record(big, as_of="2026-07-31", exported_at="2026-08-01")
    """)
    # as a context: its pipe is closed when the child is killed (it was left to the garbage collector, unclosed)
    with subprocess.Popen([sys.executable, "-c", child], stdout=subprocess.PIPE, text=True) as proc:
        try:
            assert proc.stdout.readline().strip() == "half written"
            assert (tmp_path / "h.sqlite-journal").exists()  # the transaction is open
        finally:
            os.kill(proc.pid, signal.SIGKILL)
    assert _counts(path) == ("ok", 1, 3)  # the hot journal is rolled back on the next open
    assert ForecastHistory(path).runs()["as_of"].dt.strftime("%Y-%m-%d").tolist() == ["2026-06-30"]


def test_a_path_that_cannot_hold_the_history_is_refused_before_any_work(tmp_path, capsys):
    # a folder or another file: the pack was computed in full, then stopped with an internal error
    from pmo_forecast import cli

    (tmp_path / "dir.sqlite").mkdir()
    (tmp_path / "notes.sqlite").write_text("my notes", encoding="utf-8")
    ForecastHistory(tmp_path / "new.sqlite").check()  # a new file is fine
    for name, why in (("dir.sqlite", "is a folder; give a file (forecast_history.sqlite)"),
                      ("notes.sqlite", "is not an SQLite file; give another path (a new file is created)")):
        with pytest.raises(ValueError, match=f"the forecast history .*{name} {re.escape(why)}"):
            ForecastHistory(tmp_path / name).check()
        tasks = Path(__file__).resolve().parent.parent / "data" / "sample" / "tasks.csv"
        code = cli.main(["report", str(tasks), "--history", str(tmp_path / name),
                         "--out", str(tmp_path / "out")])
        assert code == cli.EXIT_BAD_INPUT and why in capsys.readouterr().err
    assert (tmp_path / "notes.sqlite").read_text(encoding="utf-8") == "my notes"


def test_a_new_history_file_that_cannot_be_created_is_refused_before_any_work(tmp_path, capsys):
    # fuzz (pack): --history notes.txt/h.sqlite (a file where its folder should be) wrote the whole pack, then
    # stopped with "notes.txt: File exists", the run unrecorded
    from pmo_forecast import cli

    (tmp_path / "notes.txt").write_text("my notes", encoding="utf-8")
    path = tmp_path / "notes.txt" / "runs" / "h.sqlite"
    why = f"the forecast history {path} cannot be created: {tmp_path / 'notes.txt'} is not a folder; give another path"
    with pytest.raises(ValueError, match=f"^{re.escape(why)}$"):
        ForecastHistory(path).check()
    tasks = Path(__file__).resolve().parent.parent / "data" / "sample" / "tasks.csv"
    code = cli.main(["report", str(tasks), "--history", str(path), "--out", str(tmp_path / "out")])
    assert code == cli.EXIT_BAD_INPUT and why in capsys.readouterr().err
    assert not (tmp_path / "out").exists()  # nothing written


def _old_layout(path, version="0", forecast_keys="run_id INTEGER NOT NULL, project_id TEXT NOT NULL",
                settings="n_trials INTEGER, seed INTEGER, version TEXT, inputs TEXT"):
    """A history file of an earlier build: no ``name`` or ``remaining_estimate_hours`` column."""
    con = sqlite3.connect(path)
    con.executescript(f"""
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        INSERT INTO meta VALUES ('layout_version', '{version}');
        CREATE TABLE runs (run_id INTEGER PRIMARY KEY AUTOINCREMENT, as_of TEXT NOT NULL UNIQUE,
                           exported_at TEXT NOT NULL, {settings});
        CREATE TABLE project_forecasts ({forecast_keys}, finish_p80 TEXT, prob_late REAL);
        INSERT INTO runs (as_of, exported_at) VALUES ('2026-05-29', '2026-05-29');
        INSERT INTO project_forecasts VALUES (1, 'P0', '2026-09-07', 0.7);""")
    con.commit()
    con.close()


def test_a_damaged_or_locked_history_is_refused_before_any_work(tmp_path, monkeypatch):
    # fuzz round 18 (M3): "internal error: DatabaseError: database disk image is malformed", naming no file; a
    # damaged data page passed the check and the pack was lost after every step; a lock waited, then the same
    good = tmp_path / "good.sqlite"
    big = pd.DataFrame({"project_id": [f"X{i}" for i in range(2000)], "prob_late": 0.5, "name": "a project"})
    ForecastHistory(good).record(big, as_of="2026-06-30", exported_at="2026-07-01")
    data = bytearray(good.read_bytes())
    assert len(data) > 8 * 4096
    data[6 * 4096 + 8:7 * 4096] = b"Z" * (4096 - 8)  # one page of rows, the schema intact
    (tmp_path / "page.sqlite").write_bytes(bytes(data))
    with pytest.raises(ValueError, match=r"^the forecast history .*page\.sqlite is damaged \(.+\); give another path"):
        ForecastHistory(tmp_path / "page.sqlite").check()
    monkeypatch.setattr(H, "LOCK_TIMEOUT", 0.1)
    holder = sqlite3.connect(good, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(ValueError, match=r"^the forecast history .*good\.sqlite is locked by another program "
                                             r"\(a SQLite client or another pack holding it open for over 0.1 s\)"):
            ForecastHistory(good).check()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    ForecastHistory(good).check()  # free again


def test_a_history_of_an_earlier_layout_is_kept_and_extended(tmp_path):
    # fuzz round 9: the pack was written, then "internal error: OperationalError: table project_forecasts
    # has no column named name" (exit 3), and the run was not recorded
    path = tmp_path / "old.sqlite"
    _old_layout(path)
    h = ForecastHistory(path)
    h.check()
    # read before this run extends it (the What changed sheet does): the columns added since are empty
    # (fuzz round 18, M2: KeyError 'due' after every step of the pack)
    assert h.previous("2026-06-30")[["due", "finish_p50", "name"]].isna().all().all()
    assert h.what_changed(_frame(), "2026-06-30")["project_id"].tolist() == ["P0", "P1", "P2"]
    h.record(_frame().assign(name=["a", "b", "c"]), as_of="2026-06-30", exported_at="2026-06-30")
    f = h.forecasts()
    assert list(h.runs()["as_of"].dt.strftime("%Y-%m-%d")) == ["2026-05-29", "2026-06-30"]
    assert f.loc[f["as_of"] == "2026-05-29", "prob_late"].tolist() == [0.7]  # the old run is kept
    assert f.loc[f["as_of"] == "2026-06-30", "name"].tolist() == ["a", "b", "c"]
    assert h.previous("2026-06-30")["finish_p80"].tolist() == [pd.Timestamp("2026-09-07")]


def test_a_history_whose_runs_lack_the_settings_is_kept_and_extended(tmp_path):
    # fuzz (a runs table without version and inputs): the pack stopped after every step with "Execution failed on
    # sql 'SELECT run_id, ... FROM runs ORDER BY as_of': no such column: version", naming no file, and wrote nothing
    path = tmp_path / "old.sqlite"
    _old_layout(path, settings="n_trials INTEGER, seed INTEGER")
    h = ForecastHistory(path)
    h.check()
    assert h.runs()[["n_trials", "version", "inputs"]].isna().all().all()  # not recorded then: unknown
    h.record(_frame(), as_of="2026-06-30", exported_at="2026-06-30", n_trials=100, version="9.9",
             inputs=[{"input": "tasks", "sha256": "ab"}])
    runs = h.runs()
    assert runs["as_of"].dt.strftime("%Y-%m-%d").tolist() == ["2026-05-29", "2026-06-30"]
    assert runs["version"].isna().tolist() == [True, False] and runs["version"].iloc[1] == "9.9"
    assert runs["inputs"].iloc[1] == '[{"input": "tasks", "sha256": "ab"}]'
    assert h.previous("2026-06-30")["finish_p80"].tolist() == [pd.Timestamp("2026-09-07")]  # the old run is kept


def test_a_history_the_pack_cannot_read_is_refused_before_any_work_naming_it(tmp_path):
    # the runs without their forecasts' table: refused after every step of the pack, "Execution failed on sql
    # 'SELECT r.as_of, f.* FROM project_forecasts ...': no such table: project_forecasts", naming no file
    path = tmp_path / "runs-only.sqlite"
    _old_layout(path)
    con = sqlite3.connect(path)
    con.execute("DROP TABLE project_forecasts")
    con.close()
    with pytest.raises(ValueError, match=f"^the forecast history {re.escape(str(path))} cannot be read \\(no such "
                                         r"table: project_forecasts\); give another path \(a new file is created\)$"):
        ForecastHistory(path).check()


@pytest.mark.parametrize(("version", "keys", "why"), [
    ("2", "run_id INTEGER NOT NULL, project_id TEXT NOT NULL",
     "was written by a newer pmo_forecast (layout version 2, this one reads up to 1): upgrade pmo_forecast"),
    ("1", "run_id INTEGER NOT NULL, project TEXT NOT NULL",
     "has another layout: its table project_forecasts has no column project_id"),
])
def test_a_history_this_version_cannot_read_is_refused_before_any_work(tmp_path, version, keys, why):
    path = tmp_path / "other.sqlite"
    _old_layout(path, version, keys)
    with pytest.raises(ValueError, match=f"^the forecast history {re.escape(str(path))} {re.escape(why)}; "
                                         r"give another path \(a new file is created\)$"):
        ForecastHistory(path).check()


def test_what_changed_in_words():
    before = _frame(late=(0.2, 0.5, 0.9))
    now = _frame(n=2, shift=14, scope=140.0, late=(0.2, 0.8))
    now.loc[1, "finish_p80"] = before.loc[1, "finish_p80"]  # P1 did not move
    now = pd.concat([now, _frame(n=1).assign(project_id="NEW")], ignore_index=True)
    out = what_changed(before, now).set_index("project_id")
    assert out.loc["P0", "finish_p80_moved_days"] == np.busday_count("2026-10-01", "2026-10-15") == 10
    assert out.loc["P0", "change"] == "finish (80% sure) 10 working days later; 40 h of scope added"
    assert out.loc["P1", "prob_late_change"] == pytest.approx(0.3)
    assert out.loc["P1", "change"] == "chance late up 30 points to 80%; 40 h of scope added"
    assert out.loc["P2", "change"] == "finished or closed since the last pack"
    assert out.loc["NEW", "change"] == "new since the last pack"
    assert what_changed(None, now).empty and what_changed(pd.DataFrame(), now).empty  # no last pack


def test_what_changed_counts_working_days_on_the_packs_calendar():
    # fuzz round 21: a 10-day shutdown left out, PRJ-40 read "66 working days earlier" where the pack's calendar gave 56
    before, now = _frame(n=1), _frame(n=1, shift=14)  # P80 2026-10-01 -> 2026-10-15: ten working days
    shutdown = pd.date_range("2026-10-05", "2026-10-09")  # Monday to Friday
    out = what_changed(before, now, calendar=shutdown)
    assert out.loc[0, "finish_p80_moved_days"] == 5
    assert out.loc[0, "change"].startswith("finish (80% sure) 5 working days later")
    assert what_changed(before, now, calendar={"weekmask": "1111110"})["finish_p80_moved_days"].iloc[0] == 12


def test_a_finish_moved_past_the_horizon_is_flagged_and_said():
    # fuzz: PRJ-47's P80 went 2026-11-06 -> beyond the horizon (NaT): no move, nothing said of the finish ("chance
    # late up 70 points to 100%"), and the key message counted only the small slips; the way back was silent too
    before = _frame().assign(finish_p80_after=pd.NaT)
    before.loc[2, ["finish_p80", "finish_p80_after"]] = [pd.NaT, pd.Timestamp("2036-05-29")]
    now = _frame().assign(finish_p80_after=pd.NaT)
    now.loc[0, ["finish_p80", "finish_p80_after"]] = [pd.NaT, pd.Timestamp("2036-06-30")]  # P0: moved past it
    now.loc[1, "finish_p80"] = pd.NaT  # P1: no date, and none it comes after (work that cannot finish): not said
    out = what_changed(before, now).set_index("project_id")
    assert out["finish_p80_past_horizon"].tolist() == [True, False, False]
    assert out["finish_p80_moved_days"].isna().all()  # no date, so no number of days
    assert out["change"].tolist() == ["finish (80% sure) moved past the horizon (after 2036-06-30)",
                                      "no material change",
                                      "finish (80% sure) back within the horizon (after 2036-05-29 at the last pack)"]
    # still beyond it: nothing moved that can be told
    assert what_changed(now, now).loc[0, ["finish_p80_past_horizon", "change"]].tolist() == [False,
                                                                                            "no material change"]


def test_the_date_a_finish_beyond_the_horizon_comes_after_is_recorded(tmp_path):
    h = ForecastHistory(tmp_path / "h.sqlite")
    h.record(_frame(n=2).assign(finish_p80=[pd.Timestamp("2026-10-01"), pd.NaT],
                                finish_p80_after=[pd.NaT, pd.Timestamp("2036-06-30")]),
             as_of="2026-06-30", exported_at="2026-06-30")
    assert h.forecasts()["finish_p80_after"].tolist() == [pd.NaT, pd.Timestamp("2036-06-30")]


def test_a_moved_due_date_or_budget_is_said_beside_the_chance():
    # fuzz round 21: a due date moved 2026-07-17 -> 2026-12-31 read "chance late down 85 points to 7%", as if the
    # project did better; a doubled budget was not mentioned at all
    before = _frame(late=(0.9, 0.5, 0.2))
    now = _frame(late=(0.1, 0.5, 0.2)).assign(due=pd.to_datetime(["2026-12-31", "2026-10-15", "2026-10-15"]),
                                              budget_hours=[900.0, 1800.0, 900.4])
    out = what_changed(before, now).set_index("project_id")
    assert out["rebaselined"].tolist() == [True, True, False]
    assert out.loc["P0", "change"] == ("due moved from 2026-10-15 to 2026-12-31 (re-baselined); chance late down "
                                       "80 points to 10%, against the new due date")
    assert out.loc["P1", "change"] == "budget raised from 900 to 1,800 h (re-baselined)"
    assert out.loc["P2", "change"] == "no material change"  # 0.4 h: not a new budget
    # a last pack of an earlier layout recorded neither: unknown, not "set"
    old = before.assign(due=pd.NaT, budget_hours=np.nan)
    assert not what_changed(old, now)["rebaselined"].any()


def test_a_chance_unknown_at_the_last_pack_and_known_now_is_said(tmp_path):
    # a project with no due date or budget at the last pack and both now (or a last pack without any) read
    # "no material change": its chances of being late and over budget, unknown then, were never said
    def frame(due, budget, late, over):
        return _frame(n=2).assign(due=pd.to_datetime(due), budget_hours=budget, prob_late=late, prob_overrun=over)

    now = frame(["2026-05-01", "2026-10-15"], [900.0, 900.0], [0.38, 0.9], [0.2, 0.4])
    h = ForecastHistory(tmp_path / "h.sqlite")
    h.record(frame([None, "2026-10-15"], [np.nan, 900.0], [np.nan, 0.9], [np.nan, 0.4]), as_of="2026-01-30",
             exported_at="2026-01-30")
    assert h.what_changed(now, "2026-02-27")["change"].tolist() == [
        "due date 2026-05-01 set and budget of 900 h set (re-baselined); chance late now known: 38%, against the "
        "new due date; chance over budget now known: 20%, against the new budget", "no material change"]
    # the last pack had no due dates or budgets at all: not compared as re-baselining, but the chances are said
    none = ForecastHistory(tmp_path / "none.sqlite")
    none.record(frame([None, None], [np.nan, np.nan], [np.nan, np.nan], [np.nan, np.nan]), as_of="2026-01-30",
                exported_at="2026-01-30")
    out = none.what_changed(now, "2026-02-27")
    assert not out["rebaselined"].any()
    assert out["change"].tolist() == [
        "chance late now known: 38% (due 2026-05-01; none at the last pack); chance over budget now known: 20% "
        "(budget 900 h; none at the last pack)",
        "chance late now known: 90% (due 2026-10-15; none at the last pack); chance over budget now known: 40% "
        "(budget 900 h; none at the last pack)"]


def test_what_changed_says_the_chance_of_going_over_budget():
    # left alone at stop 36: a project whose chance of going over budget rose from 20% to 70% read
    # "no material change"; a raised budget lowering it is said against the new budget
    before = _frame().assign(prob_overrun=[0.2, 0.6, 0.3])
    now = _frame().assign(prob_overrun=[0.7, 0.2, 0.32], budget_hours=[900.0, 1200.0, 900.0])
    out = what_changed(before, now).set_index("project_id")
    assert out.loc["P0", "prob_overrun_change"] == pytest.approx(0.5)
    assert out.loc["P0", "change"] == "chance over budget up 50 points to 70%"
    assert out.loc["P1", "change"] == ("budget raised from 900 to 1,200 h (re-baselined); chance over budget down "
                                       "40 points to 20%, against the new budget")
    assert out.loc["P2", "change"] == "no material change"  # 2 points: under the 5 that count
    # a last pack recorded without it (an earlier layout): not compared
    assert what_changed(_frame(), now).loc[0, "change"] == "no material change"


def test_a_change_in_a_chance_is_the_points_between_the_percents_shown():
    # fuzz: 4.49% -> 10.51% (4% -> 11% as shown) was a change cell of 0.0602, "6%", beside "up 7 points", and
    # -0.00333 showed "-0%" where nothing moved as shown
    before = _frame().assign(prob_late=[0.0449, 0.5, 0.3449], prob_overrun=[0.2, 0.10333, np.nan])
    now = _frame().assign(prob_late=[0.1051, 0.5, 0.3851], prob_overrun=[0.2, 0.1, 0.5])
    out = what_changed(before, now).set_index("project_id")
    assert out["prob_late_change"].tolist() == [0.07, 0.0, 0.05]
    assert out["prob_overrun_change"].fillna(-1).tolist() == [0.0, 0.0, -1]  # no "-0%"; unknown before: blank
    assert out.loc["P0", "change"] == "chance late up 7 points to 11%"
    # 34.49% -> 38.51% moved 4.02 points, 34% -> 39% as shown: 5, said as the cell shows it
    assert out.loc["P2", "change"] == "chance late up 5 points to 39%"


def test_forecasts_held_counts_met_dates():
    f = pd.concat([_frame(n=2).assign(as_of=pd.Timestamp("2026-06-30")),
                   _frame(n=2, shift=30).assign(as_of=pd.Timestamp("2026-07-31"))], ignore_index=True)
    # P0 finished 2026-10-10: after its first P80 (10-01), before its second (10-31); P1 never finished
    outcomes = pd.DataFrame({"completed": [True, False], "finished": [pd.Timestamp("2026-10-10 15:00"), pd.NaT]},
                            index=pd.Index(["P0", "P1"], name="project_id"))
    held = forecasts_held(f, outcomes).set_index("project_id")
    assert held.loc["P0", "forecasts"] == 2
    assert held.loc["P0", "share_by_p50"] == 0.0        # 09-01 and 10-01 both missed
    assert held.loc["P0", "share_by_p80"] == 0.5        # 10-01 missed, 10-31 met
    assert held.loc["P0", "share_by_p90"] == 1.0
    assert "P1" not in held.index and held.loc["all projects", "forecasts"] == 2


def test_how_forecasts_held_counts_a_project_once_it_closed_not_when_it_last_delivered(tmp_path):
    # A delivered its last task on 20 February, its leftover task open until cancelled on 11 May: a pack for
    # 31 March (A still open then) had scored A's forecast as finished, read from its delivery date alone
    from pmo_forecast.core import schema as S
    from pmo_forecast.reporting.outcomes import project_outcomes

    t = pd.DataFrame({S.TASK_ID: ["a1", "a2", "b1"], S.PROJECT_ID: ["A", "A", "B"], S.ESTIMATE: 10.0,
                      S.ACTUAL: [10.0, 2.0, 10.0], S.STATUS: [S.DONE, S.CANCELLED, S.DONE], S.ASSIGNEE: "Ann",
                      S.CREATED: pd.Timestamp("2026-01-05"), S.STARTED: pd.Timestamp("2026-01-05"),
                      S.FINISHED: pd.to_datetime(["2026-02-20", "2026-05-11", "2026-02-25"])})
    h = ForecastHistory(tmp_path / "h.sqlite")
    h.record(_frame(n=2).assign(project_id=["A", "B"]), as_of="2026-01-15", exported_at="2026-01-15")
    outcomes = project_outcomes(t)
    assert outcomes["closed_on"].tolist() == [pd.Timestamp("2026-05-11"), pd.Timestamp("2026-02-25")]
    march = h.how_forecasts_held(outcomes, "2026-03-31")
    assert march["project_id"].tolist() == ["B", "all projects"]
    june = h.how_forecasts_held(outcomes, "2026-06-30").set_index("project_id")
    assert june.loc["A", ["finished", "share_by_p80"]].tolist() == [pd.Timestamp("2026-02-20"), 1.0]  # delivered
    assert june.loc["all projects", "forecasts"] == 2


def test_forecasts_held_counts_a_date_beyond_the_horizon_as_met():
    # fuzz (pack): a P90 (or P80) with no date (beyond the ten-year horizon, or "never" in the trials where
    # the person leaves first) was counted as missed by a project that finished, and a forecast whose P80
    # had no date was left out: the shares understated how the forecasts held
    f = _frame(n=2).assign(as_of=pd.Timestamp("2026-06-30"))
    f["finish_p80_after"] = pd.NaT
    f.loc[0, "finish_p90"] = pd.NaT                                     # P0: P90 never
    f.loc[1, ["finish_p80", "finish_p90"]] = pd.NaT                     # P1: P80 past the horizon
    f.loc[1, "finish_p80_after"] = pd.Timestamp("2036-06-30")
    outcomes = pd.DataFrame({"completed": [True, True],
                             "finished": pd.to_datetime(["2026-10-10", "2026-12-01"])},
                            index=pd.Index(["P0", "P1"], name="project_id"))
    held = forecasts_held(f, outcomes).set_index("project_id")
    assert held.loc["P0", ["share_by_p50", "share_by_p80", "share_by_p90"]].tolist() == [0.0, 0.0, 1.0]
    assert held.loc["P1", ["share_by_p50", "share_by_p80", "share_by_p90"]].tolist() == [0.0, 1.0, 1.0]
    assert held.loc["all projects", ["forecasts", "share_by_p90"]].tolist() == [2, 1.0]
    # a run without finish dates (no people) forecast none: not scored
    assert forecasts_held(f.assign(finish_p50=pd.NaT, finish_p80=pd.NaT, finish_p90=pd.NaT,
                                   finish_p80_after=pd.NaT), outcomes).empty


def test_forecasts_held_scores_a_forecast_whose_p80_is_never():
    # P0's P50 was dated, its P80 and P90 "never" (its person leaves first in over a fifth of the trials): the
    # forecast was left out, as if the run had no finish dates, where a P90 "never" beside a dated P80 is met
    f = _frame(n=2).assign(as_of=pd.Timestamp("2026-06-30"), finish_p80_after=pd.NaT)
    f.loc[0, ["finish_p80", "finish_p90"]] = pd.NaT
    outcomes = pd.DataFrame({"completed": [True, True], "finished": pd.to_datetime(["2026-08-10", "2026-12-01"])},
                            index=pd.Index(["P0", "P1"], name="project_id"))
    held = forecasts_held(f, outcomes).set_index("project_id")
    assert held.loc["P0", ["forecasts", "share_by_p50", "share_by_p80", "share_by_p90"]].tolist() == [1, 1.0, 1.0, 1.0]
    assert held.loc["all projects", ["forecasts", "share_by_p50"]].tolist() == [2, 0.5]


def test_milestones_and_plot(tmp_path):
    import matplotlib.pyplot as plt

    h = ForecastHistory(tmp_path / "h.sqlite")
    h.record(_frame(), as_of="2026-06-30", exported_at="2026-07-01")
    m = h.milestones(_frame(shift=7), "2026-07-31")
    assert m.index.strftime("%Y-%m-%d").tolist() == ["2026-06-30", "2026-07-31"]
    assert (m.loc["2026-07-31", "P0"] - m.loc["2026-06-30", "P0"]).days == 7
    ax = h.plot_milestones(["P0"], current=_frame(shift=7), as_of="2026-07-31")
    assert ax.get_ylabel() == "forecast finish date" and len(ax.lines) == 3
    plt.close("all")


def test_a_pack_for_an_earlier_date_sees_only_the_runs_before_it(tmp_path):
    # the milestone trend showed forecasts made after the pack's own date, and nothing said so
    h = ForecastHistory(tmp_path / "h.sqlite")
    for as_of in ("2026-05-29", "2026-06-30"):
        h.record(_frame(), as_of=as_of, exported_at="2026-07-01")
    m = h.milestones(_frame(shift=7), "2026-04-30")
    assert m.index.strftime("%Y-%m-%d").tolist() == ["2026-04-30"]
    assert h.later_runs("2026-04-30")["as_of"].dt.strftime("%Y-%m-%d").tolist() == ["2026-05-29", "2026-06-30"]
    assert h.later_runs("2026-06-30").empty and h.previous("2026-04-30").empty


def test_a_history_of_other_data_is_named():
    before = _frame().assign(name=["Atlas", "Beacon", "Comet"])
    assert other_data(before, _frame().assign(name=["Atlas", "Beacon 2", "Comet"])) == ""  # one renamed
    assert other_data(before, _frame().assign(name=["X", "Y", "Comet"])) == (
        "2 of the 3 projects in both this pack and the last have another name in the history file: a history "
        "file of other data?")
    assert other_data(before, _frame().assign(project_id=["Q1", "Q2", "Q3"])).startswith(
        "none of the 3 projects of this pack is among the 3 of the last one")
    assert other_data(before.iloc[:0], _frame()) == ""
    # fuzz round 14 (G8): half renamed was not flagged, and projects finished since were not compared: a history
    # file of other data, 3 of its 6 open projects renamed and 3 of the 6 finished since, went unsaid
    six = _frame(6, late=[0.5] * 6).assign(name=list("ABCDEF"))
    now = six.iloc[:3].assign(name=["A", "x", "C"])
    projects = pd.DataFrame({"project_id": [f"P{i}" for i in range(6)], "name": ["A", "x", "C", "y", "z", "F"]})
    assert other_data(six, now) == ""  # 1 of 3 open ones renamed: a rename, not other data
    assert other_data(six, now, projects) == (
        "3 of the 6 projects in both this pack and the last have another name in the history file: a history "
        "file of other data?")
    assert other_data(six, now, projects.assign(name=list("AxCDEF"))) == ""  # 1 of 6


def test_scope_removed_is_said_without_a_minus():
    out = what_changed(_frame(scope=100.0), _frame(scope=60.0)).set_index("project_id")
    assert out.loc["P0", "change"] == "40 h of scope removed"  # was "-40 h of scope removed"


def test_forecast_table_and_a_backdated_history(generated, tmp_path):

    import pmo_forecast as pf
    from pmo_forecast.core import schema as S
    from pmo_forecast.forecasting.overrun import tasks_as_of
    from pmo_forecast.reporting.history import forecast_table
    from pmo_forecast.reporting.outcomes import project_outcomes

    tasks, projects, people = generated.tasks, generated.projects, generated.people
    h = ForecastHistory(tmp_path / "h.sqlite")
    cut = pd.Timestamp("2025-12-31")
    past = tasks_as_of(tasks, cut)
    model = pf.EstimationAccuracyModel(random_state=0).fit(past)
    # what the generated data has open at the cut, said by each forecast in the same words
    no_estimate = re.escape("1 open task has no positive estimate (PRJ-29-111); its project's median estimate is used. "
                            "Estimate it for a better forecast.")
    stale = re.escape(
        "1 open task has been under way longer than 99% of finished tasks took from start to finish (8 working days), "
        "oldest first: PRJ-31-212 (started 2025-12-18, 0 h booked, estimate 40 h). Each is forecast as still running, "
        "at least at its booked hours: 40 h still to do on it at P50, 1% of the open work. If it is finished or "
        "abandoned, close or cancel it in the tracker (pmo_forecast.aging_work lists it)")
    with pytest.warns(pf.DataQualityWarning, match=f"^{no_estimate}$"), \
            pytest.warns(pf.DataQualityWarning, match=f"^{stale}$"):
        fc = pf.forecast_overruns(model, past, projects, n_trials=300, random_state=0, project_correlation=0.1)
    with pytest.warns(pf.DataQualityWarning, match=f"^{no_estimate}$"), \
            pytest.warns(pf.DataQualityWarning, match=f"^{stale}$"):
        fin = pf.forecast_finish_dates(model, past, people, projects, as_of=cut, n_trials=300, random_state=0,
                                       project_correlation=0.1)
    table = forecast_table(fc, fin, past, projects)
    assert table["finish_p80"].notna().all() and (table["scope_hours"] > 0).all()
    h.record(table, as_of=cut, exported_at=cut)
    held = h.how_forecasts_held(project_outcomes(tasks, projects), "2026-06-30").set_index("project_id")
    # every project open at the cut and closed by the as-of date has one earlier forecast
    closed = set(projects.loc[projects[S.STATUS] == "closed", S.PROJECT_ID]) & set(table["project_id"])
    assert set(held.index) - {"all projects"} == closed and len(closed) >= 2
    fin_dates = project_outcomes(tasks, projects)["finished"].dt.normalize()
    want = np.mean([fin_dates[p] <= table.set_index("project_id").loc[p, "finish_p80"] for p in closed])
    assert held.loc["all projects", "share_by_p80"] == pytest.approx(want)


@pytest.mark.parametrize("edit, message", [
    ("UPDATE project_forecasts SET finish_p80 = 'soon' WHERE project_id = 'P1'",
     "table project_forecasts, column finish_p80: 'soon' is not a date (YYYY-MM-DD) (project P1 in the run for "
     "2026-06-30)"),
    ("UPDATE project_forecasts SET prob_late = 'high' WHERE project_id = 'P0'",
     "table project_forecasts, column prob_late: 'high' is not a number (project P0 in the run for 2026-06-30)"),
    ("UPDATE project_forecasts SET prob_late = 80 WHERE project_id = 'P2'",
     "table project_forecasts, column prob_late: 80.0 is not a chance between 0 and 1 (80% is 0.8) (project P2 in "
     "the run for 2026-06-30)"),
    ("UPDATE runs SET as_of = '30/06/2026'", "table runs, column as_of: '30/06/2026' is not a date (YYYY-MM-DD) "
     "(run 1)"),
    ("UPDATE runs SET as_of = ''", "table runs, column as_of: '' is not a date (YYYY-MM-DD) (run 1)"),
    ("INSERT INTO runs (as_of, exported_at) VALUES (' 2026-06-30', 'x'); INSERT INTO project_forecasts "
     "(run_id, project_id, finish_p80) VALUES (2, 'P0', '2026-12-01')",
     "table runs, column as_of: runs 1, 2 are all for 2026-06-30 (one forecast date written two ways"),
    # fuzz (trends): a table copied without its key (a SQLite browser's copy) and a row pasted twice had stopped
    # the pack after all its work with pandas' "cannot reindex on an axis with duplicate labels"
    ("CREATE TABLE copied AS SELECT * FROM project_forecasts; DROP TABLE project_forecasts; ALTER TABLE copied "
     "RENAME TO project_forecasts; INSERT INTO project_forecasts SELECT * FROM project_forecasts WHERE project_id = "
     "'P1'; UPDATE project_forecasts SET project_id = 'P2 ' WHERE project_id = 'P0'",
     "table project_forecasts, column project_id: projects P1, P2 are each in the run for 2026-06-30 more than "
     "once (a row copied, or an id written two ways: edited by hand?); delete all but one of each"),
])
def test_a_history_edited_by_hand_is_refused_naming_the_value(tmp_path, edit, message):
    # a date that is not one was a bare "Unknown datetime string format, unable to parse: soon" (no file, no
    # column); a chance of 80 (for 80%) read as 8,000%, a text one failed in what changed; a blank run date
    # dropped the run unsaid, and a run date written two ways made two "last packs"
    h = ForecastHistory(tmp_path / "h.sqlite")
    h.record(_frame(), as_of="2026-06-30", exported_at="2026-07-01")
    con = sqlite3.connect(h.path)
    con.executescript(edit)
    con.commit()
    con.close()
    for read in (h.check, h.forecasts, lambda: h.previous("2026-07-31")):
        with pytest.raises(SchemaError, match=re.escape(f"the forecast history {h.path}: {message}")) as e:
            read()
        assert e.value.file == str(h.path)
    assert str(e.value).endswith("or give another path (a new file is created)")


def test_a_project_new_or_gone_since_the_last_pack_is_not_re_baselined():
    # a new project's due date and budget had read as "set", a closed one's as "removed": both were flagged
    # re-baselined and named among the key message's re-baselined projects
    prev, cur = _frame(n=3), _frame(n=4, late=(0.2, 0.5, 0.9, 0.1)).iloc[1:].copy()
    out = what_changed(prev, cur).set_index("project_id")
    assert out["rebaselined"].to_dict() == {"P1": False, "P2": False, "P3": False, "P0": False}
    assert out.loc["P0", "change"] == "finished or closed since the last pack"
    assert out.loc["P3", "change"] == "new since the last pack"
    # one in both packs still says its moved goalposts
    cur.loc[cur["project_id"] == "P1", "due"] = pd.Timestamp("2026-12-31")
    out = what_changed(prev, cur).set_index("project_id")
    assert out["rebaselined"].to_dict() == {"P1": True, "P2": False, "P3": False, "P0": False}
    assert out.loc["P1", "change"] == "due moved from 2026-10-15 to 2026-12-31 (re-baselined)"


def test_a_pack_for_an_earlier_date_scores_only_the_finishes_known_then(tmp_path):
    # a pack made for 2026-08-31 from data of the end of the year had scored the 2026-06-30 forecasts against
    # P0's finish on 2026-10-10, still to come on its date
    h = ForecastHistory(tmp_path / "h.sqlite")
    h.record(_frame(n=2), as_of="2026-06-30", exported_at="2026-07-01")
    outcomes = pd.DataFrame({"completed": [True, True],
                             "finished": [pd.Timestamp("2026-10-10 15:00"), pd.Timestamp("2026-08-31 17:00")]},
                            index=pd.Index(["P0", "P1"], name="project_id"))
    held = h.how_forecasts_held(outcomes, "2026-08-31").set_index("project_id")
    assert list(held.index) == ["P1", "all projects"]  # P1 finished on the pack's date: known then
    assert held.loc["P1", "share_by_p80"] == 1.0  # by its 80%-sure 2026-10-08
    assert h.how_forecasts_held(outcomes, "2026-08-30").empty
    assert list(h.how_forecasts_held(outcomes, "2026-12-31")["project_id"]) == ["P0", "P1", "all projects"]


def test_a_last_pack_whose_projects_all_closed_since_is_not_other_data():
    # a quarter's turnover: the last pack's two projects closed, two new ones open; the projects table has all
    # four, yet "none of the 2 projects of this pack is among the 2 of the last one: a history file of other data?"
    before = _frame(n=2).assign(name=["Atlas", "Beacon"])
    now = _frame(n=4, late=[0.5] * 4).iloc[2:].assign(name=["Comet", "Dune"])
    projects = pd.DataFrame({"project_id": ["P0", "P1", "P2", "P3"], "name": ["Atlas", "Beacon", "Comet", "Dune"]})
    assert other_data(before, now, projects) == ""
    assert other_data(before, now, projects.drop(columns="name")) == ""
    assert other_data(before, now, projects.assign(name=["x", "y", "Comet", "Dune"])) == (
        "each of the 2 projects in both this pack and the last has another name in the history file: a history "
        "file of other data?")
    # one project in both, renamed: "1 of the 1 projects ... have" read as two mistakes, "1 of the 1 project" as one
    assert other_data(before.iloc[:1], now, projects.assign(name=["x", "y", "Comet", "Dune"])) == (
        "the one project in both this pack and the last has another name in the history file: a history "
        "file of other data?")
    # one project on either side: "none of the 1 projects of this pack is among the 1 of the last one"
    tail = ": a history file of other data? (what changed then compares nothing)"
    assert other_data(before.iloc[:1].assign(project_id=["X1"]), now.iloc[:1]) == (
        "the one project of this pack is not the one project of the last one" + tail)
    assert other_data(before.iloc[:1].assign(project_id=["X1"]), now) == (
        "none of the 2 projects of this pack is the one project of the last one" + tail)
    assert other_data(before.assign(project_id=["X1", "X2"]), now.iloc[:1]) == (
        "the one project of this pack is not among the 2 of the last one" + tail)
    other = before.assign(project_id=["X1", "X2"])  # another organisation's ids
    assert other_data(other, now, projects).startswith("none of the 2 projects of this pack is among the 2 of the "
                                                         "last one: a history file of other data?")


def test_a_pack_without_due_dates_or_budgets_does_not_re_baseline_every_project():
    # a pack run without the projects table had every project "due date 2026-10-15 removed and budget of 900 h
    # removed (re-baselined)", and the key message named them all re-baselined
    before, now = _frame(), _frame(shift=7).drop(columns=["due", "budget_hours"])
    out = what_changed(before, now).set_index("project_id")
    assert not out["rebaselined"].any()
    assert out.loc["P0", "change"] == "finish (80% sure) 5 working days later"
    assert baselines_not_compared(before, now) == (
        "the last pack had due dates and budgets, this one has none (run without the projects table, or a column "
        "missing from it?): their changes are not compared")
    assert baselines_not_compared(before, now.assign(due=pd.NaT, budget_hours=900.0)).startswith(
        "the last pack had due dates, this one has none")
    assert baselines_not_compared(before, _frame()) == ""
    # one project's due date removed is still a re-baselining
    one = _frame().assign(due=[pd.NaT, pd.Timestamp("2026-10-15"), pd.Timestamp("2026-10-15")])
    assert what_changed(before, one).set_index("project_id").loc["P0", "change"] == (
        "due date 2026-10-15 removed (re-baselined)")


def test_a_last_pack_with_no_open_project_is_the_one_compared_with(tmp_path):
    # Jan (3 open) -> Feb (every project closed: a run with no rows) -> Mar compared with Jan, Feb skipped
    h = ForecastHistory(tmp_path / "h.sqlite")
    h.record(_frame().iloc[:0], as_of="2026-01-30", exported_at="2026-01-30")  # the first pack, none open
    assert h.previous_run("2026-02-27") == pd.Timestamp("2026-01-30") and h.previous("2026-02-27").empty
    assert h.what_changed(_frame(n=1), "2026-02-27")["change"].tolist() == ["new since the last pack"]
    h.record(_frame(), as_of="2026-01-30", exported_at="2026-01-30")
    h.record(_frame().iloc[:0], as_of="2026-02-27", exported_at="2026-02-27")
    assert h.previous_run("2026-03-31") == pd.Timestamp("2026-02-27")
    assert h.previous("2026-03-31").empty and "project_id" in h.previous("2026-03-31")
    out = h.what_changed(_frame(n=2), "2026-03-31")
    assert out["project_id"].tolist() == ["P0", "P1"]
    assert out["change"].tolist() == ["new since the last pack"] * 2
    assert not out["rebaselined"].any() and out["finish_p80_moved_days"].isna().all()
    # Feb itself compares with Jan: all three gone
    assert h.what_changed(_frame().iloc[:0], "2026-02-27")["change"].tolist() == [
        "finished or closed since the last pack"] * 3
    assert h.previous_run("2026-01-30") is None and h.what_changed(_frame(), "2026-01-30").empty


def test_a_project_gone_from_the_data_is_told_from_one_closed():
    # P2 is in neither the tasks nor the projects table now: it read "finished or closed since the last pack"
    before, now = _frame(), _frame(n=1)
    out = what_changed(before, now, known=["P0", "P1"]).set_index("project_id")["change"]
    assert out.to_dict() == {"P0": "no material change", "P1": "finished or closed since the last pack",
                             "P2": "no longer in the data (removed from the export?)"}
    assert (CLOSED_SINCE, GONE_FROM_DATA) == (out["P1"], out["P2"])  # the texts the key message counts
    # without the data's projects the two are not told apart (documented)
    assert what_changed(before, now)["change"].tolist()[1:] == ["finished or closed since the last pack"] * 2


def test_a_project_whose_tasks_were_all_cancelled_since_the_last_pack_is_said():
    # fuzz: a project whose tasks were all cancelled between the packs (no finish, no chances, no scope left:
    # blank) read "no material change"
    d = pd.Timestamp("2026-09-01")
    prev = pd.DataFrame({"project_id": ["A", "C"], "finish_p80": d, "prob_late": 0.3, "prob_overrun": 0.2,
                         "effort_p80_hours": 100.0, "scope_hours": 100.0})
    cur = pd.DataFrame({"project_id": ["A", "C"], "finish_p80": [d, pd.NaT], "prob_late": [0.3, np.nan],
                        "prob_overrun": [0.2, np.nan], "effort_p80_hours": [100.0, 40.0],
                        "scope_hours": [100.0, np.nan]})
    out = what_changed(prev, cur).set_index("project_id")
    assert out["change"].to_dict() == {"A": "no material change", "C": "every task cancelled (100 h of scope)"}
    assert out.loc["C", "scope_added_hours"] == -100.0


def test_a_history_with_many_values_edited_names_ten_and_counts_the_rest(tmp_path):
    # twelve unreadable rows were named as ten joined by "; " then " and more", not saying how many were left out
    h = ForecastHistory(tmp_path / "h.sqlite")
    h.record(_frame(n=12, late=[0.5] * 12), as_of="2026-06-30", exported_at="2026-07-01")
    con = sqlite3.connect(h.path)
    con.execute("UPDATE project_forecasts SET prob_late = 'high'")
    con.commit()
    con.close()
    named = ", ".join(f"project P{i} in the run for 2026-06-30" for i in range(10))  # P2 before P10
    with pytest.raises(SchemaError, match=re.escape(
            f"table project_forecasts, column prob_late: 'high' is not a number ({named} and 2 more); correct the "
            "file")):
        h.forecasts()


def test_a_history_with_many_values_edited_names_ten_of_them_in_the_plural_in_the_order_ids_are_read(tmp_path):
    # every value was listed, however many, "is not a number" after several, and in the file's order, as text
    # (P0, P1, P10, P11, P2)
    h = ForecastHistory(tmp_path / "h.sqlite")
    h.record(_frame(n=12, late=[0.5] * 12), as_of="2026-06-30", exported_at="2026-07-01")
    con = sqlite3.connect(h.path)
    con.execute("UPDATE project_forecasts SET prob_late = 'x' || substr(project_id, 2)")
    con.commit()
    con.close()
    values = ", ".join(f"'x{i}'" for i in range(10))
    named = ", ".join(f"project P{i} in the run for 2026-06-30" for i in range(10))
    with pytest.raises(SchemaError) as e:
        h.forecasts()
    assert str(e.value) == (f"the forecast history {h.path}: table project_forecasts, column prob_late: {values} and 2 "
                            f"more are not numbers ({named} and 2 more); correct the file (edited by hand?) or give "
                            "another path (a new file is created)")


def test_projects_twice_in_a_run_are_named_in_the_order_ids_are_read(tmp_path):
    # they were sorted as text: P10 and P11 before P2
    h = ForecastHistory(tmp_path / "h.sqlite")
    h.record(_frame(n=12, late=[0.5] * 12), as_of="2026-06-30", exported_at="2026-07-01")
    con = sqlite3.connect(h.path)
    con.executescript("CREATE TABLE copied AS SELECT * FROM project_forecasts; DROP TABLE project_forecasts; "
                      "ALTER TABLE copied RENAME TO project_forecasts; INSERT INTO project_forecasts SELECT * FROM "
                      "project_forecasts")
    con.close()
    with pytest.raises(SchemaError) as e:
        h.forecasts()
    assert str(e.value).startswith(
        f"the forecast history {h.path}: table project_forecasts, column project_id: projects P0, P1, P2, P3, P4, P5, "
        "P6, P7, P8, P9 and 2 more are each in the run for 2026-06-30 more than once")
