"""Shared fixtures: the bundled sample, and the SiP dataset where ../shared is present."""

from pathlib import Path

import matplotlib
import pytest
from hypothesis import settings

matplotlib.use("Agg")
# the same generated examples on every run: a red CI is reproducible, never a lucky draw
settings.register_profile("seeded", derandomize=True, database=None)
settings.load_profile("seeded")

REPO = Path(__file__).resolve().parent.parent
SIP_DIR = REPO.parent / "shared" / "data" / "sip"


@pytest.fixture(scope="session")
def sample():
    """The bundled sample (``data/sample``) as a :class:`pmo_forecast.inputs.sample.Sample`."""
    from pmo_forecast import load_sample

    return load_sample()


@pytest.fixture(scope="session")
def generated():
    """The sample regenerated in memory, with ``outcomes`` (the answer key for open work)."""
    from pmo_forecast import generate_sample

    return generate_sample()


@pytest.fixture(scope="session")
def sip_tasks():
    """SiP tasks in the canonical table; skips when ../shared/data/sip is absent."""
    if not (SIP_DIR / "Sip-task-info.csv").exists():
        pytest.skip(f"SiP dataset not found at {SIP_DIR} (it lives in ../shared, outside the repo)")
    from pmo_forecast import load_tasks

    return load_tasks(SIP_DIR, format="sip")
