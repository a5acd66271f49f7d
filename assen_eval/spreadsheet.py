"""Cells a spreadsheet never runs: the one place that knows about formula injection.

Auditors open the CSV and Excel files this package writes in a spreadsheet. A cell whose text
starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return may be taken for a formula
(OWASP, "CSV Injection"): ``=HYPERLINK(...)`` in a project title would become a live link,
``=cmd|...`` a command. Every CSV and XLSX writer of the package goes through this module:

* :func:`neutralise` prefixes such text with a single quote ``'`` (OWASP's advice), so the
  spreadsheet shows it as text; a number in a numeric column (``-5``, ``0.25``) stays a number;
* :func:`csv_bytes` writes a whole CSV that way;
* the Excel template marks such cells as text with Excel's quote prefix
  (:func:`assen_eval.data.excel.safe_cell_text`, using :func:`is_formula_like`);
* the data files are not altered: the validator refuses text cells that start with a trigger
  (:func:`is_formula_like`), so an import never writes one into ``observations.csv``.

A base module: imports nothing of the package.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence

__all__ = [
    "FORMULA_TRIGGERS",
    "csv_bytes",
    "csv_line",
    "is_formula_like",
    "is_number",
    "neutralise",
]

#: First characters that make a spreadsheet read a cell as a formula (OWASP).
FORMULA_TRIGGERS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")

_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
_SPECIAL = (",", '"', "\n", "\r")


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet could take ``text`` for a formula (it starts with a trigger)."""
    return text.startswith(FORMULA_TRIGGERS)


def is_number(text: str) -> bool:
    """Whether ``text`` is a plain number as the package writes one (``-5``, ``0.25``)."""
    return _NUMBER.fullmatch(text) is not None


def neutralise(value: object, numeric: bool = False) -> str:
    """``value`` as the text of a safe cell: empty for None, a ``'`` before formula-like text.

    With ``numeric`` (a column of numbers) a plain number such as ``-5`` is kept as it is.
    """
    text = "" if value is None else str(value)
    if numeric and is_number(text):
        return text
    return "'" + text if is_formula_like(text) else text


def csv_bytes(
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    numeric: Collection[str] = (),
) -> bytes:
    """A UTF-8 CSV (``\\n`` line ends, minimal quoting) of ``rows`` under ``header``, every cell
    through :func:`neutralise`; the columns named in ``numeric`` keep their plain numbers.

    Quoting is the csv module's minimal quoting, except that a cell holding a carriage return
    is quoted too (the csv module leaves it bare with ``\\n`` line ends, which splits the row
    for any reader).
    """
    is_numeric = [name in numeric for name in header]
    lines = [csv_line([neutralise(name) for name in header])]
    for row in rows:
        cells = [neutralise(value, flag) for value, flag in zip(row, is_numeric, strict=True)]
        lines.append(csv_line(cells))
    return "".join(lines).encode("utf-8")


def csv_line(cells: Sequence[str], newline: str = "\n") -> str:
    """One CSV record of ``cells`` as they are (no neutralising: for the data files, whose
    formula-like text the validator refuses), quoted as :func:`csv_bytes` quotes."""
    return ",".join(_quoted(cell) for cell in cells) + newline


def _quoted(cell: str) -> str:
    if any(c in cell for c in _SPECIAL):
        return '"' + cell.replace('"', '""') + '"'
    return cell
