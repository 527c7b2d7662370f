"""The committee's pages of the planning pack: Trends, What changed, roll-ups, RAG and key messages.

:func:`pmo_forecast.export_planning_pack` lays out the forecasts; this module adds
what a steering committee reads (plain headers, red/amber/green, key messages, the
plan-to-forecast bridge, people shown only as far as asked: :mod:`.people_detail`, the
scenarios' costs: :mod:`.costs`) and the PMO's own pages (KPI trends, what changed since the
last pack: :mod:`.changes_sheet`, roll-ups by PMO level: :mod:`.level_sheets`); its options
are checked before any work (:mod:`.committee_options`). It only reads the pack's context (``ctx``: tables,
forecasts, as-of date) and returns sheets; the export writes them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.labels import TASK_BIAS, UNKNOWN_CURRENCY, counted, estimates_named, every, label
from ..core.results import percent
from ..core.workbook import MONEY_THOUSANDS, PCT_CHANGE, Block, Sheet
from .capacity_sheet import PACED_OVER_CAPACITY
from .changes_sheet import changes_sheet, record_run
from .committee import RAG_COLUMNS
from .committee_options import UNKNOWN_CURRENCY_NOTE, options_of, pack_currency
from .costs import hire_costs, scenario_costs
from .level_sheets import level_pages, level_sheet
from .people_detail import apply_people_detail
from .project_forecasts import has_values
from .rollup import COST_COLUMN, COST_RULE
from .trends import RECENT_MONTHS
from .trends_sheet import trends_sheet


# --- the steps -----------------------------------------------------------------------------
def run_trends(ctx) -> None:
    """The KPI trends (and, per level, the check that the projects table has the column)."""
    from .trends import kpi_trends

    t = ctx.tables
    try:
        ctx.forecasts["trends"] = kpi_trends(t["tasks"], t.get("projects"), t.get("requests"),
                                             people=t.get("people"), as_of=ctx.as_of, calendar=ctx.calendar)
    except ValueError as e:  # a column the trends need is missing: the pack still has the forecasts
        ctx.notes["trends"] = f"KPI trends not computed: {e}"
    if "overrun" in ctx.forecasts and "people" in t and S.COST_PER_HOUR in t["people"] \
            and t["people"][S.COST_PER_HOUR].notna().any():
        from .rollup import cost_rates, cost_samples

        rates = cost_rates(t["tasks"], t["people"])
        ctx.forecasts["cost_rates"] = rates
        ctx.forecasts["cost"] = cost_samples(ctx.forecasts["overrun"], rates)
    if options_of(ctx)["people_detail"] != "named" and "people" in t:
        from ..forecasting.workload import PLAN_HOURS, workload

        # the same delivery plan as the named view, only keyed by team
        queue = ctx.forecasts.get("queue")  # the fit: whether its handlers serve when no PM does
        ctx.forecasts["workload_team"] = workload(t["tasks"], t["people"], t.get("projects"), freq="W",
                                                  by="role", model=ctx.model, as_of=ctx.as_of,
                                                  plan=ctx.forecasts.get("finish"), queue=queue,
                                                  demand=ctx.forecasts.get("demand"), plan_level=PLAN_HOURS,
                                                  calendar=ctx.calendar)


def project_names(tasks: pd.DataFrame, projects: pd.DataFrame | None) -> pd.Series:
    """Each project's name by its id: the projects table's, else the one the task export gives beside
    the project field (:data:`~pmo_forecast.core.schema.PROJECT_NAME`, a Jira epic's summary), so a pack
    without a projects table shows "PMO-1 Checkout relaunch", not "PMO-1" alone."""
    names = pd.Series(dtype=object)
    if projects is not None and S.NAME in projects:
        named = projects.dropna(subset=[S.NAME]).drop_duplicates(S.PROJECT_ID)
        names = pd.Series(named[S.NAME].astype(object).to_numpy(), index=named[S.PROJECT_ID].astype(str))
    if S.PROJECT_NAME in tasks:
        named = tasks.dropna(subset=[S.PROJECT_NAME]).drop_duplicates(S.PROJECT_ID)
        given = pd.Series(named[S.PROJECT_NAME].astype(object).to_numpy(), index=named[S.PROJECT_ID].astype(str))
        names = names.combine_first(given)  # the projects table's own name wins
    return names


def committee_columns(ctx, projects: pd.DataFrame) -> pd.DataFrame:
    """The project table with name, RAG status, PMO levels and cost at completion, where known."""
    from .committee import rag_status

    out = projects.copy()
    p = ctx.tables.get("projects")
    lookup = p.drop_duplicates(S.PROJECT_ID).set_index(S.PROJECT_ID) if p is not None else None
    front = ["project_id"]
    names = project_names(ctx.tables["tasks"], p)
    if names.notna().any():
        out.insert(1, S.NAME, names.reindex(out["project_id"].astype(str)).to_numpy())
        front.append(S.NAME)
    rag = rag_status(out, options_of(ctx)["rag"])
    out.insert(len(front), "rag", rag["rag"].to_numpy())
    if lookup is not None:
        for level in S.LEVELS:
            if level in lookup and lookup[level].notna().any():
                out[level] = lookup[level].reindex(out["project_id"]).to_numpy()
    if "cost" in ctx.forecasts:
        cost = ctx.forecasts["cost"]
        ids = list(ctx.forecasts["overrun"].project_ids)
        qs = np.quantile(cost, (0.5, 0.8, 0.9), axis=0)
        for q, v in zip((50, 80, 90), qs, strict=True):
            out[f"cost_p{q}"] = pd.Series(v, index=ids).reindex(out["project_id"]).to_numpy()
    out["rag_reason"] = rag["rag_reason"].to_numpy()
    return out


def committee_sheets(ctx, sheets: list[Sheet], projects: pd.DataFrame) -> list[Sheet]:
    """Add the committee's pages and blocks to the pack's sheets (in place), and return them."""
    opts = options_of(ctx)
    by_name = {s.name: s for s in sheets}
    extra = []
    if "trends" in ctx.forecasts:
        extra.append(trends_sheet(ctx))
    if opts["history"] is not None:
        extra.append(changes_sheet(ctx, projects, opts["history"]))
    levels = opts["by"] if "overrun" in ctx.forecasts else []  # roll-ups sum effort trials
    for level, (name, key) in zip(levels, level_pages(levels, [s.name for s in sheets + extra]), strict=True):
        extra.append(level_sheet(ctx, projects, level, name=name, key=key))
    at = next((i for i, s in enumerate(sheets) if s.name == "Data quality"), len(sheets))
    sheets[at:at] = extra
    if "Summary" in by_name:
        _summary_additions(ctx, by_name["Summary"], projects)
    apply_people_detail(ctx, sheets)
    if "Assumptions" in by_name:
        _assumption_rows(ctx, by_name["Assumptions"])
    if "Scenarios" in by_name and "cost_rates" in ctx.forecasts:
        block = hire_costs(ctx.scenarios, ctx.tables["people"], ctx.as_of)
        if block is not None:
            by_name["Scenarios"].blocks.append(block)
        if ctx.forecasts.get("scenarios") and "overrun" in ctx.forecasts:
            by_name["Scenarios"].blocks.append(scenario_costs(ctx, None if block is None else block.df))
    if "cost_rates" in ctx.forecasts:  # every money header says its unit
        for sheet in sheets:
            sheet.currency = pack_currency(ctx)[0]
    return sheets


# --- Summary: key messages and the bridge ------------------------------------------------------
def messages(ctx, projects: pd.DataFrame) -> list[str]:
    """The key messages of this pack (cached on ``ctx``)."""
    if ctx.messages is None:
        from .committee import key_messages

        prev = ctx.previous_as_of  # None without a history, or a first pack
        ctx.messages = key_messages(projects, thresholds=options_of(ctx)["rag"], overrun=ctx.forecasts.get("overrun"),
                                    queue=ctx.forecasts.get("queue"), trends=ctx.forecasts.get("trends"),
                                    changes=ctx.changes if prev is not None else None, last_as_of=prev,
                                    validation=ctx.validation,
                                    scenarios="comparison" in ctx.forecasts, points=ctx.points)
        if "as_of" in ctx.notes:  # a forecast date before the data's end or long after it: read first
            note = ctx.notes["as_of"]
            ctx.messages = [f"Check the forecast date: {note[0].lower()}{note[1:]}."] + ctx.messages
    return ctx.messages


def _summary_additions(ctx, summary: Sheet, projects: pd.DataFrame) -> None:
    from .committee import effort_scope, plan_to_forecast

    msgs = pd.DataFrame({"message": messages(ctx, projects)})
    # projects without hour estimates are in no effort or cost total: the labels say which projects are
    scope = effort_scope(ctx.forecasts["overrun"]) if "overrun" in ctx.forecasts else ""
    summary.blocks.insert(0, Block("key-messages", "Key messages", msgs, excel_table=False))
    kpis = next((b for b in summary.blocks if b.slug == "summary"), None)
    if kpis is not None:
        rows = _story_rows(ctx)
        if rows:  # beside the headline note's "all of the history", in the rows' own words
            r = ctx.forecasts["trends"].recent()
            kpis.note += (f" The rows 'since {r['since']:%Y-%m-%d}' and the key message on delivery count from the "
                          f"first finish in the history, less than {RECENT_MONTHS} months before the forecast date."
                          if r["short"] else
                          f" The rows 'in the {RECENT_MONTHS} months to' and the key message on delivery count the "
                          f"last {RECENT_MONTHS} months.")
        if "cost" in ctx.forecasts:
            total = ctx.forecasts["cost"].sum(axis=1)
            unit = pack_currency(ctx)[0]
            # a known currency beside each row; the unknown one's long words are said once (the rows had wrapped
            # the one-page summary past its A4 page)
            if unit == UNKNOWN_CURRENCY:
                kpis.note += f" {UNKNOWN_CURRENCY_NOTE}"
            suffix = "" if unit == UNKNOWN_CURRENCY else f" ({unit})"
            rows += [(f"Cost at completion, {q}% sure, {scope or 'all open projects'}{suffix}", v, MONEY_THOUSANDS)
                     for q, v in zip((50, 80, 90), np.quantile(total, (0.5, 0.8, 0.9)), strict=True)]
        if rows:
            kinds = kpis.formats.get("value", ["num"] * len(kpis.df))
            kpis.df = pd.concat([kpis.df, pd.DataFrame([r[:2] for r in rows], columns=["measure", "value"])],
                                ignore_index=True)
            kpis.formats = {**kpis.formats, "value": list(kinds) + [r[2] for r in rows]}
    at_risk = next((b for b in summary.blocks if b.slug == "at-risk"), None)
    if at_risk is not None and len(at_risk.df) and "project_id" in at_risk.df:  # names and status first
        extra = [c for c in (S.NAME, "rag") if c in projects and c not in at_risk.df]
        lookup = projects.drop_duplicates("project_id").set_index("project_id")
        df = at_risk.df.copy()
        for k, c in enumerate(extra):
            df.insert(1 + k, c, lookup[c].reindex(df["project_id"]).to_numpy())
        at_risk.df = df
    red = (projects["rag"] == "red").sum() if "rag" in projects else 0
    if "overrun" in ctx.forecasts and ctx.points:  # spent hours plus points left would add across units
        summary.note += (" No bridge from plan to forecast: the estimates are in story points, so there is no plan "
                         "in hours to start from.")
    elif "overrun" in ctx.forecasts:
        bridge = plan_to_forecast(ctx.forecasts["overrun"], ctx.model)
        summary.blocks.insert(2 if kpis is not None else 1, Block(
            "plan-to-forecast", f"From plan to forecast, {scope or 'all open projects'} (hours)", bridge,
            formats={"hours": "hours"},
            # only the plan and the steps after it add up: the budget rows above it are no steps (no longer than
            # it was: summary.html fits one A4 page)
            note="How the plan becomes the forecast: the plan and the Plus steps (means) add up to the Equals row. "
                 "The portfolio needs less than the sum of the projects' 80%-sure figures."))
    summary.charts = [(c[0], c[1], {**(c[2] if len(c) > 2 else {}), "beside": "summary"}) for c in summary.charts]
    grey = (projects["rag"] == "grey").sum() if "rag" in projects else 0
    # none assessed is not "0 red": SiP's 18 projects, without due dates or budgets, had read as all clear
    said = (f"{every(grey, 'open project', start=False)} grey: not assessed (the Projects sheet says why)"
            if grey and grey == len(projects) else f"{red} red")
    summary.note = f"{summary.note} {_rag_words(options_of(ctx)['rag'])}; {said}."


def _story_rows(ctx) -> list[tuple]:
    """Headline rows that put the median task next to the projects: the same story in numbers.

    The task bias (:data:`~pmo_forecast.core.labels.TASK_BIAS`): the geometric mean of actual / estimate, minus 1
    (exp of the mean log ratio), negative when tasks ran under their estimates.
    """
    tr = ctx.forecasts.get("trends")
    if tr is None or tr.summary().empty:
        return []
    r = tr.recent()
    rows = []
    if r["tasks"] and not ctx.points:  # story points: hours per point, on the headline, not an overrun
        # counted: the tasks with an estimate and an actual (the label said all finished tasks). Over (+) or under
        # (-), not "overrun": SiP's "Typical task overrun ... -5%" sat beside "tasks ran 5% under"; "with both" keeps
        # the label short (a longer one wrapped the one-page summary past A4). Named as the Trends sheet heads the
        # measure: "Typical task actual against estimate" (+6%) sat beside "median actual / estimate" (1.00), and
        # "typical" reads as the median
        rows.append((f"{TASK_BIAS} {r['label']} ({r['tasks']:,} finished with both)", r["typical_overrun"],
                     PCT_CHANGE))
    n = r["projects_completed"]
    for known, share, what, has in (("with_budget", "over_budget_share", "over budget", "a budget"),
                                    ("with_due", "late_share", "late", "a due date")):
        if r[known]:
            of = f"{r[known]} with {has} of {n}" if r[known] < n else str(n)
            rows.append((f"Projects completed {r['label']} ({of}): {what}", r[share], "pct"))
    return rows


def _rag_words(th: dict) -> str:
    (lr, la), (orr, oa) = th["late"], th["overrun"]
    if (lr, la) == (orr, oa):
        return (f"Status: red when the chance of being late or over budget is {percent(lr)} or more, amber from "
                f"{percent(la)}")
    return (f"Status: red when the chance of being late is {percent(lr)} or more or of going over budget "
            f"{percent(orr)} or more; amber from {percent(la)} and {percent(oa)}")


# --- Assumptions ------------------------------------------------------------------------------
def _assumption_rows(ctx, sheet: Sheet) -> None:
    opts = options_of(ctx)
    rows = [(f"status red when the {label(RAG_COLUMNS[k]).lower()} >= (amber from)",
             f"{percent(v[0])} ({percent(v[1])})") for k, v in opts["rag"].items()]
    rows.append(("people shown (--people-detail)", opts["people_detail"]))
    if opts["history"] is not None:
        rows.append(("forecast history file", str(opts["history"].path)))
        if ctx.notes.get("history"):
            rows.append(("check: forecast history", ctx.notes["history"]))
    if "cost_rates" in ctx.forecasts:
        rows.append((f"cost: {COST_RULE}", COST_COLUMN))
        rows += [("cost fallback", f) for f in ctx.forecasts["cost_rates"].attrs.get("fallbacks", [])]
        rows.append(("cost: currency", pack_currency(ctx)[1]))
    if opts["by"] and "overrun" not in ctx.forecasts:
        # estimates with too little finished history to fit the accuracy model are not "no estimates"
        tasks = ctx.tables["tasks"]
        n = int(S.finished_with_actuals(tasks).sum())
        named = estimates_named(ctx.points)
        estimated = S.ESTIMATE in tasks and (pd.to_numeric(tasks[S.ESTIMATE], errors="coerce") > 0).any()
        why = (f"only {counted(n, 'finished task')} with an estimate and an actual, too few for the "
               "accuracy model: see 'fallback: forecast method'" if n and "model" in ctx.notes else
               f"{named}, but no finished task with time logged, which the accuracy model learns from: see "
               "'fallback: forecast method'" if estimated else f"no {named}")
        rows.append(("roll-ups: not shown", f"no page by {', '.join(opts['by'])}: a roll-up adds up the projects' "
                     f"effort in each simulated future, and this export has no effort forecast ({why})"))
    for (kind, text), pages in ctx.level_notes.items():  # what only the level pages say, once
        rows.append((f"roll-ups: {kind} ({', '.join(pages)})", text))
    if "trends" in ctx.notes:
        rows.append(("KPI trends", ctx.notes["trends"]))
    elif "trends" in ctx.forecasts:
        # the trends' warnings are measures left out and notes on the data (a pool taken from the log): one label;
        # a pool that is the log's handlers in every period is the fit's, said in the PM-pool check already
        tr = ctx.forecasts["trends"]
        queue = ctx.forecasts.get("queue")  # None without a request log
        said = queue is not None and queue.handlers_note and len(tr.handlers_periods_) == len(tr.table)
        rows += [("KPI trends: note", w) for w in tr.warnings_ if not (said and w == tr.handlers_note_)]
    sheet.blocks.append(Block("committee-settings", "Committee pack settings",
                              pd.DataFrame(rows, columns=["setting", "value"])))


# --- forecast history -----------------------------------------------------------------------
def record_history(ctx) -> None:
    """Record this run in the committee's history file, when the pack has one (:func:`.changes_sheet.record_run`)."""
    record_run(ctx, options_of(ctx)["history"])


# --- summary.html ----------------------------------------------------------------------------
#: Headline rows left off the one-page summary (the key messages say them, or they are detail);
#: the workbook's Summary keeps every row.
PAGE_SKIPS = ("Open and in-progress tasks", "Remaining estimate, as planned", "Projects with P(",
              "Hands-on time per request", "Finished tasks: share over estimate",
              PACED_OVER_CAPACITY,  # the Capacity sheet says what it means; the page is full
              # the page's note starts with the date; its throughput chart and the key message on effort name the
              # projects without estimates: the page sat 1 px within its A4 sheet, a longer label away from two
              "Forecast date", "Projects forecast from throughput")


def page_kpis(block: Block) -> tuple:
    """The headline table for summary.html: (title, table, formats) without :data:`PAGE_SKIPS` rows."""
    df = block.df
    keep = ~df["measure"].astype(str).str.startswith(PAGE_SKIPS).to_numpy() if "measure" in df else \
        np.ones(len(df), bool)
    formats = {k: ([x for x, k2 in zip(v, keep, strict=True) if k2] if isinstance(v, list) else v)
               for k, v in block.formats.items()}
    return block.title, df[keep].reset_index(drop=True), formats


# --- summary.html figures ------------------------------------------------------------------------
def committee_figures(ctx, projects: pd.DataFrame) -> list:
    """The page's charts: effort and finish dates per project, and utilisation as far as people are shown
    (the heatmap of the Capacity sheet, by team or, with people_detail="named", by person without leavers)."""
    from matplotlib.figure import Figure

    from .charts import effort_chart, finish_chart

    figs = []
    n = len(projects)
    if has_values(projects, "effort_p80_hours"):
        fig = Figure(figsize=(7, 0.26 * n + 1.5))
        shown = projects[projects["effort_p80_hours"].notna()]
        effort_chart(shown, ax=fig.subplots())
        budget = ", budget" if has_values(shown, S.BUDGET) else ""
        figs.append((f"Effort at completion per open project (hours): spent, 50% to 90% sure, 80% sure{budget}",
                     fig))
    if has_values(projects, "finish_p80"):
        fig = Figure(figsize=(7, 0.26 * n + 1.5))
        shown = projects[projects["finish_p80"].notna()]
        finish_chart(shown, as_of=ctx.as_of, ax=fig.subplots())
        due = ", 80% sure and the due date" if has_values(shown, S.DUE) else " and 80% sure"
        figs.append((f"Finish date per open project: 50% to 90% sure{due}", fig))
    detail = options_of(ctx)["people_detail"]
    slug = {"named": "utilisation-heatmap", "team": "utilisation-heatmap-team"}.get(detail)
    heat = next((b for s in ctx.sheets for b in s.blocks if b.slug == slug), None)
    if heat is not None and len(heat.df.columns) and len(heat.df):
        wide = heat.df.copy()
        wide.columns = pd.to_datetime(wide.columns)
        people = ctx.tables.get("people")
        if detail == "named" and people is not None and S.END in people:  # people who have left: dropped
            end = people.drop_duplicates(S.PERSON).set_index(S.PERSON)[S.END]
            gone = end.reindex(wide.index.astype(str))
            wide = wide[~(gone < wide.columns.min()).to_numpy()]
        fig = Figure(figsize=(7, min(0.16 * len(wide), 3.4) + 1.6))  # fits the page's row of charts
        from ..core.heatmap import utilisation_heatmap

        ax = utilisation_heatmap(wide, as_of=ctx.as_of, ax=fig.subplots())
        ax.tick_params(labelsize=6 if len(wide) > 20 else 7)
        who = "person" if detail == "named" else "team"
        figs.append((f"Utilisation per {who} and week (demand / capacity; red above {S.FULL_UTILISATION:.0%}, "
                     "dashed line: forecast date)", fig))
    return figs
