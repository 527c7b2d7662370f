"""The planning pack's roll-up pages by PMO level (portfolio, business unit, department, or a level of one's own).

Per level: effort (and cost) at completion and finish dates by group from summed trials, the groups' RAG counts,
their open projects, and delivery per year by group (:func:`level_sheet`); the sheets' names and their tables'
keys (:func:`level_pages`). What a page alone says is kept on the context for the Assumptions sheet
(``ctx.level_notes``). :func:`~.committee_pack.committee_sheets` adds the pages to the pack.
"""

from __future__ import annotations

import pandas as pd

from ..core import schema as S
from ..core.keys import person_key, spelt_alike_note
from ..core.labels import BIAS_DEFINED, HOURS_PER_POINT, estimates_named, id_list, is_money
from ..core.workbook import MONEY, Block, Sheet, file_slug, sheet_name

LEVEL_SHEET_NAMES = {"portfolio": "By portfolio", "business_unit": "By business unit", "department": "By department"}


def level_pages(levels, taken=()) -> list[tuple[str, str]]:
    """Per roll-up level: its sheet's name and the key naming its tables (CSV files ``rollup-<key>``, ...),
    valid (a column may be named ``Cost centre [BU]`` or ``Region/Area``) and unique in the pack, unlike
    the sheets ``taken`` (two long column names can share the sheet name's first 31 characters).
    """
    names, keys = list(taken), []
    first = len(names)
    for level in levels:
        names.append(sheet_name(LEVEL_SHEET_NAMES.get(level, f"By {level.replace('_', ' ')}"), names))
        keys.append(file_slug(level, keys))
    return list(zip(names[first:], keys, strict=True))


def level_sheet(ctx, projects: pd.DataFrame, level: str, *, name: str | None = None, key: str | None = None) -> Sheet:
    """One level's page: effort (and cost) at completion by group from summed trials, RAG counts, projects.

    ``name`` and ``key``: the sheet's name and its tables' key (default: the level's own, :func:`level_pages`).
    """
    from .rollup import rollup

    if name is None or key is None:
        name, key = level_pages([level])[0]

    finish = ctx.forecasts.get("finish")
    r = rollup(ctx.forecasts["overrun"], ctx.tables["projects"], level, cost=ctx.forecasts.get("cost"),
               finish=finish)
    table = r.summary()
    # the groups as the roll-up has them: the project table carries the PMO's three levels only, and a
    # level of one's own (region) had every project counted in "(none)", its groups showing no status
    given = ctx.tables["projects"].drop_duplicates(S.PROJECT_ID).set_index(S.PROJECT_ID)[level]
    projects = projects.assign(**{level: given.reindex(projects["project_id"]).to_numpy()})
    if "rag" in projects:
        labels = S.group_labels(projects[level], level)
        # a group whose open projects all lack an effort forecast (no hour estimates) is a row too: its status
        # counts had been dropped while the organisation's row counted them
        only = sorted(set(labels) - set(table.index))
        if only:
            every = table.loc[[S.ALL_GROUPS]]
            table = pd.concat([table.drop(index=S.ALL_GROUPS), pd.DataFrame(index=pd.Index(only))]).sort_index()
            table = pd.concat([table, every]).rename_axis(level)
            table["projects"] = table["projects"].fillna(0).astype(int)
        g = projects.assign(_g=labels.to_numpy()).groupby("_g")["rag"]
        grey = ("grey",) if (projects["rag"] == "grey").any() else ()  # not assessed: said only when there are some
        for colour in ("red", "amber", "green") + grey:
            counts = g.apply(lambda s, c=colour: int((s == c).sum()))
            table[f"{colour}_projects"] = counts.reindex(table.index).fillna(0).astype(int)
            table.loc[S.ALL_GROUPS, f"{colour}_projects"] = int((projects["rag"] == colour).sum())
    keep = [c for c in dict.fromkeys(("project_id", "name", "rag", level, "due", "finish_p80", "prob_late",
                                      "budget_hours", "effort_p80_hours", "prob_overrun", "cost_p80")) if c in projects]
    from .committee import finish_as_shown

    shown = finish_as_shown(projects)[keep]
    if level in shown:  # named as the roll-up beside it names the group: "(none)", not a blank sorted last
        shown = shown.assign(**{level: S.group_labels(shown[level], level).to_numpy()})
    listing = (shown.sort_values([level, "project_id"]) if level in projects else shown).set_index(
        "project_id")  # its id first, as on the Projects sheet (not a stray row number)
    fmt = {c: "int" for c in ("projects", "red_projects", "amber_projects", "green_projects", "grey_projects")}
    fmt.update({c: MONEY for c in table.columns if is_money(c)})
    note = ("Summed trials: a group's 80%-sure figure is the 80th percentile of its projects' totals added up in "
            "each simulated future, not the sum of their 80% figures (shown for comparison)."
            + (" A group's finish date is when its last project finishes, in each simulated future (so often later "
               "than any one project's own date), and its chance of being late the share of futures in which any of "
               "its projects misses its due date." if finish is not None else "") + " Last row: the whole organisation."
            + _left_out_note(ctx) + (f" {r.note}" if r.note else "") + _spelt_alike(table.index, level))
    # the page's own caveats reach Assumptions too (its projects without an effort forecast are there already)
    for caveat in (r.note, spelt_alike_note(table.index, level)):
        _for_assumptions(ctx, name, "note", caveat)
    years, missing = _level_trends(ctx, level, key, page=name, said=note, groups=table.index)
    return Sheet(name, f"Open projects by {level.replace('_', ' ')}",
                 [Block(f"rollup-{key}", f"Effort{' and cost' if 'cost' in ctx.forecasts else ''}"
                        f" at completion{' and finish dates' if finish is not None else ''} by "
                        f"{level.replace('_', ' ')}", table, formats=fmt, note=note),
                  Block(f"projects-{key}", "The open projects", listing)] + years,
                 note=f"{missing}." if missing else "", labels=True)


def _for_assumptions(ctx, page: str, kind: str, text: str) -> None:
    """Keep a level page's ``text`` (a table it leaves out, a note) for the Assumptions sheet, which says each
    text once with the pages giving it; "" is nothing to say."""
    if not text:
        return
    ctx.level_notes.setdefault((kind, text), []).append(page)


def _left_out_note(ctx) -> str:
    """The roll-up's word on the projects without an effort forecast, or "" when there are none."""
    out = ctx.forecasts["overrun"].without_estimates[S.PROJECT_ID].astype(str).tolist()
    if not out:
        return ""
    return (f" Not in any group's projects, effort, cost or finish dates: {id_list(out)} (no {estimates_named(ctx.points)}, forecast from throughput on "
            "the Projects sheet); the status counts include them.")


def _spelt_alike(groups, level: str) -> str:
    """The roll-up's word on groups spelt alike (:func:`~pmo_forecast.core.keys.spelt_alike_note`) as a
    sentence of its note, or "" when there are none."""
    said = spelt_alike_note(groups, level)
    return f" {said}." if said else ""


def _level_trends(ctx, level: str, key: str, page: str, said: str = "", groups=()) -> tuple[list[Block], str]:
    """Delivery per year and group: on time, on budget, estimate bias, hours finished; under it, the notes of its
    trends that neither the pack's main trends (Trends sheet, Assumptions) nor the page's ``said`` already say
    (of its groups spelt alike, those the roll-up's ``groups`` do not already show alike), kept for Assumptions
    too as the notes of the ``page``. Returns the table's block (none when the trends cannot be computed) and
    why there is none ("" when there is), kept for Assumptions as well."""
    from .trends import MEASURES, NO_REQUESTS_WARNING, kpi_trends

    # the level is the projects table's, as the roll-up beside it: a task column of that name (an assignee's
    # own department) would group the years differently and count a project under each of its tasks' values.
    # So the project's goes by another name, the tasks' column kept: dropped, a level named status had taken
    # the tasks' own status with it, and the table was left out unsaid
    tasks, projects, by = ctx.tables["tasks"], ctx.tables["projects"], level
    if level in tasks:
        by = f"{level} of the project"
        projects = projects.assign(**{by: projects[level]})
    try:
        tr = kpi_trends(tasks, projects, freq="YS", by=by, as_of=ctx.as_of, calendar=ctx.calendar)
    except ValueError as e:  # said on the page and in Assumptions, as a roll-up not shown is
        missing = f"No delivery per year by {level.replace('_', ' ')}: {e}"
        _for_assumptions(ctx, page, "not shown", missing)
        return [], missing
    # story points: hours per point in place of the task bias (kpi_trends leaves the bias out)
    cols = ["period", level, "projects_completed", "on_time_rate", "on_budget_rate", "task_bias_pct",
            S.MEDIAN_HOURS_PER_POINT, "hours_finished"]
    table = tr.report_table().rename(columns={by: level})
    accuracy = (f"task bias: actual hours over (+) or under (-) the estimates on average ({BIAS_DEFINED})"
                if "task_bias_pct" in table
                else f"{HOURS_PER_POINT}: the median finished task's actual hours over its story points")
    shown = [c for c in cols if c in table]
    # as the Trends sheet shows them: the rates in percent (they read 0.40 here beside its 40%)
    # said once: the main trends' notes are on the Trends sheet and in Assumptions, the roll-up's above this
    # table; the pool's measures are not computed here (no request log passed) nor shown
    main = ctx.forecasts.get("trends")
    known = set(main.warnings_) if main is not None else set()
    # its groups spelt alike (closed projects' too) less the sets the roll-up above names: each pair once a page
    years = sorted(set(tr.summary().index.get_level_values(by)))
    alike = {spelt_alike_note(years, by): spelt_alike_note(_not_alike_in(years, groups), level)}
    own = [alike.get(w, w) for w in dict.fromkeys(tr.warnings_)]
    own = [w for w in own if w and w not in known and w not in said and w != NO_REQUESTS_WARNING]
    for w in own:
        _for_assumptions(ctx, page, "note", w)
    return [Block(f"trends-{key}", f"Delivery per year by {level.replace('_', ' ')}",
                  table[shown], formats={m: MEASURES[m] for m in shown if m in MEASURES},
                  note=f"Projects count in the year they were completed; {accuracy}."
                       + (f" Notes: {'; '.join(own)}." if own else ""))], ""


def _not_alike_in(groups, shown) -> list:
    """The ``groups`` less each set spelt alike (:func:`~pmo_forecast.core.keys.person_key`) whose spellings
    the groups ``shown`` have spelt alike already; a set with a spelling more is kept whole."""
    def sets(names):
        out: dict[str, set] = {}
        for n in names:
            out.setdefault(person_key(n), set()).add(n)
        return out

    named = {k: v for k, v in sets(shown).items() if len(v) > 1}
    mine = sets(groups)
    return [g for g in groups if not mine[person_key(g)] <= named.get(person_key(g), set())]
