"""Loading a wide task table: a Jira-style export of 8,000 columns and 20 rows.

The task table's own columns (task_id to status) and 7,992 ``Custom field (X{i})`` columns, one in seven
holding a value. A wide export's time goes to its headers, not its cells: each pass over them (a header
spelt as a column, a column looked up by name) and each copy of what the frame carries in ``attrs`` costs
thousands of calls. Prints the best CPU time of three loads and, from one profiled load, the calls made
per header (:func:`~pmo_forecast.inputs.parsing.header_name`), column look-ups
(:func:`~pmo_forecast.inputs.headers.find_column`), header guesses
(:func:`~pmo_forecast.inputs.headers.guess_columns`) and ``deepcopy`` calls (pandas copying ``attrs``).

Run: ``.venv/bin/python benchmarks/bench_wide_load.py`` (about 10 seconds on this 2-core machine).
"""

from __future__ import annotations

import cProfile
import csv
import gc
import os
import platform
import pstats
import tempfile
import time
import warnings
from pathlib import Path

import pandas as pd

from pmo_forecast import load_sample, load_tasks
from pmo_forecast.core import schema as S

OWN = [S.TASK_ID, S.PROJECT_ID, S.ESTIMATE, S.ACTUAL, S.CREATED, S.STARTED, S.FINISHED, S.STATUS]
N_COLUMNS, N_ROWS = 8_000, 20


def make_wide_csv(path: Path) -> None:
    """The sample's first rows, their own columns, then custom fields up to :data:`N_COLUMNS`."""
    tasks = load_sample().tasks.head(N_ROWS)
    n_extra = N_COLUMNS - len(OWN)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(OWN + [f"Custom field (X{i})" for i in range(n_extra)])
        for r, row in enumerate(tasks[OWN].astype(object).where(tasks[OWN].notna(), "").itertuples(index=False)):
            w.writerow([str(v) for v in row] + [f"v{r}_{i}" if i % 7 == 0 else "" for i in range(n_extra)])


def calls(path: Path) -> dict:
    """The calls one load makes to the functions that scale with the headers."""
    prof = cProfile.Profile()
    prof.enable()
    load_tasks(path)
    prof.disable()
    counts = {}
    for (file, _, name), (_, ncalls, *_rest) in pstats.Stats(prof).stats.items():
        key = {("parsing.py", "header_name"): "header_name", ("headers.py", "find_column"): "find_column",
               ("headers.py", "guess_columns"): "guess_columns", ("copy.py", "deepcopy"): "deepcopy"}.get(
            (os.path.basename(file), name))
        if key:
            counts[key] = counts.get(key, 0) + ncalls
    return counts


def main() -> None:
    warnings.simplefilter("ignore")  # the custom fields are said as not read: not what is measured
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores (shared, noisy); python {platform.python_version()}, "
          f"pandas {pd.__version__}")
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "wide.csv"
        make_wide_csv(path)
        print(f"file: {N_COLUMNS:,} columns, {N_ROWS} rows, {path.stat().st_size / 1e6:.1f} MB")
        load_tasks(path)  # warm: imports and caches
        cpu = float("inf")
        for _ in range(3):
            gc.collect()
            c0 = time.process_time()
            load_tasks(path)
            cpu = min(cpu, time.process_time() - c0)
        print(f"load_tasks  cpu {cpu:5.2f} s (best of 3)")
        for name, n in sorted(calls(path).items()):
            print(f"calls  {name:<14} {n:>9,}")


if __name__ == "__main__":
    main()
