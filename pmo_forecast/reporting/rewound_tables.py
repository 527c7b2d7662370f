"""The task table and the request log as they stood on an earlier date, rewound together.

The KPI trends (:func:`~pmo_forecast.reporting.trends.kpi_trends`) and a pack made for an earlier date
(:mod:`~pmo_forecast.reporting.pack_inputs`, ``rewind=True``) must not count work finished, or requests
handled, after it. The task table alone is rewound on floor 4 (:mod:`pmo_forecast.forecasting.rewind`);
the request log's rewind is the pool's (:func:`pmo_forecast.pool.request_log.requests_as_of`, floor 5),
so the two together live here, above both.
"""

from __future__ import annotations

import pandas as pd

from ..core import schema as S
from ..forecasting.rewind import tasks_as_of


def tables_as_of(tasks: pd.DataFrame, requests: pd.DataFrame | None, as_of):
    """The tasks and request log as they stood at the end of ``as_of`` (copies): a trend, or a
    pack, for an earlier date must not count work finished, or requests handled, after it.

    The task table is rewound by :func:`pmo_forecast.forecasting.rewind.tasks_as_of` (without
    ``created`` dates a task is known from its start or finish), the log by
    :func:`pmo_forecast.pool.request_log.requests_as_of`; ``requests`` may be None."""
    from ..pool.request_log import requests_as_of

    if S.CREATED in tasks:
        tasks = tasks_as_of(tasks, as_of)
    else:  # no created dates: a task is known from its start or finish
        tasks = tasks_as_of(tasks.assign(**{S.CREATED: pd.NaT}), as_of).drop(columns=S.CREATED)
    if requests is not None and S.REQUESTED in requests:
        requests = requests_as_of(requests, as_of)
    return tasks, requests
