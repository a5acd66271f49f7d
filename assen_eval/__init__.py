"""assen-eval: evaluate a municipality's international cooperation, figure by figure, traced to its source."""

from .errors import AssenEvalError, DataError, UsageError, ValidationError

__all__ = ["AssenEvalError", "DataError", "UsageError", "ValidationError"]
