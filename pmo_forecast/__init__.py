"""pmo_forecast: estimation accuracy, overrun forecasts and PM-pool capacity for a PMO."""

from .accuracy import EstimationAccuracyModel
from .backtest import BacktestResult, backtest
from .demand import DemandForecast, demand_history, forecast_demand
from .exceptions import DataQualityWarning, NotFittedError, SchemaError, SmallSampleWarning
from .export import PlanningPack, export_planning_pack
from .finish import FinishDateForecast, WorkingCalendar, forecast_finish_dates
from .io import load_people, load_projects, load_requests, load_tasks
from .overrun import OverrunForecast, forecast_overruns
from .pace import estimate_pace
from .queue_sim import QueueSimulation
from .queueing import (
                       PoolQueue,
                       PoolQueueFit,
                       StaffingTarget,
                       erlang_c,
                       fit_pool_queue,
                       staff_for_target,
)
from .results import format_number, set_display
from .sample import generate_sample, load_sample, write_sample
from .scenario import Scenario, ScenarioComparison, ScenarioResult, compare_scenarios, run_scenario
from .throughput import ThroughputForecast, forecast_throughput
from .uplift import UpliftResult, reference_class_uplift
from .validation import (
                       ValidationReport,
                       validate_people,
                       validate_projects,
                       validate_requests,
                       validate_tasks,
)
from .workload import WorkloadResult, workload

__version__ = "0.1.0"

__all__ = [
    "DataQualityWarning", "NotFittedError", "SchemaError", "SmallSampleWarning",
    "generate_sample", "load_people", "load_projects", "load_requests", "load_sample",
    "load_tasks", "write_sample",
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
]
