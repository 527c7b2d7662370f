"""Little's law as a consistency check on a queue's log: L = lambda x W.

Shared by the request-log fit (:func:`pmo_forecast.fit_pool_queue`) and the
simulation (:class:`pmo_forecast.QueueSimulation`), below both.
"""

from __future__ import annotations

import numpy as np


def littles_law(arrive, start, t0, t1, lam, mean_wait, step=0.25) -> dict:
    """Number waiting counted every ``step`` hours on [t0, t1] against lam x W.

    ``start`` is inf for requests still waiting. The count on a grid is an estimate
    independent of the per-request mean wait, so a large discrepancy flags an
    inconsistent log (waits censored at the end, wrong start times) or a short window.

    Returns
    -------
    dict
        ``mean_number_waiting``, ``arrival_rate_x_mean_wait`` and their
        ``relative_discrepancy``.
    """
    grid = np.arange(t0, t1, step)
    waiting = np.searchsorted(np.sort(arrive), grid, side="right") - np.searchsorted(np.sort(start), grid, side="right")
    l_obs = float(waiting.mean())
    lw = float(lam * mean_wait)
    gap = l_obs / lw - 1 if lw > 0 else (0.0 if l_obs == 0 else np.inf)  # no wait logged: nothing waits
    return {"mean_number_waiting": l_obs, "arrival_rate_x_mean_wait": lw, "relative_discrepancy": gap}
