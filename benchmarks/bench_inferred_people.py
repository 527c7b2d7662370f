"""People inferred from the task export (no people table): which capacity keeps the finish dates honest?

The pack without ``--people`` gives each assignee a weekly capacity from the hours they finished
(:func:`pmo_forecast.inputs.inferred_people.infer_people`). Two rules: the hours finished per week in the
last 13 weeks, and the most finished per week in any 13 weeks of the last 52 (the default,
``CAPACITY_LOOKBACK_WEEKS``). At backdated cuts (the table rewound with ``tasks_as_of``, people
inferred from what was known then) each running project's realised finish is compared with the
calibrated finish dates' P50/P80/P90 (the default ``pace="calibrated"``: the slip learnt on cuts
before the evaluation cut only). ``pace max``: the highest pace the plan runs a person at, as a share
of the inferred capacity (above 1, the Capacity sheet shows them over 100%).

Sample: three seeds run to 2027-12-31 (every project finishes), four cuts. SiP (when ../shared is
there): the work open at each of four cuts and later finished, its last finish.

Run: ``.venv/bin/python benchmarks/bench_inferred_people.py`` (about 5 minutes on this 2-core machine).
"""

from __future__ import annotations

import platform
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

import pmo_forecast.inputs.inferred_people as T
from pmo_forecast import EstimationAccuracyModel, generate_sample, load_tasks
from pmo_forecast.core import schema as S
from pmo_forecast.forecasting.finish import calibrated_capacity, forecast_finish_dates
from pmo_forecast.forecasting.overrun import tasks_as_of

warnings.simplefilter("ignore")
SIP_DIR = Path(__file__).resolve().parents[2] / "shared" / "data" / "sip"
#: Weeks back searched for the busiest 13 weeks: 13 is the last 13 weeks alone.
RULES = {"last 13 weeks": 13, "busiest 13 of the last 52 weeks (default)": T.CAPACITY_LOOKBACK_WEEKS}


def rows_for(label, past, cut, realised, growth, out):
    model = EstimationAccuracyModel(random_state=0).fit(past)
    default = T.CAPACITY_LOOKBACK_WEEKS
    for name, lookback in RULES.items():
        T.CAPACITY_LOOKBACK_WEEKS = lookback
        try:
            people, _ = T.infer_people(past, cut)
        finally:
            T.CAPACITY_LOOKBACK_WEEKS = default
        pace = calibrated_capacity(model, past, people, None, as_of=cut, base="delivered", scope_growth=growth,
                                   random_state=1)
        fc = forecast_finish_dates(model, past, people, None, as_of=cut, n_trials=500, random_state=1, pace=pace,
                                   scope_growth=growth)
        bp, per = fc.by_project(), fc.by_person()
        q = bp[["p50", "p80", "p90"]].fillna(pd.Timestamp.max)  # no date shown: later than any finish
        for p in bp.index[(bp["remaining_estimate_hours"] > 0) & bp.index.isin(realised.index)]:
            out.append({"data": label, "rule": name, "p50": realised[p] <= q.loc[p, "p50"],
                        "p80": realised[p] <= q.loc[p, "p80"], "p90": realised[p] <= q.loc[p, "p90"],
                        "pace max": per.loc[per["open_estimate_hours"] > 0, "pace"].max()})


def main() -> None:
    t0 = time.perf_counter()
    out = []
    for seed in (20240601, 11, 12):
        s = generate_sample(seed, as_of="2027-12-31")
        full = s.tasks[s.tasks[S.STATUS] != S.CANCELLED]
        complete = ~full[S.STATUS].isin(S.UNFINISHED_STATUSES).groupby(full[S.PROJECT_ID]).any()
        finished = full[S.FINISHED].groupby(full[S.PROJECT_ID]).max()[complete].dt.normalize()
        for cut in pd.to_datetime(["2024-09-30", "2025-03-31", "2025-09-30", "2026-03-31"]):
            rows_for("sample (3 seeds)", tasks_as_of(s.tasks, cut), cut, finished, "auto", out)
    if (SIP_DIR / "Sip-task-info.csv").exists():
        sip = load_tasks(SIP_DIR, format="sip")
        later_done = set(sip.loc[sip[S.STATUS] == S.DONE, S.TASK_ID])
        fin = sip.loc[sip[S.STATUS] == S.DONE, S.FINISHED]
        for cut in [pd.Timestamp(x).normalize() for x in fin.quantile([0.4, 0.55, 0.7, 0.85])]:
            past = tasks_as_of(sip, cut)
            past = past[past[S.TASK_ID].isin(later_done)]
            op = past[past[S.STATUS].isin(S.UNFINISHED_STATUSES)]
            realised = sip.set_index(S.TASK_ID).loc[op[S.TASK_ID], S.FINISHED].groupby(
                op[S.PROJECT_ID].to_numpy()).max().dt.normalize()
            rows_for("SiP, work open at the cut", past, cut, realised, None, out)
    else:
        print(f"SiP not found at {SIP_DIR}: skipped")
    res = pd.DataFrame(out)
    g = res.groupby(["data", "rule"], sort=False)
    table = g[["p50", "p80", "p90"]].mean().round(3)
    table["n (project, cut)"] = g.size()
    table["pace max"] = g["pace max"].max().round(2)
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print("Share of running projects finished by the forecast quantile (calibrated finish dates, people inferred)")
        print(table)
    print(f"{time.perf_counter() - t0:.0f} s on {platform.machine()} ({platform.processor() or 'cpu'}), "
          f"numpy {np.__version__}")


if __name__ == "__main__":
    main()
