"""The planning pack: one Excel workbook, the same tables as CSV, and a printable summary page.

``export_planning_pack`` runs the forecasts (validation, accuracy and backtest,
overruns, finish dates, capacity and the PM-pool queue, scenarios), lays them out
as sheets of tables and writes them through :mod:`pmo_forecast.core.workbook`, which
keeps the input's text from ever becoming a formula and writes the files
atomically. An output path that is one of the inputs is refused.
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..core.calendar import HOURS_PER_DAY, far_dates, far_dates_note, infer_as_of
from ..core.exceptions import DataQualityWarning, SmallSampleWarning
from ..core.labels import label
from ..core.results import Result
from ..core.workbook import (
    Block,
    PackWriter,
    Sheet,
    refuse_inputs_as_outputs,
    sha256_file,
    write_csv,
    write_workbook,
)
from ..forecasting.plan import AT_RISK, at_risk
from .committee_pack import committee_options, record_history

SUMMARY_HTML = "summary.html"


@dataclass(repr=False)
class PlanningPack(Result):
    """What :func:`export_planning_pack` wrote, with the tables it wrote.

    Attributes
    ----------
    path : pathlib.Path
        The workbook.
    files : list of pathlib.Path
        Every file written (workbook, CSV files, ``summary.html``).
    tables : dict of str to DataFrame
        The tables by CSV slug, as written (before escaping).
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


# --- gathering the inputs ------------------------------------------------------
def export_timestamp() -> pd.Timestamp:
    """The time a pack is written (UTC, naive, to the second): the one wall-clock value in any output.

    ``SOURCE_DATE_EPOCH`` (seconds since 1970-01-01 UTC, the reproducible-builds convention) fixes
    it: a rerun on the same inputs then writes byte-identical files.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return pd.Timestamp.now(tz="UTC").floor("s").tz_localize(None)
    if not epoch.strip().isdigit():
        raise ValueError(f"SOURCE_DATE_EPOCH must be whole seconds since 1970-01-01 UTC, got {epoch!r}.")
    return pd.Timestamp(int(epoch), unit="s")


def _loaders():
    from ..inputs.io import load_people, load_projects, load_requests, load_tasks

    return {"tasks": load_tasks, "projects": load_projects, "people": load_people, "requests": load_requests}


def _input_paths(tables: dict, scenarios) -> list[Path]:
    paths = [Path(v) for v in tables.values() if isinstance(v, str | os.PathLike)]
    return paths + [Path(s) for s in (scenarios or []) if isinstance(s, str | os.PathLike)]


def _header_only(source) -> bool:
    """A CSV file with a header line and nothing else (an unfilled template)."""
    if not isinstance(source, str | os.PathLike) or Path(source).suffix.lower() != ".csv":
        return False
    try:
        with open(source, "rb") as f:
            head = f.read(1 << 16)
    except OSError:
        return False
    return len(head) < (1 << 16) and len([ln for ln in head.splitlines() if ln.strip()]) == 1


def _source_row(name: str, source, rows, filters: str) -> dict:
    if isinstance(source, str | os.PathLike):
        p = Path(source)
        return {"input": name, "file": str(p), "sha256": sha256_file(p), "bytes": p.stat().st_size,
                "rows": rows, "filters": filters}
    return {"input": name, "file": "(DataFrame passed in memory)", "sha256": "", "bytes": np.nan,
            "rows": rows, "filters": filters}


# --- the export -----------------------------------------------------------------
def export_planning_pack(path, *, tasks, projects=None, people=None, requests=None, model=None,
                         scenarios=None, as_of=None, n_trials=10_000, random_state=0,
                         progress=True, mapping=None, pace=None, calendar=None, by=None, history=None, rag=None,
                         people_detail="team", sheet=None, new_work=False) -> PlanningPack:
    """Run the forecasts and write the planning pack: workbook, CSV tables and ``summary.html``.

    Parameters
    ----------
    path : path
        The workbook to write (``.xlsx``). The CSV files (``<stem>-<table>.csv``)
        and ``summary.html`` go in the same folder.
    tasks : DataFrame or path
        The task table (or export file; see :func:`pmo_forecast.load_tasks`).
    projects, people, requests : DataFrame or path, optional
        Projects (budgets, due dates), people (capacity; needed for finish dates
        and utilisation) and the PM-pool request log (needed for the queue).
    model : fitted EstimationAccuracyModel, optional
        Default: ``EstimationAccuracyModel(random_state=random_state)`` fitted on ``tasks``.
    scenarios : list of Scenario or path, optional
        Staffing scenarios to compare side by side (sheet ``Scenarios``).
    as_of : date-like, optional
        The forecast date. Default: the latest date in the task table (never
        today's date, so that a rerun gives the same pack).
    n_trials : int
        Monte Carlo trials for the overrun and finish-date forecasts.
    random_state : int
        Seed; the same inputs and seed give identical numbers.
    progress : bool
        Show a progress bar (tqdm) over the steps.
    mapping : Mapping, dict or path, optional
        How to read the task export (see :mod:`pmo_forecast.inputs.mapping`); recorded in
        Assumptions.
    pace : float, "auto", "calibrated" or None
        Capacity used for finish dates (see :func:`forecast_finish_dates`); None = its
        default, ``"calibrated"``.
    calendar : list of dates or WorkingCalendar, optional
        Public holidays for finish dates.
    history : path, optional
        A forecast-history SQLite file (:mod:`pmo_forecast.reporting.history`; created if missing).
        The pack then has a ``What changed`` sheet (against the last run before this
        as-of date, and how earlier forecasts of projects finished since held), and this
        run's forecast is recorded in the file, in one transaction, after the pack is written.
        The command line uses ``forecast_history.sqlite`` next to the pack by default.
    rag : dict or list of str, optional
        Red/amber thresholds of the projects' status: ``{"late": (0.5, 0.2), "overrun":
        (0.5, 0.2)}`` (the default) or ``["late=0.6,0.3"]``; recorded in Assumptions.
    people_detail : {"team", "named", "none"}
        How far the pack names people: ``"team"`` (default) shows accuracy and
        utilisation by role only, so a committee pack names no individual's bias;
        ``"named"`` adds the per-person tables; ``"none"`` shows neither.
    by : str or list of str, optional
        Projects-table levels (``portfolio``, ``business_unit``, ``department``) to roll
        the open projects up to: a sheet per level, effort (and cost) from summed trials.
    sheet : str or int, optional
        When ``tasks`` is a workbook: the sheet to read (name or 0-based position; see
        :func:`pmo_forecast.load_tasks`). Default: the first visible sheet with data.
    new_work : bool, default False
        Add the work still to arrive to the Capacity sheet: the ``(new work)`` row of
        :func:`pmo_forecast.workload` from :func:`pmo_forecast.forecast_demand` (26 weeks), beyond
        the scope growth the plan already holds; recorded in Assumptions.

    With the task table alone the pack still comes out: people are inferred from
    the assignees (capacity = what each delivered), projects from the tasks, and a
    team without hour estimates (or too few finished tasks with estimate and actual)
    gets throughput forecasts (items finished per week) per project; the
    Assumptions sheet says which inputs were inferred and which projects were
    forecast which way.

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
    Text from the input is written as text, never as a formula (see the module
    notes), and the files are staged then renamed, so a failed or interrupted
    export leaves the previous pack as it was. Only the export time, in
    ``Assumptions``, differs between two runs with the same inputs and seed.

    Examples
    --------
    >>> from pmo_forecast import export_planning_pack, load_sample
    >>> tasks, projects, people, requests = load_sample()
    >>> pack = export_planning_pack("out/planning_pack.xlsx", tasks=tasks, projects=projects,
    ...                             people=people, requests=requests)  # doctest: +SKIP
    """
    from tqdm.auto import tqdm

    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise ValueError(f"the planning pack is an Excel workbook: give a path ending in .xlsx, got {path}")
    out_dir, stem = path.parent, path.stem
    sources = {"tasks": tasks, "projects": projects, "people": people, "requests": requests}
    # Refuse before any work: the workbook, the summary page or any table file must not be an input.
    inputs = _input_paths(sources, scenarios) + ([Path(mapping)] if isinstance(mapping, str | os.PathLike) else [])
    refuse_inputs_as_outputs([path, out_dir / SUMMARY_HTML] + ([Path(history)] if history else []), inputs)
    for p in inputs:
        if p.resolve().parent == out_dir.resolve() and p.name.startswith(f"{stem}-") and p.suffix == ".csv":
            raise ValueError(f"refusing to write the pack into {out_dir}: the input {p} would be replaced "
                             f"by one of its CSV tables. Choose another output folder.")
    missing = [t for t in ("projects", "people") if sources[t] is None]
    if scenarios and missing:  # checked before any work: the scenarios come last
        raise ValueError(f"scenarios need the {' and '.join(missing)} table{'s' if len(missing) > 1 else ''} "
                         f"(--{' and --'.join(missing)}): staffing changes act on people and projects")
    n_trials = int(n_trials)
    if n_trials < 1:
        raise ValueError(f"n_trials must be at least 1, got {n_trials}")
    steps = ["load", "validate", "accuracy", "backtest", "overruns", "finish dates", "capacity",
             "scenarios", "trends", "write"]
    bar = tqdm(total=len(steps), desc="planning pack", unit="step", disable=not progress, leave=False)
    try:
        ctx = _Context(sources, scenarios, model, as_of, n_trials, random_state, bar, mapping=mapping, pace=pace,
                       calendar=calendar, by=by, sheet=sheet, new_work=new_work)
        ctx.committee = committee_options(history=history, rag=rag, people_detail=people_detail, by=by)
        ctx.run()
        bar.set_postfix_str("write")
        files = _write_pack(path, ctx)
        record_history(ctx)  # only a pack that was written counts as a run
        bar.update(1)
    finally:
        bar.close()
    return PlanningPack(path=path, files=files, tables={b.slug: b.df for s in ctx.sheets for b in s.blocks},
                        forecasts=ctx.forecasts)


#: A project is "at risk" when either chance reaches this (:func:`pmo_forecast.forecasting.plan.at_risk`,
#: the one definition used by every sheet, summary.html, scenarios and widgets).
RISK_THRESHOLD = AT_RISK
#: Hands-on hours per request assumed when the request log has no ``touch_hours``.
ASSUMED_TOUCH_HOURS = 1.0
NO_PEOPLE_NOTE = ("no one's capacity is known, so finish dates come from each project's throughput (items "
                  "finished per week), effort still from the accuracy model; no utilisation or staffing scenario")
NO_REQUESTS_NOTE = ("no PM-pool request log (--requests), so no queue section. With one (request_id, "
                    "requested, done; started and touch_hours if you have them) this sheet would show the "
                    "PM pool's utilisation, how long approvals wait against the M/M/c queue model, and "
                    "what one more PM or more time for approvals would change")
#: The capacity sheet's window around the forecast date, in weeks.
CAPACITY_WEEKS_BACK, CAPACITY_WEEKS_AHEAD = 12, 26
#: Projects listed on the one-page summary.html (all of them are in the workbook).
HTML_MAX_PROJECTS = 20
#: Most validation findings listed in the workbook (all of them go to the CSV).
MAX_FINDINGS_IN_SHEET = 5_000
_FILTERS = {
    "tasks": "all rows; finished tasks with estimate and actual > 0 fit the accuracy model, "
             "open and in-progress tasks are forecast, cancelled tasks count only as spent",
    "projects": "budget_hours and due for the projects forecast; active projects without open tasks included",
    "people": "hours_per_week x availability between start and end is each person's capacity",
    "requests": "requests started by the log's end give the observed waits; completed ones the touch time",
}


class _Context:
    """The forecasts behind one pack, run step by step, then laid out as sheets."""

    def __init__(self, sources, scenarios, model, as_of, n_trials, random_state, bar, *, mapping=None,
                 pace=None, calendar=None, by=None, sheet=None, new_work=False):
        self.sheet = sheet
        self.sources, self.scenario_sources, self.model = sources, list(scenarios or []), model
        self.as_of, self.n_trials, self.seed, self.bar = as_of, n_trials, random_state, bar
        self.sources_as_of = as_of  # None: the as-of date is the data's own (infer_as_of)
        self.far_dates = pd.DataFrame()
        self.mapping, self.pace, self.calendar, self.by = mapping, pace, calendar, by
        self.new_work = bool(new_work)  # add the forecast of work still to arrive to the capacity view
        self.forecasts: dict = {}
        self.notes: dict[str, str] = {}
        self.inferred: dict[str, str] = {}  # inputs inferred or assumed for lack of a table (Assumptions)
        self.sheets: list[Sheet] = []
        self.points = False  # estimates in story points
        self.throughput_ids: list[str] = []  # projects forecast from throughput
        self.items_by_due: dict = {}
        self.copies = None  # the model's copies fitted on earlier history (backtest, correlation)

    def step(self, name: str) -> None:
        if self.bar.n or name != "load":
            self.bar.update(1)
        self.bar.set_postfix_str(name)

    def run(self) -> None:
        for name, fn in (("load", self._load), ("validate", self._validate), ("accuracy", self._fit),
                         ("backtest", self._backtest), ("overruns", self._overruns),
                         ("finish dates", self._finish), ("capacity", self._capacity),
                         ("scenarios", self._scenarios), ("trends", self._trends)):
            self.step(name)
            fn()
        self.bar.update(1)
        self.export_time = export_timestamp()
        self.sheets = _sheets(self)

    # --- steps -------------------------------------------------------------
    def _load(self) -> None:
        loaders = _loaders()
        self.tables, rows = {}, []
        from ..inputs.mapping import Mapping

        mapping = Mapping.coerce(self.mapping)
        for name, src in self.sources.items():
            if src is None:
                continue
            if name != "tasks" and _header_only(src):  # a template from pmo-forecast init, not filled in yet
                self.sources[name] = None
                self.inferred[f"{name} (empty)"] = f"{Path(src).name} has a header but no rows yet: treated as not given"
                continue
            if name == "tasks":
                df = loaders[name](src, mapping=mapping, require_estimate=False, sheet=self.sheet)
            elif name == "projects":
                df = loaders[name](src, status_map=mapping.project_statuses or None)
            else:
                df = loaders[name](src)
            self.tables[name] = df
            rows.append(_source_row(name, src, len(df), _FILTERS[name]))
        if mapping.file != "<mapping>" and Path(mapping.file).exists():
            rows.append(_source_row("mapping", mapping.file, np.nan, "how the task export is read"))
        self.scenarios = []
        if self.scenario_sources:
            from ..scenarios.scenario import Scenario

            for s in self.scenario_sources:
                sc = s if isinstance(s, Scenario) else Scenario.from_file(s)
                self.scenarios.append(sc)
                rows.append(_source_row(f"scenario {sc.name}", s, np.nan, "staffing scenario"))
        self.inputs = pd.DataFrame(rows)
        tasks = self.tables["tasks"]
        self.far_dates = far_dates(tasks)  # typo years left out of the as-of date (Assumptions says so)
        if self.as_of is None:
            latest = infer_as_of(tasks)  # warns once, naming the dates it left out
        else:  # the caller's date: the far dates only matter in Data quality
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DataQualityWarning)
                latest = infer_as_of(tasks)
        self.as_of = pd.Timestamp(self.as_of).normalize() if self.as_of is not None else latest
        if self.as_of < latest:
            warnings.warn(f"as_of {self.as_of:%Y-%m-%d} is before the latest date in the task table "
                          f"({latest:%Y-%m-%d}): work finished after it still counts as done, so the "
                          "forecast is not the one you would have made then.", DataQualityWarning, stacklevel=4)
        self._one_project_hint(tasks, mapping)
        if "people" not in self.tables:  # capacity from what each assignee delivered
            from ..inputs.templates import infer_people

            self.tables["people"], self.inferred["people"] = infer_people(tasks, self.as_of)
            if not len(self.tables["people"]):
                self.inferred["people"] = ("no assignees in the task export and no people table (--people): "
                                           f"{NO_PEOPLE_NOTE}")
        elif not len(self.tables["people"]):
            self.inferred["people"] = f"the people table (--people) is empty: {NO_PEOPLE_NOTE}"
        if "requests" in self.tables:
            self._fill_requests()

    def _validate(self) -> None:
        from ..inputs import validation as V

        checks = {"tasks": lambda df: V.validate_tasks(df, as_of=self.as_of, projects=self.tables.get("projects"),
                                                       people=self.tables.get("people")),
                  "projects": V.validate_projects,
                  "people": V.validate_people, "requests": V.validate_requests}
        self.validation = {name: checks[name](df) for name, df in self.tables.items()}
        self.forecasts["validation"] = self.validation

    def _one_project_hint(self, tasks, mapping) -> None:
        """All the work in one tracker project while the export has epics or parents: say how to split it."""
        from ..core import schema as S
        from ..inputs.mapping import find_column
        from ..inputs.templates import PROJECT_CANDIDATES

        if mapping.project or tasks[S.PROJECT_ID].nunique() != 1:
            return
        fmt = tasks.attrs.get("detected", {}).get("format", "")
        found = [c for n in PROJECT_CANDIDATES.get(fmt, ()) if (c := find_column(tasks.columns, n)) is not None
                 and tasks[c].notna().any()]
        if found:
            msg = (f"every task is in one project, '{tasks[S.PROJECT_ID].iloc[0]}'; the export also has "
                   f"'{found[0]}': to make those the projects, pass --project-field '{found[0]}' (or run "
                   "pmo-forecast init and --map mapping.yaml)")
            warnings.warn(msg, DataQualityWarning, stacklevel=4)
            self.inferred["one project"] = msg

    def _fill_requests(self) -> None:
        """A log with only requested and done: hands-on time assumed one hour, stated."""
        from ..core import schema as S

        req = self.tables["requests"]
        said = []
        if S.TOUCH_HOURS not in req or req[S.TOUCH_HOURS].isna().all():
            req = req.copy()
            req[S.TOUCH_HOURS] = ASSUMED_TOUCH_HOURS
            said.append(f"the request log has no touch_hours: hands-on time per request assumed "
                        f"{ASSUMED_TOUCH_HOURS:g} h (the queue's utilisation scales with it)")
        if S.STARTED not in req or req[S.STARTED].isna().all():
            req = req.copy()
            # work taken in one sitting just before it was done: the rest of the time is waiting
            start = req[S.DONE_AT] - pd.to_timedelta(req[S.TOUCH_HOURS].fillna(ASSUMED_TOUCH_HOURS), unit="h")
            req[S.STARTED] = start.where(start > req[S.REQUESTED], req[S.REQUESTED])
            said.append("the request log has no started times: each request is taken as handled in one sitting "
                        "of its hands-on time just before done, the rest of requested -> done counted as waiting "
                        "(PM availability for requests then reads as 100% of the time in service)")
        if said:
            self.tables["requests"] = req
            self.inferred["requests"] = "; ".join(said)

    def _fit(self) -> None:
        from ..core import schema as S

        tasks = self.tables["tasks"]
        units = tasks.attrs.get("detected", {}).get("units", {}).get(S.ESTIMATE, "")
        self.points = "points" in str(units)
        if self.model is None:
            from ..estimation.accuracy import FACTORS, EstimationAccuracyModel

            # a factor the export does not have at all (ClickUp has no task type) is left out
            empty = [f for f in FACTORS if f in tasks.columns and not tasks[f].notna().any()]
            if empty:
                self.inferred["accuracy factors"] = f"left out, empty in the export: {', '.join(empty)}"
            try:
                self.model = EstimationAccuracyModel(
                    factors=tuple(f for f in FACTORS if f not in empty), random_state=self.seed).fit(tasks)
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
        from ..estimation.backtest import backtest

        if self.model is None:
            return
        from ..estimation.refit import FittedCopies

        # the model's copies fitted on earlier history: the backtest's split is also the backdated
        # correlation's 70% cut, fitted once for both (same rows, same seed: the same fit)
        self.copies = FittedCopies(self.model)
        try:
            self.forecasts["backtest"] = backtest(self.model, self.tables["tasks"], copies=self.copies)
        except ValueError as e:  # too little history to split: the pack still has the forecasts
            self.notes["backtest"] = f"backtest not run: {e}"

    def _overruns(self) -> None:
        from ..forecasting.overrun import estimate_correlation, forecast_overruns

        self._throughput()
        if self.model is None:
            return
        # the slow part (refits the model at past dates), estimated once for effort and finish dates
        self.correlation = estimate_correlation(self.model, self.tables["tasks"], random_state=self.seed,
                                                copies=self.copies)
        self.forecasts["overrun"] = forecast_overruns(
            self.model, self.tables["tasks"], self.tables.get("projects"), n_trials=self.n_trials,
            random_state=self.seed, project_correlation=self.correlation)

    def _throughput(self) -> None:
        """Projects without hour estimates on their open work (or every project, with no model)."""
        from ..core import schema as S
        from ..forecasting.throughput import forecast_throughput

        tasks = self.tables["tasks"]
        open_ = tasks[tasks[S.STATUS].isin(S.UNFINISHED_STATUSES).fillna(False).to_numpy(bool)]
        if self.model is None or self.nobody:
            ids = sorted(open_[S.PROJECT_ID].astype(str).unique())
        else:
            has_est = (open_[S.ESTIMATE] > 0).groupby(open_[S.PROJECT_ID].astype(str)).any()
            ids = sorted(has_est.index[~has_est.to_numpy(bool)])
        self.throughput_ids = ids
        if not ids:
            return
        remaining = open_[S.PROJECT_ID].astype(str).value_counts().reindex(ids)
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
        from ..forecasting.finish import forecast_finish_dates

        pace = self.pace
        if pace is None and self.scenarios:  # the slip is learnt once, for this sheet and the scenarios
            from ..scenarios.whatif import context

            pace = context(dict(self.tables), self.model, self.as_of, self.n_trials, self.seed,
                           self.correlation).delivery_rates(self.calendar)
        self.forecasts["finish"] = forecast_finish_dates(
            self.model, self.tables["tasks"], self.tables["people"], self.tables.get("projects"),
            as_of=self.as_of, n_trials=self.n_trials, random_state=self.seed,
            project_correlation=self.correlation, calendar=self.calendar,
            **({} if pace is None else {"pace": pace}))  # default: the finish forecast's own

    def _capacity(self) -> None:
        if "requests" in self.tables:
            from ..pool.queueing import fit_pool_queue

            try:
                self.forecasts["queue"] = fit_pool_queue(self.tables["requests"], self.tables.get("people"))
            except ValueError as e:  # e.g. no PMs in the people table and no handler column: say so
                self.notes["queue"] = f"the PM-pool queue could not be fitted from the request log: {e}"
        else:
            self.notes["queue"] = NO_REQUESTS_NOTE
        if self.model is None:
            self.notes["workload"] = "utilisation needs hour estimates, and this export has none usable"
        elif self.nobody:
            self.notes["workload"] = f"nobody is named: {NO_PEOPLE_NOTE}"
        elif "people" in self.tables:
            from ..forecasting.workload import workload

            # forward load from the delivery plan (the finish-date schedule), PMs with their requests
            queue = self.forecasts["queue"].queue if "queue" in self.forecasts else None
            if self.new_work and "finish" in self.forecasts:
                from ..forecasting.demand import forecast_demand

                self.forecasts["demand"] = forecast_demand(self.tables["tasks"], horizon=CAPACITY_WEEKS_AHEAD,
                                                           as_of=self.as_of)
            self.forecasts["workload"] = workload(self.tables["tasks"], self.tables["people"],
                                                  self.tables.get("projects"), freq="W", model=self.model,
                                                  as_of=self.as_of, plan=self.forecasts.get("finish"),
                                                  queue=queue, demand=self.forecasts.get("demand"))
        else:
            self.notes["workload"] = "utilisation needs the people table (--people)"

    def _scenarios(self) -> None:
        if not self.scenarios:
            return
        if self.model is None:
            self.notes["scenarios"] = "scenarios need an effort forecast (hour estimates); not run"
            self.scenarios = []
            return
        if self.nobody:
            self.notes["scenarios"] = f"scenarios not run, nobody is named: {NO_PEOPLE_NOTE}"
            self.scenarios = []
            return
        from ..scenarios.scenario import Scenario, compare_scenarios, run_scenario

        # the comparison is against the plan as it stands: a baseline first, unless one is given
        base = [s for s in self.scenarios if s.name == "baseline"] or [Scenario(
            name="baseline", description="Current staffing and demand (no changes).")]
        self.scenarios = base + [s for s in self.scenarios if s.name != "baseline"]
        data = dict(self.tables)
        # the same engine, model, correlation and seed as the Projects sheet: the baseline
        # column equals it to the day
        runs = [run_scenario(s, data, model=self.model, as_of=self.as_of, n_trials=self.n_trials,
                             random_state=self.seed, correlation=self.correlation,
                             at_risk=RISK_THRESHOLD, calendar=self.calendar) for s in self.scenarios]
        self.forecasts["scenarios"] = runs
        from ..scenarios.whatif import context

        self.forecasts["gates"] = context(data, self.model, self.as_of, self.n_trials, self.seed).gates
        self.forecasts["comparison"] = compare_scenarios(runs)


    def _trends(self) -> None:
        from .committee_pack import run_trends

        run_trends(self)


# --- laying out the sheets ---------------------------------------------------------
EFFORT_METHOD = "effort: estimates through the accuracy model"
THROUGHPUT_METHOD = "throughput: items finished per week"
#: No one named in the export: effort from the model, finish dates from the project's throughput.
EFFORT_THROUGHPUT_METHOD = "effort: estimates through the accuracy model; finish: items finished per week"


def _project_table(ctx) -> pd.DataFrame:
    """Per open project: effort and finish forecasts, or the throughput forecast (``forecast_method``)."""
    from ..core import schema as S

    parts = []
    if "overrun" in ctx.forecasts:
        table = _effort_table(ctx)
        if not ctx.nobody:
            table = table[~table[S.PROJECT_ID].astype(str).isin(ctx.throughput_ids)]
        parts.append(table.assign(forecast_method=EFFORT_METHOD))
    if "throughput" in ctx.forecasts:
        tp = ctx.forecasts["throughput"].by_project()
        t = pd.DataFrame(index=tp.index)
        projects = ctx.tables.get("projects")
        if projects is not None:
            p = projects.drop_duplicates(S.PROJECT_ID).set_index(S.PROJECT_ID)
            p.index = p.index.astype(str)
            for col in (S.MANAGER, S.PROJECT_TYPE, S.DUE, S.BUDGET):
                t[col] = p[col].reindex(tp.index)
        t["remaining_items"] = tp["remaining_items"]
        t["items_per_week"] = tp["mean_weekly_throughput"]
        by_due = ctx.items_by_due
        if by_due:  # items done by the due date: P50, and the number promised with 80% confidence
            t["items_by_due_p50"] = [min(by_due[p][0], r) if p in by_due else np.nan
                                     for p, r in zip(tp.index, tp["remaining_items"], strict=True)]
            t["items_by_due_p80"] = [min(by_due[p][1], r) if p in by_due else np.nan
                                     for p, r in zip(tp.index, tp["remaining_items"], strict=True)]
        for q in ("p50", "p80", "p90"):
            t[f"finish_{q}"] = tp[q]
        t["prob_late"] = tp["prob_late"]
        t["finish_note"] = tp["note"]
        t.index.name = S.PROJECT_ID
        if ctx.nobody and parts:  # one row a project: its effort forecast, then its finish dates
            effort = parts.pop()
            finish = t.drop(columns=[c for c in (S.MANAGER, S.PROJECT_TYPE, S.DUE, S.BUDGET) if c in t])
            effort[S.PROJECT_ID] = effort[S.PROJECT_ID].astype(str)
            parts.append(effort.merge(finish.reset_index(), on=S.PROJECT_ID, how="outer")
                         .assign(forecast_method=EFFORT_THROUGHPUT_METHOD))
        else:
            parts.append(t.reset_index().assign(forecast_method=THROUGHPUT_METHOD))
    if not parts:
        return pd.DataFrame({S.PROJECT_ID: pd.Series(dtype=str), "forecast_method": pd.Series(dtype=str),
                             "at_risk": pd.Series(dtype=bool)})
    table = pd.concat(parts, ignore_index=True)
    nan = np.full(len(table), np.nan)
    table["at_risk"] = at_risk(table.get("prob_late", nan), table.get("prob_overrun", nan),
                               threshold=RISK_THRESHOLD)
    return table


def _effort_table(ctx) -> pd.DataFrame:
    from ..core import schema as S

    fc = ctx.forecasts["overrun"].by_project()
    if ctx.points:  # the plan is in points: no hours to compare the forecast with
        fc = fc.rename(columns={"remaining_estimate_hours": "remaining_estimate_points"})
        fc["contingency_p80"] = fc["expected_overrun_hours"] = np.nan
    table = pd.DataFrame(index=fc.index)
    projects = ctx.tables.get("projects")
    if projects is not None:
        p = projects.drop_duplicates(S.PROJECT_ID).set_index(S.PROJECT_ID)
        for col in (S.MANAGER, S.PROJECT_TYPE, S.DUE):
            table[col] = p[col].reindex(fc.index)
    table["budget_hours"] = fc[S.BUDGET]
    table["spent_hours"] = fc["spent_hours"]
    remaining = "remaining_estimate_points" if "remaining_estimate_points" in fc else "remaining_estimate_hours"
    table[remaining] = fc[remaining]
    for q in ("p50", "p80", "p90"):
        table[f"effort_{q}_hours"] = fc[q]
    for col in ("prob_overrun", "expected_overrun_hours", "contingency_p80"):
        table[col] = fc[col]
    if "finish" in ctx.forecasts:
        fin = ctx.forecasts["finish"].by_project()
        for q in ("p50", "p80", "p90"):
            table[f"finish_{q}"] = fin[q].reindex(fc.index)
        table["prob_late"] = fin["prob_late"].reindex(fc.index)
        table["finish_note"] = fin["note"].reindex(fc.index)
    table["at_risk"] = at_risk(table.get("prob_late", np.full(len(table), np.nan)), table["prob_overrun"],
                               threshold=RISK_THRESHOLD)
    table.index.name = S.PROJECT_ID
    return table.reset_index()


def _kpis(ctx, projects: pd.DataFrame) -> pd.DataFrame:
    from ..core import schema as S

    tasks = ctx.tables["tasks"]
    done = tasks[S.finished_with_actuals(tasks)]
    ratio = done[S.ACTUAL] / done[S.ESTIMATE]
    rows = [
        ("Forecast date (as of)", ctx.as_of, "date"),
        ("Open projects forecast", len(projects), "int"),
        ("Open and in-progress tasks", int(tasks[S.STATUS].isin(S.UNFINISHED_STATUSES).sum()), "int"),
    ]
    if "overrun" in ctx.forecasts:
        port = ctx.forecasts["overrun"].portfolio().iloc[0]
        rows += [
            ("Effort still to spend, P50 (hours)", port["p50"] - port["spent_hours"], "hours"),
            ("Effort still to spend, P80 (hours)", port["p80"] - port["spent_hours"], "hours"),
        ]
        if not ctx.points:  # story points: no plan in hours to compare with
            rows += [
                ("Remaining estimate, as planned (hours)", port["remaining_estimate_hours"], "hours"),
                ("Contingency to be 80% sure, all projects (hours)", port["contingency_p80"], "hours"),
                (f"Projects with P(over budget) >= {RISK_THRESHOLD:.0%}",
                 int((projects["prob_overrun"] >= RISK_THRESHOLD).sum()), "int"),
            ]
    if "forecast_method" in projects:
        rows.append(("Projects forecast from throughput (no hour estimates)",
                     int((projects["forecast_method"] == THROUGHPUT_METHOD).sum()), "int"))
    if "prob_late" in projects:
        rows.append((f"Projects with P(late) >= {RISK_THRESHOLD:.0%}",
                     int((projects["prob_late"] >= RISK_THRESHOLD).sum()), "int"))
    rows.append((f"Projects at risk (P(late) or P(over budget) >= {RISK_THRESHOLD:.0%})",
                 int(projects["at_risk"].sum()), "int"))
    rows += [
        ("Finished tasks: median actual / estimate", float(ratio.median()) if len(ratio) else np.nan, "num"),
        ("Finished tasks: share over estimate", float((ratio > 1).mean()) if len(ratio) else np.nan, "pct"),
    ]
    if "workload" in ctx.forecasts:
        util = _weekly_utilisation(ctx)
        # the weeks ahead with work still to do: a week of finished work only (nothing open) is not planned
        wl = ctx.forecasts["workload"]
        planned = wl.table.loc[wl.table[S.OPEN_HOURS] > 0, "period"].unique()
        ahead = util[(util["week"] >= wl.first_period_ahead) & util["week"].isin(planned)]
        if len(ahead):
            rows.append(("Peak weekly utilisation ahead, all staff", float(ahead["all staff"].max()), "pct"))
    if "queue" in ctx.forecasts:
        fit = ctx.forecasts["queue"]
        rows += [("PM-pool utilisation (queue model)", fit.queue.utilisation, "pct"),
                 ("Approval wait, mean (working days)", float(np.mean(fit.observed_waits)) / HOURS_PER_DAY, "num"),
                 ("Approval wait, P90 (working days)", float(np.quantile(fit.observed_waits, 0.9)) / HOURS_PER_DAY, "num"),
                 ("Hands-on time per request (hours)", fit.service_hours, "num")]
    return pd.DataFrame(rows, columns=["measure", "value", "_kind"])


def _by_risk(projects: pd.DataFrame) -> pd.DataFrame:
    """Projects with ``risk`` (the larger of P(over budget) and P(late)), highest first."""
    out = projects.copy()
    cols = [c for c in ("prob_overrun", "prob_late") if c in out]
    out["risk"] = out[cols].max(axis=1) if cols else np.nan
    return out.sort_values(["risk", "project_id"], ascending=[False, True], kind="stable")


def _summary_sheet(ctx, projects: pd.DataFrame) -> Sheet:
    kpis = _kpis(ctx, projects)
    risk = _by_risk(projects)
    risk = risk[risk["at_risk"]]
    keep = [c for c in ("project_id", "manager", "due", "finish_p80", "prob_late", "budget_hours",
                        "effort_p80_hours", "prob_overrun", "contingency_p80") if c in risk]
    return Sheet("Summary", "Planning pack: summary",
                 [Block("summary", "Headline numbers", kpis[["measure", "value"]],
                        formats={"value": kpis["_kind"].tolist()}),
                  Block("at-risk", f"Projects at risk (P(over budget) or P(late) >= {RISK_THRESHOLD:.0%})",
                        risk[keep].reset_index(drop=True),
                        note="Sorted by the larger of the two chances. All open projects: sheet Projects.")],
                 note=f"As of {ctx.as_of:%Y-%m-%d}; {ctx.n_trials:,} Monte Carlo trials, seed {ctx.seed}. "
                      f"Probabilities are chances from the simulation; hours are effort at completion.",
                 charts=[("fan", "projects")] if "overrun" in ctx.forecasts else [], labels=True)


def _projects_sheet(ctx, projects: pd.DataFrame) -> Sheet:
    note = ("Effort: total hours at completion (spent + simulated remaining work + scope growth). "
            "contingency_p80: hours to add to the plan (spent + remaining estimate) to be 80% sure.")
    if "finish" in ctx.notes:
        note += f" No finish dates: {ctx.notes['finish']}."
    if "throughput" in ctx.forecasts:
        n = int((projects["forecast_method"] == THROUGHPUT_METHOD).sum())
        note += (f" {n} projects (forecast_method 'throughput') have no hour estimates on their open work: their "
                 "finish dates come from the project's own items finished per week over the last 26 weeks, "
                 "resampled (remaining_items, items_per_week; items_by_due_p80: the number of items done by "
                 "the due date in 80% of trials); they have no effort or budget figures.")
    return Sheet("Projects", "Open projects: effort, budget and finish dates",
                 [Block("projects", "Per project", projects)], note=note, labels=True)


def _team_table(ctx) -> pd.DataFrame:
    """Ratio actual / estimate of finished tasks by the assignee's role."""
    from ..core import schema as S

    tasks, people = ctx.tables["tasks"], ctx.tables["people"]
    done = tasks[S.finished_with_actuals(tasks)]
    role = done[S.ASSIGNEE].map(people.drop_duplicates(S.PERSON).set_index(S.PERSON)[S.ROLE])
    ratio = (done[S.ACTUAL] / done[S.ESTIMATE]).rename("ratio")
    g = ratio.groupby(role.astype(object).fillna("(not in people table)").rename("team"))
    return pd.DataFrame({"n_tasks": g.size(), "median_ratio": g.median(), "share_over": g.apply(lambda r: (r > 1).mean()),
                         "share_exact": g.apply(lambda r: (r == 1).mean()), "ratio_p10": g.quantile(0.1),
                         "ratio_p90": g.quantile(0.9)})


def _accuracy_sheet(ctx) -> Sheet:
    from ..core import schema as S

    model = ctx.forecasts.get("model")
    if model is None:
        return Sheet("Accuracy", "Estimation accuracy", [],
                     note=f"{ctx.notes['model'][0].upper()}{ctx.notes['model'][1:]}.")
    blocks = []
    for by, title in ((S.ASSIGNEE, "By person"), (S.TASK_TYPE, "By task type"), ("size_band", "By estimate size"),
                      (S.PROJECT_ID, "By project")):
        try:
            table = model.summary(by=by)
        except ValueError:
            continue  # the model was fitted without this factor
        blocks.append(Block(f"accuracy-{by.replace('_', '-')}", title, table))
    if "people" in ctx.tables:
        blocks.insert(1, Block("accuracy-team", "By team (the person's role in the people table)", _team_table(ctx),
                               note="Raw ratios of finished tasks, not pooled: a team is the sum of its people."))
    if "backtest" in ctx.forecasts:
        blocks.append(Block("backtest", "Backtest: fit on the earliest 70% of finished tasks, test on the rest",
                            ctx.forecasts["backtest"].summary(),
                            note="Calibration error 0 means the P-levels held on the held-out tasks; "
                                 "lower pinball loss is better."))
    note = ("Ratio = actual / estimate on finished tasks. bias: the pooled (shrunk) log effect on actual "
            "hours, other factors held fixed; bias_factor = exp(bias).")
    if "backtest" in ctx.notes:
        note += f" {ctx.notes['backtest']}."
    return Sheet("Accuracy", "Estimation accuracy", blocks, note=note)


def _window(ctx, periods) -> np.ndarray:
    """Periods within the capacity window around the forecast date."""
    lo = ctx.as_of - pd.Timedelta(weeks=CAPACITY_WEEKS_BACK)
    hi = ctx.as_of + pd.Timedelta(weeks=CAPACITY_WEEKS_AHEAD)
    periods = pd.DatetimeIndex(periods)
    return np.asarray((periods >= lo) & (periods <= hi))


def _weekly_utilisation(ctx) -> pd.DataFrame:
    """Demand over capacity per week, for all staff and for each role (people table)."""
    from ..core import schema as S

    t = ctx.forecasts["workload"].table
    people = ctx.tables["people"].drop_duplicates(S.PERSON).set_index(S.PERSON)
    t = t.assign(role=t["key"].map(people[S.ROLE]).fillna("other"))
    g = t.groupby("period")
    out = pd.DataFrame({"all staff": g[S.DEMAND_HOURS].sum() / g[S.CAPACITY_HOURS].sum().where(lambda c: c > 0)})
    by_role = t.groupby(["period", "role"])[[S.DEMAND_HOURS, S.CAPACITY_HOURS]].sum()
    ratio = (by_role[S.DEMAND_HOURS] / by_role[S.CAPACITY_HOURS].where(by_role[S.CAPACITY_HOURS] > 0)).unstack()
    for role in sorted(ratio.columns):
        if ratio[role].notna().any():
            out[str(role)] = ratio[role]
    out = out[_window(ctx, out.index)]
    out.index.name = "week"
    return out.reset_index()


def _capacity_sheet(ctx) -> Sheet:
    blocks, charts = [], []
    if "workload" in ctx.forecasts:
        blocks += _workload_blocks(ctx)
        charts.append(("utilisation", "utilisation"))
    if "queue" in ctx.forecasts:
        fit = ctx.forecasts["queue"]
        queue = fit.summary()
        kinds = ["int" if m in ("requests", "completed", "servers") else
                 "pct" if m in ("availability", "utilisation", "flow_efficiency", "little_discrepancy") else "num"
                 for m in queue.index]
        queue.index = [label(m) for m in queue.index]  # plain measure names, units from the one label map
        blocks.append(Block("queue", "PM-pool queue fitted from the request log (working hours)",
                            queue.rename_axis("measure"), formats={"value": kinds}))
        waits = fit.wait_comparison()
        waits.index = [label(i) for i in waits.index]
        blocks.append(Block("queue-waits", "Approval waits: observed against the queueing model",
                            waits.rename_axis("statistic")))
    note = " ".join(f"{v[0].upper()}{v[1:]}." for k, v in ctx.notes.items() if k in ("workload", "queue"))
    return Sheet("Capacity", "Capacity: utilisation and the PM-pool queue", blocks, note=note, charts=charts,
                 labels=True)


def _pool_note(ctx) -> str:
    """How the PMs' row relates to the PM-pool queue: the same request hours against a share of their week."""
    if "queue" not in ctx.forecasts or "finish" not in ctx.forecasts:
        return ""
    q = ctx.forecasts["queue"].queue
    hours = q.hours_per_week
    return (f"Request handling is {hours:,.0f} hours a week across {q.servers} PMs: against the "
            f"{q.availability:.0%} of their week given to requests that is the PM pool's {q.utilisation:.0%} "
            "utilisation (queue below), which is what makes approvals wait. ")


def _workload_blocks(ctx) -> list[Block]:
    from ..core import schema as S

    wl = ctx.forecasts["workload"]
    util = _weekly_utilisation(ctx)
    wide = wl.wide(S.UTILISATION)
    wide = wide.loc[:, _window(ctx, wide.columns)]
    wide = wide.loc[wide.notna().any(axis=1)]  # keys with no capacity at all (unassigned): in hours below
    no_capacity = np.isinf(wide.to_numpy(dtype=float))
    heat = wide.mask(no_capacity)  # work assigned in a week without capacity: blank, flagged below
    heat.columns = [f"{c:%Y-%m-%d}" for c in heat.columns]
    heat.index.name = "person"
    basis = "the accuracy model's P50" if wl.used_model else "raw estimates"
    from ..forecasting.workload import NEW_WORK

    per_person = wl.summary(future_only=True).rename_axis("person")
    planned = per_person.drop(index=NEW_WORK, errors="ignore")
    pooled = float(planned[S.POOLED_HOURS].sum())
    new = (f" The {per_person.loc[NEW_WORK, S.DEMAND_HOURS]:,.0f} hours of {NEW_WORK} are forecast to arrive "
           "beyond that (no one is assigned yet)." if NEW_WORK in per_person.index else "")
    blocks = [
        Block("utilisation", "Utilisation by week (demand / capacity)", util,
              data_columns=tuple(c for c in util.columns if c != "week"),
              note=("Ahead of the forecast date: the delivery plan's scheduled hours (P50 of each person's "
                    "queue: own tasks, their share of unassigned work and scope growth, worked at the finish "
                    "forecast's rate until done; PMs also carry the PM pool's request handling). "
                    if "finish" in ctx.forecasts else f"Open work from {basis}, spread evenly from the forecast "
                    f"date to each project's due date. ") + _pool_note(ctx) + f"{CAPACITY_WEEKS_BACK} weeks back to "
                   f"{CAPACITY_WEEKS_AHEAD} ahead."),
        Block("utilisation-heatmap", "Person by week: utilisation (green < 50%, yellow 90%, red > 110%)",
              heat, formats=dict.fromkeys(heat.columns, "pct"), heatmap=True, data_columns=tuple(heat.columns),
              note=(f"{int(no_capacity.any(axis=1).sum())} people have work in weeks without capacity (blank "
                    "cells): reassign it." if no_capacity.any() else "")),
        Block("workload", "Per person, from the forecast date on", per_person,
              note=(f"{pooled:,.0f} of the {planned[S.DEMAND_HOURS].sum():,.0f} hours the plan schedules ahead are "
                    "unassigned work and scope growth, planned on the project teams' time in proportion to "
                    "their capacity (already inside each person's hours)." if pooled > 0 else "") + new),
    ]
    try:
        pm = wl.pm_load()
    except ValueError:  # no projects table with managers
        return blocks
    ahead = pm[pm["period"] >= wl.first_period_ahead]
    if len(ahead):
        g = ahead.groupby("manager")
        now = ahead[ahead["period"] == ahead["period"].min()].set_index("manager")["active_projects"]
        load = pd.DataFrame({"active_projects_now": now, "peak_active_projects": g["active_projects"].max()})
        if "project_hours" in ahead:
            load["project_hours_ahead"] = g["project_hours"].sum()
        blocks.append(Block("pm-load", "PM-pool load: projects per manager from the forecast date on",
                            load.rename_axis("manager")))
    return blocks


def _scenarios_sheet(ctx) -> Sheet:
    table = ctx.forecasts["comparison"].summary().rename_axis("measure")
    measures = table.index.astype(str)
    value_kind = ["date" if m.startswith("P80 finish") else "pct" if "utilisation" in m
                  else "int" if m == "projects at risk" else "num" for m in measures]
    change_kind = ["int" if m == "projects at risk" else "num" for m in measures]
    formats = {c: (change_kind if str(c).startswith("change: ") else value_kind) for c in table.columns}
    defs = pd.DataFrame({"scenario": [s.name for s in ctx.scenarios],
                         "description": [s.description for s in ctx.scenarios],
                         "settings": [_yaml(s.to_dict()) for s in ctx.scenarios]})
    return Sheet("Scenarios", "Staffing scenarios side by side",
                 [Block("scenarios", "Each scenario, then its change against the baseline", table, formats=formats,
                        data_columns=tuple(table.columns),  # the scenarios' own names
                        note="Changes: waits in working days, utilisation in points of the ratio (0.10 = ten "
                             "percentage points), P80 finish in business days (positive = later)."),
                  Block("scenario-definitions", "Scenario definitions", defs)], labels=True,
                 note="Staffing -> utilisation -> PM-pool waiting -> delivery: each scenario changes the input "
                      "tables and runs the same simulation as the Projects sheet, with common random numbers, "
                      "so differences come from the scenarios only and the baseline is the Projects sheet to "
                      "the day. A scenario that changes the PM pool adds the change in approval waits at each "
                      "gate of a project's schedule (gates per month fitted from the request log: see "
                      "Assumptions); the baseline's delivery already includes the pool as it is.")


def _quality_sheet(ctx) -> Sheet:
    blocks, verdicts = [], []
    for name, report in ctx.validation.items():
        counts = report.summary()
        blocks.append(Block(f"data-quality-{name}-checks", f"{name}: checks run ({report.n_rows:,} rows)",
                            counts.reset_index().rename(columns={"index": "check"})))
        findings = report.findings
        note = "" if len(findings) <= MAX_FINDINGS_IN_SHEET else \
            f"First {MAX_FINDINGS_IN_SHEET:,} of {len(findings):,} findings; all of them are in the CSV file."
        blocks.append(Block(f"data-quality-{name}", f"{name}: every finding (row = line in the source file, "
                            f"header = line 1)", findings, note=note, max_rows_in_sheet=MAX_FINDINGS_IN_SHEET))
        verdicts.append(f"{name}: {len(report.errors):,} errors, {len(report.warnings):,} warnings")
    ok = all(r.ok for r in ctx.validation.values())
    return Sheet("Data quality", "Data quality: " + ("no errors" if ok else "ERRORS, fix them before "
                                                       "trusting the forecasts"),
                 blocks, note="; ".join(verdicts) + ".")


def _assumptions_sheet(ctx) -> Sheet:
    import platform

    from .. import __version__

    run = [("as of", ctx.as_of)]
    if len(ctx.far_dates) and ctx.sources_as_of is None:
        run.append(("as of: dates left out", f"the as-of date leaves out {far_dates_note(ctx.far_dates)}; "
                    "pass --as-of (as_of=) to choose another date"))
    run += [("Monte Carlo trials", ctx.n_trials), ("random seed", ctx.seed),
           ("pmo_forecast version", __version__), ("python", platform.python_version()),
           ("numpy", np.__version__), ("pandas", pd.__version__),
           ("export time (UTC; the only value that changes between reruns)", ctx.export_time)]
    model = ctx.forecasts.get("model")
    settings = []
    if model is not None:
        settings += [(f"accuracy model: {k}", _plain(v)) for k, v in sorted(model.get_params().items())]
        settings += _model_choices(model)
        fc = ctx.forecasts["overrun"]
        settings += [(f"overrun: correlation {k}", _plain(v)) for k, v in sorted(fc.correlation.items())]
        settings += [(f"overrun: scope growth {k}", _plain(v)) for k, v in sorted(fc.scope_growth.items())]
    if "finish" in ctx.forecasts and ctx.pace is not None:
        settings.append(("finish dates: pace (--pace)", _plain(ctx.pace)))
    if ctx.calendar is not None:
        settings.append(("finish dates: public holidays", f"{len(ctx.calendar)} dates"))
    if "demand" in ctx.forecasts:
        task_hours = ctx.forecasts["demand"].forecast.query("series == 'task_hours'")
        settings.append(("capacity: new work still to arrive (--new-work)",
                         f"{task_hours['forecast'].sum():,.0f} task hours forecast over {len(task_hours)} weeks "
                         f"({task_hours['model'].iat[0]}), less the plan's scope growth of "
                         f"{ctx.forecasts['finish'].expected_growth_hours:,.0f} h"))
    if ctx.by:
        settings.append(("roll-up column (--by)", ctx.by))
    if "finish" in ctx.forecasts:
        from ..forecasting.pace import estimate_pace

        with warnings.catch_warnings():  # the forecast itself already reported these
            warnings.simplefilter("ignore", SmallSampleWarning)
            warnings.simplefilter("ignore", DataQualityWarning)
            pace = estimate_pace(ctx.tables["tasks"], ctx.tables["people"], as_of=ctx.as_of)
        fin = ctx.forecasts["finish"]
        settings += [("finish dates: queue order", fin.queue_order),
                     ("finish dates: capacity used", fin.capacity_used),
                     ("pace delivered in the last 13 weeks (share of stated capacity, whole team; "
                      "the calibrated capacity starts from it)", round(pace.attrs["pool"], 3))]
    if "gates" in ctx.forecasts:
        g = ctx.forecasts["gates"]
        from ..scenarios.scenario import gates_used

        gpm, source = gates_used(g)
        settings += [("scenarios: approval gates per month of a project's schedule", round(gpm, 2)),
                     ("scenarios: approval gates, where the figure comes from", source),
                     ("scenarios: approvals logged per running project-month (request log)", round(g["rate"], 2)),
                     ("scenarios: all requests per running project-month (request log)", round(g["rate_all"], 2)),
                     ("scenarios: behind those rates",
                      f"{g['n_requests']} approvals over {g['project_months']:.0f} project-months"),
                     ("scenarios: approval waits", "a scenario adds the change in the M/M/c wait at each gate; "
                      "the baseline (the Projects sheet) adds none: its delivery already went through the pool")]
    settings.append(("projects at risk", f"P(late) or P(over budget) >= {RISK_THRESHOLD:.0%} (one definition "
                     "for every sheet, summary.html and the scenarios)"))
    settings += _input_notes(ctx)
    return Sheet("Assumptions", "Assumptions: inputs, settings and versions",
                 [Block("assumptions", "Run", pd.DataFrame(run, columns=["setting", "value"])),
                  Block("inputs", "Input files", ctx.inputs),
                  Block("settings", "Model settings", pd.DataFrame(settings, columns=["setting", "value"]))],
                 note="Rerunning with the same inputs (same sha256), as-of date, trials and seed gives "
                      "identical numbers.")


def _input_notes(ctx) -> list[tuple[str, str]]:
    """What was inferred or assumed for lack of an input, and how each project was forecast."""
    from ..core import schema as S

    rows = [(f"inferred: {k}", v) for k, v in ctx.inferred.items()]
    if "projects" not in ctx.tables:
        rows.append(("inferred: projects", "no projects table (--projects): projects are the task export's "
                     "project ids, without budgets or due dates, so there is no P(over budget) or P(late); "
                     "pmo-forecast init writes a projects.csv to fill in"))
    if "requests" not in ctx.tables:
        rows.append(("missing: request log", NO_REQUESTS_NOTE))
    if "model" in ctx.notes:
        rows.append(("fallback: forecast method", ctx.notes["model"]))
    detected = ctx.tables["tasks"].attrs.get("detected", {})
    for key in ("format", "sheet", "project_id", "no_project", "status", "rank"):
        if key in detected:
            rows.append((f"tasks: {key.replace('_', ' ')}", str(detected[key])))
    projects = _project_table(ctx)
    if "forecast_method" in projects and len(projects):
        for method, g in projects.groupby("forecast_method"):
            ids = g[S.PROJECT_ID].astype(str).tolist()
            rows.append((f"forecast method: {method}", f"{len(ids)} projects: {', '.join(ids[:40])}"
                         + (" ..." if len(ids) > 40 else "")))
    return rows


#: The inputs each sheet reads (the note under its title says which were given, inferred or missing).
SHEET_INPUTS = {"Summary": ("tasks", "projects", "people", "requests"), "Projects": ("tasks", "projects", "people"),
                "Accuracy": ("tasks", "people"), "Capacity": ("tasks", "people", "projects", "requests")}


def _inputs_used(ctx, names) -> str:
    parts = []
    for name in names:
        src = ctx.sources.get(name)
        if name in ctx.inferred and src is None:
            parts.append(f"{name} inferred from the tasks")
        elif src is None:
            parts.append(f"no {name}")
        else:
            parts.append(f"{name} ({Path(src).name if isinstance(src, str | os.PathLike) else 'in memory'})")
    return "Inputs: " + ", ".join(parts) + "."


def _sheets(ctx) -> list[Sheet]:
    from .committee_pack import committee_columns

    projects = ctx.project_table = committee_columns(ctx, _project_table(ctx))  # names, RAG, levels, cost
    sheets = [_summary_sheet(ctx, projects), _projects_sheet(ctx, projects), _accuracy_sheet(ctx),
              _capacity_sheet(ctx)]
    for sheet in sheets:
        sheet.note = f"{sheet.note} {_inputs_used(ctx, SHEET_INPUTS[sheet.name])}".strip()
    if ctx.scenarios:
        sheets.append(_scenarios_sheet(ctx))
    sheets += [_quality_sheet(ctx), _assumptions_sheet(ctx)]
    from .committee_pack import committee_sheets

    return committee_sheets(ctx, sheets, projects)  # Trends, What changed, levels; RAG, key messages


def _model_choices(model) -> list[tuple[str, object]]:
    """What the accuracy model chose from the data (half-life, booking unit, recalibration, forecast used), and why."""
    hl = model.half_life_
    chosen = model.selection_[model.selection_["chosen"].astype(bool)]
    used = (f"{chosen.index[0]}: {chosen['reason'].iat[0]}" if len(chosen)
            else "the model alone (no selection was run)")
    unit = model.booking_unit_
    return [("accuracy model: recency half-life used (days)", "none (all history alike)" if hl is None else hl),
            ("accuracy model: booking unit of actuals (hours; the quantiles and draws, and the backtest "
             "baselines' quantiles, are whole units)",
             "none (actuals taken as continuous)" if unit is None else round(float(unit), 6)),
            ("accuracy model: recalibration used",
             f"{model.recalibration_['strategy']}: {model.recalibration_['reason']}"),
            ("accuracy model: forecast used", used)]


def _plain(value):
    """A setting as a cell value: numbers and text as they are, anything else as its repr."""
    if isinstance(value, bool | np.bool_):
        return str(bool(value))
    if isinstance(value, int | float | np.integer | np.floating | str) or value is None:
        return "None" if value is None else value
    if isinstance(value, np.ndarray) and value.dtype.kind in "fiu":
        if value.size == 0:
            return "none"
        return f"{value.size} values from {value.min():.4g} to {value.max():.4g}" if value.size > 1 \
            else float(value.ravel()[0])
    return repr(value)


def _yaml(d: dict) -> str:
    import yaml

    return yaml.safe_dump(d, sort_keys=False, allow_unicode=True).strip()


def _write_pack(path: Path, ctx) -> list[Path]:
    stem = path.stem
    with PackWriter(path.parent, last=path.name, stale_glob=f"{stem}-*.csv") as w:
        for sheet in ctx.sheets:
            for block in sheet.blocks:
                write_csv(w.path(f"{stem}-{block.slug}.csv"), block.df)
        w.path(SUMMARY_HTML).write_text(_summary_html(ctx), encoding="utf-8")
        write_workbook(w.path(path.name), ctx.sheets, export_time=ctx.export_time)
    return [path.parent / n for n in w.names]


def _summary_html(ctx) -> str:
    """The one-page summary: headline numbers, projects at risk, fan chart, utilisation, waits."""
    from matplotlib.figure import Figure

    from .. import __version__
    from .report_html import summary_page

    summary = ctx.sheets[0]
    kpis = next((b for b in summary.blocks if b.slug == "summary"), summary.blocks[0])
    projects = _by_risk(ctx.project_table if getattr(ctx, "project_table", None) is not None
                        else _project_table(ctx))
    keep = [c for c in ("project_id", "name", "rag", "due", "finish_p80", "prob_late", "prob_overrun")
            if c in projects]
    if "name" not in projects:
        keep = [c for c in ("project_id", "rag", "manager", "due", "finish_p80", "prob_late", "budget_hours",
                            "effort_p80_hours", "prob_overrun") if c in projects]
    shown = projects[keep].head(HTML_MAX_PROJECTS)
    more = f", the first {HTML_MAX_PROJECTS} of {len(projects)}" if len(projects) > HTML_MAX_PROJECTS else ""
    from .committee_pack import page_kpis

    tables = [page_kpis(kpis),
              (f"Open projects, highest risk first{more}", shown, {})]
    if "comparison" in ctx.forecasts:
        v = ctx.forecasts["comparison"].values()
        v = v.loc[~v.index.str.startswith("P80 finish")].rename_axis("measure").reset_index()
        kinds = ["num", "num", "pct", "pct", "int"][:len(v)]
        tables.append(("Scenarios (P80 finish per project: sheet Scenarios)", v,
                       dict.fromkeys(v.columns[1:], kinds)))
    from .committee_pack import committee_figures, messages

    figures = committee_figures(ctx, projects.head(HTML_MAX_PROJECTS))
    if "throughput" in ctx.forecasts:
        fig = Figure(figsize=(7, 3.2))
        ctx.forecasts["throughput"].plot(ax=fig.subplots())
        figures.append(("Throughput forecast (projects without hour estimates)", fig))
    if "queue" in ctx.forecasts:
        fig = Figure(figsize=(7, 3.2))
        ctx.forecasts["queue"].plot(ax=fig.subplots())
        figures.append(("Approval waits: the request log against the M/M/c queue of the PM pool", fig))
    inputs = ", ".join(f"{r['input']} {Path(r['file']).name} (sha256 {r['sha256'][:12]})" if r["sha256"]
                       else f"{r['input']} (in memory)" for r in ctx.inputs.to_dict("records"))
    footer = (f"Inputs: {inputs}. {ctx.n_trials:,} trials, seed {ctx.seed}, pmo_forecast {__version__}, "
              f"exported {ctx.export_time:%Y-%m-%d %H:%M} UTC. Every table is in the workbook and CSV files.")
    return summary_page("Planning pack: summary", summary.note, tables, figures, footer,
                        messages=messages(ctx, ctx.project_table) if hasattr(ctx, "project_table") else None)

