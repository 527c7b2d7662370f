"""The planning pack's Assumptions sheet: the run, the input files, the settings, and every fallback.

Each judgement call a forecast made for lack of data (an input inferred, estimates filled in, work
handed to a team's pool, a project left out of the effort totals, ...) is a row here, beside the
model's settings and choices and the facts the loaders detected, so a reader sees what the numbers
rest on. Laid out with the other sheets by :func:`pmo_forecast.reporting.pack_sheets.sheets`.
"""

from __future__ import annotations

import platform
import re
import warnings

import numpy as np
import pandas as pd

from .. import __version__
from ..core import schema as S
from ..core.as_of import far_dates_note, no_finish_said
from ..core.calendar import WorkingCalendar
from ..core.capacity import DEFAULT_HOURS_PER_WEEK
from ..core.exceptions import SmallSampleWarning
from ..core.keys import MANAGER_SPELLINGS
from ..core.labels import (
    QUEUE_MODEL,
    SETTING_VALUES,
    TASK_MEDIANS,
    YES_NO,
    agree,
    column_named,
    counted,
    estimate_unit,
    estimates_named,
    id_list,
    in_words,
    input_label,
    setting_label,
)
from ..core.results import (
    fixed,
    format_number,
    part_percent,
    percent,
    round_half_away,
    round_number,
)
from ..core.workbook import Block, Sheet
from ..estimation.features import (
    FOLDS_IN_ROW_ORDER,
    ROW_ORDER,
    SPLIT_IN_ROW_ORDER,
    left_out_text,
    row_order_followed,
    without_row_order,
)
from ..forecasting.demand import TASK_HOURS
from ..forecasting.finish import last_seen
from ..forecasting.open_work import fill_estimates, zero_point_stories
from ..forecasting.pace import NO_PACE_MEASURED, estimate_pace
from ..forecasting.slip import BACKDATED_SAID_ROW
from ..inputs.cells import column_as_headed
from ..inputs.decimal_marks import MARK_NAMES, TWO_WAY
from ..inputs.saved import FIRST_LOAD_NOTES
from ..inputs.validation import ZERO_BUDGET
from ..scenarios.approval_gates import (
    approval_hold_share,
    approvals_left_out,
    gates_used,
    linked_of_log,
)
from ..scenarios.spec import pace_words
from .capacity_sheet import NO_REQUESTS_NOTE
from .project_forecasts import pack_risk_rule, project_table

#: What the task loader was given, echoed in its detected facts, not found in the file: the mapping and the
#: Inputs sheet say these. Every other detected fact not starting with "_" is on the Assumptions sheet.
LOADER_GIVEN = ("file", "status_map", "units_given", "units_mapped", "hours_per_day")
#: The row of what the PM-pool request log leaves open (the fit's caveats): among them a pool counted from the
#: log's handlers (``handlers_note``), which the scenarios' notes then refer to instead of saying it again.
POOL_CHECK = "check: PM-pool request log"
#: A seed not given (None), in words: the run's random numbers are not reproducible.
NO_SEED = "none (other random numbers each run)"
#: A recency half-life of None, in words, as the half-life the model used says it.
NO_HALF_LIFE = "none (all history alike)"
#: The words of an accuracy model's setting left at None (its cell had read "None").
MODEL_NONE = {"random_state": NO_SEED, "half_life_days": NO_HALF_LIFE}


def assumptions_sheet(ctx) -> Sheet:
    """The Assumptions sheet of the pack whose run is ``ctx``: the run, the input files, then the model settings,
    the forecasts' choices and every fallback, each step's rows in the order the sheet shows them."""
    settings = [*_model_rows(ctx), *_calendar_rows(ctx), *_new_work_rows(ctx)]
    if ctx.by:
        settings.append(("roll-up columns (--by)", ctx.by if isinstance(ctx.by, str) else ", ".join(ctx.by)))
    settings += [*_finish_rows(ctx), *_gate_rows(ctx), *_scenario_notes(ctx)]
    settings.append(("projects at risk", f"{pack_risk_rule(ctx)} (one definition for every sheet, summary.html and the "
                     "scenarios; the red lines of --rag when it moves them)"))
    settings += _input_notes(ctx)
    return Sheet("Assumptions", "Assumptions: inputs, settings and versions",
                 [Block("assumptions", "Run", pd.DataFrame(_run_rows(ctx), columns=["setting", "value"])),
                  Block("inputs", "Input files", ctx.inputs),
                  Block("settings", "Model settings", pd.DataFrame(settings, columns=["setting", "value"]))],
                 note="Rerunning with the same inputs (same SHA-256), as-of date, trials and seed gives "
                      "identical numbers.", labels=True)


def _run_rows(ctx) -> list[tuple[str, object]]:
    """The run: its as-of date and what it left out, the trials and seed, the versions and the export time."""
    run = [("as of", ctx.as_of)]
    if "rewind" in ctx.notes:
        run.append(("as of: rewound", ctx.notes["rewind"]))
    if len(ctx.far_dates) and ctx.sources_as_of is None:
        run.append(("as of: dates left out", f"the as-of date leaves out {far_dates_note(ctx.far_dates)}; "
                    "pass --as-of (as_of=) to choose another date"))
    if ctx.planned_starts:
        run.append(("as of: planned starts", f"{ctx.planned_starts}; pass --as-of (as_of=) to choose another date"))
    if ctx.planned_ends:
        run.append(("as of: planned ends", f"{ctx.planned_ends}; pass --as-of (as_of=) to choose another date"))
    run.append((setting_label("n_trials"), ctx.n_trials))
    if "trials" in ctx.notes:
        run.append((f"check: {setting_label('n_trials')}", ctx.notes["trials"]))
    return run + [(setting_label("random_state"), NO_SEED if ctx.seed is None else ctx.seed),
                  ("pmo_forecast version", __version__), ("python", platform.python_version()),
                  ("numpy", np.__version__), ("pandas", pd.__version__),
                  ("export time (UTC; the only value that changes between reruns)", ctx.export_time)]


def _model_rows(ctx) -> list[tuple[str, object]]:
    """The accuracy model's parameters and choices, and what the overrun forecast measured (none without a model)."""
    model = ctx.forecasts.get("model")
    if model is None:
        return []
    rows = [(f"accuracy model: {setting_label(k)}", MODEL_NONE.get(k, "none") if v is None else _plain(v))
            for k, v in sorted(model.get_params().items())]
    rows += _model_choices(model, _order_said(ctx), _one_finish_date(ctx))
    fc = ctx.forecasts["overrun"]
    return rows + [(f"overrun: {setting_label(k, part)}", _plain(v))
                   for part, settings in (("correlation", fc.correlation), ("scope_growth", fc.scope_growth))
                   for k, v in sorted(settings.items())]


def _calendar_rows(ctx) -> list[tuple[str, object]]:
    """The pace asked for and the working calendar the finish dates count in."""
    rows = []
    if "finish" in ctx.forecasts and ctx.pace is not None:
        rows.append(("finish dates: pace (--pace)", _plain(ctx.pace)))
    if ctx.paced:  # the Scenario definitions show each scenario as its file writes it, not the pace it ran at
        rows.append(("scenarios: pace (--pace)",
                     f"{pace_words(ctx.pace)} (--pace), in place of the calibrated pace (as written in a scenario "
                     f"file, or by default) of {id_list(ctx.paced)}"))
    if ctx.calendar is not None:
        rows.append(("finish dates: public holidays", counted(len(ctx.calendar.holidays), "date")))
        if ctx.calendar.days_per_week != 5:
            rows.append(("finish dates: working days", ctx.calendar.weekmask))
    return rows


def _new_work_rows(ctx) -> list[tuple[str, object]]:
    """The new work forecast to arrive (``--new-work``), as the capacity's (new work) row adds it up."""
    if "demand" not in ctx.forecasts:
        return []
    # the row's own sums: the week holding the as-of date counts from the day after
    task_hours = ctx.forecasts["demand"].forecast.query(f"series == '{TASK_HOURS}'")
    new = ctx.forecasts["workload"].new_work
    return [("capacity: new work still to arrive (--new-work)",
             f"{fixed(new['arriving_hours'])} task hours forecast to arrive from the day after the as-of "
             f"date to {new['last_day']:%Y-%m-%d} ({new['periods']} weeks, {task_hours['model'].iat[0]}), "
             f"less the plan's scope growth of {fixed(new['growth_hours'])} h: "
             f"{fixed(new['row_hours'])} h in the (new work) row")]


def _finish_rows(ctx) -> list[tuple[str, object]]:
    """How the finish dates queued the work and what capacity they used, with the pace delivered lately."""
    if "finish" not in ctx.forecasts:
        return []
    with warnings.catch_warnings():  # the row below says the pace was not measured; any other word is said
        warnings.filterwarnings("ignore", message=f"{re.escape(NO_PACE_MEASURED)}$", category=SmallSampleWarning)
        cal = WorkingCalendar.coerce(ctx.calendar)
        # the window the forecast measured: 'auto' ends it on the forecast date, the calibrated capacity on
        # the data's last day when the forecast date is later (a 1.0 beside its "team 0.58" had been the
        # fallback of an empty window, shown as a measure)
        end = ctx.as_of if ctx.pace == "auto" else last_seen(ctx.tables["tasks"], ctx.as_of)
        pace = estimate_pace(ctx.tables["tasks"], ctx.tables["people"], as_of=end, weekmask=cal.weekmask,
                             holidays=cal.holidays)
    fin = ctx.forecasts["finish"]
    to = "" if end == ctx.as_of else f", to {end:%Y-%m-%d}, the data's last day"
    return [("finish dates: queue order", fin.queue_order),
            ("finish dates: capacity used", fin.capacity_used), *_backdated_said(fin.slip),
            (f"pace delivered in the last 13 weeks{to} (share of stated capacity, whole team; "
             "the calibrated capacity starts from it)", round_half_away(pace.attrs["pool"], 2)
             if pace.attrs["measured"] else "not measured: no finished work in those weeks (pace 1, "
                                            "the stated capacity)")]


def _backdated_said(slip) -> list[tuple[str, str]]:
    """What the backdated plans the slip was learnt from warned of the table as it stood at their cuts
    (:attr:`~pmo_forecast.forecasting.slip.FinishSlip.backdated_said`), each warning once with the cuts it was said
    at, oldest first: the capacity row counts them in the same words ("11 warnings of the backdated plans ...") and
    names these rows (:data:`~pmo_forecast.forecasting.slip.BACKDATED_SAID_ROW`), which no sheet had shown. The
    row's name is in words, as every setting's (no attribute's)."""
    if slip is None or not len(slip.backdated_said):  # no slip learnt (a pace other than calibrated), or nothing said
        return []
    said = slip.backdated_said.sort_values("cut", kind="stable")
    rows = []
    for message, cuts in said.groupby("message", sort=False)["cut"]:
        n = cuts.nunique()
        when = id_list(f"{c:%Y-%m-%d}" for c in cuts.drop_duplicates())
        rows.append((BACKDATED_SAID_ROW,
                     f"on the {agree(n, 'table as it', 'tables as they')} stood at {when}: {message}"))
    return rows


def _gate_rows(ctx) -> list[tuple[str, object]]:
    """The scenarios' approval gates: how many, where the figure comes from, the request log's rates behind it and
    the waits they add (none without a PM-pool queue: the notes say why)."""
    if "gates" not in ctx.forecasts or "queue" not in ctx.forecasts:
        return []
    g = ctx.forecasts["gates"]
    rows = []
    if why := approvals_left_out(ctx.forecasts.get("queue")):
        rows.append(("fallback: scenarios' approval waits", why))
    gpm, source = gates_used(g)
    rows += [("scenarios: approval gates per month of a project's schedule", round_half_away(gpm, 2)),
             ("scenarios: approval gates, where the figure comes from", source)]
    # named for what the fit counted: every request when no kind is an approval (it said "approvals")
    logged = "approvals" if g["counted"] == "approvals" else "requests"
    if g["rate"] > 0 and g.get("blocking") is not None:  # learnt: the approvals logged x the share that held the work
        share = g["blocking"]["share"]
        rows += [(f"scenarios: {logged} logged per running project-month (request log)", round_half_away(g["rate"], 2)),
                 ("scenarios: share of their waiting that held the project's work (learnt from the history)",
                  "the history cannot tell: every approval taken as blocking, the upper bound" if share is None
                  else round_half_away(share, 2))]
    if g["rate"] <= 0:  # the gates are assumed: the log's own rate, and what it rests on, differ from them
        rows += [(f"scenarios: {logged} logged per running project-month (request log; not the gates "
                  "used)", round_half_away(g["rate"], 2)),
                 ("scenarios: behind the logged rate",
                  f"{fixed(g['n_requests'])} {g['counted']} over {fixed(g['project_months'])} project-months")]
    # learnt from the log, the gates are its rate, and the source row names its approvals and project-months
    # the requests naming a project, not all the log's: said when some do not (it read 0 of a 2,170-row log)
    linked = linked_of_log(g)
    all_rate = (f"requests naming a project per running project-month (request log: {linked})" if linked
                else "all requests per running project-month (request log)")
    rows += [(f"scenarios: {all_rate}", round_half_away(g["rate_all"], 2)),
             ("scenarios: approval waits", f"a scenario adds the change in the {QUEUE_MODEL}'s wait at each gate; "
              "the baseline (the Projects sheet) adds none: its delivery already went through the pool")]
    queue = ctx.forecasts["queue"].queue
    if gpm > 0 and not why and queue.stable:  # what "every approval blocks" says of the history
        rows.append(("scenarios: share of a schedule the gates hold the work (the pool's mean wait x gates)",
                     round_half_away(approval_hold_share(queue, gpm), 2)))
    return rows


def _scenario_notes(ctx) -> list[tuple[str, str]]:
    """The scenarios' judgement calls and fallbacks, once each, with the scenarios they concern."""
    if "comparison" not in ctx.forecasts:
        return []
    everyone = ", ".join(r.scenario.name for r in ctx.forecasts["comparison"].results)
    queue = ctx.forecasts.get("queue")  # None without a request log
    said = f"as {POOL_CHECK!r} says" if queue is not None and queue.handlers_note else ""
    return [("scenarios: note", f"{'every scenario' if who == everyone else who}: {note}")
            for note, who in ctx.forecasts["comparison"].notes(pool_said_as=said).itertuples(index=False)]


def _input_notes(ctx) -> list[tuple[str, str]]:
    """What was inferred or assumed for lack of an input, and how each project was forecast."""
    rows = _missing_inputs(ctx)
    rows += _fallbacks_and_checks(ctx)
    rows += _beyond_history(ctx)
    rows += _reassigned(ctx)
    rows += _not_started(ctx)
    rows += _held_tasks(ctx)
    rows += _stale(ctx)
    rows += _finished_undated(ctx)
    rows += _budgets_ignored(ctx)
    rows += _demand_checks(ctx)
    rows += _task_loader_notes(ctx)
    rows += _time_zones(ctx)
    rows += _companion_readings(ctx)
    rows += _people_assumed(ctx)
    rows += _forecast_methods(ctx)
    rows += _filled_estimates(ctx)
    rows += _zero_point_stories(ctx)
    rows += _without_estimates(ctx)
    return rows


def _missing_inputs(ctx) -> list[tuple[str, str]]:
    """What was inferred for lack of a table, the projects table and the request log said when not given."""
    rows = [(f"inferred: {k}", v) for k, v in ctx.inferred.items()]
    if "projects" not in ctx.tables:
        rows.append(("inferred: projects", "no projects table (--projects): projects are the task export's "
                     "project ids, without budgets or due dates, so there is no P(over budget) or P(late); "
                     "pmo-forecast init writes a projects.csv to fill in"))
    if "requests" not in ctx.tables:
        rows.append(("missing: request log", NO_REQUESTS_NOTE))
    return rows


def _fallbacks_and_checks(ctx) -> list[tuple[str, str]]:
    """The steps' fallbacks and checks (``ctx.notes``), and the request log's touch hours unit when not hours."""
    rows = []
    if "model" in ctx.notes:
        rows.append(("fallback: forecast method", ctx.notes["model"]))
    if "as_of" in ctx.notes:  # a forecast date before the data's end or far beyond it
        rows.append(("check: forecast date", ctx.notes["as_of"]))
    if "queue_checks" in ctx.notes:  # what the request log leaves open
        rows.append((POOL_CHECK, ctx.notes["queue_checks"]))
    if "workload_checks" in ctx.notes:  # hours the utilisation leaves out, or has no capacity for
        rows.append(("check: utilisation", ctx.notes["workload_checks"]))
    if "new_work" in ctx.notes:  # --new-work asked for, but no forecast of the work to arrive
        rows.append(("fallback: new work still to arrive", ctx.notes["new_work"]))
    unit = ctx.tables["requests"].attrs.get("detected", {}).get("units", {}).get(S.TOUCH_HOURS, "hours") \
        if "requests" in ctx.tables else "hours"
    if unit != "hours":
        rows.append((_column_row("requests", S.TOUCH_HOURS, "unit"), unit))
    backtest = ctx.notes.get("backtest", "")  # not run, or not in finish-date order
    if _order_said(ctx)[1]:  # its split's row order said in the model's history-order row, with the folds'
        backtest = f"backtest: {backtest.removeprefix(f'backtest: {SPLIT_IN_ROW_ORDER}').removeprefix('; ')}" \
            if backtest != f"backtest: {SPLIT_IN_ROW_ORDER}" else ""
    if _one_finish_date(ctx):  # said in the model's history-order row, with the folds'
        backtest = without_row_order(backtest)[0]
    if backtest:
        rows.append(("fallback: backtest", backtest))
    if "scenarios" in ctx.notes:  # scenarios given but not run
        rows.append(("scenarios: not run", ctx.notes["scenarios"]))
    return rows


def _task_loader_notes(ctx) -> list[tuple[str, str]]:
    """Every fact the task loader found, and a saved table's first load's, marked so."""
    # every fact (a list of keys left out the epic rows dropped and the sub-tasks' projects)
    found = ctx.tables["tasks"].attrs.get("detected", {})
    rows = _loader_notes("tasks", found, ctx.tables["tasks"].attrs.get("_headers", {}))
    if first := found.get(FIRST_LOAD_NOTES):  # a saved table: what the load of the export itself found, marked so
        rows += _loader_notes("tasks: first load", first["notes"], first["headers"], table="tasks")
    return rows


def _time_zones(ctx) -> list[tuple[str, str]]:
    """The date columns whose UTC offsets were dropped, per table: local times kept, said since a zone could matter."""
    rows = []
    for name, table in ctx.tables.items():
        headed = {"_headers": table.attrs.get("_headers", {})}  # named as the file heads them
        zoned = [column_as_headed(c, headed) for c, how in table.attrs.get("detected", {}).get("date_formats", {}).items()
                 if "offsets dropped" in str(how)]
        if zoned:
            rows.append((f"{name}: time zones", f"{', '.join(zoned)}: UTC offsets (+02:00, Z) dropped, times read as "
                         "the local times written (working hours and due days are local)"))
    return rows


def _companion_readings(ctx) -> list[tuple[str, str]]:
    """How the people, projects and request tables were read: level and manager spellings, converted units
    (FTE, days, percent), headers left unread, numbers, durations, placeholders and dates out of range."""
    rows = []
    levels = ctx.tables["projects"].attrs.get("detected", {}) if "projects" in ctx.tables else {}
    for key in ("level_spellings", "level_placeholders", MANAGER_SPELLINGS):
        if key in levels:
            rows.append((f"projects: {key.replace('_', ' ')}", levels[key]))
    for name in ("people", "projects", "requests"):
        det = ctx.tables[name].attrs.get("detected", {}) if name in ctx.tables else {}
        for col, unit in det.get("units", {}).items():
            if unit not in S.PLAIN_UNITS and name != "requests":  # the log's touch hours unit: a row of its own
                rows.append((_column_row(name, col, "unit"), unit))
        if det.get("columns_not_read"):
            rows.append((f"{name}: columns not read", det["columns_not_read"]))
        for col, said in det.get(TWO_WAY, {}).items():  # 1.000 FTE read as 1
            rows.append((_column_row(name, col, "numbers"), said))
        for col, said in det.get("durations", {}).items():  # '2d' at 8 h a day; ServiceNow's '1 Day' a timer's 24 h
            rows.append((_column_row(name, col, "durations"), said))
        for col, said in det.get("placeholders", {}).items():  # 'n/a' read as blank: no hands-on time, no budget
            rows.append((_column_row(name, col, "placeholders"), said))
        for col, said in det.get("dates_beyond", {}).items():  # 9999-12-31: a contract without an end
            rows.append((_column_row(name, col, "out of range"), said))
    return rows


def _people_assumed(ctx) -> list[tuple[str, str]]:
    """How the people table's names and roles were read, and the blanks the capacity fills in."""
    rows = []
    people = ctx.tables.get("people")
    for key in ("names", "roles", "role_blank"):
        if people is not None and key in people.attrs.get("detected", {}):
            rows.append((f"people: {key.replace('_', ' ')}", people.attrs["detected"][key]))
    if people is not None and len(people) and "people" not in ctx.inferred:  # blanks the capacity fills in
        for col, value in ((S.HOURS_PER_WEEK, f"{DEFAULT_HOURS_PER_WEEK:g} h a week"), (S.AVAILABILITY, "100%")):
            blank = people[col].isna() if col in people else pd.Series(True, index=people.index)
            if blank.any():
                who = id_list(people.loc[blank, S.PERSON])
                rows.append((_column_row("people", col, "assumed"),
                             f"{int(blank.sum()):,} of {len(people):,} people without "
                             f"{input_label('people', col).lower()} get {value} ({who})"))
    return rows


def _forecast_methods(ctx) -> list[tuple[str, str]]:
    """How each project was forecast, the projects listed per method."""
    rows = []
    projects = project_table(ctx)
    if "forecast_method" in projects and len(projects):
        for method, g in projects.groupby("forecast_method"):
            ids = g[S.PROJECT_ID].astype(str).tolist()
            rows.append((f"forecast method: {method}", f"{counted(len(ids), 'project')}: {id_list(ids, 40)}"))
    return rows


def _column_row(table: str, column, what: str) -> str:
    """The Assumptions row naming ``what`` of column ``column`` of the input ``table``, the column in words as the
    pack's sentences name one (its header, :func:`~pmo_forecast.core.labels.input_label`, lower-cased): "projects:
    budget (hours) unit", not the code's "budget hours"."""
    return f"{table}: {input_label(table, column).lower()} {what}"


def _loader_notes(name: str, found: dict, headers: dict, table: str | None = None) -> list[tuple[str, str]]:
    """Each fact a loader found (``found``: its ``detected``) as a row ``<name>: <key>``, a column of the input
    ``table`` (``name``, unless given) named in words (:func:`~pmo_forecast.core.labels.column_named`); not its
    workings (``_`` names), what it was given (:data:`LOADER_GIVEN`) nor a saved table's first-load notes (their
    own rows)."""
    table = table or name
    rows = []
    for key, v in found.items():
        if key == "decimal":  # the columns' marks where the sniffed sample said another
            v = _decimal_mark(v, found.get("number_styles"), table, headers)
        if not key.startswith("_") and key not in (*LOADER_GIVEN, FIRST_LOAD_NOTES) and v is not False and _said(v):
            rows.append((f"{name}: {key.replace('_', ' ')}", _said(v, table, headers)))
    return rows


def _decimal_mark(mark: str, styles: dict | None, table: str, headers: dict) -> str:
    """The file's decimal mark as its number columns were read (``styles``: ``detected["number_styles"]``):
    the sniffed ``mark`` where they agree with it, else each of their marks with its columns (the sample the
    sniff reads can say a point where a ';' file's ``1.234`` or a comma past the sample say a comma), named in
    words (:func:`~pmo_forecast.core.labels.column_named`)."""
    if not styles or set(styles.values()) == {MARK_NAMES.get(mark)}:
        return mark
    words = {said: said.partition(" (")[0] for said in MARK_NAMES.values()}
    marks: dict[str, list] = {}
    for col, said in styles.items():
        marks.setdefault(words.get(said, said), []).append(column_named(table, col, headers))
    return "; ".join(f"{m} ({agree(len(cols), 'column', 'columns')} {', '.join(cols)})" for m, cols in marks.items())


def _said(v, table: str | None = None, headers: dict | None = None) -> str:
    """A detected fact in words: a dict as ``key: value; ...`` (a key a column of the input ``table``, named in
    words, :func:`~pmo_forecast.core.labels.column_named`), a list as ``a, b``, a flag as ``yes``."""
    if isinstance(v, dict):
        return "; ".join(f"{column_named(table, k, headers or {}) if table else k}: {_said(x)}"
                         for k, x in v.items())
    if v is True:
        return "yes"
    return ", ".join(map(str, v)) if isinstance(v, list | tuple) else str(v)


def _filled_estimates(ctx) -> list[tuple[str, str]]:
    """Open tasks without a usable estimate in projects the effort forecast covers: the forecast gave
    them their project's median estimate (warned on the command line, said here too)."""
    fc = ctx.forecasts.get("overrun")
    if fc is None:
        return []
    tasks = ctx.tables["tasks"]
    open_t = tasks[tasks[S.STATUS].isin(S.UNFINISHED_STATUSES).fillna(False).to_numpy(bool)]
    est, filled = fill_estimates(open_t, tasks)  # the forecast's own rule
    # projects with no estimate at all are the next row's (left out of the effort figures)
    filled &= ~open_t[S.PROJECT_ID].isin(fc.without_estimates[S.PROJECT_ID]).to_numpy(bool)
    if not filled.any():
        return []
    ids = open_t.loc[filled, S.TASK_ID].astype(str).tolist()
    hours = float(est[filled].sum())
    return [("fallback: open tasks without an estimate",
             f"{counted(len(ids), 'open task')} without a positive estimate "
             f"({id_list(ids)}) {agree(len(ids), 'is', 'are')} forecast "
             f"at {agree(len(ids), 'its', 'their')} project's median estimate ({fixed(hours)} "
             f"{estimate_unit(ctx.points, hours)} in all, in the remaining estimate and every effort figure); "
             f"estimate {agree(len(ids), 'it', 'them')} for a better forecast")]


def _zero_point_stories(ctx) -> list[tuple[str, str]]:
    """Open 0-point stories: sized by their team, counted at the smallest card, said with how many."""
    if ctx.forecasts.get("overrun") is None:
        return []
    tasks = ctx.tables["tasks"]
    open_t = tasks[tasks[S.STATUS].isin(S.UNFINISHED_STATUSES).fillna(False).to_numpy(bool)]
    zero = zero_point_stories(open_t, tasks)
    if not zero.any():
        return []
    ids = open_t.loc[zero, S.TASK_ID].astype(str).tolist()
    return [("estimates: 0-point stories",
             f"{counted(len(ids), 'open story', 'open stories')} {agree(len(ids), 'is', 'are')} estimated at 0 story points "
             f"({id_list(ids)}): each counts as {S.ZERO_POINT_SIZE:g} point, "
             "the smallest card above 0 (a 0-point story still takes some time), not as unestimated")]


def _without_estimates(ctx) -> list[tuple[str, str]]:
    """Projects the effort forecast leaves out (no estimates), and what the plan does with their work."""
    fc = ctx.forecasts.get("overrun")
    if fc is None or not len(fc.without_estimates):
        return []
    out = fc.without_estimates
    ids = out[S.PROJECT_ID].astype(str).tolist()
    # story points have no contingency or plan to forecast to leave them out of
    figures = "" if ctx.points else "contingency, plan to forecast, "
    text = (f"{counted(len(ids), 'project')} {agree(len(ids), 'has', 'have')} no "
            f"{estimates_named(ctx.points, plural=False)} on any open task ({id_list(ids, 40)}): no effort forecast, so out of every effort and cost figure "
            f"(Summary totals, {figures}roll-ups, key messages)")
    if "finish" in ctx.forecasts:  # the plan schedules their work all the same, at a guess
        hours = ctx.forecasts["finish"].by_project()["open_estimate_hours"].reindex(out[S.PROJECT_ID]).sum()
        text += (f"; {agree(len(ids), 'its', 'their')} {counted(int(out['open_tasks'].sum()), 'open task')} {agree(int(out['open_tasks'].sum()), 'is', 'are')} still in "
                 f"the delivery plan, at {fixed(hours)} {estimate_unit(ctx.points, hours)} of filled-in estimates "
                 "(the median of all estimates), taking "
                 "people's time in the other projects' finish dates, utilisation and the scenarios")
    return [("fallback: projects out of the effort totals", text)]


def _listed(ctx, forecast: str, table: str):
    """The rows the pack's ``forecast`` (``"finish"``, ``"overrun"``) lists in its ``table`` attribute (the work
    reassigned, the stale tasks, ...), or None when it lists none or the pack has no such forecast."""
    fc = ctx.forecasts.get(forecast)
    if fc is None:
        return None
    rows = getattr(fc, table)  # the caller names the table: a DataFrame its forecast always sets, empty when none
    return rows if len(rows) else None


def _reassigned(ctx) -> list[tuple[str, str]]:
    """The plan's fallback for open work whose assignee left or is not in the people table."""
    moved = _listed(ctx, "finish", "reassigned")
    if moved is None:
        return []
    who = id_list((f"{a} ({why}, {counted(n, 'task')})" for a, why, n in zip(moved[S.ASSIGNEE], moved["reason"],
                                                                           moved["open_tasks"], strict=True)), sep="; ")
    n = int(moved['open_tasks'].sum())
    return [("fallback: open work to the team pool",
             f"{counted(n, 'open task')} ({fixed(moved['open_estimate_hours'].sum())} "
             f"{estimate_unit(ctx.points, moved['open_estimate_hours'].sum())} estimated) "
             f"of {counted(len(moved), 'person', 'people')} who cannot do {agree(n, 'it goes', 'them go')} to the "
             f"pool of {agree(n, 'its', 'their')} project's team: {who}")]


def _not_started(ctx) -> list[tuple[str, str]]:
    """Projects that start after the as-of date: the plan holds their work until their start."""
    late = _listed(ctx, "finish", "not_started")
    if late is None:
        return []
    which = id_list((f"{p} (starts {d:%Y-%m-%d}, {fixed(h)} {estimate_unit(ctx.points, h)} open)" for p, d, h in
                     zip(late.iloc[:, 0], late.iloc[:, 1], late.iloc[:, 2], strict=True)), sep="; ")
    many = "projects start" if len(late) > 1 else "project starts"
    return [("projects not yet started",
             f"{len(late)} {many} after the as-of date; nobody works on a project before its start, so the plan "
             f"schedules its open work from then on, behind what its people are expected to be doing: {which}")]


def _held_tasks(ctx) -> list[tuple[str, str]]:
    """Open tasks planned to start after the as-of date: the plan holds each until its planned start."""
    held = _listed(ctx, "finish", "held_tasks")
    if held is None:
        return []
    hours = held["open_estimate_hours"].sum()
    first, last = held.iloc[:, 2].min(), held.iloc[:, 2].max()
    return [("tasks not yet due to start",
             f"{counted(len(held), 'open task')} ({fixed(hours)} {estimate_unit(ctx.points, hours)} "
             f"estimated) {agree(len(held), 'is', 'are')} planned to start after the as-of date (between "
             f"{first:%Y-%m-%d} and {last:%Y-%m-%d}); nobody works on a task before its planned start, so the "
             "finish dates schedule it from then on")]


def _stale(ctx) -> list[tuple[str, str]]:
    """Open tasks under way longer than nearly all finished work took: forecast as still running, and what they
    hold of the work still to do (the Data quality sheet lists each, ``stale_in_progress``)."""
    stale = _listed(ctx, "overrun", "stale")
    if stale is None:
        return []
    n, line = len(stale), stale.attrs
    h, total = stale["p50_to_do_hours"].sum(), line["p50_to_do_hours_all"]
    share = (f" ({part_percent(h / total)}; each task's median, added up: not the Summary's P50, the whole "
             "portfolio's)") if total > 0 else ""
    return [("check: stale work in progress",
             f"{counted(n, 'open task')} ({fixed(stale['booked_hours'].sum())} h booked) {agree(n, 'has', 'have')} "
             f"been under way longer than {percent(line['level'])} of finished tasks took from start to finish "
             f"({fixed(line['stale_after_days'])} working days; each is listed in Data quality, stale_in_progress). "
             f"{agree(n, 'It is forecast as still running and holds', 'They are forecast as still running and hold')} "
             f"{fixed(h)} h of the {fixed(total)} h of {TASK_MEDIANS}{share}; close or cancel in the tracker what is "
             "finished or abandoned, and export again")]


def _finished_undated(ctx) -> list[tuple[str, str]]:
    """Projects with no open work and done tasks without a finish date: their finish is the last dated task's.

    From the plan's forecast and the throughput one (the projects forecast from their items, every one when
    nobody is named, had been left out), each project named once."""
    undated: dict[str, int] = {}
    runs = []  # each forecast run: its projects' counts and ids
    if (finish := ctx.forecasts.get("finish")) is not None:
        runs.append((finish.done_undated, finish.project_ids))
    if (throughput := ctx.forecasts.get("throughput")) is not None:
        runs.append((throughput.done_undated, throughput.groups))
    for n, ids in runs:
        undated |= {str(p): int(c) for p, c in zip(ids[n > 0], n[n > 0], strict=True)}
    if not undated:
        return []
    ids = list(undated)
    which = id_list((f"{p} ({counted(undated[p], 'done task')})" for p in ids), sep="; ")
    return [("check: finished projects' undated tasks",
             f"{counted(len(ids), 'project')} with no open work {agree(len(ids), 'has', 'have')} done tasks without "
             f"a finish date: the finish shown is the last dated task's, so it may be too early: {which}")]


def _demand_checks(ctx) -> list[tuple[str, str]]:
    """What the forecast of new work warned about the task hours it forecasts (the (new work) row's)."""
    fc = ctx.forecasts.get("demand")
    said = [] if fc is None else [w for w in fc.warnings_ if "new_projects" not in w and "pm_requests" not in w]
    return [("check: new work still to arrive (--new-work)", "; ".join(said))] if said else []


def _budgets_ignored(ctx) -> list[tuple[str, str]]:
    """Budgets of 0 h: taken as no budget (no P(over budget)), said with the projects the Data quality sheet does
    not already list (its zero_budget findings say the forecasts take them so: a reader had it twice)."""
    ignored = _listed(ctx, "overrun", "budget_ignored")
    if ignored is None:
        return []
    report = ctx.validation.get("projects")
    if report is not None:
        listed = report.findings.loc[report.findings["check"] == ZERO_BUDGET, "id"].astype(str)
        ignored = ignored[~ignored.iloc[:, 0].astype(str).isin(listed)]
    if not len(ignored):
        return []
    which = id_list((f"{p} ({fixed(b)} h)" for p, b in zip(ignored.iloc[:, 0], ignored.iloc[:, 1], strict=True)),
                    sep="; ")
    return [("fallback: budgets of 0 h",
             f"{counted(len(ignored), 'project')} {agree(len(ignored), 'has', 'have')} a budget of 0 h, taken as no "
             f"budget (a blank P(over budget), not 100%): {which}")]


def _beyond_history(ctx) -> list[tuple[str, str]]:
    """Open work estimated above anything the accuracy model learnt from, said when there is some."""
    if ctx.model is None:
        return []
    tasks = ctx.tables["tasks"]
    learnt = tasks.loc[S.finished_with_actuals(tasks), S.ESTIMATE].max()
    est = tasks.loc[tasks[S.STATUS].isin(S.UNFINISHED_STATUSES).to_numpy(dtype=bool), S.ESTIMATE]
    above = est[est > learnt]
    if not len(above):
        return []
    n = len(above)
    return [("check: open work beyond the history", f"{counted(n, 'open task')} ({fixed(above.sum())} "
             f"{estimate_unit(ctx.points, above.sum())}) {agree(n, 'is', 'are')} estimated above the largest "
             f"finished task the accuracy model learnt from ({fixed(learnt)} {estimate_unit(ctx.points, learnt)}): "
             f"{agree(n, 'its forecast carries', 'their forecasts carry')} the largest tasks' ratios over to "
             f"{agree(n, 'a size', 'sizes')} never seen")]


def _order_said(ctx) -> tuple[bool, bool]:
    """For a model none of whose finished tasks has a finish date, whether its recalibration folds and the
    backtest's split follow the table's row order (a hedged model has no folds; a backtest not run, no split):
    the history-order row says both, once, as the pack's warnings do (``(False, False)`` for a dated history)."""
    model = ctx.forecasts.get("model")
    if model is None or not model.n_tasks_ or model.n_undated_ < model.n_tasks_:
        return False, False
    return (model.recalibration_["reason"].endswith(f"; {FOLDS_IN_ROW_ORDER}"),
            ctx.notes.get("backtest", "").startswith(f"backtest: {SPLIT_IN_ROW_ORDER}"))


def _one_finish_date(ctx) -> str:
    """Why the accuracy model's recalibration folds and the backtest's split both follow the table's row order when
    its finished tasks are dated but share one finish date ("every finish date is the same (2026-06-20)"), said once
    in the history-order row as the pack's warnings say it; "" otherwise (the undated history: :func:`_order_said`).
    The recalibration's reason and the backtest's note had each said it again."""
    model = ctx.forecasts.get("model")
    if model is None or not model.n_tasks_ or model.n_undated_ == model.n_tasks_:
        return ""
    why = without_row_order(model.recalibration_["reason"])[1]
    return why if why and without_row_order(ctx.notes.get("backtest", ""))[1] else ""


def _model_choices(model, order: tuple[bool, bool] = (False, False), same: str = "") -> list[tuple[str, object]]:
    """What the accuracy model chose from the data (half-life, booking unit, recalibration, forecast used), and why;
    ``order``: whether its folds and the backtest's split follow the row order (:func:`_order_said`), said in the
    history-order row alone, as is ``same``, why both follow it in a dated history (:func:`_one_finish_date`)."""
    hl = model.half_life_
    chosen = model.selection_[model.selection_["chosen"].astype(bool)]
    used = (f"{chosen.index[0]}: {chosen['reason'].iat[0]}" if len(chosen)
            else "the model alone (no selection was run)")
    unit = model.booking_unit_
    recalibration = model.recalibration_["reason"].removesuffix(f"; {FOLDS_IN_ROW_ORDER}")  # the row order said below
    if same:
        recalibration = without_row_order(recalibration)[0]
    return [("accuracy model: recency half-life used (days)", NO_HALF_LIFE if hl is None else hl),
            ("accuracy model: booking unit of actuals (hours; the model's quantiles and draws are whole units)",
             "none (actuals taken as continuous)" if unit is None else round(float(unit), 6)),
            ("accuracy model: booking unit chosen because", model.booking_.query("chosen")["reason"].iat[0]),
            ("accuracy model: recalibration used",
             f"{model.recalibration_['strategy']}: {recalibration}"),
            ("accuracy model: forecast used", used)] + _left_out(model) + _undated(model, order) + (
        [("fallback: history order", row_order_followed(same, ["EstimationAccuracyModel.fit", "backtest"]))]
        if same else [])


def _left_out(model) -> list[tuple[str, str]]:
    """Done tasks the model could not learn from (no estimate, actual 0, no actual), said when there are some."""
    said = left_out_text(model.n_left_out_)
    if not said:
        return []
    return [("accuracy model: done tasks left out", f"{said}; learnt from the other {fixed(model.n_tasks_)} (actual 0 "
             "is time probably not logged: the Data quality sheet lists the rows)")]


def _undated(model, order: tuple[bool, bool] = (False, False)) -> list[tuple[str, str]]:
    """Finished tasks the model could not place in time, said when there are some; none dated, with what follows
    the table's row order (``order``, :func:`_order_said`): the folds, the backtest's split, or nothing."""
    n, total = model.n_undated_, model.n_tasks_
    if not n:
        return []
    if n == total:
        # a hedged model has no folds: "the recalibration folds follow the row order" was said of folds never made
        follow = [who for who, on in zip(("the accuracy model's recalibration folds", "the backtest's split"), order,
                                         strict=True) if on]
        also = f"; {' and '.join(follow)} {agree(len(follow), 'follows', 'follow')} {ROW_ORDER}" if follow else ""
        return [("fallback: history order", "no finished task has a finish date: every task weighs alike in the "
                 f"accuracy model (no recency weighting){also}")]
    return [("fallback: accuracy model history order", f"{no_finish_said(n, of=total)}: taken as the oldest history "
             "(lowest recency weight, never in the recalibration folds)")]


def _plain(value):
    """A setting as a cell value: text and whole numbers as they are, other numbers at the precision
    the tables show (:func:`~pmo_forecast.core.results.round_number`; an array's ends in words, as
    :func:`~pmo_forecast.core.results.format_number` shows them), None as "none", anything else as
    :func:`~pmo_forecast.core.labels.in_words` says it (never Python's brackets)."""
    if isinstance(value, bool | np.bool_):
        return YES_NO[bool(value)]
    if isinstance(value, float | np.floating):
        return round_number(float(value))
    if value is None:
        return "none"
    if isinstance(value, str):
        return SETTING_VALUES.get(value, value)
    if isinstance(value, int | np.integer):
        return value
    if isinstance(value, np.ndarray) and value.dtype.kind in "fiu":
        if value.size == 0:
            return "none"
        return f"{value.size} values from {format_number(value.min())} to {format_number(value.max())}" \
            if value.size > 1 else round_number(float(value.ravel()[0]))
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return ", ".join(SETTING_VALUES.get(v, v) for v in value)  # the model's factors: in words, not a tuple
    return in_words(value)
