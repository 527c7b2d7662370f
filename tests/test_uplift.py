"""reference_class_uplift: known answers on small tables, groups, project level, warnings, plot."""

import re

import numpy as np
import pandas as pd
import pytest

from pmo_forecast import (
    DataQualityWarning,
    SchemaError,
    SmallSampleWarning,
    UpliftResult,
    reference_class_uplift,
)
from pmo_forecast.core import schema as S


def _tasks(est, act, **cols):
    n = len(est)
    df = pd.DataFrame({S.TASK_ID: [str(i) for i in range(n)], S.PROJECT_ID: "P1",
                       S.ESTIMATE: np.asarray(est, float), S.ACTUAL: np.asarray(act, float), S.STATUS: S.DONE})
    for k, v in cols.items():
        df[k] = v
    return df


def test_uplift_is_the_ratio_quantile_minus_one():
    # ratios 0.5, 1, 1, 1.5, 2 (n=5): P50 needs ratio 1 (+0%), P80 needs 1.5 (+50%), P90 needs 2 (+100%)
    t = _tasks([2, 1, 3, 2, 1], [1, 1, 3, 3, 2])
    up = reference_class_uplift(t, risks=(0.5, 0.8, 0.9), min_n=1)
    assert isinstance(up, UpliftResult)
    row = up.summary().loc["all"]
    assert row["n"] == 5
    assert row["share_over"] == pytest.approx(0.4)
    np.testing.assert_allclose(row[["uplift_p50", "uplift_p80", "uplift_p90"]], [0.0, 0.5, 1.0])
    # the promise: with the P80 uplift, at least 80% of the reference class stays within budget
    assert np.mean(t[S.ACTUAL] <= t[S.ESTIMATE] * (1 + up.uplift(0.8))) >= 0.8


def test_uplift_by_group_and_unfinished_rows_ignored():
    t = _tasks([1] * 6, [1, 2, 3, 1, 1, 0.5], **{S.TASK_TYPE: ["a", "a", "a", "b", "b", "b"]})
    t.loc[len(t)] = {S.TASK_ID: "x", S.PROJECT_ID: "P1", S.ESTIMATE: 1.0, S.ACTUAL: np.nan,
                     S.STATUS: S.OPEN, S.TASK_TYPE: "a"}
    with pytest.warns(SmallSampleWarning, match="fewer than 10 tasks"):
        up = reference_class_uplift(t, by=S.TASK_TYPE, risks=(0.5,))
    tab = up.summary()
    assert list(tab.index) == ["all", "a", "b"]
    assert list(tab["n"]) == [6, 3, 3]
    np.testing.assert_allclose(tab["uplift_p50"], [0.0, 1.0, 0.0])


def test_the_small_group_warning_agrees_with_its_count():
    # it said "1 group(s) have ...; their uplifts": one group is singular, and so are its verb and pronoun
    t = _tasks([1] * 6, [1, 2, 3, 1, 1, 0.5], **{S.TASK_TYPE: ["a", "a", "a", "a", "b", "b"]})
    with pytest.warns(SmallSampleWarning) as said:
        reference_class_uplift(t, by=S.TASK_TYPE, risks=(0.5,), min_n=3)
    assert [str(w.message) for w in said] == [
        "reference_class_uplift: 1 group has fewer than 3 tasks (b); its uplifts are rough."]
    with pytest.warns(SmallSampleWarning) as said:
        reference_class_uplift(t, by=S.TASK_TYPE, risks=(0.5,), min_n=5)
    assert [str(w.message) for w in said] == [
        "reference_class_uplift: 2 groups have fewer than 5 tasks (a, b); their uplifts are rough."]
    with pytest.raises(ValueError, match=re.escape("risks 0.5, 0.8, 0.5, 0.8 share the summary columns 'p50', 'p80'; give")):
        reference_class_uplift(t, risks=(0.5, 0.8, 0.5, 0.8))

def test_project_level_uses_completed_projects_totals():
    t = _tasks([2, 2, 4, 4, 1], [3, 3, 2, 2, 1], **{S.PROJECT_ID: ["A", "A", "B", "B", "C"]})
    t.loc[4, S.STATUS] = S.IN_PROGRESS  # project C is still running: left out
    up = reference_class_uplift(t, level="project", risks=(0.9,), min_n=1)
    # A: 6 / 4 = 1.5, B: 4 / 8 = 0.5
    np.testing.assert_allclose(np.sort(up.ratios["all"]), [0.5, 1.5])
    assert up.uplift(0.9) == pytest.approx(0.5)


def test_size_band_groups_in_size_order(sample):
    with pytest.warns(SmallSampleWarning) as said:  # the sample's rare >80h band
        up = reference_class_uplift(sample.tasks, by="size_band")
    assert [str(w.message) for w in said] == [
        "reference_class_uplift: 1 group has fewer than 10 tasks (>80h); its uplifts are rough."]
    idx = list(up.summary().index)
    assert idx[:3] == ["all", "<=1h", "1-2h"]
    # small tasks need a larger uplift (slope 0.85 < 1 in the sample's truth)
    tab = up.summary()
    assert tab.loc["<=1h", "uplift_p80"] > tab.loc["16-40h", "uplift_p80"]


def test_errors_name_the_problem(sample):
    with pytest.raises(ValueError, match=re.escape("by must name one column of the finished tasks to group them by")):
        reference_class_uplift(sample.tasks, by="colour")
    with pytest.raises(ValueError, match=re.escape("size of their estimate, got a list ('assignee')")):
        reference_class_uplift(sample.tasks, by=[S.ASSIGNEE])  # was TypeError: unhashable type: 'list'
    # the keywords as Python names them: only a Python call gives them (the notebook panel passes neither level nor
    # a risk its slider cannot reach)
    with pytest.raises(ValueError) as e:
        reference_class_uplift(sample.tasks, risks=(0.8, 1.0))
    assert str(e.value) == "risks must lie strictly between 0 and 1, got 0.8, 1.0."
    with pytest.raises(ValueError) as e:
        reference_class_uplift(sample.tasks, level="portfolio")
    assert str(e.value) == "level must be 'task' or 'project', got 'portfolio'."


def test_renders_and_plots(sample):
    import matplotlib.pyplot as plt

    up = reference_class_uplift(sample.tasks, by=S.TASK_TYPE)
    assert "uplift_p80" in up._repr_html_()
    ax = up.plot()
    assert ax.get_xlabel() == "acceptable chance of overrun"
    assert len(ax.get_lines()) >= 2
    plt.close("all")


def test_missing_group_values_in_a_string_column_are_no_group():
    # a loaded table's text columns are pandas' string dtype, whose blanks are pd.NA: comparing a group
    # with them raised "boolean value of NA is ambiguous"; the tasks count in "all" only
    t = _tasks([1] * 6, [1, 2, 3, 1, 1, 0.5],
               **{S.TASK_TYPE: pd.array(["a", "a", None, "b", "b", None], dtype="string")})
    up = reference_class_uplift(t, by=S.TASK_TYPE, risks=(0.5,), min_n=1)
    tab = up.summary()
    assert list(tab.index) == ["all", "a", "b"]
    assert list(tab["n"]) == [6, 2, 2]
    np.testing.assert_allclose(tab["uplift_p50"], [0.0, 0.0, 0.0])


def test_a_group_the_result_does_not_have_is_named_with_those_it_has():
    # uplift(0.8, "nope") raised a bare KeyError: 'nope'
    t = _tasks([1] * 4, [1, 2, 1, 1], **{S.TASK_TYPE: ["a", "a", "b", "b"]})
    up = reference_class_uplift(t, by=S.TASK_TYPE, min_n=1)
    with pytest.raises(ValueError, match=re.escape("no group 'c' in this uplift (by task_type); choose one of "
                                                   "'all', 'a', 'b'.")):
        up.uplift(0.8, "c")


def test_project_level_groups_need_one_value_per_project():
    # by a task-level column, a project took the group of its first task in the table: A was "build" only
    t = _tasks([2, 2, 4, 4], [3, 3, 2, 2], **{S.PROJECT_ID: ["A", "A", "B", "B"],
                                            S.TASK_TYPE: ["build", "test", "build", "build"]})
    with pytest.raises(ValueError) as e:
        reference_class_uplift(t, by=S.TASK_TYPE, level="project", min_n=1)
    # in words, as option_refused says a refusal (it began as a Python call, "reference_class_uplift(by=...)")
    assert str(e.value) == ("by must name a column holding one value per project at level 'project' (a project is one "
                            "case), such as the project's type, or give level='task'; project 'A' has 2 values of "
                            "'task_type' (build, test)")
    # a column of the project (one value for all its tasks) groups projects
    t["project_type"] = ["web", "web", "data", "data"]
    up = reference_class_uplift(t, by="project_type", level="project", min_n=1)
    assert up.summary()["n"].to_dict() == {"all": 2, "data": 1, "web": 1}


def test_booked_on_the_estimate_within_the_models_tolerance_is_not_over():
    # 10 h booked as 10.000001 h (a decimal stored in float) is on the estimate for the model (1e-6): the
    # uplift's share over counted it as over (1e-9), so the two disagreed on the same tasks
    t = _tasks([10.0] * 4, [10.000001, 10.0, 12.0, 9.0])
    assert reference_class_uplift(t, min_n=1).summary().loc["all", "share_over"] == pytest.approx(0.25)
    assert S.EXACT_RTOL == 1e-6


def test_an_uplift_within_the_exact_tolerance_is_zero():
    # actuals 5e-7 above their estimates (on them, by share_over's rule) gave uplift_p50 5e-07, not 0
    t = _tasks([10.0] * 12, [10.000005] * 8 + [12.0] * 4)
    table = reference_class_uplift(t).summary()
    assert table.loc["all", "uplift_p50"] == 0.0 and table.loc["all", "share_over"] == pytest.approx(1 / 3)
    assert table.loc["all", "uplift_p80"] == pytest.approx(0.2)


def test_project_level_says_it_leaves_out_tasks_without_a_project():
    t = _tasks([10.0] * 4, [12.0, 12.0, 30.0, 30.0])
    t[S.PROJECT_ID] = ["P1", "P1", None, np.nan]
    with pytest.warns(DataQualityWarning, match=r"2 of 4 finished tasks have no project_id and are left out"):
        up = reference_class_uplift(t, level="project", min_n=1)
    assert up.summary().loc["all", "n"] == 1 and up.uplift(0.5) == pytest.approx(0.2)
    assert up.note == "2 of 4 finished tasks have no project_id and are left out (a project is one case)"
    # shown where the analyst looks: under the table in Jupyter and in its text
    assert repr(up).endswith(f"\nNote: {up.note}")
    assert f"<p><em>{up.note}</em></p>" in up._repr_html_()
    with pytest.raises(SchemaError, match="column 'project_id' is missing"):
        reference_class_uplift(t.drop(columns=S.PROJECT_ID), level="project")


def test_a_risk_level_given_twice_is_refused():
    # (0.8, 0.8) made one uplift_p80 column while risks kept both
    t = _tasks([10.0] * 4, [12.0, 10.0, 30.0, 9.0])
    with pytest.raises(ValueError, match=re.escape("risks 0.8, 0.8 share the summary column 'p80'; give "
                                                   "each risk level once.")):
        reference_class_uplift(t, risks=(0.8, 0.5, 0.8), min_n=1)
    assert list(reference_class_uplift(t, risks=(0.8, 0.975), min_n=1).summary().columns) == \
        ["n", "share_over", "uplift_p80", "uplift_p97.5"]


def test_many_small_groups_and_values_are_named_five_and_counted():
    # seven small groups were named as the first five with no mark that more were left out, and a project's
    # seven task types as five then ", ..."
    types = list("abcdefg")
    t = _tasks([1] * 7, [1, 2, 3, 1, 1, 0.5, 2], **{S.TASK_TYPE: types})
    with pytest.warns(SmallSampleWarning) as said:
        reference_class_uplift(t, by=S.TASK_TYPE, risks=(0.5,), min_n=2)
    assert [str(w.message) for w in said] == [
        "reference_class_uplift: 7 groups have fewer than 2 tasks (a, b, c, d, e and 2 more); their uplifts are "
        "rough."]
    with pytest.raises(ValueError, match=re.escape("project 'P1' has 7 values of 'task_type' (a, b, c, d, e and 2 "
                                                   "more)")):
        reference_class_uplift(t, by=S.TASK_TYPE, level="project", min_n=1)


def test_an_unknown_by_column_names_the_columns_in_words():
    # the columns were shown as a Python list (['task_id', 'project_id', ...]), then after a Python call,
    # "reference_class_uplift(by='nope'): no such column; ..."
    with pytest.raises(ValueError) as e:
        reference_class_uplift(_tasks([1] * 4, [1, 2, 1, 1]), by="nope")
    assert str(e.value) == ("by must name one column of the finished tasks to group them by ('task_id', "
                            "'project_id', 'estimate_hours', 'actual_hours', 'status'), or 'size_band' to group them "
                            "by the size of their estimate, got 'nope'")
    with pytest.raises(ValueError) as e:
        reference_class_uplift(_tasks([1] * 4, [1, 2, 1, 1]), by=["status"])
    assert str(e.value).endswith("by the size of their estimate, got a list ('status')")
