"""Data: the curated tables of one municipality, read, validated and held as a Portfolio.

Owns the layout contract and its limits (:mod:`~assen_eval.data.schema`), reading untrusted
files (:mod:`~assen_eval.data.reading`, :mod:`~assen_eval.data.meta` for ``dataset.yaml``), lazy
validation (:mod:`~assen_eval.data.validate`, :mod:`~assen_eval.data.problems`), the
:class:`~assen_eval.data.portfolio.Portfolio` and :func:`~assen_eval.data.portfolio.load`,
source citations (:mod:`~assen_eval.data.citations`), Dutch time phrases
(:mod:`~assen_eval.data.dutchtime`), atomic edits of data files (:mod:`~assen_eval.data.files`)
and the Excel observation round-trip (:mod:`~assen_eval.data.excel`,
:mod:`~assen_eval.data.workbook`).

The bottom layer: may import only the base modules (errors, paths, fmt). Importing the package
imports none of its modules (the command line stays fast).
"""

__all__: list[str] = []
