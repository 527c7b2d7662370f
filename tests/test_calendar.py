"""Working-time arithmetic: known answers on a hand-checked calendar."""

import re

import numpy as np
import pandas as pd
import pytest

from pmo_forecast.core.calendar import (
    add_working_hours,
    business_day_offsets,
    offsets_to_dates,
    working_hours_between,
)


def test_working_hours_skip_nights_and_weekends():
    fri_4pm = pd.Timestamp("2024-05-03 16:00")  # a Friday
    out = add_working_hours(fri_4pm, [0.5, 1, 2, 9, 40])
    expected = pd.to_datetime(["2024-05-03 16:30", "2024-05-03 17:00", "2024-05-06 10:00",
                               "2024-05-06 17:00", "2024-05-10 16:00"])
    assert (out == expected).all()
    assert np.allclose(working_hours_between([fri_4pm] * 5, out), [0.5, 1, 2, 9, 40])


def test_holidays_are_not_working_days():
    mon = pd.Timestamp("2024-05-06 09:00")
    # with Tuesday 7 May a holiday, 16 working hours from Monday 09:00 end on Wednesday 17:00
    out = add_working_hours(mon, 16, holidays=["2024-05-07"])
    assert out[0] == pd.Timestamp("2024-05-08 17:00")
    assert working_hours_between([mon], [pd.Timestamp("2024-05-08 17:00")], holidays=["2024-05-07"])[0] == 16


def test_business_day_offsets_round_trip():
    origin = pd.Timestamp("2024-12-20")  # Friday
    days = offsets_to_dates([0, 1, 5], origin, holidays=["2024-12-25", "2024-12-26"])
    assert list(days.strftime("%Y-%m-%d")) == ["2024-12-20", "2024-12-23", "2024-12-31"]
    assert list(business_day_offsets(days, origin, holidays=["2024-12-25", "2024-12-26"])) == [0, 1, 5]


def test_missing_timestamps_give_nan():
    out = working_hours_between([pd.NaT, pd.Timestamp("2024-05-06 09:00")],
                                [pd.Timestamp("2024-05-06 10:00"), pd.NaT])
    assert np.isnan(out).all()


def test_weekly_capacity_defaults_missing_hours_and_availability():
    from pmo_forecast.core import schema as S
    from pmo_forecast.core.capacity import DEFAULT_HOURS_PER_WEEK, weekly_capacity

    people = pd.DataFrame({S.PERSON: ["a", "b", "c"], S.HOURS_PER_WEEK: [32.0, np.nan, 40.0],
                           S.AVAILABILITY: [0.5, 0.8, np.nan]})
    assert weekly_capacity(people).tolist() == [16.0, DEFAULT_HOURS_PER_WEEK * 0.8, 40.0]
    assert weekly_capacity(people[[S.PERSON]]).tolist() == [DEFAULT_HOURS_PER_WEEK] * 3


def test_a_scenarios_dated_change_before_the_tables_later_one_holds_until_it():
    # the people table: Ann to 50% from 2027-03-01; a scenario: Ann at 80% from 2027-01-15. The table held one
    # change a person, and the scenario's had replaced the table's: 100% until 01-15, 80% until 03-01, then 50%
    from pmo_forecast.core import schema as S
    from pmo_forecast.core.capacity import (
        add_availability_step,
        availability_on,
        availability_steps,
        capacity_change,
        capacity_steps,
    )

    people = pd.DataFrame({S.PERSON: ["Ann", "Bob"], S.HOURS_PER_WEEK: [40.0, 30.0], S.AVAILABILITY: [1.0, np.nan],
                           S.AVAILABILITY_CHANGE: pd.to_datetime(["2027-03-01", "2027-02-01"]),
                           S.AVAILABILITY_AFTER: [0.5, 0.25]})
    table = availability_on(people, ["2027-01-14", "2027-01-15", "2027-02-28", "2027-03-01"])
    add_availability_step(people, people[S.PERSON] == "Ann", "2027-01-15", 0.8)
    on = availability_on(people, ["2027-01-14", "2027-01-15", "2027-02-28", "2027-03-01"])
    assert on[:, 0].tolist() == [1.0, 0.8, 0.8, 0.5]
    assert on[:, 1].tolist() == table[:, 1].tolist() == [1.0, 1.0, 0.25, 0.25]  # Bob: his one change, as before
    when, after = availability_steps(people)
    assert pd.DatetimeIndex(when[0]).tolist() == [pd.Timestamp("2027-01-15"), pd.Timestamp("2027-03-01")]
    assert after[0].tolist() == [0.8, 0.5] and after[1, 0] == 0.25 and np.isnan(after[1, 1]) and np.isnat(when[1, 1])
    weekly, _ = capacity_steps(people)
    assert weekly[0].tolist() == [32.0, 20.0]
    first, day = capacity_change(people)  # the first change, as the one-change callers read it
    assert first.tolist() == [32.0, 7.5] and pd.DatetimeIndex(day).tolist() == pd.to_datetime(
        ["2027-01-15", "2027-02-01"]).tolist()
    # a second step on a day already changing: the one added last holds from it
    add_availability_step(people, people[S.PERSON] == "Ann", "2027-03-01", 0.6)
    assert availability_on(people, ["2027-03-01"])[0, 0] == 0.6


def test_offsets_beyond_a_timestamp_are_never_not_wrapped_dates():
    d = offsets_to_dates([0, 1e6, 1e8, np.inf, np.nan], "2026-06-30")
    assert d[0] == pd.Timestamp("2026-06-30")
    assert d[1:].isna().all()  # were 1767-09-08 and 1866-01-07


def test_planned_start_dates_do_not_move_the_as_of_date(tmp_path):
    # Asana's and ClickUp's "Start Date" is a plan: open tasks planned to start next month moved the
    # as-of date a month ahead, so all open work counted as waiting since "now" and the plan began then
    import warnings

    import pytest

    import pmo_forecast as pf
    from pmo_forecast.core import schema as S
    from pmo_forecast.core.as_of import infer_as_of

    csv = ("Task ID,Name,Projects,Created At,Completed At,Start Date,Estimate\n"
           "1,Spec,Web,2024-03-01,2024-03-05,2024-03-02,4\n2,Build,Web,2024-03-04,2024-03-20,2024-03-06,8\n"
           "3,Test,Web,2024-03-18,,2024-04-15,6\n4,Launch,Web,2024-03-19,,2024-05-02,2\n")
    (tmp_path / "asana.csv").write_text(csv, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tasks = pf.load_tasks(tmp_path / "asana.csv", column_map={
            "Task ID": "task_id", "Projects": "project_id", "Estimate": "estimate_hours", "Created At": "created",
            "Completed At": "finished", "Start Date": "started"})
    assert tasks[S.STARTED].max() == pd.Timestamp("2024-05-02")
    with pytest.warns(pf.DataQualityWarning, match=r"^2 start dates fall after the latest created or finished "
                                                   r"date \(2024-03-20\), up to 2024-05-02: planned starts"):
        assert infer_as_of(tasks) == pd.Timestamp("2024-03-20")
    pack = pf.export_planning_pack(tmp_path / "out" / "pack.xlsx", tasks=tasks, n_trials=100, progress=False)
    run = pd.read_csv(next(f for f in pack.files if f.name == "pack-assumptions.csv")).set_index("setting")["value"]
    assert run["as of: planned starts"].startswith("2 start dates fall after the latest created or finished date")


def test_finish_dates_of_unfinished_tasks_are_planned_ends(tmp_path):
    # fuzz round 21: a Smartsheet plan's "End Date" is read as finished: a not-started task's planned end
    # (2026-03-27) was the data's as-of date, four months after the last real date
    import warnings

    import pytest

    import pmo_forecast as pf
    from pmo_forecast.core.as_of import infer_as_of

    csv = ("ID,Project,Start Date,End Date,Status,Effort (h)\n1,Web,2025-11-03,2025-11-07,Complete,30\n"
           "2,Web,2025-11-05,2025-11-14,In Progress,30\n3,Web,2025-11-06,2026-03-27,Not Started,120\n")
    (tmp_path / "sheet.csv").write_text(csv, encoding="utf-8")
    tasks = pf.load_tasks(tmp_path / "sheet.csv", column_map={
        "ID": "task_id", "Project": "project_id", "Effort (h)": "estimate_hours", "Start Date": "started",
        "End Date": "finished"}, status_map={"Complete": "done"})
    with pytest.warns(pf.DataQualityWarning, match=r"^2 finish dates of open or in-progress tasks fall after the "
                                                   r"as-of date, up to 2026-03-27: planned ends \(due dates\)"):
        assert infer_as_of(tasks) == pd.Timestamp("2025-11-07")  # was 2026-03-27
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pack = pf.export_planning_pack(tmp_path / "out" / "pack.xlsx", tasks=tasks, n_trials=100, progress=False)
    run = pd.read_csv(next(f for f in pack.files if f.name == "pack-assumptions.csv")).set_index("setting")["value"]
    assert run["as of"].startswith("2025-11-07")
    assert run["as of: planned ends"].startswith("2 finish dates of open or in-progress tasks")


def test_an_actual_start_is_never_a_planned_start(tmp_path):
    # fuzz round 21: MS Project XML's ActualStart after the latest finish was called a planned start, and the
    # as-of date stayed on the finish (2026-03-04) before the task's real start (2026-03-05)
    import warnings

    import pmo_forecast as pf
    from pmo_forecast.core.as_of import infer_as_of, planned_starts

    task = ("<Task><UID>{0}</UID><Name>T{0}</Name><OutlineNumber>{0}</OutlineNumber><Work>PT8H0M0S</Work>"
            "<Start>{1}T08:00:00</Start><ActualStart>{1}T08:00:00</ActualStart>{2}</Task>")
    xml = ("<?xml version='1.0'?><Project xmlns='http://schemas.microsoft.com/project'><Title>P</Title><Tasks>"
           + task.format(1, "2026-03-02", "<ActualFinish>2026-03-04T17:00:00</ActualFinish>")
           + task.format(2, "2026-03-05", "") + "</Tasks></Project>")
    (tmp_path / "plan.xml").write_text(xml, encoding="utf-8")
    tasks = pf.load_tasks(tmp_path / "plan.xml")
    assert planned_starts(tasks) is None
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing left out, nothing said
        assert infer_as_of(tasks) == pd.Timestamp("2026-03-05")


def test_a_guessed_day_month_order_is_on_record(tmp_path):
    # fuzz round 11: US dates that no day above 12 settles were read day first, said only on the terminal
    import warnings

    import pmo_forecast as pf

    csv = ("task_id,project_id,estimate_hours,actual_hours,status,created,finished\n"
           "1,P,4,5,done,3/1/2024,3/6/2024\n2,P,8,8,done,3/2/2024,4/9/2024\n3,P,6,,open,4/10/2024,\n")
    (tmp_path / "us.csv").write_text(csv, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pack = pf.export_planning_pack(tmp_path / "out" / "pack.xlsx", tasks=tmp_path / "us.csv", n_trials=100,
                                       progress=False)
    rows = pd.read_csv(next(f for f in pack.files if f.name == "pack-settings.csv")).set_index("setting")["value"]
    assert rows["tasks: date order"] == "day first (assumed: no date in the file settles it)"


def test_an_as_of_before_the_tables_first_date_is_refused(sample):
    # fuzz round 18 (L4): --as-of 2020-01-01, three years before the sample's first date, wrote a pack
    # whose finish dates all came before the data's end, with a warning about "the latest date" only
    from pmo_forecast import workload
    from pmo_forecast.core.as_of import resolve_as_of

    first = min(sample.tasks[c].min() for c in ("created", "started", "finished")).normalize()
    week = first - pd.Timedelta(days=7)  # a plan entered on Monday for the week before: warned, as any early date
    assert resolve_as_of(sample.tasks, week) == week
    days = (first - pd.Timestamp("2020-01-01")).days
    message = (f"as_of 2020-01-01 is {days:,} days before the task table's first date ({first:%Y-%m-%d}): nothing "
               "in it was known then; check the date (on the command line: --as-of YYYY-MM-DD)")
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        resolve_as_of(sample.tasks, "2020-01-01")
    with pytest.raises(ValueError, match=re.escape(message)):
        workload(sample.tasks, as_of="2020-01-01")


def test_an_as_of_a_plan_cannot_reach_past_is_refused(sample, tmp_path):
    # fuzz round 21: --as-of 2262-04-12 stopped the pack with pandas' "Cannot cast 2262-04-12 00:00:00 to
    # unit='ns' without overflow", 2262-04-11 with "start and end must not be NaT" (after the run), and a date
    # centuries before the data with "Result is too large for pandas.Timedelta"
    from pmo_forecast import export_planning_pack
    from pmo_forecast.core.as_of import check_as_of, resolve_as_of

    assert check_as_of("2252-04-11 15:00") == pd.Timestamp("2252-04-11")  # ten years of plan still fit
    for day in ("2262-04-11", "2262-04-12", "2252-04-12", "1677-09-21"):
        message = (f"as_of {day} is outside the dates a forecast can plan from, 1677-09-22 to 2252-04-11 (dates end "
                   "in 2262, and a plan reaches years ahead); check the date (on the command line: --as-of YYYY-MM-DD)")
        with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
            resolve_as_of(sample.tasks, day)
        with pytest.raises(ValueError, match=re.escape(message)):  # before any work
            export_planning_pack(tmp_path / "pack.xlsx", tasks=sample.tasks, as_of=day, progress=False)
    assert not list(tmp_path.iterdir())
    with pytest.raises(ValueError, match=r"^as_of 1677-09-22 is 126,\d{3} days before the task table's first date"):
        resolve_as_of(sample.tasks, "1677-09-22")


def test_period_freq_one_rule_for_trends_demand_and_workload():
    from pmo_forecast.core.calendar import period_freq

    assert [period_freq(f) for f in ("MS", "ME", "M", "QS", "W-MON", "YS", "QS-APR", "Q-MAR", "YS-APR")] == \
        ["M", "M", "M", "Q", "W", "Y", "Q-MAR", "Q-MAR", "Y-MAR"]
    with pytest.raises(ValueError, match=r"^freq='2W': periods are one week"):
        period_freq("2W")
    assert period_freq("W-SUN") == "W"  # pandas' own weekly spelling (fuzz round 22: refused)
    with pytest.raises(ValueError, match=r"^freq='W-WED': periods are one week"):
        period_freq("W-WED")  # weeks from Thursday are not the package's weeks


def test_zoned_dates_are_named_not_a_type_error():
    # fuzz round 21: a DataFrame with time-zone aware dates (load_tasks drops an offset, a frame built by hand
    # keeps it) raised "Invalid comparison between dtype=datetime64[us, Europe/Berlin] and Timestamp" in
    # kpi_trends, demand_history, forecast_throughput and workload
    import pmo_forecast as pf
    from pmo_forecast.core import schema as S
    from pmo_forecast.core.exceptions import SchemaError

    tasks = pd.DataFrame({S.TASK_ID: ["a1", "b1"], S.PROJECT_ID: ["P1", "P2"], S.ASSIGNEE: ["ann", "bob"],
                          S.ESTIMATE: [10.0, 10.0], S.ACTUAL: [10.0, None], S.STATUS: [S.DONE, S.IN_PROGRESS],
                          S.CREATED: pd.to_datetime(["2026-01-05", "2026-03-31"]),
                          S.STARTED: pd.to_datetime(["2026-01-05", "2026-03-31"]),
                          S.FINISHED: pd.to_datetime(["2026-02-10", None])})
    zoned = tasks.assign(**{S.FINISHED: tasks[S.FINISHED].dt.tz_localize("Europe/Berlin")})
    msg = (r"^tasks: column 'finished' holds time-zone aware dates \(datetime64\[\w+, Europe/Berlin\]\); the package "
           r"works in local wall-clock time: convert the column to your local time first, df\['finished'\] = "
           r"df\['finished'\]\.dt\.tz_convert\('Europe/Berlin'\)\.dt\.tz_localize\(None\) with your own zone \(dropping "
           r"the zone alone keeps the times in Europe/Berlin\)$")
    for call in (pf.kpi_trends, pf.demand_history, pf.forecast_throughput, pf.workload,
                 lambda t: pf.workload(t, as_of="2026-04-01"), lambda t: pf.forecast_throughput(t, as_of="2026-04-01")):
        with pytest.raises(SchemaError, match=msg) as e:
            call(zoned)
        assert e.value.column == S.FINISHED
    # converted, as the message says: the figures of the naive table
    fixed = zoned.assign(**{S.FINISHED: zoned[S.FINISHED].dt.tz_convert("Europe/Berlin").dt.tz_localize(None)})
    assert pf.demand_history(fixed).equals(pf.demand_history(tasks))


def test_date_limits_stop_at_the_dates_pandas_holds():
    # fuzz round 23: a limit past 2262 (or before 1677) raised pandas' OutOfBoundsDatetime
    from pmo_forecast.core.as_of import early_date_limit, far_date_limit

    df = pd.DataFrame({"created": [pd.Timestamp("1700-01-01")] * 5 + [pd.Timestamp("2250-01-01")] * 5})
    assert far_date_limit(df) == pd.Timestamp.max
    assert early_date_limit(df) == pd.Timestamp.min


def test_quiet_as_of_is_nat_only_for_a_table_without_dates(monkeypatch):
    """No date at all is NaT; any other ValueError while reading the dates is not taken for it."""
    from pmo_forecast.core import as_of

    tasks = pd.DataFrame({"task_id": ["T1"], "created": pd.to_datetime([None]),
                          "finished": pd.to_datetime([None])})
    assert pd.isna(as_of.quiet_as_of(tasks))

    def broken(_):
        raise ValueError("a bug, not the dates")

    monkeypatch.setattr(as_of, "infer_as_of", broken)
    with pytest.raises(ValueError, match="^a bug, not the dates$"):
        as_of.quiet_as_of(tasks)


def test_the_as_of_notes_agree_with_their_count():
    # they said "1 start date(s) fall ...: planned starts ... by them": one date is singular, its words too
    from pmo_forecast.core import schema as S
    from pmo_forecast.core.as_of import far_dates_note, planned_starts

    dates = {S.CREATED: pd.to_datetime(["2024-03-01", "2024-03-04"]),
             S.FINISHED: pd.to_datetime(["2024-03-05", "2024-03-20"])}
    one = pd.DataFrame({**dates, S.STARTED: pd.to_datetime(["2024-03-02", "2024-04-15"])})
    assert planned_starts(one, limit=None) == (
        "1 start date falls after the latest created or finished date (2024-03-20), up to 2024-04-15: a planned "
        "start, not a start, so the as-of date is not moved by it")
    two = pd.DataFrame({**dates, S.STARTED: pd.to_datetime(["2024-04-01", "2024-04-15"])})
    assert planned_starts(two, limit=None) == (
        "2 start dates fall after the latest created or finished date (2024-03-20), up to 2024-04-15: planned "
        "starts, not starts, so the as-of date is not moved by them")
    far = pd.DataFrame({"column": ["due", "due"], "row": [3, 4], "date": pd.to_datetime(["2099-01-01", "2098-01-01"])})
    far.attrs["limit"] = pd.Timestamp("2026-01-01")
    assert far_dates_note(far.iloc[:1]) == (
        "1 date far beyond the rest of the data (up to 2099-01-01 in 'due'; later than 2026-01-01, so probably "
        "a typo: the validation report lists its row)")
    assert far_dates_note(far) == (
        "2 dates far beyond the rest of the data (up to 2099-01-01 in 'due'; later than 2026-01-01, so probably "
        "typos: the validation report lists their rows)")


def test_spans_are_merged_where_they_overlap_or_touch_within_each_group():
    from pmo_forecast.core.calendar import merged_spans

    g, a, b = merged_spans(["q", "p", "p", "p", "q", "p"], [5, 4, 0, 2, 1, 9], [6, 6, 2, 3, 2, 10])
    # p: 0-2 touches 2-3, 4-6 and 9-10 stand alone; q: 1-2 and 5-6 apart
    assert g.tolist() == ["p", "p", "p", "q", "q"]
    assert a.tolist() == [0, 4, 9, 1, 5] and b.tolist() == [3, 6, 10, 2, 6]
    assert [len(x) for x in merged_spans([], [], [])] == [0, 0, 0]
