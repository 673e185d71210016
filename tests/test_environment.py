"""pyproject.toml declares the dependencies once; environment.yml must list the same."""

from __future__ import annotations

import re
import tomllib

import yaml

from analysis.core import paths

REQUIRED = {
    "jupyterlab",
    "pandas",
    "matplotlib",
    "seaborn",
    "papermill",
    "nbconvert",
    "ipykernel",
    "pyarrow",
    "pandera",
    "statsmodels",
    "python-stdnum",
    "pyyaml",
}


def _split(spec: str) -> tuple[str, str]:
    match = re.fullmatch(r"\s*([A-Za-z0-9_.\-]+)\s*(.*?)\s*", spec)
    assert match, spec
    return match.group(1).lower(), match.group(2).replace(" ", "")


def _pyproject() -> dict[str, str]:
    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text())["project"]
    specs = project["dependencies"] + project["optional-dependencies"]["test"]
    return dict(_split(s) for s in specs)


def _conda() -> dict[str, str]:
    env = yaml.safe_load((paths.ROOT / "environment.yml").read_text())
    specs = [d for d in env["dependencies"] if isinstance(d, str)]
    deps = dict(_split(s) for s in specs)
    deps.pop("python"), deps.pop("pip")
    return deps


def test_every_dependency_has_a_lower_bound():
    deps = _pyproject()
    assert REQUIRED | {"pytest"} <= set(deps)
    for name, bound in deps.items():
        assert bound.startswith(">="), f"{name} needs a lower bound (>=)"


def test_environment_yml_lists_the_same_packages_and_bounds():
    assert _conda() == _pyproject()


def test_environment_yml_installs_the_package_and_python_311():
    env = yaml.safe_load((paths.ROOT / "environment.yml").read_text())
    assert "conda-forge" in env["channels"]
    assert "python=3.11" in env["dependencies"]
    pip = [d for d in env["dependencies"] if isinstance(d, dict)][0]["pip"]
    assert "-e ." in pip
