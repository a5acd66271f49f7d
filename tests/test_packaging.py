"""pip and conda users get the same dependencies: pyproject.toml and environment.yml agree."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).parents[1]


def _name(requirement: str) -> str:
    """The distribution name of a requirement, normalised: 'dask[distributed]>=1' -> 'dask'."""
    return re.split(r"[\s\[<>=!~;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_has_every_dependency_of_pyproject() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = {_name(r) for r in project["dependencies"]}
    wanted |= {_name(r) for r in project["optional-dependencies"]["test"]}
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda = {_name(d) for d in env["dependencies"] if isinstance(d, str)}
    conda.add("distributed")  # dask[distributed] is conda's dask + distributed
    [pip] = [d["pip"] for d in env["dependencies"] if isinstance(d, dict)]
    assert pip[0] == "-e ."  # the package itself, from this checkout
    from_pip = {_name(r) for r in pip[1:]}  # only what conda-forge does not have
    assert from_pip <= wanted and not from_pip & conda
    assert sorted(wanted - conda - from_pip) == []


def test_the_pdf_libraries_are_pinned_exactly() -> None:
    """The archival PDF's bytes depend on WeasyPrint and pydyf: both are pinned with ==."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = {_name(r): r for r in project["dependencies"]}
    for name in ("weasyprint", "pydyf"):
        assert re.fullmatch(rf"{name}==[0-9.]+", pins[name]), pins[name]
