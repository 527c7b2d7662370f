"""Timing of EstimationAccuracyModel at 10k, 100k and 1M synthetic tasks (2-core machine, noisy).

Tasks are drawn from the bundled sample's generating model (heaped estimates,
slope 0.85, person, type and project effects, a point mass at the estimate),
scaled up by resampling people, types and projects. Prints seconds per step and
per-task cost, so linearity can be read off the ratios within one run.

    .venv/bin/python benchmarks/bench_accuracy_scale.py [max_n]
"""

from __future__ import annotations

import sys
import time

import numpy as np
import pandas as pd

from pmo_forecast import EstimationAccuracyModel
from pmo_forecast.core import schema as S


def synthetic_tasks(n: int, seed: int = 0) -> pd.DataFrame:
    """``n`` finished tasks, 40 people per 10k tasks (at most 2,000), 12 types, 1 project per 300 tasks."""
    rng = np.random.default_rng(seed)
    n_people, n_proj = min(2000, max(20, n // 250)), max(10, n // 300)
    person_bias = rng.normal(0, 0.2, n_people)
    p_exact = rng.beta(4, 8, n_people)
    proj_eff = rng.normal(0, 0.25, n_proj)
    type_eff = rng.normal(0, 0.1, 12)
    who, proj, typ = rng.integers(0, n_people, n), rng.integers(0, n_proj, n), rng.integers(0, 12, n)
    grid = np.array([0.5, 1, 2, 3, 4, 6, 7, 8, 12, 14, 16, 21, 24, 28, 35, 40])
    size = np.exp(rng.normal(np.log(6.0), 1.1, n))
    est = np.where(rng.random(n) < 0.85, grid[np.abs(np.log(size)[:, None] - np.log(grid)).argmin(1)],
                   np.maximum(0.25, np.round(size * 4) / 4))
    mu = 0.35 + 0.85 * np.log(est) + person_bias[who] + proj_eff[proj] + type_eff[typ]
    act = np.maximum(0.25, np.round(np.exp(mu + 0.55 * rng.standard_normal(n)) * 4) / 4)
    act = np.where(rng.random(n) < p_exact[who], est, act)
    finished = pd.Timestamp("2020-01-01") + pd.to_timedelta(np.sort(rng.uniform(0, 5 * 365, n)), unit="D")
    return pd.DataFrame({
        S.TASK_ID: np.arange(n).astype(str), S.PROJECT_ID: np.char.add("P", proj.astype(str)),
        S.ASSIGNEE: np.char.add("person ", who.astype(str)), S.TASK_TYPE: np.char.add("type ", typ.astype(str)),
        S.ESTIMATE: est, S.ACTUAL: act, S.FINISHED: finished, S.STATUS: S.DONE,
    })


def main(max_n: int = 1_000_000) -> None:
    print("seconds on this machine: wall clock and this process's CPU (2 cores shared with other work)")
    rows = []
    for n in (10_000, 100_000, 1_000_000):
        if n > max_n:
            break
        tasks = synthetic_tasks(n)
        t0, c0 = time.perf_counter(), time.process_time()
        model = EstimationAccuracyModel(random_state=0).fit(tasks)
        t1, c1 = time.perf_counter(), time.process_time()
        model.predict_quantiles(tasks, (0.1, 0.5, 0.8, 0.9))
        t2 = time.perf_counter()
        n_draws = max(10, min(100, 10_000_000 // n))  # at most 10 million draws (80 MB) at once
        c2 = time.process_time()
        model.sample(tasks, n_draws=n_draws, random_state=1)
        t3, c3 = time.perf_counter(), time.process_time()
        model.quantile_table(tasks.iloc[:1000], n_levels=200)
        t4 = time.perf_counter()
        rows.append({"tasks": n, "fit_s": t1 - t0, "fit_cpu_s": c1 - c0, "predict_quantiles_s": t2 - t1, "n_draws": n_draws,
                     "sample_s": t3 - t2, "sample_cpu_s": c3 - c2, "quantile_table_1k_tasks_s": t4 - t3,
                     "fit_us_per_task": 1e6 * (t1 - t0) / n, "sample_ns_per_draw": 1e9 * (t3 - t2) / (n * n_draws),
                     "half_life": model.half_life_})
    with pd.option_context("display.width", 160, "display.max_columns", 20):
        print(pd.DataFrame(rows).set_index("tasks").round(4))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
