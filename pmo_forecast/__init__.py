"""pmo_forecast: estimation accuracy, overrun forecasts and PM-pool capacity for a PMO.

Names load on first use (PEP 562 ``__getattr__``): ``import pmo_forecast`` and
``pmo-forecast --help`` stay instant, and pandas is imported only when a function
that needs it is first touched.
"""

from __future__ import annotations

import importlib
import sys
import types

__version__ = "0.1.0"

#: Where each public name lives, by module.
_EXPORTS = {
    "accuracy": ["EstimationAccuracyModel"],
    "backtest": ["BacktestResult", "backtest"],
    "demand": ["DemandForecast", "demand_history", "forecast_demand"],
    "exceptions": ["DataQualityWarning", "NotFittedError", "SchemaError", "SmallSampleWarning"],
    "export": ["PlanningPack", "export_planning_pack"],
    "finish": ["FinishDateForecast", "WorkingCalendar", "forecast_finish_dates"],
    "io": ["load_people", "load_projects", "load_requests", "load_tasks"],
    "mapping": ["Mapping"],
    "overrun": ["OverrunForecast", "forecast_overruns"],
    "pace": ["estimate_pace"],
    "queue_sim": ["QueueSimulation"],
    "queueing": ["PoolQueue", "PoolQueueFit", "StaffingTarget", "erlang_c", "fit_pool_queue",
                 "staff_for_target"],
    "results": ["format_number", "set_display"],
    "sample": ["generate_sample", "load_sample", "write_sample"],
    "templates": ["init_from_export"],
    "tracker_sample": ["write_tracker_export"],
    "scenario": ["Scenario", "ScenarioComparison", "ScenarioResult", "compare_scenarios", "run_scenario"],
    "throughput": ["ThroughputForecast", "forecast_throughput"],
    "trends": ["KPITrends", "kpi_trends"],
    "history": ["ForecastHistory"],
    "rollup": ["Rollup", "rollup"],
    "uplift": ["UpliftResult", "reference_class_uplift"],
    "validation": ["ValidationReport", "validate_people", "validate_projects", "validate_requests",
                   "validate_tasks"],
    "workload": ["WorkloadResult", "workload"],
}
_MODULE_OF = {name: module for module, names in _EXPORTS.items() for name in names}

__all__ = [
    "DataQualityWarning", "NotFittedError", "SchemaError", "SmallSampleWarning",
    "generate_sample", "load_people", "load_projects", "load_requests", "load_sample",
    "load_tasks", "write_sample",
    "Mapping", "init_from_export", "write_tracker_export",
    "ValidationReport", "validate_people", "validate_projects", "validate_requests", "validate_tasks",
    "BacktestResult", "EstimationAccuracyModel", "UpliftResult", "backtest", "reference_class_uplift",
    "PoolQueue", "PoolQueueFit", "QueueSimulation", "StaffingTarget", "erlang_c", "fit_pool_queue",
    "staff_for_target",
    "WorkloadResult", "workload",
    "DemandForecast", "demand_history", "forecast_demand",
    "Scenario", "ScenarioComparison", "ScenarioResult", "compare_scenarios", "run_scenario",
    "FinishDateForecast", "OverrunForecast", "WorkingCalendar", "estimate_pace", "forecast_finish_dates",
    "forecast_overruns",
    "ThroughputForecast", "forecast_throughput",
    "PlanningPack", "export_planning_pack",
    "format_number", "set_display",
    "KPITrends", "kpi_trends", "ForecastHistory", "Rollup", "rollup",
]


def __getattr__(name: str):
    if name in _MODULE_OF:
        value = getattr(importlib.import_module(f".{_MODULE_OF[name]}", __name__), name)
        globals()[name] = value  # later look-ups skip this function
        return value
    try:  # a submodule used as an attribute, e.g. ``pf.schema``
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
