"""Are project-level effort intervals calibrated? Backdated held-out projects, sample and SiP.

For each cut date the task table is rewound to that date (``tasks_as_of``), the accuracy
model is fitted on what was finished by then, and every project still running is forecast.
Its realised total (known from later history) is compared with the forecast P50/P80/P90.
A calibrated forecast has about 50% / 80% / 90% of realised totals at or under them.

Sample: six seeds of the generator run to 2027-12-31 so that every project finishes;
the realised total is the effort of all its (non-cancelled) tasks, including scope added
after the cut, so scope growth is switched on.
SiP: projects in the export are still running at its end, so the target is the effort of
the tasks open at the cut that were later finished (scope growth off).

Finish dates: the same cuts, each running project's realised finish (its last task) against
``forecast_finish_dates`` P50/P80/P90, with stated capacity (``pace=1``), the pace people
delivered in the 13 weeks before the cut (``pace="auto"``) and the default calibrated
capacity (``pace="calibrated"``: the plan at the base capacity ``pace.CALIBRATION_BASE``
times the slip learnt from backdated cuts *before* the evaluation cut: nested, only history
known at the cut; no constant tuned here). Both bases of the calibration are shown.
SiP has no people table: it gets the naive one an analyst would write (40 h a week,
availability 1, every assignee). Two SiP targets: the last finish of the work open at the
cut, and the last finish of every later task of the project (the issue's held-out check).

The effort table also gives ``mean ratio``: the summed forecast means (the average of the
simulated totals) over the summed realised totals, 1.00 when the forecasts are right on average;
``after the cut`` leaves out the hours already spent at the cut, which both share.

Run: ``.venv/bin/python benchmarks/bench_overrun_calibration.py [--quick] [--effort-only | --finish-only]``
(``--finish-only``: the finish-date part, four sample seeds and SiP).
"""

from __future__ import annotations

import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from pmo_forecast import EstimationAccuracyModel, generate_sample, load_tasks
from pmo_forecast.core import schema as S
from pmo_forecast.forecasting.finish import calibrated_capacity, forecast_finish_dates
from pmo_forecast.forecasting.overrun import estimate_correlation, forecast_overruns, tasks_as_of

warnings.simplefilter("ignore")
SIP_DIR = Path(__file__).resolve().parents[2] / "shared" / "data" / "sip"
VARIANTS = {"independent": dict(project_correlation=0, person_correlation=0),
            "correlated (in-sample ICC)": "in_sample",
            "correlated (backdated, default)": dict(project_correlation="auto", person_correlation="auto")}
QUICK = "--quick" in sys.argv
EFFORT_ONLY = "--effort-only" in sys.argv


def evaluate(full: pd.DataFrame, cuts, growth, label: str, n_trials=2000) -> pd.DataFrame:
    """Rows (variant, cut, project, pit, covered at each level) for the running projects."""
    full = full[full[S.STATUS] != S.CANCELLED]
    realised_all = full[S.ACTUAL].groupby(full[S.PROJECT_ID]).sum()
    complete = ~full[S.STATUS].isin(S.UNFINISHED_STATUSES).groupby(full[S.PROJECT_ID]).any()
    rows = []
    for cut in cuts:
        past = tasks_as_of(full, cut)
        if growth is None:  # only the work known at the cut, all of it finished later
            past = past[past[S.TASK_ID].isin(full.loc[full[S.STATUS] == S.DONE, S.TASK_ID])]
            realised = full.loc[full[S.TASK_ID].isin(past[S.TASK_ID]), S.ACTUAL].groupby(
                full[S.PROJECT_ID]).sum()
        else:
            realised = realised_all[complete]
        model = EstimationAccuracyModel(random_state=0).fit(past)
        for name, v in VARIANTS.items():
            if isinstance(v, str):
                icc = estimate_correlation(model, past, random_state=0, method=v)
                kw = dict(project_correlation=icc["project"], person_correlation=icc["person"])
            else:
                kw = v
            fc = forecast_overruns(model, past, n_trials=n_trials, random_state=1, scope_growth=growth, **kw)
            bp = fc.by_project()
            running = [p for p in fc.project_ids if p in realised.index and bp.loc[p, "remaining_estimate_hours"] > 0]
            for p in running:
                col = list(fc.project_ids).index(p)
                r = realised[p]
                rows.append({"data": label, "variant": name, "cut": cut.date(), S.PROJECT_ID: p,
                             "pit": float((fc.samples[:, col] <= r).mean()),
                             "p50": r <= bp.loc[p, "p50"], "p80": r <= bp.loc[p, "p80"],
                             "p90": r <= bp.loc[p, "p90"],
                             "mean": float(fc.samples[:, col].mean()), "realised": float(r),
                             "spent": float(bp.loc[p, "spent_hours"]),
                             "icc_project": float(np.mean(fc.correlation["project"])),
                             "icc_person": fc.correlation["person"]})
    return pd.DataFrame(rows)


FINISH_VARIANTS = {"pace=1 (stated)": 1.0, 'pace="auto"': "auto",
                   'pace="calibrated", base stated': "stated", 'pace="calibrated", base delivered': "delivered"}


def _finish_rows(model, past, people, cut, realised, growth, label, n_trials, rows, projects=None):
    icc = estimate_correlation(model, past, random_state=0)
    for name, pace in FINISH_VARIANTS.items():
        if pace in ("stated", "delivered"):  # learnt on cuts before this one only
            pace = calibrated_capacity(model, past, people, projects, as_of=cut, base=pace,
                                       scope_growth=growth, random_state=1)
        bp = forecast_finish_dates(model, past, people, projects, as_of=cut, n_trials=n_trials, random_state=1,
                                   project_correlation=icc, pace=pace, scope_growth=growth).by_project()
        # a date the forecast does not show (beyond its ten-year horizon, or work that cannot finish) is later
        # than any realised finish: covered
        q = bp[["p50", "p80", "p90"]].fillna(pd.Timestamp.max)
        for p in bp.index[(bp["remaining_estimate_hours"] > 0) & bp.index.isin(realised.index)]:
            r = realised[p]
            rows.append({"data": label, "variant": name, "cut": cut.date(),
                         "p50": r <= q.loc[p, "p50"], "p80": r <= q.loc[p, "p80"], "p90": r <= q.loc[p, "p90"],
                         "beyond horizon": pd.isna(bp.loc[p, "p90"]),
                         "days late vs P50": (r - bp.loc[p, "p50"]).days if pd.notna(bp.loc[p, "p50"]) else np.nan})


def evaluate_finish(sample, cuts, n_trials=2000) -> pd.DataFrame:
    """Rows (capacity variant, cut, project, covered at each level) for the projects running at each cut."""
    full = sample.tasks[sample.tasks[S.STATUS] != S.CANCELLED]
    complete = ~full[S.STATUS].isin(S.UNFINISHED_STATUSES).groupby(full[S.PROJECT_ID]).any()
    finished = full[S.FINISHED].groupby(full[S.PROJECT_ID]).max()[complete].dt.normalize()
    rows = []
    for cut in cuts:
        past = tasks_as_of(sample.tasks, cut)
        model = EstimationAccuracyModel(random_state=0).fit(past)
        _finish_rows(model, past, sample.people, cut, finished, "auto", "sample, finish dates", n_trials, rows,
                     sample.projects)
    return pd.DataFrame(rows)


def naive_people(tasks: pd.DataFrame) -> pd.DataFrame:
    """The people table an analyst who knows nothing better fills in: 40 h a week, availability 1."""
    names = sorted(tasks[S.ASSIGNEE].dropna().astype(str).unique())
    return pd.DataFrame({S.PERSON: names, S.ROLE: "dev", S.HOURS_PER_WEEK: 40.0, S.AVAILABILITY: 1.0,
                         S.START: pd.NaT, S.END: pd.NaT})


def evaluate_finish_sip(sip, cuts, n_trials=1000) -> pd.DataFrame:
    """SiP with a naive people table: the work open at each cut (and finished since), its last finish."""
    people = naive_people(sip)
    later_done = set(sip.loc[sip[S.STATUS] == S.DONE, S.TASK_ID])
    done = sip[sip[S.TASK_ID].isin(later_done)]
    whole_finish = done[S.FINISHED].groupby(done[S.PROJECT_ID]).max().dt.normalize()
    rows = []
    for cut in cuts:
        past = tasks_as_of(sip, cut)
        past = past[past[S.TASK_ID].isin(later_done)]
        op = past[past[S.STATUS].isin(S.UNFINISHED_STATUSES)]
        realised = sip.set_index(S.TASK_ID).loc[op[S.TASK_ID], S.FINISHED].groupby(
            op[S.PROJECT_ID].to_numpy()).max().dt.normalize()
        model = EstimationAccuracyModel(random_state=0).fit(past)
        _finish_rows(model, past, people, cut, realised, None, "SiP, naive people, work open at cut", n_trials, rows)
        whole = whole_finish.reindex(realised.index)
        _finish_rows(model, past, people, cut, whole, None, "SiP, naive people, every later task", n_trials, rows)
    return pd.DataFrame(rows)


def table(res: pd.DataFrame) -> pd.DataFrame:
    g = res.groupby(["data", "variant"], sort=False)
    out = g[["p50", "p80", "p90"]].mean().round(3)
    out["n (project, cut)"] = g.size()
    out["pit sd (uniform 0.289)"] = g["pit"].std().round(3)
    out["mean ratio"] = (g["mean"].sum() / g["realised"].sum()).round(3)
    rest = res.assign(m=res["mean"] - res["spent"], r=res["realised"] - res["spent"]).groupby(
        ["data", "variant"], sort=False)
    out["mean ratio, after the cut"] = (rest["m"].sum() / rest["r"].sum()).round(3)
    out["icc project"] = g["icc_project"].mean().round(3)
    out["icc person"] = g["icc_person"].mean().round(3)
    return out


def main() -> None:
    t0 = time.perf_counter()
    results, finish = [], []
    seeds = (20240601, 11, 12, 13, 14, 15) if not QUICK else (20240601,)
    if "--finish-only" in sys.argv:
        seeds = seeds[:4]
    for seed in seeds:
        s = generate_sample(seed, as_of="2027-12-31")
        cuts = pd.to_datetime(["2024-09-30", "2025-03-31", "2025-09-30", "2026-03-31"])
        if "--finish-only" not in sys.argv:
            results.append(evaluate(s.tasks, cuts, "auto", "sample, total at completion (growth on)"))
        if not EFFORT_ONLY:
            finish.append(evaluate_finish(s, cuts))
    if (SIP_DIR / "Sip-task-info.csv").exists():
        sip = load_tasks(SIP_DIR, format="sip")
        fin = sip.loc[sip[S.STATUS] == S.DONE, S.FINISHED]
        cuts = [pd.Timestamp(x).normalize() for x in fin.quantile([0.4, 0.55, 0.7, 0.85])]
        if "--finish-only" not in sys.argv:
            results.append(evaluate(sip, cuts, None, "SiP, work open at the cut (growth off)"))
        if not EFFORT_ONLY:
            finish.append(evaluate_finish_sip(sip, cuts))
    else:
        print(f"SiP not found at {SIP_DIR}: skipped")
    with pd.option_context("display.width", 160, "display.max_columns", 20):
        if results:
            print("Share of held-out projects whose realised total is at or under the forecast quantile")
            print(table(pd.concat(results, ignore_index=True)))
    if finish:
        fin = pd.concat(finish, ignore_index=True)
        g = fin.groupby(["data", "variant"], sort=False)
        out = g[["p50", "p80", "p90"]].mean().round(3)
        out["n (project, cut)"] = g.size()
        out["P90 beyond horizon"] = g["beyond horizon"].mean().round(3)
        out["median days late vs P50"] = g["days late vs P50"].median()
        print("\nShare of held-out projects that finished on or before the forecast date")
        print(out.to_string())
    print(f"\n({time.perf_counter() - t0:.0f} s)")


if __name__ == "__main__":
    main()
