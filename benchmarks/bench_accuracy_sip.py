"""The SiP backtest: the accuracy model against the five baselines at test shares 0.2, 0.3, 0.4 and 0.5.

SiP (Jones & Cullum, arXiv:1901.01621) lives outside the repository, in
``../shared/data/sip``; pass another folder as the first argument. For each test
share, fits on the earliest finished tasks by finish date and scores the latest
share: calibration error at q = 0.1/0.5/0.8/0.9 (and the tail levels 0.95, 0.99),
mean log pinball, and summed forecast means / summed actual hours.

    .venv/bin/python benchmarks/bench_accuracy_sip.py [sip_dir]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pandas as pd

from pmo_forecast import EstimationAccuracyModel, backtest, load_tasks

SIP_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "sip"
SHARES = (0.2, 0.3, 0.4, 0.5)
COLUMNS = ["max_cal_err", "cal_err_0.95", "cal_err_0.99", "mean_pinball", "vs_best_baseline", "mean_ratio"]


def report(result, label: str, took: float) -> pd.DataFrame:
    """Print one backtest's table and the model's line against the bars; return the table."""
    table = result.summary()
    with pd.option_context("display.width", 200, "display.max_columns", 30,
                           "display.float_format", "{:.4f}".format):
        print(f"\n== {label}: {result._title()}")
        print(table[COLUMNS])
    model = table.iloc[0]
    print(f"model: max calibration error {model['max_cal_err']:.4f} (bar <= 0.02); mean log pinball "
          f"{model['mean_pinball']:.4f}, {model['vs_best_baseline']:+.1%} against the best baseline "
          f"(bar <= -3%); summed means / actuals {model['mean_ratio']:.3f} (goal 1.00 +/- 0.05); took {took:.1f} s")
    return table


def main(sip_dir=SIP_DIR) -> dict:
    tasks = load_tasks(sip_dir, format="sip")
    out = {}
    for share in SHARES:
        t0 = time.perf_counter()
        result = backtest(EstimationAccuracyModel(random_state=0), tasks, test_share=share)
        out[share] = report(result, f"SiP, test share {share}", time.perf_counter() - t0)
    return out


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else SIP_DIR)
