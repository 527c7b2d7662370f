"""Estimation bias by team and the people reliably over or under their estimates (notebook 02's tables)."""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import pmo_forecast as pf
from pmo_forecast.core import schema as S

NOTEBOOK_02 = Path(__file__).parents[1] / "notebooks" / "02-estimation-accuracy.ipynb"


class _Fitted:
    """A fitted model's accuracy by assignee, as ``EstimationAccuracyModel.summary("assignee")`` gives it."""

    def summary(self, by):
        assert by == S.ASSIGNEE
        return pd.DataFrame({
            "n_tasks": [10, 30, 20, 5, 7],
            "median_ratio": [1.0, 1.2, 0.8, 1.5, 1.1],
            "share_over": [0.5, 0.7, 0.2, 0.6, 0.4],
            "bias": [0.10, 0.30, -0.20, 0.50, 0.0],
            "bias_sd": [0.10, 0.10, 0.05, 0.30, np.nan],
            "bias_factor": np.exp([0.10, 0.30, -0.20, 0.50, 0.0]),
        }, index=pd.Index(["ann", "bob", "cy", "dee", "(none)"], name=S.ASSIGNEE))


PEOPLE = pd.DataFrame({S.PERSON: ["ann", "bob", "cy", "dee"], S.ROLE: ["dev", "dev", "qa", "qa"]})


def test_bias_by_team_is_the_median_over_each_teams_people():
    table = pf.bias_by_team(_Fitted(), PEOPLE)
    assert table.index.name == S.ROLE
    assert list(table.columns) == ["n_tasks", "median_ratio", "share_over", "bias_factor"]
    # dev: ann and bob; qa: cy and dee; the tasks without an assignee are in no team
    assert table.loc["dev", ["n_tasks", "median_ratio", "share_over"]].tolist() == [20.0, 1.1, 0.6]
    assert table.loc["qa", ["n_tasks", "median_ratio", "share_over"]].tolist() == [12.5, 1.15, 0.4]
    assert np.allclose(table["bias_factor"], [(np.exp(0.1) + np.exp(0.3)) / 2, (np.exp(-0.2) + np.exp(0.5)) / 2])


def test_reliable_biases_keeps_the_people_whose_95_percent_interval_excludes_no_bias():
    table = pf.reliable_biases(_Fitted(), PEOPLE)
    # ann 0.10 is 1.0 sd from 0 and dee 0.50 is 1.67 sd: not reliable; bob 3 sd, cy 4 sd: reliable, lowest first;
    # a bias without an sd is never
    assert table.index.tolist() == ["cy", "bob"]
    assert list(table.columns) == [S.ROLE, "n_tasks", "median_ratio", "bias_factor", "bias_sd"]
    assert table[[S.ROLE, "n_tasks", "bias_sd"]].values.tolist() == [["qa", 20, 0.05], ["dev", 30, 0.10]]


def test_notebook_02_calls_the_package_for_the_team_and_reliable_bias_tables():
    # notebook 02 grouped the people by role and applied the 1.96-sd rule itself
    notebook = json.loads(NOTEBOOK_02.read_text("utf-8"))
    code = ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"]
    assert "pf.bias_by_team(model, people)  # the median over each team's people" in code
    assert "pf.reliable_biases(model, people)  # 95% interval of the bias excludes 1: reliably over or under" in code
    assert [c for c in code if any(w in c for w in ("groupby", "1.96", ".median(", "by_person"))] == []


def test_an_assignee_the_model_learnt_spelt_otherwise_is_the_person_in_their_team():
    # the model's 'ann' for the people table's 'Ann' (as the task table spells it) had no role: the dev and qa
    # teams lost their people, and the reliable biases had no role
    from pmo_forecast.core.exceptions import DataQualityWarning

    people = PEOPLE.assign(**{S.PERSON: ["Ann", "Bob", "Cy", "Dee"]})
    with pytest.warns(DataQualityWarning, match="assignees spelt otherwise than the people table, read as the "
                                                "person it names: 'ann' as 'Ann'; 'bob' as 'Bob'"):
        table = pf.bias_by_team(_Fitted(), people)
    pd.testing.assert_frame_equal(table, pf.bias_by_team(_Fitted(), PEOPLE))
    with pytest.warns(DataQualityWarning, match=r"^assignees spelt otherwise than the people table, read as the person "
                                                r"it names: 'ann' as 'Ann'; 'bob' as 'Bob'; 'cy' as 'Cy'; 'dee' as "
                                                r"'Dee'\.$"):
        reliable = pf.reliable_biases(_Fitted(), people)
    assert reliable.index.tolist() == ["Cy", "Bob"] and reliable[S.ROLE].tolist() == ["qa", "dev"]


def test_a_person_the_model_learnt_under_two_spellings_is_said_to_count_twice():
    from pmo_forecast.core.exceptions import DataQualityWarning

    class _TwoSpellings(_Fitted):
        def summary(self, by):
            t = super().summary(by)
            return t.rename(index={"dee": "Ann"})  # 'ann' and 'Ann' learnt apart

    people = PEOPLE.assign(**{S.PERSON: ["Ann", "bob", "cy", "dee"]})
    with pytest.warns(DataQualityWarning) as said:
        table = pf.bias_by_team(_TwoSpellings(), people)
    assert [str(w.message) for w in said] == [
        "assignees spelt otherwise than the people table, read as the person it names: 'ann' as 'Ann'.",
        "the model learnt 'ann' and 'Ann' apart (fitted on the task table as written), so each counts twice in their "
        "team: fit it on the tasks pmo_forecast.core.keys.assignees_as_people reads to learn one bias each."]
    assert table.loc["dev", "n_tasks"] == 10.0  # ann's 10 tasks, Ann's 5 and bob's 30: the median of three rows
