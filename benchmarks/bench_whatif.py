"""What-if latency: one staffing parameter changed, the whole chain recomputed (sample data).

The first ``run_scenario`` on a data set prepares what does not change (fits the
accuracy model, the PM-pool queue, the correlation and growth estimates, the model's
quantile rows and the per-task random numbers); every later scenario applies its change
to the tables and reruns the one engine (``forecast_finish_dates``) with those caches. This
prints that one-off cost, then the median and P90 latency of single-parameter changes,
as a notebook slider makes them, against the 200 ms target of issue 5, and next to a
cold recompute through ``forecast_overruns`` alone (what a what-if would cost without
the cache). 2-core shared machine: timings are noisy, compare the ratios within a run.

    .venv/bin/python benchmarks/bench_whatif.py [n_trials] [repeats]
"""

from __future__ import annotations

import statistics
import sys
import time

import pandas as pd

from pmo_forecast import forecast_overruns, load_sample, run_scenario
from pmo_forecast.scenarios.scenario import AvailabilityChange, Hire, Scenario, clear_cache

AS_OF = pd.Timestamp("2026-06-30")
TARGET_MS = 200.0


def changes() -> dict[str, list[Scenario]]:
    """Single-parameter changes, as the what-if panel's controls make them."""
    return {
        "approval share": [Scenario(name=f"share {s}", approval_share=s) for s in (0.05, 0.06, 0.08, 0.10, 0.12)],
        "PMs hired": [Scenario(name=f"{k} PMs", hires=tuple(Hire(f"New PM {i}", "pm", AS_OF) for i in range(k)))
                      for k in (0, 1, 2, 3)],
        "developer hired": [Scenario(name="dev", hires=(Hire("New developer", "dev", AS_OF),)),
                            Scenario(name="dev later", hires=(Hire("New developer", "dev", "2026-09-01"),))],
        "demand growth": [Scenario(name=f"growth {g}", demand_growth=g) for g in (0.9, 1.0, 1.1, 1.2)],
        "developer availability": [Scenario(name=f"dev avail {a}",
                                            availability=(AvailabilityChange(a, role="dev"),))
                                   for a in (0.7, 0.8, 0.9)],
    }


CPU_MS: list[float] = []


def timed(fn) -> float:
    """Wall-clock ms; the process CPU ms goes to CPU_MS (what the run costs without other
    users' load on the two shared cores)."""
    c0, t0 = time.process_time(), time.perf_counter()
    fn()
    CPU_MS.append((time.process_time() - c0) * 1000)
    return (time.perf_counter() - t0) * 1000


def main(n_trials: int = 2000, repeats: int = 5) -> None:
    data = load_sample()
    print(f"sample: {len(data.tasks):,} tasks, {int(data.tasks['status'].isin(['open', 'in_progress']).sum()):,} "
          f"open, {n_trials:,} trials, {repeats} repeats per change")
    clear_cache()
    first = timed(lambda: run_scenario(Scenario(), data, as_of=AS_OF, n_trials=n_trials))
    print(f"first run (prepare once: fit model and queue, draw random numbers): {first:8.0f} ms")

    all_ms, all_cpu = [], []
    print(f"{'change':<24}{'median ms':>10}{'p90 ms':>9}{'cpu ms':>8}{'runs':>6}")
    for kind, scenarios in changes().items():
        CPU_MS.clear()
        ms = [timed(lambda s=s: run_scenario(s, data, as_of=AS_OF, n_trials=n_trials))
              for _ in range(repeats) for s in scenarios]
        all_ms += ms
        all_cpu += CPU_MS
        print(f"{kind:<24}{statistics.median(ms):>10.0f}{statistics.quantiles(ms, n=10)[-1]:>9.0f}"
              f"{statistics.median(CPU_MS):>8.0f}{len(ms):>6}")
    med = statistics.median(all_ms)
    print(f"{'all single changes':<24}{med:>10.0f}{statistics.quantiles(all_ms, n=10)[-1]:>9.0f}"
          f"{statistics.median(all_cpu):>8.0f}{len(all_ms):>6}"
          f"   target < {TARGET_MS:.0f} ms median: {'met' if med < TARGET_MS else 'NOT met'}")
    with open("/proc/loadavg") as f:
        print(f"load average (other users on the 2 cores): {f.read().split()[0]}")

    # without the cache: the overrun engine alone, refitted inputs reused (model given)
    from pmo_forecast.scenarios.whatif import context

    ctx = context(data, None, AS_OF, n_trials, 0)
    cold = [timed(lambda: forecast_overruns(ctx.model, data.tasks, data.projects, n_trials=n_trials,
                                            random_state=0, scope_growth=ctx.growth,
                                            project_correlation=ctx.correlation))
            for _ in range(3)]
    print(f"forecast_overruns alone (effort only: no finish dates, queue or utilisation): "
          f"{statistics.median(cold):.0f} ms median; the whole cached chain takes "
          f"{med / statistics.median(cold):.2f}x that")


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:]]
    main(*args)
