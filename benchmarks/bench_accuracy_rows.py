"""The accuracy model on every row of issue 13's bench: SiP, the bundled sample, six shapes x twelve seeds.

The 77 rows the README and ``docs/estimation.md`` count ("61 of 77 rows within 0.02"): SiP
(Jones & Cullum, arXiv:1901.01621) at test shares 0.2/0.3/0.4/0.5, the bundled sample at 0.3,
and each synthetic shape (``pmo_forecast.inputs.testbench``: ``SHAPES`` and ``HARD_SHAPES``) at
seeds 0-11 at 0.3. Each row is one time-ordered ``backtest`` of ``EstimationAccuracyModel(random_state=0)``
against the five baselines, as ``bench_accuracy_sip.py`` and ``bench_accuracy_shapes.py`` run it.
Per row: the max calibration error over q = 0.1/0.5/0.8/0.9 (target <= 0.02), the mean log pinball
against the best baseline (target <= -3%), the summed forecast means / summed actuals (goal 1.00 +/-
0.05) and, on the synthetic rows, the generating model's own summed means / actuals (its truth, NaN
where the truth has no finite mean). Then the counts: rows within 0.02, rows meeting both targets,
the mean max calibration error and the mean pinball against the best baseline, and within 0.02 by shape.

SiP lives outside the repository, in ``../shared/data/sip``: its rows are run only when that folder
exists (the output says when they are left out), so without it the counts are over 73 rows. All 77
take several minutes on a shared 2-core machine (a progress bar shows how far it is).

    .venv/bin/python benchmarks/bench_accuracy_rows.py                      # all 77 rows
    .venv/bin/python benchmarks/bench_accuracy_rows.py --seeds 0-2          # a subset: seeds 0, 1, 2
    .venv/bin/python benchmarks/bench_accuracy_rows.py --only skewed,sample # those groups' rows (or rows by name: 'skewed 3')
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from tqdm import tqdm

from pmo_forecast import EstimationAccuracyModel, backtest, load_sample, load_tasks
from pmo_forecast.core import schema as S
from pmo_forecast.inputs.testbench import HARD_SHAPES, SHAPES, generate_shape

SIP_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "sip"
SIP_SHARES = (0.2, 0.3, 0.4, 0.5)
TEST_SHARE = 0.3  # the sample's and the shapes'
SEEDS = range(12)
CAL_TARGET, VS_TARGET = 0.02, -0.03


def seeds_range(text: str) -> list[int]:
    """Seeds written as ``0-11``, ``3`` or ``0,4,7-9``."""
    out = []
    for part in text.split(","):
        lo, _, hi = part.partition("-")
        out.extend(range(int(lo), int(hi or lo) + 1))
    return out


def rows(sip_dir: Path, seeds) -> list[tuple[str, str, object, float]]:
    """The rows as (name, group, a loader of the table or the TestBench, test share); SiP first when it exists."""
    out = []
    if sip_dir.is_dir():
        out += [(f"SiP {s}", "SiP", lambda: load_tasks(sip_dir, format="sip"), s) for s in SIP_SHARES]
    out.append(("sample 0.3", "sample", lambda: load_sample().tasks, TEST_SHARE))
    for shape in SHAPES + HARD_SHAPES:
        out += [(f"{shape} {seed}", shape, lambda shape=shape, seed=seed: generate_shape(shape, seed=seed),
                 TEST_SHARE) for seed in seeds]
    return out


def selected(todo: list, only: str) -> list:
    """The rows ``--only`` names, by group or whole name: ``one_person`` is not ``one_person_grid``."""
    names = {o.strip() for o in only.split(",") if o.strip()}
    return [r for r in todo if not names or r[0] in names or r[1] in names]


def run_row(data, share: float) -> dict:
    """One backtest: the model's figures, and the generating model's summed means on a synthetic row."""
    tasks = data.tasks if hasattr(data, "tasks") else data
    result = backtest(EstimationAccuracyModel(random_state=0), tasks, test_share=share)
    model = result.summary().iloc[0]
    out = {"n_test": result.n_test, "max_cal_err": model["max_cal_err"],
           "tail_cal_err": max(model["cal_err_0.95"], model["cal_err_0.99"]),
           "vs_best_baseline": model["vs_best_baseline"], "means_ratio": model["mean_ratio"],
           "truth_means_ratio": np.nan}
    if hasattr(data, "true_means"):
        test = tasks.iloc[-result.n_test:]
        out["truth_means_ratio"] = float(data.true_means(test).sum() / test[S.ACTUAL].sum())
    return out


def counts(table: pd.DataFrame) -> str:
    """The counts the README quotes, in one paragraph."""
    within = table["max_cal_err"] <= CAL_TARGET
    both = within & (table["vs_best_baseline"] <= VS_TARGET)
    by = within.groupby(table["group"], sort=False).agg(["sum", "size"])
    return (f"{within.sum()} of {len(table)} rows within {CAL_TARGET} (max calibration error), {both.sum()} meet "
            f"both targets (and pinball <= {VS_TARGET:.0%} against the best baseline); mean max calibration "
            f"error {table['max_cal_err'].mean():.4f}, mean pinball against the best baseline "
            f"{table['vs_best_baseline'].mean():+.2%}\nwithin {CAL_TARGET} by group: "
            + ", ".join(f"{g} {r['sum']} of {r['size']}" for g, r in by.iterrows()))


def main(argv=None) -> pd.DataFrame:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", default="0-11", help="the shapes' seeds: 0-11 (default), 3, or 0,4,7-9")
    parser.add_argument("--only", default="", help="comma-separated groups or row names: SiP, sample, one_person, skewed 3, ...")
    parser.add_argument("--sip-dir", type=Path, default=SIP_DIR, help=f"the SiP folder (default {SIP_DIR})")
    args = parser.parse_args(argv)
    print(f"machine: {platform.machine()} ({platform.processor() or 'cpu'}), {os.cpu_count()} cores (shared), "
          f"load {os.getloadavg()[0]:.1f}; python {platform.python_version()}, numpy {np.__version__}, "
          f"pandas {pd.__version__}")
    if not args.sip_dir.is_dir():
        print(f"SiP left out: no folder {args.sip_dir} (its four rows are not run or counted)")
    todo = selected(rows(args.sip_dir, seeds_range(args.seeds)), args.only)
    done, t0 = [], time.perf_counter()
    for name, group, load, share in tqdm(todo, desc="rows", unit="row"):
        t = time.perf_counter()
        row = {"row": name, "group": group, "test_share": share, **run_row(load(), share),
               "seconds": time.perf_counter() - t}
        done.append(row)
        tqdm.write(f"{name:20s} max cal. error {row['max_cal_err']:.4f}, {row['vs_best_baseline']:+.2%} against "
                   f"the best baseline, summed means / actuals {row['means_ratio']:.3f} "
                   f"({row['seconds']:.0f} s)")
    table = pd.DataFrame(done).set_index("row")
    with pd.option_context("display.width", 200, "display.max_rows", 200, "display.max_columns", 20,
                           "display.float_format", "{:.4f}".format):
        print(table.drop(columns="group"))
    print(counts(table))
    print(f"took {time.perf_counter() - t0:.0f} s")
    return table


if __name__ == "__main__":
    main(sys.argv[1:])
