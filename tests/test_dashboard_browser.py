"""The staffing what-if notebook served by Voila, driven in real headless Chromium.

Uses Debian's ``chromium`` (``/usr/bin/chromium``) through Playwright's Python
package; no browser is ever downloaded. Skips with the reason when the browser,
Playwright or Voila is missing.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import notebooks_module

REPO = Path(__file__).resolve().parent.parent
# the kernel on Unix sockets, as nbval's: two started at once over TCP can draw the same port
notebooks_conftest = notebooks_module("conftest")
NOTEBOOK = REPO / "notebooks" / "05-staffing-what-if.ipynb"
VOILA_TEMPLATES = REPO / "notebooks" / "jupyter"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SERVER_TIMEOUT_S = 90
PAGE_TIMEOUT_MS = 180_000

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve_voila(notebook: Path, log_path: Path):
    """Run ``voila notebook`` on 127.0.0.1 at a free port; yield its URL."""
    port = _free_port()
    sockets = Path(notebooks_conftest.ipc_sockets())
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}  # the kernel draws inline
    # one BLAS/OpenMP thread: the other pytest worker runs kernels on the same two cores
    env.update(OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    # the template `make dashboard` serves: Voila's lab template without its CDN icon font
    env["JUPYTER_PATH"] = str(VOILA_TEMPLATES)
    cmd = [sys.executable, "-m", "voila", str(notebook), "--no-browser", f"--port={port}",
           "--template=offline", "--Voila.ip=127.0.0.1", "--KernelManager.transport=ipc",
           f"--KernelManager.ip={sockets}"]
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(cmd, cwd=notebook.parent, stdout=log, stderr=subprocess.STDOUT, env=env)
        url = f"http://127.0.0.1:{port}/"
        try:
            deadline = time.monotonic() + SERVER_TIMEOUT_S
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(f"voila exited with {proc.returncode}: {log_path.read_text()[-2000:]}")
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=2).close()
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise RuntimeError(f"voila did not start in {SERVER_TIMEOUT_S} s") from None
                    time.sleep(0.5)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
            # a kernel stopped with its server leaves its socket files behind
            for leftover in sockets.parent.glob(f"{sockets.name}-*"):
                leftover.unlink(missing_ok=True)


def browser_page(playwright, blocked: list[str]):
    """A page in the system's headless Chromium that never leaves the machine.

    Voila's own lab template links Font Awesome from a CDN. Offline, that stylesheet fails at
    once where the name does not resolve, but where the network drops packets instead it holds
    the page's scripts until the connection times out, minutes later (the CI failure of stop
    62). Every request off 127.0.0.1 is refused at once and its URL appended to ``blocked``.
    """
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
    page = browser.new_page(viewport={"width": 1280, "height": 1600})

    def off_machine(route):
        blocked.append(route.request.url)
        route.abort()

    page.route(re.compile(r"^(?!https?://127\.0\.0\.1[:/]).*"), off_machine)
    return browser, page


def readout(page) -> dict[str, str]:
    """The numbers the panel shows, by their ``data-key``."""
    return page.eval_on_selector_all(
        "td.pmo-value", "els => Object.fromEntries(els.map(e => [e.dataset.key, e.textContent]))")


def move_slider(page, label: str, steps: int):
    """Press the arrow key ``steps`` times on the slider whose description is ``label``."""
    slider = page.locator(".widget-slider", has=page.locator(".widget-label", has_text=label)).first
    handle = slider.locator(".noUi-handle").first
    handle.focus()
    for _ in range(abs(steps)):
        handle.press("ArrowRight" if steps > 0 else "ArrowLeft")


def wait_for_change(page, before: dict, key: str, timeout_s: float = 60):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        now = readout(page)
        if now.get(key) != before.get(key):
            time.sleep(0.5)  # let the rest of the readout land from the same update
            return readout(page)
        time.sleep(0.2)
    raise AssertionError(f"the readout's {key!r} did not change within {timeout_s} s: {before}")


@pytest.fixture(scope="module")
def sync_playwright():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: install Debian's chromium (apt-get install chromium) "
                    "to run the dashboard browser test")
    sp = pytest.importorskip("playwright.sync_api", reason="playwright's Python package is not installed")
    pytest.importorskip("voila", reason="voila is not installed")
    with sp.sync_playwright() as p:
        yield p


# the notebook's settings (notebooks/05-staffing-what-if.ipynb: N_TRIALS, SEED)
N_TRIALS, SEED = 2000, 0


def expected_readouts(*extra_pms: int) -> list[dict[str, str]]:
    """What the panel must show with each number of PMs hired, straight from the package."""
    from pmo_forecast import EstimationAccuracyModel, load_sample
    from pmo_forecast.reporting.widgets import scenario_readout, staffing_scenario
    from pmo_forecast.scenarios.scenario import infer_as_of, run_scenario

    data = load_sample()
    model = EstimationAccuracyModel(random_state=SEED).fit(data.tasks)
    out = []
    for n in extra_pms:
        scenario = staffing_scenario("what-if", extra_pms=n, start=infer_as_of(data.tasks))
        res = run_scenario(scenario, data, model=model, n_trials=N_TRIALS, random_state=SEED)
        out.append({k: v for k, (_, v) in scenario_readout(res).items()})
    return out


def drive_dashboard(playwright, notebook: Path, out_dir: Path) -> tuple[dict, dict, list[str]]:
    """Serve ``notebook``, wait for the panel, hire one PM with the slider.

    Returns the readouts before and after, and the URLs off the machine the page asked for.

    A step that times out fails with the step, the seconds it had run and the end of
    Voila's log (which shows whether the kernel was still executing), never retried.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    log_path = out_dir / "voila.log"
    blocked: list[str] = []
    with serve_voila(notebook, log_path) as url:
        browser, page = browser_page(playwright, blocked)
        start = time.monotonic()
        step = "loading the page"
        try:
            page.goto(url, timeout=PAGE_TIMEOUT_MS)
            step = "waiting for the readout"
            page.wait_for_selector('td.pmo-value[data-key="finish_p80"]', timeout=PAGE_TIMEOUT_MS)
            before = readout(page)
            step = "hiring one PM"
            move_slider(page, "PMs hired", 1)
            after = wait_for_change(page, before, "pms", timeout_s=120)
            page.screenshot(path=str(out_dir / "dashboard-one-more-pm.png"), full_page=True)
        except (PlaywrightTimeout, AssertionError) as exc:
            pytest.fail(f"the dashboard stopped while {step}, {time.monotonic() - start:.0f} s in: "
                        f"{str(exc).splitlines()[0]}\nrequests refused off the machine: {blocked}\n"
                        f"end of Voila's log:\n{log_path.read_text(errors='replace')[-3000:]}", pytrace=False)
        finally:
            browser.close()
    return before, after, blocked


def test_dashboard_hiring_a_pm_moves_wait_and_finish_dates(sync_playwright, tmp_path):
    if not NOTEBOOK.exists():
        pytest.skip(f"{NOTEBOOK.name} is not in the repository yet")
    before, after, blocked = drive_dashboard(sync_playwright, NOTEBOOK, tmp_path)
    assert (tmp_path / "dashboard-one-more-pm.png").stat().st_size > 10_000
    assert blocked == []  # the dashboard works offline: it asks nothing of another machine
    today, one_more = expected_readouts(0, 1)
    for key in ("pms", "wait_p50", "wait_p90", "finish_p80"):
        assert before[key] == today[key], (key, before, today)
        assert after[key] == one_more[key], (key, after, one_more)
    # and they moved the way the package says: more PMs, shorter P90 wait, finish no later
    assert int(after["pms"]) == int(before["pms"]) + 1
    assert after["wait_p90"] != before["wait_p90"]
    assert after["finish_p80"] <= before["finish_p80"]  # ISO dates sort as text
