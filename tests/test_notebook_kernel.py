"""The kernel nbval checks the notebooks in (``make test``): Unix sockets, and a clock a year ahead.

``notebooks/conftest.py`` gives nbval's kernel manager the ``ipc`` transport (two kernels
started at once over TCP can be handed the same port, and one dies); the kernel spec in
``tests/jupyter`` moves the kernel's wall clock a year and a day ahead, so a committed output
that read the clock would differ. Both are checked here on a kernel started as nbval starts it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import nbval.kernel
from helpers import notebooks_module

REPO = Path(__file__).resolve().parent.parent


def test_nbval_kernel_talks_over_unix_sockets_and_its_clock_runs_a_year_ahead(monkeypatch):
    monkeypatch.setenv("JUPYTER_PATH", str(REPO / "tests" / "jupyter"))
    # undone after the test: the conftest below replaces nbval's kernel manager
    monkeypatch.setattr(nbval.kernel, "KernelManager", nbval.kernel.KernelManager)
    notebooks_module("conftest")

    kernel = nbval.kernel.RunningKernel("python3-a-year-later", cwd=str(REPO / "notebooks"))
    try:
        printed = []
        kernel.kc.execute_interactive(
            "import datetime; print(datetime.date.today().isoformat())", timeout=60,
            output_hook=lambda msg: printed.append(msg["content"].get("text", "")))
        transport = kernel.km.get_connection_info()["transport"]
    finally:
        kernel.stop()

    assert transport == "ipc"
    kernel_today = dt.date.fromisoformat("".join(printed).strip())
    assert kernel_today - dt.date.today() in (dt.timedelta(days=366), dt.timedelta(days=365))
