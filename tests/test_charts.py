"""The committee's charts: what they draw for a figure that is not known."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from pmo_forecast.reporting.charts import chance_chart


def test_a_chance_not_known_is_said_on_the_chance_chart_not_drawn_as_0():
    # a project without a due date (or budget) had a bar of 0%: the same as one sure to be on time
    p = pd.DataFrame({"project_id": ["A", "B"], "prob_late": [np.nan, 0.0], "prob_overrun": [0.3, np.nan]})
    ax = chance_chart(p)
    said = sorted((t.get_text(), t.get_position()[1]) for t in ax.texts)
    assert said == [("not known (no budget)", 1.2), ("not known (no due date)", -0.2)]
    plt.close("all")
