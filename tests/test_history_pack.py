"""Forecast history through the pack: which meeting What changed compares with, and what it says."""

from __future__ import annotations

import re

import openpyxl
import pandas as pd
import pytest
from helpers import FEW_TRIALS, no_slip

from pmo_forecast import DataQualityWarning, generate_sample
from pmo_forecast.core import schema as S
from pmo_forecast.reporting import export as X
from pmo_forecast.reporting.history import ForecastHistory

JAN, FEB, MAR = pd.Timestamp("2026-01-30"), pd.Timestamp("2026-02-27"), pd.Timestamp("2026-06-30")
# the packs run 50 trials, to be quick (the filter's syntax takes the message up to its ':')
pytestmark = pytest.mark.filterwarnings(f"ignore:{FEW_TRIALS.split(':')[0]}:pmo_forecast.core.exceptions.SettingsWarning")


@pytest.fixture(scope="module")
def org():
    """8 projects, 3 open (PRJ-06 to PRJ-08), the rest closed: small enough for a few packs."""
    return generate_sample(seed=7, n_projects=8)


def _pack(out, tasks, projects, people, as_of, hist):
    return X.export_planning_pack(out / "pack.xlsx", tasks=tasks, projects=projects, people=people, as_of=as_of,
                                  n_trials=50, random_state=0, progress=False, history=hist)


def _recorded(hist, as_of, ids, names=None):
    """A pack's run recorded for ``as_of`` with ``ids`` open (the forecasts themselves do not matter here)."""
    ForecastHistory(hist).record(pd.DataFrame({S.PROJECT_ID: ids, S.NAME: names, "finish_p80": pd.Timestamp(
        "2026-09-30"), "prob_late": 0.5}), as_of=as_of, exported_at=as_of)


def test_a_pack_after_one_with_no_open_project_compares_with_that_one(org, tmp_path):
    # Jan (3 open) -> Feb (0 open) -> Mar: Feb's run has no rows, and Mar read "Since the last pack (2026-01-30)",
    # comparing with Jan as if Feb had not been
    tasks, projects, people, _ = org
    hist = tmp_path / "h.sqlite"
    _recorded(hist, JAN, ["PRJ-06", "PRJ-07", "PRJ-08"])
    closed = projects[projects[S.STATUS] == S.CLOSED]
    with no_slip("8 backdated project-cuts, 8 of them finished"):  # the closed projects alone: too few
        with pytest.warns(DataQualityWarning, match="^" + re.escape(
                "forecast history: 3 projects of the last pack (PRJ-06, PRJ-07, PRJ-08) are in neither the tasks nor "
                "the projects table: removed from the export? (not counted as finished or closed)") + "$"):
            feb = _pack(tmp_path / "feb", tasks[tasks[S.PROJECT_ID].isin(closed[S.PROJECT_ID])], closed, people, FEB,
                        hist)
    assert feb.tables["projects"].empty
    assert ForecastHistory(hist).summary()["projects"].tolist() == [3, 0]  # Feb recorded, with no project
    mar = _pack(tmp_path / "mar", tasks, projects, people, MAR, hist)
    changed = mar.tables["what-changed"].set_index("project_id")["change"]
    assert changed.to_dict() == dict.fromkeys(["PRJ-06", "PRJ-07", "PRJ-08"], "new since the last pack")
    assert mar.tables["key-messages"]["message"].iloc[-1] == "Since the last pack (2026-02-27): 3 new."
    sheet = [c.value for c in openpyxl.load_workbook(mar.path)["What changed"]["A"]]
    title = sheet.index("Since the last pack (forecast date 2026-02-27)")
    assert sheet[title + 1].startswith("The last pack had no open project: every project open now is new since.")
    # a change of a chance is in percentage points, shown as '+7%' under a header that says so (was '(points)')
    headers = {c.value for row in openpyxl.load_workbook(mar.path)["What changed"].iter_rows() for c in row}
    assert {"Chance of being late, change (percentage points)",
            "Chance of going over budget, change (percentage points)"} <= headers


def test_a_project_gone_from_the_data_is_not_called_finished_or_closed(org, tmp_path):
    # PRJ-08, open at the last pack, is in neither the tasks nor the projects table now: it read "finished or
    # closed since the last pack" and the key message counted it among the projects finished or closed, then
    # left it out of the count
    tasks, projects, people, _ = org
    hist = tmp_path / "h.sqlite"
    last = ["PRJ-05", "PRJ-06", "PRJ-07", "PRJ-08"]  # PRJ-05 has closed since: still in the data
    _recorded(hist, JAN, last, projects.set_index(S.PROJECT_ID).loc[last, S.NAME].tolist())
    with pytest.warns(DataQualityWarning, match="^" + re.escape(
            "forecast history: 1 project of the last pack (PRJ-08 (Harbour data 1)) is in neither the tasks nor the "
            "projects table: removed from the export? (not counted as finished or closed)") + "$"):
        mar = _pack(tmp_path / "mar", tasks[tasks[S.PROJECT_ID] != "PRJ-08"],
                    projects[projects[S.PROJECT_ID] != "PRJ-08"], people, MAR, hist)
    changed = mar.tables["what-changed"].set_index("project_id")
    assert changed.loc["PRJ-08", "change"] == "no longer in the data (removed from the export?)"
    assert changed.loc["PRJ-05", "change"] == "finished or closed since the last pack"
    assert changed.loc["PRJ-08", "name"] == "Harbour data 1"  # the last pack's name
    said = mar.tables["committee-settings"].set_index("setting").loc["check: forecast history", "value"]
    assert said == ("1 project of the last pack (PRJ-08 (Harbour data 1)) is in neither the tasks nor the projects "
                    "table: removed from the export? (not counted as finished or closed)")
    msg = mar.tables["key-messages"]["message"].iloc[-1]
    assert msg.startswith("Since the last pack (2026-01-30): ")
    assert msg.endswith("; 1 project finished or closed; 1 project no longer in the data (removed from the export?).")


def test_projects_gone_from_the_data_name_ten_and_count_the_rest():
    # every project gone was named, however many (a whole portfolio left out of an export)
    from pmo_forecast.reporting.changes_sheet import projects_gone

    gone = pd.DataFrame({S.PROJECT_ID: [f"P{i}" for i in range(1, 13)], S.NAME: ["Harbour"] + [None] * 11})
    assert projects_gone(gone) == ("12 projects of the last pack (P1 (Harbour), P2, P3, P4, P5, P6, P7, P8, P9, P10 "
                                   "and 2 more) are in neither the tasks nor the projects table: removed from the "
                                   "export? (not counted as finished or closed)")
