"""environment.yml (conda users) mirrors pyproject.toml (the source of truth) by dependency name."""

import re
import tomllib
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent


def name(spec: str) -> str:
    """Package name of a requirement such as ``pandas>=2.2`` or ``scikit-learn [extra]``."""
    return re.split(r"[\s<>=!~\[;]", spec.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = {name(d) for d in project["dependencies"] + project["optional-dependencies"]["dev"]}
    env = yaml.safe_load((REPO / "environment.yml").read_text(encoding="utf-8"))
    conda = {name(d) for d in env["dependencies"] if isinstance(d, str)} - {"python", "pip"}
    assert conda == wanted, (f"only in environment.yml: {sorted(conda - wanted)}; "
                             f"only in pyproject.toml: {sorted(wanted - conda)}")


def test_environment_installs_the_package_with_dev_extra():
    env = yaml.safe_load((REPO / "environment.yml").read_text(encoding="utf-8"))
    pip = [d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d]
    assert pip and any(re.fullmatch(r"-e\s+\"?\.\[dev\]\"?", p) for p in pip[0])
    assert "conda-forge" in env["channels"]
