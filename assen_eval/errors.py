"""Exceptions raised by assen_eval.

One base class, :class:`AssenEvalError`; every subclass also derives from the builtin that fits, so
callers can catch either. Errors carry their context as attributes (``path``, ``row``, ``column``,
``value``) and render it in one line: ``data/assen/funding.csv:7: column 'subsidy_eur' must be >= 0
(got -5)``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "AssenEvalError",
    "BuildError",
    "DataError",
    "ExcelError",
    "UsageError",
    "ValidationError",
]


def _printable(text: str) -> str:
    """``text`` with control characters escaped (``\\x1b``), so a message cannot drive the
    terminal it is printed on."""
    return text if text.isprintable() else repr(text)[1:-1]


class AssenEvalError(Exception):
    """Raised when assen_eval cannot do what was asked; the base of all its errors."""


class UsageError(AssenEvalError, ValueError):
    """Raised when a caller passes an argument that cannot be used (unknown id, bad year, ...)."""


class DataError(AssenEvalError, ValueError):
    """Raised when one cell, row or file of the data is wrong.

    ``row`` is the 1-based line number in the file (the header is line 1), or ``None`` when the
    problem concerns the whole file.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        row: int | None = None,
        column: str | None = None,
        value: Any = None,
    ) -> None:
        self.message = message
        self.path = str(path) if path is not None else None
        self.row = row
        self.column = column
        self.value = value
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = self.path or ""
        if self.row is not None:
            where = f"{where}:{self.row}"
        column = _printable(str(self.column)) if self.column else None
        text = f"column '{column}': {self.message}" if column else self.message
        if self.value is not None:
            text = f"{text} (got {self.value!r})"
        return f"{where}: {text}" if where else text


class ValidationError(DataError):
    """Raised when validation finds one or more problems; ``problems`` holds them all as a table.

    The table has the columns ``path``, ``row``, ``column``, ``value`` and ``message``, one row per
    problem, in file and row order.
    """

    def __init__(self, problems: pd.DataFrame) -> None:
        self.problems = problems
        n = len(problems)
        first = problems.iloc[0] if n else None
        super().__init__(
            f"{n} problem{'s' if n != 1 else ''} in the data",
            path=None if first is None else first["path"],
        )

    def __str__(self) -> str:
        return "\n".join(self.lines())

    def lines(self) -> list[str]:
        """One line per problem: ``path:row: column 'x': what is wrong (got 'value')``."""
        out = []
        for rec in self.problems.to_dict("records"):
            out.append(
                str(
                    DataError(
                        rec["message"],
                        path=rec["path"],
                        row=None
                        if rec["row"] is None or rec["row"] != rec["row"]
                        else int(rec["row"]),
                        column=rec["column"] or None,
                        value=rec["value"],
                    )
                )
            )
        return out


class ExcelError(DataError):
    """Raised when an observations workbook cannot be read or merged."""


class BuildError(AssenEvalError, RuntimeError):
    """Raised when one or more reports failed to build; ``failures`` lists them."""

    def __init__(self, message: str, failures: list[dict[str, Any]] | None = None) -> None:
        self.failures = failures or []
        super().__init__(message)
