"""People shown only as far as asked (``people_detail``): the blocks naming individuals dropped or replaced by
team tables, teams and named PMs dropped too at "none"."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.labels import agree, counted
from ..core.workbook import Block, Sheet
from .committee_options import options_of

#: Blocks naming individuals: dropped unless people_detail="named" (team tables replace them).
PERSON_BLOCKS = ("accuracy-assignee", "utilisation-heatmap", "workload")
#: Blocks about teams or named PMs: dropped too when people_detail="none".
TEAM_BLOCKS = ("accuracy-team", "pm-load", "utilisation-heatmap-team", "workload-team")


def apply_people_detail(ctx, sheets: list[Sheet]) -> None:
    """The pack's ``sheets`` with people shown only as far as ``people_detail`` asks, in place: at "team" the
    blocks naming individuals give way to their team tables, at "none" the teams' and named PMs' go too."""
    detail = options_of(ctx)["people_detail"]
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
    in the busiest week, with the note naming the ``who`` (rows of ``table``) that have it. (The weeks over
    capacity of a row with no capacity at all are already blank in the summary.)"""
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
    # a row with no capacity in any week ((new work), nobody assigned): in hours only, as the person heatmap leaves
    # it out (it showed as a row of blank weeks here and on summary.html's chart)
    wide = wide.loc[wide.notna().any(axis=1)]
    heat = wide.mask(np.isinf(wide.to_numpy(dtype=float)))
    heat.index.name = "team"
    # the person heatmap's weeks, so its title (which says them)
    return Block("utilisation-heatmap-team", block.title.replace("Person by week", "Team by week", 1), heat,
                 formats=dict.fromkeys(heat.columns, "pct"), heatmap=True, data_columns=tuple(heat.columns))
