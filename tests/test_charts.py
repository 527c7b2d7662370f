"""The committee's charts: what they draw for a figure that is not known."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from pmo_forecast.reporting.charts import chance_chart


def test_a_chance_not_known_is_said_on_the_chance_chart_not_drawn_as_0():
    # a project without a due date (or budget) had a bar of 0%: the same as one sure to be on time
    p = pd.DataFrame({"project_id": ["A", "B"], "prob_late": [np.nan, 0.0], "prob_overrun": [0.3, np.nan]})
    ax = chance_chart(p)
    said = sorted((t.get_text(), t.get_position()[1]) for t in ax.texts)
    assert said == [("not known (no budget)", 1.2), ("not known (no due date)", -0.2)]
    plt.close("all")


def _covered_by_legend(ax) -> list[str]:
    """What of the chart's data the legend hides: each bar, marker and line point drawn inside its box."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle

    fig = ax.figure
    fig.canvas.draw()
    box = ax.get_legend().get_window_extent()
    hidden = [f"bar at {p.get_y() + p.get_height() / 2:g}" for p in ax.patches
              if isinstance(p, Rectangle) and p.get_width() > 0 and box.overlaps(p.get_window_extent())]
    for line in ax.lines:
        if not isinstance(line, Line2D) or line.get_marker() in (None, "None", ""):
            continue
        xy = ax.transData.transform(np.column_stack([np.asarray(line.get_xdata(), dtype=float),
                                                     np.asarray(line.get_ydata(), dtype=float)]))
        hidden += [f"{line.get_label()} at {y:g}" for (px, py), y in zip(xy, line.get_ydata(), strict=True)
                   if box.contains(px, py)]
    return hidden


def test_the_charts_legends_hide_none_of_the_projects():
    # the legend sat inside the axes (lower right, lower left): on the sample's summary.html it covered Cobalt
    # software 4's 80%-sure effort and its 50%-90% band, the second project from the bottom
    from pmo_forecast.reporting.charts import effort_chart, finish_chart

    n = 8
    big = np.linspace(400, 2000, n)  # the last projects, drawn at the bottom, the largest and the latest
    p = pd.DataFrame({"project_id": [f"P{i}" for i in range(n)], "spent_hours": big * 0.5,
                      "effort_p50_hours": big, "effort_p80_hours": big * 1.1, "effort_p90_hours": big * 1.2,
                      "budget_hours": big * 1.05,
                      "finish_p50": pd.date_range("2026-07-01", periods=n, freq="21D"),
                      "due": pd.date_range("2026-07-01", periods=n, freq="20D"),
                      "prob_late": np.linspace(0.1, 0.95, n), "prob_overrun": np.linspace(0.05, 1.0, n)})
    p["finish_p80"] = p["finish_p50"] + pd.Timedelta(days=20)
    p["finish_p90"] = p["finish_p50"] + pd.Timedelta(days=35)
    early = p.iloc[::-1].reset_index(drop=True)  # the first, drawn at the bottom, the earliest
    for ax in (effort_chart(p), effort_chart(early), finish_chart(p, as_of="2026-06-29"),
               finish_chart(early, as_of="2026-06-29"), chance_chart(p), chance_chart(early)):
        assert _covered_by_legend(ax) == [], ax.get_xlabel()
    plt.close("all")


def test_the_utilisation_heatmap_dates_its_weeks_as_the_pack_does():
    # summary.html's heatmap labelled its weeks "06 Apr 26", "27 Apr 26": the one chart of the page not dated as
    # its tables and every sheet are (2026-04-06), and "26" could be read as the day
    from pmo_forecast.core.heatmap import utilisation_heatmap

    weeks = pd.date_range("2026-04-06", periods=3, freq="7D")
    wide = pd.DataFrame([[0.5, 0.9, 1.1]], index=["dev"], columns=weeks)
    ax = utilisation_heatmap(wide, as_of="2026-04-13")
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2026-04-06", "2026-04-13", "2026-04-20"]
    plt.close("all")
