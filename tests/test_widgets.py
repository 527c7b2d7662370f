"""Control panels: setting ``.value`` on a control recomputes through the package."""

from __future__ import annotations

import re

import ipywidgets as W
import pandas as pd
import pytest

from pmo_forecast.core import schema as S
from pmo_forecast.core.exceptions import DataQualityWarning
from pmo_forecast.reporting import widgets


def test_panel_recomputes_on_every_change_and_marks_numbers():
    panel = widgets.Panel({"n": W.IntSlider(value=2, min=0, max=10)}, lambda n: n * 3,
                          readout=lambda r: widgets.readout_html({"x": ("X", str(r))}))
    assert panel.result == 6
    panel.controls["n"].value = 5
    assert panel.result == 15
    assert 'data-key="x">15<' in panel.readout.value


def test_panel_with_run_button_waits_for_the_button():
    panel = widgets.Panel({"n": W.IntSlider(value=2)}, lambda n: n + 1, live=False)
    assert panel.result is None  # nothing computed until Run
    panel.controls["n"].value = 7
    assert panel.result is None
    panel.run_button.click()
    assert panel.result == 8


def test_readout_escapes_text():
    html = widgets.readout_html({"k": ("<b>", "=1+1 & <script>")})
    assert "<script>" not in html and "&lt;script&gt;" in html


@pytest.fixture(scope="module")
def pool_fit(sample):
    from pmo_forecast import fit_pool_queue

    return fit_pool_queue(sample.requests, sample.people)


@pytest.fixture(scope="module")
def queue_context(sample, pool_fit):
    """The pack's context on the sample, loaded as the pack loads it, with the PM-pool queue fitted: what the
    Capacity sheet reads."""
    from helpers import pack_context

    return pack_context(sample.tasks, projects=sample.projects, people=sample.people, requests=sample.requests,
                        forecasts={"queue": pool_fit})


def test_queue_panel_matches_pool_queue(pool_fit):
    from pmo_forecast import PoolQueue

    panel = widgets.queue_panel(pool_fit)
    c = panel.controls
    assert c["servers"].value == pool_fit.servers
    # the pool's share is of a full working week (the Capacity sheet's clock), where a scenario's approval_share is
    # of each PM's own week: "Share of week for requests" read as the second
    assert c["availability"].description == "Share of a 40-hour week for requests"
    c["servers"].value = pool_fit.servers + 1
    c["availability"].value = 0.08
    c["growth"].value = 0.2
    q = pool_fit.queue
    expected = PoolQueue(q.servers + 1, q.arrival_rate * 1.2, q.service_hours, 0.08)
    assert panel.result.mean_wait == pytest.approx(expected.mean_wait)
    assert panel.result.wait_quantile(0.9) == pytest.approx(expected.wait_quantile(0.9))
    # the readout said "Mean wait", "P90 wait" and "Chance a request waits", and repeated the unit beside the value
    assert (f'Approval wait, mean (working days, queue model)</th><td class="pmo-value" data-key="mean_wait">'
            f'{expected.mean_wait / 8:.1f}<') in panel.readout.value
    assert (f'Approval wait P90 (working days, queue model)</th><td class="pmo-value" data-key="p90_wait">'
            f'{expected.wait_quantile(0.9) / 8:.1f}<') in panel.readout.value
    assert (f'Chance an approval waits (queue model)</th><td class="pmo-value" data-key="prob_wait">'
            f'{expected.prob_wait:.0%}<') in panel.readout.value


def test_queue_panel_shows_its_figures_in_the_capacity_sheets_kinds(pool_fit, queue_context):
    # the Capacity sheet's queue table held its kinds in a list inside a function, and the panel wrote them again
    # as literals ("pct", "days", CHANCE): one written once (QUEUE_KINDS) now gives both
    from pmo_forecast.core.shown import PackTable
    from pmo_forecast.reporting.capacity_sheet import QUEUE_KINDS, capacity_sheet, queue_kind

    block = capacity_sheet(queue_context).blocks[0]
    assert block.formats["value"] == [queue_kind(m) for m in pool_fit.summary().index]
    cells = PackTable(block.df, formats=block.formats).shown()["value"]
    assert (cells["PM-pool utilisation (queue model)"], cells["Approval flow efficiency (queue model): hands-on / elapsed"],
            cells["Hands-on time per request (hours)"]) == ("93%", "2%", "1.0")
    assert [queue_kind(m) for m in ("utilisation", "prob_wait", "model_mean_wait_days", "model_p90_wait_hours")] == [
        "pct", "chance", "days", "hours"] == [QUEUE_KINDS[k] for k in ("utilisation", "prob_wait", "wait_days",
                                                                       "wait_hours")]
    shown = widgets.queue_panel(pool_fit).readout.value
    for key, text in (("utilisation", "93%"), ("prob_wait", "78%"), ("mean_wait", "3.5"), ("p90_wait", "9.2"),
                      ("flow_efficiency", "2%")):
        assert f'data-key="{key}">{text}<' in shown

def test_queue_panel_names_its_measures_as_the_capacity_sheets_queue_table(pool_fit, queue_context):
    # the readout said "Flow efficiency" where the Capacity sheet's queue table heads the same measure "Approval flow
    # efficiency (hands-on / elapsed)": both now take the name from one place (queue_label)
    from pmo_forecast.reporting.capacity_sheet import capacity_sheet

    rows = capacity_sheet(queue_context).blocks[0].df.index
    shown = widgets.queue_panel(pool_fit).readout.value
    for key, name in (("utilisation", "PM-pool utilisation (queue model)"),
                      ("flow_efficiency", "Approval flow efficiency (queue model): hands-on / elapsed")):
        assert name in rows
        assert f'{name}</th><td class="pmo-value" data-key="{key}">' in shown
    assert ">Flow efficiency<" not in shown


def test_queue_panel_names_its_utilisation_the_queue_models(pool_fit):
    # the readout said plain "Utilisation" where the pack and the notebooks say the queue model's, apart from the
    # observed one
    panel = widgets.queue_panel(pool_fit)
    assert (f'<th style="text-align:left;padding-right:1em">PM-pool utilisation (queue model)</th><td class="pmo-value" '
            f'data-key="utilisation">{pool_fit.queue.utilisation:.0%}</td>') in panel.readout.value
    assert ">Utilisation<" not in panel.readout.value


def test_queue_panel_says_unbounded_when_unstable(pool_fit):
    panel = widgets.queue_panel(pool_fit)
    panel.controls["servers"].value = 1
    assert not panel.result.stable
    assert "unbounded" in panel.readout.value


@pytest.fixture(scope="module")
def accuracy_model(sample):
    from pmo_forecast import EstimationAccuracyModel

    return EstimationAccuracyModel(random_state=0).fit(sample.tasks)


def test_accuracy_panel_follows_grouping_band_and_risk(sample, accuracy_model):
    from pmo_forecast import reference_class_uplift
    from pmo_forecast.estimation.features import size_band

    panel = widgets.accuracy_panel(accuracy_model, sample.tasks)
    c = panel.controls
    c["by"].value = S.ASSIGNEE
    c["size_band"].value = "16-40h"
    c["risk"].value = 0.9
    band = sample.tasks.loc[(size_band(sample.tasks[S.ESTIMATE]) == "16-40h").to_numpy()]
    expected = reference_class_uplift(band, by=S.ASSIGNEE, risks=(0.9,), min_n=1)
    got = panel.result["uplift"].summary()
    assert got.index.name == S.ASSIGNEE
    assert got["n"].loc["all"] == len(expected.ratios["all"])  # only the band's tasks
    assert got["uplift_p90"].to_dict() == pytest.approx(expected.summary()["uplift_p90"].to_dict())
    assert panel.result["bias"].equals(accuracy_model.summary(S.ASSIGNEE))
    assert f'data-key="uplift">{expected.uplift(0.9):+.0%}<' in panel.readout.value


def test_accuracy_panel_says_no_group_is_small_its_table_shows_each_groups_n(sample, accuracy_model):
    # the panel asks for no group size (min_n=1): n stands beside each group, so no SmallSampleWarning comes (a
    # filter that hid every SmallSampleWarning around it had nothing to hide, and would have hidden any other)
    import warnings

    from pmo_forecast.core.exceptions import SmallSampleWarning

    panel = widgets.accuracy_panel(accuracy_model, sample.tasks)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        panel.controls["by"].value = S.PROJECT_ID
        panel.controls["size_band"].value = ">80h"
    n = panel.result["uplift"].summary()["n"]
    assert n.drop("all").min() < 30 and f"<td>{n.drop('all').min():,}</td>" in re.sub(r"\s+", "", panel.readout.value)
    assert not [w for w in caught if issubclass(w.category, SmallSampleWarning)]


def test_accuracy_panel_table_shows_each_column_as_the_pack_does(sample, accuracy_model):
    # every number of the table had two decimals: a share of 37% read 0.37, the +60% uplift of the readout above
    # it 0.60, a count 4,121.00, and the bias's standard deviation 0.01 where the Accuracy sheet shows 0.012
    panel = widgets.accuracy_panel(accuracy_model, sample.tasks)
    bias = accuracy_model.summary(S.TASK_TYPE).loc["build"]
    up = panel.result["uplift"].summary()
    assert (up.loc["all", "n"], up.loc["build", "n"]) == (10329, 4121)
    assert up.loc["all", ["share_over", "uplift_p80"]].tolist() == pytest.approx([0.365185, 0.604167], abs=1e-6)
    rows = re.sub(r"\s+", "", panel.readout.value)
    # the row "all" counts the tasks the bias was learnt from (10,329, every size), and its bias is blank, as the
    # caption under the table says (it had shown "–" in all three columns, unexplained)
    assert "<th>all</th><td>10,329</td><td>37%</td><td>+60%</td><td>10,329</td><td>–</td><td>–</td></tr>" in rows
    assert panel.readout.value.endswith(
        '<p class="pmo-note" data-key="note">The row &quot;all&quot; has no bias: each group&#x27;s bias is measured '
        'against the whole history (a factor of 1), and &quot;all&quot; is the whole history.</p>')
    assert (f"<th>build</th><td>4,121</td><td>38%</td><td>+71%</td><td>4,121</td>"
            f"<td>{bias['bias_factor']:.2f}</td><td>{bias['bias_sd']:.3f}</td></tr>") in rows
    assert 'data-key="uplift">+60%<' in rows and 'data-key="share_over">37%<' in rows  # as the row "all"


def test_accuracy_panel_table_is_headed_as_the_accuracy_sheet(sample, accuracy_model):
    # the table was headed by code names (n, share_over, uplift, n_all_sizes, bias_factor, bias_sd) where the
    # Accuracy sheet heads the same measures in words
    panel = widgets.accuracy_panel(accuracy_model, sample.tasks)
    panel.controls["size_band"].value = "16-40h"
    panel.controls["risk"].value = 0.9
    heads = re.findall(r"<th>([^<]*)</th>", panel.readout.value.split("<tbody>")[0])
    assert heads == ["", "Finished tasks compared (16-40h)", "Tasks over their estimate",
                     "Add to an estimate (16-40h) to be 90% sure", "Finished tasks compared (all sizes, as the bias)",
                     "Bias as a factor on actual hours (1 = as the whole history)", "Bias, standard deviation (log)",
                     "Task type", "", "", "", "", "", ""]
    # the readout above it names the row "all"'s figures as the table heads them: it had said "Share of tasks over
    # their estimate" above "Tasks over their estimate", and the uplift without the table's words
    said = re.findall(r'left;padding-right:1em">([^<]*)</th><td class="pmo-value" data-key="(\w+)"', panel.readout.value)
    assert said == [("Add to an estimate (16-40h) to be 90% sure", "uplift"), ("Tasks over their estimate", "share_over")]

@pytest.fixture(scope="module")
def small():
    """A smaller organisation (10 projects) so forecasts in tests stay quick."""
    from pmo_forecast import EstimationAccuracyModel, generate_sample

    s = generate_sample(seed=7, n_projects=10)
    return s, EstimationAccuracyModel(random_state=0).fit(s.tasks)


def test_overrun_panel_runs_the_forecasts_the_package_gives(small):
    from pmo_forecast import forecast_finish_dates, forecast_overruns
    from pmo_forecast.core.results import fixed, percent

    sample, accuracy_model = small
    tasks, projects, people, _ = sample
    chosen = sorted(tasks.loc[tasks[S.STATUS].isin(S.UNFINISHED_STATUSES), S.PROJECT_ID].unique())[:2]
    panel = widgets.overrun_panel(accuracy_model, tasks, projects, people, random_state=3, n_trials=500)
    assert panel.result is None  # slow: waits for Run
    c = panel.controls
    c["chosen"].value = tuple(chosen)
    c["risk"].value = 0.85
    panel.run_button.click()
    table = panel.result["table"]
    assert list(table.index) == chosen
    effort = forecast_overruns(accuracy_model, tasks, projects, n_trials=500, random_state=3,
                               quantiles=(0.5, 0.85, 0.9)).by_project()
    finish = forecast_finish_dates(accuracy_model, tasks, people, projects, n_trials=500, random_state=3,
                                   quantiles=(0.5, 0.85, 0.9)).by_project()
    assert table["effort_p85"].to_numpy() == pytest.approx(effort.loc[chosen, "p85"].to_numpy())
    assert (table["finish_p85"] == finish.loc[chosen, "p85"]).all()
    assert f"{finish.loc[chosen, 'p85'].max():%Y-%m-%d}" in panel.readout.value
    # it said "P(late) or P(overrun)" and "overrun the budget" where the pack says over budget
    assert ">Projects at risk (P(late) or P(over budget) &gt;= 50%)<" in panel.readout.value
    assert ">More likely than not to go over budget<" in panel.readout.value
    readout = panel.readout.value.partition("</table>")[0]  # the figures above the per-project table
    assert "overrun" not in re.sub(r'data-key="[^"]*"', "", readout)
    # the per-project table under it was headed "effort_prob_overrun", "finish_p50": the pack's Projects
    # sheet's headers now (the table in the result keeps its names, checked above)
    per_project = panel.readout.value.partition("</table>")[2]
    heads = re.findall(r"<th>([^<]*)</th>", per_project)
    # the project is its first column: pandas put "Project" on a second header row, empty otherwise
    assert heads == ["Project", "Effort at completion, 50% sure (hours)", "Effort at completion, 85% sure (hours)",
                     "Effort at completion, 90% sure (hours)", "Budget (hours)", "Chance of going over budget",
                     "Finish date, 50% sure", "Finish date, 85% sure", "Finish date, 90% sure", "Due date",
                     "Chance of being late"]
    # its cells as the pack shows them: chances were decimals (0.91) where the pack says 91%, hours had cents
    body = per_project.partition("<tbody>")[2]  # drawn by summary.html's table_html: numbers in class="num" cells
    rows = [re.findall(r"<td[^>]*>([^<]*)</td>", row) for row in body.split("<tr>")[1:]]
    assert rows == [[p, *(fixed(table.loc[p, f"effort_{c}"]) for c in ("p50", "p85", "p90", "budget_hours")),
                     percent(table.loc[p, "effort_prob_overrun"]),
                     *(f"{table.loc[p, f'finish_{c}']:%Y-%m-%d}" for c in ("p50", "p85", "p90", "due")),
                     percent(table.loc[p, "finish_prob_late"])] for p in chosen]
    assert re.fullmatch(r"\d+%", rows[0][5]) and re.fullmatch(r"[\d,]+", rows[0][1])


def test_scenario_panel_runs_the_scenario_its_controls_describe(small, tmp_path):
    from pmo_forecast.scenarios.scenario import Scenario, infer_as_of, run_scenario

    sample, model = small
    panel = widgets.scenario_panel(sample, model=model, n_trials=300, random_state=0, save_dir=tmp_path)
    c = panel.controls
    before = panel.result
    assert before.queue.servers == (sample.people[S.ROLE] == S.PM_ROLE).sum()
    c["extra_pms"].value = 1
    c["demand_growth"].value = 1.2
    c["name"].value = "plus-one"
    start = infer_as_of(sample.tasks)
    expected = run_scenario(widgets.staffing_scenario("plus-one", extra_pms=1, demand_growth=1.2, start=start),
                            sample, model=model, n_trials=300, random_state=0)
    got = panel.result
    assert got.scenario == expected.scenario
    assert got.queue.servers == before.queue.servers + 1
    c["extra_pms"].value = 2  # fuzz round 19: "New PM 2" was refused as spelt like "New PM 1"; the readout stayed
    assert panel.result.queue.servers == before.queue.servers + 2
    c["extra_pms"].value = 1
    assert got.approval_wait == pytest.approx(expected.approval_wait)
    assert got.projects["finish_p80"].equals(expected.projects["finish_p80"])
    shown = {k: v for k, (_, v) in widgets.scenario_readout(expected).items()}
    for key, value in shown.items():
        assert f'data-key="{key}">{value}<' in panel.readout.value
    # keep two for the comparison, and save the current one to a file that reads back
    panel.kept.append(before)
    panel.keep_button.click()
    assert [r.scenario.name for r in panel.kept] == ["what-if", "plus-one"]
    panel.keep_button.click()  # twice: it was kept twice, two columns of one scenario
    assert [r.scenario.name for r in panel.kept] == ["what-if", "plus-one"]
    assert panel.message.value == "Already in the comparison: 'plus-one'."
    panel.save_button.click()
    assert panel.saved == [tmp_path / "plus-one.yaml"]
    assert Scenario.from_file(panel.saved[0]) == expected.scenario


def test_scenario_panel_moves_and_shares(small):
    sample, model = small
    panel = widgets.scenario_panel(sample, model=model, n_trials=200, random_state=0)
    c = panel.controls
    assert c["move_to_pm"].value == widgets.NOBODY and panel.result.scenario.moves == ()
    servers = panel.result.queue.servers
    person = c["move_to_pm"].options[1][1]
    c["move_to_pm"].value = person
    assert panel.result.scenario.moves[0].person == person
    assert panel.result.queue.servers == servers + 1
    c["approval_share"].value = 0.1
    c["dev_availability"].value = 0.6
    sc = panel.result.scenario
    assert sc.approval_share == 0.1
    assert (sc.availability[0].role, sc.availability[0].availability) == ("dev", 0.6)
    # the PMs give 10% of their available time; the mover from dev joins at their own availability, as a share
    # of a full week (availability x hours a week / 40: a part-timer is part of a server)
    table = sample.people.set_index("person")
    people = table["availability"] * table["hours_per_week"] / 40
    pms = people[table["role"] == "pm"]
    assert table.loc[person, "hours_per_week"] != 40  # the rule matters here
    mean_after = (pms.sum() + people[person]) / (len(pms) + 1)
    assert panel.result.queue.availability == pytest.approx(0.1 * mean_after / pms.mean())


def test_export_panel_writes_the_pack_with_the_chosen_scenarios(small, tmp_path):
    from pathlib import Path

    sample, model = small
    tasks, projects, people, requests = sample
    files = [Path(__file__).resolve().parent.parent / "data" / "scenarios" / f"{n}.yaml"
             for n in ("baseline", "one-more-pm")]
    panel = widgets.export_panel(tmp_path, tasks=tasks, projects=projects, people=people, requests=requests,
                                 model=model, scenario_files=files)
    assert panel.result is None and not list(tmp_path.iterdir())  # nothing written before Run
    panel.controls["n_trials"].value = 1000
    panel.controls["name"].value = "pack.xlsx"
    panel.run_button.click()
    pack = panel.result
    assert pack.path == tmp_path / "pack.xlsx" and pack.path.exists()
    assert list(pack.tables["scenarios"].columns[:2]) == ["baseline", "one-more-pm"]
    assert all(f'data-key="file{i}">' in panel.readout.value for i in range(len(pack.files)))


def test_panel_shows_a_refusal_in_place_of_the_previous_numbers():
    # fuzz round 23: a ValueError in compute left the previous settings' numbers (and result) on screen
    def compute(n):
        if n > 5:
            raise ValueError("n <= 5 please & thanks")
        return n * 3

    panel = widgets.Panel({"n": W.IntSlider(value=2, min=0, max=10)}, compute,
                          readout=lambda r: widgets.readout_html({"x": ("X", str(r))}))
    panel.controls["n"].value = 7
    assert panel.result is None and panel.error == "n <= 5 please & thanks"
    assert 'data-key="error">n &lt;= 5 please &amp; thanks<' in panel.readout.value
    assert 'data-key="x"' not in panel.readout.value
    panel.controls["n"].value = 4
    assert (panel.result, panel.error) == (12, None) and 'data-key="x">12<' in panel.readout.value


def test_queue_panel_starts_from_the_pool_it_was_given():
    # fuzz round 23: the slider rounded 5.49% to 5% (93% busy, not 84%) and cut a share of 0.8 to 0.5
    from pmo_forecast import PoolQueue

    # flow efficiency a whole percent, as the Capacity sheet shows it (3.8% and 80.0% here)
    for base, efficiency in ((PoolQueue(8, 0.3637, 1.02, 0.0549), "4%"), (PoolQueue(3, 0.05, 1.0, 0.8), "80%")):
        panel = widgets.queue_panel(base)
        assert panel.controls["availability"].value == base.availability
        assert panel.result.mean_wait == pytest.approx(base.mean_wait)
        assert f'data-key="flow_efficiency">{efficiency}<' in panel.readout.value


def test_queue_panel_shows_each_figure_as_the_pack_does():
    # the readout's f-strings: a wait of 1,249.9 working days read 1249.9 (the pack's cells separate thousands),
    # flow efficiency 87.5% beside the Capacity sheet's whole percent, and a utilisation and a chance of waiting of
    # exactly 12.5% read 12% (halves to even) where the pack's cells, as Excel, show 13%
    from pmo_forecast import PoolQueue

    busy = widgets.queue_panel(PoolQueue(1, 0.9999, 1.0, 1.0)).readout.value
    assert 'data-key="mean_wait">1,249.9<' in busy and 'data-key="p90_wait">2,878.1<' in busy
    half = widgets.queue_panel(PoolQueue(1, 0.125, 1.0, 1.0)).readout.value
    assert 'data-key="utilisation">13%<' in half and 'data-key="prob_wait">13%<' in half
    assert 'data-key="flow_efficiency">88%<' in half


def test_accuracy_panel_offers_only_bands_with_finished_tasks(small):
    # fuzz round 23: ">80h" (no finished task) was offered; choosing it raised and the readout kept "40-80h"
    from pmo_forecast.estimation.features import finished_tasks, size_band

    sample, model = small
    panel = widgets.accuracy_panel(model, sample.tasks)
    offered = panel.controls["size_band"].options
    assert ">80h" not in offered
    assert set(offered[1:]) == set(size_band(finished_tasks(sample.tasks)[S.ESTIMATE]))
    for band in offered[1:]:
        panel.controls["size_band"].value = band
        assert panel.result["size_band"] == band


def test_accuracy_panel_offers_only_the_groupings_the_tasks_and_the_model_have(small):
    # a task table built in the notebook without task_type: the panel opened on "task type" and said "by must name one
    # column of the finished tasks to group them by (...), got 'task_type'", a Python call its user never wrote; a
    # model fitted without it said "summary(by='task_type'): choose one of ..."
    from pmo_forecast import EstimationAccuracyModel

    sample, model = small
    untyped = sample.tasks.drop(columns=[S.TASK_TYPE])
    without = EstimationAccuracyModel(random_state=0).fit(untyped)
    offered = [("person", S.ASSIGNEE), ("project", S.PROJECT_ID), ("size band", "size_band")]
    for fitted, tasks in ((without, untyped), (without, sample.tasks), (model, untyped)):
        panel = widgets.accuracy_panel(fitted, tasks)
        assert (panel.controls["by"].options, panel.controls["by"].value, panel.error) == (
            tuple(offered), S.ASSIGNEE, None)
    panel = widgets.accuracy_panel(model, sample.tasks)  # all four, opened on the task type as before
    assert (panel.controls["by"].options, panel.controls["by"].value) == (
        (offered[0], ("task type", S.TASK_TYPE), *offered[1:]), S.TASK_TYPE)


def test_overrun_panel_shows_a_failed_run_and_offers_the_datas_dates(small):
    # fuzz round 23: a run refused (too few finished tasks by the as-of date) kept the old forecast on screen
    import datetime as dt

    sample, model = small
    tasks, projects, people, _ = sample
    panel = widgets.overrun_panel(model, tasks, projects, people, n_trials=500)
    picker = panel.controls["as_of"]
    assert picker.min == tasks[S.CREATED].min().date() and picker.max == dt.date(2026, 6, 29)
    panel.run_button.click()
    assert panel.result is not None and panel.error is None and 'data-key="projects"' in panel.readout.value
    picker.value = dt.date(2023, 10, 1)
    panel.run_button.click()
    assert panel.result is None and "at least min_tasks=30 are needed" in panel.error
    assert 'data-key="error">EstimationAccuracyModel.fit: only 14 finished tasks' in panel.readout.value
    assert 'data-key="projects"' not in panel.readout.value


def test_scenario_panel_blank_name_failed_run_and_no_request_log(small, tmp_path, monkeypatch):
    # fuzz round 23: a name of spaces was refused and Save wrote the previous scenario again; no request log
    # read "nan working days"
    import pmo_forecast.scenarios.scenario as sc

    run = sc.run_scenario

    def refuses_double_demand(scenario, *args, **kwargs):
        if scenario.demand_growth == 2.0:
            raise ValueError("no such demand")
        return run(scenario, *args, **kwargs)

    monkeypatch.setattr(sc, "run_scenario", refuses_double_demand)
    sample, model = small
    tasks, projects, people, _ = sample
    panel = widgets.scenario_panel((tasks, projects, people, None), model=model, n_trials=200, save_dir=tmp_path)
    assert 'data-key="wait_p50">–<' in panel.readout.value and 'data-key="wait_p90">–<' in panel.readout.value
    panel.controls["name"].value = "   "
    assert panel.result.scenario.name == "what-if"
    panel.controls["demand_growth"].value = 2.0
    assert panel.result is None and 'data-key="error">no such demand<' in panel.readout.value
    panel.save_button.click()
    panel.keep_button.click()
    assert panel.saved == [] and panel.kept == [] and not list(tmp_path.iterdir())


def test_latest_finish_counts_the_projects_with_no_date(small):
    # fuzz round 23: the readout's "Latest P80 finish" was the latest date shown (once the 50-year slip cap,
    # 2080); projects with no date (beyond the ten-year horizon, cannot finish) were passed over silently.
    # On a real result: the readout had read its counts through the class so that a hand-made stand-in would do
    from pmo_forecast import Scenario, run_scenario
    from pmo_forecast.core.as_of import infer_as_of
    from pmo_forecast.scenarios.spec import NewProject

    sample, model = small
    tasks, projects, people, requests = sample
    last = projects[S.PROJECT_ID].eq("PRJ-10").to_numpy()  # no due date, no budget: not assessed
    projects = projects.assign(**{S.DUE: projects[S.DUE].mask(last), S.BUDGET: projects[S.BUDGET].mask(last)})
    # 300 times PRJ-09's work from the as-of date: past the ten-year horizon, so no P80 finish
    big = NewProject("BIG", like="PRJ-09", start=infer_as_of(tasks), scale=300)
    data = (tasks, projects, people, requests)
    res = run_scenario(Scenario(name="big", add_projects=(big,)), data, model=model, n_trials=200, random_state=0)
    assert res.projects["finish_p80"].isna().tolist() == [True, False, False]  # BIG, PRJ-09, PRJ-10
    assert res.no_finish_count() == 1 and res.risk_counts() == (2, 1)
    shown = widgets.scenario_readout(res)
    p50, p90 = "Approval wait P50 (working days, queue model)", "Approval wait P90 (working days, queue model)"
    latest = res.projects.at["PRJ-10", "finish_p80"]
    assert shown["finish_p80"] == ("Latest P80 finish", f"{latest:%Y-%m-%d} (1 more with no date)")
    assert shown["at_risk"] == ("Projects at risk", "2 of 3 (1 not assessed: no due date, no budget)")
    assert shown["wait_p50"] == (p50, f"{res.approval_wait['p50']:.1f}")
    assert shown["wait_p50"] == (p50, "0.0")
    shown = widgets.scenario_readout(run_scenario(Scenario(name="no log"), (tasks, projects, people, None),
                                                  model=model, n_trials=200, random_state=0))
    assert shown["wait_p50"] == (p50, "–")
    overloaded = run_scenario(Scenario(name="busy", demand_growth=20), data, model=model, n_trials=200,
                              random_state=0)
    assert overloaded.approval_wait["p90"] == float("inf")
    assert widgets.scenario_readout(overloaded)["wait_p90"] == (p90, "unbounded (queue grows)")
    assert widgets.latest_finish(pd.Series(pd.to_datetime([None, None]))) == "– (2 with no date)"
    assert widgets.latest_finish(pd.Series(pd.to_datetime(["2026-03-02"]))) == "2026-03-02"


def test_the_scenario_readout_names_its_measures_as_the_pack_does(small):
    # the staffing what-if read "Approval wait P50" and "Peak utilisation (any role)", a third wording beside the
    # pack's Scenarios sheet and the notebook's table; its keys stay as they were. On a real result (a stand-in had
    # carried the attributes the readout reads, so that the readout could drift from the result unseen): its weekly
    # tables set to the figures each way of showing a number needs, read through the result's own properties
    from pmo_forecast import Scenario, run_scenario
    from pmo_forecast.core.labels import sentence_start
    from pmo_forecast.scenarios.scenario_result import SHOWN_ROWS

    sample, model = small
    res = run_scenario(Scenario(name="as is"), sample, model=model, n_trials=200, random_state=0)
    pms = int((sample.people[S.ROLE] == S.PM_ROLE).sum())
    served = res.waits_over_time["servers"] >= 1
    assert res.pool_size == pms and served.all()  # every week of the horizon served: each week in the headline
    res.waits_over_time = res.waits_over_time.assign(wait_p50_days=1.26, wait_p90_days=float("inf"))
    dev = next(c for c in res.utilisation if c not in (S.PM_ROLE, "unassigned", "pm pool"))  # a delivery role's
    res.utilisation = res.utilisation.assign(**{c: 0.5 for c in res.utilisation}).assign(**{dev: 0.934})
    shown = widgets.scenario_readout(res)
    assert shown == {
        "pms": ("PMs in the pool", f"{pms}"),
        "wait_p50": ("Approval wait P50 (working days, queue model)", "1.3"),  # the unit once, in the label
        "wait_p90": ("Approval wait P90 (working days, queue model)", "unbounded (queue grows)"),
        "finish_p80": ("Latest P80 finish", f"{res.projects['finish_p80'].max():%Y-%m-%d}"),
        "at_risk": ("Projects at risk", f"{res.risk_counts()[0]} of {len(res.projects)}"),
        "peak_utilisation": ("Peak weekly utilisation, busiest role", "93%")}
    # as the Scenarios sheet's cells show them: a thousands separator (it read 1234.6), a half rounded away from
    # zero (12.5% read 12%)
    res.waits_over_time = res.waits_over_time.assign(wait_p50_days=1234.56, wait_p90_days=1234.56)
    res.utilisation = res.utilisation.assign(**{c: 0.125 for c in res.utilisation})
    shown = widgets.scenario_readout(res)
    assert (shown["wait_p50"][1], shown["peak_utilisation"][1]) == ("1,234.6", "13%")
    # hours planned against no capacity (inf) read "inf%", and none to measure (NaN) "nan%": the Scenarios sheet
    # says the first in words
    res.utilisation = res.utilisation.assign(**{dev: float("inf")})
    assert widgets.scenario_readout(res)["peak_utilisation"][1] == "no capacity (hours planned, nobody available)"
    res.utilisation = res.utilisation.iloc[:, :0]  # no role with hours or capacity in the horizon
    assert widgets.scenario_readout(res)["peak_utilisation"][1] == "–"
    pack = {sentence_start(name) for name in SHOWN_ROWS.values()}
    assert {shown[k][0] for k in ("wait_p50", "wait_p90", "peak_utilisation")} <= pack


def test_latest_finish_of_a_forecast_counts_as_the_forecast_does():
    # widgets.latest_finish took dates only and counted every blank: a project whose every task is cancelled
    # (no finish to have) read as one more with no date, which FinishDateForecast.latest_finish leaves out
    import numpy as np

    from pmo_forecast.core.calendar import NEVER, WorkingCalendar
    from pmo_forecast.forecasting.finish_dates import FinishDateForecast

    # business days after Monday 2026-03-02, five trials; C cannot finish, D has every task cancelled
    days = np.array([[d, 10, NEVER, NEVER] for d in range(1, 6)])
    due = pd.to_datetime(["2026-03-04", None, "2026-12-31", "2026-06-30"]).to_numpy()
    fc = FinishDateForecast(days, np.zeros((5, 0), int), np.array(["A", "B", "C", "D"]), np.array([]),
                            np.datetime64("2026-03-02"), WorkingCalendar(), due, np.array([1.0, 1.0, 1.0, 0.0]),
                            (0.5, 0.8, 0.9), None, {}, {}, np.array([]))
    assert widgets.latest_finish(fc) == "2026-03-16 (1 more with no date)"  # C only
    assert widgets.latest_finish(fc.by_project()["p80"]) == "2026-03-16 (2 more with no date)"  # dates alone


def test_overrun_panel_offers_the_trials_it_was_given(small):
    # fuzz round 24: n_trials=3000 (not among the options) failed with "TraitError: Invalid selection"
    sample, model = small
    tasks, projects, people, _ = sample
    panel = widgets.overrun_panel(model, tasks, projects, people, n_trials=3000)
    assert panel.controls["n_trials"].value == 3000
    assert panel.controls["n_trials"].options == (500, 1000, 2000, 3000, 5000, 10000)


def test_scenario_panel_offers_only_people_still_on_the_team(small):
    # fuzz round 24: Mo Patel (left 2024-05-13) was offered to move into the PM pool, then refused
    sample, model = small
    people = sample.people
    assert people.loc[people[S.PERSON] == "Mo Patel", S.END].iloc[0] == pd.Timestamp("2024-05-13")
    panel = widgets.scenario_panel(sample, model=model, n_trials=200)
    offered = [v for _, v in panel.controls["move_to_pm"].options]
    staying = people.loc[(people[S.ROLE] != S.PM_ROLE) & people[S.END].isna(), S.PERSON]
    assert offered == [widgets.NOBODY, *sorted(staying)] and "Mo Patel" not in offered
    panel.controls["move_to_pm"].value = offered[-1]
    assert panel.error is None and panel.result.scenario.moves[0].person == offered[-1]


def test_overrun_panel_says_a_chosen_project_has_no_forecast_on_an_early_date(small):
    # fuzz round 24: PRJ-10 (first task 2026-05-04) chosen as of 2026-04-01 read "Projects forecast 0", "0 at risk"
    import datetime as dt

    sample, model = small
    tasks, projects, people, _ = sample
    assert tasks.loc[tasks[S.PROJECT_ID] == "PRJ-10", S.CREATED].min().date() == dt.date(2026, 5, 4)
    panel = widgets.overrun_panel(model, tasks, projects, people, n_trials=500)
    panel.controls["chosen"].value = ("PRJ-10",)
    panel.controls["as_of"].value = dt.date(2026, 4, 1)
    with pytest.warns(DataQualityWarning, match=r"1 open task has no positive estimate \(PRJ-09-263\)"):
        panel.run_button.click()
    assert panel.result is None
    assert panel.error == ("PRJ-10: no open work on 2026-04-01 (the as-of date), so no forecast; choose other "
                           "projects or a later date")
    assert 'data-key="projects"' not in panel.readout.value
    panel.controls["as_of"].value = None
    panel.run_button.click()
    assert list(panel.result["table"].index) == ["PRJ-10"] and 'data-key="projects">1<' in panel.readout.value


def test_queue_panel_chart_spans_a_day_when_the_pool_rarely_waits(monkeypatch):
    # fuzz round 24: a pool whose P95 wait is 0 drew its chart over 0 hours (an axis from -0.05 to 0.05)
    from pmo_forecast import PoolQueue

    shown = []
    monkeypatch.setattr(widgets, "display", shown.append)
    base = PoolQueue(20, 0.01, 1.0, 0.5)
    assert base.wait_quantile(0.95) == 0
    widgets.queue_panel(base)
    today, now = shown[-1].axes[0].get_lines()
    assert today.get_xdata()[-1] == now.get_xdata()[-1] == 1.0  # working days


def test_run_panel_says_when_its_numbers_are_for_previous_settings():
    # fuzz round 24: after a Run, a changed control left the previous run's numbers on screen with no hint
    panel = widgets.Panel({"n": W.IntSlider(value=2)}, lambda n: n + 1,
                          readout=lambda r: widgets.readout_html({"x": ("X", str(r))}), live=False)
    panel.controls["n"].value = 3
    assert "outdated" not in panel.readout.value  # nothing run yet: nothing to mark
    panel.run_button.click()
    assert panel.readout.value == widgets.readout_html({"x": ("X", "4")})
    panel.controls["n"].value = 5
    panel.controls["n"].value = 6
    assert panel.readout.value == widgets.OUTDATED + widgets.readout_html({"x": ("X", "4")})
    assert "press Run to update the numbers and chart below" in panel.readout.value
    panel.run_button.click()
    assert panel.readout.value == widgets.readout_html({"x": ("X", "7")})


def test_scenario_panel_saves_under_a_file_name_made_from_the_scenario_name(small, tmp_path):
    # fuzz round 24: the name "../Two PMs: what/if?" was written outside the save folder, into "Two PMs: what/"
    from pmo_forecast.scenarios.scenario import Scenario

    sample, model = small
    folder = tmp_path / "scenarios"
    panel = widgets.scenario_panel(sample, model=model, n_trials=200, save_dir=folder)
    panel.controls["name"].value = "../Two PMs: what/if?"
    panel.save_button.click()
    assert panel.saved == [folder / "two-pms-what-if.yaml"]
    assert [p.name for p in tmp_path.iterdir()] == ["scenarios"]
    assert Scenario.from_file(panel.saved[0]).name == "../Two PMs: what/if?"


def test_scenario_panel_says_when_its_save_replaces_another_scenarios_file(small, tmp_path):
    # fuzz: "Plus one" saved over "plus-one"'s file (one file name for both) without a word
    from pmo_forecast.scenarios.scenario import Scenario

    sample, model = small
    Scenario(name="plus-one", demand_growth=1.1).to_file(tmp_path / "plus-one.yaml")
    panel = widgets.scenario_panel(sample, model=model, n_trials=200, save_dir=tmp_path)
    panel.controls["name"].value = "Plus one"
    panel.save_button.click()
    assert panel.message.value == (f"Saved <code>{tmp_path / 'plus-one.yaml'}</code>, replacing the scenario "
                                   "&#x27;plus-one&#x27; saved there")
    panel.save_button.click()  # its own file again: nothing to say
    assert panel.message.value == f"Saved <code>{tmp_path / 'plus-one.yaml'}</code>"


def test_the_scenario_readout_says_the_weeks_no_pm_serves_the_pool_as_the_pack_does(small, monkeypatch):
    # the pack's Scenarios sheet says what the headline approval waits leave out (ScenarioResult.wait_note); the
    # staffing what-if's readout showed the waits alone
    import numpy as np

    from pmo_forecast import Scenario
    from pmo_forecast.pool.mmc import PoolQueue
    from pmo_forecast.scenarios.scenario import ScenarioResult

    light = PoolQueue(1, 0.5, 1.0)
    pools = [light, light.with_(servers=0), light.with_(servers=0), light]
    weeks = pd.date_range("2026-08-03", periods=len(pools), freq="7D", name="week")
    p50, p90 = np.array([q.wait_quantile([0.5, 0.9]) / 8 for q in pools]).T
    waits = pd.DataFrame({"servers": [q.servers for q in pools], "utilisation": [q.utilisation for q in pools],
                          "wait_p50_days": p50, "wait_p90_days": p90}, index=weeks)
    projects = pd.DataFrame({"finish_p80": [pd.Timestamp("2026-12-01")], "at_risk": [False], "prob_late": [0.1],
                             "prob_overrun": [0.1], "on_hold": [False]}, index=pd.Index(["P1"], name="project_id"))
    away = ScenarioResult(Scenario(name="away"), None, light, waits, pd.DataFrame(), projects, np.zeros((1, 1)),
                          np.zeros((1, 1)), pd.Timestamp("2026-08-03"))
    shown = widgets.scenario_readout_html(away)
    assert shown.startswith(widgets.readout_html(widgets.scenario_readout(away), title="Scenario: away"))
    assert shown.endswith('<p class="pmo-note" data-key="note">No PM serves the PM pool in 2 weeks of the horizon '
                          "(the weeks from 2026-08-10 until 2026-08-24): a request arriving then waits until a PM is "
                          "back and then behind the approvals that piled up meanwhile, a wait of the gap that the "
                          "headline approval waits leave out (they and the PM-pool utilisation are the means over the "
                          "2 weeks a PM serves).</p>")
    # a PM every week: nothing to say, no empty paragraph
    always = ScenarioResult(Scenario(name="always"), None, light, waits.iloc[[0, 3]], pd.DataFrame(), projects,
                            np.zeros((1, 1)), np.zeros((1, 1)), pd.Timestamp("2026-08-03"))
    assert widgets.scenario_readout_html(always) == widgets.readout_html(widgets.scenario_readout(always),
                                                                         title="Scenario: always")
    assert widgets.readout_html({"x": ("X", "1")}, notes=["", "a < b"]).endswith(
        '</table><p class="pmo-note" data-key="note">a &lt; b</p>')
    # the panel shows it under its numbers
    monkeypatch.setattr(ScenarioResult, "wait_note", lambda self: "No PM serves the PM pool in 1 week.")
    sample, model = small
    panel = widgets.scenario_panel(sample, model=model, n_trials=200, random_state=0)
    assert panel.readout.value.endswith('<p class="pmo-note" data-key="note">No PM serves the PM pool in 1 week.</p>')


def test_panels_forecast_on_the_calendar_given(small, tmp_path):
    import openpyxl

    # the panels forecast on Monday to Friday only: a team's holidays moved the pack's dates, not the notebook's
    from pmo_forecast import forecast_finish_dates
    from pmo_forecast.core.as_of import infer_as_of
    from pmo_forecast.scenarios.scenario import run_scenario

    sample, model = small
    tasks, projects, people, requests = sample
    start = infer_as_of(tasks)
    holidays = list(pd.bdate_range(start + pd.Timedelta(days=1), periods=15))  # three weeks off
    panel = widgets.overrun_panel(model, tasks, projects, people, random_state=3, n_trials=500, calendar=holidays)
    panel.run_button.click()
    finish = forecast_finish_dates(model, tasks, people, projects, n_trials=500, random_state=3,
                                   quantiles=(0.5, 0.8, 0.9), calendar=holidays).by_project()
    plain = forecast_finish_dates(model, tasks, people, projects, n_trials=500, random_state=3,
                                  quantiles=(0.5, 0.8, 0.9)).by_project()
    shown = panel.result["table"]["finish_p80"].dropna()
    assert (shown == finish.loc[shown.index, "p80"]).all()
    assert (shown > plain.loc[shown.index, "p80"]).all()  # every open project waits out the holidays
    what_if = widgets.scenario_panel(sample, model=model, n_trials=200, random_state=0, calendar=holidays)
    expected = run_scenario(widgets.staffing_scenario("what-if", start=start), sample, model=model, n_trials=200,
                            random_state=0, calendar=holidays)
    assert what_if.result.projects["finish_p80"].equals(expected.projects["finish_p80"])
    export = widgets.export_panel(tmp_path, tasks=tasks, projects=projects, people=people, requests=requests,
                                  model=model, calendar=holidays)
    export.controls["n_trials"].value = 1000
    export.run_button.click()
    sheet = openpyxl.load_workbook(export.result.path)["Assumptions"]
    rows = {r[0].value: r[1].value for r in sheet.iter_rows() if r[0].value}
    assert rows["finish dates: public holidays"] == "15 dates"


def test_the_scenario_panel_says_what_its_data_warns_once_not_again_on_every_run(small):
    # the far date was said twice as the panel was built (its own infer_as_of, then the run's), and what the
    # run's forecast says of the data again each time a control changed
    import dataclasses
    import warnings

    sample, model = small
    tasks = sample.tasks.copy()
    tasks.loc[tasks.index[tasks[S.STATUS] == S.DONE][0], S.FINISHED] = pd.Timestamp("2204-03-01")  # a typo year
    # an open task without an estimate: what the run's forecast says of the data (the typo year, which the slip
    # once read as a plan fifty years long, is now left out of the slip)
    tasks.loc[tasks.index[tasks[S.STATUS] == S.IN_PROGRESS][0], S.ESTIMATE] = float("nan")
    data = dataclasses.replace(sample, tasks=tasks)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        panel = widgets.scenario_panel(data, model=model, n_trials=200, random_state=0)
        panel.controls["extra_pms"].value = 1
        panel.controls["extra_pms"].value = 2
    assert panel.result.queue.servers == (sample.people[S.ROLE] == S.PM_ROLE).sum() + 2  # it ran each time
    said = [str(w.message) for w in caught]
    assert len(said) == 3 and said[0] == (
        "as-of date 2026-06-29 leaves out 1 date far beyond the rest of the data (up to 2204-03-01 in 'finished'; "
        "later than 2029-03-24, so probably a typo: the validation report lists its row). Pass as_of= to choose "
        "another date.")
    # the slip reads the typo year as blank: a done task whose finish is not known, left out of its later cuts
    assert said[1] == ("finish slip: 1 done task has no finish date (1 read as blank: a date far beyond or before "
                       "the rest of the data) and is left out of the backdated plans after its last date (created or "
                       "started): when it finished is not known")
    assert said[2] == ("1 open task has no positive estimate (PRJ-09-62); its project's median estimate is used. "
                       "Estimate it for a better forecast.")
