"""assen-eval: evaluate international cooperation, figure by figure, traced to its source."""

from .effectiveness import chain_completeness, effectiveness, rollup
from .efficiency import efficiency, unit_costs
from .errors import AssenEvalError, DataError, UsageError, ValidationError
from .portfolio import Portfolio, load
from .ratings import ratings
from .rules import check_rules
from .smart import smart_review, smart_summary

__all__ = [
    "AssenEvalError",
    "DataError",
    "Portfolio",
    "UsageError",
    "ValidationError",
    "chain_completeness",
    "check_rules",
    "effectiveness",
    "efficiency",
    "load",
    "ratings",
    "rollup",
    "smart_review",
    "smart_summary",
    "unit_costs",
]
