"""The committee's pages of the planning pack: Trends, What changed, roll-ups, RAG and key messages.

:func:`pmo_forecast.export_planning_pack` lays out the forecasts; this module adds
what a steering committee reads (plain headers, red/amber/green, key messages, the
plan-to-forecast bridge, people shown only as far as asked) and the PMO's own pages
(KPI trends, what changed since the last pack: :mod:`.changes_sheet`, roll-ups by PMO
level: :mod:`.level_sheets`). It only reads the pack's context (``ctx``: tables,
forecasts, as-of date) and returns sheets; the export writes them.
"""

from __future__ import annotations

import re
import warnings

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.exceptions import DataQualityWarning, SmallSampleWarning
from ..core.labels import UNKNOWN_CURRENCY, agree, counted, estimates_named
from ..core.results import percent
from ..core.workbook import Block, Sheet
from .changes_sheet import changes_sheet, record_run
from .level_sheets import level_pages, level_sheet
from .project_forecasts import has_values
from .trends import RECENT_MONTHS
from .trends_sheet import trends_sheet

PEOPLE_DETAIL = ("none", "team", "named")
#: Said once of the costs when their currency is unknown (the Summary's note, summary.html's small print): beside
#: each row its long words wrapped the one-page summary past its A4 page.
UNKNOWN_CURRENCY_NOTE = f"Costs are in the {UNKNOWN_CURRENCY}, unnamed (Assumptions: 'cost: currency')."
#: Blocks naming individuals: dropped unless people_detail="named" (team tables replace them).
PERSON_BLOCKS = ("accuracy-assignee", "utilisation-heatmap", "workload")
#: Blocks about teams or named PMs: dropped too when people_detail="none".
TEAM_BLOCKS = ("accuracy-team", "pm-load", "utilisation-heatmap-team", "workload-team")


# --- options -----------------------------------------------------------------------------
def committee_options(*, history=None, rag=None, people_detail="team", by=None, currency=None) -> dict:
    """Check the committee options before any work; returns them resolved (``currency``: read as
    :func:`currency_option` reads it, and ``currency_read`` saying a sign read as its code)."""
    from .committee import DEFAULT_RAG, parse_rag

    if people_detail not in PEOPLE_DETAIL:
        raise ValueError(f"people_detail must be one of {', '.join(PEOPLE_DETAIL)}, got {people_detail!r}")
    if rag is None:
        thresholds = dict(DEFAULT_RAG)
    elif isinstance(rag, dict):
        thresholds = parse_rag([f"{k}={v[0]},{v[1]}" for k, v in rag.items()])
    else:
        thresholds = parse_rag([rag] if isinstance(rag, str) else list(rag))
    levels = [by] if isinstance(by, str) else list(by or [])
    hist = None
    if history is not None and history is not False:
        from .history import ForecastHistory

        hist = ForecastHistory(history)
    read = None
    if currency is not None:
        currency, read = currency_option(currency)
    return {"history": hist, "rag": thresholds, "people_detail": people_detail, "by": levels,
            "currency": currency, "currency_read": read}


def currency_option(currency) -> tuple[str, str | None]:
    """The ``currency`` option read as the people loader reads a cost cell's currency: its ISO code, and what
    to say when a sign or word was read as one (``"¥ read as JPY (...)"``; None for ``eur``, ``EUR``).

    Parameters
    ----------
    currency : str
        A code, sign or word of :data:`~pmo_forecast.inputs.currency.CURRENCIES` (``EUR``, ``€``, ``A$``,
        ``euro``), or another ISO 4217 code in capitals (``MNT``, ``STD``), taken as given; not three capitals
        that name no currency (:data:`~pmo_forecast.inputs.currency.NOT_CODES`: ``FTE``, ``MDS``) nor a rate's words
        (``HRS``, ``DAY``, ``PER``): what a header reads as a code the tool has no sign for, and nothing else
        (:func:`~pmo_forecast.inputs.currency.unlisted_code`,
        :data:`~pmo_forecast.inputs.currency.HOUR_CODES`).

    Returns
    -------
    tuple of (str, str or None)
        The ISO code, and the note for the Assumptions sheet.

    Raises
    ------
    ValueError
        For a sign several currencies write (``kr``: SEK, NOK, DKK or ISK, not guessed), for capitals that name
        no currency (``FTE``) or are a rate's words (``HRS``), and for text that is none of those, naming what is
        read.
    """
    from ..inputs.currency import CURRENCIES, HOUR_CODES, NOT_CODES, SHARED_SIGNS, unlisted_code

    if not isinstance(currency, str) or not currency.strip():
        raise ValueError(f"currency must be the costs' currency as text ('EUR', '€'), got {currency!r}")
    given = currency.strip()
    code = CURRENCIES.get(given.lower())
    shared = SHARED_SIGNS.get(given.lower(), ())
    if code is None and shared:  # 'kr': a krona is not a krone
        *some, last = shared
        raise ValueError(f"currency={given!r} is the sign of {', '.join(some)} and {last}; give the code, e.g. "
                         f"currency='{shared[0]}' (command line: --currency {shared[0]})")
    # an ISO 4217 code the loader does not list (MNT, STD); not capitals a header reads as none (FTE, MDS, HRS)
    if code is None and (unlisted_code(given) or given in HOUR_CODES):
        return given, None
    if code is None:
        codes = sorted(set(CURRENCIES.values()))
        signs = [k.upper() if "$" in k else k for k in CURRENCIES if k.upper() not in codes]
        why = (f"is not a currency: {given} is among the capitals that name none ({', '.join(NOT_CODES)})"
               if given in NOT_CODES else
               f"is not a currency: in a header, {given} is read as a rate's word (hours, a day, per), never as a "
               "currency" if re.fullmatch(r"[A-Z]{3}", given) else
               "is not a currency the pack reads")
        raise ValueError(f"currency={given!r} {why}; give an ISO 4217 code in capitals "
                         f"({', '.join(codes)}, or another such as MNT), or a sign or word it reads, in any case "
                         f"({', '.join(signs)})")
    if given.upper() == code:
        return code, None
    others = [c for c in shared if c != code]  # '¥': JPY, though CNY writes it too
    too = f" ({given} is {' and '.join(others)}'s sign too: give currency='{others[0]}' if the costs are in " \
          f"{others[0]})" if others else ""
    return code, f"{given} read as {code}{too}"


def resolve_levels(ctx) -> None:
    """The roll-up columns (``by``) as the projects table names them, checked before any work.

    ``Business Unit`` finds ``business_unit`` (the loader's name for that header), and a column named
    twice has one page; a column that is not there is an error naming the columns that are.
    """
    from ..inputs.parsing import closest_names

    opts = _opts(ctx)
    projects = ctx.tables.get("projects")
    resolved = []
    for level in opts["by"]:
        if level == S.PROJECT_ID:
            raise ValueError(f"by={level!r}: projects are the rows of the Projects sheet already; roll them up by "
                             "a column that groups them (portfolio, business_unit, department)")
        cols = [] if projects is None else [str(c) for c in projects.columns]
        key = "_".join(level.strip().lower().replace("-", " ").split())
        found = level if level in cols else next((c for c in cols if c.lower() == key), None)
        if found is None:
            near = ", ".join(closest_names(level, cols)) or "none"
            raise ValueError(f"by={level!r}: the projects table has no such column (closest: {near}); "
                             "add it to roll projects up by it" if projects is not None else
                             f"by={level!r}: there is no projects table (--projects) to roll projects up with")
        if found in S.PROJECTS.names and S.PROJECTS[found].kind in ("float", "datetime"):
            raise ValueError(f"by={level!r}: the projects table's {S.PROJECTS[found].kind.replace('float', 'number')} "
                             f"column {found}, which the pack reads as one, not a group; roll projects up by a "
                             "column that groups them (portfolio, business_unit, department, or one of your own)")
        resolved.append(found)
    opts["by"] = list(dict.fromkeys(resolved))  # a column named twice (business_unit, Business Unit): one page
    if projects is not None:  # a level of one's own (region) as the loader reads the PMO's: 'North ' is 'north'
        from ..inputs.companions import unify_levels

        # not a column the pack reads for itself (budget_hours, due, manager): re-spelt as text in place, it
        # had stopped the run (a budget read as text) or renamed the managers the PM-load table shows
        own = [c for c in opts["by"] if c not in S.LEVELS and c not in S.PROJECTS.names]
        unify_levels(projects, projects.attrs.setdefault("detected", {}), own)
    if hasattr(ctx, "committee"):
        ctx.committee = opts


def _opts(ctx) -> dict:
    return getattr(ctx, "committee", None) or committee_options()


def pack_currency(ctx) -> tuple[str, str]:
    """The unit shown beside the pack's money figures and how it was found (the Assumptions row): the
    ``currency`` option, else the people table's cost header's (``Cost per hour (€)``) or cells' (``€95``), else
    :data:`~pmo_forecast.core.labels.UNKNOWN_CURRENCY`, with how to give it (and why, for a sign several
    currencies write, ``kr``, or one the tool has no code for, ``₹``; the header naming none, ``Hourly rate``)."""
    given = _opts(ctx).get("currency")
    people = ctx.tables.get("people")
    attrs = people.attrs if people is not None else {}
    found = attrs.get("detected", {}).get("currency")
    header = attrs.get("_headers", {}).get(S.COST_PER_HOUR)
    headed = f"the people table's header '{header}'"
    source = attrs.get("detected", {}).get("currency_from")  # the cells', or a header's with '¥' read as JPY
    if given is not None:
        # the cells' currency said as theirs: it had been "the people table's header 'None' says EUR"
        over = "" if not found or found == given else f"; {found} from {source}, not used" if source else \
            f"; {headed} says {found}, not used"
        read = _opts(ctx).get("currency_read")  # '¥' given: read as JPY, said
        return given, f"{given}: given (currency option, --currency){f'; {read}' if read else ''}{over}"
    if found is not None:
        return found, f"{found}: from {source or headed}"
    if (shared := attrs.get("detected", {}).get("currency_unnamed")) is not None:  # 'kr': which one is not guessed
        how = "Head the column with its code ('Rate (SEK)') or give currency='SEK' (command line: --currency SEK)" \
            if shared.startswith("kr,") else ("Head the column with its ISO code (e.g. 'Rate (INR/h)') or give it "
                                              "(e.g. currency='INR'; command line: --currency INR)")  # 'rs': four rupees; '₿': no code
        return UNKNOWN_CURRENCY, (f"not given: money figures are in the people table's cost_per_hour currency, "
                                  f"unnamed: {shared}. {how}")
    # its header named ('Hourly rate'), as the column to head: it had been the generic ask
    own = header is not None and header != S.COST_PER_HOUR
    named, example = (f" (its header '{header}' names none)", f"'{header} (EUR)'") if own else \
        ("", "'Cost per hour (EUR)', 'Rate €/h'")
    return UNKNOWN_CURRENCY, (f"not given: money figures are in the people table's cost_per_hour currency, "
                              f"unnamed{named}. Head the column with it ({example}) or give currency='EUR' (command "
                              "line: --currency EUR)")


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
    if _opts(ctx)["people_detail"] != "named" and "people" in t:
        from ..forecasting.workload import PLAN_HOURS, workload

        with warnings.catch_warnings():  # the named workload view already reported these
            warnings.simplefilter("ignore", SmallSampleWarning)
            warnings.simplefilter("ignore", DataQualityWarning)
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
    rag = rag_status(out, _opts(ctx)["rag"])
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
    opts = _opts(ctx)
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
    _people_detail(ctx, sheets)
    if "Assumptions" in by_name:
        _assumption_rows(ctx, by_name["Assumptions"])
    if "Scenarios" in by_name and "cost_rates" in ctx.forecasts:
        block = hire_costs(getattr(ctx, "scenarios", []), ctx.tables["people"], ctx.as_of)
        if block is not None:
            by_name["Scenarios"].blocks.append(block)
        if ctx.forecasts.get("scenarios") and "overrun" in ctx.forecasts:
            by_name["Scenarios"].blocks.append(scenario_costs(ctx, None if block is None else block.df))
    if "cost_rates" in ctx.forecasts:  # every money header says its unit
        for sheet in sheets:
            sheet.currency = pack_currency(ctx)[0]
    return sheets


def scenario_costs(ctx, hires: pd.DataFrame | None) -> Block:
    """Per scenario: cost at completion of its open projects (P50/P80/P90), its hires' cost, and the two together.

    Each scenario's simulated effort (its own engine run, common random numbers) is costed as
    the projects are (:func:`pmo_forecast.rollup.effort_cost`: spent cost plus hours to come at
    the open work's rate); projects a scenario puts on hold add no cost, nor do those without an
    effort forecast (no hour estimates: their plan's hours are a guess), as on the Summary.
    """
    from .rollup import cost_rates, effort_cost

    hire_cost = hires.groupby("scenario")["cost_first_year"].sum() if hires is not None else pd.Series(dtype=float)
    rows = []
    for r in ctx.forecasts["scenarios"]:
        # at the scenario's own tables' rates: a project it adds (its template's team) had no rate, and cost NaN
        rates = cost_rates(r.applied.tasks, r.applied.people)
        ids = pd.Index(r.forecast.project_ids)
        costed = ~ids.astype(str).isin(list(r.without_estimates))
        total = effort_cost(r.effort_samples[:, costed], ids[costed], rates,
                            pd.Series(r.forecast.spent, index=ids)).sum(axis=1)
        q = np.quantile(total, (0.5, 0.8, 0.9))
        h = float(hire_cost.get(r.scenario.name, 0.0))
        rows.append({"scenario": r.scenario.name, "cost_at_completion_p50": q[0], "cost_at_completion_p80": q[1],
                     "cost_at_completion_p90": q[2], "hires_cost_first_year": h,
                     "cost_with_hires_p80": q[1] + h})
    table = pd.DataFrame(rows)
    table["change_cost_with_hires_p80"] = table["cost_with_hires_p80"] - table["cost_with_hires_p80"].iloc[0]
    return Block("scenario-costs", "Cost per scenario: the open projects at completion, and the hires",
                 table, formats=dict.fromkeys(table.columns.drop("scenario"), "int"),
                 note=f"Cost at completion: hours spent at the rate of whoever booked them plus each scenario's "
                      f"simulated hours to come at the open work's rate (people table cost_per_hour); the hires: "
                      f"contracted hours over the {HIRE_COST_WEEKS} weeks after the forecast date (a fixed-term "
                      f"hire's through their end). Change: "
                      "against the baseline (first row).")


#: The horizon over which a hire's cost is shown, in weeks (a year).
HIRE_COST_WEEKS = 52


def hire_costs(scenarios, people: pd.DataFrame, as_of) -> Block | None:
    """The cost of each scenario's hires over the year after the forecast date.

    A hire costs ``hours_per_week`` (contracted hours, whatever their availability for
    project work) x the median ``cost_per_hour`` of their role in the people table (the
    organisation's median when the role has none), for the weeks of that year from their start
    through their ``end`` (a fixed-term hire's last working day).
    """
    rate = people.drop_duplicates(S.PERSON).set_index(S.PERSON)[S.COST_PER_HOUR].astype(float)
    by_role = rate.groupby(people.drop_duplicates(S.PERSON).set_index(S.PERSON)[S.ROLE]).median() \
        if S.ROLE in people else pd.Series(dtype=float)
    end = pd.Timestamp(as_of) + pd.Timedelta(weeks=HIRE_COST_WEEKS)
    rows = []
    for sc in scenarios:
        for h in getattr(sc, "hires", ()):
            r = by_role.get(h.role, np.nan) if h.role is not None else np.nan
            r = float(rate.median()) if pd.isna(r) else float(r)
            # a fixed-term hire is paid through their end, their last working day (costed for the whole year)
            last = getattr(h, "end", None)
            until = end if last is None else min(end, pd.Timestamp(last) + pd.Timedelta(days=1))
            weeks = max(0.0, (until - max(pd.Timestamp(h.start), pd.Timestamp(as_of))).days / 7)
            rows.append({"scenario": sc.name, "hire": h.person, "role": h.role, "start": pd.Timestamp(h.start),
                         "end": pd.NaT if last is None else pd.Timestamp(last),
                         "hours_per_week": h.hours_per_week, "cost_per_hour": r,
                         "cost_first_year": weeks * h.hours_per_week * r})
    if not rows:
        return None
    table = pd.DataFrame(rows)
    return Block("scenario-hire-costs", f"Cost of the hires in the {HIRE_COST_WEEKS} weeks after the forecast date",
                 table, formats={"hours_per_week": "int", "cost_per_hour": "num", "cost_first_year": "int"},
                 note="Contracted hours x the median cost_per_hour of the hire's role in the people table, "
                      "from the start through the end (a fixed-term hire's last working day).")


# --- Summary: key messages and the bridge ------------------------------------------------------
def messages(ctx, projects: pd.DataFrame) -> list[str]:
    """The key messages of this pack (cached on ``ctx``)."""
    if getattr(ctx, "messages", None) is None:
        from .committee import key_messages

        changes = getattr(ctx, "changes", None)
        prev = getattr(ctx, "previous_as_of", None)
        ctx.messages = key_messages(projects, thresholds=_opts(ctx)["rag"], overrun=ctx.forecasts.get("overrun"),
                                    queue=ctx.forecasts.get("queue"), trends=ctx.forecasts.get("trends"),
                                    changes=changes if prev is not None else None, last_as_of=prev,
                                    validation=getattr(ctx, "validation", None),
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
            rows += [(f"Cost at completion, {q}% sure, {scope or 'all open projects'}{suffix}", v, "int")
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
            note="How the plan (spent + remaining estimate) becomes the forecast: each step is a mean, so they "
                 "add up. The portfolio needs less than the sum of the projects' 80%-sure figures."))
    summary.charts = [(c[0], c[1], {**(c[2] if len(c) > 2 else {}), "beside": "summary"}) for c in summary.charts]
    summary.note = f"{summary.note} {_rag_words(_opts(ctx)['rag'])}; {red} red."


def _story_rows(ctx) -> list[tuple]:
    """Headline rows that put the median task next to the projects: the same story in numbers.

    Typical overrun: the geometric mean of actual / estimate, minus 1 (exp of the mean log ratio).
    """
    tr = ctx.forecasts.get("trends")
    if tr is None or tr.summary().empty:
        return []
    r = tr.recent()
    rows = []
    if r["tasks"] and not ctx.points:  # story points: hours per point, on the headline, not an overrun
        # counted: the tasks with an estimate and an actual (the label said all finished tasks)
        rows.append((f"Typical task overrun {r['label']} ({r['tasks']:,} finished with estimate and actual)",
                     r["typical_overrun"], "pct"))
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


# --- people detail ---------------------------------------------------------------------------
def _people_detail(ctx, sheets: list[Sheet]) -> None:
    detail = _opts(ctx)["people_detail"]
    if detail == "named":
        return
    team = ctx.forecasts.get("workload_team")
    for sheet in sheets:
        kept = []
        for b in sheet.blocks:
            if b.slug in PERSON_BLOCKS:
                if detail == "team" and team is not None and b.slug in ("utilisation-heatmap", "workload"):
                    kept.append(_team_block(ctx, b, team))
                continue
            if detail == "none" and b.slug in TEAM_BLOCKS:
                continue
            kept.append(b)
        sheet.blocks = kept
        if sheet.name == "Accuracy":
            sheet.note += (" People are not named in this pack (--people-detail named shows them)." if detail ==
                           "team" else " People and teams are not shown (--people-detail none).")


def blank_without_capacity(table: pd.DataFrame, who: str) -> tuple[pd.DataFrame, str]:
    """Utilisation of work planned without capacity (infinite: it showed as the text "inf") blank, overall and
    in the busiest week, with the note naming the ``who`` (rows of ``table``) that have it."""
    peak = np.isinf(table[S.PEAK_UTILISATION].to_numpy(dtype=float))
    if not peak.any():
        return table, ""
    never = np.isinf(table[S.UTILISATION].to_numpy(dtype=float))  # no capacity in any week ahead
    n = int(peak.sum())
    one = {"people": "person", "teams": "team"}.get(who, who)
    named = ", ".join(f"{k}{' (no capacity in any week ahead: utilisation blank too)' if a else ''}"
                      for k, a in zip(table.index[peak].astype(str), never[peak], strict=True))
    note = (f" Work without capacity: {named}. {counted(n, one, who)} {agree(n, 'has', 'have')} work in weeks "
            f"without capacity (0 hours a week or availability 0, or before a start or after an end date): "
            f"{agree(n, 'its', 'their')} "
            "busiest week is blank; reassign the work or correct the people table.")
    return table.assign(**{S.UTILISATION: table[S.UTILISATION].mask(never),
                           S.PEAK_UTILISATION: table[S.PEAK_UTILISATION].mask(peak)}), note


def _team_block(ctx, block: Block, team) -> Block:
    if block.slug == "workload":  # the per-person block's note holds for the teams' sums too
        table, blank = blank_without_capacity(team.summary(future_only=True).rename_axis("team"), "teams")
        if "workload" in ctx.forecasts:  # a team's sum can hide the one person the plan overloads: counted, not named
            over = ctx.forecasts["workload"].over_capacity(ctx.tables["people"])
            role = ctx.tables["people"].drop_duplicates(S.PERSON).set_index(S.PERSON)[S.ROLE]
            table["people_over_capacity"] = over.groupby(role.reindex(over.index)).sum().reindex(
                table.index).fillna(0).astype(int)
        return Block("workload-team", "Per team (role), from the forecast date on", table,
                     note=(ctx.capacity_note + blank).strip())
    wide = team.wide(S.UTILISATION)
    wide.columns = [f"{c:%Y-%m-%d}" for c in wide.columns]
    wide = wide[[c for c in block.df.columns if c in wide.columns]]  # the person heatmap's weeks
    heat = wide.mask(np.isinf(wide.to_numpy(dtype=float)))
    heat.index.name = "team"
    # the person heatmap's weeks, so its title (which says them)
    return Block("utilisation-heatmap-team", block.title.replace("Person by week", "Team by week", 1), heat,
                 formats=dict.fromkeys(heat.columns, "pct"), heatmap=True, data_columns=tuple(heat.columns))


# --- Assumptions ------------------------------------------------------------------------------
def _assumption_rows(ctx, sheet: Sheet) -> None:
    opts = _opts(ctx)
    rows = [(f"status red when chance {k} >= (amber from)", f"{percent(v[0])} ({percent(v[1])})")
            for k, v in opts["rag"].items()]
    rows.append(("people shown (--people-detail)", opts["people_detail"]))
    if opts["history"] is not None:
        rows.append(("forecast history file", str(opts["history"].path)))
        if ctx.notes.get("history"):
            rows.append(("check: forecast history", ctx.notes["history"]))
    if "cost_rates" in ctx.forecasts:
        rows.append(("cost: spent hours at the booker's cost_per_hour, remaining hours at the open work's "
                     "estimate-weighted rate", "people table"))
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
        said = getattr(ctx.forecasts.get("queue"), "handlers_note", "") and len(tr.handlers_periods_) == len(tr.table)
        rows += [("KPI trends: note", w) for w in tr.warnings_ if not (said and w == tr.handlers_note_)]
    sheet.blocks.append(Block("committee-settings", "Committee pack settings",
                              pd.DataFrame(rows, columns=["setting", "value"])))


# --- forecast history -----------------------------------------------------------------------
def record_history(ctx) -> None:
    """Record this run in the committee's history file, when the pack has one (:func:`.changes_sheet.record_run`)."""
    record_run(ctx, _opts(ctx)["history"])


# --- summary.html ----------------------------------------------------------------------------
#: Headline rows left off the one-page summary (the key messages say them, or they are detail);
#: the workbook's Summary keeps every row.
PAGE_SKIPS = ("Open and in-progress tasks", "Remaining estimate, as planned", "Projects with P(",
              "Hands-on time per request", "Finished tasks: share over estimate",
              "People the finish dates plan above")  # the Capacity sheet says what it means; the page is full


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
    detail = _opts(ctx)["people_detail"]
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
        from .charts import utilisation_heatmap

        ax = utilisation_heatmap(wide, as_of=ctx.as_of, ax=fig.subplots())
        ax.tick_params(labelsize=6 if len(wide) > 20 else 7)
        who = "person" if detail == "named" else "team"
        figs.append((f"Utilisation per {who} and week (demand / capacity; red above 100%, dashed line: forecast "
                     "date)", fig))
    return figs
