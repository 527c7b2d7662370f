"""Tracker-specific export layouts, mapped onto the canonical task table.

Each reader takes a path and returns a frame with canonical column names (types
are coerced afterwards by :func:`pmo_forecast.io.coerce`).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from . import schema as S
from .exceptions import SchemaError

# --- SiP (Jones & Cullum, arXiv:1901.01621) ----------------------------------
SIP_TASK_FILE = "Sip-task-info.csv"
SIP_DATES_FILE = "est-act-dates.csv"
SIP_STATUS = {
    "FINISHED": S.DONE, "COMPLETED": S.DONE, "RELEASED": S.DONE,
    "CANCELLED": S.CANCELLED, "TEMPLATE": S.CANCELLED,
    "CHRONICLE": S.OPEN, "ESTIMATED": S.OPEN, "AUTHORISE": S.OPEN,
}


def read_sip(path) -> pd.DataFrame:
    """Read the SiP dataset's raw layout (``Sip-task-info.csv`` + ``est-act-dates.csv``).

    ``path`` is the task file or the folder holding both files. One row per task
    (the raw file has one per task and developer): the assignee is the developer
    with the most hours on it (ties: first in file order), ``task_type`` the
    SubCategory, ``created``/``started``/``finished`` the EstimateOn/StartedOn/
    CompletedOn dates. Status: FINISHED, COMPLETED and RELEASED with a completion
    date are ``done``; CANCELLED and TEMPLATE ``cancelled``; the rest are unfinished
    and their actual hours move to ``source_actual_hours``. The source status is
    kept as ``source_status``.
    """
    path = Path(path)
    task_file = path / SIP_TASK_FILE if path.is_dir() else path
    dates_file = task_file.parent / SIP_DATES_FILE
    for f in (task_file, dates_file):
        if not f.exists():
            raise SchemaError(f"{f}: missing; the SiP layout needs {SIP_TASK_FILE} and {SIP_DATES_FILE} "
                              "side by side.", file=f)
    raw = pd.read_csv(task_file, encoding="cp1252", dtype={"TaskNumber": str, "DeveloperID": str,
                                                            "ProjectCode": str})
    dates = pd.read_csv(dates_file, dtype={"TaskNumber": str}).drop_duplicates("TaskNumber")
    raw["_order"] = np.arange(len(raw))
    primary = raw.sort_values(["TaskNumber", "DeveloperHoursActual", "_order"],
                              ascending=[True, False, True]).drop_duplicates("TaskNumber")
    primary = primary.sort_values("_order")
    devs = raw.groupby("TaskNumber")["DeveloperID"].agg(lambda s: ";".join(s.astype(str)))
    t = primary.merge(dates, on="TaskNumber", how="left")

    def d(col):
        return pd.to_datetime(t[col], format="%d-%b-%y", errors="coerce")

    src_status = t["StatusCode"].astype(str).str.strip().str.upper()
    status = src_status.map(SIP_STATUS).fillna(S.OPEN)
    finished = d("CompletedOn")
    status = status.mask((status == S.DONE) & finished.isna(), S.IN_PROGRESS)
    status = status.mask((status == S.OPEN) & d("StartedOn").notna(), S.IN_PROGRESS)
    actual = t["HoursActual"].astype(float)
    out = pd.DataFrame({
        S.TASK_ID: t["TaskNumber"].to_numpy(),
        S.PROJECT_ID: t["ProjectCode"].to_numpy(),
        S.ASSIGNEE: t["DeveloperID"].to_numpy(),
        S.TASK_TYPE: t["SubCategory"].to_numpy(),
        S.ESTIMATE: t["HoursEstimate"].astype(float).to_numpy(),
        S.ACTUAL: actual.where(status.isin([S.DONE, S.CANCELLED])).to_numpy(),
        S.CREATED: d("EstimateOn").to_numpy(),
        S.STARTED: d("StartedOn").to_numpy(),
        S.FINISHED: finished.where(status == S.DONE).to_numpy(),
        S.STATUS: status.to_numpy(),
        "source_status": src_status.to_numpy(),
        "source_actual_hours": actual.to_numpy(),
        "category": t["Category"].to_numpy(),
        "project_breakdown": t["ProjectBreakdownCode"].to_numpy(),
        "developer_ids": t["TaskNumber"].map(devs).to_numpy(),
        "summary": t["Summary"].to_numpy(),
    })
    out.attrs["_source_line"] = t["_order"].to_numpy() + 2
    return out
