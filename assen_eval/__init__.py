"""assen-eval: evaluate international cooperation, figure by figure, traced to its source."""

from ._lazy import __all__, __dir__, __getattr__  # noqa: F401 (the API, imported on first use)
