"""What do finish dates miss that the calibrated default learns as a slip? A decomposition on sample cuts.

For each backdated cut (the cuts of ``bench_overrun_calibration.py``) and each project running
at it that later completes, this compares the parts of a finish-date forecast with what happened:

- delivered pace in the 13 weeks before the cut: ``estimate_pace`` (hours of tasks *finished* in
  the window) against the same hours spread over each task's started..finished span (so long
  tasks crossing the window count only their share inside it);
- remaining effort: the forecast's P50 remaining hours (open work plus scope growth) against the
  realised hours of all work not done at the cut (``rem_real / rem_fc``);
- the realised business days to the project's last finish against the P50 with stated capacity
  (``pace=1``) and with the default calibrated capacity, and against the days the project's
  remaining team would need at full stated capacity on the realised hours (``cap_days_ratio``).

Run: ``.venv/bin/python benchmarks/bench_finish_decomposition.py [--quick]``
"""

from __future__ import annotations

import sys
import warnings

import numpy as np
import pandas as pd

from pmo_forecast import EstimationAccuracyModel, generate_sample
from pmo_forecast.core import schema as S
from pmo_forecast.core.capacity import weekly_capacity
from pmo_forecast.forecasting.finish import forecast_finish_dates
from pmo_forecast.forecasting.overrun import estimate_correlation, tasks_as_of
from pmo_forecast.forecasting.pace import estimate_pace

warnings.simplefilter("ignore")
QUICK = "--quick" in sys.argv
WINDOW = 91


def _bd(a, b) -> int:
    return int(np.busday_count(np.datetime64(pd.Timestamp(a).date()), np.datetime64(pd.Timestamp(b).date())))


def spread_pool_pace(past: pd.DataFrame, people: pd.DataFrame, cut) -> float:
    """Team pace with each finished task's hours spread over its started..finished span."""
    w0 = cut - pd.Timedelta(days=WINDOW)
    d = past[(past[S.STATUS] == S.DONE) & (past[S.ACTUAL] > 0) & past[S.STARTED].notna()]
    tot = (d[S.FINISHED] - d[S.STARTED]).dt.total_seconds().clip(lower=60)
    inside = (d[S.FINISHED].clip(upper=cut) - d[S.STARTED].clip(lower=w0)).dt.total_seconds().clip(lower=0)
    hours = (d[S.ACTUAL] * np.minimum(inside / tot, 1.0)).groupby(d[S.ASSIGNEE]).sum()
    per_day = pd.Series(np.asarray(weekly_capacity(people)) / 5, index=people[S.PERSON])
    who = hours.index[hours > 0].intersection(per_day.index)
    return float(hours[who].sum() / (per_day[who].sum() * _bd(w0 + pd.Timedelta(days=1), cut + pd.Timedelta(days=1))))


def decompose(seed: int, cuts, n_trials: int = 300) -> tuple[pd.DataFrame, pd.DataFrame]:
    s = generate_sample(seed, as_of="2027-12-31")
    full = s.tasks[s.tasks[S.STATUS] != S.CANCELLED]
    complete = ~full[S.STATUS].isin(S.UNFINISHED_STATUSES).groupby(full[S.PROJECT_ID]).any()
    finished = full[S.FINISHED].groupby(full[S.PROJECT_ID]).max()[complete].dt.normalize()
    per_day = pd.Series(np.asarray(weekly_capacity(s.people)) / 5, index=s.people[S.PERSON])
    rows, paces = [], []
    for cut in cuts:
        past = tasks_as_of(s.tasks, cut)
        paces.append({"seed": seed, "cut": cut.date(),
                      "pace (finished in window)": estimate_pace(past, s.people, as_of=cut).attrs["pool"],
                      "pace (hours spread over span)": spread_pool_pace(past, s.people, cut)})
        model = EstimationAccuracyModel(random_state=0).fit(past)
        icc = estimate_correlation(model, past, random_state=0)
        fc = {k: forecast_finish_dates(model, past, s.people, as_of=cut, n_trials=n_trials, random_state=1,
                                       project_correlation=icc, pace=k, scope_growth="auto")
              for k in (1.0, "calibrated")}
        bp, bpc = fc[1.0].by_project(), fc["calibrated"].by_project()
        rem_fc = pd.Series(np.median(fc[1.0].effort_samples, axis=0) - fc[1.0].spent, index=fc[1.0].project_ids)
        done_ids = past.loc[past[S.STATUS] == S.DONE, S.TASK_ID]
        for p in bp.index[(bp["remaining_estimate_hours"] > 0) & bp.index.isin(finished.index)]:
            ft = full[full[S.PROJECT_ID] == p]
            after = ft[~ft[S.TASK_ID].isin(done_ids)]
            rem_real = after[S.ACTUAL].sum()
            real_days = max(_bd(cut, finished[p]), 1)
            team_cap = per_day.reindex(after[S.ASSIGNEE].dropna().unique()).sum()
            rows.append({"seed": seed, "cut": cut.date(), S.PROJECT_ID: p,
                         "rem_real / rem_fc": rem_real / rem_fc[p],
                         "days / P50 (stated)": real_days / max(_bd(cut, bp.loc[p, "p50"]), 1),
                         "days / P50 (calibrated)": real_days / max(_bd(cut, bpc.loc[p, "p50"]), 1),
                         "days / days at team's stated capacity": real_days / (rem_real / team_cap)})
    return pd.DataFrame(rows), pd.DataFrame(paces)


def main() -> None:
    seeds = (20240601,) if QUICK else (20240601, 11)
    cuts = pd.to_datetime(["2024-09-30", "2026-03-31"] if QUICK else
                          ["2024-09-30", "2025-03-31", "2025-09-30", "2026-03-31"])
    parts = [decompose(seed, cuts) for seed in seeds]
    rows = pd.concat([p[0] for p in parts], ignore_index=True)
    paces = pd.concat([p[1] for p in parts], ignore_index=True)
    with pd.option_context("display.width", 160, "display.max_columns", 20):
        print("Team pace in the 13 weeks before each cut")
        print(paces.round(2).to_string(index=False))
        print(f"\nRatios per running project-cut (n = {len(rows)}): quantiles 10/25/50/75/90%")
        print(rows.drop(columns=["seed", "cut", S.PROJECT_ID]).quantile([0.1, 0.25, 0.5, 0.75, 0.9]).round(2).T)
        print(f"share with realised remaining hours <= forecast P50: {(rows['rem_real / rem_fc'] <= 1).mean():.2f}")


if __name__ == "__main__":
    main()
