"""Working-time arithmetic: known answers on a hand-checked calendar."""

import numpy as np
import pandas as pd
import pytest

from pmo_forecast.core.calendar import (
    add_working_hours,
    business_day_offsets,
    offsets_to_dates,
    working_hours_between,
)


def test_working_hours_skip_nights_and_weekends():
    fri_4pm = pd.Timestamp("2024-05-03 16:00")  # a Friday
    out = add_working_hours(fri_4pm, [0.5, 1, 2, 9, 40])
    expected = pd.to_datetime(["2024-05-03 16:30", "2024-05-03 17:00", "2024-05-06 10:00",
                               "2024-05-06 17:00", "2024-05-10 16:00"])
    assert (out == expected).all()
    assert np.allclose(working_hours_between([fri_4pm] * 5, out), [0.5, 1, 2, 9, 40])


def test_holidays_are_not_working_days():
    mon = pd.Timestamp("2024-05-06 09:00")
    # with Tuesday 7 May a holiday, 16 working hours from Monday 09:00 end on Wednesday 17:00
    out = add_working_hours(mon, 16, holidays=["2024-05-07"])
    assert out[0] == pd.Timestamp("2024-05-08 17:00")
    assert working_hours_between([mon], [pd.Timestamp("2024-05-08 17:00")], holidays=["2024-05-07"])[0] == 16


def test_business_day_offsets_round_trip():
    origin = pd.Timestamp("2024-12-20")  # Friday
    days = offsets_to_dates([0, 1, 5], origin, holidays=["2024-12-25", "2024-12-26"])
    assert list(days.strftime("%Y-%m-%d")) == ["2024-12-20", "2024-12-23", "2024-12-31"]
    assert list(business_day_offsets(days, origin, holidays=["2024-12-25", "2024-12-26"])) == [0, 1, 5]


def test_missing_timestamps_give_nan():
    out = working_hours_between([pd.NaT, pd.Timestamp("2024-05-06 09:00")],
                                [pd.Timestamp("2024-05-06 10:00"), pd.NaT])
    assert np.isnan(out).all()


def test_offsets_beyond_a_timestamp_are_never_not_wrapped_dates():
    d = offsets_to_dates([0, 1e6, 1e8, np.inf, np.nan], "2026-06-30")
    assert d[0] == pd.Timestamp("2026-06-30")
    assert d[1:].isna().all()  # were 1767-09-08 and 1866-01-07


def test_period_freq_one_rule_for_trends_demand_and_workload():
    from pmo_forecast.core.calendar import period_freq

    assert [period_freq(f) for f in ("MS", "ME", "M", "QS", "W-MON", "YS", "QS-APR", "Q-MAR", "YS-APR")] == \
        ["M", "M", "M", "Q", "W", "Y", "Q-MAR", "Q-MAR", "Y-MAR"]
    with pytest.raises(ValueError, match=r"^freq='2W': periods are one week"):
        period_freq("2W")
    assert period_freq("W-SUN") == "W"  # pandas' own weekly spelling (fuzz round 22: refused)
    with pytest.raises(ValueError, match=r"^freq='W-WED': periods are one week"):
        period_freq("W-WED")  # weeks from Thursday are not the package's weeks


def test_spans_are_merged_where_they_overlap_or_touch_within_each_group():
    from pmo_forecast.core.calendar import merged_spans

    g, a, b = merged_spans(["q", "p", "p", "p", "q", "p"], [5, 4, 0, 2, 1, 9], [6, 6, 2, 3, 2, 10])
    # p: 0-2 touches 2-3, 4-6 and 9-10 stand alone; q: 1-2 and 5-6 apart
    assert g.tolist() == ["p", "p", "p", "q", "q"]
    assert a.tolist() == [0, 4, 9, 1, 5] and b.tolist() == [3, 6, 10, 2, 6]
    assert [len(x) for x in merged_spans([], [], [])] == [0, 0, 0]
