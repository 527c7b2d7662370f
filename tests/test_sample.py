"""The sample generator: deterministic, faithful to its truth, and shaped like real data."""

import json

import numpy as np
import pandas as pd
import pytest

from pmo_forecast import DataQualityWarning, generate_sample, load_sample
from pmo_forecast.core import schema as S
from pmo_forecast.core.calendar import working_hours_between
from pmo_forecast.inputs.sample import HEAP_GRID, sample_dir


def test_same_seed_same_tables_other_seed_other_tables(generated):
    again = generate_sample()
    for a, b in zip(generated, again, strict=True):
        pd.testing.assert_frame_equal(a, b)
    other = generate_sample(seed=7, n_projects=10)
    assert not other.tasks[S.ESTIMATE].head(50).equals(generated.tasks[S.ESTIMATE].head(50))


def test_committed_sample_is_the_generator_output(sample, generated):
    # data/sample must be regenerated (`make sample`) whenever the generator changes
    for name, a, b in zip(("tasks", "projects", "people", "requests"), sample, generated, strict=True):
        pd.testing.assert_frame_equal(a.reset_index(drop=True), b, check_dtype=True, obj=name)
    assert sample.truth == json.loads(json.dumps(generated.truth))


def test_sample_is_small_and_the_promised_size(sample):
    size = sum(p.stat().st_size for p in sample_dir().iterdir())
    assert size < 4_000_000
    assert 10_000 <= len(sample.tasks) <= 20_000
    assert len(sample.projects) == 50
    assert (sample.people[S.ROLE] == S.PM_ROLE).sum() == 8
    assert 25 <= (sample.people[S.ROLE] != S.PM_ROLE).sum() <= 32
    active = sample.projects[S.STATUS] == "active"
    assert 8 <= active.sum() <= 16
    assert sample.projects.loc[active, S.BUDGET].gt(0).all()
    assert sample.projects.loc[active, S.DUE].notna().all()
    unfinished = sample.tasks[S.STATUS].isin(S.UNFINISHED_STATUSES)
    assert unfinished.sum() > 500
    assert sample.tasks.loc[unfinished, S.ACTUAL].isna().all()
    assert sample.tasks[S.TASK_ID].is_unique


def _finished(tasks):
    d = tasks[(tasks[S.STATUS] == S.DONE) & (tasks[S.ESTIMATE] > 0) & (tasks[S.ACTUAL] > 0)]
    return d


def test_estimates_heap_on_round_numbers_and_a_third_are_exact(sample, generated):
    est = sample.tasks[S.ESTIMATE].dropna()
    assert est.isin(HEAP_GRID).mean() > 0.8  # 85% heaped by construction, quarter hours can land on the grid
    d = _finished(sample.tasks)
    exact = (d[S.ACTUAL] == d[S.ESTIMATE]).mean()
    assert 0.25 < exact < 0.45  # SiP: 34-37% (DATASET.md); truth mean_p_exact is about a third
    # the truth's per-person chance of booking to the estimate, weighted by who did the tasks ...
    expected = d[S.ASSIGNEE].map(sample.truth["accuracy"]["p_exact"]).mean()
    booked = generated.outcomes.set_index(S.TASK_ID).loc[d[S.TASK_ID], "booked_to_estimate"].mean()
    assert booked == pytest.approx(expected, abs=0.02)
    # ... plus the actuals that land on the estimate by rounding to the quarter hour
    assert booked < exact < booked + 0.08


def test_loglog_slope_person_bias_and_project_effects_are_recoverable(sample):
    """Least squares with person and project dummies recovers the generator's slope and effects."""
    d = _finished(sample.tasks)
    d = d[d[S.ACTUAL] != d[S.ESTIMATE]]  # the booked-to-estimate mass is not from the regression
    truth = sample.truth["accuracy"]
    person = pd.get_dummies(d[S.ASSIGNEE], dtype=float)
    project = pd.get_dummies(d[S.PROJECT_ID], dtype=float).iloc[:, 1:]
    ttype = pd.get_dummies(d[S.TASK_TYPE], dtype=float).iloc[:, 1:]
    years = (d[S.STARTED] - pd.Timestamp(sample.truth["history_start"])).dt.days / 365.25
    X = np.column_stack([np.log(d[S.ESTIMATE]), years, person, project, ttype])
    coef, *_ = np.linalg.lstsq(X, np.log(d[S.ACTUAL]), rcond=None)
    assert coef[0] == pytest.approx(truth["slope"], abs=0.03)
    # person intercepts differ by the true biases, up to a common shift
    fitted = pd.Series(coef[2:2 + person.shape[1]], index=person.columns)
    true = pd.Series(truth["person_bias"]).reindex(fitted.index)
    assert np.corrcoef(fitted, true)[0, 1] > 0.9
    assert float(np.std(np.array(list(truth["project_effect"].values())))) == pytest.approx(0.25, abs=0.08)


def test_overruns_are_correlated_within_projects(sample):
    d = _finished(sample.tasks)
    resid = np.log(d[S.ACTUAL]) - 0.85 * np.log(d[S.ESTIMATE])
    by_project = resid.groupby(d[S.PROJECT_ID]).agg(["mean", "var", "size"])
    # variance of project means far above what independent tasks would give (one-way ANOVA logic)
    expected_if_independent = (by_project["var"] / by_project["size"]).mean()
    assert by_project["mean"].var() > 5 * expected_if_independent


def test_requests_show_an_hour_of_work_waiting_a_week_or_more(sample):
    r = sample.requests.dropna(subset=[S.DONE_AT])
    q = sample.truth["queue"]
    assert r[S.TOUCH_HOURS].mean() == pytest.approx(q["mean_touch_hours"], rel=0.1)
    lead = working_hours_between(r[S.REQUESTED], r[S.DONE_AT])
    assert 40 <= lead.mean() <= 120  # one to three working weeks (40 working hours each)
    # in service for touch / availability working hours, as the truth says
    service = working_hours_between(r[S.STARTED], r[S.DONE_AT])
    assert (r[S.TOUCH_HOURS].sum() / service.sum()) == pytest.approx(q["availability"], rel=0.02)


def test_waits_grow_sharply_when_the_pool_is_busy(sample):
    """Quarters whose offered load nears the pool's capacity wait a week; quiet ones hardly wait."""
    r = sample.requests.dropna(subset=[S.STARTED]).copy()
    r["wait"] = working_hours_between(r[S.REQUESTED], r[S.STARTED])
    q = sample.truth["queue"]
    quarter = r[S.REQUESTED].dt.to_period("Q")
    capacity = q["servers"] * q["availability"] * 13 * 5 * 8  # touch hours the pool can give a quarter
    load = r.groupby(quarter).size() * q["mean_touch_hours"] / capacity
    wait = r.groupby(quarter)["wait"].mean()
    quiet, busy = wait[load < 0.8].mean(), wait[load >= 0.95].mean()
    assert quiet < 8  # under a working day
    assert busy > 24 and busy > 5 * quiet  # several working days


def test_outcomes_answer_key_covers_open_work(generated):
    open_ids = generated.tasks.loc[generated.tasks[S.STATUS].isin(S.UNFINISHED_STATUSES), S.TASK_ID]
    key = generated.outcomes.set_index(S.TASK_ID)
    assert key.loc[open_ids, S.ACTUAL].gt(0).all()
    done = generated.tasks[generated.tasks[S.STATUS] == S.DONE].set_index(S.TASK_ID)
    same = key.loc[done.index, S.ACTUAL]
    ok = done[S.ACTUAL].notna() & (done[S.ACTUAL] > 0)
    # as arrays: on pandas 2.2 the answer key's ids are object and the table's string, so the
    # two indexes are not 'identically labelled' although they hold the same ids
    assert (same[ok].to_numpy() == done.loc[ok, S.ACTUAL].to_numpy()).all()


def test_load_sample_regenerates_the_loaded_tables_when_data_sample_is_absent(tmp_path, monkeypatch, sample):
    # without data/sample (an installed wheel) it returned the generator's frames bare: no attrs at all, where the
    # files' load records each table's units
    monkeypatch.setattr("pmo_forecast.inputs.sample.sample_dir", lambda: tmp_path / "data" / "sample")
    s = load_sample()
    for name, a, b in zip(("tasks", "projects", "people", "requests"), s, sample, strict=True):
        pd.testing.assert_frame_equal(a, b, obj=name)
        assert a.attrs["detected"] == {"format": "dataframe", "file": "<DataFrame>",
                                       "units": b.attrs["detected"]["units"]}, name
    assert s.people.attrs["detected"]["units"] == {
        "hours_per_week": "hours", "availability": "share (0-1; 80% read as 0.8)",
        "availability_after": "share (0-1; 80% read as 0.8)", "cost_per_hour": "amount (no currency)"}
    assert s.truth == sample.truth and s.outcomes is None


def test_load_sample_with_data_sample_partly_there_says_which_files_are_missing(tmp_path, monkeypatch, sample):
    # a table file deleted from data/sample: every table was regenerated, and nothing said which file was missing
    folder = tmp_path / "data" / "sample"
    folder.mkdir(parents=True)
    for name in ("tasks.csv", "projects.csv", "requests.csv", "truth.json"):
        (folder / name).write_bytes((sample_dir() / name).read_bytes())
    monkeypatch.setattr("pmo_forecast.inputs.sample.sample_dir", lambda: folder)
    with pytest.warns(DataQualityWarning) as caught:
        s = load_sample()
    assert [str(w.message) for w in caught] == [
        f"load_sample: {folder} is incomplete (people.csv is missing): every table regenerated, none read from it; "
        "`make sample` writes it again"]
    pd.testing.assert_frame_equal(s.people, sample.people)


def test_load_sample_from_a_folder_without_the_sample_says_how_to_write_it(tmp_path):
    # it regenerated the bundled sample in place of the folder asked for, silently
    (tmp_path / "tasks.csv").write_text("task_id\n", encoding="utf-8")
    with pytest.raises(FileNotFoundError) as raised:
        load_sample(tmp_path)
    assert str(raised.value) == (
        f"load_sample: {tmp_path} holds no sample (projects.csv, people.csv, requests.csv, truth.json are missing); "
        f"write it with `pmo-forecast sample --out {tmp_path}` (`make sample` for data/sample), or call load_sample() "
        "without a path for the bundled sample")


def test_the_default_writes_the_committed_files_byte_for_byte(tmp_path):
    # an option of the generator (approval_blocking) is off by default: the bundled sample is unchanged
    from pmo_forecast.inputs.sample import write_sample

    written = write_sample(tmp_path)
    for path in written.values():
        assert path.read_bytes() == (sample_dir() / path.name).read_bytes(), path.name
    write_sample(tmp_path / "zero", approval_blocking=0.0)
    assert (tmp_path / "zero" / "tasks.csv").read_bytes() == (sample_dir() / "tasks.csv").read_bytes()


def test_approvals_that_hold_the_work_move_its_finish_dates_only(generated):
    held = generate_sample(approval_blocking=1.0)
    # the same organisation, work and request log (the pool is blind to the work), and the same titles
    pd.testing.assert_frame_equal(held.requests, generated.requests)
    pd.testing.assert_frame_equal(held.people, generated.people)
    for column in (S.TASK_ID, S.PROJECT_ID, S.TASK_TYPE, S.CREATED, "title"):
        assert held.tasks[column].equals(generated.tasks[column]), column
    assert held.truth["approval_blocking"]["share"] == 1.0 and "approval_blocking" not in generated.truth
    # no task finishes while one of its project's approvals waits (requested, not yet started by a PM) ...
    approvals = held.requests[held.requests[S.KIND] == S.APPROVAL_KIND]
    until = approvals[S.STARTED].fillna(pd.Timestamp.max)
    done = held.tasks[held.tasks[S.STATUS] == S.DONE]
    pairs = done[[S.PROJECT_ID, S.FINISHED]].merge(approvals.assign(until=until), on=S.PROJECT_ID)
    minute = pd.Timedelta(minutes=1)  # times are rounded to the minute
    inside = (pairs[S.FINISHED] > pairs[S.REQUESTED] + minute) & (pairs[S.FINISHED] < pairs["until"] - minute)
    assert not inside.any()
    # ... and the work held is late: every project finishes no earlier, most of them months later
    def last_finish(s):
        return s.outcomes.groupby(s.outcomes[S.TASK_ID].str.rsplit("-", n=1).str[0])[S.FINISHED].max()

    late = (last_finish(held) - last_finish(generated)).dt.days
    assert (late >= 0).all() and late.median() > 90
    assert (held.tasks[S.STATUS] == S.DONE).sum() < (generated.tasks[S.STATUS] == S.DONE).sum()
    with pytest.raises(ValueError, match="approval_blocking must be a share of the work from 0 to 1, got 1.5"):
        generate_sample(approval_blocking=1.5)
