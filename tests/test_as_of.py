"""The data's as-of date: inferred from the dates (planned starts and ends, typo years left out), or given and checked."""

import re

import pandas as pd
import pytest
from helpers import FEW_TRIALS, PLANNED_END_AS_FINISH

from pmo_forecast.core.exceptions import SettingsWarning


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
    tasks = pf.load_tasks(tmp_path / "asana.csv", column_map={
        "Task ID": "task_id", "Projects": "project_id", "Estimate": "estimate_hours", "Created At": "created",
        "Completed At": "finished", "Start Date": "started"})
    assert tasks[S.STARTED].max() == pd.Timestamp("2024-05-02")
    said = "^" + re.escape("2 start dates fall after the latest created or finished date (2024-03-20), up to "
                           "2024-05-02: planned starts, not starts, so the as-of date is not moved by them. Pass "
                           "as_of= to choose another date.") + "$"
    with pytest.warns(pf.DataQualityWarning, match=said):
        assert infer_as_of(tasks) == pd.Timestamp("2024-03-20")
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=FEW_TRIALS, category=SettingsWarning)  # 100 trials, to be quick
        with pytest.warns(pf.DataQualityWarning, match=said):  # the pack says it too
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
    with pytest.warns(pf.DataQualityWarning, match=PLANNED_END_AS_FINISH):
        tasks = pf.load_tasks(tmp_path / "sheet.csv", column_map={
            "ID": "task_id", "Project": "project_id", "Effort (h)": "estimate_hours", "Start Date": "started",
            "End Date": "finished"}, status_map={"Complete": "done"})
    with pytest.warns(pf.DataQualityWarning, match=r"^2 finish dates of open or in-progress tasks fall after the "
                                                   r"as-of date, up to 2026-03-27: planned ends \(due dates\)"):
        # was 2026-03-27; then 2025-11-07, the done task's 'End Date' (a plan's end too), after every real date
        assert infer_as_of(tasks) == pd.Timestamp("2025-11-06")
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=FEW_TRIALS, category=SettingsWarning)  # 100 trials, to be quick
        with pytest.warns(pf.DataQualityWarning, match="^" + re.escape(
                "2 finish dates of open or in-progress tasks fall after the as-of date, up to 2026-03-27: planned "
                "ends (due dates), not finishes, so the as-of date is not moved by them; 1 finish date of a done task "
                "taken from a plan (a due date ticked done, a planned end, a plan's Finish taken by a task at 100%) "
                "falls after the as-of date (2025-11-06), up to 2025-11-07: when the work was due or planned to end, "
                "not when it was done, so the as-of date is not moved by it. Pass as_of= to choose another date.")
                          + "$"):
            # the done task's planned end, after the as-of date, is booked after it too
            with pytest.warns(pf.DataQualityWarning, match=re.escape(
                    "6 h of finished work are booked after as_of 2025-11-06 (the task table runs later)")):
                pack = pf.export_planning_pack(tmp_path / "out" / "pack.xlsx", tasks=tasks, n_trials=100,
                                               progress=False)
    run = pd.read_csv(next(f for f in pack.files if f.name == "pack-assumptions.csv")).set_index("setting")["value"]
    assert run["as of"].startswith("2025-11-06")
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


def test_an_as_of_before_the_tables_first_date_is_refused(sample):
    # fuzz round 18 (L4): --as-of 2020-01-01, three years before the sample's first date, wrote a pack
    # whose finish dates all came before the data's end, with a warning about "the latest date" only
    from pmo_forecast import workload
    from pmo_forecast.core import schema as S
    from pmo_forecast.core.as_of import resolve_as_of

    first = min(sample.tasks[c].min() for c in S.FACT_DATES).normalize()
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

    monkeypatch.setattr(as_of, "_inferred", broken)  # the date read without a word
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
