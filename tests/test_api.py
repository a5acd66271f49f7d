"""The public API: what ``assen_eval`` exports is importable, documented and nothing more."""

from __future__ import annotations

import importlib
import pkgutil

import assen_eval


def test_all_names_exist_and_are_documented() -> None:
    for name in assen_eval.__all__:
        obj = getattr(assen_eval, name)
        assert obj.__doc__, f"{name} has no docstring"


def test_all_is_sorted_and_unique() -> None:
    assert list(assen_eval.__all__) == sorted(set(assen_eval.__all__))


def _public_modules() -> list[str]:
    return [
        info.name
        for info in pkgutil.walk_packages(assen_eval.__path__, "assen_eval.")
        if not any(part.startswith("_") for part in info.name.split("."))
    ]


def test_every_module_declares_all() -> None:
    names = _public_modules()
    assert {"assen_eval.data.schema", "assen_eval.build.run", "assen_eval.report.context"} <= set(
        names
    )
    for name in names:
        module = importlib.import_module(name)
        assert hasattr(module, "__all__"), f"{name} has no __all__"
        for attr in module.__all__:
            assert hasattr(module, attr), f"{name}.__all__ names missing {attr}"


def test_every_module_says_what_it_owns() -> None:
    for name in _public_modules():
        doc = importlib.import_module(name).__doc__
        assert doc and len(doc.strip()) > 40, f"{name} has no module docstring"


def test_the_stages_are_subpackages_with_their_import_rules() -> None:
    for stage in ("data", "evaluate", "report", "opendata", "build"):
        module = importlib.import_module(f"assen_eval.{stage}")
        assert "import" in (module.__doc__ or ""), f"assen_eval.{stage} says not what it imports"


def test_errors_subclass_builtins() -> None:
    assert issubclass(assen_eval.DataError, ValueError)
    assert issubclass(assen_eval.DataError, assen_eval.AssenEvalError)
    err = assen_eval.DataError(
        "must be >= 0", path="data/assen/funding.csv", row=7, column="subsidy_eur", value=-5
    )
    assert str(err) == "data/assen/funding.csv:7: column 'subsidy_eur': must be >= 0 (got -5)"
    assert (err.path, err.row, err.column, err.value) == (
        "data/assen/funding.csv",
        7,
        "subsidy_eur",
        -5,
    )


def test_import_is_light_and_the_api_loads_on_first_use() -> None:
    import subprocess
    import sys

    code = (
        "import sys, assen_eval\n"
        "assert 'pandas' not in sys.modules, 'import assen_eval imported pandas'\n"
        "assert set(assen_eval.__all__) <= set(dir(assen_eval))\n"
        "assert assen_eval.load.__module__ == 'assen_eval.data.portfolio'\n"
        "assert 'pandas' in sys.modules\n"
        "from assen_eval import check_rules\n"
        "assert check_rules is assen_eval.check_rules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_unknown_attribute_is_an_attribute_error() -> None:
    import pytest

    with pytest.raises(AttributeError, match="no attribute 'nonsense'"):
        assen_eval.nonsense  # noqa: B018
