"""The package root: every public name resolves, lazily, and importing it loads no pandas."""

import subprocess
import sys

import pytest

import pmo_forecast


def test_every_public_name_resolves_to_its_object():
    for name in pmo_forecast.__all__:
        obj = getattr(pmo_forecast, name)
        assert getattr(obj, "__name__", name) == name, name
    assert sorted(pmo_forecast.__all__) == sorted(set(pmo_forecast.__all__))
    assert pmo_forecast.core.schema.TASK_ID == "task_id"  # floors and their modules as attributes


def test_unknown_name_is_an_attribute_error():
    try:
        pmo_forecast.not_a_thing  # noqa: B018
    except AttributeError as exc:
        assert "not_a_thing" in str(exc)
    else:
        raise AssertionError("expected AttributeError")


def test_import_loads_neither_pandas_nor_the_submodules():
    code = ("import sys, pmo_forecast; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pandas', 'numpy', 'pmo_forecast')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['pmo_forecast']"


def test_old_flat_module_paths_are_the_moved_modules():
    code = ("import warnings; warnings.simplefilter('error', DeprecationWarning)\n"
            "try:\n    import pmo_forecast.overrun\nexcept DeprecationWarning as w:\n    print(w)\n"
            "warnings.simplefilter('ignore')\nimport pmo_forecast.overrun as old, pmo_forecast.forecasting.overrun as new\n"
            "print(old is new)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == ["pmo_forecast.overrun has moved to pmo_forecast.forecasting.overrun; "
                                "the old path will be removed", "True"]


def test_names_moved_out_of_a_module_are_still_importable_from_it():
    # stop 27 gave the accuracy model's parts and the pack's sheets modules of their own; what code
    # imported from the old modules is the same object there
    from pmo_forecast.estimation import accuracy, features, recalibration, tail
    from pmo_forecast.reporting import export, pack_sheets

    assert (accuracy.TAIL_CAP, accuracy.size_band, accuracy.RECALIBRATIONS) == (
        tail.TAIL_CAP, features.size_band, recalibration.RECALIBRATIONS)
    assert export.EFFORT_THROUGHPUT_METHOD is pack_sheets.EFFORT_THROUGHPUT_METHOD
    for module in (accuracy, export):
        assert [n for n in module.__all__ if not hasattr(module, n)] == []


def test_the_accuracy_models_parts_split_out_of_accuracy_are_the_same_objects_there():
    # the estimator conventions, the mixture and the stacks got modules of their own (accuracy.py had
    # passed 1,000 lines); the root API and the old path give the same objects
    import pmo_forecast as pf
    from pmo_forecast.estimation import accuracy, estimator, mixture, reference

    assert pf.NotFittedError is accuracy.NotFittedError is estimator.NotFittedError
    assert accuracy.ParamsMixin is estimator.ParamsMixin
    assert (accuracy.SCALE_MIN_TASKS, accuracy.SELECTION_COLUMNS) == (mixture.SCALE_MIN_TASKS,
                                                                      reference.SELECTION_COLUMNS)


def test_the_effort_forecasts_parts_split_out_of_overrun_are_the_same_objects_there():
    # the open work, the effort draws and the correlation got modules of their own (overrun.py had
    # passed 800 lines); what code, notebooks and benchmarks import from overrun is the same object
    from pmo_forecast.forecasting import correlation, effort, open_work, overrun

    assert (overrun.fill_estimates, overrun.booked_hours, overrun.SURE_LEVEL, overrun.N_LEVELS) == (
        open_work.fill_estimates, open_work.booked_hours, open_work.SURE_LEVEL, open_work.N_LEVELS)
    assert (overrun.simulate_effort, overrun.CHUNK_CELLS) == (effort.simulate_effort, effort.CHUNK_CELLS)
    assert (overrun.estimate_correlation, overrun.project_icc, overrun.SCALES) == (
        correlation.estimate_correlation, correlation.project_icc, correlation.SCALES)
    assert [n for n in overrun.__all__ if not hasattr(overrun, n)] == []


def test_the_pack_sheets_parts_split_out_of_pack_sheets_are_the_same_objects_there():
    # the table of open projects, the Capacity and the Assumptions sheets got modules of their own
    # (pack_sheets.py had passed 1,100 lines); what code and tests import from pack_sheets is the same object
    from pmo_forecast.reporting import (
        assumptions_sheet,
        capacity_sheet,
        export,
        pack_sheets,
        project_forecasts,
    )

    assert (pack_sheets.risk_threshold, pack_sheets.THROUGHPUT_METHOD, pack_sheets.throughput_reasons) == (
        project_forecasts.risk_threshold, project_forecasts.THROUGHPUT_METHOD, project_forecasts.throughput_reasons)
    assert pack_sheets.EFFORT_THROUGHPUT_METHOD is export.EFFORT_THROUGHPUT_METHOD is \
        project_forecasts.EFFORT_THROUGHPUT_METHOD
    assert (pack_sheets.CAPACITY_WEEKS_AHEAD, pack_sheets.NO_REQUESTS_NOTE, pack_sheets.ALL_STAFF) == (
        capacity_sheet.CAPACITY_WEEKS_AHEAD, capacity_sheet.NO_REQUESTS_NOTE, capacity_sheet.ALL_STAFF)
    assert pack_sheets.LOADER_GIVEN is assumptions_sheet.LOADER_GIVEN
    assert [n for n in pack_sheets.__all__ if not hasattr(pack_sheets, n)] == []


def test_the_cell_readers_split_out_of_parsing_are_the_same_objects_there():
    # a cell's text, its source line, numbers and hours, and statuses got modules of their own (parsing.py
    # had passed 1,000 lines); what code and tests import from parsing is the same object
    from pmo_forecast.core import source_lines  # moved to core (the table checks name lines too)
    from pmo_forecast.inputs import cells, numbers, parsing, statuses

    assert (parsing.to_text, parsing.factorize_text, parsing.PLACEHOLDERS, parsing.excel_errors_or_raise) == (
        cells.to_text, cells.factorize_text, cells.PLACEHOLDERS, cells.excel_errors_or_raise)
    assert (parsing.rows_text, parsing.SourceLines, parsing.MAX_ROWS_IN_MESSAGE) == (
        source_lines.rows_text, source_lines.SourceLines, source_lines.MAX_ROWS_IN_MESSAGE)
    assert (parsing.parse_hours, parsing.hours_or_raise, parsing.number_styles, parsing.DAYS_PER_MONTH,
            parsing.TWO_WAY) == (numbers.parse_hours, numbers.hours_or_raise, numbers.number_styles,
                                 numbers.DAYS_PER_MONTH, numbers.TWO_WAY)
    assert (parsing.normalise_status, parsing.STATUS_ALIASES, parsing.unknown_statuses_or_raise) == (
        statuses.normalise_status, statuses.STATUS_ALIASES, statuses.unknown_statuses_or_raise)
    assert [n for n in parsing.__all__ if not hasattr(parsing, n)] == []


def test_the_finish_forecasts_parts_split_out_of_finish_are_the_same_objects_there():
    # the result with its dates and notes, the schedule of the trials and the slip's scaling got modules of
    # their own (finish.py had passed 1,100 lines); what the root API, code, tests and notebooks import
    # from finish is the same object
    import pmo_forecast as pf
    from pmo_forecast.forecasting import finish, finish_dates, schedule, slip, throughput

    assert pf.FinishDateForecast is finish.FinishDateForecast is finish_dates.FinishDateForecast
    assert pf.forecast_finish_dates is finish.forecast_finish_dates
    assert (finish.latest_date, finish.share_text, finish.beyond_horizon_note, finish.after_horizon) == (
        finish_dates.latest_date, finish_dates.share_text, finish_dates.beyond_horizon_note,
        finish_dates.after_horizon)
    assert (finish.date_quantiles, finish.add_date_columns, finish.missed_due_note) == (
        finish_dates.date_quantiles, finish_dates.add_date_columns, finish_dates.missed_due_note)
    assert throughput.add_date_columns is finish.add_date_columns  # one way to show dates, for both forecasts
    assert (finish.apply_slip, finish.MAX_SLIP_DAYS) == (slip.apply_slip, slip.MAX_SLIP_DAYS)
    assert finish.schedule_chunk is schedule.schedule_chunk
    assert [n for n in finish.__all__ if not hasattr(finish, n)] == []


def test_the_pool_queues_parts_split_out_of_queueing_are_the_same_objects_there():
    # the closed form and the fit to the request log got modules of their own (queueing.py had passed
    # 1,000 lines); what the root API, code and tests import from queueing is the same object
    import pmo_forecast as pf
    from pmo_forecast.pool import mmc, queue_sim, queueing, request_log

    assert pf.PoolQueue is queueing.PoolQueue is mmc.PoolQueue
    assert (queueing.erlang_c, queueing.staff_for_target, queueing.StaffingTarget) == (
        mmc.erlang_c, mmc.staff_for_target, mmc.StaffingTarget)
    assert (queueing.fit_pool_queue, queueing.PoolQueueFit, queueing.requests_as_of, queueing.over_capacity_note) == (
        request_log.fit_pool_queue, request_log.PoolQueueFit, request_log.requests_as_of,
        request_log.over_capacity_note)
    assert pf.QueueSimulation is queue_sim.QueueSimulation
    assert [n for n in queueing.__all__ if not hasattr(queueing, n)] == []


def test_the_mapping_files_parts_split_out_of_mapping_are_the_same_objects_there():
    # the headers, each task's project and the status map got modules of their own, the estimate units went
    # to numbers (mapping.py had passed 900 lines); what code and tests import from mapping is the same object
    from pmo_forecast.inputs import headers, mapping, numbers, project_links, status_map, statuses

    assert (mapping.find_column, mapping.guess_columns, mapping.header_unit, mapping.JIRA_LOCALISED,
            mapping.COLUMN_SYNONYMS, mapping.LOCALISED_SYNONYMS) == (
        headers.find_column, headers.guess_columns, headers.header_unit, headers.JIRA_LOCALISED,
        headers.COLUMN_SYNONYMS, headers.LOCALISED_SYNONYMS)
    assert (mapping.apply_project, mapping.linked_rows, mapping.row_names, mapping.PROJECT_LISTS) == (
        project_links.apply_project, project_links.linked_rows, project_links.row_names, project_links.PROJECT_LISTS)
    assert (mapping.apply_status_map, mapping.suggest_status, mapping.check_status_map, mapping.known_status) == (
        status_map.apply_status_map, status_map.suggest_status, status_map.check_status_map, statuses.known_status)
    assert (mapping.UNITS, mapping.per_hour) == (numbers.UNITS, numbers.per_hour)
    assert [n for n in mapping.__all__ if not hasattr(mapping, n)] == []


def test_the_totals_rows_split_out_of_io_are_the_same_objects_there():
    # the totals rows and group titles got a module of their own (io.py had passed 850 lines); what the loaders'
    # coercion calls is totals' one copy, and the blank-cell test is cells'
    from pmo_forecast.inputs import cells, coerce, column_names, totals

    assert (coerce.totals_rows_or_raise, coerce.totals_named_or_raise, coerce.totals_hint,
            column_names.blank_cell) == (
        totals.totals_rows_or_raise, totals.totals_named_or_raise, totals.totals_hint, cells.blank_cell)


def test_the_packs_inputs_split_out_of_export_are_the_same_objects_there():
    # loading the pack's inputs (rewind, inferred people, filled request log) got a module of its own (export.py had
    # passed 850 lines); what code and tests import from export is the same object, and the run is still export's
    from pmo_forecast.reporting import export, pack_inputs

    assert (export.NO_PEOPLE_NOTE, export.ASSUMED_TOUCH_HOURS) == (pack_inputs.NO_PEOPLE_NOTE,
                                                                   pack_inputs.ASSUMED_TOUCH_HOURS)
    assert export.load_inputs is pack_inputs.load_inputs
    assert callable(export.PackContext.step) and callable(export.PackContext.run)  # benchmarks/bench_pack.py times these
    assert [n for n in export.__all__ if not hasattr(export, n)] == []


def test_the_scenarios_result_comparison_and_gates_split_out_of_scenario_are_the_same_objects_there():
    # a run's result, the comparison and the approval gates got modules of their own (scenario.py had passed
    # 850 lines); the root API and the old path give the same objects, and the runner is still scenario's
    import pmo_forecast as pf
    from pmo_forecast.scenarios import approval_gates, comparison, scenario, scenario_result

    assert pf.ScenarioResult is scenario.ScenarioResult is scenario_result.ScenarioResult
    assert pf.ScenarioComparison is scenario.ScenarioComparison is comparison.ScenarioComparison
    assert pf.compare_scenarios is scenario.compare_scenarios is comparison.compare_scenarios
    assert (scenario.NOT_ASSESSED_ROW, scenario.NO_FINISH_ROW) == (scenario_result.NOT_ASSESSED_ROW,
                                                                   scenario_result.NO_FINISH_ROW)
    assert (scenario.gates_used, scenario.approvals_left_out, scenario.approval_gates_note, scenario.GATES_FALLBACK) == (
        approval_gates.gates_used, approval_gates.approvals_left_out, approval_gates.approval_gates_note,
        approval_gates.GATES_FALLBACK)
    assert pf.run_scenario is scenario.run_scenario
    assert [n for n in scenario.__all__ if not hasattr(scenario, n)] == []


def test_the_pm_pools_request_shares_split_out_of_workload_are_the_same_object_there():
    # the request hours shared among the PMs got a module of its own (workload.py had passed 800 lines); the
    # old path gives the same object, and the scenarios take it from its home
    from pmo_forecast.forecasting import pool_shares, workload
    from pmo_forecast.scenarios import scenario

    assert workload.pool_request_shares is pool_shares.pool_request_shares is scenario.pool_request_shares
    assert [n for n in workload.__all__ if not hasattr(workload, n)] == []


def test_the_pack_comparison_split_out_of_history_lives_there_and_is_the_same_object_in_history():
    # history.py held two concepts, the SQLite store and the comparison of packs (what changed, how forecasts
    # held); the comparison got a module of its own, the store stays in history, and the old path gives the
    # same objects
    import pmo_forecast as pf
    from pmo_forecast.reporting import committee, history, pack_comparison

    moved = ["CLOSED_SINCE", "GONE_FROM_DATA", "NEW_SINCE", "MOVE_DAYS", "PROB_POINTS", "SCOPE_HOURS",
             "baselines_not_compared", "forecasts_held", "other_data", "what_changed"]
    assert [n for n in moved if getattr(history, n) is not getattr(pack_comparison, n)] == []
    assert [f.__module__ for f in (pack_comparison.what_changed, pack_comparison.forecasts_held,
                                   pack_comparison.other_data, pack_comparison.baselines_not_compared)] == [
        "pmo_forecast.reporting.pack_comparison"] * 4
    assert pf.ForecastHistory is history.ForecastHistory and history.forecast_table.__module__ == history.__name__
    assert committee.GONE_FROM_DATA is pack_comparison.GONE_FROM_DATA  # the key message counts by it
    assert [n for n in history.__all__ if not hasattr(history, n)] == []


def test_the_tables_rewound_together_live_in_their_own_module_not_in_the_kpi_trends():
    # the task table and request log as they stood on a date are no KPI trend, yet the pack's inputs imported
    # them from trends.py; forecasting.rewind (floor 4) cannot hold them, the request log's rewind being the
    # pool's (floor 5), so they have a reporting module of their own; the old path gives the same object
    from pmo_forecast.forecasting import rewind
    from pmo_forecast.reporting import rewound_tables, trends

    assert rewound_tables.tables_as_of.__module__ == "pmo_forecast.reporting.rewound_tables"
    assert trends.tables_as_of is rewound_tables.tables_as_of
    assert rewound_tables.tasks_as_of is rewind.tasks_as_of


def test_estimate_correlation_is_in_the_root_api_where_the_docstrings_point():
    # forecast_overruns' docstring sends users to estimate_correlation (one result reused across forecasts and
    # what-ifs), but the root API lacked it: pmo_forecast.estimate_correlation raised AttributeError
    import re

    import pmo_forecast as pf
    from pmo_forecast.estimation import refit
    from pmo_forecast.forecasting import correlation, overrun

    assert "estimate_correlation" in pf.__all__
    assert pf.estimate_correlation is correlation.estimate_correlation is overrun.estimate_correlation
    for doc in (overrun.__doc__, overrun.forecast_overruns.__doc__, refit.__doc__):
        named = re.findall(r":func:`~?([\w.]*estimate_correlation)`", doc)
        assert named and set(named) == {"pmo_forecast.estimate_correlation"}, named


def test_every_public_class_and_function_is_loaded_from_the_module_that_defines_it():
    # the root's lazy table names where each name lives; one pointing at a module that only re-exports it
    # (ScenarioResult at scenarios.scenario, defined in scenarios.scenario_result) hid where to read its code
    import pmo_forecast as pf

    wrong = {name: (module, obj.__module__) for module, names in pf._EXPORTS.items() for name in names
             if isinstance(obj := getattr(pf, name), type) or callable(obj)
             if obj.__module__ != f"pmo_forecast.{module}"}
    assert wrong == {}


def _negative_cases():
    """(public call, table made negative, column, value) for every public entry point that takes a table."""
    import pmo_forecast as pf

    def scenario(t, pe, pr, rq, model):
        return pf.run_scenario(pf.Scenario(name="as is"), {"tasks": t, "projects": pr, "people": pe, "requests": rq},
                               model=model, n_trials=50)

    calls = {
        "EstimationAccuracyModel.fit": (lambda t, pe, pr, rq, m: pf.EstimationAccuracyModel().fit(t), "tasks"),
        "EstimationAccuracyModel.predict_quantiles": (lambda t, pe, pr, rq, m: m.predict_quantiles(t), "tasks"),
        "EstimationAccuracyModel.predict_proba": (lambda t, pe, pr, rq, m: m.predict_proba(t), "tasks"),
        "backtest": (lambda t, pe, pr, rq, m: pf.backtest(pf.EstimationAccuracyModel(), t), "tasks"),
        "reference_class_uplift": (lambda t, pe, pr, rq, m: pf.reference_class_uplift(t), "tasks"),
        "estimate_correlation": (lambda t, pe, pr, rq, m: pf.estimate_correlation(m, t, random_state=0), "tasks"),
        "forecast_overruns": (lambda t, pe, pr, rq, m: pf.forecast_overruns(m, t, pr, n_trials=50), "tasks projects"),
        "forecast_finish_dates": (lambda t, pe, pr, rq, m: pf.forecast_finish_dates(m, t, pe, pr, n_trials=50),
                                  "tasks people projects"),
        "estimate_pace": (lambda t, pe, pr, rq, m: pf.estimate_pace(t, pe), "tasks people"),
        "forecast_throughput": (lambda t, pe, pr, rq, m: pf.forecast_throughput(t, projects=pr, n_trials=50),
                                "tasks projects"),
        "demand_history": (lambda t, pe, pr, rq, m: pf.demand_history(t), "tasks"),
        "forecast_demand": (lambda t, pe, pr, rq, m: pf.forecast_demand(t), "tasks"),
        "workload": (lambda t, pe, pr, rq, m: pf.workload(t, pe, pr), "tasks people projects"),
        "kpi_trends": (lambda t, pe, pr, rq, m: pf.kpi_trends(t, pr, rq, people=pe), "tasks people projects"),
        "aging_work": (lambda t, pe, pr, rq, m: pf.aging_work(t), "tasks"),
        "close_stale": (lambda t, pe, pr, rq, m: pf.close_stale(t), "tasks"),
        "fit_pool_queue": (lambda t, pe, pr, rq, m: pf.fit_pool_queue(rq, pe), "people"),
        "rollup": (lambda t, pe, pr, rq, m: pf.rollup(pf.forecast_overruns(m, t, n_trials=50), pr, by="manager"),
                   "projects"),
        "run_scenario": (scenario, "tasks people projects"),
    }
    columns = {"tasks": ["estimate_hours", "actual_hours"], "people": ["hours_per_week"], "projects": ["budget_hours"]}
    return [(name, call, table, column) for name, (call, tables) in calls.items() for table in tables.split()
            for column in columns[table]]


NEGATIVE_CASES = _negative_cases()


@pytest.fixture(scope="module")
def small_organisation():
    import pmo_forecast as pf

    s = pf.generate_sample(n_projects=8, tasks_per_project=(30, 50))
    return s.tasks, s.people, s.projects, s.requests, pf.EstimationAccuracyModel().fit(s.tasks)


@pytest.mark.parametrize("call, table, column", [c[1:] for c in NEGATIVE_CASES], ids=[
    f"{c[0]}-{c[3]}" for c in NEGATIVE_CASES])
def test_every_public_call_given_a_table_refuses_its_negative_hours_in_the_loaders_words(small_organisation, call,
                                                                                        table, column):
    # a table built by hand never met the loader's refusal: a negative estimate was forecast as if missing, a
    # negative actual counted as none by the fit and took hours off a quarter's spent hours in the trends, a
    # negative budget was no budget; each public call refuses it in the loader's words, naming the row
    tasks, people, projects, requests, model = small_organisation
    tables = {"tasks": tasks, "people": people, "projects": projects}
    frame = tables[table].copy()
    if column == "estimate_hours":  # an open task's, which the forecasts read
        at = frame.index[frame["status"].ne("done") & frame[column].gt(0)][0]
    elif column == "actual_hours":  # a done task's, which the fit and the trends read
        at = frame.index[frame["status"].eq("done") & frame[column].gt(0)][0]
    else:
        at = frame.index[0]
    frame.loc[at, column] = -5.0
    key, noun = {"tasks": ("task_id", "task"), "people": ("person", "person"),
                 "projects": ("project_id", "project")}[table]
    with pytest.raises(pmo_forecast.SchemaError) as e:
        call(*[frame if t == table else tables[t] for t in ("tasks", "people", "projects")], requests, model)
    kind, why = {"hours_per_week": ("a negative number of hours a week", "hours a week cannot be below 0"),
                 "budget_hours": ("a negative budget", "a budget cannot be below 0 hours")}.get(
        column, ("a negative duration", "hours cannot be below 0"))
    assert str(e.value) == (f"{table}: column '{column}' has {kind}, '-5.0', on {noun} {frame.loc[at, key]}: {why}. "
                            f"Fix that cell (blank if not known) or map another column to '{column}'.")
    assert e.value.column == column and e.value.rows == [frame.loc[at, key]]


def test_hours_booked_on_unfinished_work_are_refused_when_negative(small_organisation):
    # source_actual_hours, the hours booked on work not finished yet (which the people inferred from delivered
    # hours count), was the one column of hours a table built by hand could carry negative into the models
    tasks, *_ = small_organisation
    frame = tasks.assign(source_actual_hours=float("nan"))
    at = frame.index[frame["status"].ne("done")][0]
    frame.loc[at, "source_actual_hours"] = -2.0
    with pytest.raises(pmo_forecast.SchemaError) as e:
        pmo_forecast.aging_work(frame)
    assert str(e.value) == (f"tasks: column 'source_actual_hours' has a negative duration, '-2.0', on task "
                            f"{frame.loc[at, 'task_id']}: hours cannot be below 0. Fix that cell (blank if not known) "
                            "or map another column to 'source_actual_hours'.")
