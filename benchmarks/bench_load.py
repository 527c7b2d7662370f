"""Loading + validating 1,000,000 tasks vs plain ``pandas.read_csv`` on the same file.

Issue 2's target: at most 2x the time of ``pandas.read_csv`` and peak memory within
3x the final DataFrame's size. Writes a 1M-row CSV (resampled from the bundled
sample, unique ids) to a temporary folder and prints both timings, peak memory
and the ratios from one run. Timings on a shared 2-core machine are noisy:
compare the ratios, not the seconds.

Run: ``.venv/bin/python benchmarks/bench_load.py [n_rows]``
"""

from __future__ import annotations

import gc
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd

from pmo_forecast import load_sample, load_tasks, validate_tasks
from pmo_forecast.core import schema as S


def make_csv(path: Path, n: int, seed: int = 0) -> None:
    tasks = load_sample().tasks
    rng = np.random.default_rng(seed)
    big = tasks.iloc[rng.integers(0, len(tasks), n)].reset_index(drop=True)
    big[S.TASK_ID] = pd.Series(np.arange(n)).map("T{:07d}".format)
    big.to_csv(path, index=False, date_format="%Y-%m-%d %H:%M:%S")


def measure(func):
    """(seconds, peak traced bytes, result); tracemalloc sees numpy and pandas buffers."""
    gc.collect()
    tracemalloc.start()
    t0 = time.perf_counter()
    out = func()
    secs = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return secs, peak, out


def timed(func, repeat: int = 3) -> tuple[float, float]:
    """Best wall-clock and best CPU seconds of ``repeat`` runs.

    CPU time (this process only) is the steadier figure when other users share the cores.
    """
    wall = cpu = np.inf
    for _ in range(repeat):
        gc.collect()
        t0, c0 = time.perf_counter(), time.process_time()
        func()
        wall, cpu = min(wall, time.perf_counter() - t0), min(cpu, time.process_time() - c0)
    return wall, cpu


def main(n: int = 1_000_000) -> None:
    print(f"machine: {os.cpu_count()} cores (shared, noisy); pandas {pd.__version__}, numpy {np.__version__}")
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "tasks.csv"
        make_csv(path, n)
        print(f"file: {n:,} rows, {path.stat().st_size / 1e6:.0f} MB")
        plain = lambda: pd.read_csv(path)  # noqa: E731
        ours = lambda: validate_tasks(load_tasks(path), as_of="2026-06-30")  # noqa: E731
        plain()  # warm the page cache once
        (w_plain, c_plain), (w_ours, c_ours) = timed(plain), timed(ours)
        print(f"time  pandas.read_csv            wall {w_plain:6.2f} s  cpu {c_plain:6.2f} s")
        print(f"time  load_tasks+validate_tasks  wall {w_ours:6.2f} s  cpu {c_ours:6.2f} s")
        print(f"ratio (target <= 2)              wall {w_ours / w_plain:6.2f}    cpu {c_ours / c_plain:6.2f}")
        _, peak_plain, _ = measure(plain)
        _, peak_ours, report = measure(ours)
        final = load_tasks(path)
        size = final.memory_usage(deep=True).sum()
        print(f"final DataFrame size            {size / 1e6:7.0f} MB")
        print(f"peak  pandas.read_csv           {peak_plain / 1e6:7.0f} MB")
        print(f"peak  load_tasks+validate_tasks {peak_ours / 1e6:7.0f} MB   ratio to final "
              f"{peak_ours / size:.2f} (target <= 3)")
        print(f"validation: {len(report.errors)} errors, {len(report.warnings)} warnings")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
