"""The SiP backtest of issue 3: the accuracy model against the five baselines.

SiP (Jones & Cullum, arXiv:1901.01621) lives outside the repository, in
``../shared/data/sip``; pass another folder as the first argument. Fits on the
earliest 70% of finished tasks by finish date and scores the latest 30%.

    .venv/bin/python benchmarks/bench_accuracy_sip.py [sip_dir]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pandas as pd

from pmo_forecast import EstimationAccuracyModel, backtest, load_tasks

SIP_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "sip"


def main(sip_dir=SIP_DIR) -> pd.DataFrame:
    tasks = load_tasks(sip_dir, format="sip")
    t0 = time.perf_counter()
    result = backtest(EstimationAccuracyModel(random_state=0), tasks)
    took = time.perf_counter() - t0
    table = result.summary()
    with pd.option_context("display.width", 200, "display.max_columns", 30,
                           "display.float_format", "{:.4f}".format):
        print(result._title())
        print(table)
    model = table.iloc[0]
    print(f"\nmodel: max calibration error {model['max_cal_err']:.4f} (bar <= 0.02); mean log pinball "
          f"{model['mean_pinball']:.4f}, {-100 * model['vs_best_baseline']:.1f}% below the best baseline "
          f"(bar >= 3%); backtest took {took:.1f} s")
    return table


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else SIP_DIR)
