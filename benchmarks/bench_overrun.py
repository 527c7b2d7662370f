"""Speed of the overrun and finish-date forecasts: 10,000 trials x 1,000 open tasks in 50 projects.

Prints, from ONE run (the machine has 2 shared cores and is noisy, so compare the ratios
within the run; each figure is the best of several interleaved repeats):

- the floor: a bare numpy resampling of the same size, written the plain way
  (``idx = rng.integers(0, L, (10_000, 1_000)); x = q[np.arange(1_000), idx]``);
- ``forecast_overruns`` end to end (model quantile table, correlated draws, scope growth,
  summary table), with the correlation estimated once beforehand and passed in (its
  backdating refits the model: timed separately, a one-off per data set);
- ``forecast_finish_dates`` end to end (people's calendars, pools, dates);
- a straightforward per-trial loop for each, as the peers write it (pure Python per trial
  and per task), timed on a few hundred trials and scaled to 10,000;
- the same per-trial loop with numpy inside (vectorised over tasks only);
- peak memory of the forecasts (tracemalloc).

Run: ``.venv/bin/python benchmarks/bench_overrun.py``
"""

from __future__ import annotations

import os

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):  # interactive: one thread
    os.environ.setdefault(var, "1")

import time  # noqa: E402
import tracemalloc  # noqa: E402
import warnings  # noqa: E402

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from pmo_forecast import EstimationAccuracyModel, load_sample  # noqa: E402
from pmo_forecast import schema as S  # noqa: E402
from pmo_forecast.forecasting.finish import forecast_finish_dates  # noqa: E402
from pmo_forecast.forecasting.overrun import estimate_correlation, forecast_overruns  # noqa: E402

warnings.simplefilter("ignore")
N_TRIALS, N_TASKS, N_PROJECTS, N_LEVELS = 10_000, 1_000, 50, 200
KW = dict(scope_growth=0.15, person_correlation=0.03)


def best(f, repeats=5):
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return min(times)


def open_tasks(people: pd.DataFrame, rng) -> pd.DataFrame:
    """1,000 open tasks in 50 projects; each project has a team of 3 to 7 (as in the sample)."""
    staff = people.loc[people[S.ROLE] != S.PM_ROLE, S.PERSON].to_numpy()
    n = N_TASKS
    teams = [rng.choice(staff, int(rng.integers(3, 8)), replace=False) for _ in range(N_PROJECTS)]
    return pd.DataFrame({
        S.TASK_ID: [f"T{i}" for i in range(n)], S.PROJECT_ID: [f"P{i % N_PROJECTS:02d}" for i in range(n)],
        S.ASSIGNEE: [rng.choice(teams[i % N_PROJECTS]) for i in range(n)],
        S.TASK_TYPE: rng.choice(["build", "test", "design"], n),
        S.ESTIMATE: np.round(np.exp(rng.normal(np.log(6), 1, n)) * 4) / 4 + 0.25, S.ACTUAL: np.nan,
        S.CREATED: pd.Timestamp("2026-06-01"), S.STARTED: pd.NaT, S.FINISHED: pd.NaT, S.STATUS: S.OPEN})


def loop_effort(q, proj, n_trials, rng):
    """The peers' way: for each trial, for each task, draw and add (pure Python)."""
    out = np.zeros((n_trials, N_PROJECTS))
    n_tasks, n_levels = q.shape
    for t in range(n_trials):
        row = out[t]
        for i in range(n_tasks):
            row[proj[i]] += q[i, int(rng.integers(n_levels))]
    return out


def loop_effort_numpy(q, proj, n_trials, rng):
    """Per-trial loop, vectorised over the tasks of each trial."""
    out = np.zeros((n_trials, N_PROJECTS))
    ar = np.arange(q.shape[0])
    for t in range(n_trials):
        out[t] = np.bincount(proj, weights=q[ar, rng.integers(0, q.shape[1], q.shape[0])], minlength=N_PROJECTS)
    return out


def loop_finish(q, proj, who, per_day, n_trials, rng):
    """Per trial: walk each person's queue, day by day arithmetic in Python."""
    out = np.zeros((n_trials, N_PROJECTS), dtype=np.int64)
    n_tasks, n_levels = q.shape
    for t in range(n_trials):
        done = {}
        for i in range(n_tasks):
            h = done.get(who[i], 0.0) + q[i, int(rng.integers(n_levels))]
            done[who[i]] = h
            day = int(np.ceil(h / per_day[who[i]] - 1e-6))
            if day > out[t, proj[i]]:
                out[t, proj[i]] = day
    return out


def main() -> None:
    rng = np.random.default_rng(0)
    sample = load_sample()
    model = EstimationAccuracyModel(random_state=0).fit(sample.tasks)
    tasks = open_tasks(sample.people, rng)
    t0 = time.perf_counter()
    corr = estimate_correlation(model, sample.tasks, random_state=0)
    t_corr = time.perf_counter() - t0
    # the benchmark tasks are all new: give them some in progress, to time the remap too
    tasks.loc[tasks.index[::10], S.STATUS] = S.IN_PROGRESS
    KW["project_correlation"] = corr
    q = model.quantile_table(tasks, N_LEVELS)
    proj = tasks[S.PROJECT_ID].str[1:].astype(int).to_numpy()
    ppl = sample.people.set_index(S.PERSON)
    per_day = (ppl[S.HOURS_PER_WEEK] * ppl[S.AVAILABILITY] / 5).to_dict()
    who = tasks[S.ASSIGNEE].to_list()

    def floor():
        idx = rng.integers(0, N_LEVELS, size=(N_TRIALS, N_TASKS))
        return q[np.arange(N_TASKS), idx]

    def effort():
        return forecast_overruns(model, tasks, n_trials=N_TRIALS, random_state=1, **KW).by_project()

    def finish():
        return forecast_finish_dates(model, tasks, sample.people, as_of="2026-06-30", n_trials=N_TRIALS,
                                     random_state=1, **KW).by_project()

    t = {"floor": [], "effort": [], "finish": []}
    for _ in range(5):  # interleaved, so load changes hit all three alike
        t["floor"].append(best(floor, 1))
        t["effort"].append(best(effort, 1))
        t["finish"].append(best(finish, 1))
    t = {k: min(v) for k, v in t.items()}
    n_loop = 200
    t_loop_e = best(lambda: loop_effort(q, proj, n_loop, rng), 1) * N_TRIALS / n_loop
    t_loop_f = best(lambda: loop_finish(q, proj, who, per_day, n_loop, rng), 1) * N_TRIALS / n_loop
    t_loop_np = best(lambda: loop_effort_numpy(q, proj, N_TRIALS, rng), 1)

    tracemalloc.start()
    effort()
    peak_e = tracemalloc.get_traced_memory()[1]
    tracemalloc.reset_peak()
    finish()
    peak_f = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()

    print(f"{N_TRIALS:,} trials x {N_TASKS:,} open tasks in {N_PROJECTS} projects "
          f"({len(set(who))} people), {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    rows = [
        ("bare numpy resampling (floor)", t["floor"], ""),
        ("forecast_overruns (effort)", t["effort"], f"{t['effort'] / t['floor']:.2f}x floor (target <= 1.5x)"),
        ("forecast_finish_dates", t["finish"], f"{t['finish'] / t['floor']:.2f}x floor (target < 300 ms)"),
        ("per-trial loop, effort (pure Python)", t_loop_e, f"effort is {t_loop_e / t['effort']:.0f}x faster"),
        ("per-trial loop, finish (pure Python)", t_loop_f, f"finish is {t_loop_f / t['finish']:.0f}x faster"),
        ("per-trial loop, effort (numpy per trial)", t_loop_np, f"effort is {t_loop_np / t['effort']:.0f}x faster"),
    ]
    for name, sec, note in rows:
        print(f"  {name:<42} {sec * 1000:9.0f} ms   {note}")
    print(f"  peak memory (tracemalloc): effort {peak_e / 2**20:.0f} MB, finish dates {peak_f / 2**20:.0f} MB "
          "(target < 1 GB)")
    print("  (pure-Python loops timed on 200 trials and scaled to 10,000)")
    print(f"  one-off estimate_correlation on the sample's history (5 backdated refits): {t_corr:.1f} s")


if __name__ == "__main__":
    main()
