"""The accuracy model on the synthetic test bench: one person, drift, step change, coarse grid, skewed sizes.

Each shape (``pmo_forecast.inputs.testbench``) is a history with known truth; the
backtest fits on the earliest 70% by finish date and scores the rest against
the five baselines. The oracle row scores the generating model's own quantiles,
the best any method can do on that test period. The "oracle at the split" knows the
truth only up to the last training task and holds the time-varying bias at its value
then (the best forecast of a random walk; a trend or wander after the split is news to
it): the best a forecaster that cannot see the future can do.

    .venv/bin/python benchmarks/bench_accuracy_shapes.py [seed]
"""

from __future__ import annotations

import sys
import time

import numpy as np

from pmo_forecast import EstimationAccuracyModel, backtest
from pmo_forecast.core import schema as S
from pmo_forecast.estimation.backtest import calibration_error, calibration_interval, log_pinball
from pmo_forecast.inputs.testbench import HARD_SHAPES, SHAPES, generate_shape

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from bench_accuracy_sip import report  # noqa: E402

QS = (0.1, 0.5, 0.8, 0.9)


def mean_ratio(truth, test) -> float:
    """Summed true means / summed actual hours of ``test`` under ``truth`` (a TestBench)."""
    return float(truth.true_means(test).sum() / test[S.ACTUAL].sum())


def score(actual, fc) -> tuple[float, float]:
    cal = max(calibration_error(q, calibration_interval(actual, fc[q])) for q in QS)
    return cal, float(np.mean([log_pinball(actual, fc[q], q) for q in QS]))


def main(seed: int = 0) -> dict:
    out = {}
    for shape in SHAPES + HARD_SHAPES:
        bench = generate_shape(shape, seed=seed)
        t0 = time.perf_counter()
        result = backtest(EstimationAccuracyModel(random_state=0), bench.tasks, test_share=0.3)
        table = report(result, f"{shape} (seed {seed})", time.perf_counter() - t0)
        test = bench.tasks.iloc[-result.n_test:]
        train = bench.tasks.iloc[:-result.n_test]
        actual = test[S.ACTUAL].to_numpy(float)
        best = table.iloc[1:]["mean_pinball"].min()
        for label, truth in (("oracle (the generating model)", bench),
                             ("oracle at the split (bias held)", bench.held_at(len(train)))):
            cal, pin = score(actual, truth.true_quantiles(test, QS))
            print(f"{label}: max calibration error {cal:.4f}, mean log pinball {pin:.4f} "
                  f"({pin / best - 1:+.1%} against the best baseline), summed means / actuals "
                  f"{mean_ratio(truth, test):.3f}")
        out[shape] = table
    return out


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 0)
