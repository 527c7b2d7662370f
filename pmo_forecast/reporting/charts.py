"""Charts for the committee: drawn from the pack's project table, labelled with what they show.

Every chart here says its units on the axes, names each band by the chances it
covers ("50% to 90% sure"), puts percentages on probability axes with a line at
50%, and widens the date axis so that no due-date marker falls off the edge.
Each function takes ``ax=None`` and returns the Axes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

RAG_COLOURS = {"red": "#C00000", "amber": "#FFC000", "green": "#70AD47", "grey": "#A6A6A6"}


def _labels(projects: pd.DataFrame) -> list[str]:
    if "name" in projects:
        names = projects["name"].astype("string").fillna(projects["project_id"].astype("string"))
        return [str(n) for n in names]
    return [str(p) for p in projects["project_id"]]


def _new_ax(n: int, ax):
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    return plt.subplots(figsize=(8, 0.3 * n + 1.6))[1]


def _legend_above(ax) -> None:
    """The legend in a row above the axes, never inside them: placed in a corner ("lower right"), it hid the
    bars and markers of the projects drawn there (the sample's Cobalt software 4, the largest effort but one)."""
    handles, labels = ax.get_legend_handles_labels()
    ax.legend(handles, labels, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=max(1, len(labels)),
              fontsize="small", frameon=False, borderaxespad=0.3, handlelength=1.5, columnspacing=1.2)


def effort_chart(projects: pd.DataFrame, ax=None):
    """Per project: hours spent, the 50%-90% sure range of effort at completion, the 80% point and the budget."""
    ax = _new_ax(len(projects), ax)
    y = np.arange(len(projects))
    p50, p80, p90 = (projects[f"effort_p{q}_hours"].to_numpy(float) for q in (50, 80, 90))
    ax.barh(y, projects["spent_hours"].to_numpy(float), color="0.8", label="spent so far")
    ax.barh(y, p90 - p50, left=p50, color="#9DC3E6", label="50% to 90% sure")
    ax.plot(p80, y, "D", color="#C55A11", ms=4, label="80% sure")
    if "budget_hours" in projects and projects["budget_hours"].notna().any():
        ax.plot(projects["budget_hours"].to_numpy(float), y, "|", color="black", ms=14, mew=2, label="budget")
    ax.set_yticks(y, _labels(projects))
    ax.invert_yaxis()
    ax.set_xlabel("effort at completion (hours)")
    ax.set_xlim(0, None)
    _legend_above(ax)
    return ax


def finish_chart(projects: pd.DataFrame, as_of=None, ax=None):
    """Per project: the 50%-90% sure range of the finish date, the 80% date and the due date (never clipped)."""
    import matplotlib.dates as mdates

    ax = _new_ax(len(projects), ax)
    y = np.arange(len(projects))
    p50, p80, p90 = (pd.to_datetime(projects[f"finish_p{q}"]) for q in (50, 80, 90))
    ax.barh(y, (p90 - p50).dt.days.to_numpy(float), left=mdates.date2num(p50), color="#9DC3E6",
            label="50% to 90% sure")
    ax.plot(p80, y, "D", color="#C55A11", ms=4, label="finish, 80% sure")
    due = pd.to_datetime(projects["due"]) if "due" in projects else pd.Series(pd.NaT, index=projects.index)
    if due.notna().any():  # no legend entry for markers that are not there
        ax.plot(due, y, "x", color="#C00000", ms=7, mew=2, label="due date", clip_on=False)
    dates = pd.concat([p50, p90, due.dropna()] + ([pd.Series([pd.Timestamp(as_of)])] if as_of is not None else []))
    lo, hi = dates.min(), dates.max()
    pad = max(pd.Timedelta(days=7), (hi - lo) * 0.04)
    ax.set_xlim(lo - pad, hi + pad)  # every marker inside the axes
    if as_of is not None:
        ax.axvline(pd.Timestamp(as_of), color="0.4", ls="--", lw=1, label="forecast date")
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(mdates.AutoDateLocator()))
    ax.set_yticks(y, _labels(projects))
    ax.invert_yaxis()
    ax.set_xlabel("finish date")
    _legend_above(ax)
    return ax


def chance_chart(projects: pd.DataFrame, ax=None):
    """Per project: chance of being late and of going over budget, on a percentage axis with a 50% line; a
    chance not known (no due date, no budget) is said in words, not drawn as 0%."""
    from matplotlib.ticker import PercentFormatter

    ax = _new_ax(len(projects), ax)
    y = np.arange(len(projects))
    h = 0.4
    for col, at, colour, what, why in (("prob_late", y - h / 2, "#C00000", "chance of being late", "no due date"),
                                       ("prob_overrun", y + h / 2, "#ED7D31", "chance of going over budget",
                                        "no budget")):
        if col not in projects:
            continue
        chance = projects[col].to_numpy(float)
        ax.barh(at, np.nan_to_num(chance), h, color=colour, label=what)
        for yy in at[np.isnan(chance)]:  # not known: said, not drawn as a chance of 0%
            ax.text(0.01, yy, f"not known ({why})", va="center", fontsize="x-small", color="0.3")
    ax.axvline(0.5, color="black", lw=1, ls="--", label="50%")
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_yticks(y, _labels(projects))
    ax.invert_yaxis()
    ax.set_xlabel("chance")
    _legend_above(ax)
    return ax
