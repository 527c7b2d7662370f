"""Loading + validating 1,000,000 tasks vs plain ``pandas.read_csv`` on the same file.

Issue 2's target: at most 2x the time of ``pandas.read_csv`` and peak memory within
3x the final DataFrame's size. Writes a 1M-row CSV (resampled from the bundled
sample, unique ids) to a temporary folder and prints both timings, peak memory
and the ratios from one run. Timings on a shared 2-core machine are noisy:
compare the ratios, not the seconds.

Run: ``.venv/bin/python benchmarks/bench_load.py [n_rows] [--jira | --dates | --blank-last]``

``--dates``: the canonical layout with date-only columns (``2024-03-01``), as spreadsheets
and many exports write them.

``--blank-last``: the canonical layout with every third cell of the last column (``title``) blank,
which makes the loader check the file for lines shorter than the header (a line cut short leaves
its last cells missing). That check had decoded the whole file again and widened it to four bytes
a character; it counts the line breaks, separators and quotes on the file's bytes since. At 1,000,000
rows (CPU seconds of ``load_tasks`` alone, medians of 3 in one session, 2 shared cores):
the check took 1.4 s before, 0.7 s after, of a 15 s load; peak memory 1,027 MB before, 571 MB after.

``--jira``: the same measurement on Jira's "Export CSV (all fields)" layout (the
shipped Jira sample, ``pmo-forecast sample --format jira``, repeated to ``n_rows``
with unique issue keys; dates such as ``11/May/24 03:26 PM``, hours in seconds,
34 columns with repeated headers).
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


def make_csv(path: Path, n: int, seed: int = 0, date_format: str = "%Y-%m-%d %H:%M:%S") -> None:
    tasks = load_sample().tasks
    rng = np.random.default_rng(seed)
    big = tasks.iloc[rng.integers(0, len(tasks), n)].reset_index(drop=True)
    big[S.TASK_ID] = pd.Series(np.arange(n)).map("T{:07d}".format)
    big.to_csv(path, index=False, date_format=date_format)


def make_jira_csv(path: Path, n: int) -> None:
    from pmo_forecast.inputs.tracker_sample import write_tracker_export

    src = write_tracker_export(path.with_name("jira-sample.csv"), "jira")
    raw = pd.read_csv(src, dtype=str, keep_default_na=False)
    header = src.read_text(encoding="utf-8").splitlines()[0]  # Jira repeats headers (Labels, Sprint)
    reps = -(-n // len(raw))
    big = pd.concat([raw] * reps, ignore_index=True).iloc[:n]
    key = raw.columns.get_loc("Issue key")
    num = big.iloc[:, key].str.rsplit("-", n=1).str[1].astype(int) + np.repeat(np.arange(reps), len(raw))[:n] * 100_000
    big.iloc[:, key] = big.iloc[:, key].str.rsplit("-", n=1).str[0] + "-" + num.astype(str)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(header + "\n")
        big.to_csv(f, index=False, header=False)


def blank_last_column(path: Path, every: int = 3) -> None:
    """Blank every ``every``-th cell of the file's last column (``--blank-last``)."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df.iloc[::every, -1] = ""
    df.to_csv(path, index=False)


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


def main(n: int = 1_000_000, layout: str = "canonical") -> None:
    print(f"machine: {os.cpu_count()} cores (shared, noisy); pandas {pd.__version__}, numpy {np.__version__}")
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "tasks.csv"
        if layout == "jira":
            make_jira_csv(path, n)
        else:
            make_csv(path, n, date_format="%Y-%m-%d" if layout == "dates" else "%Y-%m-%d %H:%M:%S")
        if layout == "blank-last":
            blank_last_column(path)
        print(f"file: {n:,} rows, {path.stat().st_size / 1e6:.0f} MB, layout {layout}")
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
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    flags = [a[2:] for a in sys.argv[1:] if a.startswith("--")]
    main(int(args[0]) if args else 1_000_000, layout=flags[0] if flags else "canonical")
