"""Time of notebook 07's history cell: the forecasts past meetings would have made, on the bundled sample.

Runs :func:`pmo_forecast.record_past_forecasts` as the notebook's cell does (the bundled sample, the three month
ends before its as-of date and the as-of date, 1,000 trials, seed 0, a new forecast history) and prints the
wall-clock and the CPU seconds of this process. nbval fails a cell over 120 s (wall), on two cores shared with
other users: CPU time is the main figure, the load average is printed beside it.

    .venv/bin/python benchmarks/bench_past_forecasts.py [repeats]

(``repeats``: runs, each in a fresh history, the best of them printed too; default 1. Each run fits its models
anew: the process's fits, ``FITS``, are cleared before it, as in the notebook's first run.)

fix-perf: the cell's call in a fresh process, CPU seconds, three runs each, before and after taken in turn
in one session (2 shared cores, load average 8-13): 28.5 s before (28.5, 31.7, 27.6), 25.6 s after (25.6, 25.9,
24.5), medians; same forecasts. The fits on earlier history are most of it: the backfitting passes, and the
recalibration folds' fits, which no longer fit the bias part only the summary reads; the slip's cuts share their
random numbers.
"""

from __future__ import annotations

import os

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):  # as the notebook runs on 2 cores
    os.environ.setdefault(var, "1")

import platform  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from pathlib import Path  # noqa: E402

import pmo_forecast as pf  # noqa: E402
from pmo_forecast.estimation.refit import FITS  # noqa: E402
from pmo_forecast.reporting import past_forecasts  # noqa: E402, F401  (imported before the clock starts)

DATA = Path(__file__).resolve().parents[1] / "data" / "sample"
#: nbval's timeout for one cell (tests/jupyter), in wall-clock seconds.
CELL_TIMEOUT_S = 120.0


def main(repeats: int = 1) -> None:
    tasks = pf.load_tasks(DATA / "tasks.csv")
    projects = pf.load_projects(DATA / "projects.csv")
    people = pf.load_people(DATA / "people.csv")
    warnings.simplefilter("ignore")
    rows = []
    for _ in range(int(repeats)):
        FITS.clear()
        with tempfile.TemporaryDirectory(prefix="bench-past-") as tmp:
            history = pf.ForecastHistory(Path(tmp) / "forecast_history.sqlite")
            w0, c0 = time.perf_counter(), time.process_time()
            pf.record_past_forecasts(history, tasks, projects, people, n_trials=1000, random_state=0)
            rows.append((time.perf_counter() - w0, time.process_time() - c0))
    print("notebook 07's history cell (record_past_forecasts), bundled sample, 4 meetings, 1,000 trials, seed 0")
    for k, (w, c) in enumerate(rows, 1):
        print(f"run {k}: wall {w:7.2f} s   cpu {c:7.2f} s")
    w, c = min(r[0] for r in rows), min(r[1] for r in rows)
    print(f"best:  wall {w:7.2f} s   cpu {c:7.2f} s   nbval's cell timeout {CELL_TIMEOUT_S:.0f} s (wall)")
    with open("/proc/loadavg") as f:
        load = f.read().split()[0]
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
          f"load average (other users on the cores): {load}")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:]))
