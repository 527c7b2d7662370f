"""Executed notebooks carry deterministic widget ids (``notebooks/widget_ids.py``, run by ``make notebooks``).

ipywidgets names each widget model by a random UUID; without renumbering, every
re-execution rewrote every notebook although no output changed.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from helpers import notebooks_module

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((REPO / "notebooks").glob("[0-9][0-9]-*.ipynb"))
widget_ids = notebooks_module("widget_ids")
VIEW, STATE = widget_ids.VIEW, widget_ids.STATE


def _notebook(box, label, layout) -> dict:
    """An output showing a box that holds a label, and a layout model no output reaches."""
    return {"cells": [{"cell_type": "code", "source": "box", "outputs": [
                {"output_type": "display_data", "data": {VIEW: {"model_id": box}, "text/plain": "HBox()"}}]}],
            "metadata": {"widgets": {STATE: {"state": {
                layout: {"model_name": "LayoutModel", "state": {"width": "1px"}},
                label: {"model_name": "LabelModel", "state": {"value": "P80"}},
                box: {"model_name": "HBoxModel", "state": {"children": [f"IPY_MODEL_{label}"]}}}}}}}


def test_ids_are_numbered_by_the_outputs_whatever_the_random_ones():
    runs = [widget_ids.normalise(_notebook(*(uuid.uuid4().hex for _ in range(3)))) for _ in range(2)]
    assert runs[0] == runs[1]
    one, two, three = (f"{k:032x}" for k in (1, 2, 3))
    state = runs[0]["metadata"]["widgets"][STATE]["state"]
    assert list(state) == [one, two, three]
    assert runs[0]["cells"][0]["outputs"][0]["data"][VIEW]["model_id"] == one  # the output's box first
    assert state[one]["state"]["children"] == [f"IPY_MODEL_{two}"]  # then the label it holds
    assert state[three]["state"] == {"width": "1px"}  # the unreached layout last


@pytest.mark.parametrize("rate", ["1.25step/s", "1.25s/step"])  # fast, and slow (tqdm flips the rate)
def test_when_and_where_it_ran_is_dropped(rate):
    bar = uuid.uuid4().hex
    nb = {"cells": [{"cell_type": "code", "source": "pack", "outputs": [
              {"output_type": "stream", "name": "stderr", "text": ["/tmp/ipykernel_14789/35.py:1: SmallSampleWarning\n"]},
              {"output_type": "display_data", "data": {VIEW: {"model_id": bar}}}]}],
          "metadata": {"widgets": {STATE: {"state": {bar: {"state": {
              "value": f"\u200710/10\u2007[00:08&lt;00:00,\u2007\u2007{rate},\u2007write]"}}}}}}}
    out = widget_ids.normalise(nb)
    assert out["cells"][0]["outputs"][0]["text"] == ["/tmp/ipykernel/35.py:1: SmallSampleWarning\n"]
    state = out["metadata"]["widgets"][STATE]["state"][f"{1:032x}"]["state"]
    assert state["value"] == "\u200710/10\u2007[time and rate not kept,\u2007write]"  # tqdm's figure spaces


def test_a_notebook_without_widgets_is_unchanged():
    nb = {"cells": [{"cell_type": "markdown", "source": "a hash 0123456789abcdef0123456789abcdef"}], "metadata": {}}
    assert widget_ids.normalise(nb) == nb


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_committed_notebooks_have_numbered_widget_ids(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert widget_ids.normalise(nb) == nb, f"{path.name}: widget ids not renumbered; run `make notebooks`"
