"""Timing of the PM-pool queueing closed forms (prints figures; no asserts).

Run: .venv/bin/python benchmarks/bench_queueing.py
Machine note: 2 shared cores, noisy; compare ratios within one run, not across runs.
"""

import timeit

import numpy as np

from pmo_forecast import PoolQueue, erlang_c, fit_pool_queue, load_sample, staff_for_target


def best_us(stmt, number, repeat=7):
    return min(timeit.repeat(stmt, number=number, repeat=repeat)) / number * 1e6


def main():
    lam, mu = 0.369, 0.05 / 1.02
    sizes = np.arange(8, 41)  # a table of 33 pool sizes
    print(f"erlang_c, scalar (8 servers):               {best_us(lambda: erlang_c(lam, mu, 8), 2000):8.1f} us")
    print(f"erlang_c, table of {len(sizes)} pool sizes (8-40):   "
          f"{best_us(lambda: erlang_c(lam, mu, sizes), 2000):8.1f} us")
    big = np.arange(100, 501, 10)
    print(f"erlang_c, table of {len(big)} pool sizes (100-500): "
          f"{best_us(lambda: erlang_c(90.0, 1.0, big), 500):8.1f} us")
    q = PoolQueue(8, lam, 1.02, 0.05)
    print(f"PoolQueue(...).mean_wait + P90:             "
          f"{best_us(lambda: (q.with_(servers=9).mean_wait, q.wait_quantile(0.9)), 2000):8.1f} us")
    print(f"staff_for_target (with availability solve): "
          f"{best_us(lambda: staff_for_target(lam, 1.02, 0.05, 16, servers=8), 200):8.1f} us")
    s = load_sample()
    print(f"fit_pool_queue on the sample (2,202 req):   "
          f"{best_us(lambda: fit_pool_queue(s.requests, s.people), 5, 3) / 1000:8.1f} ms")
    fit = fit_pool_queue(s.requests, s.people)
    print(f"PoolQueueFit.replay (trace of 2,202 req):   {best_us(fit.replay, 20, 3) / 1000:8.1f} ms")
    print(f"PoolQueue.simulate, 20,000 requests (ciw):  "
          f"{best_us(lambda: q.simulate(20_000, random_state=0), 1, 2) / 1e6:8.2f} s")


if __name__ == "__main__":
    main()
