"""The forecasts past meetings would have made, recorded in a forecast history (notebook 07's milestone trend)."""

import json
import warnings
from pathlib import Path

import pandas as pd
import pytest

import pmo_forecast as pf
from pmo_forecast.core.exceptions import DataQualityWarning
from pmo_forecast.reporting.past_forecasts import meeting_dates

STALE_ON_31_MARCH = ("1 open task has been under way longer than 99% of finished tasks took from start to finish "
                     "(8 working days), oldest first: PRJ-41-56 (started 2026-03-09, 0 h booked, estimate 40 h)")


def test_meetings_are_the_last_working_day_of_the_months_before_the_as_of_date_then_the_as_of_date(sample):
    # the sample's as-of date is Monday 29 June 2026
    assert meeting_dates(sample.tasks) == pd.to_datetime(["2026-03-31", "2026-04-30", "2026-05-29",
                                                          "2026-06-29"]).tolist()


def test_past_forecasts_are_recorded_and_what_each_day_warned_is_said_once_beside_it(sample, tmp_path):
    # notebook 07 ran this loop itself with every warning switched off. On 31 March one task had been under way
    # for longer than 99% of finished work took (0 h booked): both forecasts warned it. It is said once, beside
    # its date; 30 April's table warned of nothing
    history = pf.ForecastHistory(tmp_path / "h.sqlite")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        past = pf.record_past_forecasts(history, sample.tasks, sample.projects, sample.people,
                                        ["2026-03-31", "2026-04-30"], n_trials=200, random_state=0)
    assert [w for w in caught if issubclass(w.category, DataQualityWarning)] == []
    table = past.summary()
    assert table.columns.tolist() == ["as_of", "projects", "warned"]
    assert table["as_of"].tolist() == pd.to_datetime(["2026-03-31", "2026-04-30"]).tolist()
    march, april = table["warned"]
    assert march.startswith(STALE_ON_31_MARCH) and march.count("under way longer") == 1
    assert april == ""
    runs = history.runs()
    assert runs["as_of"].tolist() == table["as_of"].tolist()
    assert runs[["n_trials", "seed"]].to_numpy().tolist() == [[200, 0], [200, 0]]
    assert table["projects"].tolist() == history.summary()["projects"].tolist()
    assert past.finish.as_of == pd.Timestamp("2026-04-30")  # the latest meeting's forecasts, for what follows
    assert "Forecasts recorded for past meetings" in past._repr_html_()


def test_notebook_07_records_its_past_forecasts_through_the_package_with_warnings_left_on():
    notebook = json.loads((Path(__file__).parents[1] / "notebooks" / "07-pmo-trends.ipynb").read_text("utf-8"))
    code = "\n".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code")
    assert "pf.record_past_forecasts(history, tasks, projects, people" in code
    assert "warnings" not in code and "for day in" not in code


def test_each_meeting_learns_the_correlation_once_and_its_finish_dates_are_those_learning_it_again(sample, tmp_path,
                                                                                                     monkeypatch):
    # the effort and the finish-date forecast of a meeting plan the same table with the same model: the finish
    # dates take the correlation the effort forecast learnt (the slow part, five refits of the model at past
    # dates; notebook 07's history cell neared nbval's 120 s learning it twice a meeting), the same dates
    from pmo_forecast.forecasting import overrun as overrun_module
    from pmo_forecast.forecasting.rewind import tasks_as_of

    learnt = []
    estimate = overrun_module.estimate_correlation
    monkeypatch.setattr(overrun_module, "estimate_correlation", lambda *a, **k: learnt.append(1) or estimate(*a, **k))
    past = pf.record_past_forecasts(pf.ForecastHistory(tmp_path / "h.sqlite"), sample.tasks, sample.projects,
                                    sample.people, ["2026-04-30"], n_trials=200, random_state=0)
    assert len(learnt) == 1
    assert past.overrun.correlation_estimate["method"] == "backdate"
    known = tasks_as_of(sample.tasks, "2026-04-30")
    model = pf.EstimationAccuracyModel(random_state=0).fit(known)
    again = pf.forecast_finish_dates(model, known, sample.people, sample.projects, as_of="2026-04-30", n_trials=200,
                                     random_state=0)
    assert len(learnt) == 2  # learnt again here, as the meeting's finish dates had
    assert (past.finish.samples == again.samples).all()
    assert past.finish.by_project().equals(again.by_project())


def test_a_meetings_two_forecasts_draw_each_random_number_once(sample, tmp_path, monkeypatch):
    # the draws are tied to each task, project and person and the seed: the effort and the finish-date forecast
    # of a meeting drew every task's levels anew, the same numbers twice
    from pmo_forecast.forecasting.plan import RandomNumbers

    drawn = []
    generator = RandomNumbers.generator

    def counted(self, *keys):
        if self.n_trials == 50:  # the meetings' forecasts (the calibration's backdated plans run 100 trials)
            drawn.append(keys)
        return generator(self, *keys)

    monkeypatch.setattr(RandomNumbers, "generator", counted)
    pf.record_past_forecasts(pf.ForecastHistory(tmp_path / "h.sqlite"), sample.tasks, sample.projects,
                             sample.people, ["2026-04-30"], n_trials=50, random_state=0)
    assert ("levels", 200) in {k[0] for k in drawn}
    assert len(drawn) == len(set(drawn))


def test_a_generator_as_random_state_is_refused_before_any_meeting_is_forecast(sample, tmp_path, monkeypatch):
    # the seed is recorded with each run: a numpy Generator ran the first meeting's fits and forecasts, then
    # stopped on recording it with int()'s TypeError, after the slow part
    import numpy as np

    from pmo_forecast.reporting import past_forecasts

    monkeypatch.setattr(past_forecasts, "tasks_as_of", lambda *a: pytest.fail("a meeting was forecast"))
    history = pf.ForecastHistory(tmp_path / "h.sqlite")
    with pytest.raises(ValueError, match="^record_past_forecasts: random_state must be a whole number, the seed "
                                         "recorded with each meeting's run, or None; got a numpy Generator$"):
        pf.record_past_forecasts(history, sample.tasks, sample.projects, sample.people, ["2026-04-30"],
                                 n_trials=50, random_state=np.random.default_rng(0))
    assert history.runs().empty


def test_a_meetings_effort_forecast_is_made_on_the_meetings_date_as_its_finish_dates(sample, tmp_path):
    # a meeting two months after the table's last date (29 June): the finish dates aged the open work to the
    # meeting's date, 24 tasks then under way far too long, while the effort forecast took the table's own date
    # and found none, two forecasts of one meeting on two dates
    past = pf.record_past_forecasts(pf.ForecastHistory(tmp_path / "h.sqlite"), sample.tasks, sample.projects,
                                    sample.people, ["2026-08-31"], n_trials=50, random_state=0)
    assert len(past.finish.stale) == 24
    assert past.overrun.stale["task_id"].tolist() == past.finish.stale["task_id"].tolist()
    assert past.overrun.stale["age_days"].tolist() == past.finish.stale["age_days"].tolist()
    (warned,) = past.runs[0]["warned"]  # the two forecasts warn the same stale tasks alike: said once
    assert warned.startswith("24 open tasks have been under way longer than 99% of finished tasks took")
