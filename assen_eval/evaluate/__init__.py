"""Evaluate: pure functions from a Portfolio (and an as-of date) to tidy DataFrames.

Owns efficiency and allocation (:mod:`~assen_eval.evaluate.efficiency`,
:mod:`~assen_eval.evaluate.allocation`), effectiveness (:mod:`~assen_eval.evaluate.effectiveness`),
the SMART review (:mod:`~assen_eval.evaluate.smart`), policy rules
(:mod:`~assen_eval.evaluate.rules`), auditor ratings (:mod:`~assen_eval.evaluate.ratings`) and the
provenance helpers they share (:mod:`~assen_eval.evaluate.trace`). Every frame names its sources.

May import :mod:`assen_eval.data` and the base modules (errors, paths, fmt); never the report or
the build. Importing the package imports none of its modules.
"""

__all__: list[str] = []
