"""The package's rooms: layered subpackages, no import cycle, no reaching for private names.

The layers themselves are import-linter contracts in ``pyproject.toml`` (``make test`` runs
``lint-imports``); these tests add what import-linter does not check: cycles between modules
inside one subpackage (function-local imports included), imports of another module's
``_private`` names, and function-local imports without a comment saying why they are lazy.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

PACKAGE = Path(__file__).parents[1] / "assen_eval"


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "_embedded" in path.parts:
            continue
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_no_import_cycle_between_modules() -> None:
    graph = grimp.build_graph("assen_eval")
    edges = {
        m: {x for x in graph.find_modules_directly_imported_by(m) if x.startswith("assen_eval")}
        for m in graph.modules
        if m.startswith("assen_eval")
    }
    assert _cycles(edges) == []
    assert _cycles({"a": {"b"}, "b": {"a"}}) == [["a", "b"]]  # the check itself can fail


def _imports(path: Path) -> list[tuple[ast.ImportFrom, bool]]:
    """Every ``from assen_eval... import`` of a file, and whether it is inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    local: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            local |= {id(n) for n in ast.walk(node) if isinstance(n, ast.ImportFrom)}
    return [
        (node, id(node) in local)
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("assen_eval")
    ]


def test_no_module_imports_another_modules_private_names() -> None:
    offenders = []
    for name, path in _modules().items():
        for node, _ in _imports(path):
            for alias in node.names:
                private = alias.name.startswith("_") and not alias.name.startswith("__")
                if private and node.module != name:
                    offenders.append(f"{name} imports {node.module}.{alias.name}")
    assert offenders == []


def test_function_local_imports_say_why_they_are_lazy() -> None:
    offenders = []
    for name, path in _modules().items():
        lines = path.read_text(encoding="utf-8").splitlines()
        for node, is_local in _imports(path):
            if not is_local:
                continue
            i = node.lineno - 2  # the line above, past the other imports of the same block
            while i > 0 and lines[i].strip().startswith(("from ", "import ")):
                i -= 1
            above = lines[i].strip()
            if not (above.startswith("#") and "azy" in above) and "TYPE_CHECKING" not in above:
                offenders.append(f"{name}:{node.lineno} {node.module}")
    assert offenders == []


@pytest.mark.parametrize("stage", ["data", "evaluate", "report", "opendata", "build"])
def test_each_stage_is_a_subpackage_that_says_what_it_may_import(stage: str) -> None:
    doc = (PACKAGE / stage / "__init__.py").read_text(encoding="utf-8")
    assert "import" in doc.split('"""')[1]


def test_the_import_contracts_hold() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(lint)], capture_output=True, text=True, cwd=PACKAGE.parent)
    assert done.returncode == 0, done.stdout[-2000:]
    assert ", 0 broken" in done.stdout
    config = (PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8")
    for stage in ("build", "evaluate", "data"):
        assert f'"assen_eval.{stage}",' in config
    assert '"assen_eval.report | assen_eval.opendata",' in config  # independent siblings
