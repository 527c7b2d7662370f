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

import copy
import sys
import time

import numpy as np

from pmo_forecast import EstimationAccuracyModel, backtest
from pmo_forecast.core import schema as S
from pmo_forecast.estimation.backtest import calibration_error, calibration_interval, log_pinball
from pmo_forecast.inputs.testbench import SHAPES, generate_shape

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from bench_accuracy_sip import report  # noqa: E402

QS = (0.1, 0.5, 0.8, 0.9)


def at_split(bench, train, test):
    """The test bench with the truth of ``test`` replaced by the one at the split (the bias held)."""
    t = bench.tasks
    fixed = np.log(t[S.ESTIMATE].to_numpy(float)) + t[S.ASSIGNEE].map(bench.truth["person_bias"]).to_numpy(
        float) + t[S.TASK_TYPE].map(bench.truth["type_effect"]).to_numpy(float)
    bias = bench.params["mu"].to_numpy() - fixed  # the time-varying part
    frozen = copy.copy(bench)
    frozen.params = bench.params.copy()
    last = bias[len(train) - 1]
    frozen.params.loc[test.index, "mu"] = fixed[len(train):] + last
    frozen.params.loc[test.index, ["spread", "p_exact"]] = bench.params.loc[train.index[-1], ["spread", "p_exact"]].to_numpy()
    return frozen


def true_means(params) -> np.ndarray:
    """Each task's mean actual hours under ``params`` (booking units ignored; NaN for Student t noise, whose exponential has no finite mean)."""
    normal = ~np.isfinite(params["df"].to_numpy(float))
    cont = np.exp(params["mu"].to_numpy() + params["spread"].to_numpy() ** 2 / 2)
    return np.where(normal, cont, np.nan)


def mean_ratio(bench, params, test) -> float:
    """Summed true means / summed actual hours of ``test`` under ``params``."""
    p = params.loc[test.index]
    est = test[S.ESTIMATE].to_numpy(float)
    mean = p["p_exact"].to_numpy() * est + (1 - p["p_exact"].to_numpy()) * true_means(p)
    return float(mean.sum() / test[S.ACTUAL].sum())


def score(actual, fc) -> tuple[float, float]:
    cal = max(calibration_error(q, calibration_interval(actual, fc[q])) for q in QS)
    return cal, float(np.mean([log_pinball(actual, fc[q], q) for q in QS]))


def main(seed: int = 0) -> dict:
    out = {}
    for shape in SHAPES:
        bench = generate_shape(shape, seed=seed)
        t0 = time.perf_counter()
        result = backtest(EstimationAccuracyModel(random_state=0), bench.tasks, test_share=0.3)
        table = report(result, f"{shape} (seed {seed})", time.perf_counter() - t0)
        test = bench.tasks.iloc[-result.n_test:]
        train = bench.tasks.iloc[:-result.n_test]
        actual = test[S.ACTUAL].to_numpy(float)
        best = table.iloc[1:]["mean_pinball"].min()
        for label, truth in (("oracle (the generating model)", bench),
                             ("oracle at the split (bias held)", at_split(bench, train, test))):
            cal, pin = score(actual, truth.true_quantiles(test, QS))
            print(f"{label}: max calibration error {cal:.4f}, mean log pinball {pin:.4f} "
                  f"({pin / best - 1:+.1%} against the best baseline), summed means / actuals "
                  f"{mean_ratio(truth, truth.params, test):.3f}")
        out[shape] = table
    return out


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 0)
