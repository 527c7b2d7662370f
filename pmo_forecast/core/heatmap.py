"""The utilisation heatmap's colours and its chart, one scale wherever utilisation is coloured.

The workbook's heatmaps (:mod:`~pmo_forecast.core.workbook`), summary.html's chart and
:meth:`~pmo_forecast.forecasting.workload_result.WorkloadResult.plot_heatmap` all draw this scale, so
one colour means one utilisation in each: green to full capacity, red above it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .schema import FULL_UTILISATION

#: A utilisation heatmap's colour scale, (utilisation, colour) from green to full capacity.
HEATMAP_SCALE = ((0.5, "#63BE7B"), (0.9, "#FFEB84"), (FULL_UTILISATION, "#FBAA77"))
#: A heatmap cell over capacity (above :data:`~pmo_forecast.core.schema.FULL_UTILISATION`).
HEATMAP_OVER = "#F8696B"
#: The heatmaps' colours in words, for their titles: the scale is a gradient between its points, so each colour is
#: said at its point, the orange of a full week too ("yellow 90%" read as a band, and a full week's orange was unsaid).
HEATMAP_KEY = (f"green up to {HEATMAP_SCALE[0][0]:.0%} of capacity, shading to yellow at {HEATMAP_SCALE[1][0]:.0%} "
               f"and orange at {HEATMAP_SCALE[2][0]:.0%}; red above {FULL_UTILISATION:.0%}")


def utilisation_heatmap(wide: pd.DataFrame, as_of=None, ax=None, vmax: float = 1.5, date_format: str = "%Y-%m-%d"):
    """Rows (people or teams) by weeks, coloured by utilisation as the workbook's heatmaps are
    (:data:`HEATMAP_SCALE`, red above full capacity); returns the Axes.

    ``wide``: utilisation with one row per person or team and one column per week (dates).
    Weeks with work but no capacity are drawn at ``vmax`` (red), missing figures in grey. The weeks are dated as
    the pack's tables date them (``date_format``, 2026-04-06): summary.html's "06 Apr 26" was its one date so
    written.
    """
    import matplotlib.pyplot as plt
    from matplotlib.colors import LinearSegmentedColormap, Normalize
    from matplotlib.ticker import PercentFormatter

    cols = pd.DatetimeIndex(wide.columns)
    w = wide.replace(np.inf, vmax).to_numpy(dtype=float)
    if ax is None:
        ax = plt.subplots(figsize=(min(16, 2 + 0.12 * len(cols)), 1 + 0.28 * len(wide)))[1]
    (low, green), _, (full, _) = HEATMAP_SCALE
    cmap = LinearSegmentedColormap.from_list(
        "utilisation", [((at - low) / (full - low), colour) for at, colour in HEATMAP_SCALE]
    ).with_extremes(under=green, over=HEATMAP_OVER, bad="0.85")  # no figure (no capacity, not employed): grey
    im = ax.imshow(np.ma.masked_invalid(w), aspect="auto", cmap=cmap, norm=Normalize(low, full),
                   interpolation="nearest")
    ax.set_yticks(range(len(wide)), [str(i) for i in wide.index])
    step = max(1, len(cols) // 10)
    ax.set_xticks(range(0, len(cols), step), [f"{c:{date_format}}" for c in cols[::step]], rotation=45, ha="right")
    if as_of is not None:
        k = np.searchsorted(cols, pd.Timestamp(as_of))
        if 0 < k < len(cols):
            ax.axvline(k - 0.5, color="k", lw=1, ls="--")
    cb = ax.figure.colorbar(im, ax=ax, extend="both")
    cb.set_label("utilisation")
    cb.ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    return ax
