"""Traceability helpers shared by the evaluation modules: source columns and number wording."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from assen_eval.fmt import date, money, number

__all__ = ["Labels", "fmt_day", "fmt_eur", "fmt_number", "join_ids", "join_sources"]


def _flatten(values: Iterable[Any]) -> Iterable[str]:
    for value in values:
        if value is None or value is pd.NA:
            continue
        if isinstance(value, float) and value != value:
            continue
        if isinstance(value, str):
            if value.strip():
                yield value.strip()
        elif isinstance(value, Iterable):
            yield from _flatten(value)
        else:
            yield str(value)


def join_sources(*values: Any) -> str:
    """The sorted, unique, ``;``-joined sources in ``values`` (strings, Series, sets; NA skipped).

    Each string is one source cell and is kept whole: a cell may itself hold a ``;``
    (``nota 2009, par. 3.1.3; hfdst. 6``), so an already joined string must not be passed back
    in (collect the raw cells instead).

    >>> join_sources(["nota 2009, hfdst. 6", "nota 2009, par. 3.1"], "nota 2009, hfdst. 6")
    'nota 2009, hfdst. 6;nota 2009, par. 3.1'
    """
    return ";".join(sorted(set(_flatten(values))))


def join_ids(*values: Any) -> str:
    """Like :func:`join_sources`, for row ids (evidence columns)."""
    return join_sources(*values)


def fmt_number(value: Any, lang: str = "nl") -> str:
    """A number as people write it in a sentence: ``3.000``, ``0,5`` (nl) / ``3,000``, ``0.5``
    (en); at most two decimals; ``onbekend``/``unknown`` when missing."""

    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return "onbekend" if lang == "nl" else "unknown"
    as_float = float(value)
    if as_float.is_integer():
        return number(int(as_float), lang)
    return number(as_float, lang, digits=2).rstrip("0").rstrip(",.")


def fmt_day(value: Any, lang: str = "nl") -> str:
    """A date written out in a sentence: ``31 december 2010`` / ``31 December 2010``."""

    return date(value, lang)


def fmt_eur(amount: Any, lang: str = "nl") -> str:
    """Whole euros in a sentence: ``€ 3.600.000`` / ``€3,600,000``."""

    return money(amount, lang)


class Labels:
    """Code labels of a portfolio looked up from a dict (``Portfolio.label`` filters a frame)."""

    def __init__(self, portfolio: Any) -> None:
        codes = portfolio.tables["codes"]
        self._labels = {
            (str(r["code_list"]), str(r["code"])): (r["label_nl"], r["label_en"])
            for r in codes.to_dict("records")
        }

    def __call__(self, code_list: str, code: Any, lang: str = "nl") -> str:
        """The label of ``code`` in ``lang``; the code itself when there is none."""
        pair = self._labels.get((code_list, str(code)))
        if pair is None:
            return str(code)
        label = pair[0] if lang == "nl" else pair[1]
        return str(code) if label is None or label is pd.NA else str(label)
