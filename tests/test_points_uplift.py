"""Reference-class uplift and the accuracy panel with story-point estimates: actual hours over points is a
rate, so they give the hours per point to plan with, never an uplift on the points or a share over them."""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest

from pmo_forecast import (
    DataQualityWarning,
    EstimationAccuracyModel,
    cli,
    load_tasks,
    reference_class_uplift,
)
from pmo_forecast.inputs.tracker_sample import write_tracker_export
from pmo_forecast.reporting import widgets

POINTS = "Custom field (Story Points)"


@pytest.fixture(scope="module")
def points(tmp_path_factory):
    """A story-points Jira export loaded as the CLI maps it, its model, and the finished tasks' hours per
    point read from the export itself."""
    d = tmp_path_factory.mktemp("points-uplift")
    export = write_tracker_export(d / "jira.csv", "jira", estimates="points", n_projects=6,
                                  tasks_per_project=(25, 40))
    assert cli.main([str(a) for a in ("init", export, "--out", d / "w")]) == 0
    # the sample's sub-tasks have points of their own: said, in its words
    with pytest.warns(DataQualityWarning, match="^" + re.escape(
            f"{export}: 24 sub-tasks with story points of their own under 6 parent issues with points (42 points on "
            "them; e.g. PMO-122, 1 point, under PMO-90, 1 point): both counted. Jira sizes a story by its own points "
            "and leaves its sub-tasks' points out of velocity; if a parent's points hold its sub-tasks' work, clear "
            "those sub-tasks' points in Jira to count it once (lines 123, 22, 110, 162, 120, 92, 211, 127, 219, 176 "
            "and 14 more)") + "$"):
        tasks = load_tasks(export, mapping=d / "w" / "mapping.yaml")
    model = EstimationAccuracyModel(random_state=0).fit(tasks)
    raw = pd.read_csv(export)
    raw = raw[raw["Issue Type"] != "Epic"]
    done = raw[(raw["Resolution"] == "Done") & (raw["Time Spent"] > 0) & (raw[POINTS] > 0)]  # a duplicate: cancelled
    return tasks, model, done.assign(rate=done["Time Spent"] / 3600 / done[POINTS])


def p80(done: pd.DataFrame) -> float:
    """The smallest hours per point that at least 80% of the finished tasks stay within."""
    return float(np.sort(done["rate"])[math.ceil(0.8 * len(done)) - 1])


def test_points_uplift_is_the_hours_per_point_to_plan_with(points):
    tasks, _, done = points
    up = reference_class_uplift(tasks, risks=(0.5, 0.8))
    assert up.unit == "hours per story point"
    assert up.title == "Reference-class hours per story point (tasks): plan with this rate"
    assert up.hours_per_point(0.8) == pytest.approx(p80(done))
    tab = up.summary()
    assert list(tab.columns) == ["n", "hours_per_point_p50", "hours_per_point_p80"]  # no share over the points
    assert tab.loc["all", "n"] == len(done)
    assert tab.loc["all", "hours_per_point_p80"] == pytest.approx(p80(done))
    with pytest.raises(ValueError, match=r"story points: no uplift on an estimate \(hours against points\)"):
        up.uplift(0.8)


def test_points_size_bands_read_in_points(points):
    tasks, _, _ = points
    idx = list(reference_class_uplift(tasks, by="size_band").summary().index)
    assert idx == ["all", "<=1", "1-2", "2-4", "4-8"]


def test_points_plot_says_its_unit(points):
    import matplotlib.pyplot as plt

    ax = reference_class_uplift(points[0]).plot()
    assert ax.get_ylabel() == "hours per story point to plan with"
    assert ax.get_xlabel() == "acceptable chance of needing more hours than planned"
    plt.close("all")


def test_points_accuracy_panel_shows_hours_per_point(points):
    tasks, model, done = points
    panel = widgets.accuracy_panel(model, tasks)
    text = panel.readout.value
    assert ("<th style=\"text-align:left;padding-right:1em\">Hours per story point to plan with (all sizes) to be "
            f'80% sure</th><td class="pmo-value" data-key="hours_per_point">{p80(done):,.2f}<') in text
    assert "Add to an estimate" not in text and "over their estimate" not in text and "share_over" not in text
    assert panel.controls["size_band"].options == ("all sizes", "<=1", "1-2", "2-4", "4-8")
    panel.controls["by"].value = "size_band"
    panel.controls["size_band"].value = "2-4"
    band = done[(done[POINTS] > 2) & (done[POINTS] <= 4)]
    assert f'data-key="hours_per_point">{p80(band):,.2f}<' in panel.readout.value
    table = panel.result["uplift"].summary()
    assert list(table.index) == ["all", "2-4"]
    assert table.loc["2-4", "n"] == len(band)
    # the model's bias row of the band joins it (named in hours, it was left blank)
    assert "<th>2-4</th>" in panel.readout.value
    assert not panel.result["bias"].index.str.endswith("h").any()


def test_points_accuracy_panel_heads_hours_per_point_as_a_rate(points):
    # the column read "hours_per_point", a code name, beside "n" and "bias_sd"
    tasks, model, _ = points
    panel = widgets.accuracy_panel(model, tasks)
    heads = re.findall(r"<th>([^<]*)</th>", panel.readout.value.split("<tbody>")[0])
    # the readout above the table names the rate as the table heads it (it had said it so, the table not)
    assert heads[1:4] == ["Finished tasks compared (all sizes)",
                          "Hours per story point to plan with (all sizes) to be 80% sure",
                          "Finished tasks compared (all sizes, as the bias)"]
