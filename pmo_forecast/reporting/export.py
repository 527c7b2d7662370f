"""The planning pack: one Excel workbook, the same tables as CSV, and a printable summary page.

``export_planning_pack`` runs the forecasts (validation, accuracy and backtest,
overruns, finish dates, capacity and the PM-pool queue, scenarios), lays them out
as sheets of tables (:mod:`~pmo_forecast.reporting.pack_sheets`) and writes them
through :mod:`pmo_forecast.core.workbook`, which keeps the input's text from ever
becoming a formula; :mod:`pmo_forecast.core.safe_files` puts the files in place atomically
and refuses an output path that is one of the inputs. Its first step, loading the inputs (rewound to the as-of date
when asked, and what is assumed for lack of a table), is :mod:`.pack_inputs`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

# the modules that load scipy and scikit-learn (about a second) are imported lazily, in the steps that run
# them: validate_inputs and the refusals before any work go without
from ..core import schema as S
from ..core.aging import STALE_CLOSED
from ..core.as_of import as_of_gap_said, check_as_of, dates_read
from ..core.calendar import WorkingCalendar
from ..core.checks import refusals_listed
from ..core.exceptions import NoDatesError, SchemaError, SettingsWarning, said_once, warn
from ..core.labels import agree, counted, estimates_named
from ..core.results import Result
from ..core.safe_files import PackWriter, refuse_inputs_as_outputs
from ..core.shown import PackTable, shown_number
from ..core.workbook import Sheet, write_csv, write_workbook
from ..estimation.features import FACTORS, history_order_said_once
from ..estimation.refit import FITS, FittedCopies
from ..forecasting.correlation import estimate_correlation
from ..forecasting.demand import forecast_demand
from ..forecasting.open_work import projects_without_estimates
from ..forecasting.overrun import forecast_overruns
from ..forecasting.plan import LEARNING_SEED, trial_count
from ..forecasting.throughput import forecast_throughput
from ..forecasting.workload import PLAN_HOURS, workload
from ..inputs import validation as V
from ..inputs.repeated_ids import IDS_PER_PROJECT
from ..pool.request_log import fit_pool_queue
from ..scenarios.spec import BASELINE
from .capacity_sheet import CAPACITY_WEEKS_AHEAD, CAPACITY_WEEKS_BACK, NO_REQUESTS_NOTE
from .committee_options import committee_options, resolve_levels
from .committee_pack import record_history, run_trends
from .history import ForecastHistory
from .pack_inputs import ASSUMED_TOUCH_HOURS, NO_PEOPLE_NOTE, load_inputs
from .pack_sheets import (
    HTML_MAX_PROJECTS,
    MAX_FINDINGS_IN_SHEET,
    SHEET_INPUTS,
    SUMMARY_HTML,
    sheets,
    summary_html,
)
from .project_forecasts import (
    EFFORT_METHOD,
    EFFORT_THROUGHPUT_METHOD,
    RISK_THRESHOLD,
    THROUGHPUT_METHOD,
    risk_threshold,
)

# the sheets' names lived here until pack_sheets.py (stop 27), the inputs' until pack_inputs.py: still importable
__all__ = ["ASSUMED_TOUCH_HOURS", "CAPACITY_WEEKS_AHEAD", "CAPACITY_WEEKS_BACK", "EFFORT_METHOD",
           "EFFORT_THROUGHPUT_METHOD", "HTML_MAX_PROJECTS", "MAX_FINDINGS_IN_SHEET", "NO_PEOPLE_NOTE",
           "NO_REQUESTS_NOTE", "RISK_THRESHOLD", "SHEET_INPUTS", "SUMMARY_HTML", "THROUGHPUT_METHOD",
           "CheckedInputs", "PackContext", "PlanningPack", "export_planning_pack", "export_timestamp", "load_context",
           "validate_inputs"]


@dataclass(repr=False)
class PlanningPack(Result):
    """What :func:`export_planning_pack` wrote, with the tables it wrote.

    Attributes
    ----------
    path : pathlib.Path
        The workbook.
    files : list of pathlib.Path
        Every file written (workbook, CSV files, ``summary.html``).
    tables : dict of str to PackTable
        The tables by CSV slug, as written (before escaping): DataFrames that show their numbers as the
        workbook's cells do (:class:`~pmo_forecast.core.shown.PackTable`).
    forecasts : dict
        The forecast objects the tables came from (``"overrun"``, ``"finish"``, ...).
    """

    path: Path
    files: list
    tables: dict
    forecasts: dict = field(default_factory=dict)
    title = "Planning pack"

    def summary(self) -> pd.DataFrame:
        return pd.DataFrame({"file": [str(p) for p in self.files],
                             "bytes": [Path(p).stat().st_size if Path(p).exists() else np.nan
                                       for p in self.files]})


# --- dates: the request log's age, the export time ------------------------------
#: A request log ending more than this many days before the forecast date is said to be out of date.
STALE_LOG_DAYS = 91


#: The last whole second a timestamp can hold (2262-04-11): the largest ``SOURCE_DATE_EPOCH`` taken.
MAX_EPOCH = int(pd.Timestamp.max.timestamp())


def export_timestamp() -> pd.Timestamp:
    """The time a pack is written (UTC, naive, to the second): the one wall-clock value in any output.

    ``SOURCE_DATE_EPOCH`` (seconds since 1970-01-01 UTC, the reproducible-builds convention) fixes
    it: a rerun on the same inputs then writes byte-identical files.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return pd.Timestamp.now(tz="UTC").floor("s").tz_localize(None)
    if not epoch.strip().isdigit() or int(epoch) > MAX_EPOCH:  # past 2262 pandas has no timestamp
        raise ValueError(f"SOURCE_DATE_EPOCH must be whole seconds since 1970-01-01 UTC, got {epoch!r}.")
    return pd.Timestamp(int(epoch), unit="s")


def _input_paths(tables: dict, scenarios) -> list[Path]:
    paths = [Path(v) for v in tables.values() if isinstance(v, str | os.PathLike)]
    return paths + [Path(s) for s in (scenarios or []) if isinstance(s, str | os.PathLike)]


# --- the checks before any work: a mistake is said before minutes of forecasting, not after -----------
def _pack_path(path) -> Path:
    """The workbook's path, refused unless it is an Excel workbook: the CSV files and summary page go beside it."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise ValueError(f"the planning pack is an Excel workbook: give a path ending in .xlsx, got {path}")
    return path


def _refuse_inputs_as_outputs(path: Path, sources: dict, scenarios, mapping, history) -> list[Path]:
    """The input files, refused as the workbook, the summary page or the forecast history: an export must not
    overwrite what it reads (the history is written after the pack: it was the pack's own summary.html, then
    "damaged")."""
    inputs = _input_paths(sources, scenarios) + ([Path(mapping)] if isinstance(mapping, str | os.PathLike) else [])
    refuse_inputs_as_outputs(_outputs(path) + ([Path(history)] if history else []), inputs)
    return inputs


def _outputs(path: Path) -> list[Path]:
    """The pack's files whose names are known before it is written: the workbook and the summary page."""
    return [path, path.parent / SUMMARY_HTML]


def _check_history(path: Path, history) -> None:
    """The forecast history, refused as one of the pack's files or when it is no history: it is written last,
    after minutes of forecasting."""
    if not history:
        return
    refuse_inputs_as_outputs(_outputs(path), [history], what="the forecast history (--history)",
                             advice="Give the history a file of its own (forecast_history.sqlite by default).")
    ForecastHistory(history).check()


def _refuse_inputs_as_tables(path: Path, inputs: list[Path], history) -> None:
    """An input or the history named as one of the pack's CSV tables (``<stem>-<table>.csv`` beside the
    workbook) is refused: writing the pack would replace it."""
    out_dir, stem = path.parent, path.stem
    kept = [(p, f"the input {p}") for p in inputs]
    if history:
        kept.append((Path(history), f"the forecast history {history}"))
    for p, what in kept:
        if p.resolve().parent == out_dir.resolve() and p.name.startswith(f"{stem}-") and p.suffix == ".csv":
            raise ValueError(f"refusing to write the pack into {out_dir}: {what} would be replaced "
                             f"by one of its CSV tables. Choose another output folder.")


def _check_scenario_tables(sources: dict, scenarios) -> None:
    """Scenarios without the projects or people table are refused before any work: the scenarios come last."""
    missing = [t for t in ("projects", "people") if sources[t] is None]
    if scenarios and missing:
        raise ValueError(f"scenarios need the {' and '.join(missing)} {agree(len(missing), 'table', 'tables')} "
                         f"(--{' and --'.join(missing)}): staffing changes act on people and projects")


def _trials(n_trials) -> tuple[int, str | None]:
    """The number of trials, checked, and what too few of them do to the figures (warned once the inputs are
    loaded, said in Assumptions)."""
    n_trials = trial_count(n_trials)
    return n_trials, few_trials_note(n_trials)


def _progress_bar(progress: bool):
    """The progress bar over the pack's steps (tqdm; off with ``progress=False``): a pack takes minutes."""
    steps = ["load", "validate", "accuracy", "backtest", "overruns", "finish dates", "capacity",
             "scenarios", "trends", "write"]
    return tqdm(total=len(steps), desc="planning pack", unit="step", disable=not progress, leave=False)


def _check_before_work(path: Path, sources: dict, scenarios, mapping, history, as_of, rewind: bool,
                       n_trials) -> tuple:
    """The outputs, the history, the scenarios' tables, the as-of date and the trials checked before any work."""
    inputs = _refuse_inputs_as_outputs(path, sources, scenarios, mapping, history)
    PackWriter.check_writable(path.parent)  # said before the work, not after it
    export_timestamp()  # a mistyped SOURCE_DATE_EPOCH too (it is read again once the forecasts are done)
    _check_history(path, history)
    _refuse_inputs_as_tables(path, inputs, history)
    _check_scenario_tables(sources, scenarios)
    return (_checked_as_of(as_of, rewind), *_trials(n_trials))


def _add_options(ctx, few_trials: str | None, **options) -> None:
    """The note on too few trials and the committee's options (history, RAG, people detail, levels, currency)."""
    if few_trials:
        ctx.notes["trials"] = few_trials
    ctx.committee = committee_options(**options)


# --- the export -----------------------------------------------------------------
def export_planning_pack(path, *, tasks, projects=None, people=None, requests=None, model=None,
                         scenarios=None, as_of=None, n_trials=10_000, random_state=0,
                         progress=True, mapping=None, pace=None, calendar=None, by=None, history=None, rag=None,
                         people_detail="team", sheet=None, new_work=False, rewind=False,
                         currency=None, close_stale=False) -> PlanningPack:
    """Run the forecasts and write the planning pack: workbook, CSV tables and ``summary.html``.

    Parameters
    ----------
    path : path
        The workbook to write (``.xlsx``); the CSV files (``<stem>-<table>.csv``) and ``summary.html`` beside it.
    tasks : DataFrame or path
        The task table (or export file; see :func:`pmo_forecast.load_tasks`).
    projects, people, requests : DataFrame or path, optional
        Projects (budgets, due dates), people (capacity: finish dates, utilisation), the PM-pool request log.
    model : fitted EstimationAccuracyModel, optional
        Default: ``EstimationAccuracyModel(random_state=random_state)`` fitted on ``tasks``.
    scenarios : list of Scenario or path, optional
        Staffing scenarios to compare side by side (sheet ``Scenarios``).
    as_of : date-like, optional
        The forecast date. Default: the latest date in the task table (never today's: a rerun is the same).
    n_trials : int
        Monte Carlo trials for the overrun and finish-date forecasts.
    random_state : int
        Seed; the same inputs and seed give identical numbers.
    progress : bool
        Show a progress bar (tqdm) over the steps.
    mapping : Mapping, dict or path, optional
        How to read the task export (see :mod:`pmo_forecast.inputs.mapping`); recorded in Assumptions.
    pace : float, "auto", "calibrated" or None
        Capacity used for finish dates (see :func:`forecast_finish_dates`); None = ``"calibrated"``.
    calendar : list of dates or WorkingCalendar, optional
        Public holidays for finish dates and for every working-day count (the stale work's ages and line too).
    history : path, optional
        A forecast-history SQLite file (created if missing): a ``What changed`` sheet, and this run recorded in it.
    rag : dict or list of str, optional
        Red/amber thresholds of the projects' status (default ``{"late": (0.5, 0.2), "overrun": (0.5, 0.2)}``,
        or ``["late=0.6,0.3"]``); recorded in Assumptions.
    people_detail : {"team", "named", "none"}
        How far the pack names people: by role only (default), per person too (``"named"``) or neither.
    by : str or list of str, optional
        Projects-table levels (``portfolio``, ``business_unit``, ``department``) to roll the open projects up to:
        a sheet per level, effort (and cost) from summed trials.
    sheet : str or int, optional
        The workbook sheet of ``tasks`` to read (:func:`pmo_forecast.load_tasks`; default: the first visible with data).
    new_work : bool, default False
        Add the work still to arrive (:func:`pmo_forecast.forecast_demand`, 26 weeks) to the Capacity sheet as
        the ``(new work)`` row of :func:`pmo_forecast.workload`; left out, and said, without a demand history.
    close_stale : bool, default False
        Close the stale work (:func:`pmo_forecast.close_stale`) as cancelled before the forecasts (in Assumptions).
    rewind : bool, default False
        With an ``as_of`` before the task table's latest date: the pack that could have been made then
        (:func:`pmo_forecast.reporting.rewound_tables.tables_as_of`).
    currency : str, optional
        The currency of ``cost_per_hour`` (``"EUR"``, ``"€"``) beside every money figure; default: its header's.

    Returns
    -------
    PlanningPack
        The paths written and the tables, with the forecast objects they came from.

    Raises
    ------
    ValueError
        When an output file would be one of the inputs, or ``path`` is not ``.xlsx``.
    SchemaError
        When an input cannot be used (see the loaders).

    Notes
    -----
    With the task table alone the pack still comes out: see docs/own-data.md, sections "What comes out with
    less" and "Teams that do not estimate in hours". Safe writing and identical reruns: see docs/pack.md,
    items "Reproducible" and "Safe"; ``history``, ``new_work``, ``close_stale``, ``rewind`` and ``currency``
    in full: its section "The options of `export_planning_pack`".

    Examples
    --------
    >>> from pmo_forecast import export_planning_pack, load_sample
    >>> tasks, projects, people, requests = load_sample()
    >>> pack = export_planning_pack("out/planning_pack.xlsx", tasks=tasks, projects=projects,
    ...                             people=people, requests=requests)  # doctest: +SKIP
    """
    path = _pack_path(path)
    sources = {"tasks": tasks, "projects": projects, "people": people, "requests": requests}
    as_of, n_trials, few_trials = _check_before_work(path, sources, scenarios, mapping, history, as_of, rewind,
                                                     n_trials)
    bar = _progress_bar(progress)
    try:
        with said_once():  # the effort and the finish-date forecasts warn alike of the open work both prepare
            ctx = PackContext(sources, scenarios=scenarios, model=model, as_of=as_of, n_trials=n_trials,
                              random_state=random_state, bar=bar, mapping=mapping, pace=pace, calendar=calendar,
                              by=by, sheet=sheet, new_work=new_work, rewind=rewind, close_stale=close_stale)
            _add_options(ctx, few_trials, history=history, rag=rag, people_detail=people_detail, by=by,
                         currency=currency)
            files = _run_and_write(path, ctx)
    finally:
        bar.close()
    return PlanningPack(path=path, files=files, tables={b.slug: PackTable(b.df, formats=b.formats)
                                                             for s in ctx.sheets for b in s.blocks},
                        forecasts=ctx.forecasts)


#: The key of :attr:`CheckedInputs.said` that says the task table has no date to take the as-of date from.
NO_DATES = "no dates"


def _checked_as_of(as_of, rewind: bool):
    """The as-of date as the pack takes it (None: the data's own); rewinding needs one."""
    as_of = None if as_of is None else check_as_of(as_of)
    if rewind and as_of is None:
        raise ValueError("rewind needs the date to rewind to: give as_of (on the command line: --as-of YYYY-MM-DD "
                         "with --rewind)")
    return as_of


@dataclass(repr=False)
class CheckedInputs:
    """The pack's inputs as :func:`validate_inputs` loaded and checked them.

    Attributes
    ----------
    validation : dict of str to ValidationReport
        Each table's report, as the pack's Data quality sheet counts them.
    tables : dict of str to DataFrame
        The tables checked (rewound, and people inferred, as the pack has them).
    said : dict of str to str
        What was inferred, assumed, rewound, closed as stale or named by its project (task ids that start again in
        each project), as the Assumptions sheet says it.
    warned : frozenset of str
        The keys of ``said`` whose text was also issued as a warning while loading (a printout of
        ``said`` leaves them out, so that each is said once).
    refused : tuple of str
        The loaders' refusals of cells' values (a negative number of hours, text in a column of numbers, a date that
        is none, a status not known, a key on two rows, a share of the week out of range), in their words: the pack
        refuses the tables until they are fixed; read here, such a cell is blank, or an error finding of the checks.
    """

    validation: dict
    tables: dict
    said: dict
    warned: frozenset = frozenset()
    refused: tuple = ()


def validate_inputs(tasks, *, projects=None, people=None, requests=None, as_of=None, mapping=None, sheet=None,
                    rewind=False, by=None, close_stale=False, calendar=None) -> CheckedInputs:
    """Load and check the pack's inputs as :func:`export_planning_pack` does, without forecasting.

    The same loading (templates not filled in count as not given, people inferred from the
    assignees without a people table, the tables rewound with ``rewind``, the stale work closed with
    ``close_stale``, no longer listed as ``stale_in_progress``) and the same checks
    (tasks against the projects and people tables, projects against the tasks), so the counts are
    the Data quality sheet's. A negative estimate, actual, hands-on time, hours a week or budget, which the pack refuses
    as the file is read, is read here and listed by the checks (``estimate_not_positive``, ``negative_actual``, ...)
    with every other finding, and the refusal kept (``refused``): an analyst fixes them all at once. So are the
    loaders' other refusals of a cell's value (:func:`~pmo_forecast.core.checks.refusals_listed`): text in a column of
    numbers or a date that is none, read as blank, a status not known (``unknown_status``), a key on two rows of a
    companion table (``duplicate_...``). A column missing or a file that cannot be read is still raised. The parameters
    are :func:`export_planning_pack`'s. A task table with
    no date at all, which the pack refuses without ``as_of``, is checked as loaded; ``said`` then
    has :data:`NO_DATES`. The roll-up columns ``by`` are checked as the pack checks them (a column
    the projects table does not have is the pack's ValueError), with or without dates.

    Returns
    -------
    CheckedInputs
        The reports by table, the tables checked and what was inferred or rewound.
    """
    sources = {"tasks": tasks, "projects": projects, "people": people, "requests": requests}
    ctx = PackContext(sources, as_of=_checked_as_of(as_of, rewind), mapping=mapping, sheet=sheet, rewind=rewind, by=by,
                      close_stale=close_stale, calendar=calendar)
    ctx.committee = committee_options(by=by)
    # each warning said once, as the pack says it (two tables given in memory with the same text formulas warned alike)
    with said_once(), refusals_listed() as refused:
        try:
            load_inputs(ctx)
        except NoDatesError:  # raised once every table is loaded, and only without as_of
            # no date at all: the pack refuses the table until it is given an as-of date; its checks need none
            ctx.notes[NO_DATES] = ("the task table has no created, started or finished date: checked as loaded, "
                                   "with no as-of date and no people inferred; the planning pack needs one (as_of, on "
                                   "the command line --as-of YYYY-MM-DD)")
            resolve_levels(ctx)  # the load's last check, which the refusal came before
        ctx._validate()
    said = {**ctx.inferred, **ctx.notes}
    found = ctx.tables["tasks"].attrs.get("detected", {})
    if named := found.get(IDS_PER_PROJECT):  # ids the report names otherwise than the file: as its Assumptions row
        said["tasks: ids per project"] = named
    if closed := found.get(STALE_CLOSED):  # not the file as given either
        said["stale closed"] = closed
    # a refusal of a table's cells that no finding names is an error of its report too (counted in its title)
    validation = {name: report.with_refusals(ctx.refused_by.get(name, ())) for name, report in ctx.validation.items()}
    return CheckedInputs(validation, ctx.tables, said, frozenset(ctx.warned), tuple(map(str, refused)))


#: Fewer Monte Carlo trials than this leave a probability uncertain by more than 1.6 points.
FEW_TRIALS = 1_000


def few_trials_note(n_trials: int) -> str | None:
    """What a small number of trials does to the pack's figures, or None when there are enough."""
    if n_trials >= FEW_TRIALS:
        return None
    return (f"{counted(n_trials, 'Monte Carlo trial')}: a probability such as P(late) is "
            f"uncertain by up to {shown_number(50 / np.sqrt(n_trials), 'num1')} percentage points (one standard error at 50%) and a "
            f"P90 rests on the {counted(max(n_trials // 10, 0), 'trial')} beyond it; use at least {FEW_TRIALS:,} "
            "(10,000, the default, for the meeting)")


def load_context(tasks, *, projects=None, people=None, requests=None, as_of=None) -> PackContext:
    """The pack's context as its load step leaves it, before any forecast: what a sheet's function reads.

    The tables are loaded as :func:`export_planning_pack` loads them (people inferred without a people table, the
    request log filled in), the as-of date settled, and the committee options at their defaults; its ``forecasts``
    are empty, for a caller to put in the ones a sheet shows.

    Parameters
    ----------
    tasks, projects, people, requests : path or DataFrame
        The pack's inputs, as :func:`export_planning_pack` takes them; only ``tasks`` is required.
    as_of : date-like, optional
        The forecast date; by default the data's own (its latest date).

    Returns
    -------
    PackContext
        The context, its ``tables``, ``as_of``, ``notes`` and ``inferred`` set.

    Raises
    ------
    SchemaError
        When an input cannot be used (see the loaders).

    Examples
    --------
    >>> from pmo_forecast import load_sample
    >>> tasks, projects, people, requests = load_sample()
    >>> ctx = load_context(tasks, projects=projects, people=people, requests=requests)
    >>> sorted(ctx.tables)
    ['people', 'projects', 'requests', 'tasks']
    """
    ctx = PackContext({"tasks": tasks, "projects": projects, "people": people, "requests": requests},
                      as_of=_checked_as_of(as_of, False))
    load_inputs(ctx)
    return ctx


class PackContext:
    """The forecasts behind one pack, run step by step, then laid out as sheets.

    :func:`export_planning_pack` makes one and runs it (:meth:`run`); :func:`load_context` gives one loaded, for a
    sheet's function to read.

    Parameters
    ----------
    sources : dict of str to path or DataFrame
        The inputs by table (``tasks``, ``projects``, ``people``, ``requests``), None for one not given. The only
        positional argument: every other is given by name, as seven in a row (several of them None) could not be
        told apart at the call.
    scenarios : list, optional
        The scenarios to run, as :func:`export_planning_pack` takes them.
    model : estimator, optional
        The accuracy model; None fits one on the tasks.
    as_of : Timestamp, optional
        The forecast date; None takes the data's own.
    n_trials : int, optional
        The Monte Carlo trials of every forecast (None for a context only loaded, as :func:`load_context` makes).
    random_state : int, optional
        The seed of every forecast.
    bar : tqdm, optional
        The progress bar :meth:`step` moves (only :meth:`run` uses it, so a context that is not run needs none).
    mapping, pace, calendar, by, sheet, new_work, rewind, close_stale
        As :func:`export_planning_pack` takes them.

    Attributes
    ----------
    tables : dict of str to DataFrame
        The inputs as loaded (set by the load step).
    forecasts : dict of str to object
        The forecasts by name (``model``, ``overrun``, ``finish``, ``comparison``, ...), as the steps make them.
    notes, inferred : dict of str to str
        What the Assumptions sheet says: the forecasts' notes, and what was inferred or assumed for lack of a table.
    committee : dict
        The committee pack's options (:func:`~pmo_forecast.reporting.committee_options.committee_options`): the
        defaults until :func:`export_planning_pack` gives the caller's.
    scenarios : list of Scenario
        The scenarios read, once the load step ran.
    sheets : list of Sheet
        The pack's sheets, once :meth:`run` laid them out.
    """

    def __init__(self, sources, *, scenarios=None, model=None, as_of=None, n_trials=None, random_state=None, bar=None,
                 mapping=None, pace=None, calendar=None, by=None, sheet=None, new_work=False, rewind=False,
                 close_stale=False):
        self.sheet = sheet
        self.close_stale = bool(close_stale)  # stale work closed as cancelled (core.aging.close_stale)
        self.rewind = bool(rewind)  # rewind the history to as_of (the pack as it could have been made then)
        self.sources, self.scenario_sources, self.model = sources, list(scenarios or []), model
        self.as_of, self.n_trials, self.seed, self.bar = as_of, n_trials, random_state, bar
        self.sources_as_of = as_of  # None: the as-of date is the data's own (infer_as_of)
        self.far_dates = pd.DataFrame()
        self.planned_starts = None  # start dates after every other date, left out of the as-of date
        self.planned_ends = None  # finish dates of unfinished tasks, left out of the as-of date
        self.mapping, self.pace, self.by = mapping, pace, by
        # one form whatever was given (dates, a dict or a WorkingCalendar); None: no holidays
        self.calendar = None if calendar is None else WorkingCalendar.coerce(calendar)
        self.new_work = bool(new_work)  # add the forecast of work still to arrive to the capacity view
        self.forecasts: dict = {}
        self.notes: dict[str, str] = {}
        self.inferred: dict[str, str] = {}  # inputs inferred or assumed for lack of a table (Assumptions)
        self.warned: set[str] = set()  # keys of notes and inferred also issued as a warning while loading
        self.refused_by: dict[str, list] = {}  # table -> the refusals listed as it loaded (validate_inputs)
        self.level_notes: dict[tuple[str, str], list[str]] = {}  # (kind, text): the level pages saying it
        self.sheets: list[Sheet] = []
        self.points = False  # estimates in story points
        self.throughput_ids: list[str] = []  # projects forecast from throughput
        self.items_by_due: dict = {}
        self.copies = None  # the model's copies fitted on earlier history (backtest, correlation)
        self.prepared = None  # the model with today's open work prepared once (QuantileCache), set with the effort forecast
        # the task and projects tables before their assignees and managers were read as the people they name:
        # validation says the spellings
        self.as_written: dict[str, pd.DataFrame] = {}
        self.validation = None  # table -> its ValidationReport, once the validate step ran
        # what changed since the last pack and that pack's forecast date: set by the What changed sheet, with a history
        self.changes, self.previous_as_of = None, None
        self.messages = None  # the key messages, worded once for the Summary and the committee pack
        # the committee's options (history, RAG, people detail, levels, currency): the defaults until the caller's
        # are given (_add_options)
        self.committee = committee_options()
        self.scenarios: list = []  # the scenarios read from scenario_sources (pack_inputs, as the load step runs)
        self.paced: list = []  # the scenarios run at the pack's pace (--pace) in place of their calibrated one
        self.project_table = None  # the open projects' table every sheet reads, set as the sheets are laid out

    def step(self, name: str) -> None:
        """Move the progress bar to the step ``name`` (benchmarks/bench_pack.py times the pack's steps here)."""
        if self.bar.n or name != "load":
            self.bar.update(1)
        self.bar.set_postfix_str(name)

    def run(self) -> None:
        """Load the inputs, run every forecast step and lay the results out as :attr:`sheets`."""
        self.step("load")
        load_inputs(self)
        # after the inputs' refusals (a rewind to before the first task, a roll-up column not there): a pack refused
        # had warned of its settings first
        if "trials" in self.notes:
            warn(f"{self.notes['trials']}.", SettingsWarning)
        # the load step said what is wrong with the as-of date, and read the far dates as blank on the whole table:
        # the forecasts would repeat the one, and the model's fits on earlier history judge the other again
        with as_of_gap_said(), dates_read():
            self.step("validate")
            self._validate()
            # no finish dates: the model's folds and the backtest's split follow the row order, one fact said once
            with history_order_said_once():
                for name, fn in (("accuracy", self._fit), ("backtest", self._backtest)):
                    self.step(name)
                    fn()
            for name, fn in (("overruns", self._overruns), ("finish dates", self._finish),
                             ("capacity", self._capacity), ("scenarios", self._scenarios), ("trends", self._trends)):
                self.step(name)
                fn()
        self.bar.update(1)
        self.export_time = export_timestamp()
        self.sheets = sheets(self)

    # --- steps (the first, load, is pack_inputs.load_inputs) ------------------
    def _validate(self) -> None:
        checks = {"tasks": lambda df: V.validate_tasks(df, as_of=self.as_of, projects=self.tables.get("projects"),
                                                       people=self.tables.get("people"), calendar=self.calendar),
                  "projects": lambda df: V.validate_projects(  # inferred people have no managers among them
                      df, tasks=self.tables["tasks"],
                      people=None if "people" in self.inferred else self.tables.get("people"),
                      as_of=self.as_of),
                  "people": V.validate_people, "requests": V.validate_requests}
        self.validation = {name: checks[name](self.as_written.get(name, df)) for name, df in self.tables.items()}
        self.forecasts["validation"] = self.validation

    def _fit(self) -> None:
        tasks = self.tables["tasks"]
        self.points = S.estimates_in_points(tasks)
        if self.model is None:
            from ..estimation.accuracy import EstimationAccuracyModel  # lazy: scikit-learn, scipy

            # a factor the export does not have at all (ClickUp has no task type) is left out
            empty = [f for f in FACTORS if f in tasks.columns and not tasks[f].notna().any()]
            if empty:
                self.inferred["accuracy factors"] = f"left out, empty in the export: {', '.join(empty)}"
            try:  # the fit of an earlier run on the same table and settings, when there was one (FITS)
                self.model = FITS.fit(EstimationAccuracyModel(
                    factors=tuple(f for f in FACTORS if f not in empty), random_state=self.seed), tasks)
            except ValueError as e:  # no hour estimates, or too little finished history
                self.model = None
                self.notes["model"] = (f"no effort forecast: {e} Open work is forecast from throughput "
                                       "(items finished per week) instead")
        if self.model is not None:
            self.forecasts["model"] = self.model
        if self.points and self.model is not None:
            self.inferred["estimates"] = ("estimates are story points: the accuracy model turns points into "
                                          "hours from the finished tasks' logged time (effort in hours; the "
                                          "remaining estimate in points; no contingency or P(over budget), "
                                          "which need a plan in hours)")

    def _backtest(self) -> None:
        from ..estimation.backtest import backtest  # lazy: scikit-learn, scipy

        if self.model is None:
            return
        # the model's copies fitted on earlier history: the backtest's split (the default TEST_SHARE, which
        # trains on 70%) is also the backdated correlation's 70% cut, fitted once for both (same rows, same
        # seed: the same fit); and each fitted once for the process (FITS: a rerun on the same table)
        self.copies = FittedCopies(self.model, cache=FITS)
        try:
            self.forecasts["backtest"] = result = backtest(self.model, self.tables["tasks"], copies=self.copies)
            if result.note:
                self.notes["backtest"] = f"backtest: {result.note}"
        except ValueError as e:  # too little history to split: the pack still has the forecasts
            self.notes["backtest"] = f"backtest not run: {str(e).removeprefix('backtest: ').rstrip('.')}"

    def _overruns(self) -> None:
        self._throughput()
        if self.model is None:
            return
        # the slow part (refits the model at past dates), estimated once for effort and finish dates
        self.correlation = estimate_correlation(self.model, self.tables["tasks"], random_state=LEARNING_SEED,
                                                copies=self.copies)
        from ..scenarios.whatif import QuantileCache  # lazy: scipy

        # today's open work (its quantile tables, stale work, queue order), prepared once for the effort and the
        # finish-date forecast: the what-if's cache, keyed by the tables' content, date and calendar
        self.prepared = QuantileCache(self.model)
        self.forecasts["overrun"] = forecast_overruns(
            self.prepared, self.tables["tasks"], self.tables.get("projects"), n_trials=self.n_trials,
            random_state=self.seed, project_correlation=self.correlation, as_of=self.as_of,
            calendar=self.calendar)  # stale work aged in the pack's working days, as Trends ages it

    def _throughput(self) -> None:
        """Projects without hour estimates on their open work (or every project, with no model).

        The rule is the effort forecast's own (:func:`~pmo_forecast.forecasting.open_work.projects_without_estimates`):
        the projects it leaves out are the ones forecast here, so every effort figure of the pack
        (totals, roll-ups, cost, key messages) covers the projects the Projects sheet gives effort for.
        """
        tasks = self.tables["tasks"]
        open_ = tasks[tasks[S.STATUS].isin(S.UNFINISHED_STATUSES).fillna(False).to_numpy(bool)]
        if self.model is None or self.nobody:
            ids = set(open_[S.PROJECT_ID].astype(str))
            projects = self.tables.get("projects")
            if projects is not None and S.STATUS in projects:  # as the effort forecast: listed, nothing left
                active = projects.loc[projects[S.STATUS].eq(S.ACTIVE).fillna(False).to_numpy(bool), S.PROJECT_ID]
                ids |= set(active.astype(str)) & set(tasks[S.PROJECT_ID].astype(str))
            ids = sorted(ids)
        else:
            ids = sorted(str(p) for p in projects_without_estimates(tasks))
        self.throughput_ids = ids
        if not ids:
            return
        remaining = open_[S.PROJECT_ID].astype(str).value_counts().reindex(ids, fill_value=0)
        self.forecasts["throughput"] = forecast_throughput(
            tasks, remaining.to_dict(), as_of=self.as_of, projects=self.tables.get("projects"),
            n_trials=self.n_trials, random_state=self.seed, calendar=self.calendar)
        # "how many by the due date": one small forecast per project with a due date ahead
        self.items_by_due = {}
        projects = self.tables.get("projects")
        if projects is not None:
            due = projects.drop_duplicates(S.PROJECT_ID).set_index(S.PROJECT_ID)[S.DUE]
            due.index = due.index.astype(str)
            for pid in ids:
                d = due.get(pid)
                if d is not None and pd.notna(d) and d > self.as_of:
                    fc = forecast_throughput(tasks, {pid: remaining[pid]}, as_of=self.as_of, by_date=d,
                                             n_trials=self.n_trials, random_state=self.seed,
                                             calendar=self.calendar).by_project()
                    self.items_by_due[pid] = (fc["items_p50"].iat[0], fc["items_p80"].iat[0])

    @property
    def nobody(self) -> bool:
        """No people to plan with: no people table and no assignees in the export."""
        return not len(self.tables["people"])

    def _finish(self) -> None:
        if self.model is None or self.nobody:
            return
        from ..forecasting.finish import forecast_finish_dates  # lazy: scipy

        pace = self.pace
        if pace is None and self.scenarios:  # the slip is learnt once, for this sheet and the scenarios
            from ..scenarios.whatif import context  # lazy: scipy

            pace = context(dict(self.tables), self.model, self.as_of, self.n_trials, self.seed,
                           self.correlation).delivery_rates(self.calendar)
        # the effort forecast's open work is this plan's (same tables, date and calendar), unless the slip is learnt
        # here (pace "calibrated", the default): its backdated plans take the model itself, not today's cache
        learnt_here = pace is None or (isinstance(pace, str) and pace == "calibrated")
        self.forecasts["finish"] = forecast_finish_dates(
            self.model if learnt_here else self.prepared, self.tables["tasks"], self.tables["people"],
            self.tables.get("projects"),
            as_of=self.as_of, n_trials=self.n_trials, random_state=self.seed,
            project_correlation=self.correlation, calendar=self.calendar,
            **({} if pace is None else {"pace": pace}))  # default: the finish forecast's own

    def _capacity(self) -> None:
        """The Capacity sheet's forecasts: the PM-pool queue, then everyone's forward workload (which reads it)."""
        self._pool_queue()
        self._workload()

    def _pool_queue(self) -> None:
        """The PM-pool queue fitted to the request log, with what its fit and the log's age say; without a log,
        or when it cannot be fitted, said why."""
        if "requests" not in self.tables:
            self.notes["queue"] = NO_REQUESTS_NOTE
            return
        try:
            cal = WorkingCalendar.coerce(self.calendar)  # waits in the pack's working hours
            q = self.forecasts["queue"] = fit_pool_queue(self.tables["requests"], self.tables.get("people"),
                                                         as_of=self.as_of, holidays=list(cal.holidays) or None,
                                                         weekmask=cal.weekmask)
        except ValueError as e:  # e.g. no PMs in the people table and no handler column: say so
            self.notes["queue"] = f"the PM-pool queue could not be fitted from the request log: {e}"
            return
        said = list(q.caveats)
        behind = (self.as_of - q.log_end.normalize()).days
        if behind > STALE_LOG_DAYS:
            said.append(f"the request log ends on {q.log_end:%Y-%m-%d}, {behind:,} days before the forecast "
                        "date: the PM-pool figures describe the pool as it was then")
        if said:
            self.notes["queue_checks"] = "; ".join(said)

    def _workload(self) -> None:
        """Everyone's forward load from the delivery plan (the finish-date schedule), PMs with their requests;
        without an effort forecast or people, said why."""
        if self.model is None:
            self.notes["workload"] = f"utilisation needs {self._estimates_needed()}, and this export has none usable"
            return
        if self.nobody:
            self.notes["workload"] = f"nobody is named: {NO_PEOPLE_NOTE}"
            return
        if "people" not in self.tables:
            self.notes["workload"] = "utilisation needs the people table (--people)"
            return
        queue = self.forecasts.get("queue")  # the fit: whether its handlers serve when no PM does
        self._demand()
        self.forecasts["workload"] = workload(self.tables["tasks"], self.tables["people"],
                                              self.tables.get("projects"), freq="W", model=self.model,
                                              as_of=self.as_of, plan=self.forecasts.get("finish"),
                                              queue=queue, demand=self.forecasts.get("demand"),
                                              plan_level=PLAN_HOURS, calendar=self.calendar)
        if self.forecasts["workload"].notes:  # warned only, they had been in no sheet
            self.notes["workload_checks"] = "; ".join(self.forecasts["workload"].notes)

    def _demand(self) -> None:
        """The work forecast to arrive, for the Capacity sheet's (new work) row (``new_work``, with finish dates);
        with story-point estimates or no created dates, said why there is no row."""
        if not (self.new_work and "finish" in self.forecasts):
            return
        if self.points:  # the points arriving are no hours, and the row is hours against capacity
            self.notes["new_work"] = ("no (new work) row (--new-work): the estimates are story points, so the "
                                      "work forecast to arrive is in points, and the row is hours against "
                                      "capacity; forecast_demand gives the points arriving per week")
            return
        try:
            self.forecasts["demand"] = forecast_demand(self.tables["tasks"], horizon=CAPACITY_WEEKS_AHEAD,
                                                       as_of=self.as_of)
        except SchemaError as e:  # no created dates: the rest of the pack stands without the row
            self.notes["new_work"] = f"no (new work) row (--new-work): {e}"

    def _estimates_needed(self) -> str:
        """What the effort forecast needs, for the notes that say it is missing: story points become hours
        only through the time logged on finished tasks."""
        return estimates_named(self.points) + (" with time logged" if self.points else "")

    def _scenarios(self) -> None:
        if not self.scenarios:
            return
        if self.model is None:
            self.notes["scenarios"] = f"scenarios need an effort forecast ({self._estimates_needed()}); not run"
            self.scenarios = []
            return
        if self.nobody:
            self.notes["scenarios"] = f"scenarios not run, nobody is named: {NO_PEOPLE_NOTE}"
            self.scenarios = []
            return
        from ..scenarios.comparison import compare_scenarios  # lazy: scipy
        from ..scenarios.scenario import run_scenario  # lazy: scipy

        # the comparison is against the plan as it stands (the Projects sheet): a baseline first; one
        # given by name may only describe it, never change it
        base = [s for s in self.scenarios if s.name == "baseline"] or [BASELINE]
        self.scenarios = base + [s for s in self.scenarios if s.name != "baseline"]
        if len(self.scenarios) == 1:  # a baseline file alone: the Projects sheet is that plan already
            self.notes["scenarios"] = ("only the baseline was given, the plan as it stands (the Projects sheet): "
                                       "no Scenarios sheet; add a scenario that changes the plan (--scenario) to "
                                       "compare it with the baseline")
            warn(f"scenarios: {self.notes['scenarios']}.", SettingsWarning)
            self.scenarios = []
            return
        # the pack's pace (--pace) for every scenario at the default one: the baseline ran at "calibrated" whatever
        # the Projects sheet's pace (PRJ-50 78 days apart at --pace 1). Run so; the scenarios kept as their files
        # write them (the Scenarios sheet shows them), the pace put in their place said in Assumptions
        paced = self.pace is not None and self.pace != "calibrated"
        ran = [replace(s, pace=self.pace) if paced and s.pace == "calibrated" else s for s in self.scenarios]
        self.paced = [s.name for s, r in zip(self.scenarios, ran, strict=True) if r is not s]
        data = dict(self.tables)
        # the same engine, model, correlation and seed as the Projects sheet: the baseline
        # column equals it to the day
        runs = []
        for s in ran:
            try:
                runs.append(run_scenario(s, data, model=self.model, as_of=self.as_of, n_trials=self.n_trials,
                                         random_state=self.seed, correlation=self.correlation,
                                         at_risk=risk_threshold(self), calendar=self.calendar))
            except ValueError as e:  # with several scenario files, say which one
                raise ValueError(f"scenario {s.name!r}: {e}") from None
        self.forecasts["scenarios"] = runs
        from ..scenarios.whatif import context  # lazy: scipy

        self.forecasts["gates"] = context(data, self.model, self.as_of, self.n_trials, self.seed,
                                         self.correlation).gates
        self.forecasts["comparison"] = compare_scenarios(runs)

    def _trends(self) -> None:
        run_trends(self)


def _run_and_write(path: Path, ctx) -> list[Path]:
    """Run the forecasts, write the pack, then record the run in the forecast history: only a pack that was
    written counts as a run."""
    ctx.run()
    ctx.bar.set_postfix_str("write")
    files = _write_pack(path, ctx)
    record_history(ctx)
    ctx.bar.update(1)
    return files


def _write_pack(path: Path, ctx) -> list[Path]:
    stem = path.stem
    with PackWriter(path.parent, last=path.name, stale_glob=f"{stem}-*.csv") as w:
        for sheet in ctx.sheets:
            for block in sheet.blocks:
                write_csv(w.path(f"{stem}-{block.slug}.csv"), block.df)
        w.path(SUMMARY_HTML).write_text(summary_html(ctx), encoding="utf-8")
        write_workbook(w.path(path.name), ctx.sheets, export_time=ctx.export_time)
    return [path.parent / n for n in w.names]

