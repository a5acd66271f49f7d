"""assen-eval: evaluate a municipality's international cooperation, figure by figure, traced to its source."""

from .errors import AssenEvalError, DataError, UsageError, ValidationError
from .portfolio import Portfolio, load

__all__ = ["AssenEvalError", "DataError", "Portfolio", "UsageError", "ValidationError", "load"]
