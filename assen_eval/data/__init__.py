"""Data: the curated tables of one municipality, read, validated and held as a Portfolio.

Owns the layout contract (:mod:`~assen_eval.data.schema`), reading and lazy validation
(:mod:`~assen_eval.data.validate`), the :class:`~assen_eval.data.portfolio.Portfolio` and
:func:`~assen_eval.data.portfolio.load`, source citations (:mod:`~assen_eval.data.citations`),
Dutch time phrases (:mod:`~assen_eval.data.dutchtime`), atomic edits of data files
(:mod:`~assen_eval.data.files`) and the Excel observation round-trip
(:mod:`~assen_eval.data.excel`, :mod:`~assen_eval.data.workbook`).

The bottom layer: may import only the base modules (errors, paths, fmt). Importing the package
imports none of its modules (the command line stays fast).
"""

__all__: list[str] = []
