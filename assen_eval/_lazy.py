"""The package's public API, imported on first use.

``import assen_eval`` stays cheap (no pandas), so the command line starts fast: a warm
``assen-eval build`` with nothing to do never imports the evaluation modules. ``assen_eval.load``
and the others import their module the first time they are looked up.
"""

from __future__ import annotations

import importlib
from typing import Any

#: Public name -> the module of the package that defines it.
_EXPORTS: dict[str, str] = {
    "AssenEvalError": "errors",
    "DataError": "errors",
    "Portfolio": "data.portfolio",
    "UsageError": "errors",
    "ValidationError": "errors",
    "audit_trends": "evaluate.trends",
    "audit_verdicts": "evaluate.audit",
    "chain_completeness": "evaluate.effectiveness",
    "check_rules": "evaluate.rules",
    "effectiveness": "evaluate.effectiveness",
    "efficiency": "evaluate.efficiency",
    "export_datapackage": "opendata.export",
    "export_iati": "opendata.export",
    "load": "data.portfolio",
    "ratings": "evaluate.ratings",
    "rollup": "evaluate.effectiveness",
    "smart_review": "evaluate.smart",
    "smart_summary": "evaluate.smart",
    "unit_costs": "evaluate.efficiency",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    """``assen_eval.<name>``: import the defining module once, then it is a plain attribute."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'assen_eval' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"assen_eval.{module}"), name)
    globals_ = importlib.import_module("assen_eval").__dict__
    globals_[name] = value
    return value


def __dir__() -> list[str]:
    """The package's attributes, including the not yet imported API."""
    return sorted(set(importlib.import_module("assen_eval").__dict__) | set(__all__))
