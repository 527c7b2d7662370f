"""Are the draws of work under way right? Held-out SiP tasks drawn conditional on hours already booked.

A task still running with ``k`` times its estimate booked is drawn from the accuracy model conditional on its
total exceeding that (``quantile_table(..., at_least=)``). Checked on finished tasks, which show what such
work went on to take: fit on the earliest share of SiP's finished tasks by finish date; for each held-out task
whose actual exceeded ``k`` times its estimate, the conditional quantiles given ``k`` times its estimate booked.
Prints, per test share and ``k``: the count, the share of actuals at or under the conditional P50 / P80 / P90
(calibrated = 0.5 / 0.8 / 0.9) and the summed conditional means over the summed actuals.

    .venv/bin/python benchmarks/bench_booked_conditional.py [sip_dir]
"""

from __future__ import annotations

import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from pmo_forecast import EstimationAccuracyModel, load_tasks
from pmo_forecast.core import schema as S

SIP_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "sip"
N_LEVELS = 200


def main() -> None:
    t0 = time.perf_counter()
    warnings.simplefilter("ignore")
    sip = load_tasks(Path(sys.argv[1]) if len(sys.argv) > 1 else SIP_DIR, format="sip")
    done = sip[sip[S.STATUS] == S.DONE].sort_values(S.FINISHED, kind="stable").reset_index(drop=True)
    rows = []
    for share in (0.3, 0.5):
        cut = int(len(done) * (1 - share))
        train, test = done.iloc[:cut], done.iloc[cut:]
        model = EstimationAccuracyModel(random_state=0).fit(train)
        ratio = (test[S.ACTUAL] / test[S.ESTIMATE]).to_numpy()
        for k in (1, 1.5, 2, 3, 5, 10):
            t = test[ratio > k]
            booked = k * t[S.ESTIMATE].to_numpy(float)
            q = model.quantile_table(t, n_levels=N_LEVELS, at_least=booked)
            actual = t[S.ACTUAL].to_numpy(float)
            rows.append({"test share": share, "k": k, "tasks": len(t),
                         **{f"P{round(100 * lv)}": np.mean(actual <= q[:, round(lv * N_LEVELS)])
                            for lv in (0.5, 0.8, 0.9)},
                         "means / actuals": q.mean(axis=1).sum() / actual.sum()})
    print(pd.DataFrame(rows).round(2).to_string(index=False))
    print(f"\n({time.perf_counter() - t0:.0f} s)")


if __name__ == "__main__":
    main()
