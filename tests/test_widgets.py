"""Control panels: setting ``.value`` on a control recomputes through the package."""

from __future__ import annotations

import ipywidgets as W
import pytest

from pmo_forecast import widgets


def test_panel_recomputes_on_every_change_and_marks_numbers():
    panel = widgets.Panel({"n": W.IntSlider(value=2, min=0, max=10)}, lambda n: n * 3,
                          readout=lambda r: widgets.readout_html({"x": ("X", str(r))}))
    assert panel.result == 6
    panel.controls["n"].value = 5
    assert panel.result == 15
    assert 'data-key="x">15<' in panel.readout.value


def test_panel_with_run_button_waits_for_the_button():
    panel = widgets.Panel({"n": W.IntSlider(value=2)}, lambda n: n + 1, live=False)
    panel.controls["n"].value = 7
    assert panel.result == 3  # not recomputed until Run
    panel.run_button.click()
    assert panel.result == 8


def test_readout_escapes_text():
    html = widgets.readout_html({"k": ("<b>", "=1+1 & <script>")})
    assert "<script>" not in html and "&lt;script&gt;" in html


@pytest.fixture(scope="module")
def pool_fit(sample):
    from pmo_forecast import fit_pool_queue

    return fit_pool_queue(sample.requests, sample.people)


def test_queue_panel_matches_pool_queue(pool_fit):
    from pmo_forecast import PoolQueue

    panel = widgets.queue_panel(pool_fit)
    c = panel.controls
    assert c["servers"].value == pool_fit.servers
    c["servers"].value = pool_fit.servers + 1
    c["availability"].value = 0.08
    c["growth"].value = 0.2
    q = pool_fit.queue
    expected = PoolQueue(q.servers + 1, q.arrival_rate * 1.2, q.service_hours, 0.08)
    assert panel.result.mean_wait == pytest.approx(expected.mean_wait)
    assert panel.result.wait_quantile(0.9) == pytest.approx(expected.wait_quantile(0.9))
    assert f"{expected.mean_wait / 8:.1f} working days" in panel.readout.value


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
    from pmo_forecast.accuracy import size_band

    panel = widgets.accuracy_panel(accuracy_model, sample.tasks)
    c = panel.controls
    c["by"].value = "assignee"
    c["size_band"].value = "16-40h"
    c["risk"].value = 0.9
    band = sample.tasks.loc[(size_band(sample.tasks["estimate_hours"]) == "16-40h").to_numpy()]
    expected = reference_class_uplift(band, by="assignee", risks=(0.9,), min_n=1)
    got = panel.result["uplift"].summary()
    assert got.index.name == "assignee"
    assert got["n"].loc["all"] == len(expected.ratios["all"])  # only the band's tasks
    assert got["uplift_p90"].to_dict() == pytest.approx(expected.summary()["uplift_p90"].to_dict())
    assert panel.result["bias"].equals(accuracy_model.summary("assignee"))
    assert f'data-key="uplift">{expected.uplift(0.9):+.0%}<' in panel.readout.value
