"""The staffing what-if notebook served by Voila, driven in real headless Chromium.

Uses Debian's ``chromium`` (``/usr/bin/chromium``) through Playwright's Python
package; no browser is ever downloaded. Skips with the reason when the browser,
Playwright or Voila is missing.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
NOTEBOOK = REPO / "notebooks" / "05-staffing-what-if.ipynb"
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
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}  # the kernel draws inline
    cmd = [sys.executable, "-m", "voila", str(notebook), "--no-browser", f"--port={port}",
           "--Voila.ip=127.0.0.1", "--Voila.tornado_settings={'disable_check_xsrf': True}"]
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


def browser_page(playwright):
    """A page in the system's headless Chromium."""
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
    return browser, browser.new_page(viewport={"width": 1280, "height": 1600})


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
