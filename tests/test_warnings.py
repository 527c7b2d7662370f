"""Warnings point at the user's code (the notebook cell or script line that called the package), not inside it."""

from __future__ import annotations

import sys
import warnings

import pandas as pd
import pytest

from pmo_forecast import (
    DataQualityWarning,
    SmallSampleWarning,
    export_planning_pack,
    generate_sample,
    load_tasks,
)
from pmo_forecast.core.as_of import infer_as_of


def test_a_loading_warning_points_at_the_line_that_loaded_the_file(tmp_path):
    path = tmp_path / "tasks.csv"
    path.write_text("task_id,project_id,estimate_hours\nA,P,1,extra\n")
    with pytest.warns(DataQualityWarning, match="Check the file's separator and quoting") as caught:
        load_tasks(path)
    assert [w.filename for w in caught] == [__file__]


def test_the_packs_warnings_point_at_the_line_that_made_the_pack(tmp_path):
    # the as-of gap was shown at export_planning_pack's own line inside the package
    tasks, projects, people, _ = generate_sample(seed=7, n_projects=8)
    as_of = infer_as_of(tasks) + pd.Timedelta(days=800)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=people,
                             as_of=as_of, n_trials=100, random_state=0, progress=False)
    ours = [w for w in caught if issubclass(w.category, DataQualityWarning | SmallSampleWarning)
            or str(w.message).startswith("100 Monte Carlo trials")]
    assert any(str(w.message).startswith(f"as_of {as_of:%Y-%m-%d} is 800 days after") for w in ours)
    assert [(w.filename, w.lineno, str(w.message)[:60]) for w in ours if w.filename != __file__] == []


def test_an_old_module_path_warns_at_the_import(monkeypatch):
    monkeypatch.delitem(sys.modules, "pmo_forecast.overrun", raising=False)
    with pytest.warns(DeprecationWarning, match="pmo_forecast.overrun has moved") as caught:
        import pmo_forecast.overrun  # noqa: F401
    assert [w.filename for w in caught if w.category is DeprecationWarning] == [__file__]
