"""Distributions stored as quantile tables on one even grid of levels, and reading them fast."""

from __future__ import annotations

import numpy as np

from ..core.labels import agree, in_words

#: Levels at which distributions are stored (quantile tables, calibration maps).
GRID = np.linspace(0.0, 1.0, 2001)


def requested_levels(quantiles) -> np.ndarray:
    """The levels a ``predict_quantiles`` is asked for, as a 1-d float array, each strictly between 0 and 1 and
    given once (one column per level); anything else raises a ``ValueError`` naming it."""
    try:
        q = np.atleast_1d(np.asarray(quantiles, dtype=float))
    except (TypeError, ValueError):
        q = np.empty((0, 0))
    if q.ndim != 1 or not len(q):  # a table of levels is said by its shape: its numbers alone would read as a list
        got = f"a table of levels ({' x '.join(map(str, q.shape))})" if q.size else in_words(quantiles, kind=True)
        raise ValueError(f"quantiles must be a list of levels between 0 and 1, e.g. (0.1, 0.5, 0.9), got {got}.")
    if not np.all((q > 0) & (q < 1)):  # NaN too
        raise ValueError(f"quantiles must lie strictly between 0 and 1, got {in_words(q)}.")
    _, first = np.unique(q, return_index=True)
    again = sorted(set(np.delete(q, first).tolist()))
    if again:  # a level given twice made two columns of one label: ``forecast[0.5]`` was a table
        raise ValueError(f"{agree(len(again), 'quantile', 'quantiles')} {in_words(again)} "
                         f"{agree(len(again), 'is', 'are')} given more than once; give each level once.")
    return q


def quantiles_sorted(a, q):
    """``np.quantile(a, q)`` (its default, linear method) of an already sorted array.

    ``np.quantile`` partitions the data around every requested level; with the
    2,001 levels of ``GRID`` that costs more than the rest of a side's fit. On
    data sorted once, the same order statistics are read by index and
    interpolated with numpy's own arithmetic (Hyndman & Fan's method 7: index
    ``(n - 1) q``, then numpy's two-sided linear interpolation), so the result is
    bit-identical; ``tests/test_accuracy.py`` checks it against ``np.quantile``.
    An array ending in NaN (NaN sorts last) gives NaN, as ``np.quantile`` does.
    """
    a, q = np.asarray(a, dtype=float), np.asarray(q, dtype=float)
    n = len(a)
    if n == 0 or np.isnan(a[-1]):
        return np.full(q.shape, np.nan)
    virtual = (n - 1) * q  # numpy's virtual index for its linear method
    prev = np.floor(virtual)
    nxt = prev + 1
    top, bottom = virtual >= n - 1, virtual < 0
    prev[top], nxt[top] = -1, -1
    prev[bottom], nxt[bottom] = 0, 0
    prev, nxt = prev.astype(np.intp), nxt.astype(np.intp)
    lo, hi = a[prev], a[nxt]
    t = virtual - prev
    diff = hi - lo
    out = lo + diff * t
    np.subtract(hi, diff * (1 - t), out=out, where=t >= 0.5)  # numpy's lerp, exact at both ends
    return out


def on_grid(u, table):
    """``np.interp(u, GRID, table)`` by index arithmetic (the grid is even): no search per value."""
    pos = np.clip(u, 0.0, 1.0) * (len(table) - 1)
    i = np.minimum(pos.astype(np.intp), len(table) - 2)
    f = pos - i
    return table[i] * (1 - f) + table[i + 1] * f
