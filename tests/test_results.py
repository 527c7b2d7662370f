"""Numbers and tables as a reader sees them (core.results)."""

import numpy as np
import pandas as pd

import pmo_forecast as pf


def test_blank_missing_shows_a_missing_value_as_the_words_given_and_keeps_the_rest():
    table = pd.DataFrame({"tasks": [2116, 255], "share": [0.99734, np.nan], "kind": ["dev", None],
                          "hours": [1234.5, 2.0]}, index=["dev", "unassigned"])
    shown = pf.blank_missing(table, "none finished")
    # numbers beside a missing one as format_number shows them (three significant figures, whole from 100)
    assert shown.to_numpy().tolist() == [[2116, "0.997", "dev", 1234.5], [255, "none finished", "none finished", 2.0]]
    assert shown.index.tolist() == ["dev", "unassigned"] and shown.columns.tolist() == list(table.columns)
    assert "NaN" not in repr(shown) and "None" not in repr(shown)
    assert pf.blank_missing(table)["share"].tolist() == ["0.997", ""]  # blank by default
    assert table["share"].isna().tolist() == [False, True]  # the table given is left as it was


def test_blank_missing_shows_the_dates_beside_a_missing_one_to_the_day():
    table = pd.DataFrame({"finished": pd.to_datetime(["2026-05-05", None]), "forecasts": [2, 5]},
                         index=["PRJ-34", "all projects"])
    assert pf.blank_missing(table)["finished"].tolist() == ["2026-05-05", ""]  # was Timestamp('2026-05-05 00:00:00')
    timed = pd.DataFrame({"at": pd.to_datetime(["2026-05-05 09:30", None])})
    assert pf.blank_missing(timed, "never")["at"].tolist() == [pd.Timestamp("2026-05-05 09:30"), "never"]  # kept
def test_notebook_01_shows_a_team_with_nothing_finished_in_words_not_nan():
    import json
    from pathlib import Path

    notebook = json.loads((Path(__file__).parents[1] / "notebooks" / "01-data-quality.ipynb").read_text("utf-8"))
    code = ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"]
    assert [c for c in code if "coverage_by_team" in c] == [
        'pf.blank_missing(pf.coverage_by_team(tasks, people), "none finished")  # team: the assignee\'s role; '
        "usable: finished with an estimate and an actual"]


def test_notebooks_show_a_missing_value_in_words_not_nan():
    # the model row's reference, the history's runs and the how-forecasts-held dates are worded by the package;
    # these tables keep their numbers as numbers, so the notebooks word their blanks
    import json
    from pathlib import Path

    def code(name):
        notebook = json.loads((Path(__file__).parents[1] / "notebooks" / name).read_text("utf-8"))
        return "\n".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code")

    assert 'pf.blank_missing(load.summary(future_only=True).head(12), "no capacity")' in code("04-pm-pool-capacity.ipynb")
    trends = code("07-pmo-trends.ipynb")
    for shown in ('pf.blank_missing(trends.labelled().set_index("Period").T)',
                  '"hours_finished"]], "none finished")', 'pf.blank_missing(changed, "not compared")',
                  "pf.blank_missing(history.how_forecasts_held(project_outcomes(tasks, projects), as_of))"):
        assert shown in trends
