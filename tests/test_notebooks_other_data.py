"""Every notebook runs unchanged on another export, given only a new ``DATA_DIR``.

A second, smaller organisation (``generate_sample(seed=7, n_projects=10)``) is
written as CSV to a temporary folder; each notebook's first code cell, which
sets ``DATA_DIR``, is pointed there and the notebook is executed with nbclient.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import nbformat
import pytest
from helpers import notebooks_module
from jupyter_client.manager import AsyncKernelManager

from pmo_forecast import generate_sample
from pmo_forecast.inputs.sample import SAMPLE_FILES

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((REPO / "notebooks").glob("[0-9][0-9]-*.ipynb"))
# kernels on Unix sockets, as nbval's: two started at once over TCP can draw the same port
notebooks_conftest = notebooks_module("conftest")
DATA_DIR_LINE = re.compile(r'^DATA_DIR = Path\("\.\./data/sample"\).*$', re.M)

pytestmark = pytest.mark.slow
CELL_TIMEOUT = 120


@pytest.fixture(scope="module")
def other_data(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("other-export")
    sample = generate_sample(seed=7, n_projects=10)
    for name, df in zip(SAMPLE_FILES, sample, strict=True):
        df.to_csv(out / SAMPLE_FILES[name], index=False, date_format="%Y-%m-%d %H:%M:%S")
    return out


def _text_outputs(nb) -> list[str]:
    out = []
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            out.append(str(o.get("data", {}).get("text/plain", "")) + str(o.get("text", "")))
    return out


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_on_another_export(path, other_data, tmp_path):
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    first = next(c for c in nb.cells if c.cell_type == "code")
    assert DATA_DIR_LINE.search(first.source), \
        f"{path.name}: the first code cell must set DATA_DIR = Path(\"../data/sample\")"
    first.source = DATA_DIR_LINE.sub(f"DATA_DIR = Path({str(other_data)!r})", first.source)
    committed = _text_outputs(nbformat.read(path, as_version=4))

    # the repository's layout around the notebook: the scenario files beside the data,
    # and what the notebook writes (../out) lands in tmp_path
    workdir = tmp_path / "notebooks"
    workdir.mkdir()
    shutil.copytree(REPO / "data" / "scenarios", tmp_path / "data" / "scenarios")
    # one BLAS thread: the 2-core CI machine runs several kernels at once
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    # Every cell takes under a minute on two loaded cores; one that runs past CELL_TIMEOUT
    # is a stalled kernel and fails here, with its place, rather than being retried.
    from nbclient.exceptions import CellTimeoutError

    km = notebooks_conftest.ipc_kernel_manager(AsyncKernelManager, kernel_name="python3")
    client = NotebookClient(nb, km=km, timeout=CELL_TIMEOUT, kernel_name="python3",
                            resources={"metadata": {"path": str(workdir)}})
    try:
        client.execute(env=env)
    except CellTimeoutError as exc:
        pytest.fail(f"{path.name}: a cell ran over {CELL_TIMEOUT} s on the other export (kernel "
                    f"stalled or the notebook got slow). {' '.join(str(exc).split())[:600]}", pytrace=False)

    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
    # the notebook really read the other export: its numbers differ from the committed ones
    assert _text_outputs(nb) != committed
