"""The notebooks: structure, thinness, parameters, and real kernel runs (nbval, papermill).

The two report notebooks and the researchers' ``explore.ipynb`` (markdown allowed: it is read in
JupyterLab, not exported; public API only, no logic). Kernel runs (marked ``slow``): nbval-lax on
all three with the default data, and the plain papermill CLI on the partnership notebook in
English, exported the way the build exports it.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import papermill
import pytest

import assen_eval
from assen_eval import report
from assen_eval.paths import (
    AUDIT_NOTEBOOK,
    NOTEBOOK_DIR,
    PARTNERSHIP_NOTEBOOK,
    PORTFOLIO_NOTEBOOK,
    REPO_DIR,
)
from assen_eval.report.texts import TEXTS

NOTEBOOKS = {
    "partnership": PARTNERSHIP_NOTEBOOK,
    "portfolio": PORTFOLIO_NOTEBOOK,
    "audit": AUDIT_NOTEBOOK,
}
EXPLORE = NOTEBOOK_DIR / "explore.ipynb"
COMMON = {"year": "int", "data_dir": "str", "lang": "str", "build_date": "str"}
PARAMETERS = {
    "partnership": {"partnership": "str", **COMMON},
    "portfolio": COMMON,
    "audit": {"period": "str", "data_dir": "str", "lang": "str", "build_date": "str"},
}
SECTIONS = {
    "partnership": [f.__name__ for f in report.PARTNERSHIP_SECTIONS] + ["sources"],
    "portfolio": [f.__name__ for f in report.PORTFOLIO_SECTIONS] + ["sources"],
    "audit": [f.__name__ for f in report.AUDIT_SECTIONS] + ["audit_sources"],
}
OPENERS = {"partnership": "partnership_context", "portfolio": "context", "audit": "audit_context"}
ALLOWED = (
    ast.Module,
    ast.Import,
    ast.ImportFrom,
    ast.alias,
    ast.Assign,
    ast.Expr,
    ast.Call,
    ast.Name,
    ast.Attribute,
    ast.Constant,
    ast.keyword,
    ast.Load,
    ast.Store,
)


def _read(kind: str) -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOKS[kind], as_version=4)


@pytest.mark.parametrize("kind", NOTEBOOKS)
def test_stored_clean(kind: str) -> None:
    raw = NOTEBOOKS[kind].read_text(encoding="utf-8")
    nb = nbformat.reads(raw, as_version=4)
    nbformat.validate(nb)
    assert (nb.nbformat, nb.nbformat_minor) == (4, 5)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    ids = [cell["id"] for cell in nb.cells]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"[a-z][a-z-]*", i) for i in ids), ids
    for cell in nb.cells:
        assert cell.cell_type == "code"  # a markdown cell would show in the report
        assert cell.outputs == [] and cell.execution_count is None
    assert "papermill" not in nb.metadata


@pytest.mark.parametrize("kind", NOTEBOOKS)
def test_one_typed_and_documented_parameters_cell(kind: str) -> None:
    nb = _read(kind)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1 and tagged[0]["id"] == "parameters"
    for line in tagged[0].source.splitlines():
        assert re.fullmatch(r'\w+: (int|str) = ("[^"=]*"|\d+)  # [^=]+', line), line
    inferred = papermill.inspect_notebook(str(NOTEBOOKS[kind]))
    assert {k: v["inferred_type_name"] for k, v in inferred.items()} == PARAMETERS[kind]
    assert all(v["help"] for v in inferred.values())
    if kind == "partnership":
        assert inferred["partnership"]["default"] == '""'  # the data set's first partnership


def test_parameter_names_are_the_ones_the_build_passes() -> None:
    machinery = ("plan.py", "run.py", "record.py", "executor.py")
    source = "".join(
        (REPO_DIR / "assen_eval" / "build" / name).read_text(encoding="utf-8") for name in machinery
    )
    for name in PARAMETERS["partnership"]:
        assert re.search(rf"""["']{name}["']\s*:""", source), name  # a key of the parameters
    audit_source = (REPO_DIR / "assen_eval" / "build" / "audit.py").read_text(encoding="utf-8")
    for name in PARAMETERS["audit"]:
        assert re.search(rf"""["']{name}["']\s*:""", source + audit_source), name


@pytest.mark.parametrize("kind", NOTEBOOKS)
def test_notebooks_are_thin(kind: str) -> None:
    calls: list[str] = []
    for cell in _read(kind).cells:
        if cell["id"] == "parameters":
            continue
        tree = ast.parse(cell.source)
        for node in ast.walk(tree):
            assert isinstance(node, ALLOWED), (cell["id"], ast.dump(node)[:80])
            if isinstance(node, ast.Assign):
                assert isinstance(node.value, ast.Call), cell["id"]
            if isinstance(node, ast.Expr):
                assert isinstance(node.value, ast.Call), cell["id"]
            if isinstance(node, ast.Call):
                assert isinstance(node.func, ast.Attribute), cell["id"]
                assert isinstance(node.func.value, ast.Name) and node.func.value.id == "report"
                assert node.func.attr in report.__all__
                calls.append(node.func.attr)
    assert calls == [OPENERS[kind], *SECTIONS[kind]]


def test_every_section_the_notebooks_show_is_a_cell_named_after_it() -> None:
    for kind in NOTEBOOKS:
        ids = [c["id"] for c in _read(kind).cells]
        assert ids == [
            "parameters",
            "imports",
            "load",
            *[s.replace("_", "-") for s in SECTIONS[kind]],
        ]


# -- the researchers' notebook -------------------------------------------------------------------

#: What explore.ipynb may import: the package and the libraries a researcher reads data with.
EXPLORE_IMPORTS = {"assen_eval", "frictionless", "pandas", "pathlib", "tempfile"}
#: Statements and expressions that would be logic living in the notebook.
LOGIC = (
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.Lambda,
    ast.ClassDef,
    ast.For,
    ast.While,
    ast.If,
    ast.With,
    ast.Try,
    ast.comprehension,
    ast.Global,
)


def test_explore_is_stored_clean() -> None:
    nb = nbformat.reads(EXPLORE.read_text(encoding="utf-8"), as_version=4)
    nbformat.validate(nb)
    assert (nb.nbformat, nb.nbformat_minor) == (4, 5)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    ids = [cell["id"] for cell in nb.cells]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"[a-z][a-z-]*", i) for i in ids), ids
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None
    assert "papermill" not in nb.metadata


def test_explore_uses_only_the_public_api_and_holds_no_logic() -> None:
    nb = nbformat.read(EXPLORE, as_version=4)
    api: set[str] = set()
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        tree = ast.parse(cell.source)
        for node in ast.walk(tree):
            assert not isinstance(node, LOGIC), (cell["id"], ast.dump(node)[:80])
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [node.module] if isinstance(node, ast.ImportFrom) else []
                names += [] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
                assert {n.split(".")[0] for n in names} <= EXPLORE_IMPORTS, cell["id"]
            is_api = isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
            if is_api and node.value.id == "assen_eval":
                assert node.attr in assen_eval.__all__, f"{cell['id']}: assen_eval.{node.attr}"
                api.add(node.attr)
    assert {"load", "efficiency", "effectiveness", "rollup", "export_datapackage"} <= api
    assert "export_iati" in api


# -- kernel runs --------------------------------------------------------------------------------


@pytest.mark.slow
def test_nbval_lax_on_the_notebooks_with_the_default_data() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--nbval-lax",
            "-p",
            "no:cacheprovider",
            "-q",
            str(PARTNERSHIP_NOTEBOOK),
            str(PORTFOLIO_NOTEBOOK),
            str(AUDIT_NOTEBOOK),
            str(EXPLORE),
        ],
        cwd=REPO_DIR,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "passed" in result.stdout


def _papermill_cli(cwd: Path, *args: str) -> None:
    """Run the environment's own ``papermill`` command, as a user would; it must succeed."""
    papermill_cli = Path(sys.executable).with_name("papermill")
    result = subprocess.run(
        [str(papermill_cli), *args, "--no-progress-bar"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]


@pytest.mark.slow
def test_papermill_cli_in_english_reads_like_an_english_report(tmp_path: Path) -> None:
    from assen_eval.build.export import html_bytes, normalise_notebook

    out = tmp_path / "poznan.ipynb"
    _papermill_cli(
        tmp_path,
        str(PARTNERSHIP_NOTEBOOK),
        str(out),
        *("-p", "partnership", "poznan", "-p", "lang", "en", "-p", "build_date", "2011-02-01"),
    )
    nb = nbformat.read(out, as_version=4)
    first = next(o for c in nb.cells for o in c.get("outputs", []) if "data" in o)
    assert "ae-titleblock" in first["data"]["text/html"]  # the title block comes first
    html = html_bytes(normalise_notebook(nb), "Poznan").decode("utf-8")
    assert "€3,600,000" in html and "€4,271,097" in html and "1 February 2011" in html
    dutch = [nl for key, (nl, en) in TEXTS.items() if key.startswith("section.") and nl != en]
    assert [h for h in dutch if h.split("{")[0] in html] == []
    for raw in ("Traceback", "NaN", "<NA>", "report.context", "from assen_eval"):
        assert raw not in html


@pytest.mark.slow
def test_plain_papermill_cli_runs_the_interpreter_the_package_is_installed_in(
    tmp_path: Path,
) -> None:
    """papermill #251/#408/#625/#761: the notebooks' ``python3`` kernel must be this venv's."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = _read("partnership").metadata["kernelspec"]
    nb.cells = [
        nbformat.v4.new_code_cell('probe: str = ""', metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("import sys, assen_eval\nprint(sys.prefix)"),
    ]
    nbformat.write(nb, tmp_path / "probe.ipynb")
    _papermill_cli(tmp_path, "probe.ipynb", "out.ipynb", "-p", "probe", "x")
    out = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    printed = "".join(o.get("text", "") for o in out.cells[-1].outputs).strip()
    assert printed == sys.prefix  # the venv (or conda env), not a Python found elsewhere
