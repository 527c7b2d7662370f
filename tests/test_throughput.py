"""Throughput forecasts: known answers from constant and alternating weekly throughput."""

import re

import numpy as np
import pandas as pd
import pytest

from pmo_forecast.core import schema as S
from pmo_forecast.core.calendar import WorkingCalendar
from pmo_forecast.core.exceptions import SchemaError
from pmo_forecast.forecasting.finish import NEVER
from pmo_forecast.forecasting.throughput import (
    ThroughputForecast,
    forecast_throughput,
    weekly_throughput,
)

AS_OF = pd.Timestamp("2025-01-03")  # a Friday: business day 0; day 5 is Friday 2025-01-10


def history(per_week, project="A", n_open=0):
    """Tasks finished mid-week in each past week (``per_week[k]`` items k weeks ago)."""
    rows = []
    for k, n in enumerate(per_week):
        for i in range(n):
            rows.append((f"{project}-{k}-{i}", project, S.DONE, AS_OF - pd.Timedelta(days=7 * k + 3)))
    for i in range(n_open):
        rows.append((f"{project}-open-{i}", project, S.OPEN, pd.NaT))
    return pd.DataFrame(rows, columns=[S.TASK_ID, S.PROJECT_ID, S.STATUS, S.FINISHED])


def test_weekly_counts_keep_zero_weeks():
    # the history starts two weeks ago (its first task), so three weeks of the four asked; with a task
    # created four weeks ago the fourth week is observed and empty (fuzz round 21, R4)
    h = weekly_throughput(history([3, 0, 2]), AS_OF, window_weeks=4)
    assert h["all"].tolist() == [3, 0, 2]
    t = history([3, 0, 2]).assign(**{S.CREATED: AS_OF - pd.Timedelta(days=25)})
    assert weekly_throughput(t, AS_OF, window_weeks=4)["all"].tolist() == [3, 0, 2, 0]


def test_weeks_before_a_project_existed_are_not_zero_weeks():
    # fuzz round 21 (R4): B finished 2 items a week for its 12 weeks, A 1 a week for 26; the 14 weeks before B's
    # first task counted as zero weeks: mean 24/26 = 0.92 a week and 4 open items took ~4.3 weeks, not 2
    tasks = pd.concat([history([1] * 26, "A", n_open=2), history([2] * 12, "B", n_open=4)], ignore_index=True)
    h = weekly_throughput(tasks, AS_OF, by=S.PROJECT_ID)
    assert h["B"].notna().sum() == 12 and h["A"].notna().sum() == 26 and len(h) == 26
    bp = forecast_throughput(tasks, None, as_of=AS_OF, n_trials=200, random_state=0).by_project()
    # B: 4 items at 2 a week = 2 weeks = Friday 2025-01-17, every trial
    assert bp.loc["B", "mean_weekly_throughput"] == 2 and bp.loc["B", "p90"] == pd.Timestamp("2025-01-17")
    assert bp.loc["B", "history_weeks"] == 12
    assert bp.loc["B", "note"] == "throughput from the 12 weeks since its first task, not the 26 asked"
    assert bp.loc["A", "note"] == "" and bp.loc["A", "p50"] == pd.Timestamp("2025-01-17")  # 2 items at 1 a week


def test_a_project_s_dates_do_not_move_when_another_is_added():
    # fuzz round 21 (R3): one generator was consumed group by group, so adding project A (sorted first) moved
    # B's draws and its P50 by a week; each group's draws are seeded by the group's name
    rng = np.random.default_rng(5)
    b = history(rng.integers(0, 4, 26).tolist(), "B", n_open=9)
    both = pd.concat([history([1] * 26, "A", n_open=3), b], ignore_index=True)
    alone = forecast_throughput(b, None, as_of=AS_OF, by_date="2025-02-28", n_trials=500, random_state=2)
    added = forecast_throughput(both, None, as_of=AS_OF, by_date="2025-02-28", n_trials=500, random_state=2)
    np.testing.assert_array_equal(alone.samples[:, 0], added.samples[:, 1])
    np.testing.assert_array_equal(alone.items_samples[:, 0], added.items_samples[:, 1])


def test_a_day_counts_until_its_end():
    # fuzz round 14 (G9): weeks were measured from midnight at the start of the as-of day, so work finished at
    # 15:00 that day was in no week; a week is seven whole days ending with the as-of day
    t = pd.DataFrame({S.TASK_ID: ["a", "b", "c", "d", "e"], S.PROJECT_ID: "A", S.STATUS: S.DONE,
                      S.FINISHED: [AS_OF + pd.Timedelta(hours=15), AS_OF - pd.Timedelta(days=6),
                                   AS_OF - pd.Timedelta(days=6, hours=-23), AS_OF - pd.Timedelta(days=7),
                                   AS_OF + pd.Timedelta(days=1)]})
    assert weekly_throughput(t, AS_OF, window_weeks=2)["all"].tolist() == [3, 1]


def test_constant_throughput_gives_exact_dates_and_counts():
    # 5 items every week: 20 items take exactly 4 weeks = 20 working days -> Friday 2025-01-31
    fc = forecast_throughput(history([5] * 26), 20, as_of=AS_OF, by_date="2025-01-17",
                             n_trials=500, random_state=0)
    row = fc.by_project().loc["all"]
    assert row["p50"] == row["p90"] == pd.Timestamp("2025-01-31")
    # by Friday 2025-01-17, two whole weeks: exactly 10 items
    assert row["items_p50"] == row["items_p90"] == 10
    assert row["mean_weekly_throughput"] == 5


def test_items_by_a_date_are_whole_and_never_more_than_remain():
    # 694 items "by" a date for 5 remaining (the team's whole throughput), and fractions (648.6 at P80): a count
    # of items stops at those remaining and counts whole items, the last week's done evenly through it
    tasks = history([5] * 26)
    row = forecast_throughput(tasks, 20, as_of=AS_OF, by_date="2025-01-15", n_trials=100, random_state=0
                              ).by_project().loc["all"]
    assert row["items_p50"] == row["items_p90"] == 8  # a week and three days: 5, and 3 of the second week's 5
    alternating = forecast_throughput(history([3, 4] * 13), 9, as_of=AS_OF, by_date="2025-03-28", n_trials=500,
                                      random_state=0)
    assert alternating.items_samples.max() == 9 and (alternating.items_samples == np.floor(alternating.items_samples)).all()
    assert alternating.by_project().loc["all", ["items_p50", "items_p80", "items_p90"]].tolist() == [9, 9, 9]


def test_alternating_weeks_known_distribution():
    # weeks of 0 or 10 items, equally likely: 10 items are done at the end of the first
    # 10-week, i.e. after 1, 2, 3 weeks with probability 1/2, 1/4, 1/8
    fc = forecast_throughput(history([0, 10] * 13), 10, as_of=AS_OF, n_trials=20_000, random_state=1,
                             quantiles=(0.4, 0.6, 0.8))
    days = fc.samples[:, 0]
    assert (days == 5).mean() == pytest.approx(0.5, abs=0.015)
    assert (days == 10).mean() == pytest.approx(0.25, abs=0.015)
    row = fc.by_project().loc["all"]
    # cdf 0.5, 0.75, 0.875 after weeks 1, 2, 3: P40 is week 1, P60 week 2, P80 week 3
    assert row["p40"] == pd.Timestamp("2025-01-10")
    assert row["p60"] == pd.Timestamp("2025-01-17")
    assert row["p80"] == pd.Timestamp("2025-01-24")


def test_per_project_and_open_counts_and_deadline():
    tasks = pd.concat([history([2] * 26, "A", n_open=4), history([1] * 26, "B", n_open=3)], ignore_index=True)
    projects = pd.DataFrame({S.PROJECT_ID: ["A", "B"], S.DUE: pd.to_datetime(["2025-01-10", "2025-01-31"])})
    bp = forecast_throughput(tasks, None, as_of=AS_OF, projects=projects, n_trials=200,
                             random_state=0).by_project()
    assert bp["remaining_items"].to_dict() == {"A": 4, "B": 3}
    # A: 4 items at 2 a week = 2 weeks = 2025-01-17, due 2025-01-10: every trial late, said plainly
    assert bp.loc["A", "p50"] == pd.Timestamp("2025-01-17") and bp.loc["A", "prob_on_time"] == 0
    assert bp.loc["A", "note"] == ("every trial misses the due date 2025-01-10: chance of meeting it 0%; finishes "
                                   "between 2025-01-17 and 2025-01-17")
    # B: 3 items at 1 a week = 3 weeks = 2025-01-24, due 2025-01-31: on time
    assert bp.loc["B", "p50"] == pd.Timestamp("2025-01-24") and bp.loc["B", "prob_late"] == 0


def test_a_due_date_before_the_as_of_date_is_said_as_passed_as_the_finish_dates_say_it():
    # it said "every trial misses the due date 2024-12-20: chance of meeting it 0%; ..." where the finish-date
    # forecast says the due date has already passed (tests/test_finish.py, test_deadline_edge_cases: project D)
    projects = pd.DataFrame({S.PROJECT_ID: ["D"], S.DUE: [pd.Timestamp("2024-12-20")]})
    row = forecast_throughput(history([5] * 26, "D", n_open=5), None, as_of=AS_OF, projects=projects, n_trials=100,
                              random_state=0).by_project().loc["D"]
    assert row["prob_late"] == 1.0
    # the due date named (a committee reader had to look it up) and the finish said as the finish dates say it (the
    # Projects sheet shows both forecasts' notes, and read "done between" on one row, "finishes between" on another)
    assert row["note"] == "due date 2024-12-20 already passed; finishes between 2025-01-10 and 2025-01-10"


def test_a_project_with_nothing_left_finished_on_its_last_finish():
    # it was dated on the as-of day; the effort plan dates such a project on its last finish, as here
    tasks = pd.concat([history([2] * 26, "A", n_open=4), history([1] * 3, "B")], ignore_index=True)
    bp = forecast_throughput(tasks, {"A": 4, "B": 0}, as_of=AS_OF, n_trials=100, random_state=0).by_project()
    last_b = tasks.loc[tasks[S.PROJECT_ID] == "B", S.FINISHED].max()
    assert bp.loc["B", "p50"] == bp.loc["B", "p90"] == last_b.normalize() and bp.loc["B", "note"] == "nothing remaining"
    assert bp.loc["A", "p50"] == pd.Timestamp("2025-01-17")


def test_a_finished_group_with_undated_done_tasks_says_how_many_it_may_have_finished_after():
    # it said "nothing remaining", dated on its last dated done task, silent on done tasks with no finish date
    # (which may have been done later); the plan's note said so: the same words here
    undated = pd.DataFrame({S.TASK_ID: ["B-x", "B-y", "C-x"], S.PROJECT_ID: ["B", "B", "C"], S.STATUS: S.DONE,
                            S.FINISHED: pd.NaT})
    tasks = pd.concat([history([2] * 26, "A", n_open=4), history([1], "B"), history([1], "C"), history([1], "D"),
                       undated], ignore_index=True)
    fc = forecast_throughput(tasks, {"A": 4, "B": 0, "C": 0, "D": 0}, as_of=AS_OF, n_trials=100, random_state=0)
    bp = fc.by_project()
    assert fc.done_undated.tolist() == [0, 2, 1, 0]
    assert bp.loc["B", "note"] == ("nothing remaining; its last dated task was done on 2024-12-31 (not a forecast), "
                                   "but 2 done tasks have no finish date, so it may have finished later")
    assert bp.loc["C", "note"] == ("nothing remaining; its last dated task was done on 2024-12-31 (not a forecast), "
                                   "but 1 done task has no finish date, so it may have finished later")
    assert bp.loc["D", "note"] == "nothing remaining"


def test_a_finished_groups_finish_in_a_typo_year_is_counted_among_its_unknown_finishes():
    # a done task finished "2204-12-31" for 2024 was not counted among the done tasks without a finish date, and
    # dated the group beyond the horizon: read as blank by the one rule, as the plan reads it
    typo = pd.DataFrame({S.TASK_ID: ["B-x", "B-y"], S.PROJECT_ID: ["B", "B"], S.STATUS: S.DONE,
                         S.FINISHED: pd.to_datetime(["2204-12-31", None])})
    tasks = pd.concat([history([2] * 26, "A", n_open=4), history([1], "B"), typo], ignore_index=True)
    fc = forecast_throughput(tasks, {"A": 4, "B": 0}, as_of=AS_OF, n_trials=100, random_state=0)
    assert fc.done_undated.tolist() == [0, 2]
    assert fc.by_project().loc["B", ["p50", "note"]].tolist() == [
        pd.Timestamp("2024-12-31"), "nothing remaining; its last dated task was done on 2024-12-31 (not a forecast), "
                                    "but 2 done tasks have no finish date (1 read as blank: a date far beyond or "
                                    "before the rest of the data), so it may have finished later"]


def test_a_forecast_with_finished_groups_leaves_its_inputs_as_they_were():
    # the groups with nothing left are dated on their last finish into a new array, not into one given in
    undated = pd.DataFrame({S.TASK_ID: ["B-x"], S.PROJECT_ID: ["B"], S.STATUS: S.DONE, S.FINISHED: pd.NaT})
    tasks = pd.concat([history([2] * 26, "A", n_open=4), history([1] * 3, "B"), undated], ignore_index=True)
    remaining = pd.Series({"A": 4.0, "B": 0.0})
    projects = pd.DataFrame({S.PROJECT_ID: ["A", "B"], S.DUE: pd.to_datetime(["2025-02-28", "2025-01-31"])})
    given = (tasks.copy(deep=True), remaining.copy(deep=True), projects.copy(deep=True))
    fc = forecast_throughput(tasks, remaining, as_of=AS_OF, projects=projects, by_date="2025-02-03", n_trials=100,
                             random_state=0)
    assert fc.done_undated.tolist() == [0, 1]
    pd.testing.assert_frame_equal(tasks, given[0])
    pd.testing.assert_series_equal(remaining, given[1])
    pd.testing.assert_frame_equal(projects, given[2])


def test_a_forecast_built_by_hand_takes_its_forecast_date_and_undated_done_tasks():
    # forecast_throughput set as_of and done_undated on the result after building it (as_of a class attribute
    # None): a result built by hand could not be given either, and its notes left them out
    cal = WorkingCalendar()
    sunday = pd.Timestamp("2025-01-05")
    origin = cal.origin(sunday)  # Friday 2025-01-03
    last_b = int(cal.last_offset_by(origin, [pd.Timestamp("2024-12-31")])[0])
    fc = ThroughputForecast(np.array([[NEVER, last_b]] * 3), None, np.array(["A", "B"], dtype=object),
                            np.array([5, 0]), pd.DataFrame({"A": [1.0], "B": [1.0]}), origin, cal,
                            np.full(2, np.datetime64("NaT"), dtype="datetime64[ns]"), None, (0.5, 0.8),
                            as_of=sunday, done_undated=np.array([0, 2]))
    notes = fc.by_project()["note"]
    assert fc.as_of == sunday and fc.done_undated.tolist() == [0, 2]
    assert notes["A"] == ("it finishes only after 2035-01-03, over 10 years after 2025-01-03, the last working "
                          "day before the forecast date 2025-01-05: beyond the horizon, so no date is shown past it")
    assert notes["B"] == ("nothing remaining; its last dated task was done on 2024-12-31 (not a forecast), "
                          "but 2 done tasks have no finish date, so it may have finished later")


def test_no_history_gives_no_forecast_not_an_error():
    fc = forecast_throughput(history([0] * 26), 5, as_of=AS_OF, n_trials=100, random_state=0)
    row = fc.by_project().loc["all"]
    assert (fc.samples == NEVER).all() and pd.isna(row["p50"])
    assert "no items finished" in row["note"]
    assert fc.after_horizon(0.8).isna().all()  # no forecast: not one beyond the horizon
    # no forecast: the chance of lateness is unknown, not 100% (it made the project red)
    due = pd.DataFrame({S.PROJECT_ID: ["A"], S.DUE: [AS_OF + pd.Timedelta(days=60)]})
    row = forecast_throughput(history([0] * 26, n_open=5), None, as_of=AS_OF, projects=due, n_trials=100,
                              random_state=0).by_project().loc["A"]
    assert np.isnan(row["prob_late"]) and np.isnan(row["prob_on_time"]) and row["remaining_items"] == 5
    # nor how many by a date (fuzz round 21: 0 by the due date beside "no forecast possible")
    row = forecast_throughput(history([0] * 26), 5, as_of=AS_OF, by_date="2025-02-28", n_trials=100,
                              random_state=0).by_project().loc["all"]
    assert row[["items_p50", "items_p80", "items_p90"]].isna().all()


def test_reproducible_and_plots():
    rng = np.random.default_rng(3)
    tasks = history(rng.integers(0, 8, 26).tolist())
    a = forecast_throughput(tasks, 30, as_of=AS_OF, n_trials=300, random_state=9)
    b = forecast_throughput(tasks, 30, as_of=AS_OF, n_trials=300, random_state=9)
    np.testing.assert_array_equal(a.samples, b.samples)
    assert a.plot().get_ylabel() == "chance of being done"
    assert "<table" in a._repr_html_()


def test_bad_remaining_items():
    with pytest.raises(ValueError, match="non-negative"):
        forecast_throughput(history([1] * 4), -3, as_of=AS_OF)


def test_quantile_levels_are_checked_up_front_and_labelled_to_the_half_percent():
    # fuzz round 23: a level of 1.5 was accepted and failed only when the result was shown; 0.975 read p98
    with pytest.raises(ValueError, match=r"^quantiles are levels strictly between 0 and 1 \(0.8 for P80\); got 1.5 "
                                         r"among 0.5, 1.5$"):
        forecast_throughput(history([5] * 26), 20, as_of=AS_OF, n_trials=10, quantiles=(0.5, 1.5))
    fc = forecast_throughput(history([5] * 26), 20, as_of=AS_OF, by_date="2025-01-17", n_trials=50, random_state=0,
                             quantiles=(0.025, 0.975))
    row = fc.by_project().loc["all"]
    assert row["p2.5"] == row["p97.5"] == pd.Timestamp("2025-01-31") and row["items_p97.5"] == 10


def test_items_done_beyond_the_horizon_are_nat_with_a_note_not_wrapped_round():
    # fuzz round 23: 20,000 items at one every other week (770 years) gave dates wrapped round past 2262
    # into the past (a P50 before as_of)
    tasks = history([0, 1] * 13)
    due = pd.DataFrame({S.PROJECT_ID: ["all"], S.DUE: [pd.Timestamp("2026-01-01")]})
    fc = forecast_throughput(tasks, 20_000, as_of=AS_OF, projects=due, n_trials=100, random_state=0)
    row = fc.by_project().loc["all"]
    assert row[["p50", "p90", "earliest", "latest"]].isna().all()
    assert row["prob_late"] == 1.0
    # in the finish-date forecast's words (its "it finishes only after"), not "the items are done only after"
    assert row["note"] == ("it finishes only after 2035-01-03, over 10 years after the forecast date: beyond "
                           "the horizon, so no date is shown past it")
    assert fc.after_horizon(0.8)["all"] == pd.Timestamp("2035-01-03")  # not done within it (NEVER): beyond it
    fc.plot()
    # as of the Sunday after, the horizon still counts from Friday 2025-01-03: the note names it
    sunday = forecast_throughput(tasks, 20_000, as_of="2025-01-05", projects=due, n_trials=100, random_state=0)
    assert sunday.by_project().at["all", "note"] == (
        "it finishes only after 2035-01-03, over 10 years after 2025-01-03, the last working day before the "
        "forecast date 2025-01-05: beyond the horizon, so no date is shown past it")


def test_a_group_whose_tasks_are_all_cancelled_has_no_date_and_is_neither_late_nor_on_time():
    # fuzz round 23: with nothing remaining and no finish date it was dated on the as-of day, on time
    cancelled = pd.DataFrame({S.TASK_ID: ["B-1"], S.PROJECT_ID: ["B"], S.STATUS: [S.CANCELLED], S.FINISHED: [pd.NaT]})
    tasks = pd.concat([history([2] * 26, "A", n_open=4), cancelled], ignore_index=True)
    due = pd.DataFrame({S.PROJECT_ID: ["A", "B"], S.DUE: [pd.Timestamp("2025-06-30")] * 2})
    fc = forecast_throughput(tasks, {"A": 4, "B": 0}, as_of=AS_OF, projects=due, n_trials=100, random_state=0)
    bp = fc.by_project()
    assert bp.loc["A", "p50"] == pd.Timestamp("2025-01-17") and bp.loc["A", "prob_late"] == 0.0
    assert bp.loc["B", ["p50", "p90", "prob_late", "prob_on_time"]].isna().all()
    assert bp.loc["B", "note"] == ("nothing remaining and no finish date (every task cancelled, or finished without a "
                                   "date): neither late nor on time")
    assert fc.undated.tolist() == [False, True]


def test_a_group_whose_tasks_were_all_cancelled_on_a_date_has_no_date_either():
    # fuzz (pack): cancelled tasks carrying a finished date (Jira's 'Resolved' on Won't Do) dated the group on
    # its last cancellation: "nothing remaining", on time, green in the pack, for a project that delivered nothing
    cancelled = pd.DataFrame({S.TASK_ID: ["B-1", "C-1", "C-2"], S.PROJECT_ID: ["B", "C", "C"],
                              S.STATUS: [S.CANCELLED, S.DONE, S.CANCELLED],
                              S.FINISHED: pd.to_datetime(["2024-12-20", "2024-12-10", "2024-12-30"])})
    tasks = pd.concat([history([2] * 26, "A", n_open=4), cancelled], ignore_index=True)
    due = pd.DataFrame({S.PROJECT_ID: ["A", "B", "C"], S.DUE: [pd.Timestamp("2025-06-30")] * 3})
    fc = forecast_throughput(tasks, {"A": 4, "B": 0, "C": 0}, as_of=AS_OF, projects=due, n_trials=100,
                             random_state=0)
    bp = fc.by_project()
    assert fc.undated.tolist() == [False, True, False]
    assert bp.loc["B", ["p50", "prob_late"]].isna().all()
    assert bp.loc["C", "p50"] == pd.Timestamp("2024-12-10")  # its last delivered task, not the cancellation


def test_a_by_date_centuries_away_or_in_the_past_is_said_not_counted():
    # a typo year (2204 for 2024) drew 9,261 weeks per trial (1.5 GB at 10,000 trials) and showed 728,816
    # items; 2400 wrapped round past 2262 into 1815 and read 0 items; a date before as_of read 0 items
    tasks = history([5] * 26)
    for far in ("2204-01-01", "2400-01-01"):
        row = forecast_throughput(tasks, 20, as_of=AS_OF, by_date=far, n_trials=50, random_state=0
                                  ).by_project().loc["all"]
        assert row[["items_p50", "items_p80", "items_p90"]].isna().all()
        assert row["note"] == (f"by_date {far} is beyond the horizon (10 years, 2035-01-03): no count of items by then")
        assert row["p50"] == pd.Timestamp("2025-01-31")  # the finish dates are still forecast
    # the horizon's last day is still counted: 521 weeks to Friday 2034-12-29, then Mon-Wed: 2,608 working
    # days at one item a day (3,000 remaining: a count stops at the items remaining)
    last = forecast_throughput(tasks, 3000, as_of=AS_OF, by_date="2035-01-03", n_trials=50, random_state=0)
    assert last.by_project().loc["all", "items_p50"] == 2608 and last.by_date_beyond is None
    with pytest.raises(ValueError, match=r"^by_date 2025-01-02 is before the as-of date 2025-01-03: items done by "
                                         r"then are history, not a forecast$"):
        forecast_throughput(tasks, 20, as_of=AS_OF, by_date="2025-01-02", n_trials=10)
    with pytest.raises(ValueError, match=r"^by_date must be a date, got 'soon'$"):
        forecast_throughput(tasks, 20, as_of=AS_OF, by_date="soon", n_trials=10)
    # a date with its UTC offset is its own day there (it raised "Cannot compare tz-naive and tz-aware")
    aware = forecast_throughput(tasks, 3000, as_of=AS_OF, by_date="2035-01-03T23:00:00+09:00", n_trials=50,
                                random_state=0)
    assert aware.by_project().loc["all", "items_p50"] == 2608
    # the as-of day itself: nothing more by then, a count of 0 (not refused)
    same = forecast_throughput(tasks, 20, as_of=AS_OF, by_date=AS_OF, n_trials=10, random_state=0)
    assert same.by_project().loc["all", "items_p50"] == 0


def test_a_by_column_the_table_lacks_is_refused_by_name():
    # by='team' (not a column) with a mapping stopped with KeyError: 'team'; a table without project_id did too
    tasks = history([1, 2, 1], n_open=3)
    must = ("by must name the column of tasks whose values the remaining items are counted per (e.g. 'project_id' or "
            "'task_type'; or give an int for the whole team), got ")
    with pytest.raises(SchemaError, match="^" + re.escape(must + "'team'") + "$"):
        forecast_throughput(tasks, {"red": 4}, by="team", as_of=AS_OF, random_state=0)
    with pytest.raises(SchemaError, match="^" + re.escape(must + "'project_id'") + "$"):
        forecast_throughput(tasks.drop(columns=S.PROJECT_ID), None, as_of=AS_OF, random_state=0)
    with pytest.raises(SchemaError, match="^" + re.escape(  # was TypeError: unhashable type: 'list'
            must + "a list ('project_id', 'task_type')") + "$"):
        forecast_throughput(tasks, None, by=[S.PROJECT_ID, S.TASK_TYPE], as_of=AS_OF, random_state=0)
    # an int is the whole team's count: no column needed
    assert forecast_throughput(tasks.drop(columns=S.PROJECT_ID), 4, as_of=AS_OF, random_state=0).groups.tolist() == [
        "all"]


@pytest.mark.parametrize(("name", "bad"), [("n_trials", 2.5), ("n_trials", "10"), ("window_weeks", 2.5),
                                           ("window_weeks", True)])
def test_counts_that_are_no_whole_number_are_refused(name, bad):
    # int() cut n_trials=2.5 and window_weeks=2.5 to 2 without a word, and read "10" and True as counts
    with pytest.raises(ValueError, match=rf"^{name} must be a whole number of at least 1, got {re.escape(repr(bad))}$"):
        forecast_throughput(history([1, 2, 1]), 4, as_of=AS_OF, random_state=0, **{name: bad})
    fc = forecast_throughput(history([1, 2, 1]), 4, as_of=AS_OF, random_state=0, n_trials=3.0, window_weeks=2.0)
    assert fc.samples.shape == (3, 1) and fc.window_weeks == 2


def test_due_dates_held_as_text_are_refused_by_name():
    # a projects table read without parse_dates: '05/08/2026' (5 August) was parsed month first as 8 May, and a
    # column mixing it with '24/11/2026' stopped with pandas' "doesn't match format" ValueError
    tasks = history([1, 2, 1], n_open=3)
    projects = pd.DataFrame({S.PROJECT_ID: ["A"], S.DUE: ["05/08/2026"]})
    with pytest.raises(SchemaError, match=r"^projects: column 'due' holds (object|str) values such as '05/08/2026' "
                                          r"\(at position 0 in the table, counting from 0\), not dates; load the table with pmo_forecast\.load_projects"):
        forecast_throughput(tasks, None, as_of=AS_OF, projects=projects, random_state=0)


def test_a_group_the_table_does_not_hold_is_said_so_not_called_idle():
    # remaining_items={"a": 4} for project "A" (an id mistyped) read "no items finished in the history window",
    # as if the team had delivered nothing; A's own row still says that when it finished nothing
    tasks = pd.concat([history([1, 2, 1], "A", n_open=3), history([0, 0], "B", n_open=2).assign(
        **{S.CREATED: AS_OF - pd.Timedelta(days=20)})], ignore_index=True)
    bp = forecast_throughput(tasks, {"a": 4, "B": 2}, as_of=AS_OF, random_state=0, n_trials=20).by_project()
    assert bp.loc["a", "note"] == "no task of 'a' in the task table: no forecast possible; check the id as written"
    assert bp.loc["B", "note"].startswith("no items finished in the history window: no forecast possible;")
    assert bp.loc[["a", "B"], "p50"].isna().all()
