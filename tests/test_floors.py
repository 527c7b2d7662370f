"""The dependency floors in pyproject.toml are the versions the second test environment runs."""

import re
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_floors_are_the_tested_versions():
    deps = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    floors = dict(re.fullmatch(r"([\w-]+)>=([\d.]+).*", d).groups() for d in deps if ">=" in d)
    pins = dict(line.split("==") for line in (REPO / "constraints-floor.txt").read_text().splitlines()
                if line and not line.startswith("#"))
    assert pins and all(floors[name] == version for name, version in pins.items()), (floors, pins)
