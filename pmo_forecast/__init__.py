"""pmo_forecast: estimation accuracy, overrun forecasts and PM-pool capacity for a PMO.

Names load on first use (PEP 562 ``__getattr__``): ``import pmo_forecast`` and
``pmo-forecast --help`` stay instant, and pandas is imported only when a function
that needs it is first touched. The modules live in floors (subpackages), each importing
only from the floors below it: see ``ARCHITECTURE.md``.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import sys
import types

__version__ = "0.1.0"

#: Where each public name lives, by module.
_EXPORTS = {
    "estimation.accuracy": ["EstimationAccuracyModel"],
    "estimation.estimator": ["NotFittedError"],
    "estimation.backtest": ["BacktestResult", "backtest"],
    "forecasting.demand": ["DemandForecast", "demand_history", "forecast_demand"],
    "core.exceptions": ["DataQualityWarning", "MissingColumnsError", "SchemaError", "SettingsWarning",
                        "SmallSampleWarning"],
    "reporting.export": ["PlanningPack", "export_planning_pack"],
    "core.calendar": ["WorkingCalendar"],
    "forecasting.finish": ["forecast_finish_dates"],
    "forecasting.finish_dates": ["FinishDateForecast"],
    "inputs.io": ["load_tasks"],
    "inputs.saved": ["save_tasks"],
    "inputs.companions": ["load_people", "load_projects", "load_requests"],
    "inputs.mapping": ["Mapping"],
    "forecasting.overrun": ["OverrunForecast", "forecast_overruns"],
    "forecasting.correlation": ["estimate_correlation"],
    "forecasting.pace": ["estimate_pace", "pace_range"],
    "pool.queue_sim": ["QueueSimulation"],
    "pool.mmc": ["PoolQueue", "StaffingTarget", "erlang_c", "staff_for_target"],
    "pool.request_log": ["PoolQueueFit", "fit_pool_queue"],
    "core.results": ["blank_missing", "format_number", "set_display"],
    "inputs.sample": ["generate_sample", "load_sample", "write_sample"],
    "inputs.templates": ["init_from_export"],
    "inputs.tracker_sample": ["write_tracker_export"],
    "scenarios.spec": ["Scenario", "describe_scenarios", "load_scenarios", "scenario_files"],
    "scenarios.scenario": ["run_scenario"],
    "scenarios.scenario_result": ["ScenarioResult"],
    "scenarios.comparison": ["ScenarioComparison", "compare_scenarios"],
    "forecasting.throughput": ["ThroughputForecast", "forecast_throughput"],
    "reporting.trends": ["KPITrends", "kpi_trends"],
    "reporting.history": ["ForecastHistory"],
    "reporting.past_forecasts": ["PastForecasts", "record_past_forecasts"],
    "reporting.rollup": ["Rollup", "rollup"],
    "estimation.uplift": ["UpliftResult", "reference_class_uplift"],
    "estimation.team_bias": ["bias_by_team", "reliable_biases"],
    "inputs.validation": ["validate_people", "validate_projects", "validate_requests", "validate_tasks"],
    "inputs.validation_report": ["ValidationReport"],
    "forecasting.workload": ["workload"],
    "forecasting.workload_result": ["WorkloadResult"],
    "core.aging": ["aging_summary", "aging_work", "close_stale"],
    "inputs.coverage": ["coverage_by_quarter", "coverage_by_team", "open_tasks", "open_work_summary",
                        "plot_coverage_by_quarter", "request_log_summary", "tasks_by_status"],
    "reporting.readouts": ["detected_notes"],
}
_MODULE_OF = {name: module for module, names in _EXPORTS.items() for name in names}

#: The floor of every module that lived in the flat package before the floors existed.
_FLOOR_OF_OLD_MODULE = {
    **dict.fromkeys(["schema", "exceptions", "results", "calendar", "labels", "workbook"], "core"),
    **dict.fromkeys(["parsing", "spreadsheet", "mapping", "formats", "io", "validation", "sample",
                     "tracker_sample", "templates", "testbench"], "inputs"),
    **dict.fromkeys(["accuracy", "baselines", "backtest", "uplift"], "estimation"),
    **dict.fromkeys(["plan", "overrun", "pace", "finish", "throughput", "workload", "demand"],
                    "forecasting"),
    **dict.fromkeys(["little", "queueing", "queue_sim"], "pool"),
    **dict.fromkeys(["staffing", "whatif", "scenario"], "scenarios"),
    **dict.fromkeys(["trends", "history", "rollup", "committee", "committee_pack", "charts",
                     "report_html", "export", "widgets"], "reporting"),
}

__all__ = [
    "DataQualityWarning", "NotFittedError", "SchemaError", "SettingsWarning", "SmallSampleWarning",
    "generate_sample", "load_people", "load_projects", "load_requests", "load_sample",
    "load_tasks", "save_tasks", "write_sample",
    "Mapping", "init_from_export", "write_tracker_export",
    "ValidationReport", "detected_notes", "coverage_by_team", "coverage_by_quarter", "plot_coverage_by_quarter",
    "request_log_summary", "tasks_by_status", "open_tasks", "open_work_summary",
    "validate_people", "validate_projects", "validate_requests", "validate_tasks",
    "BacktestResult", "EstimationAccuracyModel", "UpliftResult", "backtest", "reference_class_uplift",
    "bias_by_team", "reliable_biases",
    "PoolQueue", "PoolQueueFit", "QueueSimulation", "StaffingTarget", "erlang_c", "fit_pool_queue",
    "staff_for_target",
    "WorkloadResult", "workload",
    "DemandForecast", "demand_history", "forecast_demand",
    "Scenario", "ScenarioComparison", "ScenarioResult", "compare_scenarios", "run_scenario",
    "describe_scenarios", "load_scenarios", "scenario_files",
    "FinishDateForecast", "OverrunForecast", "WorkingCalendar", "estimate_correlation", "estimate_pace", "pace_range",
    "forecast_finish_dates", "forecast_overruns", "aging_summary", "aging_work", "close_stale",
    "ThroughputForecast", "forecast_throughput",
    "PlanningPack", "export_planning_pack",
    "blank_missing", "format_number", "set_display",
    "KPITrends", "kpi_trends", "ForecastHistory", "PastForecasts", "record_past_forecasts", "Rollup", "rollup",
]


def __getattr__(name: str):
    if name in _MODULE_OF:
        value = getattr(importlib.import_module(f".{_MODULE_OF[name]}", __name__), name)
        globals()[name] = value  # later look-ups skip this function
        return value
    try:  # a submodule used as an attribute, e.g. ``pf.forecasting``
        return importlib.import_module(f".{name}", __name__)
    except ModuleNotFoundError:
        raise AttributeError(f"module 'pmo_forecast' has no attribute {name!r}") from None


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


class _Package(types.ModuleType):
    """The package module: importing the submodule ``backtest`` (or ``workload``) must not
    replace the function of the same name that the package exports."""

    def __setattr__(self, name: str, value) -> None:
        if name in _MODULE_OF and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


class _MovedModules(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """``pmo_forecast.<module>`` of the flat layout imports the module from its floor (the same
    module object, so state and monkeypatches are shared), with a DeprecationWarning."""

    def find_spec(self, fullname, path=None, target=None):
        parent, _, name = fullname.rpartition(".")
        if parent == __name__ and name in _FLOOR_OF_OLD_MODULE:
            return importlib.util.spec_from_loader(fullname, self)
        return None

    def create_module(self, spec):
        name = spec.name.rpartition(".")[2]
        new = f"{__name__}.{_FLOOR_OF_OLD_MODULE[name]}.{name}"
        from .core.exceptions import warn

        warn(f"{spec.name} has moved to {new}; the old path will be removed",
             DeprecationWarning)
        return importlib.import_module(new)

    def exec_module(self, module) -> None:
        """The module was executed under its new name."""


sys.meta_path.append(_MovedModules())
