"""Scope growth learnt from completed projects (pmo_forecast.forecasting.growth)."""

import pandas as pd
import pytest

from pmo_forecast import SmallSampleWarning
from pmo_forecast.core import schema as S
from pmo_forecast.forecasting.growth import estimate_scope_growth


def test_one_completed_project_is_said_in_the_singular():
    # "only 1 completed projects ... (1 more have no created dates": the counts were always plural
    tasks = pd.DataFrame({S.TASK_ID: ["T1", "T2", "T3"], S.PROJECT_ID: ["A", "A", "B"],
                          S.ESTIMATE: [8.0, 4.0, 8.0], S.STATUS: S.DONE,
                          S.CREATED: pd.to_datetime(["2025-01-06", "2025-02-03", None]),
                          S.FINISHED: pd.to_datetime(["2025-01-10", "2025-02-07", "2025-01-10"])})
    with pytest.warns(SmallSampleWarning) as caught:
        g = estimate_scope_growth(tasks)
    assert g["fallback"] == str(caught[0].message) == (
        "only 1 completed project to learn scope growth from (1 more project has no created dates, so the scope added "
        "after its start cannot be told): no growth added (pass scope_growth=<rate> to set one)")
    assert (g["rate"], g["n_projects"]) == (0.0, 1)


def test_a_thousand_undated_projects_are_counted_with_a_thousands_separator():
    # "(1234 more have no created dates": the count alone in the package without its thousands separator
    ids = [f"P{i}" for i in range(1234)]
    tasks = pd.DataFrame({S.TASK_ID: ids, S.PROJECT_ID: ids, S.ESTIMATE: 8.0, S.STATUS: S.DONE,
                          S.CREATED: pd.NaT, S.FINISHED: pd.Timestamp("2025-01-10")})
    with pytest.warns(SmallSampleWarning) as caught:
        g = estimate_scope_growth(tasks)
    assert g["fallback"] == str(caught[0].message) == (
        "no completed project to learn scope growth from (1,234 completed projects have no created dates, so the "
        "scope added after their start cannot be told): no growth added (pass scope_growth=<rate> to set one)")
