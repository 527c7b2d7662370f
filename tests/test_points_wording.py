"""Story-point estimates in the forecasts' own words: a project without estimates has no story-point
estimate, not no hour estimate."""

from __future__ import annotations

import pandas as pd
import pytest

from pmo_forecast import (
    DataQualityWarning,
    EstimationAccuracyModel,
    cli,
    forecast_overruns,
    load_tasks,
)
from pmo_forecast.core import schema as S
from pmo_forecast.inputs.tracker_sample import write_tracker_export

POINTS = "Custom field (Story Points)"


def test_a_project_without_points_on_its_open_work_is_said_to_have_no_story_point_estimate(tmp_path):
    export = write_tracker_export(tmp_path / "jira.csv", "jira", estimates="points", n_projects=8,
                                  tasks_per_project=(25, 40))
    assert cli.main([str(a) for a in ("init", export, "--out", tmp_path / "w")]) == 0
    mapping = tmp_path / "w" / "mapping.yaml"
    tasks = load_tasks(export, mapping=mapping)
    gone = tasks.loc[tasks[S.STATUS].isin(S.UNFINISHED_STATUSES), S.PROJECT_ID].iat[0]
    raw = pd.read_csv(export, dtype=str, keep_default_na=False)
    blank = raw["Issue key"].isin(tasks.loc[(tasks[S.PROJECT_ID] == gone)
                                            & tasks[S.STATUS].isin(S.UNFINISHED_STATUSES), S.TASK_ID])
    raw.loc[blank, POINTS] = ""
    raw.to_csv(export, index=False)
    tasks = load_tasks(export, mapping=mapping)
    model = EstimationAccuracyModel(random_state=0).fit(tasks)
    with pytest.warns(DataQualityWarning) as said:
        fc = forecast_overruns(model, tasks, n_trials=50, random_state=0)
    assert fc.points and fc.without_estimates[S.PROJECT_ID].tolist() == [gone]
    assert (f"1 project(s) have no story-point estimate on any open task ({gone}): left out of the effort "
            "forecast (OverrunForecast.without_estimates), since their hours would be made up; estimate their "
            "tasks, or forecast them from throughput (pmo_forecast.forecast_throughput)") in [
        str(w.message) for w in said]
